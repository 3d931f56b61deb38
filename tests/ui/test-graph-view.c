/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-graph-view.c: the genealogy graph widget on a small hand-made scene
 * (an e-bike, its battery, frame and motor, their parts and a "+5 more"
 * group) and on a generated 2,000-node one.
 *
 * The widget is shown in a real window (under Xvfb in CI; the test skips
 * without a display). Pointer and key handling go through the entry points
 * of pdg-graph-view-private.h, which the gesture and key handlers call.
 * Pictures of the graph go to the build directory (graph-view-*.png) for
 * people to look at; frame times are printed, never asserted. */
#include "config.h"

#include <adwaita.h>

#include "pdg-graph-view.h"
#include "pdg-graph-view-private.h"

#define TIMEOUT_SECONDS 60
#define CARD_W          180.0
#define CARD_H          64.0
#define GROUP_W         120.0
#define GROUP_H         40.0

/* Genealogy nodes of the small scene. */
enum
{
  BIKE, BATTERY, FRAME, MOTOR, CELLS, BMS, TUBE, MAGNETS, WIRE,
  N_SHOWN,
  N_UNITS = N_SHOWN + 5,  /* five more components of the motor, folded */
};

typedef struct
{
  GtkWindow    *window;   /* owned by GTK while shown */
  PdgGraphView *view;     /* borrowed; the window's child */
  PdgScene     *scene;    /* owned */
  guint         group;    /* scene node of the "+5 more" group */
  int           last_selected;
  int           last_activated;
  int           last_group;
  guint         n_selected;
} Fixture;

/* Waiting ------------------------------------------------------------------ */

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_for (Condition   condition,
          gpointer    data,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, wake_up, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Gave up after %d s waiting for %s", TIMEOUT_SECONDS, what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

static gboolean
has_drawn (gpointer data)
{
  guint n = 0;

  pdg_graph_view_get_frame_stats (data, NULL, NULL, &n);
  return n > 0;
}

static gboolean
has_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(const gint64 *) data;
}

/* Lets the view lay out and draw at least one frame. */
static void
wait_for_draw (PdgGraphView *view)
{
  pdg_graph_view_reset_frame_stats (view);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  wait_for (has_drawn, view, "the graph to be drawn");
}

static void
set_color_scheme (AdwColorScheme scheme)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

/* Building scenes ---------------------------------------------------------- */

static void
set_unit (PdgGenealogy  *genealogy,
          guint          index,
          const char    *item_number,
          const char    *description,
          const char    *lot,
          PdgTracking    tracking,
          double         quantity,
          double         on_hand,
          const char    *uom,
          PdgUnitStatus  status)
{
  PdgUnit unit = {
    .id = 100 + index,
    .item_id = 1 + index,
    .item_number = (char *) item_number,
    .item_description = (char *) description,
    .uom = (char *) uom,
    .tracking = tracking,
    .lot = (char *) lot,
    .quantity = quantity,
    .on_hand = on_hand,
    .status = status,
    .origin = tracking == PDG_TRACKING_BATCH ? PDG_ORIGIN_PURCHASED : PDG_ORIGIN_PRODUCED,
  };

  pdg_genealogy_set_unit (genealogy, index, &unit);
}

/* A top-down edge between two boxes: a cubic from the parent's bottom to
 * just above the child, the arrow tip on the child's top. */
static void
add_edge (PdgScene *scene,
          guint     from,
          guint     to,
          double    quantity)
{
  const PdgSceneNode *a = pdg_scene_get_node (scene, from);
  const PdgSceneNode *b = pdg_scene_get_node (scene, to);
  double y0 = a->y + a->height / 2;
  double tip = b->y - b->height / 2;
  double y1 = tip - 9;
  double mid = (y0 + y1) / 2;
  double points[8] = { a->x, y0, a->x, mid, b->x, mid, b->x, y1 };

  pdg_scene_add_edge (scene, from, to, quantity, points, 4,
                      (a->x + b->x) / 2 + 4, mid, b->x, tip);
}

static guint
add_box (PdgScene         *scene,
         PdgSceneNodeKind  kind,
         guint             node,
         guint             depth,
         double            x,
         double            y)
{
  PdgSceneNode n = {
    .kind = kind,
    .node = node,
    .group_size = kind == PDG_SCENE_NODE_GROUP ? 5 : 0,
    .depth = depth,
    .x = x,
    .y = y,
    .width = kind == PDG_SCENE_NODE_GROUP ? GROUP_W : CARD_W,
    .height = kind == PDG_SCENE_NODE_GROUP ? GROUP_H : CARD_H,
  };

  return pdg_scene_add_node (scene, &n);
}

/* The e-bike: three levels, nine cards and a group. Scene nodes are added
 * in genealogy order, so scene node i is genealogy node i. */
static PdgScene *
small_scene (guint *group)
{
  g_autoptr(PdgGenealogy) g = pdg_genealogy_new (PDG_DIRECTION_BACKWARD);
  const guint depth[N_UNITS] = { 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
  const double level_y[3] = { 40, 164, 288 };
  const double x[N_SHOWN] = { 550, 200, 500, 900, 100, 300, 500, 700, 900 };
  PdgScene *scene;

  for (guint i = 0; i < N_UNITS; i++)
    pdg_genealogy_add_node (g, 100 + i, depth[i], i == 0 ? PDG_NODE_ROOT : PDG_NODE_COMPONENT);

  set_unit (g, BIKE, "EB-U500", "E-bike Urban 500", "EB-1123", PDG_TRACKING_SERIAL,
            1, 1, "pcs", PDG_UNIT_STATUS_SHIPPED);
  set_unit (g, BATTERY, "BAT-48V", "Battery pack 48 V 14 Ah", "BP-7781", PDG_TRACKING_SERIAL,
            1, 0, "pcs", PDG_UNIT_STATUS_CONSUMED);
  set_unit (g, FRAME, "FRM-AL54", "Aluminium frame 54 cm", "FR-2231", PDG_TRACKING_SERIAL,
            1, 0, "pcs", PDG_UNIT_STATUS_CONSUMED);
  set_unit (g, MOTOR, "MOT-250", "Hub motor 250 W", "MT-0042", PDG_TRACKING_SERIAL,
            1, 0, "pcs", PDG_UNIT_STATUS_CONSUMED);
  set_unit (g, CELLS, "CELL-21700", "Li-ion cell 21700 5 Ah, high-drain grade", "C-2291",
            PDG_TRACKING_BATCH, 5000, 1234.5, "pcs", PDG_UNIT_STATUS_RECALLED);
  set_unit (g, BMS, "BMS-13S", "Battery management board 13S", "BMS-5531", PDG_TRACKING_SERIAL,
            1, 0, "pcs", PDG_UNIT_STATUS_CONSUMED);
  set_unit (g, TUBE, "TUBE-6061", "Aluminium tube 6061-T6", "AL-77", PDG_TRACKING_BATCH,
            1200, 800, "kg", PDG_UNIT_STATUS_AVAILABLE);
  set_unit (g, MAGNETS, "MAG-N52", "Neodymium magnet N52", "MG-19", PDG_TRACKING_BATCH,
            20000, 15000, "pcs", PDG_UNIT_STATUS_BLOCKED);
  set_unit (g, WIRE, "WIRE-CU05", "Copper winding wire 0.5 mm", "CU-303", PDG_TRACKING_BATCH,
            500, 0, "kg", PDG_UNIT_STATUS_SCRAPPED);
  for (guint i = N_SHOWN; i < N_UNITS; i++)
    {
      g_autofree char *lot = g_strdup_printf ("SC-%u", i);

      set_unit (g, i, "SCREW-M5", "Screw M5 × 12", lot, PDG_TRACKING_BATCH,
                10000, 5000, "pcs", PDG_UNIT_STATUS_AVAILABLE);
    }

  pdg_genealogy_add_edge (g, BIKE, BATTERY, 1, 1);
  pdg_genealogy_add_edge (g, BIKE, FRAME, 1, 1);
  pdg_genealogy_add_edge (g, BIKE, MOTOR, 1, 1);
  pdg_genealogy_add_edge (g, BATTERY, CELLS, 52, 2);
  pdg_genealogy_add_edge (g, BATTERY, BMS, 1, 2);
  pdg_genealogy_add_edge (g, FRAME, TUBE, 2.4, 3);
  pdg_genealogy_add_edge (g, MOTOR, MAGNETS, 12, 4);
  pdg_genealogy_add_edge (g, MOTOR, WIRE, 0.35, 4);
  for (guint i = N_SHOWN; i < N_UNITS; i++)
    pdg_genealogy_add_edge (g, MOTOR, i, 4, 4);

  scene = pdg_scene_new (g, 1160, 328);
  for (guint i = 0; i < N_SHOWN; i++)
    add_box (scene, PDG_SCENE_NODE_UNIT, i, depth[i], x[i], level_y[depth[i]]);
  *group = add_box (scene, PDG_SCENE_NODE_GROUP, MOTOR, 2, 1080, level_y[2]);

  add_edge (scene, BIKE, BATTERY, 1);
  add_edge (scene, BIKE, FRAME, 1);
  add_edge (scene, BIKE, MOTOR, 1);
  add_edge (scene, BATTERY, CELLS, 52);
  add_edge (scene, BATTERY, BMS, 1);
  add_edge (scene, FRAME, TUBE, 2.4);
  add_edge (scene, MOTOR, MAGNETS, 12);
  add_edge (scene, MOTOR, WIRE, 0.35);
  add_edge (scene, MOTOR, *group, 0);

  return scene;
}

/* A 4-ary tree of @n units, each level in rows of 50 cards (as a wide
 * Graphviz level would be, folded to keep the scene near screen-shaped). */
static PdgScene *
big_scene (guint n)
{
  g_autoptr(PdgGenealogy) g = pdg_genealogy_new (PDG_DIRECTION_BACKWARD);
  g_autofree guint *depth = g_new0 (guint, n);
  g_autofree double *xs = g_new0 (double, n);
  g_autofree double *ys = g_new0 (double, n);
  const PdgUnitStatus statuses[] = {
    PDG_UNIT_STATUS_CONSUMED, PDG_UNIT_STATUS_CONSUMED, PDG_UNIT_STATUS_AVAILABLE,
    PDG_UNIT_STATUS_SHIPPED, PDG_UNIT_STATUS_BLOCKED, PDG_UNIT_STATUS_RECALLED,
  };
  guint row = 0, column = 0, level = 0;
  PdgScene *scene;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf ("ITEM-%04u", i % 97);
      g_autofree char *description = g_strdup_printf ("Component %u of assembly %u",
                                                      i, (i + 3) / 4);
      g_autofree char *lot = g_strdup_printf ("L%05u", i);

      depth[i] = i == 0 ? 0 : depth[(i - 1) / 4] + 1;
      pdg_genealogy_add_node (g, 100 + i, depth[i], i == 0 ? PDG_NODE_ROOT : PDG_NODE_COMPONENT);
      set_unit (g, i, number, description, lot,
                i % 3 == 0 ? PDG_TRACKING_BATCH : PDG_TRACKING_SERIAL,
                i % 3 == 0 ? 250 : 1, i % 3 == 0 ? 100 : 0, "pcs",
                statuses[i % G_N_ELEMENTS (statuses)]);
      if (i > 0)
        pdg_genealogy_add_edge (g, (i - 1) / 4, i, 1 + i % 5, 0);

      if (depth[i] != level || column == 50)
        {
          row++;
          column = 0;
          level = depth[i];
        }
      xs[i] = 100 + 200 * column++;
      ys[i] = 40 + 124 * row;
    }

  scene = pdg_scene_new (g, 200 * 50, 124 * (row + 1));
  for (guint i = 0; i < n; i++)
    add_box (scene, PDG_SCENE_NODE_UNIT, i, depth[i], xs[i], ys[i]);
  for (guint i = 1; i < n; i++)
    add_edge (scene, (i - 1) / 4, i, 1 + i % 5);
  return scene;
}

/* Fixture ------------------------------------------------------------------ */

static void
on_node_selected (PdgGraphView *view,
                  int           node,
                  Fixture      *fixture)
{
  fixture->last_selected = node;
  fixture->n_selected++;
}

static void
on_node_activated (PdgGraphView *view,
                   int           node,
                   Fixture      *fixture)
{
  fixture->last_activated = node;
}

static void
on_group_activated (PdgGraphView *view,
                    int           node,
                    Fixture      *fixture)
{
  fixture->last_group = node;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1200, 800);
  fixture->view = PDG_GRAPH_VIEW (pdg_graph_view_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  fixture->scene = small_scene (&fixture->group);
  fixture->last_selected = fixture->last_activated = fixture->last_group = -2;

  g_signal_connect (fixture->view, "node-selected", G_CALLBACK (on_node_selected), fixture);
  g_signal_connect (fixture->view, "node-activated", G_CALLBACK (on_node_activated), fixture);
  g_signal_connect (fixture->view, "group-activated", G_CALLBACK (on_group_activated), fixture);

  pdg_graph_view_set_scene (fixture->view, fixture->scene);
  gtk_window_present (fixture->window);
  wait_for_draw (fixture->view);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_pointer (&fixture->scene, pdg_scene_unref);
  set_color_scheme (ADW_COLOR_SCHEME_FORCE_LIGHT);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Pictures ----------------------------------------------------------------- */

static void
save_png (Fixture    *fixture,
          const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (pdg_graph_view_save_png (fixture->view, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_test_message ("Saved %s", path);
}

/* What the window shows, minimap included. (A widget paintable shows the
 * widget's last frame, none while a redraw is pending: the view asks for
 * one when it comes to rest, so draw a frame first.) */
static void
save_screenshot (Fixture    *fixture,
                 const char *name)
{
  GtkWidget *widget = GTK_WIDGET (fixture->view);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  GtkSnapshot *snapshot;

  /* At rest: the view redraws its tiles sharp 150 ms after the last move,
   * by its own timer. */
  {
    gint64 until = g_get_monotonic_time () + 400 * 1000;

    wait_for (has_passed, &until, "the view to come to rest");
  }
  wait_for_draw (fixture->view);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (fixture->window)),
                                         node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

typedef struct
{
  guchar *data;    /* owned */
  gsize   stride;
  int     width;
  int     height;
  double  scale;   /* pixels per scene point */
  double  margin;  /* scene points around the scene */
} Pixels;

static void
pixels_clear (Pixels *pixels)
{
  g_clear_pointer (&pixels->data, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pixels, pixels_clear)

static void
read_pixels (GdkTexture *texture,
             PdgScene   *scene,
             double      scale,
             Pixels     *pixels)
{
  pixels->width = gdk_texture_get_width (texture);
  pixels->height = gdk_texture_get_height (texture);
  pixels->stride = 4 * pixels->width;
  pixels->data = g_malloc (pixels->stride * pixels->height);
  pixels->scale = scale;
  pixels->margin = (pixels->width / scale - pdg_scene_get_width (scene)) / 2;
  gdk_texture_download (texture, pixels->data, pixels->stride);
}

/* The pixel at a scene point, as 0xAARRGGBB (premultiplied). */
static guint32
pixel_at (const Pixels *pixels,
          double        x,
          double        y)
{
  int px = (int) ((x + pixels->margin) * pixels->scale);
  int py = (int) ((y + pixels->margin) * pixels->scale);

  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (px, <, pixels->width);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (py, <, pixels->height);
  return *(const guint32 *) (pixels->data + py * pixels->stride + 4 * px);
}

static guint
channel_distance (guint32 a,
                  guint32 b)
{
  guint d = 0;

  for (guint shift = 0; shift < 24; shift += 8)
    d += ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff));
  return d;
}

static gboolean
is_dark (gpointer data)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* Tests -------------------------------------------------------------------- */

static void
assert_drawn (Fixture *fixture,
              double   scale)
{
  g_autoptr(GdkTexture) texture = pdg_graph_view_render_texture (fixture->view, scale);
  g_auto(Pixels) pixels = { 0, };
  guint32 background;

  g_assert_nonnull (texture);
  read_pixels (texture, fixture->scene, scale, &pixels);
  g_assert_cmpfloat (pixels.margin, >=, 0);

  /* The top-left corner is background; every card differs from it, and
   * its status bar differs clearly. */
  background = pixel_at (&pixels, -pixels.margin + 1, -pixels.margin + 1);
  for (guint i = 0; i < pdg_scene_get_n_nodes (fixture->scene); i++)
    {
      const PdgSceneNode *n = pdg_scene_get_node (fixture->scene, i);

      g_assert_cmpuint (channel_distance (pixel_at (&pixels, n->x, n->y), background), >, 0);
      if (n->kind == PDG_SCENE_NODE_UNIT)
        g_assert_cmpuint (channel_distance (pixel_at (&pixels, n->x - n->width / 2 + 2, n->y),
                                            background), >, 60);
    }
}

static void
test_renders_cards (Fixture       *fixture,
                    gconstpointer  data)
{
  assert_drawn (fixture, 1.0);
  assert_drawn (fixture, 2.0);
  save_png (fixture, "graph-view-light.png");

  set_color_scheme (ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for (is_dark, NULL, "the dark style");
  wait_for_draw (fixture->view);
  assert_drawn (fixture, 1.0);
  save_png (fixture, "graph-view-dark.png");

  /* On screen, zoomed in: the minimap shows. */
  pdg_graph_view_set_selected (fixture->view, BATTERY);
  pdg_graph_view_set_zoom (fixture->view, 1.6);
  pdg_graph_view_center_on (fixture->view, BATTERY);
  wait_for_draw (fixture->view);
  {
    graphene_rect_t map;

    g_assert_true (_pdg_graph_view_get_minimap_bounds (fixture->view, &map));
  }
  save_screenshot (fixture, "graph-view-screen-dark.png");

  /* Without a scene there is nothing to export. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "graph-view-empty.png", NULL);

    pdg_graph_view_set_scene (fixture->view, NULL);
    g_assert_null (pdg_graph_view_render_texture (fixture->view, 1.0));
    g_assert_false (pdg_graph_view_save_png (fixture->view, path, &error));
    g_assert_error (error, PDG_GRAPH_VIEW_ERROR, PDG_GRAPH_VIEW_ERROR_EMPTY);
  }
}

static void
test_select_emits (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_cmpint (pdg_graph_view_get_selected (fixture->view), ==, -1);

  pdg_graph_view_set_selected (fixture->view, FRAME);
  g_assert_cmpint (fixture->last_selected, ==, FRAME);
  g_assert_cmpint (pdg_graph_view_get_selected (fixture->view), ==, FRAME);
  g_assert_cmpuint (fixture->n_selected, ==, 1);

  /* The same again changes nothing. */
  g_object_set (fixture->view, "selected", FRAME, NULL);
  g_assert_cmpuint (fixture->n_selected, ==, 1);

  g_object_set (fixture->view, "selected", -1, NULL);
  g_assert_cmpint (fixture->last_selected, ==, -1);
  g_assert_cmpuint (fixture->n_selected, ==, 2);

  /* A folded unit has no card. */
  pdg_graph_view_set_selected (fixture->view, N_SHOWN + 1);
  g_assert_cmpint (pdg_graph_view_get_selected (fixture->view), ==, -1);
  g_assert_cmpuint (fixture->n_selected, ==, 2);
}

static void
widget_point (Fixture *fixture,
              guint    scene_node,
              double  *x,
              double  *y)
{
  const PdgSceneNode *n = pdg_scene_get_node (fixture->scene, scene_node);

  pdg_graph_view_scene_to_widget (fixture->view, n->x, n->y, x, y);
}

static void
test_click_and_activate (Fixture       *fixture,
                         gconstpointer  data)
{
  double x, y;

  widget_point (fixture, MOTOR, &x, &y);
  g_assert_cmpuint (pdg_graph_view_pick (fixture->view, x, y), ==, MOTOR);

  _pdg_graph_view_click (fixture->view, x, y, 1);
  g_assert_cmpint (fixture->last_selected, ==, MOTOR);
  g_assert_cmpint (fixture->last_activated, ==, -2);

  _pdg_graph_view_click (fixture->view, x, y, 2);
  g_assert_cmpint (fixture->last_activated, ==, MOTOR);

  fixture->last_activated = -2;
  g_assert_true (_pdg_graph_view_activate_selection (fixture->view));
  g_assert_cmpint (fixture->last_activated, ==, MOTOR);

  /* The group stands for the motor's other children. */
  widget_point (fixture, fixture->group, &x, &y);
  _pdg_graph_view_click (fixture->view, x, y, 1);
  g_assert_cmpint (fixture->last_group, ==, MOTOR);
  g_assert_cmpuint (_pdg_graph_view_get_selected_scene_node (fixture->view), ==, fixture->group);
  g_assert_cmpint (pdg_graph_view_get_selected (fixture->view), ==, -1);
  fixture->last_group = -2;
  g_assert_true (_pdg_graph_view_activate_selection (fixture->view));
  g_assert_cmpint (fixture->last_group, ==, MOTOR);

  /* Empty space clears the selection. */
  pdg_graph_view_set_selected (fixture->view, CELLS);
  pdg_graph_view_scene_to_widget (fixture->view, 10, 150, &x, &y);
  _pdg_graph_view_click (fixture->view, x, y, 1);
  g_assert_cmpint (fixture->last_selected, ==, -1);
  g_assert_false (_pdg_graph_view_activate_selection (fixture->view));
}

static void
test_arrow_keys (Fixture       *fixture,
                 gconstpointer  data)
{
  PdgGraphView *view = fixture->view;

  /* Nothing selected: any arrow selects the root. */
  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_DOWN));
  g_assert_cmpint (pdg_graph_view_get_selected (view), ==, BIKE);
  g_assert_false (_pdg_graph_view_move_selection (view, GTK_DIR_UP));

  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_DOWN));
  g_assert_cmpint (pdg_graph_view_get_selected (view), ==, BATTERY);
  g_assert_false (_pdg_graph_view_move_selection (view, GTK_DIR_LEFT));
  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_RIGHT));
  g_assert_cmpint (pdg_graph_view_get_selected (view), ==, FRAME);
  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_RIGHT));
  g_assert_cmpint (pdg_graph_view_get_selected (view), ==, MOTOR);
  g_assert_false (_pdg_graph_view_move_selection (view, GTK_DIR_RIGHT));

  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_DOWN));
  g_assert_cmpint (pdg_graph_view_get_selected (view), ==, MAGNETS);
  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_RIGHT));
  g_assert_cmpint (pdg_graph_view_get_selected (view), ==, WIRE);
  /* Right again reaches the group: a selection without a unit. */
  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_RIGHT));
  g_assert_cmpuint (_pdg_graph_view_get_selected_scene_node (view), ==, fixture->group);
  g_assert_cmpint (fixture->last_selected, ==, -1);
  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_UP));
  g_assert_cmpint (pdg_graph_view_get_selected (view), ==, MOTOR);

  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_LEFT));
  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_DOWN));
  g_assert_cmpint (pdg_graph_view_get_selected (view), ==, TUBE);
  g_assert_false (_pdg_graph_view_move_selection (view, GTK_DIR_DOWN));
  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_UP));
  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_UP));
  g_assert_cmpint (pdg_graph_view_get_selected (view), ==, BIKE);
  g_assert_cmpint (fixture->last_selected, ==, BIKE);

  /* Zoomed in, moving keeps the selection on screen. */
  pdg_graph_view_set_zoom (view, 3.0);
  pdg_graph_view_center_on (view, BIKE);
  g_assert_true (_pdg_graph_view_move_selection (view, GTK_DIR_DOWN));
  {
    graphene_rect_t area;
    const PdgSceneNode *n = pdg_scene_get_node (fixture->scene, BATTERY);

    pdg_graph_view_get_visible_area (view, &area);
    g_assert_true (graphene_rect_contains_point (&area, &GRAPHENE_POINT_INIT (n->x, n->y)));
  }
}

static void
assert_scene_visible (Fixture *fixture)
{
  graphene_rect_t area;
  graphene_rect_t scene = GRAPHENE_RECT_INIT (0, 0, pdg_scene_get_width (fixture->scene),
                                              pdg_scene_get_height (fixture->scene));

  pdg_graph_view_get_visible_area (fixture->view, &area);
  g_assert_true (graphene_rect_contains_rect (&area, &scene));
}

static void
test_zoom_and_pan (Fixture       *fixture,
                   gconstpointer  data)
{
  PdgGraphView *view = fixture->view;
  graphene_rect_t before, after;
  double x, y, x2, y2;

  /* Shown for the first time, the scene is fitted. */
  assert_scene_visible (fixture);
  g_assert_cmpfloat (pdg_graph_view_get_zoom (view), <=, 1.0);

  pdg_graph_view_set_zoom (view, 3.0);
  g_assert_cmpfloat (pdg_graph_view_get_zoom (view), ==, 3.0);
  pdg_graph_view_get_visible_area (view, &before);
  g_assert_cmpfloat (before.size.width, <, pdg_scene_get_width (fixture->scene));

  pdg_graph_view_zoom_to_fit (view);
  assert_scene_visible (fixture);

  /* Ctrl+scroll zooms around the pointer: the card under it stays there
   * (across; the scene is less tall than the view, so it stays centred
   * up and down). */
  pdg_graph_view_set_zoom (view, 1.5);
  widget_point (fixture, CELLS, &x, &y);
  g_assert_true (_pdg_graph_view_scroll (view, x, y, 0, -2, GDK_CONTROL_MASK,
                                         GDK_SCROLL_UNIT_WHEEL));
  g_assert_cmpfloat (pdg_graph_view_get_zoom (view), >, 1.5);
  widget_point (fixture, CELLS, &x2, &y2);
  g_assert_cmpfloat_with_epsilon (x2, x, 0.01);
  g_assert_cmpfloat_with_epsilon (y2, gtk_widget_get_height (GTK_WIDGET (view)) / 2.0
                                      + (pdg_scene_get_node (fixture->scene, CELLS)->y
                                         - pdg_scene_get_height (fixture->scene) / 2)
                                        * pdg_graph_view_get_zoom (view), 0.01);

  /* Plain scrolling and dragging pan. */
  pdg_graph_view_get_visible_area (view, &before);
  g_assert_true (_pdg_graph_view_scroll (view, x, y, -1, 0, 0, GDK_SCROLL_UNIT_WHEEL));
  pdg_graph_view_get_visible_area (view, &after);
  g_assert_cmpfloat (after.origin.x, <, before.origin.x);
  g_assert_cmpfloat (after.size.width, ==, before.size.width);
  /* Shift turns the wheel sideways. */
  before = after;
  g_assert_true (_pdg_graph_view_scroll (view, x, y, 0, 1, GDK_SHIFT_MASK, GDK_SCROLL_UNIT_WHEEL));
  pdg_graph_view_get_visible_area (view, &after);
  g_assert_cmpfloat (after.origin.x, >, before.origin.x);
  g_assert_cmpfloat (after.origin.y, ==, before.origin.y);

  pdg_graph_view_get_visible_area (view, &before);
  _pdg_graph_view_drag_begin (view, 400, 300);
  _pdg_graph_view_drag_update (view, 30, 0);
  _pdg_graph_view_drag_end (view);
  pdg_graph_view_get_visible_area (view, &after);
  g_assert_cmpfloat_with_epsilon (after.origin.x,
                                  before.origin.x - 30 / pdg_graph_view_get_zoom (view), 0.01);

  /* Keys go through the widget's actions. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "graph.zoom-reset", NULL));
  g_assert_cmpfloat (pdg_graph_view_get_zoom (view), ==, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "graph.zoom-in", NULL));
  g_assert_cmpfloat (pdg_graph_view_get_zoom (view), >, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "graph.zoom-fit", NULL));
  assert_scene_visible (fixture);

  /* Zoomed in, the minimap shows; a drag on it moves the view there. */
  pdg_graph_view_set_zoom (view, 2.0);
  {
    graphene_rect_t map;

    g_assert_true (_pdg_graph_view_get_minimap_bounds (view, &map));
    _pdg_graph_view_drag_begin (view, map.origin.x + map.size.width - 8,
                                map.origin.y + map.size.height / 2);
    _pdg_graph_view_drag_end (view);
    pdg_graph_view_get_visible_area (view, &after);
    g_assert_cmpfloat (after.origin.x + after.size.width, >,
                       pdg_scene_get_width (fixture->scene) - 100);
  }
}

static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  PdgGraphView *view = fixture->view;

  g_assert_cmpuint (pdg_graph_view_find (view, "c-2291"), ==, 1);
  g_assert_cmpint (pdg_graph_view_get_selected (view), ==, CELLS);

  /* Two aluminium parts, in reading order; find_next wraps. */
  g_assert_cmpuint (pdg_graph_view_find (view, "ALUMIN"), ==, 2);
  g_assert_cmpint (pdg_graph_view_get_selected (view), ==, FRAME);
  g_assert_cmpint (pdg_graph_view_find_next (view), ==, TUBE);
  g_assert_cmpint (pdg_graph_view_find_next (view), ==, FRAME);
  g_assert_cmpint (pdg_graph_view_find_previous (view), ==, TUBE);

  /* Item numbers count too; folded units are not drawn, so not found. */
  g_assert_cmpuint (pdg_graph_view_find (view, "mot-"), ==, 1);
  g_assert_cmpuint (pdg_graph_view_find (view, "screw"), ==, 0);
  g_assert_cmpuint (pdg_graph_view_find (view, "pcs"), ==, 0);
  g_assert_cmpint (pdg_graph_view_find_next (view), ==, -1);

  /* "b": E-bike, BAT-48V, Hub motor, BMS-13S, TUBE-6061. */
  g_assert_cmpuint (pdg_graph_view_find (view, "b"), ==, 5);
  save_png (fixture, "graph-view-find.png");
  g_assert_cmpuint (pdg_graph_view_find (view, ""), ==, 0);
  g_assert_cmpuint (pdg_graph_view_get_n_matches (view), ==, 0);
}

static void
emphasize (GHashTable       *table,
           guint             genealogy_node,
           PdgGraphEmphasis  emphasis)
{
  g_hash_table_insert (table, GUINT_TO_POINTER (genealogy_node + 1), GINT_TO_POINTER (emphasis));
}

static PdgGraphEmphasis
emphasis_of (Fixture *fixture,
             int      genealogy_node)
{
  return pdg_graph_view_get_emphasis (fixture->view, genealogy_node);
}

static void
test_emphasis (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GHashTable) emphasis = g_hash_table_new (NULL, NULL);

  /* A recall of the cell batch, seen from the bike. */
  g_hash_table_insert (emphasis, NULL, GINT_TO_POINTER (PDG_GRAPH_EMPHASIS_DIMMED));
  emphasize (emphasis, CELLS, PDG_GRAPH_EMPHASIS_SUSPECT);
  emphasize (emphasis, BATTERY, PDG_GRAPH_EMPHASIS_IMPACTED);
  emphasize (emphasis, BIKE, PDG_GRAPH_EMPHASIS_IMPACTED);
  pdg_graph_view_set_emphasis (fixture->view, emphasis);

  g_assert_cmpint (emphasis_of (fixture, CELLS), ==, PDG_GRAPH_EMPHASIS_SUSPECT);
  g_assert_cmpint (emphasis_of (fixture, BIKE), ==, PDG_GRAPH_EMPHASIS_IMPACTED);
  g_assert_cmpint (emphasis_of (fixture, MAGNETS), ==, PDG_GRAPH_EMPHASIS_DIMMED);
  save_png (fixture, "graph-view-recall.png");

  set_color_scheme (ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for (is_dark, NULL, "the dark style");
  wait_for_draw (fixture->view);
  save_png (fixture, "graph-view-recall-dark.png");

  /* A new layout of the same genealogy keeps emphasis and selection;
   * another genealogy starts afresh. */
  pdg_graph_view_set_selected (fixture->view, FRAME);
  {
    guint group;
    g_autoptr(PdgScene) other = small_scene (&group);
    PdgScene *same = pdg_scene_new (pdg_scene_get_genealogy (fixture->scene), 1160, 328);

    for (guint i = 0; i < pdg_scene_get_n_nodes (fixture->scene); i++)
      pdg_scene_add_node (same, pdg_scene_get_node (fixture->scene, i));
    pdg_graph_view_set_scene (fixture->view, same);
    g_assert_cmpint (pdg_graph_view_get_selected (fixture->view), ==, FRAME);
    g_assert_cmpint (emphasis_of (fixture, CELLS), ==, PDG_GRAPH_EMPHASIS_SUSPECT);
    pdg_scene_unref (same);

    pdg_graph_view_set_scene (fixture->view, other);
    g_assert_cmpint (pdg_graph_view_get_selected (fixture->view), ==, -1);
    g_assert_cmpint (fixture->last_selected, ==, -1);
    g_assert_cmpint (emphasis_of (fixture, CELLS), ==, PDG_GRAPH_EMPHASIS_NONE);
  }

  pdg_graph_view_set_emphasis (fixture->view, NULL);
  g_assert_cmpint (emphasis_of (fixture, CELLS), ==, PDG_GRAPH_EMPHASIS_NONE);
}

/* A view that was never shown still exports, with a renderer of its own. */
static void
test_export_off_screen (void)
{
  guint group;
  g_autoptr(PdgScene) scene = small_scene (&group);
  GtkWidget *view = g_object_ref_sink (pdg_graph_view_new ());
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "graph-view-off-screen.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  pdg_graph_view_set_scene (PDG_GRAPH_VIEW (view), scene);
  g_assert_false (gtk_widget_get_realized (view));
  texture = pdg_graph_view_render_texture (PDG_GRAPH_VIEW (view), 1.0);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), >, pdg_scene_get_width (scene));
  g_assert_true (pdg_graph_view_save_png (PDG_GRAPH_VIEW (view), path, &error));
  g_assert_no_error (error);
  g_test_message ("Saved %s", path);
  g_object_unref (view);
}

/* Tiles -------------------------------------------------------------------- */

static GdkTexture *
render_node (Fixture       *fixture,
             GskRenderNode *node)
{
  GtkWidget *widget = GTK_WIDGET (fixture->view);

  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (fixture->window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                           gtk_widget_get_height (widget)));
}

/* The widget's pixels, as 0xAARRGGBB, g_free() them. */
static guint32 *
download (GdkTexture *texture)
{
  gsize n = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture);
  guint32 *data = g_new (guint32, n);

  gdk_texture_download (texture, (guchar *) data, 4 * gdk_texture_get_width (texture));
  return data;
}

/* How far apart two renderings of the view are: the mean of |R| + |G| +
 * |B| differences over all pixels, and the pixels that differ. */
static double
node_distance (Fixture       *fixture,
               GskRenderNode *one,
               GskRenderNode *other,
               guint         *differing)
{
  g_autoptr(GdkTexture) a = render_node (fixture, one);
  g_autoptr(GdkTexture) b = render_node (fixture, other);
  g_autofree guint32 *pa = download (a);
  g_autofree guint32 *pb = download (b);
  gsize n = (gsize) gdk_texture_get_width (a) * gdk_texture_get_height (a);
  guint64 total = 0;

  g_assert_cmpint (gdk_texture_get_width (a), ==, gdk_texture_get_width (b));
  g_assert_cmpint (gdk_texture_get_height (a), ==, gdk_texture_get_height (b));
  *differing = 0;
  for (gsize i = 0; i < n; i++)
    if (pa[i] != pb[i])
      {
        (*differing)++;
        total += channel_distance (pa[i], pb[i]);
      }
  return (double) total / n;
}

/* At rest, the view from its tiles is the scene drawn directly: the same
 * pixels but for rounding. GSK keeps transforms and rectangles in single
 * precision and a tile's offset is not the screen's, so now and then an
 * antialiased pixel lands on the other side of one of pixman's sample
 * rows, a few levels apart. A picture moved by as little as a quarter of
 * a pixel (or blurred) differs along every edge and line of text: the
 * tiles must be much nearer the direct drawing than that. */
static void
assert_tiles_are_direct (Fixture    *fixture,
                         const char *what)
{
  PdgGraphView *view = fixture->view;
  g_autoptr(GskRenderNode) tiled = NULL;
  g_autoptr(GskRenderNode) direct = _pdg_graph_view_snapshot_scene (view, FALSE);
  g_autoptr(GskRenderNode) moved = NULL;
  guint differing, moved_differing;
  double distance, moved_distance;

  _pdg_graph_view_settle (view);
  tiled = _pdg_graph_view_snapshot_scene (view, TRUE);
  _pdg_graph_view_drag_begin (view, 300, 300);
  _pdg_graph_view_drag_update (view, 0.25, 0.25);
  moved = _pdg_graph_view_snapshot_scene (view, FALSE);
  _pdg_graph_view_drag_update (view, 0, 0);
  _pdg_graph_view_drag_end (view);

  distance = node_distance (fixture, tiled, direct, &differing);
  moved_distance = node_distance (fixture, moved, direct, &moved_differing);
  g_test_message ("%s, zoom %.3f: tiles %.4f from the direct drawing (%u pixels differ); "
                  "a quarter pixel away %.4f (%u pixels)", what, pdg_graph_view_get_zoom (view),
                  distance, differing, moved_distance, moved_differing);
  g_assert_cmpfloat (distance, <, moved_distance / 20);
}

static void
test_tiles_at_rest (Fixture       *fixture,
                    gconstpointer  data)
{
  PdgGraphView *view = fixture->view;
  g_autoptr(PdgScene) big = big_scene (2000);

  /* The e-bike at an odd zoom, its origin between pixels, a selection and
   * find matches: text, labels, a dashed group. */
  pdg_graph_view_zoom_at (view, 1.37, 333.3, 211.7);
  pdg_graph_view_set_selected (view, BATTERY);
  g_assert_cmpuint (pdg_graph_view_find (view, "alumin"), ==, 2);
  wait_for_draw (view);
  assert_tiles_are_direct (fixture, "e-bike");
  /* Another selection redraws the tiles its edges cross (and those of
   * the one before). */
  pdg_graph_view_set_selected (view, MOTOR);
  wait_for_draw (view);
  assert_tiles_are_direct (fixture, "e-bike, another selection");

  /* 2,000 cards: many tiles, fitted (greeked), middle and readable. */
  pdg_graph_view_set_scene (view, big);
  wait_for_draw (view);
  assert_tiles_are_direct (fixture, "2,000 cards fitted");
  pdg_graph_view_zoom_at (view, 0.3131, 517.9, 100.3);
  wait_for_draw (view);
  assert_tiles_are_direct (fixture, "2,000 cards");
  pdg_graph_view_center_on (view, 1234);
  pdg_graph_view_zoom_at (view, 0.913, 17.5, 611.1);
  _pdg_graph_view_drag_begin (view, 300, 300);
  _pdg_graph_view_drag_update (view, -123.25, 77.5);
  _pdg_graph_view_drag_end (view);
  wait_for_draw (view);
  assert_tiles_are_direct (fixture, "2,000 cards, dragged");
  _pdg_graph_view_move_selection (view, GTK_DIR_DOWN);
  _pdg_graph_view_move_selection (view, GTK_DIR_RIGHT);
  wait_for_draw (view);
  assert_tiles_are_direct (fixture, "2,000 cards, selected with the keys");
}

/* The view as the window showed it in its last frame (the caller has just
 * waited for one), widget pixels as 0xAARRGGBB. */
static guint32 *
screen_pixels (Fixture *fixture,
               int     *width)
{
  GtkWidget *widget = GTK_WIDGET (fixture->view);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  texture = render_node (fixture, node);
  *width = gdk_texture_get_width (texture);
  return download (texture);
}

static guint32
pixel_in (const guint32 *pixels,
          int            width,
          double         x,
          double         y)
{
  return pixels[(gsize) y * width + (gsize) x];
}

/* The background: the colour of most pixels. */
static guint32
most_common (const guint32 *pixels,
             gsize          n)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint32 best = 0;
  guint best_count = 0;

  for (gsize i = 0; i < n; i++)
    {
      gpointer key = GUINT_TO_POINTER (pixels[i]);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;

      g_hash_table_insert (counts, key, GUINT_TO_POINTER (count));
      if (count > best_count)
        {
          best = pixels[i];
          best_count = count;
        }
    }
  return best;
}

/* Every card wholly in view (and clear of the minimap) shows its status
 * bar where the card is: the middle of the bar differs from the background
 * (moving, tiles may be scaled, or stand in from a smaller level, blurred:
 * not as much as at rest, but a card two pixels off would show its white
 * fill or the background there). With @gaps, the space right of the card
 * (between two neighbours: no edge crosses there in the e-bike) shows the
 * background. Returns the cards checked. */
static guint
assert_cards_in_place (Fixture  *fixture,
                       PdgScene *scene,
                       gboolean  gaps)
{
  PdgGraphView *view = fixture->view;
  int width, height = gtk_widget_get_height (GTK_WIDGET (view));
  g_autofree guint32 *pixels = screen_pixels (fixture, &width);
  guint32 background = most_common (pixels, (gsize) width * height);
  graphene_rect_t area, map = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  guint checked = 0;

  pdg_graph_view_get_visible_area (view, &area);
  _pdg_graph_view_get_minimap_bounds (view, &map);
  graphene_rect_inset (&map, -4, -4);
  for (guint i = 0; i < pdg_scene_get_n_nodes (scene); i++)
    {
      const PdgSceneNode *n = pdg_scene_get_node (scene, i);
      graphene_rect_t r = GRAPHENE_RECT_INIT (n->x - n->width / 2 - 20, n->y - n->height / 2,
                                              n->width + 40, n->height);
      double bar_x, bar_y, gap_x, gap_y;

      if (n->kind != PDG_SCENE_NODE_UNIT || !graphene_rect_contains_rect (&area, &r))
        continue;
      pdg_graph_view_scene_to_widget (view, n->x - n->width / 2 + 2.5, n->y, &bar_x, &bar_y);
      pdg_graph_view_scene_to_widget (view, n->x + n->width / 2 + 10, n->y, &gap_x, &gap_y);
      if (graphene_rect_contains_point (&map, &GRAPHENE_POINT_INIT (bar_x, bar_y)) ||
          graphene_rect_contains_point (&map, &GRAPHENE_POINT_INIT (gap_x, gap_y)) ||
          gap_x >= width - 1 || bar_y >= height - 1)
        continue;
      g_assert_cmpuint (channel_distance (pixel_in (pixels, width, bar_x, bar_y), background),
                        >, 30);
      if (gaps)
        g_assert_cmpuint (channel_distance (pixel_in (pixels, width, gap_x, gap_y), background),
                          <, 8);
      checked++;
    }
  return checked;
}

/* A drag, a frame at a time, then wheel steps in and out around a point,
 * each checked by assert_cards_in_place(). */
static guint
move_and_check (Fixture  *fixture,
                PdgScene *scene,
                gboolean  gaps)
{
  PdgGraphView *view = fixture->view;
  guint checked = 0;

  _pdg_graph_view_drag_begin (view, 400, 300);
  for (guint step = 1; step <= 10; step++)
    {
      _pdg_graph_view_drag_update (view, -17.0 * step, -5.0 * step);
      wait_for_draw (view);
      checked += assert_cards_in_place (fixture, scene, gaps);
    }
  _pdg_graph_view_drag_end (view);

  for (guint step = 0; step < 8; step++)
    {
      double zoom = pdg_graph_view_get_zoom (view);

      pdg_graph_view_zoom_at (view, step < 4 ? zoom * 1.15 : zoom / 1.15, 250.5, 180.25);
      wait_for_draw (view);
      checked += assert_cards_in_place (fixture, scene, gaps);
    }
  return checked;
}

/* While the view moves, the tiles it shows (moved, or scaled) put every
 * card where it is; at rest they are the direct drawing again. */
static void
test_moving_tiles_in_place (Fixture       *fixture,
                            gconstpointer  data)
{
  PdgGraphView *view = fixture->view;
  g_autoptr(PdgScene) big = big_scene (2000);
  guint checked;

  pdg_graph_view_set_zoom (view, 1.1);
  wait_for_draw (view);
  checked = move_and_check (fixture, fixture->scene, TRUE);
  g_test_message ("e-bike: %u cards checked in place while moving", checked);
  g_assert_cmpuint (checked, >, 20);
  assert_tiles_are_direct (fixture, "e-bike at rest after moving");

  pdg_graph_view_set_scene (view, big);
  pdg_graph_view_set_zoom (view, 0.5);
  pdg_graph_view_center_on (view, 700);
  wait_for_draw (view);
  checked = move_and_check (fixture, big, FALSE);
  g_test_message ("2,000 cards: %u cards checked in place while moving", checked);
  g_assert_cmpuint (checked, >, 100);
  assert_tiles_are_direct (fixture, "2,000 cards at rest after moving");
}

/* Frame times on 2,000 nodes ------------------------------------------------ */

typedef enum { PAN, ZOOM_IN } Motion;

typedef struct
{
  PdgGraphView *view;
  Motion        motion;
  guint         frame;
  guint         n_frames;
  gboolean      done;
} Animation;

static gboolean
animate (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  Animation *animation = data;
  PdgGraphView *view = animation->view;

  if (animation->frame++ == animation->n_frames)
    {
      animation->done = TRUE;
      return G_SOURCE_REMOVE;
    }

  if (animation->motion == PAN)
    {
      _pdg_graph_view_drag_begin (view, 600, 400);
      _pdg_graph_view_drag_update (view, -37, -23);
      _pdg_graph_view_drag_end (view);
    }
  else
    {
      pdg_graph_view_zoom_at (view, pdg_graph_view_get_zoom (view) * 1.12, 600, 400);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
animation_done (gpointer data)
{
  return ((Animation *) data)->done;
}

static void
measure (PdgGraphView *view,
         Motion        motion,
         const char   *what)
{
  Animation animation = { view, motion, 0, 16, FALSE };
  PdgGraphFrameTimings timings;
  double mean, max;
  guint n;

  wait_for_draw (view);
  pdg_graph_view_reset_frame_stats (view);
  gtk_widget_add_tick_callback (GTK_WIDGET (view), animate, &animation, NULL);
  wait_for (animation_done, &animation, "16 frames");
  for (guint i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);

  pdg_graph_view_get_frame_stats (view, &mean, &max, &n);
  pdg_graph_view_get_frame_timings (view, &timings);
  g_test_message ("2,000 nodes, %s: snapshot() mean %.2f ms, max %.2f ms over %u frames "
                  "(%u nodes and %u edges in the last); frame to frame mean %.1f ms, "
                  "max %.1f ms over %u intervals (refresh %.1f ms)",
                  what, mean, max, n, timings.last_nodes, timings.last_edges,
                  timings.interval_mean_ms, timings.interval_max_ms, timings.n_intervals,
                  timings.refresh_interval_ms);
  g_assert_cmpuint (n, >=, 1);
}

static void
test_big_scene_frame_times (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PdgScene) scene = big_scene (2000);
  PdgGraphView *view = fixture->view;
  g_autofree char *path = NULL;

  g_assert_cmpuint (pdg_scene_get_n_nodes (scene), ==, 2000);
  pdg_graph_view_set_scene (view, scene);
  wait_for_draw (view);
  g_test_message ("2,000 nodes: scene %.0f × %.0f points, fitted at %.0f %%",
                  pdg_scene_get_width (scene), pdg_scene_get_height (scene),
                  100 * pdg_graph_view_get_zoom (view));

  measure (view, ZOOM_IN, "zooming in from the fitted view");

  pdg_graph_view_zoom_to_fit (view);
  measure (view, PAN, "panning the fitted view (everything drawn, text greeked)");

  pdg_graph_view_set_zoom (view, 0.5);
  pdg_graph_view_center_on (view, 1000);
  measure (view, PAN, "panning at 50 %");

  pdg_graph_view_set_zoom (view, 1.0);
  pdg_graph_view_center_on (view, 1000);
  measure (view, PAN, "panning at 100 %");
  g_test_message ("%u text layouts cached", _pdg_graph_view_get_n_cached_layouts (view));
  save_screenshot (fixture, "graph-view-2000-screen.png");

  /* Finding in 2,000 cards. */
  g_assert_cmpuint (pdg_graph_view_find (view, "L01999"), ==, 1);
  g_assert_cmpint (pdg_graph_view_get_selected (view), ==, 1999);

  /* An export at twice the resolution would be 20,000 pixels wide: it is
   * drawn smaller, within the limits. */
  {
    g_autoptr(GdkTexture) full = pdg_graph_view_render_texture (view, 2.0);
    g_autoptr(GdkTexture) overview = pdg_graph_view_render_texture (view, 0.25);

    g_assert_nonnull (full);
    g_assert_cmpint (gdk_texture_get_width (full), <=, 16384);
    g_assert_cmpint (gdk_texture_get_height (full), <=, 16384);
    g_assert_cmpfloat ((double) gdk_texture_get_width (full) * gdk_texture_get_height (full),
                       <=, 64.0 * 1024 * 1024);
    g_test_message ("2,000 nodes exported at %d × %d pixels", gdk_texture_get_width (full),
                    gdk_texture_get_height (full));

    path = g_test_build_filename (G_TEST_BUILT, "graph-view-2000.png", NULL);
    g_assert_true (gdk_texture_save_to_png (overview, path));
    g_test_message ("Saved %s", path);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: skipping the graph view tests (run them under xvfb-run).\n");
      return 77;
    }
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* The application's styles, as AdwApplication would load them. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/pedigree/Pedigree/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/graph-view/renders-cards-in-light-and-dark", Fixture, NULL,
              fixture_setup, test_renders_cards, fixture_teardown);
  g_test_add ("/graph-view/selecting-emits-node-selected", Fixture, NULL,
              fixture_setup, test_select_emits, fixture_teardown);
  g_test_add ("/graph-view/clicks-select-activate-and-expand-groups", Fixture, NULL,
              fixture_setup, test_click_and_activate, fixture_teardown);
  g_test_add ("/graph-view/arrow-keys-follow-the-edges", Fixture, NULL,
              fixture_setup, test_arrow_keys, fixture_teardown);
  g_test_add ("/graph-view/zoom-and-pan-keep-the-scene-in-view", Fixture, NULL,
              fixture_setup, test_zoom_and_pan, fixture_teardown);
  g_test_add ("/graph-view/find-counts-and-walks-the-matches", Fixture, NULL,
              fixture_setup, test_find, fixture_teardown);
  g_test_add ("/graph-view/emphasis-marks-a-recall", Fixture, NULL,
              fixture_setup, test_emphasis, fixture_teardown);
  g_test_add_func ("/graph-view/exports-off-screen", test_export_off_screen);
  g_test_add ("/graph-view/tiles-at-rest-are-the-direct-drawing", Fixture, NULL,
              fixture_setup, test_tiles_at_rest, fixture_teardown);
  g_test_add ("/graph-view/moving-tiles-keep-the-cards-in-place", Fixture, NULL,
              fixture_setup, test_moving_tiles_in_place, fixture_teardown);
  g_test_add ("/graph-view/2000-nodes-frame-times", Fixture, NULL,
              fixture_setup, test_big_scene_frame_times, fixture_teardown);

  return g_test_run ();
}
