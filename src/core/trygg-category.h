/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "trygg-enums.h"
#include "trygg-types.h"

G_BEGIN_DECLS

/* A kind of finding, built in or made by the user. Read-only to the UI: edits go through TryggStore, which writes
 * the database and then updates the object. */

#define TRYGG_TYPE_CATEGORY (trygg_category_get_type ())

G_DECLARE_FINAL_TYPE (TryggCategory, trygg_category, TRYGG, CATEGORY, GObject)

const char * trygg_category_get_key (TryggCategory *self);
const char * trygg_category_get_name (TryggCategory *self);
gboolean     trygg_category_get_builtin (TryggCategory *self);

G_END_DECLS
