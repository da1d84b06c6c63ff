/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "../fuzz/fuzz-common.h"
#include "trygg-csv.h"
#include "trygg-database-import.h"
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
  g_autofree char *streamed = NULL;

  fuzz_round_trip (trygg_geojson_read, trygg_geojson_write, data, size);

  /* Read in two halves on two threads wherever the file allows, it must
   * come to exactly what one piece comes to. */
  trygg_geojson_set_split_threshold (G_MAXUINT);
  whole = fuzz_describe_read (trygg_geojson_read, trygg_geojson_write, data, size);
  trygg_geojson_set_split_threshold (2);
  halves = fuzz_describe_read (trygg_geojson_read, trygg_geojson_write, data, size);
  /* And as a large import reads it: a stream of batches, here of one
   * record each. */
  trygg_geojson_set_stream_batch (1);
  streamed = fuzz_describe_read (fuzz_stream_read, trygg_geojson_write, data, size);
  trygg_geojson_set_stream_batch (4096);
  trygg_geojson_set_split_threshold (4096);
  g_assert_cmpstr (halves, ==, whole);
  g_assert_cmpstr (streamed, ==, whole);
  if (strstr (whole, " records, ") != NULL && g_str_has_prefix ((const char *) data, "{"))
    n_readable++;
}

static void
csv_check (const uint8_t *data,
           size_t         size)
{
  fuzz_round_trip (trygg_csv_read, trygg_csv_write, data, size);
}

/* What every table holds, in numbers: an import that fails must leave
 * them all as they were. */
#define COUNTS_QUERY \
  "SELECT (SELECT count (*) FROM finding) || ' ' || (SELECT count (*) FROM action) || ' ' ||" \
  " (SELECT count (*) FROM event) || ' ' || (SELECT count (*) FROM walk) || ' ' ||" \
  " (SELECT count (*) FROM actor) || ' ' || (SELECT count (*) FROM category) || ' ' ||" \
  " (SELECT count (*) FROM finding_location)"

static char *
query_text (TryggDatabase *db,
            const char    *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (trygg_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static TryggDatabase *corpus_db;
static guint n_imported;
static guint n_refused;

/* Whatever the file held that reads as records goes into one database,
 * row by row and in bulk (foreign keys not enforced, indexes and
 * triggers set aside): it is stored whole or refused with the database
 * unchanged, and the database stays sound either way. */
static void
import_check (ReadFunc       read,
              const uint8_t *data,
              size_t         size)
{
  g_autoptr(GPtrArray) records = read ((const char *) data, size, NULL, NULL);

  for (guint bulk = 0; records != NULL && bulk < 2; bulk++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *before = query_text (corpus_db, COUNTS_QUERY);
      g_autofree char *after = NULL;
      g_autofree char *check = NULL;
      g_autofree char *broken = NULL;
      g_autofree char *keys = NULL;

      trygg_import_set_bulk_threshold (bulk ? 1 : G_MAXUINT);
      if (trygg_database_import_records (corpus_db, records, NULL, NULL, NULL, NULL, &error))
        n_imported++;
      else
        {
          n_refused++;
          g_assert_true (error->domain == TRYGG_DATABASE_ERROR);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          after = query_text (corpus_db, COUNTS_QUERY);
          g_assert_cmpstr (after, ==, before);
        }
      check = query_text (corpus_db, "PRAGMA integrity_check");
      g_assert_cmpstr (check, ==, "ok");
      broken = query_text (corpus_db, "SELECT count (*) FROM pragma_foreign_key_check");
      g_assert_cmpstr (broken, ==, "0");
      keys = query_text (corpus_db, "PRAGMA foreign_keys");
      g_assert_cmpstr (keys, ==, "1");
    }
  trygg_import_set_bulk_threshold (5000);
}

static void
geojson_import_check (const uint8_t *data,
                      size_t         size)
{
  import_check (trygg_geojson_read, data, size);
}

static void
csv_import_check (const uint8_t *data,
                  size_t         size)
{
  import_check (trygg_csv_read, data, size);
}

static void
test_into_database (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "corpus.db", NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  corpus_db = trygg_database_open (path, &error);
  g_assert_no_error (error);
  run_corpus ("geojson", geojson_import_check);
  run_corpus ("csv", csv_import_check);
  g_test_message ("%u imports stored, %u refused", n_imported, n_refused);
  g_assert_cmpuint (n_imported, >, 20);
  g_clear_object (&corpus_db);
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
  g_test_add_func ("/fuzz-corpus/into-database", test_into_database);

  return g_test_run ();
}
