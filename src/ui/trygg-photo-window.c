/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "trygg-photo-thumb.h"
#include "trygg-photo-window.h"

/* Built in code rather than from a template: it is a header bar and one
 * picture, with no class of its own. */
GtkWindow *
trygg_photo_window_new (TryggPhoto *photo,
                        GtkWindow  *parent)
{
  GtkWidget *window, *box, *header, *picture;
  g_autoptr(GdkTexture) texture = NULL;
  GtkEventController *shortcuts;
  const char *kind;

  g_return_val_if_fail (TRYGG_IS_PHOTO (photo), NULL);

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), C_("photo", "Photo"));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 680);
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (window), parent);
      gtk_window_set_modal (GTK_WINDOW (window), TRUE);
    }
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  kind = trygg_photo_get_kind (photo) != TRYGG_PHOTO_KIND_NONE
    ? trygg_photo_kind_to_label (trygg_photo_get_kind (photo)) : C_("photo", "Photo");
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (kind, NULL));
  gtk_box_append (GTK_BOX (box), header);

  texture = trygg_photo_texture_new (photo);
  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_widget_set_vexpand (picture, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Photo of the Finding"), -1);
  gtk_box_append (GTK_BOX (box), picture);
  adw_window_set_content (ADW_WINDOW (window), box);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);
  return GTK_WINDOW (window);
}
