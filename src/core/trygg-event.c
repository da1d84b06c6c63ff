/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "trygg-models-private.h"

struct _TryggEvent
{
  GObject parent_instance;

  char *timestamp;
  char *kind;
  char *summary;
};

G_DEFINE_TYPE (TryggEvent, trygg_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIMESTAMP,
  PROP_KIND,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
trygg_event_finalize (GObject *object)
{
  TryggEvent *self = TRYGG_EVENT (object);

  g_free (self->timestamp);
  g_free (self->kind);
  g_free (self->summary);

  G_OBJECT_CLASS (trygg_event_parent_class)->finalize (object);
}

static void
trygg_event_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TryggEvent *self = TRYGG_EVENT (object);

  switch (prop_id)
    {
    case PROP_TIMESTAMP:
      g_value_set_string (value, self->timestamp);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_event_class_init (TryggEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trygg_event_finalize;
  object_class->get_property = trygg_event_get_property;

  /* When, ISO 8601 UTC */
  properties[PROP_TIMESTAMP] =
    g_param_spec_string ("timestamp", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* created, moved, status-changed, … */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What happened, translated */
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trygg_event_init (TryggEvent *self)
{
}

TryggEvent *
trygg_event_new (void)
{
  return g_object_new (TRYGG_TYPE_EVENT, NULL);
}

const char *
trygg_event_get_timestamp (TryggEvent *self)
{
  g_return_val_if_fail (TRYGG_IS_EVENT (self), NULL);
  return self->timestamp;
}

const char *
trygg_event_get_kind (TryggEvent *self)
{
  g_return_val_if_fail (TRYGG_IS_EVENT (self), NULL);
  return self->kind;
}

const char *
trygg_event_get_summary (TryggEvent *self)
{
  g_return_val_if_fail (TRYGG_IS_EVENT (self), NULL);
  return self->summary;
}

void
trygg_event_set_timestamp (TryggEvent *self,
                           const char *value)
{
  if (trygg_set_string (&self->timestamp, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMESTAMP]);
}

void
trygg_event_set_kind (TryggEvent *self,
                      const char *value)
{
  if (trygg_set_string (&self->kind, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

void
trygg_event_set_summary (TryggEvent *self,
                         const char *value)
{
  if (trygg_set_string (&self->summary, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}
