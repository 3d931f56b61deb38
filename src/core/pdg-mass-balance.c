/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-mass-balance.c: the mass balance value of one suspect lot. */
#include "config.h"

#include <math.h>

#include "pdg-mass-balance.h"

PdgMassBalance *
pdg_mass_balance_new (void)
{
  return g_new0 (PdgMassBalance, 1);
}

void
pdg_mass_balance_free (PdgMassBalance *balance)
{
  if (balance == NULL)
    return;

  g_free (balance->key);
  g_free (balance->description);
  g_free (balance->uom);
  g_free (balance);
}

/* Whether the difference is more than rounding: 1e-6 of what was received. */
gboolean
pdg_mass_balance_is_unaccounted (const PdgMassBalance *balance)
{
  return fabs (balance->unaccounted) > MAX (1e-9, balance->received * 1e-6);
}
