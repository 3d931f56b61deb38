/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-trace.c: backward and forward traces with known answers.
 *
 * The fixture is a small e-bike genealogy with a shared cell lot:
 *
 *   bike B1 <- pack P1 <- cells C (40)      bike B2 <- pack P2 <- cells C (40)
 *   bike B1 <- frame F1 <- tubes T (2.5 kg)  bike B2 <- frame F2 <- tubes T (2.5)
 *   bike B1 <- cells C (1, a spare cell taped to the frame: a DAG shortcut)
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pdg-store-private.h"
#include "pdg-export.h"
#include "pdg-generator.h"
#include "pdg-trace.h"
#include "pdg-test-util.h"

typedef struct
{
  char     *dir;
  char     *path;
  PdgStore *store;
  gint64    b1, b2, p1, p2, f1, f2, c, t;
} Fixture;

static gint64
unit (PdgStore   *store,
      const char *number,
      PdgTracking tracking,
      const char *lot,
      double      quantity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgItem) existing = pdg_store_find_item (store, number, NULL);
  PdgItem item = { .number = (char *) number, .description = (char *) number,
                   .tracking = tracking, .uom = tracking == PDG_TRACKING_BATCH ? "kg" : "pcs" };
  PdgUnit u = { .lot = (char *) lot, .quantity = quantity };

  u.item_id = existing ? existing->id : pdg_store_add_item (store, &item, &error);
  g_assert_no_error (error);
  return pdg_store_add_unit (store, &u, &error);
}

static void
link_units (PdgStore *store,
            gint64    parent,
            gint64    child,
            double    quantity)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pdg_store_associate (store, parent, child, quantity, 0, 0, &error), >, 0);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pedigree-trace-XXXXXX", &error);
  f->path = g_build_filename (f->dir, "trace.db", NULL);
  f->store = pdg_store_open (f->path, &error);
  g_assert_no_error (error);

  f->b1 = unit (f->store, "BIKE", PDG_TRACKING_SERIAL, "B1", 1);
  f->b2 = unit (f->store, "BIKE", PDG_TRACKING_SERIAL, "B2", 1);
  f->p1 = unit (f->store, "PACK", PDG_TRACKING_SERIAL, "P1", 1);
  f->p2 = unit (f->store, "PACK", PDG_TRACKING_SERIAL, "P2", 1);
  f->f1 = unit (f->store, "FRAME", PDG_TRACKING_SERIAL, "F1", 1);
  f->f2 = unit (f->store, "FRAME", PDG_TRACKING_SERIAL, "F2", 1);
  f->c = unit (f->store, "CELL", PDG_TRACKING_BATCH, "C", 100);
  f->t = unit (f->store, "TUBE", PDG_TRACKING_BATCH, "T", 10);

  link_units (f->store, f->p1, f->c, 40);
  link_units (f->store, f->p2, f->c, 40);
  link_units (f->store, f->f1, f->t, 2.5);
  link_units (f->store, f->f2, f->t, 2.5);
  link_units (f->store, f->b1, f->p1, 1);
  link_units (f->store, f->b1, f->f1, 1);
  link_units (f->store, f->b2, f->p2, 1);
  link_units (f->store, f->b2, f->f2, 1);
  link_units (f->store, f->b1, f->c, 1);
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

static PdgGenealogy *
trace (Fixture         *f,
       gint64           root,
       PdgDirection     direction,
       PdgTraceOptions *options)
{
  g_autoptr(GError) error = NULL;
  PdgGenealogy *g = pdg_trace (f->store, &root, 1, direction, options, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (g);
  pdg_test_assert_idle (pdg_store_get_handle (f->store));
  return g;
}

/* "LOT@depth" for every node, in order: a readable fingerprint. */
static char *
nodes_text (PdgGenealogy *g)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < pdg_genealogy_get_n_nodes (g); i++)
    {
      PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);

      g_string_append_printf (s, "%s%s@%u%s", i ? " " : "", n->unit->lot, n->depth,
                              n->truncated ? "+" : "");
    }
  return g_string_free (s, FALSE);
}

/* "PARENT<-CHILD:qty" for every edge, in order. */
static char *
edges_text (PdgGenealogy *g)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < pdg_genealogy_get_n_edges (g); i++)
    {
      const PdgGenealogyEdge *e = pdg_genealogy_get_edge (g, i);

      g_string_append_printf (s, "%s%s<-%s:%g", i ? " " : "",
                              pdg_genealogy_get_node (g, e->parent)->unit->lot,
                              pdg_genealogy_get_node (g, e->child)->unit->lot,
                              e->quantity);
    }
  return g_string_free (s, FALSE);
}

static void
test_backward (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PdgGenealogy) g = trace (f, f->b1, PDG_DIRECTION_BACKWARD, NULL);
  g_autofree char *nodes = nodes_text (g);
  g_autofree char *edges = edges_text (g);

  /* C is one node although two paths lead to it. */
  g_assert_cmpstr (nodes, ==, "B1@0 P1@1 F1@1 C@1 T@2");
  g_assert_cmpstr (edges, ==, "B1<-P1:1 B1<-F1:1 B1<-C:1 P1<-C:40 F1<-T:2.5");
  g_assert_cmpint (pdg_genealogy_get_node (g, 0)->role, ==, PDG_NODE_ROOT);
  g_assert_cmpint (pdg_genealogy_get_node (g, 1)->role, ==, PDG_NODE_COMPONENT);
  g_assert_cmpstr (pdg_genealogy_get_node (g, 3)->unit->item_number, ==, "CELL");
  g_assert_cmpuint (g->max_depth, ==, 2);
  g_assert_false (g->depth_capped);
  g_assert_false (g->node_capped);
}

static void
test_forward (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PdgGenealogy) g = trace (f, f->c, PDG_DIRECTION_FORWARD, NULL);
  g_autofree char *nodes = nodes_text (g);
  g_autofree char *edges = edges_text (g);

  g_assert_cmpstr (nodes, ==, "C@0 B1@1 P1@1 P2@1 B2@2");
  g_assert_cmpstr (edges, ==, "B1<-C:1 B1<-P1:1 P1<-C:40 P2<-C:40 B2<-P2:1");
  g_assert_cmpint (pdg_genealogy_get_node (g, 1)->role, ==, PDG_NODE_CONSUMER);
}

static void
test_depth_cap (Fixture       *f,
                gconstpointer  data)
{
  PdgTraceOptions options = { .max_depth = 1 };
  g_autoptr(PdgGenealogy) g = trace (f, f->t, PDG_DIRECTION_FORWARD, &options);
  g_autofree char *nodes = nodes_text (g);

  /* F1 and F2 went further (into bikes): marked as cut off. */
  g_assert_cmpstr (nodes, ==, "T@0 F1@1+ F2@1+");
  g_assert_true (g->depth_capped);
  g_assert_false (g->node_capped);
}

static void
test_node_cap (Fixture       *f,
               gconstpointer  data)
{
  PdgTraceOptions options = { .max_nodes = 3 };
  g_autoptr(PdgGenealogy) g = trace (f, f->c, PDG_DIRECTION_FORWARD, &options);
  g_autofree char *nodes = nodes_text (g);

  g_assert_cmpstr (nodes, ==, "C@0+ B1@1 P1@1");
  g_assert_true (g->node_capped);
  g_assert_cmpuint (pdg_genealogy_get_n_edges (g), ==, 3);
}

static void
test_several_roots (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 roots[] = { f->b2, f->b1, f->b2 };
  g_autoptr(PdgGenealogy) g = pdg_trace (f->store, roots, G_N_ELEMENTS (roots),
                                         PDG_DIRECTION_BACKWARD, NULL, NULL, &error);
  g_autofree char *nodes = NULL;

  g_assert_no_error (error);
  nodes = nodes_text (g);
  g_assert_cmpstr (nodes, ==, "B1@0 B2@0 P1@1 F1@1 C@1 P2@1 F2@1 T@2");
}

static void
test_with_events (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PdgEvent inspect = { .unit_id = f->p1, .kind = PDG_EVENT_INSPECTION, .note = "Insulation test passed" };
  PdgTraceOptions options = { .with_events = TRUE };
  g_autoptr(PdgGenealogy) g = NULL;
  guint index;

  g_assert_cmpint (pdg_store_add_event (f->store, &inspect, &error), >, 0);
  g = trace (f, f->b1, PDG_DIRECTION_BACKWARD, &options);
  g_assert_true (pdg_genealogy_lookup (g, f->p1, &index));
  g_assert_cmpuint (pdg_genealogy_get_node (g, index)->events->len, ==, 1);
  g_assert_true (pdg_genealogy_lookup (g, f->b1, &index));
  g_assert_cmpuint (pdg_genealogy_get_node (g, index)->events->len, ==, 0);
}

static void
test_unknown_root (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 root = 987654;
  PdgGenealogy *g = pdg_trace (f->store, &root, 1, PDG_DIRECTION_FORWARD, NULL, NULL, &error);

  g_assert_null (g);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g = pdg_trace (f->store, NULL, 0, PDG_DIRECTION_FORWARD, NULL, NULL, &error);
  g_assert_null (g);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID);
}

/* Backward traces take a one-statement path unless capped; both paths give
 * the same genealogy, node for node and edge for edge. */
static void
test_backward_paths_agree (Fixture       *f,
                           gconstpointer  data)
{
  PdgTraceOptions walk = { .max_nodes = 1000000 };   /* any cap takes the level walk */
  gint64 roots[] = { f->b1, f->b2 };

  for (guint r = 0; r < G_N_ELEMENTS (roots); r++)
    {
      g_autoptr(PdgGenealogy) one = trace (f, roots[r], PDG_DIRECTION_BACKWARD, NULL);
      g_autoptr(PdgGenealogy) two = trace (f, roots[r], PDG_DIRECTION_BACKWARD, &walk);

      g_assert_cmpuint (pdg_genealogy_get_n_nodes (one), ==, pdg_genealogy_get_n_nodes (two));
      g_assert_cmpuint (pdg_genealogy_get_n_edges (one), ==, pdg_genealogy_get_n_edges (two));
      for (guint i = 0; i < pdg_genealogy_get_n_nodes (one); i++)
        {
          const PdgGenealogyNode *a = pdg_genealogy_get_node (one, i);
          const PdgGenealogyNode *b = pdg_genealogy_get_node (two, i);

          g_assert_cmpint (a->unit->id, ==, b->unit->id);
          g_assert_cmpuint (a->depth, ==, b->depth);
          g_assert_cmpint (a->role, ==, b->role);
          g_assert_cmpstr (a->unit->lot, ==, b->unit->lot);
          g_assert_cmpstr (a->unit->item_number, ==, b->unit->item_number);
          g_assert_cmpstr (a->unit->location, ==, b->unit->location);
          g_assert_cmpfloat (a->unit->on_hand, ==, b->unit->on_hand);
        }
      for (guint i = 0; i < pdg_genealogy_get_n_edges (one); i++)
        {
          const PdgGenealogyEdge *a = pdg_genealogy_get_edge (one, i);
          const PdgGenealogyEdge *b = pdg_genealogy_get_edge (two, i);

          g_assert_cmpuint (a->parent, ==, b->parent);
          g_assert_cmpuint (a->child, ==, b->child);
          g_assert_cmpfloat (a->quantity, ==, b->quantity);
          g_assert_cmpint (a->order_id, ==, b->order_id);
        }
    }
}

/* The genealogy closure as text: "ROOT:PARENT<-CHILD*qty" per row, in key
 * order (parent 0 is the root's marker row). */
static char *
closure_text (PdgStore *store)
{
  GString *s = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (pdg_store_get_handle (store),
                   "SELECT root_id, parent_id, child_id, quantity, order_id FROM genealogy_closure"
                   " ORDER BY root_id, parent_id, child_id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (s, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "<-%" G_GINT64_FORMAT "*%g/%" G_GINT64_FORMAT " ",
                            (gint64) sqlite3_column_int64 (stmt, 0), (gint64) sqlite3_column_int64 (stmt, 1),
                            (gint64) sqlite3_column_int64 (stmt, 2), sqlite3_column_double (stmt, 3),
                            (gint64) sqlite3_column_int64 (stmt, 4));
  sqlite3_finalize (stmt);
  return g_string_free (s, FALSE);
}

/* The backward trace of root as read (through the closure, for a top
 * unit) equals the level walk's, node for node and edge for edge; returns
 * its number of nodes. */
static guint
assert_same_as_level_walk (PdgStore *store,
                           gint64    root)
{
  g_autoptr(GError) error = NULL;
  PdgTraceOptions walk = { .max_nodes = 1000000 };   /* any cap takes the level walk */
  g_autoptr(PdgGenealogy) one = pdg_trace (store, &root, 1, PDG_DIRECTION_BACKWARD, NULL, NULL, &error);
  g_autoptr(PdgGenealogy) two = NULL;
  g_autofree char *nodes_one = NULL;
  g_autofree char *nodes_two = NULL;
  g_autofree char *edges_one = NULL;
  g_autofree char *edges_two = NULL;

  g_assert_no_error (error);
  two = pdg_trace (store, &root, 1, PDG_DIRECTION_BACKWARD, &walk, NULL, &error);
  g_assert_no_error (error);
  nodes_one = nodes_text (one);
  nodes_two = nodes_text (two);
  edges_one = edges_text (one);
  edges_two = edges_text (two);
  g_assert_cmpstr (nodes_one, ==, nodes_two);
  g_assert_cmpstr (edges_one, ==, edges_two);
  return pdg_genealogy_get_n_nodes (one);
}

/* What the triggers keep equals a rebuild from the association table, and
 * traces read through it equal the level walk's, node for node. */
static void
assert_closure_true (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = closure_text (f->store);
  g_autofree char *rebuilt = NULL;
  gint64 all[] = { f->b1, f->b2, f->p1, f->p2, f->f1, f->f2, f->c, f->t };

  g_assert_true (pdg_store_begin (f->store, &error));
  g_assert_true (pdg_store_rebuild_closure (f->store, &error));
  g_assert_no_error (error);
  rebuilt = closure_text (f->store);
  g_assert_true (pdg_store_commit (f->store, &error));
  g_assert_cmpstr (kept, ==, rebuilt);

  for (guint r = 0; r < G_N_ELEMENTS (all); r++)
    {
      assert_same_as_level_walk (f->store, all[r]);
      pdg_test_assert_idle (pdg_store_get_handle (f->store));
    }
}

static gboolean
has_closure (Fixture *f,
             gint64   root)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (pdg_store_get_handle (f->store),
                   "SELECT 1 FROM genealogy_closure WHERE root_id = ? AND parent_id = 0",
                   -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, root);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* The closure holds exactly the top units (components, no consumer), and
 * follows every kind of change of the links. */
static void
test_closure_follows_writes (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 screw = unit (f->store, "SCREW", PDG_TRACKING_BATCH, "S", 1000);
  gint64 crate = unit (f->store, "CRATE", PDG_TRACKING_SERIAL, "K1", 1);
  g_autofree char *sql = NULL;

  g_assert_true (has_closure (f, f->b1));
  g_assert_true (has_closure (f, f->b2));
  g_assert_false (has_closure (f, f->p1));      /* consumed */
  g_assert_false (has_closure (f, f->c));       /* no components */
  assert_closure_true (f);

  /* A new link deep inside a bike: the bike's closure gains it. */
  link_units (f->store, f->f1, screw, 8);
  assert_closure_true (f);
  /* More of the same link (EPCIS adds up quantities of a repeated link). */
  pdg_store_begin (f->store, &error);
  g_assert_cmpint (pdg_store_record_edge (f->store, f->f1, screw, 4, 0, &error), >, 0);
  g_assert_true (pdg_store_commit (f->store, &error));
  g_assert_no_error (error);
  assert_closure_true (f);

  /* A top becomes a component: bikes packed in a crate. */
  link_units (f->store, crate, f->b1, 1);
  g_assert_false (has_closure (f, f->b1));
  g_assert_true (has_closure (f, crate));
  assert_closure_true (f);

  /* Removing links: one under a shared lot, then the bike from the crate,
   * which makes the bike a top again and leaves the crate without any. */
  g_assert_cmpfloat (pdg_store_dissociate (f->store, f->b1, f->c, &error), >, 0);
  g_assert_no_error (error);
  assert_closure_true (f);
  g_assert_cmpfloat (pdg_store_dissociate (f->store, crate, f->b1, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (has_closure (f, f->b1));
  g_assert_false (has_closure (f, crate));
  assert_closure_true (f);

  /* A link moved by plain SQL to another parent. */
  sql = g_strdup_printf ("UPDATE association SET parent_id = %" G_GINT64_FORMAT
                         " WHERE parent_id = %" G_GINT64_FORMAT " AND child_id = %" G_GINT64_FORMAT,
                         f->f2, f->f1, screw);
  g_assert_true (pdg_store_exec (f->store, sql, &error));
  g_assert_no_error (error);
  assert_closure_true (f);

  /* A top that loses its only component is no longer a top. */
  link_units (f->store, crate, screw, 2);
  g_assert_true (has_closure (f, crate));
  g_assert_cmpfloat (pdg_store_dissociate (f->store, crate, screw, &error), >, 0);
  g_assert_no_error (error);
  g_assert_false (has_closure (f, crate));
  assert_closure_true (f);
}

/* On a generated factory (several levels, split batches, shared lots),
 * every top unit's trace through the closure equals the level walk's. */
static void
test_closure_on_generated_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pedigree-trace-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "factory.db", NULL);
  g_autoptr(PdgStore) store = NULL;
  PdgGeneratorStats stats;
  sqlite3_stmt *stmt = NULL;
  guint n_tops = 0;

  g_assert_true (pdg_generate (path, 5000, 7, NULL, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
  store = pdg_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_prepare_v2 (pdg_store_get_handle (store),
                   "SELECT root_id FROM genealogy_closure WHERE parent_id = 0 ORDER BY root_id",
                   -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpuint (assert_same_as_level_walk (store, sqlite3_column_int64 (stmt, 0)), >, 1);
      n_tops++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_tops, >, 50);
  g_test_message ("%u top units compared", n_tops);

  g_clear_object (&store);
  pdg_test_remove_database (path);
  g_rmdir (dir);
}

/* A database from before the closure (schema 3) gets it when opened. */
static void
test_closure_built_on_upgrade (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = closure_text (f->store);
  g_autofree char *after = NULL;

  g_assert_true (pdg_store_suspend_closure (f->store, &error));
  g_assert_true (pdg_store_exec (f->store, "DROP TABLE genealogy_closure; DROP INDEX association_down_cover; PRAGMA user_version = 3", &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);

  f->store = pdg_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pdg_store_get_schema_version (f->store), ==, PDG_STORE_SCHEMA_VERSION);
  after = closure_text (f->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (has_closure (f, f->b1));
  /* And it is kept from then on. */
  link_units (f->store, f->p2, f->t, 1);
  assert_closure_true (f);
}

static void
test_survives_a_cycle (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PdgGenealogy) back = NULL;
  g_autoptr(PdgGenealogy) fwd = NULL;
  g_autofree char *sql = NULL;

  /* The store refuses cycles; a damaged file may still hold one. */
  sql = g_strdup_printf ("INSERT INTO association (parent_id, child_id, quantity, created_by, created_at)"
                         " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 1, 'x', 0)", f->c, f->b1);
  g_assert_true (pdg_store_exec (f->store, sql, NULL));

  back = trace (f, f->b1, PDG_DIRECTION_BACKWARD, NULL);
  fwd = trace (f, f->c, PDG_DIRECTION_FORWARD, NULL);
  g_assert_cmpuint (pdg_genealogy_get_n_nodes (back), ==, 5);
  g_assert_cmpuint (pdg_genealogy_get_n_nodes (fwd), ==, 5);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PdgGenealogy *g;

  g_cancellable_cancel (cancellable);
  g = pdg_trace (f->store, &f->c, 1, PDG_DIRECTION_FORWARD, NULL, cancellable, &error);
  g_assert_null (g);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_exports (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PdgGenealogy) g = trace (f, f->b1, PDG_DIRECTION_BACKWARD, NULL);
  g_autofree char *text = pdg_export_genealogy_text (g);
  g_autofree char *csv = pdg_export_genealogy_csv (g);
  g_autofree char *dot = pdg_export_genealogy_dot (g);
  g_auto(GStrv) rows = NULL;
  g_autofree char *dot_path = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *dot_bin = g_find_program_in_path ("dot");

  /* Text: an indented tree; the shared cell lot is printed once in full and
   * then referenced. */
  g_assert_true (g_str_has_prefix (text, "BIKE/B1  BIKE  [available]\n"));
  g_assert_nonnull (strstr (text, "├─ 1 pcs  PACK/P1"));
  g_assert_nonnull (strstr (text, "│  └─ 40 kg  CELL/C  CELL  [available, 19 of 100 kg on hand]\n"));
  g_assert_nonnull (strstr (text, "└─ 1 kg  CELL/C  CELL  [available, 19 of 100 kg on hand]  (shown above)"));
  g_assert_nonnull (strstr (text, "5 units, 5 links, 3 levels"));

  /* CSV: a header, one row for the root, one per link. */
  rows = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 1 + 1 + 5 + 1);
  g_assert_cmpstr (rows[0], ==, "depth,role,item,lot,description,tracking,status,quantity,on_hand,uom,location,via_item,via_lot,link_quantity,truncated");
  g_assert_cmpstr (rows[1], ==, "0,root,BIKE,B1,BIKE,serial,available,1,1,pcs,,,,,no");
  g_assert_cmpstr (rows[4], ==, "1,component,CELL,C,CELL,batch,available,100,19,kg,,BIKE,B1,1,no");
  g_assert_cmpstr (rows[7], ==, "");

  /* DOT: Graphviz reads it back. */
  g_assert_true (g_str_has_prefix (dot, "digraph genealogy {"));
  if (dot_bin != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      const char *argv[] = { "dot", "-Tplain", NULL, NULL };
      int status = 0;

      dot_path = g_build_filename (f->dir, "g.dot", NULL);
      g_assert_true (g_file_set_contents (dot_path, dot, -1, NULL));
      argv[2] = dot_path;
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &plain, &err, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_auto(GStrv) edges = g_strsplit (plain, "\nedge ", -1);

      g_assert_cmpuint (g_strv_length (edges) - 1, ==, 5);
      g_unlink (dot_path);
    }
}

static void
test_csv_field (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  pdg_export_csv_field (out, "plain");
  g_string_append_c (out, '|');
  pdg_export_csv_field (out, "a,b \"c\"");
  g_string_append_c (out, '|');
  pdg_export_csv_field (out, "=HYPERLINK(\"x\")");
  g_assert_cmpstr (out->str, ==, "plain|\"a,b \"\"c\"\"\"|\"'=HYPERLINK(\"\"x\"\")\"");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/trace/backward-reaches-raw-lots-once", test_backward);
  ADD ("/trace/forward-reaches-every-consumer", test_forward);
  ADD ("/trace/depth-cap-marks-what-was-cut", test_depth_cap);
  ADD ("/trace/node-cap-marks-what-was-cut", test_node_cap);
  ADD ("/trace/several-roots-share-nodes", test_several_roots);
  ADD ("/trace/backward-paths-agree", test_backward_paths_agree);
  ADD ("/trace/closure-follows-writes", test_closure_follows_writes);
  ADD ("/trace/closure-built-on-upgrade", test_closure_built_on_upgrade);
  ADD ("/trace/reads-events-when-asked", test_with_events);
  ADD ("/trace/rejects-unknown-and-missing-roots", test_unknown_root);
  ADD ("/trace/terminates-on-a-damaged-cycle", test_survives_a_cycle);
  ADD ("/trace/honours-cancellation", test_cancelled);
  ADD ("/trace/exports-text-csv-and-dot", test_exports);
  g_test_add_func ("/trace/csv-fields-are-quoted-and-defused", test_csv_field);
  g_test_add_func ("/trace/closure-agrees-on-generated-data", test_closure_on_generated_data);
#undef ADD

  return g_test_run ();
}
