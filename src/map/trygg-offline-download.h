/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "trygg-mbtiles.h"

G_BEGIN_DECLS

/* Saving an area for offline use: every tile of a box over a zoom range,
 * fetched through a data source and written to a new MBTiles file. */

/* OpenStreetMap's tile policy forbids bulk downloads: stay well below. */
#define TRYGG_OFFLINE_MAX_TILES 10000

typedef void (*TryggOfflineProgress) (guint64  done,
                                      guint64  total,
                                      gpointer user_data);

guint64  trygg_offline_download_estimate (const TryggMbtilesBounds *bounds,
                                          int                       min_zoom,
                                          int                       max_zoom,
                                          guint64                  *out_bytes);

void     trygg_offline_download_async    (ShumateDataSource        *source,
                                          const TryggMbtilesBounds *bounds,
                                          int                       min_zoom,
                                          int                       max_zoom,
                                          const char               *path,
                                          const char               *name,
                                          const char               *attribution,
                                          TryggOfflineProgress      progress,
                                          gpointer                  progress_data,
                                          GCancellable             *cancellable,
                                          GAsyncReadyCallback       callback,
                                          gpointer                  user_data);
gboolean trygg_offline_download_finish   (GAsyncResult             *result,
                                          GError                  **error);

G_END_DECLS
