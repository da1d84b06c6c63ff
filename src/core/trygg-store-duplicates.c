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
 * sorted by slot with a counting sort; they are then visited in that
 * order, so the slots around one finding are next to those around the one
 * before and everything is read front to back (binary searches and a
 * visit in model order spent most of the load's time in cache misses). */
#define SLOT_BITS 20

typedef struct
{
  guint         slot;
  gboolean      open;          /* open, with a category: can be duplicated */
  gint64        x;
  gint64        y;
  double        latitude;
  double        longitude;
  const char   *category_key;  /* interned */
  TryggFinding *finding;
} SlotEntry;

/* Wraps the grid every 1024 cells (about 15 km) rather than hashing it, so
 * the 3 × 3 cells around a finding are three runs of slots. */
static guint
cell_slot (gint64 x,
           gint64 y)
{
  return (((guint) x & 1023) << 10) | ((guint) y & 1023);
}

static gboolean
open_neighbour_in_slot (const SlotEntry *sorted,
                        const guint     *ends,
                        guint            slot,
                        const SlotEntry *e)
{
  for (guint i = slot > 0 ? ends[slot - 1] : 0; i < ends[slot]; i++)
    {
      const SlotEntry *other = &sorted[i];

      if (other->open && other->finding != e->finding && other->category_key == e->category_key &&
          haversine_metres (e->latitude, e->longitude, other->latitude, other->longitude) <= DUPLICATE_METRES)
        return TRUE;
    }
  return FALSE;
}

void
trygg_duplicates_flag_all (GPtrArray *findings)
{
  guint n = findings->len;
  g_autofree SlotEntry *cells = g_new (SlotEntry, MAX (n, 1));
  g_autofree SlotEntry *sorted = g_new (SlotEntry, MAX (n, 1));
  g_autofree guint *ends = g_new0 (guint, 1u << SLOT_BITS);    /* of each slot in @sorted */
  g_autofree guint *n_open = g_new0 (guint, 1u << SLOT_BITS);  /* open findings per slot */
  double max_abs_lat = 0, cell_lat, cell_lon;
  guint total = 0;

  for (guint i = 0; i < n; i++)
    max_abs_lat = MAX (max_abs_lat, fabs (((TryggFinding *) findings->pdata[i])->latitude));
  box_around (max_abs_lat, DUPLICATE_METRES, &cell_lat, &cell_lon);

  /* One pass over the objects; the rest works on the compact arrays. */
  for (guint i = 0; i < n; i++)
    {
      TryggFinding *f = findings->pdata[i];
      SlotEntry *e = &cells[i];

      e->finding = f;
      e->latitude = f->latitude;
      e->longitude = f->longitude;
      e->category_key = f->category_key;
      e->x = floor (f->latitude / cell_lat);
      e->y = floor (f->longitude / cell_lon);
      e->slot = cell_slot (e->x, e->y);
      e->open = f->category_key != NULL && trygg_status_is_open (f->status);
      ends[e->slot]++;
      n_open[e->slot] += e->open;
    }

  /* Counting sort: @ends becomes where each slot starts, then, as the
   * entries are placed, where it ends. */
  for (guint slot = 0; slot < 1u << SLOT_BITS; slot++)
    {
      guint count = ends[slot];

      ends[slot] = total;
      total += count;
    }
  for (guint i = 0; i < n; i++)
    sorted[ends[cells[i].slot]++] = cells[i];

  for (guint i = 0; i < n; i++)
    {
      const SlotEntry *e = &sorted[i];
      guint around = 0;
      gboolean found = FALSE;

      if (e->category_key == NULL)
        continue;
      for (int dx = -1; dx <= 1; dx++)
        for (int dy = -1; dy <= 1; dy++)
          around += n_open[cell_slot (e->x + dx, e->y + dy)];
      if (e->open)
        around--;  /* itself */
      if (around == 0)
        continue;
      for (int dx = -1; dx <= 1 && !found; dx++)
        for (int dy = -1; dy <= 1 && !found; dy++)
          {
            guint slot = cell_slot (e->x + dx, e->y + dy);

            if (n_open[slot] > 0)
              found = open_neighbour_in_slot (sorted, ends, slot, e);
          }
      e->finding->possible_duplicate = found;
    }
}
