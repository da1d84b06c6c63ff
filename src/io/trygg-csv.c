/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "trygg-csv.h"
#include "trygg-io-private.h"

typedef enum
{
  COL_ID,
  COL_NUMBER,
  COL_TITLE,
  COL_DESCRIPTION,
  COL_CATEGORY,
  COL_STATUS,
  COL_PRIORITY,
  COL_ACTOR,
  COL_LATITUDE,
  COL_LONGITUDE,
  COL_WALK,
  COL_WALK_DATE,
  COL_OBSERVED_AT,
  COL_UPDATED_AT,
  COL_ACTIONS_DONE,
  COL_ACTIONS_TOTAL,
  N_COLUMNS,
  COL_EXTRA = N_COLUMNS,
} Column;

/* The first name of each column is the one the writer uses (INTERFACES.md);
 * the others are what people type. Spaces and hyphens count as '_'. */
static const char * const column_names[N_COLUMNS][7] = {
  [COL_ID]            = { "id", "uuid" },
  [COL_NUMBER]        = { "number", "nummer", "nr", "no" },
  [COL_TITLE]         = { "title", "titel", "namn", "name", "rubrik" },
  [COL_DESCRIPTION]   = { "description", "beskrivning", "desc" },
  [COL_CATEGORY]      = { "category", "kategori" },
  [COL_STATUS]        = { "status" },
  [COL_PRIORITY]      = { "priority", "prioritet" },
  [COL_ACTOR]         = { "actor", "ansvarig_aktör", "ansvarig", "aktör" },
  [COL_LATITUDE]      = { "latitude", "lat", "latitud" },
  [COL_LONGITUDE]     = { "longitude", "lon", "lng", "longitud", "long" },
  [COL_WALK]          = { "walk", "vandring", "trygghetsvandring" },
  [COL_WALK_DATE]     = { "walk_date", "vandringsdatum", "datum", "date" },
  [COL_OBSERVED_AT]   = { "observed_at", "observerad" },
  [COL_UPDATED_AT]    = { "updated_at", "uppdaterad" },
  [COL_ACTIONS_DONE]  = { "actions_done", "åtgärder_klara" },
  [COL_ACTIONS_TOTAL] = { "actions_total", "åtgärder_totalt" },
};

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  guint       line;
  char        separator;
} Reader;

/* Reads one record (which may span lines inside quotes) into @fields.
 * Returns FALSE at the end of the data or on error. */
static gboolean
next_row (Reader     *reader,
          GPtrArray  *fields,
          guint      *out_line,
          GError    **error)
{
  g_autoptr(GString) field = g_string_new (NULL);

  g_ptr_array_set_size (fields, 0);
  if (reader->pos >= reader->length)
    return FALSE;
  *out_line = reader->line;

  for (;;)
    {
      g_string_truncate (field, 0);
      if (reader->pos < reader->length && reader->data[reader->pos] == '"')
        {
          reader->pos++;
          for (;;)
            {
              char c;

              if (reader->pos >= reader->length)
                {
                  g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                               _("Line %u opens a quoted field that is never closed. "
                                 "Nothing was imported; check the quotes and try again."),
                               *out_line);
                  return FALSE;
                }
              c = reader->data[reader->pos++];
              if (c == '"')
                {
                  if (reader->pos < reader->length && reader->data[reader->pos] == '"')
                    reader->pos++;
                  else
                    break;
                }
              else if (c == '\n')
                reader->line++;
              g_string_append_c (field, c);
            }
        }
      /* Unquoted text, or what a sloppy writer left after a closing quote. */
      while (reader->pos < reader->length)
        {
          char c = reader->data[reader->pos];

          if (c == reader->separator || c == '\r' || c == '\n')
            break;
          g_string_append_c (field, c);
          reader->pos++;
        }
      g_ptr_array_add (fields, g_strndup (field->str, field->len));

      if (reader->pos >= reader->length)
        return TRUE;
      if (reader->data[reader->pos] == reader->separator)
        {
          reader->pos++;
          continue;
        }
      if (reader->data[reader->pos] == '\r')
        reader->pos++;
      if (reader->pos < reader->length && reader->data[reader->pos] == '\n')
        reader->pos++;
      reader->line++;
      return TRUE;
    }
}

/* The separator that occurs most often in the header row, outside quotes. */
static char
detect_separator (const char *data,
                  gsize       length)
{
  static const char candidates[] = { ';', ',', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  guint best = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '"')
        quoted = !quoted;
      else if (!quoted && (data[i] == '\n' || data[i] == '\r'))
        break;
      else if (!quoted)
        for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
          if (data[i] == candidates[k])
            counts[k]++;
    }
  for (guint k = 1; k < G_N_ELEMENTS (candidates); k++)
    if (counts[k] > counts[best])
      best = k;
  return candidates[best];
}

static Column
match_column (const char *header)
{
  g_autofree char *stripped = g_strstrip (g_strdup (header));
  g_autofree char *name = g_utf8_casefold (stripped, -1);

  g_strdelimit (name, " -", '_');
  for (guint c = 0; c < N_COLUMNS; c++)
    for (guint k = 0; k < G_N_ELEMENTS (column_names[c]) && column_names[c][k]; k++)
      if (strcmp (name, column_names[c][k]) == 0)
        return c;
  return COL_EXTRA;
}

static const char *
unguard (const char *cell)
{
  if (cell[0] == '\'' && cell[1] != '\0' && strchr ("=+-@\t\r'", cell[1]) != NULL)
    return cell + 1;
  return cell;
}

static char *
dup_text (const char *cell)
{
  return *cell != '\0' ? g_strdup (unguard (cell)) : NULL;
}

static gboolean
read_coordinate (const char  *cell,
                 gboolean     allow_comma,
                 double       limit,
                 guint        line,
                 gboolean     latitude,
                 double      *out_value,
                 GError     **error)
{
  double value;

  if (cell != NULL && trygg_io_parse_double (cell, allow_comma, &value) &&
      value >= -limit && value <= limit)
    {
      *out_value = value;
      return TRUE;
    }

  if (latitude)
    g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                 _("Line %u has no valid latitude (“%s”): a latitude is a number of "
                   "degrees from −90 to 90, like 59.1917. Nothing was imported."),
                 line, cell ? cell : "");
  else
    g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                 _("Line %u has no valid longitude (“%s”): a longitude is a number of "
                   "degrees from −180 to 180, like 17.6278. Nothing was imported."),
                 line, cell ? cell : "");
  return FALSE;
}

/* Returns FALSE when the cell is to be kept as a "name: value" line. */
static gboolean
read_cell (TryggRecord *record,
           Column       column,
           const char  *cell)
{
  guint64 number;

  switch (column)
    {
    case COL_ID:
      record->id = dup_text (cell);
      return TRUE;
    case COL_NUMBER:
      if (g_ascii_string_to_unsigned (cell, 10, 0, G_MAXINT32, &number, NULL))
        {
          record->number = number;
          return TRUE;
        }
      break;
    case COL_TITLE:
      record->title = dup_text (cell);
      return TRUE;
    case COL_DESCRIPTION:
      record->description = dup_text (cell);
      return TRUE;
    case COL_CATEGORY:
      record->category = dup_text (cell);
      return TRUE;
    case COL_STATUS:
      if ((record->has_status = trygg_io_parse_status (cell, &record->status)))
        return TRUE;
      break;
    case COL_PRIORITY:
      if ((record->has_priority = trygg_io_parse_priority (cell, &record->priority)))
        return TRUE;
      break;
    case COL_ACTOR:
      record->actor = dup_text (cell);
      return TRUE;
    case COL_WALK:
      record->walk = dup_text (cell);
      return TRUE;
    case COL_WALK_DATE:
      if (trygg_date_is_valid (cell))
        {
          record->walk_date = g_strdup (cell);
          return TRUE;
        }
      break;
    case COL_OBSERVED_AT:
      if ((record->observed_at = trygg_io_normalize_time (cell)) != NULL)
        return TRUE;
      break;
    case COL_UPDATED_AT:
      if ((record->updated_at = trygg_io_normalize_time (cell)) != NULL)
        return TRUE;
      break;
    case COL_ACTIONS_DONE:
    case COL_ACTIONS_TOTAL:
      /* Counts of the checklist, which stays in the database it came from. */
      return TRUE;
    case COL_LATITUDE:
    case COL_LONGITUDE:
    case COL_EXTRA:
    default:
      break;
    }
  return FALSE;
}

static gboolean
is_blank (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    {
      const char *cell = g_ptr_array_index (fields, i);

      for (; *cell; cell++)
        if (!g_ascii_isspace (*cell))
          return FALSE;
    }
  return TRUE;
}

GPtrArray *
trygg_csv_read (const char        *data,
                gsize              length,
                TryggImportStats  *stats,
                GError           **error)
{
  return trygg_csv_read_with_progress (data, length, stats, NULL, NULL, error);
}

GPtrArray *
trygg_csv_read_with_progress (const char        *data,
                              gsize              length,
                              TryggImportStats  *stats,
                              TryggProgressFunc  progress,
                              gpointer           progress_data,
                              GError           **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (Column));
  g_autoptr(GArray) extras = g_array_new (FALSE, FALSE, sizeof (guint));
  gint lat_index = -1, lon_index = -1;
  Reader reader = { 0 };
  guint line = 1;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (stats != NULL)
    stats->skipped = 0;
  data = trygg_io_skip_bom (data, &length);
  if (!trygg_io_check_utf8 (data, length, error))
    return NULL;

  reader = (Reader) { data, length, 0, 1, detect_separator (data, length) };
  if (!next_row (&reader, header, &line, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                     _("The file is empty. Nothing was imported."));
      return NULL;
    }

  for (guint i = 0; i < header->len; i++)
    {
      Column column = match_column (g_ptr_array_index (header, i));

      /* A repeated name is kept as an extra column, never lost. */
      for (guint j = 0; j < columns->len; j++)
        if (column != COL_EXTRA && g_array_index (columns, Column, j) == column)
          column = COL_EXTRA;
      g_array_append_val (columns, column);
      if (column == COL_LATITUDE)
        lat_index = i;
      else if (column == COL_LONGITUDE)
        lon_index = i;
    }
  if (lat_index < 0 || lon_index < 0)
    {
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
                   _("The first line of the file names no latitude and longitude columns "
                     "(such as “latitude” and “longitude”, or “lat” and “lon”). Nothing "
                     "was imported."));
      return NULL;
    }

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  while (next_row (&reader, fields, &line, error))
    {
      g_autoptr(TryggRecord) record = NULL;
      gboolean allow_comma = reader.separator != ',';

      if (is_blank (fields))
        continue;
      record = trygg_record_new ();
      record->source_index = line;
      if (!read_coordinate (lat_index < (gint) fields->len ? g_ptr_array_index (fields, lat_index) : NULL,
                            allow_comma, 90, line, TRUE, &record->latitude, error) ||
          !read_coordinate (lon_index < (gint) fields->len ? g_ptr_array_index (fields, lon_index) : NULL,
                            allow_comma, 180, line, FALSE, &record->longitude, error))
        return NULL;

      /* Known columns first, so that the extras follow the description
       * wherever they stand in the row. */
      g_array_set_size (extras, 0);
      for (guint i = 0; i < MIN (fields->len, columns->len); i++)
        {
          const char *cell = g_ptr_array_index (fields, i);

          if (*cell != '\0' && (gint) i != lat_index && (gint) i != lon_index &&
              !read_cell (record, g_array_index (columns, Column, i), cell))
            g_array_append_val (extras, i);
        }
      for (guint k = 0; k < extras->len; k++)
        {
          guint i = g_array_index (extras, guint, k);

          trygg_io_append_extra (record, g_ptr_array_index (header, i),
                                 unguard (g_ptr_array_index (fields, i)));
        }
      g_ptr_array_add (records, g_steal_pointer (&record));
      if (progress != NULL && records->len % 1000 == 0)
        progress ((double) reader.pos / MAX (reader.length, 1), progress_data);
    }
  if (error != NULL && *error != NULL)
    return NULL;

  return g_steal_pointer (&records);
}

/* Writing */

static void
append_cell (GString    *row,
             const char *text,
             gboolean    guard)
{
  gboolean needs_guard, needs_quotes;

  g_string_append_c (row, ';');
  if (text == NULL || *text == '\0')
    return;

  needs_guard = guard && strchr ("=+-@\t\r'", text[0]) != NULL;
  needs_quotes = strpbrk (text, ";\"\r\n") != NULL ||
                 g_ascii_isspace (text[0]) || g_ascii_isspace (text[strlen (text) - 1]);
  if (needs_quotes)
    g_string_append_c (row, '"');
  if (needs_guard)
    g_string_append_c (row, '\'');
  /* Quotes are doubled: each run up to and including one is written,
   * then the quote once more. */
  for (const char *p = text, *quote; *p; p = quote + 1)
    {
      if ((quote = strchr (p, '"')) == NULL)
        {
          g_string_append (row, p);
          break;
        }
      g_string_append_len (row, p, quote - p + 1);
      g_string_append_c (row, '"');
    }
  if (needs_quotes)
    g_string_append_c (row, '"');
}

static void
append_number (GString    *row,
               const char *format,
               double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  append_cell (row, g_ascii_formatd (buffer, sizeof buffer, format, value), FALSE);
}

static void
format_row (GString           *row,
            const TryggRecord *record)
{
  char number[32];

  g_string_truncate (row, 0);
  append_cell (row, record->id, FALSE);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, record->number);
  append_cell (row, number, FALSE);
  append_cell (row, record->title, TRUE);
  append_cell (row, record->description, TRUE);
  append_cell (row, record->category, TRUE);
  append_cell (row, trygg_status_to_key (record->has_status ? record->status : TRYGG_STATUS_NEW), FALSE);
  append_cell (row, trygg_priority_to_key (record->has_priority ? record->priority
                                                                : TRYGG_PRIORITY_MEDIUM), FALSE);
  append_cell (row, record->actor, TRUE);
  append_number (row, "%.7f", record->latitude);
  append_number (row, "%.7f", record->longitude);
  append_cell (row, record->walk, TRUE);
  append_cell (row, record->walk_date, FALSE);
  append_cell (row, record->observed_at, FALSE);
  append_cell (row, record->updated_at, FALSE);
  g_snprintf (number, sizeof number, "%u", record->actions_done);
  append_cell (row, number, FALSE);
  g_snprintf (number, sizeof number, "%u", record->actions ? record->actions->len : 0);
  append_cell (row, number, FALSE);
  /* Every cell above began with its separator; the first needs none. */
  g_string_erase (row, 0, 1);
  g_string_append (row, "\r\n");
}

gboolean
trygg_csv_write (GPtrArray      *records,
                 GOutputStream  *out,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(GString) row = g_string_new ("\xEF\xBB\xBF");

  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      if (c > 0)
        g_string_append_c (row, ';');
      g_string_append (row, column_names[c][0]);
    }
  g_string_append (row, "\r\n");
  if (!g_output_stream_write_all (out, row->str, row->len, NULL, cancellable, error))
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      format_row (row, g_ptr_array_index (records, i));
      if (!g_output_stream_write_all (out, row->str, row->len, NULL, cancellable, error))
        return FALSE;
    }
  return TRUE;
}
