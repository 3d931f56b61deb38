/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One line of a picking-list journal (Adjust consumption): take quantity of
 * the component unit (item, serial/batch) from a location into a finished
 * unit. Posting the journal registers every line. */
typedef struct
{
  gint64  id;
  gint64  parent_id;         /* the finished unit */
  char   *parent_lot;        /* owned */
  gint64  child_id;          /* the component unit */
  char   *item_number;       /* owned */
  char   *lot;               /* owned; the component's serial or batch */
  double  quantity;
  char   *uom;               /* owned */
  char   *location;          /* owned, nullable; where to pick it from */
  gint64  bom_line_id;
} PdgPickLine;

PdgPickLine *pdg_pick_line_new  (void);
void         pdg_pick_line_free (PdgPickLine *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgPickLine, pdg_pick_line_free)

G_END_DECLS
