/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-cli-info.c: `pedigree-cli info DB`, schema version and row counts. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pdg-cli.h"

int
pdg_cli_info (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PdgStore) store = NULL;
  const char * const *tables = pdg_store_table_names ();
  GStatBuf st;
  int rc;

  context = g_option_context_new (_("DB — show the schema version and the rows in each table"));
  if ((rc = pdg_cli_parse (context, &argc, &argv)) != PDG_CLI_OK)
    return rc;
  if (argc != 2)
    return pdg_cli_usage (context, _("info needs exactly one database file"));

  store = pdg_cli_open_store (argv[1]);
  if (store == NULL)
    return PDG_CLI_FAILED;

  g_print ("%-18s %s\n", _("Database:"), argv[1]);
  if (g_stat (argv[1], &st) == 0)
    g_print ("%-18s %.1f MB\n", _("File size:"), st.st_size / 1e6);
  g_print ("%-18s %d\n", _("Schema version:"), pdg_store_get_schema_version (store));

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *count = NULL;
      gint64 n = pdg_store_count_rows (store, tables[i], &error);

      if (n < 0)
        return pdg_cli_fail ("%s", error->message);
      count = pdg_format_count ((guint64) n);
      g_print ("%-18s %15s\n", tables[i], count);
    }

  return PDG_CLI_OK;
}
