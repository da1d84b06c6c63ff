/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "trygg-store.h"

G_BEGIN_DECLS

#define TRYGG_TYPE_WALK_DIALOG (trygg_walk_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TryggWalkDialog, trygg_walk_dialog, TRYGG, WALK_DIALOG, AdwWindow)

/* Creates a walk (@walk NULL) or edits @walk: name, date, day or evening,
 * area, participants (actors ticked plus other names). Emits "saved" with
 * the walk when it was stored, then closes. */
GtkWindow *trygg_walk_dialog_new  (TryggStore      *store,
                                   TryggWalk       *walk,
                                   GtkWindow       *parent);
/* What "Create"/"Done" does; FALSE (and a toast in the dialog) when the
 * store refused it, e.g. an empty name. */
gboolean   trygg_walk_dialog_save (TryggWalkDialog *self);

G_END_DECLS
