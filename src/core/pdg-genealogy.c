/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-genealogy.c: the traced graph, a plain value handed between threads.
 *
 * Nodes are added with just a unit id (the trace walks ids first); the unit
 * values are filled in afterwards, in one pass, by the trace engine. The
 * index maps a unit id to its node so a DAG keeps one node per unit; it is
 * an open-addressing table of plain integers (unit ids are positive), since
 * a forward trace looks up every edge and a GHashTable spent a malloc per
 * node and a pointer chase per probe.
 *
 * Nodes and their units are carved from blocks, and unit text lives in one
 * GStringChunk (item names, dates and locations shared): a 500k-node recall
 * otherwise spent a third of its time in malloc and first-touch page faults
 * for nine small allocations per node.
 * Reference counted atomically (GAtomicRcBox) so the UI and a layout thread
 * can share one. */
#include "config.h"

#include "pdg-genealogy.h"

G_DEFINE_BOXED_TYPE (PdgGenealogy, pdg_genealogy, pdg_genealogy_ref, pdg_genealogy_unref)

#define MAX_BLOCK_NODES 4096

typedef struct
{
  PdgGenealogyNode node;
  PdgUnit          unit;
} NodeSlot;

static void
node_clear (PdgGenealogyNode *node)
{
  g_clear_pointer (&node->events, g_ptr_array_unref);
}

PdgGenealogy *
pdg_genealogy_new (PdgDirection direction)
{
  PdgGenealogy *self = g_atomic_rc_box_new0 (PdgGenealogy);

  self->direction = direction;
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_clear);
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->strings = g_string_chunk_new (4096);
  self->event_blocks = g_ptr_array_new_with_free_func (g_free);
  self->edges = g_array_new (FALSE, FALSE, sizeof (PdgGenealogyEdge));
  self->index_mask = 63;
  self->index_ids = g_new0 (gint64, self->index_mask + 1);
  self->index_nodes = g_new (guint, self->index_mask + 1);

  return self;
}

PdgGenealogy *
pdg_genealogy_ref (PdgGenealogy *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
pdg_genealogy_clear (PdgGenealogy *self)
{
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->edges, g_array_unref);
  g_clear_pointer (&self->index_ids, g_free);
  g_clear_pointer (&self->index_nodes, g_free);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->event_blocks, g_ptr_array_unref);
}

void
pdg_genealogy_unref (PdgGenealogy *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) pdg_genealogy_clear);
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

/* The slot for unit_id: where it is, or the free slot where it would go. */
static guint
index_slot (const gint64 *ids,
            guint         mask,
            gint64        unit_id)
{
  /* Fibonacci hashing: consecutive ids (a level of one order) spread out. */
  guint slot = (guint) (((guint64) unit_id * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 32) & mask;

  while (ids[slot] != 0 && ids[slot] != unit_id)
    slot = (slot + 1) & mask;
  return slot;
}

static void
index_grow (PdgGenealogy *self)
{
  guint old_mask = self->index_mask;
  g_autofree gint64 *old_ids = self->index_ids;
  g_autofree guint *old_nodes = self->index_nodes;

  self->index_mask = old_mask * 2 + 1;
  self->index_ids = g_new0 (gint64, self->index_mask + 1);
  self->index_nodes = g_new (guint, self->index_mask + 1);
  for (guint i = 0; i <= old_mask; i++)
    if (old_ids[i] != 0)
      {
        guint slot = index_slot (self->index_ids, self->index_mask, old_ids[i]);

        self->index_ids[slot] = old_ids[i];
        self->index_nodes[slot] = old_nodes[i];
      }
}

gboolean
pdg_genealogy_lookup (const PdgGenealogy *self,
                      gint64              unit_id,
                      guint              *index)
{
  guint slot;

  if (unit_id <= 0)
    return FALSE;
  slot = index_slot (self->index_ids, self->index_mask, unit_id);
  if (self->index_ids[slot] == 0)
    return FALSE;
  if (index != NULL)
    *index = self->index_nodes[slot];
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
  guint id_slot;

  g_return_val_if_fail (unit_id > 0, 0);

  id_slot = index_slot (self->index_ids, self->index_mask, unit_id);
  if (self->index_ids[id_slot] != 0)
    return self->index_nodes[id_slot];

  index = self->nodes->len;
  if (self->slots_left == 0)
    {
      /* Blocks grow with the graph: a 30-unit trace stays small. */
      guint n = CLAMP (index, 16, MAX_BLOCK_NODES);

      self->next_slot = g_new0 (NodeSlot, n);
      self->slots_left = n;
      g_ptr_array_add (self->blocks, self->next_slot);
    }
  {
    NodeSlot *slot = self->next_slot;

    self->next_slot = slot + 1;
    self->slots_left--;
    node = &slot->node;
    node->unit = &slot->unit;
  }
  node->unit->id = unit_id;
  node->depth = depth;
  node->role = role;

  g_ptr_array_add (self->nodes, node);
  self->index_ids[id_slot] = unit_id;
  self->index_nodes[id_slot] = index;
  if (self->nodes->len * 2 > self->index_mask)
    index_grow (self);
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

/**
 * pdg_genealogy_intern:
 * @text: (nullable): text for a node unit
 * @shared: TRUE for text many units share (item names, dates, locations)
 *
 * Returns: (nullable): a copy owned by the genealogy.
 */
const char *
pdg_genealogy_intern (PdgGenealogy *self,
                      const char   *text,
                      gboolean      shared)
{
  if (text == NULL)
    return NULL;
  return shared ? g_string_chunk_insert_const (self->strings, text)
                : g_string_chunk_insert (self->strings, text);
}

/* Copies a unit value into node `index` (its id must be the node's). */
void
pdg_genealogy_set_unit (PdgGenealogy  *self,
                        guint          index,
                        const PdgUnit *unit)
{
  PdgUnit *u = pdg_genealogy_get_node (self, index)->unit;

  g_return_if_fail (unit->id == u->id);

  *u = *unit;
  u->item_number = (char *) pdg_genealogy_intern (self, unit->item_number, TRUE);
  u->item_description = (char *) pdg_genealogy_intern (self, unit->item_description, TRUE);
  u->uom = (char *) pdg_genealogy_intern (self, unit->uom, TRUE);
  u->lot = (char *) pdg_genealogy_intern (self, unit->lot, FALSE);
  u->produced_on = (char *) pdg_genealogy_intern (self, unit->produced_on, TRUE);
  u->expires_on = (char *) pdg_genealogy_intern (self, unit->expires_on, TRUE);
  u->location = (char *) pdg_genealogy_intern (self, unit->location, TRUE);
}

/**
 * pdg_genealogy_new_event:
 *
 * A zeroed event that lives as long as the genealogy: put it in a node's
 * events array made without a free function, and give it text only through
 * pdg_genealogy_intern().
 */
PdgEvent *
pdg_genealogy_new_event (PdgGenealogy *self)
{
  if (self->events_left == 0)
    {
      guint n = CLAMP (self->nodes->len, 16, MAX_BLOCK_NODES);

      self->next_event = g_new0 (PdgEvent, n);
      self->events_left = n;
      g_ptr_array_add (self->event_blocks, self->next_event);
    }
  self->events_left--;
  return self->next_event++;
}
