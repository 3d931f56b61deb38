/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-enums.h"

G_BEGIN_DECLS

/* One BOM line of a production order seen from one finished unit: how much
 * of the component the unit needs (started), how much is registered
 * (consumption) and what is left (remaining). */
typedef struct
{
  gint64                 bom_line_id;
  int                    line_no;
  gint64                 item_id;
  char                  *item_number;       /* owned */
  char                  *item_description;  /* owned */
  char                  *uom;               /* owned */
  PdgTracking            tracking;
  gboolean               tracked;           /* its serial/batch must be registered */
  double                 started;           /* qty_per × the unit's quantity */
  double                 consumption;       /* registered so far */
  double                 remaining;         /* started - consumption, never below 0 */
  PdgRegistrationStatus  status;
} PdgComponentLine;

PdgComponentLine *pdg_component_line_new  (void);
void              pdg_component_line_free (PdgComponentLine *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgComponentLine, pdg_component_line_free)

G_END_DECLS
