/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define TRYGG_MBTILES_ERROR (trygg_mbtiles_error_quark ())

typedef enum
{
  TRYGG_MBTILES_ERROR_OPEN,          /* missing or unreadable file */
  TRYGG_MBTILES_ERROR_NOT_MBTILES,   /* not SQLite, or no tiles table */
  TRYGG_MBTILES_ERROR_UNSUPPORTED,   /* vector tiles, unknown format */
  TRYGG_MBTILES_ERROR_EMPTY,         /* no tiles at all */
  TRYGG_MBTILES_ERROR_READ,          /* a tile could not be read */
  TRYGG_MBTILES_ERROR_WRITE,         /* writing a new file failed */
} TryggMbtilesError;

GQuark trygg_mbtiles_error_quark (void);

/* What a file says about itself, with the gaps filled from the tiles. */
typedef struct
{
  double west, south, east, north;
} TryggMbtilesBounds;

#define TRYGG_TYPE_MBTILES_SOURCE (trygg_mbtiles_source_get_type ())

G_DECLARE_FINAL_TYPE (TryggMbtilesSource, trygg_mbtiles_source, TRYGG, MBTILES_SOURCE, ShumateDataSource)

TryggMbtilesSource *trygg_mbtiles_source_new            (const char          *path,
                                                         GError             **error);
const char         *trygg_mbtiles_source_get_path       (TryggMbtilesSource  *self);
const char         *trygg_mbtiles_source_get_id         (TryggMbtilesSource  *self);
const char         *trygg_mbtiles_source_get_name       (TryggMbtilesSource  *self);
const char         *trygg_mbtiles_source_get_attribution (TryggMbtilesSource *self);
const char         *trygg_mbtiles_source_get_format     (TryggMbtilesSource  *self);
guint               trygg_mbtiles_source_get_min_zoom   (TryggMbtilesSource  *self);
guint               trygg_mbtiles_source_get_max_zoom   (TryggMbtilesSource  *self);
void                trygg_mbtiles_source_get_bounds     (TryggMbtilesSource  *self,
                                                         TryggMbtilesBounds  *bounds);
guint               trygg_mbtiles_source_get_tile_size  (TryggMbtilesSource  *self);
ShumateMapSource   *trygg_mbtiles_source_create_renderer (TryggMbtilesSource *self);
GBytes             *trygg_mbtiles_source_read_tile      (TryggMbtilesSource  *self,
                                                         int                  zoom,
                                                         int                  x,
                                                         int                  y,
                                                         GError             **error);

/* Writes a new MBTiles file under a temporary name next to @path; the file
 * appears at @path only when trygg_mbtiles_writer_finish() succeeds. Tiles
 * are given in XYZ (slippy map) numbering and stored TMS-style. */
typedef struct _TryggMbtilesWriter TryggMbtilesWriter;

TryggMbtilesWriter *trygg_mbtiles_writer_new       (const char          *path,
                                                    GError             **error);
gboolean            trygg_mbtiles_writer_add_tile  (TryggMbtilesWriter  *writer,
                                                    int                  x,
                                                    int                  y,
                                                    int                  zoom,
                                                    GBytes              *data,
                                                    GError             **error);
gboolean            trygg_mbtiles_writer_finish    (TryggMbtilesWriter  *writer,
                                                    const char          *name,
                                                    const char          *attribution,
                                                    const TryggMbtilesBounds *bounds,
                                                    GError             **error);
const char         *trygg_mbtiles_writer_get_temp_path (TryggMbtilesWriter *writer);
/* Closes the writer; an unfinished file is deleted. */
void                trygg_mbtiles_writer_free      (TryggMbtilesWriter  *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggMbtilesWriter, trygg_mbtiles_writer_free)

/* Web Mercator tile numbering shared by the reader, the writer and the
 * download flow. */
void   trygg_mbtiles_tile_range (const TryggMbtilesBounds *bounds,
                                 int                       zoom,
                                 int                      *min_x,
                                 int                      *min_y,
                                 int                      *max_x,
                                 int                      *max_y);
guint64 trygg_mbtiles_count_tiles (const TryggMbtilesBounds *bounds,
                                   int                       min_zoom,
                                   int                       max_zoom);

G_END_DECLS
