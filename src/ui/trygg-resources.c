/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "trygg-resources.h"
#include "trygg-ui-resources.h"

/* The resources live in a static library, where a constructor that
 * registers them would be dropped by the linker: register them by hand,
 * once, before the first template is looked up. */
void
trygg_ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      trygg_ui_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}
