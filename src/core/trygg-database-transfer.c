/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "trygg-database-private.h"

/* Import and export: the database's side of the file formats. Both work on
 * plain TryggRecords so that they can run in a worker thread on their own
 * TryggDatabase connection. */

typedef struct
{
  TryggDatabase *db;
  GHashTable    *categories;  /* folded key or name → key */
  GHashTable    *actors;      /* folded name → id */
  GHashTable    *walks;       /* name → id */
  char          *import_walk; /* name of the walk for records without one */
  sqlite3_stmt  *find;
  sqlite3_stmt  *number_taken;
  sqlite3_stmt  *next_number;
  sqlite3_stmt  *insert;
  sqlite3_stmt  *update;
  sqlite3_stmt  *delete_actions;
  sqlite3_stmt  *insert_action;
  sqlite3_stmt  *insert_event;
} ImportContext;

static void
import_context_clear (ImportContext *ctx)
{
  g_clear_pointer (&ctx->categories, g_hash_table_unref);
  g_clear_pointer (&ctx->actors, g_hash_table_unref);
  g_clear_pointer (&ctx->walks, g_hash_table_unref);
  g_clear_pointer (&ctx->import_walk, g_free);
  g_clear_pointer (&ctx->find, sqlite3_finalize);
  g_clear_pointer (&ctx->number_taken, sqlite3_finalize);
  g_clear_pointer (&ctx->next_number, sqlite3_finalize);
  g_clear_pointer (&ctx->insert, sqlite3_finalize);
  g_clear_pointer (&ctx->update, sqlite3_finalize);
  g_clear_pointer (&ctx->delete_actions, sqlite3_finalize);
  g_clear_pointer (&ctx->insert_action, sqlite3_finalize);
  g_clear_pointer (&ctx->insert_event, sqlite3_finalize);
}

static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *stripped = g_strstrip (g_strdup (normal ? normal : ""));

  return g_utf8_casefold (stripped, -1);
}

char *
trygg_database_ensure_walk (TryggDatabase  *self,
                            const char     *name,
                            const char     *date,
                            GError        **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *id = NULL;
  g_autofree char *today = NULL;

  find = trygg_database_prepare (self, "SELECT id FROM walk WHERE name = ?1", error);
  if (find == NULL)
    return NULL;
  trygg_bind_text (find, 1, name);
  if (sqlite3_step (find) == SQLITE_ROW)
    return trygg_column_dup (find, 0);

  insert = trygg_database_prepare (self,
                                   "INSERT INTO walk (id, name, date) VALUES (?1, ?2, ?3)",
                                   error);
  if (insert == NULL)
    return NULL;
  id = g_uuid_string_random ();
  if (date == NULL)
    date = today = trygg_today_local ();
  trygg_bind_text (insert, 1, id);
  trygg_bind_text (insert, 2, name);
  trygg_bind_text (insert, 3, date);
  if (!trygg_database_step_done (self, insert, error))
    return NULL;
  return g_steal_pointer (&id);
}

static gboolean
import_context_init (ImportContext  *ctx,
                     TryggDatabase  *db,
                     GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M");

  ctx->db = db;
  ctx->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx->actors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx->walks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Translators: name of the walk that receives imported findings that
   * name no walk; %s is the date and time of the import. */
  ctx->import_walk = g_strdup_printf (_("Import %s"), stamp);

  stmt = trygg_database_prepare (db, "SELECT key, name, builtin FROM category", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      g_hash_table_replace (ctx->categories, fold (key), g_strdup (key));
      g_hash_table_replace (ctx->categories, fold (name), g_strdup (key));
      if (sqlite3_column_int (stmt, 2))
        g_hash_table_replace (ctx->categories, fold (_(name)), g_strdup (key));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = trygg_database_prepare (db, "SELECT id, name FROM actor", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_replace (ctx->actors,
                          fold ((const char *) sqlite3_column_text (stmt, 1)),
                          trygg_column_dup (stmt, 0));

#define PREPARE(field, sql) \
  if ((ctx->field = trygg_database_prepare (db, sql, error)) == NULL) \
    return FALSE;
  PREPARE (find, "SELECT walk_id, number, updated_at FROM finding WHERE id = ?1");
  PREPARE (number_taken, "SELECT id FROM finding WHERE walk_id = ?1 AND number = ?2");
  PREPARE (next_number, "SELECT coalesce (max (number), 0) + 1 FROM finding WHERE walk_id = ?1");
  PREPARE (insert,
           "INSERT INTO finding (id, walk_id, number, title, description, category, status,"
           " priority, actor_id, latitude, longitude, observed_at, updated_at)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce (?7, 'new'), coalesce (?8, 'medium'),"
           " ?9, ?10, ?11, ?12, ?13)");
  PREPARE (update,
           "UPDATE finding SET walk_id = ?2, number = ?3, title = ?4, description = ?5,"
           " category = ?6, status = coalesce (?7, status), priority = coalesce (?8, priority),"
           " actor_id = ?9, latitude = ?10, longitude = ?11, observed_at = ?12, updated_at = ?13"
           " WHERE id = ?1");
  PREPARE (delete_actions, "DELETE FROM action WHERE finding_id = ?1");
  PREPARE (insert_action,
           "INSERT INTO action (id, finding_id, position, text, actor_id, due, done, done_at, comment)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce (?9, ''))");
  PREPARE (insert_event,
           "INSERT INTO event (finding_id, at, kind, new_value) VALUES (?1, ?2, ?3, ?4)");
#undef PREPARE

  return TRUE;
}

static void
set_record_error (GError            **error,
                  const TryggRecord  *record,
                  const char         *reason)
{
  g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID,
               /* Translators: %u is the feature index or line in the file,
                * the second %s says what is wrong with it. */
               _("Finding %u in the file could not be imported: %s. Nothing "
                 "was imported; correct the file and try again."),
               record->source_index, reason);
}

static gboolean
text_ok (const char *text)
{
  return text == NULL || g_utf8_validate (text, -1, NULL);
}

static gboolean
validate_record (const TryggRecord  *record,
                 GError            **error)
{
  g_autofree char *reason = NULL;

  if (!isfinite (record->latitude) || record->latitude < -90 || record->latitude > 90)
    reason = g_strdup_printf (_("the latitude %g is outside −90 to 90"), record->latitude);
  else if (!isfinite (record->longitude) || record->longitude < -180 || record->longitude > 180)
    reason = g_strdup_printf (_("the longitude %g is outside −180 to 180"), record->longitude);
  else if (!text_ok (record->id) || !text_ok (record->title) || !text_ok (record->description) ||
           !text_ok (record->category) || !text_ok (record->actor) || !text_ok (record->walk) ||
           !text_ok (record->walk_date))
    reason = g_strdup (_("a text is not valid UTF-8"));
  else if (record->walk_date != NULL && !trygg_date_is_valid (record->walk_date))
    reason = g_strdup_printf (_("the walk date “%s” is not a date like 2026-11-27"), record->walk_date);
  else if ((record->observed_at != NULL && !trygg_timestamp_is_valid (record->observed_at)) ||
           (record->updated_at != NULL && !trygg_timestamp_is_valid (record->updated_at)))
    reason = g_strdup (_("a time is not in ISO 8601 form like 2026-11-27T18:30:00Z"));
  else if (record->number < 0)
    reason = g_strdup_printf (_("the number %lld is negative"), (long long) record->number);

  for (guint i = 0; reason == NULL && record->actions != NULL && i < record->actions->len; i++)
    {
      const TryggRecordAction *action = g_ptr_array_index (record->actions, i);

      if (!text_ok (action->text) || !text_ok (action->actor) || !text_ok (action->comment) ||
          !text_ok (action->due) || !text_ok (action->done_at))
        reason = g_strdup (_("a text is not valid UTF-8"));
      else if (action->due != NULL && !trygg_date_is_valid (action->due))
        reason = g_strdup_printf (_("the due date “%s” is not a date like 2026-11-27"), action->due);
      else if (action->done_at != NULL && !trygg_timestamp_is_valid (action->done_at))
        reason = g_strdup (_("a time is not in ISO 8601 form like 2026-11-27T18:30:00Z"));
    }

  if (reason != NULL)
    {
      set_record_error (error, record, reason);
      return FALSE;
    }
  return TRUE;
}

/* Sets *out_key to the category's key (owned by the context), or NULL when
 * the record names none; an unknown name becomes a new user category. */
static gboolean
lookup_category (ImportContext  *ctx,
                 const char     *name,
                 const char    **out_key,
                 GError        **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *folded = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *key = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;

  *out_key = NULL;
  if (*trimmed == '\0')
    return TRUE;

  folded = fold (trimmed);
  *out_key = g_hash_table_lookup (ctx->categories, folded);
  if (*out_key != NULL)
    return TRUE;

  insert = trygg_database_prepare (ctx->db,
                                   "INSERT INTO category (key, name, builtin) VALUES (?1, ?2, 0)",
                                   error);
  if (insert == NULL)
    return FALSE;
  uuid = g_uuid_string_random ();
  key = g_strconcat ("user-", uuid, NULL);
  trygg_bind_text (insert, 1, key);
  trygg_bind_text (insert, 2, trimmed);
  if (!trygg_database_step_done (ctx->db, insert, error))
    return FALSE;
  g_hash_table_replace (ctx->categories, fold (key), g_strdup (key));
  *out_key = key;  /* the table owns it from the next line on */
  g_hash_table_replace (ctx->categories, g_steal_pointer (&folded), g_steal_pointer (&key));
  return TRUE;
}

static gboolean
lookup_actor (ImportContext  *ctx,
              const char     *name,
              const char    **out_id,
              GError        **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *folded = NULL;
  g_autofree char *id = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;

  *out_id = NULL;
  if (*trimmed == '\0')
    return TRUE;

  folded = fold (trimmed);
  *out_id = g_hash_table_lookup (ctx->actors, folded);
  if (*out_id != NULL)
    return TRUE;

  insert = trygg_database_prepare (ctx->db, "INSERT INTO actor (id, name) VALUES (?1, ?2)", error);
  if (insert == NULL)
    return FALSE;
  id = g_uuid_string_random ();
  trygg_bind_text (insert, 1, id);
  trygg_bind_text (insert, 2, trimmed);
  if (!trygg_database_step_done (ctx->db, insert, error))
    return FALSE;
  *out_id = id;  /* the table owns it from the next line on */
  g_hash_table_replace (ctx->actors, g_steal_pointer (&folded), g_steal_pointer (&id));
  return TRUE;
}

static const char *
lookup_walk (ImportContext  *ctx,
             const char     *name,
             const char     *date,
             GError        **error)
{
  const char *id = g_hash_table_lookup (ctx->walks, name);
  char *new_id;

  if (id != NULL)
    return id;
  new_id = trygg_database_ensure_walk (ctx->db, name, date, error);
  if (new_id == NULL)
    return NULL;
  g_hash_table_replace (ctx->walks, g_strdup (name), new_id);
  return new_id;
}

/* Keeps @wanted when it is free in the walk (or already this finding's),
 * else the next number after the walk's highest. */
static gint64
choose_number (ImportContext *ctx,
               const char    *walk_id,
               const char    *finding_id,
               gint64         wanted)
{
  gint64 number = 0;
  gboolean free_number = FALSE;

  if (wanted > 0)
    {
      trygg_bind_text (ctx->number_taken, 1, walk_id);
      sqlite3_bind_int64 (ctx->number_taken, 2, wanted);
      if (sqlite3_step (ctx->number_taken) != SQLITE_ROW)
        free_number = TRUE;
      else
        free_number = g_strcmp0 ((const char *) sqlite3_column_text (ctx->number_taken, 0),
                                 finding_id) == 0;
      sqlite3_reset (ctx->number_taken);
      if (free_number)
        return wanted;
    }

  trygg_bind_text (ctx->next_number, 1, walk_id);
  if (sqlite3_step (ctx->next_number) == SQLITE_ROW)
    number = sqlite3_column_int64 (ctx->next_number, 0);
  sqlite3_reset (ctx->next_number);
  return number;
}

static gboolean
is_newer (const char *candidate,
          const char *current)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;

  if (candidate == NULL)
    return FALSE;
  a = g_date_time_new_from_iso8601 (candidate, utc);
  b = current != NULL ? g_date_time_new_from_iso8601 (current, utc) : NULL;
  if (a == NULL)
    return FALSE;
  return b == NULL || g_date_time_compare (a, b) > 0;
}

static gboolean
write_actions (ImportContext      *ctx,
               const char         *finding_id,
               const TryggRecord  *record,
               GError            **error)
{
  trygg_bind_text (ctx->delete_actions, 1, finding_id);
  if (!trygg_database_step_done (ctx->db, ctx->delete_actions, error))
    return FALSE;

  for (guint i = 0; record->actions != NULL && i < record->actions->len; i++)
    {
      const TryggRecordAction *action = g_ptr_array_index (record->actions, i);
      g_autofree char *id = g_uuid_string_random ();
      const char *actor_id = NULL;

      if (!lookup_actor (ctx, action->actor, &actor_id, error))
        return FALSE;
      trygg_bind_text (ctx->insert_action, 1, id);
      trygg_bind_text (ctx->insert_action, 2, finding_id);
      sqlite3_bind_int (ctx->insert_action, 3, i);
      trygg_bind_text (ctx->insert_action, 4, action->text ? action->text : "");
      trygg_bind_text (ctx->insert_action, 5, actor_id);
      trygg_bind_text (ctx->insert_action, 6, action->due);
      sqlite3_bind_int (ctx->insert_action, 7, action->done ? 1 : 0);
      trygg_bind_text (ctx->insert_action, 8, action->done_at);
      trygg_bind_text (ctx->insert_action, 9, action->comment);
      if (!trygg_database_step_done (ctx->db, ctx->insert_action, error))
        return FALSE;
    }
  return TRUE;
}

typedef enum { OUTCOME_ADDED, OUTCOME_UPDATED, OUTCOME_UNCHANGED } Outcome;

static gboolean
import_one (ImportContext      *ctx,
            const TryggRecord  *record,
            const char         *walk_name,
            const char         *now,
            Outcome            *outcome,
            GError            **error)
{
  g_autofree char *new_id = NULL;
  g_autofree char *existing_walk = NULL;
  g_autofree char *existing_updated = NULL;
  const char *id = record->id;
  const char *walk_id, *category = NULL, *actor_id = NULL;
  gint64 existing_number = 0, number;
  gboolean exists = FALSE;
  sqlite3_stmt *stmt;

  if (!validate_record (record, error))
    return FALSE;

  /* Ids from other tools (QGIS feature numbers, …) are not ours to keep. */
  if (id == NULL || !g_uuid_string_is_valid (id))
    id = new_id = g_uuid_string_random ();
  else
    {
      trygg_bind_text (ctx->find, 1, id);
      if (sqlite3_step (ctx->find) == SQLITE_ROW)
        {
          exists = TRUE;
          existing_walk = trygg_column_dup (ctx->find, 0);
          existing_number = sqlite3_column_int64 (ctx->find, 1);
          existing_updated = trygg_column_dup (ctx->find, 2);
        }
      sqlite3_reset (ctx->find);
    }

  if (exists && !is_newer (record->updated_at, existing_updated))
    {
      *outcome = OUTCOME_UNCHANGED;
      return TRUE;
    }

  if (walk_name != NULL)
    walk_id = lookup_walk (ctx, walk_name, record->walk_date, error);
  else if (record->walk != NULL && *record->walk != '\0')
    walk_id = lookup_walk (ctx, record->walk, record->walk_date, error);
  else
    walk_id = lookup_walk (ctx, ctx->import_walk, NULL, error);
  if (walk_id == NULL)
    return FALSE;

  if (!lookup_category (ctx, record->category, &category, error) ||
      !lookup_actor (ctx, record->actor, &actor_id, error))
    return FALSE;

  number = choose_number (ctx, walk_id, id,
                          record->number > 0 ? record->number :
                          g_strcmp0 (existing_walk, walk_id) == 0 ? existing_number : 0);

  stmt = exists ? ctx->update : ctx->insert;
  trygg_bind_text (stmt, 1, id);
  trygg_bind_text (stmt, 2, walk_id);
  sqlite3_bind_int64 (stmt, 3, number);
  trygg_bind_text (stmt, 4, record->title ? record->title : "");
  trygg_bind_text (stmt, 5, record->description ? record->description : "");
  trygg_bind_text (stmt, 6, category);
  trygg_bind_text (stmt, 7, record->has_status ? trygg_status_to_key (record->status) : NULL);
  trygg_bind_text (stmt, 8, record->has_priority ? trygg_priority_to_key (record->priority) : NULL);
  trygg_bind_text (stmt, 9, actor_id);
  sqlite3_bind_double (stmt, 10, record->latitude);
  sqlite3_bind_double (stmt, 11, record->longitude);
  trygg_bind_text (stmt, 12, record->observed_at ? record->observed_at : now);
  trygg_bind_text (stmt, 13, record->updated_at ? record->updated_at : now);
  if (!trygg_database_step_done (ctx->db, stmt, error))
    return FALSE;

  /* A file without a checklist (CSV has none) says nothing about the
   * measures: updating the finding must not throw its checklist away. */
  if ((record->has_actions || !exists) && !write_actions (ctx, id, record, error))
    return FALSE;

  trygg_bind_text (ctx->insert_event, 1, id);
  trygg_bind_text (ctx->insert_event, 2, now);
  trygg_bind_text (ctx->insert_event, 3, exists ? "imported" : "created");
  trygg_bind_text (ctx->insert_event, 4, record->updated_at);
  if (!trygg_database_step_done (ctx->db, ctx->insert_event, error))
    return FALSE;

  *outcome = exists ? OUTCOME_UPDATED : OUTCOME_ADDED;
  return TRUE;
}

gboolean
trygg_database_import_records (TryggDatabase      *self,
                               GPtrArray          *records,
                               const char         *walk_name,
                               TryggProgressFunc   progress,
                               gpointer            progress_data,
                               TryggImportResult  *result,
                               GError            **error)
{
  ImportContext ctx = { 0 };
  TryggImportResult counts = { 0 };
  g_autofree char *now = trygg_timestamp_now ();
  g_autofree char *walk = NULL;
  guint step;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (walk_name != NULL)
    {
      walk = g_strstrip (g_strdup (walk_name));
      if (*walk == '\0' || !g_utf8_validate (walk, -1, NULL))
        g_clear_pointer (&walk, g_free);
    }

  if (!trygg_database_begin (self, error))
    return FALSE;
  if (!import_context_init (&ctx, self, error))
    goto fail;

  step = MAX (records->len / 100, 1);
  for (guint i = 0; i < records->len; i++)
    {
      Outcome outcome;

      const TryggRecord *record = g_ptr_array_index (records, i);

      if (!import_one (&ctx, record, walk, now, &outcome, error))
        {
          if (error != NULL && (*error)->code == TRYGG_DATABASE_ERROR_FAILED)
            g_prefix_error (error, _("Finding %u in the file: "), record->source_index);
          goto fail;
        }
      if (outcome == OUTCOME_ADDED)
        counts.added++;
      else if (outcome == OUTCOME_UPDATED)
        counts.updated++;
      else
        counts.unchanged++;
      if (progress != NULL && (i + 1) % step == 0)
        progress ((double) (i + 1) / records->len, progress_data);
    }

  import_context_clear (&ctx);
  if (!trygg_database_commit (self, error))
    return FALSE;
  if (progress != NULL)
    progress (1.0, progress_data);
  if (result != NULL)
    *result = counts;
  return TRUE;

fail:
  import_context_clear (&ctx);
  trygg_database_rollback (self);
  return FALSE;
}

gboolean
trygg_database_set_walk_route (TryggDatabase     *self,
                               const char        *walk_name,
                               const TryggRoute  *route,
                               GError           **error)
{
  g_autoptr(sqlite3_stmt) rename = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *walk_id = NULL;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (walk_name != NULL, FALSE);
  g_return_val_if_fail (route != NULL, FALSE);

  for (guint i = 0; i < route->points->len; i++)
    {
      const TryggRoutePoint *point = &g_array_index (route->points, TryggRoutePoint, i);

      if (!isfinite (point->latitude) || fabs (point->latitude) > 90 ||
          !isfinite (point->longitude) || fabs (point->longitude) > 180)
        {
          g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID,
                       _("Point %u of the route lies outside the valid "
                         "coordinates. The route was not saved."), i + 1);
          return FALSE;
        }
    }

  if (!trygg_database_begin (self, error))
    return FALSE;
  walk_id = trygg_database_ensure_walk (self, walk_name, NULL, error);
  if (walk_id == NULL)
    goto fail;
  rename = trygg_database_prepare (self, "UPDATE walk SET route_name = ?2 WHERE id = ?1", error);
  if (rename == NULL)
    goto fail;
  trygg_bind_text (rename, 1, walk_id);
  trygg_bind_text (rename, 2, route->name);
  if (!trygg_database_step_done (self, rename, error))
    goto fail;
  clear = trygg_database_prepare (self, "DELETE FROM route_point WHERE walk_id = ?1", error);
  insert = clear ? trygg_database_prepare (self,
                                           "INSERT INTO route_point (walk_id, seq, latitude, longitude)"
                                           " VALUES (?1, ?2, ?3, ?4)", error) : NULL;
  if (insert == NULL)
    goto fail;
  trygg_bind_text (clear, 1, walk_id);
  if (!trygg_database_step_done (self, clear, error))
    goto fail;
  for (guint i = 0; i < route->points->len; i++)
    {
      const TryggRoutePoint *point = &g_array_index (route->points, TryggRoutePoint, i);

      trygg_bind_text (insert, 1, walk_id);
      sqlite3_bind_int (insert, 2, i);
      sqlite3_bind_double (insert, 3, point->latitude);
      sqlite3_bind_double (insert, 4, point->longitude);
      if (!trygg_database_step_done (self, insert, error))
        goto fail;
    }
  return trygg_database_commit (self, error);

fail:
  trygg_database_rollback (self);
  return FALSE;
}
