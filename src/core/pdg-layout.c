/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-layout.c: a genealogy laid out by Graphviz's dot, as a PdgScene.
 *
 * Three steps. A plan decides what is drawn: which units are shown and
 * which fold into "+N more" group nodes (plan_build()). The plan is written
 * as DOT text (plan_write_dot()), and that text is exactly what Graphviz
 * reads: pdg_layout_to_dot() returns it, cgraph parses it with agmemread(),
 * gvLayout() runs dot, and positions, sizes and splines are copied into a
 * PdgScene flipped to y-down (read_scene()). Exports lay the same text out
 * and render it with Graphviz's own renderers.
 *
 * Graphviz keeps global state everywhere and is not thread-safe, so every
 * Graphviz call of the process happens on one thread, started on first use
 * and never stopped, that takes jobs from a GAsyncQueue in order. Each job
 * answers its GTask exactly once: the layout thread with the result, or the
 * cancellable's handler with G_IO_ERROR_CANCELLED, whichever claims the job
 * first (job_claim()); a job claimed before its turn is skipped, a result
 * nobody may receive any more is dropped. The blocking calls queue the same
 * jobs and spin a private main context until the task returns.
 *
 * Determinism: nodes and edges are written in genealogy order (groups and
 * their edges last) with ordering=out, so the same genealogy and options
 * always give the same DOT text and the same scene. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <graphviz/types.h>

#include "pdg-format.h"
#include "pdg-layout.h"

G_DEFINE_QUARK (pdg-layout-error-quark, pdg_layout_error)

/* Longest text on a card line, in characters; longer text is ellipsized so
 * exports stay inside the box (about 5.5 pt per character at 10 pt). */
#define CARD_LINE_CHARS 30

#define FONT_NAME "sans-serif"

/* Plan */

typedef struct
{
  PdgSceneNodeKind kind;
  guint            node;        /* genealogy index: the unit, or the node a group folds */
  guint            group_size;  /* GROUP: units hidden under it */
} PlanNode;

typedef struct
{
  guint from;  /* plan node nearer the roots */
  guint to;    /* plan node farther from them */
  guint edge;  /* genealogy edge index; G_MAXUINT for the edge to a group */
} PlanEdge;

typedef struct
{
  PdgGenealogy *genealogy;  /* borrowed, nullable */
  GArray       *nodes;      /* owned; PlanNode: shown units in genealogy order, then groups */
  GArray       *edges;      /* owned; PlanEdge: shown genealogy edges in genealogy order,
                             * then one edge per group */
  guint         n_units;    /* genealogy nodes shown */
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->nodes, g_array_unref);
  g_clear_pointer (&plan->edges, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

/* The end of a genealogy edge nearer the roots, and the farther one. */
static inline guint
edge_near (const PdgGenealogy     *genealogy,
           const PdgGenealogyEdge *edge)
{
  return genealogy->direction == PDG_DIRECTION_FORWARD ? edge->child : edge->parent;
}

static inline guint
edge_far (const PdgGenealogy     *genealogy,
          const PdgGenealogyEdge *edge)
{
  return genealogy->direction == PDG_DIRECTION_FORWARD ? edge->parent : edge->child;
}

static gboolean
is_expanded (const PdgLayoutOptions *options,
             guint                   node)
{
  return options->expanded != NULL &&
         g_hash_table_contains (options->expanded, GUINT_TO_POINTER (node + 1));
}

/* How many of a node's `degree` out-neighbours (in order) keep it shown. */
static guint
shown_children (const PdgLayoutOptions *options,
                const PdgGenealogyNode *node,
                guint                   index,
                guint                   degree)
{
  if (is_expanded (options, index))
    return degree;
  if (options->max_depth > 0 && node->depth >= options->max_depth)
    return 0;
  if (options->max_children > 0 && degree > options->max_children + 1)
    return options->max_children;
  return degree;
}

/* Shown: the roots (and any node nothing leads to), then, breadth first,
 * the first shown_children() out-neighbours of every shown node. That set
 * does not depend on the visiting order, so a unit kept by one parent stays
 * shown whatever its other parents fold. Every edge between two shown
 * units is drawn. A shown node with hidden out-neighbours gets one group
 * standing for them and everything hidden below them. */
static void
plan_build (Plan                   *plan,
            PdgGenealogy           *genealogy,
            const PdgLayoutOptions *options)
{
  guint n = genealogy != NULL ? pdg_genealogy_get_n_nodes (genealogy) : 0;
  guint n_edges = genealogy != NULL ? pdg_genealogy_get_n_edges (genealogy) : 0;
  /* The out-edges of node i are out[start[i]] .. out[start[i + 1] - 1]. */
  g_autofree guint *start = g_new0 (guint, n + 2);
  g_autofree guint *out = g_new (guint, MAX (n_edges, 1));
  g_autofree guint *queue = g_new (guint, MAX (n, 1));
  g_autofree guint *stamp = g_new0 (guint, MAX (n, 1));  /* SHOWN, or the group that counted it */
  g_autofree guint *scene_index = g_new (guint, MAX (n, 1));
  g_autofree gboolean *has_parent = g_new0 (gboolean, MAX (n, 1));
  const guint SHOWN = G_MAXUINT;
  guint head = 0, tail = 0;
  guint walk = 0;  /* stamps the units one group walk has counted */

  plan->genealogy = genealogy;
  plan->nodes = g_array_new (FALSE, FALSE, sizeof (PlanNode));
  plan->edges = g_array_new (FALSE, FALSE, sizeof (PlanEdge));
  plan->n_units = 0;

  /* Out-edges in genealogy edge order (counting sort). */
  for (guint e = 0; e < n_edges; e++)
    {
      const PdgGenealogyEdge *edge = pdg_genealogy_get_edge (genealogy, e);

      start[edge_near (genealogy, edge) + 2]++;
      has_parent[edge_far (genealogy, edge)] = TRUE;
    }
  for (guint i = 0; i < n; i++)
    start[i + 2] += start[i + 1];
  for (guint e = 0; e < n_edges; e++)
    out[start[edge_near (genealogy, pdg_genealogy_get_edge (genealogy, e)) + 1]++] = e;

  for (guint i = 0; i < n; i++)
    if (pdg_genealogy_get_node (genealogy, i)->role == PDG_NODE_ROOT || !has_parent[i])
      {
        stamp[i] = SHOWN;
        queue[tail++] = i;
      }

  while (head < tail)
    {
      guint v = queue[head++];
      guint degree = start[v + 1] - start[v];
      guint shown = shown_children (options, pdg_genealogy_get_node (genealogy, v), v, degree);

      for (guint k = 0; k < shown; k++)
        {
          guint w = edge_far (genealogy, pdg_genealogy_get_edge (genealogy, out[start[v] + k]));

          if (stamp[w] != SHOWN)
            {
              stamp[w] = SHOWN;
              queue[tail++] = w;
            }
        }
    }

  for (guint i = 0; i < n; i++)
    {
      scene_index[i] = G_MAXUINT;
      if (stamp[i] == SHOWN)
        {
          PlanNode node = { PDG_SCENE_NODE_UNIT, i, 0 };

          scene_index[i] = plan->nodes->len;
          g_array_append_val (plan->nodes, node);
        }
    }
  plan->n_units = plan->nodes->len;

  for (guint e = 0; e < n_edges; e++)
    {
      const PdgGenealogyEdge *edge = pdg_genealogy_get_edge (genealogy, e);
      guint from = scene_index[edge_near (genealogy, edge)];
      guint to = scene_index[edge_far (genealogy, edge)];

      if (from != G_MAXUINT && to != G_MAXUINT)
        {
          PlanEdge plan_edge = { from, to, e };

          g_array_append_val (plan->edges, plan_edge);
        }
    }

  /* Groups: count what hides below each shown node, each unit once per
   * group (stamped with the group's number). */
  for (guint u = 0; u < plan->n_units; u++)
    {
      guint v = g_array_index (plan->nodes, PlanNode, u).node;
      guint size = 0;

      head = tail = 0;
      walk++;
      for (guint k = start[v]; k < start[v + 1]; k++)
        {
          guint w = edge_far (genealogy, pdg_genealogy_get_edge (genealogy, out[k]));

          if (stamp[w] != SHOWN && stamp[w] != walk)
            {
              stamp[w] = walk;
              queue[tail++] = w;
            }
        }
      while (head < tail)
        {
          guint x = queue[head++];

          size++;
          for (guint k = start[x]; k < start[x + 1]; k++)
            {
              guint w = edge_far (genealogy, pdg_genealogy_get_edge (genealogy, out[k]));

              if (stamp[w] != SHOWN && stamp[w] != walk)
                {
                  stamp[w] = walk;
                  queue[tail++] = w;
                }
            }
        }

      if (size > 0)
        {
          PlanNode group = { PDG_SCENE_NODE_GROUP, v, size };
          PlanEdge edge = { u, plan->nodes->len, G_MAXUINT };

          g_array_append_val (plan->nodes, group);
          g_array_append_val (plan->edges, edge);
        }
    }
}

static void
plan_node_name (const Plan *plan,
                guint       index,
                char        buf[32])
{
  const PlanNode *node = &g_array_index (plan->nodes, PlanNode, index);

  g_snprintf (buf, 32, "%c%u", node->kind == PDG_SCENE_NODE_GROUP ? 'g' : 'u', node->node);
}

/* DOT text */

typedef struct
{
  const char *fill;
  const char *border;
  const char *text;
} StatusStyle;

/* Light fills so black text stays readable; borders from the GNOME palette. */
static const StatusStyle status_styles[] = {
  [PDG_UNIT_STATUS_AVAILABLE] = { "#d8f3e2", "#26a269", "#241f31" },
  [PDG_UNIT_STATUS_CONSUMED] = { "#ebebe9", "#9a9996", "#241f31" },
  [PDG_UNIT_STATUS_SHIPPED] = { "#dae7fb", "#1c71d8", "#241f31" },
  [PDG_UNIT_STATUS_SCRAPPED] = { "#c0bfbc", "#5e5c64", "#3d3846" },
  [PDG_UNIT_STATUS_BLOCKED] = { "#ffe4c7", "#e66100", "#241f31" },
  [PDG_UNIT_STATUS_RECALLED] = { "#fad2d5", "#c01c28", "#241f31" },
};

static void
append_inches (GString *out,
               double   points)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6f", points / 72.0));
}

/* One line of card text: valid UTF-8, no control characters, ellipsized. */
static char *
card_line (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  for (char *p = valid; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  if (g_utf8_strlen (valid, -1) > CARD_LINE_CHARS)
    {
      g_autofree char *head = g_utf8_substring (valid, 0, CARD_LINE_CHARS - 1);

      return g_strconcat (head, "…", NULL);
    }
  return g_steal_pointer (&valid);
}

/* Appends `text` as DOT escString content: \" for quotes, \\ for a
 * backslash (Graphviz would otherwise read \N, \l ... in labels). */
static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

static char *
quantity_text (double      quantity,
               const char *uom)
{
  g_autofree char *number = pdg_format_quantity (quantity);

  if (uom == NULL || *uom == '\0')
    return g_steal_pointer (&number);
  return g_strconcat (number, " ", uom, NULL);
}

/* The four lines of a card: description, item number, serial or batch,
 * quantity and unit of measure. */
static void
card_lines (const PdgUnit *unit,
            char          *lines[4])
{
  g_autofree char *quantity = quantity_text (unit->quantity, unit->uom);
  const char *description = unit->item_description;

  if (description == NULL || *description == '\0')
    description = unit->item_number;
  lines[0] = card_line (description);
  lines[1] = card_line (unit->item_number);
  lines[2] = card_line (unit->lot);
  lines[3] = card_line (quantity);
}

static void
append_unit_node (GString                *out,
                  const char             *name,
                  const PdgGenealogyNode *node)
{
  const PdgUnit *unit = node->unit;
  const StatusStyle *style;
  char *lines[4];

  style = (guint) unit->status < G_N_ELEMENTS (status_styles) ? &status_styles[unit->status]
                                                              : &status_styles[0];
  card_lines (unit, lines);

  g_string_append_printf (out, "  %s [label=", name);
  if (unit->status == PDG_UNIT_STATUS_SCRAPPED)
    {
      /* An HTML-like label: the only way to strike text through. */
      g_string_append_c (out, '<');
      for (guint i = 0; i < 4; i++)
        {
          g_autofree char *escaped = g_markup_escape_text (lines[i], -1);

          g_string_append_printf (out, "%s<S>%s</S>", i > 0 ? "<BR/>" : "", escaped);
        }
      g_string_append_c (out, '>');
    }
  else
    {
      g_string_append_c (out, '"');
      for (guint i = 0; i < 4; i++)
        {
          if (i > 0)
            g_string_append (out, "\\n");
          append_escaped (out, lines[i]);
        }
      g_string_append_c (out, '"');
    }
  g_string_append_printf (out, ", fillcolor=\"%s\", color=\"%s\", fontcolor=\"%s\"",
                          style->fill, style->border, style->text);
  if (node->role == PDG_NODE_ROOT)
    g_string_append (out, ", penwidth=2");
  g_string_append (out, "];\n");

  for (guint i = 0; i < 4; i++)
    g_free (lines[i]);
}

static void
append_group_node (GString        *out,
                   const char     *name,
                   const PlanNode *node)
{
  g_autofree char *count = pdg_format_count (node->group_size);
  /* TRANSLATORS: a box standing for units not drawn, e.g. "+18 more" */
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "+%s more", "+%s more",
                                                         node->group_size),
                                            count);

  g_string_append_printf (out, "  %s [label=\"", name);
  append_escaped (out, label);
  g_string_append (out, "\", style=\"rounded,dashed,filled\", fillcolor=\"#ffffff\", "
                        "color=\"#77767b\", width=");
  append_inches (out, PDG_LAYOUT_GROUP_WIDTH);
  g_string_append (out, ", height=");
  append_inches (out, PDG_LAYOUT_GROUP_HEIGHT);
  g_string_append (out, "];\n");
}

static void
plan_write_dot (const Plan *plan,
                GString    *out)
{
  PdgGenealogy *genealogy = plan->genealogy;
  guint n_genealogy = genealogy != NULL ? pdg_genealogy_get_n_nodes (genealogy) : 0;
  gboolean forward = genealogy != NULL && genealogy->direction == PDG_DIRECTION_FORWARD;

  g_string_append_printf (out,
                          "/* Pedigree: %s genealogy of %u units, %u drawn, %u groups */\n"
                          "digraph genealogy {\n",
                          forward ? "forward (where-used)" : "backward (as-built)",
                          n_genealogy, plan->n_units, plan->nodes->len - plan->n_units);
  g_string_append (out,
                   "  graph [rankdir=TB, nodesep=0.3, ranksep=0.6, splines=spline, ordering=out,\n"
                   "         outputorder=edgesfirst, pad=0.2, bgcolor=\"#ffffff\", fontname=\""
                   FONT_NAME "\"];\n"
                   "  node [shape=box, style=\"rounded,filled\", fixedsize=true, width=");
  append_inches (out, PDG_LAYOUT_CARD_WIDTH);
  g_string_append (out, ", height=");
  append_inches (out, PDG_LAYOUT_CARD_HEIGHT);
  g_string_append (out,
                   ",\n"
                   "        fontname=\"" FONT_NAME "\", fontsize=10, penwidth=1];\n"
                   "  edge [color=\"#77767b\", fontcolor=\"#5e5c64\", fontname=\"" FONT_NAME
                   "\", fontsize=9, arrowsize=0.7];\n");

  for (guint i = 0; i < plan->nodes->len; i++)
    {
      const PlanNode *node = &g_array_index (plan->nodes, PlanNode, i);
      char name[32];

      plan_node_name (plan, i, name);
      if (node->kind == PDG_SCENE_NODE_UNIT)
        append_unit_node (out, name, pdg_genealogy_get_node (genealogy, node->node));
      else
        append_group_node (out, name, node);
    }

  for (guint i = 0; i < plan->edges->len; i++)
    {
      const PlanEdge *edge = &g_array_index (plan->edges, PlanEdge, i);
      char from[32], to[32];

      plan_node_name (plan, edge->from, from);
      plan_node_name (plan, edge->to, to);
      g_string_append_printf (out, "  %s -> %s [key=e%u", from, to, i);
      if (edge->edge != G_MAXUINT)
        {
          const PdgGenealogyEdge *e = pdg_genealogy_get_edge (genealogy, edge->edge);
          const PdgUnit *child = pdg_genealogy_get_node (genealogy, e->child)->unit;
          g_autofree char *quantity = quantity_text (e->quantity, child->uom);
          g_autofree char *label = card_line (quantity);

          g_string_append (out, ", xlabel=\"");
          append_escaped (out, label);
          g_string_append_c (out, '"');
        }
      else
        g_string_append (out, ", style=dashed");
      g_string_append (out, "];\n");
    }
  g_string_append (out, "}\n");
}

static const PdgLayoutOptions default_options = PDG_LAYOUT_OPTIONS_INIT;

void
pdg_layout_options_init (PdgLayoutOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = default_options;
}

void
pdg_layout_count (PdgGenealogy           *genealogy,
                  const PdgLayoutOptions *options,
                  guint                  *n_nodes,
                  guint                  *n_edges)
{
  g_auto(Plan) plan = { 0 };

  plan_build (&plan, genealogy, options != NULL ? options : &default_options);
  if (n_nodes != NULL)
    *n_nodes = plan.nodes->len;
  if (n_edges != NULL)
    *n_edges = plan.edges->len;
}

char *
pdg_layout_to_dot (PdgGenealogy           *genealogy,
                   const PdgLayoutOptions *options)
{
  g_auto(Plan) plan = { 0 };
  GString *out = g_string_new (NULL);

  plan_build (&plan, genealogy, options != NULL ? options : &default_options);
  plan_write_dot (&plan, out);
  return g_string_free (out, FALSE);
}

/* Graphviz: everything below runs on the layout thread only. */

static GVC_t   *gvc;          /* the process's one Graphviz context, never freed */
static GString *gv_messages;  /* what Graphviz reported during the current job */

/* cgraph hands a message over in pieces: "Error" or "Warning", ": ", then
 * the text (and continuations). Only the text is kept. */
static int
on_graphviz_message (char *message)
{
  if (g_str_equal (message, "Error") || g_str_equal (message, "Warning"))
    {
      if (gv_messages->len > 0)
        g_string_append_c (gv_messages, ' ');
    }
  else if (!g_str_equal (message, ": "))
    g_string_append (gv_messages, message);
  return 0;
}

/* Graphviz's messages of the current job, on one line. */
static char *
graphviz_messages (void)
{
  g_autofree char *text = g_strdup (gv_messages->str);

  g_strdelimit (text, "\n\r\t", ' ');
  return g_strdup (g_strstrip (text));
}

/* `format`, then what Graphviz said, if anything. */
static void G_GNUC_PRINTF (3, 4)
set_graphviz_error (GError     **error,
                    gint         code,
                    const char  *format,
                    ...)
{
  g_autofree char *messages = graphviz_messages ();
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (*messages != '\0')
    g_set_error (error, PDG_LAYOUT_ERROR, code, "%s (Graphviz: %s)", what, messages);
  else
    g_set_error_literal (error, PDG_LAYOUT_ERROR, code, what);
}

/* Whether Graphviz's configuration lists a plugin, e.g. "layout" "dot" or
 * "render" "cairo" (to explain a failure). */
static gboolean
graphviz_has_plugin (const char *kind,
                     const char *name)
{
  int n = 0;
  char **list = gvPluginList (gvc, kind, &n, NULL);
  gboolean found = FALSE;

  for (int i = 0; i < n; i++)
    {
      found = found || g_strcmp0 (list[i], name) == 0;
      free (list[i]);
    }
  free (list);
  return found;
}

static Agraph_t *
parse_dot (const char  *dot,
           GError     **error)
{
  Agraph_t *g;

  agreseterrors ();
  g = agmemread (dot);
  if (g == NULL || agerrors () >= AGERR)
    {
      g_clear_pointer (&g, agclose);
      set_graphviz_error (error, PDG_LAYOUT_ERROR_PARSE,
                          _("Graphviz cannot read the graph description"));
      return NULL;
    }
  return g;
}

/* Parses and lays a plan out; NULL with `error` set on failure. */
static Agraph_t *
layout_plan (const Plan  *plan,
             GError     **error)
{
  g_autoptr(GString) dot = g_string_new (NULL);
  Agraph_t *g;

  plan_write_dot (plan, dot);
  if ((g = parse_dot (dot->str, error)) == NULL)
    return NULL;
  if (gvLayout (gvc, g, "dot") != 0)
    {
      if (!graphviz_has_plugin ("layout", "dot"))
        set_graphviz_error (error, PDG_LAYOUT_ERROR_FAILED,
                            _("Graphviz has no “dot” layout engine: its plugins are not "
                              "registered (run “dot -c” as root)"));
      else
        set_graphviz_error (error, PDG_LAYOUT_ERROR_FAILED,
                            _("Graphviz could not lay the genealogy out"));
      agclose (g);
      return NULL;
    }
  return g;
}

typedef struct
{
  double min_x, min_y, max_x, max_y;
} Bounds;

static void
bounds_add (Bounds *b,
            double  x,
            double  y)
{
  b->min_x = MIN (b->min_x, x);
  b->min_y = MIN (b->min_y, y);
  b->max_x = MAX (b->max_x, x);
  b->max_y = MAX (b->max_y, y);
}

/* One edge as Graphviz placed it, y up. */
typedef struct
{
  GArray *points;  /* owned; pointf, 3k + 1 */
  pointf  label;
  pointf  tip;
} RawEdge;

static void
raw_edge_clear (gpointer data)
{
  RawEdge *raw = data;

  g_clear_pointer (&raw->points, g_array_unref);
}

/* A straight cubic segment from the last point to `p` (3 points). */
static void
append_line_to (GArray *points,
                pointf  p)
{
  pointf a = g_array_index (points, pointf, points->len - 1);
  pointf c1 = { a.x + (p.x - a.x) / 3, a.y + (p.y - a.y) / 3 };
  pointf c2 = { a.x + 2 * (p.x - a.x) / 3, a.y + 2 * (p.y - a.y) / 3 };

  g_array_append_val (points, c1);
  g_array_append_val (points, c2);
  g_array_append_val (points, p);
}

static pointf
bezier_point (const pointf *p,
              double        t)
{
  double s = 1 - t;
  pointf r;

  r.x = s * s * s * p[0].x + 3 * s * s * t * p[1].x + 3 * s * t * t * p[2].x + t * t * t * p[3].x;
  r.y = s * s * s * p[0].y + 3 * s * s * t * p[1].y + 3 * s * t * t * p[2].y + t * t * t * p[3].y;
  return r;
}

/* The spline of one edge as a single 3k + 1 point path (Graphviz may give
 * several pieces; gaps are bridged by straight segments), its arrow tip
 * and where its label goes. Without a spline (routing failed) a straight
 * line between the node centres. */
static void
read_edge (Agedge_t *e,
           RawEdge  *raw)
{
  const splines *spl = ED_spl (e);

  raw->points = g_array_new (FALSE, FALSE, sizeof (pointf));
  if (spl != NULL)
    for (int i = 0; i < spl->size; i++)
      {
        const bezier *bz = &spl->list[i];
        int first = 0;

        if (bz->size < 4 || (bz->size - 1) % 3 != 0)
          continue;
        if (raw->points->len > 0)
          {
            pointf last = g_array_index (raw->points, pointf, raw->points->len - 1);

            if (last.x != bz->list[0].x || last.y != bz->list[0].y)
              append_line_to (raw->points, bz->list[0]);
            first = 1;
          }
        g_array_append_vals (raw->points, bz->list + first, bz->size - first);
        raw->tip = bz->eflag ? bz->ep : bz->list[bz->size - 1];
      }

  if (raw->points->len == 0)
    {
      pointf a = ND_coord (agtail (e));

      g_array_append_val (raw->points, a);
      append_line_to (raw->points, ND_coord (aghead (e)));
      raw->tip = ND_coord (aghead (e));
    }

  if (ED_xlabel (e) != NULL && ED_xlabel (e)->set)
    raw->label = ED_xlabel (e)->pos;
  else
    {
      /* The middle of the middle piece. */
      guint pieces = (raw->points->len - 1) / 3;
      const pointf *p = &g_array_index (raw->points, pointf, 3 * (pieces / 2));

      raw->label = bezier_point (p, pieces % 2 == 1 ? 0.5 : 0.0);
    }
}

/* Copies a laid-out graph into a scene: y flipped (y' = top - y) and
 * shifted so that the box around everything (Graphviz's bounding box,
 * grown to hold any point outside it) starts at 0, 0. */
static PdgScene *
read_scene (const Plan  *plan,
            Agraph_t    *g,
            GError     **error)
{
  g_autofree Agnode_t **agnodes = g_new0 (Agnode_t *, plan->nodes->len);
  g_autoptr(GArray) nodes = g_array_sized_new (FALSE, FALSE, sizeof (PdgSceneNode),
                                               plan->nodes->len);
  g_autoptr(GArray) edges = g_array_sized_new (FALSE, TRUE, sizeof (RawEdge), plan->edges->len);
  boxf bb = GD_bb (g);
  Bounds b = { bb.LL.x, bb.LL.y, bb.UR.x, bb.UR.y };
  PdgScene *scene;

  g_array_set_clear_func (edges, raw_edge_clear);

  for (guint i = 0; i < plan->nodes->len; i++)
    {
      const PlanNode *plan_node = &g_array_index (plan->nodes, PlanNode, i);
      PdgSceneNode node = { plan_node->kind, plan_node->node, plan_node->group_size };
      char name[32];

      plan_node_name (plan, i, name);
      if ((agnodes[i] = agnode (g, name, FALSE)) == NULL)
        {
          g_set_error (error, PDG_LAYOUT_ERROR, PDG_LAYOUT_ERROR_FAILED,
                       _("Graphviz lost node %s of the genealogy"), name);
          return NULL;
        }
      node.depth = MAX (ND_rank (agnodes[i]), 0);
      node.x = ND_coord (agnodes[i]).x;
      node.y = ND_coord (agnodes[i]).y;
      /* Rounded to 1/100 pt: inches × 72 is not exact. */
      node.width = round (ND_width (agnodes[i]) * 7200) / 100;
      node.height = round (ND_height (agnodes[i]) * 7200) / 100;
      bounds_add (&b, node.x - node.width / 2, node.y - node.height / 2);
      bounds_add (&b, node.x + node.width / 2, node.y + node.height / 2);
      g_array_append_val (nodes, node);
    }

  for (guint i = 0; i < plan->edges->len; i++)
    {
      const PlanEdge *plan_edge = &g_array_index (plan->edges, PlanEdge, i);
      char key[32];
      Agedge_t *e;
      RawEdge raw = { NULL };

      g_snprintf (key, sizeof key, "e%u", i);
      e = agedge (g, agnodes[plan_edge->from], agnodes[plan_edge->to], key, FALSE);
      if (e == NULL)
        {
          g_set_error (error, PDG_LAYOUT_ERROR, PDG_LAYOUT_ERROR_FAILED,
                       _("Graphviz lost edge %s of the genealogy"), key);
          return NULL;
        }
      read_edge (e, &raw);
      for (guint k = 0; k < raw.points->len; k++)
        {
          pointf p = g_array_index (raw.points, pointf, k);

          bounds_add (&b, p.x, p.y);
        }
      bounds_add (&b, raw.tip.x, raw.tip.y);
      bounds_add (&b, raw.label.x, raw.label.y);
      if (ED_xlabel (e) != NULL && ED_xlabel (e)->set)
        {
          pointf size = ED_xlabel (e)->dimen;

          bounds_add (&b, raw.label.x - size.x / 2, raw.label.y - size.y / 2);
          bounds_add (&b, raw.label.x + size.x / 2, raw.label.y + size.y / 2);
        }
      g_array_append_val (edges, raw);
    }

  scene = pdg_scene_new (plan->genealogy, b.max_x - b.min_x, b.max_y - b.min_y);
  for (guint i = 0; i < nodes->len; i++)
    {
      PdgSceneNode node = g_array_index (nodes, PdgSceneNode, i);

      node.x -= b.min_x;
      node.y = b.max_y - node.y;
      pdg_scene_add_node (scene, &node);
    }
  for (guint i = 0; i < edges->len; i++)
    {
      const PlanEdge *plan_edge = &g_array_index (plan->edges, PlanEdge, i);
      const RawEdge *raw = &g_array_index (edges, RawEdge, i);
      g_autofree double *points = g_new (double, 2 * raw->points->len);
      double quantity = 0;

      for (guint k = 0; k < raw->points->len; k++)
        {
          pointf p = g_array_index (raw->points, pointf, k);

          points[2 * k] = p.x - b.min_x;
          points[2 * k + 1] = b.max_y - p.y;
        }
      if (plan_edge->edge != G_MAXUINT)
        quantity = pdg_genealogy_get_edge (plan->genealogy, plan_edge->edge)->quantity;
      pdg_scene_add_edge (scene, plan_edge->from, plan_edge->to, quantity,
                          points, raw->points->len,
                          raw->label.x - b.min_x, b.max_y - raw->label.y,
                          raw->tip.x - b.min_x, b.max_y - raw->tip.y);
    }
  return scene;
}

/* Jobs */

typedef enum
{
  JOB_LAYOUT,
  JOB_RENDER,
  JOB_CHECK,
} JobKind;

typedef struct
{
  guint n_nodes;
  guint n_edges;
} CheckResult;

typedef struct
{
  gatomicrefcount   ref;
  JobKind           kind;
  PdgGenealogy     *genealogy;     /* owned; LAYOUT, RENDER */
  PdgLayoutOptions  options;       /* options.expanded owned (a copy), nullable */
  char             *device;        /* owned; RENDER: Graphviz's format[:renderer] */
  char             *dot;           /* owned; CHECK: the text to parse */
  GCancellable     *cancellable;   /* owned, nullable */
  gulong            cancelled_id;  /* handler on `cancellable`; set before the job is queued */
  GTask            *task;          /* owned */
  gint              claimed;       /* atomic: someone answered (or is answering) the task */
} Job;

static Job *
job_new (JobKind                 kind,
         PdgGenealogy           *genealogy,
         const PdgLayoutOptions *options)
{
  Job *job = g_new0 (Job, 1);

  g_atomic_ref_count_init (&job->ref);
  job->kind = kind;
  job->genealogy = genealogy != NULL ? pdg_genealogy_ref (genealogy) : NULL;
  job->options = options != NULL ? *options : default_options;
  job->options.expanded = NULL;
  if (options != NULL && options->expanded != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      /* A copy: the caller may change its set while the job waits. */
      job->options.expanded = g_hash_table_new (NULL, NULL);
      g_hash_table_iter_init (&iter, options->expanded);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (job->options.expanded, key);
    }
  return job;
}

static Job *
job_ref (Job *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

static void
job_unref (Job *job)
{
  if (!g_atomic_ref_count_dec (&job->ref))
    return;
  g_clear_pointer (&job->genealogy, pdg_genealogy_unref);
  g_clear_pointer (&job->options.expanded, g_hash_table_unref);
  g_free (job->device);
  g_free (job->dot);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->task);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_unref)

/* TRUE for the one caller that may answer the job's task. */
static gboolean
job_claim (Job *job)
{
  return g_atomic_int_compare_and_exchange (&job->claimed, FALSE, TRUE);
}

static void
job_return_cancelled (Job *job)
{
  g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The layout was cancelled"));
}

/* In whichever thread cancels. */
static void
on_job_cancelled (GCancellable *cancellable,
                  gpointer      data)
{
  Job *job = data;

  if (job_claim (job))
    job_return_cancelled (job);
}

static gpointer
job_layout (Job     *job,
            GError **error)
{
  g_auto(Plan) plan = { 0 };
  Agraph_t *g;
  PdgScene *scene;

  plan_build (&plan, job->genealogy, &job->options);
  if (plan.nodes->len == 0)
    return pdg_scene_new (job->genealogy, 0, 0);
  if ((g = layout_plan (&plan, error)) == NULL)
    return NULL;
  scene = read_scene (&plan, g, error);
  gvFreeLayout (gvc, g);
  agclose (g);
  return scene;
}

static gpointer
job_render (Job     *job,
            GError **error)
{
  g_auto(Plan) plan = { 0 };
  Agraph_t *g;
  char *data = NULL;
  unsigned int length = 0;
  GBytes *bytes = NULL;

  plan_build (&plan, job->genealogy, &job->options);
  if ((g = layout_plan (&plan, error)) == NULL)
    return NULL;
  if (gvRenderData (gvc, g, job->device, &data, &length) != 0 || data == NULL)
    {
      const char *renderer = strchr (job->device, ':');

      renderer = renderer != NULL ? renderer + 1 : job->device;
      if (!graphviz_has_plugin ("render", renderer))
        set_graphviz_error (error, PDG_LAYOUT_ERROR_RENDER,
                            _("Graphviz’s “%s” renderer is not installed (Debian package "
                              "libgvc6), so this format cannot be written"), renderer);
      else
        set_graphviz_error (error, PDG_LAYOUT_ERROR_RENDER,
                            _("Graphviz could not draw the genealogy in this format"));
    }
  else
    bytes = g_bytes_new (data, length);
  if (data != NULL)
    gvFreeRenderData (data);
  gvFreeLayout (gvc, g);
  agclose (g);
  return bytes;
}

static gpointer
job_check (Job     *job,
           GError **error)
{
  Agraph_t *g = parse_dot (job->dot, error);
  CheckResult *result;

  if (g == NULL)
    return NULL;
  result = g_new0 (CheckResult, 1);
  result->n_nodes = agnnodes (g);
  result->n_edges = agnedges (g);
  agclose (g);
  return result;
}

static void
job_process (Job *job)
{
  GError *error = NULL;
  gpointer result = NULL;
  GDestroyNotify free_result = NULL;

  if (g_atomic_int_get (&job->claimed) || g_cancellable_is_cancelled (job->cancellable))
    {
      /* Skipped; its canceller answers (or has answered) it. */
      if (job_claim (job))
        job_return_cancelled (job);
      return;
    }

  g_string_truncate (gv_messages, 0);
  switch (job->kind)
    {
    case JOB_LAYOUT:
      result = job_layout (job, &error);
      free_result = (GDestroyNotify) pdg_scene_unref;
      break;
    case JOB_RENDER:
      result = job_render (job, &error);
      free_result = (GDestroyNotify) g_bytes_unref;
      break;
    case JOB_CHECK:
      result = job_check (job, &error);
      free_result = g_free;
      break;
    default:
      g_assert_not_reached ();
    }
  if (gv_messages->len > 0)
    g_debug ("Graphviz: %s", gv_messages->str);

  if (!job_claim (job))
    {
      /* Cancelled while Graphviz worked: nobody may have the result. */
      if (result != NULL)
        free_result (result);
      g_clear_error (&error);
    }
  else if (result != NULL)
    g_task_return_pointer (job->task, result, free_result);
  else
    g_task_return_error (job->task, error);
}

static gpointer
layout_thread (gpointer data)
{
  GAsyncQueue *queue = data;
  locale_t c_locale;

  /* Graphviz reads and writes numbers with the C library: make them the
   * C locale's on this thread, whatever the application's locale. */
  if ((c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0)) != (locale_t) 0)
    uselocale (c_locale);

  gv_messages = g_string_new (NULL);
  agseterrf (on_graphviz_message);
  agseterr (AGWARN);
  /* Loads the plugins Graphviz's configuration lists (dot layout, core and
   * cairo renderers); also sets the default node label, so it comes before
   * any graph is read. */
  gvc = gvContext ();

  for (;;)
    {
      Job *job = g_async_queue_pop (queue);

      job_process (job);
      if (job->cancelled_id != 0)
        g_cancellable_disconnect (job->cancellable, job->cancelled_id);
      job_unref (job);
    }

  return NULL;
}

static GAsyncQueue *
layout_queue (void)
{
  static GAsyncQueue *queue;

  if (g_once_init_enter (&queue))
    {
      GAsyncQueue *q = g_async_queue_new ();

      g_thread_unref (g_thread_new ("pdg-layout", layout_thread, g_async_queue_ref (q)));
      g_once_init_leave (&queue, q);
    }
  return queue;
}

/* Queues a job (taking the reference) with a task answering `callback`
 * in the caller's thread-default main context. */
static void
job_start (Job                 *job,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag)
{
  job->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  g_task_set_name (job->task, "pdg-layout");
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  if (g_cancellable_is_cancelled (cancellable))
    {
      job_claim (job);
      job_return_cancelled (job);
      job_unref (job);
      return;
    }
  if (cancellable != NULL)
    job->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_job_cancelled),
                                               job_ref (job), (GDestroyNotify) job_unref);
  g_async_queue_push (layout_queue (), job);
}

static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Queues a job (taking the reference) and waits for its answer. */
static gpointer
job_run (Job           *job,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_main_context_push_thread_default (context);
  job_start (job, cancellable, on_sync_done, &result, job_run);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Public API */

void
pdg_layout_async (PdgGenealogy           *genealogy,
                  const PdgLayoutOptions *options,
                  GCancellable           *cancellable,
                  GAsyncReadyCallback     callback,
                  gpointer                user_data)
{
  g_return_if_fail (genealogy != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job_start (job_new (JOB_LAYOUT, genealogy, options), cancellable, callback, user_data,
             pdg_layout_async);
}

PdgScene *
pdg_layout_finish (GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pdg_layout_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

PdgScene *
pdg_layout_run (PdgGenealogy           *genealogy,
                const PdgLayoutOptions *options,
                GCancellable           *cancellable,
                GError                **error)
{
  g_return_val_if_fail (genealogy != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  return job_run (job_new (JOB_LAYOUT, genealogy, options), cancellable, error);
}

/* The Graphviz device of an export format, or NULL. Cairo for the bitmaps
 * and PDF (Graphviz's best output; the pango plugin in package libgvc6),
 * the core renderer for SVG (text stays text). */
static const char *
render_device (const char  *format,
               GError     **error)
{
  static const struct
  {
    const char *format;
    const char *device;
  } devices[] = {
    { "svg", "svg" },
    { "png", "png:cairo" },
    { "pdf", "pdf:cairo" },
    { "dot", "dot" },
  };

  for (guint i = 0; format != NULL && i < G_N_ELEMENTS (devices); i++)
    if (g_ascii_strcasecmp (format, devices[i].format) == 0)
      return devices[i].device;

  g_set_error (error, PDG_LAYOUT_ERROR, PDG_LAYOUT_ERROR_FORMAT,
               _("Cannot export a genealogy as “%s”: choose SVG, PNG, PDF or DOT"),
               format != NULL ? format : "");
  return NULL;
}

void
pdg_layout_render_async (PdgGenealogy           *genealogy,
                         const PdgLayoutOptions *options,
                         const char             *format,
                         GCancellable           *cancellable,
                         GAsyncReadyCallback     callback,
                         gpointer                user_data)
{
  GError *error = NULL;
  const char *device;
  Job *job;

  g_return_if_fail (genealogy != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if ((device = render_device (format, &error)) == NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

      g_task_set_source_tag (task, pdg_layout_render_async);
      g_task_return_error (task, error);
      return;
    }
  job = job_new (JOB_RENDER, genealogy, options);
  job->device = g_strdup (device);
  job_start (job, cancellable, callback, user_data, pdg_layout_render_async);
}

GBytes *
pdg_layout_render_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pdg_layout_render_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GBytes *
pdg_layout_render (PdgGenealogy           *genealogy,
                   const PdgLayoutOptions *options,
                   const char             *format,
                   GCancellable           *cancellable,
                   GError                **error)
{
  const char *device;
  Job *job;

  g_return_val_if_fail (genealogy != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if ((device = render_device (format, error)) == NULL)
    return NULL;
  job = job_new (JOB_RENDER, genealogy, options);
  job->device = g_strdup (device);
  return job_run (job, cancellable, error);
}

gboolean
pdg_layout_render_file (PdgGenealogy           *genealogy,
                        const PdgLayoutOptions *options,
                        const char             *format,
                        const char             *path,
                        GCancellable           *cancellable,
                        GError                **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (genealogy != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if ((bytes = pdg_layout_render (genealogy, options, format, cancellable, error)) == NULL)
    return FALSE;

  file = g_file_new_for_path (path);
  if (!g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                cancellable, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot save the genealogy: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
pdg_layout_check_dot (const char  *dot,
                      guint       *n_nodes,
                      guint       *n_edges,
                      GError     **error)
{
  g_autofree CheckResult *result = NULL;
  Job *job;

  g_return_val_if_fail (dot != NULL, FALSE);

  job = job_new (JOB_CHECK, NULL, NULL);
  job->dot = g_strdup (dot);
  if ((result = job_run (job, NULL, error)) == NULL)
    return FALSE;
  if (n_nodes != NULL)
    *n_nodes = result->n_nodes;
  if (n_edges != NULL)
    *n_edges = result->n_edges;
  return TRUE;
}
