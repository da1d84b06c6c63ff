/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "test-map-fixtures.h"
#include "trygg-mbtiles.h"
#include "trygg-offline-download.h"
#include "trygg-online-source.h"

/* Around Södertälje C, where the walks in the examples happen. */
#define WEST  17.60
#define SOUTH 59.18
#define EAST  17.65
#define NORTH 59.20

static char *
temp_path (const char *name)
{
  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  return g_build_filename (g_get_user_cache_dir (), name, NULL);
}

/* Like g_assert_finalize_object(), but a GTask run in a thread may hold
 * its source object a moment after the callback ran: wait for that. */
static void
assert_finalized_soon (gpointer object)
{
  gpointer weak = object;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  while (weak != NULL && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_null (weak);
}

typedef struct
{
  GBytes   *bytes;
  GError   *error;
  gboolean  done;
  guint     received;
  gboolean  received_before_done;
} TileResult;

static void
received_cb (ShumateDataSource *source,
             int                x,
             int                y,
             int                zoom,
             GBytes            *bytes,
             TileResult        *result)
{
  result->received++;
}

static void
tile_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  TileResult *result = user_data;

  result->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), res, &result->error);
  result->received_before_done = result->received > 0;
  result->done = TRUE;
}

static TileResult
fetch (ShumateDataSource *source,
       int                x,
       int                y,
       int                zoom)
{
  TileResult result = { 0 };
  gulong id = g_signal_connect (source, "received-data", G_CALLBACK (received_cb), &result);

  shumate_data_source_get_tile_data_async (source, x, y, zoom, NULL, tile_done_cb, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (source, id);
  return result;
}

static void
tile_result_clear (TileResult *result)
{
  g_clear_pointer (&result->bytes, g_bytes_unref);
  g_clear_error (&result->error);
}

/* Rows are stored TMS-style, from the south: a tile the map asks for as
 * the north-west one must come from the top row, and the renderer only
 * takes it through "received-data", emitted before the request ends. */
static void
test_row_flip (void)
{
  g_autofree char *path = temp_path ("single.mbtiles");
  g_autoptr(GError) error = NULL;
  g_autoptr(TryggMbtilesSource) source = NULL;
  TileResult nw, sw;
  guint8 alpha;

  fixture_write_single (path, 0xcc2200, 0, 0, 1);
  source = trygg_mbtiles_source_new (path, &error);
  g_assert_no_error (error);

  nw = fetch (SHUMATE_DATA_SOURCE (source), 0, 0, 1);
  g_assert_no_error (nw.error);
  g_assert_true (nw.received_before_done);
  g_assert_true (fixture_colour_near (fixture_tile_colour (nw.bytes, &alpha), 0xcc2200, 2));
  g_assert_cmpint (alpha, ==, 255);

  /* The south-west tile is missing: a blank, transparent tile, no error. */
  sw = fetch (SHUMATE_DATA_SOURCE (source), 0, 1, 1);
  g_assert_no_error (sw.error);
  g_assert_nonnull (sw.bytes);
  g_assert_true (sw.received_before_done);
  fixture_tile_colour (sw.bytes, &alpha);
  g_assert_cmpint (alpha, ==, 0);

  tile_result_clear (&nw);
  tile_result_clear (&sw);
  assert_finalized_soon (g_steal_pointer (&source));
}

static void
test_jpeg (void)
{
  g_autofree char *path = temp_path ("jpeg.mbtiles");
  g_autoptr(GError) error = NULL;
  g_autoptr(TryggMbtilesSource) source = NULL;
  TryggMbtilesBounds b;
  TileResult r;
  int x0, y0, x1, y1;

  fixture_write_mbtiles (path, FIXTURE_JPEG, 0x2060a0, 12, 13, WEST, SOUTH, EAST, NORTH);
  source = trygg_mbtiles_source_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (trygg_mbtiles_source_get_format (source), ==, "jpg");
  g_assert_cmpstr (trygg_mbtiles_source_get_name (source), ==, "Testkarta");
  g_assert_cmpstr (trygg_mbtiles_source_get_attribution (source), ==, "Test data");
  g_assert_cmpuint (trygg_mbtiles_source_get_tile_size (source), ==, 256);

  trygg_mbtiles_source_get_bounds (source, &b);
  trygg_mbtiles_tile_range (&b, 13, &x0, &y0, &x1, &y1);
  r = fetch (SHUMATE_DATA_SOURCE (source), x0, y0, 13);
  g_assert_no_error (r.error);
  g_assert_true (fixture_colour_near (fixture_tile_colour (r.bytes, NULL), 0x2060a0, 6));
  tile_result_clear (&r);
}

/* Files from many tools have no metadata, or wrong metadata: the zoom
 * range and the area then come from the tiles themselves. */
static void
check_scanned (FixtureFlags flags)
{
  g_autofree char *path = temp_path ("scan.mbtiles");
  g_autoptr(GError) error = NULL;
  g_autoptr(TryggMbtilesSource) source = NULL;
  g_autofree char *basename = NULL;
  TryggMbtilesBounds b;

  fixture_write_mbtiles (path, flags, 0x33aa55, 11, 14, WEST, SOUTH, EAST, NORTH);
  source = trygg_mbtiles_source_new (path, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (trygg_mbtiles_source_get_min_zoom (source), ==, 11);
  g_assert_cmpuint (trygg_mbtiles_source_get_max_zoom (source), ==, 14);
  g_assert_cmpstr (trygg_mbtiles_source_get_format (source), ==, "png");

  /* The tile extent at zoom 14 covers the box, within one tile (~2.2 km). */
  trygg_mbtiles_source_get_bounds (source, &b);
  g_assert_cmpfloat (b.west, <=, WEST);
  g_assert_cmpfloat (b.east, >=, EAST);
  g_assert_cmpfloat (b.south, <=, SOUTH);
  g_assert_cmpfloat (b.north, >=, NORTH);
  g_assert_cmpfloat (b.east - b.west, <, (EAST - WEST) + 2 * 360.0 / (1 << 14));
  g_assert_cmpfloat (b.north - b.south, <, 0.1);

  basename = g_path_get_basename (path);
  if (flags & FIXTURE_NO_METADATA)
    g_assert_cmpstr (trygg_mbtiles_source_get_name (source), ==, basename);
}

static void
test_no_metadata (void)
{
  check_scanned (FIXTURE_NO_METADATA);
}

static void
test_bad_metadata (void)
{
  check_scanned (FIXTURE_BAD_METADATA);
}

static void
test_tiles_view (void)
{
  g_autofree char *path = temp_path ("view.mbtiles");
  g_autoptr(GError) error = NULL;
  g_autoptr(TryggMbtilesSource) source = NULL;
  TileResult r;

  fixture_write_mbtiles (path, FIXTURE_VIEW | FIXTURE_NO_METADATA, 0x8040c0, 0, 2, -180, -85, 180, 85);
  source = trygg_mbtiles_source_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trygg_mbtiles_source_get_max_zoom (source), ==, 2);

  r = fetch (SHUMATE_DATA_SOURCE (source), 3, 1, 2);
  g_assert_no_error (r.error);
  g_assert_true (fixture_colour_near (fixture_tile_colour (r.bytes, NULL), 0x8040c0, 2));
  tile_result_clear (&r);
}

static void
assert_refused (const char *path,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TryggMbtilesSource) source = trygg_mbtiles_source_new (path, &error);
  g_autofree char *name = g_path_get_basename (path);

  g_assert_null (source);
  g_assert_error (error, TRYGG_MBTILES_ERROR, code);
  /* The message names the file, so the user knows which one. */
  g_assert_nonnull (strstr (error->message, name));
}

static void
test_not_mbtiles (void)
{
  g_autofree char *text = temp_path ("notes.mbtiles");
  g_autofree char *other = temp_path ("other.sqlite");
  g_autofree char *empty = temp_path ("empty.mbtiles");
  g_autofree char *missing = temp_path ("missing.mbtiles");
  g_autofree char *vector = temp_path ("vector.mbtiles");
  sqlite3 *db;

  g_assert_true (g_file_set_contents (text, "Det här är ingen karta.\n", -1, NULL));
  assert_refused (text, TRYGG_MBTILES_ERROR_NOT_MBTILES);

  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "CREATE TABLE finding (id TEXT)", NULL, NULL, NULL);
  sqlite3_close (db);
  assert_refused (other, TRYGG_MBTILES_ERROR_NOT_MBTILES);

  g_assert_cmpint (sqlite3_open (empty, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)",
                NULL, NULL, NULL);
  sqlite3_close (db);
  assert_refused (empty, TRYGG_MBTILES_ERROR_EMPTY);

  g_assert_cmpint (sqlite3_open (vector, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
                    "INSERT INTO tiles VALUES (0, 0, 0, x'1f8b0800000000000003');",
                NULL, NULL, NULL);
  sqlite3_close (db);
  assert_refused (vector, TRYGG_MBTILES_ERROR_UNSUPPORTED);

  assert_refused (missing, TRYGG_MBTILES_ERROR_OPEN);
}

/* libshumate caches tiles in memory by source id: two files must never
 * share an id, nor the same file opened twice (it may have changed). */
static void
test_unique_id (void)
{
  g_autofree char *path = temp_path ("id.mbtiles");
  g_autoptr(TryggMbtilesSource) a = NULL;
  g_autoptr(TryggMbtilesSource) b = NULL;

  fixture_write_single (path, 0x123456, 0, 0, 0);
  a = trygg_mbtiles_source_new (path, NULL);
  b = trygg_mbtiles_source_new (path, NULL);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (trygg_mbtiles_source_get_id (a), !=, trygg_mbtiles_source_get_id (b));
}

typedef struct
{
  gboolean  done;
  GError   *error;
  guint64   progress;
  GCancellable *cancel_at_first;
} DownloadRun;

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DownloadRun *run = user_data;

  trygg_offline_download_finish (result, &run->error);
  run->done = TRUE;
}

static void
run_progress_cb (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  DownloadRun *run = user_data;

  g_assert_cmpuint (done, <=, total);
  run->progress = done;
  if (run->cancel_at_first != NULL)
    g_cancellable_cancel (run->cancel_at_first);
}

static void
run_download (ShumateDataSource        *source,
              const TryggMbtilesBounds *bounds,
              int                       min_zoom,
              int                       max_zoom,
              const char               *path,
              GCancellable             *cancellable,
              DownloadRun              *run)
{
  trygg_offline_download_async (source, bounds, min_zoom, max_zoom, path, "Sparad", "© Test",
                                run_progress_cb, run, cancellable, run_done_cb, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_partial_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".partial"))
      n++;
  return n;
}

/* "Save this area": every tile over the zoom range ends up in a new,
 * valid MBTiles file with its metadata, and no temporary file is left. */
static void
test_writer (void)
{
  g_autofree char *in = temp_path ("source.mbtiles");
  g_autofree char *out = temp_path ("saved.mbtiles");
  g_autoptr(TryggMbtilesSource) source = NULL;
  g_autoptr(TryggMbtilesSource) saved = NULL;
  g_autoptr(GError) error = NULL;
  TryggMbtilesBounds area = { 17.62, 59.188, 17.635, 59.195 }, b;
  DownloadRun run = { 0 };
  guint64 expected, bytes;
  TileResult r;
  int x0, y0, x1, y1;

  fixture_write_mbtiles (in, FIXTURE_PNG, 0xd08020, 12, 16, WEST, SOUTH, EAST, NORTH);
  source = trygg_mbtiles_source_new (in, &error);
  g_assert_no_error (error);

  expected = trygg_offline_download_estimate (&area, 13, 15, &bytes);
  g_assert_cmpuint (expected, >, 3);
  g_assert_cmpuint (bytes, >, expected * 1000);

  run_download (SHUMATE_DATA_SOURCE (source), &area, 13, 15, out, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.progress, ==, expected);
  g_assert_cmpuint (count_partial_files (g_get_user_cache_dir ()), ==, 0);

  saved = trygg_mbtiles_source_new (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trygg_mbtiles_source_get_min_zoom (saved), ==, 13);
  g_assert_cmpuint (trygg_mbtiles_source_get_max_zoom (saved), ==, 15);
  g_assert_cmpstr (trygg_mbtiles_source_get_format (saved), ==, "png");
  g_assert_cmpstr (trygg_mbtiles_source_get_name (saved), ==, "Sparad");
  g_assert_cmpstr (trygg_mbtiles_source_get_attribution (saved), ==, "© Test");
  trygg_mbtiles_source_get_bounds (saved, &b);
  g_assert_cmpfloat_with_epsilon (b.west, area.west, 1e-9);
  g_assert_cmpfloat_with_epsilon (b.north, area.north, 1e-9);

  /* A tile at the far corner of the range, read back through the row flip. */
  trygg_mbtiles_tile_range (&area, 15, &x0, &y0, &x1, &y1);
  r = fetch (SHUMATE_DATA_SOURCE (saved), x1, y1, 15);
  g_assert_no_error (r.error);
  g_assert_true (fixture_colour_near (fixture_tile_colour (r.bytes, NULL), 0xd08020, 2));
  tile_result_clear (&r);
}

static void
test_writer_cancel (void)
{
  g_autofree char *in = temp_path ("source.mbtiles");
  g_autofree char *out = temp_path ("cancelled.mbtiles");
  g_autoptr(TryggMbtilesSource) source = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TryggMbtilesBounds area = { WEST, SOUTH, EAST, NORTH };
  DownloadRun run = { 0 };

  fixture_write_mbtiles (in, FIXTURE_PNG, 0xd08020, 12, 14, WEST, SOUTH, EAST, NORTH);
  source = trygg_mbtiles_source_new (in, NULL);
  run.cancel_at_first = cancellable;

  run_download (SHUMATE_DATA_SOURCE (source), &area, 12, 14, out, cancellable, &run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_partial_files (g_get_user_cache_dir ()), ==, 0);
  g_clear_error (&run.error);
}

/* No network (always the case on the build machines): the download stops
 * with a sentence for the user and leaves no file. The online source
 * reports that it is failing, which the map shows on screen. */
static void
test_writer_no_network (void)
{
  g_autofree char *out = temp_path ("online.mbtiles");
  g_autoptr(TryggOnlineSource) source = trygg_online_source_new ("http://127.0.0.1:9/{z}/{x}/{y}.png");
  TryggMbtilesBounds area = { 17.62, 59.188, 17.635, 59.195 };
  DownloadRun run = { 0 };
  gint64 start = g_get_monotonic_time ();

  run_download (SHUMATE_DATA_SOURCE (source), &area, 14, 15, out, NULL, &run);
  g_assert_error (run.error, TRYGG_MBTILES_ERROR, TRYGG_MBTILES_ERROR_READ);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_partial_files (g_get_user_cache_dir ()), ==, 0);
  g_assert_true (trygg_online_source_get_failing (source));
  g_assert_cmpuint (trygg_online_source_get_n_failed (source), >=, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  g_clear_error (&run.error);
}

static void
test_tile_range (void)
{
  TryggMbtilesBounds world = { -180, -85.05, 180, 85.05 };
  TryggMbtilesBounds here = { 17.6278, 59.1917, 17.6278, 59.1917 };
  int x0, y0, x1, y1;

  g_assert_cmpuint (trygg_mbtiles_count_tiles (&world, 0, 2), ==, 1 + 4 + 16);

  /* Södertälje C at zoom 16 is tile 16/35977/19322 in the slippy-map scheme. */
  trygg_mbtiles_tile_range (&here, 16, &x0, &y0, &x1, &y1);
  g_assert_cmpint (x0, ==, 35977);
  g_assert_cmpint (y0, ==, 19322);
  g_assert_cmpint (x1, ==, x0);
  g_assert_cmpint (y1, ==, y0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));

  /* The test schema directory lacks GNOME's proxy settings. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  fixture_use_system_mime (data_dirs);

  g_test_add_func ("/mbtiles/row-flip-and-missing", test_row_flip);
  g_test_add_func ("/mbtiles/jpeg", test_jpeg);
  g_test_add_func ("/mbtiles/no-metadata", test_no_metadata);
  g_test_add_func ("/mbtiles/bad-metadata", test_bad_metadata);
  g_test_add_func ("/mbtiles/tiles-view", test_tiles_view);
  g_test_add_func ("/mbtiles/not-mbtiles", test_not_mbtiles);
  g_test_add_func ("/mbtiles/unique-id", test_unique_id);
  g_test_add_func ("/mbtiles/tile-range", test_tile_range);
  g_test_add_func ("/mbtiles/writer", test_writer);
  g_test_add_func ("/mbtiles/writer-cancel", test_writer_cancel);
  g_test_add_func ("/mbtiles/writer-no-network", test_writer_no_network);

  return g_test_run ();
}
