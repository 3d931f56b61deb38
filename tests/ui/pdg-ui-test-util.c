/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-ui-test-util.c: what the window and page tests share. Work in the
 * app happens on worker threads, so a test iterates the main context until
 * the widgets show the state it expects (pdg_ui_test_wait()), with a 20 ms
 * timeout source so the loop wakes up to check the condition and the
 * deadline even when nothing else is pending; nothing asserts on timing. */
#include "config.h"

#include <glib/gstdio.h>

#include "pdg-ui-test-util.h"

/* How long pdg_ui_test_wait() waits before it fails the test. */
#define TIMEOUT_SECONDS 120

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
pdg_ui_test_wait (PdgUiCondition  condition,
                  gpointer        data,
                  const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC;
  guint tick = g_timeout_add (20, wake_up, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Gave up after %d s waiting for %s", TIMEOUT_SECONDS, what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

void
pdg_ui_test_settle (double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint tick = g_timeout_add (20, wake_up, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

void
pdg_ui_test_save_png (GtkWidget  *widget,
                      const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;

  /* Let pending layout and drawing happen (the tests turn animations off). */
  pdg_ui_test_settle (0.5);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  if (node == NULL || renderer == NULL)
    {
      g_test_message ("Nothing drawn to save as %s", name);
      return;
    }

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0,
                                                              gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  if (gdk_texture_save_to_png (texture, path))
    g_test_message ("Saved %s", path);
}

gpointer
pdg_ui_test_child (gpointer    widget,
                   GType       type,
                   const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

guint
pdg_ui_test_count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

AdwMessageDialog *
pdg_ui_test_find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

gboolean
pdg_ui_test_dialog_shown (gpointer data)
{
  return pdg_ui_test_find_dialog () != NULL;
}

void
pdg_ui_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_path = g_build_filename (path, name, NULL);

      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        pdg_ui_test_remove_tree (child_path);
      else
        g_unlink (child_path);
    }
  g_rmdir (path);
}
