/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-map-view.h"
#include "trygg-offline-dialog.h"
#include "trygg-resources.h"
#include "trygg-window.h"
#include "trygg-window-private.h"
#include "trygg-workbench-util.h"

G_DEFINE_FINAL_TYPE (TryggWindow, trygg_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  PROP_IS_DEFAULT_DATABASE,
  PROP_OFFLINE_MAP,
  PROP_SELECTED_FINDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
restore_window_state (TryggWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (TryggWindow *self)
{
  int width, height;

  /* The default size is the unmaximized size: storing it while maximized
   * would make the next unmaximize fill the screen. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
update_title (TryggWindow *self)
{
  g_autofree char *basename = g_path_get_basename (self->database_path);
  g_autofree char *display = g_filename_display_name (basename);

  adw_view_switcher_title_set_subtitle (self->window_title, self->is_default_database ? NULL : display);
}

void
trygg_window_show_toast (TryggWindow *self,
                         const char  *message)
{
  AdwToast *toast = trygg_toast_new_text (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A map file that cannot be read is said on the map and in a toast; the
 * window keeps working on the online map. */
static void
apply_offline_map (TryggWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!trygg_map_view_set_offline_map (self->map_view, self->offline_map, &error))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("The offline map could not be used: %s"), error->message);
      trygg_window_show_toast (self, message);
    }
}

static void
offline_map_setting_changed_cb (TryggWindow *self)
{
  g_autofree char *stored = g_settings_get_string (self->settings, "offline-map");

  trygg_window_set_offline_map (self, stored[0] != '\0' ? stored : NULL);
}

/* A chooser goes once it has answered. Kept hidden, it would stay among
 * GTK's toplevels, where GTK 4.8 hands a screen reader that asks for one
 * window more than are shown the hidden window's missing D-Bus path,
 * and the program crashes. */
static void
chooser_done_cb (TryggWindow     *self,
                 int              response,
                 GtkNativeDialog *chooser)
{
  if ((GtkNativeDialog *) self->chooser != chooser)
    return;  /* the answer opened another chooser */

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

GtkFileChooserNative *
trygg_window_new_chooser (TryggWindow          *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept_label,
             const char           *filter_name,
             const char * const   *patterns,
             GCallback             response_cb)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, filter_name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", response_cb, self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_done_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  return self->chooser;
}

char *
trygg_window_chooser_take_path (TryggWindow *self,
                   int          response)
{
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  return file != NULL ? g_file_get_path (file) : NULL;
}

/* ShumateScale formats its distances with gettext in the application's
 * own domain: these must be in our catalogue or the scale stays English. */
G_GNUC_UNUSED static const char * const scale_strings[] = {
  /* Translators: a distance on the map scale, in metres */
  N_("%d\u00a0m"),
  /* Translators: a distance on the map scale, in kilometres */
  N_("%d\u00a0km"),
};

static const char * const mbtiles_patterns[] = { "*.mbtiles", "*.MBTILES", NULL };
static const char * const database_patterns[] = { "*.db", "*.sqlite", "*.sqlite3", NULL };
static const char * const png_patterns[] = { "*.png", "*.PNG", NULL };

/* Callbacks */

static void
choose_offline_map_response_cb (TryggWindow *self,
                                int          response)
{
  g_autofree char *path = trygg_window_chooser_take_path (self, response);

  /* Stored in the settings: remembered, and every window follows. */
  if (path != NULL)
    g_settings_set_string (self->settings, "offline-map", path);
}

static void
open_database_response_cb (TryggWindow *self,
                           int          response)
{
  g_autofree char *path = trygg_window_chooser_take_path (self, response);

  if (path != NULL)
    trygg_application_open_database (TRYGG_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), path);
}

static void
export_map_image_response_cb (TryggWindow *self,
                              int          response)
{
  g_autofree char *path = trygg_window_chooser_take_path (self, response);
  const char *scale_choice;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  int scale;

  if (path == NULL)
    return;

  scale_choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (self->chooser), "scale");
  scale = scale_choice != NULL ? atoi (scale_choice) : 2;
  if (!g_str_has_suffix (path, ".png") && !g_str_has_suffix (path, ".PNG"))
    {
      char *with_suffix = g_strconcat (path, ".png", NULL);

      g_free (path);
      path = with_suffix;
    }

  file = g_file_new_for_path (path);
  if (!trygg_map_view_export_png (self->map_view, file, CLAMP (scale, 1, 4), &error))
    {
      g_autofree char *message = g_strdup_printf (_("The map image could not be saved: %s"), error->message);

      trygg_window_show_toast (self, message);
    }
  else
    {
      trygg_window_show_toast (self, _("Map image saved"));
    }
}

/* Actions */

/* Built when asked for and destroyed on closing, for the reason given
 * at chooser_done_cb(): GtkApplication's own help overlay is a hidden
 * window from the start. */
static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource ("/se/sodertalje/Trygghetskarta/ui/trygg-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_present (shortcuts);
}

static void
add_finding_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);

  trygg_map_view_set_adding (self->map_view, !trygg_map_view_get_adding (self->map_view));
}

static void
toggle_list_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);

  adw_flap_set_reveal_flap (self->list_flap, !adw_flap_get_reveal_flap (self->list_flap));
}

static void
zoom_to_findings_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  TryggFindingsLayer *layer = trygg_map_view_get_findings_layer (self->map_view);
  guint n = trygg_findings_layer_get_n_pins (layer);
  g_autofree TryggPin *pins = g_new0 (TryggPin, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    pins[i] = *trygg_findings_layer_get_pin (layer, i);
  trygg_map_view_zoom_to_pins (self->map_view, pins, n);
}

static void
choose_offline_map_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = trygg_window_new_chooser (self, _("Choose Offline Map"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                         _("MBTiles Maps"), mbtiles_patterns, G_CALLBACK (choose_offline_map_response_cb));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = trygg_window_new_chooser (self, _("Open Database"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                         _("Trygghetskarta Databases"), database_patterns,
                         G_CALLBACK (open_database_response_cb));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
new_database_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  GtkFileChooserNative *chooser;

  /* The save dialog asks before replacing a file; a new database is only
   * ever created where no file is (the store refuses to reuse another). */
  chooser = trygg_window_new_chooser (self, _("New Database"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"),
                         _("Trygghetskarta Databases"), database_patterns,
                         G_CALLBACK (open_database_response_cb));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("safety-walks.db"));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_map_image_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  GtkFileChooserNative *chooser;
  static const char *scale_ids[] = { "1", "2", "3", NULL };
  const char *scale_labels[] = { _("Screen size"), _("Double size (slides)"), _("Triple size (print)"), NULL };

  chooser = trygg_window_new_chooser (self, _("Export Map as Image"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                         _("PNG Images"), png_patterns, G_CALLBACK (export_map_image_response_cb));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "scale", _("Size"), scale_ids, scale_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "scale", "2");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("map.png"));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_offline_area_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  TryggOfflineDialog *dialog = trygg_offline_dialog_new (GTK_WINDOW (self), self->map_view);

  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
trygg_window_close_request (GtkWindow *window)
{
  TryggWindow *self = TRYGG_WINDOW (window);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  /* What is being typed in the panel is stored before the window goes. */
  trygg_finding_panel_commit_edits (self->finding_panel);
  save_window_state (self);
  if (trygg_window_transfer_close (self))
    return TRUE;

  return GTK_WINDOW_CLASS (trygg_window_parent_class)->close_request (window);
}

/* Called once the window knows its application, which GtkWindow only
 * learns after construction. */
static void
trygg_window_setup (TryggWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  self->settings = g_object_ref (trygg_application_get_settings (TRYGG_APPLICATION (app)));
  restore_window_state (self);

  trygg_map_view_set_settings (self->map_view, self->settings);
  /* Swedish users measure in metres; both scales at once only clutter. */
  shumate_scale_set_unit (shumate_simple_map_get_scale (trygg_map_view_get_simple_map (self->map_view)),
                          SHUMATE_UNIT_METRIC);
  g_signal_connect_object (self->settings, "changed::offline-map",
                           G_CALLBACK (offline_map_setting_changed_cb), self, G_CONNECT_SWAPPED);

  if (self->offline_map == NULL)
    {
      g_autofree char *stored = g_settings_get_string (self->settings, "offline-map");

      if (stored[0] != '\0')
        trygg_window_set_offline_map (self, stored);
    }
  else
    {
      apply_offline_map (self);
    }

  update_title (self);
  trygg_window_data_open (self);
}

static void
trygg_window_dispose (GObject *object)
{
  trygg_window_transfer_dispose (TRYGG_WINDOW (object));
  trygg_window_presentation_dispose (TRYGG_WINDOW (object));
  trygg_window_data_dispose (TRYGG_WINDOW (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), TRYGG_TYPE_WINDOW);

  G_OBJECT_CLASS (trygg_window_parent_class)->dispose (object);
}

static void
trygg_window_finalize (GObject *object)
{
  TryggWindow *self = TRYGG_WINDOW (object);

  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->offline_map, g_free);

  G_OBJECT_CLASS (trygg_window_parent_class)->finalize (object);
}

static void
trygg_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TryggWindow *self = TRYGG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;
    case PROP_IS_DEFAULT_DATABASE:
      g_value_set_boolean (value, self->is_default_database);
      break;
    case PROP_OFFLINE_MAP:
      g_value_set_string (value, self->offline_map);
      break;
    case PROP_SELECTED_FINDING:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TryggWindow *self = TRYGG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      self->database_path = g_value_dup_string (value);
      break;
    case PROP_IS_DEFAULT_DATABASE:
      self->is_default_database = g_value_get_boolean (value);
      break;
    case PROP_OFFLINE_MAP:
      trygg_window_set_offline_map (self, g_value_get_string (value));
      break;
    case PROP_SELECTED_FINDING:
      trygg_window_set_selected_finding (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_window_class_init (TryggWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = trygg_window_dispose;
  object_class->finalize = trygg_window_finalize;
  object_class->get_property = trygg_window_get_property;
  object_class->set_property = trygg_window_set_property;

  window_class->close_request = trygg_window_close_request;

  trygg_ensure_resources ();
  g_type_ensure (TRYGG_TYPE_MAP_VIEW);
  g_type_ensure (TRYGG_TYPE_FINDINGS_LIST);
  g_type_ensure (TRYGG_TYPE_FINDING_PANEL);
  g_type_ensure (TRYGG_TYPE_FOLLOWUP_VIEW);

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_DEFAULT_DATABASE] =
    g_param_spec_boolean ("is-default-database", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFLINE_MAP] =
    g_param_spec_string ("offline-map", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_FINDING] =
    g_param_spec_object ("selected-finding", NULL, NULL, TRYGG_TYPE_FINDING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/trygg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, list_flap);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, panel_flap);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, findings_list);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, finding_panel);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, followup_view);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, error_page);

  trygg_window_data_class_init (widget_class);
  trygg_window_transfer_class_init (widget_class);
  trygg_window_presentation_class_init (widget_class);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, presentation_revealer);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, presentation_photo);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, presentation_title);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, presentation_meta);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, presentation_measures);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, presentation_position);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, progress_bar);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.add-finding", NULL, add_finding_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-list", NULL, toggle_list_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-to-findings", NULL, zoom_to_findings_action);
  gtk_widget_class_install_action (widget_class, "win.choose-offline-map", NULL, choose_offline_map_action);
  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, open_database_action);
  gtk_widget_class_install_action (widget_class, "win.new-database", NULL, new_database_action);
  gtk_widget_class_install_action (widget_class, "win.export-map-image", NULL, export_map_image_action);
  gtk_widget_class_install_action (widget_class, "win.save-offline-area", NULL, save_offline_area_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add-finding", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-to-findings", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-database", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-list", NULL);
}

static void
trygg_window_init (TryggWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Nothing to cancel until an import, an export or printing runs. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-transfer", FALSE);

  trygg_window_presentation_init (self);

  g_object_bind_property (self->map_view, "adding", self->add_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

TryggWindow *
trygg_window_new (TryggApplication *application,
                  const char       *database_path,
                  gboolean          is_default_database)
{
  g_return_val_if_fail (TRYGG_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (database_path != NULL, NULL);

  TryggWindow *self;

  self = g_object_new (TRYGG_TYPE_WINDOW,
                       "application", application,
                       "database-path", database_path,
                       "is-default-database", is_default_database,
                       NULL);
  trygg_window_setup (self);

  return self;
}

const char *
trygg_window_get_database_path (TryggWindow *self)
{
  g_return_val_if_fail (TRYGG_IS_WINDOW (self), NULL);

  return self->database_path;
}

const char *
trygg_window_get_offline_map (TryggWindow *self)
{
  g_return_val_if_fail (TRYGG_IS_WINDOW (self), NULL);

  return self->offline_map;
}

void
trygg_window_set_offline_map (TryggWindow *self,
                              const char  *path)
{
  g_return_if_fail (TRYGG_IS_WINDOW (self));

  if (g_strcmp0 (self->offline_map, path) == 0)
    return;

  g_free (self->offline_map);
  self->offline_map = g_strdup (path);
  apply_offline_map (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_MAP]);
}

void
trygg_window_add_toast (TryggWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (TRYGG_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
