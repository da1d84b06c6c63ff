/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "trygg-database-private.h"
#include "trygg-database.h"

/**
 * trygg_database_get_walk_route:
 * @walk_id: the walk's id
 *
 * Reads the walked route of a walk, in the order it was walked.
 *
 * Returns: (transfer full): the route (with no points when the walk has
 *   none), or %NULL with @error set
 */
TryggRoute *
trygg_database_get_walk_route (TryggDatabase  *self,
                               const char     *walk_id,
                               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(TryggRoute) route = NULL;
  int rc;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);
  g_return_val_if_fail (walk_id != NULL, NULL);

  stmt = trygg_database_prepare (self,
                                 "SELECT latitude, longitude FROM route_point"
                                 " WHERE walk_id = ?1 ORDER BY seq",
                                 error);
  if (stmt == NULL)
    return NULL;
  trygg_bind_text (stmt, 1, walk_id);

  route = trygg_route_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TryggRoutePoint point = {
        .latitude = sqlite3_column_double (stmt, 0),
        .longitude = sqlite3_column_double (stmt, 1),
      };

      g_array_append_val (route->points, point);
    }
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&route);
}
