/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "trygg-object-list.h"
#include "trygg-store-models.h"
#include "trygg-store-snapshot.h"

#define MAX_UNDO 100

struct _TryggEdit
{
  TryggStore *store;
  TryggUndoEntry  *entry;
};

struct _TryggStore
{
  GObject        parent_instance;

  TryggDatabase *database;
  TryggObjectList *findings;
  TryggObjectList *walks;
  TryggObjectList *actors;
  TryggObjectList *categories;
  GHashTable    *finding_by_id;   /* id → TryggFinding, owned by the model */
  gboolean       index_stale;     /* finding_by_id to be made from the model */

  /* The first load's possible-duplicate flags, found when the main loop is
   * next idle (the model is usable without them); flushed before anything
   * changes a finding, so they are found for the state they describe. */
  TryggDuplicateScan *pending_duplicates;
  guint          duplicates_source;

  /* Per-finding models handed out: finding id → TryggObjectList */
  GHashTable    *measures;
  GHashTable    *photos;
  GHashTable    *histories;

  /* Image data of photos that an undo or redo may bring back: photo id →
   * GBytes. Emptied when the undo history is. */
  GHashTable    *graveyard;

  GPtrArray     *undo_stack;      /* of TryggUndoEntry, newest last */
  GPtrArray     *redo_stack;

  /* Overdue flags depend on the day: the day they were worked out for,
   * the timer that looks for the next, and the day tests say it is. */
  char          *overdue_day;
  guint          day_timer;
  char          *today;
};

G_DEFINE_TYPE (TryggStore, trygg_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The load query and the refresh of one finding. The counts are kept in
 * the finding row by triggers (migration 2): one plain scan loads all. */
#define FINDING_COLUMNS \
  "SELECT rid, id, walk_id, number, title, description, category, status, priority, actor_id," \
  " latitude, longitude, observed_at, updated_at, wont_fix_reason, actions_done, actions_total," \
  " coalesce (next_due < ?1, 0), photo_count FROM finding"
#define LOAD_FINDINGS FINDING_COLUMNS " ORDER BY rid"
#define LOAD_ONE_FINDING FINDING_COLUMNS " WHERE id = ?2"

/* The id → finding table, made when first needed after a load rather
 * than during it: 100,000 inserts are a tenth of the load, and the list
 * and map can show the findings without it. */
static GHashTable *
finding_index (TryggStore *self)
{
  if (self->index_stale)
    {
      guint n;
      gpointer *items = trygg_object_list_peek (self->findings, &n);

      for (guint i = 0; i < n; i++)
        g_hash_table_insert (self->finding_by_id, (char *) trygg_finding_get_id (items[i]), items[i]);
      self->index_stale = FALSE;
    }
  return self->finding_by_id;
}

static void
flush_duplicates (TryggStore *self)
{
  g_clear_handle_id (&self->duplicates_source, g_source_remove);
  if (self->pending_duplicates != NULL)
    trygg_duplicate_scan_finish (g_steal_pointer (&self->pending_duplicates), TRUE);
}

static gboolean
duplicates_idle_cb (gpointer user_data)
{
  TryggStore *self = user_data;

  self->duplicates_source = 0;
  flush_duplicates (self);
  return G_SOURCE_REMOVE;
}

static char *
store_today (TryggStore *self)
{
  return self->today != NULL ? g_strdup (self->today) : trygg_today_local ();
}

static guint
finding_position (TryggStore *self,
                  gint64      rid,
                  gboolean   *found)
{
  GListModel *model = G_LIST_MODEL (self->findings);
  guint low = 0, high = g_list_model_get_n_items (model);

  /* The model is in rid order: creation order, which a restored finding
   * also gets back. */
  *found = FALSE;
  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      g_autoptr(TryggFinding) item = g_list_model_get_item (model, mid);
      gint64 item_rid = trygg_finding_get_rid (item);

      if (item_rid == rid)
        {
          *found = TRUE;
          return mid;
        }
      if (item_rid < rid)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

static void
sync_finding (TryggStore *self,
              const char *id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = store_today (self);
  TryggFinding *existing = g_hash_table_lookup (finding_index (self), id);
  gboolean found;
  guint position;

  stmt = trygg_database_prepare (self->database, LOAD_ONE_FINDING, NULL);
  if (stmt == NULL)
    return;
  trygg_bind_text (stmt, 1, today);
  trygg_bind_text (stmt, 2, id);

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(TryggFinding) fresh = trygg_finding_from_stmt (stmt, NULL);

      trygg_finding_set_possible_duplicate (fresh, trygg_duplicates_has_open_neighbour (self->database, fresh));
      if (existing != NULL)
        {
          trygg_update_finding (existing, fresh);
          return;
        }
      position = finding_position (self, trygg_finding_get_rid (fresh), &found);
      g_hash_table_insert (finding_index (self), (char *) trygg_finding_get_id (fresh), fresh);
      trygg_object_list_insert (self->findings, position, fresh);
    }
  else if (existing != NULL)
    {
      position = finding_position (self, trygg_finding_get_rid (existing), &found);
      g_hash_table_remove (finding_index (self), id);
      if (found)
        trygg_object_list_remove (self->findings, position);
    }
}

static void
sync_small_models (TryggStore *self)
{
  trygg_sync_catalogues (self->database, self->walks, self->actors, self->categories);
}

static void
sync_children (TryggStore *self,
               const char *finding_id)
{
  trygg_sync_finding_children (self->database, finding_id,
                               g_hash_table_lookup (self->measures, finding_id),
                               g_hash_table_lookup (self->photos, finding_id),
                               g_hash_table_lookup (self->histories, finding_id));
}

/* Per-finding models stay with the store once made, so that a measure or
 * photo object the UI holds keeps being updated. Only the findings the
 * user opened have them. */
static GListModel *
child_model (TryggStore   *self,
             GHashTable   *table,
             TryggFinding *finding,
             GType         item_type)
{
  const char *id = trygg_finding_get_id (finding);
  TryggObjectList *store = g_hash_table_lookup (table, id);

  if (store != NULL)
    return g_object_ref (G_LIST_MODEL (store));

  store = trygg_object_list_new (item_type);
  g_hash_table_insert (table, g_strdup (id), store);
  sync_children (self, id);
  return g_object_ref (G_LIST_MODEL (store));
}

static gboolean
load_findings (TryggStore  *self,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *today = store_today (self);
  TryggInternCache caches[3] = { 0 };  /* walk, category, actor */
  TryggDuplicateScan *duplicates;
  int rc;

  stmt = trygg_database_prepare (self->database, LOAD_FINDINGS, error);
  if (stmt == NULL)
    return FALSE;
  trygg_bind_text (stmt, 1, today);
  duplicates = trygg_duplicate_scan_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TryggFinding *finding = trygg_finding_from_stmt (stmt, caches);

      g_ptr_array_add (fresh, finding);
      trygg_duplicate_scan_add (duplicates, finding);
    }
  if (rc != SQLITE_DONE)
    {
      trygg_duplicate_scan_free (duplicates);
      trygg_database_set_error (self->database, error);
      return FALSE;
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->findings)) == 0)
    {
      /* The first load: a tenth of opening 100,000 findings goes to these
       * flags, which only mark rows; the rows hear of them by notify. */
      self->pending_duplicates = duplicates;
      self->duplicates_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, duplicates_idle_cb, self, NULL);
    }
  else
    /* A reload: trygg_sync_list() gives the objects that stay the flags of
     * the fresh ones, so these must be right first. */
    trygg_duplicate_scan_finish (duplicates, FALSE);
  g_free (self->overdue_day);
  self->overdue_day = g_steal_pointer (&today);

  /* Objects that stay are updated in place by trygg_sync_list(), so the
   * table is made again from the model, when next needed. */
  g_hash_table_remove_all (self->finding_by_id);
  self->index_stale = TRUE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->findings)) == 0)
    /* The first load: the model takes @fresh as it is. */
    trygg_object_list_take (self->findings, g_steal_pointer (&fresh));
  else
    trygg_sync_list (self->findings, fresh, (TryggIdFunc) trygg_finding_get_id, trygg_update_finding);
  /* A handler may have looked a finding up while the model was changing. */
  g_hash_table_remove_all (self->finding_by_id);
  self->index_stale = TRUE;
  return TRUE;
}

/* The day turning */

/* A measure due today is overdue from tomorrow: when the day has turned
 * since the flags were worked out, they are worked out again, and the
 * views are told as after an edit. */
static void
check_day (TryggStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = store_today (self);

  if (g_strcmp0 (today, self->overdue_day) == 0)
    return;
  stmt = trygg_database_prepare (self->database, "SELECT id, coalesce (next_due < ?1, 0) FROM finding", NULL);
  if (stmt == NULL)
    return;
  trygg_bind_text (stmt, 1, today);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TryggFinding *finding = g_hash_table_lookup (finding_index (self), sqlite3_column_text (stmt, 0));

      if (finding != NULL)
        trygg_finding_set_overdue (finding, sqlite3_column_int (stmt, 1) > 0);
    }
  g_free (self->overdue_day);
  self->overdue_day = g_steal_pointer (&today);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean day_timer_cb (gpointer user_data);

/* Wakes a second after the next local midnight, or within a quarter of an
 * hour, whichever is sooner: the monotonic clock behind timeouts stands
 * still while the computer sleeps, so a wake-up planned for midnight can
 * come late; looking again every quarter catches that. */
static void
arm_day_timer (TryggStore *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                     g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) midnight = g_date_time_add_days (start, 1);
  GTimeSpan wait = g_date_time_difference (midnight, now);

  g_clear_handle_id (&self->day_timer, g_source_remove);
  self->day_timer = g_timeout_add_seconds (MIN (wait / G_USEC_PER_SEC + 1, 15 * 60), day_timer_cb, self);
}

static gboolean
day_timer_cb (gpointer user_data)
{
  TryggStore *self = user_data;

  self->day_timer = 0;
  check_day (self);
  arm_day_timer (self);
  return G_SOURCE_REMOVE;
}

void
trygg_store_set_today (TryggStore *self,
                       const char *today)
{
  g_return_if_fail (TRYGG_IS_STORE (self));

  g_free (self->today);
  self->today = g_strdup (today);
  check_day (self);
}

/* Undo */

static void
notify_undo_state (TryggStore *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_LABEL]);
  /* Every edit, undo and redo ends here: one signal for views that draw
   * many findings at once (the map) instead of a handler per finding. */
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
forget_history (TryggStore *self)
{
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  g_hash_table_remove_all (self->graveyard);
  notify_undo_state (self);
}

static void
finding_position_of (TryggSnapshot *snapshot,
                     double   *lat,
                     double   *lon)
{
  *lat = trygg_row_double (snapshot->main, 10);
  *lon = trygg_row_double (snapshot->main, 11);
}

/* Brings the models in line with the database for every object in
 * @entry, and the duplicate flags around where findings were and are. */
static void
sync_entry (TryggStore *self,
            TryggUndoEntry  *entry)
{
  gboolean small = FALSE;

  flush_duplicates (self);
  for (guint i = 0; i < entry->changes->len; i++)
    {
      TryggChange *change = g_ptr_array_index (entry->changes, i);

      if (change->before->kind != TRYGG_OBJECT_FINDING)
        {
          small = TRUE;
          continue;
        }
      sync_finding (self, change->before->id);
      sync_children (self, change->before->id);
    }
  if (small)
    sync_small_models (self);

  for (guint i = 0; i < entry->changes->len; i++)
    {
      TryggChange *change = g_ptr_array_index (entry->changes, i);
      double lat, lon;

      if (change->before->kind != TRYGG_OBJECT_FINDING)
        continue;
      if (change->before->main != NULL)
        {
          finding_position_of (change->before, &lat, &lon);
          trygg_duplicates_update_near (self->database, finding_index (self), lat, lon);
        }
      if (change->after->main != NULL)
        {
          finding_position_of (change->after, &lat, &lon);
          trygg_duplicates_update_near (self->database, finding_index (self), lat, lon);
        }
    }
}

static gboolean
apply_entry (TryggStore  *self,
             TryggUndoEntry   *entry,
             gboolean     undo,
             GError     **error)
{
  if (!trygg_database_begin (self->database, error))
    return FALSE;

  for (guint i = 0; i < entry->changes->len; i++)
    {
      guint index = undo ? entry->changes->len - 1 - i : i;
      TryggChange *change = g_ptr_array_index (entry->changes, index);

      if (!trygg_snapshot_apply (self->database, self->graveyard, undo ? change->before : change->after, error))
        {
          trygg_database_rollback (self->database);
          return FALSE;
        }
    }
  if (!trygg_database_commit (self->database, error))
    return FALSE;

  sync_entry (self, entry);
  return TRUE;
}

static gboolean
move_entry (TryggStore  *self,
            GPtrArray   *from,
            GPtrArray   *to,
            gboolean     undo,
            GError     **error)
{
  TryggUndoEntry *entry;

  g_return_val_if_fail (from->len > 0, FALSE);

  entry = g_ptr_array_index (from, from->len - 1);
  if (!apply_entry (self, entry, undo, error))
    return FALSE;
  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
  notify_undo_state (self);
  return TRUE;
}

/* Edits */

TryggEdit *
trygg_store_begin_edit (TryggStore  *self,
                        char        *label,
                        GError     **error)
{
  TryggEdit *edit;

  if (!trygg_database_begin (self->database, error))
    {
      g_free (label);
      return NULL;
    }
  edit = g_new0 (TryggEdit, 1);
  edit->store = self;
  edit->entry = g_new0 (TryggUndoEntry, 1);
  edit->entry->label = label;
  edit->entry->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_change_free);
  return edit;
}

gboolean
trygg_edit_touch (TryggEdit        *edit,
                  TryggObjectKind   kind,
                  const char       *id,
                  GError          **error)
{
  TryggChange *change;

  for (guint i = 0; i < edit->entry->changes->len; i++)
    {
      TryggSnapshot *before = ((TryggChange *) g_ptr_array_index (edit->entry->changes, i))->before;

      if (before->kind == kind && g_strcmp0 (before->id, id) == 0)
        return TRUE;
    }

  change = g_new0 (TryggChange, 1);
  change->before = trygg_snapshot_take (edit->store->database, kind, id, error);
  if (change->before == NULL)
    {
      g_free (change);
      return FALSE;
    }
  g_ptr_array_add (edit->entry->changes, change);
  return TRUE;
}

void
trygg_store_abort_edit (TryggStore *self,
                        TryggEdit  *edit)
{
  trygg_database_rollback (self->database);
  trygg_undo_entry_free (edit->entry);
  g_free (edit);
}

gboolean
trygg_store_commit_edit (TryggStore  *self,
                         TryggEdit   *edit,
                         GError     **error)
{
  TryggUndoEntry *entry = edit->entry;

  for (guint i = 0; i < entry->changes->len; i++)
    {
      TryggChange *change = g_ptr_array_index (entry->changes, i);

      change->after = trygg_snapshot_take (self->database, change->before->kind, change->before->id, error);
      if (change->after == NULL)
        {
          trygg_store_abort_edit (self, edit);
          return FALSE;
        }
    }
  if (!trygg_database_commit (self->database, error))
    {
      trygg_undo_entry_free (entry);
      g_free (edit);
      return FALSE;
    }
  g_free (edit);

  sync_entry (self, entry);
  g_ptr_array_add (self->undo_stack, entry);
  if (self->undo_stack->len > MAX_UNDO)
    g_ptr_array_remove_index (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  notify_undo_state (self);
  return TRUE;
}

gboolean
trygg_store_add_event (TryggStore  *self,
                       const char  *finding_id,
                       const char  *kind,
                       const char  *old_value,
                       const char  *new_value,
                       GError     **error)
{
  g_autofree char *now = trygg_timestamp_now ();

  return trygg_store_run (self, error,
                          "INSERT INTO event (finding_id, at, kind, old_value, new_value)"
                          " VALUES (?1, ?2, ?3, ?4, ?5)",
                          5, finding_id, now, kind, old_value, new_value);
}

gboolean
trygg_store_keep_photo_data (TryggStore  *self,
                             const char  *finding_id,
                             const char  *photo_id,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = trygg_database_prepare (self->database,
                                 "SELECT id, data FROM photo WHERE finding_id = ?1 AND (?2 IS NULL OR id = ?2)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  trygg_bind_text (stmt, 1, finding_id);
  trygg_bind_text (stmt, 2, photo_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (!g_hash_table_contains (self->graveyard, sqlite3_column_text (stmt, 0)))
      g_hash_table_insert (self->graveyard, trygg_column_dup (stmt, 0),
                           g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1)));
  return TRUE;
}

gboolean
trygg_store_run (TryggStore  *self,
                 GError     **error,
                 const char  *sql,
                 guint        n_params,
                 ...)
{
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (self->database, sql, error);
  va_list args;

  if (stmt == NULL)
    return FALSE;
  va_start (args, n_params);
  for (guint i = 0; i < n_params; i++)
    trygg_bind_text (stmt, i + 1, va_arg (args, const char *));
  va_end (args);
  return trygg_database_step_done (self->database, stmt, error);
}

/* GObject */

static void
trygg_store_finalize (GObject *object)
{
  TryggStore *self = TRYGG_STORE (object);

  g_clear_handle_id (&self->day_timer, g_source_remove);
  g_clear_handle_id (&self->duplicates_source, g_source_remove);
  g_clear_pointer (&self->pending_duplicates, trygg_duplicate_scan_free);
  g_clear_pointer (&self->overdue_day, g_free);
  g_clear_pointer (&self->today, g_free);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->graveyard, g_hash_table_unref);
  g_clear_pointer (&self->finding_by_id, g_hash_table_unref);
  g_clear_pointer (&self->measures, g_hash_table_unref);
  g_clear_pointer (&self->photos, g_hash_table_unref);
  g_clear_pointer (&self->histories, g_hash_table_unref);
  g_clear_object (&self->findings);
  g_clear_object (&self->walks);
  g_clear_object (&self->actors);
  g_clear_object (&self->categories);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (trygg_store_parent_class)->finalize (object);
}

static void
trygg_store_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TryggStore *self = TRYGG_STORE (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, trygg_store_get_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, trygg_store_get_can_redo (self));
      break;

    case PROP_UNDO_LABEL:
      g_value_set_string (value, trygg_store_get_undo_label (self));
      break;

    case PROP_REDO_LABEL:
      g_value_set_string (value, trygg_store_get_redo_label (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_store_class_init (TryggStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trygg_store_finalize;
  object_class->get_property = trygg_store_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDO_LABEL] =
    g_param_spec_string ("redo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TryggStore::changed:
   *
   * Something in the store changed: an edit, an undo, a redo, a reload,
   * or the day turned and overdue flags with it. The models and the
   * findings say what; this says when, once.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
trygg_store_init (TryggStore *self)
{
  self->findings = trygg_object_list_new (TRYGG_TYPE_FINDING);
  self->walks = trygg_object_list_new (TRYGG_TYPE_WALK);
  self->actors = trygg_object_list_new (TRYGG_TYPE_ACTOR);
  self->categories = trygg_object_list_new (TRYGG_TYPE_CATEGORY);
  self->finding_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->measures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->photos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->histories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->graveyard = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_undo_entry_free);
  self->redo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_undo_entry_free);
}

/* Public API */

TryggStore *
trygg_store_new (const char  *path,
                 GError     **error)
{
  g_autoptr(TryggStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TRYGG_TYPE_STORE, NULL);
  self->database = trygg_database_open (path, error);
  if (self->database == NULL)
    return NULL;
  if (!trygg_store_reload (self, error))
    return NULL;
  arm_day_timer (self);
  return g_steal_pointer (&self);
}

TryggDatabase *
trygg_store_get_database (TryggStore *self)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  return self->database;
}

gboolean
trygg_store_reload (TryggStore  *self,
                    GError     **error)
{
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);

  /* The snapshots may no longer describe the file. */
  forget_history (self);
  /* The pending flags describe the findings as they were loaded. */
  flush_duplicates (self);

  /* One read transaction: the models show one consistent state. */
  if (!trygg_database_exec (self->database, "BEGIN", error))
    return FALSE;
  sync_small_models (self);
  if (!load_findings (self, error))
    {
      trygg_database_rollback (self->database);
      return FALSE;
    }
  g_hash_table_iter_init (&iter, self->measures);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    sync_children (self, key);
  g_hash_table_iter_init (&iter, self->photos);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    sync_children (self, key);
  g_hash_table_iter_init (&iter, self->histories);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    sync_children (self, key);
  if (!trygg_database_exec (self->database, "COMMIT", error))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

GListModel *
trygg_store_get_findings (TryggStore *self)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  return G_LIST_MODEL (self->findings);
}

GListModel *
trygg_store_get_walks (TryggStore *self)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  return G_LIST_MODEL (self->walks);
}

GListModel *
trygg_store_get_actors (TryggStore *self)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  return G_LIST_MODEL (self->actors);
}

GListModel *
trygg_store_get_categories (TryggStore *self)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  return G_LIST_MODEL (self->categories);
}

GListModel *
trygg_store_get_measures (TryggStore   *self,
                          TryggFinding *finding)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), NULL);
  return child_model (self, self->measures, finding, TRYGG_TYPE_ACTION_ITEM);
}

GListModel *
trygg_store_get_photos (TryggStore   *self,
                        TryggFinding *finding)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), NULL);
  return child_model (self, self->photos, finding, TRYGG_TYPE_PHOTO);
}

GListModel *
trygg_store_get_history (TryggStore   *self,
                         TryggFinding *finding)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), NULL);
  return child_model (self, self->histories, finding, TRYGG_TYPE_EVENT);
}

TryggFinding *
trygg_store_lookup_finding (TryggStore *self,
                            const char *id)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  return id != NULL ? g_hash_table_lookup (finding_index (self), id) : NULL;
}

static gpointer
find_in (TryggObjectList *store,
         TryggIdFunc      id_of,
         const char *id)
{
  for (guint i = 0, n = g_list_model_get_n_items (G_LIST_MODEL (store)); id != NULL && i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (id_of (item), id) == 0)
        return item;  /* the model keeps it alive */
    }
  return NULL;
}

GPtrArray *
trygg_store_get_overdue_measures (TryggStore *self,
                                  const char *today,
                                  guint       limit,
                                  guint      *n_overdue)
{
  g_autoptr(GPtrArray) measures = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 count = 0;

  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  /* Two scans of the measures (70 ms for 100,000 of them, all overdue):
   * only the shown ones become objects. */
  trygg_database_query_int64 (self->database,
                              "SELECT count (*) FROM action WHERE NOT done AND due < ?1",
                              today, &count, NULL);
  if (n_overdue != NULL)
    *n_overdue = count;

  stmt = trygg_database_prepare (self->database,
                                 "SELECT finding_id, id FROM action WHERE NOT done AND due < ?1"
                                 " ORDER BY due, rowid LIMIT ?2", NULL);
  if (stmt == NULL)
    return g_steal_pointer (&measures);
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *finding_id = (const char *) sqlite3_column_text (stmt, 0);
      const char *measure_id = (const char *) sqlite3_column_text (stmt, 1);
      TryggFinding *finding = trygg_store_lookup_finding (self, finding_id);
      g_autoptr(GListModel) model = finding != NULL ? trygg_store_get_measures (self, finding) : NULL;
      TryggActionItem *measure = model != NULL ? find_in (TRYGG_OBJECT_LIST (model),
                                                          (TryggIdFunc) trygg_action_item_get_id,
                                                          measure_id)
                                               : NULL;

      if (measure != NULL)
        g_ptr_array_add (measures, g_object_ref (measure));
    }
  return g_steal_pointer (&measures);
}

TryggWalk *
trygg_store_lookup_walk (TryggStore *self,
                         const char *id)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  return find_in (self->walks, trygg_walk_id_of, id);
}

TryggActor *
trygg_store_lookup_actor (TryggStore *self,
                          const char *id)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  return find_in (self->actors, trygg_actor_id_of, id);
}

TryggCategory *
trygg_store_lookup_category (TryggStore *self,
                             const char *key)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  return find_in (self->categories, trygg_category_id_of, key);
}

TryggRoute *
trygg_store_get_walk_route (TryggStore *self,
                            TryggWalk  *walk)
{
  TryggRoute *route;

  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  g_return_val_if_fail (TRYGG_IS_WALK (walk), NULL);

  route = trygg_database_get_walk_route (self->database, trygg_walk_get_id (walk), NULL);
  if (route == NULL)
    route = trygg_route_new ();
  route->name = g_strdup (trygg_walk_get_route_name (walk));
  return route;
}

gboolean
trygg_store_get_can_undo (TryggStore *self)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  return self->undo_stack->len > 0;
}

gboolean
trygg_store_get_can_redo (TryggStore *self)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  return self->redo_stack->len > 0;
}

const char *
trygg_store_get_undo_label (TryggStore *self)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  if (self->undo_stack->len == 0)
    return NULL;
  return ((TryggUndoEntry *) g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1))->label;
}

const char *
trygg_store_get_redo_label (TryggStore *self)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  if (self->redo_stack->len == 0)
    return NULL;
  return ((TryggUndoEntry *) g_ptr_array_index (self->redo_stack, self->redo_stack->len - 1))->label;
}

gboolean
trygg_store_undo (TryggStore  *self,
                  GError     **error)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  return move_entry (self, self->undo_stack, self->redo_stack, TRUE, error);
}

gboolean
trygg_store_redo (TryggStore  *self,
                  GError     **error)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  return move_entry (self, self->redo_stack, self->undo_stack, FALSE, error);
}
