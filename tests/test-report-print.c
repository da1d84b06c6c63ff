/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "trygg-print.h"
#include "trygg-report-export.h"
#include "trygg-store.h"

/* Printing goes through GtkPrintOperation with the engine's own pages:
 * exported to a PDF by GTK (GTK_PRINT_OPERATION_ACTION_EXPORT, no printer
 * and no dialog), it must read back as the report's own PDF does: the
 * same pages, the same words, A4. */

typedef struct
{
  char       *dir;
  char       *db_path;
  TryggStore *store;
} Fixture;

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return out;
}

static int
page_count (const char *path)
{
  g_autofree char *info = run ((const char * const[]) { "pdfinfo", path, NULL });
  const char *line = strstr (info, "Pages:");

  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

static char *
pdf_text (const char *path)
{
  g_autofree char *text = run ((const char * const[]) { "pdftotext", "-enc", "UTF-8", path, "-", NULL });
  g_auto(GStrv) words = g_strsplit_set (text, " \n\f", -1);
  g_autoptr(GString) joined = g_string_new (NULL);

  /* Compare without the line breaks of wrapping. */
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, "%s ", words[i]);
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static GBytes *
make_photo (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1600, 1200);
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0x4060a0ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", NULL, "quality", "85", NULL));
  return g_bytes_new_take (buffer, size);
}

static void
fixture_set_up (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) photo = make_photo ();
  TryggActor *police, *park;
  TryggWalk *walk;

  fixture->dir = g_dir_make_tmp ("test-report-print-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "walks.trygg", NULL);
  fixture->store = trygg_store_new (fixture->db_path, &error);
  g_assert_no_error (error);
  walk = trygg_store_create_walk (fixture->store, "Centrum kväll", "2026-11-20", TRYGG_TIME_OF_DAY_EVENING,
                                  "Södertälje C", "Polisen, fältare", &error);
  g_assert_no_error (error);
  police = trygg_store_add_actor (fixture->store, "Polisen", "#1c71d8", &error);
  g_assert_no_error (error);
  park = trygg_store_add_actor (fixture->store, "Gata och park", "#26a269", &error);
  g_assert_no_error (error);

  /* Enough findings for several pages. */
  for (guint i = 0; i < 12; i++)
    {
      TryggFinding *finding = trygg_store_create_finding (fixture->store, trygg_walk_get_id (walk),
                                                          59.1917 + i * 0.0004, 17.6278 + i * 0.0006, &error);
      g_autofree char *title = g_strdup_printf ("Mörk passage %u", i + 1);
      g_autofree char *measure = g_strdup_printf ("Byt armatur nummer %u", i + 1);
      TryggActor *actor = i % 3 == 0 ? police : park;
      g_autoptr(TryggActionItem) item = NULL;
      g_autoptr(TryggPhoto) added = NULL;

      g_assert_no_error (error);
      g_assert_true (trygg_store_set_title (fixture->store, finding, title, &error));
      g_assert_true (trygg_store_set_description (fixture->store, finding,
                                                  "Belysningen är trasig och buskarna skymmer sikten.", &error));
      g_assert_true (trygg_store_set_actor (fixture->store, finding, trygg_actor_get_id (actor), &error));
      item = trygg_store_add_measure (fixture->store, finding, measure, trygg_actor_get_id (actor), "2026-12-01",
                                      &error);
      g_assert_no_error (error);
      if (i % 2 == 0)
        {
          added = trygg_store_add_photo (fixture->store, finding, photo, TRYGG_PHOTO_KIND_BEFORE, &error);
          g_assert_no_error (error);
        }
    }
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_clear_object (&fixture->store);
  listing = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);

      if (g_getenv ("TRYGG_KEEP_REPORTS") == NULL)
        g_remove (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static void
print_to (Fixture    *fixture,
          const char *actor,
          const char *path)
{
  g_autoptr(TryggPrintOperation) operation = trygg_print_operation_new (fixture->db_path, NULL);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  trygg_print_operation_set_actor (operation, actor);
  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), path);
  result = gtk_print_operation_run (GTK_PRINT_OPERATION (operation), GTK_PRINT_OPERATION_ACTION_EXPORT, NULL,
                                    &error);
  g_assert_no_error (error);
  g_assert_null (trygg_print_operation_get_failure (operation));
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_cmpfloat (trygg_print_operation_get_fraction (operation), ==, 1.0);
}

static void
export_to (Fixture    *fixture,
           const char *actor,
           const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (trygg_report_export_file (trygg_store_get_database (fixture->store), path, NULL, actor, NULL,
                                           NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_print_matches_pdf (void)
{
  Fixture fixture = { 0 };
  g_autofree char *printed = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *printed_text = NULL;
  g_autofree char *exported_text = NULL;
  g_autofree char *info = NULL;

  fixture_set_up (&fixture);
  printed = g_build_filename (fixture.dir, "printed.pdf", NULL);
  exported = g_build_filename (fixture.dir, "exported.pdf", NULL);
  print_to (&fixture, NULL, printed);
  export_to (&fixture, NULL, exported);

  g_assert_cmpint (page_count (printed), >, 3);
  g_assert_cmpint (page_count (printed), ==, page_count (exported));
  info = run ((const char * const[]) { "pdfinfo", printed, NULL });
  g_assert_nonnull (strstr (info, "(A4)"));

  /* The same words on the same pages: real text, every title and measure,
   * page numbers that know the total. */
  printed_text = pdf_text (printed);
  exported_text = pdf_text (exported);
  g_assert_cmpstr (printed_text, ==, exported_text);
  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *title = g_strdup_printf ("Mörk passage %u ", i);
      g_autofree char *measure = g_strdup_printf ("Byt armatur nummer %u ", i);

      g_assert_nonnull (strstr (printed_text, title));
      g_assert_nonnull (strstr (printed_text, measure));
    }
  {
    g_autofree char *last = g_strdup_printf ("Page %d of %d ", page_count (printed), page_count (printed));

    g_assert_nonnull (strstr (printed_text, last));
  }

  fixture_tear_down (&fixture);
}

/* A handout prints only that actor's findings, as its PDF does. */
static void
test_print_handout (void)
{
  Fixture fixture = { 0 };
  g_autofree char *printed = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *text = NULL;

  fixture_set_up (&fixture);
  printed = g_build_filename (fixture.dir, "handout.pdf", NULL);
  exported = g_build_filename (fixture.dir, "handout-export.pdf", NULL);
  print_to (&fixture, "Polisen", printed);
  export_to (&fixture, "Polisen", exported);

  g_assert_cmpint (page_count (printed), ==, page_count (exported));
  text = pdf_text (printed);
  g_assert_nonnull (strstr (text, "Mörk passage 1 "));
  g_assert_nonnull (strstr (text, "Mörk passage 4 "));
  g_assert_null (strstr (text, "Mörk passage 2 "));
  g_assert_null (strstr (text, "Byt armatur nummer 3 "));

  fixture_tear_down (&fixture);
}

/* A database that cannot be read stops printing before any page, with a
 * sentence for the user. */
static void
test_print_failure (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-report-print-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "not-a-database.trygg", NULL);
  g_autofree char *path = g_build_filename (dir, "never.pdf", NULL);
  g_autoptr(TryggPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  g_assert_true (g_file_set_contents (db_path, "This is not SQLite, just some text.", -1, NULL));
  operation = trygg_print_operation_new (db_path, NULL);
  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), path);
  result = gtk_print_operation_run (GTK_PRINT_OPERATION (operation), GTK_PRINT_OPERATION_ACTION_EXPORT, NULL,
                                    &error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_CANCEL);
  g_assert_nonnull (trygg_print_operation_get_failure (operation));
  g_assert_nonnull (strstr (trygg_print_operation_get_failure (operation)->message, "report could not be printed"));

  g_remove (path);
  g_remove (db_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return 77;
    }

  g_test_add_func ("/report-print/matches-pdf", test_print_matches_pdf);
  g_test_add_func ("/report-print/handout", test_print_handout);
  g_test_add_func ("/report-print/failure", test_print_failure);

  return g_test_run ();
}
