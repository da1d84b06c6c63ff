/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "trygg-object-list.h"
#include "trygg-store-private.h"

G_BEGIN_DECLS

typedef const char *(*TryggIdFunc)     (gpointer item);
typedef void        (*TryggUpdateFunc) (gpointer item,
                                        gpointer fresh);

/* Replaces the contents of @store with @fresh. Items with the same id are
 * kept and updated in place (they notify what changed); items-changed
 * names exactly the range that differs, or is not emitted at all. */
void          trygg_sync_list             (TryggObjectList  *store,
                                           GPtrArray        *fresh,
                                           TryggIdFunc       id_of,
                                           TryggUpdateFunc   update);

#define TRYGG_INTERN_SLOTS 16

/* Interned values seen lately, each with its length and first eight bytes
 * as one integer: a miss costs one comparison per slot. */
typedef struct
{
  const char *recent[TRYGG_INTERN_SLOTS];
  guint64     tag[TRYGG_INTERN_SLOTS];
  guint       len[TRYGG_INTERN_SLOTS];
  guint       next;  /* the slot a miss replaces */
} TryggInternCache;

/* A finding from a row of the store's finding query (columns as in
 * trygg-store.c). @caches: three (walk, category, actor), or NULL. */
TryggFinding *trygg_finding_from_stmt     (sqlite3_stmt     *stmt,
                                           TryggInternCache *caches);
void          trygg_update_finding        (gpointer          item,
                                           gpointer          fresh);

const char   *trygg_walk_id_of            (gpointer          item);
const char   *trygg_actor_id_of           (gpointer          item);
const char   *trygg_category_id_of        (gpointer          item);

void          trygg_sync_catalogues       (TryggDatabase    *database,
                                           TryggObjectList  *walks,
                                           TryggObjectList  *actors,
                                           TryggObjectList  *categories);
/* Each model may be NULL (not handed out). */
void          trygg_sync_finding_children (TryggDatabase    *database,
                                           const char       *finding_id,
                                           TryggObjectList  *measures,
                                           TryggObjectList  *photos,
                                           TryggObjectList  *history);

G_END_DECLS
