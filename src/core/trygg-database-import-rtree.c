/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "trygg-database-import.h"

/* Building the findings' R*Tree on a second core during a bulk import.
 *
 * An R*Tree insert costs about 15 µs, so 100,000 new findings spend 1.5 s
 * in finding_location alone, on the one core that also writes everything
 * else, while the other core waits. So a bulk import reads where every
 * finding will be, stored or about to be written, and a thread builds a
 * whole new tree from that in an in-memory database of its own, made by
 * the same CREATE VIRTUAL TABLE statement, while the import writes the
 * findings, measures and history and builds the indexes again. Then the
 * tree's three shadow tables take the new tree's rows in place of their
 * own.
 *
 * An R*Tree is nothing but its shadow tables: the nodes (blobs of cells:
 * rowid and box), where each rowid sits and each node's parent. The node
 * size is taken from the database's page size, which the builder copies.
 * The tests check the result with rtreecheck(). It all happens inside the
 * import's transaction, so a failure rolls the old tree back with the rest.
 */

typedef struct
{
  gint64 key;
  gint64 value;
} Pair;

struct _TryggRtreeBuild
{
  GThread   *thread;
  /* In: */
  char      *create_sql;  /* finding_location's own CREATE statement */
  gint64     page_size;
  GArray    *points;      /* of TryggImportPoint */
  /* Out: the new tree's shadow tables. */
  GArray    *node_ids;    /* of gint64 */
  GPtrArray *nodes;       /* of GBytes, one per node id */
  GArray    *rowids;      /* of Pair: rowid → node */
  GArray    *parents;     /* of Pair: node → parent node */
  char      *error;       /* NULL when the tree was built */
};

static gboolean
build_exec (sqlite3    *db,
            const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static gboolean
read_pairs (sqlite3    *db,
            const char *sql,
            GArray     *pairs)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Pair pair = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (pairs, pair);
    }
  return rc == SQLITE_DONE;
}

static gboolean
build_tree (TryggRtreeBuild *build,
            sqlite3         *db)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) nodes = NULL;
  g_autofree char *page_size = g_strdup_printf ("PRAGMA page_size = %" G_GINT64_FORMAT,
                                                build->page_size);
  int rc;

  if (!build_exec (db, page_size) ||
      !build_exec (db, build->create_sql) ||
      !build_exec (db, "BEGIN") ||
      sqlite3_prepare_v2 (db, "INSERT INTO finding_location VALUES (?1, ?2, ?2, ?3, ?3)", -1,
                          &insert, NULL) != SQLITE_OK)
    return FALSE;
  for (guint i = 0; i < build->points->len; i++)
    {
      const TryggImportPoint *point = &g_array_index (build->points, TryggImportPoint, i);

      sqlite3_bind_int64 (insert, 1, point->rid);
      sqlite3_bind_double (insert, 2, point->latitude);
      sqlite3_bind_double (insert, 3, point->longitude);
      if (sqlite3_step (insert) != SQLITE_DONE)
        return FALSE;
      sqlite3_reset (insert);
    }
  if (!build_exec (db, "COMMIT"))
    return FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT nodeno, data FROM finding_location_node", -1, &nodes,
                          NULL) != SQLITE_OK)
    return FALSE;
  while ((rc = sqlite3_step (nodes)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (nodes, 0);

      g_array_append_val (build->node_ids, id);
      g_ptr_array_add (build->nodes, g_bytes_new (sqlite3_column_blob (nodes, 1),
                                                  sqlite3_column_bytes (nodes, 1)));
    }
  return rc == SQLITE_DONE &&
         read_pairs (db, "SELECT rowid, nodeno FROM finding_location_rowid", build->rowids) &&
         read_pairs (db, "SELECT nodeno, parentnode FROM finding_location_parent", build->parents);
}

static gpointer
build_thread (gpointer data)
{
  TryggRtreeBuild *build = data;
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL)
      != SQLITE_OK || !build_tree (build, db))
    build->error = g_strdup (db != NULL ? sqlite3_errmsg (db) : "out of memory");
  sqlite3_close (db);
  return NULL;
}

void
trygg_import_rtree_free (TryggRtreeBuild *build)
{
  if (build->thread != NULL)
    g_thread_join (build->thread);
  g_free (build->create_sql);
  g_clear_pointer (&build->points, g_array_unref);
  g_array_unref (build->node_ids);
  g_ptr_array_unref (build->nodes);
  g_array_unref (build->rowids);
  g_array_unref (build->parents);
  g_free (build->error);
  g_free (build);
}

TryggRtreeBuild *
trygg_import_rtree_start (TryggDatabase  *db,
                          GArray         *new_points,
                          GError        **error)
{
  g_autoptr(TryggRtreeBuild) build = g_new0 (TryggRtreeBuild, 1);
  g_autoptr(sqlite3_stmt) schema = NULL;
  g_autoptr(sqlite3_stmt) points = NULL;
  int rc;

  build->points = g_array_new (FALSE, FALSE, sizeof (TryggImportPoint));
  build->node_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  build->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  build->rowids = g_array_new (FALSE, FALSE, sizeof (Pair));
  build->parents = g_array_new (FALSE, FALSE, sizeof (Pair));

  schema = trygg_database_prepare (db, "SELECT sql FROM main.sqlite_schema"
                                       " WHERE type = 'table' AND name = 'finding_location'", error);
  if (schema == NULL)
    return NULL;
  if (sqlite3_step (schema) != SQLITE_ROW)
    {
      trygg_database_set_error (db, error);
      return NULL;
    }
  build->create_sql = trygg_column_dup (schema, 0);
  if (!trygg_database_query_int64 (db, "PRAGMA main.page_size", NULL, &build->page_size, error))
    return NULL;

  points = trygg_database_prepare (db, "SELECT rid, latitude, longitude FROM main.finding", error);
  if (points == NULL)
    return NULL;
  while ((rc = sqlite3_step (points)) == SQLITE_ROW)
    {
      TryggImportPoint point = { sqlite3_column_int64 (points, 0),
                                 sqlite3_column_double (points, 1),
                                 sqlite3_column_double (points, 2) };

      g_array_append_val (build->points, point);
    }
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (db, error);
      return NULL;
    }
  g_array_append_vals (build->points, new_points->data, new_points->len);

  build->thread = g_thread_try_new ("trygg-rtree", build_thread, build, error);
  if (build->thread == NULL)
    return NULL;
  return g_steal_pointer (&build);
}

gboolean
trygg_import_rtree_fill (TryggDatabase  *db,
                         gint64          last_rid,
                         GError        **error)
{
  g_autoptr(sqlite3_stmt) fill = trygg_database_prepare (db,
                                                         "INSERT INTO main.finding_location"
                                                         " SELECT rid, latitude, latitude,"
                                                         " longitude, longitude FROM main.finding"
                                                         " WHERE rid > ?1",
                                                         error);

  if (fill == NULL)
    return FALSE;
  sqlite3_bind_int64 (fill, 1, last_rid);
  return trygg_database_step_done (db, fill, error);
}

static gboolean
copy_pairs (TryggDatabase  *db,
            const char     *sql,
            GArray         *pairs,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) insert = trygg_database_prepare (db, sql, error);

  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < pairs->len; i++)
    {
      const Pair *pair = &g_array_index (pairs, Pair, i);

      sqlite3_bind_int64 (insert, 1, pair->key);
      sqlite3_bind_int64 (insert, 2, pair->value);
      if (!trygg_database_step_done (db, insert, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
trygg_import_rtree_finish (TryggDatabase    *db,
                           TryggRtreeBuild  *build,
                           gint64            last_rid,
                           GError          **error)
{
  g_autoptr(TryggRtreeBuild) owned = build;
  g_autoptr(sqlite3_stmt) insert = NULL;

  g_thread_join (g_steal_pointer (&build->thread));
  if (build->error != NULL)
    {
      /* Out of memory, most likely: the tree as it stands is whole for
       * the findings stored before, so the new ones go in one by one. */
      g_debug ("Building the R*Tree failed (%s); filling it in place", build->error);
      return trygg_import_rtree_fill (db, last_rid, error);
    }

  if (!trygg_database_exec (db,
                            "DELETE FROM main.finding_location_node;"
                            "DELETE FROM main.finding_location_rowid;"
                            "DELETE FROM main.finding_location_parent;",
                            error))
    return FALSE;
  insert = trygg_database_prepare (db, "INSERT INTO main.finding_location_node VALUES (?1, ?2)",
                                   error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < build->nodes->len; i++)
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (g_ptr_array_index (build->nodes, i), &size);

      sqlite3_bind_int64 (insert, 1, g_array_index (build->node_ids, gint64, i));
      sqlite3_bind_blob (insert, 2, data, size, SQLITE_STATIC);
      if (!trygg_database_step_done (db, insert, error))
        return FALSE;
    }
  return copy_pairs (db, "INSERT INTO main.finding_location_rowid (rowid, nodeno) VALUES (?1, ?2)",
                     build->rowids, error) &&
         copy_pairs (db, "INSERT INTO main.finding_location_parent VALUES (?1, ?2)",
                     build->parents, error);
}
