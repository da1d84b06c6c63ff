/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-map-legend.h"
#include "trygg-pin-renderer.h"
#include "trygg-types.h"

/* What the pin colours mean, for the people at the meeting who have never
 * used the program: one row per status, in the order a finding moves. */

struct _TryggMapLegend
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (TryggMapLegend, trygg_map_legend, GTK_TYPE_WIDGET)

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  GdkRGBA color;

  trygg_pin_status_color (GPOINTER_TO_UINT (user_data), &color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 1, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

static void
trygg_map_legend_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (trygg_map_legend_parent_class)->dispose (object);
}

static void
trygg_map_legend_class_init (TryggMapLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_map_legend_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trygg-map-legend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
trygg_map_legend_init (TryggMapLegend *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *title;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");

  title = gtk_label_new (_("Status"));
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_margin_start (title, 10);
  gtk_widget_set_margin_end (title, 10);
  gtk_widget_set_margin_top (title, 8);
  gtk_widget_set_parent (title, GTK_WIDGET (self));

  for (guint status = 0; status < TRYGG_N_STATUSES; status++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *swatch = gtk_drawing_area_new ();
      GtkWidget *label = gtk_label_new (trygg_status_to_label (status));

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 14);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 14);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                      GUINT_TO_POINTER (status), NULL);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (row), swatch);
      gtk_box_append (GTK_BOX (row), label);
      gtk_widget_set_margin_start (row, 10);
      gtk_widget_set_margin_end (row, 10);
      if (status == TRYGG_N_STATUSES - 1)
        gtk_widget_set_margin_bottom (row, 8);
      gtk_widget_set_parent (row, GTK_WIDGET (self));
    }
}

GtkWidget *
trygg_map_legend_new (void)
{
  return g_object_new (TRYGG_TYPE_MAP_LEGEND, NULL);
}
