/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-lint.c: data-quality checks over a traced genealogy.
 *
 * Shown with recall results because a recall on bad data is a wrong recall.
 * The checks use what the genealogy already holds (unit dates and, when the
 * trace read them, events); only the duplicate-serial and open-registration
 * checks ask the store: serials a chunk at a time (one statement for
 * thousands of units, through the unit_lot index), orders one lookup each. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pdg-lint.h"
#include "pdg-store-private.h"

static char *
key_of (const PdgUnit *u)
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
          g_autofree char *pk = key_of (parent);
          g_autofree char *ck = key_of (child);

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
          g_autofree char *k = key_of (n->unit);

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
          g_autofree char *k = key_of (n->unit);

          g_ptr_array_add (warnings, pdg_lint_warning_new (PDG_LINT_ORPHAN, n->unit->id,
            g_strdup_printf (_("%s has no receipt or production record: where it came from is unknown."), k)));
        }
    }
}

#define SERIAL_CHUNK 4096

/* Serials of nodes [start, end) also registered on another serial item. */
static gboolean
check_serial_chunk (PdgStore            *store,
                    const PdgGenealogy  *g,
                    const GArray        *serials,
                    guint                start,
                    guint                end,
                    GString             *json,
                    GPtrArray           *warnings)
{
  sqlite3_stmt *dup = pdg_store_prepare_cached (store,
    "SELECT j.key, i.number"
    " FROM json_each (?1) AS j"
    " CROSS JOIN unit AS u ON u.lot = j.value ->> 0 AND u.item_id <> j.value ->> 1"
    " CROSS JOIN item AS i ON i.id = u.item_id"
    " WHERE i.tracking = 2 ORDER BY j.key, i.number", NULL);
  guint last = G_MAXUINT;
  int rc;

  if (dup == NULL)
    return FALSE;

  g_string_assign (json, "[");
  for (guint k = start; k < end; k++)
    {
      const PdgUnit *u = pdg_genealogy_get_node (g, g_array_index (serials, guint, k))->unit;

      g_string_append (json, k > start ? ",[" : "[");
      pdg_store_json_append_text (json, u->lot);
      g_string_append_printf (json, ",%" G_GINT64_FORMAT "]", u->item_id);
    }
  g_string_append_c (json, ']');

  sqlite3_bind_text (dup, 1, json->str, (int) json->len, SQLITE_STATIC);
  while ((rc = sqlite3_step (dup)) == SQLITE_ROW)
    {
      guint key = (guint) sqlite3_column_int (dup, 0);
      const PdgUnit *u;
      g_autofree char *k = NULL;

      if (key == last)   /* one warning per unit, naming the first other item */
        continue;
      last = key;
      u = pdg_genealogy_get_node (g, g_array_index (serials, guint, start + key))->unit;
      k = key_of (u);
      g_ptr_array_add (warnings, pdg_lint_warning_new (PDG_LINT_DUPLICATE_SERIAL, u->id,
        g_strdup_printf (_("Serial %s of %s also exists on item %s: one of them may have been scanned against the wrong item."),
                         u->lot, k, (const char *) sqlite3_column_text (dup, 1))));
    }
  sqlite3_reset (dup);
  return rc == SQLITE_DONE;
}

static gboolean
check_store (PdgStore            *store,
             const PdgGenealogy  *g,
             GPtrArray           *warnings,
             GError             **error)
{
  g_autoptr(GHashTable) orders_seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) serials = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) json = g_string_new (NULL);
  sqlite3_stmt *order = pdg_store_prepare_cached (store,
    "SELECT number, status FROM production_order WHERE id = ?", error);
  gboolean ok = FALSE;

  if (order == NULL)
    return FALSE;

  for (guint i = 0; i < g->nodes->len; i++)
    {
      const PdgUnit *u = pdg_genealogy_get_node (g, i)->unit;

      if (u->tracking == PDG_TRACKING_SERIAL)
        g_array_append_val (serials, i);

      if (u->order_id > 0 && !g_hash_table_contains (orders_seen, &u->order_id))
        {
          g_hash_table_add (orders_seen, g_memdup2 (&u->order_id, sizeof u->order_id));
          sqlite3_reset (order);
          sqlite3_bind_int64 (order, 1, u->order_id);
          if (sqlite3_step (order) == SQLITE_ROW &&
              sqlite3_column_int (order, 1) <= PDG_ORDER_STARTED)
            {
              g_autofree char *k = key_of (u);

              g_ptr_array_add (warnings, pdg_lint_warning_new (PDG_LINT_OPEN_REGISTRATION, u->id,
                g_strdup_printf (_("Order %s (which made %s) is still open: its component registrations may be incomplete."),
                                 (const char *) sqlite3_column_text (order, 0), k)));
            }
          sqlite3_reset (order);
        }
    }

  /* Duplicate serials after the orders: the warnings keep their order
   * within each check. */
  for (guint start = 0; start < serials->len; start += SERIAL_CHUNK)
    if (!check_serial_chunk (store, g, serials, start, MIN (start + SERIAL_CHUNK, serials->len), json, warnings))
      {
        pdg_store_set_error (store, error);
        goto out;
      }
  ok = TRUE;

out:
  sqlite3_reset (order);
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
