/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void trygg_map_ensure_resources (void);

G_END_DECLS
