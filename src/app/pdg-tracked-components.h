/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pdg-source.h"

G_BEGIN_DECLS

#define PDG_TYPE_TRACKED_COMPONENTS (pdg_tracked_components_get_type ())
G_DECLARE_FINAL_TYPE (PdgTrackedComponents, pdg_tracked_components, PDG, TRACKED_COMPONENTS, GtkWidget)

void              pdg_tracked_components_set_source (PdgTrackedComponents    *self,
                                                     PdgSource               *source);
void              pdg_tracked_components_open       (PdgTrackedComponents    *self,
                                                     gint64                   order_id);
void              pdg_tracked_components_show_order (PdgTrackedComponents    *self,
                                                     const PdgOrder          *order);
gint64            pdg_tracked_components_get_order_id (PdgTrackedComponents  *self);
PdgRegisterState *pdg_tracked_components_get_state  (PdgTrackedComponents    *self);
gboolean          pdg_tracked_components_get_busy   (PdgTrackedComponents    *self);
void              pdg_tracked_components_queue      (PdgTrackedComponents    *self,
                                                     const PdgRegisterAction *action);
void              pdg_tracked_components_undo       (PdgTrackedComponents    *self);
void              pdg_tracked_components_focus_scan (PdgTrackedComponents    *self);

G_END_DECLS
