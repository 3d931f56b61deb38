/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-epcis.c: EPCIS 2.0 capture and query through HTTP to the real
 * pedigree-server.
 *
 * Every document of the conformance corpus ($PDG_EPCIS_CORPUS) is POSTed
 * to /api/v1/epcis/capture on one server: the valid ones one after the
 * other (201 with counts), the invalid ones after them (400 problem+json
 * whose detail names the problem, the database digest unchanged). Then the
 * filters of GET /api/v1/epcis/events find what was captured. */
#include "config.h"

#include <glib/gstdio.h>

#include "pdg-server-test-util.h"
#include "pdg-store.h"

#define UNITS 300
#define LD_JSON "application/ld+json"

static GPtrArray *
corpus_files (const char *kind)
{
  const char *root = g_getenv ("PDG_EPCIS_CORPUS");
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  GPtrArray *files;
  const char *name;

  if (root == NULL || !g_file_test (root, G_FILE_TEST_IS_DIR))
    return NULL;
  dir_path = g_build_filename (root, kind, NULL);
  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return NULL;
  files = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (files, g_build_filename (dir_path, name, NULL));
  return files;
}

static PdgTestReply *
capture (PdgTestServer *server,
         const char    *path,
         const char    *token)
{
  g_autofree char *body = NULL;

  g_assert_true (g_file_get_contents (path, &body, NULL, NULL));
  return pdg_test_http (server, "POST", "/api/v1/epcis/capture", token, body, "Content-Type", LD_JSON, NULL);
}

static JsonArray *
event_list (JsonNode *document)
{
  JsonObject *o = json_node_get_object (document);

  g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "EPCISQueryDocument");
  o = json_object_get_object_member (o, "epcisBody");
  o = json_object_get_object_member (o, "queryResults");
  o = json_object_get_object_member (o, "resultsBody");
  return json_object_get_array_member (o, "eventList");
}

static guint
count_events (PdgTestServer *server,
              const char    *query)
{
  g_autofree char *path = g_strconcat ("/api/v1/epcis/events?perPage=500&", query, NULL);
  g_autoptr(PdgTestReply) reply = pdg_test_http (server, "GET", path, TOKEN_VIEWER, NULL, NULL);
  g_autoptr(JsonNode) doc = NULL;

  if (reply->status != 200)
    g_error ("GET %s: %u %s", path, reply->status, pdg_test_reply_text (reply));
  doc = pdg_test_reply_json (reply);
  return json_array_get_length (event_list (doc));
}

static void
test_corpus_over_http (void)
{
  g_autoptr(GPtrArray) valid = corpus_files ("valid");
  g_autoptr(GPtrArray) invalid = corpus_files ("invalid");
  PdgTestServer *server;
  guint n_events = 0;

  if (valid == NULL || invalid == NULL)
    {
      g_test_skip ("The EPCIS corpus is not there: set PDG_EPCIS_CORPUS to ../shared/corpus/epcis beside the project.");
      return;
    }

  server = pdg_test_server_start (UNITS, TRUE);

  /* A viewer may not capture. */
  {
    g_autoptr(PdgTestReply) reply = capture (server, valid->pdata[0], TOKEN_VIEWER);

    pdg_test_assert_problem (reply, 403);
  }

  for (guint i = 0; i < valid->len; i++)
    {
      g_autoptr(PdgTestReply) reply = capture (server, valid->pdata[i], TOKEN_PLANNER);
      g_autoptr(JsonNode) counts = NULL;

      if (reply->status != 201)
        g_error ("%s: %u %s", (char *) valid->pdata[i], reply->status, pdg_test_reply_text (reply));
      counts = pdg_test_reply_json (reply);
      n_events += (guint) json_object_get_int_member (json_node_get_object (counts), "events");
    }
  g_assert_cmpuint (n_events, >, 0);

  for (guint i = 0; i < invalid->len; i++)
    {
      g_autofree char *before = pdg_test_db_digest (server->db);
      g_autofree char *after = NULL;
      g_autoptr(PdgTestReply) reply = capture (server, invalid->pdata[i], TOKEN_PLANNER);
      g_autoptr(JsonNode) problem = NULL;

      pdg_test_assert_problem (reply, 400);
      problem = pdg_test_reply_json (reply);
      g_test_message ("%s: %s", (char *) invalid->pdata[i],
                      json_object_get_string_member (json_node_get_object (problem), "detail"));
      after = pdg_test_db_digest (server->db);
      g_assert_cmpstr (before, ==, after);
    }

  /* A repeated capture stores nothing again (every event has been seen, or
   * has no eventID and is stored anew: count only the first kind). */
  {
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autoptr(PdgTestReply) reply = NULL;
    g_autoptr(JsonNode) counts = NULL;

    for (guint i = 0; i < valid->len && reply == NULL; i++)
      if (strstr (valid->pdata[i], "TransformationEvent_all_possible_fields") != NULL)
        {
          before = pdg_test_db_digest (server->db);
          reply = capture (server, valid->pdata[i], TOKEN_PLANNER);
        }
    g_assert_nonnull (reply);
    g_assert_cmpuint (reply->status, ==, 201);
    counts = pdg_test_reply_json (reply);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (counts), "events"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (counts), "skipped"), ==, 1);
  }

  /* The query finds what was captured. */
  g_assert_cmpuint (count_events (server, "limit=500"), >, 0);
  g_assert_cmpuint (count_events (server, "eventType=TransformationEvent"), >, 0);
  g_assert_cmpuint (count_events (server, "eventType=AggregationEvent,AssociationEvent"), ==,
                    count_events (server, "eventType=AggregationEvent") +
                    count_events (server, "eventType=AssociationEvent"));
  g_assert_cmpuint (count_events (server, "eventType=AggregationEvent"), >, 0);
  g_assert_cmpuint (count_events (server, "EQ_bizStep=receiving"), >, 0);
  g_assert_cmpuint (count_events (server, "EQ_bizStep=receiving"), ==,
                    count_events (server, "EQ_bizStep=urn:epcglobal:cbv:bizstep:receiving"));
  g_assert_cmpuint (count_events (server, "MATCH_epc=urn:epc:id:sgtin:0614141.107346.2018"), >, 0);
  g_assert_cmpuint (count_events (server, "MATCH_anyEPC=urn:epc:id:sscc:0614141.1234567890"), >, 0);
  g_assert_cmpuint (count_events (server, "MATCH_epc=urn:epc:id:sgtin:0000000.000000.nothing"), ==, 0);
  g_assert_cmpuint (count_events (server, "GE_eventTime=2100-01-01T00:00:00Z"), ==, 0);
  g_assert_cmpuint (count_events (server, "LT_eventTime=2100-01-01T00:00:00Z"), ==,
                    count_events (server, "GE_eventTime=1970-01-01T00:00:00%2B00:00"));

  /* Pages: perPage and the Link header's nextPageToken. */
  {
    g_autoptr(PdgTestReply) first = pdg_test_http (server, "GET", "/api/v1/epcis/events?perPage=2", TOKEN_VIEWER, NULL, NULL);
    g_autoptr(JsonNode) doc = pdg_test_reply_json (first);
    const char *link = soup_message_headers_get_one (first->headers, "Link");

    g_assert_cmpuint (first->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (event_list (doc)), ==, 2);
    g_assert_nonnull (link);
    g_assert_nonnull (strstr (link, "nextPageToken=2"));
  }

  /* A bad time is a problem, not an empty answer. */
  {
    g_autoptr(PdgTestReply) reply = pdg_test_http (server, "GET", "/api/v1/epcis/events?GE_eventTime=yesterday",
                                                   TOKEN_VIEWER, NULL, NULL);

    pdg_test_assert_problem (reply, 400);
  }

  pdg_test_server_stop (server);
}

/* An Idempotency-Key on a capture answers a retry with the first answer. */
static void
test_capture_idempotency (void)
{
  g_autoptr(GPtrArray) valid = corpus_files ("valid");
  g_autofree char *body = NULL;
  PdgTestServer *server;

  if (valid == NULL)
    {
      g_test_skip ("The EPCIS corpus is not there: set PDG_EPCIS_CORPUS to ../shared/corpus/epcis beside the project.");
      return;
    }
  server = pdg_test_server_start (UNITS, TRUE);
  g_assert_true (g_file_get_contents (valid->pdata[0], &body, NULL, NULL));
  {
    g_autoptr(PdgTestReply) first = pdg_test_http (server, "POST", "/api/v1/epcis/capture", TOKEN_PLANNER, body,
                                                   "Content-Type", LD_JSON, "Idempotency-Key", "epcis-0001", NULL);
    g_autofree char *digest = pdg_test_db_digest (server->db);
    g_autoptr(PdgTestReply) retry = pdg_test_http (server, "POST", "/api/v1/epcis/capture", TOKEN_PLANNER, body,
                                                   "Content-Type", LD_JSON, "Idempotency-Key", "epcis-0001", NULL);
    g_autofree char *after = pdg_test_db_digest (server->db);

    g_assert_cmpuint (first->status, ==, 201);
    g_assert_cmpuint (retry->status, ==, 201);
    g_assert_cmpstr (pdg_test_reply_text (first), ==, pdg_test_reply_text (retry));
    g_assert_cmpstr (soup_message_headers_get_one (retry->headers, "Idempotent-Replayed"), ==, "true");
    g_assert_cmpstr (digest, ==, after);
  }
  pdg_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/epcis/corpus-captures-and-queries", test_corpus_over_http);
  g_test_add_func ("/server/epcis/capture-honours-idempotency-keys", test_capture_idempotency);

  return g_test_run ();
}
