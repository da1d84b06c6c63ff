/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "trygg-database.h"
#include "trygg-report.h"

G_BEGIN_DECLS

/* Writes the follow-up report of the findings in @db as a PDF at @path,
 * filtered by walk and actor (NULL = all; an actor gives that actor's
 * handout). The map is drawn from @offline_map (an MBTiles file), or
 * without a background when it is NULL or cannot be read: a report is
 * made promptly even with no network. The file is written beside @path
 * and renamed into place only when complete. Runs in any one thread. */
gboolean trygg_report_export_file (TryggDatabase      *db,
                                   const char         *path,
                                   const char         *walk_name,
                                   const char         *actor_name,
                                   const char         *offline_map,
                                   TryggProgressFunc   progress,
                                   gpointer            progress_data,
                                   guint              *out_count,
                                   GError            **error);

/* The report's data read from @db (as trygg_report_export_file() reads
 * it), for a report made some other way: printing. The photos and tiles
 * are read on demand through @db, in the thread that uses the options. */
typedef struct _TryggReportSource TryggReportSource;

TryggReportSource        *trygg_report_source_new            (TryggDatabase      *db,
                                                              const char         *walk_name,
                                                              const char         *actor_name,
                                                              const char         *offline_map,
                                                              GError            **error);
void                      trygg_report_source_free           (TryggReportSource  *source);
const TryggReportOptions *trygg_report_source_get_options    (TryggReportSource  *source);
guint                     trygg_report_source_get_n_findings (TryggReportSource  *source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggReportSource, trygg_report_source_free)

G_END_DECLS
