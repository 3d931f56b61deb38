/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-server-test-util.c: what the server tests share: a real
 * pedigree-server process (the binary the build made, from
 * $PEDIGREE_SERVER) on 127.0.0.1 port 0 over a database generated for the
 * test, its URL read from the first line it prints, and blocking HTTP
 * exchanges through a libsoup client session. */
#include "config.h"

#include <glib/gstdio.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <signal.h>
#include <sqlite3.h>

#include "pdg-generator.h"
#include "pdg-server-test-util.h"
#include "pdg-store.h"
#include "pdg-test-util.h"

/* A test that fails aborts; its server must not outlive it (and hold the
 * test log's pipe open). */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

PdgTestServer *
pdg_test_server_start (guint64  units,
                       gboolean with_tokens)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *line = NULL;
  PdgGeneratorStats stats = { 0 };
  PdgTestServer *server = g_new0 (PdgTestServer, 1);
  const char *binary = g_getenv ("PEDIGREE_SERVER");

  g_assert_nonnull (binary);
  server->dir = g_dir_make_tmp ("pedigree-server-XXXXXX", &error);
  g_assert_no_error (error);
  server->db = g_build_filename (server->dir, "served.db", NULL);
  g_assert_true (pdg_generate (server->db, units, 7, NULL, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
  server->fanout = stats.fanout_unit;

  g_ptr_array_add (argv, (char *) binary);
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, server->db);
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, "127.0.0.1:0");
  if (with_tokens)
    {
      server->tokens = g_build_filename (server->dir, "tokens", NULL);
      g_file_set_contents (server->tokens,
                           "# test tokens\n"
                           TOKEN_VIEWER " viewer Vera Viewer\n"
                           TOKEN_PLANNER " planner " NAME_PLANNER "\n"
                           TOKEN_ADMIN " admin " NAME_ADMIN "\n", -1, &error);
      g_assert_no_error (error);
      g_ptr_array_add (argv, "--tokens");
      g_ptr_array_add (argv, server->tokens);
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* The first line says where it listens. Keep the pipe open after. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (line, "/"));
  server->url = g_strndup (line + strlen ("Listening on "), strlen (line) - strlen ("Listening on ") - 1);

  server->session = soup_session_new ();
  return server;
}

static void
remove_dir (PdgTestServer *server)
{
  g_autoptr(GDir) dir = g_dir_open (server->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (server->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (server->dir);
}

static void
server_free (PdgTestServer *server)
{
  g_clear_object (&server->session);
  g_clear_object (&server->process);
  remove_dir (server);
  g_free (server->dir);
  g_free (server->db);
  g_free (server->tokens);
  g_free (server->url);
  g_free (server);
}

/* SIGTERM: the server must finish cleanly, with exit status 0. */
void
pdg_test_server_stop (PdgTestServer *server)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&server->session);
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait_check (server->process, NULL, &error);
  g_assert_no_error (error);
  server_free (server);
}

void
pdg_test_server_kill (PdgTestServer *server)
{
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
}

/* A consistent copy of the served database (VACUUM INTO), beside it. */
char *
pdg_test_server_copy_db (PdgTestServer *server,
                         const char    *name)
{
  char *path = g_build_filename (server->dir, name, NULL);
  char *sql = sqlite3_mprintf ("VACUUM INTO %Q", path);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (server->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  sqlite3_free (sql);
  return path;
}

PdgTestReply *
pdg_test_http (PdgTestServer *server,
               const char    *method,
               const char    *path,
               const char    *token,
               const char    *body,
               const char    *first_header,
               ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  PdgTestReply *reply = g_new0 (PdgTestReply, 1);
  SoupMessageHeaders *headers;
  va_list args;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  va_start (args, first_header);
  for (const char *name = first_header; name != NULL; name = va_arg (args, const char *))
    soup_message_headers_replace (headers, name, va_arg (args, const char *));
  va_end (args);

  reply->body = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return reply;
}

const char *
pdg_test_reply_text (PdgTestReply *reply)
{
  /* GBytes from libsoup end with a NUL the size leaves out. */
  return g_bytes_get_data (reply->body, NULL);
}

JsonNode *
pdg_test_reply_json (PdgTestReply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (reply->body, &size);

  json_parser_load_from_data (parser, data, (gssize) size, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

void
pdg_test_reply_free (PdgTestReply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply);
}

/* An RFC 9457 problem with this status and a detail for people. */
void
pdg_test_assert_problem (PdgTestReply *reply,
                         guint         status)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  if (reply->status != status)
    g_test_message ("expected %u, got %u: %s", status, reply->status, pdg_test_reply_text (reply));
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/problem+json");
  node = pdg_test_reply_json (reply);
  o = json_node_get_object (node);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "type"), "urn:pedigree:problem:"));
  g_assert_cmpint (json_object_get_int_member (o, "status"), ==, status);
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "title")), >, 0);
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "detail")), >, 0);
}

char *
pdg_test_json_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

/* Removes every member named in @names, at any depth. */
void
pdg_test_json_strip (JsonNode           *node,
                     const char * const *names)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) members = NULL;

      for (guint i = 0; names[i] != NULL; i++)
        if (json_object_has_member (o, names[i]))
          json_object_remove_member (o, names[i]);
      members = json_object_get_values (o);
      for (GList *l = members; l != NULL; l = l->next)
        pdg_test_json_strip (l->data, names);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        pdg_test_json_strip (json_array_get_element (a, i), names);
    }
}

char *
pdg_test_db_digest (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (path, &error);
  char *digest;

  g_assert_no_error (error);
  digest = pdg_store_digest (store, &error);
  g_assert_no_error (error);
  return digest;
}

/* SQLite's integrity and foreign-key checks pass, and every table is
 * still there. */
void
pdg_test_db_assert_intact (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (path, &error);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  for (const char * const *t = pdg_store_table_names (); *t != NULL; t++)
    {
      g_assert_cmpint (pdg_store_count_rows (store, *t, &error), >=, 0);
      g_assert_no_error (error);
    }
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}
