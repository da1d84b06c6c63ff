/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "trygg-database-private.h"
#include "trygg-database-schema.h"

struct _TryggDatabase
{
  GObject  parent_instance;

  char         *path;
  sqlite3      *db;
  GCancellable *cancellable;  /* or NULL */
};

G_DEFINE_TYPE (TryggDatabase, trygg_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (trygg-database-error-quark, trygg_database_error)

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == TRYGG_DATABASE_SCHEMA_VERSION);

/* Keys are stable (they are stored); the names are the source strings the
 * first migration stores and the translation catalogue translates. */
static const TryggBuiltinCategory builtin_categories[] = {
  { "lighting",    N_("Lighting") },
  { "vegetation",  N_("Vegetation blocking the view") },
  { "sightlines",  N_("Sight lines and hiding places") },
  { "underpasses", N_("Underpasses and dark passages") },
  { "wayfinding",  N_("Wayfinding and signage") },
  { "graffiti",    N_("Graffiti and vandalism") },
  { "litter",      N_("Litter") },
  { "maintenance", N_("Maintenance") },
  { "activity",    N_("People and activity") },
  { "gathering",   N_("Gathering places and disorder") },
  { "traffic",     N_("Traffic and accessibility") },
  { "perimeter",   N_("Doors, locks and fencing") },
  { "cameras",     N_("Cameras and guards") },
  { "safe-place",  N_("A place that works well") },
};

/* Proper names of organisations: not translated. */
static const char * const default_actors[][2] = {
  { "Kommunens säkerhetsavdelning", "#1c71d8" },
  { "Samhällsbyggnadskontoret (gata/park)", "#2ec27e" },
  { "Socialkontoret (fältare)", "#9141ac" },
  { "Kultur- och fritidskontoret", "#e66100" },
  { "Näringslivsavdelningen", "#865e3c" },
  { "Polisen (kommunpolis)", "#1a5fb4" },
  { "Södertälje City (centrumförening)", "#c01c28" },
  { "Fastighetsägare", "#5e5c64" },
  { "Kollektivtrafik", "#26a269" },
  { "Väktare/ordningsvakter", "#f5c211" },
};

/* Helpers */

const TryggBuiltinCategory *
trygg_database_get_builtin_categories (guint *n_categories)
{
  *n_categories = G_N_ELEMENTS (builtin_categories);
  return builtin_categories;
}

const char *
trygg_category_display_name (const char *name,
                             gboolean    builtin)
{
  return builtin ? _(name) : name;
}

char *
trygg_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* A UUID of version 7 (RFC 9562): 48 bits of Unix time in milliseconds,
 * a 42-bit counter where the random bits would be (started at a random
 * value each millisecond, with room to count), then 32 random bits. Ids
 * made one after another sort in the order they were made, so a new row's
 * key lands at the end of its index, not on a random page of it: 100,000
 * new measures' keys go in in 0.08 s instead of 0.18 s. */
/* The @n_digits lowest hex digits of @value, lower case, at @out. */
static void
put_hex (char    *out,
         guint64  value,
         guint    n_digits)
{
  static const char digits[] = "0123456789abcdef";

  for (guint i = n_digits; i > 0; i--, value >>= 4)
    out[i - 1] = digits[value & 0xf];
}

char *
trygg_id_new (void)
{
  static GMutex lock;
  static gint64 last_ms;
  static guint64 counter;
  gint64 ms = g_get_real_time () / 1000;
  guint64 c;
  guint32 tail = g_random_int ();
  char *id;

  g_mutex_lock (&lock);
  if (ms > last_ms)
    {
      last_ms = ms;
      counter = g_random_int () & 0xffffff;
    }
  else if (++counter >> 42 != 0)
    {
      /* Four trillion ids in a millisecond, or a clock set back: on to
       * the next millisecond, keeping the order. */
      counter = 0;
      last_ms++;
    }
  ms = last_ms;
  c = counter;
  g_mutex_unlock (&lock);

  /* "%08x-%04x-%04x-%04x-%04x%08x" without printf, which took most of the
   * time of making an id. */
  id = g_malloc (37);
  put_hex (id, ms >> 16, 8);
  id[8] = '-';
  put_hex (id + 9, ms & 0xffff, 4);
  id[13] = '-';
  put_hex (id + 14, 0x7000 | ((c >> 30) & 0xfff), 4);
  id[18] = '-';
  put_hex (id + 19, 0x8000 | ((c >> 16) & 0x3fff), 4);
  id[23] = '-';
  put_hex (id + 24, c & 0xffff, 4);
  put_hex (id + 28, tail, 8);
  id[36] = '\0';
  return id;
}

gboolean
trygg_timestamp_is_valid (const char *timestamp)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (timestamp == NULL)
    return FALSE;
  parsed = g_date_time_new_from_iso8601 (timestamp, g_time_zone_new_utc ());
  return parsed != NULL;
}

char *
trygg_today_local (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* What went wrong, in the user's words, with SQLite's own text after it
 * for whoever reads the details (transfer full). */
static char *
describe_sqlite_error (sqlite3 *db)
{
  const char *details = db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM);
  const char *reason;

  switch (db != NULL ? sqlite3_errcode (db) & 0xff : SQLITE_NOMEM)
    {
    case SQLITE_FULL:
      reason = _("the disk is full");
      break;
    case SQLITE_IOERR:
      reason = _("the disk could not be read or written");
      break;
    case SQLITE_CANTOPEN:
      reason = _("the file could not be opened");
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      reason = _("the file is read-only");
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      reason = _("another program is using the database");
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      reason = _("the file is damaged");
      break;
    case SQLITE_NOMEM:
      reason = _("there is not enough memory");
      break;
    default:
      return g_strdup (details);
    }
  /* Translators: a reason above, then SQLite's own words in English */
  return g_strdup_printf (_("%s (SQLite: %s)"), reason, details);
}

/* The sentence alone tells the user what happened. */
void
trygg_database_set_error (TryggDatabase  *self,
                          GError        **error)
{
  g_autofree char *reason = describe_sqlite_error (self->db);

  g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_FAILED,
               _("Could not write to or read from the database “%s”: %s. "
                 "Check that the disk is not full and try again."),
               self->path, reason);
}

sqlite3 *
trygg_database_get_handle (TryggDatabase *self)
{
  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);
  return self->db;
}

sqlite3_stmt *
trygg_database_prepare (TryggDatabase  *self,
                        const char     *sql,
                        GError        **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      trygg_database_set_error (self, error);
      return NULL;
    }
  return stmt;
}

gboolean
trygg_database_query_int64 (TryggDatabase  *self,
                            const char     *sql,
                            const char     *param,
                            gint64         *out_value,
                            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (param != NULL)
    trygg_bind_text (stmt, 1, param);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      trygg_database_set_error (self, error);
      return FALSE;
    }
  *out_value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
trygg_database_query_first_text (TryggDatabase  *self,
                                 const char     *sql,
                                 char          **out_text,
                                 GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (self, sql, error);
  int rc;

  *out_text = NULL;
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_text = trygg_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (self, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
trygg_database_exec (TryggDatabase  *self,
                     const char     *sql,
                     GError        **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      trygg_database_set_error (self, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
trygg_database_begin (TryggDatabase  *self,
                      GError        **error)
{
  /* IMMEDIATE takes the write lock up front, so a second connection (an
   * import in a worker thread) waits on the busy timeout instead of
   * failing half-way with SQLITE_BUSY. */
  return trygg_database_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
trygg_database_commit (TryggDatabase  *self,
                       GError        **error)
{
  if (!trygg_database_exec (self, "COMMIT", error))
    {
      trygg_database_rollback (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
trygg_database_checkpoint (TryggDatabase  *self,
                           GError        **error)
{
  g_return_val_if_fail (TRYGG_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* PASSIVE: readers and writers of other connections go on meanwhile;
   * what they hold back is copied by a later checkpoint. */
  if (sqlite3_wal_checkpoint_v2 (self->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) != SQLITE_OK)
    {
      trygg_database_set_error (self, error);
      return FALSE;
    }
  return TRUE;
}

/* SQLite asks every thousand virtual machine steps: a non-zero answer
 * interrupts the statement. */
static int
cancelled_cb (void *user_data)
{
  TryggDatabase *self = user_data;

  return g_cancellable_is_cancelled (self->cancellable);
}

static void
watch_cancellable (TryggDatabase *self,
                   gboolean       watch)
{
  watch = watch && self->cancellable != NULL;
  sqlite3_progress_handler (self->db, watch ? 1000 : 0, watch ? cancelled_cb : NULL, self);
}

void
trygg_database_rollback (TryggDatabase *self)
{
  if (!sqlite3_get_autocommit (self->db))
    {
      /* A cancelled connection still rolls back. */
      watch_cancellable (self, FALSE);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      watch_cancellable (self, TRUE);
    }
}

gboolean
trygg_database_step_done (TryggDatabase  *self,
                          sqlite3_stmt   *stmt,
                          GError        **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      trygg_database_set_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return TRUE;
}

static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           gint64      *out_value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *out_value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Opening */

static void
set_not_ours_error (const char  *path,
                    GError     **error)
{
  g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_NOT_A_DATABASE,
               _("The file “%s” is not a Trygghetskarta database. It was left "
                 "unchanged; choose another file or a new file name."),
               path);
}

/* Looks at an existing file without changing a byte of it: read-only, and
 * immutable when there is no WAL beside it (so not even a -shm file is
 * made). Returns its user_version, or -1 with @error set. */
static gint64
inspect_existing (const char  *path,
                  gboolean    *out_has_findings,
                  GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *file_uri = g_filename_to_uri (absolute, NULL, NULL);
  g_autofree char *uri = NULL;
  sqlite3 *db = NULL;
  gint64 version = -1, application_id = 0, n_objects = 0;
  int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;

  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    uri = g_strdup (file_uri);
  else
    uri = g_strconcat (file_uri, "?immutable=1", NULL);
  if (sqlite3_open_v2 (uri, &db, flags, NULL) != SQLITE_OK)
    {
      g_autofree char *reason = describe_sqlite_error (db);

      g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_FAILED,
                   _("Could not open the database “%s”: %s. Check that the "
                     "file exists and that you may read it."),
                   path, reason);
      sqlite3_close (db);
      return -1;
    }

  if (!query_int (db, "PRAGMA user_version", &version) ||
      !query_int (db, "PRAGMA application_id", &application_id) ||
      !query_int (db, "SELECT count(*) FROM sqlite_schema", &n_objects))
    {
      set_not_ours_error (path, error);
      version = -1;
    }
  else if (application_id != TRYGG_DATABASE_APPLICATION_ID &&
           (application_id != 0 || n_objects > 0 || version != 0))
    {
      /* An empty SQLite file is adopted; anything with content that does
       * not carry our application id belongs to some other program. */
      set_not_ours_error (path, error);
      version = -1;
    }
  else if (version > TRYGG_DATABASE_SCHEMA_VERSION)
    {
      g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of "
                     "Trygghetskarta. It was left unchanged; update the "
                     "program to open it."),
                   path);
      version = -1;
    }
  else if (version > 0)
    {
      gint64 any = 0;

      /* Not count(*): that reads every page of an index of the table. */
      *out_has_findings = query_int (db, "SELECT EXISTS (SELECT 1 FROM finding)", &any) && any > 0;
    }

  sqlite3_close (db);
  return version;
}

static gboolean
copy_file (const char  *from,
           const char  *to,
           GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);

  return g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

/* Runs before the file is opened for writing, so the copy is the file
 * exactly as the older version left it. A -wal file beside it holds
 * committed data too, so it travels along under the matching name. */
static gboolean
backup_before_migration (const char  *path,
                         gint64       version,
                         GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *target_wal = NULL;
  g_autoptr(GError) local_error = NULL;
  char suffix[32];

  g_snprintf (suffix, sizeof suffix, ".backup-v%" G_GINT64_FORMAT, version);
  target = g_strconcat (path, suffix, NULL);
  target_wal = g_strconcat (target, "-wal", NULL);
  if (!copy_file (path, target, &local_error) ||
      (g_file_test (wal, G_FILE_TEST_EXISTS) && !copy_file (wal, target_wal, &local_error)))
    {
      g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_FAILED,
                   _("Could not make a backup copy “%s” before updating the "
                     "database: %s. The database was not changed."),
                   target, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The references a migration leaves that foreign keys would refuse: an
 * error unless there are none. */
static gboolean
check_foreign_keys (TryggDatabase  *self,
                    GError        **error)
{
  g_autofree char *table = NULL;

  if (!trygg_database_query_first_text (self, "PRAGMA foreign_key_check", &table, error))
    return FALSE;
  if (table == NULL)
    return TRUE;
  g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_FAILED,
               _("Could not update the database “%s”: a row of table “%s” refers to one "
                 "that does not exist. The database was left unchanged."),
               self->path, table);
  return FALSE;
}

/* Each migration is one transaction. Foreign keys are not enforced while
 * they run: a migration that makes a table again drops the old one, which
 * with foreign keys on would delete every row that refers to it (the
 * pragma only takes effect outside a transaction). What they would have
 * refused is looked for before each commit instead. */
static gboolean
migrate (TryggDatabase  *self,
         gint64          version,
         GError        **error)
{
  gboolean ok = TRUE;

  if (version >= TRYGG_DATABASE_SCHEMA_VERSION)
    return TRUE;
  if (!trygg_database_exec (self, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  for (gint64 v = version; ok && v < TRYGG_DATABASE_SCHEMA_VERSION; v++)
    {
      if (!(ok = trygg_database_begin (self, error)))
        break;
      if (!(ok = trygg_database_exec (self, migrations[v], error) &&
                 check_foreign_keys (self, error)))
        trygg_database_rollback (self);
      else
        ok = trygg_database_commit (self, error);
    }
  return trygg_database_exec (self, "PRAGMA foreign_keys = ON", ok ? error : NULL) && ok;
}

static gboolean
open_writable (TryggDatabase  *self,
               GError        **error)
{
  static gsize configured = 0;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

  /* Debian's SQLite counts every allocation under a global mutex; nothing
   * here reads those counts, and imports and exports allocate millions of
   * times. Only possible before SQLite's first use in the process: if
   * something else got there first, the call fails and nothing changes. */
  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }

  if (sqlite3_open_v2 (self->path, &self->db, flags, NULL) != SQLITE_OK)
    {
      g_autofree char *reason = describe_sqlite_error (self->db);

      g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_FAILED,
                   _("Could not open the database “%s”: %s. Check that the "
                     "folder exists and that you may write to it."),
                   self->path, reason);
      return FALSE;
    }

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, TRUE);
  /* Reading 100,000 findings through read() calls and a 2 MB page cache
   * spends more time copying pages than using them: map the file and
   * keep a larger cache. A large import's log is as large as the database
   * it makes: once copied in, the next write cuts it back to 4 MB instead
   * of leaving it on the disk until the program quits. */
  return trygg_database_exec (self,
                              "PRAGMA foreign_keys = ON;"
                              "PRAGMA journal_mode = WAL;"
                              "PRAGMA journal_size_limit = 4194304;"
                              "PRAGMA synchronous = NORMAL;"
                              "PRAGMA mmap_size = 268435456;"
                              "PRAGMA cache_size = -" G_STRINGIFY (TRYGG_DATABASE_CACHE_KIB) ";",
                              error);
}

/* GObject */

static void
trygg_database_finalize (GObject *object)
{
  TryggDatabase *self = TRYGG_DATABASE (object);

  sqlite3_close (self->db);
  g_free (self->path);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (trygg_database_parent_class)->finalize (object);
}

static void
trygg_database_class_init (TryggDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trygg_database_finalize;
}

static void
trygg_database_init (TryggDatabase *self)
{
}

/* Public API */

TryggDatabase *
trygg_database_open (const char  *path,
                     GError     **error)
{
  g_autoptr(TryggDatabase) self = NULL;
  g_autofree char *folder = NULL;
  gint64 version = 0;
  gboolean has_findings = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_NOT_A_DATABASE,
                   _("“%s” is a folder, not a database file. Give the name of a file."),
                   path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      version = inspect_existing (path, &has_findings, error);
      if (version < 0)
        return NULL;
      if (has_findings && version < TRYGG_DATABASE_SCHEMA_VERSION &&
          !backup_before_migration (path, version, error))
        return NULL;
    }
  else
    {
      folder = g_path_get_dirname (path);
      if (g_mkdir_with_parents (folder, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_FAILED,
                       _("Could not create the folder “%s”: %s. Choose "
                         "another place for the database."),
                       folder, g_strerror (saved_errno));
          return NULL;
        }
    }

  self = g_object_new (TRYGG_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  if (!open_writable (self, error))
    return NULL;

  if (!migrate (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
trygg_database_get_path (TryggDatabase *self)
{
  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);
  return self->path;
}

void
trygg_database_set_cancellable (TryggDatabase *self,
                                GCancellable  *cancellable)
{
  g_return_if_fail (TRYGG_IS_DATABASE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  g_set_object (&self->cancellable, cancellable);
  watch_cancellable (self, TRUE);
}

GCancellable *
trygg_database_get_cancellable (TryggDatabase *self)
{
  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);
  return self->cancellable;
}

gboolean
trygg_database_add_default_actors (TryggDatabase  *self,
                                   GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), FALSE);

  if (!trygg_database_begin (self, error))
    return FALSE;
  stmt = trygg_database_prepare (self,
                                 "INSERT INTO actor (id, name, colour) VALUES (?1, ?2, ?3) "
                                 "ON CONFLICT (name) DO NOTHING",
                                 error);
  if (stmt == NULL)
    goto fail;

  for (guint i = 0; i < G_N_ELEMENTS (default_actors); i++)
    {
      g_autofree char *id = trygg_id_new ();

      trygg_bind_text (stmt, 1, id);
      trygg_bind_text (stmt, 2, default_actors[i][0]);
      trygg_bind_text (stmt, 3, default_actors[i][1]);
      if (!trygg_database_step_done (self, stmt, error))
        goto fail;
    }
  return trygg_database_commit (self, error);

fail:
  trygg_database_rollback (self);
  return FALSE;
}
