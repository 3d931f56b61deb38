/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pdg-recall.h"
#include "pdg-register-action.h"
#include "pdg-register-state.h"
#include "pdg-trace.h"
#include "pdg-unit-details.h"

G_BEGIN_DECLS

/* The files a recall exports to. */
typedef enum
{
  PDG_RECALL_EXPORT_CSV = 0,   /* impacted units, one row each */
  PDG_RECALL_EXPORT_FSMA = 1,  /* FSMA-204-style sheet, one row per critical tracking event */
} PdgRecallExport;

/* Errors of a source that are not the data's own (those keep their
 * PDG_STORE_ERROR, PDG_REGISTER_ERROR... codes locally; over the network
 * they arrive as the server's problem detail with one of these codes). */
#define PDG_SOURCE_ERROR (pdg_source_error_quark ())

typedef enum
{
  PDG_SOURCE_ERROR_FAILED,        /* the server failed (5xx) or answered what no server would */
  PDG_SOURCE_ERROR_NETWORK,       /* the server cannot be reached, or the connection broke */
  PDG_SOURCE_ERROR_NOT_PEDIGREE,  /* something answers, but it is not pedigree-server */
  PDG_SOURCE_ERROR_UNAUTHORIZED,  /* 401: no token, or a token the server does not know */
  PDG_SOURCE_ERROR_FORBIDDEN,     /* 403: the token's role does not allow it */
  PDG_SOURCE_ERROR_CONFLICT,      /* 412: someone else changed the order; read it again */
  PDG_SOURCE_ERROR_NOT_FOUND,     /* 404: no such unit, order... */
  PDG_SOURCE_ERROR_REFUSED,       /* 400, 409, 422...: refused by the rules; the message says why */
} PdgSourceError;

GQuark pdg_source_error_quark (void);

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
  void            (*recall_async)      (PdgSource            *self,
                                        const PdgRecallQuery *query,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  PdgRecall      *(*recall_finish)     (PdgSource            *self,
                                        GAsyncResult         *result,
                                        GError              **error);
  void            (*export_recall_async) (PdgSource          *self,
                                          PdgRecall          *recall,
                                          PdgRecallExport     format,
                                          GFile              *file,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
  gboolean        (*export_recall_finish) (PdgSource         *self,
                                           GAsyncResult      *result,
                                           GError           **error);
  void            (*block_units_async) (PdgSource            *self,
                                        const gint64         *unit_ids,
                                        guint                 n_units,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  gssize          (*block_units_finish) (PdgSource           *self,
                                         GAsyncResult        *result,
                                         GError             **error);
  void            (*list_orders_async) (PdgSource            *self,
                                        int                   status,
                                        const char           *text,
                                        guint                 limit,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  GPtrArray      *(*list_orders_finish) (PdgSource           *self,
                                         GAsyncResult        *result,
                                         GError             **error);
  void            (*register_async)    (PdgSource            *self,
                                        gint64                order_id,
                                        const PdgRegisterAction *action,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  PdgRegisterState *(*register_finish) (PdgSource            *self,
                                        GAsyncResult         *result,
                                        GError              **error);
};

/* For implementations. */
gpointer        pdg_source_task_finish      (PdgSource            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

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

void            pdg_source_recall_async     (PdgSource            *self,
                                             const PdgRecallQuery *query,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
PdgRecall      *pdg_source_recall_finish    (PdgSource            *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void            pdg_source_export_recall_async (PdgSource          *self,
                                                PdgRecall          *recall,
                                                PdgRecallExport     format,
                                                GFile              *file,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean        pdg_source_export_recall_finish (PdgSource         *self,
                                                 GAsyncResult      *result,
                                                 GError           **error);
void            pdg_source_block_units_async (PdgSource           *self,
                                              const gint64        *unit_ids,
                                              guint                n_units,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gssize          pdg_source_block_units_finish (PdgSource          *self,
                                               GAsyncResult       *result,
                                               GError            **error);
void            pdg_source_list_orders_async (PdgSource           *self,
                                              int                  status,
                                              const char          *text,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray      *pdg_source_list_orders_finish (PdgSource          *self,
                                               GAsyncResult       *result,
                                               GError            **error);
void            pdg_source_register_async   (PdgSource               *self,
                                             gint64                   order_id,
                                             const PdgRegisterAction *action,
                                             GCancellable            *cancellable,
                                             GAsyncReadyCallback      callback,
                                             gpointer                 user_data);
PdgRegisterState *pdg_source_register_finish (PdgSource              *self,
                                              GAsyncResult           *result,
                                              GError                **error);

G_END_DECLS
