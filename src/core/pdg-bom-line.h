/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-enums.h"

G_BEGIN_DECLS

/* One line of a production order's bill of materials. */
typedef struct
{
  gint64    id;                /* row id; 0 before it is stored */
  gint64    order_id;
  int       line_no;           /* 10, 20, 30 ... as ERPs number them */
  gint64    item_id;           /* the component item */
  char     *item_number;       /* owned; filled on read */
  char     *item_description;  /* owned; filled on read */
  double    qty_per;           /* component quantity per finished unit (> 0) */
  gboolean  tracked;           /* component serial/batch must be registered */
} PdgBomLine;

PdgBomLine *pdg_bom_line_new  (void);
void        pdg_bom_line_free (PdgBomLine *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgBomLine, pdg_bom_line_free)

G_END_DECLS
