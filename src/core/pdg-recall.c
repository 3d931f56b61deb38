/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-recall.c: recall impact analysis over a forward trace.
 *
 * 1. The query becomes a set of suspect units (given, or by supplier receipt
 *    or item production date range, through indexed queries).
 * 2. One forward trace from all suspects, with events, gives every impacted
 *    unit by level.
 * 3. Suspect quantity is pushed along the edges in topological order (Kahn):
 *    a unit holds, of the suspect material, what its components held in
 *    proportion to how much of each component it took. A battery pack made
 *    with 40 suspect cells holds 40; a bike with that pack holds 40; a tube
 *    batch of 500 kg that took 20 kg of a suspect billet passes 20/500 of it
 *    to every frame per kilogram of tubes. Pushing each suspect on its own
 *    gives its mass balance ("shipped inside finished goods").
 * 4. Finished units (nothing consumed them), shipments, customers, open
 *    orders, mass balance, data-quality lint and a plain-language summary
 *    are read off the genealogy without further traversal.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pdg-export.h"
#include "pdg-format.h"
#include "pdg-lint.h"
#include "pdg-recall.h"
#include "pdg-store-private.h"
#include "pdg-trace.h"

/* Above this many suspects times edges, per-suspect pushing is skipped and
 * "shipped inside finished goods" is reported as unknown (NAN). */
#define MAX_PER_SUSPECT_WORK 200000000.0

G_DEFINE_BOXED_TYPE (PdgRecall, pdg_recall, pdg_recall_ref, pdg_recall_unref)

/* An empty recall, for readers (pdg_json_to_recall()); the arrays are
 * theirs to make. */
PdgRecall *
pdg_recall_new (void)
{
  return g_rc_box_new0 (PdgRecall);
}

PdgRecall *
pdg_recall_ref (PdgRecall *recall)
{
  return g_rc_box_acquire (recall);
}

static void
pdg_recall_clear (PdgRecall *r)
{
  g_clear_pointer (&r->suspects, g_ptr_array_unref);
  g_clear_pointer (&r->genealogy, pdg_genealogy_unref);
  g_clear_pointer (&r->contained, g_free);
  g_clear_pointer (&r->uom, g_free);
  g_clear_pointer (&r->finished, g_array_unref);
  g_clear_pointer (&r->shipments, g_ptr_array_unref);
  g_clear_pointer (&r->customers, g_ptr_array_unref);
  g_clear_pointer (&r->open_orders, g_ptr_array_unref);
  g_clear_pointer (&r->balances, g_ptr_array_unref);
  g_clear_pointer (&r->warnings, g_ptr_array_unref);
  g_clear_pointer (&r->summary, g_free);
}

void
pdg_recall_unref (PdgRecall *recall)
{
  g_rc_box_release_full (recall, (GDestroyNotify) pdg_recall_clear);
}

/* ------------------------------------------------------------------------ */
/* 1. Suspects                                                               */

/* "YYYY-MM-DD" -> Unix time of that day's start, UTC. */
static gboolean
parse_day (const char  *text,
           const char  *what,
           gint64      *out,
           GError     **error)
{
  if (!pdg_parse_date (text, out))
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("The %s date “%s” is not a date; write it as YYYY-MM-DD."),
                   what, text ? text : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_range (const PdgRecallQuery  *q,
             gint64                *from,
             gint64                *to,
             GError               **error)
{
  if (!parse_day (q->from, _("from"), from, error) ||
      !parse_day (q->to, _("to"), to, error))
    return FALSE;
  if (*from > *to)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("The date range is reversed: %s comes after %s. Swap the dates."),
                   q->from, q->to);
      return FALSE;
    }
  return TRUE;
}

/* Runs a query of unit ids with its parameters bound; appends them. */
static gboolean
collect_ids (PdgStore      *store,
             sqlite3_stmt  *stmt,
             GArray        *ids,
             GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return pdg_store_set_error (store, error);
  return TRUE;
}

static gboolean
suspects_by_supplier (PdgStore              *store,
                      const PdgRecallQuery  *q,
                      GArray                *ids,
                      GError               **error)
{
  sqlite3 *db = pdg_store_get_handle (store);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *name = NULL;
  gint64 from, to, partner = 0;
  gboolean ok = FALSE;

  if (!parse_range (q, &from, &to, error))
    return FALSE;
  if (q->supplier == NULL || *q->supplier == '\0')
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID, _("Name the supplier (its code or name)."));
      return FALSE;
    }

  if (sqlite3_prepare_v2 (db, "SELECT id, name FROM partner WHERE kind = 0 AND (code = ?1 OR name = ?1 COLLATE NOCASE)"
                              " ORDER BY id LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    return pdg_store_set_error (store, error);
  sqlite3_bind_text (stmt, 1, q->supplier, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      partner = sqlite3_column_int64 (stmt, 0);
      name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (partner == 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                   _("There is no supplier with code or name “%s”."), q->supplier);
      return FALSE;
    }

  if (sqlite3_prepare_v2 (db, "SELECT DISTINCT unit_id FROM event INDEXED BY event_receipt"
                              " WHERE kind = 0 AND partner_id = ? AND at >= ? AND at < ? ORDER BY unit_id",
                          -1, &stmt, NULL) != SQLITE_OK)
    return pdg_store_set_error (store, error);
  sqlite3_bind_int64 (stmt, 1, partner);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to + 24 * 3600);
  ok = collect_ids (store, stmt, ids, error);
  sqlite3_finalize (stmt);

  if (ok && ids->len == 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                   _("%s delivered nothing between %s and %s."), name, q->from, q->to);
      return FALSE;
    }
  return ok;
}

static gboolean
suspects_by_item (PdgStore              *store,
                  const PdgRecallQuery  *q,
                  GArray                *ids,
                  GError               **error)
{
  g_autoptr(PdgItem) item = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 from, to;
  gboolean ok;

  if (!parse_range (q, &from, &to, error))
    return FALSE;
  if (q->item == NULL || (item = pdg_store_find_item (store, q->item, error)) == NULL)
    {
      if (q->item == NULL)
        g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID, _("Name the item number."));
      return FALSE;
    }

  /* Produced units through their orders (indexed); purchased ones by a scan. */
  if (sqlite3_prepare_v2 (pdg_store_get_handle (store),
        "SELECT u.id FROM production_order o JOIN unit u ON u.order_id = o.id"
        " WHERE o.item_id = ?1 AND u.item_id = ?1 AND u.produced_on BETWEEN ?2 AND ?3"
        " UNION"
        " SELECT id FROM unit WHERE item_id = ?1 AND order_id IS NULL AND produced_on BETWEEN ?2 AND ?3"
        " ORDER BY 1", -1, &stmt, NULL) != SQLITE_OK)
    return pdg_store_set_error (store, error);
  sqlite3_bind_int64 (stmt, 1, item->id);
  sqlite3_bind_text (stmt, 2, q->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, q->to, -1, SQLITE_STATIC);
  ok = collect_ids (store, stmt, ids, error);
  sqlite3_finalize (stmt);

  if (ok && ids->len == 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                   _("No unit of %s was produced between %s and %s."), item->number, q->from, q->to);
      return FALSE;
    }
  return ok;
}

static GArray *
resolve_suspects (PdgStore              *store,
                  const PdgRecallQuery  *q,
                  GError               **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  switch (q->by)
    {
    case PDG_RECALL_BY_UNITS:
      if (q->unit_ids == NULL || q->unit_ids->len == 0)
        {
          g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                       _("Add at least one suspect lot or serial."));
          return NULL;
        }
      g_array_append_vals (ids, q->unit_ids->data, q->unit_ids->len);
      break;
    case PDG_RECALL_BY_SUPPLIER:
      if (!suspects_by_supplier (store, q, ids, error))
        return NULL;
      break;
    case PDG_RECALL_BY_ITEM:
      if (!suspects_by_item (store, q, ids, error))
        return NULL;
      break;
    default:
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID, _("Unknown kind of recall."));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* ------------------------------------------------------------------------ */
/* 3. Pushing suspect quantity along the edges                               */

/* Edges grouped by child (where material flows from), CSR style. */
typedef struct
{
  guint *offset;  /* n_nodes + 1 */
  guint *edge;    /* edge indexes, grouped by child */
  guint *topo;    /* node indexes, every child before its parents */
  guint  n_topo;  /* < n_nodes only on a (corrupt) cycle */
} Flow;

static void
flow_clear (Flow *flow)
{
  g_free (flow->offset);
  g_free (flow->edge);
  g_free (flow->topo);
}

static void
flow_init (Flow               *flow,
           const PdgGenealogy *g)
{
  guint n = g->nodes->len;
  g_autofree guint *fill = g_new0 (guint, n + 1);
  g_autofree guint *indegree = g_new0 (guint, n + 1);
  guint head = 0;

  flow->offset = g_new0 (guint, n + 1);
  flow->edge = g_new (guint, MAX (g->edges->len, 1));
  flow->topo = g_new (guint, MAX (n, 1));
  flow->n_topo = 0;

  for (guint i = 0; i < g->edges->len; i++)
    {
      const PdgGenealogyEdge *e = &g_array_index (g->edges, PdgGenealogyEdge, i);

      flow->offset[e->child + 1]++;
      indegree[e->parent]++;
    }
  for (guint i = 0; i < n; i++)
    flow->offset[i + 1] += flow->offset[i];
  for (guint i = 0; i < g->edges->len; i++)
    {
      const PdgGenealogyEdge *e = &g_array_index (g->edges, PdgGenealogyEdge, i);

      flow->edge[flow->offset[e->child] + fill[e->child]++] = i;
    }

  /* Kahn: nodes nothing flows into first, in node order. */
  for (guint i = 0; i < n; i++)
    if (indegree[i] == 0)
      flow->topo[flow->n_topo++] = i;
  while (head < flow->n_topo)
    {
      guint node = flow->topo[head++];

      for (guint k = flow->offset[node]; k < flow->offset[node + 1]; k++)
        {
          guint parent = g_array_index (g->edges, PdgGenealogyEdge, flow->edge[k]).parent;

          if (--indegree[parent] == 0)
            flow->topo[flow->n_topo++] = parent;
        }
    }
}

/* vals holds the starting quantities; on return, what every node holds. */
static void
flow_push (const Flow         *flow,
           const PdgGenealogy *g,
           double             *vals)
{
  for (guint t = 0; t < flow->n_topo; t++)
    {
      guint node = flow->topo[t];
      double quantity = pdg_genealogy_get_node (g, node)->unit->quantity;
      double per_unit;

      if (vals[node] == 0 || quantity <= 0)
        continue;
      per_unit = vals[node] / quantity;
      for (guint k = flow->offset[node]; k < flow->offset[node + 1]; k++)
        {
          const PdgGenealogyEdge *e = &g_array_index (g->edges, PdgGenealogyEdge, flow->edge[k]);

          vals[e->parent] += e->quantity * per_unit;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* 4. Reading the impact off the genealogy                                   */

static int
compare_customers (gconstpointer a,
                   gconstpointer b)
{
  const PdgCustomerImpact *x = *(PdgCustomerImpact * const *) a;
  const PdgCustomerImpact *y = *(PdgCustomerImpact * const *) b;

  if (x->units != y->units)
    return x->units > y->units ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

static int
compare_orders (gconstpointer a,
                gconstpointer b)
{
  return g_strcmp0 ((*(PdgOrder * const *) a)->number, (*(PdgOrder * const *) b)->number);
}

/* The share of a node's suspect content that left with `quantity` shipped. */
static double
shipped_share (const PdgGenealogyNode *n,
               double                  held,
               double                  quantity)
{
  return n->unit->quantity > 0 ? held / n->unit->quantity * quantity : 0;
}

static void
collect_shipments (PdgRecall *r)
{
  const PdgGenealogy *g = r->genealogy;
  g_autoptr(GHashTable) by_partner = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) units_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  r->shipments = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_event_free);
  r->customers = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_customer_impact_free);

  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);

      for (guint k = 0; n->events != NULL && k < n->events->len; k++)
        {
          const PdgEvent *e = g_ptr_array_index (n->events, k);
          PdgCustomerImpact *c;
          g_autofree char *seen_key = NULL;

          if (e->kind != PDG_EVENT_SHIPMENT)
            continue;
          g_ptr_array_add (r->shipments, pdg_event_copy (e));

          c = g_hash_table_lookup (by_partner, &e->partner_id);
          if (c == NULL)
            {
              c = pdg_customer_impact_new ();
              c->partner_id = e->partner_id;
              c->name = g_strdup (e->partner ? e->partner : _("Unknown customer"));
              c->first_at = c->last_at = e->at;
              g_ptr_array_add (r->customers, c);
              g_hash_table_insert (by_partner, &c->partner_id, c);
            }
          seen_key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, e->partner_id, n->unit->id);
          if (!g_hash_table_contains (units_seen, seen_key))
            {
              c->units++;
              g_hash_table_add (units_seen, g_steal_pointer (&seen_key));
            }
          c->contained += shipped_share (n, r->contained[i], e->quantity);
          c->first_at = MIN (c->first_at, e->at);
          c->last_at = MAX (c->last_at, e->at);
        }
    }

  g_ptr_array_sort (r->shipments, pdg_event_compare_time);
  g_ptr_array_sort (r->customers, compare_customers);
}

static gboolean
collect_open_orders (PdgStore   *store,
                     PdgRecall  *r,
                     GError    **error)
{
  const PdgGenealogy *g = r->genealogy;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < g->edges->len; i++)
    {
      gint64 id = g_array_index (g->edges, PdgGenealogyEdge, i).order_id;
      if (id > 0)
        g_array_append_val (ids, id);
    }
  for (guint i = 0; i < g->nodes->len; i++)
    {
      gint64 id = pdg_genealogy_get_node (g, i)->unit->order_id;
      if (id > 0)
        g_array_append_val (ids, id);
    }

  r->open_orders = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_order_free);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      PdgOrder *order;

      if (g_hash_table_contains (seen, &id))
        continue;
      g_hash_table_add (seen, g_memdup2 (&id, sizeof id));

      order = pdg_store_get_order (store, id, error);
      if (order == NULL)
        return FALSE;
      if (order->status <= PDG_ORDER_STARTED)
        g_ptr_array_add (r->open_orders, order);
      else
        pdg_order_free (order);
    }
  g_ptr_array_sort (r->open_orders, compare_orders);

  return TRUE;
}

static void
compute_balances (PdgRecall  *r,
                  const Flow *flow)
{
  const PdgGenealogy *g = r->genealogy;
  gboolean per_suspect = (double) r->suspects->len * (g->edges->len + g->nodes->len) <= MAX_PER_SUSPECT_WORK;
  g_autofree double *vals = g_new0 (double, MAX (g->nodes->len, 1));

  r->balances = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_mass_balance_free);

  for (guint s = 0; s < r->suspects->len; s++)
    {
      const PdgUnit *u = g_ptr_array_index (r->suspects, s);
      PdgMassBalance *b = pdg_mass_balance_new ();
      guint root;

      pdg_genealogy_lookup (g, u->id, &root);
      b->unit_id = u->id;
      b->key = pdg_unit_dup_key (u);
      b->description = g_strdup (u->item_description);
      b->uom = g_strdup (u->uom);
      b->received = u->quantity;
      b->on_hand = u->on_hand;

      for (guint k = flow->offset[root]; k < flow->offset[root + 1]; k++)
        b->consumed += g_array_index (g->edges, PdgGenealogyEdge, flow->edge[k]).quantity;

      {
        const PdgGenealogyNode *n = pdg_genealogy_get_node (g, root);

        for (guint k = 0; n->events != NULL && k < n->events->len; k++)
          {
            const PdgEvent *e = g_ptr_array_index (n->events, k);

            if (e->kind == PDG_EVENT_CONSUMPTION)
              b->consumed += e->quantity;
            else if (e->kind == PDG_EVENT_SCRAP)
              b->scrapped += e->quantity;
            else if (e->kind == PDG_EVENT_SHIPMENT)
              b->shipped += e->quantity;
          }
      }

      b->unaccounted = b->received - b->consumed - b->scrapped - b->shipped - b->on_hand;
      if (fabs (b->unaccounted) < 1e-9)
        b->unaccounted = 0;

      if (!per_suspect)
        b->shipped_in_goods = NAN;
      else
        {
          memset (vals, 0, sizeof (double) * g->nodes->len);
          vals[root] = u->quantity;
          flow_push (flow, g, vals);
          for (guint i = 0; i < g->nodes->len; i++)
            {
              const PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);

              if (i == root || vals[i] == 0 || n->events == NULL)
                continue;
              for (guint k = 0; k < n->events->len; k++)
                {
                  const PdgEvent *e = g_ptr_array_index (n->events, k);

                  if (e->kind == PDG_EVENT_SHIPMENT)
                    b->shipped_in_goods += shipped_share (n, vals[i], e->quantity);
                }
            }
        }

      g_ptr_array_add (r->balances, b);
    }
}

/* ------------------------------------------------------------------------ */
/* The plain-language summary                                                */

static void
append_list_item (GString    *out,
                  guint       index,
                  guint       count,
                  const char *text)
{
  if (index > 0)
    g_string_append (out, index + 1 == count ? _(" and ") : ", ");
  g_string_append (out, text);
}

static char *
summarize (PdgRecall *r)
{
  const PdgGenealogy *g = r->genealogy;
  GString *out = g_string_new (NULL);
  g_autoptr(GHashTable) per_item = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) item_order = g_ptr_array_new ();
  g_autoptr(GHashTable) shipped_units = g_hash_table_new (g_int64_hash, g_int64_equal);
  const PdgUnit *first = g_ptr_array_index (r->suspects, 0);
  double unaccounted = 0, root_on_hand = 0;
  gboolean unaccounted_known = r->uom != NULL;

  /* Who. */
  if (r->suspects->len == 1)
    g_string_append_printf (out, first->tracking == PDG_TRACKING_SERIAL ? _("Serial %s (%s)") : _("Lot %s (%s)"),
                            first->lot, first->item_description);
  else
    {
      g_autofree char *n = pdg_format_count (r->suspects->len);
      gboolean one_item = TRUE;

      for (guint i = 1; i < r->suspects->len; i++)
        one_item &= ((PdgUnit *) g_ptr_array_index (r->suspects, i))->item_id == first->item_id;
      if (one_item)
        g_string_append_printf (out, _("%s suspect lots of %s"), n, first->item_description);
      else
        g_string_append_printf (out, _("%s suspect lots and serials"), n);
    }

  /* Went into. */
  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);
      guint count;

      if (n->role == PDG_NODE_ROOT)
        continue;
      count = GPOINTER_TO_UINT (g_hash_table_lookup (per_item, n->unit->item_description));
      if (count == 0)
        g_ptr_array_add (item_order, n->unit->item_description);
      g_hash_table_insert (per_item, n->unit->item_description, GUINT_TO_POINTER (count + 1));
    }
  if (item_order->len == 0)
    g_string_append (out, _(" went into no other unit"));
  else
    {
      g_string_append (out, _(" went into "));
      for (guint i = 0; i < item_order->len; i++)
        {
          const char *desc = g_ptr_array_index (item_order, i);
          g_autofree char *n = pdg_format_count (GPOINTER_TO_UINT (g_hash_table_lookup (per_item, desc)));
          g_autofree char *part = g_strdup_printf ("%s × %s", n, desc);

          append_list_item (out, i, item_order->len, part);
        }
    }

  /* Shipped to. */
  for (guint i = 0; i < r->shipments->len; i++)
    {
      PdgEvent *e = g_ptr_array_index (r->shipments, i);
      g_hash_table_add (shipped_units, &e->unit_id);
    }
  if (r->shipments->len == 0)
    g_string_append (out, _("; nothing was shipped"));
  else
    {
      g_autofree char *units = pdg_format_count (g_hash_table_size (shipped_units));
      g_autofree char *customers = pdg_format_count (r->customers->len);
      g_autofree char *from = pdg_format_date (((PdgEvent *) g_ptr_array_index (r->shipments, 0))->at);
      g_autofree char *to = pdg_format_date (((PdgEvent *) g_ptr_array_index (r->shipments, r->shipments->len - 1))->at);

      g_string_append_printf (out, g_hash_table_size (shipped_units) == 1
                                ? _("; %s unit shipped to %s customer(s) between %s and %s")
                                : _("; %s units shipped to %s customer(s) between %s and %s"),
                              units, customers, from, to);
    }

  /* Still here. */
  {
    g_autofree char *n = pdg_format_count (r->in_stock);

    g_string_append_printf (out, _("; %s finished unit(s) in stock"), n);
  }
  for (guint i = 0; i < r->balances->len; i++)
    {
      PdgMassBalance *b = g_ptr_array_index (r->balances, i);

      root_on_hand += b->on_hand;
      unaccounted += b->unaccounted;
    }
  if (root_on_hand > 0 && r->uom != NULL)
    {
      g_autofree char *q = pdg_format_quantity (root_on_hand);

      g_string_append_printf (out, _("; %s %s of suspect material still on hand"), q, r->uom);
    }

  /* Mass balance. */
  if (unaccounted_known && fabs (unaccounted) > 1e-9)
    {
      g_autofree char *q = pdg_format_quantity (fabs (unaccounted));

      g_string_append_printf (out, unaccounted > 0 ? _("; %s %s unaccounted") : _("; %s %s more used than received"),
                              q, r->uom);
    }
  else if (unaccounted_known)
    g_string_append (out, _("; the mass balance closes"));

  if (r->open_orders->len > 0)
    g_string_append_printf (out, _("; %u open production order(s) use suspect material"), r->open_orders->len);
  if (r->warnings->len > 0)
    g_string_append_printf (out, _("; %u data-quality warning(s)"), r->warnings->len);

  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */

/**
 * pdg_recall_run:
 *
 * Returns: (transfer full): the recall, or NULL with @error set: an unknown
 *   unit, supplier or item, a malformed or reversed date range, a query that
 *   finds no suspect, or a database error.
 */
static PdgRecall *run_in_snapshot (PdgStore              *store,
                                   const PdgRecallQuery  *query,
                                   GCancellable          *cancellable,
                                   GError               **error);

PdgRecall *
pdg_recall_run (PdgStore              *store,
                const PdgRecallQuery  *query,
                GCancellable          *cancellable,
                GError               **error)
{
  PdgRecall *r;

  g_return_val_if_fail (PDG_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  /* One snapshot for the whole analysis (and one lock, not one per read). */
  if (!pdg_store_begin (store, error))
    return NULL;
  r = run_in_snapshot (store, query, cancellable, error);
  pdg_store_rollback (store);   /* nothing was written */

  return r;
}

static PdgRecall *
run_in_snapshot (PdgStore              *store,
                 const PdgRecallQuery  *query,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_autoptr(PdgRecall) r = NULL;
  g_autoptr(GArray) ids = NULL;
  PdgTraceOptions options = { .with_events = TRUE };
  Flow flow = { 0 };
  const PdgGenealogy *g;

  ids = resolve_suspects (store, query, error);
  if (ids == NULL)
    return NULL;

  r = pdg_recall_new ();
  r->genealogy = pdg_trace (store, (gint64 *) ids->data, ids->len, PDG_DIRECTION_FORWARD,
                            &options, cancellable, error);
  if (r->genealogy == NULL)
    return NULL;
  g = r->genealogy;

  /* Suspects are the roots, already read by the trace. */
  r->suspects = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_unit_free);
  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);

      if (n->role == PDG_NODE_ROOT)
        g_ptr_array_add (r->suspects, pdg_unit_copy (n->unit));
    }
  r->uom = g_strdup (((PdgUnit *) g_ptr_array_index (r->suspects, 0))->uom);
  for (guint i = 1; i < r->suspects->len; i++)
    if (g_strcmp0 (((PdgUnit *) g_ptr_array_index (r->suspects, i))->uom, r->uom) != 0)
      g_clear_pointer (&r->uom, g_free);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  flow_init (&flow, g);
  r->contained = g_new0 (double, MAX (g->nodes->len, 1));
  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);

      if (n->role == PDG_NODE_ROOT)
        r->contained[i] = n->unit->quantity;
    }
  flow_push (&flow, g, r->contained);

  r->finished = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);
      gboolean consumed_further = FALSE;

      /* Anything with an edge where it is the child went further. */
      consumed_further = flow.offset[i + 1] > flow.offset[i];
      if (n->role == PDG_NODE_ROOT || consumed_further)
        continue;
      g_array_append_val (r->finished, i);
      if ((n->unit->status == PDG_UNIT_STATUS_AVAILABLE || n->unit->status == PDG_UNIT_STATUS_BLOCKED) &&
          n->unit->on_hand > 0)
        r->in_stock++;
    }

  collect_shipments (r);
  compute_balances (r, &flow);
  flow_clear (&flow);

  if (!collect_open_orders (store, r, error) ||
      (r->warnings = pdg_lint_genealogy (store, g, error)) == NULL)
    return NULL;

  r->summary = summarize (r);

  return g_steal_pointer (&r);
}

/* ------------------------------------------------------------------------ */
/* Exports                                                                   */

static void
csv_quantity (GString *out,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return;
  /* Most quantities are whole (pieces): same text as %.10g, much cheaper. */
  if (value == floor (value) && fabs (value) < 1e10)
    pdg_format_append_int (out, (gint64) value);
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

/**
 * pdg_recall_to_csv:
 *
 * One row per impacted unit (the suspects at level 0), with how much suspect
 * material it holds and, when shipped, to whom and when.
 */
char *
pdg_recall_to_csv (const PdgRecall *r)
{
  const PdgGenealogy *g = r->genealogy;
  GString *out = g_string_new ("level,item,lot,description,status,quantity,on_hand,uom,location,"
                               "finished,suspect_quantity,suspect_uom,customer,shipped_on,shipment_document\r\n");
  g_autofree gboolean *finished = g_new0 (gboolean, MAX (g->nodes->len, 1));

  for (guint i = 0; i < r->finished->len; i++)
    finished[g_array_index (r->finished, guint, i)] = TRUE;

  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);
      const PdgUnit *u = n->unit;
      g_autoptr(GString) customers = g_string_new (NULL);
      g_autoptr(GString) dates = g_string_new (NULL);
      g_autoptr(GString) docs = g_string_new (NULL);

      for (guint k = 0; n->events != NULL && k < n->events->len; k++)
        {
          const PdgEvent *e = g_ptr_array_index (n->events, k);
          g_autofree char *day = NULL;

          if (e->kind != PDG_EVENT_SHIPMENT)
            continue;
          day = pdg_format_date (e->at);
          g_string_append_printf (customers, "%s%s", customers->len ? "; " : "", e->partner ? e->partner : "");
          g_string_append_printf (dates, "%s%s", dates->len ? "; " : "", day);
          g_string_append_printf (docs, "%s%s", docs->len ? "; " : "", e->doc_ref ? e->doc_ref : "");
        }

      g_string_append_printf (out, "%u,", n->depth);
      pdg_export_csv_field (out, u->item_number);
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, u->lot);
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, u->item_description);
      g_string_append_printf (out, ",%s,", pdg_unit_status_to_string (u->status));
      csv_quantity (out, u->quantity);
      g_string_append_c (out, ',');
      csv_quantity (out, u->on_hand);
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, u->uom);
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, u->location);
      g_string_append_printf (out, ",%s,", finished[i] ? "yes" : "no");
      csv_quantity (out, r->contained[i]);
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, r->uom);
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, customers->str);
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, dates->str);
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, docs->str);
      g_string_append (out, "\r\n");
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  const PdgEvent         *event;
  const PdgGenealogyNode *node;
  const char             *tlc;   /* borrowed from the export's key array */
} CteRef;

static int
compare_ctes (gconstpointer a,
              gconstpointer b)
{
  const CteRef *x = a;
  const CteRef *y = b;

  if (x->event->at != y->event->at)
    return x->event->at < y->event->at ? -1 : 1;
  return x->event->id < y->event->id ? -1 : x->event->id > y->event->id;
}

/* The last day written: events come in time order, so most rows repeat it. */
typedef struct
{
  gint64 number;   /* days since 1970-01-01, or G_MININT64 */
  char   text[11];
} DayCache;

static const char *
cached_day (DayCache *cache,
            gint64    at)
{
  gint64 number = at / 86400 - (at % 86400 < 0 ? 1 : 0);

  if (number != cache->number)
    {
      pdg_format_day (at, cache->text);
      cache->number = number;
    }
  return cache->text;
}

static void
fsma_row (GString                *out,
          DayCache               *days,
          const CteRef           *ref,
          const char             *cte,
          const char             *ship_from,
          const char             *ship_to,
          const char             *source,
          const char             *input_lot,
          const char             *input_description,
          double                  input_quantity,
          const char             *input_uom)
{
  const PdgEvent *e = ref->event;
  const PdgUnit *u = ref->node->unit;

  g_string_append_c (out, 'E');
  pdg_format_append_int (out, e->id);
  g_string_append_c (out, ',');
  g_string_append (out, cte);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, ref->tlc);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, u->item_description);
  g_string_append_c (out, ',');
  csv_quantity (out, e->quantity > 0 ? e->quantity : u->quantity);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, u->uom);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, e->location);
  g_string_append_c (out, ',');
  g_string_append (out, cached_day (days, e->at));
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, e->doc_type);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, e->doc_ref);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, ship_from);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, ship_to);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, source);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, input_lot);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, input_description);
  g_string_append_c (out, ',');
  if (input_lot != NULL)
    csv_quantity (out, input_quantity);
  g_string_append_c (out, ',');
  pdg_export_csv_field (out, input_uom);
  g_string_append (out, "\r\n");
}

#define FSMA_HEADER \
  "event_id,cte,traceability_lot_code,product_description,quantity,uom," \
  "location,date,reference_document_type,reference_document_number," \
  "ship_from,ship_to,source,input_lot_code,input_description," \
  "input_quantity,input_uom\r\n"

/* Writes buf to stream and empties it; with no stream, keeps it. */
static gboolean
flush_to (GOutputStream  *stream,
          GString        *buf,
          GCancellable   *cancellable,
          GError        **error)
{
  if (stream == NULL || buf->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (stream, buf->str, buf->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (buf, 0);
  return TRUE;
}

#define FSMA_WINDOW 4096

/* An input's item for the FSMA sheet, from a per-export cache. */
static const PdgItem *
fsma_item (PdgStore    *store,
           GHashTable  *items,
           gint64       item_id,
           GError     **error)
{
  PdgItem *item = g_hash_table_lookup (items, &item_id);

  if (item == NULL && (item = pdg_store_get_item (store, item_id, error)) != NULL)
    g_hash_table_insert (items, &item->id, item);
  return item;
}

/* One row of the sheet as read, before it is written: the CTE, and for a
 * transformation's input its item, lot code and quantity. */
typedef struct
{
  guint          cte;       /* index into the export's CteRef array */
  const PdgItem *item;      /* the input's item; NULL for a row without input */
  gsize          lot;       /* offset of the input's lot code in the batch's text */
  double         quantity;
} FsmaRow;

typedef struct
{
  GArray  *rows;   /* FsmaRow */
  GString *text;   /* input lot codes, each NUL-terminated */
} FsmaBatch;

static void
fsma_batch_free (FsmaBatch *batch)
{
  g_array_unref (batch->rows);
  g_string_free (batch->text, TRUE);
  g_free (batch);
}

#define FSMA_BATCHES 4   /* in flight between reader and writer */

/* The writer: formats the batches the reader reads, in order, on a second
 * thread, so reading SQLite and writing CSV overlap on two cores. */
typedef struct
{
  const GArray   *ctes;
  GAsyncQueue    *full;         /* FsmaBatch to write; the writer's own pointer ends it */
  GAsyncQueue    *empty;        /* FsmaBatch written, for the reader to refill */
  GString        *out;
  GOutputStream  *stream;
  GCancellable   *cancellable;
  GError         *error;        /* the first write error */
  int             failed;       /* atomic */
  DayCache        days;
} FsmaWriter;

static void
fsma_write_batch (FsmaWriter      *w,
                  const FsmaBatch *batch)
{
  for (guint i = 0; i < batch->rows->len && !g_atomic_int_get (&w->failed); i++)
    {
      const FsmaRow *row = &g_array_index (batch->rows, FsmaRow, i);
      const CteRef *ref = &g_array_index (w->ctes, CteRef, row->cte);
      const PdgEvent *e = ref->event;

      if (e->kind == PDG_EVENT_RECEIPT)
        fsma_row (w->out, &w->days, ref, "receiving", e->partner, e->location, e->partner, NULL, NULL, 0, NULL);
      else if (e->kind == PDG_EVENT_SHIPMENT)
        fsma_row (w->out, &w->days, ref, "shipping", e->location, e->partner, NULL, NULL, NULL, 0, NULL);
      else if (row->item == NULL)
        fsma_row (w->out, &w->days, ref, "transformation", NULL, NULL, NULL, NULL, NULL, 0, NULL);
      else
        fsma_row (w->out, &w->days, ref, "transformation", NULL, NULL, NULL, batch->text->str + row->lot,
                  row->item->description, row->quantity, row->item->uom);

      if (w->out->len >= 1024 * 1024 && !flush_to (w->stream, w->out, w->cancellable, &w->error))
        g_atomic_int_set (&w->failed, 1);
    }
}

static gpointer
fsma_writer_thread (gpointer data)
{
  FsmaWriter *w = data;
  FsmaBatch *batch;

  while ((batch = g_async_queue_pop (w->full)) != (gpointer) w)
    {
      fsma_write_batch (w, batch);
      g_array_set_size (batch->rows, 0);
      g_string_truncate (batch->text, 0);
      g_async_queue_push (w->empty, batch);
    }
  return NULL;
}

/* Reads the rows of ctes [start, end) into batch. The inputs of every
 * transformation in the window are read by one statement (the window's
 * produced units through json_each(), each unit's inputs in component id
 * order), consumed in step with the window's events. */
static gboolean
fsma_window (PdgStore      *store,
             const GArray  *ctes,
             guint          start,
             guint          end,
             GHashTable    *items,
             GString       *json,
             FsmaBatch     *batch,
             GError       **error)
{
  sqlite3_stmt *inputs = pdg_store_prepare_cached (store,
    "SELECT j.key, u.item_id, u.lot, a.quantity"
    " FROM json_each (?1) AS j"
    " CROSS JOIN association AS a INDEXED BY association_down_cover ON a.parent_id = j.value"
    " CROSS JOIN unit AS u ON u.id = a.child_id", error);
  g_autoptr(GArray) produced = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint key = 0;
  int rc = SQLITE_DONE;

  if (inputs == NULL)
    return FALSE;

  for (guint i = start; i < end; i++)
    {
      const CteRef *ref = &g_array_index (ctes, CteRef, i);

      if (ref->event->kind == PDG_EVENT_PRODUCTION)
        g_array_append_val (produced, ref->node->unit->id);
    }
  if (produced->len > 0)
    {
      pdg_store_json_ids (json, (const gint64 *) produced->data, produced->len);
      sqlite3_bind_text (inputs, 1, json->str, (int) json->len, SQLITE_STATIC);
      rc = sqlite3_step (inputs);
    }

  for (guint i = start; i < end; i++)
    {
      const CteRef *ref = &g_array_index (ctes, CteRef, i);
      FsmaRow row = { i, NULL, 0, 0 };
      gboolean any = FALSE;

      while (ref->event->kind == PDG_EVENT_PRODUCTION &&
             rc == SQLITE_ROW && (guint) sqlite3_column_int (inputs, 0) == key)
        {
          row.item = fsma_item (store, items, sqlite3_column_int64 (inputs, 1), error);
          if (row.item == NULL)
            {
              sqlite3_reset (inputs);
              return FALSE;
            }
          row.lot = batch->text->len;
          g_string_append (batch->text, row.item->number);
          g_string_append_c (batch->text, '/');
          g_string_append_len (batch->text, (const char *) sqlite3_column_text (inputs, 2),
                               sqlite3_column_bytes (inputs, 2) + 1);   /* with its NUL */
          row.quantity = sqlite3_column_double (inputs, 3);
          g_array_append_val (batch->rows, row);
          any = TRUE;
          rc = sqlite3_step (inputs);
        }
      if (!any)
        {
          row.item = NULL;
          g_array_append_val (batch->rows, row);
        }
      if (ref->event->kind == PDG_EVENT_PRODUCTION)
        key++;
    }
  sqlite3_reset (inputs);

  if (rc != SQLITE_DONE)
    {
      pdg_store_set_error (store, error);
      return FALSE;
    }
  return TRUE;
}

/* The FSMA rows into out; when stream is given, out is written to it every
 * megabyte, so a 100k-unit recall never sits whole in memory. */
static gboolean
fsma_export (PdgStore         *store,
             const PdgRecall  *r,
             GString          *out,
             GOutputStream    *stream,
             GCancellable     *cancellable,
             GError          **error)
{
  const PdgGenealogy *g = r->genealogy;
  g_autoptr(GArray) ctes = g_array_new (FALSE, FALSE, sizeof (CteRef));
  g_autoptr(GPtrArray) keys = g_ptr_array_new_full (g->nodes->len, g_free);
  g_autoptr(GHashTable) items = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                       (GDestroyNotify) pdg_item_free);
  g_autoptr(GString) json = g_string_new (NULL);
  FsmaWriter w = { 0 };
  GThread *writer;
  gboolean ok = FALSE;

  g_string_append (out, FSMA_HEADER);

  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);

      g_ptr_array_add (keys, pdg_unit_dup_key (n->unit));
      for (guint k = 0; n->events != NULL && k < n->events->len; k++)
        {
          const PdgEvent *e = g_ptr_array_index (n->events, k);
          CteRef ref = { e, n, g_ptr_array_index (keys, i) };

          if (e->kind == PDG_EVENT_RECEIPT || e->kind == PDG_EVENT_PRODUCTION || e->kind == PDG_EVENT_SHIPMENT)
            g_array_append_val (ctes, ref);
        }
    }
  g_array_sort (ctes, compare_ctes);

  if (!pdg_store_begin (store, error))
    return FALSE;

  w.ctes = ctes;
  w.full = g_async_queue_new ();
  w.empty = g_async_queue_new_full ((GDestroyNotify) fsma_batch_free);
  w.out = out;
  w.stream = stream;
  w.cancellable = cancellable;
  w.days.number = G_MININT64;
  for (guint i = 0; i < FSMA_BATCHES; i++)
    {
      FsmaBatch *batch = g_new (FsmaBatch, 1);

      batch->rows = g_array_new (FALSE, FALSE, sizeof (FsmaRow));
      batch->text = g_string_new (NULL);
      g_async_queue_push (w.empty, batch);
    }
  writer = g_thread_new ("pdg-fsma-writer", fsma_writer_thread, &w);

  ok = TRUE;
  for (guint start = 0; ok && start < ctes->len; start += FSMA_WINDOW)
    {
      FsmaBatch *batch = g_async_queue_pop (w.empty);

      ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
           !g_atomic_int_get (&w.failed) &&
           fsma_window (store, ctes, start, MIN (start + FSMA_WINDOW, ctes->len), items, json, batch, error);
      g_async_queue_push (ok ? w.full : w.empty, batch);
    }
  g_async_queue_push (w.full, &w);   /* the end */
  g_thread_join (writer);
  g_async_queue_unref (w.full);
  g_async_queue_unref (w.empty);

  if (w.error != NULL)
    {
      g_clear_error (error);
      g_propagate_error (error, g_steal_pointer (&w.error));
      ok = FALSE;
    }
  ok = ok && flush_to (stream, out, cancellable, error);

  pdg_store_rollback (store);   /* nothing was written */
  return ok;
}

/**
 * pdg_recall_to_fsma:
 *
 * An FSMA-204-style sortable spreadsheet (CSV): one row per critical tracking
 * event of every impacted unit, in time order. Receiving and shipping are one
 * row each; a transformation (production) is one row per input lot, all
 * sharing the event id. The traceability lot code is ITEM/LOT.
 */
char *
pdg_recall_to_fsma (PdgStore         *store,
                    const PdgRecall  *r,
                    GError          **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (!fsma_export (store, r, out, NULL, NULL, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * pdg_recall_write_fsma:
 * @stream: where the CSV goes, a megabyte at a time
 *
 * pdg_recall_to_fsma() for big recalls: the same bytes, streamed.
 */
gboolean
pdg_recall_write_fsma (PdgStore         *store,
                       const PdgRecall  *r,
                       GOutputStream    *stream,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autoptr(GString) out = g_string_sized_new (1024 * 1024 + 4096);

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  return fsma_export (store, r, out, stream, cancellable, error);
}

/**
 * pdg_recall_to_text:
 *
 * The report a coordinator reads in a terminal: summary, mass balance,
 * customers, open orders, warnings.
 */
char *
pdg_recall_to_text (const PdgRecall *r)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s\n\n", r->summary);

  g_string_append_printf (out, "%s\n", _("Mass balance per suspect lot"));
  for (guint i = 0; i < r->balances->len; i++)
    {
      PdgMassBalance *b = g_ptr_array_index (r->balances, i);
      g_autofree char *received = pdg_format_quantity (b->received);
      g_autofree char *consumed = pdg_format_quantity (b->consumed);
      g_autofree char *scrapped = pdg_format_quantity (b->scrapped);
      g_autofree char *shipped = pdg_format_quantity (b->shipped);
      g_autofree char *on_hand = pdg_format_quantity (b->on_hand);
      g_autofree char *in_goods = isfinite (b->shipped_in_goods) ? pdg_format_quantity (b->shipped_in_goods) : g_strdup ("?");
      g_autofree char *unaccounted = pdg_format_quantity (b->unaccounted);

      g_string_append_printf (out, _("  %s (%s): received %s, consumed %s, scrapped %s, shipped %s, on hand %s %s; %s %s left inside shipped goods; unaccounted %s %s%s\n"),
                              b->key, b->description, received, consumed, scrapped, shipped, on_hand, b->uom,
                              in_goods, b->uom, unaccounted, b->uom,
                              pdg_mass_balance_is_unaccounted (b) ? _("  ← check") : "");
    }

  g_string_append_printf (out, "\n%s (%u)\n", _("Customers"), r->customers->len);
  for (guint i = 0; i < r->customers->len; i++)
    {
      PdgCustomerImpact *c = g_ptr_array_index (r->customers, i);
      g_autofree char *units = pdg_format_count (c->units);
      g_autofree char *first = pdg_format_date (c->first_at);
      g_autofree char *last = pdg_format_date (c->last_at);

      g_string_append_printf (out, _("  %-36s %8s units  %s … %s\n"), c->name, units, first, last);
    }

  g_string_append_printf (out, "\n%s (%u)\n", _("Open production orders"), r->open_orders->len);
  for (guint i = 0; i < r->open_orders->len; i++)
    {
      PdgOrder *o = g_ptr_array_index (r->open_orders, i);

      g_string_append_printf (out, "  %s  %s  %s\n", o->number, o->item_number, pdg_order_status_label (o->status));
    }

  g_string_append_printf (out, "\n%s (%u)\n", _("Data-quality warnings"), r->warnings->len);
  for (guint i = 0; i < r->warnings->len; i++)
    g_string_append_printf (out, "  %s\n", ((PdgLintWarning *) g_ptr_array_index (r->warnings, i))->message);

  return g_string_free (out, FALSE);
}
