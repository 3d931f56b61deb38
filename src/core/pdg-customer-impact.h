/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One customer who received impacted units. */
typedef struct
{
  gint64   partner_id;
  char    *name;        /* owned */
  guint    units;       /* impacted units shipped to this customer */
  double   contained;   /* suspect quantity inside what was shipped */
  gint64   first_at;    /* first shipment, Unix time */
  gint64   last_at;     /* last shipment, Unix time */
} PdgCustomerImpact;

PdgCustomerImpact *pdg_customer_impact_new  (void);
void               pdg_customer_impact_free (PdgCustomerImpact *impact);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgCustomerImpact, pdg_customer_impact_free)

G_END_DECLS
