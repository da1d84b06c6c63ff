/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-database-private.h"

/* Export: the database's side of writing files. Runs in a worker thread on
 * its own TryggDatabase connection; trygg-database-transfer.c has the
 * import. */

static gboolean
resolve_name (TryggDatabase  *self,
              const char     *sql,
              const char     *name,
              char          **out_id,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *out_id = NULL;
  if (name == NULL)
    return TRUE;
  stmt = trygg_database_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  trygg_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *out_id = trygg_column_dup (stmt, 0);
  return TRUE;
}

static gboolean
attach_actions (TryggDatabase  *self,
                GHashTable     *by_id,
                GHashTable     *actor_names,
                const char     *actor_id,
                const char     *actor_name,
                GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* One pass over all measures, in order, matched to the records by id:
   * two queries in all instead of one per finding, and names from small
   * tables in memory instead of joins per row. */
  stmt = trygg_database_prepare (self,
                                 "SELECT finding_id, text, actor_id, due, done, done_at, comment"
                                 " FROM action ORDER BY finding_id, position",
                                 error);
  if (stmt == NULL)
    return FALSE;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TryggRecord *record = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));
      const char *action_actor = (const char *) sqlite3_column_text (stmt, 2);
      TryggRecordAction *action;

      if (record == NULL)
        continue;
      /* An actor's handout shows the measures of that actor, and all the
       * measures of findings the actor is responsible for. */
      if (actor_id != NULL && g_strcmp0 (action_actor, actor_id) != 0 &&
          g_strcmp0 (record->actor, actor_name) != 0)
        continue;

      action = trygg_record_action_new ();
      action->text = trygg_column_dup (stmt, 1);
      action->actor = action_actor ? g_strdup (g_hash_table_lookup (actor_names, action_actor)) : NULL;
      action->due = trygg_column_dup (stmt, 3);
      action->done = sqlite3_column_int (stmt, 4) != 0;
      action->done_at = trygg_column_dup (stmt, 5);
      action->comment = trygg_column_dup (stmt, 6);
      if (action->comment != NULL && *action->comment == '\0')
        g_clear_pointer (&action->comment, g_free);
      if (action->done)
        record->actions_done++;
      g_ptr_array_add (record->actions, action);
    }
  return TRUE;
}

/* id → name of every actor, and key → name users see of every category. */
static GHashTable *
load_names (TryggDatabase  *self,
            gboolean        categories,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  stmt = trygg_database_prepare (self,
                                 categories ? "SELECT key, name, builtin FROM category"
                                            : "SELECT id, name, 0 FROM actor",
                                 error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (names, trygg_column_dup (stmt, 0),
                         g_strdup (trygg_category_display_name ((const char *) sqlite3_column_text (stmt, 1),
                                                                sqlite3_column_int (stmt, 2))));
  return g_steal_pointer (&names);
}

static TryggRecord *
record_from_row (sqlite3_stmt *stmt,
                 GHashTable   *category_names,
                 GHashTable   *actor_names)
{
  TryggRecord *record = trygg_record_new ();
  const char *category = (const char *) sqlite3_column_text (stmt, 4);
  const char *actor = (const char *) sqlite3_column_text (stmt, 8);

  record->id = trygg_column_dup (stmt, 0);
  record->number = sqlite3_column_int64 (stmt, 1);
  record->title = trygg_column_dup (stmt, 2);
  record->description = trygg_column_dup (stmt, 3);
  if (category != NULL)
    record->category = g_strdup (g_hash_table_lookup (category_names, category));
  record->has_status = trygg_status_from_key ((const char *) sqlite3_column_text (stmt, 6),
                                              &record->status);
  record->has_priority = trygg_priority_from_key ((const char *) sqlite3_column_text (stmt, 7),
                                                  &record->priority);
  if (actor != NULL)
    record->actor = g_strdup (g_hash_table_lookup (actor_names, actor));
  record->walk = trygg_column_dup (stmt, 9);
  record->walk_date = trygg_column_dup (stmt, 10);
  record->latitude = sqlite3_column_double (stmt, 11);
  record->longitude = sqlite3_column_double (stmt, 12);
  record->observed_at = trygg_column_dup (stmt, 13);
  record->updated_at = trygg_column_dup (stmt, 14);
  record->photos = sqlite3_column_int (stmt, 15);
  return record;
}

GPtrArray *
trygg_database_export_records (TryggDatabase      *self,
                               const char         *walk_name,
                               const char         *actor_name,
                               TryggProgressFunc   progress,
                               gpointer            progress_data,
                               GError            **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GHashTable) category_names = NULL;
  g_autoptr(GHashTable) actor_names = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *walk_id = NULL;
  g_autofree char *actor_id = NULL;
  gint64 total = 0;
  gboolean ok;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A read transaction gives one consistent snapshot across the queries. */
  if (!trygg_database_exec (self, "BEGIN", error))
    return NULL;

  if (!resolve_name (self, "SELECT id FROM walk WHERE name = ?1", walk_name, &walk_id, error) ||
      !resolve_name (self, "SELECT id FROM actor WHERE name = ?1", actor_name, &actor_id, error))
    goto fail;
  if (walk_name != NULL && walk_id == NULL)
    {
      g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID,
                   _("There is no walk named “%s”. Check the spelling; walk "
                     "names are shown in the list of walks."), walk_name);
      goto fail;
    }
  if (actor_name != NULL && actor_id == NULL)
    {
      g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID,
                   _("There is no actor named “%s”. Check the spelling; actor "
                     "names are shown in the list of actors."), actor_name);
      goto fail;
    }

  stmt = trygg_database_prepare (self,
                                 "SELECT f.id, f.number, f.title, f.description, f.category, NULL,"
                                 " f.status, f.priority, f.actor_id, w.name, w.date, f.latitude,"
                                 " f.longitude, f.observed_at, f.updated_at, f.photo_count"
                                 " FROM finding f JOIN walk w ON w.id = f.walk_id"
                                 " WHERE (?1 IS NULL OR f.walk_id = ?1)"
                                 "   AND (?2 IS NULL OR f.actor_id = ?2 OR EXISTS"
                                 "        (SELECT 1 FROM action x WHERE x.finding_id = f.id AND x.actor_id = ?2))"
                                 " ORDER BY w.date, w.name, f.number",
                                 error);
  if (stmt == NULL)
    goto fail;
  trygg_bind_text (stmt, 1, walk_id);
  trygg_bind_text (stmt, 2, actor_id);
  /* Progress needs a total; counting is cheap next to the export. */
  if (progress != NULL)
    {
      g_autoptr(sqlite3_stmt) count = trygg_database_prepare (self, "SELECT count (*) FROM finding", error);

      if (count == NULL)
        goto fail;
      if (sqlite3_step (count) == SQLITE_ROW)
        total = MAX (sqlite3_column_int64 (count, 0), 1);
    }

  category_names = load_names (self, TRUE, error);
  actor_names = category_names ? load_names (self, FALSE, error) : NULL;
  if (actor_names == NULL)
    goto fail;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TryggRecord *record = record_from_row (stmt, category_names, actor_names);

      record->source_index = records->len;
      g_ptr_array_add (records, record);
      g_hash_table_insert (by_id, record->id, record);
      if (progress != NULL && records->len % 1000 == 0)
        progress (MIN (0.8 * records->len / total, 0.8), progress_data);
    }

  ok = attach_actions (self, by_id, actor_names, actor_id, actor_name, error);
  trygg_database_exec (self, "COMMIT", NULL);
  if (!ok)
    return NULL;
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&records);

fail:
  trygg_database_rollback (self);
  return NULL;
}
