/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "trygg-report-private.h"

/* The report is laid out twice: a first pass only measures (on a PDF
 * surface that throws its bytes away, so that fonts measure exactly as in
 * the real one) to count the pages; the second draws and streams each page
 * to the output as soon as it is complete. Only one finding's data and
 * photos are alive at any time. */

#define MARGIN_SIDE   48.0
#define MARGIN_TOP    48.0
#define MARGIN_BOTTOM 58.0

/* Share of the progress bar spent on the measuring pass. */
#define MEASURE_SHARE 0.05

G_DEFINE_QUARK (trygg-report-error-quark, trygg_report_error)

TryggReportWalk *
trygg_report_walk_new (void)
{
  return g_new0 (TryggReportWalk, 1);
}

void
trygg_report_walk_free (TryggReportWalk *walk)
{
  if (walk == NULL)
    return;

  g_free (walk->name);
  g_free (walk->date);
  g_free (walk->time_of_day);
  g_free (walk->area);
  g_free (walk->participants);
  g_clear_pointer (&walk->route, trygg_route_free);
  g_free (walk);
}

TryggReportPhoto *
trygg_report_photo_new (GBytes     *bytes,
                        gboolean    after,
                        const char *caption)
{
  TryggReportPhoto *photo = g_new0 (TryggReportPhoto, 1);

  photo->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  photo->after = after;
  photo->caption = g_strdup (caption);

  return photo;
}

void
trygg_report_photo_free (TryggReportPhoto *photo)
{
  if (photo == NULL)
    return;

  g_clear_pointer (&photo->bytes, g_bytes_unref);
  g_free (photo->caption);
  g_free (photo->id);
  g_free (photo);
}

static char *
actor_key (const char *name)
{
  g_autofree char *stripped = NULL;
  g_autofree char *normal = NULL;

  if (name == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    return NULL;
  normal = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL_COMPOSE);
  return normal != NULL ? g_utf8_casefold (normal, -1) : NULL;
}

static gboolean
is_actor (TryggReport *report,
          const char  *name)
{
  g_autofree char *key = actor_key (name);

  return key != NULL && g_strcmp0 (key, report->actor_key) == 0;
}

/* In a handout, a measure is the actor's when it names the actor, or names
 * nobody and the finding is the actor's. */
gboolean
trygg_report_action_is_shown (TryggReport       *report,
                              TryggRecord       *record,
                              TryggRecordAction *action)
{
  g_autofree char *key = NULL;

  if (report->actor_key == NULL)
    return TRUE;

  key = actor_key (action->actor);
  if (key == NULL)
    return is_actor (report, record->actor);
  return g_strcmp0 (key, report->actor_key) == 0;
}

gboolean
trygg_report_action_is_overdue (TryggReport       *report,
                                TryggRecordAction *action)
{
  int year, month, day;
  char tail;

  if (action->done || action->due == NULL)
    return FALSE;
  if (sscanf (action->due, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  /* Both are YYYY-MM-DD: comparing the strings compares the dates. */
  return strncmp (action->due, report->today_iso, 10) < 0;
}

/* The handout names the actor as the database spells it, not as typed
 * after --actor. */
static char *
actor_name (TryggReport              *report,
            const TryggReportOptions *options)
{
  for (guint i = 0; options->records != NULL && i < options->records->len; i++)
    {
      TryggRecord *record = g_ptr_array_index (options->records, i);

      if (is_actor (report, record->actor))
        return g_strdup (record->actor);
      for (guint j = 0; record->actions != NULL && j < record->actions->len; j++)
        {
          TryggRecordAction *action = g_ptr_array_index (record->actions, j);

          if (is_actor (report, action->actor))
            return g_strdup (action->actor);
        }
    }
  return g_strstrip (g_strdup (options->actor));
}

static gboolean
record_is_shown (TryggReport *report,
                 TryggRecord *record)
{
  if (report->actor_key == NULL)
    return TRUE;
  if (is_actor (report, record->actor))
    return TRUE;
  for (guint i = 0; record->actions != NULL && i < record->actions->len; i++)
    {
      TryggRecordAction *action = g_ptr_array_index (record->actions, i);
      g_autofree char *key = actor_key (action->actor);

      if (key != NULL && g_strcmp0 (key, report->actor_key) == 0)
        return TRUE;
    }
  return FALSE;
}

/* "Walk name, 27 november 2026" for a finding, or NULL. */
char *
trygg_report_walk_line (TryggRecord *record)
{
  g_autofree char *date = trygg_report_format_date (record->walk_date);

  if (record->walk == NULL && date == NULL)
    return NULL;
  if (record->walk == NULL)
    return g_steal_pointer (&date);
  if (date == NULL)
    return g_strdup (record->walk);
  return g_strdup_printf ("%s, %s", record->walk, date);
}

static int
walk_index (const TryggReportOptions *options,
            const char               *walk)
{
  for (guint i = 0; walk != NULL && options->walks != NULL && i < options->walks->len; i++)
    {
      TryggReportWalk *w = g_ptr_array_index (options->walks, i);

      if (g_strcmp0 (w->name, walk) == 0)
        return i;
    }
  return G_MAXINT;
}

TryggReportWalk *
trygg_report_find_walk (TryggReport *report,
                        const char  *name)
{
  int i = walk_index (report->options, name);

  return i != G_MAXINT ? g_ptr_array_index (report->options->walks, i) : NULL;
}

static int
compare_records (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const TryggReportOptions *options = user_data;
  TryggRecord *ra = *(TryggRecord **) a;
  TryggRecord *rb = *(TryggRecord **) b;
  int wa = walk_index (options, ra->walk);
  int wb = walk_index (options, rb->walk);
  int c;

  if (wa != wb)
    return wa < wb ? -1 : 1;
  if ((c = g_strcmp0 (ra->walk_date, rb->walk_date)) != 0)
    return c;
  if ((c = g_strcmp0 (ra->walk, rb->walk)) != 0)
    return c;
  if (ra->number != rb->number)
    return ra->number < rb->number ? -1 : 1;
  return g_strcmp0 (ra->title, rb->title);
}

static void
draw_page_footer_cb (TryggReportFlow *flow,
                     gpointer         user_data)
{
  TryggReport *report = user_data;
  cairo_t *cr = flow->cr;
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  g_autofree char *page = NULL;
  double y = TRYGG_REPORT_PAGE_HEIGHT - MARGIN_BOTTOM + 22;
  double right_width;

  /* Translators: page footer, "Page 3 of 12" */
  page = g_strdup_printf (_("Page %d of %d"), flow->page, MAX (flow->page, flow->total_pages));
  right = trygg_report_text_layout (flow->pango, page, flow->width, 8, PANGO_WEIGHT_NORMAL, TRYGG_REPORT_GREY, 1);
  pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
  pango_layout_set_auto_dir (right, FALSE);
  {
    PangoRectangle logical;

    pango_layout_get_extents (right, NULL, &logical);
    right_width = (double) logical.width / PANGO_SCALE;
  }
  left = trygg_report_text_layout (flow->pango, report->footer, flow->width - right_width - 24, 8,
                                   PANGO_WEIGHT_NORMAL, TRYGG_REPORT_GREY, 1);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, flow->left, y - 6);
  cairo_line_to (cr, flow->left + flow->width, y - 6);
  cairo_stroke (cr);
  trygg_report_layout_draw (cr, left, flow->left, y);
  trygg_report_layout_draw (cr, right, flow->left, y);
  cairo_restore (cr);
}

/* The measuring pass writes nowhere. */
static cairo_status_t
discard_cb (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GError        *error;
} WriteSink;

static cairo_status_t
write_stream_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  WriteSink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->out, data, length, NULL, sink->cancellable, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static PangoContext *
pango_context_for (cairo_t *cr)
{
  PangoContext *context = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Sizes in points, as everything else on the page. */
  pango_cairo_context_set_resolution (context, 72);
  /* Unhinted metrics whatever the target (a PDF, a printer, a preview
   * bitmap), so that the pages measured are the pages drawn. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  return context;
}

static void
report_progress (TryggReport *report,
                 double       fraction)
{
  if (report->progress != NULL)
    report->progress (CLAMP (fraction, 0.0, 1.0), report->progress_data);
}

static gboolean place_findings (TryggReport *report,
                                gboolean     measuring,
                                double       base,
                                double       share,
                                GError     **error);

static void
flow_init (TryggReport *report,
           cairo_t     *cr,
           gboolean     measuring,
           int          total_pages)
{
  report->flow = (TryggReportFlow) {
    .cr = cr,
    .pango = pango_context_for (cr),
    .measuring = measuring,
    .total_pages = total_pages,
    .left = MARGIN_SIDE,
    .top = MARGIN_TOP,
    .width = TRYGG_REPORT_PAGE_WIDTH - 2 * MARGIN_SIDE,
    .bottom = TRYGG_REPORT_PAGE_HEIGHT - MARGIN_BOTTOM,
    .page_draw = draw_page_footer_cb,
    .page_draw_data = report,
  };
}

/* Runs the whole layout once on @cr. Returns FALSE when cancelled. */
static gboolean
run_pass (TryggReport *report,
          cairo_t     *cr,
          gboolean     measuring,
          int          total_pages,
          GError     **error)
{
  double base = measuring ? 0 : MEASURE_SHARE;
  double share = measuring ? MEASURE_SHARE : 1 - MEASURE_SHARE;
  TryggReportFlow *flow = &report->flow;
  PangoContext *pango;
  gboolean ok;

  flow_init (report, cr, measuring, total_pages);
  pango = flow->pango;
  trygg_report_place_cover (report);
  trygg_report_flow_break_page (flow);

  ok = place_findings (report, measuring, base, share, error);
  trygg_report_flow_finish (flow);
  flow->pango = NULL;
  g_object_unref (pango);

  return ok;
}

/* Photos are fetched PHOTO_LOOKAHEAD findings ahead of the one being drawn
 * and decoded meanwhile in a thread pool; at most that many findings'
 * photos are in memory. */
#define PHOTO_LOOKAHEAD 2

static gboolean
place_findings (TryggReport *report,
                gboolean     measuring,
                double       base,
                double       share,
                GError     **error)
{
  GThreadPool *pool = measuring ? NULL : trygg_report_photo_pool_new ();
  GQueue ahead = G_QUEUE_INIT;
  guint n = report->records->len;
  guint fetched = 0;
  gboolean ok = TRUE;

  for (guint i = 0; i < n; i++)
    {
      if (g_cancellable_set_error_if_cancelled (report->cancellable, error))
        {
          ok = FALSE;
          break;
        }
      while (fetched < n && fetched <= i + PHOTO_LOOKAHEAD)
        g_queue_push_tail (&ahead, trygg_report_fetch_photos (report, g_ptr_array_index (report->records, fetched++),
                                                              pool));
      trygg_report_place_finding (report, g_ptr_array_index (report->records, i), g_queue_pop_head (&ahead));
      report_progress (report, base + share * (i + 1) / n);
    }

  /* Jobs not started are dropped (after a cancel); running ones finish
   * before the photos go. */
  if (pool != NULL)
    g_thread_pool_free (pool, TRUE, TRUE);
  g_queue_clear_full (&ahead, (GDestroyNotify) trygg_report_photo_set_free);

  return ok;
}

static char *
report_title (TryggReport *report)
{
  const TryggReportOptions *options = report->options;

  if (options->walks != NULL && options->walks->len == 1)
    {
      TryggReportWalk *walk = g_ptr_array_index (options->walks, 0);

      if (walk->name != NULL && *walk->name != '\0')
        /* Translators: PDF title; %s is the walk's name */
        return g_strdup_printf (_("Follow-up of the safety walk %s"), walk->name);
    }
  return g_strdup (_("Follow-up of safety walks"));
}

static void
set_metadata (TryggReport     *report,
              cairo_surface_t *surface)
{
  g_autofree char *title = report_title (report);
  g_autofree char *clean_title = trygg_report_clean_text (title, TRUE);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (report->today);
  g_autofree char *created = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *subject = NULL;

  if (report->actor_name != NULL)
    {
      g_autofree char *actor = trygg_report_clean_text (report->actor_name, TRUE);
      /* Translators: PDF subject of an actor's handout; %s is the actor */
      subject = g_strdup_printf (_("Findings and measures for %s"), actor);
    }
  else
    subject = g_strdup (_("Findings, measures and their follow-up"));

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, clean_title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, "Trygghetskarta");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Trygghetskarta " PACKAGE_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
}

static void
report_clear (TryggReport *report)
{
  g_clear_pointer (&report->records, g_ptr_array_unref);
  g_clear_pointer (&report->actor_key, g_free);
  g_clear_pointer (&report->actor_name, g_free);
  g_clear_pointer (&report->today, g_date_time_unref);
  g_clear_pointer (&report->today_iso, g_free);
  g_clear_pointer (&report->footer, g_free);
  trygg_report_map_source_clear (&report->map);
}

static void
report_init (TryggReport              *report,
             const TryggReportOptions *options)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *today_text = NULL;

  report->options = options;
  report->actor_key = actor_key (options->actor);
  if (report->actor_key != NULL)
    report->actor_name = actor_name (report, options);
  report->today = options->today != NULL ? g_date_time_ref (options->today) : g_date_time_new_now_local ();
  local = g_date_time_to_local (report->today);
  report->today_iso = g_date_time_format (local, "%Y-%m-%d");

  report->records = g_ptr_array_new ();
  for (guint i = 0; options->records != NULL && i < options->records->len; i++)
    {
      TryggRecord *record = g_ptr_array_index (options->records, i);

      if (record_is_shown (report, record))
        g_ptr_array_add (report->records, record);
    }
  g_ptr_array_sort_with_data (report->records, compare_records, (gpointer) options);

  report->map = (TryggReportMapSource) {
    .tile = options->tile,
    .tile_data = options->tile_data,
    .min_zoom = options->tile_min_zoom,
    .max_zoom = options->tile_max_zoom,
    .attribution = options->map_attribution,
  };
  g_mutex_init (&report->map.lock);

  today_text = trygg_report_format_date_time (report->today);
  if (report->actor_key != NULL)
    {
      g_autofree char *actor = trygg_report_clean_text (report->actor_name, TRUE);
      /* Translators: page footer of a handout: actor, date printed */
      report->footer = g_strdup_printf (_("Handout for %s · %s"), actor, today_text);
    }
  else
    {
      g_autofree char *title = report_title (report);
      report->footer = g_strdup_printf ("%s · %s", title, today_text);
    }
}

/**
 * trygg_report_write_pdf:
 *
 * Writes the report to @out, which is left open. On failure part of a PDF
 * may have been written; the caller removes the file.
 */
gboolean
trygg_report_write_pdf (const TryggReportOptions *options,
                        GOutputStream            *out,
                        GCancellable             *cancellable,
                        TryggProgressFunc         progress,
                        gpointer                  progress_data,
                        GError                  **error)
{
  TryggReport report = { 0 };
  /* cairo writes a few hundred bytes at a time: 130,000 write calls for
   * 1000 findings, unbuffered. */
  g_autoptr(GOutputStream) buffered = g_buffered_output_stream_new_sized (out, 256 * 1024);
  WriteSink sink = { buffered, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_t *cr;
  int total_pages;
  gboolean ok;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* @out is left open for the caller. */
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (buffered), FALSE);
  report_init (&report, options);
  report.embed_as_is = TRUE;
  report.cancellable = cancellable;
  report.progress = progress;
  report.progress_data = progress_data;

  /* Pass 1: count the pages. */
  surface = cairo_pdf_surface_create_for_stream (discard_cb, NULL, TRYGG_REPORT_PAGE_WIDTH, TRYGG_REPORT_PAGE_HEIGHT);
  cr = cairo_create (surface);
  ok = run_pass (&report, cr, TRUE, 0, error);
  total_pages = report.flow.page;
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  if (!ok)
    {
      report_clear (&report);
      return FALSE;
    }

  /* Pass 2: draw and stream. */
  surface = cairo_pdf_surface_create_for_stream (write_stream_cb, &sink,
                                                 TRYGG_REPORT_PAGE_WIDTH, TRYGG_REPORT_PAGE_HEIGHT);
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);
  set_metadata (&report, surface);
  cr = cairo_create (surface);
  ok = run_pass (&report, cr, FALSE, total_pages, error);
  if (ok && report.flow.page != total_pages)
    g_warning ("PDF report: measured %d pages but drew %d", total_pages, report.flow.page);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  report_clear (&report);
  if (sink.error == NULL)
    g_output_stream_flush (buffered, cancellable, &sink.error);

  if (ok && (sink.error != NULL || cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS))
    {
      if (sink.error != NULL)
        g_set_error (error, TRYGG_REPORT_ERROR, TRYGG_REPORT_ERROR_WRITE,
                     _("The report could not be written: %s. Check that there is room on the disk and try again."),
                     sink.error->message);
      else
        g_set_error (error, TRYGG_REPORT_ERROR, TRYGG_REPORT_ERROR_FAILED,
                     _("The report could not be made (%s). Try again; if it keeps failing, report a bug."),
                     cairo_status_to_string (cairo_surface_status (surface)));
      ok = FALSE;
    }
  g_clear_error (&sink.error);
  cairo_surface_destroy (surface);

  return ok;
}

typedef struct
{
  const TryggReportOptions *options;
  GOutputStream            *out;
  TryggProgressFunc         progress;
  gpointer                  progress_data;
  GMainContext             *context;
  GMutex                    mutex;
  double                    fraction;   /* latest, under mutex */
  gboolean                  pending;    /* an idle is queued, under mutex */
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->out);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_mutex_clear (&data->mutex);
  g_free (data);
}

static gboolean
deliver_progress_cb (gpointer user_data)
{
  GTask *task = user_data;
  WriteData *data = g_task_get_task_data (task);
  double fraction;

  g_mutex_lock (&data->mutex);
  fraction = data->fraction;
  data->pending = FALSE;
  g_mutex_unlock (&data->mutex);

  data->progress (fraction, data->progress_data);
  return G_SOURCE_REMOVE;
}

/* Progress goes to the caller's main context, coalesced: the worker never
 * queues more than one update. */
static void
thread_progress_cb (double   fraction,
                    gpointer user_data)
{
  GTask *task = user_data;
  WriteData *data = g_task_get_task_data (task);
  gboolean queue;

  g_mutex_lock (&data->mutex);
  data->fraction = fraction;
  queue = !data->pending;
  data->pending = TRUE;
  g_mutex_unlock (&data->mutex);

  if (queue)
    g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, deliver_progress_cb,
                                g_object_ref (task), g_object_unref);
}

static void
write_thread_cb (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;

  if (trygg_report_write_pdf (data->options, data->out, cancellable,
                              data->progress != NULL ? thread_progress_cb : NULL, task,
                              &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
trygg_report_write_pdf_async (const TryggReportOptions *options,
                              GOutputStream            *out,
                              GCancellable             *cancellable,
                              TryggProgressFunc         progress,
                              gpointer                  progress_data,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (options != NULL);
  g_return_if_fail (G_IS_OUTPUT_STREAM (out));

  data = g_new0 (WriteData, 1);
  data->options = options;
  data->out = g_object_ref (out);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_mutex_init (&data->mutex);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, trygg_report_write_pdf_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread_cb);
}

gboolean
trygg_report_write_pdf_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == trygg_report_write_pdf_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Printing: GtkPrintOperation asks for pages one at a time, in any order
 * (reversed, a range, several copies). The measuring pass runs a few
 * findings at a time and remembers where each finding starts; a page is
 * then drawn by laying out again from the finding that reaches it, drawing
 * only that page. The same code as the PDF draws it. */

typedef struct
{
  int      page;
  gboolean page_open;
  double   y;
} FlowState;

struct _TryggReportPager
{
  TryggReport      report;
  cairo_surface_t *measure_surface;
  cairo_t         *measure_cr;
  GArray          *starts;     /* of FlowState: before each finding */
  int              n_pages;    /* 0 until paginated */
};

TryggReportPager *
trygg_report_pager_new (const TryggReportOptions *options)
{
  TryggReportPager *pager;

  g_return_val_if_fail (options != NULL, NULL);

  pager = g_new0 (TryggReportPager, 1);
  report_init (&pager->report, options);
  pager->starts = g_array_new (FALSE, FALSE, sizeof (FlowState));

  return pager;
}

void
trygg_report_pager_free (TryggReportPager *pager)
{
  if (pager == NULL)
    return;

  if (pager->measure_cr != NULL)
    {
      trygg_report_flow_finish (&pager->report.flow);
      g_clear_object (&pager->report.flow.pango);
      cairo_destroy (pager->measure_cr);
      cairo_surface_destroy (pager->measure_surface);
    }
  g_array_unref (pager->starts);
  report_clear (&pager->report);
  g_free (pager);
}

/**
 * trygg_report_pager_paginate:
 * @max_findings: how many findings to lay out in this call
 * @out_fraction: (out) (optional): how far it has come, 0 to 1
 *
 * Returns: %TRUE when every page is counted
 */
gboolean
trygg_report_pager_paginate (TryggReportPager *pager,
                             guint             max_findings,
                             double           *out_fraction)
{
  TryggReport *report;
  guint n;

  g_return_val_if_fail (pager != NULL, TRUE);

  report = &pager->report;
  n = report->records->len;
  if (pager->n_pages > 0)
    {
      if (out_fraction != NULL)
        *out_fraction = 1.0;
      return TRUE;
    }

  if (pager->measure_cr == NULL)
    {
      pager->measure_surface = cairo_pdf_surface_create_for_stream (discard_cb, NULL, TRYGG_REPORT_PAGE_WIDTH,
                                                                    TRYGG_REPORT_PAGE_HEIGHT);
      pager->measure_cr = cairo_create (pager->measure_surface);
      flow_init (report, pager->measure_cr, TRUE, 0);
      trygg_report_place_cover (report);
      trygg_report_flow_break_page (&report->flow);
    }

  for (guint done = 0; done < max_findings && pager->starts->len < n; done++)
    {
      FlowState state = { report->flow.page, report->flow.page_open, report->flow.y };
      TryggRecord *record = g_ptr_array_index (report->records, pager->starts->len);

      g_array_append_val (pager->starts, state);
      trygg_report_place_finding (report, record, trygg_report_fetch_photos (report, record, NULL));
    }
  if (out_fraction != NULL)
    *out_fraction = n > 0 ? (double) pager->starts->len / n : 1.0;
  if (pager->starts->len < n)
    return FALSE;

  trygg_report_flow_finish (&report->flow);
  pager->n_pages = report->flow.page;
  g_clear_object (&report->flow.pango);
  g_clear_pointer (&pager->measure_cr, cairo_destroy);
  g_clear_pointer (&pager->measure_surface, cairo_surface_destroy);

  return TRUE;
}

/* The number of pages, once trygg_report_pager_paginate() returned TRUE. */
int
trygg_report_pager_get_n_pages (TryggReportPager *pager)
{
  g_return_val_if_fail (pager != NULL, 0);

  return pager->n_pages;
}

static gboolean
can_embed_jpeg (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * trygg_report_pager_draw_page:
 * @cr: a cairo context whose units are the report's A4 points
 * @page_nr: the page, counted from 0
 *
 * Draws one page as the PDF has it, without ending the page.
 */
void
trygg_report_pager_draw_page (TryggReportPager *pager,
                              cairo_t          *cr,
                              int               page_nr)
{
  TryggReport *report;
  TryggReportFlow *flow;
  int page = page_nr + 1;
  guint first = 0;
  guint n;

  g_return_if_fail (pager != NULL);
  g_return_if_fail (pager->n_pages > 0);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page_nr >= 0 && page_nr < pager->n_pages);

  report = &pager->report;
  flow = &report->flow;
  n = report->records->len;
  report->embed_as_is = can_embed_jpeg (cr);
  flow_init (report, cr, FALSE, pager->n_pages);
  flow->only_page = page;

  /* The last finding that starts before the page reaches onto it, or ends
   * before it; either way nothing on the page comes from an earlier one. */
  for (guint i = pager->starts->len; i > 0; i--)
    {
      FlowState *state = &g_array_index (pager->starts, FlowState, i - 1);

      if (state->page < page)
        {
          first = i;
          flow->page = state->page;
          flow->page_open = state->page_open;
          flow->y = state->y;
          break;
        }
    }
  if (first == 0)
    {
      trygg_report_place_cover (report);
      trygg_report_flow_break_page (flow);
    }
  else
    first--;

  for (guint i = first; i < n; i++)
    {
      TryggRecord *record;

      if (flow->page > page || (flow->page == page && !flow->page_open))
        break;
      record = g_ptr_array_index (report->records, i);
      trygg_report_place_finding (report, record, trygg_report_fetch_photos (report, record, NULL));
    }

  trygg_report_flow_finish (flow);
  g_clear_object (&flow->pango);
}
