/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "trygg-map-legend.h"
#include "trygg-map-resources.h"
#include "trygg-map-view.h"
#include "trygg-mbtiles.h"
#include "trygg-online-source.h"

/* The map the users look at: OpenStreetMap (or an offline MBTiles file)
 * under the walked route and the findings. It takes plain data only; the
 * window turns its signals into edits. */

#define DEFAULT_LATITUDE   59.1917
#define DEFAULT_LONGITUDE  17.6278
#define DEFAULT_ZOOM       16.0
#define FIT_PADDING        64.0
#define SAVE_DELAY_MS      800

/* ShumateScale translates its labels in the program's own gettext domain:
 * list them here so they reach our catalogue. Only metric is shown. */
static const char * const scale_units[] G_GNUC_UNUSED = {
  N_("%d m"),
  N_("%d km"),
};

struct _TryggMapView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkOverlay         *overlay;
  ShumateSimpleMap   *map;
  GtkWidget          *legend;
  GtkWidget          *failure_box;
  GtkLabel           *failure_label;

  ShumateViewport    *viewport;
  TryggFindingsLayer *findings;
  ShumatePathLayer   *route;

  ShumateDataSource  *data_source;   /* the online source or the MBTiles file */
  ShumateMapSource   *renderer;
  char               *offline_map;

  GSettings          *settings;
  guint               save_id;
  gboolean            adding;
};

G_DEFINE_FINAL_TYPE (TryggMapView, trygg_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ADDING,
  PROP_OFFLINE_MAP,
  PROP_TILES_FAILING,
  N_PROPS
};

enum {
  FINDING_ACTIVATED,
  LOCATION_CHOSEN,
  FINDING_MOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static void
show_failure (TryggMapView *self,
              const char   *message)
{
  gtk_label_set_text (self->failure_label, message);
  gtk_widget_set_visible (self->failure_box, message != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TILES_FAILING]);
}

static void
online_failing_cb (TryggMapView      *self,
                   GParamSpec        *pspec,
                   TryggOnlineSource *source)
{
  if (trygg_online_source_get_failing (source))
    show_failure (self, _("The map images could not be downloaded. Check the network connection or choose an offline map."));
  else
    show_failure (self, NULL);
}

static void
offline_failed_cb (TryggMapView       *self,
                   GError             *error,
                   TryggMbtilesSource *source)
{
  show_failure (self, error->message);
}

static void
use_source (TryggMapView      *self,
            ShumateDataSource *data_source,
            ShumateMapSource  *renderer)
{
  if (self->data_source != NULL)
    g_signal_handlers_disconnect_by_data (self->data_source, self);

  g_set_object (&self->data_source, data_source);
  g_set_object (&self->renderer, renderer);
  shumate_simple_map_set_map_source (self->map, renderer);
  show_failure (self, NULL);

  if (TRYGG_IS_ONLINE_SOURCE (data_source))
    g_signal_connect_object (data_source, "notify::failing",
                             G_CALLBACK (online_failing_cb), self, G_CONNECT_SWAPPED);
  else
    g_signal_connect_object (data_source, "tile-failed",
                             G_CALLBACK (offline_failed_cb), self, G_CONNECT_SWAPPED);
}

static void
use_online_map (TryggMapView *self)
{
  g_autoptr(TryggOnlineSource) source = NULL;
  g_autoptr(ShumateMapSource) renderer = NULL;
  const char *url;

  /* OpenStreetMap's tile policy asks for an identifying user agent. */
  shumate_set_user_agent (TRYGG_USER_AGENT);

  /* TRYGG_TILE_URL points the map at a local tile server (tests, a
   * municipality's own server) instead of OpenStreetMap's. */
  url = g_getenv ("TRYGG_TILE_URL");
  source = trygg_online_source_new (url != NULL && *url != '\0' ? url : TRYGG_OSM_TILE_URL);
  renderer = trygg_online_source_create_renderer (source);
  use_source (self, SHUMATE_DATA_SOURCE (source), renderer);
}

static void
fit_mercator_box (TryggMapView *self,
                  double        min_mx,
                  double        min_my,
                  double        max_mx,
                  double        max_my,
                  double        max_zoom)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double tile = shumate_map_source_get_tile_size (self->renderer);
  double dx = MAX (max_mx - min_mx, 1e-9), dy = MAX (max_my - min_my, 1e-9);
  double zoom, cx, cy, lat, lon;

  /* Before the first allocation, assume a typical window. */
  if (width <= 1 || height <= 1)
    {
      width = 1000;
      height = 700;
    }

  zoom = log2 (MIN ((width - 2 * FIT_PADDING) / (dx * tile),
                    (height - 2 * FIT_PADDING) / (dy * tile)));
  zoom = floor (MIN (zoom, max_zoom) * 4) / 4;

  cx = (min_mx + max_mx) / 2;
  cy = (min_my + max_my) / 2;
  lon = cx * 360.0 - 180.0;
  lat = 180.0 / G_PI * atan (sinh (G_PI * (1 - 2 * cy)));

  shumate_viewport_set_zoom_level (self->viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), lat, lon);
}

static void
mercator (double  lat,
          double  lon,
          double *mx,
          double *my)
{
  double s;

  lat = CLAMP (lat, -85.0511287798, 85.0511287798);
  s = sin (lat * G_PI / 180.0);
  *mx = (lon + 180.0) / 360.0;
  *my = 0.5 - log ((1 + s) / (1 - s)) / (4 * G_PI);
}

static void
fit_locations (TryggMapView   *self,
               const TryggPin *pins,
               const guint    *indices,
               guint           n,
               double          max_zoom)
{
  double min_mx = G_MAXDOUBLE, min_my = G_MAXDOUBLE, max_mx = -G_MAXDOUBLE, max_my = -G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    {
      const TryggPin *pin = indices ? trygg_findings_layer_get_pin (self->findings, indices[i]) : &pins[i];
      double mx, my;

      mercator (pin->latitude, pin->longitude, &mx, &my);
      min_mx = MIN (min_mx, mx);
      max_mx = MAX (max_mx, mx);
      min_my = MIN (min_my, my);
      max_my = MAX (max_my, my);
    }

  if (n > 0)
    fit_mercator_box (self, min_mx, min_my, max_mx, max_my, max_zoom);
}

static gboolean
save_position_cb (gpointer user_data)
{
  TryggMapView *self = user_data;

  self->save_id = 0;
  if (self->settings == NULL)
    return G_SOURCE_REMOVE;

  g_settings_delay (self->settings);
  g_settings_set_double (self->settings, "map-latitude",
                         shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport)));
  g_settings_set_double (self->settings, "map-longitude",
                         shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport)));
  g_settings_set_double (self->settings, "map-zoom",
                         CLAMP (shumate_viewport_get_zoom_level (self->viewport), 1, 20));
  g_settings_apply (self->settings);
  return G_SOURCE_REMOVE;
}

/* Callbacks */

static void
viewport_moved_cb (TryggMapView *self)
{
  if (self->settings == NULL)
    return;

  /* Panning notifies every frame: store the place once it rests. */
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_position_cb, self);
}

/* libshumate 1.0 animates a zoom by the ratio of 2^-zoom at the start, now
 * and at the end. An animation that starts a hair from the level it ends
 * on (a zoom that came to rest just short of the lowest level, then one
 * more step out, clamped to that level) has equal powers at both ends:
 * 0/0, a latitude of NaN, and ShumateScale aborts the program. A level
 * that close to a limit is put on the limit, so that no animation starts
 * there. */
static void
viewport_zoom_cb (TryggMapView *self)
{
  double zoom = shumate_viewport_get_zoom_level (self->viewport);
  guint min_zoom = shumate_viewport_get_min_zoom_level (self->viewport);
  guint max_zoom = shumate_viewport_get_max_zoom_level (self->viewport);

  if (zoom != min_zoom && fabs (zoom - min_zoom) < 1e-9)
    shumate_viewport_set_zoom_level (self->viewport, min_zoom);
  else if (zoom != max_zoom && fabs (zoom - max_zoom) < 1e-9)
    shumate_viewport_set_zoom_level (self->viewport, max_zoom);
}

static void
pin_activated_cb (TryggMapView       *self,
                  guint               index,
                  TryggFindingsLayer *layer)
{
  const TryggPin *pin = trygg_findings_layer_get_pin (layer, index);

  trygg_findings_layer_set_selected (layer, pin->id);
  g_signal_emit (self, signals[FINDING_ACTIVATED], 0, pin->id);
}

static void
cluster_activated_cb (TryggMapView       *self,
                      guint               cluster,
                      TryggFindingsLayer *layer)
{
  const guint *members;
  guint n;
  double zoom = shumate_viewport_get_zoom_level (self->viewport);

  members = trygg_findings_layer_get_cluster_members (layer, cluster, &n);

  /* Fit the members, but always go at least one level deeper so that
   * pins on one spot still open up. */
  fit_locations (self, NULL, members, n, shumate_viewport_get_max_zoom_level (self->viewport));
  if (shumate_viewport_get_zoom_level (self->viewport) < zoom + 1)
    shumate_viewport_set_zoom_level (self->viewport, floor (zoom) + 1);
}

static void
pin_moved_cb (TryggMapView       *self,
              guint               index,
              double              latitude,
              double              longitude,
              TryggFindingsLayer *layer)
{
  const TryggPin *pin = trygg_findings_layer_get_pin (layer, index);

  g_signal_emit (self, signals[FINDING_MOVED], 0, pin->id, latitude, longitude);
}

static void
adding_pressed_cb (TryggMapView    *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));

  /* While placing a finding a click only places it: keep it from the
   * pins and from the map's own double-click zoom. */
  if (self->adding)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
adding_released_cb (TryggMapView    *self,
                    int              n_press,
                    double           x,
                    double           y,
                    GtkGestureClick *gesture)
{
  double lat, lon;

  if (!self->adding)
    return;

  shumate_viewport_widget_coords_to_location (self->viewport, GTK_WIDGET (self->map), x, y, &lat, &lon);
  trygg_map_view_set_adding (self, FALSE);
  g_signal_emit (self, signals[LOCATION_CHOSEN], 0, lat, lon);
}

static void
pan_cb (GtkWidget  *widget,
        const char *action_name,
        GVariant   *args)
{
  TryggMapView *self = TRYGG_MAP_VIEW (widget);
  double width = gtk_widget_get_width (GTK_WIDGET (self->map));
  double height = gtk_widget_get_height (GTK_WIDGET (self->map));
  double lat, lon;
  int dx, dy;

  g_variant_get (args, "(ii)", &dx, &dy);
  shumate_viewport_widget_coords_to_location (self->viewport, GTK_WIDGET (self->map),
                                              width / 2 + dx * width / 4,
                                              height / 2 + dy * height / 4,
                                              &lat, &lon);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), lat, lon);
}

static void
zoom_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *args)
{
  TryggMapView *self = TRYGG_MAP_VIEW (widget);
  double zoom = shumate_viewport_get_zoom_level (self->viewport);

  shumate_viewport_set_zoom_level (self->viewport, round (zoom) + g_variant_get_int32 (args));
}

static void
cancel_adding_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  trygg_map_view_set_adding (TRYGG_MAP_VIEW (widget), FALSE);
}

/* Virtual overrides */

static void
trygg_map_view_dispose (GObject *object)
{
  TryggMapView *self = TRYGG_MAP_VIEW (object);

  if (self->save_id != 0)
    {
      g_clear_handle_id (&self->save_id, g_source_remove);
      save_position_cb (self);
    }
  g_clear_object (&self->settings);
  if (self->data_source != NULL)
    g_signal_handlers_disconnect_by_data (self->data_source, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), TRYGG_TYPE_MAP_VIEW);

  g_clear_object (&self->renderer);
  g_clear_object (&self->data_source);

  G_OBJECT_CLASS (trygg_map_view_parent_class)->dispose (object);
}

static void
trygg_map_view_finalize (GObject *object)
{
  g_free (TRYGG_MAP_VIEW (object)->offline_map);

  G_OBJECT_CLASS (trygg_map_view_parent_class)->finalize (object);
}

static void
trygg_map_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TryggMapView *self = TRYGG_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_ADDING:
      g_value_set_boolean (value, self->adding);
      break;
    case PROP_OFFLINE_MAP:
      g_value_set_string (value, self->offline_map);
      break;
    case PROP_TILES_FAILING:
      g_value_set_boolean (value, trygg_map_view_get_tiles_failing (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_map_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TryggMapView *self = TRYGG_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_ADDING:
      trygg_map_view_set_adding (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_map_view_class_init (TryggMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_map_view_dispose;
  object_class->finalize = trygg_map_view_finalize;
  object_class->get_property = trygg_map_view_get_property;
  object_class->set_property = trygg_map_view_set_property;

  properties[PROP_ADDING] =
    g_param_spec_boolean ("adding", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFLINE_MAP] =
    g_param_spec_string ("offline-map", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TILES_FAILING] =
    g_param_spec_boolean ("tiles-failing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TryggMapView::finding-activated:
   * @id: the pin's id as given in TryggPin
   *
   * A pin was clicked; it is now shown selected.
   */
  signals[FINDING_ACTIVATED] =
    g_signal_new ("finding-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * TryggMapView::location-chosen:
   *
   * In adding mode, the user clicked where the new finding goes. The view
   * has left adding mode.
   */
  signals[LOCATION_CHOSEN] =
    g_signal_new ("location-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  /**
   * TryggMapView::finding-moved:
   * @id: the dragged pin's id
   *
   * The selected pin was dragged and dropped at a new place.
   */
  signals[FINDING_MOVED] =
    g_signal_new ("finding-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_POINTER, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  trygg_map_ensure_resources ();
  g_type_ensure (SHUMATE_TYPE_SIMPLE_MAP);
  g_type_ensure (TRYGG_TYPE_MAP_LEGEND);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/trygg-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggMapView, overlay);
  gtk_widget_class_bind_template_child (widget_class, TryggMapView, map);
  gtk_widget_class_bind_template_child (widget_class, TryggMapView, legend);
  gtk_widget_class_bind_template_child (widget_class, TryggMapView, failure_box);
  gtk_widget_class_bind_template_child (widget_class, TryggMapView, failure_label);

  /* Arrows move the map a quarter of its size, +/- zoom, when it has focus. */
  gtk_widget_class_install_action (widget_class, "map.pan", "(ii)", pan_cb);
  gtk_widget_class_install_action (widget_class, "map.zoom", "i", zoom_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "map.pan", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "map.pan", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "map.pan", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "map.pan", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "map.zoom", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "map.zoom", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "map.zoom", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "map.zoom", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "map.zoom", "i", -1);
  /* Enabled only while adding, so Escape otherwise reaches the window. */
  gtk_widget_class_install_action (widget_class, "map.cancel-adding", NULL, cancel_adding_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "map.cancel-adding", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trygg-map-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
trygg_map_view_init (TryggMapView *self)
{
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.cancel-adding", FALSE);

  self->viewport = shumate_simple_map_get_viewport (self->map);
  shumate_scale_set_unit (shumate_simple_map_get_scale (self->map), SHUMATE_UNIT_METRIC);

  /* The base map goes in first: libshumate 1.0 puts the first map layer
   * on top of whatever layers are already there. */
  use_online_map (self);

  self->route = shumate_path_layer_new (self->viewport);
  shumate_path_layer_set_stroke_width (self->route, 4);
  shumate_path_layer_set_stroke_color (self->route, &(GdkRGBA) { TRYGG_ROUTE_RGBA });
  shumate_path_layer_set_dash (self->route, NULL);
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->route));

  self->findings = trygg_findings_layer_new (self->viewport);
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->findings));
  g_signal_connect_object (self->findings, "pin-activated", G_CALLBACK (pin_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->findings, "cluster-activated", G_CALLBACK (cluster_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->findings, "pin-moved", G_CALLBACK (pin_moved_cb), self, G_CONNECT_SWAPPED);

  shumate_viewport_set_zoom_level (self->viewport, DEFAULT_ZOOM);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), DEFAULT_LATITUDE, DEFAULT_LONGITUDE);
  g_signal_connect_object (self->viewport, "notify", G_CALLBACK (viewport_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewport, "notify::zoom-level", G_CALLBACK (viewport_zoom_cb), self,
                           G_CONNECT_SWAPPED);

  /* Capture phase: the view sees a click before the pins and the map. */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (adding_pressed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (click, "released", G_CALLBACK (adding_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/* Public API */

GtkWidget *
trygg_map_view_new (void)
{
  return g_object_new (TRYGG_TYPE_MAP_VIEW, NULL);
}

/**
 * trygg_map_view_set_offline_map:
 * @path: (nullable): an MBTiles file, or %NULL for the online map
 * @error: a translated sentence for the user when the file cannot be used
 *
 * Switches the base map. On error the current map stays.
 */
gboolean
trygg_map_view_set_offline_map (TryggMapView  *self,
                                const char    *path,
                                GError       **error)
{
  g_autoptr(TryggMbtilesSource) source = NULL;
  g_autoptr(ShumateMapSource) renderer = NULL;
  TryggMbtilesBounds bounds;
  double lat, lon;

  g_return_val_if_fail (TRYGG_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path == NULL || *path == '\0')
    {
      if (self->offline_map != NULL)
        {
          use_online_map (self);
          g_clear_pointer (&self->offline_map, g_free);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_MAP]);
        }
      return TRUE;
    }

  source = trygg_mbtiles_source_new (path, error);
  if (source == NULL)
    return FALSE;

  renderer = trygg_mbtiles_source_create_renderer (source);
  use_source (self, SHUMATE_DATA_SOURCE (source), renderer);

  /* A map of another town is no use centred here: go where it has tiles. */
  trygg_mbtiles_source_get_bounds (source, &bounds);
  lat = shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport));
  lon = shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport));
  if (lat < bounds.south || lat > bounds.north || lon < bounds.west || lon > bounds.east)
    {
      double min_mx, min_my, max_mx, max_my;

      mercator (bounds.north, bounds.west, &min_mx, &min_my);
      mercator (bounds.south, bounds.east, &max_mx, &max_my);
      fit_mercator_box (self, min_mx, min_my, max_mx, max_my, trygg_mbtiles_source_get_max_zoom (source));
    }

  g_free (self->offline_map);
  self->offline_map = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_MAP]);
  return TRUE;
}

const char *
trygg_map_view_get_offline_map (TryggMapView *self)
{
  g_return_val_if_fail (TRYGG_IS_MAP_VIEW (self), NULL);
  return self->offline_map;
}

/* Whether the map currently shows its "tiles could not be had" notice. */
gboolean
trygg_map_view_get_tiles_failing (TryggMapView *self)
{
  g_return_val_if_fail (TRYGG_IS_MAP_VIEW (self), FALSE);
  return gtk_widget_get_visible (self->failure_box);
}

void
trygg_map_view_set_pins (TryggMapView   *self,
                         const TryggPin *pins,
                         guint           n_pins)
{
  g_return_if_fail (TRYGG_IS_MAP_VIEW (self));
  trygg_findings_layer_set_pins (self->findings, pins, n_pins);
}

void
trygg_map_view_set_selected (TryggMapView  *self,
                             gconstpointer  id)
{
  g_return_if_fail (TRYGG_IS_MAP_VIEW (self));
  trygg_findings_layer_set_selected (self->findings, id);
}

void
trygg_map_view_set_large_pins (TryggMapView *self,
                               gboolean      large)
{
  g_return_if_fail (TRYGG_IS_MAP_VIEW (self));
  trygg_findings_layer_set_large (self->findings, large);
}

/**
 * trygg_map_view_set_route:
 * @route: (nullable): the walked route, copied; %NULL removes it
 */
void
trygg_map_view_set_route (TryggMapView     *self,
                          const TryggRoute *route)
{
  g_return_if_fail (TRYGG_IS_MAP_VIEW (self));

  shumate_path_layer_remove_all (self->route);
  if (route == NULL || route->points == NULL)
    return;

  for (guint i = 0; i < route->points->len; i++)
    {
      const TryggRoutePoint *p = &g_array_index (route->points, TryggRoutePoint, i);
      /* Floating: the path layer sinks it and owns it from here. */
      ShumateCoordinate *node = shumate_coordinate_new_full (p->latitude, p->longitude);

      shumate_path_layer_add_node (self->route, SHUMATE_LOCATION (node));
    }
}

void
trygg_map_view_set_show_legend (TryggMapView *self,
                                gboolean      show)
{
  g_return_if_fail (TRYGG_IS_MAP_VIEW (self));
  gtk_widget_set_visible (self->legend, show);
}

/**
 * trygg_map_view_set_adding:
 *
 * In adding mode the cursor is a crosshair and the next click on the map
 * emits #TryggMapView::location-chosen; Escape leaves the mode.
 */
void
trygg_map_view_set_adding (TryggMapView *self,
                           gboolean      adding)
{
  g_return_if_fail (TRYGG_IS_MAP_VIEW (self));

  adding = !!adding;
  if (self->adding == adding)
    return;

  self->adding = adding;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.cancel-adding", adding);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->findings), adding ? "crosshair" : NULL);
  if (adding)
    gtk_widget_grab_focus (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDING]);
}

gboolean
trygg_map_view_get_adding (TryggMapView *self)
{
  g_return_val_if_fail (TRYGG_IS_MAP_VIEW (self), FALSE);
  return self->adding;
}

void
trygg_map_view_center_on (TryggMapView *self,
                          double        latitude,
                          double        longitude,
                          double        zoom)
{
  g_return_if_fail (TRYGG_IS_MAP_VIEW (self));

  shumate_viewport_set_zoom_level (self->viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), latitude, longitude);
}

/**
 * trygg_map_view_zoom_to_pins:
 * @pins: (array length=n_pins): the pins to show; nothing happens for none
 *
 * Centres and zooms the map so all @pins are visible. A single pin is
 * shown at street level.
 */
void
trygg_map_view_zoom_to_pins (TryggMapView   *self,
                             const TryggPin *pins,
                             guint           n_pins)
{
  g_return_if_fail (TRYGG_IS_MAP_VIEW (self));
  g_return_if_fail (pins != NULL || n_pins == 0);

  fit_locations (self, pins, NULL, n_pins, MIN (18, shumate_viewport_get_max_zoom_level (self->viewport)));
}

void
trygg_map_view_get_visible_bounds (TryggMapView *self,
                                   double       *west,
                                   double       *south,
                                   double       *east,
                                   double       *north)
{
  GtkWidget *map;
  double w, h;

  g_return_if_fail (TRYGG_IS_MAP_VIEW (self));
  map = GTK_WIDGET (self->map);
  w = gtk_widget_get_width (map);
  h = gtk_widget_get_height (map);

  shumate_viewport_widget_coords_to_location (self->viewport, map, 0, 0, north, west);
  shumate_viewport_widget_coords_to_location (self->viewport, map, w, h, south, east);
}

/**
 * trygg_map_view_set_settings:
 * @settings: (nullable): the application's settings
 *
 * Restores the map position from map-latitude/map-longitude/map-zoom and
 * stores it there whenever the map comes to rest.
 */
void
trygg_map_view_set_settings (TryggMapView *self,
                             GSettings    *settings)
{
  g_return_if_fail (TRYGG_IS_MAP_VIEW (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  g_clear_handle_id (&self->save_id, g_source_remove);
  g_set_object (&self->settings, settings);
  if (settings == NULL)
    return;

  trygg_map_view_center_on (self,
                            g_settings_get_double (settings, "map-latitude"),
                            g_settings_get_double (settings, "map-longitude"),
                            g_settings_get_double (settings, "map-zoom"));
  g_clear_handle_id (&self->save_id, g_source_remove);
}

static cairo_status_t
write_png_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  return g_output_stream_write_all (closure, data, length, NULL, NULL, NULL)
         ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/**
 * trygg_map_view_export_png:
 * @scale: 1 or more; 2 gives a picture twice as many pixels wide
 *
 * Writes what the map shows now (tiles, route, pins, licence and scale,
 * without the legend) as a PNG picture.
 */
gboolean
trygg_map_view_export_png (TryggMapView  *self,
                           GFile         *file,
                           int            scale,
                           GError       **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkPaintable) image = NULL;
  GtkSnapshot *snapshot;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  int width, height;

  g_return_val_if_fail (TRYGG_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (scale >= 1 && scale <= 8, FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self->map));
  height = gtk_widget_get_height (GTK_WIDGET (self->map));
  if (width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The map picture could not be saved because the map is not shown. Open the map and try again."));
      return FALSE;
    }

  /* What was last painted on screen, so an export never snapshots a
   * widget whose layout is pending. */
  paintable = gtk_widget_paintable_new (GTK_WIDGET (self->map));
  image = gdk_paintable_get_current_image (paintable);
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_scale (snapshot, scale, scale);
  gdk_paintable_snapshot (image, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The map picture could not be saved because the map is not shown. Open the map and try again."));
      return FALSE;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (stream == NULL)
    {
      cairo_surface_destroy (surface);
      g_prefix_error (error, "%s ", _("The map picture could not be saved."));
      return FALSE;
    }

  status = cairo_surface_write_to_png_stream (surface, write_png_cb, stream);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS
      || !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error))
    {
      g_clear_error (error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The map picture could not be saved. Check that there is free space and that you may write to the folder."));
      return FALSE;
    }

  return TRUE;
}

ShumateViewport *
trygg_map_view_get_viewport (TryggMapView *self)
{
  g_return_val_if_fail (TRYGG_IS_MAP_VIEW (self), NULL);
  return self->viewport;
}

ShumateSimpleMap *
trygg_map_view_get_simple_map (TryggMapView *self)
{
  g_return_val_if_fail (TRYGG_IS_MAP_VIEW (self), NULL);
  return self->map;
}

TryggFindingsLayer *
trygg_map_view_get_findings_layer (TryggMapView *self)
{
  g_return_val_if_fail (TRYGG_IS_MAP_VIEW (self), NULL);
  return self->findings;
}

/* The source the base map's tiles come from, for saving an area offline. */
ShumateDataSource *
trygg_map_view_get_data_source (TryggMapView *self)
{
  g_return_val_if_fail (TRYGG_IS_MAP_VIEW (self), NULL);
  return self->data_source;
}

ShumateMapSource *
trygg_map_view_get_map_source (TryggMapView *self)
{
  g_return_val_if_fail (TRYGG_IS_MAP_VIEW (self), NULL);
  return self->renderer;
}
