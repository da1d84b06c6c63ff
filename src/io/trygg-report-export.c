/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-io.h"
#include "trygg-mbtiles.h"
#include "trygg-photo.h"
#include "trygg-walk.h"
#include "trygg-report-export.h"
#include "trygg-report.h"

/* From the database and an offline map to the report's plain data, and
 * the PDF onto disk. */

static GPtrArray *
photos_cb (const char *finding_id,
           gpointer    user_data)
{
  TryggDatabase *db = user_data;
  g_autoptr(GPtrArray) photos = NULL;
  GPtrArray *result;

  photos = trygg_database_get_print_photos (db, finding_id, NULL);
  if (photos == NULL || photos->len == 0)
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_report_photo_free);
  for (guint i = 0; i < photos->len; i++)
    {
      TryggPrintPhoto *photo = g_ptr_array_index (photos, i);
      TryggReportPhoto *item;

      item = trygg_report_photo_new (photo->bytes, photo->kind == TRYGG_PHOTO_KIND_AFTER,
                                     photo->kind != TRYGG_PHOTO_KIND_NONE
                                     ? trygg_photo_kind_to_label (photo->kind) : NULL);
      item->id = g_strdup (photo->id);
      item->needs_print_copy = photo->needs_print_copy;
      g_ptr_array_add (result, item);
    }
  return result;
}

/* Photos added before print copies were kept get theirs from their first
 * report. Failing to keep one (a read-only file, a busy database) costs
 * only time in the next report. */
static void
print_copy_cb (const char *photo_id,
               GBytes     *print_copy,
               gpointer    user_data)
{
  TryggDatabase *db = user_data;
  g_autoptr(GError) error = NULL;

  if (!trygg_database_set_photo_print_copy (db, photo_id, print_copy, &error))
    g_debug ("No print copy kept for photo %s: %s", photo_id, error->message);
}

static GBytes *
tile_cb (int      zoom,
         int      x,
         int      y,
         gpointer user_data)
{
  return trygg_mbtiles_source_read_tile (user_data, zoom, x, y, NULL);
}

/* The walks the records belong to, with their own details for the cover. */
static GPtrArray *
report_walks (TryggDatabase  *db,
              GPtrArray      *records,
              GError        **error)
{
  g_autoptr(GPtrArray) walks = trygg_database_list_walks (db, error);
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *result;

  if (walks == NULL)
    return NULL;

  for (guint i = 0; i < records->len; i++)
    {
      TryggRecord *record = g_ptr_array_index (records, i);

      if (record->walk != NULL)
        g_hash_table_add (used, record->walk);
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_report_walk_free);
  for (guint i = 0; i < walks->len; i++)
    {
      TryggWalk *walk = g_ptr_array_index (walks, i);
      TryggReportWalk *item;

      if (!g_hash_table_contains (used, trygg_walk_get_name (walk)))
        continue;

      item = trygg_report_walk_new ();
      item->name = g_strdup (trygg_walk_get_name (walk));
      item->date = g_strdup (trygg_walk_get_date (walk));
      item->time_of_day = g_strdup (trygg_time_of_day_to_key (trygg_walk_get_time_of_day (walk)));
      item->area = g_strdup (trygg_walk_get_area (walk));
      item->participants = g_strdup (trygg_walk_get_participants (walk));
      item->route = trygg_database_get_walk_route (db, trygg_walk_get_id (walk), error);
      if (item->route == NULL)
        {
          trygg_report_walk_free (item);
          g_ptr_array_unref (result);
          return NULL;
        }
      if (item->route->points->len < 2)
        g_clear_pointer (&item->route, trygg_route_free);
      g_ptr_array_add (result, item);
    }
  return result;
}

struct _TryggReportSource
{
  TryggDatabase       *db;
  GPtrArray           *records;
  GPtrArray           *walks;
  GHashTable          *reasons;
  TryggMbtilesSource  *map;
  char                *actor;
  TryggReportOptions   options;
};

void
trygg_report_source_free (TryggReportSource *source)
{
  if (source == NULL)
    return;

  g_clear_object (&source->db);
  g_clear_pointer (&source->records, g_ptr_array_unref);
  g_clear_pointer (&source->walks, g_ptr_array_unref);
  g_clear_pointer (&source->reasons, g_hash_table_unref);
  g_clear_object (&source->map);
  g_free (source->actor);
  g_free (source);
}

TryggReportSource *
trygg_report_source_new (TryggDatabase  *db,
                         const char     *walk_name,
                         const char     *actor_name,
                         const char     *offline_map,
                         GError        **error)
{
  g_autoptr(TryggReportSource) source = NULL;
  TryggReportOptions *options;

  g_return_val_if_fail (TRYGG_IS_DATABASE (db), NULL);

  source = g_new0 (TryggReportSource, 1);
  source->db = g_object_ref (db);
  source->actor = g_strdup (actor_name);
  source->records = trygg_database_export_records (db, walk_name, actor_name, NULL, NULL, error);
  if (source->records == NULL)
    return NULL;
  source->walks = report_walks (db, source->records, error);
  if (source->walks == NULL)
    return NULL;
  source->reasons = trygg_database_get_wont_fix_reasons (db, error);
  if (source->reasons == NULL)
    return NULL;

  /* A map file that cannot be read is no reason to refuse the report: it
   * is drawn without a background, with a note saying so. */
  if (offline_map != NULL)
    source->map = trygg_mbtiles_source_new (offline_map, NULL);

  options = &source->options;
  options->walks = source->walks;
  options->records = source->records;
  options->actor = source->actor;
  options->wont_fix_reasons = source->reasons;
  options->photos = photos_cb;
  options->photos_data = db;
  options->print_copy = print_copy_cb;
  options->print_copy_data = db;
  if (source->map != NULL)
    {
      options->tile = tile_cb;
      options->tile_data = source->map;
      options->tile_min_zoom = trygg_mbtiles_source_get_min_zoom (source->map);
      options->tile_max_zoom = trygg_mbtiles_source_get_max_zoom (source->map);
      options->map_attribution = trygg_mbtiles_source_get_attribution (source->map);
    }

  return g_steal_pointer (&source);
}

const TryggReportOptions *
trygg_report_source_get_options (TryggReportSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);

  return &source->options;
}

/* How many findings the report covers (before a handout's own filter). */
guint
trygg_report_source_get_n_findings (TryggReportSource *source)
{
  g_return_val_if_fail (source != NULL, 0);

  return source->records->len;
}

typedef struct
{
  const TryggReportOptions *options;
  TryggProgressFunc         progress;
  gpointer                  progress_data;
  GCancellable             *cancellable;
} ReportJob;

static gboolean
write_report (GOutputStream  *out,
              gpointer        user_data,
              GError        **error)
{
  ReportJob *job = user_data;

  /* Cancelled however late, the file is not put in place. */
  return trygg_report_write_pdf (job->options, out, job->cancellable, job->progress, job->progress_data, error)
         && !g_cancellable_set_error_if_cancelled (job->cancellable, error);
}

gboolean
trygg_report_export_file (TryggDatabase      *db,
                          const char         *path,
                          const char         *walk_name,
                          const char         *actor_name,
                          const char         *offline_map,
                          TryggProgressFunc   progress,
                          gpointer            progress_data,
                          guint              *out_count,
                          GError            **error)
{
  g_autoptr(TryggReportSource) source = NULL;
  ReportJob job = { 0 };

  g_return_val_if_fail (TRYGG_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  source = trygg_report_source_new (db, walk_name, actor_name, offline_map, error);
  if (source == NULL)
    return FALSE;

  job.options = &source->options;
  job.cancellable = trygg_database_get_cancellable (db);
  job.progress = progress;
  job.progress_data = progress_data;
  if (!trygg_io_write_file_atomically (path, write_report, &job, error))
    return FALSE;

  if (out_count != NULL)
    *out_count = source->records->len;
  return TRUE;
}
