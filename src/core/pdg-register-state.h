/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pdg-order.h"

G_BEGIN_DECLS

/* What the tracked-components page shows for one production order, read in
 * one go after every action: the order, the scan mode and selections, the
 * finished units with their statuses, the selected unit's component lines
 * and registered components, the open picking-list journal and what Undo
 * would do. A plain value, reference counted so the UI can keep it while a
 * new one is read. */
typedef struct
{
  PdgOrder    *order;         /* owned */
  PdgTracking  tracking;      /* of the order's item: serial finished units report 1 good or 1 error */
  PdgScanMode  mode;
  gint64       product_id;    /* the selected finished unit; 0 when none */
  gint64       line_id;       /* the selected BOM line; 0 when none */
  GPtrArray   *products;      /* owned; PdgFinishedProduct, in registration order */
  GPtrArray   *lines;         /* owned; PdgComponentLine of the selected product (empty without one) */
  GPtrArray   *components;    /* owned; PdgAssociation registered into the selected product (other = the component) */
  gint64       journal_id;    /* the order's open picking-list journal; 0 when none */
  GPtrArray   *journal;       /* owned; PdgPickLine of it (empty without one) */
  char        *undo_label;    /* owned, nullable; what Undo would undo */
  char        *message;       /* owned, nullable; what the action just did */
} PdgRegisterState;

#define PDG_TYPE_REGISTER_STATE (pdg_register_state_get_type ())

GType             pdg_register_state_get_type (void) G_GNUC_CONST;
PdgRegisterState *pdg_register_state_new      (void);
PdgRegisterState *pdg_register_state_ref      (PdgRegisterState *state);
void              pdg_register_state_unref    (PdgRegisterState *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgRegisterState, pdg_register_state_unref)

G_END_DECLS
