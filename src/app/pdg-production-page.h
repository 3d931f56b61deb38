/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pdg-source.h"

G_BEGIN_DECLS

#define PDG_TYPE_PRODUCTION_PAGE (pdg_production_page_get_type ())
G_DECLARE_FINAL_TYPE (PdgProductionPage, pdg_production_page, PDG, PRODUCTION_PAGE, GtkWidget)

PdgSource        *pdg_production_page_get_source (PdgProductionPage *self);
void              pdg_production_page_set_source (PdgProductionPage *self,
                                                  PdgSource         *source);
void              pdg_production_page_open_order (PdgProductionPage *self,
                                                  gint64             order_id);
PdgRegisterState *pdg_production_page_get_state  (PdgProductionPage *self);
guint             pdg_production_page_get_n_orders (PdgProductionPage *self);
const PdgOrder   *pdg_production_page_get_order  (PdgProductionPage *self,
                                                  guint              position);

G_END_DECLS
