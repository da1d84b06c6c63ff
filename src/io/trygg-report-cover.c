/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-report-private.h"

/* The cover: what was walked, a map of every finding, and the summary the
 * meeting starts with (how many, how many fixed, who has what, what is
 * late). In a handout the same, counted over the actor's share only. */

#define OVERVIEW_MAP_HEIGHT 320.0
#define LEGEND_ROW_HEIGHT   16.0
#define MAX_CELL_LINES      4

typedef struct
{
  guint open;
  guint fixed;
  guint wont_fix;
} ActorCount;

typedef struct
{
  TryggReport *report;
  guint        n_columns;
  PangoLayout *cells[4];
  double       x[4];
  gboolean     header;
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  for (guint i = 0; i < row->n_columns; i++)
    g_clear_object (&row->cells[i]);
  g_free (row);
}

static void
draw_row_cb (TryggReportFlow  *flow,
             TryggReportBlock *block,
             double            x,
             double            y)
{
  Row *row = block->data;

  for (guint i = 0; i < row->n_columns; i++)
    trygg_report_layout_draw (flow->cr, row->cells[i], x + row->x[i], y + 3);

  cairo_save (flow->cr);
  cairo_set_source_rgb (flow->cr, 0.8, 0.8, 0.8);
  cairo_set_line_width (flow->cr, row->header ? 0.8 : 0.4);
  cairo_move_to (flow->cr, x, y + block->height - 0.5);
  cairo_line_to (flow->cr, x + flow->width, y + block->height - 0.5);
  cairo_stroke (flow->cr);
  cairo_restore (flow->cr);
}

/* A table row: @texts[i] in the column starting at @fractions[i] of the
 * width. Cells wrap to a few lines at most. A header row stays with the
 * first row under it. */
static TryggReportBlock *
row_block (TryggReport       *report,
           guint              n_columns,
           const char * const texts[],
           const double       fractions[],
           gboolean           header)
{
  Row *row = g_new0 (Row, 1);
  TryggReportBlock *block;
  double width = report->flow.width;
  double height = 0;

  g_assert (n_columns <= G_N_ELEMENTS (row->cells));

  row->report = report;
  row->n_columns = n_columns;
  row->header = header;
  for (guint i = 0; i < n_columns; i++)
    {
      double end = i + 1 < n_columns ? fractions[i + 1] : 1.0;
      g_autofree char *clean = trygg_report_clean_text (texts[i], TRUE);

      row->x[i] = fractions[i] * width;
      row->cells[i] = trygg_report_text_layout (report->flow.pango, clean, (end - fractions[i]) * width - 8,
                                                9, header ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                                                header ? TRYGG_REPORT_GREY : TRYGG_REPORT_INK, MAX_CELL_LINES);
      height = MAX (height, trygg_report_layout_height (row->cells[i]));
    }

  block = trygg_report_block_new_custom (height + 6, 0, draw_row_cb, row, row_free);
  block->keep_with_next = header;
  return block;
}

/* Adds a table's rows under @header, which is repeated on every page the
 * table goes on to. */
static void
add_row (GPtrArray        *blocks,
         TryggReportBlock *header,
         TryggReportBlock *row)
{
  row->header = header;
  g_ptr_array_add (blocks, row);
}

TryggReportBlock *
trygg_report_heading_block (TryggReport *report,
                            const char  *text,
                            double       size,
                            double       space_before)
{
  PangoLayout *layout = trygg_report_flow_fixed_layout (&report->flow, text, report->flow.width,
                                                        size, PANGO_WEIGHT_BOLD, TRYGG_REPORT_INK);
  TryggReportBlock *block = trygg_report_block_new_text (layout, 0, space_before);

  block->keep_with_next = TRUE;
  return block;
}

static TryggReportBlock *
paragraph_block (TryggReport *report,
                 const char  *text,
                 double       size,
                 guint32      rgb,
                 double       space_before)
{
  PangoLayout *layout = trygg_report_text_layout (report->flow.pango, text, report->flow.width,
                                                  size, PANGO_WEIGHT_NORMAL, rgb, 0);

  return trygg_report_block_new_text (layout, 0, space_before);
}

static TryggReportBlock *
walk_block (TryggReport     *report,
            TryggReportWalk *walk)
{
  TryggReportRich rich;
  g_autofree char *date = trygg_report_format_date (walk->date);
  const char *time_of_day = trygg_report_time_of_day_label (walk->time_of_day);
  g_autoptr(GString) line = g_string_new (NULL);

  trygg_report_rich_init (&rich);
  trygg_report_rich_append (&rich, walk->name != NULL ? walk->name : _("Safety walk"),
                            12, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, TRYGG_REPORT_INK);
  if (date != NULL)
    g_string_append (line, date);
  if (time_of_day != NULL)
    g_string_append_printf (line, "%s%s", line->len > 0 ? ", " : "", time_of_day);
  if (walk->area != NULL && *walk->area != '\0')
    /* Translators: the area a walk covered */
    g_string_append_printf (line, "%s%s %s", line->len > 0 ? " · " : "", _("Area:"), walk->area);
  if (line->len > 0)
    {
      trygg_report_rich_append (&rich, "\n", 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, TRYGG_REPORT_INK);
      trygg_report_rich_append (&rich, line->str, 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, TRYGG_REPORT_INK);
    }
  if (walk->participants != NULL && *walk->participants != '\0')
    {
      trygg_report_rich_append (&rich, "\n", 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, TRYGG_REPORT_INK);
      trygg_report_rich_append (&rich, _("Participants:"), 10, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, TRYGG_REPORT_GREY);
      trygg_report_rich_append (&rich, " ", 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, TRYGG_REPORT_INK);
      trygg_report_rich_append (&rich, walk->participants, 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, TRYGG_REPORT_INK);
    }

  return trygg_report_block_new_text (trygg_report_rich_finish (&rich, report->flow.pango, report->flow.width), 0, 10);
}

static void
draw_overview_cb (TryggReportFlow  *flow,
                  TryggReportBlock *block,
                  double            x,
                  double            y)
{
  TryggReport *report = block->data;
  g_autofree TryggReportPin *pins = g_new0 (TryggReportPin, MAX (1, report->records->len));
  g_autoptr(GPtrArray) routes = g_ptr_array_new ();
  guint n = report->records->len;
  double radius = n <= 40 ? 8 : n <= 150 ? 6 : n <= 400 ? 4.5 : 3;

  for (guint i = 0; report->options->walks != NULL && i < report->options->walks->len; i++)
    {
      TryggReportWalk *walk = g_ptr_array_index (report->options->walks, i);

      if (walk->route != NULL)
        g_ptr_array_add (routes, walk->route);
    }

  for (guint i = 0; i < n; i++)
    {
      TryggRecord *record = g_ptr_array_index (report->records, i);

      pins[i] = (TryggReportPin) { record->latitude, record->longitude, record->number, record->status };
    }
  trygg_report_map_draw (flow, &report->map, routes, pins, n, x, y, flow->width, block->height, radius);
}

typedef struct
{
  TryggReport *report;
  guint        counts[TRYGG_N_STATUSES];
  PangoLayout *labels[TRYGG_N_STATUSES];
} Legend;

static void
legend_free (gpointer data)
{
  Legend *legend = data;

  for (guint i = 0; i < TRYGG_N_STATUSES; i++)
    g_clear_object (&legend->labels[i]);
  g_free (legend);
}

static void
draw_legend_cb (TryggReportFlow  *flow,
                TryggReportBlock *block,
                double            x,
                double            y)
{
  Legend *legend = block->data;
  double column = flow->width / TRYGG_N_STATUSES;

  for (guint i = 0; i < TRYGG_N_STATUSES; i++)
    {
      double cx = x + i * column;

      trygg_report_pin_draw (flow->cr, flow->pango, cx + 6, y + LEGEND_ROW_HEIGHT - 1, 4.5, i, 0);
      trygg_report_layout_draw (flow->cr, legend->labels[i], cx + 15, y + 2);
    }
}

/* The legend doubles as the count per status. */
static TryggReportBlock *
legend_block (TryggReport *report,
              const guint  counts[TRYGG_N_STATUSES])
{
  Legend *legend = g_new0 (Legend, 1);
  double column = report->flow.width / TRYGG_N_STATUSES;

  legend->report = report;
  for (guint i = 0; i < TRYGG_N_STATUSES; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s: %u", trygg_status_to_label (i), counts[i]);

      legend->counts[i] = counts[i];
      legend->labels[i] = trygg_report_text_layout (report->flow.pango, text, column - 18, 9,
                                                    PANGO_WEIGHT_NORMAL, TRYGG_REPORT_INK, 1);
    }
  return trygg_report_block_new_custom (LEGEND_ROW_HEIGHT + 4, 6, draw_legend_cb, legend, legend_free);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static void
add_actor_table (TryggReport *report,
                 GPtrArray   *blocks)
{
  static const double columns[] = { 0, 0.55, 0.70, 0.85 };
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) names = NULL;
  TryggReportBlock *header_row;
  const char *header[] = { _("Responsible actor"), _("Open"), C_("count", "Fixed"), C_("count", "Won’t fix") };

  for (guint i = 0; i < report->records->len; i++)
    {
      TryggRecord *record = g_ptr_array_index (report->records, i);
      const char *name = record->actor != NULL && *record->actor != '\0' ? record->actor : "";
      ActorCount *count = g_hash_table_lookup (counts, name);

      if (count == NULL)
        {
          count = g_new0 (ActorCount, 1);
          g_hash_table_insert (counts, g_strdup (name), count);
        }
      if (record->status == TRYGG_STATUS_FIXED)
        count->fixed++;
      else if (record->status == TRYGG_STATUS_WONT_FIX)
        count->wont_fix++;
      else
        count->open++;
    }

  g_ptr_array_add (blocks, trygg_report_heading_block (report, _("Findings per responsible actor"), 12, 16));
  g_ptr_array_add (blocks, header_row = row_block (report, 4, header, columns, TRUE));

  names = g_ptr_array_new ();
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (names, key);
  }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      ActorCount *count = g_hash_table_lookup (counts, name);
      g_autofree char *open = g_strdup_printf ("%u", count->open);
      g_autofree char *fixed = g_strdup_printf ("%u", count->fixed);
      g_autofree char *wont_fix = g_strdup_printf ("%u", count->wont_fix);
      const char *cells[] = { *name != '\0' ? name : _("No responsible actor"), open, fixed, wont_fix };

      add_row (blocks, header_row, row_block (report, 4, cells, columns, FALSE));
    }
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  TryggRecordAction *aa = ((gpointer *) *(gpointer **) a)[1];
  TryggRecordAction *ab = ((gpointer *) *(gpointer **) b)[1];

  return g_strcmp0 (aa->due, ab->due);
}

static void
add_overdue_table (TryggReport *report,
                   GPtrArray   *blocks)
{
  /* Wide enough for "Samhällsbyggnadskontoret" and "30 september 2026"
   * on one line each. */
  static const double columns[] = { 0, 0.07, 0.47, 0.78 };
  g_autoptr(GPtrArray) overdue = g_ptr_array_new_with_free_func (g_free);
  TryggReportBlock *header_row;
  const char *header[] = { C_("finding number", "No."), _("Measure"), _("Responsible actor"), _("Due") };

  for (guint i = 0; i < report->records->len; i++)
    {
      TryggRecord *record = g_ptr_array_index (report->records, i);

      for (guint j = 0; record->actions != NULL && j < record->actions->len; j++)
        {
          TryggRecordAction *action = g_ptr_array_index (record->actions, j);

          if (trygg_report_action_is_shown (report, record, action) &&
              trygg_report_action_is_overdue (report, action))
            {
              gpointer *pair = g_new (gpointer, 2);

              pair[0] = record;
              pair[1] = action;
              g_ptr_array_add (overdue, pair);
            }
        }
    }

  g_ptr_array_add (blocks, trygg_report_heading_block (report, _("Overdue measures"), 12, 16));
  if (overdue->len == 0)
    {
      g_ptr_array_add (blocks, paragraph_block (report, _("No measure is past its due date."), 10, TRYGG_REPORT_INK, 2));
      return;
    }

  g_ptr_array_add (blocks, header_row = row_block (report, 4, header, columns, TRUE));
  g_ptr_array_sort (overdue, compare_due);
  for (guint i = 0; i < overdue->len; i++)
    {
      gpointer *pair = g_ptr_array_index (overdue, i);
      TryggRecord *record = pair[0];
      TryggRecordAction *action = pair[1];
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, record->number);
      g_autofree char *due = trygg_report_format_date (action->due);
      const char *actor = action->actor != NULL && *action->actor != '\0' ? action->actor : record->actor;
      const char *cells[] = { number, action->text, actor != NULL ? actor : "–", due };

      add_row (blocks, header_row, row_block (report, 4, cells, columns, FALSE));
    }
}

static void
add_summary (TryggReport *report,
             GPtrArray   *blocks)
{
  guint counts[TRYGG_N_STATUSES] = { 0 };
  guint n = report->records->len;
  g_autofree char *figures = NULL;
  int percent;

  for (guint i = 0; i < n; i++)
    {
      TryggRecord *record = g_ptr_array_index (report->records, i);

      if ((guint) record->status < TRYGG_N_STATUSES)
        counts[record->status]++;
    }
  percent = n > 0 ? (int) (100.0 * counts[TRYGG_STATUS_FIXED] / n + 0.5) : 0;

  if (n > 0)
    g_ptr_array_add (blocks, trygg_report_block_new_custom (OVERVIEW_MAP_HEIGHT, 14, draw_overview_cb, report, NULL));
  g_ptr_array_add (blocks, legend_block (report, counts));

  g_ptr_array_add (blocks, trygg_report_heading_block (report, _("Summary"), 14, 14));
  /* Translators: "42 findings, of which 24 fixed (57 %)"; the first %u
   * picks the plural */
  figures = g_strdup_printf (ngettext ("%u finding, of which %u fixed (%d %%)",
                                       "%u findings, of which %u fixed (%d %%)", n),
                             n, counts[TRYGG_STATUS_FIXED], percent);
  g_ptr_array_add (blocks, paragraph_block (report, figures, 11, TRYGG_REPORT_INK, 2));

  add_actor_table (report, blocks);
  add_overdue_table (report, blocks);
}

void
trygg_report_place_cover (TryggReport *report)
{
  const TryggReportOptions *options = report->options;
  g_autoptr(GPtrArray) blocks = trygg_report_blocks_new ();
  g_autofree char *printed = trygg_report_format_date_time (report->today);
  g_autofree char *printed_line = NULL;

  if (options->walks != NULL && options->walks->len == 1)
    g_ptr_array_add (blocks, paragraph_block (report, _("Follow-up of the safety walk"), 22, TRYGG_REPORT_INK, 0));
  else
    g_ptr_array_add (blocks, paragraph_block (report, _("Follow-up of safety walks"), 22, TRYGG_REPORT_INK, 0));

  if (report->actor_name != NULL)
    {
      g_autofree char *actor = trygg_report_clean_text (report->actor_name, TRUE);
      /* Translators: %s is the responsible actor the handout is for */
      g_autofree char *title = g_strdup_printf (_("Handout for %s"), actor);
      /* Translators: %s is the responsible actor the handout is for */
      g_autofree char *note = g_strdup_printf (_("Only the findings and measures %s is responsible for."), actor);

      g_ptr_array_add (blocks, trygg_report_heading_block (report, title, 15, 4));
      g_ptr_array_add (blocks, paragraph_block (report, note, 10, TRYGG_REPORT_GREY, 2));
    }

  for (guint i = 0; options->walks != NULL && i < options->walks->len; i++)
    g_ptr_array_add (blocks, walk_block (report, g_ptr_array_index (options->walks, i)));

  /* Translators: %s is today's date */
  printed_line = g_strdup_printf (_("Printed %s"), printed);
  g_ptr_array_add (blocks, paragraph_block (report, printed_line, 9, TRYGG_REPORT_GREY, 8));

  add_summary (report, blocks);
  trygg_report_flow_place (&report->flow, blocks, FALSE);
}
