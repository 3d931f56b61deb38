/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-item.c: the item value (a part number and how it is tracked). */
#include "config.h"

#include "pdg-item.h"

PdgItem *
pdg_item_new (void)
{
  return g_new0 (PdgItem, 1);
}

void
pdg_item_free (PdgItem *item)
{
  if (item == NULL)
    return;

  g_free (item->number);
  g_free (item->description);
  g_free (item->uom);
  g_free (item->gtin);
  g_free (item);
}
