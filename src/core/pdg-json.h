/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pdg-association.h"
#include "pdg-audit-entry.h"
#include "pdg-event.h"
#include "pdg-genealogy.h"
#include "pdg-order.h"
#include "pdg-recall.h"
#include "pdg-register-action.h"
#include "pdg-register-state.h"
#include "pdg-unit-details.h"
#include "pdg-unit.h"

G_BEGIN_DECLS

/* The one JSON mapping of Pedigree's values, used by the CLI's JSON output,
 * the server's responses and the remote source's parsing alike. Keys are
 * snake_case; enums are their machine names (pdg-enums.h); dates are
 * "YYYY-MM-DD"; times are RFC 3339 UTC ("2025-03-01T08:30:00Z"); absent
 * optional values are omitted. */

#define PDG_JSON_ERROR (pdg_json_error_quark ())

typedef enum
{
  PDG_JSON_ERROR_INVALID,  /* not the expected shape; the message names the member */
} PdgJsonError;

GQuark          pdg_json_error_quark        (void);

JsonNode       *pdg_json_from_unit          (const PdgUnit         *unit);
JsonNode       *pdg_json_from_event         (const PdgEvent        *event);
JsonNode       *pdg_json_from_association   (const PdgAssociation  *association);
JsonNode       *pdg_json_from_unit_details  (const PdgUnitDetails  *details);
JsonNode       *pdg_json_from_genealogy     (const PdgGenealogy    *genealogy);

/* The same two documents as compact JSON text, written without a tree (the
 * bytes pdg_json_to_string (node, FALSE) gives for the tree). */
char           *pdg_json_unit_details_to_text (const PdgUnitDetails *details,
                                               gsize                *length);
char           *pdg_json_genealogy_to_text  (const PdgGenealogy    *genealogy,
                                             gsize                 *length);
JsonNode       *pdg_json_from_order         (const PdgOrder        *order);
JsonNode       *pdg_json_from_recall        (const PdgRecall       *recall);
JsonNode       *pdg_json_from_register_state  (const PdgRegisterState  *state);
JsonNode       *pdg_json_from_register_action (const PdgRegisterAction *action);
JsonNode       *pdg_json_from_audit_entry   (const PdgAuditEntry   *entry);

PdgUnit        *pdg_json_to_unit            (JsonNode              *node,
                                             GError               **error);
PdgEvent       *pdg_json_to_event           (JsonNode              *node,
                                             GError               **error);
PdgGenealogy   *pdg_json_to_genealogy       (JsonNode              *node,
                                             GError               **error);
PdgRegisterAction *pdg_json_to_register_action (JsonNode           *node,
                                                GError            **error);
PdgAssociation *pdg_json_to_association     (JsonNode              *node,
                                             GError               **error);
PdgUnitDetails *pdg_json_to_unit_details    (JsonNode              *node,
                                             GError               **error);
PdgOrder       *pdg_json_to_order           (JsonNode              *node,
                                             GError               **error);
PdgRecall      *pdg_json_to_recall          (JsonNode              *node,
                                             GError               **error);
PdgRegisterState *pdg_json_to_register_state (JsonNode             *node,
                                              GError              **error);

char           *pdg_json_format_time        (gint64                 unix_seconds);
gboolean        pdg_json_parse_time         (const char            *text,
                                             gint64                *out);
char           *pdg_json_to_string          (JsonNode              *node,
                                             gboolean               pretty);

G_END_DECLS
