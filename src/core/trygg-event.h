/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "trygg-enums.h"
#include "trygg-types.h"

G_BEGIN_DECLS

/* One entry in a finding's history. Read-only to the UI: edits go through TryggStore, which writes
 * the database and then updates the object. */

#define TRYGG_TYPE_EVENT (trygg_event_get_type ())

G_DECLARE_FINAL_TYPE (TryggEvent, trygg_event, TRYGG, EVENT, GObject)

const char * trygg_event_get_timestamp (TryggEvent *self);
const char * trygg_event_get_kind (TryggEvent *self);
const char * trygg_event_get_summary (TryggEvent *self);

G_END_DECLS
