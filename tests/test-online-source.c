/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>

#include "trygg-online-source.h"

/* The online map as the OpenStreetMap tile servers see it, played by a
 * tile server of our own on the loopback address. */

static const guint8 tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
  0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
  0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
  0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

typedef struct
{
  SoupServer *server;
  char       *url_template;
  char       *user_agent;
  char       *path;
  guint       status;
  guint       n_requests;
} Fixture;

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *f = user_data;

  f->n_requests++;
  g_free (f->user_agent);
  f->user_agent = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                          "User-Agent"));
  g_free (f->path);
  f->path = g_strdup (path);
  soup_server_message_set_status (message, f->status, NULL);
  if (f->status == SOUP_STATUS_OK)
    soup_server_message_set_response (message, "image/png", SOUP_MEMORY_STATIC,
                                      (const char *) tiny_png, sizeof tiny_png);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *base = NULL;

  f->status = SOUP_STATUS_OK;
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler_cb, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  f->url_template = g_strconcat (base, "{z}/{x}/{y}.png", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->server);
  g_free (f->url_template);
  g_free (f->user_agent);
  g_free (f->path);
}

typedef struct
{
  GBytes   *bytes;
  GError   *error;
  gboolean  done;
  guint     n_received;
} Result;

static void
received_cb (ShumateDataSource *source,
             int                x,
             int                y,
             int                zoom,
             GBytes            *bytes,
             Result            *result)
{
  result->n_received++;
}

static void
done_cb (GObject      *object,
         GAsyncResult *async_result,
         gpointer      user_data)
{
  Result *result = user_data;

  result->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), async_result,
                                                            &result->error);
  result->done = TRUE;
}

static void
fetch (TryggOnlineSource *source,
       int                x,
       int                y,
       int                zoom,
       Result            *result)
{
  gulong id = g_signal_connect (source, "received-data", G_CALLBACK (received_cb), result);

  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), x, y, zoom, NULL, done_cb, result);
  while (!result->done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (source, id);
}

static void
test_user_agent (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TryggOnlineSource) source = trygg_online_source_new (f->url_template);
  Result result = { 0 };

  fetch (source, 70, 38, 7, &result);
  g_assert_no_error (result.error);
  g_assert_nonnull (result.bytes);
  g_assert_cmpuint (g_bytes_get_size (result.bytes), ==, sizeof tiny_png);
  g_assert_cmpuint (result.n_received, ==, 1);
  g_assert_cmpstr (f->path, ==, "/7/70/38.png");
  /* The tile policy: an identifying user agent, not the library's. */
  g_assert_true (g_str_has_prefix (f->user_agent, "Trygghetskarta/" PACKAGE_VERSION));
  g_assert_false (trygg_online_source_get_failing (source));
  g_bytes_unref (result.bytes);
}

/* Whether a file whose path ends in @suffix is somewhere under @dir. */
static gboolean
find_file (const char *dir,
           const char *suffix)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) ? find_file (path, suffix)
                                                 : g_str_has_suffix (path, suffix))
        return TRUE;
    }
  return FALSE;
}

/* The tile cache writes in the background after the tile was handed over;
 * the file is renamed into place when complete. */
static void
wait_for_cached_tile (const char *suffix)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!find_file (g_get_user_cache_dir (), suffix) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  g_assert_true (find_file (g_get_user_cache_dir (), suffix));
}

static void
test_cache (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(TryggOnlineSource) first = trygg_online_source_new (f->url_template);
  g_autoptr(TryggOnlineSource) second = NULL;
  Result one = { 0 }, two = { 0 };

  fetch (first, 1, 2, 3, &one);
  g_assert_no_error (one.error);
  g_assert_cmpuint (f->n_requests, ==, 1);

  /* The tile is kept on disk: a fresh one is not asked for again, and the
   * server may even be gone. */
  wait_for_cached_tile (G_DIR_SEPARATOR_S "3" G_DIR_SEPARATOR_S "1" G_DIR_SEPARATOR_S "2.png");
  g_clear_object (&first);
  f->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  second = trygg_online_source_new (f->url_template);
  fetch (second, 1, 2, 3, &two);
  g_assert_no_error (two.error);
  g_assert_nonnull (two.bytes);
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_bytes_unref (one.bytes);
  g_bytes_unref (two.bytes);
}

static void
test_server_refusing (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TryggOnlineSource) source = trygg_online_source_new (f->url_template);
  Result result = { 0 };

  f->status = SOUP_STATUS_FORBIDDEN;
  fetch (source, 5, 6, 7, &result);
  g_assert_null (result.bytes);
  g_assert_nonnull (result.error);
  g_assert_true (trygg_online_source_get_failing (source));
  g_assert_cmpuint (trygg_online_source_get_n_failed (source), ==, 1);
  g_clear_error (&result.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/online-source/user-agent", Fixture, NULL, fixture_set_up, test_user_agent, fixture_tear_down);
  g_test_add ("/online-source/cache", Fixture, NULL, fixture_set_up, test_cache, fixture_tear_down);
  g_test_add ("/online-source/server-refusing", Fixture, NULL, fixture_set_up, test_server_refusing,
              fixture_tear_down);

  return g_test_run ();
}
