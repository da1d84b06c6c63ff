/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "trygg-application.h"
#include "trygg-finding.h"

G_BEGIN_DECLS

#define TRYGG_TYPE_WINDOW (trygg_window_get_type ())

G_DECLARE_FINAL_TYPE (TryggWindow, trygg_window, TRYGG, WINDOW, AdwApplicationWindow)

TryggWindow *trygg_window_new                (TryggApplication *application,
                                              const char       *database_path,
                                              gboolean          is_default_database);
const char  *trygg_window_get_database_path  (TryggWindow      *self);
const char  *trygg_window_get_offline_map    (TryggWindow      *self);
void         trygg_window_set_offline_map    (TryggWindow      *self,
                                              const char       *path);
void         trygg_window_add_toast          (TryggWindow      *self,
                                              AdwToast         *toast);
void         trygg_window_import_file        (TryggWindow      *self,
                                              const char       *path);
void         trygg_window_export_file        (TryggWindow      *self,
                                              const char       *path);
gboolean     trygg_window_get_presenting     (TryggWindow      *self);
TryggFinding *trygg_window_get_selected_finding (TryggWindow    *self);
void         trygg_window_set_selected_finding (TryggWindow     *self,
                                                TryggFinding    *finding);

G_END_DECLS
