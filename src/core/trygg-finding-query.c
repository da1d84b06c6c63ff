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
  return trygg_fold_text_in_place (g_strdup (text ? text : ""));
}

static char *
full_fold (char *text)
{
  g_autofree char *owned = text;
  g_autofree char *normal = g_utf8_normalize (owned, -1, G_NORMALIZE_DEFAULT_COMPOSE);

  return g_utf8_casefold (normal ? normal : owned, -1);
}

/* Swedish text is ASCII plus Latin-1 letters (å ä ö é): those are folded
 * byte by byte in one pass, which is what makes loading 100,000 findings
 * quick. Lower-casing U+00C0–U+00DE is adding 0x20 to the second byte
 * (× U+00D7 excepted; ß is left alone, as casefolding would expand it).
 * Anything else (other scripts, combining marks of a decomposed å) goes
 * through normalising and casefolding; what was lowered already by then
 * folds to the same result. */
char *
trygg_fold_text_in_place (char *text)
{
  guchar *p = (guchar *) text;

  for (; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c < 0x80)
        {
          if (c >= 'A' && c <= 'Z')
            *p = c + 0x20;
        }
      else if (c == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf)
        {
          p++;
          if (*p <= 0x9e && *p != 0x97)
            *p += 0x20;
        }
      else
        return full_fold (text);
    }
  return text;
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
  if (query->actor_id != NULL && finding->actor_id != query->actor_id)
    return FALSE;
  if (query->walk_id != NULL && finding->walk_id != query->walk_id)
    return FALSE;
  if (query->category_key != NULL && finding->category_key != query->category_key)
    return FALSE;
  if (query->status_mask != 0 && !(query->status_mask & (1u << finding->status)))
    return FALSE;
  if (query->priority >= 0 && (int) finding->priority != query->priority)
    return FALSE;
  if (query->overdue_only && !finding->overdue)
    return FALSE;
  if (query->folded_text != NULL && strstr (finding->search_key, query->folded_text) == NULL)
    return FALSE;
  return TRUE;
}
