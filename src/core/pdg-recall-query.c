/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-recall-query.c: what a recall starts from. */
#include "config.h"

#include "pdg-recall-query.h"

PdgRecallQuery *
pdg_recall_query_new_units (const gint64 *unit_ids,
                            guint         n_units)
{
  PdgRecallQuery *q = g_new0 (PdgRecallQuery, 1);

  q->by = PDG_RECALL_BY_UNITS;
  q->unit_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (q->unit_ids, unit_ids, n_units);
  return q;
}

PdgRecallQuery *
pdg_recall_query_new_supplier (const char *supplier,
                               const char *from,
                               const char *to)
{
  PdgRecallQuery *q = g_new0 (PdgRecallQuery, 1);

  q->by = PDG_RECALL_BY_SUPPLIER;
  q->supplier = g_strdup (supplier);
  q->from = g_strdup (from);
  q->to = g_strdup (to);
  return q;
}

PdgRecallQuery *
pdg_recall_query_new_item (const char *item,
                           const char *from,
                           const char *to)
{
  PdgRecallQuery *q = g_new0 (PdgRecallQuery, 1);

  q->by = PDG_RECALL_BY_ITEM;
  q->item = g_strdup (item);
  q->from = g_strdup (from);
  q->to = g_strdup (to);
  return q;
}

void
pdg_recall_query_free (PdgRecallQuery *q)
{
  if (q == NULL)
    return;

  g_clear_pointer (&q->unit_ids, g_array_unref);
  g_free (q->supplier);
  g_free (q->item);
  g_free (q->from);
  g_free (q->to);
  g_free (q);
}
