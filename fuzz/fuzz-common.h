/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <stdint.h>

#include "trygg-geojson.h"
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

/* Reads @data as a large GeoJSON import does: streamed in batches where
 * the file allows (see trygg_transfer_import_file()), else whole. */
static inline GPtrArray *
fuzz_stream_read (const char        *data,
                  gsize              size,
                  TryggImportStats  *stats,
                  GError           **error)
{
  g_autoptr(TryggGeojsonStream) stream = trygg_geojson_stream_new (data, size);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_free);
  GPtrArray *batch;
  gboolean read_again = FALSE;

  if (stream == NULL)
    return trygg_geojson_read (data, size, stats, error);
  while ((batch = trygg_geojson_stream_next (stream)) != NULL)
    {
      g_ptr_array_extend (records, batch, NULL, NULL);
      /* The records now belong to @records. */
      g_ptr_array_set_free_func (batch, NULL);
      g_ptr_array_unref (batch);
    }
  if (trygg_geojson_stream_finish (stream, stats, &read_again, error))
    return g_steal_pointer (&records);
  return read_again ? trygg_geojson_read (data, size, stats, error) : NULL;
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
