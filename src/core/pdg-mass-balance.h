/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where one suspect lot's quantity went (a BRC-style traceability test).
 * All quantities are in the lot's unit of measure. */
typedef struct
{
  gint64   unit_id;
  char    *key;               /* owned; ITEM/LOT */
  char    *description;       /* owned; item description */
  char    *uom;               /* owned */
  double   received;          /* received or produced quantity */
  double   consumed;          /* registered into other units, or consumed by event */
  double   scrapped;
  double   shipped;           /* shipped as it is */
  double   on_hand;
  double   shipped_in_goods;  /* of the consumed part: inside units since shipped */
  double   unaccounted;       /* received - consumed - scrapped - shipped - on_hand */
} PdgMassBalance;

PdgMassBalance *pdg_mass_balance_new           (void);
void            pdg_mass_balance_free          (PdgMassBalance *balance);
gboolean        pdg_mass_balance_is_unaccounted (const PdgMassBalance *balance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgMassBalance, pdg_mass_balance_free)

G_END_DECLS
