/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Generated MBTiles files for the map tests: solid-colour tiles made with
 * gdk-pixbuf, written with plain SQLite the way other tools write them. */

typedef enum
{
  FIXTURE_PNG          = 0,
  FIXTURE_JPEG         = 1 << 0,
  FIXTURE_NO_METADATA  = 1 << 1,
  FIXTURE_BAD_METADATA = 1 << 2,
  FIXTURE_VIEW         = 1 << 3,   /* tiles is a view over two tables, as MOBAC writes */
} FixtureFlags;

/* Fills every tile of the box (XYZ numbering) at zooms min..max. */
void    fixture_write_mbtiles (const char   *path,
                               FixtureFlags  flags,
                               guint32       rgb,
                               int           min_zoom,
                               int           max_zoom,
                               double        west,
                               double        south,
                               double        east,
                               double        north);
/* One tile only, at XYZ (x, y, zoom), in colour rgb. */
void    fixture_write_single  (const char   *path,
                               guint32       rgb,
                               int           x,
                               int           y,
                               int           zoom);
GBytes *fixture_tile          (guint32       rgb,
                               gboolean      jpeg);
/* The colour of the centre pixel and its alpha, from PNG/JPEG bytes. */
guint32 fixture_tile_colour   (GBytes       *bytes,
                               guint8       *alpha);
gboolean fixture_colour_near  (guint32       a,
                               guint32       b,
                               int           tolerance);

/* Call after g_test_init with XDG_DATA_DIRS as it was before. */
void    fixture_use_system_mime (const char *data_dirs);

G_END_DECLS
