/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "trygg-enums.h"
#include "trygg-types.h"

G_BEGIN_DECLS

/* A measure on a finding's checklist. Read-only to the UI: edits go through TryggStore, which writes
 * the database and then updates the object. */

#define TRYGG_TYPE_ACTION_ITEM (trygg_action_item_get_type ())

G_DECLARE_FINAL_TYPE (TryggActionItem, trygg_action_item, TRYGG, ACTION_ITEM, GObject)

const char * trygg_action_item_get_id (TryggActionItem *self);
const char * trygg_action_item_get_finding_id (TryggActionItem *self);
int          trygg_action_item_get_position (TryggActionItem *self);
const char * trygg_action_item_get_text (TryggActionItem *self);
const char * trygg_action_item_get_actor_id (TryggActionItem *self);
const char * trygg_action_item_get_due (TryggActionItem *self);
gboolean     trygg_action_item_get_done (TryggActionItem *self);
const char * trygg_action_item_get_done_at (TryggActionItem *self);
const char * trygg_action_item_get_comment (TryggActionItem *self);

G_END_DECLS
