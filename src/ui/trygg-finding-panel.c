/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "trygg-finding-panel.h"
#include "trygg-measure-row.h"
#include "trygg-photo-thumb.h"
#include "trygg-resources.h"
#include "trygg-workbench-util.h"

/* How long the description waits after the last key before it is stored:
 * long enough that one sentence is one undo step. */
#define DESCRIPTION_DELAY_MS 1500

struct _TryggFindingPanel
{
  GtkWidget       parent_instance;

  TryggStore     *store;
  TryggFinding   *finding;
  GSignalGroup   *finding_signals;
  GListModel     *measures;
  GListModel     *photos;
  GListModel     *history;
  GListModel     *actor_choices;
  GListModel     *category_choices;
  GListModel     *walk_choices;
  guint           description_timeout;
  guint           title_timeout;
  gboolean        updating;

  GtkStack       *stack;
  GtkLabel       *number_label;
  GtkEntry       *title_entry;
  GtkTextView    *description_view;
  AdwComboRow    *status_row;
  AdwComboRow    *actor_row;
  AdwComboRow    *category_row;
  AdwComboRow    *priority_row;
  AdwActionRow   *location_row;
  AdwActionRow   *walk_row;
  GtkRevealer    *reason_revealer;
  GtkEntry       *reason_entry;
  GtkWidget      *reason_error;
  GtkListBox     *measures_list;
  GtkEntry       *new_measure_entry;
  GtkFlowBox     *photos_box;
  GtkListBox     *history_list;
  GtkPopover     *new_actor_popover;
  GtkEntry       *new_actor_entry;
  GtkPopover     *new_category_popover;
  GtkEntry       *new_category_entry;
  GtkPopover     *move_walk_popover;
  GtkDropDown    *move_walk_dropdown;
  const char     *status_class;
};

G_DEFINE_FINAL_TYPE (TryggFindingPanel, trygg_finding_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FINDING,
  N_PROPS
};

enum {
  MESSAGE,
  DELETED,
  SHOW_ON_MAP,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static void
report (TryggFindingPanel *self,
        const GError      *error,
        const char        *context)
{
  g_autofree char *message = trygg_error_message (error, context);

  g_signal_emit (self, signals[MESSAGE], 0, message);
}

static char *
description_text (TryggFindingPanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_status_class (TryggFindingPanel *self,
                  const char        *css_class)
{
  if (self->status_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->number_label), self->status_class);
  self->status_class = css_class;
  gtk_widget_add_css_class (GTK_WIDGET (self->number_label), css_class);
}

static gboolean
is_editing (GtkWidget *widget)
{
  return (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0;
}

static guint
category_position (TryggFindingPanel *self,
                   const char        *key)
{
  guint n = g_list_model_get_n_items (self->category_choices);

  for (guint i = 1; key != NULL && i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->category_choices, i);

      if (g_strcmp0 (trygg_category_get_key (TRYGG_CATEGORY (item)), key) == 0)
        return i;
    }
  return 0;
}

static void
update (TryggFindingPanel *self)
{
  TryggFinding *f = self->finding;
  g_autofree char *number = NULL;
  g_autofree char *location = NULL;
  g_autofree char *description = NULL;
  TryggWalk *walk;

  if (f == NULL)
    return;

  self->updating = TRUE;
  number = g_strdup_printf ("%d", trygg_finding_get_number (f));
  gtk_label_set_text (self->number_label, number);
  set_status_class (self, trygg_status_css_class (trygg_finding_get_status (f)));

  /* What the user is typing wins over the stored text until it is
   * committed (Enter, leaving the field, or the pause in typing). */
  if (!is_editing (GTK_WIDGET (self->title_entry)))
    {
      const char *title = trygg_finding_get_title (f);

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->title_entry)), title ? title : "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->title_entry), title ? title : "");
    }
  description = description_text (self);
  if (self->description_timeout == 0 && !is_editing (GTK_WIDGET (self->description_view)) &&
      g_strcmp0 (description, trygg_finding_get_description (f) ? trygg_finding_get_description (f) : "") != 0)
    {
      const char *text = trygg_finding_get_description (f);

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), text ? text : "", -1);
    }

  /* While the reason is being asked for, the row keeps showing the choice. */
  if (!gtk_revealer_get_reveal_child (self->reason_revealer))
    adw_combo_row_set_selected (self->status_row, trygg_finding_get_status (f));
  adw_combo_row_set_selected (self->priority_row, trygg_finding_get_priority (f));
  adw_combo_row_set_selected (self->actor_row,
                              trygg_actor_choice_position (self->actor_choices, trygg_finding_get_actor_id (f)));
  adw_combo_row_set_selected (self->category_row, category_position (self, trygg_finding_get_category_key (f)));
  if (trygg_finding_get_status (f) == TRYGG_STATUS_WONT_FIX && trygg_finding_get_wont_fix_reason (f) != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->status_row), trygg_finding_get_wont_fix_reason (f));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->status_row), "");

  /* TRANSLATORS: latitude and longitude of a finding */
  location = g_strdup_printf (_("%.5f N, %.5f E"), trygg_finding_get_latitude (f), trygg_finding_get_longitude (f));
  adw_action_row_set_subtitle (self->location_row, location);
  walk = trygg_finding_get_walk_id (f) ? trygg_store_lookup_walk (self->store, trygg_finding_get_walk_id (f)) : NULL;
  adw_action_row_set_subtitle (self->walk_row, walk != NULL ? trygg_walk_get_name (walk) : _("No walk"));
  self->updating = FALSE;
}

static void
commit_title (TryggFindingPanel *self)
{
  g_autoptr(GError) error = NULL;
  const char *text;

  g_clear_handle_id (&self->title_timeout, g_source_remove);
  if (self->finding == NULL || self->updating)
    return;
  text = gtk_editable_get_text (GTK_EDITABLE (self->title_entry));
  if (g_strcmp0 (text, trygg_finding_get_title (self->finding) ? trygg_finding_get_title (self->finding) : "") == 0)
    return;
  if (!trygg_store_set_title (self->store, self->finding, text, &error))
    {
      report (self, error, _("The title could not be stored"));
      update (self);
    }
}

static void
commit_description (TryggFindingPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *old;

  g_clear_handle_id (&self->description_timeout, g_source_remove);
  if (self->finding == NULL || self->updating)
    return;
  text = description_text (self);
  old = trygg_finding_get_description (self->finding);
  if (g_strcmp0 (text, old != NULL ? old : "") == 0)
    return;
  if (!trygg_store_set_description (self->store, self->finding, text, &error))
    {
      report (self, error, _("The description could not be stored"));
      update (self);
    }
}

static void
hide_reason (TryggFindingPanel *self)
{
  gtk_revealer_set_reveal_child (self->reason_revealer, FALSE);
  gtk_widget_set_visible (self->reason_error, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
}

static void
set_status (TryggFindingPanel *self,
            TryggStatus        status,
            const char        *reason)
{
  g_autoptr(GError) error = NULL;

  if (!trygg_store_set_status (self->store, self->finding, status, reason, &error))
    {
      report (self, error, _("The status could not be changed"));
      update (self);
    }
}

static void
update_measure_ends (TryggFindingPanel *self)
{
  guint n = self->measures != NULL ? g_list_model_get_n_items (self->measures) : 0;

  for (guint i = 0; i < n; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->measures_list, i);

      if (TRYGG_IS_MEASURE_ROW (row))
        trygg_measure_row_set_ends (TRYGG_MEASURE_ROW (row), i == 0, i + 1 == n);
    }
}

static void
forward_message_cb (TryggFindingPanel *self,
                    const char        *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

static GtkWidget *
create_measure_row (gpointer item,
                    gpointer user_data)
{
  TryggFindingPanel *self = user_data;
  GtkWidget *row = trygg_measure_row_new (self->store, item);

  g_signal_connect_object (row, "message", G_CALLBACK (forward_message_cb), self, G_CONNECT_SWAPPED);
  return row;
}

static GtkWidget *
create_photo_thumb (gpointer item,
                    gpointer user_data)
{
  TryggFindingPanel *self = user_data;
  guint index = 0;
  GtkWidget *thumb;

  /* The store's models are GListModels, not necessarily GListStores. */
  for (guint i = 0, n = g_list_model_get_n_items (self->photos); i < n; i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (self->photos, i);

      if (other == item)
        {
          index = i;
          break;
        }
    }
  thumb = trygg_photo_thumb_new (self->store, item, index);
  g_signal_connect_object (thumb, "message", G_CALLBACK (forward_message_cb), self, G_CONNECT_SWAPPED);
  return thumb;
}

static GtkWidget *
create_history_row (gpointer item,
                    gpointer user_data)
{
  TryggEvent *event = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = trygg_format_timestamp (trygg_event_get_timestamp (event));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), trygg_event_get_summary (event));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static int
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  int cmp = g_strcmp0 (trygg_event_get_timestamp ((TryggEvent *) b),
                       trygg_event_get_timestamp ((TryggEvent *) a));

  return cmp < 0 ? -1 : cmp > 0 ? 1 : 0;
}

static void
read_file_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TryggFindingPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      report (self, error, _("The photo could not be read"));
      return;
    }
  if (self->finding == NULL || self->store == NULL)
    return;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (trygg_store_add_photo (self->store, self->finding, bytes, TRYGG_PHOTO_KIND_NONE, &error) == NULL)
    report (self, error, _("The photo could not be added"));
}

/* Callbacks */

static void
finding_notify_cb (TryggFindingPanel *self)
{
  update (self);
}

static void
title_activate_cb (TryggFindingPanel *self)
{
  commit_title (self);
}

static void
title_leave_cb (TryggFindingPanel *self)
{
  g_clear_handle_id (&self->title_timeout, g_source_remove);
  commit_title (self);
}

static gboolean
title_timeout_cb (gpointer user_data)
{
  TryggFindingPanel *self = user_data;

  self->title_timeout = 0;
  commit_title (self);
  return G_SOURCE_REMOVE;
}

/* A pause in typing stores the title too, as for the description: text
 * set by a screen reader or dictation gets no Enter and may keep focus. */
static void
title_changed_cb (TryggFindingPanel *self)
{
  if (self->updating || self->finding == NULL)
    return;
  g_clear_handle_id (&self->title_timeout, g_source_remove);
  self->title_timeout = g_timeout_add (DESCRIPTION_DELAY_MS, title_timeout_cb, self);
}

static gboolean
description_timeout_cb (gpointer user_data)
{
  TryggFindingPanel *self = user_data;

  self->description_timeout = 0;
  commit_description (self);
  return G_SOURCE_REMOVE;
}

static void
description_changed_cb (TryggFindingPanel *self)
{
  if (self->updating || self->finding == NULL)
    return;
  g_clear_handle_id (&self->description_timeout, g_source_remove);
  self->description_timeout = g_timeout_add (DESCRIPTION_DELAY_MS, description_timeout_cb, self);
}

static void
description_leave_cb (TryggFindingPanel *self)
{
  commit_description (self);
}

static void
status_selected_cb (TryggFindingPanel *self)
{
  guint status = adw_combo_row_get_selected (self->status_row);

  if (self->updating || self->finding == NULL || status == GTK_INVALID_LIST_POSITION)
    return;
  if (status == TRYGG_STATUS_WONT_FIX)
    {
      if (trygg_finding_get_status (self->finding) == TRYGG_STATUS_WONT_FIX)
        return;
      /* Asked inline rather than in a dialog: the reason belongs to the
       * finding, and the user may want to look at the rest while writing. */
      gtk_revealer_set_reveal_child (self->reason_revealer, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
      return;
    }
  hide_reason (self);
  if (status != trygg_finding_get_status (self->finding))
    set_status (self, status, NULL);
}

static void
reason_confirm_cb (TryggFindingPanel *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));

  if (self->finding == NULL)
    return;
  if (*reason == '\0')
    {
      gtk_widget_set_visible (self->reason_error, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
      return;
    }
  hide_reason (self);
  set_status (self, TRYGG_STATUS_WONT_FIX, reason);
}

static void
reason_cancel_cb (TryggFindingPanel *self)
{
  hide_reason (self);
  update (self);
}

static void
priority_selected_cb (TryggFindingPanel *self)
{
  g_autoptr(GError) error = NULL;
  guint priority = adw_combo_row_get_selected (self->priority_row);

  if (self->updating || self->finding == NULL || priority == GTK_INVALID_LIST_POSITION ||
      priority == trygg_finding_get_priority (self->finding))
    return;
  if (!trygg_store_set_priority (self->store, self->finding, priority, &error))
    {
      report (self, error, _("The priority could not be changed"));
      update (self);
    }
}

static void
actor_selected_cb (TryggFindingPanel *self)
{
  g_autoptr(GError) error = NULL;
  const char *actor_id;

  if (self->updating || self->finding == NULL)
    return;
  actor_id = trygg_actor_choice_id (self->actor_choices, adw_combo_row_get_selected (self->actor_row));
  if (g_strcmp0 (actor_id, trygg_finding_get_actor_id (self->finding)) == 0)
    return;
  if (!trygg_store_set_actor (self->store, self->finding, actor_id, &error))
    {
      report (self, error, _("The responsible actor could not be changed"));
      update (self);
    }
}

static void
category_selected_cb (TryggFindingPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) item = NULL;
  guint pos;
  const char *key = NULL;

  if (self->updating || self->finding == NULL)
    return;
  pos = adw_combo_row_get_selected (self->category_row);
  if (pos != GTK_INVALID_LIST_POSITION && pos > 0)
    item = g_list_model_get_item (self->category_choices, pos);
  if (TRYGG_IS_CATEGORY (item))
    key = trygg_category_get_key (TRYGG_CATEGORY (item));
  if (g_strcmp0 (key, trygg_finding_get_category_key (self->finding)) == 0)
    return;
  if (!trygg_store_set_category (self->store, self->finding, key, &error))
    {
      report (self, error, _("The category could not be changed"));
      update (self);
    }
}

static void
new_actor_cb (TryggFindingPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_actor_entry))));
  TryggActor *actor;

  if (*name == '\0' || self->finding == NULL)
    return;
  actor = trygg_store_add_actor (self->store, name, NULL, &error);
  if (actor == NULL)
    {
      report (self, error, _("The actor could not be added"));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->new_actor_entry), "");
  gtk_popover_popdown (self->new_actor_popover);
  if (!trygg_store_set_actor (self->store, self->finding, trygg_actor_get_id (actor), &error))
    report (self, error, _("The responsible actor could not be changed"));
}

static void
new_category_cb (TryggFindingPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_category_entry))));
  TryggCategory *category;

  if (*name == '\0' || self->finding == NULL)
    return;
  category = trygg_store_add_category (self->store, name, &error);
  if (category == NULL)
    {
      report (self, error, _("The category could not be added"));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->new_category_entry), "");
  gtk_popover_popdown (self->new_category_popover);
  if (!trygg_store_set_category (self->store, self->finding, trygg_category_get_key (category), &error))
    report (self, error, _("The category could not be changed"));
}

static void
move_walk_cb (TryggFindingPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) walk = NULL;
  guint pos = gtk_drop_down_get_selected (self->move_walk_dropdown);

  if (self->finding == NULL || pos == GTK_INVALID_LIST_POSITION)
    return;
  walk = g_list_model_get_item (self->walk_choices, pos);
  gtk_popover_popdown (self->move_walk_popover);
  if (!TRYGG_IS_WALK (walk) ||
      g_strcmp0 (trygg_walk_get_id (TRYGG_WALK (walk)), trygg_finding_get_walk_id (self->finding)) == 0)
    return;
  if (!trygg_store_set_walk (self->store, self->finding, trygg_walk_get_id (TRYGG_WALK (walk)), &error))
    report (self, error, _("The finding could not be moved to the walk"));
}

static void
show_on_map_cb (TryggFindingPanel *self)
{
  if (self->finding != NULL)
    g_signal_emit (self, signals[SHOW_ON_MAP], 0, self->finding);
}

static void
add_measure_cb (TryggFindingPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_measure_entry))));

  if (*text == '\0' || self->finding == NULL)
    return;
  /* A new measure starts with the finding's actor: usually right. */
  if (trygg_store_add_measure (self->store, self->finding, text,
                               trygg_finding_get_actor_id (self->finding), NULL, &error) == NULL)
    {
      report (self, error, _("The measure could not be added"));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->new_measure_entry), "");
}

static void
chooser_response_cb (GtkNativeDialog   *dialog,
                     int                response,
                     TryggFindingPanel *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          trygg_finding_panel_add_photo_file (self, file);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_photo_cb (TryggFindingPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Add Photo"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Photos (JPEG, PNG)"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (GtkDropTarget     *target,
         const GValue      *value,
         double             x,
         double             y,
         TryggFindingPanel *self)
{
  GSList *files;

  if (self->finding == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    trygg_finding_panel_add_photo_file (self, l->data);
  return TRUE;
}

static void
delete_cb (TryggFindingPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TryggFinding) finding = NULL;
  g_autofree char *deleted = NULL;

  if (self->finding == NULL)
    return;
  trygg_finding_panel_commit_edits (self);
  finding = g_object_ref (self->finding);
  trygg_finding_panel_set_finding (self, NULL);
  if (!trygg_store_delete_finding (self->store, finding, &error))
    {
      report (self, error, _("The finding could not be deleted"));
      trygg_finding_panel_set_finding (self, finding);
      return;
    }
  deleted = trygg_deleted_message (finding);
  g_signal_emit (self, signals[DELETED], 0, deleted);
}

static void
measures_changed_cb (TryggFindingPanel *self)
{
  update_measure_ends (self);
}

/* Virtual overrides */

static void
trygg_finding_panel_dispose (GObject *object)
{
  TryggFindingPanel *self = TRYGG_FINDING_PANEL (object);

  g_clear_handle_id (&self->description_timeout, g_source_remove);
  g_clear_handle_id (&self->title_timeout, g_source_remove);
  if (self->finding_signals != NULL)
    g_signal_group_set_target (self->finding_signals, NULL);
  g_clear_object (&self->finding_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), TRYGG_TYPE_FINDING_PANEL);
  trygg_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->finding);
  g_clear_object (&self->measures);
  g_clear_object (&self->photos);
  g_clear_object (&self->history);
  g_clear_object (&self->actor_choices);
  g_clear_object (&self->category_choices);
  g_clear_object (&self->walk_choices);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (trygg_finding_panel_parent_class)->dispose (object);
}

static void
trygg_finding_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TryggFindingPanel *self = TRYGG_FINDING_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FINDING:
      g_value_set_object (value, self->finding);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_finding_panel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TryggFindingPanel *self = TRYGG_FINDING_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      trygg_finding_panel_set_store (self, g_value_get_object (value));
      break;
    case PROP_FINDING:
      trygg_finding_panel_set_finding (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_finding_panel_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (trygg_finding_panel_parent_class)->root (widget);
  trygg_workbench_ensure_css (widget);
}

static void
trygg_finding_panel_class_init (TryggFindingPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_finding_panel_dispose;
  object_class->get_property = trygg_finding_panel_get_property;
  object_class->set_property = trygg_finding_panel_set_property;
  widget_class->root = trygg_finding_panel_root;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TRYGG_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FINDING] =
    g_param_spec_object ("finding", NULL, NULL, TRYGG_TYPE_FINDING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A sentence to show in a toast (errors, refused files). */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The finding was deleted; the argument is the undo label for the toast. */
  signals[DELETED] =
    g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* "Show on Map" was pressed. */
  signals[SHOW_ON_MAP] =
    g_signal_new ("show-on-map", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TRYGG_TYPE_FINDING);

  trygg_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/trygg-finding-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, number_label);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, title_entry);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, description_view);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, status_row);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, actor_row);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, category_row);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, priority_row);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, location_row);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, walk_row);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, reason_revealer);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, reason_error);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, measures_list);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, new_measure_entry);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, photos_box);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, history_list);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, new_actor_popover);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, new_actor_entry);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, new_category_popover);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, new_category_entry);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, move_walk_popover);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingPanel, move_walk_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, reason_confirm_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_actor_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_category_cb);
  gtk_widget_class_bind_template_callback (widget_class, move_walk_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_on_map_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_measure_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_photo_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
watch_focus (TryggFindingPanel *self,
             GtkWidget         *widget,
             GCallback          callback)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "leave", callback, self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, focus);
}

static void
label_row (AdwPreferencesRow *row)
{
  /* Combo rows are found by their title in screen readers and tests. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (row), -1);
}

static void
trygg_finding_panel_init (TryggFindingPanel *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) priorities = gtk_string_list_new (NULL);
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  trygg_drop_down_label_button (self->move_walk_dropdown);

  for (guint i = TRYGG_STATUS_NEW; i <= TRYGG_STATUS_WONT_FIX; i++)
    gtk_string_list_append (statuses, trygg_status_to_label (i));
  for (guint i = TRYGG_PRIORITY_LOW; i <= TRYGG_PRIORITY_HIGH; i++)
    gtk_string_list_append (priorities, trygg_priority_to_label (i));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));
  adw_combo_row_set_model (self->priority_row, G_LIST_MODEL (priorities));
  adw_combo_row_set_expression (self->actor_row, trygg_name_expression_new ());
  adw_combo_row_set_expression (self->category_row, trygg_name_expression_new ());
  gtk_drop_down_set_expression (self->move_walk_dropdown, trygg_name_expression_new ());
  label_row (ADW_PREFERENCES_ROW (self->status_row));
  label_row (ADW_PREFERENCES_ROW (self->actor_row));
  label_row (ADW_PREFERENCES_ROW (self->category_row));
  label_row (ADW_PREFERENCES_ROW (self->priority_row));

  g_signal_connect_object (self->title_entry, "activate", G_CALLBACK (title_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->title_entry, "changed", G_CALLBACK (title_changed_cb), self, G_CONNECT_SWAPPED);
  watch_focus (self, GTK_WIDGET (self->title_entry), G_CALLBACK (title_leave_cb));
  watch_focus (self, GTK_WIDGET (self->description_view), G_CALLBACK (description_leave_cb));
  g_signal_connect_object (gtk_text_view_get_buffer (self->description_view), "changed",
                           G_CALLBACK (description_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_row, "notify::selected", G_CALLBACK (status_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->priority_row, "notify::selected", G_CALLBACK (priority_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->actor_row, "notify::selected", G_CALLBACK (actor_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->category_row, "notify::selected", G_CALLBACK (category_selected_cb), self, G_CONNECT_SWAPPED);

  self->finding_signals = g_signal_group_new (TRYGG_TYPE_FINDING);
  g_signal_group_connect_swapped (self->finding_signals, "notify", G_CALLBACK (finding_notify_cb), self);

  /* Photos can be dropped anywhere on the panel. */
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_stack_set_visible_child_name (self->stack, "none");
}

/* Public API */

GtkWidget *
trygg_finding_panel_new (TryggStore *store)
{
  g_return_val_if_fail (store == NULL || TRYGG_IS_STORE (store), NULL);

  return g_object_new (TRYGG_TYPE_FINDING_PANEL, "store", store, NULL);
}

TryggStore *
trygg_finding_panel_get_store (TryggFindingPanel *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING_PANEL (self), NULL);

  return self->store;
}

static GListModel *
with_first (GListModel *model,
            const char *label)
{
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(GtkStringList) first = gtk_string_list_new (NULL);

  gtk_string_list_append (first, label);
  g_list_store_append (parts, first);
  g_list_store_append (parts, model);
  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (parts)));
}

void
trygg_finding_panel_set_store (TryggFindingPanel *self,
                               TryggStore        *store)
{
  g_return_if_fail (TRYGG_IS_FINDING_PANEL (self));
  g_return_if_fail (store == NULL || TRYGG_IS_STORE (store));

  if (self->store == store)
    return;
  trygg_finding_panel_set_finding (self, NULL);
  g_set_object (&self->store, store);

  self->updating = TRUE;
  adw_combo_row_set_model (self->actor_row, NULL);
  adw_combo_row_set_model (self->category_row, NULL);
  gtk_drop_down_set_model (self->move_walk_dropdown, NULL);
  g_clear_object (&self->actor_choices);
  g_clear_object (&self->category_choices);
  g_clear_object (&self->walk_choices);
  if (store != NULL)
    {
      self->actor_choices = trygg_actor_choice_model_new (store, _("No responsible actor"));
      self->category_choices = with_first (trygg_store_get_categories (store), _("No category"));
      self->walk_choices = g_object_ref (trygg_store_get_walks (store));
      adw_combo_row_set_model (self->actor_row, self->actor_choices);
      adw_combo_row_set_model (self->category_row, self->category_choices);
      gtk_drop_down_set_model (self->move_walk_dropdown, self->walk_choices);
    }
  self->updating = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

TryggFinding *
trygg_finding_panel_get_finding (TryggFindingPanel *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING_PANEL (self), NULL);

  return self->finding;
}

void
trygg_finding_panel_set_finding (TryggFindingPanel *self,
                                 TryggFinding      *finding)
{
  g_autoptr(GtkCustomSorter) sorter = NULL;

  g_return_if_fail (TRYGG_IS_FINDING_PANEL (self));
  g_return_if_fail (finding == NULL || TRYGG_IS_FINDING (finding));
  g_return_if_fail (finding == NULL || self->store != NULL);

  if (self->finding == finding)
    return;

  trygg_finding_panel_commit_edits (self);
  hide_reason (self);

  g_set_object (&self->finding, finding);
  g_signal_group_set_target (self->finding_signals, finding);

  if (self->measures != NULL)
    g_signal_handlers_disconnect_by_data (self->measures, self);
  g_clear_object (&self->measures);
  g_clear_object (&self->photos);
  g_clear_object (&self->history);
  if (finding != NULL)
    {
      self->measures = trygg_store_get_measures (self->store, finding);
      self->photos = trygg_store_get_photos (self->store, finding);
      sorter = gtk_custom_sorter_new (newest_first, NULL, NULL);
      self->history = G_LIST_MODEL (gtk_sort_list_model_new (trygg_store_get_history (self->store, finding),
                                                             GTK_SORTER (g_steal_pointer (&sorter))));
      g_signal_connect_object (self->measures, "items-changed", G_CALLBACK (measures_changed_cb),
                               self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }
  gtk_list_box_bind_model (self->measures_list, self->measures, create_measure_row, self, NULL);
  gtk_flow_box_bind_model (self->photos_box, self->photos, create_photo_thumb, self, NULL);
  gtk_list_box_bind_model (self->history_list, self->history, create_history_row, self, NULL);
  update_measure_ends (self);

  /* The texts come from the new finding even if a field has the focus. */
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry),
                         finding && trygg_finding_get_title (finding) ? trygg_finding_get_title (finding) : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                            finding && trygg_finding_get_description (finding) ?
                            trygg_finding_get_description (finding) : "", -1);
  self->updating = FALSE;
  update (self);

  gtk_stack_set_visible_child_name (self->stack, finding != NULL ? "finding" : "none");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINDING]);
}

void
trygg_finding_panel_focus_title (TryggFindingPanel *self)
{
  g_return_if_fail (TRYGG_IS_FINDING_PANEL (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
}

void
trygg_finding_panel_commit_edits (TryggFindingPanel *self)
{
  g_return_if_fail (TRYGG_IS_FINDING_PANEL (self));

  if (self->finding == NULL)
    return;
  commit_title (self);
  commit_description (self);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->measures_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (TRYGG_IS_MEASURE_ROW (row))
      trygg_measure_row_commit (TRYGG_MEASURE_ROW (row));
}

void
trygg_finding_panel_add_photo_file (TryggFindingPanel *self,
                                    GFile             *file)
{
  g_return_if_fail (TRYGG_IS_FINDING_PANEL (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_contents_async (file, NULL, read_file_cb, g_object_ref (self));
}
