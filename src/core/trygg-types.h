/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Forward typedefs shared by every layer. */

typedef enum
{
  TRYGG_STATUS_NEW,
  TRYGG_STATUS_ASSIGNED,
  TRYGG_STATUS_IN_PROGRESS,
  TRYGG_STATUS_FIXED,
  TRYGG_STATUS_WONT_FIX,
} TryggStatus;

#define TRYGG_N_STATUSES (TRYGG_STATUS_WONT_FIX + 1)

typedef enum
{
  TRYGG_PRIORITY_LOW,
  TRYGG_PRIORITY_MEDIUM,
  TRYGG_PRIORITY_HIGH,
} TryggPriority;

typedef enum
{
  TRYGG_TIME_OF_DAY_DAY,
  TRYGG_TIME_OF_DAY_EVENING,
} TryggTimeOfDay;

typedef enum
{
  TRYGG_PHOTO_KIND_NONE,
  TRYGG_PHOTO_KIND_BEFORE,
  TRYGG_PHOTO_KIND_AFTER,
} TryggPhotoKind;

const char    *trygg_status_to_key      (TryggStatus    status);
gboolean       trygg_status_from_key    (const char    *key,
                                         TryggStatus   *out_status);
const char    *trygg_status_to_label    (TryggStatus    status);
const char    *trygg_status_colour_hex  (TryggStatus    status);

/* The walked route's colour (red, green, blue, alpha), one for the map
 * and the report's maps: a purple no status colour comes near. */
#define TRYGG_ROUTE_RGBA 0.38, 0.21, 0.51, 0.85

const char    *trygg_priority_to_key    (TryggPriority  priority);
gboolean       trygg_priority_from_key  (const char    *key,
                                         TryggPriority *out_priority);
const char    *trygg_priority_to_label  (TryggPriority  priority);

const char    *trygg_time_of_day_to_key   (TryggTimeOfDay  time_of_day);
gboolean       trygg_time_of_day_from_key (const char     *key,
                                           TryggTimeOfDay *out_time_of_day);
const char    *trygg_time_of_day_to_label (TryggTimeOfDay  time_of_day);

const char    *trygg_photo_kind_to_key    (TryggPhotoKind  kind);
gboolean       trygg_photo_kind_from_key  (const char     *key,
                                           TryggPhotoKind *out_kind);
const char    *trygg_photo_kind_to_label  (TryggPhotoKind  kind);

/* Whether a finding in this status still needs work. */
gboolean       trygg_status_is_open       (TryggStatus     status);

/* Whether @date is exactly YYYY-MM-DD and a day of the calendar. */
gboolean       trygg_date_is_valid        (const char     *date);

G_END_DECLS
