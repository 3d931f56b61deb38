/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-source.h"

G_BEGIN_DECLS

#define PDG_TYPE_LOCAL_SOURCE (pdg_local_source_get_type ())
G_DECLARE_FINAL_TYPE (PdgLocalSource, pdg_local_source, PDG, LOCAL_SOURCE, GObject)

/* Opens (creating or migrating) the database on a worker thread. */
void            pdg_local_source_open_async  (const char           *path,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
PdgLocalSource *pdg_local_source_open_finish (GAsyncResult         *result,
                                              GError              **error);
const char     *pdg_local_source_get_path    (PdgLocalSource       *self);

G_END_DECLS
