/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pdg-trace.h"
#include "pdg-unit-details.h"

G_BEGIN_DECLS

/* What the UI talks to: every query is async, so the UI thread never waits on
 * SQLite or the network. PdgLocalSource answers from a database file on a
 * worker thread; a remote source answers from pedigree-server. */

#define PDG_TYPE_SOURCE (pdg_source_get_type ())
G_DECLARE_INTERFACE (PdgSource, pdg_source, PDG, SOURCE, GObject)

struct _PdgSourceInterface
{
  GTypeInterface parent_iface;

  char           *(*dup_title)        (PdgSource            *self);

  void            (*find_units_async)  (PdgSource            *self,
                                        const char           *text,
                                        guint                 limit,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  GPtrArray      *(*find_units_finish) (PdgSource            *self,
                                        GAsyncResult         *result,
                                        GError              **error);

  void            (*load_unit_async)   (PdgSource            *self,
                                        gint64                unit_id,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  PdgUnitDetails *(*load_unit_finish)  (PdgSource            *self,
                                        GAsyncResult         *result,
                                        GError              **error);

  void            (*trace_async)       (PdgSource            *self,
                                        gint64                unit_id,
                                        PdgDirection          direction,
                                        const PdgTraceOptions *options,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  PdgGenealogy   *(*trace_finish)      (PdgSource            *self,
                                        GAsyncResult         *result,
                                        GError              **error);
};

char           *pdg_source_dup_title        (PdgSource            *self);
void            pdg_source_find_units_async (PdgSource            *self,
                                             const char           *text,
                                             guint                 limit,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray      *pdg_source_find_units_finish (PdgSource           *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void            pdg_source_load_unit_async  (PdgSource            *self,
                                             gint64                unit_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
PdgUnitDetails *pdg_source_load_unit_finish (PdgSource            *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void            pdg_source_trace_async      (PdgSource            *self,
                                             gint64                unit_id,
                                             PdgDirection          direction,
                                             const PdgTraceOptions *options,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
PdgGenealogy   *pdg_source_trace_finish     (PdgSource            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
