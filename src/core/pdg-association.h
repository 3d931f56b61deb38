/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-unit.h"

G_BEGIN_DECLS

/* An as-built edge: the finished (parent) unit contains quantity of the
 * component (child) unit. When read for one unit, `other` is the unit at the
 * far end of the edge (the component when listing components, the consumer
 * when listing consumers). */
typedef struct
{
  gint64   id;            /* row id; 0 before it is stored */
  gint64   parent_id;     /* the finished or semi-finished unit */
  gint64   child_id;      /* the component unit */
  double   quantity;      /* how much of the component went in (> 0) */
  gint64   order_id;      /* production order; 0 if none */
  char    *order_number;  /* owned, nullable; filled on read */
  char    *created_by;    /* owned; who registered it */
  gint64   created_at;    /* Unix time, seconds, UTC */
  PdgUnit *other;         /* owned, nullable; the unit at the far end */
} PdgAssociation;

PdgAssociation *pdg_association_new  (void);
void            pdg_association_free (PdgAssociation *association);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgAssociation, pdg_association_free)

G_END_DECLS
