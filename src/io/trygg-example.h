/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "trygg-database.h"

G_BEGIN_DECLS

/* The walk the example lands in. */
#define TRYGG_EXAMPLE_WALK_NAME "Trygghetsvandring Södertälje C"

/* Imports the example walk at Södertälje C (13 findings with measures and
 * the walked route) into @db. The findings have fixed ids, so loading it
 * again changes nothing and never duplicates; a finding the user has edited
 * since keeps the user's version. */
gboolean trygg_example_load (TryggDatabase  *db,
                             GError        **error);

G_END_DECLS
