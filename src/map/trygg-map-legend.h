/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TRYGG_TYPE_MAP_LEGEND (trygg_map_legend_get_type ())

G_DECLARE_FINAL_TYPE (TryggMapLegend, trygg_map_legend, TRYGG, MAP_LEGEND, GtkWidget)

GtkWidget *trygg_map_legend_new (void);

G_END_DECLS
