/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pdg-store.h"

G_BEGIN_DECLS

/* One refused event batch or EPCIS capture document kept in the
 * failed-transaction queue (table server_failed), as the client sent it
 * or as an admin fixed it since. */
typedef struct
{
  gint64  id;               /* row id */
  char   *route;            /* owned; the path it was posted to, e.g. "/api/v1/events" */
  char   *actor;            /* owned; the token's holder who posted it ("" without tokens) */
  gint64  created_at;       /* Unix time, seconds, when it was refused first */
  gint64  updated_at;       /* Unix time, seconds, of the last change */
  char   *idempotency_key;  /* owned, nullable; the Idempotency-Key it came with */
  char   *content_type;     /* owned, nullable; without parameters */
  char   *request_sum;      /* owned; SHA-256 of the body as first sent (the key's request) */
  char   *body;             /* owned; the body now: as sent, or the admin's fix */
  guint   status;           /* the HTTP status of the last refusal */
  char   *problem;          /* owned; the last refusal, application/problem+json text */
  char   *state;            /* owned; "pending" or "resubmitted" */
  gint64  revision;         /* goes up with every change: the ETag */
} PdgServerFailed;

gboolean         pdg_server_failed_prepare   (PdgStore              *store,
                                              GError               **error);
gint64           pdg_server_failed_add       (PdgStore              *store,
                                              const char            *route,
                                              const char            *actor,
                                              const char            *idempotency_key,
                                              const char            *content_type,
                                              GBytes                *body,
                                              const char            *request_sum,
                                              guint                  status,
                                              GBytes                *problem,
                                              GError               **error);
PdgServerFailed *pdg_server_failed_get       (PdgStore              *store,
                                              gint64                 id,
                                              GError               **error);
GPtrArray       *pdg_server_failed_list      (PdgStore              *store,
                                              gboolean               all,
                                              guint                  limit,
                                              guint                  offset,
                                              GError               **error);
gboolean         pdg_server_failed_update    (PdgStore              *store,
                                              const char            *action,
                                              gint64                 id,
                                              GBytes                *body,
                                              const char            *content_type,
                                              guint                  status,
                                              GBytes                *problem,
                                              const char            *state,
                                              GError               **error);
gboolean         pdg_server_failed_delete    (PdgStore              *store,
                                              gint64                 id,
                                              GError               **error);

char            *pdg_server_failed_etag      (const PdgServerFailed *entry);
JsonNode        *pdg_server_failed_to_json   (const PdgServerFailed *entry,
                                              gboolean               with_body);
void             pdg_server_failed_free      (PdgServerFailed       *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgServerFailed, pdg_server_failed_free)

G_END_DECLS
