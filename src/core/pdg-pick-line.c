/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-pick-line.c: the picking-list journal line value. */
#include "config.h"

#include "pdg-pick-line.h"

PdgPickLine *
pdg_pick_line_new (void)
{
  return g_new0 (PdgPickLine, 1);
}

void
pdg_pick_line_free (PdgPickLine *line)
{
  if (line == NULL)
    return;

  g_free (line->parent_lot);
  g_free (line->item_number);
  g_free (line->lot);
  g_free (line->uom);
  g_free (line->location);
  g_free (line);
}
