/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-association.c: the as-built edge value (component into finished unit). */
#include "config.h"

#include "pdg-association.h"

PdgAssociation *
pdg_association_new (void)
{
  return g_new0 (PdgAssociation, 1);
}

void
pdg_association_free (PdgAssociation *association)
{
  if (association == NULL)
    return;

  g_free (association->order_number);
  g_free (association->created_by);
  g_clear_pointer (&association->other, pdg_unit_free);
  g_free (association);
}
