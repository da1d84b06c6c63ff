/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>

#include "test-map-fixtures.h"
#include "trygg-findings-layer.h"
#include "trygg-map-view.h"
#include "trygg-mbtiles.h"
#include "trygg-offline-dialog.h"

/* The map view in a real window under Xvfb: projection, hit testing and
 * clustering at several zoom levels, what the user sees on screen, the
 * offline map and its failure notice. Nothing here touches the network:
 * TRYGG_TILE_URL points the online map at a closed local port. */

#define CENTRE_LAT   59.1917
#define CENTRE_LON   17.6278
#define TILE_COLOUR  0x4a90d9
#define NEW_COLOUR   0xc01c28
#define FIXED_COLOUR 0x26a269

typedef struct
{
  GtkWidget    *window;
  TryggMapView *view;
  TryggFindingsLayer *layer;
  char         *ids[200];
  int           width, height;
} Fixture;

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer   data,
            guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
is_allocated (gpointer data)
{
  Fixture *f = data;

  f->width = gtk_widget_get_width (GTK_WIDGET (f->layer));
  f->height = gtk_widget_get_height (GTK_WIDGET (f->layer));
  return f->width >= 400 && f->height >= 300 && gtk_widget_get_mapped (GTK_WIDGET (f->layer));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = gtk_window_new ();
  f->view = TRYGG_MAP_VIEW (trygg_map_view_new ());
  f->layer = trygg_map_view_get_findings_layer (f->view);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  for (guint i = 0; i < G_N_ELEMENTS (f->ids); i++)
    f->ids[i] = g_strdup_printf ("finding-%u", i);
}

static void
show (Fixture *f)
{
  gtk_window_present (GTK_WINDOW (f->window));
  if (!wait_until (is_allocated, f, 5000))
    g_error ("map allocated %d×%d", gtk_widget_get_width (GTK_WIDGET (f->layer)),
             gtk_widget_get_height (GTK_WIDGET (f->layer)));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate (20);
  for (guint i = 0; i < G_N_ELEMENTS (f->ids); i++)
    g_free (f->ids[i]);
}

static char *
make_offline_map (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "maps", NULL);
  char *path = g_build_filename (dir, "centre.mbtiles", NULL);

  g_mkdir_with_parents (dir, 0700);
  fixture_write_mbtiles (path, FIXTURE_PNG, TILE_COLOUR, 12, 16, 17.60, 59.18, 17.66, 59.20);
  return path;
}

static void
use_offline_map (Fixture *f)
{
  g_autofree char *path = make_offline_map ();
  g_autoptr(GError) error = NULL;

  g_assert_true (trygg_map_view_set_offline_map (f->view, path, &error));
  g_assert_no_error (error);
}

static TryggPin
pin_at (Fixture     *f,
        guint        i,
        double       lat,
        double       lon,
        TryggStatus  status)
{
  return (TryggPin) { lat, lon, i + 1, status, "lighting", f->ids[i] };
}

/* Pins are drawn where libshumate puts the map: compare with its own
 * conversion, at whole and fractional zoom levels. */
static void
test_projection (Fixture       *f,
                 gconstpointer  data)
{
  static const double zooms[] = { 3, 10.5, 14, 16.25 };
  static const double offsets[][2] = { { 0, 0 }, { 0.004, -0.007 }, { -0.01, 0.02 } };
  ShumateViewport *viewport = trygg_map_view_get_viewport (f->view);

  use_offline_map (f);
  show (f);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      trygg_map_view_center_on (f->view, CENTRE_LAT, CENTRE_LON, zooms[z]);
      for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
        {
          double lat = CENTRE_LAT + offsets[i][0], lon = CENTRE_LON + offsets[i][1];
          double x, y, sx, sy;

          trygg_findings_layer_project (f->layer, lat, lon, &x, &y);
          shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (f->layer), lat, lon, &sx, &sy);
          g_assert_cmpfloat_with_epsilon (x, sx, 0.01);
          g_assert_cmpfloat_with_epsilon (y, sy, 0.01);
        }
    }
}

/* The tip of a pin is its location; the head above it is clickable, the
 * map beside it is not. */
static void
test_hit_test (Fixture       *f,
               gconstpointer  data)
{
  TryggPin pins[2];
  guint index;
  gboolean is_cluster;

  use_offline_map (f);
  show (f);
  pins[0] = pin_at (f, 0, CENTRE_LAT, CENTRE_LON, TRYGG_STATUS_NEW);
  pins[1] = pin_at (f, 1, CENTRE_LAT, CENTRE_LON + 0.003, TRYGG_STATUS_FIXED);
  trygg_map_view_set_pins (f->view, pins, 2);

  for (double zoom = 15; zoom <= 16.5; zoom += 0.75)
    {
      trygg_map_view_center_on (f->view, CENTRE_LAT, CENTRE_LON, zoom);
      for (guint i = 0; i < 2; i++)
        {
          double x, y;

          trygg_findings_layer_project (f->layer, pins[i].latitude, pins[i].longitude, &x, &y);
          g_assert_true (trygg_findings_layer_hit_test (f->layer, x, y - 2, &index, &is_cluster));
          g_assert_cmpuint (index, ==, i);
          g_assert_false (is_cluster);
          g_assert_true (trygg_findings_layer_hit_test (f->layer, x, y - 24, &index, &is_cluster));
          g_assert_cmpuint (index, ==, i);
          g_assert_false (trygg_findings_layer_hit_test (f->layer, x, y + 12, NULL, NULL));
          g_assert_false (trygg_findings_layer_hit_test (f->layer, x - 40, y - 20, NULL, NULL));
        }
    }

  /* Zoomed out, the two share one marker: a cluster of both. */
  trygg_map_view_center_on (f->view, CENTRE_LAT, CENTRE_LON, 11);
  {
    double x, y;
    const guint *members;
    guint n;

    trygg_findings_layer_project (f->layer, CENTRE_LAT, CENTRE_LON + 0.0015, &x, &y);
    g_assert_true (trygg_findings_layer_hit_test (f->layer, x, y, &index, &is_cluster));
    g_assert_true (is_cluster);
    members = trygg_findings_layer_get_cluster_members (f->layer, index, &n);
    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpuint (members[0] + members[1], ==, 1);
  }
}

static guint
make_grid (Fixture  *f,
           TryggPin *pins,
           guint     side,
           double    step)
{
  for (guint i = 0; i < side * side; i++)
    pins[i] = pin_at (f, i, CENTRE_LAT + (i / side) * step, CENTRE_LON + (i % side) * step * 2,
                      i % TRYGG_N_STATUSES);
  return side * side;
}

/* Pins 20-40 m apart merge when the whole town is in view and stand apart
 * at street level; every pin is in exactly one marker. */
static void
test_clustering (Fixture       *f,
                 gconstpointer  data)
{
  TryggPin pins[100];
  guint n = make_grid (f, pins, 10, 0.0002);
  guint total = 0;

  use_offline_map (f);
  show (f);
  trygg_map_view_set_pins (f->view, pins, n);

  trygg_map_view_center_on (f->view, CENTRE_LAT, CENTRE_LON, 12);
  g_assert_cmpuint (trygg_findings_layer_get_n_clusters (f->layer), <=, 4);
  for (guint c = 0; c < trygg_findings_layer_get_n_clusters (f->layer); c++)
    {
      guint members;

      trygg_findings_layer_get_cluster_members (f->layer, c, &members);
      total += members;
    }
  g_assert_cmpuint (total, ==, n);

  trygg_map_view_center_on (f->view, CENTRE_LAT + 0.001, CENTRE_LON + 0.002, 16);
  g_assert_cmpuint (trygg_findings_layer_get_n_clusters (f->layer), ==, n);
  g_assert_cmpuint (trygg_findings_layer_count_visible (f->layer), ==, n);

  /* The selected finding is never hidden in a cluster. */
  trygg_map_view_center_on (f->view, CENTRE_LAT, CENTRE_LON, 12);
  trygg_map_view_set_selected (f->view, f->ids[42]);
  {
    double x, y;
    guint index;
    gboolean is_cluster;

    trygg_findings_layer_project (f->layer, pins[42].latitude, pins[42].longitude, &x, &y);
    g_assert_true (trygg_findings_layer_hit_test (f->layer, x, y - 3, &index, &is_cluster));
    g_assert_false (is_cluster);
    g_assert_cmpuint (index, ==, 42);
  }
}

static void
record_pointer_cb (TryggMapView *view,
                   gpointer      id,
                   gpointer     *out)
{
  *out = id;
}

/* Clicking a cluster zooms in until its members are in view; clicking a
 * pin selects it and says which finding it is. */
static void
test_activation (Fixture       *f,
                 gconstpointer  data)
{
  ShumateViewport *viewport = trygg_map_view_get_viewport (f->view);
  TryggPin pins[100];
  guint n = make_grid (f, pins, 10, 0.0002);
  gpointer activated = NULL;
  guint index;
  gboolean is_cluster;
  double x, y;

  use_offline_map (f);
  show (f);
  trygg_map_view_set_pins (f->view, pins, n);
  trygg_map_view_center_on (f->view, CENTRE_LAT, CENTRE_LON, 12);
  g_signal_connect (f->view, "finding-activated", G_CALLBACK (record_pointer_cb), &activated);

  trygg_findings_layer_project (f->layer, pins[0].latitude, pins[0].longitude, &x, &y);
  g_assert_true (trygg_findings_layer_hit_test (f->layer, x, y, &index, &is_cluster));
  g_assert_true (is_cluster);
  g_signal_emit_by_name (f->layer, "cluster-activated", index);

  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), >, 13);
  for (guint i = 0; i < n; i++)
    {
      trygg_findings_layer_project (f->layer, pins[i].latitude, pins[i].longitude, &x, &y);
      g_assert_cmpfloat (x, >=, 0);
      g_assert_cmpfloat (x, <=, f->width);
      g_assert_cmpfloat (y, >=, 0);
      g_assert_cmpfloat (y, <=, f->height);
    }

  g_signal_emit_by_name (f->layer, "pin-activated", 7);
  g_assert_true (activated == f->ids[7]);
  g_assert_true (trygg_findings_layer_get_selected (f->layer) == f->ids[7]);
}

static void
test_zoom_to_pins (Fixture       *f,
                   gconstpointer  data)
{
  ShumateViewport *viewport = trygg_map_view_get_viewport (f->view);
  TryggPin pins[3];
  double x, y, zoom;

  use_offline_map (f);
  show (f);
  pins[0] = pin_at (f, 0, 59.185, 17.61, TRYGG_STATUS_NEW);
  pins[1] = pin_at (f, 1, 59.198, 17.64, TRYGG_STATUS_NEW);
  pins[2] = pin_at (f, 2, 59.19, 17.655, TRYGG_STATUS_NEW);
  trygg_map_view_set_pins (f->view, pins, 3);
  trygg_map_view_center_on (f->view, 59.0, 17.0, 12);

  trygg_map_view_zoom_to_pins (f->view, pins, 3);
  zoom = shumate_viewport_get_zoom_level (viewport);
  g_assert_cmpfloat (zoom, >=, 13);
  for (guint i = 0; i < 3; i++)
    {
      trygg_findings_layer_project (f->layer, pins[i].latitude, pins[i].longitude, &x, &y);
      g_assert_cmpfloat (x, >, 20);
      g_assert_cmpfloat (x, <, f->width - 20);
      g_assert_cmpfloat (y, >, 20);
      g_assert_cmpfloat (y, <, f->height - 20);
    }

  /* As close as possible: one level closer loses a pin off screen. */
  shumate_viewport_set_zoom_level (viewport, zoom + 1);
  {
    gboolean outside = FALSE;

    for (guint i = 0; i < 3; i++)
      {
        trygg_findings_layer_project (f->layer, pins[i].latitude, pins[i].longitude, &x, &y);
        outside |= x < 0 || x > f->width || y < 0 || y > f->height;
      }
    g_assert_true (outside);
  }
}

typedef struct
{
  Fixture *f;
  GFile   *file;
  guint32  probe_colour;
  int      probe_x, probe_y;
} ExportProbe;

static guint32
pixel (GdkPixbuf *pixbuf,
       int        x,
       int        y)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf)
                    + x * gdk_pixbuf_get_n_channels (pixbuf);

  return (p[0] << 16) | (p[1] << 8) | p[2];
}

/* Tile seams may cross any one pixel: most of a few samples must match. */
static gboolean
mostly_tile_colour (GdkPixbuf *pixbuf,
                    int        x,
                    int        y)
{
  guint hits = 0;

  for (int dx = -12; dx <= 12; dx += 12)
    for (int dy = -12; dy <= 12; dy += 12)
      hits += fixture_colour_near (pixel (pixbuf, x + dx, y + dy), TILE_COLOUR, 3);
  return hits >= 6;
}

static gboolean
tiles_drawn (gpointer data)
{
  ExportProbe *probe = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *path = g_file_get_path (probe->file);

  if (!trygg_map_view_export_png (probe->f->view, probe->file, 1, &error))
    return FALSE;
  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  probe->probe_colour = pixel (pixbuf, probe->probe_x, probe->probe_y);
  return mostly_tile_colour (pixbuf, probe->probe_x, probe->probe_y);
}

/* What the meeting sees: the offline map's tiles fill the view and each
 * pin shows its status colour right above its location. Checked on the
 * exported picture, which is also what "Export as PNG" gives. */
static void
test_render (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "map.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GdkPixbuf) shot = NULL;
  g_autoptr(GdkPixbuf) shot2 = NULL;
  g_autoptr(GError) error = NULL;
  ExportProbe probe = { f, file, 0, 0, 0 };
  TryggPin pins[2];
  double x, y;

  use_offline_map (f);
  trygg_map_view_set_show_legend (f->view, FALSE);
  show (f);
  trygg_map_view_center_on (f->view, CENTRE_LAT, CENTRE_LON, 15);
  pins[0] = pin_at (f, 0, CENTRE_LAT, CENTRE_LON, TRYGG_STATUS_NEW);
  pins[1] = pin_at (f, 1, CENTRE_LAT, CENTRE_LON + 0.004, TRYGG_STATUS_FIXED);
  trygg_map_view_set_pins (f->view, pins, 2);

  probe.probe_x = f->width / 4;
  probe.probe_y = f->height / 2;
  if (!wait_until (tiles_drawn, &probe, 10000))
    g_error ("tiles never appeared: colour %06x at the probe", probe.probe_colour);

  shot = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (shot), ==, f->width);
  g_assert_true (mostly_tile_colour (shot, 30, f->height / 3));
  g_assert_true (mostly_tile_colour (shot, f->width - 100, f->height / 3));

  /* The pin's head: left of the number, halfway up the pin. */
  trygg_findings_layer_project (f->layer, pins[0].latitude, pins[0].longitude, &x, &y);
  g_assert_true (fixture_colour_near (pixel (shot, x - 8, y - 24), NEW_COLOUR, 8));
  g_assert_true (fixture_colour_near (pixel (shot, x, y - 6), NEW_COLOUR, 8));
  g_assert_true (fixture_colour_near (pixel (shot, x, y + 4), TILE_COLOUR, 3));
  trygg_findings_layer_project (f->layer, pins[1].latitude, pins[1].longitude, &x, &y);
  g_assert_true (fixture_colour_near (pixel (shot, x - 8, y - 24), FIXED_COLOUR, 8));

  /* Twice the pixels for print. */
  g_assert_true (trygg_map_view_export_png (f->view, file, 2, &error));
  g_assert_no_error (error);
  shot2 = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (shot2), ==, 2 * f->width);
  g_assert_cmpint (gdk_pixbuf_get_height (shot2), ==, 2 * f->height);
  g_assert_true (mostly_tile_colour (shot2, 60, 2 * f->height / 3));
  g_assert_true (fixture_colour_near (pixel (shot2, 2 * x - 16, 2 * y - 48), FIXED_COLOUR, 10));
}

static guint32
exported_pixel (Fixture *f,
                GFile   *file,
                double   x,
                double   y)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GdkPixbuf) shot = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (trygg_map_view_export_png (f->view, file, 1, &error));
  g_assert_no_error (error);
  shot = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  return pixel (shot, x, y);
}

static gboolean
frame_painted (gpointer data)
{
  gboolean *painted = data;

  return *painted;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static void
wait_for_frame (Fixture *f)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (f->window);
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

  gtk_widget_queue_draw (GTK_WIDGET (f->view));
  g_assert_true (wait_until (frame_painted, &painted, 5000));
  g_signal_handler_disconnect (clock, id);
}

/* The walked route is drawn over the tiles, and goes away again. */
static void
test_route (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "route.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(TryggRoute) route = trygg_route_new ();
  ExportProbe probe = { f, file, 0, 0, 0 };
  TryggRoutePoint points[] = { { CENTRE_LAT, CENTRE_LON - 0.01 }, { CENTRE_LAT, CENTRE_LON + 0.01 } };
  double x, y;

  use_offline_map (f);
  trygg_map_view_set_show_legend (f->view, FALSE);
  show (f);
  trygg_map_view_center_on (f->view, CENTRE_LAT, CENTRE_LON, 15);
  probe.probe_x = f->width / 4;
  probe.probe_y = f->height / 3;
  g_assert_true (wait_until (tiles_drawn, &probe, 10000));

  g_array_append_vals (route->points, points, G_N_ELEMENTS (points));
  trygg_map_view_set_route (f->view, route);
  wait_for_frame (f);
  trygg_findings_layer_project (f->layer, CENTRE_LAT, CENTRE_LON + 0.003, &x, &y);
  g_assert_false (fixture_colour_near (exported_pixel (f, file, x, y), TILE_COLOUR, 20));

  trygg_map_view_set_route (f->view, NULL);
  wait_for_frame (f);
  g_assert_true (fixture_colour_near (exported_pixel (f, file, x, y), TILE_COLOUR, 3));
}

static gboolean
tiles_failing (gpointer data)
{
  return trygg_map_view_get_tiles_failing (data);
}

/* No network: the map says so, on the map, with a way out; an offline
 * map clears the notice. A file that is not a map is refused and the
 * current map stays. */
static void
test_failure_notice (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *notes = g_build_filename (g_get_user_cache_dir (), "notes.mbtiles", NULL);
  g_autoptr(GError) error = NULL;
  gint64 start;

  show (f);
  start = g_get_monotonic_time ();
  g_assert_true (wait_until (tiles_failing, f->view, 20000));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_assert_true (g_file_set_contents (notes, "anteckningar", -1, NULL));
  g_assert_false (trygg_map_view_set_offline_map (f->view, notes, &error));
  g_assert_error (error, TRYGG_MBTILES_ERROR, TRYGG_MBTILES_ERROR_NOT_MBTILES);
  g_assert_null (trygg_map_view_get_offline_map (f->view));
  g_assert_true (trygg_map_view_get_tiles_failing (f->view));

  use_offline_map (f);
  g_assert_false (trygg_map_view_get_tiles_failing (f->view));
  g_assert_nonnull (trygg_map_view_get_offline_map (f->view));
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  ShumateViewport *viewport = trygg_map_view_get_viewport (f->view);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);

  use_offline_map (f);
  g_settings_set_double (settings, "map-latitude", 59.19);
  g_settings_set_double (settings, "map-longitude", 17.64);
  g_settings_set_double (settings, "map-zoom", 14);
  trygg_map_view_set_settings (f->view, settings);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), 59.19, 1e-9);
  g_assert_cmpfloat_with_epsilon (shumate_viewport_get_zoom_level (viewport), 14, 1e-9);

  show (f);
  trygg_map_view_center_on (f->view, 59.185, 17.62, 15);
  iterate (1200);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "map-latitude"), 59.185, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "map-longitude"), 17.62, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "map-zoom"), 15, 1e-9);
}

static void
test_adding_mode (Fixture       *f,
                  gconstpointer  data)
{
  use_offline_map (f);
  show (f);

  trygg_map_view_set_adding (f->view, TRUE);
  g_assert_true (trygg_map_view_get_adding (f->view));
  g_assert_nonnull (gtk_widget_get_cursor (GTK_WIDGET (f->layer)));
  g_assert_cmpstr (gdk_cursor_get_name (gtk_widget_get_cursor (GTK_WIDGET (f->layer))), ==, "crosshair");

  /* Escape leaves the mode without choosing a place. */
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->view)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "map.cancel-adding", NULL));
  g_assert_false (trygg_map_view_get_adding (f->view));
  g_assert_null (gtk_widget_get_cursor (GTK_WIDGET (f->layer)));
}

static GtkGesture *
find_drag_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
}

typedef struct
{
  gpointer id;
  double   latitude, longitude;
  guint    count;
} Moved;

static void
finding_moved_cb (TryggMapView *view,
                  gpointer      id,
                  double        latitude,
                  double        longitude,
                  Moved        *moved)
{
  moved->id = id;
  moved->latitude = latitude;
  moved->longitude = longitude;
  moved->count++;
}

/* Dragging the selected pin moves it to where it is dropped (the tip goes
 * where the pointer takes it); a drag that starts on another pin is left
 * to the map, which pans. The drag gesture's signals are emitted directly:
 * GTK 4 has no public way to synthesise pointer events. */
static void
test_drag (Fixture       *f,
           gconstpointer  data)
{
  ShumateViewport *viewport = trygg_map_view_get_viewport (f->view);
  GtkGesture *drag = find_drag_gesture (GTK_WIDGET (f->layer));
  TryggPin pins[2];
  Moved moved = { 0 };
  double x, y, lat, lon;

  use_offline_map (f);
  show (f);
  trygg_map_view_center_on (f->view, CENTRE_LAT, CENTRE_LON, 16);
  pins[0] = pin_at (f, 0, CENTRE_LAT, CENTRE_LON, TRYGG_STATUS_NEW);
  pins[1] = pin_at (f, 1, CENTRE_LAT, CENTRE_LON + 0.003, TRYGG_STATUS_NEW);
  trygg_map_view_set_pins (f->view, pins, 2);
  g_signal_connect (f->view, "finding-moved", G_CALLBACK (finding_moved_cb), &moved);

  /* Not selected: no move. */
  trygg_findings_layer_project (f->layer, pins[1].latitude, pins[1].longitude, &x, &y);
  g_signal_emit_by_name (drag, "drag-begin", x, y - 20);
  g_signal_emit_by_name (drag, "drag-update", 40.0, 30.0);
  g_signal_emit_by_name (drag, "drag-end", 40.0, 30.0);
  g_assert_cmpuint (moved.count, ==, 0);

  /* Selected: grabbed by its head, dropped 40 px right and 30 px down. */
  trygg_map_view_set_selected (f->view, f->ids[1]);
  g_signal_emit_by_name (drag, "drag-begin", x, y - 20);
  g_signal_emit_by_name (drag, "drag-update", 20.0, 10.0);
  g_signal_emit_by_name (drag, "drag-end", 40.0, 30.0);
  g_assert_cmpuint (moved.count, ==, 1);
  g_assert_true (moved.id == f->ids[1]);

  shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (f->layer), x + 40, y + 30, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (moved.latitude, lat, 1e-6);
  g_assert_cmpfloat_with_epsilon (moved.longitude, lon, 1e-6);

  /* The pin is drawn at its new place until the caller sets new pins. */
  g_assert_cmpfloat_with_epsilon (trygg_findings_layer_get_pin (f->layer, 1)->latitude, lat, 1e-9);
}

/* The keys' actions: an arrow moves the map a quarter of its width, + and
 * - change the zoom by a whole level. */
static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  ShumateViewport *viewport = trygg_map_view_get_viewport (f->view);
  double x, y;

  use_offline_map (f);
  show (f);
  trygg_map_view_center_on (f->view, CENTRE_LAT, CENTRE_LON, 14.6);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "map.pan", "(ii)", 1, 0));
  trygg_findings_layer_project (f->layer, CENTRE_LAT, CENTRE_LON, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, f->width / 2.0 - f->width / 4.0, 1.0);
  g_assert_cmpfloat_with_epsilon (y, f->height / 2.0, 1.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "map.zoom", "i", 1));
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), ==, 16);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "map.zoom", "i", -1));
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), ==, 15);
}

/* An animated zoom that starts a hair above the lowest zoom level and
 * ends on it (the last frame of one scroll step, then the next step)
 * gave libshumate 1.0 a 0/0 in its animation: a latitude of NaN, and the
 * scale aborted the program. */
static void
test_zoom_limit (Fixture       *f,
                 gconstpointer  data)
{
  ShumateViewport *viewport = trygg_map_view_get_viewport (f->view);
  ShumateMap *map = shumate_simple_map_get_map (trygg_map_view_get_simple_map (f->view));
  guint min_zoom = shumate_viewport_get_min_zoom_level (viewport);
  guint max_zoom = shumate_viewport_get_max_zoom_level (viewport);

  show (f);
  g_object_set (gtk_widget_get_settings (GTK_WIDGET (f->view)), "gtk-enable-animations", TRUE, NULL);
  shumate_map_set_animate_zoom (map, TRUE);

  /* Each animation is given a second (the sanitizers slow the frames
   * down) and stopped before the next: a zoom during an animation adds
   * to where that one is going. */
  shumate_map_stop_go_to (map);
  shumate_viewport_set_zoom_level (viewport, min_zoom + 1e-17);
  shumate_map_zoom_out (map);
  iterate (1000);
  shumate_map_stop_go_to (map);
  g_assert_false (isnan (shumate_location_get_latitude (SHUMATE_LOCATION (viewport))));
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), ==, min_zoom);

  shumate_viewport_set_zoom_level (viewport, max_zoom - 1e-14);
  shumate_map_zoom_in (map);
  iterate (1000);
  shumate_map_stop_go_to (map);
  g_assert_false (isnan (shumate_location_get_latitude (SHUMATE_LOCATION (viewport))));
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), ==, max_zoom);
}

static gboolean
dialog_idle (gpointer data)
{
  return !trygg_offline_dialog_get_running (data);
}

static void
test_offline_dialog (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *out = g_build_filename (g_get_user_cache_dir (), "maps", "saved.mbtiles", NULL);
  g_autofree char *offline = g_build_filename (g_get_user_cache_dir (), "maps", "offline.mbtiles", NULL);
  g_autofree char *maps_dir = g_path_get_dirname (offline);
  g_autoptr(TryggMbtilesSource) saved = NULL;
  g_autoptr(GError) error = NULL;
  TryggOfflineDialog *dialog;

  /* Online, with no network: a clean failure and no file. */
  show (f);
  trygg_map_view_center_on (f->view, CENTRE_LAT, CENTRE_LON, 15);
  iterate (50);
  dialog = trygg_offline_dialog_new (GTK_WINDOW (f->window), f->view);
  trygg_offline_dialog_set_zoom_range (dialog, 15, 16);
  g_assert_cmpuint (trygg_offline_dialog_get_n_tiles (dialog), >, 4);
  g_mkdir_with_parents (maps_dir, 0700);
  trygg_offline_dialog_start (dialog, offline);
  g_assert_true (wait_until (dialog_idle, dialog, 20000));
  g_assert_nonnull (trygg_offline_dialog_get_error (dialog));
  g_assert_false (g_file_test (offline, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* From an offline map: the new file holds the area at both levels. */
  use_offline_map (f);
  trygg_map_view_center_on (f->view, CENTRE_LAT, CENTRE_LON, 15);
  iterate (50);
  dialog = trygg_offline_dialog_new (GTK_WINDOW (f->window), f->view);
  trygg_offline_dialog_set_zoom_range (dialog, 14, 15);
  trygg_offline_dialog_start (dialog, out);
  g_assert_true (wait_until (dialog_idle, dialog, 20000));
  g_assert_null (trygg_offline_dialog_get_error (dialog));
  saved = trygg_mbtiles_source_new (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trygg_mbtiles_source_get_min_zoom (saved), ==, 14);
  g_assert_cmpuint (trygg_mbtiles_source_get_max_zoom (saved), ==, 15);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Closing the dialog while it saves cancels cleanly: no file, nothing
   * half-written left behind. */
  dialog = trygg_offline_dialog_new (GTK_WINDOW (f->window), f->view);
  trygg_offline_dialog_set_zoom_range (dialog, 14, 16);
  gtk_window_present (GTK_WINDOW (dialog));
  trygg_offline_dialog_start (dialog, offline);
  g_assert_true (trygg_offline_dialog_get_running (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate (500);
  g_assert_false (g_file_test (offline, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) d = g_dir_open (maps_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_false (g_str_has_suffix (name, ".partial"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("TRYGG_TILE_URL", "http://127.0.0.1:9/{z}/{x}/{y}.png", TRUE);
  /* gtk_test_init() ignores its options: isolate the folders ourselves, so
   * the tests never write to the real cache (libshumate's tile cache
   * included). */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_disable_setlocale ();
  gtk_init ();
  fixture_use_system_mime (data_dirs);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/map/projection", test_projection);
  ADD ("/map/hit-test", test_hit_test);
  ADD ("/map/clustering", test_clustering);
  ADD ("/map/activation", test_activation);
  ADD ("/map/zoom-to-pins", test_zoom_to_pins);
  ADD ("/map/render", test_render);
  ADD ("/map/route", test_route);
  ADD ("/map/failure-notice", test_failure_notice);
  ADD ("/map/settings", test_settings);
  ADD ("/map/adding-mode", test_adding_mode);
  ADD ("/map/keyboard", test_keyboard);
  ADD ("/map/zoom-limit", test_zoom_limit);
  ADD ("/map/drag", test_drag);
  ADD ("/map/offline-dialog", test_offline_dialog);
#undef ADD

  return g_test_run ();
}
