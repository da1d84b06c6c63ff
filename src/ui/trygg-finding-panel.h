/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "trygg-store.h"

G_BEGIN_DECLS

#define TRYGG_TYPE_FINDING_PANEL (trygg_finding_panel_get_type ())

G_DECLARE_FINAL_TYPE (TryggFindingPanel, trygg_finding_panel, TRYGG, FINDING_PANEL, GtkWidget)

GtkWidget    *trygg_finding_panel_new            (TryggStore        *store);
TryggStore   *trygg_finding_panel_get_store      (TryggFindingPanel *self);
void          trygg_finding_panel_set_store      (TryggFindingPanel *self,
                                                  TryggStore        *store);
TryggFinding *trygg_finding_panel_get_finding    (TryggFindingPanel *self);
/* Stores what is still being typed for the previous finding first. */
void          trygg_finding_panel_set_finding    (TryggFindingPanel *self,
                                                  TryggFinding      *finding);
/* Puts the keyboard in the title, for a finding just made. */
void          trygg_finding_panel_focus_title    (TryggFindingPanel *self);
/* Writes a title, description or measure text still being typed (call
 * before the window closes or the database changes). */
void          trygg_finding_panel_commit_edits   (TryggFindingPanel *self);
/* Reads @file and adds it as a photo; a file that is not a JPEG or PNG
 * image is refused with a "message". */
void          trygg_finding_panel_add_photo_file (TryggFindingPanel *self,
                                                  GFile             *file);

G_END_DECLS
