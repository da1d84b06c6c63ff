/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-application.h"
#include "trygg-cli.h"
#include "trygg-preferences-window.h"
#include "trygg-resources.h"
#include "trygg-window.h"

struct _TryggApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (TryggApplication, trygg_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "database", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use this database file instead of the default one (created if missing)"), N_("PATH") },
  { "offline-map", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use this MBTiles file as the map"), N_("FILE.mbtiles") },
  { "import", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import findings (.geojson, .json, .csv) or a walked route (.gpx) from FILE and exit"), N_("FILE") },
  { "export", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the findings to FILE (.geojson, .csv, or .pdf for the report) and exit"), N_("FILE") },
  { "actor", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export: only what this actor is responsible for"), N_("NAME") },
  { "walk", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --import: put the findings into this walk; with --export: only this walk"), N_("NAME") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the program’s version and exit"), NULL },
  { NULL }
};

static char *
default_database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "trygghetskarta", "trygghetskarta.db", NULL);
}

static char *
absolute_path (GApplicationCommandLine *cmdline,
               const char              *path)
{
  g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (cmdline, path);

  return g_file_get_path (file);
}

/* One window per database file: asking again for an open one presents it. */
static TryggWindow *
find_window_for_database (TryggApplication *self,
                          const char       *database_path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (TRYGG_IS_WINDOW (l->data) &&
          g_strcmp0 (trygg_window_get_database_path (l->data), database_path) == 0)
        return l->data;
    }
  return NULL;
}

static void
open_window (TryggApplication *self,
             const char       *database_path,
             const char       *offline_map)
{
  g_autofree char *default_path = NULL;
  TryggWindow *window;

  if (database_path == NULL)
    database_path = default_path = default_database_path ();

  window = find_window_for_database (self, database_path);
  if (window == NULL)
    window = trygg_window_new (self, database_path, default_path != NULL);

  if (offline_map != NULL)
    trygg_window_set_offline_map (window, offline_map);

  gtk_window_present (GTK_WINDOW (window));
}

static void
trygg_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  TryggApplication *self = user_data;
  static const char *developers[] = {
    "Trygghetskarta developers",
    NULL
  };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", "Trygghetskarta",
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("Trygghetskarta developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Safety walks on a map: every finding, who fixes it, and what was done."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 Trygghetskarta developers",
                        "developers", developers,
                        /* Translators: your names, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_credit_section (ADW_ABOUT_WINDOW (about),
                                       _("Map data"),
                                       (const char *[]) { _("© OpenStreetMap contributors https://www.openstreetmap.org/copyright"), NULL });
  gtk_window_present (GTK_WINDOW (about));
}

static void
trygg_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  TryggApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  TryggPreferencesWindow *prefs;

  prefs = trygg_preferences_window_new (parent, self->settings);
  gtk_window_present (GTK_WINDOW (prefs));
}

/* Quits once no main window is left; TRUE when it did. */
static gboolean
quit_without_main_windows (TryggApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (TRYGG_IS_WINDOW (l->data) && !gtk_widget_in_destruction (l->data))
      return FALSE;
  g_application_quit (G_APPLICATION (self));
  return TRUE;
}

static void
trygg_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  TryggApplication *self = user_data;

  /* Closing each window lets it store its size before the process ends. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  if (quit_without_main_windows (self))
    return;

  /* A window in the middle of an import or export stays until that has
   * stopped (see trygg_window_transfer_close()): the last one to go
   * quits. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (TRYGG_IS_WINDOW (l->data))
      g_signal_connect_object (l->data, "destroy", G_CALLBACK (quit_without_main_windows), self,
                               G_CONNECT_SWAPPED);
}

static const GActionEntry app_actions[] = {
  { "about", trygg_application_about_action },
  { "preferences", trygg_application_preferences_action },
  { "quit", trygg_application_quit_action },
};

static gint
trygg_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("trygghetskarta %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  /* Import and export run here, in this process, without a window. */
  if (g_variant_dict_contains (options, "import") || g_variant_dict_contains (options, "export"))
    return trygg_cli_run (options);

  /* Everything else is handled by the primary instance. */
  return -1;
}

static int
trygg_application_command_line (GApplication            *app,
                                GApplicationCommandLine *cmdline)
{
  TryggApplication *self = TRYGG_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  g_autofree char *database_arg = NULL;
  g_autofree char *offline_map_arg = NULL;
  g_autofree char *database_path = NULL;
  g_autofree char *offline_map = NULL;

  g_variant_dict_lookup (options, "database", "^ay", &database_arg);
  g_variant_dict_lookup (options, "offline-map", "^ay", &offline_map_arg);

  if (database_arg != NULL)
    database_path = absolute_path (cmdline, database_arg);
  if (offline_map_arg != NULL)
    offline_map = absolute_path (cmdline, offline_map_arg);

  open_window (self, database_path, offline_map);

  return EXIT_SUCCESS;
}

static void
trygg_application_activate (GApplication *app)
{
  open_window (TRYGG_APPLICATION (app), NULL, NULL);
}

static void
trygg_application_startup (GApplication *app)
{
  TryggApplication *self = TRYGG_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (trygg_application_parent_class)->startup (app);

  self->settings = g_settings_new (SCHEMA_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", shortcuts_accels);
}

static void
trygg_application_dispose (GObject *object)
{
  TryggApplication *self = TRYGG_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (trygg_application_parent_class)->dispose (object);
}

static void
trygg_application_class_init (TryggApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = trygg_application_dispose;

  trygg_ensure_resources ();

  app_class->handle_local_options = trygg_application_handle_local_options;
  app_class->command_line = trygg_application_command_line;
  app_class->activate = trygg_application_activate;
  app_class->startup = trygg_application_startup;
}

static void
trygg_application_init (TryggApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Map, assign and follow up the findings of safety walks."));
}

TryggApplication *
trygg_application_new (void)
{
  return g_object_new (TRYGG_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

void
trygg_application_open_database (TryggApplication *self,
                                  const char       *path)
{
  g_return_if_fail (TRYGG_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  open_window (self, path, NULL);
}

GSettings *
trygg_application_get_settings (TryggApplication *self)
{
  g_return_val_if_fail (TRYGG_IS_APPLICATION (self), NULL);

  return self->settings;
}
