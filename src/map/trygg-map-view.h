/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "trygg-findings-layer.h"
#include "trygg-record.h"

G_BEGIN_DECLS

#define TRYGG_TYPE_MAP_VIEW (trygg_map_view_get_type ())

G_DECLARE_FINAL_TYPE (TryggMapView, trygg_map_view, TRYGG, MAP_VIEW, GtkWidget)

GtkWidget          *trygg_map_view_new               (void);

gboolean            trygg_map_view_set_offline_map   (TryggMapView     *self,
                                                      const char       *path,
                                                      GError          **error);
const char         *trygg_map_view_get_offline_map   (TryggMapView     *self);
gboolean            trygg_map_view_get_tiles_failing (TryggMapView     *self);

void                trygg_map_view_set_pins          (TryggMapView     *self,
                                                      const TryggPin   *pins,
                                                      guint             n_pins);
void                trygg_map_view_set_selected      (TryggMapView     *self,
                                                      gconstpointer     id);
void                trygg_map_view_set_large_pins    (TryggMapView     *self,
                                                      gboolean          large);
void                trygg_map_view_set_route         (TryggMapView     *self,
                                                      const TryggRoute *route);
void                trygg_map_view_set_show_legend   (TryggMapView     *self,
                                                      gboolean          show);

void                trygg_map_view_set_adding        (TryggMapView     *self,
                                                      gboolean          adding);
gboolean            trygg_map_view_get_adding        (TryggMapView     *self);

void                trygg_map_view_center_on         (TryggMapView     *self,
                                                      double            latitude,
                                                      double            longitude,
                                                      double            zoom);
void                trygg_map_view_zoom_to_pins      (TryggMapView     *self,
                                                      const TryggPin   *pins,
                                                      guint             n_pins);
void                trygg_map_view_get_visible_bounds (TryggMapView    *self,
                                                      double           *west,
                                                      double           *south,
                                                      double           *east,
                                                      double           *north);

void                trygg_map_view_set_settings      (TryggMapView     *self,
                                                      GSettings        *settings);

gboolean            trygg_map_view_export_png        (TryggMapView     *self,
                                                      GFile            *file,
                                                      int               scale,
                                                      GError          **error);

ShumateViewport    *trygg_map_view_get_viewport      (TryggMapView     *self);
ShumateSimpleMap   *trygg_map_view_get_simple_map    (TryggMapView     *self);
TryggFindingsLayer *trygg_map_view_get_findings_layer (TryggMapView    *self);
ShumateDataSource  *trygg_map_view_get_data_source   (TryggMapView     *self);
ShumateMapSource   *trygg_map_view_get_map_source    (TryggMapView     *self);

G_END_DECLS
