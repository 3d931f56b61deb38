/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-local-source.c: PdgSource over a database file on this machine.
 *
 * Every query runs in a GTask worker thread against one PdgStore; a mutex
 * makes the workers take turns on the connection, so the UI thread never
 * touches SQLite and never waits for it. Results are plain values. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pdg-local-source.h"
#include "pdg-store.h"
#include "pdg-trace.h"

struct _PdgLocalSource
{
  GObject   parent_instance;

  PdgStore *store;  /* owned; used only with `lock` held, from worker threads */
  GMutex    lock;
};

static void source_iface_init (PdgSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdgLocalSource, pdg_local_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PDG_TYPE_SOURCE, source_iface_init))

static void
pdg_local_source_finalize (GObject *object)
{
  PdgLocalSource *self = PDG_LOCAL_SOURCE (object);

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

static void
find_units_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PdgLocalSource *self = source_object;
  FindData *data = task_data;
  GPtrArray *units;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->lock);
  units = pdg_store_find_units (self->store, data->text, data->limit, &error);
  g_mutex_unlock (&self->lock);

  if (units == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, units, (GDestroyNotify) g_ptr_array_unref);
}

static void
pdg_local_source_find_units_async (PdgSource           *source,
                                   const char          *text,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  FindData *data = g_new0 (FindData, 1);

  data->text = g_strdup (text);
  data->limit = limit;
  g_task_set_source_tag (task, pdg_local_source_find_units_async);
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);
  g_task_run_in_thread (task, find_units_worker);
}

static GPtrArray *
pdg_local_source_find_units_finish (PdgSource     *source,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* load_unit */

static PdgUnitDetails *
load_details (PdgStore  *store,
              gint64     unit_id,
              GError   **error)
{
  g_autoptr(PdgUnitDetails) details = pdg_unit_details_new ();

  if ((details->unit = pdg_store_get_unit (store, unit_id, error)) == NULL ||
      (details->events = pdg_store_list_events (store, unit_id, error)) == NULL ||
      (details->components = pdg_store_list_components (store, unit_id, error)) == NULL ||
      (details->consumers = pdg_store_list_consumers (store, unit_id, error)) == NULL)
    return NULL;

  return g_steal_pointer (&details);
}

static void
load_unit_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  PdgLocalSource *self = source_object;
  gint64 unit_id = *(gint64 *) task_data;
  PdgUnitDetails *details;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->lock);
  details = load_details (self->store, unit_id, &error);
  g_mutex_unlock (&self->lock);

  if (details == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, details, (GDestroyNotify) pdg_unit_details_unref);
}

static void
pdg_local_source_load_unit_async (PdgSource           *source,
                                  gint64               unit_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_source_tag (task, pdg_local_source_load_unit_async);
  g_task_set_task_data (task, g_memdup2 (&unit_id, sizeof unit_id), g_free);
  g_task_run_in_thread (task, load_unit_worker);
}

static PdgUnitDetails *
pdg_local_source_load_unit_finish (PdgSource     *source,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* trace */

typedef struct
{
  gint64          unit_id;
  PdgDirection    direction;
  PdgTraceOptions options;
} TraceData;

static void
trace_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PdgLocalSource *self = source_object;
  TraceData *data = task_data;
  PdgGenealogy *genealogy;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->lock);
  genealogy = pdg_trace (self->store, &data->unit_id, 1, data->direction, &data->options, cancellable, &error);
  g_mutex_unlock (&self->lock);

  if (genealogy == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, genealogy, (GDestroyNotify) pdg_genealogy_unref);
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
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  TraceData *data = g_new0 (TraceData, 1);

  data->unit_id = unit_id;
  data->direction = direction;
  if (options != NULL)
    data->options = *options;
  g_task_set_source_tag (task, pdg_local_source_trace_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, trace_worker);
}

static PdgGenealogy *
pdg_local_source_trace_finish (PdgSource     *source,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
source_iface_init (PdgSourceInterface *iface)
{
  iface->dup_title = pdg_local_source_dup_title;
  iface->find_units_async = pdg_local_source_find_units_async;
  iface->find_units_finish = pdg_local_source_find_units_finish;
  iface->load_unit_async = pdg_local_source_load_unit_async;
  iface->load_unit_finish = pdg_local_source_load_unit_finish;
  iface->trace_async = pdg_local_source_trace_async;
  iface->trace_finish = pdg_local_source_trace_finish;
}
