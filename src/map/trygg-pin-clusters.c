/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "trygg-pin-clusters.h"

/* Merging pins that would overlap on screen, for one zoom level. Works on
 * pre-projected positions in world pixels, so the result holds for any
 * pan at that zoom and is recomputed only when the zoom or the pins
 * change. */

static inline gint64
cell_key (gint64 ix,
          gint64 iy)
{
  return (ix << 32) ^ (iy & 0xffffffff);
}

/* Greedy clustering on a grid of cells about a marker wide: a pin joins the
 * cluster seeded in its own cell, else the nearest seed within one cell in
 * the eight around it, else it seeds a new cluster. Linear in the pins. */
void
trygg_pin_clusters_build (const double *positions,
                          gsize         stride,
                          guint         n,
                          guint         skip,
                          double        world,
                          double        cell,
                          gboolean      merge,
                          GArray       *clusters,
                          GArray       *members)
{
  g_autoptr(GHashTable) cells = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = g_new (gint64, MAX (n, 1));
  g_autofree double *seeds = g_new (double, 2 * MAX (n, 1));
  g_autofree double *sums = g_new0 (double, 2 * MAX (n, 1));
  g_autofree guint *assign = g_new (guint, MAX (n, 1));
  g_autofree guint *fill = NULL;
  guint n_clusters = 0;

  g_return_if_fail (n == 0 || positions != NULL);
  g_return_if_fail (cell > 0 && world > 0);

  g_array_set_size (clusters, 0);

  for (guint i = 0; i < n; i++)
    {
      const double *e = (const double *) ((const guint8 *) positions + (gsize) i * stride);
      double px = e[0] * world, py = e[1] * world;
      gint64 ix = (gint64) floor (px / cell), iy = (gint64) floor (py / cell);
      gint64 key = cell_key (ix, iy);
      gpointer found;
      guint best = TRYGG_PIN_NO_INDEX;

      /* The selected pin stays on its own so it is always visible. */
      if (i == skip || !merge)
        {
          assign[i] = TRYGG_PIN_NO_INDEX;
          if (i != skip)
            {
              keys[n_clusters] = key;
              seeds[2 * n_clusters] = px;
              seeds[2 * n_clusters + 1] = py;
              assign[i] = n_clusters++;
              sums[2 * assign[i]] += e[0];
              sums[2 * assign[i] + 1] += e[1];
            }
          continue;
        }

      if (g_hash_table_lookup_extended (cells, &key, NULL, &found))
        best = GPOINTER_TO_UINT (found);
      else
        {
          double best_d = cell * cell;

          for (int dx = -1; dx <= 1; dx++)
            for (int dy = -1; dy <= 1; dy++)
              {
                gint64 k = cell_key (ix + dx, iy + dy);
                double sx, sy, d;

                if (!g_hash_table_lookup_extended (cells, &k, NULL, &found))
                  continue;
                sx = seeds[2 * GPOINTER_TO_UINT (found)] - px;
                sy = seeds[2 * GPOINTER_TO_UINT (found) + 1] - py;
                d = sx * sx + sy * sy;
                if (d < best_d)
                  {
                    best_d = d;
                    best = GPOINTER_TO_UINT (found);
                  }
              }
        }

      if (best == TRYGG_PIN_NO_INDEX)
        {
          best = n_clusters++;
          keys[best] = key;
          seeds[2 * best] = px;
          seeds[2 * best + 1] = py;
          g_hash_table_insert (cells, &keys[best], GUINT_TO_POINTER (best));
        }

      assign[i] = best;
      sums[2 * best] += e[0];
      sums[2 * best + 1] += e[1];
    }

  /* Group the members by cluster (a counting sort) and place each cluster
   * at its members' centroid. */
  g_array_set_size (clusters, n_clusters);
  for (guint c = 0; c < n_clusters; c++)
    g_array_index (clusters, TryggPinCluster, c) = (TryggPinCluster) { 0, 0, 0, 0 };
  for (guint i = 0; i < n; i++)
    if (assign[i] != TRYGG_PIN_NO_INDEX)
      g_array_index (clusters, TryggPinCluster, assign[i]).n++;

  fill = g_new0 (guint, MAX (n_clusters, 1));
  for (guint c = 0, first = 0; c < n_clusters; c++)
    {
      TryggPinCluster *cl = &g_array_index (clusters, TryggPinCluster, c);

      cl->first = first;
      cl->mx = sums[2 * c] / cl->n;
      cl->my = sums[2 * c + 1] / cl->n;
      first += cl->n;
    }

  g_array_set_size (members, n);
  for (guint i = 0; i < n; i++)
    if (assign[i] != TRYGG_PIN_NO_INDEX)
      {
        TryggPinCluster *cl = &g_array_index (clusters, TryggPinCluster, assign[i]);

        g_array_index (members, guint, cl->first + fill[assign[i]]++) = i;
      }
}

