/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "trygg-store.h"

G_BEGIN_DECLS

/* A window that shows @photo as large as the screen allows. Escape closes
 * it. */
GtkWindow *trygg_photo_window_new (TryggPhoto *photo,
                                   GtkWindow  *parent);

G_END_DECLS
