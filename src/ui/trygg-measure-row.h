/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "trygg-store.h"

G_BEGIN_DECLS

#define TRYGG_TYPE_MEASURE_ROW (trygg_measure_row_get_type ())

G_DECLARE_FINAL_TYPE (TryggMeasureRow, trygg_measure_row, TRYGG, MEASURE_ROW, GtkListBoxRow)

/* One measure on a finding's checklist, edited in place: every change is
 * written to @store at once (text and comment on Enter or when the field
 * loses focus), each one undo step. */
GtkWidget       *trygg_measure_row_new         (TryggStore      *store,
                                                TryggActionItem *measure);
TryggActionItem *trygg_measure_row_get_measure (TryggMeasureRow *self);
/* Writes a text or comment still being typed. */
void             trygg_measure_row_commit      (TryggMeasureRow *self);
/* Whether the row can move up and down. */
void             trygg_measure_row_set_ends    (TryggMeasureRow *self,
                                                gboolean         first,
                                                gboolean         last);

G_END_DECLS
