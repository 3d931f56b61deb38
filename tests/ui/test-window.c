/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the main window on real databases, the way a user drives it:
 * type a serial, see the unit, its components and its history; follow a
 * component and come back; open a file that is not a Pedigree database or
 * is not there; start for the first time and get the demo database.
 *
 * Work happens on worker threads, so each step iterates the main context
 * until the window shows the expected state, failing with a message after a
 * generous timeout; nothing asserts on timing. Screenshots of the window go
 * to the build directory (window-*.png) for people to look at. */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pdg-application.h"
#include "pdg-demo.h"
#include "pdg-genealogy-page.h"
#include "pdg-generator.h"
#include "pdg-layout.h"
#include "pdg-production-page.h"
#include "pdg-remote-source.h"
#include "pdg-recall-page.h"
#include "pdg-store.h"
#include "pdg-trace.h"
#include "pdg-ui-test-util.h"
#include "pdg-unit-row.h"
#include "pdg-unit-view.h"
#include "pdg-units-page.h"
#include "pdg-window.h"

#define TEST_UNITS      2000

/* Shared by all tests: one application and one generated database. */
static PdgApplication *app;            /* owned */
static char           *tmp_dir;        /* owned */
static char           *db_path;        /* owned; the generated database */
static PdgUnit        *target;         /* owned; a finished serial with components */
static GPtrArray      *target_components; /* owned; PdgAssociation */

typedef struct
{
  PdgWindow *window;  /* owned by GTK while shown; destroyed in teardown */
} Fixture;

/* Template children of the window, the Units page and the unit view. */
#define WINDOW_CHILD(f, name) pdg_ui_test_child ((f)->window, PDG_TYPE_WINDOW, name)
#define PAGE_CHILD(f, name)   pdg_ui_test_child (units_page (f), PDG_TYPE_UNITS_PAGE, name)
#define VIEW_CHILD(f, name)   pdg_ui_test_child (unit_view (f), PDG_TYPE_UNIT_VIEW, name)

static PdgUnitsPage *
units_page (Fixture *fixture)
{
  return PDG_UNITS_PAGE (WINDOW_CHILD (fixture, "units_page"));
}

static PdgUnitView *
unit_view (Fixture *fixture)
{
  return pdg_units_page_get_unit_view (units_page (fixture));
}

static const char *
window_state (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (WINDOW_CHILD (fixture, "state_stack")));
}

static const char *
shown_title (Fixture *fixture)
{
  return gtk_label_get_label (GTK_LABEL (VIEW_CHILD (fixture, "title_label")));
}

static const char *
error_description (Fixture *fixture)
{
  return adw_status_page_get_description (ADW_STATUS_PAGE (WINDOW_CHILD (fixture, "error_page")));
}

/* Fixture ---------------------------------------------------------------- */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->window = pdg_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;

  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Conditions --------------------------------------------------------------- */

static gboolean
window_settled (gpointer data)
{
  Fixture *fixture = data;
  const char *state = window_state (fixture);

  return g_str_equal (state, "units") || g_str_equal (state, "error");
}

static GtkListBoxRow *
find_result_row (Fixture *fixture,
                 gint64   unit_id)
{
  GtkListBox *list = GTK_LIST_BOX (PAGE_CHILD (fixture, "results_list"));
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (pdg_unit_row_get_unit (PDG_UNIT_ROW (row))->id == unit_id)
      return row;

  return NULL;
}

static gboolean
target_listed (gpointer data)
{
  Fixture *fixture = data;

  return find_result_row (fixture, target->id) != NULL;
}

static gint64 expected_unit;

static gboolean
expected_unit_shown (gpointer data)
{
  Fixture *fixture = data;
  PdgUnitDetails *details = pdg_unit_view_get_details (unit_view (fixture));
  GtkStack *stack = GTK_STACK (VIEW_CHILD (fixture, "stack"));

  return details != NULL && details->unit->id == expected_unit &&
         g_str_equal (gtk_stack_get_visible_child_name (stack), "unit");
}

static gboolean
no_results_shown (gpointer data)
{
  Fixture *fixture = data;
  GtkStack *stack = GTK_STACK (PAGE_CHILD (fixture, "stack"));

  return g_str_equal (gtk_stack_get_visible_child_name (stack), "no-results");
}

static void
open_database (Fixture    *fixture,
               const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  pdg_window_open_file (fixture->window, file);
  pdg_ui_test_wait (window_settled, fixture, "the database to open");
}

static void
assert_opened (Fixture *fixture)
{
  if (g_str_equal (window_state (fixture), "error"))
    g_error ("The window shows an error: %s", error_description (fixture));
  g_assert_nonnull (pdg_window_get_source (fixture->window));
}

/* Tests -------------------------------------------------------------------- */

static PdgRecallPage *
recall_page (Fixture *fixture)
{
  return PDG_RECALL_PAGE (WINDOW_CHILD (fixture, "recall_page"));
}

static gboolean
recall_shown (gpointer data)
{
  Fixture *fixture = data;
  const char *state = pdg_recall_page_get_state (recall_page (fixture));

  if (g_str_equal (state, "error"))
    g_error ("The recall page shows an error");
  return g_str_equal (state, "result");
}

static gboolean
orders_listed (gpointer data)
{
  Fixture *fixture = data;

  return pdg_production_page_get_n_orders (PDG_PRODUCTION_PAGE (WINDOW_CHILD (fixture, "production_page"))) > 0;
}

static gboolean
recall_has_suspect (gpointer data)
{
  Fixture *fixture = data;

  return pdg_recall_page_get_n_suspects (recall_page (fixture)) == 1;
}

static void
test_search_shows_unit (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkEditable *entry;
  GtkListBox *made_of;
  GtkListBox *history;
  GtkListBoxRow *row;
  PdgUnitDetails *details;
  const PdgAssociation *first;
  AdwPreferencesRow *first_row;
  guint expected_rows;

  open_database (fixture, db_path);
  assert_opened (fixture);

  entry = GTK_EDITABLE (WINDOW_CHILD (fixture, "search_entry"));
  gtk_editable_set_text (entry, target->lot);
  pdg_ui_test_wait (target_listed, fixture, "the serial to be listed in the results");

  row = find_result_row (fixture, target->id);
  gtk_list_box_select_row (GTK_LIST_BOX (PAGE_CHILD (fixture, "results_list")), row);
  expected_unit = target->id;
  pdg_ui_test_wait (expected_unit_shown, fixture, "the details of the unit");

  g_assert_cmpstr (shown_title (fixture), ==, target->item_description);

  made_of = GTK_LIST_BOX (VIEW_CHILD (fixture, "made_of_list"));
  /* At most 50 rows, and one saying how many more there are. */
  expected_rows = target_components->len + (target_components->len > 50 ? 1 : 0);
  expected_rows = MIN (expected_rows, 51);
  g_assert_cmpuint (pdg_ui_test_count_rows (made_of), ==, expected_rows);

  first = g_ptr_array_index (target_components, 0);
  first_row = ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (made_of, 0));
  g_assert_cmpstr (adw_preferences_row_get_title (first_row), ==, first->other->item_description);

  details = pdg_unit_view_get_details (unit_view (fixture));
  history = GTK_LIST_BOX (VIEW_CHILD (fixture, "history_list"));
  g_assert_cmpuint (pdg_ui_test_count_rows (history), ==, details->events->len);
  g_assert_cmpuint (details->events->len, >, 0);

  pdg_ui_test_save_png (GTK_WIDGET (fixture->window), "window-unit.png");

  /* Follow the first component, then come back. */
  g_assert_false (pdg_unit_view_get_can_go_back (unit_view (fixture)));
  g_signal_emit_by_name (made_of, "row-activated", gtk_list_box_get_row_at_index (made_of, 0));
  expected_unit = first->other->id;
  pdg_ui_test_wait (expected_unit_shown, fixture, "the details of the first component");
  g_assert_true (pdg_unit_view_get_can_go_back (unit_view (fixture)));
  g_assert_cmpstr (shown_title (fixture), ==, first->other->item_description);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL));
  expected_unit = target->id;
  pdg_ui_test_wait (expected_unit_shown, fixture, "the unit again after going back");
  g_assert_false (pdg_unit_view_get_can_go_back (unit_view (fixture)));

  /* Add to Recall: the Recall page, with the unit as the suspect. */
  g_signal_emit_by_name (VIEW_CHILD (fixture, "recall_button"), "clicked");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (WINDOW_CHILD (fixture, "view_stack"))),
                   ==, "recall");
  pdg_ui_test_wait (recall_has_suspect, fixture, "the unit in the suspect set");
  pdg_recall_page_run (recall_page (fixture));
  pdg_ui_test_wait (recall_shown, fixture, "the recall of the unit");
  {
    PdgRecall *recall = pdg_recall_page_get_recall (recall_page (fixture));

    g_assert_cmpuint (recall->suspects->len, ==, 1);
    g_assert_cmpint (((PdgUnit *) g_ptr_array_index (recall->suspects, 0))->id, ==, target->id);
  }
  pdg_ui_test_save_png (GTK_WIDGET (fixture->window), "window-recall.png");

  /* The Production page lists the orders. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (WINDOW_CHILD (fixture, "view_stack")), "production");
  pdg_ui_test_wait (orders_listed, fixture, "the production orders");
  pdg_ui_test_save_png (GTK_WIDGET (fixture->window), "window-production.png");
}

/* The Genealogy page: As Built on a finished unit lays out a graph with one
 * card per traced unit, drawn (not blank); selecting a card shows its unit
 * beside the graph; activating a card re-centres the trace on it; every
 * export format writes a valid file. */
static PdgGenealogyPage *
genealogy_page (Fixture *fixture)
{
  return PDG_GENEALOGY_PAGE (WINDOW_CHILD (fixture, "genealogy_page"));
}

static gboolean
graph_shown (gpointer data)
{
  Fixture *fixture = data;
  const char *state = pdg_genealogy_page_get_state (genealogy_page (fixture));

  if (g_str_equal (state, "error"))
    g_error ("The genealogy page shows an error");
  return g_str_equal (state, "graph");
}

static gboolean
graph_root_is_expected (gpointer data)
{
  Fixture *fixture = data;
  PdgGenealogy *g = pdg_genealogy_page_get_genealogy (genealogy_page (fixture));

  return graph_shown (fixture) && g != NULL &&
         pdg_genealogy_get_node (g, 0)->unit->id == expected_unit;
}

static gboolean
scene_has_groups (Fixture *fixture,
                  gboolean want)
{
  PdgScene *scene = pdg_graph_view_get_scene (pdg_genealogy_page_get_graph_view (genealogy_page (fixture)));
  gboolean groups = FALSE;

  if (scene == NULL || !graph_shown (fixture))
    return FALSE;
  for (guint i = 0; i < pdg_scene_get_n_nodes (scene); i++)
    if (pdg_scene_get_node (scene, i)->kind == PDG_SCENE_NODE_GROUP)
      groups = TRUE;
  return groups == want;
}

static gboolean
scene_folded (gpointer data)
{
  Fixture *fixture = data;

  return scene_has_groups (fixture, TRUE);
}

static gboolean
scene_whole (gpointer data)
{
  Fixture *fixture = data;

  return scene_has_groups (fixture, FALSE);
}

static gboolean
sidebar_shows_expected (gpointer data)
{
  Fixture *fixture = data;
  PdgUnitView *view = PDG_UNIT_VIEW (pdg_ui_test_child (genealogy_page (fixture), PDG_TYPE_GENEALOGY_PAGE, "unit_view"));
  PdgUnitDetails *details = pdg_unit_view_get_details (view);

  return details != NULL && details->unit->id == expected_unit;
}

static PdgGenealogy *shown_genealogy;   /* borrowed; only compared */

static gboolean
graph_traced_again (gpointer data)
{
  Fixture *fixture = data;

  return graph_root_is_expected (fixture) &&
         pdg_genealogy_page_get_genealogy (genealogy_page (fixture)) != shown_genealogy;
}

static void
test_genealogy_graph (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(PdgGenealogy) engine = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = g_test_build_filename (G_TEST_BUILT, "genealogy-graph.png", NULL);
  PdgGraphView *view;
  PdgScene *scene;
  PdgGenealogy *shown;
  guint node;

  open_database (fixture, db_path);
  assert_opened (fixture);

  expected_unit = target->id;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.trace", "(xb)",
                                             target->id, FALSE));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (WINDOW_CHILD (fixture, "view_stack"))),
                   ==, "genealogy");
  pdg_ui_test_wait (graph_root_is_expected, fixture, "the genealogy graph");

  /* One card per unit the trace engine finds. */
  store = pdg_store_open (db_path, &error);
  g_assert_no_error (error);
  engine = pdg_trace (store, &target->id, 1, PDG_DIRECTION_BACKWARD, NULL, NULL, &error);
  g_assert_no_error (error);
  view = pdg_genealogy_page_get_graph_view (genealogy_page (fixture));
  scene = pdg_graph_view_get_scene (view);
  g_assert_nonnull (scene);
  g_assert_cmpuint (pdg_scene_get_n_nodes (scene), ==, pdg_genealogy_get_n_nodes (engine));
  g_assert_cmpuint (pdg_scene_get_n_edges (scene), ==, pdg_genealogy_get_n_edges (engine));

  /* Drawn: the texture differs from its background where the root card is. */
  texture = pdg_graph_view_render_texture (view, 1.0);
  g_assert_nonnull (texture);
  {
    int w = gdk_texture_get_width (texture);
    int h = gdk_texture_get_height (texture);
    g_autofree guint32 *pixels = g_new (guint32, (gsize) w * h);
    const PdgSceneNode *root = pdg_scene_get_node (scene, pdg_scene_find_unit (scene, 0));
    guint differing = 0;

    gdk_texture_download (texture, (guchar *) pixels, (gsize) w * 4);
    for (int y = (int) (root->y - root->height / 4); y < (int) (root->y + root->height / 4); y++)
      for (int x = (int) (root->x - root->width / 4); x < (int) (root->x + root->width / 4); x++)
        if (x >= 0 && y >= 0 && x < w && y < h && pixels[(gsize) y * w + x] != pixels[0])
          differing++;
    g_assert_cmpuint (differing, >, 0);
  }
  g_assert_true (pdg_graph_view_save_png (view, png, &error));
  g_assert_no_error (error);
  g_test_message ("Saved %s", png);
  {
    /* The PNG export decodes, at the size of the whole scene. */
    g_autoptr(GdkTexture) back = gdk_texture_new_from_filename (png, &error);

    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (back), >=, (int) pdg_scene_get_width (scene) / 2);
  }
  pdg_ui_test_save_png (GTK_WIDGET (fixture->window), "window-genealogy.png");

  /* Selecting a component shows it beside the graph. */
  shown = pdg_genealogy_page_get_genealogy (genealogy_page (fixture));
  node = pdg_genealogy_get_n_nodes (shown) > 1 ? 1 : 0;
  pdg_graph_view_set_selected (view, (int) node);
  expected_unit = pdg_genealogy_get_node (shown, node)->unit->id;
  pdg_ui_test_wait (sidebar_shows_expected, fixture, "the selected unit's details");

  /* Enter in the search field on this page selects the card with that
   * serial or batch. */
  if (pdg_genealogy_get_n_nodes (shown) > 2)
    {
      GtkEditable *entry = GTK_EDITABLE (WINDOW_CHILD (fixture, "search_entry"));

      gtk_editable_set_text (entry, pdg_genealogy_get_node (shown, 2)->unit->lot);
      g_signal_emit_by_name (entry, "activate");
      g_assert_cmpint (pdg_graph_view_get_selected (view), ==, 2);
      gtk_editable_set_text (entry, "");
    }

  /* Exports: SVG is XML, PDF starts with %PDF, DOT names the digraph. */
  {
    static const char * const formats[] = { "svg", "pdf", "dot" };

    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_autoptr(GBytes) bytes = pdg_layout_render (shown, NULL, formats[i], NULL, &error);
        const char *bytes_data;
        gsize size;

        g_assert_no_error (error);
        bytes_data = g_bytes_get_data (bytes, &size);
        g_assert_cmpuint (size, >, 8);
        if (g_str_equal (formats[i], "svg"))
          g_assert_nonnull (g_strstr_len (bytes_data, (gssize) size, "<svg"));
        else if (g_str_equal (formats[i], "pdf"))
          g_assert_true (memcmp (bytes_data, "%PDF", 4) == 0);
        else
          g_assert_nonnull (g_strstr_len (bytes_data, (gssize) size, "digraph"));
      }
  }

  /* One level: the deeper ones fold into groups, in a new layout. */
  if (pdg_genealogy_get_n_nodes (shown) > 1 && shown->max_depth > 1)
    {
      GtkDropDown *levels = GTK_DROP_DOWN (pdg_ui_test_child (genealogy_page (fixture), PDG_TYPE_GENEALOGY_PAGE,
                                                  "levels_dropdown"));

      gtk_drop_down_set_selected (levels, 1);
      pdg_ui_test_wait (graph_shown, fixture, "the graph with one level");
      pdg_ui_test_wait (scene_folded, fixture, "the deeper levels folded");
      gtk_drop_down_set_selected (levels, 0);
      pdg_ui_test_wait (scene_whole, fixture, "every level again");
      scene = pdg_graph_view_get_scene (view);
    }

  /* Print, exported to PDF without the dialog. */
  {
    g_autofree char *pdf = g_test_build_filename (G_TEST_BUILT, "genealogy-print.pdf", NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (pdg_genealogy_page_print_to_pdf (genealogy_page (fixture), pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
    g_assert_cmpuint (length, >, 4);
    g_assert_true (memcmp (contents, "%PDF", 4) == 0);
  }

  /* Activating a card re-centres the trace on it. */
  if (node > 0)
    {
      g_signal_emit_by_name (view, "node-activated", (int) node);
      pdg_ui_test_wait (graph_root_is_expected, fixture, "the trace re-centred on the component");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (genealogy_page (fixture)), "genealogy.back", NULL));
      expected_unit = target->id;
      pdg_ui_test_wait (graph_root_is_expected, fixture, "the previous trace again");
    }

  /* A change through the source (a block, a registration) traces the graph
   * on screen again, so its statuses are current. */
  shown_genealogy = pdg_genealogy_page_get_genealogy (genealogy_page (fixture));
  g_signal_emit_by_name (pdg_window_get_source (fixture->window), "changed");
  expected_unit = target->id;
  pdg_ui_test_wait (graph_traced_again, fixture, "the graph traced again after a change");
}

static void
test_search_without_match (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkEditable *entry;
  AdwStatusPage *page;
  const char *title;

  open_database (fixture, db_path);
  assert_opened (fixture);

  entry = GTK_EDITABLE (WINDOW_CHILD (fixture, "search_entry"));
  gtk_editable_set_text (entry, "NO-SUCH-LOT-4711");
  pdg_ui_test_wait (no_results_shown, fixture, "the no-match state");

  page = ADW_STATUS_PAGE (PAGE_CHILD (fixture, "no_results_page"));
  title = adw_status_page_get_title (page);
  g_assert_nonnull (strstr (title, "NO-SUCH-LOT-4711"));
  g_assert_null (pdg_unit_view_get_details (unit_view (fixture)));
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp_dir, "garbage.db", NULL);
  g_autoptr(GError) error = NULL;
  GString *garbage = g_string_new (NULL);
  const char *description;
  const char *title;

  for (guint i = 0; i < 512; i++)
    g_string_append (garbage, "This is not an SQLite file. ");
  g_file_set_contents (path, garbage->str, garbage->len, &error);
  g_assert_no_error (error);
  g_string_free (garbage, TRUE);

  open_database (fixture, path);

  g_assert_cmpstr (window_state (fixture), ==, "error");
  g_assert_null (pdg_window_get_source (fixture->window));
  title = adw_status_page_get_title (ADW_STATUS_PAGE (WINDOW_CHILD (fixture, "error_page")));
  description = error_description (fixture);
  g_assert_nonnull (strstr (title, "garbage.db"));
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, "not a Pedigree database"));

  pdg_ui_test_save_png (GTK_WIDGET (fixture->window), "window-error.png");
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp_dir, "missing.db", NULL);
  const char *description;

  open_database (fixture, path);

  g_assert_cmpstr (window_state (fixture), ==, "error");
  description = error_description (fixture);
  g_assert_nonnull (strstr (description, "missing.db"));
  /* Opening must not create the file. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static gboolean
demo_generating (Fixture *fixture)
{
  return g_str_equal (window_state (fixture), "generating");
}

static void
test_first_run_generates_demo (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *demo = pdg_demo_dup_default_path ();
  g_autofree char *last = NULL;

  g_autofree char *gone = g_build_filename (tmp_dir, "gone.db", NULL);

  /* XDG_DATA_HOME points into tmp_dir (see main()): no demo yet, and the
   * last database is gone. */
  g_assert_true (g_str_has_prefix (demo, tmp_dir));
  g_assert_false (g_file_test (demo, G_FILE_TEST_EXISTS));
  g_settings_set_string (pdg_application_get_settings (app), "last-database", gone);

  pdg_window_open_default (fixture->window);
  g_assert_true (demo_generating (fixture));

  pdg_ui_test_wait (window_settled, fixture, "the demo database to be generated and opened");
  assert_opened (fixture);
  g_assert_true (g_file_test (demo, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (pdg_window_get_path (fixture->window), ==, demo);

  last = g_settings_get_string (pdg_application_get_settings (app), "last-database");
  g_assert_cmpstr (last, ==, demo);
}

/* Setup -------------------------------------------------------------------- */

static void
find_target (void)
{
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_units;

  store = pdg_store_open (db_path, &error);
  g_assert_no_error (error);
  n_units = pdg_store_count_rows (store, "unit", &error);
  g_assert_no_error (error);

  /* The serial with the most components among those with no consumers: a
   * finished unit. */
  for (gint64 id = n_units; id > 0; id--)
    {
      g_autoptr(PdgUnit) unit = pdg_store_get_unit (store, id, &error);
      g_autoptr(GPtrArray) components = NULL;
      g_autoptr(GPtrArray) consumers = NULL;

      g_assert_no_error (error);
      if (unit->tracking != PDG_TRACKING_SERIAL)
        continue;
      components = pdg_store_list_components (store, id, &error);
      g_assert_no_error (error);
      consumers = pdg_store_list_consumers (store, id, &error);
      g_assert_no_error (error);
      if (consumers->len == 0 && components->len > 0 &&
          (target == NULL || components->len > target_components->len))
        {
          g_clear_pointer (&target, pdg_unit_free);
          g_clear_pointer (&target_components, g_ptr_array_unref);
          target = g_steal_pointer (&unit);
          target_components = g_steal_pointer (&components);
        }
    }

  g_assert_nonnull (target);
  g_test_message ("Searching for %s/%s (unit %" G_GINT64_FORMAT ", %u components)",
                  target->item_number, target->lot, target->id, target_components->len);
}

/* Connect to Server: the dialog takes the address and token of a real
 * pedigree-server (over a copy of the test database); a wrong token is
 * refused in words, the right one opens the database through the server
 * and the Units page finds the same unit there. The token is kept in a
 * file only its owner can read. */
static GSubprocess *
start_server (const char  *db,
              const char  *tokens,
              char       **url)
{
  const char *binary = g_getenv ("PEDIGREE_SERVER");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;

  g_assert_nonnull (binary);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                             binary, "--db", db, "--listen", "127.0.0.1:0", "--tokens", tokens, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on "));
  *url = g_strdup (line + strlen ("Listening on "));
  return server;
}

static gboolean
no_dialog (gpointer data)
{
  return !pdg_ui_test_dialog_shown (data);
}

static void
connect_through_dialog (Fixture    *fixture,
                        const char *url,
                        const char *token)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.connect", NULL));
  pdg_ui_test_wait (pdg_ui_test_dialog_shown, NULL, "the Connect to Server dialog");
  dialog = pdg_ui_test_find_dialog ();
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "url-entry"), url);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "token-entry"), token);
  adw_message_dialog_response (dialog, "connect");   /* as the button does, */
  gtk_window_close (GTK_WINDOW (dialog));            /* which then closes it */
  pdg_ui_test_wait (no_dialog, NULL, "the dialog to close");
  pdg_ui_test_wait (window_settled, fixture, "the connection to settle");
}

static void
test_connect_to_server (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *served = g_build_filename (tmp_dir, "served.db", NULL);
  g_autofree char *tokens = g_build_filename (tmp_dir, "tokens.txt", NULL);
  g_autofree char *token_file = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (db_path);
  g_autoptr(GFile) to = g_file_new_for_path (served);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (tokens, "window-test-token planner Window Test\n", -1, &error);
  g_assert_no_error (error);
  server = start_server (served, tokens, &url);

  connect_through_dialog (fixture, url, "not-the-token");
  g_assert_cmpstr (window_state (fixture), ==, "error");
  g_assert_null (pdg_window_get_source (fixture->window));
  pdg_ui_test_save_png (GTK_WIDGET (fixture->window), "window-connect-refused.png");

  connect_through_dialog (fixture, url, "window-test-token");
  assert_opened (fixture);
  g_assert_true (PDG_IS_REMOTE_SOURCE (pdg_window_get_source (fixture->window)));

  gtk_editable_set_text (GTK_EDITABLE (WINDOW_CHILD (fixture, "search_entry")), target->lot);
  pdg_ui_test_wait (target_listed, fixture, "the serial listed through the server");
  pdg_ui_test_save_png (GTK_WIDGET (fixture->window), "window-connected.png");

  token_file = g_build_filename (g_get_user_config_dir (), "pedigree", "server-token", NULL);
  g_assert_cmpint (g_stat (token_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("pedigree-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  /* Before anything asks GLib for it: the first-run test's demo goes here. */
  data_home = g_build_filename (tmp_dir, "data-home", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* The Connect to Server test keeps its token here, not in the user's. */
  config_home = g_build_filename (tmp_dir, "config-home", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: skipping the window tests (run them under xvfb-run).\n");
      pdg_ui_test_remove_tree (tmp_dir);
      return 77;
    }

  /* Crossfades would make the screenshots catch two states at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  db_path = g_build_filename (tmp_dir, "test.db", NULL);
  if (!pdg_generate (db_path, TEST_UNITS, 1, NULL, NULL, NULL, NULL, &error))
    g_error ("Could not generate the test database: %s", error->message);
  find_target ();

  app = pdg_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/window/search-shows-unit-components-history-and-adds-it-to-a-recall", Fixture, NULL,
              fixture_setup, test_search_shows_unit, fixture_teardown);
  g_test_add ("/window/genealogy-graph-draws-selects-recentres-and-exports", Fixture, NULL,
              fixture_setup, test_genealogy_graph, fixture_teardown);
  g_test_add ("/window/search-without-match-says-so", Fixture, NULL,
              fixture_setup, test_search_without_match, fixture_teardown);
  g_test_add ("/window/not-a-database-shows-the-error", Fixture, NULL,
              fixture_setup, test_not_a_database, fixture_teardown);
  g_test_add ("/window/missing-file-shows-the-error-and-creates-nothing", Fixture, NULL,
              fixture_setup, test_missing_file, fixture_teardown);
  g_test_add ("/window/first-run-generates-and-opens-the-demo", Fixture, NULL,
              fixture_setup, test_first_run_generates_demo, fixture_teardown);
  g_test_add ("/window/connect-to-server-through-the-dialog", Fixture, NULL,
              fixture_setup, test_connect_to_server, fixture_teardown);

  status = g_test_run ();

  g_clear_object (&app);
  g_clear_pointer (&target, pdg_unit_free);
  g_clear_pointer (&target_components, g_ptr_array_unref);
  pdg_ui_test_remove_tree (tmp_dir);
  g_clear_pointer (&db_path, g_free);
  g_clear_pointer (&tmp_dir, g_free);

  return status;
}
