/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-resources.h"
#include "trygg-walk-dialog.h"
#include "trygg-workbench-util.h"

/* Participants are stored as one line of text (what the report prints):
 * the ticked actors' names, then the other names, separated by commas. */
#define SEPARATOR ", "

struct _TryggWalkDialog
{
  AdwWindow        parent_instance;

  TryggStore      *store;
  TryggWalk       *walk;
  char            *date;
  GPtrArray       *checks;   /* GtkCheckButton per actor, in actor order */

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkWidget       *save_button;
  AdwEntryRow     *name_row;
  GtkMenuButton   *date_button;
  GtkPopover      *date_popover;
  GtkCalendar     *calendar;
  AdwComboRow     *time_row;
  AdwEntryRow     *area_row;
  GtkListBox      *participants_list;
  AdwEntryRow     *others_row;
};

G_DEFINE_FINAL_TYPE (TryggWalkDialog, trygg_walk_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
set_date (TryggWalkDialog *self,
          const char      *ymd)
{
  g_autofree char *label = trygg_format_date (ymd);

  g_free (self->date);
  self->date = g_strdup (ymd);
  gtk_menu_button_set_label (self->date_button, label);
  /* GTK 4.8 names only the button inside a menu button after its label. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
}

static gboolean
is_actor_name (TryggWalkDialog *self,
               const char      *name,
               guint           *out_index)
{
  GListModel *actors = trygg_store_get_actors (self->store);

  for (guint i = 0; i < g_list_model_get_n_items (actors); i++)
    {
      g_autoptr(TryggActor) actor = g_list_model_get_item (actors, i);

      if (g_strcmp0 (trygg_actor_get_name (actor), name) == 0)
        {
          *out_index = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
load_participants (TryggWalkDialog *self,
                   const char      *participants)
{
  g_auto(GStrv) parts = g_strsplit (participants != NULL ? participants : "", ",", -1);
  g_autoptr(GString) others = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);
      guint index;

      if (*name == '\0')
        continue;
      if (is_actor_name (self, name, &index) && index < self->checks->len)
        gtk_check_button_set_active (g_ptr_array_index (self->checks, index), TRUE);
      else
        {
          if (others->len > 0)
            g_string_append (others, SEPARATOR);
          g_string_append (others, name);
        }
    }
  gtk_editable_set_text (GTK_EDITABLE (self->others_row), others->str);
}

static char *
participants_text (TryggWalkDialog *self)
{
  GListModel *actors = trygg_store_get_actors (self->store);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *others = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->others_row))));

  for (guint i = 0; i < self->checks->len; i++)
    {
      g_autoptr(TryggActor) actor = g_list_model_get_item (actors, i);

      if (actor == NULL || !gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
        continue;
      if (text->len > 0)
        g_string_append (text, SEPARATOR);
      g_string_append (text, trygg_actor_get_name (actor));
    }
  if (*others != '\0')
    {
      if (text->len > 0)
        g_string_append (text, SEPARATOR);
      g_string_append (text, others);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
add_actor_rows (TryggWalkDialog *self)
{
  GListModel *actors = trygg_store_get_actors (self->store);

  for (guint i = 0; i < g_list_model_get_n_items (actors); i++)
    {
      g_autoptr(TryggActor) actor = g_list_model_get_item (actors, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), trygg_actor_get_name (actor));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      trygg_actor_get_name (actor), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->participants_list, row);
      g_ptr_array_add (self->checks, check);
    }
}

/* Callbacks */

static void
day_selected_cb (TryggWalkDialog *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *ymd = g_date_time_format (date, "%Y-%m-%d");

  set_date (self, ymd);
  gtk_popover_popdown (self->date_popover);
}

static void
save_cb (TryggWalkDialog *self)
{
  if (trygg_walk_dialog_save (self))
    gtk_window_close (GTK_WINDOW (self));
}

/* Virtual overrides */

static void
trygg_walk_dialog_dispose (GObject *object)
{
  TryggWalkDialog *self = TRYGG_WALK_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TRYGG_TYPE_WALK_DIALOG);
  g_clear_object (&self->walk);
  g_clear_object (&self->store);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (trygg_walk_dialog_parent_class)->dispose (object);
}

static void
trygg_walk_dialog_finalize (GObject *object)
{
  TryggWalkDialog *self = TRYGG_WALK_DIALOG (object);

  g_free (self->date);

  G_OBJECT_CLASS (trygg_walk_dialog_parent_class)->finalize (object);
}

static void
trygg_walk_dialog_class_init (TryggWalkDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_walk_dialog_dispose;
  object_class->finalize = trygg_walk_dialog_finalize;

  /* The walk was created or changed. */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TRYGG_TYPE_WALK);

  trygg_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/trygg-walk-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggWalkDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TryggWalkDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TryggWalkDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, TryggWalkDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, TryggWalkDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, TryggWalkDialog, date_popover);
  gtk_widget_class_bind_template_child (widget_class, TryggWalkDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, TryggWalkDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, TryggWalkDialog, area_row);
  gtk_widget_class_bind_template_child (widget_class, TryggWalkDialog, participants_list);
  gtk_widget_class_bind_template_child (widget_class, TryggWalkDialog, others_row);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
trygg_walk_dialog_init (TryggWalkDialog *self)
{
  g_autoptr(GtkStringList) times = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_ptr_array_new ();
  gtk_string_list_append (times, trygg_time_of_day_to_label (TRYGG_TIME_OF_DAY_DAY));
  gtk_string_list_append (times, trygg_time_of_day_to_label (TRYGG_TIME_OF_DAY_EVENING));
  adw_combo_row_set_model (self->time_row, G_LIST_MODEL (times));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->time_row)), -1);
}

/* Public API */

GtkWindow *
trygg_walk_dialog_new (TryggStore *store,
                       TryggWalk  *walk,
                       GtkWindow  *parent)
{
  TryggWalkDialog *self;
  g_autofree char *today = trygg_today_ymd ();

  g_return_val_if_fail (TRYGG_IS_STORE (store), NULL);
  g_return_val_if_fail (walk == NULL || TRYGG_IS_WALK (walk), NULL);

  self = g_object_new (TRYGG_TYPE_WALK_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->walk = walk != NULL ? g_object_ref (walk) : NULL;
  add_actor_rows (self);

  if (walk != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Walk"));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Done"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), trygg_walk_get_name (walk));
      gtk_editable_set_text (GTK_EDITABLE (self->area_row),
                             trygg_walk_get_area (walk) ? trygg_walk_get_area (walk) : "");
      adw_combo_row_set_selected (self->time_row, trygg_walk_get_time_of_day (walk));
      set_date (self, trygg_walk_get_date (walk) ? trygg_walk_get_date (walk) : today);
      load_participants (self, trygg_walk_get_participants (walk));
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Walk"));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Create"));
      /* Walks are most often held in the evening, when places feel unsafe. */
      adw_combo_row_set_selected (self->time_row, TRYGG_TIME_OF_DAY_EVENING);
      set_date (self, today);
      /* A new walk needs its name first: type it at once, Enter creates. */
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
    }
  adw_window_title_set_title (self->window_title, gtk_window_get_title (GTK_WINDOW (self)));
  return GTK_WINDOW (self);
}

gboolean
trygg_walk_dialog_save (TryggWalkDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *participants = NULL;
  const char *area;
  TryggTimeOfDay time_of_day;
  TryggWalk *walk = NULL;

  g_return_val_if_fail (TRYGG_IS_WALK_DIALOG (self), FALSE);

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  area = gtk_editable_get_text (GTK_EDITABLE (self->area_row));
  time_of_day = adw_combo_row_get_selected (self->time_row) == 0 ? TRYGG_TIME_OF_DAY_DAY : TRYGG_TIME_OF_DAY_EVENING;
  participants = participants_text (self);

  if (*name == '\0')
    {
      AdwToast *toast = adw_toast_new (_("Give the walk a name, e.g. the area and the month."));

      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return FALSE;
    }

  if (self->walk != NULL)
    {
      if (trygg_store_edit_walk (self->store, self->walk, name, self->date, time_of_day,
                                 *area != '\0' ? area : NULL, participants, &error))
        walk = self->walk;
    }
  else
    walk = trygg_store_create_walk (self->store, name, self->date, time_of_day,
                                    *area != '\0' ? area : NULL, participants, &error);

  if (walk == NULL)
    {
      g_autofree char *message = trygg_error_message (error, _("The walk could not be stored"));
      adw_toast_overlay_add_toast (self->toast_overlay, trygg_toast_new_text (message));
      return FALSE;
    }
  g_signal_emit (self, signals[SAVED], 0, walk);
  return TRUE;
}
