/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "test-io-common.h"
#include "trygg-database-private.h"
#include "trygg-geojson.h"
#include "trygg-report-export.h"
#include "trygg-transfer.h"

/* The GeoJSON export writes each feature with SQLite's JSON functions,
 * while trygg_geojson_write () builds the same feature from a TryggRecord
 * with json-glib. These tests hold the two to one document: same members,
 * same values, same nulls, same escaping as far as JSON can tell. */

#define ID_A "5d0c6c1e-8f39-4f7e-9a55-0d1b2c3d4e01"
#define ID_B "5d0c6c1e-8f39-4f7e-9a55-0d1b2c3d4e02"
#define ID_C "5d0c6c1e-8f39-4f7e-9a55-0d1b2c3d4e03"

/* Every character JSON must escape, and some it must not. */
static const char awkward[] =
  "\"Citat\" och \\bakstreck\\ / </script>\n"
  "tab\there, cr\r, bell\a, unit\x1f, del\x7f, "
  "NEL\xc2\x85, LS\xe2\x80\xa8, PS\xe2\x80\xa9, BOM\xef\xbb\xbf, "
  "åäö, 𝄞 and 😀 outside the BMP";

static char *
temp_path (const char *name)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives each test case its own data folder. */
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

static TryggRecordAction *
add_action (TryggRecord *record,
            const char  *text,
            const char  *actor)
{
  TryggRecordAction *action = trygg_record_action_new ();

  action->text = g_strdup (text);
  action->actor = g_strdup (actor);
  g_ptr_array_add (record->actions, action);
  record->has_actions = TRUE;
  return action;
}

static TryggRecord *
add_record (GPtrArray  *records,
            const char *id,
            const char *walk,
            const char *title)
{
  TryggRecord *record = trygg_record_new ();

  record->id = g_strdup (id);
  record->walk = g_strdup (walk);
  record->title = g_strdup (title);
  record->latitude = 59.1915;
  record->longitude = 17.6271;
  record->updated_at = g_strdup ("2026-11-20T18:00:00Z");
  record->observed_at = g_strdup ("2026-11-20T17:30:00Z");
  g_ptr_array_add (records, record);
  return record;
}

/* Three findings in two walks: awkward text everywhere a string goes, a
 * user category, nulls where nothing was set, measures with and without
 * actor, due date, comment. */
static TryggDatabase *
open_awkward_database (void)
{
  g_autofree char *path = temp_path ("export.db");
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  g_autoptr(GError) error = NULL;
  TryggDatabase *db;
  TryggRecordAction *action;
  TryggRecord *record;

  record = add_record (records, ID_A, "Kväll \"Centrum\"", awkward);
  record->walk_date = g_strdup ("2026-11-20");
  record->description = g_strdup (awkward);
  record->category = g_strdup ("lighting");
  record->actor = g_strdup ("Polisen");
  record->has_status = TRUE;
  record->status = TRYGG_STATUS_IN_PROGRESS;
  record->has_priority = TRUE;
  record->priority = TRYGG_PRIORITY_HIGH;
  action = add_action (record, awkward, "Kommunen \"gata/park\"");
  action->due = g_strdup ("2026-12-01");
  action->done = TRUE;
  action->done_at = g_strdup ("2026-11-26T10:00:00Z");
  action->comment = g_strdup (awkward);
  add_action (record, "Polisen patrullerar", "Polisen");
  add_action (record, "Utan ansvarig", NULL);

  record = add_record (records, ID_B, "Kväll \"Centrum\"", "");
  record->category = g_strdup ("Egen \"kategori\" 😀");
  record->actor = g_strdup ("Kommunen \"gata/park\"");
  add_action (record, "Kommunen byter lampa", "Kommunen \"gata/park\"");
  add_action (record, "Polisen tittar till", "Polisen");

  record = add_record (records, ID_C, "Dag", "Inget satt");
  record->walk_date = g_strdup ("2026-11-21");
  record->latitude = -33.8688;
  record->longitude = 151.2093;

  db = trygg_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (trygg_database_import_records (db, records, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return db;
}

static JsonNode *
parse (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

/* The document the export writes, through SQLite. */
static GBytes *
export_features (TryggDatabase *db,
                 const char    *walk,
                 const char    *actor,
                 guint          expected_count)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(TryggFeatureCursor) features = NULL;
  g_autoptr(GError) error = NULL;
  double last = 0;

  features = trygg_database_export_features (db, walk, actor, progress_cb, &last, &error);
  g_assert_no_error (error);
  g_assert_true (trygg_geojson_write_features (features, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (trygg_feature_cursor_get_count (features), ==, expected_count);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* The same document through records and json-glib. */
static GBytes *
export_records (TryggDatabase *db,
                const char    *walk,
                const char    *actor)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = trygg_database_export_records (db, walk, actor, NULL, NULL, &error);
  g_assert_no_error (error);
  return write_to_bytes (trygg_geojson_write, records);
}

static void
assert_same_document (GBytes *actual,
                      GBytes *expected)
{
  g_autoptr(JsonNode) a = parse (actual);
  g_autoptr(JsonNode) e = parse (expected);

  if (!json_node_equal (a, e))
    {
      g_test_message ("SQLite wrote:\n%.*s", (int) g_bytes_get_size (actual),
                      (const char *) g_bytes_get_data (actual, NULL));
      g_test_message ("json-glib wrote:\n%.*s", (int) g_bytes_get_size (expected),
                      (const char *) g_bytes_get_data (expected, NULL));
      g_assert_not_reached ();
    }
}

static void
test_same_as_records (void)
{
  g_autoptr(TryggDatabase) db = open_awkward_database ();
  static const struct { const char *walk, *actor; guint count; } filters[] = {
    { NULL, NULL, 3 },
    { "Dag", NULL, 1 },
    { "Kväll \"Centrum\"", NULL, 2 },
    { NULL, "Polisen", 2 },
    { NULL, "Kommunen \"gata/park\"", 2 },
    { "Kväll \"Centrum\"", "Kommunen \"gata/park\"", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GBytes) features = export_features (db, filters[i].walk, filters[i].actor, filters[i].count);
      g_autoptr(GBytes) records = export_records (db, filters[i].walk, filters[i].actor);

      assert_same_document (features, records);
    }
}

static void
test_text (void)
{
  g_autoptr(TryggDatabase) db = open_awkward_database ();
  g_autoptr(GBytes) bytes = export_features (db, NULL, NULL, 3);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  TryggImportStats stats;
  const TryggRecord *record;
  const TryggRecordAction *action;

  /* One feature a line: no raw newline, or any control character, inside
   * a string; UTF-8 as it is, not as \u escapes. */
  g_assert_cmpuint (g_strv_length (lines), ==, 3 + 3);
  g_assert_cmpstr (lines[0], ==, "{\"type\":\"FeatureCollection\",\"features\":[");
  g_assert_cmpstr (lines[4], ==, "]}");
  g_assert_cmpstr (lines[5], ==, "");
  for (const char *p = text; *p; p++)
    g_assert_true (*p == '\n' || (guchar) *p >= 0x20);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_nonnull (strstr (text, "åäö, 𝄞 and 😀 outside the BMP"));
  g_assert_nonnull (strstr (text, "\"Egen \\\"kategori\\\" 😀\""));
  g_assert_nonnull (strstr (text, "\"actor\":null"));
  /* Shortest form of the coordinates, longitude first. */
  g_assert_nonnull (strstr (text, "\"coordinates\":[17.6271,59.1915]"));
  g_assert_nonnull (strstr (text, "\"coordinates\":[151.2093,-33.8688]"));

  /* Our own reader gets every character back. */
  records = trygg_geojson_read (text, strlen (text), &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->id, ==, ID_A);
  g_assert_cmpstr (record->title, ==, awkward);
  g_assert_cmpstr (record->description, ==, awkward);
  g_assert_cmpstr (record->walk, ==, "Kväll \"Centrum\"");
  g_assert_cmpstr (record->category, ==, "Lighting");
  g_assert_cmpuint (record->actions->len, ==, 3);
  action = g_ptr_array_index (record->actions, 0);
  g_assert_cmpstr (action->text, ==, awkward);
  g_assert_cmpstr (action->comment, ==, awkward);
  g_assert_cmpstr (action->actor, ==, "Kommunen \"gata/park\"");
  g_assert_true (action->done);
  action = g_ptr_array_index (record->actions, 2);
  g_assert_null (action->actor);
  g_assert_null (action->due);
  g_assert_null (action->comment);
  g_assert_false (action->done);
}

/* Measures come in checklist order, not in the order they were stored. */
static void
test_measure_order (void)
{
  g_autoptr(TryggDatabase) db = open_awkward_database ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const TryggRecord *record;

  g_assert_true (trygg_database_exec (db, "UPDATE action SET position = 10 - position"
                                          " WHERE finding_id = '" ID_A "'", &error));
  g_assert_no_error (error);

  bytes = export_features (db, NULL, NULL, 3);
  assert_same_document (bytes, export_records (db, NULL, NULL));
  records = trygg_geojson_read (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, &error);
  g_assert_no_error (error);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (((TryggRecordAction *) record->actions->pdata[0])->text, ==, "Utan ansvarig");
  g_assert_cmpstr (((TryggRecordAction *) record->actions->pdata[2])->text, ==, awkward);
}

/* Coordinates that need 17 digits come out with 15: they read back within
 * far less than a millimetre, and an export of the import is the same text. */
static void
test_coordinates (void)
{
  g_autofree char *first_path = temp_path ("first.db");
  g_autofree char *second_path = temp_path ("second.db");
  g_autoptr(TryggDatabase) first = trygg_database_open (first_path, NULL);
  g_autoptr(TryggDatabase) second = trygg_database_open (second_path, NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GBytes) once = NULL;
  g_autoptr(GBytes) twice = NULL;
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (27);

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      TryggRecord *record = add_record (records, id, "Koordinater", "x");

      record->number = i + 1;
      record->latitude = i == 0 ? 59.0 + 3e-5 : g_rand_double_range (rand, -90, 90);
      record->longitude = i == 0 ? 0.1 + 0.2 : g_rand_double_range (rand, -180, 180);
    }
  g_rand_free (rand);
  g_assert_true (trygg_database_import_records (first, records, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  once = export_features (first, NULL, NULL, records->len);
  g_assert_nonnull (strstr (g_bytes_get_data (once, NULL), "[0.3,59.00003]"));
  read = trygg_geojson_read (g_bytes_get_data (once, NULL), g_bytes_get_size (once), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, records->len);
  for (guint i = 0; i < read->len; i++)
    {
      const TryggRecord *in = g_ptr_array_index (records, i);
      const TryggRecord *out = g_ptr_array_index (read, i);

      g_assert_cmpstr (out->id, ==, in->id);
      g_assert_cmpfloat (fabs (out->latitude - in->latitude), <=, 1e-12);
      g_assert_cmpfloat (fabs (out->longitude - in->longitude), <=, 1e-12);
    }

  g_assert_true (trygg_database_import_records (second, read, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  twice = export_features (second, NULL, NULL, records->len);
  assert_bytes_equal (twice, once);
}

/* Through trygg_transfer_export_file (): the CLI's and the window's way. An
 * unknown name fails before any file is begun. */
static void
test_export_file (void)
{
  g_autoptr(TryggDatabase) db = open_awkward_database ();
  g_autofree char *target = temp_path ("out.geojson");
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  guint count = 0;

  g_assert_false (trygg_transfer_export_file (db, target, "Ingen sådan", NULL, NULL, NULL, &count, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Ingen sådan"));
  g_clear_error (&error);
  g_assert_false (trygg_transfer_export_file (db, target, NULL, "Brandkåren", NULL, NULL, &count, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  listing = g_dir_open (dir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (listing)) != NULL;)
    g_assert_false (g_str_has_suffix (name, ".geojson") || strstr (name, ".out.geojson.") != NULL);

  g_assert_true (trygg_transfer_export_file (db, target, NULL, "Polisen", NULL, NULL, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  written = g_bytes_new_take (g_steal_pointer (&contents), strlen (contents));
  assert_same_document (written, export_records (db, NULL, "Polisen"));

  /* The database is free again: the export's read transaction is over. */
  g_assert_true (trygg_database_begin (db, &error));
  g_assert_true (trygg_database_commit (db, &error));
  g_assert_no_error (error);
}

/* The window's export: the report for .pdf, else the findings. */
static gboolean
export_to (TryggDatabase *db,
           const char    *target,
           guint         *count,
           GError       **error)
{
  if (g_str_has_suffix (target, ".pdf"))
    return trygg_report_export_file (db, target, NULL, NULL, NULL, NULL, NULL, count, error);
  return trygg_transfer_export_file (db, target, NULL, NULL, NULL, NULL, count, error);
}

/* Cancelled through the connection's cancellable (the window's Cancel),
 * an export to GeoJSON, CSV or PDF fails and leaves the file it would have
 * replaced as it was, and nothing else in its folder. */
static void
test_cancelled (void)
{
  g_autoptr(TryggDatabase) db = open_awkward_database ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  static const char * const names[] = { "out.geojson", "out.csv", "out.pdf" };

  g_cancellable_cancel (cancellable);
  trygg_database_set_cancellable (db, cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *target = temp_path (names[i]);
      g_autofree char *dir = g_path_get_dirname (target);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) listing = NULL;
      guint count = 0, n_files = 0;

      g_assert_true (g_file_set_contents (target, "förra", -1, NULL));
      g_assert_false (export_to (db, target, &count, &error));
      g_assert_nonnull (error);
      g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "förra");
      listing = g_dir_open (dir, 0, NULL);
      for (const char *name; (name = g_dir_read_name (listing)) != NULL;)
        n_files += g_str_has_prefix (name, "out.") || g_str_has_prefix (name, ".out.");
      g_assert_cmpuint (n_files, ==, i + 1);
    }

  /* Watching nothing again, the same connection exports. */
  trygg_database_set_cancellable (db, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *target = temp_path (names[i]);
      g_autoptr(GError) error = NULL;
      guint count = 0;

      g_assert_true (export_to (db, target, &count, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count, >, 0);
    }
}

/* The golden file that trygg_geojson_write () reproduces byte for byte
 * comes out of the database as the same document. */
static void
test_golden (void)
{
  g_autofree char *path = temp_path ("golden.db");
  g_autoptr(TryggDatabase) db = trygg_database_open (path, NULL);
  g_autoptr(GBytes) golden = load_data ("findings.geojson");
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = trygg_geojson_read (g_bytes_get_data (golden, NULL), g_bytes_get_size (golden), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (trygg_database_import_records (db, records, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  exported = export_features (db, NULL, NULL, 3);
  assert_same_document (exported, golden);
  g_assert_nonnull (strstr (g_bytes_get_data (exported, NULL), "[17.62712,59.19215]"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/export/same-as-records", test_same_as_records);
  g_test_add_func ("/export/text", test_text);
  g_test_add_func ("/export/measure-order", test_measure_order);
  g_test_add_func ("/export/coordinates", test_coordinates);
  g_test_add_func ("/export/export-file", test_export_file);
  g_test_add_func ("/export/golden", test_golden);
  g_test_add_func ("/export/cancelled", test_cancelled);
  return g_test_run ();
}
