/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pdg-source.h"

G_BEGIN_DECLS

#define PDG_TYPE_PRODUCTION_PAGE (pdg_production_page_get_type ())
G_DECLARE_FINAL_TYPE (PdgProductionPage, pdg_production_page, PDG, PRODUCTION_PAGE, GtkWidget)

PdgSource *pdg_production_page_get_source (PdgProductionPage *self);
void       pdg_production_page_set_source (PdgProductionPage *self,
                                PdgSource *source);

G_END_DECLS
