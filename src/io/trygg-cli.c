/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "trygg-cli.h"
#include "trygg-report-export.h"
#include "trygg-transfer.h"

typedef struct
{
  const char *label;
  gint64      started;
  int         shown;     /* last percentage printed, -1 for none */
} Progress;

/* Only on a terminal, and only once the work has taken long enough for a
 * person to wonder; scripts reading stderr get nothing but errors. */
static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;
  int percent = (int) (CLAMP (fraction, 0.0, 1.0) * 100);

  if (percent == progress->shown ||
      g_get_monotonic_time () - progress->started < G_USEC_PER_SEC / 4)
    return;
  progress->shown = percent;
  fprintf (stderr, "\r%s %3d %%", progress->label, percent);
  fflush (stderr);
}

static void
progress_end (Progress *progress)
{
  if (progress->shown >= 0)
    fputs ("\r\033[K", stderr);
}

static int
fail (GError *error)
{
  g_autofree char *line = g_strdup (error->message);

  /* One line, whatever the message holds: scripts read it as one. */
  g_strdelimit (line, "\r\n", ' ');
  g_printerr ("%s\n", line);
  return EXIT_FAILURE;
}

static char *
default_database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "trygghetskarta", "trygghetskarta.db", NULL);
}

static gboolean
is_pdf (const char *path)
{
  g_autofree char *lower = g_utf8_strdown (path, -1);

  return g_str_has_suffix (lower, ".pdf");
}

/* The offline map chosen in Preferences, if the settings schema is there
 * (it is not when the program runs from a build tree without it). */
static char *
remembered_offline_map (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *path = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL)
    return NULL;

  settings = g_settings_new_full (schema, NULL, NULL);
  path = g_settings_get_string (settings, "offline-map");
  return path[0] != '\0' ? g_steal_pointer (&path) : NULL;
}

int
trygg_cli_run (GVariantDict *options)
{
  g_autoptr(TryggDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  g_autofree char *import_path = NULL;
  g_autofree char *export_path = NULL;
  g_autofree char *walk = NULL;
  g_autofree char *actor = NULL;
  Progress progress = { NULL, g_get_monotonic_time (), -1 };
  gboolean terminal = isatty (STDERR_FILENO);
  gboolean ok;

  g_return_val_if_fail (options != NULL, EXIT_FAILURE);

  g_variant_dict_lookup (options, "database", "^ay", &database);
  g_variant_dict_lookup (options, "import", "^ay", &import_path);
  g_variant_dict_lookup (options, "export", "^ay", &export_path);
  g_variant_dict_lookup (options, "walk", "s", &walk);
  g_variant_dict_lookup (options, "actor", "s", &actor);

  if (import_path != NULL && export_path != NULL)
    {
      g_printerr ("%s\n", _("Use either --import or --export, not both at once."));
      return EXIT_FAILURE;
    }
  if (actor != NULL && export_path == NULL)
    {
      g_printerr ("%s\n", _("--actor only applies to --export."));
      return EXIT_FAILURE;
    }

  if (database == NULL)
    database = default_database_path ();
  /* A database the command line creates starts empty: the example walk and
   * the default actors are the window's welcome, not a script's. */
  db = trygg_database_open (database, &error);
  if (db == NULL)
    return fail (error);

  if (import_path != NULL)
    {
      g_autofree char *summary = NULL;

      progress.label = _("Importing…");
      ok = trygg_transfer_import_file (db, import_path, walk,
                                       terminal ? progress_cb : NULL, &progress,
                                       NULL, &summary, &error);
      progress_end (&progress);
      if (!ok)
        return fail (error);
      g_print ("%s\n", summary);
      fflush (stdout);
      /* Closing would do it too, but only as the last connection to the
       * file: with the window open, its next edit would. */
      if (!trygg_database_checkpoint (db, &error))
        g_warning ("Could not checkpoint the database after the import: %s", error->message);
    }
  else
    {
      guint count = 0;

      progress.label = _("Exporting…");
      if (is_pdf (export_path))
        {
          g_autofree char *offline_map = NULL;

          g_variant_dict_lookup (options, "offline-map", "^ay", &offline_map);
          if (offline_map == NULL)
            offline_map = remembered_offline_map ();
          ok = trygg_report_export_file (db, export_path, walk, actor, offline_map,
                                         terminal ? progress_cb : NULL, &progress,
                                         &count, &error);
        }
      else
        {
          ok = trygg_transfer_export_file (db, export_path, walk, actor,
                                           terminal ? progress_cb : NULL, &progress,
                                           &count, &error);
        }
      progress_end (&progress);
      if (!ok)
        return fail (error);
      g_print (ngettext ("Exported %u finding to “%s”.", "Exported %u findings to “%s”.", count),
               count, export_path);
      g_print ("\n");
    }

  return EXIT_SUCCESS;
}
