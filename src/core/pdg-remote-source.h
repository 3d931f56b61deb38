/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-source.h"

G_BEGIN_DECLS

#define PDG_TYPE_REMOTE_SOURCE (pdg_remote_source_get_type ())
G_DECLARE_FINAL_TYPE (PdgRemoteSource, pdg_remote_source, PDG, REMOTE_SOURCE, GObject)

/* Checks that @url ("http://host:8080", with or without a final slash)
 * answers as pedigree-server and accepts @token (NULL or "" for a server
 * without tokens), then gives a source over it. Errors are in
 * PDG_SOURCE_ERROR: NETWORK, NOT_PEDIGREE, UNAUTHORIZED... */
void             pdg_remote_source_connect_async  (const char           *url,
                                                   const char           *token,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
PdgRemoteSource *pdg_remote_source_connect_finish (GAsyncResult         *result,
                                                   GError              **error);
const char      *pdg_remote_source_get_url        (PdgRemoteSource      *self);

G_END_DECLS
