/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "trygg-database-import.h"

/* Writing an import's outcome, inside the import's transaction.
 *
 * New findings, all measures and the history go straight into their
 * tables, one prepared statement per row. Stored findings that change go
 * into a TEMP table first (no triggers, no indexes), so that one UPDATE
 * can move and rewrite them all.
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

/* The stored findings that change. */
static const char stage_sql[] =
  "CREATE TEMP TABLE import_finding (\n"
  "  id TEXT, moved INTEGER, new_actions INTEGER, walk_id TEXT, number INTEGER, title TEXT,\n"
  "  description TEXT, category TEXT, status TEXT, priority TEXT, actor_id TEXT, latitude REAL,\n"
  "  longitude REAL, observed_at TEXT, updated_at TEXT, actions_total INTEGER,\n"
  "  actions_done INTEGER, next_due TEXT)";

/* Stored findings that move to another (walk, number) are first parked on
 * numbers no walk uses, so that no two rows collide in between: the
 * outcome is free of collisions, the order in which one UPDATE visits the
 * rows is not. The triggers on updates and deletes stay: they keep the
 * R*Tree and the counts of the stored findings. The counts of those that
 * get new measures are written after the measures. */
static const char update_sql[] =
  "UPDATE finding SET number = rid + 4503599627370496"
  " WHERE id IN (SELECT id FROM temp.import_finding WHERE moved);\n"
  "UPDATE finding SET walk_id = s.walk_id, number = s.number, title = s.title,"
  " description = s.description, category = s.category,"
  " status = coalesce (s.status, finding.status), priority = coalesce (s.priority, finding.priority),"
  " actor_id = s.actor_id, latitude = s.latitude, longitude = s.longitude,"
  " observed_at = s.observed_at, updated_at = s.updated_at"
  " FROM temp.import_finding s WHERE finding.id = s.id;\n"
  "DELETE FROM action WHERE finding_id IN"
  " (SELECT id FROM temp.import_finding WHERE new_actions);\n";

static const char update_counts_sql[] =
  "UPDATE finding SET actions_total = s.actions_total, actions_done = s.actions_done,"
  " next_due = s.next_due"
  " FROM temp.import_finding s WHERE s.new_actions AND finding.id = s.id";

typedef struct
{
  guint       total;
  guint       done;
  const char *next_due;  /* earliest due date of the undone ones */
} Counts;

/* Counts the measures that replace the stored ones of @state (none when
 * it keeps them), as the count trigger would have. */
static Counts
count_actions (const FindingState *state)
{
  const GPtrArray *actions = state->actions != NULL ? state->actions->actions : NULL;
  Counts counts = { 0 };

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      const TryggRecordAction *action = g_ptr_array_index (actions, i);

      counts.total++;
      if (action->done)
        counts.done++;
      else if (action->due != NULL &&
               (counts.next_due == NULL || strcmp (action->due, counts.next_due) < 0))
        counts.next_due = action->due;
    }
  return counts;
}

/* Binds what a finding row holds from @state, from ?@first on: walk_id,
 * number, title, description, category, status, priority, actor_id,
 * latitude, longitude, observed_at, updated_at, actions_total,
 * actions_done, next_due. A NULL status or priority keeps the stored one,
 * or is the default for a new finding. */
static void
bind_finding (sqlite3_stmt       *stmt,
              int                 first,
              const FindingState *state,
              const char         *now)
{
  const TryggRecord *record = state->record;
  Counts counts = count_actions (state);

  sqlite3_bind_text (stmt, first, state->walk_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, first + 1, state->number);
  sqlite3_bind_text (stmt, first + 2, record->title ? record->title : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 3, record->description ? record->description : "", -1,
                     SQLITE_STATIC);
  trygg_bind_text (stmt, first + 4, state->category);
  trygg_bind_text (stmt, first + 5, state->status);
  trygg_bind_text (stmt, first + 6, state->priority);
  trygg_bind_text (stmt, first + 7, state->actor_id);
  sqlite3_bind_double (stmt, first + 8, record->latitude);
  sqlite3_bind_double (stmt, first + 9, record->longitude);
  sqlite3_bind_text (stmt, first + 10, record->observed_at ? record->observed_at : now, -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 11, state->updated_at, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, first + 12, counts.total);
  sqlite3_bind_int (stmt, first + 13, counts.done);
  trygg_bind_text (stmt, first + 14, counts.next_due);
}

/* The stored findings that change, into the TEMP table. */
static gboolean
stage_stored (ImportContext  *ctx,
              const char     *now,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stage = NULL;

  stage = trygg_database_prepare (ctx->db,
                                  "INSERT INTO temp.import_finding VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                                  " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                                  error);
  if (stage == NULL)
    return FALSE;
  for (guint i = 0; i < ctx->changed->len; i++)
    {
      const FindingState *state = g_ptr_array_index (ctx->changed, i);

      if (!state->in_db)
        continue;
      sqlite3_bind_text (stage, 1, state->id, -1, SQLITE_STATIC);
      sqlite3_bind_int (stage, 2, state->number != state->db_number ||
                                  strcmp (state->walk_id, state->db_walk_id) != 0);
      sqlite3_bind_int (stage, 3, state->actions != NULL);
      bind_finding (stage, 4, state, now);
      if (!trygg_database_step_done (ctx->db, stage, error))
        return FALSE;
    }
  return TRUE;
}

/* The new findings, with the rids after @last_rid in the order of the
 * file. */
static gboolean
insert_new (ImportContext      *ctx,
            const char         *now,
            gint64              last_rid,
            TryggProgressFunc   progress,
            gpointer            progress_data,
            GError            **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  gint64 rid = last_rid;
  guint n = ctx->changed->len;

  insert = trygg_database_prepare (ctx->db,
                                   "INSERT INTO finding (rid, id, walk_id, number, title, description,"
                                   " category, status, priority, actor_id, latitude, longitude,"
                                   " observed_at, updated_at, actions_total, actions_done, next_due)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce (?8, 'new'),"
                                   " coalesce (?9, 'medium'), ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                                   error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const FindingState *state = g_ptr_array_index (ctx->changed, i);

      if (!state->in_db)
        {
          sqlite3_bind_int64 (insert, 1, ++rid);
          sqlite3_bind_text (insert, 2, state->id, -1, SQLITE_STATIC);
          bind_finding (insert, 3, state, now);
          if (!trygg_database_step_done (ctx->db, insert, error))
            return FALSE;
        }
      if (progress != NULL && ((i + 1) % 1000 == 0 || i + 1 == n))
        progress (0.3 + 0.3 * (i + 1) / n, progress_data);
    }
  return TRUE;
}

/* The measures of every finding whose checklist the file replaces (the
 * stored ones are gone by now), and the history. */
static gboolean
insert_actions_events (ImportContext  *ctx,
                       const char     *now,
                       GError        **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) event = NULL;

  insert = trygg_database_prepare (ctx->db,
                                   "INSERT INTO action (id, finding_id, position, text, actor_id, due,"
                                   " done, done_at, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                   error);
  event = insert ? trygg_database_prepare (ctx->db,
                                           "INSERT INTO event (finding_id, at, kind, new_value)"
                                           " VALUES (?1, ?2, ?3, ?4)", error) : NULL;
  if (event == NULL)
    return FALSE;

  for (guint i = 0; i < ctx->changed->len; i++)
    {
      const FindingState *state = g_ptr_array_index (ctx->changed, i);
      const GPtrArray *actions = state->actions != NULL ? state->actions->actions : NULL;

      for (guint a = 0; actions != NULL && a < actions->len; a++)
        {
          const TryggRecordAction *action = g_ptr_array_index (actions, a);
          g_autofree char *id = trygg_id_new ();
          const char *actor_id = NULL;

          if (!trygg_import_lookup_actor (ctx, action->actor, &actor_id, error))
            return FALSE;
          sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (insert, 2, state->id, -1, SQLITE_STATIC);
          sqlite3_bind_int (insert, 3, a);
          sqlite3_bind_text (insert, 4, action->text ? action->text : "", -1, SQLITE_STATIC);
          trygg_bind_text (insert, 5, actor_id);
          trygg_bind_text (insert, 6, action->due);
          sqlite3_bind_int (insert, 7, action->done ? 1 : 0);
          trygg_bind_text (insert, 8, action->done_at);
          sqlite3_bind_text (insert, 9, action->comment ? action->comment : "", -1, SQLITE_STATIC);
          if (!trygg_database_step_done (ctx->db, insert, error))
            return FALSE;
        }
    }

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

/* Where the new findings will be, for the R*Tree of a bulk import, which
 * is started before they are written. */
static GArray *
new_points (ImportContext *ctx,
            gint64         last_rid)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (TryggImportPoint));

  for (guint i = 0; i < ctx->changed->len; i++)
    {
      const FindingState *state = g_ptr_array_index (ctx->changed, i);
      TryggImportPoint point;

      if (state->in_db)
        continue;
      point.rid = last_rid + points->len + 1;
      point.latitude = state->record->latitude;
      point.longitude = state->record->longitude;
      g_array_append_val (points, point);
    }
  return points;
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
  g_autoptr(GArray) points = NULL;
  gint64 n_stored, last_rid;

  if (!trygg_database_query_int64 (ctx->db, "SELECT count (*) FROM finding", NULL, &n_stored, error) ||
      !trygg_database_query_int64 (ctx->db, "SELECT coalesce (max (rid), 0) FROM finding", NULL,
                                   &last_rid, error) ||
      !trygg_database_exec (ctx->db, stage_sql, error) ||
      !stage_stored (ctx, now, error) ||
      !trygg_database_exec (ctx->db, update_sql, error))
    return FALSE;

  if ((triggers = set_aside (ctx->db, SET_ASIDE_TRIGGERS, error)) == NULL)
    return FALSE;
  points = new_points (ctx, last_rid);
  if (is_bulk (points->len, n_stored) &&
      (indexes = set_aside (ctx->db, SET_ASIDE_INDEXES, error)) == NULL)
    return FALSE;

  /* A bulk import builds the whole R*Tree again on another core while
   * this one writes the rest; others add the new findings to it. */
  if (indexes != NULL &&
      (rtree = trygg_import_rtree_start (ctx->db, points, error)) == NULL)
    return FALSE;
  if (!insert_new (ctx, now, last_rid, progress, progress_data, error) ||
      (rtree == NULL && !trygg_import_rtree_fill (ctx->db, last_rid, error)) ||
      !insert_actions_events (ctx, now, error) ||
      !trygg_database_exec (ctx->db, update_counts_sql, error))
    return FALSE;
  if (progress != NULL)
    progress (0.75, progress_data);

  if ((indexes != NULL && !put_back (ctx->db, indexes, error)) ||
      (rtree != NULL && !trygg_import_rtree_finish (ctx->db, g_steal_pointer (&rtree), last_rid,
                                                    error)) ||
      !put_back (ctx->db, triggers, error))
    return FALSE;
  if (progress != NULL)
    progress (0.95, progress_data);
  return trygg_database_exec (ctx->db, "DROP TABLE temp.import_finding", error);
}
