/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-cli-bench.c: `pedigree-cli bench DB`, the speed figures.
 *
 * Measures, warm cache, in one process:
 *   - backward trace of N random finished units (p50/p95), ours and a plain
 *     recursive CTE (`WITH RECURSIVE … UNION`) that reads the same units;
 *   - forward trace of the lot with the widest direct fan-out, both ways;
 *   - recall + FSMA export of that lot written to a file, against one SQL
 *     query (the CTE joined to events, inputs and names, sorted by SQL)
 *     written as the same CSV (what a hand-written report would do); the
 *     two files are compared byte for byte;
 *   - the genealogy closure's upkeep under that lot: a link added, changed
 *     and removed, rolled back.
 * Prints figures only; it never fails because the machine is slow. */
#include "config.h"

#include <inttypes.h>

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pdg-cli.h"
#include "pdg-export.h"
#include "pdg-gs1.h"
#include "pdg-layout.h"
#include "pdg-register.h"
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

/* The plain way: one recursive CTE over the links, so that, like ours, it
 * yields every reached unit with the link (and quantity) it was reached by,
 * joined to its unit and item rows. UNION drops repeated rows, which keeps
 * it finite on a DAG. Returns the number of distinct units read, or -1. */
static gint64
plain_trace (sqlite3      *db,
             gint64        root,
             gboolean      backward)
{
  const char *sql_back =
    "WITH RECURSIVE walk (id, other, quantity, order_id) AS (SELECT ?1, NULL, NULL, NULL"
    "  UNION SELECT a.child_id, a.parent_id, a.quantity, a.order_id"
    "  FROM association a JOIN walk w ON a.parent_id = w.id)"
    " SELECT w.id, w.other, w.quantity, w.order_id, i.number, i.description, u.lot, u.quantity,"
    "  u.on_hand, u.status, u.produced_on"
    " FROM walk w JOIN unit u ON u.id = w.id JOIN item i ON i.id = u.item_id";
  const char *sql_fwd =
    "WITH RECURSIVE walk (id, other, quantity, order_id) AS (SELECT ?1, NULL, NULL, NULL"
    "  UNION SELECT a.parent_id, a.child_id, a.quantity, a.order_id"
    "  FROM association a JOIN walk w ON a.child_id = w.id)"
    " SELECT w.id, w.other, w.quantity, w.order_id, i.number, i.description, u.lot, u.quantity,"
    "  u.on_hand, u.status, u.produced_on"
    " FROM walk w JOIN unit u ON u.id = w.id JOIN item i ON i.id = u.item_id";
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, backward ? sql_back : sql_fwd,
                          -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64 (stmt, 1, root);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      /* Read the values as a report would. */
      (void) sqlite3_column_text (stmt, 4);
      (void) sqlite3_column_text (stmt, 6);
      if (!g_hash_table_contains (seen, &id))
        g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
    }
  sqlite3_finalize (stmt);

  return rc == SQLITE_DONE ? (gint64) g_hash_table_size (seen) : -1;
}

static void
plain_quantity (GString *out,
                double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

/* The FSMA sheet the plain way: one query (the recursive CTE, every reached
 * unit's receiving, transformation and shipping events, each
 * transformation's inputs, names joined in, sorted by SQL), each row written
 * as CSV to file. Returns the number of rows, or -1. */
static gint64
plain_fsma (sqlite3    *db,
            gint64      root,
            const char *file)
{
  const char *sql =
    "WITH RECURSIVE reach (id) AS (SELECT ?1"
    "  UNION SELECT a.parent_id FROM association a JOIN reach r ON a.child_id = r.id)"
    " SELECT e.id, e.kind, i.number || '/' || u.lot, i.description,"
    "  CASE WHEN e.quantity > 0 THEN e.quantity ELSE u.quantity END, i.uom, l.name,"
    "  date (e.at, 'unixepoch'), e.doc_type, e.doc_ref, p.name,"
    "  ci.number || '/' || cu.lot, ci.description, a.quantity, ci.uom"
    " FROM reach JOIN unit u ON u.id = reach.id JOIN item i ON i.id = u.item_id"
    " JOIN event e ON e.unit_id = u.id AND e.kind IN (0, 1, 4)"
    " LEFT JOIN location l ON l.id = e.location_id LEFT JOIN partner p ON p.id = e.partner_id"
    " LEFT JOIN association a ON e.kind = 1 AND a.parent_id = u.id"
    " LEFT JOIN unit cu ON cu.id = a.child_id LEFT JOIN item ci ON ci.id = cu.item_id"
    " ORDER BY e.at, e.id, a.child_id";
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  FILE *f;
  gint64 rows = 0;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  f = fopen (file, "wb");
  if (f == NULL)
    {
      sqlite3_finalize (stmt);
      return -1;
    }
  fputs ("event_id,cte,traceability_lot_code,product_description,quantity,uom,"
         "location,date,reference_document_type,reference_document_number,"
         "ship_from,ship_to,source,input_lot_code,input_description,"
         "input_quantity,input_uom\r\n", f);
  sqlite3_bind_int64 (stmt, 1, root);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int kind = sqlite3_column_int (stmt, 1);
      const char *location = (const char *) sqlite3_column_text (stmt, 6);
      const char *partner = (const char *) sqlite3_column_text (stmt, 10);

      g_string_printf (out, "E%" G_GINT64_FORMAT ",%s,", (gint64) sqlite3_column_int64 (stmt, 0),
                       kind == 0 ? "receiving" : kind == 4 ? "shipping" : "transformation");
      pdg_export_csv_field (out, (const char *) sqlite3_column_text (stmt, 2));
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, (const char *) sqlite3_column_text (stmt, 3));
      g_string_append_c (out, ',');
      plain_quantity (out, sqlite3_column_double (stmt, 4));
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, (const char *) sqlite3_column_text (stmt, 5));
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, location);
      g_string_append_printf (out, ",%s,", sqlite3_column_text (stmt, 7));
      pdg_export_csv_field (out, (const char *) sqlite3_column_text (stmt, 8));
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, (const char *) sqlite3_column_text (stmt, 9));
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, kind == 0 ? partner : kind == 4 ? location : NULL);
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, kind == 0 ? location : kind == 4 ? partner : NULL);
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, kind == 0 ? partner : NULL);
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, (const char *) sqlite3_column_text (stmt, 11));
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, (const char *) sqlite3_column_text (stmt, 12));
      g_string_append_c (out, ',');
      if (sqlite3_column_type (stmt, 13) != SQLITE_NULL)
        plain_quantity (out, sqlite3_column_double (stmt, 13));
      g_string_append_c (out, ',');
      pdg_export_csv_field (out, (const char *) sqlite3_column_text (stmt, 14));
      g_string_append (out, "\r\n");
      fwrite (out->str, 1, out->len, f);
      rows++;
    }
  sqlite3_finalize (stmt);
  if (fclose (f) != 0)
    return -1;

  return rc == SQLITE_DONE ? rows : -1;
}

/* A file's SHA-256, to show both ways wrote the same sheet. */
static char *
file_digest (const char *file)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (file, FALSE, NULL);

  if (mapped == NULL)
    return g_strdup ("?");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *) g_mapped_file_get_contents (mapped),
                                      g_mapped_file_get_length (mapped));
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

/* What the genealogy closure costs on write at its worst: a link added
 * under @lot (every top unit above it gains a row), its quantity changed,
 * and the link removed, each timed, all rolled back. */
static gboolean
bench_closure_upkeep (sqlite3    *db,
                      gint64      lot,
                      const char *key)
{
  static const char * const steps[] = {
    "INSERT INTO association (parent_id, child_id, quantity, created_by, created_at)"
    " SELECT ?1, max (id), 1, 'bench', 0 FROM unit",
    "UPDATE association SET quantity = 2 WHERE parent_id = ?1 AND child_id = (SELECT max (id) FROM unit)",
    "DELETE FROM association WHERE parent_id = ?1 AND child_id = (SELECT max (id) FROM unit)",
  };
  double ms[G_N_ELEMENTS (steps)];
  sqlite3_stmt *stmt = NULL;
  gint64 tops = 0;
  gboolean ok = FALSE;

  if (sqlite3_exec (db, "BEGIN;"
                    "INSERT INTO unit (item_id, lot, quantity, on_hand, origin)"
                    " SELECT item_id, 'BENCH-CLOSURE', 1, 1, 0 FROM unit WHERE id = (SELECT min (id) FROM unit)",
                    NULL, NULL, NULL) != SQLITE_OK)
    goto out;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      double t0 = now_ms ();

      if (sqlite3_prepare_v2 (db, steps[i], -1, &stmt, NULL) != SQLITE_OK)
        goto out;
      sqlite3_bind_int64 (stmt, 1, lot);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        goto out;
      sqlite3_finalize (stmt);
      stmt = NULL;
      ms[i] = now_ms () - t0;
      if (i == 0)
        {
          if (sqlite3_prepare_v2 (db, "SELECT count (*) FROM genealogy_closure"
                                  " WHERE child_id = (SELECT max (id) FROM unit)", -1, &stmt, NULL) != SQLITE_OK ||
              sqlite3_step (stmt) != SQLITE_ROW)
            goto out;
          tops = sqlite3_column_int64 (stmt, 0);
          sqlite3_finalize (stmt);
          stmt = NULL;
        }
    }
  ok = TRUE;
  {
    g_autofree char *n = pdg_format_count ((guint64) tops);

    g_print (_("Closure upkeep, a link under %s (%s top units above it; rolled back): added in %.3f s, "
               "quantity changed in %.3f s, removed in %.3f s\n"),
             key, n, ms[0] / 1000, ms[1] / 1000, ms[2] / 1000);
  }

out:
  if (!ok)
    g_printerr ("%s\n", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return ok;
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

/* GS1 parses per second on one core: typical scans in the three forms. */
static void
bench_gs1 (void)
{
  static const char * const codes[] = {
    "]d201095060001343522117JQ29X0C5F\x1d" "10A1B2C3D4\x1d" "17261231",
    "]C101095060001343521725123110ABC-2291",
    "(01)09506000134352(17)261231(10)C-2291(21)SN0001",
    "https://id.example.com/01/09506000134352/10/C-2291/21/SN0001?17=261231",
    "]d20109506000134352310300050017261231\x1d" "10LOT42",
  };
  PdgGs1Code code;
  guint64 parses = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  /* Check every code parses before timing them. */
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!pdg_gs1_parse_into (&code, codes[i], -1, NULL, &error))
        {
          g_print (_("GS1 parse: benchmark code %u refused: %s\n"), i, error->message);
          return;
        }
    }
  do
    {
      for (guint k = 0; k < 1000; k++)
        for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
          parses += pdg_gs1_parse_into (&code, codes[i], -1, NULL, NULL);
      elapsed = g_get_monotonic_time () - start;
    }
  while (elapsed < G_USEC_PER_SEC);

  {
    g_autofree char *n = pdg_format_count (parses);
    g_autofree char *rate = pdg_format_count ((guint64) (parses * 1e6 / elapsed));

    g_print (_("GS1 parse, %u kinds of scan (DataMatrix, GS1-128, bracketed, Digital Link): %s parses in %.2f s, %s parses/s on one core\n"),
             (guint) G_N_ELEMENTS (codes), n, elapsed / 1e6, rate);
  }
}

/* A GTIN-14 with a valid check digit, from 13 digits. */
static void
make_gtin (guint64 body,
           char    gtin[15])
{
  int sum = 0;

  g_snprintf (gtin, 15, "%013" G_GUINT64_FORMAT, body % G_GUINT64_CONSTANT (10000000000000));
  for (int i = 0; i < 13; i++)
    sum += (gtin[12 - i] - '0') * (i % 2 == 0 ? 3 : 1);
  gtin[13] = (char) ('0' + (10 - sum % 10) % 10);
  gtin[14] = '\0';
}

/* Registrations per second through the engine, each scan its own
 * transaction: a started order of n serial units with one serial component
 * each; every unit is a product scan and a GS1 component scan, timed after
 * n/10 untimed ones. The order, its items and units stay in the database
 * (audited, like any other). */
static gboolean
bench_register (PdgStore  *store,
                guint      n,
                GError   **error)
{
  g_autoptr(PdgRegister) session = NULL;
  g_autofree char *tag = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *fg_number = g_strconcat ("BENCH-FG-", tag, NULL);
  g_autofree char *c_number = g_strconcat ("BENCH-C-", tag, NULL);
  g_autofree char *order_number = g_strconcat ("BENCH-PO-", tag, NULL);
  char fg_gtin[15], c_gtin[15];
  PdgItem fg = { .number = fg_number, .description = "Benchmark finished unit", .tracking = PDG_TRACKING_SERIAL,
                 .uom = "pcs", .gtin = fg_gtin };
  PdgItem comp = { .number = c_number, .description = "Benchmark component", .tracking = PDG_TRACKING_SERIAL,
                   .uom = "pcs", .gtin = c_gtin };
  guint warm = MAX (1, n / 10);   /* untimed first scans: warm cache, like the traces */
  PdgOrder order = { .number = order_number, .planned_qty = n + warm, .started_qty = n + warm,
                     .status = PDG_ORDER_STARTED };
  PdgBomLine line = { .line_no = 10, .qty_per = 1, .tracked = TRUE };
  double t0, t1;

  make_gtin (g_get_real_time () / G_USEC_PER_SEC * 2, fg_gtin);
  make_gtin (g_get_real_time () / G_USEC_PER_SEC * 2 + 1, c_gtin);

  /* Set-up in one transaction. */
  if (!pdg_store_begin (store, error))
    return FALSE;
  if ((order.item_id = pdg_store_add_item (store, &fg, error)) == 0 ||
      (line.item_id = pdg_store_add_item (store, &comp, error)) == 0 ||
      (line.order_id = order.id = pdg_store_add_order (store, &order, error)) == 0 ||
      pdg_store_add_bom_line (store, &line, error) == 0)
    {
      pdg_store_rollback (store);
      return FALSE;
    }
  for (guint i = 0; i < n + warm; i++)
    {
      g_autofree char *lot = g_strdup_printf ("C%06u", i);
      PdgUnit u = { .item_id = line.item_id, .lot = lot, .quantity = 1, .origin = PDG_ORIGIN_PURCHASED };

      if (pdg_store_add_unit (store, &u, error) == 0)
        {
          pdg_store_rollback (store);
          return FALSE;
        }
    }
  if (!pdg_store_commit (store, error))
    return FALSE;

  session = pdg_register_new (store, line.order_id, error);
  if (session == NULL)
    return FALSE;

  t0 = 0;
  for (guint i = 0; i < n + warm; i++)
    {
      char scan[64];

      if (i == warm)
        t0 = now_ms ();

      g_snprintf (scan, sizeof scan, "FG%06u", i);
      pdg_register_set_mode (session, PDG_SCAN_MODE_PRODUCT);
      if (!pdg_register_submit (session, scan, error))
        return FALSE;
      g_snprintf (scan, sizeof scan, "]d201%s21C%06u", c_gtin, i);
      if (!pdg_register_submit (session, scan, error))
        return FALSE;
    }
  t1 = now_ms ();

  {
    g_autofree char *scans = pdg_format_count (2 * (guint64) n);
    g_autofree char *rate = pdg_format_count ((guint64) (2 * n * 1000.0 / (t1 - t0)));

    g_print (_("Registration: %s scans (a product scan and a GS1 component scan per unit), each its own transaction, in %.2f s: %s scans/s (order %s added)\n"),
             scans, (t1 - t0) / 1000, rate, order_number);
  }
  return TRUE;
}

/* A forward trace of about `want` units: the first purchased lot (by id)
 * whose where-used graph has between want/2 and 2 × want units. */
static PdgGenealogy *
find_layout_genealogy (PdgStore *store,
                       guint     want)
{
  sqlite3 *db = pdg_store_get_handle (store);
  sqlite3_stmt *stmt = NULL;
  PdgGenealogy *found = NULL;
  guint tries = 0;

  if (sqlite3_prepare_v2 (db,
        "SELECT a.child_id FROM association a INDEXED BY association_up"
        " JOIN unit u ON u.id = a.child_id WHERE u.origin = 0"
        " GROUP BY a.child_id HAVING count(*) BETWEEN 20 AND 400 LIMIT 400", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  while (found == NULL && tries++ < 400 && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      PdgTraceOptions options = { .max_nodes = want * 4 };
      g_autoptr(PdgGenealogy) g = pdg_trace (store, &id, 1, PDG_DIRECTION_FORWARD, &options, NULL, NULL);

      if (g != NULL && !g->node_capped &&
          pdg_genealogy_get_n_nodes (g) >= want / 2 && pdg_genealogy_get_n_nodes (g) <= want * 2)
        found = g_steal_pointer (&g);
    }
  sqlite3_finalize (stmt);
  return found;
}

/* Graphviz layout of a ~1,000-unit genealogy in process (the layout
 * thread, the whole scene), against `dot -Tsvg` on the same DOT text. */
static void
bench_layout (PdgStore *store)
{
  g_autoptr(PdgGenealogy) g = find_layout_genealogy (store, 1000);
  g_autoptr(GError) error = NULL;
  g_autofree char *dot = NULL;
  PdgLayoutOptions options = PDG_LAYOUT_OPTIONS_INIT;
  double t0, t1, t2;

  if (g == NULL)
    {
      g_print (_("Layout: no lot with a where-used graph of about 1,000 units in this database\n"));
      return;
    }
  options.max_children = 0;   /* everything drawn, as the UI does below its folding threshold */
  dot = pdg_layout_to_dot (g, &options);

  {
    g_autoptr(PdgScene) warm = pdg_layout_run (g, &options, NULL, &error);

    if (warm == NULL)
      {
        g_print (_("Layout: %s\n"), error->message);
        return;
      }
  }
  t0 = now_ms ();
  {
    g_autoptr(PdgScene) scene = pdg_layout_run (g, &options, NULL, &error);

    if (scene == NULL)
      {
        g_print (_("Layout: %s\n"), error->message);
        return;
      }
  }
  t1 = now_ms ();
  {
    g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                    G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, "dot", "-Tsvg", NULL);
    g_autoptr(GBytes) in = g_bytes_new_static (dot, strlen (dot));
    g_autoptr(GBytes) out = NULL;

    if (proc == NULL || !g_subprocess_communicate (proc, in, NULL, &out, NULL, &error))
      {
        g_print (_("Layout: cannot run dot: %s\n"), error->message);
        return;
      }
  }
  t2 = now_ms ();
  g_print (_("Layout (Graphviz dot) of a %u-unit where-used graph: %.0f ms in process; dot -Tsvg on the same DOT %.0f ms;"),
           pdg_genealogy_get_n_nodes (g), t1 - t0, t2 - t1);
  print_ratio (t1 - t0, t2 - t1);
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
  g_autofree char *only = NULL;
  g_autofree char *registrations_arg = NULL;
  guint64 registrations = 2000;
  g_autofree char *units_text = NULL;
  guint64 samples = 1000;
  sqlite3 *db;
  gint64 lot = 0;
  int rc;
  GOptionEntry entries[] = {
    { "samples", 'n', 0, G_OPTION_ARG_STRING, &samples_arg, N_("Random finished units for the backward trace (default 1000)"), "N" },
    { "lot", 'l', 0, G_OPTION_ARG_STRING, &lot_arg, N_("The lot for the forward trace and recall (default: the widest fan-out)"), "ID" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, N_("Run one part: trace (traces and recall), gs1, register or layout"), "PART" },
    { "registrations", 0, 0, G_OPTION_ARG_STRING, &registrations_arg, N_("Finished units for the registration benchmark (default 2000; 0 skips it, which leaves the database unchanged)"), "N" },
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
  if (registrations_arg != NULL && !g_ascii_string_to_unsigned (registrations_arg, 10, 0, 1000000, &registrations, NULL))
    return pdg_cli_usage (context, _("--registrations needs a whole number from 0 to 1000000"));
  if (only != NULL && !g_str_equal (only, "trace") && !g_str_equal (only, "gs1") &&
      !g_str_equal (only, "register") && !g_str_equal (only, "layout"))
    return pdg_cli_usage (context, _("--only takes trace, gs1, register or layout"));

  store = pdg_cli_open_store (argv[1]);
  if (store == NULL)
    return PDG_CLI_FAILED;
  db = pdg_store_get_handle (store);
  pdg_store_exec (store, "PRAGMA cache_size = -1048576", NULL);

  units_text = pdg_format_count ((guint64) MAX (0, pdg_store_count_rows (store, "unit", NULL)));
  g_print (_("Database %s: %s units\n"), argv[1], units_text);

  if (only == NULL || g_str_equal (only, "gs1"))
    bench_gs1 ();
  if (only == NULL || g_str_equal (only, "layout"))
    bench_layout (store);
  if ((only == NULL || g_str_equal (only, "register")) && registrations > 0 &&
      !bench_register (store, (guint) registrations, &error))
    return pdg_cli_fail (_("Registration benchmark: %s"), error->message);
  if (only != NULL && !g_str_equal (only, "trace"))
    return PDG_CLI_OK;

  /* Backward. */
  finished = pick_finished (db, (guint) samples, 42);
  if (finished->len == 0)
    return pdg_cli_fail (_("The database has no finished unit with components to trace."));

  for (int pass = 0; pass < 2; pass++)   /* pass 0 warms the cache */
    {
      for (guint i = 0; i < finished->len; i++)
        {
          gint64 id = g_array_index (finished, gint64, i);
          double ours = 0, plain = 0;

          /* Whichever runs second finds the unit's pages in SQLite's cache,
           * so the two take turns going first. */
          for (guint turn = 0; turn < 2; turn++)
            {
              double t0 = now_ms ();

              if ((turn + i) % 2 == 0)
                {
                  g_autoptr(PdgGenealogy) g = pdg_trace (store, &id, 1, PDG_DIRECTION_BACKWARD, NULL, NULL, &error);

                  if (g == NULL)
                    return pdg_cli_fail ("%s", error->message);
                  ours = now_ms () - t0;
                }
              else
                {
                  if (plain_trace (db, id, TRUE) < 0)
                    return pdg_cli_fail ("%s", sqlite3_errmsg (db));
                  plain = now_ms () - t0;
                }
            }
          if (pass == 1)
            {
              g_array_append_val (ours_ms, ours);
              g_array_append_val (plain_ms, plain);
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
    g_autoptr(PdgGenealogy) g = NULL;
    gint64 plain_rows;
    double t0, t1, t2;

    {
      g_autoptr(PdgGenealogy) warm = pdg_trace (store, &lot, 1, PDG_DIRECTION_FORWARD, NULL, NULL, &error);

      if (warm == NULL)
        return pdg_cli_fail ("%s", error->message);
      plain_trace (db, lot, FALSE);
    }

    t0 = now_ms ();
    g = pdg_trace (store, &lot, 1, PDG_DIRECTION_FORWARD, NULL, NULL, &error);
    t1 = now_ms ();
    plain_rows = plain_trace (db, lot, FALSE);
    t2 = now_ms ();
    if (g == NULL || plain_rows < 0)
      return pdg_cli_fail ("%s", error ? error->message : sqlite3_errmsg (db));

    nodes = pdg_format_count (pdg_genealogy_get_n_nodes (g));
    g_print (_("Forward trace of %s: %s units in %.3f s; plain CTE %" PRId64 " units in %.3f s;"),
             key, nodes, (t1 - t0) / 1000, plain_rows, (t2 - t1) / 1000);
    print_ratio (t1 - t0, t2 - t1);
  }

  /* Recall + FSMA, both ways written to a file, as a coordinator would. */
  {
    g_autoptr(PdgRecallQuery) q = pdg_recall_query_new_units (&lot, 1);
    g_autoptr(PdgRecall) r = NULL;
    g_autofree char *dir = g_dir_make_tmp ("pedigree-bench-XXXXXX", NULL);
    g_autofree char *ours_path = dir ? g_build_filename (dir, "ours.csv", NULL) : NULL;
    g_autofree char *plain_path = dir ? g_build_filename (dir, "plain.csv", NULL) : NULL;
    g_autofree char *ours_digest = NULL;
    g_autofree char *plain_digest = NULL;
    g_autoptr(GFile) file = NULL;
    g_autoptr(GFileOutputStream) stream = NULL;
    GStatBuf st = { 0 };
    gint64 plain_rows;
    double t0, t1, t2;

    if (dir == NULL)
      return pdg_cli_fail (_("Cannot make a temporary folder for the exports."));
    file = g_file_new_for_path (ours_path);

    /* Warm-up: the same recall once, untimed (pages of events and inputs
     * the traces did not read, and the allocator's first growth). */
    {
      g_autoptr(PdgRecall) warm = pdg_recall_run (store, q, NULL, &error);
      g_autoptr(GFileOutputStream) warm_stream = NULL;

      if (warm == NULL ||
          (warm_stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error)) == NULL ||
          !pdg_recall_write_fsma (store, warm, G_OUTPUT_STREAM (warm_stream), NULL, &error) ||
          !g_output_stream_close (G_OUTPUT_STREAM (warm_stream), NULL, &error))
        return pdg_cli_fail ("%s", error->message);
    }

    t0 = now_ms ();
    r = pdg_recall_run (store, q, NULL, &error);
    if (r != NULL && (stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error)) != NULL &&
        pdg_recall_write_fsma (store, r, G_OUTPUT_STREAM (stream), NULL, &error))
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
    t1 = now_ms ();
    if (error != NULL)
      return pdg_cli_fail ("%s", error->message);
    plain_rows = plain_fsma (db, lot, plain_path);
    t2 = now_ms ();
    if (plain_rows < 0)
      return pdg_cli_fail ("%s", sqlite3_errmsg (db));

    ours_digest = file_digest (ours_path);
    plain_digest = file_digest (plain_path);
    g_stat (ours_path, &st);
    g_print (_("Recall + FSMA export of that lot: %.3f s (%" G_GINT64_FORMAT " bytes); plain CTE + joins, same sheet %s: %.3f s;"),
             (t1 - t0) / 1000, (gint64) st.st_size,
             g_str_equal (ours_digest, plain_digest) ? _("(identical bytes)") : _("(DIFFERENT bytes)"),
             (t2 - t1) / 1000);
    print_ratio (t1 - t0, t2 - t1);
    g_print ("%s\n", r->summary);

    g_remove (ours_path);
    g_remove (plain_path);
    g_rmdir (dir);
  }

  /* The closure's cost on write, under the same lot. */
  {
    g_autoptr(PdgUnit) unit = pdg_store_get_unit (store, lot, &error);
    g_autofree char *key = unit ? pdg_unit_dup_key (unit) : NULL;

    if (unit == NULL)
      return pdg_cli_fail ("%s", error->message);
    if (!bench_closure_upkeep (db, lot, key))
      return pdg_cli_fail (_("The closure upkeep benchmark failed."));
  }

  return PDG_CLI_OK;
}
