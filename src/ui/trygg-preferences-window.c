/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-preferences-window.h"
#include "trygg-resources.h"

struct _TryggPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwActionRow         *offline_map_row;

  GSettings            *settings;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (TryggPreferencesWindow, trygg_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_offline_map_row (TryggPreferencesWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "offline-map");

  if (path[0] == '\0')
    {
      adw_action_row_set_subtitle (self->offline_map_row,
                                   _("None: map tiles are downloaded from OpenStreetMap"));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.clear-offline-map", FALSE);
    }
  else
    {
      g_autofree char *display = g_filename_display_name (path);

      adw_action_row_set_subtitle (self->offline_map_row, display);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.clear-offline-map", TRUE);
    }
}

static void
offline_map_changed_cb (TryggPreferencesWindow *self)
{
  update_offline_map_row (self);
}

static void
chooser_response_cb (TryggPreferencesWindow *self,
                     int                     response,
                     GtkFileChooserNative   *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        g_settings_set_string (self->settings, "offline-map", path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_offline_map_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TryggPreferencesWindow *self = TRYGG_PREFERENCES_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("MBTiles Maps"));
  gtk_file_filter_add_pattern (filter, "*.mbtiles");
  gtk_file_filter_add_pattern (filter, "*.MBTILES");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose Offline Map"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"),
                                               _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
clear_offline_map_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  TryggPreferencesWindow *self = TRYGG_PREFERENCES_WINDOW (widget);

  g_settings_reset (self->settings, "offline-map");
}

static void
trygg_preferences_window_dispose (GObject *object)
{
  TryggPreferencesWindow *self = TRYGG_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), TRYGG_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (trygg_preferences_window_parent_class)->dispose (object);
}

static void
trygg_preferences_window_class_init (TryggPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_preferences_window_dispose;

  trygg_ensure_resources ();

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/trygg-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggPreferencesWindow, offline_map_row);

  gtk_widget_class_install_action (widget_class, "prefs.choose-offline-map", NULL,
                                   choose_offline_map_action);
  gtk_widget_class_install_action (widget_class, "prefs.clear-offline-map", NULL,
                                   clear_offline_map_action);
}

static void
trygg_preferences_window_init (TryggPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TryggPreferencesWindow *
trygg_preferences_window_new (GtkWindow *parent,
                              GSettings *settings)
{
  TryggPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (TRYGG_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::offline-map",
                           G_CALLBACK (offline_map_changed_cb), self, G_CONNECT_SWAPPED);
  update_offline_map_row (self);

  return self;
}
