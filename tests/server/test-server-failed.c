/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-failed.c: the failed-transaction queue and the order ETag,
 * through HTTP to the real pedigree-server.
 *
 * A planner's event batch refused for its data lands in the queue with its
 * reason and stores nothing (the database digest unchanged); only admins
 * see the queue; a fix is a PUT with If-Match (412 when stale); a still-bad
 * resubmit updates the reason; a good one stores the events once and marks
 * the entry resubmitted; a discard removes it; each change is audited.
 * Then an order's ETag: 304 for If-None-Match, changed by a registration. */
#include "config.h"

#include <string.h>

#include "pdg-register.h"
#include "pdg-server-test-util.h"
#include "pdg-store.h"

#define UNITS 300

static gint64
count_events (const char *db,
              const char *doc_ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (db, &error);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *needle = g_strdup_printf ("\"doc_ref\":\"%s\"", doc_ref);
  PdgAuditQuery query = { .entity = "event" };
  gint64 n = 0;

  g_assert_no_error (error);
  entries = pdg_store_query_audit (store, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      const PdgAuditEntry *entry = entries->pdata[i];

      if (entry->after != NULL && strstr (entry->after, needle) != NULL)
        n++;
    }
  return n;
}

/* The admin's list (?all=1 with @all) as a JSON array, owned by @doc. */
static JsonArray *
list_failed (PdgTestServer *server,
             gboolean       all,
             JsonNode     **doc)
{
  g_autoptr(PdgTestReply) reply = pdg_test_http (server, "GET", all ? "/api/v1/failed?all=1" : "/api/v1/failed",
                                                 TOKEN_ADMIN, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  *doc = pdg_test_reply_json (reply);
  return json_object_get_array_member (json_node_get_object (*doc), "failed");
}

static gboolean
listed (PdgTestServer *server,
        gboolean       all,
        gint64         id)
{
  g_autoptr(JsonNode) doc = NULL;
  JsonArray *entries = list_failed (server, all, &doc);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    if (json_object_get_int_member (json_array_get_object_element (entries, i), "id") == id)
      return TRUE;
  return FALSE;
}

static gint64
entry_id (PdgTestReply *refusal)
{
  const char *where = soup_message_headers_get_one (refusal->headers, "Pedigree-Failed-Entry");

  g_assert_nonnull (where);
  g_assert_true (g_str_has_prefix (where, "/api/v1/failed/"));
  return g_ascii_strtoll (where + strlen ("/api/v1/failed/"), NULL, 10);
}

static PdgTestReply *
put_fix (PdgTestServer *server,
         const char    *path,
         const char    *etag,
         const char    *body)
{
  if (etag == NULL)
    return pdg_test_http (server, "PUT", path, TOKEN_ADMIN, body, NULL);
  return pdg_test_http (server, "PUT", path, TOKEN_ADMIN, body, "If-Match", etag, NULL);
}

static void
test_queue (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, TRUE);
  g_autofree char *digest = pdg_test_db_digest (server->db);
  g_autofree char *digest_after = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *still_bad = NULL;
  g_autofree char *good = NULL;
  g_autofree char *path = NULL;
  g_autofree char *resubmit = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *audit_path = NULL;
  g_autoptr(PdgTestReply) refused = NULL;
  PdgTestReply *reply;
  gint64 id, other;

  /* The second event takes more than the lot has: refused, nothing stored. */
  bad = g_strdup_printf ("{\"events\": ["
                         "{\"unit_id\": %" G_GINT64_FORMAT ", \"kind\": \"inspection\", \"doc_ref\": \"FIX-1\"},"
                         "{\"unit_id\": %" G_GINT64_FORMAT ", \"kind\": \"consumption\", \"quantity\": 1e12, \"doc_ref\": \"FIX-1\"}]}",
                         server->fanout, server->fanout);
  refused = pdg_test_http (server, "POST", "/api/v1/events", TOKEN_PLANNER, bad, "Idempotency-Key", "fix-0001", NULL);
  pdg_test_assert_problem (refused, 409);
  id = entry_id (refused);
  digest_after = pdg_test_db_digest (server->db);
  g_assert_cmpstr (digest, ==, digest_after);
  g_assert_cmpint (count_events (server->db, "FIX-1"), ==, 0);

  /* Only admins see the queue. */
  path = g_strdup_printf ("/api/v1/failed/%" G_GINT64_FORMAT, id);
  resubmit = g_strconcat (path, "/resubmit", NULL);
  {
    static const char * const tokens[] = { TOKEN_VIEWER, TOKEN_PLANNER };

    for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
      {
        reply = pdg_test_http (server, "GET", "/api/v1/failed", tokens[i], NULL, NULL);
        pdg_test_assert_problem (reply, 403);
        pdg_test_reply_free (reply);
        reply = pdg_test_http (server, "GET", path, tokens[i], NULL, NULL);
        pdg_test_assert_problem (reply, 403);
        pdg_test_reply_free (reply);
        reply = pdg_test_http (server, "PUT", path, tokens[i], bad, NULL);
        pdg_test_assert_problem (reply, 403);
        pdg_test_reply_free (reply);
        reply = pdg_test_http (server, "POST", resubmit, tokens[i], NULL, NULL);
        pdg_test_assert_problem (reply, 403);
        pdg_test_reply_free (reply);
        reply = pdg_test_http (server, "DELETE", path, tokens[i], NULL, NULL);
        pdg_test_assert_problem (reply, 403);
        pdg_test_reply_free (reply);
      }
  }

  /* Listed newest first with its reason, without the body. */
  {
    g_autoptr(JsonNode) doc = NULL;
    JsonArray *entries = list_failed (server, FALSE, &doc);
    JsonObject *first;

    g_assert_cmpuint (json_array_get_length (entries), >=, 1);
    first = json_array_get_object_element (entries, 0);
    g_assert_cmpint (json_object_get_int_member (first, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (first, "route"), ==, "/api/v1/events");
    g_assert_cmpstr (json_object_get_string_member (first, "user"), ==, NAME_PLANNER);
    g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "pending");
    g_assert_cmpstr (json_object_get_string_member (first, "idempotency_key"), ==, "fix-0001");
    g_assert_cmpint (json_object_get_int_member (first, "status"), ==, 409);
    g_assert_nonnull (strstr (json_object_get_string_member (first, "reason"), "Event 2 of 2"));
    g_assert_false (json_object_has_member (first, "body"));
  }

  /* With the body and an ETag. */
  reply = pdg_test_http (server, "GET", path, TOKEN_ADMIN, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  {
    g_autoptr(JsonNode) doc = pdg_test_reply_json (reply);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (doc), "body"), ==, bad);
  }
  etag = g_strdup (soup_message_headers_get_one (reply->headers, "ETag"));
  g_assert_nonnull (etag);
  pdg_test_reply_free (reply);

  /* A fix needs If-Match, and the current one. */
  still_bad = g_strdup ("{\"events\": [{\"unit_id\": 999999999, \"kind\": \"inspection\", \"doc_ref\": \"FIX-1\"}]}");
  reply = put_fix (server, path, NULL, still_bad);
  pdg_test_assert_problem (reply, 428);
  pdg_test_reply_free (reply);
  reply = put_fix (server, path, etag, still_bad);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "ETag"), !=, etag);
  pdg_test_reply_free (reply);
  reply = put_fix (server, path, etag, still_bad);
  pdg_test_assert_problem (reply, 412);
  g_assert_nonnull (soup_message_headers_get_one (reply->headers, "ETag"));
  g_free (etag);
  etag = g_strdup (soup_message_headers_get_one (reply->headers, "ETag"));
  pdg_test_reply_free (reply);

  /* Still bad: refused again, the reason updated, nothing stored. */
  reply = pdg_test_http (server, "POST", resubmit, TOKEN_ADMIN, NULL, NULL);
  pdg_test_assert_problem (reply, 409);
  pdg_test_reply_free (reply);
  reply = pdg_test_http (server, "GET", path, TOKEN_ADMIN, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  {
    g_autoptr(JsonNode) doc = pdg_test_reply_json (reply);
    JsonObject *o = json_node_get_object (doc);

    g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "pending");
    g_assert_null (strstr (json_object_get_string_member (o, "reason"), "Event 2 of 2"));
    g_assert_nonnull (strstr (json_object_get_string_member (o, "reason"), "Event 1 of 1"));
    g_assert_cmpstr (json_object_get_string_member (o, "body"), ==, still_bad);
  }
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "ETag"), !=, etag);
  g_free (etag);
  etag = g_strdup (soup_message_headers_get_one (reply->headers, "ETag"));
  pdg_test_reply_free (reply);
  g_clear_pointer (&digest_after, g_free);
  digest_after = pdg_test_db_digest (server->db);
  g_assert_cmpint (count_events (server->db, "FIX-1"), ==, 0);

  /* The real fix: stored once, the entry kept for the audit only. */
  good = g_strdup_printf ("{\"events\": ["
                          "{\"unit_id\": %" G_GINT64_FORMAT ", \"kind\": \"inspection\", \"doc_ref\": \"FIX-1\"},"
                          "{\"unit_id\": %" G_GINT64_FORMAT ", \"kind\": \"transfer\", \"doc_ref\": \"FIX-1\"}]}",
                          server->fanout, server->fanout);
  reply = put_fix (server, path, etag, good);
  g_assert_cmpuint (reply->status, ==, 200);
  pdg_test_reply_free (reply);
  reply = pdg_test_http (server, "POST", resubmit, TOKEN_ADMIN, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_true (g_str_has_prefix (pdg_test_reply_text (reply), "{\"count\":2,\"events\":[{\"id\":"));
  pdg_test_reply_free (reply);
  g_assert_cmpint (count_events (server->db, "FIX-1"), ==, 2);
  g_assert_false (listed (server, FALSE, id));
  g_assert_true (listed (server, TRUE, id));

  /* Not twice: neither by resubmitting again nor by the client's retry
   * under its key, which gets the resubmission's answer. */
  reply = pdg_test_http (server, "POST", resubmit, TOKEN_ADMIN, NULL, NULL);
  pdg_test_assert_problem (reply, 409);
  pdg_test_reply_free (reply);
  reply = pdg_test_http (server, "POST", "/api/v1/events", TOKEN_PLANNER, bad, "Idempotency-Key", "fix-0001", NULL);
  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Idempotent-Replayed"), ==, "true");
  pdg_test_reply_free (reply);
  g_assert_cmpint (count_events (server->db, "FIX-1"), ==, 2);

  /* Malformed JSON is kept too (a 400); a discard removes it. */
  reply = pdg_test_http (server, "POST", "/api/v1/events", TOKEN_PLANNER, "{\"events\": [", NULL);
  pdg_test_assert_problem (reply, 400);
  other = entry_id (reply);
  pdg_test_reply_free (reply);
  g_assert_true (listed (server, FALSE, other));
  {
    g_autofree char *other_path = g_strdup_printf ("/api/v1/failed/%" G_GINT64_FORMAT, other);

    reply = pdg_test_http (server, "DELETE", other_path, TOKEN_ADMIN, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 204);
    pdg_test_reply_free (reply);
    reply = pdg_test_http (server, "GET", other_path, TOKEN_ADMIN, NULL, NULL);
    pdg_test_assert_problem (reply, 404);
    pdg_test_reply_free (reply);
  }
  g_assert_false (listed (server, TRUE, other));

  /* Refusals that are not the data's are not kept. */
  reply = pdg_test_http (server, "POST", "/api/v1/events", TOKEN_PLANNER, bad, "Content-Type", "text/plain", NULL);
  pdg_test_assert_problem (reply, 415);
  g_assert_null (soup_message_headers_get_one (reply->headers, "Pedigree-Failed-Entry"));
  pdg_test_reply_free (reply);
  reply = pdg_test_http (server, "POST", "/api/v1/events", TOKEN_VIEWER, bad, NULL);
  pdg_test_assert_problem (reply, 403);
  g_assert_null (soup_message_headers_get_one (reply->headers, "Pedigree-Failed-Entry"));
  pdg_test_reply_free (reply);

  /* An EPCIS document without @context is kept under its own route. */
  reply = pdg_test_http (server, "POST", "/api/v1/epcis/capture", TOKEN_PLANNER,
                         "{\"type\": \"EPCISDocument\", \"schemaVersion\": \"2.0\"}", NULL);
  pdg_test_assert_problem (reply, 400);
  {
    g_autoptr(JsonNode) doc = NULL;
    JsonArray *entries = NULL;

    other = entry_id (reply);
    entries = list_failed (server, FALSE, &doc);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (entries, 0), "id"), ==, other);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 0), "route"), ==,
                     "/api/v1/epcis/capture");
  }
  pdg_test_reply_free (reply);

  /* Every change of the queue is audited, by its admin, with before and
   * after. */
  audit_path = g_strdup_printf ("/api/v1/audit?entity=server_failed&id=%" G_GINT64_FORMAT, id);
  reply = pdg_test_http (server, "GET", audit_path, TOKEN_VIEWER, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  {
    g_autoptr(JsonNode) doc = pdg_test_reply_json (reply);
    JsonArray *entries = json_object_get_array_member (json_node_get_object (doc), "entries");
    guint n_update = 0, n_refused = 0, n_resubmit = 0;

    for (guint i = 0; i < json_array_get_length (entries); i++)
      {
        JsonObject *e = json_array_get_object_element (entries, i);
        const char *action = json_object_get_string_member (e, "action");

        g_assert_cmpstr (json_object_get_string_member (e, "actor"), ==, NAME_ADMIN);
        g_assert_true (json_object_has_member (e, "before"));
        g_assert_true (json_object_has_member (e, "after"));
        n_update += g_str_equal (action, "server_failed.update");
        n_refused += g_str_equal (action, "server_failed.refused");
        n_resubmit += g_str_equal (action, "server_failed.resubmit");
      }
    g_assert_cmpuint (n_update, ==, 2);
    g_assert_cmpuint (n_refused, ==, 1);
    g_assert_cmpuint (n_resubmit, ==, 1);
  }
  pdg_test_reply_free (reply);
  reply = pdg_test_http (server, "GET", "/api/v1/audit?entity=server_failed&limit=500", TOKEN_VIEWER, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_nonnull (strstr (pdg_test_reply_text (reply), "\"action\":\"server_failed.delete\""));
  pdg_test_reply_free (reply);

  pdg_test_server_stop (server);
}

/* ------------------------------------------------------------------------ */

/* A started order's finished unit with nothing registered and its first
 * tracked line. */
static void
find_pick (PdgStore *store,
           gint64   *order_id,
           gint64   *product_id,
           gint64   *line_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = pdg_store_list_orders (store, PDG_ORDER_STARTED, NULL, 200, &error);

  g_assert_no_error (error);
  *line_id = 0;
  for (guint i = 0; i < orders->len && *line_id == 0; i++)
    {
      const PdgOrder *order = orders->pdata[i];
      g_autoptr(PdgRegister) session = pdg_register_new (store, order->id, &error);
      g_autoptr(PdgRegisterState) state = pdg_register_get_state (session, &error);

      g_assert_no_error (error);
      for (guint k = 0; k < state->products->len && *line_id == 0; k++)
        {
          const PdgFinishedProduct *p = state->products->pdata[k];
          g_autoptr(GPtrArray) lines = NULL;

          if (p->reported || p->status != PDG_REGISTRATION_NOT_STARTED)
            continue;
          lines = pdg_register_list_lines (session, p->unit_id, &error);
          g_assert_no_error (error);
          for (guint l = 0; l < lines->len && *line_id == 0; l++)
            {
              const PdgComponentLine *line = lines->pdata[l];

              if (line->tracked)
                {
                  *order_id = order->id;
                  *product_id = p->unit_id;
                  *line_id = line->bom_line_id;
                }
            }
        }
    }
  g_assert_cmpint (*line_id, >, 0);
}

static char *
registration_action (PdgTestServer *server,
                     const char    *path,
                     const char    *body)
{
  g_autoptr(PdgTestReply) state = pdg_test_http (server, "GET", path, TOKEN_PLANNER, NULL, NULL);
  g_autofree char *actions = g_strconcat (path, "/actions", NULL);
  g_autoptr(PdgTestReply) reply = NULL;

  g_assert_cmpuint (state->status, ==, 200);
  reply = pdg_test_http (server, "POST", actions, TOKEN_PLANNER, body,
                         "If-Match", soup_message_headers_get_one (state->headers, "ETag"), NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  return g_strdup (pdg_test_reply_text (reply));
}

static void
test_order_etag (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (server->db, &error);
  g_autoptr(PdgTestReply) first = NULL;
  g_autoptr(PdgTestReply) unchanged = NULL;
  g_autoptr(PdgTestReply) changed = NULL;
  g_autofree char *path = NULL;
  g_autofree char *registration = NULL;
  g_autofree char *body = NULL;
  g_autofree char *answer = NULL;
  const char *etag;
  gint64 order_id = 0, product_id = 0, line_id = 0;

  g_assert_no_error (error);
  find_pick (store, &order_id, &product_id, &line_id);
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, order_id);

  first = pdg_test_http (server, "GET", path, TOKEN_VIEWER, NULL, NULL);
  g_assert_cmpuint (first->status, ==, 200);
  etag = soup_message_headers_get_one (first->headers, "ETag");
  g_assert_nonnull (etag);

  unchanged = pdg_test_http (server, "GET", path, TOKEN_VIEWER, NULL, "If-None-Match", etag, NULL);
  g_assert_cmpuint (unchanged->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (unchanged->body), ==, 0);
  g_assert_cmpstr (soup_message_headers_get_one (unchanged->headers, "ETag"), ==, etag);

  /* A pick registers a component: the order's ETag moves. */
  registration = g_strconcat (path, "/registration", NULL);
  body = g_strdup_printf ("{\"kind\": \"select_product\", \"unit_id\": %" G_GINT64_FORMAT "}", product_id);
  g_free (registration_action (server, registration, body));
  g_free (body);
  body = g_strdup_printf ("{\"kind\": \"pick\", \"line_id\": %" G_GINT64_FORMAT "}", line_id);
  answer = registration_action (server, registration, body);
  g_assert_nonnull (strstr (answer, "\"created_by\":\"" NAME_PLANNER "\""));

  changed = pdg_test_http (server, "GET", path, TOKEN_VIEWER, NULL, "If-None-Match", etag, NULL);
  g_assert_cmpuint (changed->status, ==, 200);
  g_assert_nonnull (soup_message_headers_get_one (changed->headers, "ETag"));
  g_assert_cmpstr (soup_message_headers_get_one (changed->headers, "ETag"), !=, etag);

  g_clear_object (&store);
  pdg_test_server_stop (server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/keeps-fixes-and-resubmits-a-refused-batch", test_queue);
  g_test_add_func ("/server/gives-an-order-an-etag-that-moves-with-its-registrations", test_order_etag);

  return g_test_run ();
}
