/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-finding-row.h"
#include "trygg-workbench-util.h"

/* A row of the findings list, drawn by hand rather than built from a
 * template: GTK 4.8's list view makes up to 200 rows whenever the filter
 * changes, and a row of labels and boxes costs about 2.5 ms to build, which
 * made each keystroke in the search field take a third of a second. This
 * row costs next to nothing to create and bind; its text is laid out only
 * when it is drawn, which is only for the rows on screen. */

#define PAD_X      8
#define PAD_Y      6
#define BADGE      28
#define GAP        10
#define ICON       16

struct _TryggFindingRow
{
  GtkWidget     parent_instance;

  TryggStore   *store;
  TryggFinding *finding;
  gulong        notify_id;

  /* Laid out on demand; NULL when stale. */
  PangoLayout  *number_layout;
  PangoLayout  *title_layout;
  PangoLayout  *status_layout;
  PangoLayout  *detail_layout;
  PangoLayout  *actor_layout;
  PangoLayout  *measures_layout;
  int           title_height;   /* 0 until measured */
  int           small_height;
};

G_DEFINE_FINAL_TYPE (TryggFindingRow, trygg_finding_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FINDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
clear_layouts (TryggFindingRow *self)
{
  g_clear_object (&self->number_layout);
  g_clear_object (&self->title_layout);
  g_clear_object (&self->status_layout);
  g_clear_object (&self->detail_layout);
  g_clear_object (&self->actor_layout);
  g_clear_object (&self->measures_layout);
}

static PangoLayout *
make_layout (TryggFindingRow *self,
             const char      *text,
             gboolean         bold,
             double           scale)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

static const char *
title_of (TryggFinding *f)
{
  const char *title = trygg_finding_get_title (f);

  return title != NULL && *title != '\0' ? title : _("Untitled finding");
}

static void
ensure_layouts (TryggFindingRow *self)
{
  TryggFinding *f = self->finding;
  const char *category, *actor;
  g_autofree char *number = NULL;
  int total;

  if (self->title_layout != NULL || f == NULL)
    return;

  category = trygg_store_category_name (self->store, trygg_finding_get_category_key (f));
  actor = trygg_store_actor_name (self->store, trygg_finding_get_actor_id (f));
  number = g_strdup_printf ("%d", trygg_finding_get_number (f));
  total = trygg_finding_get_actions_total (f);

  self->number_layout = make_layout (self, number, TRUE, 0.9);
  self->title_layout = make_layout (self, title_of (f), TRUE, 1.0);
  self->status_layout = make_layout (self, trygg_status_to_label (trygg_finding_get_status (f)), TRUE, 0.85);
  self->detail_layout = make_layout (self, category != NULL ? category : _("No category"), FALSE, 0.85);
  self->actor_layout = make_layout (self, actor != NULL ? actor : _("No responsible actor"), FALSE, 0.85);
  if (total > 0)
    {
      /* TRANSLATORS: measures done of all measures on a finding, e.g. "2/3 done" */
      g_autofree char *measures = g_strdup_printf (_("%d/%d done"), trygg_finding_get_actions_done (f), total);

      self->measures_layout = make_layout (self, measures, FALSE, 0.85);
    }
}

static void
update_accessible (TryggFindingRow *self)
{
  TryggFinding *f = self->finding;
  g_autofree char *text = NULL;
  g_autofree char *measures = NULL;
  const char *category, *actor;
  gboolean overdue, duplicate;

  if (f == NULL)
    return;
  if (trygg_finding_get_actions_total (f) > 0)
    /* TRANSLATORS: measures done of all measures on a finding, e.g. "2/3 done" */
    measures = g_strdup_printf (_("%d/%d done"), trygg_finding_get_actions_done (f),
                                trygg_finding_get_actions_total (f));
  category = trygg_store_category_name (self->store, trygg_finding_get_category_key (f));
  actor = trygg_store_actor_name (self->store, trygg_finding_get_actor_id (f));
  overdue = trygg_finding_get_overdue (f);
  duplicate = trygg_finding_get_possible_duplicate (f);

  /* One sentence for screen readers, in the order a sighted user reads. */
  text = g_strdup_printf ("%d %s. %s. %s. %s.%s%s%s%s%s%s%s",
                          trygg_finding_get_number (f), title_of (f),
                          trygg_status_to_label (trygg_finding_get_status (f)),
                          category != NULL ? category : _("No category"),
                          actor != NULL ? actor : _("No responsible actor"),
                          measures != NULL ? " " : "", measures != NULL ? measures : "",
                          measures != NULL ? "." : "",
                          overdue ? " " : "", overdue ? _("Overdue.") : "",
                          duplicate ? " " : "", duplicate ? _("Possible duplicate.") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);

}

static int
line_height (GtkWidget *widget,
             double     scale)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int height = pango_font_metrics_get_height (metrics);

  pango_font_metrics_unref (metrics);
  return (int) (PANGO_PIXELS_CEIL (height) * scale + 0.5);
}

/* Font metrics cost a trip through fontconfig and the font; every row
 * of the list uses the same font, and a search makes up to 30 new rows.
 * So the heights are kept for the last font seen. */
static void
ensure_line_heights (TryggFindingRow *self)
{
  static PangoFontDescription *last_font;
  static int last_title_height, last_small_height;
  PangoContext *context;
  const PangoFontDescription *font;

  if (self->title_height != 0)
    return;
  context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  font = pango_context_get_font_description (context);
  if (last_font == NULL || font == NULL || !pango_font_description_equal (font, last_font))
    {
      last_title_height = line_height (GTK_WIDGET (self), 1.0);
      last_small_height = line_height (GTK_WIDGET (self), 0.85);
      g_clear_pointer (&last_font, pango_font_description_free);
      if (font != NULL)
        last_font = pango_font_description_copy (font);
    }
  self->title_height = last_title_height;
  self->small_height = last_small_height;
}

static void
draw_layout (GtkSnapshot *snapshot,
             PangoLayout *layout,
             int          x,
             int          y,
             const GdkRGBA *colour)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

static void
draw_icon (GtkWidget     *widget,
           GtkSnapshot   *snapshot,
           const char    *name,
           int            x,
           int            y,
           const GdkRGBA *colour)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, name, NULL, ICON,
                                                                 gtk_widget_get_scale_factor (widget),
                                                                 gtk_widget_get_direction (widget), 0);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, ICON, ICON, colour, 1);
  gtk_snapshot_restore (snapshot);
}

/* Callbacks */

/* Asked for when the pointer rests on the row: setting a tooltip on every
 * bind costs a round trip to the X server. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  TryggFinding *f = TRYGG_FINDING_ROW (widget)->finding;
  g_autoptr(GString) text = g_string_new (NULL);

  if (f == NULL)
    return FALSE;
  if (trygg_finding_get_overdue (f))
    g_string_append (text, _("Overdue: a measure is past its due date"));
  if (trygg_finding_get_possible_duplicate (f))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, _("Possible duplicate: another open finding is very close"));
    }
  if (text->len == 0)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
finding_notify_cb (TryggFindingRow *self)
{
  clear_layouts (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Virtual overrides */

static void
trygg_finding_row_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 2 * PAD_X + BADGE + GAP + 120;
      *natural = 2 * PAD_X + BADGE + GAP + 280;
    }
  else
    {
      TryggFindingRow *self = TRYGG_FINDING_ROW (widget);
      int text;

      ensure_line_heights (self);
      text = self->title_height + 2 * self->small_height + 4;

      *minimum = *natural = 2 * PAD_Y + MAX (BADGE, text);
    }
}

static void
trygg_finding_row_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  TryggFindingRow *self = TRYGG_FINDING_ROW (widget);
  TryggFinding *f = self->finding;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int x = PAD_X, right = width - PAD_X, text_x, text_width, right_width = 0, y;
  int title_h, small_h;
  GdkRGBA fg, dim, status_colour, white = { 1, 1, 1, 1 }, red;
  GskRoundedRect badge;
  PangoRectangle ink, logical;
  int status_width;

  if (f == NULL)
    return;
  ensure_layouts (self);
  ensure_line_heights (self);
  title_h = self->title_height;
  small_h = self->small_height;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = fg;
  dim.alpha *= 0.6;
  gdk_rgba_parse (&status_colour, trygg_status_colour (trygg_finding_get_status (f)));
  gdk_rgba_parse (&red, trygg_status_colour (TRYGG_STATUS_NEW));

  /* The number in a disc of the status colour, as on the map. */
  pango_layout_get_pixel_extents (self->number_layout, &ink, &logical);
  {
    int badge_w = MAX (BADGE, logical.width + 8);
    int by = (height - BADGE) / 2;

    gsk_rounded_rect_init_from_rect (&badge, &GRAPHENE_RECT_INIT (x, by, badge_w, BADGE), BADGE / 2.0);
    gtk_snapshot_push_rounded_clip (snapshot, &badge);
    gtk_snapshot_append_color (snapshot, &status_colour, &badge.bounds);
    gtk_snapshot_pop (snapshot);
    draw_layout (snapshot, self->number_layout, x + (badge_w - logical.width) / 2,
                 by + (BADGE - logical.height) / 2, &white);
    text_x = x + badge_w + GAP;
  }

  /* Right column: measures done, then the marks. */
  if (self->measures_layout != NULL)
    {
      pango_layout_get_pixel_extents (self->measures_layout, NULL, &logical);
      right_width = logical.width;
      draw_layout (snapshot, self->measures_layout, right - logical.width, PAD_Y, &fg);
    }
  {
    int ix = right - ICON;
    int iy = PAD_Y + small_h + 4;

    if (trygg_finding_get_overdue (f))
      {
        draw_icon (widget, snapshot, "alarm-symbolic", ix, iy, &red);
        ix -= ICON + 4;
      }
    if (trygg_finding_get_possible_duplicate (f))
      draw_icon (widget, snapshot, "edit-copy-symbolic", ix, iy, &fg);
    if (trygg_finding_get_overdue (f) || trygg_finding_get_possible_duplicate (f))
      right_width = MAX (right_width, 2 * ICON + 4);
  }

  text_width = MAX (0, right - (right_width > 0 ? right_width + GAP : 0) - text_x);
  y = (height - (title_h + 2 * small_h + 4)) / 2;

  pango_layout_set_width (self->title_layout, text_width * PANGO_SCALE);
  draw_layout (snapshot, self->title_layout, text_x, y, &fg);
  y += title_h + 2;

  pango_layout_set_width (self->status_layout, -1);
  pango_layout_get_pixel_extents (self->status_layout, NULL, &logical);
  status_width = MIN (logical.width, text_width);
  pango_layout_set_width (self->status_layout, status_width * PANGO_SCALE);
  draw_layout (snapshot, self->status_layout, text_x, y, &status_colour);
  pango_layout_set_width (self->detail_layout, MAX (0, text_width - status_width - 6) * PANGO_SCALE);
  draw_layout (snapshot, self->detail_layout, text_x + status_width + 6, y, &dim);
  y += small_h + 2;

  pango_layout_set_width (self->actor_layout, text_width * PANGO_SCALE);
  draw_layout (snapshot, self->actor_layout, text_x, y,
               trygg_finding_get_actor_id (f) != NULL ? &fg : &dim);
}

static void
trygg_finding_row_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (trygg_finding_row_parent_class)->css_changed (widget, change);
  /* Fonts or colours may have changed (e.g. presentation mode). */
  clear_layouts (TRYGG_FINDING_ROW (widget));
  TRYGG_FINDING_ROW (widget)->title_height = 0;
  gtk_widget_queue_resize (widget);
}

static void
trygg_finding_row_dispose (GObject *object)
{
  TryggFindingRow *self = TRYGG_FINDING_ROW (object);

  if (self->finding != NULL)
    g_clear_signal_handler (&self->notify_id, self->finding);
  clear_layouts (self);
  g_clear_object (&self->finding);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (trygg_finding_row_parent_class)->dispose (object);
}

static void
trygg_finding_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TryggFindingRow *self = TRYGG_FINDING_ROW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FINDING:
      g_value_set_object (value, self->finding);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_finding_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TryggFindingRow *self = TRYGG_FINDING_ROW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;
    case PROP_FINDING:
      trygg_finding_row_set_finding (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_finding_row_class_init (TryggFindingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_finding_row_dispose;
  object_class->get_property = trygg_finding_row_get_property;
  object_class->set_property = trygg_finding_row_set_property;
  widget_class->measure = trygg_finding_row_measure;
  widget_class->snapshot = trygg_finding_row_snapshot;
  widget_class->css_changed = trygg_finding_row_css_changed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TRYGG_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FINDING] =
    g_param_spec_object ("finding", NULL, NULL, TRYGG_TYPE_FINDING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "findingrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
trygg_finding_row_init (TryggFindingRow *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

/* Public API */

GtkWidget *
trygg_finding_row_new (TryggStore *store)
{
  g_return_val_if_fail (TRYGG_IS_STORE (store), NULL);

  TryggFindingRow *self = g_object_new (TRYGG_TYPE_FINDING_ROW, NULL);

  /* Set here, not as a construct property: cheaper for rows made by the
   * dozen on every keystroke. */
  self->store = g_object_ref (store);
  return GTK_WIDGET (self);
}

TryggFinding *
trygg_finding_row_get_finding (TryggFindingRow *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDING_ROW (self), NULL);

  return self->finding;
}

void
trygg_finding_row_set_finding (TryggFindingRow *self,
                               TryggFinding    *finding)
{
  g_return_if_fail (TRYGG_IS_FINDING_ROW (self));
  g_return_if_fail (finding == NULL || TRYGG_IS_FINDING (finding));

  if (self->finding == finding)
    return;
  /* A plain handler rather than a GSignalGroup: rows are made and bound by
   * the dozen on every keystroke in the search field, and a signal group
   * costs an object, a weak reference and a closure per row. */
  if (self->finding != NULL)
    g_clear_signal_handler (&self->notify_id, self->finding);
  g_set_object (&self->finding, finding);
  if (finding != NULL)
    self->notify_id = g_signal_connect_swapped (finding, "notify", G_CALLBACK (finding_notify_cb), self);
  clear_layouts (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINDING]);
}
