/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "trygg-models-private.h"

struct _TryggActor
{
  GObject parent_instance;

  char *id;
  char *name;
  char *colour;
  char *contact;
};

G_DEFINE_TYPE (TryggActor, trygg_actor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_COLOUR,
  PROP_CONTACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
trygg_actor_finalize (GObject *object)
{
  TryggActor *self = TRYGG_ACTOR (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->colour);
  g_free (self->contact);

  G_OBJECT_CLASS (trygg_actor_parent_class)->finalize (object);
}

static void
trygg_actor_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TryggActor *self = TRYGG_ACTOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_COLOUR:
      g_value_set_string (value, self->colour);
      break;

    case PROP_CONTACT:
      g_value_set_string (value, self->contact);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_actor_class_init (TryggActorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trygg_actor_finalize;
  object_class->get_property = trygg_actor_get_property;

  /* UUID */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Name */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Colour as #rrggbb */
  properties[PROP_COLOUR] =
    g_param_spec_string ("colour", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Contact person */
  properties[PROP_CONTACT] =
    g_param_spec_string ("contact", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trygg_actor_init (TryggActor *self)
{
}

TryggActor *
trygg_actor_new (void)
{
  return g_object_new (TRYGG_TYPE_ACTOR, NULL);
}

const char *
trygg_actor_get_id (TryggActor *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTOR (self), NULL);
  return self->id;
}

const char *
trygg_actor_get_name (TryggActor *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTOR (self), NULL);
  return self->name;
}

const char *
trygg_actor_get_colour (TryggActor *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTOR (self), NULL);
  return self->colour;
}

const char *
trygg_actor_get_contact (TryggActor *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTOR (self), NULL);
  return self->contact;
}

void
trygg_actor_set_id (TryggActor *self,
                    const char *value)
{
  if (trygg_set_string (&self->id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

void
trygg_actor_set_name (TryggActor *self,
                      const char *value)
{
  if (trygg_set_string (&self->name, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

void
trygg_actor_set_colour (TryggActor *self,
                        const char *value)
{
  if (trygg_set_string (&self->colour, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOUR]);
}

void
trygg_actor_set_contact (TryggActor *self,
                         const char *value)
{
  if (trygg_set_string (&self->contact, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT]);
}
