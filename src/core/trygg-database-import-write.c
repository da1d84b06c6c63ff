/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "trygg-database-import.h"

/* Writing an import's outcome, inside the import's transaction.
 *
 * New findings, all measures and the history go straight into their
 * tables, one INSERT … SELECT each from the import's memory (see
 * trygg-database-import-rows.c). Stored findings that change go into a
 * TEMP table first (no triggers, no indexes), so that one UPDATE can move
 * and rewrite them all.
 *
 * Two triggers would do per row what the import does better per table, so
 * they are set aside while it writes and made again from their own SQL
 * before the transaction ends:
 *  - the measure counts': it rewrote the finding row once per measure,
 *    while the import knows each finding's counts before it writes the row;
 *  - the R*Tree's: the new findings' boxes go in with one statement.
 *
 * A large import into a smaller database also sets aside the indexes of
 * the tables it fills whose keys are ids and builds them again at the
 * end: a sort of every row is cheaper than an insert into every index for
 * each row, with keys (UUIDs) that land on a random page each time. The
 * indexes on a few values (status, category, actor) are kept up to date:
 * a new row's entry goes at the end of its value's run, on a page that
 * the row before used, and a large import spends its end, where SQLite
 * works alone on one core, building indexes again.
 *
 * A streamed import (trygg_import_write_batch()) writes each batch's new
 * findings, measures and history once it is decided, from rows built on
 * another thread; what is left, and everything once a written finding
 * changes again, is written at the end as above.
 *
 * All of this is DDL inside the transaction: a failure or a kill rolls it
 * back with the rest, and other connections see the schema unchanged. */

/* Triggers that the writer does the work of, and the indexes a bulk
 * import builds again (the constraints' own, sql IS NULL, stay, and so do
 * those on few values). */
#define SET_ASIDE_TRIGGERS \
  "type = 'trigger' AND name IN ('action_count_insert', 'finding_location_insert')"
#define SET_ASIDE_INDEXES \
  "type = 'index' AND sql IS NOT NULL AND tbl_name IN ('finding', 'action', 'event')" \
  " AND name NOT IN ('finding_status', 'finding_category', 'finding_actor', 'action_actor')"

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
 * get new measures are written once the old ones are deleted (the delete
 * trigger counts what is left): the new ones are written with the insert
 * trigger set aside. */
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

/* What the row tables below take their values from. */
typedef struct
{
  const char *now;
  gint64      last_rid;   /* new findings get the rids after it */
} WriteContext;

/* A text of a record and its length, measured when the row is built: on
 * the thread that decides a streamed batch, not on the one SQLite writes
 * on, where the lengths of the records' texts were an eighth of writing
 * the rows (the texts were read there for the first time). */
typedef struct
{
  const char *text;
  int         length;
} Text;

static Text
text_of (const char *text)
{
  return (Text) { text, text != NULL ? (int) strlen (text) : 0 };
}

typedef struct
{
  const FindingState *state;
  Counts              counts;
  Text                title;
  Text                description;
  Text                observed_at;  /* NULL: now */
  Text                updated_at;
} FindingRow;

typedef struct
{
  char                     id[40];
  const char              *finding_id;
  guint                    position;
  const TryggRecordAction *action;
  const char              *actor_id;
  Text                     text;
  Text                     due;
  Text                     done_at;
  Text                     comment;
} ActionRow;

static void
result_text (sqlite3_context *result,
             const char      *text)
{
  if (text != NULL)
    sqlite3_result_text (result, text, -1, SQLITE_STATIC);
  else
    sqlite3_result_null (result);
}

static void
result_text_of (sqlite3_context *result,
                Text             text)
{
  if (text.text != NULL)
    sqlite3_result_text (result, text.text, text.length, SQLITE_STATIC);
  else
    sqlite3_result_null (result);
}

/* The columns of a finding row, stored or new. A NULL status or
 * priority keeps the stored one, or is the default for a new finding. */
#define FINDING_COLUMNS \
  "rid, id, moved, new_actions, walk_id, number, title, description, category, status," \
  " priority, actor_id, latitude, longitude, observed_at, updated_at, actions_total," \
  " actions_done, next_due"

static void
finding_column (gconstpointer    data,
                guint            row,
                int              column,
                sqlite3_context *result,
                gpointer         user_data)
{
  const FindingRow *finding = &((const FindingRow *) data)[row];
  const FindingState *state = finding->state;
  const TryggRecord *record = state->record;
  const WriteContext *write = user_data;

  switch (column)
    {
    case 0:
      sqlite3_result_int64 (result, write->last_rid + row + 1);
      break;
    case 1:
      result_text (result, state->id);
      break;
    case 2:
      sqlite3_result_int (result, state->in_db && (state->number != state->db_number ||
                                                   strcmp (state->walk_id, state->db_walk_id) != 0));
      break;
    case 3:
      sqlite3_result_int (result, state->actions != NULL);
      break;
    case 4:
      result_text (result, state->walk_id);
      break;
    case 5:
      sqlite3_result_int64 (result, state->number);
      break;
    case 6:
      result_text_of (result, finding->title);
      break;
    case 7:
      result_text_of (result, finding->description);
      break;
    case 8:
      result_text (result, state->category);
      break;
    case 9:
      result_text (result, state->status);
      break;
    case 10:
      result_text (result, state->priority);
      break;
    case 11:
      result_text (result, state->actor_id);
      break;
    case 12:
      sqlite3_result_double (result, record->latitude);
      break;
    case 13:
      sqlite3_result_double (result, record->longitude);
      break;
    case 14:
      if (finding->observed_at.text != NULL)
        result_text_of (result, finding->observed_at);
      else
        result_text (result, write->now);
      break;
    case 15:
      result_text_of (result, finding->updated_at);
      break;
    case 16:
      sqlite3_result_int (result, finding->counts.total);
      break;
    case 17:
      sqlite3_result_int (result, finding->counts.done);
      break;
    case 18:
    default:
      result_text (result, finding->counts.next_due);
      break;
    }
}

/* The @states that are (@in_db) or are not stored yet, in order, with
 * their counts. */
static GArray *
finding_rows (GPtrArray *states,
              gboolean   in_db)
{
  GArray *rows = g_array_sized_new (FALSE, FALSE, sizeof (FindingRow), states->len);

  for (guint i = 0; i < states->len; i++)
    {
      const FindingState *state = g_ptr_array_index (states, i);
      const TryggRecord *record = state->record;
      FindingRow row;

      if (state->in_db != in_db)
        continue;
      row = (FindingRow) { state, count_actions (state),
                           text_of (record->title ? record->title : ""),
                           text_of (record->description ? record->description : ""),
                           text_of (record->observed_at), text_of (state->updated_at) };
      g_array_append_val (rows, row);
    }
  return rows;
}

#define ACTION_COLUMNS \
  "id, finding_id, position, text, actor_id, due, done, done_at, comment"

static void
action_column (gconstpointer    data,
               guint            row,
               int              column,
               sqlite3_context *result,
               gpointer         user_data)
{
  const ActionRow *action = &((const ActionRow *) data)[row];

  switch (column)
    {
    case 0:
      result_text (result, action->id);
      break;
    case 1:
      result_text (result, action->finding_id);
      break;
    case 2:
      sqlite3_result_int (result, action->position);
      break;
    case 3:
      result_text_of (result, action->text);
      break;
    case 4:
      result_text (result, action->actor_id);
      break;
    case 5:
      result_text_of (result, action->due);
      break;
    case 6:
      sqlite3_result_int (result, action->action->done ? 1 : 0);
      break;
    case 7:
      result_text_of (result, action->done_at);
      break;
    case 8:
    default:
      result_text_of (result, action->comment);
      break;
    }
}

/* The measures of every finding of @states whose checklist the file
 * replaces, each with a new id and its actor looked up (or added). */
static GArray *
action_rows (ImportContext  *ctx,
             GPtrArray      *states,
             GError        **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (ActionRow));

  for (guint i = 0; i < states->len; i++)
    {
      const FindingState *state = g_ptr_array_index (states, i);
      const GPtrArray *actions = state->actions != NULL ? state->actions->actions : NULL;

      for (guint a = 0; actions != NULL && a < actions->len; a++)
        {
          g_autofree char *id = trygg_id_new ();
          const TryggRecordAction *action = g_ptr_array_index (actions, a);
          ActionRow row = { .finding_id = state->id, .position = a, .action = action,
                            .text = text_of (action->text ? action->text : ""),
                            .due = text_of (action->due), .done_at = text_of (action->done_at),
                            .comment = text_of (action->comment ? action->comment : "") };

          if (!trygg_import_lookup_actor (ctx, row.action->actor, &row.actor_id, error))
            return NULL;
          g_strlcpy (row.id, id, sizeof row.id);
          g_array_append_val (rows, row);
        }
    }
  return g_steal_pointer (&rows);
}

#define EVENT_COLUMNS "finding_id, at, kind, new_value"

static void
event_column (gconstpointer    data,
              guint            row,
              int              column,
              sqlite3_context *result,
              gpointer         user_data)
{
  const ImportEvent *event = &((const ImportEvent *) data)[row];
  const WriteContext *write = user_data;

  switch (column)
    {
    case 0:
      result_text (result, event->finding_id);
      break;
    case 1:
      result_text (result, write->now);
      break;
    case 2:
      result_text (result, event->kind);
      break;
    case 3:
    default:
      result_text (result, event->updated_at);
      break;
    }
}

/* The stored findings that change (@stored, of finding_rows()), into the
 * TEMP table. */
static gboolean
stage_stored (ImportContext  *ctx,
              WriteContext   *write,
              GArray         *stored,
              GError        **error)
{
  g_autoptr(TryggImportRows) rows = NULL;

  if (stored->len == 0)
    return TRUE;
  if ((rows = trygg_import_rows_new (ctx->db, "trygg_import_stored", FINDING_COLUMNS, error)) == NULL)
    return FALSE;
  trygg_import_rows_set (rows, stored->data, stored->len, finding_column, write);
  return trygg_database_exec (ctx->db,
                              "INSERT INTO temp.import_finding SELECT id, moved, new_actions,"
                              " walk_id, number, title, description, category, status, priority,"
                              " actor_id, latitude, longitude, observed_at, updated_at,"
                              " actions_total, actions_done, next_due FROM trygg_import_stored",
                              error);
}

/* The new findings (@added, of finding_rows()), with the rids after
 * write->last_rid in the order of the file. */
static gboolean
insert_new (ImportContext      *ctx,
            WriteContext       *write,
            GArray             *added,
            TryggProgressFunc   progress,
            gpointer            progress_data,
            GError            **error)
{
  g_autoptr(TryggImportRows) rows = NULL;

  if (added->len == 0)
    return TRUE;
  if ((rows = trygg_import_rows_new (ctx->db, "trygg_import_new", FINDING_COLUMNS, error)) == NULL)
    return FALSE;
  trygg_import_rows_set (rows, added->data, added->len, finding_column, write);
  trygg_import_rows_set_progress (rows, progress, progress_data, 0.3, 0.3);
  return trygg_database_exec (ctx->db,
                              "INSERT INTO finding (rid, id, walk_id, number, title, description,"
                              " category, status, priority, actor_id, latitude, longitude,"
                              " observed_at, updated_at, actions_total, actions_done, next_due)"
                              " SELECT rid, id, walk_id, number, title, description, category,"
                              " coalesce (status, 'new'), coalesce (priority, 'medium'), actor_id,"
                              " latitude, longitude, observed_at, updated_at, actions_total,"
                              " actions_done, next_due FROM trygg_import_new",
                              error);
}

/* The measures of every finding whose checklist the file replaces
 * (@actions, of action_rows(); the stored ones are gone by now), and the
 * history. */
static gboolean
insert_actions_events (ImportContext  *ctx,
                       WriteContext   *write,
                       GArray         *actions,
                       GArray         *events,
                       GError        **error)
{
  g_autoptr(TryggImportRows) action_table = NULL;
  g_autoptr(TryggImportRows) event_table = NULL;

  if ((action_table = trygg_import_rows_new (ctx->db, "trygg_import_action", ACTION_COLUMNS,
                                             error)) == NULL ||
      (event_table = trygg_import_rows_new (ctx->db, "trygg_import_event", EVENT_COLUMNS,
                                            error)) == NULL)
    return FALSE;
  trygg_import_rows_set (action_table, actions->data, actions->len, action_column, write);
  trygg_import_rows_set (event_table, events->data, events->len, event_column, write);
  return trygg_database_exec (ctx->db,
                              "INSERT INTO action (" ACTION_COLUMNS ")"
                              " SELECT " ACTION_COLUMNS " FROM trygg_import_action;"
                              "INSERT INTO event (" EVENT_COLUMNS ")"
                              " SELECT " EVENT_COLUMNS " FROM trygg_import_event",
                              error);
}

/* How many of @states are not stored yet. */
static guint
count_new (GPtrArray *states)
{
  guint n = 0;

  for (guint i = 0; i < states->len; i++)
    if (!((const FindingState *) g_ptr_array_index (states, i))->in_db)
      n++;
  return n;
}

static const char * const created_sql[] = {
  [IMPORT_WALK] = "INSERT INTO walk (id, name, date) VALUES (?1, ?2, ?3)",
  [IMPORT_CATEGORY] = "INSERT INTO category (key, name, builtin) VALUES (?1, ?2, 0)",
  [IMPORT_ACTOR] = "INSERT INTO actor (id, name) VALUES (?1, ?2)",
};

gboolean
trygg_import_write_created (ImportContext  *ctx,
                            GArray         *created,
                            GError        **error)
{
  sqlite3_stmt *stmts[G_N_ELEMENTS (created_sql)] = { NULL };
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < created->len; i++)
    {
      const ImportCreated *row = &g_array_index (created, ImportCreated, i);
      sqlite3_stmt *stmt = stmts[row->table];

      if (stmt == NULL &&
          (stmt = stmts[row->table] = trygg_database_prepare (ctx->db, created_sql[row->table],
                                                              error)) == NULL)
        ok = FALSE;
      else
        {
          trygg_bind_text (stmt, 1, row->id);
          trygg_bind_text (stmt, 2, row->name);
          if (row->table == IMPORT_WALK)
            trygg_bind_text (stmt, 3, row->date);
          ok = trygg_database_step_done (ctx->db, stmt, error);
          sqlite3_reset (stmt);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (stmts); i++)
    g_clear_pointer (&stmts[i], sqlite3_finalize);
  return ok;
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
  gint64 n_stored;

  return trygg_database_query_int64 (ctx->db, "SELECT count (*) FROM finding", NULL, &n_stored,
                                     error) &&
         trygg_import_write_begin (ctx, is_bulk (count_new (ctx->changed), n_stored), error) &&
         trygg_import_write_finish (ctx, now, progress, progress_data, error);
}

gboolean
trygg_import_write_begin (ImportContext  *ctx,
                          gboolean        bulk,
                          GError        **error)
{
  ctx->bulk = bulk;
  if (!trygg_database_query_int64 (ctx->db, "SELECT coalesce (max (rid), 0) FROM finding", NULL,
                                   &ctx->rid_before, error))
    return FALSE;
  ctx->last_rid = ctx->rid_before;
  return trygg_database_exec (ctx->db, stage_sql, error);
}

/* Sets aside the triggers, and a bulk import's indexes, the first time
 * new rows are written: the stored findings' updates and the deletes of
 * their measures come before, with the indexes they look rows up in. */
static gboolean
ensure_set_aside (ImportContext  *ctx,
                  GError        **error)
{
  if (ctx->triggers != NULL)
    return TRUE;
  if ((ctx->triggers = set_aside (ctx->db, SET_ASIDE_TRIGGERS, error)) == NULL)
    return FALSE;
  return !ctx->bulk || (ctx->indexes = set_aside (ctx->db, SET_ASIDE_INDEXES, error)) != NULL;
}

ImportBatch *
trygg_import_batch_new (ImportContext  *ctx,
                        GError        **error)
{
  g_autoptr(ImportBatch) batch = g_new0 (ImportBatch, 1);

  /* Not held, nothing decided since the last batch is stored yet: a
   * batch made otherwise would lose what it leaves out. */
  g_assert (!ctx->held);
  batch->states = g_steal_pointer (&ctx->changed);
  ctx->changed = g_ptr_array_new ();
  batch->events = g_steal_pointer (&ctx->events);
  ctx->events = g_array_new (FALSE, FALSE, sizeof (ImportEvent));
  g_assert (count_new (batch->states) == batch->states->len);
  batch->findings = finding_rows (batch->states, FALSE);
  if ((batch->actions = action_rows (ctx, batch->states, error)) == NULL)
    return NULL;
  /* Last: the measures' actors are among them. */
  batch->created = g_steal_pointer (&ctx->created);
  ctx->created = g_array_new (FALSE, FALSE, sizeof (ImportCreated));
  return g_steal_pointer (&batch);
}

void
trygg_import_batch_free (ImportBatch *batch)
{
  if (batch == NULL)
    return;
  g_clear_pointer (&batch->states, g_ptr_array_unref);
  g_clear_pointer (&batch->events, g_array_unref);
  g_clear_pointer (&batch->created, g_array_unref);
  g_clear_pointer (&batch->findings, g_array_unref);
  g_clear_pointer (&batch->actions, g_array_unref);
  g_free (batch);
}

/* What is written becomes as good as stored: a later record of the file
 * that changes it again goes the stored findings' way. */
static void
mark_written (GPtrArray *states)
{
  for (guint i = 0; i < states->len; i++)
    {
      FindingState *state = g_ptr_array_index (states, i);

      state->in_db = TRUE;
      state->db_walk_id = state->walk_id;
      state->db_number = state->number;
      state->record = NULL;
      state->actions = NULL;
    }
}

gboolean
trygg_import_write_batch (ImportContext  *ctx,
                          ImportBatch    *batch,
                          const char     *now,
                          GError        **error)
{
  WriteContext write = { now, ctx->last_rid };

  if (!trygg_import_write_created (ctx, batch->created, error))
    return FALSE;
  if (batch->states->len == 0)
    return TRUE;
  if (!ensure_set_aside (ctx, error) ||
      !insert_new (ctx, &write, batch->findings, NULL, NULL, error) ||
      !insert_actions_events (ctx, &write, batch->actions, batch->events, error))
    return FALSE;
  if (ctx->points == NULL)
    ctx->points = g_array_new (FALSE, FALSE, sizeof (ImportPoint));
  for (guint i = 0; i < batch->findings->len; i++)
    {
      const TryggRecord *record = g_array_index (batch->findings, FindingRow, i).state->record;
      ImportPoint point = { write.last_rid + i + 1, record->latitude, record->longitude };

      g_array_append_val (ctx->points, point);
    }
  mark_written (batch->states);
  ctx->last_rid += batch->states->len;
  return TRUE;
}

gboolean
trygg_import_write_finish (ImportContext      *ctx,
                           const char         *now,
                           TryggProgressFunc   progress,
                           gpointer            progress_data,
                           GError            **error)
{
  WriteContext write = { now, ctx->last_rid };
  g_autoptr(GArray) stored = finding_rows (ctx->changed, TRUE);
  g_autoptr(GArray) added = finding_rows (ctx->changed, FALSE);
  g_autoptr(GArray) actions = action_rows (ctx, ctx->changed, error);
  g_autoptr(TryggImportTree) tree = NULL;

  /* The walks, categories and actors first: the measures' actors are
   * among them. */
  if (actions == NULL || !trygg_import_write_created (ctx, ctx->created, error))
    return FALSE;

  /* Findings written earlier in this import that changed again delete
   * their measures: the count trigger looks each one's up in the index. */
  if (stored->len > 0 && ctx->indexes != NULL)
    {
      if (!put_back (ctx->db, ctx->indexes, error))
        return FALSE;
      g_clear_pointer (&ctx->indexes, g_ptr_array_unref);
    }
  /* The stored findings' counts, with the stored measures deleted (by
   * then), before the index of their ids is set aside. */
  if (!stage_stored (ctx, &write, stored, error) ||
      !trygg_database_exec (ctx->db, update_sql, error) ||
      !trygg_database_exec (ctx->db, update_counts_sql, error) ||
      !ensure_set_aside (ctx, error))
    return FALSE;

  /* A bulk import packs the whole R*Tree again once the findings are
   * written; others add the new findings to it. */
  if (!insert_new (ctx, &write, added, progress, progress_data, error) ||
      (!ctx->bulk && !trygg_import_rtree_fill (ctx->db, ctx->rid_before, error)) ||
      !insert_actions_events (ctx, &write, actions, ctx->events, error))
    return FALSE;
  if (progress != NULL)
    progress (0.75, progress_data);

  /* Where every finding is, the batches know when they wrote them all
   * into a database without findings: the tree is packed from that while
   * the indexes are built. */
  if (ctx->bulk &&
      (tree = trygg_import_rtree_begin (ctx->db,
                                        !ctx->held && ctx->changed->len == 0 ? ctx->points : NULL,
                                        error)) == NULL)
    return FALSE;
  if ((ctx->indexes != NULL && !put_back (ctx->db, ctx->indexes, error)) ||
      (ctx->bulk && !trygg_import_rtree_finish (ctx->db, tree, ctx->rid_before, error)) ||
      !put_back (ctx->db, ctx->triggers, error))
    return FALSE;
  if (progress != NULL)
    progress (0.95, progress_data);
  return trygg_database_exec (ctx->db, "DROP TABLE temp.import_finding", error);
}
