/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-finished-product.c: the finished-product row value. */
#include "config.h"

#include "pdg-finished-product.h"

PdgFinishedProduct *
pdg_finished_product_new (void)
{
  return g_new0 (PdgFinishedProduct, 1);
}

void
pdg_finished_product_free (PdgFinishedProduct *product)
{
  if (product == NULL)
    return;

  g_free (product->lot);
  g_free (product);
}
