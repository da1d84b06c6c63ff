/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "trygg-report.h"

G_BEGIN_DECLS

/* Printed resolution of pictures (maps and photos), in dots per inch. */
#define TRYGG_REPORT_DPI 200.0

/* trygg-report-image.c: pictures for print. The returned surfaces carry a
 * JPEG re-encoding as mime data, so the PDF holds a compact JPEG at print
 * resolution rather than raw pixels. */
cairo_surface_t *trygg_report_image_load          (GBytes          *bytes,
                                                   int              max_width,
                                                   int              max_height,
                                                   gboolean         embed_as_is);
void             trygg_report_image_attach_jpeg   (cairo_surface_t *surface);
cairo_surface_t *trygg_report_image_jpeg_only     (cairo_surface_t *surface);
void             trygg_report_image_size          (cairo_surface_t *surface,
                                                   double          *width,
                                                   double          *height);
void             trygg_report_image_paint         (cairo_t         *cr,
                                                   cairo_surface_t *surface);
cairo_surface_t *trygg_report_image_decode_tile   (GBytes          *bytes);

/* A photo decoded in a worker thread while the pages before it are laid
 * out. Reference counted: the pool and the finding each hold one. */
typedef struct _TryggReportImageJob TryggReportImageJob;

TryggReportImageJob *trygg_report_image_job_new   (GBytes              *bytes,
                                                   int                  max_width,
                                                   int                  max_height,
                                                   gboolean             embed_as_is);
TryggReportImageJob *trygg_report_image_job_ref   (TryggReportImageJob *job);
void             trygg_report_image_job_unref     (TryggReportImageJob *job);
/* A picture made by @make (in whichever thread runs the job) instead of
 * decoded from bytes. */
TryggReportImageJob *trygg_report_image_job_new_custom (cairo_surface_t *(*make) (gpointer data),
                                                   gpointer             data,
                                                   GDestroyNotify       destroy);
void             trygg_report_image_job_run       (TryggReportImageJob *job);
cairo_surface_t *trygg_report_image_job_wait      (TryggReportImageJob *job,
                                                   gboolean            *out_converted,
                                                   GBytes             **out_print_copy);

/* trygg-report-map.c */
typedef struct
{
  double      latitude;
  double      longitude;
  gint64      number;
  TryggStatus status;
} TryggReportPin;

typedef struct
{
  TryggReportTileFunc  tile;
  gpointer             tile_data;
  int                  min_zoom;
  int                  max_zoom;
  const char          *attribution;
  /* Decoded tiles, most recently used first: neighbouring findings share
   * most of their tiles. Bounded, see trygg-report-map.c. Map pictures are
   * made in the writing thread and in a worker: the lock covers the cache
   * and the tile callback. */
  GMutex               lock;
  GHashTable          *cache;
  GQueue               cache_order;
} TryggReportMapSource;

void             trygg_report_map_source_clear    (TryggReportMapSource       *source);

/* Draws a map of @pins on @flow's open page, filling the box (@x, @y,
 * @width, @height) in points, with the attribution (or the reason there is
 * no map picture) inside its lower edge. @routes (of TryggRoute, or NULL)
 * are drawn under the pins; the pins alone decide what the map shows. */
typedef struct _TryggReportFlow TryggReportFlow;

void             trygg_report_map_draw            (TryggReportFlow            *flow,
                                                   const TryggReportMapSource *source,
                                                   GPtrArray                  *routes,
                                                   const TryggReportPin       *pins,
                                                   guint                       n_pins,
                                                   double                      x,
                                                   double                      y,
                                                   double                      width,
                                                   double                      height,
                                                   double                      pin_radius);
/* The map picture for the same arguments, made ahead in a worker (NULL
 * when there is no tile source); then drawn with
 * trygg_report_map_draw_made(). */
TryggReportImageJob *trygg_report_map_job_new     (const TryggReportMapSource *source,
                                                   const TryggReportPin       *pins,
                                                   guint                       n_pins,
                                                   double                      width,
                                                   double                      height,
                                                   double                      pin_radius);
void             trygg_report_map_draw_made       (TryggReportFlow            *flow,
                                                   const TryggReportMapSource *source,
                                                   TryggReportImageJob        *picture,
                                                   GPtrArray                  *routes,
                                                   const TryggReportPin       *pins,
                                                   guint                       n_pins,
                                                   double                      x,
                                                   double                      y,
                                                   double                      width,
                                                   double                      height,
                                                   double                      pin_radius);
void             trygg_report_pin_draw            (cairo_t                    *cr,
                                                   PangoContext               *context,
                                                   double                      x,
                                                   double                      y,
                                                   double                      radius,
                                                   TryggStatus                 status,
                                                   gint64                      number);
void             trygg_report_badge_draw          (cairo_t                    *cr,
                                                   PangoContext               *context,
                                                   double                      x,
                                                   double                      y,
                                                   double                      radius,
                                                   TryggStatus                 status,
                                                   gint64                      number);

/* trygg-report-layout.c: words, dates and text */
#define TRYGG_REPORT_FONT "Sans"

char            *trygg_report_format_date         (const char      *iso_date);
char            *trygg_report_format_date_time    (GDateTime       *date_time);
char            *trygg_report_format_timestamp    (const char      *iso8601);
const char      *trygg_report_time_of_day_label   (const char      *time_of_day);
char            *trygg_report_clean_text          (const char      *text,
                                                   gboolean         single_line);

/* Rich text built from plain strings and attributes: user text is never
 * parsed as markup. */
typedef struct
{
  GString       *text;
  PangoAttrList *attrs;
} TryggReportRich;

void             trygg_report_rich_init           (TryggReportRich *rich);
void             trygg_report_rich_append         (TryggReportRich *rich,
                                                   const char      *text,
                                                   double           size,
                                                   PangoWeight      weight,
                                                   PangoStyle       style,
                                                   guint32          rgb);
PangoLayout     *trygg_report_rich_finish         (TryggReportRich *rich,
                                                   PangoContext    *context,
                                                   double           width);
PangoLayout     *trygg_report_text_layout         (PangoContext    *context,
                                                   const char      *text,
                                                   double           width,
                                                   double           size,
                                                   PangoWeight      weight,
                                                   guint32          rgb,
                                                   int              max_lines);
double           trygg_report_layout_height       (PangoLayout     *layout);
void             trygg_report_layout_draw         (cairo_t         *cr,
                                                   PangoLayout     *layout,
                                                   double           x,
                                                   double           y);

/* A flow of blocks over pages. The same code runs twice: once measuring
 * (nothing drawn, only pages counted) and once drawing, so the footer can
 * say "page 3 of 12". */
typedef struct _TryggReportBlock TryggReportBlock;

typedef void (*TryggReportBlockDraw) (TryggReportFlow  *flow,
                                      TryggReportBlock *block,
                                      double            x,
                                      double            y);
typedef void (*TryggReportPageDraw)  (TryggReportFlow  *flow,
                                      gpointer          user_data);

struct _TryggReportBlock
{
  double                height;
  double                space_before;
  gboolean              keep_with_next;
  /* A table row's header row, drawn again at the top of a page that the
   * row starts (owned by the same list of blocks), or NULL. */
  TryggReportBlock     *header;
  /* Text blocks split between lines when they do not fit on one page. */
  PangoLayout          *layout;
  double                indent;
  /* Custom blocks are never split; for a text block, draw adds what goes
   * beside its first line (a number badge, a check box). */
  TryggReportBlockDraw  draw;
  gpointer              data;
  GDestroyNotify        destroy;
};

struct _TryggReportFlow
{
  cairo_t              *cr;
  PangoContext         *pango;
  gboolean              measuring;
  int                   page;         /* 1-based; 0 before the first */
  int                   total_pages;  /* known when drawing */
  /* Printing: only this page is drawn (the others are laid out, not
   * drawn), and pages are not ended with cairo_show_page(); 0 = all. */
  int                   only_page;
  gboolean              page_open;
  double                left;
  double                top;
  double                width;
  double                bottom;
  double                y;
  TryggReportPageDraw   page_draw;
  gpointer              page_draw_data;
  GHashTable           *layouts;      /* fixed texts laid out once per pass */
};

TryggReportBlock *trygg_report_block_new_text     (PangoLayout          *layout,
                                                   double                indent,
                                                   double                space_before);
TryggReportBlock *trygg_report_block_new_custom   (double                height,
                                                   double                space_before,
                                                   TryggReportBlockDraw  draw,
                                                   gpointer              data,
                                                   GDestroyNotify        destroy);
void              trygg_report_block_free         (TryggReportBlock     *block);
gboolean          trygg_report_flow_drawing       (TryggReportFlow      *flow);
GPtrArray        *trygg_report_blocks_new         (void);

PangoLayout      *trygg_report_flow_fixed_layout  (TryggReportFlow      *flow,
                                                   const char           *text,
                                                   double                width,
                                                   double                size,
                                                   PangoWeight           weight,
                                                   guint32               rgb);
void              trygg_report_flow_place         (TryggReportFlow      *flow,
                                                   GPtrArray            *blocks,
                                                   gboolean              keep_together);
void              trygg_report_flow_break_page    (TryggReportFlow      *flow);
void              trygg_report_flow_finish        (TryggReportFlow      *flow);

/* trygg-report.c: one report being written */
#define TRYGG_REPORT_PAGE_WIDTH  TRYGG_REPORT_A4_WIDTH
#define TRYGG_REPORT_PAGE_HEIGHT TRYGG_REPORT_A4_HEIGHT

#define TRYGG_REPORT_INK   0x241f31
#define TRYGG_REPORT_GREY  0x5e5c64
#define TRYGG_REPORT_RED   0xc01c28

typedef struct
{
  const TryggReportOptions *options;
  GPtrArray                *records;     /* borrowed TryggRecord, filtered and sorted */
  char                     *actor_key;   /* casefolded handout actor, or NULL */
  char                     *actor_name;  /* handout actor as spelt in the data, or NULL */
  GDateTime                *today;
  char                     *today_iso;   /* YYYY-MM-DD, local */
  TryggReportMapSource      map;
  TryggReportFlow           flow;
  char                     *footer;
  GCancellable             *cancellable;
  TryggProgressFunc         progress;
  gpointer                  progress_data;
  /* FALSE when the target cannot take a JPEG as it is (a bitmap, a print
   * preview): photos are then decoded to pixels. */
  gboolean                  embed_as_is;
} TryggReport;

gboolean          trygg_report_action_is_shown    (TryggReport       *report,
                                                   TryggRecord       *record,
                                                   TryggRecordAction *action);
gboolean          trygg_report_action_is_overdue  (TryggReport       *report,
                                                   TryggRecordAction *action);
char             *trygg_report_walk_line          (TryggRecord       *record);
/* The walk called @name among the report's, or NULL. */
TryggReportWalk  *trygg_report_find_walk          (TryggReport       *report,
                                                   const char        *name);

/* trygg-report-cover.c */
TryggReportBlock *trygg_report_heading_block      (TryggReport       *report,
                                                   const char        *text,
                                                   double             size,
                                                   double             space_before);
void              trygg_report_place_cover        (TryggReport       *report);

/* trygg-report-finding.c */
typedef struct
{
  GPtrArray *photos;   /* of TryggReportPhoto, from the callback, or NULL */
  GPtrArray *jobs;     /* of TryggReportImageJob, one per photo, when drawing */
  TryggReportImageJob *map;  /* the finding's map picture, or NULL */
} TryggReportPhotoSet;

GThreadPool         *trygg_report_photo_pool_new  (void);
TryggReportPhotoSet *trygg_report_fetch_photos    (TryggReport         *report,
                                                   TryggRecord         *record,
                                                   GThreadPool         *pool);
void              trygg_report_photo_set_free     (TryggReportPhotoSet *set);
void              trygg_report_place_finding      (TryggReport         *report,
                                                   TryggRecord         *record,
                                                   TryggReportPhotoSet *set);

G_END_DECLS
