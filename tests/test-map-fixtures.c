/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "test-map-fixtures.h"
#include "trygg-mbtiles.h"

GBytes *
fixture_tile (guint32  rgb,
              gboolean jpeg)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 256, 256);
  g_autoptr(GError) error = NULL;
  gchar *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, (rgb << 8) | 0xff);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, jpeg ? "jpeg" : "png", &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

guint32
fixture_tile_colour (GBytes *bytes,
                     guint8 *alpha)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *p;
  int w, h, n;

  pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  g_assert_no_error (error);
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  n = gdk_pixbuf_get_n_channels (pixbuf);
  p = gdk_pixbuf_read_pixels (pixbuf) + (h / 2) * gdk_pixbuf_get_rowstride (pixbuf) + (w / 2) * n;
  if (alpha)
    *alpha = n == 4 ? p[3] : 255;
  return (p[0] << 16) | (p[1] << 8) | p[2];
}

gboolean
fixture_colour_near (guint32 a,
                     guint32 b,
                     int     tolerance)
{
  for (int shift = 0; shift <= 16; shift += 8)
    if (abs ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > tolerance)
      return FALSE;
  return TRUE;
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("fixture SQL failed: %s", message);
}

static sqlite3 *
create_file (const char   *path,
             FixtureFlags  flags)
{
  sqlite3 *db = NULL;

  g_remove (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);

  if (flags & FIXTURE_VIEW)
    exec (db,
          "CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT);"
          "CREATE TABLE images (tile_id TEXT, tile_data BLOB);"
          "CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column,"
          " map.tile_row AS tile_row, images.tile_data AS tile_data"
          " FROM map JOIN images ON images.tile_id = map.tile_id;");
  else
    exec (db, "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
              "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);");

  if (flags & FIXTURE_BAD_METADATA)
    exec (db, "CREATE TABLE metadata (name TEXT, value TEXT);"
              "INSERT INTO metadata VALUES ('minzoom', '3'), ('maxzoom', 'twenty'),"
              " ('bounds', '200,100,nonsense'), ('format', 'webp');");
  else if (!(flags & FIXTURE_NO_METADATA))
    exec (db, "CREATE TABLE metadata (name TEXT, value TEXT);"
              "INSERT INTO metadata VALUES ('name', 'Testkarta'), ('attribution', 'Test data');");
  exec (db, "BEGIN");
  return db;
}

static void
insert_tile (sqlite3      *db,
             FixtureFlags  flags,
             int           x,
             int           y,
             int           zoom,
             GBytes       *tile)
{
  sqlite3_stmt *stmt;
  g_autofree char *tile_id = g_strdup_printf ("%d/%d/%d", zoom, x, y);
  gsize len;
  const void *data = g_bytes_get_data (tile, &len);
  int row = (1 << zoom) - 1 - y;

  if (flags & FIXTURE_VIEW)
    {
      sqlite3_prepare_v2 (db, "INSERT INTO map VALUES (?, ?, ?, ?)", -1, &stmt, NULL);
      sqlite3_bind_int (stmt, 1, zoom);
      sqlite3_bind_int (stmt, 2, x);
      sqlite3_bind_int (stmt, 3, row);
      sqlite3_bind_text (stmt, 4, tile_id, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
      sqlite3_prepare_v2 (db, "INSERT INTO images VALUES (?, ?)", -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, tile_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob (stmt, 2, data, len, SQLITE_TRANSIENT);
    }
  else
    {
      sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &stmt, NULL);
      sqlite3_bind_int (stmt, 1, zoom);
      sqlite3_bind_int (stmt, 2, x);
      sqlite3_bind_int (stmt, 3, row);
      sqlite3_bind_blob (stmt, 4, data, len, SQLITE_TRANSIENT);
    }
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

void
fixture_write_mbtiles (const char   *path,
                       FixtureFlags  flags,
                       guint32       rgb,
                       int           min_zoom,
                       int           max_zoom,
                       double        west,
                       double        south,
                       double        east,
                       double        north)
{
  g_autoptr(GBytes) tile = fixture_tile (rgb, flags & FIXTURE_JPEG);
  TryggMbtilesBounds bounds = { west, south, east, north };
  sqlite3 *db = create_file (path, flags);

  for (int z = min_zoom; z <= max_zoom; z++)
    {
      int x0, y0, x1, y1;

      trygg_mbtiles_tile_range (&bounds, z, &x0, &y0, &x1, &y1);
      for (int x = x0; x <= x1; x++)
        for (int y = y0; y <= y1; y++)
          insert_tile (db, flags, x, y, z, tile);
    }
  exec (db, "COMMIT");
  sqlite3_close (db);
}

void
fixture_write_single (const char *path,
                      guint32     rgb,
                      int         x,
                      int         y,
                      int         zoom)
{
  g_autoptr(GBytes) tile = fixture_tile (rgb, FALSE);
  sqlite3 *db = create_file (path, FIXTURE_PNG);

  insert_tile (db, FIXTURE_PNG, x, y, zoom, tile);
  exec (db, "COMMIT");
  sqlite3_close (db);
}

void
fixture_use_system_mime (const char *data_dirs)
{
  g_auto(GStrv) dirs = g_strsplit (data_dirs && *data_dirs ? data_dirs : "/usr/local/share:/usr/share", ":", -1);
  g_autoptr(GPtrArray) mime = g_ptr_array_new_with_free_func (g_free);

  /* G_TEST_OPTION_ISOLATE_DIRS hides the MIME database, and gdk-pixbuf
   * (so libshumate's tile decoding) sniffs image types through it. */
  for (guint i = 0; dirs[i] != NULL; i++)
    g_ptr_array_add (mime, g_build_filename (dirs[i], "mime", NULL));
  g_ptr_array_add (mime, NULL);
  g_content_type_set_mime_dirs ((const char * const *) mime->pdata);
}
