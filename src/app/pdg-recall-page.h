/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pdg-source.h"

G_BEGIN_DECLS

/* What the Recall page writes (Export menu, and tests). */
typedef enum
{
  PDG_RECALL_PAGE_EXPORT_CSV = 0,   /* the impacted units, one row each */
  PDG_RECALL_PAGE_EXPORT_FSMA = 1,  /* the FSMA-204-style sheet */
  PDG_RECALL_PAGE_EXPORT_PDF = 2,   /* the recall report: summary, mass balance, customers, graph */
} PdgRecallPageExport;

#define PDG_TYPE_RECALL_PAGE (pdg_recall_page_get_type ())
G_DECLARE_FINAL_TYPE (PdgRecallPage, pdg_recall_page, PDG, RECALL_PAGE, GtkWidget)

PdgSource  *pdg_recall_page_get_source    (PdgRecallPage        *self);
void        pdg_recall_page_set_source    (PdgRecallPage        *self,
                                           PdgSource            *source);
void        pdg_recall_page_add_suspect   (PdgRecallPage        *self,
                                           gint64                unit_id);
void        pdg_recall_page_run           (PdgRecallPage        *self);
guint       pdg_recall_page_get_n_suspects (PdgRecallPage       *self);
PdgRecall  *pdg_recall_page_get_recall    (PdgRecallPage        *self);
const char *pdg_recall_page_get_state     (PdgRecallPage        *self);

void        pdg_recall_page_export_async  (PdgRecallPage        *self,
                                           PdgRecallPageExport   format,
                                           GFile                *file,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean    pdg_recall_page_export_finish (PdgRecallPage        *self,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
