/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "trygg-store.h"

G_BEGIN_DECLS

#define TRYGG_TYPE_FINDINGS_LIST (trygg_findings_list_get_type ())

G_DECLARE_FINAL_TYPE (TryggFindingsList, trygg_findings_list, TRYGG, FINDINGS_LIST, GtkWidget)

GtkWidget    *trygg_findings_list_new                  (TryggStore        *store);
TryggStore   *trygg_findings_list_get_store            (TryggFindingsList *self);
void          trygg_findings_list_set_store            (TryggFindingsList *self,
                                                        TryggStore        *store);

/* The findings shown, filtered and sorted (transfer none): the map shows
 * exactly these. It emits items-changed whenever what is shown changes. */
GListModel   *trygg_findings_list_get_model            (TryggFindingsList *self);

TryggFinding *trygg_findings_list_get_selected_finding (TryggFindingsList *self);
/* Selects @finding's row and scrolls to it; NULL or a finding that is not
 * shown clears the selection. */
void          trygg_findings_list_set_selected_finding (TryggFindingsList *self,
                                                        TryggFinding      *finding);

/* Filters by this text at once (the entry waits for a pause in typing). */
void          trygg_findings_list_set_search_text      (TryggFindingsList *self,
                                                        const char        *text);
/* The walk the list is narrowed to, or NULL for all walks. */
const char   *trygg_findings_list_get_walk_id          (TryggFindingsList *self);
void          trygg_findings_list_set_walk_id          (TryggFindingsList *self,
                                                        const char        *walk_id);
void          trygg_findings_list_set_actor_id         (TryggFindingsList *self,
                                                        const char        *actor_id);
/* A bit set of 1 << TryggStatus; 0 means any. */
void          trygg_findings_list_set_status_mask      (TryggFindingsList *self,
                                                        guint              mask);
void          trygg_findings_list_clear_filters        (TryggFindingsList *self);
/* "12 of 40 findings" as shown under the search field. */
const char   *trygg_findings_list_get_count_text       (TryggFindingsList *self);
void          trygg_findings_list_focus_search         (TryggFindingsList *self);

G_END_DECLS
