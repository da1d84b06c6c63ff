/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "trygg-io.h"

G_BEGIN_DECLS

/* Reads the walked route of a GPX 1.0/1.1 file: the points of every track
 * segment in order, or, when the file has no track, those of its routes.
 * The route's name is the first track's (or route's) <name>, else NULL. */
TryggRoute *trygg_gpx_read (const char  *data,
                            gsize        length,
                            GError     **error);

G_END_DECLS
