/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-generator.c: the demo-data generator makes a database that is
 * deterministic, complete and true to the model's rules.
 *
 * Most tests read one shared database generated once in main() (opened
 * afresh for each test through the Fixture); the tests about refusing,
 * cancelling and determinism generate their own small files. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pdg-generator.h"
#include "pdg-store-private.h"

#define SHARED_UNITS 8000
#define SHARED_SEED  1

static char *tmp_dir;                  /* owned; removed at the end */
static char *shared_path;              /* owned */
static PdgGeneratorStats shared_stats;

typedef struct
{
  PdgStore *store;
  sqlite3  *db;     /* borrowed from store */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->store = pdg_store_open (shared_path, &error);
  g_assert_no_error (error);
  fixture->db = pdg_store_get_handle (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->store);
}

/* The first column of the first row of a query, as an integer. */
static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("cannot prepare %s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("cannot prepare %s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static char *
temp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static char *
digest_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (path, &error);
  char *digest;

  g_assert_no_error (error);
  digest = pdg_store_digest (store, &error);
  g_assert_no_error (error);
  return digest;
}

static void
generate_or_die (const char        *path,
                 guint64            n_units,
                 guint32            seed,
                 PdgGeneratorStats *stats)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = pdg_generate (path, n_units, seed, NULL, NULL, NULL, stats, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

/* ------------------------------------------------------------------------ */

static void
test_same_seed_same_content (void)
{
  g_autofree char *a = temp_path ("same-a.db");
  g_autofree char *b = temp_path ("same-b.db");
  g_autofree char *c = temp_path ("same-c.db");
  g_autofree char *digest_a = NULL;
  g_autofree char *digest_b = NULL;
  g_autofree char *digest_c = NULL;
  PdgGeneratorStats stats_a, stats_b, stats_c;

  generate_or_die (a, 5000, 42, &stats_a);
  g_usleep (1100 * 1000);   /* a second apart: nothing may depend on the clock */
  generate_or_die (b, 5000, 42, &stats_b);
  generate_or_die (c, 5000, 43, &stats_c);

  digest_a = digest_of (a);
  digest_b = digest_of (b);
  digest_c = digest_of (c);
  g_assert_cmpstr (digest_a, ==, digest_b);
  g_assert_cmpstr (digest_a, !=, digest_c);

  g_assert_cmpuint (stats_a.units, ==, stats_b.units);
  g_assert_cmpuint (stats_a.rows, ==, stats_b.rows);
  g_assert_cmpint (stats_a.fanout_unit, ==, stats_b.fanout_unit);
  g_assert_cmpuint (stats_a.fanout_finished, ==, stats_b.fanout_finished);
}

static void
test_makes_the_units_asked_for (void)
{
  static const guint64 sizes[] = { 100, 1234, 5000, 20000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("size-%" G_GUINT64_FORMAT ".db", sizes[i]);
      g_autofree char *path = temp_path (name);
      g_autoptr(GError) error = NULL;
      g_autoptr(PdgStore) store = NULL;
      PdgGeneratorStats stats;
      guint64 rows = 0;

      generate_or_die (path, sizes[i], 3, &stats);
      g_assert_cmpuint (stats.units, >=, sizes[i] - sizes[i] / 100);
      g_assert_cmpuint (stats.units, <=, sizes[i] + sizes[i] / 100);

      store = pdg_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (pdg_store_count_rows (store, "unit", NULL), ==, (gint64) stats.units);
      for (const char * const *t = pdg_store_table_names (); *t != NULL; t++)
        rows += (guint64) pdg_store_count_rows (store, *t, NULL);
      g_assert_cmpuint (rows, ==, stats.rows);
      g_assert_cmpint (pdg_store_count_rows (store, "unit", NULL), ==,
                       query_int (pdg_store_get_handle (store), "SELECT max(id) FROM unit"));
      g_assert_cmpuint (stats.finished, ==,
                        query_int (pdg_store_get_handle (store),
                                   "SELECT count(*) FROM unit u JOIN item i ON i.id = u.item_id"
                                   " WHERE i.number LIKE 'EB-%'"));
      g_assert_cmpint (stats.file_bytes, >, 0);
      g_clear_object (&store);
      g_unlink (path);
    }
}

static void
test_refuses_existing_file (void)
{
  g_autofree char *path = temp_path ("existing.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  PdgGeneratorStats stats;

  g_assert_true (g_file_set_contents (path, "keep me", -1, NULL));
  g_assert_false (pdg_generate (path, 5000, 1, NULL, NULL, NULL, &stats, &error));
  g_assert_error (error, PDG_GENERATOR_ERROR, PDG_GENERATOR_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, path));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");
  g_unlink (path);
}

static void
test_too_few_units (void)
{
  g_autofree char *path = temp_path ("too-few.db");
  g_autoptr(GError) error = NULL;
  PdgGeneratorStats stats;

  g_assert_false (pdg_generate (path, 99, 1, NULL, NULL, NULL, &stats, &error));
  g_assert_error (error, PDG_GENERATOR_ERROR, PDG_GENERATOR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "100"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
cancel_halfway (double   fraction,
                gpointer user_data)
{
  GCancellable *cancellable = user_data;

  if (fraction > 0.4)
    g_cancellable_cancel (cancellable);
}

static void
test_cancel_leaves_no_file (void)
{
  g_autofree char *path = temp_path ("cancelled.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  PdgGeneratorStats stats;

  g_assert_false (pdg_generate (path, 50000, 1, cancel_halfway, cancellable, cancellable, &stats, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
}

static void
record_progress (double   fraction,
                 gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static void
test_reports_progress (void)
{
  g_autofree char *path = temp_path ("progress.db");
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  PdgGeneratorStats stats;

  g_assert_true (pdg_generate (path, 20000, 5, record_progress, fractions, NULL, &stats, &error));
  g_assert_no_error (error);

  /* Now and then, not per row; rising from 0 to 1. */
  g_assert_cmpuint (fractions->len, >=, 5);
  g_assert_cmpuint (fractions->len, <=, 200);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
  g_unlink (path);
}

/* ------------------------------------------------------------------------ */
/* The shared database                                                       */

static void
test_file_is_sound (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *integrity = query_text (fixture->db, "PRAGMA integrity_check");
  g_autofree char *journal = query_text (fixture->db, "PRAGMA journal_mode");

  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

static void
test_schema_is_the_stores (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *path = temp_path ("fresh.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) fresh = pdg_store_open (path, &error);
  const char *sql = "SELECT group_concat (type || ' ' || name || ': ' || coalesce (sql, ''), '\n')"
                    " FROM (SELECT * FROM sqlite_schema ORDER BY name)";
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;

  g_assert_no_error (error);
  expected = query_text (pdg_store_get_handle (fresh), sql);
  actual = query_text (fixture->db, sql);
  g_assert_cmpstr (actual, ==, expected);
  g_assert_cmpint (query_int (fixture->db, "PRAGMA user_version"), ==, PDG_STORE_SCHEMA_VERSION);

  g_clear_object (&fresh);
  g_unlink (path);
}

static void
test_one_audit_entry (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *after = NULL;
  g_autofree char *seed = g_strdup_printf ("\"seed\":%d", SHARED_SEED);
  g_autofree char *units = g_strdup_printf ("\"units\":%" G_GUINT64_FORMAT, shared_stats.units);

  /* The store's creation entry and the generator's one. */
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM audit"), ==, 2);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM audit WHERE action = 'database.generate'"
                                           " AND entity = 'database' AND entity_id IS NULL"), ==, 1);
  after = query_text (fixture->db, "SELECT after FROM audit WHERE action = 'database.generate'");
  g_assert_nonnull (strstr (after, seed));
  g_assert_nonnull (strstr (after, units));
  g_assert_nonnull (strstr (after, "\"association\":"));

  /* Both by the generator; dated by the data, not the clock: the creation
   * at the start of the history, the generation at the last production. */
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM audit WHERE actor = 'pedigree-generator'"), ==, 2);
  g_assert_cmpint (query_int (fixture->db, "SELECT at FROM audit WHERE action = 'database.create'"), <=,
                   query_int (fixture->db, "SELECT min (at) FROM event"));
  g_assert_cmpint (query_int (fixture->db, "SELECT at FROM audit WHERE action = 'database.generate'"), ==,
                   query_int (fixture->db, "SELECT max(at) FROM event WHERE kind = 1"));
}

static void
test_quantities_add_up (Fixture       *fixture,
                        gconstpointer  user_data)
{
  /* quantity = on hand + what parents took + what was shipped, scrapped or consumed */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit u JOIN item i ON i.id = u.item_id"
    " WHERE i.tracking = 1 AND abs (u.quantity - u.on_hand"
    "   - coalesce ((SELECT sum (quantity) FROM association WHERE child_id = u.id), 0)"
    "   - coalesce ((SELECT sum (quantity) FROM event WHERE unit_id = u.id AND kind IN (2, 4, 5)), 0)) > 1e-6"), ==, 0);

  /* Nothing below zero, nothing over the quantity. */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit WHERE on_hand < 0 OR on_hand > quantity + 1e-9"), ==, 0);

  /* Used-up batches are consumed; serials hold one piece or none, and
   * none while their registration is open (not reported as finished: a
   * produced unit without a production event). */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit u JOIN item i ON i.id = u.item_id"
    " WHERE i.tracking = 1 AND u.on_hand = 0 AND u.status NOT IN (1, 3)"), ==, 0);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit u JOIN item i ON i.id = u.item_id"
    " WHERE i.tracking = 2 AND (u.quantity <> 1"
    "   OR u.on_hand <> CASE WHEN u.status IN (0, 4, 5) AND (u.origin = 0 OR EXISTS"
    "     (SELECT 1 FROM event e WHERE e.unit_id = u.id AND e.kind = 1)) THEN 1 ELSE 0 END)"), ==, 0);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit u JOIN production_order o ON o.id = u.order_id"
    " WHERE o.status = 1 AND NOT EXISTS (SELECT 1 FROM event e WHERE e.unit_id = u.id AND e.kind = 1)"), >, 0);
}

static void
test_serials_are_used_once (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM (SELECT a.child_id FROM association a"
    " JOIN unit c ON c.id = a.child_id JOIN item i ON i.id = c.item_id"
    " WHERE i.tracking = 2 GROUP BY a.child_id HAVING count(*) > 1)"), ==, 0);

  /* A serial in a parent is consumed; a consumed serial is in a parent. */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit u JOIN item i ON i.id = u.item_id"
    " WHERE i.tracking = 2 AND (u.status = 1) <> EXISTS (SELECT 1 FROM association WHERE child_id = u.id)"), ==, 0);

  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM association a JOIN unit c ON c.id = a.child_id"
    " JOIN item i ON i.id = c.item_id WHERE i.tracking = 2 AND a.quantity <> 1"), ==, 0);
}

static void
test_every_consumed_unit_exists (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM association a"
    " WHERE NOT EXISTS (SELECT 1 FROM unit WHERE id = a.child_id)"
    "    OR NOT EXISTS (SELECT 1 FROM unit WHERE id = a.parent_id)"
    "    OR NOT EXISTS (SELECT 1 FROM production_order WHERE id = a.order_id)"), ==, 0);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM event e WHERE NOT EXISTS (SELECT 1 FROM unit WHERE id = e.unit_id)"), ==, 0);
}

static void
test_no_cycles (Fixture       *fixture,
                gconstpointer  user_data)
{
  /* Down from every bike; a cycle would run to the depth limit of 12. */
  gint64 depth = query_int (fixture->db,
    "WITH RECURSIVE down (id, depth) AS ("
    "  SELECT u.id, 0 FROM unit u JOIN item i ON i.id = u.item_id WHERE i.number LIKE 'EB-%'"
    "  UNION ALL"
    "  SELECT a.child_id, d.depth + 1 FROM association a JOIN down d ON a.parent_id = d.id"
    "  WHERE d.depth < 12)"
    " SELECT max (depth) FROM down");

  g_assert_cmpint (depth, >=, 4);
  g_assert_cmpint (depth, <=, 8);

  /* Components are always made (or received) before the units they go into. */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM association WHERE child_id >= parent_id"), ==, 0);
}

static void
test_components_follow_the_bom (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM association a"
    " JOIN unit p ON p.id = a.parent_id JOIN unit c ON c.id = a.child_id"
    " WHERE a.order_id IS NOT p.order_id OR NOT EXISTS (SELECT 1 FROM bom_line b"
    "   WHERE b.order_id = p.order_id AND b.item_id = c.item_id AND b.tracked = 1)"), ==, 0);

  /* Complete registrations take exactly the BOM quantity. */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM ("
    "  SELECT p.id, b.item_id, b.qty_per * CASE WHEN pi.tracking = 1 THEN p.quantity ELSE 1 END AS need,"
    "    (SELECT sum (a.quantity) FROM association a JOIN unit c ON c.id = a.child_id"
    "     WHERE a.parent_id = p.id AND c.item_id = b.item_id) AS got"
    "  FROM unit p JOIN item pi ON pi.id = p.item_id"
    "  JOIN production_order o ON o.id = p.order_id"
    "  JOIN bom_line b ON b.order_id = o.id AND b.tracked = 1"
    "  WHERE o.status IN (2, 3))"
    " WHERE got IS NULL OR abs (got - need) > 1e-6"), ==, 0);
}

static void
test_components_are_older_than_their_parents (Fixture       *fixture,
                                              gconstpointer  user_data)
{
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM association a"
    " JOIN event e ON e.unit_id = a.child_id AND e.kind IN (0, 1)"
    " WHERE e.at > a.created_at"), ==, 0);
}

static void
test_units_have_their_first_event (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  /* Produced: a production event of its order, unless that order is still
   * started and the unit's registration open (nothing on hand then);
   * purchased: a receipt from a supplier. */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit u JOIN production_order o ON o.id = u.order_id"
    " WHERE u.origin = 1 AND NOT EXISTS (SELECT 1 FROM event e"
    "  WHERE e.unit_id = u.id AND e.kind = 1 AND e.order_id = u.order_id)"
    " AND (o.status <> 1 OR u.on_hand > 0)"), ==, 0);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit u WHERE u.origin = 0 AND NOT EXISTS (SELECT 1 FROM event e"
    "  JOIN partner p ON p.id = e.partner_id"
    "  WHERE e.unit_id = u.id AND e.kind = 0 AND p.kind = 0 AND e.doc_ref IS NOT NULL)"), ==, 0);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit WHERE (origin = 1) <> (order_id IS NOT NULL)"), ==, 0);

  /* Shipped units were shipped to a customer. */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit u WHERE u.status = 2 AND NOT EXISTS (SELECT 1 FROM event e"
    "  JOIN partner p ON p.id = e.partner_id WHERE e.unit_id = u.id AND e.kind = 4 AND p.kind = 1)"), ==, 0);
}

static void
test_items_are_well_formed (Fixture       *fixture,
                            gconstpointer  user_data)
{
  sqlite3_stmt *stmt = NULL;
  guint n_gtins = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (fixture->db, "SELECT gtin FROM item WHERE gtin IS NOT NULL",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *gtin = (const char *) sqlite3_column_text (stmt, 0);
      int sum = 0;

      g_assert_cmpuint (strlen (gtin), ==, 14);
      for (int i = 12; i >= 0; i--)
        sum += (gtin[i] - '0') * (((12 - i) % 2 == 0) ? 3 : 1);
      g_assert_cmpint ((10 - sum % 10) % 10, ==, gtin[13] - '0');
      n_gtins++;
    }
  sqlite3_finalize (stmt);

  g_assert_cmpuint (n_gtins * 2, >, (guint) query_int (fixture->db, "SELECT count(*) FROM item"));
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit u JOIN item i ON i.id = u.item_id"
    " WHERE i.shelf_life_days > 0 AND u.origin = 0"
    "   AND u.expires_on <> date (u.produced_on, '+' || i.shelf_life_days || ' days')"
    "   AND u.expires_on <= date ((SELECT min (at) FROM event WHERE unit_id = u.id), 'unixepoch')"), ==, 0);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit u JOIN item i ON i.id = u.item_id"
    " WHERE i.shelf_life_days > 0 AND u.origin = 0 AND u.expires_on IS NULL"), ==, 0);
}

static void
test_demo_is_interesting (Fixture       *fixture,
                          gconstpointer  user_data)
{
  /* Several orders on every level, several lots of every raw material. */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT min (n) FROM (SELECT i.id, count (o.id) AS n FROM item i"
    " LEFT JOIN production_order o ON o.item_id = i.id"
    " WHERE EXISTS (SELECT 1 FROM unit u WHERE u.item_id = i.id AND u.origin = 1) GROUP BY i.id)"), >=, 3);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT min (n) FROM (SELECT i.id, count (u.id) AS n FROM item i JOIN unit u ON u.item_id = i.id"
    " WHERE i.tracking = 1 AND u.origin = 0 GROUP BY i.id)"), >=, 2);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM item i WHERE i.tracking = 1"
    " AND NOT EXISTS (SELECT 1 FROM unit u WHERE u.item_id = i.id)"), ==, 0);

  /* Bikes shipped, in stock and scrapped; shipments to several customers. */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit u JOIN item i ON i.id = u.item_id WHERE i.number LIKE 'EB-%' AND u.status = 2"), >,
    (gint64) shared_stats.finished / 2);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit u JOIN item i ON i.id = u.item_id WHERE i.number LIKE 'EB-%' AND u.status = 0"), >, 0);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM unit WHERE status = 3"), >, 0);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM unit WHERE status = 4"), ==, 1);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count (DISTINCT partner_id) FROM event WHERE kind = 4"), >=, 10);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM event WHERE kind = 6 AND note = 'Final test passed'"), >, 0);

  /* Lots shared by many parents, and parents taking from two lots of one item. */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT max (n) FROM (SELECT count(*) AS n FROM association GROUP BY child_id)"), >=, 50);
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM (SELECT a.parent_id FROM association a JOIN unit c ON c.id = a.child_id"
    " JOIN item i ON i.id = c.item_id WHERE i.tracking = 1"
    " GROUP BY a.parent_id, c.item_id HAVING count(*) > 1)"), >, 0);

  /* Orders in every state. */
  for (int status = 0; status <= 3; status++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM production_order WHERE status = %d", status);

      g_assert_cmpint (query_int (fixture->db, sql), >, 0);
    }
}

static void
test_started_orders_have_open_registrations (Fixture       *fixture,
                                             gconstpointer  user_data)
{
  /* Units of started orders with fewer registered components than the BOM asks. */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM unit p JOIN production_order o ON o.id = p.order_id"
    " WHERE o.status = 1 AND (SELECT count(*) FROM association a WHERE a.parent_id = p.id)"
    "   < (SELECT sum (CASE WHEN i.tracking = 2 THEN b.qty_per ELSE 1 END) FROM bom_line b"
    "      JOIN item i ON i.id = b.item_id WHERE b.order_id = o.id AND b.tracked = 1)"), >, 0);

  /* Created orders have their BOM but no units yet. */
  g_assert_cmpint (query_int (fixture->db,
    "SELECT count(*) FROM production_order o WHERE o.status = 0"
    " AND (o.started_at IS NOT NULL OR EXISTS (SELECT 1 FROM unit WHERE order_id = o.id)"
    "      OR NOT EXISTS (SELECT 1 FROM bom_line WHERE order_id = o.id))"), ==, 0);
}

static void
test_fanout_lot (void)
{
  g_autofree char *path = temp_path ("fanout.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autofree char *sql = NULL;
  PdgGeneratorStats stats;
  sqlite3 *db;

  generate_or_die (path, 20000, 9, &stats);
  g_assert_cmpint (stats.fanout_unit, >, 0);
  g_assert_cmpuint (stats.fanout_finished, >, 10);

  store = pdg_store_open (path, &error);
  g_assert_no_error (error);
  db = pdg_store_get_handle (store);

  /* A purchased batch... */
  sql = g_strdup_printf ("SELECT count(*) FROM unit u JOIN item i ON i.id = u.item_id"
                         " WHERE u.id = %" G_GINT64_FORMAT " AND u.origin = 0 AND i.tracking = 1",
                         stats.fanout_unit);
  g_assert_cmpint (query_int (db, sql), ==, 1);
  g_free (sql);

  /* ...that feeds exactly the finished units the generator counted. */
  sql = g_strdup_printf ("WITH RECURSIVE up (id) AS (SELECT %" G_GINT64_FORMAT
                         "  UNION SELECT a.parent_id FROM association a JOIN up ON a.child_id = up.id)"
                         " SELECT count(*) FROM up JOIN unit u ON u.id = up.id JOIN item i ON i.id = u.item_id"
                         " WHERE i.number LIKE 'EB-%%'", stats.fanout_unit);
  g_assert_cmpint (query_int (db, sql), ==, (gint64) stats.fanout_finished);
  g_free (sql);

  /* ...and no purchased batch feeds more. */
  sql = g_strdup ("WITH RECURSIVE up (lot, id) AS ("
                  "  SELECT u.id, u.id FROM unit u JOIN item i ON i.id = u.item_id"
                  "  WHERE u.origin = 0 AND i.tracking = 1"
                  "  UNION SELECT up.lot, a.parent_id FROM association a JOIN up ON a.child_id = up.id)"
                  " SELECT max (n) FROM (SELECT count(*) AS n FROM up JOIN unit u ON u.id = up.id"
                  " JOIN item i ON i.id = u.item_id WHERE i.number LIKE 'EB-%' GROUP BY up.lot)");
  g_assert_cmpint (query_int (db, sql), ==, (gint64) stats.fanout_finished);

  g_clear_object (&store);
  g_unlink (path);
}

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (tmp_dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (tmp_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("pedigree-generator-XXXXXX", &error);
  g_assert_no_error (error);
  shared_path = g_build_filename (tmp_dir, "shared.db", NULL);
  generate_or_die (shared_path, SHARED_UNITS, SHARED_SEED, &shared_stats);

  g_test_add_func ("/generator/same-seed-same-content", test_same_seed_same_content);
  g_test_add_func ("/generator/makes-the-units-asked-for", test_makes_the_units_asked_for);
  g_test_add_func ("/generator/refuses-existing-file", test_refuses_existing_file);
  g_test_add_func ("/generator/too-few-units", test_too_few_units);
  g_test_add_func ("/generator/cancel-leaves-no-file", test_cancel_leaves_no_file);
  g_test_add_func ("/generator/reports-progress", test_reports_progress);
  g_test_add_func ("/generator/fanout-lot", test_fanout_lot);

#define ADD_SHARED(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)

  ADD_SHARED ("/generator/file-is-sound", test_file_is_sound);
  ADD_SHARED ("/generator/schema-is-the-stores", test_schema_is_the_stores);
  ADD_SHARED ("/generator/one-audit-entry", test_one_audit_entry);
  ADD_SHARED ("/generator/quantities-add-up", test_quantities_add_up);
  ADD_SHARED ("/generator/serials-are-used-once", test_serials_are_used_once);
  ADD_SHARED ("/generator/every-consumed-unit-exists", test_every_consumed_unit_exists);
  ADD_SHARED ("/generator/no-cycles", test_no_cycles);
  ADD_SHARED ("/generator/components-follow-the-bom", test_components_follow_the_bom);
  ADD_SHARED ("/generator/components-are-older-than-their-parents", test_components_are_older_than_their_parents);
  ADD_SHARED ("/generator/units-have-their-first-event", test_units_have_their_first_event);
  ADD_SHARED ("/generator/items-are-well-formed", test_items_are_well_formed);
  ADD_SHARED ("/generator/demo-is-interesting", test_demo_is_interesting);
  ADD_SHARED ("/generator/started-orders-have-open-registrations", test_started_orders_have_open_registrations);

  status = g_test_run ();

  remove_tmp_dir ();

  g_free (shared_path);
  g_free (tmp_dir);
  return status;
}
