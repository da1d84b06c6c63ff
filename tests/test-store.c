/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "trygg-database-private.h"
#include "trygg-finding-view.h"
#include "trygg-models-private.h"
#include "trygg-store-private.h"

static char *
temp_path (const char *name)
{
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

typedef struct
{
  TryggStore *store;
  char       *path;
  TryggWalk  *walk;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->path = temp_path ("store.db");
  fixture->store = trygg_store_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->walk = trygg_store_create_walk (fixture->store, "Centrum kväll", "2026-11-20",
                                           TRYGG_TIME_OF_DAY_EVENING, "Södertälje C", "Polisen, fältare",
                                           &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->walk);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  g_free (fixture->path);
}

static TryggFinding *
add_finding (Fixture *fixture,
             double   latitude,
             double   longitude)
{
  g_autoptr(GError) error = NULL;
  TryggFinding *finding = trygg_store_create_finding (fixture->store, trygg_walk_get_id (fixture->walk),
                                                      latitude, longitude, &error);

  g_assert_no_error (error);
  g_assert_nonnull (finding);
  return finding;
}

static TryggActor *
add_actor (Fixture    *fixture,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  TryggActor *actor = trygg_store_add_actor (fixture->store, name, "#1c71d8", &error);

  g_assert_no_error (error);
  return actor;
}

static guint
n_items (GListModel *model)
{
  return g_list_model_get_n_items (model);
}

static GStrv
history_kinds (TryggStore   *store,
               TryggFinding *finding)
{
  g_autoptr(GListModel) history = trygg_store_get_history (store, finding);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < n_items (history); i++)
    {
      g_autoptr(TryggEvent) event = g_list_model_get_item (history, i);

      g_assert_nonnull (trygg_event_get_summary (event));
      g_assert_nonnull (trygg_event_get_timestamp (event));
      g_strv_builder_add (builder, trygg_event_get_kind (event));
    }
  return g_strv_builder_end (builder);
}

static GBytes *
png_bytes (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 4, 3);
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", NULL, NULL));
  return g_bytes_new_take (buffer, size);
}

/* Tests */

static void
test_create_and_history (Fixture       *fixture,
                         gconstpointer  data)
{
  TryggFinding *first = add_finding (fixture, 59.1917, 17.6278);
  TryggFinding *second = add_finding (fixture, 59.1920, 17.6290);
  g_auto(GStrv) kinds = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (trygg_finding_get_number (first), ==, 1);
  g_assert_cmpint (trygg_finding_get_number (second), ==, 2);
  g_assert_true (g_uuid_string_is_valid (trygg_finding_get_id (first)));
  g_assert_cmpint (trygg_finding_get_status (first), ==, TRYGG_STATUS_NEW);
  g_assert_cmpuint (n_items (trygg_store_get_findings (fixture->store)), ==, 2);

  g_assert_true (trygg_store_set_title (fixture->store, first, "Trasig belysning", &error));
  g_assert_true (trygg_store_set_location (fixture->store, first, 59.1918, 17.6279, &error));
  g_assert_true (trygg_store_set_status (fixture->store, first, TRYGG_STATUS_IN_PROGRESS, NULL, &error));
  g_assert_no_error (error);

  kinds = history_kinds (fixture->store, first);
  g_assert_cmpstrv (kinds, ((const char * const[]) { "created", "moved", "status-changed", NULL }));
}

static void
test_undo_redo_edits (Fixture       *fixture,
                      gconstpointer  data)
{
  TryggFinding *finding = add_finding (fixture, 59.19, 17.62);
  g_autoptr(GError) error = NULL;

  g_assert_true (trygg_store_get_can_undo (fixture->store));
  g_assert_cmpstr (trygg_store_get_undo_label (fixture->store), ==, "Add finding 1");

  trygg_store_set_title (fixture->store, finding, "Mörk passage", &error);
  trygg_store_set_description (fixture->store, finding, "Ingen belysning under bron", &error);
  trygg_store_set_category (fixture->store, finding, "underpasses", &error);
  trygg_store_set_priority (fixture->store, finding, TRYGG_PRIORITY_HIGH, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (trygg_store_get_undo_label (fixture->store), ==, "Change priority of finding 1");

  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_cmpint (trygg_finding_get_priority (finding), ==, TRYGG_PRIORITY_MEDIUM);
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_null (trygg_finding_get_category_key (finding));
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_cmpstr (trygg_finding_get_description (finding), ==, "");
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_cmpstr (trygg_finding_get_title (finding), ==, "");
  g_assert_true (trygg_store_get_can_redo (fixture->store));
  g_assert_cmpstr (trygg_store_get_redo_label (fixture->store), ==, "Change title of finding 1");

  g_assert_true (trygg_store_redo (fixture->store, &error));
  g_assert_true (trygg_store_redo (fixture->store, &error));
  g_assert_true (trygg_store_redo (fixture->store, &error));
  g_assert_true (trygg_store_redo (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (trygg_finding_get_title (finding), ==, "Mörk passage");
  g_assert_cmpstr (trygg_finding_get_category_key (finding), ==, "underpasses");
  g_assert_cmpint (trygg_finding_get_priority (finding), ==, TRYGG_PRIORITY_HIGH);
  g_assert_false (trygg_store_get_can_redo (fixture->store));

  /* A new edit after an undo drops what could have been redone. */
  trygg_store_undo (fixture->store, &error);
  trygg_store_set_title (fixture->store, finding, "Gångtunneln", &error);
  g_assert_false (trygg_store_get_can_redo (fixture->store));

  /* Undoing the creation removes the finding from the model. */
  while (trygg_store_get_can_undo (fixture->store) &&
         g_list_model_get_n_items (trygg_store_get_findings (fixture->store)) > 0)
    g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_cmpuint (n_items (trygg_store_get_findings (fixture->store)), ==, 0);
}

static void
test_delete_restores_everything (Fixture       *fixture,
                                 gconstpointer  data)
{
  TryggFinding *finding = add_finding (fixture, 59.19, 17.62);
  TryggFinding *other = add_finding (fixture, 59.20, 17.63);
  TryggActor *actor = add_actor (fixture, "Polisen");
  g_autoptr(GBytes) png = png_bytes ();
  g_autoptr(TryggActionItem) measure = NULL;
  g_autoptr(TryggPhoto) photo = NULL;
  g_autoptr(GListModel) photos = NULL;
  g_autoptr(GListModel) measures = NULL;
  g_autoptr(TryggPhoto) restored_photo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (trygg_finding_get_id (finding));
  g_auto(GStrv) kinds_before = NULL;
  g_auto(GStrv) kinds_after = NULL;

  measure = trygg_store_add_measure (fixture->store, finding, "Byt armatur",
                                     trygg_actor_get_id (actor), "2026-12-01", &error);
  g_assert_no_error (error);
  photo = trygg_store_add_photo (fixture->store, finding, png, TRYGG_PHOTO_KIND_BEFORE, &error);
  g_assert_no_error (error);
  kinds_before = history_kinds (fixture->store, finding);

  g_assert_true (trygg_store_delete_finding (fixture->store, finding, &error));
  g_assert_null (trygg_store_lookup_finding (fixture->store, id));
  g_assert_cmpuint (n_items (trygg_store_get_findings (fixture->store)), ==, 1);
  g_assert_cmpstr (trygg_store_get_undo_label (fixture->store), ==, "Delete finding 1");

  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  finding = trygg_store_lookup_finding (fixture->store, id);
  g_assert_nonnull (finding);
  g_assert_cmpint (trygg_finding_get_number (finding), ==, 1);
  g_assert_cmpint (trygg_finding_get_actions_total (finding), ==, 1);
  g_assert_cmpint (trygg_finding_get_photo_count (finding), ==, 1);
  /* Back in its old place, before the finding made after it. */
  g_assert_true (g_list_model_get_item (trygg_store_get_findings (fixture->store), 0) == (gpointer) finding);
  g_object_unref (finding);
  g_assert_true (g_list_model_get_item (trygg_store_get_findings (fixture->store), 1) == (gpointer) other);
  g_object_unref (other);

  measures = trygg_store_get_measures (fixture->store, finding);
  g_assert_cmpuint (n_items (measures), ==, 1);
  photos = trygg_store_get_photos (fixture->store, finding);
  restored_photo = g_list_model_get_item (photos, 0);
  g_assert_true (g_bytes_equal (trygg_photo_get_bytes (restored_photo), png));
  g_assert_cmpint (trygg_photo_get_kind (restored_photo), ==, TRYGG_PHOTO_KIND_BEFORE);
  g_assert_cmpstr (trygg_photo_get_mime_type (restored_photo), ==, "image/png");
  kinds_after = history_kinds (fixture->store, finding);
  g_assert_cmpstrv (kinds_after, (const char * const *) kinds_before);

  /* And redo deletes it again. */
  g_assert_true (trygg_store_redo (fixture->store, &error));
  g_assert_null (trygg_store_lookup_finding (fixture->store, id));
  g_assert_cmpuint (n_items (measures), ==, 0);
}

static void
test_status_rules (Fixture       *fixture,
                   gconstpointer  data)
{
  TryggFinding *finding = add_finding (fixture, 59.19, 17.62);
  TryggActor *actor = add_actor (fixture, "Samhällsbyggnadskontoret (gata/park)");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) kinds = NULL;

  g_assert_false (trygg_store_set_status (fixture->store, finding, TRYGG_STATUS_WONT_FIX, "  ", &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (trygg_finding_get_status (finding), ==, TRYGG_STATUS_NEW);

  /* Assigning an actor to a new finding makes it assigned, and says so. */
  g_assert_true (trygg_store_set_actor (fixture->store, finding, trygg_actor_get_id (actor), &error));
  g_assert_cmpstr (trygg_finding_get_actor_id (finding), ==, trygg_actor_get_id (actor));
  g_assert_cmpint (trygg_finding_get_status (finding), ==, TRYGG_STATUS_ASSIGNED);
  kinds = history_kinds (fixture->store, finding);
  g_assert_cmpstrv (kinds, ((const char * const[]) { "created", "actor-assigned", "status-auto", NULL }));

  g_assert_true (trygg_store_set_status (fixture->store, finding, TRYGG_STATUS_WONT_FIX,
                                         "Marken ägs av Trafikverket", &error));
  g_assert_cmpstr (trygg_finding_get_wont_fix_reason (finding), ==, "Marken ägs av Trafikverket");
  /* Reopening clears the reason. */
  g_assert_true (trygg_store_set_status (fixture->store, finding, TRYGG_STATUS_NEW, NULL, &error));
  g_assert_null (trygg_finding_get_wont_fix_reason (finding));

  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_null (trygg_finding_get_actor_id (finding));
  g_assert_cmpint (trygg_finding_get_status (finding), ==, TRYGG_STATUS_NEW);
}

static char *
date_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
test_overdue (Fixture       *fixture,
              gconstpointer  data)
{
  TryggFinding *finding = add_finding (fixture, 59.19, 17.62);
  g_autofree char *yesterday = date_from_today (-1);
  g_autofree char *today = date_from_today (0);
  g_autoptr(TryggActionItem) late = NULL;
  g_autoptr(TryggActionItem) soon = NULL;
  g_autoptr(GError) error = NULL;

  soon = trygg_store_add_measure (fixture->store, finding, "Klipp häcken", NULL, today, &error);
  g_assert_false (trygg_finding_get_overdue (finding));
  late = trygg_store_add_measure (fixture->store, finding, "Byt lampa", NULL, yesterday, &error);
  g_assert_no_error (error);
  g_assert_true (trygg_finding_get_overdue (finding));
  g_assert_cmpint (trygg_finding_get_actions_total (finding), ==, 2);

  g_assert_true (trygg_store_set_measure_done (fixture->store, late, TRUE, &error));
  g_assert_false (trygg_finding_get_overdue (finding));
  g_assert_true (trygg_action_item_get_done (late));
  g_assert_nonnull (trygg_action_item_get_done_at (late));
  g_assert_cmpint (trygg_finding_get_actions_done (finding), ==, 1);

  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_true (trygg_finding_get_overdue (finding));
  g_assert_false (trygg_action_item_get_done (late));

  g_assert_true (trygg_store_edit_measure (fixture->store, late, "Byt lampa", NULL, NULL, "Beställd", &error));
  g_assert_false (trygg_finding_get_overdue (finding));
  g_assert_cmpstr (trygg_action_item_get_comment (late), ==, "Beställd");

  /* The overdue flag survives a reopen: it is worked out on load too. */
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_true (trygg_store_reload (fixture->store, &error));
  g_assert_true (trygg_finding_get_overdue (finding));
}

static void
count_cb (TryggStore *store,
          guint      *count)
{
  (*count)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* With the window left open past midnight, a measure due today becomes
 * overdue: the store works the flags out again when the day turns. */
static void
test_overdue_at_midnight (Fixture       *fixture,
                          gconstpointer  data)
{
  TryggFinding *finding = add_finding (fixture, 59.19, 17.62);
  g_autofree char *today = date_from_today (0);
  g_autofree char *tomorrow = date_from_today (1);
  g_autoptr(TryggActionItem) measure = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0, notified = 0;

  measure = trygg_store_add_measure (fixture->store, finding, "Röj buskaget", NULL, today, &error);
  g_assert_no_error (error);
  g_assert_false (trygg_finding_get_overdue (finding));
  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (finding, "notify::overdue", G_CALLBACK (count_notify_cb), &notified);

  /* The same day: nothing to do. */
  trygg_store_set_today (fixture->store, today);
  g_assert_cmpuint (changed, ==, 0);

  trygg_store_set_today (fixture->store, tomorrow);
  g_assert_true (trygg_finding_get_overdue (finding));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  /* Edits work the flag out for that day too. */
  trygg_store_set_title (fixture->store, finding, "Buskage", &error);
  g_assert_no_error (error);
  g_assert_true (trygg_finding_get_overdue (finding));

  trygg_store_set_today (fixture->store, NULL);
  g_assert_false (trygg_finding_get_overdue (finding));
  g_signal_handlers_disconnect_by_func (fixture->store, count_cb, &changed);
}

/* Metres north of a point, in degrees of latitude. */
#define METRES(m) ((m) / 111194.9)

/* What the main loop does when it has nothing else to do. */
static void
run_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_duplicates (Fixture       *fixture,
                 gconstpointer  data)
{
  TryggFinding *a = add_finding (fixture, 59.1917, 17.6278);
  TryggFinding *near = add_finding (fixture, 59.1917 + METRES (14), 17.6278);
  TryggFinding *far = add_finding (fixture, 59.1917 - METRES (16), 17.6278);
  g_autoptr(TryggStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  TryggFinding *loaded;
  guint n_notified = 0;

  /* Without a category nothing is a duplicate. */
  g_assert_false (trygg_finding_get_possible_duplicate (a));
  trygg_store_set_category (fixture->store, a, "lighting", &error);
  trygg_store_set_category (fixture->store, near, "lighting", &error);
  trygg_store_set_category (fixture->store, far, "lighting", &error);
  g_assert_no_error (error);
  g_assert_true (trygg_finding_get_possible_duplicate (a));
  g_assert_true (trygg_finding_get_possible_duplicate (near));
  g_assert_false (trygg_finding_get_possible_duplicate (far));

  /* A fixed finding is no longer something to duplicate. */
  trygg_store_set_status (fixture->store, a, TRYGG_STATUS_FIXED, NULL, &error);
  g_assert_false (trygg_finding_get_possible_duplicate (near));
  g_assert_true (trygg_finding_get_possible_duplicate (a));
  trygg_store_undo (fixture->store, &error);
  g_assert_true (trygg_finding_get_possible_duplicate (near));

  /* Another category is not a duplicate either. */
  trygg_store_set_category (fixture->store, near, "litter", &error);
  g_assert_false (trygg_finding_get_possible_duplicate (a));
  trygg_store_undo (fixture->store, &error);

  /* Moving keeps the flags current on both sides. */
  trygg_store_set_location (fixture->store, near, 59.1917 - METRES (30), 17.6278, &error);
  g_assert_false (trygg_finding_get_possible_duplicate (a));
  g_assert_true (trygg_finding_get_possible_duplicate (far));
  g_assert_true (trygg_finding_get_possible_duplicate (near));
  trygg_store_undo (fixture->store, &error);
  g_assert_true (trygg_finding_get_possible_duplicate (a));
  g_assert_false (trygg_finding_get_possible_duplicate (far));

  /* The load path finds the same flags, when the main loop is next idle
   * (the model is ready before), and says so. */
  reopened = trygg_store_new (fixture->path, &error);
  g_assert_no_error (error);
  loaded = trygg_store_lookup_finding (reopened, trygg_finding_get_id (a));
  g_signal_connect (loaded, "notify::possible-duplicate", G_CALLBACK (count_notify_cb), &n_notified);
  g_assert_false (trygg_finding_get_possible_duplicate (loaded));
  run_idle ();
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_true (trygg_finding_get_possible_duplicate (loaded));
  g_assert_true (trygg_finding_get_possible_duplicate (
    trygg_store_lookup_finding (reopened, trygg_finding_get_id (near))));
  g_assert_false (trygg_finding_get_possible_duplicate (
    trygg_store_lookup_finding (reopened, trygg_finding_get_id (far))));
  g_clear_object (&reopened);

  /* An edit before then finds the load's flags first, then its own. */
  reopened = trygg_store_new (fixture->path, &error);
  g_assert_no_error (error);
  trygg_store_set_location (reopened, trygg_store_lookup_finding (reopened, trygg_finding_get_id (far)),
                            59.1917 - METRES (5), 17.6278, &error);
  g_assert_no_error (error);
  g_assert_true (trygg_finding_get_possible_duplicate (
    trygg_store_lookup_finding (reopened, trygg_finding_get_id (a))));
  g_assert_true (trygg_finding_get_possible_duplicate (
    trygg_store_lookup_finding (reopened, trygg_finding_get_id (near))));
  g_assert_true (trygg_finding_get_possible_duplicate (
    trygg_store_lookup_finding (reopened, trygg_finding_get_id (far))));
  run_idle ();
  g_assert_true (trygg_finding_get_possible_duplicate (
    trygg_store_lookup_finding (reopened, trygg_finding_get_id (far))));
  g_assert_true (trygg_store_undo (reopened, &error));
  g_assert_false (trygg_finding_get_possible_duplicate (
    trygg_store_lookup_finding (reopened, trygg_finding_get_id (far))));

  /* A store closed before then leaves nothing behind. */
  g_clear_object (&reopened);
  reopened = trygg_store_new (fixture->path, &error);
  g_clear_object (&reopened);
  run_idle ();
}

/* The load finds all flags at once, on a grid that wraps; it must agree
 * with the one-finding query edits use, for findings close together (many
 * neighbours), far apart (slots shared by cells kilometres away) and at
 * the grid's seams. */
static void
test_duplicates_load_many (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char * const categories[] = { "lighting", "litter", NULL };
  static const char * const statuses[] = { "new", "assigned", "fixed", "wont_fix" };
  TryggDatabase *database = trygg_store_get_database (fixture->store);
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  g_autoptr(GError) error = NULL;
  GListModel *findings = trygg_store_get_findings (fixture->store);
  guint n_flagged = 0;

  g_assert_true (trygg_database_begin (database, &error));
  insert = trygg_database_prepare (database,
                                   "INSERT INTO finding (id, walk_id, number, category, status, latitude, longitude,"
                                   " observed_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                                   &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      /* A third within 100 m, the rest over 40 km. */
      double spread = i % 3 == 0 ? METRES (100) : 0.4;

      trygg_bind_text (insert, 1, id);
      trygg_bind_text (insert, 2, trygg_walk_get_id (fixture->walk));
      sqlite3_bind_int (insert, 3, i + 1);
      trygg_bind_text (insert, 4, categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))]);
      trygg_bind_text (insert, 5, statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))]);
      sqlite3_bind_double (insert, 6, 59.1 + g_rand_double (rand) * spread);
      sqlite3_bind_double (insert, 7, 17.5 + g_rand_double (rand) * spread);
      trygg_bind_text (insert, 8, "2026-11-20T18:00:00Z");
      g_assert_true (trygg_database_step_done (database, insert, &error));
    }
  g_assert_true (trygg_database_commit (database, &error));
  g_assert_true (trygg_store_reload (fixture->store, &error));
  g_assert_cmpuint (n_items (findings), ==, 3000);
  run_idle ();

  for (guint i = 0; i < n_items (findings); i++)
    {
      g_autoptr(TryggFinding) finding = g_list_model_get_item (findings, i);
      gboolean expected = trygg_duplicates_has_open_neighbour (database, finding);

      g_assert_cmpint (trygg_finding_get_possible_duplicate (finding), ==, expected);
      n_flagged += expected;
    }
  /* Both answers occur. */
  g_assert_cmpuint (n_flagged, >, 100);
  g_assert_cmpuint (n_flagged, <, 2900);
}

static void
test_photos (Fixture       *fixture,
             gconstpointer  data)
{
  TryggFinding *finding = add_finding (fixture, 59.19, 17.62);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("\xff\xd8\xff\xe0 not really a JPEG", sizeof "\xff\xd8\xff\xe0 not really a JPEG" - 1);
  g_autoptr(GBytes) png = png_bytes ();
  g_autoptr(TryggPhoto) first = NULL;
  g_autoptr(TryggPhoto) second = NULL;
  g_autoptr(GListModel) photos = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (trygg_store_add_photo (fixture->store, finding, garbage, TRYGG_PHOTO_KIND_NONE, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (trygg_finding_get_photo_count (finding), ==, 0);
  g_assert_cmpstr (trygg_store_get_undo_label (fixture->store), ==, "Add finding 1");

  first = trygg_store_add_photo (fixture->store, finding, png, TRYGG_PHOTO_KIND_BEFORE, &error);
  second = trygg_store_add_photo (fixture->store, finding, png, TRYGG_PHOTO_KIND_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (trygg_finding_get_photo_count (finding), ==, 2);
  g_assert_true (trygg_store_set_photo_kind (fixture->store, second, TRYGG_PHOTO_KIND_AFTER, &error));
  g_assert_cmpint (trygg_photo_get_kind (second), ==, TRYGG_PHOTO_KIND_AFTER);

  photos = trygg_store_get_photos (fixture->store, finding);
  g_assert_true (trygg_store_remove_photo (fixture->store, first, &error));
  g_assert_cmpuint (n_items (photos), ==, 1);
  g_assert_cmpint (trygg_finding_get_photo_count (finding), ==, 1);
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_cmpuint (n_items (photos), ==, 2);
  g_assert_true (trygg_store_redo (fixture->store, &error));
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (photos), ==, 2);
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint count;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->position = position;
  record->removed = removed;
  record->added = added;
  record->count++;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_items_changed (Fixture       *fixture,
                    gconstpointer  data)
{
  GListModel *findings = trygg_store_get_findings (fixture->store);
  ItemsChanged record = { 0 };
  TryggFinding *first, *second;
  guint title_notifications = 0;
  g_autoptr(GError) error = NULL;

  first = add_finding (fixture, 59.19, 17.62);
  add_finding (fixture, 59.19, 17.63);
  second = add_finding (fixture, 59.19, 17.64);
  g_signal_connect (findings, "items-changed", G_CALLBACK (items_changed_cb), &record);
  g_signal_connect (first, "notify::title", G_CALLBACK (notify_cb), &title_notifications);

  trygg_store_set_title (fixture->store, first, "Klotter på muren", &error);
  g_assert_cmpuint (record.count, ==, 0);
  g_assert_cmpuint (title_notifications, ==, 1);
  /* Other edits do not touch the title: no notification. */
  trygg_store_set_priority (fixture->store, first, TRYGG_PRIORITY_LOW, &error);
  g_assert_cmpuint (title_notifications, ==, 1);

  trygg_store_delete_finding (fixture->store, second, &error);
  g_assert_cmpuint (record.count, ==, 1);
  g_assert_cmpuint (record.position, ==, 2);
  g_assert_cmpuint (record.removed, ==, 1);
  g_assert_cmpuint (record.added, ==, 0);

  trygg_store_undo (fixture->store, &error);
  g_assert_cmpuint (record.count, ==, 2);
  g_assert_cmpuint (record.position, ==, 2);
  g_assert_cmpuint (record.removed, ==, 0);
  g_assert_cmpuint (record.added, ==, 1);
  g_assert_no_error (error);

  g_signal_handlers_disconnect_by_data (findings, &record);
  g_signal_handlers_disconnect_by_data (first, &title_notifications);
}

static void
test_persistence (Fixture       *fixture,
                  gconstpointer  data)
{
  TryggFinding *finding = add_finding (fixture, 59.19, 17.62);
  TryggActor *actor = add_actor (fixture, "Södertälje City (centrumförening)");
  g_autoptr(TryggActionItem) measure = NULL;
  g_autofree char *id = g_strdup (trygg_finding_get_id (finding));
  g_autofree char *actor_id = g_strdup (trygg_actor_get_id (actor));
  g_autoptr(GListModel) measures = NULL;
  g_autoptr(TryggActionItem) loaded = NULL;
  g_autoptr(TryggWalk) walk = NULL;
  g_autoptr(GError) error = NULL;
  TryggStore *store;

  trygg_store_set_title (fixture->store, finding, "Skymd entré", &error);
  trygg_store_set_actor (fixture->store, finding, actor_id, &error);
  measure = trygg_store_add_measure (fixture->store, finding, "Beskär buskar", actor_id, "2026-12-15", &error);
  g_assert_no_error (error);
  g_clear_object (&measure);
  g_assert_finalize_object (fixture->store);

  store = fixture->store = trygg_store_new (fixture->path, &error);
  g_assert_no_error (error);
  finding = trygg_store_lookup_finding (store, id);
  g_assert_nonnull (finding);
  g_assert_cmpstr (trygg_finding_get_title (finding), ==, "Skymd entré");
  g_assert_cmpstr (trygg_finding_get_actor_id (finding), ==, actor_id);
  g_assert_cmpint (trygg_finding_get_status (finding), ==, TRYGG_STATUS_ASSIGNED);
  g_assert_cmpstr (trygg_actor_get_name (trygg_store_lookup_actor (store, actor_id)), ==,
                   "Södertälje City (centrumförening)");
  g_assert_cmpuint (n_items (trygg_store_get_walks (store)), ==, 1);
  walk = g_list_model_get_item (trygg_store_get_walks (store), 0);
  g_assert_cmpint (trygg_walk_get_time_of_day (walk), ==, TRYGG_TIME_OF_DAY_EVENING);
  g_assert_cmpstr (trygg_walk_get_area (walk), ==, "Södertälje C");
  measures = trygg_store_get_measures (store, finding);
  loaded = g_list_model_get_item (measures, 0);
  g_assert_cmpstr (trygg_action_item_get_text (loaded), ==, "Beskär buskar");
  g_assert_cmpstr (trygg_action_item_get_due (loaded), ==, "2026-12-15");
  g_assert_false (trygg_store_get_can_undo (store));
  fixture->walk = NULL;
}

static void
test_actor_delete_with_heir (Fixture       *fixture,
                             gconstpointer  data)
{
  TryggFinding *finding = add_finding (fixture, 59.19, 17.62);
  TryggActor *old = add_actor (fixture, "Gatukontoret");
  TryggActor *heir = add_actor (fixture, "Samhällsbyggnadskontoret");
  g_autofree char *old_id = g_strdup (trygg_actor_get_id (old));
  g_autoptr(TryggActionItem) measure = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (trygg_store_add_actor (fixture->store, " Gatukontoret ", NULL, &error) != NULL);
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  trygg_store_set_actor (fixture->store, finding, old_id, &error);
  measure = trygg_store_add_measure (fixture->store, finding, "Laga staket", old_id, NULL, &error);
  g_assert_cmpuint (n_items (trygg_store_get_actors (fixture->store)), ==, 2);

  g_assert_true (trygg_store_delete_actor (fixture->store, old, heir, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (trygg_store_get_actors (fixture->store)), ==, 1);
  g_assert_cmpstr (trygg_finding_get_actor_id (finding), ==, trygg_actor_get_id (heir));
  g_assert_cmpstr (trygg_action_item_get_actor_id (measure), ==, trygg_actor_get_id (heir));

  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (trygg_store_get_actors (fixture->store)), ==, 2);
  g_assert_cmpstr (trygg_finding_get_actor_id (finding), ==, old_id);
  g_assert_cmpstr (trygg_action_item_get_actor_id (measure), ==, old_id);

  /* Renaming and recolouring. */
  old = trygg_store_lookup_actor (fixture->store, old_id);
  g_assert_true (trygg_store_edit_actor (fixture->store, old, "Gatuenheten", "#c01c28", "Anna", &error));
  g_assert_cmpstr (trygg_actor_get_name (old), ==, "Gatuenheten");
  g_assert_cmpstr (trygg_actor_get_colour (old), ==, "#c01c28");
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_cmpstr (trygg_actor_get_name (old), ==, "Gatukontoret");
}

static void
test_measures_order (Fixture       *fixture,
                     gconstpointer  data)
{
  TryggFinding *finding = add_finding (fixture, 59.19, 17.62);
  g_autoptr(GListModel) measures = trygg_store_get_measures (fixture->store, finding);
  g_autoptr(TryggActionItem) a = NULL;
  g_autoptr(TryggActionItem) b = NULL;
  g_autoptr(TryggActionItem) c = NULL;
  g_autoptr(TryggActionItem) first = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) kinds = NULL;

  a = trygg_store_add_measure (fixture->store, finding, "A", NULL, NULL, &error);
  b = trygg_store_add_measure (fixture->store, finding, "B", NULL, NULL, &error);
  c = trygg_store_add_measure (fixture->store, finding, "C", NULL, NULL, &error);
  g_assert_null (trygg_store_add_measure (fixture->store, finding, "   ", NULL, NULL, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (trygg_store_add_measure (fixture->store, finding, "D", NULL, "31/12", &error));
  g_clear_error (&error);

  g_assert_true (trygg_store_move_measure (fixture->store, c, 0, &error));
  g_assert_true (g_list_model_get_item (measures, 0) == (gpointer) c);
  g_object_unref (c);
  g_assert_true (g_list_model_get_item (measures, 2) == (gpointer) b);
  g_object_unref (b);

  g_assert_true (trygg_store_remove_measure (fixture->store, a, &error));
  g_assert_cmpuint (n_items (measures), ==, 2);
  g_assert_cmpint (trygg_finding_get_actions_total (finding), ==, 2);
  trygg_store_undo (fixture->store, &error);
  trygg_store_undo (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (measures), ==, 3);
  first = g_list_model_get_item (measures, 0);
  g_assert_cmpstr (trygg_action_item_get_text (first), ==, "A");

  kinds = history_kinds (fixture->store, finding);
  g_assert_cmpstrv (kinds, ((const char * const[]) { "created", "measure-added", "measure-added",
                                                     "measure-added", NULL }));
}

static void
test_categories (Fixture       *fixture,
                 gconstpointer  data)
{
  TryggFinding *finding = add_finding (fixture, 59.19, 17.62);
  GListModel *categories = trygg_store_get_categories (fixture->store);
  TryggCategory *benches, *lighting;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (n_items (categories), ==, 14);
  lighting = trygg_store_lookup_category (fixture->store, "lighting");
  g_assert_cmpstr (trygg_category_get_name (lighting), ==, "Lighting");
  g_assert_true (trygg_category_get_builtin (lighting));
  g_assert_false (trygg_store_rename_category (fixture->store, lighting, "Ljus", &error));
  g_clear_error (&error);
  g_assert_null (trygg_store_add_category (fixture->store, "lighting", &error));
  g_clear_error (&error);

  benches = trygg_store_add_category (fixture->store, "Bänkar", &error);
  g_assert_no_error (error);
  key = g_strdup (trygg_category_get_key (benches));
  g_assert_cmpuint (n_items (categories), ==, 15);
  g_assert_false (trygg_category_get_builtin (benches));
  trygg_store_set_category (fixture->store, finding, key, &error);
  g_assert_true (trygg_store_rename_category (fixture->store, benches, "Sittplatser", &error));
  g_assert_cmpstr (trygg_category_get_name (benches), ==, "Sittplatser");

  g_assert_true (trygg_store_delete_category (fixture->store, benches, &error));
  g_assert_null (trygg_finding_get_category_key (finding));
  g_assert_cmpuint (n_items (categories), ==, 14);
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (trygg_finding_get_category_key (finding), ==, key);
  g_assert_cmpstr (trygg_category_get_name (trygg_store_lookup_category (fixture->store, key)), ==, "Sittplatser");
}

static void
test_walks (Fixture       *fixture,
            gconstpointer  data)
{
  TryggFinding *finding = add_finding (fixture, 59.19, 17.62);
  TryggRoutePoint points[] = { { 59.19, 17.62 }, { 59.20, 17.63 } };
  g_autoptr(TryggRoute) route = NULL;
  g_autoptr(TryggRoute) loaded = NULL;
  TryggWalk *day;
  g_autoptr(GError) error = NULL;

  g_assert_null (trygg_store_create_walk (fixture->store, "Centrum kväll", NULL, TRYGG_TIME_OF_DAY_DAY,
                                          NULL, NULL, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  day = trygg_store_create_walk (fixture->store, "Centrum dag", "2026-11-21", TRYGG_TIME_OF_DAY_DAY,
                                 "Södertälje C", NULL, &error);
  g_assert_no_error (error);
  add_finding (fixture, 59.2, 17.6);

  /* Number 1 is free in the day walk: the finding keeps it. */
  g_assert_true (trygg_store_set_walk (fixture->store, finding, trygg_walk_get_id (day), &error));
  g_assert_cmpstr (trygg_finding_get_walk_id (finding), ==, trygg_walk_get_id (day));
  g_assert_cmpint (trygg_finding_get_number (finding), ==, 1);

  g_assert_true (trygg_store_edit_walk (fixture->store, day, "Centrum förmiddag", "2026-11-22",
                                        TRYGG_TIME_OF_DAY_DAY, "Stationen", "Fältarna", &error));
  g_assert_cmpstr (trygg_walk_get_name (day), ==, "Centrum förmiddag");
  g_assert_cmpstr (trygg_walk_get_participants (day), ==, "Fältarna");
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_cmpstr (trygg_walk_get_name (day), ==, "Centrum dag");
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_cmpstr (trygg_finding_get_walk_id (finding), ==, trygg_walk_get_id (fixture->walk));

  /* A route imported from GPX shows on the walk. */
  route = trygg_route_new ();
  route->name = g_strdup ("Kvällsrundan");
  g_array_append_vals (route->points, points, G_N_ELEMENTS (points));
  g_assert_true (trygg_database_set_walk_route (trygg_store_get_database (fixture->store),
                                                "Centrum dag", route, &error));
  g_assert_true (trygg_store_reload (fixture->store, &error));
  g_assert_cmpstr (trygg_walk_get_route_name (day), ==, "Kvällsrundan");
  loaded = trygg_store_get_walk_route (fixture->store, day);
  g_assert_cmpuint (loaded->points->len, ==, 2);
  g_assert_cmpfloat (g_array_index (loaded->points, TryggRoutePoint, 1).longitude, ==, 17.63);
}

static void
test_query (Fixture       *fixture,
            gconstpointer  data)
{
  TryggFinding *a = add_finding (fixture, 59.19, 17.62);
  TryggFinding *b = add_finding (fixture, 59.19, 17.63);
  TryggActor *actor = add_actor (fixture, "Polisen");
  g_autoptr(TryggFindingQuery) query = trygg_finding_query_new ();
  g_autoptr(TryggActionItem) measure = NULL;
  g_autofree char *yesterday = date_from_today (-1);
  g_autoptr(GError) error = NULL;

  trygg_store_set_title (fixture->store, a, "Mörk GÅNGTUNNEL", &error);
  trygg_store_set_description (fixture->store, b, "Buskage skymmer sikten", &error);
  trygg_store_set_actor (fixture->store, b, trygg_actor_get_id (actor), &error);
  g_assert_true (trygg_finding_query_is_empty (query));
  g_assert_true (trygg_finding_query_matches (query, a));

  trygg_finding_query_set_text (query, "gångtunnel");
  g_assert_true (trygg_finding_query_matches (query, a));
  g_assert_false (trygg_finding_query_matches (query, b));
  trygg_finding_query_set_text (query, "SKYMMER");
  g_assert_true (trygg_finding_query_matches (query, b));
  trygg_finding_query_set_text (query, "2");
  g_assert_true (trygg_finding_query_matches (query, b));
  g_assert_false (trygg_finding_query_matches (query, a));
  trygg_finding_query_set_text (query, NULL);

  trygg_finding_query_set_actor_id (query, trygg_actor_get_id (actor));
  g_assert_false (trygg_finding_query_matches (query, a));
  g_assert_true (trygg_finding_query_matches (query, b));
  trygg_finding_query_set_actor_id (query, NULL);

  trygg_finding_query_set_statuses (query, 1u << TRYGG_STATUS_NEW);
  g_assert_true (trygg_finding_query_matches (query, a));
  g_assert_false (trygg_finding_query_matches (query, b));
  trygg_finding_query_set_statuses (query, 0);

  trygg_finding_query_set_overdue_only (query, TRUE);
  g_assert_false (trygg_finding_query_matches (query, a));
  measure = trygg_store_add_measure (fixture->store, a, "Tänd", NULL, yesterday, &error);
  g_assert_true (trygg_finding_query_matches (query, a));

  trygg_finding_query_set_walk_id (query, "no such walk");
  g_assert_false (trygg_finding_query_matches (query, a));
}

/* The quick folding, eight bytes at a time, gives what normalising and
 * casefolding give (but for ß, which it leaves alone), wherever in the
 * text the capitals and the letters beyond ASCII fall; text beyond
 * Latin-1 is left to the full folding. */
static void
test_fold (void)
{
  static const char * const pieces[] = {
    "a", "Z", "@", "[", "`", "{", "å", "Å", "Ä", "ö", "Ö", "É", "é", "×", " ", "0", "\n",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 40);
      g_autofree char *expected = NULL;
      g_autofree char *folded = NULL;

      for (guint i = 0; i < n; i++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      expected = trygg_fold_text_full (text->str);
      folded = g_strdup (text->str);
      g_assert_true (trygg_fold_text_simple (folded, strlen (folded)));
      g_assert_cmpstr (folded, ==, expected);
      g_clear_pointer (&folded, g_free);
      folded = trygg_fold_text (text->str);
      g_assert_cmpstr (folded, ==, expected);
    }

  {
    /* Decomposed å (a and a combining ring) and Cyrillic: full folding. */
    g_autofree char *decomposed = g_strdup ("GÅNGTUNNEL VID TORGET A\xcc\x8a");
    g_autofree char *cyrillic = trygg_fold_text ("Тёмный ПЕРЕХОД");

    g_assert_false (trygg_fold_text_simple (decomposed, strlen (decomposed)));
    g_assert_cmpstr (cyrillic, ==, "тёмный переход");
    g_clear_pointer (&decomposed, g_free);
    decomposed = trygg_fold_text ("GÅNGTUNNEL VID TORGET A\xcc\x8a");
    g_assert_cmpstr (decomposed, ==, "gångtunnel vid torget å");
  }
}

static TryggFinding *
view_item (GListModel *view,
           guint       position)
{
  g_autoptr(TryggFinding) finding = g_list_model_get_item (view, position);

  return finding;  /* still owned by the view */
}

/* Search keys of text that folds longer than it was (U+0390 becomes three
 * characters) outgrow the room the view gives them; the view's buffer
 * grows, and the keys after them are still found. */
static void
test_view_long_keys (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(TryggFindingView) view = NULL;
  g_autoptr(TryggFindingQuery) query = trygg_finding_query_new ();
  g_autoptr(GError) error = NULL;
  TryggFinding *findings[6];

  for (guint i = 0; i < 40; i++)
    g_string_append (title, "\xce\x90");
  for (guint i = 0; i < G_N_ELEMENTS (findings); i++)
    {
      findings[i] = add_finding (fixture, 59.19, 17.62 + i * 0.01);
      trygg_store_set_title (fixture->store, findings[i], i < 5 ? title->str : "Mörk GÅNGTUNNEL", &error);
      g_assert_no_error (error);
    }
  view = trygg_finding_view_new (trygg_store_get_findings (fixture->store));
  trygg_finding_query_set_text (query, "\xce\x90\xce\x90");
  trygg_finding_view_set_query (view, query);
  g_assert_cmpuint (n_items (G_LIST_MODEL (view)), ==, 5);
  g_assert_true (trygg_finding_query_matches (query, findings[0]));
  trygg_finding_query_set_text (query, "gångtunnel");
  trygg_finding_view_set_query (view, query);
  g_assert_cmpuint (n_items (G_LIST_MODEL (view)), ==, 1);
  g_assert_true (view_item (G_LIST_MODEL (view), 0) == findings[5]);
}

/* The view the findings list shows: filtered by a query, sorted, following
 * the store, and saying exactly which range changed. */
static void
test_view (Fixture       *fixture,
           gconstpointer  data)
{
  TryggFinding *a = add_finding (fixture, 59.19, 17.62);
  TryggFinding *b = add_finding (fixture, 59.19, 17.63);
  TryggFinding *c = add_finding (fixture, 59.19, 17.64);
  g_autoptr(TryggFindingView) view = trygg_finding_view_new (trygg_store_get_findings (fixture->store));
  g_autoptr(TryggFindingQuery) query = trygg_finding_query_new ();
  GListModel *model = G_LIST_MODEL (view);
  ItemsChanged changed = { 0 };
  g_autoptr(GError) error = NULL;
  TryggFinding *d;

  g_assert_true (g_list_model_get_item_type (model) == TRYGG_TYPE_FINDING);
  g_assert_cmpuint (n_items (model), ==, 3);
  g_assert_true (view_item (model, 0) == a);
  g_assert_true (view_item (model, 2) == c);
  g_assert_null (g_list_model_get_item (model, 3));
  g_signal_connect (view, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  trygg_store_set_title (fixture->store, a, "Mörk gångtunnel", &error);
  trygg_store_set_title (fixture->store, b, "Gångväg utan belysning", &error);
  trygg_store_set_title (fixture->store, c, "Mörk GÅNGTUNNEL vid spåren", &error);
  g_assert_no_error (error);
  /* Titles changed in place: nothing to say without a refresh. */
  trygg_finding_view_refresh (view);
  g_assert_cmpuint (changed.count, ==, 0);

  /* Typing narrows: "gång" keeps all three, "gångt" drops b only. */
  trygg_finding_query_set_text (query, "gång");
  trygg_finding_view_set_query (view, query);
  g_assert_cmpuint (changed.count, ==, 0);
  trygg_finding_query_set_text (query, "gångt");
  trygg_finding_view_set_query (view, query);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (changed.position, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 0);
  g_assert_cmpuint (n_items (model), ==, 2);
  g_assert_true (view_item (model, 1) == c);

  /* Erasing widens again. */
  trygg_finding_query_set_text (query, "gån");
  trygg_finding_view_set_query (view, query);
  g_assert_cmpuint (changed.count, ==, 2);
  g_assert_cmpuint (changed.position, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 1);
  g_assert_true (view_item (model, 1) == b);

  /* A status filter after a text filter that is not narrower. */
  trygg_store_set_status (fixture->store, b, TRYGG_STATUS_IN_PROGRESS, NULL, &error);
  g_assert_no_error (error);
  trygg_finding_view_refresh (view);
  trygg_finding_query_set_text (query, NULL);
  trygg_finding_query_set_statuses (query, 1u << TRYGG_STATUS_IN_PROGRESS);
  trygg_finding_view_set_query (view, query);
  g_assert_cmpuint (n_items (model), ==, 1);
  g_assert_true (view_item (model, 0) == b);
  trygg_finding_query_set_statuses (query, 0);
  trygg_finding_view_set_query (view, query);
  g_assert_cmpuint (n_items (model), ==, 3);

  /* Sorting: by status puts the new ones first, b (in progress) last. */
  trygg_finding_view_set_sort (view, TRYGG_FINDING_SORT_STATUS);
  g_assert_true (view_item (model, 0) == a);
  g_assert_true (view_item (model, 1) == c);
  g_assert_true (view_item (model, 2) == b);
  trygg_finding_view_set_sort (view, TRYGG_FINDING_SORT_NUMBER);
  g_assert_true (view_item (model, 1) == b);

  /* The store's own changes are followed: a new finding appears, a
   * deleted one goes, and the view keeps its query. */
  trygg_finding_query_set_text (query, "gångtunnel");
  trygg_finding_view_set_query (view, query);
  g_assert_cmpuint (n_items (model), ==, 2);
  d = add_finding (fixture, 59.19, 17.65);
  g_assert_cmpuint (n_items (model), ==, 2);
  trygg_store_set_title (fixture->store, d, "Gångtunnel", &error);
  trygg_finding_view_refresh (view);
  g_assert_cmpuint (n_items (model), ==, 3);
  g_assert_true (view_item (model, 2) == d);
  trygg_store_delete_finding (fixture->store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (model), ==, 2);
  g_assert_true (view_item (model, 0) == c);
  g_assert_true (trygg_store_undo (fixture->store, &error));
  g_assert_cmpuint (n_items (model), ==, 3);

  trygg_finding_view_set_model (view, NULL);
  g_assert_cmpuint (n_items (model), ==, 0);
}

/* Follows a model through its items-changed as a list view does: what it
 * ends up with must be what the model holds. */
static void
mirror_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GPtrArray  *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (model));
}

static void
assert_mirrors (GListModel *model,
                GPtrArray  *mirror)
{
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < mirror->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_true (item == mirror->pdata[i]);
    }
}

/* A list following the view's items-changed ends up with what the view
 * shows, whatever the queries do. */
static void
test_view_changes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TryggFindingView) view = NULL;
  g_autoptr(TryggFindingQuery) query = trygg_finding_query_new ();
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  static const char * const queries[] = { "lampa", "a", "tunnel", "", "mörk", "lampa", "o", NULL, "x" };
  ItemsChanged changed = { 0 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 120; i++)
    {
      TryggFinding *f = add_finding (fixture, 59.19 + i * 0.001, 17.62);

      trygg_store_set_title (fixture->store, f,
                             i % 3 == 0 ? "Trasig lampa" : i % 3 == 1 ? "Mörk tunnel" : "Mörk lampa", &error);
      g_assert_no_error (error);
    }
  view = trygg_finding_view_new (trygg_store_get_findings (fixture->store));
  for (guint i = 0; i < 120; i++)
    g_ptr_array_add (mirror, g_list_model_get_item (G_LIST_MODEL (view), i));
  g_signal_connect (view, "items-changed", G_CALLBACK (mirror_changed_cb), mirror);
  g_signal_connect (view, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  /* Every third finding leaves, the first but not the last two: one
   * change from the first to the last that differ. */
  trygg_finding_query_set_text (query, "mörk");
  trygg_finding_view_set_query (view, query);
  assert_mirrors (G_LIST_MODEL (view), mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (view)), ==, 80);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 118);
  g_assert_cmpuint (changed.added, ==, 78);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      trygg_finding_query_set_text (query, queries[i]);
      trygg_finding_view_set_query (view, query);
      assert_mirrors (G_LIST_MODEL (view), mirror);
    }
  trygg_finding_query_set_statuses (query, 1u << TRYGG_STATUS_NEW);
  trygg_finding_view_set_query (view, query);
  assert_mirrors (G_LIST_MODEL (view), mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (view)), ==, 0);
}

/* After each edit a refresh takes the findings in the last order and
 * merges what moved: every sort must come out as a view made from
 * scratch, and the view's items-changed must follow it. */
#define N_REFRESH 40

static void
test_view_refresh_order (Fixture       *fixture,
                         gconstpointer  data)
{
  GListModel *findings = trygg_store_get_findings (fixture->store);
  TryggFindingView *views[4];
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint32 seed = 7;

  g_autoptr(TryggDatabase) other = trygg_database_open (fixture->path, &error);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);

  /* Two walks with the same numbers and the same time of observation:
   * ties that only the model's order decides. */
  g_assert_no_error (error);
  for (guint i = 0; i < N_REFRESH; i++)
    {
      TryggRecord *record = trygg_record_new ();

      record->title = g_strdup ("Iakttagelse");
      record->walk = g_strdup (i % 2 ? "Kväll" : "Dag");
      record->number = i / 2 + 1;
      record->latitude = 59.19 + i * 0.001;
      record->longitude = 17.62;
      record->observed_at = g_strdup ("2026-11-27T18:00:00Z");
      g_ptr_array_add (records, record);
    }
  g_assert_true (trygg_database_import_records (other, records, NULL, NULL, NULL, NULL, &error));
  g_assert_true (trygg_store_reload (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (findings), ==, N_REFRESH);
  for (guint s = 0; s < G_N_ELEMENTS (views); s++)
    {
      views[s] = trygg_finding_view_new (findings);
      trygg_finding_view_set_sort (views[s], s);
    }
  for (guint i = 0; i < N_REFRESH; i++)
    g_ptr_array_add (mirror, g_list_model_get_item (G_LIST_MODEL (views[1]), i));
  g_signal_connect (views[1], "items-changed", G_CALLBACK (mirror_changed_cb), mirror);

  for (guint step = 0; step < 300; step++)
    {
      TryggFinding *f;
      guint edits = step % 7 == 6 ? 12 : 1;

      /* Mostly one edit, now and then many, then an undo or two. */
      for (guint e = 0; e < edits; e++)
        {
          seed = seed * 1103515245 + 12345;
          f = g_list_model_get_item (findings, (seed >> 8) % N_REFRESH);
          g_object_unref (f);
          switch ((seed >> 20) % 3)
            {
            case 0:
              trygg_store_set_status (fixture->store, f, (seed >> 4) % 4, NULL, &error);
              break;
            case 1:
              trygg_store_set_priority (fixture->store, f, (seed >> 4) % 3, &error);
              break;
            default:
              trygg_store_set_title (fixture->store, f, step % 2 ? "Mörk passage" : "Trasig lampa", &error);
              break;
            }
          g_assert_no_error (error);
        }
      if (step % 5 == 4)
        {
          g_assert_true (trygg_store_undo (fixture->store, &error));
          g_assert_no_error (error);
        }

      for (guint s = 0; s < G_N_ELEMENTS (views); s++)
        {
          g_autoptr(TryggFindingView) fresh = trygg_finding_view_new (findings);

          trygg_finding_view_refresh (views[s]);
          trygg_finding_view_set_sort (fresh, s);
          g_assert_cmpuint (n_items (G_LIST_MODEL (views[s])), ==, N_REFRESH);
          for (guint i = 0; i < N_REFRESH; i++)
            g_assert_true (view_item (G_LIST_MODEL (views[s]), i) == view_item (G_LIST_MODEL (fresh), i));
        }
      assert_mirrors (G_LIST_MODEL (views[1]), mirror);
    }
  for (guint s = 0; s < G_N_ELEMENTS (views); s++)
    g_object_unref (views[s]);
}

static void
test_reload_after_import (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TryggDatabase) other = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  TryggRecord *record = trygg_record_new ();
  TryggFinding *kept = add_finding (fixture, 59.19, 17.62);
  ItemsChanged changed = { 0 };
  g_autoptr(GError) error = NULL;

  record->title = g_strdup ("Importerad");
  record->latitude = 59.2;
  record->longitude = 17.6;
  record->actor = g_strdup ("Kollektivtrafik");
  g_ptr_array_add (records, record);

  other = trygg_database_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (trygg_database_import_records (other, records, "Centrum kväll", NULL, NULL, NULL, &error));

  g_signal_connect (trygg_store_get_findings (fixture->store), "items-changed",
                    G_CALLBACK (items_changed_cb), &changed);
  g_assert_true (trygg_store_reload (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (changed.position, ==, 1);
  g_assert_cmpuint (changed.added, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 0);
  /* The finding that was there is the same object. */
  g_assert_true (trygg_store_lookup_finding (fixture->store, trygg_finding_get_id (kept)) == kept);
  g_assert_cmpuint (n_items (trygg_store_get_actors (fixture->store)), ==, 1);
  g_signal_handlers_disconnect_by_data (trygg_store_get_findings (fixture->store), &changed);
}

/* Everything in the file, in a fixed order: two dumps are equal exactly
 * when the databases hold the same data. */
static char *
dump_database (TryggStore *store)
{
  static const char * const queries[] = {
    "SELECT id, name, date, time_of_day, area, participants, route_name FROM walk ORDER BY id",
    "SELECT id, name, colour, contact FROM actor ORDER BY id",
    "SELECT key, name, builtin FROM category ORDER BY key",
    "SELECT id, walk_id, number, title, description, category, status, priority, actor_id,"
    " latitude, longitude, observed_at, updated_at, wont_fix_reason, actions_total, actions_done,"
    " next_due, photo_count FROM finding ORDER BY id",
    "SELECT id, finding_id, position, text, actor_id, due, done, done_at, comment FROM action ORDER BY id",
    "SELECT id, finding_id, position, kind, mime_type, added_at, hex (data) FROM photo ORDER BY id",
    "SELECT id, finding_id, at, kind, old_value, new_value FROM event ORDER BY id",
  };
  sqlite3 *db = trygg_database_get_handle (trygg_store_get_database (store));
  GString *dump = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (dump, "%s|", (const char *) sqlite3_column_text (stmt, c));
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (stmt);
      g_string_append (dump, "--\n");
    }
  return g_string_free (dump, FALSE);
}

/* Every kind of edit, undone back to the start, then redone to the end:
 * the file must be exactly as it was at both ends. */
static void
test_undo_everything (Fixture       *fixture,
                      gconstpointer  data)
{
  TryggStore *store = fixture->store;
  TryggFinding *a = add_finding (fixture, 59.1917, 17.6278);
  TryggFinding *b;
  TryggActor *police, *city;
  TryggCategory *benches;
  TryggWalk *day;
  g_autoptr(TryggActionItem) first = NULL;
  g_autoptr(TryggActionItem) second = NULL;
  g_autoptr(TryggPhoto) photo = NULL;
  g_autoptr(GBytes) png = png_bytes ();
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  guint n_edits = 0;

  start = dump_database (store);

  police = trygg_store_add_actor (store, "Polisen", NULL, &error);
  city = trygg_store_add_actor (store, "Södertälje City", "#c01c28", &error);
  trygg_store_edit_actor (store, city, "Södertälje City (centrumförening)", "#26a269", "Eva", &error);
  benches = trygg_store_add_category (store, "Bänkar", &error);
  trygg_store_rename_category (store, benches, "Sittplatser", &error);
  day = trygg_store_create_walk (store, "Dag", "2026-11-21", TRYGG_TIME_OF_DAY_DAY, NULL, NULL, &error);
  trygg_store_edit_walk (store, day, "Dagvandring", "2026-11-22", TRYGG_TIME_OF_DAY_DAY, "C", "Alla", &error);
  b = add_finding (fixture, 59.1918, 17.6279);
  trygg_store_set_title (store, a, "Lampa", &error);
  trygg_store_set_description (store, a, "Trasig sedan oktober", &error);
  trygg_store_set_category (store, a, trygg_category_get_key (benches), &error);
  trygg_store_set_category (store, b, trygg_category_get_key (benches), &error);
  trygg_store_set_priority (store, a, TRYGG_PRIORITY_HIGH, &error);
  trygg_store_set_actor (store, a, trygg_actor_get_id (police), &error);
  trygg_store_set_status (store, a, TRYGG_STATUS_WONT_FIX, "Inte vår mark", &error);
  trygg_store_set_location (store, b, 59.1919, 17.6280, &error);
  trygg_store_set_walk (store, b, trygg_walk_get_id (day), &error);
  first = trygg_store_add_measure (store, a, "Byt lampa", trygg_actor_get_id (city), "2026-12-01", &error);
  second = trygg_store_add_measure (store, a, "Klipp", NULL, NULL, &error);
  trygg_store_edit_measure (store, second, "Klipp buskar", trygg_actor_get_id (police), NULL, "Snart", &error);
  trygg_store_set_measure_done (store, first, TRUE, &error);
  trygg_store_move_measure (store, second, 0, &error);
  photo = trygg_store_add_photo (store, a, png, TRYGG_PHOTO_KIND_BEFORE, &error);
  trygg_store_set_photo_kind (store, photo, TRYGG_PHOTO_KIND_AFTER, &error);
  trygg_store_remove_photo (store, photo, &error);
  trygg_store_remove_measure (store, first, &error);
  trygg_store_delete_actor (store, city, police, &error);
  trygg_store_delete_category (store, benches, &error);
  trygg_store_delete_finding (store, b, &error);
  g_assert_no_error (error);
  end = dump_database (store);

  while (trygg_store_get_can_undo (store))
    {
      g_assert_true (trygg_store_undo (store, &error));
      g_assert_no_error (error);
      n_edits++;
    }
  /* The walk the fixture made is the first edit. */
  g_assert_cmpuint (n_edits, ==, 31);
  g_assert_true (trygg_store_redo (store, &error));
  g_assert_true (trygg_store_redo (store, &error));
  undone = dump_database (store);
  g_assert_cmpstr (undone, ==, start);

  while (trygg_store_get_can_redo (store))
    g_assert_true (trygg_store_redo (store, &error));
  g_assert_no_error (error);
  redone = dump_database (store);
  g_assert_cmpstr (redone, ==, end);
}

static void
test_refuses_foreign_file (void)
{
  g_autofree char *path = temp_path ("not-ours.db");
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "hello", -1, NULL));
  g_assert_null (trygg_store_new (path, &error));
  g_assert_error (error, TRYGG_DATABASE_ERROR, TRYGG_DATABASE_ERROR_NOT_A_DATABASE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) \
  g_test_add ("/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("create-and-history", test_create_and_history);
  ADD ("undo-redo-edits", test_undo_redo_edits);
  ADD ("delete-restores-everything", test_delete_restores_everything);
  ADD ("status-rules", test_status_rules);
  ADD ("overdue", test_overdue);
  ADD ("overdue-at-midnight", test_overdue_at_midnight);
  ADD ("duplicates", test_duplicates);
  ADD ("duplicates-load-many", test_duplicates_load_many);
  ADD ("photos", test_photos);
  ADD ("items-changed", test_items_changed);
  ADD ("persistence", test_persistence);
  ADD ("actor-delete-with-heir", test_actor_delete_with_heir);
  ADD ("measures-order", test_measures_order);
  ADD ("categories", test_categories);
  ADD ("walks", test_walks);
  ADD ("query", test_query);
  ADD ("view", test_view);
  ADD ("view-long-keys", test_view_long_keys);
  ADD ("view-follows", test_view_changes);
  ADD ("view-refresh-order", test_view_refresh_order);
  ADD ("reload-after-import", test_reload_after_import);
  ADD ("undo-everything", test_undo_everything);
#undef ADD
  g_test_add_func ("/store/refuses-foreign-file", test_refuses_foreign_file);
  g_test_add_func ("/store/fold", test_fold);

  return g_test_run ();
}
