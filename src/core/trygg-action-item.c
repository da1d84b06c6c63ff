/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "trygg-models-private.h"

struct _TryggActionItem
{
  GObject parent_instance;

  char *id;
  char *finding_id;
  int position;
  char *text;
  char *actor_id;
  char *due;
  gboolean done;
  char *done_at;
  char *comment;
};

G_DEFINE_TYPE (TryggActionItem, trygg_action_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_FINDING_ID,
  PROP_POSITION,
  PROP_TEXT,
  PROP_ACTOR_ID,
  PROP_DUE,
  PROP_DONE,
  PROP_DONE_AT,
  PROP_COMMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
trygg_action_item_finalize (GObject *object)
{
  TryggActionItem *self = TRYGG_ACTION_ITEM (object);

  g_free (self->id);
  g_free (self->finding_id);
  g_free (self->text);
  g_free (self->actor_id);
  g_free (self->due);
  g_free (self->done_at);
  g_free (self->comment);

  G_OBJECT_CLASS (trygg_action_item_parent_class)->finalize (object);
}

static void
trygg_action_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TryggActionItem *self = TRYGG_ACTION_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_FINDING_ID:
      g_value_set_string (value, self->finding_id);
      break;

    case PROP_POSITION:
      g_value_set_int (value, self->position);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_ACTOR_ID:
      g_value_set_string (value, self->actor_id);
      break;

    case PROP_DUE:
      g_value_set_string (value, self->due);
      break;

    case PROP_DONE:
      g_value_set_boolean (value, self->done);
      break;

    case PROP_DONE_AT:
      g_value_set_string (value, self->done_at);
      break;

    case PROP_COMMENT:
      g_value_set_string (value, self->comment);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_action_item_class_init (TryggActionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trygg_action_item_finalize;
  object_class->get_property = trygg_action_item_get_property;

  /* UUID */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The finding it belongs to */
  properties[PROP_FINDING_ID] =
    g_param_spec_string ("finding-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Place in the checklist, from 0 */
  properties[PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What is to be done */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Responsible actor, or NULL */
  properties[PROP_ACTOR_ID] =
    g_param_spec_string ("actor-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Due date YYYY-MM-DD, or NULL */
  properties[PROP_DUE] =
    g_param_spec_string ("due", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether it is done */
  properties[PROP_DONE] =
    g_param_spec_boolean ("done", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* When it was done, ISO 8601 UTC */
  properties[PROP_DONE_AT] =
    g_param_spec_string ("done-at", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Comment */
  properties[PROP_COMMENT] =
    g_param_spec_string ("comment", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trygg_action_item_init (TryggActionItem *self)
{
}

TryggActionItem *
trygg_action_item_new (void)
{
  return g_object_new (TRYGG_TYPE_ACTION_ITEM, NULL);
}

const char *
trygg_action_item_get_id (TryggActionItem *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (self), NULL);
  return self->id;
}

const char *
trygg_action_item_get_finding_id (TryggActionItem *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (self), NULL);
  return self->finding_id;
}

int
trygg_action_item_get_position (TryggActionItem *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (self), 0);
  return self->position;
}

const char *
trygg_action_item_get_text (TryggActionItem *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (self), NULL);
  return self->text;
}

const char *
trygg_action_item_get_actor_id (TryggActionItem *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (self), NULL);
  return self->actor_id;
}

const char *
trygg_action_item_get_due (TryggActionItem *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (self), NULL);
  return self->due;
}

gboolean
trygg_action_item_get_done (TryggActionItem *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (self), FALSE);
  return self->done;
}

const char *
trygg_action_item_get_done_at (TryggActionItem *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (self), NULL);
  return self->done_at;
}

const char *
trygg_action_item_get_comment (TryggActionItem *self)
{
  g_return_val_if_fail (TRYGG_IS_ACTION_ITEM (self), NULL);
  return self->comment;
}

void
trygg_action_item_set_id (TryggActionItem *self,
                          const char *value)
{
  if (trygg_set_string (&self->id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

void
trygg_action_item_set_finding_id (TryggActionItem *self,
                                  const char *value)
{
  if (trygg_set_string (&self->finding_id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINDING_ID]);
}

void
trygg_action_item_set_position (TryggActionItem *self,
                                int value)
{
  if (self->position != value)
    {
      self->position = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
}

void
trygg_action_item_set_text (TryggActionItem *self,
                            const char *value)
{
  if (trygg_set_string (&self->text, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

void
trygg_action_item_set_actor_id (TryggActionItem *self,
                                const char *value)
{
  if (trygg_set_string (&self->actor_id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR_ID]);
}

void
trygg_action_item_set_due (TryggActionItem *self,
                           const char *value)
{
  if (trygg_set_string (&self->due, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUE]);
}

void
trygg_action_item_set_done (TryggActionItem *self,
                            gboolean value)
{
  if (self->done != value)
    {
      self->done = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
    }
}

void
trygg_action_item_set_done_at (TryggActionItem *self,
                               const char *value)
{
  if (trygg_set_string (&self->done_at, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE_AT]);
}

void
trygg_action_item_set_comment (TryggActionItem *self,
                               const char *value)
{
  if (trygg_set_string (&self->comment, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMENT]);
}
