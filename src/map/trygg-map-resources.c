/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "trygg-map-resources.h"
#include "trygg-map-gresources.h"

/* As for the UI layer's resources: a constructor in a static library is
 * dropped by the linker, so the map's templates are registered by hand
 * before the first one is looked up. */
void
trygg_map_ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      trygg_map_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}
