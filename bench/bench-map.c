/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "bench-common.h"
#include "trygg-findings-layer.h"
#include "trygg-map-view.h"
#include "trygg-mbtiles.h"

/* How the map holds up with many findings, against baselines measured in
 * the same run: the same map without pins, the same pins as ShumateMarker
 * widgets, and a bare window with a map for start-up. Panning follows a
 * fixed circle; a frame's time runs from the frame clock's before-paint to
 * its after-paint, i.e. the work GTK does for that frame.
 *
 *   bench-map [--quick]
 *
 * Run under Xvfb (1600×1000); GSK_RENDERER defaults to cairo. */

#define CENTRE_LAT 59.1917
#define CENTRE_LON 17.6278
#define ZOOM       15.0
#define WIN_W      1600
#define WIN_H      1000

static gboolean quick;

/* Map tiles */

static GBytes *
make_tile (guint32 rgb)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 256, 256);
  gchar *buffer = NULL;
  gsize size = 0;

  /* A little structure, so decoding costs what a real tile costs. */
  gdk_pixbuf_fill (pixbuf, (rgb << 8) | 0xff);
  for (int y = 0; y < 256; y += 16)
    {
      g_autoptr(GdkPixbuf) line = gdk_pixbuf_new_subpixbuf (pixbuf, 0, y, 256, 1);
      gdk_pixbuf_fill (line, 0xd0d0d0ff);
    }
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", NULL, NULL);
  return g_bytes_new_take (buffer, size);
}

static void
write_offline_map (const char *path)
{
  TryggMbtilesBounds area = { 17.50, 59.12, 17.76, 59.26 };
  GBytes *tiles[3] = { make_tile (0xe8e0d0), make_tile (0xd8e8d0), make_tile (0xd0d8e8) };
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_remove (path);
  sqlite3_open (path, &db);
  sqlite3_exec (db, "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
                    "CREATE UNIQUE INDEX t ON tiles (zoom_level, tile_column, tile_row); BEGIN;",
                NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &stmt, NULL);
  for (int z = 12; z <= 16; z++)
    {
      int x0, y0, x1, y1;

      trygg_mbtiles_tile_range (&area, z, &x0, &y0, &x1, &y1);
      for (int x = x0; x <= x1; x++)
        for (int y = y0; y <= y1; y++)
          {
            gsize len;
            const void *data = g_bytes_get_data (tiles[(x + y) % 3], &len);

            sqlite3_reset (stmt);
            sqlite3_bind_int (stmt, 1, z);
            sqlite3_bind_int (stmt, 2, x);
            sqlite3_bind_int (stmt, 3, (1 << z) - 1 - y);
            sqlite3_bind_blob (stmt, 4, data, len, SQLITE_STATIC);
            sqlite3_step (stmt);
          }
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    g_bytes_unref (tiles[i]);
}

/* Pins spread evenly at random over what a 1600×1000 view shows. */
static TryggPin *
make_pins (guint n)
{
  TryggPin *pins = g_new (TryggPin, n);
  static const char *categories[] = { "lighting", "vegetation", "litter", "graffiti", NULL };
  double half_lon = WIN_W / 2.0 / (256 * exp2 (ZOOM)) * 360.0;
  double half_lat = half_lon * WIN_H / WIN_W * cos (CENTRE_LAT * G_PI / 180);
  GRand *rand = g_rand_new_with_seed (20261127);

  for (guint i = 0; i < n; i++)
    pins[i] = (TryggPin) {
      CENTRE_LAT + g_rand_double_range (rand, -half_lat, half_lat),
      CENTRE_LON + g_rand_double_range (rand, -half_lon, half_lon),
      i + 1, i % TRYGG_N_STATUSES, categories[i % 4], GUINT_TO_POINTER (i + 1),
    };
  g_rand_free (rand);
  return pins;
}

/* Frame timing. The machines are noisy (other jobs share the cores), so
 * the pins and the bare map are measured in the same window on alternate
 * frames: every other frame hides the layer being measured. Each pair of
 * samples then sees the same load, the same tiles and the same place. */

typedef struct
{
  GArray    *times[2];   /* of double, ms: [0] layer hidden, [1] shown */
  gint64     start;
  guint      frame;
  guint      warmup;
  guint      frames;
  gboolean   shown;
  double     lat[120], lon[120];
  ShumateViewport *viewport;
  GtkWidget *toggled;
  gboolean   done;
} Pan;

static void
before_paint_cb (GdkFrameClock *clock,
                 Pan           *pan)
{
  pan->start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Pan           *pan)
{
  if (pan->start != 0 && pan->frame > pan->warmup && !pan->done)
    {
      double ms = (g_get_monotonic_time () - pan->start) / 1000.0;
      g_array_append_val (pan->times[pan->shown], ms);
    }
  pan->start = 0;
}

static gboolean
pan_tick_cb (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  Pan *pan = data;
  guint step = (pan->frame / 2) % 120;

  if (pan->frame >= pan->warmup + 2 * pan->frames)
    {
      pan->done = TRUE;
      return G_SOURCE_REMOVE;
    }

  /* Both frames of a pair show the same place. */
  pan->shown = pan->frame % 2 == 1;
  gtk_widget_set_visible (pan->toggled, pan->shown);
  shumate_location_set_location (SHUMATE_LOCATION (pan->viewport), pan->lat[step], pan->lon[step]);
  pan->frame++;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GArray *hidden;
  GArray *shown;
} Frames;

/* Pans along a circle of 160 px around the centre: once to load the
 * tiles, then measuring @frames pairs. */
static Frames
measure_pan (GtkWidget       *window,
             ShumateViewport *viewport,
             GtkWidget       *map_widget,
             GtkWidget       *toggled,
             guint            frames)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  Pan pan = { 0 };
  gulong before, after;

  pan.times[0] = g_array_new (FALSE, FALSE, sizeof (double));
  pan.times[1] = g_array_new (FALSE, FALSE, sizeof (double));
  pan.viewport = viewport;
  pan.toggled = toggled;
  pan.warmup = 240;
  pan.frames = frames;
  shumate_location_set_location (SHUMATE_LOCATION (viewport), CENTRE_LAT, CENTRE_LON);
  for (guint i = 0; i < 120; i++)
    {
      double a = 2 * G_PI * i / 120;

      shumate_viewport_widget_coords_to_location (viewport, map_widget,
                                                  WIN_W / 2.0 + 160 * cos (a), WIN_H / 2.0 + 160 * sin (a),
                                                  &pan.lat[i], &pan.lon[i]);
    }

  before = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &pan);
  after = g_signal_connect_after (clock, "after-paint", G_CALLBACK (after_paint_cb), &pan);
  gtk_widget_add_tick_callback (map_widget, pan_tick_cb, &pan, NULL);
  while (!pan.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, before);
  g_signal_handler_disconnect (clock, after);
  gtk_widget_set_visible (toggled, TRUE);

  return (Frames) { pan.times[0], pan.times[1] };
}

static void
wait_mapped (GtkWidget *widget)
{
  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) < 100)
    g_main_context_iteration (NULL, TRUE);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

typedef struct
{
  Frames  small, large, markers;
  double  place_ms;
  double  place_markers_ms;
} Result;

static void
log_frames (const char *what,
            Frames     *f)
{
  g_printerr ("%s: median %.1f ms shown, %.1f ms hidden; p95 %.1f / %.1f ms\n", what,
              bench_array_percentile (f->shown, 0.5), bench_array_percentile (f->hidden, 0.5),
              bench_array_percentile (f->shown, 0.95), bench_array_percentile (f->hidden, 0.95));
}

/* One window: the map view with its findings layer, and a ShumateMarker
 * layer on the same map for the comparison. */
static Result
run_all (const char *map_path,
         guint       n_small,
         guint       n_large,
         guint       n_markers,
         guint       frames,
         guint       marker_frames)
{
  GtkWidget *window = gtk_window_new ();
  TryggMapView *view = TRYGG_MAP_VIEW (trygg_map_view_new ());
  ShumateSimpleMap *map = trygg_map_view_get_simple_map (view);
  ShumateViewport *viewport = trygg_map_view_get_viewport (view);
  GtkWidget *layer = GTK_WIDGET (trygg_map_view_get_findings_layer (view));
  ShumateMarkerLayer *markers = shumate_marker_layer_new (viewport);
  g_autofree TryggPin *pins = make_pins (MAX (n_large, n_markers));
  Result result = { 0 };
  gint64 start;

  trygg_map_view_set_show_legend (view, FALSE);
  if (!trygg_map_view_set_offline_map (view, map_path, NULL))
    g_error ("the generated offline map could not be opened");
  trygg_map_view_center_on (view, CENTRE_LAT, CENTRE_LON, ZOOM);
  shumate_simple_map_add_overlay_layer (map, SHUMATE_LAYER (markers));
  gtk_window_set_default_size (GTK_WINDOW (window), WIN_W, WIN_H);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  wait_mapped (GTK_WIDGET (view));

  /* Placing: the layer copies and projects; markers are widgets. */
  start = g_get_monotonic_time ();
  trygg_map_view_set_pins (view, pins, n_small);
  result.place_ms = (g_get_monotonic_time () - start) / 1000.0;
  result.small = measure_pan (window, viewport, GTK_WIDGET (map), layer, frames);
  g_printerr ("%u findings: %u markers on screen\n", n_small,
              trygg_findings_layer_count_visible (TRYGG_FINDINGS_LAYER (layer)));
  log_frames ("layer, small", &result.small);

  trygg_map_view_set_pins (view, pins, n_large);
  result.large = measure_pan (window, viewport, GTK_WIDGET (map), layer, frames);
  log_frames ("layer, large", &result.large);
  trygg_map_view_set_pins (view, NULL, 0);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_markers; i++)
    {
      ShumateMarker *marker = shumate_marker_new ();

      shumate_marker_set_child (marker, gtk_image_new_from_icon_name ("mark-location-symbolic"));
      shumate_location_set_location (SHUMATE_LOCATION (marker), pins[i].latitude, pins[i].longitude);
      shumate_marker_layer_add_marker (markers, marker);
    }
  result.place_markers_ms = (g_get_monotonic_time () - start) / 1000.0;
  result.markers = measure_pan (window, viewport, GTK_WIDGET (map), GTK_WIDGET (markers), marker_frames);
  log_frames ("markers", &result.markers);

  gtk_window_destroy (GTK_WINDOW (window));
  return result;
}

/* Start-up: a child process per measurement, timed by the parent from
 * spawning to the child's line after its first painted frame. */

static void
first_paint_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  g_print ("painted\n");
  fflush (stdout);
  g_application_quit (app);
}

static void
child_activate_cb (GApplication *app,
                   const char   *mode)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  const char *map_path = g_getenv ("BENCH_MAP_PATH");

  if (g_strcmp0 (mode, "bare") == 0)
    {
      ShumateSimpleMap *map = shumate_simple_map_new ();
      g_autoptr(TryggMbtilesSource) source = trygg_mbtiles_source_new (map_path, NULL);
      g_autoptr(ShumateMapSource) renderer = trygg_mbtiles_source_create_renderer (source);

      shumate_simple_map_set_map_source (map, renderer);
      shumate_viewport_set_zoom_level (shumate_simple_map_get_viewport (map), ZOOM);
      shumate_location_set_location (SHUMATE_LOCATION (shumate_simple_map_get_viewport (map)), CENTRE_LAT, CENTRE_LON);
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), GTK_WIDGET (map));
    }
  else
    {
      TryggMapView *view = TRYGG_MAP_VIEW (trygg_map_view_new ());
      g_autofree TryggPin *pins = make_pins (10000);

      trygg_map_view_set_offline_map (view, map_path, NULL);
      trygg_map_view_center_on (view, CENTRE_LAT, CENTRE_LON, ZOOM);
      trygg_map_view_set_pins (view, pins, 10000);
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), GTK_WIDGET (view));
    }

  gtk_window_set_default_size (GTK_WINDOW (window), WIN_W, WIN_H);
  gtk_widget_realize (window);
  g_signal_connect_after (gtk_widget_get_frame_clock (window), "after-paint",
                          G_CALLBACK (first_paint_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

static int
run_child (const char *mode)
{
  g_autoptr(AdwApplication) app = adw_application_new ("se.sodertalje.Trygghetskarta.Bench",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (child_activate_cb), (gpointer) mode);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

static double
time_child (const char *self_path,
            const char *mode)
{
  const char *argv[] = { self_path, "--child", mode, NULL };
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  gint64 start = g_get_monotonic_time ();
  double ms;

  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);
  if (child == NULL)
    return NAN;
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (out, NULL, NULL, NULL);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_subprocess_wait (child, NULL, NULL);
  return g_strcmp0 (line, "painted") == 0 ? ms : NAN;
}

static void
row (const char *benchmark,
     const char *figure,
     const char *goal,
     const char *baseline,
     gboolean    met)
{
  g_print ("| %s | %s | %s | %s | %s |\n", benchmark, figure, goal, baseline, met ? "yes" : "no");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *map_path = NULL;
  g_autofree char *fig = NULL;
  g_autofree char *base = NULL;
  guint n_small, n_large, n_markers, frames, marker_frames;
  Result res;
  double p95_none, p95_small, p95_none_large, p95_large, extra_layer, extra_markers, ratio;
  double bare[3], full[3], t_bare, t_full;

  g_setenv ("GSK_RENDERER", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);

  if (argc == 3 && g_strcmp0 (argv[1], "--child") == 0)
    {
      adw_init ();
      return run_child (argv[2]);
    }
  quick = argc > 1 && g_strcmp0 (argv[1], "--quick") == 0;

  n_small = quick ? 1000 : 10000;
  n_large = quick ? 10000 : 100000;
  n_markers = quick ? 500 : 10000;
  frames = quick ? 30 : 120;
  marker_frames = quick ? 15 : 30;

  dir = g_dir_make_tmp ("bench-map-XXXXXX", NULL);
  map_path = g_build_filename (dir, "bench.mbtiles", NULL);
  write_offline_map (map_path);
  g_setenv ("BENCH_MAP_PATH", map_path, TRUE);

  /* Start-up first, before this process has warmed any caches the
   * children might share through the file system. */
  for (int i = 0; i < 3; i++)
    {
      bare[i] = time_child (argv[0], "bare");
      full[i] = time_child (argv[0], "full");
    }
  t_bare = bench_median (bare, 3);
  t_full = bench_median (full, 3);

  adw_init ();

  res = run_all (map_path, n_small, n_large, n_markers, frames, marker_frames);

  p95_none = bench_array_percentile (res.small.hidden, 0.95);
  p95_small = bench_array_percentile (res.small.shown, 0.95);
  p95_none_large = bench_array_percentile (res.large.hidden, 0.95);
  p95_large = bench_array_percentile (res.large.shown, 0.95);

  fig = g_strdup_printf ("%.1f ms p95 (%.2f×)", p95_small, p95_small / p95_none);
  base = g_strdup_printf ("%.1f ms p95, no pins", p95_none);
  row (quick ? "map: pan frame, 1,000 findings in view (quick)" : "map: pan frame, 10,000 findings in view",
       fig, "≤ 1.3× no-pin map", base, p95_small <= 1.3 * p95_none);
  g_free (fig);

  g_free (base);
  fig = g_strdup_printf ("%.1f ms p95 (%.2f×)", p95_large, p95_large / p95_none_large);
  base = g_strdup_printf ("%.1f ms p95, no pins", p95_none_large);
  row (quick ? "map: pan frame, 10,000 findings in view (quick)" : "map: pan frame, 100,000 findings in view",
       fig, "≤ 2× no-pin map", base, p95_large <= 2 * p95_none_large);
  g_free (fig);
  g_free (base);

  /* The pins' own cost: what a frame takes beyond the same map without
   * pins (medians, as the base map's noise would swamp a p95 difference). */
  extra_layer = MAX (bench_array_percentile (res.small.shown, 0.5) - bench_array_percentile (res.small.hidden, 0.5), 0.05);
  extra_markers = bench_array_percentile (res.markers.shown, 0.5) - bench_array_percentile (res.markers.hidden, 0.5);
  ratio = extra_markers / extra_layer;
  fig = g_strdup_printf ("%.0f× less (layer +%.2f ms, markers +%.1f ms per frame)", ratio, extra_layer, extra_markers);
  base = g_strdup_printf ("%.1f ms median frame with %u ShumateMarker widgets", bench_array_percentile (res.markers.shown, 0.5), n_markers);
  row (quick ? "map: pins' cost per frame vs ShumateMarker (quick)" : "map: pins' cost per frame vs ShumateMarker, 10,000",
       fig, "≥ 20× less", base, ratio >= 20);
  g_free (fig);
  g_free (base);

  fig = g_strdup_printf ("%.1f ms", res.place_ms);
  base = g_strdup_printf ("%.0f ms (%u ShumateMarker widgets)", res.place_markers_ms, n_markers);
  row (quick ? "map: placing 1,000 findings (quick)" : "map: placing 10,000 findings on the layer",
       fig, "≤ 20 ms", base, res.place_ms <= 20);
  g_free (fig);
  g_free (base);

  fig = g_strdup_printf ("%.0f ms (%.2f×)", t_full, t_full / t_bare);
  base = g_strdup_printf ("%.0f ms, bare AdwApplicationWindow + ShumateSimpleMap", t_bare);
  row ("map: start-up to first painted frame, 10,000 findings", fig, "≤ 1.3× bare window with map", base,
       t_full <= 1.3 * t_bare);

  g_remove (map_path);
  g_rmdir (dir);
  return 0;
}
