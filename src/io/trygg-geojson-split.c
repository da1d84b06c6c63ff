/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "trygg-geojson-split.h"

/* One pass over a GeoJSON file's text before any parser sees it. It is
 * not a JSON parser and need not be one: it follows strings and brackets.
 *
 * It measures nesting, so that no parser is handed a file that would
 * exhaust its stack, and notes raw control characters inside strings and
 * \u escapes, which the reader treats specially, and half surrogate pairs,
 * which it refuses. It counts the items of the root's "features" array,
 * so that the reader can say how far it has come.
 *
 * And it finds where a large FeatureCollection can be read as two
 * documents, one on each processor core: making records of what the
 * parser reads takes longer than the parsing. The cut is at a comma
 * between two items of the root's "features" array, near the middle of
 * the text:
 *
 *   head: everything before the comma, then everything from the array's
 *         closing bracket on (the root with the first items),
 *   tail: "[" + the items after the comma + "]".
 *
 * When the parser takes both as JSON, the file was JSON: the tail is a list of
 * values, the head's array ends with a whole value (the comma does not
 * follow a '[', and a trailing comma is not JSON), so the comma joins two
 * lists of values. When either part is not JSON, or anything here is not
 * as expected, the reader reads the file in one piece and says what it
 * always said. */

typedef enum { IN_OBJECT, IN_ARRAY } Bracket;

/* The UTF-16 unit of the \u escape at @data (the backslash), or G_MAXUINT
 * when it is not four hex digits (which no parser takes). */
static guint
escaped_unit (const char *data,
              gsize       available)
{
  guint unit = 0;

  if (available < 6)
    return G_MAXUINT;
  for (guint i = 2; i < 6; i++)
    {
      int digit = g_ascii_xdigit_value (data[i]);

      if (digit < 0)
        return G_MAXUINT;
      unit = unit * 16 + digit;
    }
  return unit;
}

void
trygg_geojson_scan (const char      *data,
                    gsize            length,
                    guint            max_depth,
                    guint            min_items,
                    TryggGeojsonScan *scan)
{
  g_autofree Bracket *stack = g_new (Bracket, max_depth + 2);
  guint depth = 0, line = 1, n_features_keys = 0, n_items = 0, best_before = 0;
  gboolean in_string = FALSE, in_features = FALSE, features_done = FALSE;
  gboolean escaped_string = FALSE, after_open = FALSE, can_split = min_items != G_MAXUINT;
  gsize string_start = 0, middle = length / 2;
  gsize best = 0, best_distance = G_MAXSIZE, close = 0;
  gsize low_surrogate_at = 0;  /* where a high surrogate's pair must be */

  memset (scan, 0, sizeof *scan);

  for (gsize i = 0; i < length; i++)
    {
      char c;

      /* Most of a file is the inside of strings: skip to what matters
       * there without the rest of the loop. */
      if (in_string)
        while (i < length && data[i] != '"' && data[i] != '\\' && (guchar) data[i] >= 0x20)
          i++;
      if (i >= length)
        break;
      c = data[i];
      if (c == '\n')
        line++;
      if (in_string)
        {
          /* A surrogate escape must be half of a pair: a high one
           * (D800–DBFF) followed at once by a low one (DC00–DFFF). */
          if (low_surrogate_at != 0 &&
              (i != low_surrogate_at || c != '\\' || i + 1 >= length || data[i + 1] != 'u'))
            scan->bad_surrogate = TRUE;
          if (c == '\\')
            {
              escaped_string = TRUE;
              if (i + 1 < length && data[i + 1] == 'u')
                {
                  guint unit = escaped_unit (data + i, length - i);
                  gboolean low = unit >= 0xdc00 && unit <= 0xdfff;

                  scan->has_escapes = TRUE;
                  if (low != (low_surrogate_at == i))
                    scan->bad_surrogate = TRUE;
                  low_surrogate_at = unit >= 0xd800 && unit <= 0xdbff ? i + 6 : 0;
                }
              i++;
            }
          else if (c == '"')
            {
              gsize j = i + 1;

              in_string = FALSE;
              /* A string directly in the root object followed by ':' is a
               * member's name. */
              if (depth != 1 || stack[1] != IN_OBJECT)
                continue;
              while (j < length && g_ascii_isspace (data[j]))
                j++;
              if (j >= length || data[j] != ':')
                continue;
              /* An escaped name might spell "features", which the reader
               * would take: do not guess. */
              if (escaped_string)
                can_split = FALSE;
              else if (i - string_start == 8 && memcmp (data + string_start, "features", 8) == 0)
                {
                  n_features_keys++;
                  for (j++; j < length && g_ascii_isspace (data[j]); j++)
                    ;
                  in_features = j < length && data[j] == '[';
                  if (!in_features)
                    can_split = FALSE;
                }
            }
          else if ((guchar) c < 0x20)
            scan->raw_controls = TRUE;
          continue;
        }

      if (c == '"')
        {
          in_string = TRUE;
          escaped_string = FALSE;
          string_start = i + 1;
          after_open = FALSE;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            {
              scan->too_deep_line = line;
              return;
            }
          stack[depth] = c == '{' ? IN_OBJECT : IN_ARRAY;
          after_open = TRUE;
        }
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            {
              can_split = FALSE;
              continue;
            }
          if (stack[depth] != (c == '}' ? IN_OBJECT : IN_ARRAY))
            can_split = FALSE;
          if (depth == 2 && in_features)
            {
              in_features = FALSE;
              features_done = TRUE;
              close = i;
            }
          depth--;
          after_open = FALSE;
        }
      else if (c == ',')
        {
          if (depth == 2 && in_features)
            {
              gsize distance = i > middle ? i - middle : middle - i;

              if (after_open)
                can_split = FALSE;
              n_items++;
              if (distance < best_distance)
                {
                  best = i;
                  best_distance = distance;
                  best_before = n_items;
                }
            }
          after_open = FALSE;
        }
      else if (!g_ascii_isspace (c))
        after_open = FALSE;
    }

  scan->can_split = can_split && !in_string && depth == 0 && n_features_keys == 1 &&
                    features_done && n_items + 1 >= MAX (min_items, 2);
  scan->n_items = features_done && n_features_keys == 1 ? n_items + 1 : 0;
  scan->split.comma = best;
  scan->split.close = close;
  scan->split.n_before = best_before;
}
