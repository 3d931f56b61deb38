/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pdg-scene.h"

G_BEGIN_DECLS

/* How a unit stands out, for a recall ("suspect red, impacted amber, the
 * rest dimmed") or any other set the window wants to show. */
typedef enum
{
  PDG_GRAPH_EMPHASIS_NONE = 0,       /* drawn normally */
  PDG_GRAPH_EMPHASIS_SUSPECT = 1,    /* red: a suspect lot */
  PDG_GRAPH_EMPHASIS_IMPACTED = 2,   /* amber: reached from a suspect lot */
  PDG_GRAPH_EMPHASIS_DIMMED = 3,     /* faded towards the background */
  PDG_GRAPH_EMPHASIS_HIGHLIGHT = 4,  /* accent colour: a path, a chosen set */
} PdgGraphEmphasis;

/* What drawing costs, over the last PDG_GRAPH_VIEW_FRAME_HISTORY frames the
 * view drew on screen (exports are not counted). See
 * pdg_graph_view_get_frame_timings(). */
typedef struct
{
  guint  n_frames;             /* snapshots recorded */
  double snapshot_mean_ms;     /* time inside snapshot(): placing the tiles, drawing */
  double snapshot_p95_ms;      /* those missing; GSK renders the frame afterwards, */
  double snapshot_max_ms;      /* outside this measure */
  guint  n_intervals;          /* frames that directly followed another frame of the view */
  double interval_mean_ms;     /* frame clock time from one such frame to the next: the */
  double interval_p95_ms;      /* whole cost of a frame (layout, snapshot, GSK rendering, */
  double interval_max_ms;      /* presentation), never less than the refresh interval */
  double refresh_interval_ms;  /* the frame clock's refresh interval; 0 when unknown */
  guint  last_nodes;           /* scene nodes in view in the last frame */
  guint  last_edges;           /* scene edges in view in the last frame */
} PdgGraphFrameTimings;

#define PDG_GRAPH_VIEW_FRAME_HISTORY 240

/* Zoom limits (pixels per scene point). */
#define PDG_GRAPH_VIEW_ZOOM_MIN 0.01
#define PDG_GRAPH_VIEW_ZOOM_MAX 4.0

#define PDG_GRAPH_VIEW_ERROR (pdg_graph_view_error_quark ())

typedef enum
{
  PDG_GRAPH_VIEW_ERROR_EMPTY,   /* there is no scene to export */
  PDG_GRAPH_VIEW_ERROR_RENDER,  /* the renderer could not draw it */
} PdgGraphViewError;

#define PDG_TYPE_GRAPH_VIEW (pdg_graph_view_get_type ())
G_DECLARE_FINAL_TYPE (PdgGraphView, pdg_graph_view, PDG, GRAPH_VIEW, GtkWidget)

GQuark            pdg_graph_view_error_quark      (void);

GtkWidget        *pdg_graph_view_new              (void);

PdgScene         *pdg_graph_view_get_scene        (PdgGraphView         *self);
void              pdg_graph_view_set_scene        (PdgGraphView         *self,
                                                   PdgScene             *scene);

/* Pixels per scene point; 1.0 is 100 %. set_zoom() keeps the centre of the
 * view in place, zoom_at() the scene point under widget point (x, y). */
double            pdg_graph_view_get_zoom         (PdgGraphView         *self);
void              pdg_graph_view_set_zoom         (PdgGraphView         *self,
                                                   double                zoom);
void              pdg_graph_view_zoom_at          (PdgGraphView         *self,
                                                   double                zoom,
                                                   double                x,
                                                   double                y);
void              pdg_graph_view_zoom_to_fit      (PdgGraphView         *self);
/* The part of the scene on screen, in scene points. */
void              pdg_graph_view_get_visible_area (PdgGraphView         *self,
                                                   graphene_rect_t      *area);
void              pdg_graph_view_scene_to_widget  (PdgGraphView         *self,
                                                   double                scene_x,
                                                   double                scene_y,
                                                   double               *x,
                                                   double               *y);
/* The scene node at widget point (x, y), or G_MAXUINT (as pdg_scene_hit()). */
guint             pdg_graph_view_pick             (PdgGraphView         *self,
                                                   double                x,
                                                   double                y);

/* Selection: a genealogy node index, -1 for none. */
int               pdg_graph_view_get_selected     (PdgGraphView         *self);
void              pdg_graph_view_set_selected     (PdgGraphView         *self,
                                                   int                   genealogy_node);
void              pdg_graph_view_center_on        (PdgGraphView         *self,
                                                   int                   genealogy_node);

/* Emphasis: GUINT_TO_POINTER (genealogy node index + 1) →
 * GINT_TO_POINTER (PdgGraphEmphasis); the key NULL (0) gives the emphasis
 * of every unit not in the table and of "+N more" groups. The table is
 * copied; NULL clears. It applies to the current scene's genealogy and
 * survives new layouts of it; a scene of another genealogy clears it, so
 * set it after the scene. */
void              pdg_graph_view_set_emphasis     (PdgGraphView         *self,
                                                   GHashTable           *emphasis);
PdgGraphEmphasis  pdg_graph_view_get_emphasis     (PdgGraphView         *self,
                                                   int                   genealogy_node);

/* Find: item number, description or serial/batch containing @text
 * (case-insensitive) among the units drawn. All matches are highlighted,
 * the first is selected and centred. Returns the number of matches; NULL
 * or "" clears. find_next()/find_previous() select and centre the next
 * match (wrapping) and return its genealogy node, or -1 without matches. */
guint             pdg_graph_view_find             (PdgGraphView         *self,
                                                   const char           *text);
int               pdg_graph_view_find_next        (PdgGraphView         *self);
int               pdg_graph_view_find_previous    (PdgGraphView         *self);
guint             pdg_graph_view_get_n_matches    (PdgGraphView         *self);

/* Export: the whole scene, at @scale pixels per point, drawn by the
 * widget's own GskRenderer the way the screen shows it (no minimap, no
 * focus ring). Very large scenes are drawn at a smaller scale so the image
 * stays within 16384 pixels a side and 64 megapixels. */
GdkTexture       *pdg_graph_view_render_texture   (PdgGraphView         *self,
                                                   double                scale);
gboolean          pdg_graph_view_save_png         (PdgGraphView         *self,
                                                   const char           *path,
                                                   GError              **error);

/* Measurement: the time spent in snapshot() for the last
 * PDG_GRAPH_VIEW_FRAME_HISTORY on-screen frames (see PdgGraphFrameTimings
 * for what is and is not included). */
void              pdg_graph_view_get_frame_stats  (PdgGraphView         *self,
                                                   double               *mean_ms,
                                                   double               *max_ms,
                                                   guint                *n);
void              pdg_graph_view_get_frame_timings (PdgGraphView        *self,
                                                   PdgGraphFrameTimings *timings);
void              pdg_graph_view_reset_frame_stats (PdgGraphView        *self);

G_END_DECLS
