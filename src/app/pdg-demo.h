/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How many units the demo database has. */
#define PDG_DEMO_UNITS 5000

/* Called on the main context of the caller of pdg_demo_generate_async(),
 * with 0..1, until the async callback has run. */
typedef void (*PdgDemoProgress) (double   fraction,
                                 gpointer user_data);

char     *pdg_demo_dup_default_path (void);
void      pdg_demo_generate_async   (const char           *path,
                                     guint64               n_units,
                                     PdgDemoProgress       progress,
                                     gpointer              progress_data,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean  pdg_demo_generate_finish  (GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
