/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "trygg-store-private.h"

/* Possible duplicates: another open finding of the same category within
 * 15 m, so that two people noting the same broken lamp see it. */

#define DUPLICATE_METRES 15.0
#define EARTH_RADIUS_METRES 6371008.8


static double
haversine_metres (double lat1,
                  double lon1,
                  double lat2,
                  double lon2)
{
  double phi1 = lat1 * G_PI / 180, phi2 = lat2 * G_PI / 180;
  double dphi = phi2 - phi1, dlambda = (lon2 - lon1) * G_PI / 180;
  double a = sin (dphi / 2) * sin (dphi / 2) +
             cos (phi1) * cos (phi2) * sin (dlambda / 2) * sin (dlambda / 2);

  return 2 * EARTH_RADIUS_METRES * asin (MIN (1.0, sqrt (a)));
}

/* Degrees that surely cover @metres around @latitude, for R*Tree boxes. */
static void
box_around (double  latitude,
            double  metres,
            double *dlat,
            double *dlon)
{
  *dlat = metres / 111000.0 * 1.01;
  *dlon = *dlat / MAX (cos (latitude * G_PI / 180), 0.01);
}

/* The R*Tree narrows the search to a box, the haversine decides. */
gboolean
trygg_duplicates_has_open_neighbour (TryggDatabase *database,
                                     TryggFinding  *finding)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  double lat = trygg_finding_get_latitude (finding);
  double lon = trygg_finding_get_longitude (finding);
  double dlat, dlon;
  gboolean found = FALSE;

  if (trygg_finding_get_category_key (finding) == NULL)
    return FALSE;

  box_around (lat, DUPLICATE_METRES, &dlat, &dlon);
  stmt = trygg_database_prepare (database,
                                 "SELECT f.latitude, f.longitude FROM finding_location r"
                                 " JOIN finding f ON f.rid = r.rid"
                                 " WHERE r.max_lat >= ?1 AND r.min_lat <= ?2"
                                 "   AND r.max_lon >= ?3 AND r.min_lon <= ?4"
                                 "   AND f.category = ?5 AND f.id <> ?6"
                                 "   AND f.status NOT IN ('fixed', 'wont_fix')",
                                 NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_double (stmt, 1, lat - dlat);
  sqlite3_bind_double (stmt, 2, lat + dlat);
  sqlite3_bind_double (stmt, 3, lon - dlon);
  sqlite3_bind_double (stmt, 4, lon + dlon);
  trygg_bind_text (stmt, 5, trygg_finding_get_category_key (finding));
  trygg_bind_text (stmt, 6, trygg_finding_get_id (finding));
  while (!found && sqlite3_step (stmt) == SQLITE_ROW)
    found = haversine_metres (lat, lon, sqlite3_column_double (stmt, 0),
                              sqlite3_column_double (stmt, 1)) <= DUPLICATE_METRES;
  return found;
}

/* A change at (lat, lon) can change the flag of every finding within 15 m
 * of it. */
void
trygg_duplicates_update_near (TryggDatabase *database,
                              GHashTable    *finding_by_id,
                              double         lat,
                              double         lon)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  double dlat, dlon;

  box_around (lat, DUPLICATE_METRES, &dlat, &dlon);
  stmt = trygg_database_prepare (database,
                                 "SELECT f.id, f.latitude, f.longitude FROM finding_location r"
                                 " JOIN finding f ON f.rid = r.rid"
                                 " WHERE r.max_lat >= ?1 AND r.min_lat <= ?2"
                                 "   AND r.max_lon >= ?3 AND r.min_lon <= ?4",
                                 NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_double (stmt, 1, lat - dlat);
  sqlite3_bind_double (stmt, 2, lat + dlat);
  sqlite3_bind_double (stmt, 3, lon - dlon);
  sqlite3_bind_double (stmt, 4, lon + dlon);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TryggFinding *near = g_hash_table_lookup (finding_by_id, sqlite3_column_text (stmt, 0));

      if (near != NULL &&
          haversine_metres (lat, lon, sqlite3_column_double (stmt, 1),
                            sqlite3_column_double (stmt, 2)) <= DUPLICATE_METRES)
        trygg_finding_set_possible_duplicate (near, trygg_duplicates_has_open_neighbour (database, near));
    }
}

/* At load time one R*Tree query per finding would cost more than the rest
 * of the load together, so all flags are found at once with a grid of
 * cells at least 15 m wide: a neighbour is always in one of the 3 × 3 cells
 * around a finding. Cells are hashed into slots, and the findings are
 * sorted by slot; they are then visited in that order, so the slots
 * around one finding are next to those around the one before and
 * everything is read front to back.
 *
 * Memory order is what costs here, not arithmetic: binary searches and a
 * visit in model order spent most of the time in cache misses, and so did
 * a counting sort (a random access into the slot table per finding). The
 * sort is a radix sort in two passes, one per coordinate of the slot,
 * each reading in order and writing a few hundred runs in order. What the
 * grid needs of a finding is copied out of it as the load makes it, while
 * it is still in the cache. */
typedef struct
{
  double        latitude;
  double        longitude;
  const char   *category_key;  /* interned */
  TryggFinding *finding;
  gint32        x;
  gint32        y;
  guint         slot;
  gboolean      open;          /* open, with a category: can be duplicated */
} SlotEntry;

/* Where each slot's findings end in the sorted entries, and how many of
 * them are open: side by side, as they are read together. */
typedef struct
{
  guint end;
  guint n_open;
} Slot;

struct _TryggDuplicateScan
{
  GArray *cells;  /* of SlotEntry, in model order */
  double  max_abs_lat;
};

/* The grid wraps every 2^bits cells in each direction (512 cells, about
 * 7.5 km, for 100,000 findings) rather than hashing, so the 3 × 3 cells
 * around a finding are three runs of slots; the table grows with the
 * findings so that it stays mostly empty. */
static guint
cell_slot (gint64 x,
           gint64 y,
           guint  bits)
{
  guint mask = (1u << bits) - 1;

  return (((guint) x & mask) << bits) | ((guint) y & mask);
}

/* One pass of the radix sort: @from into @to by the digit of the slot at
 * @shift, stable; @count holds how many entries have each digit. */
static void
radix_pass (const SlotEntry *from,
            SlotEntry       *to,
            guint            n,
            guint           *count,
            guint            bits,
            guint            shift)
{
  guint mask = (1u << bits) - 1, total = 0;

  for (guint digit = 0; digit <= mask; digit++)
    {
      guint c = count[digit];

      count[digit] = total;
      total += c;
    }
  for (guint i = 0; i < n; i++)
    to[count[(from[i].slot >> shift) & mask]++] = from[i];
}

static gboolean
open_neighbour_in_slot (const SlotEntry *sorted,
                        const Slot      *slots,
                        guint            slot,
                        const SlotEntry *e)
{
  for (guint i = slot > 0 ? slots[slot - 1].end : 0; i < slots[slot].end; i++)
    {
      const SlotEntry *other = &sorted[i];

      if (other->open && other->finding != e->finding && other->category_key == e->category_key &&
          haversine_metres (e->latitude, e->longitude, other->latitude, other->longitude) <= DUPLICATE_METRES)
        return TRUE;
    }
  return FALSE;
}

TryggDuplicateScan *
trygg_duplicate_scan_new (void)
{
  TryggDuplicateScan *scan = g_new0 (TryggDuplicateScan, 1);

  scan->cells = g_array_sized_new (FALSE, FALSE, sizeof (SlotEntry), 1024);
  return scan;
}

void
trygg_duplicate_scan_add (TryggDuplicateScan *scan,
                          TryggFinding       *finding)
{
  SlotEntry e = { 0 };

  e.finding = finding;
  e.latitude = finding->latitude;
  e.longitude = finding->longitude;
  e.category_key = finding->category_key;
  e.open = finding->category_key != NULL && trygg_status_is_open (finding->status);
  scan->max_abs_lat = MAX (scan->max_abs_lat, fabs (finding->latitude));
  g_array_append_val (scan->cells, e);
}

void
trygg_duplicate_scan_free (TryggDuplicateScan *scan)
{
  g_array_unref (scan->cells);
  g_free (scan);
}

void
trygg_duplicate_scan_finish (TryggDuplicateScan *scan,
                             gboolean            notify)
{
  SlotEntry *cells = (SlotEntry *) scan->cells->data;
  guint n = scan->cells->len, bits = 4, mask;
  g_autofree SlotEntry *spare = g_new (SlotEntry, MAX (n, 1));
  const SlotEntry *sorted = cells;
  g_autofree Slot *slots = NULL;
  guint low_count[1024] = { 0 }, high_count[1024] = { 0 };
  double cell_lat, cell_lon;

  while (bits < 10 && 1u << (2 * bits) < 4 * n)
    bits++;
  mask = (1u << bits) - 1;
  slots = g_new0 (Slot, 1u << (2 * bits));
  box_around (scan->max_abs_lat, DUPLICATE_METRES, &cell_lat, &cell_lon);

  for (guint i = 0; i < n; i++)
    {
      SlotEntry *e = &cells[i];

      e->x = floor (e->latitude / cell_lat);
      e->y = floor (e->longitude / cell_lon);
      e->slot = cell_slot (e->x, e->y, bits);
      low_count[e->slot & mask]++;
      high_count[e->slot >> bits]++;
    }
  /* By y, then by x: @cells ends up sorted by slot. */
  radix_pass (cells, spare, n, low_count, bits, 0);
  radix_pass (spare, cells, n, high_count, bits, bits);

  /* In slot order, so the table is written front to back. */
  for (guint i = 0; i < n; i++)
    {
      slots[sorted[i].slot].end = i + 1;
      slots[sorted[i].slot].n_open += sorted[i].open;
    }
  for (guint slot = 1; slot < 1u << (2 * bits); slot++)
    if (slots[slot].end == 0)
      slots[slot].end = slots[slot - 1].end;

  for (guint i = 0; i < n; i++)
    {
      const SlotEntry *e = &sorted[i];
      guint around = 0;
      gboolean found = FALSE;

      if (e->category_key == NULL)
        continue;
      for (int dx = -1; dx <= 1; dx++)
        for (int dy = -1; dy <= 1; dy++)
          around += slots[cell_slot ((gint64) e->x + dx, (gint64) e->y + dy, bits)].n_open;
      if (e->open)
        around--;  /* itself */
      if (around == 0)
        continue;
      for (int dx = -1; dx <= 1 && !found; dx++)
        for (int dy = -1; dy <= 1 && !found; dy++)
          {
            guint slot = cell_slot ((gint64) e->x + dx, (gint64) e->y + dy, bits);

            if (slots[slot].n_open > 0)
              found = open_neighbour_in_slot (sorted, slots, slot, e);
          }
      /* Findings of a load, FALSE until now. */
      if (found && notify)
        trygg_finding_set_possible_duplicate (e->finding, TRUE);
      else if (found)
        e->finding->possible_duplicate = TRUE;
    }

  trygg_duplicate_scan_free (scan);
}
