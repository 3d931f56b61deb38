/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pdg-genealogy.h"
#include "pdg-scene.h"

G_BEGIN_DECLS

/* Sizes in points (1/72 inch) of the boxes Graphviz places. Every unit card
 * is exactly PDG_LAYOUT_CARD_WIDTH × PDG_LAYOUT_CARD_HEIGHT (room for four
 * lines of text: item description, item number, serial or batch, quantity
 * and unit of measure); every "+N more" group box is
 * PDG_LAYOUT_GROUP_WIDTH × PDG_LAYOUT_GROUP_HEIGHT. */
#define PDG_LAYOUT_CARD_WIDTH   180.0
#define PDG_LAYOUT_CARD_HEIGHT  64.0
#define PDG_LAYOUT_GROUP_WIDTH  120.0
#define PDG_LAYOUT_GROUP_HEIGHT 40.0

/* Children drawn per node before the rest fold into a group. */
#define PDG_LAYOUT_DEFAULT_MAX_CHILDREN 12

/* Graphviz reports no progress: a layout is one uninterruptible call. From
 * about this many scene nodes (see pdg_layout_count()) it takes long enough
 * (a few tenths of a second and up) for the UI to show an indeterminate
 * spinner. */
#define PDG_LAYOUT_SLOW_NODES 300

#define PDG_LAYOUT_ERROR (pdg_layout_error_quark ())

typedef enum
{
  PDG_LAYOUT_ERROR_FAILED,  /* Graphviz could not lay the graph out */
  PDG_LAYOUT_ERROR_PARSE,   /* DOT text Graphviz cannot read */
  PDG_LAYOUT_ERROR_FORMAT,  /* an export format Pedigree does not write */
  PDG_LAYOUT_ERROR_RENDER,  /* Graphviz's renderer is missing or failed */
} PdgLayoutError;

/* What is drawn of a genealogy. Levels and children are counted from the
 * roots outwards (downwards on screen), whatever the trace's direction.
 *
 * A node's out-neighbours beyond the first `max_children` (in genealogy
 * order), or all of them when the node is `max_depth` levels below a root,
 * fold into one "+N more" group node (PDG_SCENE_NODE_GROUP: `node` is the
 * folding node's genealogy index, `group_size` the number of units hidden
 * under it, each counted once, descendants included). A unit that some
 * shown node keeps shown stays shown, with all its edges to shown nodes,
 * however many other parents fold it (DAG-safe). A group never stands for
 * a single child: a node with max_children + 1 children shows them all.
 * Nothing folded: one scene node per genealogy node and one scene edge per
 * genealogy edge. */
typedef struct
{
  guint       max_children;  /* children shown per node before the rest fold into one
                              * "+N more" group; PDG_LAYOUT_DEFAULT_MAX_CHILDREN
                              * by default, 0 = never fold */
  GHashTable *expanded;      /* borrowed, nullable; set of GUINT_TO_POINTER (i + 1) for
                              * genealogy node indexes i whose children are all shown
                              * (their group expanded), whatever the two limits: a
                              * group scene node expands with its `node` + 1 */
  guint       max_depth;     /* levels below the roots drawn, as in PdgTraceOptions:
                              * 1 = the roots and their children; the children of the
                              * last level fold into groups; 0 = all levels */
} PdgLayoutOptions;

#define PDG_LAYOUT_OPTIONS_INIT { PDG_LAYOUT_DEFAULT_MAX_CHILDREN, NULL, 0 }

GQuark    pdg_layout_error_quark  (void);

void      pdg_layout_options_init (PdgLayoutOptions        *options);

/* How many scene nodes and edges a layout will have (cheap, no Graphviz;
 * any thread). */
void      pdg_layout_count        (PdgGenealogy            *genealogy,
                                   const PdgLayoutOptions  *options,
                                   guint                   *n_nodes,
                                   guint                   *n_edges);

/* The exact DOT text every layout and export of these arguments feeds
 * Graphviz: units as "u<index>", groups as "g<index of the folding node>",
 * cards labelled with their four lines and coloured by status (any
 * thread). */
char     *pdg_layout_to_dot       (PdgGenealogy            *genealogy,
                                   const PdgLayoutOptions  *options);

/* Lays a genealogy out with Graphviz's dot on the layout thread (the one
 * thread of the process that calls Graphviz). `options` may be NULL (the
 * defaults) and is copied. The callback runs in the thread-default main
 * context of the caller. Cancelling returns G_IO_ERROR_CANCELLED at once: a
 * queued job is then skipped, a running one finishes and is thrown away.
 *
 * In the scene, points are y-down with the origin at the top left; roots
 * are at the top in both directions. An edge's `from` is the end nearer
 * the roots (the parent in a backward trace, the component in a forward
 * one), its `to` the farther end, where the arrowhead's tip is; `points`
 * stop where the arrowhead starts; `quantity` is the genealogy edge's
 * consumed quantity (0 for the edge to a group). A node's `depth` is the
 * Graphviz rank it is drawn on (0 = top). */
void      pdg_layout_async        (PdgGenealogy            *genealogy,
                                   const PdgLayoutOptions  *options,
                                   GCancellable            *cancellable,
                                   GAsyncReadyCallback      callback,
                                   gpointer                 user_data);
PdgScene *pdg_layout_finish       (GAsyncResult            *result,
                                   GError                 **error);

/* The same, blocking the calling thread (CLI, benchmarks, tests; never the
 * UI thread). */
PdgScene *pdg_layout_run          (PdgGenealogy            *genealogy,
                                   const PdgLayoutOptions  *options,
                                   GCancellable            *cancellable,
                                   GError                 **error);

/* Lays out and renders with Graphviz's own renderers, on the layout
 * thread: `format` is "svg", "png", "pdf" (cairo) or "dot" (the laid-out
 * graph, positions included). */
void      pdg_layout_render_async  (PdgGenealogy           *genealogy,
                                    const PdgLayoutOptions *options,
                                    const char             *format,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data);
GBytes   *pdg_layout_render_finish (GAsyncResult           *result,
                                    GError                **error);
GBytes   *pdg_layout_render        (PdgGenealogy           *genealogy,
                                    const PdgLayoutOptions *options,
                                    const char             *format,
                                    GCancellable           *cancellable,
                                    GError                **error);
/* pdg_layout_render(), then the bytes replace `path` (blocking). */
gboolean  pdg_layout_render_file   (PdgGenealogy           *genealogy,
                                    const PdgLayoutOptions *options,
                                    const char             *format,
                                    const char             *path,
                                    GCancellable           *cancellable,
                                    GError                **error);

/* Parses DOT text with Graphviz on the layout thread (nothing laid out) and
 * counts its nodes and edges (blocking; either count may be NULL). */
gboolean  pdg_layout_check_dot     (const char             *dot,
                                    guint                  *n_nodes,
                                    guint                  *n_edges,
                                    GError                **error);

G_END_DECLS
