/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-units-page.c: the Units page: search results on the left, the chosen
 * unit (PdgUnitView) on the right.
 *
 * The window's search entry debounces typing and calls
 * pdg_units_page_search(); each search cancels the one before it, so only
 * the answer to the latest text is ever shown. The first result is chosen
 * at once, so an exact serial shows its unit without another click. Until
 * there is something to list the page shows a designed empty state: a hint
 * (with an example unit from the database), "no unit matches" or the error. */
#include "config.h"

#include <glib/gi18n.h>

#include "pdg-unit-row.h"
#include "pdg-unit-view.h"
#include "pdg-units-page.h"

/* The most results listed; more would not help anyone choose. */
#define MAX_RESULTS 200

struct _PdgUnitsPage
{
  AdwBin         parent_instance;

  PdgSource     *source;              /* owned, nullable */
  GCancellable  *search_cancellable;  /* owned, nullable; the search in flight */
  GCancellable  *example_cancellable; /* owned, nullable; the example lookup */
  char          *text;                /* owned, nullable; the text searched for last */

  /* template children */
  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkButton     *example_button;
  AdwStatusPage *no_results_page;
  AdwStatusPage *error_page;
  GtkLabel      *count_label;
  GtkSpinner    *search_spinner;
  GtkListBox    *results_list;
  PdgUnitView   *unit_view;
};

G_DEFINE_FINAL_TYPE (PdgUnitsPage, pdg_units_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_SOURCE, N_PROPS };
static GParamSpec *properties [N_PROPS];

static void
list_box_clear (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
set_searching (PdgUnitsPage *self,
               gboolean      searching)
{
  gtk_spinner_set_spinning (self->search_spinner, searching);
  gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), searching);
}

static void
show_results (PdgUnitsPage *self,
              GPtrArray    *units)
{
  g_autofree char *count = NULL;

  list_box_clear (self->results_list);

  if (units->len == 0)
    {
      g_autofree char *title = g_strdup_printf (_("No Unit Matches “%s”"), self->text);

      adw_status_page_set_title (self->no_results_page, title);
      pdg_unit_view_clear (self->unit_view);
      gtk_stack_set_visible_child_name (self->stack, "no-results");
      return;
    }

  for (guint i = 0; i < units->len; i++)
    gtk_list_box_append (self->results_list, pdg_unit_row_new (g_ptr_array_index (units, i)));

  if (units->len >= MAX_RESULTS)
    count = g_strdup_printf (_("First %u matches"), units->len);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", units->len),
                             units->len);
  gtk_label_set_label (self->count_label, count);

  gtk_stack_set_visible_child_name (self->stack, "results");
  gtk_list_box_select_row (self->results_list,
                           gtk_list_box_get_row_at_index (self->results_list, 0));
}

static void
find_units_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PdgUnitsPage) self = user_data;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GError) error = NULL;

  units = pdg_source_find_units_finish (PDG_SOURCE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->search_cancellable);
  set_searching (self, FALSE);

  if (units == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      pdg_unit_view_clear (self->unit_view);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  show_results (self, units);
}

/**
 * pdg_units_page_search:
 * @text: what the user typed: a serial or batch (prefix), ITEM/SERIAL,
 *   ITEM/BATCH or an internal unit id
 *
 * Lists the units that match @text, replacing any search in flight. Empty
 * text goes back to the hint.
 */
void
pdg_units_page_search (PdgUnitsPage *self,
                       const char   *text)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (PDG_IS_UNITS_PAGE (self));
  g_return_if_fail (text != NULL);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  trimmed = g_strstrip (g_strdup (text));
  g_free (self->text);
  self->text = g_strdup (trimmed);

  if (*trimmed == '\0' || self->source == NULL)
    {
      set_searching (self, FALSE);
      list_box_clear (self->results_list);
      pdg_unit_view_clear (self->unit_view);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  set_searching (self, TRUE);
  self->search_cancellable = g_cancellable_new ();
  pdg_source_find_units_async (self->source, trimmed, MAX_RESULTS,
                               self->search_cancellable,
                               find_units_cb, g_object_ref (self));
}

/**
 * pdg_units_page_focus_results:
 *
 * Moves the keyboard focus to the chosen result, if there is one.
 *
 * Returns: whether the focus moved
 */
gboolean
pdg_units_page_focus_results (PdgUnitsPage *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (PDG_IS_UNITS_PAGE (self), FALSE);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "results"))
    return FALSE;

  row = gtk_list_box_get_selected_row (self->results_list);
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->results_list, 0);

  return row != NULL && gtk_widget_grab_focus (GTK_WIDGET (row));
}

/**
 * pdg_units_page_get_unit_view:
 *
 * Returns: (transfer none): the details pane.
 */
PdgUnitView *
pdg_units_page_get_unit_view (PdgUnitsPage *self)
{
  g_return_val_if_fail (PDG_IS_UNITS_PAGE (self), NULL);

  return self->unit_view;
}

/* An example for the hint, so that a first-time user has something to type:
 * unit 1, which every database that has units has. */
static void
find_example_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdgUnitsPage) self = user_data;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *label = NULL;

  units = pdg_source_find_units_finish (PDG_SOURCE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->example_cancellable);

  /* No example is no loss: the hint reads well without one. */
  if (units == NULL || units->len == 0)
    return;

  key = pdg_unit_dup_key (g_ptr_array_index (units, 0));
  /* Translators: a button in the search hint that searches for this example */
  label = g_strdup_printf (_("Try %s"), key);
  gtk_button_set_label (self->example_button, label);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->example_button),
                                         g_variant_new_string (key));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->example_button), "win.search-for");
  gtk_widget_set_visible (GTK_WIDGET (self->example_button), TRUE);
}

PdgSource *
pdg_units_page_get_source (PdgUnitsPage *self)
{
  g_return_val_if_fail (PDG_IS_UNITS_PAGE (self), NULL);

  return self->source;
}

/**
 * pdg_units_page_set_source:
 * @source: (nullable): the database to search
 *
 * Starts over on @source: no results, the hint.
 */
void
pdg_units_page_set_source (PdgUnitsPage *self,
                           PdgSource    *source)
{
  g_return_if_fail (PDG_IS_UNITS_PAGE (self));
  g_return_if_fail (source == NULL || PDG_IS_SOURCE (source));

  if (self->source == source)
    return;

  g_cancellable_cancel (self->example_cancellable);
  g_clear_object (&self->example_cancellable);
  g_set_object (&self->source, source);
  pdg_unit_view_set_source (self->unit_view, source);
  pdg_units_page_search (self, "");

  gtk_widget_set_visible (GTK_WIDGET (self->example_button), FALSE);
  if (source != NULL)
    {
      self->example_cancellable = g_cancellable_new ();
      pdg_source_find_units_async (source, "1", 1, self->example_cancellable,
                                   find_example_cb, g_object_ref (self));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

static void
on_row_selected (PdgUnitsPage  *self,
                 GtkListBoxRow *row,
                 GtkListBox    *list)
{
  if (row != NULL)
    pdg_unit_view_show_unit (self->unit_view, pdg_unit_row_get_unit (PDG_UNIT_ROW (row))->id);
}

/* Clicking the chosen result again comes back to it after navigating away
 * through "Made of" or "Used in". */
static void
on_row_activated (PdgUnitsPage  *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list)
{
  PdgUnitDetails *details = pdg_unit_view_get_details (self->unit_view);
  gint64 unit_id = pdg_unit_row_get_unit (PDG_UNIT_ROW (row))->id;

  if (details == NULL || details->unit->id != unit_id)
    pdg_unit_view_show_unit (self->unit_view, unit_id);
}

static void
pdg_units_page_dispose (GObject *object)
{
  PdgUnitsPage *self = PDG_UNITS_PAGE (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_cancellable_cancel (self->example_cancellable);
  g_clear_object (&self->example_cancellable);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (pdg_units_page_parent_class)->dispose (object);
}

static void
pdg_units_page_finalize (GObject *object)
{
  PdgUnitsPage *self = PDG_UNITS_PAGE (object);

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (pdg_units_page_parent_class)->finalize (object);
}

static void
pdg_units_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdgUnitsPage *self = PDG_UNITS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pdg_units_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PdgUnitsPage *self = PDG_UNITS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      pdg_units_page_set_source (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pdg_units_page_class_init (PdgUnitsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pdg_units_page_dispose;
  object_class->finalize = pdg_units_page_finalize;
  object_class->get_property = pdg_units_page_get_property;
  object_class->set_property = pdg_units_page_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         PDG_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PDG_TYPE_UNIT_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pedigree/Pedigree/pdg-units-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdgUnitsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitsPage, example_button);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitsPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitsPage, search_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitsPage, results_list);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitsPage, unit_view);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
pdg_units_page_init (PdgUnitsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
