/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-resources.h"
#include "trygg-window.h"

struct _TryggWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwStatusPage        *status_page;

  GSettings            *settings;
  char                 *database_path;
  char                 *offline_map;
  gboolean              is_default_database;
};

G_DEFINE_FINAL_TYPE (TryggWindow, trygg_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  PROP_IS_DEFAULT_DATABASE,
  PROP_OFFLINE_MAP,
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

static gboolean
trygg_window_close_request (GtkWindow *window)
{
  save_window_state (TRYGG_WINDOW (window));

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

  if (self->offline_map == NULL)
    {
      g_autofree char *stored = g_settings_get_string (self->settings, "offline-map");

      if (stored[0] != '\0')
        self->offline_map = g_steal_pointer (&stored);
    }
}

static void
trygg_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TRYGG_TYPE_WINDOW);

  G_OBJECT_CLASS (trygg_window_parent_class)->dispose (object);
}

static void
trygg_window_finalize (GObject *object)
{
  TryggWindow *self = TRYGG_WINDOW (object);

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

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_DEFAULT_DATABASE] =
    g_param_spec_boolean ("is-default-database", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFLINE_MAP] =
    g_param_spec_string ("offline-map", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/trygg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TryggWindow, status_page);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
trygg_window_init (TryggWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_MAP]);
}

void
trygg_window_add_toast (TryggWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (TRYGG_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
