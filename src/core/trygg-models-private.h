/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For src/core only: constructors and setters of the model objects. The
 * store calls them after the database has accepted a change; each setter
 * notifies only when the value really changes. */

#include "trygg-action-item.h"
#include "trygg-actor.h"
#include "trygg-category.h"
#include "trygg-event.h"
#include "trygg-finding.h"
#include "trygg-photo.h"
#include "trygg-walk.h"
#include "trygg-finding-query.h"

G_BEGIN_DECLS

/* Open to src/core so that the filter, run over 100,000 findings per
 * keystroke, reads fields without a type check per call. */
struct _TryggFinding
{
  GObject parent_instance;

  char *id;
  const char *walk_id;        /* interned: few distinct values, compared by pointer */
  int number;
  char *title;
  char *description;
  const char *category_key;   /* interned */
  TryggStatus status;
  TryggPriority priority;
  const char *actor_id;       /* interned */
  double latitude;
  double longitude;
  char *observed_at;
  char *updated_at;
  char *wont_fix_reason;
  int actions_done;
  int actions_total;
  gboolean overdue;
  gboolean possible_duplicate;
  int photo_count;
  char *search_key;           /* NULL until trygg_finding_get_search_key() */
  guint search_key_len;       /* so the filter can use memmem() */
  gint64 rid;                 /* the database's R*Tree key; orders the model */
  guint generation;           /* counts notified changes: what has not
                               * changed since a view copied it is copied
                               * again from the view, not from here */

  /* One allocation for the six strings a load fills in (the string
   * fields above, but the search key, point into it) rather than one
   * each: 100,000 findings are loaded at once. A setter frees a field's old value only when it lies
   * outside this block. */
  char *block;
  gsize block_len;
};

/* trygg_finding_query_matches() on values copied out of a finding (ids
 * interned, the search key as trygg_finding_get_search_key() has it). */
gboolean trygg_finding_query_matches_fields (const TryggFindingQuery *query,
                                             const char              *walk_id,
                                             const char              *category_key,
                                             const char              *actor_id,
                                             TryggStatus              status,
                                             TryggPriority            priority,
                                             gboolean                 overdue,
                                             const char              *search_key,
                                             gsize                    search_key_len);

/* TRUE when whatever @narrower matches, @wider matches too. */
gboolean trygg_finding_query_narrows (const TryggFindingQuery *wider,
                                      const TryggFindingQuery *narrower);

/* Folds @text (owned) in place when it can, else returns a new string
 * and frees @text. */
char *trygg_fold_text_in_place (char *text);

/* Folds the @len bytes of @text in place when they are ASCII or Latin-1;
 * FALSE when they need trygg_fold_text_full() (which @text, partly folded
 * by then, still gives the right result from). */
gboolean trygg_fold_text_simple (char  *text,
                                 gsize  len);
char    *trygg_fold_text_full   (const char *text);

static inline gboolean
trygg_set_string (char       **field,
                  const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

TryggActionItem *trygg_action_item_new (void);
void trygg_action_item_set_id (TryggActionItem *self,
                               const char *value);
void trygg_action_item_set_finding_id (TryggActionItem *self,
                                       const char *value);
void trygg_action_item_set_position (TryggActionItem *self,
                                     int value);
void trygg_action_item_set_text (TryggActionItem *self,
                                 const char *value);
void trygg_action_item_set_actor_id (TryggActionItem *self,
                                     const char *value);
void trygg_action_item_set_due (TryggActionItem *self,
                                const char *value);
void trygg_action_item_set_done (TryggActionItem *self,
                                 gboolean value);
void trygg_action_item_set_done_at (TryggActionItem *self,
                                    const char *value);
void trygg_action_item_set_comment (TryggActionItem *self,
                                    const char *value);

TryggActor *trygg_actor_new (void);
void trygg_actor_set_id (TryggActor *self,
                         const char *value);
void trygg_actor_set_name (TryggActor *self,
                           const char *value);
void trygg_actor_set_colour (TryggActor *self,
                             const char *value);
void trygg_actor_set_contact (TryggActor *self,
                              const char *value);

TryggCategory *trygg_category_new (void);
void trygg_category_set_key (TryggCategory *self,
                             const char *value);
void trygg_category_set_name (TryggCategory *self,
                              const char *value);
void trygg_category_set_builtin (TryggCategory *self,
                                 gboolean value);

TryggEvent *trygg_event_new (void);
void trygg_event_set_timestamp (TryggEvent *self,
                                const char *value);
void trygg_event_set_kind (TryggEvent *self,
                           const char *value);
void trygg_event_set_summary (TryggEvent *self,
                              const char *value);

TryggFinding *trygg_finding_new (void);
void trygg_finding_set_id (TryggFinding *self,
                           const char *value);
void trygg_finding_set_walk_id (TryggFinding *self,
                                const char *value);
void trygg_finding_set_number (TryggFinding *self,
                               int value);
void trygg_finding_set_title (TryggFinding *self,
                              const char *value);
void trygg_finding_set_description (TryggFinding *self,
                                    const char *value);
void trygg_finding_set_category_key (TryggFinding *self,
                                     const char *value);
void trygg_finding_set_status (TryggFinding *self,
                               TryggStatus value);
void trygg_finding_set_priority (TryggFinding *self,
                                 TryggPriority value);
void trygg_finding_set_actor_id (TryggFinding *self,
                                 const char *value);
void trygg_finding_set_latitude (TryggFinding *self,
                                 double value);
void trygg_finding_set_longitude (TryggFinding *self,
                                  double value);
void trygg_finding_set_observed_at (TryggFinding *self,
                                    const char *value);
void trygg_finding_set_updated_at (TryggFinding *self,
                                   const char *value);
void trygg_finding_set_wont_fix_reason (TryggFinding *self,
                                        const char *value);
void trygg_finding_set_actions_done (TryggFinding *self,
                                     int value);
void trygg_finding_set_actions_total (TryggFinding *self,
                                      int value);
void trygg_finding_set_overdue (TryggFinding *self,
                                gboolean value);
void trygg_finding_set_possible_duplicate (TryggFinding *self,
                                           gboolean value);
void trygg_finding_set_photo_count (TryggFinding *self,
                                    int value);

TryggPhoto *trygg_photo_new (void);
void trygg_photo_set_id (TryggPhoto *self,
                         const char *value);
void trygg_photo_set_finding_id (TryggPhoto *self,
                                 const char *value);
void trygg_photo_set_kind (TryggPhoto *self,
                           TryggPhotoKind value);
void trygg_photo_set_mime_type (TryggPhoto *self,
                                const char *value);
void trygg_photo_set_bytes (TryggPhoto *self,
                            GBytes *value);

TryggWalk *trygg_walk_new (void);
void trygg_walk_set_id (TryggWalk *self,
                        const char *value);
void trygg_walk_set_name (TryggWalk *self,
                          const char *value);
void trygg_walk_set_date (TryggWalk *self,
                          const char *value);
void trygg_walk_set_time_of_day (TryggWalk *self,
                                 TryggTimeOfDay value);
void trygg_walk_set_area (TryggWalk *self,
                          const char *value);
void trygg_walk_set_participants (TryggWalk *self,
                                  const char *value);
void trygg_walk_set_route_name (TryggWalk *self,
                                const char *value);

/* The finding's folded "number title description", what the text filter
 * searches, and its length: made when first asked for (not by the load),
 * forgotten by the number, title and description setters. */
const char   *trygg_finding_get_search_key (TryggFinding *self,
                                           guint        *out_len);

/* Fills a new finding from a database row without notifications: the
 * store's load path for 100,000 findings. @walk_id, @category_key and
 * @actor_id must be interned (g_intern_string()). */
void          trygg_finding_load          (TryggFinding *self,
                                           const char   *id,
                                           const char   *walk_id,
                                           int           number,
                                           const char   *title,
                                           const char   *description,
                                           const char   *category_key,
                                           TryggStatus   status,
                                           TryggPriority priority,
                                           const char   *actor_id,
                                           double        latitude,
                                           double        longitude,
                                           const char   *observed_at,
                                           const char   *updated_at,
                                           const char   *wont_fix_reason);
void          trygg_finding_load_counts   (TryggFinding *self,
                                           int           actions_done,
                                           int           actions_total,
                                           gboolean      overdue,
                                           int           photo_count);
gint64        trygg_finding_get_rid       (TryggFinding *self);
void          trygg_finding_set_rid       (TryggFinding *self,
                                           gint64        rid);

G_END_DECLS
