/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "trygg-actors-dialog.h"
#include "trygg-finding-panel.h"
#include "trygg-findings-list.h"
#include "trygg-followup-view.h"
#include "trygg-measure-row.h"
#include "trygg-store.h"
#include "trygg-walk-dialog.h"
#include "trygg-workbench-util.h"

/* Widget tests of the workbench on a store in a temporary folder. They need
 * a display (the suite's Xvfb) and run without G_TEST_OPTION_ISOLATE_DIRS,
 * which would hide the MIME database GTK needs for its icons. */

typedef struct
{
  char         *dir;
  char         *path;
  TryggStore   *store;
  TryggWalk    *walk;
  TryggActor   *police;
  TryggActor   *owner;
  TryggFinding *lamp;
  TryggFinding *bushes;
  TryggFinding *tunnel;
} Fixture;

static TryggFinding *
add_finding (Fixture    *fx,
             const char *title,
             double      lat)
{
  g_autoptr(GError) error = NULL;
  TryggFinding *finding = trygg_store_create_finding (fx->store, trygg_walk_get_id (fx->walk),
                                                      lat, 17.6278, &error);

  g_assert_no_error (error);
  trygg_store_set_title (fx->store, finding, title, &error);
  g_assert_no_error (error);
  return finding;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("trygg-workbench-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "test.db", NULL);
  fx->store = trygg_store_new (fx->path, &error);
  g_assert_no_error (error);

  fx->walk = trygg_store_create_walk (fx->store, "Södertälje C", "2026-11-20", TRYGG_TIME_OF_DAY_EVENING,
                                      "Stationsområdet", NULL, &error);
  g_assert_no_error (error);
  fx->police = trygg_store_add_actor (fx->store, "Polisen", NULL, &error);
  g_assert_no_error (error);
  fx->owner = trygg_store_add_actor (fx->store, "Fastighetsägare", NULL, &error);
  g_assert_no_error (error);

  /* Far enough apart not to be flagged as duplicates of each other. */
  fx->lamp = add_finding (fx, "Trasig belysning vid cykelstället", 59.1917);
  fx->bushes = add_finding (fx, "Buskar skymmer sikten", 59.1950);
  fx->tunnel = add_finding (fx, "Mörk gångtunnel", 59.1990);
  trygg_store_set_actor (fx->store, fx->lamp, trygg_actor_get_id (fx->police), &error);
  g_assert_no_error (error);
  trygg_store_set_actor (fx->store, fx->tunnel, trygg_actor_get_id (fx->owner), &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  remove_tree (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

/* Reopens the database file, as after a restart. */
static TryggStore *
reopen (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  TryggStore *store;

  g_clear_object (&fx->store);
  store = trygg_store_new (fx->path, &error);
  g_assert_no_error (error);
  return store;
}

static TryggFinding *
find_by_title (TryggStore *store,
               const char *title)
{
  GListModel *findings = trygg_store_get_findings (store);

  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(TryggFinding) f = g_list_model_get_item (findings, i);

      if (g_strcmp0 (trygg_finding_get_title (f), title) == 0)
        return f;
    }
  return NULL;
}

/* Finds a template child by its id in the .ui file. */
static GtkWidget *
find_child (GtkWidget  *widget,
            const char *id)
{
  const char *own = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;

  if (g_strcmp0 (own, id) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
child (GtkWidget  *widget,
       const char *id)
{
  GtkWidget *found = find_child (widget, id);

  if (found == NULL)
    g_error ("No widget with id %s", id);
  return found;
}

static GtkWindow *
show_in_window (GtkWidget *widget)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 500, 800);
  gtk_window_set_child (window, widget);
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);
  return window;
}

static void
type_into (GtkWidget  *entry,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
}

static void
record_message_cb (GtkWidget  *widget,
                   const char *message,
                   char      **out)
{
  g_free (*out);
  *out = g_strdup (message);
}

/* The list */

static void
test_list_filters (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *list = trygg_findings_list_new (fx->store);
  TryggFindingsList *l = TRYGG_FINDINGS_LIST (list);
  GListModel *model = trygg_findings_list_get_model (l);
  GtkWindow *window = show_in_window (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (trygg_findings_list_get_count_text (l), ==, "3 findings");

  /* By text, in the title, case-insensitively; and by number. */
  trygg_findings_list_set_search_text (l, "GÅNG");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (trygg_findings_list_get_count_text (l), ==, "1 of 3 findings");
  trygg_findings_list_set_search_text (l, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  /* By responsible actor. */
  trygg_findings_list_set_actor_id (l, trygg_actor_get_id (fx->police));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  trygg_findings_list_clear_filters (l);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  /* By status; a status change made elsewhere moves the finding in or out
   * of the list at once. */
  trygg_findings_list_set_status_mask (l, 1u << TRYGG_STATUS_FIXED);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (list, "stack"))), ==, "no-match");
  trygg_store_set_status (fx->store, fx->bushes, TRYGG_STATUS_FIXED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (list, "stack"))), ==, "list");

  /* "Show all findings" clears every filter. */
  gtk_widget_activate_action (list, "findings.clear-filters", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  /* A new finding appears; the count follows. */
  add_finding (fx, "Klotter på muren", 59.2050);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  g_assert_cmpstr (trygg_findings_list_get_count_text (l), ==, "4 findings");

  gtk_window_destroy (window);
}

static void
test_list_empty_state (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *list = trygg_findings_list_new (fx->store);
  GtkWindow *window = show_in_window (list);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (list, "stack"))), ==, "list");
  trygg_store_delete_finding (fx->store, fx->lamp, &error);
  g_assert_no_error (error);
  trygg_store_delete_finding (fx->store, fx->bushes, &error);
  g_assert_no_error (error);
  trygg_store_delete_finding (fx->store, fx->tunnel, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (list, "stack"))), ==, "empty");
  gtk_window_destroy (window);
}

static void
test_list_selection_and_delete (Fixture       *fx,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *undo_label = NULL;
  GtkWidget *list = trygg_findings_list_new (fx->store);
  TryggFindingsList *l = TRYGG_FINDINGS_LIST (list);
  GtkWindow *window = show_in_window (list);
  GtkSelectionModel *selection;

  /* A click on the map selects the row. */
  trygg_findings_list_set_selected_finding (l, fx->tunnel);
  g_assert_true (trygg_findings_list_get_selected_finding (l) == fx->tunnel);
  selection = gtk_grid_view_get_model (GTK_GRID_VIEW (child (list, "list_view")));
  g_assert_true (gtk_selection_model_is_selected (selection, 2));

  /* A search that still shows the selected finding keeps it selected. */
  trygg_findings_list_set_search_text (l, "tunnel");
  g_assert_true (trygg_findings_list_get_selected_finding (l) == fx->tunnel);
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  trygg_findings_list_set_search_text (l, NULL);
  g_assert_true (trygg_findings_list_get_selected_finding (l) == fx->tunnel);

  /* A selected finding that the filter hides is no longer selected. */
  trygg_findings_list_set_search_text (l, "buskar");
  g_assert_null (trygg_findings_list_get_selected_finding (l));
  trygg_findings_list_set_search_text (l, NULL);

  /* Delete removes the selected finding, undoably. */
  trygg_findings_list_set_selected_finding (l, fx->lamp);
  g_signal_connect (list, "deleted", G_CALLBACK (record_message_cb), &undo_label);
  gtk_widget_activate_action (list, "findings.delete-selected", NULL);
  /* Says what was done, as the window's Delete does. */
  g_assert_true (g_str_has_prefix (undo_label, "Finding ") && g_str_has_suffix (undo_label, " deleted"));
  g_assert_cmpuint (g_list_model_get_n_items (trygg_findings_list_get_model (l)), ==, 2);
  trygg_store_undo (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (trygg_findings_list_get_model (l)), ==, 3);

  trygg_findings_list_set_selected_finding (l, NULL);
  g_assert_null (trygg_findings_list_get_selected_finding (l));
  gtk_window_destroy (window);
}

/* The panel */

static void
test_panel_edits_are_stored (Fixture       *fx,
                             gconstpointer  data)
{
  GtkWidget *panel = trygg_finding_panel_new (fx->store);
  GtkWindow *window = show_in_window (panel);
  GtkTextBuffer *buffer;
  GtkWidget *row;
  g_autoptr(TryggStore) store = NULL;
  g_autoptr(GListModel) measures = NULL;
  TryggFinding *f;
  TryggActionItem *measure;

  trygg_finding_panel_set_finding (TRYGG_FINDING_PANEL (panel), fx->bushes);
  type_into (child (panel, "title_entry"), "Täta buskar vid gångvägen");
  g_assert_cmpstr (trygg_finding_get_title (fx->bushes), ==, "Täta buskar vid gångvägen");

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (panel, "description_view")));
  gtk_text_buffer_set_text (buffer, "Man ser inte vem som kommer.", -1);
  trygg_finding_panel_commit_edits (TRYGG_FINDING_PANEL (panel));
  g_assert_cmpstr (trygg_finding_get_description (fx->bushes), ==, "Man ser inte vem som kommer.");

  /* Each edit is one undo step. */
  g_assert_true (trygg_store_get_can_undo (fx->store));

  /* Responsible actor: the first entry is "no one", then actors by name. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (panel, "actor_row")), 1);
  g_assert_cmpstr (trygg_finding_get_actor_id (fx->bushes), ==, trygg_actor_get_id (fx->owner));
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (panel, "priority_row")), TRYGG_PRIORITY_HIGH);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (panel, "status_row")), TRYGG_STATUS_IN_PROGRESS);
  g_assert_cmpint (trygg_finding_get_status (fx->bushes), ==, TRYGG_STATUS_IN_PROGRESS);

  /* A measure, added and then marked done from its row. */
  type_into (child (panel, "new_measure_entry"), "Klipp buskarna");
  g_assert_cmpint (trygg_finding_get_actions_total (fx->bushes), ==, 1);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (panel, "measures_list")), 0));
  g_assert_true (TRYGG_IS_MEASURE_ROW (row));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (row, "done_check")), TRUE);
  g_assert_cmpint (trygg_finding_get_actions_done (fx->bushes), ==, 1);
  type_into (child (row, "comment_entry"), "Gjort av parkenheten");

  gtk_window_destroy (window);

  /* Restart: all of it is in the file. */
  store = reopen (fx);
  f = find_by_title (store, "Täta buskar vid gångvägen");
  g_assert_nonnull (f);
  g_assert_cmpstr (trygg_finding_get_description (f), ==, "Man ser inte vem som kommer.");
  g_assert_cmpstr (trygg_store_actor_name (store, trygg_finding_get_actor_id (f)), ==, "Fastighetsägare");
  g_assert_cmpint (trygg_finding_get_priority (f), ==, TRYGG_PRIORITY_HIGH);
  g_assert_cmpint (trygg_finding_get_status (f), ==, TRYGG_STATUS_IN_PROGRESS);
  measures = trygg_store_get_measures (store, f);
  g_assert_cmpuint (g_list_model_get_n_items (measures), ==, 1);
  measure = g_list_model_get_item (measures, 0);
  g_assert_cmpstr (trygg_action_item_get_text (measure), ==, "Klipp buskarna");
  g_assert_true (trygg_action_item_get_done (measure));
  g_assert_cmpstr (trygg_action_item_get_comment (measure), ==, "Gjort av parkenheten");
  g_object_unref (measure);
}

static void
test_panel_wont_fix_needs_reason (Fixture       *fx,
                                  gconstpointer  data)
{
  GtkWidget *panel = trygg_finding_panel_new (fx->store);
  GtkWindow *window = show_in_window (panel);

  trygg_finding_panel_set_finding (TRYGG_FINDING_PANEL (panel), fx->tunnel);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (panel, "status_row")), TRYGG_STATUS_WONT_FIX);
  /* Nothing is stored until there is a reason… */
  g_assert_cmpint (trygg_finding_get_status (fx->tunnel), !=, TRYGG_STATUS_WONT_FIX);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (panel, "reason_revealer"))));

  /* …and an empty one is refused with a word to the user. */
  type_into (child (panel, "reason_entry"), "   ");
  g_assert_cmpint (trygg_finding_get_status (fx->tunnel), !=, TRYGG_STATUS_WONT_FIX);
  g_assert_true (gtk_widget_get_visible (child (panel, "reason_error")));

  type_into (child (panel, "reason_entry"), "Trafikverket tillåter inte belysning i tunneln");
  g_assert_cmpint (trygg_finding_get_status (fx->tunnel), ==, TRYGG_STATUS_WONT_FIX);
  g_assert_cmpstr (trygg_finding_get_wont_fix_reason (fx->tunnel), ==,
                   "Trafikverket tillåter inte belysning i tunneln");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (child (panel, "reason_revealer"))));
  gtk_window_destroy (window);
}

static void
wait_for (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

static void
set_flag_cb (gpointer  instance,
             gpointer  arg,
             gboolean *flag)
{
  *flag = TRUE;
}

static void
test_panel_photos (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text_path = g_build_filename (fx->dir, "notes.txt", NULL);
  g_autofree char *png_path = g_build_filename (fx->dir, "photo.png", NULL);
  g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
  g_autoptr(GFile) png_file = g_file_new_for_path (png_path);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 32, 24);
  GtkWidget *panel = trygg_finding_panel_new (fx->store);
  GtkWindow *window = show_in_window (panel);
  gboolean got_message = FALSE;

  g_file_set_contents (text_path, "not a photo", -1, &error);
  g_assert_no_error (error);
  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  gdk_pixbuf_save (pixbuf, png_path, "png", &error, NULL);
  g_assert_no_error (error);

  trygg_finding_panel_set_finding (TRYGG_FINDING_PANEL (panel), fx->lamp);
  g_signal_connect (panel, "message", G_CALLBACK (record_message_cb), &message);
  g_signal_connect (panel, "message", G_CALLBACK (set_flag_cb), &got_message);

  /* A file that is not an image is refused with the store's sentence. */
  trygg_finding_panel_add_photo_file (TRYGG_FINDING_PANEL (panel), text_file);
  wait_for (&got_message);
  g_assert_nonnull (strstr (message, "JPEG or PNG"));
  g_assert_cmpint (trygg_finding_get_photo_count (fx->lamp), ==, 0);

  trygg_finding_panel_add_photo_file (TRYGG_FINDING_PANEL (panel), png_file);
  while (trygg_finding_get_photo_count (fx->lamp) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (child (panel, "photos_box")), 0));

  /* Removing it is one undo step away from coming back. */
  g_signal_emit_by_name (child (panel, "remove_button"), "clicked");
  g_assert_cmpint (trygg_finding_get_photo_count (fx->lamp), ==, 0);
  trygg_store_undo (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (trygg_finding_get_photo_count (fx->lamp), ==, 1);
  gtk_window_destroy (window);
}

/* The follow-up */

static void
test_followup_counts (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view = trygg_followup_view_new (fx->store);
  TryggFollowupView *v = TRYGG_FOLLOWUP_VIEW (view);
  GtkWindow *window = show_in_window (view);
  const char *police = trygg_actor_get_id (fx->police);
  TryggActionItem *measure;

  g_assert_cmpuint (trygg_followup_view_get_count (v, NULL, TRYGG_STATUS_NEW), ==, 1);
  g_assert_cmpuint (trygg_followup_view_get_count (v, NULL, TRYGG_STATUS_ASSIGNED), ==, 2);
  g_assert_cmpuint (trygg_followup_view_get_count (v, police, TRYGG_STATUS_ASSIGNED), ==, 1);
  g_assert_cmpuint (trygg_followup_view_get_share_fixed (v, NULL), ==, 0);

  trygg_store_set_status (fx->store, fx->lamp, TRYGG_STATUS_FIXED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trygg_followup_view_get_count (v, police, TRYGG_STATUS_ASSIGNED), ==, 0);
  g_assert_cmpuint (trygg_followup_view_get_count (v, police, TRYGG_STATUS_FIXED), ==, 1);
  g_assert_cmpuint (trygg_followup_view_get_share_fixed (v, police), ==, 100);
  g_assert_cmpuint (trygg_followup_view_get_share_fixed (v, NULL), ==, 33);

  /* A measure past its due date is overdue until it is done. */
  g_assert_cmpuint (trygg_followup_view_get_n_overdue (v), ==, 0);
  measure = trygg_store_add_measure (fx->store, fx->tunnel, "Byt armaturer", NULL, "2020-01-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trygg_followup_view_get_n_overdue (v), ==, 1);
  trygg_store_set_measure_done (fx->store, measure, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trygg_followup_view_get_n_overdue (v), ==, 0);
  gtk_window_destroy (window);
}

/* Many overdue measures: the longest overdue are rows, one row says how
 * many more there are, and the count is of them all. */
static void
test_followup_many_overdue (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view = trygg_followup_view_new (fx->store);
  TryggFollowupView *v = TRYGG_FOLLOWUP_VIEW (view);
  GtkWindow *window = show_in_window (view);
  GtkWidget *list;
  GtkWidget *row;
  guint n_rows = 0;

  for (guint i = 0; i < 130; i++)
    {
      g_autofree char *text = g_strdup_printf ("Åtgärd %u", i);
      /* The last one added is the longest overdue. */
      g_autofree char *due = g_strdup_printf ("2020-%02u-%02u", 12 - i / 28, 28 - i % 28);

      g_assert_nonnull (trygg_store_add_measure (fx->store, i % 2 ? fx->tunnel : fx->lamp, text, NULL,
                                                 due, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (trygg_followup_view_get_n_overdue (v), ==, 130);

  list = child (view, "overdue_list");
  for (row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 101);
  row = gtk_widget_get_first_child (list);
  g_assert_true (g_str_has_suffix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                   "Åtgärd 129"));
  row = gtk_widget_get_last_child (list);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "30 more overdue measures");
  gtk_window_destroy (window);
}

/* Actors and walks */

static void
test_actor_delete_hands_over (Fixture       *fx,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog = trygg_actors_dialog_new (fx->store, NULL);
  TryggActionItem *measure = trygg_store_add_measure (fx->store, fx->lamp, "Byt armaturer",
                                                      trygg_actor_get_id (fx->police), NULL, &error);

  g_assert_no_error (error);
  g_assert_true (trygg_actors_dialog_delete_actor (TRYGG_ACTORS_DIALOG (dialog), fx->police, fx->owner));
  /* What the police had is now the property owner's. */
  g_assert_cmpstr (trygg_finding_get_actor_id (fx->lamp), ==, trygg_actor_get_id (fx->owner));
  g_assert_cmpstr (trygg_action_item_get_actor_id (measure), ==, trygg_actor_get_id (fx->owner));
  g_assert_cmpuint (g_list_model_get_n_items (trygg_store_get_actors (fx->store)), ==, 1);
  gtk_window_destroy (dialog);
}

static void
test_walk_dialog_creates_walk (Fixture       *fx,
                               gconstpointer  data)
{
  GtkWindow *dialog = trygg_walk_dialog_new (fx->store, NULL, NULL);
  GtkWidget *participants = child (GTK_WIDGET (dialog), "participants_list");
  GListModel *walks = trygg_store_get_walks (fx->store);
  GtkWidget *check = NULL;
  TryggWalk *walk = NULL;

  /* Without a name nothing is stored. */
  g_assert_false (trygg_walk_dialog_save (TRYGG_WALK_DIALOG (dialog)));
  g_assert_cmpuint (g_list_model_get_n_items (walks), ==, 1);

  gtk_editable_set_text (GTK_EDITABLE (child (GTK_WIDGET (dialog), "name_row")), "Södertälje C dag");
  gtk_editable_set_text (GTK_EDITABLE (child (GTK_WIDGET (dialog), "others_row")), "Anna Andersson");
  /* Tick the first actor (by name: Fastighetsägare). */
  for (GtkWidget *w = participants; w != NULL && check == NULL; )
    {
      if (GTK_IS_CHECK_BUTTON (w))
        check = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != participants && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == participants ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (trygg_walk_dialog_save (TRYGG_WALK_DIALOG (dialog)));

  g_assert_cmpuint (g_list_model_get_n_items (walks), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TryggWalk) w = g_list_model_get_item (walks, i);

      if (g_strcmp0 (trygg_walk_get_name (w), "Södertälje C dag") == 0)
        walk = w;
    }
  g_assert_nonnull (walk);
  g_assert_cmpstr (trygg_walk_get_participants (walk), ==, "Fastighetsägare, Anna Andersson");
  g_assert_cmpint (trygg_walk_get_time_of_day (walk), ==, TRYGG_TIME_OF_DAY_EVENING);
  gtk_window_destroy (dialog);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/workbench/list/filters", test_list_filters);
  ADD ("/workbench/list/empty-state", test_list_empty_state);
  ADD ("/workbench/list/selection-and-delete", test_list_selection_and_delete);
  ADD ("/workbench/panel/edits-are-stored", test_panel_edits_are_stored);
  ADD ("/workbench/panel/wont-fix-needs-reason", test_panel_wont_fix_needs_reason);
  ADD ("/workbench/panel/photos", test_panel_photos);
  ADD ("/workbench/followup/counts", test_followup_counts);
  ADD ("/workbench/followup/many-overdue", test_followup_many_overdue);
  ADD ("/workbench/actors/delete-hands-over", test_actor_delete_hands_over);
  ADD ("/workbench/walk/dialog-creates-walk", test_walk_dialog_creates_walk);
#undef ADD

  return g_test_run ();
}
