/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "trygg-online-source.h"

/* The OpenStreetMap tiles: downloaded with our own user agent (the tile
 * policy asks for one, and libshumate 1.0.3's downloader ignores it with
 * libsoup 3), kept in libshumate's disk cache, and watched: libshumate 1.0
 * drops tile errors silently and leaves the map grey, so the map view
 * learns from "failing" that it should tell the user. */

struct _TryggOnlineSource
{
  ShumateDataSource  parent_instance;

  SoupSession       *session;
  ShumateFileCache  *cache;
  char              *url_template;
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

/* A tile in the disk cache younger than this is shown without asking the
 * server; an older one is revalidated with its ETag. */
#define FRESH_SECONDS (7 * 24 * 3600)

typedef struct
{
  int          x;
  int          y;
  int          zoom;
  char        *etag;
  GBytes      *cached;
  SoupMessage *message;
} Request;

static void
request_free (Request *request)
{
  g_free (request->etag);
  g_clear_pointer (&request->cached, g_bytes_unref);
  g_clear_object (&request->message);
  g_free (request);
}

static void
set_failing (TryggOnlineSource *self,
             gboolean           failing)
{
  if (self->failing == failing)
    return;
  self->failing = failing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILING]);
}

static gboolean
is_image (GBytes *bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0) ||
         (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff);
}

static char *
tile_url (TryggOnlineSource *self,
          const Request     *request)
{
  g_autofree char *x = g_strdup_printf ("%d", request->x);
  g_autofree char *y = g_strdup_printf ("%d", request->y);
  g_autofree char *z = g_strdup_printf ("%d", request->zoom);
  g_autoptr(GString) url = g_string_new (self->url_template);

  g_string_replace (url, "{x}", x, 0);
  g_string_replace (url, "{y}", y, 0);
  g_string_replace (url, "{z}", z, 0);
  return g_string_free (g_steal_pointer (&url), FALSE);
}

/* libshumate 1.0.3 sets a tile's image only from "received-data", emitted
 * on the main thread before the request completes. */
static void
deliver (GTask  *task,
         GBytes *bytes)
{
  TryggOnlineSource *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  self->n_loaded++;
  g_signal_emit_by_name (self, "received-data", request->x, request->y, request->zoom, bytes);
  g_task_return_pointer (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
}

static void
fail (GTask  *task,
      GError *error)
{
  TryggOnlineSource *self = g_task_get_source_object (task);

  /* A cancelled request is the map scrolling on, not a failure. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Tile download failed: %s", error->message);
      self->n_failed++;
      set_failing (self, TRUE);
    }
  g_task_return_error (task, error);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!shumate_file_cache_store_tile_finish (SHUMATE_FILE_CACHE (object), result, &error))
    g_debug ("Could not keep a map tile in the cache: %s", error->message);
}

static void
downloaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TryggOnlineSource *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      /* No network: a tile from the cache, however old, beats a hole. */
      if (request->cached != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        deliver (task, request->cached);
      else
        fail (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (request->message);
  if (status == SOUP_STATUS_NOT_MODIFIED && request->cached != NULL)
    {
      shumate_file_cache_mark_up_to_date (self->cache, request->x, request->y, request->zoom);
      set_failing (self, FALSE);
      deliver (task, request->cached);
      return;
    }

  if (status != SOUP_STATUS_OK || !is_image (body))
    {
      if (request->cached != NULL)
        {
          deliver (task, request->cached);
          return;
        }
      fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                               "The tile server answered %u %s", status,
                               soup_message_get_reason_phrase (request->message)));
      return;
    }

  set_failing (self, FALSE);
  shumate_file_cache_store_tile_async (self->cache, request->x, request->y, request->zoom, body,
                                       soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                                                     "ETag"),
                                       NULL, stored_cb, NULL);
  deliver (task, body);
}

static void
cache_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TryggOnlineSource *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *url = NULL;
  GCancellable *cancellable;

  request->cached = shumate_file_cache_get_tile_finish (SHUMATE_FILE_CACHE (object), &request->etag,
                                                        &modified, result, NULL);
  if (request->cached != NULL && modified != NULL &&
      g_date_time_difference (now, modified) < (GTimeSpan) FRESH_SECONDS * G_TIME_SPAN_SECOND)
    {
      deliver (task, request->cached);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  url = tile_url (self, request);
  request->message = soup_message_new (SOUP_METHOD_GET, url);
  if (request->message == NULL)
    {
      fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Not a tile address: %s", url));
      return;
    }
  if (request->etag != NULL && request->cached != NULL)
    soup_message_headers_append (soup_message_get_request_headers (request->message),
                                 "If-None-Match", request->etag);

  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT,
                                    cancellable, downloaded_cb, g_steal_pointer (&task));
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
  Request *request = g_new0 (Request, 1);

  request->x = x;
  request->y = y;
  request->zoom = zoom_level;
  g_task_set_source_tag (task, trygg_online_source_get_tile_data_async);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  shumate_file_cache_get_tile_async (self->cache, x, y, zoom_level, cancellable, cache_read_cb, task);
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

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (trygg_online_source_parent_class)->dispose (object);
}

static void
trygg_online_source_finalize (GObject *object)
{
  g_free (TRYGG_ONLINE_SOURCE (object)->url_template);

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
  self->url_template = g_strdup (url_template);
  /* OpenStreetMap's tile policy asks every application to identify
   * itself. libshumate 1.0.3's own downloader ignores
   * shumate_set_user_agent() with libsoup 3, so we download ourselves. */
  self->session = soup_session_new_with_options ("user-agent", TRYGG_USER_AGENT,
                                                 "max-conns-per-host", 2,
                                                 "timeout", 20,
                                                 NULL);
  self->cache = shumate_file_cache_new_full (100 * 1000 * 1000, "trygg-osm-mapnik", NULL);
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
