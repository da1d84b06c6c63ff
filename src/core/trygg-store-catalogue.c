/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-store-private.h"

/* Edits of what findings refer to: actors, walks and user categories. */

static char *
clean_name (const char *name)
{
  return g_strstrip (g_strdup (name ? name : ""));
}

static gboolean
name_taken (TryggStore *self,
            const char *sql,
            const char *name,
            const char *except_id)
{
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (trygg_store_get_database (self), sql, NULL);

  if (stmt == NULL)
    return FALSE;
  trygg_bind_text (stmt, 1, name);
  trygg_bind_text (stmt, 2, except_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
valid_colour (const char *colour)
{
  if (colour == NULL || strlen (colour) != 7 || colour[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (colour[i]))
      return FALSE;
  return TRUE;
}

static gboolean
check_actor (TryggStore  *self,
             const char  *name,
             const char  *colour,
             const char  *except_id,
             GError     **error)
{
  if (*name == '\0')
    return trygg_store_invalid (error, _("Give the actor a name."));
  if (colour != NULL && !valid_colour (colour))
    return trygg_store_invalid (error, _("The colour must be written like #1c71d8."));
  if (name_taken (self, "SELECT 1 FROM actor WHERE name = ?1 AND id IS NOT ?2", name, except_id))
    return trygg_store_invalid (error, _("There is already an actor with that name. Choose another name."));
  return TRUE;
}

/* Actors */

TryggActor *
trygg_store_add_actor (TryggStore  *self,
                       const char  *name,
                       const char  *colour,
                       GError     **error)
{
  g_autofree char *clean = clean_name (name);
  g_autofree char *id = trygg_id_new ();
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);

  if (!check_actor (self, clean, colour, NULL, error))
    return NULL;
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Add actor %s"), clean), error);
  if (edit == NULL)
    return NULL;
  if (!trygg_store_finish_edit (self, edit,
                                trygg_edit_touch (edit, TRYGG_OBJECT_ACTOR, id, error) &&
                                trygg_store_run (self, error,
                                                 "INSERT INTO actor (id, name, colour)"
                                                 " VALUES (?1, ?2, coalesce (?3, '#3584e4'))",
                                                 3, id, clean, colour),
                                error))
    return NULL;
  return trygg_store_lookup_actor (self, id);
}

gboolean
trygg_store_edit_actor (TryggStore  *self,
                        TryggActor  *actor,
                        const char  *name,
                        const char  *colour,
                        const char  *contact,
                        GError     **error)
{
  g_autofree char *clean = clean_name (name);
  g_autofree char *old_name = NULL;
  const char *id;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_ACTOR (actor), FALSE);

  id = trygg_actor_get_id (actor);
  colour = colour ? colour : trygg_actor_get_colour (actor);
  contact = contact ? contact : "";
  if (!check_actor (self, clean, colour, id, error))
    return FALSE;
  if (g_strcmp0 (clean, trygg_actor_get_name (actor)) == 0 &&
      g_strcmp0 (colour, trygg_actor_get_colour (actor)) == 0 &&
      g_strcmp0 (contact, trygg_actor_get_contact (actor)) == 0)
    return TRUE;

  old_name = g_strdup (trygg_actor_get_name (actor));
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Edit actor %s"), old_name), error);
  if (edit == NULL)
    return FALSE;
  return trygg_store_finish_edit (self, edit,
                                  trygg_edit_touch (edit, TRYGG_OBJECT_ACTOR, id, error) &&
                                  trygg_store_run (self, error,
                                                   "UPDATE actor SET name = ?2, colour = ?3, contact = ?4"
                                                   " WHERE id = ?1",
                                                   4, id, clean, colour, contact),
                                  error);
}

static gboolean
touch_findings_where (TryggStore  *self,
                      TryggEdit   *edit,
                      const char  *sql,
                      const char  *param,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = trygg_database_prepare (trygg_store_get_database (self), sql, error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return FALSE;
  trygg_bind_text (stmt, 1, param);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, trygg_column_dup (stmt, 0));
  for (guint i = 0; i < ids->len; i++)
    if (!trygg_edit_touch (edit, TRYGG_OBJECT_FINDING, ids->pdata[i], error))
      return FALSE;
  return TRUE;
}

gboolean
trygg_store_delete_actor (TryggStore  *self,
                          TryggActor  *actor,
                          TryggActor  *heir,
                          GError     **error)
{
  g_autofree char *id = NULL;
  const char *heir_id;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_ACTOR (actor), FALSE);
  g_return_val_if_fail (heir == NULL || TRYGG_IS_ACTOR (heir), FALSE);
  g_return_val_if_fail (heir != actor, FALSE);

  id = g_strdup (trygg_actor_get_id (actor));
  heir_id = heir ? trygg_actor_get_id (heir) : NULL;
  edit = trygg_store_begin_edit (self,
                                 heir ? g_strdup_printf (_("Merge actor %s into %s"),
                                                         trygg_actor_get_name (actor),
                                                         trygg_actor_get_name (heir))
                                      : g_strdup_printf (_("Delete actor %s"), trygg_actor_get_name (actor)),
                                 error);
  if (edit == NULL)
    return FALSE;
  /* Findings first, actor last: undo runs the other way round and
   * brings the actor back before the findings point at it again. */
  return trygg_store_finish_edit (self, edit,
                                  touch_findings_where (self, edit,
                                                        "SELECT id FROM finding WHERE actor_id = ?1"
                                                        " UNION SELECT finding_id FROM action WHERE actor_id = ?1",
                                                        id, error) &&
                                  trygg_edit_touch (edit, TRYGG_OBJECT_ACTOR, id, error) &&
                                  trygg_store_run (self, error, "UPDATE finding SET actor_id = ?2 WHERE actor_id = ?1",
                                                   2, id, heir_id) &&
                                  trygg_store_run (self, error, "UPDATE action SET actor_id = ?2 WHERE actor_id = ?1",
                                                   2, id, heir_id) &&
                                  trygg_store_run (self, error, "DELETE FROM actor WHERE id = ?1", 1, id),
                                  error);
}

/* Walks */

static gboolean
check_walk (TryggStore  *self,
            const char  *name,
            const char  *date,
            const char  *except_id,
            GError     **error)
{
  if (*name == '\0')
    return trygg_store_invalid (error, _("Give the walk a name."));
  if (date != NULL && !trygg_date_is_valid (date))
    return trygg_store_invalid (error, _("The date of the walk is not a date like 2026-11-27."));
  if (name_taken (self, "SELECT 1 FROM walk WHERE name = ?1 AND id IS NOT ?2", name, except_id))
    return trygg_store_invalid (error, _("There is already a walk with that name. Choose another name."));
  return TRUE;
}

TryggWalk *
trygg_store_create_walk (TryggStore      *self,
                         const char      *name,
                         const char      *date,
                         TryggTimeOfDay   time_of_day,
                         const char      *area,
                         const char      *participants,
                         GError         **error)
{
  g_autofree char *clean = clean_name (name);
  g_autofree char *id = trygg_id_new ();
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);
  g_return_val_if_fail (time_of_day <= TRYGG_TIME_OF_DAY_EVENING, NULL);

  if (!check_walk (self, clean, date, NULL, error))
    return NULL;
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Add walk %s"), clean), error);
  if (edit == NULL)
    return NULL;
  if (!trygg_store_finish_edit (self, edit,
                                trygg_edit_touch (edit, TRYGG_OBJECT_WALK, id, error) &&
                                trygg_store_run (self, error,
                                                 "INSERT INTO walk (id, name, date, time_of_day, area, participants)"
                                                 " VALUES (?1, ?2, ?3, ?4, coalesce (?5, ''), coalesce (?6, ''))",
                                                 6, id, clean, date, trygg_time_of_day_to_key (time_of_day),
                                                 area, participants),
                                error))
    return NULL;
  return trygg_store_lookup_walk (self, id);
}

gboolean
trygg_store_edit_walk (TryggStore      *self,
                       TryggWalk       *walk,
                       const char      *name,
                       const char      *date,
                       TryggTimeOfDay   time_of_day,
                       const char      *area,
                       const char      *participants,
                       GError         **error)
{
  g_autofree char *clean = clean_name (name);
  const char *id;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_WALK (walk), FALSE);
  g_return_val_if_fail (time_of_day <= TRYGG_TIME_OF_DAY_EVENING, FALSE);

  id = trygg_walk_get_id (walk);
  if (!check_walk (self, clean, date, id, error))
    return FALSE;
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Edit walk %s"), trygg_walk_get_name (walk)), error);
  if (edit == NULL)
    return FALSE;
  return trygg_store_finish_edit (self, edit,
                                  trygg_edit_touch (edit, TRYGG_OBJECT_WALK, id, error) &&
                                  trygg_store_run (self, error,
                                                   "UPDATE walk SET name = ?2, date = ?3, time_of_day = ?4,"
                                                   " area = coalesce (?5, ''), participants = coalesce (?6, '')"
                                                   " WHERE id = ?1",
                                                   6, id, clean, date, trygg_time_of_day_to_key (time_of_day),
                                                   area, participants),
                                  error);
}

/* Categories */

static gboolean
check_category (TryggStore  *self,
                const char  *name,
                const char  *except_key,
                GError     **error)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  GListModel *categories = trygg_store_get_categories (self);

  if (*name == '\0')
    return trygg_store_invalid (error, _("Give the category a name."));
  /* Compared with the names users see, built-ins translated. */
  for (guint i = 0, n = g_list_model_get_n_items (categories); i < n; i++)
    {
      g_autoptr(TryggCategory) category = g_list_model_get_item (categories, i);
      g_autofree char *other = g_utf8_casefold (trygg_category_get_name (category), -1);

      if (g_strcmp0 (other, folded) == 0 && g_strcmp0 (trygg_category_get_key (category), except_key) != 0)
        return trygg_store_invalid (error, _("There is already a category with that name. Choose another name."));
    }
  return TRUE;
}

TryggCategory *
trygg_store_add_category (TryggStore  *self,
                          const char  *name,
                          GError     **error)
{
  g_autofree char *clean = clean_name (name);
  g_autofree char *uuid = trygg_id_new ();
  g_autofree char *key = g_strconcat ("user-", uuid, NULL);
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), NULL);

  if (!check_category (self, clean, NULL, error))
    return NULL;
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Add category %s"), clean), error);
  if (edit == NULL)
    return NULL;
  if (!trygg_store_finish_edit (self, edit,
                                trygg_edit_touch (edit, TRYGG_OBJECT_CATEGORY, key, error) &&
                                trygg_store_run (self, error,
                                                 "INSERT INTO category (key, name, builtin) VALUES (?1, ?2, 0)",
                                                 2, key, clean),
                                error))
    return NULL;
  return trygg_store_lookup_category (self, key);
}

gboolean
trygg_store_rename_category (TryggStore     *self,
                             TryggCategory  *category,
                             const char     *name,
                             GError        **error)
{
  g_autofree char *clean = clean_name (name);
  const char *key;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_CATEGORY (category), FALSE);

  if (trygg_category_get_builtin (category))
    return trygg_store_invalid (error, _("Built-in categories cannot be renamed. Add a category of your own instead."));
  key = trygg_category_get_key (category);
  if (!check_category (self, clean, key, error))
    return FALSE;
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Rename category %s"),
                                                        trygg_category_get_name (category)), error);
  if (edit == NULL)
    return FALSE;
  return trygg_store_finish_edit (self, edit,
                                  trygg_edit_touch (edit, TRYGG_OBJECT_CATEGORY, key, error) &&
                                  trygg_store_run (self, error, "UPDATE category SET name = ?2 WHERE key = ?1",
                                                   2, key, clean),
                                  error);
}

gboolean
trygg_store_delete_category (TryggStore     *self,
                             TryggCategory  *category,
                             GError        **error)
{
  g_autofree char *key = NULL;
  TryggEdit *edit;

  g_return_val_if_fail (TRYGG_IS_STORE (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_CATEGORY (category), FALSE);

  if (trygg_category_get_builtin (category))
    return trygg_store_invalid (error, _("Built-in categories cannot be deleted."));
  key = g_strdup (trygg_category_get_key (category));
  edit = trygg_store_begin_edit (self, g_strdup_printf (_("Delete category %s"),
                                                        trygg_category_get_name (category)), error);
  if (edit == NULL)
    return FALSE;
  return trygg_store_finish_edit (self, edit,
                                  touch_findings_where (self, edit, "SELECT id FROM finding WHERE category = ?1",
                                                        key, error) &&
                                  trygg_edit_touch (edit, TRYGG_OBJECT_CATEGORY, key, error) &&
                                  trygg_store_run (self, error, "DELETE FROM category WHERE key = ?1", 1, key),
                                  error);
}
