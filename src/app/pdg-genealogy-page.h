/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pdg-graph-view.h"
#include "pdg-layout.h"
#include "pdg-source.h"
#include "pdg-unit-view.h"

G_BEGIN_DECLS

#define PDG_TYPE_GENEALOGY_PAGE (pdg_genealogy_page_get_type ())
G_DECLARE_FINAL_TYPE (PdgGenealogyPage, pdg_genealogy_page, PDG, GENEALOGY_PAGE, GtkWidget)

PdgSource     *pdg_genealogy_page_get_source     (PdgGenealogyPage *self);
void           pdg_genealogy_page_set_source     (PdgGenealogyPage *self,
                                                  PdgSource        *source);
void           pdg_genealogy_page_trace          (PdgGenealogyPage *self,
                                                  gint64            unit_id,
                                                  PdgDirection      direction);
void           pdg_genealogy_page_reload         (PdgGenealogyPage *self);
void           pdg_genealogy_page_trace_text     (PdgGenealogyPage *self,
                                                  const char       *text);
void           pdg_genealogy_page_activate_text  (PdgGenealogyPage *self,
                                                  const char       *text);
gboolean       pdg_genealogy_page_print_to_pdf   (PdgGenealogyPage *self,
                                                  const char       *path,
                                                  GError          **error);
PdgGraphView  *pdg_genealogy_page_get_graph_view (PdgGenealogyPage *self);
PdgUnitView   *pdg_genealogy_page_get_unit_view  (PdgGenealogyPage *self);
PdgGenealogy  *pdg_genealogy_page_get_genealogy  (PdgGenealogyPage *self);
/* What the graph shown is laid out with (options->expanded is the page's
 * own set, valid until the next trace or expansion). */
void           pdg_genealogy_page_get_layout_options (PdgGenealogyPage *self,
                                                      PdgLayoutOptions *options);
/* "empty", "loading", "error" or "graph". */
const char    *pdg_genealogy_page_get_state      (PdgGenealogyPage *self);

G_END_DECLS
