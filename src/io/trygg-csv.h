/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "trygg-database.h"
#include "trygg-io.h"

G_BEGIN_DECLS

/* Reads CSV as written by us or by a spreadsheet (INTERFACES.md): the
 * separator (, ; or tab) is detected from the header row, whose names are
 * matched in English or Swedish without regard to case. Returns
 * TryggRecord*, with source_index the line the row starts on. Unknown
 * columns are kept as "name: value" lines of the description. A cell that
 * our writer guarded against formula injection ('=…) is read back without
 * the guard. */
GPtrArray *trygg_csv_read  (const char        *data,
                            gsize              length,
                            TryggImportStats  *stats,
                            GError           **error);
/* The same, telling @progress what share of the file has been read, every
 * 1000 rows. */
GPtrArray *trygg_csv_read_with_progress (const char        *data,
                                         gsize              length,
                                         TryggImportStats  *stats,
                                         TryggProgressFunc  progress,
                                         gpointer           progress_data,
                                         GError           **error);

/* Writes UTF-8 with a byte-order mark, ';' separators, CRLF and the header
 * row of INTERFACES.md. Text cells that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or CR) or that start with an
 * apostrophe get a leading apostrophe. @out is not closed. */
gboolean   trygg_csv_write (GPtrArray         *records,
                            GOutputStream     *out,
                            GCancellable      *cancellable,
                            GError           **error);

G_END_DECLS
