/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-epcis.c: EPCIS 2.0 capture against the conformance corpus and
 * hand-written documents with known answers.
 *
 * The corpus (openepcis test resources) is read in place from
 * $PDG_EPCIS_CORPUS (valid/ and invalid/); without it those tests skip and
 * say why. Every valid document must import, alone into an empty store and
 * all of them one after the other into one store; every invalid one must be
 * refused with a message naming its problem and the store's digest unchanged.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "pdg-epcis.h"
#include "pdg-store-private.h"
#include "pdg-test-util.h"
#include "pdg-trace.h"

typedef struct
{
  char     *dir;
  char     *path;
  PdgStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pedigree-epcis-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "epcis.db", NULL);
  f->store = pdg_store_open_at (f->path, 1700000000, "tester", &error);
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

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The sorted .json files of one corpus folder, or NULL (and the test
 * skipped) without a corpus. */
static GPtrArray *
corpus_files (const char *kind)
{
  const char *root = g_getenv ("PDG_EPCIS_CORPUS");
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  GPtrArray *files;
  const char *name;

  if (root == NULL || !g_file_test (root, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("The EPCIS corpus is not there: set PDG_EPCIS_CORPUS to ../shared/corpus/epcis beside the project.");
      return NULL;
    }
  dir_path = g_build_filename (root, kind, NULL);
  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    {
      g_test_skip ("The EPCIS corpus has no such folder.");
      return NULL;
    }
  files = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (files, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (files, compare_paths);
  g_assert_cmpuint (files->len, >, 0);
  return files;
}

static gboolean
import_file (PdgStore        *store,
             const char      *path,
             PdgEpcisCounts  *counts,
             GError         **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return pdg_epcis_import_data (store, data, (gssize) length, counts, error);
}

static void
test_valid_alone (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) files = corpus_files ("valid");

  if (files == NULL)
    return;
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (f->dir, "alone.db", NULL);
      g_autoptr(PdgStore) store = pdg_store_open (path, &error);
      PdgEpcisCounts counts = { 0 };

      g_assert_no_error (error);
      if (!import_file (store, files->pdata[i], &counts, &error))
        g_error ("%s was refused: %s", (char *) files->pdata[i], error->message);
      g_assert_cmpuint (counts.n_events, >, 0);
      g_assert_cmpint (pdg_store_count_rows (store, "epcis_event", NULL), ==, counts.n_events);
      g_clear_object (&store);
      pdg_test_remove_database (path);
    }
}

static void
test_valid_together (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) files = corpus_files ("valid");
  guint n_events = 0;

  if (files == NULL)
    return;
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) error = NULL;
      PdgEpcisCounts counts = { 0 };

      if (!import_file (f->store, files->pdata[i], &counts, &error))
        g_error ("%s was refused after the ones before it: %s", (char *) files->pdata[i], error->message);
      n_events += counts.n_events;
    }
  g_assert_cmpint (pdg_store_count_rows (f->store, "epcis_event", NULL), ==, n_events);
  g_assert_cmpint (pdg_store_count_rows (f->store, "unit", NULL), >, 0);
  g_assert_cmpint (pdg_store_count_rows (f->store, "association", NULL), >, 0);
}

/* What each invalid document's message must name. */
static const char *
expected_word (const char *path)
{
  static const char * const map[][2] = {
    { "missing_mandatory", "Event 1 (ObjectEvent): missing mandatory field(s): action" },
    { "non_standard_bizStep_and_disposition", "bizStep" },
    { "without_context", "@context" },
    { "ilmd", "ilmd" },
    { "invalid_action", "action" },
    { "certificationInfo", "certificationInfo" },
    { "eventTime_format", "eventTime" },
    { "non_standard_bizStep_in_second", "Event 2" },
    { "non_standard_bizStep", "transforming" },
    { "non_standard_disposition", "disposition" },
    { "quantityList", "weight" },
    { "without_action_and_eventTime", "action" },
  };
  g_autofree char *base = g_path_get_basename (path);

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (strstr (base, map[i][0]) != NULL)
      return map[i][1];
  return "";
}

static void
test_invalid_rejected (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) valid = corpus_files ("valid");
  g_autoptr(GPtrArray) files = NULL;

  if (valid == NULL)
    return;
  /* A store with something in it: the digest proves nothing was added. */
  g_assert_true (import_file (f->store, valid->pdata[0], NULL, NULL));

  files = corpus_files ("invalid");
  if (files == NULL)
    return;
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *before = pdg_store_digest (f->store, NULL);
      g_autofree char *after = NULL;

      g_assert_false (import_file (f->store, files->pdata[i], NULL, &error));
      g_assert_error (error, PDG_EPCIS_ERROR, PDG_EPCIS_ERROR_INVALID);
      g_assert_cmpstr (error->message, !=, "");
      g_test_message ("%s: %s", (char *) files->pdata[i], error->message);
      if (strstr (error->message, expected_word (files->pdata[i])) == NULL)
        g_error ("%s: the message “%s” does not name “%s”", (char *) files->pdata[i], error->message,
                 expected_word (files->pdata[i]));
      after = pdg_store_digest (f->store, NULL);
      g_assert_cmpstr (before, ==, after);
      pdg_test_assert_idle (pdg_store_get_handle (f->store));
    }
}

#define DOC_HEAD \
  "{\"@context\": [\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"]," \
  " \"type\": \"EPCISDocument\", \"schemaVersion\": \"2.0\", \"creationDate\": \"2025-03-01T08:00:00Z\"," \
  " \"epcisBody\": {\"eventList\": ["
#define DOC_TAIL "]}}"

/* Two serial inputs and a batch (4 kg of 10) become one serial output. */
static const char transformation_doc[] = DOC_HEAD
  "{\"type\": \"ObjectEvent\", \"eventTime\": \"2025-03-01T07:00:00+01:00\", \"eventTimeZoneOffset\": \"+01:00\","
  " \"eventID\": \"urn:uuid:00000000-0000-4000-8000-000000000001\","
  " \"action\": \"ADD\", \"bizStep\": \"receiving\","
  " \"quantityList\": [{\"epcClass\": \"urn:epc:class:lgtin:4012345.011111.L7\", \"quantity\": 10, \"uom\": \"KGM\"}],"
  " \"sourceList\": [{\"type\": \"owning_party\", \"source\": \"urn:epc:id:pgln:4012345.00225\"}]},"
  "{\"type\": \"TransformationEvent\", \"eventTime\": \"2025-03-01T09:00:00+01:00\", \"eventTimeZoneOffset\": \"+01:00\","
  " \"eventID\": \"urn:uuid:00000000-0000-4000-8000-000000000002\","
  " \"bizStep\": \"commissioning\", \"bizLocation\": {\"id\": \"urn:epc:id:sgln:4012345.00001.0\"},"
  " \"inputEPCList\": [\"urn:epc:id:sgtin:4012345.022222.A1\", \"https://id.gs1.org/01/09521141012345/21/S9\"],"
  " \"inputQuantityList\": [{\"epcClass\": \"urn:epc:class:lgtin:4012345.011111.L7\", \"quantity\": 4, \"uom\": \"KGM\"}],"
  " \"outputEPCList\": [\"urn:epc:id:sgtin:4012345.033333.OUT1\"]}"
  DOC_TAIL;

static PdgUnit *
resolve (PdgStore   *store,
         const char *text)
{
  g_autoptr(GError) error = NULL;
  PdgUnit *unit = pdg_store_resolve_unit (store, text, &error);

  g_assert_no_error (error);
  return unit;
}

static void
test_transformation_edges (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgUnit) out = NULL;
  g_autoptr(PdgUnit) lot = NULL;
  g_autoptr(PdgGenealogy) genealogy = NULL;
  g_autoptr(GPtrArray) components = NULL;
  g_autoptr(GPtrArray) events = NULL;
  PdgEpcisCounts counts = { 0 };
  gboolean saw_a1 = FALSE, saw_s9 = FALSE, saw_lot = FALSE;

  g_assert_true (pdg_epcis_import_data (f->store, transformation_doc, -1, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_events, ==, 2);
  g_assert_cmpuint (counts.n_units, ==, 4);
  g_assert_cmpuint (counts.n_edges, ==, 3);
  g_assert_cmpuint (counts.n_items, ==, 4);

  out = resolve (f->store, "OUT1");
  g_assert_cmpstr (out->item_number, ==, "04012345333336");
  g_assert_cmpint (out->origin, ==, PDG_ORIGIN_PRODUCED);
  components = pdg_store_list_components (f->store, out->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (components->len, ==, 3);
  for (guint i = 0; i < components->len; i++)
    {
      PdgAssociation *a = components->pdata[i];

      if (g_str_equal (a->other->lot, "A1"))
        {
          saw_a1 = TRUE;
          g_assert_cmpfloat (a->quantity, ==, 1.0);
        }
      else if (g_str_equal (a->other->lot, "S9"))
        {
          saw_s9 = TRUE;
          g_assert_cmpstr (a->other->item_number, ==, "09521141012345");
        }
      else if (g_str_equal (a->other->lot, "L7"))
        {
          saw_lot = TRUE;
          g_assert_cmpfloat (a->quantity, ==, 4.0);
        }
    }
  g_assert_true (saw_a1 && saw_s9 && saw_lot);

  /* The received lot: 10 kg from the supplier, 4 kg went into OUT1. */
  lot = resolve (f->store, "L7");
  g_assert_cmpfloat (lot->quantity, ==, 10.0);
  g_assert_cmpfloat (lot->on_hand, ==, 6.0);
  g_assert_cmpstr (lot->uom, ==, "kg");
  events = pdg_store_list_events (f->store, lot->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (((PdgEvent *) events->pdata[0])->kind, ==, PDG_EVENT_RECEIPT);
  g_assert_cmpstr (((PdgEvent *) events->pdata[0])->partner, ==, "GLN 4012345002256");
  g_assert_nonnull (strstr (((PdgEvent *) events->pdata[0])->note, "bizStep=receiving"));

  /* Backward from the output finds every input. */
  genealogy = pdg_trace (f->store, &out->id, 1, PDG_DIRECTION_BACKWARD, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pdg_genealogy_get_n_nodes (genealogy), ==, 4);
  g_assert_cmpuint (pdg_genealogy_get_n_edges (genealogy), ==, 3);
  g_assert_true (pdg_genealogy_lookup (genealogy, lot->id, NULL));
}

static void
test_repeat_capture (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PdgEpcisCounts counts = { 0 };

  g_assert_true (pdg_epcis_import_data (f->store, transformation_doc, -1, NULL, &error));
  g_assert_no_error (error);
  before = pdg_store_digest (f->store, NULL);
  g_assert_true (pdg_epcis_import_data (f->store, transformation_doc, -1, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_events, ==, 0);
  g_assert_cmpuint (counts.n_skipped, ==, 2);
  after = pdg_store_digest (f->store, NULL);
  g_assert_cmpstr (before, ==, after);
}

static const char declaration_doc[] = DOC_HEAD
  "{\"type\": \"ObjectEvent\", \"eventTime\": \"2025-03-01T07:00:00+01:00\", \"eventTimeZoneOffset\": \"+01:00\","
  " \"eventID\": \"urn:uuid:00000000-0000-4000-8000-000000000002\","
  " \"errorDeclaration\": {\"declarationTime\": \"2025-03-02T10:00:00Z\", \"reason\": \"incorrect_data\","
  "   \"correctiveEventIDs\": [\"urn:uuid:00000000-0000-4000-8000-000000000003\"]},"
  " \"action\": \"OBSERVE\", \"epcList\": [\"urn:epc:id:sgtin:4012345.033333.OUT1\"]}"
  DOC_TAIL;

static guint
n_results (JsonNode *document)
{
  JsonObject *o = json_node_get_object (document);

  o = json_object_get_object_member (o, "epcisBody");
  o = json_object_get_object_member (o, "queryResults");
  o = json_object_get_object_member (o, "resultsBody");
  return json_array_get_length (json_object_get_array_member (o, "eventList"));
}

static JsonObject *
result (JsonNode *document,
        guint     index)
{
  JsonObject *o = json_node_get_object (document);

  o = json_object_get_object_member (o, "epcisBody");
  o = json_object_get_object_member (o, "queryResults");
  o = json_object_get_object_member (o, "resultsBody");
  return json_array_get_object_element (json_object_get_array_member (o, "eventList"), index);
}

static void
test_error_declaration (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) all = NULL;
  PdgEpcisQuery query = { .event_type = "TransformationEvent" };
  PdgEpcisCounts counts = { 0 };
  gint64 units;

  g_assert_true (pdg_epcis_import_data (f->store, transformation_doc, -1, NULL, &error));
  units = pdg_store_count_rows (f->store, "event", NULL);
  g_assert_true (pdg_epcis_import_data (f->store, declaration_doc, -1, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_declarations, ==, 1);
  /* A declaration changes no unit. */
  g_assert_cmpint (pdg_store_count_rows (f->store, "event", NULL), ==, units);

  all = pdg_epcis_query (f->store, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_results (all), ==, 1);
  g_assert_true (json_object_has_member (result (all, 0), "errorDeclaration"));
  g_clear_pointer (&all, json_node_unref);

  /* The declaration is answered once, as the declared event. */
  query.event_type = NULL;
  all = pdg_epcis_query (f->store, &query, NULL, &error);
  g_assert_cmpuint (n_results (all), ==, 2);
}

static void
test_query_filters (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) doc = NULL;
  PdgEpcisQuery query = { 0 };
  gboolean more = FALSE;

  g_assert_true (pdg_epcis_import_data (f->store, transformation_doc, -1, NULL, &error));
  g_assert_no_error (error);

  query.eq_biz_step = "urn:epcglobal:cbv:bizstep:receiving";
  doc = pdg_epcis_query (f->store, &query, NULL, &error);
  g_assert_cmpuint (n_results (doc), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (result (doc, 0), "type"), ==, "ObjectEvent");
  g_clear_pointer (&doc, json_node_unref);

  query = (PdgEpcisQuery) { .match_any_epc = "urn:epc:id:sgtin:4012345.033333.OUT1" };
  doc = pdg_epcis_query (f->store, &query, NULL, &error);
  g_assert_cmpuint (n_results (doc), ==, 1);
  g_clear_pointer (&doc, json_node_unref);

  /* MATCH_epc reads epcList and childEPCs only. */
  query = (PdgEpcisQuery) { .match_epc = "urn:epc:id:sgtin:4012345.033333.OUT1" };
  doc = pdg_epcis_query (f->store, &query, NULL, &error);
  g_assert_cmpuint (n_results (doc), ==, 0);
  g_clear_pointer (&doc, json_node_unref);

  g_assert_true (pdg_epcis_parse_time ("2025-03-01T08:30:00+01:00", &query.ge_time_ms));
  query = (PdgEpcisQuery) { .has_ge_time = TRUE, .ge_time_ms = query.ge_time_ms };
  doc = pdg_epcis_query (f->store, &query, NULL, &error);
  g_assert_cmpuint (n_results (doc), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (result (doc, 0), "type"), ==, "TransformationEvent");
  g_clear_pointer (&doc, json_node_unref);

  query = (PdgEpcisQuery) { .limit = 1 };
  doc = pdg_epcis_query (f->store, &query, &more, &error);
  g_assert_cmpuint (n_results (doc), ==, 1);
  g_assert_true (more);
  g_clear_pointer (&doc, json_node_unref);
  query.offset = 1;
  doc = pdg_epcis_query (f->store, &query, &more, &error);
  g_assert_cmpuint (n_results (doc), ==, 1);
  g_assert_false (more);
}

static void
test_time_needs_offset (void)
{
  gint64 ms = 0;

  g_assert_true (pdg_epcis_parse_time ("2005-04-03T20:33:31.116-06:00", &ms));
  g_assert_cmpint (ms, ==, G_GINT64_CONSTANT (1112582011116));
  g_assert_false (pdg_epcis_parse_time ("2005-04-03T20:33:31", &ms));
  g_assert_false (pdg_epcis_parse_time ("22-07-2026", &ms));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/epcis/corpus/every-valid-document-imports-alone", Fixture, NULL,
              fixture_setup, test_valid_alone, fixture_teardown);
  g_test_add ("/epcis/corpus/every-valid-document-imports-into-one-store", Fixture, NULL,
              fixture_setup, test_valid_together, fixture_teardown);
  g_test_add ("/epcis/corpus/every-invalid-document-is-refused-and-stores-nothing", Fixture, NULL,
              fixture_setup, test_invalid_rejected, fixture_teardown);
  g_test_add ("/epcis/transformation/inputs-become-components-of-the-output", Fixture, NULL,
              fixture_setup, test_transformation_edges, fixture_teardown);
  g_test_add ("/epcis/capture/a-repeated-event-is-stored-once", Fixture, NULL,
              fixture_setup, test_repeat_capture, fixture_teardown);
  g_test_add ("/epcis/error-declaration/marks-the-declared-event", Fixture, NULL,
              fixture_setup, test_error_declaration, fixture_teardown);
  g_test_add ("/epcis/query/filters-by-type-time-epc-and-biz-step", Fixture, NULL,
              fixture_setup, test_query_filters, fixture_teardown);
  g_test_add_func ("/epcis/time/needs-an-offset", test_time_needs_offset);

  return g_test_run ();
}
