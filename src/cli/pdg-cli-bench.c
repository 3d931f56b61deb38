/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-cli-bench.c: `pedigree-cli bench DB`, the speed figures.
 *
 * Measures, warm cache, in one process:
 *   - backward trace of N random finished units (p50/p95), ours and a plain
 *     recursive CTE (`WITH RECURSIVE … UNION`) that reads the same units;
 *   - forward trace of the lot with the widest direct fan-out, both ways;
 *   - recall + FSMA export of that lot, against the CTE plus a join of every
 *     reached unit's events (what a hand-written report would do).
 * Prints figures only; it never fails because the machine is slow. */
#include "config.h"

#include <inttypes.h>

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "pdg-cli.h"
#include "pdg-recall.h"
#include "pdg-store-private.h"
#include "pdg-trace.h"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint i = (guint) (p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

/* The plain way: a recursive CTE for the node set, then every unit's row.
 * Returns the number of units read, or -1. */
static gint64
plain_trace (sqlite3      *db,
             gint64        root,
             gboolean      backward,
             gboolean      with_events)
{
  const char *sql_back =
    "WITH RECURSIVE reach (id) AS (SELECT ?1"
    "  UNION SELECT a.child_id FROM association a JOIN reach r ON a.parent_id = r.id)"
    " SELECT u.id, i.number, i.description, u.lot, u.quantity, u.on_hand, u.status, u.produced_on"
    " FROM reach JOIN unit u ON u.id = reach.id JOIN item i ON i.id = u.item_id";
  const char *sql_fwd =
    "WITH RECURSIVE reach (id) AS (SELECT ?1"
    "  UNION SELECT a.parent_id FROM association a JOIN reach r ON a.child_id = r.id)"
    " SELECT u.id, i.number, i.description, u.lot, u.quantity, u.on_hand, u.status, u.produced_on"
    " FROM reach JOIN unit u ON u.id = reach.id JOIN item i ON i.id = u.item_id";
  const char *sql_events =
    "WITH RECURSIVE reach (id) AS (SELECT ?1"
    "  UNION SELECT a.parent_id FROM association a JOIN reach r ON a.child_id = r.id)"
    " SELECT u.id, i.number, i.description, u.lot, u.quantity, e.kind, e.at, e.quantity, p.name, e.doc_ref"
    " FROM reach JOIN unit u ON u.id = reach.id JOIN item i ON i.id = u.item_id"
    " LEFT JOIN event e ON e.unit_id = u.id LEFT JOIN partner p ON p.id = e.partner_id"
    " ORDER BY e.at";
  sqlite3_stmt *stmt = NULL;
  gint64 rows = 0;
  int rc;

  if (sqlite3_prepare_v2 (db, with_events ? sql_events : backward ? sql_back : sql_fwd,
                          -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64 (stmt, 1, root);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* Read the values as a report would. */
      (void) sqlite3_column_text (stmt, 1);
      (void) sqlite3_column_text (stmt, 3);
      rows++;
    }
  sqlite3_finalize (stmt);

  return rc == SQLITE_DONE ? rows : -1;
}

/* Random produced units that nothing consumed and that have components. */
static GArray *
pick_finished (sqlite3 *db,
               guint    n,
               guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *max = NULL;
  sqlite3_stmt *probe = NULL;
  gint64 max_id = 0;

  sqlite3_prepare_v2 (db, "SELECT max(id) FROM unit", -1, &max, NULL);
  if (sqlite3_step (max) == SQLITE_ROW)
    max_id = sqlite3_column_int64 (max, 0);
  sqlite3_finalize (max);

  sqlite3_prepare_v2 (db,
    "SELECT 1 FROM unit u WHERE u.id = ?1 AND u.origin = 1"
    " AND NOT EXISTS (SELECT 1 FROM association WHERE child_id = ?1)"
    " AND EXISTS (SELECT 1 FROM association WHERE parent_id = ?1)", -1, &probe, NULL);

  for (guint tries = 0; max_id > 0 && ids->len < n && tries < n * 1000; tries++)
    {
      gint64 id = 1 + (gint64) (g_rand_double (rand) * max_id);

      sqlite3_reset (probe);
      sqlite3_bind_int64 (probe, 1, MIN (id, max_id));
      if (sqlite3_step (probe) == SQLITE_ROW)
        g_array_append_val (ids, id);
    }
  sqlite3_finalize (probe);

  return ids;
}

static gint64
widest_fanout (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  if (sqlite3_prepare_v2 (db,
        "SELECT a.child_id FROM association a INDEXED BY association_up"
        " JOIN unit u ON u.id = a.child_id WHERE u.origin = 0"
        " GROUP BY a.child_id ORDER BY count(*) DESC LIMIT 1", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return id;
}

static void
print_ratio (double ours,
             double plain)
{
  if (plain > 0)
    g_print (_("  ours/plain %.2f (%s)\n"), ours / plain,
             ours < plain ? _("ours faster") : _("plain faster"));
  else
    g_print ("\n");
}

int
pdg_cli_bench (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) finished = NULL;
  g_autoptr(GArray) ours_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *samples_arg = NULL;
  g_autofree char *lot_arg = NULL;
  g_autofree char *units_text = NULL;
  guint64 samples = 1000;
  sqlite3 *db;
  gint64 lot = 0;
  int rc;
  GOptionEntry entries[] = {
    { "samples", 'n', 0, G_OPTION_ARG_STRING, &samples_arg, N_("Random finished units for the backward trace (default 1000)"), "N" },
    { "lot", 'l', 0, G_OPTION_ARG_STRING, &lot_arg, N_("The lot for the forward trace and recall (default: the widest fan-out)"), "ID" },
    { NULL }
  };

  context = g_option_context_new (_("DB — measure trace and recall speed"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = pdg_cli_parse (context, &argc, &argv)) != PDG_CLI_OK)
    return rc;
  if (argc != 2)
    return pdg_cli_usage (context, _("bench needs exactly one database file"));
  if (samples_arg != NULL && !g_ascii_string_to_unsigned (samples_arg, 10, 1, 1000000, &samples, NULL))
    return pdg_cli_usage (context, _("--samples needs a whole number from 1 to 1000000"));

  store = pdg_cli_open_store (argv[1]);
  if (store == NULL)
    return PDG_CLI_FAILED;
  db = pdg_store_get_handle (store);
  pdg_store_exec (store, "PRAGMA cache_size = -1048576", NULL);

  units_text = pdg_format_count ((guint64) MAX (0, pdg_store_count_rows (store, "unit", NULL)));
  g_print (_("Database %s: %s units\n"), argv[1], units_text);

  /* Backward. */
  finished = pick_finished (db, (guint) samples, 42);
  if (finished->len == 0)
    return pdg_cli_fail (_("The database has no finished unit with components to trace."));

  for (int pass = 0; pass < 2; pass++)   /* pass 0 warms the cache */
    {
      for (guint i = 0; i < finished->len; i++)
        {
          gint64 id = g_array_index (finished, gint64, i);
          double t0 = now_ms (), t1, t2;
          g_autoptr(PdgGenealogy) g = pdg_trace (store, &id, 1, PDG_DIRECTION_BACKWARD, NULL, NULL, &error);

          if (g == NULL)
            return pdg_cli_fail ("%s", error->message);
          t1 = now_ms ();
          if (plain_trace (db, id, TRUE, FALSE) < 0)
            return pdg_cli_fail ("%s", sqlite3_errmsg (db));
          t2 = now_ms ();
          if (pass == 1)
            {
              double a = t1 - t0, b = t2 - t1;
              g_array_append_val (ours_ms, a);
              g_array_append_val (plain_ms, b);
            }
        }
    }
  g_array_sort (ours_ms, compare_doubles);
  g_array_sort (plain_ms, compare_doubles);
  g_print (_("Backward trace, %u random finished units: p50 %.3f ms, p95 %.3f ms; plain CTE p50 %.3f ms, p95 %.3f ms;"),
           finished->len, percentile (ours_ms, 0.5), percentile (ours_ms, 0.95),
           percentile (plain_ms, 0.5), percentile (plain_ms, 0.95));
  print_ratio (percentile (ours_ms, 0.95), percentile (plain_ms, 0.95));

  /* Forward. */
  if (lot_arg != NULL)
    {
      g_autoptr(PdgUnit) unit = pdg_store_resolve_unit (store, lot_arg, &error);

      if (unit == NULL)
        return pdg_cli_fail ("%s", error->message);
      lot = unit->id;
    }
  else
    lot = widest_fanout (db);
  if (lot == 0)
    return pdg_cli_fail (_("The database has no consumed purchased lot to trace forward."));

  {
    g_autoptr(PdgUnit) unit = pdg_store_get_unit (store, lot, &error);
    g_autofree char *key = unit ? pdg_unit_dup_key (unit) : NULL;
    g_autofree char *nodes = NULL;
    g_autoptr(PdgGenealogy) warm = pdg_trace (store, &lot, 1, PDG_DIRECTION_FORWARD, NULL, NULL, &error);
    g_autoptr(PdgGenealogy) g = NULL;
    gint64 plain_rows;
    double t0, t1, t2;

    if (warm == NULL)
      return pdg_cli_fail ("%s", error->message);
    plain_trace (db, lot, FALSE, FALSE);

    t0 = now_ms ();
    g = pdg_trace (store, &lot, 1, PDG_DIRECTION_FORWARD, NULL, NULL, &error);
    t1 = now_ms ();
    plain_rows = plain_trace (db, lot, FALSE, FALSE);
    t2 = now_ms ();
    if (g == NULL || plain_rows < 0)
      return pdg_cli_fail ("%s", error ? error->message : sqlite3_errmsg (db));

    nodes = pdg_format_count (pdg_genealogy_get_n_nodes (g));
    g_print (_("Forward trace of %s: %s units in %.3f s; plain CTE %" PRId64 " units in %.3f s;"),
             key, nodes, (t1 - t0) / 1000, plain_rows, (t2 - t1) / 1000);
    print_ratio (t1 - t0, t2 - t1);
  }

  /* Recall + FSMA. */
  {
    g_autoptr(PdgRecallQuery) q = pdg_recall_query_new_units (&lot, 1);
    g_autoptr(PdgRecall) r = NULL;
    g_autofree char *fsma = NULL;
    gint64 plain_rows;
    double t0, t1, t2;

    t0 = now_ms ();
    r = pdg_recall_run (store, q, NULL, &error);
    if (r != NULL)
      fsma = pdg_recall_to_fsma (store, r, &error);
    t1 = now_ms ();
    if (fsma == NULL)
      return pdg_cli_fail ("%s", error->message);
    plain_rows = plain_trace (db, lot, FALSE, TRUE);
    t2 = now_ms ();
    if (plain_rows < 0)
      return pdg_cli_fail ("%s", sqlite3_errmsg (db));

    g_print (_("Recall + FSMA export of that lot: %.3f s (%zu bytes of FSMA CSV); plain CTE + event join %.3f s;"),
             (t1 - t0) / 1000, strlen (fsma), (t2 - t1) / 1000);
    print_ratio (t1 - t0, t2 - t1);
    g_print ("%s\n", r->summary);
  }

  return PDG_CLI_OK;
}
