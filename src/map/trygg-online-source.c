/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-online-source.h"

/* The OpenStreetMap tiles, through libshumate's downloader and its disk
 * cache, watched: libshumate 1.0 drops tile errors silently and leaves the
 * map grey, so every request passes through here and the map view learns
 * from "failing" that it should tell the user. */

struct _TryggOnlineSource
{
  ShumateDataSource  parent_instance;

  ShumateDataSource *downloader;
  char              *id;
  guint              n_failed;
  guint              n_loaded;
  gboolean           failing;
};

G_DEFINE_FINAL_TYPE (TryggOnlineSource, trygg_online_source, SHUMATE_TYPE_DATA_SOURCE)

enum {
  PROP_0,
  PROP_FAILING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_failing (TryggOnlineSource *self,
             gboolean           failing)
{
  if (self->failing == failing)
    return;
  self->failing = failing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILING]);
}

/* The downloader emits "received-data" itself (also for tiles from its
 * disk cache); the renderer listens on us, so pass it on. */
static void
downloader_received_data_cb (TryggOnlineSource *self,
                             int                x,
                             int                y,
                             int                zoom,
                             GBytes            *bytes)
{
  g_signal_emit_by_name (self, "received-data", x, y, zoom, bytes);
}

static void
downloader_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TryggOnlineSource *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &error);
  if (bytes != NULL)
    {
      self->n_loaded++;
      set_failing (self, FALSE);
      g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
      return;
    }

  /* A cancelled request is the map scrolling on, not a failure. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Tile download failed: %s", error->message);
      self->n_failed++;
      set_failing (self, TRUE);
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
trygg_online_source_get_tile_data_async (ShumateDataSource   *source,
                                         int                  x,
                                         int                  y,
                                         int                  zoom_level,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  TryggOnlineSource *self = TRYGG_ONLINE_SOURCE (source);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, trygg_online_source_get_tile_data_async);
  shumate_data_source_get_tile_data_async (self->downloader, x, y, zoom_level, cancellable,
                                           downloader_done_cb, task);
}

static GBytes *
trygg_online_source_get_tile_data_finish (ShumateDataSource  *source,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
trygg_online_source_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TryggOnlineSource *self = TRYGG_ONLINE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_FAILING:
      g_value_set_boolean (value, self->failing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_online_source_dispose (GObject *object)
{
  TryggOnlineSource *self = TRYGG_ONLINE_SOURCE (object);

  g_clear_object (&self->downloader);

  G_OBJECT_CLASS (trygg_online_source_parent_class)->dispose (object);
}

static void
trygg_online_source_finalize (GObject *object)
{
  g_free (TRYGG_ONLINE_SOURCE (object)->id);

  G_OBJECT_CLASS (trygg_online_source_parent_class)->finalize (object);
}

static void
trygg_online_source_class_init (TryggOnlineSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->get_property = trygg_online_source_get_property;
  object_class->dispose = trygg_online_source_dispose;
  object_class->finalize = trygg_online_source_finalize;
  source_class->get_tile_data_async = trygg_online_source_get_tile_data_async;
  source_class->get_tile_data_finish = trygg_online_source_get_tile_data_finish;

  /**
   * TryggOnlineSource:failing:
   *
   * Whether the last tile request failed (no network, a server refusing).
   * Cleared by the next tile that arrives.
   */
  properties[PROP_FAILING] =
    g_param_spec_boolean ("failing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trygg_online_source_init (TryggOnlineSource *self)
{
}

TryggOnlineSource *
trygg_online_source_new (const char *url_template)
{
  TryggOnlineSource *self;

  g_return_val_if_fail (url_template != NULL, NULL);

  self = g_object_new (TRYGG_TYPE_ONLINE_SOURCE, NULL);
  self->downloader = SHUMATE_DATA_SOURCE (shumate_tile_downloader_new (url_template));
  g_signal_connect_object (self->downloader, "received-data",
                           G_CALLBACK (downloader_received_data_cb), self, G_CONNECT_SWAPPED);
  return self;
}

gboolean
trygg_online_source_get_failing (TryggOnlineSource *self)
{
  g_return_val_if_fail (TRYGG_IS_ONLINE_SOURCE (self), FALSE);
  return self->failing;
}

guint
trygg_online_source_get_n_failed (TryggOnlineSource *self)
{
  g_return_val_if_fail (TRYGG_IS_ONLINE_SOURCE (self), 0);
  return self->n_failed;
}

guint
trygg_online_source_get_n_loaded (TryggOnlineSource *self)
{
  g_return_val_if_fail (TRYGG_IS_ONLINE_SOURCE (self), 0);
  return self->n_loaded;
}

/**
 * trygg_online_source_create_renderer:
 *
 * Returns: (transfer full): the OpenStreetMap renderer, with the licence
 *   text OpenStreetMap requires shown on the map.
 */
ShumateMapSource *
trygg_online_source_create_renderer (TryggOnlineSource *self)
{
  g_return_val_if_fail (TRYGG_IS_ONLINE_SOURCE (self), NULL);

  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full ("trygg-osm-mapnik",
                                                               "OpenStreetMap",
                                                               "© OpenStreetMap contributors",
                                                               "https://www.openstreetmap.org/copyright",
                                                               0, 19, 256,
                                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                                               SHUMATE_DATA_SOURCE (self)));
}
