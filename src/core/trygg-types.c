/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "trygg-types.h"

/* The keys are part of the file formats (INTERFACES.md): never change them. */
static const char * const status_keys[] = {
  "new", "assigned", "in_progress", "fixed", "wont_fix",
};

static const char * const priority_keys[] = {
  "low", "medium", "high",
};

const char *
trygg_status_to_key (TryggStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_keys), NULL);
  return status_keys[status];
}

gboolean
trygg_status_from_key (const char  *key,
                       TryggStatus *out_status)
{
  g_return_val_if_fail (out_status != NULL, FALSE);

  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (status_keys); i++)
    {
      if (g_strcmp0 (key, status_keys[i]) == 0)
        {
          *out_status = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
trygg_status_to_label (TryggStatus status)
{
  switch (status)
    {
    case TRYGG_STATUS_NEW:         return C_("status", "New");
    case TRYGG_STATUS_ASSIGNED:    return C_("status", "Assigned");
    case TRYGG_STATUS_IN_PROGRESS: return C_("status", "In progress");
    case TRYGG_STATUS_FIXED:       return C_("status", "Fixed");
    case TRYGG_STATUS_WONT_FIX:    return C_("status", "Won’t fix");
    default:                       g_return_val_if_reached (NULL);
    }
}

const char *
trygg_priority_to_key (TryggPriority priority)
{
  g_return_val_if_fail (priority < G_N_ELEMENTS (priority_keys), NULL);
  return priority_keys[priority];
}

gboolean
trygg_priority_from_key (const char    *key,
                         TryggPriority *out_priority)
{
  g_return_val_if_fail (out_priority != NULL, FALSE);

  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (priority_keys); i++)
    {
      if (g_strcmp0 (key, priority_keys[i]) == 0)
        {
          *out_priority = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
trygg_priority_to_label (TryggPriority priority)
{
  switch (priority)
    {
    case TRYGG_PRIORITY_LOW:    return C_("priority", "Low");
    case TRYGG_PRIORITY_MEDIUM: return C_("priority", "Medium");
    case TRYGG_PRIORITY_HIGH:   return C_("priority", "High");
    default:                    g_return_val_if_reached (NULL);
    }
}

/* Stored in the database: never change them. */
static const char * const time_of_day_keys[] = { "day", "evening" };
static const char * const photo_kind_keys[] = { "none", "before", "after" };

static gboolean
key_lookup (const char * const *keys,
            guint               n_keys,
            const char         *key,
            int                *out_value)
{
  for (guint i = 0; key != NULL && i < n_keys; i++)
    {
      if (g_strcmp0 (key, keys[i]) == 0)
        {
          *out_value = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
trygg_time_of_day_to_key (TryggTimeOfDay time_of_day)
{
  g_return_val_if_fail (time_of_day < G_N_ELEMENTS (time_of_day_keys), NULL);
  return time_of_day_keys[time_of_day];
}

gboolean
trygg_time_of_day_from_key (const char     *key,
                            TryggTimeOfDay *out_time_of_day)
{
  int value;

  g_return_val_if_fail (out_time_of_day != NULL, FALSE);
  if (!key_lookup (time_of_day_keys, G_N_ELEMENTS (time_of_day_keys), key, &value))
    return FALSE;
  *out_time_of_day = value;
  return TRUE;
}

const char *
trygg_time_of_day_to_label (TryggTimeOfDay time_of_day)
{
  switch (time_of_day)
    {
    case TRYGG_TIME_OF_DAY_DAY:     return C_("time of day", "Day");
    case TRYGG_TIME_OF_DAY_EVENING: return C_("time of day", "Evening");
    default:                        g_return_val_if_reached (NULL);
    }
}

const char *
trygg_photo_kind_to_key (TryggPhotoKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (photo_kind_keys), NULL);
  return photo_kind_keys[kind];
}

gboolean
trygg_photo_kind_from_key (const char     *key,
                           TryggPhotoKind *out_kind)
{
  int value;

  g_return_val_if_fail (out_kind != NULL, FALSE);
  if (!key_lookup (photo_kind_keys, G_N_ELEMENTS (photo_kind_keys), key, &value))
    return FALSE;
  *out_kind = value;
  return TRUE;
}

const char *
trygg_photo_kind_to_label (TryggPhotoKind kind)
{
  switch (kind)
    {
    case TRYGG_PHOTO_KIND_NONE:   return C_("photo", "Photo");
    case TRYGG_PHOTO_KIND_BEFORE: return C_("photo", "Before");
    case TRYGG_PHOTO_KIND_AFTER:  return C_("photo", "After");
    default:                      g_return_val_if_reached (NULL);
    }
}

gboolean
trygg_status_is_open (TryggStatus status)
{
  return status != TRYGG_STATUS_FIXED && status != TRYGG_STATUS_WONT_FIX;
}

/* The one palette of statuses, used by the map, the list, presentation
 * mode and the PDF report. GNOME's palette, chosen so that white numbers
 * stay readable on every status and the two closed states recede: new red
 * (nobody has it yet), assigned orange, in progress blue, fixed green,
 * won't fix grey. */
const char *
trygg_status_colour_hex (TryggStatus status)
{
  static const char * const colours[TRYGG_N_STATUSES] = {
    [TRYGG_STATUS_NEW] = "#c01c28",
    [TRYGG_STATUS_ASSIGNED] = "#c64600",
    [TRYGG_STATUS_IN_PROGRESS] = "#1a5fb4",
    [TRYGG_STATUS_FIXED] = "#26a269",
    [TRYGG_STATUS_WONT_FIX] = "#77767b",
  };

  return colours[status < TRYGG_N_STATUSES ? status : TRYGG_STATUS_NEW];
}

/* Digits only: sscanf took signs and spaces. */
gboolean
trygg_date_is_valid (const char *date)
{
  guint year = 0, month, day;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  for (guint i = 0; i < 4; i++)
    year = year * 10 + (date[i] - '0');
  month = (date[5] - '0') * 10 + (date[6] - '0');
  day = (date[8] - '0') * 10 + (date[9] - '0');
  return g_date_valid_dmy (day, month, year);
}
