/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-photo-thumb.h"
#include "trygg-photo-window.h"
#include "trygg-resources.h"
#include "trygg-workbench-util.h"

struct _TryggPhotoThumb
{
  GtkWidget    parent_instance;

  TryggStore  *store;
  TryggPhoto  *photo;
  guint        index;
  gboolean     updating;

  GtkWidget   *view_button;
  GtkPicture  *picture;
  GtkDropDown *kind_dropdown;
  GtkWidget   *remove_button;
};

G_DEFINE_FINAL_TYPE (TryggPhotoThumb, trygg_photo_thumb, GTK_TYPE_WIDGET)

enum {
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
report (TryggPhotoThumb *self,
        const GError    *error,
        const char      *context)
{
  g_autofree char *message = trygg_error_message (error, context);

  g_signal_emit (self, signals[MESSAGE], 0, message);
}

static void
update (TryggPhotoThumb *self)
{
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->kind_dropdown, trygg_photo_get_kind (self->photo));
  self->updating = FALSE;
}

/* Callbacks */

static void
view_cb (TryggPhotoThumb *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *window = trygg_photo_window_new (self->photo,
                                              GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);

  gtk_window_present (window);
}

static void
remove_cb (TryggPhotoThumb *self)
{
  g_autoptr(GError) error = NULL;

  if (!trygg_store_remove_photo (self->store, self->photo, &error))
    report (self, error, _("The photo could not be removed"));
}

static void
kind_changed_cb (TryggPhotoThumb *self)
{
  g_autoptr(GError) error = NULL;
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);

  if (self->updating || kind == GTK_INVALID_LIST_POSITION || kind == trygg_photo_get_kind (self->photo))
    return;
  if (!trygg_store_set_photo_kind (self->store, self->photo, kind, &error))
    {
      report (self, error, _("The photo could not be marked"));
      update (self);
    }
}

/* Virtual overrides */

static void
trygg_photo_thumb_dispose (GObject *object)
{
  TryggPhotoThumb *self = TRYGG_PHOTO_THUMB (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TRYGG_TYPE_PHOTO_THUMB);
  trygg_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->photo);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (trygg_photo_thumb_parent_class)->dispose (object);
}

static void
trygg_photo_thumb_class_init (TryggPhotoThumbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_photo_thumb_dispose;

  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  trygg_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/trygg-photo-thumb.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggPhotoThumb, view_button);
  gtk_widget_class_bind_template_child (widget_class, TryggPhotoThumb, picture);
  gtk_widget_class_bind_template_child (widget_class, TryggPhotoThumb, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TryggPhotoThumb, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, view_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
trygg_photo_thumb_init (TryggPhotoThumb *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  trygg_drop_down_label_button (self->kind_dropdown);
  for (guint i = TRYGG_PHOTO_KIND_NONE; i <= TRYGG_PHOTO_KIND_AFTER; i++)
    gtk_string_list_append (kinds, trygg_photo_kind_to_label (i));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
}

/* Public API */

GdkTexture *
trygg_photo_texture_new (TryggPhoto *photo)
{
  GBytes *bytes;

  g_return_val_if_fail (TRYGG_IS_PHOTO (photo), NULL);

  bytes = trygg_photo_get_bytes (photo);
  if (bytes == NULL)
    return NULL;
  return gdk_texture_new_from_bytes (bytes, NULL);
}

GtkWidget *
trygg_photo_thumb_new (TryggStore *store,
                       TryggPhoto *photo,
                       guint       index)
{
  TryggPhotoThumb *self;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *view_label = NULL;
  g_autofree char *remove_label = NULL;

  g_return_val_if_fail (TRYGG_IS_STORE (store), NULL);
  g_return_val_if_fail (TRYGG_IS_PHOTO (photo), NULL);

  self = g_object_new (TRYGG_TYPE_PHOTO_THUMB, NULL);
  self->store = g_object_ref (store);
  self->photo = g_object_ref (photo);
  self->index = index;

  texture = trygg_photo_texture_new (photo);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  /* TRANSLATORS: accessible name of a photo's button; %u is 1, 2, … */
  view_label = g_strdup_printf (_("View Photo %u"), index + 1);
  remove_label = g_strdup_printf (_("Remove Photo %u"), index + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, view_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  update (self);

  g_signal_connect_object (self->kind_dropdown, "notify::selected", G_CALLBACK (kind_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (photo, "notify::kind", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

TryggPhoto *
trygg_photo_thumb_get_photo (TryggPhotoThumb *self)
{
  g_return_val_if_fail (TRYGG_IS_PHOTO_THUMB (self), NULL);

  return self->photo;
}
