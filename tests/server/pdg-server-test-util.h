/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A real pedigree-server process over a generated database in a fresh
 * temporary directory, and a libsoup client session to talk to it. */
typedef struct
{
  char        *dir;      /* owned; the temporary directory */
  char        *db;       /* owned; the database file the server serves */
  char        *tokens;   /* owned, nullable; the token file it was given */
  char        *url;      /* owned; "http://127.0.0.1:PORT" without the final slash */
  GSubprocess *process;  /* owned */
  SoupSession *session;  /* owned */
  gint64       fanout;   /* the raw-material lot with the widest fan-out */
} PdgTestServer;

/* The tokens of pdg_test_server_start (..., TRUE). */
#define TOKEN_VIEWER  "viewer-token-0123456789"
#define TOKEN_PLANNER "planner-token-0123456789"
#define TOKEN_ADMIN   "admin-token-0123456789"
#define NAME_PLANNER  "Pat Planner"
#define NAME_ADMIN    "Ada Admin"

/* An HTTP exchange's outcome. */
typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;  /* owned (a reference) */
  GBytes             *body;     /* owned */
} PdgTestReply;

PdgTestServer *pdg_test_server_start      (guint64          units,
                                           gboolean         with_tokens);
void           pdg_test_server_stop       (PdgTestServer   *server);
void           pdg_test_server_kill       (PdgTestServer   *server);
char          *pdg_test_server_copy_db    (PdgTestServer   *server,
                                           const char      *name);

PdgTestReply  *pdg_test_http              (PdgTestServer   *server,
                                           const char      *method,
                                           const char      *path,
                                           const char      *token,
                                           const char      *body,
                                           const char      *first_header,
                                           ...);
const char    *pdg_test_reply_text        (PdgTestReply    *reply);
JsonNode      *pdg_test_reply_json        (PdgTestReply    *reply);
void           pdg_test_reply_free        (PdgTestReply    *reply);
void           pdg_test_assert_problem    (PdgTestReply    *reply,
                                           guint            status);

char          *pdg_test_json_string       (JsonNode        *node);
void           pdg_test_json_strip        (JsonNode        *node,
                                           const char * const *names);
char          *pdg_test_db_digest         (const char      *path);
void           pdg_test_db_assert_intact  (const char      *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgTestReply, pdg_test_reply_free)

G_END_DECLS
