/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes a database file with its -wal and -shm companions. */
void pdg_test_remove_database (const char *path);

G_END_DECLS
