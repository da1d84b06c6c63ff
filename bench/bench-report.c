/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "trygg-database.h"
#include "trygg-report.h"
#include "trygg-store.h"

/* The PDF report of a big follow-up: N findings, two phone-sized photos
 * each (1600×1200 JPEG), map tiles for every map. Each size runs in a child
 * process so that its peak RSS (VmHWM) is its own; memory must not grow
 * with the number of findings, because pages are streamed and photos are
 * decoded one finding at a time.
 *
 * The photos are what the app stores: the photo is added to a finding
 * through the store, exactly as the window does, and the report reads it
 * back as the export does (the print-sized copy kept beside the original).
 * A second figure is the first report of a database whose photos predate
 * those copies: every photo decoded and encoded again, and the copies
 * handed back to be kept. */

#define PHOTO_WIDTH  1600
#define PHOTO_HEIGHT 1200

typedef struct
{
  GBytes   *photo;            /* as the report reads it */
  gboolean  needs_print_copy;
  GBytes   *tile;
  guint     copies_made;
} Source;

static GBytes *
make_photo (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, PHOTO_WIDTH, PHOTO_HEIGHT);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  GRand *rand = g_rand_new_with_seed (42);
  char *buffer = NULL;
  gsize size = 0;

  /* Smooth shapes with grain, so that it compresses like a photo (a few
   * hundred kilobytes), not like a flat test card. */
  for (int y = 0; y < PHOTO_HEIGHT; y++)
    for (int x = 0; x < PHOTO_WIDTH; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;
        int grain = g_rand_int_range (rand, -10, 10);

        p[0] = CLAMP (90 + (x * 120) / PHOTO_WIDTH + ((x / 40 + y / 60) % 2) * 30 + grain, 0, 255);
        p[1] = CLAMP (70 + (y * 100) / PHOTO_HEIGHT + ((x / 90) % 3) * 20 + grain, 0, 255);
        p[2] = CLAMP (60 + ((x + y) % 200) / 2 + grain, 0, 255);
      }
  g_rand_free (rand);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", NULL, "quality", "88", NULL))
    g_error ("could not make the test photo");

  return g_bytes_new_take (buffer, size);
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_tile (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.93, 0.92, 0.88);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 7);
  for (int i = 0; i < 5; i++)
    {
      cairo_move_to (cr, 20 + i * 53, 0);
      cairo_line_to (cr, 40 + i * 45, 256);
      cairo_move_to (cr, 0, 30 + i * 50);
      cairo_line_to (cr, 256, 10 + i * 55);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_cb, png);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}

/* An MBTiles read returns a fresh blob each time: copy, as SQLite would. */
static GBytes *
tile_cb (int      zoom,
         int      x,
         int      y,
         gpointer user_data)
{
  Source *source = user_data;
  gsize size;
  const void *data = g_bytes_get_data (source->tile, &size);

  return g_bytes_new (data, size);
}

static GPtrArray *
photos_cb (const char *finding_id,
           gpointer    user_data)
{
  Source *source = user_data;
  GPtrArray *photos = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_report_photo_free);
  gsize size;
  const void *data = g_bytes_get_data (source->photo, &size);

  /* Fresh copies, as read from the database. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GBytes) copy = g_bytes_new (data, size);

      TryggReportPhoto *photo = trygg_report_photo_new (copy, i == 1, i == 1 ? "Efter åtgärd" : "Före");

      photo->id = g_strdup_printf ("%s-%u", finding_id, i);
      photo->needs_print_copy = source->needs_print_copy;
      g_ptr_array_add (photos, photo);
    }
  return photos;
}

/* What the export does with a copy: a small write to the database. Here it
 * is copied, as SQLite would. */
static void
print_copy_cb (const char *photo_id,
               GBytes     *print_copy,
               gpointer    user_data)
{
  Source *source = user_data;
  g_autoptr(GBytes) kept = print_copy != NULL ? g_bytes_new (g_bytes_get_data (print_copy, NULL),
                                                              g_bytes_get_size (print_copy)) : NULL;

  source->copies_made++;
}

/* Adds @original to a finding in a new database through the store, as the
 * window does, and reads it back as the report's export does. */
static GBytes *
stored_photo (GBytes   *original,
              gboolean *needs_print_copy)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "walks.trygg", NULL);
  g_autoptr(TryggStore) store = NULL;
  TryggWalk *walk;
  g_autoptr(TryggPhoto) photo = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GError) error = NULL;
  TryggPrintPhoto *stored;
  TryggFinding *finding;
  GBytes *bytes;

  store = trygg_store_new (path, &error);
  g_assert_no_error (error);
  walk = trygg_store_create_walk (store, "Södertälje C", "2026-11-12", TRYGG_TIME_OF_DAY_EVENING,
                                  "", "", &error);
  g_assert_no_error (error);
  finding = trygg_store_create_finding (store, trygg_walk_get_id (walk), 59.1917, 17.6278, &error);
  g_assert_no_error (error);
  photo = trygg_store_add_photo (store, finding, original, TRYGG_PHOTO_KIND_BEFORE, &error);
  g_assert_no_error (error);
  photos = trygg_database_get_print_photos (trygg_store_get_database (store), trygg_finding_get_id (finding),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 1);
  stored = g_ptr_array_index (photos, 0);
  *needs_print_copy = stored->needs_print_copy;
  bytes = g_bytes_ref (stored->bytes);

  g_clear_object (&store);
  g_remove (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);

  return bytes;
}

static GPtrArray *
make_records (guint n)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  GRand *rand = g_rand_new_with_seed (7);
  double latitude = 59.1917, longitude = 17.6278;

  for (guint i = 1; i <= n; i++)
    {
      TryggRecord *record = trygg_record_new ();

      record->id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
      record->number = i;
      record->title = g_strdup_printf ("Mörk passage vid hållplats %u", i);
      record->description = g_strdup ("Belysningen är trasig och buskarna skymmer sikten. Flera deltagare "
                                      "kände sig otrygga här efter mörkrets inbrott, särskilt vid gångtunneln.");
      record->category = g_strdup ("Belysning");
      record->status = i % 5;
      record->actor = g_strdup (i % 3 ? "Samhällsbyggnadskontoret (gata/park)" : "Polisen (kommunpolis)");
      record->walk = g_strdup ("Södertälje C");
      record->walk_date = g_strdup ("2026-11-12");
      /* Findings are numbered along the walk: each a few tens of metres
       * from the one before, wandering over a few kilometres. */
      latitude += g_rand_double_range (rand, -0.0006, 0.0006);
      longitude += g_rand_double_range (rand, -0.0010, 0.0010);
      latitude = CLAMP (latitude, 59.17, 59.21);
      longitude = CLAMP (longitude, 17.59, 17.67);
      record->latitude = latitude;
      record->longitude = longitude;
      for (guint j = 0; j < 2; j++)
        {
          TryggRecordAction *action = trygg_record_action_new ();

          action->text = g_strdup (j == 0 ? "Byt armatur och beskär buskarna" : "Följ upp med fastighetsägaren");
          action->actor = g_strdup (record->actor);
          action->due = g_strdup (j == 0 ? "2026-10-01" : "2027-03-01");
          action->done = (i + j) % 4 == 0;
          g_ptr_array_add (record->actions, action);
        }
      g_ptr_array_add (records, record);
    }
  g_rand_free (rand);

  return records;
}

static long
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? atol (line + strlen ("VmHWM:")) : -1;
}

/* In the child: write one report, print "seconds rss_kib size_bytes".
 * @stored: the photos as the app stores them now, else as an older
 * database holds them (originals only). */
static int
run_child (guint    n,
           gboolean stored)
{
  Source source = { make_photo (), FALSE, make_tile (), 0 };
  g_autoptr(GPtrArray) records = make_records (n);
  g_autoptr(GPtrArray) walks = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_report_walk_free);
  TryggReportWalk *walk = trygg_report_walk_new ();
  g_autoptr(GDateTime) today = g_date_time_new_local (2026, 11, 27, 12, 0, 0);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "bench-report-XXXXXX.pdf", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  TryggReportOptions options;
  GStatBuf st;
  gint64 start;
  double seconds;
  int fd;

  walk->name = g_strdup ("Södertälje C");
  walk->date = g_strdup ("2026-11-12");
  walk->time_of_day = g_strdup ("evening");
  g_ptr_array_add (walks, walk);

  if (stored)
    {
      GBytes *original = source.photo;

      source.photo = stored_photo (original, &source.needs_print_copy);
      g_bytes_unref (original);
    }
  else
    source.needs_print_copy = TRUE;

  options = (TryggReportOptions) {
    .walks = walks, .records = records,
    .photos = photos_cb, .photos_data = &source,
    .print_copy = print_copy_cb, .print_copy_data = &source,
    .tile = tile_cb, .tile_data = &source, .tile_min_zoom = 0, .tile_max_zoom = 18,
    .map_attribution = "© OpenStreetMap contributors",
    .today = today,
  };

  fd = g_mkstemp (path);
  close (fd);
  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  if (!trygg_report_write_pdf (&options, G_OUTPUT_STREAM (out), NULL, NULL, NULL, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error))
    g_error ("report failed: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  g_stat (path, &st);
  g_remove (path);
  /* Every photo of an older database gets its copy; none of a new one. */
  g_assert_cmpuint (source.copies_made, ==, source.needs_print_copy ? 2 * n : 0);
  printf ("%f %ld %ld\n", seconds, peak_rss_kib (), (long) st.st_size);

  g_bytes_unref (source.photo);
  g_bytes_unref (source.tile);
  return 0;
}

static gboolean
run_size (const char *self,
          guint       n,
          gboolean    stored,
          double     *seconds,
          long       *rss_kib,
          long       *size)
{
  g_autofree char *count = g_strdup_printf ("%u", n);
  const char *argv[] = { self, stored ? "--child" : "--child-originals", count, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-report: %s\n", error->message);
      return FALSE;
    }
  return sscanf (out, "%lf %ld %ld", seconds, rss_kib, size) == 3;
}

int
main (int   argc,
      char *argv[])
{
  gboolean quick = argc > 1 && g_str_equal (argv[1], "--quick");
  guint big = quick ? 100 : 1000;
  guint small = big / 4;
  double goal_seconds = 5.0 * big / 1000;
  double t_small, t_big, t_first;
  long rss_small, rss_big, size_small, size_big, rss_first, size_first;
  double ratio;

  if (argc > 2 && g_str_equal (argv[1], "--child"))
    return run_child (atoi (argv[2]), TRUE);
  if (argc > 2 && g_str_equal (argv[1], "--child-originals"))
    return run_child (atoi (argv[2]), FALSE);

  if (!run_size (argv[0], small, TRUE, &t_small, &rss_small, &size_small) ||
      !run_size (argv[0], big, TRUE, &t_big, &rss_big, &size_big) ||
      !run_size (argv[0], small, FALSE, &t_first, &rss_first, &size_first))
    return 1;

  ratio = (double) rss_big / rss_small;
  printf ("| report: PDF of %u findings, 2 photos (%d×%d JPEG) each | %.2f s | ≤ %.1f s | %u findings: %.2f s | %s |\n",
          big, PHOTO_WIDTH, PHOTO_HEIGHT, t_big, goal_seconds, small, t_small, t_big <= goal_seconds ? "yes" : "no");
  printf ("| report: peak RSS (VmHWM) writing %u findings | %.1f MiB (×%.2f) | ≤ ×1.2 of %u findings | %.1f MiB | %s |\n",
          big, rss_big / 1024.0, ratio, small, rss_small / 1024.0, ratio <= 1.2 ? "yes" : "no");
  printf ("| report: PDF size for %u findings | %.1f MiB | — | %u findings: %.1f MiB | — |\n",
          big, size_big / 1048576.0, small, size_small / 1048576.0);
  printf ("| report: first report of %u findings whose photos predate print copies (makes and keeps them) "
          "| %.2f s | — | same %u with copies: %.2f s | — |\n",
          small, t_first, small, t_small);

  return 0;
}
