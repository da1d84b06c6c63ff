/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "trygg-finding-view.h"
#include "trygg-models-private.h"
#include "trygg-object-list.h"

/* What the filter and the sort read of one finding, copied out of it when
 * the view is rebuilt: a keystroke then walks two arrays front to back
 * instead of chasing 100,000 objects and their strings across the heap
 * (which is what made GtkFilterListModel slow, more than the filter). */
typedef struct
{
  TryggFinding *finding;       /* referenced */
  const char   *walk_id;       /* interned */
  const char   *category_key;  /* interned */
  const char   *actor_id;      /* interned */
  const char   *observed_at;   /* the finding's, read only while sorting */
  const char   *updated_at;    /* the same */
  gint64        observed_key;  /* their digits, so that most comparisons */
  gint64        updated_key;   /* read no string: see timestamp_key() */
  int           number;
  guint32       key_offset;    /* of the search key in the view's keys */
  guint32       key_len;
  guint32       model_index;   /* decides ties: the model's order */
  guint32       generation;    /* the finding's, when this was copied */
  guint8        status;
  guint8        priority;
  guint8        overdue;
  guint8        from_last;     /* key_offset is in the last snapshot's keys */
} Entry;

/* Every finding of the model in sort order, with their search keys laid
 * out one after the other in that order. */
typedef struct
{
  Entry   *entries;
  guint    n_entries;
  int      sort;       /* the TryggFindingSort they are in */
  char    *keys;
  guint    ref_count;  /* the view, and a change being announced */
  gboolean gave_refs;  /* its findings' references went to the next one */
} Snapshot;

struct _TryggFindingView
{
  GObject            parent_instance;

  GListModel        *model;
  TryggFindingQuery *query;
  TryggFindingSort   sort;
  Snapshot          *snapshot;
  GArray            *shown;  /* of guint: positions in the snapshot, rising */
};

static void trygg_finding_view_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TryggFindingView, trygg_finding_view, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, trygg_finding_view_model_init))

static TryggFinding *
shown_finding (Snapshot *snapshot,
               GArray   *shown,
               guint     position)
{
  return snapshot->entries[g_array_index (shown, guint, position)].finding;
}

static GType
trygg_finding_view_get_item_type (GListModel *model)
{
  return TRYGG_TYPE_FINDING;
}

/* No checked casts here: GTK's list views call these thousands of times
 * for one change. */
static guint
trygg_finding_view_get_n_items (GListModel *model)
{
  return ((TryggFindingView *) model)->shown->len;
}

static gpointer
trygg_finding_view_get_item (GListModel *model,
                             guint       position)
{
  TryggFindingView *self = (TryggFindingView *) model;

  if (position >= self->shown->len)
    return NULL;
  return g_object_ref (shown_finding (self->snapshot, self->shown, position));
}

static void
trygg_finding_view_model_init (GListModelInterface *iface)
{
  iface->get_item_type = trygg_finding_view_get_item_type;
  iface->get_n_items = trygg_finding_view_get_n_items;
  iface->get_item = trygg_finding_view_get_item;
}

static void
snapshot_unref (Snapshot *snapshot)
{
  if (--snapshot->ref_count > 0)
    return;
  for (guint i = 0; !snapshot->gave_refs && i < snapshot->n_entries; i++)
    g_object_unref (snapshot->entries[i].finding);
  g_free (snapshot->entries);
  g_free (snapshot->keys);
  g_free (snapshot);
}

/* Sorting */

/* The digits of a time exactly as we store it (2026-11-27T18:30:00Z) as
 * one number, which orders such times as their text does, and is equal
 * only for equal texts; -1 for any other text. */
static gint64
timestamp_key (const char *text)
{
  static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
  gint64 key = 0;

  if (text == NULL)
    return -1;
  /* The shape's NUL too: nothing may follow. */
  for (guint i = 0; i < sizeof shape; i++)
    {
      if (shape[i] == 'd' && g_ascii_isdigit (text[i]))
        key = key * 10 + (text[i] - '0');
      else if (shape[i] != text[i])
        return -1;
    }
  return key;
}

/* The same order as g_strcmp0() on the texts, which are read only when
 * one of them has another shape. */
static inline int
compare_times (gint64      a_key,
               const char *a,
               gint64      b_key,
               const char *b)
{
  if (a_key >= 0 && b_key >= 0)
    return a_key < b_key ? -1 : a_key > b_key;
  return g_strcmp0 (a, b);
}

static int
compare_numbers (const Entry *a,
                 const Entry *b)
{
  if (a->number != b->number)
    return a->number < b->number ? -1 : 1;
  return compare_times (a->observed_key, a->observed_at, b->observed_key, b->observed_at);
}

static int
compare_entries (gconstpointer a_,
                 gconstpointer b_,
                 gpointer      user_data)
{
  const Entry *a = a_;
  const Entry *b = b_;
  TryggFindingSort sort = GPOINTER_TO_INT (user_data);
  int cmp = 0;

  switch (sort)
    {
    case TRYGG_FINDING_SORT_STATUS:
      cmp = (int) a->status - (int) b->status;
      break;
    case TRYGG_FINDING_SORT_PRIORITY:
      /* Most urgent first. */
      cmp = (int) b->priority - (int) a->priority;
      break;
    case TRYGG_FINDING_SORT_UPDATED:
      /* Newest first; ISO 8601 in UTC sorts as text. */
      cmp = compare_times (b->updated_key, b->updated_at, a->updated_key, a->updated_at);
      break;
    case TRYGG_FINDING_SORT_NUMBER:
    default:
      break;
    }
  if (cmp != 0)
    return cmp < 0 ? -1 : 1;
  if ((cmp = compare_numbers (a, b)) != 0)
    return cmp;
  return a->model_index < b->model_index ? -1 : a->model_index > b->model_index;
}

/* After an edit the entries, taken in the order of the last snapshot,
 * are sorted but for the few findings that changed: a natural merge sort
 * finds the sorted runs and merges them, a few linear passes where a full
 * sort of 100,000 entries took most of the refresh after each edit.
 * FALSE, touching nothing, when there are too many runs for that to pay. */
#define MAX_RUNS 64

static inline gboolean
goes_before (const Entry      *entry,
             const Entry      *key,
             gboolean          or_equal,
             TryggFindingSort  sort)
{
  int cmp = compare_entries (entry, key, GINT_TO_POINTER (sort));

  return or_equal ? cmp <= 0 : cmp < 0;
}

/* In the sorted run [lo, hi), the end of the entries that go before
 * @key: probes 1, 2, 4, … ahead, then halves. */
static guint
gallop (const Entry      *entries,
        guint             lo,
        guint             hi,
        const Entry      *key,
        gboolean          or_equal,
        TryggFindingSort  sort)
{
  guint before = lo, probe = lo, step = 1;

  while (probe < hi && goes_before (&entries[probe], key, or_equal, sort))
    {
      before = probe + 1;
      probe = lo + step;
      step *= 2;
    }
  hi = MIN (probe, hi);
  while (before < hi)
    {
      guint middle = before + (hi - before) / 2;

      if (goes_before (&entries[middle], key, or_equal, sort))
        before = middle + 1;
      else
        hi = middle;
    }
  return before;
}

static gboolean
merge_runs (Entry            *entries,
            guint             n,
            TryggFindingSort  sort)
{
  guint starts[MAX_RUNS + 1];
  guint n_runs = 0;
  g_autofree Entry *buffer = NULL;
  Entry *from = entries, *to;

  for (guint i = 0; i < n; i++)
    if (i == 0 || compare_entries (&entries[i - 1], &entries[i], GINT_TO_POINTER (sort)) > 0)
      {
        if (n_runs == MAX_RUNS)
          return FALSE;
        starts[n_runs++] = i;
      }
  if (n_runs <= 1)
    return TRUE;
  starts[n_runs] = n;

  to = buffer = g_new (Entry, n);
  while (n_runs > 1)
    {
      guint merged = 0;

      for (guint r = 0; r < n_runs; r += 2)
        {
          guint a = starts[r], a_end = starts[r + 1];
          guint b = a_end, b_end = r + 1 < n_runs ? starts[r + 2] : a_end;
          guint out = a;

          /* In blocks: what moved lands in a few places. */
          while (a < a_end && b < b_end)
            {
              guint next = gallop (from, a, a_end, &from[b], TRUE, sort);

              memcpy (&to[out], &from[a], (next - a) * sizeof (Entry));
              out += next - a;
              if ((a = next) == a_end)
                break;
              next = gallop (from, b, b_end, &from[a], FALSE, sort);
              memcpy (&to[out], &from[b], (next - b) * sizeof (Entry));
              out += next - b;
              b = next;
            }
          memcpy (&to[out], &from[a], (a_end - a) * sizeof (Entry));
          out += a_end - a;
          memcpy (&to[out], &from[b], (b_end - b) * sizeof (Entry));
          starts[merged++] = starts[r];
        }
      starts[merged] = n;
      n_runs = merged;
      from = to;
      to = from == entries ? buffer : entries;
    }
  if (from != entries)
    memcpy (entries, from, n * sizeof (Entry));
  return TRUE;
}

/* Every finding of the model, referenced, in sort order: ties in the
 * model's order. When the model holds the same findings as the last
 * snapshot (an edit changed some in place), they are taken in that
 * snapshot's order, which is sorted but for what the edit changed. */
static Snapshot *
take_snapshot (TryggFindingView *self)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);
  Snapshot *last = self->snapshot;
  gpointer *items = NULL;
  guint n = 0;
  gsize keys_len = 0;
  gboolean in_last_order;
  char *p;

  snapshot->ref_count = 1;
  snapshot->sort = self->sort;
  if (self->model != NULL && TRYGG_IS_OBJECT_LIST (self->model))
    items = trygg_object_list_peek (TRYGG_OBJECT_LIST (self->model), &n);
  else if (self->model != NULL)
    n = g_list_model_get_n_items (self->model);

  in_last_order = items != NULL && last != NULL && last->n_entries == n && n > 0;
  for (guint i = 0; in_last_order && i < n; i++)
    {
      const Entry *e = &last->entries[i];

      in_last_order = e->model_index < n && items[e->model_index] == e->finding;
    }

  /* The same findings: the last snapshot's references move over rather
   * than 100,000 taken here and dropped there. It still points at them
   * while the change is announced, and they live on in this one. */
  if (in_last_order && last->ref_count == 1)
    last->gave_refs = TRUE;

  snapshot->entries = g_new (Entry, MAX (n, 1));
  snapshot->n_entries = n;
  for (guint i = 0; i < n; i++)
    {
      guint index = in_last_order ? last->entries[i].model_index : i;
      TryggFinding *f = items == NULL ? g_list_model_get_item (self->model, i) :
                        in_last_order && last->gave_refs ? items[index] : g_object_ref (items[index]);
      Entry *e = &snapshot->entries[i];
      guint key_len;

      /* Unchanged since the last snapshot: copied from it, search key
       * and all (its offset still points into the last keys). */
      if (in_last_order && f->generation == last->entries[i].generation)
        {
          *e = last->entries[i];
          e->from_last = TRUE;
          keys_len += e->key_len + 1;
          continue;
        }

      /* Made here the first time (the load does not), kept after. */
      trygg_finding_get_search_key (f, &key_len);

      e->finding = f;
      e->walk_id = f->walk_id;
      e->category_key = f->category_key;
      e->actor_id = f->actor_id;
      e->observed_at = f->observed_at;
      e->updated_at = f->updated_at;
      e->observed_key = timestamp_key (f->observed_at);
      e->updated_key = timestamp_key (f->updated_at);
      e->number = f->number;
      e->key_len = key_len;
      e->model_index = index;
      e->generation = f->generation;
      e->from_last = FALSE;
      e->status = f->status;
      e->priority = f->priority;
      e->overdue = f->overdue != FALSE;
      keys_len += key_len + 1;
    }
  if (!in_last_order || last->sort != (int) self->sort ||
      !merge_runs (snapshot->entries, n, self->sort))
    g_qsort_with_data (snapshot->entries, n, sizeof (Entry), compare_entries, GINT_TO_POINTER (self->sort));

  /* The keys in the order they will be searched. */
  snapshot->keys = p = g_malloc (MAX (keys_len, 1));
  for (guint i = 0; i < n; i++)
    {
      Entry *e = &snapshot->entries[i];

      memcpy (p, e->from_last ? last->keys + e->key_offset : e->finding->search_key, e->key_len + 1);
      e->from_last = FALSE;
      e->key_offset = p - snapshot->keys;
      p += e->key_len + 1;
    }
  return snapshot;
}

/* Filtering */

static gboolean
entry_matches (const TryggFindingQuery *query,
               const Snapshot          *snapshot,
               const Entry             *e)
{
  return trygg_finding_query_matches_fields (query, e->walk_id, e->category_key, e->actor_id,
                                             e->status, e->priority, e->overdue,
                                             snapshot->keys + e->key_offset, e->key_len);
}

/* The positions in @snapshot that @query lets through; only among @among
 * when that is not NULL. */
static GArray *
filter (const TryggFindingQuery *query,
        const Snapshot          *snapshot,
        GArray                  *among)
{
  guint n = among != NULL ? among->len : snapshot->n_entries;
  GArray *shown = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  gboolean all = trygg_finding_query_is_empty (query);
  guint *out = (guint *) shown->data, len = 0;

  for (guint i = 0; i < n; i++)
    {
      guint at = among != NULL ? g_array_index (among, guint, i) : i;

      if (all || entry_matches (query, snapshot, &snapshot->entries[at]))
        out[len++] = at;
    }
  g_array_set_size (shown, len);
  return shown;
}

/* Puts @shown (positions in @snapshot, taken) in place and says what
 * changed: one items-changed for the range between the findings that stay
 * at the start and at the end. The old snapshot keeps its findings
 * referenced until the change is announced, so a removed finding is never
 * freed while a row may still show it. */
static void
take_shown (TryggFindingView *self,
            Snapshot         *snapshot,
            GArray           *shown)
{
  Snapshot *old_snapshot = self->snapshot;
  GArray *old = self->shown;
  guint prefix = 0, suffix = 0;

  while (prefix < old->len && prefix < shown->len &&
         shown_finding (old_snapshot, old, prefix) == shown_finding (snapshot, shown, prefix))
    prefix++;
  while (suffix < old->len - prefix && suffix < shown->len - prefix &&
         shown_finding (old_snapshot, old, old->len - 1 - suffix) ==
         shown_finding (snapshot, shown, shown->len - 1 - suffix))
    suffix++;

  self->snapshot = snapshot;
  self->shown = shown;
  if (old->len - prefix - suffix > 0 || shown->len - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old->len - prefix - suffix, shown->len - prefix - suffix);
  g_array_unref (old);
  snapshot_unref (old_snapshot);
}

/* Sorts and filters everything again. */
static void
rebuild (TryggFindingView *self)
{
  Snapshot *snapshot = take_snapshot (self);

  take_shown (self, snapshot, filter (self->query, snapshot, NULL));
}

static void
model_items_changed_cb (TryggFindingView *self)
{
  rebuild (self);
}

/* GObject */

static void
trygg_finding_view_dispose (GObject *object)
{
  TryggFindingView *self = TRYGG_FINDING_VIEW (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (trygg_finding_view_parent_class)->dispose (object);
}

static void
trygg_finding_view_finalize (GObject *object)
{
  TryggFindingView *self = TRYGG_FINDING_VIEW (object);

  g_array_unref (self->shown);
  snapshot_unref (self->snapshot);
  trygg_finding_query_free (self->query);

  G_OBJECT_CLASS (trygg_finding_view_parent_class)->finalize (object);
}

static void
trygg_finding_view_class_init (TryggFindingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = trygg_finding_view_dispose;
  object_class->finalize = trygg_finding_view_finalize;
}

static void
trygg_finding_view_init (TryggFindingView *self)
{
  self->query = trygg_finding_query_new ();
  self->snapshot = g_new0 (Snapshot, 1);
  self->snapshot->ref_count = 1;
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* Public API */

TryggFindingView *
trygg_finding_view_new (GListModel *findings)
{
  TryggFindingView *self;

  g_return_val_if_fail (findings == NULL || G_IS_LIST_MODEL (findings), NULL);

  self = g_object_new (TRYGG_TYPE_FINDING_VIEW, NULL);
  trygg_finding_view_set_model (self, findings);
  return self;
}

void
trygg_finding_view_set_model (TryggFindingView *self,
                              GListModel       *findings)
{
  g_return_if_fail (TRYGG_IS_FINDING_VIEW (self));
  g_return_if_fail (findings == NULL || G_IS_LIST_MODEL (findings));

  if (self->model == findings)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, findings);
  if (findings != NULL)
    g_signal_connect_object (findings, "items-changed", G_CALLBACK (model_items_changed_cb),
                             self, G_CONNECT_SWAPPED);
  rebuild (self);
}

void
trygg_finding_view_set_query (TryggFindingView        *self,
                              const TryggFindingQuery *query)
{
  TryggFindingQuery *old;

  g_return_if_fail (TRYGG_IS_FINDING_VIEW (self));
  g_return_if_fail (query != NULL);

  old = self->query;
  self->query = trygg_finding_query_copy (query);
  /* One more letter typed: only what is shown can still match. */
  self->snapshot->ref_count++;
  take_shown (self, self->snapshot,
              filter (self->query, self->snapshot,
                      trygg_finding_query_narrows (old, self->query) ? self->shown : NULL));
  trygg_finding_query_free (old);
}

void
trygg_finding_view_set_sort (TryggFindingView *self,
                             TryggFindingSort  sort)
{
  g_return_if_fail (TRYGG_IS_FINDING_VIEW (self));

  if (self->sort == sort)
    return;
  self->sort = sort;
  rebuild (self);
}

void
trygg_finding_view_refresh (TryggFindingView *self)
{
  g_return_if_fail (TRYGG_IS_FINDING_VIEW (self));

  rebuild (self);
}
