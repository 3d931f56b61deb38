/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-epcis.c: EPCIS 2.0 JSON / JSON-LD capture documents into the store,
 * and the stored EPCIS events back out as an EPCISQueryDocument.
 *
 * A capture is two passes. validate_document() reads the whole document
 * first and refuses it, naming the event (1-based index and type) and the
 * field, when anything breaks the EPCIS 2.0 JSON schema or the CBV 2.0
 * vocabularies: no @context, an unknown action, an eventTime without a
 * time-zone offset, a bizStep or disposition that is neither a CBV term nor
 * a URI outside the CBV namespaces, a missing mandatory field, an unknown
 * field where the schema forbids them (quantity elements, error
 * declarations, sources ...), an ilmd or extension field without a
 * namespace prefix, a certificationInfo that is not URIs. Then apply_event()
 * writes every event inside ONE store transaction: any refusal rolls all of
 * it back, so a rejected document leaves pdg_store_digest() as it was.
 *
 * What an event becomes:
 *
 * * Always one epcis_event row holding the event's JSON whole (with the
 *   document's @context when it defines namespaces), so bizStep,
 *   disposition, readPoint, bizLocation, sources, destinations, sensor data,
 *   ilmd and extensions are all kept, and one epcis_epc row per identifier
 *   it names (for MATCH_epc / MATCH_anyEPC).
 * * Identifiers: urn:epc:id:sgtin (a serial), urn:epc:class:lgtin (a batch,
 *   with its quantity), urn:epc:idpat:sgtin (an item only), and GS1 Digital
 *   Link URIs with /01/ and /21/ or /10/ map to Pedigree items by GTIN and to
 *   units. An unknown GTIN creates an item numbered by its GTIN (tracking
 *   serial or batch as first seen; if the same GTIN comes later with the
 *   other kind, a sibling item GTIN-S or GTIN-B without a GTIN is used).
 *   Unknown units are created (produced when commissioned or made by a
 *   transformation, else purchased). SSCC, GRAI, GIAI ... are kept in
 *   epcis_epc only: they name no unit.
 * * Every unit an ObjectEvent, TransactionEvent, AggregationEvent
 *   (children) or AssociationEvent (children) names gets a Pedigree event:
 *   bizStep receiving -> receipt (the source party becomes the supplier),
 *   shipping -> shipment (the destination party the customer),
 *   commissioning -> production, destroying / decommissioning or action
 *   DELETE -> scrap, inspecting -> inspection, anything else -> transfer
 *   (to bizLocation, else readPoint). Its note names the EPCIS event and its
 *   doc_type/doc_ref the first business transaction. A shipment or scrap of
 *   a unit Pedigree holds no stock of is recorded as a transfer: EPCIS
 *   reports what happened elsewhere, it does not ask permission.
 * * A TransformationEvent makes each input (serials and batches, with the
 *   quantities of inputQuantityList) a component of each output, the
 *   quantity split evenly over the outputs; outputs get a production event.
 *   A unit listed both as input and output is an input only.
 * * Aggregation is packing, not a bill of materials: a pallet is not made of
 *   its cases. Aggregation and association events make no genealogy edges;
 *   the parent/child relation is kept in epcis_epc (roles parent, child).
 * * An event with an errorDeclaration declares the stored event with the
 *   same eventID in error: it is stored (declaration = 1) without touching
 *   units, and the query answers the declared event with that
 *   errorDeclaration (the link is the eventID). An event whose eventID was
 *   captured before (a declaration: declared before) is skipped, so a
 *   repeated capture stores nothing twice.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "pdg-epcis.h"
#include "pdg-gs1.h"
#include "pdg-json.h"
#include "pdg-store-private.h"

G_DEFINE_QUARK (pdg-epcis-error-quark, pdg_epcis_error)

#define EPCIS_CONTEXT "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

/* CBV 2.0 business steps and dispositions (the EPCIS 2.0 JSON schema's
 * enumerations). */
static const char * const biz_steps[] = {
  "accepting", "arriving", "assembling", "collecting", "commissioning",
  "consigning", "creating_class_instance", "cycle_counting", "decommissioning",
  "departing", "destroying", "disassembling", "dispensing", "encoding",
  "entering_exiting", "holding", "inspecting", "installing", "killing",
  "loading", "other", "packing", "picking", "receiving", "removing",
  "repackaging", "repairing", "replacing", "reserving", "retail_selling",
  "shipping", "staging_outbound", "stock_taking", "stocking", "storing",
  "transporting", "unloading", "unpacking", "void_shipping",
  "sensor_reporting", "sampling", NULL
};

static const char * const dispositions[] = {
  "active", "container_closed", "damaged", "destroyed", "dispensed",
  "disposed", "encoded", "expired", "in_progress", "in_transit", "inactive",
  "no_pedigree_match", "non_sellable_other", "partially_dispensed",
  "recalled", "reserved", "retail_sold", "returned", "sellable_accessible",
  "sellable_not_accessible", "stolen", "unknown", "available",
  "completeness_verified", "completeness_inferred", "conformant",
  "container_open", "mismatch_instance", "mismatch_class",
  "mismatch_quantity", "needs_replacement", "non_conformant", "unavailable",
  NULL
};

/* How CBV terms may also be written as URIs; the term follows the prefix. */
static const char * const biz_step_prefixes[] = {
  "urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-",
  "https://ns.gs1.org/cbv/BizStep-", "cbv:BizStep-", NULL
};
static const char * const disposition_prefixes[] = {
  "urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-",
  "https://ns.gs1.org/cbv/Disp-", "cbv:Disp-", NULL
};
/* URIs in these namespaces must be CBV terms. */
static const char * const cbv_namespaces[] = {
  "urn:epcglobal:cbv", "https://ns.gs1.org/cbv/", "https://ref.gs1.org/cbv/", "cbv:",
  "epcis:", "https://ns.gs1.org/epcis/", NULL
};

static const char * const event_types[] = {
  "ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent",
  "AssociationEvent", NULL
};

/* Fields every event type may have. */
static const char * const common_fields[] = {
  "@context", "type", "eventTime", "recordTime", "eventTimeZoneOffset", "eventID",
  "errorDeclaration", "certificationInfo", "readPoint", "bizLocation", "bizStep",
  "disposition", "persistentDisposition", "bizTransactionList", "sourceList",
  "destinationList", "sensorElementList", NULL
};

static const char * const object_fields[] = { "action", "epcList", "quantityList", "ilmd", NULL };
static const char * const aggregation_fields[] = { "action", "parentID", "childEPCs", "childQuantityList", NULL };
static const char * const transaction_fields[] = { "action", "parentID", "epcList", "quantityList", NULL };
static const char * const transformation_fields[] = {
  "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList",
  "transformationID", "ilmd", NULL
};
static const char * const association_fields[] = { "action", "parentID", "childEPCs", "childQuantityList", NULL };

/* One import. */
typedef struct
{
  PdgStore       *store;     /* borrowed */
  PdgEpcisCounts *counts;    /* borrowed */
  JsonNode       *context;   /* borrowed, nullable; the document's @context when it defines namespaces */
  GHashTable     *items;     /* owned; "GTIN|tracking" -> item id (as gint64 in a pointer-sized box) */
  gint64          record_ms; /* capture time */
} Import;

/* ------------------------------------------------------------------------ */
/* Small readers                                                             */

static gboolean
invalid (GError     **error,
         guint        index,
         const char  *type,
         const char  *format,
         ...) G_GNUC_PRINTF (4, 5);

static gboolean
invalid (GError     **error,
         guint        index,
         const char  *type,
         const char  *format,
         ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  if (index == 0)
    g_set_error_literal (error, PDG_EPCIS_ERROR, PDG_EPCIS_ERROR_INVALID, text);
  else
    g_set_error (error, PDG_EPCIS_ERROR, PDG_EPCIS_ERROR_INVALID,
                 _("Event %u (%s): %s"), index, type != NULL ? type : "?", text);
  return FALSE;
}

static const char *
get_string (JsonObject *o,
            const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_number (JsonNode *node)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static double
get_number (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

/* A URI (or a CURIE, prefix:rest): a scheme of letters, digits, + - . then ':'. */
static gboolean
is_uri (const char *text)
{
  const char *p = text;

  if (text == NULL || !g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.' || *p == '_')
    p++;
  if (*p != ':' || p[1] == '\0')
    return FALSE;
  for (p = text; *p; p++)
    if (g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* An extension field's name: namespaced (prefix:name or a full URI). */
static gboolean
is_namespaced (const char *name)
{
  return strchr (name, ':') != NULL && name[0] != ':';
}

static gboolean
is_rfc3339 (const char *text)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                                            "(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$",
                                            G_REGEX_OPTIMIZE, 0, NULL));
  return text != NULL && g_regex_match (regex, text, 0, NULL);
}

/**
 * pdg_epcis_parse_time:
 *
 * Reads an RFC 3339 time with a time-zone offset ("2005-04-03T20:33:31.116-06:00",
 * "…Z") into Unix milliseconds. Times without an offset are refused: EPCIS
 * requires one.
 */
gboolean
pdg_epcis_parse_time (const char *text,
                      gint64     *out_ms)
{
  g_autoptr(GDateTime) dt = NULL;

  if (!is_rfc3339 (text))
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *out_ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

/* The bare CBV term of a CBV URI (or the text itself). */
static const char *
strip_prefix (const char         *text,
              const char * const *prefixes)
{
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_str_has_prefix (text, prefixes[i]))
      return text + strlen (prefixes[i]);
  return text;
}

static gboolean
in_cbv_namespace (const char *text)
{
  for (guint i = 0; cbv_namespaces[i] != NULL; i++)
    if (g_str_has_prefix (text, cbv_namespaces[i]))
      return TRUE;
  return FALSE;
}

/* Whether a bizStep / disposition value is a CBV term (bare or as a CBV
 * URI) or a URI of somebody else's vocabulary. */
static gboolean
vocabulary_ok (const char         *text,
               const char * const *terms,
               const char * const *prefixes)
{
  const char *term = strip_prefix (text, prefixes);

  if (g_strv_contains (terms, term))
    return TRUE;
  return term == text && is_uri (text) && !in_cbv_namespace (text);
}

/**
 * pdg_epcis_normalize_biz_step:
 *
 * The bare CBV term of a bizStep written as a CBV URI; other values unchanged.
 */
const char *
pdg_epcis_normalize_biz_step (const char *text)
{
  const char *term;

  if (text == NULL)
    return NULL;
  term = strip_prefix (text, biz_step_prefixes);
  return g_strv_contains (biz_steps, term) ? term : text;
}

static const char *
normalize_disposition (const char *text)
{
  const char *term;

  if (text == NULL)
    return NULL;
  term = strip_prefix (text, disposition_prefixes);
  return g_strv_contains (dispositions, term) ? term : text;
}

/* ------------------------------------------------------------------------ */
/* Validation                                                                */

typedef struct
{
  guint       index;
  const char *type;
  GError    **error;
} Where;

#define FAIL(w, ...) invalid ((w)->error, (w)->index, (w)->type, __VA_ARGS__)

static gboolean
check_uri_list (const Where *w,
                JsonObject  *e,
                const char  *name)
{
  JsonNode *node = json_object_get_member (e, name);
  JsonArray *a;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FAIL (w, _("“%s” must be a list of identifiers (URIs)."), name);
  a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *item = json_array_get_element (a, i);
      const char *text = JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING ?
                         json_node_get_string (item) : NULL;

      if (!is_uri (text))
        return FAIL (w, _("entry %u of “%s” is not an identifier (a URI such as urn:epc:id:sgtin:… or https://id.gs1.org/01/…)."),
                     i + 1, name);
    }
  return TRUE;
}

static gboolean
check_uri_field (const Where *w,
                 JsonObject  *o,
                 const char  *name,
                 const char  *where,
                 gboolean     required)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL)
    return required ? FAIL (w, _("“%s” is missing “%s”."), where, name) : TRUE;
  if (!is_uri (get_string (o, name)))
    return FAIL (w, _("“%s” in “%s” must be a URI."), name, where);
  return TRUE;
}

static gboolean
check_time_field (const Where *w,
                  JsonObject  *o,
                  const char  *name,
                  const char  *where,
                  gboolean     required)
{
  JsonNode *node = json_object_get_member (o, name);
  gint64 ms;

  if (node == NULL)
    return required ? FAIL (w, _("“%s” is missing “%s”."), where, name) : TRUE;
  if (!pdg_epcis_parse_time (get_string (o, name), &ms))
    return FAIL (w, _("“%s” in “%s” is not an RFC 3339 time with a time-zone offset such as 2025-03-01T08:30:00.000+01:00."),
                 name, where);
  return TRUE;
}

/* Only the fields named (and namespaced extensions, when allowed). */
static gboolean
check_fields (const Where        *w,
              JsonObject         *o,
              const char * const *allowed,
              gboolean            extensions,
              const char         *where)
{
  g_autoptr(GList) names = json_object_get_members (o);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_strv_contains (allowed, name) || (extensions && is_namespaced (name)))
        continue;
      if (extensions)
        return FAIL (w, _("unknown field “%s” in %s; an extension field needs a namespace prefix such as “example:%s”."),
                     name, where, name);
      {
        g_autofree char *list = g_strjoinv (", ", (char **) allowed);

        return FAIL (w, _("unknown field “%s” in %s; only %s are allowed there."), name, where, list);
      }
    }
  return TRUE;
}

static gboolean
check_quantity_list (const Where *w,
                     JsonObject  *e,
                     const char  *name)
{
  static const char * const fields[] = { "epcClass", "quantity", "uom", NULL };
  JsonNode *node = json_object_get_member (e, name);
  JsonArray *a;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FAIL (w, _("“%s” must be a list of quantity elements."), name);
  a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *item = json_array_get_element (a, i);
      g_autofree char *where = g_strdup_printf (_("element %u of “%s”"), i + 1, name);
      JsonObject *q;
      const char *uom;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return FAIL (w, _("%s is not an object with epcClass and quantity."), where);
      q = json_node_get_object (item);
      {
        g_autoptr(GList) names = json_object_get_members (q);

        for (GList *l = names; l != NULL; l = l->next)
          if (!g_strv_contains (fields, l->data))
            return FAIL (w, _("unknown field “%s” in %s; a quantity element has only epcClass, quantity and uom."),
                         (const char *) l->data, where);
      }
      if (!is_uri (get_string (q, "epcClass")))
        return FAIL (w, _("%s has no “epcClass” URI."), where);
      if (!json_object_has_member (q, "quantity"))
        return FAIL (w, _("%s has no “quantity”."), where);
      if (!is_number (json_object_get_member (q, "quantity")) ||
          get_number (json_object_get_member (q, "quantity")) < 0)
        return FAIL (w, _("the “quantity” of %s is not a number of zero or more."), where);
      if (json_object_has_member (q, "uom"))
        {
          uom = get_string (q, "uom");
          if (uom == NULL || strlen (uom) < 2 || strlen (uom) > 3 ||
              strspn (uom, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen (uom))
            return FAIL (w, _("the “uom” of %s is not a UN/ECE Rec. 20 code such as KGM."), where);
        }
    }
  return TRUE;
}

static gboolean
check_place (const Where *w,
             JsonObject  *e,
             const char  *name)
{
  static const char * const fields[] = { "id", NULL };
  JsonNode *node = json_object_get_member (e, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FAIL (w, _("“%s” must be an object with an “id”."), name);
  return check_uri_field (w, json_node_get_object (node), "id", name, TRUE) &&
         check_fields (w, json_node_get_object (node), fields, TRUE, name);
}

/* sourceList / destinationList / bizTransactionList: objects with these fields only. */
static gboolean
check_typed_list (const Where *w,
                  JsonObject  *e,
                  const char  *name,
                  const char  *value_field,
                  gboolean     type_required)
{
  const char *fields[] = { "type", value_field, NULL };
  JsonNode *node = json_object_get_member (e, name);
  JsonArray *a;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FAIL (w, _("“%s” must be a list."), name);
  a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *item = json_array_get_element (a, i);
      g_autofree char *where = g_strdup_printf (_("element %u of “%s”"), i + 1, name);
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return FAIL (w, _("%s is not an object."), where);
      o = json_node_get_object (item);
      if (!check_fields (w, o, fields, FALSE, where) ||
          !check_uri_field (w, o, value_field, where, TRUE))
        return FALSE;
      if (json_object_has_member (o, "type") ? get_string (o, "type") == NULL : type_required)
        return FAIL (w, _("%s needs a “type” string."), where);
    }
  return TRUE;
}

static gboolean
check_vocabulary (const Where        *w,
                  const char         *name,
                  const char         *value,
                  const char * const *terms,
                  const char * const *prefixes)
{
  if (value == NULL)
    return FAIL (w, _("“%s” must be a string."), name);
  if (!vocabulary_ok (value, terms, prefixes))
    return FAIL (w, _("the %s “%s” is neither a CBV 2.0 term nor a URI of another vocabulary (such as https://example.com/%s/x)."),
                 name, value, name);
  return TRUE;
}

static gboolean
check_event (const Where *w,
             JsonObject  *e)
{
  const char *type = w->type;
  const char * const *fields = NULL;
  const char *action = get_string (e, "action");
  gboolean needs_action = TRUE;
  JsonNode *node;

  if (g_str_equal (type, "ObjectEvent"))
    fields = object_fields;
  else if (g_str_equal (type, "AggregationEvent"))
    fields = aggregation_fields;
  else if (g_str_equal (type, "TransactionEvent"))
    fields = transaction_fields;
  else if (g_str_equal (type, "TransformationEvent"))
    fields = transformation_fields, needs_action = FALSE;
  else
    fields = association_fields;

  /* Mandatory fields, all named at once. */
  {
    g_autoptr(GPtrArray) missing = g_ptr_array_new ();

    if (!json_object_has_member (e, "eventTime"))
      g_ptr_array_add (missing, "eventTime");
    if (!json_object_has_member (e, "eventTimeZoneOffset"))
      g_ptr_array_add (missing, "eventTimeZoneOffset");
    if (needs_action && !json_object_has_member (e, "action"))
      g_ptr_array_add (missing, "action");
    if (g_str_equal (type, "TransactionEvent") && !json_object_has_member (e, "bizTransactionList"))
      g_ptr_array_add (missing, "bizTransactionList");
    if (g_str_equal (type, "AssociationEvent") && !json_object_has_member (e, "parentID"))
      g_ptr_array_add (missing, "parentID");
    if (g_str_equal (type, "AggregationEvent") && action != NULL && !g_str_equal (action, "OBSERVE") &&
        !json_object_has_member (e, "parentID"))
      g_ptr_array_add (missing, "parentID");
    if (missing->len > 0)
      {
        g_autofree char *list = NULL;

        g_ptr_array_add (missing, NULL);
        list = g_strjoinv (", ", (char **) missing->pdata);
        return FAIL (w, _("missing mandatory field(s): %s."), list);
      }
  }

  /* Fields: the type's, the common ones, or namespaced extensions. */
  {
    g_autoptr(GList) names = json_object_get_members (e);

    for (GList *l = names; l != NULL; l = l->next)
      {
        const char *name = l->data;

        if (g_strv_contains (common_fields, name) || g_strv_contains (fields, name) || is_namespaced (name))
          continue;
        return FAIL (w, _("unknown field “%s” for a %s; an extension field needs a namespace prefix such as “example:%s”."),
                     name, type, name);
      }
  }

  if (!pdg_epcis_parse_time (get_string (e, "eventTime"), &(gint64) { 0 }))
    return FAIL (w, _("“eventTime” is not an RFC 3339 time with a time-zone offset such as 2025-03-01T08:30:00.000+01:00 (got “%s”)."),
                 get_string (e, "eventTime") != NULL ? get_string (e, "eventTime") : "?");
  {
    const char *tz = get_string (e, "eventTimeZoneOffset");

    if (tz == NULL || strlen (tz) != 6 || (tz[0] != '+' && tz[0] != '-') ||
        !g_ascii_isdigit (tz[1]) || !g_ascii_isdigit (tz[2]) || tz[3] != ':' ||
        !g_ascii_isdigit (tz[4]) || !g_ascii_isdigit (tz[5]) ||
        (tz[1] - '0') * 10 + (tz[2] - '0') > 14 || tz[4] > '5')
      return FAIL (w, _("“eventTimeZoneOffset” must be an offset such as +01:00 or -06:00 (got “%s”)."),
                   tz != NULL ? tz : "?");
  }
  if (!check_time_field (w, e, "recordTime", "event", FALSE) ||
      !check_uri_field (w, e, "eventID", "event", FALSE))
    return FALSE;

  if (json_object_has_member (e, "action") &&
      (action == NULL || (!g_str_equal (action, "ADD") && !g_str_equal (action, "OBSERVE") &&
                          !g_str_equal (action, "DELETE"))))
    return FAIL (w, _("“action” must be ADD, OBSERVE or DELETE (got “%s”)."), action != NULL ? action : "?");
  if (!needs_action && json_object_has_member (e, "action"))
    return FAIL (w, "%s", _("a TransformationEvent has no “action”."));

  if (json_object_has_member (e, "bizStep") &&
      !check_vocabulary (w, "bizStep", get_string (e, "bizStep"), biz_steps, biz_step_prefixes))
    return FALSE;
  if (json_object_has_member (e, "disposition") &&
      !check_vocabulary (w, "disposition", get_string (e, "disposition"), dispositions, disposition_prefixes))
    return FALSE;
  if ((node = json_object_get_member (e, "persistentDisposition")) != NULL)
    {
      static const char * const pd_fields[] = { "set", "unset", NULL };
      JsonObject *pd;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return FAIL (w, "%s", _("“persistentDisposition” must be an object with “set” and/or “unset”."));
      pd = json_node_get_object (node);
      if (!check_fields (w, pd, pd_fields, FALSE, "persistentDisposition"))
        return FALSE;
      for (guint k = 0; pd_fields[k] != NULL; k++)
        {
          JsonNode *list = json_object_get_member (pd, pd_fields[k]);

          if (list == NULL)
            continue;
          if (!JSON_NODE_HOLDS_ARRAY (list))
            return FAIL (w, _("“persistentDisposition.%s” must be a list of dispositions."), pd_fields[k]);
          for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
            {
              JsonNode *v = json_array_get_element (json_node_get_array (list), i);
              const char *text = JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING ?
                                 json_node_get_string (v) : NULL;

              if (!check_vocabulary (w, "disposition", text, dispositions, disposition_prefixes))
                return FALSE;
            }
        }
    }

  if (!check_uri_list (w, e, "epcList") || !check_uri_list (w, e, "childEPCs") ||
      !check_uri_list (w, e, "inputEPCList") || !check_uri_list (w, e, "outputEPCList") ||
      !check_quantity_list (w, e, "quantityList") || !check_quantity_list (w, e, "childQuantityList") ||
      !check_quantity_list (w, e, "inputQuantityList") || !check_quantity_list (w, e, "outputQuantityList") ||
      !check_uri_field (w, e, "parentID", "event", FALSE) ||
      !check_uri_field (w, e, "transformationID", "event", FALSE) ||
      !check_place (w, e, "readPoint") || !check_place (w, e, "bizLocation") ||
      !check_typed_list (w, e, "bizTransactionList", "bizTransaction", FALSE) ||
      !check_typed_list (w, e, "sourceList", "source", TRUE) ||
      !check_typed_list (w, e, "destinationList", "destination", TRUE))
    return FALSE;
  if (g_str_equal (type, "TransactionEvent") &&
      json_array_get_length (json_node_get_array (json_object_get_member (e, "bizTransactionList"))) == 0)
    return FAIL (w, "%s", _("a TransactionEvent needs at least one entry in “bizTransactionList”."));

  if ((node = json_object_get_member (e, "certificationInfo")) != NULL)
    {
      gboolean ok = FALSE;

      if (JSON_NODE_HOLDS_VALUE (node))
        ok = is_uri (get_string (e, "certificationInfo"));
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *a = json_node_get_array (node);

          ok = TRUE;
          for (guint i = 0; ok && i < json_array_get_length (a); i++)
            {
              JsonNode *v = json_array_get_element (a, i);

              ok = JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING &&
                   is_uri (json_node_get_string (v));
            }
        }
      if (!ok)
        return FAIL (w, "%s", _("“certificationInfo” must be a certificate URI or a list of certificate URIs."));
    }

  if ((node = json_object_get_member (e, "ilmd")) != NULL)
    {
      g_autoptr(GList) names = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return FAIL (w, "%s", _("“ilmd” must be an object of namespaced master data fields."));
      names = json_object_get_members (json_node_get_object (node));
      for (GList *l = names; l != NULL; l = l->next)
        if (!is_namespaced (l->data))
          return FAIL (w, _("the ilmd field “%s” has no namespace; write it as prefix:%s with the prefix defined in @context."),
                       (const char *) l->data, (const char *) l->data);
    }

  if ((node = json_object_get_member (e, "errorDeclaration")) != NULL)
    {
      static const char * const ed_fields[] = { "declarationTime", "reason", "correctiveEventIDs", NULL };
      JsonObject *ed;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return FAIL (w, "%s", _("“errorDeclaration” must be an object with a “declarationTime”."));
      ed = json_node_get_object (node);
      if (!check_fields (w, ed, ed_fields, TRUE, "errorDeclaration") ||
          !check_time_field (w, ed, "declarationTime", "errorDeclaration", TRUE) ||
          (json_object_has_member (ed, "reason") &&
           !check_vocabulary (w, "reason", get_string (ed, "reason"),
                              (const char * const []) { "did_not_occur", "incorrect_data", NULL },
                              (const char * const []) { "urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-",
                                                        "https://ns.gs1.org/cbv/ER-", "cbv:ER-", NULL })) ||
          !check_uri_list (w, ed, "correctiveEventIDs"))
        return FALSE;
    }

  if ((node = json_object_get_member (e, "sensorElementList")) != NULL)
    {
      JsonArray *a;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return FAIL (w, "%s", _("“sensorElementList” must be a list of sensor elements."));
      a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *s = json_array_get_element (a, i);
          JsonNode *reports;

          if (!JSON_NODE_HOLDS_OBJECT (s) ||
              (reports = json_object_get_member (json_node_get_object (s), "sensorReport")) == NULL ||
              !JSON_NODE_HOLDS_ARRAY (reports) || json_array_get_length (json_node_get_array (reports)) == 0)
            return FAIL (w, _("sensor element %u needs a non-empty “sensorReport” list."), i + 1);
        }
    }

  return TRUE;
}

/* The event list of a valid document, or NULL and the first problem. */
static JsonArray *
validate_document (JsonNode  *root,
                   GError   **error)
{
  JsonObject *doc;
  JsonNode *body, *list, *context;
  const char *doc_type;
  JsonArray *events;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, 0, NULL, "%s", _("An EPCIS document is a JSON object; this is not one."));
      return NULL;
    }
  doc = json_node_get_object (root);
  context = json_object_get_member (doc, "@context");
  if (context == NULL)
    {
      invalid (error, 0, NULL, "%s", _("The document has no “@context”: an EPCIS 2.0 JSON-LD document must name the EPCIS context (https://ref.gs1.org/standards/epcis/epcis-context.jsonld)."));
      return NULL;
    }
  if (JSON_NODE_HOLDS_NULL (context) ||
      (JSON_NODE_HOLDS_VALUE (context) && !is_uri (json_node_get_string (context))))
    {
      invalid (error, 0, NULL, "%s", _("The document’s “@context” must be a URI, an object or a list of them."));
      return NULL;
    }
  doc_type = get_string (doc, "type");
  if (g_strcmp0 (doc_type, "EPCISDocument") != 0)
    {
      invalid (error, 0, NULL, _("The document’s “type” must be EPCISDocument (got “%s”)."),
               doc_type != NULL ? doc_type : "nothing");
      return NULL;
    }
  if (json_object_has_member (doc, "schemaVersion") && get_string (doc, "schemaVersion") == NULL)
    {
      invalid (error, 0, NULL, "%s", _("The document’s “schemaVersion” must be a string such as \"2.0\"."));
      return NULL;
    }
  if (json_object_has_member (doc, "creationDate") &&
      !pdg_epcis_parse_time (get_string (doc, "creationDate"), &(gint64) { 0 }))
    {
      invalid (error, 0, NULL, "%s", _("The document’s “creationDate” is not an RFC 3339 time with a time-zone offset."));
      return NULL;
    }
  body = json_object_get_member (doc, "epcisBody");
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body) ||
      (list = json_object_get_member (json_node_get_object (body), "eventList")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      invalid (error, 0, NULL, "%s", _("The document has no “epcisBody.eventList” list of events."));
      return NULL;
    }

  events = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      Where w = { i + 1, NULL, error };
      JsonObject *e;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          invalid (error, i + 1, "?", "%s", _("an event is a JSON object."));
          return NULL;
        }
      e = json_node_get_object (node);
      w.type = get_string (e, "type");
      if (w.type == NULL || !g_strv_contains (event_types, w.type))
        {
          invalid (error, i + 1, w.type != NULL ? w.type : "?",
                   "%s", _("the event “type” must be ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent."));
          return NULL;
        }
      if (!check_event (&w, e))
        return NULL;
    }

  return events;
}

/* ------------------------------------------------------------------------ */
/* Identifiers                                                               */

typedef enum
{
  EPC_OTHER,     /* SSCC, GRAI, GIAI, a URI of somebody else: no unit */
  EPC_SERIAL,    /* one serialised trade item */
  EPC_LOT,       /* a batch of a trade item */
  EPC_CLASS,     /* a trade item, no serial or batch */
} EpcKind;

typedef struct
{
  EpcKind  kind;
  char     gtin[15];
  char    *lot;      /* owned, nullable; serial or batch */
} Epc;

static void
epc_clear (Epc *epc)
{
  g_clear_pointer (&epc->lot, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Epc, epc_clear)

static char
check_digit (const char *digits)
{
  gsize n = strlen (digits);
  int sum = 0;

  /* Weights 3, 1, 3 ... from the right. */
  for (gsize i = 0; i < n; i++)
    sum += (digits[n - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
  return (char) ('0' + (10 - sum % 10) % 10);
}

static gboolean
all_digits (const char *text,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return n > 0;
}

/* "CompanyPrefix.ItemRef" of an SGTIN/LGTIN into a GTIN-14. */
static gboolean
gtin_from_epc (const char *cp,
               gsize       cp_len,
               const char *ir,
               gsize       ir_len,
               char        gtin[15])
{
  if (!all_digits (cp, cp_len) || !all_digits (ir, ir_len) || cp_len + ir_len != 13 || cp_len < 6)
    return FALSE;
  gtin[0] = ir[0];
  memcpy (gtin + 1, cp, cp_len);
  memcpy (gtin + 1 + cp_len, ir + 1, ir_len - 1);
  gtin[13] = '\0';
  gtin[13] = check_digit (gtin);
  gtin[14] = '\0';
  return TRUE;
}

/* Reads an identifier. FALSE only for a GS1 identifier that is malformed
 * (an EPC URN or Digital Link that cannot be what it says). */
static gboolean
parse_epc (const char  *uri,
           Epc         *out,
           GError     **error)
{
  static const struct { const char *prefix; EpcKind kind; } urns[] = {
    { "urn:epc:id:sgtin:", EPC_SERIAL },
    { "urn:epc:class:lgtin:", EPC_LOT },
    { "urn:epc:idpat:sgtin:", EPC_CLASS },
  };

  memset (out, 0, sizeof *out);
  out->kind = EPC_OTHER;

  for (guint i = 0; i < G_N_ELEMENTS (urns); i++)
    if (g_str_has_prefix (uri, urns[i].prefix))
      {
        const char *p = uri + strlen (urns[i].prefix);
        const char *dot1 = strchr (p, '.');
        const char *dot2 = dot1 != NULL ? strchr (dot1 + 1, '.') : NULL;
        const char *rest = dot2 != NULL ? dot2 + 1 : NULL;

        if (dot2 == NULL || !gtin_from_epc (p, (gsize) (dot1 - p), dot1 + 1, (gsize) (dot2 - dot1 - 1), out->gtin) ||
            *rest == '\0')
          {
            g_set_error (error, PDG_EPCIS_ERROR, PDG_EPCIS_ERROR_INVALID,
                         _("“%s” is not a valid EPC: it should be %sCompanyPrefix.ItemReference.%s with 13 digits in the first two parts."),
                         uri, urns[i].prefix, urns[i].kind == EPC_LOT ? "Lot" : urns[i].kind == EPC_SERIAL ? "Serial" : "*");
            return FALSE;
          }
        out->kind = urns[i].kind;
        if (out->kind == EPC_CLASS)
          {
            if (!g_str_equal (rest, "*"))
              out->kind = EPC_OTHER;   /* a serial range or so: kept, not mapped */
            return TRUE;
          }
        out->lot = g_uri_unescape_string (rest, NULL);
        if (out->lot == NULL)
          out->lot = g_strdup (rest);
        return TRUE;
      }

  if ((g_str_has_prefix (uri, "https://") || g_str_has_prefix (uri, "http://")) && strstr (uri, "/01/") != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      PdgGs1Options options = { 0 };
      g_autofree PdgGs1Code *code = g_new0 (PdgGs1Code, 1);

      options.partial = TRUE;
      if (!pdg_gs1_parse_into (code, uri, -1, &options, &local_error))
        {
          g_set_error (error, PDG_EPCIS_ERROR, PDG_EPCIS_ERROR_INVALID,
                       _("The GS1 Digital Link “%s” is not valid: %s"), uri, local_error->message);
          return FALSE;
        }
      if (code->gtin[0] == '\0')
        return TRUE;
      memcpy (out->gtin, code->gtin, sizeof out->gtin);
      if (code->serial[0] != '\0')
        out->kind = EPC_SERIAL, out->lot = g_strdup (code->serial);
      else if (code->batch[0] != '\0')
        out->kind = EPC_LOT, out->lot = g_strdup (code->batch);
      else
        out->kind = EPC_CLASS;
    }
  return TRUE;
}

/* A readable name for a GLN-based identifier (sgln, pgln), else the URI. */
static char *
place_name (const char *uri)
{
  const char *p = NULL;
  const char *dot1, *dot2;
  char gln[14];
  gsize cp_len, ref_len;

  if (g_str_has_prefix (uri, "urn:epc:id:sgln:"))
    p = uri + strlen ("urn:epc:id:sgln:");
  else if (g_str_has_prefix (uri, "urn:epc:id:pgln:"))
    p = uri + strlen ("urn:epc:id:pgln:");
  if (p == NULL || (dot1 = strchr (p, '.')) == NULL)
    return g_strdup (uri);
  dot2 = strchr (dot1 + 1, '.');
  cp_len = (gsize) (dot1 - p);
  ref_len = dot2 != NULL ? (gsize) (dot2 - dot1 - 1) : strlen (dot1 + 1);
  if (cp_len + ref_len != 12 || !all_digits (p, cp_len) || !all_digits (dot1 + 1, ref_len))
    return g_strdup (uri);
  memcpy (gln, p, cp_len);
  memcpy (gln + cp_len, dot1 + 1, ref_len);
  gln[12] = '\0';
  gln[12] = check_digit (gln);
  gln[13] = '\0';
  if (dot2 != NULL && strcmp (dot2 + 1, "0") != 0)
    return g_strdup_printf (_("GLN %s extension %s"), gln, dot2 + 1);
  return g_strdup_printf (_("GLN %s"), gln);
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                   */

static gint64
lookup_id (PdgStore    *store,
           const char  *sql,
           const char  *text,
           gint64       number,
           GError     **error)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (store, sql, error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (number != 0)
    sqlite3_bind_int64 (stmt, 2, number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      pdg_store_set_error (store, error);
      return -1;
    }
  sqlite3_reset (stmt);
  return id;
}

static const char *
uom_from_code (const char *code)
{
  static const char * const map[][2] = {
    { "KGM", "kg" }, { "GRM", "g" }, { "TNE", "t" }, { "LTR", "l" }, { "MLT", "ml" },
    { "MTR", "m" }, { "MTK", "m2" }, { "MTQ", "m3" }, { "H87", "pcs" }, { "EA", "pcs" },
  };

  if (code == NULL)
    return "pcs";
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i][0], code))
      return map[i][1];
  return code;
}

/* The item of a GTIN, created when unknown; see the comment at the top. */
static gint64
ensure_item (Import      *im,
             const char  *gtin,
             PdgTracking  tracking,
             const char  *uom,
             GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%s|%d", gtin, tracking);
  g_autoptr(PdgItem) item = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sibling = NULL;
  gint64 *cached = g_hash_table_lookup (im->items, key);
  gint64 id;

  if (cached != NULL)
    return *cached;

  item = pdg_store_find_item_by_gtin (im->store, gtin, &local_error);
  if (item == NULL && !g_error_matches (local_error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  if (item != NULL && (item->tracking == tracking || item->tracking == PDG_TRACKING_NONE))
    id = item->id;
  else
    {
      /* Unknown, or known with the other tracking: GTIN-S / GTIN-B. */
      sibling = item != NULL ? g_strdup_printf ("%s-%s", gtin, tracking == PDG_TRACKING_SERIAL ? "S" : "B") : NULL;
      g_clear_pointer (&item, pdg_item_free);
      id = lookup_id (im->store, "SELECT id FROM item WHERE number = ?1",
                      sibling != NULL ? sibling : gtin, 0, error);
      if (id < 0)
        return 0;
      if (id == 0)
        {
          g_autoptr(PdgItem) created = pdg_item_new ();

          created->number = g_strdup (sibling != NULL ? sibling : gtin);
          created->description = g_strdup_printf (_("Trade item GTIN %s (from EPCIS)"), gtin);
          created->tracking = tracking;
          created->uom = g_strdup (uom);
          created->gtin = sibling != NULL ? NULL : g_strdup (gtin);
          id = pdg_store_add_item (im->store, created, error);
          if (id <= 0)
            return 0;
          im->counts->n_items++;
        }
    }

  g_hash_table_insert (im->items, g_steal_pointer (&key), g_memdup2 (&id, sizeof id));
  return id;
}

/* The unit of an identifier (0 when it names none), created when unknown. */
static gint64
ensure_unit (Import      *im,
             const Epc   *epc,
             double       quantity,
             const char  *uom,
             gboolean     produced,
             gint64       location_id,
             GError     **error)
{
  g_autoptr(PdgUnit) unit = NULL;
  gint64 item_id, id;

  if (epc->kind != EPC_SERIAL && epc->kind != EPC_LOT)
    return 0;

  item_id = ensure_item (im, epc->gtin, epc->kind == EPC_SERIAL ? PDG_TRACKING_SERIAL : PDG_TRACKING_BATCH,
                         epc->kind == EPC_SERIAL ? "pcs" : uom_from_code (uom), error);
  if (item_id <= 0)
    return -1;
  id = lookup_id (im->store, "SELECT id FROM unit WHERE lot = ?1 AND item_id = ?2", epc->lot, item_id, error);
  if (id != 0)
    return id;

  unit = pdg_unit_new ();
  unit->item_id = item_id;
  unit->lot = g_strdup (epc->lot);
  unit->quantity = epc->kind == EPC_SERIAL ? 1.0 : (quantity > 0 ? quantity : 1.0);
  unit->on_hand = unit->quantity;
  unit->status = PDG_UNIT_STATUS_AVAILABLE;
  unit->origin = produced ? PDG_ORIGIN_PRODUCED : PDG_ORIGIN_PURCHASED;
  unit->location_id = location_id;
  id = pdg_store_add_unit (im->store, unit, error);
  if (id <= 0)
    return -1;
  im->counts->n_units++;
  return id;
}

static gint64
ensure_location (Import      *im,
                 const char  *uri,
                 GError     **error)
{
  g_autofree char *name = NULL;
  gint64 id = lookup_id (im->store, "SELECT id FROM location WHERE code = ?1", uri, 0, error);

  if (id != 0)
    return id;
  name = place_name (uri);
  id = pdg_store_add_location (im->store, uri, name, error);
  return id > 0 ? id : -1;
}

static gint64
ensure_partner (Import          *im,
                const char      *uri,
                PdgPartnerKind   kind,
                GError         **error)
{
  g_autofree char *name = NULL;
  gint64 id = lookup_id (im->store, "SELECT id FROM partner WHERE code = ?1", uri, 0, error);

  if (id != 0)
    return id;
  name = place_name (uri);
  id = pdg_store_add_partner (im->store, kind, uri, name, NULL, NULL, error);
  return id > 0 ? id : -1;
}

/* The party of a source or destination list (owning, else possessing). */
static const char *
party_of (JsonObject *e,
          const char *list_name,
          const char *value_name)
{
  JsonNode *node = json_object_get_member (e, list_name);
  const char *possessing = NULL;

  if (node == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonObject *o = json_node_get_object (json_array_get_element (json_node_get_array (node), i));
      const char *type = get_string (o, "type");

      if (type == NULL)
        continue;
      type = strip_prefix (type, (const char * const []) { "urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-",
                                                            "https://ns.gs1.org/cbv/SDT-", "cbv:SDT-", NULL });
      if (g_str_equal (type, "owning_party"))
        return get_string (o, value_name);
      if (g_str_equal (type, "possessing_party"))
        possessing = get_string (o, value_name);
    }
  return possessing;
}

/* Stores the event row and its identifiers; returns its id. */
static gint64
store_event_row (Import      *im,
                 JsonObject  *e,
                 const char  *type,
                 gint64       event_ms,
                 gboolean     declaration,
                 GError     **error)
{
  g_autoptr(JsonNode) event = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *body = NULL;
  JsonObject *o;
  JsonNode *place;
  sqlite3_stmt *stmt;

  json_node_take_object (event, json_object_ref (e));
  copy = json_node_copy (event);
  o = json_node_get_object (copy);
  if (im->context != NULL && !json_object_has_member (o, "@context"))
    json_object_set_member (o, "@context", json_node_copy (im->context));
  body = json_to_string (copy, FALSE);

  stmt = pdg_store_prepare_cached (im->store,
    "INSERT INTO epcis_event (type, event_id, action, event_time, record_time, biz_step, disposition,"
    " read_point, biz_location, declaration, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, get_string (e, "eventID"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, get_string (e, "action"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, event_ms);
  sqlite3_bind_int64 (stmt, 5, im->record_ms);
  sqlite3_bind_text (stmt, 6, pdg_epcis_normalize_biz_step (get_string (e, "bizStep")), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, normalize_disposition (get_string (e, "disposition")), -1, SQLITE_TRANSIENT);
  place = json_object_get_member (e, "readPoint");
  sqlite3_bind_text (stmt, 8, place != NULL ? get_string (json_node_get_object (place), "id") : NULL, -1, SQLITE_TRANSIENT);
  place = json_object_get_member (e, "bizLocation");
  sqlite3_bind_text (stmt, 9, place != NULL ? get_string (json_node_get_object (place), "id") : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 10, declaration ? 1 : 0);
  sqlite3_bind_text (stmt, 11, body, -1, SQLITE_TRANSIENT);
  return pdg_store_insert_audited (im->store, stmt, "epcis_event", error);
}

static gboolean
store_epc_row (Import      *im,
               gint64       epcis_id,
               const char  *role,
               const char  *epc,
               gint64       unit_id,
               GError     **error)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (im->store,
    "INSERT INTO epcis_epc (epcis_event_id, role, epc, unit_id) VALUES (?1, ?2, ?3, ?4)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, epcis_id);
  sqlite3_bind_text (stmt, 2, role, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, epc, -1, SQLITE_TRANSIENT);
  if (unit_id > 0)
    sqlite3_bind_int64 (stmt, 4, unit_id);
  else
    sqlite3_bind_null (stmt, 4);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pdg_store_set_error (im->store, error);
  return TRUE;
}

/* One identifier named by an event, mapped. */
typedef struct
{
  const char *uri;       /* borrowed from the document */
  const char *role;      /* static */
  gint64      unit_id;   /* 0: no unit */
  double      quantity;  /* 0: not given */
  gboolean    serial;
} Named;

/* Maps the identifiers of one list (EPCs or quantity elements). */
static gboolean
collect (Import      *im,
         JsonObject  *e,
         const char  *name,
         const char  *role,
         gboolean     quantities,
         gboolean     produced,
         gboolean     make_units,
         gint64       location_id,
         GArray      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (e, name);
  JsonArray *a;

  if (node == NULL)
    return TRUE;
  a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *item = json_array_get_element (a, i);
      g_auto(Epc) epc = { 0 };
      Named n = { NULL, role, 0, 0, FALSE };
      const char *uom = NULL;

      if (quantities)
        {
          JsonObject *q = json_node_get_object (item);

          n.uri = get_string (q, "epcClass");
          if (json_object_has_member (q, "quantity"))
            n.quantity = get_number (json_object_get_member (q, "quantity"));
          uom = get_string (q, "uom");
        }
      else
        n.uri = json_node_get_string (item);

      if (!parse_epc (n.uri, &epc, error))
        return FALSE;
      n.serial = epc.kind == EPC_SERIAL;
      if (n.serial)
        n.quantity = 1.0;
      if (make_units)
        {
          n.unit_id = ensure_unit (im, &epc, n.quantity, uom, produced, location_id, error);
          if (n.unit_id < 0)
            return FALSE;
        }
      else if (epc.kind == EPC_CLASS && !ensure_item (im, epc.gtin, PDG_TRACKING_BATCH, uom_from_code (uom), error))
        return FALSE;
      g_array_append_val (out, n);
    }
  return TRUE;
}

static PdgEventKind
kind_of (const char *biz_step,
         const char *action)
{
  static const struct { const char *step; PdgEventKind kind; } map[] = {
    { "receiving", PDG_EVENT_RECEIPT },
    { "shipping", PDG_EVENT_SHIPMENT },
    { "commissioning", PDG_EVENT_PRODUCTION },
    { "destroying", PDG_EVENT_SCRAP },
    { "decommissioning", PDG_EVENT_SCRAP },
    { "inspecting", PDG_EVENT_INSPECTION },
  };

  if (biz_step != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (map); i++)
      if (g_str_equal (map[i].step, biz_step))
        return map[i].kind;
  if (g_strcmp0 (action, "DELETE") == 0)
    return PDG_EVENT_SCRAP;
  return PDG_EVENT_TRANSFER;
}

/* A Pedigree event against one unit. */
static gboolean
unit_event (Import        *im,
            JsonObject    *e,
            const char    *type,
            gint64         epcis_id,
            const Named   *n,
            PdgEventKind   kind,
            gint64         at,
            gint64         location_id,
            gint64         partner_id,
            GError       **error)
{
  g_autoptr(PdgEvent) event = pdg_event_new ();
  g_autoptr(PdgUnit) unit = pdg_store_get_unit (im->store, n->unit_id, error);
  const char *biz_step = pdg_epcis_normalize_biz_step (get_string (e, "bizStep"));
  const char *disposition = normalize_disposition (get_string (e, "disposition"));
  const char *event_id = get_string (e, "eventID");
  JsonNode *txs = json_object_get_member (e, "bizTransactionList");
  GString *note = g_string_new (NULL);

  if (unit == NULL)
    return FALSE;

  event->unit_id = n->unit_id;
  event->kind = kind;
  event->at = at;
  event->quantity = n->quantity > 0 ? n->quantity : unit->on_hand;
  event->location_id = location_id;
  event->partner_id = (kind == PDG_EVENT_RECEIPT || kind == PDG_EVENT_SHIPMENT) ? partner_id : 0;

  g_string_append_printf (note, "EPCIS %s", type);
  if (get_string (e, "action") != NULL)
    g_string_append_printf (note, " %s", get_string (e, "action"));
  if (biz_step != NULL)
    g_string_append_printf (note, " bizStep=%s", biz_step);
  if (disposition != NULL)
    g_string_append_printf (note, " disposition=%s", disposition);
  if (event_id != NULL)
    g_string_append_printf (note, " eventID=%s", event_id);
  g_string_append_printf (note, " (epcis_event %" G_GINT64_FORMAT ", role %s)", epcis_id, n->role);

  /* Stock that Pedigree does not hold cannot leave: a transfer records it. */
  if (kind == PDG_EVENT_SHIPMENT || kind == PDG_EVENT_SCRAP || kind == PDG_EVENT_CONSUMPTION)
    {
      if (unit->status != PDG_UNIT_STATUS_AVAILABLE || unit->on_hand <= 0)
        {
          event->kind = PDG_EVENT_TRANSFER;
          event->partner_id = 0;
          g_string_append_printf (note, _("; recorded as a transfer: the unit was already %s"),
                                  pdg_unit_status_to_string (unit->status));
        }
      else
        event->quantity = MIN (event->quantity, unit->on_hand);
    }
  if (event->quantity < 0 || !isfinite (event->quantity))
    event->quantity = 0;
  event->note = g_string_free (note, FALSE);

  if (txs != NULL && json_array_get_length (json_node_get_array (txs)) > 0)
    {
      JsonObject *tx = json_node_get_object (json_array_get_element (json_node_get_array (txs), 0));
      const char *tx_type = get_string (tx, "type");

      event->doc_type = tx_type != NULL ? g_ascii_strup (strip_prefix (tx_type, (const char * const []) {
                                            "urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-",
                                            "https://ns.gs1.org/cbv/BTT-", "cbv:BTT-", NULL }), -1)
                                        : g_strdup ("EPCIS");
      event->doc_ref = g_strdup (get_string (tx, "bizTransaction"));
    }
  else if (event_id != NULL)
    {
      event->doc_type = g_strdup ("EPCIS");
      event->doc_ref = g_strdup (event_id);
    }

  if (pdg_store_add_event (im->store, event, error) <= 0)
    return FALSE;
  im->counts->n_unit_events++;
  return TRUE;
}

static gboolean
refused (GError     **error,
         GError      *cause,
         guint        index,
         const char  *type)
{
  g_set_error (error, PDG_EPCIS_ERROR,
               cause->domain == PDG_EPCIS_ERROR ? PDG_EPCIS_ERROR_INVALID : PDG_EPCIS_ERROR_REFUSED,
               _("Event %u (%s): %s"), index, type, cause->message);
  g_error_free (cause);
  return FALSE;
}

static gboolean
apply_event (Import      *im,
             JsonObject  *e,
             guint        index,
             GError     **error)
{
  GError *local_error = NULL;
  const char *type = get_string (e, "type");
  const char *action = get_string (e, "action");
  const char *event_id = get_string (e, "eventID");
  const char *biz_step = pdg_epcis_normalize_biz_step (get_string (e, "bizStep"));
  gboolean declaration = json_object_has_member (e, "errorDeclaration");
  gboolean transformation = g_str_equal (type, "TransformationEvent");
  g_autoptr(GArray) named = g_array_new (FALSE, TRUE, sizeof (Named));
  JsonNode *place;
  gint64 event_ms = 0, epcis_id, location_id = 0, partner_id = 0, at;
  gboolean produced = g_strcmp0 (biz_step, "commissioning") == 0;
  PdgEventKind kind = kind_of (biz_step, action);

  pdg_epcis_parse_time (get_string (e, "eventTime"), &event_ms);
  at = event_ms / 1000;

  /* The same event (or the same error declaration) captured again: stored once. */
  if (event_id != NULL)
    {
      gint64 seen = lookup_id (im->store,
                               declaration ? "SELECT id FROM epcis_event WHERE event_id = ?1 AND declaration = 1"
                                           : "SELECT id FROM epcis_event WHERE event_id = ?1 AND declaration = 0",
                               event_id, 0, &local_error);

      if (seen < 0)
        return refused (error, local_error, index, type);
      if (seen > 0)
        {
          im->counts->n_skipped++;
          return TRUE;
        }
    }

  epcis_id = store_event_row (im, e, type, event_ms, declaration, &local_error);
  if (epcis_id <= 0)
    return refused (error, local_error, index, type);
  im->counts->n_events++;
  if (declaration)
    im->counts->n_declarations++;

  if (!declaration)
    {
      place = json_object_get_member (e, "bizLocation");
      if (place == NULL)
        place = json_object_get_member (e, "readPoint");
      if (place != NULL &&
          (location_id = ensure_location (im, get_string (json_node_get_object (place), "id"), &local_error)) < 0)
        return refused (error, local_error, index, type);

      if (kind == PDG_EVENT_RECEIPT || kind == PDG_EVENT_SHIPMENT)
        {
          const char *party = kind == PDG_EVENT_RECEIPT ? party_of (e, "sourceList", "source")
                                                        : party_of (e, "destinationList", "destination");

          if (party != NULL &&
              (partner_id = ensure_partner (im, party,
                                            kind == PDG_EVENT_RECEIPT ? PDG_PARTNER_SUPPLIER : PDG_PARTNER_CUSTOMER,
                                            &local_error)) < 0)
            return refused (error, local_error, index, type);
        }
    }

  /* Identifiers; units only for what the event is not declaring in error. */
  if (!collect (im, e, "epcList", "epc", FALSE, produced, !declaration, location_id, named, &local_error) ||
      !collect (im, e, "quantityList", "quantity", TRUE, produced, !declaration, location_id, named, &local_error) ||
      !collect (im, e, "childEPCs", "child", FALSE, produced, !declaration, location_id, named, &local_error) ||
      !collect (im, e, "childQuantityList", "child_quantity", TRUE, produced, !declaration, location_id, named, &local_error) ||
      !collect (im, e, "inputEPCList", "input", FALSE, FALSE, !declaration, location_id, named, &local_error) ||
      !collect (im, e, "inputQuantityList", "input_quantity", TRUE, FALSE, !declaration, location_id, named, &local_error) ||
      !collect (im, e, "outputEPCList", "output", FALSE, TRUE, !declaration, location_id, named, &local_error) ||
      !collect (im, e, "outputQuantityList", "output_quantity", TRUE, TRUE, !declaration, location_id, named, &local_error))
    return refused (error, local_error, index, type);

  if (get_string (e, "parentID") != NULL)
    {
      Named parent = { get_string (e, "parentID"), "parent", 0, 0, FALSE };
      g_auto(Epc) epc = { 0 };

      if (!parse_epc (parent.uri, &epc, &local_error))
        return refused (error, local_error, index, type);
      parent.serial = epc.kind == EPC_SERIAL;
      if (!declaration && (parent.unit_id = ensure_unit (im, &epc, 1.0, NULL, produced, location_id, &local_error)) < 0)
        return refused (error, local_error, index, type);
      g_array_append_val (named, parent);
    }

  for (guint i = 0; i < named->len; i++)
    {
      Named *n = &g_array_index (named, Named, i);

      if (!store_epc_row (im, epcis_id, n->role, n->uri, n->unit_id, &local_error))
        return refused (error, local_error, index, type);
    }

  if (declaration)
    return TRUE;

  if (transformation)
    {
      guint n_outputs = 0;

      /* Outputs: each is made of every input (a unit listed on both sides
       * is an input only). */
      for (guint i = 0; i < named->len; i++)
        {
          Named *out = &g_array_index (named, Named, i);
          gboolean also_input = FALSE;

          if (out->unit_id <= 0 || !g_str_has_prefix (out->role, "output"))
            continue;
          for (guint j = 0; j < named->len; j++)
            {
              Named *in = &g_array_index (named, Named, j);

              if (g_str_has_prefix (in->role, "input") && in->unit_id == out->unit_id)
                also_input = TRUE;
            }
          if (also_input)
            out->unit_id = 0;
          else
            n_outputs++;
        }

      for (guint i = 0; i < named->len; i++)
        {
          Named *out = &g_array_index (named, Named, i);

          if (out->unit_id <= 0 || !g_str_has_prefix (out->role, "output"))
            continue;
          for (guint j = 0; j < named->len; j++)
            {
              Named *in = &g_array_index (named, Named, j);
              double quantity = in->quantity;

              if (in->unit_id <= 0 || !g_str_has_prefix (in->role, "input"))
                continue;
              if (quantity <= 0)
                {
                  g_autoptr(PdgUnit) unit = pdg_store_get_unit (im->store, in->unit_id, &local_error);

                  if (unit == NULL)
                    return refused (error, local_error, index, type);
                  quantity = unit->quantity;
                }
              if (pdg_store_record_edge (im->store, out->unit_id, in->unit_id, quantity / n_outputs,
                                         at, &local_error) <= 0)
                return refused (error, local_error, index, type);
              im->counts->n_edges++;
            }
          if (!unit_event (im, e, type, epcis_id, out, PDG_EVENT_PRODUCTION, at, location_id, 0, &local_error))
            return refused (error, local_error, index, type);
        }
      return TRUE;
    }

  /* Object, transaction, aggregation, association: each unit named gets an
   * event (for aggregation and association, the children; the parent is a
   * container or an asset, not moved stock). */
  for (guint i = 0; i < named->len; i++)
    {
      Named *n = &g_array_index (named, Named, i);

      if (n->unit_id <= 0 || g_str_equal (n->role, "parent"))
        continue;
      if (!unit_event (im, e, type, epcis_id, n, kind, at, location_id, partner_id, &local_error))
        return refused (error, local_error, index, type);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Capture                                                                   */

/**
 * pdg_epcis_import:
 * @document: a parsed EPCIS 2.0 JSON-LD document
 * @counts: (out) (optional): what was stored
 *
 * Validates @document, then stores every event in one transaction.
 * Returns FALSE with a PDG_EPCIS_ERROR naming the event and the problem,
 * and nothing stored, when any of it is invalid or refused.
 */
gboolean
pdg_epcis_import (PdgStore        *store,
                  JsonNode        *document,
                  PdgEpcisCounts  *counts,
                  GError         **error)
{
  PdgEpcisCounts local_counts = { 0 };
  g_autoptr(GHashTable) items = NULL;
  JsonArray *events;
  JsonNode *context;
  Import im = { 0 };

  g_return_val_if_fail (PDG_IS_STORE (store), FALSE);

  events = validate_document (document, error);
  if (events == NULL)
    return FALSE;

  items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  context = json_object_get_member (json_node_get_object (document), "@context");
  im.store = store;
  im.counts = &local_counts;
  im.items = items;
  im.record_ms = pdg_store_now (store) * 1000;
  /* Only a context that defines namespaces needs to travel with each event. */
  im.context = JSON_NODE_HOLDS_VALUE (context) ? NULL : context;

  if (!pdg_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (events); i++)
    if (!apply_event (&im, json_array_get_object_element (events, i), i + 1, error))
      {
        pdg_store_rollback (store);
        return FALSE;
      }
  if (!pdg_store_commit (store, error))
    return FALSE;

  if (counts != NULL)
    *counts = local_counts;
  return TRUE;
}

gboolean
pdg_epcis_import_data (PdgStore        *store,
                       const char      *data,
                       gssize           length,
                       PdgEpcisCounts  *counts,
                       GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, PDG_EPCIS_ERROR, PDG_EPCIS_ERROR_INVALID,
                   _("The document is not JSON: %s"), local_error->message);
      return FALSE;
    }
  return pdg_epcis_import (store, json_parser_get_root (parser), counts, error);
}

/* ------------------------------------------------------------------------ */
/* Query                                                                     */

static void
append_list_param (GString    *json,
                   const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ",|", -1);
  gboolean first = TRUE;

  g_string_append_c (json, '[');
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *value = g_strstrip (g_strdup (parts[i]));

      if (*value == '\0')
        continue;
      if (!first)
        g_string_append_c (json, ',');
      pdg_store_json_append_text (json, value);
      first = FALSE;
    }
  g_string_append_c (json, ']');
}

/**
 * pdg_epcis_query:
 * @more: (out) (optional): whether events beyond @query->limit match
 *
 * The stored EPCIS events that meet @query as an EPCISQueryDocument. An
 * event declared in error is answered with its errorDeclaration; the
 * declaration itself is not answered again when its event is stored.
 */
JsonNode *
pdg_epcis_query (PdgStore             *store,
                 const PdgEpcisQuery  *query,
                 gboolean             *more,
                 GError              **error)
{
  g_autoptr(GString) types = g_string_new (NULL);
  g_autoptr(GString) epcs = g_string_new (NULL);
  g_autoptr(GString) any_epcs = g_string_new (NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *created = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;
  int rc;

  g_return_val_if_fail (PDG_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (query->event_type != NULL)
    append_list_param (types, query->event_type);
  if (query->match_epc != NULL)
    append_list_param (epcs, query->match_epc);
  if (query->match_any_epc != NULL)
    append_list_param (any_epcs, query->match_any_epc);

  stmt = pdg_store_prepare_cached (store,
    "SELECT e.body, e.record_time, e.declaration,"
    "  (SELECT d.body FROM epcis_event d WHERE d.declaration = 1 AND d.event_id = e.event_id"
    "     ORDER BY d.id DESC LIMIT 1)"
    " FROM epcis_event e"
    " WHERE (e.declaration = 0 OR e.event_id IS NULL OR NOT EXISTS"
    "        (SELECT 1 FROM epcis_event o WHERE o.declaration = 0 AND o.event_id = e.event_id))"
    "   AND (?1 IS NULL OR e.type IN (SELECT value FROM json_each (?1)))"
    "   AND (?2 IS NULL OR e.event_time >= ?2)"
    "   AND (?3 IS NULL OR e.event_time < ?3)"
    "   AND (?4 IS NULL OR EXISTS (SELECT 1 FROM epcis_epc x WHERE x.epcis_event_id = e.id"
    "        AND x.role IN ('epc', 'child') AND x.epc IN (SELECT value FROM json_each (?4))))"
    "   AND (?5 IS NULL OR EXISTS (SELECT 1 FROM epcis_epc x WHERE x.epcis_event_id = e.id"
    "        AND x.role IN ('epc', 'child', 'parent', 'input', 'output')"
    "        AND x.epc IN (SELECT value FROM json_each (?5))))"
    "   AND (?6 IS NULL OR e.biz_step = ?6)"
    " ORDER BY e.event_time, e.id LIMIT ?7 OFFSET ?8", error);
  if (stmt == NULL)
    return NULL;

  if (query->event_type != NULL)
    sqlite3_bind_text (stmt, 1, types->str, -1, SQLITE_TRANSIENT);
  if (query->has_ge_time)
    sqlite3_bind_int64 (stmt, 2, query->ge_time_ms);
  if (query->has_lt_time)
    sqlite3_bind_int64 (stmt, 3, query->lt_time_ms);
  if (query->match_epc != NULL)
    sqlite3_bind_text (stmt, 4, epcs->str, -1, SQLITE_TRANSIENT);
  if (query->match_any_epc != NULL)
    sqlite3_bind_text (stmt, 5, any_epcs->str, -1, SQLITE_TRANSIENT);
  if (query->eq_biz_step != NULL)
    sqlite3_bind_text (stmt, 6, pdg_epcis_normalize_biz_step (query->eq_biz_step), -1, SQLITE_TRANSIENT);
  /* One more than asked for, to know whether there is a next page. */
  sqlite3_bind_int64 (stmt, 7, query->limit > 0 ? (gint64) query->limit + 1 : -1);
  sqlite3_bind_int64 (stmt, 8, query->offset);

  now = g_date_time_new_now_utc ();
  created = g_date_time_format_iso8601 (now);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "@context");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, EPCIS_CONTEXT);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "EPCISQueryDocument");
  json_builder_set_member_name (b, "schemaVersion");
  json_builder_add_string_value (b, "2.0");
  json_builder_set_member_name (b, "creationDate");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "epcisBody");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "queryResults");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "queryName");
  json_builder_add_string_value (b, "SimpleEventQuery");
  json_builder_set_member_name (b, "resultsBody");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "eventList");
  json_builder_begin_array (b);

  if (more != NULL)
    *more = FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) event = NULL;
      g_autoptr(GDateTime) recorded = NULL;
      JsonObject *o;

      if (query->limit > 0 && n == query->limit)
        {
          if (more != NULL)
            *more = TRUE;
          break;
        }
      event = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);
      if (event == NULL || !JSON_NODE_HOLDS_OBJECT (event))
        continue;
      o = json_node_get_object (event);
      /* recordTime is the repository's: when Pedigree captured it. */
      recorded = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 1) / 1000);
      if (recorded != NULL)
        {
          g_autofree char *text = g_date_time_format_iso8601 (recorded);

          json_object_set_string_member (o, "recordTime", text);
        }
      if (sqlite3_column_int (stmt, 2) == 0 && sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        {
          g_autoptr(JsonNode) declaration = json_from_string ((const char *) sqlite3_column_text (stmt, 3), NULL);

          if (declaration != NULL && JSON_NODE_HOLDS_OBJECT (declaration) &&
              json_object_has_member (json_node_get_object (declaration), "errorDeclaration"))
            json_object_set_member (o, "errorDeclaration",
                                    json_node_copy (json_object_get_member (json_node_get_object (declaration),
                                                                            "errorDeclaration")));
        }
      json_builder_add_value (b, g_steal_pointer (&event));
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pdg_store_set_error (store, error);
      json_builder_reset (b);
      return NULL;
    }

  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
