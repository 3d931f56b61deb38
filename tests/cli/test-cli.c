/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: pedigree-cli as a script would run it.
 *
 * Runs the real binary (path in $PEDIGREE_CLI) and checks exit codes, that
 * every error is exactly one line on stderr, and what the output says;
 * bench-server runs against the real pedigree-server ($PEDIGREE_SERVER). */
#include "config.h"

#include <glib/gstdio.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <signal.h>
#include <sqlite3.h>

#include <json-glib/json-glib.h>

#include "pdg-store-private.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static char *tmp_dir;
static char *db_path;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PEDIGREE_CLI");
  const char *arg;
  va_list args;
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  run->status = g_spawn_check_wait_status (wait_status, NULL) ? 0 : WEXITSTATUS (wait_status);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* A failed run: the exit code, and one line of stderr saying `needle`. */
static void
assert_fails (Run        *run,
              int         status,
              const char *needle)
{
  g_assert_cmpint (run->status, ==, status);
  g_assert_cmpuint (count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "pedigree-cli: "));
  if (needle != NULL && strstr (run->err, needle) == NULL)
    g_error ("expected “%s” in: %s", needle, run->err);
}

static void
test_help_and_usage (void)
{
  g_auto(Run) help = { 0 };
  g_auto(Run) none = { 0 };
  g_auto(Run) bogus = { 0 };
  g_auto(Run) gen_help = { 0 };

  run_cli (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "generate"));
  g_assert_nonnull (strstr (help.out, "info"));
  g_assert_nonnull (strstr (help.out, "unit"));

  run_cli (&none, NULL);
  g_assert_cmpint (none.status, ==, 2);

  run_cli (&bogus, "frobnicate", NULL);
  assert_fails (&bogus, 2, "frobnicate");

  run_cli (&gen_help, "generate", "--help", NULL);
  g_assert_cmpint (gen_help.status, ==, 0);
  g_assert_nonnull (strstr (gen_help.out, "--units"));
}

static void
test_generate (void)
{
  g_auto(Run) ok = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) bad_units = { 0 };
  g_auto(Run) no_units = { 0 };
  g_auto(Run) bad_seed = { 0 };
  g_auto(Run) two_files = { 0 };
  g_autofree char *other = g_build_filename (tmp_dir, "other.db", NULL);

  run_cli (&bad_units, "generate", "--units", "lots", other, NULL);
  assert_fails (&bad_units, 2, "--units");
  run_cli (&no_units, "generate", other, NULL);
  assert_fails (&no_units, 2, "--units");
  run_cli (&bad_seed, "generate", "--units", "2000", "--seed", "-4", other, NULL);
  assert_fails (&bad_seed, 2, "--seed");
  run_cli (&two_files, "generate", "--units", "2000", other, "more.db", NULL);
  assert_fails (&two_files, 2, NULL);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));

  run_cli (&ok, "generate", "--units", "3000", "--seed", "7", db_path, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_nonnull (strstr (ok.out, "rows/s"));
  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));

  /* Never overwrites a database. */
  run_cli (&again, "generate", "--units", "3000", db_path, NULL);
  assert_fails (&again, 1, NULL);
}

static void
test_info (void)
{
  g_auto(Run) info = { 0 };
  g_auto(Run) missing = { 0 };
  g_autofree char *nowhere = g_build_filename (tmp_dir, "missing.db", NULL);

  run_cli (&info, "info", db_path, NULL);
  g_assert_cmpint (info.status, ==, 0);
  g_assert_nonnull (strstr (info.out, "Schema version:"));
  g_assert_true (g_regex_match_simple ("^unit +[0-9,]+$", info.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^association +[0-9,]+$", info.out, G_REGEX_MULTILINE, 0));

  /* Reading never creates a database. */
  run_cli (&missing, "info", nowhere, NULL);
  assert_fails (&missing, 1, "No database");
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
}

static void
test_unit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (db_path, &error);
  g_autofree char *key = NULL;
  g_autofree char *id_text = NULL;
  g_auto(Run) by_key = { 0 };
  g_auto(Run) by_id = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) missing_arg = { 0 };
  sqlite3_stmt *stmt = NULL;

  /* A finished unit with components, straight from the database. */
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (pdg_store_get_handle (store),
    "SELECT i.number || '/' || u.lot, u.id FROM unit u JOIN item i ON i.id = u.item_id"
    " WHERE u.id IN (SELECT parent_id FROM association) ORDER BY u.id LIMIT 1",
    -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 1));
  sqlite3_finalize (stmt);
  g_clear_object (&store);

  run_cli (&by_key, "unit", db_path, key, NULL);
  g_assert_cmpint (by_key.status, ==, 0);
  g_assert_true (g_str_has_prefix (by_key.out, key));
  g_assert_nonnull (strstr (by_key.out, "Components (made of)"));
  g_assert_nonnull (strstr (by_key.out, "Consumers (used in)"));
  g_assert_nonnull (strstr (by_key.out, "Events"));

  run_cli (&by_id, "unit", db_path, id_text, NULL);
  g_assert_cmpint (by_id.status, ==, 0);
  g_assert_cmpstr (by_id.out, ==, by_key.out);

  run_cli (&unknown, "unit", db_path, "SN-DOES-NOT-EXIST", NULL);
  assert_fails (&unknown, 1, "SN-DOES-NOT-EXIST");

  run_cli (&missing_arg, "unit", db_path, NULL);
  assert_fails (&missing_arg, 2, NULL);
}

/* A finished unit with components and a purchased lot that was consumed. */
static void
known_units (char **finished,
             char **lot)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (db_path, &error);
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (pdg_store_get_handle (store),
    "SELECT i.number || '/' || u.lot FROM unit u JOIN item i ON i.id = u.item_id"
    " WHERE u.id IN (SELECT parent_id FROM association)"
    " AND u.id NOT IN (SELECT child_id FROM association) ORDER BY u.id LIMIT 1",
    -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *finished = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (pdg_store_get_handle (store),
    "SELECT i.number || '/' || u.lot FROM unit u JOIN item i ON i.id = u.item_id"
    " WHERE u.origin = 0 AND u.id IN (SELECT child_id FROM association) ORDER BY u.id LIMIT 1",
    -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *lot = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
}

static void
test_trace (void)
{
  g_autofree char *finished = NULL;
  g_autofree char *lot = NULL;
  g_auto(Run) text = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) csv = { 0 };
  g_auto(Run) dot = { 0 };
  g_auto(Run) capped = { 0 };
  g_auto(Run) both = { 0 };
  g_auto(Run) neither = { 0 };
  g_auto(Run) bad_format = { 0 };
  g_auto(Run) bad_depth = { 0 };
  g_auto(Run) malformed = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  known_units (&finished, &lot);

  run_cli (&text, "trace", db_path, finished, "--backward", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_str_has_prefix (text.out, finished));
  g_assert_nonnull (strstr (text.out, "└─ "));
  g_assert_nonnull (strstr (text.out, "Backward trace (as built)"));

  run_cli (&json, "trace", db_path, lot, "--forward", "--format", "json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json.out, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "direction"), ==, "forward");

  run_cli (&csv, "trace", db_path, finished, "-b", "--format", "csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_true (g_str_has_prefix (csv.out, "depth,role,item,lot,"));

  run_cli (&dot, "trace", db_path, finished, "-b", "--format", "dot", NULL);
  g_assert_cmpint (dot.status, ==, 0);
  g_assert_true (g_str_has_prefix (dot.out, "digraph genealogy {"));

  run_cli (&capped, "trace", db_path, finished, "-b", "--depth", "1", NULL);
  g_assert_cmpint (capped.status, ==, 0);
  g_assert_nonnull (strstr (capped.out, "cut off by a depth or size limit"));

  run_cli (&both, "trace", db_path, finished, "--backward", "--forward", NULL);
  assert_fails (&both, 2, "--backward");
  run_cli (&neither, "trace", db_path, finished, NULL);
  assert_fails (&neither, 2, "--forward");
  run_cli (&bad_format, "trace", db_path, finished, "-b", "--format", "xml", NULL);
  assert_fails (&bad_format, 2, "--format");
  run_cli (&bad_depth, "trace", db_path, finished, "-b", "--depth", "0", NULL);
  assert_fails (&bad_depth, 2, "--depth");
  run_cli (&malformed, "trace", db_path, "/", "-b", NULL);
  assert_fails (&malformed, 1, "“/”");
}

static void
test_recall (void)
{
  g_autofree char *finished = NULL;
  g_autofree char *lot = NULL;
  g_auto(Run) text = { 0 };
  g_auto(Run) csv = { 0 };
  g_auto(Run) fsma = { 0 };
  g_auto(Run) reversed = { 0 };
  g_auto(Run) bad_date = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) two_ways = { 0 };
  g_auto(Run) no_range = { 0 };

  known_units (&finished, &lot);

  run_cli (&text, "recall", db_path, "--lot", lot, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, " went into "));
  g_assert_nonnull (strstr (text.out, "Mass balance per suspect lot"));

  run_cli (&csv, "recall", db_path, "--lot", lot, "--format", "csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_true (g_str_has_prefix (csv.out, "level,item,lot,"));

  run_cli (&fsma, "recall", db_path, "--lot", lot, "--format", "fsma", NULL);
  g_assert_cmpint (fsma.status, ==, 0);
  g_assert_true (g_str_has_prefix (fsma.out, "event_id,cte,traceability_lot_code,"));
  g_assert_nonnull (strstr (fsma.out, ",receiving,"));

  run_cli (&reversed, "recall", db_path, "--item", "EB-U500", "--from", "2025-12-31", "--to", "2025-01-01", NULL);
  assert_fails (&reversed, 1, "reversed");
  run_cli (&bad_date, "recall", db_path, "--item", "EB-U500", "--from", "2025-02-30", "--to", "2025-03-01", NULL);
  assert_fails (&bad_date, 1, "2025-02-30");
  run_cli (&unknown, "recall", db_path, "--lot", "NO-SUCH-LOT", NULL);
  assert_fails (&unknown, 1, "NO-SUCH-LOT");
  run_cli (&two_ways, "recall", db_path, "--lot", lot, "--item", "EB-U500", NULL);
  assert_fails (&two_ways, 2, NULL);
  run_cli (&no_range, "recall", db_path, "--supplier", "x", NULL);
  assert_fails (&no_range, 2, "--from");
}

static void
test_bench (void)
{
  g_auto(Run) bench = { 0 };

  /* Figures only: the test checks that every line is there, never a time. */
  run_cli (&bench, "bench", db_path, "--samples", "20", "--registrations", "30", NULL);
  g_assert_cmpint (bench.status, ==, 0);
  g_assert_nonnull (strstr (bench.out, "GS1 parse, 5 kinds of scan"));
  g_assert_nonnull (strstr (bench.out, "Registration: 60 scans"));
  g_assert_nonnull (strstr (bench.out, "Layout"));
  g_assert_nonnull (strstr (bench.out, "Backward trace, 20 random finished units: p50 "));
  g_assert_nonnull (strstr (bench.out, "Forward trace of "));
  g_assert_nonnull (strstr (bench.out, "Recall + FSMA export of that lot: "));
  g_assert_nonnull (strstr (bench.out, "(identical bytes)"));
  g_assert_nonnull (strstr (bench.out, "Closure upkeep, a link under "));
}

/* A failed test must not leave its server behind. */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

/* bench-server against pedigree-server on a copy of the demo database:
 * the three figures, and every answer right (behaviour, never speed). */
static void
test_bench_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (db_path);
  g_autofree char *served = g_build_filename (tmp_dir, "served.db", NULL);
  g_autoptr(GFile) to = g_file_new_for_path (served);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *wal = g_strconcat (served, "-wal", NULL);
  g_autofree char *shm = g_strconcat (served, "-shm", NULL);
  g_auto(Run) bench = { 0 };
  g_auto(Run) no_db = { 0 };
  g_auto(Run) not_http = { 0 };
  const char *url;

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("PEDIGREE_SERVER"),
                                        "--db", served, "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  url = line + strlen ("Listening on ");

  run_cli (&no_db, "bench-server", url, NULL);
  assert_fails (&no_db, 2, "--db");
  run_cli (&not_http, "bench-server", "ftp://127.0.0.1/", "--db", served, NULL);
  assert_fails (&not_http, 2, "http://");

  run_cli (&bench, "bench-server", url, "--db", served, "--seconds", "1", "--connections", "4", NULL);
  if (bench.status != 0)
    g_printerr ("%s%s", bench.out, bench.err);
  g_assert_cmpint (bench.status, ==, 0);
  g_assert_nonnull (strstr (bench.out, "Unit lookups (by id and by ITEM/LOT code, by turns): "));
  g_assert_nonnull (strstr (bench.out, "/s over "));
  g_assert_nonnull (strstr (bench.out, "Trace responses (forward, "));
  g_assert_nonnull (strstr (bench.out, "Malformed requests: 1,000 mixed into "));
  g_assert_nonnull (strstr (bench.out, "no 5xx, no dropped connection"));
  g_assert_null (strstr (bench.out, " 500 ×"));
  g_assert_null (strstr (bench.out, "dropped ×"));
  g_assert_null (strstr (bench.out, "wrong answers"));

  g_subprocess_send_signal (server, SIGTERM);
  g_assert_true (g_subprocess_wait (server, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server));
  g_assert_cmpint (g_subprocess_get_exit_status (server), ==, 0);
  g_unlink (served);
  g_unlink (wal);
  g_unlink (shm);
}

/* Runs `register` with lines on standard input. */
static void
run_register (Run        *run,
              const char *db,
              const char *order,
              const char *input)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GBytes) in = g_bytes_new (input, strlen (input));

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("PEDIGREE_CLI"), "register", db, "--order", order, "--user", "cli-test", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, in, NULL, &out, &err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (proc);
  /* An empty GBytes may have no data at all. */
  run->out = g_bytes_get_size (out) > 0
             ? g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out)) : g_strdup ("");
  run->err = g_bytes_get_size (err) > 0
             ? g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err)) : g_strdup ("");
}

/* A started order of the generated database with an open finished unit,
 * its BOM items and unused stock of them. */
static void
test_register (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autofree char *order = NULL;
  g_autofree char *product = NULL;
  g_autofree char *item = NULL;
  g_autofree char *lot = NULL;
  g_autofree char *input = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *copy = g_build_filename (tmp_dir, "register.db", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize length;
  sqlite3_stmt *stmt = NULL;
  g_auto(Run) ok = { 0 };
  g_auto(Run) refused = { 0 };
  g_auto(Run) usage = { 0 };

  /* A copy, so the other tests keep the generated data. */
  g_assert_true (g_file_get_contents (db_path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (copy, contents, (gssize) length, &error));

  store = pdg_store_open (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (pdg_store_get_handle (store),
    "SELECT o.number, u.lot, ci.number, c.lot FROM production_order o"
    " JOIN unit u ON u.order_id = o.id AND u.origin = 1"
    " JOIN bom_line b ON b.order_id = o.id JOIN item ci ON ci.id = b.item_id AND ci.tracking = 2"
    " JOIN unit c ON c.item_id = ci.id AND c.status = 0 AND c.on_hand > 0"
    "  AND NOT EXISTS (SELECT 1 FROM association a WHERE a.child_id = c.id)"
    " WHERE o.status = 1 AND NOT EXISTS (SELECT 1 FROM association a WHERE a.parent_id = u.id)"
    "  AND NOT EXISTS (SELECT 1 FROM event e WHERE e.unit_id = u.id)"
    " ORDER BY o.id, u.id, b.line_no, c.id LIMIT 1", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  order = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  product = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  item = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  lot = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_clear_object (&store);

  /* Product, then a component by its line, then undo. */
  input = g_strdup_printf ("%s\ncomponent %s\n%s\nundo\n%s\n", product, item, lot, lot);
  run_register (&ok, copy, order, input);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_cmpstr (ok.err, ==, "");
  g_assert_nonnull (strstr (ok.out, "[Component]"));
  g_assert_nonnull (strstr (ok.out, product));
  g_assert_nonnull (strstr (ok.out, "consumption 1"));
  g_assert_nonnull (strstr (ok.out, "In progress"));

  /* Refusals: one line each on stderr, exit 1, the database unchanged. */
  store = pdg_store_open (copy, &error);
  before = pdg_store_digest (store, &error);
  g_clear_object (&store);
  bad = g_strdup_printf ("%s\nNO-SUCH-SERIAL\n(01)09506000134353(21)X\nreport\n", product);
  run_register (&refused, copy, order, bad);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "Select the component line"));
  g_assert_nonnull (strstr (refused.err, "check digit"));
  g_assert_nonnull (strstr (refused.err, "before reporting as finished"));
  store = pdg_store_open (copy, &error);
  after = pdg_store_digest (store, &error);
  g_clear_object (&store);
  g_assert_cmpstr (before, ==, after);

  run_register (&usage, copy, "PO-NO-SUCH", "x\n");
  assert_fails (&usage, 1, "PO-NO-SUCH");
}

static void
test_not_a_database (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "notes.db", NULL);
  g_autofree char *after = NULL;
  g_auto(Run) info = { 0 };
  g_auto(Run) unit = { 0 };
  const char junk[] = "Not a database: just some text a user saved with the wrong name.\n"
                      "..........................................................";

  g_assert_true (g_file_set_contents (path, junk, -1, NULL));

  run_cli (&info, "info", path, NULL);
  assert_fails (&info, 1, "not a Pedigree database");
  run_cli (&unit, "unit", path, "EB-1", NULL);
  assert_fails (&unit, 1, "not a Pedigree database");

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, junk);
}

static void
test_gs1 (void)
{
  g_auto(Run) text = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) tilde = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) unpaired = { 0 };
  g_auto(Run) no_action = { 0 };
  g_auto(Run) bad_format = { 0 };
  g_auto(Run) bad_fnc1 = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *elements;

  /* A GS1 DataMatrix as a scanner sends it: symbology identifier, GS for FNC1. */
  run_cli (&text, "gs1", "parse", "]d20109506000134352" "21SN-7781\x1d" "17261231" "10ABC123", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_cmpstr (text.err, ==, "");
  g_assert_nonnull (strstr (text.out, "]d2 GS1 DataMatrix"));
  g_assert_true (g_regex_match_simple ("^  \\(21\\) +SN-7781 +— serial number$", text.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Expiry: +2026-12-31$", text.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Batch: +ABC123$", text.out, G_REGEX_MULTILINE, 0));

  run_cli (&json, "gs1", "parse", "--format", "json",
           "https://example.com/shop/01/9506000134352/10/AB%2F1?17=261200&3103=000500&linkType=all", NULL);
  g_assert_cmpint (json.status, ==, 0);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "form"), ==, "digital-link");
  g_assert_cmpstr (json_object_get_string_member (root, "gtin"), ==, "09506000134352");
  g_assert_cmpstr (json_object_get_string_member (root, "batch"), ==, "AB/1");
  g_assert_cmpstr (json_object_get_string_member (root, "expiry"), ==, "2026-12-31");
  g_assert_cmpstr (json_object_get_string_member (root, "uom"), ==, "kg");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "quantity"), 0.5, 1e-9);
  g_assert_true (json_object_get_null_member (root, "serial"));
  elements = json_object_get_array_member (root, "elements");
  g_assert_cmpuint (json_array_get_length (elements), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (elements, 3), "ai"), ==, "3103");

  run_cli (&tilde, "gs1", "parse", "--fnc1", "~", "]C10109506000134352" "10L1~21S1", NULL);
  g_assert_cmpint (tilde.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^Serial: +S1$", tilde.out, G_REGEX_MULTILINE, 0));

  run_cli (&bad, "gs1", "parse", "(01)09506000134353", NULL);
  assert_fails (&bad, 1, "AI (01) GTIN 09506000134353: the check digit should be 2.");
  g_assert_cmpstr (bad.out, ==, "");
  run_cli (&unpaired, "gs1", "parse", "(10)ABC", NULL);
  assert_fails (&unpaired, 1, "AI (10)");

  run_cli (&no_action, "gs1", "(01)09506000134352", NULL);
  assert_fails (&no_action, 2, "gs1 parse");
  run_cli (&bad_format, "gs1", "parse", "--format", "xml", "(01)09506000134352", NULL);
  assert_fails (&bad_format, 2, "--format");
  run_cli (&bad_fnc1, "gs1", "parse", "--fnc1", "1", "(01)09506000134352", NULL);
  assert_fails (&bad_fnc1, 2, "--fnc1");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("pedigree-cli-XXXXXX", NULL);
  db_path = g_build_filename (tmp_dir, "demo.db", NULL);

  g_test_add_func ("/cli/prints-help-and-rejects-unknown-commands", test_help_and_usage);
  g_test_add_func ("/cli/generate-writes-a-new-database-only", test_generate);
  g_test_add_func ("/cli/info-counts-rows-and-never-creates-files", test_info);
  g_test_add_func ("/cli/unit-shows-a-unit-by-key-or-id", test_unit);
  g_test_add_func ("/cli/trace-prints-every-format-and-rejects-bad-options", test_trace);
  g_test_add_func ("/cli/recall-prints-reports-and-rejects-bad-ranges", test_recall);
  g_test_add_func ("/cli/bench-prints-its-figures", test_bench);
  g_test_add_func ("/cli/bench-server-loads-a-real-server-and-checks-every-answer", test_bench_server);
  g_test_add_func ("/cli/reports-a-file-that-is-not-a-database", test_not_a_database);
  g_test_add_func ("/cli/gs1-parse-reads-scans-and-links-and-rejects-bad-codes", test_gs1);
  g_test_add_func ("/cli/register-reads-scans-from-standard-input", test_register);

  status = g_test_run ();

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
  g_free (db_path);
  g_free (tmp_dir);

  return status;
}
