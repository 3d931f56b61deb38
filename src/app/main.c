/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: starts Pedigree. Everything else is in libpedigree-app, which the
 * UI tests link too. */
#include "config.h"

#include <glib/gi18n.h>

#include "pdg-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdgApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = pdg_application_new (G_APPLICATION_HANDLES_OPEN);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
