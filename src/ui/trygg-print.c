/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "trygg-print.h"
#include "trygg-report-export.h"
#include "trygg-report.h"

/* The print dialog comes first; the findings are read and the pages
 * counted afterwards, a few findings per "paginate" call so that the
 * progress dialog stays responsive and can cancel. Each page is then drawn
 * by the same engine that writes the PDF: no second layout. */

/* Findings laid out per paginate call: about 30 ms. */
#define FINDINGS_PER_STEP 10
/* Share of the progress spent counting pages. */
#define PAGINATE_SHARE 0.3

struct _TryggPrintOperation
{
  GtkPrintOperation  parent_instance;

  char              *database_path;
  char              *offline_map;
  char              *actor;
  GStrv              offered;      /* actors offered in the dialog, or NULL */
  GtkDropDown       *actor_choice; /* in the dialog's own tab */

  TryggReportSource *source;
  TryggReportPager  *pager;
  double             fraction;
  GError            *failure;
};

G_DEFINE_FINAL_TYPE (TryggPrintOperation, trygg_print_operation, GTK_TYPE_PRINT_OPERATION)

static void
trygg_print_operation_begin_print (GtkPrintOperation *operation,
                                   GtkPrintContext   *context)
{
  TryggPrintOperation *self = TRYGG_PRINT_OPERATION (operation);
  g_autoptr(TryggDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  db = trygg_database_open (self->database_path, &error);
  if (db != NULL)
    self->source = trygg_report_source_new (db, NULL, self->actor, self->offline_map, &error);
  if (self->source == NULL)
    {
      g_set_error (&self->failure, error->domain, error->code,
                   _("The report could not be printed: %s"), error->message);
      gtk_print_operation_cancel (operation);
      return;
    }
  self->pager = trygg_report_pager_new (trygg_report_source_get_options (self->source));
}

static gboolean
trygg_print_operation_paginate (GtkPrintOperation *operation,
                                GtkPrintContext   *context)
{
  TryggPrintOperation *self = TRYGG_PRINT_OPERATION (operation);
  double fraction = 0;

  if (self->pager == NULL)
    return TRUE;

  if (!trygg_report_pager_paginate (self->pager, FINDINGS_PER_STEP, &fraction))
    {
      self->fraction = PAGINATE_SHARE * fraction;
      return FALSE;
    }
  self->fraction = PAGINATE_SHARE;
  gtk_print_operation_set_n_pages (operation, trygg_report_pager_get_n_pages (self->pager));
  return TRUE;
}

static void
trygg_print_operation_draw_page (GtkPrintOperation *operation,
                                 GtkPrintContext   *context,
                                 int                page_nr)
{
  TryggPrintOperation *self = TRYGG_PRINT_OPERATION (operation);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double scale = MIN (width / TRYGG_REPORT_A4_WIDTH, height / TRYGG_REPORT_A4_HEIGHT);
  int n_pages;

  if (self->pager == NULL)
    return;

  /* The paper may be other than A4 (Letter): the page is scaled to fit
   * and centred, never cropped. */
  cairo_save (cr);
  cairo_translate (cr, (width - TRYGG_REPORT_A4_WIDTH * scale) / 2, (height - TRYGG_REPORT_A4_HEIGHT * scale) / 2);
  cairo_scale (cr, scale, scale);
  trygg_report_pager_draw_page (self->pager, cr, page_nr);
  cairo_restore (cr);

  n_pages = trygg_report_pager_get_n_pages (self->pager);
  self->fraction = PAGINATE_SHARE + (1 - PAGINATE_SHARE) * MIN (1.0, (page_nr + 1.0) / n_pages);
}

static void
trygg_print_operation_end_print (GtkPrintOperation *operation,
                                 GtkPrintContext   *context)
{
  TryggPrintOperation *self = TRYGG_PRINT_OPERATION (operation);

  g_clear_pointer (&self->pager, trygg_report_pager_free);
  g_clear_pointer (&self->source, trygg_report_source_free);
  self->fraction = 1.0;
}

static GtkWidget *
trygg_print_operation_create_custom_widget (GtkPrintOperation *operation)
{
  TryggPrintOperation *self = TRYGG_PRINT_OPERATION (operation);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *box, *label;

  if (self->offered == NULL)
    return NULL;

  g_ptr_array_add (labels, (gpointer) _("Everything"));
  for (guint i = 0; self->offered[i] != NULL; i++)
    g_ptr_array_add (labels, self->offered[i]);
  g_ptr_array_add (labels, NULL);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  /* The dialog's tab is tall: keep the row at its natural height. */
  gtk_widget_set_valign (box, GTK_ALIGN_START);
  label = gtk_label_new_with_mnemonic (_("_Handout for"));
  self->actor_choice = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char * const *) labels->pdata));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->actor_choice));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->actor_choice));

  return box;
}

static void
trygg_print_operation_custom_widget_apply (GtkPrintOperation *operation,
                                           GtkWidget         *widget)
{
  TryggPrintOperation *self = TRYGG_PRINT_OPERATION (operation);
  guint selected;

  if (self->actor_choice == NULL)
    return;
  selected = gtk_drop_down_get_selected (self->actor_choice);
  trygg_print_operation_set_actor (self, selected > 0 && selected != GTK_INVALID_LIST_POSITION
                                   ? self->offered[selected - 1] : NULL);
  self->actor_choice = NULL;
}

static void
trygg_print_operation_finalize (GObject *object)
{
  TryggPrintOperation *self = TRYGG_PRINT_OPERATION (object);

  g_clear_pointer (&self->pager, trygg_report_pager_free);
  g_clear_pointer (&self->source, trygg_report_source_free);
  g_free (self->database_path);
  g_free (self->offline_map);
  g_free (self->actor);
  g_strfreev (self->offered);
  g_clear_error (&self->failure);

  G_OBJECT_CLASS (trygg_print_operation_parent_class)->finalize (object);
}

static void
trygg_print_operation_class_init (TryggPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *operation_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->finalize = trygg_print_operation_finalize;
  operation_class->begin_print = trygg_print_operation_begin_print;
  operation_class->paginate = trygg_print_operation_paginate;
  operation_class->draw_page = trygg_print_operation_draw_page;
  operation_class->end_print = trygg_print_operation_end_print;
  operation_class->create_custom_widget = trygg_print_operation_create_custom_widget;
  operation_class->custom_widget_apply = trygg_print_operation_custom_widget_apply;
}

static void
trygg_print_operation_init (TryggPrintOperation *self)
{
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (self);
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  /* The report is laid out for A4 with its own margins. */
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_show_progress (operation, TRUE);
  gtk_print_operation_set_job_name (operation, _("Follow-up report"));
  gtk_print_operation_set_custom_tab_label (operation, _("Report"));
}

TryggPrintOperation *
trygg_print_operation_new (const char *database_path,
                           const char *offline_map)
{
  TryggPrintOperation *self;

  g_return_val_if_fail (database_path != NULL, NULL);

  self = g_object_new (TRYGG_TYPE_PRINT_OPERATION, NULL);
  self->database_path = g_strdup (database_path);
  self->offline_map = g_strdup (offline_map);

  return self;
}

void
trygg_print_operation_set_actor (TryggPrintOperation *self,
                                 const char          *actor_name)
{
  g_return_if_fail (TRYGG_IS_PRINT_OPERATION (self));

  g_free (self->actor);
  self->actor = actor_name != NULL && *actor_name != '\0' ? g_strdup (actor_name) : NULL;
}

void
trygg_print_operation_offer_actors (TryggPrintOperation *self,
                                    GStrv                names)
{
  g_return_if_fail (TRYGG_IS_PRINT_OPERATION (self));

  g_strfreev (self->offered);
  self->offered = g_strdupv (names);
}

double
trygg_print_operation_get_fraction (TryggPrintOperation *self)
{
  g_return_val_if_fail (TRYGG_IS_PRINT_OPERATION (self), 0);

  return self->fraction;
}

const GError *
trygg_print_operation_get_failure (TryggPrintOperation *self)
{
  g_return_val_if_fail (TRYGG_IS_PRINT_OPERATION (self), NULL);

  return self->failure;
}
