/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: pedigree-server, the HTTP JSON API over one database file.
 *
 * Parses the command line, opens the store (the server opens its readers'
 * read-only connections beside it), starts a PdgServer, prints
 * "Listening on URL" as the first line of standard output (tests and
 * scripts read the port from it), and runs until SIGTERM or SIGINT, when it
 * lets the requests at work finish and closes the database. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "pdg-server.h"

#define EXIT_USAGE 2

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* "HOST:PORT", "[V6]:PORT" or "PORT"; HOST is an address or "localhost". */
static gboolean
parse_listen (const char    *text,
              GInetAddress **address,
              guint         *port)
{
  g_autofree char *host = NULL;
  const char *colon = strrchr (text, ':');
  const char *port_text = colon != NULL ? colon + 1 : text;
  guint64 value;

  if (colon == NULL)
    host = g_strdup ("127.0.0.1");
  else if (text[0] == '[' && colon > text + 1 && colon[-1] == ']')
    host = g_strndup (text + 1, (gsize) (colon - text) - 2);
  else
    host = g_strndup (text, (gsize) (colon - text));

  if (!g_ascii_string_to_unsigned (port_text, 10, 0, 65535, &value, NULL))
    return FALSE;
  *port = (guint) value;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    *address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    *address = g_inet_address_new_from_string (host);
  return *address != NULL;
}

static int
fail (const char *message)
{
  g_autofree char *line = g_strdup (message);

  g_strdelimit (line, "\r\n", ' ');
  g_printerr ("pedigree-server: %s\n", line);
  return EXIT_FAILURE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tokens = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(PdgServerAuth) auth = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(PdgServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  guint port = 0;
  int readers = -1;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The database file to serve"), N_("FILE") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, N_("Address and port (default 127.0.0.1:8080; port 0 picks a free one)"), N_("HOST:PORT") },
    { "tokens", 0, 0, G_OPTION_ARG_FILENAME, &tokens, N_("Bearer tokens, one “TOKEN ROLE NAME” a line (without it: loopback only, everything allowed)"), N_("FILE") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, N_("TLS certificate (PEM) for HTTPS"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, N_("TLS private key (PEM) for HTTPS"), N_("FILE") },
    { "readers", 0, 0, G_OPTION_ARG_INT, &readers, N_("Threads that serve reads, each with its own read-only connection (default: one a core; 0: reads wait with the writes)"), N_("N") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("pedigree-server");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Serve a Pedigree database as an HTTP JSON API (/api/v1)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail (error->message);
      return EXIT_USAGE;
    }
  if (db == NULL || argc > 1)
    {
      fail (_("Usage: pedigree-server --db FILE [--listen HOST:PORT] [--tokens FILE] [--tls-cert FILE --tls-key FILE] [--readers N]"));
      return EXIT_USAGE;
    }
  if (!parse_listen (listen != NULL ? listen : "127.0.0.1:8080", &address, &port))
    {
      fail (_("--listen is HOST:PORT with an IP address (or localhost) and a port from 0 to 65535."));
      return EXIT_USAGE;
    }
  if (readers < -1 || readers > 64)
    {
      fail (_("--readers is a number from 0 to 64."));
      return EXIT_USAGE;
    }
  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      fail (_("--tls-cert and --tls-key go together."));
      return EXIT_USAGE;
    }

  if (tokens != NULL)
    {
      auth = pdg_server_auth_new_from_file (tokens, &error);
      if (auth == NULL)
        return fail (error->message);
    }
  else if (!g_inet_address_get_is_loopback (address))
    {
      fail (_("Without --tokens every request is allowed, so pedigree-server listens on loopback only (127.0.0.1, ::1); give --tokens FILE to listen elsewhere."));
      return EXIT_USAGE;
    }
  else
    g_printerr ("%s\n", _("No --tokens: listening on loopback only, and every request is allowed."));

  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        return fail (error->message);
    }

  if (!g_file_test (db, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *message = g_strdup_printf (_("There is no database file %s (create one with pedigree-cli generate or import)."), db);
      return fail (message);
    }
  store = pdg_store_open (db, &error);
  if (store == NULL)
    return fail (error->message);

  server = pdg_server_new_with_readers (store, auth,
                                        readers >= 0 ? (guint) readers : g_get_num_processors (),
                                        &error);
  if (server == NULL || !pdg_server_listen (server, address, port, certificate, &error))
    return fail (error->message);

  url = pdg_server_dup_url (server);
  g_print (_("Listening on %s\n"), url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_main_loop_run (loop);

  pdg_server_shutdown (server);
  g_clear_object (&server);
  g_clear_object (&store);
  g_printerr ("%s\n", _("Stopped."));
  return EXIT_SUCCESS;
}
