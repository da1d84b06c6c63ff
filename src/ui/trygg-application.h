/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TRYGG_TYPE_APPLICATION (trygg_application_get_type ())

G_DECLARE_FINAL_TYPE (TryggApplication, trygg_application, TRYGG, APPLICATION, AdwApplication)

TryggApplication *trygg_application_new              (void);
GSettings        *trygg_application_get_settings     (TryggApplication *self);
void              trygg_application_open_database    (TryggApplication *self,
                                                      const char       *path);

G_END_DECLS
