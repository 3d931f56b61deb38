/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-lint.c: data-quality checks over a traced genealogy.
 *
 * Shown with recall results because a recall on bad data is a wrong recall.
 * The checks use what the genealogy already holds (unit dates and, when the
 * trace read them, events); only the duplicate-serial and open-registration
 * checks ask the store, with one indexed lookup per unit or order. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pdg-lint.h"
#include "pdg-store-private.h"

static char *
key (const PdgUnit *u)
{
  return pdg_unit_dup_key (u);
}

static void
check_dates_and_quantities (const PdgGenealogy *g,
                            GPtrArray          *warnings)
{
  g_autofree double *taken = g_new0 (double, MAX (g->nodes->len, 1));

  for (guint i = 0; i < g->edges->len; i++)
    {
      const PdgGenealogyEdge *e = &g_array_index (g->edges, PdgGenealogyEdge, i);
      const PdgUnit *parent = pdg_genealogy_get_node (g, e->parent)->unit;
      const PdgUnit *child = pdg_genealogy_get_node (g, e->child)->unit;

      taken[e->child] += e->quantity;

      /* ISO dates compare as strings. */
      if (parent->produced_on != NULL && child->produced_on != NULL &&
          g_strcmp0 (child->produced_on, parent->produced_on) > 0)
        {
          g_autofree char *pk = key (parent);
          g_autofree char *ck = key (child);

          g_ptr_array_add (warnings, pdg_lint_warning_new (PDG_LINT_CONSUMED_BEFORE_MADE, child->id,
            g_strdup_printf (_("%s went into %s (made %s) but was itself made or received on %s: check the registration or the dates."),
                             ck, pk, parent->produced_on, child->produced_on)));
        }
    }

  /* A forward trace holds every consumer of the units it reached, so the
   * edges out of a node are all that was registered out of it. Only nodes
   * whose consumers were all followed count (not cut off by a cap). */
  if (g->direction != PDG_DIRECTION_FORWARD)
    return;
  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);

      if (!n->truncated && taken[i] > n->unit->quantity * (1 + 1e-9) + 1e-9)
        {
          g_autofree char *k = key (n->unit);

          g_ptr_array_add (warnings, pdg_lint_warning_new (PDG_LINT_OVERCONSUMED, n->unit->id,
            g_strdup_printf (_("%s had %g %s, but %g %s were registered into other units."),
                             k, n->unit->quantity, n->unit->uom, taken[i], n->unit->uom)));
        }
    }
}

static void
check_origins (const PdgGenealogy *g,
               GPtrArray          *warnings)
{
  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);
      gboolean has_origin = FALSE;

      if (n->events == NULL)
        return;
      for (guint k = 0; k < n->events->len && !has_origin; k++)
        {
          PdgEventKind kind = ((PdgEvent *) g_ptr_array_index (n->events, k))->kind;

          has_origin = kind == PDG_EVENT_RECEIPT || kind == PDG_EVENT_PRODUCTION;
        }
      if (!has_origin)
        {
          g_autofree char *k = key (n->unit);

          g_ptr_array_add (warnings, pdg_lint_warning_new (PDG_LINT_ORPHAN, n->unit->id,
            g_strdup_printf (_("%s has no receipt or production record: where it came from is unknown."), k)));
        }
    }
}

static gboolean
check_store (PdgStore            *store,
             const PdgGenealogy  *g,
             GPtrArray           *warnings,
             GError             **error)
{
  sqlite3 *db = pdg_store_get_handle (store);
  sqlite3_stmt *dup = NULL;
  sqlite3_stmt *order = NULL;
  g_autoptr(GHashTable) orders_seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (db,
        "SELECT i.number FROM unit u JOIN item i ON i.id = u.item_id"
        " WHERE u.lot = ?1 AND u.item_id <> ?2 AND i.tracking = 2 ORDER BY i.number LIMIT 1",
        -1, &dup, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
        "SELECT number, status FROM production_order WHERE id = ?",
        -1, &order, NULL) != SQLITE_OK)
    {
      pdg_store_set_error (store, error);
      goto out;
    }

  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgUnit *u = pdg_genealogy_get_node (g, i)->unit;

      if (u->tracking == PDG_TRACKING_SERIAL)
        {
          sqlite3_reset (dup);
          sqlite3_bind_text (dup, 1, u->lot, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (dup, 2, u->item_id);
          if (sqlite3_step (dup) == SQLITE_ROW)
            {
              g_autofree char *k = key (u);

              g_ptr_array_add (warnings, pdg_lint_warning_new (PDG_LINT_DUPLICATE_SERIAL, u->id,
                g_strdup_printf (_("Serial %s of %s also exists on item %s: one of them may have been scanned against the wrong item."),
                                 u->lot, k, (const char *) sqlite3_column_text (dup, 0))));
            }
          sqlite3_reset (dup);
        }

      if (u->order_id > 0 && !g_hash_table_contains (orders_seen, &u->order_id))
        {
          g_hash_table_add (orders_seen, g_memdup2 (&u->order_id, sizeof u->order_id));
          sqlite3_reset (order);
          sqlite3_bind_int64 (order, 1, u->order_id);
          if (sqlite3_step (order) == SQLITE_ROW &&
              sqlite3_column_int (order, 1) <= PDG_ORDER_STARTED)
            {
              g_autofree char *k = key (u);

              g_ptr_array_add (warnings, pdg_lint_warning_new (PDG_LINT_OPEN_REGISTRATION, u->id,
                g_strdup_printf (_("Order %s (which made %s) is still open: its component registrations may be incomplete."),
                                 (const char *) sqlite3_column_text (order, 0), k)));
            }
          sqlite3_reset (order);
        }
    }
  ok = TRUE;

out:
  sqlite3_finalize (dup);
  sqlite3_finalize (order);
  return ok;
}

/**
 * pdg_lint_genealogy:
 *
 * Returns: (transfer full): PdgLintWarning values, in genealogy order within
 *   each check; empty when the data looks sound.
 */
GPtrArray *
pdg_lint_genealogy (PdgStore            *store,
                    const PdgGenealogy  *g,
                    GError             **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_lint_warning_free);

  check_dates_and_quantities (g, warnings);
  check_origins (g, warnings);
  if (!check_store (store, g, warnings, error))
    return NULL;

  return g_steal_pointer (&warnings);
}
