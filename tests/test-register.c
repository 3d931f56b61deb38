/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-register.c: tracked-components registration, end to end on a real
 * database file.
 *
 *   Order PO-1 makes 2 e-bikes EB (serial, GTIN 09506000134352). BOM:
 *   line 10 motor MOT (serial, GTIN 09506000134369) 1 per bike, line 20
 *   grease GRS (batch, kg, GTIN 09506000134376) 0.05 per bike, line 30
 *   bolts BLT (batch, not tracked) 4 per bike. Stock: motors M1, M2, M3;
 *   grease G1 (0.08 kg, expires first) and G2 (1 kg); bolts B1 (100).
 *   Item LMP (GTIN 09506000134383) is on no BOM.
 *
 * Every refusal is checked to leave the database digest unchanged.
 *
 * A cycle cannot be registered here: a finished unit has nothing on hand
 * until it is reported, and a reported one takes no more components, so it
 * can never be inside the component it would take; the store refuses one
 * regardless (test-store's cycle tests). */
#include "config.h"

#include <glib/gstdio.h>

#include "pdg-gs1.h"
#include "pdg-register.h"
#include "pdg-store-private.h"
#include "pdg-test-util.h"

#define GTIN_EB  "09506000134352"
#define GTIN_MOT "09506000134369"
#define GTIN_GRS "09506000134376"
#define GTIN_LMP "09506000134383"

typedef struct
{
  char        *dir;
  char        *path;
  PdgStore    *store;
  PdgRegister *session;
  gint64       eb, mot, grs, blt, lmp;
  gint64       order, line_mot, line_grs, line_blt;
  gint64       m1, m2, m3, g1, g2, b1;
} Fixture;

static gint64
item (Fixture    *f,
      const char *number,
      PdgTracking tracking,
      const char *uom,
      const char *gtin)
{
  g_autoptr(GError) error = NULL;
  PdgItem it = { .number = (char *) number, .description = (char *) number,
                 .tracking = tracking, .uom = (char *) uom, .gtin = (char *) gtin };
  gint64 id = pdg_store_add_item (f->store, &it, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
stock (Fixture    *f,
       gint64      item_id,
       const char *lot,
       double      quantity,
       const char *expires_on)
{
  g_autoptr(GError) error = NULL;
  PdgUnit u = { .item_id = item_id, .lot = (char *) lot, .quantity = quantity,
                .expires_on = (char *) expires_on, .origin = PDG_ORIGIN_PURCHASED };
  gint64 id = pdg_store_add_unit (f->store, &u, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
bom_line (Fixture *f,
          int      line_no,
          gint64   item_id,
          double   qty_per,
          gboolean tracked)
{
  g_autoptr(GError) error = NULL;
  PdgBomLine line = { .order_id = f->order, .line_no = line_no, .item_id = item_id,
                      .qty_per = qty_per, .tracked = tracked };
  gint64 id = pdg_store_add_bom_line (f->store, &line, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
order (Fixture        *f,
       const char     *number,
       PdgOrderStatus  status)
{
  g_autoptr(GError) error = NULL;
  PdgOrder o = { .number = (char *) number, .item_id = f->eb, .planned_qty = 2,
                 .started_qty = status >= PDG_ORDER_STARTED ? 2 : 0, .status = status };
  gint64 id = pdg_store_add_order (f->store, &o, &error);

  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pedigree-register-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "register.db", NULL);
  f->store = pdg_store_open (f->path, &error);
  g_assert_no_error (error);
  pdg_store_set_actor (f->store, "tester");

  f->eb = item (f, "EB", PDG_TRACKING_SERIAL, "pcs", GTIN_EB);
  f->mot = item (f, "MOT", PDG_TRACKING_SERIAL, "pcs", GTIN_MOT);
  f->grs = item (f, "GRS", PDG_TRACKING_BATCH, "kg", GTIN_GRS);
  f->blt = item (f, "BLT", PDG_TRACKING_BATCH, "pcs", NULL);
  f->lmp = item (f, "LMP", PDG_TRACKING_SERIAL, "pcs", GTIN_LMP);

  f->order = order (f, "PO-1", PDG_ORDER_STARTED);
  f->line_mot = bom_line (f, 10, f->mot, 1, TRUE);
  f->line_grs = bom_line (f, 20, f->grs, 0.05, TRUE);
  f->line_blt = bom_line (f, 30, f->blt, 4, FALSE);

  f->m1 = stock (f, f->mot, "M1", 1, NULL);
  f->m2 = stock (f, f->mot, "M2", 1, NULL);
  f->m3 = stock (f, f->mot, "M3", 1, NULL);
  f->g1 = stock (f, f->grs, "G1", 0.08, "2026-01-31");
  f->g2 = stock (f, f->grs, "G2", 1, "2026-06-30");
  f->b1 = stock (f, f->blt, "B1", 100, NULL);
  stock (f, f->lmp, "L1", 1, NULL);

  f->session = pdg_register_new (f->store, f->order, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  pdg_test_remove_database (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
digest (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *d = pdg_store_digest (f->store, &error);

  g_assert_no_error (error);
  return d;
}

/* Asserts a scan is refused with domain/code and changes nothing. */
#define assert_refused(f, call, domain, code) \
  G_STMT_START { \
    g_autofree char *before_ = digest (f); \
    g_autofree char *after_ = NULL; \
    g_autoptr(GError) e_ = NULL; \
    GError **refusal = &e_; \
    g_assert_false (call); \
    g_assert_error (e_, domain, code); \
    g_test_message ("refused: %s", e_->message); \
    after_ = digest (f); \
    g_assert_cmpstr (before_, ==, after_); \
    pdg_test_assert_idle (pdg_store_get_handle ((f)->store)); \
  } G_STMT_END

static void
submit_ok (Fixture    *f,
           const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pdg_register_submit (f->session, text, &error));
  g_assert_no_error (error);
}

static const PdgComponentLine *
line_of (GPtrArray *lines,
         gint64     bom_line_id)
{
  for (guint i = 0; i < lines->len; i++)
    if (((PdgComponentLine *) g_ptr_array_index (lines, i))->bom_line_id == bom_line_id)
      return g_ptr_array_index (lines, i);
  g_assert_not_reached ();
}

static GPtrArray *
lines (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *l = pdg_register_list_lines (f->session, pdg_register_get_product (f->session), &error);

  g_assert_no_error (error);
  return l;
}

static PdgRegistrationStatus
product_status (Fixture *f,
                gint64   unit_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = pdg_register_list_products (f->session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < products->len; i++)
    {
      PdgFinishedProduct *p = g_ptr_array_index (products, i);

      if (p->unit_id == unit_id)
        return p->status;
    }
  g_assert_not_reached ();
}

static double
on_hand (Fixture *f,
         gint64   unit_id)
{
  g_autoptr(PdgUnit) u = pdg_store_get_unit (f->store, unit_id, NULL);

  return u->on_hand;
}

/* Scan the product, then its components: statuses go Not started ->
 * In progress -> Completed; report as finished. */
static void
test_scan_flow_plain (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) l = NULL;
  g_autoptr(PdgUnit) bike = NULL;
  g_autoptr(PdgOrder) o = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 product;

  /* Product mode: a plain serial creates the finished unit, with nothing
   * on hand, and switches to Component mode. */
  g_assert_cmpint (pdg_register_get_mode (f->session), ==, PDG_SCAN_MODE_PRODUCT);
  submit_ok (f, "EB0001");
  product = pdg_register_get_product (f->session);
  g_assert_cmpint (product, >, 0);
  g_assert_cmpint (pdg_register_get_mode (f->session), ==, PDG_SCAN_MODE_COMPONENT);
  g_assert_cmpfloat (on_hand (f, product), ==, 0);
  g_assert_cmpint (product_status (f, product), ==, PDG_REGISTRATION_NOT_STARTED);

  l = lines (f);
  g_assert_cmpuint (l->len, ==, 3);
  g_assert_cmpint (line_of (l, f->line_mot)->status, ==, PDG_REGISTRATION_NOT_STARTED);
  g_assert_cmpfloat (line_of (l, f->line_mot)->started, ==, 1);
  g_assert_cmpfloat_with_epsilon (line_of (l, f->line_grs)->started, 0.05, 1e-9);
  g_clear_pointer (&l, g_ptr_array_unref);

  /* A GS1 DataMatrix scan names the motor line by itself. */
  submit_ok (f, "]d201" GTIN_MOT "21M1");
  l = lines (f);
  g_assert_cmpint (line_of (l, f->line_mot)->status, ==, PDG_REGISTRATION_COMPLETED);
  g_assert_cmpfloat (line_of (l, f->line_mot)->remaining, ==, 0);
  g_clear_pointer (&l, g_ptr_array_unref);
  g_assert_cmpint (product_status (f, product), ==, PDG_REGISTRATION_IN_PROGRESS);
  g_assert_cmpfloat (on_hand (f, f->m1), ==, 0);

  /* A plain batch number needs its line. */
  assert_refused (f, pdg_register_submit (f->session, "G1", refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NO_LINE);
  g_assert_true (pdg_register_select_line (f->session, f->line_grs, &error));
  g_assert_no_error (error);
  submit_ok (f, "G1");
  l = lines (f);
  g_assert_cmpfloat_with_epsilon (line_of (l, f->line_grs)->consumption, 0.05, 1e-9);
  g_assert_cmpint (line_of (l, f->line_grs)->status, ==, PDG_REGISTRATION_COMPLETED);
  g_clear_pointer (&l, g_ptr_array_unref);
  g_assert_cmpfloat_with_epsilon (on_hand (f, f->g1), 0.03, 1e-9);
  /* The untracked bolts line does not hold the product back. */
  g_assert_cmpint (product_status (f, product), ==, PDG_REGISTRATION_COMPLETED);

  /* Report as finished: the bike is on hand with a production event. */
  g_assert_true (pdg_register_report_finished (f->session, product, 1, 0, &error));
  g_assert_no_error (error);
  bike = pdg_store_get_unit (f->store, product, NULL);
  g_assert_cmpfloat (bike->on_hand, ==, 1);
  g_assert_cmpint (bike->status, ==, PDG_UNIT_STATUS_AVAILABLE);
  events = pdg_store_list_events (f->store, product, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (((PdgEvent *) g_ptr_array_index (events, 0))->kind, ==, PDG_EVENT_PRODUCTION);
  o = pdg_store_get_order (f->store, f->order, NULL);
  g_assert_cmpfloat (o->good_qty, ==, 1);
  g_assert_cmpint (o->status, ==, PDG_ORDER_STARTED);   /* 1 of 2 reported */

}

/* Scanning a product in Product mode after a report selects it; components
 * are then refused because it is reported. */
static void
test_reported_refuses_components (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 product;

  submit_ok (f, "EB0001");
  product = pdg_register_get_product (f->session);
  submit_ok (f, "(01)" GTIN_MOT "(21)M1");
  submit_ok (f, "(01)" GTIN_GRS "(10)G2");
  g_assert_true (pdg_register_report_finished (f->session, product, 1, 0, &error));
  g_assert_no_error (error);
  assert_refused (f, pdg_register_submit (f->session, "(01)" GTIN_MOT "(21)M2", refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_REPORTED);
}

static void
test_rules (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 second;

  submit_ok (f, "EB0001");
  submit_ok (f, "(01)" GTIN_MOT "(21)M1");

  /* Not on the BOM. */
  assert_refused (f, pdg_register_submit (f->session, "(01)" GTIN_LMP "(21)L1", refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NOT_ON_BOM);
  /* Serial matching limit: one motor per bike. */
  assert_refused (f, pdg_register_submit (f->session, "(01)" GTIN_MOT "(21)M2", refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_LINE_COMPLETE);
  /* Unknown serial. */
  assert_refused (f, pdg_register_submit (f->session, "(01)" GTIN_MOT "(21)M9", refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_UNKNOWN_UNIT);
  /* A malformed scan. */
  assert_refused (f, pdg_register_submit (f->session, "(01)09506000134368(21)M2", refusal),
                  PDG_GS1_ERROR, PDG_GS1_ERROR_CHECK_DIGIT);
  assert_refused (f, pdg_register_submit (f->session, "   ", refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_SCAN);

  /* More grease than the line needs (0.1 kg of 0.05). */
  assert_refused (f, pdg_register_submit (f->session, "(01)" GTIN_GRS "(10)G1(3102)000010", refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_LINE_COMPLETE);
  submit_ok (f, "(01)" GTIN_GRS "(10)G1");   /* 0.05 of G1's 0.08 */

  /* Second bike: M1 is already in the first. */
  pdg_register_set_mode (f->session, PDG_SCAN_MODE_PRODUCT);
  submit_ok (f, "EB0002");
  second = pdg_register_get_product (f->session);
  assert_refused (f, pdg_register_submit (f->session, "(01)" GTIN_MOT "(21)M1", refusal),
                  PDG_STORE_ERROR, PDG_STORE_ERROR_ALREADY_CONSUMED);
  /* Batch without enough quantity: 0.04 kg asked of G1's 0.03. */
  assert_refused (f, pdg_register_submit (f->session, "(01)" GTIN_GRS "(10)G1(3102)000004", refusal),
                  PDG_STORE_ERROR, PDG_STORE_ERROR_INSUFFICIENT);

  /* The order started 2 bikes: a third serial is refused. */
  pdg_register_set_mode (f->session, PDG_SCAN_MODE_PRODUCT);
  assert_refused (f, pdg_register_submit (f->session, "EB0003", refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_ORDER_FULL);
  /* A finished serial that exists outside the order. */
  {
    PdgUnit u = { .item_id = f->eb, .lot = "EB9999", .quantity = 1, .origin = PDG_ORIGIN_PURCHASED };

    g_assert_cmpint (pdg_store_add_unit (f->store, &u, &error), >, 0);
    g_assert_no_error (error);
  }
  assert_refused (f, pdg_register_submit (f->session, "(01)" GTIN_EB "(21)EB9999", refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_PRODUCT_EXISTS);
  /* A GTIN that is not the order's item. */
  assert_refused (f, pdg_register_submit (f->session, "(01)" GTIN_MOT "(21)M3", refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_PRODUCT_EXISTS);

  /* Report with components missing. */
  assert_refused (f, pdg_register_report_finished (f->session, second, 1, 0, refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_INCOMPLETE);
  /* Quantities that do not add up. */
  pdg_register_set_mode (f->session, PDG_SCAN_MODE_PRODUCT);
  submit_ok (f, "EB0001");
  assert_refused (f, pdg_register_report_finished (f->session, pdg_register_get_product (f->session), 1, 1, refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_QUANTITY);
}

static void
test_order_closed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRegister) session = NULL;
  gint64 created = order (f, "PO-NEW", PDG_ORDER_CREATED);
  gint64 ended = order (f, "PO-END", PDG_ORDER_ENDED);

  session = pdg_register_new (f->store, created, &error);
  g_assert_null (session);
  g_assert_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_ORDER_CLOSED);
  g_clear_error (&error);
  session = pdg_register_new (f->store, ended, &error);
  g_assert_null (session);
  g_assert_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_ORDER_CLOSED);
  g_clear_error (&error);

  /* An order ended under a running session. */
  submit_ok (f, "EB0001");
  g_assert_true (pdg_store_set_order_progress (f->store, f->order, 0, 0, PDG_ORDER_ENDED, &error));
  g_assert_no_error (error);
  assert_refused (f, pdg_register_submit (f->session, "(01)" GTIN_MOT "(21)M1", refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_ORDER_CLOSED);
}

static void
test_pick (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) l = NULL;

  submit_ok (f, "EB0001");
  g_assert_true (pdg_register_pick (f->session, f->line_mot, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (on_hand (f, f->m1), ==, 0);   /* first by id */

  /* Grease from the first-expiring batch. */
  g_assert_true (pdg_register_pick (f->session, f->line_grs, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (on_hand (f, f->g1), 0.03, 1e-9);
  g_assert_cmpfloat (on_hand (f, f->g2), ==, 1);
  l = lines (f);
  g_assert_cmpint (line_of (l, f->line_grs)->status, ==, PDG_REGISTRATION_COMPLETED);

  /* Nothing left to pick on a complete line. */
  assert_refused (f, pdg_register_pick (f->session, f->line_mot, refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_LINE_COMPLETE);

  /* Second bike: grease from G1's 0.03 then G2's 0.02; undo gives it back. */
  pdg_register_set_mode (f->session, PDG_SCAN_MODE_PRODUCT);
  submit_ok (f, "EB0002");
  g_assert_true (pdg_register_pick (f->session, f->line_grs, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (on_hand (f, f->g1), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (on_hand (f, f->g2), 0.98, 1e-9);
  g_assert_true (pdg_register_undo (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (on_hand (f, f->g1), 0.03, 1e-9);
  g_assert_cmpfloat_with_epsilon (on_hand (f, f->g2), 1, 1e-9);
}

static void
test_journal (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) picks = NULL;
  g_autofree char *before = NULL;
  gint64 journal;

  submit_ok (f, "EB0001");
  pdg_register_set_mode (f->session, PDG_SCAN_MODE_PRODUCT);
  submit_ok (f, "EB0002");

  /* Two bikes: 2 motors and 0.1 kg of grease (0.08 from G1, 0.02 from G2). */
  journal = pdg_register_adjust_consumption (f->session, &error);
  g_assert_no_error (error);
  g_assert_cmpint (journal, >, 0);
  picks = pdg_register_list_journal (f->session, journal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (picks->len, ==, 5);
  g_assert_cmpfloat (on_hand (f, f->m1), ==, 1);   /* nothing registered yet */

  /* Discard: nothing registered; a discarded journal cannot be posted. */
  g_assert_true (pdg_register_discard_journal (f->session, journal, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (on_hand (f, f->m1), ==, 1);
  assert_refused (f, pdg_register_post_journal (f->session, journal, refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_JOURNAL);

  /* A new one, posted: everything registered, both bikes complete. */
  journal = pdg_register_adjust_consumption (f->session, &error);
  g_assert_no_error (error);
  before = digest (f);
  g_assert_true (pdg_register_post_journal (f->session, journal, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (on_hand (f, f->m1), ==, 0);
  g_assert_cmpfloat (on_hand (f, f->m2), ==, 0);
  g_assert_cmpfloat_with_epsilon (on_hand (f, f->g1), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (on_hand (f, f->g2), 0.98, 1e-9);
  assert_refused (f, pdg_register_post_journal (f->session, journal, refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_JOURNAL);
  assert_refused (f, pdg_register_adjust_consumption (f->session, refusal) > 0,
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_LINE_COMPLETE);

  /* Undo the post: stock back, the journal open again. */
  g_assert_true (pdg_register_undo (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (on_hand (f, f->m1), ==, 1);
  g_assert_cmpfloat_with_epsilon (on_hand (f, f->g1), 0.08, 1e-9);
}

static void
test_unlink_and_reverse (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(PdgOrder) o = NULL;
  gint64 product;

  submit_ok (f, "EB0001");
  product = pdg_register_get_product (f->session);
  submit_ok (f, "(01)" GTIN_MOT "(21)M1");
  submit_ok (f, "(01)" GTIN_GRS "(10)G2");

  /* Unlink before the report is refused (remove is the correction). */
  assert_refused (f, pdg_register_unlink (f->session, product, f->m1, refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NOT_REPORTED);
  g_assert_true (pdg_register_report_finished (f->session, product, 1, 0, &error));
  g_assert_no_error (error);

  /* Repair: the motor comes out with an unlink event, available again. */
  g_assert_true (pdg_register_unlink (f->session, product, f->m1, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (on_hand (f, f->m1), ==, 1);
  events = pdg_store_list_events (f->store, f->m1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (((PdgEvent *) g_ptr_array_index (events, 0))->kind, ==, PDG_EVENT_UNLINK);
  /* Undo: back in. */
  g_assert_true (pdg_register_undo (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (on_hand (f, f->m1), ==, 0);

  /* Reversal of the report: nothing on hand, the order's good quantity back. */
  g_assert_true (pdg_register_reverse_report (f->session, product, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (on_hand (f, product), ==, 0);
  o = pdg_store_get_order (f->store, f->order, NULL);
  g_assert_cmpfloat (o->good_qty, ==, 0);
  assert_refused (f, pdg_register_reverse_report (f->session, product, refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NOT_REPORTED);
  /* Components can change again; undo of the reversal reports it again. */
  g_assert_true (pdg_register_undo (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (on_hand (f, product), ==, 1);
}

static void
test_batch_product_error_quantity (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRegister) session = NULL;
  g_autoptr(PdgUnit) lot = NULL;
  g_autoptr(PdgOrder) o = NULL;
  gint64 paste = item (f, "PST", PDG_TRACKING_BATCH, "kg", NULL);
  PdgOrder po = { .number = "PO-PST", .item_id = paste, .planned_qty = 10, .started_qty = 10,
                  .status = PDG_ORDER_STARTED };
  gint64 order_id = pdg_store_add_order (f->store, &po, &error);
  PdgBomLine line = { .order_id = order_id, .line_no = 10, .item_id = f->grs, .qty_per = 0.01, .tracked = TRUE };

  g_assert_no_error (error);
  g_assert_cmpint (pdg_store_add_bom_line (f->store, &line, &error), >, 0);
  g_assert_no_error (error);
  session = pdg_register_new (f->store, order_id, &error);
  g_assert_no_error (error);

  g_assert_true (pdg_register_submit (session, "PST-0001", &error));
  g_assert_no_error (error);
  g_assert_true (pdg_register_submit (session, "(01)" GTIN_GRS "(10)G2", &error));
  g_assert_no_error (error);

  /* 10 kg started: 9 good, 1 error (scrapped at once). */
  assert_refused (f, pdg_register_report_finished (session, pdg_register_get_product (session), 9, 2, refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_QUANTITY);
  g_assert_true (pdg_register_report_finished (session, pdg_register_get_product (session), 9, 1, &error));
  g_assert_no_error (error);
  lot = pdg_store_get_unit (f->store, pdg_register_get_product (session), NULL);
  g_assert_cmpfloat (lot->quantity, ==, 10);
  g_assert_cmpfloat (lot->on_hand, ==, 9);
  o = pdg_store_get_order (f->store, order_id, NULL);
  g_assert_cmpfloat (o->good_qty, ==, 9);
  g_assert_cmpfloat (o->error_qty, ==, 1);
  g_assert_cmpint (o->status, ==, PDG_ORDER_REPORTED);
}

static void
test_undo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRegister) other = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *created = NULL;
  gint64 product;
  gint64 n_audit;

  assert_refused (f, pdg_register_undo (f->session, refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NOTHING_TO_UNDO);

  submit_ok (f, "EB0001");
  product = pdg_register_get_product (f->session);
  created = digest (f);
  submit_ok (f, "(01)" GTIN_MOT "(21)M1");
  g_assert_cmpint (product_status (f, product), ==, PDG_REGISTRATION_IN_PROGRESS);
  g_assert_nonnull (pdg_register_get_undo_label (f->session));

  /* Undo is a new, audited change: statuses as before, audit longer. */
  n_audit = pdg_store_count_rows (f->store, "audit", NULL);
  g_assert_true (pdg_register_undo (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (product_status (f, product), ==, PDG_REGISTRATION_NOT_STARTED);
  g_assert_cmpfloat (on_hand (f, f->m1), ==, 1);
  g_assert_cmpint (pdg_store_count_rows (f->store, "audit", NULL), >, n_audit);
  audit = pdg_store_list_audit (f->store, "association", 0, 0, &error);
  g_assert_no_error (error);

  /* Refused when a later change depends on it: another session reports
   * the bike after this one registered a component. */
  submit_ok (f, "(01)" GTIN_MOT "(21)M1");
  submit_ok (f, "(01)" GTIN_GRS "(10)G2");
  other = pdg_register_new (f->store, f->order, &error);
  g_assert_no_error (error);
  g_assert_true (pdg_register_report_finished (other, product, 1, 0, &error));
  g_assert_no_error (error);
  assert_refused (f, pdg_register_undo (f->session, refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_UNDO_REFUSED);

  /* Undo of the product's creation is refused while it has registrations. */
  g_assert_true (pdg_register_reverse_report (other, product, &error));
  g_assert_no_error (error);
  g_assert_true (pdg_register_undo (f->session, &error));   /* grease out */
  g_assert_no_error (error);
  g_assert_true (pdg_register_undo (f->session, &error));   /* motor out */
  g_assert_no_error (error);
  assert_refused (f, pdg_register_undo (f->session, refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_UNDO_REFUSED);   /* history exists */
}

static void
test_remove_and_change (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 product;

  submit_ok (f, "EB0001");
  product = pdg_register_get_product (f->session);
  submit_ok (f, "(01)" GTIN_MOT "(21)M1");

  /* Change M1 to M2: M1 back in stock, M2 used. */
  g_assert_true (pdg_register_change (f->session, product, f->m1, "M2", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (on_hand (f, f->m1), ==, 1);
  g_assert_cmpfloat (on_hand (f, f->m2), ==, 0);
  assert_refused (f, pdg_register_change (f->session, product, f->m2, "M9", refusal),
                  PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_UNKNOWN_UNIT);

  /* Remove it: back to Not started; undo puts it back. */
  g_assert_true (pdg_register_remove (f->session, product, f->m2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (product_status (f, product), ==, PDG_REGISTRATION_NOT_STARTED);
  g_assert_true (pdg_register_undo (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (on_hand (f, f->m2), ==, 0);
  /* Undo the change: M1 in again. */
  g_assert_true (pdg_register_undo (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (on_hand (f, f->m1), ==, 0);
  g_assert_cmpfloat (on_hand (f, f->m2), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/register/scan-flow", test_scan_flow_plain);
  ADD ("/register/reported-refuses-components", test_reported_refuses_components);
  ADD ("/register/rules", test_rules);
  ADD ("/register/order-closed", test_order_closed);
  ADD ("/register/pick", test_pick);
  ADD ("/register/journal", test_journal);
  ADD ("/register/unlink-and-reverse", test_unlink_and_reverse);
  ADD ("/register/batch-product-error-quantity", test_batch_product_error_quantity);
  ADD ("/register/undo", test_undo);
  ADD ("/register/remove-and-change", test_remove_and_change);
#undef ADD

  return g_test_run ();
}
