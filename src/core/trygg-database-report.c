/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "trygg-database-private.h"
#include "trygg-database.h"
#include "trygg-models-private.h"

/* What a report needs beyond the exported records: the walks' own details
 * and the photos, read on the caller's connection so that a report can be
 * written in a worker thread with a connection of its own. */

/**
 * trygg_database_list_walks:
 *
 * Returns: (transfer full) (element-type TryggWalk): every walk, by date
 *   and name, or %NULL with @error set
 */
GPtrArray *
trygg_database_list_walks (TryggDatabase  *self,
                           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) walks = NULL;
  int rc;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);

  stmt = trygg_database_prepare (self,
                                 "SELECT id, name, date, time_of_day, area, participants, route_name"
                                 " FROM walk ORDER BY date, name",
                                 error);
  if (stmt == NULL)
    return NULL;

  walks = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TryggWalk *walk = trygg_walk_new ();
      TryggTimeOfDay time_of_day = TRYGG_TIME_OF_DAY_DAY;

      trygg_time_of_day_from_key ((const char *) sqlite3_column_text (stmt, 3), &time_of_day);
      trygg_walk_set_id (walk, (const char *) sqlite3_column_text (stmt, 0));
      trygg_walk_set_name (walk, (const char *) sqlite3_column_text (stmt, 1));
      trygg_walk_set_date (walk, (const char *) sqlite3_column_text (stmt, 2));
      trygg_walk_set_time_of_day (walk, time_of_day);
      trygg_walk_set_area (walk, (const char *) sqlite3_column_text (stmt, 4));
      trygg_walk_set_participants (walk, (const char *) sqlite3_column_text (stmt, 5));
      trygg_walk_set_route_name (walk, (const char *) sqlite3_column_text (stmt, 6));
      g_ptr_array_add (walks, walk);
    }
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&walks);
}

/**
 * trygg_database_get_photos:
 * @finding_id: the finding's id
 *
 * Returns: (transfer full) (element-type TryggPhoto): the finding's photos
 *   in their order, or %NULL with @error set
 */
GPtrArray *
trygg_database_get_photos (TryggDatabase  *self,
                           const char     *finding_id,
                           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  int rc;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);
  g_return_val_if_fail (finding_id != NULL, NULL);

  stmt = trygg_database_prepare (self,
                                 "SELECT id, kind, mime_type, data FROM photo"
                                 " WHERE finding_id = ?1 ORDER BY position, added_at",
                                 error);
  if (stmt == NULL)
    return NULL;
  trygg_bind_text (stmt, 1, finding_id);

  photos = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TryggPhoto *photo = trygg_photo_new ();
      TryggPhotoKind kind = TRYGG_PHOTO_KIND_NONE;
      g_autoptr(GBytes) bytes = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));

      trygg_photo_kind_from_key ((const char *) sqlite3_column_text (stmt, 1), &kind);
      trygg_photo_set_id (photo, (const char *) sqlite3_column_text (stmt, 0));
      trygg_photo_set_finding_id (photo, finding_id);
      trygg_photo_set_kind (photo, kind);
      trygg_photo_set_mime_type (photo, (const char *) sqlite3_column_text (stmt, 2));
      trygg_photo_set_bytes (photo, bytes);
      g_ptr_array_add (photos, photo);
    }
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&photos);
}

/**
 * trygg_database_get_wont_fix_reasons:
 *
 * Returns: (transfer full): finding id → the reason it will not be fixed,
 *   for every such finding, or %NULL with @error set
 */
GHashTable *
trygg_database_get_wont_fix_reasons (TryggDatabase  *self,
                                     GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) reasons = NULL;
  int rc;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);

  stmt = trygg_database_prepare (self,
                                 "SELECT id, wont_fix_reason FROM finding"
                                 " WHERE status = 'wont_fix' AND wont_fix_reason IS NOT NULL",
                                 error);
  if (stmt == NULL)
    return NULL;

  reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (reasons,
                         g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&reasons);
}

void
trygg_print_photo_free (TryggPrintPhoto *photo)
{
  if (photo == NULL)
    return;

  g_free (photo->id);
  g_clear_pointer (&photo->bytes, g_bytes_unref);
  g_free (photo);
}

/**
 * trygg_database_get_print_photos:
 * @finding_id: the finding's id
 *
 * Reads only the print-sized copy of a photo that has one: a report never
 * reads the originals it does not need.
 *
 * Returns: (transfer full) (element-type TryggPrintPhoto): the finding's
 *   photos in their order, or %NULL with @error set
 */
GPtrArray *
trygg_database_get_print_photos (TryggDatabase  *self,
                                 const char     *finding_id,
                                 GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  int rc;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);
  g_return_val_if_fail (finding_id != NULL, NULL);

  stmt = trygg_database_prepare (self,
                                 "SELECT photo.id, photo.kind, coalesce (photo_print.data, photo.data),"
                                 "  photo_print.photo_id IS NULL"
                                 " FROM photo LEFT JOIN photo_print ON photo_print.photo_id = photo.id"
                                 " WHERE photo.finding_id = ?1 ORDER BY photo.position, photo.added_at",
                                 error);
  if (stmt == NULL)
    return NULL;
  trygg_bind_text (stmt, 1, finding_id);

  photos = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_print_photo_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TryggPrintPhoto *photo = g_new0 (TryggPrintPhoto, 1);

      photo->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      photo->kind = TRYGG_PHOTO_KIND_NONE;
      trygg_photo_kind_from_key ((const char *) sqlite3_column_text (stmt, 1), &photo->kind);
      photo->bytes = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
      photo->needs_print_copy = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (photos, photo);
    }
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&photos);
}

/**
 * trygg_database_set_photo_print_copy:
 * @photo_id: the photo's id
 * @print_copy: (nullable): a print-sized JPEG, or %NULL when the photo
 *   prints as it is
 *
 * Returns: %FALSE with @error set when it could not be stored
 */
gboolean
trygg_database_set_photo_print_copy (TryggDatabase  *self,
                                     const char     *photo_id,
                                     GBytes         *print_copy,
                                     GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (photo_id != NULL, FALSE);

  /* The SELECT leaves out a photo removed since the report read it. */
  stmt = trygg_database_prepare (self,
                                 "INSERT OR REPLACE INTO photo_print (photo_id, data)"
                                 " SELECT id, ?2 FROM photo WHERE id = ?1",
                                 error);
  if (stmt == NULL)
    return FALSE;
  trygg_bind_text (stmt, 1, photo_id);
  if (print_copy != NULL)
    sqlite3_bind_blob (stmt, 2, g_bytes_get_data (print_copy, NULL), g_bytes_get_size (print_copy), SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 2);

  return trygg_database_step_done (self, stmt, error);
}

TryggRoute *
trygg_database_get_walk_route (TryggDatabase  *self,
                               const char     *walk_id,
                               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(TryggRoute) route = trygg_route_new ();
  int rc;

  g_return_val_if_fail (TRYGG_IS_DATABASE (self), NULL);
  g_return_val_if_fail (walk_id != NULL, NULL);

  stmt = trygg_database_prepare (self,
                                 "SELECT latitude, longitude FROM route_point WHERE walk_id = ?1 ORDER BY seq",
                                 error);
  if (stmt == NULL)
    return NULL;
  trygg_bind_text (stmt, 1, walk_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TryggRoutePoint point = { sqlite3_column_double (stmt, 0), sqlite3_column_double (stmt, 1) };

      g_array_append_val (route->points, point);
    }
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&route);
}
