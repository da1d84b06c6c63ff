/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A cut of a FeatureCollection's text in two (see trygg-geojson-split.c). */
typedef struct
{
  gsize comma;     /* offset of the comma between the two halves' items */
  gsize close;     /* offset of the "features" array's closing bracket */
  guint n_before;  /* items before the comma */
} TryggGeojsonSplit;

typedef struct
{
  guint             too_deep_line;  /* line where nesting passes max_depth, or 0 */
  gboolean          raw_controls;   /* control characters inside strings */
  gboolean          has_escapes;    /* a \u escape */
  gboolean          bad_surrogate;  /* a \u escape of half a UTF-16 pair
                                     * without its other half */
  gboolean          can_split;      /* split is a cut to read in two halves */
  guint             n_items;        /* items of the "features" array as far
                                     * as the scan followed it; 0: not known */
  TryggGeojsonSplit split;
} TryggGeojsonScan;

/* One pass over @data. can_split is FALSE unless @data looks like a
 * FeatureCollection with one "features" array of at least @min_items
 * items (G_MAXUINT: never), and nothing in it looks odd. Stops at the
 * first nesting deeper than @max_depth. */
void trygg_geojson_scan                (const char       *data,
                                        gsize             length,
                                        guint             max_depth,
                                        guint             min_items,
                                        TryggGeojsonScan *scan);

/* Tests only: the number of features from which a file is read in two
 * halves on two threads, however many cores there are; G_MAXUINT never. */
void trygg_geojson_set_split_threshold (guint             min_items);

/* Tests only: how many records a stream hands on at a time (see
 * trygg_geojson_stream_new()). */
void trygg_geojson_set_stream_batch    (guint             n_records);

G_END_DECLS
