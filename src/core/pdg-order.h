/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-enums.h"

G_BEGIN_DECLS

/* A production order: make planned_qty of item_id. Its BOM lines are
 * PdgBomLine values read separately. */
typedef struct
{
  gint64          id;                /* row id; 0 before it is stored */
  char           *number;            /* owned; unique, e.g. "PO-2025-000123" */
  gint64          item_id;           /* the finished item */
  char           *item_number;       /* owned; filled on read */
  char           *item_description;  /* owned; filled on read */
  double          planned_qty;
  double          started_qty;
  double          good_qty;          /* reported as finished, good */
  double          error_qty;         /* reported as finished, scrapped */
  PdgOrderStatus  status;
  gint64          location_id;       /* production site; 0 when unknown */
  gint64          started_at;        /* Unix time; 0 when not started */
  gint64          ended_at;          /* Unix time; 0 when not ended */
  double          registered_qty;    /* its finished units' quantity so far; filled on read */
  double          completed_qty;     /* of that, with every tracked component registered (or
                                      * reported); filled by pdg_source_list_orders() */
} PdgOrder;

PdgOrder *pdg_order_new  (void);
void      pdg_order_free (PdgOrder *order);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgOrder, pdg_order_free)

G_END_DECLS
