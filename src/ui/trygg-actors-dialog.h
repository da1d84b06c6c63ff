/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "trygg-store.h"

G_BEGIN_DECLS

#define TRYGG_TYPE_ACTORS_DIALOG (trygg_actors_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TryggActorsDialog, trygg_actors_dialog, TRYGG, ACTORS_DIALOG, AdwWindow)

/* The actors: add, rename, colour and contact person, merge two into one,
 * delete (asking who takes over). Every change is stored at once. */
GtkWindow *trygg_actors_dialog_new (TryggStore *store,
                                    GtkWindow  *parent);

/* The actions the dialog offers on one actor, for tests and for the lead's
 * window: delete @actor and give what was theirs to @heir (NULL: no one). */
gboolean   trygg_actors_dialog_delete_actor (TryggActorsDialog *self,
                                             TryggActor        *actor,
                                             TryggActor        *heir);

G_END_DECLS
