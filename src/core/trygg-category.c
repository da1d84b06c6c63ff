/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "trygg-models-private.h"

struct _TryggCategory
{
  GObject parent_instance;

  char *key;
  char *name;
  gboolean builtin;
};

G_DEFINE_TYPE (TryggCategory, trygg_category, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEY,
  PROP_NAME,
  PROP_BUILTIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
trygg_category_finalize (GObject *object)
{
  TryggCategory *self = TRYGG_CATEGORY (object);

  g_free (self->key);
  g_free (self->name);

  G_OBJECT_CLASS (trygg_category_parent_class)->finalize (object);
}

static void
trygg_category_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TryggCategory *self = TRYGG_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_BUILTIN:
      g_value_set_boolean (value, self->builtin);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_category_class_init (TryggCategoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trygg_category_finalize;
  object_class->get_property = trygg_category_get_property;

  /* Stable key */
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Name as shown to users */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether the program ships it */
  properties[PROP_BUILTIN] =
    g_param_spec_boolean ("builtin", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trygg_category_init (TryggCategory *self)
{
}

TryggCategory *
trygg_category_new (void)
{
  return g_object_new (TRYGG_TYPE_CATEGORY, NULL);
}

const char *
trygg_category_get_key (TryggCategory *self)
{
  g_return_val_if_fail (TRYGG_IS_CATEGORY (self), NULL);
  return self->key;
}

const char *
trygg_category_get_name (TryggCategory *self)
{
  g_return_val_if_fail (TRYGG_IS_CATEGORY (self), NULL);
  return self->name;
}

gboolean
trygg_category_get_builtin (TryggCategory *self)
{
  g_return_val_if_fail (TRYGG_IS_CATEGORY (self), FALSE);
  return self->builtin;
}

void
trygg_category_set_key (TryggCategory *self,
                        const char *value)
{
  if (trygg_set_string (&self->key, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY]);
}

void
trygg_category_set_name (TryggCategory *self,
                         const char *value)
{
  if (trygg_set_string (&self->name, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

void
trygg_category_set_builtin (TryggCategory *self,
                            gboolean value)
{
  if (self->builtin != value)
    {
      self->builtin = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILTIN]);
    }
}
