/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-order.c: the production order value. */
#include "config.h"

#include "pdg-order.h"

PdgOrder *
pdg_order_new (void)
{
  return g_new0 (PdgOrder, 1);
}

void
pdg_order_free (PdgOrder *order)
{
  if (order == NULL)
    return;

  g_free (order->number);
  g_free (order->item_number);
  g_free (order->item_description);
  g_free (order);
}
