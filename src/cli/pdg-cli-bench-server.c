/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-cli-bench-server.c: `pedigree-cli bench-server URL --db FILE`, a load
 * generator for pedigree-server.
 *
 * Three phases against a running server, each with C keep-alive
 * connections busy at once (closed loop: a connection sends its next
 * request when the answer to the last one is in):
 *   (a) unit lookups, GET /api/v1/units/{id} and ?code=ITEM/LOT by turns,
 *       of random units read from the database file (opened read-only);
 *   (b) forward traces of units whose trace has about 500 nodes: purchased
 *       lots with 50 to 500 direct consumers are read from the file, and the
 *       server's own answer (the core's pdg_trace) says how many nodes each
 *       has; those with 400 to 600 are kept;
 *   (c) the same load with malformed requests mixed in (bad JSON bodies,
 *       bad paths, methods and parameters, oversized headers): every
 *       answer is parsed, good ones must be 200 with a JSON body, malformed
 *       ones a 4xx application/problem+json, none a 5xx or a dropped
 *       connection.
 *
 * The client is raw HTTP/1.1 over non-blocking GSockets polled by one
 * thread (one send() and usually one recv() per request), not SoupSession:
 * the client shares the machine's cores with the server, and a SoupSession
 * client with as many connections reached about a third of this one's
 * lookups per second in the same minutes (README, Performance). Raw
 * requests also let the malformed ones be exactly as malformed as
 * intended. Prints figures; exits 1 only when an answer was wrong, never
 * because it was slow. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "pdg-cli.h"

#define N_LOOKUP_UNITS 10000
#define TRACE_WANT 500
#define TRACE_SIZING_CAP 2000   /* max_nodes while sizing candidates */
#define MAX_TRACE_CANDIDATES 256
#define BIG_HEADER_SIZE (32 * 1024)

/* ------------------------------------------------------------------------ */
/* Requests and answers                                                      */

typedef enum
{
  EXPECT_OK,         /* 200 application/json */
  EXPECT_PROBLEM,    /* 4xx application/problem+json */
} Expect;

/* One exchange's outcome, handed to a phase's `done`. */
typedef struct
{
  guint        status;        /* 0: no answer (the connection dropped) */
  const char  *content_type;  /* borrowed; without parameters, nullable */
  const char  *body;          /* borrowed; not NUL-terminated */
  gsize        body_len;
  double       ms;            /* from the first byte sent to the last byte read */
} Answer;

typedef struct _Bench Bench;
typedef struct _Conn Conn;

/* A phase fills conn->out with the next request (and its tag), or returns
 * FALSE when it has nothing more to send; `done` gets every answer. */
typedef struct
{
  gboolean (*next) (Bench *bench, Conn *conn);
  void     (*done) (Bench *bench, Conn *conn, const Answer *answer);
} Phase;

struct _Conn
{
  GSocket    *socket;     /* owned, nullable: connected on first use */
  GString    *out;        /* owned; the request being sent */
  gsize       sent;
  GByteArray *in;         /* owned; the answer being read */
  gsize       head_len;   /* 0 until the blank line after the headers is in */
  gint64      body_len;   /* -1: until the connection closes; -2: chunked */
  guint       status;
  gboolean    close_after;
  gboolean    busy;
  gint64      start;      /* monotonic µs */
  gint        tag;        /* the phase's: which target or malformed kind */
  Expect      expect;
};

struct _Bench
{
  GSocketAddress *address;       /* owned */
  char           *host;          /* owned; the Host header */
  char           *base;          /* owned; the URL's path without a final "/" */
  char           *auth;          /* owned; "Authorization: …\r\n" or "" */
  Conn           *conns;         /* owned; n_conns of them */
  guint           n_conns;

  GArray         *unit_ids;      /* owned; gint64 */
  GPtrArray      *unit_keys;     /* owned; "ITEM/LOT", URI-escaped */
  GArray         *trace_ids;     /* owned; gint64 */
  GArray         *trace_nodes;   /* owned; guint, per trace_ids */

  /* The phase at work. */
  guint64         sent;          /* requests started */
  guint64         budget;        /* the most requests to start (G_MAXUINT64: by time) */
  gint64          deadline;      /* monotonic µs; no new request after it */
  GArray         *ms;            /* owned; latencies of good answers */
  GHashTable     *statuses;      /* owned; status -> count (0: dropped) */
  guint64         wrong;         /* answers that were not what the request deserved */
  char           *first_wrong;   /* owned, nullable; what the first one was */
  guint64         dropped;
  guint64         malformed_sent;
  guint64         malformed_budget;
  guint64         good;
  guint           rotor;         /* turns of the phase */
  guint           flip;          /* lookups: by id or by code */
};

static void
conn_reset (Conn *conn)
{
  g_string_truncate (conn->out, 0);
  g_byte_array_set_size (conn->in, 0);
  conn->sent = 0;
  conn->head_len = 0;
  conn->body_len = -1;
  conn->status = 0;
  conn->close_after = FALSE;
  conn->busy = FALSE;
}

static void
conn_close (Conn *conn)
{
  if (conn->socket != NULL)
    g_socket_close (conn->socket, NULL);
  g_clear_object (&conn->socket);
}

static void
bench_free (Bench *bench)
{
  for (guint i = 0; i < bench->n_conns; i++)
    {
      conn_close (&bench->conns[i]);
      g_string_free (bench->conns[i].out, TRUE);
      g_byte_array_unref (bench->conns[i].in);
    }
  g_free (bench->conns);
  g_clear_object (&bench->address);
  g_free (bench->host);
  g_free (bench->base);
  g_free (bench->auth);
  g_clear_pointer (&bench->unit_ids, g_array_unref);
  g_clear_pointer (&bench->unit_keys, g_ptr_array_unref);
  g_clear_pointer (&bench->trace_ids, g_array_unref);
  g_clear_pointer (&bench->trace_nodes, g_array_unref);
  g_clear_pointer (&bench->ms, g_array_unref);
  g_clear_pointer (&bench->statuses, g_hash_table_unref);
  g_free (bench->first_wrong);
  g_free (bench);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Bench, bench_free)

/* Starts a request: "METHOD BASE PATH HTTP/1.1" with the Host and token
 * headers, then @extra_headers (each ending in CRLF), then the body. */
static void
request_start (Bench      *bench,
               Conn       *conn,
               const char *method,
               const char *path,
               const char *extra_headers,
               const char *body,
               gsize       body_len)
{
  g_string_append_printf (conn->out, "%s %s%s HTTP/1.1\r\nHost: %s\r\n%s%s",
                          method, bench->base, path, bench->host, bench->auth,
                          extra_headers != NULL ? extra_headers : "");
  if (body != NULL)
    g_string_append_printf (conn->out, "Content-Length: %" G_GSIZE_FORMAT "\r\n", body_len);
  g_string_append (conn->out, "\r\n");
  if (body != NULL)
    g_string_append_len (conn->out, body, (gssize) body_len);
}

/* ------------------------------------------------------------------------ */
/* Reading answers                                                           */

static gboolean
header_is (const char *line,
           gsize       len,
           const char *name,
           const char **value)
{
  gsize n = strlen (name);

  if (len <= n || line[n] != ':' || g_ascii_strncasecmp (line, name, n) != 0)
    return FALSE;
  *value = line + n + 1;
  while (*value < line + len && (**value == ' ' || **value == '\t'))
    (*value)++;
  return TRUE;
}

/* Reads the status line and the headers that frame the body. */
static gboolean
parse_head (Conn  *conn,
            char **content_type)
{
  const char *data = (const char *) conn->in->data;
  const char *end = data + conn->head_len - 4;
  const char *line = data;
  gboolean http10;

  if (conn->head_len < 16 || strncmp (data, "HTTP/1.", 7) != 0)
    return FALSE;
  http10 = data[7] == '0';
  conn->status = (guint) g_ascii_strtoull (data + 9, NULL, 10);
  conn->body_len = -1;
  conn->close_after = http10;
  *content_type = NULL;

  while (line < end)
    {
      const char *eol = g_strstr_len (line, end + 2 - line, "\r\n");
      const char *value;
      gsize len;

      if (eol == NULL)
        break;
      len = (gsize) (eol - line);
      if (header_is (line, len, "Content-Length", &value))
        conn->body_len = (gint64) g_ascii_strtoull (value, NULL, 10);
      else if (header_is (line, len, "Transfer-Encoding", &value) &&
               g_ascii_strncasecmp (value, "chunked", 7) == 0)
        conn->body_len = -2;
      else if (header_is (line, len, "Connection", &value))
        conn->close_after = g_ascii_strncasecmp (value, "close", 5) == 0 ||
                            (http10 && g_ascii_strncasecmp (value, "keep-alive", 10) != 0);
      else if (header_is (line, len, "Content-Type", &value))
        {
          const char *semi = memchr (value, ';', (gsize) (eol - value));

          g_free (*content_type);
          *content_type = g_strstrip (g_strndup (value, (gsize) ((semi != NULL ? semi : eol) - value)));
        }
      line = eol + 2;
    }
  if (conn->status == 204 || conn->status == 304 || conn->status < 200)
    conn->body_len = 0;
  return conn->status >= 100 && conn->status < 600;
}

/* A chunked body: TRUE when the last chunk is in, and then (only) the
 * chunks are joined in place; @len is the decoded length at @body. */
static gboolean
dechunk (guint8 *body,
         gsize   avail,
         gsize  *len)
{
  for (int pass = 0; pass < 2; pass++)   /* pass 0 checks, pass 1 joins */
    {
      gsize r = 0, w = 0;

      for (;;)
        {
          const char *eol = g_strstr_len ((const char *) body + r, (gssize) (avail - r), "\r\n");
          guint64 size;

          if (eol == NULL)
            return FALSE;
          size = g_ascii_strtoull ((const char *) body + r, NULL, 16);
          r = (gsize) ((const guint8 *) eol - body) + 2;
          if (size == 0)
            {
              if (g_strstr_len ((const char *) body + r, (gssize) (avail - r), "\r\n") == NULL)
                return FALSE;
              *len = w;
              break;
            }
          if (avail - r < size + 2)
            return FALSE;
          if (pass == 1)
            memmove (body + w, body + r, size);
          w += size;
          r += size + 2;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The loop                                                                  */

static void
finish (Bench        *bench,
        Conn         *conn,
        const Phase  *phase,
        guint         status,
        const char   *content_type,
        const guint8 *body,
        gsize         body_len)
{
  Answer answer = {
    .status = status,
    .content_type = content_type,
    .body = (const char *) body,
    .body_len = body_len,
    .ms = (g_get_monotonic_time () - conn->start) / 1000.0,
  };
  gpointer count = g_hash_table_lookup (bench->statuses, GUINT_TO_POINTER (status));

  g_hash_table_insert (bench->statuses, GUINT_TO_POINTER (status), GSIZE_TO_POINTER (GPOINTER_TO_SIZE (count) + 1));
  if (status == 0)
    bench->dropped++;
  phase->done (bench, conn, &answer);
  if (status == 0 || conn->close_after)
    conn_close (conn);
  conn_reset (conn);
}

/* Whether the answer is complete; if so, hands it on. */
static void
try_finish (Bench       *bench,
            Conn        *conn,
            const Phase *phase,
            gboolean     eof)
{
  g_autofree char *content_type = NULL;
  guint8 *body;
  gsize avail, len = 0;

  if (conn->head_len == 0)
    {
      const char *data = (const char *) conn->in->data;
      const char *blank = conn->in->len >= 4 ? g_strstr_len (data, (gssize) conn->in->len, "\r\n\r\n") : NULL;

      if (blank == NULL)
        {
          if (eof)
            finish (bench, conn, phase, 0, NULL, NULL, 0);
          return;
        }
      conn->head_len = (gsize) (blank - data) + 4;
    }
  if (!parse_head (conn, &content_type))
    {
      conn->close_after = TRUE;
      finish (bench, conn, phase, 0, NULL, NULL, 0);
      return;
    }
  body = conn->in->data + conn->head_len;
  avail = conn->in->len - conn->head_len;
  if (conn->body_len >= 0 && avail >= (gsize) conn->body_len)
    len = (gsize) conn->body_len;
  else if (conn->body_len == -2 && dechunk (body, avail, &len))
    ;
  else if (conn->body_len == -1 && eof)
    {
      conn->close_after = TRUE;
      len = avail;
    }
  else
    {
      if (eof)
        finish (bench, conn, phase, 0, NULL, NULL, 0);
      return;
    }
  finish (bench, conn, phase, conn->status, content_type, body, len);
}

static gboolean
conn_connect (Bench   *bench,
              Conn    *conn,
              GError **error)
{
  g_autoptr(GSocket) socket = g_socket_new (g_socket_address_get_family (bench->address),
                                            G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);

  if (socket == NULL || !g_socket_connect (socket, bench->address, NULL, error))
    return FALSE;
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  g_socket_set_blocking (socket, FALSE);
  conn->socket = g_steal_pointer (&socket);
  return TRUE;
}

static void
conn_send (Bench       *bench,
           Conn        *conn,
           const Phase *phase)
{
  g_autoptr(GError) error = NULL;
  gssize n = g_socket_send (conn->socket, conn->out->str + conn->sent, conn->out->len - conn->sent,
                            NULL, &error);

  if (n > 0)
    conn->sent += (gsize) n;
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      /* The server may have answered and closed before reading it all
       * (a refused body): read what it said. */
      conn->sent = conn->out->len;
    }
}

static void
conn_receive (Bench       *bench,
              Conn        *conn,
              const Phase *phase)
{
  g_autoptr(GError) error = NULL;
  guint old = conn->in->len;
  gssize n;

  g_byte_array_set_size (conn->in, old + 65536);
  n = g_socket_receive (conn->socket, (char *) conn->in->data + old, 65536, NULL, &error);
  g_byte_array_set_size (conn->in, old + (guint) MAX (n, 0));
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return;
  try_finish (bench, conn, phase, n <= 0);
}

/* Runs @phase until it has nothing more to send (or the deadline passed)
 * and every answer is in. */
static gboolean
run_phase (Bench       *bench,
           const Phase *phase,
           GError     **error)
{
  g_autofree GPollFD *fds = g_new0 (GPollFD, bench->n_conns);
  g_autofree guint *which = g_new0 (guint, bench->n_conns);

  for (;;)
    {
      guint n_fds = 0;
      gint64 now = g_get_monotonic_time ();

      for (guint i = 0; i < bench->n_conns; i++)
        {
          Conn *conn = &bench->conns[i];

          if (!conn->busy && now < bench->deadline && bench->sent < bench->budget)
            {
              if (!phase->next (bench, conn))
                {
                  conn_reset (conn);
                  continue;
                }
              if (conn->socket == NULL && !conn_connect (bench, conn, error))
                return FALSE;
              conn->busy = TRUE;
              conn->start = g_get_monotonic_time ();
              bench->sent++;
              conn_send (bench, conn, phase);
            }
          if (!conn->busy)
            continue;
          fds[n_fds].fd = g_socket_get_fd (conn->socket);
          fds[n_fds].events = conn->sent < conn->out->len ? G_IO_OUT : G_IO_IN;
          fds[n_fds].revents = 0;
          which[n_fds++] = i;
        }
      if (n_fds == 0)
        return TRUE;

      if (g_poll (fds, n_fds, 1000) < 0 && errno != EINTR)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "poll: %s", g_strerror (errno));
          return FALSE;
        }
      for (guint k = 0; k < n_fds; k++)
        {
          Conn *conn = &bench->conns[which[k]];

          if (fds[k].revents == 0)
            continue;
          if (conn->sent < conn->out->len)
            conn_send (bench, conn, phase);
          else
            conn_receive (bench, conn, phase);
        }
    }
}

static void
phase_begin (Bench   *bench,
             double   seconds,
             guint64  budget)
{
  bench->sent = 0;
  bench->budget = budget;
  bench->deadline = seconds > 0 ? g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC) : G_MAXINT64;
  g_array_set_size (bench->ms, 0);
  g_hash_table_remove_all (bench->statuses);
  bench->wrong = 0;
  bench->dropped = 0;
  bench->good = 0;
  bench->malformed_sent = 0;
  bench->rotor = 0;
  g_clear_pointer (&bench->first_wrong, g_free);
}

static void
note_wrong (Bench        *bench,
            Conn         *conn,
            const Answer *answer)
{
  bench->wrong++;
  if (bench->first_wrong == NULL)
    bench->first_wrong = g_strdup_printf ("%.*s: %u %s %.*s", (int) strcspn (conn->out->str, "\r\n"),
                                          conn->out->str, answer->status,
                                          answer->content_type ? answer->content_type : "-",
                                          (int) MIN (answer->body_len, 200), answer->body ? answer->body : "");
}

/* JSON syntax (RFC 8259) without building a tree: json-glib's parser
 * builds one, and parsing every 200 KB trace with it took the client more
 * CPU than the server spent answering. Advances *p past one value. */
static gboolean
skip_value (const char **p,
            const char  *end,
            guint        depth);

static void
skip_space (const char **p,
            const char  *end)
{
  while (*p < end && (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r'))
    (*p)++;
}

static gboolean
skip_string (const char **p,
             const char  *end)
{
  const char *q = *p + 1;

  while (q < end && *q != '"')
    {
      if ((guchar) *q < 0x20)
        return FALSE;
      if (*q == '\\')
        {
          if (++q >= end)
            return FALSE;
          if (*q == 'u')
            {
              for (int i = 1; i <= 4; i++)
                if (q + i >= end || !g_ascii_isxdigit (q[i]))
                  return FALSE;
              q += 4;
            }
          else if (strchr ("\"\\/bfnrt", *q) == NULL)
            return FALSE;
        }
      q++;
    }
  if (q >= end)
    return FALSE;
  *p = q + 1;
  return TRUE;
}

static gboolean
skip_digits (const char **p,
             const char  *end)
{
  const char *start = *p;

  while (*p < end && g_ascii_isdigit (**p))
    (*p)++;
  return *p > start;
}

static gboolean
skip_number (const char **p,
             const char  *end)
{
  if (**p == '-')
    (*p)++;
  if (*p < end && **p == '0')
    (*p)++;
  else if (!skip_digits (p, end))
    return FALSE;
  if (*p < end && **p == '.' && (++(*p), !skip_digits (p, end)))
    return FALSE;
  if (*p < end && (**p == 'e' || **p == 'E'))
    {
      (*p)++;
      if (*p < end && (**p == '+' || **p == '-'))
        (*p)++;
      if (!skip_digits (p, end))
        return FALSE;
    }
  return TRUE;
}

static gboolean
skip_word (const char **p,
           const char  *end,
           const char  *word)
{
  gsize n = strlen (word);

  if ((gsize) (end - *p) < n || memcmp (*p, word, n) != 0)
    return FALSE;
  *p += n;
  return TRUE;
}

static gboolean
skip_value (const char **p,
            const char  *end,
            guint        depth)
{
  char close;

  skip_space (p, end);
  if (*p >= end || depth > 512)
    return FALSE;
  switch (**p)
    {
    case '"':
      return skip_string (p, end);
    case 't':
      return skip_word (p, end, "true");
    case 'f':
      return skip_word (p, end, "false");
    case 'n':
      return skip_word (p, end, "null");
    case '{':
    case '[':
      close = **p == '{' ? '}' : ']';
      (*p)++;
      skip_space (p, end);
      if (*p < end && **p == close)
        {
          (*p)++;
          return TRUE;
        }
      for (;;)
        {
          if (close == '}')
            {
              skip_space (p, end);
              if (*p >= end || **p != '"' || !skip_string (p, end))
                return FALSE;
              skip_space (p, end);
              if (*p >= end || **p != ':')
                return FALSE;
              (*p)++;
            }
          if (!skip_value (p, end, depth + 1))
            return FALSE;
          skip_space (p, end);
          if (*p < end && **p == ',')
            (*p)++;
          else if (*p < end && **p == close)
            {
              (*p)++;
              return TRUE;
            }
          else
            return FALSE;
        }
    default:
      return skip_number (p, end);
    }
}

/* Whether @body is one JSON object in UTF-8. */
static gboolean
json_object_valid (const char *body,
                   gsize       len)
{
  const char *p = body;
  const char *end = body + len;

  if (!g_utf8_validate_len (body, len, NULL))
    return FALSE;
  skip_space (&p, end);
  if (p >= end || *p != '{' || !skip_value (&p, end, 0))
    return FALSE;
  skip_space (&p, end);
  return p == end;
}

/* Whether @answer is a 200 with a JSON object; @parse: check all of its
 * syntax (otherwise only its first byte is looked at). */
static gboolean
answer_is_ok (const Answer *answer,
              gboolean      parse)
{
  if (answer->status != 200 || g_strcmp0 (answer->content_type, "application/json") != 0 ||
      answer->body_len == 0 || answer->body[0] != '{')
    return FALSE;
  return !parse || json_object_valid (answer->body, answer->body_len);
}

/* Whether @answer is a 4xx problem whose "status" is the answer's. */
static gboolean
answer_is_problem (const Answer *answer)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (answer->status < 400 || answer->status > 499 ||
      g_strcmp0 (answer->content_type, "application/problem+json") != 0 ||
      !json_parser_load_from_data (parser, answer->body, (gssize) answer->body_len, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
         json_object_get_int_member_with_default (json_node_get_object (root), "status", 0) == answer->status;
}

/* ------------------------------------------------------------------------ */
/* (a) Lookups                                                               */

static gboolean
lookup_next (Bench *bench,
             Conn  *conn)
{
  guint i = g_random_int_range (0, (gint32) bench->unit_ids->len);

  conn->tag = (gint) i;
  conn->expect = EXPECT_OK;
  if (bench->flip++ % 2 == 0)
    {
      char path[64];

      g_snprintf (path, sizeof path, "/api/v1/units/%" G_GINT64_FORMAT, g_array_index (bench->unit_ids, gint64, i));
      request_start (bench, conn, "GET", path, NULL, NULL, 0);
    }
  else
    {
      g_autofree char *path = g_strconcat ("/api/v1/units?code=", (const char *) bench->unit_keys->pdata[i], NULL);

      request_start (bench, conn, "GET", path, NULL, NULL, 0);
    }
  return TRUE;
}

static void
good_done (Bench        *bench,
           Conn         *conn,
           const Answer *answer)
{
  if (answer_is_ok (answer, FALSE))
    {
      g_array_append_val (bench->ms, answer->ms);
      bench->good++;
    }
  else
    note_wrong (bench, conn, answer);
}

static const Phase lookup_phase = { lookup_next, good_done };

/* ------------------------------------------------------------------------ */
/* (b) Traces                                                                */

static void
trace_path (Bench *bench,
            Conn  *conn,
            guint  i)
{
  char path[96];

  g_snprintf (path, sizeof path, "/api/v1/units/%" G_GINT64_FORMAT "/trace?direction=forward",
              g_array_index (bench->trace_ids, gint64, i));
  conn->tag = (gint) i;
  conn->expect = EXPECT_OK;
  request_start (bench, conn, "GET", path, NULL, NULL, 0);
}

static gboolean
trace_next (Bench *bench,
            Conn  *conn)
{
  trace_path (bench, conn, bench->rotor++ % bench->trace_ids->len);
  return TRUE;
}

static const Phase trace_phase = { trace_next, good_done };

/* Sizing: each candidate once, capped, and its node count kept. */
static gboolean
size_next (Bench *bench,
           Conn  *conn)
{
  char path[128];
  guint i = bench->rotor++;

  if (i >= bench->trace_ids->len)
    return FALSE;
  g_snprintf (path, sizeof path, "/api/v1/units/%" G_GINT64_FORMAT "/trace?direction=forward&max_nodes=%u",
              g_array_index (bench->trace_ids, gint64, i), TRACE_SIZING_CAP);
  conn->tag = (gint) i;
  request_start (bench, conn, "GET", path, NULL, NULL, 0);
  return TRUE;
}

static void
size_done (Bench        *bench,
           Conn         *conn,
           const Answer *answer)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  guint nodes = 0;

  if (answer->status == 200 &&
      json_parser_load_from_data (parser, answer->body, (gssize) answer->body_len, NULL) &&
      json_parser_get_root (parser) != NULL &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *o = json_node_get_object (json_parser_get_root (parser));
      JsonNode *a = json_object_get_member (o, "nodes");

      if (a != NULL && JSON_NODE_HOLDS_ARRAY (a) &&
          !json_object_get_boolean_member_with_default (o, "node_capped", TRUE))
        nodes = json_array_get_length (json_node_get_array (a));
    }
  else
    note_wrong (bench, conn, answer);
  g_array_index (bench->trace_nodes, guint, conn->tag) = nodes;
}

static const Phase size_phase = { size_next, size_done };

/* ------------------------------------------------------------------------ */
/* (c) Malformed requests in the load                                        */

static void
malformed_request (Bench *bench,
                   Conn  *conn,
                   guint  kind)
{
  gint64 id = g_array_index (bench->unit_ids, gint64, kind % bench->unit_ids->len);
  g_autofree char *unit_path = g_strdup_printf ("/api/v1/units/%" G_GINT64_FORMAT, id);
  const char *json = "Content-Type: application/json\r\n";

  switch (kind % 16)
    {
    case 0:   /* JSON cut short */
      request_start (bench, conn, "POST", "/api/v1/recall", json, "{\"lots\": [", 10);
      break;
    case 1:   /* not JSON */
      request_start (bench, conn, "POST", "/api/v1/recall", json, "lots=1,2,3", 10);
      break;
    case 2:   /* nested past the server's limit */
      {
        char deep[200];

        memset (deep, '[', sizeof deep);
        request_start (bench, conn, "POST", "/api/v1/recall", json, deep, sizeof deep);
      }
      break;
    case 3:   /* not UTF-8 */
      request_start (bench, conn, "POST", "/api/v1/recall", json, "{\"lots\": [\"\xff\xfe\"]}", 16);
      break;
    case 4:   /* not JSON by its type */
      request_start (bench, conn, "POST", "/api/v1/recall", "Content-Type: text/plain\r\n", "{}", 2);
      break;
    case 5:   /* JSON of the wrong shape */
      request_start (bench, conn, "POST", "/api/v1/recall", json, "{\"lots\": \"all\"}", 15);
      break;
    case 6:
      request_start (bench, conn, "GET", "/api/v1/nothing-here", NULL, NULL, 0);
      break;
    case 7:
      request_start (bench, conn, "GET", "/api/v1/units/%FF%FE", NULL, NULL, 0);
      break;
    case 8:
      request_start (bench, conn, "DELETE", unit_path, NULL, NULL, 0);
      break;
    case 9:
      request_start (bench, conn, "GET", "/api/v1/units/999999999999", NULL, NULL, 0);
      break;
    case 10:
      request_start (bench, conn, "GET", "/api/v1/units?limit=many", NULL, NULL, 0);
      break;
    case 11:
      request_start (bench, conn, "GET", "/api/v1/units", NULL, NULL, 0);
      break;
    case 12:
      {
        g_autofree char *path = g_strconcat (unit_path, "/trace?direction=sideways", NULL);

        request_start (bench, conn, "GET", path, NULL, NULL, 0);
      }
      break;
    case 13:
      {
        g_autofree char *path = g_strconcat (unit_path, "/trace?depth=-1", NULL);

        request_start (bench, conn, "GET", path, NULL, NULL, 0);
      }
      break;
    case 14:
      request_start (bench, conn, "GET", "/api/v1/units?code=%FF%FE", NULL, NULL, 0);
      break;
    default:  /* headers far beyond any client's */
      {
        g_autoptr(GString) big = g_string_sized_new (BIG_HEADER_SIZE + 32);

        g_string_append (big, "X-Padding: ");
        for (guint i = 0; i < BIG_HEADER_SIZE; i++)
          g_string_append_c (big, 'a' + (char) (i % 26));
        g_string_append (big, "\r\n");
        request_start (bench, conn, "GET", unit_path, big->str, NULL, 0);
      }
      break;
    }
}

/* Every fourth request malformed until they are all sent; the good ones
 * are lookups with a trace every tenth. */
static gboolean
mixed_next (Bench *bench,
            Conn  *conn)
{
  guint turn = bench->rotor++;

  if (bench->malformed_sent >= bench->malformed_budget)
    return FALSE;
  if (turn % 4 == 3)
    {
      conn->expect = EXPECT_PROBLEM;
      conn->tag = (gint) bench->malformed_sent;
      malformed_request (bench, conn, (guint) bench->malformed_sent++);
      return TRUE;
    }
  if (bench->trace_ids->len > 0 && turn % 10 == 0)
    trace_path (bench, conn, turn % bench->trace_ids->len);
  else
    lookup_next (bench, conn);
  conn->expect = EXPECT_OK;
  return TRUE;
}

static void
mixed_done (Bench        *bench,
            Conn         *conn,
            const Answer *answer)
{
  if (conn->expect == EXPECT_OK)
    {
      if (answer_is_ok (answer, TRUE))
        bench->good++;
      else
        note_wrong (bench, conn, answer);
    }
  else if (!answer_is_problem (answer))
    note_wrong (bench, conn, answer);
}

static const Phase mixed_phase = { mixed_next, mixed_done };

/* ------------------------------------------------------------------------ */
/* Targets from the database file                                            */

static sqlite3 *
open_read_only (const char  *path,
                GError     **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
  sqlite3 *db = NULL;

  uri = g_strconcat ("file:", escaped, "?mode=ro", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
      sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot open database “%s” to read: %s"),
                   path, db != NULL ? sqlite3_errmsg (db) : _("no such file"));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static gboolean
pick_units (Bench    *bench,
            sqlite3  *db,
            GError  **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  sqlite3_stmt *stmt = NULL;
  gint64 max_id = 0;

  if (sqlite3_prepare_v2 (db, "SELECT max(id) FROM unit", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    max_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (sqlite3_prepare_v2 (db, "SELECT i.number, u.lot FROM unit u JOIN item i ON i.id = u.item_id WHERE u.id = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The database cannot be read: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  for (guint tries = 0; max_id > 0 && bench->unit_ids->len < N_LOOKUP_UNITS && tries < N_LOOKUP_UNITS * 4; tries++)
    {
      gint64 id = 1 + (gint64) (g_rand_double (rand) * max_id);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, MIN (id, max_id));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *key = g_strdup_printf ("%s/%s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));

          id = MIN (id, max_id);
          g_array_append_val (bench->unit_ids, id);
          g_ptr_array_add (bench->unit_keys, g_uri_escape_string (key, NULL, FALSE));
        }
    }
  sqlite3_finalize (stmt);
  if (bench->unit_ids->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", _("The database has no units to look up."));
      return FALSE;
    }
  return TRUE;
}

/* Trace candidates: purchased lots with 50 to 500 direct consumers (whose
 * forward trace is a few hundred to a few thousand units), the first ones
 * by id; in a database with none, the lots with the most consumers. */
static void
pick_trace_candidates (Bench   *bench,
                       sqlite3 *db)
{
  static const char * const queries[] = {
    "SELECT u.id FROM unit u WHERE u.origin = 0"
    " AND (SELECT count(*) FROM association a WHERE a.child_id = u.id) BETWEEN 50 AND 500 LIMIT ?1",
    "SELECT a.child_id FROM association a INDEXED BY association_up"
    " GROUP BY a.child_id ORDER BY count(*) DESC LIMIT ?1",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries) && bench->trace_ids->len == 0; q++)
    {
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL) != SQLITE_OK)
        continue;
      sqlite3_bind_int (stmt, 1, MAX_TRACE_CANDIDATES);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (bench->trace_ids, id);
        }
      sqlite3_finalize (stmt);
    }
  g_array_set_size (bench->trace_nodes, bench->trace_ids->len);
}

/* Keeps the candidates with 400 to 600 nodes, or else the (up to) eight
 * nearest to 500. */
static void
keep_traces_near (Bench *bench)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_near = 0;

  for (guint i = 0; i < bench->trace_ids->len; i++)
    {
      guint n = g_array_index (bench->trace_nodes, guint, i);

      if (n == 0)
        continue;
      if (n >= TRACE_WANT * 4 / 5 && n <= TRACE_WANT * 6 / 5)
        n_near++;
      g_array_append_val (order, i);
    }
  /* Nearest first (insertion sort: at most MAX_TRACE_CANDIDATES). */
  for (guint i = 1; i < order->len; i++)
    for (guint j = i; j > 0; j--)
      {
        guint a = g_array_index (order, guint, j - 1);
        guint b = g_array_index (order, guint, j);
        guint na = g_array_index (bench->trace_nodes, guint, a);
        guint nb = g_array_index (bench->trace_nodes, guint, b);

        if (ABS ((gint) nb - TRACE_WANT) >= ABS ((gint) na - TRACE_WANT))
          break;
        g_array_index (order, guint, j - 1) = b;
        g_array_index (order, guint, j) = a;
      }
  for (guint k = 0; k < order->len && k < MAX (n_near, MIN (8u, order->len)); k++)
    {
      guint i = g_array_index (order, guint, k);

      g_array_append_val (ids, g_array_index (bench->trace_ids, gint64, i));
      g_array_append_val (nodes, g_array_index (bench->trace_nodes, guint, i));
    }
  g_array_set_size (bench->trace_ids, 0);
  g_array_append_vals (bench->trace_ids, ids->data, ids->len);
  g_array_set_size (bench->trace_nodes, 0);
  g_array_append_vals (bench->trace_nodes, nodes->data, nodes->len);
}

/* ------------------------------------------------------------------------ */
/* Figures                                                                   */

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
  guint i;

  if (sorted->len == 0)
    return 0;
  i = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

static int
compare_uints (gconstpointer a,
               gconstpointer b)
{
  guint x = GPOINTER_TO_UINT (*(gconstpointer const *) a);
  guint y = GPOINTER_TO_UINT (*(gconstpointer const *) b);

  return x < y ? -1 : x > y;
}

/* "200 ×5,000, 404 ×12" (0 is "dropped"). */
static char *
statuses_text (Bench *bench)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0;
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (bench->statuses, &n);

  qsort (keys, n, sizeof (gpointer), compare_uints);
  for (guint i = 0; i < n; i++)
    {
      guint status = GPOINTER_TO_UINT (keys[i]);
      g_autofree char *count = pdg_format_count (GPOINTER_TO_SIZE (g_hash_table_lookup (bench->statuses, keys[i])));

      if (text->len > 0)
        g_string_append (text, ", ");
      if (status == 0)
        g_string_append_printf (text, _("dropped ×%s"), count);
      else
        g_string_append_printf (text, "%u ×%s", status, count);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
any_5xx (Bench *bench)
{
  GHashTableIter iter;
  gpointer status;

  g_hash_table_iter_init (&iter, bench->statuses);
  while (g_hash_table_iter_next (&iter, &status, NULL))
    if (GPOINTER_TO_UINT (status) >= 500)
      return TRUE;
  return FALSE;
}

/* Runs a timed phase and prints "WHAT: N/s over S s, p50 …, p99 …". */
static gboolean
timed_phase (Bench       *bench,
             const Phase *phase,
             const char  *what,
             double       seconds,
             gboolean    *all_right,
             GError     **error)
{
  g_autofree char *rate = NULL;
  g_autofree char *statuses = NULL;
  gint64 t0 = g_get_monotonic_time ();
  double elapsed;

  phase_begin (bench, seconds, G_MAXUINT64);
  if (!run_phase (bench, phase, error))
    return FALSE;
  elapsed = (g_get_monotonic_time () - t0) / 1e6;
  g_array_sort (bench->ms, compare_doubles);
  rate = pdg_format_count ((guint64) (bench->good / elapsed));
  statuses = statuses_text (bench);
  g_print (_("%s: %s/s over %.1f s, p50 %.2f ms, p99 %.2f ms (%s)\n"),
           what, rate, elapsed, percentile (bench->ms, 0.5), percentile (bench->ms, 0.99), statuses);
  if (bench->wrong > 0)
    {
      g_print (_("  wrong answers: %" G_GUINT64_FORMAT ", the first to %s\n"), bench->wrong, bench->first_wrong);
      *all_right = FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The command                                                               */

static gboolean
bench_setup (Bench       *bench,
             const char  *url,
             const char  *token,
             guint        n_conns,
             GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, error);
  g_autoptr(GInetAddress) address = NULL;
  const char *host;
  gint port;

  if (uri == NULL)
    return FALSE;
  if (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 || g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an http:// URL (bench-server speaks plain HTTP, e.g. to http://127.0.0.1:8080/)."), url);
      return FALSE;
    }
  host = g_uri_get_host (uri);
  port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 80;
  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_autoptr(GResolver) resolver = g_resolver_get_default ();
      g_autolist(GInetAddress) addresses = g_resolver_lookup_by_name (resolver, host, NULL, error);

      if (addresses == NULL)
        return FALSE;
      address = g_object_ref (addresses->data);
    }
  bench->address = g_inet_socket_address_new (address, (guint16) port);
  bench->host = g_strdup_printf (strchr (host, ':') != NULL ? "[%s]:%d" : "%s:%d", host, port);
  bench->base = g_strdup (g_uri_get_path (uri));
  if (g_str_has_suffix (bench->base, "/"))
    bench->base[strlen (bench->base) - 1] = '\0';
  bench->auth = token != NULL ? g_strdup_printf ("Authorization: Bearer %s\r\n", token) : g_strdup ("");

  bench->n_conns = n_conns;
  bench->conns = g_new0 (Conn, n_conns);
  for (guint i = 0; i < n_conns; i++)
    {
      bench->conns[i].out = g_string_sized_new (512);
      bench->conns[i].in = g_byte_array_sized_new (65536);
      conn_reset (&bench->conns[i]);
    }
  bench->unit_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->unit_keys = g_ptr_array_new_with_free_func (g_free);
  bench->trace_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->trace_nodes = g_array_new (FALSE, TRUE, sizeof (guint));
  bench->ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->statuses = g_hash_table_new (NULL, NULL);
  return TRUE;
}

int
pdg_cli_bench_server (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Bench) bench = g_new0 (Bench, 1);
  g_autofree char *db_path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *seconds_arg = NULL;
  g_autofree char *connections_arg = NULL;
  g_autofree char *malformed_arg = NULL;
  guint64 seconds = 10, connections = 8, malformed = 1000;
  gboolean all_right = TRUE;
  sqlite3 *db;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file the server serves (read only, to pick units)"), N_("FILE") },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, N_("A bearer token (viewer is enough)"), "T" },
    { "seconds", 0, 0, G_OPTION_ARG_STRING, &seconds_arg, N_("Seconds for the lookups and again for the traces (default 10)"), "N" },
    { "connections", 0, 0, G_OPTION_ARG_STRING, &connections_arg, N_("Requests in flight, one keep-alive connection each (default 8)"), "C" },
    { "malformed", 0, 0, G_OPTION_ARG_STRING, &malformed_arg, N_("Malformed requests mixed into the load (default 1000)"), "N" },
    { NULL }
  };

  context = g_option_context_new (_("URL — measure a running pedigree-server"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (pdg_cli_parse (context, &argc, &argv) != PDG_CLI_OK)
    return PDG_CLI_USAGE;
  if (argc != 2)
    return pdg_cli_usage (context, _("bench-server needs exactly one server URL"));
  if (db_path == NULL)
    return pdg_cli_usage (context, _("bench-server needs --db FILE, the database the server serves"));
  if (seconds_arg != NULL && !g_ascii_string_to_unsigned (seconds_arg, 10, 1, 3600, &seconds, NULL))
    return pdg_cli_usage (context, _("--seconds needs a whole number from 1 to 3600"));
  if (connections_arg != NULL && !g_ascii_string_to_unsigned (connections_arg, 10, 1, 1000, &connections, NULL))
    return pdg_cli_usage (context, _("--connections needs a whole number from 1 to 1000"));
  if (malformed_arg != NULL && !g_ascii_string_to_unsigned (malformed_arg, 10, 0, 10000000, &malformed, NULL))
    return pdg_cli_usage (context, _("--malformed needs a whole number from 0 to 10000000"));
  if (!bench_setup (bench, argv[1], token, (guint) connections, &error))
    return pdg_cli_usage (context, "%s", error->message);

  db = open_read_only (db_path, &error);
  if (db == NULL)
    return pdg_cli_fail ("%s", error->message);
  if (!pick_units (bench, db, &error))
    {
      sqlite3_close (db);
      return pdg_cli_fail ("%s", error->message);
    }
  pick_trace_candidates (bench, db);
  sqlite3_close (db);

  /* Size the trace candidates through the server itself. */
  phase_begin (bench, 0, G_MAXUINT64);
  if (!run_phase (bench, &size_phase, &error))
    return pdg_cli_fail (_("Cannot reach the server at %s: %s"), argv[1], error->message);
  if (bench->wrong > 0)
    return pdg_cli_fail (_("The server did not trace a unit of %s (is it serving that file?): %s"),
                         db_path, bench->first_wrong);
  keep_traces_near (bench);

  {
    g_autofree char *units = pdg_format_count (bench->unit_ids->len);

    g_print (_("Server %s, database %s: %s random picks of units to look up; %u connections, raw HTTP/1.1 keep-alive on one thread\n"),
             argv[1], db_path, units, bench->n_conns);
  }
  if (!timed_phase (bench, &lookup_phase, _("Unit lookups (by id and by ITEM/LOT code, by turns)"),
                    (double) seconds, &all_right, &error))
    return pdg_cli_fail ("%s", error->message);
  if (bench->trace_ids->len > 0)
    {
      guint lo = G_MAXUINT, hi = 0;
      guint64 sum = 0;
      g_autofree char *what = NULL;

      for (guint i = 0; i < bench->trace_nodes->len; i++)
        {
          guint n = g_array_index (bench->trace_nodes, guint, i);

          lo = MIN (lo, n);
          hi = MAX (hi, n);
          sum += n;
        }
      what = g_strdup_printf (_("Trace responses (forward, %u lots of %u–%u nodes, mean %u; first unit id %" G_GINT64_FORMAT ")"),
                              bench->trace_ids->len, lo, hi, (guint) (sum / bench->trace_ids->len),
                              g_array_index (bench->trace_ids, gint64, 0));
      if (!timed_phase (bench, &trace_phase, what, (double) seconds, &all_right, &error))
        return pdg_cli_fail ("%s", error->message);
    }
  else
    g_print ("%s\n", _("Trace responses: no lot in this database has consumers to trace forward"));

  /* Malformed requests mixed into lookups and traces; every answer parsed. */
  {
    g_autofree char *n_bad = pdg_format_count (malformed);
    g_autofree char *n_good = NULL;
    g_autofree char *statuses = NULL;
    gint64 t0 = g_get_monotonic_time ();
    gboolean clean;

    phase_begin (bench, 0, G_MAXUINT64);
    bench->malformed_budget = malformed;
    if (!run_phase (bench, &mixed_phase, &error))
      return pdg_cli_fail ("%s", error->message);
    n_good = pdg_format_count (bench->good);
    statuses = statuses_text (bench);
    clean = bench->wrong == 0 && bench->dropped == 0 && !any_5xx (bench);
    g_print (_("Malformed requests: %s mixed into %s good ones over %.1f s (%s); %s\n"),
             n_bad, n_good, (g_get_monotonic_time () - t0) / 1e6, statuses,
             clean ? _("every good one 200 with a JSON body, every malformed one a 4xx problem, no 5xx, no dropped connection")
                   : _("SOME ANSWERS WRONG"));
    if (bench->wrong > 0)
      g_print (_("  wrong answers: %" G_GUINT64_FORMAT ", the first to %s\n"), bench->wrong, bench->first_wrong);
    all_right = all_right && clean;
  }

  if (!all_right)
    return pdg_cli_fail ("%s", _("The server gave wrong answers (see above)."));
  return PDG_CLI_OK;
}
