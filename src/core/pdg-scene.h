/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pdg-genealogy.h"

G_BEGIN_DECLS

/* A laid-out genealogy, ready to draw: positioned node boxes and edge
 * splines in points (1/72 inch), origin top left, y growing downwards, all
 * inside [0, width] × [0, height]. Immutable once built; reference counted
 * so the layout thread, the widget and an export can share one. */

typedef enum
{
  PDG_SCENE_NODE_UNIT = 0,   /* one genealogy node */
  PDG_SCENE_NODE_GROUP = 1,  /* "+N more": children folded into one box */
} PdgSceneNodeKind;

typedef struct
{
  PdgSceneNodeKind kind;
  guint            node;         /* UNIT: index into the genealogy's nodes;
                                  * GROUP: the index of the node whose
                                  * children it stands for */
  guint            group_size;   /* GROUP: how many units it stands for */
  guint            depth;        /* the level it is drawn on */
  double           x, y;         /* centre */
  double           width, height;
} PdgSceneNode;

typedef struct
{
  guint   from;        /* scene node index: the end nearer the roots, drawn above (the
                        * consumer/parent in a backward trace, the component/child in
                        * a forward one; see pdg_layout_async()) */
  guint   to;          /* scene node index: the farther end, where the arrow points */
  double  quantity;    /* consumed quantity on the edge; 0 for a group edge */
  guint   n_points;    /* 3k + 1 cubic Bézier points: p0 c1 c2 p1 c1 c2 p2 ... */
  double *points;      /* x0, y0, x1, y1, ...: 2 × n_points doubles */
  double  label_x;     /* where the quantity label goes */
  double  label_y;
  double  tip_x;       /* the arrowhead's tip (at the `to` node) */
  double  tip_y;
} PdgSceneEdge;

typedef struct _PdgScene PdgScene;

#define PDG_TYPE_SCENE (pdg_scene_get_type ())

GType                pdg_scene_get_type     (void) G_GNUC_CONST;

/* Building (the layout engine, tests). */
PdgScene            *pdg_scene_new          (PdgGenealogy       *genealogy,
                                             double              width,
                                             double              height);
guint                pdg_scene_add_node     (PdgScene           *self,
                                             const PdgSceneNode *node);
guint                pdg_scene_add_edge     (PdgScene           *self,
                                             guint               from,
                                             guint               to,
                                             double              quantity,
                                             const double       *points,
                                             guint               n_points,
                                             double              label_x,
                                             double              label_y,
                                             double              tip_x,
                                             double              tip_y);

/* Reading. */
PdgScene            *pdg_scene_ref          (PdgScene           *self);
void                 pdg_scene_unref        (PdgScene           *self);
PdgGenealogy        *pdg_scene_get_genealogy (const PdgScene    *self);
double               pdg_scene_get_width    (const PdgScene     *self);
double               pdg_scene_get_height   (const PdgScene     *self);
guint                pdg_scene_get_n_nodes  (const PdgScene     *self);
const PdgSceneNode  *pdg_scene_get_node     (const PdgScene     *self,
                                             guint               index);
guint                pdg_scene_get_n_edges  (const PdgScene     *self);
const PdgSceneEdge  *pdg_scene_get_edge     (const PdgScene     *self,
                                             guint               index);
/* The scene node of a genealogy node, or G_MAXUINT when it is folded away. */
guint                pdg_scene_find_unit    (const PdgScene     *self,
                                             guint               genealogy_node);
/* The topmost scene node containing (x, y), or G_MAXUINT. */
guint                pdg_scene_hit          (const PdgScene     *self,
                                             double              x,
                                             double              y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgScene, pdg_scene_unref)

G_END_DECLS
