/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "trygg-example.h"
#include "trygg-example-resources.h"
#include "trygg-geojson.h"
#include "trygg-gpx.h"

#define EXAMPLE_PATH RESOURCE_PATH "/example/"

/* Linked from a static library: a resource constructor would be dropped,
 * so register by hand on first use. */
static void
ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      trygg_example_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

gboolean
trygg_example_load (TryggDatabase  *db,
                    GError        **error)
{
  g_autoptr(GBytes) findings = NULL;
  g_autoptr(GBytes) walked = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(TryggRoute) route = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (TRYGG_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ensure_resources ();
  /* Shipped inside the binary: failing to read them is a build error. */
  findings = g_resources_lookup_data (EXAMPLE_PATH "example-walk.geojson", 0, NULL);
  walked = g_resources_lookup_data (EXAMPLE_PATH "example-walk.gpx", 0, NULL);
  g_assert (findings != NULL && walked != NULL);

  data = g_bytes_get_data (findings, &length);
  records = trygg_geojson_read (data, length, NULL, error);
  if (records == NULL)
    return FALSE;
  data = g_bytes_get_data (walked, &length);
  route = trygg_gpx_read (data, length, error);
  if (route == NULL)
    return FALSE;

  /* The walk of DOMAIN.md: an evening in November, its findings noted
   * after dark, by the actors who walked the station area together. */
  return trygg_database_import_records (db, records, TRYGG_EXAMPLE_WALK_NAME,
                                        NULL, NULL, NULL, error) &&
         trygg_database_set_walk_route (db, TRYGG_EXAMPLE_WALK_NAME, route, error) &&
         trygg_database_describe_walk (db, TRYGG_EXAMPLE_WALK_NAME, TRYGG_TIME_OF_DAY_EVENING,
                                       "Stationsområdet vid Södertälje C",
                                       "Kommunens säkerhetsavdelning, Södertälje City (centrumförening), "
                                       "Polisen (kommunpolis), Fastighetsägare, Kollektivtrafik, "
                                       "Socialkontoret (fältare), Samhällsbyggnadskontoret (gata/park), "
                                       "Näringslivsavdelningen",
                                       error);
}
