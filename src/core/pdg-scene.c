/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-scene.c: the laid-out genealogy value. */
#include "config.h"

#include "pdg-scene.h"

struct _PdgScene
{
  PdgGenealogy *genealogy;   /* owned reference */
  double        width;
  double        height;
  GArray       *nodes;       /* PdgSceneNode */
  GArray       *edges;       /* PdgSceneEdge; points owned */
  GArray       *by_unit;     /* guint per genealogy node: scene node or G_MAXUINT */
};

G_DEFINE_BOXED_TYPE (PdgScene, pdg_scene, pdg_scene_ref, pdg_scene_unref)

static void
edge_clear (gpointer data)
{
  PdgSceneEdge *edge = data;

  g_clear_pointer (&edge->points, g_free);
}

/**
 * pdg_scene_new:
 * @genealogy: what is laid out (a reference is kept)
 *
 * An empty scene of the given size.
 */
PdgScene *
pdg_scene_new (PdgGenealogy *genealogy,
               double        width,
               double        height)
{
  PdgScene *self = g_atomic_rc_box_new0 (PdgScene);
  guint n = genealogy != NULL ? pdg_genealogy_get_n_nodes (genealogy) : 0;

  self->genealogy = genealogy != NULL ? pdg_genealogy_ref (genealogy) : NULL;
  self->width = width;
  self->height = height;
  self->nodes = g_array_new (FALSE, FALSE, sizeof (PdgSceneNode));
  self->edges = g_array_new (FALSE, FALSE, sizeof (PdgSceneEdge));
  g_array_set_clear_func (self->edges, edge_clear);
  self->by_unit = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  for (guint i = 0; i < n; i++)
    {
      guint none = G_MAXUINT;

      g_array_append_val (self->by_unit, none);
    }
  return self;
}

guint
pdg_scene_add_node (PdgScene           *self,
                    const PdgSceneNode *node)
{
  guint index = self->nodes->len;

  g_array_append_val (self->nodes, *node);
  if (node->kind == PDG_SCENE_NODE_UNIT && node->node < self->by_unit->len)
    g_array_index (self->by_unit, guint, node->node) = index;
  return index;
}

guint
pdg_scene_add_edge (PdgScene     *self,
                    guint         from,
                    guint         to,
                    double        quantity,
                    const double *points,
                    guint         n_points,
                    double        label_x,
                    double        label_y,
                    double        tip_x,
                    double        tip_y)
{
  PdgSceneEdge edge = { from, to, quantity, n_points, NULL, label_x, label_y, tip_x, tip_y };

  g_return_val_if_fail (from < self->nodes->len && to < self->nodes->len, G_MAXUINT);

  edge.points = n_points > 0 ? g_memdup2 (points, sizeof (double) * 2 * n_points) : NULL;
  g_array_append_val (self->edges, edge);
  return self->edges->len - 1;
}

PdgScene *
pdg_scene_ref (PdgScene *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
pdg_scene_clear (PdgScene *self)
{
  g_clear_pointer (&self->genealogy, pdg_genealogy_unref);
  g_clear_pointer (&self->nodes, g_array_unref);
  g_clear_pointer (&self->edges, g_array_unref);
  g_clear_pointer (&self->by_unit, g_array_unref);
}

void
pdg_scene_unref (PdgScene *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) pdg_scene_clear);
}

PdgGenealogy *
pdg_scene_get_genealogy (const PdgScene *self)
{
  return self->genealogy;
}

double
pdg_scene_get_width (const PdgScene *self)
{
  return self->width;
}

double
pdg_scene_get_height (const PdgScene *self)
{
  return self->height;
}

guint
pdg_scene_get_n_nodes (const PdgScene *self)
{
  return self->nodes->len;
}

const PdgSceneNode *
pdg_scene_get_node (const PdgScene *self,
                    guint           index)
{
  g_return_val_if_fail (index < self->nodes->len, NULL);

  return &g_array_index (self->nodes, PdgSceneNode, index);
}

guint
pdg_scene_get_n_edges (const PdgScene *self)
{
  return self->edges->len;
}

const PdgSceneEdge *
pdg_scene_get_edge (const PdgScene *self,
                    guint           index)
{
  g_return_val_if_fail (index < self->edges->len, NULL);

  return &g_array_index (self->edges, PdgSceneEdge, index);
}

guint
pdg_scene_find_unit (const PdgScene *self,
                     guint           genealogy_node)
{
  if (genealogy_node >= self->by_unit->len)
    return G_MAXUINT;
  return g_array_index (self->by_unit, guint, genealogy_node);
}

guint
pdg_scene_hit (const PdgScene *self,
               double          x,
               double          y)
{
  /* Last drawn is topmost. */
  for (guint i = self->nodes->len; i-- > 0;)
    {
      const PdgSceneNode *n = &g_array_index (self->nodes, PdgSceneNode, i);

      if (x >= n->x - n->width / 2 && x <= n->x + n->width / 2 &&
          y >= n->y - n->height / 2 && y <= n->y + n->height / 2)
        return i;
    }
  return G_MAXUINT;
}
