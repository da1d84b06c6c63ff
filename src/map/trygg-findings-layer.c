/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "trygg-findings-layer.h"
#include "trygg-pin-clusters.h"
#include "trygg-pin-renderer.h"

/* All findings as one layer that draws itself. Each pin's Web Mercator
 * position is computed once, when the pins are set, as a fraction of the
 * world; a frame then only scales and shifts it (a multiply-add per pin),
 * culls what is off screen and stamps cached textures. Pins that would
 * overlap at the current zoom are merged into clusters, recomputed when
 * the zoom or the pins change, never while panning. */

#define MAX_LATITUDE 85.0511287798
#define ZOOM_STEPS   4.0    /* clusters are recomputed every 1/4 zoom level */
#define NO_INDEX     TRYGG_PIN_NO_INDEX

typedef struct
{
  TryggPin pin;      /* category_key interned */
  double   mx, my;   /* normalised Web Mercator, 0..1 */
  guint    glyph;
} Entry;

typedef TryggPinCluster Cluster;

struct _TryggFindingsLayer
{
  ShumateLayer      parent_instance;

  GArray           *entries;       /* of Entry */
  GArray           *clusters;      /* of Cluster */
  GArray           *members;       /* of guint, grouped by cluster */
  double            cluster_zoom;  /* zoom the clusters were made for, or -1 */
  double            cluster_cell;
  gboolean          clustering;

  gconstpointer     selected_id;
  guint             selected;      /* index or NO_INDEX */
  gboolean          large;

  TryggPinRenderer *renderer;

  guint             drag_index;
  double            drag_start_x, drag_start_y;
  double            drag_offset_x, drag_offset_y;
};

G_DEFINE_FINAL_TYPE (TryggFindingsLayer, trygg_findings_layer, SHUMATE_TYPE_LAYER)

enum {
  PIN_ACTIVATED,
  CLUSTER_ACTIVATED,
  PIN_MOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

/* A category's interned key and its glyph, worked out once per key in
 * set_pins() rather than once per pin (a lowercase copy and forty
 * substring searches, 35 ms for 100,000 pins). */
typedef struct
{
  const char *given;
  const char *key;
  guint       glyph;
} CategoryGlyph;

static const CategoryGlyph *
category_glyph (GArray     *cache,
                const char *given)
{
  CategoryGlyph fresh;

  for (guint i = 0; i < cache->len; i++)
    {
      const CategoryGlyph *c = &g_array_index (cache, CategoryGlyph, i);

      if (c->given == given || g_strcmp0 (c->given, given) == 0)
        return c;
    }
  fresh.given = given;
  fresh.key = g_intern_string (given);
  fresh.glyph = trygg_pin_renderer_glyph_for_category (given);
  g_array_append_val (cache, fresh);
  return &g_array_index (cache, CategoryGlyph, cache->len - 1);
}

static void
project_normalised (double  latitude,
                    double  longitude,
                    double *mx,
                    double *my)
{
  double s;

  /* The same formula as shumate_map_source_get_x/y, divided by the size
   * of the world, so pins line up with the tiles exactly. */
  latitude = CLAMP (latitude, -MAX_LATITUDE, MAX_LATITUDE);
  longitude = CLAMP (longitude, -180.0, 180.0);
  s = sin (latitude * G_PI / 180.0);
  *mx = (longitude + 180.0) / 360.0;
  *my = 0.5 - log ((1.0 + s) / (1.0 - s)) / (4.0 * G_PI);
}

static double
tile_size (TryggFindingsLayer *self)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);

  return source != NULL ? shumate_map_source_get_tile_size (source) : 256.0;
}

/* The frame's mapping from normalised Mercator to widget pixels. */
typedef struct
{
  double world, ox, oy;
  double cos_r, sin_r, cx, cy;
  gboolean rotated;
} Transform;

static void
get_transform (TryggFindingsLayer *self,
               Transform          *t)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double zoom = shumate_viewport_get_zoom_level (viewport);
  double rotation = shumate_viewport_get_rotation (viewport);
  double cmx, cmy;

  project_normalised (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                      shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                      &cmx, &cmy);
  t->world = tile_size (self) * exp2 (zoom);
  t->cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  t->cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  t->ox = t->cx - cmx * t->world;
  t->oy = t->cy - cmy * t->world;
  t->rotated = rotation != 0.0;
  t->cos_r = cos (rotation);
  t->sin_r = sin (rotation);
}

static inline void
transform_point (const Transform *t,
                 double           mx,
                 double           my,
                 double          *x,
                 double          *y)
{
  *x = mx * t->world + t->ox;
  *y = my * t->world + t->oy;

  if (G_UNLIKELY (t->rotated))
    {
      double dx = *x - t->cx, dy = *y - t->cy;

      *x = t->cos_r * dx - t->sin_r * dy + t->cx;
      *y = t->sin_r * dx + t->cos_r * dy + t->cy;
    }
}

static void
ensure_renderer (TryggFindingsLayer *self)
{
  trygg_pin_renderer_set_context (self->renderer,
                                  gtk_widget_get_pango_context (GTK_WIDGET (self)),
                                  gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                  self->large);
}

static void
invalidate_clusters (TryggFindingsLayer *self)
{
  self->cluster_zoom = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ensure_clusters (TryggFindingsLayer *self)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double zoom = shumate_viewport_get_zoom_level (viewport);
  double quantised = floor (zoom * ZOOM_STEPS + 0.5) / ZOOM_STEPS;
  TryggPinGeometry g;
  gboolean merge;

  if (self->cluster_zoom == quantised)
    return;

  ensure_renderer (self);
  trygg_pin_renderer_get_geometry (self->renderer, &g);
  /* Wider than a head, so neighbours never touch: fewer, clearer
   * markers, and a frame's cost bounded by the screen area. */
  self->cluster_cell = g.head_radius * 4.0;

  /* At the deepest zoom a cluster could never be opened: show the pins. */
  merge = self->clustering && zoom < shumate_viewport_get_max_zoom_level (viewport);
  trygg_pin_clusters_build (self->entries->len ? &g_array_index (self->entries, Entry, 0).mx : NULL,
                            sizeof (Entry),
                            self->entries->len, self->selected,
                            tile_size (self) * exp2 (quantised), self->cluster_cell, merge,
                            self->clusters, self->members);
  self->cluster_zoom = quantised;
}

/* How a sprite becomes part of the frame. The cairo renderer draws a
 * texture node by copying the texture into a new surface and uploading it
 * to the X server, every frame; a small cairo node that paints the
 * sprite's own long-lived surface lets cairo reuse what it uploaded
 * before, and measured about half the cost per pin (bench/bench-map). The
 * GL renderers keep each texture on the GPU, so there a texture node is
 * the cheap way. One large image for all pins was tried and is far worse
 * with cairo: the cost follows the pixels drawn, not the number of nodes. */
typedef struct
{
  GtkSnapshot *snapshot;
  gboolean     cairo_nodes;
} Canvas;

static inline void
stamp (Canvas      *canvas,
       TryggSprite *sprite,
       double       x,
       double       y)
{
  graphene_rect_t bounds;

  /* Whole pixels keep pixman on its fast, unfiltered path. */
  graphene_rect_init (&bounds, round (x), round (y), sprite->width, sprite->height);

  if (canvas->cairo_nodes)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (canvas->snapshot, &bounds);

      cairo_set_source_surface (cr, sprite->surface, bounds.origin.x, bounds.origin.y);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  else
    gtk_snapshot_append_texture (canvas->snapshot, trygg_sprite_get_texture (sprite), &bounds);
}

static gboolean
uses_cairo (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

static void
draw_pin (TryggFindingsLayer     *self,
          Canvas                 *canvas,
          const TryggPinGeometry *g,
          const Entry            *e,
          double                  x,
          double                  y,
          gboolean                selected)
{
  TryggSprite *sprite = trygg_pin_renderer_get_pin (self->renderer, e->pin.status, e->glyph,
                                                    selected, e->pin.number);

  stamp (canvas, sprite, x - g->tip_x, y - g->tip_y);
}

static void
draw_cluster (TryggFindingsLayer *self,
              Canvas             *canvas,
              const Cluster      *c,
              double              x,
              double              y)
{
  TryggSprite *sprite = trygg_pin_renderer_get_cluster_with_count (self->renderer, c->n);

  stamp (canvas, sprite, x - sprite->width / 2, y - sprite->height / 2);
}

static gboolean
pin_contains (const TryggPinGeometry *g,
              double                  x,
              double                  y,
              double                  px,
              double                  py)
{
  double hx = x - g->tip_x + g->head_x, hy = y - g->tip_y + g->head_y;
  double r = g->head_radius + 2;

  if ((px - hx) * (px - hx) + (py - hy) * (py - hy) <= r * r)
    return TRUE;

  /* The stem between the head and the tip. */
  return py >= hy && py <= y + 1 && fabs (px - x) <= g->head_radius * (y - py) / (y - hy) + 1;
}

/* Callbacks */

static void
viewport_changed_cb (TryggFindingsLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
click_released_cb (TryggFindingsLayer *self,
                   int                 n_press,
                   double              x,
                   double              y,
                   GtkGestureClick    *gesture)
{
  guint index;
  gboolean is_cluster;

  if (n_press != 1 || !trygg_findings_layer_hit_test (self, x, y, &index, &is_cluster))
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (is_cluster)
    g_signal_emit (self, signals[CLUSTER_ACTIVATED], 0, index);
  else
    g_signal_emit (self, signals[PIN_ACTIVATED], 0, index);
}

static void
drag_begin_cb (TryggFindingsLayer *self,
               double              x,
               double              y,
               GtkGestureDrag     *gesture)
{
  guint index;
  gboolean is_cluster;
  double px, py;

  /* Only the selected pin moves, so a pan that starts on some pin still
   * pans; anything else is left to the map's own gestures. */
  if (self->selected == NO_INDEX
      || !trygg_findings_layer_hit_test (self, x, y, &index, &is_cluster)
      || is_cluster || index != self->selected)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->drag_index = index;
  self->drag_start_x = x;
  self->drag_start_y = y;
  trygg_findings_layer_project (self,
                                g_array_index (self->entries, Entry, index).pin.latitude,
                                g_array_index (self->entries, Entry, index).pin.longitude,
                                &px, &py);
  self->drag_offset_x = px - x;
  self->drag_offset_y = py - y;
}

static void
move_dragged_pin (TryggFindingsLayer *self,
                  double              dx,
                  double              dy)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  Entry *e = &g_array_index (self->entries, Entry, self->drag_index);
  double lat, lon;

  shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (self),
                                              self->drag_start_x + dx + self->drag_offset_x,
                                              self->drag_start_y + dy + self->drag_offset_y,
                                              &lat, &lon);
  e->pin.latitude = lat;
  e->pin.longitude = lon;
  project_normalised (lat, lon, &e->mx, &e->my);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_update_cb (TryggFindingsLayer *self,
                double              dx,
                double              dy,
                GtkGestureDrag     *gesture)
{
  if (self->drag_index != NO_INDEX && self->drag_index < self->entries->len)
    move_dragged_pin (self, dx, dy);
}

static void
drag_end_cb (TryggFindingsLayer *self,
             double              dx,
             double              dy,
             GtkGestureDrag     *gesture)
{
  guint index = self->drag_index;
  const Entry *e;

  self->drag_index = NO_INDEX;
  if (index == NO_INDEX || index >= self->entries->len || (fabs (dx) < 3 && fabs (dy) < 3))
    return;

  self->drag_index = index;
  move_dragged_pin (self, dx, dy);
  self->drag_index = NO_INDEX;

  e = &g_array_index (self->entries, Entry, index);
  g_signal_emit (self, signals[PIN_MOVED], 0, index, e->pin.latitude, e->pin.longitude);
}

/* Virtual overrides */

static void
trygg_findings_layer_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  TryggFindingsLayer *self = TRYGG_FINDINGS_LAYER (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  TryggPinGeometry g;
  Transform t;
  Canvas canvas = { snapshot, FALSE };
  double margin;

  if (self->entries->len == 0 || width <= 0 || height <= 0)
    return;

  canvas.cairo_nodes = uses_cairo (widget);

  ensure_renderer (self);
  ensure_clusters (self);
  trygg_pin_renderer_get_geometry (self->renderer, &g);
  get_transform (self, &t);
  margin = MAX (g.width, g.height) + trygg_pin_renderer_get_cluster_diameter (self->renderer, 10000);

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &g_array_index (self->clusters, Cluster, i);
      double x, y;

      transform_point (&t, c->mx, c->my, &x, &y);
      if (x < -margin || y < -margin || x > width + margin || y > height + margin)
        continue;

      if (c->n == 1)
        {
          guint index = g_array_index (self->members, guint, c->first);

          draw_pin (self, &canvas, &g, &g_array_index (self->entries, Entry, index), x, y, FALSE);
        }
      else
        draw_cluster (self, &canvas, c, x, y);
    }

  if (self->selected != NO_INDEX)
    {
      const Entry *e = &g_array_index (self->entries, Entry, self->selected);
      double x, y;

      transform_point (&t, e->mx, e->my, &x, &y);
      draw_pin (self, &canvas, &g, e, x, y, TRUE);
    }

}

/* A new font or text scale means new number sprites. Not css-changed: that
 * also runs on hover and would throw the sprites away for nothing. */
static void
font_changed_cb (TryggFindingsLayer *self)
{
  trygg_pin_renderer_free (self->renderer);
  self->renderer = trygg_pin_renderer_new ();
  invalidate_clusters (self);
}

static void
trygg_findings_layer_constructed (GObject *object)
{
  TryggFindingsLayer *self = TRYGG_FINDINGS_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (trygg_findings_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-font-name",
                           G_CALLBACK (font_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-xft-dpi",
                           G_CALLBACK (font_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
trygg_findings_layer_finalize (GObject *object)
{
  TryggFindingsLayer *self = TRYGG_FINDINGS_LAYER (object);

  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->clusters, g_array_unref);
  g_clear_pointer (&self->members, g_array_unref);
  g_clear_pointer (&self->renderer, trygg_pin_renderer_free);

  G_OBJECT_CLASS (trygg_findings_layer_parent_class)->finalize (object);
}

static void
trygg_findings_layer_class_init (TryggFindingsLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = trygg_findings_layer_constructed;
  object_class->finalize = trygg_findings_layer_finalize;
  widget_class->snapshot = trygg_findings_layer_snapshot;

  /**
   * TryggFindingsLayer::pin-activated:
   * @index: the pin's index in the array given to set_pins
   */
  signals[PIN_ACTIVATED] =
    g_signal_new ("pin-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * TryggFindingsLayer::cluster-activated:
   * @cluster: index for trygg_findings_layer_get_cluster_members()
   */
  signals[CLUSTER_ACTIVATED] =
    g_signal_new ("cluster-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * TryggFindingsLayer::pin-moved:
   * @index: the pin that was dragged
   * @latitude: where it was dropped
   * @longitude: where it was dropped
   */
  signals[PIN_MOVED] =
    g_signal_new ("pin-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "trygg-findings-layer");
}

static void
trygg_findings_layer_init (TryggFindingsLayer *self)
{
  GtkGesture *click, *drag;

  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->clusters = g_array_new (FALSE, FALSE, sizeof (Cluster));
  self->members = g_array_new (FALSE, FALSE, sizeof (guint));
  self->renderer = trygg_pin_renderer_new ();
  self->cluster_zoom = -1;
  self->clustering = TRUE;
  self->selected = NO_INDEX;
  self->drag_index = NO_INDEX;

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (drag_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

/* Public API */

TryggFindingsLayer *
trygg_findings_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (TRYGG_TYPE_FINDINGS_LAYER, "viewport", viewport, NULL);
}

/**
 * trygg_findings_layer_set_pins:
 * @pins: (array length=n_pins): the pins, copied; their ids stay the
 *   caller's and must outlive the next set_pins
 *
 * Replaces all pins. The selection is kept when its id is still there.
 */
void
trygg_findings_layer_set_pins (TryggFindingsLayer *self,
                               const TryggPin     *pins,
                               guint               n_pins)
{
  g_autoptr(GArray) categories = NULL;

  g_return_if_fail (TRYGG_IS_FINDINGS_LAYER (self));
  g_return_if_fail (pins != NULL || n_pins == 0);

  categories = g_array_new (FALSE, FALSE, sizeof (CategoryGlyph));
  g_array_set_size (self->entries, 0);
  g_array_set_size (self->entries, n_pins);
  self->selected = NO_INDEX;
  self->drag_index = NO_INDEX;

  for (guint i = 0; i < n_pins; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      const CategoryGlyph *category = category_glyph (categories, pins[i].category_key);

      e->pin = pins[i];
      e->pin.category_key = category->key;
      e->glyph = category->glyph;
      project_normalised (pins[i].latitude, pins[i].longitude, &e->mx, &e->my);
      if (self->selected_id != NULL && pins[i].id == self->selected_id)
        self->selected = i;
    }

  invalidate_clusters (self);
}

guint
trygg_findings_layer_get_n_pins (TryggFindingsLayer *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDINGS_LAYER (self), 0);
  return self->entries->len;
}

const TryggPin *
trygg_findings_layer_get_pin (TryggFindingsLayer *self,
                              guint               index)
{
  g_return_val_if_fail (TRYGG_IS_FINDINGS_LAYER (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return &g_array_index (self->entries, Entry, index).pin;
}

gboolean
trygg_findings_layer_find_pin (TryggFindingsLayer *self,
                               gconstpointer       id,
                               guint              *out_index)
{
  g_return_val_if_fail (TRYGG_IS_FINDINGS_LAYER (self), FALSE);

  for (guint i = 0; id != NULL && i < self->entries->len; i++)
    if (g_array_index (self->entries, Entry, i).pin.id == id)
      {
        if (out_index)
          *out_index = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * trygg_findings_layer_set_selected:
 * @id: (nullable): the id of the pin to highlight, compared by pointer
 */
void
trygg_findings_layer_set_selected (TryggFindingsLayer *self,
                                   gconstpointer       id)
{
  guint index = NO_INDEX;

  g_return_if_fail (TRYGG_IS_FINDINGS_LAYER (self));

  self->selected_id = id;
  if (!trygg_findings_layer_find_pin (self, id, &index))
    index = NO_INDEX;

  if (index != self->selected)
    {
      self->selected = index;
      invalidate_clusters (self);
    }
}

gconstpointer
trygg_findings_layer_get_selected (TryggFindingsLayer *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDINGS_LAYER (self), NULL);
  return self->selected != NO_INDEX ? self->selected_id : NULL;
}

/* Bigger pins and numbers for a projector (presentation mode). */
void
trygg_findings_layer_set_large (TryggFindingsLayer *self,
                                gboolean            large)
{
  g_return_if_fail (TRYGG_IS_FINDINGS_LAYER (self));

  if (self->large == !!large)
    return;
  self->large = !!large;
  invalidate_clusters (self);
}

gboolean
trygg_findings_layer_get_large (TryggFindingsLayer *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDINGS_LAYER (self), FALSE);
  return self->large;
}

void
trygg_findings_layer_set_clustering (TryggFindingsLayer *self,
                                     gboolean            clustering)
{
  g_return_if_fail (TRYGG_IS_FINDINGS_LAYER (self));

  if (self->clustering == !!clustering)
    return;
  self->clustering = !!clustering;
  invalidate_clusters (self);
}

void
trygg_findings_layer_project (TryggFindingsLayer *self,
                              double              latitude,
                              double              longitude,
                              double             *x,
                              double             *y)
{
  Transform t;
  double mx, my;

  g_return_if_fail (TRYGG_IS_FINDINGS_LAYER (self));
  g_return_if_fail (x != NULL && y != NULL);

  get_transform (self, &t);
  project_normalised (latitude, longitude, &mx, &my);
  transform_point (&t, mx, my, x, y);
}

gboolean
trygg_findings_layer_hit_test (TryggFindingsLayer *self,
                               double              x,
                               double              y,
                               guint              *out_index,
                               gboolean           *out_is_cluster)
{
  TryggPinGeometry g;
  Transform t;

  g_return_val_if_fail (TRYGG_IS_FINDINGS_LAYER (self), FALSE);

  if (self->entries->len == 0)
    return FALSE;

  ensure_renderer (self);
  ensure_clusters (self);
  trygg_pin_renderer_get_geometry (self->renderer, &g);
  get_transform (self, &t);

  /* Topmost first: the selected pin is drawn last. */
  if (self->selected != NO_INDEX)
    {
      const Entry *e = &g_array_index (self->entries, Entry, self->selected);
      double px, py;

      transform_point (&t, e->mx, e->my, &px, &py);
      if (pin_contains (&g, px, py, x, y))
        {
          if (out_index)
            *out_index = self->selected;
          if (out_is_cluster)
            *out_is_cluster = FALSE;
          return TRUE;
        }
    }

  for (guint i = self->clusters->len; i-- > 0;)
    {
      const Cluster *c = &g_array_index (self->clusters, Cluster, i);
      double cx, cy;
      gboolean hit;

      transform_point (&t, c->mx, c->my, &cx, &cy);
      if (c->n == 1)
        hit = pin_contains (&g, cx, cy, x, y);
      else
        {
          double r = trygg_pin_renderer_get_cluster_diameter (self->renderer, c->n) / 2;

          hit = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
        }

      if (hit)
        {
          if (out_index)
            *out_index = c->n == 1 ? g_array_index (self->members, guint, c->first) : i;
          if (out_is_cluster)
            *out_is_cluster = c->n > 1;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * trygg_findings_layer_get_cluster_members:
 * @n_members: (out): how many pins the cluster holds
 *
 * Returns: (array length=n_members) (transfer none): the pins' indices
 */
const guint *
trygg_findings_layer_get_cluster_members (TryggFindingsLayer *self,
                                          guint               cluster,
                                          guint              *n_members)
{
  const Cluster *c;

  g_return_val_if_fail (TRYGG_IS_FINDINGS_LAYER (self), NULL);
  g_return_val_if_fail (n_members != NULL, NULL);

  ensure_clusters (self);
  g_return_val_if_fail (cluster < self->clusters->len, NULL);

  c = &g_array_index (self->clusters, Cluster, cluster);
  *n_members = c->n;
  return &g_array_index (self->members, guint, c->first);
}

guint
trygg_findings_layer_get_n_clusters (TryggFindingsLayer *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDINGS_LAYER (self), 0);

  ensure_clusters (self);
  return self->clusters->len + (self->selected != NO_INDEX ? 1 : 0);
}

guint
trygg_findings_layer_count_visible (TryggFindingsLayer *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  guint visible = 0;
  Transform t;

  g_return_val_if_fail (TRYGG_IS_FINDINGS_LAYER (self), 0);

  ensure_clusters (self);
  get_transform (self, &t);
  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &g_array_index (self->clusters, Cluster, i);
      double x, y;

      transform_point (&t, c->mx, c->my, &x, &y);
      if (x >= 0 && y >= 0 && x <= width && y <= height)
        visible++;
    }
  return visible;
}
