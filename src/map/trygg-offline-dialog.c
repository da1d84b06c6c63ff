/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-map-resources.h"
#include "trygg-offline-dialog.h"
#include "trygg-offline-download.h"

/* "Save this area for offline use": says how many map images and roughly
 * how many megabytes the visible area takes over the chosen zoom levels
 * before anything is fetched, then fetches them with a progress bar and a
 * Cancel button. */

struct _TryggOfflineDialog
{
  AdwWindow          parent_instance;

  /* Template widgets */
  GtkWidget         *cancel_button;
  GtkWidget         *save_button;
  GtkAdjustment     *min_zoom;
  GtkAdjustment     *max_zoom;
  GtkLabel          *estimate_label;
  GtkProgressBar    *progress_bar;
  GtkLabel          *error_label;

  TryggMapView      *view;
  TryggMbtilesBounds bounds;
  guint64            n_tiles;
  GCancellable      *cancellable;
  GtkNativeDialog   *chooser;
};

G_DEFINE_FINAL_TYPE (TryggOfflineDialog, trygg_offline_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (TryggOfflineDialog *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_estimate (TryggOfflineDialog *self)
{
  int min_zoom = gtk_adjustment_get_value (self->min_zoom);
  int max_zoom = gtk_adjustment_get_value (self->max_zoom);
  g_autofree char *size = NULL;
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;
  guint64 bytes;

  if (max_zoom < min_zoom)
    {
      gtk_adjustment_set_value (self->max_zoom, min_zoom);
      return;
    }

  self->n_tiles = trygg_offline_download_estimate (&self->bounds, min_zoom, max_zoom, &bytes);
  size = g_format_size (bytes);

  count = g_strdup_printf ("%" G_GUINT64_FORMAT, self->n_tiles);
  if (self->n_tiles > TRYGG_OFFLINE_MAX_TILES)
    text = g_strdup_printf (ngettext ("That is %s map image, more than the %d that may be downloaded at a time. Choose fewer detail levels or zoom in on a smaller area.",
                                      "That is %s map images, more than the %d that may be downloaded at a time. Choose fewer detail levels or zoom in on a smaller area.",
                                      (gulong) self->n_tiles),
                            count, TRYGG_OFFLINE_MAX_TILES);
  else
    /* Translators: the first %s is a number of map images, the second a size such as "3.2 MB". */
    text = g_strdup_printf (ngettext ("%s map image, about %s.", "%s map images, about %s.",
                                      (gulong) self->n_tiles),
                            count, size);

  gtk_label_set_text (self->estimate_label, text);
  gtk_widget_set_sensitive (self->save_button,
                            self->n_tiles <= TRYGG_OFFLINE_MAX_TILES && self->cancellable == NULL);
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  TryggOfflineDialog *self = user_data;
  g_autofree char *text = NULL;
  g_autofree char *done_text = g_strdup_printf ("%" G_GUINT64_FORMAT, done);
  g_autofree char *total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

  /* Translators: progress while saving an offline map, e.g. "120 of 480 map images". */
  text = g_strdup_printf (_("%s of %s map images"), done_text, total_text);
  gtk_progress_bar_set_fraction (self->progress_bar, total ? (double) done / total : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
set_running (TryggOfflineDialog *self,
             gboolean            running)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  gtk_widget_set_sensitive (self->save_button, !running && self->n_tiles <= TRYGG_OFFLINE_MAX_TILES);
  if (!running)
    g_clear_object (&self->cancellable);
}

static void
download_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TryggOfflineDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_object_steal_data (G_OBJECT (self), "trygg-path");
  gboolean ok = trygg_offline_download_finish (result, &error);

  /* Disposed while saving: the widgets are gone. */
  if (self->progress_bar == NULL)
    return;

  set_running (self, FALSE);

  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, path);
  gtk_window_close (GTK_WINDOW (self));
}

static void
chooser_response_cb (TryggOfflineDialog   *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file ? g_file_get_path (file) : NULL;
    }
  g_clear_object (&self->chooser);

  if (path != NULL)
    trygg_offline_dialog_start (self, path);
}

static void
save_clicked_cb (TryggOfflineDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Save Offline Map"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Offline maps (MBTiles)"));
  gtk_file_filter_add_pattern (filter, "*.mbtiles");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Offline map.mbtiles"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
cancel_clicked_cb (TryggOfflineDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
zoom_changed_cb (TryggOfflineDialog *self)
{
  show_error (self, NULL);
  update_estimate (self);
}

/* Closing the window stops a save in progress; the download holds a
 * reference, so dispose would come only after it had finished. */
static void
trygg_offline_dialog_unmap (GtkWidget *widget)
{
  TryggOfflineDialog *self = TRYGG_OFFLINE_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (trygg_offline_dialog_parent_class)->unmap (widget);
}

static void
trygg_offline_dialog_dispose (GObject *object)
{
  TryggOfflineDialog *self = TRYGG_OFFLINE_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->chooser);
  g_clear_object (&self->view);
  gtk_widget_dispose_template (GTK_WIDGET (self), TRYGG_TYPE_OFFLINE_DIALOG);

  G_OBJECT_CLASS (trygg_offline_dialog_parent_class)->dispose (object);
}

static void
trygg_offline_dialog_class_init (TryggOfflineDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_offline_dialog_dispose;
  widget_class->unmap = trygg_offline_dialog_unmap;

  /**
   * TryggOfflineDialog::saved:
   * @path: the new MBTiles file
   *
   * The area was saved completely; the dialog closes.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  trygg_map_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/trygg-offline-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggOfflineDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TryggOfflineDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, TryggOfflineDialog, min_zoom);
  gtk_widget_class_bind_template_child (widget_class, TryggOfflineDialog, max_zoom);
  gtk_widget_class_bind_template_child (widget_class, TryggOfflineDialog, estimate_label);
  gtk_widget_class_bind_template_child (widget_class, TryggOfflineDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TryggOfflineDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
trygg_offline_dialog_init (TryggOfflineDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * trygg_offline_dialog_new:
 * @view: the map whose visible area and tile source are saved
 */
TryggOfflineDialog *
trygg_offline_dialog_new (GtkWindow    *parent,
                          TryggMapView *view)
{
  TryggOfflineDialog *self;
  ShumateMapSource *source;
  int zoom;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TRYGG_IS_MAP_VIEW (view), NULL);

  self = g_object_new (TRYGG_TYPE_OFFLINE_DIALOG, "transient-for", parent, NULL);
  self->view = g_object_ref (view);
  trygg_map_view_get_visible_bounds (view, &self->bounds.west, &self->bounds.south,
                                     &self->bounds.east, &self->bounds.north);

  source = trygg_map_view_get_map_source (view);
  gtk_adjustment_set_lower (self->min_zoom, shumate_map_source_get_min_zoom_level (source));
  gtk_adjustment_set_upper (self->min_zoom, shumate_map_source_get_max_zoom_level (source));
  gtk_adjustment_set_lower (self->max_zoom, shumate_map_source_get_min_zoom_level (source));
  gtk_adjustment_set_upper (self->max_zoom, shumate_map_source_get_max_zoom_level (source));

  zoom = (int) shumate_viewport_get_zoom_level (trygg_map_view_get_viewport (view));
  trygg_offline_dialog_set_zoom_range (self, zoom, zoom + 2);
  return self;
}

void
trygg_offline_dialog_set_zoom_range (TryggOfflineDialog *self,
                                     int                 min_zoom,
                                     int                 max_zoom)
{
  g_return_if_fail (TRYGG_IS_OFFLINE_DIALOG (self));

  gtk_adjustment_set_value (self->min_zoom, min_zoom);
  gtk_adjustment_set_value (self->max_zoom, max_zoom);
  update_estimate (self);
}

guint64
trygg_offline_dialog_get_n_tiles (TryggOfflineDialog *self)
{
  g_return_val_if_fail (TRYGG_IS_OFFLINE_DIALOG (self), 0);
  return self->n_tiles;
}

/**
 * trygg_offline_dialog_start:
 * @path: where the new MBTiles file goes
 *
 * What Save does once a file has been chosen.
 */
void
trygg_offline_dialog_start (TryggOfflineDialog *self,
                            const char         *path)
{
  ShumateMapSource *source;
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%x");

  g_return_if_fail (TRYGG_IS_OFFLINE_DIALOG (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->cancellable == NULL);

  if (self->n_tiles > TRYGG_OFFLINE_MAX_TILES)
    return;

  source = trygg_map_view_get_map_source (self->view);
  /* Translators: the name stored in a saved offline map; %s is a date. */
  name = g_strdup_printf (_("Trygghetskarta offline map, %s"), date);

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  progress_cb (0, self->n_tiles, self);
  g_object_set_data_full (G_OBJECT (self), "trygg-path", g_strdup (path), g_free);

  trygg_offline_download_async (trygg_map_view_get_data_source (self->view),
                                &self->bounds,
                                gtk_adjustment_get_value (self->min_zoom),
                                gtk_adjustment_get_value (self->max_zoom),
                                path, name,
                                shumate_map_source_get_license (source),
                                progress_cb, self,
                                self->cancellable,
                                download_done_cb, g_object_ref (self));
}

gboolean
trygg_offline_dialog_get_running (TryggOfflineDialog *self)
{
  g_return_val_if_fail (TRYGG_IS_OFFLINE_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

/* The message the dialog shows after a failed save, or NULL. */
const char *
trygg_offline_dialog_get_error (TryggOfflineDialog *self)
{
  g_return_val_if_fail (TRYGG_IS_OFFLINE_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}
