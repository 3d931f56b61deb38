/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-export.c: a genealogy as a readable tree, as CSV and as Graphviz DOT.
 *
 * All three walk the genealogy's edges from the roots outward through an
 * adjacency list built once (node -> edges to the next level), so output
 * order follows the genealogy's deterministic order. In the text tree a unit
 * reached a second time (a shared lot) is printed once more as a reference
 * line instead of repeating its subtree. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pdg-export.h"

/* For each node, the indexes of the edges that lead away from the roots. */
static GPtrArray *
outward_edges (const PdgGenealogy *g)
{
  GPtrArray *adj = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; i < g->nodes->len; i++)
    g_ptr_array_add (adj, g_array_new (FALSE, FALSE, sizeof (guint)));

  for (guint i = 0; i < g->edges->len; i++)
    {
      const PdgGenealogyEdge *e = &g_array_index (g->edges, PdgGenealogyEdge, i);
      guint from = g->direction == PDG_DIRECTION_BACKWARD ? e->parent : e->child;

      g_array_append_val (g_ptr_array_index (adj, from), i);
    }

  return adj;
}

static guint
far_end (const PdgGenealogy     *g,
         const PdgGenealogyEdge *e)
{
  return g->direction == PDG_DIRECTION_BACKWARD ? e->child : e->parent;
}

static void
append_unit_line (GString       *out,
                  const PdgUnit *u)
{
  g_string_append_printf (out, "%s/%s  %s  [%s", u->item_number, u->lot,
                          u->item_description ? u->item_description : "",
                          pdg_unit_status_to_string (u->status));
  if (u->tracking == PDG_TRACKING_BATCH)
    g_string_append_printf (out, ", %g of %g %s on hand", u->on_hand, u->quantity, u->uom ? u->uom : "");
  g_string_append (out, "]");
}

static void
text_subtree (const PdgGenealogy *g,
              GPtrArray          *adj,
              gboolean           *printed,
              guint               node,
              GString            *prefix,
              GString            *out)
{
  GArray *edges = g_ptr_array_index (adj, node);

  for (guint k = 0; k < edges->len; k++)
    {
      const PdgGenealogyEdge *e = &g_array_index (g->edges, PdgGenealogyEdge, g_array_index (edges, guint, k));
      guint next = far_end (g, e);
      PdgGenealogyNode *n = pdg_genealogy_get_node (g, next);
      gboolean last = k + 1 == edges->len;
      gsize keep = prefix->len;

      g_string_append_printf (out, "%s%s%g %s  ", prefix->str, last ? "└─ " : "├─ ",
                              e->quantity, n->unit->uom ? n->unit->uom : "");
      append_unit_line (out, n->unit);
      if (printed[next])
        {
          g_string_append_printf (out, "  %s\n", _("(shown above)"));
          continue;
        }
      if (n->truncated)
        g_string_append_printf (out, "  %s", _("(more not shown)"));
      g_string_append_c (out, '\n');
      printed[next] = TRUE;

      g_string_append (prefix, last ? "   " : "│  ");
      text_subtree (g, adj, printed, next, prefix, out);
      g_string_truncate (prefix, keep);
    }
}

char *
pdg_export_genealogy_text (const PdgGenealogy *g)
{
  g_autoptr(GPtrArray) adj = outward_edges (g);
  g_autofree gboolean *printed = g_new0 (gboolean, MAX (g->nodes->len, 1));
  g_autoptr(GString) prefix = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g->nodes->len; i++)
    {
      PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);

      if (n->role != PDG_NODE_ROOT)
        continue;
      append_unit_line (out, n->unit);
      g_string_append_c (out, '\n');
      printed[i] = TRUE;
      text_subtree (g, adj, printed, i, prefix, out);
    }

  g_string_append_printf (out, "\n%s\n",
                          g->direction == PDG_DIRECTION_BACKWARD
                            ? _("Backward trace (as built): what the unit is made of.")
                            : _("Forward trace (where used): what the unit went into."));
  g_string_append_printf (out, _("%u units, %u links, %u levels"),
                          g->nodes->len, g->edges->len, g->max_depth + 1);
  if (g->depth_capped || g->node_capped)
    g_string_append_printf (out, "; %s", _("cut off by a depth or size limit"));
  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

void
pdg_export_csv_field (GString    *out,
                      const char *text)
{
  gboolean quote;

  if (text == NULL)
    return;

  quote = strpbrk (text, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');
  if (text[0] == '=' || text[0] == '+' || text[0] == '@')
    g_string_append_c (out, '\'');
  if (!quote || strchr (text, '"') == NULL)
    g_string_append (out, text);
  else
    for (const char *p = text; *p; p++)
      {
        if (*p == '"')
          g_string_append_c (out, '"');
        g_string_append_c (out, *p);
      }
  if (quote)
    g_string_append_c (out, '"');
}

static void
csv_number (GString *out,
            double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

static void
csv_row (GString                *out,
         const PdgGenealogyNode *n,
         const PdgUnit          *via,
         const PdgGenealogyEdge *e)
{
  const PdgUnit *u = n->unit;
  static const char * const roles[] = { "root", "component", "consumer" };

  g_string_append_printf (out, "%u,%s,", n->depth, roles[n->role]);
  pdg_export_csv_field (out, u->item_number);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, u->lot);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, u->item_description);
  g_string_append_printf (out, ",%s,%s,", pdg_tracking_to_string (u->tracking),
                          pdg_unit_status_to_string (u->status));
  csv_number (out, u->quantity);
  g_string_append_c (out, ',');
  csv_number (out, u->on_hand);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, u->uom);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, u->location);
  g_string_append_c (out, ',');
  if (via != NULL)
    {
      pdg_export_csv_field (out, via->item_number);
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, via->lot);
      g_string_append_c (out, ',');
      csv_number (out, e->quantity);
    }
  else
    g_string_append (out, ",,");
  g_string_append_printf (out, ",%s\r\n", n->truncated ? "yes" : "no");
}

/**
 * pdg_export_genealogy_csv:
 *
 * One row per root and one per link: the unit reached, and the unit it was
 * reached from (`via`) with the quantity on that link. A shared lot has one
 * row per unit it was reached from.
 */
char *
pdg_export_genealogy_csv (const PdgGenealogy *g)
{
  g_autoptr(GPtrArray) adj = outward_edges (g);
  GString *out = g_string_new ("depth,role,item,lot,description,tracking,status,quantity,"
                               "on_hand,uom,location,via_item,via_lot,link_quantity,truncated\r\n");

  for (guint i = 0; i < g->nodes->len; i++)
    {
      PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);

      if (n->role == PDG_NODE_ROOT)
        csv_row (out, n, NULL, NULL);
    }

  for (guint i = 0; i < g->nodes->len; i++)
    {
      GArray *edges = g_ptr_array_index (adj, i);

      for (guint k = 0; k < edges->len; k++)
        {
          const PdgGenealogyEdge *e = &g_array_index (g->edges, PdgGenealogyEdge, g_array_index (edges, guint, k));

          csv_row (out, pdg_genealogy_get_node (g, far_end (g, e)),
                   pdg_genealogy_get_node (g, i)->unit, e);
        }
    }

  return g_string_free (out, FALSE);
}

static void
dot_string (GString    *out,
            const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * pdg_export_genealogy_dot:
 *
 * A Graphviz digraph; edges point the way material flows (component to the
 * unit it went into), labelled with the quantity.
 */
char *
pdg_export_genealogy_dot (const PdgGenealogy *g)
{
  GString *out = g_string_new ("digraph genealogy {\n"
                               "  rankdir=LR;\n"
                               "  node [shape=box, style=rounded, fontname=\"Sans\"];\n");

  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgUnit *u = pdg_genealogy_get_node (g, i)->unit;
      g_autofree char *label = g_strdup_printf ("%s\n%s/%s\n%s", u->item_description ? u->item_description : "",
                                                u->item_number, u->lot, pdg_unit_status_to_string (u->status));

      g_string_append_printf (out, "  u%" G_GINT64_FORMAT " [label=", u->id);
      dot_string (out, label);
      if (pdg_genealogy_get_node (g, i)->role == PDG_NODE_ROOT)
        g_string_append (out, ", penwidth=2");
      g_string_append (out, "];\n");
    }

  for (guint i = 0; i < g->edges->len; i++)
    {
      const PdgGenealogyEdge *e = &g_array_index (g->edges, PdgGenealogyEdge, i);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (out, "  u%" G_GINT64_FORMAT " -> u%" G_GINT64_FORMAT " [label=\"%s\"];\n",
                              pdg_genealogy_get_node (g, e->child)->unit->id,
                              pdg_genealogy_get_node (g, e->parent)->unit->id,
                              g_ascii_formatd (buf, sizeof buf, "%g", e->quantity));
    }

  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}
