/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "trygg-database-private.h"
#include "trygg-report.h"
#include "trygg-report-export.h"
#include "trygg-report-private.h"
#include "trygg-store.h"

/* The reports are read back with poppler-utils (pdftotext, pdfinfo,
 * pdfimages), as a user's PDF viewer, search and screen reader would. The
 * suite runs in Swedish (LANGUAGE=sv under LC_ALL=C.UTF-8). */

#define CENTRE_LAT 59.1917
#define CENTRE_LON 17.6278

typedef struct
{
  GPtrArray *walks;
  GPtrArray *records;
  GBytes    *before;      /* a JPEG */
  GBytes    *after;       /* a PNG */
  guint      tile_calls;
  guint      photo_calls;
} Fixture;

/* ---------------------------------------------------------------- data */

static GBytes *
make_photo (int         width,
            int         height,
            const char *type,
            guint32     rgb)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;
        /* A dark lamp post on a coloured street: something to look at. */
        gboolean post = abs (x - width / 2) < width / 40 && y > height / 5;

        p[0] = post ? 30 : ((rgb >> 16) & 0xff) * (height - y / 2) / height;
        p[1] = post ? 30 : ((rgb >> 8) & 0xff) * (height - y / 2) / height;
        p[2] = post ? 30 : (rgb & 0xff) * (height - y / 2) / height;
      }

  if (g_str_equal (type, "jpeg"))
    gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, "quality", "85", NULL);
  else
    gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL);
  g_assert_no_error (error);

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

/* A map tile as an MBTiles file would give it: land, a street grid. */
static GBytes *
tile_cb (int      zoom,
         int      x,
         int      y,
         gpointer user_data)
{
  Fixture *fixture = user_data;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  fixture->tile_calls++;
  cairo_set_source_rgb (cr, 0.93, 0.92, 0.88);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 6);
  for (int i = 0; i < 4; i++)
    {
      cairo_move_to (cr, 32 + i * 64, 0);
      cairo_line_to (cr, 32 + i * 64, 256);
      cairo_move_to (cr, 0, 32 + i * 64);
      cairo_line_to (cr, 256, 32 + i * 64);
    }
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.67, 0.82, 0.62);
  cairo_rectangle (cr, 40 + (x % 3) * 20, 40 + (y % 3) * 20, 40, 40);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_cb, png);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}

static GPtrArray *
photos_cb (const char *finding_id,
           gpointer    user_data)
{
  Fixture *fixture = user_data;
  GPtrArray *photos;

  fixture->photo_calls++;
  /* Every third finding has no photo; the others a before and an after. */
  if (g_str_has_suffix (finding_id, "0") || g_str_has_suffix (finding_id, "3") ||
      g_str_has_suffix (finding_id, "6") || g_str_has_suffix (finding_id, "9"))
    return NULL;

  photos = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_report_photo_free);
  g_ptr_array_add (photos, trygg_report_photo_new (fixture->before, FALSE, "Mörkt vid cykelstället"));
  g_ptr_array_add (photos, trygg_report_photo_new (fixture->after, TRUE, NULL));
  return photos;
}

static TryggRecordAction *
action_new (const char *text,
            const char *actor,
            const char *due,
            gboolean    done,
            const char *comment)
{
  TryggRecordAction *action = trygg_record_action_new ();

  action->text = g_strdup (text);
  action->actor = g_strdup (actor);
  action->due = g_strdup (due);
  action->done = done;
  action->done_at = done ? g_strdup ("2026-10-03T09:15:00Z") : NULL;
  action->comment = g_strdup (comment);
  return action;
}

static const char * const actors[] = {
  "Polisen (kommunpolis)", "Samhällsbyggnadskontoret (gata/park)", "Fastighetsägare", "Kollektivtrafik",
};

static TryggRecord *
record_new (guint        number,
            const char  *title,
            TryggStatus  status,
            const char  *actor)
{
  TryggRecord *record = trygg_record_new ();

  record->id = g_strdup_printf ("00000000-0000-4000-8000-%012u", number);
  record->number = number;
  record->title = g_strdup (title);
  record->description = g_strdup_printf ("Iakttagelse %u: det är mörkt och buskarna skymmer sikten mot gångvägen. "
                                         "Flera deltagare kände sig otrygga här efter mörkrets inbrott.", number);
  record->category = g_strdup ("Belysning");
  record->status = status;
  record->has_status = TRUE;
  record->priority = number % 3;
  record->has_priority = TRUE;
  record->actor = g_strdup (actor);
  record->walk = g_strdup ("Södertälje C");
  record->walk_date = g_strdup ("2026-11-12");
  /* Spread over a few hundred metres around the station. */
  record->latitude = CENTRE_LAT + 0.0004 * ((int) ((number * 37) % 11) - 5);
  record->longitude = CENTRE_LON + 0.0006 * ((int) ((number * 53) % 13) - 6);
  record->observed_at = g_strdup ("2026-11-12T18:40:00Z");
  return record;
}

static void
fixture_fill (Fixture *fixture,
              guint    n_records)
{
  static const TryggStatus statuses[] = {
    TRYGG_STATUS_NEW, TRYGG_STATUS_ASSIGNED, TRYGG_STATUS_IN_PROGRESS, TRYGG_STATUS_FIXED, TRYGG_STATUS_WONT_FIX,
    TRYGG_STATUS_FIXED,
  };
  TryggReportWalk *walk = trygg_report_walk_new ();

  walk->name = g_strdup ("Södertälje C");
  walk->date = g_strdup ("2026-11-12");
  walk->time_of_day = g_strdup ("evening");
  walk->area = g_strdup ("Stationsområdet och Stadsparken");
  walk->participants = g_strdup ("Säkerhetsavdelningen, Södertälje City, Polisen, fältare, fastighetsägare");
  g_ptr_array_add (fixture->walks, walk);

  /* Added in reverse: the report sorts. */
  for (guint i = n_records; i >= 1; i--)
    {
      const char *actor = actors[i % G_N_ELEMENTS (actors)];
      g_autofree char *title = g_strdup_printf ("Plats %u vid stationen", i);
      g_autofree char *measure = g_strdup_printf ("Åtgärd %u-a: byt armatur", i);
      g_autofree char *other = g_strdup_printf ("Åtgärd %u-b: samråd med %s", i, actors[(i + 1) % G_N_ELEMENTS (actors)]);
      TryggRecord *record = record_new (i, title, statuses[i % G_N_ELEMENTS (statuses)], actor);

      /* Due before "today" (27 November 2026) and undone: overdue. */
      g_ptr_array_add (record->actions, action_new (measure, actor, i % 2 ? "2026-11-01" : "2027-02-15",
                                                    record->status == TRYGG_STATUS_FIXED, "Lampan är beställd."));
      g_ptr_array_add (record->actions, action_new (other, actors[(i + 1) % G_N_ELEMENTS (actors)], "2026-12-20",
                                                    FALSE, NULL));
      g_ptr_array_add (fixture->records, record);
    }
}

static Fixture *
fixture_new (guint n_records)
{
  Fixture *fixture = g_new0 (Fixture, 1);

  fixture->walks = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_report_walk_free);
  fixture->records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  fixture->before = make_photo (640, 480, "jpeg", 0x4060a0);
  fixture->after = make_photo (480, 640, "png", 0xe0c040);
  fixture_fill (fixture, n_records);
  return fixture;
}

static void
fixture_free (Fixture *fixture)
{
  g_ptr_array_unref (fixture->walks);
  g_ptr_array_unref (fixture->records);
  g_bytes_unref (fixture->before);
  g_bytes_unref (fixture->after);
  g_free (fixture);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static TryggReportOptions
fixture_options (Fixture *fixture)
{
  static GDateTime *today;

  if (today == NULL)
    today = g_date_time_new_local (2026, 11, 27, 12, 0, 0);

  return (TryggReportOptions) {
    .walks = fixture->walks,
    .records = fixture->records,
    .photos = photos_cb,
    .photos_data = fixture,
    .tile = tile_cb,
    .tile_data = fixture,
    .tile_min_zoom = 0,
    .tile_max_zoom = 18,
    .map_attribution = "© OpenStreetMap contributors",
    .today = today,
  };
}

/* ---------------------------------------------------------- helpers */

static char *
temp_pdf (const char *name)
{
  const char *keep = g_getenv ("TRYGG_KEEP_REPORTS");

  /* TRYGG_KEEP_REPORTS=DIR keeps the PDFs there, to look at them. */
  return g_build_filename (keep != NULL ? keep : g_get_tmp_dir (), name, NULL);
}

static void
write_report (const TryggReportOptions *options,
              const char               *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (trygg_report_write_pdf (options, G_OUTPUT_STREAM (out), NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_no_error (error);
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

static char *
pdf_text (const char *path)
{
  return run ((const char * const[]) { "pdftotext", "-enc", "UTF-8", path, "-", NULL });
}

static char *
pdf_raw_text (const char *path)
{
  return run ((const char * const[]) { "pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL });
}

static int
pdf_pages (const char *path)
{
  g_autofree char *info = run ((const char * const[]) { "pdfinfo", path, NULL });
  const char *line = strstr (info, "\nPages:");

  g_assert_nonnull (line);
  return atoi (line + strlen ("\nPages:"));
}

static char *
pdf_info (const char *path)
{
  return run ((const char * const[]) { "pdfinfo", "-isodates", path, NULL });
}

/* Rows of `pdfimages -list`: the images in the PDF, after the header. */
static GPtrArray *
pdf_images (const char *path)
{
  g_autofree char *list = run ((const char * const[]) { "pdfimages", "-list", path, NULL });
  g_auto(GStrv) lines = g_strsplit (list, "\n", -1);
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 2; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (rows, g_strdup (lines[i]));
  return rows;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* pdftotext keeps line breaks from wrapping: compare without them. */
static char *
flatten (const char *text)
{
  g_autoptr(GString) flat = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\f')
        {
          if (flat->len > 0 && flat->str[flat->len - 1] != ' ')
            g_string_append_c (flat, ' ');
        }
      else
        g_string_append_c (flat, *p);
    }
  return g_string_free (g_steal_pointer (&flat), FALSE);
}

/* -------------------------------------------------------------- tests */

/* The whole report: every finding with its measures, in Swedish, with
 * page numbers that know the total, a map picture and the photos. */
static void
test_full_report (void)
{
  g_autoptr(Fixture) fixture = fixture_new (12);
  TryggReportOptions options = fixture_options (fixture);
  g_autofree char *path = temp_pdf ("full.pdf");
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *info = NULL;
  g_autofree char *last_page = NULL;
  g_autoptr(GPtrArray) images = NULL;
  int pages;

  write_report (&options, path);
  text = pdf_text (path);
  flat = flatten (text);
  pages = pdf_pages (path);

  for (guint i = 0; i < fixture->records->len; i++)
    {
      TryggRecord *record = g_ptr_array_index (fixture->records, i);

      g_assert_nonnull (strstr (flat, record->title));
      for (guint j = 0; j < record->actions->len; j++)
        g_assert_nonnull (strstr (flat, ((TryggRecordAction *) g_ptr_array_index (record->actions, j))->text));
    }

  /* Swedish words, dates and the walk. */
  g_assert_nonnull (strstr (flat, "Åtgärdad"));
  g_assert_nonnull (strstr (flat, "Åtgärdas ej"));
  g_assert_nonnull (strstr (flat, "12 november 2026, kväll"));
  g_assert_nonnull (strstr (flat, "Senast 20 december 2026"));
  g_assert_nonnull (strstr (flat, "Klar 3 oktober 2026"));
  g_assert_nonnull (strstr (flat, "Stationsområdet och Stadsparken"));
  g_assert_nonnull (strstr (flat, "Utskriven 27 november 2026"));

  /* A cover and at least a page per two findings; not a page each. */
  g_assert_cmpint (pages, >=, 1 + 12 / 3);
  g_assert_cmpint (pages, <=, 1 + 12 + 2);
  last_page = g_strdup_printf ("Sida %d av %d", pages, pages);
  g_assert_nonnull (strstr (flat, last_page));
  g_assert_nonnull (strstr (flat, "Sida 1 av"));

  /* Findings come in number order although given in reverse. */
  g_assert_true (strstr (flat, "Nr 2 Plats 2 ") < strstr (flat, "Nr 11 Plats 11 "));

  /* Metadata. */
  info = pdf_info (path);
  g_assert_nonnull (strstr (info, "Uppföljning av trygghetsvandringen Södertälje C"));
  g_assert_nonnull (strstr (info, "Trygghetskarta"));
  g_assert_nonnull (strstr (info, "2026-11-27"));

  /* Map pictures (cover + one per finding) and the photos of 8 findings. */
  images = pdf_images (path);
  g_assert_cmpuint (images->len, >=, 1 + 12 + 8 * 2);
  g_assert_cmpuint (fixture->tile_calls, >, 0);
  /* Every picture printed sharp and at its size: maps at 200 dpi, photos
   * between 150 and 300 (pdfimages: page num type width height color comp
   * bpc enc interp object ID x-ppi y-ppi …). */
  for (guint i = 0; i < images->len; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_ptr_array_index (images, i), " ", -1);
      g_autoptr(GPtrArray) values = g_ptr_array_new ();

      for (guint j = 0; fields[j] != NULL; j++)
        if (*fields[j] != '\0')
          g_ptr_array_add (values, fields[j]);
      g_assert_cmpuint (values->len, >=, 14);
      g_assert_cmpint (atoi (g_ptr_array_index (values, 12)), >=, 150);
      g_assert_cmpint (atoi (g_ptr_array_index (values, 12)), <=, 300);
      g_assert_cmpint (atoi (g_ptr_array_index (values, 13)), >=, 150);
      g_assert_cmpint (atoi (g_ptr_array_index (values, 13)), <=, 300);
    }

  if (g_getenv ("TRYGG_KEEP_REPORTS") == NULL)
    g_remove (path);
}

/* The summary the meeting starts with. */
static void
test_summary (void)
{
  g_autoptr(Fixture) fixture = fixture_new (12);
  TryggReportOptions options = fixture_options (fixture);
  g_autofree char *path = temp_pdf ("summary.pdf");
  g_autofree char *raw = NULL;
  g_autofree char *flat = NULL;
  const char *overdue, *first_finding;

  write_report (&options, path);
  raw = pdf_raw_text (path);
  flat = flatten (raw);

  /* statuses[i % 6]: 3, 5, 9, 11 are fixed: 4 of 12 = 33 %. */
  g_assert_nonnull (strstr (flat, "12 iakttagelser, varav 4 åtgärdade (33"));
  g_assert_nonnull (strstr (flat, "Ny: 2"));
  g_assert_nonnull (strstr (flat, "Åtgärdad: 4"));
  g_assert_nonnull (strstr (flat, "Iakttagelser per ansvarig aktör"));

  /* Overdue: the odd findings' first measure (due 1 November), unless the
   * finding is fixed (then it is done). */
  overdue = strstr (flat, "Försenade åtgärder");
  first_finding = strstr (flat, "Nr 1 Plats 1 ");
  g_assert_nonnull (overdue);
  g_assert_nonnull (first_finding);
  g_assert_true (overdue < first_finding);
  {
    g_autofree char *section = g_strndup (overdue, first_finding - overdue);

    g_assert_nonnull (strstr (section, "Åtgärd 1-a"));
    g_assert_nonnull (strstr (section, "Åtgärd 7-a"));
    g_assert_null (strstr (section, "Åtgärd 3-a"));    /* fixed, so done */
    g_assert_null (strstr (section, "Åtgärd 2-a"));    /* due in February */
    g_assert_null (strstr (section, "Åtgärd 1-b"));    /* due in December */
    g_assert_nonnull (strstr (section, "1 november 2026"));
  }

  if (g_getenv ("TRYGG_KEEP_REPORTS") == NULL)
    g_remove (path);
}

/* A summary table longer than what is left of a page: its heading and
 * header row go on with its first row, and a page it goes on to starts
 * with the header again. */
static void
test_long_tables (void)
{
  g_autoptr(Fixture) fixture = fixture_new (160);
  TryggReportOptions options = fixture_options (fixture);
  g_autofree char *path = temp_pdf ("long-tables.pdf");
  guint pages_with_rows = 0;

  write_report (&options, path);
  for (int page = 1; page <= 4; page++)
    {
      g_autofree char *number = g_strdup_printf ("%d", page);
      g_autofree char *raw = run ((const char * const[]) { "pdftotext", "-raw", "-enc", "UTF-8",
                                                           "-f", number, "-l", number, path, "-", NULL });
      g_autofree char *flat = flatten (raw);
      const char *heading = strstr (flat, "Försenade åtgärder");
      const char *first_row = strstr (flat, "Åtgärd ");

      /* The findings' own pages come after the summary. */
      if (first_row == NULL || strstr (flat, "Nr 1 Plats 1 ") != NULL)
        break;
      pages_with_rows++;
      /* Each page of the table begins with its header: "Nr Åtgärd
       * Ansvarig aktör Senast". */
      g_assert_nonnull (strstr (flat, "Nr Åtgärd Ansvarig aktör Senast"));
      g_assert_true (strstr (flat, "Nr Åtgärd Ansvarig aktör Senast") < first_row);
      if (heading != NULL)
        g_assert_true (heading < first_row);
    }
  g_assert_cmpuint (pages_with_rows, >=, 2);

  if (g_getenv ("TRYGG_KEEP_REPORTS") == NULL)
    g_remove (path);
}

/* An actor's handout: only its findings and its measures. */
static void
test_handout (void)
{
  g_autoptr(Fixture) fixture = fixture_new (12);
  TryggReportOptions options = fixture_options (fixture);
  g_autofree char *path = temp_pdf ("handout.pdf");
  g_autofree char *flat = NULL;
  g_autofree char *text = NULL;

  /* Case and spacing as typed on a command line. */
  options.actor = "  polisen (KOMMUNPOLIS) ";
  write_report (&options, path);
  text = pdf_text (path);
  flat = flatten (text);

  g_assert_nonnull (strstr (flat, "Underlag för Polisen (kommunpolis)"));
  for (guint i = 0; i < fixture->records->len; i++)
    {
      TryggRecord *record = g_ptr_array_index (fixture->records, i);
      g_autofree char *heading = g_strdup_printf ("Nr %" G_GINT64_FORMAT " %s ", record->number, record->title);
      g_autofree char *own = g_strdup_printf ("Åtgärd %" G_GINT64_FORMAT "-a", record->number);
      g_autofree char *other = g_strdup_printf ("Åtgärd %" G_GINT64_FORMAT "-b", record->number);
      gboolean responsible = g_str_equal (record->actor, actors[0]);
      /* Measure b of finding n belongs to actor (n + 1) % 4. */
      gboolean owns_b = (record->number + 1) % G_N_ELEMENTS (actors) == 0;

      if (responsible)
        {
          g_assert_nonnull (strstr (flat, heading));
          g_assert_nonnull (strstr (flat, own));
          g_assert_null (strstr (flat, other));
        }
      else if (owns_b)
        {
          g_assert_nonnull (strstr (flat, heading));
          g_assert_nonnull (strstr (flat, other));
          g_assert_null (strstr (flat, own));
        }
      else
        {
          g_assert_null (strstr (flat, heading));
          g_assert_null (strstr (flat, own));
        }
    }
  /* 12 findings: 4, 8, 12 are the police's, 3, 7, 11 have a police measure. */
  g_assert_nonnull (strstr (flat, "6 iakttagelser, varav"));

  if (g_getenv ("TRYGG_KEEP_REPORTS") == NULL)
    g_remove (path);
}

/* No offline map, no network: the report still comes, promptly, with the
 * pins on a plain background and a note saying why. */
static void
test_no_tiles (void)
{
  g_autoptr(Fixture) fixture = fixture_new (6);
  TryggReportOptions options = fixture_options (fixture);
  g_autofree char *path = temp_pdf ("no-tiles.pdf");
  g_autofree char *flat = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) images = NULL;
  gint64 start = g_get_monotonic_time ();

  options.tile = NULL;
  options.photos = NULL;
  write_report (&options, path);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  text = pdf_text (path);
  flat = flatten (text);
  g_assert_nonnull (strstr (flat, "Ingen kartbild: ingen offlinekarta vald"));
  g_assert_null (strstr (flat, "OpenStreetMap"));
  g_assert_nonnull (strstr (flat, "Plats 6 vid stationen"));
  images = pdf_images (path);
  g_assert_cmpuint (images->len, ==, 0);
  g_assert_cmpuint (fixture->tile_calls, ==, 0);

  if (g_getenv ("TRYGG_KEEP_REPORTS") == NULL)
    g_remove (path);
}

/* A map file that has nothing for the area says so instead of a blank. */
static GBytes *
no_tile_cb (int      zoom,
            int      x,
            int      y,
            gpointer user_data)
{
  return NULL;
}

static void
test_missing_tiles (void)
{
  g_autoptr(Fixture) fixture = fixture_new (2);
  TryggReportOptions options = fixture_options (fixture);
  g_autofree char *path = temp_pdf ("missing-tiles.pdf");
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  options.tile = no_tile_cb;
  write_report (&options, path);
  text = pdf_text (path);
  flat = flatten (text);
  g_assert_nonnull (strstr (flat, "Ingen kartbild: kartan saknar bilder för det här området"));

  if (g_getenv ("TRYGG_KEEP_REPORTS") == NULL)
    g_remove (path);
}

/* Text typed by people: very long, with line breaks, other scripts, emoji,
 * markup characters and broken UTF-8. It must come out as typed. */
static void
test_hostile_text (void)
{
  g_autoptr(Fixture) fixture = fixture_new (3);
  TryggReportOptions options = fixture_options (fixture);
  g_autofree char *path = temp_pdf ("hostile.pdf");
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  TryggRecord *record = g_ptr_array_index (fixture->records, 0);
  TryggRecord *second = g_ptr_array_index (fixture->records, 1);
  g_autoptr(GString) long_title = g_string_new ("Lång");
  g_autoptr(GString) long_description = g_string_new (NULL);
  int pages;

  for (guint i = 0; i < 400; i++)
    g_string_append (long_title, "rubrikutanmellanslag");
  for (guint i = 0; i < 900; i++)
    g_string_append_printf (long_description, "Rad %u av en mycket lång beskrivning.\n", i);

  g_free (record->title);
  record->title = g_strdup ("<b>Fet</b> &amp; \"citat\" 'och' 🚲🌙 שלום مرحبا\nandra raden");
  g_free (record->description);
  record->description = g_string_free (g_steal_pointer (&long_description), FALSE);
  g_free (record->actor);
  record->actor = g_strdup ("Aktör\t med\r\n\x01kontrolltecken och ett väldigt långt namn som aldrig tar slut "
                            "och fortsätter och fortsätter och fortsätter och fortsätter");
  g_free (record->category);
  record->category = g_strdup ("Ogiltig \xff\xfe UTF-8");
  g_free (second->title);
  second->title = g_string_free (g_steal_pointer (&long_title), FALSE);
  g_ptr_array_add (second->actions, action_new ("<i>kursiv</i> %s %n {0}", NULL, "inte-ett-datum", FALSE,
                                                "Kommentar\n\nmed tomrader"));

  write_report (&options, path);
  text = pdf_text (path);
  flat = flatten (text);
  pages = pdf_pages (path);

  g_assert_nonnull (strstr (flat, "<b>Fet</b> &amp; \"citat\""));
  /* Hebrew comes out (emoji depend on the fonts installed, so they are
   * only required not to break anything). */
  g_assert_nonnull (strstr (flat, "ש"));
  g_assert_nonnull (strstr (flat, "andra raden"));
  g_assert_nonnull (strstr (flat, "<i>kursiv</i> %s %n {0}"));
  g_assert_nonnull (strstr (flat, "inte-ett-datum"));
  /* 900 lines of description span pages, and each line is there once. */
  g_assert_cmpuint (count_occurrences (flat, "Rad 450 av en mycket lång beskrivning."), ==, 1);
  g_assert_cmpuint (count_occurrences (flat, "Rad 899 av en mycket lång beskrivning."), ==, 1);
  g_assert_cmpint (pages, >=, 1 + 900 / 60);
  g_assert_cmpint (pages, <=, 1 + 900 / 30 + 4);

  if (g_getenv ("TRYGG_KEEP_REPORTS") == NULL)
    g_remove (path);
}

/* Big phone photos are printed at about 200 dpi, not embedded whole. */
static GPtrArray *
big_photo_cb (const char *finding_id,
              gpointer    user_data)
{
  GBytes *big = user_data;
  GPtrArray *photos = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_report_photo_free);

  g_ptr_array_add (photos, trygg_report_photo_new (big, FALSE, NULL));
  return photos;
}

static void
test_photo_downscaled (void)
{
  g_autoptr(Fixture) fixture = fixture_new (1);
  g_autoptr(GBytes) big = make_photo (4000, 3000, "jpeg", 0x808080);
  g_autoptr(GBytes) big_png = make_photo (3000, 2000, "png", 0x808080);
  TryggReportOptions options = fixture_options (fixture);
  g_autofree char *path = temp_pdf ("photo.pdf");
  g_autoptr(GPtrArray) images = NULL;
  GStatBuf st;

  options.tile = NULL;
  options.photos = big_photo_cb;
  for (guint round = 0; round < 2; round++)
    {
      options.photos_data = round == 0 ? big : big_png;
      write_report (&options, path);
      images = pdf_images (path);
      g_assert_cmpuint (images->len, ==, 1);
      {
        g_auto(GStrv) fields = g_strsplit_set (g_ptr_array_index (images, 0), " ", -1);
        g_autoptr(GPtrArray) values = g_ptr_array_new ();
        int width;

        for (guint i = 0; fields[i] != NULL; i++)
          if (*fields[i] != '\0')
            g_ptr_array_add (values, fields[i]);
        /* page num type width height … */
        width = atoi (g_ptr_array_index (values, 3));
        g_assert_cmpint (width, >=, 300);
        g_assert_cmpint (width, <=, 1000);
        /* JPEG in the PDF (DCT), not raw pixels. */
        g_assert_cmpstr (g_ptr_array_index (values, 8), ==, "jpeg");
      }
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_size, <, 400 * 1024);
      g_clear_pointer (&images, g_ptr_array_unref);
    }

  if (g_getenv ("TRYGG_KEEP_REPORTS") == NULL)
    g_remove (path);
}

/* A photo that is already about the printed size goes in untouched: no
 * second JPEG generation, and nothing to decode. */
static void
test_photo_as_is (void)
{
  g_autoptr(Fixture) fixture = fixture_new (1);
  TryggReportOptions options = fixture_options (fixture);
  g_autofree char *path = temp_pdf ("as-is.pdf");
  g_autofree char *prefix = g_build_filename (g_get_tmp_dir (), "as-is-image", NULL);
  g_autofree char *extracted = g_strconcat (prefix, "-000.jpg", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  options.tile = NULL;
  options.photos = big_photo_cb;
  options.photos_data = fixture->before;   /* 640×480, printed 57 mm wide */
  write_report (&options, path);
  g_free (run ((const char * const[]) { "pdfimages", "-j", path, prefix, NULL }));

  g_file_get_contents (extracted, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (fixture->before, NULL), g_bytes_get_size (fixture->before));

  g_remove (extracted);
  g_remove (path);
}

static void
jpeg_size (GBytes *bytes,
           int    *width,
           int    *height)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, bytes, NULL));
  g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
  *width = gdk_pixbuf_get_width (gdk_pixbuf_loader_get_pixbuf (loader));
  *height = gdk_pixbuf_get_height (gdk_pixbuf_loader_get_pixbuf (loader));
}

static TryggPrintPhoto *
only_print_photo (TryggDatabase *db,
                  TryggFinding  *finding,
                  GPtrArray    **out_photos)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (out_photos, g_ptr_array_unref);
  *out_photos = trygg_database_get_print_photos (db, trygg_finding_get_id (finding), &error);
  g_assert_no_error (error);
  g_assert_cmpuint ((*out_photos)->len, ==, 1);
  return g_ptr_array_index (*out_photos, 0);
}

/* A photo added through the store keeps a print-sized copy, and the report
 * prints that copy as it is. A photo of an older database (no copy) gets
 * one from its first report, which the next report then uses. */
static void
test_print_copies (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-report-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "walks.trygg", NULL);
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *prefix = g_build_filename (dir, "image", NULL);
  g_autofree char *extracted = g_strconcat (prefix, "-000.jpg", NULL);
  g_autoptr(GBytes) big = make_photo (4000, 3000, "jpeg", 0x4060a0);
  g_autoptr(TryggStore) store = NULL;
  g_autoptr(TryggPhoto) photo = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  TryggDatabase *db;
  TryggPrintPhoto *print;
  TryggFinding *finding;
  TryggWalk *walk;
  gsize length;
  int width, height;

  store = trygg_store_new (db_path, &error);
  g_assert_no_error (error);
  db = trygg_store_get_database (store);
  walk = trygg_store_create_walk (store, "Centrum kväll", "2026-11-20", TRYGG_TIME_OF_DAY_EVENING,
                                  "Södertälje C", "", &error);
  g_assert_no_error (error);
  finding = trygg_store_create_finding (store, trygg_walk_get_id (walk), CENTRE_LAT, CENTRE_LON, &error);
  g_assert_no_error (error);
  photo = trygg_store_add_photo (store, finding, big, TRYGG_PHOTO_KIND_BEFORE, &error);
  g_assert_no_error (error);

  /* Added: the copy is there, print-sized, and the original is kept whole. */
  g_assert_true (g_bytes_equal (trygg_photo_get_bytes (photo), big));
  print = only_print_photo (db, finding, &photos);
  g_assert_false (print->needs_print_copy);
  jpeg_size (print->bytes, &width, &height);
  g_assert_cmpint (width, ==, TRYGG_PHOTO_PRINT_WIDTH);
  g_assert_cmpint (height, ==, TRYGG_PHOTO_PRINT_HEIGHT);

  /* The report embeds the stored copy byte for byte. */
  g_assert_true (trygg_report_export_file (db, path, NULL, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_free (run ((const char * const[]) { "pdfimages", "-j", path, prefix, NULL }));
  g_file_get_contents (extracted, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (print->bytes, NULL), g_bytes_get_size (print->bytes));
  g_remove (extracted);
  g_clear_pointer (&contents, g_free);

  /* As a database from before print copies holds it. */
  g_assert_true (trygg_database_exec (db, "DELETE FROM photo_print", &error));
  g_assert_no_error (error);
  print = only_print_photo (db, finding, &photos);
  g_assert_true (print->needs_print_copy);
  g_assert_true (g_bytes_equal (print->bytes, big));

  /* Its first report makes and keeps the copy; the next embeds it. */
  g_assert_true (trygg_report_export_file (db, path, NULL, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  print = only_print_photo (db, finding, &photos);
  g_assert_false (print->needs_print_copy);
  g_assert_cmpuint (g_bytes_get_size (print->bytes), <, g_bytes_get_size (big) / 4);
  jpeg_size (print->bytes, &width, &height);
  /* The report's own size (libjpeg's nearest 1/8 step): small enough to
   * embed as it is. */
  g_assert_cmpint (width, <=, TRYGG_PHOTO_PRINT_WIDTH * 8 / 5);
  g_assert_cmpint (width, >=, 300);
  g_assert_true (trygg_report_export_file (db, path, NULL, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_free (run ((const char * const[]) { "pdfimages", "-j", path, prefix, NULL }));
  g_file_get_contents (extracted, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (print->bytes, NULL), g_bytes_get_size (print->bytes));
  g_remove (extracted);

  /* Removing the photo removes its copy. */
  g_assert_true (trygg_store_remove_photo (store, photo, &error));
  g_assert_no_error (error);
  g_assert_true (trygg_database_exec (db, "DELETE FROM photo", &error));
  g_assert_true (trygg_database_set_photo_print_copy (db, print->id, print->bytes, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) none = trygg_database_get_print_photos (db, trygg_finding_get_id (finding), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }

  g_clear_object (&store);
  g_remove (path);
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);
        g_remove (file);
      }
  }
  g_rmdir (dir);
}

/* The Swedish dates are ours, not the C library's. */
static void
test_dates (void)
{
  g_autofree char *date = trygg_report_format_date ("2026-11-27");
  g_autofree char *may = trygg_report_format_date ("2027-05-01");
  g_autofree char *bad = trygg_report_format_date ("2026-02-30");
  g_autofree char *stamp = trygg_report_format_timestamp ("2026-12-31T23:30:00Z");

  g_assert_cmpstr (date, ==, "27 november 2026");
  g_assert_cmpstr (may, ==, "1 maj 2027");
  g_assert_cmpstr (bad, ==, "2026-02-30");
  g_assert_nonnull (stamp);
  g_assert_null (trygg_report_format_date (NULL));
  g_assert_cmpstr (trygg_report_time_of_day_label ("day"), ==, "dag");
  g_assert_cmpstr (trygg_report_time_of_day_label ("evening"), ==, "kväll");
}

/* The report prints the statuses in the colours the map shows them in. */
static void
test_palette (void)
{
  static const guint32 expected[] = { 0xc01c28, 0xc64600, 0x1a5fb4, 0x26a269, 0x77767b };

  for (guint i = 0; i < TRYGG_N_STATUSES; i++)
    {
      double rgb[3];
      guint32 got;

      trygg_report_status_colour (i, rgb);
      got = (guint32) (rgb[0] * 255 + 0.5) << 16 | (guint32) (rgb[1] * 255 + 0.5) << 8 | (guint32) (rgb[2] * 255 + 0.5);
      g_assert_cmphex (got, ==, expected[i]);
    }
}

/* Draws the map of two pins, one new and one fixed, 1 pt = 1 px (the
 * picture is sized for 200 dpi but drawn scaled), with @routes under them;
 * @points gets each pin's point: its lowest pixel of its colour. */
static cairo_surface_t *
draw_two_pins (GPtrArray *routes,
               int        points[2][2])
{
  TryggReportMapSource source = { 0 };
  const TryggReportPin pins[] = {
    { CENTRE_LAT, CENTRE_LON, 1, TRYGG_STATUS_NEW },
    { CENTRE_LAT + 0.002, CENTRE_LON + 0.004, 2, TRYGG_STATUS_FIXED },
  };
  static const guint32 colours[] = { 0xc01c28, 0x26a269 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 200);
  cairo_t *cr = cairo_create (surface);
  PangoContext *context = pango_cairo_create_context (cr);
  TryggReportFlow flow = { 0 };
  guint8 *data;
  int stride;

  pango_cairo_context_set_resolution (context, 72);
  flow.cr = cr;
  flow.pango = context;
  trygg_report_map_draw (&flow, &source, routes, pins, G_N_ELEMENTS (pins), 0, 0, 300, 200, 8);
  trygg_report_flow_finish (&flow);
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  for (guint p = 0; p < 2; p++)
    points[p][0] = points[p][1] = -1;
  for (int y = 0; y < 200; y++)
    for (int x = 0; x < 300; x++)
      for (guint p = 0; p < 2; p++)
        if ((*(guint32 *) (gpointer) (data + y * stride + x * 4) & 0xffffff) == colours[p] &&
            y > points[p][1])
          {
            points[p][0] = x;
            points[p][1] = y;
          }
  return surface;
}

/* The two pins must be apart as their places are: the second is east
 * (right) and north (up), and both fit inside the box with their heads. */
static void
test_pin_point (void)
{
  int points[2][2];
  cairo_surface_t *surface = draw_two_pins (NULL, points);

  g_assert_cmpint (points[0][1], >, 0);
  g_assert_cmpint (points[1][1], >, 0);
  g_assert_cmpint (points[1][0], >, points[0][0] + 20);
  g_assert_cmpint (points[1][1], <, points[0][1] - 20);
  g_assert_cmpint (points[0][1], <, 200);
  cairo_surface_destroy (surface);
}

/* The walked route goes under the pins, through the places it passes. */
static void
test_route (void)
{
  g_autoptr(TryggRoute) route = trygg_route_new ();
  g_autoptr(GPtrArray) routes = g_ptr_array_new ();
  TryggRoutePoint ends[] = { { CENTRE_LAT, CENTRE_LON }, { CENTRE_LAT + 0.002, CENTRE_LON + 0.004 } };
  cairo_surface_t *surface;
  int points[2][2];
  guint purple = 0;
  guint8 *data;
  int stride;

  g_array_append_vals (route->points, ends, G_N_ELEMENTS (ends));
  g_ptr_array_add (routes, route);
  surface = draw_two_pins (routes, points);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  g_assert_cmpint (points[0][1], >, 0);
  g_assert_cmpint (points[1][1], >, 0);

  /* Halfway between them, away from both heads, the line is purple. */
  for (int dy = -2; dy <= 2; dy++)
    for (int dx = -2; dx <= 2; dx++)
      {
        int x = (points[0][0] + points[1][0]) / 2 + dx, y = (points[0][1] + points[1][1]) / 2 + dy;
        guint32 pixel = *(guint32 *) (gpointer) (data + y * stride + x * 4);
        int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

        if (b > g + 40 && r > g + 20)
          purple++;
      }
  g_assert_cmpuint (purple, >, 0);
  cairo_surface_destroy (surface);
}

typedef struct
{
  GMainLoop *loop;
  GArray    *fractions;
  GError    *error;
  gboolean   ok;
} AsyncState;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  AsyncState *state = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_array_append_val (state->fractions, fraction);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = trygg_report_write_pdf_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

/* In a thread, with progress in the main loop; and it can be cancelled. */
static void
test_async (void)
{
  g_autoptr(Fixture) fixture = fixture_new (8);
  TryggReportOptions options = fixture_options (fixture);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out2 = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState state = { g_main_loop_new (NULL, FALSE), g_array_new (FALSE, FALSE, sizeof (double)), NULL, FALSE };
  const char *data;

  trygg_report_write_pdf_async (&options, out, NULL, progress_cb, &state, written_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpuint (state.fractions->len, >, 0);
  for (guint i = 1; i < state.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (state.fractions, double, i), >=, g_array_index (state.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (state.fractions, double, state.fractions->len - 1), ==, 1.0);
  data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpmem (data, 5, "%PDF-", 5);

  g_cancellable_cancel (cancellable);
  trygg_report_write_pdf_async (&options, out2, cancellable, NULL, NULL, written_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_false (state.ok);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_error (&state.error);
  g_array_unref (state.fractions);
  g_main_loop_unref (state.loop);
}

/* A full disk is reported in words, not as a crash or a silent success. */
static void
test_write_error (void)
{
  g_autoptr(Fixture) fixture = fixture_new (2);
  TryggReportOptions options = fixture_options (fixture);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new (g_malloc (1000), 1000, NULL, g_free);
  g_autoptr(GError) error = NULL;

  g_assert_false (trygg_report_write_pdf (&options, out, NULL, NULL, NULL, &error));
  g_assert_error (error, TRYGG_REPORT_ERROR, TRYGG_REPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "Rapporten kunde inte skrivas"));
}

/* An empty database still gives a report that says so. */
static void
test_empty (void)
{
  g_autoptr(Fixture) fixture = fixture_new (0);
  TryggReportOptions options = fixture_options (fixture);
  g_autofree char *path = temp_pdf ("empty.pdf");
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  write_report (&options, path);
  text = pdf_text (path);
  flat = flatten (text);
  g_assert_cmpint (pdf_pages (path), ==, 1);
  g_assert_nonnull (strstr (flat, "0 iakttagelser, varav 0 åtgärdade"));
  g_assert_nonnull (strstr (flat, "Sida 1 av 1"));

  if (g_getenv ("TRYGG_KEEP_REPORTS") == NULL)
    g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("TRYGG_LOCALEDIR");

  g_setenv ("LANGUAGE", "sv", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/report/full", test_full_report);
  g_test_add_func ("/report/summary", test_summary);
  g_test_add_func ("/report/long-tables", test_long_tables);
  g_test_add_func ("/report/handout", test_handout);
  g_test_add_func ("/report/no-tiles", test_no_tiles);
  g_test_add_func ("/report/missing-tiles", test_missing_tiles);
  g_test_add_func ("/report/hostile-text", test_hostile_text);
  g_test_add_func ("/report/photo-downscaled", test_photo_downscaled);
  g_test_add_func ("/report/photo-as-is", test_photo_as_is);
  g_test_add_func ("/report/dates", test_dates);
  g_test_add_func ("/report/palette", test_palette);
  g_test_add_func ("/report/pin-point", test_pin_point);
  g_test_add_func ("/report/route", test_route);
  g_test_add_func ("/report/print-copies", test_print_copies);
  g_test_add_func ("/report/async", test_async);
  g_test_add_func ("/report/write-error", test_write_error);
  g_test_add_func ("/report/empty", test_empty);

  return g_test_run ();
}
