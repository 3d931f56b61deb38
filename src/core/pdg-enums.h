/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The closed vocabularies of the data model. Each is stored in SQLite as its
 * integer value; the *_to_string() names are the stable machine names used in
 * JSON, CSV and on the command line, the *_label() strings are for people. */

typedef enum
{
  PDG_TRACKING_NONE = 0,
  PDG_TRACKING_BATCH = 1,
  PDG_TRACKING_SERIAL = 2,
} PdgTracking;

typedef enum
{
  PDG_UNIT_STATUS_AVAILABLE = 0,
  PDG_UNIT_STATUS_CONSUMED = 1,
  PDG_UNIT_STATUS_SHIPPED = 2,
  PDG_UNIT_STATUS_SCRAPPED = 3,
  PDG_UNIT_STATUS_BLOCKED = 4,
  PDG_UNIT_STATUS_RECALLED = 5,
} PdgUnitStatus;

typedef enum
{
  PDG_ORIGIN_PURCHASED = 0,
  PDG_ORIGIN_PRODUCED = 1,
} PdgOrigin;

typedef enum
{
  PDG_EVENT_RECEIPT = 0,
  PDG_EVENT_PRODUCTION = 1,
  PDG_EVENT_CONSUMPTION = 2,
  PDG_EVENT_TRANSFER = 3,
  PDG_EVENT_SHIPMENT = 4,
  PDG_EVENT_SCRAP = 5,
  PDG_EVENT_INSPECTION = 6,
  PDG_EVENT_UNLINK = 7,      /* a component taken out of a unit (repair, disassembly) */
  PDG_EVENT_REVERSAL = 8,    /* a report as finished taken back */
} PdgEventKind;

typedef enum
{
  PDG_ORDER_CREATED = 0,
  PDG_ORDER_STARTED = 1,
  PDG_ORDER_REPORTED = 2,
  PDG_ORDER_ENDED = 3,
} PdgOrderStatus;

/* Scan mode of a tracked-components registration session. */
typedef enum
{
  PDG_SCAN_MODE_PRODUCT = 0,    /* a scan selects or creates the finished unit */
  PDG_SCAN_MODE_COMPONENT = 1,  /* a scan registers a component into it */
} PdgScanMode;

/* Registration status of a finished unit or of one of its component lines. */
typedef enum
{
  PDG_REGISTRATION_NOT_STARTED = 0,  /* nothing associated */
  PDG_REGISTRATION_IN_PROGRESS = 1,  /* part of the started quantity associated */
  PDG_REGISTRATION_COMPLETED = 2,    /* no remaining quantity */
} PdgRegistrationStatus;

typedef enum
{
  PDG_PARTNER_SUPPLIER = 0,
  PDG_PARTNER_CUSTOMER = 1,
} PdgPartnerKind;

const char *pdg_tracking_to_string      (PdgTracking    tracking);
gboolean    pdg_tracking_from_string    (const char    *text,
                                         PdgTracking   *out);
const char *pdg_unit_status_to_string   (PdgUnitStatus  status);
const char *pdg_unit_status_label       (PdgUnitStatus  status);
gboolean    pdg_unit_status_from_string (const char    *text,
                                         PdgUnitStatus *out);
const char *pdg_origin_to_string        (PdgOrigin      origin);
gboolean    pdg_origin_from_string      (const char    *text,
                                         PdgOrigin     *out);
const char *pdg_event_kind_to_string    (PdgEventKind   kind);
const char *pdg_event_kind_label        (PdgEventKind   kind);
gboolean    pdg_event_kind_from_string  (const char    *text,
                                         PdgEventKind  *out);
const char *pdg_order_status_to_string  (PdgOrderStatus status);
const char *pdg_order_status_label      (PdgOrderStatus status);
const char *pdg_partner_kind_to_string  (PdgPartnerKind kind);
const char *pdg_scan_mode_to_string     (PdgScanMode    mode);
const char *pdg_scan_mode_label         (PdgScanMode    mode);
const char *pdg_registration_status_to_string (PdgRegistrationStatus status);
const char *pdg_registration_status_label     (PdgRegistrationStatus status);

G_END_DECLS
