/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Printing the follow-up report: a GtkPrintOperation whose pages are the
 * report engine's own (trygg_report_pager_*), scaled from A4 points to the
 * paper. The findings are read when printing begins, on a connection of
 * its own to @database_path. */

#define TRYGG_TYPE_PRINT_OPERATION (trygg_print_operation_get_type ())
G_DECLARE_FINAL_TYPE (TryggPrintOperation, trygg_print_operation, TRYGG, PRINT_OPERATION, GtkPrintOperation)

TryggPrintOperation *trygg_print_operation_new          (const char          *database_path,
                                                         const char          *offline_map);
/* The actor whose handout is printed, or NULL for the whole report. */
void                 trygg_print_operation_set_actor    (TryggPrintOperation *self,
                                                         const char          *actor_name);
/* Offers the choice of handout in the print dialog: "" for everything or
 * an actor's name, as @labels shows them. */
void                 trygg_print_operation_offer_actors (TryggPrintOperation *self,
                                                         GStrv                names);
/* How far printing has come, 0 to 1: counting pages, then drawing them. */
double               trygg_print_operation_get_fraction (TryggPrintOperation *self);
/* The reason printing stopped before it began (the findings could not be
 * read), as a sentence for the user; NULL otherwise. */
const GError        *trygg_print_operation_get_failure  (TryggPrintOperation *self);

G_END_DECLS
