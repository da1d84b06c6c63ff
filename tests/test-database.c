/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "trygg-database-private.h"
#include "trygg-database-schema.h"

static char *
temp_path (const char *name)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives each test case its own data folder,
   * removed afterwards. */
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

static gint64
pragma (TryggDatabase *db,
        const char    *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (trygg_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static GBytes *
read_bytes (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

static TryggRecord *
make_record (const char *id,
             const char *title,
             double      latitude,
             double      longitude,
             const char *updated_at)
{
  TryggRecord *record = trygg_record_new ();

  record->id = g_strdup (id);
  record->title = g_strdup (title);
  record->latitude = latitude;
  record->longitude = longitude;
  record->updated_at = g_strdup (updated_at);
  return record;
}

static GPtrArray *
new_records (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
}

static GPtrArray *
export_all (TryggDatabase *db)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = trygg_database_export_records (db, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (records);
  return records;
}

#define ID_A "0b6e8e9c-2f4c-4a53-9d52-5c9a2b7e1a01"
#define ID_B "0b6e8e9c-2f4c-4a53-9d52-5c9a2b7e1a02"

/* Tests */

static void
test_create (void)
{
  g_autofree char *path = temp_path ("deep/folder/test.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(TryggDatabase) db = trygg_database_open (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (trygg_database_get_path (db), ==, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (pragma (db, "PRAGMA user_version"), ==, TRYGG_DATABASE_SCHEMA_VERSION);
  g_assert_cmpint (pragma (db, "PRAGMA application_id"), ==, TRYGG_DATABASE_APPLICATION_ID);
  g_assert_cmpint (pragma (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM category WHERE builtin = 1"), ==, 14);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM actor"), ==, 0);
}

/* The N_() table that the translators see and the rows the first
 * migration stores must agree, or built-in names would go untranslated. */
static void
test_builtin_categories (void)
{
  g_autofree char *path = temp_path ("test.db");
  g_autoptr(TryggDatabase) db = trygg_database_open (path, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const TryggBuiltinCategory *builtins;
  guint n;

  builtins = trygg_database_get_builtin_categories (&n);
  g_assert_cmpuint (n, ==, 14);
  sqlite3_prepare_v2 (trygg_database_get_handle (db),
                      "SELECT name FROM category WHERE key = ?1 AND builtin = 1", -1, &stmt, NULL);
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_text (stmt, 1, builtins[i].key, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, builtins[i].name);
      sqlite3_reset (stmt);
    }
}

static void
test_refuse_not_database (void)
{
  g_autofree char *path = temp_path ("notes.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GString) garbage = g_string_new ("Anteckningar från vandringen\n");

  for (guint i = 0; i < 300; i++)
    g_string_append (garbage, "Lampan vid cykelstället är trasig.\n");
  g_assert_true (g_file_set_contents (path, garbage->str, garbage->len, NULL));
  before = read_bytes (path);

  g_assert_null (trygg_database_open (path, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, path));

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_refuse_folder (void)
{
  g_autofree char *path = temp_path ("walks");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_null (trygg_database_open (path, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, "is a folder"));
  /* Not even a -journal or -wal went into it or beside it. */
  dir = g_dir_open (path, 0, NULL);
  g_assert_null (g_dir_read_name (dir));
  g_rmdir (path);
}

static void
test_refuse_foreign_sqlite (void)
{
  g_autofree char *path = temp_path ("tiles.mbtiles");
  g_autofree char *wal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  raw_exec (path, "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
                  "INSERT INTO tiles VALUES (0, 0, 0, x'00');");
  before = read_bytes (path);

  g_assert_null (trygg_database_open (path, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_NOT_A_DATABASE);

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuse_too_new (void)
{
  g_autofree char *path = temp_path ("new.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  TryggDatabase *db;

  db = trygg_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (db);
  raw_exec (path, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;");
  before = read_bytes (path);

  g_assert_null (trygg_database_open (path, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_TOO_NEW);

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

/* A database made by version 1 of the schema, with a finding in it, is
 * copied aside before it is brought up to date, and keeps its finding. */
/* The tables, indexes and triggers of @db, by name. */
static char *
schema_names (TryggDatabase *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *names = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (trygg_database_get_handle (db),
                                       "SELECT type || ' ' || name || ' ' || tbl_name FROM sqlite_schema"
                                       " ORDER BY type, name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (names, "%s\n", sqlite3_column_text (stmt, 0));
  return g_string_free (names, FALSE);
}

static void
test_backup_before_migration (void)
{
  g_autofree char *path = temp_path ("old.db");
  g_autofree char *backup = g_strconcat (path, ".backup-v1", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(TryggDatabase) db = NULL;
  g_autoptr(TryggDatabase) fresh = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *fresh_path = temp_path ("new.db");
  g_autofree char *migrated_names = NULL;
  g_autofree char *fresh_names = NULL;
  TryggRecord *record;

  raw_exec (path, migrations[0]);
  raw_exec (path,
            "INSERT INTO walk (id, name, date) VALUES ('w', 'Centrum', '2026-11-20');"
            "INSERT INTO finding (id, walk_id, number, title, latitude, longitude, observed_at, updated_at)"
            " VALUES ('" ID_A "', 'w', 1, 'Mörk gångtunnel', 59.19, 17.62,"
            " '2026-11-20T18:00:00Z', '2026-11-20T18:00:00Z');");
  original = read_bytes (path);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  db = trygg_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pragma (db, "PRAGMA user_version"), ==, TRYGG_DATABASE_SCHEMA_VERSION);

  copy = read_bytes (backup);
  g_assert_true (g_bytes_equal (original, copy));

  records = export_all (db);
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->title, ==, "Mörk gångtunnel");
  g_assert_cmpstr (record->walk, ==, "Centrum");

  /* Brought up to date from version 1 with a finding in it, it has
   * what a new one has, and nothing more. */
  fresh = trygg_database_open (fresh_path, &error);
  g_assert_no_error (error);
  migrated_names = schema_names (db);
  fresh_names = schema_names (fresh);
  g_assert_cmpstr (migrated_names, ==, fresh_names);
  g_assert_null (strstr (migrated_names, "action_finding_state"));
}

/* Every row of every table of @db, in order, as text. */
static char *
dump_rows (sqlite3 *db)
{
  static const char * const tables[] = {
    "walk", "route_point", "actor", "category", "finding", "finding_location", "action", "photo",
    "event",
  };
  GString *dump = g_string_new (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2", tables[t]);
      g_autoptr(sqlite3_stmt) stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (dump, "%s:\n", tables[t]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (dump, "%s%s|", sqlite3_column_name (stmt, c),
                                    sqlite3_column_type (stmt, c) == SQLITE_NULL
                                    ? "∅" : (const char *) sqlite3_column_text (stmt, c));
          g_string_append_c (dump, '\n');
        }
    }
  return g_string_free (dump, FALSE);
}

/* Every row of the database at @path, read past the program, and its
 * schema version. */
static char *
dump_file (const char *path,
           gint64     *out_version)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *dump;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  dump = dump_rows (db);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *out_version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return dump;
}

/* A database of schema version 4 with a little of everything in it. */
static void
make_version_4 (const char *path,
                const char *more_sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint v = 0; v < 4; v++)
    g_assert_cmpint (sqlite3_exec (db, migrations[v], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA foreign_keys = ON;"
                                 "INSERT INTO walk (id, name, date) VALUES ('w', 'Centrum', '2026-11-20');"
                                 "INSERT INTO route_point VALUES ('w', 0, 59.19, 17.62), ('w', 1, 59.2, 17.63);"
                                 "INSERT INTO actor (id, name) VALUES ('p', 'Polisen');"
                                 "INSERT INTO finding (id, walk_id, number, title, category, status, priority,"
                                 " actor_id, latitude, longitude, observed_at, updated_at, wont_fix_reason)"
                                 " VALUES ('" ID_A "', 'w', 1, 'Mörk gångtunnel', 'lighting', 'assigned',"
                                 " 'high', 'p', 59.19, 17.62, '2026-11-20T18:00:00Z', '2026-11-21T08:00:00Z', NULL),"
                                 " ('" ID_B "', 'w', 2, 'Buskage', 'vegetation', 'wont_fix', 'low', NULL,"
                                 " 59.191, 17.621, '2026-11-20T18:05:00Z', '2026-11-22T08:00:00Z', 'Privat mark');"
                                 "INSERT INTO action (id, finding_id, position, text, actor_id, due, done, done_at)"
                                 " VALUES ('a1', '" ID_A "', 0, 'Byt armatur', 'p', '2026-12-01', 0, NULL),"
                                 " ('a2', '" ID_A "', 1, 'Röj buskar', NULL, '2026-11-25', 1, '2026-11-24');"
                                 "INSERT INTO photo (id, finding_id, kind, mime_type, added_at, data)"
                                 " VALUES ('ph', '" ID_B "', 'before', 'image/png', '2026-11-20T18:06:00Z', x'89504e47');"
                                 "INSERT INTO event (finding_id, at, kind, old_value, new_value)"
                                 " VALUES ('" ID_A "', '2026-11-20T18:00:00Z', 'created', NULL, NULL),"
                                 " ('" ID_A "', '2026-11-21T08:00:00Z', 'status', 'new', 'assigned');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  if (more_sql != NULL)
    g_assert_cmpint (sqlite3_exec (db, more_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static int
exec_status (TryggDatabase *db,
             const char    *sql)
{
  /* The primary code: the connection gives extended ones. */
  return sqlite3_exec (trygg_database_get_handle (db), sql, NULL, NULL, NULL) & 0xff;
}

/* Versions 5 and 6 make the findings table again: every row of every
 * table comes through as it was, and the table still refuses what it
 * refused, cascades what it cascaded and keeps its place and counts
 * current. */
static void
test_migration_rebuilds_findings (void)
{
  g_autofree char *path = temp_path ("v4.db");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TryggDatabase) db = NULL;
  gint64 version;

  make_version_4 (path, NULL);
  before = dump_file (path, &version);
  g_assert_cmpint (version, ==, 4);
  g_assert_nonnull (strstr (before, "actions_total2|actions_done1|next_due2026-12-01|photo_count0|"));

  db = trygg_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pragma (db, "PRAGMA user_version"), ==, TRYGG_DATABASE_SCHEMA_VERSION);
  after = dump_rows (trygg_database_get_handle (db));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (pragma (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (pragma (db, "SELECT count (*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (pragma (db, "SELECT instr (sql, ' IN (') FROM sqlite_schema WHERE name = 'finding'"), ==, 0);
  /* The ids unique through an index an import can set aside; the only
   * index of a constraint left is that of (walk_id, number). */
  g_assert_cmpint (pragma (db, "SELECT count (*) FROM sqlite_schema WHERE name = 'finding_id'"
                               " AND sql = 'CREATE UNIQUE INDEX finding_id ON finding (id)'"), ==, 1);
  g_assert_cmpint (pragma (db, "SELECT count (*) FROM sqlite_schema WHERE tbl_name = 'finding'"
                               " AND type = 'index' AND sql IS NULL"), ==, 1);

  /* Refused as before. */
  g_assert_cmpint (exec_status (db, "UPDATE finding SET status = 'closed'"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_status (db, "UPDATE finding SET priority = 'urgent'"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_status (db, "UPDATE finding SET latitude = 91"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_status (db, "UPDATE finding SET walk_id = 'nowhere'"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_status (db, "UPDATE finding SET number = 1"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_status (db, "UPDATE finding SET id = '" ID_A "'"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_status (db, "UPDATE finding SET status = 'in_progress', priority = 'medium'"),
                   ==, SQLITE_OK);

  /* The measure and photo counts follow their tables. */
  g_assert_cmpint (exec_status (db, "UPDATE action SET done = 1 WHERE id = 'a1'"), ==, SQLITE_OK);
  g_assert_cmpint (pragma (db, "SELECT actions_done FROM finding WHERE id = '" ID_A "'"), ==, 2);
  g_assert_cmpint (exec_status (db, "INSERT INTO photo (id, finding_id, mime_type, added_at, data)"
                                " VALUES ('ph2', '" ID_B "', 'image/png', '2026-11-23T08:00:00Z', x'00')"),
                   ==, SQLITE_OK);
  g_assert_cmpint (pragma (db, "SELECT photo_count FROM finding WHERE id = '" ID_B "'"), ==, 2);

  /* The map's index follows moves, new findings and deletes. */
  g_assert_cmpint (exec_status (db, "UPDATE finding SET latitude = 59.5 WHERE id = '" ID_B "'"), ==, SQLITE_OK);
  g_assert_cmpint (pragma (db, "SELECT count (*) FROM finding_location WHERE min_lat = 59.5"), ==, 1);
  g_assert_cmpint (exec_status (db, "INSERT INTO finding (id, walk_id, number, latitude, longitude,"
                                " observed_at, updated_at) VALUES ('c', 'w', 3, 59.3, 17.7,"
                                " '2026-11-23T08:00:00Z', '2026-11-23T08:00:00Z')"), ==, SQLITE_OK);
  g_assert_cmpint (pragma (db, "SELECT count (*) FROM finding_location"), ==, 3);
  g_assert_cmpint (exec_status (db, "DELETE FROM finding WHERE id = '" ID_A "'"), ==, SQLITE_OK);
  g_assert_cmpint (pragma (db, "SELECT count (*) FROM finding_location"), ==, 2);
  g_assert_cmpint (pragma (db, "SELECT count (*) FROM action"), ==, 0);
  g_assert_cmpint (pragma (db, "SELECT count (*) FROM event"), ==, 0);
  g_assert_cmpint (pragma (db, "SELECT count (*) FROM photo"), ==, 2);
}

/* A migration that would leave a reference to a missing row is not
 * committed: the database stays as the older version left it. */
static void
test_migration_refuses_broken_references (void)
{
  g_autofree char *path = temp_path ("v4.db");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version;

  /* Written past foreign keys, which nothing of ours does. */
  make_version_4 (path,
                  "PRAGMA foreign_keys = OFF;"
                  "INSERT INTO action (id, finding_id, position, text) VALUES ('a3', 'gone', 0, 'x');");
  before = dump_file (path, &version);

  g_assert_null (trygg_database_open (path, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "“action”"));

  after = dump_file (path, &version);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (version, ==, 4);
}

/* A brand-new database has nothing to lose: no backup clutter. */
static void
test_no_backup_for_new_file (void)
{
  g_autofree char *path = temp_path ("fresh.db");
  g_autoptr(TryggDatabase) db = trygg_database_open (path, NULL);
  g_autofree char *backup0 = g_strconcat (path, ".backup-v0", NULL);
  g_autofree char *backup1 = g_strconcat (path, ".backup-v1", NULL);

  g_assert_nonnull (db);
  g_assert_false (g_file_test (backup0, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (backup1, G_FILE_TEST_EXISTS));
}

static void
test_import_merge_by_id (void)
{
  g_autofree char *path = temp_path ("merge.db");
  g_autoptr(TryggDatabase) db = trygg_database_open (path, NULL);
  g_autoptr(GPtrArray) first = new_records ();
  g_autoptr(GPtrArray) older = new_records ();
  g_autoptr(GPtrArray) newer = new_records ();
  g_autoptr(GPtrArray) exported = NULL;
  g_autoptr(GError) error = NULL;
  TryggImportResult result;
  TryggRecord *record;

  g_ptr_array_add (first, make_record (ID_A, "Trasig lampa", 59.1917, 17.6278, "2026-11-20T18:00:00Z"));
  g_ptr_array_add (first, make_record (ID_B, "Klotter", 59.1920, 17.6280, "2026-11-20T18:05:00Z"));
  g_assert_true (trygg_database_import_records (db, first, "Centrum", NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.added, ==, 2);

  /* An older copy of the same finding changes nothing. */
  g_ptr_array_add (older, make_record (ID_A, "Gammal rubrik", 10, 10, "2026-11-19T10:00:00Z"));
  g_assert_true (trygg_database_import_records (db, older, NULL, NULL, NULL, &result, &error));
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpuint (result.updated, ==, 0);
  g_assert_cmpuint (result.unchanged, ==, 1);

  /* A newer one updates it in place: same id, same walk, no duplicate. */
  g_ptr_array_add (newer, make_record (ID_A, "Lampan lagad", 59.1918, 17.6279, "2026-11-25T09:00:00Z"));
  ((TryggRecord *) newer->pdata[0])->walk = g_strdup ("Centrum");
  g_assert_true (trygg_database_import_records (db, newer, NULL, NULL, NULL, &result, &error));
  g_assert_cmpuint (result.updated, ==, 1);

  exported = export_all (db);
  g_assert_cmpuint (exported->len, ==, 2);
  record = g_ptr_array_index (exported, 0);
  g_assert_cmpstr (record->id, ==, ID_A);
  g_assert_cmpstr (record->title, ==, "Lampan lagad");
  g_assert_cmpfloat_with_epsilon (record->latitude, 59.1918, 1e-9);
  g_assert_cmpstr (record->updated_at, ==, "2026-11-25T09:00:00Z");
  g_assert_cmpint (record->number, ==, 1);
  g_assert_cmpstr (((TryggRecord *) exported->pdata[1])->title, ==, "Klotter");
}

/* A CSV file carries no checklist: importing a newer row of a finding
 * updates the finding and keeps its measures. A GeoJSON file with an
 * (even empty) "actions" array replaces them. */
static void
test_import_keeps_checklist_without_one (void)
{
  g_autofree char *path = temp_path ("checklist.db");
  g_autoptr(TryggDatabase) db = trygg_database_open (path, NULL);
  g_autoptr(GPtrArray) first = new_records ();
  g_autoptr(GPtrArray) from_csv = new_records ();
  g_autoptr(GPtrArray) from_geojson = new_records ();
  g_autoptr(GPtrArray) exported = NULL;
  g_autoptr(GError) error = NULL;
  TryggRecordAction *action = trygg_record_action_new ();
  TryggImportResult result;
  TryggRecord *record;

  record = make_record (ID_A, "Trasig lampa", 59.1917, 17.6278, "2026-11-20T18:00:00Z");
  action->text = g_strdup ("Byt armaturen");
  g_ptr_array_add (record->actions, action);
  record->has_actions = TRUE;
  g_ptr_array_add (first, record);
  g_assert_true (trygg_database_import_records (db, first, "Centrum", NULL, NULL, &result, &error));
  g_assert_no_error (error);

  g_ptr_array_add (from_csv, make_record (ID_A, "Trasig lampa vid cykelstället", 59.1917, 17.6278,
                                          "2026-11-21T09:00:00Z"));
  g_assert_true (trygg_database_import_records (db, from_csv, NULL, NULL, NULL, &result, &error));
  g_assert_cmpuint (result.updated, ==, 1);
  exported = export_all (db);
  record = g_ptr_array_index (exported, 0);
  g_assert_cmpstr (record->title, ==, "Trasig lampa vid cykelstället");
  g_assert_cmpuint (record->actions->len, ==, 1);
  g_assert_cmpstr (((TryggRecordAction *) record->actions->pdata[0])->text, ==, "Byt armaturen");
  g_clear_pointer (&exported, g_ptr_array_unref);

  record = make_record (ID_A, "Lampan lagad", 59.1917, 17.6278, "2026-11-22T09:00:00Z");
  record->has_actions = TRUE;
  g_ptr_array_add (from_geojson, record);
  g_assert_true (trygg_database_import_records (db, from_geojson, NULL, NULL, NULL, &result, &error));
  exported = export_all (db);
  g_assert_cmpuint (((TryggRecord *) exported->pdata[0])->actions->len, ==, 0);
}

static GPtrArray *
records_with_new_names (void)
{
  GPtrArray *records = new_records ();
  TryggRecord *record;
  TryggRecordAction *action;

  record = make_record (NULL, "Buskage", 59.19, 17.62, NULL);
  record->actor = g_strdup ("Parkförvaltningen");
  record->category = g_strdup ("Bänkar");
  action = trygg_record_action_new ();
  action->text = g_strdup ("Klipp buskarna");
  action->actor = g_strdup ("Trädgårdsfirman");
  g_ptr_array_add (record->actions, action);
  g_ptr_array_add (records, record);
  return records;
}

/* A bad record anywhere rolls back everything: no half-imported findings,
 * no new actors or categories left behind. */
static void
test_import_rollback (void)
{
  g_autofree char *path = temp_path ("rollback.db");
  g_autoptr(TryggDatabase) db = trygg_database_open (path, NULL);
  g_autoptr(GPtrArray) records = records_with_new_names ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) exported = NULL;
  TryggRecord *bad = make_record (NULL, "Fel", 123.0, 17.0, NULL);
  TryggImportResult result = { 7, 7, 7 };

  bad->source_index = 42;
  g_ptr_array_add (records, bad);

  g_assert_false (trygg_database_import_records (db, records, "Centrum", NULL, NULL, &result, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "42"));
  g_assert_cmpuint (result.added, ==, 7);

  exported = export_all (db);
  g_assert_cmpuint (exported->len, ==, 0);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM actor"), ==, 0);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM walk"), ==, 0);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM category WHERE builtin = 0"), ==, 0);

  /* Invalid UTF-8 fails the same way. */
  g_clear_error (&error);
  g_ptr_array_set_size (records, 0);
  g_ptr_array_add (records, make_record (NULL, "Trasig \xff text", 59, 17, NULL));
  g_assert_false (trygg_database_import_records (db, records, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM finding"), ==, 0);
}

static void
test_import_names (void)
{
  g_autofree char *path = temp_path ("names.db");
  g_autoptr(TryggDatabase) db = trygg_database_open (path, NULL);
  g_autoptr(GPtrArray) records = records_with_new_names ();
  g_autoptr(GPtrArray) exported = NULL;
  g_autoptr(GError) error = NULL;
  TryggRecord *record;

  record = make_record (NULL, "Lampa", 59.191, 17.627, NULL);
  record->category = g_strdup ("  LIGHTING ");
  record->actor = g_strdup ("parkförvaltningen");
  g_ptr_array_add (records, record);
  record = make_record (NULL, "Tunnel", 59.192, 17.628, NULL);
  record->category = g_strdup ("underpasses");
  g_ptr_array_add (records, record);

  g_assert_true (trygg_database_import_records (db, records, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM actor"), ==, 2);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM category WHERE builtin = 0"), ==, 1);
  /* No walk given: one walk named after the import holds all three. */
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM walk"), ==, 1);

  exported = export_all (db);
  g_assert_cmpuint (exported->len, ==, 3);
  record = g_ptr_array_index (exported, 0);
  g_assert_cmpstr (record->category, ==, "Bänkar");
  g_assert_cmpstr (record->actor, ==, "Parkförvaltningen");
  g_assert_cmpuint (record->actions->len, ==, 1);
  g_assert_cmpstr (((TryggRecordAction *) record->actions->pdata[0])->actor, ==, "Trädgårdsfirman");
  g_assert_true (g_uuid_string_is_valid (record->id));
  g_assert_true (g_str_has_prefix (record->walk, "Import "));
  record = g_ptr_array_index (exported, 1);
  g_assert_cmpstr (record->category, ==, "Lighting");
  g_assert_cmpstr (record->actor, ==, "Parkförvaltningen");
  g_assert_cmpstr (((TryggRecord *) exported->pdata[2])->category, ==, "Underpasses and dark passages");
}

static void
test_import_numbers (void)
{
  g_autofree char *path = temp_path ("numbers.db");
  g_autoptr(TryggDatabase) db = trygg_database_open (path, NULL);
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GPtrArray) exported = NULL;
  g_autoptr(GError) error = NULL;
  gint64 numbers[] = { 5, 0, 5, 2 };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      TryggRecord *record = make_record (NULL, "x", 59, 17, NULL);

      record->number = numbers[i];
      record->walk = g_strdup ("Kväll");
      record->walk_date = g_strdup ("2026-11-18");
      g_ptr_array_add (records, record);
    }
  g_assert_true (trygg_database_import_records (db, records, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  exported = export_all (db);
  g_assert_cmpuint (exported->len, ==, 4);
  /* Ordered by number: 2, 5, 6 (0 → next free), 7 (5 was taken). */
  g_assert_cmpint (((TryggRecord *) exported->pdata[0])->number, ==, 2);
  g_assert_cmpint (((TryggRecord *) exported->pdata[1])->number, ==, 5);
  g_assert_cmpint (((TryggRecord *) exported->pdata[2])->number, ==, 6);
  g_assert_cmpint (((TryggRecord *) exported->pdata[3])->number, ==, 7);
  g_assert_cmpstr (((TryggRecord *) exported->pdata[0])->walk_date, ==, "2026-11-18");
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

static void
test_export_filters (void)
{
  g_autofree char *path = temp_path ("filters.db");
  g_autoptr(TryggDatabase) db = trygg_database_open (path, NULL);
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GPtrArray) exported = NULL;
  g_autoptr(GError) error = NULL;
  TryggRecordAction *action;
  TryggRecord *record;
  double last = 0;

  record = make_record (NULL, "Polisens", 59, 17, NULL);
  record->actor = g_strdup ("Polisen");
  record->walk = g_strdup ("Dag");
  record->has_status = TRUE;
  record->status = TRYGG_STATUS_FIXED;
  g_ptr_array_add (records, record);
  record = make_record (NULL, "Kommunens", 59, 17, NULL);
  record->actor = g_strdup ("Kommunen");
  record->walk = g_strdup ("Kväll");
  action = trygg_record_action_new ();
  action->text = g_strdup ("Polisen patrullerar");
  action->actor = g_strdup ("Polisen");
  action->done = TRUE;
  action->done_at = g_strdup ("2026-11-26T10:00:00Z");
  g_ptr_array_add (record->actions, action);
  action = trygg_record_action_new ();
  action->text = g_strdup ("Kommunen byter lampa");
  action->actor = g_strdup ("Kommunen");
  action->due = g_strdup ("2026-12-01");
  g_ptr_array_add (record->actions, action);
  g_ptr_array_add (records, record);
  g_assert_true (trygg_database_import_records (db, records, NULL, progress_cb, &last, NULL, &error));
  g_assert_cmpfloat (last, ==, 1.0);

  exported = trygg_database_export_records (db, "Dag", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exported->len, ==, 1);
  g_assert_cmpstr (((TryggRecord *) exported->pdata[0])->title, ==, "Polisens");
  g_assert_cmpint (((TryggRecord *) exported->pdata[0])->status, ==, TRYGG_STATUS_FIXED);
  g_clear_pointer (&exported, g_ptr_array_unref);

  /* The police's handout: its own finding, and its measure on the other
   * finding, without the other actor's measure. */
  exported = trygg_database_export_records (db, NULL, "Polisen", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exported->len, ==, 2);
  record = g_ptr_array_index (exported, 1);
  g_assert_cmpstr (record->title, ==, "Kommunens");
  g_assert_cmpuint (record->actions->len, ==, 1);
  g_assert_cmpuint (record->actions_done, ==, 1);
  g_assert_cmpstr (((TryggRecordAction *) record->actions->pdata[0])->done_at, ==, "2026-11-26T10:00:00Z");
  g_clear_pointer (&exported, g_ptr_array_unref);

  exported = trygg_database_export_records (db, NULL, "Kommunen", NULL, NULL, &error);
  g_assert_cmpuint (exported->len, ==, 1);
  record = g_ptr_array_index (exported, 0);
  g_assert_cmpuint (record->actions->len, ==, 2);
  g_assert_cmpstr (((TryggRecordAction *) record->actions->pdata[1])->due, ==, "2026-12-01");
  g_clear_pointer (&exported, g_ptr_array_unref);

  g_assert_null (trygg_database_export_records (db, "Ingen sådan", NULL, NULL, NULL, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Ingen sådan"));
  g_clear_error (&error);
  g_assert_null (trygg_database_export_records (db, NULL, "Brandkåren", NULL, NULL, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
}

static void
test_default_actors (void)
{
  g_autofree char *path = temp_path ("actors.db");
  g_autoptr(TryggDatabase) db = trygg_database_open (path, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (trygg_database_add_default_actors (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM actor"), ==, 10);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM actor WHERE name = 'Polisen (kommunpolis)'"), ==, 1);
  g_assert_true (trygg_database_add_default_actors (db, &error));
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM actor"), ==, 10);
}

static void
test_walk_route (void)
{
  g_autofree char *path = temp_path ("route.db");
  g_autoptr(TryggDatabase) db = trygg_database_open (path, NULL);
  g_autoptr(TryggRoute) route = trygg_route_new ();
  g_autoptr(GError) error = NULL;
  TryggRoutePoint points[] = { { 59.1917, 17.6278 }, { 59.1920, 17.6290 }, { 59.1930, 17.6300 } };

  route->name = g_strdup ("Kvällsrundan");
  g_array_append_vals (route->points, points, G_N_ELEMENTS (points));
  g_assert_true (trygg_database_set_walk_route (db, "Stationen", route, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM route_point"), ==, 3);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM walk WHERE name = 'Stationen' AND route_name = 'Kvällsrundan'"), ==, 1);

  /* Setting it again replaces it. */
  g_array_set_size (route->points, 1);
  g_assert_true (trygg_database_set_walk_route (db, "Stationen", route, &error));
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM route_point"), ==, 1);

  g_array_index (route->points, TryggRoutePoint, 0).latitude = 91;
  g_assert_false (trygg_database_set_walk_route (db, "Stationen", route, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
  g_assert_cmpint (pragma (db, "SELECT count(*) FROM route_point"), ==, 1);
}

#define N_IDS 20000

static gpointer
make_ids (gpointer data)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_IDS; i++)
    g_ptr_array_add (ids, trygg_id_new ());
  return ids;
}

/* New ids are UUIDs (version 7) that sort in the order they were made,
 * in each thread, and no two are the same, whichever thread made them. */
static void
test_ids_in_order (void)
{
  GThread *thread = g_thread_new ("ids", make_ids, NULL);
  g_autoptr(GPtrArray) mine = make_ids (NULL);
  g_autoptr(GPtrArray) theirs = g_thread_join (thread);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint t = 0; t < 2; t++)
    {
      GPtrArray *ids = t ? theirs : mine;

      for (guint i = 0; i < ids->len; i++)
        {
          const char *id = g_ptr_array_index (ids, i);

          g_assert_true (g_uuid_string_is_valid (id));
          g_assert_cmpint (id[14], ==, '7');
          g_assert_nonnull (strchr ("89ab", id[19]));
          if (i > 0)
            g_assert_cmpstr (g_ptr_array_index (ids, i - 1), <, id);
          g_assert_true (g_hash_table_add (seen, (char *) id));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 2 * N_IDS);
}

/* Dates are exactly YYYY-MM-DD and in the calendar. */
static void
test_dates (void)
{
  static const char * const good[] = { "2026-11-27", "2024-02-29", "0001-01-01", "9999-12-31" };
  static const char * const bad[] = {
    "2026-02-29", "2026-13-01", "2026-00-10", "2026-11-00", "0000-01-01", " 2026-11-2",
    "+026-11-27", "2026-+1-27", "2026-11-2 ", "2026/11/27", "20261127", "2026-11-27T00", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (trygg_date_is_valid (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (trygg_date_is_valid (bad[i]))
      g_error ("“%s” was taken for a date", bad[i]);
  g_assert_false (trygg_date_is_valid (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/database/create", test_create);
  g_test_add_func ("/database/builtin-categories", test_builtin_categories);
  g_test_add_func ("/database/refuse-not-database", test_refuse_not_database);
  g_test_add_func ("/database/refuse-folder", test_refuse_folder);
  g_test_add_func ("/database/refuse-foreign-sqlite", test_refuse_foreign_sqlite);
  g_test_add_func ("/database/refuse-too-new", test_refuse_too_new);
  g_test_add_func ("/database/backup-before-migration", test_backup_before_migration);
  g_test_add_func ("/database/migration-rebuilds-findings", test_migration_rebuilds_findings);
  g_test_add_func ("/database/migration-refuses-broken-references",
                   test_migration_refuses_broken_references);
  g_test_add_func ("/database/ids-in-order", test_ids_in_order);
  g_test_add_func ("/database/dates", test_dates);
  g_test_add_func ("/database/no-backup-for-new-file", test_no_backup_for_new_file);
  g_test_add_func ("/database/import-merge-by-id", test_import_merge_by_id);
  g_test_add_func ("/database/import-keeps-checklist", test_import_keeps_checklist_without_one);
  g_test_add_func ("/database/import-rollback", test_import_rollback);
  g_test_add_func ("/database/import-names", test_import_names);
  g_test_add_func ("/database/import-numbers", test_import_numbers);
  g_test_add_func ("/database/export-filters", test_export_filters);
  g_test_add_func ("/database/default-actors", test_default_actors);
  g_test_add_func ("/database/walk-route", test_walk_route);

  return g_test_run ();
}
