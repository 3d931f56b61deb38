/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-graph.c: the genealogy browser's speed, measured on the real
 * widgets (run it under a display, e.g. xvfb-run with GSK_RENDERER=cairo):
 *
 *   bench-graph DB
 *
 * 1. Search to first complete frame: the Genealogy page traces a lot whose
 *    where-used graph has about 1,000 units, lays it out and shows it. The
 *    time runs from the call to the end of the first complete frame: the
 *    graph drawn, the page's cross-fade from the spinner over, the unit's
 *    details filled in beside it. Three searches, each of a lot other than
 *    the one on screen, after two for warming up. Then each part alone on
 *    the same genealogy: the trace, and Graphviz in process against
 *    `dot -Tsvg` on the same DOT text, as the page draws it (children
 *    beyond the first dozen folded into "+N more") and unfolded.
 * 2. Panning and zooming a ~2,000-card graph: a where-used genealogy of
 *    about 2,000 units laid out unfolded, in the page's graph view, moved
 *    by a script of drags (a small move every frame, as a hand makes) and
 *    wheel zooms (a step a frame) at overview, middle and readable zoom
 *    levels, one step per frame from a tick callback. For every frame: its
 *    own work, from the frame clock's before-paint to its after-paint
 *    (update, layout, snapshot and GSK rendering), and its interval from
 *    the previous frame (the frame clock's frame times). A frame is dropped
 *    when that interval is over 1.5 refresh intervals; the goal is none in
 *    any 16 consecutive frames.
 *
 * It prints figures only. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "pdg-genealogy-page.h"
#include "pdg-graph-view-private.h"
#include "pdg-layout.h"
#include "pdg-local-source.h"
#include "pdg-store-private.h"
#include "pdg-trace.h"

#define TRACE_MAX_NODES 50000   /* as the page traces */
#define N_SEARCHES      3

static double
ms (gint64 from,
    gint64 to)
{
  return (to - from) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  double mean;
  double p95;
  double max;
} Summary;

static Summary
summarize (const double *values,
           guint         n)
{
  g_autofree double *sorted = NULL;
  Summary s = { 0, };

  if (n == 0)
    return s;
  sorted = g_memdup2 (values, n * sizeof (double));
  qsort (sorted, n, sizeof (double), compare_doubles);
  for (guint i = 0; i < n; i++)
    s.mean += sorted[i] / n;
  s.p95 = sorted[MIN ((guint) ceil (n * 0.95), n) - 1];
  s.max = sorted[n - 1];
  return s;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

/* Finding lots ------------------------------------------------------------- */

/* Up to @n_lots purchased lots whose where-used graph has about @want
 * units (within a quarter), smallest id first. Returns how many. */
static guint
find_lots (PdgStore *store,
           guint     want,
           gint64   *lots,
           guint     n_lots)
{
  sqlite3_stmt *stmt = NULL;
  guint found = 0;

  sqlite3_prepare_v2 (pdg_store_get_handle (store),
    "SELECT a.child_id FROM association a INDEXED BY association_up JOIN unit u ON u.id = a.child_id"
    " WHERE u.origin = 0 GROUP BY a.child_id HAVING count(*) BETWEEN 20 AND 600 LIMIT 600", -1, &stmt, NULL);
  while (found < n_lots && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      PdgTraceOptions options = { .max_nodes = want * 4 };
      g_autoptr(PdgGenealogy) g = pdg_trace (store, &id, 1, PDG_DIRECTION_FORWARD, &options, NULL, NULL);

      if (g != NULL && !g->node_capped && pdg_genealogy_get_n_nodes (g) >= want * 3 / 4 &&
          pdg_genealogy_get_n_nodes (g) <= want * 5 / 4)
        lots[found++] = id;
    }
  sqlite3_finalize (stmt);
  return found;
}

/* Frames ------------------------------------------------------------------- */

/* Every frame of the window while recording. */
typedef struct
{
  gboolean  recording;
  GArray   *work_ms;       /* double per frame: before-paint to after-paint */
  GArray   *interval_ms;   /* double per frame that directly followed another */
  gint64    begin;         /* µs: the current frame's before-paint */
  gint64    prev_counter;
  gint64    prev_time;     /* µs: the previous frame's frame clock time */
  double    refresh_ms;
} FrameLog;

static void
frame_log_start (FrameLog *log)
{
  g_array_set_size (log->work_ms, 0);
  g_array_set_size (log->interval_ms, 0);
  log->prev_counter = -1;
  log->prev_time = 0;
  log->begin = 0;
  log->recording = TRUE;
}

static void
on_before_paint (GdkFrameClock *clock,
                 FrameLog      *log)
{
  log->begin = g_get_monotonic_time ();
}

static void
on_after_paint_log (GdkFrameClock *clock,
                    FrameLog      *log)
{
  gint64 counter = gdk_frame_clock_get_frame_counter (clock);
  gint64 time = gdk_frame_clock_get_frame_time (clock);
  gint64 refresh = 0;
  double work;

  if (!log->recording || log->begin == 0)
    return;

  work = ms (log->begin, g_get_monotonic_time ());
  g_array_append_val (log->work_ms, work);
  if (counter == log->prev_counter + 1 && log->prev_time > 0)
    {
      double interval = ms (log->prev_time, time);

      g_array_append_val (log->interval_ms, interval);
    }
  log->prev_counter = counter;
  log->prev_time = time;
  gdk_frame_clock_get_refresh_info (clock, time, &refresh, NULL);
  if (refresh > 0)
    log->refresh_ms = refresh / 1000.0;
}

/* One line: @work (ms per frame) and @intervals (ms from each frame to the
 * one before it): the dropped frames, and the most of them in any 16
 * consecutive frames. */
static void
print_frames (const char *what,
              GArray     *work,
              GArray     *intervals,
              double      refresh_ms)
{
  const double *interval = (const double *) (gpointer) intervals->data;
  Summary w = summarize ((const double *) (gpointer) work->data, work->len);
  Summary i = summarize (interval, intervals->len);
  guint n_dropped = 0, worst_window = 0;

  for (guint k = 0; k < intervals->len; k++)
    {
      guint in_window = 0;

      n_dropped += interval[k] > 1.5 * refresh_ms;
      for (guint j = k; j < k + 16 && j < intervals->len; j++)
        in_window += interval[j] > 1.5 * refresh_ms;
      worst_window = MAX (worst_window, in_window);
    }

  g_print ("  %-33s %3u frames: work mean %4.1f ms, p95 %4.1f, max %5.1f; "
           "interval mean %4.1f ms, p95 %4.1f, max %5.1f; dropped %u, at most %u in 16 frames\n",
           what, work->len, w.mean, w.p95, w.max, i.mean, i.p95, i.max, n_dropped, worst_window);
}

/* 1. Search to first complete frame ---------------------------------------- */

typedef struct
{
  GMainLoop        *loop;
  PdgGenealogyPage *page;
  GtkStack         *stack;
  gint64            lot;
  gint64            start;
  gint64            shown;     /* the page switched to the graph */
  gint64            drawn;     /* the end of the first frame the graph view drew in */
  gint64            complete;  /* the end of the first complete frame */
  guint             safety;
} Search;

static gboolean
view_has_drawn (PdgGraphView *view)
{
  guint n = 0;

  pdg_graph_view_get_frame_stats (view, NULL, NULL, &n);
  return n > 0;
}

static gboolean
details_shown (Search *search)
{
  PdgUnitDetails *details = pdg_unit_view_get_details (pdg_genealogy_page_get_unit_view (search->page));

  return details != NULL && details->unit->id == search->lot;
}

static void
on_state_changed (Search *search)
{
  if (search->shown == 0 && g_strcmp0 (pdg_genealogy_page_get_state (search->page), "graph") == 0)
    {
      search->shown = g_get_monotonic_time ();
      pdg_graph_view_reset_frame_stats (pdg_genealogy_page_get_graph_view (search->page));
    }
  if (g_strcmp0 (pdg_genealogy_page_get_state (search->page), "error") == 0)
    g_error ("The page shows an error");
}

static void
on_search_frame (GdkFrameClock *clock,
                 Search        *search)
{
  PdgGraphView *view = pdg_genealogy_page_get_graph_view (search->page);

  if (search->shown == 0 || search->complete != 0 || !view_has_drawn (view))
    return;
  if (search->drawn == 0)
    search->drawn = g_get_monotonic_time ();
  if (!gtk_stack_get_transition_running (search->stack) && details_shown (search))
    {
      search->complete = g_get_monotonic_time ();
      g_main_loop_quit (search->loop);
    }
}

/* Should nothing else ask for a frame once everything is there. */
static gboolean
search_safety (gpointer data)
{
  Search *search = data;

  if (search->shown != 0)
    gtk_widget_queue_draw (GTK_WIDGET (pdg_genealogy_page_get_graph_view (search->page)));
  return G_SOURCE_CONTINUE;
}

/* Traces @lot on the page and returns at the end of its first complete
 * frame. */
static void
search (Search    *search,
        GtkWidget *window,
        gint64     lot)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong frame_handler, state_handler;

  search->lot = lot;
  search->shown = search->drawn = search->complete = 0;
  frame_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_search_frame), search);
  state_handler = g_signal_connect_swapped (search->stack, "notify::visible-child-name",
                                            G_CALLBACK (on_state_changed), search);
  search->safety = g_timeout_add (100, search_safety, search);
  search->start = g_get_monotonic_time ();
  pdg_genealogy_page_trace (search->page, lot, PDG_DIRECTION_FORWARD);
  g_main_loop_run (search->loop);
  g_source_remove (search->safety);
  g_signal_handler_disconnect (search->stack, state_handler);
  g_signal_handler_disconnect (clock, frame_handler);
}

/* Graphviz on @genealogy laid out with @options: in process (the layout
 * thread; median of @runs) against `dot -Tsvg` on the same DOT text. */
static void
compare_layout (const char             *what,
                PdgGenealogy           *genealogy,
                const PdgLayoutOptions *options,
                guint                   runs)
{
  g_autofree char *dot = pdg_layout_to_dot (genealogy, options);
  g_autoptr(GBytes) in = g_bytes_new_static (dot, strlen (dot));
  g_autofree double *ours = g_new (double, runs);
  g_autofree double *plain = g_new (double, runs);
  guint n_nodes = 0;

  pdg_layout_count (genealogy, options, &n_nodes, NULL);
  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdgScene) scene = NULL;
      g_autoptr(GSubprocess) dot_process = NULL;
      g_autoptr(GBytes) out = NULL;
      gint64 t0, t1;

      t0 = g_get_monotonic_time ();
      scene = pdg_layout_run (genealogy, options, NULL, &error);
      if (scene == NULL)
        g_error ("%s", error->message);
      t1 = g_get_monotonic_time ();
      ours[i] = ms (t0, t1);

      dot_process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                      &error, "dot", "-Tsvg", NULL);
      if (dot_process == NULL || !g_subprocess_communicate (dot_process, in, NULL, &out, NULL, &error))
        g_error ("Cannot run dot: %s", error->message);
      plain[i] = ms (t1, g_get_monotonic_time ());
    }
  g_print ("  Graphviz, %s (%u boxes): %.0f ms in process, dot -Tsvg on the same DOT %.0f ms%s\n",
           what, n_nodes, median (ours, runs), median (plain, runs),
           runs > 1 ? " (medians of 3)" : "");
}

static void
bench_search (GMainLoop        *loop,
              PdgStore         *store,
              GtkWidget        *window,
              PdgGenealogyPage *page,
              const gint64      lots[2])
{
  Search s = { loop, page, NULL, };
  double total[N_SEARCHES];
  PdgGenealogy *genealogy;
  PdgLayoutOptions options;

  s.stack = GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (pdg_genealogy_page_get_graph_view (page)),
                                                GTK_TYPE_STACK));

  /* Warm-up: fonts, Graphviz's plugins, the database's pages. */
  search (&s, window, lots[0]);
  search (&s, window, lots[1]);

  g_print ("Search to first complete frame (the graph drawn, the cross-fade over, the details beside it):\n");
  for (guint i = 0; i < N_SEARCHES; i++)
    {
      search (&s, window, lots[i % 2]);
      total[i] = ms (s.start, s.complete);
      genealogy = pdg_genealogy_page_get_genealogy (page);
      g_print ("  %u-unit where-used graph (%u boxes drawn): %.0f ms; graph on screen at %.0f ms "
               "(trace + layout), first drawn by %.0f ms, complete %.0f ms after it\n",
               pdg_genealogy_get_n_nodes (genealogy),
               pdg_scene_get_n_nodes (pdg_graph_view_get_scene (pdg_genealogy_page_get_graph_view (page))),
               total[i], ms (s.start, s.shown), ms (s.start, s.drawn), ms (s.drawn, s.complete));
    }

  /* The parts alone, on the last genealogy. */
  genealogy = pdg_genealogy_page_get_genealogy (page);
  {
    PdgTraceOptions trace_options = { .max_nodes = TRACE_MAX_NODES };
    gint64 root = pdg_genealogy_get_node (genealogy, 0)->unit->id;
    double runs[3];

    for (guint i = 0; i < 3; i++)
      {
        gint64 t0 = g_get_monotonic_time ();
        g_autoptr(PdgGenealogy) g = pdg_trace (store, &root, 1, PDG_DIRECTION_FORWARD,
                                               &trace_options, NULL, NULL);

        runs[i] = ms (t0, g_get_monotonic_time ());
      }
    g_print ("  Trace alone (pdg_trace, warm): %.0f ms (median of 3)\n", median (runs, 3));
  }
  pdg_genealogy_page_get_layout_options (page, &options);
  compare_layout ("as the page draws it", genealogy, &options, 3);
  options.max_children = 0;
  options.expanded = NULL;
  compare_layout ("the same genealogy unfolded", genealogy, &options, 1);
}

/* 2. Panning and zooming --------------------------------------------------- */

typedef enum
{
  STEP_FIT,    /* zoom to fit, once */
  STEP_ZOOM,   /* wheel steps to `zoom` (× the fitted zoom when `of_fit`) at the target card */
  STEP_DRAG,   /* a drag moving (dx, dy) pixels each frame */
} StepKind;

typedef struct
{
  StepKind    kind;
  guint       frames;
  double      a;        /* ZOOM: the zoom reached; DRAG: dx */
  double      b;        /* DRAG: dy */
  gboolean    of_fit;   /* ZOOM: `a` is relative to the fitted zoom */
  const char *level;    /* what the frames are reported under */
} Step;

#define OVERVIEW "overview (fitted ×1–3, greeked)"
#define ZOOMING  "wheel zooming between levels"
#define MIDDLE   "middle (25 %, greeked)"
#define READABLE "readable (50–100 %, text)"

static const Step script[] = {
  { STEP_FIT,  1,  0,    0,  FALSE, ZOOMING },
  { STEP_ZOOM, 6,  2.5,  0,  TRUE,  ZOOMING },
  { STEP_DRAG, 30, -6,   -2, FALSE, OVERVIEW },
  { STEP_DRAG, 20, 14,   4,  FALSE, OVERVIEW },
  { STEP_ZOOM, 24, 1.0,  0,  FALSE, ZOOMING },
  { STEP_DRAG, 40, -8,   -4, FALSE, READABLE },
  { STEP_DRAG, 30, 18,   6,  FALSE, READABLE },
  { STEP_ZOOM, 5,  0.5,  0,  FALSE, ZOOMING },
  { STEP_DRAG, 30, 10,   -5, FALSE, READABLE },
  { STEP_ZOOM, 5,  0.25, 0,  FALSE, ZOOMING },
  { STEP_DRAG, 30, -12,  3,  FALSE, MIDDLE },
  { STEP_ZOOM, 16, 1.0,  0,  TRUE,  ZOOMING },
  { STEP_ZOOM, 6,  3.0,  0,  TRUE,  ZOOMING },
  { STEP_DRAG, 24, 9,    3,  FALSE, OVERVIEW },
};

typedef struct
{
  GMainLoop    *loop;
  PdgGraphView *view;
  FrameLog     *log;
  guint         target;      /* genealogy node the zooms close in on */
  double        fit_zoom;
  guint         step;
  guint         frame;       /* within the step */
  double        drag_x;      /* the drag's offset so far */
  double        drag_y;
  double        zoom_from;
  GPtrArray    *levels;      /* const char *, per frame applied */
} Motion;

static void
target_point (Motion *m,
              double *x,
              double *y)
{
  PdgScene *scene = pdg_graph_view_get_scene (m->view);
  const PdgSceneNode *n = pdg_scene_get_node (scene, pdg_scene_find_unit (scene, m->target));
  int width = gtk_widget_get_width (GTK_WIDGET (m->view));
  int height = gtk_widget_get_height (GTK_WIDGET (m->view));

  pdg_graph_view_scene_to_widget (m->view, n->x, n->y, x, y);
  /* The pointer stays inside the widget. */
  *x = CLAMP (*x, 0, width);
  *y = CLAMP (*y, 0, height);
}

static gboolean
motion_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  Motion *m = data;
  const Step *step;

  while (m->step < G_N_ELEMENTS (script) && m->frame == script[m->step].frames)
    {
      m->step++;
      m->frame = 0;
    }
  if (m->step == G_N_ELEMENTS (script))
    {
      m->log->recording = FALSE;
      g_main_loop_quit (m->loop);
      return G_SOURCE_REMOVE;
    }
  step = &script[m->step];

  switch (step->kind)
    {
    case STEP_FIT:
      pdg_graph_view_zoom_to_fit (m->view);
      m->fit_zoom = pdg_graph_view_get_zoom (m->view);
      break;

    case STEP_ZOOM:
      {
        double to = step->of_fit ? step->a * m->fit_zoom : step->a;
        double x, y;

        if (m->frame == 0)
          m->zoom_from = pdg_graph_view_get_zoom (m->view);
        target_point (m, &x, &y);
        pdg_graph_view_zoom_at (m->view,
                                m->zoom_from * pow (to / m->zoom_from, (m->frame + 1.0) / step->frames),
                                x, y);
      }
      break;

    case STEP_DRAG:
      if (m->frame == 0)
        {
          _pdg_graph_view_drag_begin (m->view, 400, 300);
          m->drag_x = m->drag_y = 0;
        }
      m->drag_x += step->a;
      m->drag_y += step->b;
      _pdg_graph_view_drag_update (m->view, m->drag_x, m->drag_y);
      if (m->frame + 1 == step->frames)
        _pdg_graph_view_drag_end (m->view);
      break;

    default:
      g_assert_not_reached ();
    }

  /* The frame this tick belongs to is logged next. */
  if (m->log->recording)
    g_ptr_array_add (m->levels, (gpointer) step->level);
  m->frame++;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
wait_for_frame (PdgGraphView *view)
{
  pdg_graph_view_reset_frame_stats (view);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  while (!view_has_drawn (view))
    g_main_context_iteration (NULL, TRUE);
}

static void
bench_motion (GMainLoop        *loop,
              GtkWidget        *window,
              PdgGenealogyPage *page,
              FrameLog         *log,
              gint64            lot)
{
  PdgGraphView *view = pdg_genealogy_page_get_graph_view (page);
  Search s = { loop, page, NULL, };
  g_autoptr(PdgScene) scene = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) levels = g_ptr_array_new ();
  PdgLayoutOptions options;
  PdgGraphFrameTimings t;
  Motion m = { loop, view, log, 0, };
  const char *kinds[] = { OVERVIEW, ZOOMING, MIDDLE, READABLE };
  gint64 t0;

  /* The page shows the genealogy folded; the view then gets it unfolded,
   * as if every "+N more" had been expanded. */
  s.stack = GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_STACK));
  search (&s, window, lot);
  pdg_genealogy_page_get_layout_options (page, &options);
  options.max_children = 0;
  options.expanded = NULL;
  t0 = g_get_monotonic_time ();
  scene = pdg_layout_run (pdg_genealogy_page_get_genealogy (page), &options, NULL, &error);
  if (scene == NULL)
    g_error ("%s", error->message);
  g_print ("Panning and zooming a %u-unit where-used graph, unfolded: %u cards and %u edges "
           "(laid out in %.0f ms), scene %.0f × %.0f points, view %d × %d pixels:\n",
           pdg_genealogy_get_n_nodes (pdg_genealogy_page_get_genealogy (page)),
           pdg_scene_get_n_nodes (scene), pdg_scene_get_n_edges (scene),
           ms (t0, g_get_monotonic_time ()), pdg_scene_get_width (scene), pdg_scene_get_height (scene),
           gtk_widget_get_width (GTK_WIDGET (view)), gtk_widget_get_height (GTK_WIDGET (view)));
  pdg_graph_view_set_scene (view, scene);
  pdg_graph_view_zoom_to_fit (view);
  wait_for_frame (view);

  /* The cards the zooms close in on: one in the middle of the widest rank. */
  m.target = pdg_genealogy_get_n_nodes (pdg_genealogy_page_get_genealogy (page)) / 2;
  m.levels = levels;

  frame_log_start (log);
  pdg_graph_view_reset_frame_stats (view);
  gtk_widget_add_tick_callback (GTK_WIDGET (view), motion_tick, &m, NULL);
  g_main_loop_run (loop);
  log->recording = FALSE;

  /* Every frame had its step, and followed the one before it. */
  if (log->work_ms->len != levels->len || log->interval_ms->len + 1 != log->work_ms->len)
    g_print ("  (%u frames, %u intervals, %u steps: the figures below are misaligned)\n",
             log->work_ms->len, log->interval_ms->len, levels->len);

  /* Frame i > 0 comes interval i - 1 after the one before it; the first
   * frame follows the idle view and is left out. */
  for (guint k = 0; k <= G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 1; i < levels->len && i < log->work_ms->len && i - 1 < log->interval_ms->len; i++)
        if (k == G_N_ELEMENTS (kinds) || g_ptr_array_index (levels, i) == kinds[k])
          {
            g_array_append_val (work, g_array_index (log->work_ms, double, i));
            g_array_append_val (intervals, g_array_index (log->interval_ms, double, i - 1));
          }
      print_frames (k < G_N_ELEMENTS (kinds) ? kinds[k] : "all", work, intervals, log->refresh_ms);
    }

  pdg_graph_view_get_frame_timings (view, &t);
  g_print ("  refresh %.1f ms; the view's snapshot() mean %.1f ms, p95 %.1f, max %.1f; "
           "%u cards in view in the last frame\n",
           log->refresh_ms, t.snapshot_mean_ms, t.snapshot_p95_ms, t.snapshot_max_ms, t.last_nodes);
}

/* main --------------------------------------------------------------------- */

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(PdgLocalSource) source = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  FrameLog log = { 0, };
  GdkFrameClock *clock;
  GtkWidget *window;
  PdgGenealogyPage *page;
  gint64 lots_1000[2], lot_2000;

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

  store = pdg_store_open_readonly (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);
  if (find_lots (store, 1000, lots_1000, 2) < 2)
    g_error ("No two lots with a where-used graph of about 1,000 units in %s", argv[1]);
  if (find_lots (store, 2000, &lot_2000, 1) < 1)
    lot_2000 = 0;

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

  log.work_ms = g_array_new (FALSE, FALSE, sizeof (double));
  log.interval_ms = g_array_new (FALSE, FALSE, sizeof (double));
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &log);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_log), &log);

  bench_search (loop, store, window, page, lots_1000);
  if (lot_2000 != 0)
    bench_motion (loop, window, page, &log, lot_2000);
  else
    g_print ("No lot with a where-used graph of about 2,000 units\n");

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (log.work_ms);
  g_array_unref (log.interval_ms);
  return 0;
}
