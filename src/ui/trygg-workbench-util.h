/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "trygg-store.h"

G_BEGIN_DECLS

/* Small helpers shared by the workbench widgets (list, panel, dialogs). */

/* The map's palette, so a pin and its row have the same colour. */
const char *trygg_status_colour            (TryggStatus     status);
/* A CSS class name for a status: "status-new", "status-fixed", … */
const char *trygg_status_css_class         (TryggStatus     status);

/* For widgets with a GtkBinLayout: their template's top widget is not a
 * bound child, so dispose must unparent it. */
void        trygg_widget_unparent_children (GtkWidget      *widget);

/* Installs the workbench's stylesheet on @widget's display, once. */
void        trygg_workbench_ensure_css     (GtkWidget      *widget);

/* Display name of an actor id, or NULL when none or unknown. */
const char *trygg_store_actor_name         (TryggStore     *store,
                                            const char     *actor_id);
const char *trygg_store_category_name      (TryggStore     *store,
                                            const char     *category_key);

/* A UTC ISO 8601 timestamp as local date and time in the user's locale,
 * e.g. "27 nov. 2026 14:05". Newly allocated; NULL in, "" out. */
char       *trygg_format_timestamp         (const char     *iso8601);
/* YYYY-MM-DD as a date in the user's locale (e.g. "15 dec. 2026"). */
char       *trygg_format_date              (const char     *ymd);
/* A toast that shows @text as it is: a toast's title is markup, and
 * messages quote names and file contents, which may hold & and <. */
AdwToast   *trygg_toast_new_text           (const char     *text);

/* GTK 4.8 reads out a GtkDropDown's accessible label on the drop-down
 * alone, and its toggle button, which takes the focus, as
 * "GtkToggleButton": the button is labelled by the drop-down. */
void        trygg_drop_down_label_button   (GtkDropDown    *drop_down);

/* What the undo toast says once @finding is deleted (transfer full). */
char       *trygg_deleted_message          (TryggFinding   *finding);

/* Today in local time as YYYY-MM-DD. */
char       *trygg_today_ymd                (void);

/* A model for choosing an actor: "No one" (a GtkStringObject) first, then
 * the store's actors (live). */
GListModel *trygg_actor_choice_model_new   (TryggStore     *store,
                                            const char     *none_label);
/* Position in such a model of @actor_id (0 for NULL / unknown). */
guint       trygg_actor_choice_position    (GListModel     *model,
                                            const char     *actor_id);
/* The actor id at @position, or NULL for the "No one" entry. */
const char *trygg_actor_choice_id          (GListModel     *model,
                                            guint           position);

/* An expression giving the name of a TryggActor, TryggCategory, TryggWalk
 * or GtkStringObject: set on a GtkDropDown it labels the items. */
GtkExpression *trygg_name_expression_new  (void);

/* The first line of @error for the user: store errors are already full
 * Swedish sentences; anything else is wrapped in @context. */
char       *trygg_error_message            (const GError   *error,
                                            const char     *context);

G_END_DECLS
