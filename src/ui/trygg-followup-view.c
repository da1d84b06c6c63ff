/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "trygg-followup-view.h"
#include "trygg-resources.h"
#include "trygg-workbench-util.h"

#define N_STATUSES (TRYGG_STATUS_WONT_FIX + 1)

typedef struct
{
  guint counts[N_STATUSES];
} Tally;

struct _TryggFollowupView
{
  GtkWidget     parent_instance;

  TryggStore   *store;
  /* actor id ("" for none) → Tally; "*" holds the total. */
  GHashTable   *tallies;
  guint         n_overdue;
  guint         refresh_source;
  gboolean      dirty;

  GtkLabel     *summary_label;
  GtkGrid      *table;
  GtkListBox   *overdue_list;
};

G_DEFINE_FINAL_TYPE (TryggFollowupView, trygg_followup_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  FINDING_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define TOTAL_KEY "*"

/* The overdue measures shown as rows; a large database has tens of
 * thousands, which no one reads as a list (the findings list filters them
 * all), and a row each would take minutes to make. */
#define MAX_OVERDUE_ROWS 100

/* Helpers */

static guint
tally_total (const Tally *tally)
{
  guint n = 0;

  for (guint i = 0; i < N_STATUSES; i++)
    n += tally->counts[i];
  return n;
}

static guint
share_fixed (const Tally *tally)
{
  guint total = tally_total (tally);

  return total > 0 ? (tally->counts[TRYGG_STATUS_FIXED] * 100 + total / 2) / total : 0;
}

static Tally *
tally_for (TryggFollowupView *self,
           const char        *key)
{
  Tally *tally = g_hash_table_lookup (self->tallies, key);

  if (tally == NULL)
    {
      tally = g_new0 (Tally, 1);
      g_hash_table_insert (self->tallies, g_strdup (key), tally);
    }
  return tally;
}

static void
attach_label (GtkGrid    *grid,
              const char *text,
              int         column,
              int         row,
              gboolean    heading,
              gboolean    numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), numeric ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
  /* The figures' headings take two lines rather than the names' room:
   * "Andel åtgärdade" is wider than any figure under it. */
  if (heading && numeric)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 9);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
    }
  /* A name cut short is shown whole on hover. */
  if (!numeric)
    gtk_widget_set_tooltip_text (label, text);
  if (heading)
    {
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_set_valign (label, GTK_ALIGN_END);
    }
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (column == 0)
    gtk_widget_set_hexpand (label, TRUE);
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static void
attach_tally_row (TryggFollowupView *self,
                  const char        *name,
                  const Tally       *tally,
                  int                row,
                  gboolean           heading)
{
  g_autofree char *percent = g_strdup_printf ("%u\u00a0%%", share_fixed (tally));

  attach_label (self->table, name, 0, row, heading, FALSE);
  for (guint s = 0; s < N_STATUSES; s++)
    {
      g_autofree char *n = g_strdup_printf ("%u", tally->counts[s]);

      attach_label (self->table, n, 1 + s, row, heading, TRUE);
    }
  attach_label (self->table, percent, 1 + N_STATUSES, row, heading, TRUE);
}

static void
clear_container (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_GRID (container))
        gtk_grid_remove (GTK_GRID (container), child);
      else
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
    }
}

static void
build_table (TryggFollowupView *self)
{
  GListModel *actors = trygg_store_get_actors (self->store);
  Tally *none = g_hash_table_lookup (self->tallies, "");
  int row = 1;

  clear_container (GTK_WIDGET (self->table));
  attach_label (self->table, _("Responsible actor"), 0, 0, TRUE, FALSE);
  for (guint s = 0; s < N_STATUSES; s++)
    attach_label (self->table, trygg_status_to_label (s), 1 + s, 0, TRUE, TRUE);
  attach_label (self->table, _("Share fixed"), 1 + N_STATUSES, 0, TRUE, TRUE);

  /* Actors in the store's order (by name), only those with findings. */
  for (guint i = 0; i < g_list_model_get_n_items (actors); i++)
    {
      g_autoptr(TryggActor) actor = g_list_model_get_item (actors, i);
      Tally *tally = g_hash_table_lookup (self->tallies, trygg_actor_get_id (actor));

      if (tally != NULL)
        attach_tally_row (self, trygg_actor_get_name (actor), tally, row++, FALSE);
    }
  if (none != NULL)
    attach_tally_row (self, _("No responsible actor"), none, row++, FALSE);
  attach_tally_row (self, _("All findings"), tally_for (self, TOTAL_KEY), row, TRUE);
}

static void
overdue_row_activated_cb (GtkListBoxRow     *row,
                          TryggFollowupView *self)
{
  TryggFinding *finding = g_object_get_data (G_OBJECT (row), "finding");

  if (finding != NULL)
    g_signal_emit (self, signals[FINDING_ACTIVATED], 0, finding);
}

static void
add_overdue_row (TryggFollowupView *self,
                 TryggFinding      *finding,
                 TryggActionItem   *measure)
{
  GtkWidget *row = adw_action_row_new ();
  const char *actor_id = trygg_action_item_get_actor_id (measure);
  const char *actor;
  g_autofree char *title = NULL;
  g_autofree char *due = trygg_format_date (trygg_action_item_get_due (measure));
  g_autofree char *subtitle = NULL;

  if (actor_id == NULL)
    actor_id = trygg_finding_get_actor_id (finding);
  actor = trygg_store_actor_name (self->store, actor_id);
  /* TRANSLATORS: an overdue measure: the finding's number and the measure */
  title = g_strdup_printf (_("%d: %s"), trygg_finding_get_number (finding), trygg_action_item_get_text (measure));
  /* TRANSLATORS: who is responsible for an overdue measure and its due date */
  subtitle = g_strdup_printf (_("%s — due %s"), actor != NULL ? actor : _("No responsible actor"), due);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("alarm-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "finding", g_object_ref (finding), g_object_unref);
  g_signal_connect_object (row, "activated", G_CALLBACK (overdue_row_activated_cb), self, 0);
  gtk_list_box_append (self->overdue_list, row);
}

static void
add_overdue_rows (TryggFollowupView *self,
                  const char        *today)
{
  g_autoptr(GPtrArray) measures = trygg_store_get_overdue_measures (self->store, today,
                                                                     MAX_OVERDUE_ROWS,
                                                                     &self->n_overdue);

  for (guint i = 0; i < measures->len; i++)
    {
      TryggActionItem *measure = g_ptr_array_index (measures, i);
      TryggFinding *finding = trygg_store_lookup_finding (self->store,
                                                          trygg_action_item_get_finding_id (measure));

      if (finding != NULL)
        add_overdue_row (self, finding, measure);
    }

  if (self->n_overdue > measures->len)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = NULL;
      guint more = self->n_overdue - measures->len;

      title = g_strdup_printf (ngettext ("%u more overdue measure", "%u more overdue measures", more),
                               more);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("The list of findings shows them all with the filter "
                                     "“Only overdue findings”"));
      gtk_list_box_append (self->overdue_list, row);
    }
}

static void
refresh (TryggFollowupView *self)
{
  GListModel *findings;
  g_autofree char *today = trygg_today_ymd ();
  g_autofree char *summary = NULL;
  Tally *total;
  guint n;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->dirty = FALSE;
  g_hash_table_remove_all (self->tallies);
  self->n_overdue = 0;
  clear_container (GTK_WIDGET (self->overdue_list));
  total = tally_for (self, TOTAL_KEY);

  if (self->store == NULL)
    return;

  findings = trygg_store_get_findings (self->store);
  n = g_list_model_get_n_items (findings);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TryggFinding) finding = g_list_model_get_item (findings, i);
      const char *actor_id = trygg_finding_get_actor_id (finding);
      TryggStatus status = trygg_finding_get_status (finding);

      tally_for (self, actor_id != NULL ? actor_id : "")->counts[status]++;
      total->counts[status]++;
    }
  add_overdue_rows (self, today);

  build_table (self);
  summary = g_strdup_printf (ngettext ("%u finding, %u fixed (%u\u00a0%%), %u overdue measures",
                                       "%u findings, %u fixed (%u\u00a0%%), %u overdue measures", n),
                             n, total->counts[TRYGG_STATUS_FIXED], share_fixed (total), self->n_overdue);
  gtk_label_set_text (self->summary_label, summary);
  if (self->n_overdue == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No measure is overdue"));
      gtk_list_box_append (self->overdue_list, row);
    }
}

static gboolean
refresh_cb (gpointer user_data)
{
  TryggFollowupView *self = user_data;

  self->refresh_source = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
ensure_fresh (TryggFollowupView *self)
{
  if (self->dirty)
    refresh (self);
}

/* Callbacks */

/* Every edit, undo and redo renews the store's undo state; gather a burst
 * of them into one refresh. */
static void
store_changed_cb (TryggFollowupView *self)
{
  self->dirty = TRUE;
  /* Hidden behind the map, the view waits until it is shown: at 100,000
   * findings a refresh costs about 100 ms, after every edit. */
  if (self->refresh_source == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->refresh_source = g_idle_add_full (G_PRIORITY_LOW, refresh_cb, self, NULL);
}

/* Virtual overrides */

static void
trygg_followup_view_map (GtkWidget *widget)
{
  TryggFollowupView *self = TRYGG_FOLLOWUP_VIEW (widget);

  GTK_WIDGET_CLASS (trygg_followup_view_parent_class)->map (widget);
  ensure_fresh (self);
}

static void
trygg_followup_view_dispose (GObject *object)
{
  TryggFollowupView *self = TRYGG_FOLLOWUP_VIEW (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TRYGG_TYPE_FOLLOWUP_VIEW);
  trygg_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->store);

  G_OBJECT_CLASS (trygg_followup_view_parent_class)->dispose (object);
}

static void
trygg_followup_view_finalize (GObject *object)
{
  TryggFollowupView *self = TRYGG_FOLLOWUP_VIEW (object);

  g_clear_pointer (&self->tallies, g_hash_table_unref);

  G_OBJECT_CLASS (trygg_followup_view_parent_class)->finalize (object);
}

static void
trygg_followup_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TryggFollowupView *self = TRYGG_FOLLOWUP_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_followup_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TryggFollowupView *self = TRYGG_FOLLOWUP_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      trygg_followup_view_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_followup_view_class_init (TryggFollowupViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_followup_view_dispose;
  object_class->finalize = trygg_followup_view_finalize;
  object_class->get_property = trygg_followup_view_get_property;
  object_class->set_property = trygg_followup_view_set_property;
  widget_class->map = trygg_followup_view_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TRYGG_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An overdue measure was activated: the window opens its finding. */
  signals[FINDING_ACTIVATED] =
    g_signal_new ("finding-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TRYGG_TYPE_FINDING);

  trygg_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/trygg-followup-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggFollowupView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TryggFollowupView, table);
  gtk_widget_class_bind_template_child (widget_class, TryggFollowupView, overdue_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
trygg_followup_view_init (TryggFollowupView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tallies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  refresh (self);
}

/* Public API */

GtkWidget *
trygg_followup_view_new (TryggStore *store)
{
  g_return_val_if_fail (store == NULL || TRYGG_IS_STORE (store), NULL);

  return g_object_new (TRYGG_TYPE_FOLLOWUP_VIEW, "store", store, NULL);
}

TryggStore *
trygg_followup_view_get_store (TryggFollowupView *self)
{
  g_return_val_if_fail (TRYGG_IS_FOLLOWUP_VIEW (self), NULL);

  return self->store;
}

void
trygg_followup_view_set_store (TryggFollowupView *self,
                               TryggStore        *store)
{
  g_return_if_fail (TRYGG_IS_FOLLOWUP_VIEW (self));
  g_return_if_fail (store == NULL || TRYGG_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_signal_handlers_disconnect_by_data (trygg_store_get_findings (self->store), self);
    }
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      g_signal_connect_object (store, "notify::undo-label", G_CALLBACK (store_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (trygg_store_get_findings (store), "items-changed",
                               G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
    }
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

guint
trygg_followup_view_get_count (TryggFollowupView *self,
                               const char        *actor_id,
                               TryggStatus        status)
{
  Tally *tally;

  g_return_val_if_fail (TRYGG_IS_FOLLOWUP_VIEW (self), 0);
  g_return_val_if_fail (status < N_STATUSES, 0);

  ensure_fresh (self);
  tally = g_hash_table_lookup (self->tallies, actor_id != NULL ? actor_id : TOTAL_KEY);
  return tally != NULL ? tally->counts[status] : 0;
}

guint
trygg_followup_view_get_share_fixed (TryggFollowupView *self,
                                     const char        *actor_id)
{
  Tally *tally;

  g_return_val_if_fail (TRYGG_IS_FOLLOWUP_VIEW (self), 0);

  ensure_fresh (self);
  tally = g_hash_table_lookup (self->tallies, actor_id != NULL ? actor_id : TOTAL_KEY);
  return tally != NULL ? share_fixed (tally) : 0;
}

guint
trygg_followup_view_get_n_overdue (TryggFollowupView *self)
{
  g_return_val_if_fail (TRYGG_IS_FOLLOWUP_VIEW (self), 0);

  ensure_fresh (self);
  return self->n_overdue;
}
