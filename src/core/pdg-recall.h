/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pdg-customer-impact.h"
#include "pdg-genealogy.h"
#include "pdg-lint-warning.h"
#include "pdg-mass-balance.h"
#include "pdg-order.h"
#include "pdg-recall-query.h"
#include "pdg-store.h"

G_BEGIN_DECLS

/* The impact of a recall: everything the suspect units went into, how much
 * suspect material each impacted unit holds, who received it, where the
 * suspect quantity went, and what in the data looks wrong. */
typedef struct
{
  GPtrArray    *suspects;     /* owned; PdgUnit, by id */
  PdgGenealogy *genealogy;    /* owned; forward from the suspects, with events */
  double       *contained;    /* owned; per genealogy node: suspect quantity inside it */
  char         *uom;          /* owned, nullable; the suspects' unit of measure when they share one */
  GArray       *finished;     /* owned; guint node indexes of impacted units nothing consumed */
  GPtrArray    *shipments;    /* owned; PdgEvent, shipments of impacted units, by time */
  GPtrArray    *customers;    /* owned; PdgCustomerImpact, most units first */
  GPtrArray    *open_orders;  /* owned; PdgOrder, created or started orders involved */
  GPtrArray    *balances;     /* owned; PdgMassBalance, one per suspect */
  GPtrArray    *warnings;     /* owned; PdgLintWarning */
  guint         in_stock;     /* impacted finished units still here (available or blocked) */
  char         *summary;      /* owned; plain-language summary */
} PdgRecall;

#define PDG_TYPE_RECALL (pdg_recall_get_type ())

GType      pdg_recall_get_type (void) G_GNUC_CONST;
PdgRecall *pdg_recall_run      (PdgStore              *store,
                                const PdgRecallQuery  *query,
                                GCancellable          *cancellable,
                                GError               **error);
PdgRecall *pdg_recall_new      (void);
PdgRecall *pdg_recall_ref      (PdgRecall             *recall);
void       pdg_recall_unref    (PdgRecall             *recall);

char      *pdg_recall_to_csv   (const PdgRecall       *recall);
char      *pdg_recall_to_fsma  (PdgStore              *store,
                                const PdgRecall       *recall,
                                GError               **error);
gboolean   pdg_recall_write_fsma (PdgStore            *store,
                                  const PdgRecall     *recall,
                                  GOutputStream       *stream,
                                  GCancellable        *cancellable,
                                  GError             **error);
char      *pdg_recall_to_text  (const PdgRecall       *recall);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgRecall, pdg_recall_unref)

G_END_DECLS
