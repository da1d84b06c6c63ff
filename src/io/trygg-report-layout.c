/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "trygg-report-private.h"

/* Long enough for any real observation (about 30 pages); keeps a pasted
 * novel from costing minutes of layout. Single lines (names, table cells)
 * are cut much shorter: they are shown cut off anyway. */
#define MAX_TEXT_CHARS 100000
#define MAX_LINE_CHARS 2000

/* Month names are our own translations rather than strftime's: the report
 * must come out in Swedish whenever the user's language is Swedish, also
 * when the C library has no Swedish locale installed (LC_ALL=C.UTF-8 with
 * LANGUAGE=sv). */
static const char *
month_name (int month)
{
  switch (month)
    {
    case 1:  return C_("month", "January");
    case 2:  return C_("month", "February");
    case 3:  return C_("month", "March");
    case 4:  return C_("month", "April");
    case 5:  return C_("month", "May");
    case 6:  return C_("month", "June");
    case 7:  return C_("month", "July");
    case 8:  return C_("month", "August");
    case 9:  return C_("month", "September");
    case 10: return C_("month", "October");
    case 11: return C_("month", "November");
    case 12: return C_("month", "December");
    default: g_return_val_if_reached ("");
    }
}

static char *
format_dmy (int day,
            int month,
            int year)
{
  /* Translators: a date: %1$d is the day of the month, %2$s the month's
   * name, %3$d the year; in Swedish "27 november 2026". */
  return g_strdup_printf (C_("date", "%2$s %1$d, %3$d"), day, month_name (month), year);
}

/* "2026-11-27" → "27 november 2026"; anything else is returned cleaned up
 * but unchanged, so a strange date still shows. */
char *
trygg_report_format_date (const char *iso_date)
{
  int year, month, day;
  char tail;

  if (iso_date == NULL)
    return NULL;

  if (sscanf (iso_date, "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3 &&
      g_date_valid_dmy (day, month, year))
    return format_dmy (day, month, year);

  return trygg_report_clean_text (iso_date, TRUE);
}

char *
trygg_report_format_date_time (GDateTime *date_time)
{
  g_autoptr(GDateTime) local = NULL;

  g_assert (date_time != NULL);

  local = g_date_time_to_local (date_time);
  return format_dmy (g_date_time_get_day_of_month (local),
                     g_date_time_get_month (local),
                     g_date_time_get_year (local));
}

/* A UTC timestamp as stored ("2026-12-03T09:15:00Z") → its local date. */
char *
trygg_report_format_timestamp (const char *iso8601)
{
  g_autoptr(GDateTime) date_time = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (iso8601 == NULL || *iso8601 == '\0')
    return NULL;

  date_time = g_date_time_new_from_iso8601 (iso8601, utc);
  if (date_time == NULL)
    return trygg_report_format_date (iso8601);

  return trygg_report_format_date_time (date_time);
}

const char *
trygg_report_time_of_day_label (const char *time_of_day)
{
  if (g_strcmp0 (time_of_day, "day") == 0)
    /* Translators: after a date on the report's cover, "12 November 2026, day" */
    return C_("time of day after a date", "day");
  if (g_strcmp0 (time_of_day, "evening") == 0)
    /* Translators: after a date on the report's cover, "12 November 2026, evening" */
    return C_("time of day after a date", "evening");
  return NULL;
}

/* Makes user text safe to lay out: valid UTF-8, no control characters but
 * line breaks and tabs, bounded length. */
char *
trygg_report_clean_text (const char *text,
                         gboolean    single_line)
{
  g_autofree char *valid = NULL;
  GString *clean;
  guint n_chars = 0;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  clean = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (++n_chars > (single_line ? MAX_LINE_CHARS : MAX_TEXT_CHARS))
        {
          g_string_append (clean, "…");
          break;
        }
      if (c == '\r')
        continue;
      if (c == '\n' || c == 0x2028 || c == 0x2029)
        c = single_line ? ' ' : '\n';
      else if (c == '\t' || g_unichar_iscntrl (c))
        c = ' ';
      g_string_append_unichar (clean, c);
    }

  return g_string_free (clean, FALSE);
}

void
trygg_report_rich_init (TryggReportRich *rich)
{
  rich->text = g_string_new (NULL);
  rich->attrs = pango_attr_list_new ();
}

/* Appends @text (cleaned, never parsed as markup) with its own font size,
 * weight, style and colour (0xRRGGBB). */
void
trygg_report_rich_append (TryggReportRich *rich,
                          const char      *text,
                          double           size,
                          PangoWeight      weight,
                          PangoStyle       style,
                          guint32          rgb)
{
  g_autofree char *clean = trygg_report_clean_text (text, FALSE);
  guint start = rich->text->len;
  guint end;
  PangoAttribute *attr;

  g_string_append (rich->text, clean);
  end = rich->text->len;
  if (start == end)
    return;

#define ADD(a) G_STMT_START { attr = (a); attr->start_index = start; attr->end_index = end; \
                              pango_attr_list_insert (rich->attrs, attr); } G_STMT_END
  ADD (pango_attr_size_new ((int) (size * PANGO_SCALE)));
  ADD (pango_attr_weight_new (weight));
  ADD (pango_attr_style_new (style));
  ADD (pango_attr_foreground_new (((rgb >> 16) & 0xff) * 257, ((rgb >> 8) & 0xff) * 257, (rgb & 0xff) * 257));
#undef ADD
}

PangoLayout *
trygg_report_rich_finish (TryggReportRich *rich,
                          PangoContext    *context,
                          double           width)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (TRYGG_REPORT_FONT " 10");

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* Right-to-left paragraphs align themselves to the right. */
  pango_layout_set_auto_dir (layout, TRUE);
  pango_layout_set_text (layout, rich->text->str, rich->text->len);
  pango_layout_set_attributes (layout, rich->attrs);

  g_string_free (rich->text, TRUE);
  pango_attr_list_unref (rich->attrs);
  rich->text = NULL;
  rich->attrs = NULL;

  return layout;
}

/* One run of plain text; @max_lines > 0 cuts it off with an ellipsis. */
PangoLayout *
trygg_report_text_layout (PangoContext *context,
                          const char   *text,
                          double        width,
                          double        size,
                          PangoWeight   weight,
                          guint32       rgb,
                          int           max_lines)
{
  TryggReportRich rich;
  PangoLayout *layout;

  trygg_report_rich_init (&rich);
  trygg_report_rich_append (&rich, text, size, weight, PANGO_STYLE_NORMAL, rgb);
  layout = trygg_report_rich_finish (&rich, context, width);
  if (max_lines > 0)
    {
      pango_layout_set_height (layout, -max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }

  return layout;
}

double
trygg_report_layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

/* Draws the lines of @layout whose tops lie in [@from, @to) (layout
 * coordinates), shifted so that @from is at @y. Drawing line by line rather
 * than clipping keeps the PDF's text free of lines hidden on other pages:
 * search and screen readers see each line once. */
static void
draw_lines (cairo_t     *cr,
            PangoLayout *layout,
            double       x,
            double       y,
            double       from,
            double       to)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      double top, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE;
      if (top + 0.01 < from)
        continue;
      if (top + 0.01 >= to)
        break;
      baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      cairo_move_to (cr, x + (double) logical.x / PANGO_SCALE, y + baseline - from);
      pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
}

void
trygg_report_layout_draw (cairo_t     *cr,
                          PangoLayout *layout,
                          double       x,
                          double       y)
{
  draw_lines (cr, layout, x, y, 0, G_MAXDOUBLE);
}

/* The bottom of the last line that ends at or before @limit, or @from when
 * not even one line fits. */
static double
line_break_before (PangoLayout *layout,
                   double       from,
                   double       limit)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double best = from;

  do
    {
      PangoRectangle logical;
      double top, bottom;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE;
      bottom = (double) (logical.y + logical.height) / PANGO_SCALE;
      if (top + 0.01 < from)
        continue;
      if (bottom > limit + 0.01)
        break;
      best = bottom;
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
  return best;
}

static double
first_line_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_line_get_extents (pango_layout_get_line_readonly (layout, 0), NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

TryggReportBlock *
trygg_report_block_new_text (PangoLayout *layout,
                             double       indent,
                             double       space_before)
{
  TryggReportBlock *block = g_new0 (TryggReportBlock, 1);

  block->layout = layout;
  block->indent = indent;
  block->space_before = space_before;
  block->height = trygg_report_layout_height (layout);

  return block;
}

TryggReportBlock *
trygg_report_block_new_custom (double               height,
                               double               space_before,
                               TryggReportBlockDraw draw,
                               gpointer             data,
                               GDestroyNotify       destroy)
{
  TryggReportBlock *block = g_new0 (TryggReportBlock, 1);

  block->height = height;
  block->space_before = space_before;
  block->draw = draw;
  block->data = data;
  block->destroy = destroy;

  return block;
}

void
trygg_report_block_free (TryggReportBlock *block)
{
  if (block == NULL)
    return;

  g_clear_object (&block->layout);
  if (block->destroy != NULL)
    block->destroy (block->data);
  g_free (block);
}

GPtrArray *
trygg_report_blocks_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_report_block_free);
}

/* A layout of a fixed text (a heading, a label, the footer), shared by
 * every place that shows it during this pass; returns a new reference.
 * Only for texts from a small set: the cache lives as long as the pass. */
PangoLayout *
trygg_report_flow_fixed_layout (TryggReportFlow *flow,
                                const char      *text,
                                double           width,
                                double           size,
                                PangoWeight      weight,
                                guint32          rgb)
{
  g_autofree char *key = g_strdup_printf ("%.2f|%.2f|%d|%06x|%s", width, size, weight, rgb, text);
  PangoLayout *layout;

  if (flow->layouts == NULL)
    flow->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  layout = g_hash_table_lookup (flow->layouts, key);
  if (layout == NULL)
    {
      layout = trygg_report_text_layout (flow->pango, text, width, size, weight, rgb, 0);
      g_hash_table_insert (flow->layouts, g_steal_pointer (&key), layout);
    }
  return g_object_ref (layout);
}

static void
open_page (TryggReportFlow *flow)
{
  if (flow->page_open)
    return;

  flow->page++;
  flow->page_open = TRUE;
  flow->y = flow->top;
  if (trygg_report_flow_drawing (flow) && flow->page_draw != NULL)
    flow->page_draw (flow, flow->page_draw_data);
}

void
trygg_report_flow_break_page (TryggReportFlow *flow)
{
  if (!flow->page_open)
    return;

  if (!flow->measuring && flow->only_page == 0)
    cairo_show_page (flow->cr);
  flow->page_open = FALSE;
}

/* Whether what is placed now is drawn: not when measuring, and when
 * printing one page, only on that page. */
gboolean
trygg_report_flow_drawing (TryggReportFlow *flow)
{
  return !flow->measuring && (flow->only_page == 0 || flow->page == flow->only_page);
}

void
trygg_report_flow_finish (TryggReportFlow *flow)
{
  trygg_report_flow_break_page (flow);
  g_clear_pointer (&flow->layouts, g_hash_table_unref);
}

/* What must fit below the current position before @blocks[@i] may start
 * there: the block itself when it cannot split (or its first line), plus
 * the same for the next block when it is kept with it. */
static double
needed_height (GPtrArray *blocks,
               guint      i)
{
  TryggReportBlock *block = g_ptr_array_index (blocks, i);
  double need = block->layout != NULL ? first_line_height (block->layout) : block->height;

  if (block->keep_with_next && i + 1 < blocks->len)
    {
      TryggReportBlock *next = g_ptr_array_index (blocks, i + 1);

      need = block->height + next->space_before + needed_height (blocks, i + 1);
    }
  return need;
}

static double
total_height (GPtrArray *blocks)
{
  double height = 0;

  for (guint i = 0; i < blocks->len; i++)
    {
      TryggReportBlock *block = g_ptr_array_index (blocks, i);

      height += (i > 0 ? block->space_before : 0) + block->height;
    }
  return height;
}

static void
place_text (TryggReportFlow  *flow,
            TryggReportBlock *block)
{
  double from = 0;

  while (from < block->height - 0.01)
    {
      double to;

      open_page (flow);
      to = line_break_before (block->layout, from, from + flow->bottom - flow->y);
      if (to <= from)
        {
          if (flow->y > flow->top)
            {
              trygg_report_flow_break_page (flow);
              continue;
            }
          /* A single line taller than a page: nothing sensible to do but
           * print it and move on. */
          to = line_break_before (block->layout, from, G_MAXDOUBLE / 4);
          to = MIN (to, from + (flow->bottom - flow->top));
          if (to <= from)
            to = block->height;
        }

      if (trygg_report_flow_drawing (flow))
        {
          if (from == 0 && block->draw != NULL)
            block->draw (flow, block, flow->left, flow->y);
          draw_lines (flow->cr, block->layout, flow->left + block->indent, flow->y, from, to);
        }
      flow->y += to - from;
      from = to;
      if (from < block->height - 0.01)
        trygg_report_flow_break_page (flow);
    }
}

/* Places @blocks one after another, breaking pages as needed. With
 * @keep_together, a group that fits on a page is never split: it starts a
 * new page instead. */
void
trygg_report_flow_place (TryggReportFlow *flow,
                         GPtrArray       *blocks,
                         gboolean         keep_together)
{
  double page_height = flow->bottom - flow->top;

  if (blocks->len == 0)
    return;

  open_page (flow);
  if (keep_together && flow->y > flow->top)
    {
      TryggReportBlock *first = g_ptr_array_index (blocks, 0);
      double height = total_height (blocks);

      if (height <= page_height && flow->y + first->space_before + height > flow->bottom)
        trygg_report_flow_break_page (flow);
    }

  for (guint i = 0; i < blocks->len; i++)
    {
      TryggReportBlock *block = g_ptr_array_index (blocks, i);
      double need;

      open_page (flow);
      if (flow->y > flow->top)
        flow->y += block->space_before;
      need = needed_height (blocks, i);
      if (flow->y > flow->top && flow->y + MIN (need, page_height) > flow->bottom)
        {
          trygg_report_flow_break_page (flow);
          open_page (flow);
          /* A table goes on with its header. */
          if (block->header != NULL && block->header->draw != NULL)
            {
              if (trygg_report_flow_drawing (flow))
                block->header->draw (flow, block->header, flow->left, flow->y);
              flow->y += block->header->height;
            }
        }

      if (block->layout != NULL)
        {
          place_text (flow, block);
          continue;
        }

      if (trygg_report_flow_drawing (flow) && block->draw != NULL)
        block->draw (flow, block, flow->left, flow->y);
      flow->y += block->height;
    }
}
