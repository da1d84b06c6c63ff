/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-actors-dialog.h"
#include "trygg-example.h"
#include "trygg-walk-dialog.h"
#include "trygg-window-private.h"
#include "trygg-workbench-util.h"

/* The window's half that speaks to the store: opening the database (and
 * refusing it visibly), keeping the pins in step with what is shown, turning
 * map gestures into edits, and undo. */

/* Helpers */

void
trygg_window_show_error (TryggWindow  *self,
                         const char   *what,
                         const GError *error)
{
  g_autofree char *message = g_strdup_printf ("%s %s", what, error->message);

  trygg_window_show_toast (self, message);
}

/* The finding that new findings join: the walk of the selected finding,
 * else the newest walk; a database without walks gets one for today. */
static TryggWalk *
current_walk (TryggWindow  *self,
              gboolean      create,
              GError      **error)
{
  GListModel *walks = trygg_store_get_walks (self->store);
  guint n = g_list_model_get_n_items (walks);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;
  g_autofree char *name = NULL;
  TryggWalk *newest = NULL;

  if (self->selected != NULL)
    {
      TryggWalk *walk = trygg_store_lookup_walk (self->store, trygg_finding_get_walk_id (self->selected));

      if (walk != NULL)
        return walk;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TryggWalk) walk = g_list_model_get_item (walks, i);

      if (newest == NULL || g_strcmp0 (trygg_walk_get_date (walk), trygg_walk_get_date (newest)) >= 0)
        newest = walk;
    }
  if (newest != NULL || !create)
    return newest;

  now = g_date_time_new_now_local ();
  today = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the name of a walk made for the first finding; %s is a date */
  name = g_strdup_printf (_("Safety walk %s"), today);
  return trygg_store_create_walk (self->store, name, today, TRYGG_TIME_OF_DAY_DAY, NULL, NULL, error);
}

/* The finding's id, interned once and kept on the finding: interning all
 * 100,000 ids again on every edit took 60 ms. */
static const char *
pin_id (TryggFinding *finding)
{
  static GQuark quark;
  const char *id;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("trygg-pin-id");
  id = g_object_get_qdata (G_OBJECT (finding), quark);
  if (id == NULL)
    {
      id = g_intern_string (trygg_finding_get_id (finding));
      g_object_set_qdata (G_OBJECT (finding), quark, (gpointer) id);
    }
  return id;
}

static void
update_pins (TryggWindow *self)
{
  GListModel *model = self->shown;
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;
  g_autofree TryggPin *pins = g_new0 (TryggPin, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TryggFinding) finding = g_list_model_get_item (model, i);

      pins[i].latitude = trygg_finding_get_latitude (finding);
      pins[i].longitude = trygg_finding_get_longitude (finding);
      pins[i].number = trygg_finding_get_number (finding);
      pins[i].status = trygg_finding_get_status (finding);
      pins[i].category_key = trygg_finding_get_category_key (finding);
      /* Interned: the map may hold the id after the finding is gone. */
      pins[i].id = (gpointer) pin_id (finding);
    }

  trygg_map_view_set_pins (self->map_view, pins, n);
  trygg_map_view_set_selected (self->map_view,
                               self->selected != NULL ? pin_id (self->selected) : NULL);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  return -g_strcmp0 (trygg_walk_get_date (*(TryggWalk **) a), trygg_walk_get_date (*(TryggWalk **) b));
}

/* The route drawn: that of the walk the list shows, else that of the
 * selected finding's walk, else the newest walk's that has one (a walk
 * just made for the next time has no route yet, and must not hide the
 * route of the walk whose findings are on the map). */
static void
update_route (TryggWindow *self)
{
  const char *walk_id = trygg_findings_list_get_walk_id (self->findings_list);
  g_autoptr(TryggRoute) route = NULL;
  TryggWalk *walk = NULL;

  if (walk_id != NULL)
    walk = trygg_store_lookup_walk (self->store, walk_id);
  else if (self->selected != NULL)
    walk = trygg_store_lookup_walk (self->store, trygg_finding_get_walk_id (self->selected));

  if (walk != NULL)
    route = trygg_store_get_walk_route (self->store, walk);
  else
    {
      GListModel *walks = trygg_store_get_walks (self->store);
      g_autoptr(GPtrArray) newest_first = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (walks); i++)
        g_ptr_array_add (newest_first, g_list_model_get_item (walks, i));
      g_ptr_array_sort (newest_first, compare_newest_first);
      for (guint i = 0; i < newest_first->len && route == NULL; i++)
        {
          route = trygg_store_get_walk_route (self->store, g_ptr_array_index (newest_first, i));
          if (route->points->len < 2)
            g_clear_pointer (&route, trygg_route_free);
        }
    }
  trygg_map_view_set_route (self->map_view, route);
}

static gboolean
update_pins_idle_cb (gpointer user_data)
{
  TryggWindow *self = user_data;

  self->pins_idle = 0;
  update_pins (self);
  update_route (self);

  return G_SOURCE_REMOVE;
}

/* Many edits arrive at once (an import, an undo of a merge): the pins are
 * rebuilt once, before the next frame. */
static void
schedule_pins (TryggWindow *self)
{
  /* Not while the window is being taken down: its list, let go, empties
   * the findings it shows, and an idle would outlive the window. */
  if (self->store == NULL)
    return;
  if (self->pins_idle == 0)
    self->pins_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, update_pins_idle_cb, self, NULL);
}

/* One selection for the whole window: map, list and panel follow it. */
static void
select_finding (TryggWindow  *self,
                TryggFinding *finding)
{
  if (!g_set_object (&self->selected, finding))
    return;

  trygg_map_view_set_selected (self->map_view, finding != NULL ? pin_id (finding) : NULL);
  if (trygg_findings_list_get_selected_finding (self->findings_list) != finding)
    trygg_findings_list_set_selected_finding (self->findings_list, finding);
  if (trygg_finding_panel_get_finding (self->finding_panel) != finding)
    {
      /* Whatever was typed for the previous finding is stored first. */
      trygg_finding_panel_commit_edits (self->finding_panel);
      trygg_finding_panel_set_finding (self->finding_panel, finding);
    }
  /* In presentation mode the strip shows the finding instead. */
  if (!self->presenting)
    adw_flap_set_reveal_flap (self->panel_flap, finding != NULL);
  g_object_notify (G_OBJECT (self), "selected-finding");
}

static void
show_on_map (TryggWindow  *self,
             TryggFinding *finding)
{
  ShumateViewport *viewport = trygg_map_view_get_viewport (self->map_view);

  /* Close enough to see the place, never further out than the user was. */
  trygg_map_view_center_on (self->map_view,
                            trygg_finding_get_latitude (finding),
                            trygg_finding_get_longitude (finding),
                            MAX (shumate_viewport_get_zoom_level (viewport), 17.0));
}

static void
show_undo_toast (TryggWindow *self,
                 const char  *label)
{
  AdwToast *toast = trygg_toast_new_text (label);

  /* Undo instead of a confirmation: the toast offers it right here. */
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
  g_set_weak_pointer (&self->undo_toast, toast);
  trygg_window_add_toast (self, toast);
}

static void
update_undo_actions (TryggWindow *self)
{
  gboolean have_store = self->store != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 have_store && trygg_store_get_can_undo (self->store));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 have_store && trygg_store_get_can_redo (self->store));
}

static void
set_store_actions_enabled (TryggWindow *self,
                           gboolean     enabled)
{
  static const char * const actions[] = {
    "win.add-finding", "win.zoom-to-findings", "win.load-example", "win.delete-finding",
    "win.import", "win.export", "win.presentation", "win.new-walk", "win.edit-walk", "win.actors",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], enabled);
  update_undo_actions (self);
}

/* Callbacks */

static void
shown_items_changed_cb (TryggWindow *self)
{
  /* A deleted finding stops being selected. */
  if (self->selected != NULL &&
      trygg_store_lookup_finding (self->store, trygg_finding_get_id (self->selected)) == NULL)
    select_finding (self, NULL);

  schedule_pins (self);
}

static void
store_changed_cb (TryggWindow *self)
{
  schedule_pins (self);
}

static void
undo_state_cb (TryggWindow *self)
{
  update_undo_actions (self);
  /* The deletion was undone (by the toast or by Ctrl+Z), or another edit
   * came after it, which the toast's button would undo instead: either
   * way the toast has had its say. */
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
}

static void
finding_activated_cb (TryggWindow  *self,
                      const char   *id,
                      TryggMapView *view)
{
  select_finding (self, trygg_store_lookup_finding (self->store, id));
}

static void
location_chosen_cb (TryggWindow  *self,
                    double        latitude,
                    double        longitude,
                    TryggMapView *view)
{
  g_autoptr(GError) error = NULL;
  TryggFinding *finding;
  TryggWalk *walk;

  walk = current_walk (self, TRUE, &error);
  if (walk == NULL)
    {
      trygg_window_show_error (self, _("The finding could not be added."), error);
      return;
    }

  finding = trygg_store_create_finding (self->store, trygg_walk_get_id (walk), latitude, longitude, &error);
  if (finding == NULL)
    {
      trygg_window_show_error (self, _("The finding could not be added."), error);
      return;
    }

  select_finding (self, finding);
  /* A new finding needs a title first: type it at once. */
  trygg_finding_panel_focus_title (self->finding_panel);
}

static void
finding_moved_cb (TryggWindow  *self,
                  const char   *id,
                  double        latitude,
                  double        longitude,
                  TryggMapView *view)
{
  TryggFinding *finding = trygg_store_lookup_finding (self->store, id);
  g_autoptr(GError) error = NULL;

  if (finding == NULL)
    return;

  if (!trygg_store_set_location (self->store, finding, latitude, longitude, &error))
    {
      trygg_window_show_error (self, _("The finding could not be moved."), error);
      schedule_pins (self);
    }
}

static void
list_selected_cb (TryggWindow       *self,
                  GParamSpec        *pspec,
                  TryggFindingsList *list)
{
  select_finding (self, trygg_findings_list_get_selected_finding (list));
}

static void
list_activated_cb (TryggWindow       *self,
                   TryggFinding      *finding,
                   TryggFindingsList *list)
{
  select_finding (self, finding);
  show_on_map (self, finding);
}

static void
show_on_map_cb (TryggWindow       *self,
                TryggFinding      *finding,
                TryggFindingPanel *panel)
{
  show_on_map (self, finding);
}

static void
deleted_cb (TryggWindow *self,
            const char  *undo_label)
{
  show_undo_toast (self, undo_label);
}

static void
message_cb (TryggWindow *self,
            const char  *message)
{
  trygg_window_show_toast (self, message);
}

/* Actions */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!trygg_store_undo (self->store, &error))
    trygg_window_show_error (self, _("The change could not be undone."), error);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!trygg_store_redo (self->store, &error))
    trygg_window_show_error (self, _("The change could not be redone."), error);
}

static void
delete_finding_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  g_autoptr(TryggFinding) finding = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  if (self->selected == NULL)
    return;

  finding = g_object_ref (self->selected);
  if (!trygg_store_delete_finding (self->store, finding, &error))
    {
      trygg_window_show_error (self, _("The finding could not be deleted."), error);
      return;
    }

  label = trygg_deleted_message (finding);
  show_undo_toast (self, label);
}

static void
load_example_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!trygg_example_load (trygg_store_get_database (self->store), &error) ||
      !trygg_store_reload (self->store, &error))
    {
      trygg_window_show_error (self, _("The example walk could not be loaded."), error);
      return;
    }

  trygg_window_show_toast (self, _("The example walk at Södertälje C is loaded"));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.zoom-to-findings", NULL);
}

static void
new_walk_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);

  gtk_window_present (trygg_walk_dialog_new (self->store, NULL, GTK_WINDOW (self)));
}

static void
edit_walk_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  TryggWalk *walk = current_walk (self, FALSE, NULL);

  gtk_window_present (trygg_walk_dialog_new (self->store, walk, GTK_WINDOW (self)));
}

static void
actors_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);

  gtk_window_present (trygg_actors_dialog_new (self->store, GTK_WINDOW (self)));
}

/* Public within the window */

void
trygg_window_data_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.delete-finding", NULL, delete_finding_action);
  gtk_widget_class_install_action (widget_class, "win.load-example", NULL, load_example_action);
  gtk_widget_class_install_action (widget_class, "win.new-walk", NULL, new_walk_action);
  gtk_widget_class_install_action (widget_class, "win.edit-walk", NULL, edit_walk_action);
  gtk_widget_class_install_action (widget_class, "win.actors", NULL, actors_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete-finding", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
}

/* Opens the window's database. A file that is not ours, or is newer than
 * this program, is refused by the store without being touched; the window
 * then says why and offers another file or a new database. A new default
 * database starts with the typical actors and the example walk, so a new
 * user sees at once what the program does. */
void
trygg_window_data_open (TryggWindow *self)
{
  g_autoptr(GError) error = NULL;
  gboolean is_new = !g_file_test (self->database_path, G_FILE_TEST_EXISTS);

  self->store = trygg_store_new (self->database_path, &error);
  if (self->store == NULL)
    {
      g_autofree char *description = g_markup_escape_text (error->message, -1);

      /* The description is markup; the message quotes a file name. */
      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      set_store_actions_enabled (self, FALSE);
      return;
    }

  if (is_new && self->is_default_database)
    {
      TryggDatabase *db = trygg_store_get_database (self->store);

      if (!trygg_database_add_default_actors (db, &error) ||
          !trygg_example_load (db, &error) ||
          !trygg_store_reload (self->store, &error))
        trygg_window_show_error (self, _("The example walk could not be loaded."), error);
    }

  trygg_findings_list_set_store (self->findings_list, self->store);
  trygg_finding_panel_set_store (self->finding_panel, self->store);
  trygg_followup_view_set_store (self->followup_view, self->store);
  g_signal_connect_object (self->findings_list, "notify::selected-finding",
                           G_CALLBACK (list_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->findings_list, "activated",
                           G_CALLBACK (list_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->findings_list, "deleted",
                           G_CALLBACK (deleted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->findings_list, "message",
                           G_CALLBACK (message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->finding_panel, "deleted",
                           G_CALLBACK (deleted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->finding_panel, "message",
                           G_CALLBACK (message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->finding_panel, "show-on-map",
                           G_CALLBACK (show_on_map_cb), self, G_CONNECT_SWAPPED);

  /* The map shows exactly what the list shows: its filters apply there. */
  self->shown = g_object_ref (trygg_findings_list_get_model (self->findings_list));
  g_signal_connect_object (self->shown, "items-changed",
                           G_CALLBACK (shown_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::can-undo",
                           G_CALLBACK (undo_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::can-redo",
                           G_CALLBACK (undo_state_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->map_view, "finding-activated",
                           G_CALLBACK (finding_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "location-chosen",
                           G_CALLBACK (location_chosen_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "finding-moved",
                           G_CALLBACK (finding_moved_cb), self, G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->main_stack, "workbench");
  set_store_actions_enabled (self, TRUE);
  update_pins (self);
  update_route (self);
  if (is_new && self->is_default_database)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.zoom-to-findings", NULL);
}

void
trygg_window_data_dispose (TryggWindow *self)
{
  g_clear_handle_id (&self->pins_idle, g_source_remove);
  g_clear_weak_pointer (&self->undo_toast);
  g_clear_object (&self->selected);
  g_clear_object (&self->shown);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
}

TryggFinding *
trygg_window_get_selected_finding (TryggWindow *self)
{
  g_return_val_if_fail (TRYGG_IS_WINDOW (self), NULL);

  return self->selected;
}

void
trygg_window_set_selected_finding (TryggWindow  *self,
                                   TryggFinding *finding)
{
  g_return_if_fail (TRYGG_IS_WINDOW (self));

  select_finding (self, finding);
}
