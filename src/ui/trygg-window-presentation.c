/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-window-private.h"

/* Presentation mode, for the meeting with every actor: fullscreen, no
 * editing chrome, large pins and a large-type strip for one finding at a
 * time. The arrow keys and Page Up/Down step through what the list shows
 * (its filters carry over) in walk and number order, the map gliding to
 * each; Escape leaves. */

/* A finding in the presentation's order: by walk (date, then name), then
 * by number. Each finding's walk is looked up once: a comparison that
 * looked both up would do it two million times for 100,000 findings. */
typedef struct
{
  TryggFinding *finding;
  guint         walk_rank;  /* 0: a walk the store does not know */
  int           number;
} Slide;

static int
compare_walks (gconstpointer a,
               gconstpointer b)
{
  TryggWalk *wa = *(TryggWalk **) a, *wb = *(TryggWalk **) b;
  int cmp = g_strcmp0 (trygg_walk_get_date (wa), trygg_walk_get_date (wb));

  return cmp != 0 ? cmp : g_strcmp0 (trygg_walk_get_name (wa), trygg_walk_get_name (wb));
}

static int
compare_slides (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const Slide *sa = a, *sb = b;

  if (sa->walk_rank != sb->walk_rank)
    return sa->walk_rank < sb->walk_rank ? -1 : 1;
  return (sa->number > sb->number) - (sa->number < sb->number);
}

/* What the list shows, in the presentation's order (transfer full). */
static GPtrArray *
presentation_order (TryggWindow *self)
{
  GListModel *walks = trygg_store_get_walks (self->store);
  guint n_walks = g_list_model_get_n_items (walks);
  guint n = g_list_model_get_n_items (self->shown);
  g_autoptr(GPtrArray) sorted_walks = g_ptr_array_new_full (n_walks, g_object_unref);
  g_autoptr(GHashTable) ranks = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree Slide *slides = g_new (Slide, n);
  GPtrArray *order = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n_walks; i++)
    g_ptr_array_add (sorted_walks, g_list_model_get_item (walks, i));
  g_ptr_array_sort (sorted_walks, compare_walks);
  for (guint i = 0; i < sorted_walks->len; i++)
    g_hash_table_insert (ranks, (char *) trygg_walk_get_id (g_ptr_array_index (sorted_walks, i)),
                         GUINT_TO_POINTER (i + 1));

  for (guint i = 0; i < n; i++)
    {
      TryggFinding *finding = g_list_model_get_item (self->shown, i);
      const char *walk_id = trygg_finding_get_walk_id (finding);

      slides[i].finding = finding;
      slides[i].walk_rank = walk_id != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (ranks, walk_id)) : 0;
      slides[i].number = trygg_finding_get_number (finding);
    }
  /* Stable: findings that compare equal keep the list's order. */
  g_qsort_with_data (slides, n, sizeof (Slide), compare_slides, NULL);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (order, slides[i].finding);
  return order;
}

static char *
measures_text (TryggWindow  *self,
               TryggFinding *finding)
{
  g_autoptr(GListModel) measures = trygg_store_get_measures (self->store, finding);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = g_list_model_get_n_items (measures);

  if (n == 0)
    return g_strdup (_("No measures yet"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TryggActionItem) measure = g_list_model_get_item (measures, i);
      TryggActor *actor = trygg_store_lookup_actor (self->store, trygg_action_item_get_actor_id (measure));
      const char *due = trygg_action_item_get_due (measure);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, trygg_action_item_get_done (measure) ? "✔ " : "○ ");
      g_string_append (text, trygg_action_item_get_text (measure));
      if (actor != NULL)
        g_string_append_printf (text, " — %s", trygg_actor_get_name (actor));
      if (!trygg_action_item_get_done (measure) && due != NULL)
        /* Translators: after a measure on the presentation strip; %s is a date */
        g_string_append_printf (text, _(", due %s"), due);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_photo (TryggWindow  *self,
            TryggFinding *finding)
{
  g_autoptr(GListModel) photos = trygg_store_get_photos (self->store, finding);
  g_autoptr(TryggPhoto) photo = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint n = g_list_model_get_n_items (photos);

  /* The newest photo shows the place as it is now. */
  if (n > 0)
    photo = g_list_model_get_item (photos, n - 1);
  if (photo != NULL)
    texture = gdk_texture_new_from_bytes (trygg_photo_get_bytes (photo), NULL);

  gtk_picture_set_paintable (self->presentation_photo, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->presentation_photo), texture != NULL);
}

static void
show_current (TryggWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *measures = NULL;
  g_autofree char *position = NULL;
  TryggFinding *finding;
  TryggActor *actor;
  TryggCategory *category;
  ShumateMap *map;

  if (self->presentation_order == NULL || self->presentation_order->len == 0)
    {
      gtk_label_set_text (self->presentation_title, _("No findings to present"));
      gtk_label_set_text (self->presentation_meta, _("Clear the list’s filters, or add findings first."));
      gtk_label_set_text (self->presentation_measures, "");
      gtk_label_set_text (self->presentation_position, _("Esc leaves presentation mode"));
      gtk_widget_set_visible (GTK_WIDGET (self->presentation_photo), FALSE);
      return;
    }

  finding = g_ptr_array_index (self->presentation_order, self->presentation_index);
  actor = trygg_store_lookup_actor (self->store, trygg_finding_get_actor_id (finding));
  category = trygg_store_lookup_category (self->store, trygg_finding_get_category_key (finding));

  title = g_strdup_printf ("%d · %s", trygg_finding_get_number (finding),
                           trygg_finding_get_title (finding) != NULL && *trygg_finding_get_title (finding)
                           ? trygg_finding_get_title (finding) : _("Untitled finding"));
  meta = g_strdup_printf ("%s · %s%s%s",
                          actor != NULL ? trygg_actor_get_name (actor) : _("No responsible actor"),
                          trygg_status_to_label (trygg_finding_get_status (finding)),
                          category != NULL ? " · " : "",
                          category != NULL ? trygg_category_get_name (category) : "");
  measures = measures_text (self, finding);
  /* Translators: position in presentation mode, then how to use it */
  position = g_strdup_printf (_("%u of %u · ← → step through the findings · Esc leaves"),
                              self->presentation_index + 1, self->presentation_order->len);

  gtk_label_set_text (self->presentation_title, title);
  gtk_label_set_text (self->presentation_meta, meta);
  gtk_label_set_text (self->presentation_measures, measures);
  gtk_label_set_text (self->presentation_position, position);
  show_photo (self, finding);

  trygg_window_set_selected_finding (self, finding);
  map = shumate_simple_map_get_map (trygg_map_view_get_simple_map (self->map_view));
  shumate_map_go_to_full (map,
                          trygg_finding_get_latitude (finding),
                          trygg_finding_get_longitude (finding),
                          MAX (shumate_viewport_get_zoom_level (trygg_map_view_get_viewport (self->map_view)), 17.0));
}

static void
step (TryggWindow *self,
      int          delta)
{
  guint n = self->presentation_order != NULL ? self->presentation_order->len : 0;

  if (n == 0)
    return;

  self->presentation_index = CLAMP ((int) self->presentation_index + delta, 0, (int) n - 1);
  show_current (self);
}

static gboolean
presentation_key_pressed_cb (TryggWindow           *self,
                             guint                  keyval,
                             guint                  keycode,
                             GdkModifierType        state,
                             GtkEventControllerKey *controller)
{
  if (!self->presenting)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Right: case GDK_KEY_Down: case GDK_KEY_Page_Down: case GDK_KEY_space:
    case GDK_KEY_KP_Right: case GDK_KEY_KP_Down: case GDK_KEY_KP_Page_Down:
      step (self, 1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Left: case GDK_KEY_Up: case GDK_KEY_Page_Up: case GDK_KEY_BackSpace:
    case GDK_KEY_KP_Left: case GDK_KEY_KP_Up: case GDK_KEY_KP_Page_Up:
      step (self, -1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Home:
      step (self, -G_MAXINT / 2);
      return GDK_EVENT_STOP;
    case GDK_KEY_End:
      step (self, G_MAXINT / 2);
      return GDK_EVENT_STOP;
    case GDK_KEY_Escape: case GDK_KEY_F5:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.presentation", NULL);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static void
enter_presentation (TryggWindow *self)
{
  self->presenting = TRUE;
  self->list_was_revealed = adw_flap_get_reveal_flap (self->list_flap);
  /* The findings are presented on the map, whichever view was shown. */
  self->followup_was_shown = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                                        "followup") == 0;
  adw_view_stack_set_visible_child_name (self->view_stack, "map");

  g_clear_pointer (&self->presentation_order, g_ptr_array_unref);
  self->presentation_order = presentation_order (self);

  /* Start where the user is: at the selected finding, if it is shown. */
  self->presentation_index = 0;
  if (self->selected != NULL)
    g_ptr_array_find (self->presentation_order, self->selected, &self->presentation_index);

  gtk_widget_set_visible (self->header_bar, FALSE);
  adw_flap_set_reveal_flap (self->list_flap, FALSE);
  adw_flap_set_reveal_flap (self->panel_flap, FALSE);
  trygg_map_view_set_large_pins (self->map_view, TRUE);
  trygg_map_view_set_show_legend (self->map_view, TRUE);
  gtk_revealer_set_reveal_child (self->presentation_revealer, TRUE);
  gtk_window_fullscreen (GTK_WINDOW (self));
  show_current (self);
}

static void
leave_presentation (TryggWindow *self)
{
  self->presenting = FALSE;
  g_clear_pointer (&self->presentation_order, g_ptr_array_unref);

  gtk_window_unfullscreen (GTK_WINDOW (self));
  gtk_revealer_set_reveal_child (self->presentation_revealer, FALSE);
  gtk_widget_set_visible (self->header_bar, TRUE);
  trygg_map_view_set_large_pins (self->map_view, FALSE);
  adw_flap_set_reveal_flap (self->list_flap, self->list_was_revealed);
  adw_flap_set_reveal_flap (self->panel_flap, self->selected != NULL);
  if (self->followup_was_shown)
    adw_view_stack_set_visible_child_name (self->view_stack, "followup");
}

static void
presentation_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TryggWindow *self = TRYGG_WINDOW (widget);

  if (self->presenting)
    leave_presentation (self);
  else
    enter_presentation (self);
}

void
trygg_window_presentation_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.presentation", NULL, presentation_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.presentation", NULL);
}

void
trygg_window_presentation_init (TryggWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  /* Capture phase: in this mode the arrows step, whatever has focus. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed",
                           G_CALLBACK (presentation_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

void
trygg_window_presentation_dispose (TryggWindow *self)
{
  g_clear_pointer (&self->presentation_order, g_ptr_array_unref);
}

gboolean
trygg_window_get_presenting (TryggWindow *self)
{
  g_return_val_if_fail (TRYGG_IS_WINDOW (self), FALSE);

  return self->presenting;
}
