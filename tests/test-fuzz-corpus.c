/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "../fuzz/fuzz-common.h"
#include "trygg-csv.h"
#include "trygg-geojson.h"
#include "trygg-geojson-split.h"
#include "trygg-gpx.h"

/* Every input the fuzzers kept (tests/fuzz-corpus/<target>/), crashes they
 * once found included, through the same checks as the fuzz targets, in the
 * normal build: a fixed crash stays fixed. */

/* GeoJSON corpus files that read as records. */
static guint n_readable;

static void
gpx_check (const uint8_t *data,
           size_t         size)
{
  g_autoptr(TryggRoute) route = NULL;
  g_autoptr(GError) error = NULL;

  route = trygg_gpx_read ((const char *) data, size, &error);
  g_assert_true ((route == NULL) == (error != NULL));
}

static guint
run_corpus (const char *target,
            void      (*check) (const uint8_t *, size_t))
{
  g_autofree char *path = g_build_filename (FUZZ_CORPUS_DIR, target, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  const char *name;
  guint n = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
      check ((const uint8_t *) contents, length);
      n++;
    }
  return n;
}

static void
geojson_check (const uint8_t *data,
               size_t         size)
{
  g_autofree char *whole = NULL;
  g_autofree char *halves = NULL;

  fuzz_round_trip (trygg_geojson_read, trygg_geojson_write, data, size);

  /* Read in two halves on two threads wherever the file allows, it must
   * come to exactly what one piece comes to. */
  trygg_geojson_set_split_threshold (G_MAXUINT);
  whole = fuzz_describe_read (trygg_geojson_read, trygg_geojson_write, data, size);
  trygg_geojson_set_split_threshold (2);
  halves = fuzz_describe_read (trygg_geojson_read, trygg_geojson_write, data, size);
  trygg_geojson_set_split_threshold (4096);
  g_assert_cmpstr (halves, ==, whole);
  if (strstr (whole, " records, ") != NULL && g_str_has_prefix ((const char *) data, "{"))
    n_readable++;
}

static void
csv_check (const uint8_t *data,
           size_t         size)
{
  fuzz_round_trip (trygg_csv_read, trygg_csv_write, data, size);
}

static void
test_geojson (void)
{
  g_assert_cmpuint (run_corpus ("geojson", geojson_check), >, 20);
  g_assert_cmpuint (n_readable, >, 5);
}

static void
test_csv (void)
{
  g_assert_cmpuint (run_corpus ("csv", csv_check), >, 20);
}

static void
test_gpx (void)
{
  g_assert_cmpuint (run_corpus ("gpx", gpx_check), >, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/fuzz-corpus/geojson", test_geojson);
  g_test_add_func ("/fuzz-corpus/csv", test_csv);
  g_test_add_func ("/fuzz-corpus/gpx", test_gpx);

  return g_test_run ();
}
