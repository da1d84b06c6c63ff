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

/* The ids behind the names of an export's filters; a name that is not in
 * the database is an error, not an empty file. */
static gboolean
resolve_filters (TryggDatabase  *self,
                 const char     *walk_name,
                 const char     *actor_name,
                 char          **out_walk_id,
                 char          **out_actor_id,
                 GError        **error)
{
  if (!resolve_name (self, "SELECT id FROM walk WHERE name = ?1", walk_name, out_walk_id, error) ||
      !resolve_name (self, "SELECT id FROM actor WHERE name = ?1", actor_name, out_actor_id, error))
    return FALSE;
  if (walk_name != NULL && *out_walk_id == NULL)
    {
      g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID,
                   _("There is no walk named “%s”. Check the spelling; walk "
                     "names are shown in the list of walks."), walk_name);
      return FALSE;
    }
  if (actor_name != NULL && *out_actor_id == NULL)
    {
      g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID,
                   _("There is no actor named “%s”. Check the spelling; actor "
                     "names are shown in the list of actors."), actor_name);
      return FALSE;
    }
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

/* The walks of an export in the order of the file: by date, then name. A
 * walk's findings then come by number through the UNIQUE (walk_id, number)
 * index, so that no export sorts all its rows. */
static sqlite3_stmt *
prepare_walks (TryggDatabase  *self,
               const char     *walk_id,
               GError        **error)
{
  sqlite3_stmt *walks;

  walks = trygg_database_prepare (self,
                                  "SELECT id FROM walk WHERE ?1 IS NULL OR id = ?1 ORDER BY date, name",
                                  error);
  if (walks != NULL)
    trygg_bind_text (walks, 1, walk_id);
  return walks;
}

/* For progress: the findings of the walks exported, or -1 on error. */
static gint64
count_findings (TryggDatabase  *self,
                const char     *walk_id,
                GError        **error)
{
  gint64 count;

  /* ?1 stays NULL, for every walk, when @walk_id is. */
  if (!trygg_database_query_int64 (self, "SELECT count (*) FROM finding WHERE ?1 IS NULL OR walk_id = ?1",
                                   walk_id, &count, error))
    return -1;
  return MAX (count, 1);
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
  g_autoptr(sqlite3_stmt) walks = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *walk_id = NULL;
  g_autofree char *actor_id = NULL;
  gint64 total = 0;
  gboolean ok;
  int rc;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A read transaction gives one consistent snapshot across the queries. */
  if (!trygg_database_exec (self, "BEGIN", error))
    return NULL;
  if (!resolve_filters (self, walk_name, actor_name, &walk_id, &actor_id, error))
    goto fail;

  /* Walk by walk, as the GeoJSON features below: no sort of every row. */
  walks = prepare_walks (self, walk_id, error);
  if (walks == NULL)
    goto fail;
  stmt = trygg_database_prepare (self,
                                 "SELECT f.id, f.number, f.title, f.description, f.category, NULL,"
                                 " f.status, f.priority, f.actor_id, w.name, w.date, f.latitude,"
                                 " f.longitude, f.observed_at, f.updated_at, f.photo_count"
                                 " FROM finding f JOIN walk w ON w.id = f.walk_id"
                                 " WHERE f.walk_id = ?1"
                                 "   AND (?2 IS NULL OR f.actor_id = ?2 OR EXISTS"
                                 "        (SELECT 1 FROM action x WHERE x.finding_id = f.id AND x.actor_id = ?2))"
                                 " ORDER BY f.number",
                                 error);
  if (stmt == NULL)
    goto fail;
  trygg_bind_text (stmt, 2, actor_id);
  /* Progress needs a total; counting is cheap next to the export. */
  if (progress != NULL && (total = count_findings (self, walk_id, error)) < 0)
    goto fail;

  category_names = load_names (self, TRUE, error);
  actor_names = category_names ? load_names (self, FALSE, error) : NULL;
  if (actor_names == NULL)
    goto fail;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  while ((rc = sqlite3_step (walks)) == SQLITE_ROW)
    {
      sqlite3_bind_value (stmt, 1, sqlite3_column_value (walks, 0));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          TryggRecord *record = record_from_row (stmt, category_names, actor_names);

          record->source_index = records->len;
          g_ptr_array_add (records, record);
          g_hash_table_insert (by_id, record->id, record);
          if (progress != NULL && records->len % 1000 == 0)
            progress (MIN (0.8 * records->len / total, 0.8), progress_data);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        break;
    }
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (self, error);
      goto fail;
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

/* GeoJSON features
 *
 * A GeoJSON export of 100,000 findings used to build a TryggRecord and then
 * a json-glib tree per feature: a quarter of its time went to the records,
 * two thirds to the trees and their generator, most of it allocating and
 * freeing. SQLite's JSON functions write each Feature's text in the query
 * itself, escaped by SQLite, and the text goes straight to the file;
 * nothing of the collection is held in memory.
 *
 * The export runs walk by walk, each walk's findings through the
 * UNIQUE (walk_id, number) index: the order of trygg_database_export_records
 * without sorting 100,000 rows of JSON text. A read transaction keeps the
 * walks and their findings one snapshot. */

struct _TryggFeatureCursor
{
  TryggDatabase     *db;
  sqlite3_stmt      *walks;     /* the walks to export, in order */
  sqlite3_stmt      *features;  /* the findings of one walk, as GeoJSON text */
  gboolean           in_walk;   /* features is bound to a walk and not done */
  gboolean           done;
  guint              count;
  gint64             total;     /* for progress: the findings of the walks */
  TryggProgressFunc  progress;
  gpointer           progress_data;
};

/* Members in the order of INTERFACES.md, as the json-glib writer had them.
 * json_object () embeds the result of another JSON function as JSON and
 * quotes everything else. A value that comes through a subquery loses that
 * mark (SQLite keeps it only from function to function and through CASE),
 * so the measures go through json () once more.
 *
 * Reals come out with 15 significant digits (59.00001, where json-glib
 * wrote 59.000010000000003): within a micrometre of the stored coordinate,
 * and the same text again when the file is imported and exported anew.
 *
 * An actor's handout shows the measures of that actor, and all the
 * measures of findings the actor is responsible for. The measures are read
 * through the index on (finding_id, position): json_group_array () takes
 * them in the order they come, which is then checklist order. */
static const char feature_sql[] =
  "SELECT json_object ("
  "  'type', 'Feature',"
  "  'id', f.id,"
  "  'geometry', json_object ('type', 'Point',"
  "                           'coordinates', json_array (f.longitude, f.latitude)),"
  "  'properties', json_object ("
  "    'number', f.number,"
  "    'title', f.title,"
  "    'description', f.description,"
  "    'category', trygg_category_name (c.name, c.builtin),"
  "    'status', f.status,"
  "    'priority', f.priority,"
  "    'actor', a.name,"
  "    'walk', w.name,"
  "    'walk_date', w.date,"
  "    'observed_at', f.observed_at,"
  "    'updated_at', f.updated_at,"
  "    'actions', json ("
  "      (SELECT json_group_array ("
  "                json_object ('text', x.text,"
  "                             'actor', xa.name,"
  "                             'due', x.due,"
  "                             'done', CASE x.done WHEN 1 THEN json ('true') ELSE json ('false') END,"
  "                             'done_at', x.done_at,"
  "                             'comment', nullif (x.comment, '')))"
  "       FROM action x INDEXED BY action_finding"
  "       LEFT JOIN actor xa ON xa.id = x.actor_id"
  "       WHERE x.finding_id = f.id"
  "         AND (?2 IS NULL OR x.actor_id = ?2 OR f.actor_id = ?2))),"
  "    'photos', f.photo_count))"
  " FROM finding f JOIN walk w ON w.id = f.walk_id"
  " LEFT JOIN category c ON c.key = f.category"
  " LEFT JOIN actor a ON a.id = f.actor_id"
  " WHERE f.walk_id = ?1"
  "   AND (?2 IS NULL OR f.actor_id = ?2 OR EXISTS"
  "        (SELECT 1 FROM action x WHERE x.finding_id = f.id AND x.actor_id = ?2))"
  " ORDER BY f.number";

/* trygg_category_name (name, builtin): the name users see. */
static void
category_name_func (sqlite3_context  *context,
                    int               argc,
                    sqlite3_value   **argv)
{
  const char *name = (const char *) sqlite3_value_text (argv[0]);

  if (name == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, trygg_category_display_name (name, sqlite3_value_int (argv[1])),
                         -1, SQLITE_TRANSIENT);
}

TryggFeatureCursor *
trygg_database_export_features (TryggDatabase      *self,
                                const char         *walk_name,
                                const char         *actor_name,
                                TryggProgressFunc   progress,
                                gpointer            progress_data,
                                GError            **error)
{
  g_autoptr(TryggFeatureCursor) cursor = NULL;
  g_autofree char *walk_id = NULL;
  g_autofree char *actor_id = NULL;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Once per connection: defining a function again expires every prepared
   * statement of the connection, and fails while one is running. */
  if (g_object_get_data (G_OBJECT (self), "trygg-category-name-function") == NULL)
    {
      if (sqlite3_create_function_v2 (trygg_database_get_handle (self), "trygg_category_name", 2,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                      category_name_func, NULL, NULL, NULL) != SQLITE_OK)
        {
          trygg_database_set_error (self, error);
          return NULL;
        }
      g_object_set_data (G_OBJECT (self), "trygg-category-name-function", GINT_TO_POINTER (TRUE));
    }
  if (!trygg_database_exec (self, "BEGIN", error))
    return NULL;

  cursor = g_new0 (TryggFeatureCursor, 1);
  cursor->db = g_object_ref (self);
  cursor->progress = progress;
  cursor->progress_data = progress_data;
  if (!resolve_filters (self, walk_name, actor_name, &walk_id, &actor_id, error))
    return NULL;

  cursor->walks = prepare_walks (self, walk_id, error);
  if (cursor->walks == NULL)
    return NULL;
  cursor->features = trygg_database_prepare (self, feature_sql, error);
  if (cursor->features == NULL)
    return NULL;
  trygg_bind_text (cursor->features, 2, actor_id);
  if (progress != NULL && (cursor->total = count_findings (self, walk_id, error)) < 0)
    return NULL;

  return g_steal_pointer (&cursor);
}

const char *
trygg_feature_cursor_next (TryggFeatureCursor  *self,
                           gsize               *out_length,
                           GError             **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (out_length != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  while (!self->done)
    {
      int rc;

      if (self->in_walk)
        {
          rc = sqlite3_step (self->features);
          if (rc == SQLITE_ROW)
            {
              const char *text = (const char *) sqlite3_column_text (self->features, 0);

              *out_length = sqlite3_column_bytes (self->features, 0);
              self->count++;
              if (self->progress != NULL && self->count % 1000 == 0)
                self->progress (MIN ((double) self->count / self->total, 0.99), self->progress_data);
              return text;
            }
          sqlite3_reset (self->features);
          self->in_walk = FALSE;
          if (rc != SQLITE_DONE)
            break;
        }

      rc = sqlite3_step (self->walks);
      if (rc == SQLITE_ROW)
        {
          sqlite3_bind_value (self->features, 1, sqlite3_column_value (self->walks, 0));
          self->in_walk = TRUE;
        }
      else if (rc == SQLITE_DONE)
        {
          self->done = TRUE;
          if (self->progress != NULL)
            self->progress (1.0, self->progress_data);
          return NULL;
        }
      else
        break;
    }

  if (!self->done)
    {
      self->done = TRUE;
      trygg_database_set_error (self->db, error);
    }
  return NULL;
}

guint
trygg_feature_cursor_get_count (TryggFeatureCursor *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->count;
}

void
trygg_feature_cursor_free (TryggFeatureCursor *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->walks, sqlite3_finalize);
  g_clear_pointer (&self->features, sqlite3_finalize);
  /* The read transaction began when the cursor was made. */
  trygg_database_exec (self->db, "COMMIT", NULL);
  g_object_unref (self->db);
  g_free (self);
}
