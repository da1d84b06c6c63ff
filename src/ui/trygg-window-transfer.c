/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-print.h"
#include "trygg-report-export.h"
#include "trygg-transfer.h"
#include "trygg-window-private.h"

/* Import and export from the window. The work runs in a thread on its own
 * connection to the same file (SQLite in WAL mode lets the window keep
 * reading meanwhile); the window shows a progress bar and, when the
 * thread is done, reloads the store and says in one line what happened. */

typedef struct
{
  char     *database_path;
  char     *path;
  char     *actor;       /* export: a handout for this actor, or NULL */
  char     *offline_map; /* report: the map drawn under the pins, or NULL */
  gboolean  import;
  char     *summary;     /* import: the one-line summary */
  TryggImportResult result; /* import: what it did, where */
  guint     count;       /* export: how many findings */
  GMutex    lock;
  double    fraction;    /* written by the thread, read by the window */
} Transfer;

static void
transfer_free (Transfer *transfer)
{
  g_free (transfer->database_path);
  g_free (transfer->path);
  g_free (transfer->actor);
  g_free (transfer->offline_map);
  g_free (transfer->summary);
  g_mutex_clear (&transfer->lock);
  g_free (transfer);
}

static void
transfer_progress (double   fraction,
                   gpointer user_data)
{
  Transfer *transfer = user_data;

  g_mutex_lock (&transfer->lock);
  transfer->fraction = fraction;
  g_mutex_unlock (&transfer->lock);
}

static void
transfer_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Transfer *transfer = task_data;
  g_autoptr(TryggDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  db = trygg_database_open (transfer->database_path, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  trygg_database_set_cancellable (db, cancellable);

  if (transfer->import)
    ok = trygg_transfer_import_file (db, transfer->path, NULL, transfer_progress, transfer,
                                     &transfer->result, &transfer->summary, &error);
  else if (g_str_has_suffix (transfer->path, ".pdf") || g_str_has_suffix (transfer->path, ".PDF"))
    ok = trygg_report_export_file (db, transfer->path, NULL, transfer->actor, transfer->offline_map,
                                   transfer_progress, transfer, &transfer->count, &error);
  else
    ok = trygg_transfer_export_file (db, transfer->path, NULL, transfer->actor, transfer_progress, transfer,
                                     &transfer->count, &error);

  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);

  /* The window shows the import while this copies the log into the
   * database file; left to them, the window's own next edit would. */
  if (transfer->import && !trygg_database_checkpoint (db, &error))
    g_warning ("Could not checkpoint the database after an import: %s", error->message);
}

static gboolean
progress_timeout_cb (gpointer user_data)
{
  TryggWindow *self = user_data;
  GTask *task = g_object_get_data (G_OBJECT (self), "trygg-transfer-task");
  Transfer *transfer;
  double fraction;

  if (task == NULL)
    return G_SOURCE_CONTINUE;

  transfer = g_task_get_task_data (task);
  g_mutex_lock (&transfer->lock);
  fraction = transfer->fraction;
  g_mutex_unlock (&transfer->lock);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);

  return G_SOURCE_CONTINUE;
}


/* When none of the findings an import added or updated lies in the map's
 * view, the map goes to them: a file of another area would otherwise seem
 * to have imported nothing. */
static void
show_imported (TryggWindow             *self,
               const TryggImportResult *result)
{
  TryggPin corners[2] = { { 0 } };
  double west, south, east, north;

  if (result->added + result->updated == 0)
    return;
  trygg_map_view_get_visible_bounds (self->map_view, &west, &south, &east, &north);
  if (result->south <= north && result->north >= south &&
      result->west <= east && result->east >= west)
    return;
  corners[0].latitude = result->south;
  corners[0].longitude = result->west;
  corners[1].latitude = result->north;
  corners[1].longitude = result->east;
  trygg_map_view_zoom_to_pins (self->map_view, corners, G_N_ELEMENTS (corners));
}

static void
transfer_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TryggWindow *self = TRYGG_WINDOW (object);
  Transfer *transfer = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  g_object_set_data (G_OBJECT (self), "trygg-transfer-task", NULL);
  if (self->closing)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-transfer", FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The import is one transaction: nothing of it was stored; an
       * export is written to a new file, renamed only when whole. */
      if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
        trygg_window_show_toast (self, transfer->import
                                       ? _("Import cancelled. Nothing was imported.")
                                       : _("Export cancelled. No file was written."));
      else
        trygg_window_show_toast (self, error->message);
      return;
    }

  if (transfer->import)
    {
      if (!trygg_store_reload (self->store, &error))
        trygg_window_show_toast (self, error->message);
      else
        {
          show_imported (self, &transfer->result);
          trygg_window_show_toast (self, transfer->summary);
        }
    }
  else
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (ngettext ("Exported %u finding", "Exported %u findings", transfer->count),
                                 transfer->count);
      trygg_window_show_toast (self, message);
    }
}

static void
start_transfer (TryggWindow *self,
                const char  *path,
                const char  *actor,
                gboolean     import)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *label = NULL;
  Transfer *transfer;

  transfer = g_new0 (Transfer, 1);
  g_mutex_init (&transfer->lock);
  transfer->database_path = g_strdup (trygg_window_get_database_path (self));
  transfer->path = g_strdup (path);
  transfer->actor = g_strdup (actor);
  transfer->offline_map = g_strdup (trygg_window_get_offline_map (self));
  transfer->import = import;

  label = g_strdup_printf (import ? _("Importing “%s”…") : _("Exporting to “%s”…"), basename);
  gtk_label_set_text (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-transfer", TRUE);

  cancellable = g_cancellable_new ();
  task = g_task_new (self, cancellable, transfer_done_cb, NULL);
  g_task_set_source_tag (task, start_transfer);
  /* Cancelled too late, the work is done: its result stands. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, transfer, (GDestroyNotify) transfer_free);
  g_object_set_data_full (G_OBJECT (self), "trygg-transfer-task", g_object_ref (task), g_object_unref);
  self->progress_timeout = g_timeout_add (100, progress_timeout_cb, self);
  g_task_run_in_thread (task, transfer_thread);
}

static const char * const import_patterns[] = {
  "*.geojson", "*.json", "*.csv", "*.gpx", "*.GEOJSON", "*.JSON", "*.CSV", "*.GPX", NULL
};
static const char * const export_patterns[] = { "*.pdf", "*.geojson", "*.csv", NULL };

static void
import_response_cb (TryggWindow *self,
                    int          response)
{
  g_autofree char *path = trygg_window_chooser_take_path (self, response);

  if (path != NULL)
    start_transfer (self, path, NULL, TRUE);
}

static void
export_response_cb (TryggWindow *self,
                    int          response)
{
  g_autofree char *path = trygg_window_chooser_take_path (self, response);
  g_autofree char *lower = NULL;
  const char *actor_id;
  TryggActor *actor = NULL;

  if (path == NULL)
    return;

  lower = g_utf8_strdown (path, -1);
  if (!g_str_has_suffix (lower, ".geojson") && !g_str_has_suffix (lower, ".csv") &&
      !g_str_has_suffix (lower, ".pdf"))
    {
      char *with_suffix = g_strconcat (path, ".pdf", NULL);

      g_free (path);
      path = with_suffix;
    }

  actor_id = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (self->chooser), "actor");
  if (actor_id != NULL && *actor_id != '\0')
    actor = trygg_store_lookup_actor (self->store, actor_id);
  start_transfer (self, path, actor != NULL ? trygg_actor_get_name (actor) : NULL, FALSE);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = trygg_window_new_chooser (self, _("Import Findings"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                      _("GeoJSON, CSV or GPX Files"), import_patterns,
                                      G_CALLBACK (import_response_cb));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  GtkFileChooserNative *chooser;

  GListModel *actors = trygg_store_get_actors (self->store);
  guint n = g_list_model_get_n_items (actors);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  chooser = trygg_window_new_chooser (self, _("Export Report or Findings"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                      _("_Export"), _("PDF Report, GeoJSON or CSV"), export_patterns,
                                      G_CALLBACK (export_response_cb));

  /* A handout: only what one actor is responsible for. */
  g_ptr_array_add (ids, g_strdup (""));
  g_ptr_array_add (labels, g_strdup (_("Everything")));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TryggActor) actor = g_list_model_get_item (actors, i);

      g_ptr_array_add (ids, g_strdup (trygg_actor_get_id (actor)));
      g_ptr_array_add (labels, g_strdup (trygg_actor_get_name (actor)));
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, NULL);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "actor", _("Handout for"),
                               (const char **) ids->pdata, (const char **) labels->pdata);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "actor", "");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("report.pdf"));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Printing. The print dialog's settings (printer, paper, copies) are
 * remembered for the rest of the session. */
static GtkPrintSettings *session_print_settings;

static gboolean
print_progress_cb (gpointer user_data)
{
  TryggWindow *self = user_data;

  if (self->print_operation != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   trygg_print_operation_get_fraction (TRYGG_PRINT_OPERATION (self->print_operation)));
  return G_SOURCE_CONTINUE;
}

/* After the dialog: the pages are being counted and drawn. */
static void
print_begin_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                TryggWindow       *self)
{
  gtk_label_set_text (self->progress_label, _("Printing the report…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-transfer", TRUE);
  if (self->print_timeout == 0)
    self->print_timeout = g_timeout_add (100, print_progress_cb, self);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               TryggWindow             *self)
{
  const GError *failure = trygg_print_operation_get_failure (TRYGG_PRINT_OPERATION (operation));
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->print_timeout, g_source_remove);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-transfer", FALSE);

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&session_print_settings, gtk_print_operation_get_print_settings (operation));

  if (failure != NULL)
    trygg_window_show_toast (self, failure->message);
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = NULL;

      gtk_print_operation_get_error (operation, &error);
      message = g_strdup_printf (_("The report could not be printed (%s). Check the printer and try again."),
                                 error != NULL ? error->message : "");
      trygg_window_show_toast (self, message);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    trygg_window_show_toast (self, _("The report was sent to the printer."));

  g_clear_object (&self->print_operation);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  GListModel *actors = trygg_store_get_actors (self->store);
  guint n = g_list_model_get_n_items (actors);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) offered = NULL;
  g_autoptr(GError) error = NULL;
  TryggPrintOperation *operation;
  GtkPrintOperationResult result;

  if (self->print_operation != NULL)
    return;

  operation = trygg_print_operation_new (trygg_window_get_database_path (self),
                                         trygg_window_get_offline_map (self));
  /* The same choice as Export: everything, or one actor's handout. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TryggActor) actor = g_list_model_get_item (actors, i);

      g_strv_builder_add (names, trygg_actor_get_name (actor));
    }
  offered = g_strv_builder_end (names);
  trygg_print_operation_offer_actors (operation, offered);
  if (session_print_settings != NULL)
    gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (operation), session_print_settings);
  gtk_print_operation_set_allow_async (GTK_PRINT_OPERATION (operation), TRUE);
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (print_begin_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, G_CONNECT_DEFAULT);

  self->print_operation = GTK_PRINT_OPERATION (operation);
  gtk_widget_action_set_enabled (widget, "win.print", FALSE);
  result = gtk_print_operation_run (self->print_operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_WINDOW (self), &error);
  /* Asynchronous: "done" follows, except when it could not start at all. */
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("The report could not be printed (%s). Check the printer and try again."),
                                 error->message);

      trygg_window_show_toast (self, message);
      gtk_widget_action_set_enabled (widget, "win.print", TRUE);
      g_clear_object (&self->print_operation);
    }
}

/* The progress bar's Cancel: the import, export or printing it shows. */
static void
cancel_transfer_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);
  GTask *task = g_object_get_data (G_OBJECT (self), "trygg-transfer-task");

  /* Reading a file is not interrupted: it can take a moment to stop. */
  gtk_label_set_text (self->progress_label, _("Cancelling…"));
  gtk_widget_action_set_enabled (widget, "win.cancel-transfer", FALSE);
  if (task != NULL)
    g_cancellable_cancel (g_task_get_cancellable (task));
  else if (self->print_operation != NULL)
    gtk_print_operation_cancel (self->print_operation);
}

/* Closing the window during an import or export cancels it, and the
 * window stays, saying so, until the worker has rolled the import back or
 * removed the export's unfinished file: the process must not end in the
 * middle of either. The window then closes itself. TRUE while it waits. */
gboolean
trygg_window_transfer_close (TryggWindow *self)
{
  if (g_object_get_data (G_OBJECT (self), "trygg-transfer-task") == NULL)
    return FALSE;
  if (!self->closing)
    {
      self->closing = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.cancel-transfer", NULL);
    }
  return TRUE;
}

void
trygg_window_transfer_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.cancel-transfer", NULL, cancel_transfer_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);

  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
}

void
trygg_window_transfer_dispose (TryggWindow *self)
{
  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  g_clear_handle_id (&self->print_timeout, g_source_remove);
  if (self->print_operation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->print_operation, self);
      gtk_print_operation_cancel (self->print_operation);
      g_clear_object (&self->print_operation);
    }
}

/* For the tests: the same path a chosen file takes. */
void
trygg_window_import_file (TryggWindow *self,
                          const char  *path)
{
  g_return_if_fail (TRYGG_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  start_transfer (self, path, NULL, TRUE);
}

/* For the tests: every finding, as the export dialog's default does. */
void
trygg_window_export_file (TryggWindow *self,
                          const char  *path)
{
  g_return_if_fail (TRYGG_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  start_transfer (self, path, NULL, FALSE);
}
