/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "trygg-enums.h"
#include "trygg-types.h"

G_BEGIN_DECLS

/* A photo of a finding, stored in the database. Read-only to the UI: edits go through TryggStore, which writes
 * the database and then updates the object. */

#define TRYGG_TYPE_PHOTO (trygg_photo_get_type ())

G_DECLARE_FINAL_TYPE (TryggPhoto, trygg_photo, TRYGG, PHOTO, GObject)

const char *    trygg_photo_get_id (TryggPhoto *self);
const char *    trygg_photo_get_finding_id (TryggPhoto *self);
TryggPhotoKind  trygg_photo_get_kind (TryggPhoto *self);
const char *    trygg_photo_get_mime_type (TryggPhoto *self);
GBytes *        trygg_photo_get_bytes (TryggPhoto *self);

G_END_DECLS
