/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <shumate/shumate.h>

#include <glib/gstdio.h>

#include "trygg-application.h"
#include "trygg-database.h"
#include "trygg-window.h"
#include "trygg-window-private.h"

static TryggApplication *app;

static void
start_application (void)
{
  g_autoptr(GError) error = NULL;

  app = trygg_application_new ();

  /* Registering runs startup, which loads the settings. A unique id per
   * test keeps parallel runs in one D-Bus session apart. */
  g_application_set_application_id (G_APPLICATION (app), NULL);
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
}

/* A window on a new database in a folder of its own, which
 * close_temp_window() removes with the window. */
static TryggWindow *
open_temp_window (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("trygg-window-XXXXXX", &error);
  g_autofree char *path = NULL;
  TryggWindow *window;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  window = trygg_window_new (app, path, FALSE);
  g_object_set_data_full (G_OBJECT (window), "test-path", g_steal_pointer (&path), g_free);
  return window;
}

static void
close_temp_window (TryggWindow *window)
{
  g_autofree char *path = g_strdup (g_object_get_data (G_OBJECT (window), "test-path"));
  g_autofree char *dir = g_path_get_dirname (path);
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
test_window_size_is_remembered (void)
{
  GSettings *settings = trygg_application_get_settings (app);
  TryggWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 700);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  window = trygg_window_new (app, "/nonexistent/a.db", FALSE);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);

  /* The user resizes the window and closes it: the size is stored.
   * (GTK ignores closing a window that was never shown.) */
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);

  /* The next window opens at that size. */
  window = trygg_window_new (app, "/nonexistent/b.db", FALSE);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_offline_map_from_settings (void)
{
  GSettings *settings = trygg_application_get_settings (app);
  TryggWindow *window;

  g_settings_set_string (settings, "offline-map", "/maps/sodertalje.mbtiles");
  window = trygg_window_new (app, "/nonexistent/a.db", FALSE);
  g_assert_cmpstr (trygg_window_get_offline_map (window), ==, "/maps/sodertalje.mbtiles");

  /* The command line's --offline-map wins over the remembered one. */
  trygg_window_set_offline_map (window, "/tmp/other.mbtiles");
  g_assert_cmpstr (trygg_window_get_offline_map (window), ==, "/tmp/other.mbtiles");
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "offline-map");
}

/* Presentation mode steps through the findings by walk (date, then name)
 * and number, whatever order they were made in. */
static void
test_window_presentation_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) order = g_string_new (NULL);
  /* Made in this order; presented as Hamnen, Stationen, Centrum. */
  static const struct { const char *name, *date; } walks[] = {
    { "Centrum", "2026-04-20" }, { "Stationen", "2025-11-13" }, { "Hamnen", "2025-11-13" },
  };
  TryggWindow *window = open_temp_window ("test.db");
  TryggStore *store = window->store;

  g_assert_nonnull (store);
  for (guint round = 0; round < 2; round++)
    for (guint w = 0; w < G_N_ELEMENTS (walks); w++)
      {
        TryggWalk *found = NULL;

        /* Returned objects are owned by the store's models. */
        if (round == 0)
          trygg_store_create_walk (store, walks[w].name, walks[w].date, TRYGG_TIME_OF_DAY_EVENING,
                                   NULL, NULL, &error);
        g_assert_no_error (error);
        for (guint i = 0; i < g_list_model_get_n_items (trygg_store_get_walks (store)); i++)
          {
            g_autoptr(TryggWalk) candidate = g_list_model_get_item (trygg_store_get_walks (store), i);

            if (g_str_equal (trygg_walk_get_name (candidate), walks[w].name))
              found = candidate;
          }
        g_assert_nonnull (trygg_store_create_finding (store, trygg_walk_get_id (found), 59.19, 17.62,
                                                      &error));
        g_assert_no_error (error);
      }

  /* Entered from the follow-up view, it presents on the map, and leaves
   * the user where they were. */
  adw_view_stack_set_visible_child_name (window->view_stack, "followup");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.presentation", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "map");
  g_assert_nonnull (window->presentation_order);
  for (guint i = 0; i < window->presentation_order->len; i++)
    {
      TryggFinding *finding = g_ptr_array_index (window->presentation_order, i);
      TryggWalk *walk = trygg_store_lookup_walk (store, trygg_finding_get_walk_id (finding));

      g_string_append_printf (order, "%s %d, ", trygg_walk_get_name (walk),
                              trygg_finding_get_number (finding));
    }
  g_assert_cmpstr (order->str, ==, "Hamnen 1, Hamnen 2, Stationen 1, Stationen 2, Centrum 1, Centrum 2, ");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.presentation", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "followup");
  close_temp_window (window);
}

static void
dismissed_cb (AdwToast *toast,
              gboolean *dismissed)
{
  *dismissed = TRUE;
}

/* Deleting offers undo in a toast, which goes once it can no longer undo
 * the deletion: after Ctrl+Z, and after another edit (whose undo its
 * button would then run). */
static void
test_window_undo_toast (void)
{
  g_autoptr(GError) error = NULL;
  TryggWindow *window = open_temp_window ("test.db");
  TryggStore *store = window->store;
  TryggWalk *walk;
  TryggFinding *first, *second;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  gboolean dismissed = FALSE;

  walk = trygg_store_create_walk (store, "Stationen", "2025-11-13", TRYGG_TIME_OF_DAY_EVENING,
                                  NULL, NULL, &error);
  g_assert_no_error (error);
  first = trygg_store_create_finding (store, trygg_walk_get_id (walk), 59.19, 17.62, &error);
  second = trygg_store_create_finding (store, trygg_walk_get_id (walk), 59.191, 17.621, &error);
  g_assert_no_error (error);
  first_id = g_strdup (trygg_finding_get_id (first));
  second_id = g_strdup (trygg_finding_get_id (second));

  /* Deleted, then Ctrl+Z. */
  trygg_window_set_selected_finding (window, first);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-finding", NULL);
  g_assert_nonnull (window->undo_toast);
  g_assert_cmpstr (adw_toast_get_title (window->undo_toast), ==, "Finding 1 deleted");
  g_signal_connect (window->undo_toast, "dismissed", G_CALLBACK (dismissed_cb), &dismissed);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_true (dismissed);

  /* Deleted, then another edit. */
  dismissed = FALSE;
  second = trygg_store_lookup_finding (store, second_id);
  trygg_window_set_selected_finding (window, second);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-finding", NULL);
  g_assert_nonnull (window->undo_toast);
  g_signal_connect (window->undo_toast, "dismissed", G_CALLBACK (dismissed_cb), &dismissed);
  /* Undoing the deletion made the first finding anew. */
  first = trygg_store_lookup_finding (store, first_id);
  g_assert_true (trygg_store_set_title (store, first, "Trasig lampa", &error));
  g_assert_no_error (error);
  g_assert_true (dismissed);

  close_temp_window (window);
}

/* A finding placed on the map opens with the keyboard in its title. */
static void
test_window_new_finding_title (void)
{
  TryggWindow *window = open_temp_window ("test.db");
  GtkWidget *focus;

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);

  g_signal_emit_by_name (window->map_view, "location-chosen", 59.1917, 17.6278);
  g_assert_nonnull (window->selected);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_EDITABLE (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (window->finding_panel)));
  gtk_editable_set_text (GTK_EDITABLE (focus), "Mörkt vid busskuren");
  trygg_finding_panel_commit_edits (window->finding_panel);
  g_assert_cmpstr (trygg_finding_get_title (window->selected), ==, "Mörkt vid busskuren");

  close_temp_window (window);
}

static guint
route_nodes (GtkWidget *widget)
{
  guint n = 0;

  if (SHUMATE_IS_PATH_LAYER (widget))
    {
      GList *nodes = shumate_path_layer_get_nodes (SHUMATE_PATH_LAYER (widget));

      n = g_list_length (nodes);
      g_list_free (nodes);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += route_nodes (child);
  return n;
}

/* A walk made for next time has no route yet: the map keeps drawing the
 * route of the walk whose findings it shows. */
static void
test_window_route_of_newest_walk_with_one (void)
{
  g_autoptr(GError) error = NULL;
  TryggWindow *window = open_temp_window ("test.db");
  guint example_nodes;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.load-example", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  example_nodes = route_nodes (GTK_WIDGET (window->map_view));
  g_assert_cmpuint (example_nodes, >, 10);

  g_assert_nonnull (trygg_store_create_walk (window->store, "Nästa vandring", "2099-01-01",
                                             TRYGG_TIME_OF_DAY_EVENING, NULL, NULL, &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (route_nodes (GTK_WIDGET (window->map_view)), ==, example_nodes);

  close_temp_window (window);
}

/* Closed in the middle of an export, the window cancels it and stays until
 * the worker has stopped, then closes itself: no file is written, nor
 * any unfinished one left behind, as the process could otherwise end with
 * the worker half-way. */
static void
test_window_close_during_export (void)
{
  TryggWindow *window = open_temp_window ("export.db");
  g_autofree char *path = g_strdup (g_object_get_data (G_OBJECT (window), "test-path"));
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *out_dir = g_dir_make_tmp ("trygg-export-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (out_dir, "alla.geojson", NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  g_autoptr(TryggDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  gint64 deadline;

  for (guint i = 0; i < 20000; i++)
    {
      TryggRecord *record = trygg_record_new ();

      record->title = g_strdup_printf ("Mörk passage %u", i);
      record->walk = g_strdup ("Centrum");
      record->latitude = 59.19 + (i % 100) * 1e-5;
      record->longitude = 17.62 + (i / 100) * 1e-5;
      g_ptr_array_add (records, record);
    }
  db = trygg_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (trygg_database_import_records (db, records, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  trygg_window_export_file (window, out);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window);  /* waiting for the worker */

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (window != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (window);

  listing = g_dir_open (out_dir, 0, &error);
  g_assert_no_error (error);
  g_assert_null (g_dir_read_name (listing));
  g_rmdir (out_dir);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

/* Imports a GeoJSON file of points at @points (latitude, longitude pairs)
 * through the window, as its Import menu item does, and waits for it. */
static void
import_points (TryggWindow  *window,
               const char   *name,
               const double *points,
               guint         n_points)
{
  g_autofree char *path = g_strdup (g_object_get_data (G_OBJECT (window), "test-path"));
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *file = g_build_filename (dir, name, NULL);
  g_autoptr(GString) json = g_string_new ("{\"type\": \"FeatureCollection\", \"features\": [");
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  for (guint i = 0; i < n_points; i++)
    {
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (json,
                              "%s{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\","
                              " \"coordinates\": [%s, %s]}, \"properties\": {\"title\": \"%s %u\"}}",
                              i > 0 ? "," : "",
                              g_ascii_dtostr (lon, sizeof lon, points[2 * i + 1]),
                              g_ascii_dtostr (lat, sizeof lat, points[2 * i]), name, i);
    }
  g_string_append (json, "]}");
  g_file_set_contents (file, json->str, json->len, &error);
  g_assert_no_error (error);

  trygg_window_import_file (window, file);
  g_assert_nonnull (g_object_get_data (G_OBJECT (window), "trygg-transfer-task"));
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_object_get_data (G_OBJECT (window), "trygg-transfer-task") != NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (g_object_get_data (G_OBJECT (window), "trygg-transfer-task"));
  g_unlink (file);
}

static gboolean
in_view (TryggWindow *window,
         double       latitude,
         double       longitude)
{
  double west, south, east, north;

  trygg_map_view_get_visible_bounds (window->map_view, &west, &south, &east, &north);
  return latitude >= south && latitude <= north && longitude >= west && longitude <= east;
}

/* Findings imported far from where the map looks (Kiruna, seen from
 * Södertälje) bring the map to them; findings imported within view leave
 * it where the user put it. */
static void
test_window_import_shows_findings (void)
{
  TryggWindow *window = open_temp_window ("import-view.db");
  static const double kiruna[] = { 67.8530, 20.2230, 67.8560, 20.2290, 67.8490, 20.2170 };
  double centrum[2];
  double west, south, east, north, west2, south2, east2, north2;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);

  trygg_map_view_center_on (window->map_view, 59.1955, 17.6253, 16);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_false (in_view (window, kiruna[0], kiruna[1]));

  import_points (window, "kiruna.geojson", kiruna, G_N_ELEMENTS (kiruna) / 2);
  for (guint i = 0; i < G_N_ELEMENTS (kiruna); i += 2)
    g_assert_true (in_view (window, kiruna[i], kiruna[i + 1]));

  /* A finding a quarter of the way into the view: the map keeps its
   * place and scale (going to it would centre it at street level). */
  trygg_map_view_center_on (window->map_view, 59.1955, 17.6253, 16);
  while (g_main_context_iteration (NULL, FALSE));
  trygg_map_view_get_visible_bounds (window->map_view, &west, &south, &east, &north);
  centrum[0] = south + (north - south) / 4;
  centrum[1] = west + (east - west) / 4;
  import_points (window, "centrum.geojson", centrum, 1);
  trygg_map_view_get_visible_bounds (window->map_view, &west2, &south2, &east2, &north2);
  g_assert_cmpfloat_with_epsilon ((north2 - south2) / (north - south), 1, 0.1);
  g_assert_cmpfloat_with_epsilon ((east2 - west2) / (east - west), 1, 0.1);
  g_assert_cmpfloat_with_epsilon ((north2 + south2) / 2, (north + south) / 2, (north - south) / 10);
  g_assert_cmpfloat_with_epsilon ((east2 + west2) / 2, (east + west) / 2, (east - west) / 10);

  close_temp_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* No G_TEST_OPTION_ISOLATE_DIRS here: it hides the shared MIME database
   * in XDG_DATA_DIRS, and then GTK cannot tell that our icon is an SVG.
   * build-aux/test-session gives the whole run private XDG folders. */
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return 77;
    }

  start_application ();

  g_test_add_func ("/window/size-is-remembered", test_window_size_is_remembered);
  g_test_add_func ("/window/offline-map-from-settings", test_window_offline_map_from_settings);
  g_test_add_func ("/window/presentation-order", test_window_presentation_order);
  g_test_add_func ("/window/undo-toast", test_window_undo_toast);
  g_test_add_func ("/window/new-finding-title", test_window_new_finding_title);
  g_test_add_func ("/window/route-of-newest-walk-with-one", test_window_route_of_newest_walk_with_one);
  g_test_add_func ("/window/close-during-export", test_window_close_during_export);
  g_test_add_func ("/window/import-shows-findings", test_window_import_shows_findings);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
