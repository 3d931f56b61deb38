/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Between PdgServer (HTTP, threads, auth) and its route handlers
 * (pdg-server-handlers.c): a request as plain values, the handler's answer,
 * and what the handlers share. Handlers run on a worker thread, each with a
 * context of its own (the writer's, with the server's lock held, or a
 * reader's); they never touch libsoup. */

#include <json-glib/json-glib.h>

#include "pdg-problem.h"
#include "pdg-server.h"

G_BEGIN_DECLS

typedef struct
{
  PdgStore   *store;      /* owned; the writer's (lock held) or a reader's read-only one */
  GHashTable *registers;  /* owned; order id -> PdgRegister session; the writer's only (NULL on readers) */
} PdgServerContext;

typedef struct
{
  char        *method;           /* owned */
  char        *path;             /* owned; as sent, still percent-encoded */
  GPtrArray   *params;           /* owned; the {name} segments, decoded, in order */
  GHashTable  *query;            /* owned; name -> value, decoded */
  GBytes      *body;             /* owned, nullable */
  char        *content_type;     /* owned, nullable; without parameters */
  char        *if_match;         /* owned, nullable */
  char        *if_none_match;    /* owned, nullable */
  char        *idempotency_key;  /* owned, nullable */
  char        *user;             /* owned, nullable; the token's name (NULL without tokens) */
  PdgRole      role;
} PdgServerRequest;

typedef struct
{
  guint       status;
  char       *content_type;  /* owned */
  GBytes     *body;          /* owned */
  GHashTable *headers;       /* owned; extra response headers, name -> value */
} PdgServerResponse;

typedef PdgServerResponse *(*PdgServerHandler) (PdgServerContext       *ctx,
                                                const PdgServerRequest *request);

void               pdg_server_request_free     (PdgServerRequest  *request);
PdgServerResponse *pdg_server_response_new     (guint              status,
                                                const char        *content_type,
                                                GBytes            *body);
PdgServerResponse *pdg_server_response_problem (PdgProblem        *problem);
void               pdg_server_response_free    (PdgServerResponse *response);

/* Creates what the handlers keep beside the data (the idempotency keys). */
gboolean           pdg_server_context_prepare  (PdgServerContext  *ctx,
                                                GError           **error);

extern const PdgServerRoute pdg_server_routes[];
extern const guint          pdg_server_n_routes;

/* The handlers of routes that only read; they run on the readers. */
extern const gpointer       pdg_server_read_handlers[];
extern const guint          pdg_server_n_read_handlers;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgServerRequest, pdg_server_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgServerResponse, pdg_server_response_free)

G_END_DECLS
