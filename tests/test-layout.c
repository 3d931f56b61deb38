/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-layout.c: genealogies laid out by Graphviz, as scenes and exports.
 *
 * The fixture is the e-bike genealogy of test-trace.c (a shared cell lot
 * makes it a DAG) plus a kit K of 30 part lots P00..P29, on a real SQLite
 * file:
 *
 *   bike B1 <- pack P1 <- cells C (40)      bike B2 <- pack P2 <- cells C (40)
 *   bike B1 <- frame F1 <- tubes T (2.5 kg)  bike B2 <- frame F2 <- tubes T (2.5)
 *   bike B1 <- cells C (1)
 *   kit K <- P00 .. P29
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pdg-layout.h"
#include "pdg-store.h"
#include "pdg-test-util.h"
#include "pdg-trace.h"

typedef struct
{
  char     *dir;
  char     *path;
  PdgStore *store;
  gint64    b1, b2, p1, p2, f1, f2, c, t;
  gint64    kit;
  gint64    parts[30];
} Fixture;

static gint64
unit (PdgStore    *store,
      const char  *number,
      const char  *description,
      PdgTracking  tracking,
      const char  *lot,
      double       quantity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgItem) existing = pdg_store_find_item (store, number, NULL);
  PdgItem item = { .number = (char *) number, .description = (char *) description,
                   .tracking = tracking, .uom = tracking == PDG_TRACKING_BATCH ? "kg" : "pcs" };
  PdgUnit u = { .lot = (char *) lot, .quantity = quantity };
  gint64 id;

  u.item_id = existing ? existing->id : pdg_store_add_item (store, &item, &error);
  g_assert_no_error (error);
  id = pdg_store_add_unit (store, &u, &error);
  g_assert_no_error (error);
  return id;
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

  f->dir = g_dir_make_tmp ("pedigree-layout-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "layout.db", NULL);
  f->store = pdg_store_open (f->path, &error);
  g_assert_no_error (error);

  f->b1 = unit (f->store, "BIKE", "E-bike \"City\" 28\\in", PDG_TRACKING_SERIAL, "B1", 1);
  f->b2 = unit (f->store, "BIKE", NULL, PDG_TRACKING_SERIAL, "B2", 1);
  f->p1 = unit (f->store, "PACK", "Battery pack 48 V", PDG_TRACKING_SERIAL, "P1", 1);
  f->p2 = unit (f->store, "PACK", NULL, PDG_TRACKING_SERIAL, "P2", 1);
  f->f1 = unit (f->store, "FRAME", "Frame & fork <alu>", PDG_TRACKING_SERIAL, "F1", 1);
  f->f2 = unit (f->store, "FRAME", NULL, PDG_TRACKING_SERIAL, "F2", 1);
  f->c = unit (f->store, "CELL", "Li-ion cell 21700, 5.0 Ah, a very long description",
                PDG_TRACKING_BATCH, "C", 100);
  f->t = unit (f->store, "TUBE", "Tube", PDG_TRACKING_BATCH, "T", 10);

  link_units (f->store, f->p1, f->c, 40);
  link_units (f->store, f->p2, f->c, 40);
  link_units (f->store, f->f1, f->t, 2.5);
  link_units (f->store, f->f2, f->t, 2.5);
  link_units (f->store, f->b1, f->p1, 1);
  link_units (f->store, f->b1, f->f1, 1);
  link_units (f->store, f->b2, f->p2, 1);
  link_units (f->store, f->b2, f->f2, 1);
  link_units (f->store, f->b1, f->c, 1);

  f->kit = unit (f->store, "KIT", "Repair kit", PDG_TRACKING_SERIAL, "K", 1);
  for (guint i = 0; i < G_N_ELEMENTS (f->parts); i++)
    {
      g_autofree char *lot = g_strdup_printf ("P%02u", i);

      f->parts[i] = unit (f->store, "PART", "Part", PDG_TRACKING_BATCH, lot, 10);
      link_units (f->store, f->kit, f->parts[i], 1);
    }
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
trace (Fixture      *f,
       gint64        root,
       PdgDirection  direction)
{
  g_autoptr(GError) error = NULL;
  PdgGenealogy *g = pdg_trace (f->store, &root, 1, direction, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (g);
  return g;
}

static PdgScene *
layout (PdgGenealogy           *g,
        const PdgLayoutOptions *options)
{
  g_autoptr(GError) error = NULL;
  PdgScene *scene = pdg_layout_run (g, options, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scene);
  return scene;
}

/* Distance from a point to a scene node's box (0 inside). */
static double
box_distance (const PdgSceneNode *n,
              double              x,
              double              y)
{
  double dx = MAX (fabs (x - n->x) - n->width / 2, 0);
  double dy = MAX (fabs (y - n->y) - n->height / 2, 0);

  return sqrt (dx * dx + dy * dy);
}

/* What every scene must be: boxes inside the scene, roots above, edges
 * from the end nearer the roots to the farther one, 3k + 1 points from
 * one box to the arrowhead at the other, the genealogy index map right. */
static void
assert_scene_sane (PdgScene *scene)
{
  PdgGenealogy *g = pdg_scene_get_genealogy (scene);
  double width = pdg_scene_get_width (scene);
  double height = pdg_scene_get_height (scene);
  const double eps = 1e-6;

  for (guint i = 0; i < pdg_scene_get_n_nodes (scene); i++)
    {
      const PdgSceneNode *n = pdg_scene_get_node (scene, i);

      g_assert_cmpfloat (n->x - n->width / 2, >=, -eps);
      g_assert_cmpfloat (n->y - n->height / 2, >=, -eps);
      g_assert_cmpfloat (n->x + n->width / 2, <=, width + eps);
      g_assert_cmpfloat (n->y + n->height / 2, <=, height + eps);
      if (n->kind == PDG_SCENE_NODE_UNIT)
        {
          g_assert_cmpfloat_with_epsilon (n->width, PDG_LAYOUT_CARD_WIDTH, 1e-9);
          g_assert_cmpfloat_with_epsilon (n->height, PDG_LAYOUT_CARD_HEIGHT, 1e-9);
          g_assert_cmpuint (pdg_scene_find_unit (scene, n->node), ==, i);
          if (pdg_genealogy_get_node (g, n->node)->role == PDG_NODE_ROOT)
            g_assert_cmpuint (n->depth, ==, 0);
        }
      else
        {
          g_assert_cmpfloat_with_epsilon (n->width, PDG_LAYOUT_GROUP_WIDTH, 1e-9);
          g_assert_cmpfloat_with_epsilon (n->height, PDG_LAYOUT_GROUP_HEIGHT, 1e-9);
          g_assert_cmpuint (n->group_size, >, 0);
        }
    }

  for (guint i = 0; i < pdg_scene_get_n_edges (scene); i++)
    {
      const PdgSceneEdge *e = pdg_scene_get_edge (scene, i);
      const PdgSceneNode *from = pdg_scene_get_node (scene, e->from);
      const PdgSceneNode *to = pdg_scene_get_node (scene, e->to);
      guint last = e->n_points - 1;

      /* Roots on top, whatever the direction. */
      g_assert_cmpfloat (from->y, <, to->y);
      g_assert_cmpuint (from->depth, <, to->depth);

      g_assert_cmpuint (e->n_points, >=, 4);
      g_assert_cmpuint ((e->n_points - 1) % 3, ==, 0);
      g_assert_cmpfloat (box_distance (from, e->points[0], e->points[1]), <, 2);
      /* The spline stops where the arrowhead (7 pt) starts. */
      g_assert_cmpfloat (box_distance (to, e->points[2 * last], e->points[2 * last + 1]), <, 12);
      g_assert_cmpfloat (box_distance (to, e->tip_x, e->tip_y), <, 2);
      for (guint k = 0; k < e->n_points; k++)
        {
          g_assert_cmpfloat (e->points[2 * k], >=, -eps);
          g_assert_cmpfloat (e->points[2 * k], <=, width + eps);
          g_assert_cmpfloat (e->points[2 * k + 1], >=, -eps);
          g_assert_cmpfloat (e->points[2 * k + 1], <=, height + eps);
        }
      g_assert_cmpfloat (e->label_x, >=, -eps);
      g_assert_cmpfloat (e->label_x, <=, width + eps);
      g_assert_cmpfloat (e->label_y, >=, -eps);
      g_assert_cmpfloat (e->label_y, <=, height + eps);

      if (to->kind == PDG_SCENE_NODE_GROUP)
        {
          g_assert_cmpuint (from->kind, ==, PDG_SCENE_NODE_UNIT);
          g_assert_cmpuint (to->node, ==, from->node);
          g_assert_cmpfloat (e->quantity, ==, 0);
        }
      else
        {
          gboolean found = FALSE;
          guint parent = g->direction == PDG_DIRECTION_BACKWARD ? from->node : to->node;
          guint child = g->direction == PDG_DIRECTION_BACKWARD ? to->node : from->node;

          /* A genealogy edge, with its quantity. */
          for (guint k = 0; k < pdg_genealogy_get_n_edges (g) && !found; k++)
            {
              const PdgGenealogyEdge *ge = pdg_genealogy_get_edge (g, k);

              if (ge->parent == parent && ge->child == child)
                {
                  g_assert_cmpfloat (e->quantity, ==, ge->quantity);
                  found = TRUE;
                }
            }
          g_assert_true (found);
        }
    }
}

static guint
count_groups (PdgScene *scene,
              guint    *group)
{
  guint n = 0;

  for (guint i = 0; i < pdg_scene_get_n_nodes (scene); i++)
    if (pdg_scene_get_node (scene, i)->kind == PDG_SCENE_NODE_GROUP)
      {
        if (group != NULL)
          *group = i;
        n++;
      }
  return n;
}

static void
test_backward (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PdgGenealogy) g = trace (f, f->b1, PDG_DIRECTION_BACKWARD);
  g_autoptr(PdgScene) scene = layout (g, NULL);
  guint b1, c, p1;

  g_assert_cmpuint (pdg_scene_get_n_nodes (scene), ==, pdg_genealogy_get_n_nodes (g));
  g_assert_cmpuint (pdg_scene_get_n_edges (scene), ==, pdg_genealogy_get_n_edges (g));
  g_assert_true (pdg_scene_get_genealogy (scene) == g);
  assert_scene_sane (scene);

  /* The bike on top; the cell lot, also reached through the pack, below the pack. */
  g_assert_true (pdg_genealogy_lookup (g, f->b1, &b1));
  g_assert_true (pdg_genealogy_lookup (g, f->c, &c));
  g_assert_true (pdg_genealogy_lookup (g, f->p1, &p1));
  b1 = pdg_scene_find_unit (scene, b1);
  c = pdg_scene_find_unit (scene, c);
  p1 = pdg_scene_find_unit (scene, p1);
  g_assert_cmpuint (pdg_scene_get_node (scene, b1)->depth, ==, 0);
  g_assert_cmpfloat (pdg_scene_get_node (scene, p1)->y, <, pdg_scene_get_node (scene, c)->y);
  for (guint i = 0; i < pdg_scene_get_n_nodes (scene); i++)
    if (i != b1)
      g_assert_cmpfloat (pdg_scene_get_node (scene, b1)->y, <, pdg_scene_get_node (scene, i)->y);
}

static void
test_forward (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PdgGenealogy) g = trace (f, f->c, PDG_DIRECTION_FORWARD);
  g_autoptr(PdgScene) scene = layout (g, NULL);
  guint c, b2;

  g_assert_cmpuint (pdg_scene_get_n_nodes (scene), ==, pdg_genealogy_get_n_nodes (g));
  g_assert_cmpuint (pdg_scene_get_n_edges (scene), ==, pdg_genealogy_get_n_edges (g));
  assert_scene_sane (scene);

  /* The lot on top, the bikes that consumed it below. */
  g_assert_true (pdg_genealogy_lookup (g, f->c, &c));
  g_assert_true (pdg_genealogy_lookup (g, f->b2, &b2));
  c = pdg_scene_find_unit (scene, c);
  b2 = pdg_scene_find_unit (scene, b2);
  g_assert_cmpuint (pdg_scene_get_node (scene, c)->depth, ==, 0);
  g_assert_cmpuint (pdg_scene_get_node (scene, b2)->depth, ==, 2);
  for (guint i = 0; i < pdg_scene_get_n_edges (scene); i++)
    {
      const PdgSceneEdge *e = pdg_scene_get_edge (scene, i);

      if (pdg_scene_get_node (scene, e->to)->node == pdg_scene_get_node (scene, b2)->node)
        g_assert_cmpfloat (e->quantity, ==, 1);
      if (e->from == c)
        g_assert_cmpfloat (e->quantity, >=, 1);
    }
}

static void
assert_scenes_equal (PdgScene *a,
                     PdgScene *b)
{
  g_assert_cmpfloat (pdg_scene_get_width (a), ==, pdg_scene_get_width (b));
  g_assert_cmpfloat (pdg_scene_get_height (a), ==, pdg_scene_get_height (b));
  g_assert_cmpuint (pdg_scene_get_n_nodes (a), ==, pdg_scene_get_n_nodes (b));
  g_assert_cmpuint (pdg_scene_get_n_edges (a), ==, pdg_scene_get_n_edges (b));
  for (guint i = 0; i < pdg_scene_get_n_nodes (a); i++)
    g_assert_cmpmem (pdg_scene_get_node (a, i), sizeof (PdgSceneNode),
                     pdg_scene_get_node (b, i), sizeof (PdgSceneNode));
  for (guint i = 0; i < pdg_scene_get_n_edges (a); i++)
    {
      const PdgSceneEdge *x = pdg_scene_get_edge (a, i);
      const PdgSceneEdge *y = pdg_scene_get_edge (b, i);

      g_assert_cmpuint (x->from, ==, y->from);
      g_assert_cmpuint (x->to, ==, y->to);
      g_assert_cmpfloat (x->quantity, ==, y->quantity);
      g_assert_cmpfloat (x->label_x, ==, y->label_x);
      g_assert_cmpfloat (x->label_y, ==, y->label_y);
      g_assert_cmpfloat (x->tip_x, ==, y->tip_x);
      g_assert_cmpfloat (x->tip_y, ==, y->tip_y);
      g_assert_cmpmem (x->points, 2 * sizeof (double) * x->n_points,
                       y->points, 2 * sizeof (double) * y->n_points);
    }
}

static void
test_deterministic (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PdgGenealogy) g = trace (f, f->b1, PDG_DIRECTION_BACKWARD);
  g_autoptr(PdgGenealogy) again = trace (f, f->b1, PDG_DIRECTION_BACKWARD);
  g_autoptr(PdgGenealogy) other = trace (f, f->kit, PDG_DIRECTION_BACKWARD);
  g_autoptr(PdgScene) first = layout (g, NULL);
  g_autoptr(PdgScene) between = layout (other, NULL);
  g_autoptr(PdgScene) second = layout (again, NULL);
  g_autofree char *dot1 = pdg_layout_to_dot (g, NULL);
  g_autofree char *dot2 = pdg_layout_to_dot (again, NULL);

  /* Same genealogy, another trace and another layout in between: the same
   * scene, number for number. */
  assert_scenes_equal (first, second);
  g_assert_cmpstr (dot1, ==, dot2);
}

static void
test_max_children (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PdgGenealogy) g = trace (f, f->kit, PDG_DIRECTION_BACKWARD);
  g_autoptr(PdgScene) folded = layout (g, NULL);
  g_autoptr(PdgScene) unfolded = NULL;
  g_autoptr(PdgScene) expanded = NULL;
  g_autoptr(GHashTable) set = g_hash_table_new (NULL, NULL);
  PdgLayoutOptions options = PDG_LAYOUT_OPTIONS_INIT;
  const PdgSceneNode *group;
  guint kit, group_index = G_MAXUINT, n_nodes, n_edges;

  g_assert_cmpuint (pdg_genealogy_get_n_nodes (g), ==, 31);

  /* The default: 12 parts and "+18 more". */
  g_assert_cmpuint (pdg_scene_get_n_nodes (folded), ==, 1 + 12 + 1);
  g_assert_cmpuint (pdg_scene_get_n_edges (folded), ==, 12 + 1);
  g_assert_cmpuint (count_groups (folded, &group_index), ==, 1);
  g_assert_true (pdg_genealogy_lookup (g, f->kit, &kit));
  group = pdg_scene_get_node (folded, group_index);
  g_assert_cmpuint (group->node, ==, kit);
  g_assert_cmpuint (group->group_size, ==, 18);
  g_assert_cmpuint (group->depth, ==, 1);
  assert_scene_sane (folded);
  /* The first twelve children in genealogy order are the ones shown. */
  for (guint i = 0; i < G_N_ELEMENTS (f->parts); i++)
    {
      guint index;

      g_assert_true (pdg_genealogy_lookup (g, f->parts[i], &index));
      if (i < 12)
        g_assert_cmpuint (pdg_scene_find_unit (folded, index), !=, G_MAXUINT);
      else
        g_assert_cmpuint (pdg_scene_find_unit (folded, index), ==, G_MAXUINT);
    }
  pdg_layout_count (g, NULL, &n_nodes, &n_edges);
  g_assert_cmpuint (n_nodes, ==, 14);
  g_assert_cmpuint (n_edges, ==, 13);

  /* Expanding the kit's group shows every part. */
  g_hash_table_add (set, GUINT_TO_POINTER (kit + 1));
  options.expanded = set;
  expanded = layout (g, &options);
  g_assert_cmpuint (pdg_scene_get_n_nodes (expanded), ==, 31);
  g_assert_cmpuint (pdg_scene_get_n_edges (expanded), ==, 30);
  g_assert_cmpuint (count_groups (expanded, NULL), ==, 0);
  assert_scene_sane (expanded);

  /* max_children 0 never folds. */
  options.expanded = NULL;
  options.max_children = 0;
  unfolded = layout (g, &options);
  g_assert_cmpuint (pdg_scene_get_n_nodes (unfolded), ==, 31);

  /* No "+1 more": one child over the limit is shown. */
  options.max_children = 29;
  pdg_layout_count (g, &options, &n_nodes, &n_edges);
  g_assert_cmpuint (n_nodes, ==, 31);
  options.max_children = 28;
  pdg_layout_count (g, &options, &n_nodes, &n_edges);
  g_assert_cmpuint (n_nodes, ==, 1 + 28 + 1);
}

static void
test_fold_dag (Fixture       *f,
               gconstpointer  data)
{
  gint64 s1 = unit (f->store, "SCREW", "Screw", PDG_TRACKING_BATCH, "S1", 100);
  gint64 s2 = unit (f->store, "SCREW", "Screw", PDG_TRACKING_BATCH, "S2", 100);
  gint64 glue = unit (f->store, "GLUE", "Glue", PDG_TRACKING_BATCH, "G", 100);
  g_autoptr(PdgGenealogy) back = NULL;
  g_autoptr(PdgGenealogy) fwd = NULL;
  g_autoptr(PdgScene) scene = NULL;
  g_autoptr(PdgScene) forward = NULL;
  const PdgSceneNode *group;
  guint group_index = G_MAXUINT, index, s2_scene, p05_scene;

  /* S1 below two folded parts: counted once. S2 below a shown part and a
   * folded one: shown, not counted. */
  link_units (f->store, f->parts[20], s1, 1);
  link_units (f->store, f->parts[25], s1, 1);
  link_units (f->store, f->parts[5], s2, 1);
  link_units (f->store, f->parts[21], s2, 1);
  back = trace (f, f->kit, PDG_DIRECTION_BACKWARD);
  scene = layout (back, NULL);
  assert_scene_sane (scene);
  g_assert_cmpuint (count_groups (scene, &group_index), ==, 1);
  group = pdg_scene_get_node (scene, group_index);
  g_assert_cmpuint (group->group_size, ==, 18 + 1);
  g_assert_cmpuint (pdg_scene_get_n_nodes (scene), ==, 1 + 12 + 1 + 1);
  g_assert_true (pdg_genealogy_lookup (back, s2, &index));
  s2_scene = pdg_scene_find_unit (scene, index);
  g_assert_cmpuint (s2_scene, !=, G_MAXUINT);
  g_assert_true (pdg_genealogy_lookup (back, f->parts[5], &index));
  p05_scene = pdg_scene_find_unit (scene, index);
  /* Edges: kit to 12 parts, P05 to S2, the group's. */
  g_assert_cmpuint (pdg_scene_get_n_edges (scene), ==, 12 + 1 + 1);
  for (guint i = 0; i < pdg_scene_get_n_edges (scene); i++)
    if (pdg_scene_get_edge (scene, i)->to == s2_scene)
      g_assert_cmpuint (pdg_scene_get_edge (scene, i)->from, ==, p05_scene);

  /* Forward: glue went into every part. 12 parts shown, 18 folded; the
   * kit, reached through a shown part, stays shown and out of the group. */
  for (guint i = 0; i < G_N_ELEMENTS (f->parts); i++)
    link_units (f->store, f->parts[i], glue, 1);
  fwd = trace (f, glue, PDG_DIRECTION_FORWARD);
  forward = layout (fwd, NULL);
  assert_scene_sane (forward);
  g_assert_cmpuint (count_groups (forward, &group_index), ==, 1);
  g_assert_cmpuint (pdg_scene_get_node (forward, group_index)->group_size, ==, 18);
  g_assert_true (pdg_genealogy_lookup (fwd, f->kit, &index));
  g_assert_cmpuint (pdg_scene_find_unit (forward, index), !=, G_MAXUINT);
  g_assert_cmpuint (pdg_scene_get_n_nodes (forward), ==, 1 + 12 + 1 + 1);
  g_assert_cmpuint (pdg_scene_get_n_edges (forward), ==, 12 + 12 + 1);
}

static void
test_max_depth (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PdgGenealogy) g = trace (f, f->b1, PDG_DIRECTION_BACKWARD);
  g_autoptr(PdgScene) scene = NULL;
  g_autoptr(PdgScene) expanded = NULL;
  g_autoptr(GHashTable) set = g_hash_table_new (NULL, NULL);
  PdgLayoutOptions options = { .max_children = 12, .max_depth = 1 };
  const PdgSceneNode *group;
  guint group_index = G_MAXUINT, f1, t, b1;

  /* B1, P1, F1 and C drawn (C also below P1: that edge stays); T, under
   * F1 at level 2, folds into F1's group. */
  scene = layout (g, &options);
  assert_scene_sane (scene);
  g_assert_cmpuint (pdg_scene_get_n_nodes (scene), ==, 4 + 1);
  g_assert_cmpuint (pdg_scene_get_n_edges (scene), ==, 4 + 1);
  g_assert_cmpuint (count_groups (scene, &group_index), ==, 1);
  g_assert_true (pdg_genealogy_lookup (g, f->f1, &f1));
  g_assert_true (pdg_genealogy_lookup (g, f->t, &t));
  group = pdg_scene_get_node (scene, group_index);
  g_assert_cmpuint (group->node, ==, f1);
  g_assert_cmpuint (group->group_size, ==, 1);
  g_assert_cmpuint (pdg_scene_find_unit (scene, t), ==, G_MAXUINT);

  /* Expanding F1 shows T. */
  g_hash_table_add (set, GUINT_TO_POINTER (f1 + 1));
  options.expanded = set;
  expanded = layout (g, &options);
  g_assert_cmpuint (pdg_scene_get_n_nodes (expanded), ==, 5);
  g_assert_cmpuint (count_groups (expanded, NULL), ==, 0);
  g_assert_cmpuint (pdg_scene_find_unit (expanded, t), !=, G_MAXUINT);

  g_assert_true (pdg_genealogy_lookup (g, f->b1, &b1));
  g_assert_cmpuint (pdg_scene_find_unit (scene, b1), ==, 0);
}

static void
test_empty_and_single (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgGenealogy) empty = pdg_genealogy_new (PDG_DIRECTION_BACKWARD);
  g_autoptr(PdgScene) nothing = layout (empty, NULL);
  gint64 lonely = unit (f->store, "BOLT", "Bolt", PDG_TRACKING_BATCH, "L1", 5);
  g_autoptr(PdgGenealogy) one = trace (f, lonely, PDG_DIRECTION_FORWARD);
  g_autoptr(PdgScene) single = layout (one, NULL);
  g_autofree char *path = g_build_filename (f->dir, "empty.svg", NULL);
  g_autofree char *dot = pdg_layout_to_dot (empty, NULL);
  const PdgSceneNode *n;

  g_assert_cmpuint (pdg_scene_get_n_nodes (nothing), ==, 0);
  g_assert_cmpuint (pdg_scene_get_n_edges (nothing), ==, 0);
  g_assert_cmpfloat (pdg_scene_get_width (nothing), ==, 0);
  g_assert_cmpfloat (pdg_scene_get_height (nothing), ==, 0);
  g_assert_true (pdg_layout_check_dot (dot, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pdg_layout_render_file (empty, NULL, "svg", path, NULL, &error));
  g_assert_no_error (error);
  g_unlink (path);

  g_assert_cmpuint (pdg_scene_get_n_nodes (single), ==, 1);
  g_assert_cmpuint (pdg_scene_get_n_edges (single), ==, 0);
  n = pdg_scene_get_node (single, 0);
  g_assert_cmpfloat_with_epsilon (pdg_scene_get_width (single), PDG_LAYOUT_CARD_WIDTH, 1e-6);
  g_assert_cmpfloat_with_epsilon (pdg_scene_get_height (single), PDG_LAYOUT_CARD_HEIGHT, 1e-6);
  g_assert_cmpfloat_with_epsilon (n->x, PDG_LAYOUT_CARD_WIDTH / 2, 1e-6);
  g_assert_cmpfloat_with_epsilon (n->y, PDG_LAYOUT_CARD_HEIGHT / 2, 1e-6);
  g_assert_cmpuint (pdg_scene_hit (single, n->x, n->y), ==, 0);
}

/* A big in-memory DAG that keeps the layout thread busy for a while:
 * a root, 30 children, 30 grandchildren each, every grandchild also in
 * the next child. */
static PdgGenealogy *
busy_genealogy (void)
{
  PdgGenealogy *g = pdg_genealogy_new (PDG_DIRECTION_BACKWARD);
  gint64 id = 1;
  guint children[30];

  pdg_genealogy_add_node (g, id++, 0, PDG_NODE_ROOT);
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      children[i] = pdg_genealogy_add_node (g, id++, 1, PDG_NODE_COMPONENT);
      pdg_genealogy_add_edge (g, 0, children[i], 1, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    for (guint k = 0; k < 30; k++)
      {
        guint leaf = pdg_genealogy_add_node (g, id++, 2, PDG_NODE_COMPONENT);

        pdg_genealogy_add_edge (g, children[i], leaf, 2, 0);
        pdg_genealogy_add_edge (g, children[(i + 1) % 30], leaf, 3, 0);
      }
  for (guint i = 0; i < pdg_genealogy_get_n_nodes (g); i++)
    {
      g_autofree char *lot = g_strdup_printf ("LOT-%05u", i);
      PdgUnit u = { .id = pdg_genealogy_get_node (g, i)->unit->id, .item_number = "ITEM",
                    .item_description = "Synthetic item", .uom = "pcs", .lot = lot,
                    .quantity = 1 };

      pdg_genealogy_set_unit (g, i, &u);
    }
  pdg_genealogy_sort_edges (g);
  return g;
}

typedef struct
{
  GAsyncResult *result;
  guint         order;
  GThread      *thread;
  GMainContext *context;
} Answer;

static guint answers;

static void
on_layout (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Answer *answer = data;

  answer->result = g_object_ref (result);
  answer->order = ++answers;
  answer->thread = g_thread_self ();
  answer->context = g_main_context_get_thread_default ();
}

static void
wait_for (GMainContext *context,
          Answer       *answer)
{
  while (answer->result == NULL)
    g_main_context_iteration (context, TRUE);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(PdgGenealogy) big = busy_genealogy ();
  g_autoptr(PdgGenealogy) small = trace (f, f->b1, PDG_DIRECTION_BACKWARD);
  g_autoptr(GCancellable) queued = g_cancellable_new ();
  g_autoptr(GCancellable) running = g_cancellable_new ();
  g_autoptr(GCancellable) before = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgScene) scene = NULL;
  PdgLayoutOptions all = { .max_children = 0 };
  Answer busy = { NULL }, skipped = { NULL }, dropped = { NULL };

  g_main_context_push_thread_default (context);

  /* A long job first; one queued behind it and cancelled answers at once,
   * long before the first is done, and is skipped. */
  pdg_layout_async (big, &all, NULL, on_layout, &busy);
  pdg_layout_async (small, NULL, queued, on_layout, &skipped);
  g_cancellable_cancel (queued);
  wait_for (context, &skipped);
  g_assert_null (pdg_layout_finish (skipped.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (busy.result);

  /* A job cancelled once Graphviz may be running it: answered at once, its
   * result thrown away later. */
  pdg_layout_async (big, &all, running, on_layout, &dropped);
  wait_for (context, &busy);
  g_cancellable_cancel (running);
  wait_for (context, &dropped);
  g_assert_null (pdg_layout_finish (dropped.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  scene = pdg_layout_finish (busy.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pdg_scene_get_n_nodes (scene), ==, pdg_genealogy_get_n_nodes (big));
  g_assert_cmpuint (pdg_scene_get_n_edges (scene), ==, pdg_genealogy_get_n_edges (big));
  g_assert_cmpuint (busy.order, <, dropped.order);
  g_assert_cmpuint (skipped.order, <, busy.order);

  /* Blocking, cancelled before it starts. */
  g_cancellable_cancel (before);
  g_assert_null (pdg_layout_run (small, NULL, before, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The thread goes on working. */
  g_clear_pointer (&scene, pdg_scene_unref);
  scene = layout (small, NULL);
  g_assert_cmpuint (pdg_scene_get_n_nodes (scene), ==, 5);

  g_main_context_pop_thread_default (context);
  g_clear_object (&busy.result);
  g_clear_object (&skipped.result);
  g_clear_object (&dropped.result);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(PdgGenealogy) g = trace (f, f->b1, PDG_DIRECTION_BACKWARD);
  g_autoptr(PdgScene) scene = NULL;
  g_autoptr(PdgScene) blocking = layout (g, NULL);
  g_autoptr(GError) error = NULL;
  Answer answer = { NULL };

  g_main_context_push_thread_default (context);
  pdg_layout_async (g, NULL, NULL, on_layout, &answer);
  g_assert_null (answer.result);
  wait_for (context, &answer);
  g_main_context_pop_thread_default (context);

  g_assert_true (answer.thread == g_thread_self ());
  g_assert_true (answer.context == context);
  scene = pdg_layout_finish (answer.result, &error);
  g_assert_no_error (error);
  assert_scenes_equal (scene, blocking);
  g_clear_object (&answer.result);
}

/* Checks SVG is well-formed XML with an <svg> root. */
static void
on_svg_element (GMarkupParseContext  *context,
                const char           *element,
                const char          **names,
                const char          **values,
                gpointer              data,
                GError              **error)
{
  guint *elements = data;

  if (*elements == 0)
    g_assert_cmpstr (element, ==, "svg");
  (*elements)++;
}

static void
assert_valid_svg (const char *text,
                  gsize       length)
{
  static const GMarkupParser parser = { on_svg_element };
  g_autoptr(GError) error = NULL;
  guint elements = 0;
  GMarkupParseContext *context = g_markup_parse_context_new (&parser, 0, &elements, NULL);

  g_assert_true (g_markup_parse_context_parse (context, text, length, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);
  g_assert_cmpuint (elements, >, 10);
}

static void
test_render (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PdgGenealogy) g = trace (f, f->b1, PDG_DIRECTION_BACKWARD);
  g_autoptr(GError) error = NULL;
  const char *formats[] = { "svg", "pdf", "png", "dot" };
  g_autofree char *bad = g_build_filename (f->dir, "no-such-dir", "x.svg", NULL);
  g_autofree char *xyz = g_build_filename (f->dir, "g.xyz", NULL);

  g_assert_true (pdg_store_set_unit_status (f->store, f->p1, PDG_UNIT_STATUS_SCRAPPED, &error));
  g_assert_no_error (error);
  g_clear_pointer (&g, pdg_genealogy_unref);
  g = trace (f, f->b1, PDG_DIRECTION_BACKWARD);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strconcat ("genealogy.", formats[i], NULL);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (pdg_layout_render_file (g, NULL, formats[i], path, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 100);
      switch (i)
        {
        case 0:
          g_assert_nonnull (strstr (contents, "<svg"));
          assert_valid_svg (contents, length);
          /* The card text, escaped for XML. */
          g_assert_nonnull (strstr (contents, "Frame &amp; fork &lt;alu&gt;"));
          break;
        case 1:
          g_assert_true (g_str_has_prefix (contents, "%PDF"));
          break;
        case 2:
          g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
          break;
        case 3:
          {
            guint n_nodes = 0, n_edges = 0;

            g_assert_true (g_str_has_prefix (contents, "digraph genealogy {"));
            g_assert_nonnull (strstr (contents, "pos="));
            g_assert_true (pdg_layout_check_dot (contents, &n_nodes, &n_edges, &error));
            g_assert_no_error (error);
            g_assert_cmpuint (n_nodes, ==, 5);
            g_assert_cmpuint (n_edges, ==, 5);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      g_unlink (path);
    }

  /* In memory, upper case accepted. */
  {
    g_autoptr(GBytes) bytes = pdg_layout_render (g, NULL, "SVG", NULL, &error);

    g_assert_no_error (error);
    assert_valid_svg (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  }

  g_assert_false (pdg_layout_render_file (g, NULL, "xyz", xyz, NULL, &error));
  g_assert_error (error, PDG_LAYOUT_ERROR, PDG_LAYOUT_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "xyz"));
  g_clear_error (&error);
  g_assert_false (g_file_test (xyz, G_FILE_TEST_EXISTS));

  g_assert_false (pdg_layout_render_file (g, NULL, "svg", bad, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "x.svg"));
  g_clear_error (&error);
}

static void
test_render_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(PdgGenealogy) g = trace (f, f->c, PDG_DIRECTION_FORWARD);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Answer answer = { NULL }, wrong = { NULL };

  g_main_context_push_thread_default (context);
  pdg_layout_render_async (g, NULL, "png", NULL, on_layout, &answer);
  pdg_layout_render_async (g, NULL, "gif", NULL, on_layout, &wrong);
  wait_for (context, &answer);
  wait_for (context, &wrong);
  g_main_context_pop_thread_default (context);

  bytes = pdg_layout_render_finish (answer.result, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_null (pdg_layout_render_finish (wrong.result, &error));
  g_assert_error (error, PDG_LAYOUT_ERROR, PDG_LAYOUT_ERROR_FORMAT);
  g_clear_object (&answer.result);
  g_clear_object (&wrong.result);
}

static void
test_dot (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(PdgGenealogy) g = trace (f, f->kit, PDG_DIRECTION_BACKWARD);
  g_autoptr(PdgGenealogy) bike = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = pdg_layout_to_dot (g, NULL);
  g_autofree char *bike_dot = NULL;
  guint n_nodes = 0, n_edges = 0;

  /* What Graphviz reads: the scene's nodes and edges, readable labels. */
  g_assert_true (pdg_layout_check_dot (dot, &n_nodes, &n_edges, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_nodes, ==, 14);
  g_assert_cmpuint (n_edges, ==, 13);
  g_assert_nonnull (strstr (dot, "rankdir=TB"));
  g_assert_nonnull (strstr (dot, "ordering=out"));
  g_assert_nonnull (strstr (dot, "fixedsize=true"));
  g_assert_nonnull (strstr (dot, "label=\"+18 more\""));
  g_assert_nonnull (strstr (dot, "label=\"Part\\nPART\\nP00\\n10 kg\""));
  g_assert_nonnull (strstr (dot, "xlabel=\"1 kg\""));

  /* Quotes and backslashes escaped, long text cut, scrapped struck through. */
  g_assert_true (pdg_store_set_unit_status (f->store, f->f1, PDG_UNIT_STATUS_SCRAPPED, &error));
  g_assert_no_error (error);
  bike = trace (f, f->b1, PDG_DIRECTION_BACKWARD);
  bike_dot = pdg_layout_to_dot (bike, NULL);
  g_assert_nonnull (strstr (bike_dot, "label=\"E-bike \\\"City\\\" 28\\\\in\\nBIKE\\nB1\\n1 pcs\""));
  g_assert_nonnull (strstr (bike_dot, "\"Li-ion cell 21700, 5.0 Ah, a …\\nCELL"));
  g_assert_nonnull (strstr (bike_dot, "label=<<S>Frame &amp; fork &lt;alu&gt;</S><BR/><S>FRAME</S>"));
  g_assert_true (pdg_layout_check_dot (bike_dot, &n_nodes, &n_edges, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_nodes, ==, 5);
  g_assert_cmpuint (n_edges, ==, 5);

  /* Broken text is an error, and the parser recovers. */
  g_assert_false (pdg_layout_check_dot ("digraph { a -> ", NULL, NULL, &error));
  g_assert_error (error, PDG_LAYOUT_ERROR, PDG_LAYOUT_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_true (pdg_layout_check_dot ("digraph { a -> b; b -> c }", &n_nodes, &n_edges, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_nodes, ==, 3);
  g_assert_cmpuint (n_edges, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/layout/backward-puts-the-unit-above-its-components", test_backward);
  ADD ("/layout/forward-puts-the-lot-above-its-consumers", test_forward);
  ADD ("/layout/same-genealogy-same-scene", test_deterministic);
  ADD ("/layout/folds-wide-nodes-into-a-group", test_max_children);
  ADD ("/layout/keeps-units-a-shown-path-reaches", test_fold_dag);
  ADD ("/layout/folds-deep-levels-into-groups", test_max_depth);
  ADD ("/layout/handles-empty-and-single-unit-genealogies", test_empty_and_single);
  ADD ("/layout/answers-cancelled-jobs-at-once", test_cancel);
  ADD ("/layout/delivers-in-the-callers-main-context", test_async);
  ADD ("/layout/renders-svg-pdf-png-and-dot-files", test_render);
  ADD ("/layout/renders-asynchronously", test_render_async);
  ADD ("/layout/dot-text-is-what-graphviz-reads", test_dot);
#undef ADD

  return g_test_run ();
}
