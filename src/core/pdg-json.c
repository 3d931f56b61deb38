/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-json.c: the one JSON mapping of every model value.
 *
 * Writers build JsonNodes with JsonBuilder (units, events, associations,
 * unit details and genealogies through one Writer that also writes the
 * same documents as text, see put_genealogy()); readers check every member's type
 * and say which member is wrong, so a malformed document from a client or a
 * server is an error a person can act on, never a crash or a silent zero.
 * Round trip: pdg_json_to_X (pdg_json_from_X (v)) equals v. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pdg-json.h"
#include "pdg-component-line.h"
#include "pdg-customer-impact.h"
#include "pdg-finished-product.h"
#include "pdg-lint-warning.h"
#include "pdg-mass-balance.h"
#include "pdg-pick-line.h"

G_DEFINE_QUARK (pdg-json-error-quark, pdg_json_error)

/* ------------------------------------------------------------------------ */
/* Times                                                                     */

char *
pdg_json_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
pdg_json_parse_time (const char *text,
                     gint64     *out)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                   */

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
add_id (JsonBuilder *b,
        const char  *name,
        gint64       value)
{
  if (value <= 0)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  /* Whole numbers as integers: "quantity": 40, not 40.0. */
  if (fabs (value) < 1e15 && value == floor (value))
    json_builder_add_int_value (b, (gint64) value);
  else
    json_builder_add_double_value (b, value);
}

static void
add_time (JsonBuilder *b,
          const char  *name,
          gint64       value)
{
  g_autofree char *text = value > 0 ? pdg_json_format_time (value) : NULL;

  add_string (b, name, text);
}

/* Units, events, associations, unit details and genealogies are written
 * once, against a Writer that either feeds a JsonBuilder (the tree the CLI,
 * the recall and the tests take) or appends JSON text to a GString (what
 * pedigree-server sends: for a 500-node trace the tree took five sixths of
 * the time). Both ways run the same put_*() calls, so they give the same
 * members in the same order; the text is what json-glib's generator prints
 * for the tree (tests/test-json.c checks the bytes), except where json-glib
 * 1.6 prints something that is not JSON: it leaves U+001F unescaped and
 * writes 1e+20.0 for a double too large to be a whole-number integer here
 * (≥ 1e15, whose shortest form has no point); the text escapes the one and
 * writes 1e+20 for the other. */
typedef struct
{
  JsonBuilder *builder;  /* borrowed; NULL when writing text */
  GString     *text;     /* borrowed; NULL when building a tree */
  gboolean     first;    /* text: nothing written yet in the object or array at work */
  gboolean     named;    /* text: a member name was written, its value comes next */
} Writer;

static void
text_escaped (GString    *out,
              const char *text)
{
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
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

/* Text: the comma before a value that is not a member's and not the first. */
static void
text_value (Writer *w)
{
  if (w->named)
    w->named = FALSE;
  else if (!w->first)
    g_string_append_c (w->text, ',');
  w->first = FALSE;
}

static void
put_name (Writer     *w,
          const char *name)
{
  if (w->builder != NULL)
    {
      json_builder_set_member_name (w->builder, name);
      return;
    }
  if (!w->first)
    g_string_append_c (w->text, ',');
  w->first = FALSE;
  w->named = TRUE;
  g_string_append_c (w->text, '"');
  g_string_append (w->text, name);
  g_string_append (w->text, "\":");
}

static void
begin_object (Writer *w)
{
  if (w->builder != NULL)
    {
      json_builder_begin_object (w->builder);
      return;
    }
  text_value (w);
  g_string_append_c (w->text, '{');
  w->first = TRUE;
}

static void
end_object (Writer *w)
{
  if (w->builder != NULL)
    {
      json_builder_end_object (w->builder);
      return;
    }
  g_string_append_c (w->text, '}');
  w->first = FALSE;
}

static void
begin_array (Writer     *w,
             const char *name)
{
  put_name (w, name);
  if (w->builder != NULL)
    {
      json_builder_begin_array (w->builder);
      return;
    }
  text_value (w);
  g_string_append_c (w->text, '[');
  w->first = TRUE;
}

static void
end_array (Writer *w)
{
  if (w->builder != NULL)
    {
      json_builder_end_array (w->builder);
      return;
    }
  g_string_append_c (w->text, ']');
  w->first = FALSE;
}

/* The string member, omitted when NULL. */
static void
put_string (Writer     *w,
            const char *name,
            const char *value)
{
  if (value == NULL)
    return;
  put_name (w, name);
  if (w->builder != NULL)
    {
      json_builder_add_string_value (w->builder, value);
      return;
    }
  text_value (w);
  text_escaped (w->text, value);
}

static void
put_int (Writer     *w,
         const char *name,
         gint64      value)
{
  put_name (w, name);
  if (w->builder != NULL)
    {
      json_builder_add_int_value (w->builder, value);
      return;
    }
  text_value (w);
  g_string_append_printf (w->text, "%" G_GINT64_FORMAT, value);
}

/* An id member, omitted when not set. */
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
          gboolean   value)
{
  put_name (w, name);
  if (w->builder != NULL)
    {
      json_builder_add_boolean_value (w->builder, value);
      return;
    }
  text_value (w);
  g_string_append (w->text, value ? "true" : "false");
}

/* As add_number(): whole numbers as integers; others as json-glib's
 * generator prints a double (g_ascii_dtostr(), ".0" when it reads whole). */
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
  if (w->builder != NULL)
    {
      json_builder_add_double_value (w->builder, value);
      return;
    }
  text_value (w);
  g_string_append (w->text, g_ascii_dtostr (buf, sizeof buf, value));
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (w->text, ".0");
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
  begin_array (w, name);
  for (guint i = 0; values != NULL && i < values->len; i++)
    put (w, g_ptr_array_index (values, i));
  end_array (w);
}

static void
put_unit_details (Writer               *w,
                  const PdgUnitDetails *details)
{
  begin_object (w);
  put_name (w, "unit");
  put_unit (w, details->unit);
  put_array (w, "events", details->events, (gpointer) put_event);
  put_array (w, "components", details->components, (gpointer) put_association);
  put_array (w, "consumers", details->consumers, (gpointer) put_association);
  end_object (w);
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

static gboolean
role_from_string (const char  *text,
                  PdgNodeRole *out)
{
  static const char * const names[] = { "root", "component", "consumer" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *out = (PdgNodeRole) i;
        return TRUE;
      }
  return FALSE;
}

/* "edges": [{"parent": unit id, "child": unit id, "quantity", "order_id"?}] */
static void
put_edges (Writer             *w,
           const PdgGenealogy *g)
{
  begin_array (w, "edges");
  for (guint i = 0; i < g->edges->len; i++)
    {
      const PdgGenealogyEdge *e = &g_array_index (g->edges, PdgGenealogyEdge, i);

      begin_object (w);
      put_id (w, "parent", pdg_genealogy_get_node (g, e->parent)->unit->id);
      put_id (w, "child", pdg_genealogy_get_node (g, e->child)->unit->id);
      put_number (w, "quantity", e->quantity);
      put_id (w, "order_id", e->order_id);
      end_object (w);
    }
  end_array (w);
}

static void
put_genealogy (Writer             *w,
               const PdgGenealogy *g)
{
  begin_object (w);
  put_string (w, "direction", g->direction == PDG_DIRECTION_BACKWARD ? "backward" : "forward");
  put_int (w, "max_depth", g->max_depth);
  put_bool (w, "depth_capped", g->depth_capped);
  put_bool (w, "node_capped", g->node_capped);

  begin_array (w, "nodes");
  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgGenealogyNode *n = g_ptr_array_index (g->nodes, i);

      begin_object (w);
      put_name (w, "unit");
      put_unit (w, n->unit);
      put_int (w, "depth", n->depth);
      put_string (w, "role", role_to_string (n->role));
      put_bool (w, "truncated", n->truncated);
      if (n->events != NULL)
        put_array (w, "events", n->events, (gpointer) put_event);
      end_object (w);
    }
  end_array (w);

  put_edges (w, g);
  end_object (w);
}

/* The tree way, for the builders below that hold a JsonBuilder. */
static void
build_unit (JsonBuilder   *b,
            const PdgUnit *unit)
{
  Writer w = { b, NULL, TRUE, FALSE };

  put_unit (&w, unit);
}

static void
build_event (JsonBuilder    *b,
             const PdgEvent *event)
{
  Writer w = { b, NULL, TRUE, FALSE };

  put_event (&w, event);
}

static void
build_association (JsonBuilder          *b,
                   const PdgAssociation *association)
{
  Writer w = { b, NULL, TRUE, FALSE };

  put_association (&w, association);
}

static void
build_edges (JsonBuilder        *b,
             const PdgGenealogy *g)
{
  Writer w = { b, NULL, TRUE, FALSE };

  put_edges (&w, g);
}

static JsonNode *
finish (JsonBuilder *b)
{
  return json_builder_get_root (b);
}

/* Runs @put on a fresh builder and returns the tree. */
static JsonNode *
build_node (void          (*put) (Writer *, gconstpointer),
            gconstpointer   value)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  Writer w = { b, NULL, TRUE, FALSE };

  put (&w, value);
  return finish (b);
}

/* Runs @put into a buffer of @reserve bytes and returns the text. */
static char *
write_text (void          (*put) (Writer *, gconstpointer),
            gconstpointer   value,
            gsize           reserve,
            gsize          *length)
{
  Writer w = { NULL, g_string_sized_new (reserve), TRUE, FALSE };

  put (&w, value);
  if (length != NULL)
    *length = w.text->len;
  return g_string_free (w.text, FALSE);
}

JsonNode *
pdg_json_from_unit (const PdgUnit *unit)
{
  return build_node ((gpointer) put_unit, unit);
}

JsonNode *
pdg_json_from_event (const PdgEvent *event)
{
  return build_node ((gpointer) put_event, event);
}

JsonNode *
pdg_json_from_association (const PdgAssociation *association)
{
  return build_node ((gpointer) put_association, association);
}

static void
build_array (JsonBuilder *b,
             const char  *name,
             GPtrArray   *values,
             void       (*build) (JsonBuilder *, gconstpointer))
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && i < values->len; i++)
    build (b, g_ptr_array_index (values, i));
  json_builder_end_array (b);
}

/**
 * pdg_json_from_unit_details:
 *
 * `{"unit": {...}, "events": [...], "components": [association],
 *   "consumers": [association]}`
 */
JsonNode *
pdg_json_from_unit_details (const PdgUnitDetails *details)
{
  return build_node ((gpointer) put_unit_details, details);
}

/**
 * pdg_json_unit_details_to_text:
 * @length: (out) (optional): the text's length
 *
 * What pdg_json_from_unit_details() maps, as compact JSON text, written
 * straight into one buffer: the bytes pdg_json_to_string() gives for the
 * tree, without building it.
 */
char *
pdg_json_unit_details_to_text (const PdgUnitDetails *details,
                               gsize                *length)
{
  return write_text ((gpointer) put_unit_details, details, 4096, length);
}

/**
 * pdg_json_from_genealogy:
 *
 * `{"direction", "max_depth", "depth_capped", "node_capped",
 *   "nodes": [{"unit": {...}, "depth", "role", "truncated", "events"?}],
 *   "edges": [{"parent": unit id, "child": unit id, "quantity", "order_id"?}]}`
 * Edges name unit ids, not array positions, so they read on their own.
 */
JsonNode *
pdg_json_from_genealogy (const PdgGenealogy *g)
{
  return build_node ((gpointer) put_genealogy, g);
}

/**
 * pdg_json_genealogy_to_text:
 * @length: (out) (optional): the text's length
 *
 * What pdg_json_from_genealogy() maps, as compact JSON text, written
 * straight into one buffer (see pdg_json_unit_details_to_text()).
 */
char *
pdg_json_genealogy_to_text (const PdgGenealogy *g,
                            gsize              *length)
{
  /* About 450 bytes a node and 60 an edge. */
  return write_text ((gpointer) put_genealogy, g,
                     512 + g->nodes->len * 512 + g->edges->len * 64, length);
}

static void
build_order (JsonBuilder    *b,
             const PdgOrder *o)
{
  json_builder_begin_object (b);
  add_id (b, "id", o->id);
  add_string (b, "number", o->number);
  add_id (b, "item_id", o->item_id);
  add_string (b, "item", o->item_number);
  add_string (b, "description", o->item_description);
  add_number (b, "planned_qty", o->planned_qty);
  add_number (b, "started_qty", o->started_qty);
  add_number (b, "good_qty", o->good_qty);
  add_number (b, "error_qty", o->error_qty);
  add_string (b, "status", pdg_order_status_to_string (o->status));
  add_id (b, "location_id", o->location_id);
  add_time (b, "started_at", o->started_at);
  add_time (b, "ended_at", o->ended_at);
  add_number (b, "registered_qty", o->registered_qty);
  add_number (b, "completed_qty", o->completed_qty);
  json_builder_end_object (b);
}

JsonNode *
pdg_json_from_order (const PdgOrder *order)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  build_order (b, order);
  return finish (b);
}

static void
build_balance (JsonBuilder          *b,
               const PdgMassBalance *m)
{
  json_builder_begin_object (b);
  add_id (b, "unit_id", m->unit_id);
  add_string (b, "unit", m->key);
  add_string (b, "description", m->description);
  add_string (b, "uom", m->uom);
  add_number (b, "received", m->received);
  add_number (b, "consumed", m->consumed);
  add_number (b, "scrapped", m->scrapped);
  add_number (b, "shipped", m->shipped);
  add_number (b, "on_hand", m->on_hand);
  if (isfinite (m->shipped_in_goods))
    add_number (b, "shipped_in_goods", m->shipped_in_goods);
  add_number (b, "unaccounted", m->unaccounted);
  json_builder_set_member_name (b, "unaccounted_flag");
  json_builder_add_boolean_value (b, pdg_mass_balance_is_unaccounted (m));
  json_builder_end_object (b);
}

static void
build_customer (JsonBuilder             *b,
                const PdgCustomerImpact *c)
{
  json_builder_begin_object (b);
  add_id (b, "partner_id", c->partner_id);
  add_string (b, "name", c->name);
  json_builder_set_member_name (b, "units");
  json_builder_add_int_value (b, c->units);
  add_number (b, "suspect_quantity", c->contained);
  add_time (b, "first_shipment", c->first_at);
  add_time (b, "last_shipment", c->last_at);
  json_builder_end_object (b);
}

static void
build_warning (JsonBuilder          *b,
               const PdgLintWarning *w)
{
  json_builder_begin_object (b);
  add_string (b, "kind", pdg_lint_kind_to_string (w->kind));
  add_id (b, "unit_id", w->unit_id);
  add_string (b, "message", w->message);
  json_builder_end_object (b);
}

/**
 * pdg_json_from_recall:
 *
 * `{"summary", "uom", "in_stock", "depth_capped", "node_capped", "suspects":
 *   [unit], "impacted": [{"unit", "level", "suspect_quantity", "finished",
 *   "role", "truncated", "events"?}], "edges": [...], "shipments":
 *   [event], "customers": [...], "open_orders": [order], "mass_balance":
 *   [...], "warnings": [...]}`
 */
JsonNode *
pdg_json_from_recall (const PdgRecall *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const PdgGenealogy *g = r->genealogy;
  g_autofree gboolean *finished = g_new0 (gboolean, MAX (g->nodes->len, 1));

  for (guint i = 0; i < r->finished->len; i++)
    finished[g_array_index (r->finished, guint, i)] = TRUE;

  json_builder_begin_object (b);
  add_string (b, "summary", r->summary);
  add_string (b, "uom", r->uom);
  json_builder_set_member_name (b, "in_stock");
  json_builder_add_int_value (b, r->in_stock);
  json_builder_set_member_name (b, "depth_capped");
  json_builder_add_boolean_value (b, g->depth_capped);
  json_builder_set_member_name (b, "node_capped");
  json_builder_add_boolean_value (b, g->node_capped);
  build_array (b, "suspects", r->suspects, (gpointer) build_unit);

  json_builder_set_member_name (b, "impacted");
  json_builder_begin_array (b);
  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgGenealogyNode *n = g_ptr_array_index (g->nodes, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "unit");
      build_unit (b, n->unit);
      json_builder_set_member_name (b, "level");
      json_builder_add_int_value (b, n->depth);
      add_number (b, "suspect_quantity", r->contained[i]);
      json_builder_set_member_name (b, "finished");
      json_builder_add_boolean_value (b, finished[i]);
      add_string (b, "role", role_to_string (n->role));
      json_builder_set_member_name (b, "truncated");
      json_builder_add_boolean_value (b, n->truncated);
      if (n->events != NULL)
        build_array (b, "events", n->events, (gpointer) build_event);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  build_edges (b, g);

  build_array (b, "shipments", r->shipments, (gpointer) build_event);
  build_array (b, "customers", r->customers, (gpointer) build_customer);
  build_array (b, "open_orders", r->open_orders, (gpointer) build_order);
  build_array (b, "mass_balance", r->balances, (gpointer) build_balance);
  build_array (b, "warnings", r->warnings, (gpointer) build_warning);
  json_builder_end_object (b);

  return finish (b);
}

/* Registration: the state a planner sees and the actions they take. */

static void
build_product (JsonBuilder              *b,
               const PdgFinishedProduct *p)
{
  json_builder_begin_object (b);
  add_id (b, "unit_id", p->unit_id);
  add_string (b, "lot", p->lot);
  add_number (b, "quantity", p->quantity);
  add_string (b, "status", pdg_registration_status_to_string (p->status));
  json_builder_set_member_name (b, "reported");
  json_builder_add_boolean_value (b, p->reported);
  add_number (b, "good_qty", p->good_qty);
  add_number (b, "error_qty", p->error_qty);
  json_builder_end_object (b);
}

static void
build_component_line (JsonBuilder            *b,
                      const PdgComponentLine *l)
{
  json_builder_begin_object (b);
  add_id (b, "bom_line_id", l->bom_line_id);
  json_builder_set_member_name (b, "line_no");
  json_builder_add_int_value (b, l->line_no);
  add_id (b, "item_id", l->item_id);
  add_string (b, "item", l->item_number);
  add_string (b, "description", l->item_description);
  add_string (b, "uom", l->uom);
  add_string (b, "tracking", pdg_tracking_to_string (l->tracking));
  json_builder_set_member_name (b, "tracked");
  json_builder_add_boolean_value (b, l->tracked);
  add_number (b, "started", l->started);
  add_number (b, "consumption", l->consumption);
  add_number (b, "remaining", l->remaining);
  add_string (b, "status", pdg_registration_status_to_string (l->status));
  json_builder_end_object (b);
}

static void
build_pick_line (JsonBuilder       *b,
                 const PdgPickLine *l)
{
  json_builder_begin_object (b);
  add_id (b, "id", l->id);
  add_id (b, "parent_id", l->parent_id);
  add_string (b, "parent_lot", l->parent_lot);
  add_id (b, "child_id", l->child_id);
  add_string (b, "item", l->item_number);
  add_string (b, "lot", l->lot);
  add_number (b, "quantity", l->quantity);
  add_string (b, "uom", l->uom);
  add_string (b, "location", l->location);
  add_id (b, "bom_line_id", l->bom_line_id);
  json_builder_end_object (b);
}

/**
 * pdg_json_from_register_state:
 *
 * `{"order": order, "tracking", "mode", "product_id", "line_id", "products": [...],
 *   "lines": [...], "components": [association], "journal_id", "journal":
 *   [...], "undo_label", "message"}`
 */
JsonNode *
pdg_json_from_register_state (const PdgRegisterState *state)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "order");
  build_order (b, state->order);
  add_string (b, "tracking", pdg_tracking_to_string (state->tracking));
  add_string (b, "mode", pdg_scan_mode_to_string (state->mode));
  add_id (b, "product_id", state->product_id);
  add_id (b, "line_id", state->line_id);
  build_array (b, "products", state->products, (gpointer) build_product);
  build_array (b, "lines", state->lines, (gpointer) build_component_line);
  build_array (b, "components", state->components, (gpointer) build_association);
  add_id (b, "journal_id", state->journal_id);
  build_array (b, "journal", state->journal, (gpointer) build_pick_line);
  add_string (b, "undo_label", state->undo_label);
  add_string (b, "message", state->message);
  json_builder_end_object (b);

  return finish (b);
}

/* The machine names of PdgRegisterActionKind, by value. */
static const char * const action_kinds[] = {
  "refresh", "set_mode", "select_product", "select_line", "submit", "remove",
  "change", "report", "reverse", "pick", "adjust", "post", "discard", "unlink",
  "undo", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (action_kinds) == PDG_REGISTER_ACTION_UNDO + 2);

/**
 * pdg_json_from_register_action:
 *
 * `{"kind": "submit", "text": "..."}`: the kind's machine name and the
 * members that kind uses (ids when set, quantities for a report).
 */
JsonNode *
pdg_json_from_register_action (const PdgRegisterAction *action)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "kind", action_kinds[action->kind]);
  if (action->kind == PDG_REGISTER_ACTION_SET_MODE)
    add_string (b, "mode", pdg_scan_mode_to_string (action->mode));
  add_id (b, "unit_id", action->unit_id);
  add_id (b, "child_id", action->child_id);
  add_id (b, "line_id", action->line_id);
  add_id (b, "journal_id", action->journal_id);
  add_string (b, "text", action->text);
  if (action->kind == PDG_REGISTER_ACTION_REPORT)
    {
      add_number (b, "good_qty", action->good_qty);
      add_number (b, "error_qty", action->error_qty);
    }
  json_builder_end_object (b);

  return finish (b);
}

/**
 * pdg_json_from_audit_entry:
 *
 * `{"id", "at", "actor", "action", "entity", "entity_id", "before",
 *   "after"}`; the row images are the JSON objects the store wrote.
 */
JsonNode *
pdg_json_from_audit_entry (const PdgAuditEntry *entry)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *images[2] = { entry->before, entry->after };
  const char *names[2] = { "before", "after" };

  json_builder_begin_object (b);
  add_id (b, "id", entry->id);
  add_time (b, "at", entry->at);
  add_string (b, "actor", entry->actor);
  add_string (b, "action", entry->action);
  add_string (b, "entity", entry->entity);
  add_id (b, "entity_id", entry->entity_id);
  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    {
      g_autoptr(JsonParser) parser = NULL;

      if (images[i] == NULL)
        continue;
      parser = json_parser_new_immutable ();
      json_builder_set_member_name (b, names[i]);
      if (json_parser_load_from_data (parser, images[i], -1, NULL))
        json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
      else
        json_builder_add_string_value (b, images[i]);
    }
  json_builder_end_object (b);

  return finish (b);
}

char *
pdg_json_to_string (JsonNode *node,
                    gboolean  pretty)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_pretty (gen, pretty);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

static JsonObject *
want_object (JsonNode    *node,
             const char  *what,
             GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                   _("Expected %s as a JSON object."), what);
      return NULL;
    }
  return json_node_get_object (node);
}

/* A member of a given value type, or NULL if absent (or null); an error
 * when present with another type. */
static JsonNode *
member (JsonObject  *object,
        const char  *name,
        GType        type,
        gboolean     required,
        gboolean    *ok,
        GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (!*ok)
    return NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                       _("The member “%s” is missing."), name);
          *ok = FALSE;
        }
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (type == G_TYPE_STRING && json_node_get_value_type (node) != G_TYPE_STRING) ||
      (type == G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_DOUBLE &&
                                json_node_get_value_type (node) != G_TYPE_INT64) ||
      (type == G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_INT64) ||
      (type == G_TYPE_BOOLEAN && json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    {
      g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                   _("The member “%s” has the wrong type (expected %s)."), name,
                   type == G_TYPE_STRING ? _("text") :
                   type == G_TYPE_BOOLEAN ? _("true or false") :
                   type == G_TYPE_INT64 ? _("a whole number") : _("a number"));
      *ok = FALSE;
      return NULL;
    }

  return node;
}

static char *
dup_string (JsonObject  *o,
            const char  *name,
            gboolean     required,
            gboolean    *ok,
            GError     **error)
{
  JsonNode *node = member (o, name, G_TYPE_STRING, required, ok, error);

  return node ? g_strdup (json_node_get_string (node)) : NULL;
}

static double
get_number (JsonObject  *o,
            const char  *name,
            gboolean     required,
            gboolean    *ok,
            GError     **error)
{
  JsonNode *node = member (o, name, G_TYPE_DOUBLE, required, ok, error);

  return node ? json_node_get_double (node) : 0;
}

static gint64
get_int (JsonObject  *o,
         const char  *name,
         gboolean     required,
         gboolean    *ok,
         GError     **error)
{
  JsonNode *node = member (o, name, G_TYPE_INT64, required, ok, error);

  return node ? json_node_get_int (node) : 0;
}

static gboolean
get_bool (JsonObject  *o,
          const char  *name,
          gboolean    *ok,
          GError     **error)
{
  JsonNode *node = member (o, name, G_TYPE_BOOLEAN, FALSE, ok, error);

  return node ? json_node_get_boolean (node) : FALSE;
}

static gint64
get_time (JsonObject  *o,
          const char  *name,
          gboolean     required,
          gboolean    *ok,
          GError     **error)
{
  g_autofree char *text = dup_string (o, name, required, ok, error);
  gint64 t = 0;

  if (text != NULL && !pdg_json_parse_time (text, &t))
    {
      g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                   _("The member “%s” is not a time such as 2025-03-01T08:30:00Z (got “%s”)."),
                   name, text);
      *ok = FALSE;
    }
  return t;
}

static gboolean
bad_enum (const char  *name,
          const char  *value,
          gboolean    *ok,
          GError     **error)
{
  g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
               _("The member “%s” has an unknown value “%s”."), name, value);
  *ok = FALSE;
  return FALSE;
}

PdgUnit *
pdg_json_to_unit (JsonNode  *node,
                  GError   **error)
{
  g_autoptr(PdgUnit) unit = pdg_unit_new ();
  g_autofree char *tracking = NULL;
  g_autofree char *status = NULL;
  g_autofree char *origin = NULL;
  JsonObject *o = want_object (node, _("a unit"), error);
  gboolean ok = TRUE;

  if (o == NULL)
    return NULL;

  unit->id = get_int (o, "id", FALSE, &ok, error);
  unit->item_id = get_int (o, "item_id", FALSE, &ok, error);
  unit->item_number = dup_string (o, "item", TRUE, &ok, error);
  unit->item_description = dup_string (o, "description", FALSE, &ok, error);
  tracking = dup_string (o, "tracking", FALSE, &ok, error);
  unit->lot = dup_string (o, "lot", TRUE, &ok, error);
  unit->quantity = get_number (o, "quantity", TRUE, &ok, error);
  unit->on_hand = get_number (o, "on_hand", FALSE, &ok, error);
  unit->uom = dup_string (o, "uom", FALSE, &ok, error);
  status = dup_string (o, "status", FALSE, &ok, error);
  origin = dup_string (o, "origin", FALSE, &ok, error);
  unit->produced_on = dup_string (o, "produced_on", FALSE, &ok, error);
  unit->expires_on = dup_string (o, "expires_on", FALSE, &ok, error);
  unit->order_id = get_int (o, "order_id", FALSE, &ok, error);
  unit->location_id = get_int (o, "location_id", FALSE, &ok, error);
  unit->location = dup_string (o, "location", FALSE, &ok, error);
  if (!ok)
    return NULL;

  if (tracking != NULL && !pdg_tracking_from_string (tracking, &unit->tracking))
    return bad_enum ("tracking", tracking, &ok, error), NULL;
  if (status != NULL && !pdg_unit_status_from_string (status, &unit->status))
    return bad_enum ("status", status, &ok, error), NULL;
  if (origin != NULL && !pdg_origin_from_string (origin, &unit->origin))
    return bad_enum ("origin", origin, &ok, error), NULL;

  return g_steal_pointer (&unit);
}

PdgEvent *
pdg_json_to_event (JsonNode  *node,
                   GError   **error)
{
  g_autoptr(PdgEvent) e = pdg_event_new ();
  g_autofree char *kind = NULL;
  JsonObject *o = want_object (node, _("an event"), error);
  gboolean ok = TRUE;

  if (o == NULL)
    return NULL;

  e->id = get_int (o, "id", FALSE, &ok, error);
  e->unit_id = get_int (o, "unit_id", FALSE, &ok, error);
  kind = dup_string (o, "kind", TRUE, &ok, error);
  e->at = get_time (o, "at", FALSE, &ok, error);
  e->quantity = get_number (o, "quantity", FALSE, &ok, error);
  e->location_id = get_int (o, "location_id", FALSE, &ok, error);
  e->location = dup_string (o, "location", FALSE, &ok, error);
  e->partner_id = get_int (o, "partner_id", FALSE, &ok, error);
  e->partner = dup_string (o, "partner", FALSE, &ok, error);
  e->order_id = get_int (o, "order_id", FALSE, &ok, error);
  e->order_number = dup_string (o, "order", FALSE, &ok, error);
  e->doc_type = dup_string (o, "doc_type", FALSE, &ok, error);
  e->doc_ref = dup_string (o, "doc_ref", FALSE, &ok, error);
  e->note = dup_string (o, "note", FALSE, &ok, error);
  if (!ok)
    return NULL;

  if (!pdg_event_kind_from_string (kind, &e->kind))
    return bad_enum ("kind", kind, &ok, error), NULL;

  return g_steal_pointer (&e);
}

static JsonArray *
want_array (JsonObject  *o,
            const char  *name,
            gboolean     required,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL && !required)
    return NULL;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                   _("The member “%s” must be an array."), name);
      return NULL;
    }
  return json_node_get_array (node);
}

/* Adds the edges of a genealogy's or recall's "edges" array (parent and
 * child by unit id, among the nodes already read) in the sorted order. */
static gboolean
read_edges (PdgGenealogy  *g,
            JsonArray     *edges,
            GError       **error)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < json_array_get_length (edges); i++)
    {
      JsonObject *e = want_object (json_array_get_element (edges, i), _("a genealogy edge"), error);
      guint parent, child;
      gint64 parent_id, child_id, order_id;
      double quantity;

      if (e == NULL)
        return FALSE;
      parent_id = get_int (e, "parent", TRUE, &ok, error);
      child_id = get_int (e, "child", TRUE, &ok, error);
      quantity = get_number (e, "quantity", TRUE, &ok, error);
      order_id = get_int (e, "order_id", FALSE, &ok, error);
      if (!ok)
        return FALSE;
      if (!pdg_genealogy_lookup (g, parent_id, &parent) || !pdg_genealogy_lookup (g, child_id, &child))
        {
          g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                       _("Genealogy edge %u names a unit that is not among the nodes."), i);
          return FALSE;
        }
      pdg_genealogy_add_edge (g, parent, child, quantity, order_id);
    }
  pdg_genealogy_sort_edges (g);
  return TRUE;
}

PdgGenealogy *
pdg_json_to_genealogy (JsonNode  *node,
                       GError   **error)
{
  g_autoptr(PdgGenealogy) g = NULL;
  g_autofree char *direction = NULL;
  JsonObject *o = want_object (node, _("a genealogy"), error);
  JsonArray *nodes, *edges;
  gboolean ok = TRUE;

  if (o == NULL)
    return NULL;

  direction = dup_string (o, "direction", TRUE, &ok, error);
  if (!ok)
    return NULL;
  if (!g_str_equal (direction, "backward") && !g_str_equal (direction, "forward"))
    return bad_enum ("direction", direction, &ok, error), NULL;

  g = pdg_genealogy_new (g_str_equal (direction, "backward") ? PDG_DIRECTION_BACKWARD : PDG_DIRECTION_FORWARD);
  g->depth_capped = get_bool (o, "depth_capped", &ok, error);
  g->node_capped = get_bool (o, "node_capped", &ok, error);
  if (!ok ||
      (nodes = want_array (o, "nodes", TRUE, error)) == NULL ||
      (edges = want_array (o, "edges", TRUE, error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *n = want_object (json_array_get_element (nodes, i), _("a genealogy node"), error);
      g_autofree char *role_text = NULL;
      PdgGenealogyNode *gn;
      PdgNodeRole role;
      PdgUnit *unit;
      JsonArray *events;
      gint64 depth;
      guint index;

      if (n == NULL || (unit = pdg_json_to_unit (json_object_get_member (n, "unit"), error)) == NULL)
        return NULL;
      depth = get_int (n, "depth", TRUE, &ok, error);
      role_text = dup_string (n, "role", TRUE, &ok, error);
      if (ok && (depth < 0 || depth > G_MAXINT || !role_from_string (role_text, &role)))
        {
          g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                       _("Genealogy node %u has a bad depth or role."), i);
          ok = FALSE;
        }
      if (ok && (unit->id <= 0 || pdg_genealogy_lookup (g, unit->id, NULL)))
        {
          g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                       _("Genealogy node %u has a missing or repeated unit id."), i);
          ok = FALSE;
        }
      if (!ok)
        {
          pdg_unit_free (unit);
          return NULL;
        }

      index = pdg_genealogy_add_node (g, unit->id, (guint) depth, role);
      gn = pdg_genealogy_get_node (g, index);
      pdg_genealogy_set_unit (g, index, unit);
      pdg_unit_free (unit);
      gn->truncated = get_bool (n, "truncated", &ok, error);

      if ((events = want_array (n, "events", FALSE, error)) != NULL)
        {
          gn->events = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_event_free);
          for (guint k = 0; k < json_array_get_length (events); k++)
            {
              PdgEvent *e = pdg_json_to_event (json_array_get_element (events, k), error);

              if (e == NULL)
                return NULL;
              g_ptr_array_add (gn->events, e);
            }
        }
      if (!ok)
        return NULL;
    }

  if (!read_edges (g, edges, error))
    return NULL;
  return g_steal_pointer (&g);
}

PdgRegisterAction *
pdg_json_to_register_action (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(PdgRegisterAction) action = pdg_register_action_new (PDG_REGISTER_ACTION_REFRESH);
  g_autofree char *kind = NULL;
  g_autofree char *mode = NULL;
  JsonObject *o = want_object (node, _("a registration action"), error);
  gboolean ok = TRUE;
  int k;

  if (o == NULL)
    return NULL;

  kind = dup_string (o, "kind", TRUE, &ok, error);
  mode = dup_string (o, "mode", FALSE, &ok, error);
  action->unit_id = get_int (o, "unit_id", FALSE, &ok, error);
  action->child_id = get_int (o, "child_id", FALSE, &ok, error);
  action->line_id = get_int (o, "line_id", FALSE, &ok, error);
  action->journal_id = get_int (o, "journal_id", FALSE, &ok, error);
  action->text = dup_string (o, "text", FALSE, &ok, error);
  action->good_qty = get_number (o, "good_qty", FALSE, &ok, error);
  action->error_qty = get_number (o, "error_qty", FALSE, &ok, error);
  if (!ok)
    return NULL;

  for (k = 0; action_kinds[k] != NULL && g_strcmp0 (action_kinds[k], kind) != 0; k++)
    ;
  if (action_kinds[k] == NULL)
    return bad_enum ("kind", kind, &ok, error), NULL;
  action->kind = (PdgRegisterActionKind) k;

  if (action->kind == PDG_REGISTER_ACTION_SET_MODE)
    {
      if (g_strcmp0 (mode, pdg_scan_mode_to_string (PDG_SCAN_MODE_PRODUCT)) == 0)
        action->mode = PDG_SCAN_MODE_PRODUCT;
      else if (g_strcmp0 (mode, pdg_scan_mode_to_string (PDG_SCAN_MODE_COMPONENT)) == 0)
        action->mode = PDG_SCAN_MODE_COMPONENT;
      else if (mode == NULL)
        {
          g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                       _("The member “%s” is missing."), "mode");
          return NULL;
        }
      else
        return bad_enum ("mode", mode, &ok, error), NULL;
    }

  return g_steal_pointer (&action);
}

/* An enum value by its machine name, for the enums without a
 * *_from_string(): tries every value from 0 to @n - 1. */
static gboolean
enum_from_name (const char  *text,
                const char *(*to_string) (int),
                int          n,
                int         *out)
{
  for (int i = 0; i < n; i++)
    if (g_strcmp0 (text, to_string (i)) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

/* An array member of @o read with @read into a new GPtrArray freeing with
 * @free_func; NULL with @error set when it is missing, not an array or an
 * element is wrong. */
static GPtrArray *
read_array (JsonObject      *o,
            const char      *name,
            gpointer       (*read) (JsonNode *, GError **),
            GDestroyNotify   free_func,
            GError         **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (free_func);
  JsonArray *array = want_array (o, name, TRUE, error);

  if (array == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gpointer value = read (json_array_get_element (array, i), error);

      if (value == NULL)
        return NULL;
      g_ptr_array_add (values, value);
    }
  return g_steal_pointer (&values);
}

PdgAssociation *
pdg_json_to_association (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(PdgAssociation) a = pdg_association_new ();
  JsonObject *o = want_object (node, _("an association"), error);
  JsonNode *unit;
  gboolean ok = TRUE;

  if (o == NULL)
    return NULL;

  a->id = get_int (o, "id", FALSE, &ok, error);
  a->parent_id = get_int (o, "parent_id", FALSE, &ok, error);
  a->child_id = get_int (o, "child_id", FALSE, &ok, error);
  a->quantity = get_number (o, "quantity", TRUE, &ok, error);
  a->order_id = get_int (o, "order_id", FALSE, &ok, error);
  a->order_number = dup_string (o, "order", FALSE, &ok, error);
  a->created_by = dup_string (o, "created_by", FALSE, &ok, error);
  a->created_at = get_time (o, "created_at", FALSE, &ok, error);
  if (!ok)
    return NULL;
  if ((unit = json_object_get_member (o, "unit")) != NULL && !JSON_NODE_HOLDS_NULL (unit) &&
      (a->other = pdg_json_to_unit (unit, error)) == NULL)
    return NULL;

  return g_steal_pointer (&a);
}

PdgUnitDetails *
pdg_json_to_unit_details (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(PdgUnitDetails) details = pdg_unit_details_new ();
  JsonObject *o = want_object (node, _("a unit with its events"), error);

  if (o == NULL ||
      (details->unit = pdg_json_to_unit (json_object_get_member (o, "unit"), error)) == NULL ||
      (details->events = read_array (o, "events", (gpointer) pdg_json_to_event,
                                     (GDestroyNotify) pdg_event_free, error)) == NULL ||
      (details->components = read_array (o, "components", (gpointer) pdg_json_to_association,
                                         (GDestroyNotify) pdg_association_free, error)) == NULL ||
      (details->consumers = read_array (o, "consumers", (gpointer) pdg_json_to_association,
                                        (GDestroyNotify) pdg_association_free, error)) == NULL)
    return NULL;

  return g_steal_pointer (&details);
}

PdgOrder *
pdg_json_to_order (JsonNode  *node,
                   GError   **error)
{
  g_autoptr(PdgOrder) order = pdg_order_new ();
  g_autofree char *status = NULL;
  JsonObject *o = want_object (node, _("a production order"), error);
  gboolean ok = TRUE;
  int value;

  if (o == NULL)
    return NULL;

  order->id = get_int (o, "id", FALSE, &ok, error);
  order->number = dup_string (o, "number", TRUE, &ok, error);
  order->item_id = get_int (o, "item_id", FALSE, &ok, error);
  order->item_number = dup_string (o, "item", FALSE, &ok, error);
  order->item_description = dup_string (o, "description", FALSE, &ok, error);
  order->planned_qty = get_number (o, "planned_qty", FALSE, &ok, error);
  order->started_qty = get_number (o, "started_qty", FALSE, &ok, error);
  order->good_qty = get_number (o, "good_qty", FALSE, &ok, error);
  order->error_qty = get_number (o, "error_qty", FALSE, &ok, error);
  status = dup_string (o, "status", TRUE, &ok, error);
  order->location_id = get_int (o, "location_id", FALSE, &ok, error);
  order->started_at = get_time (o, "started_at", FALSE, &ok, error);
  order->ended_at = get_time (o, "ended_at", FALSE, &ok, error);
  order->registered_qty = get_number (o, "registered_qty", FALSE, &ok, error);
  order->completed_qty = get_number (o, "completed_qty", FALSE, &ok, error);
  if (!ok)
    return NULL;
  if (!enum_from_name (status, (gpointer) pdg_order_status_to_string, PDG_ORDER_ENDED + 1, &value))
    return bad_enum ("status", status, &ok, error), NULL;
  order->status = (PdgOrderStatus) value;

  return g_steal_pointer (&order);
}

static PdgCustomerImpact *
to_customer (JsonNode  *node,
             GError   **error)
{
  g_autoptr(PdgCustomerImpact) c = pdg_customer_impact_new ();
  JsonObject *o = want_object (node, _("a customer"), error);
  gboolean ok = TRUE;
  gint64 units;

  if (o == NULL)
    return NULL;
  c->partner_id = get_int (o, "partner_id", FALSE, &ok, error);
  c->name = dup_string (o, "name", FALSE, &ok, error);
  units = get_int (o, "units", TRUE, &ok, error);
  c->contained = get_number (o, "suspect_quantity", FALSE, &ok, error);
  c->first_at = get_time (o, "first_shipment", FALSE, &ok, error);
  c->last_at = get_time (o, "last_shipment", FALSE, &ok, error);
  if (!ok)
    return NULL;
  c->units = (guint) CLAMP (units, 0, G_MAXUINT);
  return g_steal_pointer (&c);
}

static PdgMassBalance *
to_balance (JsonNode  *node,
            GError   **error)
{
  g_autoptr(PdgMassBalance) m = pdg_mass_balance_new ();
  JsonObject *o = want_object (node, _("a mass balance"), error);
  gboolean ok = TRUE;

  if (o == NULL)
    return NULL;
  m->unit_id = get_int (o, "unit_id", FALSE, &ok, error);
  m->key = dup_string (o, "unit", FALSE, &ok, error);
  m->description = dup_string (o, "description", FALSE, &ok, error);
  m->uom = dup_string (o, "uom", FALSE, &ok, error);
  m->received = get_number (o, "received", FALSE, &ok, error);
  m->consumed = get_number (o, "consumed", FALSE, &ok, error);
  m->scrapped = get_number (o, "scrapped", FALSE, &ok, error);
  m->shipped = get_number (o, "shipped", FALSE, &ok, error);
  m->on_hand = get_number (o, "on_hand", FALSE, &ok, error);
  /* Omitted when unknown (not a number). */
  m->shipped_in_goods = json_object_has_member (o, "shipped_in_goods")
                        ? get_number (o, "shipped_in_goods", FALSE, &ok, error) : NAN;
  m->unaccounted = get_number (o, "unaccounted", FALSE, &ok, error);
  if (!ok)
    return NULL;
  return g_steal_pointer (&m);
}

static PdgLintWarning *
to_warning (JsonNode  *node,
            GError   **error)
{
  g_autofree char *kind = NULL;
  g_autofree char *message = NULL;
  JsonObject *o = want_object (node, _("a data-quality warning"), error);
  gboolean ok = TRUE;
  gint64 unit_id;
  int value;

  if (o == NULL)
    return NULL;
  kind = dup_string (o, "kind", TRUE, &ok, error);
  unit_id = get_int (o, "unit_id", FALSE, &ok, error);
  message = dup_string (o, "message", FALSE, &ok, error);
  if (!ok)
    return NULL;
  if (!enum_from_name (kind, (gpointer) pdg_lint_kind_to_string, PDG_LINT_OPEN_REGISTRATION + 1, &value))
    return bad_enum ("kind", kind, &ok, error), NULL;
  return pdg_lint_warning_new ((PdgLintKind) value, unit_id, g_steal_pointer (&message));
}

/* The nodes of a recall's where-used graph ("impacted") with the suspect
 * quantity each holds and which are finished; then its edges. */
static gboolean
read_impacted (PdgRecall   *r,
               JsonObject  *o,
               GError     **error)
{
  PdgGenealogy *g = r->genealogy;
  JsonArray *impacted, *edges;
  gboolean ok = TRUE;

  if ((impacted = want_array (o, "impacted", TRUE, error)) == NULL ||
      (edges = want_array (o, "edges", TRUE, error)) == NULL)
    return FALSE;

  r->contained = g_new0 (double, MAX (json_array_get_length (impacted), 1));
  r->finished = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < json_array_get_length (impacted); i++)
    {
      JsonObject *n = want_object (json_array_get_element (impacted, i), _("an impacted unit"), error);
      g_autoptr(PdgUnit) unit = NULL;
      g_autofree char *role_text = NULL;
      PdgGenealogyNode *gn;
      PdgNodeRole role = PDG_NODE_CONSUMER;
      gint64 level;
      guint index;

      if (n == NULL || (unit = pdg_json_to_unit (json_object_get_member (n, "unit"), error)) == NULL)
        return FALSE;
      level = get_int (n, "level", TRUE, &ok, error);
      role_text = dup_string (n, "role", TRUE, &ok, error);
      if (ok && (level < 0 || level > G_MAXINT || !role_from_string (role_text, &role)))
        {
          g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                       _("Impacted unit %u has a bad level or role."), i);
          return FALSE;
        }
      if (ok && (unit->id <= 0 || pdg_genealogy_lookup (g, unit->id, NULL)))
        {
          g_set_error (error, PDG_JSON_ERROR, PDG_JSON_ERROR_INVALID,
                       _("Impacted unit %u has a missing or repeated unit id."), i);
          return FALSE;
        }
      if (!ok)
        return FALSE;

      index = pdg_genealogy_add_node (g, unit->id, (guint) level, role);
      gn = pdg_genealogy_get_node (g, index);
      pdg_genealogy_set_unit (g, index, unit);
      gn->truncated = get_bool (n, "truncated", &ok, error);
      r->contained[index] = get_number (n, "suspect_quantity", FALSE, &ok, error);
      if (get_bool (n, "finished", &ok, error))
        g_array_append_val (r->finished, index);
      if (!ok)
        return FALSE;
      if (json_object_has_member (n, "events") &&
          (gn->events = read_array (n, "events", (gpointer) pdg_json_to_event,
                                    (GDestroyNotify) pdg_event_free, error)) == NULL)
        return FALSE;
    }

  return read_edges (g, edges, error);
}

/**
 * pdg_json_to_recall:
 *
 * The inverse of pdg_json_from_recall(): the where-used graph is rebuilt
 * from "impacted" and "edges", so pdg_recall_to_csv() of the result gives
 * the same bytes as of the original.
 */
PdgRecall *
pdg_json_to_recall (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(PdgRecall) r = pdg_recall_new ();
  JsonObject *o = want_object (node, _("a recall"), error);
  gboolean ok = TRUE;
  gint64 in_stock;

  if (o == NULL)
    return NULL;

  r->summary = dup_string (o, "summary", FALSE, &ok, error);
  r->uom = dup_string (o, "uom", FALSE, &ok, error);
  in_stock = get_int (o, "in_stock", FALSE, &ok, error);
  r->genealogy = pdg_genealogy_new (PDG_DIRECTION_FORWARD);
  r->genealogy->depth_capped = get_bool (o, "depth_capped", &ok, error);
  r->genealogy->node_capped = get_bool (o, "node_capped", &ok, error);
  if (!ok)
    return NULL;
  r->in_stock = (guint) CLAMP (in_stock, 0, G_MAXUINT);

  if ((r->suspects = read_array (o, "suspects", (gpointer) pdg_json_to_unit,
                                 (GDestroyNotify) pdg_unit_free, error)) == NULL ||
      !read_impacted (r, o, error) ||
      (r->shipments = read_array (o, "shipments", (gpointer) pdg_json_to_event,
                                  (GDestroyNotify) pdg_event_free, error)) == NULL ||
      (r->customers = read_array (o, "customers", (gpointer) to_customer,
                                  (GDestroyNotify) pdg_customer_impact_free, error)) == NULL ||
      (r->open_orders = read_array (o, "open_orders", (gpointer) pdg_json_to_order,
                                    (GDestroyNotify) pdg_order_free, error)) == NULL ||
      (r->balances = read_array (o, "mass_balance", (gpointer) to_balance,
                                 (GDestroyNotify) pdg_mass_balance_free, error)) == NULL ||
      (r->warnings = read_array (o, "warnings", (gpointer) to_warning,
                                 (GDestroyNotify) pdg_lint_warning_free, error)) == NULL)
    return NULL;

  return g_steal_pointer (&r);
}

static gboolean
registration_status (JsonObject             *o,
                     gboolean               *ok,
                     PdgRegistrationStatus  *out,
                     GError                **error)
{
  g_autofree char *text = dup_string (o, "status", TRUE, ok, error);
  int value = 0;

  if (!*ok)
    return FALSE;
  if (!enum_from_name (text, (gpointer) pdg_registration_status_to_string, PDG_REGISTRATION_COMPLETED + 1, &value))
    return bad_enum ("status", text, ok, error);
  *out = (PdgRegistrationStatus) value;
  return TRUE;
}

static PdgFinishedProduct *
to_product (JsonNode  *node,
            GError   **error)
{
  g_autoptr(PdgFinishedProduct) p = pdg_finished_product_new ();
  JsonObject *o = want_object (node, _("a finished unit"), error);
  gboolean ok = TRUE;

  if (o == NULL)
    return NULL;
  p->unit_id = get_int (o, "unit_id", FALSE, &ok, error);
  p->lot = dup_string (o, "lot", FALSE, &ok, error);
  p->quantity = get_number (o, "quantity", FALSE, &ok, error);
  p->reported = get_bool (o, "reported", &ok, error);
  p->good_qty = get_number (o, "good_qty", FALSE, &ok, error);
  p->error_qty = get_number (o, "error_qty", FALSE, &ok, error);
  if (!ok || !registration_status (o, &ok, &p->status, error))
    return NULL;
  return g_steal_pointer (&p);
}

static PdgComponentLine *
to_component_line (JsonNode  *node,
                   GError   **error)
{
  g_autoptr(PdgComponentLine) l = pdg_component_line_new ();
  g_autofree char *tracking = NULL;
  JsonObject *o = want_object (node, _("a component line"), error);
  gboolean ok = TRUE;
  gint64 line_no;

  if (o == NULL)
    return NULL;
  l->bom_line_id = get_int (o, "bom_line_id", FALSE, &ok, error);
  line_no = get_int (o, "line_no", FALSE, &ok, error);
  l->item_id = get_int (o, "item_id", FALSE, &ok, error);
  l->item_number = dup_string (o, "item", FALSE, &ok, error);
  l->item_description = dup_string (o, "description", FALSE, &ok, error);
  l->uom = dup_string (o, "uom", FALSE, &ok, error);
  tracking = dup_string (o, "tracking", FALSE, &ok, error);
  l->tracked = get_bool (o, "tracked", &ok, error);
  l->started = get_number (o, "started", FALSE, &ok, error);
  l->consumption = get_number (o, "consumption", FALSE, &ok, error);
  l->remaining = get_number (o, "remaining", FALSE, &ok, error);
  if (!ok || !registration_status (o, &ok, &l->status, error))
    return NULL;
  if (tracking != NULL && !pdg_tracking_from_string (tracking, &l->tracking))
    return bad_enum ("tracking", tracking, &ok, error), NULL;
  l->line_no = (int) CLAMP (line_no, G_MININT, G_MAXINT);
  return g_steal_pointer (&l);
}

static PdgPickLine *
to_pick_line (JsonNode  *node,
              GError   **error)
{
  g_autoptr(PdgPickLine) l = pdg_pick_line_new ();
  JsonObject *o = want_object (node, _("a picking-list line"), error);
  gboolean ok = TRUE;

  if (o == NULL)
    return NULL;
  l->id = get_int (o, "id", FALSE, &ok, error);
  l->parent_id = get_int (o, "parent_id", FALSE, &ok, error);
  l->parent_lot = dup_string (o, "parent_lot", FALSE, &ok, error);
  l->child_id = get_int (o, "child_id", FALSE, &ok, error);
  l->item_number = dup_string (o, "item", FALSE, &ok, error);
  l->lot = dup_string (o, "lot", FALSE, &ok, error);
  l->quantity = get_number (o, "quantity", FALSE, &ok, error);
  l->uom = dup_string (o, "uom", FALSE, &ok, error);
  l->location = dup_string (o, "location", FALSE, &ok, error);
  l->bom_line_id = get_int (o, "bom_line_id", FALSE, &ok, error);
  if (!ok)
    return NULL;
  return g_steal_pointer (&l);
}

PdgRegisterState *
pdg_json_to_register_state (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(PdgRegisterState) state = pdg_register_state_new ();
  g_autofree char *tracking = NULL;
  g_autofree char *mode = NULL;
  JsonObject *o = want_object (node, _("a registration state"), error);
  gboolean ok = TRUE;
  int value;

  if (o == NULL)
    return NULL;

  tracking = dup_string (o, "tracking", FALSE, &ok, error);
  mode = dup_string (o, "mode", TRUE, &ok, error);
  state->product_id = get_int (o, "product_id", FALSE, &ok, error);
  state->line_id = get_int (o, "line_id", FALSE, &ok, error);
  state->journal_id = get_int (o, "journal_id", FALSE, &ok, error);
  state->undo_label = dup_string (o, "undo_label", FALSE, &ok, error);
  state->message = dup_string (o, "message", FALSE, &ok, error);
  if (!ok)
    return NULL;
  if (tracking != NULL && !pdg_tracking_from_string (tracking, &state->tracking))
    return bad_enum ("tracking", tracking, &ok, error), NULL;
  if (!enum_from_name (mode, (gpointer) pdg_scan_mode_to_string, PDG_SCAN_MODE_COMPONENT + 1, &value))
    return bad_enum ("mode", mode, &ok, error), NULL;
  state->mode = (PdgScanMode) value;

  /* The new state's arrays are replaced, not appended to. */
  g_clear_pointer (&state->products, g_ptr_array_unref);
  g_clear_pointer (&state->lines, g_ptr_array_unref);
  g_clear_pointer (&state->components, g_ptr_array_unref);
  g_clear_pointer (&state->journal, g_ptr_array_unref);
  if ((state->order = pdg_json_to_order (json_object_get_member (o, "order"), error)) == NULL ||
      (state->products = read_array (o, "products", (gpointer) to_product,
                                     (GDestroyNotify) pdg_finished_product_free, error)) == NULL ||
      (state->lines = read_array (o, "lines", (gpointer) to_component_line,
                                  (GDestroyNotify) pdg_component_line_free, error)) == NULL ||
      (state->components = read_array (o, "components", (gpointer) pdg_json_to_association,
                                       (GDestroyNotify) pdg_association_free, error)) == NULL ||
      (state->journal = read_array (o, "journal", (gpointer) to_pick_line,
                                    (GDestroyNotify) pdg_pick_line_free, error)) == NULL)
    return NULL;

  return g_steal_pointer (&state);
}
