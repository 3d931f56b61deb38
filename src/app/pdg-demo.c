/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-demo.c: the demo database a first start opens.
 *
 * pdg_generate() runs on a GTask worker thread into "<path>.partial", which
 * is renamed to <path> only when generation succeeded, so an interrupted run
 * never leaves a half-written demo behind. Progress reports are posted to
 * the caller's main context; each one holds a reference on the task and is
 * dropped once the task has completed, so the callback's data is never used
 * after the async callback ran. */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pdg-demo.h"
#include "pdg-generator.h"

/* The seed of the demo: one seed, one database, on every machine. */
#define DEMO_SEED 1

typedef struct
{
  char            *path;           /* owned; where the demo ends up */
  guint64          n_units;
  PdgDemoProgress  progress;       /* nullable */
  gpointer         progress_data;  /* borrowed; see pdg_demo_generate_async() */
  GMainContext    *context;        /* owned; the caller's main context */
  GTask           *task;           /* borrowed; the task that owns this */
  int              last_percent;   /* worker thread only; last percent posted */
} GenerateData;

typedef struct
{
  GTask  *task;      /* owned */
  double  fraction;
} ProgressReport;

static void
generate_data_free (GenerateData *data)
{
  g_free (data->path);
  g_main_context_unref (data->context);
  g_free (data);
}

static void
progress_report_free (ProgressReport *report)
{
  g_object_unref (report->task);
  g_free (report);
}

/**
 * pdg_demo_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/pedigree/demo.db`.
 */
char *
pdg_demo_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "pedigree", "demo.db", NULL);
}

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressReport *report = user_data;
  GenerateData *data = g_task_get_task_data (report->task);

  if (data->progress != NULL &&
      !g_task_get_completed (report->task) &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (report->task)))
    data->progress (report->fraction, data->progress_data);

  return G_SOURCE_REMOVE;
}

/* Runs on the worker thread. */
static void
on_progress (double   fraction,
             gpointer user_data)
{
  GenerateData *data = user_data;
  int percent = (int) (fraction * 100.0);
  ProgressReport *report;

  if (percent <= data->last_percent)
    return;
  data->last_percent = percent;

  report = g_new0 (ProgressReport, 1);
  report->task = g_object_ref (data->task);
  report->fraction = CLAMP (fraction, 0.0, 1.0);
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT,
                              deliver_progress, report,
                              (GDestroyNotify) progress_report_free);
}

static void
remove_database_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static void
generate_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GenerateData *data = task_data;
  g_autofree char *dir = g_path_get_dirname (data->path);
  g_autofree char *partial = g_strconcat (data->path, ".partial", NULL);
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not create the folder “%s”: %s"),
                               dir, g_strerror (saved_errno));
      return;
    }

  remove_database_files (partial);
  if (!pdg_generate (partial, data->n_units, DEMO_SEED,
                     on_progress, data, cancellable, NULL, &error))
    {
      remove_database_files (partial);
      g_task_return_error (task, error);
      return;
    }

  if (g_rename (partial, data->path) != 0)
    {
      int saved_errno = errno;

      remove_database_files (partial);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not save the demo database as “%s”: %s"),
                               data->path, g_strerror (saved_errno));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * pdg_demo_generate_async:
 * @path: where the demo database goes; must not exist
 * @n_units: how many units it gets
 * @progress: (nullable): called with 0..1 on the caller's main context
 * @progress_data: data for @progress; must stay valid until @callback ran
 *
 * Generates the demo database on a worker thread.
 */
void
pdg_demo_generate_async (const char          *path,
                         guint64              n_units,
                         PdgDemoProgress      progress,
                         gpointer             progress_data,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GenerateData *data;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pdg_demo_generate_async);

  data = g_new0 (GenerateData, 1);
  data->path = g_strdup (path);
  data->n_units = n_units;
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  data->task = task;
  data->last_percent = -1;
  g_task_set_task_data (task, data, (GDestroyNotify) generate_data_free);

  g_task_run_in_thread (task, generate_worker);
}

gboolean
pdg_demo_generate_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
