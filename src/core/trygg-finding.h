/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "trygg-enums.h"
#include "trygg-types.h"

G_BEGIN_DECLS

/* A finding: one place noted on a walk, with its measures. Read-only to the UI: edits go through TryggStore, which writes
 * the database and then updates the object. */

#define TRYGG_TYPE_FINDING (trygg_finding_get_type ())

G_DECLARE_FINAL_TYPE (TryggFinding, trygg_finding, TRYGG, FINDING, GObject)

const char *   trygg_finding_get_id (TryggFinding *self);
const char *   trygg_finding_get_walk_id (TryggFinding *self);
int            trygg_finding_get_number (TryggFinding *self);
const char *   trygg_finding_get_title (TryggFinding *self);
const char *   trygg_finding_get_description (TryggFinding *self);
const char *   trygg_finding_get_category_key (TryggFinding *self);
TryggStatus    trygg_finding_get_status (TryggFinding *self);
TryggPriority  trygg_finding_get_priority (TryggFinding *self);
const char *   trygg_finding_get_actor_id (TryggFinding *self);
double         trygg_finding_get_latitude (TryggFinding *self);
double         trygg_finding_get_longitude (TryggFinding *self);
const char *   trygg_finding_get_observed_at (TryggFinding *self);
const char *   trygg_finding_get_updated_at (TryggFinding *self);
const char *   trygg_finding_get_wont_fix_reason (TryggFinding *self);
int            trygg_finding_get_actions_done (TryggFinding *self);
int            trygg_finding_get_actions_total (TryggFinding *self);
gboolean       trygg_finding_get_overdue (TryggFinding *self);
gboolean       trygg_finding_get_possible_duplicate (TryggFinding *self);
int            trygg_finding_get_photo_count (TryggFinding *self);

G_END_DECLS
