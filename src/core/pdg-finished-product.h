/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-enums.h"

G_BEGIN_DECLS

/* A finished unit of a production order, as the tracked-components page
 * lists it. */
typedef struct
{
  gint64                 unit_id;
  char                  *lot;        /* owned; its serial or batch number */
  double                 quantity;   /* 1 for a serial; the batch size */
  PdgRegistrationStatus  status;     /* over its tracked component lines */
  gboolean               reported;   /* reported as finished */
  double                 good_qty;   /* when reported */
  double                 error_qty;  /* when reported (scrapped) */
} PdgFinishedProduct;

PdgFinishedProduct *pdg_finished_product_new  (void);
void                pdg_finished_product_free (PdgFinishedProduct *product);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgFinishedProduct, pdg_finished_product_free)

G_END_DECLS
