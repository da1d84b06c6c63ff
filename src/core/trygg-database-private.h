/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For src/core only: what TryggStore needs of the database besides the
 * public contract. Other layers go through trygg-database.h. */

#include <sqlite3.h>

#include "trygg-database.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef struct
{
  const char *key;
  const char *name;   /* English source string, marked with N_() */
} TryggBuiltinCategory;

const TryggBuiltinCategory *trygg_database_get_builtin_categories (guint *n_categories);

/* The page cache, in KiB: what reading the findings needs (see
 * trygg-database.c), and what an import may fill before it commits. */
#define TRYGG_DATABASE_CACHE_KIB        32768
#define TRYGG_DATABASE_IMPORT_CACHE_KIB 262144

sqlite3      *trygg_database_get_handle  (TryggDatabase  *self);
sqlite3_stmt *trygg_database_prepare     (TryggDatabase  *self,
                                          const char     *sql,
                                          GError        **error);
gboolean      trygg_database_exec        (TryggDatabase  *self,
                                          const char     *sql,
                                          GError        **error);
/* The first column of the one row @sql gives; @param, when not NULL,
 * is bound to ?1. */
gboolean      trygg_database_query_int64 (TryggDatabase  *self,
                                          const char     *sql,
                                          const char     *param,
                                          gint64         *out_value,
                                          GError        **error);
/* The first column of the first row @sql gives, as text, or NULL when
 * it gives none. */
gboolean      trygg_database_query_first_text (TryggDatabase  *self,
                                               const char     *sql,
                                               char          **out_text,
                                               GError        **error);
gboolean      trygg_database_begin       (TryggDatabase  *self,
                                          GError        **error);
gboolean      trygg_database_commit      (TryggDatabase  *self,
                                          GError        **error);
void          trygg_database_rollback    (TryggDatabase  *self);
/* Steps a prepared statement to completion (SQLITE_DONE) and resets it. */
gboolean      trygg_database_step_done   (TryggDatabase  *self,
                                          sqlite3_stmt   *stmt,
                                          GError        **error);
void          trygg_database_set_error   (TryggDatabase  *self,
                                          GError        **error);

/* The name users see: translated for built-in categories. */
const char   *trygg_category_display_name (const char   *name,
                                           gboolean      builtin);

char         *trygg_timestamp_now         (void);
/* A new id: a UUID whose text sorts after every id made before it. */
char         *trygg_id_new                (void);
gboolean      trygg_timestamp_is_valid    (const char   *timestamp);
char         *trygg_today_local           (void);

static inline void
trygg_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static inline char *
trygg_column_dup (sqlite3_stmt *stmt,
                  int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

G_END_DECLS

G_BEGIN_DECLS
/* Finds the walk by name or creates it (with @date, or today when NULL).
 * Returns its id. Call inside a transaction. */
/* The Swedish name of a built-in category (po/sv.po), or NULL. */
const char   *trygg_database_builtin_category_swedish (const char *key);

char         *trygg_database_ensure_walk  (TryggDatabase  *self,
                                           const char     *name,
                                           const char     *date,
                                           GError        **error);
G_END_DECLS
