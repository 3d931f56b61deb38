/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-cli-trace.c: `pedigree-cli trace`, a genealogy on standard output.
 *
 * Resolves the unit, runs pdg_trace() and prints it in the chosen format:
 * an indented tree (text), the JSON mapping, CSV or Graphviz DOT. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pdg-cli.h"
#include "pdg-export.h"
#include "pdg-json.h"
#include "pdg-trace.h"

int
pdg_cli_trace (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(PdgUnit) unit = NULL;
  g_autoptr(PdgGenealogy) g = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  g_autofree char *depth_arg = NULL;
  g_autofree char *nodes_arg = NULL;
  g_autofree char *output = NULL;
  gboolean backward = FALSE;
  gboolean forward = FALSE;
  gboolean events = FALSE;
  PdgTraceOptions options = { 0 };
  guint64 n;
  int rc;
  GOptionEntry entries[] = {
    { "backward", 'b', 0, G_OPTION_ARG_NONE, &backward, N_("As built: what the unit is made of"), NULL },
    { "forward", 'f', 0, G_OPTION_ARG_NONE, &forward, N_("Where used: what the unit went into"), NULL },
    { "depth", 'd', 0, G_OPTION_ARG_STRING, &depth_arg, N_("Follow at most N levels (default: all)"), "N" },
    { "max-nodes", 0, 0, G_OPTION_ARG_STRING, &nodes_arg, N_("Stop after N units (default: no limit)"), "N" },
    { "events", 'e', 0, G_OPTION_ARG_NONE, &events, N_("Include every unit's events (JSON)"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("text (default), json, csv or dot"), "FORMAT" },
    { NULL }
  };

  context = g_option_context_new (_("DB ID — trace a unit’s genealogy backward or forward"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = pdg_cli_parse (context, &argc, &argv)) != PDG_CLI_OK)
    return rc;

  if (argc != 3)
    return pdg_cli_usage (context, _("trace needs a database file and a unit ID"));
  if (backward == forward)
    return pdg_cli_usage (context, _("choose one of --backward or --forward"));
  if (depth_arg != NULL)
    {
      if (!g_ascii_string_to_unsigned (depth_arg, 10, 1, G_MAXUINT, &n, NULL))
        return pdg_cli_usage (context, _("--depth needs a whole number above zero"));
      options.max_depth = (guint) n;
    }
  if (nodes_arg != NULL)
    {
      if (!g_ascii_string_to_unsigned (nodes_arg, 10, 1, G_MAXUINT, &n, NULL))
        return pdg_cli_usage (context, _("--max-nodes needs a whole number above zero"));
      options.max_nodes = (guint) n;
    }
  if (format == NULL)
    format = g_strdup ("text");
  if (!g_strv_contains ((const char *[]) { "text", "json", "csv", "dot", NULL }, format))
    return pdg_cli_usage (context, _("--format is one of text, json, csv or dot"));
  options.with_events = events;

  store = pdg_cli_open_store (argv[1]);
  if (store == NULL)
    return PDG_CLI_FAILED;

  unit = pdg_store_resolve_unit (store, argv[2], &error);
  if (unit == NULL)
    return pdg_cli_fail ("%s", error->message);

  g = pdg_trace (store, &unit->id, 1, backward ? PDG_DIRECTION_BACKWARD : PDG_DIRECTION_FORWARD,
                 &options, NULL, &error);
  if (g == NULL)
    return pdg_cli_fail ("%s", error->message);

  if (g_str_equal (format, "json"))
    {
      g_autoptr(JsonNode) node = pdg_json_from_genealogy (g);
      g_autofree char *text = pdg_json_to_string (node, TRUE);

      output = g_strconcat (text, "\n", NULL);
    }
  else if (g_str_equal (format, "csv"))
    output = pdg_export_genealogy_csv (g);
  else if (g_str_equal (format, "dot"))
    output = pdg_export_genealogy_dot (g);
  else
    output = pdg_export_genealogy_text (g);

  fwrite (output, 1, strlen (output), stdout);
  return PDG_CLI_OK;
}
