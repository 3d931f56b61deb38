/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-enums.h"

G_BEGIN_DECLS

/* An EPCIS-like activity against one unit. */
typedef struct
{
  gint64        id;            /* row id; 0 before it is stored */
  gint64        unit_id;
  PdgEventKind  kind;
  gint64        at;            /* Unix time, seconds, UTC */
  double        quantity;      /* quantity moved; 0 when not relevant (inspection) */
  gint64        location_id;   /* 0 when unknown */
  char         *location;      /* owned, nullable; location name, filled on read */
  gint64        partner_id;    /* supplier (receipt) or customer (shipment); 0 if none */
  char         *partner;       /* owned, nullable; partner name, filled on read */
  gint64        order_id;      /* production order; 0 if none */
  char         *order_number;  /* owned, nullable; filled on read */
  char         *doc_type;      /* owned, nullable; e.g. "PO", "DESADV", "NCR" */
  char         *doc_ref;       /* owned, nullable; document number */
  char         *note;          /* owned, nullable; free text (inspection result ...) */
} PdgEvent;

PdgEvent *pdg_event_new  (void);
PdgEvent *pdg_event_copy (const PdgEvent *event);
void      pdg_event_free (PdgEvent *event);

/* For g_ptr_array_sort() of PdgEvent pointers: by time, then by id. */
int       pdg_event_compare_time (gconstpointer a,
                                  gconstpointer b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgEvent, pdg_event_free)

G_END_DECLS
