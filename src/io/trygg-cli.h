/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs --import or --export (with --database, --walk, --actor) from the
 * parsed command-line options, in this process and without a window.
 * Prints one summary line on stdout, or one error line on stderr, and
 * returns the exit status (0 or 1). */
int trygg_cli_run (GVariantDict *options);

G_END_DECLS
