/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "trygg-report-private.h"

#define TILE_SIZE 256
#define MAX_LATITUDE 85.05112878
/* Street level: used when every pin sits on the same spot. */
#define SINGLE_PIN_ZOOM 17
#define NO_TILES_MAX_ZOOM 19

void
trygg_report_status_colour (TryggStatus status,
                            double      rgb[3])
{
  guint32 colour;

  g_return_if_fail (rgb != NULL);

  /* The map's palette (trygg-types.c), so paper and screen agree. */
  colour = (guint32) g_ascii_strtoull (trygg_status_colour_hex (status) + 1, NULL, 16);
  rgb[0] = ((colour >> 16) & 0xff) / 255.0;
  rgb[1] = ((colour >> 8) & 0xff) / 255.0;
  rgb[2] = (colour & 0xff) / 255.0;
}

static void
set_status_source (cairo_t     *cr,
                   TryggStatus  status)
{
  double rgb[3];

  trygg_report_status_colour (status, rgb);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
}

/* Web Mercator at zoom 0, in pixels of a 256-pixel world. */
static void
project (double  latitude,
         double  longitude,
         double *x,
         double *y)
{
  double phi = CLAMP (latitude, -MAX_LATITUDE, MAX_LATITUDE) * G_PI / 180.0;

  *x = (CLAMP (longitude, -180.0, 180.0) + 180.0) / 360.0 * TILE_SIZE;
  *y = (1.0 - asinh (tan (phi)) / G_PI) / 2.0 * TILE_SIZE;
}

/* Layouts share the report's PangoContext (set to 72 dpi: sizes are in
 * points); a context per pin would cost more than the pin. */
static PangoLayout *
number_layout_new (PangoContext *context,
                   double        radius)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (TRYGG_REPORT_FONT " Bold");

  pango_font_description_set_size (font, (int) (radius * 1.05 * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);

  return layout;
}

static void
draw_number (cairo_t     *cr,
             PangoLayout *layout,
             double       cx,
             double       cy,
             double       radius,
             gint64       number)
{
  char text[24];
  PangoRectangle ink, logical;
  double scale = 1.0;

  if (number <= 0)
    return;

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, number);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, &ink, &logical);
  /* Long numbers shrink to stay inside the circle. */
  if (logical.width / (double) PANGO_SCALE > radius * 1.7)
    scale = radius * 1.7 / (logical.width / (double) PANGO_SCALE);

  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, scale, scale);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr,
                 -(logical.x + logical.width / 2.0) / PANGO_SCALE,
                 -(ink.y + ink.height / 2.0) / PANGO_SCALE);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/* A pin whose point is exactly at (@x, @y), its head a circle of @radius
 * holding the number. */
static void
draw_pin (cairo_t     *cr,
          PangoLayout *layout,
          double       x,
          double       y,
          double       radius,
          TryggStatus  status,
          gint64       number)
{
  double reach = radius * 2.3;
  double cy = y - reach;
  double beta = acos (radius / reach);

  cairo_new_path (cr);
  cairo_move_to (cr, x, y);
  cairo_arc (cr, x, cy, radius, G_PI / 2 + beta, 2 * G_PI + G_PI / 2 - beta);
  cairo_close_path (cr);
  set_status_source (cr, status);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, MAX (0.6, radius / 7));
  cairo_stroke (cr);

  if (layout != NULL)
    draw_number (cr, layout, x, cy, radius, number);
}

void
trygg_report_pin_draw (cairo_t      *cr,
                       PangoContext *context,
                       double        x,
                       double        y,
                       double        radius,
                       TryggStatus   status,
                       gint64        number)
{
  g_autoptr(PangoLayout) layout = number_layout_new (context, radius);

  draw_pin (cr, layout, x, y, radius, status, number);
}

/* The number in a coloured circle centred at (@x, @y): how a finding is
 * named in headings and in the legend. */
void
trygg_report_badge_draw (cairo_t      *cr,
                         PangoContext *context,
                         double        x,
                         double        y,
                         double        radius,
                         TryggStatus   status,
                         gint64        number)
{
  g_autoptr(PangoLayout) layout = number_layout_new (context, radius);

  cairo_new_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  set_status_source (cr, status);
  cairo_fill (cr);
  draw_number (cr, layout, x, y, radius, number);
}

typedef struct
{
  int    zoom;
  double origin_x;   /* world pixels at zoom, of the picture's top left */
  double origin_y;
  int    width;      /* picture size in pixels */
  int    height;
} View;

/* The largest zoom at which every pin, and its head, fits the picture. */
static void
choose_view (const TryggReportPin *pins,
             guint                 n_pins,
             int                   min_zoom,
             int                   max_zoom,
             double                width,
             double                height,
             double                pin_radius,
             View                 *view)
{
  double px_per_pt = TRYGG_REPORT_DPI / 72.0;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double pad_side = (pin_radius + 3) * px_per_pt;
  double pad_top = (pin_radius * 3.4 + 2) * px_per_pt;
  double pad_bottom = 12 * px_per_pt;   /* room for the attribution */
  double avail_w, avail_h;

  view->width = MAX (1, (int) ceil (width * px_per_pt));
  view->height = MAX (1, (int) ceil (height * px_per_pt));
  avail_w = MAX (1, view->width - 2 * pad_side);
  avail_h = MAX (1, view->height - pad_top - pad_bottom);

  for (guint i = 0; i < n_pins; i++)
    {
      double x, y;

      project (pins[i].latitude, pins[i].longitude, &x, &y);
      min_x = MIN (min_x, x);
      max_x = MAX (max_x, x);
      min_y = MIN (min_y, y);
      max_y = MAX (max_y, y);
    }
  if (n_pins == 0)
    {
      /* Nothing to show: the whole world, at the smallest zoom. */
      min_x = min_y = 0;
      max_x = max_y = TILE_SIZE;
    }

  if (max_x - min_x < 1e-9 && max_y - min_y < 1e-9)
    view->zoom = CLAMP (SINGLE_PIN_ZOOM, min_zoom, max_zoom);
  else
    {
      view->zoom = min_zoom;
      for (int z = max_zoom; z >= min_zoom; z--)
        {
          double scale = ldexp (1.0, z);

          if ((max_x - min_x) * scale <= avail_w && (max_y - min_y) * scale <= avail_h)
            {
              view->zoom = z;
              break;
            }
        }
    }

  {
    double scale = ldexp (1.0, view->zoom);
    double centre_x = (min_x + max_x) / 2 * scale;
    double centre_y = (min_y + max_y) / 2 * scale;

    view->origin_x = floor (centre_x - view->width / 2.0);
    view->origin_y = floor (centre_y - (pad_top + (view->height - pad_bottom)) / 2.0);
  }
}

/* 48 decoded tiles are 12 MiB: enough for the overview (about 30) and for
 * the neighbours of the finding being drawn. */
#define TILE_CACHE_SIZE 48

typedef struct
{
  gint64           key;
  cairo_surface_t *surface;   /* NULL: the source has no such tile */
} CachedTile;

static void
cached_tile_free (gpointer data)
{
  CachedTile *cached = data;

  g_clear_pointer (&cached->surface, cairo_surface_destroy);
  g_free (cached);
}

void
trygg_report_map_source_clear (TryggReportMapSource *source)
{
  g_queue_clear (&source->cache_order);
  g_clear_pointer (&source->cache, g_hash_table_unref);
  g_mutex_clear (&source->lock);
}

/* The decoded tile (z, x, y), borrowed; NULL when missing. Missing tiles
 * are remembered too, so a sparse offline map is not asked twice. */
static cairo_surface_t *
cached_tile (TryggReportMapSource *source,
             int                   zoom,
             int                   x,
             int                   y)
{
  gint64 key = ((gint64) zoom << 58) | ((gint64) x << 29) | y;
  CachedTile *cached;

  if (source->cache == NULL)
    source->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, cached_tile_free);

  cached = g_hash_table_lookup (source->cache, &key);
  if (cached != NULL)
    {
      g_queue_remove (&source->cache_order, cached);
      g_queue_push_head (&source->cache_order, cached);
      return cached->surface;
    }

  cached = g_new0 (CachedTile, 1);
  cached->key = key;
  {
    g_autoptr(GBytes) bytes = source->tile (zoom, x, y, source->tile_data);

    if (bytes != NULL)
      cached->surface = trygg_report_image_decode_tile (bytes);
  }
  g_hash_table_insert (source->cache, &cached->key, cached);
  g_queue_push_head (&source->cache_order, cached);

  while (source->cache_order.length > TILE_CACHE_SIZE)
    {
      CachedTile *old = g_queue_pop_tail (&source->cache_order);

      g_hash_table_remove (source->cache, &old->key);
    }

  return cached->surface;
}

/* Composes the tiles into one picture at print resolution; NULL when the
 * source gave none. */
static cairo_surface_t *
compose_tiles (const TryggReportMapSource *source,
               const View                 *view)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  int n = 1 << view->zoom;
  int x0 = (int) floor (view->origin_x / TILE_SIZE);
  int y0 = (int) floor (view->origin_y / TILE_SIZE);
  int x1 = (int) floor ((view->origin_x + view->width - 1) / TILE_SIZE);
  int y1 = (int) floor ((view->origin_y + view->height - 1) / TILE_SIZE);
  guint drawn = 0;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, view->width, view->height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.95, 0.94, 0.91);
  cairo_paint (cr);

  for (int ty = MAX (0, y0); ty <= MIN (n - 1, y1); ty++)
    for (int tx = x0; tx <= x1; tx++)
      {
        cairo_surface_t *tile;

        /* A reference: another thread may push the tile out of the cache
         * while it is drawn here. */
        g_mutex_lock ((GMutex *) &source->lock);
        tile = cached_tile ((TryggReportMapSource *) source, view->zoom, ((tx % n) + n) % n, ty);
        if (tile != NULL)
          cairo_surface_reference (tile);
        g_mutex_unlock ((GMutex *) &source->lock);
        if (tile == NULL)
          continue;

        cairo_set_source_surface (cr, tile, tx * TILE_SIZE - view->origin_x, ty * TILE_SIZE - view->origin_y);
        cairo_paint (cr);
        drawn++;
        cairo_surface_destroy (tile);
      }
  cairo_destroy (cr);

  if (drawn == 0)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  trygg_report_image_attach_jpeg (surface);
  return surface;
}

static void
draw_plain_background (cairo_t *cr,
                       double   width,
                       double   height)
{
  /* A 1 cm grid: the pins' relative positions still read as a sketch. */
  double step = 72.0 / 2.54;

  cairo_set_source_rgb (cr, 0.965, 0.961, 0.957);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0.871, 0.867, 0.855);
  cairo_set_line_width (cr, 0.4);
  for (double gx = step; gx < width; gx += step)
    {
      cairo_move_to (cr, gx, 0);
      cairo_line_to (cr, gx, height);
    }
  for (double gy = step; gy < height; gy += step)
    {
      cairo_move_to (cr, 0, gy);
      cairo_line_to (cr, width, gy);
    }
  cairo_stroke (cr);
}

/* Small text in a white box at the lower edge: the attribution at the
 * right, or the reason there is no map picture at the left. */
static void
draw_caption (cairo_t      *cr,
              PangoContext *context,
              const char   *text,
              double        width,
              double        height,
              gboolean      at_right)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (TRYGG_REPORT_FONT " 6.5");
  g_autofree char *clean = trygg_report_clean_text (text, TRUE);
  PangoRectangle logical;
  double w, h, bx, by;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, clean, -1);
  pango_layout_set_width (layout, (int) ((width - 8) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_extents (layout, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE + 4;
  h = (double) logical.height / PANGO_SCALE + 2;
  bx = at_right ? width - w : 0;
  by = height - h;

  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_rectangle (cr, bx, by, w, h);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_move_to (cr, bx + 2 - (double) logical.x / PANGO_SCALE, by + 1);
  pango_cairo_show_layout (cr, layout);
}

static void
source_zooms (const TryggReportMapSource *source,
              int                        *min_zoom,
              int                        *max_zoom)
{
  *min_zoom = 0;
  *max_zoom = NO_TILES_MAX_ZOOM;
  if (source->tile != NULL)
    {
      *min_zoom = CLAMP (source->min_zoom, 0, 22);
      *max_zoom = source->max_zoom > 0 ? CLAMP (source->max_zoom, *min_zoom, 22) : NO_TILES_MAX_ZOOM;
    }
}

typedef struct
{
  const TryggReportMapSource *source;
  View                        view;
} MapJob;

static cairo_surface_t *
make_map_picture (gpointer data)
{
  MapJob *job = data;
  cairo_surface_t *picture = compose_tiles (job->source, &job->view);

  /* Made ahead only for the PDF: the JPEG is all it needs. */
  return picture != NULL ? trygg_report_image_jpeg_only (picture) : NULL;
}

/* The tiles are decoded, put together and encoded as JPEG (a few
 * milliseconds a map) while the pages before it are laid out. */
TryggReportImageJob *
trygg_report_map_job_new (const TryggReportMapSource *source,
                          const TryggReportPin       *pins,
                          guint                       n_pins,
                          double                      width,
                          double                      height,
                          double                      pin_radius)
{
  MapJob *job;
  int min_zoom, max_zoom;

  if (source->tile == NULL)
    return NULL;

  job = g_new0 (MapJob, 1);
  job->source = source;
  source_zooms (source, &min_zoom, &max_zoom);
  choose_view (pins, n_pins, min_zoom, max_zoom, width, height, pin_radius, &job->view);
  return trygg_report_image_job_new_custom (make_map_picture, job, g_free);
}

void
trygg_report_map_draw (TryggReportFlow            *flow,
                       const TryggReportMapSource *source,
                       GPtrArray                  *routes,
                       const TryggReportPin       *pins,
                       guint                       n_pins,
                       double                      x,
                       double                      y,
                       double                      width,
                       double                      height,
                       double                      pin_radius)
{
  trygg_report_map_draw_made (flow, source, NULL, routes, pins, n_pins, x, y, width, height, pin_radius);
}

/* Where a place falls in the box of @view, in points. */
static void
view_point (const View *view,
            double      to_pt,
            double      latitude,
            double      longitude,
            double     *x,
            double     *y)
{
  double scale = ldexp (1.0, view->zoom);
  double px, py;

  project (latitude, longitude, &px, &py);
  *x = (px * scale - view->origin_x) * to_pt;
  *y = (py * scale - view->origin_y) * to_pt;
}

/* The walked routes, in the colour and the shape the window draws them. */
static void
draw_routes (cairo_t    *cr,
             GPtrArray  *routes,
             const View *view,
             double      to_pt)
{
  cairo_save (cr);
  cairo_set_source_rgba (cr, TRYGG_ROUTE_RGBA);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint r = 0; routes != NULL && r < routes->len; r++)
    {
      const TryggRoute *route = g_ptr_array_index (routes, r);

      for (guint i = 0; route->points != NULL && i < route->points->len; i++)
        {
          const TryggRoutePoint *point = &g_array_index (route->points, TryggRoutePoint, i);
          double px, py;

          view_point (view, to_pt, point->latitude, point->longitude, &px, &py);
          cairo_line_to (cr, px, py);  /* a move to, for the first point */
        }
      cairo_new_sub_path (cr);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* @made: the picture from trygg_report_map_job_new() for these arguments,
 * or NULL to make it here. */
void
trygg_report_map_draw_made (TryggReportFlow            *flow,
                            const TryggReportMapSource *source,
                            TryggReportImageJob        *made,
                            GPtrArray                  *routes,
                            const TryggReportPin       *pins,
                            guint                       n_pins,
                            double                      x,
                            double                      y,
                            double                      width,
                            double                      height,
                            double                      pin_radius)
{
  cairo_t *cr = flow->cr;
  PangoContext *context = flow->pango;
  g_autoptr(PangoLayout) numbers = NULL;
  cairo_surface_t *picture = NULL;
  const char *note = NULL;
  int min_zoom, max_zoom;
  double to_pt;
  View view;

  source_zooms (source, &min_zoom, &max_zoom);
  choose_view (pins, n_pins, min_zoom, max_zoom, width, height, pin_radius, &view);
  to_pt = width / view.width;

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);

  if (made != NULL)
    {
      gboolean converted;
      GBytes *unused = NULL;

      picture = trygg_report_image_job_wait (made, &converted, &unused);
      g_clear_pointer (&unused, g_bytes_unref);
    }
  else if (source->tile != NULL)
    picture = compose_tiles (source, &view);

  if (picture != NULL)
    {
      double picture_width, picture_height;

      trygg_report_image_size (picture, &picture_width, &picture_height);
      cairo_save (cr);
      cairo_scale (cr, width / picture_width, height / picture_height);
      trygg_report_image_paint (cr, picture);
      cairo_restore (cr);
      cairo_surface_destroy (picture);
    }
  else
    {
      draw_plain_background (cr, width, height);
      note = source->tile == NULL
        ? _("No map picture: no offline map chosen")
        : _("No map picture: the map has no tiles for this area");
    }

  draw_routes (cr, routes, &view, to_pt);

  numbers = pin_radius >= 3.5 ? number_layout_new (context, pin_radius) : NULL;
  for (guint i = 0; i < n_pins; i++)
    {
      double px, py;

      view_point (&view, to_pt, pins[i].latitude, pins[i].longitude, &px, &py);
      draw_pin (cr, numbers, px, py, pin_radius, pins[i].status, pins[i].number);
    }

  if (note != NULL)
    draw_caption (cr, context, note, width, height, FALSE);
  else if (source->attribution != NULL && *source->attribution != '\0')
    draw_caption (cr, context, source->attribution, width, height, TRUE);

  cairo_restore (cr);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 0.5);
  cairo_rectangle (cr, x, y, width, height);
  cairo_stroke (cr);
  cairo_restore (cr);
}
