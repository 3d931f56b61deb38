/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-server.c: PdgServer, the HTTP side of pedigree-server.
 *
 * One SoupServer handler takes every request on the main context: it
 * matches the route table (pdg-server-handlers.c), checks the bearer token
 * and its role, copies what the handler needs into a PdgServerRequest, then
 * pauses the message and queues the handler for a worker thread.
 *
 * Writes go to the writer: one thread with the one read-write connection,
 * which takes its jobs in turn, so writes (and registration sessions, which
 * live in its context) keep the order they came in. Reads (the handlers in
 * pdg_server_read_handlers) go to the readers: a pool of N threads (one a
 * core by default) and N read-only connections, each job taking an idle
 * connection from a queue, so reads use every core and never wait for a
 * write. SQLite's WAL lets them read beside the writer; each read request
 * is one read transaction, a consistent snapshot of the last commit before
 * it began (so a client that got the answer to its write reads it back).
 * A long trace or recall keeps its worker but never the main loop, which
 * goes on accepting and answering. No thread waits on another's mutex:
 * with a pool on one shared connection, threads woke only to sleep again
 * on its lock (README, Performance). The worker's PdgServerResponse is
 * applied back on the main context, which unpauses the message.
 *
 * Bodies over PDG_SERVER_MAX_BODY are refused before they are kept: an
 * early handler checks Content-Length and counts chunked bodies as they
 * arrive, and stops accumulating them. Every finished request is one line
 * on stderr. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "pdg-server-private.h"

struct _PdgServer
{
  GObject           parent_instance;

  SoupServer       *soup;       /* owned */
  PdgServerAuth    *auth;       /* owned, nullable; NULL: every request allowed */
  PdgServerContext  ctx;        /* the writer's; its store and sessions only with `lock` held */
  GMutex            lock;
  GThreadPool      *worker;     /* owned; one exclusive thread runs the writes */
  GThreadPool      *readers;    /* owned, nullable; NULL: reads run on the writer too */
  PdgServerContext *reader_ctx; /* owned; n_readers contexts, each its own read-only store */
  guint             n_readers;
  GAsyncQueue      *idle;       /* owned; the reader contexts no job is using */
  GMainContext     *context;    /* owned; where answers are applied (the creator's) */
  guint             in_flight;  /* requests handed to workers, main context only */
  gboolean          stopping;
};

G_DEFINE_FINAL_TYPE (PdgServer, pdg_server, G_TYPE_OBJECT)

#define DATA_START "pdg-start"
#define DATA_USER "pdg-user"
#define DATA_TOO_LARGE "pdg-too-large"
#define DATA_RECEIVED "pdg-received"

/* ------------------------------------------------------------------------ */
/* Values                                                                    */

void
pdg_server_request_free (PdgServerRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->params, g_ptr_array_unref);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->content_type);
  g_free (request->if_match);
  g_free (request->if_none_match);
  g_free (request->idempotency_key);
  g_free (request->user);
  g_free (request);
}

PdgServerResponse *
pdg_server_response_new (guint       status,
                         const char *content_type,
                         GBytes     *body)
{
  PdgServerResponse *response = g_new0 (PdgServerResponse, 1);

  response->status = status;
  response->content_type = g_strdup (content_type);
  response->body = body;
  response->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return response;
}

PdgServerResponse *
pdg_server_response_problem (PdgProblem *problem)
{
  g_autoptr(PdgProblem) owned = problem;

  return pdg_server_response_new (problem->status, PDG_PROBLEM_CONTENT_TYPE,
                                  pdg_problem_to_bytes (problem));
}

void
pdg_server_response_free (PdgServerResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->content_type);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->headers, g_hash_table_unref);
  g_free (response);
}

/* ------------------------------------------------------------------------ */
/* The object                                                                */

static void
pdg_server_dispose (GObject *object)
{
  PdgServer *self = PDG_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (pdg_server_parent_class)->dispose (object);
}

static void
pdg_server_finalize (GObject *object)
{
  PdgServer *self = PDG_SERVER (object);

  /* Every job holds a reference, so none is queued by now. */
  if (self->worker != NULL)
    g_thread_pool_free (self->worker, FALSE, TRUE);
  if (self->readers != NULL)
    g_thread_pool_free (self->readers, FALSE, TRUE);
  g_clear_pointer (&self->idle, g_async_queue_unref);
  for (guint i = 0; i < self->n_readers; i++)
    g_clear_object (&self->reader_ctx[i].store);
  g_clear_pointer (&self->reader_ctx, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->ctx.registers, g_hash_table_unref);
  g_clear_object (&self->ctx.store);
  g_clear_object (&self->auth);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (pdg_server_parent_class)->finalize (object);
}

static void
pdg_server_class_init (PdgServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pdg_server_dispose;
  object_class->finalize = pdg_server_finalize;
}

static void
pdg_server_init (PdgServer *self)
{
  g_mutex_init (&self->lock);
  self->ctx.registers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

const PdgServerRoute *
pdg_server_get_routes (guint *n_routes)
{
  *n_routes = pdg_server_n_routes;
  return pdg_server_routes;
}

/* ------------------------------------------------------------------------ */
/* Answering                                                                 */

static void
apply_response (SoupServerMessage       *msg,
                const PdgServerResponse *response)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GHashTableIter iter;
  gpointer name, value;

  g_hash_table_iter_init (&iter, response->headers);
  while (g_hash_table_iter_next (&iter, &name, &value))
    soup_message_headers_replace (headers, name, value);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, response->status, NULL);
  if (response->body != NULL)
    {
      /* The bytes themselves, not a copy (a trace is hundreds of KB). */
      if (response->content_type != NULL)
        soup_message_headers_replace (headers, "Content-Type", response->content_type);
      soup_message_body_truncate (soup_server_message_get_response_body (msg));
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), response->body);
    }
}

static void
answer_problem (SoupServerMessage *msg,
                PdgProblem        *problem)
{
  g_autoptr(PdgServerResponse) response = pdg_server_response_problem (problem);

  apply_response (msg, response);
}

/* ------------------------------------------------------------------------ */
/* Routing                                                                   */

/* Matches @path against a route template; fills @params with the decoded
 * {name} segments. A segment that does not decode to UTF-8 never matches. */
static gboolean
match_path (const char *template,
            const char *path,
            GPtrArray  *params)
{
  g_auto(GStrv) want = g_strsplit (template, "/", -1);
  g_auto(GStrv) got = g_strsplit (path, "/", -1);
  guint n = g_strv_length (want);

  if (g_strv_length (got) != n)
    return FALSE;

  g_ptr_array_set_size (params, 0);
  for (guint i = 0; i < n; i++)
    {
      if (want[i][0] == '{')
        {
          g_autofree char *value = g_uri_unescape_string (got[i], NULL);

          if (value == NULL || *value == '\0' || !g_utf8_validate (value, -1, NULL))
            return FALSE;
          g_ptr_array_add (params, g_steal_pointer (&value));
        }
      else if (strcmp (want[i], got[i]) != 0)
        return FALSE;
    }
  return TRUE;
}

/* The route for METHOD PATH; when the path is known but not the method,
 * NULL and @allow lists the methods it has. */
static const PdgServerRoute *
find_route (const char  *method,
            const char  *path,
            GPtrArray   *params,
            GString     *allow)
{
  for (guint i = 0; i < pdg_server_n_routes; i++)
    {
      const PdgServerRoute *route = &pdg_server_routes[i];

      if (!match_path (route->path, path, params))
        continue;
      if (strcmp (route->method, method) == 0)
        return route;
      if (strstr (allow->str, route->method) == NULL)
        g_string_append_printf (allow, "%s%s", allow->len > 0 ? ", " : "", route->method);
    }
  g_ptr_array_set_size (params, 0);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Workers                                                                   */

typedef struct
{
  PdgServer          *server;    /* owned */
  SoupServerMessage  *msg;       /* owned; paused until the answer is applied */
  PdgServerRequest   *request;   /* owned */
  PdgServerHandler    handler;
  PdgServerResponse  *response;  /* owned; NULL until the worker ran it */
} Job;

static void
job_free (Job *job)
{
  pdg_server_request_free (job->request);
  pdg_server_response_free (job->response);
  g_clear_object (&job->msg);
  g_clear_object (&job->server);
  g_free (job);
}

/* On the main context: the answer goes out. */
static gboolean
job_done (gpointer user_data)
{
  Job *job = user_data;

  apply_response (job->msg, job->response);
  soup_server_message_unpause (job->msg);
  job->server->in_flight--;
  job_free (job);
  return G_SOURCE_REMOVE;
}

/* On the worker thread. */
static void
run_job (gpointer data,
         gpointer user_data)
{
  PdgServer *self = user_data;
  Job *job = data;
  g_autofree char *actor = NULL;

  g_mutex_lock (&self->lock);
  /* The audit entries of a write name the token's holder. */
  actor = g_strdup (pdg_store_get_actor (self->ctx.store));
  if (job->request->user != NULL)
    pdg_store_set_actor (self->ctx.store, job->request->user);
  job->response = job->handler (&self->ctx, job->request);
  if (actor != NULL)
    pdg_store_set_actor (self->ctx.store, actor);
  g_mutex_unlock (&self->lock);

  g_main_context_invoke (self->context, job_done, job);
}

/* On a reader thread: one read transaction on an idle read connection. */
static void
run_read_job (gpointer data,
              gpointer user_data)
{
  PdgServer *self = user_data;
  Job *job = data;
  PdgServerContext *ctx = g_async_queue_pop (self->idle);
  g_autoptr(GError) error = NULL;

  if (!pdg_store_begin (ctx->store, &error))
    job->response = pdg_server_response_problem (pdg_problem_new (500, "%s", error->message));
  else
    {
      job->response = job->handler (ctx, job->request);
      pdg_store_rollback (ctx->store);  /* nothing to keep: it only read */
    }
  g_async_queue_push (self->idle, ctx);

  g_main_context_invoke (self->context, job_done, job);
}

static gboolean
reads_only (const PdgServerRoute *route)
{
  for (guint i = 0; i < pdg_server_n_read_handlers; i++)
    if (pdg_server_read_handlers[i] == route->handler)
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Handlers                                                                  */

static char *
header_value (SoupServerMessage *msg,
              const char        *name)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), name);

  return value != NULL ? g_strstrip (g_strdup (value)) : NULL;
}

/* Checks the bearer token; on refusal answers and returns FALSE. */
static gboolean
authorize (PdgServer            *self,
           SoupServerMessage    *msg,
           const PdgServerRoute *route,
           PdgServerRequest     *request)
{
  g_autofree char *header = NULL;
  const char *token = NULL;
  const char *name = NULL;
  PdgRole role = PDG_ROLE_NONE;

  if (self->auth == NULL)
    {
      request->role = PDG_ROLE_ADMIN;
      return TRUE;
    }

  header = header_value (msg, "Authorization");
  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    token = g_strchug (header + 7);

  if (token == NULL || !pdg_server_auth_lookup (self->auth, token, &role, &name))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                    token == NULL ? "Bearer realm=\"pedigree\""
                                                  : "Bearer realm=\"pedigree\", error=\"invalid_token\"");
      answer_problem (msg, pdg_problem_new (401, "%s",
                                            token == NULL ? _("Send “Authorization: Bearer TOKEN” with a token from the server’s token file.")
                                                          : _("The bearer token is not one of the server’s tokens.")));
      return FALSE;
    }

  request->user = g_strdup (name);
  request->role = role;
  g_object_set_data_full (G_OBJECT (msg), DATA_USER, g_strdup (name), g_free);
  if (role < route->role)
    {
      answer_problem (msg, pdg_problem_new (403, _("%s %s needs the %s role; the token of %s has the %s role."),
                                            route->method, route->path, pdg_role_to_string (route->role),
                                            name, pdg_role_to_string (role)));
      return FALSE;
    }
  return TRUE;
}

static GHashTable *
copy_query (GHashTable *query)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer name, value;

  if (query == NULL)
    return copy;
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      if (!g_utf8_validate (name, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        {
          g_hash_table_unref (copy);
          return NULL;
        }
      g_hash_table_insert (copy, g_strdup (name), g_strdup (value));
    }
  return copy;
}

static void
on_request (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  PdgServer *self = user_data;
  g_autoptr(PdgServerRequest) request = g_new0 (PdgServerRequest, 1);
  g_autoptr(GString) allow = g_string_new (NULL);
  SoupMessageBody *body;
  const PdgServerRoute *route;
  const char *method = soup_server_message_get_method (msg);
  const char *content_type;
  Job *job;

  if (g_object_get_data (G_OBJECT (msg), DATA_TOO_LARGE) == GINT_TO_POINTER (431))
    return;   /* answered by on_early_request() */
  if (g_object_get_data (G_OBJECT (msg), DATA_TOO_LARGE) != NULL)
    {
      answer_problem (msg, pdg_problem_new (413, _("Request bodies are limited to %u bytes."),
                                            (guint) PDG_SERVER_MAX_BODY));
      return;
    }
  if (self->stopping)
    {
      answer_problem (msg, pdg_problem_new (503, "%s", _("The server is shutting down; try again later.")));
      return;
    }

  request->params = g_ptr_array_new_with_free_func (g_free);
  route = find_route (method, path, request->params, allow);
  if (route == NULL && allow->len > 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow->str);
      answer_problem (msg, pdg_problem_new (405, _("%s is not allowed on %s; use %s."), method, path, allow->str));
      return;
    }
  if (route == NULL)
    {
      answer_problem (msg, pdg_problem_new (404, _("There is no %s in this API; see /api/v1/openapi.json."), path));
      return;
    }
  if (!authorize (self, msg, route, request))
    return;

  request->query = copy_query (query);
  if (request->query == NULL)
    {
      answer_problem (msg, pdg_problem_new (400, "%s", _("The query string is not UTF-8.")));
      return;
    }

  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->if_match = header_value (msg, "If-Match");
  request->if_none_match = header_value (msg, "If-None-Match");
  request->idempotency_key = header_value (msg, "Idempotency-Key");
  content_type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  request->content_type = g_strdup (content_type);
  body = soup_server_message_get_request_body (msg);
  if (body != NULL && body->length > 0)
    {
      if (body->length > PDG_SERVER_MAX_BODY)
        {
          answer_problem (msg, pdg_problem_new (413, _("Request bodies are limited to %u bytes."),
                                                (guint) PDG_SERVER_MAX_BODY));
          return;
        }
      request->body = soup_message_body_flatten (body);
    }

  job = g_new0 (Job, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->request = g_steal_pointer (&request);
  job->handler = (PdgServerHandler) route->handler;

  soup_server_message_pause (msg);
  self->in_flight++;
  if (self->readers != NULL && reads_only (route))
    g_thread_pool_push (self->readers, job, NULL);
  else
    g_thread_pool_push (self->worker, job, NULL);
}

/* Counts a body as it arrives; over the limit, stops keeping it. */
static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  goffset *received = g_object_get_data (G_OBJECT (msg), DATA_RECEIVED);

  if (received == NULL)
    return;
  *received += g_bytes_get_size (chunk);
  if (*received > PDG_SERVER_MAX_BODY &&
      g_object_get_data (G_OBJECT (msg), DATA_TOO_LARGE) == NULL)
    {
      g_object_set_data (G_OBJECT (msg), DATA_TOO_LARGE, GINT_TO_POINTER (TRUE));
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
    }
}

static void
add_header_size (const char *name,
                 const char *value,
                 gpointer    user_data)
{
  *(gsize *) user_data += strlen (name) + strlen (value) + 4;
}

static void
on_early_request (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  gsize header_size = 0;

  soup_message_headers_foreach (headers, add_header_size, &header_size);
  if (header_size > PDG_SERVER_MAX_HEADERS)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      g_object_set_data (G_OBJECT (msg), DATA_TOO_LARGE, GINT_TO_POINTER (431));
      answer_problem (msg, pdg_problem_new (431, _("Request headers are limited to %u bytes; these have %" G_GSIZE_FORMAT "."),
                                            (guint) PDG_SERVER_MAX_HEADERS, header_size));
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > PDG_SERVER_MAX_BODY)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      g_object_set_data (G_OBJECT (msg), DATA_TOO_LARGE, GINT_TO_POINTER (TRUE));
      answer_problem (msg, pdg_problem_new (413, _("Request bodies are limited to %u bytes."),
                                            (guint) PDG_SERVER_MAX_BODY));
      return;
    }

  g_object_set_data_full (G_OBJECT (msg), DATA_RECEIVED, g_new0 (goffset, 1), g_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), NULL);
}

/* ------------------------------------------------------------------------ */
/* The request log                                                           */

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), DATA_START, start, g_free);
}

static void
log_request (SoupServerMessage *msg,
             const char        *outcome)
{
  gint64 *start = g_object_get_data (G_OBJECT (msg), DATA_START);
  const char *user = g_object_get_data (G_OBJECT (msg), DATA_USER);
  GUri *uri = soup_server_message_get_uri (msg);
  double ms = start != NULL ? (g_get_monotonic_time () - *start) / 1000.0 : 0;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  g_autofree char *line = NULL;

  line = g_strdup_printf ("%s %s %s %s %.1fms %s", when,
                          soup_server_message_get_method (msg) ? soup_server_message_get_method (msg) : "-",
                          uri != NULL ? g_uri_get_path (uri) : "-",
                          outcome, ms, user != NULL ? user : "-");
  /* One line, whatever the path holds. */
  g_strdelimit (line, "\r\n", ' ');
  g_printerr ("%s\n", line);
}

static void
on_request_finished (SoupServer        *soup,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  g_autofree char *status = g_strdup_printf ("%u", soup_server_message_get_status (msg));

  log_request (msg, status);
}

static void
on_request_aborted (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  log_request (msg, "aborted");
}

/* ------------------------------------------------------------------------ */
/* Public                                                                    */

/**
 * pdg_server_new:
 * @store: (transfer none): the database it serves
 * @auth: (nullable) (transfer none): the tokens; NULL allows every request
 *   (the caller must then listen on loopback only)
 *
 * A server with one reader a core (pdg_server_new_with_readers()).
 */
PdgServer *
pdg_server_new (PdgStore       *store,
                PdgServerAuth  *auth,
                GError        **error)
{
  return pdg_server_new_with_readers (store, auth, g_get_num_processors (), error);
}

/**
 * pdg_server_new_with_readers:
 * @n_readers: reader threads, each with its own read-only connection to
 *   @store's file; 0 runs reads on the writer too
 *
 * As pdg_server_new().
 */
PdgServer *
pdg_server_new_with_readers (PdgStore       *store,
                             PdgServerAuth  *auth,
                             guint           n_readers,
                             GError        **error)
{
  g_autoptr(PdgServer) self = g_object_new (PDG_TYPE_SERVER, NULL);

  g_return_val_if_fail (PDG_IS_STORE (store), NULL);

  self->ctx.store = g_object_ref (store);
  self->auth = auth != NULL ? g_object_ref (auth) : NULL;
  if (!pdg_server_context_prepare (&self->ctx, error))
    return NULL;
  self->context = g_main_context_ref_thread_default ();
  self->worker = g_thread_pool_new (run_job, self, 1, TRUE, error);
  if (self->worker == NULL)
    return NULL;

  if (n_readers > 0)
    {
      self->idle = g_async_queue_new ();
      self->reader_ctx = g_new0 (PdgServerContext, n_readers);
      for (; self->n_readers < n_readers; self->n_readers++)
        {
          PdgServerContext *ctx = &self->reader_ctx[self->n_readers];

          ctx->store = pdg_store_open_readonly (pdg_store_get_path (store), error);
          if (ctx->store == NULL)
            return NULL;
          g_async_queue_push (self->idle, ctx);
        }
      self->readers = g_thread_pool_new (run_read_job, self, (int) n_readers, TRUE, error);
      if (self->readers == NULL)
        return NULL;
    }

  /* raw-paths: a {name} segment may hold an encoded "/" (ITEM%2FLOT). */
  self->soup = soup_server_new ("server-header", "pedigree-server/" PACKAGE_VERSION " ",
                                "raw-paths", TRUE, NULL);
  soup_server_add_early_handler (self->soup, NULL, on_early_request, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_finished), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (on_request_aborted), self);

  return g_steal_pointer (&self);
}

gboolean
pdg_server_listen (PdgServer        *self,
                   GInetAddress     *address,
                   guint             port,
                   GTlsCertificate  *certificate,
                   GError          **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  SoupServerListenOptions options = 0;

  g_return_val_if_fail (PDG_IS_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_ADDRESS (address), FALSE);

  if (certificate != NULL)
    {
      soup_server_set_tls_certificate (self->soup, certificate);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }
  socket_address = g_inet_socket_address_new (address, port);
  return soup_server_listen (self->soup, socket_address, options, error);
}

/* The first URL it listens on, e.g. "http://127.0.0.1:8080/" (from the
 * listening socket: soup_server_get_uris() of libsoup 3.2 leaks an
 * address). */
char *
pdg_server_dup_url (PdgServer *self)
{
  GSList *listeners;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *host = NULL;
  gboolean https;

  g_return_val_if_fail (PDG_IS_SERVER (self), NULL);

  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    address = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;

  host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
  https = soup_server_get_tls_certificate (self->soup) != NULL;
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("%s://[%s]:%u/", https ? "https" : "http", host,
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
  return g_strdup_printf ("%s://%s:%u/", https ? "https" : "http", host,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

/**
 * pdg_server_shutdown:
 *
 * Answers new requests with 503, lets the ones at work finish (their writes
 * commit or roll back as they would), then stops listening.
 */
void
pdg_server_shutdown (PdgServer *self)
{
  g_return_if_fail (PDG_IS_SERVER (self));

  self->stopping = TRUE;
  while (self->in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  soup_server_disconnect (self->soup);
}
