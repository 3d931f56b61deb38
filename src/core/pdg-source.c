/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-source.c: the async interface between the UI and the data.
 *
 * The wrappers only dispatch to the implementation; results are PdgUnit
 * arrays and PdgUnitDetails values, never store or network handles. */
#include "config.h"

#include "pdg-source.h"

G_DEFINE_INTERFACE (PdgSource, pdg_source, G_TYPE_OBJECT)
G_DEFINE_QUARK (pdg-source-error-quark, pdg_source_error)

/**
 * pdg_source_task_finish:
 *
 * For implementations: the pointer a GTask of @self returned, or NULL with
 * @error. The default of every *_finish that gives a value; both sources
 * run their methods as GTasks.
 */
gpointer
pdg_source_task_finish (PdgSource     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pdg_source_default_init (PdgSourceInterface *iface)
{
  iface->find_units_finish = (gpointer) pdg_source_task_finish;
  iface->load_unit_finish = (gpointer) pdg_source_task_finish;
  iface->trace_finish = (gpointer) pdg_source_task_finish;
  iface->recall_finish = (gpointer) pdg_source_task_finish;
  iface->list_orders_finish = (gpointer) pdg_source_task_finish;
  iface->register_finish = (gpointer) pdg_source_task_finish;

  /**
   * PdgSource::changed:
   *
   * Emitted on the main context after a write through this source (a
   * registration action, blocked units) succeeded, so that every page
   * showing units can read them again.
   */
  g_signal_new ("changed", PDG_TYPE_SOURCE, G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 0);
}

char *
pdg_source_dup_title (PdgSource *self)
{
  g_return_val_if_fail (PDG_IS_SOURCE (self), NULL);

  return PDG_SOURCE_GET_IFACE (self)->dup_title (self);
}

/**
 * pdg_source_find_units_async:
 * @text: a serial or batch number (or its beginning), ITEM/LOT or a unit id
 * @limit: the most units to return
 *
 * Finds units for the search entry. The result is a GPtrArray of PdgUnit.
 */
void
pdg_source_find_units_async (PdgSource           *self,
                             const char          *text,
                             guint                limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PDG_IS_SOURCE (self));
  g_return_if_fail (text != NULL);

  PDG_SOURCE_GET_IFACE (self)->find_units_async (self, text, limit, cancellable, callback, user_data);
}

GPtrArray *
pdg_source_find_units_finish (PdgSource     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (PDG_IS_SOURCE (self), NULL);

  return PDG_SOURCE_GET_IFACE (self)->find_units_finish (self, result, error);
}

/**
 * pdg_source_load_unit_async:
 * @unit_id: the unit's id
 *
 * Loads a unit with its events, direct components and direct consumers.
 */
void
pdg_source_load_unit_async (PdgSource           *self,
                            gint64               unit_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (PDG_IS_SOURCE (self));

  PDG_SOURCE_GET_IFACE (self)->load_unit_async (self, unit_id, cancellable, callback, user_data);
}

PdgUnitDetails *
pdg_source_load_unit_finish (PdgSource     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (PDG_IS_SOURCE (self), NULL);

  return PDG_SOURCE_GET_IFACE (self)->load_unit_finish (self, result, error);
}

/**
 * pdg_source_trace_async:
 * @options: (nullable): depth and node caps, events
 *
 * Traces a unit backward (as built) or forward (where used).
 */
void
pdg_source_trace_async (PdgSource             *self,
                        gint64                 unit_id,
                        PdgDirection           direction,
                        const PdgTraceOptions *options,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  g_return_if_fail (PDG_IS_SOURCE (self));

  PDG_SOURCE_GET_IFACE (self)->trace_async (self, unit_id, direction, options, cancellable, callback, user_data);
}

/**
 * pdg_source_trace_finish:
 *
 * Returns: (transfer full): the genealogy, or NULL with @error set.
 */
PdgGenealogy *
pdg_source_trace_finish (PdgSource     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (PDG_IS_SOURCE (self), NULL);

  return PDG_SOURCE_GET_IFACE (self)->trace_finish (self, result, error);
}

/**
 * pdg_source_recall_async:
 * @query: suspect units, or a supplier or item with a date range
 *
 * Runs a recall (impact, mass balance, summary, lint). Cancellable.
 */
void
pdg_source_recall_async (PdgSource            *self,
                         const PdgRecallQuery *query,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_return_if_fail (PDG_IS_SOURCE (self));
  g_return_if_fail (query != NULL);

  PDG_SOURCE_GET_IFACE (self)->recall_async (self, query, cancellable, callback, user_data);
}

PdgRecall *
pdg_source_recall_finish (PdgSource     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (PDG_IS_SOURCE (self), NULL);

  return PDG_SOURCE_GET_IFACE (self)->recall_finish (self, result, error);
}

/**
 * pdg_source_export_recall_async:
 * @recall: a recall this source ran
 * @file: where to write (replaced)
 *
 * Writes the impacted-units CSV or the FSMA-style sheet of @recall.
 */
void
pdg_source_export_recall_async (PdgSource           *self,
                                PdgRecall           *recall,
                                PdgRecallExport      format,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (PDG_IS_SOURCE (self));
  g_return_if_fail (recall != NULL);
  g_return_if_fail (G_IS_FILE (file));

  PDG_SOURCE_GET_IFACE (self)->export_recall_async (self, recall, format, file, cancellable, callback, user_data);
}

gboolean
pdg_source_export_recall_finish (PdgSource     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (PDG_IS_SOURCE (self), FALSE);

  return PDG_SOURCE_GET_IFACE (self)->export_recall_finish (self, result, error);
}

/**
 * pdg_source_block_units_async:
 *
 * Blocks the available units among @unit_ids (audited, all or nothing).
 * The result is how many were blocked.
 */
void
pdg_source_block_units_async (PdgSource           *self,
                              const gint64        *unit_ids,
                              guint                n_units,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PDG_IS_SOURCE (self));
  g_return_if_fail (unit_ids != NULL || n_units == 0);

  PDG_SOURCE_GET_IFACE (self)->block_units_async (self, unit_ids, n_units, cancellable, callback, user_data);
}

gssize
pdg_source_block_units_finish (PdgSource     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (PDG_IS_SOURCE (self), -1);

  return PDG_SOURCE_GET_IFACE (self)->block_units_finish (self, result, error);
}

/**
 * pdg_source_list_orders_async:
 * @status: a PdgOrderStatus, -1 for open orders or -2 for all
 * @text: (nullable): part of the order or item number
 *
 * Lists production orders, newest first (GPtrArray of PdgOrder).
 */
void
pdg_source_list_orders_async (PdgSource           *self,
                              int                  status,
                              const char          *text,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PDG_IS_SOURCE (self));

  PDG_SOURCE_GET_IFACE (self)->list_orders_async (self, status, text, limit, cancellable, callback, user_data);
}

GPtrArray *
pdg_source_list_orders_finish (PdgSource     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (PDG_IS_SOURCE (self), NULL);

  return PDG_SOURCE_GET_IFACE (self)->list_orders_finish (self, result, error);
}

/**
 * pdg_source_register_async:
 * @order_id: a production order
 * @action: what to do (PDG_REGISTER_ACTION_REFRESH to just read)
 *
 * Applies a tracked-components action to the order's registration session
 * and reads the new PdgRegisterState (its message says what was done). On
 * error nothing changed.
 */
void
pdg_source_register_async (PdgSource               *self,
                           gint64                   order_id,
                           const PdgRegisterAction *action,
                           GCancellable            *cancellable,
                           GAsyncReadyCallback      callback,
                           gpointer                 user_data)
{
  g_return_if_fail (PDG_IS_SOURCE (self));
  g_return_if_fail (action != NULL);

  PDG_SOURCE_GET_IFACE (self)->register_async (self, order_id, action, cancellable, callback, user_data);
}

PdgRegisterState *
pdg_source_register_finish (PdgSource     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PDG_IS_SOURCE (self), NULL);

  return PDG_SOURCE_GET_IFACE (self)->register_finish (self, result, error);
}
