/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "trygg-geojson.h"
#include "trygg-geojson-split.h"

/* Reading a file in two halves on two threads, or as a stream of batches,
 * must come to exactly what reading it in one piece comes to, records,
 * numbers and errors alike. */
static void
split_same (const uint8_t *data,
            size_t         size)
{
  g_autofree char *whole = NULL;
  g_autofree char *halves = NULL;
  g_autofree char *streamed = NULL;

  trygg_geojson_set_split_threshold (G_MAXUINT);
  whole = fuzz_describe_read (trygg_geojson_read, trygg_geojson_write, data, size);
  trygg_geojson_set_split_threshold (2);
  halves = fuzz_describe_read (trygg_geojson_read, trygg_geojson_write, data, size);
  if (strcmp (whole, halves) != 0)
    g_error ("read in halves:\n%s\nread whole:\n%s", halves, whole);
  /* Streamed a record at a time, so that every batch is one. */
  trygg_geojson_set_stream_batch (1);
  streamed = fuzz_describe_read (fuzz_stream_read, trygg_geojson_write, data, size);
  if (strcmp (whole, streamed) != 0)
    g_error ("read as a stream:\n%s\nread whole:\n%s", streamed, whole);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_round_trip (trygg_geojson_read, trygg_geojson_write, data, size);
  split_same (data, size);
  return 0;
}
