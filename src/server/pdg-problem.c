/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-problem.c: RFC 9457 problem details for pedigree-server's refusals.
 *
 * The status decides the type and title ("urn:pedigree:problem:conflict",
 * "Refused by the rules of the data"); the detail is the core's own GError
 * message, which already names the thing and what to do. A core error maps
 * to a status by its domain and code: an unknown thing is 404 when the
 * request looked it up and 409 when a write referred to it. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pdg-json.h"
#include "pdg-problem.h"
#include "pdg-register.h"
#include "pdg-store.h"

typedef struct
{
  guint       status;
  const char *slug;
  const char *title;
} Kind;

static const Kind kinds[] = {
  { 400, "bad-request", N_("The request is malformed") },
  { 401, "unauthorized", N_("A valid bearer token is needed") },
  { 403, "forbidden", N_("The token’s role does not allow this") },
  { 404, "not-found", N_("Not found") },
  { 405, "method-not-allowed", N_("Method not allowed here") },
  { 409, "conflict", N_("Refused by the rules of the data") },
  { 412, "precondition-failed", N_("The resource changed since it was read") },
  { 413, "payload-too-large", N_("The request body is too large") },
  { 415, "unsupported-media-type", N_("The request body must be JSON") },
  { 422, "idempotency-key-reused", N_("The idempotency key was used for another request") },
  { 428, "precondition-required", N_("An If-Match header is needed") },
  { 431, "request-header-fields-too-large", N_("The request headers are too large") },
  { 500, "internal-error", N_("Internal server error") },
  { 503, "unavailable", N_("The server is shutting down") },
};

PdgProblem *
pdg_problem_new (guint       status,
                 const char *format,
                 ...)
{
  PdgProblem *problem = g_new0 (PdgProblem, 1);
  const Kind *kind = NULL;
  va_list args;

  for (guint i = 0; i < G_N_ELEMENTS (kinds) && kind == NULL; i++)
    if (kinds[i].status == status)
      kind = &kinds[i];
  if (kind == NULL)
    kind = &kinds[0];

  problem->status = status;
  problem->type = g_strconcat ("urn:pedigree:problem:", kind->slug, NULL);
  problem->title = g_strdup (_(kind->title));
  va_start (args, format);
  problem->detail = g_strdup_vprintf (format, args);
  va_end (args);

  return problem;
}

/**
 * pdg_problem_new_from_error:
 * @writing: whether the request was a write; an unknown unit or order that
 *   a write refers to is a refusal (409), one that a read asks for is 404
 */
PdgProblem *
pdg_problem_new_from_error (const GError *error,
                            gboolean      writing)
{
  guint status = 500;

  if (error->domain == PDG_JSON_ERROR || error->domain == JSON_PARSER_ERROR)
    status = 400;
  else if (error->domain == PDG_REGISTER_ERROR)
    status = 409;
  else if (error->domain == PDG_STORE_ERROR)
    {
      switch ((PdgStoreError) error->code)
        {
        case PDG_STORE_ERROR_FAILED:
        case PDG_STORE_ERROR_NOT_A_DATABASE:
        case PDG_STORE_ERROR_VERSION:
          status = 500;
          break;
        case PDG_STORE_ERROR_NOT_FOUND:
          status = writing ? 409 : 404;
          break;
        case PDG_STORE_ERROR_INVALID:
          status = writing ? 409 : 400;
          break;
        case PDG_STORE_ERROR_DUPLICATE:
        case PDG_STORE_ERROR_ALREADY_CONSUMED:
        case PDG_STORE_ERROR_INSUFFICIENT:
        case PDG_STORE_ERROR_CYCLE:
        case PDG_STORE_ERROR_STATUS:
        case PDG_STORE_ERROR_AMBIGUOUS:
        default:
          status = 409;
          break;
        }
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    status = 503;

  return pdg_problem_new (status, "%s", error->message);
}

void
pdg_problem_free (PdgProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->type);
  g_free (problem->title);
  g_free (problem->detail);
  g_free (problem);
}

GBytes *
pdg_problem_to_bytes (const PdgProblem *problem)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, problem->type);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, problem->title);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, problem->status);
  json_builder_set_member_name (b, "detail");
  json_builder_add_string_value (b, problem->detail);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  text = pdg_json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}
