/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "trygg-finding.h"

G_BEGIN_DECLS

/* What the finding list is filtered by. The UI wraps
 * trygg_finding_query_matches() in a GtkCustomFilter; it is cheap enough to
 * run over 100,000 findings on every keystroke (ids are interned and the
 * text is folded once, here and in the finding). */
typedef struct _TryggFindingQuery TryggFindingQuery;

#define TRYGG_TYPE_FINDING_QUERY (trygg_finding_query_get_type ())

GType              trygg_finding_query_get_type         (void) G_GNUC_CONST;
TryggFindingQuery *trygg_finding_query_new              (void);
TryggFindingQuery *trygg_finding_query_copy             (const TryggFindingQuery *query);
void               trygg_finding_query_free             (TryggFindingQuery       *query);

/* Matches number, title and description, case-insensitively; NULL or ""
 * matches all. */
void               trygg_finding_query_set_text         (TryggFindingQuery       *query,
                                                         const char              *text);
/* NULL means any. */
void               trygg_finding_query_set_actor_id     (TryggFindingQuery       *query,
                                                         const char              *actor_id);
void               trygg_finding_query_set_category_key (TryggFindingQuery       *query,
                                                         const char              *category_key);
void               trygg_finding_query_set_walk_id      (TryggFindingQuery       *query,
                                                         const char              *walk_id);
const char        *trygg_finding_query_get_walk_id      (const TryggFindingQuery *query);
/* A bit set of 1 << TryggStatus; 0 means any status. */
void               trygg_finding_query_set_statuses     (TryggFindingQuery       *query,
                                                         guint                    status_mask);
/* -1 means any priority. */
void               trygg_finding_query_set_priority     (TryggFindingQuery       *query,
                                                         int                      priority);
void               trygg_finding_query_set_overdue_only (TryggFindingQuery       *query,
                                                         gboolean                 overdue_only);

gboolean           trygg_finding_query_is_empty         (const TryggFindingQuery *query);
gboolean           trygg_finding_query_matches          (const TryggFindingQuery *query,
                                                         TryggFinding            *finding);

/* The folding used for search keys: normalised and case-folded. */
char              *trygg_fold_text                      (const char              *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggFindingQuery, trygg_finding_query_free)

G_END_DECLS
