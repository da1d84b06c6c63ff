/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-common.h"
#include "trygg-gpx.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TryggRoute) route = NULL;
  g_autoptr(GError) error = NULL;

  route = trygg_gpx_read ((const char *) data, size, &error);
  g_assert ((route == NULL) == (error != NULL));
  if (route != NULL)
    g_assert_cmpuint (route->points->len, >=, 2);
  return 0;
}
