/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "trygg-finding-query.h"
#include "trygg-models-private.h"

struct _TryggFindingQuery
{
  char       *folded_text;   /* NULL when no text */
  gsize       folded_len;
  guint       skip[256];     /* Horspool's shift per byte, for folded_text */
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

char *
trygg_fold_text_full (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT_COMPOSE);

  return g_utf8_casefold (normal ? normal : text, -1);
}

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Swedish text is ASCII plus Latin-1 letters (å ä ö é): those are folded
 * byte by byte in one pass, which is what makes loading 100,000 findings
 * quick. Lower-casing U+00C0–U+00DE is adding 0x20 to the second byte
 * (× U+00D7 excepted; ß is left alone, as casefolding would expand it).
 * Anything else (other scripts, combining marks of a decomposed å) makes
 * this return FALSE, for trygg_fold_text_full(); what was lowered already
 * by then folds to the same result.
 *
 * The text goes eight bytes at a time: the ASCII bytes from 'A' to 'Z'
 * are found with two additions on their low seven bits (which cannot
 * carry into the next byte) and get 0x20 added; then the first byte that
 * is not ASCII, if any, is dealt with on its own and the next eight start
 * after it. */
gboolean
trygg_fold_text_simple (char  *text,
                        gsize  len)
{
  guchar *p = (guchar *) text, *end = p + len;

  while (p < end)
    {
      if (end - p >= 8)
        {
          guint64 v, low, upper, high;

          memcpy (&v, p, 8);
          low = v & ~HIGHS;
          high = v & HIGHS;
          upper = (low + 0x3f * ONES) & ~(low + 0x25 * ONES) & ~v & HIGHS;
          if (upper != 0)
            {
              v |= upper >> 2;
              memcpy (p, &v, 8);
            }
          if (high == 0)
            {
              p += 8;
              continue;
            }
          /* Little-endian: the lowest set bit is the first byte. */
          p += (G_BYTE_ORDER == G_LITTLE_ENDIAN ? __builtin_ctzll (high) : __builtin_clzll (high)) / 8;
        }
      if (*p < 0x80)
        {
          if (*p >= 'A' && *p <= 'Z')
            *p += 0x20;
        }
      else if (*p == 0xc3 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0xbf)
        {
          p++;
          if (*p <= 0x9e && *p != 0x97)
            *p += 0x20;
        }
      else
        return FALSE;
      p++;
    }
  return TRUE;
}

char *
trygg_fold_text_in_place (char *text)
{
  char *folded;

  if (trygg_fold_text_simple (text, strlen (text)))
    return text;
  folded = trygg_fold_text_full (text);
  g_free (text);
  return folded;
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
  query->folded_len = 0;
  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (*stripped != '\0')
    {
      query->folded_text = trygg_fold_text (stripped);
      query->folded_len = strlen (query->folded_text);
      for (guint i = 0; i < G_N_ELEMENTS (query->skip); i++)
        query->skip[i] = query->folded_len;
      for (gsize i = 0; i + 1 < query->folded_len; i++)
        query->skip[(guchar) query->folded_text[i]] = query->folded_len - 1 - i;
    }
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

const char *
trygg_finding_query_get_walk_id (const TryggFindingQuery *query)
{
  return query->walk_id;
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

/* Boyer–Moore–Horspool with the table made once per query: strstr() and
 * memmem() build theirs on every call, which over 100,000 short search
 * keys cost more than the search itself. */
static gboolean
contains_text (const TryggFindingQuery *query,
               const char              *key,
               gsize                    key_len)
{
  const guchar *hay = (const guchar *) key, *needle = (const guchar *) query->folded_text;
  gsize m = query->folded_len;
  guchar last = needle[m - 1];

  if (m > key_len)
    return FALSE;
  for (gsize i = 0; i <= key_len - m; i += query->skip[hay[i + m - 1]])
    if (hay[i + m - 1] == last && memcmp (hay + i, needle, m - 1) == 0)
      return TRUE;
  return FALSE;
}

gboolean
trygg_finding_query_matches_fields (const TryggFindingQuery *query,
                                    const char              *walk_id,
                                    const char              *category_key,
                                    const char              *actor_id,
                                    TryggStatus              status,
                                    TryggPriority            priority,
                                    gboolean                 overdue,
                                    const char              *search_key,
                                    gsize                    search_key_len)
{
  /* Cheapest tests first; interned strings compare by pointer. */
  if (query->actor_id != NULL && actor_id != query->actor_id)
    return FALSE;
  if (query->walk_id != NULL && walk_id != query->walk_id)
    return FALSE;
  if (query->category_key != NULL && category_key != query->category_key)
    return FALSE;
  if (query->status_mask != 0 && !(query->status_mask & (1u << status)))
    return FALSE;
  if (query->priority >= 0 && (int) priority != query->priority)
    return FALSE;
  if (query->overdue_only && !overdue)
    return FALSE;
  if (query->folded_text != NULL && !contains_text (query, search_key, search_key_len))
    return FALSE;
  return TRUE;
}

gboolean
trygg_finding_query_matches (const TryggFindingQuery *query,
                             TryggFinding            *finding)
{
  guint key_len;
  const char *key = trygg_finding_get_search_key (finding, &key_len);

  return trygg_finding_query_matches_fields (query, finding->walk_id, finding->category_key,
                                             finding->actor_id, finding->status, finding->priority,
                                             finding->overdue, key, key_len);
}

/* TRUE when every finding @narrower matches is matched by @wider too, so
 * that filtering by @narrower can look only at what @wider let through
 * (typing one more letter in the search field). */
gboolean
trygg_finding_query_narrows (const TryggFindingQuery *wider,
                             const TryggFindingQuery *narrower)
{
  if (wider->actor_id != NULL && wider->actor_id != narrower->actor_id)
    return FALSE;
  if (wider->walk_id != NULL && wider->walk_id != narrower->walk_id)
    return FALSE;
  if (wider->category_key != NULL && wider->category_key != narrower->category_key)
    return FALSE;
  if (wider->status_mask != 0 &&
      (narrower->status_mask == 0 || (narrower->status_mask & ~wider->status_mask) != 0))
    return FALSE;
  if (wider->priority >= 0 && wider->priority != narrower->priority)
    return FALSE;
  if (wider->overdue_only && !narrower->overdue_only)
    return FALSE;
  if (wider->folded_text != NULL &&
      (narrower->folded_text == NULL || strstr (narrower->folded_text, wider->folded_text) == NULL))
    return FALSE;
  return TRUE;
}
