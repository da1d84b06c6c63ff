/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by trygg-store.c (models, undo) and trygg-store-edit.c (the edit
 * operations). An edit runs in one transaction: touch every object it will
 * change (that records the state before), change the database, commit
 * (that records the state after, pushes the undo entry and brings the
 * models up to date). */

#include "trygg-database-private.h"
#include "trygg-models-private.h"
#include "trygg-store.h"

G_BEGIN_DECLS

typedef enum
{
  TRYGG_OBJECT_FINDING,
  TRYGG_OBJECT_ACTOR,
  TRYGG_OBJECT_WALK,
  TRYGG_OBJECT_CATEGORY,
} TryggObjectKind;

typedef struct _TryggEdit TryggEdit;

/* Takes @label (translated). */
TryggEdit *trygg_store_begin_edit  (TryggStore       *self,
                                    char             *label,
                                    GError          **error);
gboolean   trygg_edit_touch        (TryggEdit        *edit,
                                    TryggObjectKind   kind,
                                    const char       *id,
                                    GError          **error);
gboolean   trygg_store_commit_edit (TryggStore       *self,
                                    TryggEdit        *edit,
                                    GError          **error);
void       trygg_store_abort_edit  (TryggStore       *self,
                                    TryggEdit        *edit);

/* Appends to a finding's history, inside an edit. */
gboolean   trygg_store_add_event   (TryggStore       *self,
                                    const char       *finding_id,
                                    const char       *kind,
                                    const char       *old_value,
                                    const char       *new_value,
                                    GError          **error);

/* Keeps the image data of a photo (or, with NULL, of all the finding's
 * photos) that the edit is about to delete, so undo can restore it. */
gboolean   trygg_store_keep_photo_data (TryggStore  *self,
                                        const char  *finding_id,
                                        const char  *photo_id,
                                        GError     **error);

/* Runs one statement with text parameters (NULL binds NULL), inside an
 * edit. */
gboolean   trygg_store_run         (TryggStore       *self,
                                    GError          **error,
                                    const char       *sql,
                                    guint             n_params,
                                    ...);

/* For tests: the day (YYYY-MM-DD) the store takes as today, or NULL for
 * the clock's. Overdue flags are worked out again as when the day turns
 * at midnight. */
void       trygg_store_set_today   (TryggStore       *self,
                                    const char       *today);

/* Duplicates (trygg-store-duplicates.c) */
gboolean   trygg_duplicates_has_open_neighbour (TryggDatabase *database,
                                                TryggFinding  *finding);
/* Refreshes the flag of every finding within 15 m of (lat, lon). */
void       trygg_duplicates_update_near        (TryggDatabase *database,
                                                GHashTable    *finding_by_id,
                                                double         lat,
                                                double         lon);
/* All at once, for a load: each finding as it is made, then the flags of
 * all (which frees @scan), set with notification when @notify; without,
 * only on findings no one can hold yet. The findings must stay alive and
 * unchanged in between. */
typedef struct _TryggDuplicateScan TryggDuplicateScan;
TryggDuplicateScan *trygg_duplicate_scan_new    (void);
void                trygg_duplicate_scan_add    (TryggDuplicateScan *scan,
                                                 TryggFinding       *finding);
void                trygg_duplicate_scan_finish (TryggDuplicateScan *scan,
                                                 gboolean            notify);
void                trygg_duplicate_scan_free   (TryggDuplicateScan *scan);

static inline gboolean
trygg_store_invalid (GError     **error,
                     const char  *message)
{
  g_set_error_literal (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID, message);
  return FALSE;
}

/* Commits @edit when @ok, else rolls it back. */
static inline gboolean
trygg_store_finish_edit (TryggStore  *self,
                         TryggEdit   *edit,
                         gboolean     ok,
                         GError     **error)
{
  if (!ok)
    {
      trygg_store_abort_edit (self, edit);
      return FALSE;
    }
  return trygg_store_commit_edit (self, edit, error);
}

G_END_DECLS
