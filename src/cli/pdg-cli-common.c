/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-cli-common.c: what every pedigree-cli subcommand shares.
 *
 * Errors are one line on stderr ("pedigree-cli: …") and a non-zero exit:
 * 1 when the work failed, 2 when the command line was wrong. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pdg-cli.h"

int
pdg_cli_fail (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Keep it one line: a message may quote user text with line breaks. */
  g_strdelimit (message, "\r\n", ' ');
  g_printerr ("pedigree-cli: %s\n", message);
  return PDG_CLI_FAILED;
}

int
pdg_cli_usage (GOptionContext *context,
               const char     *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_strdelimit (message, "\r\n", ' ');
  g_printerr ("pedigree-cli: %s (see --help)\n", message);
  return PDG_CLI_USAGE;
}

/* Parses options; returns PDG_CLI_OK or the exit code to return. */
int
pdg_cli_parse (GOptionContext   *context,
               int              *argc,
               char           ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    return pdg_cli_usage (context, "%s", error->message);
  return PDG_CLI_OK;
}

/* Opens an existing database for a command that reads or changes it;
 * prints the error and returns NULL otherwise (never creates a file). */
PdgStore *
pdg_cli_open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  PdgStore *store;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      pdg_cli_fail (_("No database at “%s”. Create one with: pedigree-cli generate --units 5000 %s"),
                    path, path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      pdg_cli_fail (_("“%s” is a folder, not a database file."), path);
      return NULL;
    }

  store = pdg_store_open (path, &error);
  if (store == NULL)
    pdg_cli_fail ("%s", error->message);
  return store;
}
