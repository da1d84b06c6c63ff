/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-offline-download.h"

/* A few requests at a time, in zoom, column, row order. The file is
 * written under a temporary name and renamed only when every tile is in,
 * so a cancelled or failed download leaves nothing behind. */

#define MAX_IN_FLIGHT     2
#define BYTES_PER_TILE    (15 * 1024)   /* a typical OpenStreetMap tile */

typedef struct
{
  ShumateDataSource    *source;
  TryggMbtilesWriter   *writer;
  TryggMbtilesBounds    bounds;
  char                 *name;
  char                 *attribution;
  TryggOfflineProgress  progress;
  gpointer              progress_data;
  int                   min_zoom, max_zoom;
  int                   z, x, y;          /* next tile to request */
  int                   x0, y0, x1, y1;   /* range at zoom z */
  gboolean              exhausted;
  guint                 in_flight;
  guint64               done, total;
  GError               *error;            /* the first failure */
} Download;

static void
download_free (Download *d)
{
  g_clear_object (&d->source);
  g_clear_pointer (&d->writer, trygg_mbtiles_writer_free);
  g_free (d->name);
  g_free (d->attribution);
  g_clear_error (&d->error);
  g_free (d);
}

static void
start_zoom (Download *d)
{
  trygg_mbtiles_tile_range (&d->bounds, d->z, &d->x0, &d->y0, &d->x1, &d->y1);
  d->x = d->x0;
  d->y = d->y0;
}

static gboolean
next_tile (Download *d,
           int      *x,
           int      *y,
           int      *z)
{
  if (d->exhausted)
    return FALSE;

  *x = d->x;
  *y = d->y;
  *z = d->z;

  if (++d->y > d->y1)
    {
      d->y = d->y0;
      if (++d->x > d->x1)
        {
          if (++d->z > d->max_zoom)
            d->exhausted = TRUE;
          else
            start_zoom (d);
        }
    }
  return TRUE;
}

static void request_more (GTask *task);

static void
complete (GTask *task)
{
  Download *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (d->error != NULL)
    {
      /* Dropping the writer deletes the temporary file. */
      g_clear_pointer (&d->writer, trygg_mbtiles_writer_free);
      g_task_return_error (task, g_steal_pointer (&d->error));
    }
  else if (!trygg_mbtiles_writer_finish (d->writer, d->name, d->attribution, &d->bounds, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
tile_done (GTask        *task,
           const int    *coords,
           GObject      *object,
           GAsyncResult *result)
{
  Download *d = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  d->in_flight--;
  bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &error);

  if (d->error == NULL)
    {
      if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &d->error))
        ;
      else if (bytes == NULL)
        {
          g_debug ("Saving offline map: tile failed: %s", error->message);
          g_set_error_literal (&d->error, TRYGG_MBTILES_ERROR, TRYGG_MBTILES_ERROR_READ,
                               _("The map images could not be downloaded, so the area was not saved. Check the network connection and try again."));
        }
      else if (trygg_mbtiles_writer_add_tile (d->writer, coords[0], coords[1], coords[2], bytes, &d->error))
        {
          d->done++;
          if (d->progress != NULL)
            d->progress (d->done, d->total, d->progress_data);
        }
    }

  if (d->error != NULL || d->exhausted)
    {
      if (d->in_flight == 0)
        complete (task);
      return;
    }

  request_more (task);
}

/* Carries a tile's coordinates to its answer, whatever order the answers
 * come in. */
typedef struct
{
  GTask *task;
  int    coords[3];
} Request;

static void
request_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *request = user_data;

  tile_done (request->task, request->coords, object, result);
  g_object_unref (request->task);
  g_free (request);
}

static void
request_more (GTask *task)
{
  Download *d = g_task_get_task_data (task);
  int x, y, z;

  while (d->in_flight < MAX_IN_FLIGHT && d->error == NULL && next_tile (d, &x, &y, &z))
    {
      Request *request = g_new (Request, 1);

      request->task = g_object_ref (task);
      request->coords[0] = x;
      request->coords[1] = y;
      request->coords[2] = z;
      d->in_flight++;
      shumate_data_source_get_tile_data_async (d->source, x, y, z, g_task_get_cancellable (task),
                                               request_done_cb, request);
    }

  if (d->in_flight == 0)
    complete (task);
}

/**
 * trygg_offline_download_estimate:
 * @out_bytes: (out) (optional): a rough size of the file
 *
 * Returns: how many tiles the area takes over the zoom range
 */
guint64
trygg_offline_download_estimate (const TryggMbtilesBounds *bounds,
                                 int                       min_zoom,
                                 int                       max_zoom,
                                 guint64                  *out_bytes)
{
  guint64 n;

  g_return_val_if_fail (bounds != NULL, 0);
  g_return_val_if_fail (min_zoom >= 0 && min_zoom <= max_zoom && max_zoom <= 22, 0);

  n = trygg_mbtiles_count_tiles (bounds, min_zoom, max_zoom);
  if (out_bytes != NULL)
    *out_bytes = n * BYTES_PER_TILE;
  return n;
}

void
trygg_offline_download_async (ShumateDataSource        *source,
                              const TryggMbtilesBounds *bounds,
                              int                       min_zoom,
                              int                       max_zoom,
                              const char               *path,
                              const char               *name,
                              const char               *attribution,
                              TryggOfflineProgress      progress,
                              gpointer                  progress_data,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Download *d;

  g_return_if_fail (SHUMATE_IS_DATA_SOURCE (source));
  g_return_if_fail (bounds != NULL && path != NULL);
  g_return_if_fail (min_zoom >= 0 && min_zoom <= max_zoom && max_zoom <= 22);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, trygg_offline_download_async);

  d = g_new0 (Download, 1);
  d->source = g_object_ref (source);
  d->bounds = *bounds;
  d->min_zoom = min_zoom;
  d->max_zoom = max_zoom;
  d->z = min_zoom;
  d->name = g_strdup (name);
  d->attribution = g_strdup (attribution);
  d->progress = progress;
  d->progress_data = progress_data;
  d->total = trygg_mbtiles_count_tiles (bounds, min_zoom, max_zoom);
  g_task_set_task_data (task, d, (GDestroyNotify) download_free);
  start_zoom (d);

  d->writer = trygg_mbtiles_writer_new (path, &error);
  if (d->writer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  request_more (task);
}

gboolean
trygg_offline_download_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
