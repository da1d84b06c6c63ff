/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "trygg-record.h"
#include "trygg-types.h"

G_BEGIN_DECLS

/* The follow-up report: an A4 PDF with a cover (walks, a map of every
 * finding, a summary) and one section per finding (map, photos, checklist of
 * measures). Everything it needs comes in as plain data and callbacks, so it
 * runs in a worker thread; pages are streamed to the output as they are
 * drawn, so memory does not grow with the number of findings. */

#ifndef TRYGG_PROGRESS_FUNC_DEFINED
#define TRYGG_PROGRESS_FUNC_DEFINED
/* Same type as in trygg-database.h; C11 allows the identical typedef twice. */
typedef void (*TryggProgressFunc) (double   fraction,
                                   gpointer user_data);
#endif

#define TRYGG_REPORT_ERROR (trygg_report_error_quark ())

typedef enum
{
  TRYGG_REPORT_ERROR_FAILED,
  TRYGG_REPORT_ERROR_WRITE,
} TryggReportError;

typedef struct
{
  char *name;
  char *date;           /* YYYY-MM-DD, or NULL */
  char *time_of_day;    /* "day", "evening" or NULL */
  char *area;           /* or NULL */
  char *participants;   /* or NULL */
  TryggRoute *route;    /* the walked route, drawn on the overview map, or NULL */
} TryggReportWalk;

typedef struct
{
  GBytes   *bytes;      /* JPEG or PNG (anything gdk-pixbuf reads) */
  gboolean  after;      /* TRUE = taken after the measure; FALSE = before or unknown */
  char     *caption;    /* or NULL */
  /* Set with an id when @bytes is an original with no print-sized copy
   * kept yet: the report then hands the copy it makes to
   * TryggReportOptions.print_copy. */
  char     *id;
  gboolean  needs_print_copy;
} TryggReportPhoto;

/* Returns a new GPtrArray of TryggReportPhoto (with a free function) for a
 * finding, or NULL. Called from the writing thread, possibly twice per
 * finding (once to lay the pages out, once to draw them). */
typedef GPtrArray *(*TryggReportPhotosFunc) (const char *finding_id,
                                             gpointer    user_data);

/* Returns the PNG or JPEG bytes of tile (zoom, x, y), XYZ scheme (y counted
 * from the north), 256 pixels square, or NULL when missing. Called from the
 * writing thread or from the report's worker thread, never from two at
 * once. */
typedef GBytes    *(*TryggReportTileFunc)   (int        zoom,
                                             int        x,
                                             int        y,
                                             gpointer   user_data);

/* Called from the writing thread with the print-sized JPEG made from a
 * photo that needs one (NULL: the photo prints as it is), so that the
 * caller can keep it for the next report. */
typedef void       (*TryggReportPrintCopyFunc) (const char *photo_id,
                                                GBytes     *print_copy,
                                                gpointer    user_data);

typedef struct
{
  GPtrArray             *walks;            /* of TryggReportWalk, or NULL */
  GPtrArray             *records;          /* of TryggRecord, any order */
  const char            *actor;            /* a handout for this actor, or NULL for everything */
  GHashTable            *wont_fix_reasons; /* finding id → reason (char *), or NULL */
  TryggReportPhotosFunc  photos;           /* or NULL: no photos */
  gpointer               photos_data;
  TryggReportPrintCopyFunc print_copy;     /* or NULL */
  gpointer               print_copy_data;
  TryggReportTileFunc    tile;             /* or NULL: maps without a background */
  gpointer               tile_data;
  int                    tile_min_zoom;
  int                    tile_max_zoom;    /* 0 = 19 */
  const char            *map_attribution;  /* printed under every map, or NULL */
  GDateTime             *today;            /* for overdue measures and the print date; NULL = now */
} TryggReportOptions;

GQuark     trygg_report_error_quark     (void);

TryggReportWalk  *trygg_report_walk_new   (void);
void              trygg_report_walk_free  (TryggReportWalk  *walk);
TryggReportPhoto *trygg_report_photo_new  (GBytes           *bytes,
                                           gboolean          after,
                                           const char       *caption);
void              trygg_report_photo_free (TryggReportPhoto *photo);

/* The status colours of trygg_status_colour_hex(), as the map shows them. */
void       trygg_report_status_colour   (TryggStatus         status,
                                         double              rgb[3]);

gboolean   trygg_report_write_pdf       (const TryggReportOptions *options,
                                         GOutputStream            *out,
                                         GCancellable             *cancellable,
                                         TryggProgressFunc         progress,
                                         gpointer                  progress_data,
                                         GError                  **error);

/* Runs trygg_report_write_pdf() in a thread. @options and everything it
 * points to must stay valid and unchanged until @callback runs; @progress
 * is called in that thread too. */
void       trygg_report_write_pdf_async  (const TryggReportOptions *options,
                                          GOutputStream            *out,
                                          GCancellable             *cancellable,
                                          TryggProgressFunc         progress,
                                          gpointer                  progress_data,
                                          GAsyncReadyCallback       callback,
                                          gpointer                  user_data);
gboolean   trygg_report_write_pdf_finish (GAsyncResult             *result,
                                          GError                  **error);

/* The same pages, one at a time, for printing (GtkPrintOperation): count
 * the pages a few findings per call, then draw any page in any order onto
 * a cairo context in the report's A4 points. Runs in one thread; @options
 * must stay valid while the pager is used. */
typedef struct _TryggReportPager TryggReportPager;

TryggReportPager *trygg_report_pager_new         (const TryggReportOptions *options);
void              trygg_report_pager_free        (TryggReportPager         *pager);
gboolean          trygg_report_pager_paginate    (TryggReportPager         *pager,
                                                  guint                     max_findings,
                                                  double                   *out_fraction);
int               trygg_report_pager_get_n_pages (TryggReportPager         *pager);
void              trygg_report_pager_draw_page   (TryggReportPager         *pager,
                                                  cairo_t                  *cr,
                                                  int                       page_nr);

/* A4 in points: the size of every page of the report. */
#define TRYGG_REPORT_A4_WIDTH  595.276
#define TRYGG_REPORT_A4_HEIGHT 841.890

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggReportWalk, trygg_report_walk_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggReportPager, trygg_report_pager_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggReportPhoto, trygg_report_photo_free)

G_END_DECLS
