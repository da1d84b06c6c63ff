/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "trygg-record.h"

TryggRecordAction *
trygg_record_action_new (void)
{
  return g_new0 (TryggRecordAction, 1);
}

void
trygg_record_action_free (TryggRecordAction *action)
{
  if (action == NULL)
    return;

  g_free (action->text);
  g_free (action->actor);
  g_free (action->due);
  g_free (action->done_at);
  g_free (action->comment);
  g_free (action);
}

TryggRecord *
trygg_record_new (void)
{
  TryggRecord *record = g_new0 (TryggRecord, 1);

  record->priority = TRYGG_PRIORITY_MEDIUM;
  record->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) trygg_record_action_free);

  return record;
}

void
trygg_record_free (TryggRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->id);
  g_free (record->title);
  g_free (record->description);
  g_free (record->category);
  g_free (record->actor);
  g_free (record->walk);
  g_free (record->walk_date);
  g_free (record->observed_at);
  g_free (record->updated_at);
  g_clear_pointer (&record->actions, g_ptr_array_unref);
  g_free (record);
}

TryggRoute *
trygg_route_new (void)
{
  TryggRoute *route = g_new0 (TryggRoute, 1);

  route->points = g_array_new (FALSE, FALSE, sizeof (TryggRoutePoint));

  return route;
}

void
trygg_route_free (TryggRoute *route)
{
  if (route == NULL)
    return;

  g_free (route->name);
  g_clear_pointer (&route->points, g_array_unref);
  g_free (route);
}
