/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-test-util.c: what several test programs share. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

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

void
pdg_test_assert_idle (gpointer sqlite_handle)
{
  sqlite3 *db = sqlite_handle;

  g_assert_cmpint (sqlite3_get_autocommit (db), !=, 0);
  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt != NULL; stmt = sqlite3_next_stmt (db, stmt))
    if (sqlite3_stmt_busy (stmt))
      g_error ("statement still running: %s", sqlite3_sql (stmt));
}
