/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-enums.h"

G_BEGIN_DECLS

/* An item: what a unit is an instance of (a part number). */
typedef struct
{
  gint64       id;               /* row id; 0 before it is stored */
  char        *number;           /* owned; unique item number, e.g. "BAT-48V-14" */
  char        *description;      /* owned; e.g. "Battery pack 48 V 14 Ah" */
  PdgTracking  tracking;         /* none, batch or serial */
  char        *uom;              /* owned; unit of measure, e.g. "pcs", "kg" */
  char        *gtin;             /* owned, nullable; 14-digit GTIN */
  int          shelf_life_days;  /* 0 when the item does not expire */
} PdgItem;

PdgItem *pdg_item_new  (void);
void     pdg_item_free (PdgItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgItem, pdg_item_free)

G_END_DECLS
