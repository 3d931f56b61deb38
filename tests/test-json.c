/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json.c: the JSON mapping round-trips, and says what is wrong. */
#include "config.h"

#include <string.h>

#include "pdg-json.h"

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/genealogy-round-trips", test_genealogy_round_trip);
  g_test_add_func ("/json/malformed-genealogy-names-the-problem", test_malformed_genealogy);
  g_test_add_func ("/json/times-are-rfc3339-utc", test_times);
  g_test_add_func ("/json/register-action-round-trips", test_register_action_round_trip);

  return g_test_run ();
}
