/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pdg-source.h"

G_BEGIN_DECLS

#define PDG_TYPE_RECALL_PAGE (pdg_recall_page_get_type ())
G_DECLARE_FINAL_TYPE (PdgRecallPage, pdg_recall_page, PDG, RECALL_PAGE, GtkWidget)

PdgSource *pdg_recall_page_get_source (PdgRecallPage *self);
void       pdg_recall_page_set_source (PdgRecallPage *self,
                                PdgSource *source);

G_END_DECLS
