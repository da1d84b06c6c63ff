/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "trygg-models-private.h"

struct _TryggPhoto
{
  GObject parent_instance;

  char *id;
  char *finding_id;
  TryggPhotoKind kind;
  char *mime_type;
  GBytes *bytes;
};

G_DEFINE_TYPE (TryggPhoto, trygg_photo, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_FINDING_ID,
  PROP_KIND,
  PROP_MIME_TYPE,
  PROP_BYTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
trygg_photo_finalize (GObject *object)
{
  TryggPhoto *self = TRYGG_PHOTO (object);

  g_free (self->id);
  g_free (self->finding_id);
  g_free (self->mime_type);
  g_clear_pointer (&self->bytes, g_bytes_unref);

  G_OBJECT_CLASS (trygg_photo_parent_class)->finalize (object);
}

static void
trygg_photo_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TryggPhoto *self = TRYGG_PHOTO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_FINDING_ID:
      g_value_set_string (value, self->finding_id);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_MIME_TYPE:
      g_value_set_string (value, self->mime_type);
      break;

    case PROP_BYTES:
      g_value_set_boxed (value, self->bytes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_photo_class_init (TryggPhotoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trygg_photo_finalize;
  object_class->get_property = trygg_photo_get_property;

  /* UUID */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The finding it belongs to */
  properties[PROP_FINDING_ID] =
    g_param_spec_string ("finding-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Before or after the measures */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, TRYGG_TYPE_PHOTO_KIND, TRYGG_PHOTO_KIND_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* image/jpeg or image/png */
  properties[PROP_MIME_TYPE] =
    g_param_spec_string ("mime-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The image file */
  properties[PROP_BYTES] =
    g_param_spec_boxed ("bytes", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trygg_photo_init (TryggPhoto *self)
{
}

TryggPhoto *
trygg_photo_new (void)
{
  return g_object_new (TRYGG_TYPE_PHOTO, NULL);
}

const char *
trygg_photo_get_id (TryggPhoto *self)
{
  g_return_val_if_fail (TRYGG_IS_PHOTO (self), NULL);
  return self->id;
}

const char *
trygg_photo_get_finding_id (TryggPhoto *self)
{
  g_return_val_if_fail (TRYGG_IS_PHOTO (self), NULL);
  return self->finding_id;
}

TryggPhotoKind
trygg_photo_get_kind (TryggPhoto *self)
{
  g_return_val_if_fail (TRYGG_IS_PHOTO (self), 0);
  return self->kind;
}

const char *
trygg_photo_get_mime_type (TryggPhoto *self)
{
  g_return_val_if_fail (TRYGG_IS_PHOTO (self), NULL);
  return self->mime_type;
}

GBytes *
trygg_photo_get_bytes (TryggPhoto *self)
{
  g_return_val_if_fail (TRYGG_IS_PHOTO (self), NULL);
  return self->bytes;
}

void
trygg_photo_set_id (TryggPhoto *self,
                    const char *value)
{
  if (trygg_set_string (&self->id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

void
trygg_photo_set_finding_id (TryggPhoto *self,
                            const char *value)
{
  if (trygg_set_string (&self->finding_id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINDING_ID]);
}

void
trygg_photo_set_kind (TryggPhoto *self,
                      TryggPhotoKind value)
{
  if (self->kind != value)
    {
      self->kind = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }
}

void
trygg_photo_set_mime_type (TryggPhoto *self,
                           const char *value)
{
  if (trygg_set_string (&self->mime_type, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIME_TYPE]);
}

void
trygg_photo_set_bytes (TryggPhoto *self,
                       GBytes *value)
{
  if (self->bytes == value || (self->bytes && value && g_bytes_equal (self->bytes, value)))
    return;
  g_clear_pointer (&self->bytes, g_bytes_unref);
  self->bytes = value ? g_bytes_ref (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES]);
}
