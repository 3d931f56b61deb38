/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-recall-page.c: the recall workspace.
 *
 * The left pane builds the suspect set: units found with the PdgSource
 * (Enter adds the best match; the Genealogy page adds its selection through
 * pdg_recall_page_add_suspect()), or a supplier or an item with a date
 * range, checked here so that a bad range says what to fix and runs
 * nothing. Run sends one PdgRecallQuery to the source (a worker thread),
 * then lays the recall's forward genealogy out with core/layout (the
 * Graphviz thread); a new run, Cancel and dispose cancel both. The UI
 * thread only builds widgets from the finished PdgRecall.
 *
 * States, the pages of `stack`: "empty", "running", "error" and "result".
 * The result is the summary and six tabs: the impacted units (a
 * GtkColumnView over a GListStore of RecallRow, filtered then sorted by the
 * column the user clicked), the graph (suspects red, units holding suspect
 * material amber, the rest faded; big recalls fold children and levels),
 * customers, open orders, one mass-balance card per suspect and the lint
 * warnings.
 *
 * Exports: CSV and FSMA through the source; the PDF report is drawn with
 * cairo and Pango on a worker thread from the recall and a picture of the
 * graph taken on the UI thread beforehand. Block asks first, blocks every
 * impacted unit in stock through the source (audited there) and runs the
 * recall again so the table shows them Blocked. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "pdg-format.h"
#include "pdg-graph-view.h"
#include "pdg-layout.h"
#include "pdg-recall-page.h"
#include "pdg-status-pill.h"

#define WHOLE_GRAPH_NODES 200   /* recalls up to this size are drawn unfolded */
#define FOLD_LEVELS_NODES 2000  /* above this, levels fold too ... */
#define MAX_DRAWN_NODES   1000  /* ... until the graph has about this many boxes */
#define MAX_LIST_ROWS     500   /* customers, orders, warnings, balance cards shown */
#define MAX_MATCHES       8     /* search results offered under the suspect entry */
#define REPORT_IMAGE_SIDE 3000  /* pixels on the longer side of the report's graph */

/* One row of the impacted-units table -------------------------------------- */

typedef enum
{
  COL_UNIT,
  COL_ITEM,
  COL_LEVEL,
  COL_STATUS,
  COL_LOCATION,
  COL_CUSTOMER,
  COL_SHIPPED,
  COL_CONTAINED,
  N_COLUMNS
} Column;

#define PDG_TYPE_RECALL_ROW (pdg_recall_row_get_type ())
G_DECLARE_FINAL_TYPE (PdgRecallRow, pdg_recall_row, PDG, RECALL_ROW, GObject)

/* An impacted unit as the table shows it; plain values copied out of the
 * recall, so rows never point into it. */
struct _PdgRecallRow
{
  GObject        parent_instance;

  guint          node;            /* genealogy node index */
  gint64         unit_id;
  char          *key;             /* owned; ITEM/LOT */
  char          *description;     /* owned; item description */
  guint          level;           /* depth below the suspects */
  PdgUnitStatus  status;
  char          *location;        /* owned, nullable */
  char          *customer;        /* owned, nullable; customers shipped to, "; " between */
  gint64         shipped_at;      /* first shipment, Unix time; 0 when never shipped */
  char          *shipped;         /* owned, nullable; its day */
  double         contained;       /* suspect quantity inside */
  char          *contained_text;  /* owned; with the unit of measure */
  char          *haystack;        /* owned; case-folded text the filter searches */
};

G_DEFINE_FINAL_TYPE (PdgRecallRow, pdg_recall_row, G_TYPE_OBJECT)

enum { ROW_PROP_0, ROW_PROP_UNIT_ID, ROW_PROP_NODE, ROW_N_PROPS };
static GParamSpec *row_properties [ROW_N_PROPS];

static void
pdg_recall_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdgRecallRow *self = PDG_RECALL_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_UNIT_ID:
      g_value_set_int64 (value, self->unit_id);
      break;
    case ROW_PROP_NODE:
      g_value_set_uint (value, self->node);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pdg_recall_row_finalize (GObject *object)
{
  PdgRecallRow *self = PDG_RECALL_ROW (object);

  g_free (self->key);
  g_free (self->description);
  g_free (self->location);
  g_free (self->customer);
  g_free (self->shipped);
  g_free (self->contained_text);
  g_free (self->haystack);

  G_OBJECT_CLASS (pdg_recall_row_parent_class)->finalize (object);
}

static void
pdg_recall_row_class_init (PdgRecallRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = pdg_recall_row_get_property;
  object_class->finalize = pdg_recall_row_finalize;

  row_properties[ROW_PROP_UNIT_ID] =
    g_param_spec_int64 ("unit-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  row_properties[ROW_PROP_NODE] =
    g_param_spec_uint ("node", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
pdg_recall_row_init (PdgRecallRow *self)
{
}

static char *
format_amount (double      quantity,
               const char *uom)
{
  g_autofree char *q = NULL;

  if (!isfinite (quantity))
    return g_strdup (_("unknown"));
  q = pdg_format_quantity (quantity);
  return uom != NULL && *uom != '\0' ? g_strdup_printf ("%s %s", q, uom) : g_steal_pointer (&q);
}

static PdgRecallRow *
recall_row_new (const PdgRecall *recall,
                guint            index)
{
  const PdgGenealogyNode *n = pdg_genealogy_get_node (recall->genealogy, index);
  PdgRecallRow *row = g_object_new (PDG_TYPE_RECALL_ROW, NULL);
  g_autoptr(GString) customers = g_string_new (NULL);
  g_autofree char *hay = NULL;

  row->node = index;
  row->unit_id = n->unit->id;
  row->key = pdg_unit_dup_key (n->unit);
  row->description = g_strdup (n->unit->item_description);
  row->level = n->depth;
  row->status = n->unit->status;
  row->location = g_strdup (n->unit->location);
  for (guint k = 0; n->events != NULL && k < n->events->len; k++)
    {
      const PdgEvent *e = g_ptr_array_index (n->events, k);

      if (e->kind != PDG_EVENT_SHIPMENT)
        continue;
      if (row->shipped_at == 0 || e->at < row->shipped_at)
        row->shipped_at = e->at;
      if (e->partner != NULL && strstr (customers->str, e->partner) == NULL)
        g_string_append_printf (customers, "%s%s", customers->len > 0 ? "; " : "", e->partner);
    }
  if (customers->len > 0)
    row->customer = g_string_free (g_steal_pointer (&customers), FALSE);
  if (row->shipped_at != 0)
    row->shipped = pdg_format_date (row->shipped_at);
  row->contained = recall->contained[index];
  row->contained_text = format_amount (row->contained, recall->uom);

  hay = g_strjoin ("\n", row->key, row->description ? row->description : "",
                   row->location ? row->location : "", row->customer ? row->customer : "",
                   pdg_unit_status_label (row->status), row->shipped ? row->shipped : "", NULL);
  row->haystack = g_utf8_casefold (hay, -1);

  return row;
}

/* The page ------------------------------------------------------------------ */

typedef enum
{
  MODE_UNITS,
  MODE_SUPPLIER,
  MODE_ITEM,
} Mode;

struct _PdgRecallPage
{
  GtkWidget       parent_instance;

  PdgSource      *source;              /* owned, nullable */
  GPtrArray      *suspects;            /* owned; PdgUnit, the suspect set in Units mode */
  Mode            mode;
  PdgRecallQuery *query;               /* owned, nullable; what the last run asked */
  PdgRecall      *recall;              /* owned, nullable; the result shown */
  const char     *state;
  GCancellable   *cancellable;         /* owned, nullable; the run in flight */
  GCancellable   *layout_cancellable;  /* owned, nullable; the layout in flight */
  GCancellable   *search_cancellable;  /* owned, nullable; the suspect lookup in flight */
  GCancellable   *lifetime;            /* owned; exports, blocks, loads: cancelled on dispose */
  GHashTable     *expanded;            /* genealogy node index + 1 of expanded groups */
  guint           fold_depth;          /* max_depth of a folded graph; 0 = all levels */
  guint           tick_id;             /* the running timer */
  gint64          started_at;          /* monotonic time the run started */
  char           *filter_text;         /* owned, nullable; case-folded */
  GListStore     *rows;                /* owned; PdgRecallRow */
  GtkFilter      *filter;              /* owned */
  GtkFilterListModel *filter_model;    /* owned */
  GtkColumnViewColumn *columns[N_COLUMNS]; /* borrowed from units_view */
  GtkFileChooserNative *chooser;       /* owned, nullable; while the export dialog is up */
  PdgRecallPageExport   chooser_format;

  /* template children */
  AdwToastOverlay *toast_overlay;
  GtkToggleButton *units_toggle;
  GtkToggleButton *supplier_toggle;
  GtkToggleButton *item_toggle;
  GtkStack        *mode_stack;
  GtkSearchEntry  *suspect_entry;
  GtkLabel        *suspect_error;
  GtkListBox      *match_list;
  GtkListBox      *suspect_list;
  AdwEntryRow     *name_row;
  AdwEntryRow     *from_row;
  AdwEntryRow     *to_row;
  GtkLabel        *range_error;
  GtkLabel        *range_hint;
  GtkButton       *run_button;
  GtkWidget       *progress_box;
  GtkSpinner      *progress_spinner;
  GtkLabel        *progress_label;
  GtkStack        *stack;
  AdwStatusPage   *running_page;
  GtkSpinner      *running_spinner;
  AdwStatusPage   *error_page;
  GtkLabel        *title_label;
  GtkLabel        *summary_label;
  AdwViewStack    *result_stack;
  AdwViewStackPage *units_stack_page;
  AdwViewStackPage *customers_stack_page;
  AdwViewStackPage *orders_stack_page;
  AdwViewStackPage *balance_stack_page;
  AdwViewStackPage *warnings_stack_page;
  GtkSearchEntry  *filter_entry;
  GtkLabel        *shown_label;
  GtkColumnView   *units_view;
  GtkLabel        *graph_note;
  GtkStack        *graph_stack;
  GtkSpinner      *layout_spinner;
  AdwStatusPage   *graph_error_page;
  PdgGraphView    *graph_view;
  GtkLabel        *customers_label;
  GtkListBox      *customer_list;
  GtkLabel        *orders_label;
  GtkListBox      *order_list;
  GtkWidget       *balance_box;
  GtkLabel        *warnings_label;
  GtkListBox      *warning_list;
};

G_DEFINE_FINAL_TYPE (PdgRecallPage, pdg_recall_page, GTK_TYPE_WIDGET)

static void start_run (PdgRecallPage *self);

static void
toast_with_priority (PdgRecallPage    *self,
                     const char       *text,
                     AdwToastPriority  priority)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 6);
  adw_toast_set_priority (t, priority);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
toast (PdgRecallPage *self,
       const char    *text)
{
  toast_with_priority (self, text, ADW_TOAST_PRIORITY_NORMAL);
}

static void
remove_all_rows (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    {
      if (GTK_IS_LIST_BOX_ROW (row))
        gtk_list_box_remove (list, row);
      else
        break;   /* the placeholder is last and not a row */
    }
}

/* An AdwActionRow showing text as it is (names may hold '&' or '<'). */
static GtkWidget *
plain_row (const char *title,
           const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
suffix_label (GtkWidget  *row,
              const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return label;
}

/* State --------------------------------------------------------------------- */

static gboolean
on_tick (gpointer user_data)
{
  PdgRecallPage *self = user_data;
  gint64 seconds = (g_get_monotonic_time () - self->started_at) / G_USEC_PER_SEC;
  g_autofree char *text = g_strdup_printf (_("Tracing forward from the suspects… %" G_GINT64_FORMAT " s"), seconds);

  gtk_label_set_text (self->progress_label, text);
  return G_SOURCE_CONTINUE;
}

static void
set_state (PdgRecallPage *self,
           const char    *state)
{
  gboolean running = g_str_equal (state, "running");
  gboolean result = g_str_equal (state, "result");

  self->state = state;
  gtk_stack_set_visible_child_name (self->stack, state);

  gtk_button_set_label (self->run_button, running ? _("_Cancel") : _("_Run Recall"));
  if (running)
    gtk_widget_remove_css_class (GTK_WIDGET (self->run_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->run_button), "suggested-action");
  gtk_widget_set_visible (self->progress_box, running);
  gtk_spinner_set_spinning (self->progress_spinner, running);
  gtk_spinner_set_spinning (self->running_spinner, running);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (running)
    {
      self->started_at = g_get_monotonic_time ();
      on_tick (self);
      self->tick_id = g_timeout_add_seconds (1, on_tick, self);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recall.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recall.export", result);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recall.block", result);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recall.zoom-fit", result);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recall.run", !running && self->source != NULL);
}

static void
cancel_work (PdgRecallPage *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  if (self->layout_cancellable != NULL)
    {
      g_cancellable_cancel (self->layout_cancellable);
      g_clear_object (&self->layout_cancellable);
    }
}

static void
cancel_search (PdgRecallPage *self)
{
  if (self->search_cancellable != NULL)
    {
      g_cancellable_cancel (self->search_cancellable);
      g_clear_object (&self->search_cancellable);
    }
}

/* The suspect set ------------------------------------------------------------ */

static void
update_suspect_actions (PdgRecallPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recall.clear-suspects", self->suspects->len > 0);
}

static void
show_suspect_error (PdgRecallPage *self,
                    const char    *text)
{
  gtk_label_set_text (self->suspect_error, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->suspect_error), text != NULL);
}

static void
on_remove_suspect (PdgRecallPage *self,
                   GtkButton     *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  gint64 unit_id = *(gint64 *) g_object_get_data (G_OBJECT (button), "unit-id");

  for (guint i = 0; i < self->suspects->len; i++)
    if (((PdgUnit *) g_ptr_array_index (self->suspects, i))->id == unit_id)
      {
        g_ptr_array_remove_index (self->suspects, i);
        break;
      }
  if (row != NULL)
    gtk_list_box_remove (self->suspect_list, row);
  update_suspect_actions (self);
}

static char *
unit_subtitle (const PdgUnit *unit)
{
  g_autofree char *amount = format_amount (unit->quantity, unit->uom);

  return g_strdup_printf ("%s · %s · %s", unit->item_description ? unit->item_description : "",
                          amount, pdg_unit_status_label (unit->status));
}

static void
add_unit (PdgRecallPage *self,
          const PdgUnit *unit)
{
  g_autofree char *key = pdg_unit_dup_key (unit);
  g_autofree char *subtitle = unit_subtitle (unit);
  GtkWidget *row, *button;

  for (guint i = 0; i < self->suspects->len; i++)
    if (((PdgUnit *) g_ptr_array_index (self->suspects, i))->id == unit->id)
      {
        g_autofree char *text = g_strdup_printf (_("%s is already a suspect"), key);

        toast (self, text);
        return;
      }

  g_ptr_array_add (self->suspects, pdg_unit_copy (unit));
  row = plain_row (key, subtitle);
  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Remove from the suspect set"));
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "unit-id", g_memdup2 (&unit->id, sizeof unit->id), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_remove_suspect), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_append (self->suspect_list, row);
  show_suspect_error (self, NULL);
  update_suspect_actions (self);
}

/* After a run: the suspects as the recall read them (a block changes
 * their status). */
static void
refresh_suspects (PdgRecallPage   *self,
                  const PdgRecall *recall)
{
  g_autoptr(GPtrArray) units = g_steal_pointer (&self->suspects);

  self->suspects = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_unit_free);
  remove_all_rows (self->suspect_list);
  for (guint i = 0; i < units->len; i++)
    {
      const PdgUnit *unit = g_ptr_array_index (units, i);

      for (guint k = 0; k < recall->suspects->len; k++)
        if (((PdgUnit *) g_ptr_array_index (recall->suspects, k))->id == unit->id)
          unit = g_ptr_array_index (recall->suspects, k);
      add_unit (self, unit);
    }
}

static void
hide_matches (PdgRecallPage *self)
{
  remove_all_rows (self->match_list);
  gtk_widget_set_visible (GTK_WIDGET (self->match_list), FALSE);
}

static void
clear_entry (PdgRecallPage *self)
{
  cancel_search (self);
  gtk_editable_set_text (GTK_EDITABLE (self->suspect_entry), "");
  hide_matches (self);
}

static void
on_matches_found (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdgRecallPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = pdg_source_find_units_finish (PDG_SOURCE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  hide_matches (self);
  if (units == NULL)
    {
      show_suspect_error (self, error->message);
      return;
    }
  if (units->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("No unit matches “%s”. Check it, or write ITEM/LOT."),
                                               gtk_editable_get_text (GTK_EDITABLE (self->suspect_entry)));

      show_suspect_error (self, text);
      return;
    }
  show_suspect_error (self, NULL);
  for (guint i = 0; i < units->len; i++)
    {
      const PdgUnit *unit = g_ptr_array_index (units, i);
      g_autofree char *key = pdg_unit_dup_key (unit);
      g_autofree char *subtitle = unit_subtitle (unit);
      GtkWidget *row = plain_row (key, subtitle);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Add to the suspect set"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("list-add-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "unit", pdg_unit_copy (unit), (GDestroyNotify) pdg_unit_free);
      gtk_list_box_append (self->match_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->match_list), TRUE);
}

static void
on_suspect_search_changed (PdgRecallPage  *self,
                           GtkSearchEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  cancel_search (self);
  show_suspect_error (self, NULL);
  if (*text == '\0' || self->source == NULL)
    {
      hide_matches (self);
      return;
    }
  self->search_cancellable = g_cancellable_new ();
  pdg_source_find_units_async (self->source, text, MAX_MATCHES, self->search_cancellable,
                               on_matches_found, g_object_ref (self));
}

static void
on_best_match_found (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PdgRecallPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = pdg_source_find_units_finish (PDG_SOURCE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->search_cancellable);
  if (units == NULL)
    {
      show_suspect_error (self, error->message);
      return;
    }
  if (units->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("No unit matches “%s”. Check it, or write ITEM/LOT."),
                                               gtk_editable_get_text (GTK_EDITABLE (self->suspect_entry)));

      hide_matches (self);
      show_suspect_error (self, text);
      return;
    }
  add_unit (self, g_ptr_array_index (units, 0));
  clear_entry (self);
}

/* Enter adds the best match (a GS1 code or ITEM/LOT resolves to its unit). */
static void
on_suspect_activate (PdgRecallPage  *self,
                     GtkSearchEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (*text == '\0' || self->source == NULL)
    return;
  cancel_search (self);
  self->search_cancellable = g_cancellable_new ();
  pdg_source_find_units_async (self->source, text, 1, self->search_cancellable,
                               on_best_match_found, g_object_ref (self));
}

static void
on_suspect_stop_search (PdgRecallPage  *self,
                        GtkSearchEntry *entry)
{
  clear_entry (self);
  show_suspect_error (self, NULL);
}

static void
on_match_activated (PdgRecallPage *self,
                    GtkListBoxRow *row,
                    GtkListBox    *list)
{
  const PdgUnit *unit = g_object_get_data (G_OBJECT (row), "unit");

  if (unit == NULL)
    return;
  add_unit (self, unit);
  clear_entry (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->suspect_entry));
}

static void
clear_suspects_action (GtkWidget  *widget,
                       const char *action,
                       GVariant   *param)
{
  PdgRecallPage *self = PDG_RECALL_PAGE (widget);

  g_ptr_array_set_size (self->suspects, 0);
  remove_all_rows (self->suspect_list);
  update_suspect_actions (self);
}

static void
on_suspect_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PdgRecallPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgUnitDetails) details = pdg_source_load_unit_finish (PDG_SOURCE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (details == NULL)
    {
      toast (self, error->message);
      return;
    }
  add_unit (self, details->unit);
}

/* Mode and the date range ---------------------------------------------------- */

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
show_range_error (PdgRecallPage *self,
                  const char    *text)
{
  gtk_label_set_text (self->range_error, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->range_error), text != NULL);
  if (text == NULL)
    {
      set_row_error (self->name_row, FALSE);
      set_row_error (self->from_row, FALSE);
      set_row_error (self->to_row, FALSE);
    }
}

static void
on_mode_toggled (PdgRecallPage   *self,
                 GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  self->mode = button == self->supplier_toggle ? MODE_SUPPLIER
             : button == self->item_toggle ? MODE_ITEM : MODE_UNITS;
  gtk_stack_set_visible_child_name (self->mode_stack, self->mode == MODE_UNITS ? "units" : "range");
  if (self->mode == MODE_SUPPLIER)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Supplier code or name"));
      gtk_label_set_text (self->range_hint,
                          _("Every lot received from this supplier between the two days, both included, is a suspect."));
    }
  else if (self->mode == MODE_ITEM)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Item number"));
      gtk_label_set_text (self->range_hint,
                          _("Every unit of this item produced between the two days, both included, is a suspect."));
    }
  show_range_error (self, NULL);
  show_suspect_error (self, NULL);
}

static void
on_range_changed (PdgRecallPage *self,
                  GtkEditable   *editable)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->range_error)))
    show_range_error (self, NULL);
}

static void
on_range_activated (PdgRecallPage *self,
                    AdwEntryRow   *row)
{
  start_run (self);
}

/* The query the left pane describes, or NULL after saying what is wrong
 * next to the field. */
static PdgRecallQuery *
build_query (PdgRecallPage *self)
{
  g_autofree char *name = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 from_day, to_day;

  if (self->mode == MODE_UNITS)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      if (self->suspects->len == 0)
        {
          show_suspect_error (self, _("Add at least one suspect lot or serial: type it above and press Enter."));
          return NULL;
        }
      for (guint i = 0; i < self->suspects->len; i++)
        g_array_append_val (ids, ((PdgUnit *) g_ptr_array_index (self->suspects, i))->id);
      return pdg_recall_query_new_units ((const gint64 *) ids->data, ids->len);
    }

  show_range_error (self, NULL);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  from = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->from_row))));
  to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->to_row))));

  if (*name == '\0')
    {
      set_row_error (self->name_row, TRUE);
      show_range_error (self, self->mode == MODE_SUPPLIER ? _("Name the supplier: its code or its name.")
                                                          : _("Name the item: its item number."));
      return NULL;
    }
  if (!pdg_parse_date (from, &from_day))
    {
      g_autofree char *text = *from == '\0'
        ? g_strdup (_("Enter the first day as YYYY-MM-DD, for example 2025-03-01."))
        : g_strdup_printf (_("“%s” is not a date. Write the first day as YYYY-MM-DD, for example 2025-03-01."), from);

      set_row_error (self->from_row, TRUE);
      show_range_error (self, text);
      return NULL;
    }
  if (!pdg_parse_date (to, &to_day))
    {
      g_autofree char *text = *to == '\0'
        ? g_strdup (_("Enter the last day as YYYY-MM-DD, for example 2025-03-31."))
        : g_strdup_printf (_("“%s” is not a date. Write the last day as YYYY-MM-DD, for example 2025-03-31."), to);

      set_row_error (self->to_row, TRUE);
      show_range_error (self, text);
      return NULL;
    }
  if (to_day < from_day)
    {
      g_autofree char *text = g_strdup_printf (_("The last day, %s, comes before the first day, %s. Swap the dates."),
                                               to, from);

      set_row_error (self->from_row, TRUE);
      set_row_error (self->to_row, TRUE);
      show_range_error (self, text);
      return NULL;
    }

  return self->mode == MODE_SUPPLIER ? pdg_recall_query_new_supplier (name, from, to)
                                     : pdg_recall_query_new_item (name, from, to);
}

/* Impacted units table ------------------------------------------------------- */

static void
update_shown_label (PdgRecallPage *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *t = pdg_format_count (total);
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s unit", "%s units", total), t);
  else
    {
      g_autofree char *s = pdg_format_count (shown);

      text = g_strdup_printf (_("%s of %s units"), s, t);
    }
  gtk_label_set_text (self->shown_label, text);
}

static gboolean
row_matches (gpointer item,
             gpointer user_data)
{
  PdgRecallPage *self = user_data;
  PdgRecallRow *row = item;

  return self->filter_text == NULL || strstr (row->haystack, self->filter_text) != NULL;
}

static void
on_filter_changed (PdgRecallPage  *self,
                   GtkSearchEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  g_clear_pointer (&self->filter_text, g_free);
  if (*text != '\0')
    self->filter_text = g_utf8_casefold (text, -1);
  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
  update_shown_label (self);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const PdgRecallRow *x = a;
  const PdgRecallRow *y = b;
  int c = 0;

#define CMP(u, v) ((u) < (v) ? -1 : (u) > (v) ? 1 : 0)
  switch ((Column) GPOINTER_TO_INT (user_data))
    {
    case COL_UNIT:
      c = g_utf8_collate (x->key, y->key);
      break;
    case COL_ITEM:
      c = g_utf8_collate (x->description ? x->description : "", y->description ? y->description : "");
      break;
    case COL_LEVEL:
      c = CMP (x->level, y->level);
      break;
    case COL_STATUS:
      c = g_utf8_collate (pdg_unit_status_label (x->status), pdg_unit_status_label (y->status));
      break;
    case COL_LOCATION:
      c = g_utf8_collate (x->location ? x->location : "", y->location ? y->location : "");
      break;
    case COL_CUSTOMER:
      /* Shipped ones first, whatever the direction: then by name. */
      c = g_utf8_collate (x->customer ? x->customer : "\xf4\x8f\xbf\xbf",
                          y->customer ? y->customer : "\xf4\x8f\xbf\xbf");
      break;
    case COL_SHIPPED:
      c = CMP (x->shipped_at, y->shipped_at);
      break;
    case COL_CONTAINED:
      c = CMP (x->contained, y->contained);
      break;
    case N_COLUMNS:
    default:
      break;
    }
  /* Ties in genealogy order, so the sort is stable and level-wise. */
  if (c == 0)
    c = CMP (x->node, y->node);
#undef CMP
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *widget;

  if (column == COL_STATUS)
    {
      widget = pdg_status_pill_new (PDG_UNIT_STATUS_AVAILABLE);
      gtk_widget_set_halign (widget, GTK_ALIGN_START);
    }
  else
    {
      widget = gtk_label_new (NULL);
      gtk_label_set_ellipsize (GTK_LABEL (widget), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (widget), column == COL_LEVEL || column == COL_CONTAINED ? 1.0 : 0.0);
      if (column == COL_LEVEL || column == COL_CONTAINED || column == COL_SHIPPED)
        gtk_widget_add_css_class (widget, "numeric");
    }
  gtk_list_item_set_child (item, widget);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  PdgRecallRow *row = gtk_list_item_get_item (item);
  GtkWidget *widget = gtk_list_item_get_child (item);
  g_autofree char *owned = NULL;
  const char *text = NULL;

  switch (column)
    {
    case COL_STATUS:
      pdg_status_pill_set_status (PDG_STATUS_PILL (widget), row->status);
      return;
    case COL_UNIT:
      text = row->key;
      break;
    case COL_ITEM:
      text = row->description;
      break;
    case COL_LEVEL:
      text = owned = g_strdup_printf ("%u", row->level);
      break;
    case COL_LOCATION:
      text = row->location;
      break;
    case COL_CUSTOMER:
      text = row->customer;
      break;
    case COL_SHIPPED:
      text = row->shipped;
      break;
    case COL_CONTAINED:
      text = row->contained_text;
      break;
    case N_COLUMNS:
    default:
      break;
    }
  gtk_label_set_text (GTK_LABEL (widget), text ? text : "");
  gtk_widget_set_tooltip_text (widget, column == COL_ITEM || column == COL_CUSTOMER ||
                                       column == COL_LOCATION ? text : NULL);
}

static void
add_columns (PdgRecallPage *self)
{
  static const struct
  {
    const char *title;
    int         width;   /* -1: takes what is left */
  } columns[N_COLUMNS] = {
    [COL_UNIT] = { N_("Unit"), 210 },
    [COL_ITEM] = { N_("Item"), -1 },
    [COL_LEVEL] = { N_("Level"), 60 },
    [COL_STATUS] = { N_("Status"), 104 },
    [COL_LOCATION] = { N_("Location"), 150 },
    [COL_CUSTOMER] = { N_("Customer"), -1 },
    [COL_SHIPPED] = { N_("Shipped"), 96 },
    [COL_CONTAINED] = { N_("Suspect Qty"), 104 },
  };

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GINT_TO_POINTER (i), NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (columns[i].width > 0)
        gtk_column_view_column_set_fixed_width (column, columns[i].width);
      else
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->units_view, column);
      self->columns[i] = column;
      g_object_unref (column);
    }
}

static void
setup_table_model (PdgRecallPage *self)
{
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;

  self->rows = g_list_store_new (PDG_TYPE_RECALL_ROW);
  self->filter = GTK_FILTER (gtk_custom_filter_new (row_matches, self, NULL));
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                                  g_object_ref (self->filter));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filter_model)),
                                    g_object_ref (gtk_column_view_get_sorter (self->units_view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->units_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

/* Graph --------------------------------------------------------------------- */

static void
get_layout_options (PdgRecallPage    *self,
                    PdgLayoutOptions *options)
{
  pdg_layout_options_init (options);
  options->expanded = self->expanded;
  if (pdg_genealogy_get_n_nodes (self->recall->genealogy) <= WHOLE_GRAPH_NODES)
    options->max_children = 0;
  else
    options->max_depth = self->fold_depth;
}

/* For a big recall: the levels drawn so that the folded graph stays near
 * MAX_DRAWN_NODES boxes (pdg_layout_count() is cheap: no Graphviz). */
static void
choose_fold_depth (PdgRecallPage *self)
{
  PdgGenealogy *g = self->recall->genealogy;
  PdgLayoutOptions options;
  guint n_nodes = 0;

  self->fold_depth = 0;
  if (pdg_genealogy_get_n_nodes (g) <= FOLD_LEVELS_NODES)
    return;
  pdg_layout_options_init (&options);
  pdg_layout_count (g, &options, &n_nodes, NULL);
  for (guint depth = g->max_depth; n_nodes > MAX_DRAWN_NODES && depth > 1; depth--)
    {
      options.max_depth = depth - 1;
      pdg_layout_count (g, &options, &n_nodes, NULL);
      self->fold_depth = depth - 1;
    }
}

static void
update_graph_note (PdgRecallPage *self)
{
  guint n = pdg_genealogy_get_n_nodes (self->recall->genealogy);
  g_autofree char *count = pdg_format_count (n);
  g_autofree char *fold = NULL;
  g_autofree char *text = NULL;
  const char *legend = _("Red: suspect lots and serials. Amber: units holding suspect material. "
                         "Faded: units holding none.");

  if (n <= WHOLE_GRAPH_NODES)
    {
      gtk_label_set_text (self->graph_note, legend);
      return;
    }
  if (self->fold_depth > 0)
    fold = g_strdup_printf (_("%s units: beyond the first %u children of a unit and below level %u, "
                              "units are grouped into “+N more” boxes (double-click one to open it); "
                              "the table lists them all."),
                            count, PDG_LAYOUT_DEFAULT_MAX_CHILDREN, self->fold_depth);
  else
    fold = g_strdup_printf (_("%s units: beyond the first %u children of a unit, the rest are grouped "
                              "into “+N more” boxes (double-click one to open it); the table lists them all."),
                            count, PDG_LAYOUT_DEFAULT_MAX_CHILDREN);
  text = g_strdup_printf ("%s %s", legend, fold);
  gtk_label_set_text (self->graph_note, text);
}

/* Suspects red, units holding suspect material amber, units holding none
 * faded; "+N more" groups hold impacted units, so they are amber too. */
static void
apply_emphasis (PdgRecallPage *self)
{
  g_autoptr(GHashTable) emphasis = g_hash_table_new (g_direct_hash, g_direct_equal);
  PdgGenealogy *g = self->recall->genealogy;

  g_hash_table_insert (emphasis, NULL, GINT_TO_POINTER (PDG_GRAPH_EMPHASIS_IMPACTED));
  for (guint i = 0; i < pdg_genealogy_get_n_nodes (g); i++)
    {
      const PdgGenealogyNode *n = pdg_genealogy_get_node (g, i);

      if (n->role == PDG_NODE_ROOT)
        g_hash_table_insert (emphasis, GUINT_TO_POINTER (i + 1), GINT_TO_POINTER (PDG_GRAPH_EMPHASIS_SUSPECT));
      else if (!(self->recall->contained[i] > 0))
        g_hash_table_insert (emphasis, GUINT_TO_POINTER (i + 1), GINT_TO_POINTER (PDG_GRAPH_EMPHASIS_DIMMED));
    }
  pdg_graph_view_set_emphasis (self->graph_view, emphasis);
}

static void
on_laid_out (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdgRecallPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgScene) scene = pdg_layout_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->layout_cancellable);
  gtk_spinner_set_spinning (self->layout_spinner, FALSE);
  if (scene == NULL)
    {
      adw_status_page_set_description (self->graph_error_page, error->message);
      gtk_stack_set_visible_child_name (self->graph_stack, "error");
      return;
    }
  pdg_graph_view_set_scene (self->graph_view, scene);
  apply_emphasis (self);
  gtk_stack_set_visible_child_name (self->graph_stack, "graph");
}

static void
start_layout (PdgRecallPage *self)
{
  PdgLayoutOptions options;

  if (self->layout_cancellable != NULL)
    {
      g_cancellable_cancel (self->layout_cancellable);
      g_clear_object (&self->layout_cancellable);
    }
  self->layout_cancellable = g_cancellable_new ();
  get_layout_options (self, &options);
  if (pdg_graph_view_get_scene (self->graph_view) == NULL)
    {
      gtk_spinner_set_spinning (self->layout_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->graph_stack, "laying-out");
    }
  pdg_layout_async (self->recall->genealogy, &options, self->layout_cancellable,
                    on_laid_out, g_object_ref (self));
}

static void
on_group_activated (PdgRecallPage *self,
                    int            node)
{
  if (self->recall == NULL || node < 0)
    return;
  g_hash_table_add (self->expanded, GUINT_TO_POINTER ((guint) node + 1));
  start_layout (self);
}

/* Activating a table row shows the unit in the graph. */
static void
on_unit_activated (PdgRecallPage *self,
                   guint          position,
                   GtkColumnView *view)
{
  g_autoptr(PdgRecallRow) row = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)), position);

  if (row == NULL || pdg_graph_view_get_scene (self->graph_view) == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->result_stack, "graph");
  pdg_graph_view_set_selected (self->graph_view, (int) row->node);
  pdg_graph_view_center_on (self->graph_view, (int) row->node);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action,
                 GVariant   *param)
{
  pdg_graph_view_zoom_to_fit (PDG_RECALL_PAGE (widget)->graph_view);
}

/* Result ---------------------------------------------------------------------- */

static char *
recall_title (const PdgRecall      *recall,
              const PdgRecallQuery *query)
{
  if (query != NULL && query->by == PDG_RECALL_BY_SUPPLIER)
    return g_strdup_printf (_("Everything from %s received %s to %s"), query->supplier, query->from, query->to);
  if (query != NULL && query->by == PDG_RECALL_BY_ITEM)
    return g_strdup_printf (_("Every %s produced %s to %s"), query->item, query->from, query->to);
  if (recall->suspects->len == 1)
    return pdg_unit_dup_key (g_ptr_array_index (recall->suspects, 0));
  {
    g_autofree char *n = pdg_format_count (recall->suspects->len);

    return g_strdup_printf (_("%s suspect lots and serials"), n);
  }
}

static void
fill_table (PdgRecallPage *self)
{
  const PdgRecall *r = self->recall;
  guint n = pdg_genealogy_get_n_nodes (r->genealogy);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (n, g_object_unref);

  /* Detached meanwhile, so that the view starts again at the top. */
  g_autoptr(GtkSelectionModel) selection = g_object_ref (gtk_column_view_get_model (self->units_view));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, recall_row_new (r, i));
  gtk_column_view_set_model (self->units_view, NULL);
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
  gtk_column_view_set_model (self->units_view, selection);
  update_shown_label (self);
}

static void
fill_customers (PdgRecallPage *self)
{
  const PdgRecall *r = self->recall;
  g_autofree char *n = pdg_format_count (r->customers->len);
  g_autofree char *text = NULL;

  remove_all_rows (self->customer_list);
  if (r->customers->len == 0)
    text = g_strdup (_("No impacted unit was shipped: no customer needs to be told."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s customer received impacted units, most units first.",
                                         "%s customers received impacted units, most units first.",
                                         r->customers->len), n);
  gtk_label_set_text (self->customers_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_list), r->customers->len > 0);
  for (guint i = 0; i < MIN (r->customers->len, MAX_LIST_ROWS); i++)
    {
      const PdgCustomerImpact *c = g_ptr_array_index (r->customers, i);
      g_autofree char *first = pdg_format_date (c->first_at);
      g_autofree char *last = pdg_format_date (c->last_at);
      g_autofree char *subtitle = c->first_at == c->last_at
        ? g_strdup_printf (_("Shipped %s"), first)
        : g_strdup_printf (_("Shipped %s to %s"), first, last);
      g_autofree char *units = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unit", "%u units", c->units), c->units);
      g_autofree char *amount = format_amount (c->contained, r->uom);
      g_autofree char *suffix = g_strdup_printf (_("%s · %s suspect"), units, amount);
      GtkWidget *row = plain_row (c->name, subtitle);

      gtk_widget_add_css_class (suffix_label (row, suffix), "numeric");
      gtk_list_box_append (self->customer_list, row);
    }
  adw_view_stack_page_set_badge_number (self->customers_stack_page, r->customers->len);
}

static void
fill_orders (PdgRecallPage *self)
{
  const PdgRecall *r = self->recall;

  remove_all_rows (self->order_list);
  gtk_label_set_text (self->orders_label,
                      r->open_orders->len == 0
                        ? _("No open production order uses suspect material.")
                        : _("These production orders are created or started and use suspect material: "
                            "hold them before more is built into them."));
  gtk_widget_set_visible (GTK_WIDGET (self->order_list), r->open_orders->len > 0);
  for (guint i = 0; i < MIN (r->open_orders->len, MAX_LIST_ROWS); i++)
    {
      const PdgOrder *o = g_ptr_array_index (r->open_orders, i);
      g_autofree char *planned = pdg_format_quantity (o->planned_qty);
      g_autofree char *good = pdg_format_quantity (o->good_qty);
      g_autofree char *subtitle = g_strdup_printf (_("%s — %s · planned %s, finished %s"),
                                                   o->item_number ? o->item_number : "",
                                                   o->item_description ? o->item_description : "",
                                                   planned, good);
      GtkWidget *row = plain_row (o->number, subtitle);

      gtk_widget_add_css_class (suffix_label (row, pdg_order_status_label (o->status)), "dim-label");
      gtk_list_box_append (self->order_list, row);
    }
  adw_view_stack_page_set_badge_number (self->orders_stack_page, r->open_orders->len);
}

static void
add_balance_row (GtkWidget  *group,
                 const char *title,
                 const char *subtitle,
                 double      quantity,
                 const char *uom,
                 const char *style)
{
  g_autofree char *amount = format_amount (quantity, uom);
  GtkWidget *row = plain_row (title, subtitle);
  GtkWidget *label = suffix_label (row, amount);

  gtk_widget_add_css_class (label, "numeric");
  if (style != NULL)
    {
      gtk_widget_add_css_class (label, style);
      gtk_widget_add_css_class (label, "heading");
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
fill_balances (PdgRecallPage *self)
{
  const PdgRecall *r = self->recall;
  GtkWidget *child;
  guint flagged = 0;

  while ((child = gtk_widget_get_first_child (self->balance_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->balance_box), child);

  for (guint i = 0; i < r->balances->len; i++)
    if (pdg_mass_balance_is_unaccounted (g_ptr_array_index (r->balances, i)))
      flagged++;
  {
    g_autofree char *text = flagged == 0
      ? g_strdup (_("Where each suspect lot’s quantity went. Every balance closes: all of it is accounted for."))
      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Where each suspect lot’s quantity went. %u lot does not balance: "
                                      "look for missing consumption, scrap or shipment records.",
                                      "Where each suspect lot’s quantity went. %u lots do not balance: "
                                      "look for missing consumption, scrap or shipment records.",
                                      flagged), flagged);
    GtkWidget *label = gtk_label_new (text);

    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (label, "dim-label");
    gtk_box_append (GTK_BOX (self->balance_box), label);
  }

  for (guint i = 0; i < MIN (r->balances->len, MAX_LIST_ROWS); i++)
    {
      const PdgMassBalance *b = g_ptr_array_index (r->balances, i);
      gboolean unaccounted = pdg_mass_balance_is_unaccounted (b);
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), b->key);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), b->description);
      add_balance_row (group, _("Received or produced"), NULL, b->received, b->uom, NULL);
      add_balance_row (group, _("Consumed"), _("Registered into other units"), b->consumed, b->uom, NULL);
      add_balance_row (group, _("Scrapped"), NULL, b->scrapped, b->uom, NULL);
      add_balance_row (group, _("Shipped as it is"), NULL, b->shipped, b->uom, NULL);
      add_balance_row (group, _("On hand"), _("Still in stock"), b->on_hand, b->uom, NULL);
      add_balance_row (group, _("In shipped finished goods"), _("Of the consumed part, inside units since shipped"),
                       b->shipped_in_goods, b->uom, NULL);
      add_balance_row (group, _("Unaccounted"),
                       unaccounted ? _("Received but not consumed, scrapped, shipped or on hand: the records miss something")
                                   : _("The balance closes"),
                       b->unaccounted, b->uom, unaccounted ? "error" : "success");
      gtk_box_append (GTK_BOX (self->balance_box), group);
    }
  if (r->balances->len > MAX_LIST_ROWS)
    {
      g_autofree char *text = g_strdup_printf (_("%u more lots are in the PDF report."), r->balances->len - MAX_LIST_ROWS);
      GtkWidget *label = gtk_label_new (text);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (self->balance_box), label);
    }
  adw_view_stack_page_set_badge_number (self->balance_stack_page, flagged);
  adw_view_stack_page_set_needs_attention (self->balance_stack_page, flagged > 0);
}

static const char *
lint_kind_label (PdgLintKind kind)
{
  switch (kind)
    {
    case PDG_LINT_CONSUMED_BEFORE_MADE:
      return _("Used before it was made");
    case PDG_LINT_OVERCONSUMED:
      return _("More used than there was");
    case PDG_LINT_ORPHAN:
      return _("No receipt or production record");
    case PDG_LINT_DUPLICATE_SERIAL:
      return _("Serial used on two items");
    case PDG_LINT_OPEN_REGISTRATION:
      return _("Registration still open");
    default:
      return _("Data-quality warning");
    }
}

static void
fill_warnings (PdgRecallPage *self)
{
  const PdgRecall *r = self->recall;

  remove_all_rows (self->warning_list);
  gtk_label_set_text (self->warnings_label,
                      r->warnings->len == 0
                        ? _("No data-quality problem was found in the impacted units.")
                        : _("A recall on wrong data is a wrong recall: check these records before you act."));
  gtk_widget_set_visible (GTK_WIDGET (self->warning_list), r->warnings->len > 0);
  for (guint i = 0; i < MIN (r->warnings->len, MAX_LIST_ROWS); i++)
    {
      const PdgLintWarning *w = g_ptr_array_index (r->warnings, i);
      GtkWidget *row = plain_row (lint_kind_label (w->kind), w->message);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (self->warning_list, row);
    }
  if (r->warnings->len > MAX_LIST_ROWS)
    {
      g_autofree char *text = g_strdup_printf (_("and %u more"), r->warnings->len - MAX_LIST_ROWS);

      gtk_list_box_append (self->warning_list, plain_row (text, NULL));
    }
  adw_view_stack_page_set_badge_number (self->warnings_stack_page, r->warnings->len);
  adw_view_stack_page_set_needs_attention (self->warnings_stack_page, r->warnings->len > 0);
}

static void
show_result (PdgRecallPage *self)
{
  const PdgRecall *r = self->recall;
  g_autofree char *title = recall_title (r, self->query);
  guint n = pdg_genealogy_get_n_nodes (r->genealogy);
  g_autofree char *count = pdg_format_count (n);
  g_autofree char *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %s impacted unit",
                                                           "%s — %s impacted units", n), title, count);

  gtk_label_set_text (self->title_label, heading);
  gtk_label_set_text (self->summary_label, r->summary);
  if (self->query != NULL && self->query->by == PDG_RECALL_BY_UNITS)
    refresh_suspects (self, r);
  fill_table (self);
  fill_customers (self);
  fill_orders (self);
  fill_balances (self);
  fill_warnings (self);

  g_hash_table_remove_all (self->expanded);
  choose_fold_depth (self);
  update_graph_note (self);
  pdg_graph_view_set_scene (self->graph_view, NULL);
  set_state (self, "result");
  start_layout (self);
}

/* Run ---------------------------------------------------------------------- */

static void
on_recall_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PdgRecallPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRecall) recall = pdg_source_recall_finish (PDG_SOURCE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (recall == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      set_state (self, "error");
      return;
    }
  g_clear_pointer (&self->recall, pdg_recall_unref);
  self->recall = g_steal_pointer (&recall);
  show_result (self);
}

static void
run_query (PdgRecallPage  *self,
           PdgRecallQuery *query)   /* transfer full */
{
  cancel_work (self);
  if (query != self->query)
    {
      g_clear_pointer (&self->query, pdg_recall_query_free);
      self->query = query;
    }
  self->cancellable = g_cancellable_new ();
  set_state (self, "running");
  pdg_source_recall_async (self->source, self->query, self->cancellable, on_recall_done, g_object_ref (self));
}

static void
start_run (PdgRecallPage *self)
{
  PdgRecallQuery *query;

  if (self->source == NULL || g_str_equal (self->state, "running"))
    return;
  query = build_query (self);
  if (query == NULL)
    return;
  run_query (self, query);
}

static void
cancel_run (PdgRecallPage *self)
{
  cancel_work (self);
  set_state (self, self->recall != NULL ? "result" : "empty");
  if (self->recall != NULL && pdg_graph_view_get_scene (self->graph_view) == NULL)
    start_layout (self);
}

static void
on_run_clicked (PdgRecallPage *self,
                GtkButton     *button)
{
  if (g_str_equal (self->state, "running"))
    cancel_run (self);
  else
    start_run (self);
}

static void
run_action (GtkWidget  *widget,
            const char *action,
            GVariant   *param)
{
  start_run (PDG_RECALL_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  PdgRecallPage *self = PDG_RECALL_PAGE (widget);

  if (g_str_equal (self->state, "running"))
    cancel_run (self);
}

/* The PDF report ---------------------------------------------------------------- */

#define PAGE_WIDTH  595.28   /* A4, points */
#define PAGE_HEIGHT 841.89
#define MARGIN      48.0

typedef struct
{
  PdgRecall *recall;    /* owned */
  char      *title;     /* owned */
  GBytes    *pixels;    /* owned, nullable; the graph, CAIRO_FORMAT_ARGB32 */
  int        width;
  int        height;
  int        stride;
  GFile     *file;      /* owned */
} ReportJob;

static void
report_job_free (ReportJob *job)
{
  g_clear_pointer (&job->recall, pdg_recall_unref);
  g_free (job->title);
  g_clear_pointer (&job->pixels, g_bytes_unref);
  g_clear_object (&job->file);
  g_free (job);
}

typedef struct
{
  cairo_t      *cr;
  PangoContext *pango;  /* owned; at 72 dpi, so font sizes are true points */
  double        y;      /* where the next line goes */
  double        bottom; /* the last y on the page */
  double        width;  /* of the text column */
} Report;

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;   /* owned, nullable; the first write error */
} ReportStream;

static cairo_status_t
write_report (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  ReportStream *s = closure;

  if (s->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (s->stream, data, length, NULL, s->cancellable, &s->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *
report_layout (Report     *rep,
               const char *text,
               const char *font,
               double      width)
{
  PangoLayout *layout = pango_layout_new (rep->pango);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

static void
report_new_page (Report *rep)
{
  cairo_show_page (rep->cr);
  rep->y = MARGIN;
}

static void
report_ensure (Report *rep,
               double  height)
{
  if (rep->y + height > rep->bottom && rep->y > MARGIN)
    report_new_page (rep);
}

/* A paragraph across the text column. */
static void
report_text (Report     *rep,
             const char *text,
             const char *font,
             double      grey,
             double      space_after)
{
  g_autoptr(PangoLayout) layout = report_layout (rep, text, font, rep->width);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  report_ensure (rep, h);
  cairo_set_source_rgb (rep->cr, grey, grey, grey);
  cairo_move_to (rep->cr, MARGIN, rep->y);
  pango_cairo_show_layout (rep->cr, layout);
  rep->y += h + space_after;
}

static void
report_heading (Report     *rep,
                const char *text)
{
  report_ensure (rep, 60);   /* never alone at the bottom of a page */
  rep->y += 8;
  report_text (rep, text, "Sans Bold 13", 0.1, 6);
}

/* One table row: cells in columns of the given widths (fractions of the
 * text column); flagged cells red. */
static void
report_row (Report            *rep,
            const char *const *cells,
            const double      *widths,
            const gboolean    *align_right,
            guint              n,
            gboolean           header,
            guint              flagged_mask)
{
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double height = 0, x = MARGIN;

  for (guint i = 0; i < n; i++)
    {
      double w = widths[i] * rep->width - 6;
      PangoLayout *layout = report_layout (rep, cells[i], header ? "Sans Bold 8.5" : "Sans 8.5", w);
      int lw, lh;

      if (align_right[i])
        pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
      if (header)
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      height = MAX (height, lh);
      g_ptr_array_add (layouts, layout);
    }
  report_ensure (rep, height + 4);
  for (guint i = 0; i < n; i++)
    {
      if (flagged_mask & (1u << i))
        cairo_set_source_rgb (rep->cr, 0.75, 0.1, 0.1);
      else
        cairo_set_source_rgb (rep->cr, header ? 0.1 : 0.2, header ? 0.1 : 0.2, header ? 0.1 : 0.2);
      cairo_move_to (rep->cr, x, rep->y);
      pango_cairo_show_layout (rep->cr, g_ptr_array_index (layouts, i));
      x += widths[i] * rep->width;
    }
  rep->y += height + 2;
  cairo_set_source_rgb (rep->cr, header ? 0.4 : 0.85, header ? 0.4 : 0.85, header ? 0.4 : 0.85);
  cairo_set_line_width (rep->cr, header ? 0.8 : 0.4);
  cairo_move_to (rep->cr, MARGIN, rep->y);
  cairo_line_to (rep->cr, MARGIN + rep->width, rep->y);
  cairo_stroke (rep->cr);
  rep->y += 3;
}

static void
draw_report (Report          *rep,
             const ReportJob *job)
{
  const PdgRecall *r = job->recall;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *prepared = g_strdup_printf (_("Prepared %s with Pedigree"), when);

  report_text (rep, _("Recall Report"), "Sans Bold 24", 0.1, 4);
  report_text (rep, job->title, "Sans 13", 0.2, 2);
  report_text (rep, prepared, "Sans 8", 0.45, 12);

  report_heading (rep, _("Summary"));
  report_text (rep, r->summary, "Sans 10.5", 0.15, 6);
  {
    g_autofree char *units = pdg_format_count (pdg_genealogy_get_n_nodes (r->genealogy));
    g_autofree char *finished = pdg_format_count (r->finished->len);
    g_autofree char *customers = pdg_format_count (r->customers->len);
    g_autofree char *stock = pdg_format_count (r->in_stock);
    g_autofree char *figures = g_strdup_printf (_("Impacted units: %s · finished units: %s · customers: %s · "
                                                  "finished units in stock: %s · open orders: %u · warnings: %u"),
                                                units, finished, customers, stock,
                                                r->open_orders->len, r->warnings->len);

    report_text (rep, figures, "Sans Bold 9", 0.25, 6);
  }

  /* Mass balance. */
  report_heading (rep, _("Mass balance per suspect lot"));
  {
    static const double widths[] = { 0.17, 0.11, 0.11, 0.11, 0.11, 0.11, 0.14, 0.14 };
    static const gboolean right[] = { FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };
    const char *header[] = { _("Lot"), _("Received"), _("Consumed"), _("Scrapped"), _("Shipped"),
                             _("On hand"), _("In shipped goods"), _("Unaccounted") };

    report_row (rep, header, widths, right, G_N_ELEMENTS (header), TRUE, 0);
    for (guint i = 0; i < r->balances->len; i++)
      {
        const PdgMassBalance *b = g_ptr_array_index (r->balances, i);
        g_autofree char *lot = g_strdup_printf ("%s\n%s", b->key, b->description ? b->description : "");
        g_autofree char *c1 = format_amount (b->received, b->uom);
        g_autofree char *c2 = format_amount (b->consumed, b->uom);
        g_autofree char *c3 = format_amount (b->scrapped, b->uom);
        g_autofree char *c4 = format_amount (b->shipped, b->uom);
        g_autofree char *c5 = format_amount (b->on_hand, b->uom);
        g_autofree char *c6 = format_amount (b->shipped_in_goods, b->uom);
        g_autofree char *c7 = format_amount (b->unaccounted, b->uom);
        const char *cells[] = { lot, c1, c2, c3, c4, c5, c6, c7 };

        report_row (rep, cells, widths, right, G_N_ELEMENTS (cells), FALSE,
                    pdg_mass_balance_is_unaccounted (b) ? 1u << 7 : 0);
      }
  }

  /* Customers. */
  report_heading (rep, _("Customers who received impacted units"));
  if (r->customers->len == 0)
    report_text (rep, _("No impacted unit was shipped."), "Sans 10", 0.2, 6);
  else
    {
      static const double widths[] = { 0.44, 0.1, 0.16, 0.15, 0.15 };
      static const gboolean right[] = { FALSE, TRUE, TRUE, FALSE, FALSE };
      const char *header[] = { _("Customer"), _("Units"), _("Suspect qty"), _("First shipment"), _("Last shipment") };

      report_row (rep, header, widths, right, G_N_ELEMENTS (header), TRUE, 0);
      for (guint i = 0; i < r->customers->len; i++)
        {
          const PdgCustomerImpact *c = g_ptr_array_index (r->customers, i);
          g_autofree char *units = g_strdup_printf ("%u", c->units);
          g_autofree char *amount = format_amount (c->contained, r->uom);
          g_autofree char *first = pdg_format_date (c->first_at);
          g_autofree char *last = pdg_format_date (c->last_at);
          const char *cells[] = { c->name, units, amount, first, last };

          report_row (rep, cells, widths, right, G_N_ELEMENTS (cells), FALSE, 0);
        }
    }

  /* Open orders. */
  if (r->open_orders->len > 0)
    {
      static const double widths[] = { 0.22, 0.58, 0.2 };
      static const gboolean right[] = { FALSE, FALSE, FALSE };
      const char *header[] = { _("Order"), _("Item"), _("Status") };

      report_heading (rep, _("Open production orders using suspect material"));
      report_row (rep, header, widths, right, G_N_ELEMENTS (header), TRUE, 0);
      for (guint i = 0; i < r->open_orders->len; i++)
        {
          const PdgOrder *o = g_ptr_array_index (r->open_orders, i);
          g_autofree char *item = g_strdup_printf ("%s — %s", o->item_number ? o->item_number : "",
                                                   o->item_description ? o->item_description : "");
          const char *cells[] = { o->number, item, pdg_order_status_label (o->status) };

          report_row (rep, cells, widths, right, G_N_ELEMENTS (cells), FALSE, 0);
        }
    }

  /* Warnings. */
  if (r->warnings->len > 0)
    {
      report_heading (rep, _("Data-quality warnings"));
      for (guint i = 0; i < r->warnings->len; i++)
        {
          const PdgLintWarning *w = g_ptr_array_index (r->warnings, i);
          g_autofree char *line = g_strdup_printf ("• %s: %s", lint_kind_label (w->kind), w->message);

          report_text (rep, line, "Sans 8", 0.2, 2);
        }
    }

  /* The graph, on a landscape page of its own. */
  if (job->pixels != NULL)
    {
      cairo_surface_t *image;
      double page_w = PAGE_HEIGHT, page_h = PAGE_WIDTH, scale;

      cairo_show_page (rep->cr);
      cairo_pdf_surface_set_size (cairo_get_target (rep->cr), page_w, page_h);
      rep->y = MARGIN;
      rep->width = page_w - 2 * MARGIN;
      rep->bottom = page_h - MARGIN;
      report_text (rep, _("Where the suspect material went"), "Sans Bold 13", 0.1, 2);
      report_text (rep, _("Red: suspect lots and serials. Amber: units holding suspect material. "
                          "Faded: units holding none. “+N more” boxes stand for units folded away; "
                          "every impacted unit is in the CSV export."),
                   "Sans 8", 0.4, 8);
      image = cairo_image_surface_create_for_data ((unsigned char *) g_bytes_get_data (job->pixels, NULL),
                                                   CAIRO_FORMAT_ARGB32, job->width, job->height, job->stride);
      scale = MIN (rep->width / job->width, (rep->bottom - rep->y) / job->height);
      cairo_save (rep->cr);
      cairo_translate (rep->cr, MARGIN + (rep->width - job->width * scale) / 2, rep->y);
      cairo_scale (rep->cr, scale, scale);
      cairo_set_source_surface (rep->cr, image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (rep->cr), CAIRO_FILTER_GOOD);
      cairo_paint (rep->cr);
      cairo_restore (rep->cr);
      cairo_surface_destroy (image);
    }
}

static void
write_report_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const ReportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = g_file_replace (job->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                                     cancellable, &error);
  ReportStream s = { G_OUTPUT_STREAM (out), cancellable, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  Report rep;

  if (out == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  surface = cairo_pdf_surface_create_for_stream (write_report, &s, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Recall Report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Pedigree");
  rep.cr = cairo_create (surface);
  rep.pango = pango_cairo_create_context (rep.cr);
  pango_cairo_context_set_resolution (rep.pango, 72);
  rep.y = MARGIN;
  rep.bottom = PAGE_HEIGHT - MARGIN;
  rep.width = PAGE_WIDTH - 2 * MARGIN;
  draw_report (&rep, job);
  g_object_unref (rep.pango);
  cairo_destroy (rep.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (s.error != NULL)
    {
      g_task_return_error (task, s.error);
      return;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The report could not be drawn (%s)."), cairo_status_to_string (status));
      return;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* The graph as the screen draws it, in pixels a worker thread can read. */
static void
take_graph_picture (PdgRecallPage *self,
                    ReportJob     *job)
{
  PdgScene *scene = pdg_graph_view_get_scene (self->graph_view);
  g_autoptr(GdkTexture) texture = NULL;
  double side, scale;
  guchar *data;

  if (scene == NULL)
    return;
  side = MAX (pdg_scene_get_width (scene), pdg_scene_get_height (scene));
  scale = MIN (2.0, REPORT_IMAGE_SIDE / MAX (side, 1.0));
  texture = pdg_graph_view_render_texture (self->graph_view, scale);
  if (texture == NULL)
    return;
  job->width = gdk_texture_get_width (texture);
  job->height = gdk_texture_get_height (texture);
  job->stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, job->width);
  data = g_malloc ((gsize) job->stride * job->height);
  gdk_texture_download (texture, data, job->stride);
  job->pixels = g_bytes_new_take (data, (gsize) job->stride * job->height);
}

/* Exports ------------------------------------------------------------------------ */

static void
on_report_written (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_source_exported (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!pdg_source_export_recall_finish (PDG_SOURCE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pdg_recall_page_export_async:
 *
 * Writes the recall shown as a CSV of the impacted units, the FSMA-style
 * sheet (both by the source) or the PDF report (drawn on a worker thread).
 */
void
pdg_recall_page_export_async (PdgRecallPage        *self,
                              PdgRecallPageExport   format,
                              GFile                *file,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PDG_IS_RECALL_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pdg_recall_page_export_async);
  if (self->recall == NULL || self->source == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("Run a recall first, then export it."));
      return;
    }

  if (format == PDG_RECALL_PAGE_EXPORT_PDF)
    {
      ReportJob *job = g_new0 (ReportJob, 1);
      g_autofree char *title = recall_title (self->recall, self->query);
      /* The worker's task has no source object: the page is never
       * released on the worker thread. */
      g_autoptr(GTask) worker = g_task_new (NULL, cancellable, on_report_written, g_object_ref (task));

      job->recall = pdg_recall_ref (self->recall);
      job->title = g_steal_pointer (&title);
      job->file = g_object_ref (file);
      take_graph_picture (self, job);
      g_task_set_task_data (worker, job, (GDestroyNotify) report_job_free);
      g_task_run_in_thread (worker, write_report_thread);
      return;
    }

  pdg_source_export_recall_async (self->source, self->recall,
                                  format == PDG_RECALL_PAGE_EXPORT_FSMA ? PDG_RECALL_EXPORT_FSMA
                                                                        : PDG_RECALL_EXPORT_CSV,
                                  file, cancellable, on_source_exported, g_object_ref (task));
}

gboolean
pdg_recall_page_export_finish (PdgRecallPage  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (PDG_IS_RECALL_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PdgRecallPage *self = PDG_RECALL_PAGE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;

  if (!pdg_recall_page_export_finish (self, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not export: %s"), error->message);

          toast (self, text);
        }
      return;
    }
  {
    g_autofree char *name = g_file_get_basename (file);
    g_autofree char *text = g_strdup_printf (_("Exported to %s"), name);

    toast (self, text);
  }
}

static void
on_export_response (PdgRecallPage        *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  g_clear_object (&self->chooser);
  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    return;
  pdg_recall_page_export_async (self, self->chooser_format, file, self->lifetime,
                                on_exported, g_object_ref (file));
}

static void
export_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  PdgRecallPage *self = PDG_RECALL_PAGE (widget);
  const char *format = g_variant_get_string (param, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  const char *title;

  if (self->recall == NULL || self->chooser != NULL)
    return;
  base = recall_title (self->recall, self->query);
  g_strdelimit (base, "/\\:*?\"<>| ", '_');
  if (g_str_equal (format, "fsma"))
    {
      self->chooser_format = PDG_RECALL_PAGE_EXPORT_FSMA;
      name = g_strdup_printf ("recall-%s-fsma204.csv", base);
      title = _("Export FSMA 204 Spreadsheet");
    }
  else if (g_str_equal (format, "pdf"))
    {
      self->chooser_format = PDG_RECALL_PAGE_EXPORT_PDF;
      name = g_strdup_printf ("recall-%s.pdf", base);
      title = _("Save Recall Report");
    }
  else
    {
      self->chooser_format = PDG_RECALL_PAGE_EXPORT_CSV;
      name = g_strdup_printf ("recall-%s.csv", base);
      title = _("Export Impacted Units");
    }
  self->chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_export_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Block ---------------------------------------------------------------------- */

static void
on_blocked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PdgRecallPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = pdg_source_block_units_finish (PDG_SOURCE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (n < 0)
    {
      g_autofree char *text = g_strdup_printf (_("Nothing was blocked: %s"), error->message);

      toast (self, text);
      return;
    }
  {
    g_autofree char *count = pdg_format_count ((guint64) n);
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Blocked %s unit. The change is in the audit log.",
                                                          "Blocked %s units. The change is in the audit log.",
                                                          (gulong) n), count);

    /* What changed the database goes before anything queued. */
    toast_with_priority (self, text, ADW_TOAST_PRIORITY_HIGH);
  }
  /* Again, so that every impacted unit shows its status now. */
  if (self->query != NULL && !g_str_equal (self->state, "running"))
    run_query (self, self->query);
}

static void
on_block_response (AdwMessageDialog *dialog,
                   const char       *response,
                   PdgRecallPage    *self)
{
  PdgRecall *recall = g_object_get_data (G_OBJECT (dialog), "recall");
  g_autoptr(GArray) ids = NULL;
  guint n;

  if (g_strcmp0 (response, "block") != 0 || recall == NULL || self->source == NULL)
    return;
  n = pdg_genealogy_get_n_nodes (recall->genealogy);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint i = 0; i < n; i++)
    g_array_append_val (ids, pdg_genealogy_get_node (recall->genealogy, i)->unit->id);
  pdg_source_block_units_async (self->source, (const gint64 *) ids->data, ids->len, self->lifetime,
                                on_blocked, g_object_ref (self));
}

static void
block_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  PdgRecallPage *self = PDG_RECALL_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  guint n, available = 0;
  g_autofree char *body = NULL;
  g_autofree char *heading = NULL;

  if (self->recall == NULL)
    return;
  n = pdg_genealogy_get_n_nodes (self->recall->genealogy);
  for (guint i = 0; i < n; i++)
    if (pdg_genealogy_get_node (self->recall->genealogy, i)->unit->status == PDG_UNIT_STATUS_AVAILABLE)
      available++;
  if (available == 0)
    {
      toast (self, _("No impacted unit is in stock and available: there is nothing to block."));
      return;
    }

  {
    g_autofree char *a = pdg_format_count (available);
    g_autofree char *total = pdg_format_count (n);

    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Block %s Unit?", "Block %s Units?", available), a);
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s of the %s impacted units is in stock and will be blocked, so that nothing "
                                         "consumes or ships it. Units already consumed, shipped or scrapped stay as "
                                         "they are. Each change is recorded in the audit log.",
                                         "%s of the %s impacted units are in stock and will be blocked, so that nothing "
                                         "consumes or ships them. Units already consumed, shipped or scrapped stay as "
                                         "they are. Each change is recorded in the audit log.",
                                         available), a, total);
  }
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "block", _("_Block Units"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "block", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "recall", pdg_recall_ref (self->recall),
                          (GDestroyNotify) pdg_recall_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_block_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Public ------------------------------------------------------------------------ */

PdgSource *
pdg_recall_page_get_source (PdgRecallPage *self)
{
  g_return_val_if_fail (PDG_IS_RECALL_PAGE (self), NULL);

  return self->source;
}

/**
 * pdg_recall_page_set_source:
 *
 * Another database: the suspect set, the result and the fields start
 * afresh.
 */
void
pdg_recall_page_set_source (PdgRecallPage *self,
                            PdgSource     *source)
{
  g_return_if_fail (PDG_IS_RECALL_PAGE (self));

  if (source == self->source)
    return;
  cancel_work (self);
  cancel_search (self);
  g_set_object (&self->source, source);
  g_ptr_array_set_size (self->suspects, 0);
  remove_all_rows (self->suspect_list);
  clear_entry (self);
  show_suspect_error (self, NULL);
  show_range_error (self, NULL);
  g_clear_pointer (&self->query, pdg_recall_query_free);
  g_clear_pointer (&self->recall, pdg_recall_unref);
  g_list_store_remove_all (self->rows);
  pdg_graph_view_set_scene (self->graph_view, NULL);
  update_suspect_actions (self);
  set_state (self, "empty");
}

/**
 * pdg_recall_page_add_suspect:
 *
 * Adds a unit (read from the source) to the suspect set and switches to
 * Units mode; the Genealogy page's selection comes in here.
 */
void
pdg_recall_page_add_suspect (PdgRecallPage *self,
                             gint64         unit_id)
{
  g_return_if_fail (PDG_IS_RECALL_PAGE (self));

  if (self->source == NULL || unit_id <= 0)
    return;
  gtk_toggle_button_set_active (self->units_toggle, TRUE);
  pdg_source_load_unit_async (self->source, unit_id, self->lifetime, on_suspect_loaded, g_object_ref (self));
}

/**
 * pdg_recall_page_run:
 *
 * What Run Recall does: checks the left pane and runs, or says there what
 * to fix and runs nothing.
 */
void
pdg_recall_page_run (PdgRecallPage *self)
{
  g_return_if_fail (PDG_IS_RECALL_PAGE (self));

  start_run (self);
}

/* How many units the suspect set holds (Units mode). */
guint
pdg_recall_page_get_n_suspects (PdgRecallPage *self)
{
  g_return_val_if_fail (PDG_IS_RECALL_PAGE (self), 0);

  return self->suspects->len;
}

PdgRecall *
pdg_recall_page_get_recall (PdgRecallPage *self)
{
  g_return_val_if_fail (PDG_IS_RECALL_PAGE (self), NULL);

  return self->recall;
}

const char *
pdg_recall_page_get_state (PdgRecallPage *self)
{
  g_return_val_if_fail (PDG_IS_RECALL_PAGE (self), NULL);

  return self->state;
}

/* Object ---------------------------------------------------------------------- */

static void
pdg_recall_page_dispose (GObject *object)
{
  PdgRecallPage *self = PDG_RECALL_PAGE (object);

  cancel_work (self);
  cancel_search (self);
  g_cancellable_cancel (self->lifetime);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->units_view != NULL)
    gtk_column_view_set_model (self->units_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PDG_TYPE_RECALL_PAGE);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (pdg_recall_page_parent_class)->dispose (object);
}

static void
pdg_recall_page_finalize (GObject *object)
{
  PdgRecallPage *self = PDG_RECALL_PAGE (object);

  g_clear_object (&self->source);
  g_clear_object (&self->lifetime);
  g_clear_pointer (&self->suspects, g_ptr_array_unref);
  g_clear_pointer (&self->query, pdg_recall_query_free);
  g_clear_pointer (&self->recall, pdg_recall_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_free (self->filter_text);

  G_OBJECT_CLASS (pdg_recall_page_parent_class)->finalize (object);
}

static void
pdg_recall_page_class_init (PdgRecallPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pdg_recall_page_dispose;
  object_class->finalize = pdg_recall_page_finalize;

  g_type_ensure (PDG_TYPE_GRAPH_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pedigree/Pedigree/pdg-recall-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, units_toggle);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, supplier_toggle);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, item_toggle);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, suspect_entry);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, suspect_error);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, match_list);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, suspect_list);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, to_row);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, range_error);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, range_hint);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, run_button);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, progress_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, running_page);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, running_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, result_stack);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, units_stack_page);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, customers_stack_page);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, orders_stack_page);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, balance_stack_page);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, warnings_stack_page);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, shown_label);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, units_view);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, graph_note);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, graph_stack);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, layout_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, graph_error_page);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, graph_view);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, customers_label);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, customer_list);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, orders_label);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, order_list);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, balance_box);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, warnings_label);
  gtk_widget_class_bind_template_child (widget_class, PdgRecallPage, warning_list);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_suspect_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_suspect_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_suspect_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_match_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_range_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_range_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_run_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_group_activated);

  gtk_widget_class_install_action (widget_class, "recall.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "recall.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "recall.clear-suspects", NULL, clear_suspects_action);
  gtk_widget_class_install_action (widget_class, "recall.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "recall.block", NULL, block_action);
  gtk_widget_class_install_action (widget_class, "recall.zoom-fit", NULL, zoom_fit_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "recall.cancel", NULL);
}

static void
pdg_recall_page_init (PdgRecallPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) month_ago = g_date_time_add_days (now, -30);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *first = g_date_time_format (month_ago, "%Y-%m-%d");

  self->suspects = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_unit_free);
  self->expanded = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->lifetime = g_cancellable_new ();
  self->state = "empty";
  gtk_widget_init_template (GTK_WIDGET (self));

  add_columns (self);
  setup_table_model (self);
  gtk_column_view_sort_by_column (self->units_view, self->columns[COL_LEVEL], GTK_SORT_ASCENDING);
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), first);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), today);
  show_range_error (self, NULL);
  update_suspect_actions (self);
  set_state (self, "empty");
}
