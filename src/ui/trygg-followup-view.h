/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "trygg-store.h"

G_BEGIN_DECLS

#define TRYGG_TYPE_FOLLOWUP_VIEW (trygg_followup_view_get_type ())

G_DECLARE_FINAL_TYPE (TryggFollowupView, trygg_followup_view, TRYGG, FOLLOWUP_VIEW, GtkWidget)

/* The follow-up: per responsible actor and overall, how many findings are
 * in each status and the share fixed, and every overdue measure. Follows
 * the store live. */
GtkWidget  *trygg_followup_view_new           (TryggStore        *store);
TryggStore *trygg_followup_view_get_store     (TryggFollowupView *self);
void        trygg_followup_view_set_store     (TryggFollowupView *self,
                                               TryggStore        *store);

/* The figures shown. @actor_id NULL means all findings; "" means findings
 * with no responsible actor. */
guint       trygg_followup_view_get_count     (TryggFollowupView *self,
                                               const char        *actor_id,
                                               TryggStatus        status);
/* Percent of the findings that are fixed, rounded; 0 with no findings. */
guint       trygg_followup_view_get_share_fixed (TryggFollowupView *self,
                                               const char        *actor_id);
guint       trygg_followup_view_get_n_overdue (TryggFollowupView *self);

G_END_DECLS
