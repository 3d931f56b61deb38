/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-server-json.c: the two answers pedigree-server sends most, a trace
 * and a unit with its events, components and consumers, written straight
 * into one buffer.
 *
 * The documents are the core's mapping (pdg_json_from_genealogy(),
 * pdg_json_from_unit_details() in pdg-json.c): the same members in the same
 * order under the same rules (ids only when set, whole quantities as
 * integers, times as ISO 8601 UTC). Only the way differs: JsonBuilder makes
 * a JsonNode and a hash table per object, and for a 500-node trace that
 * tree took most of the server's time (README, Performance). The server
 * tests check that both ways give equal JSON. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pdg-json.h"
#include "pdg-server-json.h"

typedef struct
{
  GString  *out;    /* owned */
  gboolean  first;  /* no member written yet in the object at work */
} Writer;

static void
put_escaped (GString    *out,
             const char *text)
{
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
      run = p + 1;
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

static void
begin_object (Writer *w)
{
  g_string_append_c (w->out, '{');
  w->first = TRUE;
}

static void
end_object (Writer *w)
{
  g_string_append_c (w->out, '}');
  w->first = FALSE;
}

/* "name": (with the comma before it when needed) */
static void
put_name (Writer     *w,
          const char *name)
{
  if (!w->first)
    g_string_append_c (w->out, ',');
  w->first = FALSE;
  g_string_append_c (w->out, '"');
  g_string_append (w->out, name);
  g_string_append (w->out, "\":");
}

static void
put_string (Writer     *w,
            const char *name,
            const char *value)
{
  if (value == NULL)
    return;
  put_name (w, name);
  put_escaped (w->out, value);
}

static void
put_int (Writer     *w,
         const char *name,
         gint64      value)
{
  put_name (w, name);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, value);
}

static void
put_id (Writer     *w,
        const char *name,
        gint64      value)
{
  if (value > 0)
    put_int (w, name, value);
}

static void
put_bool (Writer     *w,
          const char *name,
          gboolean    value)
{
  put_name (w, name);
  g_string_append (w->out, value ? "true" : "false");
}

/* As pdg-json.c's add_number(): whole numbers as integers. */
static void
put_number (Writer     *w,
            const char *name,
            double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (fabs (value) < 1e15 && value == floor (value))
    {
      put_int (w, name, (gint64) value);
      return;
    }
  put_name (w, name);
  g_string_append (w->out, g_ascii_dtostr (buf, sizeof buf, value));
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (w->out, ".0");
}

static void
put_time (Writer     *w,
          const char *name,
          gint64      value)
{
  g_autofree char *text = value > 0 ? pdg_json_format_time (value) : NULL;

  put_string (w, name, text);
}

static void
put_unit (Writer        *w,
          const PdgUnit *unit)
{
  begin_object (w);
  put_id (w, "id", unit->id);
  put_id (w, "item_id", unit->item_id);
  put_string (w, "item", unit->item_number);
  put_string (w, "description", unit->item_description);
  put_string (w, "tracking", pdg_tracking_to_string (unit->tracking));
  put_string (w, "lot", unit->lot);
  put_number (w, "quantity", unit->quantity);
  put_number (w, "on_hand", unit->on_hand);
  put_string (w, "uom", unit->uom);
  put_string (w, "status", pdg_unit_status_to_string (unit->status));
  put_string (w, "origin", pdg_origin_to_string (unit->origin));
  put_string (w, "produced_on", unit->produced_on);
  put_string (w, "expires_on", unit->expires_on);
  put_id (w, "order_id", unit->order_id);
  put_id (w, "location_id", unit->location_id);
  put_string (w, "location", unit->location);
  end_object (w);
}

static void
put_event (Writer         *w,
           const PdgEvent *e)
{
  begin_object (w);
  put_id (w, "id", e->id);
  put_id (w, "unit_id", e->unit_id);
  put_string (w, "kind", pdg_event_kind_to_string (e->kind));
  put_time (w, "at", e->at);
  put_number (w, "quantity", e->quantity);
  put_id (w, "location_id", e->location_id);
  put_string (w, "location", e->location);
  put_id (w, "partner_id", e->partner_id);
  put_string (w, "partner", e->partner);
  put_id (w, "order_id", e->order_id);
  put_string (w, "order", e->order_number);
  put_string (w, "doc_type", e->doc_type);
  put_string (w, "doc_ref", e->doc_ref);
  put_string (w, "note", e->note);
  end_object (w);
}

static void
put_association (Writer               *w,
                 const PdgAssociation *a)
{
  begin_object (w);
  put_id (w, "id", a->id);
  put_id (w, "parent_id", a->parent_id);
  put_id (w, "child_id", a->child_id);
  put_number (w, "quantity", a->quantity);
  put_id (w, "order_id", a->order_id);
  put_string (w, "order", a->order_number);
  put_string (w, "created_by", a->created_by);
  put_time (w, "created_at", a->created_at);
  if (a->other != NULL)
    {
      put_name (w, "unit");
      put_unit (w, a->other);
    }
  end_object (w);
}

static void
put_array (Writer      *w,
           const char  *name,
           GPtrArray   *values,
           void       (*put) (Writer *, gconstpointer))
{
  put_name (w, name);
  g_string_append_c (w->out, '[');
  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      if (i > 0)
        g_string_append_c (w->out, ',');
      put (w, g_ptr_array_index (values, i));
    }
  g_string_append_c (w->out, ']');
  w->first = FALSE;
}

static const char *
role_to_string (PdgNodeRole role)
{
  switch (role)
    {
    case PDG_NODE_ROOT: return "root";
    case PDG_NODE_COMPONENT: return "component";
    case PDG_NODE_CONSUMER: return "consumer";
    default: return "unknown";
    }
}

static GBytes *
finish (Writer *w)
{
  gsize len = w->out->len;

  return g_bytes_new_take (g_string_free (w->out, FALSE), len);
}

/**
 * pdg_server_json_genealogy:
 *
 * What pdg_json_from_genealogy() maps, as compact JSON text.
 */
GBytes *
pdg_server_json_genealogy (const PdgGenealogy *g)
{
  /* About 450 bytes a node and 60 an edge. */
  Writer w = { g_string_sized_new (512 + g->nodes->len * 512 + g->edges->len * 64), TRUE };

  begin_object (&w);
  put_string (&w, "direction", g->direction == PDG_DIRECTION_BACKWARD ? "backward" : "forward");
  put_int (&w, "max_depth", g->max_depth);
  put_bool (&w, "depth_capped", g->depth_capped);
  put_bool (&w, "node_capped", g->node_capped);

  put_name (&w, "nodes");
  g_string_append_c (w.out, '[');
  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgGenealogyNode *n = g_ptr_array_index (g->nodes, i);

      if (i > 0)
        g_string_append_c (w.out, ',');
      begin_object (&w);
      put_name (&w, "unit");
      put_unit (&w, n->unit);
      put_int (&w, "depth", n->depth);
      put_string (&w, "role", role_to_string (n->role));
      put_bool (&w, "truncated", n->truncated);
      if (n->events != NULL)
        put_array (&w, "events", n->events, (gpointer) put_event);
      end_object (&w);
    }
  g_string_append_c (w.out, ']');

  put_name (&w, "edges");
  g_string_append_c (w.out, '[');
  for (guint i = 0; i < g->edges->len; i++)
    {
      const PdgGenealogyEdge *e = &g_array_index (g->edges, PdgGenealogyEdge, i);

      if (i > 0)
        g_string_append_c (w.out, ',');
      begin_object (&w);
      put_id (&w, "parent", pdg_genealogy_get_node (g, e->parent)->unit->id);
      put_id (&w, "child", pdg_genealogy_get_node (g, e->child)->unit->id);
      put_number (&w, "quantity", e->quantity);
      put_id (&w, "order_id", e->order_id);
      end_object (&w);
    }
  g_string_append_c (w.out, ']');
  end_object (&w);

  return finish (&w);
}

/**
 * pdg_server_json_unit_details:
 *
 * What pdg_json_from_unit_details() maps, as compact JSON text.
 */
GBytes *
pdg_server_json_unit_details (const PdgUnitDetails *details)
{
  Writer w = { g_string_sized_new (4096), TRUE };

  begin_object (&w);
  put_name (&w, "unit");
  put_unit (&w, details->unit);
  put_array (&w, "events", details->events, (gpointer) put_event);
  put_array (&w, "components", details->components, (gpointer) put_association);
  put_array (&w, "consumers", details->consumers, (gpointer) put_association);
  end_object (&w);

  return finish (&w);
}
