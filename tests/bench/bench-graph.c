/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-graph.c: the genealogy browser's speed, measured on the real
 * widgets (run it under a display, e.g. xvfb-run with GSK_RENDERER=cairo):
 *
 *   bench-graph DB
 *
 * 1. Search to first complete frame: a unit whose where-used graph has
 *    about 1,000 units is traced, laid out and drawn by the Genealogy page;
 *    the time runs from the call to the end of the first frame drawn with
 *    the graph, split into trace + layout and drawing.
 * 2. Panning and zooming a ~2,000-unit graph: 64 frames, each one step of
 *    a pan or zoom, timed by the GdkFrameClock (interval between frames)
 *    and by the widget's own snapshot() timer.
 *
 * It prints figures only. */
#include "config.h"

#include <adwaita.h>

#include "pdg-genealogy-page.h"
#include "pdg-layout.h"
#include "pdg-local-source.h"
#include "pdg-store-private.h"
#include "pdg-trace.h"

static gint64
find_lot (const char *path,
          guint       want)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgStore) store = pdg_store_open (path, &error);
  sqlite3_stmt *stmt = NULL;
  gint64 found = 0;

  if (store == NULL)
    g_error ("%s", error->message);
  sqlite3_prepare_v2 (pdg_store_get_handle (store),
    "SELECT a.child_id FROM association a INDEXED BY association_up JOIN unit u ON u.id = a.child_id"
    " WHERE u.origin = 0 GROUP BY a.child_id HAVING count(*) BETWEEN 20 AND 600 LIMIT 600", -1, &stmt, NULL);
  while (found == 0 && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      PdgTraceOptions options = { .max_nodes = want * 4 };
      g_autoptr(PdgGenealogy) g = pdg_trace (store, &id, 1, PDG_DIRECTION_FORWARD, &options, NULL, NULL);

      if (g != NULL && !g->node_capped && pdg_genealogy_get_n_nodes (g) >= want * 3 / 4 &&
          pdg_genealogy_get_n_nodes (g) <= want * 5 / 4)
        found = id;
    }
  sqlite3_finalize (stmt);
  return found;
}

typedef struct
{
  GMainLoop        *loop;
  PdgGenealogyPage *page;
  gint64            start;
  gint64            shown;      /* the page switched to the graph */
  gint64            drawn;      /* the end of the first frame after that */
} Run;

static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  if (run->shown == 0 && g_strcmp0 (pdg_genealogy_page_get_state (run->page), "graph") == 0)
    run->shown = g_get_monotonic_time ();
  else if (run->shown != 0 && run->drawn == 0)
    {
      run->drawn = g_get_monotonic_time ();
      g_main_loop_quit (run->loop);
    }
}

static gboolean
poll_state (gpointer data)
{
  Run *run = data;

  if (run->shown == 0 && g_strcmp0 (pdg_genealogy_page_get_state (run->page), "graph") == 0)
    {
      run->shown = g_get_monotonic_time ();
      gtk_widget_queue_draw (GTK_WIDGET (pdg_genealogy_page_get_graph_view (run->page)));
    }
  if (g_strcmp0 (pdg_genealogy_page_get_state (run->page), "error") == 0)
    g_error ("The page shows an error");
  return G_SOURCE_CONTINUE;
}

/* Traces lot on the page and returns when its first frame is drawn. */
static void
trace_and_draw (PdgGenealogyPage *page,
                GtkWidget        *window,
                gint64            lot,
                Run              *run)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong handler;
  guint poll;

  run->page = page;
  run->shown = run->drawn = 0;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), run);
  poll = g_timeout_add (1, poll_state, run);
  run->start = g_get_monotonic_time ();
  pdg_genealogy_page_trace (page, lot, PDG_DIRECTION_FORWARD);
  g_main_loop_run (run->loop);
  g_source_remove (poll);
  g_signal_handler_disconnect (clock, handler);
}

typedef struct
{
  GMainLoop    *loop;
  PdgGraphView *view;
  guint         frame;
} Motion;

static void
on_motion_frame (GdkFrameClock *clock,
                 Motion        *m)
{
  double zoom = pdg_graph_view_get_zoom (m->view);

  if (++m->frame > 64)
    {
      g_main_loop_quit (m->loop);
      return;
    }
  /* Alternate: zoom in and out around the centre, and pan. */
  if (m->frame % 2 == 0)
    pdg_graph_view_zoom_at (m->view, zoom * (m->frame % 4 == 0 ? 1.1 : 1 / 1.05), 400, 300);
  else
    {
      graphene_rect_t area;

      pdg_graph_view_get_visible_area (m->view, &area);
      pdg_graph_view_center_on (m->view, m->frame % pdg_genealogy_get_n_nodes (pdg_scene_get_genealogy (pdg_graph_view_get_scene (m->view))));
    }
  gtk_widget_queue_draw (GTK_WIDGET (m->view));
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static double
ms (gint64 from,
    gint64 to)
{
  return (to - from) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(PdgLocalSource) source = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  GtkWidget *window;
  PdgGenealogyPage *page;
  PdgGraphView *view;
  Run run = { 0 };
  gint64 lot_1000, lot_2000;

  if (argc != 2)
    {
      g_printerr ("Usage: bench-graph DB\n");
      return 2;
    }
  gtk_init ();
  adw_init ();
  if (gdk_display_get_default () == NULL)
    {
      g_printerr ("bench-graph needs a display (run it under xvfb-run)\n");
      return 2;
    }
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;

  lot_1000 = find_lot (argv[1], 1000);
  lot_2000 = find_lot (argv[1], 2000);
  if (lot_1000 == 0)
    g_error ("No lot with a where-used graph of about 1,000 units in %s", argv[1]);

  pdg_local_source_open_async (argv[1], NULL, on_opened, &opened);
  while (opened == NULL)
    g_main_context_iteration (NULL, TRUE);
  source = pdg_local_source_open_finish (opened, &error);
  if (source == NULL)
    g_error ("%s", error->message);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  page = g_object_new (PDG_TYPE_GENEALOGY_PAGE, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  pdg_genealogy_page_set_source (page, PDG_SOURCE (source));
  gtk_window_present (GTK_WINDOW (window));
  view = pdg_genealogy_page_get_graph_view (page);

  /* Warm-up: fonts, Graphviz plugins, the database's pages. */
  trace_and_draw (page, window, lot_1000, &run);
  trace_and_draw (page, window, lot_1000, &run);
  g_print ("Search to first complete frame, %u-unit where-used graph: %.0f ms "
           "(trace + layout %.0f ms, then the first frame %.0f ms)\n",
           pdg_genealogy_get_n_nodes (pdg_genealogy_page_get_genealogy (page)),
           ms (run.start, run.drawn), ms (run.start, run.shown), ms (run.shown, run.drawn));

  if (lot_2000 != 0)
    {
      Motion m = { loop, view, 0 };
      GdkFrameClock *clock;
      PdgGraphFrameTimings t;
      gulong handler;

      trace_and_draw (page, window, lot_2000, &run);
      pdg_graph_view_set_zoom (view, 0.5);
      pdg_graph_view_reset_frame_stats (view);
      clock = gtk_widget_get_frame_clock (window);
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_motion_frame), &m);
      gtk_widget_queue_draw (GTK_WIDGET (view));
      g_main_loop_run (loop);
      g_signal_handler_disconnect (clock, handler);
      pdg_graph_view_get_frame_timings (view, &t);
      g_print ("Panning and zooming a %u-unit graph, %u frames: snapshot mean %.1f ms, p95 %.1f ms, max %.1f ms; "
               "frame clock interval mean %.1f ms, p95 %.1f ms, max %.1f ms (refresh %.1f ms); %u cards drawn in the last frame\n",
               pdg_genealogy_get_n_nodes (pdg_genealogy_page_get_genealogy (page)), t.n_frames,
               t.snapshot_mean_ms, t.snapshot_p95_ms, t.snapshot_max_ms,
               t.interval_mean_ms, t.interval_p95_ms, t.interval_max_ms, t.refresh_interval_ms, t.last_nodes);
    }
  else
    g_print ("No lot with a where-used graph of about 2,000 units\n");

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
