/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json.c: the JSON mapping round-trips, and says what is wrong. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pdg-generator.h"
#include "pdg-json.h"
#include "pdg-register.h"
#include "pdg-store.h"
#include "pdg-test-util.h"

static PdgGenealogy *
sample_genealogy (void)
{
  PdgGenealogy *g = pdg_genealogy_new (PDG_DIRECTION_BACKWARD);
  const char *lots[] = { "EB-1", "BP-7", "C-2291" };
  const char *items[] = { "EB-U500", "BAT-48V", "CELL-21700" };

  for (guint i = 0; i < G_N_ELEMENTS (lots); i++)
    {
      guint index = pdg_genealogy_add_node (g, 10 + i, i, i == 0 ? PDG_NODE_ROOT : PDG_NODE_COMPONENT);
      PdgUnit u = {
        .id = 10 + i,
        .item_id = 1 + i,
        .item_number = (char *) items[i],
        .item_description = "Ünïcode “description”",
        .lot = (char *) lots[i],
        .uom = "pcs",
        .tracking = i == 2 ? PDG_TRACKING_BATCH : PDG_TRACKING_SERIAL,
        .quantity = i == 2 ? 5000 : 1,
        .on_hand = i == 2 ? 1234.5 : 0,
        .status = i == 2 ? PDG_UNIT_STATUS_AVAILABLE : PDG_UNIT_STATUS_CONSUMED,
        .origin = i == 2 ? PDG_ORIGIN_PURCHASED : PDG_ORIGIN_PRODUCED,
        .expires_on = i == 2 ? "2026-12-31" : NULL,
      };

      pdg_genealogy_set_unit (g, index, &u);
    }
  pdg_genealogy_get_node (g, 2)->truncated = TRUE;
  {
    PdgGenealogyNode *n = pdg_genealogy_get_node (g, 2);
    PdgEvent *e = pdg_event_new ();

    e->id = 5;
    e->unit_id = 12;
    e->kind = PDG_EVENT_RECEIPT;
    e->at = 1735722000;
    e->quantity = 5000;
    e->partner = g_strdup ("Cellex Energy");
    e->doc_type = g_strdup ("PO");
    e->doc_ref = g_strdup ("4500012345");
    n->events = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_event_free);
    g_ptr_array_add (n->events, e);
  }
  pdg_genealogy_add_edge (g, 0, 1, 1, 77);
  pdg_genealogy_add_edge (g, 1, 2, 52.5, 78);
  g->depth_capped = TRUE;
  return g;
}

static void
test_genealogy_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgGenealogy) g = sample_genealogy ();
  g_autoptr(JsonNode) first = pdg_json_from_genealogy (g);
  g_autofree char *first_text = pdg_json_to_string (first, TRUE);
  g_autoptr(PdgGenealogy) back = pdg_json_to_genealogy (first, &error);
  g_autoptr(JsonNode) second = NULL;
  g_autofree char *second_text = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (back);
  second = pdg_json_from_genealogy (back);
  second_text = pdg_json_to_string (second, TRUE);
  g_assert_cmpstr (first_text, ==, second_text);

  g_assert_nonnull (strstr (first_text, "\"at\" : \"2025-01-01T09:00:00Z\""));
  g_assert_nonnull (strstr (first_text, "\"on_hand\" : 1234.5"));
  g_assert_cmpuint (pdg_genealogy_get_n_edges (back), ==, 2);
  g_assert_cmpfloat (pdg_genealogy_get_edge (back, 1)->quantity, ==, 52.5);
  g_assert_true (back->depth_capped);
}

static void
expect_invalid (const char *json,
                const char *needle)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  PdgGenealogy *g;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  g = pdg_json_to_genealogy (json_parser_get_root (parser), &error);
  g_assert_null (g);
  g_assert_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID);
  if (strstr (error->message, needle) == NULL)
    g_error ("expected “%s” in “%s”", needle, error->message);
}

static void
test_malformed_genealogy (void)
{
  expect_invalid ("[1, 2]", "object");
  expect_invalid ("{\"nodes\": [], \"edges\": []}", "direction");
  expect_invalid ("{\"direction\": \"sideways\", \"nodes\": [], \"edges\": []}", "sideways");
  expect_invalid ("{\"direction\": \"forward\", \"nodes\": {}, \"edges\": []}", "nodes");
  expect_invalid ("{\"direction\": \"forward\", \"nodes\": [{\"unit\": {\"item\": 5, \"lot\": \"x\", \"quantity\": 1}, \"depth\": 0, \"role\": \"root\"}], \"edges\": []}", "item");
  expect_invalid ("{\"direction\": \"forward\", \"nodes\": [{\"unit\": {\"id\": 1, \"item\": \"A\", \"lot\": \"x\", \"quantity\": \"many\"}, \"depth\": 0, \"role\": \"root\"}], \"edges\": []}", "quantity");
  expect_invalid ("{\"direction\": \"forward\", \"nodes\": [{\"unit\": {\"id\": 1, \"item\": \"A\", \"lot\": \"x\", \"quantity\": 1, \"status\": \"lost\"}, \"depth\": 0, \"role\": \"root\"}], \"edges\": []}", "lost");
  expect_invalid ("{\"direction\": \"forward\", \"nodes\": [{\"unit\": {\"id\": 1, \"item\": \"A\", \"lot\": \"x\", \"quantity\": 1}, \"depth\": 0, \"role\": \"root\"}], \"edges\": [{\"parent\": 1, \"child\": 2, \"quantity\": 1}]}", "not among");
  expect_invalid ("{\"direction\": \"forward\", \"nodes\": [{\"unit\": {\"id\": 1, \"item\": \"A\", \"lot\": \"x\", \"quantity\": 1}, \"depth\": 0, \"role\": \"root\", \"events\": [{\"kind\": \"receipt\", \"at\": \"yesterday\"}]}], \"edges\": []}", "yesterday");
}

static void
test_times (void)
{
  g_autofree char *text = pdg_json_format_time (1735722000);
  gint64 t = 0;

  g_assert_cmpstr (text, ==, "2025-01-01T09:00:00Z");
  g_assert_true (pdg_json_parse_time ("2025-01-01T10:00:00+01:00", &t));
  g_assert_cmpint (t, ==, 1735722000);
  g_assert_false (pdg_json_parse_time ("01/01/2025", &t));
}

/* Every registration action survives the trip through JSON; an unknown
 * kind or mode is named. */
static void
test_register_action_round_trip (void)
{
  for (int k = PDG_REGISTER_ACTION_REFRESH; k <= PDG_REGISTER_ACTION_UNDO; k++)
    {
      g_autoptr(PdgRegisterAction) action = pdg_register_action_new ((PdgRegisterActionKind) k);
      g_autoptr(PdgRegisterAction) back = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;

      action->mode = k == PDG_REGISTER_ACTION_SET_MODE ? PDG_SCAN_MODE_COMPONENT : PDG_SCAN_MODE_PRODUCT;
      action->unit_id = 11;
      action->child_id = 12;
      action->line_id = 13;
      action->journal_id = 14;
      action->text = g_strdup ("(01)09506000134352(10)ABC");
      action->good_qty = k == PDG_REGISTER_ACTION_REPORT ? 2.5 : 0;
      action->error_qty = k == PDG_REGISTER_ACTION_REPORT ? 1 : 0;
      node = pdg_json_from_register_action (action);
      back = pdg_json_to_register_action (node, &error);
      g_assert_no_error (error);
      g_assert_cmpint (back->kind, ==, action->kind);
      g_assert_cmpint (back->mode, ==, action->mode);
      g_assert_cmpint (back->unit_id, ==, 11);
      g_assert_cmpint (back->child_id, ==, 12);
      g_assert_cmpint (back->line_id, ==, 13);
      g_assert_cmpint (back->journal_id, ==, 14);
      g_assert_cmpstr (back->text, ==, action->text);
      g_assert_cmpfloat (back->good_qty, ==, action->good_qty);
      g_assert_cmpfloat (back->error_qty, ==, action->error_qty);
    }

  {
    g_autoptr(JsonNode) bad = json_from_string ("{\"kind\": \"teleport\"}", NULL);
    g_autoptr(JsonNode) no_mode = json_from_string ("{\"kind\": \"set_mode\"}", NULL);
    g_autoptr(JsonNode) wrong_type = json_from_string ("{\"kind\": \"pick\", \"line_id\": \"7\"}", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_null (pdg_json_to_register_action (bad, &error));
    g_assert_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "teleport"));
    g_clear_error (&error);
    g_assert_null (pdg_json_to_register_action (no_mode, &error));
    g_assert_nonnull (strstr (error->message, "mode"));
    g_clear_error (&error);
    g_assert_null (pdg_json_to_register_action (wrong_type, &error));
    g_assert_nonnull (strstr (error->message, "line_id"));
  }
}

/* JSON of @node as text; takes @node. */
static char *
text_of (JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;

  return pdg_json_to_string (node, FALSE);
}

/* The text writers give the bytes json-glib's generator prints for the
 * tree: the same mapping both ways, whatever the strings and numbers hold. */
static void
test_text_is_the_tree (void)
{
  g_autoptr(PdgGenealogy) g = sample_genealogy ();
  g_autoptr(PdgUnitDetails) details = pdg_unit_details_new ();
  g_autofree char *tree = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PdgUnit) odd = pdg_unit_copy (pdg_genealogy_get_node (g, 1)->unit);
  g_autoptr(PdgUnit) big = pdg_unit_copy (pdg_genealogy_get_node (g, 0)->unit);
  PdgAssociation *a = pdg_association_new ();
  gsize length = 0;

  /* Quotes, backslashes, control characters, DEL, a character past ASCII. */
  g_free (odd->lot);
  odd->lot = g_strdup ("a\"b\\c\b\f\n\r\t\x01\x1e\x7f/é");
  g_free (odd->location);
  odd->location = g_strdup ("");
  odd->quantity = 0.1;
  odd->on_hand = -2.5e-7;
  pdg_genealogy_set_unit (g, 1, odd);
  big->quantity = 1e14;
  big->on_hand = -3;
  pdg_genealogy_set_unit (g, 0, big);

  tree = text_of (pdg_json_from_genealogy (g));
  text = pdg_json_genealogy_to_text (g, &length);
  g_assert_cmpstr (text, ==, tree);
  g_assert_cmpuint (length, ==, strlen (tree));
  g_clear_pointer (&tree, g_free);
  g_clear_pointer (&text, g_free);

  details->unit = pdg_unit_copy (odd);
  details->events = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_event_free);
  details->components = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_association_free);
  details->consumers = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_association_free);
  g_ptr_array_add (details->events, pdg_event_copy (pdg_genealogy_get_node (g, 2)->events->pdata[0]));
  a->id = 3;
  a->parent_id = 11;
  a->child_id = 12;
  a->quantity = 52.5;
  a->created_by = g_strdup ("Pat \"P\" Planner");
  a->created_at = 1735722000;
  a->other = pdg_unit_copy (pdg_genealogy_get_node (g, 2)->unit);
  g_ptr_array_add (details->components, a);

  tree = text_of (pdg_json_from_unit_details (details));
  text = pdg_json_unit_details_to_text (details, &length);
  g_assert_cmpstr (text, ==, tree);
  g_assert_cmpuint (length, ==, strlen (tree));
  g_clear_pointer (&tree, g_free);
  g_clear_pointer (&text, g_free);

  /* Where json-glib 1.6's generator prints no JSON (a raw U+001F, 1e+20.0),
   * the text is JSON. */
  g_free (odd->lot);
  odd->lot = g_strdup ("\x1f");
  odd->quantity = 1e20;
  pdg_genealogy_set_unit (g, 1, odd);
  text = pdg_json_genealogy_to_text (g, NULL);
  g_assert_nonnull (strstr (text, "\"lot\":\"\\u001f\",\"quantity\":1e+20,"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = json_from_string (text, &error);

    g_assert_no_error (error);
  }
}

/* Values read from a generated database (a real recall, unit, orders and
 * registration states) come back from their JSON equal: the JSON of the
 * value read back is the JSON written, and the recall's CSV is the same
 * bytes. */
static void
test_read_values_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pedigree-json-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "json.db", NULL);
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(PdgRecallQuery) query = NULL;
  g_autoptr(PdgRecall) recall = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  PdgGeneratorStats stats = { 0 };
  guint states = 0;

  g_assert_true (pdg_generate (path, 600, 3, NULL, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
  store = pdg_store_open (path, &error);
  g_assert_no_error (error);

  /* Recall (and its CSV) */
  query = pdg_recall_query_new_units (&stats.fanout_unit, 1);
  recall = pdg_recall_run (store, query, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *written = text_of (pdg_json_from_recall (recall));
    g_autoptr(JsonNode) node = json_from_string (written, &error);
    g_autoptr(PdgRecall) back = pdg_json_to_recall (node, &error);
    g_autofree char *again = NULL;
    g_autofree char *csv = pdg_recall_to_csv (recall);
    g_autofree char *csv_back = NULL;

    g_assert_no_error (error);
    again = text_of (pdg_json_from_recall (back));
    g_assert_cmpstr (again, ==, written);
    csv_back = pdg_recall_to_csv (back);
    g_assert_cmpstr (csv_back, ==, csv);
    g_assert_cmpuint (recall->genealogy->nodes->len, >, 10);
  }
  {
    g_autofree char *tree = text_of (pdg_json_from_genealogy (recall->genealogy));
    g_autofree char *text = pdg_json_genealogy_to_text (recall->genealogy, NULL);

    g_assert_cmpstr (text, ==, tree);
  }

  /* Unit details: the suspect lot and a unit it went into */
  for (guint i = 0; i < 2; i++)
    {
      gint64 id = i == 0 ? stats.fanout_unit
                         : pdg_genealogy_get_node (recall->genealogy, recall->genealogy->nodes->len - 1)->unit->id;
      g_autoptr(PdgUnitDetails) details = pdg_unit_details_new ();
      g_autofree char *written = NULL;
      g_autofree char *again = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(PdgUnitDetails) back = NULL;

      details->unit = pdg_store_get_unit (store, id, &error);
      details->events = pdg_store_list_events (store, id, &error);
      details->components = pdg_store_list_components (store, id, &error);
      details->consumers = pdg_store_list_consumers (store, id, &error);
      g_assert_no_error (error);
      written = text_of (pdg_json_from_unit_details (details));
      node = json_from_string (written, &error);
      back = pdg_json_to_unit_details (node, &error);
      g_assert_no_error (error);
      again = text_of (pdg_json_from_unit_details (back));
      g_assert_cmpstr (again, ==, written);
      g_free (again);
      again = pdg_json_unit_details_to_text (details, NULL);
      g_assert_cmpstr (again, ==, written);
    }

  /* Orders, and the registration state of each started one */
  orders = pdg_store_list_orders (store, -2, NULL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, >, 0);
  for (guint i = 0; i < orders->len; i++)
    {
      PdgOrder *order = orders->pdata[i];
      g_autofree char *written = NULL;
      g_autofree char *again = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(PdgOrder) back = NULL;

      g_assert_true (pdg_register_fill_order_progress (store, order, &error));
      written = text_of (pdg_json_from_order (order));
      node = json_from_string (written, &error);
      back = pdg_json_to_order (node, &error);
      g_assert_no_error (error);
      again = text_of (pdg_json_from_order (back));
      g_assert_cmpstr (again, ==, written);

      if (order->status == PDG_ORDER_STARTED && states < 5)
        {
          g_autoptr(PdgRegister) session = pdg_register_new (store, order->id, &error);
          g_autoptr(PdgRegisterState) state = NULL;
          g_autoptr(PdgRegisterState) state_back = NULL;
          g_autoptr(JsonNode) state_node = NULL;
          g_autofree char *state_written = NULL;
          g_autofree char *state_again = NULL;

          g_assert_no_error (error);
          state = pdg_register_get_state (session, &error);
          g_assert_no_error (error);
          if (state->products->len > 0)
            {
              g_autoptr(PdgRegisterAction) select = pdg_register_action_new (PDG_REGISTER_ACTION_SELECT_PRODUCT);

              select->unit_id = ((PdgFinishedProduct *) state->products->pdata[0])->unit_id;
              g_assert_true (pdg_register_apply (session, select, NULL, &error));
              g_clear_pointer (&state, pdg_register_state_unref);
              state = pdg_register_get_state (session, &error);
              g_assert_no_error (error);
            }
          state->message = g_strdup ("Selected “it”.");
          state_written = text_of (pdg_json_from_register_state (state));
          state_node = json_from_string (state_written, &error);
          state_back = pdg_json_to_register_state (state_node, &error);
          g_assert_no_error (error);
          state_again = text_of (pdg_json_from_register_state (state_back));
          g_assert_cmpstr (state_again, ==, state_written);
          g_assert_cmpint (state_back->tracking, ==, state->tracking);
          states++;
        }
    }
  g_assert_cmpuint (states, >, 0);

  g_clear_object (&store);
  pdg_test_remove_database (path);
  g_rmdir (dir);
}

/* A malformed recall, order or state names what is wrong. */
static void
test_malformed_values (void)
{
  static const struct { const char *json; const char *what; int kind; } cases[] = {
    { "{\"number\": \"PO-1\"}", "status", 0 },
    { "{\"number\": \"PO-1\", \"status\": \"lost\"}", "lost", 0 },
    { "{\"suspects\": [], \"impacted\": {}, \"edges\": []}", "impacted", 1 },
    { "{\"suspects\": [], \"impacted\": [{\"unit\": {\"id\": 1, \"item\": \"A\", \"lot\": \"x\", \"quantity\": 1}, \"level\": 0, \"role\": \"root\"}], \"edges\": [], \"shipments\": [], \"customers\": [], \"open_orders\": [], \"mass_balance\": [], \"warnings\": [{\"kind\": \"gremlins\"}]}", "gremlins", 1 },
    { "{\"mode\": \"product\", \"products\": [], \"lines\": [], \"components\": [], \"journal\": []}", "order", 2 },
    { "{\"order\": {\"number\": \"PO-1\", \"status\": \"started\"}, \"mode\": \"sideways\"}", "sideways", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, &error);
      gpointer value = NULL;

      g_assert_no_error (error);
      if (cases[i].kind == 0)
        value = pdg_json_to_order (node, &error);
      else if (cases[i].kind == 1)
        value = pdg_json_to_recall (node, &error);
      else
        value = pdg_json_to_register_state (node, &error);
      g_assert_null (value);
      g_assert_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID);
      if (strstr (error->message, cases[i].what) == NULL)
        g_error ("case %u: “%s” does not name %s", i, error->message, cases[i].what);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/genealogy-round-trips", test_genealogy_round_trip);
  g_test_add_func ("/json/malformed-genealogy-names-the-problem", test_malformed_genealogy);
  g_test_add_func ("/json/text-is-the-bytes-of-the-tree", test_text_is_the_tree);
  g_test_add_func ("/json/times-are-rfc3339-utc", test_times);
  g_test_add_func ("/json/register-action-round-trips", test_register_action_round_trip);
  g_test_add_func ("/json/read-values-round-trip", test_read_values_round_trip);
  g_test_add_func ("/json/malformed-values-name-the-problem", test_malformed_values);

  return g_test_run ();
}
