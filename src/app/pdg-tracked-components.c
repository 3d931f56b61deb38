/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-tracked-components.c: the tracked-components editor of one production
 * order, for a planner at a desk or a worker with a keyboard-wedge scanner.
 *
 * The widget never decides anything about registrations: every click, scan
 * or key becomes a PdgRegisterAction that the PdgSource applies through the
 * registration engine (core/register) in one audited transaction, and the
 * PdgRegisterState that comes back is drawn whole (lists are rebuilt from
 * it). Actions run one at a time, in the order they were made: a scanner
 * types faster than a database answers, so scans wait in `queue` behind the
 * action in flight. A refused action changed nothing; its reason goes under
 * the scan entry, a refused scan comes back into the entry, selected, and
 * the scans queued behind it are dropped (they were meant for a state that
 * did not happen).
 *
 * After every action the keyboard focus returns to the scan entry, except
 * while the user walks a list with the arrow keys (each row selected is a
 * selection action; Enter goes back to the entry). Printable keys typed
 * anywhere in the widget go to the scan entry (GtkSearchEntry key capture),
 * so a scan is never lost to a focused button. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pdg-association.h"
#include "pdg-component-line.h"
#include "pdg-finished-product.h"
#include "pdg-format.h"
#include "pdg-pick-line.h"
#include "pdg-tracked-components.h"

struct _PdgTrackedComponents
{
  GtkWidget          parent_instance;

  PdgSource         *source;       /* owned, nullable */
  gint64             order_id;     /* 0 before pdg_tracked_components_open() */
  PdgRegisterState  *state;        /* owned, nullable; what is shown */
  GQueue            *queue;        /* PdgRegisterAction, owned; waiting their turn */
  PdgRegisterAction *running;      /* owned, nullable; the action in flight */
  GCancellable      *cancellable;  /* owned; cancelled when the order or source changes */
  gboolean           syncing;      /* TRUE while widgets are set from the state */
  GtkWidget         *report_dialog; /* borrowed (weak), nullable; while it is up */
  AdwToast          *last_toast;   /* borrowed (weak), nullable; replaced by the next one */
  GtkSizeGroup      *columns[7];   /* owned; the component-line columns, header and rows */

  /* template children */
  GtkLabel          *title_label;
  GtkLabel          *status_label;
  GtkLabel          *subtitle_label;
  GtkLabel          *quantities_label;
  GtkSpinner        *busy_spinner;
  GtkToggleButton   *product_button;
  GtkToggleButton   *component_button;
  GtkSearchEntry    *scan_entry;
  GtkLabel          *mode_label;
  GtkLabel          *error_label;
  GtkLabel          *products_count_label;
  GtkListBox        *products_list;
  GtkLabel          *lines_title;
  GtkBox            *lines_header;
  GtkListBox        *lines_list;
  GtkLabel          *components_title;
  GtkListBox        *components_list;
  GtkBox            *journal_box;
  GtkLabel          *journal_title;
  GtkListBox        *journal_list;
  GtkButton         *undo_button;
};

G_DEFINE_FINAL_TYPE (PdgTrackedComponents, pdg_tracked_components, GTK_TYPE_WIDGET)

/* Widths of the component-line columns, in characters. */
enum { W_LINE = 4, W_ITEM = 14, W_QTY = 12, W_STATUS = 11 };

static void run_next (PdgTrackedComponents *self);

/* Small widgets ------------------------------------------------------------ */

static void
list_box_clear (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static GtkWidget *
cell (const char *text,
      int         width_chars,
      float       xalign,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (width_chars > 0)
    {
      gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
      gtk_label_set_max_width_chars (GTK_LABEL (label), width_chars);
    }
  else
    gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
quantity_text (double      quantity,
               const char *uom)
{
  g_autofree char *q = pdg_format_quantity (quantity);

  return uom != NULL && *uom != '\0' ? g_strdup_printf ("%s %s", q, uom) : g_steal_pointer (&q);
}

static const char *
registration_css (PdgRegistrationStatus status)
{
  switch (status)
    {
    case PDG_REGISTRATION_IN_PROGRESS:
      return "warning";
    case PDG_REGISTRATION_COMPLETED:
      return "success";
    case PDG_REGISTRATION_NOT_STARTED:
    default:
      return "dim-label";
    }
}

/* Lines up the cells of a component-line row (or the header) with the
 * other rows: one size group per column. */
static void
add_to_columns (PdgTrackedComponents *self,
                GtkWidget            *box)
{
  guint i = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (box);
       c != NULL && i < G_N_ELEMENTS (self->columns);
       c = gtk_widget_get_next_sibling (c), i++)
    if (!gtk_widget_get_hexpand (c))
      gtk_size_group_add_widget (self->columns[i], c);
}

static GtkWidget *
row_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  return box;
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static const PdgFinishedProduct *
selected_product (PdgTrackedComponents *self)
{
  if (self->state == NULL || self->state->product_id == 0)
    return NULL;
  for (guint i = 0; i < self->state->products->len; i++)
    {
      const PdgFinishedProduct *p = g_ptr_array_index (self->state->products, i);

      if (p->unit_id == self->state->product_id)
        return p;
    }
  return NULL;
}

static gboolean
focus_is_in (PdgTrackedComponents *self,
             GtkWidget            *container)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == container || gtk_widget_is_ancestor (focus, container));
}

static void
toast (PdgTrackedComponents *self,
       const char           *text,
       gboolean              with_undo)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *t;

  if (overlay == NULL || text == NULL)
    return;
  /* One toast at a time: a scanner's burst must not queue a dozen. */
  if (self->last_toast != NULL)
    adw_toast_dismiss (self->last_toast);
  t = adw_toast_new (text);
  adw_toast_set_timeout (t, 4);
  if (with_undo)
    {
      adw_toast_set_button_label (t, _("_Undo"));
      adw_toast_set_action_name (t, "production.undo");
    }
  self->last_toast = t;
  g_object_add_weak_pointer (G_OBJECT (t), (gpointer *) &self->last_toast);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), t);
}

/* Showing the state -------------------------------------------------------- */

static void
show_header (PdgTrackedComponents *self,
             const PdgOrder       *o)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *started = pdg_format_quantity (o->started_qty);
  g_autofree char *good = pdg_format_quantity (o->good_qty);
  g_autofree char *bad = pdg_format_quantity (o->error_qty);
  g_autofree char *registered = pdg_format_quantity (o->registered_qty);
  g_autofree char *quantities = NULL;

  gtk_label_set_label (self->title_label, o->number);
  subtitle = g_strdup_printf ("%s — %s", o->item_number, o->item_description != NULL ? o->item_description : "");
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_label_set_label (self->status_label, pdg_order_status_label (o->status));
  /* Translators: started / registered / reported quantities of an order */
  quantities = g_strdup_printf (_("Started %s · With serial or batch %s · Reported %s good, %s error"),
                                started, registered, good, bad);
  gtk_label_set_label (self->quantities_label, quantities);
}

static void
show_mode (PdgTrackedComponents *self)
{
  const PdgFinishedProduct *p = selected_product (self);
  gboolean component = self->state->mode == PDG_SCAN_MODE_COMPONENT;
  g_autofree char *text = NULL;

  self->syncing = TRUE;
  gtk_toggle_button_set_active (component ? self->component_button : self->product_button, TRUE);
  self->syncing = FALSE;

  if (!component)
    text = g_strdup (_("Product mode: a scan selects or creates the finished serial or batch."));
  else if (p == NULL)
    text = g_strdup (_("Component mode: choose or scan a finished product first."));
  else
    {
      const PdgComponentLine *line = NULL;

      for (guint i = 0; i < self->state->lines->len; i++)
        if (((PdgComponentLine *) g_ptr_array_index (self->state->lines, i))->bom_line_id == self->state->line_id)
          line = g_ptr_array_index (self->state->lines, i);
      if (line != NULL)
        /* Translators: component mode; first %s is the component item, second the finished serial/batch */
        text = g_strdup_printf (_("Component mode: scans of %s go into %s."), line->item_number, p->lot);
      else
        text = g_strdup_printf (_("Component mode: scans go into %s (GS1 labels name their line; choose the line for a plain number)."),
                                p->lot);
    }
  gtk_label_set_label (self->mode_label, text);
}

static void
show_products (PdgTrackedComponents *self,
               gboolean              keep_focus)
{
  GtkListBoxRow *selected = NULL;
  guint n_reported = 0;
  g_autofree char *count = NULL;

  self->syncing = TRUE;
  list_box_clear (self->products_list);
  for (guint i = 0; i < self->state->products->len; i++)
    {
      const PdgFinishedProduct *p = g_ptr_array_index (self->state->products, i);
      GtkWidget *box = row_box ();
      GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *status;
      g_autofree char *qty = pdg_format_quantity (p->quantity);
      g_autofree char *detail = NULL;

      if (p->reported)
        {
          g_autofree char *good = pdg_format_quantity (p->good_qty);
          g_autofree char *bad = pdg_format_quantity (p->error_qty);

          n_reported++;
          detail = g_strdup_printf (_("Quantity %s · reported %s good, %s error"), qty, good, bad);
          status = cell (_("Reported"), 0, 1, "accent");
        }
      else
        {
          detail = g_strdup_printf (_("Quantity %s"), qty);
          status = cell (pdg_registration_status_label (p->status), 0, 1, registration_css (p->status));
        }
      gtk_widget_add_css_class (status, "caption-heading");
      gtk_widget_set_hexpand (status, FALSE);
      gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
      gtk_widget_set_hexpand (texts, TRUE);
      gtk_box_append (GTK_BOX (texts), cell (p->lot, 0, 0, "heading"));
      gtk_box_append (GTK_BOX (texts), cell (detail, 0, 0, "dim-label"));
      gtk_box_append (GTK_BOX (box), texts);
      gtk_box_append (GTK_BOX (box), status);
      gtk_list_box_append (self->products_list, box);
      if (p->unit_id == self->state->product_id)
        selected = gtk_list_box_get_row_at_index (self->products_list, (int) i);
    }
  gtk_list_box_select_row (self->products_list, selected);
  self->syncing = FALSE;

  count = g_strdup_printf (_("%u of %s reported"), n_reported,
                           pdg_format_quantity (self->state->order->started_qty));
  gtk_label_set_label (self->products_count_label, count);
  if (keep_focus && selected != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (selected));
}

static void
show_lines (PdgTrackedComponents *self,
            gboolean              keep_focus)
{
  const PdgFinishedProduct *p = selected_product (self);
  GtkListBoxRow *selected = NULL;
  g_autofree char *title = NULL;

  self->syncing = TRUE;
  list_box_clear (self->lines_list);
  for (guint i = 0; i < self->state->lines->len; i++)
    {
      const PdgComponentLine *l = g_ptr_array_index (self->state->lines, i);
      GtkWidget *box = row_box ();
      g_autofree char *no = g_strdup_printf ("%d", l->line_no);
      g_autofree char *started = quantity_text (l->started, l->uom);
      g_autofree char *consumption = quantity_text (l->consumption, l->uom);
      g_autofree char *remaining = quantity_text (l->remaining, l->uom);
      GtkWidget *status;

      gtk_box_append (GTK_BOX (box), cell (no, W_LINE, 0, "dim-label"));
      gtk_box_append (GTK_BOX (box), cell (l->item_number, W_ITEM, 0, "heading"));
      gtk_box_append (GTK_BOX (box), cell (l->item_description, 0, 0, NULL));
      gtk_box_append (GTK_BOX (box), cell (started, W_QTY, 1, NULL));
      gtk_box_append (GTK_BOX (box), cell (consumption, W_QTY, 1, NULL));
      gtk_box_append (GTK_BOX (box), cell (remaining, W_QTY, 1, NULL));
      if (l->tracked)
        status = cell (pdg_registration_status_label (l->status), W_STATUS, 1, registration_css (l->status));
      else
        status = cell (_("Not tracked"), W_STATUS, 1, "dim-label");
      gtk_widget_add_css_class (status, "caption-heading");
      gtk_box_append (GTK_BOX (box), status);
      add_to_columns (self, box);
      gtk_list_box_append (self->lines_list, box);
      if (l->bom_line_id == self->state->line_id)
        selected = gtk_list_box_get_row_at_index (self->lines_list, (int) i);
    }
  gtk_list_box_select_row (self->lines_list, selected);
  self->syncing = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->lines_header), self->state->lines->len > 0);
  if (p != NULL)
    title = g_strdup_printf (_("Components of %s"), p->lot);
  gtk_label_set_label (self->lines_title, title != NULL ? title : _("Components"));
  if (keep_focus && selected != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (selected));
}

static void
on_change_activate (GtkEntry             *entry,
                    PdgTrackedComponents *self)
{
  g_autoptr(PdgRegisterAction) action = pdg_register_action_new (PDG_REGISTER_ACTION_CHANGE);
  const gint64 *child_id = g_object_get_data (G_OBJECT (entry), "child-id");
  GtkPopover *popover = g_object_get_data (G_OBJECT (entry), "popover");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (self->state == NULL || child_id == NULL || *text == '\0')
    return;
  action->unit_id = self->state->product_id;
  action->child_id = *child_id;
  action->text = g_strstrip (g_strdup (text));
  gtk_popover_popdown (popover);
  pdg_tracked_components_queue (self, action);
}

static GtkWidget *
change_button_new (PdgTrackedComponents *self,
                   const PdgAssociation *a)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *what = g_strdup_printf (_("Serial or batch of %s that really went in"), a->other->item_number);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "document-edit-symbolic");
  gtk_widget_set_tooltip_text (button, _("Change Serial or Batch"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_box_append (GTK_BOX (box), cell (what, 0, 0, "heading"));
  gtk_editable_set_text (GTK_EDITABLE (entry), a->other->lot);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  g_object_set_data_full (G_OBJECT (entry), "child-id", g_memdup2 (&a->child_id, sizeof a->child_id), g_free);
  g_object_set_data (G_OBJECT (entry), "popover", popover);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_change_activate), self, 0);
  return button;
}

static void
show_components (PdgTrackedComponents *self)
{
  const PdgFinishedProduct *p = selected_product (self);

  list_box_clear (self->components_list);
  for (guint i = 0; i < self->state->components->len; i++)
    {
      const PdgAssociation *a = g_ptr_array_index (self->state->components, i);
      GtkWidget *box = row_box ();
      GtkWidget *button;
      g_autofree char *qty = NULL;

      if (a->other == NULL)
        continue;
      qty = quantity_text (a->quantity, a->other->uom);
      gtk_box_append (GTK_BOX (box), cell (a->other->item_number, W_ITEM, 0, "heading"));
      gtk_box_append (GTK_BOX (box), cell (a->other->item_description, 0, 0, "dim-label"));
      gtk_box_append (GTK_BOX (box), cell (a->other->lot, 16, 0, NULL));
      gtk_box_append (GTK_BOX (box), cell (qty, W_QTY, 1, NULL));

      if (p != NULL && !p->reported)
        {
          gtk_box_append (GTK_BOX (box), change_button_new (self, a));

          button = gtk_button_new_from_icon_name ("list-remove-symbolic");
          gtk_widget_set_tooltip_text (button, _("Remove This Registration"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "tracked.remove");
        }
      else
        {
          button = gtk_button_new_with_mnemonic (_("Un_link"));
          gtk_widget_set_tooltip_text (button, _("Take the component out of the reported unit (repair); it becomes available again"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "tracked.unlink");
        }
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (a->child_id));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_box_append (GTK_BOX (box), button);
      gtk_list_box_append (self->components_list, box);
    }
  gtk_list_box_set_placeholder (self->components_list,
                                placeholder (_("Nothing registered in it yet: scan a component.")));
  gtk_widget_set_visible (GTK_WIDGET (self->components_title), p != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->components_list), p != NULL);
}

static void
show_journal (PdgTrackedComponents *self)
{
  g_autofree char *title = NULL;

  list_box_clear (self->journal_list);
  gtk_widget_set_visible (GTK_WIDGET (self->journal_box), self->state->journal_id > 0);
  if (self->state->journal_id == 0)
    return;
  title = g_strdup_printf (_("Picking List %" G_GINT64_FORMAT " — check it, then post or discard"),
                           self->state->journal_id);
  gtk_label_set_label (self->journal_title, title);
  for (guint i = 0; i < self->state->journal->len; i++)
    {
      const PdgPickLine *l = g_ptr_array_index (self->state->journal, i);
      GtkWidget *box = row_box ();
      g_autofree char *qty = quantity_text (l->quantity, l->uom);

      gtk_box_append (GTK_BOX (box), cell (l->parent_lot, 16, 0, "heading"));
      gtk_box_append (GTK_BOX (box), cell (l->item_number, W_ITEM, 0, NULL));
      gtk_box_append (GTK_BOX (box), cell (l->lot, 0, 0, NULL));
      gtk_box_append (GTK_BOX (box), cell (qty, W_QTY, 1, NULL));
      gtk_box_append (GTK_BOX (box), cell (l->location != NULL ? l->location : "", 16, 1, "dim-label"));
      gtk_list_box_append (self->journal_list, box);
    }
  if (self->state->journal->len == 0)
    gtk_list_box_append (self->journal_list, placeholder (_("Nothing to pick: every open line is covered.")));
}

static void
update_actions (PdgTrackedComponents *self)
{
  const PdgFinishedProduct *p = selected_product (self);
  gboolean have = self->state != NULL;
  gboolean open = have && (self->state->order->status == PDG_ORDER_STARTED ||
                           self->state->order->status == PDG_ORDER_REPORTED);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "tracked.report", open && p != NULL && !p->reported);
  gtk_widget_action_set_enabled (widget, "tracked.reverse", p != NULL && p->reported);
  gtk_widget_action_set_enabled (widget, "tracked.pick", open && p != NULL && !p->reported);
  gtk_widget_action_set_enabled (widget, "tracked.adjust", open && self->state->journal_id == 0);
  gtk_widget_action_set_enabled (widget, "tracked.post", have && self->state->journal_id > 0);
  gtk_widget_action_set_enabled (widget, "tracked.discard", have && self->state->journal_id > 0);
  gtk_widget_action_set_enabled (widget, "tracked.undo", have && self->state->undo_label != NULL);
  /* The button says what it would undo ("Undo M1 into EB0001"). */
  if (have && self->state->undo_label != NULL)
    {
      g_autofree char *tip = g_strdup_printf (_("%s (Ctrl+Z)"), self->state->undo_label);

      gtk_button_set_use_underline (self->undo_button, FALSE);
      gtk_button_set_label (self->undo_button, self->state->undo_label);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->undo_button), tip);
    }
  else
    {
      gtk_button_set_use_underline (self->undo_button, TRUE);
      gtk_button_set_label (self->undo_button, _("_Undo"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->undo_button), _("Nothing to undo"));
    }
  {
    GtkWidget *label = gtk_button_get_child (self->undo_button);

    if (GTK_IS_LABEL (label))
      {
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
        gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
      }
  }
}

static void
show_state (PdgTrackedComponents *self,
            gboolean              keep_products_focus,
            gboolean              keep_lines_focus)
{
  show_header (self, self->state->order);
  show_mode (self);
  show_products (self, keep_products_focus);
  show_lines (self, keep_lines_focus);
  show_components (self);
  show_journal (self);
  if (self->state->products->len == 0)
    gtk_list_box_set_placeholder (self->products_list,
                                  placeholder (_("No finished serial or batch yet: scan one in Product mode.")));
  if (self->state->product_id == 0)
    gtk_list_box_set_placeholder (self->lines_list,
                                  placeholder (_("Scan or choose a finished product to see its components.")));
  else
    gtk_list_box_set_placeholder (self->lines_list, placeholder (_("This order has no bill of materials.")));
  update_actions (self);
}

static void
show_error (PdgTrackedComponents *self,
            const char           *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
clear_error (PdgTrackedComponents *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_label_set_label (self->error_label, "");
}

/* The action queue ----------------------------------------------------------- */

static void
set_busy (PdgTrackedComponents *self,
          gboolean              busy)
{
  gtk_spinner_set_spinning (self->busy_spinner, busy);
}

static void
drop_queue (PdgTrackedComponents *self)
{
  PdgRegisterAction *action;

  while ((action = g_queue_pop_head (self->queue)) != NULL)
    pdg_register_action_free (action);
}

static void
on_registered (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PdgTrackedComponents) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgRegisterState) state = pdg_source_register_finish (PDG_SOURCE (object), result, &error);
  g_autoptr(PdgRegisterAction) action = NULL;
  gboolean in_products, in_lines;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  action = g_steal_pointer (&self->running);
  set_busy (self, FALSE);
  if (action == NULL)
    return;

  if (state == NULL)
    {
      guint dropped = g_queue_get_length (self->queue);

      if (dropped > 0)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%s (%u scan after it was not applied: scan it again.)",
                                                                "%s (%u scans after it were not applied: scan them again.)",
                                                                dropped),
                                                   error->message, dropped);
          show_error (self, more);
        }
      else
        show_error (self, error->message);
      drop_queue (self);

      if (action->kind == PDG_REGISTER_ACTION_SUBMIT)
        gtk_editable_set_text (GTK_EDITABLE (self->scan_entry), action->text != NULL ? action->text : "");
      if (self->state != NULL)
        show_state (self, FALSE, FALSE);   /* a refused selection or mode puts them back */
      pdg_tracked_components_focus_scan (self);
      gtk_editable_select_region (GTK_EDITABLE (self->scan_entry), 0, -1);
      return;
    }

  in_products = action->kind == PDG_REGISTER_ACTION_SELECT_PRODUCT &&
                focus_is_in (self, GTK_WIDGET (self->products_list));
  in_lines = action->kind == PDG_REGISTER_ACTION_SELECT_LINE &&
             focus_is_in (self, GTK_WIDGET (self->lines_list));

  g_clear_pointer (&self->state, pdg_register_state_unref);
  self->state = g_steal_pointer (&state);
  clear_error (self);
  show_state (self, in_products, in_lines);
  if (self->state->message != NULL)
    toast (self, self->state->message,
           self->state->undo_label != NULL && action->kind != PDG_REGISTER_ACTION_UNDO);
  if (!in_products && !in_lines)
    pdg_tracked_components_focus_scan (self);

  run_next (self);
}

static void
run_next (PdgTrackedComponents *self)
{
  if (self->running != NULL || self->source == NULL || self->order_id == 0)
    return;
  self->running = g_queue_pop_head (self->queue);
  if (self->running == NULL)
    return;
  set_busy (self, TRUE);
  pdg_source_register_async (self->source, self->order_id, self->running, self->cancellable,
                             on_registered, g_object_ref (self));
}

/**
 * pdg_tracked_components_queue:
 * @action: what to do (copied)
 *
 * Applies @action to the order after the actions already waiting.
 */
void
pdg_tracked_components_queue (PdgTrackedComponents    *self,
                              const PdgRegisterAction *action)
{
  g_return_if_fail (PDG_IS_TRACKED_COMPONENTS (self));
  g_return_if_fail (action != NULL);

  if (self->order_id == 0)
    return;
  g_queue_push_tail (self->queue, pdg_register_action_copy (action));
  run_next (self);
}

static void
queue_simple (PdgTrackedComponents  *self,
              PdgRegisterActionKind  kind,
              gint64                 unit_id,
              gint64                 child_id,
              gint64                 line_id,
              gint64                 journal_id)
{
  g_autoptr(PdgRegisterAction) action = pdg_register_action_new (kind);

  action->unit_id = unit_id;
  action->child_id = child_id;
  action->line_id = line_id;
  action->journal_id = journal_id;
  pdg_tracked_components_queue (self, action);
}

/* Signals of the template ------------------------------------------------- */

static void
on_scan_activate (PdgTrackedComponents *self,
                  GtkSearchEntry       *entry)
{
  g_autoptr(PdgRegisterAction) action = NULL;
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  /* Scanners end with Enter and may send trailing blanks; GS1 codes keep
   * their group separators, which the engine reads. */
  g_strchomp (text);
  if (*text == '\0')
    return;
  action = pdg_register_action_new (PDG_REGISTER_ACTION_SUBMIT);
  action->text = g_steal_pointer (&text);
  /* The entry is free for the next scan at once; a refused scan comes back. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  pdg_tracked_components_queue (self, action);
}

static void
on_mode_toggled (PdgTrackedComponents *self,
                 GtkToggleButton      *button)
{
  g_autoptr(PdgRegisterAction) action = NULL;

  if (self->syncing || !gtk_toggle_button_get_active (button))
    return;
  action = pdg_register_action_new (PDG_REGISTER_ACTION_SET_MODE);
  action->mode = button == self->component_button ? PDG_SCAN_MODE_COMPONENT : PDG_SCAN_MODE_PRODUCT;
  pdg_tracked_components_queue (self, action);
}

static void
on_product_selected (PdgTrackedComponents *self,
                     GtkListBoxRow        *row,
                     GtkListBox           *list)
{
  const PdgFinishedProduct *p;
  int index;

  if (self->syncing || row == NULL || self->state == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->state->products->len)
    return;
  p = g_ptr_array_index (self->state->products, index);
  if (p->unit_id != self->state->product_id)
    queue_simple (self, PDG_REGISTER_ACTION_SELECT_PRODUCT, p->unit_id, 0, 0, 0);
}

static void
on_line_selected (PdgTrackedComponents *self,
                  GtkListBoxRow        *row,
                  GtkListBox           *list)
{
  const PdgComponentLine *l;
  int index;

  if (self->syncing || row == NULL || self->state == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->state->lines->len)
    return;
  l = g_ptr_array_index (self->state->lines, index);
  if (l->bom_line_id != self->state->line_id)
    queue_simple (self, PDG_REGISTER_ACTION_SELECT_LINE, 0, 0, l->bom_line_id, 0);
}

/* Enter or a click on a row: the selection is made; back to scanning. */
static void
on_row_activated (PdgTrackedComponents *self,
                  GtkListBoxRow        *row,
                  GtkListBox           *list)
{
  pdg_tracked_components_focus_scan (self);
}

/* Report as finished ------------------------------------------------------- */

static void
on_report_response (AdwMessageDialog     *dialog,
                    const char           *response,
                    PdgTrackedComponents *self)
{
  g_autoptr(PdgRegisterAction) action = NULL;
  gint64 unit_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "unit-id"));
  double quantity = *(double *) g_object_get_data (G_OBJECT (dialog), "quantity");
  GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);

  if (g_str_equal (response, "cancel"))
    {
      pdg_tracked_components_focus_scan (self);
      return;
    }
  action = pdg_register_action_new (PDG_REGISTER_ACTION_REPORT);
  action->unit_id = unit_id;
  if (g_str_equal (response, "good"))
    action->good_qty = quantity;
  else if (g_str_equal (response, "error"))
    action->error_qty = quantity;
  else if (extra != NULL)
    {
      action->good_qty = gtk_spin_button_get_value (g_object_get_data (G_OBJECT (dialog), "good-spin"));
      action->error_qty = gtk_spin_button_get_value (g_object_get_data (G_OBJECT (dialog), "error-spin"));
    }
  pdg_tracked_components_queue (self, action);
}

static GtkWidget *
quantity_spin (GtkGrid    *grid,
               int         row,
               const char *label,
               double      max,
               double      value)
{
  GtkWidget *title = gtk_label_new_with_mnemonic (label);
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 3);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_hexpand (spin, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), spin);
  gtk_grid_attach (grid, title, 0, row, 1, 1);
  gtk_grid_attach (grid, spin, 1, row, 1, 1);
  return spin;
}

static void
report_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  PdgTrackedComponents *self = PDG_TRACKED_COMPONENTS (widget);
  const PdgFinishedProduct *p = selected_product (self);
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;

  if (p == NULL || p->reported || self->report_dialog != NULL)
    return;
  heading = g_strdup_printf (_("Report %s as Finished?"), p->lot);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, NULL);
  g_object_set_data (G_OBJECT (dialog), "unit-id", GSIZE_TO_POINTER ((gsize) p->unit_id));
  g_object_set_data_full (G_OBJECT (dialog), "quantity", g_memdup2 (&p->quantity, sizeof p->quantity), g_free);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  if (self->state->tracking == PDG_TRACKING_SERIAL)
    {
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("A good unit goes on hand with a production event; a unit in error is scrapped."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "error", _("_Error (Scrap)"));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "good", _("_Good"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "error", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "good", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "good");
    }
  else
    {
      GtkWidget *grid = gtk_grid_new ();
      g_autofree char *body = NULL;
      g_autofree char *qty = pdg_format_quantity (p->quantity);

      body = g_strdup_printf (_("Batch %s holds %s. Good quantity goes on hand; error quantity is scrapped."),
                              p->lot, qty);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
      gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
      gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
      g_object_set_data (G_OBJECT (dialog), "good-spin",
                         quantity_spin (GTK_GRID (grid), 0, _("_Good quantity"), p->quantity, p->quantity));
      g_object_set_data (G_OBJECT (dialog), "error-spin",
                         quantity_spin (GTK_GRID (grid), 1, _("E_rror quantity"), p->quantity, 0));
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "report", _("_Report"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "report", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "report");
    }

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_report_response), self, 0);
  self->report_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->report_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions ------------------------------------------------------------------ */

static void
reverse_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  PdgTrackedComponents *self = PDG_TRACKED_COMPONENTS (widget);

  if (self->state != NULL && self->state->product_id > 0)
    queue_simple (self, PDG_REGISTER_ACTION_REVERSE, self->state->product_id, 0, 0, 0);
}

static void
pick_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  PdgTrackedComponents *self = PDG_TRACKED_COMPONENTS (widget);

  if (self->state != NULL)
    queue_simple (self, PDG_REGISTER_ACTION_PICK, self->state->product_id, 0, self->state->line_id, 0);
}

static void
adjust_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  queue_simple (PDG_TRACKED_COMPONENTS (widget), PDG_REGISTER_ACTION_ADJUST, 0, 0, 0, 0);
}

static void
post_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  PdgTrackedComponents *self = PDG_TRACKED_COMPONENTS (widget);

  if (self->state != NULL && self->state->journal_id > 0)
    queue_simple (self, PDG_REGISTER_ACTION_POST, 0, 0, 0, self->state->journal_id);
}

static void
discard_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  PdgTrackedComponents *self = PDG_TRACKED_COMPONENTS (widget);

  if (self->state != NULL && self->state->journal_id > 0)
    queue_simple (self, PDG_REGISTER_ACTION_DISCARD, 0, 0, 0, self->state->journal_id);
}

static void
remove_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  PdgTrackedComponents *self = PDG_TRACKED_COMPONENTS (widget);

  if (self->state != NULL && self->state->product_id > 0)
    queue_simple (self, PDG_REGISTER_ACTION_REMOVE, self->state->product_id,
                  g_variant_get_int64 (param), 0, 0);
}

static void
unlink_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  PdgTrackedComponents *self = PDG_TRACKED_COMPONENTS (widget);

  if (self->state != NULL && self->state->product_id > 0)
    queue_simple (self, PDG_REGISTER_ACTION_UNLINK, self->state->product_id,
                  g_variant_get_int64 (param), 0, 0);
}

static void
undo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  pdg_tracked_components_undo (PDG_TRACKED_COMPONENTS (widget));
}

static void
mode_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  PdgTrackedComponents *self = PDG_TRACKED_COMPONENTS (widget);
  gboolean component = g_str_equal (g_variant_get_string (param, NULL), "component");

  /* Toggling sends the action (on_mode_toggled). */
  gtk_toggle_button_set_active (component ? self->component_button : self->product_button, TRUE);
  pdg_tracked_components_focus_scan (self);
}

static void
focus_scan_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  pdg_tracked_components_focus_scan (PDG_TRACKED_COMPONENTS (widget));
}

/* Public ------------------------------------------------------------------- */

static void
reset (PdgTrackedComponents *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->running, pdg_register_action_free);
  drop_queue (self);
  set_busy (self, FALSE);
  g_clear_pointer (&self->state, pdg_register_state_unref);
  self->order_id = 0;
  clear_error (self);
  gtk_editable_set_text (GTK_EDITABLE (self->scan_entry), "");
  gtk_label_set_label (self->title_label, "");
  gtk_label_set_label (self->subtitle_label, "");
  gtk_label_set_label (self->status_label, "");
  gtk_label_set_label (self->quantities_label, "");
  gtk_label_set_label (self->mode_label, "");
  list_box_clear (self->products_list);
  list_box_clear (self->lines_list);
  list_box_clear (self->components_list);
  gtk_widget_set_visible (GTK_WIDGET (self->journal_box), FALSE);
  update_actions (self);
}

void
pdg_tracked_components_set_source (PdgTrackedComponents *self,
                                   PdgSource            *source)
{
  g_return_if_fail (PDG_IS_TRACKED_COMPONENTS (self));

  reset (self);
  g_set_object (&self->source, source);
}

/**
 * pdg_tracked_components_open:
 *
 * Shows the registration state of order @order_id, starting over: nothing
 * queued, the engine's session for the order (mode, selection, undo) as
 * the source kept it.
 */
void
pdg_tracked_components_open (PdgTrackedComponents *self,
                             gint64                order_id)
{
  g_return_if_fail (PDG_IS_TRACKED_COMPONENTS (self));

  reset (self);
  self->order_id = order_id;
  queue_simple (self, PDG_REGISTER_ACTION_REFRESH, 0, 0, 0, 0);
  pdg_tracked_components_focus_scan (self);
}

/**
 * pdg_tracked_components_show_order:
 * @order: the order opened, as listed
 *
 * Shows @order's number, item and quantities before its registration state
 * arrives, and when the state cannot be read (an order not started yet).
 */
void
pdg_tracked_components_show_order (PdgTrackedComponents *self,
                                   const PdgOrder       *order)
{
  g_return_if_fail (PDG_IS_TRACKED_COMPONENTS (self));
  g_return_if_fail (order != NULL);

  if (order->id == self->order_id && self->state == NULL)
    show_header (self, order);
}

gint64
pdg_tracked_components_get_order_id (PdgTrackedComponents *self)
{
  g_return_val_if_fail (PDG_IS_TRACKED_COMPONENTS (self), 0);

  return self->order_id;
}

/**
 * pdg_tracked_components_get_state:
 *
 * Returns: (transfer none) (nullable): the state shown.
 */
PdgRegisterState *
pdg_tracked_components_get_state (PdgTrackedComponents *self)
{
  g_return_val_if_fail (PDG_IS_TRACKED_COMPONENTS (self), NULL);

  return self->state;
}

/**
 * pdg_tracked_components_get_busy:
 *
 * Returns: whether an action is in flight or waiting.
 */
gboolean
pdg_tracked_components_get_busy (PdgTrackedComponents *self)
{
  g_return_val_if_fail (PDG_IS_TRACKED_COMPONENTS (self), FALSE);

  return self->running != NULL || !g_queue_is_empty (self->queue);
}

/**
 * pdg_tracked_components_undo:
 *
 * Takes back the last action through the engine's audited undo.
 */
void
pdg_tracked_components_undo (PdgTrackedComponents *self)
{
  g_return_if_fail (PDG_IS_TRACKED_COMPONENTS (self));

  queue_simple (self, PDG_REGISTER_ACTION_UNDO, 0, 0, 0, 0);
}

void
pdg_tracked_components_focus_scan (PdgTrackedComponents *self)
{
  g_return_if_fail (PDG_IS_TRACKED_COMPONENTS (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
}

/* GObject ------------------------------------------------------------------ */

static void
pdg_tracked_components_dispose (GObject *object)
{
  PdgTrackedComponents *self = PDG_TRACKED_COMPONENTS (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->running, pdg_register_action_free);
  if (self->queue != NULL)
    drop_queue (self);
  if (self->report_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->report_dialog), (gpointer *) &self->report_dialog);
      gtk_window_destroy (GTK_WINDOW (self->report_dialog));
      self->report_dialog = NULL;
    }
  if (self->last_toast != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->last_toast), (gpointer *) &self->last_toast);
      self->last_toast = NULL;
    }
  g_clear_pointer (&self->state, pdg_register_state_unref);
  g_clear_object (&self->source);
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    g_clear_object (&self->columns[i]);
  gtk_widget_dispose_template (GTK_WIDGET (self), PDG_TYPE_TRACKED_COMPONENTS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pdg_tracked_components_parent_class)->dispose (object);
}

static void
pdg_tracked_components_finalize (GObject *object)
{
  PdgTrackedComponents *self = PDG_TRACKED_COMPONENTS (object);

  g_queue_free (self->queue);

  G_OBJECT_CLASS (pdg_tracked_components_parent_class)->finalize (object);
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *trigger,
              const char            *action,
              GVariant              *target)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                            gtk_named_action_new (action));

  if (target != NULL)
    gtk_shortcut_set_arguments (shortcut, target);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

static void
pdg_tracked_components_class_init (PdgTrackedComponentsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pdg_tracked_components_dispose;
  object_class->finalize = pdg_tracked_components_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pedigree/Pedigree/pdg-tracked-components.ui");
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, status_label);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, quantities_label);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, product_button);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, component_button);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, scan_entry);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, mode_label);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, error_label);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, products_count_label);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, products_list);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, lines_title);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, lines_header);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, lines_list);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, components_title);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, components_list);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, journal_box);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, journal_title);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, journal_list);
  gtk_widget_class_bind_template_child (widget_class, PdgTrackedComponents, undo_button);
  gtk_widget_class_bind_template_callback (widget_class, on_scan_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_product_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_line_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "tracked.report", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "tracked.reverse", NULL, reverse_action);
  gtk_widget_class_install_action (widget_class, "tracked.pick", NULL, pick_action);
  gtk_widget_class_install_action (widget_class, "tracked.adjust", NULL, adjust_action);
  gtk_widget_class_install_action (widget_class, "tracked.post", NULL, post_action);
  gtk_widget_class_install_action (widget_class, "tracked.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "tracked.remove", "x", remove_action);
  gtk_widget_class_install_action (widget_class, "tracked.unlink", "x", unlink_action);
  gtk_widget_class_install_action (widget_class, "tracked.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "tracked.mode", "s", mode_action);
  gtk_widget_class_install_action (widget_class, "tracked.focus-scan", NULL, focus_scan_action);
}

static void
pdg_tracked_components_init (PdgTrackedComponents *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkShortcutController *controller = GTK_SHORTCUT_CONTROLLER (shortcuts);
  const char *headers[] = { N_("Line"), N_("Item"), N_("Description"), N_("Started"),
                            N_("Consumption"), N_("Remaining"), N_("Status") };
  const int widths[] = { W_LINE, W_ITEM, 0, W_QTY, W_QTY, W_QTY, W_STATUS };
  const float xaligns[] = { 0, 0, 0, 1, 1, 1, 1 };

  self->queue = g_queue_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    self->columns[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    gtk_box_append (self->lines_header, cell (_(headers[i]), widths[i], xaligns[i], NULL));
  add_to_columns (self, GTK_WIDGET (self->lines_header));

  /* Every printable key goes to the scan entry; undo there is the
   * engine's, not the entry's. */
  gtk_search_entry_set_key_capture_widget (self->scan_entry, GTK_WIDGET (self));
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->scan_entry), FALSE);

  /* Captured before the focused widget sees them: these keys mean the same
   * wherever the focus is. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  add_shortcut (controller, "<Control>z", "tracked.undo", NULL);
  add_shortcut (controller, "<Control>1", "tracked.mode", g_variant_new_string ("product"));
  add_shortcut (controller, "<Control>2", "tracked.mode", g_variant_new_string ("component"));
  add_shortcut (controller, "<Control>Return", "tracked.report", NULL);
  add_shortcut (controller, "<Control>l", "tracked.focus-scan", NULL);
  add_shortcut (controller, "F6", "tracked.focus-scan", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_actions (self);
}
