/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "trygg-finding-panel.h"
#include "trygg-findings-list.h"
#include "trygg-followup-view.h"
#include "trygg-map-view.h"
#include "trygg-store.h"
#include "trygg-window.h"

G_BEGIN_DECLS

/* The window is split in two files: trygg-window.c (layout, settings, files)
 * and trygg-window-data.c (the store: opening it, pins, edits, undo). */

struct _TryggWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *view_stack;
  TryggFollowupView    *followup_view;
  GtkToggleButton      *add_button;
  GtkStack             *main_stack;
  TryggMapView         *map_view;
  AdwFlap              *list_flap;
  AdwFlap              *panel_flap;
  TryggFindingsList    *findings_list;
  TryggFindingPanel    *finding_panel;
  AdwStatusPage        *error_page;

  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  guint                 progress_timeout;
  gboolean              closing;          /* closed during an import or export */
  GtkPrintOperation    *print_operation;  /* while printing */
  AdwToast             *undo_toast;       /* weak: the deletion toast on show */
  guint                 print_timeout;

  GtkWidget            *header_bar;
  GtkRevealer          *presentation_revealer;
  GtkPicture           *presentation_photo;
  GtkLabel             *presentation_title;
  GtkLabel             *presentation_meta;
  GtkLabel             *presentation_measures;
  GtkLabel             *presentation_position;
  GPtrArray            *presentation_order;   /* of TryggFinding, in walk and number order */
  guint                 presentation_index;
  gboolean              presenting;
  gboolean              list_was_revealed;
  gboolean              followup_was_shown;

  TryggStore           *store;          /* NULL when the database was refused */
  GListModel           *shown;          /* what the list shows, and so the map */
  TryggFinding         *selected;
  guint                 pins_idle;

  GSettings            *settings;
  GtkFileChooserNative *chooser;
  char                 *database_path;
  char                 *offline_map;
  gboolean              is_default_database;
};


void     trygg_window_data_class_init  (GtkWidgetClass *widget_class);
void     trygg_window_data_open        (TryggWindow    *self);
void     trygg_window_data_dispose     (TryggWindow    *self);
GtkFileChooserNative *trygg_window_new_chooser (TryggWindow          *self,
                                                const char           *title,
                                                GtkFileChooserAction  action,
                                                const char           *accept_label,
                                                const char           *filter_name,
                                                const char * const   *patterns,
                                                GCallback             response_cb);
char    *trygg_window_chooser_take_path   (TryggWindow    *self,
                                           int             response);
void     trygg_window_transfer_class_init (GtkWidgetClass *widget_class);
void     trygg_window_transfer_dispose    (TryggWindow    *self);
gboolean trygg_window_transfer_close      (TryggWindow    *self);
void     trygg_window_presentation_class_init (GtkWidgetClass *widget_class);
void     trygg_window_presentation_init       (TryggWindow    *self);
void     trygg_window_presentation_dispose    (TryggWindow    *self);
void     trygg_window_show_toast       (TryggWindow    *self,
                                        const char     *message);
void     trygg_window_show_error       (TryggWindow    *self,
                                        const char     *what,
                                        const GError   *error);

G_END_DECLS
