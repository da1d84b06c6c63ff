/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "trygg-object-list.h"
#include "trygg-store-private.h"

#define MAX_UNDO 100
#define DUPLICATE_METRES 15.0
#define EARTH_RADIUS_METRES 6371008.8

/* A database row as SQLite values: how snapshots keep rows without a
 * struct per table. */
typedef GPtrArray Row;

typedef struct
{
  TryggObjectKind  kind;
  char            *id;
  Row             *main;     /* NULL: the object does not exist */
  GPtrArray       *actions;  /* of Row; findings only */
  GPtrArray       *photos;   /* of Row, without the image data */
  GPtrArray       *events;   /* of Row */
} Snapshot;

typedef struct
{
  Snapshot *before;
  Snapshot *after;
} Change;

typedef struct
{
  char      *label;
  GPtrArray *changes;  /* of Change, in the order touched */
} UndoEntry;

struct _TryggEdit
{
  TryggStore *store;
  UndoEntry  *entry;
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

  /* Per-finding models handed out: finding id → TryggObjectList */
  GHashTable    *measures;
  GHashTable    *photos;
  GHashTable    *histories;

  /* Image data of photos that an undo or redo may bring back: photo id →
   * GBytes. Emptied when the undo history is. */
  GHashTable    *graveyard;

  GPtrArray     *undo_stack;      /* of UndoEntry, newest last */
  GPtrArray     *redo_stack;
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

#define SELECT_ACTIONS "SELECT id, finding_id, position, text, actor_id, due, done, done_at, comment" \
  " FROM action WHERE finding_id = ?1 ORDER BY position, rowid"
#define INSERT_ACTION "INSERT INTO action (id, finding_id, position, text, actor_id, due, done," \
  " done_at, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
#define SELECT_EVENTS "SELECT id, finding_id, at, kind, old_value, new_value" \
  " FROM event WHERE finding_id = ?1 ORDER BY id"
#define INSERT_EVENT "INSERT INTO event (id, finding_id, at, kind, old_value, new_value)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
#define SELECT_PHOTOS "SELECT id, finding_id, position, kind, mime_type, added_at" \
  " FROM photo WHERE finding_id = ?1 ORDER BY position, rowid"

/* The load query and the refresh of one finding. The counts are kept in
 * the finding row by triggers (migration 2): one plain scan loads all. */
#define FINDING_COLUMNS \
  "SELECT rid, id, walk_id, number, title, description, category, status, priority, actor_id," \
  " latitude, longitude, observed_at, updated_at, wont_fix_reason, actions_done, actions_total," \
  " coalesce (next_due < ?1, 0), photo_count FROM finding"
#define LOAD_FINDINGS FINDING_COLUMNS " ORDER BY rid"
#define LOAD_ONE_FINDING FINDING_COLUMNS " WHERE id = ?2"

/* Rows and snapshots */

static Row *
row_from_stmt (sqlite3_stmt *stmt)
{
  int n = sqlite3_column_count (stmt);
  Row *row = g_ptr_array_new_full (n, (GDestroyNotify) sqlite3_value_free);

  for (int i = 0; i < n; i++)
    g_ptr_array_add (row, sqlite3_value_dup (sqlite3_column_value (stmt, i)));
  return row;
}

static const char *
row_text (Row  *row,
          guint column)
{
  return (const char *) sqlite3_value_text (g_ptr_array_index (row, column));
}

static double
row_double (Row  *row,
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
            Row            *row,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < row->len; i++)
    sqlite3_bind_value (stmt, i + 1, g_ptr_array_index (row, i));
  return trygg_database_step_done (db, stmt, error);
}

static void
snapshot_free (Snapshot *snapshot)
{
  g_free (snapshot->id);
  g_clear_pointer (&snapshot->main, g_ptr_array_unref);
  g_clear_pointer (&snapshot->actions, g_ptr_array_unref);
  g_clear_pointer (&snapshot->photos, g_ptr_array_unref);
  g_clear_pointer (&snapshot->events, g_ptr_array_unref);
  g_free (snapshot);
}

static Snapshot *
snapshot_take (TryggDatabase    *db,
               TryggObjectKind   kind,
               const char       *id,
               GError          **error)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);
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
  snapshot_free (snapshot);
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
bury_photos (TryggStore  *self,
             const char  *finding_id,
             GPtrArray   *keep,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) remove = NULL;

  stmt = trygg_database_prepare (self->database,
                                 "SELECT id, data FROM photo WHERE finding_id = ?1", error);
  remove = stmt ? trygg_database_prepare (self->database, "DELETE FROM photo WHERE id = ?1", error) : NULL;
  if (remove == NULL)
    return FALSE;
  trygg_bind_text (stmt, 1, finding_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      if (has_row_with_id (keep, id))
        continue;
      if (!g_hash_table_contains (self->graveyard, id))
        g_hash_table_insert (self->graveyard, g_strdup (id),
                             g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1)));
      trygg_bind_text (remove, 1, id);
      if (!trygg_database_step_done (self->database, remove, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
restore_photos (TryggStore  *self,
                Snapshot    *snapshot,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;

  if (!bury_photos (self, snapshot->id, snapshot->photos, error))
    return FALSE;

  update = trygg_database_prepare (self->database,
                                   "UPDATE photo SET position = ?2, kind = ?3 WHERE id = ?1", error);
  insert = update ? trygg_database_prepare (self->database,
                                            "INSERT INTO photo (id, finding_id, position, kind, mime_type,"
                                            " added_at, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                                            " ON CONFLICT (id) DO UPDATE SET position = excluded.position,"
                                            " kind = excluded.kind", error) : NULL;
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < snapshot->photos->len; i++)
    {
      Row *row = g_ptr_array_index (snapshot->photos, i);
      GBytes *data = g_hash_table_lookup (self->graveyard, row_text (row, 0));
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
      if (!trygg_database_step_done (self->database, stmt, error))
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
static gboolean
snapshot_apply (TryggStore  *self,
                Snapshot    *snapshot,
                GError     **error)
{
  TryggDatabase *db = self->database;
  g_autoptr(sqlite3_stmt) remove = NULL;

  if (snapshot->main == NULL)
    {
      if (snapshot->kind == TRYGG_OBJECT_FINDING && !bury_photos (self, snapshot->id, NULL, error))
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
         restore_photos (self, snapshot, error);
}

static void
change_free (Change *change)
{
  g_clear_pointer (&change->before, snapshot_free);
  g_clear_pointer (&change->after, snapshot_free);
  g_free (change);
}

static void
undo_entry_free (UndoEntry *entry)
{
  g_free (entry->label);
  g_ptr_array_unref (entry->changes);
  g_free (entry);
}

/* Duplicates: another open finding of the same category within 15 m. */

static double
haversine_metres (double lat1,
                  double lon1,
                  double lat2,
                  double lon2)
{
  double phi1 = lat1 * G_PI / 180, phi2 = lat2 * G_PI / 180;
  double dphi = phi2 - phi1, dlambda = (lon2 - lon1) * G_PI / 180;
  double a = sin (dphi / 2) * sin (dphi / 2) +
             cos (phi1) * cos (phi2) * sin (dlambda / 2) * sin (dlambda / 2);

  return 2 * EARTH_RADIUS_METRES * asin (MIN (1.0, sqrt (a)));
}

/* Degrees that surely cover @metres around @latitude, for R*Tree boxes. */
static void
box_around (double  latitude,
            double  metres,
            double *dlat,
            double *dlon)
{
  *dlat = metres / 111000.0 * 1.01;
  *dlon = *dlat / MAX (cos (latitude * G_PI / 180), 0.01);
}

/* The R*Tree narrows the search to a box, the haversine decides. */
static gboolean
has_open_neighbour (TryggStore   *self,
                    TryggFinding *finding)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  double lat = trygg_finding_get_latitude (finding);
  double lon = trygg_finding_get_longitude (finding);
  double dlat, dlon;
  gboolean found = FALSE;

  if (trygg_finding_get_category_key (finding) == NULL)
    return FALSE;

  box_around (lat, DUPLICATE_METRES, &dlat, &dlon);
  stmt = trygg_database_prepare (self->database,
                                 "SELECT f.latitude, f.longitude FROM finding_location r"
                                 " JOIN finding f ON f.rid = r.rid"
                                 " WHERE r.max_lat >= ?1 AND r.min_lat <= ?2"
                                 "   AND r.max_lon >= ?3 AND r.min_lon <= ?4"
                                 "   AND f.category = ?5 AND f.id <> ?6"
                                 "   AND f.status NOT IN ('fixed', 'wont_fix')",
                                 NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_double (stmt, 1, lat - dlat);
  sqlite3_bind_double (stmt, 2, lat + dlat);
  sqlite3_bind_double (stmt, 3, lon - dlon);
  sqlite3_bind_double (stmt, 4, lon + dlon);
  trygg_bind_text (stmt, 5, trygg_finding_get_category_key (finding));
  trygg_bind_text (stmt, 6, trygg_finding_get_id (finding));
  while (!found && sqlite3_step (stmt) == SQLITE_ROW)
    found = haversine_metres (lat, lon, sqlite3_column_double (stmt, 0),
                              sqlite3_column_double (stmt, 1)) <= DUPLICATE_METRES;
  return found;
}

/* A change at (lat, lon) can change the flag of every finding within 15 m
 * of it. */
static void
update_duplicates_near (TryggStore *self,
                        double      lat,
                        double      lon)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  double dlat, dlon;

  box_around (lat, DUPLICATE_METRES, &dlat, &dlon);
  stmt = trygg_database_prepare (self->database,
                                 "SELECT f.id, f.latitude, f.longitude FROM finding_location r"
                                 " JOIN finding f ON f.rid = r.rid"
                                 " WHERE r.max_lat >= ?1 AND r.min_lat <= ?2"
                                 "   AND r.max_lon >= ?3 AND r.min_lon <= ?4",
                                 NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_double (stmt, 1, lat - dlat);
  sqlite3_bind_double (stmt, 2, lat + dlat);
  sqlite3_bind_double (stmt, 3, lon - dlon);
  sqlite3_bind_double (stmt, 4, lon + dlon);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TryggFinding *near = g_hash_table_lookup (self->finding_by_id, sqlite3_column_text (stmt, 0));

      if (near != NULL &&
          haversine_metres (lat, lon, sqlite3_column_double (stmt, 1),
                            sqlite3_column_double (stmt, 2)) <= DUPLICATE_METRES)
        trygg_finding_set_possible_duplicate (near, has_open_neighbour (self, near));
    }
}

/* At load time one R*Tree query per finding would cost more than the rest
 * of the load together, so all flags are found at once with a grid of
 * cells at least 15 m wide: a neighbour is always in one of the 3 × 3 cells
 * around a finding. Cells are hashed into slots; the open findings are
 * sorted by slot, and a count per slot lets most findings (nothing open
 * around them) skip the search altogether. */
#define SLOT_BITS 20

typedef struct
{
  guint         slot;
  gboolean      open;  /* open, with a category: can be duplicated */
  gint64        x;
  gint64        y;
  TryggFinding *finding;
} SlotEntry;

/* Wraps the grid every 1024 cells (about 15 km) rather than hashing it, so
 * the 3 × 3 cells around a finding share three cache lines. */
static guint
cell_slot (gint64 x,
           gint64 y)
{
  return (((guint) x & 1023) << 10) | ((guint) y & 1023);
}

static int
slot_entry_compare (gconstpointer a,
                    gconstpointer b)
{
  const SlotEntry *ea = a, *eb = b;

  return ea->slot < eb->slot ? -1 : ea->slot > eb->slot;
}

static gboolean
open_neighbour_in_slot (GArray       *entries,
                        guint         slot,
                        TryggFinding *f)
{
  guint low = 0, high = entries->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (g_array_index (entries, SlotEntry, mid).slot < slot)
        low = mid + 1;
      else
        high = mid;
    }
  for (; low < entries->len && g_array_index (entries, SlotEntry, low).slot == slot; low++)
    {
      TryggFinding *other = g_array_index (entries, SlotEntry, low).finding;

      if (other != f && other->category_key == f->category_key &&
          haversine_metres (f->latitude, f->longitude, other->latitude, other->longitude) <= DUPLICATE_METRES)
        return TRUE;
    }
  return FALSE;
}

static void
flag_all_duplicates (GPtrArray *findings)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (SlotEntry));
  g_autofree SlotEntry *cells = g_new (SlotEntry, findings->len);
  g_autofree guint8 *occupied = g_malloc0 (1u << SLOT_BITS);
  double max_abs_lat = 0, cell_lat, cell_lon;

  for (guint i = 0; i < findings->len; i++)
    max_abs_lat = MAX (max_abs_lat, fabs (((TryggFinding *) findings->pdata[i])->latitude));
  box_around (max_abs_lat, DUPLICATE_METRES, &cell_lat, &cell_lon);

  /* One pass over the objects; the rest works on the compact arrays. */
  for (guint i = 0; i < findings->len; i++)
    {
      TryggFinding *f = findings->pdata[i];

      cells[i].finding = f;
      cells[i].x = floor (f->latitude / cell_lat);
      cells[i].y = floor (f->longitude / cell_lon);
      cells[i].slot = cell_slot (cells[i].x, cells[i].y);
      cells[i].open = f->category_key != NULL && trygg_status_is_open (f->status);
      if (!cells[i].open)
        continue;
      g_array_append_val (entries, cells[i]);
      if (occupied[cells[i].slot] < G_MAXUINT8)
        occupied[cells[i].slot]++;
    }
  g_array_sort (entries, slot_entry_compare);

  for (guint i = 0; i < findings->len; i++)
    {
      TryggFinding *f = cells[i].finding;
      guint around = 0;
      gboolean found = FALSE;

      for (int dx = -1; dx <= 1; dx++)
        for (int dy = -1; dy <= 1; dy++)
          around += occupied[cell_slot (cells[i].x + dx, cells[i].y + dy)];
      if (cells[i].open)
        around--;  /* itself */
      if (around == 0 || f->category_key == NULL)
        continue;
      for (int dx = -1; dx <= 1 && !found; dx++)
        for (int dy = -1; dy <= 1 && !found; dy++)
          if (occupied[cell_slot (cells[i].x + dx, cells[i].y + dy)] > 0)
            found = open_neighbour_in_slot (entries, cell_slot (cells[i].x + dx, cells[i].y + dy), f);
      f->possible_duplicate = found;
    }
}

/* Keeping models in step with the database */

typedef const char *(*IdFunc)     (gpointer item);
typedef void        (*UpdateFunc) (gpointer item,
                                   gpointer fresh);

/* Replaces the contents of @store with @fresh. Items with the same id at
 * the start and end are kept and updated in place (they notify what
 * changed); the rest is one splice, so items-changed names exactly the
 * range that differs, or is not emitted at all. */
static void
sync_list (TryggObjectList *store,
           GPtrArray  *fresh,
           IdFunc      id_of,
           UpdateFunc  update)
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

/* Interning through a few most recently seen values: the load interns three
 * ids per finding, and a handful of actors and categories (and runs of
 * the same walk) would otherwise cost a locked global hash lookup each. */
#define INTERN_SLOTS 16

typedef struct
{
  const char *recent[INTERN_SLOTS];
} InternCache;

static const char *
intern_cached (InternCache   *cache,
               const guchar  *text)
{
  const char *found;
  guint i;

  if (text == NULL)
    return NULL;
  for (i = 0; i < INTERN_SLOTS && cache->recent[i] != NULL; i++)
    if (strcmp (cache->recent[i], (const char *) text) == 0)
      break;
  found = i < INTERN_SLOTS && cache->recent[i] != NULL ? cache->recent[i]
                                                        : g_intern_string ((const char *) text);
  /* Move to front. */
  memmove (cache->recent + 1, cache->recent, MIN (i, INTERN_SLOTS - 1) * sizeof (char *));
  cache->recent[0] = found;
  return found;
}

static TryggFinding *
finding_from_stmt_cached (sqlite3_stmt *stmt,
                          InternCache  *caches)
{
  TryggFinding *finding = trygg_finding_new ();
  TryggStatus status = TRYGG_STATUS_NEW;
  TryggPriority priority = TRYGG_PRIORITY_MEDIUM;

  trygg_status_from_key ((const char *) sqlite3_column_text (stmt, 7), &status);
  trygg_priority_from_key ((const char *) sqlite3_column_text (stmt, 8), &priority);
  trygg_finding_set_rid (finding, sqlite3_column_int64 (stmt, 0));
  trygg_finding_load (finding,
                      (const char *) sqlite3_column_text (stmt, 1),
                      intern_cached (&caches[0], sqlite3_column_text (stmt, 2)),
                      sqlite3_column_int (stmt, 3),
                      (const char *) sqlite3_column_text (stmt, 4),
                      (const char *) sqlite3_column_text (stmt, 5),
                      intern_cached (&caches[1], sqlite3_column_text (stmt, 6)),
                      status, priority,
                      intern_cached (&caches[2], sqlite3_column_text (stmt, 9)),
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

static TryggFinding *
finding_from_stmt (sqlite3_stmt *stmt)
{
  InternCache caches[3] = { 0 };

  return finding_from_stmt_cached (stmt, caches);
}

static void
update_finding (gpointer item,
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
  g_autofree char *today = trygg_today_local ();
  TryggFinding *existing = g_hash_table_lookup (self->finding_by_id, id);
  gboolean found;
  guint position;

  stmt = trygg_database_prepare (self->database, LOAD_ONE_FINDING, NULL);
  if (stmt == NULL)
    return;
  trygg_bind_text (stmt, 1, today);
  trygg_bind_text (stmt, 2, id);

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(TryggFinding) fresh = finding_from_stmt (stmt);

      trygg_finding_set_possible_duplicate (fresh, has_open_neighbour (self, fresh));
      if (existing != NULL)
        {
          update_finding (existing, fresh);
          return;
        }
      position = finding_position (self, trygg_finding_get_rid (fresh), &found);
      g_hash_table_insert (self->finding_by_id, (char *) trygg_finding_get_id (fresh), fresh);
      trygg_object_list_insert (self->findings, position, fresh);
    }
  else if (existing != NULL)
    {
      position = finding_position (self, trygg_finding_get_rid (existing), &found);
      g_hash_table_remove (self->finding_by_id, id);
      if (found)
        trygg_object_list_remove (self->findings, position);
    }
}

static const char *
walk_id_of (gpointer item)
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

static const char *
actor_id_of (gpointer item)
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

static const char *
category_id_of (gpointer item)
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
query_objects (TryggStore  *self,
               const char  *sql,
               const char  *param,
               gpointer   (*make) (TryggStore *, sqlite3_stmt *))
{
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (self->database, sql, NULL);
  GPtrArray *objects = g_ptr_array_new_with_free_func (g_object_unref);

  if (stmt == NULL)
    return objects;
  trygg_bind_text (stmt, 1, param);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (objects, make (self, stmt));
  return objects;
}

static gpointer
make_walk (TryggStore   *self,
           sqlite3_stmt *stmt)
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
make_actor (TryggStore   *self,
            sqlite3_stmt *stmt)
{
  TryggActor *actor = trygg_actor_new ();

  trygg_actor_set_id (actor, (const char *) sqlite3_column_text (stmt, 0));
  trygg_actor_set_name (actor, (const char *) sqlite3_column_text (stmt, 1));
  trygg_actor_set_colour (actor, (const char *) sqlite3_column_text (stmt, 2));
  trygg_actor_set_contact (actor, (const char *) sqlite3_column_text (stmt, 3));
  return actor;
}

static gpointer
make_category (TryggStore   *self,
               sqlite3_stmt *stmt)
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
make_measure (TryggStore   *self,
              sqlite3_stmt *stmt)
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
make_photo (TryggStore   *self,
            sqlite3_stmt *stmt)
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
event_summary (TryggStore *self,
               const char *kind,
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
make_event (TryggStore   *self,
            sqlite3_stmt *stmt)
{
  TryggEvent *event = trygg_event_new ();
  const char *kind = (const char *) sqlite3_column_text (stmt, 3);
  g_autofree char *summary = event_summary (self, kind,
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

static void
sync_small_models (TryggStore *self)
{
  g_autoptr(GPtrArray) walks = query_objects (self, SELECT_WALKS, NULL, make_walk);
  g_autoptr(GPtrArray) actors = query_objects (self, SELECT_ACTORS, NULL, make_actor);
  g_autoptr(GPtrArray) categories = query_objects (self, SELECT_CATEGORIES, NULL, make_category);

  sync_list (self->walks, walks, walk_id_of, update_walk);
  sync_list (self->actors, actors, actor_id_of, update_actor);
  sync_list (self->categories, categories, category_id_of, update_category);
}

static void
sync_children (TryggStore *self,
               const char *finding_id)
{
  TryggObjectList *store;

  if ((store = g_hash_table_lookup (self->measures, finding_id)) != NULL)
    {
      g_autoptr(GPtrArray) fresh = query_objects (self, SELECT_MEASURE_OBJECTS, finding_id, make_measure);
      sync_list (store, fresh, measure_id_of, update_measure);
    }
  if ((store = g_hash_table_lookup (self->photos, finding_id)) != NULL)
    {
      g_autoptr(GPtrArray) fresh = query_objects (self, SELECT_PHOTO_OBJECTS, finding_id, make_photo);
      sync_list (store, fresh, photo_id_of, update_photo);
    }
  if ((store = g_hash_table_lookup (self->histories, finding_id)) != NULL)
    {
      g_autoptr(GPtrArray) fresh = query_objects (self, SELECT_EVENTS, finding_id, make_event);
      sync_list (store, fresh, event_id_of, update_event);
    }
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
  g_autofree char *today = trygg_today_local ();
  InternCache caches[3] = { 0 };  /* walk, category, actor */
  int rc;

  stmt = trygg_database_prepare (self->database, LOAD_FINDINGS, error);
  if (stmt == NULL)
    return FALSE;
  trygg_bind_text (stmt, 1, today);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (fresh, finding_from_stmt_cached (stmt, caches));
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (self->database, error);
      return FALSE;
    }
  flag_all_duplicates (fresh);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->findings)) == 0)
    {
      /* The first load: the model takes @fresh as it is. */
      for (guint i = 0; i < fresh->len; i++)
        g_hash_table_insert (self->finding_by_id, (char *) trygg_finding_get_id (fresh->pdata[i]),
                             fresh->pdata[i]);
      trygg_object_list_splice (self->findings, 0, 0, fresh->pdata, fresh->len);
      return TRUE;
    }

  /* Objects that stay are updated in place by sync_list(), so the table
   * is rebuilt from the model afterwards rather than from @fresh. */
  g_hash_table_remove_all (self->finding_by_id);
  sync_list (self->findings, fresh, (IdFunc) trygg_finding_get_id, update_finding);
  for (guint i = 0, n = g_list_model_get_n_items (G_LIST_MODEL (self->findings)); i < n; i++)
    {
      TryggFinding *finding = g_list_model_get_item (G_LIST_MODEL (self->findings), i);

      g_hash_table_insert (self->finding_by_id, (char *) trygg_finding_get_id (finding), finding);
      g_object_unref (finding);
    }
  return TRUE;
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
finding_position_of (Snapshot *snapshot,
                     double   *lat,
                     double   *lon)
{
  *lat = row_double (snapshot->main, 10);
  *lon = row_double (snapshot->main, 11);
}

/* Brings the models in line with the database for every object in
 * @entry, and the duplicate flags around where findings were and are. */
static void
sync_entry (TryggStore *self,
            UndoEntry  *entry)
{
  gboolean small = FALSE;

  for (guint i = 0; i < entry->changes->len; i++)
    {
      Change *change = g_ptr_array_index (entry->changes, i);

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
      Change *change = g_ptr_array_index (entry->changes, i);
      double lat, lon;

      if (change->before->kind != TRYGG_OBJECT_FINDING)
        continue;
      if (change->before->main != NULL)
        {
          finding_position_of (change->before, &lat, &lon);
          update_duplicates_near (self, lat, lon);
        }
      if (change->after->main != NULL)
        {
          finding_position_of (change->after, &lat, &lon);
          update_duplicates_near (self, lat, lon);
        }
    }
}

static gboolean
apply_entry (TryggStore  *self,
             UndoEntry   *entry,
             gboolean     undo,
             GError     **error)
{
  if (!trygg_database_begin (self->database, error))
    return FALSE;

  for (guint i = 0; i < entry->changes->len; i++)
    {
      guint index = undo ? entry->changes->len - 1 - i : i;
      Change *change = g_ptr_array_index (entry->changes, index);

      if (!snapshot_apply (self, undo ? change->before : change->after, error))
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
  UndoEntry *entry;

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
  edit->entry = g_new0 (UndoEntry, 1);
  edit->entry->label = label;
  edit->entry->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  return edit;
}

gboolean
trygg_edit_touch (TryggEdit        *edit,
                  TryggObjectKind   kind,
                  const char       *id,
                  GError          **error)
{
  Change *change;

  for (guint i = 0; i < edit->entry->changes->len; i++)
    {
      Snapshot *before = ((Change *) g_ptr_array_index (edit->entry->changes, i))->before;

      if (before->kind == kind && g_strcmp0 (before->id, id) == 0)
        return TRUE;
    }

  change = g_new0 (Change, 1);
  change->before = snapshot_take (edit->store->database, kind, id, error);
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
  undo_entry_free (edit->entry);
  g_free (edit);
}

gboolean
trygg_store_commit_edit (TryggStore  *self,
                         TryggEdit   *edit,
                         GError     **error)
{
  UndoEntry *entry = edit->entry;

  for (guint i = 0; i < entry->changes->len; i++)
    {
      Change *change = g_ptr_array_index (entry->changes, i);

      change->after = snapshot_take (self->database, change->before->kind, change->before->id, error);
      if (change->after == NULL)
        {
          trygg_store_abort_edit (self, edit);
          return FALSE;
        }
    }
  if (!trygg_database_commit (self->database, error))
    {
      undo_entry_free (entry);
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
   * Something in the store changed: an edit, an undo, a redo or a reload.
   * The models say what; this says when, once.
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
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) undo_entry_free);
  self->redo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) undo_entry_free);
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
  return id != NULL ? g_hash_table_lookup (self->finding_by_id, id) : NULL;
}

static gpointer
find_in (TryggObjectList *store,
         IdFunc      id_of,
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

TryggWalk *
trygg_store_lookup_walk (TryggStore *self,
                         const char *id)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  return find_in (self->walks, walk_id_of, id);
}

TryggActor *
trygg_store_lookup_actor (TryggStore *self,
                          const char *id)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  return find_in (self->actors, actor_id_of, id);
}

TryggCategory *
trygg_store_lookup_category (TryggStore *self,
                             const char *key)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  return find_in (self->categories, category_id_of, key);
}

TryggRoute *
trygg_store_get_walk_route (TryggStore *self,
                            TryggWalk  *walk)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  TryggRoute *route;

  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  g_return_val_if_fail (TRYGG_IS_WALK (walk), NULL);

  route = trygg_route_new ();
  route->name = g_strdup (trygg_walk_get_route_name (walk));
  stmt = trygg_database_prepare (self->database,
                                 "SELECT latitude, longitude FROM route_point WHERE walk_id = ?1 ORDER BY seq",
                                 NULL);
  if (stmt == NULL)
    return route;
  trygg_bind_text (stmt, 1, trygg_walk_get_id (walk));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TryggRoutePoint point = { sqlite3_column_double (stmt, 0), sqlite3_column_double (stmt, 1) };

      g_array_append_val (route->points, point);
    }
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
  return ((UndoEntry *) g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1))->label;
}

const char *
trygg_store_get_redo_label (TryggStore *self)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  if (self->redo_stack->len == 0)
    return NULL;
  return ((UndoEntry *) g_ptr_array_index (self->redo_stack, self->redo_stack->len - 1))->label;
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
