/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-trace.c: backward (as-built) and forward (where-used) traversal.
 *
 * Breadth first, level by level: a whole level (up to WALK_CHUNK units at a
 * time) is expanded by one statement that joins the level's ids, passed as a
 * JSON array to json_each(), to the index of its direction
 * (association_down_cover for backward, association_up for forward; both
 * cover the row, so a link costs no table lookup). A forward trace of 600k
 * units is then a few hundred statement executions instead of 600k. A unit
 * reached twice (a shared lot in a DAG) keeps its first node and gains an
 * edge; a unit already seen is never expanded again, which also makes the
 * walk safe on a (corrupt) cycle. Ids come first, unit values are read
 * afterwards in one pass.
 *
 * The walk is one read transaction (a consistent snapshot, one lock).
 *
 * Determinism: roots are sorted by id, each level is expanded in unit id
 * order and each unit's neighbours come back in id order, so the same data
 * always gives the same node order. */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "pdg-store-private.h"
#include "pdg-trace.h"

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Whether a unit has any neighbour in the direction (for the depth cap). */
static gboolean
has_neighbour (sqlite3_stmt *stmt,
               gint64        unit_id)
{
  gboolean found;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, unit_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* The name for an id from a small cache filled by a one-column statement
 * (location, partner, order number), interned in the genealogy. NULL for
 * id 0 or unknown. */
static const char *
cached_name (PdgGenealogy *g,
             GHashTable   *cache,
             sqlite3_stmt *stmt,
             gint64        id)
{
  const char *name;

  if (id <= 0)
    return NULL;
  if (!g_hash_table_lookup_extended (cache, &id, NULL, (gpointer *) &name))
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, id);
      name = sqlite3_step (stmt) == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : NULL;
      name = pdg_genealogy_intern (g, name != NULL && *name ? name : NULL, TRUE);
      g_hash_table_insert (cache, g_memdup2 (&id, sizeof id), (char *) name);
    }
  return name;
}

/* An item's text, interned once per trace (a genealogy has many units of
 * few items). */
typedef struct
{
  gint64       id;
  const char  *number;
  const char  *description;
  const char  *uom;
  PdgTracking  tracking;
} ItemText;

/* The item of the current row of stmt (columns first..first+3: number,
 * description, uom, tracking), interned once per trace. */
static const ItemText *
row_item (PdgGenealogy *g,
          GHashTable   *cache,
          sqlite3_stmt *stmt,
          gint64        item_id,
          int           first)
{
  ItemText *text = g_hash_table_lookup (cache, &item_id);

  if (text == NULL)
    {
      text = g_new (ItemText, 1);
      text->id = item_id;
      text->number = pdg_genealogy_intern (g, (const char *) sqlite3_column_text (stmt, first), TRUE);
      text->description = pdg_genealogy_intern (g, (const char *) sqlite3_column_text (stmt, first + 1), TRUE);
      text->uom = pdg_genealogy_intern (g, (const char *) sqlite3_column_text (stmt, first + 2), TRUE);
      text->tracking = (PdgTracking) sqlite3_column_int (stmt, first + 3);
      g_hash_table_insert (cache, &text->id, text);
    }
  return text;
}

/* The location name of the current row of stmt (column col), interned once
 * per trace; NULL for no location. */
static const char *
row_location (PdgGenealogy *g,
              GHashTable   *cache,
              sqlite3_stmt *stmt,
              gint64        location_id,
              int           col)
{
  const char *name;

  if (location_id <= 0)
    return NULL;
  if (!g_hash_table_lookup_extended (cache, &location_id, NULL, (gpointer *) &name))
    {
      name = (const char *) sqlite3_column_text (stmt, col);
      name = pdg_genealogy_intern (g, name != NULL && *name ? name : NULL, TRUE);
      g_hash_table_insert (cache, g_memdup2 (&location_id, sizeof location_id), (char *) name);
    }
  return name;
}

/* Moves the events gathered for node (if any) into its own array, made to
 * size (or appended, should its rows not have come together); the events
 * themselves live in the genealogy. */
static void
take_events (PdgGenealogyNode *node,
             GPtrArray        *pending)
{
  if (node == NULL || pending->len == 0)
    return;
  if (node->events == NULL)
    node->events = g_ptr_array_sized_new (pending->len);
  g_ptr_array_extend (node->events, pending, NULL, NULL);
  g_ptr_array_set_size (pending, 0);
}

/* A node's events in time order (then by id); already so when the rows
 * came in event_unit index order, which is checked rather than assumed. */
static void
sort_events (PdgGenealogyNode *node)
{
  for (guint i = 1; i < node->events->len; i++)
    if (pdg_event_compare_time (&node->events->pdata[i - 1], &node->events->pdata[i]) > 0)
      {
        g_ptr_array_sort (node->events, pdg_event_compare_time);
        return;
      }
}

#define FILL_CHUNK 8192
#define WALK_CHUNK 8192

/* Reads every node's unit (and events) into the genealogy.
 *
 * Units are read a chunk of ids at a time (json_each joined to the unit
 * table by rowid) and events likewise through the event_unit index; item,
 * location, partner and order names come from caches (a genealogy has many
 * units of few items and partners). A 100k-unit forward trace is then a few
 * dozen statement executions rather than 200k. */
static gboolean
fill_nodes (PdgStore      *store,
            PdgGenealogy  *g,
            gboolean       with_events,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GHashTable) items = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), MIN (g->nodes->len, FILL_CHUNK));
  GHashTable *names[3] = { NULL, };        /* location, partner, order number */
  sqlite3_stmt *lookups[3] = { NULL, };
  sqlite3_stmt *rows = NULL;
  sqlite3_stmt *events = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();
  PdgGenealogyNode *node = NULL;
  const ItemText *item = NULL;
  gboolean ok = FALSE;

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    names[k] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* Statements from the store's cache: a small backward trace would
   * otherwise spend most of its time preparing them. */
  if ((rows = pdg_store_prepare_cached (store,
        "SELECT j.key, u.item_id, u.lot, u.quantity, u.on_hand, u.status, u.origin, u.produced_on,"
        " u.expires_on, u.order_id, u.location_id, i.number, i.description, i.uom, i.tracking, l.name"
        " FROM json_each (?1) AS j CROSS JOIN unit AS u ON u.id = j.value"
        " CROSS JOIN item AS i ON i.id = u.item_id LEFT JOIN location AS l ON l.id = u.location_id", error)) == NULL ||
      (events = pdg_store_prepare_cached (store,
        "SELECT j.key, e.id, e.kind, e.at, e.quantity, e.location_id, e.partner_id, e.order_id,"
        " e.doc_type, e.doc_ref, e.note"
        " FROM json_each (?1) AS j CROSS JOIN event AS e INDEXED BY event_unit ON e.unit_id = j.value",
        error)) == NULL ||
      (lookups[0] = pdg_store_prepare_cached (store, "SELECT name FROM location WHERE id = ?", error)) == NULL ||
      (lookups[1] = pdg_store_prepare_cached (store, "SELECT name FROM partner WHERE id = ?", error)) == NULL ||
      (lookups[2] = pdg_store_prepare_cached (store, "SELECT number FROM production_order WHERE id = ?", error)) == NULL)
    goto out;

  for (guint start = 0; start < g->nodes->len; start += FILL_CHUNK)
    {
      guint end = MIN (start + FILL_CHUNK, g->nodes->len);
      int rc;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      g_array_set_size (ids, 0);
      for (guint i = start; i < end; i++)
        g_array_append_val (ids, pdg_genealogy_get_node (g, i)->unit->id);
      pdg_store_json_ids (json, (const gint64 *) ids->data, ids->len);
      sqlite3_reset (rows);
      sqlite3_bind_text (rows, 1, json->str, (int) json->len, SQLITE_STATIC);
      while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
        {
          PdgUnit *u = pdg_genealogy_get_node (g, start + (guint) sqlite3_column_int (rows, 0))->unit;

          u->item_id = sqlite3_column_int64 (rows, 1);
          u->lot = (char *) pdg_genealogy_intern (g, (const char *) sqlite3_column_text (rows, 2), FALSE);
          u->quantity = sqlite3_column_double (rows, 3);
          u->on_hand = sqlite3_column_double (rows, 4);
          u->status = (PdgUnitStatus) sqlite3_column_int (rows, 5);
          u->origin = (PdgOrigin) sqlite3_column_int (rows, 6);
          u->produced_on = (char *) pdg_genealogy_intern (g, (const char *) sqlite3_column_text (rows, 7), TRUE);
          u->expires_on = (char *) pdg_genealogy_intern (g, (const char *) sqlite3_column_text (rows, 8), TRUE);
          u->order_id = sqlite3_column_int64 (rows, 9);
          u->location_id = sqlite3_column_int64 (rows, 10);

          /* Neighbouring units are mostly of one item. */
          if (item == NULL || item->id != u->item_id)
            item = row_item (g, items, rows, u->item_id, 11);
          u->item_number = (char *) item->number;
          u->item_description = (char *) item->description;
          u->uom = (char *) item->uom;
          u->tracking = item->tracking;
          u->location = (char *) row_location (g, names[0], rows, u->location_id, 15);
        }
      if (rc != SQLITE_DONE)
        {
          pdg_store_set_error (store, error);
          goto out;
        }

      /* A unit the chunk did not find does not exist (an unknown root). */
      for (guint i = start; i < end; i++)
        {
          PdgUnit *u = pdg_genealogy_get_node (g, i)->unit;

          if (u->lot == NULL)
            {
              g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                           _("There is no unit with id %" PRId64 "."), u->id);
              goto out;
            }
        }

      if (!with_events)
        continue;

      sqlite3_reset (events);
      sqlite3_bind_text (events, 1, json->str, (int) json->len, SQLITE_STATIC);
      node = NULL;
      while ((rc = sqlite3_step (events)) == SQLITE_ROW)
        {
          PdgGenealogyNode *row_node = pdg_genealogy_get_node (g, start + (guint) sqlite3_column_int (events, 0));
          PdgEvent *e;

          /* Rows come node by node: each node's array is made to size. */
          if (row_node != node)
            {
              take_events (node, pending);
              node = row_node;
            }
          e = pdg_genealogy_new_event (g);
          g_ptr_array_add (pending, e);

          e->unit_id = node->unit->id;
          e->id = sqlite3_column_int64 (events, 1);
          e->kind = (PdgEventKind) sqlite3_column_int (events, 2);
          e->at = sqlite3_column_int64 (events, 3);
          e->quantity = sqlite3_column_double (events, 4);
          e->location_id = sqlite3_column_int64 (events, 5);
          e->partner_id = sqlite3_column_int64 (events, 6);
          e->order_id = sqlite3_column_int64 (events, 7);
          e->doc_type = (char *) pdg_genealogy_intern (g, (const char *) sqlite3_column_text (events, 8), TRUE);
          e->doc_ref = (char *) pdg_genealogy_intern (g, (const char *) sqlite3_column_text (events, 9), FALSE);
          e->note = (char *) pdg_genealogy_intern (g, (const char *) sqlite3_column_text (events, 10), TRUE);
          e->location = (char *) cached_name (g, names[0], lookups[0], e->location_id);
          e->partner = (char *) cached_name (g, names[1], lookups[1], e->partner_id);
          e->order_number = (char *) cached_name (g, names[2], lookups[2], e->order_id);
        }
      take_events (node, pending);
      for (guint i = start; i < end; i++)
        {
          PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);

          if (n->events == NULL)
            n->events = g_ptr_array_new ();   /* asked for, and none */
          else
            sort_events (n);
        }
      if (rc != SQLITE_DONE)
        {
          pdg_store_set_error (store, error);
          goto out;
        }
    }
  ok = TRUE;

out:
  sqlite3_reset (rows);
  sqlite3_reset (events);
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      sqlite3_reset (lookups[k]);
      g_hash_table_unref (names[k]);
    }
  return ok;
}

/* Expands one level: every unit of frontier gains its neighbours as edges,
 * and the neighbours not seen yet become nodes of level + 1 (in next). */
static gboolean
expand_level (PdgStore               *store,
              PdgGenealogy           *g,
              sqlite3_stmt           *step,
              const GArray           *frontier,
              guint                   level,
              const PdgTraceOptions  *options,
              GArray                 *next,
              GString                *json,
              GError                **error)
{
  PdgNodeRole role = g->direction == PDG_DIRECTION_BACKWARD ? PDG_NODE_COMPONENT : PDG_NODE_CONSUMER;

  for (guint start = 0; start < frontier->len; start += WALK_CHUNK)
    {
      guint n = MIN (WALK_CHUNK, frontier->len - start);
      const gint64 *chunk = &g_array_index (frontier, gint64, start);
      guint last_key = G_MAXUINT;
      guint here = 0;
      int rc;

      pdg_store_json_ids (json, chunk, n);
      sqlite3_reset (step);
      sqlite3_bind_text (step, 1, json->str, (int) json->len, SQLITE_STATIC);
      /* Rows come in chunk order, and each unit's neighbours in id order
       * (the index's order): the walk is deterministic. */
      while ((rc = sqlite3_step (step)) == SQLITE_ROW)
        {
          guint key = (guint) sqlite3_column_int (step, 0);
          gint64 other = sqlite3_column_int64 (step, 1);
          double quantity = sqlite3_column_double (step, 2);
          gint64 order_id = sqlite3_column_int64 (step, 3);
          guint there;

          if (key != last_key)
            {
              pdg_genealogy_lookup (g, chunk[key], &here);
              last_key = key;
            }
          if (!pdg_genealogy_lookup (g, other, &there))
            {
              if (options->max_nodes > 0 && g->nodes->len >= options->max_nodes)
                {
                  pdg_genealogy_get_node (g, here)->truncated = TRUE;
                  g->node_capped = TRUE;
                  continue;
                }
              there = pdg_genealogy_add_node (g, other, level + 1, role);
              g_array_append_val (next, other);
            }

          if (g->direction == PDG_DIRECTION_BACKWARD)
            pdg_genealogy_add_edge (g, here, there, quantity, order_id);
          else
            pdg_genealogy_add_edge (g, there, here, quantity, order_id);
        }
      sqlite3_reset (step);
      if (rc != SQLITE_DONE)
        {
          pdg_store_set_error (store, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* A backward trace in one statement.
 *
 * Backward traces are small (tens of units) and most of their time went to
 * statement overhead: one per level plus one for the unit rows. Here a
 * single recursive CTE (UNION ALL: no temporary index for deduplication)
 * returns every link with the unit it reaches, joined to its unit, item and
 * location; the genealogy is then built in C by the same breadth-first walk
 * as the level-by-level path, so the result is identical. A shared
 * component is returned once per path, which is fine for a bill of
 * materials; when a DAG is wide enough to return more than CTE_MAX_ROWS
 * rows, or a (corrupt) cycle reaches CTE_MAX_DEPTH, the caller falls back to
 * the level walk. (The LIMIT sits inside the CTE: only there does it stop
 * the recursion itself.)
 *
 * A top unit (components, no consumer: a finished product) needs no walk
 * at all: the store's genealogy closure holds every link below it, one
 * index range, and the same C walk builds the genealogy from those rows.
 * Any other root (a component, a lot) falls back to the recursive
 * statement. */
#define CTE_MAX_ROWS  100000
#define CTE_MAX_DEPTH 63

typedef struct
{
  gint64 parent;
  gint64 child;
  double quantity;
  gint64 order_id;
} Link;

static int
compare_links (gconstpointer a,
               gconstpointer b)
{
  const Link *x = a;
  const Link *y = b;

  if (x->parent != y->parent)
    return x->parent < y->parent ? -1 : 1;
  return x->child < y->child ? -1 : x->child > y->child;
}

/* How a backward trace is read: from the genealogy closure, by one
 * recursive statement, or level by level. */
typedef enum
{
  WALK_CLOSURE,
  WALK_CTE,
  WALK_LEVELS,
} Walk;

#define WALK_UNIT_COLUMNS \
  "  u.item_id, u.lot, u.quantity, u.on_hand, u.status, u.origin, u.produced_on, u.expires_on," \
  "  u.order_id, u.location_id, i.number, i.description, i.uom, i.tracking, l.name"
#define WALK_UNIT_FROM \
  " JOIN unit AS u ON u.id = w.id JOIN item AS i ON i.id = u.item_id" \
  " LEFT JOIN location AS l ON l.id = u.location_id"

/* Returns TRUE with g built; FALSE with *fallback set to the next way
 * when this one cannot do it (@walk is WALK_CLOSURE and a root has no
 * closure: it has no components or is itself a component; too many rows;
 * too deep); FALSE with @error on a database error or an unknown root. */
static gboolean
walk_backward_in_one (PdgStore      *store,
                   PdgGenealogy  *g,
                   GArray        *frontier,
                   Walk           walk,
                   Walk          *fallback,
                   GError       **error)
{
  /* The closure's rows of the roots are the links below them and one
   * marker row per root (parent 0), which stands for the root itself. */
  sqlite3_stmt *stmt = walk == WALK_CLOSURE ?
    pdg_store_prepare_cached (store,
      "SELECT w.id, w.parent, w.quantity, w.order_id, 0," WALK_UNIT_COLUMNS
      " FROM (SELECT c.child_id AS id, nullif (c.parent_id, 0) AS parent, c.quantity, c.order_id"
      "   FROM json_each (?1) AS j CROSS JOIN genealogy_closure AS c ON c.root_id = j.value) AS w"
      WALK_UNIT_FROM, error) :
    pdg_store_prepare_cached (store,
      "WITH RECURSIVE walk (id, parent, quantity, order_id, depth) AS ("
      "  SELECT value, NULL, NULL, NULL, 0 FROM json_each (?1)"
      "  UNION ALL SELECT a.child_id, a.parent_id, a.quantity, a.order_id, w.depth + 1"
      "  FROM walk AS w JOIN association AS a INDEXED BY association_down_cover ON a.parent_id = w.id"
      "  WHERE w.depth < 63 LIMIT 100001)"
      " SELECT w.id, w.parent, w.quantity, w.order_id, w.depth," WALK_UNIT_COLUMNS
      " FROM walk AS w" WALK_UNIT_FROM, error);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (Link));
  g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (PdgUnit));
  g_autoptr(GHashTable) unit_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) items = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GHashTable) locations = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) ranges = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, NULL);
  g_autoptr(GArray) next = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_rows = 0;
  guint n_roots = 0;
  guint level = 0;
  int rc;

  *fallback = WALK_LEVELS;
  if (stmt == NULL)
    return FALSE;

  G_STATIC_ASSERT (CTE_MAX_DEPTH == 63 && CTE_MAX_ROWS == 100000);   /* as in the SQL */

  pdg_store_json_ids (json, (const gint64 *) frontier->data, frontier->len);
  sqlite3_bind_text (stmt, 1, json->str, (int) json->len, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (++n_rows > CTE_MAX_ROWS || sqlite3_column_int (stmt, 4) >= CTE_MAX_DEPTH)
        {
          sqlite3_reset (stmt);
          *fallback = WALK_LEVELS;
          return FALSE;
        }
      if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        n_roots++;
      else
        {
          Link link = { sqlite3_column_int64 (stmt, 1), id, sqlite3_column_double (stmt, 2),
                        sqlite3_column_int64 (stmt, 3) };

          g_array_append_val (links, link);
        }
      if (!g_hash_table_contains (unit_index, &id))
        {
          PdgUnit u = { 0 };
          const ItemText *item;

          u.id = id;
          u.item_id = sqlite3_column_int64 (stmt, 5);
          u.lot = (char *) pdg_genealogy_intern (g, (const char *) sqlite3_column_text (stmt, 6), FALSE);
          u.quantity = sqlite3_column_double (stmt, 7);
          u.on_hand = sqlite3_column_double (stmt, 8);
          u.status = (PdgUnitStatus) sqlite3_column_int (stmt, 9);
          u.origin = (PdgOrigin) sqlite3_column_int (stmt, 10);
          u.produced_on = (char *) pdg_genealogy_intern (g, (const char *) sqlite3_column_text (stmt, 11), TRUE);
          u.expires_on = (char *) pdg_genealogy_intern (g, (const char *) sqlite3_column_text (stmt, 12), TRUE);
          u.order_id = sqlite3_column_int64 (stmt, 13);
          u.location_id = sqlite3_column_int64 (stmt, 14);
          item = row_item (g, items, stmt, u.item_id, 15);
          u.item_number = (char *) item->number;
          u.item_description = (char *) item->description;
          u.uom = (char *) item->uom;
          u.tracking = item->tracking;
          u.location = (char *) row_location (g, locations, stmt, u.location_id, 19);
          g_array_append_val (units, u);
          g_hash_table_insert (unit_index, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (units->len));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pdg_store_set_error (store, error);
      return FALSE;
    }
  if (walk == WALK_CLOSURE && n_roots != frontier->len)
    {
      *fallback = WALK_CTE;
      return FALSE;
    }

  /* Links by parent, then child; one per pair (a DAG returns some twice). */
  g_array_sort (links, compare_links);
  {
    guint kept = 0;

    for (guint i = 0; i < links->len; i++)
      {
        Link *l = &g_array_index (links, Link, i);

        if (kept > 0 && compare_links (l, &g_array_index (links, Link, kept - 1)) == 0)
          continue;
        g_array_index (links, Link, kept++) = *l;
      }
    g_array_set_size (links, kept);
  }
  for (guint i = 0; i < links->len; i++)
    {
      const Link *l = &g_array_index (links, Link, i);

      if (!g_hash_table_contains (ranges, &l->parent))
        g_hash_table_insert (ranges, (gpointer) &l->parent, GUINT_TO_POINTER (i + 1));
    }

  /* The same breadth-first walk as expand_level(). */
  while (frontier->len > 0)
    {
      g_array_set_size (next, 0);
      for (guint f = 0; f < frontier->len; f++)
        {
          gint64 id = g_array_index (frontier, gint64, f);
          guint start = GPOINTER_TO_UINT (g_hash_table_lookup (ranges, &id));
          guint here;

          if (start == 0)
            continue;
          pdg_genealogy_lookup (g, id, &here);
          for (guint i = start - 1; i < links->len && g_array_index (links, Link, i).parent == id; i++)
            {
              const Link *l = &g_array_index (links, Link, i);
              guint there;

              if (!pdg_genealogy_lookup (g, l->child, &there))
                {
                  there = pdg_genealogy_add_node (g, l->child, level + 1, PDG_NODE_COMPONENT);
                  g_array_append_val (next, l->child);
                }
              pdg_genealogy_add_edge (g, here, there, l->quantity, l->order_id);
            }
        }
      g_array_sort (next, compare_ids);
      g_array_set_size (frontier, 0);
      g_array_append_vals (frontier, next->data, next->len);
      level++;
    }

  /* Unit values; a root the CTE did not find does not exist. */
  for (guint i = 0; i < g->nodes->len; i++)
    {
      PdgUnit *u = pdg_genealogy_get_node (g, i)->unit;
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (unit_index, &u->id));

      if (index == 0)
        {
          g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                       _("There is no unit with id %" PRId64 "."), u->id);
          return FALSE;
        }
      *u = g_array_index (units, PdgUnit, index - 1);
    }
  return TRUE;
}

/**
 * pdg_trace:
 * @roots: the units to start from (unknown ids are an error)
 * @direction: backward (components) or forward (consumers)
 * @options: (nullable): caps and extras
 *
 * Returns: (transfer full): the genealogy, or NULL with @error set.
 */
PdgGenealogy *
pdg_trace (PdgStore               *store,
           const gint64           *roots,
           guint                   n_roots,
           PdgDirection            direction,
           const PdgTraceOptions  *options,
           GCancellable           *cancellable,
           GError                **error)
{
  static const PdgTraceOptions defaults = { 0 };
  g_autoptr(PdgGenealogy) g = NULL;
  g_autoptr(GArray) frontier = NULL;
  g_autoptr(GArray) next = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  sqlite3_stmt *step = NULL;
  sqlite3_stmt *probe = NULL;
  gboolean ok = FALSE;
  guint level = 0;

  g_return_val_if_fail (PDG_IS_STORE (store), NULL);
  g_return_val_if_fail (roots != NULL || n_roots == 0, NULL);

  if (options == NULL)
    options = &defaults;

  if (n_roots == 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("Choose at least one unit to trace from."));
      return NULL;
    }

  /* One read transaction: one snapshot for the whole walk, and one lock
   * instead of one per statement. */
  if (!pdg_store_begin (store, error))
    return NULL;

  g = pdg_genealogy_new (direction);
  frontier = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_roots);
  next = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_vals (frontier, roots, n_roots);
  g_array_sort (frontier, compare_ids);
  for (guint i = 0; i < frontier->len; i++)
    {
      gint64 id = g_array_index (frontier, gint64, i);

      if (pdg_genealogy_lookup (g, id, NULL))
        {
          g_array_remove_index (frontier, i--);
          continue;
        }
      pdg_genealogy_add_node (g, id, 0, PDG_NODE_ROOT);
    }

  /* Small backward traces: one statement (see walk_backward_in_one()). */
  if (direction == PDG_DIRECTION_BACKWARD && options->max_depth == 0 &&
      options->max_nodes == 0 && !options->with_events)
    {
      Walk walk = WALK_CLOSURE;

      while (walk != WALK_LEVELS)
        {
          g_autoptr(GArray) roots_copy = g_array_copy (frontier);
          g_autoptr(GError) local_error = NULL;
          Walk fallback = WALK_LEVELS;

          if (walk_backward_in_one (store, g, roots_copy, walk, &fallback, &local_error))
            {
              pdg_genealogy_sort_edges (g);
              ok = TRUE;
              goto out;
            }
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto out;
            }
          walk = fallback;
        }

      /* Start again with the level walk. */
      g_clear_pointer (&g, pdg_genealogy_unref);
      g = pdg_genealogy_new (direction);
      for (guint i = 0; i < frontier->len; i++)
        pdg_genealogy_add_node (g, g_array_index (frontier, gint64, i), 0, PDG_NODE_ROOT);
    }

  if (direction == PDG_DIRECTION_BACKWARD)
    {
      step = pdg_store_prepare_cached (store,
        "SELECT j.key, a.child_id, a.quantity, a.order_id"
        " FROM json_each (?1) AS j CROSS JOIN association AS a INDEXED BY association_down_cover"
        " ON a.parent_id = j.value", error);
      probe = step ? pdg_store_prepare_cached (store,
        "SELECT 1 FROM association WHERE parent_id = ? LIMIT 1", error) : NULL;
    }
  else
    {
      step = pdg_store_prepare_cached (store,
        "SELECT j.key, a.parent_id, a.quantity, a.order_id"
        " FROM json_each (?1) AS j CROSS JOIN association AS a INDEXED BY association_up"
        " ON a.child_id = j.value", error);
      probe = step ? pdg_store_prepare_cached (store,
        "SELECT 1 FROM association WHERE child_id = ? LIMIT 1", error) : NULL;
    }
  if (probe == NULL)
    goto out;

  while (frontier->len > 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      if (options->max_depth > 0 && level == options->max_depth)
        {
          for (guint i = 0; i < frontier->len; i++)
            {
              gint64 id = g_array_index (frontier, gint64, i);

              if (has_neighbour (probe, id))
                {
                  guint index;

                  pdg_genealogy_lookup (g, id, &index);
                  pdg_genealogy_get_node (g, index)->truncated = TRUE;
                  g->depth_capped = TRUE;
                }
            }
          break;
        }

      g_array_set_size (next, 0);
      if (!expand_level (store, g, step, frontier, level, options, next, json, error))
        goto out;

      g_array_sort (next, compare_ids);
      {
        GArray *swap = frontier;
        frontier = next;
        next = swap;
      }
      level++;
    }

  /* Roots must exist: fill_nodes() reports an unknown one by id. */
  if (!fill_nodes (store, g, options->with_events, cancellable, error))
    goto out;

  pdg_genealogy_sort_edges (g);
  ok = TRUE;

out:
  if (step != NULL)
    sqlite3_reset (step);
  if (probe != NULL)
    sqlite3_reset (probe);
  pdg_store_rollback (store);   /* nothing was written */

  return ok ? g_steal_pointer (&g) : NULL;
}
