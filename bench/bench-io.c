/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-common.h"
#include "trygg-database.h"
#include "trygg-geojson.h"
#include "trygg-transfer.h"

/* Import and export of a large walk archive, end to end: from the file to
 * a committed database and back to a renamed file. Prints Markdown rows
 * (see bench/run); --quick shrinks the data for a smoke run. */

static GPtrArray *
make_records (guint n)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  static const char * const categories[] = { "lighting", "vegetation", "graffiti", "litter" };
  static const char * const actors[] = { "Fastighetsägare", "Polisen (kommunpolis)",
                                         "Samhällsbyggnadskontoret (gata/park)" };

  for (guint i = 0; i < n; i++)
    {
      TryggRecord *record = trygg_record_new ();
      TryggRecordAction *action = trygg_record_action_new ();

      record->id = g_uuid_string_random ();
      record->number = i % 1000 + 1;
      record->title = g_strdup_printf ("Mörk passage %u", i);
      record->description = g_strdup ("Belysningen är trasig och buskarna skymmer sikten "
                                       "mot gångvägen; flera deltagare kände sig otrygga.");
      record->category = g_strdup (categories[i % G_N_ELEMENTS (categories)]);
      record->status = i % 5;
      record->has_status = TRUE;
      record->priority = i % 3;
      record->has_priority = TRUE;
      record->actor = g_strdup (actors[i % G_N_ELEMENTS (actors)]);
      record->walk = g_strdup_printf ("Vandring %u", i / 1000);
      record->walk_date = g_strdup ("2025-11-13");
      record->latitude = 59.0 + (i % 10000) * 1e-5;
      record->longitude = 17.0 + (i / 10000) * 1e-3;
      record->observed_at = g_strdup ("2025-11-13T17:30:00Z");
      record->updated_at = g_strdup ("2025-11-14T08:00:00Z");
      action->text = g_strdup ("Byta armaturer");
      action->actor = g_strdup (actors[(i + 1) % G_N_ELEMENTS (actors)]);
      action->due = g_strdup ("2026-03-31");
      g_ptr_array_add (record->actions, action);
      g_ptr_array_add (records, record);
    }
  return records;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* The import, the exports and their baselines are timed this many times:
 * on a shared machine one run can be a third slower than the next, and
 * the median of three still moved by a tenth between runs. */
#define N_RUNS 5

static void
remove_database (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static void
row (const char *benchmark,
     double      measured,
     double      goal,
     const char *baseline_what,
     double      baseline)
{
  /* printf, not g_print: the row is UTF-8 whatever the locale says. */
  printf ("| %s | %.2f s | ≤ %.0f s | %.2f s (%s) | %s |\n",
           benchmark, measured, goal, baseline, baseline_what, measured <= goal ? "yes" : "no");
}

int
main (int   argc,
      char *argv[])
{
  gboolean quick = argc > 1 && strcmp (argv[1], "--quick") == 0;
  guint n = quick ? 5000 : 100000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-io-XXXXXX", &error);
  g_autofree char *input = g_build_filename (dir, "input.geojson", NULL);
  g_autofree char *db_path = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *geojson_out = g_build_filename (dir, "export.geojson", NULL);
  g_autofree char *csv_out = g_build_filename (dir, "export.csv", NULL);
  g_autofree char *label = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) records = make_records (n);
  g_autoptr(GFile) input_file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(TryggDatabase) db = NULL;
  gsize length;
  gint64 start;
  double import_runs[N_RUNS], checkpoint_runs[N_RUNS], parse_runs[N_RUNS];
  double export_runs[N_RUNS], csv_runs[N_RUNS], write_runs[N_RUNS];
  double import_s, checkpoint_s, parse_s, export_s, csv_s, write_s;

  g_assert_no_error (error);
  input_file = g_file_new_for_path (input);
  stream = g_file_replace (input_file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  if (!trygg_geojson_write (records, G_OUTPUT_STREAM (stream), NULL, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error))
    g_error ("%s", error->message);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* The imports first, in a process that has not yet built and dropped a
   * json-glib tree of the whole file (a gigabyte of small blocks), as the
   * command line and the window run them. Each into a new database; the
   * median of the runs is the figure, the last database is exported. */
  for (guint i = 0; i < N_RUNS; i++)
    {
      if (db != NULL)
        {
          g_clear_object (&db);
          remove_database (db_path);
        }
      db = trygg_database_open (db_path, &error);
      g_assert_no_error (error);
      start = g_get_monotonic_time ();
      if (!trygg_transfer_import_file (db, input, NULL, NULL, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
      import_runs[i] = seconds_since (start);

      /* What the import leaves for after its outcome is out: the window
       * does it in the worker thread, the command line before it exits. */
      start = g_get_monotonic_time ();
      if (!trygg_database_checkpoint (db, &error))
        g_error ("%s", error->message);
      checkpoint_runs[i] = seconds_since (start);
    }

  /* Baseline: json-glib parsing the same file, nothing else. */
  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      start = g_get_monotonic_time ();
      json_parser_load_from_file (parser, input, &error);
      g_assert_no_error (error);
      parse_runs[i] = seconds_since (start);
    }
  import_s = bench_median (import_runs, N_RUNS);
  checkpoint_s = bench_median (checkpoint_runs, N_RUNS);
  parse_s = bench_median (parse_runs, N_RUNS);

  /* The exports the same way, each replacing its file of the run before. */
  for (guint i = 0; i < N_RUNS; i++)
    {
      start = g_get_monotonic_time ();
      if (!trygg_transfer_export_file (db, geojson_out, NULL, NULL, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
      export_runs[i] = seconds_since (start);

      start = g_get_monotonic_time ();
      if (!trygg_transfer_export_file (db, csv_out, NULL, NULL, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
      csv_runs[i] = seconds_since (start);
    }

  /* Baseline: writing the exported bytes in one call. */
  g_file_get_contents (geojson_out, &contents, &length, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_RUNS; i++)
    {
      start = g_get_monotonic_time ();
      g_file_set_contents (input, contents, length, &error);
      g_assert_no_error (error);
      write_runs[i] = seconds_since (start);
    }
  export_s = bench_median (export_runs, N_RUNS);
  csv_s = bench_median (csv_runs, N_RUNS);
  write_s = bench_median (write_runs, N_RUNS);

  label = g_strdup_printf ("GeoJSON import, %u findings, file to committed database, median of %d", n,
                           N_RUNS);
  row (label, import_s, 3, "json-glib parse alone, median", parse_s);
  g_free (label);
  /* No goal of its own: it follows the import, on the worker thread. */
  printf ("| checkpoint after each import, once its outcome is out, median | %.2f s | — | — | — |\n",
          checkpoint_s);
  label = g_strdup_printf ("GeoJSON export, %u findings, database to renamed file, median of %d", n,
                           N_RUNS);
  row (label, export_s, 2, "writing the same bytes at once, median", write_s);
  g_free (label);
  label = g_strdup_printf ("CSV export, %u findings, database to renamed file, median of %d", n,
                           N_RUNS);
  row (label, csv_s, 2, "writing the GeoJSON bytes at once, median", write_s);

  g_clear_object (&db);
  remove_database (db_path);
  g_unlink (input);
  g_unlink (geojson_out);
  g_unlink (csv_out);
  g_rmdir (dir);
  return 0;
}
