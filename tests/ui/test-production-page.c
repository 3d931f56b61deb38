/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-production-page.c: the Production page on a generated database,
 * driven the way a floor worker drives it: the orders list, then an order's
 * tracked components with text typed into the scan entry and Enter, like a
 * keyboard-wedge scanner.
 *
 * The generated database has open orders whose started units all have
 * serials, so setup adds order PO-UI-TEST beside them: two units of the
 * finished item of a generated started order, with that order's bill of
 * materials, and fresh stock for each tracked line. What the page did is
 * checked on the database through a separate PdgStore.
 *
 * Work happens on worker threads, so each step iterates the main context
 * until the page shows the expected state, failing after a generous
 * timeout; nothing asserts on timing. Screenshots go to the build
 * directory (production-orders.png, tracked-components.png). */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "pdg-component-line.h"
#include "pdg-finished-product.h"
#include "pdg-genealogy-page.h"
#include "pdg-generator.h"
#include "pdg-local-source.h"
#include "pdg-production-page.h"
#include "pdg-store.h"
#include "pdg-tracked-components.h"
#include "pdg-ui-test-util.h"

#define TEST_UNITS      2000
#define TEST_ORDER      "PO-UI-TEST"
#define FIRST_SERIAL    "UI-TEST-0001"

/* Stock made for one tracked BOM line: what to scan for it. */
typedef struct
{
  gint64  bom_line_id;
  GStrv   lots;          /* owned; serials (one each) or one batch */
} LineStock;

static char      *tmp_dir;      /* owned */
static char      *db_path;      /* owned */
static gint64     test_order;   /* PO-UI-TEST */
static GArray    *stock;        /* LineStock */

typedef struct
{
  GtkWindow         *window;   /* owned by GTK while shown */
  PdgProductionPage *page;     /* borrowed; in window */
  PdgSource         *source;   /* owned */
} Fixture;

#define PAGE_CHILD(f, name)    pdg_ui_test_child ((f)->page, PDG_TYPE_PRODUCTION_PAGE, name)
#define TRACKED_CHILD(f, name) pdg_ui_test_child (tracked (f), PDG_TYPE_TRACKED_COMPONENTS, name)

static PdgTrackedComponents *
tracked (Fixture *fixture)
{
  return PDG_TRACKED_COMPONENTS (PAGE_CHILD (fixture, "tracked"));
}

static PdgStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  PdgStore *store = pdg_store_open (db_path, &error);

  g_assert_no_error (error);
  return store;
}

static char *
digest (void)
{
  g_autoptr(PdgStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  char *d = pdg_store_digest (store, &error);

  g_assert_no_error (error);
  return d;
}

/* Fixture -------------------------------------------------------------------- */

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;

  fixture->source = PDG_SOURCE (pdg_local_source_open_finish (result, &error));
  g_assert_no_error (error);
}

static gboolean
source_open (gpointer data)
{
  Fixture *fixture = data;

  return fixture->source != NULL;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  pdg_local_source_open_async (db_path, NULL, on_opened, fixture);
  pdg_ui_test_wait (source_open, fixture, "the database to open");

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1400, 900);
  fixture->page = g_object_new (PDG_TYPE_PRODUCTION_PAGE, NULL);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  pdg_production_page_set_source (fixture->page, fixture->source);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->source);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Conditions ------------------------------------------------------------------ */

static gboolean
orders_listed (gpointer data)
{
  Fixture *fixture = data;
  GtkSpinner *spinner = PAGE_CHILD (fixture, "orders_spinner");
  const char *state = gtk_stack_get_visible_child_name (PAGE_CHILD (fixture, "orders_stack"));

  return !gtk_spinner_get_spinning (spinner) && g_str_equal (state, "list");
}

static gboolean
idle (gpointer data)
{
  Fixture *fixture = data;

  return !pdg_tracked_components_get_busy (tracked (fixture)) &&
         pdg_production_page_get_state (fixture->page) != NULL;
}

static GListModel *
orders_model (Fixture *fixture)
{
  GtkColumnView *view = PAGE_CHILD (fixture, "orders_view");

  return G_LIST_MODEL (gtk_column_view_get_model (view));
}

/* The page's rows as order ids, read through the column view's model. */
static GArray *
listed_order_ids (Fixture *fixture)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_cmpuint (pdg_production_page_get_n_orders (fixture->page), ==,
                    g_list_model_get_n_items (orders_model (fixture)));
  for (guint i = 0; i < pdg_production_page_get_n_orders (fixture->page); i++)
    g_array_append_val (ids, pdg_production_page_get_order (fixture->page, i)->id);
  return ids;
}

static gboolean
refusal_shown (gpointer data)
{
  Fixture *fixture = data;

  return !pdg_tracked_components_get_busy (tracked (fixture)) &&
         gtk_widget_get_visible (TRACKED_CHILD (fixture, "error_label"));
}

/* The orders list --------------------------------------------------------------- */

static void
test_orders_list (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PdgStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = pdg_store_list_orders (store, -1, NULL, 1000, &error);
  g_autoptr(GPtrArray) started = NULL;
  g_autoptr(GArray) ids = NULL;
  GtkDropDown *dropdown = PAGE_CHILD (fixture, "status_dropdown");

  g_assert_no_error (error);
  g_assert_cmpuint (open->len, >, 1);

  /* Open orders (created, started, reported), newest first. */
  pdg_ui_test_wait (orders_listed, fixture, "the open orders");
  ids = listed_order_ids (fixture);
  g_assert_cmpuint (ids->len, ==, open->len);
  for (guint i = 0; i < open->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, ((PdgOrder *) g_ptr_array_index (open, i))->id);
  pdg_ui_test_save_png (GTK_WIDGET (fixture->window), "production-orders.png");

  /* Started only. */
  started = pdg_store_list_orders (store, PDG_ORDER_STARTED, NULL, 1000, &error);
  g_assert_no_error (error);
  gtk_drop_down_set_selected (dropdown, 2);
  g_clear_pointer (&ids, g_array_unref);
  pdg_ui_test_wait (orders_listed, fixture, "the started orders");
  ids = listed_order_ids (fixture);
  g_assert_cmpuint (ids->len, ==, started->len);

  /* A search by order number. */
  gtk_editable_set_text (GTK_EDITABLE (PAGE_CHILD (fixture, "search_entry")), TEST_ORDER);
  pdg_production_page_set_source (fixture->page, fixture->source);   /* no debounce wait */
  g_clear_pointer (&ids, g_array_unref);
  pdg_ui_test_wait (orders_listed, fixture, "the search");
  ids = listed_order_ids (fixture);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, test_order);

  /* An order not started yet opens with its number and the reason it takes
   * no registrations. */
  {
    g_autoptr(GPtrArray) created = pdg_store_list_orders (store, PDG_ORDER_CREATED, NULL, 1, &error);
    const PdgOrder *o;

    g_assert_no_error (error);
    g_assert_cmpuint (created->len, ==, 1);
    o = g_ptr_array_index (created, 0);
    gtk_drop_down_set_selected (dropdown, 5);   /* All */
    gtk_editable_set_text (GTK_EDITABLE (PAGE_CHILD (fixture, "search_entry")), o->number);
    pdg_production_page_set_source (fixture->page, fixture->source);
    pdg_ui_test_wait (orders_listed, fixture, "the created order");
    pdg_production_page_open_order (fixture->page, o->id);
    pdg_ui_test_wait (refusal_shown, fixture, "the refusal to open");
    g_assert_cmpstr (gtk_label_get_label (TRACKED_CHILD (fixture, "title_label")), ==, o->number);
    g_assert_nonnull (strstr (gtk_label_get_label (TRACKED_CHILD (fixture, "error_label")), "not started"));
    g_assert_null (pdg_production_page_get_state (fixture->page));
  }
}

/* Tracked components -------------------------------------------------------- */

static void
scan (Fixture    *fixture,
      const char *text)
{
  GtkEditable *entry = TRACKED_CHILD (fixture, "scan_entry");

  gtk_editable_set_text (entry, text);
  g_signal_emit_by_name (entry, "activate");
}

static const PdgFinishedProduct *
product (Fixture *fixture)
{
  PdgRegisterState *state = pdg_production_page_get_state (fixture->page);

  for (guint i = 0; i < state->products->len; i++)
    if (((PdgFinishedProduct *) g_ptr_array_index (state->products, i))->unit_id == state->product_id)
      return g_ptr_array_index (state->products, i);
  g_assert_not_reached ();
}

static const PdgComponentLine *
line (Fixture *fixture,
      gint64   bom_line_id,
      int     *index)
{
  PdgRegisterState *state = pdg_production_page_get_state (fixture->page);

  for (guint i = 0; i < state->lines->len; i++)
    if (((PdgComponentLine *) g_ptr_array_index (state->lines, i))->bom_line_id == bom_line_id)
      {
        if (index != NULL)
          *index = (int) i;
        return g_ptr_array_index (state->lines, i);
      }
  g_assert_not_reached ();
}

/* What a click (or arrow key) on a component line does. */
static void
choose_line (Fixture *fixture,
             gint64   bom_line_id)
{
  GtkListBox *list = TRACKED_CHILD (fixture, "lines_list");
  int index = -1;

  line (fixture, bom_line_id, &index);
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, index));
}

static gboolean
error_shown (gpointer data)
{
  Fixture *fixture = data;

  return idle (fixture) && gtk_widget_get_visible (TRACKED_CHILD (fixture, "error_label"));
}

static gboolean
genealogy_drawn (gpointer data)
{
  Fixture *fixture = data;
  PdgGenealogyPage *page = g_object_get_data (G_OBJECT (fixture->window), "genealogy");
  const char *state = pdg_genealogy_page_get_state (page);

  return g_str_equal (state, "graph") || g_str_equal (state, "error");
}

static void
test_scan_flow (Fixture       *fixture,
                gconstpointer  data)
{
  PdgRegisterState *state;
  GListModel *model;
  GtkWidget *error_label = TRACKED_CHILD (fixture, "error_label");
  GtkEditable *entry = TRACKED_CHILD (fixture, "scan_entry");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const LineStock *first = &g_array_index (stock, LineStock, 0);
  gint64 unit_id;
  guint position = G_MAXUINT;
  guint n_tracked_units = 0;

  /* Activating the order's row opens its tracked components. */
  pdg_ui_test_wait (orders_listed, fixture, "the open orders");
  model = orders_model (fixture);
  {
    g_autoptr(GArray) ids = listed_order_ids (fixture);

    for (guint i = 0; i < ids->len; i++)
      if (g_array_index (ids, gint64, i) == test_order)
        position = i;
  }
  g_assert_cmpuint (position, <, g_list_model_get_n_items (model));
  g_signal_emit_by_name (PAGE_CHILD (fixture, "orders_view"), "activate", position);
  pdg_ui_test_wait (idle, fixture, "the order's registration state");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (PAGE_CHILD (fixture, "stack")), ==, "tracked");
  state = pdg_production_page_get_state (fixture->page);
  g_assert_cmpint (state->order->id, ==, test_order);
  g_assert_cmpint (state->mode, ==, PDG_SCAN_MODE_PRODUCT);
  g_assert_cmpuint (state->products->len, ==, 0);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)), GTK_WIDGET (entry)));

  /* Product mode: a new serial makes the finished unit and switches to
   * Component mode; nothing is registered in it yet. */
  scan (fixture, FIRST_SERIAL);
  pdg_ui_test_wait (idle, fixture, "the finished product scan");
  state = pdg_production_page_get_state (fixture->page);
  g_assert_cmpint (state->mode, ==, PDG_SCAN_MODE_COMPONENT);
  g_assert_true (gtk_toggle_button_get_active (TRACKED_CHILD (fixture, "component_button")));
  g_assert_cmpstr (product (fixture)->lot, ==, FIRST_SERIAL);
  g_assert_cmpint (product (fixture)->status, ==, PDG_REGISTRATION_NOT_STARTED);
  for (guint i = 0; i < stock->len; i++)
    g_assert_cmpint (line (fixture, g_array_index (stock, LineStock, i).bom_line_id, NULL)->status,
                     ==, PDG_REGISTRATION_NOT_STARTED);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  unit_id = state->product_id;

  /* A plain code needs its line: choose the first tracked one. */
  choose_line (fixture, first->bom_line_id);
  pdg_ui_test_wait (idle, fixture, "the line selection");
  g_assert_cmpint (pdg_production_page_get_state (fixture->page)->line_id, ==, first->bom_line_id);

  /* A serial nobody knows: the reason under the entry, the text kept for
   * correction, and the database untouched. */
  before = digest ();
  scan (fixture, "NO-SUCH-LOT-42");
  pdg_ui_test_wait (error_shown, fixture, "the refusal");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "NO-SUCH-LOT-42");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "NO-SUCH-LOT-42"));
  after = digest ();
  g_assert_cmpstr (before, ==, after);
  pdg_ui_test_save_png (GTK_WIDGET (fixture->window), "tracked-components-error.png");
  g_assert_cmpint (line (fixture, first->bom_line_id, NULL)->status, ==, PDG_REGISTRATION_NOT_STARTED);

  /* The first component: In progress (or the line Completed, for one). */
  scan (fixture, first->lots[0]);
  pdg_ui_test_wait (idle, fixture, "the first component");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  for (guint i = 0; i < stock->len; i++)
    n_tracked_units += g_strv_length (g_array_index (stock, LineStock, i).lots);
  g_assert_cmpint (line (fixture, first->bom_line_id, NULL)->status, !=, PDG_REGISTRATION_NOT_STARTED);
  g_assert_cmpint (product (fixture)->status, ==,
                   n_tracked_units > 1 ? PDG_REGISTRATION_IN_PROGRESS : PDG_REGISTRATION_COMPLETED);
  g_assert_nonnull (pdg_production_page_get_state (fixture->page)->undo_label);

  /* Undo (the toast's button and Ctrl+Z both activate this): back to Not
   * started, through the engine's audited undo. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "production.undo", NULL);
  pdg_ui_test_wait (idle, fixture, "the undo");
  g_assert_cmpint (line (fixture, first->bom_line_id, NULL)->status, ==, PDG_REGISTRATION_NOT_STARTED);
  g_assert_cmpint (product (fixture)->status, ==, PDG_REGISTRATION_NOT_STARTED);

  /* Every line like a fast scanner: choose it and scan its stock without
   * waiting; the page applies it all in order. */
  for (guint i = 0; i < stock->len; i++)
    {
      const LineStock *s = &g_array_index (stock, LineStock, i);

      choose_line (fixture, s->bom_line_id);
      for (guint k = 0; s->lots[k] != NULL; k++)
        scan (fixture, s->lots[k]);
      pdg_ui_test_wait (idle, fixture, "the scans of a line");
      g_assert_false (gtk_widget_get_visible (error_label));
    }
  for (guint i = 0; i < stock->len; i++)
    g_assert_cmpint (line (fixture, g_array_index (stock, LineStock, i).bom_line_id, NULL)->status,
                     ==, PDG_REGISTRATION_COMPLETED);
  g_assert_cmpint (product (fixture)->status, ==, PDG_REGISTRATION_COMPLETED);
  pdg_ui_test_save_png (GTK_WIDGET (fixture->window), "tracked-components.png");

  /* Report as finished, through the dialog. */
  gtk_widget_activate_action (GTK_WIDGET (tracked (fixture)), "tracked.report", NULL);
  pdg_ui_test_wait (pdg_ui_test_dialog_shown, NULL, "the report dialog");
  {
    AdwMessageDialog *dialog = pdg_ui_test_find_dialog ();

    g_assert_true (adw_message_dialog_has_response (dialog, "good"));
    adw_message_dialog_response (dialog, "good");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  pdg_ui_test_wait (idle, fixture, "the report");
  g_assert_true (product (fixture)->reported);
  g_assert_cmpfloat (product (fixture)->good_qty, ==, 1);

  /* The database has the unit, on hand, with its components. */
  {
    g_autoptr(PdgStore) store = open_store ();
    g_autoptr(GError) error = NULL;
    g_autoptr(PdgUnit) unit = pdg_store_get_unit (store, unit_id, &error);
    g_autoptr(GPtrArray) parts = NULL;
    guint n_lots = 0;

    g_assert_no_error (error);
    g_assert_cmpstr (unit->lot, ==, FIRST_SERIAL);
    g_assert_cmpfloat (unit->on_hand, ==, 1);
    parts = pdg_store_list_components (store, unit_id, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < stock->len; i++)
      {
        const LineStock *s = &g_array_index (stock, LineStock, i);

        for (guint k = 0; s->lots[k] != NULL; k++, n_lots++)
          {
            gboolean found = FALSE;

            for (guint p = 0; p < parts->len; p++)
              found |= g_strcmp0 (((PdgAssociation *) g_ptr_array_index (parts, p))->other->lot, s->lots[k]) == 0;
            g_assert_true (found);
          }
      }
    g_assert_cmpuint (parts->len, >=, n_lots);
  }

  /* And the genealogy page traces it back to them. */
  {
    GtkWidget *window = gtk_window_new ();
    PdgGenealogyPage *genealogy = g_object_new (PDG_TYPE_GENEALOGY_PAGE, NULL);
    PdgGenealogy *g;

    gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
    gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (genealogy));
    gtk_window_present (GTK_WINDOW (window));
    g_object_set_data (G_OBJECT (fixture->window), "genealogy", genealogy);
    pdg_genealogy_page_set_source (genealogy, fixture->source);
    pdg_genealogy_page_trace (genealogy, unit_id, PDG_DIRECTION_BACKWARD);
    pdg_ui_test_wait (genealogy_drawn, fixture, "the genealogy");
    g_assert_cmpstr (pdg_genealogy_page_get_state (genealogy), ==, "graph");
    g = pdg_genealogy_page_get_genealogy (genealogy);
    for (guint i = 0; i < stock->len; i++)
      {
        const LineStock *s = &g_array_index (stock, LineStock, i);
        gboolean found = FALSE;

        for (guint n = 0; n < pdg_genealogy_get_n_nodes (g); n++)
          found |= g_strcmp0 (pdg_genealogy_get_node (g, n)->unit->lot, s->lots[0]) == 0;
        g_assert_true (found);
      }
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

/* Setup ----------------------------------------------------------------------- */

/* PO-UI-TEST: 2 units of the item of a generated started order, with its
 * BOM, and new stock for each tracked line. */
static void
make_test_order (void)
{
  g_autoptr(PdgStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) started = pdg_store_list_orders (store, PDG_ORDER_STARTED, NULL, 1000, &error);
  g_autoptr(GPtrArray) bom = NULL;
  const PdgOrder *model = NULL;
  PdgOrder order = { 0 };

  g_assert_no_error (error);
  for (guint i = 0; i < started->len && model == NULL; i++)
    {
      const PdgOrder *o = g_ptr_array_index (started, i);
      g_autoptr(PdgItem) item = pdg_store_get_item (store, o->item_id, &error);
      g_autoptr(GPtrArray) lines = pdg_store_list_bom_lines (store, o->id, &error);
      guint n_tracked = 0;

      g_assert_no_error (error);
      for (guint k = 0; k < lines->len; k++)
        n_tracked += ((PdgBomLine *) g_ptr_array_index (lines, k))->tracked;
      if (item->tracking == PDG_TRACKING_SERIAL && n_tracked >= 2)
        {
          model = o;
          bom = g_steal_pointer (&lines);
        }
    }
  g_assert_nonnull (model);

  pdg_store_set_actor (store, "test-production-page");
  order.number = (char *) TEST_ORDER;
  order.item_id = model->item_id;
  order.planned_qty = 2;
  order.started_qty = 2;
  order.status = PDG_ORDER_STARTED;
  order.location_id = model->location_id;
  order.started_at = model->started_at;
  test_order = pdg_store_add_order (store, &order, &error);
  g_assert_no_error (error);

  stock = g_array_new (FALSE, TRUE, sizeof (LineStock));
  for (guint k = 0; k < bom->len; k++)
    {
      const PdgBomLine *b = g_ptr_array_index (bom, k);
      g_autoptr(PdgItem) item = pdg_store_get_item (store, b->item_id, &error);
      PdgBomLine copy = *b;
      GStrvBuilder *lots = g_strv_builder_new ();
      LineStock s = { 0 };

      g_assert_no_error (error);
      copy.id = 0;
      copy.order_id = test_order;
      s.bom_line_id = pdg_store_add_bom_line (store, &copy, &error);
      g_assert_no_error (error);
      if (b->tracked)
        {
          guint n = item->tracking == PDG_TRACKING_SERIAL ? (guint) ceil (b->qty_per) : 1;

          for (guint q = 0; q < n; q++)
            {
              g_autofree char *lot = g_strdup_printf ("UI-%s-%u", item->number, q + 1);
              PdgUnit unit = { .item_id = item->id, .lot = lot, .origin = PDG_ORIGIN_PURCHASED,
                               .quantity = item->tracking == PDG_TRACKING_SERIAL ? 1 : b->qty_per * 10,
                               .status = PDG_UNIT_STATUS_AVAILABLE };

              pdg_store_add_unit (store, &unit, &error);
              g_assert_no_error (error);
              g_strv_builder_add (lots, lot);
            }
          s.lots = g_strv_builder_end (lots);
          g_array_append_val (stock, s);
        }
      g_strv_builder_unref (lots);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_printerr ("No display: skipping the production page tests (run them under xvfb-run).\n");
      return 77;
    }
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  tmp_dir = g_dir_make_tmp ("pedigree-test-production-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "test.db", NULL);
  if (!pdg_generate (db_path, TEST_UNITS, 1, NULL, NULL, NULL, NULL, &error))
    g_error ("Could not generate the test database: %s", error->message);
  make_test_order ();

  g_test_add ("/production-page/lists-open-orders-filters-and-searches", Fixture, NULL,
              fixture_setup, test_orders_list, fixture_teardown);
  g_test_add ("/production-page/scans-product-and-components-undoes-and-reports", Fixture, NULL,
              fixture_setup, test_scan_flow, fixture_teardown);

  status = g_test_run ();

  for (guint i = 0; i < stock->len; i++)
    g_strfreev (g_array_index (stock, LineStock, i).lots);
  g_array_unref (stock);
  pdg_ui_test_remove_tree (tmp_dir);
  g_free (db_path);
  g_free (tmp_dir);
  return status;
}
