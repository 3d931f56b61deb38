/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-genealogy-page.c: the genealogy browser.
 *
 * A trace is two asynchronous steps, neither on the UI thread: the
 * PdgSource traces the unit (a worker thread), then core/layout lays the
 * genealogy out with Graphviz (its own thread). A new trace cancels the
 * one in flight. The page keeps a history of traces (unit, direction) for
 * Back and Forward, and the set of "+N more" groups the user expanded,
 * which only needs a new layout, not a new trace.
 *
 * States, the pages of `stack`: "empty" (nothing traced yet), "loading"
 * (tracing or laying out, cancellable), "error" (the message) and "graph".
 * The details of the selected unit are the PdgUnitView beside the graph. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pdg-genealogy-page.h"
#include "pdg-layout.h"
#include "pdg-unit-view.h"

#define MAX_TRACE_NODES 50000   /* beyond this the trace says what it cut */
#define FOLD_ABOVE_NODES 200    /* smaller genealogies are drawn whole */

typedef struct
{
  gint64       unit_id;
  PdgDirection direction;
} HistoryEntry;

struct _PdgGenealogyPage
{
  GtkWidget     parent_instance;

  PdgSource    *source;        /* owned, nullable */
  GArray       *history;       /* HistoryEntry */
  guint         position;      /* the current entry in history (when not empty) */
  GCancellable *cancellable;   /* owned, nullable; the trace or layout in flight */
  gint64        details_unit;  /* the unit the page last showed in unit_view, 0 for none */
  PdgGenealogy *genealogy;     /* owned, nullable; what is shown */
  GHashTable   *expanded;      /* genealogy node index + 1 of expanded groups */
  const char   *state;
  gboolean      syncing_toggle;
  GtkFileChooserNative *chooser; /* owned, nullable; while the export dialog is up */
  char         *export_format;

  /* template children */
  GtkToggleButton *backward_button;
  GtkToggleButton *forward_button;
  GtkLabel        *root_label;
  GtkLabel        *count_label;
  GtkDropDown     *levels_dropdown;
  GtkStack        *stack;
  AdwStatusPage   *loading_page;
  AdwStatusPage   *error_page;
  PdgGraphView    *graph_view;
  PdgUnitView     *unit_view;
};

G_DEFINE_FINAL_TYPE (PdgGenealogyPage, pdg_genealogy_page, GTK_TYPE_WIDGET)

static void start_trace (PdgGenealogyPage *self);

/* State ---------------------------------------------------------------- */

static void
set_state (PdgGenealogyPage *self,
           const char       *state)
{
  self->state = state;
  gtk_stack_set_visible_child_name (self->stack, state);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "genealogy.cancel", g_str_equal (state, "loading"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "genealogy.export", g_str_equal (state, "graph"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "genealogy.print", g_str_equal (state, "graph"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "genealogy.zoom-fit", g_str_equal (state, "graph"));
}

static void
update_history_actions (PdgGenealogyPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "genealogy.back",
                                 self->history->len > 0 && self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "genealogy.forward",
                                 self->position + 1 < self->history->len);
}

static const HistoryEntry *
current_entry (PdgGenealogyPage *self)
{
  if (self->history->len == 0)
    return NULL;
  return &g_array_index (self->history, HistoryEntry, self->position);
}

static void
show_error (PdgGenealogyPage *self,
            const GError     *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  set_state (self, "error");
}

static void
cancel_work (PdgGenealogyPage *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

/* Layout --------------------------------------------------------------- */

static void
on_laid_out (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdgGenealogyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgScene) scene = pdg_layout_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (scene == NULL)
    {
      show_error (self, error);
      return;
    }

  pdg_graph_view_set_scene (self->graph_view, scene);
  set_state (self, "graph");
  pdg_graph_view_zoom_to_fit (self->graph_view);
  if (pdg_graph_view_get_selected (self->graph_view) < 0 && pdg_genealogy_get_n_nodes (self->genealogy) > 0)
    pdg_graph_view_set_selected (self->graph_view, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->graph_view));
}

/* What is drawn, on screen and in exports: the expanded groups, the
 * levels chosen, and whole genealogies when they fit on screen (a big one
 * folds children beyond the first dozen into "+N more" groups). */
static void
get_layout_options (PdgGenealogyPage *self,
                    PdgLayoutOptions *options)
{
  pdg_layout_options_init (options);
  options->expanded = self->expanded;
  options->max_depth = gtk_drop_down_get_selected (self->levels_dropdown);   /* 0 = all */
  if (pdg_genealogy_get_n_nodes (self->genealogy) <= FOLD_ABOVE_NODES)
    options->max_children = 0;
}

static void
start_layout (PdgGenealogyPage *self)
{
  PdgLayoutOptions options;

  cancel_work (self);
  self->cancellable = g_cancellable_new ();
  get_layout_options (self, &options);
  adw_status_page_set_title (self->loading_page, _("Laying Out…"));
  pdg_layout_async (self->genealogy, &options, self->cancellable, on_laid_out, g_object_ref (self));
}

/* Trace ---------------------------------------------------------------- */

static void
update_labels (PdgGenealogyPage *self)
{
  const HistoryEntry *entry = current_entry (self);
  g_autofree char *count = NULL;

  if (self->genealogy == NULL || entry == NULL)
    {
      gtk_label_set_text (self->root_label, "");
      gtk_label_set_text (self->count_label, "");
      return;
    }

  {
    const PdgUnit *root = pdg_genealogy_get_node (self->genealogy, 0)->unit;
    g_autofree char *key = pdg_unit_dup_key (root);
    g_autofree char *title = g_strdup_printf (entry->direction == PDG_DIRECTION_BACKWARD
                                                ? _("%s — made of") : _("%s — used in"), key);

    gtk_label_set_text (self->root_label, title);
  }
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unit", "%u units",
                                        pdg_genealogy_get_n_nodes (self->genealogy)),
                           pdg_genealogy_get_n_nodes (self->genealogy));
  if (self->genealogy->node_capped || self->genealogy->depth_capped)
    {
      g_autofree char *more = g_strdup_printf (_("%s (cut off)"), count);

      gtk_label_set_text (self->count_label, more);
    }
  else
    gtk_label_set_text (self->count_label, count);
}

/* The unit beside the graph, read afresh. */
static void
show_details (PdgGenealogyPage *self,
              gint64            unit_id)
{
  self->details_unit = unit_id;
  pdg_unit_view_show_unit (self->unit_view, unit_id);
}

static void
on_traced (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PdgGenealogyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgGenealogy) genealogy = pdg_source_trace_finish (PDG_SOURCE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (genealogy == NULL)
    {
      show_error (self, error);
      return;
    }

  g_clear_pointer (&self->genealogy, pdg_genealogy_unref);
  self->genealogy = g_steal_pointer (&genealogy);
  g_hash_table_remove_all (self->expanded);
  pdg_graph_view_set_selected (self->graph_view, -1);
  update_labels (self);
  show_details (self, pdg_genealogy_get_node (self->genealogy, 0)->unit->id);
  start_layout (self);
}

static void
sync_toggle (PdgGenealogyPage *self,
             PdgDirection      direction)
{
  self->syncing_toggle = TRUE;
  gtk_toggle_button_set_active (direction == PDG_DIRECTION_BACKWARD ? self->backward_button
                                                                    : self->forward_button, TRUE);
  self->syncing_toggle = FALSE;
}

static void
start_trace (PdgGenealogyPage *self)
{
  const HistoryEntry *entry = current_entry (self);
  PdgTraceOptions options = { .max_nodes = MAX_TRACE_NODES };

  if (entry == NULL || self->source == NULL)
    return;

  cancel_work (self);
  self->cancellable = g_cancellable_new ();
  sync_toggle (self, entry->direction);
  update_history_actions (self);
  adw_status_page_set_title (self->loading_page, _("Tracing…"));
  set_state (self, "loading");
  pdg_source_trace_async (self->source, entry->unit_id, entry->direction, &options,
                          self->cancellable, on_traced, g_object_ref (self));
}

/**
 * pdg_genealogy_page_reload:
 *
 * Traces the unit shown again (its statuses changed elsewhere: a block, a
 * registration), keeping the history.
 */
void
pdg_genealogy_page_reload (PdgGenealogyPage *self)
{
  g_return_if_fail (PDG_IS_GENEALOGY_PAGE (self));

  start_trace (self);
}

/**
 * pdg_genealogy_page_trace:
 *
 * Traces a unit (a new history entry after the current one) and shows it.
 */
void
pdg_genealogy_page_trace (PdgGenealogyPage *self,
                          gint64            unit_id,
                          PdgDirection      direction)
{
  HistoryEntry entry = { unit_id, direction };

  g_return_if_fail (PDG_IS_GENEALOGY_PAGE (self));

  if (self->history->len > 0)
    g_array_set_size (self->history, self->position + 1);
  g_array_append_val (self->history, entry);
  self->position = self->history->len - 1;
  start_trace (self);
}

static void
on_found (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PdgGenealogyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = pdg_source_find_units_finish (PDG_SOURCE (object), result, &error);
  const HistoryEntry *entry;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (units == NULL)
    {
      show_error (self, error);
      return;
    }
  if (units->len == 0)
    {
      adw_status_page_set_description (self->error_page,
                                       _("No unit matches that serial, batch or code. Check it, or write ITEM/SERIAL."));
      set_state (self, "error");
      return;
    }
  entry = current_entry (self);
  pdg_genealogy_page_trace (self, ((PdgUnit *) g_ptr_array_index (units, 0))->id,
                            entry != NULL ? entry->direction
                                          : gtk_toggle_button_get_active (self->forward_button)
                                              ? PDG_DIRECTION_FORWARD : PDG_DIRECTION_BACKWARD);
}

/**
 * pdg_genealogy_page_trace_text:
 * @text: a serial, batch, ITEM/SERIAL, unit id, GS1 code or Digital Link
 *
 * Finds the unit (best match first) and traces it.
 */
void
pdg_genealogy_page_trace_text (PdgGenealogyPage *self,
                               const char       *text)
{
  g_return_if_fail (PDG_IS_GENEALOGY_PAGE (self));

  if (self->source == NULL || text == NULL || *text == '\0')
    return;
  cancel_work (self);
  self->cancellable = g_cancellable_new ();
  adw_status_page_set_title (self->loading_page, _("Finding…"));
  set_state (self, "loading");
  pdg_source_find_units_async (self->source, text, 1, self->cancellable, on_found, g_object_ref (self));
}

/**
 * pdg_genealogy_page_activate_text:
 *
 * What Enter in the search field does here: the card of the graph shown
 * whose serial/batch or ITEM/SERIAL is exactly @text is selected and
 * centred; otherwise the best match in the database is traced.
 */
void
pdg_genealogy_page_activate_text (PdgGenealogyPage *self,
                                  const char       *text)
{
  g_autofree char *wanted = NULL;

  g_return_if_fail (PDG_IS_GENEALOGY_PAGE (self));

  if (text == NULL)
    return;
  wanted = g_strstrip (g_strdup (text));
  if (self->genealogy != NULL && g_str_equal (self->state, "graph"))
    for (guint i = 0; i < pdg_genealogy_get_n_nodes (self->genealogy); i++)
      {
        const PdgUnit *u = pdg_genealogy_get_node (self->genealogy, i)->unit;
        g_autofree char *key = pdg_unit_dup_key (u);

        if (g_strcmp0 (u->lot, wanted) == 0 || g_strcmp0 (key, wanted) == 0)
          {
            pdg_graph_view_set_selected (self->graph_view, (int) i);
            pdg_graph_view_center_on (self->graph_view, i);
            gtk_widget_grab_focus (GTK_WIDGET (self->graph_view));
            return;
          }
      }
  pdg_genealogy_page_trace_text (self, wanted);
}

/* Graph signals -------------------------------------------------------- */

static void
on_node_selected (PdgGenealogyPage *self,
                  int               node)
{
  gint64 unit_id;

  if (self->genealogy == NULL || node < 0 || (guint) node >= pdg_genealogy_get_n_nodes (self->genealogy))
    return;
  /* The root's details are loaded with the trace; selecting its card
   * when the graph arrives need not load and build them again. */
  unit_id = pdg_genealogy_get_node (self->genealogy, node)->unit->id;
  if (unit_id != self->details_unit || pdg_unit_view_get_can_go_back (self->unit_view))
    show_details (self, unit_id);
}

static void
on_node_activated (PdgGenealogyPage *self,
                   int               node)
{
  const HistoryEntry *entry = current_entry (self);

  if (self->genealogy == NULL || entry == NULL || node <= 0 ||
      (guint) node >= pdg_genealogy_get_n_nodes (self->genealogy))
    return;
  pdg_genealogy_page_trace (self, pdg_genealogy_get_node (self->genealogy, node)->unit->id, entry->direction);
}

static void
on_group_activated (PdgGenealogyPage *self,
                    int               node)
{
  if (self->genealogy == NULL || node < 0)
    return;
  g_hash_table_add (self->expanded, GUINT_TO_POINTER ((guint) node + 1));
  start_layout (self);
}

/* Fewer or more levels: a new layout of the same trace. */
static void
on_levels_changed (PdgGenealogyPage *self,
                   GParamSpec       *pspec,
                   GtkDropDown      *dropdown)
{
  if (self->genealogy == NULL || g_str_equal (self->state, "loading"))
    return;
  g_hash_table_remove_all (self->expanded);
  start_layout (self);
}

static void
on_direction_toggled (PdgGenealogyPage *self,
                      GtkToggleButton  *button)
{
  const HistoryEntry *entry = current_entry (self);
  PdgDirection direction = gtk_toggle_button_get_active (self->backward_button)
                             ? PDG_DIRECTION_BACKWARD : PDG_DIRECTION_FORWARD;

  if (self->syncing_toggle || entry == NULL || entry->direction == direction)
    return;
  pdg_genealogy_page_trace (self, entry->unit_id, direction);
}

/* Actions -------------------------------------------------------------- */

static void
back_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  PdgGenealogyPage *self = PDG_GENEALOGY_PAGE (widget);

  if (self->position == 0)
    return;
  self->position--;
  start_trace (self);
}

static void
forward_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  PdgGenealogyPage *self = PDG_GENEALOGY_PAGE (widget);

  if (self->position + 1 >= self->history->len)
    return;
  self->position++;
  start_trace (self);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action,
                 GVariant   *param)
{
  pdg_graph_view_zoom_to_fit (PDG_GENEALOGY_PAGE (widget)->graph_view);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  PdgGenealogyPage *self = PDG_GENEALOGY_PAGE (widget);

  cancel_work (self);
  set_state (self, self->genealogy != NULL && pdg_graph_view_get_scene (self->graph_view) != NULL
                     ? "graph" : "empty");
}

static gint64
selected_unit (PdgGenealogyPage *self)
{
  int node = pdg_graph_view_get_selected (self->graph_view);

  if (self->genealogy == NULL || node < 0 || (guint) node >= pdg_genealogy_get_n_nodes (self->genealogy))
    return 0;
  return pdg_genealogy_get_node (self->genealogy, node)->unit->id;
}

static void
trace_selected_action (GtkWidget  *widget,
                       const char *action,
                       GVariant   *param)
{
  PdgGenealogyPage *self = PDG_GENEALOGY_PAGE (widget);
  gint64 unit_id = selected_unit (self);

  if (unit_id > 0)
    pdg_genealogy_page_trace (self, unit_id, g_variant_get_boolean (param) ? PDG_DIRECTION_FORWARD
                                                                           : PDG_DIRECTION_BACKWARD);
}

static void
toast (PdgGenealogyPage *self,
       const char       *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
copy_identifier_action (GtkWidget  *widget,
                        const char *action,
                        GVariant   *param)
{
  PdgGenealogyPage *self = PDG_GENEALOGY_PAGE (widget);
  int node = pdg_graph_view_get_selected (self->graph_view);
  g_autofree char *key = NULL;

  if (self->genealogy == NULL || node < 0)
    return;
  key = pdg_unit_dup_key (pdg_genealogy_get_node (self->genealogy, node)->unit);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), key);
  toast (self, _("Copied"));
}

/* Export --------------------------------------------------------------- */

static void
on_export_written (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PdgGenealogyPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    toast (self, error->message);
  else
    toast (self, _("Exported"));
}

static void
on_rendered (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;   /* carries the page and the file */
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = pdg_layout_render_finish (result, &error);
  PdgGenealogyPage *self = g_task_get_source_object (task);
  GFile *file = g_task_get_task_data (task);

  if (bytes == NULL)
    {
      toast (self, error->message);
      return;
    }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, on_export_written, g_object_ref (self));
}

static void
on_export_response (PdgGenealogyPage     *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->chooser);
  if (response != GTK_RESPONSE_ACCEPT || file == NULL || self->genealogy == NULL)
    return;

  if (g_str_equal (self->export_format, "png"))
    {
      g_autofree char *path = g_file_get_path (file);

      /* The screen's own drawing, whole. */
      if (path == NULL || !pdg_graph_view_save_png (self->graph_view, path, &error))
        toast (self, error != NULL ? error->message : _("Cannot write there."));
      else
        toast (self, _("Exported"));
      return;
    }

  {
    PdgLayoutOptions options;
    GTask *task = g_task_new (self, NULL, NULL, NULL);

    get_layout_options (self, &options);
    g_task_set_task_data (task, g_object_ref (file), g_object_unref);
    pdg_layout_render_async (self->genealogy, &options, self->export_format, NULL, on_rendered, task);
  }
}

static void
export_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  PdgGenealogyPage *self = PDG_GENEALOGY_PAGE (widget);
  const char *format = g_variant_get_string (param, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;

  if (self->genealogy == NULL || self->chooser != NULL)
    return;
  g_free (self->export_format);
  self->export_format = g_strdup (format);
  {
    g_autofree char *key = pdg_unit_dup_key (pdg_genealogy_get_node (self->genealogy, 0)->unit);

    g_strdelimit (key, "/\\:", '_');
    name = g_strdup_printf ("%s.%s", key, format);
  }
  self->chooser = gtk_file_chooser_native_new (_("Export Genealogy"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_export_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Print ---------------------------------------------------------------- */

/* The whole graph on one page, scaled to fit it, as drawn on screen. */
static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PdgGenealogyPage  *self)
{
  g_autoptr(GdkTexture) texture = pdg_graph_view_render_texture (self->graph_view, 2.0);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double page_w = gtk_print_context_get_width (context);
  double page_h = gtk_print_context_get_height (context);
  cairo_surface_t *surface;
  double scale;
  int w, h;

  if (texture == NULL)
    return;
  w = gdk_texture_get_width (texture);
  h = gdk_texture_get_height (texture);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        (gsize) cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);

  /* A heading, then the graph below it. */
  {
    g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);

    pango_layout_set_text (layout, gtk_label_get_text (self->root_label), -1);
    pango_layout_set_width (layout, (int) (page_w * PANGO_SCALE));
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    pango_cairo_show_layout (cr, layout);
  }
  scale = MIN (page_w / w, (page_h - 24) / h);
  cairo_translate (cr, (page_w - w * scale) / 2, 24);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_surface_destroy (surface);
}

/* Prints the graph; with @export_path, writes the PDF there instead of
 * showing the print dialog (and for tests). */
static gboolean
print_graph (PdgGenealogyPage  *self,
             const char        *export_path,
             GError           **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkPrintOperationResult result;

  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, gtk_label_get_text (self->root_label));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  {
    g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();

    gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
    gtk_print_operation_set_default_page_setup (operation, setup);
  }
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), self);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);
  result = gtk_print_operation_run (operation,
                                    export_path != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                        : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
print_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  PdgGenealogyPage *self = PDG_GENEALOGY_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->genealogy == NULL || !g_str_equal (self->state, "graph"))
    return;
  if (!print_graph (self, NULL, &error))
    toast (self, error->message);
}

/**
 * pdg_genealogy_page_print_to_pdf:
 *
 * What Print does, written to a PDF file without a dialog.
 */
gboolean
pdg_genealogy_page_print_to_pdf (PdgGenealogyPage  *self,
                                 const char        *path,
                                 GError           **error)
{
  g_return_val_if_fail (PDG_IS_GENEALOGY_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return print_graph (self, path, error);
}

/* Object --------------------------------------------------------------- */

PdgSource *
pdg_genealogy_page_get_source (PdgGenealogyPage *self)
{
  g_return_val_if_fail (PDG_IS_GENEALOGY_PAGE (self), NULL);

  return self->source;
}

void
pdg_genealogy_page_set_source (PdgGenealogyPage *self,
                               PdgSource        *source)
{
  g_return_if_fail (PDG_IS_GENEALOGY_PAGE (self));

  cancel_work (self);
  g_set_object (&self->source, source);
  g_array_set_size (self->history, 0);
  self->position = 0;
  g_clear_pointer (&self->genealogy, pdg_genealogy_unref);
  g_hash_table_remove_all (self->expanded);
  pdg_graph_view_set_scene (self->graph_view, NULL);
  pdg_unit_view_set_source (self->unit_view, source);
  self->details_unit = 0;
  update_labels (self);
  update_history_actions (self);
  set_state (self, "empty");
}

PdgGraphView *
pdg_genealogy_page_get_graph_view (PdgGenealogyPage *self)
{
  g_return_val_if_fail (PDG_IS_GENEALOGY_PAGE (self), NULL);

  return self->graph_view;
}

PdgUnitView *
pdg_genealogy_page_get_unit_view (PdgGenealogyPage *self)
{
  g_return_val_if_fail (PDG_IS_GENEALOGY_PAGE (self), NULL);

  return self->unit_view;
}

PdgGenealogy *
pdg_genealogy_page_get_genealogy (PdgGenealogyPage *self)
{
  g_return_val_if_fail (PDG_IS_GENEALOGY_PAGE (self), NULL);

  return self->genealogy;
}

void
pdg_genealogy_page_get_layout_options (PdgGenealogyPage *self,
                                       PdgLayoutOptions *options)
{
  g_return_if_fail (PDG_IS_GENEALOGY_PAGE (self));
  g_return_if_fail (options != NULL);

  if (self->genealogy == NULL)
    {
      pdg_layout_options_init (options);
      return;
    }
  get_layout_options (self, options);
}

const char *
pdg_genealogy_page_get_state (PdgGenealogyPage *self)
{
  g_return_val_if_fail (PDG_IS_GENEALOGY_PAGE (self), NULL);

  return self->state;
}

static void
pdg_genealogy_page_dispose (GObject *object)
{
  PdgGenealogyPage *self = PDG_GENEALOGY_PAGE (object);

  cancel_work (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), PDG_TYPE_GENEALOGY_PAGE);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (pdg_genealogy_page_parent_class)->dispose (object);
}

static void
pdg_genealogy_page_finalize (GObject *object)
{
  PdgGenealogyPage *self = PDG_GENEALOGY_PAGE (object);

  g_clear_object (&self->source);
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->genealogy, pdg_genealogy_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_free (self->export_format);

  G_OBJECT_CLASS (pdg_genealogy_page_parent_class)->finalize (object);
}

static void
pdg_genealogy_page_class_init (PdgGenealogyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pdg_genealogy_page_dispose;
  object_class->finalize = pdg_genealogy_page_finalize;

  g_type_ensure (PDG_TYPE_GRAPH_VIEW);
  g_type_ensure (PDG_TYPE_UNIT_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pedigree/Pedigree/pdg-genealogy-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdgGenealogyPage, backward_button);
  gtk_widget_class_bind_template_child (widget_class, PdgGenealogyPage, forward_button);
  gtk_widget_class_bind_template_child (widget_class, PdgGenealogyPage, root_label);
  gtk_widget_class_bind_template_child (widget_class, PdgGenealogyPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PdgGenealogyPage, levels_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdgGenealogyPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdgGenealogyPage, loading_page);
  gtk_widget_class_bind_template_child (widget_class, PdgGenealogyPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdgGenealogyPage, graph_view);
  gtk_widget_class_bind_template_child (widget_class, PdgGenealogyPage, unit_view);
  gtk_widget_class_bind_template_callback (widget_class, on_node_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_node_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_group_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_direction_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_levels_changed);

  gtk_widget_class_install_action (widget_class, "genealogy.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "genealogy.forward", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "genealogy.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "genealogy.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "genealogy.trace-selected", "b", trace_selected_action);
  gtk_widget_class_install_action (widget_class, "genealogy.copy-identifier", NULL, copy_identifier_action);
  gtk_widget_class_install_action (widget_class, "genealogy.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "genealogy.print", NULL, print_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "genealogy.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "genealogy.forward", NULL);
}

static void
pdg_genealogy_page_init (PdgGenealogyPage *self)
{
  self->history = g_array_new (FALSE, FALSE, sizeof (HistoryEntry));
  self->expanded = g_hash_table_new (g_direct_hash, g_direct_equal);
  gtk_widget_init_template (GTK_WIDGET (self));
  update_history_actions (self);
  set_state (self, "empty");
}
