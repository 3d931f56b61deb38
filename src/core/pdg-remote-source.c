/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-remote-source.c: PdgSource over pedigree-server's HTTP API.
 *
 * Every query is one or more libsoup requests (soup_session_send_and_read_async,
 * with the bearer token) on the main context the source was made on; an
 * answer's JSON is read back into the core's values by the one JSON mapping
 * (pdg-json.h) on a GTask worker thread, so the UI thread neither waits for
 * the network nor parses a large recall. Lists (units, orders) follow the
 * server's "next" pages until the caller's limit; the FSMA sheet streams
 * from the socket into the file.
 *
 * Refusals are RFC 9457 problems: their detail becomes the GError's message
 * and the status its PDG_SOURCE_ERROR code. Registration actions are
 * decided on a state: the source remembers the ETag of the last state of
 * each order it handed out and sends it as If-Match, so an order someone
 * else changed since answers 412, PDG_SOURCE_ERROR_CONFLICT ("reload"), and
 * nothing is applied; a refresh reads the state (and its ETag) again. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "pdg-json.h"
#include "pdg-remote-source.h"

#define MAX_PAGE 200          /* units or orders a request asks for (the server gives up to 500) */
#define MAX_PROBLEM 65536     /* the most of an error body read */
#define JSON_TYPE "application/json"

struct _PdgRemoteSource
{
  GObject      parent_instance;

  SoupSession *session;  /* owned; used only from the main context the source was made on */
  char        *url;      /* owned; the server's root, "http://host:port", no final slash */
  char        *token;    /* owned, nullable; the bearer token */
  GHashTable  *etags;    /* owned; order id (gint64 *) -> ETag of the last state handed out */
};

static void source_iface_init (PdgSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdgRemoteSource, pdg_remote_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PDG_TYPE_SOURCE, source_iface_init))

static void
pdg_remote_source_finalize (GObject *object)
{
  PdgRemoteSource *self = PDG_REMOTE_SOURCE (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->etags, g_hash_table_unref);

  G_OBJECT_CLASS (pdg_remote_source_parent_class)->finalize (object);
}

static void
pdg_remote_source_class_init (PdgRemoteSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pdg_remote_source_finalize;
}

static void
pdg_remote_source_init (PdgRemoteSource *self)
{
  self->session = soup_session_new_with_options ("user-agent", "Pedigree/" PACKAGE_VERSION " ",
                                                 "timeout", 120, NULL);
  self->etags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

const char *
pdg_remote_source_get_url (PdgRemoteSource *self)
{
  g_return_val_if_fail (PDG_IS_REMOTE_SOURCE (self), NULL);

  return self->url;
}

static char *
pdg_remote_source_dup_title (PdgSource *source)
{
  PdgRemoteSource *self = PDG_REMOTE_SOURCE (source);
  g_autoptr(GUri) uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL)
    return g_strdup (self->url);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */

static GError *
network_error (PdgRemoteSource *self,
               const GError    *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  return g_error_new (PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_NETWORK,
                      _("Cannot reach the server at %s: %s"), self->url, error->message);
}

/* The problem's "detail" (or "title"), if @body is a JSON object with one. */
static char *
problem_detail (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  JsonNode *root;
  JsonObject *o;

  if (data == NULL || size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  o = json_node_get_object (root);
  if (json_object_has_member (o, "detail") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "detail")) &&
      json_node_get_value_type (json_object_get_member (o, "detail")) == G_TYPE_STRING)
    return g_strdup (json_object_get_string_member (o, "detail"));
  if (json_object_has_member (o, "title") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "title")) &&
      json_node_get_value_type (json_object_get_member (o, "title")) == G_TYPE_STRING)
    return g_strdup (json_object_get_string_member (o, "title"));
  return NULL;
}

/* A refusal: the status decides the code, the server's detail is the
 * message, but a 412 says what the planner should do. */
static GError *
status_error (SoupMessage *msg,
              GBytes      *body)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *detail = problem_detail (body);
  PdgSourceError code;

  if (status == SOUP_STATUS_PRECONDITION_FAILED)
    return g_error_new_literal (PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_CONFLICT,
                                _("Changed by someone else: reload."));

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      code = PDG_SOURCE_ERROR_UNAUTHORIZED;
      break;
    case SOUP_STATUS_FORBIDDEN:
      code = PDG_SOURCE_ERROR_FORBIDDEN;
      break;
    case SOUP_STATUS_NOT_FOUND:
      code = PDG_SOURCE_ERROR_NOT_FOUND;
      break;
    default:
      code = status >= 400 && status < 500 ? PDG_SOURCE_ERROR_REFUSED : PDG_SOURCE_ERROR_FAILED;
      break;
    }
  if (detail == NULL)
    return g_error_new (PDG_SOURCE_ERROR, code, _("The server answered %u %s."),
                        status, soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "");
  return g_error_new_literal (PDG_SOURCE_ERROR, code, detail);
}

/* ------------------------------------------------------------------------ */
/* Requests                                                                  */

static SoupMessage *
new_message (PdgRemoteSource *self,
             const char      *method,
             const char      *path,
             JsonNode        *body)
{
  g_autofree char *url = g_str_has_prefix (path, "/") ? g_strconcat (self->url, path, NULL) : g_strdup (path);
  SoupMessage *msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;

  g_assert (msg != NULL);   /* the URL was checked by connect */
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json, application/problem+json, text/csv");
  if (self->token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (body != NULL)
    {
      char *text = pdg_json_to_string (body, FALSE);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

      soup_message_set_request_body_from_bytes (msg, JSON_TYPE, bytes);
    }
  return msg;
}

/* How an answer becomes the result: on a worker thread, from its JSON. */
typedef gpointer (*ParseFunc) (JsonNode  *root,
                               GError   **error);

typedef struct
{
  ParseFunc           parse;
  GDestroyNotify      result_free;
  gboolean            writes;       /* success emits PdgSource::changed */
  GBytes             *body;         /* owned; the answer, once read */

  /* Lists: pages of "list_name" read with `parse` until `limit`. */
  const char         *list_name;
  guint               limit;
  GPtrArray          *values;       /* owned; what the pages gave so far */

  /* Registration. */
  gint64              order_id;     /* > 0: remember the answer's ETag for this order */
  PdgRegisterAction  *action;       /* owned, nullable; to POST once the ETag is read */
} Call;

static void
call_free (Call *call)
{
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_pointer (&call->values, g_ptr_array_unref);
  g_clear_pointer (&call->action, pdg_register_action_free);
  g_free (call);
}

static gboolean
emit_changed (gpointer source)
{
  g_signal_emit_by_name (source, "changed");
  return G_SOURCE_REMOVE;
}

static JsonNode *
parse_bytes (GBytes  *bytes,
             GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) size, &local_error) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_FAILED,
                   _("The server’s answer is not JSON: %s"),
                   local_error != NULL ? local_error->message : _("it is empty"));
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

static void
parse_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Call *call = task_data;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  gpointer result;

  root = parse_bytes (call->body, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = call->parse (root, &error);
  if (result == NULL)
    {
      g_task_return_new_error (task, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_FAILED,
                               _("The server’s answer cannot be read: %s"), error->message);
      g_error_free (error);
      return;
    }
  /* Before the result: the caller's callback finds the pages reloading. */
  if (call->writes)
    g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                                emit_changed, g_object_ref (source_object), g_object_unref);
  g_task_return_pointer (task, result, call->result_free);
}

static void send_call (PdgRemoteSource *self,
                       GTask           *task,
                       SoupMessage     *msg);

/* One page of a list: appended to call->values; TRUE when another page
 * is wanted and was asked for. */
static gboolean
next_page (PdgRemoteSource  *self,
           GTask            *task,
           Call             *call,
           GBytes           *bytes,
           GError          **error)
{
  g_autoptr(JsonNode) root = parse_bytes (bytes, error);
  JsonObject *o;
  JsonNode *list, *next;
  JsonArray *array;

  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (o = json_node_get_object (root), call->list_name)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_FAILED,
                   _("The server’s answer cannot be read: %s"), _("the list is missing"));
      return FALSE;
    }
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array) && call->values->len < call->limit; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gpointer value = call->parse (json_array_get_element (array, i), &local_error);

      if (value == NULL)
        {
          g_set_error (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_FAILED,
                       _("The server’s answer cannot be read: %s"), local_error->message);
          return FALSE;
        }
      g_ptr_array_add (call->values, value);
    }

  next = json_object_get_member (o, "next");
  if (call->values->len < call->limit && next != NULL && JSON_NODE_HOLDS_VALUE (next) &&
      json_node_get_value_type (next) == G_TYPE_STRING &&
      g_str_has_prefix (json_node_get_string (next), "/api/v1/"))
    {
      g_autoptr(SoupMessage) msg = new_message (self, "GET", json_node_get_string (next), NULL);

      send_call (self, task, msg);
      return TRUE;
    }
  return FALSE;
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  PdgRemoteSource *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (session, result, &error);

  if (bytes == NULL)
    {
      g_task_return_error (task, network_error (self, error));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      g_task_return_error (task, status_error (msg, bytes));
      return;
    }

  if (call->order_id > 0)
    {
      const char *etag = soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag");

      if (etag != NULL)
        g_hash_table_insert (self->etags, g_memdup2 (&call->order_id, sizeof call->order_id), g_strdup (etag));
    }

  /* The state is read; now the action, decided on it. */
  if (call->action != NULL)
    {
      g_autoptr(PdgRegisterAction) action = g_steal_pointer (&call->action);
      g_autoptr(JsonNode) body = pdg_json_from_register_action (action);
      g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/registration/actions",
                                               call->order_id);
      g_autoptr(SoupMessage) post = new_message (self, "POST", path, body);
      const char *etag = g_hash_table_lookup (self->etags, &call->order_id);

      if (etag != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (post), "If-Match", etag);
      send_call (self, task, post);
      return;
    }

  if (call->list_name != NULL)
    {
      if (next_page (self, task, call, bytes, &error))
        return;
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, g_steal_pointer (&call->values), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  call->body = g_steal_pointer (&bytes);
  g_task_run_in_thread (task, parse_worker);
}

/* Sends @msg for @task (a new reference is taken). */
static void
send_call (PdgRemoteSource *self,
           GTask           *task,
           SoupMessage     *msg)
{
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                    on_read, g_object_ref (task));
}

static GTask *
new_task (PdgRemoteSource     *self,
          gpointer             source_tag,
          ParseFunc            parse,
          GDestroyNotify       result_free,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  call->parse = parse;
  call->result_free = result_free;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  return task;
}

static char *
escape (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Queries                                                                   */

static void
get_list (PdgRemoteSource     *self,
          gpointer             source_tag,
          const char          *path,
          const char          *list_name,
          ParseFunc            parse,
          GDestroyNotify       value_free,
          guint                limit,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = new_task (self, source_tag, parse, NULL, cancellable, callback, user_data);
  Call *call = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;

  call->list_name = list_name;
  call->limit = limit;
  call->values = g_ptr_array_new_with_free_func (value_free);
  if (limit == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&call->values), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  msg = new_message (self, "GET", path, NULL);
  send_call (self, task, msg);
}

static void
pdg_remote_source_find_units_async (PdgSource           *source,
                                    const char          *text,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *q = escape (text);
  g_autofree char *path = g_strdup_printf ("/api/v1/units?q=%s&limit=%u", q, CLAMP (limit, 1, MAX_PAGE));

  get_list (PDG_REMOTE_SOURCE (source), pdg_remote_source_find_units_async, path, "units",
            (ParseFunc) pdg_json_to_unit, (GDestroyNotify) pdg_unit_free, limit,
            cancellable, callback, user_data);
}

static void
get_one (PdgRemoteSource     *self,
         gpointer             source_tag,
         const char          *method,
         const char          *path,
         JsonNode            *body,
         ParseFunc            parse,
         GDestroyNotify       result_free,
         gboolean             writes,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = new_task (self, source_tag, parse, result_free, cancellable, callback, user_data);
  g_autoptr(SoupMessage) msg = new_message (self, method, path, body);
  Call *call = g_task_get_task_data (task);

  call->writes = writes;
  send_call (self, task, msg);
}

static void
pdg_remote_source_load_unit_async (PdgSource           *source,
                                   gint64               unit_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/units/%" G_GINT64_FORMAT, unit_id);

  get_one (PDG_REMOTE_SOURCE (source), pdg_remote_source_load_unit_async, "GET", path, NULL,
           (ParseFunc) pdg_json_to_unit_details, (GDestroyNotify) pdg_unit_details_unref, FALSE,
           cancellable, callback, user_data);
}

static void
pdg_remote_source_trace_async (PdgSource             *source,
                               gint64                 unit_id,
                               PdgDirection           direction,
                               const PdgTraceOptions *options,
                               GCancellable          *cancellable,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  PdgTraceOptions o = { 0 };
  g_autofree char *path = NULL;

  if (options != NULL)
    o = *options;
  path = g_strdup_printf ("/api/v1/units/%" G_GINT64_FORMAT "/trace?direction=%s&events=%s&depth=%u&max_nodes=%u",
                          unit_id, direction == PDG_DIRECTION_FORWARD ? "forward" : "backward",
                          o.with_events ? "true" : "false", o.max_depth, o.max_nodes);
  get_one (PDG_REMOTE_SOURCE (source), pdg_remote_source_trace_async, "GET", path, NULL,
           (ParseFunc) pdg_json_to_genealogy, (GDestroyNotify) pdg_genealogy_unref, FALSE,
           cancellable, callback, user_data);
}

/* {"lots": [ids]} | {"supplier", "from", "to"} | {"item", "from", "to"} */
static JsonNode *
query_to_json (const PdgRecallQuery *q)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  if (q->by == PDG_RECALL_BY_UNITS)
    {
      json_builder_set_member_name (b, "lots");
      json_builder_begin_array (b);
      for (guint i = 0; i < q->unit_ids->len; i++)
        json_builder_add_int_value (b, g_array_index (q->unit_ids, gint64, i));
      json_builder_end_array (b);
    }
  else
    {
      json_builder_set_member_name (b, q->by == PDG_RECALL_BY_SUPPLIER ? "supplier" : "item");
      json_builder_add_string_value (b, q->by == PDG_RECALL_BY_SUPPLIER ? q->supplier : q->item);
      if (q->from != NULL)
        {
          json_builder_set_member_name (b, "from");
          json_builder_add_string_value (b, q->from);
        }
      if (q->to != NULL)
        {
          json_builder_set_member_name (b, "to");
          json_builder_add_string_value (b, q->to);
        }
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
pdg_remote_source_recall_async (PdgSource            *source,
                                const PdgRecallQuery *query,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr(JsonNode) body = query_to_json (query);

  get_one (PDG_REMOTE_SOURCE (source), pdg_remote_source_recall_async, "POST", "/api/v1/recall", body,
           (ParseFunc) pdg_json_to_recall, (GDestroyNotify) pdg_recall_unref, FALSE,
           cancellable, callback, user_data);
}

/* ------------------------------------------------------------------------ */
/* Export: the CSV is made here from the recall (the same bytes as a local
 * file gives); the FSMA sheet needs the database, so the server makes it
 * for the recall's suspects and it streams into the file. */

typedef struct
{
  GFile             *file;  /* owned */
  SoupMessage       *msg;   /* owned, nullable */
  GInputStream      *in;    /* owned, nullable; the answer's body */
  GFileOutputStream *out;   /* owned, nullable */
} ExportCall;

static void
export_call_free (ExportCall *call)
{
  g_clear_object (&call->file);
  g_clear_object (&call->msg);
  g_clear_object (&call->in);
  g_clear_object (&call->out);
  g_free (call);
}

static void
on_csv_written (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_closed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_spliced (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportCall *call = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error) < 0)
    {
      g_autoptr(GCancellable) discard = g_cancellable_new ();

      /* Closing with a cancelled cancellable drops the half-written
       * file and leaves any earlier one as it was. */
      g_cancellable_cancel (discard);
      g_output_stream_close (G_OUTPUT_STREAM (call->out), discard, NULL);
      g_task_return_error (task, error);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  g_output_stream_close_async (G_OUTPUT_STREAM (call->out), G_PRIORITY_DEFAULT, cancellable,
                               on_closed, g_steal_pointer (&task));
}

static void
on_replaced (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportCall *call = g_task_get_task_data (task);
  GError *error = NULL;

  call->out = g_file_replace_finish (G_FILE (object), result, &error);
  if (call->out == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_output_stream_splice_async (G_OUTPUT_STREAM (call->out), call->in,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                                G_PRIORITY_DEFAULT, g_task_get_cancellable (task), on_spliced, g_object_ref (task));
}

static void
on_problem_read (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportCall *call = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  g_task_return_error (task, status_error (call->msg, bytes));
}

static void
on_fsma_sent (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdgRemoteSource *self = g_task_get_source_object (task);
  ExportCall *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  call->in = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (call->in == NULL)
    {
      g_task_return_error (task, network_error (self, error));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (call->msg)))
    {
      g_input_stream_read_bytes_async (call->in, MAX_PROBLEM, G_PRIORITY_DEFAULT, cancellable,
                                       on_problem_read, g_steal_pointer (&task));
      return;
    }
  g_file_replace_async (call->file, NULL, FALSE, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT,
                        cancellable, on_replaced, g_steal_pointer (&task));
}

static void
pdg_remote_source_export_recall_async (PdgSource           *source,
                                       PdgRecall           *recall,
                                       PdgRecallExport      format,
                                       GFile               *file,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  PdgRemoteSource *self = PDG_REMOTE_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ExportCall *call = g_new0 (ExportCall, 1);
  g_autoptr(PdgRecallQuery) query = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_task_set_source_tag (task, pdg_remote_source_export_recall_async);
  call->file = g_object_ref (file);
  g_task_set_task_data (task, call, (GDestroyNotify) export_call_free);

  if (format != PDG_RECALL_EXPORT_FSMA)
    {
      char *csv = pdg_recall_to_csv (recall);
      g_autoptr(GBytes) bytes = g_bytes_new_take (csv, strlen (csv));

      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE, cancellable,
                                           on_csv_written, g_steal_pointer (&task));
      return;
    }

  for (guint i = 0; i < recall->suspects->len; i++)
    g_array_append_val (ids, ((PdgUnit *) recall->suspects->pdata[i])->id);
  query = pdg_recall_query_new_units ((const gint64 *) ids->data, ids->len);
  body = query_to_json (query);
  call->msg = new_message (self, "POST", "/api/v1/recall/fsma", body);
  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT, cancellable,
                           on_fsma_sent, g_steal_pointer (&task));
}

static gboolean
pdg_remote_source_export_recall_finish (PdgSource     *source,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Writes                                                                    */

static gpointer
parse_blocked (JsonNode  *root,
               GError   **error)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *blocked = o != NULL ? json_object_get_member (o, "blocked") : NULL;
  gssize count;

  if (blocked == NULL || !JSON_NODE_HOLDS_VALUE (blocked) || json_node_get_value_type (blocked) != G_TYPE_INT64)
    {
      g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID, _("The member “%s” is missing."), "blocked");
      return NULL;
    }
  count = (gssize) json_node_get_int (blocked);
  return g_memdup2 (&count, sizeof count);
}

static void
pdg_remote_source_block_units_async (PdgSource           *source,
                                     const gint64        *unit_ids,
                                     guint                n_units,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ids");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_units; i++)
    json_builder_add_int_value (b, unit_ids[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  get_one (PDG_REMOTE_SOURCE (source), pdg_remote_source_block_units_async, "POST", "/api/v1/units/block", body,
           parse_blocked, g_free, TRUE, cancellable, callback, user_data);
}

static gssize
pdg_remote_source_block_units_finish (PdgSource     *source,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_autofree gssize *blocked = pdg_source_task_finish (source, result, error);

  return blocked != NULL ? *blocked : -1;
}

static void
pdg_remote_source_list_orders_async (PdgSource           *source,
                                     int                  status,
                                     const char          *text,
                                     guint                limit,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/v1/orders?status=");

  if (status == -1)
    g_string_append (path, "open");
  else if (status < 0)
    g_string_append (path, "any");
  else
    g_string_append (path, pdg_order_status_to_string ((PdgOrderStatus) status));
  if (text != NULL && *text != '\0')
    {
      g_autofree char *q = escape (text);

      g_string_append_printf (path, "&q=%s", q);
    }
  g_string_append_printf (path, "&limit=%u", CLAMP (limit, 1, MAX_PAGE));

  get_list (PDG_REMOTE_SOURCE (source), pdg_remote_source_list_orders_async, path->str, "orders",
            (ParseFunc) pdg_json_to_order, (GDestroyNotify) pdg_order_free, limit,
            cancellable, callback, user_data);
}

/* Registration: a refresh reads the state; an action is POSTed with the
 * ETag of the state this source last handed out for the order (read first
 * when there is none yet). */
static void
pdg_remote_source_register_async (PdgSource               *source,
                                  gint64                   order_id,
                                  const PdgRegisterAction *action,
                                  GCancellable            *cancellable,
                                  GAsyncReadyCallback      callback,
                                  gpointer                 user_data)
{
  PdgRemoteSource *self = PDG_REMOTE_SOURCE (source);
  g_autoptr(GTask) task = new_task (self, pdg_remote_source_register_async,
                                    (ParseFunc) pdg_json_to_register_state,
                                    (GDestroyNotify) pdg_register_state_unref,
                                    cancellable, callback, user_data);
  Call *call = g_task_get_task_data (task);
  const char *etag = g_hash_table_lookup (self->etags, &order_id);
  g_autoptr(SoupMessage) msg = NULL;

  call->order_id = order_id;
  call->writes = action->kind != PDG_REGISTER_ACTION_REFRESH && action->kind != PDG_REGISTER_ACTION_SET_MODE &&
                 action->kind != PDG_REGISTER_ACTION_SELECT_PRODUCT &&
                 action->kind != PDG_REGISTER_ACTION_SELECT_LINE;

  if (action->kind == PDG_REGISTER_ACTION_REFRESH || etag == NULL)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/registration", order_id);

      if (action->kind != PDG_REGISTER_ACTION_REFRESH)
        call->action = pdg_register_action_copy (action);
      msg = new_message (self, "GET", path, NULL);
    }
  else
    {
      g_autoptr(JsonNode) body = pdg_json_from_register_action (action);
      g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/registration/actions", order_id);

      msg = new_message (self, "POST", path, body);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "If-Match", etag);
    }
  send_call (self, task, msg);
}

/* ------------------------------------------------------------------------ */
/* Connecting                                                                */

/* "host:8080/" -> "http://host:8080"; NULL when it is no http(s) URL. */
static char *
normalize_url (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *full = NULL;
  g_autoptr(GUri) uri = NULL;
  gsize n;

  if (*trimmed == '\0')
    return NULL;
  full = strstr (trimmed, "://") != NULL ? g_strdup (trimmed) : g_strconcat ("http://", trimmed, NULL);
  n = strlen (full);
  while (n > 0 && full[n - 1] == '/')
    full[--n] = '\0';
  uri = g_uri_parse (full, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_query (uri) != NULL)
    return NULL;
  return g_steal_pointer (&full);
}

/* The OpenAPI document of pedigree-server, or something else. */
static gpointer
parse_openapi (JsonNode  *root,
               GError   **error)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *info = o != NULL ? json_object_get_member (o, "info") : NULL;
  JsonNode *title = info != NULL && JSON_NODE_HOLDS_OBJECT (info)
                    ? json_object_get_member (json_node_get_object (info), "title") : NULL;

  if (o == NULL || !json_object_has_member (o, "openapi") || title == NULL ||
      !JSON_NODE_HOLDS_VALUE (title) || json_node_get_value_type (title) != G_TYPE_STRING ||
      strstr (json_node_get_string (title), "Pedigree") == NULL)
    {
      g_set_error_literal (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID, "not pedigree-server");
      return NULL;
    }
  return GINT_TO_POINTER (TRUE);
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdgRemoteSource *self = PDG_REMOTE_SOURCE (object);
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_pointer (G_TASK (result), &error) != NULL)
    {
      g_task_return_pointer (task, g_object_ref (self), g_object_unref);
      return;
    }

  if (g_error_matches (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_UNAUTHORIZED))
    g_task_return_new_error (task, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_UNAUTHORIZED,
                             _("The server at %s did not accept the token: %s"), self->url, error->message);
  else if (g_error_matches (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_FAILED) ||
           g_error_matches (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_NOT_FOUND) ||
           g_error_matches (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_REFUSED))
    g_task_return_new_error (task, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_NOT_PEDIGREE,
                             _("%s answers, but it is not a Pedigree server (pedigree-server)."), self->url);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
pdg_remote_source_connect_async (const char          *url,
                                 const char          *token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(PdgRemoteSource) self = NULL;
  g_autofree char *normal = NULL;

  g_return_if_fail (url != NULL);

  g_task_set_source_tag (task, pdg_remote_source_connect_async);
  normal = normalize_url (url);
  if (normal == NULL)
    {
      g_task_return_new_error (task, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_NETWORK,
                               _("“%s” is not a server address; write it as http://host:8080."), url);
      return;
    }

  self = g_object_new (PDG_TYPE_REMOTE_SOURCE, NULL);
  self->url = g_steal_pointer (&normal);
  if (token != NULL && *token != '\0')
    self->token = g_strstrip (g_strdup (token));
  get_one (self, pdg_remote_source_connect_async, "GET", "/api/v1/openapi.json", NULL,
           parse_openapi, NULL, FALSE, cancellable, on_connected, g_steal_pointer (&task));
}

PdgRemoteSource *
pdg_remote_source_connect_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
source_iface_init (PdgSourceInterface *iface)
{
  iface->dup_title = pdg_remote_source_dup_title;
  iface->find_units_async = pdg_remote_source_find_units_async;
  iface->load_unit_async = pdg_remote_source_load_unit_async;
  iface->trace_async = pdg_remote_source_trace_async;
  iface->recall_async = pdg_remote_source_recall_async;
  iface->export_recall_async = pdg_remote_source_export_recall_async;
  iface->export_recall_finish = pdg_remote_source_export_recall_finish;
  iface->block_units_async = pdg_remote_source_block_units_async;
  iface->block_units_finish = pdg_remote_source_block_units_finish;
  iface->list_orders_async = pdg_remote_source_list_orders_async;
  iface->register_async = pdg_remote_source_register_async;
}
