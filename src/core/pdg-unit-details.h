/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pdg-association.h"
#include "pdg-event.h"
#include "pdg-unit.h"

G_BEGIN_DECLS

/* Everything the details view shows about one unit: the unit, its events in
 * time order, its direct components and its direct consumers. */
typedef struct
{
  PdgUnit   *unit;        /* owned */
  GPtrArray *events;      /* owned; PdgEvent, oldest first */
  GPtrArray *components;  /* owned; PdgAssociation, `other` is the component */
  GPtrArray *consumers;   /* owned; PdgAssociation, `other` is the consumer */
} PdgUnitDetails;

#define PDG_TYPE_UNIT_DETAILS (pdg_unit_details_get_type ())

GType           pdg_unit_details_get_type (void) G_GNUC_CONST;
PdgUnitDetails *pdg_unit_details_new      (void);
PdgUnitDetails *pdg_unit_details_ref      (PdgUnitDetails *details);
void            pdg_unit_details_unref    (PdgUnitDetails *details);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgUnitDetails, pdg_unit_details_unref)

G_END_DECLS
