/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "trygg-enums.h"
#include "trygg-types.h"

G_BEGIN_DECLS

/* An organisation responsible for findings and measures. Read-only to the UI: edits go through TryggStore, which writes
 * the database and then updates the object. */

#define TRYGG_TYPE_ACTOR (trygg_actor_get_type ())

G_DECLARE_FINAL_TYPE (TryggActor, trygg_actor, TRYGG, ACTOR, GObject)

const char * trygg_actor_get_id (TryggActor *self);
const char * trygg_actor_get_name (TryggActor *self);
const char * trygg_actor_get_colour (TryggActor *self);
const char * trygg_actor_get_contact (TryggActor *self);

G_END_DECLS
