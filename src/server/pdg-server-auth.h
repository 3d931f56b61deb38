/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a token may do; each role may do everything the one below it may. */
typedef enum
{
  PDG_ROLE_NONE = 0,
  PDG_ROLE_VIEWER = 1,   /* read: GET, recall queries */
  PDG_ROLE_PLANNER = 2,  /* + registrations and event batches */
  PDG_ROLE_ADMIN = 3,    /* + blocking units, everything */
} PdgRole;

#define PDG_SERVER_AUTH_ERROR (pdg_server_auth_error_quark ())

typedef enum
{
  PDG_SERVER_AUTH_ERROR_INVALID,  /* a line of the token file cannot be read */
} PdgServerAuthError;

#define PDG_TYPE_SERVER_AUTH (pdg_server_auth_get_type ())
G_DECLARE_FINAL_TYPE (PdgServerAuth, pdg_server_auth, PDG, SERVER_AUTH, GObject)

GQuark         pdg_server_auth_error_quark   (void);

PdgServerAuth *pdg_server_auth_new_from_file (const char     *path,
                                              GError        **error);
PdgServerAuth *pdg_server_auth_new_from_data (const char     *text,
                                              GError        **error);
guint          pdg_server_auth_get_n_tokens  (PdgServerAuth  *self);
gboolean       pdg_server_auth_lookup        (PdgServerAuth  *self,
                                              const char     *token,
                                              PdgRole        *role,
                                              const char    **name);

const char    *pdg_role_to_string            (PdgRole         role);
gboolean       pdg_role_from_string          (const char     *text,
                                              PdgRole        *out);

G_END_DECLS
