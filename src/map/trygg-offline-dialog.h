/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "trygg-map-view.h"

G_BEGIN_DECLS

#define TRYGG_TYPE_OFFLINE_DIALOG (trygg_offline_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TryggOfflineDialog, trygg_offline_dialog, TRYGG, OFFLINE_DIALOG, AdwWindow)

TryggOfflineDialog *trygg_offline_dialog_new            (GtkWindow          *parent,
                                                         TryggMapView       *view);
void                trygg_offline_dialog_set_zoom_range (TryggOfflineDialog *self,
                                                         int                 min_zoom,
                                                         int                 max_zoom);
guint64             trygg_offline_dialog_get_n_tiles    (TryggOfflineDialog *self);
void                trygg_offline_dialog_start          (TryggOfflineDialog *self,
                                                         const char         *path);
gboolean            trygg_offline_dialog_get_running    (TryggOfflineDialog *self);
const char         *trygg_offline_dialog_get_error      (TryggOfflineDialog *self);

G_END_DECLS
