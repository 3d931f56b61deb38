/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-store.c: the SQLite database behind Pedigree.
 *
 * One PdgStore is one connection to one database file. The schema is created
 * and upgraded by forward migrations keyed on PRAGMA user_version; the file is
 * in WAL mode with foreign keys on.
 *
 * Every write is a SAVEPOINT: it checks its rules first (each broken rule is a
 * PDG_STORE_ERROR with a message naming the thing and what to do), then
 * changes rows and appends audit entries (who, when, a JSON image of the row
 * before and after) inside the same savepoint. On any error the savepoint is
 * rolled back, so a rejected write leaves every row as it was. Writes nest, so
 * callers can make several of them one transaction with pdg_store_begin().
 *
 * Prepared statements are cached per SQL text (see get_stmt()); a PdgStore is
 * used from one thread at a time.
 */
#include "config.h"

#include <inttypes.h>

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "pdg-format.h"
#include "pdg-gs1.h"
#include "pdg-store-private.h"

struct _PdgStore
{
  GObject     parent_instance;

  sqlite3    *db;          /* owned */
  char       *path;        /* owned */
  char       *actor;       /* owned; who the audit entries name */
  GHashTable *stmts;       /* owned; SQL literal (by address) -> sqlite3_stmt*, finalized on dispose */
  gint64      clock;       /* when > 0, the time every audit entry and default time uses */
  guint       depth;       /* open savepoints */
};

G_DEFINE_FINAL_TYPE (PdgStore, pdg_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (pdg-store-error-quark, pdg_store_error)

/* Tables in dependency order; the digest and `info` walk them in this order. */
static const char * const table_names[] = {
  "partner", "location", "item", "production_order", "bom_line",
  "unit", "association", "event", "pick_journal", "pick_journal_line",
  "epcis_event", "epcis_epc", "audit", NULL
};

/* The genealogy closure: for every top unit (one that has components and
 * is not itself a component of anything, such as a finished bike), every
 * link below it, with a marker row (parent 0, child = the unit itself).
 * A backward trace of a top unit is then one index range instead of one
 * index probe per unit that has components; what is read is still the
 * links' own values, which the association table keeps the only copy of.
 *
 * Triggers keep it in the same transaction as every change of
 * association, by whichever path (store, EPCIS, the server, plain SQL):
 *   - a new link P <- C: C is no longer a top, so its rows go; every top
 *     above P (P itself when it has no consumer) gains the link and every
 *     link below C;
 *   - a link's quantity or order changed: its row under every top above
 *     it changes;
 *   - a removed link of a component without components (a lot, a bought
 *     part): its row goes from every top above it;
 *   - any other removed or moved link: the tops above its parent(s) are
 *     rebuilt from the association table, and its child becomes a top
 *     again when nothing else consumes it.
 * The cost on write: a walk up from the parent and a walk down from the
 * child, plus one row per link below the child for every top above the
 * parent; for a scan onto a finished unit that is the component's own
 * links. Storage: one row per link per top. */
#define CLOSURE_TABLE \
  "CREATE TABLE genealogy_closure (" \
  "  root_id INTEGER NOT NULL," \
  "  parent_id INTEGER NOT NULL," \
  "  child_id INTEGER NOT NULL," \
  "  quantity REAL," \
  "  order_id INTEGER," \
  "  PRIMARY KEY (root_id, parent_id, child_id)) WITHOUT ROWID;"

/* Whether unit x is a top: it has components and no consumer. */
#define CLOSURE_IS_TOP(x) \
  " EXISTS (SELECT 1 FROM association AS d WHERE d.parent_id = " x ")" \
  " AND NOT EXISTS (SELECT 1 FROM association AS c WHERE c.child_id = " x ")"

/* CTE parts. up: X and everything that consumes it, transitively. tops:
 * those of up that are tops. down: the units below each root of
 * "roots (id)". */
#define CLOSURE_UP(seeds) \
  " up (id) AS (" seeds \
  "   UNION SELECT a.parent_id FROM up JOIN association AS a ON a.child_id = up.id)," \
  " tops (id) AS (SELECT id FROM up WHERE" CLOSURE_IS_TOP ("up.id") ")"
#define CLOSURE_ROWS \
  " down (root, id) AS (SELECT id, id FROM roots" \
  "   UNION SELECT down.root, a.child_id FROM down JOIN association AS a ON a.parent_id = down.id)" \
  " SELECT id, 0, id, NULL, NULL FROM roots" \
  " UNION ALL SELECT down.root, a.parent_id, a.child_id, a.quantity, a.order_id" \
  " FROM down JOIN association AS a ON a.parent_id = down.id"
/* Rebuilds the closures of the tops above the parents in seeds, and of
 * child when it is now a top. */
#define CLOSURE_REBUILD(seeds, child) \
  "  DELETE FROM genealogy_closure WHERE root_id IN (WITH RECURSIVE" CLOSURE_UP (seeds) \
  "    SELECT id FROM up);" \
  "  INSERT INTO genealogy_closure WITH RECURSIVE" CLOSURE_UP (seeds) "," \
  "    roots (id) AS (SELECT id FROM tops UNION SELECT " child " WHERE" CLOSURE_IS_TOP (child) ")," \
  CLOSURE_ROWS ";"
#define CLOSURE_TRIGGERS \
  "CREATE TRIGGER genealogy_closure_insert AFTER INSERT ON association BEGIN" \
  "  DELETE FROM genealogy_closure WHERE root_id = NEW.child_id;" \
  "  INSERT OR IGNORE INTO genealogy_closure WITH RECURSIVE" CLOSURE_UP (" SELECT NEW.parent_id") "," \
  "    below (id) AS (SELECT NEW.child_id" \
  "      UNION SELECT a.child_id FROM below JOIN association AS a ON a.parent_id = below.id)" \
  "    SELECT id, 0, id, NULL, NULL FROM tops" \
  "    UNION ALL SELECT tops.id, a.parent_id, a.child_id, a.quantity, a.order_id" \
  "    FROM tops, below JOIN association AS a ON a.parent_id = below.id" \
  "    UNION ALL SELECT id, NEW.parent_id, NEW.child_id, NEW.quantity, NEW.order_id FROM tops;" \
  "END;" \
  "CREATE TRIGGER genealogy_closure_delete_leaf AFTER DELETE ON association" \
  "  WHEN NOT EXISTS (SELECT 1 FROM association AS a WHERE a.parent_id = OLD.child_id) BEGIN" \
  "  DELETE FROM genealogy_closure WHERE root_id IN (WITH RECURSIVE" CLOSURE_UP (" SELECT OLD.parent_id") \
  "    SELECT id FROM up) AND parent_id = OLD.parent_id AND child_id = OLD.child_id;" \
  "  DELETE FROM genealogy_closure WHERE root_id = OLD.parent_id AND parent_id = 0" \
  "    AND NOT EXISTS (SELECT 1 FROM association AS a WHERE a.parent_id = OLD.parent_id);" \
  "END;" \
  "CREATE TRIGGER genealogy_closure_delete AFTER DELETE ON association" \
  "  WHEN EXISTS (SELECT 1 FROM association AS a WHERE a.parent_id = OLD.child_id) BEGIN" \
  CLOSURE_REBUILD (" SELECT OLD.parent_id", "OLD.child_id") \
  "END;" \
  "CREATE TRIGGER genealogy_closure_update_values" \
  "  AFTER UPDATE OF parent_id, child_id, quantity, order_id ON association" \
  "  WHEN OLD.parent_id = NEW.parent_id AND OLD.child_id = NEW.child_id BEGIN" \
  "  UPDATE genealogy_closure SET quantity = NEW.quantity, order_id = NEW.order_id" \
  "    WHERE root_id IN (WITH RECURSIVE" CLOSURE_UP (" SELECT NEW.parent_id") " SELECT id FROM up)" \
  "    AND parent_id = NEW.parent_id AND child_id = NEW.child_id;" \
  "END;" \
  "CREATE TRIGGER genealogy_closure_update_links" \
  "  AFTER UPDATE OF parent_id, child_id, quantity, order_id ON association" \
  "  WHEN OLD.parent_id <> NEW.parent_id OR OLD.child_id <> NEW.child_id BEGIN" \
  "  DELETE FROM genealogy_closure WHERE root_id = NEW.child_id;" \
  CLOSURE_REBUILD (" SELECT OLD.parent_id UNION SELECT NEW.parent_id", "OLD.child_id") \
  "END;" \
  "CREATE TRIGGER genealogy_closure_unit AFTER DELETE ON unit BEGIN" \
  "  DELETE FROM genealogy_closure WHERE root_id = OLD.id;" \
  "END;"

/* migrations[i] takes a database from user_version i to i + 1. */
static const char * const migrations[] = {
  /* 0 -> 1: the first schema */
  "CREATE TABLE partner ("
  "  id INTEGER PRIMARY KEY,"
  "  kind INTEGER NOT NULL CHECK (kind IN (0, 1)),"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  city TEXT,"
  "  country TEXT);"
  "CREATE TABLE location ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL);"
  "CREATE TABLE item ("
  "  id INTEGER PRIMARY KEY,"
  "  number TEXT NOT NULL UNIQUE,"
  "  description TEXT NOT NULL,"
  "  tracking INTEGER NOT NULL CHECK (tracking BETWEEN 0 AND 2),"
  "  uom TEXT NOT NULL,"
  "  gtin TEXT UNIQUE,"
  "  shelf_life_days INTEGER NOT NULL DEFAULT 0 CHECK (shelf_life_days >= 0));"
  "CREATE TABLE production_order ("
  "  id INTEGER PRIMARY KEY,"
  "  number TEXT NOT NULL UNIQUE,"
  "  item_id INTEGER NOT NULL REFERENCES item (id),"
  "  planned_qty REAL NOT NULL CHECK (planned_qty > 0),"
  "  started_qty REAL NOT NULL DEFAULT 0 CHECK (started_qty >= 0),"
  "  good_qty REAL NOT NULL DEFAULT 0 CHECK (good_qty >= 0),"
  "  error_qty REAL NOT NULL DEFAULT 0 CHECK (error_qty >= 0),"
  "  status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 3),"
  "  location_id INTEGER REFERENCES location (id),"
  "  started_at INTEGER,"
  "  ended_at INTEGER);"
  "CREATE TABLE bom_line ("
  "  id INTEGER PRIMARY KEY,"
  "  order_id INTEGER NOT NULL REFERENCES production_order (id),"
  "  line_no INTEGER NOT NULL,"
  "  item_id INTEGER NOT NULL REFERENCES item (id),"
  "  qty_per REAL NOT NULL CHECK (qty_per > 0),"
  "  tracked INTEGER NOT NULL DEFAULT 1 CHECK (tracked IN (0, 1)),"
  "  UNIQUE (order_id, line_no));"
  "CREATE TABLE unit ("
  "  id INTEGER PRIMARY KEY,"
  "  item_id INTEGER NOT NULL REFERENCES item (id),"
  "  lot TEXT NOT NULL CHECK (length (lot) > 0),"
  "  quantity REAL NOT NULL CHECK (quantity > 0),"
  "  on_hand REAL NOT NULL CHECK (on_hand >= 0),"
  "  status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 5),"
  "  origin INTEGER NOT NULL CHECK (origin IN (0, 1)),"
  "  produced_on TEXT,"
  "  expires_on TEXT,"
  "  order_id INTEGER REFERENCES production_order (id),"
  "  location_id INTEGER REFERENCES location (id));"
  /* (lot, item_id): unique serial/batch per item, and the index for
   * looking a unit up by serial or batch alone. */
  "CREATE UNIQUE INDEX unit_lot ON unit (lot, item_id);"
  "CREATE INDEX unit_order ON unit (order_id) WHERE order_id IS NOT NULL;"
  "CREATE TABLE association ("
  "  id INTEGER PRIMARY KEY,"
  "  parent_id INTEGER NOT NULL REFERENCES unit (id),"
  "  child_id INTEGER NOT NULL REFERENCES unit (id),"
  "  quantity REAL NOT NULL CHECK (quantity > 0),"
  "  order_id INTEGER REFERENCES production_order (id),"
  "  created_by TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  CHECK (parent_id <> child_id));"
  /* One edge per (parent, child); backward traversal walks it. Forward
   * traversal, where a recall fans out to 100k+ units, walks a covering
   * index and never reads the table. */
  "CREATE UNIQUE INDEX association_down ON association (parent_id, child_id);"
  "CREATE INDEX association_up ON association (child_id, parent_id, quantity, order_id);"
  "CREATE TABLE event ("
  "  id INTEGER PRIMARY KEY,"
  "  unit_id INTEGER NOT NULL REFERENCES unit (id),"
  "  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 6),"
  "  at INTEGER NOT NULL,"
  "  quantity REAL NOT NULL DEFAULT 0 CHECK (quantity >= 0),"
  "  location_id INTEGER REFERENCES location (id),"
  "  partner_id INTEGER REFERENCES partner (id),"
  "  order_id INTEGER REFERENCES production_order (id),"
  "  doc_type TEXT,"
  "  doc_ref TEXT,"
  "  note TEXT);"
  "CREATE INDEX event_unit ON event (unit_id, at);"
  /* Receipts by supplier and time, for a recall by supplier; receipts are
   * few, so the partial index is small. */
  "CREATE INDEX event_receipt ON event (partner_id, at) WHERE kind = 0;"
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  entity_id INTEGER,"
  "  before TEXT,"
  "  after TEXT);"
  "CREATE INDEX audit_entity ON audit (entity, entity_id);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'audit entries are append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'audit entries are append-only'); END;",

  /* 1 -> 2: registration. Picking-list journals (Adjust consumption), and
   * two more event kinds: unlink (7) and reversal of a report as finished
   * (8). SQLite cannot alter a CHECK constraint, and rebuilding the event
   * table of a big database takes minutes, so the constraint's text is
   * widened in the schema (SQLite's documented procedure for changes that
   * leave the stored rows valid); migrate() then bumps schema_version. */
  "CREATE TABLE pick_journal ("
  "  id INTEGER PRIMARY KEY,"
  "  order_id INTEGER NOT NULL REFERENCES production_order (id),"
  "  status INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),"
  "  created_by TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX pick_journal_order ON pick_journal (order_id);"
  "CREATE TABLE pick_journal_line ("
  "  id INTEGER PRIMARY KEY,"
  "  journal_id INTEGER NOT NULL REFERENCES pick_journal (id),"
  "  parent_id INTEGER NOT NULL REFERENCES unit (id),"
  "  child_id INTEGER NOT NULL REFERENCES unit (id),"
  "  bom_line_id INTEGER NOT NULL REFERENCES bom_line (id),"
  "  quantity REAL NOT NULL CHECK (quantity > 0),"
  "  location_id INTEGER REFERENCES location (id));"
  "CREATE INDEX pick_journal_line_journal ON pick_journal_line (journal_id);"
  "PRAGMA writable_schema = ON;"
  "UPDATE sqlite_schema SET sql = replace (sql, 'CHECK (kind BETWEEN 0 AND 6)', 'CHECK (kind BETWEEN 0 AND 8)')"
  "  WHERE type = 'table' AND name = 'event';"
  "PRAGMA writable_schema = OFF;",

  /* 2 -> 3: EPCIS 2.0 capture (pdg-epcis.c). Every captured EPCIS event is
   * kept whole, as its JSON (body), beside what it did to units, events and
   * associations, so nothing of it is lost and the EPCIS query can answer
   * with it. epcis_epc indexes the identifiers each event names (role:
   * epc, parent, child, input, output, quantity, child_quantity,
   * input_quantity, output_quantity) for MATCH_epc / MATCH_anyEPC, with the
   * unit it was mapped to, if any. Times are Unix milliseconds. */
  "CREATE TABLE epcis_event ("
  "  id INTEGER PRIMARY KEY,"
  "  type TEXT NOT NULL,"
  "  event_id TEXT,"
  "  action TEXT,"
  "  event_time INTEGER NOT NULL,"
  "  record_time INTEGER NOT NULL,"
  "  biz_step TEXT,"
  "  disposition TEXT,"
  "  read_point TEXT,"
  "  biz_location TEXT,"
  "  declaration INTEGER NOT NULL DEFAULT 0 CHECK (declaration IN (0, 1)),"
  "  body TEXT NOT NULL);"
  "CREATE INDEX epcis_event_time ON epcis_event (event_time);"
  "CREATE INDEX epcis_event_event_id ON epcis_event (event_id) WHERE event_id IS NOT NULL;"
  "CREATE TABLE epcis_epc ("
  "  id INTEGER PRIMARY KEY,"
  "  epcis_event_id INTEGER NOT NULL REFERENCES epcis_event (id),"
  "  role TEXT NOT NULL,"
  "  epc TEXT NOT NULL,"
  "  unit_id INTEGER REFERENCES unit (id));"
  "CREATE INDEX epcis_epc_epc ON epcis_epc (epc, epcis_event_id);"
  "CREATE INDEX epcis_epc_event ON epcis_epc (epcis_event_id);",

  /* 3 -> 4: the genealogy closure (see "The genealogy closure" above);
   * migrate() fills it. And the links downwards with their values, as
   * association_up has them upwards: a level of a backward walk and the
   * inputs of a transformation in the FSMA sheet are then read from the
   * index alone (association_down stays for the unique pair). */
  "CREATE INDEX association_down_cover ON association (parent_id, child_id, quantity, order_id);"
  CLOSURE_TABLE
  CLOSURE_TRIGGERS,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == PDG_STORE_SCHEMA_VERSION);

/* The columns every unit read selects, in the order read_unit() expects. */
#define UNIT_COLUMNS \
  "u.id, u.item_id, i.number, i.description, i.uom, i.tracking, u.lot, " \
  "u.quantity, u.on_hand, u.status, u.origin, u.produced_on, u.expires_on, " \
  "u.order_id, u.location_id, l.name"
#define UNIT_FROM \
  " FROM unit u JOIN item i ON i.id = u.item_id" \
  " LEFT JOIN location l ON l.id = u.location_id"
#define UNIT_N_COLUMNS 16

static void
pdg_store_dispose (GObject *object)
{
  PdgStore *self = PDG_STORE (object);

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close (self->db);
      self->db = NULL;
    }

  G_OBJECT_CLASS (pdg_store_parent_class)->dispose (object);
}

static void
pdg_store_finalize (GObject *object)
{
  PdgStore *self = PDG_STORE (object);

  g_free (self->path);
  g_free (self->actor);

  G_OBJECT_CLASS (pdg_store_parent_class)->finalize (object);
}

static void
pdg_store_class_init (PdgStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pdg_store_dispose;
  object_class->finalize = pdg_store_finalize;
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
pdg_store_init (PdgStore *self)
{
  /* Keyed by the address of the SQL literal: every caller passes a static
   * string, and hashing the text on every lookup showed in profiles. */
  self->stmts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_stmt);
  self->actor = g_strdup (g_get_user_name ());
}

/* ------------------------------------------------------------------------ */
/* Low-level helpers                                                         */

gboolean
pdg_store_set_error (PdgStore  *self,
                     GError   **error)
{
  int code = sqlite3_errcode (self->db);

  g_set_error (error, PDG_STORE_ERROR,
               code == SQLITE_NOTADB ? PDG_STORE_ERROR_NOT_A_DATABASE : PDG_STORE_ERROR_FAILED,
               _("Database error in “%s”: %s"), self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3 *
pdg_store_get_handle (PdgStore *self)
{
  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  return self->db;
}

gboolean
pdg_store_exec (PdgStore    *self,
                const char  *sql,
                GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return pdg_store_set_error (self, error);
  return TRUE;
}

/* A cached, reset statement for a static SQL literal (never a built string:
 * the cache is keyed by its address). Borrowed: do not finalize. */
static sqlite3_stmt *
get_stmt (PdgStore    *self,
          const char  *sql,
          GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      pdg_store_set_error (self, error);
      return NULL;
    }

  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

/**
 * pdg_store_json_ids:
 *
 * Sets out to the JSON array "[id,id,...]" of ids.
 */
void
pdg_store_json_ids (GString      *out,
                    const gint64 *ids,
                    guint         n_ids)
{
  g_string_assign (out, "[");
  for (guint i = 0; i < n_ids; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      pdg_format_append_int (out, ids[i]);
    }
  g_string_append_c (out, ']');
}

/**
 * pdg_store_json_append_text:
 *
 * Appends text as a JSON string literal (quotes, backslashes and control
 * characters escaped; UTF-8 passes through).
 */
void
pdg_store_json_append_text (GString    *out,
                            const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/**
 * pdg_store_prepare_cached:
 * @sql: a static string literal (the cache is keyed by its address)
 *
 * For core modules with hot statements: prepared once per store, returned
 * reset and unbound. Borrowed: reset it when done, never finalize it.
 */
sqlite3_stmt *
pdg_store_prepare_cached (PdgStore    *self,
                          const char  *sql,
                          GError     **error)
{
  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  return get_stmt (self, sql, error);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           idx,
                   const char   *text)
{
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, idx, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, idx);
}

static void
bind_id_or_null (sqlite3_stmt *stmt,
                 int           idx,
                 gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, idx, id);
  else
    sqlite3_bind_null (stmt, idx);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

/* Runs a statement that returns no rows (or whose rows are ignored). */
static gboolean
step_done (PdgStore      *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      pdg_store_set_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gint64
now_seconds (PdgStore *self)
{
  if (self->clock > 0)
    return self->clock;
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Savepoints: every write opens one, so writes nest inside begin/commit. */
/* Runs one cached statement that returns no rows (savepoint control: it is
 * on every read and write path, so it is prepared once, not per call). */
static gboolean
run_cached (PdgStore    *self,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, sql, error);

  return stmt != NULL && step_done (self, stmt, error);
}

/* The time writes are stamped with (the store's clock when set). */
gint64
pdg_store_now (PdgStore *self)
{
  return now_seconds (self);
}

gboolean
pdg_store_begin (PdgStore  *self,
                 GError   **error)
{
  g_return_val_if_fail (PDG_IS_STORE (self), FALSE);

  if (!run_cached (self, "SAVEPOINT pdg", error))
    return FALSE;
  self->depth++;
  return TRUE;
}

gboolean
pdg_store_commit (PdgStore  *self,
                  GError   **error)
{
  g_return_val_if_fail (PDG_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (!run_cached (self, "RELEASE pdg", error))
    {
      pdg_store_rollback (self);
      return FALSE;
    }
  self->depth--;
  return TRUE;
}

void
pdg_store_rollback (PdgStore *self)
{
  g_return_if_fail (PDG_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  run_cached (self, "ROLLBACK TO pdg", NULL);
  run_cached (self, "RELEASE pdg", NULL);
  self->depth--;
}

/* Ends a write: commits when ok, rolls back otherwise; returns id or 0. */
static gint64
finish_write (PdgStore  *self,
              gint64     id,
              GError   **error)
{
  if (id <= 0)
    {
      pdg_store_rollback (self);
      return 0;
    }
  if (!pdg_store_commit (self, error))
    return 0;
  return id;
}

/* ------------------------------------------------------------------------ */
/* Audit                                                                     */

/* "SELECT * FROM table WHERE id = ?" as a literal, so that the statement
 * cache (keyed by the SQL's address) keeps one per table. */
static const char *
row_sql (const char *table)
{
  static const char * const sql[][2] = {
    { "partner", "SELECT * FROM partner WHERE id = ?" },
    { "location", "SELECT * FROM location WHERE id = ?" },
    { "item", "SELECT * FROM item WHERE id = ?" },
    { "production_order", "SELECT * FROM production_order WHERE id = ?" },
    { "bom_line", "SELECT * FROM bom_line WHERE id = ?" },
    { "unit", "SELECT * FROM unit WHERE id = ?" },
    { "association", "SELECT * FROM association WHERE id = ?" },
    { "event", "SELECT * FROM event WHERE id = ?" },
    { "pick_journal", "SELECT * FROM pick_journal WHERE id = ?" },
    { "pick_journal_line", "SELECT * FROM pick_journal_line WHERE id = ?" },
    { "epcis_event", "SELECT * FROM epcis_event WHERE id = ?" },
    { "epcis_epc", "SELECT * FROM epcis_epc WHERE id = ?" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    if (g_str_equal (sql[i][0], table))
      return sql[i][1];
  g_return_val_if_reached (NULL);
}

/* A JSON object image of one row, for the audit's before/after. Written
 * by hand (every registration writes two or three of them). */
static char *
row_json (PdgStore   *self,
          const char *table,
          gint64      id)
{
  sqlite3_stmt *stmt = get_stmt (self, row_sql (table), NULL);
  GString *json;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return NULL;
    }

  json = g_string_sized_new (256);
  g_string_append_c (json, '{');
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (i > 0)
        g_string_append_c (json, ',');
      pdg_store_json_append_text (json, sqlite3_column_name (stmt, i));
      g_string_append_c (json, ':');
      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          pdg_format_append_int (json, sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          {
            double v = sqlite3_column_double (stmt, i);

            if (isfinite (v))
              {
                g_string_append (json, g_ascii_dtostr (buf, sizeof buf, v));
                /* JSON readers keep 1.0 a double only with a point. */
                if (strpbrk (buf, ".eE") == NULL)
                  g_string_append (json, ".0");
              }
            else
              g_string_append (json, "null");
          }
          break;
        case SQLITE_NULL:
          g_string_append (json, "null");
          break;
        default:
          pdg_store_json_append_text (json, (const char *) sqlite3_column_text (stmt, i));
          break;
        }
    }
  g_string_append_c (json, '}');
  sqlite3_reset (stmt);

  return g_string_free (json, FALSE);
}

gint64
pdg_store_audit (PdgStore    *self,
                 const char  *action,
                 const char  *entity,
                 gint64       entity_id,
                 const char  *before,
                 const char  *after,
                 GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self,
    "INSERT INTO audit (at, actor, action, entity, entity_id, before, after)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, now_seconds (self));
  sqlite3_bind_text (stmt, 2, self->actor, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, entity, -1, SQLITE_STATIC);
  bind_id_or_null (stmt, 5, entity_id);
  bind_text_or_null (stmt, 6, before);
  bind_text_or_null (stmt, 7, after);

  if (!step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

/* Audits a freshly inserted row (before = NULL, after = the row). */
static gboolean
audit_created (PdgStore    *self,
               const char  *entity,
               gint64       id,
               GError     **error)
{
  g_autofree char *action = g_strconcat (entity, ".create", NULL);
  g_autofree char *after = row_json (self, entity, id);

  return pdg_store_audit (self, action, entity, id, NULL, after, error) > 0;
}

/* Audits an updated row: before (taken by the caller) and the row now. */
static gboolean
audit_updated (PdgStore    *self,
               const char  *action,
               const char  *entity,
               gint64       id,
               const char  *before,
               GError     **error)
{
  g_autofree char *after = row_json (self, entity, id);

  return pdg_store_audit (self, action, entity, id, before, after, error) > 0;
}

/* Runs an INSERT whose parameters are bound, then audits the new row. */
static gint64
insert_audited (PdgStore      *self,
                sqlite3_stmt  *stmt,
                const char    *entity,
                GError       **error)
{
  gint64 id;

  if (!step_done (self, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (self->db);
  if (!audit_created (self, entity, id, error))
    return 0;
  return id;
}

/* ------------------------------------------------------------------------ */
/* Opening and migrations                                                    */

static int
read_user_version (PdgStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

/* After an edit of sqlite_schema: makes every connection reload it. */
static gboolean
bump_schema_cookie (PdgStore  *self,
                    GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = NULL;
  int cookie = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA schema_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    cookie = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (cookie < 0)
    return pdg_store_set_error (self, error);

  sql = g_strdup_printf ("PRAGMA schema_version = %d", cookie + 1);
  return pdg_store_exec (self, sql, error);
}

/**
 * pdg_store_rebuild_closure:
 *
 * Refills the genealogy closure from the association table, one top unit
 * at a time, in the caller's transaction: after a bulk load (with
 * pdg_store_suspend_closure()) and when a database first gets it.
 */
gboolean
pdg_store_rebuild_closure (PdgStore  *self,
                           GError   **error)
{
  sqlite3_stmt *tops = NULL;
  sqlite3_stmt *fill = NULL;
  int rc;

  if (!pdg_store_exec (self, "DELETE FROM genealogy_closure", error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db,
        "SELECT DISTINCT a.parent_id FROM association AS a INDEXED BY association_down"
        " WHERE NOT EXISTS (SELECT 1 FROM association AS c WHERE c.child_id = a.parent_id)",
        -1, &tops, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db,
        "INSERT INTO genealogy_closure WITH RECURSIVE roots (id) AS (SELECT ?1)," CLOSURE_ROWS,
        -1, &fill, NULL) != SQLITE_OK)
    {
      pdg_store_set_error (self, error);
      sqlite3_finalize (tops);
      return FALSE;
    }
  while ((rc = sqlite3_step (tops)) == SQLITE_ROW)
    {
      sqlite3_bind_int64 (fill, 1, sqlite3_column_int64 (tops, 0));
      rc = sqlite3_step (fill);
      sqlite3_reset (fill);
      if (rc != SQLITE_DONE)
        break;
    }
  if (rc != SQLITE_DONE)
    pdg_store_set_error (self, error);
  sqlite3_finalize (tops);
  sqlite3_finalize (fill);
  return rc == SQLITE_DONE;
}

/**
 * pdg_store_suspend_closure:
 *
 * For a bulk load: the closure is no longer kept on each write (its
 * triggers go) until pdg_store_resume_closure(), in the same transaction,
 * puts them back and rebuilds it.
 */
gboolean
pdg_store_suspend_closure (PdgStore  *self,
                           GError   **error)
{
  g_autoptr(GString) drops = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* CLOSURE_TRIGGERS' triggers, by their common prefix. */
  if (sqlite3_prepare_v2 (self->db,
        "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name GLOB 'genealogy_closure_*'",
        -1, &stmt, NULL) != SQLITE_OK)
    return pdg_store_set_error (self, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (drops, "DROP TRIGGER \"%s\";", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return pdg_store_set_error (self, error);
  return pdg_store_exec (self, drops->str, error);
}

gboolean
pdg_store_resume_closure (PdgStore  *self,
                          GError   **error)
{
  return pdg_store_exec (self, CLOSURE_TRIGGERS, error) &&
         pdg_store_rebuild_closure (self, error);
}

static gboolean
migrate (PdgStore  *self,
         GError   **error)
{
  int version = read_user_version (self);

  if (version < 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Pedigree database: %s"),
                   self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }

  if (version > PDG_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_VERSION,
                   _("“%s” was written by a newer Pedigree (schema %d); this version reads schema %d or older. Update Pedigree to open it."),
                   self->path, version, PDG_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  if (version == 0)
    {
      /* A file with tables but no version is somebody else's database. */
      sqlite3_stmt *stmt = NULL;
      int n_tables = 0;

      if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        n_tables = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);

      if (n_tables > 0)
        {
          g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_A_DATABASE,
                       _("“%s” is an SQLite database, but not a Pedigree one. Choose a Pedigree database or a new file name."),
                       self->path);
          return FALSE;
        }
    }

  for (int v = version; v < PDG_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      if (!pdg_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!pdg_store_exec (self, migrations[v], error) ||
          (v == 1 && !bump_schema_cookie (self, error)) ||
          (v == 3 && !pdg_store_rebuild_closure (self, error)) ||
          !pdg_store_exec (self, bump, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      if (v == 0)
        {
          g_autofree char *after = g_strdup_printf ("{\"schema_version\":%d}", PDG_STORE_SCHEMA_VERSION);

          if (pdg_store_audit (self, "database.create", "database", 0, NULL, after, error) == 0)
            {
              sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
              return FALSE;
            }
        }
      if (!pdg_store_exec (self, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}

static PdgStore *
open_store (const char  *path,
            gint64       clock,
            const char  *actor,
            gboolean     read_only,
            GError     **error)
{
  g_autoptr(PdgStore) self = NULL;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (PDG_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->clock = clock;
  if (actor != NULL)
    pdg_store_set_actor (self, actor);

  rc = sqlite3_open_v2 (path, &self->db,
                        (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                        SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_FAILED,
                   _("Cannot open database “%s”: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 0);
  sqlite3_busy_timeout (self->db, 5000);

  version = read_user_version (self);
  if (version < 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Pedigree database (%s). Choose another file."),
                   path, sqlite3_errmsg (self->db));
      return NULL;
    }

  if (read_only)
    {
      /* No migration and no journal mode change: a reader takes the file
       * as its writer left it, and must find the schema it reads. */
      if (version != PDG_STORE_SCHEMA_VERSION)
        {
          g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_VERSION,
                       _("“%s” has schema %d; reading it needs schema %d. Open it once for writing (pedigree-cli info) to upgrade it."),
                       path, version, PDG_STORE_SCHEMA_VERSION);
          return NULL;
        }
      if (!pdg_store_exec (self, "PRAGMA query_only = ON", error) ||
          !pdg_store_exec (self, "PRAGMA cache_size = -65536", error) ||
          !pdg_store_exec (self, "PRAGMA temp_store = MEMORY", error) ||
          !pdg_store_exec (self, "PRAGMA mmap_size = 2147418112", error))
        return NULL;
      return g_steal_pointer (&self);
    }

  if (!pdg_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !pdg_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !pdg_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !pdg_store_exec (self, "PRAGMA cache_size = -65536", error) ||
      /* Statement journals (every nested savepoint of a write) and sorts
       * stay in memory: a temporary file per transaction halved the speed
       * of one-scan registrations. */
      !pdg_store_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      /* Checkpoint every 16 MB of WAL (4,000 pages) rather than 4 MB: a
       * page registrations touch again and again is copied once, not four
       * times; one-scan transactions ran a fifth faster. */
      !pdg_store_exec (self, "PRAGMA wal_autocheckpoint = 4000", error) ||
      /* Reads map the file (up to SQLite's 2 GiB cap) instead of copying
       * every page through read(): a 600k-unit forward trace is ~15% faster. */
      !pdg_store_exec (self, "PRAGMA mmap_size = 2147418112", error) ||
      !migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pdg_store_open:
 * @path: a database file; created with the current schema when missing
 *
 * Opens (and migrates forward) a Pedigree database.
 */
PdgStore *
pdg_store_open (const char  *path,
                GError     **error)
{
  return open_store (path, 0, NULL, FALSE, error);
}

/**
 * pdg_store_open_readonly:
 * @path: an existing Pedigree database of the current schema
 *
 * Opens a connection that only reads: no migration, no pragma that writes,
 * and `query_only` on, so a write through it fails rather than changes the
 * file. In WAL mode it reads beside a writing connection (of this process
 * or another); each transaction sees the last commit made before it began.
 */
PdgStore *
pdg_store_open_readonly (const char  *path,
                         GError     **error)
{
  return open_store (path, 0, NULL, TRUE, error);
}

/**
 * pdg_store_open_at:
 * @at: the Unix time every audit entry of this connection carries
 * @actor: who the audit entries name
 *
 * For writers that replay a history with its own times (the generator, an
 * import of past events): the audit entries carry the replayed time, and
 * the database's creation entry too when the file is new.
 */
PdgStore *
pdg_store_open_at (const char  *path,
                   gint64       at,
                   const char  *actor,
                   GError     **error)
{
  g_return_val_if_fail (at > 0, NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  return open_store (path, at, actor, FALSE, error);
}

void
pdg_store_set_clock (PdgStore *self,
                     gint64    at)
{
  g_return_if_fail (PDG_IS_STORE (self));

  self->clock = at;
}

const char *
pdg_store_get_path (PdgStore *self)
{
  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  return self->path;
}

int
pdg_store_get_schema_version (PdgStore *self)
{
  g_return_val_if_fail (PDG_IS_STORE (self), -1);

  return read_user_version (self);
}

const char *
pdg_store_get_actor (PdgStore *self)
{
  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  return self->actor;
}

void
pdg_store_set_actor (PdgStore   *self,
                     const char *actor)
{
  g_return_if_fail (PDG_IS_STORE (self));
  g_return_if_fail (actor != NULL && *actor != '\0');

  g_free (self->actor);
  self->actor = g_strdup (actor);
}

/* ------------------------------------------------------------------------ */
/* Validation helpers                                                        */

static gboolean
check_quantity (double       quantity,
                const char  *what,
                GError     **error)
{
  if (!isfinite (quantity) || quantity <= 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("The quantity of %s must be more than zero (got %g)."), what, quantity);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_text (const char  *text,
            const char  *what,
            gboolean     required,
            GError     **error)
{
  if (text == NULL || *text == '\0')
    {
      if (!required)
        return TRUE;
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("The %s is missing."), what);
      return FALSE;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("The %s is not valid UTF-8 text."), what);
      return FALSE;
    }

  for (const char *p = text; *p; p++)
    {
      if ((guchar) *p < 0x20)
        {
          g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                       _("The %s “%s” contains a control character; retype it without tabs or line breaks."),
                       what, text);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_date (const char  *text,
            const char  *what,
            GError     **error)
{
  if (text == NULL || *text == '\0')
    return TRUE;

  if (!pdg_parse_date (text, NULL))
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("The %s “%s” is not a date; write it as YYYY-MM-DD."), what, text);
      return FALSE;
    }

  return TRUE;
}

/* Whether a row with this id exists in table; sets a NOT_FOUND error if not. */
static gboolean
check_exists (PdgStore    *self,
              const char  *table,
              gint64       id,
              const char  *what,
              GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, row_sql (table), error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  if (!found)
    g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                 _("There is no %s with id %" PRId64 "."), what, id);
  return found;
}

/* ------------------------------------------------------------------------ */
/* Reading rows into values                                                  */

static PdgUnit *
read_unit (sqlite3_stmt *stmt,
           int           c)
{
  PdgUnit *unit = pdg_unit_new ();

  unit->id = sqlite3_column_int64 (stmt, c + 0);
  unit->item_id = sqlite3_column_int64 (stmt, c + 1);
  unit->item_number = column_dup (stmt, c + 2);
  unit->item_description = column_dup (stmt, c + 3);
  unit->uom = column_dup (stmt, c + 4);
  unit->tracking = (PdgTracking) sqlite3_column_int (stmt, c + 5);
  unit->lot = column_dup (stmt, c + 6);
  unit->quantity = sqlite3_column_double (stmt, c + 7);
  unit->on_hand = sqlite3_column_double (stmt, c + 8);
  unit->status = (PdgUnitStatus) sqlite3_column_int (stmt, c + 9);
  unit->origin = (PdgOrigin) sqlite3_column_int (stmt, c + 10);
  unit->produced_on = column_dup (stmt, c + 11);
  unit->expires_on = column_dup (stmt, c + 12);
  unit->order_id = sqlite3_column_int64 (stmt, c + 13);
  unit->location_id = sqlite3_column_int64 (stmt, c + 14);
  unit->location = column_dup (stmt, c + 15);

  return unit;
}

static PdgItem *
read_item (sqlite3_stmt *stmt)
{
  PdgItem *item = pdg_item_new ();

  item->id = sqlite3_column_int64 (stmt, 0);
  item->number = column_dup (stmt, 1);
  item->description = column_dup (stmt, 2);
  item->tracking = (PdgTracking) sqlite3_column_int (stmt, 3);
  item->uom = column_dup (stmt, 4);
  item->gtin = column_dup (stmt, 5);
  item->shelf_life_days = sqlite3_column_int (stmt, 6);

  return item;
}

#define ITEM_SELECT "SELECT id, number, description, tracking, uom, gtin, shelf_life_days FROM item"

typedef enum
{
  ITEM_BY_ID,
  ITEM_BY_NUMBER,
  ITEM_BY_GTIN,
} ItemKey;

/* One item by id, or by its number or GTIN (@text). */
static PdgItem *
item_query (PdgStore    *self,
            const char  *sql,
            ItemKey      key,
            gint64       id,
            const char  *text,
            GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, sql, error);
  PdgItem *item = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (key == ITEM_BY_ID)
    sqlite3_bind_int64 (stmt, 1, id);
  else
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    item = read_item (stmt);
  else if (rc != SQLITE_DONE)
    pdg_store_set_error (self, error);
  else if (key == ITEM_BY_NUMBER)
    g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                 _("There is no item “%s”. Check the item number."), text);
  else if (key == ITEM_BY_GTIN)
    g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                 _("No item has the GTIN %s."), text);
  else
    g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                 _("There is no item with id %" PRId64 "."), id);
  sqlite3_reset (stmt);

  return item;
}

PdgItem *
pdg_store_get_item (PdgStore  *self,
                    gint64     item_id,
                    GError   **error)
{
  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  return item_query (self, ITEM_SELECT " WHERE id = ?", ITEM_BY_ID, item_id, NULL, error);
}

PdgItem *
pdg_store_find_item (PdgStore    *self,
                     const char  *number,
                     GError     **error)
{
  g_return_val_if_fail (PDG_IS_STORE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  return item_query (self, ITEM_SELECT " WHERE number = ?", ITEM_BY_NUMBER, 0, number, error);
}

/**
 * pdg_store_find_item_by_gtin:
 * @gtin: 14 digits
 *
 * The item a scanned GTIN names.
 */
PdgItem *
pdg_store_find_item_by_gtin (PdgStore    *self,
                             const char  *gtin,
                             GError     **error)
{
  g_return_val_if_fail (PDG_IS_STORE (self), NULL);
  g_return_val_if_fail (gtin != NULL, NULL);

  return item_query (self, ITEM_SELECT " WHERE gtin = ?", ITEM_BY_GTIN, 0, gtin, error);
}

/* Runs a unit query with its parameters bound; appends every row to units. */
static gboolean
collect_units (PdgStore      *self,
               sqlite3_stmt  *stmt,
               GPtrArray     *units,
               GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (units, read_unit (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return pdg_store_set_error (self, error);
  return TRUE;
}

PdgUnit *
pdg_store_get_unit (PdgStore  *self,
                    gint64     unit_id,
                    GError   **error)
{
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_unit_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  stmt = get_stmt (self, "SELECT " UNIT_COLUMNS UNIT_FROM " WHERE u.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, unit_id);
  if (!collect_units (self, stmt, units, error))
    return NULL;

  if (units->len == 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                   _("There is no unit with id %" PRId64 "."), unit_id);
      return NULL;
    }

  return g_ptr_array_steal_index (units, 0);
}

static gboolean
is_all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static GPtrArray *
units_with_lot (PdgStore    *self,
                const char  *lot,
                GError     **error)
{
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_unit_free);
  sqlite3_stmt *stmt = get_stmt (self,
    "SELECT " UNIT_COLUMNS UNIT_FROM " WHERE u.lot = ? ORDER BY i.number", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, lot, -1, SQLITE_TRANSIENT);
  if (!collect_units (self, stmt, units, error))
    return NULL;
  return g_steal_pointer (&units);
}

/* The unit a GS1 code names: its GTIN's item and its serial (21) or batch
 * (10); without a GTIN, the serial/batch alone. */
static PdgUnit *
resolve_gs1 (PdgStore    *self,
             const char  *text,
             GError     **error)
{
  g_autoptr(GPtrArray) units = NULL;
  PdgGs1Code code;
  const char *lot;
  gint64 item_id = 0;

  if (!pdg_gs1_parse_into (&code, text, -1, NULL, error))
    return NULL;
  lot = code.serial[0] != '\0' ? code.serial : code.batch;
  if (*lot == '\0')
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("The GS1 code has no serial number (21) or batch (10), so it names no single unit."));
      return NULL;
    }
  if (code.gtin[0] != '\0')
    {
      g_autoptr(PdgItem) item = pdg_store_find_item_by_gtin (self, code.gtin, error);

      if (item == NULL)
        return NULL;
      item_id = item->id;
    }

  units = units_with_lot (self, lot, error);
  if (units == NULL)
    return NULL;
  for (guint i = 0; i < units->len; i++)
    {
      PdgUnit *unit = g_ptr_array_index (units, i);

      if (item_id == 0 ? units->len == 1 : unit->item_id == item_id)
        return g_ptr_array_steal_index (units, i);
    }
  g_set_error (error, PDG_STORE_ERROR, units->len > 1 && item_id == 0 ? PDG_STORE_ERROR_AMBIGUOUS : PDG_STORE_ERROR_NOT_FOUND,
               _("No unit matches serial or batch “%s”%s."), lot,
               item_id != 0 ? _(" of that GTIN's item") : "");
  return NULL;
}

/**
 * pdg_store_resolve_unit:
 * @text: `ITEM/SERIAL`, `ITEM/BATCH`, a serial or batch number alone, or the
 *   internal id (digits)
 *
 * Finds exactly one unit, or says why not (unknown, or ambiguous with the
 * items to choose from).
 */
PdgUnit *
pdg_store_resolve_unit (PdgStore    *self,
                        const char  *text,
                        GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GPtrArray) units = NULL;
  const char *slash;

  g_return_val_if_fail (PDG_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("Type a serial or batch number, ITEM/SERIAL, ITEM/BATCH or a unit id."));
      return NULL;
    }

  /* A scanned or pasted GS1 code: GTIN (the item) and serial or batch. */
  if (pdg_gs1_looks_like_code (trimmed))
    return resolve_gs1 (self, trimmed, error);

  /* ITEM/LOT: an item number never contains '/', a lot may. */
  slash = strchr (trimmed, '/');
  if (slash != NULL && slash != trimmed && slash[1] != '\0')
    {
      g_autofree char *number = g_strndup (trimmed, slash - trimmed);
      g_autoptr(PdgItem) item = pdg_store_find_item (self, number, NULL);

      if (item != NULL)
        {
          units = units_with_lot (self, slash + 1, error);
          if (units == NULL)
            return NULL;
          for (guint i = 0; i < units->len; i++)
            {
              PdgUnit *unit = g_ptr_array_index (units, i);

              if (unit->item_id == item->id)
                return g_ptr_array_steal_index (units, i);
            }
          g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                       _("Item %s has no serial or batch “%s”."), item->number, slash + 1);
          return NULL;
        }
    }

  if (is_all_digits (trimmed))
    {
      gint64 id = g_ascii_strtoll (trimmed, NULL, 10);
      PdgUnit *unit = pdg_store_get_unit (self, id, NULL);

      if (unit != NULL)
        return unit;
    }

  units = units_with_lot (self, trimmed, error);
  if (units == NULL)
    return NULL;

  if (units->len == 1)
    return g_ptr_array_steal_index (units, 0);

  if (units->len == 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                   _("No unit has the serial or batch number “%s”. Check the number, or write ITEM/SERIAL."),
                   trimmed);
      return NULL;
    }

  {
    g_autoptr(GString) items = g_string_new (NULL);

    for (guint i = 0; i < units->len; i++)
      {
        PdgUnit *unit = g_ptr_array_index (units, i);

        if (i > 0)
          g_string_append (items, ", ");
        g_string_append (items, unit->item_number);
      }
    g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_AMBIGUOUS,
                 _("“%s” is a serial or batch of several items (%s); write ITEM/%s to choose one."),
                 trimmed, items->str, trimmed);
    return NULL;
  }
}

/**
 * pdg_store_find_units:
 * @text: what the user typed
 * @limit: the most units to return
 *
 * Units whose serial/batch starts with @text (exact matches first), or the one
 * unit @text resolves to as ITEM/LOT or id. Never an error for no match: an
 * empty array.
 */
GPtrArray *
pdg_store_find_units (PdgStore    *self,
                      const char  *text,
                      guint        limit,
                      GError     **error)
{
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_unit_free);
  g_autofree char *trimmed = NULL;
  g_autofree char *upper = NULL;
  sqlite3_stmt *stmt;
  PdgUnit *exact;

  g_return_val_if_fail (PDG_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL) || limit == 0)
    return g_steal_pointer (&units);

  /* A GS1 code names one unit or none. */
  if (pdg_gs1_looks_like_code (trimmed))
    {
      exact = pdg_store_resolve_unit (self, trimmed, NULL);
      if (exact != NULL)
        g_ptr_array_add (units, exact);
      return g_steal_pointer (&units);
    }

  if (strchr (trimmed, '/') != NULL || is_all_digits (trimmed))
    {
      exact = pdg_store_resolve_unit (self, trimmed, NULL);
      if (exact != NULL)
        g_ptr_array_add (units, exact);
    }

  /* Prefix range on the (lot, item_id) index: lot >= text AND lot < text+1. */
  upper = g_strconcat (trimmed, "\xf4\x8f\xbf\xbf", NULL);
  stmt = get_stmt (self,
    "SELECT " UNIT_COLUMNS UNIT_FROM
    " WHERE u.lot >= ?1 AND u.lot < ?2"
    " ORDER BY u.lot <> ?1, u.lot, i.number LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, upper, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, (int) MIN (limit, G_MAXINT));
  if (!collect_units (self, stmt, units, error))
    return NULL;

  /* Drop a duplicate of the exact match and cut to the limit. */
  for (guint i = 1; i < units->len; i++)
    {
      if (((PdgUnit *) g_ptr_array_index (units, i))->id == ((PdgUnit *) g_ptr_array_index (units, 0))->id)
        {
          g_ptr_array_remove_index (units, i);
          break;
        }
    }
  if (units->len > limit)
    g_ptr_array_set_size (units, limit);

  return g_steal_pointer (&units);
}

/* The order columns both order queries select, in this order. The
 * registered quantity is what the order's finished units add up to (through
 * the unit_order index). */
#define ORDER_COLUMNS \
  "SELECT o.id, o.number, o.item_id, i.number, i.description, o.planned_qty," \
  " o.started_qty, o.good_qty, o.error_qty, o.status, o.location_id," \
  " o.started_at, o.ended_at," \
  " (SELECT total (u.quantity) FROM unit u WHERE u.order_id = o.id AND u.item_id = o.item_id)" \
  " FROM production_order o JOIN item i ON i.id = o.item_id"

static PdgOrder *
order_from_row (sqlite3_stmt *stmt)
{
  PdgOrder *order = pdg_order_new ();

  order->id = sqlite3_column_int64 (stmt, 0);
  order->number = column_dup (stmt, 1);
  order->item_id = sqlite3_column_int64 (stmt, 2);
  order->item_number = column_dup (stmt, 3);
  order->item_description = column_dup (stmt, 4);
  order->planned_qty = sqlite3_column_double (stmt, 5);
  order->started_qty = sqlite3_column_double (stmt, 6);
  order->good_qty = sqlite3_column_double (stmt, 7);
  order->error_qty = sqlite3_column_double (stmt, 8);
  order->status = (PdgOrderStatus) sqlite3_column_int (stmt, 9);
  order->location_id = sqlite3_column_int64 (stmt, 10);
  order->started_at = sqlite3_column_int64 (stmt, 11);
  order->ended_at = sqlite3_column_int64 (stmt, 12);
  order->registered_qty = sqlite3_column_double (stmt, 13);
  return order;
}

PdgOrder *
pdg_store_get_order (PdgStore  *self,
                     gint64     order_id,
                     GError   **error)
{
  sqlite3_stmt *stmt;
  PdgOrder *order = NULL;
  int rc;

  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  stmt = get_stmt (self, ORDER_COLUMNS " WHERE o.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, order_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    order = order_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                 _("There is no production order with id %" PRId64 "."), order_id);
  else
    pdg_store_set_error (self, error);
  sqlite3_reset (stmt);

  return order;
}

/**
 * pdg_store_get_unit_details:
 *
 * A unit with its events, direct components and direct consumers: what the
 * unit view shows and GET /api/v1/units/{id} answers.
 *
 * Returns: (transfer full): the details, or NULL with @error set.
 */
PdgUnitDetails *
pdg_store_get_unit_details (PdgStore  *self,
                            gint64     unit_id,
                            GError   **error)
{
  g_autoptr(PdgUnitDetails) details = pdg_unit_details_new ();

  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  if ((details->unit = pdg_store_get_unit (self, unit_id, error)) == NULL ||
      (details->events = pdg_store_list_events (self, unit_id, error)) == NULL ||
      (details->components = pdg_store_list_components (self, unit_id, error)) == NULL ||
      (details->consumers = pdg_store_list_consumers (self, unit_id, error)) == NULL)
    return NULL;

  return g_steal_pointer (&details);
}

/**
 * pdg_store_list_orders:
 * @status: an order status, or -1 for open ones (created, started or
 *   reported), or -2 for any
 * @text: (nullable): only orders whose number or item number contains it
 * @limit: at most this many, newest first
 *
 * Returns: (transfer full): PdgOrder values, newest first.
 */
GPtrArray *
pdg_store_list_orders (PdgStore    *self,
                       int          status,
                       const char  *text,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_order_free);
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  stmt = get_stmt (self, ORDER_COLUMNS
    " WHERE (?1 = -2 OR (?1 = -1 AND o.status < 3) OR o.status = ?1)"
    " AND (?2 IS NULL OR instr (o.number, ?2) > 0 OR instr (i.number, ?2) > 0)"
    " ORDER BY o.id DESC LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  pattern = text != NULL && *text != '\0' ? g_strstrip (g_strdup (text)) : NULL;
  sqlite3_bind_int (stmt, 1, status);
  if (pattern != NULL)
    sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (orders, order_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pdg_store_set_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&orders);
}

GPtrArray *
pdg_store_list_bom_lines (PdgStore  *self,
                          gint64     order_id,
                          GError   **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_bom_line_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  stmt = get_stmt (self,
    "SELECT b.id, b.order_id, b.line_no, b.item_id, i.number, i.description, b.qty_per, b.tracked"
    " FROM bom_line b JOIN item i ON i.id = b.item_id WHERE b.order_id = ? ORDER BY b.line_no", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, order_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdgBomLine *line = pdg_bom_line_new ();

      line->id = sqlite3_column_int64 (stmt, 0);
      line->order_id = sqlite3_column_int64 (stmt, 1);
      line->line_no = sqlite3_column_int (stmt, 2);
      line->item_id = sqlite3_column_int64 (stmt, 3);
      line->item_number = column_dup (stmt, 4);
      line->item_description = column_dup (stmt, 5);
      line->qty_per = sqlite3_column_double (stmt, 6);
      line->tracked = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (lines, line);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pdg_store_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&lines);
}

GPtrArray *
pdg_store_list_events (PdgStore  *self,
                       gint64     unit_id,
                       GError   **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_event_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  stmt = get_stmt (self,
    "SELECT e.id, e.unit_id, e.kind, e.at, e.quantity, e.location_id, l.name,"
    " e.partner_id, p.name, e.order_id, o.number, e.doc_type, e.doc_ref, e.note"
    " FROM event e"
    " LEFT JOIN location l ON l.id = e.location_id"
    " LEFT JOIN partner p ON p.id = e.partner_id"
    " LEFT JOIN production_order o ON o.id = e.order_id"
    " WHERE e.unit_id = ? ORDER BY e.at, e.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, unit_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdgEvent *event = pdg_event_new ();

      event->id = sqlite3_column_int64 (stmt, 0);
      event->unit_id = sqlite3_column_int64 (stmt, 1);
      event->kind = (PdgEventKind) sqlite3_column_int (stmt, 2);
      event->at = sqlite3_column_int64 (stmt, 3);
      event->quantity = sqlite3_column_double (stmt, 4);
      event->location_id = sqlite3_column_int64 (stmt, 5);
      event->location = column_dup (stmt, 6);
      event->partner_id = sqlite3_column_int64 (stmt, 7);
      event->partner = column_dup (stmt, 8);
      event->order_id = sqlite3_column_int64 (stmt, 9);
      event->order_number = column_dup (stmt, 10);
      event->doc_type = column_dup (stmt, 11);
      event->doc_ref = column_dup (stmt, 12);
      event->note = column_dup (stmt, 13);
      g_ptr_array_add (events, event);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pdg_store_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

/* Edges of one unit; `other` is the unit at the far end. */
static GPtrArray *
list_edges (PdgStore    *self,
            const char  *sql,
            gint64       unit_id,
            GError     **error)
{
  g_autoptr(GPtrArray) edges = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_association_free);
  sqlite3_stmt *stmt = get_stmt (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, unit_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdgAssociation *a = pdg_association_new ();

      a->other = read_unit (stmt, 0);
      a->id = sqlite3_column_int64 (stmt, UNIT_N_COLUMNS + 0);
      a->parent_id = sqlite3_column_int64 (stmt, UNIT_N_COLUMNS + 1);
      a->child_id = sqlite3_column_int64 (stmt, UNIT_N_COLUMNS + 2);
      a->quantity = sqlite3_column_double (stmt, UNIT_N_COLUMNS + 3);
      a->order_id = sqlite3_column_int64 (stmt, UNIT_N_COLUMNS + 4);
      a->order_number = column_dup (stmt, UNIT_N_COLUMNS + 5);
      a->created_by = column_dup (stmt, UNIT_N_COLUMNS + 6);
      a->created_at = sqlite3_column_int64 (stmt, UNIT_N_COLUMNS + 7);
      g_ptr_array_add (edges, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pdg_store_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&edges);
}

#define EDGE_COLUMNS \
  ", a.id, a.parent_id, a.child_id, a.quantity, a.order_id, o.number, a.created_by, a.created_at"

GPtrArray *
pdg_store_list_components (PdgStore  *self,
                           gint64     unit_id,
                           GError   **error)
{
  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  return list_edges (self,
    "SELECT " UNIT_COLUMNS EDGE_COLUMNS UNIT_FROM
    " JOIN association a ON a.child_id = u.id"
    " LEFT JOIN production_order o ON o.id = a.order_id"
    " WHERE a.parent_id = ? ORDER BY i.number, u.lot", unit_id, error);
}

GPtrArray *
pdg_store_list_consumers (PdgStore  *self,
                          gint64     unit_id,
                          GError   **error)
{
  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  return list_edges (self,
    "SELECT " UNIT_COLUMNS EDGE_COLUMNS UNIT_FROM
    " JOIN association a ON a.parent_id = u.id"
    " LEFT JOIN production_order o ON o.id = a.order_id"
    " WHERE a.child_id = ? ORDER BY i.number, u.lot", unit_id, error);
}

static GPtrArray *
read_audit (PdgStore      *self,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_audit_entry_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdgAuditEntry *entry = pdg_audit_entry_new ();

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = sqlite3_column_int64 (stmt, 1);
      entry->actor = column_dup (stmt, 2);
      entry->action = column_dup (stmt, 3);
      entry->entity = column_dup (stmt, 4);
      entry->entity_id = sqlite3_column_int64 (stmt, 5);
      entry->before = column_dup (stmt, 6);
      entry->after = column_dup (stmt, 7);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pdg_store_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

GPtrArray *
pdg_store_list_audit (PdgStore    *self,
                      const char  *entity,
                      gint64       entity_id,
                      guint        limit,
                      GError     **error)
{
  PdgAuditQuery query = { .entity = entity, .entity_id = entity_id, .limit = limit };

  return pdg_store_query_audit (self, &query, error);
}

/**
 * pdg_store_query_audit:
 *
 * Audit entries meeting every condition of @query, newest first, one page
 * (limit, offset) of them.
 */
GPtrArray *
pdg_store_query_audit (PdgStore             *self,
                       const PdgAuditQuery  *query,
                       GError              **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PDG_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  stmt = get_stmt (self,
    "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit"
    " WHERE (?1 IS NULL OR entity = ?1) AND (?2 = 0 OR entity_id = ?2)"
    " AND (?3 IS NULL OR actor = ?3) AND (?4 = 0 OR at >= ?4) AND (?5 = 0 OR at <= ?5)"
    " AND (?8 = 0 OR (entity = 'production_order' AND entity_id = ?8)"
    "  OR coalesce (json_extract (after, '$.order_id'), json_extract (before, '$.order_id')) = ?8)"
    " ORDER BY id DESC LIMIT ?6 OFFSET ?7", error);
  if (stmt == NULL)
    return NULL;
  bind_text_or_null (stmt, 1, query->entity);
  sqlite3_bind_int64 (stmt, 2, query->entity_id);
  bind_text_or_null (stmt, 3, query->actor);
  sqlite3_bind_int64 (stmt, 4, query->since);
  sqlite3_bind_int64 (stmt, 5, query->until);
  sqlite3_bind_int64 (stmt, 6, query->limit > 0 ? (gint64) query->limit : -1);
  sqlite3_bind_int64 (stmt, 7, query->offset);
  sqlite3_bind_int64 (stmt, 8, query->order_id);

  return read_audit (self, stmt, error);
}

/* ------------------------------------------------------------------------ */
/* Writes                                                                    */

/* Maps a UNIQUE violation from the step just done to a DUPLICATE error. */
static gboolean
is_constraint_error (PdgStore *self)
{
  return sqlite3_errcode (self->db) == SQLITE_CONSTRAINT;
}

gint64
pdg_store_add_partner (PdgStore        *self,
                       PdgPartnerKind   kind,
                       const char      *code,
                       const char      *name,
                       const char      *city,
                       const char      *country,
                       GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (PDG_IS_STORE (self), 0);

  if (kind != PDG_PARTNER_SUPPLIER && kind != PDG_PARTNER_CUSTOMER)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("A partner is a supplier or a customer."));
      return 0;
    }
  if (!check_text (code, _("partner code"), TRUE, error) ||
      !check_text (name, _("partner name"), TRUE, error) ||
      !check_text (city, _("city"), FALSE, error) ||
      !check_text (country, _("country"), FALSE, error))
    return 0;

  if (!pdg_store_begin (self, error))
    return 0;

  stmt = get_stmt (self,
    "INSERT INTO partner (kind, code, name, city, country) VALUES (?, ?, ?, ?, ?)", &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_int (stmt, 1, kind);
      sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, 4, city);
      bind_text_or_null (stmt, 5, country);
    }
  id = stmt ? insert_audited (self, stmt, "partner", &local_error) : 0;
  if (id == 0 && is_constraint_error (self))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, PDG_STORE_ERROR, PDG_STORE_ERROR_DUPLICATE,
                   _("A partner with code “%s” already exists."), code);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return finish_write (self, id, error);
}

gint64
pdg_store_add_location (PdgStore    *self,
                        const char  *code,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (PDG_IS_STORE (self), 0);

  if (!check_text (code, _("location code"), TRUE, error) ||
      !check_text (name, _("location name"), TRUE, error))
    return 0;

  if (!pdg_store_begin (self, error))
    return 0;

  stmt = get_stmt (self, "INSERT INTO location (code, name) VALUES (?, ?)", &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
    }
  id = stmt ? insert_audited (self, stmt, "location", &local_error) : 0;
  if (id == 0 && is_constraint_error (self))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, PDG_STORE_ERROR, PDG_STORE_ERROR_DUPLICATE,
                   _("A location with code “%s” already exists."), code);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return finish_write (self, id, error);
}

static gboolean
check_gtin (const char  *gtin,
            GError     **error)
{
  int sum = 0;

  if (gtin == NULL || *gtin == '\0')
    return TRUE;

  if (strlen (gtin) != 14 || !is_all_digits (gtin))
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("The GTIN “%s” must be 14 digits (pad shorter GTINs with leading zeros)."), gtin);
      return FALSE;
    }

  /* GS1 mod-10: weights 3,1,3,... from the right, excluding the check digit. */
  for (int i = 12; i >= 0; i--)
    sum += (gtin[i] - '0') * (((12 - i) % 2 == 0) ? 3 : 1);
  if ((10 - sum % 10) % 10 != gtin[13] - '0')
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("The GTIN “%s” has a wrong check digit; check for a typing error."), gtin);
      return FALSE;
    }

  return TRUE;
}

gint64
pdg_store_add_item (PdgStore       *self,
                    const PdgItem  *item,
                    GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (PDG_IS_STORE (self), 0);
  g_return_val_if_fail (item != NULL, 0);

  if (!check_text (item->number, _("item number"), TRUE, error) ||
      !check_text (item->description, _("item description"), TRUE, error) ||
      !check_text (item->uom, _("unit of measure"), TRUE, error) ||
      !check_gtin (item->gtin, error))
    return 0;
  if (strchr (item->number, '/') != NULL)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("The item number “%s” contains “/”, which separates item and serial in ITEM/SERIAL; choose another number."),
                   item->number);
      return 0;
    }
  if (item->tracking > PDG_TRACKING_SERIAL || item->shelf_life_days < 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("Item “%s” has an unknown tracking kind or a negative shelf life."), item->number);
      return 0;
    }

  if (!pdg_store_begin (self, error))
    return 0;

  stmt = get_stmt (self,
    "INSERT INTO item (number, description, tracking, uom, gtin, shelf_life_days)"
    " VALUES (?, ?, ?, ?, ?, ?)", &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, item->number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, item->description, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 3, item->tracking);
      sqlite3_bind_text (stmt, 4, item->uom, -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, 5, item->gtin);
      sqlite3_bind_int (stmt, 6, item->shelf_life_days);
    }
  id = stmt ? insert_audited (self, stmt, "item", &local_error) : 0;
  if (id == 0 && is_constraint_error (self))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, PDG_STORE_ERROR, PDG_STORE_ERROR_DUPLICATE,
                   _("Item number “%s” or its GTIN is already used by another item."), item->number);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return finish_write (self, id, error);
}

static const char *
lot_word (PdgTracking tracking)
{
  return tracking == PDG_TRACKING_SERIAL ? _("Serial") : _("Batch");
}

gint64
pdg_store_add_unit (PdgStore       *self,
                    const PdgUnit  *unit,
                    GError        **error)
{
  g_autoptr(PdgItem) item = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (PDG_IS_STORE (self), 0);
  g_return_val_if_fail (unit != NULL, 0);

  item = pdg_store_get_item (self, unit->item_id, error);
  if (item == NULL)
    return 0;

  if (!check_text (unit->lot, item->tracking == PDG_TRACKING_SERIAL ? _("serial number") : _("batch number"), TRUE, error) ||
      !check_quantity (unit->quantity, unit->lot, error) ||
      !check_date (unit->produced_on, _("production date"), error) ||
      !check_date (unit->expires_on, _("expiry date"), error))
    return 0;

  if (item->tracking == PDG_TRACKING_SERIAL && unit->quantity != 1.0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("Serial %s of item %s must have quantity 1, not %g: a serial number names one piece."),
                   unit->lot, item->number, unit->quantity);
      return 0;
    }
  if (unit->status > PDG_UNIT_STATUS_RECALLED || unit->origin > PDG_ORIGIN_PRODUCED)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("Unit %s/%s has an unknown status or origin."), item->number, unit->lot);
      return 0;
    }
  if ((unit->order_id > 0 && !check_exists (self, "production_order", unit->order_id, _("production order"), error)) ||
      (unit->location_id > 0 && !check_exists (self, "location", unit->location_id, _("location"), error)))
    return 0;

  if (!pdg_store_begin (self, error))
    return 0;

  stmt = get_stmt (self,
    "INSERT INTO unit (item_id, lot, quantity, on_hand, status, origin, produced_on,"
    " expires_on, order_id, location_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, unit->item_id);
      sqlite3_bind_text (stmt, 2, unit->lot, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (stmt, 3, unit->quantity);
      sqlite3_bind_double (stmt, 4, unit->quantity);
      sqlite3_bind_int (stmt, 5, unit->status);
      sqlite3_bind_int (stmt, 6, unit->origin);
      bind_text_or_null (stmt, 7, unit->produced_on);
      bind_text_or_null (stmt, 8, unit->expires_on);
      bind_id_or_null (stmt, 9, unit->order_id);
      bind_id_or_null (stmt, 10, unit->location_id);
    }
  id = stmt ? insert_audited (self, stmt, "unit", &local_error) : 0;
  if (id == 0 && is_constraint_error (self))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, PDG_STORE_ERROR, PDG_STORE_ERROR_DUPLICATE,
                   _("%s %s of item %s already exists; each serial or batch number is registered once per item."),
                   lot_word (item->tracking), unit->lot, item->number);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return finish_write (self, id, error);
}

/* Changes a unit's on-hand quantity and status, auditing before and after. */
static gboolean
update_unit (PdgStore       *self,
             const char     *action,
             gint64          unit_id,
             double          on_hand,
             PdgUnitStatus   status,
             gint64          location_id,
             GError        **error)
{
  g_autofree char *before = row_json (self, "unit", unit_id);
  sqlite3_stmt *stmt = get_stmt (self,
    "UPDATE unit SET on_hand = ?, status = ?, location_id = coalesce (?, location_id) WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_double (stmt, 1, on_hand);
  sqlite3_bind_int (stmt, 2, status);
  bind_id_or_null (stmt, 3, location_id);
  sqlite3_bind_int64 (stmt, 4, unit_id);
  if (!step_done (self, stmt, error))
    return FALSE;

  return audit_updated (self, action, "unit", unit_id, before, error);
}

/* Whether a unit of this status can still be consumed, shipped or moved. */
static gboolean
check_unit_usable (const PdgUnit  *unit,
                   GError        **error)
{
  g_autofree char *status = g_utf8_strdown (pdg_unit_status_label (unit->status), -1);

  switch (unit->status)
    {
    case PDG_UNIT_STATUS_AVAILABLE:
      return TRUE;
    case PDG_UNIT_STATUS_BLOCKED:
    case PDG_UNIT_STATUS_RECALLED:
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_STATUS,
                   _("%s %s of item %s is %s and cannot be used; release it first."),
                   lot_word (unit->tracking), unit->lot, unit->item_number, status);
      return FALSE;
    case PDG_UNIT_STATUS_CONSUMED:
    case PDG_UNIT_STATUS_SHIPPED:
    case PDG_UNIT_STATUS_SCRAPPED:
    default:
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_STATUS,
                   _("%s %s of item %s is already %s; nothing of it is left to use."),
                   lot_word (unit->tracking), unit->lot, unit->item_number, status);
      return FALSE;
    }
}

static gboolean
check_on_hand (const PdgUnit  *unit,
               double          quantity,
               GError        **error)
{
  /* A tolerance for sums of decimal quantities (0.1 + 0.2 ...). */
  if (quantity > unit->on_hand + 1e-9)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INSUFFICIENT,
                   _("%s %s of item %s has %g %s left; %g %s cannot be taken from it."),
                   lot_word (unit->tracking), unit->lot, unit->item_number,
                   unit->on_hand, unit->uom, quantity, unit->uom);
      return FALSE;
    }
  return TRUE;
}

gint64
pdg_store_add_event (PdgStore        *self,
                     const PdgEvent  *event,
                     GError         **error)
{
  g_autoptr(PdgUnit) unit = NULL;
  g_autoptr(GError) local_error = NULL;
  PdgUnitStatus new_status;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (PDG_IS_STORE (self), 0);
  g_return_val_if_fail (event != NULL, 0);

  unit = pdg_store_get_unit (self, event->unit_id, error);
  if (unit == NULL)
    return 0;

  if (event->kind > PDG_EVENT_REVERSAL)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("Unknown event kind %d."), (int) event->kind);
      return 0;
    }
  if (!isfinite (event->quantity) || event->quantity < 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("The quantity of an event cannot be negative (got %g)."), event->quantity);
      return 0;
    }
  if (!check_text (event->doc_type, _("document type"), FALSE, error) ||
      !check_text (event->doc_ref, _("document number"), FALSE, error) ||
      (event->location_id > 0 && !check_exists (self, "location", event->location_id, _("location"), error)) ||
      (event->partner_id > 0 && !check_exists (self, "partner", event->partner_id, _("partner"), error)) ||
      (event->order_id > 0 && !check_exists (self, "production_order", event->order_id, _("production order"), error)))
    return 0;

  /* Events that take stock away: consumption, shipment, scrap. */
  new_status = unit->status;
  if (event->kind == PDG_EVENT_CONSUMPTION || event->kind == PDG_EVENT_SHIPMENT || event->kind == PDG_EVENT_SCRAP)
    {
      if (!check_quantity (event->quantity, unit->lot, error) ||
          !check_unit_usable (unit, error) ||
          !check_on_hand (unit, event->quantity, error))
        return 0;

      if (event->quantity >= unit->on_hand - 1e-9)
        new_status = event->kind == PDG_EVENT_SHIPMENT ? PDG_UNIT_STATUS_SHIPPED :
                     event->kind == PDG_EVENT_SCRAP ? PDG_UNIT_STATUS_SCRAPPED :
                     PDG_UNIT_STATUS_CONSUMED;
    }

  if (!pdg_store_begin (self, error))
    return 0;

  stmt = get_stmt (self,
    "INSERT INTO event (unit_id, kind, at, quantity, location_id, partner_id, order_id,"
    " doc_type, doc_ref, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, event->unit_id);
      sqlite3_bind_int (stmt, 2, event->kind);
      sqlite3_bind_int64 (stmt, 3, event->at > 0 ? event->at : now_seconds (self));
      sqlite3_bind_double (stmt, 4, event->quantity);
      bind_id_or_null (stmt, 5, event->location_id);
      bind_id_or_null (stmt, 6, event->partner_id);
      bind_id_or_null (stmt, 7, event->order_id);
      bind_text_or_null (stmt, 8, event->doc_type);
      bind_text_or_null (stmt, 9, event->doc_ref);
      bind_text_or_null (stmt, 10, event->note);
      id = insert_audited (self, stmt, "event", &local_error);
    }

  if (id > 0 && (new_status != unit->status ||
                 event->kind == PDG_EVENT_CONSUMPTION || event->kind == PDG_EVENT_SHIPMENT ||
                 event->kind == PDG_EVENT_SCRAP || event->kind == PDG_EVENT_TRANSFER))
    {
      double on_hand = unit->on_hand;

      if (event->kind == PDG_EVENT_CONSUMPTION || event->kind == PDG_EVENT_SHIPMENT || event->kind == PDG_EVENT_SCRAP)
        on_hand = MAX (0.0, unit->on_hand - event->quantity);
      if (on_hand < 1e-9)
        on_hand = 0;

      if (!update_unit (self, "unit.update", unit->id, on_hand, new_status,
                        event->kind == PDG_EVENT_TRANSFER ? event->location_id : 0,
                        &local_error))
        id = 0;
    }

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return finish_write (self, id, error);
}

gint64
pdg_store_add_order (PdgStore        *self,
                     const PdgOrder  *order,
                     GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (PDG_IS_STORE (self), 0);
  g_return_val_if_fail (order != NULL, 0);

  if (!check_text (order->number, _("order number"), TRUE, error) ||
      !check_exists (self, "item", order->item_id, _("item"), error) ||
      !check_quantity (order->planned_qty, order->number, error) ||
      (order->location_id > 0 && !check_exists (self, "location", order->location_id, _("location"), error)))
    return 0;
  if (order->started_qty < 0 || order->good_qty < 0 || order->error_qty < 0 ||
      order->status > PDG_ORDER_ENDED)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("Production order %s has a negative quantity or an unknown status."), order->number);
      return 0;
    }

  if (!pdg_store_begin (self, error))
    return 0;

  stmt = get_stmt (self,
    "INSERT INTO production_order (number, item_id, planned_qty, started_qty, good_qty,"
    " error_qty, status, location_id, started_at, ended_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, order->number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, order->item_id);
      sqlite3_bind_double (stmt, 3, order->planned_qty);
      sqlite3_bind_double (stmt, 4, order->started_qty);
      sqlite3_bind_double (stmt, 5, order->good_qty);
      sqlite3_bind_double (stmt, 6, order->error_qty);
      sqlite3_bind_int (stmt, 7, order->status);
      bind_id_or_null (stmt, 8, order->location_id);
      bind_id_or_null (stmt, 9, order->started_at);
      bind_id_or_null (stmt, 10, order->ended_at);
    }
  id = stmt ? insert_audited (self, stmt, "production_order", &local_error) : 0;
  if (id == 0 && is_constraint_error (self))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, PDG_STORE_ERROR, PDG_STORE_ERROR_DUPLICATE,
                   _("Production order “%s” already exists."), order->number);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return finish_write (self, id, error);
}

gint64
pdg_store_add_bom_line (PdgStore          *self,
                        const PdgBomLine  *line,
                        GError           **error)
{
  g_autoptr(PdgOrder) order = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (PDG_IS_STORE (self), 0);
  g_return_val_if_fail (line != NULL, 0);

  order = pdg_store_get_order (self, line->order_id, error);
  if (order == NULL ||
      !check_exists (self, "item", line->item_id, _("item"), error))
    return 0;
  if (!isfinite (line->qty_per) || line->qty_per <= 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("Line %d of order %s needs a quantity per unit above zero (got %g)."),
                   line->line_no, order->number, line->qty_per);
      return 0;
    }
  if (line->item_id == order->item_id)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_CYCLE,
                   _("Order %s makes item %s; it cannot also consume it."),
                   order->number, order->item_number);
      return 0;
    }

  if (!pdg_store_begin (self, error))
    return 0;

  stmt = get_stmt (self,
    "INSERT INTO bom_line (order_id, line_no, item_id, qty_per, tracked) VALUES (?, ?, ?, ?, ?)",
    &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, line->order_id);
      sqlite3_bind_int (stmt, 2, line->line_no);
      sqlite3_bind_int64 (stmt, 3, line->item_id);
      sqlite3_bind_double (stmt, 4, line->qty_per);
      sqlite3_bind_int (stmt, 5, line->tracked ? 1 : 0);
    }
  id = stmt ? insert_audited (self, stmt, "bom_line", &local_error) : 0;
  if (id == 0 && is_constraint_error (self))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, PDG_STORE_ERROR, PDG_STORE_ERROR_DUPLICATE,
                   _("Order %s already has a line %d."), order->number, line->line_no);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return finish_write (self, id, error);
}

/* Whether `ancestor` is among the components (at any depth) of `unit_id`. */
static gboolean
is_component_of (PdgStore  *self,
                 gint64     ancestor,
                 gint64     unit_id,
                 gboolean  *found,
                 GError   **error)
{
  sqlite3_stmt *stmt = get_stmt (self,
    "WITH RECURSIVE down (id) AS ("
    "  SELECT child_id FROM association WHERE parent_id = ?1"
    "  UNION"
    "  SELECT a.child_id FROM association a JOIN down d ON a.parent_id = d.id)"
    " SELECT 1 FROM down WHERE id = ?2 LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, unit_id);
  sqlite3_bind_int64 (stmt, 2, ancestor);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pdg_store_set_error (self, error);

  *found = rc == SQLITE_ROW;
  return TRUE;
}

/* Refuses an edge parent <- child that would close a cycle: the parent is
 * already, at any depth, made into the child. The child being an indirect
 * component of the parent already is fine: a DAG may have both a direct and
 * an indirect edge. */
static gboolean
check_no_cycle (PdgStore       *self,
                const PdgUnit  *parent,
                const PdgUnit  *child,
                GError        **error)
{
  gboolean cycle = FALSE;

  if (!is_component_of (self, parent->id, child->id, &cycle, error))
    return FALSE;
  if (cycle)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_CYCLE,
                   _("%s/%s is already made, directly or indirectly, from %s/%s, so it cannot also go into it: that would be a cycle."),
                   child->item_number, child->lot, parent->item_number, parent->lot);
      return FALSE;
    }
  return TRUE;
}

/**
 * pdg_store_associate:
 * @parent_id: the finished (or semi-finished) unit
 * @child_id: the component unit that went into it
 * @quantity: how much of the component
 * @order_id: the production order, or 0
 * @at: Unix time of the registration, or 0 for now
 *
 * Registers an as-built edge and takes @quantity off the component's stock.
 * Refused, with nothing changed, when a unit or order is unknown, the quantity
 * is not above zero, the component is a serial already in another unit, a batch
 * has less left than @quantity, the component is blocked or gone, or the edge
 * would make a unit (indirectly) its own component.
 */
gint64
pdg_store_associate (PdgStore  *self,
                     gint64     parent_id,
                     gint64     child_id,
                     double     quantity,
                     gint64     order_id,
                     gint64     at,
                     GError   **error)
{
  g_autoptr(PdgUnit) parent = NULL;
  g_autoptr(PdgUnit) child = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  double on_hand;
  gint64 id = 0;

  g_return_val_if_fail (PDG_IS_STORE (self), 0);

  parent = pdg_store_get_unit (self, parent_id, error);
  if (parent == NULL)
    return 0;
  child = pdg_store_get_unit (self, child_id, error);
  if (child == NULL)
    return 0;
  if (order_id > 0 && !check_exists (self, "production_order", order_id, _("production order"), error))
    return 0;

  if (!check_quantity (quantity, child->lot, error))
    return 0;

  if (parent_id == child_id)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_CYCLE,
                   _("%s/%s cannot be a component of itself."), parent->item_number, parent->lot);
      return 0;
    }

  /* A serial that is already in another unit: name where it is. */
  if (child->tracking == PDG_TRACKING_SERIAL)
    {
      g_autoptr(GPtrArray) users = pdg_store_list_consumers (self, child_id, error);

      if (users == NULL)
        return 0;
      if (users->len > 0)
        {
          PdgAssociation *a = g_ptr_array_index (users, 0);

          g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_ALREADY_CONSUMED,
                       _("Serial %s of item %s is already part of %s/%s; unlink it there first."),
                       child->lot, child->item_number, a->other->item_number, a->other->lot);
          return 0;
        }
    }

  if (!check_unit_usable (child, error) ||
      !check_on_hand (child, quantity, error))
    return 0;

  if (!check_no_cycle (self, parent, child, error))
    return 0;

  if (!pdg_store_begin (self, error))
    return 0;

  stmt = get_stmt (self,
    "INSERT INTO association (parent_id, child_id, quantity, order_id, created_by, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)", &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, parent_id);
      sqlite3_bind_int64 (stmt, 2, child_id);
      sqlite3_bind_double (stmt, 3, quantity);
      bind_id_or_null (stmt, 4, order_id);
      sqlite3_bind_text (stmt, 5, self->actor, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 6, at > 0 ? at : now_seconds (self));
      id = insert_audited (self, stmt, "association", &local_error);
    }
  if (id == 0 && is_constraint_error (self))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, PDG_STORE_ERROR, PDG_STORE_ERROR_DUPLICATE,
                   _("%s/%s is already registered in %s/%s; change that registration's quantity instead."),
                   child->item_number, child->lot, parent->item_number, parent->lot);
    }

  on_hand = child->on_hand - quantity;
  if (on_hand < 1e-9)
    on_hand = 0;
  if (id > 0 &&
      !update_unit (self, "unit.update", child_id, on_hand,
                    on_hand == 0 ? PDG_UNIT_STATUS_CONSUMED : child->status, 0, &local_error))
    id = 0;

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return finish_write (self, id, error);
}

/* For core modules with tables of their own (pdg-epcis.c): runs their
 * bound INSERT and audits the new row like every other write. */
gint64
pdg_store_insert_audited (PdgStore      *self,
                          sqlite3_stmt  *stmt,
                          const char    *table,
                          GError       **error)
{
  g_return_val_if_fail (PDG_IS_STORE (self), 0);

  return insert_audited (self, stmt, table, error);
}

/**
 * pdg_store_record_edge:
 *
 * An as-built edge reported by another system (an EPCIS TransformationEvent):
 * what happened elsewhere is recorded, not decided here, so unlike
 * pdg_store_associate() a serial may feed several outputs and a batch may
 * give more than the stock Pedigree knows of. The edge is still refused when
 * it would make a cycle. An edge that exists already grows by @quantity. The
 * component's on-hand quantity goes down by @quantity, to no less than zero,
 * and it is consumed at zero.
 */
gint64
pdg_store_record_edge (PdgStore  *self,
                       gint64     parent_id,
                       gint64     child_id,
                       double     quantity,
                       gint64     at,
                       GError   **error)
{
  g_autoptr(PdgUnit) parent = NULL;
  g_autoptr(PdgUnit) child = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  double on_hand;
  gint64 id = 0;

  g_return_val_if_fail (PDG_IS_STORE (self), 0);

  parent = pdg_store_get_unit (self, parent_id, error);
  if (parent == NULL)
    return 0;
  child = pdg_store_get_unit (self, child_id, error);
  if (child == NULL)
    return 0;
  if (!check_quantity (quantity, child->lot, error))
    return 0;
  if (parent_id == child_id)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_CYCLE,
                   _("%s/%s cannot be a component of itself."), parent->item_number, parent->lot);
      return 0;
    }
  if (!check_no_cycle (self, parent, child, error))
    return 0;

  if (!pdg_store_begin (self, error))
    return 0;

  stmt = get_stmt (self, "SELECT id FROM association WHERE parent_id = ? AND child_id = ?", &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, parent_id);
      sqlite3_bind_int64 (stmt, 2, child_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  if (id > 0)
    {
      g_autofree char *before = row_json (self, "association", id);

      stmt = get_stmt (self, "UPDATE association SET quantity = quantity + ? WHERE id = ?", &local_error);
      if (stmt != NULL)
        {
          sqlite3_bind_double (stmt, 1, quantity);
          sqlite3_bind_int64 (stmt, 2, id);
        }
      if (stmt == NULL || !step_done (self, stmt, &local_error) ||
          !audit_updated (self, "association.update", "association", id, before, &local_error))
        id = 0;
    }
  else if (local_error == NULL)
    {
      stmt = get_stmt (self,
        "INSERT INTO association (parent_id, child_id, quantity, order_id, created_by, created_at)"
        " VALUES (?, ?, ?, NULL, ?, ?)", &local_error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, parent_id);
          sqlite3_bind_int64 (stmt, 2, child_id);
          sqlite3_bind_double (stmt, 3, quantity);
          sqlite3_bind_text (stmt, 4, self->actor, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 5, at > 0 ? at : now_seconds (self));
          id = insert_audited (self, stmt, "association", &local_error);
        }
    }

  on_hand = child->on_hand - quantity;
  if (on_hand < 1e-9)
    on_hand = 0;
  if (id > 0 && on_hand != child->on_hand &&
      !update_unit (self, "unit.update", child_id, on_hand,
                    on_hand == 0 && child->status == PDG_UNIT_STATUS_AVAILABLE ?
                      PDG_UNIT_STATUS_CONSUMED : child->status, 0, &local_error))
    id = 0;

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return finish_write (self, id, error);
}

gboolean
pdg_store_set_unit_status (PdgStore       *self,
                           gint64          unit_id,
                           PdgUnitStatus   status,
                           GError        **error)
{
  g_autoptr(PdgUnit) unit = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (PDG_IS_STORE (self), FALSE);

  unit = pdg_store_get_unit (self, unit_id, error);
  if (unit == NULL)
    return FALSE;
  if (status > PDG_UNIT_STATUS_RECALLED)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("Unknown unit status %d."), (int) status);
      return FALSE;
    }
  if (status == unit->status)
    return TRUE;

  if (!pdg_store_begin (self, error))
    return FALSE;
  ok = update_unit (self, "unit.status", unit_id, unit->on_hand, status, 0, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return finish_write (self, ok ? unit_id : 0, error) > 0;
}

/**
 * pdg_store_block_units:
 * @n_blocked: (out) (optional): how many were blocked
 *
 * Blocks the units among @unit_ids that are available (in stock), so that
 * nothing consumes or ships them: one transaction, one audit entry per
 * unit. Units consumed, shipped, scrapped or already blocked are left as
 * they are (a recall handles those). An unknown id refuses the whole lot.
 */
gboolean
pdg_store_block_units (PdgStore      *self,
                       const gint64  *unit_ids,
                       guint          n_units,
                       guint         *n_blocked,
                       GError       **error)
{
  guint blocked = 0;

  g_return_val_if_fail (PDG_IS_STORE (self), FALSE);
  g_return_val_if_fail (unit_ids != NULL || n_units == 0, FALSE);

  if (!pdg_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n_units; i++)
    {
      g_autoptr(PdgUnit) unit = pdg_store_get_unit (self, unit_ids[i], error);

      if (unit == NULL)
        {
          pdg_store_rollback (self);
          return FALSE;
        }
      if (unit->status != PDG_UNIT_STATUS_AVAILABLE)
        continue;
      if (!update_unit (self, "unit.block", unit->id, unit->on_hand, PDG_UNIT_STATUS_BLOCKED, 0, error))
        {
          pdg_store_rollback (self);
          return FALSE;
        }
      blocked++;
    }
  if (!pdg_store_commit (self, error))
    return FALSE;
  if (n_blocked != NULL)
    *n_blocked = blocked;
  return TRUE;
}

/* Deletes one row with its audit entry (before = the row, after = NULL). */
static gboolean
delete_audited (PdgStore    *self,
                const char  *table,
                gint64       id,
                GError     **error)
{
  g_autofree char *before = row_json (self, table, id);
  g_autofree char *action = g_strconcat (table, ".delete", NULL);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", table);
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return pdg_store_set_error (self, error);
  sqlite3_bind_int64 (stmt, 1, id);
  ok = step_done (self, stmt, error);
  sqlite3_finalize (stmt);

  return ok && pdg_store_audit (self, action, table, id, before, NULL, error) > 0;
}

/**
 * pdg_store_dissociate:
 *
 * Removes the registration of child in parent: the association row goes
 * (audited) and the child gets the quantity back (available again if it
 * had been used up). Returns the quantity given back, or 0 with @error set.
 */
double
pdg_store_dissociate (PdgStore  *self,
                      gint64     parent_id,
                      gint64     child_id,
                      GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PdgUnit) child = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  double quantity = 0;
  gboolean ok;

  g_return_val_if_fail (PDG_IS_STORE (self), 0);

  child = pdg_store_get_unit (self, child_id, error);
  if (child == NULL)
    return 0;

  stmt = get_stmt (self, "SELECT id, quantity FROM association WHERE parent_id = ? AND child_id = ?", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, parent_id);
  sqlite3_bind_int64 (stmt, 2, child_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      quantity = sqlite3_column_double (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (id == 0)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                   _("%s/%s is not registered in unit %" PRId64 "."), child->item_number, child->lot, parent_id);
      return 0;
    }

  if (!pdg_store_begin (self, error))
    return 0;
  ok = delete_audited (self, "association", id, &local_error) &&
       update_unit (self, "unit.update", child_id, MIN (child->quantity, child->on_hand + quantity),
                    child->status == PDG_UNIT_STATUS_CONSUMED ? PDG_UNIT_STATUS_AVAILABLE : child->status,
                    0, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return finish_write (self, ok ? id : 0, error) > 0 ? quantity : 0;
}

/**
 * pdg_store_set_unit_stock:
 *
 * Sets a unit's quantity, on-hand quantity and status (reporting a unit as
 * finished, reversing that). Audited.
 */
gboolean
pdg_store_set_unit_stock (PdgStore       *self,
                          gint64          unit_id,
                          double          quantity,
                          double          on_hand,
                          PdgUnitStatus   status,
                          GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PdgUnit) unit = NULL;
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (PDG_IS_STORE (self), FALSE);

  unit = pdg_store_get_unit (self, unit_id, error);
  if (unit == NULL || !check_quantity (quantity, unit->lot, error))
    return FALSE;
  if (!isfinite (on_hand) || on_hand < 0 || on_hand > quantity + 1e-9 || status > PDG_UNIT_STATUS_RECALLED)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("%s/%s cannot have %g on hand of %g."), unit->item_number, unit->lot, on_hand, quantity);
      return FALSE;
    }

  if (!pdg_store_begin (self, error))
    return FALSE;
  before = row_json (self, "unit", unit_id);
  stmt = get_stmt (self, "UPDATE unit SET quantity = ?, on_hand = ?, status = ? WHERE id = ?", &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_double (stmt, 1, quantity);
      sqlite3_bind_double (stmt, 2, MIN (on_hand, quantity));
      sqlite3_bind_int (stmt, 3, status);
      sqlite3_bind_int64 (stmt, 4, unit_id);
      ok = step_done (self, stmt, &local_error);
    }
  if (ok)
    ok = audit_updated (self, "unit.update", "unit", unit_id, before, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return finish_write (self, ok ? unit_id : 0, error) > 0;
}

/**
 * pdg_store_delete_unit:
 *
 * Deletes a unit nothing refers to yet (no registration, event or journal
 * line): taking back a finished unit a scan created by mistake. Audited.
 */
gboolean
pdg_store_delete_unit (PdgStore  *self,
                       gint64     unit_id,
                       GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PdgUnit) unit = NULL;
  sqlite3_stmt *stmt;
  gboolean used;
  gboolean ok;

  g_return_val_if_fail (PDG_IS_STORE (self), FALSE);

  unit = pdg_store_get_unit (self, unit_id, error);
  if (unit == NULL)
    return FALSE;
  stmt = get_stmt (self,
    "SELECT EXISTS (SELECT 1 FROM association WHERE parent_id = ?1 OR child_id = ?1)"
    " OR EXISTS (SELECT 1 FROM event WHERE unit_id = ?1)"
    " OR EXISTS (SELECT 1 FROM pick_journal_line WHERE parent_id = ?1 OR child_id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, unit_id);
  used = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (used)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_STATUS,
                   _("%s/%s already has registrations or history, so it cannot be deleted."),
                   unit->item_number, unit->lot);
      return FALSE;
    }

  if (!pdg_store_begin (self, error))
    return FALSE;
  ok = delete_audited (self, "unit", unit_id, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return finish_write (self, ok ? unit_id : 0, error) > 0;
}

/**
 * pdg_store_set_order_progress:
 *
 * Sets a production order's good and error quantities and status (report
 * as finished and its reversal). Audited.
 */
gboolean
pdg_store_set_order_progress (PdgStore        *self,
                              gint64           order_id,
                              double           good_qty,
                              double           error_qty,
                              PdgOrderStatus   status,
                              GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (PDG_IS_STORE (self), FALSE);

  if (!check_exists (self, "production_order", order_id, _("production order"), error))
    return FALSE;
  if (!isfinite (good_qty) || !isfinite (error_qty) || good_qty < -1e-9 || error_qty < -1e-9 ||
      status > PDG_ORDER_ENDED)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INVALID,
                   _("A production order cannot report %g good and %g error."), good_qty, error_qty);
      return FALSE;
    }

  if (!pdg_store_begin (self, error))
    return FALSE;
  before = row_json (self, "production_order", order_id);
  stmt = get_stmt (self,
    "UPDATE production_order SET good_qty = ?, error_qty = ?, status = ?,"
    " ended_at = CASE WHEN ?3 = 3 THEN coalesce (ended_at, ?5) ELSE NULL END WHERE id = ?4", &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_double (stmt, 1, MAX (0.0, good_qty));
      sqlite3_bind_double (stmt, 2, MAX (0.0, error_qty));
      sqlite3_bind_int (stmt, 3, status);
      sqlite3_bind_int64 (stmt, 4, order_id);
      sqlite3_bind_int64 (stmt, 5, now_seconds (self));
      ok = step_done (self, stmt, &local_error);
    }
  if (ok)
    ok = audit_updated (self, "production_order.update", "production_order", order_id, before, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return finish_write (self, ok ? order_id : 0, error) > 0;
}

/* ------------------------------------------------------------------------ */
/* Housekeeping                                                              */

const char * const *
pdg_store_table_names (void)
{
  return table_names;
}

gint64
pdg_store_count_rows (PdgStore    *self,
                      const char  *table,
                      GError     **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_return_val_if_fail (PDG_IS_STORE (self), -1);
  g_return_val_if_fail (g_strv_contains (table_names, table), -1);

  sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      pdg_store_set_error (self, error);
      return -1;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    pdg_store_set_error (self, error);
  sqlite3_finalize (stmt);

  return n;
}

/* Every row of table, in order, into sum: its name, then each value's type,
 * length and bytes. */
static gboolean
digest_table (PdgStore    *self,
              GChecksum   *sum,
              const char  *table,
              const char  *order,
              GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY %s", table, order);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return pdg_store_set_error (self, error);

  g_checksum_update (sum, (const guchar *) table, -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          /* The type first: reading the bytes may convert the value. */
          guchar tag = (guchar) sqlite3_column_type (stmt, i);
          const guchar *bytes = sqlite3_column_blob (stmt, i);
          int n = sqlite3_column_bytes (stmt, i);

          g_checksum_update (sum, &tag, 1);
          g_checksum_update (sum, (const guchar *) &n, sizeof n);
          if (bytes != NULL)
            g_checksum_update (sum, bytes, n);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return pdg_store_set_error (self, error);
  return TRUE;
}

/**
 * pdg_store_digest:
 *
 * A SHA-256 over every row of every table in id order, and of the
 * genealogy closure (derived, but a rejected write must not change it
 * either): equal digests mean equal content. Used to prove a rejected
 * write changed nothing.
 */
char *
pdg_store_digest (PdgStore  *self,
                  GError   **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (PDG_IS_STORE (self), NULL);

  for (guint t = 0; table_names[t] != NULL; t++)
    if (!digest_table (self, sum, table_names[t], "id", error))
      return NULL;
  if (!digest_table (self, sum, "genealogy_closure", "root_id, parent_id, child_id", error))
    return NULL;

  return g_strdup (g_checksum_get_string (sum));
}
