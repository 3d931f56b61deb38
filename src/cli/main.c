/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: pedigree-cli, the scriptable face of Pedigree.
 *
 * `pedigree-cli COMMAND [OPTIONS] ARGS`: each command lives in its own
 * pdg-cli-<command>.c and parses its own options. */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "pdg-cli.h"

typedef struct
{
  const char    *name;
  PdgCliCommand  run;
  const char    *summary;
} Command;

static const Command commands[] = {
  { "bench", pdg_cli_bench, N_("Measure trace, recall, GS1 and registration speed: bench DB [--samples N] [--lot ID] [--only trace|gs1|register] [--registrations N]") },
  { "bench-server", pdg_cli_bench_server, N_("Load a running pedigree-server: bench-server URL --db FILE [--token T] [--seconds N] [--connections C] [--malformed N]") },
  { "generate", pdg_cli_generate, N_("Create a realistic demo database: generate --units N [--seed S] OUT.db") },
  { "gs1", pdg_cli_gs1, N_("Read and check a GS1 barcode, element string or Digital Link: gs1 parse TEXT [--format text|json] [--fnc1 CHAR]") },
  { "info", pdg_cli_info, N_("Show the schema version and row counts: info DB") },
  { "unit", pdg_cli_unit, N_("Show a unit, its events, components and consumers: unit DB ID") },
  { "recall", pdg_cli_recall, N_("Recall impact: recall DB --lot ID… | --supplier S --from D --to D [--format text|json|csv|fsma]") },
  { "register", pdg_cli_register, N_("Register tracked components from scans on standard input: register DB --order ORDER [--user NAME] [--fnc1 CHAR]") },
  { "trace", pdg_cli_trace, N_("Trace a genealogy: trace DB ID --backward|--forward [--depth N] [--format text|json|csv|dot]") },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _("Usage: pedigree-cli COMMAND [OPTION…] ARGUMENTS"));
  g_print ("%s\n\n", _("Pedigree: product genealogy and traceability."));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("IDs are ITEM/SERIAL, ITEM/BATCH, a serial or batch number alone, or the internal unit id."));
  g_print ("%s\n", _("Run “pedigree-cli COMMAND --help” for a command’s options."));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("pedigree-cli");

  if (argc < 2)
    {
      print_help ();
      return PDG_CLI_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_help ();
      return PDG_CLI_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("pedigree-cli %s\n", PACKAGE_VERSION);
      return PDG_CLI_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        return commands[i].run (argc - 1, argv + 1);
    }

  g_printerr ("pedigree-cli: ");
  g_printerr (_("Unknown command “%s”; run “pedigree-cli --help” for the list of commands."), argv[1]);
  g_printerr ("\n");
  return PDG_CLI_USAGE;
}
