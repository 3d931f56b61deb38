/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pdg-source.h"

G_BEGIN_DECLS

#define PDG_TYPE_UNIT_VIEW (pdg_unit_view_get_type ())
G_DECLARE_FINAL_TYPE (PdgUnitView, pdg_unit_view, PDG, UNIT_VIEW, AdwBin)

PdgSource      *pdg_unit_view_get_source      (PdgUnitView *self);
void            pdg_unit_view_set_source      (PdgUnitView *self,
                                               PdgSource   *source);
void            pdg_unit_view_show_unit       (PdgUnitView *self,
                                               gint64       unit_id);
void            pdg_unit_view_clear           (PdgUnitView *self);
void            pdg_unit_view_reload          (PdgUnitView *self);
PdgUnitDetails *pdg_unit_view_get_details     (PdgUnitView *self);
gboolean        pdg_unit_view_get_can_go_back (PdgUnitView *self);
void            pdg_unit_view_go_back         (PdgUnitView *self);

G_END_DECLS
