/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the import's two halves: trygg-database-transfer.c decides, record
 * by record, what the database should become; trygg-database-import-write.c
 * writes that outcome. */

#include "trygg-database-private.h"
#include "trygg-record.h"

G_BEGIN_DECLS

/* Where one finding stands during the import: as stored before it, or
 * as the records of this file left it so far. */
typedef struct
{
  const char        *id;
  gboolean           in_db;         /* stored before this import */
  guint              batch;         /* the streamed batch that made it */
  const char        *walk_id;       /* current walk and number */
  gint64             number;
  const char        *updated_at;
  const char        *db_walk_id;    /* as stored, to see whether it moves */
  gint64             db_number;
  /* What to write; record is NULL while nothing in the file changed it. */
  const TryggRecord *record;
  const TryggRecord *actions;       /* the record whose measures replace the
                                     * stored ones, or NULL to keep them */
  const char        *category;
  const char        *actor_id;
  const char        *status;        /* NULL: keep the stored one (or 'new') */
  const char        *priority;
} FindingState;

/* The numbers taken in one walk, current as the import goes. */
typedef struct
{
  GTree *numbers;  /* gint64 * → const char *finding id */
} WalkNumbers;

typedef struct
{
  const char *finding_id;
  const char *kind;
  const char *updated_at;
} ImportEvent;

/* A walk, category or actor that deciding makes (see ImportContext.defer),
 * with the values of its row; strings are the context's. */
typedef enum { IMPORT_WALK, IMPORT_CATEGORY, IMPORT_ACTOR } ImportTable;

/* Where a finding is, for packing the R*Tree from memory. */
typedef struct
{
  gint64 rid;
  double latitude;
  double longitude;
} ImportPoint;

typedef struct
{
  ImportTable  table;
  const char  *id;    /* a category's key */
  const char  *name;
  const char  *date;  /* a walk's */
} ImportCreated;

typedef struct
{
  TryggDatabase *db;
  GStringChunk  *strings;     /* every string the states point to */
  GHashTable    *categories;  /* folded key or name → key */
  GHashTable    *actors;      /* folded name → id */
  GHashTable    *walks;       /* name → id */
  GHashTable    *findings;    /* id → FindingState */
  GHashTable    *walk_numbers;/* walk id → WalkNumbers */
  GPtrArray     *changed;     /* FindingStates to write, in order of first
                               * change: new findings' rids follow it */
  GArray        *events;      /* of ImportEvent, to write */
  /* Deciding without the connection: the walks are all loaded up front,
   * a walk's numbers need no query (a streamed import's database has no
   * findings but its own), and new walks, categories and actors are kept
   * in created until they are written with the findings that refer to
   * them. Deciding can then run on another thread while this one writes. */
  gboolean       defer;
  GArray        *created;     /* of ImportCreated, to write */
  guint          batch;       /* the streamed batch being decided */
  gboolean       batch_only;  /* leave findings of earlier batches alone */
  char          *import_walk; /* name of the walk for records without one */
  sqlite3_stmt  *walk_numbers_query;
  /* The writing so far (see trygg-database-import-write.c). */
  GPtrArray     *triggers;    /* SQL of what is set aside, to make it again */
  GPtrArray     *indexes;     /* NULL: the indexes stay */
  gboolean       bulk;        /* sets the indexes aside, packs the R*Tree */
  gint64         rid_before;  /* the highest rid before the import */
  gint64         last_rid;    /* the highest rid written */
  gboolean       held;        /* a written finding changed again: the rest
                               * is written at the end */
  GArray        *points;      /* of ImportPoint: the findings the batches
                               * wrote, for the R*Tree */
} ImportContext;

gboolean trygg_import_lookup_actor (ImportContext  *ctx,
                                    const char     *name,
                                    const char    **out_id,
                                    GError        **error);

/* Writes @created (of ImportCreated), made while deciding with
 * ctx->defer set. */
gboolean trygg_import_write_created (ImportContext  *ctx,
                                     GArray         *created,
                                     GError        **error);

/* One streamed batch: its new findings decided, with their history and
 * the walks, categories and actors they made, and its rows built, on
 * another thread; written by trygg_import_write_batch(). */
typedef struct
{
  GPtrArray *states;    /* FindingStates, all new, in order */
  GArray    *events;    /* of ImportEvent */
  GArray    *created;   /* of ImportCreated */
  GArray    *findings;  /* the rows of the writer's own */
  GArray    *actions;
} ImportBatch;

/* Takes what @ctx decided since the last batch (nothing stored before
 * among it: ctx->held is not set) and builds its rows; it uses no
 * connection when ctx->defer is set. */
ImportBatch *trygg_import_batch_new  (ImportContext  *ctx,
                                      GError        **error);
void         trygg_import_batch_free (ImportBatch    *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportBatch, trygg_import_batch_free)

/* Writes the states of @ctx inside the caller's transaction: begin,
 * then finish. */
gboolean trygg_import_write        (ImportContext      *ctx,
                                    const char         *now,
                                    TryggProgressFunc   progress,
                                    gpointer            progress_data,
                                    GError            **error);

/* Prepares the caller's transaction for the writing; a @bulk import sets
 * the indexes aside before it writes new findings. */
gboolean trygg_import_write_begin  (ImportContext      *ctx,
                                    gboolean            bulk,
                                    GError            **error);

/* Writes @batch while the import goes on: a streamed bulk import into a
 * database without findings. From then on its findings count as stored
 * (a later record that changes one holds the rest for the end). */
gboolean trygg_import_write_batch  (ImportContext      *ctx,
                                    ImportBatch        *batch,
                                    const char         *now,
                                    GError            **error);

/* Writes what is left of the states of @ctx and makes again what
 * trygg_import_write_begin() set aside. */
gboolean trygg_import_write_finish (ImportContext      *ctx,
                                    const char         *now,
                                    TryggProgressFunc   progress,
                                    gpointer            progress_data,
                                    GError            **error);

/* Adds the findings above @last_rid to finding_location, one by one. */
gboolean trygg_import_rtree_fill   (TryggDatabase  *db,
                                    gint64          last_rid,
                                    GError        **error);

/* A bulk import's R*Tree, packed anew for every finding once all are
 * written (see trygg-database-import-rtree.c): begin, then finish, which
 * writes it. Given @points (of ImportPoint: every finding in the
 * database), the tree is packed from them on a thread of its own while
 * the caller goes on; else from the table, when it finishes. Should the
 * tree's nodes have a size that cannot be packed, the findings above
 * @last_rid are added with trygg_import_rtree_fill() instead. */
typedef struct _TryggImportTree TryggImportTree;

TryggImportTree *trygg_import_rtree_begin  (TryggDatabase    *db,
                                            GArray           *points,
                                            GError          **error);
gboolean         trygg_import_rtree_finish (TryggDatabase    *db,
                                            TryggImportTree  *tree,
                                            gint64            last_rid,
                                            GError          **error);
void             trygg_import_rtree_free   (TryggImportTree  *tree);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggImportTree, trygg_import_rtree_free)

/* The import's rows in memory as a table of SQLite's, for one
 * INSERT … SELECT per table (see trygg-database-import-rows.c). The table
 * is called @name and has @columns (as in CREATE TABLE, without types);
 * it exists until the TryggImportRows is freed. */
typedef struct _TryggImportRows TryggImportRows;

/* Gives column @column of row @row of @rows as the value of @result. */
typedef void (*TryggImportColumnFunc) (gconstpointer    rows,
                                       guint            row,
                                       int              column,
                                       sqlite3_context *result,
                                       gpointer         user_data);

TryggImportRows *trygg_import_rows_new          (TryggDatabase          *db,
                                                 const char             *name,
                                                 const char             *columns,
                                                 GError                **error);
/* What the table holds from now on: @n_rows rows of @data. */
void             trygg_import_rows_set          (TryggImportRows        *rows,
                                                 gconstpointer           data,
                                                 guint                   n_rows,
                                                 TryggImportColumnFunc   column,
                                                 gpointer                user_data);
/* Reports reading the rows as @from to @from + @span of @progress. */
void             trygg_import_rows_set_progress (TryggImportRows        *rows,
                                                 TryggProgressFunc       progress,
                                                 gpointer                progress_data,
                                                 double                  from,
                                                 double                  span);
void             trygg_import_rows_free         (TryggImportRows        *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggImportRows, trygg_import_rows_free)

/* Whether an import of @n_records into @db is large enough to write
 * without foreign keys enforced (see trygg_database_import_records()):
 * as large as a bulk import, which sets the indexes aside. */
gboolean trygg_import_is_large     (TryggDatabase  *db,
                                    guint           n_records);

/* Tests only: the number of new findings from which an import sets the
 * indexes aside and builds them again afterwards (see the writer). */
void     trygg_import_set_bulk_threshold (guint threshold);

G_END_DECLS
