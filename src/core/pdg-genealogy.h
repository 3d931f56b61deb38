/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pdg-event.h"
#include "pdg-unit.h"

G_BEGIN_DECLS

typedef enum
{
  PDG_DIRECTION_BACKWARD = 0,  /* as-built: what a unit is made of */
  PDG_DIRECTION_FORWARD = 1,   /* where-used: what a unit went into */
} PdgDirection;

typedef enum
{
  PDG_NODE_ROOT = 0,       /* a unit the trace started from */
  PDG_NODE_COMPONENT = 1,  /* reached going backward */
  PDG_NODE_CONSUMER = 2,   /* reached going forward */
} PdgNodeRole;

/* One unit in a genealogy. */
typedef struct
{
  PdgUnit     *unit;       /* owned */
  guint        depth;      /* edges from the nearest root */
  PdgNodeRole  role;
  gboolean     truncated;  /* has neighbours the trace did not include (a cap) */
  GPtrArray   *events;     /* owned, nullable; PdgEvent oldest first, when asked for
                            * (from pdg_genealogy_new_event(), or heap events when
                            * the array frees them) */
} PdgGenealogyNode;

/* One as-built edge between two nodes (indexes into the node array). */
typedef struct
{
  guint   parent;    /* the unit that contains the component */
  guint   child;     /* the component */
  double  quantity;  /* how much of the child went into the parent */
  gint64  order_id;  /* production order; 0 if none */
} PdgGenealogyEdge;

/* A traced graph: nodes in discovery order (roots first, then level by
 * level, each level in unit id order), edges sorted by (parent, child) node
 * index. A unit appears once however many paths lead to it.
 *
 * Node units live inside the genealogy: their strings are the genealogy's
 * (see pdg_genealogy_intern()). Read them, copy one with pdg_unit_copy() to
 * keep it, never free one or assign its strings directly: use
 * pdg_genealogy_set_unit(). */
typedef struct
{
  PdgDirection  direction;
  GPtrArray    *nodes;        /* owned; PdgGenealogyNode */
  GArray       *edges;        /* owned; PdgGenealogyEdge */
  gint64       *index_ids;    /* owned; open-addressing table of unit ids (0 = free) */
  guint        *index_nodes;  /* owned; node index for the id in the same slot */
  guint         index_mask;   /* slots - 1 (a power of two, at most half full) */
  GPtrArray    *blocks;       /* owned; storage of nodes and their units */
  gpointer      next_slot;    /* borrowed; the next free slot in the last block */
  guint         slots_left;   /* free slots in the last block */
  GPtrArray    *event_blocks; /* owned; storage of events made by pdg_genealogy_new_event() */
  PdgEvent     *next_event;   /* borrowed; the next free event in the last block */
  guint         events_left;  /* free events in the last block */
  GStringChunk *strings;      /* owned; every node unit's text */
  guint         max_depth;    /* the deepest level reached */
  gboolean      depth_capped; /* a depth cap cut something off */
  gboolean      node_capped;  /* the node cap cut something off */
} PdgGenealogy;

#define PDG_TYPE_GENEALOGY (pdg_genealogy_get_type ())

GType                   pdg_genealogy_get_type   (void) G_GNUC_CONST;
PdgGenealogy           *pdg_genealogy_new        (PdgDirection        direction);
PdgGenealogy           *pdg_genealogy_ref        (PdgGenealogy       *self);
void                    pdg_genealogy_unref      (PdgGenealogy       *self);
guint                   pdg_genealogy_get_n_nodes (const PdgGenealogy *self);
guint                   pdg_genealogy_get_n_edges (const PdgGenealogy *self);
PdgGenealogyNode       *pdg_genealogy_get_node   (const PdgGenealogy *self,
                                                  guint               index);
const PdgGenealogyEdge *pdg_genealogy_get_edge   (const PdgGenealogy *self,
                                                  guint               index);
gboolean                pdg_genealogy_lookup     (const PdgGenealogy *self,
                                                  gint64              unit_id,
                                                  guint              *index);

/* For builders (the trace engine). */
guint                   pdg_genealogy_add_node   (PdgGenealogy       *self,
                                                  gint64              unit_id,
                                                  guint               depth,
                                                  PdgNodeRole         role);
void                    pdg_genealogy_add_edge   (PdgGenealogy       *self,
                                                  guint               parent,
                                                  guint               child,
                                                  double              quantity,
                                                  gint64              order_id);
void                    pdg_genealogy_sort_edges (PdgGenealogy       *self);
const char             *pdg_genealogy_intern     (PdgGenealogy       *self,
                                                  const char         *text,
                                                  gboolean            shared);
PdgEvent               *pdg_genealogy_new_event  (PdgGenealogy       *self);
void                    pdg_genealogy_set_unit   (PdgGenealogy       *self,
                                                  guint               index,
                                                  const PdgUnit      *unit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgGenealogy, pdg_genealogy_unref)

G_END_DECLS
