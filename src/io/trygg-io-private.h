/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the readers and writers of src/io; not public API. */

#include "trygg-io.h"

G_BEGIN_DECLS

/* Skips a UTF-8 byte-order mark. */
const char *trygg_io_skip_bom          (const char   *data,
                                        gsize        *length);
/* Fails with the line of the first invalid byte; embedded NULs count as
 * invalid, for they would cut every text short. */
gboolean    trygg_io_check_utf8        (const char   *data,
                                        gsize         length,
                                        GError      **error);
/* A status or priority as written by us (key), or by a person (English or
 * Swedish label), case-insensitive. */
gboolean    trygg_io_parse_status      (const char   *text,
                                        TryggStatus  *out_status);
gboolean    trygg_io_parse_priority    (const char   *text,
                                        TryggPriority *out_priority);
/* Normalises a time to ISO 8601 UTC (2026-11-27T18:30:00Z); accepts a space
 * for the T and a missing zone (taken as UTC). NULL when it is not a time. */
char       *trygg_io_normalize_time    (const char   *text);
/* Appends "key: value" as a new line of the record's description, so that
 * nothing in a foreign file is lost. */
void        trygg_io_append_extra      (TryggRecord  *record,
                                        const char   *key,
                                        const char   *value);
/* Reads a coordinate written with '.' (or ',' when @allow_comma); the
 * whole text must be the number. */
gboolean    trygg_io_parse_double      (const char   *text,
                                        gboolean      allow_comma,
                                        double       *out_value);

G_END_DECLS
