/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "trygg-store-models.h"
#include "trygg-store-snapshot.h"

/* Building model objects from rows, and bringing a model in line with
 * fresh rows while keeping the objects that stay. */

/* Replaces the contents of @store with @fresh. Items with the same id at
 * the start and end are kept and updated in place (they notify what
 * changed); the rest is one splice, so items-changed names exactly the
 * range that differs, or is not emitted at all. */
void
trygg_sync_list (TryggObjectList *store,
                 GPtrArray       *fresh,
                 TryggIdFunc      id_of,
                 TryggUpdateFunc  update)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n_old = g_list_model_get_n_items (model);
  guint prefix = 0, suffix = 0;

  while (prefix < n_old && prefix < fresh->len)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, prefix);

      if (g_strcmp0 (id_of (item), id_of (fresh->pdata[prefix])) != 0)
        break;
      update (item, fresh->pdata[prefix]);
      prefix++;
    }
  while (suffix < n_old - prefix && suffix < fresh->len - prefix)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, n_old - 1 - suffix);
      gpointer other = fresh->pdata[fresh->len - 1 - suffix];

      if (g_strcmp0 (id_of (item), id_of (other)) != 0)
        break;
      update (item, other);
      suffix++;
    }
  if (n_old - prefix - suffix > 0 || fresh->len - prefix - suffix > 0)
    {
      g_autoptr(GHashTable) old_items = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
      g_autoptr(GPtrArray) middle = g_ptr_array_new_with_free_func (g_object_unref);

      /* Objects that only moved are kept, so that whoever holds one
       * (a row, a dialog) keeps seeing it updated. */
      for (guint i = prefix; i < n_old - suffix; i++)
        {
          GObject *item = g_list_model_get_item (model, i);

          g_hash_table_insert (old_items, (gpointer) id_of (item), item);
        }
      for (guint i = prefix; i < fresh->len - suffix; i++)
        {
          GObject *item = g_hash_table_lookup (old_items, id_of (fresh->pdata[i]));

          if (item != NULL)
            update (item, fresh->pdata[i]);
          g_ptr_array_add (middle, g_object_ref (item != NULL ? item : fresh->pdata[i]));
        }
      trygg_object_list_splice (store, prefix, n_old - prefix - suffix, middle->pdata, middle->len);
    }
}

/* Interning through a few recently seen values: the load interns three
 * ids per finding, and a handful of actors and categories (and runs of
 * the same walk) would otherwise cost a locked global hash lookup each. */
static const char *
intern_cached (TryggInternCache *cache,
               sqlite3_stmt     *stmt,
               int               column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  guint len, slot;
  guint64 tag = 0;

  if (text == NULL)
    return NULL;
  len = sqlite3_column_bytes (stmt, column);
  memcpy (&tag, text, MIN (len, sizeof tag));
  for (guint i = 0; i < TRYGG_INTERN_SLOTS; i++)
    if (cache->tag[i] == tag && cache->len[i] == len && cache->recent[i] != NULL &&
        memcmp (cache->recent[i], text, len) == 0)
      return cache->recent[i];
  slot = cache->next++ % TRYGG_INTERN_SLOTS;
  cache->recent[slot] = g_intern_string (text);
  cache->tag[slot] = tag;
  cache->len[slot] = len;
  return cache->recent[slot];
}

TryggFinding *
trygg_finding_from_stmt (sqlite3_stmt     *stmt,
                         TryggInternCache *caches)
{
  TryggInternCache local[3] = { 0 };
  TryggFinding *finding = trygg_finding_new ();
  TryggStatus status = TRYGG_STATUS_NEW;
  TryggPriority priority = TRYGG_PRIORITY_MEDIUM;

  if (caches == NULL)
    caches = local;
  trygg_status_from_key ((const char *) sqlite3_column_text (stmt, 7), &status);
  trygg_priority_from_key ((const char *) sqlite3_column_text (stmt, 8), &priority);
  trygg_finding_set_rid (finding, sqlite3_column_int64 (stmt, 0));
  trygg_finding_load (finding,
                      (const char *) sqlite3_column_text (stmt, 1),
                      intern_cached (&caches[0], stmt, 2),
                      sqlite3_column_int (stmt, 3),
                      (const char *) sqlite3_column_text (stmt, 4),
                      (const char *) sqlite3_column_text (stmt, 5),
                      intern_cached (&caches[1], stmt, 6),
                      status, priority,
                      intern_cached (&caches[2], stmt, 9),
                      sqlite3_column_double (stmt, 10),
                      sqlite3_column_double (stmt, 11),
                      (const char *) sqlite3_column_text (stmt, 12),
                      (const char *) sqlite3_column_text (stmt, 13),
                      (const char *) sqlite3_column_text (stmt, 14));
  trygg_finding_load_counts (finding,
                             sqlite3_column_int (stmt, 15),
                             sqlite3_column_int (stmt, 16),
                             sqlite3_column_int (stmt, 17) > 0,
                             sqlite3_column_int (stmt, 18));
  return finding;
}

void
trygg_update_finding (gpointer item,
                      gpointer fresh_item)
{
  TryggFinding *f = item, *fresh = fresh_item;

  g_object_freeze_notify (G_OBJECT (f));
  trygg_finding_set_walk_id (f, trygg_finding_get_walk_id (fresh));
  trygg_finding_set_number (f, trygg_finding_get_number (fresh));
  trygg_finding_set_title (f, trygg_finding_get_title (fresh));
  trygg_finding_set_description (f, trygg_finding_get_description (fresh));
  trygg_finding_set_category_key (f, trygg_finding_get_category_key (fresh));
  trygg_finding_set_status (f, trygg_finding_get_status (fresh));
  trygg_finding_set_priority (f, trygg_finding_get_priority (fresh));
  trygg_finding_set_actor_id (f, trygg_finding_get_actor_id (fresh));
  trygg_finding_set_latitude (f, trygg_finding_get_latitude (fresh));
  trygg_finding_set_longitude (f, trygg_finding_get_longitude (fresh));
  trygg_finding_set_observed_at (f, trygg_finding_get_observed_at (fresh));
  trygg_finding_set_updated_at (f, trygg_finding_get_updated_at (fresh));
  trygg_finding_set_wont_fix_reason (f, trygg_finding_get_wont_fix_reason (fresh));
  trygg_finding_set_actions_done (f, trygg_finding_get_actions_done (fresh));
  trygg_finding_set_actions_total (f, trygg_finding_get_actions_total (fresh));
  trygg_finding_set_overdue (f, trygg_finding_get_overdue (fresh));
  trygg_finding_set_photo_count (f, trygg_finding_get_photo_count (fresh));
  trygg_finding_set_possible_duplicate (f, trygg_finding_get_possible_duplicate (fresh));
  g_object_thaw_notify (G_OBJECT (f));
}

const char *
trygg_walk_id_of (gpointer item)
{
  return trygg_walk_get_id (item);
}

static void
update_walk (gpointer item,
             gpointer fresh_item)
{
  TryggWalk *w = item, *fresh = fresh_item;

  trygg_walk_set_name (w, trygg_walk_get_name (fresh));
  trygg_walk_set_date (w, trygg_walk_get_date (fresh));
  trygg_walk_set_time_of_day (w, trygg_walk_get_time_of_day (fresh));
  trygg_walk_set_area (w, trygg_walk_get_area (fresh));
  trygg_walk_set_participants (w, trygg_walk_get_participants (fresh));
  trygg_walk_set_route_name (w, trygg_walk_get_route_name (fresh));
}

const char *
trygg_actor_id_of (gpointer item)
{
  return trygg_actor_get_id (item);
}

static void
update_actor (gpointer item,
              gpointer fresh_item)
{
  TryggActor *a = item, *fresh = fresh_item;

  trygg_actor_set_name (a, trygg_actor_get_name (fresh));
  trygg_actor_set_colour (a, trygg_actor_get_colour (fresh));
  trygg_actor_set_contact (a, trygg_actor_get_contact (fresh));
}

const char *
trygg_category_id_of (gpointer item)
{
  return trygg_category_get_key (item);
}

static void
update_category (gpointer item,
                 gpointer fresh_item)
{
  trygg_category_set_name (item, trygg_category_get_name (fresh_item));
  trygg_category_set_builtin (item, trygg_category_get_builtin (fresh_item));
}

static const char *
measure_id_of (gpointer item)
{
  return trygg_action_item_get_id (item);
}

static void
update_measure (gpointer item,
                gpointer fresh_item)
{
  TryggActionItem *m = item, *fresh = fresh_item;

  trygg_action_item_set_position (m, trygg_action_item_get_position (fresh));
  trygg_action_item_set_text (m, trygg_action_item_get_text (fresh));
  trygg_action_item_set_actor_id (m, trygg_action_item_get_actor_id (fresh));
  trygg_action_item_set_due (m, trygg_action_item_get_due (fresh));
  trygg_action_item_set_done (m, trygg_action_item_get_done (fresh));
  trygg_action_item_set_done_at (m, trygg_action_item_get_done_at (fresh));
  trygg_action_item_set_comment (m, trygg_action_item_get_comment (fresh));
}

static const char *
photo_id_of (gpointer item)
{
  return trygg_photo_get_id (item);
}

static void
update_photo (gpointer item,
              gpointer fresh_item)
{
  trygg_photo_set_kind (item, trygg_photo_get_kind (fresh_item));
}

static const char *
event_id_of (gpointer item)
{
  return g_object_get_data (item, "trygg-event-id");
}

static void
update_event (gpointer item,
              gpointer fresh_item)
{
  trygg_event_set_summary (item, trygg_event_get_summary (fresh_item));
}

static GPtrArray *
query_objects (TryggDatabase *database,
               const char  *sql,
               const char  *param,
               gpointer     (*make) (sqlite3_stmt *))
{
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (database, sql, NULL);
  GPtrArray *objects = g_ptr_array_new_with_free_func (g_object_unref);

  if (stmt == NULL)
    return objects;
  trygg_bind_text (stmt, 1, param);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (objects, make (stmt));
  return objects;
}

static gpointer
make_walk (sqlite3_stmt *stmt)
{
  TryggWalk *walk = trygg_walk_new ();
  TryggTimeOfDay time_of_day = TRYGG_TIME_OF_DAY_DAY;

  trygg_time_of_day_from_key ((const char *) sqlite3_column_text (stmt, 3), &time_of_day);
  trygg_walk_set_id (walk, (const char *) sqlite3_column_text (stmt, 0));
  trygg_walk_set_name (walk, (const char *) sqlite3_column_text (stmt, 1));
  trygg_walk_set_date (walk, (const char *) sqlite3_column_text (stmt, 2));
  trygg_walk_set_time_of_day (walk, time_of_day);
  trygg_walk_set_area (walk, (const char *) sqlite3_column_text (stmt, 4));
  trygg_walk_set_participants (walk, (const char *) sqlite3_column_text (stmt, 5));
  trygg_walk_set_route_name (walk, (const char *) sqlite3_column_text (stmt, 6));
  return walk;
}

static gpointer
make_actor (sqlite3_stmt *stmt)
{
  TryggActor *actor = trygg_actor_new ();

  trygg_actor_set_id (actor, (const char *) sqlite3_column_text (stmt, 0));
  trygg_actor_set_name (actor, (const char *) sqlite3_column_text (stmt, 1));
  trygg_actor_set_colour (actor, (const char *) sqlite3_column_text (stmt, 2));
  trygg_actor_set_contact (actor, (const char *) sqlite3_column_text (stmt, 3));
  return actor;
}

static gpointer
make_category (sqlite3_stmt *stmt)
{
  TryggCategory *category = trygg_category_new ();
  gboolean builtin = sqlite3_column_int (stmt, 2) != 0;

  trygg_category_set_key (category, (const char *) sqlite3_column_text (stmt, 0));
  trygg_category_set_name (category,
                           trygg_category_display_name ((const char *) sqlite3_column_text (stmt, 1),
                                                        builtin));
  trygg_category_set_builtin (category, builtin);
  return category;
}

static gpointer
make_measure (sqlite3_stmt *stmt)
{
  TryggActionItem *item = trygg_action_item_new ();

  trygg_action_item_set_id (item, (const char *) sqlite3_column_text (stmt, 0));
  trygg_action_item_set_finding_id (item, (const char *) sqlite3_column_text (stmt, 1));
  trygg_action_item_set_position (item, sqlite3_column_int (stmt, 2));
  trygg_action_item_set_text (item, (const char *) sqlite3_column_text (stmt, 3));
  trygg_action_item_set_actor_id (item, (const char *) sqlite3_column_text (stmt, 4));
  trygg_action_item_set_due (item, (const char *) sqlite3_column_text (stmt, 5));
  trygg_action_item_set_done (item, sqlite3_column_int (stmt, 6) != 0);
  trygg_action_item_set_done_at (item, (const char *) sqlite3_column_text (stmt, 7));
  trygg_action_item_set_comment (item, (const char *) sqlite3_column_text (stmt, 8));
  return item;
}

static gpointer
make_photo (sqlite3_stmt *stmt)
{
  TryggPhoto *photo = trygg_photo_new ();
  TryggPhotoKind kind = TRYGG_PHOTO_KIND_NONE;
  g_autoptr(GBytes) bytes = g_bytes_new (sqlite3_column_blob (stmt, 6), sqlite3_column_bytes (stmt, 6));

  trygg_photo_kind_from_key ((const char *) sqlite3_column_text (stmt, 3), &kind);
  trygg_photo_set_id (photo, (const char *) sqlite3_column_text (stmt, 0));
  trygg_photo_set_finding_id (photo, (const char *) sqlite3_column_text (stmt, 1));
  trygg_photo_set_kind (photo, kind);
  trygg_photo_set_mime_type (photo, (const char *) sqlite3_column_text (stmt, 4));
  trygg_photo_set_bytes (photo, bytes);
  return photo;
}

static char *
event_summary (const char *kind,
               const char *old_value,
               const char *new_value)
{
  TryggStatus old_status = TRYGG_STATUS_NEW, new_status = TRYGG_STATUS_NEW;

  if (g_str_equal (kind, "created"))
    return g_strdup (_("Finding created"));
  if (g_str_equal (kind, "imported"))
    return g_strdup (_("Updated from an imported file"));
  if (g_str_equal (kind, "moved"))
    return g_strdup (_("Moved on the map"));
  if (g_str_equal (kind, "status-changed") &&
      trygg_status_from_key (old_value, &old_status) && trygg_status_from_key (new_value, &new_status))
    return g_strdup_printf (_("Status changed from “%s” to “%s”"),
                            trygg_status_to_label (old_status), trygg_status_to_label (new_status));
  if (g_str_equal (kind, "status-auto") && trygg_status_from_key (new_value, &new_status))
    return g_strdup_printf (_("Status set to “%s” because an actor was assigned"),
                            trygg_status_to_label (new_status));
  if (g_str_equal (kind, "actor-assigned"))
    return new_value != NULL ? g_strdup_printf (_("Assigned to %s"), new_value)
                             : g_strdup (_("No longer assigned to an actor"));
  if (g_str_equal (kind, "measure-added"))
    return g_strdup_printf (_("Measure added: %s"), new_value ? new_value : "");
  if (g_str_equal (kind, "measure-done"))
    return g_strdup_printf (_("Measure done: %s"), new_value ? new_value : "");
  if (g_str_equal (kind, "measure-reopened"))
    return g_strdup_printf (_("Measure no longer done: %s"), new_value ? new_value : "");
  if (g_str_equal (kind, "photo-added"))
    return g_strdup (_("Photo added"));
  return g_strdup (kind);
}

static gpointer
make_event (sqlite3_stmt *stmt)
{
  TryggEvent *event = trygg_event_new ();
  const char *kind = (const char *) sqlite3_column_text (stmt, 3);
  g_autofree char *summary = event_summary (kind,
                                            (const char *) sqlite3_column_text (stmt, 4),
                                            (const char *) sqlite3_column_text (stmt, 5));

  g_object_set_data_full (G_OBJECT (event), "trygg-event-id",
                          g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0)), g_free);
  trygg_event_set_timestamp (event, (const char *) sqlite3_column_text (stmt, 2));
  trygg_event_set_kind (event, kind);
  trygg_event_set_summary (event, summary);
  return event;
}

#define SELECT_WALKS "SELECT id, name, date, time_of_day, area, participants, route_name" \
  " FROM walk ORDER BY date, name"
#define SELECT_ACTORS "SELECT id, name, colour, contact FROM actor ORDER BY name COLLATE NOCASE, id"
#define SELECT_CATEGORIES "SELECT key, name, builtin FROM category" \
  " ORDER BY builtin DESC, CASE WHEN builtin THEN rowid END, name COLLATE NOCASE"
#define SELECT_MEASURE_OBJECTS SELECT_ACTIONS
#define SELECT_PHOTO_OBJECTS "SELECT id, finding_id, position, kind, mime_type, added_at, data" \
  " FROM photo WHERE finding_id = ?1 ORDER BY position, rowid"

void
trygg_sync_catalogues (TryggDatabase   *database,
                       TryggObjectList *walks,
                       TryggObjectList *actors,
                       TryggObjectList *categories)
{
  g_autoptr(GPtrArray) fresh_walks = query_objects (database, SELECT_WALKS, NULL, make_walk);
  g_autoptr(GPtrArray) fresh_actors = query_objects (database, SELECT_ACTORS, NULL, make_actor);
  g_autoptr(GPtrArray) fresh_categories = query_objects (database, SELECT_CATEGORIES, NULL, make_category);

  trygg_sync_list (walks, fresh_walks, trygg_walk_id_of, update_walk);
  trygg_sync_list (actors, fresh_actors, trygg_actor_id_of, update_actor);
  trygg_sync_list (categories, fresh_categories, trygg_category_id_of, update_category);
}

void
trygg_sync_finding_children (TryggDatabase   *database,
                             const char      *finding_id,
                             TryggObjectList *measures,
                             TryggObjectList *photos,
                             TryggObjectList *history)
{
  if (measures != NULL)
    {
      g_autoptr(GPtrArray) fresh = query_objects (database, SELECT_MEASURE_OBJECTS, finding_id, make_measure);
      trygg_sync_list (measures, fresh, measure_id_of, update_measure);
    }
  if (photos != NULL)
    {
      g_autoptr(GPtrArray) fresh = query_objects (database, SELECT_PHOTO_OBJECTS, finding_id, make_photo);
      trygg_sync_list (photos, fresh, photo_id_of, update_photo);
    }
  if (history != NULL)
    {
      g_autoptr(GPtrArray) fresh = query_objects (database, SELECT_EVENTS, finding_id, make_event);
      trygg_sync_list (history, fresh, event_id_of, update_event);
    }
}
