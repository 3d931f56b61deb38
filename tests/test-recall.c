/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-recall.c: recall impact, quantities and mass balance, computed by hand.
 *
 *   Supplier Cellex delivers cell lots C1 (2025-01-10) and C2 (2025-02-10),
 *   100 pcs each. Packs P1, P2 take 40 of C1; P3 takes 40 of C2; 5 of C1
 *   are scrapped. Bikes B1 <- P1 + frame FR1, B2 <- P2, B3 <- P3.
 *   B1 ships to Velo Haus Berlin on 2025-03-01, B2 to Cycles Lyon on
 *   2025-03-05, B3 is in stock. P2 was made on order PO-OPEN, still started.
 *
 *   Recall C1: 5 units (C1, P1, P2, B1, B2); each pack and bike holds 40
 *   cells; B1 and B2 are finished and shipped to 2 customers; C1 received
 *   100 = 80 consumed + 5 scrapped + 15 on hand; 80 left inside shipped
 *   goods; the balance closes.
 */
#include "config.h"

#include <math.h>

#include <glib/gstdio.h>

#include "pdg-json.h"
#include "pdg-recall.h"
#include "pdg-store-private.h"
#include "pdg-test-util.h"

typedef struct
{
  char     *dir;
  char     *path;
  PdgStore *store;
  gint64    supplier, velo, lyon, plant;
  gint64    open_order, done_order, pack_order;
  gint64    c1, c2, p1, p2, p3, b1, b2, b3, fr1;
} Fixture;

static gint64
item (Fixture    *f,
      const char *number,
      const char *description,
      PdgTracking tracking)
{
  g_autoptr(GError) error = NULL;
  PdgItem it = { .number = (char *) number, .description = (char *) description,
                 .tracking = tracking, .uom = "pcs" };
  gint64 id = pdg_store_add_item (f->store, &it, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
unit (Fixture    *f,
      gint64      item_id,
      const char *lot,
      double      quantity,
      const char *produced_on,
      gint64      order_id)
{
  g_autoptr(GError) error = NULL;
  PdgUnit u = { .item_id = item_id, .lot = (char *) lot, .quantity = quantity,
                .produced_on = (char *) produced_on, .order_id = order_id,
                .origin = order_id ? PDG_ORIGIN_PRODUCED : PDG_ORIGIN_PURCHASED };
  gint64 id = pdg_store_add_unit (f->store, &u, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
day (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  return g_date_time_to_unix (dt);
}

static void
event (Fixture      *f,
       gint64        unit_id,
       PdgEventKind  kind,
       const char   *when,
       double        quantity,
       gint64        partner,
       gint64        order_id,
       const char   *doc)
{
  g_autoptr(GError) error = NULL;
  PdgEvent e = { .unit_id = unit_id, .kind = kind, .at = day (when), .quantity = quantity,
                 .partner_id = partner, .order_id = order_id, .location_id = f->plant,
                 .doc_type = doc ? (kind == PDG_EVENT_RECEIPT ? "PO" : "DESADV") : NULL,
                 .doc_ref = (char *) doc };

  g_assert_cmpint (pdg_store_add_event (f->store, &e, &error), >, 0);
  g_assert_no_error (error);
}

static void
link_units (Fixture *f,
            gint64   parent,
            gint64   child,
            double   quantity,
            gint64   order_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pdg_store_associate (f->store, parent, child, quantity, order_id, 0, &error), >, 0);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 cell, pack, bike, frame;
  PdgOrder open = { .number = "PO-OPEN", .planned_qty = 10, .status = PDG_ORDER_STARTED };
  PdgOrder done = { .number = "PO-DONE", .planned_qty = 10, .status = PDG_ORDER_ENDED };
  PdgOrder packs = { .number = "PO-PACKS", .planned_qty = 10, .status = PDG_ORDER_ENDED };

  f->dir = g_dir_make_tmp ("pedigree-recall-XXXXXX", &error);
  f->path = g_build_filename (f->dir, "recall.db", NULL);
  f->store = pdg_store_open (f->path, &error);
  g_assert_no_error (error);

  f->supplier = pdg_store_add_partner (f->store, PDG_PARTNER_SUPPLIER, "S-CELLEX", "Cellex Energy", "Suwon", "KR", &error);
  f->velo = pdg_store_add_partner (f->store, PDG_PARTNER_CUSTOMER, "K-VELO", "Velo Haus Berlin", "Berlin", "DE", &error);
  f->lyon = pdg_store_add_partner (f->store, PDG_PARTNER_CUSTOMER, "K-LYON", "Cycles Lyon", "Lyon", "FR", &error);
  f->plant = pdg_store_add_location (f->store, "LEJ", "Plant Leipzig", &error);
  g_assert_no_error (error);

  cell = item (f, "CELL-21700", "Li-ion cell 21700", PDG_TRACKING_BATCH);
  pack = item (f, "BAT-48V", "Battery pack 48 V", PDG_TRACKING_SERIAL);
  bike = item (f, "EB-U500", "Urban e-bike U500", PDG_TRACKING_SERIAL);
  frame = item (f, "FRM-AL", "Aluminium frame", PDG_TRACKING_SERIAL);

  open.item_id = pack;
  done.item_id = bike;
  f->open_order = pdg_store_add_order (f->store, &open, &error);
  f->done_order = pdg_store_add_order (f->store, &done, &error);
  packs.item_id = pack;
  f->pack_order = pdg_store_add_order (f->store, &packs, &error);
  g_assert_no_error (error);

  f->c1 = unit (f, cell, "C1", 100, "2025-01-05", 0);
  f->c2 = unit (f, cell, "C2", 100, "2025-02-05", 0);
  event (f, f->c1, PDG_EVENT_RECEIPT, "2025-01-10T08:00:00Z", 100, f->supplier, 0, "4500001");
  event (f, f->c2, PDG_EVENT_RECEIPT, "2025-02-10T08:00:00Z", 100, f->supplier, 0, "4500002");
  f->fr1 = unit (f, frame, "FR1", 1, "2025-01-20", 0);
  event (f, f->fr1, PDG_EVENT_RECEIPT, "2025-01-20T08:00:00Z", 1, f->supplier, 0, "4500003");

  f->p1 = unit (f, pack, "P1", 1, "2025-02-01", f->pack_order);
  f->p2 = unit (f, pack, "P2", 1, "2025-02-01", f->open_order);
  f->p3 = unit (f, pack, "P3", 1, "2025-02-15", f->pack_order);
  f->b1 = unit (f, bike, "B1", 1, "2025-02-20", f->done_order);
  f->b2 = unit (f, bike, "B2", 1, "2025-02-20", f->done_order);
  f->b3 = unit (f, bike, "B3", 1, "2025-02-20", f->done_order);
  event (f, f->p1, PDG_EVENT_PRODUCTION, "2025-02-01T10:00:00Z", 1, 0, f->pack_order, NULL);
  event (f, f->p2, PDG_EVENT_PRODUCTION, "2025-02-01T11:00:00Z", 1, 0, f->open_order, NULL);
  event (f, f->p3, PDG_EVENT_PRODUCTION, "2025-02-15T10:00:00Z", 1, 0, f->pack_order, NULL);
  event (f, f->b1, PDG_EVENT_PRODUCTION, "2025-02-20T10:00:00Z", 1, 0, f->done_order, NULL);
  event (f, f->b2, PDG_EVENT_PRODUCTION, "2025-02-20T11:00:00Z", 1, 0, f->done_order, NULL);
  event (f, f->b3, PDG_EVENT_PRODUCTION, "2025-02-20T12:00:00Z", 1, 0, f->done_order, NULL);

  link_units (f, f->p1, f->c1, 40, f->pack_order);
  link_units (f, f->p2, f->c1, 40, f->open_order);
  link_units (f, f->p3, f->c2, 40, f->pack_order);
  link_units (f, f->b1, f->p1, 1, f->done_order);
  link_units (f, f->b1, f->fr1, 1, f->done_order);
  link_units (f, f->b2, f->p2, 1, f->done_order);
  link_units (f, f->b3, f->p3, 1, f->done_order);

  event (f, f->c1, PDG_EVENT_SCRAP, "2025-02-02T09:00:00Z", 5, 0, 0, NULL);
  event (f, f->b1, PDG_EVENT_SHIPMENT, "2025-03-01T07:00:00Z", 1, f->velo, 0, "D-1001");
  event (f, f->b2, PDG_EVENT_SHIPMENT, "2025-03-05T07:00:00Z", 1, f->lyon, 0, "D-1002");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  pdg_test_remove_database (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static PdgRecall *
recall_units (Fixture *f,
              gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRecallQuery) q = pdg_recall_query_new_units (&id, 1);
  PdgRecall *r = pdg_recall_run (f->store, q, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  pdg_test_assert_idle (pdg_store_get_handle (f->store));
  return r;
}

static double
contained (PdgRecall *r,
           gint64     unit_id)
{
  guint index;

  g_assert_true (pdg_genealogy_lookup (r->genealogy, unit_id, &index));
  return r->contained[index];
}

static void
test_impact_of_one_lot (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PdgRecall) r = recall_units (f, f->c1);
  PdgCustomerImpact *c;
  PdgMassBalance *b;

  g_assert_cmpuint (pdg_genealogy_get_n_nodes (r->genealogy), ==, 5);
  g_assert_false (pdg_genealogy_lookup (r->genealogy, f->b3, NULL));
  g_assert_false (pdg_genealogy_lookup (r->genealogy, f->fr1, NULL));

  g_assert_cmpfloat (contained (r, f->c1), ==, 100);
  g_assert_cmpfloat (contained (r, f->p1), ==, 40);
  g_assert_cmpfloat (contained (r, f->b2), ==, 40);
  g_assert_cmpstr (r->uom, ==, "pcs");

  g_assert_cmpuint (r->finished->len, ==, 2);
  g_assert_cmpuint (r->in_stock, ==, 0);

  g_assert_cmpuint (r->shipments->len, ==, 2);
  g_assert_cmpuint (r->customers->len, ==, 2);
  c = g_ptr_array_index (r->customers, 0);
  g_assert_cmpstr (c->name, ==, "Cycles Lyon");   /* 1 unit each: by name */
  g_assert_cmpuint (c->units, ==, 1);
  g_assert_cmpfloat (c->contained, ==, 40);

  g_assert_cmpuint (r->open_orders->len, ==, 1);
  g_assert_cmpstr (((PdgOrder *) g_ptr_array_index (r->open_orders, 0))->number, ==, "PO-OPEN");

  g_assert_cmpuint (r->balances->len, ==, 1);
  b = g_ptr_array_index (r->balances, 0);
  g_assert_cmpstr (b->key, ==, "CELL-21700/C1");
  g_assert_cmpfloat (b->received, ==, 100);
  g_assert_cmpfloat (b->consumed, ==, 80);
  g_assert_cmpfloat (b->scrapped, ==, 5);
  g_assert_cmpfloat (b->shipped, ==, 0);
  g_assert_cmpfloat (b->on_hand, ==, 15);
  g_assert_cmpfloat (b->shipped_in_goods, ==, 80);
  g_assert_cmpfloat (b->unaccounted, ==, 0);
  g_assert_false (pdg_mass_balance_is_unaccounted (b));

  /* The open order is the one warning. */
  g_assert_cmpuint (r->warnings->len, ==, 1);
  g_assert_cmpint (((PdgLintWarning *) g_ptr_array_index (r->warnings, 0))->kind, ==, PDG_LINT_OPEN_REGISTRATION);

  g_assert_cmpstr (r->summary, ==,
                   "Lot C1 (Li-ion cell 21700) went into 2 × Battery pack 48 V and 2 × Urban e-bike U500; "
                   "2 units shipped to 2 customer(s) between 2025-03-01 and 2025-03-05; "
                   "0 finished unit(s) in stock; 15 pcs of suspect material still on hand; "
                   "the mass balance closes; 1 open production order(s) use suspect material; "
                   "1 data-quality warning(s).");
}

static void
test_by_supplier (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRecallQuery) january = pdg_recall_query_new_supplier ("S-CELLEX", "2025-01-01", "2025-01-31");
  g_autoptr(PdgRecallQuery) year = pdg_recall_query_new_supplier ("cellex energy", "2025-01-01", "2025-12-31");
  g_autoptr(PdgRecall) r1 = pdg_recall_run (f->store, january, NULL, &error);
  g_autoptr(PdgRecall) r2 = NULL;

  g_assert_no_error (error);
  /* January: C1 and the frame FR1 (also from Cellex, 2025-01-20). */
  g_assert_cmpuint (r1->suspects->len, ==, 2);
  g_assert_cmpstr (r1->uom, ==, "pcs");

  r2 = pdg_recall_run (f->store, year, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r2->suspects->len, ==, 3);
  g_assert_true (pdg_genealogy_lookup (r2->genealogy, f->b3, NULL));
  g_assert_cmpuint (r2->finished->len, ==, 3);
  g_assert_cmpuint (r2->in_stock, ==, 1);
  g_assert_true (g_str_has_prefix (r2->summary, "3 suspect lots and serials went into "));
}

static void
expect_error (Fixture        *f,
              PdgRecallQuery *q,
              int             code,
              const char     *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = pdg_store_digest (f->store, NULL);
  g_autofree char *after = NULL;
  PdgRecall *r = pdg_recall_run (f->store, q, NULL, &error);

  g_assert_null (r);
  g_assert_error (error, PDG_STORE_ERROR, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("expected “%s” in “%s”", needle, error->message);
  after = pdg_store_digest (f->store, NULL);
  g_assert_cmpstr (before, ==, after);
  pdg_recall_query_free (q);
}

static void
test_bad_queries (Fixture       *f,
                  gconstpointer  data)
{
  gint64 unknown = 999999;

  expect_error (f, pdg_recall_query_new_supplier ("S-CELLEX", "2025-12-31", "2025-01-01"),
                PDG_STORE_ERROR_INVALID, "reversed");
  expect_error (f, pdg_recall_query_new_supplier ("S-CELLEX", "2025-13-01", "2025-12-31"),
                PDG_STORE_ERROR_INVALID, "2025-13-01");
  expect_error (f, pdg_recall_query_new_supplier ("S-CELLEX", "last week", "2025-12-31"),
                PDG_STORE_ERROR_INVALID, "YYYY-MM-DD");
  expect_error (f, pdg_recall_query_new_supplier ("Acme", "2025-01-01", "2025-12-31"),
                PDG_STORE_ERROR_NOT_FOUND, "Acme");
  expect_error (f, pdg_recall_query_new_supplier ("S-CELLEX", "2024-01-01", "2024-12-31"),
                PDG_STORE_ERROR_NOT_FOUND, "delivered nothing");
  expect_error (f, pdg_recall_query_new_item ("NOPE-1", "2025-01-01", "2025-12-31"),
                PDG_STORE_ERROR_NOT_FOUND, "NOPE-1");
  expect_error (f, pdg_recall_query_new_item ("EB-U500", "2026-01-01", "2026-12-31"),
                PDG_STORE_ERROR_NOT_FOUND, "EB-U500");
  expect_error (f, pdg_recall_query_new_units (&unknown, 1), PDG_STORE_ERROR_NOT_FOUND, "999999");
  expect_error (f, pdg_recall_query_new_units (NULL, 0), PDG_STORE_ERROR_INVALID, "suspect");
}

static void
test_by_item (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRecallQuery) q = pdg_recall_query_new_item ("BAT-48V", "2025-02-01", "2025-02-01");
  g_autoptr(PdgRecall) r = pdg_recall_run (f->store, q, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (r->suspects->len, ==, 2);   /* P1, P2, not P3 (02-15) */
  g_assert_cmpuint (r->finished->len, ==, 2);
}

static void
test_partial_batch_share (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRecall) r = NULL;
  gint64 alu, tubes, frame, billet, batch, fa, fb;
  PdgItem a = { .number = "ALU-6061", .description = "Aluminium 6061 billet", .tracking = PDG_TRACKING_BATCH, .uom = "kg" };
  PdgItem t = { .number = "TUBESET", .description = "Tube set", .tracking = PDG_TRACKING_BATCH, .uom = "kg" };
  PdgItem fr = { .number = "FRM-X", .description = "Frame X", .tracking = PDG_TRACKING_SERIAL, .uom = "pcs" };

  alu = pdg_store_add_item (f->store, &a, &error);
  tubes = pdg_store_add_item (f->store, &t, &error);
  frame = pdg_store_add_item (f->store, &fr, &error);
  billet = unit (f, alu, "H-77", 100, NULL, 0);
  batch = unit (f, tubes, "TS-1", 50, NULL, f->done_order);
  fa = unit (f, frame, "FA", 1, NULL, f->done_order);
  fb = unit (f, frame, "FB", 1, NULL, f->done_order);

  /* The 50 kg tube batch holds 20 kg of the billet; a frame takes 2.5 kg of
   * tubes, so it holds 2.5 × 20 / 50 = 1 kg of the billet. */
  link_units (f, batch, billet, 20, 0);
  link_units (f, fa, batch, 2.5, 0);
  link_units (f, fb, batch, 5, 0);

  r = recall_units (f, billet);
  g_assert_cmpfloat_with_epsilon (contained (r, batch), 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (contained (r, fa), 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (contained (r, fb), 2, 1e-9);
  g_assert_cmpfloat (((PdgMassBalance *) g_ptr_array_index (r->balances, 0))->on_hand, ==, 80);
}

static void
test_unaccounted (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PdgRecall) r = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE unit SET on_hand = 10 WHERE id = %" G_GINT64_FORMAT, f->c1);
  PdgMassBalance *b;

  /* Stock corrected by hand outside Pedigree: 5 cells nobody can explain. */
  g_assert_true (pdg_store_exec (f->store, sql, NULL));
  r = recall_units (f, f->c1);
  b = g_ptr_array_index (r->balances, 0);
  g_assert_cmpfloat (b->unaccounted, ==, 5);
  g_assert_true (pdg_mass_balance_is_unaccounted (b));
  g_assert_nonnull (strstr (r->summary, "; 5 pcs unaccounted;"));
}

static void
test_lint (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PdgRecall) r = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE unit SET produced_on = '2025-03-01' WHERE id = %" G_GINT64_FORMAT "; "
                                          "DELETE FROM event WHERE unit_id = %" G_GINT64_FORMAT " AND kind = 1",
                                          f->c1, f->p1);
  gboolean before_made = FALSE, orphan = FALSE;

  /* C1 dated after the packs it went into; P1's production record lost. */
  g_assert_true (pdg_store_exec (f->store, sql, NULL));
  r = recall_units (f, f->c1);
  for (guint i = 0; i < r->warnings->len; i++)
    {
      PdgLintWarning *w = g_ptr_array_index (r->warnings, i);

      g_test_message ("%s: %s", pdg_lint_kind_to_string (w->kind), w->message);
      before_made |= w->kind == PDG_LINT_CONSUMED_BEFORE_MADE && w->unit_id == f->c1;
      orphan |= w->kind == PDG_LINT_ORPHAN && w->unit_id == f->p1;
    }
  g_assert_true (before_made);
  g_assert_true (orphan);
}

static void
test_exports (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRecall) r = recall_units (f, f->c1);
  g_autofree char *csv = pdg_recall_to_csv (r);
  g_autofree char *fsma = pdg_recall_to_fsma (f->store, r, &error);
  g_autofree char *text = pdg_recall_to_text (r);
  g_auto(GStrv) rows = g_strsplit (csv, "\r\n", -1);
  g_auto(GStrv) ctes = NULL;
  guint b1_rows = 0;

  g_assert_no_error (error);
  pdg_test_assert_idle (pdg_store_get_handle (f->store));

  /* One row per impacted unit. */
  g_assert_cmpuint (g_strv_length (rows), ==, 1 + 5 + 1);
  g_assert_cmpstr (rows[0], ==, "level,item,lot,description,status,quantity,on_hand,uom,location,finished,"
                                "suspect_quantity,suspect_uom,customer,shipped_on,shipment_document");
  g_assert_cmpstr (rows[1], ==, "0,CELL-21700,C1,Li-ion cell 21700,available,100,15,pcs,,no,100,pcs,,,");

  /* FSMA: receiving C1; transformations of P1, P2, B1 (two inputs: P1 and
   * the frame FR1, sharing one event id), B2; shipping of B1 and B2. */
  ctes = g_strsplit (fsma, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (ctes), ==, 1 + 1 + 5 + 2 + 1);
  g_assert_true (g_str_has_prefix (ctes[1], "E"));
  g_assert_nonnull (strstr (ctes[1], ",receiving,CELL-21700/C1,Li-ion cell 21700,100,pcs,Plant Leipzig,2025-01-10,PO,4500001,Cellex Energy,Plant Leipzig,Cellex Energy,"));
  for (guint i = 1; ctes[i] != NULL; i++)
    if (strstr (ctes[i], ",transformation,EB-U500/B1,") != NULL)
      b1_rows++;
  g_assert_cmpuint (b1_rows, ==, 2);
  g_assert_nonnull (strstr (fsma, ",shipping,EB-U500/B2,Urban e-bike U500,1,pcs,Plant Leipzig,2025-03-05,DESADV,D-1002,Plant Leipzig,Cycles Lyon,"));

  /* JSON: parsed back, the figures are there. */
  {
    g_autoptr(JsonNode) node = pdg_json_from_recall (r);
    g_autofree char *json = pdg_json_to_string (node, FALSE);
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *o, *balance;

    g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (o, "summary"), ==, r->summary);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "impacted")), ==, 5);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "customers")), ==, 2);
    balance = json_array_get_object_element (json_object_get_array_member (o, "mass_balance"), 0);
    g_assert_cmpint (json_object_get_int_member (balance, "on_hand"), ==, 15);
    g_assert_cmpint (json_object_get_int_member (balance, "shipped_in_goods"), ==, 80);
    g_assert_false (json_object_get_boolean_member (balance, "unaccounted_flag"));
  }

  /* Streamed, the FSMA sheet is the same bytes. */
  {
    g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

    g_assert_true (pdg_recall_write_fsma (f->store, r, stream, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_close (stream, NULL, NULL));
    g_assert_cmpmem (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                     g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)),
                     fsma, strlen (fsma));
  }

  g_assert_nonnull (strstr (text, "Mass balance per suspect lot"));
  g_assert_nonnull (strstr (text, "Velo Haus Berlin"));
  g_assert_nonnull (strstr (text, "PO-OPEN"));
}

static void
test_consumed_and_shipped_and_merged (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRecall) one = NULL;
  g_autoptr(PdgRecall) both = NULL;
  gint64 lots[2];
  PdgMassBalance *b;
  PdgCustomerImpact *lyon = NULL;

  /* C2: 40 went into P3, 10 are shipped as spare cells to Cycles Lyon,
   * 50 stay. P3 also takes 5 cells of C1: a pack merging two lots. */
  event (f, f->c2, PDG_EVENT_SHIPMENT, "2025-03-10T07:00:00Z", 10, f->lyon, 0, "D-1003");
  link_units (f, f->p3, f->c1, 5, f->pack_order);

  one = recall_units (f, f->c2);
  b = g_ptr_array_index (one->balances, 0);
  g_assert_cmpfloat (b->received, ==, 100);
  g_assert_cmpfloat (b->consumed, ==, 40);
  g_assert_cmpfloat (b->shipped, ==, 10);
  g_assert_cmpfloat (b->on_hand, ==, 50);
  g_assert_cmpfloat (b->unaccounted, ==, 0);
  g_assert_cmpfloat (b->shipped_in_goods, ==, 0);     /* B3 is in stock */
  g_assert_cmpuint (one->customers->len, ==, 1);
  lyon = g_ptr_array_index (one->customers, 0);
  g_assert_cmpstr (lyon->name, ==, "Cycles Lyon");
  g_assert_cmpfloat (lyon->contained, ==, 10);        /* the spare cells themselves */
  g_assert_cmpuint (one->in_stock, ==, 1);

  /* Both lots: P3 holds 40 + 5 suspect cells, and so does B3. */
  lots[0] = f->c1;
  lots[1] = f->c2;
  {
    g_autoptr(PdgRecallQuery) q = pdg_recall_query_new_units (lots, 2);

    both = pdg_recall_run (f->store, q, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpfloat (contained (both, f->p3), ==, 45);
  g_assert_cmpfloat (contained (both, f->b3), ==, 45);
  g_assert_cmpuint (both->suspects->len, ==, 2);
  g_assert_cmpuint (both->finished->len, ==, 3);
  /* Per lot: C1 has 80 + 5 consumed, 80 of it inside shipped bikes. */
  b = g_ptr_array_index (both->balances, 0);
  g_assert_cmpstr (b->key, ==, "CELL-21700/C1");
  g_assert_cmpfloat (b->consumed, ==, 85);
  g_assert_cmpfloat (b->on_hand, ==, 10);
  g_assert_cmpfloat (b->shipped_in_goods, ==, 80);
  g_assert_true (g_str_has_prefix (both->summary, "2 suspect lots of Li-ion cell 21700 went into "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/recall/one-lot-impact-quantities-and-balance", test_impact_of_one_lot);
  ADD ("/recall/by-supplier-and-receipt-dates", test_by_supplier);
  ADD ("/recall/by-item-and-production-dates", test_by_item);
  ADD ("/recall/bad-queries-say-what-is-wrong", test_bad_queries);
  ADD ("/recall/partial-batches-pass-on-their-share", test_partial_batch_share);
  ADD ("/recall/a-lot-both-consumed-and-shipped-and-a-merge", test_consumed_and_shipped_and_merged);
  ADD ("/recall/flags-an-unaccounted-difference", test_unaccounted);
  ADD ("/recall/lint-finds-bad-dates-and-orphans", test_lint);
  ADD ("/recall/exports-impacted-list-and-fsma", test_exports);
#undef ADD

  return g_test_run ();
}
