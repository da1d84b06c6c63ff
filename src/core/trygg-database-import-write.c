/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "trygg-database-import.h"

/* Writing an import's outcome, inside the import's transaction.
 *
 * The states go into TEMP tables first (no triggers, no indexes: one cheap
 * statement per row), then each real table gets one set-based statement.
 *
 * Two triggers would do per row what the import does better per table, so
 * they are set aside while it writes and made again from their own SQL
 * before the transaction ends:
 *  - the measure counts': it rewrote the finding row once per measure,
 *    while the import knows each finding's counts before it writes the row;
 *  - the R*Tree's: the new findings' boxes go in with one statement.
 *
 * A large import into a smaller database also sets aside the plain indexes
 * of the tables it fills and builds them again at the end: a sort of every
 * row is cheaper than an insert into every index for each row, with keys
 * (UUIDs) that land on a random page each time.
 *
 * All of this is DDL inside the transaction: a failure or a kill rolls it
 * back with the rest, and other connections see the schema unchanged. */

/* Triggers that the writer does the work of, and the indexes a bulk
 * import builds again (unique ones are the constraints' own, sql IS NULL,
 * and stay). */
#define SET_ASIDE_TRIGGERS \
  "type = 'trigger' AND name IN ('action_count_insert', 'finding_location_insert')"
#define SET_ASIDE_INDEXES \
  "type = 'index' AND sql IS NOT NULL AND tbl_name IN ('finding', 'action', 'event')"

static guint bulk_threshold = 5000;

void
trygg_import_set_bulk_threshold (guint threshold)
{
  bulk_threshold = threshold;
}

static gboolean
is_bulk (guint  n_new,
         gint64 n_stored)
{
  return n_new >= bulk_threshold && n_new >= n_stored / 2;
}

gboolean
trygg_import_is_large (TryggDatabase *db,
                       guint          n_records)
{
  gint64 n_stored;

  return n_records >= bulk_threshold &&
         trygg_database_query_int64 (db, "SELECT count (*) FROM finding", NULL, &n_stored, NULL) &&
         is_bulk (n_records, n_stored);
}

static const char stage_sql[] =
  "CREATE TEMP TABLE import_finding (\n"
  "  seq INTEGER PRIMARY KEY, rid INTEGER, id TEXT, in_db INTEGER, moved INTEGER,\n"
  "  new_actions INTEGER, walk_id TEXT, number INTEGER, title TEXT, description TEXT,\n"
  "  category TEXT, status TEXT, priority TEXT, actor_id TEXT, latitude REAL, longitude REAL,\n"
  "  observed_at TEXT, updated_at TEXT, actions_total INTEGER, actions_done INTEGER,\n"
  "  next_due TEXT);\n"
  "CREATE TEMP TABLE import_action (\n"
  "  id TEXT, finding_id TEXT, position INTEGER, text TEXT, actor_id TEXT, due TEXT,\n"
  "  done INTEGER, done_at TEXT, comment TEXT);\n"
  "CREATE TEMP TABLE import_event (finding_id TEXT, at TEXT, kind TEXT, new_value TEXT);\n";

/* Stored findings that move to another (walk, number) are first parked on
 * numbers no walk uses, so that no two rows collide in between: the
 * outcome is free of collisions, the order in which one UPDATE visits the
 * rows is not. The triggers on updates and deletes stay: they keep the
 * R*Tree and the counts of the stored findings. */
static const char update_sql[] =
  "UPDATE finding SET number = rid + 4503599627370496"
  " WHERE id IN (SELECT id FROM temp.import_finding WHERE moved);\n"
  "UPDATE finding SET walk_id = s.walk_id, number = s.number, title = s.title,"
  " description = s.description, category = s.category,"
  " status = coalesce (s.status, finding.status), priority = coalesce (s.priority, finding.priority),"
  " actor_id = s.actor_id, latitude = s.latitude, longitude = s.longitude,"
  " observed_at = s.observed_at, updated_at = s.updated_at"
  " FROM temp.import_finding s WHERE s.in_db AND finding.id = s.id;\n"
  "DELETE FROM action WHERE finding_id IN"
  " (SELECT id FROM temp.import_finding WHERE in_db AND new_actions);\n";

/* Where every finding will be once the new ones are in: for the R*Tree of
 * a bulk import, started before they are. */
static const char points_sql[] =
  "SELECT rid, latitude, longitude FROM main.finding"
  " UNION ALL SELECT rid, latitude, longitude FROM temp.import_finding WHERE NOT in_db";

/* With the triggers set aside. Findings first: the R*Tree is filled from
 * them. */
static const char insert_findings_sql[] =
  "INSERT INTO finding (rid, id, walk_id, number, title, description, category, status, priority,"
  " actor_id, latitude, longitude, observed_at, updated_at, actions_total, actions_done, next_due)"
  " SELECT rid, id, walk_id, number, title, description, category, coalesce (status, 'new'),"
  " coalesce (priority, 'medium'), actor_id, latitude, longitude, observed_at, updated_at,"
  " actions_total, actions_done, next_due"
  " FROM temp.import_finding WHERE NOT in_db ORDER BY seq";

static const char * const insert_rest_sql[] = {
  "INSERT INTO action (id, finding_id, position, text, actor_id, due, done, done_at, comment)"
  " SELECT id, finding_id, position, text, actor_id, due, done, done_at, comment"
  " FROM temp.import_action ORDER BY rowid",
  "UPDATE finding SET actions_total = s.actions_total, actions_done = s.actions_done,"
  " next_due = s.next_due"
  " FROM temp.import_finding s WHERE s.in_db AND s.new_actions AND finding.id = s.id",
  "INSERT INTO event (finding_id, at, kind, new_value)"
  " SELECT finding_id, at, kind, new_value FROM temp.import_event ORDER BY rowid",
};

static const char drop_stage_sql[] =
  "DROP TABLE temp.import_finding;\n"
  "DROP TABLE temp.import_action;\n"
  "DROP TABLE temp.import_event;\n";

typedef struct
{
  guint       total;
  guint       done;
  const char *next_due;  /* earliest due date of the undone ones */
} Counts;

/* Stages the measures of @state, which replace the stored ones, and
 * counts them as the count trigger would have. */
static gboolean
stage_actions (ImportContext       *ctx,
               sqlite3_stmt        *insert,
               const FindingState  *state,
               Counts              *counts,
               GError             **error)
{
  const TryggRecord *record = state->actions;

  for (guint i = 0; record->actions != NULL && i < record->actions->len; i++)
    {
      const TryggRecordAction *action = g_ptr_array_index (record->actions, i);
      g_autofree char *id = g_uuid_string_random ();
      const char *actor_id = NULL;

      if (!trygg_import_lookup_actor (ctx, action->actor, &actor_id, error))
        return FALSE;
      sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, state->id, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 3, i);
      sqlite3_bind_text (insert, 4, action->text ? action->text : "", -1, SQLITE_STATIC);
      trygg_bind_text (insert, 5, actor_id);
      trygg_bind_text (insert, 6, action->due);
      sqlite3_bind_int (insert, 7, action->done ? 1 : 0);
      trygg_bind_text (insert, 8, action->done_at);
      sqlite3_bind_text (insert, 9, action->comment ? action->comment : "", -1, SQLITE_STATIC);
      if (!trygg_database_step_done (ctx->db, insert, error))
        return FALSE;

      counts->total++;
      if (action->done)
        counts->done++;
      else if (action->due != NULL &&
               (counts->next_due == NULL || strcmp (action->due, counts->next_due) < 0))
        counts->next_due = action->due;
    }
  return TRUE;
}

/* New findings get the rids after @last_rid, in the order of the file. */
static gboolean
stage_findings (ImportContext      *ctx,
                const char         *now,
                gint64              last_rid,
                guint              *n_new,
                TryggProgressFunc   progress,
                gpointer            progress_data,
                GError            **error)
{
  g_autoptr(sqlite3_stmt) finding = NULL;
  g_autoptr(sqlite3_stmt) action = NULL;
  guint n = ctx->changed->len;

  finding = trygg_database_prepare (ctx->db,
                                    "INSERT INTO temp.import_finding VALUES (?1, ?21, ?2, ?3, ?4,"
                                    " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                                    " ?18, ?19, ?20)",
                                    error);
  action = finding ? trygg_database_prepare (ctx->db,
                                             "INSERT INTO temp.import_action VALUES (?1, ?2, ?3,"
                                             " ?4, ?5, ?6, ?7, ?8, ?9)", error) : NULL;
  if (action == NULL)
    return FALSE;

  *n_new = 0;
  for (guint i = 0; i < n; i++)
    {
      const FindingState *state = g_ptr_array_index (ctx->changed, i);
      const TryggRecord *record = state->record;
      Counts counts = { 0 };

      if (state->actions != NULL && !stage_actions (ctx, action, state, &counts, error))
        return FALSE;
      if (state->in_db)
        sqlite3_bind_null (finding, 21);
      else
        sqlite3_bind_int64 (finding, 21, last_rid + ++(*n_new));

      sqlite3_bind_int64 (finding, 1, state->seq);
      sqlite3_bind_text (finding, 2, state->id, -1, SQLITE_STATIC);
      sqlite3_bind_int (finding, 3, state->in_db);
      sqlite3_bind_int (finding, 4, state->in_db && (state->number != state->db_number ||
                                                     strcmp (state->walk_id, state->db_walk_id) != 0));
      sqlite3_bind_int (finding, 5, state->actions != NULL);
      sqlite3_bind_text (finding, 6, state->walk_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (finding, 7, state->number);
      sqlite3_bind_text (finding, 8, record->title ? record->title : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (finding, 9, record->description ? record->description : "", -1, SQLITE_STATIC);
      trygg_bind_text (finding, 10, state->category);
      trygg_bind_text (finding, 11, state->status);
      trygg_bind_text (finding, 12, state->priority);
      trygg_bind_text (finding, 13, state->actor_id);
      sqlite3_bind_double (finding, 14, record->latitude);
      sqlite3_bind_double (finding, 15, record->longitude);
      sqlite3_bind_text (finding, 16, record->observed_at ? record->observed_at : now, -1, SQLITE_STATIC);
      sqlite3_bind_text (finding, 17, state->updated_at, -1, SQLITE_STATIC);
      sqlite3_bind_int (finding, 18, counts.total);
      sqlite3_bind_int (finding, 19, counts.done);
      trygg_bind_text (finding, 20, counts.next_due);
      if (!trygg_database_step_done (ctx->db, finding, error))
        return FALSE;
      if (progress != NULL && (i + 1) % 1000 == 0)
        progress (0.3 + 0.2 * (i + 1) / n, progress_data);
    }
  return TRUE;
}

static gboolean
stage_events (ImportContext  *ctx,
              const char     *now,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) event = NULL;

  event = trygg_database_prepare (ctx->db, "INSERT INTO temp.import_event VALUES (?1, ?2, ?3, ?4)",
                                  error);
  if (event == NULL)
    return FALSE;
  for (guint i = 0; i < ctx->events->len; i++)
    {
      const ImportEvent *e = &g_array_index (ctx->events, ImportEvent, i);

      sqlite3_bind_text (event, 1, e->finding_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (event, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (event, 3, e->kind, -1, SQLITE_STATIC);
      trygg_bind_text (event, 4, e->updated_at);
      if (!trygg_database_step_done (ctx->db, event, error))
        return FALSE;
    }
  return TRUE;
}

/* Drops the schema objects that @where selects and returns the SQL that
 * makes them again, as the migrations wrote it. */
static GPtrArray *
set_aside (TryggDatabase  *db,
           const char     *where,
           GError        **error)
{
  g_autofree char *query = g_strconcat ("SELECT type, name, sql FROM main.sqlite_schema WHERE ",
                                        where, NULL);
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (db, query, error);
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (sqlite3_free);
  g_autoptr(GPtrArray) creates = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (drops, sqlite3_mprintf ("DROP %s main.\"%w\"",
                                               g_str_equal (sqlite3_column_text (stmt, 0), "index")
                                               ? "INDEX" : "TRIGGER",
                                               sqlite3_column_text (stmt, 1)));
      g_ptr_array_add (creates, trygg_column_dup (stmt, 2));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  for (guint i = 0; i < drops->len; i++)
    if (!trygg_database_exec (db, g_ptr_array_index (drops, i), error))
      return NULL;
  return g_steal_pointer (&creates);
}

static gboolean
put_back (TryggDatabase  *db,
          GPtrArray      *creates,
          GError        **error)
{
  for (guint i = 0; i < creates->len; i++)
    if (!trygg_database_exec (db, g_ptr_array_index (creates, i), error))
      return FALSE;
  return TRUE;
}

gboolean
trygg_import_write (ImportContext      *ctx,
                    const char         *now,
                    TryggProgressFunc   progress,
                    gpointer            progress_data,
                    GError            **error)
{
  g_autoptr(GPtrArray) triggers = NULL;
  g_autoptr(GPtrArray) indexes = NULL;
  g_autoptr(TryggRtreeBuild) rtree = NULL;
  gint64 n_stored, last_rid;
  guint n_new;

  if (!trygg_database_query_int64 (ctx->db, "SELECT count (*) FROM finding", NULL, &n_stored, error) ||
      !trygg_database_query_int64 (ctx->db, "SELECT coalesce (max (rid), 0) FROM finding", NULL,
                                   &last_rid, error) ||
      !trygg_database_exec (ctx->db, stage_sql, error) ||
      !stage_findings (ctx, now, last_rid, &n_new, progress, progress_data, error) ||
      !stage_events (ctx, now, error) ||
      !trygg_database_exec (ctx->db, update_sql, error))
    return FALSE;
  if (progress != NULL)
    progress (0.55, progress_data);

  if ((triggers = set_aside (ctx->db, SET_ASIDE_TRIGGERS, error)) == NULL)
    return FALSE;
  if (is_bulk (n_new, n_stored) &&
      (indexes = set_aside (ctx->db, SET_ASIDE_INDEXES, error)) == NULL)
    return FALSE;

  /* A bulk import builds the whole R*Tree again on another core while
   * this one writes the rest; others add the new findings to it. */
  if (indexes != NULL &&
      (rtree = trygg_import_rtree_start (ctx->db, points_sql, error)) == NULL)
    return FALSE;
  if (!trygg_database_exec (ctx->db, insert_findings_sql, error) ||
      (rtree == NULL && !trygg_import_rtree_fill (ctx->db, last_rid, error)))
    return FALSE;
  if (progress != NULL)
    progress (0.65, progress_data);

  for (guint i = 0; i < G_N_ELEMENTS (insert_rest_sql); i++)
    {
      if (!trygg_database_exec (ctx->db, insert_rest_sql[i], error))
        return FALSE;
      if (progress != NULL)
        progress (0.65 + 0.2 * (i + 1) / G_N_ELEMENTS (insert_rest_sql), progress_data);
    }

  if ((indexes != NULL && !put_back (ctx->db, indexes, error)) ||
      (rtree != NULL && !trygg_import_rtree_finish (ctx->db, g_steal_pointer (&rtree), last_rid,
                                                    error)) ||
      !put_back (ctx->db, triggers, error))
    return FALSE;
  if (progress != NULL)
    progress (0.95, progress_data);
  return trygg_database_exec (ctx->db, drop_stage_sql, error);
}
