/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "trygg-database-import.h"

/* Building the findings' R*Tree anew during a bulk import.
 *
 * An R*Tree insert costs about 20 µs, so 100,000 new findings spent 2 s in
 * finding_location alone, a whole core's worth while the import wrote
 * everything else. A tree built from all its points at once needs no
 * inserts: sorted into strips and runs along them (Sort-Tile-Recursive
 * packing), the points fill each leaf, the leaves each node above, in a
 * few milliseconds, and the nodes come out fuller and overlapping less
 * than one insert at a time leaves them.
 *
 * So once a bulk import has written its findings, it reads where every
 * finding is (or knows it, when the database held no findings before),
 * packs the tree from that, and the tree's three shadow tables take the
 * new tree's rows in place of their own. Packing from what it knows goes
 * on on another core while the import builds its indexes again. An R*Tree is
 * nothing but its shadow tables, as SQLite's R*Tree module documents
 * them:
 *
 *   _node:   nodeno → a blob of the node size (the root node's length):
 *            2 bytes of depth (the root only: 0 when it is a leaf), 2 of
 *            the number of cells, then the cells: a 64-bit rowid (leaves)
 *            or child node number, and the box as 32-bit floats, min and
 *            max per dimension; all big-endian;
 *   _rowid:  rowid → the leaf that holds it;
 *   _parent: node → its parent (all but the root, node 1).
 *
 * A 32-bit float box holds its 64-bit coordinates: rounded down for the
 * minimum and up for the maximum, as the module rounds them. The tests
 * compare every box with row-by-row inserts and check the tree with
 * rtreecheck(). It all happens inside the import's transaction, so a
 * failure rolls the old tree back with the rest. */

typedef struct
{
  gint64 key;
  gint64 value;
} Pair;

/* One cell: a finding (leaves) or a node below, and its box. */
typedef struct
{
  gint64 id;
  float  box[4];  /* min_lat, max_lat, min_lon, max_lon */
} Cell;

/* A packed tree: the rows of its three shadow tables. */
typedef struct
{
  gint64     node_size;   /* bytes of each node blob */
  GArray    *node_ids;    /* of gint64 */
  GPtrArray *nodes;       /* of GBytes, one per node id */
  GArray    *rowids;      /* of Pair: rowid → node */
  GArray    *parents;     /* of Pair: node → parent node */
} Packed;

#define CELL_SIZE (8 + 4 * 4)

/* A float at or below @value (@down) or at or above it. */
static float
to_float (double   value,
          gboolean down)
{
  /* One part in 2^23: the float just beyond, or near it. */
  const double towards = 1.0 - 1.0 / 8388608.0, away = 1.0 + 1.0 / 8388608.0;
  float f = (float) value;

  if (down && f > value)
    f = (float) (value * (value < 0 ? away : towards));
  else if (!down && f < value)
    f = (float) (value * (value < 0 ? towards : away));
  return f;
}

/* Orders cells by the centre of their box along one dimension (0:
 * latitude, 2: longitude, as the box's index). */
static int
compare_centres (gconstpointer a,
                 gconstpointer b,
                 gpointer      dimension)
{
  const Cell *x = a, *y = b;
  guint d = GPOINTER_TO_UINT (dimension);
  float cx = x->box[d] + x->box[d + 1], cy = y->box[d] + y->box[d + 1];

  return (cx > cy) - (cx < cy);
}

static void
put_be (guint8 *out,
        guint64 value,
        guint   n_bytes)
{
  for (guint i = 0; i < n_bytes; i++)
    out[i] = value >> (8 * (n_bytes - 1 - i));
}

/* Writes the node @node_id holding @cells, returns the cell that stands
 * for it in the level above. */
static Cell
write_node (Packed     *packed,
            gint64      node_id,
            guint       depth,
            const Cell *cells,
            guint       n_cells)
{
  guint8 *blob = g_malloc0 (packed->node_size);
  Cell parent = { node_id, { G_MAXFLOAT, -G_MAXFLOAT, G_MAXFLOAT, -G_MAXFLOAT } };

  put_be (blob, depth, 2);
  put_be (blob + 2, n_cells, 2);
  for (guint i = 0; i < n_cells; i++)
    {
      guint8 *out = blob + 4 + i * CELL_SIZE;

      put_be (out, cells[i].id, 8);
      for (guint d = 0; d < 4; d++)
        {
          guint32 bits;

          memcpy (&bits, &cells[i].box[d], sizeof bits);
          put_be (out + 8 + 4 * d, bits, 4);
        }
      for (guint d = 0; d < 4; d += 2)
        {
          parent.box[d] = MIN (parent.box[d], cells[i].box[d]);
          parent.box[d + 1] = MAX (parent.box[d + 1], cells[i].box[d + 1]);
        }
    }
  g_array_append_val (packed->node_ids, node_id);
  g_ptr_array_add (packed->nodes, g_bytes_new_take (blob, packed->node_size));
  return parent;
}

/* Packs one level: @cells (sorted here) into nodes numbered from
 * *next_id, each at most @capacity cells and all about as full. Returns
 * the cells of the level above. */
static GArray *
pack_level (Packed   *packed,
            GArray   *cells,
            guint     capacity,
            gboolean  leaves,
            gint64   *next_id)
{
  guint n = cells->len;
  guint n_nodes = (n + capacity - 1) / capacity;
  guint n_strips = (guint) ceil (sqrt (n_nodes));
  GArray *above = g_array_sized_new (FALSE, FALSE, sizeof (Cell), n_nodes);

  /* Strips from west to east, each sorted from south to north, then cut
   * into nodes. */
  g_array_sort_with_data (cells, compare_centres, GUINT_TO_POINTER (2));
  for (guint s = 0, start = 0; s < n_strips; s++)
    {
      guint end = (guint) ((guint64) n * (s + 1) / n_strips);
      guint strip = end - start;
      guint strip_nodes = (strip + capacity - 1) / capacity;
      Cell *first = &g_array_index (cells, Cell, start);

      g_qsort_with_data (first, strip, sizeof (Cell), compare_centres, GUINT_TO_POINTER (0));
      for (guint k = 0; k < strip_nodes; k++)
        {
          guint from = (guint) ((guint64) strip * k / strip_nodes);
          guint to = (guint) ((guint64) strip * (k + 1) / strip_nodes);
          gint64 node_id = (*next_id)++;
          Cell cell = write_node (packed, node_id, 0, first + from, to - from);

          for (guint i = from; i < to; i++)
            {
              Pair pair = { first[i].id, node_id };

              g_array_append_val (leaves ? packed->rowids : packed->parents, pair);
            }
          g_array_append_val (above, cell);
        }
      start = end;
    }
  return above;
}

/* Packs @cells (the findings' boxes, taken) into @packed. */
static void
pack (Packed *packed,
      GArray *cells)
{
  guint capacity = (packed->node_size - 4) / CELL_SIZE;
  gint64 next_id = 2;  /* 1 is the root */
  guint depth = 0;

  /* Levels of nodes until one node, the root, holds what is left. */
  while (cells->len > capacity)
    {
      GArray *above = pack_level (packed, cells, capacity, depth == 0, &next_id);

      g_array_unref (cells);
      cells = above;
      depth++;
    }
  write_node (packed, 1, depth, (const Cell *) cells->data, cells->len);
  for (guint i = 0; i < cells->len; i++)
    {
      Pair pair = { g_array_index (cells, Cell, i).id, 1 };

      g_array_append_val (depth == 0 ? packed->rowids : packed->parents, pair);
    }
  g_array_unref (cells);
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

static void
pair_column (gconstpointer    data,
             guint            row,
             int              column,
             sqlite3_context *result,
             gpointer         user_data)
{
  const Pair *pair = &((const Pair *) data)[row];

  sqlite3_result_int64 (result, column == 0 ? pair->key : pair->value);
}

/* The pairs into @table, with one INSERT … SELECT. */
static gboolean
copy_pairs (TryggDatabase  *db,
            const char     *table,
            GArray         *pairs,
            GError        **error)
{
  g_autoptr(TryggImportRows) rows = trygg_import_rows_new (db, "trygg_import_pair", "key, value",
                                                           error);
  g_autofree char *sql = NULL;

  if (rows == NULL)
    return FALSE;
  trygg_import_rows_set (rows, pairs->data, pairs->len, pair_column, NULL);
  sql = g_strdup_printf ("INSERT INTO main.%s SELECT key, value FROM trygg_import_pair", table);
  return trygg_database_exec (db, sql, error);
}

static Cell
cell_at (gint64 rid,
         double latitude,
         double longitude)
{
  return (Cell) { rid, { to_float (latitude, TRUE), to_float (latitude, FALSE),
                         to_float (longitude, TRUE), to_float (longitude, FALSE) } };
}

/* The findings' boxes, in the order of their rids. */
static GArray *
read_cells (TryggDatabase  *db,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) points = trygg_database_prepare (db, "SELECT rid, latitude, longitude"
                                                               " FROM main.finding", error);
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  int rc;

  if (points == NULL)
    return NULL;
  while ((rc = sqlite3_step (points)) == SQLITE_ROW)
    {
      Cell cell = cell_at (sqlite3_column_int64 (points, 0), sqlite3_column_double (points, 1),
                           sqlite3_column_double (points, 2));

      g_array_append_val (cells, cell);
    }
  if (rc != SQLITE_DONE)
    {
      trygg_database_set_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&cells);
}

struct _TryggImportTree
{
  Packed   packed;
  GArray  *points;   /* of ImportPoint, or NULL: read the table */
  GThread *packing;  /* packs the points */
};

static gpointer
pack_points (gpointer data)
{
  TryggImportTree *tree = data;
  GArray *cells = g_array_sized_new (FALSE, FALSE, sizeof (Cell), tree->points->len);

  for (guint i = 0; i < tree->points->len; i++)
    {
      const ImportPoint *point = &g_array_index (tree->points, ImportPoint, i);
      Cell cell = cell_at (point->rid, point->latitude, point->longitude);

      g_array_append_val (cells, cell);
    }
  pack (&tree->packed, cells);
  return NULL;
}

TryggImportTree *
trygg_import_rtree_begin (TryggDatabase  *db,
                          GArray         *points,
                          GError        **error)
{
  g_autoptr(TryggImportTree) tree = g_new0 (TryggImportTree, 1);

  tree->packed = (Packed) { 0, g_array_new (FALSE, FALSE, sizeof (gint64)),
                            g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref),
                            g_array_new (FALSE, FALSE, sizeof (Pair)),
                            g_array_new (FALSE, FALSE, sizeof (Pair)) };

  /* The node size is the root's, as the module reads it. SQLite refuses
   * nodes under 448 bytes; pages are at most 64 KB. */
  if (!trygg_database_query_int64 (db, "SELECT length (data) FROM main.finding_location_node"
                                       " WHERE nodeno = 1", NULL, &tree->packed.node_size, error))
    return NULL;
  if (tree->packed.node_size < 448 || tree->packed.node_size > 65536)
    return g_steal_pointer (&tree);
  if (points != NULL)
    {
      tree->points = g_array_ref (points);
      tree->packing = g_thread_new ("import-rtree", pack_points, tree);
    }
  return g_steal_pointer (&tree);
}

void
trygg_import_rtree_free (TryggImportTree *tree)
{
  if (tree == NULL)
    return;
  if (tree->packing != NULL)
    g_thread_join (tree->packing);
  g_clear_pointer (&tree->points, g_array_unref);
  g_array_unref (tree->packed.node_ids);
  g_ptr_array_unref (tree->packed.nodes);
  g_array_unref (tree->packed.rowids);
  g_array_unref (tree->packed.parents);
  g_free (tree);
}

gboolean
trygg_import_rtree_finish (TryggDatabase    *db,
                           TryggImportTree  *tree,
                           gint64            last_rid,
                           GError          **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  Packed *packed = &tree->packed;
  GArray *cells;

  if (packed->node_size < 448 || packed->node_size > 65536)
    {
      /* The tree as it stands is whole for the findings stored before:
       * the new ones go in one by one, through the module. */
      g_debug ("The R*Tree's nodes are %" G_GINT64_FORMAT " bytes; filling it in place",
               packed->node_size);
      return trygg_import_rtree_fill (db, last_rid, error);
    }

  if (tree->packing != NULL)
    g_thread_join (g_steal_pointer (&tree->packing));
  else
    {
      if ((cells = read_cells (db, error)) == NULL)
        return FALSE;
      pack (packed, cells);
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
  for (guint i = 0; i < packed->nodes->len; i++)
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (g_ptr_array_index (packed->nodes, i), &size);

      sqlite3_bind_int64 (insert, 1, g_array_index (packed->node_ids, gint64, i));
      sqlite3_bind_blob (insert, 2, data, size, SQLITE_STATIC);
      if (!trygg_database_step_done (db, insert, error))
        return FALSE;
    }
  return copy_pairs (db, "finding_location_rowid", packed->rowids, error) &&
         copy_pairs (db, "finding_location_parent", packed->parents, error);
}
