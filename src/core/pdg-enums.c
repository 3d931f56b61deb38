/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-enums.c: names and labels of the model's closed vocabularies.
 *
 * Each vocabulary is a table indexed by the enum value, so the integer stored
 * in SQLite, the machine name and the translated label can never drift apart.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pdg-enums.h"

typedef struct
{
  const char *name;   /* stable machine name (JSON, CSV, CLI) */
  const char *label;  /* untranslated human label, translated on use */
} PdgEnumName;

static const PdgEnumName tracking_names[] = {
  { "none", N_("Not tracked") },
  { "batch", N_("Batch") },
  { "serial", N_("Serial") },
};

static const PdgEnumName unit_status_names[] = {
  { "available", N_("Available") },
  { "consumed", N_("Consumed") },
  { "shipped", N_("Shipped") },
  { "scrapped", N_("Scrapped") },
  { "blocked", N_("Blocked") },
  { "recalled", N_("Recalled") },
};

static const PdgEnumName origin_names[] = {
  { "purchased", N_("Purchased") },
  { "produced", N_("Produced") },
};

static const PdgEnumName event_kind_names[] = {
  { "receipt", N_("Received") },
  { "production", N_("Produced") },
  { "consumption", N_("Consumed") },
  { "transfer", N_("Transferred") },
  { "shipment", N_("Shipped") },
  { "scrap", N_("Scrapped") },
  { "inspection", N_("Inspected") },
  { "unlink", N_("Unlinked") },
  { "reversal", N_("Report reversed") },
};

static const PdgEnumName scan_mode_names[] = {
  { "product", N_("Product") },
  { "component", N_("Component") },
};

static const PdgEnumName registration_status_names[] = {
  { "not_started", N_("Not started") },
  { "in_progress", N_("In progress") },
  { "completed", N_("Completed") },
};

static const PdgEnumName order_status_names[] = {
  { "created", N_("Created") },
  { "started", N_("Started") },
  { "reported", N_("Reported as finished") },
  { "ended", N_("Ended") },
};

static const PdgEnumName partner_kind_names[] = {
  { "supplier", N_("Supplier") },
  { "customer", N_("Customer") },
};

#define LOOKUP(table, value, field) \
  (((guint) (value) < G_N_ELEMENTS (table)) ? table[(value)].field : "unknown")

static gboolean
find_name (const PdgEnumName *table,
           gsize              n,
           const char        *text,
           int               *out)
{
  if (text == NULL)
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      if (g_ascii_strcasecmp (table[i].name, text) == 0)
        {
          *out = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
pdg_tracking_to_string (PdgTracking tracking)
{
  return LOOKUP (tracking_names, tracking, name);
}

gboolean
pdg_tracking_from_string (const char  *text,
                          PdgTracking *out)
{
  int v;

  if (!find_name (tracking_names, G_N_ELEMENTS (tracking_names), text, &v))
    return FALSE;
  *out = (PdgTracking) v;
  return TRUE;
}

const char *
pdg_unit_status_to_string (PdgUnitStatus status)
{
  return LOOKUP (unit_status_names, status, name);
}

const char *
pdg_unit_status_label (PdgUnitStatus status)
{
  return _(LOOKUP (unit_status_names, status, label));
}

gboolean
pdg_unit_status_from_string (const char    *text,
                             PdgUnitStatus *out)
{
  int v;

  if (!find_name (unit_status_names, G_N_ELEMENTS (unit_status_names), text, &v))
    return FALSE;
  *out = (PdgUnitStatus) v;
  return TRUE;
}

const char *
pdg_origin_to_string (PdgOrigin origin)
{
  return LOOKUP (origin_names, origin, name);
}

gboolean
pdg_origin_from_string (const char *text,
                        PdgOrigin  *out)
{
  int v;

  if (!find_name (origin_names, G_N_ELEMENTS (origin_names), text, &v))
    return FALSE;
  *out = (PdgOrigin) v;
  return TRUE;
}

const char *
pdg_event_kind_to_string (PdgEventKind kind)
{
  return LOOKUP (event_kind_names, kind, name);
}

const char *
pdg_event_kind_label (PdgEventKind kind)
{
  return _(LOOKUP (event_kind_names, kind, label));
}

gboolean
pdg_event_kind_from_string (const char   *text,
                            PdgEventKind *out)
{
  int v;

  if (!find_name (event_kind_names, G_N_ELEMENTS (event_kind_names), text, &v))
    return FALSE;
  *out = (PdgEventKind) v;
  return TRUE;
}

const char *
pdg_order_status_to_string (PdgOrderStatus status)
{
  return LOOKUP (order_status_names, status, name);
}

const char *
pdg_order_status_label (PdgOrderStatus status)
{
  return _(LOOKUP (order_status_names, status, label));
}

const char *
pdg_partner_kind_to_string (PdgPartnerKind kind)
{
  return LOOKUP (partner_kind_names, kind, name);
}

const char *
pdg_scan_mode_to_string (PdgScanMode mode)
{
  return LOOKUP (scan_mode_names, mode, name);
}

const char *
pdg_scan_mode_label (PdgScanMode mode)
{
  return _(LOOKUP (scan_mode_names, mode, label));
}

const char *
pdg_registration_status_to_string (PdgRegistrationStatus status)
{
  return LOOKUP (registration_status_names, status, name);
}

const char *
pdg_registration_status_label (PdgRegistrationStatus status)
{
  return _(LOOKUP (registration_status_names, status, label));
}
