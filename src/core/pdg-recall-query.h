/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a recall starts from: suspect units, or everything a supplier
 * delivered in a receipt date range, or everything made of an item in a
 * production date range. Dates are "YYYY-MM-DD", both ends included. */
typedef enum
{
  PDG_RECALL_BY_UNITS = 0,
  PDG_RECALL_BY_SUPPLIER = 1,
  PDG_RECALL_BY_ITEM = 2,
} PdgRecallBy;

typedef struct
{
  PdgRecallBy  by;
  GArray      *unit_ids;   /* owned; gint64, for PDG_RECALL_BY_UNITS */
  char        *supplier;   /* owned; partner code or name, for BY_SUPPLIER */
  char        *item;       /* owned; item number, for BY_ITEM */
  char        *from;       /* owned; first day */
  char        *to;         /* owned; last day */
} PdgRecallQuery;

PdgRecallQuery *pdg_recall_query_new_units    (const gint64  *unit_ids,
                                               guint          n_units);
PdgRecallQuery *pdg_recall_query_new_supplier (const char    *supplier,
                                               const char    *from,
                                               const char    *to);
PdgRecallQuery *pdg_recall_query_new_item     (const char    *item,
                                               const char    *from,
                                               const char    *to);
void            pdg_recall_query_free         (PdgRecallQuery *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgRecallQuery, pdg_recall_query_free)

G_END_DECLS
