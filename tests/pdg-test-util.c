/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-test-util.c: what several test programs share. */
#include "config.h"

#include <glib/gstdio.h>

#include "pdg-test-util.h"

void
pdg_test_remove_database (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}
