/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-cli-generate.c: `pedigree-cli generate`, a realistic demo database.
 *
 * Thin wrapper over pdg_generate(); prints what was written and how fast,
 * which is the figure the generator's benchmark reports. */
#include "config.h"

#include <inttypes.h>

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pdg-cli.h"
#include "pdg-generator.h"

static void
print_progress (double   fraction,
                gpointer user_data)
{
  g_printerr ("\r%s %3.0f%%", _("Generating…"), fraction * 100.0);
}

static gboolean
parse_count (const char *text,
             guint64    *out)
{
  guint64 n;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT64, &n, NULL))
    return FALSE;
  *out = n;
  return TRUE;
}

int
pdg_cli_generate (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *units_text = NULL;
  g_autofree char *rows_text = NULL;
  g_autofree char *rate_text = NULL;
  g_autofree char *fanout_text = NULL;
  g_autofree char *units_arg = NULL;
  g_autofree char *seed_arg = NULL;
  PdgGeneratorStats stats = { 0 };
  guint64 n_units = 0;
  guint64 seed = 1;
  gboolean quiet = FALSE;
  int rc;
  GOptionEntry entries[] = {
    { "units", 'n', 0, G_OPTION_ARG_STRING, &units_arg, N_("Number of units (serials and batches) to generate"), "N" },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &seed_arg, N_("Random seed; the same seed gives the same database (default 1)"), "S" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Do not show progress"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("OUT.db — create a realistic e-bike manufacturing database"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = pdg_cli_parse (context, &argc, &argv)) != PDG_CLI_OK)
    return rc;

  if (argc != 2)
    return pdg_cli_usage (context, _("generate needs exactly one output file"));
  if (!parse_count (units_arg, &n_units))
    return pdg_cli_usage (context, _("--units needs a whole number above zero, e.g. --units 5000"));
  if (seed_arg != NULL && !g_ascii_string_to_unsigned (seed_arg, 10, 0, G_MAXUINT32, &seed, NULL))
    return pdg_cli_usage (context, _("--seed needs a whole number from 0 to 4294967295"));

  if (!pdg_generate (argv[1], n_units, (guint32) seed,
                     (quiet || !isatty (STDERR_FILENO)) ? NULL : print_progress, NULL,
                     NULL, &stats, &error))
    {
      if (!quiet && isatty (STDERR_FILENO))
        g_printerr ("\n");
      return pdg_cli_fail ("%s", error->message);
    }
  if (!quiet && isatty (STDERR_FILENO))
    g_printerr ("\r");

  units_text = pdg_format_count (stats.units);
  rows_text = pdg_format_count (stats.rows);
  rate_text = pdg_format_count ((guint64) (stats.seconds > 0 ? stats.rows / stats.seconds : 0));
  fanout_text = pdg_format_count (stats.fanout_finished);

  g_print (_("Wrote %s: %s units, %s rows in %.1f s (%s rows/s), %.1f MB\n"),
           argv[1], units_text, rows_text, stats.seconds, rate_text,
           stats.file_bytes / 1e6);
  if (stats.fanout_unit > 0)
    g_print (_("Widest recall fan-out: unit %" PRId64 " feeds %s finished units\n"),
             stats.fanout_unit, fanout_text);

  return PDG_CLI_OK;
}
