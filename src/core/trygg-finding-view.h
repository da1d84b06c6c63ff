/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "trygg-finding-query.h"

G_BEGIN_DECLS

/* The findings a list shows: a model of findings filtered by a query and
 * sorted, in one GListModel. It does what a GtkFilterListModel with a
 * custom filter under a GtkSortListModel did, but reads the findings'
 * precomputed keys directly (folded text, interned ids) and keeps the
 * sorted order between queries, so a keystroke is one pass over an array
 * and one items-changed naming only the range that differs (the findings
 * before and after it keep their rows and their selection). */

typedef enum
{
  TRYGG_FINDING_SORT_NUMBER,    /* number, then when observed */
  TRYGG_FINDING_SORT_STATUS,
  TRYGG_FINDING_SORT_PRIORITY,  /* most urgent first */
  TRYGG_FINDING_SORT_UPDATED,   /* newest first */
} TryggFindingSort;

#define TRYGG_TYPE_FINDING_VIEW (trygg_finding_view_get_type ())

G_DECLARE_FINAL_TYPE (TryggFindingView, trygg_finding_view, TRYGG, FINDING_VIEW, GObject)

/* @findings: a model of TryggFinding (the store's), or NULL. */
TryggFindingView *trygg_finding_view_new       (GListModel              *findings);
void              trygg_finding_view_set_model (TryggFindingView        *self,
                                                GListModel              *findings);
/* Copies @query. */
void              trygg_finding_view_set_query (TryggFindingView        *self,
                                                const TryggFindingQuery *query);
void              trygg_finding_view_set_sort  (TryggFindingView        *self,
                                                TryggFindingSort         sort);
/* Findings changed in place (an edit, undo or redo): sort and filter
 * again. Changes to the model itself are followed without this. */
void              trygg_finding_view_refresh   (TryggFindingView        *self);

G_END_DECLS
