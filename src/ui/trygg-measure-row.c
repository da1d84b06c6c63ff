/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-measure-row.h"
#include "trygg-resources.h"
#include "trygg-workbench-util.h"

struct _TryggMeasureRow
{
  GtkListBoxRow    parent_instance;

  TryggStore      *store;
  TryggActionItem *measure;
  GListModel      *actor_choices;
  gboolean         updating;

  GtkCheckButton  *done_check;
  GtkEntry        *text_entry;
  GtkWidget       *up_button;
  GtkWidget       *down_button;
  GtkDropDown     *actor_dropdown;
  GtkMenuButton   *due_button;
  GtkPopover      *due_popover;
  GtkCalendar     *calendar;
  GtkEntry        *comment_entry;
  GtkLabel        *done_at_label;
};

G_DEFINE_FINAL_TYPE (TryggMeasureRow, trygg_measure_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
report (TryggMeasureRow *self,
        const GError    *error,
        const char      *context)
{
  g_autofree char *message = trygg_error_message (error, context);

  g_signal_emit (self, signals[MESSAGE], 0, message);
}

static void
set_entry_text (GtkEntry   *entry,
                const char *text)
{
  /* What the user is typing wins until it is committed. */
  if ((gtk_widget_get_state_flags (GTK_WIDGET (entry)) & GTK_STATE_FLAG_FOCUS_WITHIN) == 0 &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
}

static void
update (TryggMeasureRow *self)
{
  TryggActionItem *m = self->measure;
  const char *due = trygg_action_item_get_due (m);
  g_autofree char *due_text = NULL;
  g_autofree char *today = trygg_today_ymd ();
  gboolean done = trygg_action_item_get_done (m);

  self->updating = TRUE;
  gtk_check_button_set_active (self->done_check, done);
  set_entry_text (self->text_entry, trygg_action_item_get_text (m));
  set_entry_text (self->comment_entry, trygg_action_item_get_comment (m));
  gtk_drop_down_set_selected (self->actor_dropdown,
                              trygg_actor_choice_position (self->actor_choices,
                                                           trygg_action_item_get_actor_id (m)));
  if (due != NULL)
    {
      g_autofree char *date = trygg_format_date (due);

      /* TRANSLATORS: a measure's due date on its button */
      due_text = g_strdup_printf (_("Due %s"), date);
    }
  gtk_menu_button_set_label (self->due_button, due_text != NULL ? due_text : _("No due date"));
  /* GTK 4.8 names only the button inside a menu button after its label. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->due_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  due_text != NULL ? due_text : _("No due date"), -1);
  if (due != NULL && !done && g_strcmp0 (due, today) < 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->due_button), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_button), "error");

  if (done)
    {
      g_autofree char *when = trygg_format_timestamp (trygg_action_item_get_done_at (m));
      g_autofree char *text = g_strdup_printf (_("Done %s"), when);

      gtk_label_set_text (self->done_at_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self), "measure-done");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "measure-done");
  gtk_widget_set_visible (GTK_WIDGET (self->done_at_label), done && trygg_action_item_get_done_at (m) != NULL);
  self->updating = FALSE;
}

static void
write_measure (TryggMeasureRow *self,
               const char      *actor_id,
               const char      *due)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->text_entry));
  const char *comment = gtk_editable_get_text (GTK_EDITABLE (self->comment_entry));

  if (g_strcmp0 (text, trygg_action_item_get_text (self->measure)) == 0 &&
      g_strcmp0 (*comment != '\0' ? comment : NULL,
                 trygg_action_item_get_comment (self->measure) != NULL &&
                 *trygg_action_item_get_comment (self->measure) != '\0' ?
                 trygg_action_item_get_comment (self->measure) : NULL) == 0 &&
      g_strcmp0 (actor_id, trygg_action_item_get_actor_id (self->measure)) == 0 &&
      g_strcmp0 (due, trygg_action_item_get_due (self->measure)) == 0)
    return;

  if (*text == '\0')
    {
      /* An empty measure means nothing: put the old text back. */
      update (self);
      return;
    }
  if (!trygg_store_edit_measure (self->store, self->measure, text, actor_id, due,
                                 *comment != '\0' ? comment : NULL, &error))
    {
      report (self, error, _("The measure could not be changed"));
      update (self);
    }
}

static char *
calendar_ymd (GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

  return g_date_time_format (date, "%Y-%m-%d");
}

/* Callbacks */

static void
commit_cb (TryggMeasureRow *self)
{
  trygg_measure_row_commit (self);
}

static void
focus_leave_cb (TryggMeasureRow *self)
{
  trygg_measure_row_commit (self);
}

static void
done_toggled_cb (TryggMeasureRow *self)
{
  g_autoptr(GError) error = NULL;
  gboolean done = gtk_check_button_get_active (self->done_check);

  if (self->updating || done == trygg_action_item_get_done (self->measure))
    return;
  if (!trygg_store_set_measure_done (self->store, self->measure, done, &error))
    {
      report (self, error, _("The measure could not be marked"));
      update (self);
    }
}

static void
actor_changed_cb (TryggMeasureRow *self)
{
  if (self->updating)
    return;
  write_measure (self,
                 trygg_actor_choice_id (self->actor_choices, gtk_drop_down_get_selected (self->actor_dropdown)),
                 trygg_action_item_get_due (self->measure));
}

static void
set_due_cb (TryggMeasureRow *self)
{
  g_autofree char *due = calendar_ymd (self->calendar);

  gtk_popover_popdown (self->due_popover);
  write_measure (self, trygg_action_item_get_actor_id (self->measure), due);
}

static void
clear_due_cb (TryggMeasureRow *self)
{
  gtk_popover_popdown (self->due_popover);
  write_measure (self, trygg_action_item_get_actor_id (self->measure), NULL);
}

static void
due_popover_show_cb (TryggMeasureRow *self)
{
  const char *due = trygg_action_item_get_due (self->measure);
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  if (due != NULL && sscanf (due, "%d-%d-%d", &y, &m, &d) == 3)
    date = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (date == NULL)
    date = g_date_time_new_now_local ();
  gtk_calendar_select_day (self->calendar, date);
}

static void
move_by (TryggMeasureRow *self,
         int              delta)
{
  g_autoptr(GError) error = NULL;
  int position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (self)) + delta;

  if (position < 0)
    return;
  if (!trygg_store_move_measure (self->store, self->measure, position, &error))
    report (self, error, _("The measure could not be moved"));
}

static void
up_cb (TryggMeasureRow *self)
{
  move_by (self, -1);
}

static void
down_cb (TryggMeasureRow *self)
{
  move_by (self, 1);
}

static void
remove_cb (TryggMeasureRow *self)
{
  g_autoptr(GError) error = NULL;

  if (!trygg_store_remove_measure (self->store, self->measure, &error))
    report (self, error, _("The measure could not be removed"));
}

static void
measure_notify_cb (TryggMeasureRow *self)
{
  update (self);
}

/* Virtual overrides */

static void
trygg_measure_row_dispose (GObject *object)
{
  TryggMeasureRow *self = TRYGG_MEASURE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TRYGG_TYPE_MEASURE_ROW);
  g_clear_object (&self->actor_choices);
  g_clear_object (&self->measure);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (trygg_measure_row_parent_class)->dispose (object);
}

/* GTK 4.8 gives check buttons no accessible action: the row offers one, so
 * a screen reader (and the tests) can mark the measure done. */
static void
toggle_done_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TryggMeasureRow *self = TRYGG_MEASURE_ROW (widget);

  gtk_check_button_set_active (self->done_check, !gtk_check_button_get_active (self->done_check));
}

static void
trygg_measure_row_class_init (TryggMeasureRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_measure_row_dispose;

  /* An error to show in a toast. */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  trygg_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/trygg-measure-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggMeasureRow, done_check);
  gtk_widget_class_install_action (widget_class, "measure.toggle-done", NULL, toggle_done_action);
  gtk_widget_class_bind_template_child (widget_class, TryggMeasureRow, text_entry);
  gtk_widget_class_bind_template_child (widget_class, TryggMeasureRow, up_button);
  gtk_widget_class_bind_template_child (widget_class, TryggMeasureRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, TryggMeasureRow, actor_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TryggMeasureRow, due_button);
  gtk_widget_class_bind_template_child (widget_class, TryggMeasureRow, due_popover);
  gtk_widget_class_bind_template_child (widget_class, TryggMeasureRow, calendar);
  gtk_widget_class_bind_template_child (widget_class, TryggMeasureRow, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, TryggMeasureRow, done_at_label);
  gtk_widget_class_bind_template_callback (widget_class, commit_cb);
  gtk_widget_class_bind_template_callback (widget_class, up_cb);
  gtk_widget_class_bind_template_callback (widget_class, down_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_cb);
  gtk_widget_class_bind_template_callback (widget_class, set_due_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_due_cb);
}

static void
watch_focus (TryggMeasureRow *self,
             GtkWidget       *entry)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "leave", G_CALLBACK (focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (entry, focus);
}

static void
trygg_measure_row_init (TryggMeasureRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  trygg_drop_down_label_button (self->actor_dropdown);
  watch_focus (self, GTK_WIDGET (self->text_entry));
  watch_focus (self, GTK_WIDGET (self->comment_entry));
  gtk_drop_down_set_expression (self->actor_dropdown, trygg_name_expression_new ());
  g_signal_connect_object (self->due_popover, "show", G_CALLBACK (due_popover_show_cb),
                           self, G_CONNECT_SWAPPED);
}

/* Public API */

GtkWidget *
trygg_measure_row_new (TryggStore      *store,
                       TryggActionItem *measure)
{
  TryggMeasureRow *self;

  g_return_val_if_fail (TRYGG_IS_STORE (store), NULL);
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (measure), NULL);

  self = g_object_new (TRYGG_TYPE_MEASURE_ROW, NULL);
  self->store = g_object_ref (store);
  self->measure = g_object_ref (measure);
  self->actor_choices = trygg_actor_choice_model_new (store, _("No responsible actor"));
  self->updating = TRUE;
  gtk_drop_down_set_model (self->actor_dropdown, self->actor_choices);
  self->updating = FALSE;
  update (self);

  g_signal_connect_object (self->done_check, "toggled", G_CALLBACK (done_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->actor_dropdown, "notify::selected", G_CALLBACK (actor_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (measure, "notify", G_CALLBACK (measure_notify_cb),
                           self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

TryggActionItem *
trygg_measure_row_get_measure (TryggMeasureRow *self)
{
  g_return_val_if_fail (TRYGG_IS_MEASURE_ROW (self), NULL);

  return self->measure;
}

void
trygg_measure_row_commit (TryggMeasureRow *self)
{
  g_return_if_fail (TRYGG_IS_MEASURE_ROW (self));

  if (self->updating)
    return;
  write_measure (self, trygg_action_item_get_actor_id (self->measure),
                 trygg_action_item_get_due (self->measure));
}

void
trygg_measure_row_set_ends (TryggMeasureRow *self,
                            gboolean         first,
                            gboolean         last)
{
  g_return_if_fail (TRYGG_IS_MEASURE_ROW (self));

  gtk_widget_set_sensitive (self->up_button, !first);
  gtk_widget_set_sensitive (self->down_button, !last);
}
