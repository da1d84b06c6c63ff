/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

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
