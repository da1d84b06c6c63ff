/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-finding-row.h"
#include "trygg-finding-view.h"
#include "trygg-findings-list.h"
#include "trygg-resources.h"
#include "trygg-workbench-util.h"

struct _TryggFindingsList
{
  GtkWidget           parent_instance;

  TryggStore         *store;
  TryggFindingQuery  *query;
  char               *search_text;
  TryggFindingView   *view;      /* filtered and sorted, what the list and map show */
  GtkSingleSelection *selection;
  GListModel         *walk_choices;
  GListModel         *actor_choices;
  GListModel         *category_choices;
  TryggFinding       *selected;
  char               *count_text;
  GtkCheckButton     *status_checks[TRYGG_STATUS_WONT_FIX + 1];
  gboolean            resetting;

  GtkDropDown        *walk_dropdown;
  GtkSearchEntry     *search_entry;
  GtkMenuButton      *filter_button;
  GtkLabel           *count_label;
  GtkWidget          *clear_button;
  GtkDropDown        *sort_dropdown;
  GtkStack           *stack;
  GtkGridView        *list_view;
  GtkDropDown        *actor_filter;
  GtkDropDown        *category_filter;
  GtkDropDown        *priority_filter;
  GtkBox             *status_box;
  GtkCheckButton     *overdue_check;
};

G_DEFINE_FINAL_TYPE (TryggFindingsList, trygg_findings_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_MODEL,
  PROP_SELECTED_FINDING,
  N_PROPS
};

enum {
  ACTIVATED,
  DELETED,
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static gboolean
filters_active (TryggFindingsList *self)
{
  return !trygg_finding_query_is_empty (self->query);
}

static guint
n_active_filters (TryggFindingsList *self)
{
  guint n = 0;

  n += gtk_drop_down_get_selected (self->walk_dropdown) > 0;
  n += gtk_drop_down_get_selected (self->actor_filter) > 0;
  n += gtk_drop_down_get_selected (self->category_filter) > 0;
  n += gtk_drop_down_get_selected (self->priority_filter) > 0;
  n += gtk_check_button_get_active (self->overdue_check);
  for (guint i = 0; i < G_N_ELEMENTS (self->status_checks); i++)
    {
      if (gtk_check_button_get_active (self->status_checks[i]))
        {
          n++;
          break;
        }
    }
  return n;
}

static void
update_count (TryggFindingsList *self)
{
  guint total = self->store != NULL ? g_list_model_get_n_items (trygg_store_get_findings (self->store)) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->view));
  guint n_filters = n_active_filters (self);
  g_autofree char *filter_label = NULL;

  g_free (self->count_text);
  if (shown == total)
    self->count_text = g_strdup_printf (ngettext ("%u finding", "%u findings", total), total);
  else
    /* TRANSLATORS: how many findings the list shows of all there are */
    self->count_text = g_strdup_printf (ngettext ("%u of %u finding", "%u of %u findings", total),
                                        shown, total);
  gtk_label_set_text (self->count_label, self->count_text);

  if (total == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");

  gtk_widget_set_visible (self->clear_button, filters_active (self) && shown > 0);
  /* TRANSLATORS: the filter button when filters are on, e.g. "Filter (2)" */
  filter_label = n_filters > 0 ? g_strdup_printf (_("Filter (%u)"), n_filters) : g_strdup (_("Filter"));
  /* A menu button makes a new label each time its label is set: only when
   * it changes, not on every keystroke. */
  if (g_strcmp0 (gtk_menu_button_get_label (self->filter_button), filter_label) != 0)
    gtk_menu_button_set_label (self->filter_button, filter_label);
}

static void
refilter (TryggFindingsList *self)
{
  trygg_finding_view_set_query (self->view, self->query);
  update_count (self);
}

static void
read_filters (TryggFindingsList *self)
{
  guint mask = 0;
  guint priority;
  g_autoptr(GObject) category = NULL;
  guint pos;

  if (self->resetting || self->store == NULL)
    return;

  pos = gtk_drop_down_get_selected (self->walk_dropdown);
  if (pos != GTK_INVALID_LIST_POSITION && pos > 0)
    {
      g_autoptr(GObject) walk = g_list_model_get_item (self->walk_choices, pos);
      trygg_finding_query_set_walk_id (self->query, TRYGG_IS_WALK (walk) ? trygg_walk_get_id (TRYGG_WALK (walk)) : NULL);
    }
  else
    trygg_finding_query_set_walk_id (self->query, NULL);

  trygg_finding_query_set_actor_id (self->query,
                                    trygg_actor_choice_id (self->actor_choices,
                                                           gtk_drop_down_get_selected (self->actor_filter)));
  pos = gtk_drop_down_get_selected (self->category_filter);
  if (pos != GTK_INVALID_LIST_POSITION && pos > 0)
    category = g_list_model_get_item (self->category_choices, pos);
  trygg_finding_query_set_category_key (self->query,
                                        TRYGG_IS_CATEGORY (category) ? trygg_category_get_key (TRYGG_CATEGORY (category)) : NULL);

  priority = gtk_drop_down_get_selected (self->priority_filter);
  trygg_finding_query_set_priority (self->query,
                                    priority == GTK_INVALID_LIST_POSITION || priority == 0 ? -1 : (int) priority - 1);

  for (guint i = 0; i < G_N_ELEMENTS (self->status_checks); i++)
    if (gtk_check_button_get_active (self->status_checks[i]))
      mask |= 1u << i;
  trygg_finding_query_set_statuses (self->query, mask);
  trygg_finding_query_set_overdue_only (self->query, gtk_check_button_get_active (self->overdue_check));

  refilter (self);
}

static void
update_selected (TryggFindingsList *self)
{
  TryggFinding *finding = gtk_single_selection_get_selected_item (self->selection);

  if (self->selected == finding)
    return;
  g_set_object (&self->selected, finding);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "findings.delete-selected", finding != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FINDING]);
}

static guint
position_of (GListModel *model,
             gpointer    item)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (model, i);

      if (other == item)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Callbacks */

static void
search_changed_cb (TryggFindingsList *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  /* The view sees for itself when a longer search can only narrow what
   * it shows. */
  if (g_strcmp0 (text, self->search_text) == 0)
    return;
  g_free (self->search_text);
  self->search_text = g_strdup (text);
  trygg_finding_query_set_text (self->query, text);
  refilter (self);
}

static void
stop_search_cb (TryggFindingsList *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  search_changed_cb (self);
}

static void
search_activate_cb (TryggFindingsList *self)
{
  /* Enter in the search field picks the first finding shown. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->view)) > 0)
    {
      g_autoptr(TryggFinding) first = g_list_model_get_item (G_LIST_MODEL (self->view), 0);

      trygg_findings_list_set_selected_finding (self, first);
      g_signal_emit (self, signals[ACTIVATED], 0, first);
    }
}

static void
list_activate_cb (TryggFindingsList *self,
                  guint              position)
{
  g_autoptr(TryggFinding) finding = g_list_model_get_item (G_LIST_MODEL (self->view), position);

  if (finding != NULL)
    g_signal_emit (self, signals[ACTIVATED], 0, finding);
}

static void
filter_control_changed_cb (TryggFindingsList *self)
{
  read_filters (self);
}

static void
sort_changed_cb (TryggFindingsList *self)
{
  guint pos = gtk_drop_down_get_selected (self->sort_dropdown);

  /* The dropdown lists the sort keys in TryggFindingSort's order. */
  trygg_finding_view_set_sort (self->view,
                               pos == GTK_INVALID_LIST_POSITION ? TRYGG_FINDING_SORT_NUMBER
                                                                : (TryggFindingSort) pos);
}

static void
model_items_changed_cb (TryggFindingsList *self)
{
  update_count (self);
}

static void
selection_notify_cb (TryggFindingsList *self)
{
  update_selected (self);
}

/* After every edit, undo and redo, and when the day turns (overdue
 * flags): findings may have changed in place, which the view cannot see
 * by itself. */
static void
store_changed_cb (TryggFindingsList *self)
{
  trygg_finding_view_refresh (self->view);
  update_count (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              TryggFindingsList        *self)
{
  gtk_list_item_set_child (item, trygg_finding_row_new (self->store));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             TryggFindingsList        *self)
{
  trygg_finding_row_set_finding (TRYGG_FINDING_ROW (gtk_list_item_get_child (item)),
                                 gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               TryggFindingsList        *self)
{
  trygg_finding_row_set_finding (TRYGG_FINDING_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Actions */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  trygg_findings_list_focus_search (TRYGG_FINDINGS_LIST (widget));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  trygg_findings_list_clear_filters (TRYGG_FINDINGS_LIST (widget));
}

static void
delete_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  TryggFindingsList *self = TRYGG_FINDINGS_LIST (widget);
  g_autoptr(TryggFinding) finding = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *deleted = NULL;

  if (self->selected == NULL || self->store == NULL)
    return;
  finding = g_object_ref (self->selected);
  if (!trygg_store_delete_finding (self->store, finding, &error))
    {
      g_autofree char *message = trygg_error_message (error, _("The finding could not be deleted"));
      g_signal_emit (self, signals[MESSAGE], 0, message);
      return;
    }
  deleted = trygg_deleted_message (finding);
  g_signal_emit (self, signals[DELETED], 0, deleted);
}

/* Virtual overrides */

static void
trygg_findings_list_dispose (GObject *object)
{
  TryggFindingsList *self = TRYGG_FINDINGS_LIST (object);

  trygg_findings_list_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TRYGG_TYPE_FINDINGS_LIST);
  trygg_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->view);
  g_clear_object (&self->selected);

  G_OBJECT_CLASS (trygg_findings_list_parent_class)->dispose (object);
}

static void
trygg_findings_list_finalize (GObject *object)
{
  TryggFindingsList *self = TRYGG_FINDINGS_LIST (object);

  g_clear_pointer (&self->query, trygg_finding_query_free);
  g_free (self->search_text);
  g_free (self->count_text);

  G_OBJECT_CLASS (trygg_findings_list_parent_class)->finalize (object);
}

static void
trygg_findings_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TryggFindingsList *self = TRYGG_FINDINGS_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_MODEL:
      g_value_set_object (value, self->view);
      break;
    case PROP_SELECTED_FINDING:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_findings_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TryggFindingsList *self = TRYGG_FINDINGS_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      trygg_findings_list_set_store (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_FINDING:
      trygg_findings_list_set_selected_finding (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trygg_findings_list_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (trygg_findings_list_parent_class)->root (widget);
  trygg_workbench_ensure_css (widget);
}

static void
trygg_findings_list_class_init (TryggFindingsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trygg_findings_list_dispose;
  object_class->finalize = trygg_findings_list_finalize;
  object_class->get_property = trygg_findings_list_get_property;
  object_class->set_property = trygg_findings_list_set_property;
  widget_class->root = trygg_findings_list_root;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TRYGG_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_FINDING] =
    g_param_spec_object ("selected-finding", NULL, NULL, TRYGG_TYPE_FINDING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A row was activated (Enter, double click, Enter in the search field):
   * the window opens the finding's panel and shows it on the map. */
  signals[ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TRYGG_TYPE_FINDING);
  /* A finding was deleted; the argument is the undo label for the toast. */
  signals[DELETED] =
    g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Something to tell the user in a toast. */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  trygg_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/trygg-findings-list.ui");
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, walk_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, filter_button);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, count_label);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, clear_button);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, stack);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, list_view);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, actor_filter);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, category_filter);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, priority_filter);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, status_box);
  gtk_widget_class_bind_template_child (widget_class, TryggFindingsList, overdue_check);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_install_action (widget_class, "findings.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "findings.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "findings.delete-selected", NULL, delete_selected_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
add_status_checks (TryggFindingsList *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->status_checks); i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (trygg_status_to_label (i));

      self->status_checks[i] = GTK_CHECK_BUTTON (check);
      gtk_box_append (self->status_box, check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (filter_control_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
}

static void
trygg_findings_list_init (TryggFindingsList *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  trygg_drop_down_label_button (self->walk_dropdown);
  trygg_drop_down_label_button (self->sort_dropdown);
  trygg_drop_down_label_button (self->actor_filter);
  trygg_drop_down_label_button (self->category_filter);
  trygg_drop_down_label_button (self->priority_filter);

  self->query = trygg_finding_query_new ();
  self->view = trygg_finding_view_new (NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->view)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->view, "items-changed", G_CALLBACK (model_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_notify_cb),
                           self, G_CONNECT_SWAPPED);

  add_status_checks (self);
  gtk_drop_down_set_expression (self->walk_dropdown, trygg_name_expression_new ());
  gtk_drop_down_set_expression (self->actor_filter, trygg_name_expression_new ());
  gtk_drop_down_set_expression (self->category_filter, trygg_name_expression_new ());
  g_signal_connect_object (self->walk_dropdown, "notify::selected", G_CALLBACK (filter_control_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->actor_filter, "notify::selected", G_CALLBACK (filter_control_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->category_filter, "notify::selected", G_CALLBACK (filter_control_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->priority_filter, "notify::selected", G_CALLBACK (filter_control_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->overdue_check, "toggled", G_CALLBACK (filter_control_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_dropdown, "notify::selected", G_CALLBACK (sort_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* Ctrl+F searches from anywhere in the window; Delete removes the
   * selected finding only while the list itself has the focus, so it never
   * takes a key press from a text field. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("findings.search")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("findings.delete-selected")));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), shortcuts);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "findings.delete-selected", FALSE);
  update_count (self);
}

/* Public API */

GtkWidget *
trygg_findings_list_new (TryggStore *store)
{
  g_return_val_if_fail (store == NULL || TRYGG_IS_STORE (store), NULL);

  return g_object_new (TRYGG_TYPE_FINDINGS_LIST, "store", store, NULL);
}

TryggStore *
trygg_findings_list_get_store (TryggFindingsList *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDINGS_LIST (self), NULL);

  return self->store;
}

static GListModel *
prepend_choice (GListModel *model,
                const char *label)
{
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(GtkStringList) first = gtk_string_list_new (NULL);

  gtk_string_list_append (first, label);
  g_list_store_append (parts, first);
  g_list_store_append (parts, model);
  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (parts)));
}

void
trygg_findings_list_set_store (TryggFindingsList *self,
                               TryggStore        *store)
{
  g_return_if_fail (TRYGG_IS_FINDINGS_LIST (self));
  g_return_if_fail (store == NULL || TRYGG_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);

  /* The rows hold the store too: make new ones. */
  if (store != NULL)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
      gtk_grid_view_set_factory (self->list_view, factory);
    }

  self->resetting = TRUE;
  gtk_drop_down_set_model (self->walk_dropdown, NULL);
  gtk_drop_down_set_model (self->actor_filter, NULL);
  gtk_drop_down_set_model (self->category_filter, NULL);
  g_clear_object (&self->walk_choices);
  g_clear_object (&self->actor_choices);
  g_clear_object (&self->category_choices);
  if (store != NULL)
    {
      self->walk_choices = prepend_choice (trygg_store_get_walks (store), _("All walks"));
      self->actor_choices = trygg_actor_choice_model_new (store, _("Any responsible actor"));
      self->category_choices = prepend_choice (trygg_store_get_categories (store), _("Any category"));
      gtk_drop_down_set_model (self->walk_dropdown, self->walk_choices);
      gtk_drop_down_set_model (self->actor_filter, self->actor_choices);
      gtk_drop_down_set_model (self->category_filter, self->category_choices);
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (trygg_store_get_findings (store), "items-changed",
                               G_CALLBACK (model_items_changed_cb), self, G_CONNECT_SWAPPED);
    }
  self->resetting = FALSE;

  trygg_findings_list_clear_filters (self);
  trygg_finding_view_set_model (self->view, store != NULL ? trygg_store_get_findings (store) : NULL);
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

GListModel *
trygg_findings_list_get_model (TryggFindingsList *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDINGS_LIST (self), NULL);

  return G_LIST_MODEL (self->view);
}

TryggFinding *
trygg_findings_list_get_selected_finding (TryggFindingsList *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDINGS_LIST (self), NULL);

  return self->selected;
}

void
trygg_findings_list_set_selected_finding (TryggFindingsList *self,
                                          TryggFinding      *finding)
{
  guint pos = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (TRYGG_IS_FINDINGS_LIST (self));
  g_return_if_fail (finding == NULL || TRYGG_IS_FINDING (finding));

  if (finding != NULL)
    pos = position_of (G_LIST_MODEL (self->view), finding);
  gtk_single_selection_set_selected (self->selection, pos);
  /* GTK 4.8 has no gtk_list_view_scroll_to(); its list views do have this
   * action (the one keyboard navigation uses). */
  if (pos != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", pos);
  update_selected (self);
}

void
trygg_findings_list_set_search_text (TryggFindingsList *self,
                                     const char        *text)
{
  g_return_if_fail (TRYGG_IS_FINDINGS_LIST (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  search_changed_cb (self);
}

static void
select_actor_position (TryggFindingsList *self,
                       const char        *actor_id)
{
  if (self->actor_choices != NULL)
    gtk_drop_down_set_selected (self->actor_filter,
                                trygg_actor_choice_position (self->actor_choices, actor_id));
}

const char *
trygg_findings_list_get_walk_id (TryggFindingsList *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDINGS_LIST (self), NULL);

  return trygg_finding_query_get_walk_id (self->query);
}

void
trygg_findings_list_set_walk_id (TryggFindingsList *self,
                                 const char        *walk_id)
{
  guint pos = 0;

  g_return_if_fail (TRYGG_IS_FINDINGS_LIST (self));

  if (self->walk_choices != NULL && walk_id != NULL)
    {
      TryggWalk *walk = trygg_store_lookup_walk (self->store, walk_id);

      if (walk != NULL)
        pos = position_of (self->walk_choices, walk);
      if (pos == GTK_INVALID_LIST_POSITION)
        pos = 0;
    }
  gtk_drop_down_set_selected (self->walk_dropdown, pos);
}

void
trygg_findings_list_set_actor_id (TryggFindingsList *self,
                                  const char        *actor_id)
{
  g_return_if_fail (TRYGG_IS_FINDINGS_LIST (self));

  select_actor_position (self, actor_id);
}

void
trygg_findings_list_set_status_mask (TryggFindingsList *self,
                                     guint              mask)
{
  g_return_if_fail (TRYGG_IS_FINDINGS_LIST (self));

  self->resetting = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (self->status_checks); i++)
    gtk_check_button_set_active (self->status_checks[i], (mask & (1u << i)) != 0);
  self->resetting = FALSE;
  read_filters (self);
}

void
trygg_findings_list_clear_filters (TryggFindingsList *self)
{
  g_return_if_fail (TRYGG_IS_FINDINGS_LIST (self));

  self->resetting = TRUE;
  gtk_drop_down_set_selected (self->walk_dropdown, 0);
  gtk_drop_down_set_selected (self->actor_filter, 0);
  gtk_drop_down_set_selected (self->category_filter, 0);
  gtk_drop_down_set_selected (self->priority_filter, 0);
  gtk_check_button_set_active (self->overdue_check, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (self->status_checks); i++)
    gtk_check_button_set_active (self->status_checks[i], FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->resetting = FALSE;

  g_clear_pointer (&self->search_text, g_free);
  trygg_finding_query_set_text (self->query, NULL);
  read_filters (self);
}

const char *
trygg_findings_list_get_count_text (TryggFindingsList *self)
{
  g_return_val_if_fail (TRYGG_IS_FINDINGS_LIST (self), NULL);

  return self->count_text;
}

void
trygg_findings_list_focus_search (TryggFindingsList *self)
{
  g_return_if_fail (TRYGG_IS_FINDINGS_LIST (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
