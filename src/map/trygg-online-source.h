/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define TRYGG_USER_AGENT "Trygghetskarta/" PACKAGE_VERSION " (+https://gitlab.com/sodertalje/trygghetskarta)"
#define TRYGG_OSM_TILE_URL "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

#define TRYGG_TYPE_ONLINE_SOURCE (trygg_online_source_get_type ())

G_DECLARE_FINAL_TYPE (TryggOnlineSource, trygg_online_source, TRYGG, ONLINE_SOURCE, ShumateDataSource)

TryggOnlineSource *trygg_online_source_new           (const char        *url_template);
gboolean           trygg_online_source_get_failing   (TryggOnlineSource *self);
guint              trygg_online_source_get_n_failed  (TryggOnlineSource *self);
guint              trygg_online_source_get_n_loaded  (TryggOnlineSource *self);
ShumateMapSource  *trygg_online_source_create_renderer (TryggOnlineSource *self);

G_END_DECLS
