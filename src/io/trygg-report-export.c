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
      g_ptr_array_add (result, item);
    }
  return result;
}

typedef struct
{
  const TryggReportOptions *options;
  TryggProgressFunc         progress;
  gpointer                  progress_data;
} ReportJob;

static gboolean
write_report (GOutputStream  *out,
              gpointer        user_data,
              GError        **error)
{
  ReportJob *job = user_data;

  return trygg_report_write_pdf (job->options, out, NULL, job->progress, job->progress_data, error);
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
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) walks = NULL;
  g_autoptr(TryggMbtilesSource) map = NULL;
  g_autoptr(GHashTable) reasons = NULL;
  TryggReportOptions options = { 0 };
  ReportJob job = { 0 };

  g_return_val_if_fail (TRYGG_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  records = trygg_database_export_records (db, walk_name, actor_name, NULL, NULL, error);
  if (records == NULL)
    return FALSE;
  walks = report_walks (db, records, error);
  if (walks == NULL)
    return FALSE;
  reasons = trygg_database_get_wont_fix_reasons (db, error);
  if (reasons == NULL)
    return FALSE;

  /* A map file that cannot be read is no reason to refuse the report: it
   * is drawn without a background, with a note saying so. */
  if (offline_map != NULL)
    map = trygg_mbtiles_source_new (offline_map, NULL);

  options.walks = walks;
  options.records = records;
  options.actor = actor_name;
  options.wont_fix_reasons = reasons;
  options.photos = photos_cb;
  options.photos_data = db;
  options.print_copy = print_copy_cb;
  options.print_copy_data = db;
  if (map != NULL)
    {
      options.tile = tile_cb;
      options.tile_data = map;
      options.tile_min_zoom = trygg_mbtiles_source_get_min_zoom (map);
      options.tile_max_zoom = trygg_mbtiles_source_get_max_zoom (map);
      options.map_attribution = trygg_mbtiles_source_get_attribution (map);
    }

  job.options = &options;
  job.progress = progress;
  job.progress_data = progress_data;
  if (!trygg_io_write_file_atomically (path, write_report, &job, error))
    return FALSE;

  if (out_count != NULL)
    *out_count = records->len;
  return TRUE;
}
