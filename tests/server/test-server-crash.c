/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-crash.c: a pedigree-server killed with SIGKILL while a big
 * event batch is posted leaves a consistent database: SQLite's integrity
 * check passes and the batch is either all there or not there at all.
 *
 * The kill is sent once the client has written the whole body, so it lands
 * while the server parses or stores the batch, or (on a fast machine) just
 * after it answered; both outcomes are accepted, only a partial batch or a
 * damaged file would fail. */
#include "config.h"

#include <signal.h>

#include <glib/gstdio.h>

#include "pdg-server-test-util.h"
#include "pdg-store.h"

#define BATCH 40000

typedef struct
{
  PdgTestServer *server;
  GMainLoop     *loop;
  gboolean       killed;
} Crash;

static void
on_wrote_body (SoupMessage *msg,
               gpointer     user_data)
{
  Crash *crash = user_data;

  if (!crash->killed)
    {
      g_subprocess_send_signal (crash->server->process, SIGKILL);
      crash->killed = TRUE;
    }
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Crash *crash = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  g_test_message ("the client saw: %s", error != NULL ? error->message : "an answer");
  g_main_loop_quit (crash->loop);
}

static gint64
count_batch (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (db, &error);
  g_autoptr(GPtrArray) entries = NULL;
  PdgAuditQuery query = { .entity = "event", .actor = "Pat Planner" };

  g_assert_no_error (error);
  entries = pdg_store_query_audit (store, &query, &error);
  g_assert_no_error (error);
  return entries->len;
}

static void
test_sigkill_mid_batch (void)
{
  PdgTestServer *server = pdg_test_server_start (3000, TRUE);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GString) body = g_string_new ("{\"events\": [");
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *url = g_strconcat (server->url, "/api/v1/events", NULL);
  g_autofree char *digest = pdg_test_db_digest (server->db);
  g_autofree char *digest_after = NULL;
  Crash crash = { server, loop, FALSE };
  gint64 stored;

  for (guint i = 0; i < BATCH; i++)
    g_string_append_printf (body, "%s{\"unit_id\": %" G_GINT64_FORMAT ", \"kind\": \"inspection\", \"doc_ref\": \"CRASH-%u\", \"note\": \"batch before the kill\"}",
                            i > 0 ? "," : "", server->fanout, i);
  g_string_append (body, "]}");
  g_assert_cmpuint (body->len, <, 8 * 1024 * 1024);
  bytes = g_bytes_new (body->str, body->len);

  msg = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " TOKEN_PLANNER);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  g_signal_connect (msg, "wrote-body", G_CALLBACK (on_wrote_body), &crash);
  soup_session_send_and_read_async (server->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &crash);
  g_main_loop_run (loop);
  g_assert_true (crash.killed);
  pdg_test_server_kill (server);

  /* Opening it runs SQLite's recovery of the write-ahead log. */
  pdg_test_db_assert_intact (server->db);
  stored = count_batch (server->db);
  g_test_message ("events of the batch stored: %" G_GINT64_FORMAT, stored);
  g_assert_true (stored == 0 || stored == BATCH);
  if (stored == 0)
    {
      digest_after = pdg_test_db_digest (server->db);
      g_assert_cmpstr (digest, ==, digest_after);
    }

  g_clear_object (&server->session);
  g_clear_object (&server->process);
  /* The files go with the directory; the server is gone already. */
  {
    g_autoptr(GDir) dir = g_dir_open (server->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (server->dir, name, NULL);

        g_remove (path);
      }
    g_rmdir (server->dir);
  }
  g_free (server->dir);
  g_free (server->db);
  g_free (server->tokens);
  g_free (server->url);
  g_free (server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/crash/sigkill-mid-batch-leaves-all-or-nothing", test_sigkill_mid_batch);

  return g_test_run ();
}
