/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TRYGG_PIN_NO_INDEX G_MAXUINT

typedef struct
{
  double mx, my;     /* centroid, normalised Web Mercator (0..1) */
  guint  first;      /* index of the first member in the members array */
  guint  n;          /* how many members */
} TryggPinCluster;

/* @positions: normalised x and y of pin 0, the next pin @stride bytes on;
 * @skip: a pin left out of every cluster (the selected one), or
 *   TRYGG_PIN_NO_INDEX;
 * @world: the world's width in pixels at the zoom level;
 * @cell: how close, in pixels, two markers may come before they merge;
 * @merge: FALSE gives one cluster per pin.
 * Fills @clusters (of TryggPinCluster) and @members (of guint, pin
 * indices grouped by cluster). */
void trygg_pin_clusters_build (const double *positions,
                               gsize         stride,
                               guint         n,
                               guint         skip,
                               double        world,
                               double        cell,
                               gboolean      merge,
                               GArray       *clusters,
                               GArray       *members);

G_END_DECLS
