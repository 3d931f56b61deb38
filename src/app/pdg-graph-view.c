/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-graph-view.c: a laid-out genealogy (PdgScene) drawn as cards and
 * curves, with pan, zoom, selection, find, emphasis and export.
 *
 * The one idea: everything is drawn in scene points under a single
 * transform, widget = (scene - origin) × zoom. draw_scene() walks the
 * scene once, skips what lies outside the rectangle asked for, and
 * appends render nodes. On screen those nodes are not drawn every frame:
 * they are rasterized once, the way the widget's own renderer draws, into
 * tiles of TILE_SIZE device pixels (a Level: the scene at one zoom), and a
 * frame only places tiles (append_tiles()). Panning moves them; the tiles
 * about to enter the view are drawn in idle moments beforehand
 * (prefetch()). Zooming scales the tiles at hand, and draws new ones for
 * the new zoom within a time budget per frame, the level before and a
 * small picture of the whole scene (the overview level) standing in for
 * what is not drawn yet. SETTLE_MS after the last move the view is at
 * rest, and its tiles are drawn for exactly its zoom and pixel grid: the
 * screen shows what drawing the scene directly shows (to the rounding of
 * an antialiased pixel here and there). Nothing else needed in a frame is
 * computed there that could be kept:
 *
 *   - text is laid out once per node, lazily, in scene points with a Pango
 *     context that neither hints nor rounds glyph positions, so the same
 *     layouts serve every zoom level; they are dropped when the scene, the
 *     font or the scale factor changes;
 *   - the minimap's content is rasterized once, again only when the
 *     scene, the colours, the emphasis or the minimap's size change;
 *   - all edges of a tile go into one cairo node;
 *   - below 45 % zoom text is unreadable anyway: cards show grey bars
 *     instead ("greeking").
 *
 * Tiles show the selection's edges, the emphasis, the find matches, the
 * text and the colours: a change drops them (invalidate_tiles(); a new
 * selection only those its edges cross). The selection ring and the
 * minimap are drawn over the tiles every frame.
 *
 * Colours come from the style (libadwaita's named colours and the widget's
 * CSS colour), so dark mode and high contrast follow. The status colours
 * are those of PdgStatusPill (ui/style.css). */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pdg-format.h"
#include "pdg-graph-view.h"
#include "pdg-graph-view-private.h"

#define CARD_RADIUS      6.0    /* points */
#define BAR_WIDTH        5.0    /* the status bar on a card's left edge */
#define TEXT_LEFT        13.0   /* from the card's left edge */
#define TEXT_RIGHT       8.0
#define TITLE_SIZE       11.0   /* points */
#define DETAIL_SIZE      9.5
#define LABEL_SIZE       9.0
#define DETAIL_ZOOM      0.45   /* below this, text is greeked */
#define LABEL_ZOOM       0.6    /* below this, edge labels are not drawn */
#define FIT_PADDING      24.0   /* pixels around a fitted scene */
#define PAN_MARGIN       48.0   /* pixels of empty space allowed past the scene */
#define ZOOM_STEP        1.25
#define WHEEL_PAN        64.0   /* pixels per wheel step */
#define MINIMAP_MAX_W    200.0  /* pixels */
#define MINIMAP_MAX_H    140.0
#define MINIMAP_MARGIN   12.0
#define MINIMAP_PADDING  6.0
#define EXPORT_MARGIN    16.0   /* points around an exported scene */
#define EXPORT_MAX_SIDE  16384.0
#define EXPORT_MAX_AREA  (64.0 * 1024 * 1024)
#define TILE_SIZE        256    /* device pixels a side */
#define TILE_BUDGET_US   4000   /* tile drawing in one frame while the view moves */
#define SETTLE_MS        150    /* after the last move, the view is at rest */
#define LEVEL_MAX_RATIO  1.5    /* moving, tiles are drawn anew when shown more */
#define LEVEL_MIN_RATIO  0.7    /* than this much larger, or smaller */
#define STAND_IN_RATIO   2.0    /* a level stands in for missing tiles enlarged this much at most */
#define LEVEL_MAX_TILES  96     /* kept per level beyond those near the view */
#define OVERVIEW_TILES   32     /* the overview level's tiles at most */
#define OVERVIEW_ZOOM    0.3    /* the overview level's zoom at most */
#define HISTORY          PDG_GRAPH_VIEW_FRAME_HISTORY
#define NONE             G_MAXUINT

/* Colours, from the style, refreshed when the CSS changes. */
typedef struct
{
  GdkRGBA fg;        /* the widget's CSS colour */
  GdkRGBA bg;        /* what the scene is drawn on */
  GdkRGBA card;      /* a card's fill, opaque */
  GdkRGBA accent;
  GdkRGBA success;
  GdkRGBA warning;
  GdkRGBA error;
} Palette;

/* The text of one scene node, laid out in scene points. */
typedef struct
{
  PangoLayout *title;     /* owned; description (bold), or "+N more" for a group */
  PangoLayout *details;   /* owned, nullable; item number and serial/batch, two lines */
  PangoLayout *quantity;  /* owned, nullable; quantity and unit of measure */
} NodeText;

/* Where the scene goes: widget (or image) = scene × scale + (x, y).
 * Line widths and levels of detail follow `zoom`, the pixels per point of
 * the screen (or image) it stands for: a tile for a 2× screen has twice
 * the scale, not twice the zoom. */
typedef struct
{
  double scale;
  double x;
  double y;
  double zoom;
} View;

/* Pixels drawn once and placed many times: with the cairo renderer a
 * cairo image, placed by a cairo node as it is (GTK 4.8 converts every
 * pixel of a texture through floats each time it draws one); with the
 * others a texture, which stays on the GPU. */
typedef struct
{
  cairo_surface_t *surface;  /* owned, nullable */
  GdkTexture      *texture;  /* owned, nullable */
  int              width;    /* device pixels */
  int              height;
} Raster;

/* The scene drawn at one zoom, in tiles. Tile (i, j) holds the device
 * pixels [i, i + 1) × [j, j + 1) × TILE_SIZE of
 *
 *   device = scene × scale + (dx, dy)
 *
 * In a level made for the view, (dx, dy) line its pixels up with the
 * screen's (see level_new()); the overview's put the scene's margin at
 * the corner of tile (0, 0) (see overview_new()). */
typedef struct
{
  double      zoom;    /* pixels per point the level is drawn for */
  double      scale;   /* device pixels per point: zoom × scale factor */
  double      dx;      /* device pixels */
  double      dy;
  GHashTable *tiles;   /* owned; gint64 key (tile_key()) → Raster, owned */
} Level;

/* Tiles of a level, inclusive. */
typedef struct
{
  int i0, i1;
  int j0, j1;
} TileRange;

/* How an edge is drawn; one cairo path per style. */
typedef enum
{
  EDGE_NORMAL,
  EDGE_DIMMED,
  EDGE_SELECTED,
  EDGE_HIGHLIGHT,
  EDGE_IMPACTED,
  EDGE_SUSPECT,
  N_EDGE_STYLES,
  EDGE_CULLED = 0xff,
} EdgeStyle;

struct _PdgGraphView
{
  GtkWidget         parent_instance;

  PdgScene         *scene;            /* owned reference, nullable */
  graphene_rect_t  *edge_bounds;      /* owned; per scene edge, its control points' box */
  double            zoom;             /* pixels per scene point */
  double            origin_x;         /* the scene point at the widget's top left */
  double            origin_y;
  int               last_width;       /* allocation at the last size_allocate */
  int               last_height;
  gboolean          fit_pending;      /* fit once the widget has a size */

  guint             selected;         /* scene node, or NONE */

  guint8           *emphasis;         /* owned, nullable; PdgGraphEmphasis per genealogy node */
  guint             n_emphasis;
  PdgGraphEmphasis  default_emphasis; /* units not in the table, and groups */

  char             *find_text;        /* owned, nullable; casefolded */
  GArray           *matches;          /* owned; guint scene nodes in reading order */
  guint8           *is_match;         /* owned, nullable; per scene node */
  guint             match_cursor;

  /* Caches. */
  PangoContext     *pango;            /* owned, nullable; no hinting, see the top */
  char             *font_key;         /* owned; the font the layouts were made with */
  NodeText         *texts;            /* owned, nullable; per scene node, filled lazily */
  PangoLayout     **edge_labels;      /* owned, nullable; per scene edge, filled lazily */
  PangoLayout      *status_layouts[PDG_UNIT_STATUS_RECALLED + 1]; /* owned, lazily */
  guint             n_layouts;        /* layouts in the caches above */
  Palette           palette;
  gboolean          palette_valid;
  Raster           *minimap_raster;   /* owned, nullable; the minimap's scene */
  graphene_rect_t   minimap_area;     /* device pixels minimap_raster was made for */
  guint8           *edge_styles;      /* owned, nullable; scratch per scene edge */
  Level            *level;            /* owned, nullable; tiles at (about) the view's zoom */
  Level            *previous;         /* owned, nullable; the level before, while moving */
  Level            *overview;         /* owned, nullable; the whole scene, small */
  guint             prefetch_id;      /* idle drawing the tiles next needed, or 0 */
  guint             settle_id;        /* timeout: the view is moving while set */
  double            tile_cost_us[2];  /* what drawing a tile may take, from the last ones
                                       * (a decaying maximum): greeked [0], with text [1] */

  /* Gestures. */
  double            drag_start_x;     /* widget point where the drag began */
  double            drag_start_y;
  double            drag_origin_x;    /* origin when the drag began */
  double            drag_origin_y;
  gboolean          drag_on_minimap;
  gboolean          dragging;
  double            pinch_zoom;       /* zoom when the pinch began */
  double            pointer_x;        /* last pointer position over the widget */
  double            pointer_y;
  gboolean          pointer_inside;

  /* Frame timing: ring buffers of the last HISTORY frames. */
  double            snapshot_ms[HISTORY];
  guint             n_snapshots;      /* recorded, at most HISTORY */
  guint             next_snapshot;
  double            interval_ms[HISTORY];
  guint             n_intervals;
  guint             next_interval;
  gint64            prev_frame_counter;
  gint64            prev_frame_time;  /* µs */
  double            refresh_ms;
  guint             last_nodes;
  guint             last_edges;
};

G_DEFINE_FINAL_TYPE (PdgGraphView, pdg_graph_view, GTK_TYPE_WIDGET)

G_DEFINE_QUARK (pdg-graph-view-error-quark, pdg_graph_view_error)

enum { PROP_0, PROP_SCENE, PROP_ZOOM, PROP_SELECTED, N_PROPS };
static GParamSpec *properties [N_PROPS];

enum { NODE_SELECTED, NODE_ACTIVATED, GROUP_ACTIVATED, N_SIGNALS };
static guint signals [N_SIGNALS];

/* Small helpers ------------------------------------------------------------ */

static GdkRGBA
alpha (const GdkRGBA *color,
       double         a)
{
  GdkRGBA c = *color;

  c.alpha *= a;
  return c;
}

/* @a over @b, opaque. */
static GdkRGBA
mix (const GdkRGBA *a,
     const GdkRGBA *b,
     double         t)
{
  return (GdkRGBA) {
    a->red * t + b->red * (1 - t),
    a->green * t + b->green * (1 - t),
    a->blue * t + b->blue * (1 - t),
    1,
  };
}

static graphene_rect_t
node_rect (const PdgSceneNode *n)
{
  return GRAPHENE_RECT_INIT (n->x - n->width / 2, n->y - n->height / 2, n->width, n->height);
}

static gboolean
rects_overlap (const graphene_rect_t *a,
               const graphene_rect_t *b)
{
  return a->origin.x <= b->origin.x + b->size.width &&
         b->origin.x <= a->origin.x + a->size.width &&
         a->origin.y <= b->origin.y + b->size.height &&
         b->origin.y <= a->origin.y + a->size.height;
}

static const PdgUnit *
scene_unit (PdgGraphView *self,
            guint         scene_node)
{
  PdgGenealogy *genealogy = pdg_scene_get_genealogy (self->scene);
  const PdgSceneNode *n = pdg_scene_get_node (self->scene, scene_node);

  if (genealogy == NULL || n->kind != PDG_SCENE_NODE_UNIT ||
      n->node >= pdg_genealogy_get_n_nodes (genealogy))
    return NULL;
  return pdg_genealogy_get_node (genealogy, n->node)->unit;
}

static PdgGraphEmphasis
scene_emphasis (PdgGraphView *self,
                guint         scene_node)
{
  const PdgSceneNode *n = pdg_scene_get_node (self->scene, scene_node);

  if (n->kind == PDG_SCENE_NODE_UNIT && n->node < self->n_emphasis)
    return self->emphasis[n->node];
  return self->default_emphasis;
}

static void
raster_free (Raster *raster)
{
  g_clear_pointer (&raster->surface, cairo_surface_destroy);
  g_clear_object (&raster->texture);
  g_free (raster);
}

static void
invalidate_minimap (PdgGraphView *self)
{
  g_clear_pointer (&self->minimap_raster, raster_free);
}

static void
level_free (Level *level)
{
  g_hash_table_unref (level->tiles);
  g_free (level);
}

/* Tiles show the selection's edges, the emphasis, the find matches, the
 * text and the colours: drop them all when any of those change. */
static void
invalidate_tiles (PdgGraphView *self)
{
  g_clear_pointer (&self->level, level_free);
  g_clear_pointer (&self->previous, level_free);
  g_clear_pointer (&self->overview, level_free);
  g_clear_handle_id (&self->prefetch_id, g_source_remove);
}

static void invalidate_tiles_over (PdgGraphView          *self,
                                   const graphene_rect_t *area);

/* The edges of the selected node are drawn in the accent colour: drop
 * the tiles they cross when it is selected or unselected. */
static void
invalidate_edges_of (PdgGraphView *self,
                     guint         scene_node)
{
  if (self->scene == NULL || scene_node == NONE)
    return;
  for (guint i = 0; i < pdg_scene_get_n_edges (self->scene); i++)
    {
      const PdgSceneEdge *e = pdg_scene_get_edge (self->scene, i);

      if (e->from == scene_node || e->to == scene_node)
        invalidate_tiles_over (self, &self->edge_bounds[i]);
    }
}

/* Palette ------------------------------------------------------------------ */

static void
lookup (GtkStyleContext *context,
        const char      *name,
        GdkRGBA         *color,
        const char      *fallback)
{
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

static void
ensure_palette (PdgGraphView *self)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  Palette *p = &self->palette;
  GdkRGBA card;
  gboolean dark;

  if (self->palette_valid)
    return;

  gtk_style_context_get_color (context, &p->fg);
  dark = (p->fg.red + p->fg.green + p->fg.blue) > 1.5;
  lookup (context, "window_bg_color", &p->bg, dark ? "#242424" : "#fafafa");
  lookup (context, "card_bg_color", &card, dark ? "rgba(255,255,255,0.08)" : "#ffffff");
  lookup (context, "accent_color", &p->accent, dark ? "#78aeed" : "#1c71d8");
  lookup (context, "success_color", &p->success, dark ? "#8ff0a4" : "#1b8553");
  lookup (context, "warning_color", &p->warning, dark ? "#f8e45c" : "#9c6e03");
  lookup (context, "error_color", &p->error, dark ? "#ff7b63" : "#c01c28");
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* Cards hide the edges behind them: make the fill opaque. */
  p->bg.alpha = 1;
  p->card = mix (&card, &p->bg, card.alpha);
  self->palette_valid = TRUE;
}

static GdkRGBA
status_color (PdgGraphView  *self,
              PdgUnitStatus  status)
{
  const Palette *p = &self->palette;

  switch (status)
    {
    case PDG_UNIT_STATUS_AVAILABLE: return p->success;
    case PDG_UNIT_STATUS_SHIPPED:   return p->accent;
    case PDG_UNIT_STATUS_BLOCKED:   return p->warning;
    case PDG_UNIT_STATUS_SCRAPPED:  return p->error;
    case PDG_UNIT_STATUS_RECALLED:  return p->error;
    case PDG_UNIT_STATUS_CONSUMED:
    default:                        return alpha (&p->fg, 0.4);
    }
}

/* Text cache --------------------------------------------------------------- */

static void
clear_texts (PdgGraphView *self)
{
  guint n_nodes = self->scene != NULL ? pdg_scene_get_n_nodes (self->scene) : 0;
  guint n_edges = self->scene != NULL ? pdg_scene_get_n_edges (self->scene) : 0;

  if (self->texts != NULL)
    for (guint i = 0; i < n_nodes; i++)
      {
        g_clear_object (&self->texts[i].title);
        g_clear_object (&self->texts[i].details);
        g_clear_object (&self->texts[i].quantity);
      }
  if (self->edge_labels != NULL)
    for (guint i = 0; i < n_edges; i++)
      g_clear_object (&self->edge_labels[i]);
  for (guint i = 0; i < G_N_ELEMENTS (self->status_layouts); i++)
    g_clear_object (&self->status_layouts[i]);
  self->n_layouts = 0;
}

/* Drops every layout and the Pango context they were made with. */
static void
invalidate_text (PdgGraphView *self)
{
  clear_texts (self);
  g_clear_object (&self->pango);
  invalidate_tiles (self);
}

static PangoContext *
ensure_pango (PdgGraphView *self)
{
  cairo_font_options_t *options;

  if (self->pango != NULL)
    return self->pango;

  self->pango = gtk_widget_create_pango_context (GTK_WIDGET (self));
  /* Layouts are made once in scene points and drawn at any zoom: glyph
   * positions and metrics must scale linearly, so no hinting, no rounding. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (self->pango, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (self->pango, FALSE);
  return self->pango;
}

static PangoLayout *
new_layout (PdgGraphView *self,
            const char   *text,
            double        size,
            PangoWeight   weight,
            double        width)
{
  PangoLayout *layout = pango_layout_new (ensure_pango (self));
  g_autoptr(PangoFontDescription) font = NULL;

  font = pango_font_description_copy (pango_context_get_font_description (self->pango));
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  self->n_layouts++;
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return (double) width / PANGO_SCALE;
}

static PangoLayout *
ensure_status_layout (PdgGraphView  *self,
                      PdgUnitStatus  status)
{
  if (status > PDG_UNIT_STATUS_RECALLED)
    status = PDG_UNIT_STATUS_AVAILABLE;
  if (self->status_layouts[status] == NULL)
    self->status_layouts[status] = new_layout (self, pdg_unit_status_label (status),
                                               DETAIL_SIZE, PANGO_WEIGHT_SEMIBOLD, -1);
  return self->status_layouts[status];
}

static char *
format_lot (const PdgUnit *unit)
{
  const char *lot = unit->lot != NULL ? unit->lot : "";

  switch (unit->tracking)
    {
    case PDG_TRACKING_SERIAL:
      /* TRANSLATORS: a serial number on a graph card */
      return g_strdup_printf (_("Serial %s"), lot);
    case PDG_TRACKING_BATCH:
      /* TRANSLATORS: a batch number on a graph card */
      return g_strdup_printf (_("Batch %s"), lot);
    case PDG_TRACKING_NONE:
    default:
      return g_strdup (lot);
    }
}

static char *
format_quantity (const PdgUnit *unit)
{
  g_autofree char *quantity = pdg_format_quantity (unit->quantity);
  const char *uom = unit->uom != NULL ? unit->uom : "";

  if (unit->on_hand > 0 && unit->on_hand < unit->quantity)
    {
      g_autofree char *on_hand = pdg_format_quantity (unit->on_hand);

      /* TRANSLATORS: quantity, unit of measure, what is left on hand: "5,000 kg · 1,234.5 left" */
      return g_strdup_printf (_("%s %s · %s left"), quantity, uom, on_hand);
    }
  /* TRANSLATORS: quantity and unit of measure: "2 pcs" */
  return g_strdup_printf (C_("quantity", "%s %s"), quantity, uom);
}

static NodeText *
ensure_text (PdgGraphView *self,
             guint         index)
{
  NodeText *text = &self->texts[index];
  const PdgSceneNode *n;
  const PdgUnit *unit;
  double width;

  if (text->title != NULL)
    return text;

  n = pdg_scene_get_node (self->scene, index);
  width = MAX (n->width - TEXT_LEFT - TEXT_RIGHT, 10);

  if (n->kind == PDG_SCENE_NODE_GROUP)
    {
      /* TRANSLATORS: a box standing for units that are not drawn */
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "+%u more",
                                                             "+%u more", n->group_size),
                                                n->group_size);

      /* Short: centred by draw_group_text(), never ellipsized. */
      text->title = new_layout (self, label, TITLE_SIZE, PANGO_WEIGHT_SEMIBOLD, -1);
      return text;
    }

  unit = scene_unit (self, index);
  if (unit == NULL)
    {
      text->title = new_layout (self, "", TITLE_SIZE, PANGO_WEIGHT_BOLD, width);
      return text;
    }

  {
    g_autofree char *lot = format_lot (unit);
    g_autofree char *details = g_strdup_printf ("%s\n%s",
                                                unit->item_number != NULL ? unit->item_number : "",
                                                lot);
    g_autofree char *quantity = format_quantity (unit);
    double status_width = layout_width (ensure_status_layout (self, unit->status));

    text->title = new_layout (self, unit->item_description, TITLE_SIZE, PANGO_WEIGHT_BOLD, width);
    text->details = new_layout (self, details, DETAIL_SIZE, PANGO_WEIGHT_NORMAL, width);
    text->quantity = new_layout (self, quantity, DETAIL_SIZE, PANGO_WEIGHT_NORMAL,
                                 MAX (width - status_width - 6, 10));
  }
  return text;
}

static PangoLayout *
ensure_edge_label (PdgGraphView *self,
                   guint         index)
{
  const PdgSceneEdge *e;
  const PdgUnit *unit;
  g_autofree char *quantity = NULL;
  g_autofree char *label = NULL;

  if (self->edge_labels[index] != NULL)
    return self->edge_labels[index];

  e = pdg_scene_get_edge (self->scene, index);
  unit = scene_unit (self, e->to);
  quantity = pdg_format_quantity (e->quantity);
  if (unit != NULL && unit->uom != NULL && unit->uom[0] != '\0')
    label = g_strdup_printf (C_("quantity", "%s %s"), quantity, unit->uom);
  else
    label = g_steal_pointer (&quantity);

  self->edge_labels[index] = new_layout (self, label, LABEL_SIZE, PANGO_WEIGHT_NORMAL, -1);
  return self->edge_labels[index];
}

/* The view ----------------------------------------------------------------- */

static double
scene_width (PdgGraphView *self)
{
  return self->scene != NULL ? pdg_scene_get_width (self->scene) : 0;
}

static double
scene_height (PdgGraphView *self)
{
  return self->scene != NULL ? pdg_scene_get_height (self->scene) : 0;
}

/* Keeps the scene on screen: centred along an axis where it fits, else no
 * more than PAN_MARGIN pixels of empty space past either end. */
static void
clamp_origin (PdgGraphView *self)
{
  double view_w = gtk_widget_get_width (GTK_WIDGET (self)) / self->zoom;
  double view_h = gtk_widget_get_height (GTK_WIDGET (self)) / self->zoom;
  double margin = PAN_MARGIN / self->zoom;
  double sw = scene_width (self);
  double sh = scene_height (self);

  if (sw + 2 * margin <= view_w)
    self->origin_x = (sw - view_w) / 2;
  else
    self->origin_x = CLAMP (self->origin_x, -margin, sw + margin - view_w);

  if (sh + 2 * margin <= view_h)
    self->origin_y = (sh - view_h) / 2;
  else
    self->origin_y = CLAMP (self->origin_y, -margin, sh + margin - view_h);
}

static gboolean
settled (gpointer data)
{
  PdgGraphView *self = data;

  self->settle_id = 0;
  /* The first frame at rest draws tiles for exactly this view. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* The view moved: it is moving until SETTLE_MS from now. */
static void
note_motion (PdgGraphView *self)
{
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (SETTLE_MS, settled, self);
}

static void
set_origin (PdgGraphView *self,
            double        x,
            double        y)
{
  self->origin_x = x;
  self->origin_y = y;
  clamp_origin (self);
  note_motion (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pdg_graph_view_zoom_at (PdgGraphView *self,
                        double        zoom,
                        double        x,
                        double        y)
{
  double scene_x, scene_y;

  g_return_if_fail (PDG_IS_GRAPH_VIEW (self));

  zoom = CLAMP (zoom, PDG_GRAPH_VIEW_ZOOM_MIN, PDG_GRAPH_VIEW_ZOOM_MAX);
  scene_x = self->origin_x + x / self->zoom;
  scene_y = self->origin_y + y / self->zoom;
  self->fit_pending = FALSE;

  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  set_origin (self, scene_x - x / zoom, scene_y - y / zoom);
}

void
pdg_graph_view_set_zoom (PdgGraphView *self,
                         double        zoom)
{
  g_return_if_fail (PDG_IS_GRAPH_VIEW (self));

  pdg_graph_view_zoom_at (self, zoom,
                          gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                          gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

double
pdg_graph_view_get_zoom (PdgGraphView *self)
{
  g_return_val_if_fail (PDG_IS_GRAPH_VIEW (self), 1.0);

  return self->zoom;
}

/**
 * pdg_graph_view_zoom_to_fit:
 *
 * Shows the whole scene, at 100 % at most. Before the widget has a size,
 * it fits as soon as it gets one.
 */
void
pdg_graph_view_zoom_to_fit (PdgGraphView *self)
{
  int width, height;
  double zoom;

  g_return_if_fail (PDG_IS_GRAPH_VIEW (self));

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0 || self->scene == NULL)
    {
      self->fit_pending = self->scene != NULL;
      return;
    }

  zoom = MIN ((width - 2 * FIT_PADDING) / MAX (scene_width (self), 1),
              (height - 2 * FIT_PADDING) / MAX (scene_height (self), 1));
  zoom = CLAMP (zoom, PDG_GRAPH_VIEW_ZOOM_MIN, 1.0);
  self->fit_pending = FALSE;

  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  set_origin (self,
              scene_width (self) / 2 - width / zoom / 2,
              scene_height (self) / 2 - height / zoom / 2);
}

void
pdg_graph_view_get_visible_area (PdgGraphView    *self,
                                 graphene_rect_t *area)
{
  g_return_if_fail (PDG_IS_GRAPH_VIEW (self));

  graphene_rect_init (area, self->origin_x, self->origin_y,
                      gtk_widget_get_width (GTK_WIDGET (self)) / self->zoom,
                      gtk_widget_get_height (GTK_WIDGET (self)) / self->zoom);
}

void
pdg_graph_view_scene_to_widget (PdgGraphView *self,
                                double        scene_x,
                                double        scene_y,
                                double       *x,
                                double       *y)
{
  g_return_if_fail (PDG_IS_GRAPH_VIEW (self));

  if (x != NULL)
    *x = (scene_x - self->origin_x) * self->zoom;
  if (y != NULL)
    *y = (scene_y - self->origin_y) * self->zoom;
}

guint
pdg_graph_view_pick (PdgGraphView *self,
                     double        x,
                     double        y)
{
  g_return_val_if_fail (PDG_IS_GRAPH_VIEW (self), NONE);

  if (self->scene == NULL)
    return NONE;
  return pdg_scene_hit (self->scene,
                        self->origin_x + x / self->zoom,
                        self->origin_y + y / self->zoom);
}

static void
center_on_scene_node (PdgGraphView *self,
                      guint         index)
{
  const PdgSceneNode *n = pdg_scene_get_node (self->scene, index);

  set_origin (self,
              n->x - gtk_widget_get_width (GTK_WIDGET (self)) / self->zoom / 2,
              n->y - gtk_widget_get_height (GTK_WIDGET (self)) / self->zoom / 2);
}

/* Pans as little as possible to show the whole node (or centres it when it
 * is larger than the view). */
static void
scroll_to_scene_node (PdgGraphView *self,
                      guint         index)
{
  const PdgSceneNode *n = pdg_scene_get_node (self->scene, index);
  double margin = 24 / self->zoom;
  double view_w = gtk_widget_get_width (GTK_WIDGET (self)) / self->zoom;
  double view_h = gtk_widget_get_height (GTK_WIDGET (self)) / self->zoom;
  double x = self->origin_x;
  double y = self->origin_y;
  double left = n->x - n->width / 2 - margin;
  double right = n->x + n->width / 2 + margin;
  double top = n->y - n->height / 2 - margin;
  double bottom = n->y + n->height / 2 + margin;

  if (view_w <= 0 || view_h <= 0)
    return;

  if (right - left > view_w)
    x = n->x - view_w / 2;
  else if (left < x)
    x = left;
  else if (right > x + view_w)
    x = right - view_w;

  if (bottom - top > view_h)
    y = n->y - view_h / 2;
  else if (top < y)
    y = top;
  else if (bottom > y + view_h)
    y = bottom - view_h;

  set_origin (self, x, y);
}

void
pdg_graph_view_center_on (PdgGraphView *self,
                          int           genealogy_node)
{
  guint index;

  g_return_if_fail (PDG_IS_GRAPH_VIEW (self));

  if (self->scene == NULL || genealogy_node < 0)
    return;
  index = pdg_scene_find_unit (self->scene, genealogy_node);
  if (index != NONE)
    center_on_scene_node (self, index);
}

/* Selection ---------------------------------------------------------------- */

static int
genealogy_of (PdgGraphView *self,
              guint         scene_node)
{
  const PdgSceneNode *n;

  if (self->scene == NULL || scene_node == NONE)
    return -1;
  n = pdg_scene_get_node (self->scene, scene_node);
  return n->kind == PDG_SCENE_NODE_UNIT ? (int) n->node : -1;
}

static void
update_accessible_description (PdgGraphView *self)
{
  g_autofree char *description = NULL;
  const PdgUnit *unit = NULL;

  if (self->selected != NONE)
    unit = scene_unit (self, self->selected);

  if (unit != NULL)
    {
      g_autofree char *lot = format_lot (unit);

      /* TRANSLATORS: what a screen reader says about the selected card:
       * description, item number, serial or batch, status */
      description = g_strdup_printf (_("Selected: %s, %s, %s, %s"),
                                     unit->item_description != NULL ? unit->item_description : "",
                                     unit->item_number != NULL ? unit->item_number : "",
                                     lot, pdg_unit_status_label (unit->status));
    }
  else if (self->selected != NONE)
    {
      const PdgSceneNode *n = pdg_scene_get_node (self->scene, self->selected);

      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Selected: %u more unit, folded",
                                                  "Selected: %u more units, folded",
                                                  n->group_size),
                                     n->group_size);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : _("Nothing selected"),
                                  -1);
}

/* Selects a scene node (a unit or a group) or nothing; notifies "selected"
 * and emits ::node-selected when the selected genealogy node changes. */
static void
select_scene_node (PdgGraphView *self,
                   guint         index)
{
  int before = genealogy_of (self, self->selected);
  int after;

  if (index == self->selected)
    return;

  invalidate_edges_of (self, self->selected);
  invalidate_edges_of (self, index);
  self->selected = index;
  after = genealogy_of (self, index);
  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (before != after)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
      g_signal_emit (self, signals[NODE_SELECTED], 0, after);
    }
}

int
pdg_graph_view_get_selected (PdgGraphView *self)
{
  g_return_val_if_fail (PDG_IS_GRAPH_VIEW (self), -1);

  return genealogy_of (self, self->selected);
}

/**
 * pdg_graph_view_set_selected:
 * @genealogy_node: a genealogy node index, -1 for none
 *
 * Selects the unit's card and scrolls it into view. A unit folded into a
 * group has no card: nothing is selected then.
 */
void
pdg_graph_view_set_selected (PdgGraphView *self,
                             int           genealogy_node)
{
  guint index = NONE;

  g_return_if_fail (PDG_IS_GRAPH_VIEW (self));

  if (self->scene != NULL && genealogy_node >= 0)
    index = pdg_scene_find_unit (self->scene, genealogy_node);

  select_scene_node (self, index);
  if (index != NONE)
    scroll_to_scene_node (self, index);
}

guint
_pdg_graph_view_get_selected_scene_node (PdgGraphView *self)
{
  return self->selected;
}

static void
activate_scene_node (PdgGraphView *self,
                     guint         index)
{
  const PdgSceneNode *n = pdg_scene_get_node (self->scene, index);

  if (n->kind == PDG_SCENE_NODE_GROUP)
    g_signal_emit (self, signals[GROUP_ACTIVATED], 0, (int) n->node);
  else
    g_signal_emit (self, signals[NODE_ACTIVATED], 0, (int) n->node);
}

gboolean
_pdg_graph_view_activate_selection (PdgGraphView *self)
{
  if (self->scene == NULL || self->selected == NONE)
    return FALSE;

  activate_scene_node (self, self->selected);
  return TRUE;
}

/* The root nearest the middle of the view. */
static guint
first_root (PdgGraphView *self)
{
  graphene_rect_t area;
  double middle;
  guint best = NONE;
  guint best_depth = G_MAXUINT;
  double best_distance = G_MAXDOUBLE;

  pdg_graph_view_get_visible_area (self, &area);
  middle = area.origin.x + area.size.width / 2;

  for (guint i = 0; i < pdg_scene_get_n_nodes (self->scene); i++)
    {
      const PdgSceneNode *n = pdg_scene_get_node (self->scene, i);
      double distance = fabs (n->x - middle);

      if (n->depth < best_depth || (n->depth == best_depth && distance < best_distance))
        {
          best = i;
          best_depth = n->depth;
          best_distance = distance;
        }
    }
  return best;
}

gboolean
_pdg_graph_view_move_selection (PdgGraphView     *self,
                                GtkDirectionType  direction)
{
  const PdgSceneNode *current;
  guint best = NONE;
  double best_score = G_MAXDOUBLE;

  if (self->scene == NULL || pdg_scene_get_n_nodes (self->scene) == 0)
    return FALSE;

  if (self->selected == NONE)
    {
      best = first_root (self);
      select_scene_node (self, best);
      scroll_to_scene_node (self, best);
      return TRUE;
    }

  current = pdg_scene_get_node (self->scene, self->selected);

  switch ((int) direction)
    {
    case GTK_DIR_UP:
      /* Toward the root: the consumer above, the nearest one if several. */
      for (guint i = 0; i < pdg_scene_get_n_edges (self->scene); i++)
        {
          const PdgSceneEdge *e = pdg_scene_get_edge (self->scene, i);
          double score;

          if (e->to != self->selected)
            continue;
          score = fabs (pdg_scene_get_node (self->scene, e->from)->x - current->x);
          if (score < best_score)
            {
              best = e->from;
              best_score = score;
            }
        }
      break;

    case GTK_DIR_DOWN:
      /* The first child: the leftmost component below. */
      for (guint i = 0; i < pdg_scene_get_n_edges (self->scene); i++)
        {
          const PdgSceneEdge *e = pdg_scene_get_edge (self->scene, i);
          double score;

          if (e->from != self->selected)
            continue;
          score = pdg_scene_get_node (self->scene, e->to)->x;
          if (score < best_score)
            {
              best = e->to;
              best_score = score;
            }
        }
      break;

    case GTK_DIR_LEFT:
    case GTK_DIR_RIGHT:
      /* The nearest node on the same level, on that side. */
      for (guint i = 0; i < pdg_scene_get_n_nodes (self->scene); i++)
        {
          const PdgSceneNode *n = pdg_scene_get_node (self->scene, i);
          double dx = n->x - current->x;

          if (i == self->selected || n->depth != current->depth)
            continue;
          if (direction == GTK_DIR_LEFT)
            dx = -dx;
          if (dx > 0 && dx < best_score)
            {
              best = i;
              best_score = dx;
            }
        }
      break;

    default:
      return FALSE;
    }

  if (best == NONE)
    return FALSE;

  select_scene_node (self, best);
  scroll_to_scene_node (self, best);
  return TRUE;
}

/* Emphasis ----------------------------------------------------------------- */

void
pdg_graph_view_set_emphasis (PdgGraphView *self,
                             GHashTable   *emphasis)
{
  PdgGenealogy *genealogy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (PDG_IS_GRAPH_VIEW (self));

  g_clear_pointer (&self->emphasis, g_free);
  self->n_emphasis = 0;
  self->default_emphasis = PDG_GRAPH_EMPHASIS_NONE;

  genealogy = self->scene != NULL ? pdg_scene_get_genealogy (self->scene) : NULL;
  if (emphasis != NULL && genealogy != NULL)
    {
      self->n_emphasis = pdg_genealogy_get_n_nodes (genealogy);
      self->default_emphasis = GPOINTER_TO_INT (g_hash_table_lookup (emphasis, NULL));
      self->emphasis = g_malloc (MAX (self->n_emphasis, 1));
      memset (self->emphasis, self->default_emphasis, self->n_emphasis);

      g_hash_table_iter_init (&iter, emphasis);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint index = GPOINTER_TO_UINT (key);

          if (index > 0 && index - 1 < self->n_emphasis)
            self->emphasis[index - 1] = (guint8) GPOINTER_TO_INT (value);
        }
    }

  invalidate_minimap (self);
  invalidate_tiles (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

PdgGraphEmphasis
pdg_graph_view_get_emphasis (PdgGraphView *self,
                             int           genealogy_node)
{
  g_return_val_if_fail (PDG_IS_GRAPH_VIEW (self), PDG_GRAPH_EMPHASIS_NONE);

  if (genealogy_node >= 0 && (guint) genealogy_node < self->n_emphasis)
    return self->emphasis[genealogy_node];
  return self->default_emphasis;
}

/* Find --------------------------------------------------------------------- */

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static int
compare_reading_order (gconstpointer a,
                       gconstpointer b,
                       gpointer      data)
{
  PdgScene *scene = data;
  const PdgSceneNode *na = pdg_scene_get_node (scene, *(const guint *) a);
  const PdgSceneNode *nb = pdg_scene_get_node (scene, *(const guint *) b);

  if (na->y != nb->y)
    return na->y < nb->y ? -1 : 1;
  if (na->x != nb->x)
    return na->x < nb->x ? -1 : 1;
  return 0;
}

static void
run_find (PdgGraphView *self)
{
  guint n_nodes = self->scene != NULL ? pdg_scene_get_n_nodes (self->scene) : 0;

  g_array_set_size (self->matches, 0);
  g_clear_pointer (&self->is_match, g_free);
  self->match_cursor = 0;

  if (self->find_text == NULL || n_nodes == 0)
    return;

  self->is_match = g_malloc0 (n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      const PdgUnit *unit = scene_unit (self, i);

      if (unit == NULL)
        continue;
      if (contains_folded (unit->item_number, self->find_text) ||
          contains_folded (unit->item_description, self->find_text) ||
          contains_folded (unit->lot, self->find_text))
        {
          g_array_append_val (self->matches, i);
          self->is_match[i] = TRUE;
        }
    }
  g_array_sort_with_data (self->matches, compare_reading_order, self->scene);
}

static int
show_match (PdgGraphView *self)
{
  guint index;

  if (self->matches->len == 0)
    return -1;

  index = g_array_index (self->matches, guint, self->match_cursor);
  select_scene_node (self, index);
  center_on_scene_node (self, index);
  return genealogy_of (self, index);
}

guint
pdg_graph_view_find (PdgGraphView *self,
                     const char   *text)
{
  g_return_val_if_fail (PDG_IS_GRAPH_VIEW (self), 0);

  g_clear_pointer (&self->find_text, g_free);
  if (text != NULL && text[0] != '\0')
    self->find_text = g_utf8_casefold (text, -1);

  run_find (self);
  invalidate_tiles (self);
  show_match (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return self->matches->len;
}

int
pdg_graph_view_find_next (PdgGraphView *self)
{
  g_return_val_if_fail (PDG_IS_GRAPH_VIEW (self), -1);

  if (self->matches->len == 0)
    return -1;
  self->match_cursor = (self->match_cursor + 1) % self->matches->len;
  return show_match (self);
}

int
pdg_graph_view_find_previous (PdgGraphView *self)
{
  g_return_val_if_fail (PDG_IS_GRAPH_VIEW (self), -1);

  if (self->matches->len == 0)
    return -1;
  self->match_cursor = (self->match_cursor + self->matches->len - 1) % self->matches->len;
  return show_match (self);
}

guint
pdg_graph_view_get_n_matches (PdgGraphView *self)
{
  g_return_val_if_fail (PDG_IS_GRAPH_VIEW (self), 0);

  return self->matches->len;
}

/* Scene -------------------------------------------------------------------- */

PdgScene *
pdg_graph_view_get_scene (PdgGraphView *self)
{
  g_return_val_if_fail (PDG_IS_GRAPH_VIEW (self), NULL);

  return self->scene;
}

static void
compute_edge_bounds (PdgGraphView *self)
{
  guint n_edges = pdg_scene_get_n_edges (self->scene);

  self->edge_bounds = g_new (graphene_rect_t, MAX (n_edges, 1));
  for (guint i = 0; i < n_edges; i++)
    {
      const PdgSceneEdge *e = pdg_scene_get_edge (self->scene, i);
      double x0 = e->tip_x, x1 = e->tip_x, y0 = e->tip_y, y1 = e->tip_y;

      for (guint k = 0; k < e->n_points; k++)
        {
          x0 = MIN (x0, e->points[2 * k]);
          x1 = MAX (x1, e->points[2 * k]);
          y0 = MIN (y0, e->points[2 * k + 1]);
          y1 = MAX (y1, e->points[2 * k + 1]);
        }
      if (e->quantity > 0)
        {
          /* Room for the label. */
          x0 = MIN (x0, e->label_x - 40);
          x1 = MAX (x1, e->label_x + 40);
          y0 = MIN (y0, e->label_y - 10);
          y1 = MAX (y1, e->label_y + 10);
        }
      /* Room for the arrowhead and the line width. */
      graphene_rect_init (&self->edge_bounds[i], x0 - 8, y0 - 8, x1 - x0 + 16, y1 - y0 + 16);
    }
}

/**
 * pdg_graph_view_set_scene:
 * @scene: (nullable): what to draw
 *
 * A scene of another genealogy starts afresh: nothing selected, no
 * emphasis, no find, fitted to the view. A new layout of the same
 * genealogy (a group expanded, a level collapsed) keeps the zoom, the
 * selection, the emphasis and the find where their units are still drawn.
 */
void
pdg_graph_view_set_scene (PdgGraphView *self,
                          PdgScene     *scene)
{
  int selected;
  gboolean same_genealogy;

  g_return_if_fail (PDG_IS_GRAPH_VIEW (self));

  if (scene == self->scene)
    return;

  selected = pdg_graph_view_get_selected (self);
  same_genealogy = self->scene != NULL && scene != NULL &&
                   pdg_scene_get_genealogy (self->scene) == pdg_scene_get_genealogy (scene);

  clear_texts (self);
  g_clear_pointer (&self->texts, g_free);
  g_clear_pointer (&self->edge_labels, g_free);
  g_clear_pointer (&self->edge_bounds, g_free);
  g_clear_pointer (&self->edge_styles, g_free);
  invalidate_minimap (self);
  invalidate_tiles (self);
  g_clear_pointer (&self->scene, pdg_scene_unref);

  if (scene != NULL)
    {
      self->scene = pdg_scene_ref (scene);
      self->texts = g_new0 (NodeText, MAX (pdg_scene_get_n_nodes (scene), 1));
      self->edge_labels = g_new0 (PangoLayout *, MAX (pdg_scene_get_n_edges (scene), 1));
      self->edge_styles = g_new0 (guint8, MAX (pdg_scene_get_n_edges (scene), 1));
      compute_edge_bounds (self);
    }

  /* The selection is a scene node: map it through the genealogy. */
  self->selected = NONE;
  if (same_genealogy && selected >= 0)
    self->selected = pdg_scene_find_unit (self->scene, selected);

  if (!same_genealogy)
    {
      g_clear_pointer (&self->emphasis, g_free);
      self->n_emphasis = 0;
      self->default_emphasis = PDG_GRAPH_EMPHASIS_NONE;
      g_clear_pointer (&self->find_text, g_free);
      pdg_graph_view_zoom_to_fit (self);
    }
  else
    {
      clamp_origin (self);
    }
  run_find (self);

  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENE]);
  if (genealogy_of (self, self->selected) != selected)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
      g_signal_emit (self, signals[NODE_SELECTED], 0, genealogy_of (self, self->selected));
    }
}

/* Drawing ------------------------------------------------------------------ */

static void
rounded_rect_path (cairo_t               *cr,
                   const graphene_rect_t *r,
                   double                 radius)
{
  double x = r->origin.x, y = r->origin.y, w = r->size.width, h = r->size.height;

  radius = MIN (radius, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
append_ring (GtkSnapshot           *snapshot,
             const graphene_rect_t *r,
             double                 radius,
             double                 width,
             const GdkRGBA         *color)
{
  GskRoundedRect rr;
  float w = width;

  gsk_rounded_rect_init_from_rect (&rr, r, radius);
  gtk_snapshot_append_border (snapshot, &rr,
                              (float[4]) { w, w, w, w },
                              (GdkRGBA[4]) { *color, *color, *color, *color });
}

static EdgeStyle
edge_style (PdgGraphView       *self,
            guint               index,
            const PdgSceneEdge *e)
{
  PdgGraphEmphasis from = scene_emphasis (self, e->from);
  PdgGraphEmphasis to = scene_emphasis (self, e->to);

  if (self->selected != NONE && (e->from == self->selected || e->to == self->selected))
    return EDGE_SELECTED;
  if (from == PDG_GRAPH_EMPHASIS_SUSPECT && to == PDG_GRAPH_EMPHASIS_SUSPECT)
    return EDGE_SUSPECT;
  if ((from == PDG_GRAPH_EMPHASIS_SUSPECT || from == PDG_GRAPH_EMPHASIS_IMPACTED) &&
      (to == PDG_GRAPH_EMPHASIS_SUSPECT || to == PDG_GRAPH_EMPHASIS_IMPACTED))
    return EDGE_IMPACTED;
  if (from == PDG_GRAPH_EMPHASIS_HIGHLIGHT && to == PDG_GRAPH_EMPHASIS_HIGHLIGHT)
    return EDGE_HIGHLIGHT;
  if (from == PDG_GRAPH_EMPHASIS_DIMMED || to == PDG_GRAPH_EMPHASIS_DIMMED)
    return EDGE_DIMMED;
  return EDGE_NORMAL;
}

static GdkRGBA
edge_color (PdgGraphView *self,
            EdgeStyle     style)
{
  const Palette *p = &self->palette;

  switch (style)
    {
    case EDGE_DIMMED:    return alpha (&p->fg, 0.12);
    case EDGE_SELECTED:  return p->accent;
    case EDGE_HIGHLIGHT: return p->accent;
    case EDGE_IMPACTED:  return p->warning;
    case EDGE_SUSPECT:   return p->error;
    case EDGE_NORMAL:
    default:             return alpha (&p->fg, 0.42);
    }
}

/* The edge's curve; with @arrow, the arrowhead instead (a closed triangle
 * spanning the gap between the curve's end and the tip, or along the last
 * control segment when there is no gap). */
static void
edge_path (cairo_t            *cr,
           const PdgSceneEdge *e,
           gboolean            arrow)
{
  const double size = 9.0;
  double bx, by, dx, dy, length, head, half;

  if (e->n_points == 0)
    return;

  if (!arrow)
    {
      cairo_move_to (cr, e->points[0], e->points[1]);
      if (e->n_points >= 4)
        for (guint k = 1; k + 2 < e->n_points; k += 3)
          cairo_curve_to (cr,
                          e->points[2 * k], e->points[2 * k + 1],
                          e->points[2 * k + 2], e->points[2 * k + 3],
                          e->points[2 * k + 4], e->points[2 * k + 5]);
      else
        for (guint k = 1; k < e->n_points; k++)
          cairo_line_to (cr, e->points[2 * k], e->points[2 * k + 1]);
      return;
    }

  bx = e->points[2 * (e->n_points - 1)];
  by = e->points[2 * (e->n_points - 1) + 1];
  dx = e->tip_x - bx;
  dy = e->tip_y - by;
  length = hypot (dx, dy);
  head = CLAMP (length, size * 0.6, size * 1.4);
  if (length < 1 && e->n_points >= 2)
    {
      dx = e->tip_x - e->points[2 * (e->n_points - 2)];
      dy = e->tip_y - e->points[2 * (e->n_points - 2) + 1];
      length = hypot (dx, dy);
      head = size;
    }
  if (length < 1e-6)
    return;
  dx /= length;
  dy /= length;
  half = head * 0.4;

  cairo_move_to (cr, e->tip_x, e->tip_y);
  cairo_line_to (cr, e->tip_x - dx * head - dy * half, e->tip_y - dy * head + dx * half);
  cairo_line_to (cr, e->tip_x - dx * head + dy * half, e->tip_y - dy * head - dx * half);
  cairo_close_path (cr);
}

/* Sorts the edges in @area into styles; EDGE_CULLED for the rest. Returns
 * how many are drawn. */
static guint
classify_edges (PdgGraphView          *self,
                const graphene_rect_t *area,
                guint                  counts[N_EDGE_STYLES])
{
  guint n_edges = pdg_scene_get_n_edges (self->scene);
  guint n_drawn = 0;

  for (guint i = 0; i < n_edges; i++)
    {
      const PdgSceneEdge *e = pdg_scene_get_edge (self->scene, i);

      if (e->n_points == 0 || !rects_overlap (&self->edge_bounds[i], area))
        {
          self->edge_styles[i] = EDGE_CULLED;
          continue;
        }
      self->edge_styles[i] = edge_style (self, i, e);
      counts[self->edge_styles[i]]++;
      n_drawn++;
    }
  return n_drawn;
}

/* Each curve is stroked on its own: cairo rasterizes one path of 2,000
 * crossing curves several times slower than 2,000 small ones. Arrowheads
 * go in one path per style, and not at all when they would be smaller
 * than a pixel and a half. */
static void
draw_edges (PdgGraphView *self,
            cairo_t      *cr,
            const guint   counts[N_EDGE_STYLES],
            double        pixel)
{
  guint n_edges = pdg_scene_get_n_edges (self->scene);
  gboolean arrows = 9.0 / pixel >= 1.5;

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint style = 0; style < N_EDGE_STYLES; style++)
    {
      gboolean emphasised = style != EDGE_NORMAL && style != EDGE_DIMMED;
      GdkRGBA color;

      if (counts[style] == 0)
        continue;
      color = edge_color (self, style);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, MAX (emphasised ? 2.0 : 1.3, pixel));

      for (guint i = 0; i < n_edges; i++)
        {
          const PdgSceneEdge *e;

          if (self->edge_styles[i] != style)
            continue;
          e = pdg_scene_get_edge (self->scene, i);
          /* Edges into "+N more" groups are dashed. */
          if (pdg_scene_get_node (self->scene, e->to)->kind == PDG_SCENE_NODE_GROUP)
            cairo_set_dash (cr, (double[2]) { 5, 4 }, 2, 0);
          edge_path (cr, e, FALSE);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }

      if (!arrows)
        continue;
      for (guint i = 0; i < n_edges; i++)
        if (self->edge_styles[i] == style)
          edge_path (cr, pdg_scene_get_edge (self->scene, i), TRUE);
      cairo_fill (cr);
    }
}

static void
draw_edge_labels (PdgGraphView          *self,
                  GtkSnapshot           *snapshot,
                  const graphene_rect_t *area)
{
  guint n_edges = pdg_scene_get_n_edges (self->scene);
  const Palette *p = &self->palette;

  for (guint i = 0; i < n_edges; i++)
    {
      const PdgSceneEdge *e = pdg_scene_get_edge (self->scene, i);
      PangoLayout *layout;
      double w, h;
      GskRoundedRect rr;
      GdkRGBA text, pill;

      if (self->edge_styles[i] == EDGE_CULLED || e->quantity <= 0 ||
          !rects_overlap (&self->edge_bounds[i], area))
        continue;

      layout = ensure_edge_label (self, i);
      w = layout_width (layout);
      h = layout_height (layout);
      pill = alpha (&p->bg, 0.85);
      text = self->edge_styles[i] == EDGE_DIMMED ? alpha (&p->fg, 0.3) : alpha (&p->fg, 0.7);

      gsk_rounded_rect_init_from_rect (&rr,
                                       &GRAPHENE_RECT_INIT (e->label_x - w / 2 - 3,
                                                            e->label_y - h / 2,
                                                            w + 6, h),
                                       h / 2);
      gtk_snapshot_push_rounded_clip (snapshot, &rr);
      gtk_snapshot_append_color (snapshot, &pill, &rr.bounds);
      gtk_snapshot_pop (snapshot);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (e->label_x - w / 2, e->label_y - h / 2));
      gtk_snapshot_append_layout (snapshot, layout, &text);
      gtk_snapshot_restore (snapshot);
    }
}

/* A "+N more" group's dashed box, in the cairo layer. */
static void
draw_group_box (PdgGraphView       *self,
                cairo_t            *cr,
                guint               index,
                const PdgSceneNode *n,
                double              pixel)
{
  const Palette *p = &self->palette;
  graphene_rect_t r = node_rect (n);
  double a = scene_emphasis (self, index) == PDG_GRAPH_EMPHASIS_DIMMED ? 0.4 : 1.0;
  GdkRGBA fill = mix (&p->fg, &p->bg, 0.05 * a);
  GdkRGBA line = alpha (&p->fg, 0.5 * a);
  double width = MAX (1.2, pixel);

  /* The stroke inside the box, as a card's border is. */
  graphene_rect_inset (&r, width / 2, width / 2);
  cairo_new_path (cr);
  rounded_rect_path (cr, &r, CARD_RADIUS);
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &line);
  cairo_set_line_width (cr, width);
  cairo_set_dash (cr, (double[2]) { 5, 3.5 }, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

/* A group's label, "+N more". */
static void
draw_group_text (PdgGraphView       *self,
                 GtkSnapshot        *snapshot,
                 guint               index,
                 const PdgSceneNode *n,
                 gboolean            detail)
{
  const Palette *p = &self->palette;
  double a = scene_emphasis (self, index) == PDG_GRAPH_EMPHASIS_DIMMED ? 0.4 : 1.0;

  if (detail)
    {
      NodeText *text = ensure_text (self, index);
      GdkRGBA color = alpha (&p->fg, 0.75 * a);
      double w = layout_width (text->title);
      double h = layout_height (text->title);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (n->x - w / 2, n->y - h / 2));
      gtk_snapshot_append_layout (snapshot, text->title, &color);
      gtk_snapshot_restore (snapshot);
    }
  else
    {
      GdkRGBA bar = alpha (&p->fg, 0.3 * a);

      gtk_snapshot_append_color (snapshot, &bar,
                                 &GRAPHENE_RECT_INIT (n->x - n->width * 0.2, n->y - n->height * 0.1,
                                                      n->width * 0.4, n->height * 0.2));
    }
}

static void
draw_card (PdgGraphView       *self,
           GtkSnapshot        *snapshot,
           guint               index,
           const PdgSceneNode *n,
           gboolean            detail)
{
  const Palette *p = &self->palette;
  const PdgUnit *unit = scene_unit (self, index);
  PdgGraphEmphasis emphasis = scene_emphasis (self, index);
  gboolean dimmed = emphasis == PDG_GRAPH_EMPHASIS_DIMMED;
  gboolean match = self->is_match != NULL && self->is_match[index];
  double a = dimmed ? 0.35 : 1.0;
  graphene_rect_t r = node_rect (n);
  GskRoundedRect rr;
  GdkRGBA fill, bar, border;
  double border_width = 1.0;

  fill = dimmed ? mix (&p->card, &p->bg, 0.5) : p->card;
  bar = unit != NULL ? status_color (self, unit->status) : alpha (&p->fg, 0.3);
  bar = alpha (&bar, a);
  border = alpha (&p->fg, dimmed ? 0.08 : 0.16);

  switch ((int) emphasis)
    {
    case PDG_GRAPH_EMPHASIS_SUSPECT:
      fill = mix (&p->error, &fill, 0.13);
      border = p->error;
      border_width = 2.0;
      break;
    case PDG_GRAPH_EMPHASIS_IMPACTED:
      fill = mix (&p->warning, &fill, 0.15);
      border = p->warning;
      border_width = 2.0;
      break;
    case PDG_GRAPH_EMPHASIS_HIGHLIGHT:
      fill = mix (&p->accent, &fill, 0.10);
      border = p->accent;
      border_width = 2.0;
      break;
    default:
      break;
    }
  if (match)
    {
      fill = mix (&p->accent, &fill, 0.16);
      if (border_width < 2)
        {
          border = alpha (&p->accent, 0.8);
          border_width = 1.5;
        }
    }

  gsk_rounded_rect_init_from_rect (&rr, &r, CARD_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &rr);
  gtk_snapshot_append_color (snapshot, &fill, &r);
  gtk_snapshot_append_color (snapshot, &bar,
                             &GRAPHENE_RECT_INIT (r.origin.x, r.origin.y,
                                                  BAR_WIDTH, r.size.height));
  gtk_snapshot_pop (snapshot);
  append_ring (snapshot, &r, CARD_RADIUS, border_width, &border);

  if (!detail)
    {
      /* Greeked: where the lines of text would be. */
      GdkRGBA strong = alpha (&p->fg, 0.45 * a);
      GdkRGBA weak = alpha (&p->fg, 0.2 * a);
      double x = r.origin.x + TEXT_LEFT;
      double w = r.size.width - TEXT_LEFT - TEXT_RIGHT;
      double h = r.size.height;

      gtk_snapshot_append_color (snapshot, &strong,
                                 &GRAPHENE_RECT_INIT (x, r.origin.y + h * 0.17, w * 0.8, h * 0.14));
      gtk_snapshot_append_color (snapshot, &weak,
                                 &GRAPHENE_RECT_INIT (x, r.origin.y + h * 0.45, w * 0.5, h * 0.1));
      gtk_snapshot_append_color (snapshot, &weak,
                                 &GRAPHENE_RECT_INIT (x, r.origin.y + h * 0.68, w * 0.6, h * 0.1));
      return;
    }

  {
    NodeText *text = ensure_text (self, index);
    GdkRGBA primary = alpha (&p->fg, a);
    GdkRGBA secondary = alpha (&p->fg, 0.68 * a);
    double title_h = layout_height (text->title);
    double details_h = text->details != NULL ? layout_height (text->details) : 0;
    double quantity_h = text->quantity != NULL ? layout_height (text->quantity) : 0;
    double top = r.origin.y + MAX ((r.size.height - title_h - details_h - quantity_h) / 2, 2);

    gtk_snapshot_push_clip (snapshot, &r);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (r.origin.x + TEXT_LEFT, top));
    gtk_snapshot_append_layout (snapshot, text->title, &primary);
    if (text->details != NULL)
      {
        gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, title_h));
        gtk_snapshot_append_layout (snapshot, text->details, &secondary);
      }
    if (text->quantity != NULL && unit != NULL)
      {
        PangoLayout *status = ensure_status_layout (self, unit->status);
        GdkRGBA status_fg = status_color (self, unit->status);
        double right = r.size.width - TEXT_LEFT - TEXT_RIGHT;

        if (unit->status == PDG_UNIT_STATUS_CONSUMED)
          status_fg = alpha (&p->fg, 0.55);
        status_fg = alpha (&status_fg, a);

        gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, details_h));
        gtk_snapshot_append_layout (snapshot, text->quantity, &secondary);
        gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (right - layout_width (status), 0));
        gtk_snapshot_append_layout (snapshot, status, &status_fg);
      }
    gtk_snapshot_restore (snapshot);
    gtk_snapshot_pop (snapshot);
  }
}

/* The ring around the selected card, placed by @view. */
static void
draw_selection (PdgGraphView *self,
                GtkSnapshot  *snapshot,
                const View   *view)
{
  const PdgSceneNode *n;
  graphene_rect_t r;
  double pixel = 1.0 / view->zoom;
  double gap = MAX (3.0, 2 * pixel);
  double width = MAX (2.5, 2 * pixel);

  if (self->selected == NONE)
    return;

  n = pdg_scene_get_node (self->scene, self->selected);
  r = node_rect (n);
  graphene_rect_inset (&r, -(gap + width), -(gap + width));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (view->x, view->y));
  gtk_snapshot_scale (snapshot, view->scale, view->scale);
  append_ring (snapshot, &r, CARD_RADIUS + gap + width, width, &self->palette.accent);
  gtk_snapshot_restore (snapshot);
}

/* Edges and "+N more" boxes in @area (scene points), into one cairo node
 * placed by @view. The node is appended in the snapshot's own, unscaled
 * coordinates, with the scene transform set on the cairo context: GTK
 * 4.8's gtk_snapshot_append_cairo() misplaces the drawing under a
 * transform that both scales and translates. */
static void
append_cairo_layer (PdgGraphView          *self,
                    GtkSnapshot           *snapshot,
                    const View            *view,
                    const graphene_rect_t *area)
{
  guint n_nodes = pdg_scene_get_n_nodes (self->scene);
  guint counts[N_EDGE_STYLES] = { 0, };
  double pixel = 1.0 / view->zoom;
  gboolean any_group = FALSE;
  guint n_edges;
  graphene_rect_t bounds;
  cairo_t *cr;

  n_edges = classify_edges (self, area, counts);
  for (guint i = 0; i < n_nodes && !any_group; i++)
    {
      const PdgSceneNode *n = pdg_scene_get_node (self->scene, i);
      graphene_rect_t r = node_rect (n);

      any_group = n->kind == PDG_SCENE_NODE_GROUP && rects_overlap (&r, area);
    }
  if (n_edges == 0 && !any_group)
    return;

  /* On whole pixels: GTK clips the node to its bounds, and a clip between
   * pixels would make cairo draw through a mask, with other roundings
   * than a tile's drawing of the same curves. */
  graphene_rect_init (&bounds,
                      area->origin.x * view->scale + view->x,
                      area->origin.y * view->scale + view->y,
                      area->size.width * view->scale,
                      area->size.height * view->scale);
  graphene_rect_round_extents (&bounds, &bounds);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_translate (cr, view->x, view->y);
  cairo_scale (cr, view->scale, view->scale);
  if (n_edges > 0)
    draw_edges (self, cr, counts, pixel);
  for (guint i = 0; i < n_nodes && any_group; i++)
    {
      const PdgSceneNode *n = pdg_scene_get_node (self->scene, i);
      graphene_rect_t r = node_rect (n);

      if (n->kind == PDG_SCENE_NODE_GROUP && rects_overlap (&r, area))
        draw_group_box (self, cr, i, n, pixel);
    }
  cairo_destroy (cr);
}

/* The scene, placed by @view: what lies in @area (scene points), at full
 * text detail or greeked. The selection ring is drawn apart, over it. */
static void
draw_scene (PdgGraphView          *self,
            GtkSnapshot           *snapshot,
            const View            *view,
            const graphene_rect_t *area,
            gboolean               detail)
{
  guint n_nodes = pdg_scene_get_n_nodes (self->scene);

  append_cairo_layer (self, snapshot, view, area);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (view->x, view->y));
  gtk_snapshot_scale (snapshot, view->scale, view->scale);

  if (detail && view->zoom >= LABEL_ZOOM)
    draw_edge_labels (self, snapshot, area);

  for (guint i = 0; i < n_nodes; i++)
    {
      const PdgSceneNode *n = pdg_scene_get_node (self->scene, i);
      graphene_rect_t r = node_rect (n);

      if (!rects_overlap (&r, area))
        continue;
      if (n->kind == PDG_SCENE_NODE_GROUP)
        draw_group_text (self, snapshot, i, n, detail);
      else
        draw_card (self, snapshot, i, n, detail);
    }

  gtk_snapshot_restore (snapshot);
}

/* Tiles -------------------------------------------------------------------- */

/* @node's pixels (0, 0) to (@width, @height), drawn the way @renderer
 * draws on screen: the cairo renderer draws with gsk_render_node_draw(). */
static Raster *
rasterize (GskRenderer   *renderer,
           GskRenderNode *node,
           int            width,
           int            height)
{
  Raster *raster = g_new0 (Raster, 1);

  raster->width = width;
  raster->height = height;
  if (GSK_IS_CAIRO_RENDERER (renderer))
    {
      cairo_t *cr;

      raster->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cr = cairo_create (raster->surface);
      gsk_render_node_draw (node, cr);
      cairo_destroy (cr);
    }
  else
    raster->texture = gsk_renderer_render_texture (renderer, node,
                                                   &GRAPHENE_RECT_INIT (0, 0, width, height));
  return raster;
}

/* Paints @raster into device pixels (x0, y0) to (x1, y1) of @cr (a cairo
 * node's, in device pixels): as it is when the sizes match, else scaled. */
static void
paint_raster (cairo_t      *cr,
              const Raster *raster,
              double        x0,
              double        y0,
              double        x1,
              double        y1)
{
  cairo_save (cr);
  cairo_translate (cr, x0, y0);
  cairo_scale (cr, (x1 - x0) / raster->width, (y1 - y0) / raster->height);
  cairo_set_source_surface (cr, raster->surface, 0, 0);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_rectangle (cr, 0, 0, raster->width, raster->height);
  cairo_fill (cr);
  cairo_restore (cr);
}

static gint64
tile_key (int i,
          int j)
{
  return (gint64) ((guint64) (guint32) i << 32 | (guint32) j);
}

static void
tile_of_key (gconstpointer  key,
             int           *i,
             int           *j)
{
  guint64 k = *(const gint64 *) key;

  *i = (int) (guint32) (k >> 32);
  *j = (int) (guint32) k;
}

static Raster *
level_lookup (const Level *level,
              int          i,
              int          j)
{
  gint64 key = tile_key (i, j);

  return g_hash_table_lookup (level->tiles, &key);
}

static void
level_insert (Level  *level,
              int     i,
              int     j,
              Raster *tile)
{
  gint64 *key = g_new (gint64, 1);

  *key = tile_key (i, j);
  g_hash_table_insert (level->tiles, key, tile);
}

/* A level at @zoom whose pixels line up with the screen's as the view is
 * now: tile pixel X lands on device pixel X - ceil (origin × scale), a
 * whole number, for as long as the view moves by whole device pixels. */
static Level *
level_new (PdgGraphView *self,
           double        zoom,
           int           scale_factor,
           gboolean      aligned)
{
  Level *level = g_new0 (Level, 1);

  level->zoom = zoom;
  level->scale = zoom * scale_factor;
  if (aligned)
    {
      level->dx = ceil (self->origin_x * level->scale) - self->origin_x * level->scale;
      level->dy = ceil (self->origin_y * level->scale) - self->origin_y * level->scale;
    }
  level->tiles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) raster_free);
  return level;
}

/* Whether @level is the view as it is now, pixel for pixel. */
static gboolean
level_is_exact (PdgGraphView *self,
                const Level  *level,
                int           scale_factor)
{
  double shift_x, shift_y;

  if (level->zoom != self->zoom || level->scale != self->zoom * scale_factor)
    return FALSE;
  shift_x = level->dx + self->origin_x * level->scale;
  shift_y = level->dy + self->origin_y * level->scale;
  return fabs (shift_x - round (shift_x)) < 1e-6 && fabs (shift_y - round (shift_y)) < 1e-6;
}

/* The scene points a tile holds. */
static graphene_rect_t
tile_area (const Level *level,
           int          i,
           int          j)
{
  return GRAPHENE_RECT_INIT ((i * TILE_SIZE - level->dx) / level->scale,
                             (j * TILE_SIZE - level->dy) / level->scale,
                             TILE_SIZE / level->scale,
                             TILE_SIZE / level->scale);
}

/* Drops the tiles over @area (scene points), in every level. */
static void
invalidate_tiles_over (PdgGraphView          *self,
                       const graphene_rect_t *area)
{
  Level *levels[] = { self->level, self->previous, self->overview };

  for (guint k = 0; k < G_N_ELEMENTS (levels); k++)
    {
      GHashTableIter iter;
      gpointer key;

      if (levels[k] == NULL)
        continue;
      g_hash_table_iter_init (&iter, levels[k]->tiles);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          int i, j;
          graphene_rect_t r;

          tile_of_key (key, &i, &j);
          r = tile_area (levels[k], i, j);
          if (rects_overlap (&r, area))
            g_hash_table_iter_remove (&iter);
        }
    }
}

/* The tiles of @level over @area (scene points), cut to the scene and the
 * margin around it (past that there is only background). FALSE when
 * there are none. */
static gboolean
tile_range (PdgGraphView          *self,
            const Level           *level,
            const graphene_rect_t *area,
            TileRange             *range)
{
  graphene_rect_t scene = GRAPHENE_RECT_INIT (-EXPORT_MARGIN, -EXPORT_MARGIN,
                                              scene_width (self) + 2 * EXPORT_MARGIN,
                                              scene_height (self) + 2 * EXPORT_MARGIN);
  graphene_rect_t r;

  if (!graphene_rect_intersection (area, &scene, &r))
    return FALSE;
  range->i0 = (int) floor ((r.origin.x * level->scale + level->dx) / TILE_SIZE);
  range->i1 = (int) floor (((r.origin.x + r.size.width) * level->scale + level->dx) / TILE_SIZE);
  range->j0 = (int) floor ((r.origin.y * level->scale + level->dy) / TILE_SIZE);
  range->j1 = (int) floor (((r.origin.y + r.size.height) * level->scale + level->dy) / TILE_SIZE);
  return TRUE;
}

/* The visible area, and @margin tiles of @level around it. */
static gboolean
visible_tiles (PdgGraphView *self,
               const Level  *level,
               int           margin,
               TileRange    *range)
{
  graphene_rect_t area;

  pdg_graph_view_get_visible_area (self, &area);
  graphene_rect_inset (&area, -margin * TILE_SIZE / level->scale,
                       -margin * TILE_SIZE / level->scale);
  return tile_range (self, level, &area, range);
}

/* Every tile of @level over @area is drawn, and not so much smaller than
 * the view's zoom that enlarged it would be a blur. */
static gboolean
level_covers (PdgGraphView          *self,
              const Level           *level,
              const graphene_rect_t *area)
{
  TileRange r;

  if (level == NULL || self->zoom > level->zoom * STAND_IN_RATIO)
    return FALSE;
  if (!tile_range (self, level, area, &r))
    return TRUE;
  for (int j = r.j0; j <= r.j1; j++)
    for (int i = r.i0; i <= r.i1; i++)
      if (level_lookup (level, i, j) == NULL)
        return FALSE;
  return TRUE;
}

/* Rasterizes tile (i, j) of @level with @renderer: the background, then
 * the scene as draw_scene() draws it on screen. */
static Raster *
render_tile (PdgGraphView *self,
             GskRenderer  *renderer,
             const Level  *level,
             int           i,
             int           j)
{
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  View view = { level->scale, level->dx - i * TILE_SIZE, level->dy - j * TILE_SIZE, level->zoom };
  graphene_rect_t tile = GRAPHENE_RECT_INIT (0, 0, TILE_SIZE, TILE_SIZE);
  graphene_rect_t area = tile_area (level, i, j);
  gint64 start = g_get_monotonic_time ();
  Raster *raster;
  double *cost;

  /* And a pixel around: what is drawn just outside may reach in. */
  graphene_rect_inset (&area, -1 / level->scale, -1 / level->scale);
  gtk_snapshot_append_color (snapshot, &self->palette.bg, &tile);
  draw_scene (self, snapshot, &view, &area, level->zoom >= DETAIL_ZOOM);
  node = gtk_snapshot_free_to_node (snapshot);
  raster = rasterize (renderer, node, TILE_SIZE, TILE_SIZE);
  cost = &self->tile_cost_us[level->zoom >= DETAIL_ZOOM];
  *cost = MAX (0.8 * *cost, g_get_monotonic_time () - start);
  return raster;
}

/* Places the tiles of @level in view, each edge on a whole device pixel
 * so that neighbours meet without a seam: cairo images all in one cairo
 * node, textures each in a texture node. */
static void
append_level (PdgGraphView *self,
              GtkSnapshot  *snapshot,
              const Level  *level,
              int           scale_factor)
{
  double to_device, shift_x, shift_y;
  cairo_t *cr = NULL;
  TileRange r;

  if (level == NULL || !visible_tiles (self, level, 0, &r))
    return;

  to_device = self->zoom * scale_factor / level->scale;
  shift_x = self->origin_x * level->scale + level->dx;
  shift_y = self->origin_y * level->scale + level->dy;

  for (int j = r.j0; j <= r.j1; j++)
    for (int i = r.i0; i <= r.i1; i++)
      {
        Raster *tile = level_lookup (level, i, j);
        double x0, x1, y0, y1;

        if (tile == NULL)
          continue;
        x0 = round ((i * TILE_SIZE - shift_x) * to_device);
        x1 = round (((i + 1) * TILE_SIZE - shift_x) * to_device);
        y0 = round ((j * TILE_SIZE - shift_y) * to_device);
        y1 = round (((j + 1) * TILE_SIZE - shift_y) * to_device);

        if (tile->texture != NULL)
          {
            gtk_snapshot_append_texture (snapshot, tile->texture,
                                         &GRAPHENE_RECT_INIT (x0 / scale_factor, y0 / scale_factor,
                                                              (x1 - x0) / scale_factor,
                                                              (y1 - y0) / scale_factor));
            continue;
          }
        if (cr == NULL)
          {
            GtkWidget *widget = GTK_WIDGET (self);
            graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                         gtk_widget_get_height (widget));

            cr = gtk_snapshot_append_cairo (snapshot, &bounds);
            cairo_scale (cr, 1.0 / scale_factor, 1.0 / scale_factor);
            /* Tiles are opaque. */
            cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
          }
        paint_raster (cr, tile, x0, y0, x1, y1);
      }
  g_clear_pointer (&cr, cairo_destroy);
}

/* A small picture of the whole scene and its margin, OVERVIEW_TILES tiles
 * at most, the first starting at the margin's top left. */
static Level *
overview_new (PdgGraphView *self,
              int           scale_factor)
{
  double w = (scene_width (self) + 2 * EXPORT_MARGIN) * scale_factor / TILE_SIZE;
  double h = (scene_height (self) + 2 * EXPORT_MARGIN) * scale_factor / TILE_SIZE;
  double zoom = MIN (OVERVIEW_ZOOM, sqrt (OVERVIEW_TILES / (w * h)));
  Level *level;

  while (ceil (w * zoom) * ceil (h * zoom) > OVERVIEW_TILES && zoom > PDG_GRAPH_VIEW_ZOOM_MIN / 4)
    zoom *= 0.95;
  level = level_new (self, zoom, scale_factor, FALSE);
  level->dx = level->dy = EXPORT_MARGIN * level->scale;
  return level;
}

/* Draws one missing tile of @level in @range; FALSE when none is missing. */
static gboolean
render_missing (PdgGraphView    *self,
                GskRenderer     *renderer,
                Level           *level,
                const TileRange *range)
{
  for (int j = range->j0; j <= range->j1; j++)
    for (int i = range->i0; i <= range->i1; i++)
      if (level_lookup (level, i, j) == NULL)
        {
          level_insert (level, i, j, render_tile (self, renderer, level, i, j));
          return TRUE;
        }
  return FALSE;
}

/* Keeps the tiles of the current level near the view. */
static void
prune_level (PdgGraphView *self,
             Level        *level)
{
  GHashTableIter iter;
  gpointer key;
  TileRange r;

  if (g_hash_table_size (level->tiles) <= LEVEL_MAX_TILES || !visible_tiles (self, level, 2, &r))
    return;
  g_hash_table_iter_init (&iter, level->tiles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int i, j;

      tile_of_key (key, &i, &j);
      if (i < r.i0 || i > r.i1 || j < r.j0 || j > r.j1)
        g_hash_table_iter_remove (&iter);
    }
}

/* Lays out, a few milliseconds at a time, the text of the cards and edge
 * labels around the view that zooming in would show, so that a tile does
 * not wait for Pango. FALSE when there is nothing left to do. */
static gboolean
prepare_text (PdgGraphView *self)
{
  gint64 deadline = g_get_monotonic_time () + 2000;
  graphene_rect_t area;

  if (self->zoom < DETAIL_ZOOM / 3)
    return FALSE;
  pdg_graph_view_get_visible_area (self, &area);
  graphene_rect_inset (&area, -area.size.width / 2, -area.size.height / 2);

  for (guint i = 0; i < pdg_scene_get_n_nodes (self->scene); i++)
    {
      graphene_rect_t r = node_rect (pdg_scene_get_node (self->scene, i));

      if (self->texts[i].title == NULL && rects_overlap (&r, &area))
        {
          ensure_text (self, i);
          if (g_get_monotonic_time () > deadline)
            return TRUE;
        }
    }
  if (self->zoom < LABEL_ZOOM / 3)
    return FALSE;
  for (guint i = 0; i < pdg_scene_get_n_edges (self->scene); i++)
    if (self->edge_labels[i] == NULL && pdg_scene_get_edge (self->scene, i)->quantity > 0 &&
        rects_overlap (&self->edge_bounds[i], &area))
      {
        ensure_edge_label (self, i);
        if (g_get_monotonic_time () > deadline)
          return TRUE;
      }
  return FALSE;
}

static GskRenderer *
widget_renderer (PdgGraphView *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && gsk_renderer_is_realized (renderer) ? renderer : NULL;
}

/* In idle moments, one tile at a time: those in view still missing, those
 * around the view (once the level is the view's exactly, so panning
 * finds them), then the overview. */
static gboolean
prefetch (gpointer data)
{
  PdgGraphView *self = data;
  GskRenderer *renderer = widget_renderer (self);
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  TileRange r;

  if (renderer == NULL || self->scene == NULL || self->level == NULL ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->prefetch_id = 0;
      return G_SOURCE_REMOVE;
    }

  if (visible_tiles (self, self->level, 0, &r) && render_missing (self, renderer, self->level, &r))
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return G_SOURCE_CONTINUE;
    }
  if (level_is_exact (self, self->level, scale_factor) &&
      visible_tiles (self, self->level, 1, &r) && render_missing (self, renderer, self->level, &r))
    return G_SOURCE_CONTINUE;

  if (self->overview == NULL)
    self->overview = overview_new (self, scale_factor);
  if (tile_range (self, self->overview,
                  &GRAPHENE_RECT_INIT (-EXPORT_MARGIN, -EXPORT_MARGIN,
                                       scene_width (self) + 2 * EXPORT_MARGIN,
                                       scene_height (self) + 2 * EXPORT_MARGIN), &r) &&
      render_missing (self, renderer, self->overview, &r))
    return G_SOURCE_CONTINUE;

  if (prepare_text (self))
    return G_SOURCE_CONTINUE;

  prune_level (self, self->level);
  self->prefetch_id = 0;
  return G_SOURCE_REMOVE;
}

/* The scene on screen, from tiles: see the top of the file. @start is when
 * the frame's snapshot began. */
static void
append_tiles (PdgGraphView *self,
              GtkSnapshot  *snapshot,
              GskRenderer  *renderer,
              gint64        start)
{
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  gboolean moving = self->settle_id != 0;
  gboolean holes = FALSE;
  TileRange r;

  if (self->level != NULL && !level_is_exact (self, self->level, scale_factor))
    {
      double ratio = self->zoom / self->level->zoom;

      /* Moving, the tiles at hand are shown scaled (and not quite on the
       * pixel grid) until they are too far off; at rest, never. */
      if (!moving || self->level->scale != self->level->zoom * scale_factor ||
          ratio > LEVEL_MAX_RATIO || ratio < LEVEL_MIN_RATIO)
        {
          g_clear_pointer (&self->previous, level_free);
          if (moving)
            self->previous = g_steal_pointer (&self->level);
          else
            g_clear_pointer (&self->level, level_free);
        }
    }
  if (self->level == NULL)
    self->level = level_new (self, self->zoom, scale_factor, TRUE);

  /* The missing tiles in view: all of them at rest; moving, within the
   * budget, and past it only those nothing else covers. */
  if (visible_tiles (self, self->level, 0, &r))
    for (int j = r.j0; j <= r.j1; j++)
      for (int i = r.i0; i <= r.i1; i++)
        {
          graphene_rect_t area;

          if (level_lookup (self->level, i, j) != NULL)
            continue;
          area = tile_area (self->level, i, j);
          if (!moving ||
              g_get_monotonic_time () - start + self->tile_cost_us[self->level->zoom >= DETAIL_ZOOM]
                <= TILE_BUDGET_US ||
              !(level_covers (self, self->previous, &area) ||
                level_covers (self, self->overview, &area)))
            level_insert (self->level, i, j, render_tile (self, renderer, self->level, i, j));
          else
            holes = TRUE;
        }

  if (holes)
    {
      if (self->overview != NULL && self->zoom <= self->overview->zoom * STAND_IN_RATIO)
        append_level (self, snapshot, self->overview, scale_factor);
      if (self->previous != NULL && self->zoom <= self->previous->zoom * STAND_IN_RATIO)
        append_level (self, snapshot, self->previous, scale_factor);
    }
  else if (!moving)
    g_clear_pointer (&self->previous, level_free);
  append_level (self, snapshot, self->level, scale_factor);

  if (self->prefetch_id == 0)
    self->prefetch_id = g_idle_add (prefetch, self);
}

/* Minimap ------------------------------------------------------------------ */

static gboolean
minimap_geometry (PdgGraphView    *self,
                  graphene_rect_t *bounds,
                  double          *scale)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double sw = scene_width (self);
  double sh = scene_height (self);
  double s;

  if (self->scene == NULL || sw <= 0 || sh <= 0)
    return FALSE;
  /* Only when the scene does not fit, and there is room for it. */
  if (sw * self->zoom <= width + 1 && sh * self->zoom <= height + 1)
    return FALSE;
  if (width < 3 * MINIMAP_MAX_W || height < 2 * MINIMAP_MAX_H)
    return FALSE;

  s = MIN (MINIMAP_MAX_W / sw, MINIMAP_MAX_H / sh);
  graphene_rect_init (bounds,
                      width - MINIMAP_MARGIN - sw * s - 2 * MINIMAP_PADDING,
                      height - MINIMAP_MARGIN - sh * s - 2 * MINIMAP_PADDING,
                      sw * s + 2 * MINIMAP_PADDING,
                      sh * s + 2 * MINIMAP_PADDING);
  if (scale != NULL)
    *scale = s;
  return TRUE;
}

gboolean
_pdg_graph_view_get_minimap_bounds (PdgGraphView    *self,
                                    graphene_rect_t *bounds)
{
  return minimap_geometry (self, bounds, NULL);
}

static gboolean
in_minimap (PdgGraphView *self,
            double        x,
            double        y)
{
  graphene_rect_t bounds;

  return minimap_geometry (self, &bounds, NULL) &&
         graphene_rect_contains_point (&bounds, &GRAPHENE_POINT_INIT (x, y));
}

/* Centres the view on the scene point under minimap point (x, y). */
static void
minimap_move_to (PdgGraphView *self,
                 double        x,
                 double        y)
{
  graphene_rect_t bounds;
  double s;

  if (!minimap_geometry (self, &bounds, &s))
    return;

  set_origin (self,
              (x - bounds.origin.x - MINIMAP_PADDING) / s
              - gtk_widget_get_width (GTK_WIDGET (self)) / self->zoom / 2,
              (y - bounds.origin.y - MINIMAP_PADDING) / s
              - gtk_widget_get_height (GTK_WIDGET (self)) / self->zoom / 2);
}

/* The minimap's cards, at @s minimap pixels per point, drawn at @scale
 * device pixels per minimap pixel and shifted by (@x, @y) device pixels. */
static GskRenderNode *
build_minimap_content (PdgGraphView *self,
                       double        s,
                       double        scale,
                       double        x,
                       double        y)
{
  const Palette *p = &self->palette;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GdkRGBA normal = alpha (&p->fg, 0.4);
  GdkRGBA dimmed = alpha (&p->fg, 0.15);

  for (guint i = 0; i < pdg_scene_get_n_nodes (self->scene); i++)
    {
      const PdgSceneNode *n = pdg_scene_get_node (self->scene, i);
      const GdkRGBA *color = &normal;

      switch ((int) scene_emphasis (self, i))
        {
        case PDG_GRAPH_EMPHASIS_SUSPECT:   color = &p->error; break;
        case PDG_GRAPH_EMPHASIS_IMPACTED:  color = &p->warning; break;
        case PDG_GRAPH_EMPHASIS_HIGHLIGHT: color = &p->accent; break;
        case PDG_GRAPH_EMPHASIS_DIMMED:    color = &dimmed; break;
        default: break;
        }
      gtk_snapshot_append_color (snapshot, color,
                                 &GRAPHENE_RECT_INIT ((n->x - n->width / 2) * s * scale + x,
                                                      (n->y - n->height / 2) * s * scale + y,
                                                      MAX (n->width * s, 1) * scale,
                                                      MAX (n->height * s, 1) * scale));
    }
  return gtk_snapshot_free_to_node (snapshot);
}

/* The minimap's cards at (@x, @y) widget pixels: a raster, kept until
 * the minimap changes. */
static void
append_minimap_content (PdgGraphView *self,
                        GtkSnapshot  *snapshot,
                        double        s,
                        double        x,
                        double        y)
{
  GskRenderer *renderer = widget_renderer (self);
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double device_x = x * scale_factor;
  double device_y = y * scale_factor;
  graphene_rect_t area;

  if (renderer == NULL)
    {
      g_autoptr(GskRenderNode) node = build_minimap_content (self, s, 1, x, y);

      if (node != NULL)
        gtk_snapshot_append_node (snapshot, node);
      return;
    }

  /* On whole device pixels, the fraction drawn into the raster. */
  graphene_rect_init (&area, floor (device_x), floor (device_y), 0, 0);
  area.size.width = ceil (scene_width (self) * s * scale_factor + device_x - area.origin.x) + 1;
  area.size.height = ceil (scene_height (self) * s * scale_factor + device_y - area.origin.y) + 1;
  if (self->minimap_raster == NULL || !graphene_rect_equal (&area, &self->minimap_area))
    {
      g_autoptr(GskRenderNode) node = build_minimap_content (self, s, scale_factor,
                                                             device_x - area.origin.x,
                                                             device_y - area.origin.y);

      invalidate_minimap (self);
      if (node == NULL)
        return;
      self->minimap_raster = rasterize (renderer, node, area.size.width, area.size.height);
      self->minimap_area = area;
    }

  if (self->minimap_raster->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->minimap_raster->texture,
                                 &GRAPHENE_RECT_INIT (area.origin.x / scale_factor,
                                                      area.origin.y / scale_factor,
                                                      area.size.width / scale_factor,
                                                      area.size.height / scale_factor));
  else
    {
      graphene_rect_t bounds = GRAPHENE_RECT_INIT (area.origin.x / scale_factor,
                                                   area.origin.y / scale_factor,
                                                   area.size.width / scale_factor,
                                                   area.size.height / scale_factor);
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);

      cairo_scale (cr, 1.0 / scale_factor, 1.0 / scale_factor);
      paint_raster (cr, self->minimap_raster, area.origin.x, area.origin.y,
                    area.origin.x + area.size.width, area.origin.y + area.size.height);
      cairo_destroy (cr);
    }
}

static void
draw_minimap (PdgGraphView *self,
              GtkSnapshot  *snapshot)
{
  const Palette *p = &self->palette;
  graphene_rect_t bounds, visible, content;
  GskRoundedRect rr;
  GdkRGBA fill = alpha (&p->card, 0.94);
  GdkRGBA border = alpha (&p->fg, 0.18);
  GdkRGBA view_fill = alpha (&p->accent, 0.15);
  double s;

  if (!minimap_geometry (self, &bounds, &s))
    return;

  gsk_rounded_rect_init_from_rect (&rr, &bounds, 8);
  gtk_snapshot_push_rounded_clip (snapshot, &rr);
  gtk_snapshot_append_color (snapshot, &fill, &bounds);
  append_minimap_content (self, snapshot, s, bounds.origin.x + MINIMAP_PADDING,
                          bounds.origin.y + MINIMAP_PADDING);

  /* The visible rectangle, clipped to the scene. */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bounds.origin.x + MINIMAP_PADDING,
                                                          bounds.origin.y + MINIMAP_PADDING));
  pdg_graph_view_get_visible_area (self, &visible);
  graphene_rect_init (&content, 0, 0, scene_width (self), scene_height (self));
  if (graphene_rect_intersection (&visible, &content, &visible))
    {
      graphene_rect_t r = GRAPHENE_RECT_INIT (visible.origin.x * s, visible.origin.y * s,
                                              MAX (visible.size.width * s, 2),
                                              MAX (visible.size.height * s, 2));

      gtk_snapshot_append_color (snapshot, &view_fill, &r);
      append_ring (snapshot, &r, 2, 1.5, &p->accent);
    }
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
  append_ring (snapshot, &bounds, 8, 1, &border);
}

/* Frame timing ------------------------------------------------------------- */

/* The cards and edges in view, for the frame timings. */
static void
count_visible (PdgGraphView *self)
{
  graphene_rect_t area;

  pdg_graph_view_get_visible_area (self, &area);
  self->last_nodes = 0;
  self->last_edges = 0;
  for (guint i = 0; i < pdg_scene_get_n_nodes (self->scene); i++)
    {
      graphene_rect_t r = node_rect (pdg_scene_get_node (self->scene, i));

      self->last_nodes += rects_overlap (&r, &area);
    }
  for (guint i = 0; i < pdg_scene_get_n_edges (self->scene); i++)
    self->last_edges += rects_overlap (&self->edge_bounds[i], &area);
}

static void
record_frame (PdgGraphView *self,
              double        snapshot_ms)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  self->snapshot_ms[self->next_snapshot] = snapshot_ms;
  self->next_snapshot = (self->next_snapshot + 1) % HISTORY;
  self->n_snapshots = MIN (self->n_snapshots + 1, HISTORY);

  if (clock != NULL)
    {
      gint64 counter = gdk_frame_clock_get_frame_counter (clock);
      gint64 time = gdk_frame_clock_get_frame_time (clock);
      gint64 refresh = 0;

      if (counter == self->prev_frame_counter + 1 && self->prev_frame_time > 0 &&
          time > self->prev_frame_time)
        {
          self->interval_ms[self->next_interval] = (time - self->prev_frame_time) / 1000.0;
          self->next_interval = (self->next_interval + 1) % HISTORY;
          self->n_intervals = MIN (self->n_intervals + 1, HISTORY);
        }
      self->prev_frame_counter = counter;
      self->prev_frame_time = time;

      gdk_frame_clock_get_refresh_info (clock, time, &refresh, NULL);
      self->refresh_ms = refresh / 1000.0;
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
summarize (const double *values,
           guint         n,
           double       *mean,
           double       *p95,
           double       *max)
{
  g_autofree double *sorted = NULL;
  double sum = 0;

  *mean = *p95 = *max = 0;
  if (n == 0)
    return;

  sorted = g_memdup2 (values, n * sizeof (double));
  qsort (sorted, n, sizeof (double), compare_doubles);
  for (guint i = 0; i < n; i++)
    sum += sorted[i];
  *mean = sum / n;
  *max = sorted[n - 1];
  *p95 = sorted[MIN ((guint) ceil (n * 0.95) - 1, n - 1)];
}

void
pdg_graph_view_get_frame_timings (PdgGraphView         *self,
                                  PdgGraphFrameTimings *timings)
{
  g_return_if_fail (PDG_IS_GRAPH_VIEW (self));
  g_return_if_fail (timings != NULL);

  memset (timings, 0, sizeof *timings);
  timings->n_frames = self->n_snapshots;
  summarize (self->snapshot_ms, self->n_snapshots,
             &timings->snapshot_mean_ms, &timings->snapshot_p95_ms, &timings->snapshot_max_ms);
  timings->n_intervals = self->n_intervals;
  summarize (self->interval_ms, self->n_intervals,
             &timings->interval_mean_ms, &timings->interval_p95_ms, &timings->interval_max_ms);
  timings->refresh_interval_ms = self->refresh_ms;
  timings->last_nodes = self->last_nodes;
  timings->last_edges = self->last_edges;
}

/**
 * pdg_graph_view_get_frame_stats:
 * @mean_ms: (out) (optional): mean time spent in snapshot()
 * @max_ms: (out) (optional): longest time spent in snapshot()
 * @n: (out) (optional): frames recorded
 *
 * Over the last PDG_GRAPH_VIEW_FRAME_HISTORY frames drawn on screen: the
 * wall-clock time of each snapshot() call (placing tiles, and drawing those
 * missing). GSK's rendering of the frame and the presentation come after
 * it and are not included; pdg_graph_view_get_frame_timings() adds the
 * frame clock's frame-to-frame intervals, which include them.
 */
void
pdg_graph_view_get_frame_stats (PdgGraphView *self,
                                double       *mean_ms,
                                double       *max_ms,
                                guint        *n)
{
  PdgGraphFrameTimings timings;

  g_return_if_fail (PDG_IS_GRAPH_VIEW (self));

  pdg_graph_view_get_frame_timings (self, &timings);
  if (mean_ms != NULL)
    *mean_ms = timings.snapshot_mean_ms;
  if (max_ms != NULL)
    *max_ms = timings.snapshot_max_ms;
  if (n != NULL)
    *n = timings.n_frames;
}

void
pdg_graph_view_reset_frame_stats (PdgGraphView *self)
{
  g_return_if_fail (PDG_IS_GRAPH_VIEW (self));

  self->n_snapshots = 0;
  self->next_snapshot = 0;
  self->n_intervals = 0;
  self->next_interval = 0;
  self->prev_frame_counter = 0;
  self->prev_frame_time = 0;
}

/* GtkWidget ---------------------------------------------------------------- */

/* The scene in view and the selection ring, on the background: from
 * tiles drawn by @renderer, or directly without one. */
static void
append_view (PdgGraphView *self,
             GtkSnapshot  *snapshot,
             GskRenderer  *renderer,
             gint64        start)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  View view = { self->zoom, -self->origin_x * self->zoom, -self->origin_y * self->zoom,
                self->zoom };

  ensure_palette (self);
  gtk_snapshot_append_color (snapshot, &self->palette.bg,
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (renderer != NULL)
    append_tiles (self, snapshot, renderer, start);
  else
    {
      graphene_rect_t area;

      pdg_graph_view_get_visible_area (self, &area);
      draw_scene (self, snapshot, &view, &area, self->zoom >= DETAIL_ZOOM);
    }
  draw_selection (self, snapshot, &view);
}

GskRenderNode *
_pdg_graph_view_snapshot_scene (PdgGraphView *self,
                                gboolean      tiled)
{
  GtkSnapshot *snapshot;

  g_return_val_if_fail (PDG_IS_GRAPH_VIEW (self), NULL);

  if (self->scene == NULL || gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return NULL;
  snapshot = gtk_snapshot_new ();
  append_view (self, snapshot, tiled ? widget_renderer (self) : NULL, g_get_monotonic_time ());
  return gtk_snapshot_free_to_node (snapshot);
}

gboolean
_pdg_graph_view_is_moving (PdgGraphView *self)
{
  return self->settle_id != 0;
}

void
_pdg_graph_view_settle (PdgGraphView *self)
{
  if (self->settle_id != 0)
    {
      g_clear_handle_id (&self->settle_id, g_source_remove);
      settled (self);
    }
}

static void
pdg_graph_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  PdgGraphView *self = PDG_GRAPH_VIEW (widget);
  gint64 start = g_get_monotonic_time ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (self->scene == NULL || width <= 0 || height <= 0)
    return;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  append_view (self, snapshot, widget_renderer (self), start);
  draw_minimap (self, snapshot);
  gtk_snapshot_pop (snapshot);

  count_visible (self);
  record_frame (self, (g_get_monotonic_time () - start) / 1000.0);
}

/* Textures belong to the renderer they were made with. */
static void
pdg_graph_view_unrealize (GtkWidget *widget)
{
  PdgGraphView *self = PDG_GRAPH_VIEW (widget);

  invalidate_tiles (self);
  invalidate_minimap (self);
  GTK_WIDGET_CLASS (pdg_graph_view_parent_class)->unrealize (widget);
}

static void
pdg_graph_view_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  PdgGraphView *self = PDG_GRAPH_VIEW (widget);

  /* Keep the scene point in the middle where it was. */
  if (self->last_width > 0 && self->last_height > 0)
    {
      self->origin_x += (self->last_width - width) / self->zoom / 2;
      self->origin_y += (self->last_height - height) / self->zoom / 2;
    }
  if (width != self->last_width || height != self->last_height)
    note_motion (self);
  self->last_width = width;
  self->last_height = height;

  if (self->fit_pending)
    pdg_graph_view_zoom_to_fit (self);
  else
    clamp_origin (self);
}

static void
pdg_graph_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = 48;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 480;
}

static void
pdg_graph_view_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  PdgGraphView *self = PDG_GRAPH_VIEW (widget);
  PangoContext *context;
  g_autofree char *font_key = NULL;

  GTK_WIDGET_CLASS (pdg_graph_view_parent_class)->css_changed (widget, change);

  /* Colours are cheap to look up again; tiles and layouts only go when
   * they changed (css_changed also runs for :hover and :focus). */
  {
    Palette before = self->palette;
    gboolean was_valid = self->palette_valid;

    self->palette_valid = FALSE;
    ensure_palette (self);
    if (!was_valid || memcmp (&before, &self->palette, sizeof before) != 0)
      {
        invalidate_minimap (self);
        invalidate_tiles (self);
      }
  }

  context = gtk_widget_get_pango_context (widget);
  font_key = pango_font_description_to_string (pango_context_get_font_description (context));
  if (g_strcmp0 (font_key, self->font_key) != 0)
    {
      invalidate_text (self);
      g_free (self->font_key);
      self->font_key = g_steal_pointer (&font_key);
    }
  gtk_widget_queue_draw (widget);
}

static void
pdg_graph_view_system_setting_changed (GtkWidget        *widget,
                                       GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (pdg_graph_view_parent_class)->system_setting_changed (widget, setting);

  if (setting == GTK_SYSTEM_SETTING_FONT_NAME || setting == GTK_SYSTEM_SETTING_FONT_CONFIG ||
      setting == GTK_SYSTEM_SETTING_DPI)
    {
      invalidate_text (PDG_GRAPH_VIEW (widget));
      gtk_widget_queue_draw (widget);
    }
}

static void
scale_factor_changed (PdgGraphView *self,
                      GParamSpec   *pspec,
                      gpointer      data)
{
  invalidate_text (self);
  invalidate_minimap (self);
  invalidate_tiles (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
pdg_graph_view_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_tooltip,
                              GtkTooltip *tooltip)
{
  PdgGraphView *self = PDG_GRAPH_VIEW (widget);
  guint index = keyboard_tooltip ? self->selected : pdg_graph_view_pick (self, x, y);
  const PdgUnit *unit;
  g_autofree char *lot = NULL;
  g_autofree char *quantity = NULL;
  g_autofree char *text = NULL;

  if (index == NONE || in_minimap (self, x, y) || (unit = scene_unit (self, index)) == NULL)
    return FALSE;

  lot = format_lot (unit);
  quantity = format_quantity (unit);
  text = g_strdup_printf ("%s\n%s · %s\n%s · %s",
                          unit->item_description != NULL ? unit->item_description : "",
                          unit->item_number != NULL ? unit->item_number : "", lot,
                          quantity, pdg_unit_status_label (unit->status));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Gestures and keys -------------------------------------------------------- */

void
_pdg_graph_view_click (PdgGraphView *self,
                       double        x,
                       double        y,
                       int           n_press)
{
  guint index;

  if (in_minimap (self, x, y))
    return;

  index = pdg_graph_view_pick (self, x, y);
  if (n_press == 1)
    {
      select_scene_node (self, index);
      if (index != NONE &&
          pdg_scene_get_node (self->scene, index)->kind == PDG_SCENE_NODE_GROUP)
        activate_scene_node (self, index);
    }
  else if (n_press == 2 && index != NONE &&
           pdg_scene_get_node (self->scene, index)->kind == PDG_SCENE_NODE_UNIT)
    {
      select_scene_node (self, index);
      activate_scene_node (self, index);
    }
}

static void
click_released (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                PdgGraphView    *self)
{
  if (gtk_widget_get_focusable (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  _pdg_graph_view_click (self, x, y, n_press);
}

void
_pdg_graph_view_drag_begin (PdgGraphView *self,
                            double        x,
                            double        y)
{
  self->drag_start_x = x;
  self->drag_start_y = y;
  self->drag_origin_x = self->origin_x;
  self->drag_origin_y = self->origin_y;
  self->drag_on_minimap = in_minimap (self, x, y);
  self->dragging = TRUE;

  if (self->drag_on_minimap)
    minimap_move_to (self, x, y);
}

void
_pdg_graph_view_drag_update (PdgGraphView *self,
                             double        offset_x,
                             double        offset_y)
{
  if (!self->dragging)
    return;

  if (self->drag_on_minimap)
    minimap_move_to (self, self->drag_start_x + offset_x, self->drag_start_y + offset_y);
  else
    set_origin (self,
                self->drag_origin_x - offset_x / self->zoom,
                self->drag_origin_y - offset_y / self->zoom);
}

void
_pdg_graph_view_drag_end (PdgGraphView *self)
{
  self->dragging = FALSE;
  self->drag_on_minimap = FALSE;
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
drag_begin (GtkGestureDrag *gesture,
            double          x,
            double          y,
            PdgGraphView   *self)
{
  _pdg_graph_view_drag_begin (self, x, y);
}

static void
drag_update (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             PdgGraphView   *self)
{
  if (!self->drag_on_minimap && hypot (offset_x, offset_y) > 3)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
  _pdg_graph_view_drag_update (self, offset_x, offset_y);
}

static void
drag_end (GtkGestureDrag *gesture,
          double          offset_x,
          double          offset_y,
          PdgGraphView   *self)
{
  _pdg_graph_view_drag_end (self);
}

gboolean
_pdg_graph_view_scroll (PdgGraphView    *self,
                        double           x,
                        double           y,
                        double           dx,
                        double           dy,
                        GdkModifierType  state,
                        GdkScrollUnit    unit)
{
  if (self->scene == NULL)
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      double factor = unit == GDK_SCROLL_UNIT_WHEEL ? pow (1.15, -dy) : exp (-dy * 0.01);

      pdg_graph_view_zoom_at (self, self->zoom * factor, x, y);
      return TRUE;
    }

  if ((state & GDK_SHIFT_MASK) && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (unit == GDK_SCROLL_UNIT_WHEEL)
    {
      dx *= WHEEL_PAN;
      dy *= WHEEL_PAN;
    }
  set_origin (self, self->origin_x + dx / self->zoom, self->origin_y + dy / self->zoom);
  return TRUE;
}

static gboolean
scroll (GtkEventControllerScroll *controller,
        double                    dx,
        double                    dy,
        PdgGraphView             *self)
{
  GtkEventController *event_controller = GTK_EVENT_CONTROLLER (controller);
  GdkModifierType state = gtk_event_controller_get_current_event_state (event_controller);
  GtkWidget *widget = GTK_WIDGET (self);
  double x = self->pointer_inside ? self->pointer_x : gtk_widget_get_width (widget) / 2.0;
  double y = self->pointer_inside ? self->pointer_y : gtk_widget_get_height (widget) / 2.0;

  return _pdg_graph_view_scroll (self, x, y, dx, dy, state,
                                 gtk_event_controller_scroll_get_unit (controller));
}

static void
motion (GtkEventControllerMotion *controller,
        double                    x,
        double                    y,
        PdgGraphView             *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
}

static void
leave (GtkEventControllerMotion *controller,
       PdgGraphView             *self)
{
  self->pointer_inside = FALSE;
}

static void
pinch_begin (GtkGesture       *gesture,
             GdkEventSequence *sequence,
             PdgGraphView     *self)
{
  self->pinch_zoom = self->zoom;
}

static void
pinch_scale_changed (GtkGestureZoom *gesture,
                     double          scale,
                     PdgGraphView   *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  pdg_graph_view_zoom_at (self, self->pinch_zoom * scale, x, y);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdgGraphView *self = PDG_GRAPH_VIEW (widget);

  pdg_graph_view_set_zoom (self, self->zoom * ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PdgGraphView *self = PDG_GRAPH_VIEW (widget);

  pdg_graph_view_set_zoom (self, self->zoom / ZOOM_STEP);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  pdg_graph_view_zoom_to_fit (PDG_GRAPH_VIEW (widget));
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  pdg_graph_view_set_zoom (PDG_GRAPH_VIEW (widget), 1.0);
}

static gboolean
move_binding (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  return _pdg_graph_view_move_selection (PDG_GRAPH_VIEW (widget),
                                         (GtkDirectionType) g_variant_get_int32 (args));
}

static gboolean
activate_binding (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  return _pdg_graph_view_activate_selection (PDG_GRAPH_VIEW (widget));
}

static gboolean
unselect_binding (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  PdgGraphView *self = PDG_GRAPH_VIEW (widget);

  if (self->selected == NONE)
    return FALSE;
  select_scene_node (self, NONE);
  return TRUE;
}

guint
_pdg_graph_view_get_n_cached_layouts (PdgGraphView *self)
{
  return self->n_layouts;
}

/* Export ------------------------------------------------------------------- */

GdkTexture *
pdg_graph_view_render_texture (PdgGraphView *self,
                               double        scale)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) own_renderer = NULL;
  GskRenderer *renderer = NULL;
  GtkNative *native;
  GtkSnapshot *snapshot;
  double width, height;
  graphene_rect_t area;
  View view;

  g_return_val_if_fail (PDG_IS_GRAPH_VIEW (self), NULL);
  g_return_val_if_fail (scale > 0, NULL);

  if (self->scene == NULL)
    return NULL;

  width = scene_width (self) + 2 * EXPORT_MARGIN;
  height = scene_height (self) + 2 * EXPORT_MARGIN;
  /* Within the limits once rounded up to whole pixels. */
  scale = MIN (scale, (EXPORT_MAX_SIDE - 1) / MAX (width, height));
  scale = MIN (scale, 0.999 * sqrt (EXPORT_MAX_AREA / (width * height)));
  width = ceil (width * scale);
  height = ceil (height * scale);

  ensure_palette (self);
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &self->palette.bg,
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  view = (View) { scale, EXPORT_MARGIN * scale, EXPORT_MARGIN * scale, scale };
  graphene_rect_init (&area, -EXPORT_MARGIN, -EXPORT_MARGIN,
                      scene_width (self) + 2 * EXPORT_MARGIN,
                      scene_height (self) + 2 * EXPORT_MARGIN);
  draw_scene (self, snapshot, &view, &area, TRUE);
  draw_selection (self, snapshot, &view);
  node = gtk_snapshot_free_to_node (snapshot);

  native = gtk_widget_get_native (GTK_WIDGET (self));
  if (native != NULL)
    renderer = gtk_native_get_renderer (native);
  if (renderer == NULL || !gsk_renderer_is_realized (renderer))
    {
      /* Not on screen: draw with cairo, which needs no surface. */
      own_renderer = gsk_cairo_renderer_new ();
      if (!gsk_renderer_realize (own_renderer, NULL, NULL))
        return NULL;
      renderer = own_renderer;
    }

  {
    GdkTexture *texture = gsk_renderer_render_texture (renderer, node,
                                                       &GRAPHENE_RECT_INIT (0, 0, width, height));

    if (own_renderer != NULL)
      gsk_renderer_unrealize (own_renderer);
    return texture;
  }
}

gboolean
pdg_graph_view_save_png (PdgGraphView  *self,
                         const char    *path,
                         GError       **error)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) bytes = NULL;
  int scale_factor;

  g_return_val_if_fail (PDG_IS_GRAPH_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->scene == NULL)
    {
      g_set_error (error, PDG_GRAPH_VIEW_ERROR, PDG_GRAPH_VIEW_ERROR_EMPTY,
                   _("There is no graph to export yet: trace a unit first"));
      return FALSE;
    }

  /* Twice the screen's resolution, so the image stays sharp when zoomed. */
  scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  texture = pdg_graph_view_render_texture (self, 2.0 * MAX (scale_factor, 1));
  if (texture == NULL || (bytes = gdk_texture_save_to_png_bytes (texture)) == NULL)
    {
      g_set_error (error, PDG_GRAPH_VIEW_ERROR, PDG_GRAPH_VIEW_ERROR_RENDER,
                   _("The graph could not be drawn into an image"));
      return FALSE;
    }

  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              error);
}

/* GObject ------------------------------------------------------------------ */

GtkWidget *
pdg_graph_view_new (void)
{
  return g_object_new (PDG_TYPE_GRAPH_VIEW, NULL);
}

static void
pdg_graph_view_finalize (GObject *object)
{
  PdgGraphView *self = PDG_GRAPH_VIEW (object);

  clear_texts (self);
  g_clear_pointer (&self->texts, g_free);
  g_clear_pointer (&self->edge_labels, g_free);
  g_clear_pointer (&self->edge_bounds, g_free);
  g_clear_pointer (&self->edge_styles, g_free);
  g_clear_object (&self->pango);
  g_clear_pointer (&self->font_key, g_free);
  invalidate_minimap (self);
  invalidate_tiles (self);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_pointer (&self->scene, pdg_scene_unref);
  g_clear_pointer (&self->emphasis, g_free);
  g_clear_pointer (&self->find_text, g_free);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->is_match, g_free);

  G_OBJECT_CLASS (pdg_graph_view_parent_class)->finalize (object);
}

static void
pdg_graph_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdgGraphView *self = PDG_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_SCENE:
      g_value_set_boxed (value, self->scene);
      break;

    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;

    case PROP_SELECTED:
      g_value_set_int (value, pdg_graph_view_get_selected (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pdg_graph_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PdgGraphView *self = PDG_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_SCENE:
      pdg_graph_view_set_scene (self, g_value_get_boxed (value));
      break;

    case PROP_ZOOM:
      pdg_graph_view_set_zoom (self, g_value_get_double (value));
      break;

    case PROP_SELECTED:
      pdg_graph_view_set_selected (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_zoom_keys (GtkWidgetClass *widget_class,
               guint           keyval,
               const char     *action)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, 0, action, NULL);
  gtk_widget_class_add_binding_action (widget_class, keyval, GDK_CONTROL_MASK, action, NULL);
}

static void
add_move_key (GtkWidgetClass   *widget_class,
              guint             keyval,
              guint             keypad_keyval,
              GtkDirectionType  direction)
{
  gtk_widget_class_add_binding (widget_class, keyval, 0, move_binding, "i", direction);
  gtk_widget_class_add_binding (widget_class, keypad_keyval, 0, move_binding, "i", direction);
}

static void
pdg_graph_view_class_init (PdgGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pdg_graph_view_finalize;
  object_class->get_property = pdg_graph_view_get_property;
  object_class->set_property = pdg_graph_view_set_property;

  widget_class->snapshot = pdg_graph_view_snapshot;
  widget_class->size_allocate = pdg_graph_view_size_allocate;
  widget_class->unrealize = pdg_graph_view_unrealize;
  widget_class->measure = pdg_graph_view_measure;
  widget_class->css_changed = pdg_graph_view_css_changed;
  widget_class->system_setting_changed = pdg_graph_view_system_setting_changed;
  widget_class->query_tooltip = pdg_graph_view_query_tooltip;

  /**
   * PdgGraphView:scene:
   *
   * The laid-out genealogy drawn, or %NULL.
   */
  properties[PROP_SCENE] =
    g_param_spec_boxed ("scene", NULL, NULL,
                        PDG_TYPE_SCENE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PdgGraphView:zoom:
   *
   * Pixels per scene point; 1.0 is 100 %.
   */
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         PDG_GRAPH_VIEW_ZOOM_MIN, PDG_GRAPH_VIEW_ZOOM_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PdgGraphView:selected:
   *
   * The genealogy node index of the selected card, -1 for none (also when
   * a "+N more" group has the keyboard selection).
   */
  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL,
                      -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdgGraphView::node-selected:
   * @genealogy_node: the genealogy node index, -1 for none
   *
   * The selected unit changed (a click, a key, the API, a new scene).
   */
  signals[NODE_SELECTED] =
    g_signal_new ("node-selected", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * PdgGraphView::node-activated:
   * @genealogy_node: the genealogy node index
   *
   * A card was double-clicked, or Return pressed on it: open the unit.
   */
  signals[NODE_ACTIVATED] =
    g_signal_new ("node-activated", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * PdgGraphView::group-activated:
   * @genealogy_node: the genealogy node whose children the group stands for
   *
   * A "+N more" group was clicked, or Return pressed on it: lay the graph
   * out again with that node expanded.
   */
  signals[GROUP_ACTIVATED] =
    g_signal_new ("group-activated", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "graph.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-reset", NULL, zoom_reset_action);

  add_zoom_keys (widget_class, GDK_KEY_plus, "graph.zoom-in");
  add_zoom_keys (widget_class, GDK_KEY_equal, "graph.zoom-in");
  add_zoom_keys (widget_class, GDK_KEY_KP_Add, "graph.zoom-in");
  add_zoom_keys (widget_class, GDK_KEY_minus, "graph.zoom-out");
  add_zoom_keys (widget_class, GDK_KEY_KP_Subtract, "graph.zoom-out");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0,
                                       "graph.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0,
                                       "graph.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "graph.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK,
                                       "graph.zoom-reset", NULL);

  add_move_key (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, GTK_DIR_UP);
  add_move_key (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, GTK_DIR_DOWN);
  add_move_key (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, GTK_DIR_LEFT);
  add_move_key (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, GTK_DIR_RIGHT);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, 0, activate_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, 0, activate_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_ISO_Enter, 0, activate_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_space, 0, activate_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, unselect_binding, NULL);

  gtk_widget_class_set_css_name (widget_class, "graphview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pdg_graph_view_init (PdgGraphView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *click;
  GtkGesture *drag;
  GtkGesture *pinch;
  GtkEventController *scroll_controller;
  GtkEventController *motion_controller;

  self->zoom = 1.0;
  self->selected = NONE;
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (click_released), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  pinch = gtk_gesture_zoom_new ();
  g_signal_connect (pinch, "begin", G_CALLBACK (pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (pinch_scale_changed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (pinch));

  scroll_controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll_controller, "scroll", G_CALLBACK (scroll), self);
  gtk_widget_add_controller (widget, scroll_controller);

  motion_controller = gtk_event_controller_motion_new ();
  g_signal_connect (motion_controller, "enter", G_CALLBACK (motion), self);
  g_signal_connect (motion_controller, "motion", G_CALLBACK (motion), self);
  g_signal_connect (motion_controller, "leave", G_CALLBACK (leave), self);
  gtk_widget_add_controller (widget, motion_controller);

  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_changed), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Genealogy graph"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Nothing selected"),
                                  -1);
}
