/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-unit.c: the unit value (one serial or batch of an item). */
#include "config.h"

#include "pdg-unit.h"

PdgUnit *
pdg_unit_new (void)
{
  return g_new0 (PdgUnit, 1);
}

PdgUnit *
pdg_unit_copy (const PdgUnit *unit)
{
  PdgUnit *copy;

  if (unit == NULL)
    return NULL;

  copy = g_memdup2 (unit, sizeof *unit);
  copy->item_number = g_strdup (unit->item_number);
  copy->item_description = g_strdup (unit->item_description);
  copy->uom = g_strdup (unit->uom);
  copy->lot = g_strdup (unit->lot);
  copy->produced_on = g_strdup (unit->produced_on);
  copy->expires_on = g_strdup (unit->expires_on);
  copy->location = g_strdup (unit->location);

  return copy;
}

void
pdg_unit_free (PdgUnit *unit)
{
  if (unit == NULL)
    return;

  g_free (unit->item_number);
  g_free (unit->item_description);
  g_free (unit->uom);
  g_free (unit->lot);
  g_free (unit->produced_on);
  g_free (unit->expires_on);
  g_free (unit->location);
  g_free (unit);
}

/* The identifier people type: ITEM/SERIAL or ITEM/BATCH. */
char *
pdg_unit_dup_key (const PdgUnit *unit)
{
  return g_strdup_printf ("%s/%s", unit->item_number, unit->lot);
}
