/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>

#include "trygg-store-private.h"

/* The edit operations of TryggStore. Each one: validate, begin an edit,
 * touch what it changes, write, record history, commit. */

#define invalid trygg_store_invalid
#define finish trygg_store_finish_edit

static gboolean
stamp_finding (TryggStore  *self,
               const char  *finding_id,
               GError     **error)
{
  g_autofree char *now = trygg_timestamp_now ();

  return trygg_store_run (self, error, "UPDATE finding SET updated_at = ?2 WHERE id = ?1",
                          2, finding_id, now);
}

static gint64
query_int64 (TryggStore *self,
             const char *sql,
             const char *param1,
             const char *param2)
{
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (trygg_store_get_database (self), sql, NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;
  trygg_bind_text (stmt, 1, param1);
  trygg_bind_text (stmt, 2, param2);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  return value;
}

static gboolean
valid_location (double   latitude,
                double   longitude,
                GError **error)
{
  if (!isfinite (latitude) || fabs (latitude) > 90 || !isfinite (longitude) || fabs (longitude) > 180)
    return invalid (error, _("The place lies outside the valid coordinates. Choose a place on the map."));
  return TRUE;
}

/* One column of one finding, with its history entry and a fresh
 * updated_at, as one undoable edit. */
static gboolean
set_finding_text (TryggStore   *self,
                  TryggFinding *finding,
                  const char   *sql,
                  const char   *value,
                  char         *label,
                  GError      **error)
{
  const char *id = trygg_finding_get_id (finding);
  TryggEdit *edit = trygg_store_begin_edit (self, label, error);

  if (edit == NULL)
    return FALSE;
  return finish (self, edit,
                 trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, id, error) &&
                 trygg_store_run (self, error, sql, 2, id, value) &&
                 stamp_finding (self, id, error),
                 error);
}

/* Findings */

TryggFinding *
trygg_store_create_finding (TryggStore  *self,
                            const char  *walk_id,
                            double       latitude,
                            double       longitude,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = trygg_id_new ();
  g_autofree char *now = trygg_timestamp_now ();
  TryggEdit *edit;
  gint64 number;
  gboolean ok;

  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  g_return_val_if_fail (walk_id != NULL, NULL);

  if (!valid_location (latitude, longitude, error))
    return NULL;
  if (trygg_store_lookup_walk (self, walk_id) == NULL)
    {
      invalid (error, _("The walk no longer exists. Choose another walk."));
      return NULL;
    }

  number = query_int64 (self, "SELECT coalesce (max (number), 0) + 1 FROM finding WHERE walk_id = ?1",
                        walk_id, NULL);
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Add finding %d"), (int) number), error);
  if (edit == NULL)
    return NULL;
  stmt = trygg_database_prepare (trygg_store_get_database (self),
                                 "INSERT INTO finding (id, walk_id, number, latitude, longitude,"
                                 " observed_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                                 error);
  ok = stmt != NULL && trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, id, error);
  if (ok)
    {
      trygg_bind_text (stmt, 1, id);
      trygg_bind_text (stmt, 2, walk_id);
      sqlite3_bind_int64 (stmt, 3, number);
      sqlite3_bind_double (stmt, 4, latitude);
      sqlite3_bind_double (stmt, 5, longitude);
      trygg_bind_text (stmt, 6, now);
      ok = trygg_database_step_done (trygg_store_get_database (self), stmt, error) &&
           trygg_store_add_event (self, id, "created", NULL, NULL, error);
    }
  if (!finish (self, edit, ok, error))
    return NULL;
  return trygg_store_lookup_finding (self, id);
}

gboolean
trygg_store_delete_finding (TryggStore    *self,
                            TryggFinding  *finding,
                            GError       **error)
{
  g_autofree char *id = NULL;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), FALSE);

  id = g_strdup (trygg_finding_get_id (finding));
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Delete finding %d"),
                                                        trygg_finding_get_number (finding)), error);
  if (edit == NULL)
    return FALSE;
  return finish (self, edit,
                 trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, id, error) &&
                 trygg_store_keep_photo_data (self, id, NULL, error) &&
                 trygg_store_run (self, error, "DELETE FROM finding WHERE id = ?1", 1, id),
                 error);
}

gboolean
trygg_store_set_title (TryggStore    *self,
                       TryggFinding  *finding,
                       const char    *title,
                       GError       **error)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), FALSE);

  if (g_strcmp0 (title ? title : "", trygg_finding_get_title (finding)) == 0)
    return TRUE;
  return set_finding_text (self, finding, "UPDATE finding SET title = ?2 WHERE id = ?1",
                           title ? title : "",
                           g_strdup_printf (_("Change title of finding %d"),
                                            trygg_finding_get_number (finding)),
                           error);
}

gboolean
trygg_store_set_description (TryggStore    *self,
                             TryggFinding  *finding,
                             const char    *description,
                             GError       **error)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), FALSE);

  if (g_strcmp0 (description ? description : "", trygg_finding_get_description (finding)) == 0)
    return TRUE;
  return set_finding_text (self, finding, "UPDATE finding SET description = ?2 WHERE id = ?1",
                           description ? description : "",
                           g_strdup_printf (_("Change description of finding %d"),
                                            trygg_finding_get_number (finding)),
                           error);
}

gboolean
trygg_store_set_category (TryggStore    *self,
                          TryggFinding  *finding,
                          const char    *category_key,
                          GError       **error)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), FALSE);

  if (g_strcmp0 (category_key, trygg_finding_get_category_key (finding)) == 0)
    return TRUE;
  if (category_key != NULL && trygg_store_lookup_category (self, category_key) == NULL)
    return invalid (error, _("The category no longer exists. Choose another category."));
  return set_finding_text (self, finding, "UPDATE finding SET category = ?2 WHERE id = ?1",
                           category_key,
                           g_strdup_printf (_("Change category of finding %d"),
                                            trygg_finding_get_number (finding)),
                           error);
}

gboolean
trygg_store_set_priority (TryggStore     *self,
                          TryggFinding   *finding,
                          TryggPriority   priority,
                          GError        **error)
{
  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), FALSE);
  g_return_val_if_fail (priority <= TRYGG_PRIORITY_HIGH, FALSE);

  if (priority == trygg_finding_get_priority (finding))
    return TRUE;
  return set_finding_text (self, finding, "UPDATE finding SET priority = ?2 WHERE id = ?1",
                           trygg_priority_to_key (priority),
                           g_strdup_printf (_("Change priority of finding %d"),
                                            trygg_finding_get_number (finding)),
                           error);
}

gboolean
trygg_store_set_status (TryggStore    *self,
                        TryggFinding  *finding,
                        TryggStatus    status,
                        const char    *reason,
                        GError       **error)
{
  g_autofree char *trimmed = NULL;
  const char *id;
  TryggStatus old;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), FALSE);
  g_return_val_if_fail (status < TRYGG_N_STATUSES, FALSE);

  trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  if (status == TRYGG_STATUS_WONT_FIX && *trimmed == '\0')
    return invalid (error, _("Say why the finding will not be fixed."));
  if (status != TRYGG_STATUS_WONT_FIX)
    g_clear_pointer (&trimmed, g_free);

  old = trygg_finding_get_status (finding);
  if (status == old && g_strcmp0 (trimmed, trygg_finding_get_wont_fix_reason (finding)) == 0)
    return TRUE;

  id = trygg_finding_get_id (finding);
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Change status of finding %d"),
                                                        trygg_finding_get_number (finding)), error);
  if (edit == NULL)
    return FALSE;
  return finish (self, edit,
                 trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, id, error) &&
                 trygg_store_run (self, error,
                                  "UPDATE finding SET status = ?2, wont_fix_reason = ?3 WHERE id = ?1",
                                  3, id, trygg_status_to_key (status), trimmed) &&
                 (status == old ||
                  trygg_store_add_event (self, id, "status-changed", trygg_status_to_key (old),
                                         trygg_status_to_key (status), error)) &&
                 stamp_finding (self, id, error),
                 error);
}

gboolean
trygg_store_set_actor (TryggStore    *self,
                       TryggFinding  *finding,
                       const char    *actor_id,
                       GError       **error)
{
  TryggActor *actor = NULL;
  const char *id;
  gboolean becomes_assigned, ok;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), FALSE);

  if (g_strcmp0 (actor_id, trygg_finding_get_actor_id (finding)) == 0)
    return TRUE;
  if (actor_id != NULL && (actor = trygg_store_lookup_actor (self, actor_id)) == NULL)
    return invalid (error, _("The actor no longer exists. Choose another actor."));

  id = trygg_finding_get_id (finding);
  becomes_assigned = actor != NULL && trygg_finding_get_status (finding) == TRYGG_STATUS_NEW;
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Assign finding %d"),
                                                        trygg_finding_get_number (finding)), error);
  if (edit == NULL)
    return FALSE;
  ok = trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, id, error) &&
       trygg_store_run (self, error, "UPDATE finding SET actor_id = ?2 WHERE id = ?1", 2, id, actor_id) &&
       trygg_store_add_event (self, id, "actor-assigned", NULL,
                              actor ? trygg_actor_get_name (actor) : NULL, error) &&
       stamp_finding (self, id, error);
  /* A new finding that has someone responsible is, by definition,
   * assigned; the history says why the status moved. */
  if (ok && becomes_assigned)
    ok = trygg_store_run (self, error, "UPDATE finding SET status = 'assigned' WHERE id = ?1", 1, id) &&
         trygg_store_add_event (self, id, "status-auto", "new", "assigned", error);
  return finish (self, edit, ok, error);
}

gboolean
trygg_store_set_location (TryggStore    *self,
                          TryggFinding  *finding,
                          double         latitude,
                          double         longitude,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *id;
  TryggEdit *edit;
  gboolean ok;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), FALSE);

  if (!valid_location (latitude, longitude, error))
    return FALSE;
  if (latitude == trygg_finding_get_latitude (finding) && longitude == trygg_finding_get_longitude (finding))
    return TRUE;

  id = trygg_finding_get_id (finding);
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Move finding %d"),
                                                        trygg_finding_get_number (finding)), error);
  if (edit == NULL)
    return FALSE;
  stmt = trygg_database_prepare (trygg_store_get_database (self),
                                 "UPDATE finding SET latitude = ?2, longitude = ?3 WHERE id = ?1", error);
  ok = stmt != NULL && trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, id, error);
  if (ok)
    {
      trygg_bind_text (stmt, 1, id);
      sqlite3_bind_double (stmt, 2, latitude);
      sqlite3_bind_double (stmt, 3, longitude);
      ok = trygg_database_step_done (trygg_store_get_database (self), stmt, error) &&
           trygg_store_add_event (self, id, "moved", NULL, NULL, error) &&
           stamp_finding (self, id, error);
    }
  return finish (self, edit, ok, error);
}

gboolean
trygg_store_set_walk (TryggStore    *self,
                      TryggFinding  *finding,
                      const char    *walk_id,
                      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) taken = NULL;
  const char *id;
  gint64 number;
  TryggEdit *edit;
  gboolean ok;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), FALSE);
  g_return_val_if_fail (walk_id != NULL, FALSE);

  if (g_strcmp0 (walk_id, trygg_finding_get_walk_id (finding)) == 0)
    return TRUE;
  if (trygg_store_lookup_walk (self, walk_id) == NULL)
    return invalid (error, _("The walk no longer exists. Choose another walk."));

  id = trygg_finding_get_id (finding);
  number = trygg_finding_get_number (finding);
  taken = trygg_database_prepare (trygg_store_get_database (self),
                                  "SELECT 1 FROM finding WHERE walk_id = ?1 AND number = ?2", error);
  if (taken == NULL)
    return FALSE;
  trygg_bind_text (taken, 1, walk_id);
  sqlite3_bind_int64 (taken, 2, number);
  if (sqlite3_step (taken) == SQLITE_ROW)
    number = query_int64 (self, "SELECT coalesce (max (number), 0) + 1 FROM finding WHERE walk_id = ?1",
                          walk_id, NULL);

  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Move finding %d to another walk"),
                                                        trygg_finding_get_number (finding)), error);
  if (edit == NULL)
    return FALSE;
  stmt = trygg_database_prepare (trygg_store_get_database (self),
                                 "UPDATE finding SET walk_id = ?2, number = ?3 WHERE id = ?1", error);
  ok = stmt != NULL && trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, id, error);
  if (ok)
    {
      trygg_bind_text (stmt, 1, id);
      trygg_bind_text (stmt, 2, walk_id);
      sqlite3_bind_int64 (stmt, 3, number);
      ok = trygg_database_step_done (trygg_store_get_database (self), stmt, error) &&
           stamp_finding (self, id, error);
    }
  return finish (self, edit, ok, error);
}

/* Measures */

static int
finding_number (TryggStore *self,
                const char *finding_id)
{
  TryggFinding *finding = trygg_store_lookup_finding (self, finding_id);

  return finding != NULL ? trygg_finding_get_number (finding) : 0;
}

static gpointer
find_child (GListModel *model,
            const char *id,
            const char *(*id_of) (gpointer))
{
  for (guint i = 0, n = g_list_model_get_n_items (model); i < n; i++)
    {
      gpointer item = g_list_model_get_item (model, i);

      if (g_strcmp0 (id_of (item), id) == 0)
        return item;
      g_object_unref (item);
    }
  return NULL;
}

static const char *
measure_id (gpointer item)
{
  return trygg_action_item_get_id (item);
}

static const char *
photo_id (gpointer item)
{
  return trygg_photo_get_id (item);
}

static gboolean
check_measure (TryggStore  *self,
               const char  *text,
               const char  *actor_id,
               const char  *due,
               GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (*trimmed == '\0')
    return invalid (error, _("Describe the measure."));
  if (due != NULL && !trygg_date_is_valid (due))
    return invalid (error, _("The due date is not a date like 2026-12-31."));
  if (actor_id != NULL && trygg_store_lookup_actor (self, actor_id) == NULL)
    return invalid (error, _("The actor no longer exists. Choose another actor."));
  return TRUE;
}

TryggActionItem *
trygg_store_add_measure (TryggStore    *self,
                         TryggFinding  *finding,
                         const char    *text,
                         const char    *actor_id,
                         const char    *due,
                         GError       **error)
{
  g_autofree char *id = trygg_id_new ();
  g_autofree char *position = NULL;
  g_autoptr(GListModel) measures = NULL;
  const char *finding_id;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), NULL);

  if (!check_measure (self, text, actor_id, due, error))
    return NULL;
  finding_id = trygg_finding_get_id (finding);
  position = g_strdup_printf ("%" G_GINT64_FORMAT,
                              query_int64 (self, "SELECT coalesce (max (position) + 1, 0) FROM action"
                                                 " WHERE finding_id = ?1", finding_id, NULL));
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Add measure to finding %d"),
                                                        trygg_finding_get_number (finding)), error);
  if (edit == NULL)
    return NULL;
  if (!finish (self, edit,
               trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, finding_id, error) &&
               trygg_store_run (self, error,
                                "INSERT INTO action (id, finding_id, position, text, actor_id, due)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                6, id, finding_id, position, text, actor_id, due) &&
               trygg_store_add_event (self, finding_id, "measure-added", NULL, text, error) &&
               stamp_finding (self, finding_id, error),
               error))
    return NULL;

  measures = trygg_store_get_measures (self, finding);
  return find_child (measures, id, measure_id);
}

gboolean
trygg_store_edit_measure (TryggStore       *self,
                          TryggActionItem  *measure,
                          const char       *text,
                          const char       *actor_id,
                          const char       *due,
                          const char       *comment,
                          GError          **error)
{
  const char *finding_id;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (measure), FALSE);

  if (!check_measure (self, text, actor_id, due, error))
    return FALSE;
  finding_id = trygg_action_item_get_finding_id (measure);
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Edit measure of finding %d"),
                                                        finding_number (self, finding_id)), error);
  if (edit == NULL)
    return FALSE;
  return finish (self, edit,
                 trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, finding_id, error) &&
                 trygg_store_run (self, error,
                                  "UPDATE action SET text = ?2, actor_id = ?3, due = ?4, comment = ?5"
                                  " WHERE id = ?1",
                                  5, trygg_action_item_get_id (measure), text, actor_id, due,
                                  comment ? comment : "") &&
                 stamp_finding (self, finding_id, error),
                 error);
}

gboolean
trygg_store_set_measure_done (TryggStore       *self,
                              TryggActionItem  *measure,
                              gboolean          done,
                              GError          **error)
{
  g_autofree char *now = trygg_timestamp_now ();
  g_autofree char *text = NULL;
  const char *finding_id;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (measure), FALSE);

  if (!done == !trygg_action_item_get_done (measure))
    return TRUE;
  finding_id = trygg_action_item_get_finding_id (measure);
  text = g_strdup (trygg_action_item_get_text (measure));
  edit = trygg_store_begin_edit (self,
                                 done ? g_strdup_printf (_("Mark measure of finding %d done"),
                                                         finding_number (self, finding_id))
                                      : g_strdup_printf (_("Mark measure of finding %d not done"),
                                                         finding_number (self, finding_id)),
                                 error);
  if (edit == NULL)
    return FALSE;
  return finish (self, edit,
                 trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, finding_id, error) &&
                 trygg_store_run (self, error, "UPDATE action SET done = ?2, done_at = ?3 WHERE id = ?1",
                                  3, trygg_action_item_get_id (measure), done ? "1" : "0",
                                  done ? now : NULL) &&
                 trygg_store_add_event (self, finding_id, done ? "measure-done" : "measure-reopened",
                                        NULL, text, error) &&
                 stamp_finding (self, finding_id, error),
                 error);
}

gboolean
trygg_store_move_measure (TryggStore       *self,
                          TryggActionItem  *measure,
                          guint             position,
                          GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const char *finding_id, *id;
  TryggEdit *edit;
  gboolean ok;
  guint from = 0;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (measure), FALSE);

  finding_id = trygg_action_item_get_finding_id (measure);
  id = trygg_action_item_get_id (measure);
  stmt = trygg_database_prepare (trygg_store_get_database (self),
                                 "SELECT id FROM action WHERE finding_id = ?1 ORDER BY position, rowid", error);
  if (stmt == NULL)
    return FALSE;
  trygg_bind_text (stmt, 1, finding_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), id) == 0)
        from = ids->len;
      g_ptr_array_add (ids, trygg_column_dup (stmt, 0));
    }
  position = MIN (position, ids->len - 1);
  if (ids->len == 0 || from == position)
    return TRUE;
  g_ptr_array_insert (ids, position, g_ptr_array_steal_index (ids, from));

  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Reorder measures of finding %d"),
                                                        finding_number (self, finding_id)), error);
  if (edit == NULL)
    return FALSE;
  ok = trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, finding_id, error);
  for (guint i = 0; ok && i < ids->len; i++)
    {
      char index[16];

      g_snprintf (index, sizeof index, "%u", i);
      ok = trygg_store_run (self, error, "UPDATE action SET position = ?2 WHERE id = ?1",
                            2, ids->pdata[i], index);
    }
  return finish (self, edit, ok && stamp_finding (self, finding_id, error), error);
}

gboolean
trygg_store_remove_measure (TryggStore       *self,
                            TryggActionItem  *measure,
                            GError          **error)
{
  const char *finding_id;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (measure), FALSE);

  finding_id = trygg_action_item_get_finding_id (measure);
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Remove measure of finding %d"),
                                                        finding_number (self, finding_id)), error);
  if (edit == NULL)
    return FALSE;
  return finish (self, edit,
                 trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, finding_id, error) &&
                 trygg_store_run (self, error, "DELETE FROM action WHERE id = ?1",
                                  1, trygg_action_item_get_id (measure)) &&
                 stamp_finding (self, finding_id, error),
                 error);
}

/* Photos */

/* The signature picks the decoder (no guessing from the system's MIME
 * database, and no other formats slip through); decoding the whole image
 * is the only honest test that it is one. */
static const char *
photo_mime_type (GBytes     *bytes,
                 GdkPixbuf **out_pixbuf,
                 GError    **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  gsize size = 0;
  const guchar *data = g_bytes_get_data (bytes, &size);
  const char *type = NULL, *mime_type = NULL;
  gboolean ok;

  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    type = "png", mime_type = "image/png";
  else if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    type = "jpeg", mime_type = "image/jpeg";

  if (type != NULL && (loader = gdk_pixbuf_loader_new_with_type (type, NULL)) != NULL)
    {
      ok = gdk_pixbuf_loader_write_bytes (loader, bytes, NULL);
      ok = gdk_pixbuf_loader_close (loader, NULL) && ok;
      if (ok && gdk_pixbuf_loader_get_pixbuf (loader) != NULL)
        {
          *out_pixbuf = g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
          return mime_type;
        }
    }

  invalid (error, _("The file is not a JPEG or PNG photo that can be read. Choose another file."));
  return NULL;
}

/* The print-sized copy the report embeds as it is (see migration 2 → 3),
 * made from the pixels already decoded to check the file: upright, on
 * white where the photo is transparent, never enlarged. NULL when it
 * cannot be made; the next report makes it then. */
static GBytes *
make_print_copy (GdkPixbuf *pixbuf)
{
  g_autoptr(GdkPixbuf) oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  g_autoptr(GdkPixbuf) scaled = NULL;
  int width = gdk_pixbuf_get_width (oriented);
  int height = gdk_pixbuf_get_height (oriented);
  double scale = MIN (1.0, MIN ((double) TRYGG_PHOTO_PRINT_WIDTH / width, (double) TRYGG_PHOTO_PRINT_HEIGHT / height));
  char *buffer = NULL;
  gsize size = 0;

  width = MAX (1, (int) (width * scale + 0.5));
  height = MAX (1, (int) (height * scale + 0.5));
  if (gdk_pixbuf_get_has_alpha (oriented))
    scaled = gdk_pixbuf_composite_color_simple (oriented, width, height, GDK_INTERP_BILINEAR,
                                                255, 8, 0xffffff, 0xffffff);
  else
    scaled = gdk_pixbuf_scale_simple (oriented, width, height, GDK_INTERP_BILINEAR);
  if (scaled == NULL)
    return NULL;
  if (gdk_pixbuf_get_has_alpha (scaled))
    {
      GdkPixbuf *opaque = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);

      if (opaque == NULL)
        return NULL;
      gdk_pixbuf_copy_area (scaled, 0, 0, width, height, opaque, 0, 0);
      g_object_unref (scaled);
      scaled = opaque;
    }
  if (!gdk_pixbuf_save_to_buffer (scaled, &buffer, &size, "jpeg", NULL, "quality", "85", NULL))
    return NULL;

  return g_bytes_new_take (buffer, size);
}

TryggPhoto *
trygg_store_add_photo (TryggStore      *self,
                       TryggFinding    *finding,
                       GBytes          *bytes,
                       TryggPhotoKind   kind,
                       GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListModel) photos = NULL;
  g_autofree char *id = trygg_id_new ();
  g_autofree char *now = trygg_timestamp_now ();
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GBytes) print_copy = NULL;
  const char *mime_type, *finding_id;
  TryggEdit *edit;
  gboolean ok;

  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  g_return_val_if_fail (TRYGG_IS_FINDING (finding), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  mime_type = photo_mime_type (bytes, &pixbuf, error);
  if (mime_type == NULL)
    return NULL;
  print_copy = make_print_copy (pixbuf);
  g_clear_object (&pixbuf);

  finding_id = trygg_finding_get_id (finding);
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Add photo to finding %d"),
                                                        trygg_finding_get_number (finding)), error);
  if (edit == NULL)
    return NULL;
  stmt = trygg_database_prepare (trygg_store_get_database (self),
                                 "INSERT INTO photo (id, finding_id, position, kind, mime_type, added_at, data)"
                                 " VALUES (?1, ?2, (SELECT coalesce (max (position) + 1, 0) FROM photo"
                                 "  WHERE finding_id = ?2), ?3, ?4, ?5, ?6)",
                                 error);
  ok = stmt != NULL && trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, finding_id, error);
  if (ok)
    {
      trygg_bind_text (stmt, 1, id);
      trygg_bind_text (stmt, 2, finding_id);
      trygg_bind_text (stmt, 3, trygg_photo_kind_to_key (kind));
      trygg_bind_text (stmt, 4, mime_type);
      trygg_bind_text (stmt, 5, now);
      sqlite3_bind_blob (stmt, 6, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), SQLITE_STATIC);
      ok = trygg_database_step_done (trygg_store_get_database (self), stmt, error) &&
           (print_copy == NULL ||
            trygg_database_set_photo_print_copy (trygg_store_get_database (self), id, print_copy, error)) &&
           trygg_store_add_event (self, finding_id, "photo-added", NULL, NULL, error) &&
           stamp_finding (self, finding_id, error);
    }
  if (!finish (self, edit, ok, error))
    return NULL;

  photos = trygg_store_get_photos (self, finding);
  return find_child (photos, id, photo_id);
}

gboolean
trygg_store_set_photo_kind (TryggStore      *self,
                            TryggPhoto      *photo,
                            TryggPhotoKind   kind,
                            GError         **error)
{
  const char *finding_id;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_PHOTO (photo), FALSE);

  if (kind == trygg_photo_get_kind (photo))
    return TRUE;
  finding_id = trygg_photo_get_finding_id (photo);
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Change photo of finding %d"),
                                                        finding_number (self, finding_id)), error);
  if (edit == NULL)
    return FALSE;
  return finish (self, edit,
                 trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, finding_id, error) &&
                 trygg_store_run (self, error, "UPDATE photo SET kind = ?2 WHERE id = ?1",
                                  2, trygg_photo_get_id (photo), trygg_photo_kind_to_key (kind)),
                 error);
}

gboolean
trygg_store_remove_photo (TryggStore  *self,
                          TryggPhoto  *photo,
                          GError     **error)
{
  const char *finding_id;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_PHOTO (photo), FALSE);

  finding_id = trygg_photo_get_finding_id (photo);
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Remove photo of finding %d"),
                                                        finding_number (self, finding_id)), error);
  if (edit == NULL)
    return FALSE;
  /* Snapshots hold no image data; the store keeps it aside for undo. */
  return finish (self, edit,
                 trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, finding_id, error) &&
                 trygg_store_keep_photo_data (self, finding_id, trygg_photo_get_id (photo), error) &&
                 trygg_store_run (self, error, "DELETE FROM photo WHERE id = ?1",
                                  1, trygg_photo_get_id (photo)),
                 error);
}
