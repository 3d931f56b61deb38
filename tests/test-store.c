/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: PdgStore's schema, rules and audit on real database files.
 *
 * Each test gets a fresh file with a small hand-built e-bike genealogy (see
 * fixture_setup()). Every rejected write is checked twice: for the error
 * code, and for a digest of all rows that must not change. */
#include "config.h"

#include <math.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pdg-gs1.h"
#include "pdg-store-private.h"
#include "pdg-test-util.h"

typedef struct
{
  char     *dir;
  char     *path;
  PdgStore *store;

  gint64    bike_item, pack_item, cell_item, frame_item;
  gint64    order;
  gint64    bike1, bike2;     /* serials EB-1, EB-2 */
  gint64    pack1, pack2;     /* serials BP-1, BP-2 */
  gint64    cells;           /* batch C-2291, 100 pcs */
  gint64    frame1;          /* serial FR-1 */
  gint64    customer, supplier, plant;
} Fixture;

static gint64
add_item (PdgStore    *store,
          const char  *number,
          const char  *description,
          PdgTracking  tracking,
          const char  *uom)
{
  g_autoptr(GError) error = NULL;
  PdgItem item = { .number = (char *) number, .description = (char *) description,
                   .tracking = tracking, .uom = (char *) uom };
  gint64 id = pdg_store_add_item (store, &item, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_unit (PdgStore   *store,
          gint64      item_id,
          const char *lot,
          double      quantity)
{
  g_autoptr(GError) error = NULL;
  PdgUnit unit = { .item_id = item_id, .lot = (char *) lot, .quantity = quantity };
  gint64 id = pdg_store_add_unit (store, &unit, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
associate_ok (PdgStore *store,
              gint64    parent,
              gint64    child,
              double    quantity)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pdg_store_associate (store, parent, child, quantity, 0, 0, &error), >, 0);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PdgOrder order = { .number = "PO-1", .planned_qty = 2 };

  f->dir = g_dir_make_tmp ("pedigree-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = pdg_store_open (f->path, &error);
  g_assert_no_error (error);
  pdg_store_set_actor (f->store, "tester");

  f->bike_item = add_item (f->store, "EB-U500", "Urban e-bike U500", PDG_TRACKING_SERIAL, "pcs");
  f->pack_item = add_item (f->store, "BAT-48V", "Battery pack 48 V", PDG_TRACKING_SERIAL, "pcs");
  f->cell_item = add_item (f->store, "CELL-21700", "Li-ion cell 21700", PDG_TRACKING_BATCH, "pcs");
  f->frame_item = add_item (f->store, "FRM-AL", "Aluminium frame", PDG_TRACKING_SERIAL, "pcs");

  order.item_id = f->bike_item;
  f->order = pdg_store_add_order (f->store, &order, &error);
  g_assert_no_error (error);

  f->bike1 = add_unit (f->store, f->bike_item, "EB-1", 1);
  f->bike2 = add_unit (f->store, f->bike_item, "EB-2", 1);
  f->pack1 = add_unit (f->store, f->pack_item, "BP-1", 1);
  f->pack2 = add_unit (f->store, f->pack_item, "BP-2", 1);
  f->cells = add_unit (f->store, f->cell_item, "C-2291", 100);
  f->frame1 = add_unit (f->store, f->frame_item, "FR-1", 1);

  f->customer = pdg_store_add_partner (f->store, PDG_PARTNER_CUSTOMER, "C001", "Velo Haus Berlin", "Berlin", "DE", &error);
  g_assert_no_error (error);
  f->supplier = pdg_store_add_partner (f->store, PDG_PARTNER_SUPPLIER, "S001", "Cellex Energy", "Suwon", "KR", &error);
  g_assert_no_error (error);
  f->plant = pdg_store_add_location (f->store, "LEJ-A", "Plant Leipzig – Assembly", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  pdg_test_remove_database (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
digest (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *d = pdg_store_digest (f->store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

/* Runs a write that must be rejected with `code` and change nothing. */
#define ASSERT_REJECTED(f, code, call)                                     \
  G_STMT_START {                                                           \
    g_autofree char *before_ = digest (f);                                 \
    g_autofree char *after_ = NULL;                                        \
    g_autoptr(GError) error = NULL;                                        \
    gboolean ok_ = (call) > 0;                                             \
    g_assert_false (ok_);                                                  \
    g_assert_error (error, PDG_STORE_ERROR, code);                         \
    g_assert_true (g_utf8_strlen (error->message, -1) > 10);               \
    g_test_message ("rejected: %s", error->message);                       \
    after_ = digest (f);                                                   \
    g_assert_cmpstr (before_, ==, after_);                                 \
  } G_STMT_END

static gint64
scalar (Fixture    *f,
        const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (pdg_store_get_handle (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static char *
scalar_text (Fixture    *f,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *v = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (pdg_store_get_handle (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return v;
}

/* ------------------------------------------------------------------------ */

/* A read-only connection reads beside the writer, sees its commits, never
 * writes, and neither creates nor migrates a file. */
static void
test_readonly_reads_beside_the_writer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pedigree-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ro.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(PdgStore) writer = NULL;
  g_autoptr(PdgStore) reader = NULL;
  g_autoptr(PdgItem) item = NULL;
  gint64 id;

  g_assert_null (pdg_store_open_readonly (missing, &error));
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);
  g_assert_null (pdg_store_open_readonly (empty, &error));
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_VERSION);
  g_clear_error (&error);

  writer = pdg_store_open (path, &error);
  g_assert_no_error (error);
  reader = pdg_store_open_readonly (path, &error);
  g_assert_no_error (error);

  id = add_item (writer, "EB-U500", "Urban e-bike U500", PDG_TRACKING_SERIAL, "pcs");
  item = pdg_store_get_item (reader, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (item->number, ==, "EB-U500");

  /* A read transaction keeps its snapshot while the writer commits. */
  g_assert_true (pdg_store_begin (reader, &error));
  g_assert_cmpint (pdg_store_count_rows (reader, "item", &error), ==, 1);
  add_item (writer, "BAT-48V", "Battery pack 48 V", PDG_TRACKING_SERIAL, "pcs");
  g_assert_cmpint (pdg_store_count_rows (reader, "item", &error), ==, 1);
  pdg_store_rollback (reader);
  g_assert_cmpint (pdg_store_count_rows (reader, "item", &error), ==, 2);
  g_assert_no_error (error);

  g_clear_pointer (&item, pdg_item_free);
  item = pdg_item_new ();
  item->number = g_strdup ("CELL-21700");
  item->description = g_strdup ("Cell");
  item->uom = g_strdup ("pcs");
  g_assert_cmpint (pdg_store_add_item (reader, item, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (pdg_store_count_rows (writer, "item", &error), ==, 2);

  g_clear_object (&reader);
  g_clear_object (&writer);
  pdg_test_remove_database (path);
  g_remove (missing);
  g_remove (empty);
  g_rmdir (dir);
}

static void
test_migrates_empty_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pedigree-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  const char * const *tables = pdg_store_table_names ();

  /* An empty (zero-byte) file is a new database too. */
  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);

  store = pdg_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pdg_store_get_schema_version (store), ==, PDG_STORE_SCHEMA_VERSION);

  for (guint i = 0; tables[i] != NULL; i++)
    g_assert_cmpint (pdg_store_count_rows (store, tables[i], &error), >=, 0);

  audit = pdg_store_list_audit (store, "database", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((PdgAuditEntry *) audit->pdata[0])->action, ==, "database.create");

  g_clear_object (&store);

  /* Opening again migrates nothing and adds no audit entry. */
  store = pdg_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pdg_store_count_rows (store, "audit", &error), ==, 1);

  g_clear_object (&store);
  pdg_test_remove_database (path);
  g_rmdir (dir);
}

static void
test_wal_and_foreign_keys (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *mode = scalar_text (f, "PRAGMA journal_mode");

  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (scalar (f, "PRAGMA foreign_keys"), ==, 1);
}

static void
test_refuses_newer_schema (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (pdg_store_exec (f->store, "PRAGMA user_version = 99", NULL));
  before = digest (f);

  again = pdg_store_open (f->path, &error);
  g_assert_null (again);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "newer"));

  after = digest (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (pdg_store_get_schema_version (f->store), ==, 99);
}

static void
test_refuses_foreign_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pedigree-store-XXXXXX", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  PdgStore *store;
  sqlite3 *db = NULL;
  const char garbage[] = "This is a spreadsheet export, not a database.\n"
                         "Column A,Column B\n1,2\n3,4\n......................"
                         "................................................";

  g_file_set_contents (junk, garbage, sizeof garbage - 1, &error);
  g_assert_no_error (error);
  store = pdg_store_open (junk, &error);
  g_assert_null (store);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, "junk.db"));
  g_clear_error (&error);

  /* The file is left exactly as it was. */
  g_file_get_contents (junk, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, len, garbage, sizeof garbage - 1);

  /* Somebody else's SQLite database is not taken over. */
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = pdg_store_open (other, &error);
  g_assert_null (store);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_A_DATABASE);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "SELECT count(*) FROM item", NULL, NULL, NULL), !=, SQLITE_OK);
  sqlite3_close (db);

  g_unlink (junk);
  g_unlink (other);
  g_rmdir (dir);
}

static void
test_duplicate_serial (Fixture       *f,
                       gconstpointer  data)
{
  PdgUnit dup = { .item_id = f->bike_item, .lot = "EB-1", .quantity = 1 };
  PdgUnit dup_batch = { .item_id = f->cell_item, .lot = "C-2291", .quantity = 5 };
  PdgUnit other_item = { .item_id = f->pack_item, .lot = "EB-1", .quantity = 1 };
  PdgItem dup_item = { .number = "EB-U500", .description = "again", .uom = "pcs" };
  g_autoptr(GError) err = NULL;

  ASSERT_REJECTED (f, PDG_STORE_ERROR_DUPLICATE, pdg_store_add_unit (f->store, &dup, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_DUPLICATE, pdg_store_add_unit (f->store, &dup_batch, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_DUPLICATE, pdg_store_add_item (f->store, &dup_item, &error));

  /* The same number on another item is a different unit. */
  g_assert_cmpint (pdg_store_add_unit (f->store, &other_item, &err), >, 0);
  g_assert_no_error (err);
}

static void
test_duplicate_serial_message (Fixture       *f,
                               gconstpointer  data)
{
  PdgUnit dup = { .item_id = f->bike_item, .lot = "EB-1", .quantity = 1 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pdg_store_add_unit (f->store, &dup, &error), ==, 0);
  g_assert_nonnull (strstr (error->message, "EB-1"));
  g_assert_nonnull (strstr (error->message, "EB-U500"));
}

static void
test_serial_consumed_twice (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) err = NULL;

  associate_ok (f->store, f->bike1, f->pack1, 1);

  ASSERT_REJECTED (f, PDG_STORE_ERROR_ALREADY_CONSUMED,
                   pdg_store_associate (f->store, f->bike2, f->pack1, 1, 0, 0, &error));

  /* The message names where the serial is. */
  g_assert_cmpint (pdg_store_associate (f->store, f->bike2, f->pack1, 1, 0, 0, &err), ==, 0);
  g_assert_nonnull (strstr (err->message, "BP-1"));
  g_assert_nonnull (strstr (err->message, "EB-1"));
}

static void
test_serial_status_after_consumption (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgUnit) pack = NULL;

  associate_ok (f->store, f->bike1, f->pack1, 1);
  pack = pdg_store_get_unit (f->store, f->pack1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pack->status, ==, PDG_UNIT_STATUS_CONSUMED);
  g_assert_cmpfloat (pack->on_hand, ==, 0);
}

static void
test_consumption_above_batch (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(PdgUnit) cells = NULL;

  /* 100 cells: 40 + 40 fit, 40 more do not. */
  associate_ok (f->store, f->pack1, f->cells, 40);
  associate_ok (f->store, f->pack2, f->cells, 40);

  {
    gint64 pack3 = add_unit (f->store, f->pack_item, "BP-3", 1);

    ASSERT_REJECTED (f, PDG_STORE_ERROR_INSUFFICIENT,
                     pdg_store_associate (f->store, pack3, f->cells, 40, 0, 0, &error));
    /* Exactly what is left is fine, and empties the batch. */
    associate_ok (f->store, pack3, f->cells, 20);
  }

  cells = pdg_store_get_unit (f->store, f->cells, &err);
  g_assert_cmpfloat (cells->on_hand, ==, 0);
  g_assert_cmpint (cells->status, ==, PDG_UNIT_STATUS_CONSUMED);
}

static void
test_duplicate_association (Fixture       *f,
                            gconstpointer  data)
{
  associate_ok (f->store, f->pack1, f->cells, 10);
  ASSERT_REJECTED (f, PDG_STORE_ERROR_DUPLICATE,
                   pdg_store_associate (f->store, f->pack1, f->cells, 5, 0, 0, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_DUPLICATE,
                   pdg_store_associate (f->store, f->pack1, f->cells, 10, 0, 0, &error));
}

static void
test_serial_quantity_above_one (Fixture       *f,
                                gconstpointer  data)
{
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INSUFFICIENT,
                   pdg_store_associate (f->store, f->bike1, f->pack1, 2, 0, 0, &error));
}

static void
test_cycles (Fixture       *f,
             gconstpointer  data)
{
  gint64 l1 = add_unit (f->store, f->cell_item, "L1", 10);
  gint64 l2 = add_unit (f->store, f->cell_item, "L2", 10);
  gint64 l3 = add_unit (f->store, f->cell_item, "L3", 10);

  /* A unit in itself. */
  ASSERT_REJECTED (f, PDG_STORE_ERROR_CYCLE,
                   pdg_store_associate (f->store, f->bike2, f->bike2, 1, 0, 0, &error));

  /* Direct: L1 <- L2, then L2 <- L1. */
  associate_ok (f->store, l1, l2, 1);
  ASSERT_REJECTED (f, PDG_STORE_ERROR_CYCLE,
                   pdg_store_associate (f->store, l2, l1, 1, 0, 0, &error));

  /* Indirect: L1 <- L2 <- L3, then L3 <- L1. */
  associate_ok (f->store, l2, l3, 1);
  ASSERT_REJECTED (f, PDG_STORE_ERROR_CYCLE,
                   pdg_store_associate (f->store, l3, l1, 1, 0, 0, &error));

  /* Not a cycle: L3 straight into L1 as well (a DAG shortcut). */
  associate_ok (f->store, l1, l3, 1);
}

static void
test_unknown_references (Fixture       *f,
                         gconstpointer  data)
{
  PdgUnit unit = { .item_id = 9999, .lot = "X-1", .quantity = 1 };
  PdgOrder order = { .number = "PO-X", .item_id = 9999, .planned_qty = 1 };
  PdgBomLine line = { .order_id = 9999, .line_no = 10, .item_id = 1, .qty_per = 1 };
  PdgEvent event = { .unit_id = 9999, .kind = PDG_EVENT_INSPECTION };
  PdgEvent event_bad_partner = { .unit_id = 1, .kind = PDG_EVENT_INSPECTION, .partner_id = 777 };

  ASSERT_REJECTED (f, PDG_STORE_ERROR_NOT_FOUND, pdg_store_add_unit (f->store, &unit, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_NOT_FOUND, pdg_store_add_order (f->store, &order, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_NOT_FOUND, pdg_store_add_bom_line (f->store, &line, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_NOT_FOUND, pdg_store_add_event (f->store, &event, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_NOT_FOUND, pdg_store_add_event (f->store, &event_bad_partner, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_NOT_FOUND, pdg_store_associate (f->store, 9999, f->pack1, 1, 0, 0, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_NOT_FOUND, pdg_store_associate (f->store, f->bike1, 9999, 1, 0, 0, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_NOT_FOUND, pdg_store_associate (f->store, f->bike1, f->pack1, 1, 9999, 0, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_NOT_FOUND, pdg_store_set_unit_status (f->store, 9999, PDG_UNIT_STATUS_BLOCKED, &error));
}

static void
test_zero_and_negative_quantities (Fixture       *f,
                                   gconstpointer  data)
{
  PdgUnit zero = { .item_id = f->cell_item, .lot = "C-0", .quantity = 0 };
  PdgUnit negative = { .item_id = f->cell_item, .lot = "C-1", .quantity = -5 };
  PdgUnit nan_qty = { .item_id = f->cell_item, .lot = "C-2", .quantity = NAN };
  PdgUnit serial_two = { .item_id = f->bike_item, .lot = "EB-9", .quantity = 2 };
  PdgOrder order = { .number = "PO-0", .item_id = f->bike_item, .planned_qty = 0 };
  PdgBomLine line = { .order_id = f->order, .line_no = 10, .item_id = f->pack_item, .qty_per = -1 };
  PdgEvent ship_zero = { .unit_id = f->cells, .kind = PDG_EVENT_SHIPMENT, .quantity = 0, .partner_id = f->customer };
  PdgEvent negative_event = { .unit_id = f->cells, .kind = PDG_EVENT_INSPECTION, .quantity = -1 };

  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_unit (f->store, &zero, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_unit (f->store, &negative, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_unit (f->store, &nan_qty, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_unit (f->store, &serial_two, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_order (f->store, &order, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_bom_line (f->store, &line, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_event (f->store, &ship_zero, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_event (f->store, &negative_event, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_associate (f->store, f->pack1, f->cells, 0, 0, 0, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_associate (f->store, f->pack1, f->cells, -3, 0, 0, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_associate (f->store, f->pack1, f->cells, INFINITY, 0, 0, &error));
}

static void
test_bad_text_and_dates (Fixture       *f,
                         gconstpointer  data)
{
  PdgUnit empty = { .item_id = f->cell_item, .lot = "", .quantity = 1 };
  PdgUnit control = { .item_id = f->cell_item, .lot = "C\t1", .quantity = 1 };
  PdgUnit bad_date = { .item_id = f->cell_item, .lot = "C-5", .quantity = 1, .expires_on = "2025-02-30" };
  PdgUnit word_date = { .item_id = f->cell_item, .lot = "C-6", .quantity = 1, .produced_on = "yesterday" };
  PdgItem slash = { .number = "A/B", .description = "x", .uom = "pcs" };
  PdgItem bad_gtin = { .number = "GT-1", .description = "x", .uom = "pcs", .gtin = "09506000134353" };
  PdgItem good_gtin = { .number = "GT-2", .description = "x", .uom = "pcs", .gtin = "09506000134352" };
  g_autoptr(GError) err = NULL;

  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_unit (f->store, &empty, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_unit (f->store, &control, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_unit (f->store, &bad_date, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_unit (f->store, &word_date, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_item (f->store, &slash, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INVALID, pdg_store_add_item (f->store, &bad_gtin, &error));
  g_assert_cmpint (pdg_store_add_item (f->store, &good_gtin, &err), >, 0);
  g_assert_no_error (err);
}

static void
test_blocked_unit_cannot_be_used (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) err = NULL;
  PdgEvent ship = { .unit_id = f->cells, .kind = PDG_EVENT_SHIPMENT, .quantity = 1, .partner_id = f->customer };

  g_assert_true (pdg_store_set_unit_status (f->store, f->cells, PDG_UNIT_STATUS_BLOCKED, &err));
  g_assert_no_error (err);

  ASSERT_REJECTED (f, PDG_STORE_ERROR_STATUS, pdg_store_associate (f->store, f->pack1, f->cells, 1, 0, 0, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_STATUS, pdg_store_add_event (f->store, &ship, &error));
}

static void
test_events_move_stock (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(PdgUnit) cells = NULL;
  g_autoptr(PdgUnit) bike = NULL;
  g_autoptr(GPtrArray) events = NULL;
  PdgEvent scrap = { .unit_id = f->cells, .kind = PDG_EVENT_SCRAP, .quantity = 30, .note = "Dented cans" };
  PdgEvent ship = { .unit_id = f->bike1, .kind = PDG_EVENT_SHIPMENT, .quantity = 1,
                    .partner_id = f->customer, .doc_type = "DESADV", .doc_ref = "D-1001", .at = 1735689600 };
  PdgEvent too_much = { .unit_id = f->cells, .kind = PDG_EVENT_SCRAP, .quantity = 71 };
  PdgEvent move = { .unit_id = f->cells, .kind = PDG_EVENT_TRANSFER, .location_id = 0 };

  g_assert_cmpint (pdg_store_add_event (f->store, &scrap, &err), >, 0);
  g_assert_cmpint (pdg_store_add_event (f->store, &ship, &err), >, 0);
  g_assert_no_error (err);

  move.location_id = f->plant;
  g_assert_cmpint (pdg_store_add_event (f->store, &move, &err), >, 0);
  g_assert_no_error (err);

  cells = pdg_store_get_unit (f->store, f->cells, &err);
  g_assert_cmpfloat (cells->on_hand, ==, 70);
  g_assert_cmpint (cells->status, ==, PDG_UNIT_STATUS_AVAILABLE);
  g_assert_cmpstr (cells->location, ==, "Plant Leipzig – Assembly");

  bike = pdg_store_get_unit (f->store, f->bike1, &err);
  g_assert_cmpint (bike->status, ==, PDG_UNIT_STATUS_SHIPPED);
  g_assert_cmpfloat (bike->on_hand, ==, 0);

  events = pdg_store_list_events (f->store, f->bike1, &err);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (((PdgEvent *) events->pdata[0])->partner, ==, "Velo Haus Berlin");
  g_assert_cmpstr (((PdgEvent *) events->pdata[0])->doc_ref, ==, "D-1001");

  /* A shipped serial cannot be shipped or consumed again. */
  ASSERT_REJECTED (f, PDG_STORE_ERROR_STATUS, pdg_store_add_event (f->store, &ship, &error));
  ASSERT_REJECTED (f, PDG_STORE_ERROR_INSUFFICIENT, pdg_store_add_event (f->store, &too_much, &error));
}

static void
test_audit_in_same_transaction (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unit_audit = NULL;
  g_autoptr(GPtrArray) edge_audit = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 n_audit = scalar (f, "SELECT count(*) FROM audit");
  gint64 edge;
  PdgAuditEntry *entry;

  edge = pdg_store_associate (f->store, f->pack1, f->cells, 40, f->order, 0, &error);
  g_assert_no_error (error);

  /* One entry for the edge, one for the batch's stock. */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit"), ==, n_audit + 2);

  edge_audit = pdg_store_list_audit (f->store, "association", edge, 0, &error);
  g_assert_cmpuint (edge_audit->len, ==, 1);
  entry = edge_audit->pdata[0];
  g_assert_cmpstr (entry->action, ==, "association.create");
  g_assert_cmpstr (entry->actor, ==, "tester");
  g_assert_null (entry->before);
  g_assert_nonnull (strstr (entry->after, "\"quantity\":40"));
  g_assert_cmpint (entry->at, >, 0);

  unit_audit = pdg_store_list_audit (f->store, "unit", f->cells, 1, &error);
  entry = unit_audit->pdata[0];
  g_assert_cmpstr (entry->action, ==, "unit.update");
  g_assert_nonnull (strstr (entry->before, "\"on_hand\":100"));
  g_assert_nonnull (strstr (entry->after, "\"on_hand\":60"));

  /* Inside an outer transaction that is rolled back, the row and its audit
   * entries go together. */
  before = digest (f);
  g_assert_true (pdg_store_begin (f->store, &error));
  g_assert_cmpint (pdg_store_associate (f->store, f->pack2, f->cells, 10, 0, 0, &error), >, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit"), ==, n_audit + 4);
  pdg_store_rollback (f->store);
  after = digest (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_audit_is_append_only (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = digest (f);
  g_autofree char *after = NULL;

  g_assert_false (pdg_store_exec (f->store, "UPDATE audit SET actor = 'mallory'", &error));
  g_assert_nonnull (strstr (error->message, "append-only"));
  g_clear_error (&error);
  g_assert_false (pdg_store_exec (f->store, "DELETE FROM audit", &error));
  g_assert_nonnull (strstr (error->message, "append-only"));

  after = digest (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_every_write_is_audited (Fixture       *f,
                             gconstpointer  data)
{
  /* The fixture wrote 4 items, 1 order, 6 units, 2 partners, 1 location,
   * and the database creation: one entry each. */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit"), ==, 4 + 1 + 6 + 2 + 1 + 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit WHERE action = 'unit.create' AND after IS NOT NULL AND before IS NULL"), ==, 6);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit WHERE actor <> 'tester' AND action <> 'database.create'"), ==, 0);
}

static void
test_resolve_unit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, f->pack2);
  PdgUnit *unit;
  PdgUnit same_lot = { .item_id = f->frame_item, .lot = "C-2291", .quantity = 1 };

  unit = pdg_store_resolve_unit (f->store, "EB-U500/EB-2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (unit->id, ==, f->bike2);
  g_assert_cmpstr (unit->item_description, ==, "Urban e-bike U500");
  pdg_unit_free (unit);

  unit = pdg_store_resolve_unit (f->store, "  BP-1 ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (unit->id, ==, f->pack1);
  pdg_unit_free (unit);

  unit = pdg_store_resolve_unit (f->store, id_text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (unit->id, ==, f->pack2);
  pdg_unit_free (unit);

  unit = pdg_store_resolve_unit (f->store, "EB-U500/NOPE", &error);
  g_assert_null (unit);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  unit = pdg_store_resolve_unit (f->store, "SN-7781", &error);
  g_assert_null (unit);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "SN-7781"));
  g_clear_error (&error);

  unit = pdg_store_resolve_unit (f->store, "   ", &error);
  g_assert_null (unit);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Two items share a lot number: ask which. */
  g_assert_cmpint (pdg_store_add_unit (f->store, &same_lot, &error), >, 0);
  unit = pdg_store_resolve_unit (f->store, "C-2291", &error);
  g_assert_null (unit);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_AMBIGUOUS);
  g_assert_nonnull (strstr (error->message, "CELL-21700"));
  g_assert_nonnull (strstr (error->message, "FRM-AL"));
  g_clear_error (&error);

  unit = pdg_store_resolve_unit (f->store, "FRM-AL/C-2291", &error);
  g_assert_no_error (error);
  g_assert_cmpint (unit->item_id, ==, f->frame_item);
  pdg_unit_free (unit);
}

/* A scanned GS1 code, bracketed, or a Digital Link names a unit by GTIN and
 * serial/batch; a bad code says what is wrong with it. */
static void
test_resolve_gs1 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  PdgItem scanned = { .number = "MOT-1", .description = "Hub motor", .uom = "pcs",
                      .tracking = PDG_TRACKING_SERIAL, .gtin = "09506000134352" };
  PdgUnit motor = { .lot = "HM-42", .quantity = 1 };
  gint64 motor_id;
  PdgUnit *unit;
  static const char * const codes[] = {
    "(01)09506000134352(21)HM-42",
    "]d2010950600013435221HM-42",
    "https://id.example.com/shop/01/09506000134352/21/HM-42",
  };

  motor.item_id = pdg_store_add_item (f->store, &scanned, &error);
  g_assert_no_error (error);
  motor_id = pdg_store_add_unit (f->store, &motor, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      unit = pdg_store_resolve_unit (f->store, codes[i], &error);
      g_assert_no_error (error);
      g_assert_cmpint (unit->id, ==, motor_id);
      pdg_unit_free (unit);
    }
  found = pdg_store_find_units (f->store, codes[2], 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  unit = pdg_store_resolve_unit (f->store, "(01)09506000134353(21)HM-42", &error);
  g_assert_null (unit);
  g_assert_error (error, PDG_GS1_ERROR, PDG_GS1_ERROR_CHECK_DIGIT);
  g_clear_error (&error);
  unit = pdg_store_resolve_unit (f->store, "(01)09521234543213(21)HM-42", &error);
  g_assert_null (unit);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "09521234543213"));
  g_clear_error (&error);
  unit = pdg_store_resolve_unit (f->store, "(01)09506000134352(21)HM-43", &error);
  g_assert_null (unit);
  g_assert_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_find_units (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) limited = NULL;
  g_autoptr(GPtrArray) by_key = NULL;

  found = pdg_store_find_units (f->store, "EB-", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (((PdgUnit *) found->pdata[0])->lot, ==, "EB-1");

  limited = pdg_store_find_units (f->store, "EB-", 1, &error);
  g_assert_cmpuint (limited->len, ==, 1);

  none = pdg_store_find_units (f->store, "ZZZ", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  by_key = pdg_store_find_units (f->store, "BAT-48V/BP-2", 10, &error);
  g_assert_cmpuint (by_key->len, ==, 1);
  g_assert_cmpint (((PdgUnit *) by_key->pdata[0])->id, ==, f->pack2);
}

static void
test_components_and_consumers (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) components = NULL;
  g_autoptr(GPtrArray) consumers = NULL;
  PdgAssociation *a;

  associate_ok (f->store, f->bike1, f->pack1, 1);
  associate_ok (f->store, f->bike1, f->frame1, 1);
  associate_ok (f->store, f->pack1, f->cells, 40);
  associate_ok (f->store, f->pack2, f->cells, 40);

  components = pdg_store_list_components (f->store, f->bike1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (components->len, ==, 2);
  a = components->pdata[0];
  g_assert_cmpstr (a->other->item_number, ==, "BAT-48V");
  g_assert_cmpstr (a->created_by, ==, "tester");

  consumers = pdg_store_list_consumers (f->store, f->cells, &error);
  g_assert_cmpuint (consumers->len, ==, 2);
  a = consumers->pdata[1];
  g_assert_cmpstr (a->other->lot, ==, "BP-2");
  g_assert_cmpfloat (a->quantity, ==, 40);
}

static void
test_reopen_keeps_data (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  associate_ok (f->store, f->bike1, f->pack1, 1);
  before = digest (f);
  g_clear_object (&f->store);

  f->store = pdg_store_open (f->path, &error);
  g_assert_no_error (error);
  after = digest (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_open_at_dates_history (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pedigree-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "replay.db", NULL);
  g_autoptr(PdgStore) store = pdg_store_open_at (path, 1704178800, "importer", &error);
  g_autoptr(GPtrArray) audit = NULL;
  PdgItem item = { .number = "X-1", .description = "x", .uom = "pcs" };
  PdgAuditEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpint (pdg_store_add_item (store, &item, &error), >, 0);
  audit = pdg_store_list_audit (store, NULL, 0, 0, &error);
  g_assert_cmpuint (audit->len, ==, 2);
  for (guint i = 0; i < audit->len; i++)
    {
      entry = g_ptr_array_index (audit, i);
      g_assert_cmpint (entry->at, ==, 1704178800);
      g_assert_cmpstr (entry->actor, ==, "importer");
    }

  g_clear_object (&store);
  pdg_test_remove_database (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/store/migrates-an-empty-file", test_migrates_empty_file);
  g_test_add_func ("/store/read-only-connections-read-beside-the-writer", test_readonly_reads_beside_the_writer);
  g_test_add_func ("/store/refuses-files-that-are-not-pedigree-databases", test_refuses_foreign_files);
  g_test_add_func ("/store/open-at-dates-a-replayed-history", test_open_at_dates_history);
  ADD ("/store/uses-wal-and-foreign-keys", test_wal_and_foreign_keys);
  ADD ("/store/refuses-a-newer-schema", test_refuses_newer_schema);
  ADD ("/store/rejects-a-duplicate-serial", test_duplicate_serial);
  ADD ("/store/names-the-duplicate-serial", test_duplicate_serial_message);
  ADD ("/store/rejects-a-serial-consumed-twice", test_serial_consumed_twice);
  ADD ("/store/marks-a-used-serial-consumed", test_serial_status_after_consumption);
  ADD ("/store/rejects-consumption-above-the-batch", test_consumption_above_batch);
  ADD ("/store/rejects-more-than-one-of-a-serial", test_serial_quantity_above_one);
  ADD ("/store/rejects-registering-the-same-component-twice", test_duplicate_association);
  ADD ("/store/rejects-cycles", test_cycles);
  ADD ("/store/rejects-unknown-references", test_unknown_references);
  ADD ("/store/rejects-zero-and-negative-quantities", test_zero_and_negative_quantities);
  ADD ("/store/rejects-bad-text-and-dates", test_bad_text_and_dates);
  ADD ("/store/refuses-to-use-a-blocked-unit", test_blocked_unit_cannot_be_used);
  ADD ("/store/events-move-stock-and-status", test_events_move_stock);
  ADD ("/store/audits-in-the-same-transaction", test_audit_in_same_transaction);
  ADD ("/store/audit-is-append-only", test_audit_is_append_only);
  ADD ("/store/audits-every-write", test_every_write_is_audited);
  ADD ("/store/resolves-unit-identifiers", test_resolve_unit);
  ADD ("/store/resolves-gs1-codes", test_resolve_gs1);
  ADD ("/store/finds-units-by-prefix", test_find_units);
  ADD ("/store/lists-components-and-consumers", test_components_and_consumers);
  ADD ("/store/reopening-keeps-the-data", test_reopen_keeps_data);
#undef ADD

  return g_test_run ();
}
