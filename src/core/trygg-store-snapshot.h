/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "trygg-store-private.h"

G_BEGIN_DECLS

/* A database row as SQLite values: how snapshots keep rows without a
 * struct per table. */
typedef GPtrArray TryggRow;

typedef struct
{
  TryggObjectKind  kind;
  char            *id;
  TryggRow             *main;     /* NULL: the object does not exist */
  GPtrArray       *actions;  /* of TryggRow; findings only */
  GPtrArray       *photos;   /* of TryggRow, without the image data */
  GPtrArray       *events;   /* of TryggRow */
} TryggSnapshot;

typedef struct
{
  TryggSnapshot *before;
  TryggSnapshot *after;
} TryggChange;

typedef struct
{
  char      *label;
  GPtrArray *changes;  /* of TryggChange, in the order touched */
} TryggUndoEntry;

/* The rows of a finding's measures, history and photos. */
#define SELECT_ACTIONS "SELECT id, finding_id, position, text, actor_id, due, done, done_at, comment" \
  " FROM action WHERE finding_id = ?1 ORDER BY position, rowid"
#define INSERT_ACTION "INSERT INTO action (id, finding_id, position, text, actor_id, due, done," \
  " done_at, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
#define SELECT_EVENTS "SELECT id, finding_id, at, kind, old_value, new_value" \
  " FROM event WHERE finding_id = ?1 ORDER BY id"
#define INSERT_EVENT "INSERT INTO event (id, finding_id, at, kind, old_value, new_value)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
#define SELECT_PHOTOS "SELECT id, finding_id, position, kind, mime_type, added_at" \
  " FROM photo WHERE finding_id = ?1 ORDER BY position, rowid"

TryggSnapshot *trygg_snapshot_take   (TryggDatabase    *db,
                                 TryggObjectKind   kind,
                                 const char       *id,
                                 GError          **error);
/* Makes the database hold exactly what @snapshot recorded. Image data of
 * photos leaving the database goes into @graveyard (photo id → GBytes);
 * photos coming back are taken from it. */
gboolean  trygg_snapshot_apply  (TryggDatabase    *database,
                                 GHashTable       *graveyard,
                                 TryggSnapshot         *snapshot,
                                 GError          **error);
void      trygg_snapshot_free   (TryggSnapshot         *snapshot);
void      trygg_change_free     (TryggChange           *change);
void      trygg_undo_entry_free (TryggUndoEntry        *entry);
double    trygg_row_double      (TryggRow              *row,
                                 guint             column);

G_END_DECLS
