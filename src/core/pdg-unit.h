/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-enums.h"

G_BEGIN_DECLS

/* A unit: one tracked identity, an item plus a serial or batch number.
 * The item's number, description, unit of measure and tracking are copied in
 * when the unit is read, so a unit can be shown without a second lookup. */
typedef struct
{
  gint64         id;                /* row id; 0 before it is stored */
  gint64         item_id;
  char          *item_number;       /* owned; copied from the item */
  char          *item_description;  /* owned; copied from the item */
  char          *uom;               /* owned; copied from the item */
  PdgTracking    tracking;          /* copied from the item */
  char          *lot;               /* owned; the serial or batch number */
  double         quantity;          /* received or produced quantity (1 for a serial) */
  double         on_hand;           /* what is left: not consumed, shipped or scrapped */
  PdgUnitStatus  status;
  PdgOrigin      origin;
  char          *produced_on;       /* owned, nullable; ISO date YYYY-MM-DD */
  char          *expires_on;        /* owned, nullable; ISO date YYYY-MM-DD */
  gint64         order_id;          /* producing order; 0 for purchased units */
  gint64         location_id;       /* where it is now; 0 when unknown */
  char          *location;          /* owned, nullable; location name */
} PdgUnit;

PdgUnit *pdg_unit_new     (void);
PdgUnit *pdg_unit_copy    (const PdgUnit *unit);
void     pdg_unit_free    (PdgUnit       *unit);
char    *pdg_unit_dup_key (const PdgUnit *unit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgUnit, pdg_unit_free)

G_END_DECLS
