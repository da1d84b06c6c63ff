/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <stdint.h>

#include "trygg-io.h"

/* libFuzzer's entry point; declared for -Wmissing-prototypes. */
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef GPtrArray *(*ReadFunc)  (const char *, gsize, TryggImportStats *, GError **);
typedef gboolean   (*WriteFunc) (GPtrArray *, GOutputStream *, GCancellable *, GError **);

/* Whatever we manage to read, we must be able to write, and what we write
 * we must read back as the same number of findings at the same places. */
static inline void
fuzz_round_trip (ReadFunc       read,
                 WriteFunc      write,
                 const uint8_t *data,
                 size_t         size)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  records = read ((const char *) data, size, NULL, &error);
  if (records == NULL)
    {
      g_assert (error != NULL && error->domain == TRYGG_IO_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  g_assert_no_error (error);

  out = g_memory_output_stream_new_resizable ();
  if (!write (records, out, NULL, &error))
    g_error ("writing what was read failed: %s", error->message);
  g_output_stream_close (out, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  again = read (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, &error);
  if (again == NULL)
    g_error ("reading what was written failed: %s", error->message);
  g_assert_cmpuint (again->len, ==, records->len);
  for (guint i = 0; i < records->len; i++)
    {
      const TryggRecord *a = g_ptr_array_index (records, i);
      const TryggRecord *b = g_ptr_array_index (again, i);

      g_assert_cmpfloat_with_epsilon (a->latitude, b->latitude, 1e-6);
      g_assert_cmpfloat_with_epsilon (a->longitude, b->longitude, 1e-6);
      g_assert_cmpstr (a->id, ==, b->id);
    }
}

/* Serialises what a read made of a file, error or records, so that two
 * ways of reading it can be compared. */
static inline char *
fuzz_describe_read (ReadFunc       read,
                    WriteFunc      write,
                    const uint8_t *data,
                    size_t         size)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  TryggImportStats stats = { 0 };
  GString *text;

  records = read ((const char *) data, size, &stats, &error);
  if (records == NULL)
    return g_strdup_printf ("error %d: %s", error->code, error->message);

  text = g_string_new (NULL);
  g_string_append_printf (text, "%u records, %u skipped\n", records->len, stats.skipped);
  for (guint i = 0; i < records->len; i++)
    g_string_append_printf (text, "%u ", ((const TryggRecord *) g_ptr_array_index (records, i))->source_index);
  out = g_memory_output_stream_new_resizable ();
  if (!write (records, out, NULL, &error))
    g_error ("writing what was read failed: %s", error->message);
  g_output_stream_close (out, NULL, NULL);
  g_string_append_len (text, g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                       g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
  return g_string_free (text, FALSE);
}
