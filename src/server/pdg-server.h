/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pdg-server-auth.h"
#include "pdg-store.h"

G_BEGIN_DECLS

/* Request bodies above this are refused with 413. */
#define PDG_SERVER_MAX_BODY (8 * 1024 * 1024)

/* Request headers (names and values together) above this are refused with
 * 431. libsoup itself drops the connection, unanswered, past 64 KiB. */
#define PDG_SERVER_MAX_HEADERS (16 * 1024)

/* One route of the API: METHOD and a path template whose {name} segments
 * match any one segment, and the least role that may use it. */
typedef struct
{
  const char *method;
  const char *path;     /* e.g. "/api/v1/units/{id}/trace" */
  PdgRole     role;
  gpointer    handler;  /* the server's own; not for callers */
} PdgServerRoute;

#define PDG_TYPE_SERVER (pdg_server_get_type ())
G_DECLARE_FINAL_TYPE (PdgServer, pdg_server, PDG, SERVER, GObject)

PdgServer            *pdg_server_new        (PdgStore         *store,
                                             PdgServerAuth    *auth,
                                             GError          **error);
PdgServer            *pdg_server_new_with_readers (PdgStore     *store,
                                                   PdgServerAuth *auth,
                                                   guint         n_readers,
                                                   GError      **error);
gboolean              pdg_server_listen     (PdgServer        *self,
                                             GInetAddress     *address,
                                             guint             port,
                                             GTlsCertificate  *certificate,
                                             GError          **error);
char                 *pdg_server_dup_url    (PdgServer        *self);
void                  pdg_server_shutdown   (PdgServer        *self);

const PdgServerRoute *pdg_server_get_routes (guint            *n_routes);

G_END_DECLS
