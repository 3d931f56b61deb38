/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-source.c: PdgLocalSource answers on worker threads, from a real file.
 *
 * The main loop is run until each async call returns, as the UI would. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pdg-generator.h"
#include "pdg-local-source.h"
#include "pdg-register.h"
#include "pdg-store.h"
#include "pdg-test-util.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *w = user_data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static GAsyncResult *
wait_for (Waiter *w)
{
  g_main_loop_run (w->loop);
  return w->result;
}

static char *
make_database (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = NULL;
  char *dir = g_dir_make_tmp ("pedigree-source-XXXXXX", &error);
  char *path = g_build_filename (dir, "source.db", NULL);
  PdgItem bike = { .number = "EB-U500", .description = "Urban e-bike U500", .tracking = PDG_TRACKING_SERIAL, .uom = "pcs" };
  PdgItem cell = { .number = "CELL-21700", .description = "Li-ion cell 21700", .tracking = PDG_TRACKING_BATCH, .uom = "pcs" };
  PdgUnit b1 = { .lot = "EB-1001", .quantity = 1 };
  PdgUnit c1 = { .lot = "C-2291", .quantity = 500 };
  PdgEvent inspect = { .kind = PDG_EVENT_INSPECTION, .note = "Final test passed", .at = 1735689600 };
  gint64 bike_id, cell_id;

  store = pdg_store_open (path, &error);
  g_assert_no_error (error);
  b1.item_id = pdg_store_add_item (store, &bike, &error);
  c1.item_id = pdg_store_add_item (store, &cell, &error);
  bike_id = pdg_store_add_unit (store, &b1, &error);
  cell_id = pdg_store_add_unit (store, &c1, &error);
  g_assert_cmpint (pdg_store_associate (store, bike_id, cell_id, 52, 0, 0, &error), >, 0);
  inspect.unit_id = bike_id;
  g_assert_cmpint (pdg_store_add_event (store, &inspect, &error), >, 0);
  g_assert_no_error (error);

  *dir_out = dir;
  return path;
}

static void
remove_database (const char *dir,
                 const char *path)
{
  pdg_test_remove_database (path);
  g_rmdir (dir);
}

static void
test_finds_and_loads_units (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = make_database (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(PdgLocalSource) source = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(PdgUnitDetails) details = NULL;
  g_autofree char *title = NULL;
  Waiter w = { loop, NULL };
  PdgUnit *unit;

  pdg_local_source_open_async (path, NULL, on_done, &w);
  source = pdg_local_source_open_finish (wait_for (&w), &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);

  title = pdg_source_dup_title (PDG_SOURCE (source));
  g_assert_cmpstr (title, ==, "source.db");

  pdg_source_find_units_async (PDG_SOURCE (source), "EB-10", 20, NULL, on_done, &w);
  units = pdg_source_find_units_finish (PDG_SOURCE (source), wait_for (&w), &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpuint (units->len, ==, 1);
  unit = units->pdata[0];
  g_assert_cmpstr (unit->lot, ==, "EB-1001");

  pdg_source_load_unit_async (PDG_SOURCE (source), unit->id, NULL, on_done, &w);
  details = pdg_source_load_unit_finish (PDG_SOURCE (source), wait_for (&w), &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpstr (details->unit->item_number, ==, "EB-U500");
  g_assert_cmpuint (details->components->len, ==, 1);
  g_assert_cmpuint (details->consumers->len, ==, 0);
  g_assert_cmpuint (details->events->len, ==, 1);
  g_assert_cmpstr (((PdgEvent *) details->events->pdata[0])->note, ==, "Final test passed");

  /* An unknown unit is an error, not a crash or an empty value. */
  pdg_source_load_unit_async (PDG_SOURCE (source), 424242, NULL, on_done, &w);
  g_assert_null (pdg_source_load_unit_finish (PDG_SOURCE (source), wait_for (&w), &error));
  g_clear_object (&w.result);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Traces, both ways, on the worker. */
  {
    g_autoptr(PdgGenealogy) back = NULL;
    g_autoptr(PdgGenealogy) fwd = NULL;
    gint64 cell_id = ((PdgAssociation *) details->components->pdata[0])->child_id;

    pdg_source_trace_async (PDG_SOURCE (source), unit->id, PDG_DIRECTION_BACKWARD, NULL, NULL, on_done, &w);
    back = pdg_source_trace_finish (PDG_SOURCE (source), wait_for (&w), &error);
    g_clear_object (&w.result);
    g_assert_no_error (error);
    g_assert_cmpuint (pdg_genealogy_get_n_nodes (back), ==, 2);
    g_assert_cmpuint (pdg_genealogy_get_n_edges (back), ==, 1);

    pdg_source_trace_async (PDG_SOURCE (source), cell_id, PDG_DIRECTION_FORWARD, NULL, NULL, on_done, &w);
    fwd = pdg_source_trace_finish (PDG_SOURCE (source), wait_for (&w), &error);
    g_clear_object (&w.result);
    g_assert_no_error (error);
    g_assert_cmpuint (pdg_genealogy_get_n_nodes (fwd), ==, 2);
    g_assert_cmpstr (pdg_genealogy_get_node (fwd, 1)->unit->lot, ==, "EB-1001");

    pdg_source_trace_async (PDG_SOURCE (source), 424242, PDG_DIRECTION_FORWARD, NULL, NULL, on_done, &w);
    g_assert_null (pdg_source_trace_finish (PDG_SOURCE (source), wait_for (&w), &error));
    g_clear_object (&w.result);
    g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND);
  }

  g_clear_object (&source);
  remove_database (dir, path);
}

static void
test_cancelled_query (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = make_database (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PdgLocalSource) source = NULL;
  Waiter w = { loop, NULL };

  pdg_local_source_open_async (path, NULL, on_done, &w);
  source = pdg_local_source_open_finish (wait_for (&w), &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);

  g_cancellable_cancel (cancellable);
  pdg_source_find_units_async (PDG_SOURCE (source), "EB", 20, cancellable, on_done, &w);
  g_assert_null (pdg_source_find_units_finish (PDG_SOURCE (source), wait_for (&w), &error));
  g_clear_object (&w.result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_object (&source);
  remove_database (dir, path);
}

static void
test_open_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *dir = g_dir_make_tmp ("pedigree-source-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "notes.db", NULL);
  Waiter w = { loop, NULL };
  const char junk[] = "Meeting notes: recall C-2291 on Monday. Not a database at all, really.....";

  g_file_set_contents (path, junk, sizeof junk - 1, &error);
  g_assert_no_error (error);

  pdg_local_source_open_async (path, NULL, on_done, &w);
  g_assert_null (pdg_local_source_open_finish (wait_for (&w), &error));
  g_clear_object (&w.result);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_A_DATABASE);

  g_unlink (path);
  g_rmdir (dir);
}

/* A generated database, and its raw-material lot with the widest fan-out. */
static char *
make_generated (char   **dir_out,
                gint64  *fanout)
{
  g_autoptr(GError) error = NULL;
  PdgGeneratorStats stats = { 0 };
  char *dir = g_dir_make_tmp ("pedigree-source-XXXXXX", &error);
  char *path = g_build_filename (dir, "generated.db", NULL);

  g_assert_true (pdg_generate (path, 4000, 11, NULL, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
  *dir_out = dir;
  *fanout = stats.fanout_unit;
  return path;
}

static PdgLocalSource *
open_source (const char *path,
             Waiter     *w)
{
  g_autoptr(GError) error = NULL;
  PdgLocalSource *source;

  pdg_local_source_open_async (path, NULL, on_done, w);
  source = pdg_local_source_open_finish (wait_for (w), &error);
  g_clear_object (&w->result);
  g_assert_no_error (error);
  return source;
}

static void
count_changed (PdgSource *source,
               guint     *count)
{
  (*count)++;
}

static char *
file_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* Recall through the source gives the engine's answer; its exports are the
 * engine's bytes; blocking blocks exactly the available impacted units,
 * with an audit entry each, and an unknown unit refuses the whole lot. */
static void
test_recall_export_and_block (void)
{
  g_autofree char *dir = NULL;
  gint64 lot = 0;
  g_autofree char *path = make_generated (&dir, &lot);
  g_autofree char *csv_path = g_build_filename (dir, "impacted.csv", NULL);
  g_autofree char *fsma_path = g_build_filename (dir, "fsma.csv", NULL);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) fsma_file = g_file_new_for_path (fsma_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(PdgLocalSource) source = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(PdgRecallQuery) query = pdg_recall_query_new_units (&lot, 1);
  g_autoptr(PdgRecall) ours = NULL;
  g_autoptr(PdgRecall) engine = NULL;
  g_autoptr(GArray) impacted = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *engine_csv = NULL;
  g_autofree char *engine_fsma = NULL;
  g_autofree char *written = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *digest_after = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  Waiter w = { loop, NULL };
  guint available = 0;
  guint block_entries = 0;
  guint changes = 0;
  gssize blocked;
  gint64 bad[2];

  g_assert_cmpint (lot, >, 0);
  source = open_source (path, &w);
  g_signal_connect (source, "changed", G_CALLBACK (count_changed), &changes);
  store = pdg_store_open (path, &error);
  g_assert_no_error (error);

  pdg_source_recall_async (PDG_SOURCE (source), query, NULL, on_done, &w);
  ours = pdg_source_recall_finish (PDG_SOURCE (source), wait_for (&w), &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  engine = pdg_recall_run (store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pdg_genealogy_get_n_nodes (ours->genealogy), ==, pdg_genealogy_get_n_nodes (engine->genealogy));
  g_assert_cmpuint (ours->finished->len, ==, engine->finished->len);
  g_assert_cmpuint (ours->finished->len, >, 0);
  g_assert_cmpstr (ours->summary, ==, engine->summary);

  /* Exports: the engine's bytes. */
  engine_csv = pdg_recall_to_csv (engine);
  engine_fsma = pdg_recall_to_fsma (store, engine, &error);
  g_assert_no_error (error);
  pdg_source_export_recall_async (PDG_SOURCE (source), ours, PDG_RECALL_EXPORT_CSV, csv_file, NULL, on_done, &w);
  g_assert_true (pdg_source_export_recall_finish (PDG_SOURCE (source), wait_for (&w), &error));
  g_clear_object (&w.result);
  g_assert_no_error (error);
  written = file_text (csv_path);
  g_assert_cmpstr (written, ==, engine_csv);
  g_clear_pointer (&written, g_free);
  pdg_source_export_recall_async (PDG_SOURCE (source), ours, PDG_RECALL_EXPORT_FSMA, fsma_file, NULL, on_done, &w);
  g_assert_true (pdg_source_export_recall_finish (PDG_SOURCE (source), wait_for (&w), &error));
  g_clear_object (&w.result);
  g_assert_no_error (error);
  written = file_text (fsma_path);
  g_assert_cmpstr (written, ==, engine_fsma);

  /* Block: every impacted unit but the suspect; only available ones change. */
  for (guint i = 0; i < pdg_genealogy_get_n_nodes (engine->genealogy); i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (engine->genealogy, i);

      if (n->role == PDG_NODE_ROOT)
        continue;
      g_array_append_val (impacted, n->unit->id);
      if (n->unit->status == PDG_UNIT_STATUS_AVAILABLE)
        available++;
    }
  g_assert_cmpuint (available, >, 0);

  /* An unknown unit among them: refused, nothing changed. */
  digest = pdg_store_digest (store, &error);
  g_assert_no_error (error);
  bad[0] = g_array_index (impacted, gint64, 0);
  bad[1] = 999999999;
  pdg_source_block_units_async (PDG_SOURCE (source), bad, 2, NULL, on_done, &w);
  g_assert_cmpint (pdg_source_block_units_finish (PDG_SOURCE (source), wait_for (&w), &error), ==, -1);
  g_clear_object (&w.result);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  digest_after = pdg_store_digest (store, &error);
  g_assert_cmpstr (digest, ==, digest_after);

  pdg_source_block_units_async (PDG_SOURCE (source), (const gint64 *) impacted->data, impacted->len,
                                NULL, on_done, &w);
  blocked = pdg_source_block_units_finish (PDG_SOURCE (source), wait_for (&w), &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpint (blocked, ==, available);
  g_assert_cmpuint (changes, ==, 1);   /* reads and the refused block said nothing */

  for (guint i = 0; i < pdg_genealogy_get_n_nodes (engine->genealogy); i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (engine->genealogy, i);
      g_autoptr(PdgUnit) now = pdg_store_get_unit (store, n->unit->id, &error);

      g_assert_no_error (error);
      if (n->role != PDG_NODE_ROOT && n->unit->status == PDG_UNIT_STATUS_AVAILABLE)
        g_assert_cmpint (now->status, ==, PDG_UNIT_STATUS_BLOCKED);
      else
        g_assert_cmpint (now->status, ==, n->unit->status);
    }
  audit = pdg_store_list_audit (store, "unit", 0, 100000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    if (g_str_equal (((PdgAuditEntry *) g_ptr_array_index (audit, i))->action, "unit.block"))
      block_entries++;
  g_assert_cmpuint (block_entries, ==, available);

  g_clear_object (&source);
  g_clear_object (&store);
  g_unlink (csv_path);
  g_unlink (fsma_path);
  remove_database (dir, path);
}

static PdgRegisterState *
run_action (PdgLocalSource           *source,
            Waiter                   *w,
            gint64                    order_id,
            const PdgRegisterAction  *action,
            GError                  **error)
{
  PdgRegisterState *state;

  pdg_source_register_async (PDG_SOURCE (source), order_id, action, NULL, on_done, w);
  state = pdg_source_register_finish (PDG_SOURCE (source), wait_for (w), error);
  g_clear_object (&w->result);
  return state;
}

/* Orders as the store lists them; a registration session through the
 * source: a refused scan changes nothing, selecting a finished unit
 * switches to Component mode, a pick registers stock, Undo takes it back. */
static void
test_orders_and_registration (void)
{
  g_autofree char *dir = NULL;
  gint64 lot = 0;
  g_autofree char *path = make_generated (&dir, &lot);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(PdgLocalSource) source = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(PdgRegisterState) state = NULL;
  g_autoptr(PdgRegisterState) after = NULL;
  g_autoptr(PdgRegisterState) undone = NULL;
  g_autoptr(PdgRegisterAction) refresh = pdg_register_action_new (PDG_REGISTER_ACTION_REFRESH);
  g_autoptr(PdgRegisterAction) scan = pdg_register_action_new (PDG_REGISTER_ACTION_SUBMIT);
  g_autoptr(PdgRegisterAction) undo = pdg_register_action_new (PDG_REGISTER_ACTION_UNDO);
  g_autoptr(PdgRegisterAction) select = pdg_register_action_new (PDG_REGISTER_ACTION_SELECT_PRODUCT);
  g_autoptr(PdgRegisterAction) pick = pdg_register_action_new (PDG_REGISTER_ACTION_PICK);
  g_autoptr(PdgRegisterState) selected = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *digest_after = NULL;
  const PdgOrder *order = NULL;
  Waiter w = { loop, NULL };
  guint changes = 0;

  source = open_source (path, &w);
  g_signal_connect (source, "changed", G_CALLBACK (count_changed), &changes);
  store = pdg_store_open (path, &error);
  g_assert_no_error (error);

  pdg_source_list_orders_async (PDG_SOURCE (source), -1, NULL, 100, NULL, on_done, &w);
  listed = pdg_source_list_orders_finish (PDG_SOURCE (source), wait_for (&w), &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  expected = pdg_store_list_orders (store, -1, NULL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, expected->len);
  g_assert_cmpuint (listed->len, >, 0);
  for (guint i = 0; i < listed->len; i++)
    {
      const PdgOrder *a = g_ptr_array_index (listed, i);
      const PdgOrder *b = g_ptr_array_index (expected, i);

      g_assert_cmpint (a->id, ==, b->id);
      g_assert_cmpint (a->status, <, PDG_ORDER_ENDED);
      g_assert_cmpfloat (a->registered_qty, ==, b->registered_qty);
      g_assert_cmpfloat (a->completed_qty, >=, 0);
      g_assert_cmpfloat (a->completed_qty, <=, a->registered_qty);
    }

  /* A started order with a finished unit that has nothing registered. */
  for (guint i = 0; i < listed->len && select->unit_id == 0; i++)
    {
      order = g_ptr_array_index (listed, i);
      if (order->status != PDG_ORDER_STARTED)
        continue;
      g_clear_pointer (&state, pdg_register_state_unref);
      state = run_action (source, &w, order->id, refresh, &error);
      g_assert_no_error (error);
      g_assert_cmpint (state->order->id, ==, order->id);
      g_assert_cmpint (state->mode, ==, PDG_SCAN_MODE_PRODUCT);
      g_assert_null (state->message);
      for (guint k = 0; k < state->products->len && select->unit_id == 0; k++)
        {
          const PdgFinishedProduct *p = g_ptr_array_index (state->products, k);

          if (!p->reported && p->status == PDG_REGISTRATION_NOT_STARTED)
            select->unit_id = p->unit_id;
        }
    }
  g_assert_cmpint (select->unit_id, >, 0);

  /* A scan that names nothing: refused, nothing changed. */
  digest = pdg_store_digest (store, &error);
  g_assert_no_error (error);
  scan->text = g_strdup ("(01)09501101530003(21)NO-SUCH");
  g_assert_null (run_action (source, &w, order->id, scan, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  digest_after = pdg_store_digest (store, &error);
  g_assert_cmpstr (digest, ==, digest_after);

  /* Select it; pick its first tracked line from stock; Undo puts it
   * back. */
  selected = run_action (source, &w, order->id, select, &error);
  g_assert_no_error (error);
  g_assert_cmpint (selected->product_id, ==, select->unit_id);
  g_assert_cmpint (selected->mode, ==, PDG_SCAN_MODE_COMPONENT);
  g_assert_cmpuint (selected->components->len, ==, 0);
  for (guint i = 0; i < selected->lines->len && pick->line_id == 0; i++)
    {
      const PdgComponentLine *line = g_ptr_array_index (selected->lines, i);

      if (line->tracked)
        pick->line_id = line->bom_line_id;
    }
  g_assert_cmpint (pick->line_id, >, 0);
  g_assert_cmpuint (changes, ==, 0);   /* refreshes, a selection, a refused scan */
  after = run_action (source, &w, order->id, pick, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (after->components->len, >, 0);
  g_assert_nonnull (after->undo_label);
  g_assert_nonnull (after->message);
  for (guint i = 0; i < after->lines->len; i++)
    {
      const PdgComponentLine *line = g_ptr_array_index (after->lines, i);

      if (line->bom_line_id == pick->line_id)
        g_assert_cmpint (line->status, !=, PDG_REGISTRATION_NOT_STARTED);
    }

  /* The audit by order finds the pick's registrations, and only the
   * order's rows. */
  {
    PdgAuditQuery by_order = { .order_id = order->id };
    g_autoptr(GPtrArray) entries = pdg_store_query_audit (store, &by_order, &error);
    g_autofree char *needle = g_strdup_printf ("\"order_id\":%" G_GINT64_FORMAT, order->id);
    guint links = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < entries->len; i++)
      {
        const PdgAuditEntry *e = g_ptr_array_index (entries, i);

        if (g_str_equal (e->entity, "production_order"))
          g_assert_cmpint (e->entity_id, ==, order->id);
        else
          g_assert_true ((e->after != NULL && strstr (e->after, needle) != NULL) ||
                         (e->before != NULL && strstr (e->before, needle) != NULL));
        if (g_str_equal (e->entity, "association"))
          links++;
      }
    g_assert_cmpuint (links, >, 0);
  }

  undone = run_action (source, &w, order->id, undo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (undone->components->len, ==, 0);
  for (guint i = 0; i < undone->lines->len; i++)
    g_assert_cmpint (((PdgComponentLine *) g_ptr_array_index (undone->lines, i))->status, ==,
                     PDG_REGISTRATION_NOT_STARTED);

  g_clear_object (&source);
  g_clear_object (&store);
  remove_database (dir, path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/source/local/finds-and-loads-units", test_finds_and_loads_units);
  g_test_add_func ("/source/local/honours-cancellation", test_cancelled_query);
  g_test_add_func ("/source/local/reports-a-file-that-is-not-a-database", test_open_error);
  g_test_add_func ("/source/local/recall-export-and-block", test_recall_export_and_block);
  g_test_add_func ("/source/local/orders-and-registration", test_orders_and_registration);

  return g_test_run ();
}
