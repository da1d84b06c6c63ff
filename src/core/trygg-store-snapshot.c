/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "trygg-store-snapshot.h"

/* Snapshots: what undo and redo put back. A snapshot holds an object's
 * rows as SQLite values (for a finding: with its measures, photos without
 * their image data, and history), so restoring it is writing rows back. */

/* SQL per kind of object: select one, upsert it, delete it. */
typedef struct
{
  const char *select;
  const char *upsert;
  const char *delete;
} ObjectSql;

static const ObjectSql object_sql[] = {
  [TRYGG_OBJECT_FINDING] = {
    "SELECT rid, id, walk_id, number, title, description, category, status, priority, actor_id,"
    " latitude, longitude, observed_at, updated_at, wont_fix_reason FROM finding WHERE id = ?1",
    "INSERT INTO finding (rid, id, walk_id, number, title, description, category, status, priority,"
    " actor_id, latitude, longitude, observed_at, updated_at, wont_fix_reason)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    " ON CONFLICT (id) DO UPDATE SET walk_id = excluded.walk_id, number = excluded.number,"
    " title = excluded.title, description = excluded.description, category = excluded.category,"
    " status = excluded.status, priority = excluded.priority, actor_id = excluded.actor_id,"
    " latitude = excluded.latitude, longitude = excluded.longitude,"
    " observed_at = excluded.observed_at, updated_at = excluded.updated_at,"
    " wont_fix_reason = excluded.wont_fix_reason",
    "DELETE FROM finding WHERE id = ?1",
  },
  [TRYGG_OBJECT_ACTOR] = {
    "SELECT id, name, colour, contact FROM actor WHERE id = ?1",
    "INSERT INTO actor (id, name, colour, contact) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (id) DO UPDATE SET name = excluded.name, colour = excluded.colour,"
    " contact = excluded.contact",
    "DELETE FROM actor WHERE id = ?1",
  },
  [TRYGG_OBJECT_WALK] = {
    "SELECT id, name, date, time_of_day, area, participants, route_name FROM walk WHERE id = ?1",
    "INSERT INTO walk (id, name, date, time_of_day, area, participants, route_name)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    " ON CONFLICT (id) DO UPDATE SET name = excluded.name, date = excluded.date,"
    " time_of_day = excluded.time_of_day, area = excluded.area,"
    " participants = excluded.participants, route_name = excluded.route_name",
    "DELETE FROM walk WHERE id = ?1",
  },
  [TRYGG_OBJECT_CATEGORY] = {
    "SELECT key, name, builtin FROM category WHERE key = ?1",
    "INSERT INTO category (key, name, builtin) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (key) DO UPDATE SET name = excluded.name",
    "DELETE FROM category WHERE key = ?1",
  },
};



static TryggRow *
row_from_stmt (sqlite3_stmt *stmt)
{
  int n = sqlite3_column_count (stmt);
  TryggRow *row = g_ptr_array_new_full (n, (GDestroyNotify) sqlite3_value_free);

  for (int i = 0; i < n; i++)
    g_ptr_array_add (row, sqlite3_value_dup (sqlite3_column_value (stmt, i)));
  return row;
}

static const char *
row_text (TryggRow  *row,
          guint column)
{
  return (const char *) sqlite3_value_text (g_ptr_array_index (row, column));
}

double
trygg_row_double (TryggRow  *row,
            guint column)
{
  return sqlite3_value_double (g_ptr_array_index (row, column));
}

static gboolean
select_rows (TryggDatabase  *db,
             const char     *sql,
             const char     *id,
             GPtrArray     **out_rows,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (db, sql, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  int rc;

  if (stmt == NULL)
    return FALSE;
  trygg_bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_from_stmt (stmt));
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (db, error);
      return FALSE;
    }
  *out_rows = g_steal_pointer (&rows);
  return TRUE;
}

static gboolean
insert_row (TryggDatabase  *db,
            const char     *sql,
            TryggRow            *row,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < row->len; i++)
    sqlite3_bind_value (stmt, i + 1, g_ptr_array_index (row, i));
  return trygg_database_step_done (db, stmt, error);
}

void
trygg_snapshot_free (TryggSnapshot *snapshot)
{
  g_free (snapshot->id);
  g_clear_pointer (&snapshot->main, g_ptr_array_unref);
  g_clear_pointer (&snapshot->actions, g_ptr_array_unref);
  g_clear_pointer (&snapshot->photos, g_ptr_array_unref);
  g_clear_pointer (&snapshot->events, g_ptr_array_unref);
  g_free (snapshot);
}

TryggSnapshot *
trygg_snapshot_take (TryggDatabase    *db,
               TryggObjectKind   kind,
               const char       *id,
               GError          **error)
{
  TryggSnapshot *snapshot = g_new0 (TryggSnapshot, 1);
  g_autoptr(GPtrArray) main_rows = NULL;

  snapshot->kind = kind;
  snapshot->id = g_strdup (id);
  if (!select_rows (db, object_sql[kind].select, id, &main_rows, error))
    goto fail;
  if (main_rows->len > 0)
    snapshot->main = g_ptr_array_ref (g_ptr_array_index (main_rows, 0));

  if (kind == TRYGG_OBJECT_FINDING &&
      (!select_rows (db, SELECT_ACTIONS, id, &snapshot->actions, error) ||
       !select_rows (db, SELECT_PHOTOS, id, &snapshot->photos, error) ||
       !select_rows (db, SELECT_EVENTS, id, &snapshot->events, error)))
    goto fail;
  return snapshot;

fail:
  trygg_snapshot_free (snapshot);
  return NULL;
}

static gboolean
has_row_with_id (GPtrArray  *rows,
                 const char *id)
{
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    if (g_strcmp0 (row_text (g_ptr_array_index (rows, i), 0), id) == 0)
      return TRUE;
  return FALSE;
}

/* Keeps the image data of photos about to leave the database, so that an
 * undo or redo can bring them back. */
static gboolean
bury_photos (TryggDatabase  *database,
             GHashTable     *graveyard,
             const char  *finding_id,
             GPtrArray   *keep,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) remove = NULL;

  stmt = trygg_database_prepare (database,
                                 "SELECT id, data FROM photo WHERE finding_id = ?1", error);
  remove = stmt ? trygg_database_prepare (database, "DELETE FROM photo WHERE id = ?1", error) : NULL;
  if (remove == NULL)
    return FALSE;
  trygg_bind_text (stmt, 1, finding_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      if (has_row_with_id (keep, id))
        continue;
      if (!g_hash_table_contains (graveyard, id))
        g_hash_table_insert (graveyard, g_strdup (id),
                             g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1)));
      trygg_bind_text (remove, 1, id);
      if (!trygg_database_step_done (database, remove, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
restore_photos (TryggDatabase  *database,
                GHashTable     *graveyard,
                TryggSnapshot    *snapshot,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;

  if (!bury_photos (database, graveyard, snapshot->id, snapshot->photos, error))
    return FALSE;

  update = trygg_database_prepare (database,
                                   "UPDATE photo SET position = ?2, kind = ?3 WHERE id = ?1", error);
  insert = update ? trygg_database_prepare (database,
                                            "INSERT INTO photo (id, finding_id, position, kind, mime_type,"
                                            " added_at, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                                            " ON CONFLICT (id) DO UPDATE SET position = excluded.position,"
                                            " kind = excluded.kind", error) : NULL;
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < snapshot->photos->len; i++)
    {
      TryggRow *row = g_ptr_array_index (snapshot->photos, i);
      GBytes *data = g_hash_table_lookup (graveyard, row_text (row, 0));
      sqlite3_stmt *stmt = data != NULL ? insert : update;

      /* Photos still in the database only need position and kind; the
       * others come back from the graveyard. */
      sqlite3_bind_value (stmt, 1, g_ptr_array_index (row, 0));
      if (data != NULL)
        {
          for (guint c = 1; c < row->len; c++)
            sqlite3_bind_value (stmt, c + 1, g_ptr_array_index (row, c));
          sqlite3_bind_blob (stmt, 7, g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                             SQLITE_TRANSIENT);
        }
      else
        {
          sqlite3_bind_value (stmt, 2, g_ptr_array_index (row, 2));
          sqlite3_bind_value (stmt, 3, g_ptr_array_index (row, 3));
        }
      if (!trygg_database_step_done (database, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
replace_rows (TryggDatabase  *db,
              const char     *clear_sql,
              const char     *insert_sql,
              const char     *id,
              GPtrArray      *rows,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) clear = trygg_database_prepare (db, clear_sql, error);

  if (clear == NULL)
    return FALSE;
  trygg_bind_text (clear, 1, id);
  if (!trygg_database_step_done (db, clear, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!insert_row (db, insert_sql, g_ptr_array_index (rows, i), error))
      return FALSE;
  return TRUE;
}

/* Makes the database hold exactly what @snapshot recorded for its object. */
gboolean
trygg_snapshot_apply (TryggDatabase  *database,
                      GHashTable     *graveyard,
                TryggSnapshot    *snapshot,
                GError     **error)
{
  TryggDatabase *db = database;
  g_autoptr(sqlite3_stmt) remove = NULL;

  if (snapshot->main == NULL)
    {
      if (snapshot->kind == TRYGG_OBJECT_FINDING && !bury_photos (database, graveyard, snapshot->id, NULL, error))
        return FALSE;
      remove = trygg_database_prepare (db, object_sql[snapshot->kind].delete, error);
      if (remove == NULL)
        return FALSE;
      trygg_bind_text (remove, 1, snapshot->id);
      return trygg_database_step_done (db, remove, error);
    }

  if (!insert_row (db, object_sql[snapshot->kind].upsert, snapshot->main, error))
    return FALSE;
  if (snapshot->kind != TRYGG_OBJECT_FINDING)
    return TRUE;

  return replace_rows (db, "DELETE FROM action WHERE finding_id = ?1", INSERT_ACTION,
                       snapshot->id, snapshot->actions, error) &&
         replace_rows (db, "DELETE FROM event WHERE finding_id = ?1", INSERT_EVENT,
                       snapshot->id, snapshot->events, error) &&
         restore_photos (database, graveyard, snapshot, error);
}

void
trygg_change_free (TryggChange *change)
{
  g_clear_pointer (&change->before, trygg_snapshot_free);
  g_clear_pointer (&change->after, trygg_snapshot_free);
  g_free (change);
}

void
trygg_undo_entry_free (TryggUndoEntry *entry)
{
  g_free (entry->label);
  g_ptr_array_unref (entry->changes);
  g_free (entry);
}
