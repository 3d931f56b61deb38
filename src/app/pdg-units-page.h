/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pdg-source.h"
#include "pdg-unit-view.h"

G_BEGIN_DECLS

#define PDG_TYPE_UNITS_PAGE (pdg_units_page_get_type ())
G_DECLARE_FINAL_TYPE (PdgUnitsPage, pdg_units_page, PDG, UNITS_PAGE, AdwBin)

PdgSource   *pdg_units_page_get_source    (PdgUnitsPage *self);
void         pdg_units_page_set_source    (PdgUnitsPage *self,
                                           PdgSource    *source);
void         pdg_units_page_search        (PdgUnitsPage *self,
                                           const char   *text);
gboolean     pdg_units_page_focus_results (PdgUnitsPage *self);
PdgUnitView *pdg_units_page_get_unit_view (PdgUnitsPage *self);

G_END_DECLS
