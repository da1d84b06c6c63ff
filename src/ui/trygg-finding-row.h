/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "trygg-store.h"

G_BEGIN_DECLS

#define TRYGG_TYPE_FINDING_ROW (trygg_finding_row_get_type ())

G_DECLARE_FINAL_TYPE (TryggFindingRow, trygg_finding_row, TRYGG, FINDING_ROW, GtkWidget)

GtkWidget    *trygg_finding_row_new         (TryggStore      *store);
TryggFinding *trygg_finding_row_get_finding (TryggFindingRow *self);
void          trygg_finding_row_set_finding (TryggFindingRow *self,
                                             TryggFinding    *finding);

G_END_DECLS
