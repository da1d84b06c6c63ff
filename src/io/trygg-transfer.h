/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "trygg-database.h"
#include "trygg-io.h"

G_BEGIN_DECLS

/* File ↔ database, the format chosen by the file name's extension
 * (case-insensitive). Used by the command line; the window may run them in
 * a worker thread on its own connection. */

/* Imports .geojson/.json/.csv findings (one transaction: all or nothing)
 * or a .gpx walked route into @walk_name (or the route's own name, or the
 * file's). @out_result receives what a file of findings did (a
 * route leaves it zero), @out_summary the one translated summary line. */
gboolean trygg_transfer_import_file (TryggDatabase      *db,
                                     const char         *path,
                                     const char         *walk_name,
                                     TryggProgressFunc   progress,
                                     gpointer            progress_data,
                                     TryggImportResult  *out_result,
                                     char              **out_summary,
                                     GError            **error);

/* Writes .geojson or .csv, filtered by walk and actor (NULL = all), to a
 * temporary file beside @path that is renamed over it only when complete:
 * a failure never leaves half a file nor harms an existing one. */
gboolean trygg_transfer_export_file (TryggDatabase      *db,
                                     const char         *path,
                                     const char         *walk_name,
                                     const char         *actor_name,
                                     TryggProgressFunc   progress,
                                     gpointer            progress_data,
                                     guint              *out_count,
                                     GError            **error);

/* Tests only: how many imports read their file as a stream (see
 * trygg_geojson_stream_new()). */
guint    trygg_transfer_get_n_streamed (void);

G_END_DECLS
