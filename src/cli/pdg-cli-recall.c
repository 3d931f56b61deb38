/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-cli-recall.c: `pedigree-cli recall`, the impact of suspect material.
 *
 * Suspects are given as lots/serials (--lot, repeatable), or as a supplier
 * with a receipt date range, or an item with a production date range. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "pdg-cli.h"
#include "pdg-json.h"
#include "pdg-recall.h"

int
pdg_cli_recall (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(PdgRecallQuery) query = NULL;
  g_autoptr(PdgRecall) recall = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lots = NULL;
  g_autofree char *supplier = NULL;
  g_autofree char *item = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  guint n_ways;
  int rc;
  GOptionEntry entries[] = {
    { "lot", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &lots, N_("A suspect lot or serial (ITEM/LOT, LOT or id); repeat for more"), "ID" },
    { "supplier", 's', 0, G_OPTION_ARG_STRING, &supplier, N_("Everything this supplier (code or name) delivered from --from to --to"), "S" },
    { "item", 'i', 0, G_OPTION_ARG_STRING, &item, N_("Everything of this item produced from --from to --to"), "ITEM" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day, YYYY-MM-DD"), "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day, YYYY-MM-DD"), "DATE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("text (default), json, csv (impacted units) or fsma"), "FORMAT" },
    { NULL }
  };

  context = g_option_context_new (_("DB — who and what is impacted by suspect material"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = pdg_cli_parse (context, &argc, &argv)) != PDG_CLI_OK)
    return rc;

  if (argc != 2)
    return pdg_cli_usage (context, _("recall needs exactly one database file"));
  n_ways = (lots != NULL) + (supplier != NULL) + (item != NULL);
  if (n_ways != 1)
    return pdg_cli_usage (context, _("give suspects one way: --lot ID…, or --supplier S --from D --to D, or --item I --from D --to D"));
  if (lots == NULL && (from == NULL || to == NULL))
    return pdg_cli_usage (context, _("--supplier and --item need --from and --to"));
  if (format == NULL)
    format = g_strdup ("text");
  if (!g_strv_contains ((const char *[]) { "text", "json", "csv", "fsma", NULL }, format))
    return pdg_cli_usage (context, _("--format is one of text, json, csv or fsma"));

  store = pdg_cli_open_store (argv[1]);
  if (store == NULL)
    return PDG_CLI_FAILED;

  if (lots != NULL)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; lots[i] != NULL; i++)
        {
          g_autoptr(PdgUnit) unit = pdg_store_resolve_unit (store, lots[i], &error);

          if (unit == NULL)
            return pdg_cli_fail ("%s", error->message);
          g_array_append_val (ids, unit->id);
        }
      query = pdg_recall_query_new_units ((gint64 *) ids->data, ids->len);
    }
  else if (supplier != NULL)
    query = pdg_recall_query_new_supplier (supplier, from, to);
  else
    query = pdg_recall_query_new_item (item, from, to);

  recall = pdg_recall_run (store, query, NULL, &error);
  if (recall == NULL)
    return pdg_cli_fail ("%s", error->message);

  if (g_str_equal (format, "json"))
    {
      g_autoptr(JsonNode) node = pdg_json_from_recall (recall);
      g_autofree char *text = pdg_json_to_string (node, TRUE);

      output = g_strconcat (text, "\n", NULL);
    }
  else if (g_str_equal (format, "csv"))
    output = pdg_recall_to_csv (recall);
  else if (g_str_equal (format, "fsma"))
    {
      /* Streamed: the FSMA sheet of a big recall runs to hundreds of MB. */
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      if (!pdg_recall_write_fsma (store, recall, out, NULL, &error))
        return pdg_cli_fail ("%s", error->message);
      return PDG_CLI_OK;
    }
  else
    output = pdg_recall_to_text (recall);

  fwrite (output, 1, strlen (output), stdout);
  return PDG_CLI_OK;
}
