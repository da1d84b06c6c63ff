/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "trygg-store.h"

G_BEGIN_DECLS

#define TRYGG_TYPE_PHOTO_THUMB (trygg_photo_thumb_get_type ())

G_DECLARE_FINAL_TYPE (TryggPhotoThumb, trygg_photo_thumb, TRYGG, PHOTO_THUMB, GtkWidget)

/* A photo of a finding: click to view it large; mark it as taken before or
 * after the measures; remove it (undoable). Emits "message" on errors. */
GtkWidget  *trygg_photo_thumb_new       (TryggStore      *store,
                                         TryggPhoto      *photo,
                                         guint            index);
TryggPhoto *trygg_photo_thumb_get_photo (TryggPhotoThumb *self);

/* A texture of the photo's bytes, or NULL when they are not an image. */
GdkTexture *trygg_photo_texture_new     (TryggPhoto      *photo);

G_END_DECLS
