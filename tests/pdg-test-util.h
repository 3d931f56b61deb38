/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes a database file with its -wal and -shm companions. */
void pdg_test_remove_database (const char *path);

/* Asserts the connection is idle: autocommit on, no statement mid-step
 * (a busy statement would pin an old snapshot and block checkpoints). */
void pdg_test_assert_idle     (gpointer    sqlite_handle);

G_END_DECLS
