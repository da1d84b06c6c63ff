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

/* A large FeatureCollection read on two threads, one for each half of
 * its features, handed on in batches as they are read (see
 * trygg_database_import_begin()). */
typedef struct _TryggGeojsonStream TryggGeojsonStream;

/* Starts reading @data, which must outlive the stream; NULL when the file
 * is not one to stream (small, one core, or anything unusual in it): read
 * it with trygg_geojson_read_with_progress(). */
TryggGeojsonStream *trygg_geojson_stream_new       (const char          *data,
                                                    gsize                length);
/* About how many records will come. */
guint               trygg_geojson_stream_get_n_items (TryggGeojsonStream *stream);
/* The next batch of records, in the order of the file, or NULL when there
 * are no more or the reading failed. Blocks until it is read. */
GPtrArray          *trygg_geojson_stream_next      (TryggGeojsonStream  *stream);
/* Waits for the reading to end: TRUE when every batch was handed on and
 * the file is whole. FALSE with @error when the file fails as
 * trygg_geojson_read() would say; FALSE with *@read_again set when the
 * halves did not read as one whole would: read the file with
 * trygg_geojson_read_with_progress(), which also words what is wrong. */
gboolean            trygg_geojson_stream_finish    (TryggGeojsonStream  *stream,
                                                    TryggImportStats    *stats,
                                                    gboolean            *read_again,
                                                    GError             **error);
/* Stops the reading, if it goes on, and frees what was not handed on. */
void                trygg_geojson_stream_free      (TryggGeojsonStream  *stream);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggGeojsonStream, trygg_geojson_stream_free)

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
