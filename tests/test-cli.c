/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trygg-database.h"
#include "trygg-example.h"
#include "trygg-walk.h"

/* The command line is a promise to scripts (INTERFACES.md): these tests run
 * the real program as a script would. */

typedef struct
{
  char *dir;
  char *db;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("trygg-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "test.db", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
}

static char *
in_dir (Fixture    *fixture,
        const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static char *
data_path (const char *name)
{
  return g_build_filename (TEST_DATA_DIR, name, NULL);
}

/* Runs the program with the arguments (NULL-terminated) and @language. */
static void
run_program (Run        *run,
             const char *language,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup (TRYGG_BINARY));
  va_start (args, language);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
}

static gboolean
run_ok (Run *run)
{
  return g_spawn_check_wait_status (run->status, NULL);
}

static char *
option (const char *name,
        const char *value)
{
  return g_strdup_printf ("--%s=%s", name, value);
}

static char *
import_file (Fixture    *fixture,
             const char *path,
             gboolean    expect_ok)
{
  g_auto(Run) run = { 0 };
  g_autofree char *db = option ("database", fixture->db);
  g_autofree char *import = option ("import", path);

  run_program (&run, "en", db, import, NULL);
  g_assert_cmpint (run_ok (&run), ==, expect_ok);
  if (expect_ok)
    {
      g_assert_cmpstr (run.err, ==, "");
      return g_steal_pointer (&run.out);
    }
  g_assert_cmpstr (run.out, ==, "");
  return g_steal_pointer (&run.err);
}

static char *
export_to_string (Fixture    *fixture,
                  const char *name)
{
  g_auto(Run) run = { 0 };
  g_autofree char *path = in_dir (fixture, name);
  g_autofree char *db = option ("database", fixture->db);
  g_autofree char *export = option ("export", path);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  run_program (&run, "en", db, export, NULL);
  g_assert_true (run_ok (&run));
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_import_merges (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *golden = data_path ("findings.geojson");
  g_autofree char *foreign = data_path ("foreign.geojson");
  g_autofree char *changed_path = in_dir (fixture, "changed.geojson");
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *exported = NULL;
  g_autoptr(GString) changed = NULL;

  out = import_file (fixture, golden, TRUE);
  g_assert_cmpstr (out, ==, "Imported 3 findings: 3 new, 0 updated, 0 unchanged.\n");
  g_free (out);
  out = import_file (fixture, golden, TRUE);
  g_assert_cmpstr (out, ==, "Imported 3 findings: 0 new, 0 updated, 3 unchanged.\n");

  /* A newer copy of one finding updates it, and only it. */
  g_file_get_contents (golden, &contents, NULL, NULL);
  changed = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (changed, "\"title\":\"Mörkt vid cykelställen\"",
                                      "\"title\":\"Ljust vid cykelställen\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (changed, "\"updated_at\":\"2026-02-20T10:00:00Z\"",
                                      "\"updated_at\":\"2026-11-01T10:00:00Z\"", 1), ==, 1);
  g_file_set_contents (changed_path, changed->str, changed->len, NULL);
  g_free (out);
  out = import_file (fixture, changed_path, TRUE);
  g_assert_cmpstr (out, ==, "Imported 3 findings: 0 new, 1 updated, 2 unchanged.\n");
  exported = export_to_string (fixture, "after.geojson");
  g_assert_nonnull (strstr (exported, "Ljust vid cykelställen"));
  g_assert_null (strstr (exported, "Mörkt vid cykelställen"));

  g_free (out);
  out = import_file (fixture, foreign, TRUE);
  g_assert_cmpstr (out, ==, "Imported 4 findings: 4 new, 0 updated, 0 unchanged; "
                            "3 features that are not points were skipped.\n");
}

static void
test_failed_import_changes_nothing (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *golden = data_path ("findings.geojson");
  g_autofree char *bad_geojson = in_dir (fixture, "bad.geojson");
  g_autofree char *bad_csv = in_dir (fixture, "bad.csv");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GString) bad = NULL;

  g_free (import_file (fixture, golden, TRUE));
  before = export_to_string (fixture, "before.geojson");

  /* Two good features that would update, then one in the sea off Antarctica. */
  g_file_get_contents (golden, &contents, NULL, NULL);
  bad = g_string_new (contents);
  g_string_replace (bad, "2026-02-20T10:00:00Z", "2026-11-20T10:00:00Z", 0);
  g_string_replace (bad, "\"title\":\"", "\"title\":\"Ändrad ", 0);
  g_assert_cmpuint (g_string_replace (bad, "59.191780000000001", "-95", 1), ==, 1);
  g_file_set_contents (bad_geojson, bad->str, bad->len, NULL);
  err = import_file (fixture, bad_geojson, FALSE);
  g_assert_true (g_str_has_prefix (err, "Feature 3 lies outside the world"));
  g_assert_nonnull (strstr (err, "latitude -95"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);

  g_file_set_contents (bad_csv, "lat;lon;title\n59.1;17.6;Ny\n59.2;;Utan longitud\n", -1, NULL);
  g_free (err);
  err = import_file (fixture, bad_csv, FALSE);
  g_assert_true (g_str_has_prefix (err, "Line 3 has no valid longitude"));

  after = export_to_string (fixture, "after.geojson");
  g_assert_cmpstr (after, ==, before);
}

static void
test_swedish (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(Run) good = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) pdf = { 0 };
  g_autofree char *db = option ("database", fixture->db);
  g_autofree char *golden = data_path ("findings.geojson");
  g_autofree char *import = option ("import", golden);
  g_autofree char *bad_path = in_dir (fixture, "bad.csv");
  g_autofree char *import_bad = option ("import", bad_path);
  g_autofree char *export_pdf = NULL;
  g_autofree char *pdf_path = in_dir (fixture, "rapport.pdf");

  run_program (&good, "sv", db, import, NULL);
  g_assert_true (run_ok (&good));
  g_assert_cmpstr (good.out, ==, "Importerade 3 iakttagelser: 3 nya, 0 uppdaterade, 0 oförändrade.\n");

  g_file_set_contents (bad_path, "lat;lon\n91;17\n", -1, NULL);
  run_program (&bad, "sv", db, import_bad, NULL);
  g_assert_false (run_ok (&bad));
  g_assert_cmpstr (bad.err, ==, "Rad 2 saknar en giltig latitud (”91”): en latitud är ett gradtal "
                                "från −90 till 90, till exempel 59.1917. Ingenting importerades.\n");

  /* The follow-up report: a PDF, its summary line in Swedish. */
  export_pdf = option ("export", pdf_path);
  run_program (&pdf, "sv", db, export_pdf, NULL);
  g_assert_true (run_ok (&pdf));
  g_assert_true (g_str_has_prefix (pdf.out, "Exporterade 3 iakttagelser"));
  g_assert_true (g_file_test (pdf_path, G_FILE_TEST_IS_REGULAR));
}

/* Drops the two last cells (the checklist counts, which CSV cannot carry
 * into the next database) of every line. */
static char *
without_action_counts (const char *csv)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
  GString *result = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      char *cut = strrchr (lines[i], ';');

      *cut = '\0';
      cut = strrchr (lines[i], ';');
      *cut = '\0';
      g_string_append_printf (result, "%s\n", lines[i]);
    }
  return g_string_free (result, FALSE);
}

static void
test_round_trips (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *golden = data_path ("findings.geojson");
  g_autofree char *first_geojson = NULL;
  g_autofree char *first_csv = NULL;
  g_autofree char *second_geojson = NULL;
  g_autofree char *second_csv = NULL;
  g_autofree char *first_csv_path = in_dir (fixture, "first.csv");
  g_autofree char *first_geojson_path = in_dir (fixture, "first.geojson");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_free (import_file (fixture, golden, TRUE));
  first_geojson = export_to_string (fixture, "first.geojson");
  first_csv = export_to_string (fixture, "first.csv");

  /* Into a new database by GeoJSON: everything, checklists included. */
  g_free (fixture->db);
  fixture->db = in_dir (fixture, "second.db");
  g_free (import_file (fixture, first_geojson_path, TRUE));
  second_geojson = export_to_string (fixture, "second.geojson");
  g_assert_cmpstr (second_geojson, ==, first_geojson);

  /* Into a third by CSV: every column but the checklist counts. */
  g_free (fixture->db);
  fixture->db = in_dir (fixture, "third.db");
  g_free (import_file (fixture, first_csv_path, TRUE));
  second_csv = export_to_string (fixture, "second.csv");
  a = without_action_counts (first_csv);
  b = without_action_counts (second_csv);
  g_assert_cmpstr (b, ==, a);
  g_assert_nonnull (strstr (second_csv, "'=HYPERLINK"));
}

static void
test_export_never_harms (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(Run) unknown_actor = { 0 };
  g_auto(Run) no_folder = { 0 };
  g_auto(Run) empty = { 0 };
  g_autofree char *golden = data_path ("findings.geojson");
  g_autofree char *target = in_dir (fixture, "handout.csv");
  g_autofree char *db = option ("database", fixture->db);
  g_autofree char *export = option ("export", target);
  g_autofree char *missing = in_dir (fixture, "no/such/folder/x.csv");
  g_autofree char *export_missing = option ("export", missing);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_files = 0;

  /* A new database made here is empty: no example, no default actors. */
  run_program (&empty, "en", db, export, NULL);
  g_assert_true (run_ok (&empty));
  expected = g_strdup_printf ("Exported 0 findings to “%s”.\n", target);
  g_assert_cmpstr (empty.out, ==, expected);
  g_file_set_contents (target, "the user's own file", -1, NULL);

  g_free (import_file (fixture, golden, TRUE));
  run_program (&unknown_actor, "en", db, export, "--actor=Polisen (kommunpolis)", NULL);
  g_assert_false (run_ok (&unknown_actor));
  g_assert_true (g_str_has_prefix (unknown_actor.err, "There is no actor named “Polisen (kommunpolis)”"));
  g_file_get_contents (target, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "the user's own file");

  run_program (&no_folder, "en", db, export_missing, NULL);
  g_assert_false (run_ok (&no_folder));
  g_assert_true (g_str_has_prefix (no_folder.err, "Could not write"));

  /* No temporary file is left behind. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_prefix (name, ".handout"));
      n_files++;
    }
  g_assert_cmpuint (n_files, >=, 2);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *golden = data_path ("findings.geojson");
  g_autofree char *target = in_dir (fixture, "FASTIGHET.GEOJSON");
  g_autofree char *db = option ("database", fixture->db);
  g_autofree char *export = option ("export", target);
  g_autofree char *contents = NULL;

  g_free (import_file (fixture, golden, TRUE));
  run_program (&run, "en", db, export, "--actor=Fastighetsägare", "--walk=Kvällsvandring", NULL);
  g_assert_true (run_ok (&run));
  g_file_get_contents (target, &contents, NULL, NULL);
  g_assert_null (strstr (contents, "3b6f0c52-8a4e-4d53-9e4f-0c1d2e3f4a51"));
  g_assert_nonnull (strstr (contents, "c9e8d7f6-1a2b-4c3d-8e4f-5a6b7c8d9e0f"));
}

static void
test_route (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *gpx = in_dir (fixture, "spår.GPX");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_file_set_contents (gpx, "<gpx><trk><name>Kvällsvandring</name><trkseg>"
                            "<trkpt lat=\"59.1\" lon=\"17.6\"/><trkpt lat=\"59.2\" lon=\"17.7\"/>"
                            "</trkseg></trk></gpx>", -1, NULL);
  out = import_file (fixture, gpx, TRUE);
  g_assert_cmpstr (out, ==, "Imported the walked route of “Kvällsvandring”: 2 points.\n");

  g_file_set_contents (gpx, "<gpx><trk>", -1, NULL);
  err = import_file (fixture, gpx, FALSE);
  g_assert_true (g_str_has_prefix (err, "The file is not a readable GPX file"));
}

static void
test_bad_files (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *unknown = in_dir (fixture, "findings.xlsx");
  g_autofree char *missing = in_dir (fixture, "missing.csv");
  g_autofree char *folder = in_dir (fixture, "folder.json");
  g_autofree char *binary = in_dir (fixture, "binary.geojson");
  g_autofree char *huge = in_dir (fixture, "huge.csv");
  g_autofree char *err = NULL;
  guchar noise[4096];
  FILE *file;

  g_file_set_contents (unknown, "x", -1, NULL);
  err = import_file (fixture, unknown, FALSE);
  g_assert_true (g_str_has_prefix (err, "Cannot import"));
  g_assert_nonnull (strstr (err, ".geojson, .json, .csv or .gpx"));
  g_free (err);
  err = import_file (fixture, missing, FALSE);
  g_assert_true (g_str_has_prefix (err, "Could not read"));
  g_free (err);
  g_mkdir (folder, 0700);
  err = import_file (fixture, folder, FALSE);
  g_assert_nonnull (strstr (err, "is not a file"));
  g_free (err);
  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = g_random_int ();
  noise[0] = 0xff;
  g_file_set_contents (binary, (char *) noise, sizeof noise, NULL);
  err = import_file (fixture, binary, FALSE);
  g_assert_true (g_str_has_prefix (err, "The file is not UTF-8 text"));

  /* Refused before it is read (a sparse file: no disk space used). */
  file = fopen (huge, "w");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, 300 << 20, SEEK_SET), ==, 0);
  fputc ('\n', file);
  fclose (file);
  g_free (err);
  err = import_file (fixture, huge, FALSE);
  g_assert_nonnull (strstr (err, "is larger than 256 MB"));
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

#define SCHEMA_OBJECTS_QUERY \
  "SELECT count (*) FROM sqlite_schema WHERE type IN ('index', 'trigger')"

/* Whether a process holds the write lock of the database whose WAL index
 * is @shm: SQLite holds it, a POSIX lock on byte 120 of that file, exactly
 * while a write transaction is open. The caller must hold no lock on the
 * file (closing the descriptor would drop it). */
static gboolean
write_locked (const char *shm)
{
  struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 120, .l_len = 1 };
  int fd = open (shm, O_RDONLY);
  gboolean locked;

  if (fd < 0)
    return FALSE;
  locked = fcntl (fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  close (fd);
  return locked;
}

/* Opens the database at @path after a kill, as the next program would,
 * and checks that it is whole. */
static sqlite3 *
open_whole (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  return db;
}

/* A GeoJSON file of @n_features findings in one walk, in the fixture's
 * folder; returns its path. */
static char *
write_big_geojson (Fixture *fixture,
                   guint    n_features)
{
  char *big = in_dir (fixture, "big.geojson");
  g_autoptr(GString) text = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_features; i++)
    g_string_append_printf (text, "%s{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                            "\"coordinates\":[17.%06u,59.%06u]},\"properties\":{\"title\":"
                            "\"Iakttagelse %u\",\"walk\":\"Stor\"}}",
                            i ? ",\n" : "", i, i, i);
  g_string_append (text, "\n]}\n");
  g_assert_true (g_file_set_contents (big, text->str, text->len, &error));
  g_assert_no_error (error);
  return big;
}

/* Killed in the middle of a big import, the database is whole and holds
 * all of the import or none of it. */
static void
test_kill_mid_import (Fixture       *fixture,
                      gconstpointer  data)
{
#ifdef __SANITIZE_ADDRESS__
  /* ASan unwinding every malloc makes reading and writing many times
   * slower: fewer findings still make a transaction of many megabytes. */
  const guint n_features = 5000;
#else
  const guint n_features = 200000;
#endif
  g_autofree char *big = write_big_geojson (fixture, n_features);
  g_autofree char *shm = g_strconcat (fixture->db, "-shm", NULL);
  g_autofree char *db_arg = option ("database", fixture->db);
  g_autofree char *import_arg = option ("import", big);
  g_autoptr(GError) error = NULL;
  TryggDatabase *created;
  gboolean killed_during_import = FALSE;
  gint64 n_schema_objects;

  /* Created before, so the WAL we watch is the import's own. */
  created = trygg_database_open (fixture->db, &error);
  g_assert_no_error (error);
  g_clear_object (&created);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (fixture->db, &db), ==, SQLITE_OK);
    n_schema_objects = query_int (db, SCHEMA_OBJECTS_QUERY);
    sqlite3_close (db);
  }

  for (guint attempt = 0; attempt < 3 && !killed_during_import; attempt++)
    {
      const char *argv[] = { TRYGG_BINARY, db_arg, import_arg, NULL };
      sqlite3 *db = NULL;
      GPid pid;
      int status;
      /* Generous: under a sanitizer, parsing alone takes a minute. */
      gint64 count, deadline = g_get_monotonic_time () + 240 * G_USEC_PER_SEC;
      gboolean writing = FALSE;

      g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &pid, &error);
      g_assert_no_error (error);

      /* Wait until the import's transaction is open, then a while (less
       * on each attempt, should the import commit first), then kill
       * without warning. */
      while (g_get_monotonic_time () < deadline && !(writing = write_locked (shm)))
        {
          if (waitpid (pid, &status, WNOHANG) == pid)
            break;
          g_usleep (2000);
        }
      if (writing)
        g_usleep ((1500 * G_USEC_PER_SEC / 1000) >> (2 * attempt));
      if (kill (pid, SIGKILL) == 0 && waitpid (pid, &status, 0) == pid)
        killed_during_import = writing && WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL;
      g_spawn_close_pid (pid);

      db = open_whole (fixture->db);
      count = query_int (db, "SELECT count(*) FROM finding");
      /* A large import sets indexes and triggers aside while it writes:
       * a kill must not leave them so. */
      g_assert_cmpint (query_int (db, SCHEMA_OBJECTS_QUERY), ==, n_schema_objects);
      g_test_message ("attempt %u: killed %d, %" G_GINT64_FORMAT " findings", attempt,
                      killed_during_import, count);
      g_assert_true (count == 0 || count == n_features);
      /* Killed after the commit: the import is whole; try again. */
      if (count == n_features)
        {
          killed_during_import = FALSE;
          g_assert_cmpint (sqlite3_exec (db, "DELETE FROM event; DELETE FROM finding;", NULL, NULL,
                                         NULL), ==, SQLITE_OK);
        }
      sqlite3_close (db);
    }
  g_assert_true (killed_during_import);
}

/* The summary is printed once the import is committed, before the
 * write-ahead log is copied into the database file: killed right after
 * it, while that copy goes on, the database opens whole with the whole
 * import in it. */
static void
test_kill_after_summary (Fixture       *fixture,
                         gconstpointer  data)
{
#ifdef __SANITIZE_ADDRESS__
  const guint n_features = 5000;
#else
  const guint n_features = 50000;
#endif
  g_autofree char *big = write_big_geojson (fixture, n_features);
  g_autofree char *db_arg = option ("database", fixture->db);
  g_autofree char *import_arg = option ("import", big);
  const char *argv[] = { TRYGG_BINARY, db_arg, import_arg, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) out = NULL;
  g_autofree char *line = NULL;
  sqlite3 *db = NULL;
  GPid pid;
  int out_fd, status;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                            G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, NULL, &out_fd, NULL,
                            &error);
  g_assert_no_error (error);
  out = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (out, TRUE);
  g_assert_cmpint (g_io_channel_read_line (out, &line, NULL, NULL, &error), ==, G_IO_STATUS_NORMAL);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (g_str_has_prefix (line, "Imported"));
  {
    g_autofree char *wal = g_strconcat (fixture->db, "-wal", NULL);
    GStatBuf main_stat, wal_stat;

    g_assert_cmpint (g_stat (fixture->db, &main_stat), ==, 0);
    g_assert_cmpint (g_stat (wal, &wal_stat), ==, 0);
    g_test_message ("killed with %" G_GINT64_FORMAT " bytes in the file, %" G_GINT64_FORMAT
                    " in its log", (gint64) main_stat.st_size, (gint64) wal_stat.st_size);
  }

  db = open_whole (fixture->db);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding"), ==, n_features);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM finding_location"), ==, n_features);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  /* The packed tree, levels deep: whole, and searched through its nodes
   * (plain columns) it finds what a scan of every box (+column) finds. */
  g_assert_cmpint (query_int (db, "SELECT rtreecheck ('finding_location') = 'ok'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT max (length (data)) FROM finding_location_node"), ==,
                   query_int (db, "SELECT length (data) FROM finding_location_node WHERE nodeno = 1"));
  g_assert_cmpint (query_int (db, "SELECT count (*) > 3 FROM finding_location_node"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM finding_location WHERE max_lat >= 59.0012"
                                  " AND min_lat <= 59.0021 AND max_lon >= 17.0011 AND min_lon <= 17.0042"),
                   ==,
                   query_int (db, "SELECT count (*) FROM finding_location WHERE +max_lat >= 59.0012"
                                  " AND +min_lat <= 59.0021 AND +max_lon >= 17.0011 AND +min_lon <= 17.0042"));
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM finding_location WHERE max_lat >= 59.0012"
                                  " AND min_lat <= 59.0021"), >, 500);
  sqlite3_close (db);
}

static void
test_example (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "example.db", NULL);
  g_autoptr(TryggDatabase) db = trygg_database_open (path, &error);
  g_autoptr(GPtrArray) records = NULL;
  guint overdue = 0, done = 0, safe_places = 0;

  g_assert_no_error (error);
  g_assert_true (trygg_example_load (db, &error));
  g_assert_no_error (error);
  /* Again: nothing is duplicated. */
  g_assert_true (trygg_example_load (db, &error));
  g_assert_no_error (error);

  records = trygg_database_export_records (db, TRYGG_EXAMPLE_WALK_NAME, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 13);
  for (guint i = 0; i < records->len; i++)
    {
      TryggRecord *record = g_ptr_array_index (records, i);

      g_assert_cmpint (record->number, ==, i + 1);
      g_assert_cmpstr (record->walk_date, ==, "2025-11-13");
      /* Within about 400 m of Södertälje C. */
      g_assert_cmpfloat (fabs (record->latitude - 59.1917), <, 0.004);
      g_assert_cmpfloat (fabs (record->longitude - 17.6278), <, 0.008);
      if (g_strcmp0 (record->category, "A place that works well") == 0)
        safe_places++;
      for (guint k = 0; k < record->actions->len; k++)
        {
          TryggRecordAction *action = g_ptr_array_index (record->actions, k);

          if (action->done)
            done++;
          else if (action->due != NULL && strcmp (action->due, "2026-11-01") < 0)
            overdue++;
        }
    }
  g_assert_cmpuint (safe_places, ==, 1);
  g_assert_cmpuint (done, >=, 5);
  g_assert_cmpuint (overdue, >=, 3);

  /* Described as DOMAIN.md describes it: an evening walk, with the actors
   * who took part. */
  {
    g_autoptr(GPtrArray) walks = trygg_database_list_walks (db, &error);
    TryggWalk *walk;

    g_assert_no_error (error);
    g_assert_cmpuint (walks->len, ==, 1);
    walk = g_ptr_array_index (walks, 0);
    g_assert_cmpstr (trygg_walk_get_name (walk), ==, TRYGG_EXAMPLE_WALK_NAME);
    g_assert_cmpint (trygg_walk_get_time_of_day (walk), ==, TRYGG_TIME_OF_DAY_EVENING);
    g_assert_nonnull (strstr (trygg_walk_get_area (walk), "Södertälje C"));
    g_assert_nonnull (strstr (trygg_walk_get_participants (walk), "Polisen (kommunpolis)"));
    g_assert_nonnull (strstr (trygg_walk_get_participants (walk), "Socialkontoret (fältare)"));
  }
  /* Loaded again, it leaves the walk as the user described it. */
  {
    g_autoptr(GPtrArray) walks = NULL;
    sqlite3 *sql = NULL;

    g_assert_cmpint (sqlite3_open (path, &sql), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (sql, "UPDATE walk SET time_of_day = 'day', area = 'Busstorget'",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (sql);
    g_assert_true (trygg_example_load (db, &error));
    g_assert_no_error (error);
    walks = trygg_database_list_walks (db, &error);
    g_assert_cmpint (trygg_walk_get_time_of_day (g_ptr_array_index (walks, 0)), ==, TRYGG_TIME_OF_DAY_DAY);
    g_assert_cmpstr (trygg_walk_get_area (g_ptr_array_index (walks, 0)), ==, "Busstorget");
  }

  /* The walked route passes every finding, in the order of their numbers
   * (the order in which a walk notes them). */
  {
    sqlite3 *sql = NULL;
    sqlite3_stmt *points = NULL;
    guint next = 0;

    g_assert_cmpint (sqlite3_open_v2 (path, &sql, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (sql, "SELECT r.latitude, r.longitude FROM route_point r"
                                              " JOIN walk w ON w.id = r.walk_id WHERE w.name = ?1"
                                              " ORDER BY r.seq", -1, &points, NULL), ==, SQLITE_OK);
    sqlite3_bind_text (points, 1, TRYGG_EXAMPLE_WALK_NAME, -1, SQLITE_STATIC);
    while (next < records->len && sqlite3_step (points) == SQLITE_ROW)
      {
        TryggRecord *record = g_ptr_array_index (records, next);
        double dy = (sqlite3_column_double (points, 0) - record->latitude) * 111320;
        double dx = (sqlite3_column_double (points, 1) - record->longitude) * 111320 *
                    cos (record->latitude * G_PI / 180);

        if (hypot (dx, dy) < 10)
          next++;
      }
    g_assert_cmpuint (next, ==, records->len);
    sqlite3_finalize (points);
    sqlite3_close (sql);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/import-merges", test_import_merges);
  ADD ("/cli/failed-import-changes-nothing", test_failed_import_changes_nothing);
  ADD ("/cli/swedish", test_swedish);
  ADD ("/cli/round-trips", test_round_trips);
  ADD ("/cli/export-never-harms", test_export_never_harms);
  ADD ("/cli/filters", test_filters);
  ADD ("/cli/route", test_route);
  ADD ("/cli/bad-files", test_bad_files);
  ADD ("/cli/kill-mid-import", test_kill_mid_import);
  ADD ("/cli/kill-after-summary", test_kill_after_summary);
#undef ADD
  g_test_add_func ("/cli/example", test_example);

  return g_test_run ();
}
