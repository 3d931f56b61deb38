/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-recall-page.c: the Recall page on a generated database, driven the
 * way a recall coordinator drives it: type a lot into the suspect search and
 * press Enter, run, read the impacted units, the graph and the exports,
 * get a bad date range refused, block the impacted units.
 *
 * The page's answers are checked against the engine run on a separate
 * PdgStore of the same file. The tests share one window and run in the
 * order added (the block test changes the database, so it comes late).
 * Work happens on worker threads, so each step iterates the main context
 * until the page shows the expected state, failing after a generous
 * timeout; nothing asserts on timing. Screenshots go to the build
 * directory (recall-page*.png) for people to look at. */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "pdg-generator.h"
#include "pdg-graph-view.h"
#include "pdg-local-source.h"
#include "pdg-recall-page.h"
#include "pdg-recall.h"
#include "pdg-store.h"
#include "pdg-ui-test-util.h"

#define TEST_UNITS      2000

static char          *tmp_dir;   /* owned */
static char          *db_path;   /* owned */
static gint64         lot_id;    /* the raw-material lot with the widest fan-out */
static char          *lot_key;   /* owned; its ITEM/LOT */
static PdgSource     *source;    /* owned */
static GtkWindow     *window;    /* owned by GTK; destroyed at the end */
static PdgRecallPage *page;      /* borrowed; the window's child */

static gpointer
child (const char *name)
{
  return pdg_ui_test_child (page, PDG_TYPE_RECALL_PAGE, name);
}

static gboolean
has_result (gpointer data)
{
  return g_str_equal (pdg_recall_page_get_state (page), "result");
}

/* The result differs from @data (a recall the test holds, so its address
 * is not reused) and is shown. */
static gboolean
has_new_result (gpointer data)
{
  return has_result (NULL) && pdg_recall_page_get_recall (page) != data;
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* The engine's answer to the same question, from its own connection. */
static PdgRecall *
engine_recall (gint64 unit_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (db_path, &error);
  g_autoptr(PdgRecallQuery) query = pdg_recall_query_new_units (&unit_id, 1);
  PdgRecall *recall;

  g_assert_no_error (error);
  recall = pdg_recall_run (store, query, NULL, &error);
  g_assert_no_error (error);
  return recall;
}

static guint
count_csv_rows (const char *csv)
{
  guint lines = 0;

  for (const char *p = csv; (p = strstr (p, "\r\n")) != NULL; p += 2)
    lines++;
  return lines - 1;   /* the header */
}

/* Tests ---------------------------------------------------------------------- */

static void
test_empty_and_no_suspects (void)
{
  g_assert_cmpstr (pdg_recall_page_get_state (page), ==, "empty");
  g_assert_null (pdg_recall_page_get_recall (page));

  /* Run with nothing to recall: it says what to do, and stays empty. */
  pdg_recall_page_run (page);
  g_assert_cmpstr (pdg_recall_page_get_state (page), ==, "empty");
  g_assert_true (gtk_widget_get_visible (child ("suspect_error")));
  g_assert_nonnull (strstr (gtk_label_get_text (child ("suspect_error")), "Add at least one"));
  pdg_ui_test_save_png (GTK_WIDGET (window), "recall-page-empty.png");
}

static gboolean
one_suspect (gpointer data)
{
  return pdg_ui_test_count_rows (child ("suspect_list")) == 1;
}

static void
test_search_adds_suspect (void)
{
  GtkSearchEntry *entry = child ("suspect_entry");
  GtkListBoxRow *row;

  /* What a scanner or a person types: ITEM/LOT, then Enter. */
  gtk_editable_set_text (GTK_EDITABLE (entry), lot_key);
  g_signal_emit_by_name (entry, "activate");
  pdg_ui_test_wait (one_suspect, NULL, "the lot in the suspect list");

  row = gtk_list_box_get_row_at_index (child ("suspect_list"), 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, lot_key);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_false (gtk_widget_get_visible (child ("suspect_error")));

}

static void
test_run_matches_engine (void)
{
  g_autoptr(PdgRecall) expected = engine_recall (lot_id);
  g_autoptr(GHashTable) expected_ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) shown_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *csv = pdg_recall_to_csv (expected);
  GtkColumnView *view = child ("units_view");
  GListModel *model;
  PdgRecall *recall;
  guint n_expected = pdg_genealogy_get_n_nodes (expected->genealogy);

  pdg_recall_page_run (page);
  g_assert_cmpstr (pdg_recall_page_get_state (page), ==, "running");
  pdg_ui_test_wait (has_result, NULL, "the recall result");
  recall = pdg_recall_page_get_recall (page);
  g_assert_nonnull (recall);
  g_assert_cmpuint (recall->suspects->len, ==, 1);
  g_assert_cmpint (((PdgUnit *) g_ptr_array_index (recall->suspects, 0))->id, ==, lot_id);
  g_assert_cmpuint (n_expected, >, 10);   /* a real fan-out */

  /* The table shows exactly the engine's impacted units, suspect first. */
  for (guint i = 0; i < n_expected; i++)
    g_hash_table_add (expected_ids, &pdg_genealogy_get_node (expected->genealogy, i)->unit->id);
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_expected);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, count_csv_rows (csv));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      gint64 id;

      g_object_get (item, "unit-id", &id, NULL);
      g_assert_true (g_hash_table_contains (expected_ids, &id));
      g_hash_table_add (shown_ids, g_memdup2 (&id, sizeof id));
      if (i == 0)
        g_assert_cmpint (id, ==, lot_id);
    }
  g_assert_cmpuint (g_hash_table_size (shown_ids), ==, n_expected);
  pdg_ui_test_save_png (GTK_WIDGET (window), "recall-page.png");

  /* The other tabs. */
  g_assert_cmpstr (gtk_label_get_text (child ("summary_label")), ==, expected->summary);
  g_assert_cmpuint (pdg_ui_test_count_rows (child ("customer_list")), ==, MIN (expected->customers->len, 500));
  g_assert_cmpuint (pdg_ui_test_count_rows (child ("order_list")), ==, MIN (expected->open_orders->len, 500));
  g_assert_cmpuint (pdg_ui_test_count_rows (child ("warning_list")), ==, MIN (expected->warnings->len, 500));
  {
    guint cards = 0;

    for (GtkWidget *w = gtk_widget_get_first_child (child ("balance_box")); w; w = gtk_widget_get_next_sibling (w))
      if (ADW_IS_PREFERENCES_GROUP (w))
        cards++;
    g_assert_cmpuint (cards, ==, expected->balances->len);
  }

  /* Filtering narrows the table; clearing it shows everything again. */
  {
    const PdgCustomerImpact *c = g_ptr_array_index (expected->customers, 0);

    gtk_editable_set_text (GTK_EDITABLE (child ("filter_entry")), c->name);
    g_signal_emit_by_name (child ("filter_entry"), "search-changed");
    pdg_ui_test_settle (0.5);
    g_assert_cmpuint (g_list_model_get_n_items (model), >=, c->units);
    g_assert_cmpuint (g_list_model_get_n_items (model), <, n_expected);
    gtk_editable_set_text (GTK_EDITABLE (child ("filter_entry")), "");
    g_signal_emit_by_name (child ("filter_entry"), "search-changed");
    pdg_ui_test_settle (0.5);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_expected);
  }
}

static gboolean
graph_has_scene (gpointer data)
{
  return pdg_graph_view_get_scene (data) != NULL;
}

static void
test_graph_emphasis (void)
{
  PdgGraphView *graph = child ("graph_view");
  PdgRecall *recall = pdg_recall_page_get_recall (page);
  guint suspects = 0, impacted = 0;

  g_assert_nonnull (recall);
  adw_view_stack_set_visible_child_name (child ("result_stack"), "graph");
  pdg_ui_test_wait (graph_has_scene, graph, "the graph layout");
  g_assert_true (pdg_scene_get_genealogy (pdg_graph_view_get_scene (graph)) == recall->genealogy);

  for (guint i = 0; i < pdg_genealogy_get_n_nodes (recall->genealogy); i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (recall->genealogy, i);
      PdgGraphEmphasis e = pdg_graph_view_get_emphasis (graph, (int) i);

      if (n->role == PDG_NODE_ROOT)
        {
          g_assert_cmpint (e, ==, PDG_GRAPH_EMPHASIS_SUSPECT);
          suspects++;
        }
      else if (recall->contained[i] > 0)
        {
          g_assert_cmpint (e, ==, PDG_GRAPH_EMPHASIS_IMPACTED);
          impacted++;
        }
      else
        g_assert_cmpint (e, ==, PDG_GRAPH_EMPHASIS_DIMMED);
    }
  g_assert_cmpuint (suspects, ==, 1);
  g_assert_cmpuint (impacted, >, 0);
  pdg_graph_view_zoom_to_fit (graph);
  pdg_ui_test_save_png (GTK_WIDGET (window), "recall-page-graph.png");

  adw_view_stack_set_visible_child_name (child ("result_stack"), "balance");
  pdg_ui_test_save_png (GTK_WIDGET (window), "recall-page-balance.png");
  adw_view_stack_set_visible_child_name (child ("result_stack"), "customers");
  pdg_ui_test_save_png (GTK_WIDGET (window), "recall-page-customers.png");
  adw_view_stack_set_visible_child_name (child ("result_stack"), "warnings");
  pdg_ui_test_save_png (GTK_WIDGET (window), "recall-page-warnings.png");
  adw_view_stack_set_visible_child_name (child ("result_stack"), "units");
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Done;

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Done *done = user_data;

  done->ok = pdg_recall_page_export_finish (PDG_RECALL_PAGE (object), result, &done->error);
  done->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Done *) data)->done;
}

static char *
export (PdgRecallPageExport  format,
        const char          *name,
        gsize               *length)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  Done done = { 0 };
  char *contents = NULL;

  pdg_recall_page_export_async (page, format, file, NULL, on_exported, &done);
  pdg_ui_test_wait (is_done, &done, name);
  g_assert_no_error (done.error);
  g_assert_true (done.ok);
  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_exports (void)
{
  PdgRecall *recall = pdg_recall_page_get_recall (page);
  g_autofree char *expected_csv = pdg_recall_to_csv (recall);
  g_autofree char *csv = NULL;
  g_autofree char *fsma = NULL;
  g_autofree char *pdf = NULL;
  gsize length = 0;

  csv = export (PDG_RECALL_PAGE_EXPORT_CSV, "impacted.csv", &length);
  g_assert_true (g_str_has_prefix (csv, "level,item,lot,"));
  g_assert_cmpuint (count_csv_rows (csv), ==, pdg_genealogy_get_n_nodes (recall->genealogy));
  g_assert_cmpuint (count_csv_rows (csv), ==, count_csv_rows (expected_csv));

  fsma = export (PDG_RECALL_PAGE_EXPORT_FSMA, "fsma.csv", &length);
  g_assert_true (g_str_has_prefix (fsma, "event_id,cte,traceability_lot_code,"));
  g_assert_cmpuint (count_csv_rows (fsma), >, 0);

  pdf = export (PDG_RECALL_PAGE_EXPORT_PDF, "report.pdf", &length);
  g_assert_cmpuint (length, >, 4000);
  g_assert_true (memcmp (pdf, "%PDF", 4) == 0);
  {
    g_autofree char *copy = g_build_filename (g_test_get_dir (G_TEST_BUILT), "recall-report.pdf", NULL);

    g_file_set_contents (copy, pdf, (gssize) length, NULL);
  }
}

static void
test_same_lot_once (void)
{
  GtkSearchEntry *entry = child ("suspect_entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), lot_key);
  g_signal_emit_by_name (entry, "activate");
  pdg_ui_test_settle (0.5);
  g_assert_cmpuint (pdg_ui_test_count_rows (child ("suspect_list")), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
}

static void
test_reversed_range (void)
{
  PdgRecall *before = pdg_recall_page_get_recall (page);
  GtkLabel *error = child ("range_error");

  gtk_toggle_button_set_active (child ("supplier_toggle"), TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child ("mode_stack")), ==, "range");
  gtk_editable_set_text (GTK_EDITABLE (child ("name_row")), "S-20001");
  gtk_editable_set_text (GTK_EDITABLE (child ("from_row")), "2025-03-01");
  gtk_editable_set_text (GTK_EDITABLE (child ("to_row")), "2025-02-01");

  pdg_recall_page_run (page);
  g_assert_cmpstr (pdg_recall_page_get_state (page), ==, "result");
  g_assert_true (pdg_recall_page_get_recall (page) == before);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_nonnull (strstr (gtk_label_get_text (error), "comes before"));
  g_assert_true (gtk_widget_has_css_class (child ("to_row"), "error"));
  pdg_ui_test_save_png (GTK_WIDGET (window), "recall-page-range-error.png");

  /* Not a date at all. */
  gtk_editable_set_text (GTK_EDITABLE (child ("to_row")), "2025-13-40");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error)));   /* editing clears it */
  pdg_recall_page_run (page);
  g_assert_true (pdg_recall_page_get_recall (page) == before);
  g_assert_nonnull (strstr (gtk_label_get_text (error), "not a date"));

  gtk_toggle_button_set_active (child ("units_toggle"), TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child ("mode_stack")), ==, "units");
}

static void
test_block (void)
{
  g_autoptr(PdgRecall) before = pdg_recall_ref (pdg_recall_page_get_recall (page));
  g_autoptr(GArray) available = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autofree char *count = NULL;
  AdwMessageDialog *dialog;
  PdgRecall *after;

  for (guint i = 0; i < pdg_genealogy_get_n_nodes (before->genealogy); i++)
    {
      const PdgUnit *u = pdg_genealogy_get_node (before->genealogy, i)->unit;

      if (u->status == PDG_UNIT_STATUS_AVAILABLE)
        g_array_append_val (available, u->id);
    }
  g_assert_cmpuint (available->len, >, 0);

  /* The dialog names how many units it will block; Block answers it. */
  gtk_widget_activate_action (GTK_WIDGET (page), "recall.block", NULL);
  pdg_ui_test_wait (pdg_ui_test_dialog_shown, NULL, "the confirmation dialog");
  dialog = pdg_ui_test_find_dialog ();
  count = g_strdup_printf ("%u", available->len);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), count));
  pdg_ui_test_save_png (GTK_WIDGET (dialog), "recall-page-block-dialog.png");
  adw_message_dialog_response (dialog, "block");

  /* Blocked, then the recall runs again and shows them blocked. */
  pdg_ui_test_wait (has_new_result, before, "the recall after blocking");
  after = pdg_recall_page_get_recall (page);
  for (guint i = 0; i < available->len; i++)
    {
      gint64 id = g_array_index (available, gint64, i);
      guint index;

      g_assert_true (pdg_genealogy_lookup (after->genealogy, id, &index));
      g_assert_cmpint (pdg_genealogy_get_node (after->genealogy, index)->unit->status, ==, PDG_UNIT_STATUS_BLOCKED);
    }

  /* In the database, audited, seen from another connection. */
  store = pdg_store_open (db_path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < available->len; i++)
    {
      gint64 id = g_array_index (available, gint64, i);
      g_autoptr(PdgUnit) unit = pdg_store_get_unit (store, id, &error);
      g_autoptr(GPtrArray) audit = NULL;
      gboolean found = FALSE;

      g_assert_no_error (error);
      g_assert_cmpint (unit->status, ==, PDG_UNIT_STATUS_BLOCKED);
      audit = pdg_store_list_audit (store, "unit", id, 20, &error);
      g_assert_no_error (error);
      for (guint k = 0; k < audit->len; k++)
        if (g_str_equal (((PdgAuditEntry *) g_ptr_array_index (audit, k))->action, "unit.block"))
          found = TRUE;
      g_assert_true (found);
    }
  pdg_ui_test_save_png (GTK_WIDGET (window), "recall-page-blocked.png");
}

static void
test_supplier_range (void)
{
  g_autoptr(PdgRecall) before = pdg_recall_ref (pdg_recall_page_get_recall (page));
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (db_path, &error);
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *supplier = NULL;
  gboolean found = FALSE;
  PdgRecall *after;

  g_assert_no_error (error);
  events = pdg_store_list_events (store, lot_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len && supplier == NULL; i++)
    {
      const PdgEvent *e = g_ptr_array_index (events, i);

      if (e->kind == PDG_EVENT_RECEIPT && e->partner != NULL)
        supplier = g_strdup (e->partner);
    }
  g_assert_nonnull (supplier);

  gtk_toggle_button_set_active (child ("supplier_toggle"), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (child ("name_row")), supplier);
  gtk_editable_set_text (GTK_EDITABLE (child ("from_row")), "2000-01-01");
  gtk_editable_set_text (GTK_EDITABLE (child ("to_row")), "2099-12-31");
  pdg_recall_page_run (page);
  g_assert_cmpstr (pdg_recall_page_get_state (page), ==, "running");
  pdg_ui_test_wait (has_new_result, before, "the supplier recall");

  after = pdg_recall_page_get_recall (page);
  for (guint i = 0; i < after->suspects->len; i++)
    if (((PdgUnit *) g_ptr_array_index (after->suspects, i))->id == lot_id)
      found = TRUE;
  g_assert_true (found);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (child ("units_view")))), ==,
                    pdg_genealogy_get_n_nodes (after->genealogy));
  pdg_ui_test_save_png (GTK_WIDGET (window), "recall-page-supplier.png");
}

/* Setup ------------------------------------------------------------------------ */

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  source = PDG_SOURCE (pdg_local_source_open_finish (result, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  PdgGeneratorStats stats = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_printerr ("No display: skipping the recall page tests (run them under xvfb-run).\n");
      return 77;
    }
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* What AdwApplication loads by itself in the app (status pills ...). */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/pedigree/Pedigree/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  tmp_dir = g_dir_make_tmp ("pedigree-test-recall-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "test.db", NULL);
  if (!pdg_generate (db_path, TEST_UNITS, 1, NULL, NULL, NULL, &stats, &error))
    g_error ("Could not generate the test database: %s", error->message);

  /* The receipt lot with the most consumers: the generator reports it;
   * check it is a purchased lot that went into several units. */
  {
    g_autoptr(PdgStore) store = pdg_store_open (db_path, &error);
    g_autoptr(PdgUnit) unit = NULL;
    g_autoptr(GPtrArray) consumers = NULL;

    g_assert_no_error (error);
    lot_id = stats.fanout_unit;
    unit = pdg_store_get_unit (store, lot_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (unit->origin, ==, PDG_ORIGIN_PURCHASED);
    consumers = pdg_store_list_consumers (store, lot_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (consumers->len, >, 1);
    lot_key = pdg_unit_dup_key (unit);
  }

  pdg_local_source_open_async (db_path, NULL, on_opened, NULL);
  pdg_ui_test_wait (is_set, &source, "the database to open");

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1400, 900);
  page = PDG_RECALL_PAGE (g_object_new (PDG_TYPE_RECALL_PAGE, NULL));
  gtk_window_set_child (window, GTK_WIDGET (page));
  pdg_recall_page_set_source (page, source);
  gtk_window_present (window);

  g_test_add_func ("/recall-page/starts-empty-and-asks-for-suspects", test_empty_and_no_suspects);
  g_test_add_func ("/recall-page/search-entry-adds-the-suspect", test_search_adds_suspect);
  g_test_add_func ("/recall-page/run-shows-the-engine-impacted-units", test_run_matches_engine);
  g_test_add_func ("/recall-page/graph-marks-suspects-and-impacted-units", test_graph_emphasis);
  g_test_add_func ("/recall-page/exports-csv-fsma-and-pdf-report", test_exports);
  g_test_add_func ("/recall-page/same-lot-is-added-once", test_same_lot_once);
  g_test_add_func ("/recall-page/reversed-date-range-says-so-and-runs-nothing", test_reversed_range);
  g_test_add_func ("/recall-page/block-asks-then-blocks-and-audits", test_block);
  g_test_add_func ("/recall-page/supplier-and-date-range-finds-the-lot", test_supplier_range);

  status = g_test_run ();

  gtk_window_destroy (window);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_clear_object (&source);
  pdg_ui_test_remove_tree (tmp_dir);
  g_clear_pointer (&db_path, g_free);
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_pointer (&lot_key, g_free);

  return status;
}
