/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-source.c: PdgLocalSource answers on worker threads, from a real file.
 *
 * The main loop is run until each async call returns, as the UI would. */
#include "config.h"

#include <glib/gstdio.h>

#include "pdg-local-source.h"
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/source/local/finds-and-loads-units", test_finds_and_loads_units);
  g_test_add_func ("/source/local/honours-cancellation", test_cancelled_query);
  g_test_add_func ("/source/local/reports-a-file-that-is-not-a-database", test_open_error);

  return g_test_run ();
}
