/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pdg-unit.h"

G_BEGIN_DECLS

#define PDG_TYPE_UNIT_ROW (pdg_unit_row_get_type ())
G_DECLARE_FINAL_TYPE (PdgUnitRow, pdg_unit_row, PDG, UNIT_ROW, GtkListBoxRow)

GtkWidget     *pdg_unit_row_new      (const PdgUnit *unit);
const PdgUnit *pdg_unit_row_get_unit (PdgUnitRow    *self);

G_END_DECLS
