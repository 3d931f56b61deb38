/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-remote-source.c: PdgRemoteSource against the real pedigree-server.
 *
 * Parity: one generated database is served, a copy of it is opened with
 * PdgLocalSource, and every PdgSource query answers the same JSON (the
 * core's writers) through both, the recall's CSV and FSMA files the same
 * bytes, and a registration flow the same states. Then what only the
 * network has: a wrong token, a stale registration state (412, nothing
 * lost), a server that is gone, something that is not pedigree-server.
 * The main loop runs until each async call returns, as in the app. */
#include "config.h"

#include <glib/gstdio.h>

#include "pdg-json.h"
#include "pdg-local-source.h"
#include "pdg-register.h"
#include "pdg-remote-source.h"
#include "pdg-server-test-util.h"
#include "pdg-store.h"

#define UNITS 3000

/* ------------------------------------------------------------------------ */
/* Waiting                                                                   */

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
await (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static PdgRemoteSource *
connect_remote (const char  *url,
                const char  *token,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pdg_remote_source_connect_async (url, token, NULL, on_done, &result);
  return pdg_remote_source_connect_finish (await (&result), error);
}

static PdgLocalSource *
open_local (const char *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdgLocalSource *source;

  pdg_local_source_open_async (path, NULL, on_done, &result);
  source = pdg_local_source_open_finish (await (&result), &error);
  g_assert_no_error (error);
  return source;
}

/* JSON text of @node, without the members in @strip; takes @node. */
static char *
json_text (JsonNode           *node,
           const char * const *strip)
{
  g_autoptr(JsonNode) owned = node;

  if (strip != NULL)
    pdg_test_json_strip (node, strip);
  return pdg_json_to_string (node, FALSE);
}

static char *
values_text (GPtrArray *values,
             JsonNode *(*to_json) (gconstpointer))
{
  g_autoptr(GString) text = g_string_new ("[");

  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *one = json_text (to_json (values->pdata[i]), NULL);

      g_string_append_printf (text, "%s%s", i > 0 ? "," : "", one);
    }
  g_string_append_c (text, ']');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ------------------------------------------------------------------------ */
/* Each query through a source, as JSON text                                 */

static char *
trace_text (PdgSource    *source,
            gint64        unit_id,
            PdgDirection  direction,
            gboolean      with_events)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgGenealogy) g = NULL;
  PdgTraceOptions options = { .with_events = with_events };

  pdg_source_trace_async (source, unit_id, direction, &options, NULL, on_done, &result);
  g = pdg_source_trace_finish (source, await (&result), &error);
  g_assert_no_error (error);
  return json_text (pdg_json_from_genealogy (g), NULL);
}

static char *
details_text (PdgSource *source,
              gint64     unit_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgUnitDetails) details = NULL;

  pdg_source_load_unit_async (source, unit_id, NULL, on_done, &result);
  details = pdg_source_load_unit_finish (source, await (&result), &error);
  g_assert_no_error (error);
  return json_text (pdg_json_from_unit_details (details), NULL);
}

static char *
find_text (PdgSource  *source,
           const char *text,
           guint       limit,
           guint      *n_found)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = NULL;

  pdg_source_find_units_async (source, text, limit, NULL, on_done, &result);
  units = pdg_source_find_units_finish (source, await (&result), &error);
  g_assert_no_error (error);
  if (n_found != NULL)
    *n_found = units->len;
  return values_text (units, (gpointer) pdg_json_from_unit);
}

static char *
orders_text (PdgSource  *source,
             int         status,
             const char *text,
             guint       limit,
             guint      *n_found)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;

  pdg_source_list_orders_async (source, status, text, limit, NULL, on_done, &result);
  orders = pdg_source_list_orders_finish (source, await (&result), &error);
  g_assert_no_error (error);
  if (n_found != NULL)
    *n_found = orders->len;
  return values_text (orders, (gpointer) pdg_json_from_order);
}

static PdgRecall *
run_recall (PdgSource            *source,
            const PdgRecallQuery *query)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdgRecall *recall;

  pdg_source_recall_async (source, query, NULL, on_done, &result);
  recall = pdg_source_recall_finish (source, await (&result), &error);
  g_assert_no_error (error);
  return recall;
}

/* The bytes of @recall exported as @format through @source. */
static GBytes *
export_bytes (PdgSource       *source,
              PdgRecall       *recall,
              PdgRecallExport  format,
              const char      *dir,
              const char      *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  pdg_source_export_recall_async (source, recall, format, file, NULL, on_done, &result);
  g_assert_true (pdg_source_export_recall_finish (source, await (&result), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &size, &error));
  g_unlink (path);
  return g_bytes_new_take (data, size);
}

static PdgRegisterState *
try_register (PdgSource               *source,
              gint64                   order_id,
              const PdgRegisterAction *action,
              GError                 **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pdg_source_register_async (source, order_id, action, NULL, on_done, &result);
  return pdg_source_register_finish (source, await (&result), error);
}

/* The state after @action, as JSON without the moment's times. */
static char *
register_text (PdgSource               *source,
               gint64                   order_id,
               const PdgRegisterAction *action)
{
  static const char * const times[] = { "created_at", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRegisterState) state = try_register (source, order_id, action, &error);

  g_assert_no_error (error);
  return json_text (pdg_json_from_register_state (state), times);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  gint64 order_id;
  gint64 product_id;   /* a finished unit with nothing registered yet */
  gint64 line_id;      /* its first tracked line */
} Pick;

static Pick
find_pick (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (db, &error);
  g_autoptr(GPtrArray) orders = NULL;
  Pick pick = { 0 };

  g_assert_no_error (error);
  orders = pdg_store_list_orders (store, PDG_ORDER_STARTED, NULL, 200, &error);
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
            if (((PdgComponentLine *) lines->pdata[l])->tracked)
              {
                pick.order_id = order->id;
                pick.product_id = p->unit_id;
                pick.line_id = ((PdgComponentLine *) lines->pdata[l])->bom_line_id;
              }
        }
    }
  g_assert_cmpint (pick.line_id, >, 0);
  return pick;
}

static void
count_changed (PdgSource *source,
               guint     *count)
{
  (*count)++;
}

/* Same database, same answers: local file and server. */
static void
test_parity (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, FALSE);
  g_autofree char *copy = pdg_test_server_copy_db (server, "local.db");
  g_autoptr(PdgLocalSource) local_source = open_local (copy);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRemoteSource) remote_source = connect_remote (server->url, NULL, &error);
  PdgSource *sources[2];
  g_autoptr(PdgRecallQuery) query = NULL;
  g_autoptr(PdgRecall) recall_local = NULL;
  g_autoptr(PdgRecall) recall_remote = NULL;
  PdgRecall *recalls[2];
  g_autoptr(PdgGenealogy) forward = NULL;
  gint64 finished_id;
  guint changed[2] = { 0, 0 };
  Pick pick;

  g_assert_no_error (error);
  sources[0] = PDG_SOURCE (local_source);
  sources[1] = PDG_SOURCE (remote_source);
  {
    g_autofree char *title = pdg_source_dup_title (sources[1]);

    g_assert_true (g_str_has_prefix (title, "127.0.0.1:"));
  }

  /* A finished unit the fan-out lot went into. */
  {
    g_autoptr(PdgStore) store = pdg_store_open (copy, &error);
    PdgTraceOptions options = { 0 };

    g_assert_no_error (error);
    forward = pdg_trace (store, &server->fanout, 1, PDG_DIRECTION_FORWARD, &options, NULL, &error);
    g_assert_no_error (error);
    finished_id = pdg_genealogy_get_node (forward, forward->nodes->len - 1)->unit->id;
  }

  /* Traces both ways, with and without events; unit details. */
  {
    const struct { gint64 id; PdgDirection direction; gboolean events; } traces[] = {
      { server->fanout, PDG_DIRECTION_FORWARD, FALSE },
      { server->fanout, PDG_DIRECTION_FORWARD, TRUE },
      { finished_id, PDG_DIRECTION_BACKWARD, FALSE },
      { finished_id, PDG_DIRECTION_BACKWARD, TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (traces); i++)
      {
        g_autofree char *a = trace_text (sources[0], traces[i].id, traces[i].direction, traces[i].events);
        g_autofree char *b = trace_text (sources[1], traces[i].id, traces[i].direction, traces[i].events);

        g_assert_cmpstr (b, ==, a);
        g_assert_cmpuint (strlen (a), >, 100);
      }
    for (guint i = 0; i < 2; i++)
      {
        gint64 id = i == 0 ? server->fanout : finished_id;
        g_autofree char *a = details_text (sources[0], id);
        g_autofree char *b = details_text (sources[1], id);

        g_assert_cmpstr (b, ==, a);
      }
  }

  /* find_units: a lot, ITEM/LOT, a prefix with more than a page of
   * matches (the remote follows "next"), nothing. */
  {
    const PdgUnit *lot = pdg_genealogy_get_node (forward, 0)->unit;
    g_autofree char *item_lot = g_strconcat (lot->item_number, "/", lot->lot, NULL);
    g_autofree char *prefix = g_strndup (lot->lot, 1);
    const char *texts[] = { lot->lot, item_lot, prefix, "no such lot" };
    guint limits[] = { 50, 5, 1200, 10 };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        guint n_local = 0, n_remote = 0;
        g_autofree char *a = find_text (sources[0], texts[i], limits[i], &n_local);
        g_autofree char *b = find_text (sources[1], texts[i], limits[i], &n_remote);

        g_test_message ("find “%s”: %u units", texts[i], n_local);
        g_assert_cmpstr (b, ==, a);
        g_assert_cmpuint (n_remote, ==, n_local);
        if (i < 2)
          g_assert_cmpuint (n_local, >=, 1);
      }
  }

  /* list_orders: open, any (more than one page), started, a search. */
  {
    const struct { int status; const char *text; guint limit; } lists[] = {
      { -1, NULL, 1000 },
      { -2, NULL, 1000 },
      { PDG_ORDER_STARTED, NULL, 20 },
      { -2, "PO", 7 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
      {
        guint n_local = 0, n_remote = 0;
        g_autofree char *a = orders_text (sources[0], lists[i].status, lists[i].text, lists[i].limit, &n_local);
        g_autofree char *b = orders_text (sources[1], lists[i].status, lists[i].text, lists[i].limit, &n_remote);

        g_test_message ("orders %d: %u", lists[i].status, n_local);
        g_assert_cmpstr (b, ==, a);
        g_assert_cmpuint (n_remote, ==, n_local);
        g_assert_cmpuint (n_local, >, 0);
      }
  }

  /* Recall: the value, its CSV and its FSMA sheet. */
  query = pdg_recall_query_new_units (&server->fanout, 1);
  recalls[0] = recall_local = run_recall (sources[0], query);
  recalls[1] = recall_remote = run_recall (sources[1], query);
  {
    g_autofree char *a = json_text (pdg_json_from_recall (recalls[0]), NULL);
    g_autofree char *b = json_text (pdg_json_from_recall (recalls[1]), NULL);

    g_assert_cmpstr (b, ==, a);
  }
  for (PdgRecallExport format = PDG_RECALL_EXPORT_CSV; format <= PDG_RECALL_EXPORT_FSMA; format++)
    {
      g_autoptr(GBytes) a = export_bytes (sources[0], recalls[0], format, server->dir, "local.csv");
      g_autoptr(GBytes) b = export_bytes (sources[1], recalls[1], format, server->dir, "remote.csv");

      g_assert_cmpuint (g_bytes_get_size (a), >, 100);
      g_assert_true (g_bytes_equal (a, b));
    }

  /* Registration: refresh, select a finished unit, pick a line, undo. */
  pick = find_pick (copy);
  for (guint i = 0; i < 2; i++)
    g_signal_connect (sources[i], "changed", G_CALLBACK (count_changed), &changed[i]);
  {
    g_autoptr(PdgRegisterAction) refresh = pdg_register_action_new (PDG_REGISTER_ACTION_REFRESH);
    g_autoptr(PdgRegisterAction) select = pdg_register_action_new (PDG_REGISTER_ACTION_SELECT_PRODUCT);
    g_autoptr(PdgRegisterAction) pick_action = pdg_register_action_new (PDG_REGISTER_ACTION_PICK);
    g_autoptr(PdgRegisterAction) undo = pdg_register_action_new (PDG_REGISTER_ACTION_UNDO);
    const PdgRegisterAction *flow[] = { refresh, select, pick_action, undo, refresh };

    select->unit_id = pick.product_id;
    pick_action->line_id = pick.line_id;
    for (guint i = 0; i < G_N_ELEMENTS (flow); i++)
      {
        g_autofree char *a = register_text (sources[0], pick.order_id, flow[i]);
        g_autofree char *b = register_text (sources[1], pick.order_id, flow[i]);

        g_assert_cmpstr (b, ==, a);
        if (flow[i] == pick_action)
          g_assert_nonnull (strstr (b, "\"components\":[{"));
      }
  }
  /* The pick and the undo wrote; selections and refreshes did not. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (changed[0], ==, 2);
  g_assert_cmpuint (changed[1], ==, 2);

  /* A refusal: the same message both ways. */
  {
    GError *errors[2] = { NULL, NULL };

    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(PdgUnitDetails) details = NULL;

        pdg_source_load_unit_async (sources[i], 987654321, NULL, on_done, &result);
        details = pdg_source_load_unit_finish (sources[i], await (&result), &errors[i]);
        g_assert_null (details);
      }
    g_assert_error (errors[1], PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_NOT_FOUND);
    g_assert_cmpstr (errors[1]->message, ==, errors[0]->message);
    g_error_free (errors[0]);
    g_error_free (errors[1]);
  }

  g_clear_object (&local_source);
  g_clear_object (&remote_source);
  pdg_test_server_stop (server);
}

/* A token the server does not know: connecting says so; a viewer's token
 * connects but may not block units. */
static void
test_wrong_token (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRemoteSource) wrong = connect_remote (server->url, "not-a-token", &error);
  g_autoptr(PdgRemoteSource) none = NULL;
  g_autoptr(PdgRemoteSource) viewer = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_null (wrong);
  g_assert_error (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "token"));
  g_clear_error (&error);

  none = connect_remote (server->url, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  viewer = connect_remote (server->url, TOKEN_VIEWER, &error);
  g_assert_no_error (error);
  pdg_source_block_units_async (PDG_SOURCE (viewer), &server->fanout, 1, NULL, on_done, &result);
  g_assert_cmpint (pdg_source_block_units_finish (PDG_SOURCE (viewer), await (&result), &error), ==, -1);
  g_assert_error (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "admin"));

  g_clear_object (&viewer);
  pdg_test_server_stop (server);
}

/* Two planners on one order: the one deciding on a state the other has
 * changed since gets the conflict; nothing it sent is applied, nothing the
 * other did is lost, and after a reload its action goes through. */
static void
test_conflict (void)
{
  PdgTestServer *server = pdg_test_server_start (UNITS, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRemoteSource) a = connect_remote (server->url, TOKEN_PLANNER, &error);
  g_autoptr(PdgRemoteSource) b = connect_remote (server->url, TOKEN_PLANNER, &error);
  g_autoptr(PdgRegisterAction) refresh = pdg_register_action_new (PDG_REGISTER_ACTION_REFRESH);
  g_autoptr(PdgRegisterAction) select = pdg_register_action_new (PDG_REGISTER_ACTION_SELECT_PRODUCT);
  g_autoptr(PdgRegisterAction) pick_action = pdg_register_action_new (PDG_REGISTER_ACTION_PICK);
  g_autoptr(PdgRegisterState) state = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *digest_after = NULL;
  Pick pick;

  g_assert_no_error (error);
  pick = find_pick (server->db);
  select->unit_id = pick.product_id;
  pick_action->line_id = pick.line_id;

  state = try_register (PDG_SOURCE (a), pick.order_id, refresh, &error);
  g_assert_no_error (error);
  g_clear_pointer (&state, pdg_register_state_unref);
  state = try_register (PDG_SOURCE (b), pick.order_id, refresh, &error);
  g_assert_no_error (error);
  g_clear_pointer (&state, pdg_register_state_unref);

  state = try_register (PDG_SOURCE (a), pick.order_id, select, &error);
  g_assert_no_error (error);
  g_assert_cmpint (state->product_id, ==, pick.product_id);
  g_clear_pointer (&state, pdg_register_state_unref);

  digest = pdg_test_db_digest (server->db);
  state = try_register (PDG_SOURCE (b), pick.order_id, pick_action, &error);
  g_assert_null (state);
  g_assert_error (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "Changed by someone else: reload.");
  g_clear_error (&error);
  /* Still stale until reloaded. */
  state = try_register (PDG_SOURCE (b), pick.order_id, pick_action, &error);
  g_assert_error (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_CONFLICT);
  g_clear_error (&error);
  digest_after = pdg_test_db_digest (server->db);
  g_assert_cmpstr (digest_after, ==, digest);

  state = try_register (PDG_SOURCE (b), pick.order_id, refresh, &error);
  g_assert_no_error (error);
  g_assert_cmpint (state->product_id, ==, pick.product_id);   /* A's selection is there */
  g_clear_pointer (&state, pdg_register_state_unref);
  state = try_register (PDG_SOURCE (b), pick.order_id, pick_action, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (state->components->len, >, 0);
  g_assert_nonnull (state->message);
  g_assert_cmpstr (((PdgAssociation *) state->components->pdata[0])->created_by, ==, NAME_PLANNER);

  g_clear_object (&a);
  g_clear_object (&b);
  pdg_test_server_stop (server);
}

/* The server stops: the next query is a network error, and so is
 * connecting again. */
static void
test_server_gone (void)
{
  PdgTestServer *server = pdg_test_server_start (300, FALSE);
  g_autofree char *url = g_strdup (server->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRemoteSource) remote = connect_remote (url, NULL, &error);
  g_autoptr(PdgRemoteSource) again = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdgUnitDetails) details = NULL;

  g_assert_no_error (error);
  pdg_test_server_stop (server);

  pdg_source_load_unit_async (PDG_SOURCE (remote), 1, NULL, on_done, &result);
  details = pdg_source_load_unit_finish (PDG_SOURCE (remote), await (&result), &error);
  g_assert_null (details);
  g_assert_error (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, url));
  g_clear_error (&error);

  again = connect_remote (url, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_NETWORK);
  g_clear_error (&error);

  again = connect_remote ("ftp://example.org", NULL, &error);
  g_assert_null (again);
  g_assert_error (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_NETWORK);
}

/* An HTTP server that is not pedigree-server. */
static void
answer_html (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  static const char page[] = "<html><body>Hello</body></html>";

  soup_server_message_set_status (msg, g_str_equal (path, "/api/v1/openapi.json") ? 200 : 404, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
}

static void
test_not_pedigree (void)
{
  g_autoptr(SoupServer) other = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRemoteSource) remote = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *url = NULL;

  soup_server_add_handler (other, NULL, answer_html, NULL, NULL);
  g_assert_true (soup_server_listen_local (other, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (other);
  url = g_uri_to_string (uris->data);

  remote = connect_remote (url, "token", &error);
  g_assert_null (remote);
  g_assert_error (error, PDG_SOURCE_ERROR, PDG_SOURCE_ERROR_NOT_PEDIGREE);
  g_assert_nonnull (strstr (error->message, "not a Pedigree server"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/remote-source/answers-as-the-local-source", test_parity);
  g_test_add_func ("/remote-source/wrong-token-is-an-auth-error", test_wrong_token);
  g_test_add_func ("/remote-source/stale-registration-is-a-conflict", test_conflict);
  g_test_add_func ("/remote-source/stopped-server-is-a-network-error", test_server_gone);
  g_test_add_func ("/remote-source/other-server-is-not-pedigree", test_not_pedigree);

  return g_test_run ();
}
