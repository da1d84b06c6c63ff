/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TRYGG_TYPE_PREFERENCES_WINDOW (trygg_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TryggPreferencesWindow, trygg_preferences_window, TRYGG, PREFERENCES_WINDOW, AdwPreferencesWindow)

TryggPreferencesWindow *trygg_preferences_window_new (GtkWindow *parent,
                                                      GSettings *settings);

G_END_DECLS
