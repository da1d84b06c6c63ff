/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "trygg-database-import.h"

/* Import and export: the database's side of the file formats. Both work on
 * plain TryggRecords so that they can run in a worker thread on their own
 * TryggDatabase connection.
 *
 * An import decides everything in memory first, record by record and in
 * file order, exactly as if each record were written before the next is
 * looked at (merging by id, numbers, new walks, actors and categories);
 * then trygg-database-import-write.c writes the outcome with a few
 * set-based statements. A large import into a database without findings
 * (see trygg_database_import_begin()) does this a batch at a time, while
 * the reader reads the next one: each batch is decided on a thread of its
 * own while the import's thread writes the one before. One statement per
 * row was slow: every statement that fires a trigger (the R*Tree's, the
 * measure counts') inside the import's transaction opens a statement
 * journal and copies each page it touches into it, and the ids are
 * random, so each row touched fresh pages of every index. */

/* The Swedish names of the built-in categories, so that a file written
 * in Swedish finds them whatever language this program runs in (and an
 * English file in a Swedish session: the English names are in the
 * database). They are the translations in po/sv.po; a test keeps the two
 * in step. */
static const struct { const char *key; const char *swedish; } builtin_swedish[] = {
  { "lighting",    "Belysning" },
  { "vegetation",  "Skymmande vegetation" },
  { "sightlines",  "Sikt och gömställen" },
  { "underpasses", "Gångtunnlar och mörka passager" },
  { "wayfinding",  "Orientering och skyltning" },
  { "graffiti",    "Klotter och skadegörelse" },
  { "litter",      "Nedskräpning" },
  { "maintenance", "Underhåll och skötsel" },
  { "activity",    "Folkliv och aktiviteter" },
  { "gathering",   "Samlingsplatser och ordningsstörningar" },
  { "traffic",     "Trafik och framkomlighet" },
  { "perimeter",   "Skalskydd" },
  { "cameras",     "Kameror och bevakning" },
  { "safe-place",  "Trygg plats att värna" },
};

const char *
trygg_database_builtin_category_swedish (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtin_swedish); i++)
    if (g_strcmp0 (builtin_swedish[i].key, key) == 0)
      return builtin_swedish[i].swedish;
  return NULL;
}


static void
walk_numbers_free (WalkNumbers *walk)
{
  g_tree_unref (walk->numbers);
  g_free (walk);
}

static void
import_context_clear (ImportContext *ctx)
{
  g_clear_pointer (&ctx->categories, g_hash_table_unref);
  g_clear_pointer (&ctx->actors, g_hash_table_unref);
  g_clear_pointer (&ctx->walks, g_hash_table_unref);
  g_clear_pointer (&ctx->findings, g_hash_table_unref);
  g_clear_pointer (&ctx->walk_numbers, g_hash_table_unref);
  g_clear_pointer (&ctx->changed, g_ptr_array_unref);
  g_clear_pointer (&ctx->events, g_array_unref);
  g_clear_pointer (&ctx->created, g_array_unref);
  g_clear_pointer (&ctx->points, g_array_unref);
  g_clear_pointer (&ctx->import_walk, g_free);
  g_clear_pointer (&ctx->walk_numbers_query, sqlite3_finalize);
  g_clear_pointer (&ctx->strings, g_string_chunk_free);
  g_clear_pointer (&ctx->triggers, g_ptr_array_unref);
  g_clear_pointer (&ctx->indexes, g_ptr_array_unref);
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
  id = trygg_id_new ();
  if (date == NULL)
    date = today = trygg_today_local ();
  trygg_bind_text (insert, 1, id);
  trygg_bind_text (insert, 2, name);
  trygg_bind_text (insert, 3, date);
  if (!trygg_database_step_done (self, insert, error))
    return NULL;
  return g_steal_pointer (&id);
}

static int
compare_numbers (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
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
  ctx->strings = g_string_chunk_new (64 * 1024);
  ctx->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx->actors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx->walks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx->findings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  ctx->walk_numbers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) walk_numbers_free);
  ctx->changed = g_ptr_array_new ();
  ctx->events = g_array_new (FALSE, FALSE, sizeof (ImportEvent));
  ctx->created = g_array_new (FALSE, FALSE, sizeof (ImportCreated));
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
        {
          const char *swedish = trygg_database_builtin_category_swedish (key);

          /* English (stored), Swedish and the running language's name. */
          g_hash_table_replace (ctx->categories, fold (_(name)), g_strdup (key));
          if (swedish != NULL)
            g_hash_table_replace (ctx->categories, fold (swedish), g_strdup (key));
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = trygg_database_prepare (db, "SELECT id, name FROM actor", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_replace (ctx->actors,
                          fold ((const char *) sqlite3_column_text (stmt, 1)),
                          trygg_column_dup (stmt, 0));

  ctx->walk_numbers_query = trygg_database_prepare (db,
                                                    "SELECT number, id FROM finding WHERE walk_id = ?1",
                                                    error);
  return ctx->walk_numbers_query != NULL;
}

/* From now on @ctx decides without the connection (see its defer). */
static gboolean
import_context_defer (ImportContext  *ctx,
                      GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (ctx->db, "SELECT name, id FROM walk",
                                                         error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_replace (ctx->walks, trygg_column_dup (stmt, 0), trygg_column_dup (stmt, 1));
  ctx->defer = TRUE;
  return TRUE;
}

/* Adds a walk, category or actor that deciding made: at once, or kept
 * for the writer when deciding goes without the connection. */
static gboolean
import_create (ImportContext  *ctx,
               ImportTable     table,
               const char     *id,
               const char     *name,
               const char     *date,
               GError        **error)
{
  ImportCreated row = { table,
                        g_string_chunk_insert (ctx->strings, id),
                        g_string_chunk_insert (ctx->strings, name),
                        date != NULL ? g_string_chunk_insert (ctx->strings, date) : NULL };
  g_autoptr(GArray) now = NULL;

  if (ctx->defer)
    {
      g_array_append_val (ctx->created, row);
      return TRUE;
    }
  now = g_array_new (FALSE, FALSE, sizeof (ImportCreated));
  g_array_append_val (now, row);
  return trygg_import_write_created (ctx, now, error);
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

/* A time as the readers give it (2026-11-27T18:30:00Z) needs no
 * GDateTime to be checked: that was most of checking 100,000 records. */
static gboolean
timestamp_ok (const char *text)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
  char date[11];

  if (strlen (text) != sizeof pattern - 1)
    return trygg_timestamp_is_valid (text);
  for (guint i = 0; pattern[i] != '\0'; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return trygg_timestamp_is_valid (text);
  memcpy (date, text, 10);
  date[10] = '\0';
  return trygg_date_is_valid (date) &&
         (text[11] - '0') * 10 + (text[12] - '0') < 24 && text[14] < '6' && text[17] < '6';
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
  else if ((record->observed_at != NULL && !timestamp_ok (record->observed_at)) ||
           (record->updated_at != NULL && !timestamp_ok (record->updated_at)))
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
      else if (action->done_at != NULL && !timestamp_ok (action->done_at))
        reason = g_strdup (_("a time is not in ISO 8601 form like 2026-11-27T18:30:00Z"));
    }

  if (reason != NULL)
    {
      set_record_error (error, record, reason);
      return FALSE;
    }
  return TRUE;
}

/* Ids from other tools (QGIS feature numbers, "A-17", …) are not UUIDs:
 * a name-based UUID (version 5 layout) made from the foreign id stands in
 * for them, the same on every import, so that importing the file again
 * merges instead of adding everything twice. */
static char *
id_for_foreign (const char *foreign)
{
  g_autofree char *name = g_strconcat ("trygghetskarta:foreign-id:", foreign, NULL);
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA1, name, -1);

  hex[12] = '5';
  hex[16] = "89ab"[g_ascii_xdigit_value (hex[16]) & 3];
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

/* Sets *out_key to the category's key (owned by the context), or NULL when
 * the record names none; an unknown name becomes a new user category. */
static gboolean
lookup_category (ImportContext  *ctx,
                 const char     *name,
                 const char    **out_key,
                 GError        **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *key = NULL;

  *out_key = NULL;
  if (name == NULL)
    return TRUE;
  /* Most names repeat exactly: look them up before trimming and folding
   * (the table's names are trimmed, so one found is). */
  if ((*out_key = g_hash_table_lookup (ctx->categories, name)) != NULL)
    return TRUE;
  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    return TRUE;
  if ((*out_key = g_hash_table_lookup (ctx->categories, trimmed)) != NULL)
    return TRUE;

  folded = fold (trimmed);
  *out_key = g_hash_table_lookup (ctx->categories, folded);
  if (*out_key != NULL)
    {
      /* Folding is idempotent, so a folded key never means another one. */
      g_hash_table_replace (ctx->categories, g_strdup (trimmed), g_strdup (*out_key));
      *out_key = g_hash_table_lookup (ctx->categories, trimmed);
      return TRUE;
    }

  uuid = trygg_id_new ();
  key = g_strconcat ("user-", uuid, NULL);
  if (!import_create (ctx, IMPORT_CATEGORY, key, trimmed, NULL, error))
    return FALSE;
  g_hash_table_replace (ctx->categories, fold (key), g_strdup (key));
  *out_key = key;  /* the table owns it from the next line on */
  g_hash_table_replace (ctx->categories, g_steal_pointer (&folded), g_steal_pointer (&key));
  return TRUE;
}

gboolean
trygg_import_lookup_actor (ImportContext  *ctx,
                           const char     *name,
                           const char    **out_id,
                           GError        **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *id = NULL;

  *out_id = NULL;
  if (name == NULL)
    return TRUE;
  /* Most names repeat exactly: look them up before folding. */
  if ((*out_id = g_hash_table_lookup (ctx->actors, name)) != NULL)
    return TRUE;
  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    return TRUE;

  folded = fold (trimmed);
  *out_id = g_hash_table_lookup (ctx->actors, folded);
  if (*out_id == NULL)
    {
      id = trygg_id_new ();
      if (!import_create (ctx, IMPORT_ACTOR, id, trimmed, NULL, error))
        return FALSE;
      *out_id = id;  /* the table owns it from the next line on */
      g_hash_table_replace (ctx->actors, g_strdup (folded), g_steal_pointer (&id));
    }
  /* Remember the exact spelling too (folding is idempotent, so a folded
   * key never means another actor). */
  g_hash_table_replace (ctx->actors, g_strdup (name), g_strdup (*out_id));
  *out_id = g_hash_table_lookup (ctx->actors, name);
  return TRUE;
}

static const char *
lookup_walk (ImportContext  *ctx,
             const char     *name,
             const char     *date,
             GError        **error)
{
  const char *id = g_hash_table_lookup (ctx->walks, name);
  g_autofree char *new_id = NULL;
  g_autofree char *today = NULL;

  if (id != NULL)
    return id;
  if (!ctx->defer)
    new_id = trygg_database_ensure_walk (ctx->db, name, date, error);
  else
    {
      /* Every walk is in the table: a new one, as ensure_walk makes it. */
      new_id = trygg_id_new ();
      if (date == NULL)
        date = today = trygg_today_local ();
      if (!import_create (ctx, IMPORT_WALK, new_id, name, date, error))
        return NULL;
    }
  if (new_id == NULL)
    return NULL;
  id = new_id;
  g_hash_table_replace (ctx->walks, g_strdup (name), g_steal_pointer (&new_id));
  return id;
}

/* The walk's numbers as stored, loaded the first time the import touches
 * the walk; from then on kept current in memory. */
static WalkNumbers *
get_walk_numbers (ImportContext  *ctx,
                  const char     *walk_id,
                  GError        **error)
{
  WalkNumbers *walk = g_hash_table_lookup (ctx->walk_numbers, walk_id);
  int rc;

  if (walk != NULL)
    return walk;

  walk = g_new0 (WalkNumbers, 1);
  walk->numbers = g_tree_new_full (compare_numbers, NULL, g_free, NULL);
  walk_id = g_string_chunk_insert_const (ctx->strings, walk_id);
  g_hash_table_insert (ctx->walk_numbers, (char *) walk_id, walk);
  if (ctx->defer)
    return walk;

  trygg_bind_text (ctx->walk_numbers_query, 1, walk_id);
  while ((rc = sqlite3_step (ctx->walk_numbers_query)) == SQLITE_ROW)
    {
      gint64 *number = g_new (gint64, 1);
      const char *id = (const char *) sqlite3_column_text (ctx->walk_numbers_query, 1);

      *number = sqlite3_column_int64 (ctx->walk_numbers_query, 0);
      g_tree_insert (walk->numbers, number, g_string_chunk_insert_const (ctx->strings, id));
    }
  sqlite3_reset (ctx->walk_numbers_query);
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (ctx->db, error);
      return NULL;
    }
  return walk;
}

/* Keeps @wanted when it is free in the walk (or already this finding's),
 * else the next number after the walk's highest. */
static gint64
choose_number (WalkNumbers *walk,
               const char  *finding_id,
               gint64       wanted)
{
  GTreeNode *last;

  if (wanted > 0)
    {
      const char *holder = g_tree_lookup (walk->numbers, &wanted);

      if (holder == NULL || strcmp (holder, finding_id) == 0)
        return wanted;
    }
  last = g_tree_node_last (walk->numbers);
  return last != NULL ? *(gint64 *) g_tree_node_key (last) + 1 : 1;
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

/* OUTCOME_LATER: not decided, a finding of an earlier batch while
 * ctx->batch_only is set. */
typedef enum { OUTCOME_ADDED, OUTCOME_UPDATED, OUTCOME_UNCHANGED, OUTCOME_LATER } Outcome;

/* Decides what @record does, as if every earlier record had been written:
 * the states in the context are the database as it would be. */
static gboolean
import_one (ImportContext      *ctx,
            const TryggRecord  *record,
            const char         *id,
            const char         *walk_name,
            const char         *now,
            Outcome            *outcome,
            GError            **error)
{
  FindingState *state = g_hash_table_lookup (ctx->findings, id);
  gboolean exists = state != NULL;
  const char *walk_id, *category = NULL, *actor_id = NULL;
  WalkNumbers *walk;
  gint64 number, *key;
  ImportEvent event;

  if (exists && ctx->batch_only && state->batch != ctx->batch)
    {
      *outcome = OUTCOME_LATER;
      return TRUE;
    }
  if (exists && !is_newer (record->updated_at, state->updated_at))
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
  walk_id = g_string_chunk_insert_const (ctx->strings, walk_id);

  if (!lookup_category (ctx, record->category, &category, error) ||
      !trygg_import_lookup_actor (ctx, record->actor, &actor_id, error))
    return FALSE;

  if ((walk = get_walk_numbers (ctx, walk_id, error)) == NULL)
    return FALSE;
  number = choose_number (walk, id,
                          record->number > 0 ? record->number :
                          exists && strcmp (state->walk_id, walk_id) == 0 ? state->number : 0);

  if (exists)
    {
      WalkNumbers *old_walk = get_walk_numbers (ctx, state->walk_id, error);
      const char *holder;

      if (old_walk == NULL)
        return FALSE;
      holder = g_tree_lookup (old_walk->numbers, &state->number);
      if (holder != NULL && strcmp (holder, id) == 0)
        g_tree_remove (old_walk->numbers, &state->number);
    }
  else
    {
      /* Each finding's id is its own: a copy, not one more entry in the
       * chunk's table of strings shared. */
      state = g_new0 (FindingState, 1);
      state->id = g_string_chunk_insert (ctx->strings, id);
      state->batch = ctx->batch;
      g_hash_table_insert (ctx->findings, (char *) state->id, state);
    }
  key = g_new (gint64, 1);
  *key = number;
  g_tree_insert (walk->numbers, key, (char *) state->id);

  if (state->record == NULL)
    g_ptr_array_add (ctx->changed, state);
  /* Stored, or written already by a streamed import: the rest of a
   * streamed import waits for the end, when the stored findings' changes
   * are written (see trygg_import_write_batch()). */
  if (state->in_db)
    ctx->held = TRUE;
  state->record = record;
  state->walk_id = walk_id;
  state->number = number;
  state->updated_at = record->updated_at ? record->updated_at : now;
  state->category = category;
  state->actor_id = actor_id;
  if (record->has_status)
    state->status = trygg_status_to_key (record->status);
  if (record->has_priority)
    state->priority = trygg_priority_to_key (record->priority);
  /* A file without a checklist (CSV has none) says nothing about the
   * measures: updating the finding must not throw its checklist away. */
  if (record->has_actions || !exists)
    {
      /* Its measures' actors are made now, as writing this record would
       * make them, whether or not a later record replaces the checklist. */
      for (guint i = 0; record->actions != NULL && i < record->actions->len; i++)
        {
          const TryggRecordAction *action = g_ptr_array_index (record->actions, i);
          const char *action_actor;

          if (!trygg_import_lookup_actor (ctx, action->actor, &action_actor, error))
            return FALSE;
        }
      state->actions = record;
    }

  event.finding_id = state->id;
  event.kind = exists ? "imported" : "created";
  event.updated_at = record->updated_at;
  g_array_append_val (ctx->events, event);

  *outcome = exists ? OUTCOME_UPDATED : OUTCOME_ADDED;
  return TRUE;
}

/* The findings of the file that are stored already, in one query: the
 * ids go in as a JSON array (they are UUIDs, nothing to escape). A
 * database without findings, such as a new one, needs no query. */
static gboolean
load_stored (ImportContext  *ctx,
             GPtrArray      *ids,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) json = NULL;
  gint64 any_stored;
  int rc;

  if (!trygg_database_query_int64 (ctx->db, "SELECT EXISTS (SELECT 1 FROM finding)", NULL,
                                   &any_stored, error))
    return FALSE;
  if (!any_stored)
    return TRUE;

  json = g_string_sized_new (ids->len * 39 + 2);
  g_string_append_c (json, '[');
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      g_assert (strchr (id, '"') == NULL && strchr (id, '\\') == NULL);
      if (i > 0)
        g_string_append_c (json, ',');
      g_string_append_c (json, '"');
      g_string_append (json, id);
      g_string_append_c (json, '"');
    }
  g_string_append_c (json, ']');

  stmt = trygg_database_prepare (ctx->db,
                                 "SELECT f.id, f.walk_id, f.number, f.updated_at"
                                 " FROM finding f WHERE f.id IN (SELECT value FROM json_each (?1))",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json->str, json->len, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FindingState *state = g_new0 (FindingState, 1);

      state->id = g_string_chunk_insert_const (ctx->strings, (const char *) sqlite3_column_text (stmt, 0));
      state->in_db = TRUE;
      state->walk_id = state->db_walk_id =
        g_string_chunk_insert_const (ctx->strings, (const char *) sqlite3_column_text (stmt, 1));
      state->number = state->db_number = sqlite3_column_int64 (stmt, 2);
      state->updated_at = g_string_chunk_insert_const (ctx->strings,
                                                       (const char *) sqlite3_column_text (stmt, 3));
      g_hash_table_insert (ctx->findings, (char *) state->id, state);
    }
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (ctx->db, error);
      return FALSE;
    }
  return TRUE;
}

/* Gives the import's page cache back (the pages over the usual size are
 * freed), lets commits checkpoint again and enforces foreign keys again. */
static void
restore_cache (TryggDatabase *self)
{
  trygg_database_exec (self,
                       "PRAGMA cache_size = -" G_STRINGIFY (TRYGG_DATABASE_CACHE_KIB) ";"
                       "PRAGMA wal_autocheckpoint = 1000;"
                       "PRAGMA foreign_keys = ON",
                       NULL);
}

/* What enforced foreign keys would have refused row by row, looked for
 * once in the tables an import writes many rows to; it only adds to the
 * others, and what it adds is what these refer to.
 *
 * Each single-column key is checked as the distinct values of its column,
 * read from that column's index in order, each looked up once in its
 * parent: pragma_foreign_key_check looks up every row's every key, a
 * third of a second for 100,000 findings. A key to a table the import
 * does not fill (a walk, category or actor) has few values: they are
 * found by seeking the index from one value to the next instead of
 * reading it all (each column's 100,000 entries took 0.01-0.02 s). Keys
 * of several columns, or of an implied parent column, go to the pragma. */
static char *
references_query (TryggDatabase  *self,
                  GError        **error)
{
  g_autoptr(sqlite3_stmt) keys = trygg_database_prepare (self,
                                                         "SELECT m.name, k.\"table\", k.\"from\", k.\"to\","
                                                         " (SELECT count (*) FROM pragma_foreign_key_list (m.name) c"
                                                         "  WHERE c.id = k.id)"
                                                         " FROM main.sqlite_schema m, pragma_foreign_key_list (m.name) k"
                                                         " WHERE m.type = 'table' AND m.name IN ('finding', 'action', 'event')"
                                                         " AND k.seq = 0",
                                                         error);
  g_autoptr(GString) query = g_string_new (NULL);
  int rc;

  if (keys == NULL)
    return NULL;
  while ((rc = sqlite3_step (keys)) == SQLITE_ROW)
    {
      const char *child = (const char *) sqlite3_column_text (keys, 0);
      const char *parent = (const char *) sqlite3_column_text (keys, 1);
      const char *from = (const char *) sqlite3_column_text (keys, 2);
      const char *to = (const char *) sqlite3_column_text (keys, 3);
      char *part;

      if (to == NULL || sqlite3_column_int (keys, 4) != 1)
        part = sqlite3_mprintf ("SELECT %Q FROM pragma_foreign_key_check (%Q)", child, child);
      else if (strcmp (parent, "walk") == 0 || strcmp (parent, "category") == 0 ||
               strcmp (parent, "actor") == 0)
        part = sqlite3_mprintf ("SELECT %Q FROM (WITH RECURSIVE d (v) AS"
                                " (SELECT min (\"%w\") FROM main.\"%w\" UNION ALL"
                                "  SELECT (SELECT min (\"%w\") FROM main.\"%w\" WHERE \"%w\" > d.v)"
                                "  FROM d WHERE d.v IS NOT NULL)"
                                " SELECT v FROM d) WHERE v IS NOT NULL AND NOT EXISTS"
                                " (SELECT 1 FROM main.\"%w\" WHERE \"%w\" = v)",
                                child, from, child, from, child, from, parent, to);
      else
        part = sqlite3_mprintf ("SELECT %Q FROM (SELECT DISTINCT \"%w\" AS v FROM main.\"%w\")"
                                " WHERE v IS NOT NULL AND NOT EXISTS"
                                " (SELECT 1 FROM main.\"%w\" WHERE \"%w\" = v)",
                                child, from, child, parent, to);
      if (query->len > 0)
        g_string_append (query, " UNION ALL ");
      g_string_append (query, part);
      sqlite3_free (part);
    }
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (self, error);
      return NULL;
    }
  g_string_append (query, query->len > 0 ? " LIMIT 1" : "SELECT 1 WHERE 0");
  return g_string_free (g_steal_pointer (&query), FALSE);
}

static gboolean
check_references (TryggDatabase  *self,
                  GError        **error)
{
  g_autofree char *query = references_query (self, error);
  g_autofree char *table = NULL;

  if (query == NULL || !trygg_database_query_first_text (self, query, &table, error))
    return FALSE;
  if (table == NULL)
    return TRUE;
  g_set_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID,
               _("The database holds a reference to a row that does not exist (table “%s”). "
                 "Nothing was imported."),
               table);
  return FALSE;
}

struct _TryggImport
{
  TryggDatabase     *db;
  ImportContext      ctx;
  char              *walk;
  char              *now;
  gboolean           large;
  gboolean           streamed;  /* each batch decided and written as added */
  gboolean           open;      /* the transaction is */
  ImportBatch       *ready;     /* streamed: decided, to write */
  GPtrArray         *batches;   /* what the states point into */
  GPtrArray         *records;   /* not streamed: every record, in order */
  GPtrArray         *ids;       /* and their ids */
  guint              n_expected;
  guint              n_decided;
  TryggImportResult  counts;
  TryggProgressFunc  progress;
  gpointer           progress_data;
  double             reported;
};

/* Progress never goes back: a streamed import's writing at the end
 * starts where its batches left off. */
static void
report (double   fraction,
        gpointer user_data)
{
  TryggImport *import = user_data;

  if (import->progress == NULL || fraction <= import->reported)
    return;
  import->reported = fraction;
  import->progress (fraction, import->progress_data);
}

/* Every record is checked before any is decided; each one's id is
 * settled here (a random one when the file has none). */
static GPtrArray *
validate_records (GPtrArray  *records,
                  GError    **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_full (records->len, g_free);

  for (guint i = 0; i < records->len; i++)
    {
      const TryggRecord *record = g_ptr_array_index (records, i);

      if (!validate_record (record, error))
        return NULL;
      if (record->id == NULL)
        g_ptr_array_add (ids, trygg_id_new ());
      else if (!g_uuid_string_is_valid (record->id))
        g_ptr_array_add (ids, id_for_foreign (record->id));
      else
        g_ptr_array_add (ids, g_strdup (record->id));
    }
  return g_steal_pointer (&ids);
}

/* The share of the import's progress that deciding @n_decided records
 * takes it to, of @share for all. */
static double
decided_share (TryggImport *import,
               guint        n_records,
               double       share)
{
  return share * MIN (1.0, (double) import->n_decided / MAX (import->n_expected, n_records));
}

/* Decides @records in order from *@position on, up to the end or to one
 * that must wait (OUTCOME_LATER), where *@position is left. Deciding
 * everything takes the import's progress to @share; 0 reports none. */
static gboolean
decide_records (TryggImport  *import,
                GPtrArray    *records,
                GPtrArray    *ids,
                guint        *position,
                double        share,
                GError      **error)
{
  TryggImportResult *counts = &import->counts;
  guint step = MAX (MAX (import->n_expected, records->len) / 100, 1);

  for (; *position < records->len; (*position)++)
    {
      const TryggRecord *record = g_ptr_array_index (records, *position);
      Outcome outcome;

      if (!import_one (&import->ctx, record, g_ptr_array_index (ids, *position), import->walk,
                       import->now, &outcome, error))
        {
          if (error != NULL && (*error)->code == TRYGG_DATABASE_ERROR_FAILED)
            g_prefix_error (error, _("Finding %u in the file: "), record->source_index);
          return FALSE;
        }
      if (outcome == OUTCOME_LATER)
        return TRUE;
      if (outcome == OUTCOME_UNCHANGED)
        counts->unchanged++;
      else
        {
          if (counts->added + counts->updated == 0)
            {
              counts->south = counts->north = record->latitude;
              counts->west = counts->east = record->longitude;
            }
          counts->south = MIN (counts->south, record->latitude);
          counts->north = MAX (counts->north, record->latitude);
          counts->west = MIN (counts->west, record->longitude);
          counts->east = MAX (counts->east, record->longitude);
          if (outcome == OUTCOME_ADDED)
            counts->added++;
          else
            counts->updated++;
        }
      if (++import->n_decided % step == 0 && share > 0)
        report (decided_share (import, records->len, share), import);
    }
  return TRUE;
}

TryggImport *
trygg_database_import_begin (TryggDatabase      *self,
                             const char         *walk_name,
                             guint               n_expected,
                             TryggProgressFunc   progress,
                             gpointer            progress_data,
                             GError            **error)
{
  g_autoptr(TryggImport) import = g_new0 (TryggImport, 1);
  gint64 any_stored;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  import->db = g_object_ref (self);
  import->now = trygg_timestamp_now ();
  import->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  import->records = g_ptr_array_new ();
  import->ids = g_ptr_array_new_with_free_func (g_free);
  import->n_expected = n_expected;
  import->progress = progress;
  import->progress_data = progress_data;
  if (walk_name != NULL)
    {
      import->walk = g_strstrip (g_strdup (walk_name));
      if (*import->walk == '\0' || !g_utf8_validate (import->walk, -1, NULL))
        g_clear_pointer (&import->walk, g_free);
    }

  /* Kept in memory: the staging tables would otherwise go to a file.
   * The larger page cache holds every page the import changes until it
   * commits: a smaller one writes pages to the WAL while the import goes
   * on, and the same page again each time a later row changes it.
   * The commit does not checkpoint: copying the log into the database
   * file costs as much again as writing it, and the caller can do that
   * once the import's outcome is out (trygg_database_checkpoint()).
   *
   * A large import writes with foreign keys not enforced (the pragma
   * only takes effect outside a transaction), and looks for what they
   * would have refused once at the end: checked row by row they cost
   * a third of the writing. Every reference it writes is to a row it
   * looked up or made in the same transaction, and it deletes nothing
   * that rows of another table point to (only measures it replaces). */
  import->large = trygg_import_is_large (self, n_expected);
  if (!trygg_database_exec (self,
                           "PRAGMA temp_store = MEMORY;"
                           "PRAGMA wal_autocheckpoint = 0;"
                           "PRAGMA cache_size = -" G_STRINGIFY (TRYGG_DATABASE_IMPORT_CACHE_KIB),
                           error) ||
      (import->large && !trygg_database_exec (self, "PRAGMA foreign_keys = OFF", error)) ||
      !trygg_database_begin (self, error))
    {
      restore_cache (self);
      return NULL;
    }
  import->open = TRUE;
  if (!import_context_init (&import->ctx, self, error))
    return NULL;

  /* Into a database without findings, nothing in the file can be stored
   * already: each batch can be written once it is decided. Asked inside
   * the transaction, so no other connection can add one in between. */
  if (import->large)
    {
      if (!trygg_database_query_int64 (self, "SELECT EXISTS (SELECT 1 FROM finding)", NULL,
                                       &any_stored, error))
        return NULL;
      import->streamed = !any_stored;
      if (import->streamed &&
          (!import_context_defer (&import->ctx, error) ||
           !trygg_import_write_begin (&import->ctx, TRUE, error)))
        return NULL;
    }
  return g_steal_pointer (&import);
}

/* A streamed batch's records checked, decided and made into rows on a
 * thread of their own, while this one writes the batch before. */
typedef struct
{
  TryggImport *import;
  GPtrArray   *records;
  GPtrArray   *ids;
  guint        position;  /* the first record not decided */
  ImportBatch *batch;     /* once all are */
  GError      *error;
} Decide;

static gpointer
decide_batch (gpointer data)
{
  Decide *decide = data;
  TryggImport *import = decide->import;

  if ((decide->ids = validate_records (decide->records, &decide->error)) != NULL &&
      decide_records (import, decide->records, decide->ids, &decide->position, 0,
                      &decide->error) &&
      decide->position == decide->records->len)
    decide->batch = trygg_import_batch_new (&import->ctx, &decide->error);
  return NULL;
}

gboolean
trygg_import_add_records (TryggImport  *import,
                          GPtrArray    *records,
                          GError      **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  Decide decide = { import, records, NULL, 0, NULL, NULL };
  GThread *deciding;
  gboolean written;
  guint position = 0;

  g_return_val_if_fail (import != NULL && import->open, FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_ptr_array_add (import->batches, g_ptr_array_ref (records));
  if (!import->streamed)
    {
      if ((ids = validate_records (records, error)) == NULL)
        return FALSE;
      g_ptr_array_extend (import->records, records, NULL, NULL);
      g_ptr_array_extend_and_steal (import->ids, g_steal_pointer (&ids));
      return TRUE;
    }

  /* Once a written finding changed again, everything waits for the
   * end: nothing to do meanwhile. */
  if (import->ctx.held)
    return (ids = validate_records (records, error)) != NULL &&
           decide_records (import, records, ids, &position, 0.6, error);

  /* Otherwise each batch is decided when it comes and written when the
   * next one does (or at commit): the deciding, on another core, needs
   * no connection (see ImportContext.defer), and goes on while this
   * thread writes the batch before. The order of what is done, and so of
   * what fails first, stays that of the file. */
  import->ctx.batch++;
  import->ctx.batch_only = TRUE;
  deciding = g_thread_new ("import-decide", decide_batch, &decide);
  written = import->ready == NULL ||
            trygg_import_write_batch (&import->ctx, import->ready, import->now, error);
  g_thread_join (deciding);
  import->ctx.batch_only = FALSE;
  g_clear_pointer (&import->ready, trygg_import_batch_free);
  ids = g_steal_pointer (&decide.ids);
  if (!written || decide.error != NULL)
    {
      if (written)
        g_propagate_error (error, g_steal_pointer (&decide.error));
      g_clear_error (&decide.error);
      return FALSE;
    }
  import->ready = decide.batch;
  /* A record that changes a finding of an earlier batch, written now, is
   * decided here: it holds the rest for the end. */
  if (decide.position < records->len &&
      !decide_records (import, records, ids, &decide.position, 0, error))
    return FALSE;
  report (decided_share (import, records->len, 0.6), import);
  return TRUE;
}

/* What an import decided from, once it is written. */
typedef struct
{
  ImportContext  ctx;
  GPtrArray     *batches;
  GPtrArray     *ids;
} Spent;

static gpointer
free_spent (gpointer data)
{
  Spent *spent = data;

  import_context_clear (&spent->ctx);
  g_ptr_array_unref (spent->batches);
  g_ptr_array_unref (spent->ids);
  g_free (spent);
  return NULL;
}

gboolean
trygg_import_commit (TryggImport        *import,
                     TryggImportResult  *result,
                     GError            **error)
{
  TryggDatabase *self;
  Spent *spent;
  GThread *freeing;
  gboolean ok;
  guint position = 0;

  g_return_val_if_fail (import != NULL && import->open, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self = import->db;
  if (!import->streamed &&
      (!load_stored (&import->ctx, import->ids, error) ||
       !decide_records (import, import->records, import->ids, &position, 0.3, error) ||
       !trygg_import_write (&import->ctx, import->now, report, import, error)))
    return FALSE;
  if (import->streamed &&
      ((import->ready != NULL &&
        !trygg_import_write_batch (&import->ctx, import->ready, import->now, error)) ||
       !trygg_import_write_finish (&import->ctx, import->now, report, import, error)))
    return FALSE;
  g_clear_pointer (&import->ready, trygg_import_batch_free);

  /* The context and the records, for a large import 100,000 of each with
   * their tables, are freed on another core while this one checks and
   * commits. The context's one statement is the connection's and is
   * finalized here first. */
  g_clear_pointer (&import->ctx.walk_numbers_query, sqlite3_finalize);
  spent = g_new (Spent, 1);
  spent->ctx = import->ctx;
  memset (&import->ctx, 0, sizeof import->ctx);
  spent->batches = g_steal_pointer (&import->batches);
  spent->ids = g_steal_pointer (&import->ids);
  g_ptr_array_set_size (import->records, 0);
  freeing = g_thread_new ("import-free", free_spent, spent);
  ok = !import->large || check_references (self, error);
  if (ok)
    {
      import->open = FALSE;
      ok = trygg_database_commit (self, error);  /* rolls back when it fails */
    }
  g_thread_join (freeing);
  /* Still open, trygg_import_free() rolls back. */
  if (import->open)
    return FALSE;
  restore_cache (self);
  if (!ok)
    return FALSE;
  report (1.0, import);
  if (result != NULL)
    *result = import->counts;
  return TRUE;
}

void
trygg_import_free (TryggImport *import)
{
  if (import == NULL)
    return;
  g_clear_pointer (&import->ready, trygg_import_batch_free);
  import_context_clear (&import->ctx);
  if (import->open)
    {
      trygg_database_rollback (import->db);
      restore_cache (import->db);
    }
  g_clear_object (&import->db);
  g_free (import->walk);
  g_free (import->now);
  g_clear_pointer (&import->batches, g_ptr_array_unref);
  g_ptr_array_unref (import->records);
  g_clear_pointer (&import->ids, g_ptr_array_unref);
  g_free (import);
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
  g_autoptr(TryggImport) import = NULL;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  import = trygg_database_import_begin (self, walk_name, records->len, progress, progress_data,
                                        error);
  return import != NULL &&
         trygg_import_add_records (import, records, error) &&
         trygg_import_commit (import, result, error);
}

gboolean
trygg_database_describe_walk (TryggDatabase   *self,
                              const char      *walk_name,
                              TryggTimeOfDay   time_of_day,
                              const char      *area,
                              const char      *participants,
                              GError         **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (walk_name != NULL && area != NULL && participants != NULL, FALSE);

  update = trygg_database_prepare (self,
                                   "UPDATE walk SET time_of_day = ?2, area = ?3, participants = ?4"
                                   " WHERE name = ?1 AND area = '' AND participants = ''",
                                   error);
  if (update == NULL)
    return FALSE;
  trygg_bind_text (update, 1, walk_name);
  trygg_bind_text (update, 2, trygg_time_of_day_to_key (time_of_day));
  trygg_bind_text (update, 3, area);
  trygg_bind_text (update, 4, participants);
  return trygg_database_step_done (self, update, error);
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
