/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-production-page.c: (being written) */
#include "config.h"

#include <gtk/gtk.h>

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  return g_test_run ();
}
