/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* What every benchmark does with its runs' timings. */

static inline int
bench_compare_doubles (const void *a,
                       const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The value at @p (0.5: the median, 0.95: the 95th percentile) of the
 * @n_values at @values, the nearest one in order; NAN when there are
 * none. @values is left as it was. */
static inline double
bench_percentile (const double *values,
                  guint         n_values,
                  double        p)
{
  g_autofree double *sorted = NULL;

  if (n_values == 0)
    return NAN;
  sorted = g_memdup2 (values, n_values * sizeof (double));
  qsort (sorted, n_values, sizeof (double), bench_compare_doubles);
  return sorted[(guint) MIN (n_values - 1, floor (p * (n_values - 1) + 0.5))];
}

static inline double
bench_median (const double *values,
              guint         n_values)
{
  return bench_percentile (values, n_values, 0.5);
}

/* The same of a GArray of doubles. */
static inline double
bench_array_percentile (GArray *values,
                        double  p)
{
  return bench_percentile ((const double *) (gpointer) values->data, values->len, p);
}
