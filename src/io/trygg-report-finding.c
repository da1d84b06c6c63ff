/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-report-private.h"

/* One finding: number and title, a small map of the place beside the facts,
 * the observation, the photos and the checklist of measures. The photos are
 * fetched when the finding is placed and dropped right after, so memory
 * stays the same whatever the number of findings. */

#define MAP_WIDTH       200.0
#define MAP_HEIGHT      150.0
#define MAP_PIN_RADIUS  9.0
#define PHOTOS_PER_ROW  3
#define PHOTO_GAP       10.0
#define CAPTION_HEIGHT  13.0
#define BADGE_RADIUS    11.0
#define TITLE_INDENT    30.0
#define CHECK_INDENT    18.0
#define CHECK_SIZE      9.0

typedef struct
{
  TryggReport *report;
  TryggRecord *record;
  TryggReportPhotoSet *set;  /* owned; photos may be NULL */
  GPtrArray   *photos;        /* borrowed from set: of TryggReportPhoto, or NULL */
  gboolean     any_after;
  PangoLayout *facts;
} Finding;

typedef struct
{
  Finding *finding;
  guint    first;
  guint    n;
} PhotoRow;

static void
finding_free (Finding *finding)
{
  g_clear_pointer (&finding->set, trygg_report_photo_set_free);
  g_clear_object (&finding->facts);
  g_free (finding);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Finding, finding_free)

static double
photo_width (TryggReport *report)
{
  return (report->flow.width - (PHOTOS_PER_ROW - 1) * PHOTO_GAP) / PHOTOS_PER_ROW;
}

static double
photo_height (TryggReport *report)
{
  return photo_width (report) * 0.75;
}

static void
draw_badge_cb (TryggReportFlow  *flow,
               TryggReportBlock *block,
               double            x,
               double            y)
{
  Finding *finding = block->data;
  PangoRectangle logical;

  pango_layout_line_get_extents (pango_layout_get_line_readonly (block->layout, 0), NULL, &logical);
  trygg_report_badge_draw (flow->cr, flow->pango, x + BADGE_RADIUS, y + (double) logical.height / PANGO_SCALE / 2,
                           BADGE_RADIUS, finding->record->status, finding->record->number);
}

static TryggReportBlock *
title_block (Finding *finding)
{
  TryggReport *report = finding->report;
  TryggRecord *record = finding->record;
  TryggReportRich rich;
  TryggReportBlock *block;
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, record->number);
  /* Translators: before a finding's title, "No. 12" */
  g_autofree char *number = g_strdup_printf (C_("finding number in a heading", "No. %s "), digits);
  const char *title = record->title != NULL && *record->title != '\0' ? record->title : _("Untitled finding");

  trygg_report_rich_init (&rich);
  /* The number is also in the badge; written out it can be searched for. */
  trygg_report_rich_append (&rich, number, 14, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, TRYGG_REPORT_GREY);
  trygg_report_rich_append (&rich, title, 14, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, TRYGG_REPORT_INK);
  block = trygg_report_block_new_text (trygg_report_rich_finish (&rich, report->flow.pango,
                                                                 report->flow.width - TITLE_INDENT),
                                       TITLE_INDENT, 6);
  block->draw = draw_badge_cb;
  block->data = finding;
  block->keep_with_next = TRUE;

  return block;
}

static void
add_fact (TryggReportRich *rich,
          const char      *label,
          const char      *value,
          guint32          rgb)
{
  g_autofree char *line = NULL;

  if (value == NULL || *value == '\0')
    return;
  line = trygg_report_clean_text (value, TRUE);
  if (rich->text->len > 0)
    trygg_report_rich_append (rich, "\n", 9.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, TRYGG_REPORT_INK);
  trygg_report_rich_append (rich, label, 8.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, TRYGG_REPORT_GREY);
  trygg_report_rich_append (rich, "\n", 3, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, TRYGG_REPORT_INK);
  trygg_report_rich_append (rich, line, 9.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, rgb);
}

static PangoLayout *
facts_layout (Finding *finding)
{
  TryggReport *report = finding->report;
  TryggRecord *record = finding->record;
  TryggReportRich rich;
  PangoLayout *layout;
  double rgb[3];
  g_autofree char *walk = trygg_report_walk_line (record);
  g_autofree char *observed = trygg_report_format_timestamp (record->observed_at);
  g_autofree char *place = g_strdup_printf ("%.5f, %.5f", record->latitude, record->longitude);
  const char *category = record->category != NULL && *record->category != '\0'
    ? g_dpgettext2 (NULL, "category", record->category) : NULL;

  trygg_report_status_colour (record->status, rgb);
  trygg_report_rich_init (&rich);
  add_fact (&rich, _("Status"), trygg_status_to_label (record->status),
            (guint32) (rgb[0] * 255) << 16 | (guint32) (rgb[1] * 255) << 8 | (guint32) (rgb[2] * 255));
  add_fact (&rich, _("Responsible actor"),
            record->actor != NULL && *record->actor != '\0' ? record->actor : _("None yet"), TRYGG_REPORT_INK);
  add_fact (&rich, _("Category"), category, TRYGG_REPORT_INK);
  add_fact (&rich, _("Priority"), trygg_priority_to_label (record->priority), TRYGG_REPORT_INK);
  add_fact (&rich, _("Walk"), walk, TRYGG_REPORT_INK);
  add_fact (&rich, _("Observed"), observed, TRYGG_REPORT_INK);
  /* Translators: latitude, longitude of the finding */
  add_fact (&rich, _("Place (latitude, longitude)"), place, TRYGG_REPORT_INK);

  layout = trygg_report_rich_finish (&rich, report->flow.pango, report->flow.width - MAP_WIDTH - 14);
  /* Beside the map; a very long actor or category name is cut off here but
   * stays whole in the checklist. */
  pango_layout_set_height (layout, (int) (MAP_HEIGHT * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);

  return layout;
}

static void
draw_place_cb (TryggReportFlow  *flow,
               TryggReportBlock *block,
               double            x,
               double            y)
{
  Finding *finding = block->data;
  TryggRecord *record = finding->record;
  TryggReportPin pin = { record->latitude, record->longitude, record->number, record->status };
  TryggReportWalk *walk = trygg_report_find_walk (finding->report, record->walk);
  g_autoptr(GPtrArray) routes = g_ptr_array_new ();

  /* The way the walk came past. */
  if (walk != NULL && walk->route != NULL)
    g_ptr_array_add (routes, walk->route);
  trygg_report_map_draw_made (flow, &finding->report->map, finding->set->map, routes, &pin, 1, x, y,
                              MAP_WIDTH, MAP_HEIGHT, MAP_PIN_RADIUS);
  trygg_report_layout_draw (flow->cr, finding->facts, x + MAP_WIDTH + 14, y);
}

static void
draw_tag (TryggReportFlow *flow,
          const char      *text,
          guint32          rgb,
          double           x,
          double           y)
{
  g_autoptr(PangoLayout) layout = trygg_report_flow_fixed_layout (flow, text, 200, 7.5, PANGO_WEIGHT_BOLD, 0xffffff);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  cairo_set_source_rgb (flow->cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
  cairo_rectangle (flow->cr, x, y, (double) logical.width / PANGO_SCALE + 6, (double) logical.height / PANGO_SCALE + 2);
  cairo_fill (flow->cr);
  trygg_report_layout_draw (flow->cr, layout, x + 3 - (double) logical.x / PANGO_SCALE, y + 1);
}

static void
draw_photo (TryggReportFlow  *flow,
            Finding          *finding,
            TryggReportPhoto *photo,
            guint             index,
            double            x,
            double            y)
{
  TryggReport *report = finding->report;
  double w = photo_width (report);
  double h = photo_height (report);
  cairo_surface_t *image = NULL;
  cairo_t *cr = flow->cr;
  g_autoptr(PangoLayout) caption = NULL;
  g_autofree char *caption_text = NULL;
  double ix = x, iy = y;

  if (finding->set->jobs != NULL)
    {
      g_autoptr(GBytes) print_copy = NULL;
      gboolean converted = FALSE;

      image = trygg_report_image_job_wait (g_ptr_array_index (finding->set->jobs, index),
                                           &converted, &print_copy);
      /* A photo of an older database: keep what was just made, so that the
       * next report embeds it as it is. */
      if (image != NULL && photo->needs_print_copy && photo->id != NULL &&
          report->options->print_copy != NULL && (print_copy != NULL || !converted))
        report->options->print_copy (photo->id, print_copy, report->options->print_copy_data);
    }

  cairo_save (cr);
  if (image != NULL)
    {
      double iw, ih, scale;

      trygg_report_image_size (image, &iw, &ih);
      scale = MIN (w / iw, h / ih);

      ix = x + (w - iw * scale) / 2;
      iy = y + (h - ih * scale) / 2;
      cairo_translate (cr, ix, iy);
      cairo_scale (cr, scale, scale);
      trygg_report_image_paint (cr, image);
      cairo_surface_destroy (image);
    }
  else
    {
      g_autoptr(PangoLayout) note = trygg_report_text_layout (flow->pango, _("This photo could not be read."),
                                                              w - 12, 8.5, PANGO_WEIGHT_NORMAL, TRYGG_REPORT_GREY, 3);

      cairo_set_source_rgb (cr, 0.94, 0.94, 0.94);
      cairo_rectangle (cr, x, y, w, h);
      cairo_fill (cr);
      trygg_report_layout_draw (cr, note, x + 6, y + 6);
    }
  cairo_restore (cr);

  if (finding->any_after)
    draw_tag (flow, photo->after ? C_("photo", "After") : C_("photo", "Before"),
              photo->after ? 0x26a269 : 0x5e5c64, ix, iy);

  if (photo->caption != NULL && *photo->caption != '\0')
    caption_text = g_strdup (photo->caption);
  else
    /* Translators: caption of a photo without one; %u counts from 1 */
    caption_text = g_strdup_printf (_("Photo %u"), index + 1);
  caption = trygg_report_text_layout (flow->pango, caption_text, w, 8, PANGO_WEIGHT_NORMAL, TRYGG_REPORT_GREY, 1);
  trygg_report_layout_draw (cr, caption, x, y + h + 2);
}

static void
draw_photo_row_cb (TryggReportFlow  *flow,
                   TryggReportBlock *block,
                   double            x,
                   double            y)
{
  PhotoRow *row = block->data;
  Finding *finding = row->finding;

  for (guint i = 0; i < row->n; i++)
    {
      guint index = row->first + i;

      draw_photo (flow, finding, g_ptr_array_index (finding->photos, index), index,
                  x + i * (photo_width (finding->report) + PHOTO_GAP), y);
    }
}

static void
draw_check_cb (TryggReportFlow  *flow,
               TryggReportBlock *block,
               double            x,
               double            y)
{
  TryggRecordAction *action = block->data;
  cairo_t *cr = flow->cr;
  double top = y + 3;

  cairo_save (cr);
  cairo_set_line_width (cr, 0.9);
  cairo_rectangle (cr, x + 1, top, CHECK_SIZE, CHECK_SIZE);
  if (action->done)
    {
      cairo_set_source_rgb (cr, 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 1.4);
      cairo_move_to (cr, x + 3, top + CHECK_SIZE * 0.55);
      cairo_line_to (cr, x + 1 + CHECK_SIZE * 0.42, top + CHECK_SIZE - 2.2);
      cairo_line_to (cr, x + CHECK_SIZE - 1, top + 2);
    }
  else
    cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static TryggReportBlock *
measure_block (Finding           *finding,
               TryggRecordAction *action)
{
  TryggReport *report = finding->report;
  TryggReportRich rich;
  TryggReportBlock *block;
  g_autoptr(GString) meta = g_string_new (NULL);
  const char *actor = action->actor != NULL && *action->actor != '\0' ? action->actor : finding->record->actor;
  gboolean overdue = trygg_report_action_is_overdue (report, action);

  if (actor != NULL && *actor != '\0')
    {
      g_autofree char *clean = trygg_report_clean_text (actor, TRUE);
      /* Translators: who is responsible for a measure */
      g_string_append_printf (meta, _("Responsible: %s"), clean);
    }
  if (action->due != NULL && *action->due != '\0')
    {
      g_autofree char *due = trygg_report_format_date (action->due);
      /* Translators: a measure's due date */
      g_string_append_printf (meta, "%s%s", meta->len > 0 ? " · " : "", "");
      g_string_append_printf (meta, _("Due %s"), due);
    }
  if (action->done)
    {
      g_autofree char *done_at = trygg_report_format_timestamp (action->done_at);

      g_string_append (meta, meta->len > 0 ? " · " : "");
      if (done_at != NULL)
        /* Translators: when a measure was done */
        g_string_append_printf (meta, _("Done %s"), done_at);
      else
        g_string_append (meta, _("Done"));
    }
  else
    {
      g_string_append (meta, meta->len > 0 ? " · " : "");
      g_string_append (meta, _("Not done"));
    }

  trygg_report_rich_init (&rich);
  trygg_report_rich_append (&rich, action->text != NULL ? action->text : "", 10,
                            PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, TRYGG_REPORT_INK);
  trygg_report_rich_append (&rich, "\n", 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, TRYGG_REPORT_INK);
  trygg_report_rich_append (&rich, meta->str, 8.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, TRYGG_REPORT_GREY);
  if (overdue)
    {
      trygg_report_rich_append (&rich, " · ", 8.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, TRYGG_REPORT_GREY);
      trygg_report_rich_append (&rich, _("Overdue"), 8.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, TRYGG_REPORT_RED);
    }
  if (action->comment != NULL && *action->comment != '\0')
    {
      trygg_report_rich_append (&rich, "\n", 8.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, TRYGG_REPORT_INK);
      trygg_report_rich_append (&rich, action->comment, 9, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, TRYGG_REPORT_INK);
    }

  block = trygg_report_block_new_text (trygg_report_rich_finish (&rich, report->flow.pango,
                                                                 report->flow.width - CHECK_INDENT),
                                       CHECK_INDENT, 5);
  block->draw = draw_check_cb;
  block->data = action;

  return block;
}

static TryggReportBlock *
text_block (Finding    *finding,
            const char *text,
            double      space_before)
{
  TryggReport *report = finding->report;

  return trygg_report_block_new_text (trygg_report_text_layout (report->flow.pango, text, report->flow.width,
                                                                10, PANGO_WEIGHT_NORMAL, TRYGG_REPORT_INK, 0),
                                      0, space_before);
}

static void
draw_rule_cb (TryggReportFlow  *flow,
              TryggReportBlock *block,
              double            x,
              double            y)
{
  cairo_save (flow->cr);
  cairo_set_source_rgb (flow->cr, 0.8, 0.8, 0.8);
  cairo_set_line_width (flow->cr, 0.6);
  cairo_move_to (flow->cr, x, y + block->height / 2);
  cairo_line_to (flow->cr, x + flow->width, y + block->height / 2);
  cairo_stroke (flow->cr);
  cairo_restore (flow->cr);
}

static void
add_photos (Finding   *finding,
            GPtrArray *blocks)
{
  TryggReport *report = finding->report;
  guint n;

  finding->photos = finding->set->photos;
  n = finding->photos != NULL ? finding->photos->len : 0;
  if (n == 0)
    return;

  for (guint i = 0; i < n; i++)
    finding->any_after |= ((TryggReportPhoto *) g_ptr_array_index (finding->photos, i))->after;

  g_ptr_array_add (blocks, trygg_report_heading_block (report, ngettext ("Photo", "Photos", n), 11, 10));
  for (guint first = 0; first < n; first += PHOTOS_PER_ROW)
    {
      PhotoRow *row = g_new0 (PhotoRow, 1);

      row->finding = finding;
      row->first = first;
      row->n = MIN (PHOTOS_PER_ROW, n - first);
      g_ptr_array_add (blocks, trygg_report_block_new_custom (photo_height (report) + CAPTION_HEIGHT,
                                                              first > 0 ? 6 : 3,
                                                              draw_photo_row_cb, row, g_free));
    }
}

static void
add_measures (Finding   *finding,
              GPtrArray *blocks)
{
  TryggReport *report = finding->report;
  TryggRecord *record = finding->record;
  guint shown = 0;

  g_ptr_array_add (blocks, trygg_report_heading_block (report, _("Measures"), 11, 10));
  for (guint i = 0; record->actions != NULL && i < record->actions->len; i++)
    {
      TryggRecordAction *action = g_ptr_array_index (record->actions, i);

      if (!trygg_report_action_is_shown (report, record, action))
        continue;
      g_ptr_array_add (blocks, measure_block (finding, action));
      shown++;
    }
  if (shown == 0)
    g_ptr_array_add (blocks, trygg_report_block_new_text (trygg_report_flow_fixed_layout (&report->flow, _("No measures yet."),
                                                                                       report->flow.width, 10,
                                                                                       PANGO_WEIGHT_NORMAL,
                                                                                       TRYGG_REPORT_INK),
                                                          0, 3));
}

static void
decode_photo_cb (gpointer data,
                 gpointer user_data)
{
  TryggReportImageJob *job = data;

  trygg_report_image_job_run (job);
  trygg_report_image_job_unref (job);
}

GThreadPool *
trygg_report_photo_pool_new (void)
{
  /* The writing thread decodes too when it catches up (see
   * trygg_report_image_job_wait()), so one core is left for it. */
  return g_thread_pool_new_full (decode_photo_cb, NULL, (GDestroyNotify) trygg_report_image_job_unref,
                                 MAX (1, (int) g_get_num_processors () - 1), FALSE, NULL);
}

/* Fetches a finding's photos (in the writing thread, as the callback's
 * contract says) and, when drawing, starts decoding them in @pool so that
 * they are ready when the finding's page is drawn. */
TryggReportPhotoSet *
trygg_report_fetch_photos (TryggReport *report,
                           TryggRecord *record,
                           GThreadPool *pool)
{
  TryggReportPhotoSet *set = g_new0 (TryggReportPhotoSet, 1);
  int max_width = (int) (photo_width (report) * TRYGG_REPORT_DPI / 72.0);
  int max_height = (int) (photo_height (report) * TRYGG_REPORT_DPI / 72.0);

  if (pool != NULL && !report->flow.measuring)
    {
      TryggReportPin pin = { record->latitude, record->longitude, record->number, record->status };

      set->map = trygg_report_map_job_new (&report->map, &pin, 1, MAP_WIDTH, MAP_HEIGHT, MAP_PIN_RADIUS);
      if (set->map != NULL)
        g_thread_pool_push (pool, trygg_report_image_job_ref (set->map), NULL);
    }
  if (report->options->photos != NULL && record->id != NULL)
    set->photos = report->options->photos (record->id, report->options->photos_data);
  if (set->photos == NULL || set->photos->len == 0 || report->flow.measuring)
    return set;

  set->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_report_image_job_unref);
  for (guint i = 0; i < set->photos->len; i++)
    {
      TryggReportPhoto *photo = g_ptr_array_index (set->photos, i);
      TryggReportImageJob *job = trygg_report_image_job_new (photo->bytes, max_width, max_height,
                                                             report->embed_as_is);

      g_ptr_array_add (set->jobs, job);
      if (pool != NULL)
        g_thread_pool_push (pool, trygg_report_image_job_ref (job), NULL);
    }
  return set;
}

void
trygg_report_photo_set_free (TryggReportPhotoSet *set)
{
  if (set == NULL)
    return;

  g_clear_pointer (&set->jobs, g_ptr_array_unref);
  g_clear_pointer (&set->map, trygg_report_image_job_unref);
  g_clear_pointer (&set->photos, g_ptr_array_unref);
  g_free (set);
}

/* Places one finding; takes @set. */
void
trygg_report_place_finding (TryggReport         *report,
                            TryggRecord         *record,
                            TryggReportPhotoSet *set)
{
  g_autoptr(GPtrArray) blocks = trygg_report_blocks_new ();
  g_autoptr(Finding) finding = g_new0 (Finding, 1);
  const char *reason = NULL;

  finding->report = report;
  finding->record = record;
  finding->set = set;
  /* Beside the map, whose height it never exceeds: not needed to measure. */
  if (!report->flow.measuring)
    finding->facts = facts_layout (finding);

  g_ptr_array_add (blocks, title_block (finding));
  g_ptr_array_add (blocks, trygg_report_block_new_custom (MAP_HEIGHT, 8, draw_place_cb, finding, NULL));

  if (record->status == TRYGG_STATUS_WONT_FIX && record->id != NULL && report->options->wont_fix_reasons != NULL)
    reason = g_hash_table_lookup (report->options->wont_fix_reasons, record->id);
  if (reason != NULL && *reason != '\0')
    {
      g_ptr_array_add (blocks, trygg_report_heading_block (report, _("Why it will not be fixed"), 11, 10));
      g_ptr_array_add (blocks, text_block (finding, reason, 2));
    }

  if (record->description != NULL && *record->description != '\0')
    {
      g_ptr_array_add (blocks, trygg_report_heading_block (report, _("Observation"), 11, 10));
      g_ptr_array_add (blocks, text_block (finding, record->description, 2));
    }

  add_photos (finding, blocks);
  add_measures (finding, blocks);
  g_ptr_array_add (blocks, trygg_report_block_new_custom (16, 4, draw_rule_cb, NULL, NULL));

  trygg_report_flow_place (&report->flow, blocks, TRUE);
}
