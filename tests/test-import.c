/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "trygg-csv.h"
#include "trygg-database-import.h"
#include "trygg-geojson.h"
#include "trygg-geojson-split.h"
#include "trygg-transfer.h"

/* Merging an import into the database: the cases that a set-based write
 * could get wrong, which one statement per record never met. */

static char *
temp_path (const char *name)
{
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

static gint64
query_int (TryggDatabase *db,
           const char    *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (trygg_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static TryggRecord *
make_record (const char *id,
             const char *title,
             gint64      number,
             const char *updated_at)
{
  TryggRecord *record = trygg_record_new ();

  record->id = g_strdup (id);
  record->title = g_strdup (title);
  record->number = number;
  record->walk = g_strdup ("Kväll");
  record->latitude = 59.19;
  record->longitude = 17.62;
  record->updated_at = g_strdup (updated_at);
  return record;
}

static GPtrArray *
new_records (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
}

static TryggDatabase *
open_database (const char *name)
{
  g_autofree char *path = temp_path (name);
  g_autoptr(GError) error = NULL;
  TryggDatabase *db = trygg_database_open (path, &error);

  g_assert_no_error (error);
  return db;
}

static void
import (TryggDatabase     *db,
        GPtrArray         *records,
        TryggImportResult *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (trygg_database_import_records (db, records, NULL, NULL, NULL, result, &error));
  g_assert_no_error (error);
}

/* Number and title of the finding with @id, as "7 Title". */
static char *
finding_summary (TryggDatabase *db,
                 const char    *id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (trygg_database_get_handle (db),
                                       "SELECT number || ' ' || title FROM finding WHERE id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

#define ID_A "0b6e8e9c-2f4c-4a53-9d52-5c9a2b7e1a01"
#define ID_B "0b6e8e9c-2f4c-4a53-9d52-5c9a2b7e1a02"
#define ID_C "0b6e8e9c-2f4c-4a53-9d52-5c9a2b7e1a03"

/* The same id twice in one file: one finding, merged as if the file were
 * two imports in a row (the newer copy wins, an older one is ignored). */
static void
test_duplicate_ids (void)
{
  g_autoptr(TryggDatabase) db = open_database ("duplicates.db");
  g_autoptr(GPtrArray) records = new_records ();
  g_autofree char *summary = NULL;
  TryggImportResult result;
  TryggRecordAction *action = trygg_record_action_new ();
  TryggRecord *record;

  record = make_record (ID_A, "Första", 3, "2026-11-20T10:00:00Z");
  action->text = g_strdup ("Byt lampan");
  g_ptr_array_add (record->actions, action);
  record->has_actions = TRUE;
  record->has_status = TRUE;
  record->status = TRYGG_STATUS_ASSIGNED;
  g_ptr_array_add (records, record);
  /* Newer, without a checklist or status: keeps the first one's. */
  g_ptr_array_add (records, make_record (ID_A, "Andra", 0, "2026-11-21T10:00:00Z"));
  g_ptr_array_add (records, make_record (ID_A, "Äldre", 9, "2026-11-01T10:00:00Z"));
  import (db, records, &result);
  g_assert_cmpuint (result.added, ==, 1);
  g_assert_cmpuint (result.updated, ==, 1);
  g_assert_cmpuint (result.unchanged, ==, 1);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding"), ==, 1);
  summary = finding_summary (db, ID_A);
  g_assert_cmpstr (summary, ==, "3 Andra");
  g_assert_cmpint (query_int (db, "SELECT actions_total FROM finding"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM action"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT status = 'assigned' FROM finding"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM event"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding_location"), ==, 1);
}

/* Importing the same file again changes nothing, foreign ids included:
 * they become the same name-based UUID each time. */
static void
test_reimport (void)
{
  g_autoptr(TryggDatabase) db = open_database ("reimport.db");
  g_autoptr(GPtrArray) records = new_records ();
  TryggImportResult result;
  gint64 events;

  g_ptr_array_add (records, make_record (ID_A, "A", 1, "2026-11-20T10:00:00Z"));
  g_ptr_array_add (records, make_record ("A-17", "QGIS", 2, "2026-11-20T10:00:00Z"));
  g_ptr_array_add (records, make_record ("17", "Nummer", 0, "2026-11-20T10:00:00Z"));
  import (db, records, &result);
  g_assert_cmpuint (result.added, ==, 3);
  events = query_int (db, "SELECT count(*) FROM event");

  import (db, records, &result);
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpuint (result.updated, ==, 0);
  g_assert_cmpuint (result.unchanged, ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM event"), ==, events);
  /* Stored under a UUID, never under the foreign id itself. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding WHERE id IN ('A-17', '17')"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding WHERE length (id) = 36"), ==, 3);

  /* A newer copy with a foreign id updates its finding. */
  g_free (((TryggRecord *) records->pdata[1])->updated_at);
  ((TryggRecord *) records->pdata[1])->updated_at = g_strdup ("2026-11-22T10:00:00Z");
  import (db, records, &result);
  g_assert_cmpuint (result.updated, ==, 1);
  g_assert_cmpuint (result.unchanged, ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding"), ==, 3);
}

/* Stored findings that trade numbers within one import: A (1) wants 2,
 * which B holds, so A gets the next free; B then takes 1. Written as
 * one UPDATE, the rows would collide on UNIQUE (walk_id, number) on the
 * way unless moved findings are parked first. */
static void
test_numbers_collide (void)
{
  g_autoptr(TryggDatabase) db = open_database ("numbers.db");
  g_autoptr(GPtrArray) first = new_records ();
  g_autoptr(GPtrArray) second = new_records ();
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  TryggImportResult result;

  g_ptr_array_add (first, make_record (ID_A, "A", 1, "2026-11-20T10:00:00Z"));
  g_ptr_array_add (first, make_record (ID_B, "B", 2, "2026-11-20T10:00:00Z"));
  import (db, first, &result);

  g_ptr_array_add (second, make_record (ID_B, "B", 1, "2026-11-21T10:00:00Z"));
  g_ptr_array_add (second, make_record (ID_A, "A", 2, "2026-11-21T10:00:00Z"));
  /* A new finding that wants 2 as well, after both. */
  g_ptr_array_add (second, make_record (ID_C, "C", 2, "2026-11-21T10:00:00Z"));
  import (db, second, &result);
  g_assert_cmpuint (result.updated, ==, 2);
  g_assert_cmpuint (result.added, ==, 1);

  /* B wanted 1: taken by A then, so B got 3; A then kept... 2 was free
   * once B had moved: A → 2; C wanted 2, taken, so 4. */
  a = finding_summary (db, ID_A);
  b = finding_summary (db, ID_B);
  c = finding_summary (db, ID_C);
  g_assert_cmpstr (b, ==, "3 B");
  g_assert_cmpstr (a, ==, "2 A");
  g_assert_cmpstr (c, ==, "4 C");
}

/* Built-in categories by key, English or Swedish name, whatever the
 * language the program runs in (the tests run in C.UTF-8: English). */
static void
test_swedish_category (void)
{
  g_autoptr(TryggDatabase) db = open_database ("categories.db");
  g_autoptr(GPtrArray) records = new_records ();
  TryggRecord *record;
  const char *names[] = { "Belysning", "  skymmande VEGETATION ", "Litter", "graffiti" };
  const char *keys[] = { "lighting", "vegetation", "litter", "graffiti" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      record = make_record (NULL, names[i], 0, NULL);
      record->category = g_strdup (names[i]);
      g_ptr_array_add (records, record);
    }
  import (db, records, NULL);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM category WHERE builtin = 0"), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM finding WHERE category = '%s'", keys[i]);

      g_assert_cmpint (query_int (db, sql), ==, 1);
    }
}

/* The Swedish names the import knows are those of po/sv.po. */
static void
test_swedish_names_match_catalogue (void)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "..", "..", "po", "sv.po", NULL);
  g_autofree char *po = NULL;
  const TryggBuiltinCategory *categories;
  guint n;

  g_assert_true (g_file_get_contents (path, &po, NULL, NULL));
  categories = trygg_database_get_builtin_categories (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *entry = g_strdup_printf ("\nmsgid \"%s\"\nmsgstr \"%s\"\n", categories[i].name,
                                                trygg_database_builtin_category_swedish (categories[i].key));

      if (strstr (po, entry) == NULL)
        g_error ("po/sv.po does not translate “%s” as “%s”", categories[i].name,
                 trygg_database_builtin_category_swedish (categories[i].key));
    }
}

/* The tables the writer reads the import's memory through exist only
 * while it writes. */
static void
assert_no_row_tables (TryggDatabase *db)
{
  static const char * const names[] = {
    "trygg_import_stored", "trygg_import_new", "trygg_import_action", "trygg_import_event",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s", names[i]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (trygg_database_get_handle (db), sql, -1, &stmt, NULL),
                       ==, SQLITE_ERROR);
      g_assert_null (stmt);
    }
}

/* All or nothing with the staging tables too: a failed import leaves no
 * TEMP table behind, and the next import works. */
static void
test_failed_then_ok (void)
{
  g_autoptr(TryggDatabase) db = open_database ("again.db");
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GError) error = NULL;
  TryggRecord *bad = make_record (ID_B, "Fel", 0, NULL);

  bad->latitude = 91;
  g_ptr_array_add (records, make_record (ID_A, "A", 1, NULL));
  g_ptr_array_add (records, bad);
  g_assert_false (trygg_database_import_records (db, records, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
  g_ptr_array_remove_index (records, 1);
  import (db, records, NULL);
  import (db, records, NULL);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM temp.sqlite_master"), ==, 0);
  assert_no_row_tables (db);
}

/* The same foreign file twice, as CSV and as GeoJSON (QGIS numbers its
 * features; a MultiPoint's points get derived ids): nothing doubles. */
static void
test_reimport_foreign_files (void)
{
  g_autoptr(TryggDatabase) db = open_database ("foreign.db");
  const char *csv = "id;title;latitude;longitude\nA-17;Trappa;59.19;17.62\n12;Tunnel;59.2;17.63\n";
  const char *geojson = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                        "\"id\":3,\"properties\":{\"name\":\"Lampor\"},\"geometry\":{\"type\":"
                        "\"MultiPoint\",\"coordinates\":[[17.6,59.1],[17.61,59.11]]}}]}";

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) from_csv = trygg_csv_read (csv, strlen (csv), NULL, NULL);
      g_autoptr(GPtrArray) from_geojson = trygg_geojson_read (geojson, strlen (geojson), NULL, NULL);
      TryggImportResult result;

      g_assert_nonnull (from_csv);
      g_assert_nonnull (from_geojson);
      import (db, from_csv, &result);
      g_assert_cmpuint (result.added, ==, round == 0 ? 2 : 0);
      import (db, from_geojson, &result);
      g_assert_cmpuint (result.added, ==, round == 0 ? 2 : 0);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding"), ==, 4);
    }
}

/* @n findings over two walks, with measures that are done, undone, with
 * and without due dates; @variant changes titles, places and checklists. */
static GPtrArray *
mixed_records (guint n,
               guint variant)
{
  GPtrArray *records = new_records ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
      g_autofree char *title = g_strdup_printf ("Fynd %u/%u", i, variant);
      TryggRecord *record = make_record (id, title, i / 2 + 1,
                                         variant ? "2026-02-01T10:00:00Z" : "2026-01-01T10:00:00Z");

      g_free (record->walk);
      record->walk = g_strdup (i % 2 ? "Kväll" : "Dag");
      record->latitude = 59.19 + (i * variant % 97) * 1e-5;
      record->longitude = 17.62 + (i % 13) * 1e-5;
      record->category = g_strdup (i % 3 ? "lighting" : "litter");
      record->actor = g_strdup (i % 4 ? "Polisen" : "Fastighetsägare");
      record->has_actions = (i + variant) % 5 != 0;
      for (guint a = 0; record->has_actions && a < (i + variant) % 4; a++)
        {
          TryggRecordAction *action = trygg_record_action_new ();

          action->text = g_strdup_printf ("Åtgärd %u", a);
          action->done = (a + i) % 3 == 0;
          action->due = (a + variant) % 2 ? g_strdup_printf ("2026-0%u-15", 9 - a) : NULL;
          g_ptr_array_add (record->actions, action);
        }
      g_ptr_array_add (records, record);
    }
  return records;
}

/* Everything an import writes that does not depend on the clock or on
 * random ids, as one text. */
/* Findings whose counts differ from what the count trigger would have
 * stored. */
#define WRONG_COUNTS_QUERY \
  "SELECT count (*) FROM finding WHERE" \
  " actions_total <> (SELECT count (*) FROM action WHERE finding_id = finding.id)" \
  " OR actions_done <> (SELECT count (*) FROM action WHERE finding_id = finding.id AND done)" \
  " OR next_due IS NOT (SELECT min (due) FROM action WHERE finding_id = finding.id AND NOT done)"

#define SCHEMA_QUERY "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name"

static char *
dump (TryggDatabase *db,
      gboolean       schema_only)
{
  static const char * const queries[] = {
    SCHEMA_QUERY,
    /* A user category's key is made of a random id: its name instead. */
    "SELECT f.id, w.name, f.number, f.title,"
    " CASE WHEN c.builtin THEN c.key ELSE c.name END, f.status, a.name, f.latitude, f.longitude,"
    " f.actions_total, f.actions_done, f.next_due, f.photo_count"
    " FROM finding f JOIN walk w ON w.id = f.walk_id LEFT JOIN actor a ON a.id = f.actor_id"
    " LEFT JOIN category c ON c.key = f.category ORDER BY f.id",
    "SELECT f.id, l.min_lat, l.max_lat, l.min_lon, l.max_lon FROM finding_location l"
    " JOIN finding f ON f.rid = l.rid ORDER BY f.id",
    "SELECT a.finding_id, a.position, a.text, a.due, a.done, p.name FROM action a"
    " LEFT JOIN actor p ON p.id = a.actor_id ORDER BY a.finding_id, a.position",
    "SELECT name, date FROM walk ORDER BY name",
    "SELECT name FROM actor ORDER BY name",
    "SELECT name, builtin, key LIKE 'user-%' FROM category ORDER BY name",
    "SELECT finding_id, kind, new_value FROM event ORDER BY finding_id, id",
    /* The tree itself, not only its rows: searched by a box, and checked. */
    "SELECT f.id FROM finding_location l JOIN finding f ON f.rid = l.rid"
    " WHERE l.min_lat >= 59.1902 AND l.max_lat <= 59.1960 AND l.min_lon >= 17.62001"
    " AND l.max_lon <= 17.62009 ORDER BY f.id",
    "SELECT rtreecheck ('finding_location')",
    "PRAGMA integrity_check",
  };
  GString *text = g_string_new (NULL);

  for (guint q = 0; q < (schema_only ? 1 : G_N_ELEMENTS (queries)); q++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (trygg_database_get_handle (db), queries[q], -1, &stmt, NULL),
                       ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (text, "%s|", sqlite3_column_text (stmt, c));
          g_string_append_c (text, '\n');
        }
    }
  return g_string_free (text, FALSE);
}

/* Two dumps, pages of text, must be equal: a failure names the first
 * line that differs. (Split into lines only then: splitting megabytes of
 * text with g_strsplit() takes minutes under AddressSanitizer, whose
 * strstr() measures the rest of the text at every line.) */
static void
assert_same_dump_at (const char *a,
                     const char *b,
                     const char *file,
                     int         line)
{
  guint n = 1;

  if (strcmp (a, b) == 0)
    return;
  for (;; n++)
    {
      int length_a = strcspn (a, "\n"), length_b = strcspn (b, "\n");

      if (length_a != length_b || memcmp (a, b, length_a) != 0 || a[length_a] != b[length_b])
        g_error ("%s:%d: dumps differ at line %u: “%.*s” and “%.*s”", file, line, n,
                 length_a, a, length_b, b);
      a += length_a + 1;
      b += length_b + 1;
    }
}

#define assert_same_dump(a, b) assert_same_dump_at ((a), (b), __FILE__, __LINE__)

/* A large import sets the indexes and two triggers aside and does their
 * work itself: the database must come out as row-by-row upkeep leaves it,
 * for new findings, updated ones and a mix, with the schema unchanged. */
static void
test_bulk_same_as_rows (void)
{
  g_autoptr(TryggDatabase) bulk = open_database ("bulk.db");
  g_autoptr(TryggDatabase) rows = open_database ("rows.db");
  g_autoptr(TryggDatabase) fresh = open_database ("fresh.db");
  g_autofree char *fresh_schema = NULL;
  g_autofree char *bulk_dump = NULL;
  g_autofree char *rows_dump = NULL;

  static const guint sizes[] = { 300, 300, 700, 720 };

  for (guint round = 0; round < G_N_ELEMENTS (sizes); round++)
    {
      /* New findings; then all of them again, changed and moved; then
       * more than as many again: a bulk import into a filled database;
       * then a few more, row by row on the tree the bulk import built. */
      g_autoptr(GPtrArray) records = mixed_records (sizes[round], round);

      trygg_import_set_bulk_threshold (1);
      import (bulk, records, NULL);
      trygg_import_set_bulk_threshold (G_MAXUINT);
      import (rows, records, NULL);
    }
  trygg_import_set_bulk_threshold (5000);

  bulk_dump = dump (bulk, FALSE);
  rows_dump = dump (rows, FALSE);
  assert_same_dump (bulk_dump, rows_dump);
  g_assert_cmpint (query_int (bulk, "SELECT count (*) FROM finding"), ==, 720);
  g_assert_nonnull (strstr (bulk_dump, "\nok|\n"));
  g_assert_cmpint (query_int (bulk, WRONG_COUNTS_QUERY), ==, 0);
  g_assert_cmpint (query_int (rows, WRONG_COUNTS_QUERY), ==, 0);
  /* Written with foreign keys not enforced, and enforcing them again. */
  g_assert_cmpint (query_int (bulk, "SELECT count (*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (query_int (bulk, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (bulk, "SELECT count (*) FROM finding WHERE next_due IS NOT NULL"), >, 0);
  /* The schema is the one a new database has, triggers and all. */
  fresh_schema = dump (fresh, TRUE);
  g_assert_true (g_str_has_prefix (bulk_dump, fresh_schema));
  g_assert_true (strstr (bulk_dump, "finding_location_insert") != NULL);
}

/* Writes @records to @name as GeoJSON; returns the file's path. */
static char *
write_geojson (const char *name,
               GPtrArray  *records)
{
  g_autofree char *path = temp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (trygg_geojson_write (records, G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* 20,000 new findings, and in the tail half 3,000 newer copies of the
 * first ones, moved to other numbers and walks, before 5,000 more new
 * findings that ask for the numbers the copies leave; or 6,000 new ones
 * alone. Here and there a record names a walk, category or actor (of the
 * finding or of a measure) that is not in the database yet, spelled one
 * way or another. */
static GPtrArray *
streamed_records (gboolean with_copies)
{
  g_autoptr(GPtrArray) first = mixed_records (with_copies ? 20000 : 6000, 0);
  g_autoptr(GPtrArray) copies = NULL;
  GPtrArray *records = new_records ();

  for (guint i = 0; i < first->len; i += 997)
    {
      TryggRecord *record = g_ptr_array_index (first, i);
      TryggRecordAction *action = trygg_record_action_new ();

      g_free (record->category);
      record->category = g_strdup_printf (i % 2 ? "Kiosk %u" : " KIOSK %u ", i / 5000);
      g_free (record->actor);
      record->actor = g_strdup_printf (i % 3 ? "Vaktbolaget %u" : "vaktbolaget %u", i / 7000);
      action->text = g_strdup ("Prata med ägaren");
      action->actor = g_strdup_printf ("Föreningen %u", i / 3000);
      g_ptr_array_add (record->actions, action);
      record->has_actions = TRUE;
      if (i % 3 == 0)
        {
          g_free (record->walk);
          record->walk = g_strdup_printf ("Vandring %u", i / 4000);
          record->walk_date = i / 4000 % 2 ? g_strdup ("2026-05-04") : NULL;
        }
    }

  if (!with_copies)
    {
      g_ptr_array_unref (records);
      return g_steal_pointer (&first);
    }

  copies = mixed_records (3000, 1);
  for (guint i = 0; i < 15000; i++)
    g_ptr_array_add (records, g_ptr_array_steal_index (first, 0));
  for (guint i = 0; i < copies->len; i++)
    {
      TryggRecord *copy = g_ptr_array_index (copies, i);

      copy->number = i % 7 == 0 ? 0 : copy->number + 100000;
      if (i % 5 == 0)
        {
          g_free (copy->walk);
          copy->walk = g_strdup (i % 2 ? "Dag" : "Kväll");
        }
    }
  g_ptr_array_extend_and_steal (records, g_steal_pointer (&copies));
  for (guint i = 0; first->len > 0; i++)
    {
      TryggRecord *record = g_ptr_array_steal_index (first, 0);

      record->number = i / 2 + 1;
      g_ptr_array_add (records, record);
    }
  return records;
}

/* A large file into a database without findings is written while it is
 * read, a batch at a time: it must come out as the whole file read first
 * and written row by row leaves it, findings that a later batch changes
 * again included; and without them, when the map's index is packed from
 * where the batches put the findings. */
static void
streamed_same_as_whole (gboolean with_copies)
{
  g_autoptr(TryggDatabase) streamed = open_database (with_copies ? "streamed.db"
                                                                 : "streamed-new.db");
  g_autoptr(TryggDatabase) whole = open_database (with_copies ? "whole.db" : "whole-new.db");
  g_autoptr(GPtrArray) records = streamed_records (with_copies);
  g_autofree char *path = write_geojson ("streamed.geojson", records);
  g_autofree char *contents = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *streamed_dump = NULL;
  g_autofree char *whole_dump = NULL;
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  TryggImportResult streamed_result, whole_result;
  guint n_streamed = trygg_transfer_get_n_streamed ();
  gsize length;

  /* Halves on two threads even on one core, and several batches in
   * each of the smaller file's. */
  trygg_geojson_set_split_threshold (4096);
  trygg_geojson_set_stream_batch (with_copies ? 4096 : 1000);
  g_assert_true (trygg_transfer_import_file (streamed, path, NULL, NULL, NULL, &streamed_result,
                                             &summary, &error));
  trygg_geojson_set_stream_batch (4096);
  g_assert_no_error (error);
  g_assert_cmpuint (trygg_transfer_get_n_streamed (), ==, n_streamed + 1);
  g_assert_cmpstr (summary, ==,
                   with_copies ? "Imported 23000 findings: 20000 new, 3000 updated, 0 unchanged."
                               : "Imported 6000 findings: 6000 new, 0 updated, 0 unchanged.");

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  read = trygg_geojson_read (contents, length, NULL, &error);
  g_assert_no_error (error);
  trygg_import_set_bulk_threshold (G_MAXUINT);
  import (whole, read, &whole_result);
  trygg_import_set_bulk_threshold (5000);

  g_assert_cmpuint (streamed_result.added, ==, whole_result.added);
  g_assert_cmpuint (streamed_result.updated, ==, whole_result.updated);
  g_assert_cmpfloat (streamed_result.north, ==, whole_result.north);
  g_assert_cmpfloat (streamed_result.west, ==, whole_result.west);
  streamed_dump = dump (streamed, FALSE);
  whole_dump = dump (whole, FALSE);
  assert_same_dump (streamed_dump, whole_dump);
  g_assert_nonnull (strstr (streamed_dump, "\nok|\n"));
  g_assert_cmpint (query_int (streamed, WRONG_COUNTS_QUERY), ==, 0);
  g_assert_cmpint (query_int (streamed, "SELECT count (*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (query_int (streamed, "SELECT count (*) FROM finding_location"), ==,
                   with_copies ? 20000 : 6000);
  if (with_copies)
    {
      /* Named by a measure that a later record replaced: made all the same. */
      g_assert_nonnull (strstr (streamed_dump, "\nFöreningen 0|\n"));
      g_assert_cmpint (query_int (streamed, "SELECT count (*) FROM finding WHERE number > 100000"),
                       >, 0);
      g_assert_cmpint (query_int (streamed, "SELECT count (*) FROM event WHERE kind = 'imported'"),
                       ==, 3000);
    }
  g_unlink (path);
}

static void
test_streamed_same_as_whole (void)
{
  streamed_same_as_whole (TRUE);
  streamed_same_as_whole (FALSE);
}

/* A file that fails late, when batches of it are written already, leaves
 * the database as it was and says what a whole reading says: a feature
 * outside the world, or text that is not JSON. */
static void
test_streamed_fails_late (void)
{
  g_autoptr(TryggDatabase) db = open_database ("streamed-fails.db");
  g_autoptr(GPtrArray) records = mixed_records (20000, 0);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  guint n_streamed = trygg_transfer_get_n_streamed ();
  gsize length;
  char *bad;

  trygg_geojson_set_split_threshold (4096);
  before = dump (db, FALSE);
  ((TryggRecord *) g_ptr_array_index (records, 19000))->latitude = 95;
  path = write_geojson ("streamed-fails.geojson", records);
  g_assert_false (trygg_transfer_import_file (db, path, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "19001"));
  g_clear_error (&error);
  after = dump (db, FALSE);
  assert_same_dump (before, after);
  g_clear_pointer (&after, g_free);

  /* A token that is not JSON in the last batch of the tail. */
  ((TryggRecord *) g_ptr_array_index (records, 19000))->latitude = 59.19;
  g_free (path);
  path = write_geojson ("streamed-fails.geojson", records);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  bad = strstr (contents, "\"Fynd 19900/0\"");
  g_assert_nonnull (bad);
  while (*bad != ':')
    bad--;
  *bad = '=';
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  g_assert_false (trygg_transfer_import_file (db, path, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "JSON"));
  after = dump (db, FALSE);
  assert_same_dump (before, after);
  g_assert_cmpuint (trygg_transfer_get_n_streamed (), ==, n_streamed + 2);
  g_unlink (path);
}


typedef struct
{
  GCancellable *cancellable;
  double        at;      /* cancel once the import reports this much */
  guint         calls;   /* progress reports after the cancel */
} CancelAt;

static void
cancel_at_cb (double   fraction,
              gpointer user_data)
{
  CancelAt *cancel = user_data;

  if (g_cancellable_is_cancelled (cancel->cancellable))
    cancel->calls++;
  else if (fraction >= cancel->at)
    g_cancellable_cancel (cancel->cancellable);
}

/* Cancelled while it writes, through the connection's cancellable (the
 * window's Cancel), a large import and a small one leave the database as
 * it was; the same connection then imports as before. */
static void
test_cancelled (void)
{
  for (guint bulk = 0; bulk < 2; bulk++)
    {
      g_autoptr(TryggDatabase) db = open_database (bulk ? "cancelled-bulk.db" : "cancelled-rows.db");
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GPtrArray) first = mixed_records (300, 0);
      g_autoptr(GPtrArray) records = mixed_records (720, 1);
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      CancelAt cancel = { cancellable, 0.3, 0 };

      import (db, first, NULL);
      before = dump (db, FALSE);

      trygg_import_set_bulk_threshold (bulk ? 1 : G_MAXUINT);
      trygg_database_set_cancellable (db, cancellable);
      g_assert_false (trygg_database_import_records (db, records, NULL, cancel_at_cb, &cancel, NULL, &error));
      g_assert_nonnull (error);
      g_assert_true (g_cancellable_is_cancelled (cancellable));
      g_assert_cmpuint (cancel.calls, <, 2);  /* it stopped, not ran on */
      g_assert_true (sqlite3_get_autocommit (trygg_database_get_handle (db)));
      /* Still cancelled, the connection stops any statement at once. */
      g_assert_cmpint (sqlite3_exec (trygg_database_get_handle (db), "SELECT count(*) FROM finding, action",
                                     NULL, NULL, NULL), ==, SQLITE_INTERRUPT);

      trygg_database_set_cancellable (db, NULL);
      after = dump (db, FALSE);
      assert_same_dump (after, before);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM temp.sqlite_master"), ==, 0);
      assert_no_row_tables (db);
      import (db, records, NULL);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding"), ==, 720);
      g_assert_cmpint (query_int (db, WRONG_COUNTS_QUERY), ==, 0);
    }
  trygg_import_set_bulk_threshold (5000);
}

/* A large import writes without foreign keys enforced and looks for
 * broken references at the end: finding one, it leaves the database as it
 * was and says so. (A database holding one already is the only way to
 * meet that here.) */
static void
test_broken_reference (void)
{
  /* One broken reference for each foreign key of the three tables, in
   * rows the import leaves alone (finding 4 keeps its checklist). */
#define NEW_FINDING(walk, category, actor) \
  "INSERT INTO finding (id, walk_id, number, category, actor_id, latitude, longitude," \
  " observed_at, updated_at) VALUES ('00000000-0000-4000-8000-999999999997', " walk ", 999, " \
  category ", " actor ", 59, 17, '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z')"
#define A_WALK "(SELECT walk_id FROM finding LIMIT 1)"
#define NEW_ACTION(finding, actor) \
  "INSERT INTO action (id, finding_id, position, text, actor_id)" \
  " VALUES ('00000000-0000-4000-8000-999999999998', '" finding "', 0, 'x', " actor ")"
  static const struct { const char *table; const char *sql; } cases[] = {
    { "event", "INSERT INTO event (finding_id, at, kind)"
               " VALUES ('00000000-0000-4000-8000-999999999999', '2026-01-01T10:00:00Z', 'created')" },
    { "action", NEW_ACTION ("00000000-0000-4000-8000-999999999999", "NULL") },
    { "action", NEW_ACTION ("00000000-0000-4000-8000-000000000004", "'no such actor'") },
    { "finding", NEW_FINDING ("'no such walk'", "NULL", "NULL") },
    { "finding", NEW_FINDING (A_WALK, "'no such category'", "NULL") },
    { "finding", NEW_FINDING (A_WALK, "NULL", "'no such actor'") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("broken-reference-%u.db", i);
      g_autoptr(TryggDatabase) db = open_database (name);
      g_autoptr(GPtrArray) first = mixed_records (300, 0);
      g_autoptr(GPtrArray) records = mixed_records (720, 1);
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *plant = g_strdup_printf ("PRAGMA foreign_keys = OFF; %s; PRAGMA foreign_keys = ON",
                                                cases[i].sql);
      g_autofree char *quoted = g_strdup_printf ("“%s”", cases[i].table);
      sqlite3 *handle = trygg_database_get_handle (db);

      import (db, first, NULL);
      g_assert_cmpint (sqlite3_exec (handle, plant, NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (query_int (db, "SELECT count (*) FROM pragma_foreign_key_check"), ==, 1);
      before = dump (db, FALSE);

      trygg_import_set_bulk_threshold (1);
      if (trygg_database_import_records (db, records, NULL, NULL, NULL, NULL, &error))
        g_error ("imported despite %s", cases[i].sql);
      trygg_import_set_bulk_threshold (5000);
      g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
      if (strstr (error->message, quoted) == NULL)
        g_error ("%s: “%s”", cases[i].sql, error->message);

      after = dump (db, FALSE);
      assert_same_dump (after, before);
      g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
      assert_no_row_tables (db);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM temp.sqlite_master"), ==, 0);
    }
}

static goffset
file_size (const char *name)
{
  g_autofree char *path = temp_path (name);
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_size;
}

/* An import's commit leaves its pages in the write-ahead log, for the
 * caller to checkpoint once the outcome is out; commits checkpoint again
 * after it. */
static void
test_checkpoint_later (void)
{
  g_autoptr(TryggDatabase) db = open_database ("checkpoint.db");
  g_autoptr(GPtrArray) records = mixed_records (8000, 0);
  g_autoptr(GError) error = NULL;
  goffset before;

  import (db, records, NULL);
  before = file_size ("checkpoint.db");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding"), ==, 8000);
  g_assert_cmpint (query_int (db, "PRAGMA wal_autocheckpoint"), ==, 1000);

  g_assert_true (trygg_database_checkpoint (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_size ("checkpoint.db"), >, before + 512 * 1024);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding"), ==, 8000);

  /* The log, as large as the import, is cut back by the next write. */
  g_assert_cmpint (file_size ("checkpoint.db-wal"), >, 4 << 20);
  g_assert_cmpint (sqlite3_exec (trygg_database_get_handle (db),
                                 "UPDATE finding SET title = 'Ändrad' WHERE rid = 1", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (file_size ("checkpoint.db-wal"), <=, 4 << 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/import/duplicate-ids", test_duplicate_ids);
  g_test_add_func ("/import/reimport", test_reimport);
  g_test_add_func ("/import/reimport-foreign-files", test_reimport_foreign_files);
  g_test_add_func ("/import/numbers-collide", test_numbers_collide);
  g_test_add_func ("/import/swedish-category", test_swedish_category);
  g_test_add_func ("/import/swedish-names-match-catalogue", test_swedish_names_match_catalogue);
  g_test_add_func ("/import/failed-then-ok", test_failed_then_ok);
  g_test_add_func ("/import/bulk-same-as-rows", test_bulk_same_as_rows);
  g_test_add_func ("/import/streamed-same-as-whole", test_streamed_same_as_whole);
  g_test_add_func ("/import/streamed-fails-late", test_streamed_fails_late);
  g_test_add_func ("/import/cancelled", test_cancelled);
  g_test_add_func ("/import/checkpoint-later", test_checkpoint_later);
  g_test_add_func ("/import/broken-reference", test_broken_reference);

  return g_test_run ();
}
