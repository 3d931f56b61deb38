/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pdg-enums.h"

G_BEGIN_DECLS

#define PDG_TYPE_STATUS_PILL (pdg_status_pill_get_type ())
G_DECLARE_FINAL_TYPE (PdgStatusPill, pdg_status_pill, PDG, STATUS_PILL, GtkWidget)

GtkWidget     *pdg_status_pill_new        (PdgUnitStatus  status);
PdgUnitStatus  pdg_status_pill_get_status (PdgStatusPill *self);
void           pdg_status_pill_set_status (PdgStatusPill *self,
                                           PdgUnitStatus  status);

G_END_DECLS
