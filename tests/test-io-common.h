/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "trygg-io.h"

static inline GBytes *
load_data (const char *name)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

typedef gboolean (*WriteFunc) (GPtrArray *, GOutputStream *, GCancellable *, GError **);

static inline GBytes *
write_to_bytes (WriteFunc  write,
                GPtrArray *records)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (write (records, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static inline void
assert_bytes_equal (GBytes *actual,
                    GBytes *expected)
{
  g_autofree char *a = g_strndup (g_bytes_get_data (actual, NULL), g_bytes_get_size (actual));
  g_autofree char *e = g_strndup (g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));

  g_assert_cmpstr (a, ==, e);
}

/* A TryggProgressFunc that keeps every fraction in a GArray of double. */
static inline void
collect_progress (double   fraction,
                  gpointer user_data)
{
  g_array_append_val ((GArray *) user_data, fraction);
}

/* Fractions that only rise, above 0 and up to 1. */
static inline void
assert_progress_rises (GArray *fractions)
{
  for (guint i = 0; i < fractions->len; i++)
    {
      double fraction = g_array_index (fractions, double, i);

      g_assert_cmpfloat (fraction, >, i > 0 ? g_array_index (fractions, double, i - 1) : 0);
      g_assert_cmpfloat (fraction, <=, 1.0);
    }
}
