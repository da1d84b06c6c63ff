/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-actors-dialog.h"
#include "trygg-resources.h"
#include "trygg-workbench-util.h"

struct _TryggActorsDialog
{
  AdwWindow        parent_instance;

  TryggStore      *store;

  AdwToastOverlay *toast_overlay;
  GtkEntry        *new_entry;
  GtkListBox      *actors_list;
};

G_DEFINE_FINAL_TYPE (TryggActorsDialog, trygg_actors_dialog, ADW_TYPE_WINDOW)

/* Helpers */

static void
report (TryggActorsDialog *self,
        const GError      *error,
        const char        *context)
{
  g_autofree char *message = trygg_error_message (error, context);
  AdwToast *toast = trygg_toast_new_text (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
edit_actor (TryggActorsDialog *self,
            TryggActor        *actor,
            const char        *name,
            const char        *colour,
            const char        *contact)
{
  g_autoptr(GError) error = NULL;

  if (!trygg_store_edit_actor (self->store, actor, name, colour, contact, &error))
    report (self, error, _("The actor could not be changed"));
}

static char *
rgba_to_hex (const GdkRGBA *rgba)
{
  return g_strdup_printf ("#%02x%02x%02x",
                          (int) (rgba->red * 255 + 0.5),
                          (int) (rgba->green * 255 + 0.5),
                          (int) (rgba->blue * 255 + 0.5));
}

/* The other actors, for "who takes over". */
static GtkStringList *
heir_names (TryggActorsDialog *self,
            TryggActor        *actor,
            const char        *first,
            GPtrArray         *heirs)
{
  GListModel *actors = trygg_store_get_actors (self->store);
  GtkStringList *names = gtk_string_list_new (NULL);

  if (first != NULL)
    {
      gtk_string_list_append (names, first);
      g_ptr_array_add (heirs, NULL);
    }
  for (guint i = 0; i < g_list_model_get_n_items (actors); i++)
    {
      g_autoptr(TryggActor) other = g_list_model_get_item (actors, i);

      if (other == actor)
        continue;
      gtk_string_list_append (names, trygg_actor_get_name (other));
      g_ptr_array_add (heirs, g_object_ref (other));
    }
  return names;
}

static void
unref_if_set (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

typedef struct
{
  TryggActorsDialog *self;
  TryggActor        *actor;
  GPtrArray         *heirs;
  GtkDropDown       *choice;
} HeirQuestion;

static void
heir_question_free (HeirQuestion *q)
{
  g_object_unref (q->self);
  g_object_unref (q->actor);
  g_ptr_array_unref (q->heirs);
  g_free (q);
}

static void
heir_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  HeirQuestion     *q)
{
  if (g_strcmp0 (response, "delete") == 0 || g_strcmp0 (response, "merge") == 0)
    {
      guint pos = gtk_drop_down_get_selected (q->choice);
      TryggActor *heir = pos < q->heirs->len ? g_ptr_array_index (q->heirs, pos) : NULL;

      trygg_actors_dialog_delete_actor (q->self, q->actor, heir);
    }
  heir_question_free (q);
}

/* Deleting needs an answer (who takes over), so this is the one place the
 * workbench asks a question. */
static void
ask_heir (TryggActorsDialog *self,
          TryggActor        *actor,
          gboolean           merge)
{
  const char *name = trygg_actor_get_name (actor);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GtkStringList) names = NULL;
  HeirQuestion *q = g_new0 (HeirQuestion, 1);
  GtkWidget *dialog;

  q->self = g_object_ref (self);
  q->actor = g_object_ref (actor);
  /* "No one" is a NULL entry. */
  q->heirs = g_ptr_array_new_with_free_func (unref_if_set);
  names = heir_names (self, actor, merge ? NULL : _("No one (leave unassigned)"), q->heirs);

  if (merge)
    {
      heading = g_strdup_printf (_("Merge %s into Another Actor?"), name);
      body = g_strdup_printf (_("Everything %s is responsible for goes to the actor you choose, and %s is removed."),
                              name, name);
    }
  else
    {
      heading = g_strdup_printf (_("Delete %s?"), name);
      body = g_strdup_printf (_("Who takes over the findings and measures that %s is responsible for?"), name);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  q->choice = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (q->choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Who Takes Over"), -1);
  trygg_drop_down_label_button (q->choice);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (q->choice));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (merge)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "merge", _("_Merge"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge", ADW_RESPONSE_SUGGESTED);
    }
  else
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Delete"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (heir_response_cb), q);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Callbacks */

static void
name_apply_cb (AdwEntryRow *row,
               TryggActor  *actor)
{
  TryggActorsDialog *self = TRYGG_ACTORS_DIALOG (gtk_widget_get_root (GTK_WIDGET (row)));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*name == '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (row), trygg_actor_get_name (actor));
      return;
    }
  edit_actor (self, actor, name, trygg_actor_get_colour (actor), trygg_actor_get_contact (actor));
}

static void
contact_apply_cb (AdwEntryRow *row,
                  TryggActor  *actor)
{
  TryggActorsDialog *self = TRYGG_ACTORS_DIALOG (gtk_widget_get_root (GTK_WIDGET (row)));
  const char *contact = gtk_editable_get_text (GTK_EDITABLE (row));

  edit_actor (self, actor, trygg_actor_get_name (actor), trygg_actor_get_colour (actor),
              *contact != '\0' ? contact : NULL);
}

static void
colour_set_cb (GtkColorButton *button,
               TryggActor     *actor)
{
  TryggActorsDialog *self = TRYGG_ACTORS_DIALOG (gtk_widget_get_root (GTK_WIDGET (button)));
  GdkRGBA rgba;
  g_autofree char *hex = NULL;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  hex = rgba_to_hex (&rgba);
  if (g_strcmp0 (hex, trygg_actor_get_colour (actor)) != 0)
    edit_actor (self, actor, trygg_actor_get_name (actor), hex, trygg_actor_get_contact (actor));
}

static void
merge_clicked_cb (GtkButton  *button,
                  TryggActor *actor)
{
  ask_heir (TRYGG_ACTORS_DIALOG (gtk_widget_get_root (GTK_WIDGET (button))), actor, TRUE);
}

static void
delete_clicked_cb (GtkButton  *button,
                   TryggActor *actor)
{
  ask_heir (TRYGG_ACTORS_DIALOG (gtk_widget_get_root (GTK_WIDGET (button))), actor, FALSE);
}

static void
add_cb (TryggActorsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_entry))));

  if (*name == '\0')
    return;
  if (trygg_store_add_actor (self->store, name, NULL, &error) == NULL)
    {
      report (self, error, _("The actor could not be added"));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->new_entry), "");
}

static GtkWidget *
labelled_button (const char *label,
                 const char *accessible)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return button;
}

static GtkWidget *
create_actor_row (gpointer item,
                  gpointer user_data)
{
  TryggActor *actor = item;
  const char *name = trygg_actor_get_name (actor);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *name_row, *contact_row, *colour_row, *colour_button, *actions_row, *button;
  g_autofree char *a11y = NULL;
  GdkRGBA rgba;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (trygg_actor_get_contact (actor) != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), trygg_actor_get_contact (actor));

  name_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), _("Name"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (name_row), name);
  g_signal_connect_object (name_row, "apply", G_CALLBACK (name_apply_cb), actor, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), name_row);

  contact_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (contact_row), _("Contact person"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (contact_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (contact_row), trygg_actor_get_contact (actor) ? trygg_actor_get_contact (actor) : "");
  g_signal_connect_object (contact_row, "apply", G_CALLBACK (contact_apply_cb), actor, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), contact_row);

  colour_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (colour_row), _("Colour"));
  colour_button = gtk_color_button_new ();
  gtk_widget_set_valign (colour_button, GTK_ALIGN_CENTER);
  if (trygg_actor_get_colour (actor) != NULL && gdk_rgba_parse (&rgba, trygg_actor_get_colour (actor)))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (colour_button), &rgba);
  /* TRANSLATORS: accessible name of an actor's colour button */
  a11y = g_strdup_printf (_("Colour of %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (colour_button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_signal_connect_object (colour_button, "color-set", G_CALLBACK (colour_set_cb), actor, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (colour_row), colour_button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (colour_row), colour_button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), colour_row);

  actions_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (actions_row), _("Merge or delete"));
  g_free (a11y);
  a11y = g_strdup_printf (_("Merge %s into Another Actor"), name);
  button = labelled_button (_("_Merge Into…"), a11y);
  g_signal_connect_object (button, "clicked", G_CALLBACK (merge_clicked_cb), actor, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (actions_row), button);
  g_free (a11y);
  a11y = g_strdup_printf (_("Delete %s"), name);
  button = labelled_button (_("_Delete…"), a11y);
  gtk_widget_add_css_class (button, "destructive-action");
  g_signal_connect_object (button, "clicked", G_CALLBACK (delete_clicked_cb), actor, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (actions_row), button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), actions_row);

  return row;
}

/* Virtual overrides */

static void
trygg_actors_dialog_dispose (GObject *object)
{
  TryggActorsDialog *self = TRYGG_ACTORS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TRYGG_TYPE_ACTORS_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (trygg_actors_dialog_parent_class)->dispose (object);
}

static void
trygg_actors_dialog_class_init (TryggActorsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_actors_dialog_dispose;

  trygg_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/trygg-actors-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggActorsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TryggActorsDialog, new_entry);
  gtk_widget_class_bind_template_child (widget_class, TryggActorsDialog, actors_list);
  gtk_widget_class_bind_template_callback (widget_class, add_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
trygg_actors_dialog_init (TryggActorsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWindow *
trygg_actors_dialog_new (TryggStore *store,
                         GtkWindow  *parent)
{
  TryggActorsDialog *self;

  g_return_val_if_fail (TRYGG_IS_STORE (store), NULL);

  self = g_object_new (TRYGG_TYPE_ACTORS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  gtk_list_box_bind_model (self->actors_list, trygg_store_get_actors (store), create_actor_row, self, NULL);
  return GTK_WINDOW (self);
}

gboolean
trygg_actors_dialog_delete_actor (TryggActorsDialog *self,
                                  TryggActor        *actor,
                                  TryggActor        *heir)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TRYGG_IS_ACTORS_DIALOG (self), FALSE);
  g_return_val_if_fail (TRYGG_IS_ACTOR (actor), FALSE);

  if (!trygg_store_delete_actor (self->store, actor, heir, &error))
    {
      report (self, error, _("The actor could not be removed"));
      return FALSE;
    }
  return TRUE;
}
