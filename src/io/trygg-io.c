/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "trygg-io-private.h"

G_DEFINE_QUARK (trygg-io-error-quark, trygg_io_error)

/* Swedish words are accepted whatever language the program runs in: a
 * colleague's spreadsheet is Swedish even when this desktop is English. */
static const struct { const char *word; TryggStatus status; } status_words[] = {
  { "ny", TRYGG_STATUS_NEW },
  { "in progress", TRYGG_STATUS_IN_PROGRESS },
  { "tilldelad", TRYGG_STATUS_ASSIGNED },
  { "pågående", TRYGG_STATUS_IN_PROGRESS },
  { "åtgärdad", TRYGG_STATUS_FIXED },
  { "won't fix", TRYGG_STATUS_WONT_FIX },
  { "won’t fix", TRYGG_STATUS_WONT_FIX },
  { "åtgärdas ej", TRYGG_STATUS_WONT_FIX },
};

static const struct { const char *word; TryggPriority priority; } priority_words[] = {
  { "låg", TRYGG_PRIORITY_LOW },
  { "medel", TRYGG_PRIORITY_MEDIUM },
  { "hög", TRYGG_PRIORITY_HIGH },
};

const char *
trygg_io_skip_bom (const char *data,
                   gsize      *length)
{
  if (*length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      *length -= 3;
      return data + 3;
    }
  return data;
}

gboolean
trygg_io_check_utf8 (const char  *data,
                     gsize        length,
                     GError     **error)
{
  const char *end = NULL;
  guint line = 1;

  if (g_utf8_validate_len (data, length, &end))
    return TRUE;

  for (const char *p = data; p < end; p++)
    if (*p == '\n')
      line++;
  g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_INVALID,
               _("The file is not UTF-8 text: line %u holds bytes that are not "
                 "letters. Save it as UTF-8 and try again."), line);
  return FALSE;
}

static char *
fold (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  return g_utf8_casefold (stripped, -1);
}

gboolean
trygg_io_parse_status (const char  *text,
                       TryggStatus *out_status)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = fold (text);
  if (trygg_status_from_key (folded, out_status))
    return TRUE;
  for (guint i = 0; i < TRYGG_N_STATUSES; i++)
    {
      g_autofree char *label = g_utf8_casefold (trygg_status_to_label (i), -1);

      if (strcmp (folded, label) == 0)
        {
          *out_status = i;
          return TRUE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (status_words); i++)
    {
      if (strcmp (folded, status_words[i].word) == 0)
        {
          *out_status = status_words[i].status;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
trygg_io_parse_priority (const char    *text,
                         TryggPriority *out_priority)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = fold (text);
  if (trygg_priority_from_key (folded, out_priority))
    return TRUE;
  for (guint i = TRYGG_PRIORITY_LOW; i <= TRYGG_PRIORITY_HIGH; i++)
    {
      g_autofree char *label = g_utf8_casefold (trygg_priority_to_label (i), -1);

      if (strcmp (folded, label) == 0)
        {
          *out_priority = i;
          return TRUE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (priority_words); i++)
    {
      if (strcmp (folded, priority_words[i].word) == 0)
        {
          *out_priority = priority_words[i].priority;
          return TRUE;
        }
    }
  return FALSE;
}

char *
trygg_io_normalize_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) in_utc = NULL;
  g_autofree char *copy = NULL;

  if (text == NULL || strlen (text) < 10 || strlen (text) > 64)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (strlen (copy) > 10 && copy[10] == ' ')
    copy[10] = 'T';
  parsed = g_date_time_new_from_iso8601 (copy, utc);
  if (parsed == NULL && strlen (copy) == 16)
    {
      /* GLib wants seconds; spreadsheets often leave them out. */
      g_autofree char *with_seconds = g_strconcat (copy, ":00", NULL);

      parsed = g_date_time_new_from_iso8601 (with_seconds, utc);
    }
  if (parsed == NULL)
    return NULL;
  in_utc = g_date_time_to_utc (parsed);
  return g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%SZ");
}

void
trygg_io_append_extra (TryggRecord *record,
                       const char  *key,
                       const char  *value)
{
  GString *description;

  description = g_string_new (record->description);
  if (description->len > 0)
    g_string_append_c (description, '\n');
  g_string_append_printf (description, "%s: %s", key, value);
  g_free (record->description);
  record->description = g_string_free (description, FALSE);
}

gboolean
trygg_io_parse_double (const char *text,
                       gboolean    allow_comma,
                       double     *out_value)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  double value;

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0' || strlen (copy) > 64)
    return FALSE;
  if (allow_comma)
    g_strdelimit (copy, ",", '.');
  /* g_ascii_strtod also reads "nan", "inf" and hex floats: a coordinate
   * is plain digits, a sign, one point and perhaps an exponent. */
  for (const char *p = copy; *p; p++)
    if (!g_ascii_isdigit (*p) && strchr ("+-.eE", *p) == NULL)
      return FALSE;
  value = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (value))
    return FALSE;
  *out_value = value;
  return TRUE;
}

/* Writes a file beside @path and renames it into place only when @write
 * succeeded and the data is on disk: a failed export never leaves half a
 * file, and never harms the file that was there. The rename stays on one
 * file system, so it is atomic. */
gboolean
trygg_io_write_file_atomically (const char       *path,
                                TryggIoWriteFunc  write,
                                gpointer          user_data,
                                GError          **error)
{
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GFile) temp_file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *temp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  int fd;

  fd = g_mkstemp_full (temp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_FAILED,
                   _("Could not write “%s”: %s. Check that the folder exists and that "
                     "you may write to it."), path, g_strerror (saved_errno));
      return FALSE;
    }
  g_close (fd, NULL);

  temp_file = g_file_new_for_path (temp_path);
  out = g_file_append_to (temp_file, G_FILE_CREATE_NONE, NULL, &local_error);
  if (out == NULL ||
      !write (G_OUTPUT_STREAM (out), user_data, &local_error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &local_error) ||
      g_rename (temp_path, path) != 0)
    {
      if (local_error == NULL)
        local_error = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errno), g_strerror (errno));
      g_unlink (temp_path);
      g_set_error (error, TRYGG_IO_ERROR, TRYGG_IO_ERROR_FAILED,
                   _("Could not write “%s”: %s. Nothing was written; check that the "
                     "disk is not full and try again."), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}
