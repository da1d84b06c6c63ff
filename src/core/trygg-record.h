/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "trygg-types.h"

G_BEGIN_DECLS

/* Plain data for one finding as it crosses a file boundary: what the
 * importers produce and the exporters consume. No GObject, no SQLite, so it
 * can be built and read in a worker thread. Strings are UTF-8 and owned. */

typedef struct
{
  char     *text;
  char     *actor;      /* responsible actor's name, or NULL */
  char     *due;        /* YYYY-MM-DD, or NULL */
  gboolean  done;
  char     *done_at;    /* ISO 8601 UTC, or NULL */
  char     *comment;    /* or NULL */
} TryggRecordAction;

typedef struct
{
  char          *id;            /* UUID, or NULL when the file had none */
  gint64         number;        /* number on the map; 0 when unknown */
  char          *title;
  char          *description;
  char          *category;      /* key, English or Swedish name; NULL = none */
  TryggStatus    status;
  gboolean       has_status;
  TryggPriority  priority;
  gboolean       has_priority;
  char          *actor;         /* responsible actor's name, or NULL */
  char          *walk;          /* walk name, or NULL */
  char          *walk_date;     /* YYYY-MM-DD, or NULL */
  double         latitude;
  double         longitude;
  char          *observed_at;   /* ISO 8601 UTC, or NULL */
  char          *updated_at;    /* ISO 8601 UTC, or NULL */
  GPtrArray     *actions;       /* of TryggRecordAction */
  gboolean       has_actions;   /* the file carries a checklist (even an empty
                                 * one); FALSE keeps the stored measures */
  guint          photos;        /* export only: how many photos */
  guint          actions_done;  /* export only */
  guint          source_index;  /* feature index or line, for messages */
} TryggRecord;

/* One walked route, as read from GPX. */
typedef struct
{
  double latitude;
  double longitude;
} TryggRoutePoint;

typedef struct
{
  char   *name;      /* or NULL */
  GArray *points;    /* of TryggRoutePoint */
} TryggRoute;

TryggRecordAction *trygg_record_action_new  (void);
void               trygg_record_action_free (TryggRecordAction *action);

TryggRecord       *trygg_record_new         (void);
void               trygg_record_free        (TryggRecord       *record);

TryggRoute        *trygg_route_new          (void);
void               trygg_route_free         (TryggRoute        *route);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggRecordAction, trygg_record_action_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggRecord, trygg_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggRoute, trygg_route_free)

G_END_DECLS
