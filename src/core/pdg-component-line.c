/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-component-line.c: the component-line row value. */
#include "config.h"

#include "pdg-component-line.h"

PdgComponentLine *
pdg_component_line_new (void)
{
  return g_new0 (PdgComponentLine, 1);
}

void
pdg_component_line_free (PdgComponentLine *line)
{
  if (line == NULL)
    return;

  g_free (line->item_number);
  g_free (line->item_description);
  g_free (line->uom);
  g_free (line);
}
