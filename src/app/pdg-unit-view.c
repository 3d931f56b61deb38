/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-unit-view.c: the details pane of the Units page.
 *
 * Shows one PdgUnitDetails: the unit's facts, what it is made of (direct
 * components), what it was used in (direct consumers) and its history of
 * events. Activating a component or consumer navigates to it and pushes the
 * unit on screen onto a back history; pdg_unit_view_show_unit() (a new
 * choice in the search results) starts a fresh history. Every load goes
 * through pdg_source_load_unit_async(); a newer load cancels the older one,
 * so the pane always ends up showing the unit asked for last. */
#include "config.h"

#include <glib/gi18n.h>

#include "pdg-format.h"
#include "pdg-status-pill.h"
#include "pdg-unit-view.h"

/* Rows shown at most in "Made of" and "Used in": a raw-material lot can go
 * into thousands of units, which the genealogy and recall views are for.
 * Every row is built, measured and drawn with the pane (200 rows cost the
 * Genealogy page about half a second before the graph's first frame and
 * 4 ms in every frame after it, with the cairo renderer). */
#define MAX_LINK_ROWS 50

struct _PdgUnitView
{
  AdwBin           parent_instance;

  PdgSource       *source;        /* owned, nullable */
  PdgUnitDetails  *details;       /* owned, nullable; the unit on screen */
  GCancellable    *cancellable;   /* owned, nullable; the load in flight */
  GPtrArray       *history;       /* owned; PdgUnit, units to go back to, oldest first */

  /* template children */
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  GtkScrolledWindow *scroller;
  GtkButton       *back_button;
  AdwButtonContent *back_content;
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkButton       *trace_backward_button;
  GtkButton       *recall_button;
  GtkButton       *trace_forward_button;
  GtkLabel        *quantity_label;
  GtkLabel        *on_hand_label;
  PdgStatusPill   *status_pill;
  GtkLabel        *origin_label;
  AdwActionRow    *produced_row;
  GtkLabel        *produced_label;
  AdwActionRow    *expires_row;
  GtkLabel        *expires_label;
  AdwActionRow    *location_row;
  GtkLabel        *location_label;
  AdwPreferencesGroup *made_of_group;
  GtkListBox      *made_of_list;
  AdwPreferencesGroup *used_in_group;
  GtkListBox      *used_in_list;
  AdwPreferencesGroup *history_group;
  GtkListBox      *history_list;
};

G_DEFINE_FINAL_TYPE (PdgUnitView, pdg_unit_view, ADW_TYPE_BIN)

enum { PROP_0, PROP_SOURCE, PROP_CAN_GO_BACK, PROP_DETAILS, N_PROPS };
static GParamSpec *properties [N_PROPS];

static void load_unit (PdgUnitView *self,
                       gint64       unit_id);

/* Formatting ----------------------------------------------------------- */

static char *
format_amount (double      quantity,
               const char *uom)
{
  g_autofree char *number = pdg_format_quantity (quantity);

  /* Translators: a quantity and its unit of measure, e.g. "12.5 kg" */
  return g_strdup_printf (C_("quantity", "%s %s"), number, uom != NULL ? uom : "");
}

static const PdgEvent *
find_event (PdgUnitDetails *details,
            PdgEventKind    kind)
{
  for (guint i = 0; i < details->events->len; i++)
    {
      const PdgEvent *event = g_ptr_array_index (details->events, i);

      if (event->kind == kind)
        return event;
    }

  return NULL;
}

static char *
format_origin (PdgUnitDetails *details)
{
  const PdgEvent *event;

  if (details->unit->origin == PDG_ORIGIN_PRODUCED)
    {
      event = find_event (details, PDG_EVENT_PRODUCTION);
      if (event != NULL && event->order_number != NULL)
        return g_strdup_printf (_("Produced on order %s"), event->order_number);
      return g_strdup (_("Produced"));
    }

  event = find_event (details, PDG_EVENT_RECEIPT);
  if (event != NULL && event->partner != NULL)
    return g_strdup_printf (_("Purchased from %s"), event->partner);
  return g_strdup (_("Purchased"));
}

static char *
format_event_title (const PdgEvent *event)
{
  switch (event->kind)
    {
    case PDG_EVENT_RECEIPT:
      if (event->partner != NULL)
        return g_strdup_printf (_("Received from %s"), event->partner);
      return g_strdup (_("Received"));

    case PDG_EVENT_PRODUCTION:
      if (event->order_number != NULL)
        return g_strdup_printf (_("Produced on order %s"), event->order_number);
      return g_strdup (_("Produced"));

    case PDG_EVENT_CONSUMPTION:
      if (event->order_number != NULL)
        return g_strdup_printf (_("Consumed on order %s"), event->order_number);
      return g_strdup (_("Consumed"));

    case PDG_EVENT_TRANSFER:
      if (event->location != NULL)
        return g_strdup_printf (_("Moved to %s"), event->location);
      return g_strdup (_("Moved"));

    case PDG_EVENT_SHIPMENT:
      if (event->partner != NULL)
        return g_strdup_printf (_("Shipped to %s"), event->partner);
      return g_strdup (_("Shipped"));

    case PDG_EVENT_SCRAP:
      return g_strdup (_("Scrapped"));

    case PDG_EVENT_INSPECTION:
      return g_strdup (_("Inspected"));

    default:
      return g_strdup (pdg_event_kind_label (event->kind));
    }
}

static char *
format_event_subtitle (const PdgEvent *event,
                       const char     *uom)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (parts, pdg_format_time (event->at));
  if (event->quantity > 0)
    g_ptr_array_add (parts, format_amount (event->quantity, uom));
  if (event->location != NULL && event->kind != PDG_EVENT_TRANSFER)
    g_ptr_array_add (parts, g_strdup (event->location));
  if (event->doc_ref != NULL)
    g_ptr_array_add (parts, event->doc_type != NULL
                              ? g_strdup_printf ("%s %s", event->doc_type, event->doc_ref)
                              : g_strdup (event->doc_ref));
  if (event->note != NULL)
    g_ptr_array_add (parts, g_strdup (event->note));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

static const char *
event_icon_name (PdgEventKind kind)
{
  switch (kind)
    {
    case PDG_EVENT_RECEIPT:     return "package-x-generic-symbolic";
    case PDG_EVENT_PRODUCTION:  return "applications-engineering-symbolic";
    case PDG_EVENT_CONSUMPTION: return "insert-object-symbolic";
    case PDG_EVENT_TRANSFER:    return "mark-location-symbolic";
    case PDG_EVENT_SHIPMENT:    return "mail-send-symbolic";
    case PDG_EVENT_SCRAP:       return "user-trash-symbolic";
    case PDG_EVENT_INSPECTION:  return "edit-find-symbolic";
    default:                    return "emblem-documents-symbolic";
    }
}

/* Rows ----------------------------------------------------------------- */

static void
list_box_clear (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
set_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_set_placeholder (list, label);
}

/* A component or consumer: activating it navigates to `other`. @far_id is
 * the unit at the far end, for the rare edge whose unit could not be read. */
static GtkWidget *
link_row_new (const PdgAssociation *association,
              gint64                far_id)
{
  const PdgUnit *other = association->other;
  g_autofree char *amount = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *unknown = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  if (other == NULL)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, far_id);

      /* Translators: a unit known only by its internal id */
      unknown = g_strdup_printf (_("Unit %s"), id);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), unknown);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      return row;
    }

  amount = format_amount (association->quantity, other->uom);
  /* Translators: ITEM / LOT · quantity, e.g. "BAT-48V-14 / B24-0012 · 1 pcs" */
  subtitle = g_strdup_printf (_("%s / %s · %s"), other->item_number, other->lot, amount);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), other->item_description);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pdg_status_pill_new (other->status));

  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_widget_set_tooltip_text (arrow, _("Show this unit"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  return row;
}

static GtkWidget *
more_row_new (guint n_more)
{
  g_autofree char *text = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u more unit is not listed here",
                                       "%u more units are not listed here", n_more),
                          n_more);
  label = gtk_label_new (text);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static GtkWidget *
event_row_new (const PdgEvent *event,
               const char     *uom)
{
  g_autofree char *title = format_event_title (event);
  g_autofree char *subtitle = format_event_subtitle (event, uom);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (event_icon_name (event->kind));

  gtk_widget_set_tooltip_text (icon, pdg_event_kind_label (event->kind));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  return row;
}

/* Fills "Made of" (@components) or "Used in"; one row per edge, in order,
 * so that a row's index is its edge's index (see on_link_activated()). */
static void
fill_links (GtkListBox          *list,
            AdwPreferencesGroup *group,
            GPtrArray           *associations,
            gboolean             components)
{
  guint n = associations->len;
  g_autofree char *description = NULL;

  list_box_clear (list);
  for (guint i = 0; i < n && i < MAX_LINK_ROWS; i++)
    {
      const PdgAssociation *association = g_ptr_array_index (associations, i);

      gtk_list_box_append (list, link_row_new (association,
                                               components ? association->child_id
                                                          : association->parent_id));
    }
  if (n > MAX_LINK_ROWS)
    gtk_list_box_append (list, more_row_new (n - MAX_LINK_ROWS));

  if (n > 0 && components)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u component", "%u components", n), n);
  else if (n > 0)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unit", "%u units", n), n);
  adw_preferences_group_set_description (group, description);
}

/* Showing -------------------------------------------------------------- */

static void
set_optional (AdwActionRow *row,
              GtkLabel     *label,
              const char   *text)
{
  gtk_widget_set_visible (GTK_WIDGET (row), text != NULL && *text != '\0');
  gtk_label_set_label (label, text != NULL ? text : "");
}

static void
update_back_button (PdgUnitView *self)
{
  gboolean can_go_back = self->history->len > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), can_go_back);
  if (can_go_back)
    {
      const PdgUnit *previous = g_ptr_array_index (self->history, self->history->len - 1);
      g_autofree char *key = pdg_unit_dup_key (previous);
      g_autofree char *label = g_strdup_printf (_("Back to %s"), key);

      adw_button_content_set_label (self->back_content, label);
    }
}

static void
show_details (PdgUnitView    *self,
              PdgUnitDetails *details)
{
  const PdgUnit *unit = details->unit;
  g_autofree char *key = g_strdup_printf ("%s / %s", unit->item_number, unit->lot);
  g_autofree char *quantity = format_amount (unit->quantity, unit->uom);
  g_autofree char *on_hand = format_amount (unit->on_hand, unit->uom);
  g_autofree char *origin = format_origin (details);
  g_autofree char *n_events = NULL;

  if (self->details != details)
    {
      g_clear_pointer (&self->details, pdg_unit_details_unref);
      self->details = pdg_unit_details_ref (details);
    }

  gtk_label_set_label (self->title_label, unit->item_description);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->trace_backward_button), "(xb)", unit->id, FALSE);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->trace_forward_button), "(xb)", unit->id, TRUE);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->recall_button), "x", unit->id);
  gtk_label_set_label (self->subtitle_label, key);
  gtk_label_set_label (self->quantity_label, quantity);
  gtk_label_set_label (self->on_hand_label, on_hand);
  pdg_status_pill_set_status (self->status_pill, unit->status);
  gtk_label_set_label (self->origin_label, origin);
  set_optional (self->produced_row, self->produced_label, unit->produced_on);
  set_optional (self->expires_row, self->expires_label, unit->expires_on);
  set_optional (self->location_row, self->location_label, unit->location);

  fill_links (self->made_of_list, self->made_of_group, details->components, TRUE);
  fill_links (self->used_in_list, self->used_in_group, details->consumers, FALSE);

  list_box_clear (self->history_list);
  for (guint i = 0; i < details->events->len; i++)
    gtk_list_box_append (self->history_list,
                         event_row_new (g_ptr_array_index (details->events, i), unit->uom));
  if (details->events->len > 0)
    n_events = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event, oldest first",
                                             "%u events, oldest first", details->events->len),
                                details->events->len);
  adw_preferences_group_set_description (self->history_group, n_events);

  update_back_button (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, "unit");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
}

static void
load_unit_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PdgUnitView) self = user_data;
  g_autoptr(PdgUnitDetails) details = NULL;
  g_autoptr(GError) error = NULL;

  details = pdg_source_load_unit_finish (PDG_SOURCE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (details == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      update_back_button (self);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  show_details (self, details);
}

static void
load_unit (PdgUnitView *self,
           gint64       unit_id)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->source == NULL)
    return;

  /* Keep the unit on screen until the next one is there (it usually takes
   * a few milliseconds); show a spinner only when there is nothing yet. */
  if (self->details == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  self->cancellable = g_cancellable_new ();
  pdg_source_load_unit_async (self->source, unit_id, self->cancellable,
                              load_unit_cb, g_object_ref (self));
}

static void
set_history_empty (PdgUnitView *self)
{
  gboolean could_go_back = self->history->len > 0;

  g_ptr_array_set_size (self->history, 0);
  if (could_go_back)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
}

/**
 * pdg_unit_view_show_unit:
 * @unit_id: the unit to show
 *
 * Shows @unit_id with an empty back history.
 */
void
pdg_unit_view_show_unit (PdgUnitView *self,
                         gint64       unit_id)
{
  g_return_if_fail (PDG_IS_UNIT_VIEW (self));

  set_history_empty (self);
  load_unit (self, unit_id);
}

/**
 * pdg_unit_view_reload:
 *
 * Reads the unit shown again (after a change elsewhere); its history of
 * earlier units stays.
 */
void
pdg_unit_view_reload (PdgUnitView *self)
{
  g_return_if_fail (PDG_IS_UNIT_VIEW (self));

  if (self->details != NULL)
    load_unit (self, self->details->unit->id);
}

static void
navigate_to (PdgUnitView *self,
             gint64       unit_id)
{
  if (self->details == NULL || self->details->unit->id == unit_id)
    return;

  g_ptr_array_add (self->history, pdg_unit_copy (self->details->unit));
  if (self->history->len == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);

  load_unit (self, unit_id);
}

/**
 * pdg_unit_view_go_back:
 *
 * Shows the unit shown before the last navigation, if any.
 */
void
pdg_unit_view_go_back (PdgUnitView *self)
{
  g_autoptr(PdgUnit) previous = NULL;

  g_return_if_fail (PDG_IS_UNIT_VIEW (self));

  if (self->history->len == 0)
    return;

  previous = g_ptr_array_steal_index (self->history, self->history->len - 1);
  if (self->history->len == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);

  load_unit (self, previous->id);
}

gboolean
pdg_unit_view_get_can_go_back (PdgUnitView *self)
{
  g_return_val_if_fail (PDG_IS_UNIT_VIEW (self), FALSE);

  return self->history->len > 0;
}

/**
 * pdg_unit_view_get_details:
 *
 * Returns: (transfer none) (nullable): what the view shows.
 */
PdgUnitDetails *
pdg_unit_view_get_details (PdgUnitView *self)
{
  g_return_val_if_fail (PDG_IS_UNIT_VIEW (self), NULL);

  return self->details;
}

/**
 * pdg_unit_view_clear:
 *
 * Forgets the unit on screen and the history, and cancels a pending load.
 */
void
pdg_unit_view_clear (PdgUnitView *self)
{
  g_return_if_fail (PDG_IS_UNIT_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_history_empty (self);

  if (self->details != NULL)
    {
      g_clear_pointer (&self->details, pdg_unit_details_unref);
      list_box_clear (self->made_of_list);
      list_box_clear (self->used_in_list);
      list_box_clear (self->history_list);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

PdgSource *
pdg_unit_view_get_source (PdgUnitView *self)
{
  g_return_val_if_fail (PDG_IS_UNIT_VIEW (self), NULL);

  return self->source;
}

void
pdg_unit_view_set_source (PdgUnitView *self,
                          PdgSource   *source)
{
  g_return_if_fail (PDG_IS_UNIT_VIEW (self));
  g_return_if_fail (source == NULL || PDG_IS_SOURCE (source));

  if (self->source == source)
    return;

  pdg_unit_view_clear (self);
  g_set_object (&self->source, source);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

static void
on_link_activated (PdgUnitView   *self,
                   GtkListBoxRow *row,
                   GtkListBox    *list)
{
  GPtrArray *associations;
  const PdgAssociation *association;
  int index = gtk_list_box_row_get_index (row);

  if (self->details == NULL)
    return;

  associations = list == self->made_of_list ? self->details->components : self->details->consumers;
  if (index < 0 || (guint) index >= associations->len)
    return;

  association = g_ptr_array_index (associations, index);
  if (association->other != NULL)
    navigate_to (self, association->other->id);
}

/* GObject -------------------------------------------------------------- */

static void
pdg_unit_view_dispose (GObject *object)
{
  PdgUnitView *self = PDG_UNIT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->source);
  g_clear_pointer (&self->details, pdg_unit_details_unref);

  G_OBJECT_CLASS (pdg_unit_view_parent_class)->dispose (object);
}

static void
pdg_unit_view_finalize (GObject *object)
{
  PdgUnitView *self = PDG_UNIT_VIEW (object);

  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (pdg_unit_view_parent_class)->finalize (object);
}

static void
pdg_unit_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdgUnitView *self = PDG_UNIT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, pdg_unit_view_get_can_go_back (self));
      break;

    case PROP_DETAILS:
      g_value_set_boxed (value, self->details);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pdg_unit_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PdgUnitView *self = PDG_UNIT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      pdg_unit_view_set_source (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pdg_unit_view_class_init (PdgUnitViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pdg_unit_view_dispose;
  object_class->finalize = pdg_unit_view_finalize;
  object_class->get_property = pdg_unit_view_get_property;
  object_class->set_property = pdg_unit_view_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         PDG_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAILS] =
    g_param_spec_boxed ("details", NULL, NULL,
                        PDG_TYPE_UNIT_DETAILS,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PDG_TYPE_STATUS_PILL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pedigree/Pedigree/pdg-unit-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, scroller);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, back_button);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, back_content);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, trace_backward_button);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, recall_button);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, trace_forward_button);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, quantity_label);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, on_hand_label);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, status_pill);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, origin_label);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, produced_row);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, produced_label);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, expires_row);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, expires_label);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, location_row);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, location_label);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, made_of_group);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, made_of_list);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, used_in_group);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, used_in_list);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, history_group);
  gtk_widget_class_bind_template_child (widget_class, PdgUnitView, history_list);
  gtk_widget_class_bind_template_callback (widget_class, on_link_activated);
}

static void
pdg_unit_view_init (PdgUnitView *self)
{
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_unit_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  set_placeholder (self->made_of_list,
                   _("No tracked components: a purchased lot, or made of untracked parts only."));
  set_placeholder (self->used_in_list, _("Not used in any other unit."));
  set_placeholder (self->history_list, _("No events recorded."));
}
