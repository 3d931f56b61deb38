/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-production-page.c: the Production page: production orders, and the
 * tracked components of the order a planner opens.
 *
 * Two pages of `stack`. "orders" lists what pdg_source_list_orders_async()
 * answers for the status chosen and the text searched (each new query
 * cancels the one in flight), with each order's registration progress:
 * the quantity of its finished units with a serial or batch against its
 * started quantity. Activating an order opens "tracked", a
 * PdgTrackedComponents that does the registering; back on "orders" the
 * list is read again, since registrations change the progress.
 *
 * The page holds its own toast overlay, so the editor's toasts (with their
 * Undo button, "production.undo") work wherever the page is put. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pdg-format.h"
#include "pdg-production-page.h"
#include "pdg-tracked-components.h"

#define MAX_ORDERS 1000   /* the newest first; a search finds older ones */

/* One order in the list model. */
#define PDG_TYPE_ORDER_OBJECT (pdg_order_object_get_type ())
G_DECLARE_FINAL_TYPE (PdgOrderObject, pdg_order_object, PDG, ORDER_OBJECT, GObject)

struct _PdgOrderObject
{
  GObject   parent_instance;

  PdgOrder *order;  /* owned */
};

G_DEFINE_FINAL_TYPE (PdgOrderObject, pdg_order_object, G_TYPE_OBJECT)

static void
pdg_order_object_finalize (GObject *object)
{
  g_clear_pointer (&PDG_ORDER_OBJECT (object)->order, pdg_order_free);

  G_OBJECT_CLASS (pdg_order_object_parent_class)->finalize (object);
}

static void
pdg_order_object_class_init (PdgOrderObjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pdg_order_object_finalize;
}

static void
pdg_order_object_init (PdgOrderObject *self)
{
}

/* The columns of the orders list. */
typedef enum
{
  COLUMN_NUMBER,
  COLUMN_ITEM,
  COLUMN_STARTED,
  COLUMN_REPORTED,
  COLUMN_STATUS,
  COLUMN_PROGRESS,
} Column;

/* The status filter, in the order of the dropdown. */
static const int filter_status[] = { -1, PDG_ORDER_CREATED, PDG_ORDER_STARTED,
                                     PDG_ORDER_REPORTED, PDG_ORDER_ENDED, -2 };

struct _PdgProductionPage
{
  GtkWidget             parent_instance;

  PdgSource            *source;        /* owned, nullable */
  GCancellable         *cancellable;   /* owned, nullable; the order list in flight */
  GListStore           *orders;        /* owned; PdgOrderObject */

  /* template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkDropDown          *status_dropdown;
  GtkSearchEntry       *search_entry;
  GtkSpinner           *orders_spinner;
  GtkLabel             *count_label;
  GtkStack             *orders_stack;
  GtkColumnView        *orders_view;
  AdwStatusPage        *error_page;
  PdgTrackedComponents *tracked;
};

G_DEFINE_FINAL_TYPE (PdgProductionPage, pdg_production_page, GTK_TYPE_WIDGET)

/* The orders list ------------------------------------------------------------ */

static void
on_orders_listed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdgProductionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = pdg_source_list_orders_finish (PDG_SOURCE (object), result, &error);
  g_autofree char *count = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  gtk_spinner_set_spinning (self->orders_spinner, FALSE);

  g_list_store_remove_all (self->orders);
  if (orders == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->orders_stack, "error");
      gtk_label_set_label (self->count_label, "");
      return;
    }

  g_ptr_array_set_free_func (orders, NULL);   /* the list items take the orders */
  for (guint i = 0; i < orders->len; i++)
    {
      g_autoptr(PdgOrderObject) item = g_object_new (PDG_TYPE_ORDER_OBJECT, NULL);

      item->order = g_ptr_array_index (orders, i);
      g_list_store_append (self->orders, item);
    }

  if (orders->len >= MAX_ORDERS)
    count = g_strdup_printf (_("Newest %u orders"), orders->len);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order", "%u orders", orders->len), orders->len);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->orders_stack, orders->len > 0 ? "list" : "empty");
}

static void
reload_orders (PdgProductionPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->source == NULL)
    {
      g_list_store_remove_all (self->orders);
      gtk_label_set_label (self->count_label, "");
      gtk_stack_set_visible_child_name (self->orders_stack, "empty");
      return;
    }

  self->cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->orders_spinner, TRUE);
  pdg_source_list_orders_async (self->source,
                                filter_status[MIN (selected, G_N_ELEMENTS (filter_status) - 1)],
                                *text != '\0' ? text : NULL, MAX_ORDERS,
                                self->cancellable, on_orders_listed, g_object_ref (self));
}

static void
on_filter_changed (PdgProductionPage *self)
{
  reload_orders (self);
}

/* Enter in the search: the first order shown, when there is exactly one. */
static void
on_search_activate (PdgProductionPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->orders)) == 1)
    {
      g_autoptr(PdgOrderObject) item = g_list_model_get_item (G_LIST_MODEL (self->orders), 0);

      pdg_production_page_open_order (self, item->order->id);
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->orders_view));
}

static void
on_order_activated (PdgProductionPage *self,
                    guint              position,
                    GtkColumnView     *view)
{
  g_autoptr(PdgOrderObject) item = g_list_model_get_item (G_LIST_MODEL (self->orders), position);

  if (item != NULL)
    pdg_production_page_open_order (self, item->order->id);
}

/* Cells ---------------------------------------------------------------------- */

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  data)
{
  Column column = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label),
                        column == COLUMN_STARTED || column == COLUMN_REPORTED ? 1 : 0);
  if (column == COLUMN_NUMBER)
    gtk_widget_add_css_class (label, "heading");
  if (column == COLUMN_STATUS)
    gtk_widget_add_css_class (label, "caption-heading");
  gtk_list_item_set_child (list_item, label);
}

static void
setup_progress (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_level_bar_set_mode (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_MODE_CONTINUOUS);
  gtk_widget_set_hexpand (bar, TRUE);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_label_set_width_chars (GTK_LABEL (label), 9);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static const char *
status_css (PdgOrderStatus status)
{
  switch (status)
    {
    case PDG_ORDER_STARTED:
      return "accent";
    case PDG_ORDER_REPORTED:
      return "success";
    case PDG_ORDER_CREATED:
    case PDG_ORDER_ENDED:
    default:
      return "dim-label";
    }
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  data)
{
  PdgOrderObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const PdgOrder *o = item->order;
  g_autofree char *text = NULL;

  switch ((Column) GPOINTER_TO_INT (data))
    {
    case COLUMN_NUMBER:
      text = g_strdup (o->number);
      break;
    case COLUMN_ITEM:
      text = g_strdup_printf ("%s — %s", o->item_number, o->item_description != NULL ? o->item_description : "");
      break;
    case COLUMN_STARTED:
      text = pdg_format_quantity (o->started_qty);
      break;
    case COLUMN_REPORTED:
      {
        g_autofree char *good = pdg_format_quantity (o->good_qty);
        g_autofree char *bad = pdg_format_quantity (o->error_qty);

        /* Translators: reported quantities, good / error */
        text = g_strdup_printf (_("%s / %s"), good, bad);
      }
      break;
    case COLUMN_STATUS:
      for (guint i = PDG_ORDER_CREATED; i <= PDG_ORDER_ENDED; i++)
        gtk_widget_remove_css_class (label, status_css (i));
      gtk_widget_add_css_class (label, status_css (o->status));
      text = g_strdup (pdg_order_status_label (o->status));
      break;
    case COLUMN_PROGRESS:
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_label (GTK_LABEL (label), text);
}

static void
bind_progress (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  data)
{
  PdgOrderObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *bar = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  const PdgOrder *o = item->order;
  g_autofree char *completed = pdg_format_quantity (o->completed_qty);
  g_autofree char *registered = pdg_format_quantity (o->registered_qty);
  g_autofree char *started = pdg_format_quantity (o->started_qty);
  g_autofree char *text = g_strdup_printf ("%s / %s", completed, started);
  g_autofree char *tooltip = NULL;

  /* Progress is what has every tracked component registered (or is
   * reported), by the engine's statuses; a serial alone is not progress. */
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar),
                           o->started_qty > 0 ? CLAMP (o->completed_qty / o->started_qty, 0, 1) : 0);
  tooltip = g_strdup_printf (_("%s of %s started have all their components registered; %s have a serial or batch number"),
                             completed, started, registered);
  gtk_widget_set_tooltip_text (box, tooltip);
  gtk_label_set_label (GTK_LABEL (label), text);
}

static void
add_column (PdgProductionPage *self,
            Column             column,
            const char        *title,
            gboolean           expand,
            int                fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  if (column == COLUMN_PROGRESS)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_progress), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_progress), NULL);
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER (column));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label), GINT_TO_POINTER (column));
    }
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (col, fixed_width);
  gtk_column_view_append_column (self->orders_view, col);
  g_object_unref (col);
}

/* Actions ---------------------------------------------------------------- */

static void
back_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  PdgProductionPage *self = PDG_PRODUCTION_PAGE (widget);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "tracked"))
    return;
  gtk_stack_set_visible_child_name (self->stack, "orders");
  reload_orders (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->orders_view));
}

static void
refresh_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  PdgProductionPage *self = PDG_PRODUCTION_PAGE (widget);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "tracked"))
    {
      g_autoptr(PdgRegisterAction) action = pdg_register_action_new (PDG_REGISTER_ACTION_REFRESH);

      pdg_tracked_components_queue (self->tracked, action);
    }
  else
    reload_orders (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  pdg_tracked_components_undo (PDG_PRODUCTION_PAGE (widget)->tracked);
}

/* Public ------------------------------------------------------------------- */

PdgSource *
pdg_production_page_get_source (PdgProductionPage *self)
{
  g_return_val_if_fail (PDG_IS_PRODUCTION_PAGE (self), NULL);

  return self->source;
}

/**
 * pdg_production_page_set_source:
 * @source: (nullable): the database
 *
 * Starts over on @source: its open orders.
 */
void
pdg_production_page_set_source (PdgProductionPage *self,
                                PdgSource         *source)
{
  g_return_if_fail (PDG_IS_PRODUCTION_PAGE (self));

  g_set_object (&self->source, source);
  pdg_tracked_components_set_source (self->tracked, source);
  gtk_stack_set_visible_child_name (self->stack, "orders");
  reload_orders (self);
}

/**
 * pdg_production_page_open_order:
 *
 * Shows the tracked components of order @order_id.
 */
void
pdg_production_page_open_order (PdgProductionPage *self,
                                gint64             order_id)
{
  g_return_if_fail (PDG_IS_PRODUCTION_PAGE (self));
  g_return_if_fail (order_id > 0);

  gtk_stack_set_visible_child_name (self->stack, "tracked");
  pdg_tracked_components_open (self->tracked, order_id);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->orders)); i++)
    {
      g_autoptr(PdgOrderObject) item = g_list_model_get_item (G_LIST_MODEL (self->orders), i);

      if (item->order->id == order_id)
        pdg_tracked_components_show_order (self->tracked, item->order);
    }
}

/**
 * pdg_production_page_get_state:
 *
 * Returns: (transfer none) (nullable): the tracked-components state last
 *   shown.
 */
PdgRegisterState *
pdg_production_page_get_state (PdgProductionPage *self)
{
  g_return_val_if_fail (PDG_IS_PRODUCTION_PAGE (self), NULL);

  return pdg_tracked_components_get_state (self->tracked);
}

/**
 * pdg_production_page_get_n_orders:
 *
 * Returns: how many orders the list shows.
 */
guint
pdg_production_page_get_n_orders (PdgProductionPage *self)
{
  g_return_val_if_fail (PDG_IS_PRODUCTION_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->orders));
}

/**
 * pdg_production_page_get_order:
 *
 * Returns: (transfer none) (nullable): the order listed at @position.
 */
const PdgOrder *
pdg_production_page_get_order (PdgProductionPage *self,
                               guint              position)
{
  g_autoptr(PdgOrderObject) item = NULL;

  g_return_val_if_fail (PDG_IS_PRODUCTION_PAGE (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->orders), position);
  return item != NULL ? item->order : NULL;
}

/* GObject ------------------------------------------------------------------ */

static void
pdg_production_page_dispose (GObject *object)
{
  PdgProductionPage *self = PDG_PRODUCTION_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PDG_TYPE_PRODUCTION_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->orders);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (pdg_production_page_parent_class)->dispose (object);
}

static void
pdg_production_page_class_init (PdgProductionPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pdg_production_page_dispose;

  g_type_ensure (PDG_TYPE_TRACKED_COMPONENTS);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pedigree/Pedigree/pdg-production-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdgProductionPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdgProductionPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdgProductionPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdgProductionPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PdgProductionPage, orders_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdgProductionPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PdgProductionPage, orders_stack);
  gtk_widget_class_bind_template_child (widget_class, PdgProductionPage, orders_view);
  gtk_widget_class_bind_template_child (widget_class, PdgProductionPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdgProductionPage, tracked);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_order_activated);

  gtk_widget_class_install_action (widget_class, "production.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "production.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "production.undo", NULL, undo_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "production.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "production.refresh", NULL);
}

static void
pdg_production_page_init (PdgProductionPage *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  self->orders = g_list_store_new (PDG_TYPE_ORDER_OBJECT);
  gtk_widget_init_template (GTK_WIDGET (self));

  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->orders)));
  gtk_column_view_set_model (self->orders_view, GTK_SELECTION_MODEL (selection));
  add_column (self, COLUMN_NUMBER, _("Order"), FALSE, 170);
  add_column (self, COLUMN_ITEM, _("Item"), TRUE, -1);
  add_column (self, COLUMN_STARTED, _("Started"), FALSE, 90);
  add_column (self, COLUMN_REPORTED, _("Reported Good / Error"), FALSE, 170);
  add_column (self, COLUMN_STATUS, _("Status"), FALSE, 100);
  add_column (self, COLUMN_PROGRESS, _("Registration"), FALSE, 220);
  gtk_stack_set_visible_child_name (self->orders_stack, "empty");
}
