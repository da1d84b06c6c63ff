/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "trygg-database-import.h"

/* The import's rows in memory, as a table SQLite can read: one
 * INSERT … SELECT writes a whole table's rows.
 *
 * One statement per row costs as much again as the writing itself: binding,
 * stepping and resetting 100,000 statements takes longer than SQLite's own
 * loop over 100,000 rows of a table. A virtual table hands that loop the
 * import's arrays directly; its values point into them (SQLITE_STATIC),
 * nothing is copied on the way.
 *
 * The module is eponymous (the table exists under the module's name, it
 * cannot be created with CREATE VIRTUAL TABLE) and lives only as long as
 * the TryggImportRows: the connection's other users never see it. */

struct _TryggImportRows
{
  sqlite3               *db;
  char                  *name;
  char                  *schema;       /* CREATE TABLE x(…) */
  gconstpointer          rows;
  guint                  n_rows;
  TryggImportColumnFunc  column;
  gpointer               user_data;
  TryggProgressFunc      progress;
  gpointer               progress_data;
  double                 progress_from;
  double                 progress_span;
};

typedef struct
{
  sqlite3_vtab     base;
  TryggImportRows *rows;
} RowsTable;

typedef struct
{
  sqlite3_vtab_cursor base;
  guint               row;
} RowsCursor;

#define ROWS_OF(cursor) (((RowsTable *) (cursor)->pVtab)->rows)

static int
rows_connect (sqlite3             *db,
              void                *aux,
              int                  argc,
              const char * const  *argv,
              sqlite3_vtab       **out_table,
              char               **out_error)
{
  TryggImportRows *rows = aux;
  RowsTable *table;
  int rc = sqlite3_declare_vtab (db, rows->schema);

  if (rc != SQLITE_OK)
    return rc;
  table = sqlite3_malloc (sizeof *table);
  if (table == NULL)
    return SQLITE_NOMEM;
  *table = (RowsTable) { .rows = rows };
  *out_table = &table->base;
  return SQLITE_OK;
}

static int
rows_disconnect (sqlite3_vtab *table)
{
  sqlite3_free (table);
  return SQLITE_OK;
}

/* Only ever read from start to end. */
static int
rows_best_index (sqlite3_vtab       *table,
                 sqlite3_index_info *info)
{
  info->estimatedRows = ((RowsTable *) table)->rows->n_rows;
  info->estimatedCost = info->estimatedRows;
  return SQLITE_OK;
}

static int
rows_open (sqlite3_vtab         *table,
           sqlite3_vtab_cursor **out_cursor)
{
  RowsCursor *cursor = sqlite3_malloc (sizeof *cursor);

  if (cursor == NULL)
    return SQLITE_NOMEM;
  *cursor = (RowsCursor) { 0 };
  *out_cursor = &cursor->base;
  return SQLITE_OK;
}

static int
rows_close (sqlite3_vtab_cursor *cursor)
{
  sqlite3_free (cursor);
  return SQLITE_OK;
}

static int
rows_filter (sqlite3_vtab_cursor  *cursor,
             int                   index_number,
             const char           *index_name,
             int                   argc,
             sqlite3_value       **argv)
{
  ((RowsCursor *) cursor)->row = 0;
  return SQLITE_OK;
}

static int
rows_next (sqlite3_vtab_cursor *cursor)
{
  TryggImportRows *rows = ROWS_OF (cursor);
  guint row = ++((RowsCursor *) cursor)->row;

  if (rows->progress != NULL && (row % 1000 == 0 || row == rows->n_rows))
    rows->progress (rows->progress_from + rows->progress_span * row / rows->n_rows,
                    rows->progress_data);
  return SQLITE_OK;
}

static int
rows_eof (sqlite3_vtab_cursor *cursor)
{
  return ((RowsCursor *) cursor)->row >= ROWS_OF (cursor)->n_rows;
}

static int
rows_column (sqlite3_vtab_cursor *cursor,
             sqlite3_context     *result,
             int                  column)
{
  TryggImportRows *rows = ROWS_OF (cursor);

  rows->column (rows->rows, ((RowsCursor *) cursor)->row, column, result, rows->user_data);
  return SQLITE_OK;
}

static int
rows_rowid (sqlite3_vtab_cursor *cursor,
            sqlite3_int64       *out_rowid)
{
  *out_rowid = ((RowsCursor *) cursor)->row;
  return SQLITE_OK;
}

static const sqlite3_module rows_module = {
  .iVersion = 0,
  .xCreate = NULL,  /* eponymous only */
  .xConnect = rows_connect,
  .xBestIndex = rows_best_index,
  .xDisconnect = rows_disconnect,
  .xOpen = rows_open,
  .xClose = rows_close,
  .xFilter = rows_filter,
  .xNext = rows_next,
  .xEof = rows_eof,
  .xColumn = rows_column,
  .xRowid = rows_rowid,
};

TryggImportRows *
trygg_import_rows_new (TryggDatabase  *db,
                       const char     *name,
                       const char     *columns,
                       GError        **error)
{
  TryggImportRows *rows = g_new0 (TryggImportRows, 1);

  rows->db = trygg_database_get_handle (db);
  rows->name = g_strdup (name);
  rows->schema = g_strdup_printf ("CREATE TABLE x(%s)", columns);
  if (sqlite3_create_module (rows->db, name, &rows_module, rows) != SQLITE_OK)
    {
      trygg_database_set_error (db, error);
      g_free (rows->name);
      g_free (rows->schema);
      g_free (rows);
      return NULL;
    }
  return rows;
}

void
trygg_import_rows_set (TryggImportRows        *rows,
                       gconstpointer           data,
                       guint                   n_rows,
                       TryggImportColumnFunc   column,
                       gpointer                user_data)
{
  rows->rows = data;
  rows->n_rows = n_rows;
  rows->column = column;
  rows->user_data = user_data;
  rows->progress = NULL;
}

void
trygg_import_rows_set_progress (TryggImportRows   *rows,
                                TryggProgressFunc  progress,
                                gpointer           progress_data,
                                double             from,
                                double             span)
{
  rows->progress = progress;
  rows->progress_data = progress_data;
  rows->progress_from = from;
  rows->progress_span = span;
}

void
trygg_import_rows_free (TryggImportRows *rows)
{
  if (rows == NULL)
    return;
  /* No module: the name is free again, the table gone. */
  sqlite3_create_module (rows->db, rows->name, NULL, NULL);
  g_free (rows->name);
  g_free (rows->schema);
  g_free (rows);
}
