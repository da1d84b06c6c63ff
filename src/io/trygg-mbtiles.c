/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <cairo.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "trygg-mbtiles.h"

/* An MBTiles file as an offline map. One read-only connection, guarded by
 * a mutex, serves the tile reads that run in worker threads; everything
 * else (metadata, validation) happens once at open time on the caller's
 * thread, so a file that is not a map is refused before it is shown. */

#define MAX_MERCATOR_LATITUDE 85.0511287798

struct _TryggMbtilesSource
{
  ShumateDataSource   parent_instance;

  char               *path;
  char               *id;
  char               *name;
  char               *attribution;
  char               *format;      /* "png" or "jpg" */
  guint               min_zoom;
  guint               max_zoom;
  guint               tile_size;
  TryggMbtilesBounds  bounds;

  GMutex              mutex;       /* guards db and tile_stmt */
  sqlite3            *db;
  sqlite3_stmt       *tile_stmt;

  GBytes             *blank_tile;  /* transparent PNG for missing tiles */
};

G_DEFINE_FINAL_TYPE (TryggMbtilesSource, trygg_mbtiles_source, SHUMATE_TYPE_DATA_SOURCE)

enum {
  TILE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (trygg-mbtiles-error-quark, trygg_mbtiles_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef struct
{
  int x, y, zoom;
} TileRequest;

/* Helpers */

static gboolean
bytes_are_png (const guint8 *data,
               gsize         len)
{
  return len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static gboolean
bytes_are_jpeg (const guint8 *data,
                gsize         len)
{
  return len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
}

static gboolean
bytes_are_gzip (const guint8 *data,
                gsize         len)
{
  return len >= 2 && data[0] == 0x1F && data[1] == 0x8B;
}

static cairo_status_t
append_to_byte_array_cb (void                *closure,
                         const unsigned char *data,
                         unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_blank_tile (guint size)
{
  cairo_surface_t *surface;
  GByteArray *png = g_byte_array_new ();

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_surface_write_to_png_stream (surface, append_to_byte_array_cb, png);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}

static double
tile_x_to_longitude (double x,
                     int    zoom)
{
  return x / (double) (1 << zoom) * 360.0 - 180.0;
}

static double
tile_y_to_latitude (double y,
                    int    zoom)
{
  double n = G_PI - 2.0 * G_PI * y / (double) (1 << zoom);

  return 180.0 / G_PI * atan (0.5 * (exp (n) - exp (-n)));
}

static gboolean
bounds_are_valid (const TryggMbtilesBounds *b)
{
  return b->west >= -180.0 && b->east <= 180.0 && b->west < b->east
         && b->south >= -90.0 && b->north <= 90.0 && b->south < b->north;
}

static gboolean
bounds_overlap (const TryggMbtilesBounds *a,
                const TryggMbtilesBounds *b)
{
  return a->west < b->east && b->west < a->east && a->south < b->north && b->south < a->north;
}

static gboolean
parse_bounds (const char         *text,
              TryggMbtilesBounds *out)
{
  g_auto(GStrv) parts = NULL;
  double v[4];

  if (text == NULL)
    return FALSE;

  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      char *end = NULL;

      v[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (end == parts[i] || *end != '\0' || !isfinite (v[i]))
        return FALSE;
    }

  *out = (TryggMbtilesBounds) { v[0], v[1], v[2], v[3] };
  return bounds_are_valid (out);
}

static GError *
open_error (int         code,
            const char *path)
{
  g_autofree char *name = g_filename_display_basename (path);

  switch (code)
    {
    case TRYGG_MBTILES_ERROR_OPEN:
      return g_error_new (TRYGG_MBTILES_ERROR, code,
                          _("The offline map “%s” could not be opened. Check that the file exists and that you may read it."),
                          name);
    case TRYGG_MBTILES_ERROR_NOT_MBTILES:
      return g_error_new (TRYGG_MBTILES_ERROR, code,
                          _("“%s” is not an offline map in MBTiles format. Choose an .mbtiles file made by, for example, QGIS, GDAL, TileMill or MOBAC."),
                          name);
    case TRYGG_MBTILES_ERROR_UNSUPPORTED:
      return g_error_new (TRYGG_MBTILES_ERROR, code,
                          _("The offline map “%s” holds vector tiles, which this program cannot show. Choose an MBTiles file with PNG or JPEG images."),
                          name);
    case TRYGG_MBTILES_ERROR_EMPTY:
      return g_error_new (TRYGG_MBTILES_ERROR, code,
                          _("The offline map “%s” holds no map images. Choose another file."),
                          name);
    default:
      g_assert_not_reached ();
    }
}

static void
read_metadata (TryggMbtilesSource  *self,
               GHashTable          *metadata)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* Many writers leave the table out or fill it badly: it is a hint only. */
  if (sqlite3_prepare_v2 (self->db, "SELECT name, value FROM metadata", -1, &stmt, NULL) != SQLITE_OK)
    return;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (key != NULL && value != NULL && g_utf8_validate (value, -1, NULL))
        g_hash_table_insert (metadata, g_ascii_strdown (key, -1), g_strdup (value));
    }
}

static gboolean
scan_tiles (TryggMbtilesSource  *self,
            GHashTable          *metadata,
            GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) first = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GInputStream) stream = NULL;
  TryggMbtilesBounds extent, claimed;
  const guint8 *data;
  gsize len;
  int rc;

  /* Reading a column list from the table or view is what proves the file
   * is MBTiles; SQLite reports "not a database" only at this point. */
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT min(zoom_level), max(zoom_level) FROM tiles",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_propagate_error (error, open_error (TRYGG_MBTILES_ERROR_NOT_MBTILES, self->path));
      return FALSE;
    }
  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    {
      g_propagate_error (error, open_error (TRYGG_MBTILES_ERROR_EMPTY, self->path));
      return FALSE;
    }
  self->min_zoom = CLAMP (sqlite3_column_int (stmt, 0), 0, 24);
  self->max_zoom = CLAMP (sqlite3_column_int (stmt, 1), (int) self->min_zoom, 24);
  g_clear_pointer (&stmt, sqlite3_finalize);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT min(tile_column), max(tile_column), min(tile_row), max(tile_row) "
                           "FROM tiles WHERE zoom_level = ?",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_propagate_error (error, open_error (TRYGG_MBTILES_ERROR_NOT_MBTILES, self->path));
      return FALSE;
    }
  sqlite3_bind_int (stmt, 1, self->max_zoom);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int z = self->max_zoom;
      int n = 1 << z;
      int min_col = sqlite3_column_int (stmt, 0), max_col = sqlite3_column_int (stmt, 1);
      int min_row = sqlite3_column_int (stmt, 2), max_row = sqlite3_column_int (stmt, 3);

      /* TMS rows count from the south: the smallest row is the southern edge. */
      extent.west = tile_x_to_longitude (min_col, z);
      extent.east = tile_x_to_longitude (max_col + 1, z);
      extent.north = tile_y_to_latitude (n - 1 - max_row, z);
      extent.south = tile_y_to_latitude (n - min_row, z);
    }
  else
    extent = (TryggMbtilesBounds) { -180, -MAX_MERCATOR_LATITUDE, 180, MAX_MERCATOR_LATITUDE };

  if (parse_bounds (g_hash_table_lookup (metadata, "bounds"), &claimed)
      && bounds_overlap (&claimed, &extent))
    self->bounds = claimed;
  else
    self->bounds = extent;

  /* The format and tile size come from a real tile, not the metadata. */
  if (sqlite3_prepare_v2 (self->db, "SELECT tile_data FROM tiles LIMIT 1", -1, &first, NULL) != SQLITE_OK
      || sqlite3_step (first) != SQLITE_ROW)
    {
      g_propagate_error (error, open_error (TRYGG_MBTILES_ERROR_EMPTY, self->path));
      return FALSE;
    }
  data = sqlite3_column_blob (first, 0);
  len = sqlite3_column_bytes (first, 0);

  if (bytes_are_png (data, len))
    self->format = g_strdup ("png");
  else if (bytes_are_jpeg (data, len))
    self->format = g_strdup ("jpg");
  else
    {
      const char *claimed_format = g_hash_table_lookup (metadata, "format");

      if (bytes_are_gzip (data, len) || g_strcmp0 (claimed_format, "pbf") == 0)
        g_propagate_error (error, open_error (TRYGG_MBTILES_ERROR_UNSUPPORTED, self->path));
      else
        g_propagate_error (error, open_error (TRYGG_MBTILES_ERROR_NOT_MBTILES, self->path));
      return FALSE;
    }

  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, len), len, g_free);
  pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, NULL);
  if (pixbuf != NULL && gdk_pixbuf_get_width (pixbuf) >= 64 && gdk_pixbuf_get_width (pixbuf) <= 1024)
    self->tile_size = gdk_pixbuf_get_width (pixbuf);
  else
    self->tile_size = 256;

  return TRUE;
}

static gboolean
trygg_mbtiles_source_open (TryggMbtilesSource  *self,
                           GError             **error)
{
  g_autoptr(GHashTable) metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *value;
  static gint counter;

  if (!g_file_test (self->path, G_FILE_TEST_IS_REGULAR)
      || sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_propagate_error (error, open_error (TRYGG_MBTILES_ERROR_OPEN, self->path));
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, 2000);

  read_metadata (self, metadata);
  if (!scan_tiles (self, metadata, error))
    return FALSE;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                          -1, &self->tile_stmt, NULL) != SQLITE_OK)
    {
      g_propagate_error (error, open_error (TRYGG_MBTILES_ERROR_NOT_MBTILES, self->path));
      return FALSE;
    }

  value = g_hash_table_lookup (metadata, "name");
  self->name = value != NULL && *value != '\0' ? g_strdup (value) : g_filename_display_basename (self->path);
  value = g_hash_table_lookup (metadata, "attribution");
  self->attribution = value != NULL && *value != '\0' ? g_strdup (value) : NULL;

  /* The memory tile cache is keyed by source id: two files, or the same
   * path rewritten, must never share tiles. */
  self->id = g_strdup_printf ("trygg-mbtiles-%d-%u", g_atomic_int_add (&counter, 1),
                              g_str_hash (self->path));
  self->blank_tile = make_blank_tile (self->tile_size);

  return TRUE;
}

/* Runs in a worker thread. Returns the tile, NULL for a tile the file does
 * not have (or holds in a format we cannot show), or an error. */
static GBytes *
read_tile (TryggMbtilesSource  *self,
           const TileRequest   *request,
           GError             **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  GBytes *bytes = NULL;
  int rc;

  if (request->zoom < 0 || request->zoom > 30)
    return NULL;

  sqlite3_reset (self->tile_stmt);
  sqlite3_bind_int (self->tile_stmt, 1, request->zoom);
  sqlite3_bind_int (self->tile_stmt, 2, request->x);
  sqlite3_bind_int (self->tile_stmt, 3, (1 << request->zoom) - 1 - request->y);

  rc = sqlite3_step (self->tile_stmt);
  if (rc == SQLITE_ROW)
    {
      const guint8 *data = sqlite3_column_blob (self->tile_stmt, 0);
      gsize len = sqlite3_column_bytes (self->tile_stmt, 0);

      /* The renderer warns on anything it cannot decode: check first. */
      if (bytes_are_png (data, len) || bytes_are_jpeg (data, len))
        bytes = g_bytes_new (data, len);
    }
  else if (rc != SQLITE_DONE)
    {
      g_set_error (error, TRYGG_MBTILES_ERROR, TRYGG_MBTILES_ERROR_READ,
                   _("A part of the offline map could not be read. The file may be damaged: choose another offline map."));
    }
  sqlite3_reset (self->tile_stmt);

  return bytes;
}

/**
 * trygg_mbtiles_source_read_tile:
 * @zoom: zoom level
 * @x: tile column, XYZ scheme
 * @y: tile row, XYZ scheme (counted from the north)
 *
 * Reads one tile at once, for a report drawn in a worker thread; safe to
 * call from any thread.
 *
 * Returns: (transfer full) (nullable): PNG or JPEG bytes, or %NULL when the
 *   file has no such tile or it could not be read (then with @error set)
 */
GBytes *
trygg_mbtiles_source_read_tile (TryggMbtilesSource  *self,
                                int                  zoom,
                                int                  x,
                                int                  y,
                                GError             **error)
{
  TileRequest request = { 0 };

  g_return_val_if_fail (TRYGG_IS_MBTILES_SOURCE (self), NULL);

  request.zoom = zoom;
  request.x = x;
  request.y = y;
  return read_tile (self, &request, error);
}

static void
read_tile_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *bytes = read_tile (source_object, task_data, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else if (bytes == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/* Back on the main thread: the 1.0 raster renderer takes a tile's image
 * only from "received-data", so emit it before completing. */
static void
read_tile_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TryggMbtilesSource *self = TRYGG_MBTILES_SOURCE (object);
  g_autoptr(GTask) outer = user_data;
  TileRequest *request = g_task_get_task_data (outer);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_signal_emit (self, signals[TILE_FAILED], 0, error);
      g_task_return_error (outer, error);
      return;
    }
  if (g_task_return_error_if_cancelled (outer))
    return;

  if (bytes == NULL)
    bytes = g_bytes_ref (self->blank_tile);

  g_signal_emit_by_name (self, "received-data", request->x, request->y, request->zoom, bytes);
  g_task_return_pointer (outer, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
trygg_mbtiles_source_get_tile_data_async (ShumateDataSource   *source,
                                          int                  x,
                                          int                  y,
                                          int                  zoom_level,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  TryggMbtilesSource *self = TRYGG_MBTILES_SOURCE (source);
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) worker = NULL;
  TileRequest *request = g_new (TileRequest, 1);

  *request = (TileRequest) { x, y, zoom_level };

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, trygg_mbtiles_source_get_tile_data_async);
  g_task_set_task_data (outer, request, g_free);

  worker = g_task_new (self, cancellable, read_tile_done_cb, g_steal_pointer (&outer));
  g_task_set_task_data (worker, g_memdup2 (request, sizeof *request), g_free);
  g_task_run_in_thread (worker, read_tile_thread);
}

static GBytes *
trygg_mbtiles_source_get_tile_data_finish (ShumateDataSource  *source,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
trygg_mbtiles_source_finalize (GObject *object)
{
  TryggMbtilesSource *self = TRYGG_MBTILES_SOURCE (object);

  g_clear_pointer (&self->tile_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_clear (&self->mutex);
  g_clear_pointer (&self->blank_tile, g_bytes_unref);
  g_free (self->path);
  g_free (self->id);
  g_free (self->name);
  g_free (self->attribution);
  g_free (self->format);

  G_OBJECT_CLASS (trygg_mbtiles_source_parent_class)->finalize (object);
}

static void
trygg_mbtiles_source_class_init (TryggMbtilesSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = trygg_mbtiles_source_finalize;
  source_class->get_tile_data_async = trygg_mbtiles_source_get_tile_data_async;
  source_class->get_tile_data_finish = trygg_mbtiles_source_get_tile_data_finish;

  /**
   * TryggMbtilesSource::tile-failed:
   * @error: what went wrong, already a sentence for the user
   *
   * A tile could not be read (a damaged file). Missing tiles are not
   * failures: they are drawn blank. libshumate 1.0 drops tile errors
   * silently, so the map view listens here to tell the user.
   */
  signals[TILE_FAILED] =
    g_signal_new ("tile-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
trygg_mbtiles_source_init (TryggMbtilesSource *self)
{
  g_mutex_init (&self->mutex);
}

/* Public API */

/**
 * trygg_mbtiles_source_new:
 * @path: an MBTiles file
 * @error: a translated message for the user when the file cannot be used
 *
 * Opens @path read-only and checks that it is a raster MBTiles file.
 */
TryggMbtilesSource *
trygg_mbtiles_source_new (const char  *path,
                          GError     **error)
{
  g_autoptr(TryggMbtilesSource) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TRYGG_TYPE_MBTILES_SOURCE, NULL);
  self->path = g_strdup (path);

  if (!trygg_mbtiles_source_open (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
trygg_mbtiles_source_get_path (TryggMbtilesSource *self)
{
  g_return_val_if_fail (TRYGG_IS_MBTILES_SOURCE (self), NULL);
  return self->path;
}

const char *
trygg_mbtiles_source_get_id (TryggMbtilesSource *self)
{
  g_return_val_if_fail (TRYGG_IS_MBTILES_SOURCE (self), NULL);
  return self->id;
}

const char *
trygg_mbtiles_source_get_name (TryggMbtilesSource *self)
{
  g_return_val_if_fail (TRYGG_IS_MBTILES_SOURCE (self), NULL);
  return self->name;
}

const char *
trygg_mbtiles_source_get_attribution (TryggMbtilesSource *self)
{
  g_return_val_if_fail (TRYGG_IS_MBTILES_SOURCE (self), NULL);
  return self->attribution;
}

const char *
trygg_mbtiles_source_get_format (TryggMbtilesSource *self)
{
  g_return_val_if_fail (TRYGG_IS_MBTILES_SOURCE (self), NULL);
  return self->format;
}

guint
trygg_mbtiles_source_get_min_zoom (TryggMbtilesSource *self)
{
  g_return_val_if_fail (TRYGG_IS_MBTILES_SOURCE (self), 0);
  return self->min_zoom;
}

guint
trygg_mbtiles_source_get_max_zoom (TryggMbtilesSource *self)
{
  g_return_val_if_fail (TRYGG_IS_MBTILES_SOURCE (self), 0);
  return self->max_zoom;
}

void
trygg_mbtiles_source_get_bounds (TryggMbtilesSource *self,
                                 TryggMbtilesBounds *bounds)
{
  g_return_if_fail (TRYGG_IS_MBTILES_SOURCE (self));
  g_return_if_fail (bounds != NULL);
  *bounds = self->bounds;
}

guint
trygg_mbtiles_source_get_tile_size (TryggMbtilesSource *self)
{
  g_return_val_if_fail (TRYGG_IS_MBTILES_SOURCE (self), 256);
  return self->tile_size;
}

/**
 * trygg_mbtiles_source_create_renderer:
 *
 * Returns: (transfer full): a raster renderer showing this file, with its
 *   own attribution (or its name) as the licence text.
 */
ShumateMapSource *
trygg_mbtiles_source_create_renderer (TryggMbtilesSource *self)
{
  g_return_val_if_fail (TRYGG_IS_MBTILES_SOURCE (self), NULL);

  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (self->id,
                                                               self->name,
                                                               self->attribution ? self->attribution : "",
                                                               NULL,
                                                               self->min_zoom,
                                                               self->max_zoom,
                                                               self->tile_size,
                                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                                               SHUMATE_DATA_SOURCE (self)));
}

/* Tile numbering */

void
trygg_mbtiles_tile_range (const TryggMbtilesBounds *bounds,
                          int                       zoom,
                          int                      *min_x,
                          int                      *min_y,
                          int                      *max_x,
                          int                      *max_y)
{
  double n = (double) (1 << zoom);
  double north = CLAMP (bounds->north, -MAX_MERCATOR_LATITUDE, MAX_MERCATOR_LATITUDE);
  double south = CLAMP (bounds->south, -MAX_MERCATOR_LATITUDE, MAX_MERCATOR_LATITUDE);
  double lat_n = north * G_PI / 180.0, lat_s = south * G_PI / 180.0;
  int last = (1 << zoom) - 1;

  *min_x = CLAMP ((int) floor ((bounds->west + 180.0) / 360.0 * n), 0, last);
  *max_x = CLAMP ((int) floor ((bounds->east + 180.0) / 360.0 * n), 0, last);
  *min_y = CLAMP ((int) floor ((1.0 - asinh (tan (lat_n)) / G_PI) / 2.0 * n), 0, last);
  *max_y = CLAMP ((int) floor ((1.0 - asinh (tan (lat_s)) / G_PI) / 2.0 * n), 0, last);
}

guint64
trygg_mbtiles_count_tiles (const TryggMbtilesBounds *bounds,
                           int                       min_zoom,
                           int                       max_zoom)
{
  guint64 total = 0;

  for (int z = min_zoom; z <= max_zoom; z++)
    {
      int x0, y0, x1, y1;

      trygg_mbtiles_tile_range (bounds, z, &x0, &y0, &x1, &y1);
      total += (guint64) (x1 - x0 + 1) * (guint64) (y1 - y0 + 1);
    }
  return total;
}

/* Writer */

struct _TryggMbtilesWriter
{
  char         *path;
  char         *temp_path;
  sqlite3      *db;
  sqlite3_stmt *insert;
  const char   *format;
  int           min_zoom;
  int           max_zoom;
  guint64       n_tiles;
  gboolean      finished;
};

static gboolean
writer_fail (TryggMbtilesWriter  *writer,
             GError             **error)
{
  g_autofree char *name = g_filename_display_name (writer->path);

  g_debug ("MBTiles writer: %s", writer->db ? sqlite3_errmsg (writer->db) : "no database");
  g_set_error (error, TRYGG_MBTILES_ERROR, TRYGG_MBTILES_ERROR_WRITE,
               _("The offline map could not be saved as “%s”. Check that there is free space and that you may write to the folder."),
               name);
  return FALSE;
}

TryggMbtilesWriter *
trygg_mbtiles_writer_new (const char  *path,
                          GError     **error)
{
  g_autoptr(TryggMbtilesWriter) writer = g_new0 (TryggMbtilesWriter, 1);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *template = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  writer->path = g_strdup (path);
  writer->min_zoom = G_MAXINT;
  writer->max_zoom = -1;

  /* A hidden temporary next to the target, so the final rename stays on
   * one file system and a half-written map never carries the real name. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  template = g_strdup_printf ("%s/.%s.XXXXXX.partial", dir, base);
  fd = g_mkstemp_full (template, O_RDWR, 0644);
  if (fd < 0)
    {
      writer_fail (writer, error);
      return NULL;
    }
  close (fd);
  writer->temp_path = g_steal_pointer (&template);

  if (sqlite3_open_v2 (writer->temp_path, &writer->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK
      || sqlite3_exec (writer->db,
                       "PRAGMA application_id = 0x4d504258;"
                       "PRAGMA journal_mode = OFF;"
                       "PRAGMA synchronous = OFF;"
                       "CREATE TABLE metadata (name TEXT, value TEXT);"
                       "CREATE UNIQUE INDEX metadata_name ON metadata (name);"
                       "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER,"
                       "                    tile_row INTEGER, tile_data BLOB);"
                       "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);"
                       "BEGIN;",
                       NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (writer->db,
                             "INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) "
                             "VALUES (?, ?, ?, ?)",
                             -1, &writer->insert, NULL) != SQLITE_OK)
    {
      writer_fail (writer, error);
      return NULL;
    }

  return g_steal_pointer (&writer);
}

gboolean
trygg_mbtiles_writer_add_tile (TryggMbtilesWriter  *writer,
                               int                  x,
                               int                  y,
                               int                  zoom,
                               GBytes              *data,
                               GError             **error)
{
  const guint8 *bytes;
  gsize len;

  g_return_val_if_fail (writer != NULL && !writer->finished, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (zoom >= 0 && zoom <= 30, FALSE);

  bytes = g_bytes_get_data (data, &len);
  if (writer->format == NULL)
    writer->format = bytes_are_jpeg (bytes, len) ? "jpg" : "png";

  sqlite3_reset (writer->insert);
  sqlite3_bind_int (writer->insert, 1, zoom);
  sqlite3_bind_int (writer->insert, 2, x);
  sqlite3_bind_int (writer->insert, 3, (1 << zoom) - 1 - y);
  sqlite3_bind_blob (writer->insert, 4, bytes, len, SQLITE_TRANSIENT);
  if (sqlite3_step (writer->insert) != SQLITE_DONE)
    return writer_fail (writer, error);

  writer->min_zoom = MIN (writer->min_zoom, zoom);
  writer->max_zoom = MAX (writer->max_zoom, zoom);
  writer->n_tiles++;
  return TRUE;
}

static gboolean
write_metadata (TryggMbtilesWriter *writer,
                const char         *key,
                const char         *value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (value == NULL)
    return TRUE;
  if (sqlite3_prepare_v2 (writer->db, "INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_DONE;
}

gboolean
trygg_mbtiles_writer_finish (TryggMbtilesWriter        *writer,
                             const char                *name,
                             const char                *attribution,
                             const TryggMbtilesBounds  *bounds,
                             GError                   **error)
{
  char buf[4][G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *bounds_text = NULL;
  g_autofree char *center_text = NULL;
  g_autofree char *min_text = NULL;
  g_autofree char *max_text = NULL;

  g_return_val_if_fail (writer != NULL && !writer->finished, FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  if (writer->n_tiles == 0)
    {
      g_autofree char *display = g_filename_display_basename (writer->path);

      g_set_error (error, TRYGG_MBTILES_ERROR, TRYGG_MBTILES_ERROR_EMPTY,
                   _("The offline map “%s” holds no map images. Choose another file."), display);
      return FALSE;
    }

  bounds_text = g_strdup_printf ("%s,%s,%s,%s",
                                 g_ascii_dtostr (buf[0], sizeof buf[0], bounds->west),
                                 g_ascii_dtostr (buf[1], sizeof buf[1], bounds->south),
                                 g_ascii_dtostr (buf[2], sizeof buf[2], bounds->east),
                                 g_ascii_dtostr (buf[3], sizeof buf[3], bounds->north));
  center_text = g_strdup_printf ("%s,%s,%d",
                                 g_ascii_dtostr (buf[0], sizeof buf[0], (bounds->west + bounds->east) / 2),
                                 g_ascii_dtostr (buf[1], sizeof buf[1], (bounds->south + bounds->north) / 2),
                                 writer->min_zoom);
  min_text = g_strdup_printf ("%d", writer->min_zoom);
  max_text = g_strdup_printf ("%d", writer->max_zoom);

  if (!write_metadata (writer, "name", name ? name : "Trygghetskarta")
      || !write_metadata (writer, "format", writer->format)
      || !write_metadata (writer, "type", "baselayer")
      || !write_metadata (writer, "version", "1.3")
      || !write_metadata (writer, "bounds", bounds_text)
      || !write_metadata (writer, "center", center_text)
      || !write_metadata (writer, "minzoom", min_text)
      || !write_metadata (writer, "maxzoom", max_text)
      || !write_metadata (writer, "attribution", attribution)
      || sqlite3_exec (writer->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    return writer_fail (writer, error);

  g_clear_pointer (&writer->insert, sqlite3_finalize);
  if (sqlite3_close (writer->db) != SQLITE_OK)
    return writer_fail (writer, error);
  writer->db = NULL;

  if (g_rename (writer->temp_path, writer->path) != 0)
    return writer_fail (writer, error);

  writer->finished = TRUE;
  return TRUE;
}

const char *
trygg_mbtiles_writer_get_temp_path (TryggMbtilesWriter *writer)
{
  g_return_val_if_fail (writer != NULL, NULL);
  return writer->temp_path;
}

void
trygg_mbtiles_writer_free (TryggMbtilesWriter *writer)
{
  if (writer == NULL)
    return;

  g_clear_pointer (&writer->insert, sqlite3_finalize);
  g_clear_pointer (&writer->db, sqlite3_close);
  if (!writer->finished && writer->temp_path != NULL)
    g_unlink (writer->temp_path);
  g_free (writer->temp_path);
  g_free (writer->path);
  g_free (writer);
}
