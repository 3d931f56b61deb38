/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-local-source.c: PdgSource over a database file on this machine.
 *
 * Every query runs in a GTask worker thread against one PdgStore; a mutex
 * makes the workers take turns on the connection, so the UI thread never
 * touches SQLite and never waits for it (see run_locked()). Results are
 * plain values. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pdg-local-source.h"
#include "pdg-register.h"
#include "pdg-store.h"
#include "pdg-trace.h"

struct _PdgLocalSource
{
  GObject   parent_instance;

  PdgStore   *store;      /* owned; used only with `lock` held, from worker threads */
  GHashTable *registers;  /* owned; order id -> PdgRegister session, `lock` held */
  GMutex      lock;
};

static void source_iface_init (PdgSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdgLocalSource, pdg_local_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PDG_TYPE_SOURCE, source_iface_init))

static void
pdg_local_source_finalize (GObject *object)
{
  PdgLocalSource *self = PDG_LOCAL_SOURCE (object);

  g_clear_pointer (&self->registers, g_hash_table_unref);
  g_clear_object (&self->store);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (pdg_local_source_parent_class)->finalize (object);
}

static void
pdg_local_source_class_init (PdgLocalSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pdg_local_source_finalize;
}

static void
pdg_local_source_init (PdgLocalSource *self)
{
  g_mutex_init (&self->lock);
  self->registers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

static void
open_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(PdgLocalSource) self = NULL;
  GError *error = NULL;

  self = g_object_new (PDG_TYPE_LOCAL_SOURCE, NULL);
  self->store = pdg_store_open (path, &error);
  if (self->store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
}

void
pdg_local_source_open_async (const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pdg_local_source_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_worker);
}

PdgLocalSource *
pdg_local_source_open_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
pdg_local_source_get_path (PdgLocalSource *self)
{
  g_return_val_if_fail (PDG_IS_LOCAL_SOURCE (self), NULL);

  return pdg_store_get_path (self->store);
}

static char *
pdg_local_source_dup_title (PdgSource *source)
{
  PdgLocalSource *self = PDG_LOCAL_SOURCE (source);

  return g_path_get_basename (pdg_store_get_path (self->store));
}

/* Every query but open runs through run_locked(): one worker that checks
 * for cancellation, then calls a LockedFunc with the lock held; the
 * function returns a pointer (NULL with error set) that becomes the task's
 * result. */
typedef gpointer (*LockedFunc) (PdgLocalSource  *self,
                                gpointer         data,
                                GCancellable    *cancellable,
                                GError         **error);

typedef struct
{
  LockedFunc      func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
  gboolean        writes;       /* success emits PdgSource::changed */
} LockedCall;

static gboolean
emit_changed (gpointer source)
{
  g_signal_emit_by_name (source, "changed");
  return G_SOURCE_REMOVE;
}

static void
locked_call_free (LockedCall *call)
{
  if (call->data_free != NULL)
    call->data_free (call->data);
  g_free (call);
}

static void
locked_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PdgLocalSource *self = source_object;
  LockedCall *call = task_data;
  gpointer result;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->lock);
  result = call->func (self, call->data, cancellable, &error);
  g_mutex_unlock (&self->lock);

  if (result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Before the result: the caller's callback finds the pages reloading. */
  if (call->writes)
    g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                                emit_changed, g_object_ref (self), g_object_unref);
  g_task_return_pointer (task, result, call->result_free);
}

static void
run_locked (PdgLocalSource      *self,
            gpointer             source_tag,
            gboolean             writes,
            LockedFunc           func,
            gpointer             data,
            GDestroyNotify       data_free,
            GDestroyNotify       result_free,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  LockedCall *call = g_new0 (LockedCall, 1);

  call->func = func;
  call->data = data;
  call->data_free = data_free;
  call->result_free = result_free;
  call->writes = writes;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) locked_call_free);
  g_task_run_in_thread (task, locked_worker);
}

/* find_units */

typedef struct
{
  char  *text;
  guint  limit;
} FindData;

static void
find_data_free (FindData *data)
{
  g_free (data->text);
  g_free (data);
}

static gpointer
find_units_locked (PdgLocalSource  *self,
                   gpointer         data,
                   GCancellable    *cancellable,
                   GError         **error)
{
  FindData *f = data;

  return pdg_store_find_units (self->store, f->text, f->limit, error);
}

static void
pdg_local_source_find_units_async (PdgSource           *source,
                                   const char          *text,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  FindData *data = g_new0 (FindData, 1);

  data->text = g_strdup (text);
  data->limit = limit;
  run_locked (PDG_LOCAL_SOURCE (source), pdg_local_source_find_units_async, FALSE, find_units_locked,
              data, (GDestroyNotify) find_data_free, (GDestroyNotify) g_ptr_array_unref,
              cancellable, callback, user_data);
}

/* load_unit */

static gpointer
load_unit_locked (PdgLocalSource  *self,
                  gpointer         data,
                  GCancellable    *cancellable,
                  GError         **error)
{
  return pdg_store_get_unit_details (self->store, *(gint64 *) data, error);
}

static void
pdg_local_source_load_unit_async (PdgSource           *source,
                                  gint64               unit_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  run_locked (PDG_LOCAL_SOURCE (source), pdg_local_source_load_unit_async, FALSE, load_unit_locked,
              g_memdup2 (&unit_id, sizeof unit_id), g_free, (GDestroyNotify) pdg_unit_details_unref,
              cancellable, callback, user_data);
}

/* trace */

typedef struct
{
  gint64          unit_id;
  PdgDirection    direction;
  PdgTraceOptions options;
} TraceData;

static gpointer
trace_locked (PdgLocalSource  *self,
              gpointer         data,
              GCancellable    *cancellable,
              GError         **error)
{
  TraceData *t = data;

  return pdg_trace (self->store, &t->unit_id, 1, t->direction, &t->options, cancellable, error);
}

static void
pdg_local_source_trace_async (PdgSource             *source,
                              gint64                 unit_id,
                              PdgDirection           direction,
                              const PdgTraceOptions *options,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  TraceData *data = g_new0 (TraceData, 1);

  data->unit_id = unit_id;
  data->direction = direction;
  if (options != NULL)
    data->options = *options;
  run_locked (PDG_LOCAL_SOURCE (source), pdg_local_source_trace_async, FALSE, trace_locked,
              data, g_free, (GDestroyNotify) pdg_genealogy_unref, cancellable, callback, user_data);
}

/* recall */

static PdgRecallQuery *
copy_query (const PdgRecallQuery *q)
{
  switch (q->by)
    {
    case PDG_RECALL_BY_SUPPLIER:
      return pdg_recall_query_new_supplier (q->supplier, q->from, q->to);
    case PDG_RECALL_BY_ITEM:
      return pdg_recall_query_new_item (q->item, q->from, q->to);
    case PDG_RECALL_BY_UNITS:
    default:
      return pdg_recall_query_new_units ((const gint64 *) q->unit_ids->data, q->unit_ids->len);
    }
}

static gpointer
recall_locked (PdgLocalSource  *self,
               gpointer         data,
               GCancellable    *cancellable,
               GError         **error)
{
  return pdg_recall_run (self->store, data, cancellable, error);
}

static void
pdg_local_source_recall_async (PdgSource            *source,
                               const PdgRecallQuery *query,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  run_locked (PDG_LOCAL_SOURCE (source), pdg_local_source_recall_async, FALSE, recall_locked,
              copy_query (query), (GDestroyNotify) pdg_recall_query_free,
              (GDestroyNotify) pdg_recall_unref, cancellable, callback, user_data);
}

/* export_recall */

typedef struct
{
  PdgRecall       *recall;  /* owned (a reference) */
  PdgRecallExport  format;
  GFile           *file;    /* owned */
} ExportData;

static void
export_data_free (ExportData *data)
{
  pdg_recall_unref (data->recall);
  g_object_unref (data->file);
  g_free (data);
}

static gpointer
export_locked (PdgLocalSource  *self,
               gpointer         data,
               GCancellable    *cancellable,
               GError         **error)
{
  ExportData *e = data;
  g_autoptr(GFileOutputStream) stream = NULL;
  gboolean ok;

  stream = g_file_replace (e->file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (stream == NULL)
    return NULL;
  if (e->format == PDG_RECALL_EXPORT_FSMA)
    ok = pdg_recall_write_fsma (self->store, e->recall, G_OUTPUT_STREAM (stream), cancellable, error);
  else
    {
      g_autofree char *csv = pdg_recall_to_csv (e->recall);

      ok = g_output_stream_write_all (G_OUTPUT_STREAM (stream), csv, strlen (csv), NULL, cancellable, error);
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, ok ? error : NULL) || !ok)
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
pdg_local_source_export_recall_async (PdgSource           *source,
                                      PdgRecall           *recall,
                                      PdgRecallExport      format,
                                      GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  ExportData *data = g_new0 (ExportData, 1);

  data->recall = pdg_recall_ref (recall);
  data->format = format;
  data->file = g_object_ref (file);
  run_locked (PDG_LOCAL_SOURCE (source), pdg_local_source_export_recall_async, FALSE, export_locked,
              data, (GDestroyNotify) export_data_free, NULL, cancellable, callback, user_data);
}

static gboolean
pdg_local_source_export_recall_finish (PdgSource     *source,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return pdg_source_task_finish (source, result, error) != NULL;
}

/* block_units */

static gpointer
block_locked (PdgLocalSource  *self,
              gpointer         data,
              GCancellable    *cancellable,
              GError         **error)
{
  GArray *ids = data;
  guint blocked = 0;

  if (!pdg_store_block_units (self->store, (const gint64 *) ids->data, ids->len, &blocked, error))
    return NULL;
  return g_memdup2 (&blocked, sizeof blocked);
}

static void
pdg_local_source_block_units_async (PdgSource           *source,
                                    const gint64        *unit_ids,
                                    guint                n_units,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_units);

  g_array_append_vals (ids, unit_ids, n_units);
  run_locked (PDG_LOCAL_SOURCE (source), pdg_local_source_block_units_async, TRUE, block_locked,
              ids, (GDestroyNotify) g_array_unref, g_free, cancellable, callback, user_data);
}

static gssize
pdg_local_source_block_units_finish (PdgSource     *source,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_autofree guint *blocked = pdg_source_task_finish (source, result, error);

  return blocked != NULL ? (gssize) *blocked : -1;
}

/* list_orders */

typedef struct
{
  int    status;
  char  *text;
  guint  limit;
} OrdersData;

static void
orders_data_free (OrdersData *data)
{
  g_free (data->text);
  g_free (data);
}

static gpointer
orders_locked (PdgLocalSource  *self,
               gpointer         data,
               GCancellable    *cancellable,
               GError         **error)
{
  OrdersData *o = data;
  g_autoptr(GPtrArray) orders = pdg_store_list_orders (self->store, o->status, o->text, o->limit, error);

  for (guint i = 0; orders != NULL && i < orders->len; i++)
    if (!pdg_register_fill_order_progress (self->store, g_ptr_array_index (orders, i), error))
      return NULL;
  return g_steal_pointer (&orders);
}

static void
pdg_local_source_list_orders_async (PdgSource           *source,
                                    int                  status,
                                    const char          *text,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  OrdersData *data = g_new0 (OrdersData, 1);

  data->status = status;
  data->text = g_strdup (text);
  data->limit = limit;
  run_locked (PDG_LOCAL_SOURCE (source), pdg_local_source_list_orders_async, FALSE, orders_locked,
              data, (GDestroyNotify) orders_data_free, (GDestroyNotify) g_ptr_array_unref,
              cancellable, callback, user_data);
}

/* register: one PdgRegister session per order, kept for Undo */

typedef struct
{
  gint64             order_id;
  PdgRegisterAction *action;  /* owned */
} RegisterData;

static void
register_data_free (RegisterData *data)
{
  pdg_register_action_free (data->action);
  g_free (data);
}

static gpointer
register_locked (PdgLocalSource  *self,
                 gpointer         data,
                 GCancellable    *cancellable,
                 GError         **error)
{
  RegisterData *r = data;
  PdgRegister *session = g_hash_table_lookup (self->registers, &r->order_id);
  g_autofree char *message = NULL;
  PdgRegisterState *state;

  if (session == NULL)
    {
      session = pdg_register_new (self->store, r->order_id, error);
      if (session == NULL)
        return NULL;
      g_hash_table_insert (self->registers, g_memdup2 (&r->order_id, sizeof r->order_id), session);
    }
  if (!pdg_register_apply (session, r->action, &message, error))
    return NULL;
  state = pdg_register_get_state (session, error);
  if (state != NULL)
    state->message = g_steal_pointer (&message);
  return state;
}

static void
pdg_local_source_register_async (PdgSource               *source,
                                 gint64                   order_id,
                                 const PdgRegisterAction *action,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  RegisterData *data = g_new0 (RegisterData, 1);

  data->order_id = order_id;
  data->action = pdg_register_action_copy (action);
  run_locked (PDG_LOCAL_SOURCE (source), pdg_local_source_register_async,
              action->kind != PDG_REGISTER_ACTION_REFRESH && action->kind != PDG_REGISTER_ACTION_SET_MODE &&
              action->kind != PDG_REGISTER_ACTION_SELECT_PRODUCT && action->kind != PDG_REGISTER_ACTION_SELECT_LINE,
              register_locked,
              data, (GDestroyNotify) register_data_free, (GDestroyNotify) pdg_register_state_unref,
              cancellable, callback, user_data);
}

static void
source_iface_init (PdgSourceInterface *iface)
{
  iface->dup_title = pdg_local_source_dup_title;
  iface->find_units_async = pdg_local_source_find_units_async;
  iface->load_unit_async = pdg_local_source_load_unit_async;
  iface->trace_async = pdg_local_source_trace_async;
  iface->recall_async = pdg_local_source_recall_async;
  iface->export_recall_async = pdg_local_source_export_recall_async;
  iface->export_recall_finish = pdg_local_source_export_recall_finish;
  iface->block_units_async = pdg_local_source_block_units_async;
  iface->block_units_finish = pdg_local_source_block_units_finish;
  iface->list_orders_async = pdg_local_source_list_orders_async;
  iface->register_async = pdg_local_source_register_async;
}
