/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "trygg-finding-query.h"
#include "trygg-models-private.h"

struct _TryggFindingQuery
{
  char       *folded_text;   /* NULL when no text */
  const char *actor_id;      /* interned, or NULL */
  const char *category_key;  /* interned, or NULL */
  const char *walk_id;       /* interned, or NULL */
  guint       status_mask;
  int         priority;
  gboolean    overdue_only;
};

G_DEFINE_BOXED_TYPE (TryggFindingQuery, trygg_finding_query,
                     trygg_finding_query_copy, trygg_finding_query_free)

char *
trygg_fold_text (const char *text)
{
  g_autofree char *normal = NULL;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  /* Most titles are plain ASCII plus å, ä and ö; the ASCII case skips
   * normalisation, which is what makes loading 100,000 findings quick. */
  for (p = text; *p != '\0' && (guchar) *p < 0x80; p++)
    ;
  if (*p == '\0')
    return g_ascii_strdown (text, -1);

  normal = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  return g_utf8_casefold (normal ? normal : text, -1);
}

TryggFindingQuery *
trygg_finding_query_new (void)
{
  TryggFindingQuery *query = g_new0 (TryggFindingQuery, 1);

  query->priority = -1;
  return query;
}

TryggFindingQuery *
trygg_finding_query_copy (const TryggFindingQuery *query)
{
  TryggFindingQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_memdup2 (query, sizeof *query);
  copy->folded_text = g_strdup (query->folded_text);
  return copy;
}

void
trygg_finding_query_free (TryggFindingQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->folded_text);
  g_free (query);
}

void
trygg_finding_query_set_text (TryggFindingQuery *query,
                              const char        *text)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (query != NULL);

  g_clear_pointer (&query->folded_text, g_free);
  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (*stripped != '\0')
    query->folded_text = trygg_fold_text (stripped);
}

void
trygg_finding_query_set_actor_id (TryggFindingQuery *query,
                                  const char        *actor_id)
{
  g_return_if_fail (query != NULL);
  query->actor_id = g_intern_string (actor_id);
}

void
trygg_finding_query_set_category_key (TryggFindingQuery *query,
                                      const char        *category_key)
{
  g_return_if_fail (query != NULL);
  query->category_key = g_intern_string (category_key);
}

void
trygg_finding_query_set_walk_id (TryggFindingQuery *query,
                                 const char        *walk_id)
{
  g_return_if_fail (query != NULL);
  query->walk_id = g_intern_string (walk_id);
}

void
trygg_finding_query_set_statuses (TryggFindingQuery *query,
                                  guint              status_mask)
{
  g_return_if_fail (query != NULL);
  query->status_mask = status_mask;
}

void
trygg_finding_query_set_priority (TryggFindingQuery *query,
                                  int                priority)
{
  g_return_if_fail (query != NULL);
  query->priority = priority;
}

void
trygg_finding_query_set_overdue_only (TryggFindingQuery *query,
                                      gboolean           overdue_only)
{
  g_return_if_fail (query != NULL);
  query->overdue_only = overdue_only;
}

gboolean
trygg_finding_query_is_empty (const TryggFindingQuery *query)
{
  g_return_val_if_fail (query != NULL, TRUE);

  return query->folded_text == NULL && query->actor_id == NULL &&
         query->category_key == NULL && query->walk_id == NULL &&
         query->status_mask == 0 && query->priority < 0 && !query->overdue_only;
}

gboolean
trygg_finding_query_matches (const TryggFindingQuery *query,
                             TryggFinding            *finding)
{
  /* Cheapest tests first; interned strings compare by pointer. */
  if (query->actor_id != NULL && trygg_finding_get_actor_id (finding) != query->actor_id)
    return FALSE;
  if (query->walk_id != NULL && trygg_finding_get_walk_id (finding) != query->walk_id)
    return FALSE;
  if (query->category_key != NULL && trygg_finding_get_category_key (finding) != query->category_key)
    return FALSE;
  if (query->status_mask != 0 && !(query->status_mask & (1u << trygg_finding_get_status (finding))))
    return FALSE;
  if (query->priority >= 0 && (int) trygg_finding_get_priority (finding) != query->priority)
    return FALSE;
  if (query->overdue_only && !trygg_finding_get_overdue (finding))
    return FALSE;
  if (query->folded_text != NULL &&
      strstr (trygg_finding_get_search_key (finding), query->folded_text) == NULL)
    return FALSE;
  return TRUE;
}
