/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-server-handlers.c: the routes of pedigree-server's /api/v1 and what
 * each one does with the core.
 *
 * Every handler runs on a worker thread (see pdg-server.c): those of
 * pdg_server_read_handlers on a reader with its own read-only connection,
 * inside one read transaction, the others on the one writer. Each answers
 * JSON through the core's one mapping (pdg-json.h; units and traces as
 * text written without building a tree), or a problem (pdg-problem.h) whose
 * detail is the core's own message. Nothing here builds SQL from what a
 * client sent: values are bound to the core's prepared statements, or to
 * the statements of this file (idempotency keys, the registration
 * snapshot) and of pdg-server-failed.c.
 *
 * Registration sessions (PdgRegister: scan mode, selections, Undo) are kept
 * per order and shared by every client of that order, so an action names
 * the state it was decided on: its If-Match must be the ETag of the current
 * state, a SHA-256 over the state and every row of the order's
 * registrations (finished units, associations into them, journals). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pdg-epcis.h"
#include "pdg-json.h"
#include "pdg-recall.h"
#include "pdg-register.h"
#include "pdg-server-failed.h"
#include "pdg-server-private.h"
#include "pdg-server-resources.h"
#include "pdg-store-private.h"
#include "pdg-trace.h"

#define DEFAULT_LIMIT 50
#define MAX_LIMIT 500
#define MAX_OFFSET 100000
#define MAX_EVENTS 100000
#define MAX_JSON_DEPTH 64

#define JSON_TYPE "application/json"
#define PROBLEM(...) pdg_server_response_problem (pdg_problem_new (__VA_ARGS__))

/* ------------------------------------------------------------------------ */
/* Answers                                                                   */

static PdgServerResponse *
json_response (guint     status,
               JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;
  char *text = pdg_json_to_string (node, FALSE);

  return pdg_server_response_new (status, JSON_TYPE, g_bytes_new_take (text, strlen (text)));
}

static PdgServerResponse *
error_response (const GError *error,
                gboolean      writing)
{
  return pdg_server_response_problem (pdg_problem_new_from_error (error, writing));
}

/* ------------------------------------------------------------------------ */
/* Query parameters                                                          */

static const char *
param (const PdgServerRequest *request,
       const char             *name)
{
  const char *value = g_hash_table_lookup (request->query, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
param_uint (const PdgServerRequest  *request,
            const char              *name,
            guint64                  fallback,
            guint64                  max,
            guint64                 *out,
            PdgServerResponse      **problem)
{
  const char *text = param (request, name);

  *out = fallback;
  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL))
    {
      *problem = PROBLEM (400, _("The parameter “%s” must be a whole number from 0 to %" G_GUINT64_FORMAT " (got “%s”)."),
                          name, max, text);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  guint limit;
  guint offset;
} Page;

static gboolean
param_page (const PdgServerRequest  *request,
            Page                    *page,
            PdgServerResponse      **problem)
{
  guint64 limit, offset;

  if (!param_uint (request, "limit", DEFAULT_LIMIT, MAX_LIMIT, &limit, problem) ||
      !param_uint (request, "offset", 0, MAX_OFFSET, &offset, problem))
    return FALSE;
  if (limit == 0)
    {
      *problem = PROBLEM (400, _("The parameter “%s” must be a whole number from 1 to %u (got “%s”)."),
                          "limit", MAX_LIMIT, param (request, "limit"));
      return FALSE;
    }
  page->limit = (guint) limit;
  page->offset = (guint) offset;
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The same request with the next offset. */
static char *
next_link (const PdgServerRequest *request,
           const Page             *page)
{
  g_autoptr(GString) url = g_string_new (request->path);
  guint n_names = 0;
  g_autofree gpointer *names = g_hash_table_get_keys_as_array (request->query, &n_names);
  char sep = '?';

  qsort (names, n_names, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n_names; i++)
    {
      const char *name = names[i];
      g_autofree char *n = NULL;
      g_autofree char *v = NULL;

      if (strcmp (name, "offset") == 0 || strcmp (name, "limit") == 0)
        continue;
      n = g_uri_escape_string (name, NULL, FALSE);
      v = g_uri_escape_string (g_hash_table_lookup (request->query, name), NULL, FALSE);
      g_string_append_printf (url, "%c%s=%s", sep, n, v);
      sep = '&';
    }
  g_string_append_printf (url, "%climit=%u&offset=%u", sep, page->limit, page->offset + page->limit);
  return g_string_free (g_steal_pointer (&url), FALSE);
}

/* {"NAME": [...], "limit", "offset", "next"}: @values holds one more than
 * the page when there is a next page. */
static PdgServerResponse *
page_response (const PdgServerRequest *request,
               const Page             *page,
               const char             *name,
               GPtrArray              *values,
               JsonNode            *(*to_json) (gconstpointer))
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean more = values->len > page->limit;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < values->len && i < page->limit; i++)
    json_builder_add_value (b, to_json (values->pdata[i]));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "limit");
  json_builder_add_int_value (b, page->limit);
  json_builder_set_member_name (b, "offset");
  json_builder_add_int_value (b, page->offset);
  if (more)
    {
      g_autofree char *next = next_link (request, page);

      json_builder_set_member_name (b, "next");
      json_builder_add_string_value (b, next);
    }
  json_builder_end_object (b);

  return json_response (200, json_builder_get_root (b));
}

/* Drops the first @offset values (the store's lists have no offset). */
static void
skip_values (GPtrArray *values,
             guint      offset)
{
  g_ptr_array_remove_range (values, 0, MIN (offset, values->len));
}

/* ------------------------------------------------------------------------ */
/* Bodies                                                                    */

/* How deep arrays and objects nest, outside strings: json-glib's parser
 * recurses, so a body of a million "[" must not reach it. */
static guint
json_depth (const char *data,
            gsize       size)
{
  gboolean in_string = FALSE;
  guint depth = 0, deepest = 0;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        deepest = MAX (deepest, ++depth);
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return deepest;
}

static JsonNode *
parse_body (const PdgServerRequest  *request,
            PdgServerResponse      **problem)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size = 0;

  if (request->body == NULL)
    {
      *problem = PROBLEM (400, _("%s %s needs a JSON body."), request->method, request->path);
      return NULL;
    }
  if (request->content_type != NULL &&
      g_ascii_strcasecmp (request->content_type, JSON_TYPE) != 0 &&
      !g_str_has_suffix (request->content_type, "+json"))
    {
      *problem = PROBLEM (415, _("The body is %s; send %s."), request->content_type, JSON_TYPE);
      return NULL;
    }

  data = g_bytes_get_data (request->body, &size);
  if (!g_utf8_validate_len (data, size, NULL))
    {
      *problem = PROBLEM (400, "%s", _("The body is not UTF-8 text."));
      return NULL;
    }
  if (json_depth (data, size) > MAX_JSON_DEPTH)
    {
      *problem = PROBLEM (400, _("The body nests arrays and objects more than %u deep."), MAX_JSON_DEPTH);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &error))
    {
      *problem = PROBLEM (400, _("The body is not valid JSON: %s"), error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      *problem = PROBLEM (400, "%s", _("The body is empty; send a JSON value."));
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

/* ------------------------------------------------------------------------ */
/* Looking things up                                                         */

static gboolean
is_id (const char *text)
{
  guint64 value;

  return g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL);
}

/* A unit by internal id, or anything pdg_store_resolve_unit() reads. */
static PdgUnit *
lookup_unit (PdgStore    *store,
             const char  *text,
             GError     **error)
{
  if (is_id (text))
    return pdg_store_get_unit (store, g_ascii_strtoll (text, NULL, 10), error);
  return pdg_store_resolve_unit (store, text, error);
}

/* A unit named in a body: an id (number) or text. */
static PdgUnit *
lookup_unit_node (PdgStore    *store,
                  JsonNode    *node,
                  const char  *what,
                  GError     **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return pdg_store_get_unit (store, json_node_get_int (node), error);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return pdg_store_resolve_unit (store, json_node_get_string (node), error);
  g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
               _("%s must be a unit id (a number) or a serial or batch number (text)."), what);
  return NULL;
}

/* An order by id or by number. */
static PdgOrder *
lookup_order (PdgStore    *store,
              const char  *text,
              GError     **error)
{
  g_autoptr(GPtrArray) orders = NULL;

  if (is_id (text))
    return pdg_store_get_order (store, g_ascii_strtoll (text, NULL, 10), error);

  orders = pdg_store_list_orders (store, -2, text, 100, error);
  if (orders == NULL)
    return NULL;
  for (guint i = 0; i < orders->len; i++)
    {
      PdgOrder *order = orders->pdata[i];

      if (g_strcmp0 (order->number, text) == 0)
        return g_ptr_array_steal_index (orders, i);
    }
  g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
               _("There is no production order “%s”."), text);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* GET /api/v1/openapi.json                                                  */

static PdgServerResponse *
get_openapi (PdgServerContext       *ctx,
             const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  /* Through the resource itself: nothing else would pull it from the
   * static library into the binary. */
  GBytes *bytes = g_resource_lookup_data (pdg_server_get_resource (), "/io/github/pedigree/server/openapi.json",
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  if (bytes == NULL)
    return error_response (error, FALSE);
  return pdg_server_response_new (200, JSON_TYPE, bytes);
}

/* ------------------------------------------------------------------------ */
/* Units                                                                     */

static PdgServerResponse *
get_units (PdgServerContext       *ctx,
           const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = NULL;
  PdgServerResponse *problem = NULL;
  const char *item = param (request, "item");
  const char *lot = param (request, "lot");
  const char *code = param (request, "code");
  const char *q = param (request, "q");
  Page page;

  if (!param_page (request, &page, &problem))
    return problem;

  if (item != NULL || lot != NULL || code != NULL)
    {
      g_autofree char *text = NULL;
      PdgUnit *unit;

      if (code != NULL)
        text = g_strdup (code);
      else if (item != NULL && lot != NULL)
        text = g_strconcat (item, "/", lot, NULL);
      else
        return PROBLEM (400, "%s", _("Give both “item” and “lot”, or “code”, or “q”."));

      unit = pdg_store_resolve_unit (ctx->store, text, &error);
      if (unit == NULL)
        return error_response (error, FALSE);
      units = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_unit_free);
      g_ptr_array_add (units, unit);
      page.offset = 0;
    }
  else if (q != NULL)
    {
      units = pdg_store_find_units (ctx->store, q, page.offset + page.limit + 1, &error);
      if (units == NULL)
        return error_response (error, FALSE);
      skip_values (units, page.offset);
    }
  else
    return PROBLEM (400, "%s", _("Give “item” and “lot”, or “code” (a GS1 code, Digital Link or any unit name), or “q” (a search)."));

  return page_response (request, &page, "units", units, (gpointer) pdg_json_from_unit);
}

static PdgServerResponse *
get_unit (PdgServerContext       *ctx,
          const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgUnit) unit = NULL;
  g_autoptr(PdgUnitDetails) details = NULL;
  char *text;
  gsize length;

  if ((unit = lookup_unit (ctx->store, request->params->pdata[0], &error)) == NULL ||
      (details = pdg_store_get_unit_details (ctx->store, unit->id, &error)) == NULL)
    return error_response (error, FALSE);

  text = pdg_json_unit_details_to_text (details, &length);
  return pdg_server_response_new (200, JSON_TYPE, g_bytes_new_take (text, length));
}

static PdgServerResponse *
get_trace (PdgServerContext       *ctx,
           const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgUnit) unit = NULL;
  g_autoptr(PdgGenealogy) genealogy = NULL;
  PdgServerResponse *problem = NULL;
  const char *direction = param (request, "direction");
  const char *events = param (request, "events");
  PdgTraceOptions options = { 0 };
  PdgDirection dir = PDG_DIRECTION_BACKWARD;
  guint64 depth, max_nodes;
  char *text;
  gsize length;

  if (direction != NULL && strcmp (direction, "forward") == 0)
    dir = PDG_DIRECTION_FORWARD;
  else if (direction != NULL && strcmp (direction, "backward") != 0)
    return PROBLEM (400, _("The parameter “direction” is backward or forward (got “%s”)."), direction);
  if (events != NULL && strcmp (events, "true") != 0 && strcmp (events, "false") != 0)
    return PROBLEM (400, _("The parameter “events” is true or false (got “%s”)."), events);
  if (!param_uint (request, "depth", 0, G_MAXUINT, &depth, &problem) ||
      !param_uint (request, "max_nodes", 0, G_MAXUINT, &max_nodes, &problem))
    return problem;
  options.max_depth = (guint) depth;
  options.max_nodes = (guint) max_nodes;
  options.with_events = g_strcmp0 (events, "true") == 0;

  unit = lookup_unit (ctx->store, request->params->pdata[0], &error);
  if (unit == NULL)
    return error_response (error, FALSE);
  genealogy = pdg_trace (ctx->store, &unit->id, 1, dir, &options, NULL, &error);
  if (genealogy == NULL)
    return error_response (error, FALSE);

  text = pdg_json_genealogy_to_text (genealogy, &length);
  return pdg_server_response_new (200, JSON_TYPE, g_bytes_new_take (text, length));
}

static PdgServerResponse *
post_block (PdgServerContext       *ctx,
            const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonBuilder) b = json_builder_new ();
  PdgServerResponse *problem = NULL;
  JsonNode *member;
  JsonArray *array;
  guint blocked = 0;

  if ((root = parse_body (request, &problem)) == NULL)
    return problem;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (member = json_object_get_member (json_node_get_object (root), "ids")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (member) ||
      json_array_get_length (array = json_node_get_array (member)) == 0)
    return PROBLEM (400, "%s", _("Send {\"ids\": [...]}: the units to block, by id or serial/batch number."));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *what = g_strdup_printf ("ids[%u]", i);
      g_autoptr(PdgUnit) unit = lookup_unit_node (ctx->store, json_array_get_element (array, i), what, &error);

      if (unit == NULL)
        return error_response (error, TRUE);
      g_array_append_val (ids, unit->id);
    }

  if (!pdg_store_block_units (ctx->store, (const gint64 *) ids->data, ids->len, &blocked, &error))
    return error_response (error, TRUE);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "requested");
  json_builder_add_int_value (b, ids->len);
  json_builder_set_member_name (b, "blocked");
  json_builder_add_int_value (b, blocked);
  json_builder_end_object (b);
  return json_response (200, json_builder_get_root (b));
}

/* ------------------------------------------------------------------------ */
/* Recall                                                                    */

static gboolean
optional_string (JsonObject  *o,
                 const char  *name,
                 const char **out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                   _("The member “%s” has the wrong type (expected %s)."), name, _("text"));
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

/* {"lots": [...]} | {"supplier", "from", "to"} | {"item", "from", "to"} */
static PdgRecallQuery *
recall_query_from_json (PdgStore  *store,
                        JsonNode  *root,
                        GError   **error)
{
  JsonObject *o;
  JsonNode *lots;
  const char *supplier, *item, *from, *to;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                   _("Expected %s as a JSON object."), _("a recall"));
      return NULL;
    }
  o = json_node_get_object (root);
  lots = json_object_get_member (o, "lots");
  if (!optional_string (o, "supplier", &supplier, error) ||
      !optional_string (o, "item", &item, error) ||
      !optional_string (o, "from", &from, error) ||
      !optional_string (o, "to", &to, error))
    return NULL;

  if (lots != NULL)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (lots) || json_array_get_length (array = json_node_get_array (lots)) == 0)
        {
          g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                       _("The member “%s” must be an array."), "lots");
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *what = g_strdup_printf ("lots[%u]", i);
          g_autoptr(PdgUnit) unit = lookup_unit_node (store, json_array_get_element (array, i), what, error);

          if (unit == NULL)
            return NULL;
          g_array_append_val (ids, unit->id);
        }
      return pdg_recall_query_new_units ((const gint64 *) ids->data, ids->len);
    }
  if (supplier != NULL)
    return pdg_recall_query_new_supplier (supplier, from, to);
  if (item != NULL)
    return pdg_recall_query_new_item (item, from, to);

  g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID, "%s",
               _("Send {\"lots\": [...]}, {\"supplier\", \"from\", \"to\"} or {\"item\", \"from\", \"to\"}."));
  return NULL;
}

static PdgServerResponse *
post_recall (PdgServerContext       *ctx,
             const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PdgRecallQuery) query = NULL;
  g_autoptr(PdgRecall) recall = NULL;
  PdgServerResponse *problem = NULL;

  if ((root = parse_body (request, &problem)) == NULL)
    return problem;
  if ((query = recall_query_from_json (ctx->store, root, &error)) == NULL ||
      (recall = pdg_recall_run (ctx->store, query, NULL, &error)) == NULL)
    return error_response (error, FALSE);

  return json_response (200, pdg_json_from_recall (recall));
}

static PdgServerResponse *
fsma_response (PdgServerContext     *ctx,
               const PdgRecallQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRecall) recall = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  PdgServerResponse *response;

  recall = pdg_recall_run (ctx->store, query, NULL, &error);
  if (recall == NULL ||
      !pdg_recall_write_fsma (ctx->store, recall, stream, NULL, &error) ||
      !g_output_stream_close (stream, NULL, &error))
    return error_response (error, FALSE);

  response = pdg_server_response_new (200, "text/csv; charset=utf-8",
                                      g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream)));
  g_hash_table_insert (response->headers, g_strdup ("Content-Disposition"),
                       g_strdup ("attachment; filename=\"recall-fsma.csv\""));
  return response;
}

static PdgServerResponse *
get_recall_fsma (PdgServerContext       *ctx,
                 const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRecallQuery) query = NULL;
  const char *lots = param (request, "lots");
  const char *supplier = param (request, "supplier");
  const char *item = param (request, "item");
  const char *from = param (request, "from");
  const char *to = param (request, "to");

  if (lots != NULL)
    {
      g_auto(GStrv) names = g_strsplit (lots, ",", -1);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autoptr(PdgUnit) unit = lookup_unit (ctx->store, g_strstrip (names[i]), &error);

          if (unit == NULL)
            return error_response (error, FALSE);
          g_array_append_val (ids, unit->id);
        }
      query = pdg_recall_query_new_units ((const gint64 *) ids->data, ids->len);
    }
  else if (supplier != NULL)
    query = pdg_recall_query_new_supplier (supplier, from, to);
  else if (item != NULL)
    query = pdg_recall_query_new_item (item, from, to);
  else
    return PROBLEM (400, "%s", _("Give “lots” (comma-separated), or “supplier” with “from” and “to”, or “item” with “from” and “to”."));

  return fsma_response (ctx, query);
}

static PdgServerResponse *
post_recall_fsma (PdgServerContext       *ctx,
                  const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PdgRecallQuery) query = NULL;
  PdgServerResponse *problem = NULL;

  if ((root = parse_body (request, &problem)) == NULL)
    return problem;
  if ((query = recall_query_from_json (ctx->store, root, &error)) == NULL)
    return error_response (error, FALSE);
  return fsma_response (ctx, query);
}

/* ------------------------------------------------------------------------ */
/* Orders                                                                    */

static JsonNode *
order_json (gconstpointer order)
{
  return pdg_json_from_order (order);
}

static PdgServerResponse *
get_orders (PdgServerContext       *ctx,
            const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  PdgServerResponse *problem = NULL;
  const char *status = param (request, "status");
  int wanted = -2;
  Page page;

  if (!param_page (request, &page, &problem))
    return problem;
  if (g_strcmp0 (status, "open") == 0)
    wanted = -1;
  else if (status != NULL && strcmp (status, "any") != 0)
    {
      for (int s = PDG_ORDER_CREATED; s <= PDG_ORDER_ENDED && wanted == -2; s++)
        if (strcmp (status, pdg_order_status_to_string ((PdgOrderStatus) s)) == 0)
          wanted = s;
      if (wanted == -2)
        return PROBLEM (400, _("The parameter “status” is open, any, created, started, reported or ended (got “%s”)."),
                        status);
    }

  orders = pdg_store_list_orders (ctx->store, wanted, param (request, "q"), page.offset + page.limit + 1, &error);
  if (orders == NULL)
    return error_response (error, FALSE);
  skip_values (orders, page.offset);
  for (guint i = 0; i < orders->len && i < page.limit; i++)
    if (!pdg_register_fill_order_progress (ctx->store, orders->pdata[i], &error))
      return error_response (error, FALSE);

  return page_response (request, &page, "orders", orders, order_json);
}

static gboolean hash_registrations (PdgStore   *store,
                                    gint64      order_id,
                                    GChecksum  *sum,
                                    GError    **error);

/* Whether an If-None-Match names @etag (or is "*"). */
static gboolean
etag_listed (const char *if_none_match,
             const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (if_none_match == NULL)
    return FALSE;
  tags = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (strcmp (tag, "*") == 0 || strcmp (tag, etag) == 0)
        return TRUE;
    }
  return FALSE;
}

/* An order with an ETag over its answer and every row of its
 * registrations (as the registration's ETag, without the session). */
static PdgServerResponse *
get_order (PdgServerContext       *ctx,
           const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgOrder) order = lookup_order (ctx->store, request->params->pdata[0], &error);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *etag = NULL;
  PdgServerResponse *response;

  if (order == NULL || !pdg_register_fill_order_progress (ctx->store, order, &error))
    return error_response (error, FALSE);

  node = pdg_json_from_order (order);
  text = pdg_json_to_string (node, FALSE);
  g_checksum_update (sum, (const guchar *) text, -1);
  if (!hash_registrations (ctx->store, order->id, sum, &error))
    return error_response (error, FALSE);
  etag = g_strdup_printf ("\"%.32s\"", g_checksum_get_string (sum));

  if (etag_listed (request->if_none_match, etag))
    response = pdg_server_response_new (304, NULL, NULL);
  else
    {
      gsize size = strlen (text);

      response = pdg_server_response_new (200, JSON_TYPE, g_bytes_new_take (g_steal_pointer (&text), size));
    }
  g_hash_table_insert (response->headers, g_strdup ("ETag"), g_steal_pointer (&etag));
  return response;
}

/* ------------------------------------------------------------------------ */
/* Registration                                                              */

/* Every row of the order's registrations, in a fixed order. */
#define SNAPSHOT_SQL \
  "SELECT 'o', id, status, started_qty, good_qty, error_qty FROM production_order WHERE id = ?1" \
  " UNION ALL SELECT 'u', id, lot, quantity, on_hand, status FROM unit WHERE order_id = ?1" \
  " UNION ALL SELECT 'a', a.id, a.parent_id, a.child_id, a.quantity, a.order_id FROM association a" \
  "  WHERE a.parent_id IN (SELECT id FROM unit WHERE order_id = ?1)" \
  " UNION ALL SELECT 'j', id, status, created_by, created_at, 0 FROM pick_journal WHERE order_id = ?1" \
  " UNION ALL SELECT 'l', l.id, l.journal_id, l.parent_id, l.child_id, l.quantity FROM pick_journal_line l" \
  "  JOIN pick_journal j ON j.id = l.journal_id WHERE j.order_id = ?1" \
  " ORDER BY 1, 2"

static char *
registration_etag (PdgStore          *store,
                   PdgRegisterState  *state,
                   GError           **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  char *message = state->message;

  /* What the last action said is not part of the state. */
  state->message = NULL;
  node = pdg_json_from_register_state (state);
  state->message = message;
  text = pdg_json_to_string (node, FALSE);
  g_checksum_update (sum, (const guchar *) text, -1);
  if (!hash_registrations (store, state->order->id, sum, error))
    return NULL;

  return g_strdup_printf ("\"%.32s\"", g_checksum_get_string (sum));
}

/* Adds every row of the order's registrations to @sum. */
static gboolean
hash_registrations (PdgStore   *store,
                    gint64      order_id,
                    GChecksum  *sum,
                    GError    **error)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (store, SNAPSHOT_SQL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const guchar *value = sqlite3_column_text (stmt, i);

          g_checksum_update (sum, value != NULL ? value : (const guchar *) "", -1);
          g_checksum_update (sum, (const guchar *) "\x1f", 1);
        }
      g_checksum_update (sum, (const guchar *) "\x1e", 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pdg_store_set_error (store, error);
  return TRUE;
}

static PdgRegister *
lookup_session (PdgServerContext  *ctx,
                const char        *text,
                GError           **error)
{
  g_autoptr(PdgOrder) order = lookup_order (ctx->store, text, error);
  PdgRegister *session;

  if (order == NULL)
    return NULL;
  session = g_hash_table_lookup (ctx->registers, &order->id);
  if (session == NULL)
    {
      session = pdg_register_new (ctx->store, order->id, error);
      if (session == NULL)
        return NULL;
      g_hash_table_insert (ctx->registers, g_memdup2 (&order->id, sizeof order->id), session);
    }
  return session;
}

static PdgServerResponse *
state_response (PdgStore         *store,
                PdgRegisterState *state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = registration_etag (store, state, &error);
  PdgServerResponse *response;

  if (etag == NULL)
    return error_response (error, FALSE);
  response = json_response (200, pdg_json_from_register_state (state));
  g_hash_table_insert (response->headers, g_strdup ("ETag"), g_steal_pointer (&etag));
  return response;
}

static PdgServerResponse *
get_registration (PdgServerContext       *ctx,
                  const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRegisterState) state = NULL;
  PdgRegister *session = lookup_session (ctx, request->params->pdata[0], &error);

  if (session == NULL || (state = pdg_register_get_state (session, &error)) == NULL)
    return error_response (error, FALSE);
  return state_response (ctx->store, state);
}

static PdgServerResponse *
post_registration_action (PdgServerContext       *ctx,
                          const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRegisterState) state = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PdgRegisterAction) action = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *message = NULL;
  PdgServerResponse *problem = NULL;
  PdgRegister *session = lookup_session (ctx, request->params->pdata[0], &error);

  if (session == NULL || (state = pdg_register_get_state (session, &error)) == NULL ||
      (etag = registration_etag (ctx->store, state, &error)) == NULL)
    return error_response (error, FALSE);

  if (request->if_match == NULL)
    {
      problem = PROBLEM (428, "%s", _("Send If-Match with the ETag of the registration state the action was decided on (GET …/registration)."));
      g_hash_table_insert (problem->headers, g_strdup ("ETag"), g_steal_pointer (&etag));
      return problem;
    }
  if (strcmp (request->if_match, etag) != 0)
    {
      problem = PROBLEM (412, "%s", _("The order’s registration changed since you read it; read it again and decide again."));
      g_hash_table_insert (problem->headers, g_strdup ("ETag"), g_steal_pointer (&etag));
      return problem;
    }

  if ((root = parse_body (request, &problem)) == NULL)
    return problem;
  if ((action = pdg_json_to_register_action (root, &error)) == NULL)
    return error_response (error, TRUE);
  if (!pdg_register_apply (session, action, &message, &error))
    return error_response (error, TRUE);

  g_clear_pointer (&state, pdg_register_state_unref);
  state = pdg_register_get_state (session, &error);
  if (state == NULL)
    return error_response (error, FALSE);
  state->message = g_steal_pointer (&message);
  return state_response (ctx->store, state);
}

/* ------------------------------------------------------------------------ */
/* Audit                                                                     */

/* RFC 3339, or a day (its first or last second). */
static gboolean
parse_when (const char *text,
            gboolean    end_of_day,
            gint64     *out)
{
  g_autofree char *full = NULL;

  if (pdg_json_parse_time (text, out))
    return TRUE;
  full = g_strconcat (text, end_of_day ? "T23:59:59Z" : "T00:00:00Z", NULL);
  return strlen (text) == 10 && pdg_json_parse_time (full, out);
}

static PdgServerResponse *
get_audit (PdgServerContext       *ctx,
           const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  PdgServerResponse *problem = NULL;
  PdgAuditQuery query = { 0 };
  const char *since = param (request, "since");
  const char *until = param (request, "until");
  guint64 id;
  guint64 order;
  Page page;

  if (!param_page (request, &page, &problem) ||
      !param_uint (request, "id", 0, G_MAXINT64, &id, &problem) ||
      !param_uint (request, "order", 0, G_MAXINT64, &order, &problem))
    return problem;
  if (since != NULL && !parse_when (since, FALSE, &query.since))
    return PROBLEM (400, _("The parameter “%s” is a time such as 2025-03-01T08:30:00Z or a day such as 2025-03-01 (got “%s”)."),
                    "since", since);
  if (until != NULL && !parse_when (until, TRUE, &query.until))
    return PROBLEM (400, _("The parameter “%s” is a time such as 2025-03-01T08:30:00Z or a day such as 2025-03-01 (got “%s”)."),
                    "until", until);

  query.entity = param (request, "entity");
  query.entity_id = (gint64) id;
  query.actor = param (request, "user");
  query.order_id = (gint64) order;
  query.limit = page.limit + 1;
  query.offset = page.offset;
  entries = pdg_store_query_audit (ctx->store, &query, &error);
  if (entries == NULL)
    return error_response (error, FALSE);

  return page_response (request, &page, "entries", entries, (gpointer) pdg_json_from_audit_entry);
}

/* ------------------------------------------------------------------------ */
/* Event batches                                                             */

gboolean
pdg_server_context_prepare (PdgServerContext  *ctx,
                            GError           **error)
{
  /* Beside the data, not part of it: the digest and the audit ignore it.
   * A key is written in the transaction of its batch, so both are there
   * or neither is. */
  return pdg_server_failed_prepare (ctx->store, error) &&
         pdg_store_exec (ctx->store,
                         "CREATE TABLE IF NOT EXISTS server_idempotency ("
                         "  actor TEXT NOT NULL,"
                         "  key TEXT NOT NULL,"
                         "  request TEXT NOT NULL,"
                         "  status INTEGER NOT NULL,"
                         "  response BLOB NOT NULL,"
                         "  created_at INTEGER NOT NULL,"
                         "  PRIMARY KEY (actor, key))", error);
}

static gboolean
valid_key (const char *key)
{
  gsize n = strlen (key);

  if (n == 0 || n > 255)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (key[i] < 0x21 || key[i] > 0x7e)
      return FALSE;
  return TRUE;
}

/* The stored answer to (actor, key), if any. */
static PdgServerResponse *
replay (PdgStore    *store,
        const char  *actor,
        const char  *key,
        const char  *request_sum,
        GError     **error)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (store,
    "SELECT request, status, response FROM server_idempotency WHERE actor = ?1 AND key = ?2", error);
  PdgServerResponse *response = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, actor, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), request_sum) != 0)
        response = PROBLEM (422, _("The Idempotency-Key “%s” was already used for a different batch; use a new key for a new batch."),
                            key);
      else
        {
          response = pdg_server_response_new ((guint) sqlite3_column_int (stmt, 1), JSON_TYPE,
                                              g_bytes_new (sqlite3_column_blob (stmt, 2),
                                                           (gsize) sqlite3_column_bytes (stmt, 2)));
          g_hash_table_insert (response->headers, g_strdup ("Idempotent-Replayed"), g_strdup ("true"));
        }
    }
  else if (rc != SQLITE_DONE)
    pdg_store_set_error (store, error);
  sqlite3_reset (stmt);
  return response;
}

static gboolean
remember (PdgStore                *store,
          const char              *actor,
          const char              *key,
          const char              *request_sum,
          const PdgServerResponse *response,
          GError                 **error)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (store,
    "INSERT INTO server_idempotency (actor, key, request, status, response, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (response->body, &size);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, actor, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, request_sum, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, (int) response->status);
  sqlite3_bind_blob (stmt, 5, data, (int) size, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, pdg_store_now (store));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pdg_store_set_error (store, error);
  return TRUE;
}

/* The events of a batch, each against a unit named by "unit_id" or by
 * "unit" (a serial/batch, ITEM/LOT or GS1 code). */
static GPtrArray *
events_from_json (PdgStore            *store,
                  JsonNode            *root,
                  PdgServerResponse  **problem)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_event_free);
  JsonArray *array = NULL;
  JsonNode *member;

  if (JSON_NODE_HOLDS_ARRAY (root))
    array = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root) &&
           (member = json_object_get_member (json_node_get_object (root), "events")) != NULL &&
           JSON_NODE_HOLDS_ARRAY (member))
    array = json_node_get_array (member);
  if (array == NULL || json_array_get_length (array) == 0)
    {
      *problem = PROBLEM (400, "%s", _("Send {\"events\": [...]} with at least one event."));
      return NULL;
    }
  if (json_array_get_length (array) > MAX_EVENTS)
    {
      *problem = PROBLEM (413, _("A batch holds at most %u events; split it."), MAX_EVENTS);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(PdgEvent) event = pdg_json_to_event (node, &error);

      if (event == NULL)
        {
          *problem = PROBLEM (400, _("Event %u of %u: %s"), i + 1, json_array_get_length (array), error->message);
          return NULL;
        }
      event->id = 0;
      if (event->unit_id <= 0)
        {
          JsonNode *unit_node = json_object_get_member (json_node_get_object (node), "unit");
          g_autoptr(PdgUnit) unit = NULL;

          if (unit_node == NULL)
            {
              *problem = PROBLEM (400, _("Event %u of %u: give “unit_id” or “unit”."), i + 1,
                                  json_array_get_length (array));
              return NULL;
            }
          unit = lookup_unit_node (store, unit_node, "unit", &error);
          if (unit == NULL)
            {
              g_autoptr(PdgProblem) p = pdg_problem_new_from_error (error, TRUE);

              *problem = PROBLEM (p->status, _("Event %u of %u: %s"), i + 1, json_array_get_length (array), p->detail);
              return NULL;
            }
          event->unit_id = unit->id;
        }
      g_ptr_array_add (events, g_steal_pointer (&event));
    }
  return g_steal_pointer (&events);
}

/* A batch route's work inside its transaction: stores what @root holds
 * and answers the 201 body, or sets @problem. */
typedef JsonNode *(*BatchFunc) (PdgStore           *store,
                                JsonNode           *root,
                                PdgServerResponse **problem);

static JsonNode *
store_events (PdgStore           *store,
              JsonNode           *root,
              PdgServerResponse **problem)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if ((events = events_from_json (store, root, problem)) == NULL)
    return NULL;
  for (guint i = 0; i < events->len; i++)
    {
      PdgEvent *event = events->pdata[i];

      event->id = pdg_store_add_event (store, event, &error);
      if (event->id <= 0)
        {
          g_autoptr(PdgProblem) p = pdg_problem_new_from_error (error, TRUE);

          *problem = PROBLEM (p->status, _("Event %u of %u: %s Nothing of the batch was stored."),
                              i + 1, events->len, p->detail);
          return NULL;
        }
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, events->len);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < events->len; i++)
    json_builder_add_value (b, pdg_json_from_event (events->pdata[i]));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A capture document (pdg-epcis.c), all of it or a problem naming the
 * event and field. */
static JsonNode *
store_epcis (PdgStore           *store,
             JsonNode           *root,
             PdgServerResponse **problem)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  PdgEpcisCounts counts = { 0 };

  if (!pdg_epcis_import (store, root, &counts, &error))
    {
      if (error->domain == PDG_EPCIS_ERROR)
        *problem = PROBLEM (error->code == PDG_EPCIS_ERROR_INVALID ? 400 : 409,
                            _("%s Nothing of the document was stored."), error->message);
      else
        *problem = error_response (error, TRUE);
      return NULL;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "events");
  json_builder_add_int_value (b, counts.n_events);
  json_builder_set_member_name (b, "skipped");
  json_builder_add_int_value (b, counts.n_skipped);
  json_builder_set_member_name (b, "error_declarations");
  json_builder_add_int_value (b, counts.n_declarations);
  json_builder_set_member_name (b, "items_created");
  json_builder_add_int_value (b, counts.n_items);
  json_builder_set_member_name (b, "units_created");
  json_builder_add_int_value (b, counts.n_units);
  json_builder_set_member_name (b, "unit_events");
  json_builder_add_int_value (b, counts.n_unit_events);
  json_builder_set_member_name (b, "edges");
  json_builder_add_int_value (b, counts.n_edges);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static BatchFunc
batch_func (const char *route)
{
  if (g_strcmp0 (route, "/api/v1/events") == 0)
    return store_events;
  if (g_strcmp0 (route, "/api/v1/epcis/capture") == 0)
    return store_epcis;
  return NULL;
}

/* The body of a batch in one transaction with its Idempotency-Key (kept
 * as @actor's, for @request_sum) and, when @failed_id is set, the queue
 * entry it resubmits marked so. @from_data tells a refusal of the data
 * (the body, or what it names) from one of the server. */
static PdgServerResponse *
apply_batch (PdgServerContext       *ctx,
             const PdgServerRequest *request,
             BatchFunc               store_batch,
             const char             *actor,
             const char             *key,
             const char             *request_sum,
             gint64                  failed_id,
             gboolean               *from_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  PdgServerResponse *problem = NULL;
  PdgServerResponse *response;
  JsonNode *answer;

  *from_data = FALSE;
  if ((root = parse_body (request, &problem)) == NULL)
    {
      *from_data = TRUE;
      return problem;
    }

  if (!pdg_store_begin (ctx->store, &error))
    return error_response (error, TRUE);
  if ((answer = store_batch (ctx->store, root, &problem)) == NULL)
    {
      pdg_store_rollback (ctx->store);
      *from_data = TRUE;
      return problem;
    }
  response = json_response (201, answer);

  if ((key != NULL && !remember (ctx->store, actor, key, request_sum, response, &error)) ||
      (failed_id > 0 &&
       !pdg_server_failed_update (ctx->store, "server_failed.resubmit", failed_id, NULL, NULL, 0, NULL,
                                  "resubmitted", &error)))
    {
      pdg_store_rollback (ctx->store);
      pdg_server_response_free (response);
      return error_response (error, TRUE);
    }
  if (!pdg_store_commit (ctx->store, &error))
    {
      pdg_server_response_free (response);
      return error_response (error, TRUE);
    }
  return response;
}

/* Whether a refusal is kept in the failed-transaction queue: the data's
 * (400, 409), with a UTF-8 body to keep. */
static gboolean
keeps_failure (const PdgServerRequest  *request,
               const PdgServerResponse *response,
               gboolean                 from_data)
{
  gsize size = 0;
  const char *data;

  if (!from_data || (response->status != 400 && response->status != 409) || request->body == NULL)
    return FALSE;
  data = g_bytes_get_data (request->body, &size);
  return size > 0 && g_utf8_validate_len (data, size, NULL);
}

/* POST /api/v1/events and /api/v1/epcis/capture: a batch seen before by
 * its Idempotency-Key answers its first answer and stores nothing again;
 * one refused for its data is kept in the failed-transaction queue. */
static PdgServerResponse *
post_batch (PdgServerContext       *ctx,
            const PdgServerRequest *request,
            const char             *route)
{
  BatchFunc store_batch = batch_func (route);
  g_autoptr(GError) error = NULL;
  g_autofree char *request_sum = NULL;
  PdgServerResponse *response;
  const char *actor = request->user != NULL ? request->user : "";
  const char *key = request->idempotency_key;
  gboolean from_data = FALSE;

  if (key != NULL && !valid_key (key))
    return PROBLEM (400, "%s", _("An Idempotency-Key is 1 to 255 visible ASCII characters."));
  if (request->body != NULL)
    request_sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, request->body);

  if (key != NULL && request_sum != NULL &&
      ((response = replay (ctx->store, actor, key, request_sum, &error)) != NULL || error != NULL))
    return response != NULL ? response : error_response (error, FALSE);

  response = apply_batch (ctx, request, store_batch, actor, key, request_sum, 0, &from_data);
  if (keeps_failure (request, response, from_data))
    {
      gint64 id = pdg_server_failed_add (ctx->store, route, actor, key, request->content_type,
                                         request->body, request_sum, response->status, response->body, &error);

      if (id <= 0)
        g_warning ("The refused batch could not be kept in the failed-transaction queue: %s", error->message);
      else
        g_hash_table_insert (response->headers, g_strdup ("Pedigree-Failed-Entry"),
                             g_strdup_printf ("/api/v1/failed/%" G_GINT64_FORMAT, id));
    }
  return response;
}

static PdgServerResponse *
post_events (PdgServerContext       *ctx,
             const PdgServerRequest *request)
{
  return post_batch (ctx, request, "/api/v1/events");
}

/* EPCIS 2.0: the capture document in one transaction, the
 * Idempotency-Key and the queue as for event batches. */
static PdgServerResponse *
post_epcis_capture (PdgServerContext       *ctx,
                    const PdgServerRequest *request)
{
  return post_batch (ctx, request, "/api/v1/epcis/capture");
}

static gboolean
param_epcis_time (const PdgServerRequest  *request,
                  const char              *name,
                  gboolean                *has,
                  gint64                  *out,
                  PdgServerResponse      **problem)
{
  const char *text = param (request, name);

  *has = text != NULL;
  if (text != NULL && !pdg_epcis_parse_time (text, out))
    {
      *problem = PROBLEM (400, _("The parameter “%s” must be an RFC 3339 time with a time-zone offset such as 2025-03-01T08:30:00Z (got “%s”)."),
                          name, text);
      return FALSE;
    }
  return TRUE;
}

/* The stored EPCIS events as an EPCISQueryDocument. Pages: perPage and the
 * nextPageToken of the Link header, or limit and offset. */
static PdgServerResponse *
get_epcis_events (PdgServerContext       *ctx,
                  const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) document = NULL;
  PdgServerResponse *problem = NULL;
  PdgServerResponse *response;
  PdgEpcisQuery query = { 0 };
  guint64 per_page, offset;
  gboolean more = FALSE;
  const char *limit_name = param (request, "perPage") != NULL ? "perPage" : "limit";
  const char *offset_name = param (request, "nextPageToken") != NULL ? "nextPageToken" : "offset";

  if (!param_uint (request, limit_name, DEFAULT_LIMIT, MAX_LIMIT, &per_page, &problem) ||
      !param_uint (request, offset_name, 0, MAX_OFFSET, &offset, &problem) ||
      !param_epcis_time (request, "GE_eventTime", &query.has_ge_time, &query.ge_time_ms, &problem) ||
      !param_epcis_time (request, "LT_eventTime", &query.has_lt_time, &query.lt_time_ms, &problem))
    return problem;
  if (per_page == 0)
    return PROBLEM (400, _("The parameter “%s” must be a whole number from 1 to %u (got “%s”)."),
                    limit_name, MAX_LIMIT, param (request, limit_name));

  query.event_type = param (request, "eventType");
  query.match_epc = param (request, "MATCH_epc");
  query.match_any_epc = param (request, "MATCH_anyEPC");
  query.eq_biz_step = param (request, "EQ_bizStep");
  query.limit = (guint) per_page;
  query.offset = (guint) offset;

  document = pdg_epcis_query (ctx->store, &query, &more, &error);
  if (document == NULL)
    return error_response (error, FALSE);
  response = json_response (200, g_steal_pointer (&document));
  if (more)
    {
      g_autoptr(GString) url = g_string_new (request->path);
      guint n_names = 0;
      g_autofree gpointer *names = g_hash_table_get_keys_as_array (request->query, &n_names);
      char sep = '?';

      qsort (names, n_names, sizeof (gpointer), compare_strings);
      for (guint i = 0; i < n_names; i++)
        {
          g_autofree char *n = NULL;
          g_autofree char *v = NULL;

          if (g_str_equal (names[i], "nextPageToken") || g_str_equal (names[i], "offset") ||
              g_str_equal (names[i], "perPage") || g_str_equal (names[i], "limit"))
            continue;
          n = g_uri_escape_string (names[i], NULL, FALSE);
          v = g_uri_escape_string (g_hash_table_lookup (request->query, names[i]), NULL, FALSE);
          g_string_append_printf (url, "%c%s=%s", sep, n, v);
          sep = '&';
        }
      g_string_append_printf (url, "%cperPage=%u&nextPageToken=%u", sep, query.limit, query.offset + query.limit);
      g_hash_table_insert (response->headers, g_strdup ("Link"), g_strdup_printf ("<%s>; rel=\"next\"", url->str));
    }
  return response;
}

/* ------------------------------------------------------------------------ */
/* The failed-transaction queue (admin)                                      */

static JsonNode *
failed_summary_json (gconstpointer entry)
{
  return pdg_server_failed_to_json (entry, FALSE);
}

static PdgServerResponse *
failed_response (const PdgServerFailed *entry)
{
  PdgServerResponse *response = json_response (200, pdg_server_failed_to_json (entry, TRUE));

  g_hash_table_insert (response->headers, g_strdup ("ETag"), pdg_server_failed_etag (entry));
  return response;
}

static PdgServerFailed *
lookup_failed (PdgServerContext        *ctx,
               const PdgServerRequest  *request,
               GError                 **error)
{
  const char *text = request->params->pdata[0];

  if (!is_id (text))
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                   _("There is no failed transaction “%s” in the queue."), text);
      return NULL;
    }
  return pdg_server_failed_get (ctx->store, g_ascii_strtoll (text, NULL, 10), error);
}

/* NULL when the request may change @entry: its If-Match is the entry's
 * ETag, or there is none and @required is FALSE. */
static PdgServerResponse *
check_failed_etag (const PdgServerRequest *request,
                   const PdgServerFailed  *entry,
                   gboolean                required)
{
  g_autofree char *etag = pdg_server_failed_etag (entry);
  PdgServerResponse *problem = NULL;

  if (request->if_match == NULL && required)
    problem = PROBLEM (428, "%s", _("Send If-Match with the ETag of the failed transaction you fixed (GET /api/v1/failed/{id})."));
  else if (request->if_match != NULL && strcmp (request->if_match, etag) != 0)
    problem = PROBLEM (412, "%s", _("The failed transaction changed since you read it; read it again and fix it again."));
  if (problem != NULL)
    g_hash_table_insert (problem->headers, g_strdup ("ETag"), g_steal_pointer (&etag));
  return problem;
}

static PdgServerResponse *
check_pending (const PdgServerFailed *entry)
{
  if (g_strcmp0 (entry->state, "pending") != 0)
    return PROBLEM (409, _("Failed transaction %" G_GINT64_FORMAT " was resubmitted already; it is kept for the audit only."),
                    entry->id);
  return NULL;
}

static PdgServerResponse *
get_failed_list (PdgServerContext       *ctx,
                 const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  PdgServerResponse *problem = NULL;
  const char *all = param (request, "all");
  Page page;

  if (!param_page (request, &page, &problem))
    return problem;
  if (all != NULL && strcmp (all, "0") != 0 && strcmp (all, "1") != 0 &&
      strcmp (all, "false") != 0 && strcmp (all, "true") != 0)
    return PROBLEM (400, _("The parameter “all” is 1 or 0 (got “%s”)."), all);

  entries = pdg_server_failed_list (ctx->store, g_strcmp0 (all, "1") == 0 || g_strcmp0 (all, "true") == 0,
                                    page.limit + 1, page.offset, &error);
  if (entries == NULL)
    return error_response (error, FALSE);
  return page_response (request, &page, "failed", entries, failed_summary_json);
}

static PdgServerResponse *
get_failed (PdgServerContext       *ctx,
            const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgServerFailed) entry = lookup_failed (ctx, request, &error);

  if (entry == NULL)
    return error_response (error, FALSE);
  return failed_response (entry);
}

/* The fix: the body replaced, as the client's batch would be sent. */
static PdgServerResponse *
put_failed (PdgServerContext       *ctx,
            const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgServerFailed) entry = lookup_failed (ctx, request, &error);
  PdgServerResponse *problem;
  const char *data;
  gsize size = 0;
  gint64 id;

  if (entry == NULL)
    return error_response (error, FALSE);
  if ((problem = check_failed_etag (request, entry, TRUE)) != NULL ||
      (problem = check_pending (entry)) != NULL)
    return problem;
  if (request->body == NULL)
    return PROBLEM (400, "%s", _("Send the fixed batch as the body, as it would be posted to its route."));
  data = g_bytes_get_data (request->body, &size);
  if (!g_utf8_validate_len (data, size, NULL))
    return PROBLEM (400, "%s", _("The body is not UTF-8 text."));

  if (!pdg_server_failed_update (ctx->store, "server_failed.update", entry->id, request->body,
                                 request->content_type, 0, NULL, NULL, &error))
    return error_response (error, TRUE);
  id = entry->id;
  g_clear_pointer (&entry, pdg_server_failed_free);
  if ((entry = pdg_server_failed_get (ctx->store, id, &error)) == NULL)
    return error_response (error, FALSE);
  return failed_response (entry);
}

/* Through the original route's own path (apply_batch()), as one
 * transaction that also marks the entry resubmitted; a refusal updates the
 * entry's reason instead. */
static PdgServerResponse *
post_failed_resubmit (PdgServerContext       *ctx,
                      const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgServerFailed) entry = lookup_failed (ctx, request, &error);
  g_autoptr(PdgServerRequest) batch = NULL;
  PdgServerResponse *response = NULL;
  BatchFunc store_batch;
  gboolean from_data = FALSE;

  if (entry == NULL)
    return error_response (error, FALSE);
  if ((response = check_failed_etag (request, entry, FALSE)) != NULL ||
      (response = check_pending (entry)) != NULL)
    return response;
  if ((store_batch = batch_func (entry->route)) == NULL)
    return PROBLEM (409, _("Failed transaction %" G_GINT64_FORMAT " was posted to %s, which cannot be resubmitted."),
                    entry->id, entry->route);

  batch = g_new0 (PdgServerRequest, 1);
  batch->method = g_strdup ("POST");
  batch->path = g_strdup (entry->route);
  batch->params = g_ptr_array_new_with_free_func (g_free);
  batch->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  batch->body = g_bytes_new (entry->body, strlen (entry->body));
  batch->content_type = g_strdup (entry->content_type);
  batch->idempotency_key = g_strdup (entry->idempotency_key);
  batch->user = g_strdup (request->user);
  batch->role = request->role;

  /* The key stays the client's, for the batch it first sent: a retry of
   * that batch then gets this answer, and stores nothing again. */
  if (entry->idempotency_key != NULL &&
      (response = replay (ctx->store, entry->actor, entry->idempotency_key, entry->request_sum, &error)) == NULL &&
      error != NULL)
    return error_response (error, FALSE);
  if (response != NULL && response->status < 300)
    {
      if (!pdg_server_failed_update (ctx->store, "server_failed.resubmit", entry->id, NULL, NULL, 0, NULL,
                                     "resubmitted", &error))
        {
          pdg_server_response_free (response);
          return error_response (error, TRUE);
        }
      return response;
    }
  if (response == NULL)
    response = apply_batch (ctx, batch, store_batch, entry->actor, entry->idempotency_key, entry->request_sum,
                            entry->id, &from_data);

  if (response->status >= 400 &&
      !pdg_server_failed_update (ctx->store, "server_failed.refused", entry->id, NULL, NULL, response->status,
                                 response->body, NULL, &error))
    {
      pdg_server_response_free (response);
      return error_response (error, TRUE);
    }
  return response;
}

static PdgServerResponse *
delete_failed (PdgServerContext       *ctx,
               const PdgServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgServerFailed) entry = lookup_failed (ctx, request, &error);
  PdgServerResponse *problem;

  if (entry == NULL)
    return error_response (error, FALSE);
  if ((problem = check_failed_etag (request, entry, FALSE)) != NULL)
    return problem;
  if (!pdg_server_failed_delete (ctx->store, entry->id, &error))
    return error_response (error, TRUE);
  return pdg_server_response_new (204, NULL, NULL);
}

/* ------------------------------------------------------------------------ */
/* The table                                                                 */

const PdgServerRoute pdg_server_routes[] = {
  { "GET", "/api/v1/openapi.json", PDG_ROLE_VIEWER, get_openapi },
  { "GET", "/api/v1/units", PDG_ROLE_VIEWER, get_units },
  { "POST", "/api/v1/units/block", PDG_ROLE_ADMIN, post_block },
  { "GET", "/api/v1/units/{id}", PDG_ROLE_VIEWER, get_unit },
  { "GET", "/api/v1/units/{id}/trace", PDG_ROLE_VIEWER, get_trace },
  { "POST", "/api/v1/recall", PDG_ROLE_VIEWER, post_recall },
  { "GET", "/api/v1/recall/fsma", PDG_ROLE_VIEWER, get_recall_fsma },
  { "POST", "/api/v1/recall/fsma", PDG_ROLE_VIEWER, post_recall_fsma },
  { "GET", "/api/v1/orders", PDG_ROLE_VIEWER, get_orders },
  { "GET", "/api/v1/orders/{id}", PDG_ROLE_VIEWER, get_order },
  { "GET", "/api/v1/orders/{id}/registration", PDG_ROLE_VIEWER, get_registration },
  { "POST", "/api/v1/orders/{id}/registration/actions", PDG_ROLE_PLANNER, post_registration_action },
  { "GET", "/api/v1/audit", PDG_ROLE_VIEWER, get_audit },
  { "POST", "/api/v1/events", PDG_ROLE_PLANNER, post_events },
  { "POST", "/api/v1/epcis/capture", PDG_ROLE_PLANNER, post_epcis_capture },
  { "GET", "/api/v1/epcis/events", PDG_ROLE_VIEWER, get_epcis_events },
  { "GET", "/api/v1/failed", PDG_ROLE_ADMIN, get_failed_list },
  { "GET", "/api/v1/failed/{id}", PDG_ROLE_ADMIN, get_failed },
  { "PUT", "/api/v1/failed/{id}", PDG_ROLE_ADMIN, put_failed },
  { "DELETE", "/api/v1/failed/{id}", PDG_ROLE_ADMIN, delete_failed },
  { "POST", "/api/v1/failed/{id}/resubmit", PDG_ROLE_ADMIN, post_failed_resubmit },
};

const guint pdg_server_n_routes = G_N_ELEMENTS (pdg_server_routes);

/* The handlers that only read (and keep nothing in the context, such as a
 * registration session): pdg-server.c runs them on its readers, each on its
 * own read-only connection. Every other route runs on the one writer. */
const gpointer pdg_server_read_handlers[] = {
  get_openapi, get_units, get_unit, get_trace, post_recall, get_recall_fsma,
  post_recall_fsma, get_orders, get_order, get_audit, get_epcis_events,
};

const guint pdg_server_n_read_handlers = G_N_ELEMENTS (pdg_server_read_handlers);
