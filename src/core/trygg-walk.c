/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "trygg-models-private.h"

struct _TryggWalk
{
  GObject parent_instance;

  char *id;
  char *name;
  char *date;
  TryggTimeOfDay time_of_day;
  char *area;
  char *participants;
  char *route_name;
};

G_DEFINE_TYPE (TryggWalk, trygg_walk, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DATE,
  PROP_TIME_OF_DAY,
  PROP_AREA,
  PROP_PARTICIPANTS,
  PROP_ROUTE_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
trygg_walk_finalize (GObject *object)
{
  TryggWalk *self = TRYGG_WALK (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->date);
  g_free (self->area);
  g_free (self->participants);
  g_free (self->route_name);

  G_OBJECT_CLASS (trygg_walk_parent_class)->finalize (object);
}

static void
trygg_walk_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TryggWalk *self = TRYGG_WALK (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    case PROP_TIME_OF_DAY:
      g_value_set_enum (value, self->time_of_day);
      break;

    case PROP_AREA:
      g_value_set_string (value, self->area);
      break;

    case PROP_PARTICIPANTS:
      g_value_set_string (value, self->participants);
      break;

    case PROP_ROUTE_NAME:
      g_value_set_string (value, self->route_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_walk_class_init (TryggWalkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trygg_walk_finalize;
  object_class->get_property = trygg_walk_get_property;

  /* UUID */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Name shown to users */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Date of the walk, YYYY-MM-DD */
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Day or evening */
  properties[PROP_TIME_OF_DAY] =
    g_param_spec_enum ("time-of-day", NULL, NULL, TRYGG_TYPE_TIME_OF_DAY, TRYGG_TIME_OF_DAY_DAY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Area walked */
  properties[PROP_AREA] =
    g_param_spec_string ("area", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Who took part, free text */
  properties[PROP_PARTICIPANTS] =
    g_param_spec_string ("participants", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Name of the walked route */
  properties[PROP_ROUTE_NAME] =
    g_param_spec_string ("route-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trygg_walk_init (TryggWalk *self)
{
}

TryggWalk *
trygg_walk_new (void)
{
  return g_object_new (TRYGG_TYPE_WALK, NULL);
}

const char *
trygg_walk_get_id (TryggWalk *self)
{
  g_return_val_if_fail (TRYGG_IS_WALK (self), NULL);
  return self->id;
}

const char *
trygg_walk_get_name (TryggWalk *self)
{
  g_return_val_if_fail (TRYGG_IS_WALK (self), NULL);
  return self->name;
}

const char *
trygg_walk_get_date (TryggWalk *self)
{
  g_return_val_if_fail (TRYGG_IS_WALK (self), NULL);
  return self->date;
}

TryggTimeOfDay
trygg_walk_get_time_of_day (TryggWalk *self)
{
  g_return_val_if_fail (TRYGG_IS_WALK (self), 0);
  return self->time_of_day;
}

const char *
trygg_walk_get_area (TryggWalk *self)
{
  g_return_val_if_fail (TRYGG_IS_WALK (self), NULL);
  return self->area;
}

const char *
trygg_walk_get_participants (TryggWalk *self)
{
  g_return_val_if_fail (TRYGG_IS_WALK (self), NULL);
  return self->participants;
}

const char *
trygg_walk_get_route_name (TryggWalk *self)
{
  g_return_val_if_fail (TRYGG_IS_WALK (self), NULL);
  return self->route_name;
}

void
trygg_walk_set_id (TryggWalk *self,
                   const char *value)
{
  if (trygg_set_string (&self->id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

void
trygg_walk_set_name (TryggWalk *self,
                     const char *value)
{
  if (trygg_set_string (&self->name, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

void
trygg_walk_set_date (TryggWalk *self,
                     const char *value)
{
  if (trygg_set_string (&self->date, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

void
trygg_walk_set_time_of_day (TryggWalk *self,
                            TryggTimeOfDay value)
{
  if (self->time_of_day != value)
    {
      self->time_of_day = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_OF_DAY]);
    }
}

void
trygg_walk_set_area (TryggWalk *self,
                     const char *value)
{
  if (trygg_set_string (&self->area, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AREA]);
}

void
trygg_walk_set_participants (TryggWalk *self,
                             const char *value)
{
  if (trygg_set_string (&self->participants, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTICIPANTS]);
}

void
trygg_walk_set_route_name (TryggWalk *self,
                           const char *value)
{
  if (trygg_set_string (&self->route_name, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUTE_NAME]);
}
