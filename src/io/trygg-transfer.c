/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <string.h>

#include "trygg-csv.h"
#include "trygg-geojson.h"
#include "trygg-gpx.h"
#include "trygg-transfer.h"

typedef enum
{
  FORMAT_UNKNOWN,
  FORMAT_GEOJSON,
  FORMAT_CSV,
  FORMAT_GPX,
} Format;

static Format
format_for_path (const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_suffix (lower, ".geojson") || g_str_has_suffix (lower, ".json"))
    return FORMAT_GEOJSON;
  if (g_str_has_suffix (lower, ".csv"))
    return FORMAT_CSV;
  if (g_str_has_suffix (lower, ".gpx"))
    return FORMAT_GPX;
  return FORMAT_UNKNOWN;
}

static char *
read_file (const char  *path,
           gsize       *out_length,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  GStatBuf st;

  /* A FIFO or /dev/zero would block or never end: only regular files. */
  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_FAILED,
                   _("Could not read “%s”: %s. Check the file name and try again."),
                   path, g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_FAILED,
                   _("“%s” is not a file. Give the name of a file to import."), path);
      return NULL;
    }
  if ((guint64) st.st_size > TRYGG_IO_MAX_FILE_SIZE)
    {
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                   _("“%s” is larger than 256 MB, too large to import. Split it into "
                     "smaller files."), path);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, out_length, &local_error))
    {
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_FAILED,
                   _("Could not read “%s”: %s. Check the file name and try again."),
                   path, local_error->message);
      return NULL;
    }
  return contents;
}

static char *
summarise (guint                    total,
           const TryggImportResult *result,
           guint                    skipped)
{
  g_autofree char *head = NULL;
  g_autofree char *added = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *unchanged = NULL;
  g_autofree char *skip = NULL;

  head = g_strdup_printf (ngettext ("Imported %u finding", "Imported %u findings", total), total);
  added = g_strdup_printf (ngettext ("%u new", "%u new", result->added), result->added);
  updated = g_strdup_printf (ngettext ("%u updated", "%u updated", result->updated), result->updated);
  unchanged = g_strdup_printf (ngettext ("%u unchanged", "%u unchanged", result->unchanged),
                               result->unchanged);
  if (skipped == 0)
    /* Translators: "Imported 12 findings", "10 new", "2 updated", "0 unchanged". */
    return g_strdup_printf (_("%s: %s, %s, %s."), head, added, updated, unchanged);

  skip = g_strdup_printf (ngettext ("%u feature that is not a point was skipped",
                                    "%u features that are not points were skipped", skipped),
                          skipped);
  /* Translators: as above, then "1 feature that is not a point was skipped". */
  return g_strdup_printf (_("%s: %s, %s, %s; %s."), head, added, updated, unchanged, skip);
}

static char *
walk_name_for_route (const char       *path,
                     const TryggRoute *route)
{
  g_autofree char *base = NULL;
  char *dot;

  if (route->name != NULL)
    return g_strdup (route->name);
  base = g_path_get_basename (path);
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

/* Reading a large file takes about a quarter of its import. */
#define READ_SHARE 0.25

/* One part of an import's progress, from @start to @start + @span of the
 * whole. */
typedef struct
{
  TryggProgressFunc progress;
  gpointer          progress_data;
  double            start;
  double            span;
} ScaledProgress;

static void
scaled_progress (double   fraction,
                 gpointer user_data)
{
  ScaledProgress *part = user_data;

  part->progress (part->start + part->span * fraction, part->progress_data);
}

static gint n_streamed;

guint
trygg_transfer_get_n_streamed (void)
{
  return g_atomic_int_get (&n_streamed);
}

/* A large GeoJSON file into a database without findings is written while
 * it is read (see trygg_database_import_begin()). FALSE with *@read_again
 * set when the file is not one to stream after all: nothing is written
 * then, and the caller reads it whole. */
static gboolean
import_streamed (TryggDatabase      *db,
                 const char         *contents,
                 gsize               length,
                 const char         *walk_name,
                 TryggProgressFunc   progress,
                 gpointer            progress_data,
                 TryggImportResult  *result,
                 guint              *out_n_records,
                 TryggImportStats   *stats,
                 gboolean           *read_again,
                 GError            **error)
{
  g_autoptr(TryggGeojsonStream) stream = trygg_geojson_stream_new (contents, length);
  g_autoptr(TryggImport) import = NULL;
  g_autoptr(GError) add_error = NULL;
  GCancellable *cancellable = trygg_database_get_cancellable (db);
  GPtrArray *batch;
  guint n_records = 0;

  *read_again = stream == NULL;
  if (stream == NULL)
    return FALSE;
  g_atomic_int_inc (&n_streamed);
  import = trygg_database_import_begin (db, walk_name, trygg_geojson_stream_get_n_items (stream),
                                        progress, progress_data, error);
  if (import == NULL)
    return FALSE;
  while (add_error == NULL && !g_cancellable_is_cancelled (cancellable) &&
         (batch = trygg_geojson_stream_next (stream)) != NULL)
    {
      n_records += batch->len;
      trygg_import_add_records (import, batch, &add_error);
      g_ptr_array_unref (batch);
    }
  /* Cancelled, the reading is stopped; anything else wrong with the file
   * is said before what is wrong with a record, as when it is read
   * whole. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!trygg_geojson_stream_finish (stream, stats, read_again, error))
    return FALSE;
  if (add_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&add_error));
      return FALSE;
    }
  if (!trygg_import_commit (import, result, error))
    return FALSE;
  *out_n_records = n_records;
  return TRUE;
}

gboolean
trygg_transfer_import_file (TryggDatabase      *db,
                            const char         *path,
                            const char         *walk_name,
                            TryggProgressFunc   progress,
                            gpointer            progress_data,
                            TryggImportResult  *out_result,
                            char              **out_summary,
                            GError            **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) records = NULL;
  TryggImportStats stats = { 0 };
  TryggImportResult result = { 0 };
  ScaledProgress reading = { 0 }, writing = { 0 };
  Format format;
  gsize length;

  g_return_val_if_fail (TRYGG_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_result != NULL)
    *out_result = (TryggImportResult) { 0 };
  format = format_for_path (path);
  if (format == FORMAT_UNKNOWN)
    {
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_UNSUPPORTED,
                   _("Cannot import “%s”: the file name must end in .geojson, .json, "
                     ".csv or .gpx."), path);
      return FALSE;
    }
  if ((contents = read_file (path, &length, error)) == NULL)
    return FALSE;

  if (format == FORMAT_GPX)
    {
      g_autoptr(TryggRoute) route = trygg_gpx_read (contents, length, error);
      g_autofree char *walk = NULL;

      if (route == NULL)
        return FALSE;
      walk = walk_name ? g_strdup (walk_name) : walk_name_for_route (path, route);
      if (!trygg_database_set_walk_route (db, walk, route, error))
        return FALSE;
      if (out_summary != NULL)
        *out_summary = g_strdup_printf (ngettext ("Imported the walked route of “%s”: %u point.",
                                                  "Imported the walked route of “%s”: %u points.",
                                                  route->points->len),
                                        walk, route->points->len);
      return TRUE;
    }

  if (format == FORMAT_GEOJSON)
    {
      gboolean read_again;
      guint n_records;

      if (import_streamed (db, contents, length, walk_name, progress, progress_data, &result,
                           &n_records, &stats, &read_again, error))
        {
          if (out_result != NULL)
            *out_result = result;
          if (out_summary != NULL)
            *out_summary = summarise (n_records, &result, stats.skipped);
          return TRUE;
        }
      if (!read_again)
        return FALSE;
    }

  reading.progress = progress;
  reading.progress_data = progress_data;
  reading.span = READ_SHARE;
  if (format == FORMAT_GEOJSON)
    records = trygg_geojson_read_with_progress (contents, length, &stats,
                                                progress ? scaled_progress : NULL, &reading, error);
  else
    records = trygg_csv_read_with_progress (contents, length, &stats,
                                            progress ? scaled_progress : NULL, &reading, error);
  if (records == NULL)
    return FALSE;
  g_clear_pointer (&contents, g_free);
  /* Reading does not watch the cancellable; the writing's statements do. */
  if (g_cancellable_set_error_if_cancelled (trygg_database_get_cancellable (db), error))
    return FALSE;

  writing.progress = progress;
  writing.progress_data = progress_data;
  writing.start = READ_SHARE;
  writing.span = 1.0 - READ_SHARE;
  if (!trygg_database_import_records (db, records, walk_name,
                                      progress ? scaled_progress : NULL, &writing, &result, error))
    return FALSE;
  if (out_result != NULL)
    *out_result = result;
  if (out_summary != NULL)
    *out_summary = summarise (records->len, &result, stats.skipped);
  return TRUE;
}

/* Every export goes through a 256 KB buffer: the formats write a feature or
 * a row at a time. */
typedef struct
{
  Format              format;
  GPtrArray          *records;   /* CSV */
  TryggFeatureCursor *features;  /* GeoJSON */
  GCancellable       *cancellable;
} ExportJob;

static gboolean
write_job (GOutputStream  *out,
           gpointer        user_data,
           GError        **error)
{
  ExportJob *job = user_data;
  g_autoptr(GOutputStream) buffered = g_buffered_output_stream_new_sized (out, 256 * 1024);
  gboolean ok;

  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (buffered), FALSE);
  if (job->format == FORMAT_GEOJSON)
    ok = trygg_geojson_write_features (job->features, buffered, job->cancellable, error);
  else
    ok = trygg_csv_write (job->records, buffered, job->cancellable, error);
  /* Cancelled however late, the file is not put in place. */
  return ok && g_output_stream_close (buffered, NULL, error)
         && !g_cancellable_set_error_if_cancelled (job->cancellable, error);
}

gboolean
trygg_transfer_export_file (TryggDatabase      *db,
                            const char         *path,
                            const char         *walk_name,
                            const char         *actor_name,
                            TryggProgressFunc   progress,
                            gpointer            progress_data,
                            guint              *out_count,
                            GError            **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(TryggFeatureCursor) features = NULL;
  ExportJob job = { 0 };

  g_return_val_if_fail (TRYGG_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  job.format = format_for_path (path);
  job.cancellable = trygg_database_get_cancellable (db);
  if (job.format != FORMAT_GEOJSON && job.format != FORMAT_CSV)
    {
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_UNSUPPORTED,
                   _("Cannot export to “%s”: the file name must end in .pdf (the report), "
                     ".geojson or .csv."), path);
      return FALSE;
    }

  /* Both check the walk and actor names before the file is begun. GeoJSON
   * streams from the database to the file; CSV formats its rows from
   * records. */
  if (job.format == FORMAT_GEOJSON)
    features = job.features = trygg_database_export_features (db, walk_name, actor_name,
                                                              progress, progress_data, error);
  else
    records = job.records = trygg_database_export_records (db, walk_name, actor_name,
                                                           progress, progress_data, error);
  if (features == NULL && records == NULL)
    return FALSE;

  if (!trygg_io_write_file_atomically (path, write_job, &job, error))
    return FALSE;

  if (out_count != NULL)
    *out_count = features != NULL ? trygg_feature_cursor_get_count (features) : records->len;
  return TRUE;
}
