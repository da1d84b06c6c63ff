/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "trygg-enums.h"
#include "trygg-types.h"

G_BEGIN_DECLS

/* A safety walk: one outing over an area, by day or by evening. Read-only to the UI: edits go through TryggStore, which writes
 * the database and then updates the object. */

#define TRYGG_TYPE_WALK (trygg_walk_get_type ())

G_DECLARE_FINAL_TYPE (TryggWalk, trygg_walk, TRYGG, WALK, GObject)

const char *    trygg_walk_get_id (TryggWalk *self);
const char *    trygg_walk_get_name (TryggWalk *self);
const char *    trygg_walk_get_date (TryggWalk *self);
TryggTimeOfDay  trygg_walk_get_time_of_day (TryggWalk *self);
const char *    trygg_walk_get_area (TryggWalk *self);
const char *    trygg_walk_get_participants (TryggWalk *self);
const char *    trygg_walk_get_route_name (TryggWalk *self);

G_END_DECLS
