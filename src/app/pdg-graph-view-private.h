/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-graph-view.h"

G_BEGIN_DECLS

/* What the pointer gestures and key bindings of PdgGraphView do, callable
 * without synthesizing events (GTK 4 has no public way to): the handlers
 * call exactly these. Coordinates are widget coordinates. For tests. */

/* A click released at (x, y): selects (n_press 1), activates (n_press 2)
 * or activates a group, the way GtkGestureClick::released does. */
void      _pdg_graph_view_click          (PdgGraphView    *self,
                                          double           x,
                                          double           y,
                                          int              n_press);
/* A primary-button drag: pans, or moves the view when it starts on the
 * minimap. */
void      _pdg_graph_view_drag_begin     (PdgGraphView    *self,
                                          double           x,
                                          double           y);
void      _pdg_graph_view_drag_update    (PdgGraphView    *self,
                                          double           offset_x,
                                          double           offset_y);
void      _pdg_graph_view_drag_end       (PdgGraphView    *self);
/* A scroll at pointer position (x, y): zooms with Ctrl, pans otherwise. */
gboolean  _pdg_graph_view_scroll         (PdgGraphView    *self,
                                          double           x,
                                          double           y,
                                          double           dx,
                                          double           dy,
                                          GdkModifierType  state,
                                          GdkScrollUnit    unit);
/* An arrow key: Up toward the root, Down to the first child, Left/Right to
 * the neighbour on the same level. Selects the first root when nothing is
 * selected. FALSE when there is nowhere to go. */
gboolean  _pdg_graph_view_move_selection (PdgGraphView    *self,
                                          GtkDirectionType direction);
/* Return: activates the selected unit or group. FALSE when none is. */
gboolean  _pdg_graph_view_activate_selection (PdgGraphView *self);
/* Where the minimap is drawn; FALSE when it is not shown. */
gboolean  _pdg_graph_view_get_minimap_bounds (PdgGraphView *self,
                                          graphene_rect_t *bounds);
/* The scene node selected (a group can be), or G_MAXUINT. */
guint     _pdg_graph_view_get_selected_scene_node (PdgGraphView *self);
/* Text layouts currently cached (nodes and edge labels). */
guint     _pdg_graph_view_get_n_cached_layouts (PdgGraphView *self);
/* What snapshot() draws of the scene now (the minimap left out), in
 * widget coordinates: from the tiles when @tiled, else drawn directly.
 * NULL without a scene or a size. */
GskRenderNode *_pdg_graph_view_snapshot_scene (PdgGraphView *self,
                                          gboolean         tiled);
/* Whether the view moved less than a moment ago (tiles may be scaled or
 * off the pixel grid until it comes to rest). */
gboolean  _pdg_graph_view_is_moving      (PdgGraphView    *self);
/* Brings the view to rest now, as a moment without moves would. */
void      _pdg_graph_view_settle         (PdgGraphView    *self);

G_END_DECLS
