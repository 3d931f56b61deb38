/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-source.c: the async interface between the UI and the data.
 *
 * The wrappers only dispatch to the implementation; results are PdgUnit
 * arrays and PdgUnitDetails values, never store or network handles. */
#include "config.h"

#include "pdg-source.h"

G_DEFINE_INTERFACE (PdgSource, pdg_source, G_TYPE_OBJECT)

static void
pdg_source_default_init (PdgSourceInterface *iface)
{
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
