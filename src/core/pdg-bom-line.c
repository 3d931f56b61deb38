/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-bom-line.c: the BOM line value. */
#include "config.h"

#include "pdg-bom-line.h"

PdgBomLine *
pdg_bom_line_new (void)
{
  return g_new0 (PdgBomLine, 1);
}

void
pdg_bom_line_free (PdgBomLine *line)
{
  if (line == NULL)
    return;

  g_free (line->item_number);
  g_free (line->item_description);
  g_free (line);
}
