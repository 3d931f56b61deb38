/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-customer-impact.c: the per-customer line of a recall. */
#include "config.h"

#include "pdg-customer-impact.h"

PdgCustomerImpact *
pdg_customer_impact_new (void)
{
  return g_new0 (PdgCustomerImpact, 1);
}

void
pdg_customer_impact_free (PdgCustomerImpact *impact)
{
  if (impact == NULL)
    return;

  g_free (impact->name);
  g_free (impact);
}
