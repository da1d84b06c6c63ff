/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "trygg-pin-renderer.h"

/* Sprites live as long as the scale, font and size stay the same; a frame
 * only looks them up. Labels are cached per number, so the cache is
 * bounded by how many different numbers have been on screen. */

#define MAX_LABELS     4096
#define MAX_COMPOSITES 4096

typedef enum
{
  GLYPH_DOT,
  GLYPH_LIGHT,
  GLYPH_TREE,
  GLYPH_EYE,
  GLYPH_TUNNEL,
  GLYPH_ARROW,
  GLYPH_ZIGZAG,
  GLYPH_LITTER,
  GLYPH_WRENCH,
  GLYPH_PEOPLE,
  GLYPH_GATHERING,
  GLYPH_TRAFFIC,
  GLYPH_LOCK,
  GLYPH_CAMERA,
  GLYPH_HEART,
  N_GLYPHS
} Glyph;

struct _TryggPinRenderer
{
  PangoContext *context;
  int           scale;
  gboolean      large;
  GHashTable   *bodies;    /* packed key -> TryggSprite */
  GHashTable   *labels;    /* number -> TryggSprite */
  GHashTable   *clusters;  /* size bucket -> TryggSprite */
  GHashTable   *pins;      /* packed key -> TryggSprite, body and number */
  GHashTable   *counts;    /* count -> TryggSprite, cluster disc and count */
};

/* The palette follows the GNOME HIG colours, chosen so white numbers stay
 * readable on every status and the two closed states recede. */
void
trygg_pin_status_color (TryggStatus  status,
                        GdkRGBA     *color)
{
  g_return_if_fail (color != NULL);
  gdk_rgba_parse (color, trygg_status_colour_hex (status));
}

guint
trygg_pin_renderer_glyph_for_category (const char *key)
{
  static const struct { const char *needle; Glyph glyph; } table[] = {
    { "light", GLYPH_LIGHT }, { "belys", GLYPH_LIGHT },
    { "veget", GLYPH_TREE },
    { "sight", GLYPH_EYE }, { "hiding", GLYPH_EYE }, { "sikt", GLYPH_EYE },
    { "underpass", GLYPH_TUNNEL }, { "passage", GLYPH_TUNNEL }, { "tunnel", GLYPH_TUNNEL },
    { "wayfind", GLYPH_ARROW }, { "sign", GLYPH_ARROW }, { "orient", GLYPH_ARROW },
    { "graffiti", GLYPH_ZIGZAG }, { "vandal", GLYPH_ZIGZAG }, { "klotter", GLYPH_ZIGZAG },
    { "litter", GLYPH_LITTER }, { "skräp", GLYPH_LITTER },
    { "mainten", GLYPH_WRENCH }, { "underh", GLYPH_WRENCH },
    { "people", GLYPH_PEOPLE }, { "activit", GLYPH_PEOPLE }, { "folkliv", GLYPH_PEOPLE },
    { "gather", GLYPH_GATHERING }, { "disorder", GLYPH_GATHERING }, { "samling", GLYPH_GATHERING },
    { "traffic", GLYPH_TRAFFIC }, { "access", GLYPH_TRAFFIC }, { "trafik", GLYPH_TRAFFIC },
    { "door", GLYPH_LOCK }, { "lock", GLYPH_LOCK }, { "fenc", GLYPH_LOCK }, { "skalskydd", GLYPH_LOCK },
    { "camera", GLYPH_CAMERA }, { "guard", GLYPH_CAMERA }, { "kamer", GLYPH_CAMERA },
    { "works_well", GLYPH_HEART }, { "safe", GLYPH_HEART }, { "good", GLYPH_HEART }, { "trygg", GLYPH_HEART },
  };
  g_autofree char *folded = NULL;

  if (key == NULL || *key == '\0')
    return GLYPH_DOT;

  folded = g_utf8_strdown (key, -1);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (strstr (folded, table[i].needle) != NULL)
      return table[i].glyph;

  return GLYPH_DOT;
}

static double
unit (TryggPinRenderer *self)
{
  return self->large ? 1.5 : 1.0;
}

void
trygg_pin_renderer_get_geometry (TryggPinRenderer *self,
                                 TryggPinGeometry *g)
{
  double u = unit (self);
  double head = 13 * u;

  /* Room above and to the right of the head for the category badge. */
  g->head_radius = head;
  g->head_x = head + 1 * u;
  g->head_y = head + 5 * u;
  g->width = 2 * head + 9 * u;
  g->height = g->head_y + 24 * u;
  g->tip_x = g->head_x;
  g->tip_y = g->height - 1 * u;
}

double
trygg_pin_renderer_get_cluster_diameter (TryggPinRenderer *self,
                                         guint             count)
{
  double d = count < 10 ? 28 : count < 100 ? 32 : count < 1000 ? 38 : 44;

  return d * unit (self);
}

static void
sprite_free (gpointer data)
{
  TryggSprite *sprite = data;

  cairo_surface_destroy (sprite->surface);
  g_clear_object (&sprite->texture);
  g_free (sprite);
}

static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);

  /* GDK_MEMORY_DEFAULT is cairo's own ARGB32 layout: no conversion. */
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}

static cairo_t *
begin_surface (TryggPinRenderer  *self,
               double             width,
               double             height,
               cairo_surface_t  **out_surface)
{
  cairo_surface_t *surface;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil (width * self->scale),
                                        (int) ceil (height * self->scale));
  cairo_surface_set_device_scale (surface, self->scale, self->scale);
  *out_surface = surface;
  return cairo_create (surface);
}

static TryggSprite *
end_surface (TryggPinRenderer *self,
             cairo_t          *cr,
             cairo_surface_t  *surface)
{
  TryggSprite *sprite = g_new0 (TryggSprite, 1);

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  sprite->surface = surface;
  sprite->width = cairo_image_surface_get_width (surface) / (double) self->scale;
  sprite->height = cairo_image_surface_get_height (surface) / (double) self->scale;
  return sprite;
}

GdkTexture *
trygg_sprite_get_texture (TryggSprite *sprite)
{
  if (sprite->texture == NULL)
    sprite->texture = texture_from_surface (sprite->surface);
  return sprite->texture;
}

/* Symbols drawn in a 12×12 box centred on the origin, in the status colour
 * on a white badge. Shapes, not letters, so they read in any language. */
static void
draw_glyph (cairo_t *cr,
            Glyph    glyph)
{
  cairo_set_line_width (cr, 1.6);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  switch (glyph)
    {
    case GLYPH_LIGHT:
      cairo_arc (cr, 0, -1, 3, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_rectangle (cr, -1.5, 2, 3, 2.5);
      cairo_fill (cr);
      break;
    case GLYPH_TREE:
      cairo_move_to (cr, 0, -5);
      cairo_line_to (cr, 4.5, 2);
      cairo_line_to (cr, -4.5, 2);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_rectangle (cr, -1, 2, 2, 3);
      cairo_fill (cr);
      break;
    case GLYPH_EYE:
      cairo_move_to (cr, -5, 0);
      cairo_curve_to (cr, -2, -4, 2, -4, 5, 0);
      cairo_curve_to (cr, 2, 4, -2, 4, -5, 0);
      cairo_stroke (cr);
      cairo_arc (cr, 0, 0, 1.6, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    case GLYPH_TUNNEL:
      cairo_move_to (cr, -4.5, 4);
      cairo_line_to (cr, -4.5, 0);
      cairo_arc (cr, 0, 0, 4.5, G_PI, 2 * G_PI);
      cairo_line_to (cr, 4.5, 4);
      cairo_stroke (cr);
      break;
    case GLYPH_ARROW:
      cairo_move_to (cr, -4, 0);
      cairo_line_to (cr, 4, 0);
      cairo_move_to (cr, 1, -3);
      cairo_line_to (cr, 4, 0);
      cairo_line_to (cr, 1, 3);
      cairo_stroke (cr);
      break;
    case GLYPH_ZIGZAG:
      cairo_move_to (cr, -4.5, 3);
      cairo_line_to (cr, -2, -3);
      cairo_line_to (cr, 0.5, 3);
      cairo_line_to (cr, 3, -3);
      cairo_line_to (cr, 4.5, 1);
      cairo_stroke (cr);
      break;
    case GLYPH_LITTER:
      cairo_move_to (cr, -3.5, -2.5);
      cairo_line_to (cr, -2.5, 4.5);
      cairo_line_to (cr, 2.5, 4.5);
      cairo_line_to (cr, 3.5, -2.5);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_move_to (cr, -4.5, -4);
      cairo_line_to (cr, 4.5, -4);
      cairo_stroke (cr);
      break;
    case GLYPH_WRENCH:
      cairo_move_to (cr, -3.5, 3.5);
      cairo_line_to (cr, 1.5, -1.5);
      cairo_stroke (cr);
      cairo_arc (cr, 2.2, -2.2, 2.4, 0, 2 * G_PI);
      cairo_stroke (cr);
      break;
    case GLYPH_PEOPLE:
      cairo_arc (cr, -2.2, -2, 1.6, 0, 2 * G_PI);
      cairo_arc (cr, 2.2, -2, 1.6, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_rectangle (cr, -4, 0.5, 3.6, 4);
      cairo_rectangle (cr, 0.4, 0.5, 3.6, 4);
      cairo_fill (cr);
      break;
    case GLYPH_GATHERING:
      cairo_rectangle (cr, -0.9, -4.5, 1.8, 6);
      cairo_fill (cr);
      cairo_arc (cr, 0, 3.7, 1.1, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    case GLYPH_TRAFFIC:
      cairo_rectangle (cr, -4.5, -2, 9, 4);
      cairo_fill (cr);
      cairo_arc (cr, -2.5, 2.8, 1.5, 0, 2 * G_PI);
      cairo_arc (cr, 2.5, 2.8, 1.5, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    case GLYPH_LOCK:
      cairo_rectangle (cr, -3.5, -0.5, 7, 5);
      cairo_fill (cr);
      cairo_arc (cr, 0, -1, 2.3, G_PI, 2 * G_PI);
      cairo_stroke (cr);
      break;
    case GLYPH_CAMERA:
      cairo_rectangle (cr, -4.5, -2.5, 7, 5);
      cairo_fill (cr);
      cairo_move_to (cr, 2.5, 0);
      cairo_line_to (cr, 5, -2.5);
      cairo_line_to (cr, 5, 2.5);
      cairo_close_path (cr);
      cairo_fill (cr);
      break;
    case GLYPH_HEART:
      cairo_move_to (cr, 0, 4.5);
      cairo_curve_to (cr, -6, 0, -3.5, -5.5, 0, -2);
      cairo_curve_to (cr, 3.5, -5.5, 6, 0, 0, 4.5);
      cairo_fill (cr);
      break;
    case GLYPH_DOT:
    case N_GLYPHS:
    default:
      cairo_arc (cr, 0, 0, 2, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    }
}

static void
pin_path (cairo_t                *cr,
          const TryggPinGeometry *g)
{
  double r = g->head_radius;
  double alpha = acos (r / (g->tip_y - g->head_y));

  /* A round head whose sides run tangent into the tip at the location. */
  cairo_new_path (cr);
  cairo_move_to (cr, g->tip_x, g->tip_y);
  cairo_arc (cr, g->head_x, g->head_y, r, G_PI / 2 + alpha, G_PI / 2 - alpha + 2 * G_PI);
  cairo_close_path (cr);
}

static TryggSprite *
render_body (TryggPinRenderer *self,
             TryggStatus       status,
             Glyph             glyph,
             gboolean          selected)
{
  TryggPinGeometry g;
  cairo_surface_t *surface;
  cairo_t *cr;
  GdkRGBA color;
  double u = unit (self);
  double badge = 6.5 * u;

  trygg_pin_renderer_get_geometry (self, &g);
  trygg_pin_status_color (status, &color);
  cr = begin_surface (self, g.width, g.height, &surface);

  pin_path (cr, &g);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill_preserve (cr);
  if (selected)
    {
      /* A dark ring outside a white one stands out on any map and colour. */
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_set_line_width (cr, 4.5 * u);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 2.2 * u);
      cairo_stroke (cr);
    }
  else
    {
      cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
      cairo_set_line_width (cr, 1.5 * u);
      cairo_stroke (cr);
    }

  /* The category badge sits on the head's upper right. */
  cairo_arc (cr, g.width - badge - 0.5, badge + 0.5, badge, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, 1 * u);
  cairo_stroke (cr);
  cairo_save (cr);
  cairo_translate (cr, g.width - badge - 0.5, badge + 0.5);
  cairo_scale (cr, u * 0.85, u * 0.85);
  draw_glyph (cr, glyph);
  cairo_restore (cr);

  return end_surface (self, cr, surface);
}

static PangoLayout *
number_layout (TryggPinRenderer *self,
               guint             number,
               double            max_width)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  PangoLayout *layout = pango_layout_new (self->context);
  char text[16];
  double size = (number < 100 ? 9.5 : number < 1000 ? 8.5 : 7.0) * unit (self);
  int w, h;

  g_snprintf (text, sizeof text, "%u", number);
  pango_font_description_set_family (font, "Sans");
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_text (layout, text, -1);

  /* Shrink long numbers until they fit the head. */
  do
    {
      pango_font_description_set_size (font, size * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      pango_layout_get_pixel_size (layout, &w, &h);
      size -= 0.5;
    }
  while (w > max_width && size > 4);

  return layout;
}

static TryggSprite *
render_label (TryggPinRenderer *self,
              guint             number)
{
  g_autoptr(PangoLayout) layout = NULL;
  TryggPinGeometry g;
  cairo_surface_t *surface;
  cairo_t *cr;
  int w, h;

  trygg_pin_renderer_get_geometry (self, &g);
  layout = number_layout (self, number, g.head_radius * 1.8);
  pango_layout_get_pixel_size (layout, &w, &h);

  cr = begin_surface (self, MAX (w, 1), MAX (h, 1), &surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
  return end_surface (self, cr, surface);
}

static guint
cluster_bucket (guint count)
{
  return count < 10 ? 0 : count < 100 ? 1 : count < 1000 ? 2 : 3;
}

static TryggSprite *
render_cluster (TryggPinRenderer *self,
                guint             count)
{
  double d = trygg_pin_renderer_get_cluster_diameter (self, count);
  cairo_surface_t *surface;
  cairo_t *cr;

  cr = begin_surface (self, d, d, &surface);
  cairo_arc (cr, d / 2, d / 2, d / 2 - 1.5 * unit (self), 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0.24, 0.22, 0.27, 0.92);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2 * unit (self));
  cairo_stroke (cr);
  return end_surface (self, cr, surface);
}

static void
clear_caches (TryggPinRenderer *self)
{
  g_hash_table_remove_all (self->bodies);
  g_hash_table_remove_all (self->labels);
  g_hash_table_remove_all (self->clusters);
  g_hash_table_remove_all (self->pins);
  g_hash_table_remove_all (self->counts);
}

TryggPinRenderer *
trygg_pin_renderer_new (void)
{
  TryggPinRenderer *self = g_new0 (TryggPinRenderer, 1);

  self->scale = 1;
  self->bodies = g_hash_table_new_full (NULL, NULL, NULL, sprite_free);
  self->labels = g_hash_table_new_full (NULL, NULL, NULL, sprite_free);
  self->clusters = g_hash_table_new_full (NULL, NULL, NULL, sprite_free);
  self->pins = g_hash_table_new_full (NULL, NULL, NULL, sprite_free);
  self->counts = g_hash_table_new_full (NULL, NULL, NULL, sprite_free);
  return self;
}

void
trygg_pin_renderer_free (TryggPinRenderer *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->context);
  g_hash_table_unref (self->bodies);
  g_hash_table_unref (self->labels);
  g_hash_table_unref (self->clusters);
  g_hash_table_unref (self->pins);
  g_hash_table_unref (self->counts);
  g_free (self);
}

void
trygg_pin_renderer_set_context (TryggPinRenderer *self,
                                PangoContext     *context,
                                int               scale_factor,
                                gboolean          large)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (PANGO_IS_CONTEXT (context));

  if (self->context == context && self->scale == scale_factor && self->large == large)
    return;

  g_set_object (&self->context, context);
  self->scale = MAX (scale_factor, 1);
  self->large = large;
  clear_caches (self);
}

gboolean
trygg_pin_renderer_get_large (TryggPinRenderer *self)
{
  return self->large;
}

TryggSprite *
trygg_pin_renderer_get_body (TryggPinRenderer *self,
                             TryggStatus       status,
                             guint             glyph,
                             gboolean          selected)
{
  guint key = 1 + ((glyph * TRYGG_N_STATUSES + status) << 1 | (selected ? 1 : 0));
  TryggSprite *texture = g_hash_table_lookup (self->bodies, GUINT_TO_POINTER (key));

  if (texture == NULL)
    {
      texture = render_body (self, status, MIN (glyph, N_GLYPHS - 1), selected);
      g_hash_table_insert (self->bodies, GUINT_TO_POINTER (key), texture);
    }
  return texture;
}

TryggSprite *
trygg_pin_renderer_get_label (TryggPinRenderer *self,
                              guint             number)
{
  gpointer key = GUINT_TO_POINTER (number + 1);
  TryggSprite *texture = g_hash_table_lookup (self->labels, key);

  g_return_val_if_fail (self->context != NULL, NULL);

  if (texture == NULL)
    {
      if (g_hash_table_size (self->labels) >= MAX_LABELS)
        g_hash_table_remove_all (self->labels);
      texture = render_label (self, number);
      g_hash_table_insert (self->labels, key, texture);
    }
  return texture;
}

TryggSprite *
trygg_pin_renderer_get_cluster (TryggPinRenderer *self,
                                guint             count)
{
  gpointer key = GUINT_TO_POINTER (cluster_bucket (count) + 1);
  TryggSprite *texture = g_hash_table_lookup (self->clusters, key);

  if (texture == NULL)
    {
      texture = render_cluster (self, count);
      g_hash_table_insert (self->clusters, key, texture);
    }
  return texture;
}

/* One picture per pin (body and number together) halves the nodes a frame
 * holds: with the cairo renderer each node costs a copy and a composite. */
static TryggSprite *
compose (TryggPinRenderer *self,
         TryggSprite      *base,
         TryggSprite      *label,
         double            centre_x,
         double            centre_y)
{
  cairo_surface_t *surface;
  cairo_t *cr = begin_surface (self, base->width, base->height, &surface);

  cairo_set_source_surface (cr, base->surface, 0, 0);
  cairo_paint (cr);
  cairo_set_source_surface (cr, label->surface,
                            round (centre_x - label->width / 2), round (centre_y - label->height / 2));
  cairo_paint (cr);
  return end_surface (self, cr, surface);
}

TryggSprite *
trygg_pin_renderer_get_pin (TryggPinRenderer *self,
                            TryggStatus       status,
                            guint             glyph,
                            gboolean          selected,
                            guint             number)
{
  gsize key = ((gsize) number << 10) | (MIN (glyph, N_GLYPHS - 1) << 4) | (status << 1) | (selected ? 1 : 0);
  TryggSprite *sprite = g_hash_table_lookup (self->pins, GSIZE_TO_POINTER (key + 1));

  if (sprite == NULL)
    {
      TryggPinGeometry g;

      trygg_pin_renderer_get_geometry (self, &g);
      if (g_hash_table_size (self->pins) >= MAX_COMPOSITES)
        g_hash_table_remove_all (self->pins);
      sprite = compose (self,
                        trygg_pin_renderer_get_body (self, status, glyph, selected),
                        trygg_pin_renderer_get_label (self, number),
                        g.head_x, g.head_y);
      g_hash_table_insert (self->pins, GSIZE_TO_POINTER (key + 1), sprite);
    }
  return sprite;
}

TryggSprite *
trygg_pin_renderer_get_cluster_with_count (TryggPinRenderer *self,
                                           guint             count)
{
  TryggSprite *sprite = g_hash_table_lookup (self->counts, GUINT_TO_POINTER (count + 1));

  if (sprite == NULL)
    {
      TryggSprite *disc = trygg_pin_renderer_get_cluster (self, count);

      if (g_hash_table_size (self->counts) >= MAX_COMPOSITES)
        g_hash_table_remove_all (self->counts);
      sprite = compose (self, disc, trygg_pin_renderer_get_label (self, count),
                        disc->width / 2, disc->height / 2);
      g_hash_table_insert (self->counts, GUINT_TO_POINTER (count + 1), sprite);
    }
  return sprite;
}
