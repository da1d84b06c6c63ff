/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "trygg-types.h"

G_BEGIN_DECLS

/* One pin as the map sees it: plain data, copied by set_pins. */
typedef struct
{
  double       latitude;
  double       longitude;
  guint        number;
  TryggStatus  status;
  const char  *category_key;  /* copied; NULL = no category */
  gpointer     id;            /* opaque, owned by the caller (e.g. the finding's id) */
} TryggPin;

#define TRYGG_TYPE_FINDINGS_LAYER (trygg_findings_layer_get_type ())

G_DECLARE_FINAL_TYPE (TryggFindingsLayer, trygg_findings_layer, TRYGG, FINDINGS_LAYER, ShumateLayer)

TryggFindingsLayer *trygg_findings_layer_new            (ShumateViewport    *viewport);

void                trygg_findings_layer_set_pins       (TryggFindingsLayer *self,
                                                         const TryggPin     *pins,
                                                         guint               n_pins);
guint               trygg_findings_layer_get_n_pins     (TryggFindingsLayer *self);
const TryggPin     *trygg_findings_layer_get_pin        (TryggFindingsLayer *self,
                                                         guint               index);
gboolean            trygg_findings_layer_find_pin       (TryggFindingsLayer *self,
                                                         gconstpointer       id,
                                                         guint              *out_index);

void                trygg_findings_layer_set_selected   (TryggFindingsLayer *self,
                                                         gconstpointer       id);
gconstpointer       trygg_findings_layer_get_selected   (TryggFindingsLayer *self);
void                trygg_findings_layer_set_large      (TryggFindingsLayer *self,
                                                         gboolean            large);
gboolean            trygg_findings_layer_get_large      (TryggFindingsLayer *self);
void                trygg_findings_layer_set_clustering (TryggFindingsLayer *self,
                                                         gboolean            clustering);

/* Widget coordinates of a location, as this layer draws it (the pin's tip). */
void                trygg_findings_layer_project        (TryggFindingsLayer *self,
                                                         double              latitude,
                                                         double              longitude,
                                                         double             *x,
                                                         double             *y);

/* What is drawn at (x, y), topmost first: a pin (its index in the array
 * given to set_pins) or a cluster (an index for get_cluster_members, valid
 * until the zoom or the pins change). */
gboolean            trygg_findings_layer_hit_test       (TryggFindingsLayer *self,
                                                         double              x,
                                                         double              y,
                                                         guint              *out_index,
                                                         gboolean           *out_is_cluster);
const guint        *trygg_findings_layer_get_cluster_members (TryggFindingsLayer *self,
                                                         guint               cluster,
                                                         guint              *n_members);
/* How many markers (single pins plus clusters) the current zoom shows in
 * all, and how many fall inside the widget. */
guint               trygg_findings_layer_get_n_clusters (TryggFindingsLayer *self);
guint               trygg_findings_layer_count_visible  (TryggFindingsLayer *self);

G_END_DECLS
