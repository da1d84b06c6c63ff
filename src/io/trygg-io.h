/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "trygg-record.h"

G_BEGIN_DECLS

/* Errors of the file formats (src/io). Messages are full translated
 * sentences that say what is wrong and where; show them as they are. */
#define TRYGG_IO_ERROR (trygg_io_error_quark ())

typedef enum
{
  TRYGG_IO_ERROR_INVALID,       /* the file's content is not what it claims */
  TRYGG_IO_ERROR_UNSUPPORTED,   /* a format or file type we do not read/write */
  TRYGG_IO_ERROR_FAILED,        /* reading or writing the file failed */
} TryggIoError;

/* What an import read besides the records themselves. */
typedef struct
{
  guint skipped;     /* features that are not points (GeoJSON) */
} TryggImportStats;

GQuark trygg_io_error_quark (void);

typedef gboolean (*TryggIoWriteFunc) (GOutputStream  *out,
                                      gpointer        user_data,
                                      GError        **error);

gboolean trygg_io_write_file_atomically (const char        *path,
                                         TryggIoWriteFunc   write,
                                         gpointer           user_data,
                                         GError           **error);

/* Files larger than this are refused before they are read: json-glib,
 * which words the message when a file is not JSON, holds about ten times
 * the file in memory, and 256 MB is over half a million findings, far
 * more than any municipality's archive. */
#define TRYGG_IO_MAX_FILE_SIZE (G_GUINT64_CONSTANT (256) << 20)

G_END_DECLS
