/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-finding-row.h"
#include "trygg-resources.h"
#include "trygg-workbench-util.h"

struct _TryggFindingRow
{
  GtkWidget     parent_instance;

  TryggStore   *store;
  TryggFinding *finding;
  GSignalGroup *finding_signals;
  const char   *status_class;

  GtkLabel     *number_label;
  GtkLabel     *title_label;
  GtkLabel     *status_label;
  GtkLabel     *category_label;
  GtkLabel     *actor_label;
  GtkLabel     *measures_label;
  GtkWidget    *duplicate_image;
  GtkWidget    *overdue_image;
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
set_status_class (TryggFindingRow *self,
                  const char      *css_class)
{
  if (self->status_class != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->number_label), self->status_class);
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_class);
    }
  self->status_class = css_class;
  if (css_class != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->number_label), css_class);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css_class);
    }
}

static void
update (TryggFindingRow *self)
{
  TryggFinding *f = self->finding;
  g_autofree char *number = NULL;
  g_autofree char *measures = NULL;
  g_autofree char *accessible = NULL;
  const char *title, *category, *actor, *status;
  int done, total;

  if (f == NULL)
    return;

  number = g_strdup_printf ("%d", trygg_finding_get_number (f));
  title = trygg_finding_get_title (f);
  if (title == NULL || *title == '\0')
    title = _("Untitled finding");
  category = trygg_store_category_name (self->store, trygg_finding_get_category_key (f));
  actor = trygg_store_actor_name (self->store, trygg_finding_get_actor_id (f));
  status = trygg_status_to_label (trygg_finding_get_status (f));
  done = trygg_finding_get_actions_done (f);
  total = trygg_finding_get_actions_total (f);

  gtk_label_set_text (self->number_label, number);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->status_label, status);
  gtk_label_set_text (self->category_label, category != NULL ? category : _("No category"));
  gtk_label_set_text (self->actor_label, actor != NULL ? actor : _("No responsible actor"));
  gtk_widget_set_opacity (GTK_WIDGET (self->actor_label), actor != NULL ? 1.0 : 0.55);
  set_status_class (self, trygg_status_css_class (trygg_finding_get_status (f)));

  if (total > 0)
    /* TRANSLATORS: measures done of all measures on a finding, e.g. "2/3 done" */
    measures = g_strdup_printf (_("%d/%d done"), done, total);
  gtk_label_set_text (self->measures_label, measures != NULL ? measures : "");
  gtk_widget_set_visible (GTK_WIDGET (self->measures_label), total > 0);
  gtk_widget_set_visible (self->overdue_image, trygg_finding_get_overdue (f));
  gtk_widget_set_visible (self->duplicate_image, trygg_finding_get_possible_duplicate (f));

  /* One sentence for screen readers, in the order a sighted user reads. */
  accessible = g_strdup_printf ("%s %s. %s. %s. %s.%s%s",
                                number, title, status,
                                category != NULL ? category : _("No category"),
                                actor != NULL ? actor : _("No responsible actor"),
                                trygg_finding_get_overdue (f) ? " " : "",
                                trygg_finding_get_overdue (f) ? _("Overdue.") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

/* Callbacks */

static void
finding_notify_cb (TryggFindingRow *self)
{
  update (self);
}

/* Virtual overrides */

static void
trygg_finding_row_dispose (GObject *object)
{
  TryggFindingRow *self = TRYGG_FINDING_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TRYGG_TYPE_FINDING_ROW);
  trygg_widget_unparent_children (GTK_WIDGET (self));
  if (self->finding_signals != NULL)
    g_signal_group_set_target (self->finding_signals, NULL);
  g_clear_object (&self->finding_signals);
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
trygg_finding_row_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (trygg_finding_row_parent_class)->root (widget);
  trygg_workbench_ensure_css (widget);
}

static void
trygg_finding_row_class_init (TryggFindingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_finding_row_dispose;
  object_class->get_property = trygg_finding_row_get_property;
  object_class->set_property = trygg_finding_row_set_property;
  widget_class->root = trygg_finding_row_root;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TRYGG_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FINDING] =
    g_param_spec_object ("finding", NULL, NULL, TRYGG_TYPE_FINDING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  trygg_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/trygg-finding-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggFindingRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingRow, category_label);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingRow, actor_label);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingRow, measures_label);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingRow, duplicate_image);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingRow, overdue_image);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
trygg_finding_row_init (TryggFindingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->finding_signals = g_signal_group_new (TRYGG_TYPE_FINDING);
  g_signal_group_connect_swapped (self->finding_signals, "notify",
                                  G_CALLBACK (finding_notify_cb), self);
}

/* Public API */

GtkWidget *
trygg_finding_row_new (TryggStore *store)
{
  g_return_val_if_fail (TRYGG_IS_STORE (store), NULL);

  return g_object_new (TRYGG_TYPE_FINDING_ROW, "store", store, NULL);
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

  if (!g_set_object (&self->finding, finding))
    return;
  g_signal_group_set_target (self->finding_signals, finding);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINDING]);
}
