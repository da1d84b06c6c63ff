/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "trygg-action-item.h"
#include "trygg-actor.h"
#include "trygg-category.h"
#include "trygg-database.h"
#include "trygg-event.h"
#include "trygg-finding.h"
#include "trygg-finding-query.h"
#include "trygg-photo.h"
#include "trygg-record.h"
#include "trygg-walk.h"

G_BEGIN_DECLS

/* The store hands the UI live GListModels over one database. Every edit is
 * written at once (there is no save step), is recorded in the finding's
 * history where that matters to users, and can be undone and redone.
 * Models emit items-changed with exact positions; objects that stay are
 * updated in place and notify only what changed. */

#define TRYGG_TYPE_STORE (trygg_store_get_type ())

G_DECLARE_FINAL_TYPE (TryggStore, trygg_store, TRYGG, STORE, GObject)

TryggStore     *trygg_store_new                 (const char       *path,
                                                 GError          **error);
TryggDatabase  *trygg_store_get_database        (TryggStore       *self);
/* Re-reads everything after another connection (an import in a worker
 * thread) changed the file. Forgets the undo history. */
gboolean        trygg_store_reload              (TryggStore       *self,
                                                 GError          **error);

/* Models (transfer none; they live as long as the store). Findings are in
 * the order they were created; walks by date; actors by name; categories
 * built-ins first. */
GListModel     *trygg_store_get_findings        (TryggStore       *self);
GListModel     *trygg_store_get_walks           (TryggStore       *self);
GListModel     *trygg_store_get_actors          (TryggStore       *self);
GListModel     *trygg_store_get_categories      (TryggStore       *self);

/* Per-finding models (transfer full), kept current while referenced. */
GListModel     *trygg_store_get_measures        (TryggStore       *self,
                                                 TryggFinding     *finding);
GListModel     *trygg_store_get_photos          (TryggStore       *self,
                                                 TryggFinding     *finding);
GListModel     *trygg_store_get_history         (TryggStore       *self,
                                                 TryggFinding     *finding);

/* The measures left undone past their due date on @today (YYYY-MM-DD):
 * the longest overdue first, then in the order they were added, at most
 * @limit of them, each the object in its finding's measures model; and in
 * @n_overdue how many there are in all. (transfer full: an array of
 * TryggActionItem) */
GPtrArray      *trygg_store_get_overdue_measures (TryggStore      *self,
                                                  const char      *today,
                                                  guint            limit,
                                                  guint           *n_overdue);

/* Lookups (transfer none, or NULL). */
TryggFinding   *trygg_store_lookup_finding      (TryggStore       *self,
                                                 const char       *id);
TryggWalk      *trygg_store_lookup_walk         (TryggStore       *self,
                                                 const char       *id);
TryggActor     *trygg_store_lookup_actor        (TryggStore       *self,
                                                 const char       *id);
TryggCategory  *trygg_store_lookup_category     (TryggStore       *self,
                                                 const char       *key);

/* The walked route (from GPX) of @walk; empty when none (transfer full). */
TryggRoute     *trygg_store_get_walk_route      (TryggStore       *self,
                                                 TryggWalk        *walk);

/* Undo */
gboolean        trygg_store_get_can_undo        (TryggStore       *self);
gboolean        trygg_store_get_can_redo        (TryggStore       *self);
/* Translated, e.g. "Delete finding 7"; NULL when there is nothing. */
const char     *trygg_store_get_undo_label      (TryggStore       *self);
const char     *trygg_store_get_redo_label      (TryggStore       *self);
gboolean        trygg_store_undo                (TryggStore       *self,
                                                 GError          **error);
gboolean        trygg_store_redo                (TryggStore       *self,
                                                 GError          **error);

/* Findings. Returned objects are owned by the findings model. */
TryggFinding   *trygg_store_create_finding      (TryggStore       *self,
                                                 const char       *walk_id,
                                                 double            latitude,
                                                 double            longitude,
                                                 GError          **error);
gboolean        trygg_store_delete_finding      (TryggStore       *self,
                                                 TryggFinding     *finding,
                                                 GError          **error);
gboolean        trygg_store_set_title           (TryggStore       *self,
                                                 TryggFinding     *finding,
                                                 const char       *title,
                                                 GError          **error);
gboolean        trygg_store_set_description     (TryggStore       *self,
                                                 TryggFinding     *finding,
                                                 const char       *description,
                                                 GError          **error);
/* NULL for no category. */
gboolean        trygg_store_set_category        (TryggStore       *self,
                                                 TryggFinding     *finding,
                                                 const char       *category_key,
                                                 GError          **error);
gboolean        trygg_store_set_priority        (TryggStore       *self,
                                                 TryggFinding     *finding,
                                                 TryggPriority     priority,
                                                 GError          **error);
/* TRYGG_STATUS_WONT_FIX needs a non-empty @reason (else
 * TRYGG_DATABASE_ERROR_INVALID); other statuses ignore it. */
gboolean        trygg_store_set_status          (TryggStore       *self,
                                                 TryggFinding     *finding,
                                                 TryggStatus       status,
                                                 const char       *reason,
                                                 GError          **error);
/* NULL unassigns. Assigning a new finding makes it assigned. */
gboolean        trygg_store_set_actor           (TryggStore       *self,
                                                 TryggFinding     *finding,
                                                 const char       *actor_id,
                                                 GError          **error);
gboolean        trygg_store_set_location        (TryggStore       *self,
                                                 TryggFinding     *finding,
                                                 double            latitude,
                                                 double            longitude,
                                                 GError          **error);
/* The finding keeps its number unless the walk has it already. */
gboolean        trygg_store_set_walk            (TryggStore       *self,
                                                 TryggFinding     *finding,
                                                 const char       *walk_id,
                                                 GError          **error);

/* Measures (the checklist). The new measure is returned with a reference
 * (transfer full). */
TryggActionItem *trygg_store_add_measure        (TryggStore       *self,
                                                 TryggFinding     *finding,
                                                 const char       *text,
                                                 const char       *actor_id,
                                                 const char       *due,
                                                 GError          **error);
/* @due is YYYY-MM-DD or NULL. */
gboolean        trygg_store_edit_measure        (TryggStore       *self,
                                                 TryggActionItem  *measure,
                                                 const char       *text,
                                                 const char       *actor_id,
                                                 const char       *due,
                                                 const char       *comment,
                                                 GError          **error);
gboolean        trygg_store_set_measure_done    (TryggStore       *self,
                                                 TryggActionItem  *measure,
                                                 gboolean          done,
                                                 GError          **error);
gboolean        trygg_store_move_measure        (TryggStore       *self,
                                                 TryggActionItem  *measure,
                                                 guint             position,
                                                 GError          **error);
gboolean        trygg_store_remove_measure      (TryggStore       *self,
                                                 TryggActionItem  *measure,
                                                 GError          **error);

/* Photos: JPEG or PNG (checked by decoding); anything else is refused
 * with TRYGG_DATABASE_ERROR_INVALID. The new photo is returned with a
 * reference (transfer full). */
TryggPhoto     *trygg_store_add_photo           (TryggStore       *self,
                                                 TryggFinding     *finding,
                                                 GBytes           *bytes,
                                                 TryggPhotoKind    kind,
                                                 GError          **error);
gboolean        trygg_store_set_photo_kind      (TryggStore       *self,
                                                 TryggPhoto       *photo,
                                                 TryggPhotoKind    kind,
                                                 GError          **error);
gboolean        trygg_store_remove_photo        (TryggStore       *self,
                                                 TryggPhoto       *photo,
                                                 GError          **error);

/* Actors */
TryggActor     *trygg_store_add_actor           (TryggStore       *self,
                                                 const char       *name,
                                                 const char       *colour,
                                                 GError          **error);
gboolean        trygg_store_edit_actor          (TryggStore       *self,
                                                 TryggActor       *actor,
                                                 const char       *name,
                                                 const char       *colour,
                                                 const char       *contact,
                                                 GError          **error);
/* Findings and measures of @actor go to @heir (NULL: to nobody), then
 * @actor is removed. Merging two actors is deleting one into the other. */
gboolean        trygg_store_delete_actor        (TryggStore       *self,
                                                 TryggActor       *actor,
                                                 TryggActor       *heir,
                                                 GError          **error);

/* Walks */
TryggWalk      *trygg_store_create_walk         (TryggStore       *self,
                                                 const char       *name,
                                                 const char       *date,
                                                 TryggTimeOfDay    time_of_day,
                                                 const char       *area,
                                                 const char       *participants,
                                                 GError          **error);
gboolean        trygg_store_edit_walk           (TryggStore       *self,
                                                 TryggWalk        *walk,
                                                 const char       *name,
                                                 const char       *date,
                                                 TryggTimeOfDay    time_of_day,
                                                 const char       *area,
                                                 const char       *participants,
                                                 GError          **error);

/* User categories (built-ins cannot be renamed or deleted). */
TryggCategory  *trygg_store_add_category        (TryggStore       *self,
                                                 const char       *name,
                                                 GError          **error);
gboolean        trygg_store_rename_category     (TryggStore       *self,
                                                 TryggCategory    *category,
                                                 const char       *name,
                                                 GError          **error);
/* Its findings are left without a category. */
gboolean        trygg_store_delete_category     (TryggStore       *self,
                                                 TryggCategory    *category,
                                                 GError          **error);

G_END_DECLS
