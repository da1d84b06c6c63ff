/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-workbench-util.h"

/* Same colours as the pins (see src/map/trygg-pin-renderer.c). */
static const char * const status_colours[] = {
  [TRYGG_STATUS_NEW] = "#c01c28",
  [TRYGG_STATUS_ASSIGNED] = "#c64600",
  [TRYGG_STATUS_IN_PROGRESS] = "#1a5fb4",
  [TRYGG_STATUS_FIXED] = "#26a269",
  [TRYGG_STATUS_WONT_FIX] = "#77767b",
};

static const char * const status_classes[] = {
  [TRYGG_STATUS_NEW] = "status-new",
  [TRYGG_STATUS_ASSIGNED] = "status-assigned",
  [TRYGG_STATUS_IN_PROGRESS] = "status-in-progress",
  [TRYGG_STATUS_FIXED] = "status-fixed",
  [TRYGG_STATUS_WONT_FIX] = "status-wont-fix",
};

const char *
trygg_status_colour (TryggStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_colours), "#000000");
  return status_colours[status];
}

const char *
trygg_status_css_class (TryggStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_classes), "status-new");
  return status_classes[status];
}

void
trygg_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

void
trygg_workbench_ensure_css (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  /* One stylesheet per display; the display keeps the provider. */
  if (g_object_get_data (G_OBJECT (display), "trygg-workbench-css") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/ui/trygg-workbench.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "trygg-workbench-css",
                          g_steal_pointer (&provider), g_object_unref);
}

const char *
trygg_store_actor_name (TryggStore *store,
                        const char *actor_id)
{
  TryggActor *actor;

  if (store == NULL || actor_id == NULL)
    return NULL;
  actor = trygg_store_lookup_actor (store, actor_id);
  return actor != NULL ? trygg_actor_get_name (actor) : NULL;
}

const char *
trygg_store_category_name (TryggStore *store,
                           const char *category_key)
{
  TryggCategory *category;

  if (store == NULL || category_key == NULL)
    return NULL;
  category = trygg_store_lookup_category (store, category_key);
  return category != NULL ? trygg_category_get_name (category) : NULL;
}

char *
trygg_format_timestamp (const char *iso8601)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL)
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (iso8601, g_time_zone_new_utc ());
  if (utc == NULL)
    return g_strdup (iso8601);
  local = g_date_time_to_local (utc);
  /* TRANSLATORS: date and time in the finding's history; strftime format.
   * Swedish usage is ISO dates: 2026-11-27 14:05 */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

char *
trygg_format_date (const char *ymd)
{
  int y, m, d;
  g_autoptr(GDateTime) date = NULL;

  if (ymd == NULL || sscanf (ymd, "%d-%d-%d", &y, &m, &d) != 3)
    return g_strdup (ymd != NULL ? ymd : "");
  date = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (date == NULL)
    return g_strdup (ymd);
  /* TRANSLATORS: a due date; strftime format. Swedish: 2026-12-15 */
  return g_date_time_format (date, _("%Y-%m-%d"));
}

char *
trygg_today_ymd (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

GListModel *
trygg_actor_choice_model_new (TryggStore *store,
                              const char *none_label)
{
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(GtkStringList) none = gtk_string_list_new (NULL);

  gtk_string_list_append (none, none_label);
  g_list_store_append (parts, none);
  g_list_store_append (parts, trygg_store_get_actors (store));
  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (parts)));
}

guint
trygg_actor_choice_position (GListModel *model,
                             const char *actor_id)
{
  guint n = g_list_model_get_n_items (model);

  if (actor_id == NULL)
    return 0;
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (TRYGG_IS_ACTOR (item) && g_strcmp0 (trygg_actor_get_id (TRYGG_ACTOR (item)), actor_id) == 0)
        return i;
    }
  return 0;
}

const char *
trygg_actor_choice_id (GListModel *model,
                       guint       position)
{
  g_autoptr(GObject) item = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;
  item = g_list_model_get_item (model, position);
  /* The actor lives on in the store's model after the unref. */
  return TRYGG_IS_ACTOR (item) ? trygg_actor_get_id (TRYGG_ACTOR (item)) : NULL;
}

static char *
name_of (GObject *item)
{
  if (TRYGG_IS_ACTOR (item))
    return g_strdup (trygg_actor_get_name (TRYGG_ACTOR (item)));
  if (TRYGG_IS_CATEGORY (item))
    return g_strdup (trygg_category_get_name (TRYGG_CATEGORY (item)));
  if (TRYGG_IS_WALK (item))
    {
      TryggWalk *walk = TRYGG_WALK (item);
      g_autofree char *date = trygg_format_date (trygg_walk_get_date (walk));

      /* TRANSLATORS: a walk in a list: its name, date and day/evening */
      return g_strdup_printf (_("%s (%s, %s)"), trygg_walk_get_name (walk), date,
                              trygg_time_of_day_to_label (trygg_walk_get_time_of_day (walk)));
    }
  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
  return g_strdup ("");
}

GtkExpression *
trygg_name_expression_new (void)
{
  return gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                      G_CALLBACK (name_of), NULL, NULL);
}

char *
trygg_error_message (const GError *error,
                     const char   *context)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == TRYGG_DATABASE_ERROR && error->code == TRYGG_DATABASE_ERROR_INVALID)
    return g_strdup (error->message);
  /* TRANSLATORS: what failed, then the reason from the system */
  return g_strdup_printf (_("%s: %s"), context, error->message);
}

char *
trygg_deleted_message (TryggFinding *finding)
{
  return g_strdup_printf (_("Finding %d deleted"), trygg_finding_get_number (finding));
}

void
trygg_drop_down_label_button (GtkDropDown *drop_down)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (drop_down));

  if (GTK_IS_TOGGLE_BUTTON (button))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    drop_down, NULL, -1);
}

AdwToast *
trygg_toast_new_text (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}
