/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "trygg-record.h"
#include "trygg-types.h"

G_BEGIN_DECLS

#define TRYGG_DATABASE_ERROR (trygg_database_error_quark ())

typedef enum
{
  TRYGG_DATABASE_ERROR_NOT_A_DATABASE,
  TRYGG_DATABASE_ERROR_TOO_NEW,
  TRYGG_DATABASE_ERROR_FAILED,
  TRYGG_DATABASE_ERROR_INVALID,
} TryggDatabaseError;

typedef void (*TryggProgressFunc) (double   fraction,
                                   gpointer user_data);

typedef struct
{
  guint added;
  guint updated;
  guint unchanged;
  /* The box around the findings added or updated (when there are any), in
   * degrees. */
  double south;
  double west;
  double north;
  double east;
} TryggImportResult;

#define TRYGG_TYPE_DATABASE (trygg_database_get_type ())

G_DECLARE_FINAL_TYPE (TryggDatabase, trygg_database, TRYGG, DATABASE, GObject)

GQuark         trygg_database_error_quark         (void);

/* One connection. Use it from one thread at a time: a worker thread (an
 * import) opens its own TryggDatabase on the same file; WAL and the busy
 * timeout let the two work side by side.
 *
 * Creates the file and its parent folders if missing. A file that is not
 * one of our databases, or was written by a newer version, is refused and
 * left untouched. */
TryggDatabase *trygg_database_open                (const char         *path,
                                                   GError            **error);
const char    *trygg_database_get_path            (TryggDatabase      *self);

/* Work on this connection stops once @cancellable is cancelled: a running
 * statement fails with SQLITE_INTERRUPT (an import in it rolls back), and
 * the imports, exports and reports run on the connection check it between
 * their steps. For a connection of its own in a worker thread; NULL stops
 * watching. */
void           trygg_database_set_cancellable     (TryggDatabase      *self,
                                                   GCancellable       *cancellable);
GCancellable  *trygg_database_get_cancellable     (TryggDatabase      *self);
/* Copies what the write-ahead log holds into the database file. An import
 * leaves that to whoever calls this, or to closing the last connection:
 * a worker thread can do it after its result has been handed on. */
gboolean       trygg_database_checkpoint          (TryggDatabase      *self,
                                                   GError            **error);

/* One transaction: all or nothing. Merge by record->id: an existing finding
 * is updated only when the record's updated_at is newer, never duplicated;
 * records without id get a new UUID. Categories matched by key, English name
 * or translated name, case-insensitive (unknown → new user category); actors
 * by name (created if missing); walk by walk_name if given (overrides
 * record->walk; created if missing), else by record->walk/walk_date, else a
 * walk named after the import. Number 0 or taken in the walk → next free.
 * Validates lat/lon ranges and UTF-8; on any error rolls back and the error
 * names record->source_index. */
gboolean       trygg_database_import_records      (TryggDatabase      *self,
                                                   GPtrArray          *records,
                                                   const char         *walk_name,
                                                   TryggProgressFunc   progress,
                                                   gpointer            progress_data,
                                                   TryggImportResult  *result,
                                                   GError            **error);

/* The same import with the records handed over in batches, in the order
 * of the file, for a reader that is still reading: begin, add each batch,
 * commit (or free, which rolls back). @n_expected is about how many
 * records will come. A large import into a database without findings
 * decides each batch as it is added and writes it when the next one is
 * (the last at commit), while the reader reads on; any other keeps the
 * batches and does all of its work at commit.
 * Progress is reported from 0 to 1 over adding @n_expected records and
 * committing. The import holds a reference to each batch. */
typedef struct _TryggImport TryggImport;

TryggImport   *trygg_database_import_begin        (TryggDatabase      *self,
                                                   const char         *walk_name,
                                                   guint               n_expected,
                                                   TryggProgressFunc   progress,
                                                   gpointer            progress_data,
                                                   GError            **error);
gboolean       trygg_import_add_records           (TryggImport        *import,
                                                   GPtrArray          *records,
                                                   GError            **error);
gboolean       trygg_import_commit                (TryggImport        *import,
                                                   TryggImportResult  *result,
                                                   GError            **error);
void           trygg_import_free                  (TryggImport        *import);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggImport, trygg_import_free)

/* Plain copies (TryggRecord, with actions, photos count, actions_done),
 * ordered by walk date, walk, number; NULL filters mean all. Unknown
 * walk/actor name → TRYGG_DATABASE_ERROR_INVALID. Category names are the
 * names users see (translated for built-ins). */
GPtrArray     *trygg_database_export_records      (TryggDatabase      *self,
                                                   const char         *walk_name,
                                                   const char         *actor_name,
                                                   TryggProgressFunc   progress,
                                                   gpointer            progress_data,
                                                   GError            **error);

/* The same findings, filters, order and names as
 * trygg_database_export_records(), one GeoJSON Feature (INTERFACES.md) at a
 * time as compact UTF-8 JSON text, for writing large exports without
 * holding them in memory. The cursor holds a read transaction on @self
 * until it is freed; do not use @self for anything else meanwhile. */
typedef struct _TryggFeatureCursor TryggFeatureCursor;

TryggFeatureCursor *trygg_database_export_features (TryggDatabase      *self,
                                                    const char         *walk_name,
                                                    const char         *actor_name,
                                                    TryggProgressFunc   progress,
                                                    gpointer            progress_data,
                                                    GError            **error);
/* The next feature's text, valid until the next call; NULL at the end (then
 * progress is reported as 1.0) or on error. */
const char         *trygg_feature_cursor_next      (TryggFeatureCursor  *self,
                                                    gsize               *out_length,
                                                    GError             **error);
/* How many features were returned so far. */
guint               trygg_feature_cursor_get_count (TryggFeatureCursor  *self);
void                trygg_feature_cursor_free      (TryggFeatureCursor  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TryggFeatureCursor, trygg_feature_cursor_free)

/* The walked route of the walk with id @walk_id: its points, none when it
 * has no route (its name is left NULL). */
TryggRoute    *trygg_database_get_walk_route      (TryggDatabase      *self,
                                                   const char         *walk_id,
                                                   GError            **error);

/* The walk is created if missing. */
gboolean       trygg_database_set_walk_route      (TryggDatabase      *self,
                                                   const char         *walk_name,
                                                   const TryggRoute   *route,
                                                   GError            **error);

/* Gives the walk @walk_name its time of day, area and participants (names
 * joined by ", ", as the walk dialog keeps them), unless it has an area or
 * participants already: a walk the user described stays as they left it. */
gboolean       trygg_database_describe_walk       (TryggDatabase      *self,
                                                   const char         *walk_name,
                                                   TryggTimeOfDay      time_of_day,
                                                   const char         *area,
                                                   const char         *participants,
                                                   GError            **error);

GPtrArray     *trygg_database_list_walks          (TryggDatabase      *self,
                                                   GError            **error);
GPtrArray     *trygg_database_get_photos          (TryggDatabase      *self,
                                                   const char         *finding_id,
                                                   GError            **error);
GHashTable    *trygg_database_get_wont_fix_reasons (TryggDatabase     *self,
                                                   GError            **error);

/* The largest print-sized copy of a photo, in pixels: the report's photo
 * cell (5.6 × 4.2 cm) at about 200 dpi. */
#define TRYGG_PHOTO_PRINT_WIDTH  440
#define TRYGG_PHOTO_PRINT_HEIGHT 330

/* A photo as the report prints it: the print-sized copy when there is one
 * (see TRYGG_PHOTO_PRINT_WIDTH), else the photo itself. */
typedef struct
{
  char           *id;
  TryggPhotoKind  kind;
  GBytes         *bytes;
  gboolean        needs_print_copy;  /* no copy made yet: bytes are the original */
} TryggPrintPhoto;

void           trygg_print_photo_free             (TryggPrintPhoto    *photo);

/* Returns: (element-type TryggPrintPhoto) the finding's photos in order. */
GPtrArray     *trygg_database_get_print_photos    (TryggDatabase      *self,
                                                   const char         *finding_id,
                                                   GError            **error);
/* Keeps @print_copy (a JPEG, or NULL: the photo prints as it is) for the
 * photo @photo_id; a photo deleted meanwhile is no error. */
gboolean       trygg_database_set_photo_print_copy (TryggDatabase     *self,
                                                   const char         *photo_id,
                                                   GBytes             *print_copy,
                                                   GError            **error);

/* The typical actors of a safety walk (DOMAIN.md); existing names are kept. */
gboolean       trygg_database_add_default_actors  (TryggDatabase      *self,
                                                   GError            **error);

/* Current schema version the program writes. */
#define TRYGG_DATABASE_SCHEMA_VERSION 6
/* PRAGMA application_id of our files: "TRYG". */
#define TRYGG_DATABASE_APPLICATION_ID 0x54525947

G_END_DECLS
