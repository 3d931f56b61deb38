/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-api.c: pedigree-server's API, through HTTP to the real binary.
 *
 * Each test starts its own server on a freshly generated database. What
 * the server answers is compared with what the engine answers locally on
 * the same file (or a copy), through the same JSON mapping; refusals are
 * checked to be problem+json and to leave pdg_store_digest() unchanged. */
#include "config.h"

#include <glib/gstdio.h>

#include "pdg-json.h"
#include "pdg-recall.h"
#include "pdg-register.h"
#include "pdg-server-test-util.h"
#include "pdg-server.h"
#include "pdg-store.h"
#include "pdg-trace.h"

#define UNITS 3000
#define SQLISH "x'; DROP TABLE unit; --"

static char *
local_json (JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;

  return pdg_json_to_string (node, FALSE);
}

static char *
escaped (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

/* ------------------------------------------------------------------------ */

/* Trace (both ways), unit details, GS1/ITEM-LOT resolution, recall and its
 * FSMA export over HTTP are the engine's own answers on the same file. */
static void
test_parity_trace_and_recall (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (server->db, &error);
  g_autoptr(PdgGenealogy) forward = NULL;
  g_autoptr(PdgGenealogy) backward = NULL;
  g_autoptr(PdgRecallQuery) query = NULL;
  g_autoptr(PdgRecall) recall = NULL;
  g_autoptr(PdgUnitDetails) details = pdg_unit_details_new ();
  g_autoptr(GOutputStream) fsma = g_memory_output_stream_new_resizable ();
  g_autoptr(PdgUnit) fanout = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *item_lot = NULL;
  g_autofree char *body = NULL;
  PdgTraceOptions options = { 0 };
  gint64 finished_id = 0;

  g_assert_no_error (error);
  fanout = pdg_store_get_unit (store, server->fanout, &error);
  g_assert_no_error (error);

  /* Forward from the widest lot. */
  forward = pdg_trace (store, &server->fanout, 1, PDG_DIRECTION_FORWARD, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (forward->nodes->len, >, 10);
  {
    g_autoptr(PdgTestReply) reply = NULL;

    path = g_strdup_printf ("/api/v1/units/%" G_GINT64_FORMAT "/trace?direction=forward", server->fanout);
    reply = pdg_test_http (server, "GET", path, NULL, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
    expected = local_json (pdg_json_from_genealogy (forward));
    g_assert_cmpstr (pdg_test_reply_text (reply), ==, expected);
  }

  /* The same with every node's events (the server writes traces and unit
   * details without JsonBuilder: the bytes must be the core mapping's). */
  {
    g_autoptr(PdgTestReply) reply = NULL;
    g_autoptr(PdgGenealogy) with_events = NULL;
    PdgTraceOptions events = { .with_events = TRUE };

    with_events = pdg_trace (store, &server->fanout, 1, PDG_DIRECTION_FORWARD, &events, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&path, g_free);
    g_clear_pointer (&expected, g_free);
    path = g_strdup_printf ("/api/v1/units/%" G_GINT64_FORMAT "/trace?direction=forward&events=true", server->fanout);
    reply = pdg_test_http (server, "GET", path, NULL, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
    expected = local_json (pdg_json_from_genealogy (with_events));
    g_assert_nonnull (strstr (expected, "\"events\":[{"));
    g_assert_cmpstr (pdg_test_reply_text (reply), ==, expected);
  }

  /* Backward from a unit at the far end, by ITEM/LOT with an encoded slash. */
  finished_id = ((PdgGenealogyNode *) g_ptr_array_index (forward->nodes, forward->nodes->len - 1))->unit->id;
  backward = pdg_trace (store, &finished_id, 1, PDG_DIRECTION_BACKWARD, &options, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(PdgTestReply) reply = NULL;
    g_autoptr(PdgUnit) unit = pdg_store_get_unit (store, finished_id, &error);
    g_autofree char *item = escaped (unit->item_number);
    g_autofree char *lot = escaped (unit->lot);

    g_clear_pointer (&path, g_free);
    g_clear_pointer (&expected, g_free);
    path = g_strdup_printf ("/api/v1/units/%s%%2F%s/trace", item, lot);
    reply = pdg_test_http (server, "GET", path, NULL, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
    expected = local_json (pdg_json_from_genealogy (backward));
    g_assert_cmpstr (pdg_test_reply_text (reply), ==, expected);
  }

  /* Details of the lot; found by item and lot; by any text. */
  details->unit = pdg_unit_copy (fanout);
  details->events = pdg_store_list_events (store, fanout->id, &error);
  details->components = pdg_store_list_components (store, fanout->id, &error);
  details->consumers = pdg_store_list_consumers (store, fanout->id, &error);
  g_assert_no_error (error);
  {
    g_autoptr(PdgTestReply) reply = NULL;
    g_autoptr(PdgTestReply) by_item_lot = NULL;
    g_autoptr(PdgTestReply) by_code = NULL;
    g_autofree char *item = escaped (fanout->item_number);
    g_autofree char *lot = escaped (fanout->lot);
    g_autofree char *unit_json = local_json (pdg_json_from_unit (fanout));
    g_autofree char *page = NULL;

    g_clear_pointer (&path, g_free);
    g_clear_pointer (&expected, g_free);
    path = g_strdup_printf ("/api/v1/units/%" G_GINT64_FORMAT, fanout->id);
    reply = pdg_test_http (server, "GET", path, NULL, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
    expected = local_json (pdg_json_from_unit_details (details));
    g_assert_cmpstr (pdg_test_reply_text (reply), ==, expected);

    page = g_strdup_printf ("{\"units\":[%s],\"limit\":50,\"offset\":0}", unit_json);
    g_clear_pointer (&path, g_free);
    path = g_strdup_printf ("/api/v1/units?item=%s&lot=%s", item, lot);
    by_item_lot = pdg_test_http (server, "GET", path, NULL, NULL, NULL);
    g_assert_cmpuint (by_item_lot->status, ==, 200);
    g_assert_cmpstr (pdg_test_reply_text (by_item_lot), ==, page);
    g_clear_pointer (&path, g_free);
    path = g_strdup_printf ("/api/v1/units?code=%s%%2F%s", item, lot);
    by_code = pdg_test_http (server, "GET", path, NULL, NULL, NULL);
    g_assert_cmpuint (by_code->status, ==, 200);
    g_assert_cmpstr (pdg_test_reply_text (by_code), ==, page);
  }

  /* Recall of the lot, named by ITEM/LOT, and its FSMA export. */
  query = pdg_recall_query_new_units (&server->fanout, 1);
  recall = pdg_recall_run (store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pdg_recall_write_fsma (store, recall, fsma, NULL, &error));
  g_assert_true (g_output_stream_close (fsma, NULL, &error));
  item_lot = g_strdup_printf ("%s/%s", fanout->item_number, fanout->lot);
  body = g_strdup_printf ("{\"lots\": [\"%s\"]}", item_lot);
  {
    g_autoptr(PdgTestReply) reply = pdg_test_http (server, "POST", "/api/v1/recall", NULL, body, NULL);
    g_autoptr(PdgTestReply) csv_post = pdg_test_http (server, "POST", "/api/v1/recall/fsma", NULL, body, NULL);
    g_autoptr(PdgTestReply) csv_get = NULL;
    g_autoptr(GBytes) fsma_bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (fsma));

    g_assert_cmpuint (reply->status, ==, 200);
    g_clear_pointer (&expected, g_free);
    expected = local_json (pdg_json_from_recall (recall));
    g_assert_cmpstr (pdg_test_reply_text (reply), ==, expected);
    g_assert_nonnull (strstr (pdg_test_reply_text (reply), "\"mass_balance\":[{"));
    g_assert_nonnull (strstr (pdg_test_reply_text (reply), "\"summary\":\""));

    g_assert_cmpuint (csv_post->status, ==, 200);
    g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (csv_post->headers, NULL), "text/csv"));
    g_assert_true (g_bytes_equal (csv_post->body, fsma_bytes));

    g_clear_pointer (&path, g_free);
    path = g_strdup_printf ("/api/v1/recall/fsma?lots=%" G_GINT64_FORMAT, server->fanout);
    csv_get = pdg_test_http (server, "GET", path, NULL, NULL, NULL);
    g_assert_cmpuint (csv_get->status, ==, 200);
    g_assert_true (g_bytes_equal (csv_get->body, fsma_bytes));
  }

  g_clear_object (&store);
  pdg_test_server_stop (server);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  gint64 order_id;
  gint64 product_id;
  gint64 line_id;
} Pick;

/* A started order with a finished unit that has nothing registered, and
 * that unit's first tracked line, found by the engine on @store. */
static Pick
find_pick (PdgStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = pdg_store_list_orders (store, PDG_ORDER_STARTED, NULL, 200, &error);
  Pick pick = { 0 };

  g_assert_no_error (error);
  for (guint i = 0; i < orders->len && pick.line_id == 0; i++)
    {
      const PdgOrder *order = orders->pdata[i];
      g_autoptr(PdgRegister) session = pdg_register_new (store, order->id, &error);
      g_autoptr(PdgRegisterState) state = pdg_register_get_state (session, &error);

      g_assert_no_error (error);
      for (guint k = 0; k < state->products->len && pick.line_id == 0; k++)
        {
          const PdgFinishedProduct *p = state->products->pdata[k];
          g_autoptr(GPtrArray) lines = NULL;

          if (p->reported || p->status != PDG_REGISTRATION_NOT_STARTED)
            continue;
          lines = pdg_register_list_lines (session, p->unit_id, &error);
          g_assert_no_error (error);
          for (guint l = 0; l < lines->len && pick.line_id == 0; l++)
            {
              const PdgComponentLine *line = lines->pdata[l];

              if (line->tracked)
                {
                  pick.order_id = order->id;
                  pick.product_id = p->unit_id;
                  pick.line_id = line->bom_line_id;
                }
            }
        }
    }
  g_assert_cmpint (pick.line_id, >, 0);
  return pick;
}

/* The state JSON without the times of the moment (association
 * created_at); takes @node. */
static char *
comparable (JsonNode *node)
{
  static const char * const times[] = { "created_at", NULL };
  g_autoptr(JsonNode) owned = node;

  pdg_test_json_strip (node, times);
  return pdg_test_json_string (node);
}

static char *
local_state (PdgRegister             *session,
             const PdgRegisterAction *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRegisterState) state = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *message = NULL;

  if (action != NULL)
    {
      g_assert_true (pdg_register_apply (session, action, &message, &error));
      g_assert_no_error (error);
    }
  state = pdg_register_get_state (session, &error);
  g_assert_no_error (error);
  state->message = g_steal_pointer (&message);
  node = pdg_json_from_register_state (state);
  return comparable (g_steal_pointer (&node));
}

static PdgTestReply *
post_action (PdgTestServer *server,
             gint64         order_id,
             const char    *etag,
             const char    *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/registration/actions", order_id);

  if (etag == NULL)
    return pdg_test_http (server, "POST", path, TOKEN_PLANNER, body, NULL);
  return pdg_test_http (server, "POST", path, TOKEN_PLANNER, body, "If-Match", etag, NULL);
}

/* Select a finished unit and pick a line through HTTP: each state is the
 * one pdg_register_apply() gives on a copy of the database. */
static void
test_parity_registration (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, TRUE);
  g_autofree char *copy = pdg_test_server_copy_db (server, "copy.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) local = pdg_store_open (copy, &error);
  g_autoptr(PdgRegister) session = NULL;
  g_autoptr(PdgRegisterAction) select = pdg_register_action_new (PDG_REGISTER_ACTION_SELECT_PRODUCT);
  g_autoptr(PdgRegisterAction) pick_action = pdg_register_action_new (PDG_REGISTER_ACTION_PICK);
  g_autoptr(PdgTestReply) initial = NULL;
  g_autoptr(PdgTestReply) selected = NULL;
  g_autoptr(PdgTestReply) picked = NULL;
  g_autoptr(PdgTestReply) audit = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autofree char *body = NULL;
  Pick pick;

  g_assert_no_error (error);
  pdg_store_set_actor (local, NAME_PLANNER);
  pick = find_pick (local);
  session = pdg_register_new (local, pick.order_id, &error);
  g_assert_no_error (error);

  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/registration", pick.order_id);
  initial = pdg_test_http (server, "GET", path, TOKEN_VIEWER, NULL, NULL);
  g_assert_cmpuint (initial->status, ==, 200);
  g_assert_nonnull (soup_message_headers_get_one (initial->headers, "ETag"));
  expected = local_state (session, NULL);
  got = comparable (pdg_test_reply_json (initial));
  g_assert_cmpstr (got, ==, expected);

  select->unit_id = pick.product_id;
  body = g_strdup_printf ("{\"kind\": \"select_product\", \"unit_id\": %" G_GINT64_FORMAT "}", pick.product_id);
  selected = post_action (server, pick.order_id, soup_message_headers_get_one (initial->headers, "ETag"), body);
  g_assert_cmpuint (selected->status, ==, 200);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&got, g_free);
  expected = local_state (session, select);
  got = comparable (pdg_test_reply_json (selected));
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpstr (soup_message_headers_get_one (selected->headers, "ETag"), !=,
                   soup_message_headers_get_one (initial->headers, "ETag"));

  pick_action->line_id = pick.line_id;
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"kind\": \"pick\", \"line_id\": %" G_GINT64_FORMAT "}", pick.line_id);
  picked = post_action (server, pick.order_id, soup_message_headers_get_one (selected->headers, "ETag"), body);
  g_assert_cmpuint (picked->status, ==, 200);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&got, g_free);
  expected = local_state (session, pick_action);
  got = comparable (pdg_test_reply_json (picked));
  g_assert_cmpstr (got, ==, expected);
  g_assert_nonnull (strstr (got, "\"message\":"));
  g_assert_nonnull (strstr (got, "\"created_by\":\"" NAME_PLANNER "\""));

  /* The audit names the token's holder. */
  audit = pdg_test_http (server, "GET", "/api/v1/audit?user=Pat%20Planner&limit=5", TOKEN_VIEWER, NULL, NULL);
  g_assert_cmpuint (audit->status, ==, 200);
  g_assert_nonnull (strstr (pdg_test_reply_text (audit), "\"actor\":\"" NAME_PLANNER "\""));

  g_clear_object (&session);
  g_clear_object (&local);
  pdg_test_server_stop (server);
}

/* ------------------------------------------------------------------------ */

/* Two planners on one order: the second, deciding on the state it read
 * before the first one's action, is refused with 412 and the current ETag;
 * nothing is lost, and reading again then acting succeeds. */
static void
test_stale_etag (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (server->db, &error);
  g_autoptr(PdgTestReply) read_a = NULL;
  g_autoptr(PdgTestReply) read_b = NULL;
  g_autoptr(PdgTestReply) act_a = NULL;
  g_autoptr(PdgTestReply) act_b = NULL;
  g_autoptr(PdgTestReply) no_match = NULL;
  g_autoptr(PdgTestReply) reread_b = NULL;
  g_autoptr(PdgTestReply) retry_b = NULL;
  g_autofree char *path = NULL;
  g_autofree char *select = NULL;
  g_autofree char *pick_body = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *digest_after = NULL;
  Pick pick;

  g_assert_no_error (error);
  pick = find_pick (store);
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/registration", pick.order_id);
  read_a = pdg_test_http (server, "GET", path, TOKEN_PLANNER, NULL, NULL);
  read_b = pdg_test_http (server, "GET", path, TOKEN_PLANNER, NULL, NULL);
  g_assert_cmpstr (soup_message_headers_get_one (read_a->headers, "ETag"), ==,
                   soup_message_headers_get_one (read_b->headers, "ETag"));

  select = g_strdup_printf ("{\"kind\": \"select_product\", \"unit_id\": %" G_GINT64_FORMAT "}", pick.product_id);
  act_a = post_action (server, pick.order_id, soup_message_headers_get_one (read_a->headers, "ETag"), select);
  g_assert_cmpuint (act_a->status, ==, 200);

  digest = pdg_store_digest (store, &error);
  pick_body = g_strdup_printf ("{\"kind\": \"pick\", \"line_id\": %" G_GINT64_FORMAT "}", pick.line_id);
  act_b = post_action (server, pick.order_id, soup_message_headers_get_one (read_b->headers, "ETag"), pick_body);
  pdg_test_assert_problem (act_b, 412);
  g_assert_cmpstr (soup_message_headers_get_one (act_b->headers, "ETag"), ==,
                   soup_message_headers_get_one (act_a->headers, "ETag"));
  no_match = post_action (server, pick.order_id, NULL, pick_body);
  pdg_test_assert_problem (no_match, 428);
  digest_after = pdg_store_digest (store, &error);
  g_assert_cmpstr (digest, ==, digest_after);

  /* B reads again: A's selection is there; B's pick now goes through. */
  reread_b = pdg_test_http (server, "GET", path, TOKEN_PLANNER, NULL, NULL);
  g_assert_cmpstr (soup_message_headers_get_one (reread_b->headers, "ETag"), ==,
                   soup_message_headers_get_one (act_a->headers, "ETag"));
  {
    g_autoptr(JsonNode) state = pdg_test_reply_json (reread_b);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (state), "product_id"), ==, pick.product_id);
  }
  retry_b = post_action (server, pick.order_id, soup_message_headers_get_one (reread_b->headers, "ETag"), pick_body);
  g_assert_cmpuint (retry_b->status, ==, 200);
  {
    g_autoptr(JsonNode) state = pdg_test_reply_json (retry_b);
    JsonObject *o = json_node_get_object (state);

    g_assert_cmpint (json_object_get_int_member (o, "product_id"), ==, pick.product_id);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "components")), >, 0);
  }

  g_clear_object (&store);
  pdg_test_server_stop (server);
}

/* ------------------------------------------------------------------------ */

/* A unit in stock, which blocking blocks. */
static gint64
available_unit (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (db, &error);

  g_assert_no_error (error);
  for (gint64 id = 1; id < UNITS; id++)
    {
      g_autoptr(PdgUnit) unit = pdg_store_get_unit (store, id, &error);

      g_assert_no_error (error);
      if (unit->status == PDG_UNIT_STATUS_AVAILABLE)
        return id;
    }
  g_assert_not_reached ();
}

/* No token: 401 with a Bearer challenge; an unknown token: 401; too low a
 * role: 403; the right role: done, in the token holder's name. */
static void
test_auth (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, TRUE);
  g_autofree char *digest = pdg_test_db_digest (server->db);
  g_autofree char *digest_after = NULL;
  g_autofree char *block = NULL;
  g_autofree char *events = NULL;
  g_autofree char *audit_path = NULL;
  gint64 available = available_unit (server->db);
  PdgTestReply *reply;

  block = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "]}", available);
  events = g_strdup_printf ("{\"events\": [{\"unit_id\": %" G_GINT64_FORMAT ", \"kind\": \"inspection\"}]}", available);
  audit_path = g_strdup_printf ("/api/v1/audit?entity=unit&id=%" G_GINT64_FORMAT, available);

  reply = pdg_test_http (server, "GET", "/api/v1/orders", NULL, NULL, NULL);
  pdg_test_assert_problem (reply, 401);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (reply->headers, "WWW-Authenticate"), "Bearer"));
  pdg_test_reply_free (reply);

  reply = pdg_test_http (server, "GET", "/api/v1/orders", "not-a-token-of-this-server", NULL, NULL);
  pdg_test_assert_problem (reply, 401);
  g_assert_nonnull (strstr (soup_message_headers_get_one (reply->headers, "WWW-Authenticate"), "invalid_token"));
  pdg_test_reply_free (reply);

  reply = pdg_test_http (server, "POST", "/api/v1/units/block", NULL, block, NULL);
  pdg_test_assert_problem (reply, 401);
  pdg_test_reply_free (reply);

  reply = pdg_test_http (server, "POST", "/api/v1/events", TOKEN_VIEWER, events, NULL);
  pdg_test_assert_problem (reply, 403);
  pdg_test_reply_free (reply);

  reply = pdg_test_http (server, "POST", "/api/v1/units/block", TOKEN_PLANNER, block, NULL);
  pdg_test_assert_problem (reply, 403);
  pdg_test_reply_free (reply);

  digest_after = pdg_test_db_digest (server->db);
  g_assert_cmpstr (digest, ==, digest_after);

  reply = pdg_test_http (server, "GET", "/api/v1/orders?status=open", TOKEN_VIEWER, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  pdg_test_reply_free (reply);

  reply = pdg_test_http (server, "POST", "/api/v1/units/block", TOKEN_ADMIN, block, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (pdg_test_reply_text (reply), ==, "{\"requested\":1,\"blocked\":1}");
  pdg_test_reply_free (reply);

  reply = pdg_test_http (server, "GET", audit_path, TOKEN_VIEWER, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_nonnull (strstr (pdg_test_reply_text (reply), "\"actor\":\"" NAME_ADMIN "\",\"action\":\"unit.block\""));
  pdg_test_reply_free (reply);

  pdg_test_server_stop (server);
}

/* ------------------------------------------------------------------------ */

static gint64
count_events (const char *db,
              const char *doc_ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (db, &error);
  g_autoptr(GPtrArray) entries = NULL;
  PdgAuditQuery query = { .entity = "event" };
  gint64 n = 0;

  g_assert_no_error (error);
  entries = pdg_store_query_audit (store, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      const PdgAuditEntry *entry = entries->pdata[i];
      g_autofree char *needle = g_strdup_printf ("\"doc_ref\":\"%s\"", doc_ref);

      if (entry->after != NULL && strstr (entry->after, needle) != NULL)
        n++;
    }
  return n;
}

/* A batch is stored once however often it is retried with its key; the
 * retry gets the first answer; the key with another batch is refused; a
 * batch with one bad event stores nothing. */
static void
test_idempotent_events (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (server->db, &error);
  g_autoptr(PdgUnit) fanout = pdg_store_get_unit (store, server->fanout, &error);
  g_autoptr(PdgTestReply) first = NULL;
  g_autoptr(PdgTestReply) retry = NULL;
  g_autoptr(PdgTestReply) other = NULL;
  g_autoptr(PdgTestReply) refused = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *digest_after = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);
  batch = g_strdup_printf ("{\"events\": ["
                           "{\"unit_id\": %" G_GINT64_FORMAT ", \"kind\": \"inspection\", \"at\": \"2025-03-01T08:30:00Z\", \"doc_ref\": \"IDEM-1\", \"note\": \"visual check\"},"
                           "{\"unit\": \"%s/%s\", \"kind\": \"inspection\", \"doc_ref\": \"IDEM-1\"},"
                           "{\"unit_id\": %" G_GINT64_FORMAT ", \"kind\": \"transfer\", \"doc_ref\": \"IDEM-1\"}]}",
                           fanout->id, fanout->item_number, fanout->lot, fanout->id);

  first = pdg_test_http (server, "POST", "/api/v1/events", TOKEN_PLANNER, batch, "Idempotency-Key", "batch-0001", NULL);
  g_assert_cmpuint (first->status, ==, 201);
  g_assert_true (g_str_has_prefix (pdg_test_reply_text (first), "{\"count\":3,\"events\":[{\"id\":"));
  g_assert_cmpint (count_events (server->db, "IDEM-1"), ==, 3);

  retry = pdg_test_http (server, "POST", "/api/v1/events", TOKEN_PLANNER, batch, "Idempotency-Key", "batch-0001", NULL);
  g_assert_cmpuint (retry->status, ==, 201);
  g_assert_true (g_bytes_equal (first->body, retry->body));
  g_assert_cmpstr (soup_message_headers_get_one (retry->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpint (count_events (server->db, "IDEM-1"), ==, 3);

  digest = pdg_test_db_digest (server->db);
  other = pdg_test_http (server, "POST", "/api/v1/events", TOKEN_PLANNER, "{\"events\": []}", "Idempotency-Key", "batch-0001", NULL);
  pdg_test_assert_problem (other, 422);

  /* The second event takes more than the lot has: neither is stored. */
  bad = g_strdup_printf ("{\"events\": ["
                         "{\"unit_id\": %" G_GINT64_FORMAT ", \"kind\": \"inspection\", \"doc_ref\": \"IDEM-2\"},"
                         "{\"unit_id\": %" G_GINT64_FORMAT ", \"kind\": \"consumption\", \"quantity\": 1e12, \"doc_ref\": \"IDEM-2\"}]}",
                         fanout->id, fanout->id);
  refused = pdg_test_http (server, "POST", "/api/v1/events", TOKEN_PLANNER, bad, "Idempotency-Key", "batch-0002", NULL);
  pdg_test_assert_problem (refused, 409);
  g_assert_nonnull (strstr (pdg_test_reply_text (refused), "Event 2 of 2"));
  digest_after = pdg_test_db_digest (server->db);
  g_assert_cmpstr (digest, ==, digest_after);
  g_assert_cmpint (count_events (server->db, "IDEM-2"), ==, 0);

  pdg_test_server_stop (server);
}

/* ------------------------------------------------------------------------ */

/* Malformed JSON, wrong types, too large a body, unknown routes and
 * methods: each a problem, none a change. */
static void
test_bad_requests (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, FALSE);
  g_autofree char *digest = pdg_test_db_digest (server->db);
  g_autofree char *digest_after = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *deep = NULL;
  static const struct { const char *method, *path, *body; guint status; } cases[] = {
    { "POST", "/api/v1/events", "{\"events\": [", 400 },
    { "POST", "/api/v1/events", "not json at all", 400 },
    { "POST", "/api/v1/events", "", 400 },
    { "POST", "/api/v1/events", "{\"events\": [{\"unit_id\": \"7\", \"kind\": \"inspection\"}]}", 400 },
    { "POST", "/api/v1/events", "{\"events\": [{\"unit_id\": 7, \"kind\": 5}]}", 400 },
    { "POST", "/api/v1/events", "{\"events\": [{\"unit_id\": 7, \"kind\": \"teleport\"}]}", 400 },
    { "POST", "/api/v1/events", "{\"events\": [{\"unit_id\": 7, \"kind\": \"inspection\", \"quantity\": \"lots\"}]}", 400 },
    { "POST", "/api/v1/events", "{\"events\": [{\"unit_id\": 999999999, \"kind\": \"inspection\"}]}", 409 },
    { "POST", "/api/v1/events", "{\"events\": {}}", 400 },
    { "POST", "/api/v1/recall", "{\"lots\": \"RL1\"}", 400 },
    { "POST", "/api/v1/recall", "{\"lots\": [true]}", 400 },
    { "POST", "/api/v1/recall", "{\"supplier\": 42}", 400 },
    { "POST", "/api/v1/recall", "[]", 400 },
    { "POST", "/api/v1/units/block", "{\"ids\": [999999999]}", 409 },
    { "POST", "/api/v1/units/block", "{\"ids\": 3}", 400 },
    { "GET", "/api/v1/units", NULL, 400 },
    { "GET", "/api/v1/units?q=A&limit=0", NULL, 400 },
    { "GET", "/api/v1/units?q=A&limit=-1", NULL, 400 },
    { "GET", "/api/v1/units?q=A&limit=100000", NULL, 400 },
    { "GET", "/api/v1/units/999999999", NULL, 404 },
    { "GET", "/api/v1/units/1/trace?direction=sideways", NULL, 400 },
    { "GET", "/api/v1/units/1/trace?depth=two", NULL, 400 },
    { "GET", "/api/v1/orders?status=lost", NULL, 400 },
    { "GET", "/api/v1/orders/999999999", NULL, 404 },
    { "GET", "/api/v1/orders/999999999/registration", NULL, 404 },
    { "GET", "/api/v1/audit?since=yesterday", NULL, 400 },
    { "GET", "/api/v1/nothing", NULL, 404 },
    { "GET", "/api/v2/units", NULL, 404 },
    { "GET", "/", NULL, 404 },
    { "DELETE", "/api/v1/units/1", NULL, 405 },
    { "GET", "/api/v1/events", NULL, 405 },
    { "PUT", "/api/v1/recall", "{}", 405 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdgTestReply) reply = pdg_test_http (server, cases[i].method, cases[i].path, NULL, cases[i].body, NULL);

      g_test_message ("%s %s %s", cases[i].method, cases[i].path, cases[i].body ? cases[i].body : "");
      pdg_test_assert_problem (reply, cases[i].status);
      if (cases[i].status == 405)
        g_assert_nonnull (soup_message_headers_get_one (reply->headers, "Allow"));
    }

  /* 9 MiB: refused from its Content-Length. */
  huge = g_malloc (9 * 1024 * 1024 + 1);
  memset (huge, ' ', 9 * 1024 * 1024);
  huge[9 * 1024 * 1024] = '\0';
  huge[0] = '[';
  {
    g_autoptr(PdgTestReply) reply = pdg_test_http (server, "POST", "/api/v1/events", NULL, huge, NULL);

    pdg_test_assert_problem (reply, 413);
  }

  /* A million "[": refused before the parser recurses into it. */
  deep = g_strnfill (1000000, '[');
  {
    g_autoptr(PdgTestReply) reply = pdg_test_http (server, "POST", "/api/v1/events", NULL, deep, NULL);

    pdg_test_assert_problem (reply, 400);
  }

  /* 20 KB of headers: a problem (libsoup alone would drop the connection
   * only past 64 KiB, and answer everything below). */
  {
    g_autofree char *padding = g_strnfill (20 * 1024, 'a');
    g_autoptr(PdgTestReply) reply = pdg_test_http (server, "GET", "/api/v1/units/1", NULL, NULL,
                                                   "X-Padding", padding, NULL);

    pdg_test_assert_problem (reply, 431);
  }

  digest_after = pdg_test_db_digest (server->db);
  g_assert_cmpstr (digest, ==, digest_after);
  pdg_test_server_stop (server);
}

/* ------------------------------------------------------------------------ */

/* SQL in every parameter: stored and returned verbatim, or refused with a
 * problem; never run. */
static void
test_sql_looking_strings (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, FALSE);
  g_autofree char *s = escaped (SQLISH);
  g_autofree char *digest = pdg_test_db_digest (server->db);
  g_autofree char *digest_after = NULL;
  g_autofree char *json_s = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = NULL;
  gint64 units_before, units_after;
  struct { const char *method; char *path; char *body; guint status; } cases[] = {
    { "GET", g_strdup_printf ("/api/v1/units?q=%s", s), NULL, 200 },
    { "GET", g_strdup_printf ("/api/v1/units?code=%s", s), NULL, 404 },
    { "GET", g_strdup_printf ("/api/v1/units?item=%s&lot=%s", s, s), NULL, 404 },
    { "GET", g_strdup_printf ("/api/v1/units/%s", s), NULL, 404 },
    { "GET", g_strdup_printf ("/api/v1/units/%s/trace?direction=forward", s), NULL, 404 },
    { "GET", g_strdup_printf ("/api/v1/units/1/trace?direction=%s", s), NULL, 400 },
    { "GET", g_strdup_printf ("/api/v1/units?q=A&limit=%s", s), NULL, 400 },
    { "GET", g_strdup_printf ("/api/v1/orders?q=%s", s), NULL, 200 },
    { "GET", g_strdup_printf ("/api/v1/orders?status=%s", s), NULL, 400 },
    { "GET", g_strdup_printf ("/api/v1/orders/%s", s), NULL, 404 },
    { "GET", g_strdup_printf ("/api/v1/orders/%s/registration", s), NULL, 404 },
    { "GET", g_strdup_printf ("/api/v1/audit?entity=%s&user=%s", s, s), NULL, 200 },
    { "GET", g_strdup_printf ("/api/v1/audit?since=%s", s), NULL, 400 },
    { "GET", g_strdup_printf ("/api/v1/recall/fsma?lots=%s", s), NULL, 404 },
    { "GET", g_strdup_printf ("/api/v1/recall/fsma?supplier=%s&from=2024-01-01&to=2024-12-31", s), NULL, 404 },
    { "POST", g_strdup ("/api/v1/recall"), g_strdup_printf ("{\"item\": \"%s\", \"from\": \"2024-01-01\", \"to\": \"2024-12-31\"}", SQLISH), 404 },
    { "POST", g_strdup ("/api/v1/recall"), g_strdup_printf ("{\"lots\": [\"%s\"]}", SQLISH), 404 },
    { "POST", g_strdup ("/api/v1/units/block"), g_strdup_printf ("{\"ids\": [\"%s\"]}", SQLISH), 409 },
    { "POST", g_strdup ("/api/v1/events"), g_strdup_printf ("{\"events\": [{\"unit\": \"%s\", \"kind\": \"inspection\"}]}", SQLISH), 409 },
    { "POST", g_strdup ("/api/v1/events"), g_strdup_printf ("{\"events\": [{\"unit_id\": 1, \"kind\": \"%s\"}]}", SQLISH), 400 },
  };

  store = pdg_store_open (server->db, &error);
  g_assert_no_error (error);
  units_before = pdg_store_count_rows (store, "unit", &error);
  g_clear_object (&store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdgTestReply) reply = pdg_test_http (server, cases[i].method, cases[i].path, NULL, cases[i].body, NULL);

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      if (cases[i].status == 200)
        {
          g_assert_cmpuint (reply->status, ==, 200);
          g_assert_nonnull (strstr (pdg_test_reply_text (reply), "[]"));
        }
      else
        pdg_test_assert_problem (reply, cases[i].status);
      g_free (cases[i].path);
      g_free (cases[i].body);
    }

  /* A registration scan of it: refused by the engine. */
  {
    g_autoptr(PdgStore) local = pdg_store_open (server->db, &error);
    Pick pick = find_pick (local);
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/registration", pick.order_id);
    g_autoptr(PdgTestReply) state = pdg_test_http (server, "GET", path, NULL, NULL, NULL);
    g_autofree char *body = g_strdup_printf ("{\"kind\": \"submit\", \"text\": \"%s\"}", SQLISH);
    g_autoptr(PdgTestReply) reply = post_action (server, pick.order_id, soup_message_headers_get_one (state->headers, "ETag"), body);

    pdg_test_assert_problem (reply, 409);
  }

  digest_after = pdg_test_db_digest (server->db);
  g_assert_cmpstr (digest, ==, digest_after);

  /* Stored as text and read back as it was sent. */
  json_s = g_strdup_printf ("{\"events\": [{\"unit_id\": %" G_GINT64_FORMAT ", \"kind\": \"inspection\", \"doc_type\": \"%s\", \"doc_ref\": \"%s\", \"note\": \"%s\"}]}",
                            server->fanout, SQLISH, SQLISH, SQLISH);
  {
    g_autoptr(PdgTestReply) stored = pdg_test_http (server, "POST", "/api/v1/events", NULL, json_s, "Idempotency-Key", "x';DROP-TABLE-unit;--", NULL);
    g_autofree char *path = g_strdup_printf ("/api/v1/units/%" G_GINT64_FORMAT, server->fanout);
    g_autoptr(PdgTestReply) unit = NULL;
    g_autoptr(PdgTestReply) audit = NULL;

    g_assert_cmpuint (stored->status, ==, 201);
    unit = pdg_test_http (server, "GET", path, NULL, NULL, NULL);
    g_assert_cmpuint (unit->status, ==, 200);
    g_assert_nonnull (strstr (pdg_test_reply_text (unit), "\"note\":\"" SQLISH "\""));
    g_assert_nonnull (strstr (pdg_test_reply_text (unit), "\"doc_ref\":\"" SQLISH "\""));
    audit = pdg_test_http (server, "GET", "/api/v1/audit?entity=event&limit=1", NULL, NULL, NULL);
    g_assert_nonnull (strstr (pdg_test_reply_text (audit), SQLISH));
  }

  store = pdg_store_open (server->db, &error);
  g_assert_no_error (error);
  units_after = pdg_store_count_rows (store, "unit", &error);
  g_assert_cmpint (units_before, ==, units_after);
  g_clear_object (&store);
  pdg_test_db_assert_intact (server->db);
  pdg_test_server_stop (server);
}

/* ------------------------------------------------------------------------ */

/* Pages of a search, of orders and of the audit follow each other through
 * "next" and are the engine's lists cut in pieces. */
static void
test_pagination (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (server->db, &error);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *next = g_strdup ("/api/v1/orders?limit=7");
  guint pages = 0;

  g_assert_no_error (error);
  orders = pdg_store_list_orders (store, -2, NULL, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, >, 7);
  for (guint i = 0; i < orders->len; i++)
    g_string_append_printf (expected, "%" G_GINT64_FORMAT " ", ((PdgOrder *) orders->pdata[i])->id);

  while (next != NULL)
    {
      g_autoptr(PdgTestReply) reply = pdg_test_http (server, "GET", next, NULL, NULL, NULL);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *o;
      JsonArray *page;

      g_assert_cmpuint (reply->status, ==, 200);
      node = pdg_test_reply_json (reply);
      o = json_node_get_object (node);
      page = json_object_get_array_member (o, "orders");
      g_assert_cmpuint (json_array_get_length (page), <=, 7);
      for (guint i = 0; i < json_array_get_length (page); i++)
        g_string_append_printf (ids, "%" G_GINT64_FORMAT " ",
                                json_object_get_int_member (json_array_get_object_element (page, i), "id"));
      g_free (next);
      next = json_object_has_member (o, "next") ? g_strdup (json_object_get_string_member (o, "next")) : NULL;
      pages++;
    }
  g_assert_cmpstr (ids->str, ==, expected->str);
  g_assert_cmpuint (pages, ==, (orders->len + 6) / 7);

  /* The audit, newest first, two pages of three (of a batch's seven). */
  {
    g_autoptr(GString) batch = g_string_new ("{\"events\": [");

    for (guint i = 0; i < 7; i++)
      g_string_append_printf (batch, "%s{\"unit_id\": %" G_GINT64_FORMAT ", \"kind\": \"inspection\"}",
                              i > 0 ? "," : "", server->fanout);
    g_string_append (batch, "]}");
    pdg_test_reply_free (pdg_test_http (server, "POST", "/api/v1/events", NULL, batch->str, NULL));
  }
  {
    g_autoptr(PdgTestReply) first = pdg_test_http (server, "GET", "/api/v1/audit?limit=3", NULL, NULL, NULL);
    g_autoptr(JsonNode) node = pdg_test_reply_json (first);
    JsonObject *o = json_node_get_object (node);
    g_autoptr(PdgTestReply) second = pdg_test_http (server, "GET", json_object_get_string_member (o, "next"), NULL, NULL, NULL);
    g_autoptr(JsonNode) node2 = pdg_test_reply_json (second);
    JsonArray *a = json_object_get_array_member (o, "entries");
    JsonArray *b = json_object_get_array_member (json_node_get_object (node2), "entries");

    g_assert_cmpuint (json_array_get_length (a), ==, 3);
    g_assert_cmpuint (json_array_get_length (b), ==, 3);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (a, 2), "id"), >,
                     json_object_get_int_member (json_array_get_object_element (b, 0), "id"));
  }

  g_clear_object (&store);
  pdg_test_server_stop (server);
}

/* ------------------------------------------------------------------------ */

/* Every route the server has is in its OpenAPI document, and every
 * operation of the document is a route. */
static void
test_openapi (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, TRUE);
  g_autoptr(PdgTestReply) reply = pdg_test_http (server, "GET", "/api/v1/openapi.json", TOKEN_VIEWER, NULL, NULL);
  g_autoptr(JsonNode) doc = NULL;
  JsonObject *paths;
  g_autoptr(GList) names = NULL;
  const PdgServerRoute *routes;
  guint n_routes, n_operations = 0;

  g_assert_cmpuint (reply->status, ==, 200);
  doc = pdg_test_reply_json (reply);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (doc), "openapi"), ==, "3.0.3");
  paths = json_object_get_object_member (json_node_get_object (doc), "paths");

  routes = pdg_server_get_routes (&n_routes);
  g_assert_cmpuint (n_routes, >, 10);
  for (guint i = 0; i < n_routes; i++)
    {
      g_autofree char *method = g_ascii_strdown (routes[i].method, -1);
      JsonObject *item;
      JsonObject *operation;

      g_test_message ("%s %s", routes[i].method, routes[i].path);
      g_assert_true (json_object_has_member (paths, routes[i].path));
      item = json_object_get_object_member (paths, routes[i].path);
      g_assert_true (json_object_has_member (item, method));
      operation = json_object_get_object_member (item, method);
      g_assert_cmpstr (json_object_get_string_member (operation, "x-pedigree-role"), ==,
                       pdg_role_to_string (routes[i].role));
    }

  names = json_object_get_members (paths);
  for (GList *l = names; l != NULL; l = l->next)
    n_operations += json_object_get_size (json_object_get_object_member (paths, l->data));
  g_assert_cmpuint (n_operations, ==, n_routes);

  pdg_test_server_stop (server);
}

/* ------------------------------------------------------------------------ */

/* Without tokens it will not listen beyond loopback. */
static void
test_refuses_open_listen (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pedigree-server-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "unused.db", NULL);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              g_getenv ("PEDIGREE_SERVER"), "--db", db, "--listen", "0.0.0.0:0", NULL);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/answers-trace-and-recall-as-the-engine-does", test_parity_trace_and_recall);
  g_test_add_func ("/server/registers-as-the-engine-does", test_parity_registration);
  g_test_add_func ("/server/refuses-a-stale-registration-etag", test_stale_etag);
  g_test_add_func ("/server/checks-tokens-and-roles", test_auth);
  g_test_add_func ("/server/stores-a-retried-event-batch-once", test_idempotent_events);
  g_test_add_func ("/server/refuses-bad-requests-with-problems", test_bad_requests);
  g_test_add_func ("/server/never-runs-sql-from-parameters", test_sql_looking_strings);
  g_test_add_func ("/server/pages-through-lists", test_pagination);
  g_test_add_func ("/server/documents-every-route", test_openapi);
  g_test_add_func ("/server/refuses-an-open-listen-without-tokens", test_refuses_open_listen);

  return g_test_run ();
}
