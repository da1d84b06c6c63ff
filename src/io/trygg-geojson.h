/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "trygg-database.h"
#include "trygg-io.h"

G_BEGIN_DECLS

/* Reads a GeoJSON FeatureCollection (or a single Feature) as written by us
 * or by other tools (INTERFACES.md). Returns TryggRecord*, with
 * source_index the 1-based feature number. A MultiPoint becomes one finding
 * per point: the first keeps the feature's id, the others get ids derived
 * from it and their position, so importing the file again merges instead of
 * duplicating. Features that are not points are counted in
 * @stats->skipped. Any other problem fails the whole file. */
GPtrArray *trygg_geojson_read  (const char        *data,
                                gsize              length,
                                TryggImportStats  *stats,
                                GError           **error);
/* The same, telling @progress (on the calling thread) what share of the
 * features has been read, when the file is large enough to take a while. */
GPtrArray *trygg_geojson_read_with_progress (const char        *data,
                                             gsize              length,
                                             TryggImportStats  *stats,
                                             TryggProgressFunc  progress,
                                             gpointer           progress_data,
                                             GError           **error);

/* Streams an RFC 7946 FeatureCollection of @records (TryggRecord*) to @out,
 * one feature per line. @out is not closed. */
gboolean   trygg_geojson_write (GPtrArray         *records,
                                GOutputStream     *out,
                                GCancellable      *cancellable,
                                GError           **error);

/* The same document from the database: the features of @features, which
 * SQLite writes, framed as in trygg_geojson_write(). */
gboolean   trygg_geojson_write_features (TryggFeatureCursor  *features,
                                         GOutputStream       *out,
                                         GCancellable        *cancellable,
                                         GError             **error);

G_END_DECLS
