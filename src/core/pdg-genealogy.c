/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-genealogy.c: the traced graph, a plain value handed between threads.
 *
 * Nodes are added with just a unit id (the trace walks ids first); the unit
 * values are filled in afterwards, in one pass, by the trace engine. The
 * index maps a unit id to its node so a DAG keeps one node per unit.
 * Reference counted so the UI and a layout thread can share one. */
#include "config.h"

#include "pdg-genealogy.h"

G_DEFINE_BOXED_TYPE (PdgGenealogy, pdg_genealogy, pdg_genealogy_ref, pdg_genealogy_unref)

static void
node_free (PdgGenealogyNode *node)
{
  g_clear_pointer (&node->unit, pdg_unit_free);
  g_clear_pointer (&node->events, g_ptr_array_unref);
  g_free (node);
}

PdgGenealogy *
pdg_genealogy_new (PdgDirection direction)
{
  PdgGenealogy *self = g_rc_box_new0 (PdgGenealogy);

  self->direction = direction;
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  self->edges = g_array_new (FALSE, FALSE, sizeof (PdgGenealogyEdge));
  self->index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  return self;
}

PdgGenealogy *
pdg_genealogy_ref (PdgGenealogy *self)
{
  return g_rc_box_acquire (self);
}

static void
pdg_genealogy_clear (PdgGenealogy *self)
{
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->edges, g_array_unref);
  g_clear_pointer (&self->index, g_hash_table_unref);
}

void
pdg_genealogy_unref (PdgGenealogy *self)
{
  g_rc_box_release_full (self, (GDestroyNotify) pdg_genealogy_clear);
}

guint
pdg_genealogy_get_n_nodes (const PdgGenealogy *self)
{
  return self->nodes->len;
}

guint
pdg_genealogy_get_n_edges (const PdgGenealogy *self)
{
  return self->edges->len;
}

PdgGenealogyNode *
pdg_genealogy_get_node (const PdgGenealogy *self,
                        guint               index)
{
  g_return_val_if_fail (index < self->nodes->len, NULL);

  return g_ptr_array_index (self->nodes, index);
}

const PdgGenealogyEdge *
pdg_genealogy_get_edge (const PdgGenealogy *self,
                        guint               index)
{
  g_return_val_if_fail (index < self->edges->len, NULL);

  return &g_array_index (self->edges, PdgGenealogyEdge, index);
}

gboolean
pdg_genealogy_lookup (const PdgGenealogy *self,
                      gint64              unit_id,
                      guint              *index)
{
  gpointer value = g_hash_table_lookup (self->index, &unit_id);

  if (value == NULL)
    return FALSE;
  if (index != NULL)
    *index = GPOINTER_TO_UINT (value) - 1;
  return TRUE;
}

/* Adds a node for unit_id, or returns the existing one's index. */
guint
pdg_genealogy_add_node (PdgGenealogy *self,
                        gint64        unit_id,
                        guint         depth,
                        PdgNodeRole   role)
{
  PdgGenealogyNode *node;
  guint index;

  if (pdg_genealogy_lookup (self, unit_id, &index))
    return index;

  node = g_new0 (PdgGenealogyNode, 1);
  node->unit = pdg_unit_new ();
  node->unit->id = unit_id;
  node->depth = depth;
  node->role = role;

  index = self->nodes->len;
  g_ptr_array_add (self->nodes, node);
  g_hash_table_insert (self->index, g_memdup2 (&unit_id, sizeof unit_id), GUINT_TO_POINTER (index + 1));
  self->max_depth = MAX (self->max_depth, depth);

  return index;
}

void
pdg_genealogy_add_edge (PdgGenealogy *self,
                        guint         parent,
                        guint         child,
                        double        quantity,
                        gint64        order_id)
{
  PdgGenealogyEdge edge = { parent, child, quantity, order_id };

  g_array_append_val (self->edges, edge);
}

static int
compare_edges (gconstpointer a,
               gconstpointer b)
{
  const PdgGenealogyEdge *x = a;
  const PdgGenealogyEdge *y = b;

  if (x->parent != y->parent)
    return x->parent < y->parent ? -1 : 1;
  if (x->child != y->child)
    return x->child < y->child ? -1 : 1;
  return 0;
}

void
pdg_genealogy_sort_edges (PdgGenealogy *self)
{
  g_array_sort (self->edges, compare_edges);
}
