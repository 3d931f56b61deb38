/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-register.c: tracked-components registration for a production order.
 *
 * A session on one started order. In Product mode a scan selects or creates
 * the finished unit (serial or batch) and switches to Component mode; in
 * Component mode a GS1 code with GTIN + serial/batch names its component
 * line by itself, a plain code needs the line selected first. Statuses are
 * computed from the registrations (associations), never stored, so they
 * cannot drift: a line is Not started (nothing registered), In progress
 * (part of its started quantity) or Completed (nothing remaining); a
 * finished unit is Not started when nothing is registered in it and
 * Completed when every tracked line is.
 *
 * Every action is one store transaction (a savepoint around the store's own
 * audited writes) and is remembered for Undo, which applies the opposite,
 * audited change: history is never rewritten, and an undo that later
 * changes depend on is refused with the reason.
 *
 * Finished units exist from their first scan, with nothing on hand; report
 * as finished gives them their quantity and a production event. */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "pdg-gs1.h"
#include "pdg-register.h"
#include "pdg-store-private.h"

#define EPSILON 1e-9

typedef enum
{
  ACTION_CREATE_PRODUCT,
  ACTION_LINK,        /* scan, pick, journal post: links added */
  ACTION_REMOVE,      /* a registration removed (correction) */
  ACTION_CHANGE,      /* a component's serial/batch changed */
  ACTION_REPORT,
  ACTION_REVERSE,
  ACTION_DISCARD,
  ACTION_UNLINK,
} ActionKind;

typedef struct
{
  gint64 parent_id;
  gint64 child_id;
  double quantity;
} Link;

typedef struct
{
  ActionKind  kind;
  char       *label;       /* "Undo …" text for people */
  gint64      unit_id;     /* product created / reported / reversed */
  GArray     *links;       /* Link; LINK, REMOVE, UNLINK, CHANGE (old then new) */
  double      good_qty;    /* REPORT, REVERSE */
  double      error_qty;
  gint64      journal_id;  /* LINK from a journal post, DISCARD */
} Action;

struct _PdgRegister
{
  GObject      parent_instance;

  PdgStore    *store;
  gint64       order_id;
  PdgScanMode  mode;
  gint64       product_id;  /* 0 when none */
  gint64       line_id;     /* selected BOM line; 0 when none */
  char         fnc1;        /* printable FNC1 substitute; 0 for none */
  GPtrArray   *undo;        /* Action, last is newest */
};

G_DEFINE_FINAL_TYPE (PdgRegister, pdg_register, G_TYPE_OBJECT)

G_DEFINE_QUARK (pdg-register-error-quark, pdg_register_error)

enum
{
  PROP_0,
  PROP_MODE,
  PROP_PRODUCT,
  PROP_LINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,   /* registrations or statuses changed */
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
action_free (Action *action)
{
  g_free (action->label);
  g_clear_pointer (&action->links, g_array_unref);
  g_free (action);
}

static Action *
action_new (ActionKind  kind,
            char       *label)
{
  Action *action = g_new0 (Action, 1);

  action->kind = kind;
  action->label = label;
  action->links = g_array_new (FALSE, FALSE, sizeof (Link));
  return action;
}

static void
pdg_register_finalize (GObject *object)
{
  PdgRegister *self = PDG_REGISTER (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->undo, g_ptr_array_unref);

  G_OBJECT_CLASS (pdg_register_parent_class)->finalize (object);
}

static void
pdg_register_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PdgRegister *self = PDG_REGISTER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    case PROP_PRODUCT:
      g_value_set_int64 (value, self->product_id);
      break;
    case PROP_LINE:
      g_value_set_int64 (value, self->line_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pdg_register_class_init (PdgRegisterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pdg_register_finalize;
  object_class->get_property = pdg_register_get_property;

  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL, PDG_SCAN_MODE_PRODUCT, PDG_SCAN_MODE_COMPONENT,
                      PDG_SCAN_MODE_PRODUCT, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRODUCT] =
    g_param_spec_int64 ("product", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE] =
    g_param_spec_int64 ("line", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pdg_register_init (PdgRegister *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) action_free);
}

/* ------------------------------------------------------------------------ */
/* Small reads                                                               */

static gboolean
sql_error (PdgRegister  *self,
           GError      **error)
{
  return pdg_store_set_error (self->store, error);
}

/* The order, checked open for registration (started, not ended). */
static PdgOrder *
get_open_order (PdgRegister  *self,
                GError      **error)
{
  g_autoptr(PdgOrder) order = pdg_store_get_order (self->store, self->order_id, error);

  if (order == NULL)
    return NULL;
  if (order->status == PDG_ORDER_CREATED || order->status == PDG_ORDER_ENDED)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_ORDER_CLOSED,
                   order->status == PDG_ORDER_CREATED
                     ? _("Production order %s is not started; start it before registering components.")
                     : _("Production order %s is ended; registrations can no longer change."),
                   order->number);
      return NULL;
    }
  return g_steal_pointer (&order);
}

/* The unit of item with serial/batch lot, or 0. */
static gint64
find_unit_id (PdgRegister *self,
              gint64       item_id,
              const char  *lot)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (self->store,
    "SELECT id FROM unit WHERE lot = ? AND item_id = ?", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, lot, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* The item with this GTIN (14 digits), or NULL with @error set. */
static PdgItem *
find_item_by_gtin (PdgRegister  *self,
                   const char   *gtin,
                   GError      **error)
{
  PdgItem *item = pdg_store_find_item_by_gtin (self->store, gtin, NULL);

  if (item == NULL)
    g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_UNKNOWN_UNIT,
                 _("No item has the GTIN %s; check the label or the item master data."), gtin);
  return item;
}

/* Whether the unit has a production event of this order not taken back
 * by a later reversal. */
static gboolean
is_reported (PdgRegister *self,
             gint64       unit_id)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (self->store,
    "SELECT kind FROM event WHERE unit_id = ? AND kind IN (1, 8) ORDER BY at DESC, id DESC LIMIT 1", NULL);
  gboolean reported = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, unit_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    reported = sqlite3_column_int (stmt, 0) == PDG_EVENT_PRODUCTION;
  sqlite3_reset (stmt);
  return reported;
}

/* The finished unit, checked to belong to the order. */
static PdgUnit *
get_product (PdgRegister  *self,
             gint64        unit_id,
             GError      **error)
{
  g_autoptr(PdgUnit) unit = NULL;

  if (unit_id <= 0)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NO_PRODUCT,
                   _("Scan or choose the finished product first."));
      return NULL;
    }
  unit = pdg_store_get_unit (self->store, unit_id, error);
  if (unit == NULL)
    return NULL;
  if (unit->order_id != self->order_id || unit->origin != PDG_ORIGIN_PRODUCED)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NO_PRODUCT,
                   _("%s/%s is not a finished unit of this production order."), unit->item_number, unit->lot);
      return NULL;
    }
  return g_steal_pointer (&unit);
}

/* The finished unit, checked still open for component changes. */
static PdgUnit *
get_open_product (PdgRegister  *self,
                  gint64        unit_id,
                  GError      **error)
{
  g_autoptr(PdgUnit) unit = get_product (self, unit_id, error);

  if (unit != NULL && is_reported (self, unit->id))
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_REPORTED,
                   _("%s/%s is already reported as finished; reverse the report, or unlink the component for a repair."),
                   unit->item_number, unit->lot);
      return NULL;
    }
  return g_steal_pointer (&unit);
}

static PdgRegistrationStatus
status_of (double started,
           double consumption)
{
  if (consumption <= EPSILON)
    return PDG_REGISTRATION_NOT_STARTED;
  if (started - consumption > EPSILON)
    return PDG_REGISTRATION_IN_PROGRESS;
  return PDG_REGISTRATION_COMPLETED;
}

static GPtrArray *
list_lines_of (PdgRegister    *self,
               const PdgUnit  *product,
               GError        **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_component_line_free);
  sqlite3_stmt *stmt = pdg_store_prepare_cached (self->store,
    "SELECT b.id, b.line_no, b.item_id, i.number, i.description, i.uom, i.tracking, b.tracked, b.qty_per,"
    "  (SELECT total (a.quantity) FROM association a JOIN unit c ON c.id = a.child_id"
    "   WHERE a.parent_id = ?2 AND c.item_id = b.item_id)"
    " FROM bom_line b JOIN item i ON i.id = b.item_id WHERE b.order_id = ?1 ORDER BY b.line_no", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, self->order_id);
  sqlite3_bind_int64 (stmt, 2, product->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdgComponentLine *line = pdg_component_line_new ();

      line->bom_line_id = sqlite3_column_int64 (stmt, 0);
      line->line_no = sqlite3_column_int (stmt, 1);
      line->item_id = sqlite3_column_int64 (stmt, 2);
      line->item_number = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      line->item_description = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      line->uom = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      line->tracking = (PdgTracking) sqlite3_column_int (stmt, 6);
      line->tracked = sqlite3_column_int (stmt, 7) != 0;
      line->started = sqlite3_column_double (stmt, 8) * product->quantity;
      line->consumption = sqlite3_column_double (stmt, 9);
      line->remaining = MAX (0.0, line->started - line->consumption);
      if (line->remaining < EPSILON)
        line->remaining = 0;
      line->status = status_of (line->started, line->consumption);
      g_ptr_array_add (lines, line);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&lines);
}

static PdgRegistrationStatus
product_status (const GPtrArray *lines)
{
  gboolean any = FALSE;
  gboolean all = TRUE;

  for (guint i = 0; i < lines->len; i++)
    {
      const PdgComponentLine *line = g_ptr_array_index (lines, i);

      if (line->consumption > EPSILON)
        any = TRUE;
      if (line->tracked && line->status != PDG_REGISTRATION_COMPLETED)
        all = FALSE;
    }
  if (!any)
    return all && lines->len > 0 ? PDG_REGISTRATION_COMPLETED : PDG_REGISTRATION_NOT_STARTED;
  return all ? PDG_REGISTRATION_COMPLETED : PDG_REGISTRATION_IN_PROGRESS;
}

static PdgComponentLine *
find_line (GPtrArray *lines,
           gint64     bom_line_id,
           gint64     item_id)
{
  for (guint i = 0; i < lines->len; i++)
    {
      PdgComponentLine *line = g_ptr_array_index (lines, i);

      if ((bom_line_id > 0 && line->bom_line_id == bom_line_id) ||
          (bom_line_id <= 0 && line->item_id == item_id))
        return line;
    }
  return NULL;
}

static void
emit_changed (PdgRegister *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
push_action (PdgRegister *self,
             Action      *action)
{
  g_ptr_array_add (self->undo, action);
  emit_changed (self);
}

/* ------------------------------------------------------------------------ */
/* Scans                                                                     */

/* What a scan names: a GTIN (GS1 codes) and a serial or batch, and a
 * quantity when the code carries one. */
typedef struct
{
  char    *gtin;       /* nullable; 14 digits */
  char    *lot;        /* serial or batch; nullable when the code has neither */
  double   quantity;
  gboolean has_quantity;
} Scan;

static void
scan_clear (Scan *scan)
{
  g_clear_pointer (&scan->gtin, g_free);
  g_clear_pointer (&scan->lot, g_free);
}

static gboolean
read_scan (PdgRegister  *self,
           const char   *input,
           Scan         *scan,
           GError      **error)
{
  g_autofree char *text = g_strstrip (g_strdup (input != NULL ? input : ""));

  if (*text == '\0')
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_SCAN,
                   _("Nothing was scanned: scan a label or type a serial or batch number."));
      return FALSE;
    }

  if (pdg_gs1_looks_like_code (text))
    {
      PdgGs1Options options = { 0 };
      PdgGs1Code code;

      options.fnc1_substitute = self->fnc1;
      if (!pdg_gs1_parse_into (&code, text, -1, &options, error))
        return FALSE;
      scan->gtin = code.gtin[0] != '\0' ? g_strdup (code.gtin) : NULL;
      scan->lot = g_strdup (code.serial[0] != '\0' ? code.serial :
                            code.batch[0] != '\0' ? code.batch : NULL);
      scan->quantity = code.quantity;
      scan->has_quantity = code.has_quantity;
      if (scan->lot == NULL)
        {
          g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_SCAN,
                       _("The code has no serial number (21) or batch (10); scan the label that carries one."));
          return FALSE;
        }
      return TRUE;
    }

  scan->lot = g_steal_pointer (&text);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Session                                                                   */

/**
 * pdg_register_new:
 *
 * A registration session on a started production order.
 *
 * Returns: (transfer full): the session, or NULL with @error set (unknown
 *   order, order not started or ended).
 */
PdgRegister *
pdg_register_new (PdgStore  *store,
                  gint64     order_id,
                  GError   **error)
{
  g_autoptr(PdgRegister) self = NULL;
  g_autoptr(PdgOrder) order = NULL;

  g_return_val_if_fail (PDG_IS_STORE (store), NULL);

  self = g_object_new (PDG_TYPE_REGISTER, NULL);
  self->store = g_object_ref (store);
  self->order_id = order_id;
  order = get_open_order (self, error);
  if (order == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

gint64
pdg_register_get_order_id (PdgRegister *self)
{
  g_return_val_if_fail (PDG_IS_REGISTER (self), 0);

  return self->order_id;
}

PdgScanMode
pdg_register_get_mode (PdgRegister *self)
{
  g_return_val_if_fail (PDG_IS_REGISTER (self), PDG_SCAN_MODE_PRODUCT);

  return self->mode;
}

void
pdg_register_set_mode (PdgRegister *self,
                       PdgScanMode  mode)
{
  g_return_if_fail (PDG_IS_REGISTER (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

void
pdg_register_set_fnc1 (PdgRegister *self,
                       char         substitute)
{
  g_return_if_fail (PDG_IS_REGISTER (self));

  self->fnc1 = substitute;
}

gint64
pdg_register_get_product (PdgRegister *self)
{
  g_return_val_if_fail (PDG_IS_REGISTER (self), 0);

  return self->product_id;
}

static void
set_product (PdgRegister *self,
             gint64       unit_id)
{
  if (self->product_id != unit_id)
    {
      self->product_id = unit_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT]);
    }
}

/**
 * pdg_register_select_product:
 *
 * Chooses the finished unit to register components into (0: none), and
 * switches to Component mode.
 */
gboolean
pdg_register_select_product (PdgRegister  *self,
                             gint64        unit_id,
                             GError      **error)
{
  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (unit_id > 0)
    {
      g_autoptr(PdgUnit) unit = get_product (self, unit_id, error);

      if (unit == NULL)
        return FALSE;
    }
  set_product (self, unit_id);
  if (unit_id > 0)
    pdg_register_set_mode (self, PDG_SCAN_MODE_COMPONENT);
  return TRUE;
}

gint64
pdg_register_get_line (PdgRegister *self)
{
  g_return_val_if_fail (PDG_IS_REGISTER (self), 0);

  return self->line_id;
}

/**
 * pdg_register_select_line:
 *
 * Chooses the component line a plain (non-GS1) code is registered on
 * (0: none).
 */
gboolean
pdg_register_select_line (PdgRegister  *self,
                          gint64        bom_line_id,
                          GError      **error)
{
  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (bom_line_id > 0)
    {
      sqlite3_stmt *stmt = pdg_store_prepare_cached (self->store,
        "SELECT 1 FROM bom_line WHERE id = ? AND order_id = ?", error);
      gboolean found;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, bom_line_id);
      sqlite3_bind_int64 (stmt, 2, self->order_id);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!found)
        {
          g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NOT_ON_BOM,
                       _("BOM line %" G_GINT64_FORMAT " is not a line of this production order."), bom_line_id);
          return FALSE;
        }
    }
  if (self->line_id != bom_line_id)
    {
      self->line_id = bom_line_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE]);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Reads                                                                     */

/**
 * pdg_register_list_products:
 *
 * Returns: (transfer full): the order's finished units (PdgFinishedProduct),
 *   in the order they were created.
 */
GPtrArray *
pdg_register_list_products (PdgRegister  *self,
                            GError      **error)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_finished_product_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PDG_IS_REGISTER (self), NULL);

  stmt = pdg_store_prepare_cached (self->store,
    "SELECT id FROM unit WHERE order_id = ? AND origin = 1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, self->order_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_error (self, error);
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(PdgUnit) unit = pdg_store_get_unit (self->store, g_array_index (ids, gint64, i), error);
      g_autoptr(GPtrArray) lines = unit ? list_lines_of (self, unit, error) : NULL;
      PdgFinishedProduct *p;

      if (lines == NULL)
        return NULL;
      p = pdg_finished_product_new ();
      p->unit_id = unit->id;
      p->lot = g_strdup (unit->lot);
      p->quantity = unit->quantity;
      p->status = product_status (lines);
      p->reported = is_reported (self, unit->id);
      if (p->reported)
        {
          p->good_qty = unit->on_hand;
          p->error_qty = MAX (0.0, unit->quantity - unit->on_hand);
        }
      g_ptr_array_add (products, p);
    }
  return g_steal_pointer (&products);
}

/**
 * pdg_register_list_lines:
 *
 * Returns: (transfer full): the order's BOM lines (PdgComponentLine) as seen
 *   from finished unit @unit_id: started, consumption, remaining, status.
 */
GPtrArray *
pdg_register_list_lines (PdgRegister  *self,
                         gint64        unit_id,
                         GError      **error)
{
  g_autoptr(PdgUnit) product = NULL;

  g_return_val_if_fail (PDG_IS_REGISTER (self), NULL);

  product = get_product (self, unit_id, error);
  if (product == NULL)
    return NULL;
  return list_lines_of (self, product, error);
}

/* ------------------------------------------------------------------------ */
/* Product scans                                                             */

static gboolean
submit_product (PdgRegister  *self,
                const Scan   *scan,
                GError      **error)
{
  g_autoptr(PdgOrder) order = get_open_order (self, error);
  g_autoptr(PdgItem) item = NULL;
  g_autoptr(PdgUnit) existing = NULL;
  PdgUnit unit = { 0 };
  sqlite3_stmt *stmt;
  double taken = 0;
  gint64 count = 0;
  gint64 id;

  if (order == NULL)
    return FALSE;
  item = pdg_store_get_item (self->store, order->item_id, error);
  if (item == NULL)
    return FALSE;
  if (scan->gtin != NULL && g_strcmp0 (scan->gtin, item->gtin) != 0)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_PRODUCT_EXISTS,
                   _("GTIN %s is not %s, the item this order makes; scan the finished product’s label."),
                   scan->gtin, item->number);
      return FALSE;
    }

  id = find_unit_id (self, item->id, scan->lot);
  if (id > 0)
    {
      existing = pdg_store_get_unit (self->store, id, error);
      if (existing == NULL)
        return FALSE;
      if (existing->order_id != self->order_id || existing->origin != PDG_ORIGIN_PRODUCED)
        {
          g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_PRODUCT_EXISTS,
                       _("%s %s of item %s already exists outside this order; a finished serial or batch is registered once."),
                       item->tracking == PDG_TRACKING_SERIAL ? _("Serial") : _("Batch"), scan->lot, item->number);
          return FALSE;
        }
      set_product (self, id);
      pdg_register_set_mode (self, PDG_SCAN_MODE_COMPONENT);
      return TRUE;
    }

  /* A new finished unit: within the started quantity. Only units an order
   * produced carry its id; a serial order counts them in the index alone. */
  stmt = item->tracking == PDG_TRACKING_SERIAL
    ? pdg_store_prepare_cached (self->store,
        "SELECT count(*), 0 FROM unit INDEXED BY unit_order WHERE order_id = ?", error)
    : pdg_store_prepare_cached (self->store,
        "SELECT count(*), total (quantity) FROM unit WHERE order_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->order_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      count = sqlite3_column_int64 (stmt, 0);
      taken = sqlite3_column_double (stmt, 1);
    }
  sqlite3_reset (stmt);

  unit.item_id = item->id;
  unit.lot = scan->lot;
  unit.status = PDG_UNIT_STATUS_AVAILABLE;
  unit.origin = PDG_ORIGIN_PRODUCED;
  unit.order_id = self->order_id;
  unit.location_id = order->location_id;
  unit.on_hand = 0;
  if (item->tracking == PDG_TRACKING_SERIAL)
    {
      if ((double) count + 1 > order->started_qty + EPSILON)
        {
          g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_ORDER_FULL,
                       _("Order %s started %g units and all of them have a serial number already."),
                       order->number, order->started_qty);
          return FALSE;
        }
      unit.quantity = 1;
    }
  else
    {
      unit.quantity = order->started_qty - taken;
      if (unit.quantity < EPSILON)
        {
          g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_ORDER_FULL,
                       _("Order %s started %g %s and batches for all of it exist already."),
                       order->number, order->started_qty, item->uom);
          return FALSE;
        }
    }

  /* Nothing on hand until it is reported as finished. */
  if (!pdg_store_begin (self->store, error))
    return FALSE;
  id = pdg_store_add_unit (self->store, &unit, error);
  if (id == 0 ||
      !pdg_store_set_unit_stock (self->store, id, unit.quantity, 0, PDG_UNIT_STATUS_AVAILABLE, error) ||
      !pdg_store_commit (self->store, error))
    {
      pdg_store_rollback (self->store);
      return FALSE;
    }

  {
    Action *action = action_new (ACTION_CREATE_PRODUCT,
                                 g_strdup_printf (_("Undo new finished unit %s"), scan->lot));

    action->unit_id = id;
    set_product (self, id);
    pdg_register_set_mode (self, PDG_SCAN_MODE_COMPONENT);
    push_action (self, action);
  }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Component scans                                                           */

/* Registers child in parent for a line (checks the line's limits). */
static gboolean
register_component (PdgRegister             *self,
                    const PdgUnit           *product,
                    const PdgComponentLine  *line,
                    const PdgUnit           *child,
                    double                   quantity,
                    gboolean                 explicit_quantity,
                    Link                    *link,
                    GError                 **error)
{
  if (line->remaining < EPSILON)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_LINE_COMPLETE,
                   line->tracking == PDG_TRACKING_SERIAL
                     ? _("%s needs %g per finished unit and all %g are registered in %s; remove one before adding another.")
                     : _("%s needs %g per finished unit and all %g are registered in %s already."),
                   line->item_number, line->started, line->started, product->lot);
      return FALSE;
    }

  if (child->tracking == PDG_TRACKING_SERIAL)
    quantity = 1;
  else if (!explicit_quantity)
    quantity = MIN (line->remaining, child->on_hand);

  if (child->tracking != PDG_TRACKING_SERIAL && child->on_hand < EPSILON &&
      child->status == PDG_UNIT_STATUS_AVAILABLE)
    {
      g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_INSUFFICIENT,
                   _("Batch %s of item %s has nothing left; scan another batch."), child->lot, child->item_number);
      return FALSE;
    }
  if (quantity > line->remaining + EPSILON)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_LINE_COMPLETE,
                   _("%s needs only %g %s more in %s, not %g."),
                   line->item_number, line->remaining, line->uom, product->lot, quantity);
      return FALSE;
    }

  if (pdg_store_associate (self->store, product->id, child->id, quantity, self->order_id, 0, error) == 0)
    return FALSE;
  link->parent_id = product->id;
  link->child_id = child->id;
  link->quantity = quantity;
  return TRUE;
}

static gboolean
submit_component (PdgRegister  *self,
                  const Scan   *scan,
                  GError      **error)
{
  g_autoptr(PdgOrder) order = get_open_order (self, error);
  g_autoptr(PdgUnit) product = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(PdgUnit) child = NULL;
  PdgComponentLine *line;
  Link link;
  gint64 child_id;

  if (order == NULL)
    return FALSE;
  product = get_open_product (self, self->product_id, error);
  if (product == NULL)
    return FALSE;
  lines = list_lines_of (self, product, error);
  if (lines == NULL)
    return FALSE;

  if (scan->gtin != NULL)
    {
      g_autoptr(PdgItem) item = find_item_by_gtin (self, scan->gtin, error);

      if (item == NULL)
        return FALSE;
      line = find_line (lines, 0, item->id);
      if (line == NULL)
        {
          g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NOT_ON_BOM,
                       _("%s (%s) is not on the bill of materials of order %s."),
                       item->number, item->description, order->number);
          return FALSE;
        }
    }
  else
    {
      line = self->line_id > 0 ? find_line (lines, self->line_id, 0) : NULL;
      if (line == NULL)
        {
          g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NO_LINE,
                       _("Select the component line for “%s” first, or scan its GS1 label (with GTIN)."),
                       scan->lot);
          return FALSE;
        }
    }

  child_id = find_unit_id (self, line->item_id, scan->lot);
  if (child_id == 0)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_UNKNOWN_UNIT,
                   _("There is no %s %s of item %s; check the label or receive it first."),
                   line->tracking == PDG_TRACKING_SERIAL ? _("serial") : _("batch"),
                   scan->lot, line->item_number);
      return FALSE;
    }
  child = pdg_store_get_unit (self->store, child_id, error);
  if (child == NULL)
    return FALSE;

  if (!pdg_store_begin (self->store, error))
    return FALSE;
  if (!register_component (self, product, line, child, scan->quantity, scan->has_quantity, &link, error) ||
      !pdg_store_commit (self->store, error))
    {
      pdg_store_rollback (self->store);
      return FALSE;
    }

  {
    Action *action = action_new (ACTION_LINK,
                                 g_strdup_printf (_("Undo %s/%s into %s"), child->item_number, child->lot, product->lot));

    g_array_append_val (action->links, link);
    push_action (self, action);
  }
  return TRUE;
}

/* pdg_register_submit:
 * @text: what the scanner (or a person) typed: a GS1 code (element string
 *   with symbology identifier, bracketed, or Digital Link) or a plain
 *   serial/batch number
 *
 * In Product mode selects or creates the finished unit and switches to
 * Component mode; in Component mode registers the component.
 */
static gboolean
run_submit (PdgRegister  *self,
            const char   *text,
            GError      **error)
{
  Scan scan = { 0 };
  gboolean ok;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (!read_scan (self, text, &scan, error))
    {
      scan_clear (&scan);
      return FALSE;
    }
  ok = self->mode == PDG_SCAN_MODE_PRODUCT ? submit_product (self, &scan, error)
                                           : submit_component (self, &scan, error);
  scan_clear (&scan);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Corrections                                                               */

/* pdg_register_remove:
 *
 * Removes a registration from a finished unit not yet reported (a
 * correction); the component gets its quantity back.
 */
static gboolean
run_remove (PdgRegister  *self,
            gint64        parent_id,
            gint64        child_id,
            GError      **error)
{
  g_autoptr(PdgOrder) order = get_open_order (self, error);
  g_autoptr(PdgUnit) product = NULL;
  g_autoptr(PdgUnit) child = NULL;
  Link link = { parent_id, child_id, 0 };
  Action *action;

  if (order == NULL || (product = get_open_product (self, parent_id, error)) == NULL ||
      (child = pdg_store_get_unit (self->store, child_id, error)) == NULL)
    return FALSE;

  link.quantity = pdg_store_dissociate (self->store, parent_id, child_id, error);
  if (link.quantity <= 0)
    return FALSE;

  action = action_new (ACTION_REMOVE, g_strdup_printf (_("Undo removing %s/%s"), child->item_number, child->lot));
  g_array_append_val (action->links, link);
  push_action (self, action);
  return TRUE;
}

/* pdg_register_change:
 * @new_lot: the serial/batch number that really went in
 *
 * Replaces a registered component by another serial/batch of the same item,
 * same quantity, in one transaction.
 */
static gboolean
run_change (PdgRegister  *self,
            gint64        parent_id,
            gint64        child_id,
            const char   *new_lot,
            GError      **error)
{
  g_autoptr(PdgOrder) order = get_open_order (self, error);
  g_autoptr(PdgUnit) product = NULL;
  g_autoptr(PdgUnit) old_child = NULL;
  g_autoptr(PdgUnit) new_child = NULL;
  Link old_link = { parent_id, child_id, 0 };
  Link new_link = { parent_id, 0, 0 };
  Action *action;
  gint64 new_id;

  if (order == NULL || (product = get_open_product (self, parent_id, error)) == NULL ||
      (old_child = pdg_store_get_unit (self->store, child_id, error)) == NULL)
    return FALSE;

  new_id = find_unit_id (self, old_child->item_id, new_lot != NULL ? new_lot : "");
  if (new_id == 0)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_UNKNOWN_UNIT,
                   _("There is no %s %s of item %s; check the number."),
                   old_child->tracking == PDG_TRACKING_SERIAL ? _("serial") : _("batch"),
                   new_lot != NULL ? new_lot : "", old_child->item_number);
      return FALSE;
    }
  if (new_id == child_id)
    return TRUE;
  if ((new_child = pdg_store_get_unit (self->store, new_id, error)) == NULL)
    return FALSE;

  if (!pdg_store_begin (self->store, error))
    return FALSE;
  old_link.quantity = pdg_store_dissociate (self->store, parent_id, child_id, error);
  new_link.child_id = new_id;
  new_link.quantity = old_link.quantity;
  if (old_link.quantity <= 0 ||
      pdg_store_associate (self->store, parent_id, new_id, old_link.quantity, self->order_id, 0, error) == 0 ||
      !pdg_store_commit (self->store, error))
    {
      pdg_store_rollback (self->store);
      return FALSE;
    }

  action = action_new (ACTION_CHANGE, g_strdup_printf (_("Undo changing %s to %s"), old_child->lot, new_child->lot));
  g_array_append_val (action->links, old_link);
  g_array_append_val (action->links, new_link);
  push_action (self, action);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Report as finished and its reversal                                       */

static gboolean
add_event (PdgRegister   *self,
           gint64         unit_id,
           PdgEventKind   kind,
           double         quantity,
           gint64         location_id,
           const char    *note,
           GError       **error)
{
  PdgEvent event = { 0 };

  event.unit_id = unit_id;
  event.kind = kind;
  event.quantity = quantity;
  event.location_id = location_id;
  event.order_id = self->order_id;
  event.note = (char *) note;
  return pdg_store_add_event (self->store, &event, error) > 0;
}

/* The report itself, inside the caller's transaction. */
static gboolean
do_report (PdgRegister  *self,
           PdgOrder     *order,
           PdgUnit      *product,
           double        good_qty,
           double        error_qty,
           GError      **error)
{
  double total = good_qty + error_qty;
  double order_good = order->good_qty + good_qty;
  double order_error = order->error_qty + error_qty;

  return pdg_store_set_unit_stock (self->store, product->id, total, total, PDG_UNIT_STATUS_AVAILABLE, error) &&
         add_event (self, product->id, PDG_EVENT_PRODUCTION, total, order->location_id, NULL, error) &&
         (error_qty <= 0 ||
          add_event (self, product->id, PDG_EVENT_SCRAP, error_qty, order->location_id,
                     _("Error quantity at report as finished"), error)) &&
         pdg_store_set_order_progress (self->store, self->order_id, order_good, order_error,
                                       order_good + order_error >= order->started_qty - EPSILON
                                         ? PDG_ORDER_REPORTED : PDG_ORDER_STARTED, error);
}

/* pdg_register_report_finished:
 * @good_qty: good quantity (1 or 0 for a serial)
 * @error_qty: error quantity, scrapped at once
 *
 * Reports a finished unit whose tracked components are all registered:
 * it gets its quantity on hand and a production event (and a scrap event
 * for the error quantity); the order's good/error quantities move.
 */
static gboolean
run_report_finished (PdgRegister  *self,
                     gint64        unit_id,
                     double        good_qty,
                     double        error_qty,
                     GError      **error)
{
  g_autoptr(PdgOrder) order = get_open_order (self, error);
  g_autoptr(PdgUnit) product = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  Action *action;

  if (order == NULL || (product = get_open_product (self, unit_id, error)) == NULL ||
      (lines = list_lines_of (self, product, error)) == NULL)
    return FALSE;

  if (!isfinite (good_qty) || !isfinite (error_qty) || good_qty < 0 || error_qty < 0 ||
      good_qty + error_qty <= EPSILON ||
      (product->tracking == PDG_TRACKING_SERIAL && fabs (good_qty + error_qty - 1) > EPSILON) ||
      good_qty + error_qty > product->quantity + EPSILON)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_QUANTITY,
                   product->tracking == PDG_TRACKING_SERIAL
                     ? _("Serial %s is one unit: report it as 1 good or 1 error (got %g good, %g error).")
                     : _("Batch %s holds %g; good and error quantity must add up to more than 0 and at most that (got %g good, %g error)."),
                   product->lot,
                   product->tracking == PDG_TRACKING_SERIAL ? good_qty : product->quantity,
                   product->tracking == PDG_TRACKING_SERIAL ? error_qty : good_qty,
                   error_qty);
      return FALSE;
    }

  for (guint i = 0; i < lines->len; i++)
    {
      const PdgComponentLine *line = g_ptr_array_index (lines, i);

      if (line->tracked && line->status != PDG_REGISTRATION_COMPLETED)
        {
          g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_INCOMPLETE,
                       _("%s still needs %g %s of %s (line %d); register it before reporting as finished."),
                       product->lot, line->remaining, line->uom, line->item_number, line->line_no);
          return FALSE;
        }
    }

  if (!pdg_store_begin (self->store, error))
    return FALSE;
  if (!do_report (self, order, product, good_qty, error_qty, error) ||
      !pdg_store_commit (self->store, error))
    {
      pdg_store_rollback (self->store);
      return FALSE;
    }

  action = action_new (ACTION_REPORT, g_strdup_printf (_("Undo report as finished of %s"), product->lot));
  action->unit_id = product->id;
  action->good_qty = good_qty;
  action->error_qty = error_qty;
  push_action (self, action);
  return TRUE;
}

/* The good and error quantity of the unit's standing report. */
static void
reported_quantities (PdgRegister *self,
                     gint64       unit_id,
                     double      *good,
                     double      *error_qty)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (self->store,
    "SELECT e.quantity,"
    "  (SELECT total (s.quantity) FROM event s WHERE s.unit_id = e.unit_id AND s.kind = 5"
    "   AND s.order_id = e.order_id AND (s.at > e.at OR (s.at = e.at AND s.id > e.id)))"
    " FROM event e WHERE e.unit_id = ? AND e.kind = 1 ORDER BY e.at DESC, e.id DESC LIMIT 1", NULL);

  *good = *error_qty = 0;
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, unit_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *error_qty = sqlite3_column_double (stmt, 1);
      *good = MAX (0.0, sqlite3_column_double (stmt, 0) - *error_qty);
    }
  sqlite3_reset (stmt);
}

static gboolean
do_reverse (PdgRegister  *self,
            PdgOrder     *order,
            PdgUnit      *product,
            double       *good_out,
            double       *error_out,
            GError      **error)
{
  g_autoptr(GPtrArray) consumers = NULL;
  double good, error_qty;

  if (!is_reported (self, product->id))
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NOT_REPORTED,
                   _("%s/%s is not reported as finished."), product->item_number, product->lot);
      return FALSE;
    }
  reported_quantities (self, product->id, &good, &error_qty);
  consumers = pdg_store_list_consumers (self->store, product->id, error);
  if (consumers == NULL)
    return FALSE;
  if (consumers->len > 0 || product->on_hand < good - EPSILON ||
      (good > EPSILON && product->status != PDG_UNIT_STATUS_AVAILABLE))
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_UNDO_REFUSED,
                   _("%s/%s has been used, shipped or moved since it was reported (%g of %g %s left, %s); that has to be taken back first."),
                   product->item_number, product->lot, product->on_hand, good, product->uom,
                   pdg_unit_status_label (product->status));
      return FALSE;
    }

  *good_out = good;
  *error_out = error_qty;
  return add_event (self, product->id, PDG_EVENT_REVERSAL, good + error_qty, order->location_id, NULL, error) &&
         pdg_store_set_unit_stock (self->store, product->id, product->quantity, 0, PDG_UNIT_STATUS_AVAILABLE, error) &&
         pdg_store_set_order_progress (self->store, self->order_id, order->good_qty - good,
                                       order->error_qty - error_qty, PDG_ORDER_STARTED, error);
}

/* pdg_register_reverse_report:
 *
 * Takes back a report as finished (a reversal event; nothing on hand
 * again; the order's quantities go back), refused when the unit has been
 * used or shipped since.
 */
static gboolean
run_reverse_report (PdgRegister  *self,
                    gint64        unit_id,
                    GError      **error)
{
  g_autoptr(PdgOrder) order = get_open_order (self, error);
  g_autoptr(PdgUnit) product = NULL;
  double good = 0, error_qty = 0;
  Action *action;

  if (order == NULL || (product = get_product (self, unit_id, error)) == NULL)
    return FALSE;

  if (!pdg_store_begin (self->store, error))
    return FALSE;
  if (!do_reverse (self, order, product, &good, &error_qty, error) ||
      !pdg_store_commit (self->store, error))
    {
      pdg_store_rollback (self->store);
      return FALSE;
    }

  action = action_new (ACTION_REVERSE, g_strdup_printf (_("Undo reversal of %s"), product->lot));
  action->unit_id = product->id;
  action->good_qty = good;
  action->error_qty = error_qty;
  push_action (self, action);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Pick and the picking-list journal                                         */

typedef struct
{
  gint64  unit_id;
  double  available;
} Stock;

/* Available units of item, first expiring first, minus what taken (unit id
 * -> gdouble*) already holds for other lines. Serials already registered
 * somewhere are left out. */
static GArray *
list_stock (PdgRegister  *self,
            gint64        item_id,
            gint64        exclude_id,
            GHashTable   *taken,
            GError      **error)
{
  g_autoptr(GArray) stock = g_array_new (FALSE, FALSE, sizeof (Stock));
  sqlite3_stmt *stmt = pdg_store_prepare_cached (self->store,
    "SELECT u.id, u.on_hand FROM unit u JOIN item i ON i.id = u.item_id"
    " WHERE u.item_id = ?1 AND u.status = 0 AND u.on_hand > 0 AND u.id <> ?2"
    " AND (i.tracking <> 2 OR NOT EXISTS (SELECT 1 FROM association a WHERE a.child_id = u.id))"
    " ORDER BY u.expires_on IS NULL, u.expires_on, u.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int64 (stmt, 2, exclude_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Stock s = { sqlite3_column_int64 (stmt, 0), sqlite3_column_double (stmt, 1) };
      double *held = taken != NULL ? g_hash_table_lookup (taken, &s.unit_id) : NULL;

      if (held != NULL)
        s.available -= *held;
      if (s.available > EPSILON)
        g_array_append_val (stock, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&stock);
}

/* Plans links covering line->remaining for product from stock; FALSE with
 * @error when the stock is short. */
static gboolean
plan_line (PdgRegister             *self,
           const PdgUnit           *product,
           const PdgComponentLine  *line,
           GHashTable              *taken,
           GArray                  *links,
           GError                 **error)
{
  g_autoptr(GArray) stock = list_stock (self, line->item_id, product->id, taken, error);
  double need = line->remaining;
  double have = 0;

  if (stock == NULL)
    return FALSE;
  for (guint i = 0; i < stock->len && need > EPSILON; i++)
    {
      const Stock *s = &g_array_index (stock, Stock, i);
      Link link = { product->id, s->unit_id, 0 };

      link.quantity = line->tracking == PDG_TRACKING_SERIAL ? 1 : MIN (need, s->available);
      if (line->tracking == PDG_TRACKING_SERIAL && need < 1 - EPSILON)
        break;
      need -= link.quantity;
      have += link.quantity;
      g_array_append_val (links, link);
      if (taken != NULL)
        {
          double *held = g_hash_table_lookup (taken, &link.child_id);

          if (held == NULL)
            {
              gint64 *key = g_new (gint64, 1);

              *key = link.child_id;
              held = g_new0 (double, 1);
              g_hash_table_insert (taken, key, held);
            }
          *held += link.quantity;
        }
    }
  if (need > EPSILON)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NOT_ENOUGH,
                   _("Only %g of the %g %s of %s that %s still needs are available to pick."),
                   have, line->remaining, line->uom, line->item_number, product->lot);
      return FALSE;
    }
  return TRUE;
}

/* Registers every link, inside the caller's transaction. */
static gboolean
apply_links (PdgRegister  *self,
             const GArray *links,
             GError      **error)
{
  for (guint i = 0; i < links->len; i++)
    {
      const Link *link = &g_array_index (links, Link, i);

      if (pdg_store_associate (self->store, link->parent_id, link->child_id, link->quantity,
                               self->order_id, 0, error) == 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
remove_links (PdgRegister  *self,
              const GArray *links,
              GError      **error)
{
  for (guint i = 0; i < links->len; i++)
    {
      const Link *link = &g_array_index (links, Link, i);

      if (pdg_store_dissociate (self->store, link->parent_id, link->child_id, error) <= 0)
        return FALSE;
    }
  return TRUE;
}

/* pdg_register_pick:
 *
 * Registers the remaining quantity of a component line of the selected
 * finished unit from available stock, first expiring first.
 */
static gboolean
run_pick (PdgRegister  *self,
          gint64        bom_line_id,
          GError      **error)
{
  g_autoptr(PdgOrder) order = get_open_order (self, error);
  g_autoptr(PdgUnit) product = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (Link));
  const PdgComponentLine *line;
  Action *action;

  if (order == NULL || (product = get_open_product (self, self->product_id, error)) == NULL ||
      (lines = list_lines_of (self, product, error)) == NULL)
    return FALSE;
  line = find_line (lines, bom_line_id > 0 ? bom_line_id : self->line_id, 0);
  if (line == NULL)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NO_LINE,
                   _("Select the component line to pick."));
      return FALSE;
    }
  if (line->remaining < EPSILON)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_LINE_COMPLETE,
                   _("%s is complete in %s; nothing to pick."), line->item_number, product->lot);
      return FALSE;
    }
  if (!plan_line (self, product, line, NULL, links, error))
    return FALSE;

  if (!pdg_store_begin (self->store, error))
    return FALSE;
  if (!apply_links (self, links, error) || !pdg_store_commit (self->store, error))
    {
      pdg_store_rollback (self->store);
      return FALSE;
    }

  action = action_new (ACTION_LINK, g_strdup_printf (_("Undo pick of %s into %s"), line->item_number, product->lot));
  g_array_append_vals (action->links, links->data, links->len);
  push_action (self, action);
  return TRUE;
}

static gboolean
set_journal_status (PdgRegister  *self,
                    gint64        journal_id,
                    int           from,
                    int           to,
                    GError      **error)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (self->store,
    "UPDATE pick_journal SET status = ?3 WHERE id = ?1 AND status = ?2", error);
  g_autofree char *before = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"status\":%d}", journal_id, from);
  g_autofree char *after = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"status\":%d}", journal_id, to);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, journal_id);
  sqlite3_bind_int (stmt, 2, from);
  sqlite3_bind_int (stmt, 3, to);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return sql_error (self, error);
  if (sqlite3_changes (pdg_store_get_handle (self->store)) != 1)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_JOURNAL,
                   _("Picking list %" G_GINT64_FORMAT " is not open (it is unknown, posted or discarded)."), journal_id);
      return FALSE;
    }
  return pdg_store_audit (self->store, "pick_journal.update", "pick_journal", journal_id, before, after, error) > 0;
}

/* pdg_register_adjust_consumption:
 *
 * Proposes a picking-list journal: for every finished unit of the order not
 * yet reported, the remaining quantity of each tracked component line,
 * from available stock, first expiring first. Nothing is registered until
 * the journal is posted.
 *
 * Returns: the journal id, or 0 with @error set (nothing to pick, not
 *   enough stock).
 */
static gint64
run_adjust_consumption (PdgRegister  *self,
                        GError      **error)
{
  g_autoptr(PdgOrder) order = get_open_order (self, error);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (Link));
  g_autoptr(GArray) line_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GString) after = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gint64 journal_id = 0;
  gboolean ok = TRUE;

  if (order == NULL || (products = pdg_register_list_products (self, error)) == NULL)
    return 0;

  for (guint p = 0; p < products->len; p++)
    {
      const PdgFinishedProduct *fp = g_ptr_array_index (products, p);
      g_autoptr(PdgUnit) product = NULL;
      g_autoptr(GPtrArray) lines = NULL;

      if (fp->reported)
        continue;
      if ((product = pdg_store_get_unit (self->store, fp->unit_id, error)) == NULL ||
          (lines = list_lines_of (self, product, error)) == NULL)
        return 0;
      for (guint i = 0; i < lines->len; i++)
        {
          const PdgComponentLine *line = g_ptr_array_index (lines, i);
          guint before = links->len;

          if (!line->tracked || line->remaining < EPSILON)
            continue;
          if (!plan_line (self, product, line, taken, links, error))
            return 0;
          for (guint k = before; k < links->len; k++)
            g_array_append_val (line_ids, line->bom_line_id);
        }
    }
  if (links->len == 0)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_LINE_COMPLETE,
                   _("Every component line of order %s is registered; there is nothing to pick."), order->number);
      return 0;
    }

  if (!pdg_store_begin (self->store, error))
    return 0;
  stmt = pdg_store_prepare_cached (self->store,
    "INSERT INTO pick_journal (order_id, status, created_by, created_at) VALUES (?, 0, ?, ?)", error);
  if (stmt == NULL)
    ok = FALSE;
  else
    {
      sqlite3_bind_int64 (stmt, 1, self->order_id);
      sqlite3_bind_text (stmt, 2, pdg_store_get_actor (self->store), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, pdg_store_now (self->store));
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
      journal_id = sqlite3_last_insert_rowid (pdg_store_get_handle (self->store));
    }
  stmt = ok ? pdg_store_prepare_cached (self->store,
    "INSERT INTO pick_journal_line (journal_id, parent_id, child_id, bom_line_id, quantity, location_id)"
    " SELECT ?1, ?2, ?3, ?4, ?5, location_id FROM unit WHERE id = ?3", error) : NULL;
  g_string_printf (after, "{\"id\":%" G_GINT64_FORMAT ",\"order_id\":%" G_GINT64_FORMAT ",\"status\":0,\"lines\":[",
                   journal_id, self->order_id);
  for (guint i = 0; ok && stmt != NULL && i < links->len; i++)
    {
      const Link *link = &g_array_index (links, Link, i);

      sqlite3_bind_int64 (stmt, 1, journal_id);
      sqlite3_bind_int64 (stmt, 2, link->parent_id);
      sqlite3_bind_int64 (stmt, 3, link->child_id);
      sqlite3_bind_int64 (stmt, 4, g_array_index (line_ids, gint64, i));
      sqlite3_bind_double (stmt, 5, link->quantity);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
      g_string_append_printf (after, "%s{\"parent_id\":%" G_GINT64_FORMAT ",\"child_id\":%" G_GINT64_FORMAT ",\"quantity\":%g}",
                              i > 0 ? "," : "", link->parent_id, link->child_id, link->quantity);
    }
  g_string_append (after, "]}");
  if (!ok && error != NULL && *error == NULL)
    sql_error (self, error);
  if (!ok ||
      pdg_store_audit (self->store, "pick_journal.create", "pick_journal", journal_id, NULL, after->str, error) == 0 ||
      !pdg_store_commit (self->store, error))
    {
      pdg_store_rollback (self->store);
      return 0;
    }
  emit_changed (self);
  return journal_id;
}

/**
 * pdg_register_list_journal:
 *
 * Returns: (transfer full): the lines (PdgPickLine) of a picking-list journal.
 */
GPtrArray *
pdg_register_list_journal (PdgRegister  *self,
                           gint64        journal_id,
                           GError      **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_pick_line_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PDG_IS_REGISTER (self), NULL);

  stmt = pdg_store_prepare_cached (self->store,
    "SELECT l.id, l.parent_id, p.lot, l.child_id, i.number, c.lot, l.quantity, i.uom, loc.name, l.bom_line_id"
    " FROM pick_journal_line l JOIN pick_journal j ON j.id = l.journal_id"
    " JOIN unit p ON p.id = l.parent_id JOIN unit c ON c.id = l.child_id JOIN item i ON i.id = c.item_id"
    " LEFT JOIN location loc ON loc.id = l.location_id"
    " WHERE l.journal_id = ? AND j.order_id = ? ORDER BY l.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, journal_id);
  sqlite3_bind_int64 (stmt, 2, self->order_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdgPickLine *line = pdg_pick_line_new ();

      line->id = sqlite3_column_int64 (stmt, 0);
      line->parent_id = sqlite3_column_int64 (stmt, 1);
      line->parent_lot = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      line->child_id = sqlite3_column_int64 (stmt, 3);
      line->item_number = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      line->lot = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      line->quantity = sqlite3_column_double (stmt, 6);
      line->uom = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      line->location = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      line->bom_line_id = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (lines, line);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&lines);
}

/* pdg_register_post_journal:
 *
 * Registers every line of an open picking-list journal, all or nothing.
 */
static gboolean
run_post_journal (PdgRegister  *self,
                  gint64        journal_id,
                  GError      **error)
{
  g_autoptr(PdgOrder) order = get_open_order (self, error);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (Link));
  Action *action;

  if (order == NULL || (lines = pdg_register_list_journal (self, journal_id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < lines->len; i++)
    {
      const PdgPickLine *line = g_ptr_array_index (lines, i);
      Link link = { line->parent_id, line->child_id, line->quantity };

      g_array_append_val (links, link);
    }

  if (!pdg_store_begin (self->store, error))
    return FALSE;
  if (!set_journal_status (self, journal_id, 0, 1, error) ||
      !apply_links (self, links, error) ||
      !pdg_store_commit (self->store, error))
    {
      pdg_store_rollback (self->store);
      return FALSE;
    }

  action = action_new (ACTION_LINK, g_strdup_printf (_("Undo posting picking list %" G_GINT64_FORMAT), journal_id));
  action->journal_id = journal_id;
  g_array_append_vals (action->links, links->data, links->len);
  push_action (self, action);
  return TRUE;
}

/* pdg_register_discard_journal:
 *
 * Discards an open picking-list journal; nothing is registered.
 */
static gboolean
run_discard_journal (PdgRegister  *self,
                     gint64        journal_id,
                     GError      **error)
{
  Action *action;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (!pdg_store_begin (self->store, error))
    return FALSE;
  if (!set_journal_status (self, journal_id, 0, 2, error) ||
      !pdg_store_commit (self->store, error))
    {
      pdg_store_rollback (self->store);
      return FALSE;
    }

  action = action_new (ACTION_DISCARD, g_strdup_printf (_("Undo discarding picking list %" G_GINT64_FORMAT), journal_id));
  action->journal_id = journal_id;
  push_action (self, action);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Unlink                                                                    */

/* pdg_register_unlink:
 *
 * Takes a component out of a reported finished unit (repair, disassembly):
 * the registration goes, both units get an unlink event, and the component
 * is available again.
 */
static gboolean
run_unlink (PdgRegister  *self,
            gint64        parent_id,
            gint64        child_id,
            GError      **error)
{
  g_autoptr(PdgUnit) product = NULL;
  g_autoptr(PdgUnit) child = NULL;
  g_autofree char *parent_note = NULL;
  g_autofree char *child_note = NULL;
  Link link = { parent_id, child_id, 0 };
  Action *action;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if ((product = get_product (self, parent_id, error)) == NULL ||
      (child = pdg_store_get_unit (self->store, child_id, error)) == NULL)
    return FALSE;
  if (!is_reported (self, parent_id))
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NOT_REPORTED,
                   _("%s/%s is not reported as finished yet; remove the registration instead of unlinking it."),
                   product->item_number, product->lot);
      return FALSE;
    }

  parent_note = g_strdup_printf (_("%s/%s taken out"), child->item_number, child->lot);
  child_note = g_strdup_printf (_("Taken out of %s/%s"), product->item_number, product->lot);
  if (!pdg_store_begin (self->store, error))
    return FALSE;
  link.quantity = pdg_store_dissociate (self->store, parent_id, child_id, error);
  if (link.quantity <= 0 ||
      !add_event (self, parent_id, PDG_EVENT_UNLINK, link.quantity, 0, parent_note, error) ||
      !add_event (self, child_id, PDG_EVENT_UNLINK, link.quantity, 0, child_note, error) ||
      !pdg_store_commit (self->store, error))
    {
      pdg_store_rollback (self->store);
      return FALSE;
    }

  action = action_new (ACTION_UNLINK, g_strdup_printf (_("Undo unlinking %s/%s"), child->item_number, child->lot));
  g_array_append_val (action->links, link);
  push_action (self, action);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Undo                                                                      */

/**
 * pdg_register_get_undo_label:
 *
 * Returns: (nullable): what Undo would take back, for a button or toast.
 */
const char *
pdg_register_get_undo_label (PdgRegister *self)
{
  g_return_val_if_fail (PDG_IS_REGISTER (self), NULL);

  if (self->undo->len == 0)
    return NULL;
  return ((Action *) g_ptr_array_index (self->undo, self->undo->len - 1))->label;
}

/* Links of an action still open for change: their finished units not
 * reported since. */
static gboolean
check_links_open (PdgRegister  *self,
                  const GArray *links,
                  GError      **error)
{
  for (guint i = 0; i < links->len; i++)
    {
      const Link *link = &g_array_index (links, Link, i);

      if (is_reported (self, link->parent_id))
        {
          g_autoptr(PdgUnit) unit = pdg_store_get_unit (self->store, link->parent_id, NULL);

          g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_UNDO_REFUSED,
                       _("%s has been reported as finished since; reverse that report first."),
                       unit != NULL ? unit->lot : "?");
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
undo_action (PdgRegister  *self,
             Action       *action,
             GError      **error)
{
  g_autoptr(PdgOrder) order = NULL;
  g_autoptr(PdgUnit) product = NULL;
  double good, error_qty;

  switch (action->kind)
    {
    case ACTION_CREATE_PRODUCT:
      if (!pdg_store_delete_unit (self->store, action->unit_id, error))
        return FALSE;
      if (self->product_id == action->unit_id)
        {
          set_product (self, 0);
          pdg_register_set_mode (self, PDG_SCAN_MODE_PRODUCT);
        }
      return TRUE;

    case ACTION_LINK:
      return check_links_open (self, action->links, error) &&
             remove_links (self, action->links, error) &&
             (action->journal_id == 0 || set_journal_status (self, action->journal_id, 1, 0, error));

    case ACTION_REMOVE:
      return check_links_open (self, action->links, error) &&
             apply_links (self, action->links, error);

    case ACTION_UNLINK:
      return apply_links (self, action->links, error);

    case ACTION_CHANGE:
      {
        const Link *old_link = &g_array_index (action->links, Link, 0);
        const Link *new_link = &g_array_index (action->links, Link, 1);

        return check_links_open (self, action->links, error) &&
               pdg_store_dissociate (self->store, new_link->parent_id, new_link->child_id, error) > 0 &&
               pdg_store_associate (self->store, old_link->parent_id, old_link->child_id, old_link->quantity,
                                    self->order_id, 0, error) > 0;
      }

    case ACTION_REPORT:
      return (order = get_open_order (self, error)) != NULL &&
             (product = get_product (self, action->unit_id, error)) != NULL &&
             do_reverse (self, order, product, &good, &error_qty, error);

    case ACTION_REVERSE:
      return (order = get_open_order (self, error)) != NULL &&
             (product = get_open_product (self, action->unit_id, error)) != NULL &&
             do_report (self, order, product, action->good_qty, action->error_qty, error);

    case ACTION_DISCARD:
      return set_journal_status (self, action->journal_id, 2, 0, error);

    default:
      g_assert_not_reached ();
    }
}

/**
 * pdg_register_undo:
 *
 * Takes back the session's last action with the opposite, audited change
 * (history is never rewritten). Refused, with the reason and nothing
 * changed, when later changes depend on it.
 */
gboolean
pdg_register_undo (PdgRegister  *self,
                   GError      **error)
{
  Action *action;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (self->undo->len == 0)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NOTHING_TO_UNDO,
                   _("There is nothing to undo in this session."));
      return FALSE;
    }
  action = g_ptr_array_index (self->undo, self->undo->len - 1);

  if (!pdg_store_begin (self->store, error))
    return FALSE;
  if (!undo_action (self, action, error) || !pdg_store_commit (self->store, error))
    {
      g_autoptr(GError) local_error = error != NULL ? g_steal_pointer (error) : NULL;

      pdg_store_rollback (self->store);
      if (local_error != NULL && local_error->domain != PDG_REGISTER_ERROR)
        g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_UNDO_REFUSED,
                     _("Cannot undo: %s"), local_error->message);
      else if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_ptr_array_remove_index (self->undo, self->undo->len - 1);
  emit_changed (self);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Public actions                                                            */

/* Every action runs in one transaction from its first read to its last
 * write: its checks see the data its writes change (another planner's
 * change in between makes it fail rather than slip through), and a scan
 * takes the database locks once instead of once per read. */
static gboolean
action_begin (PdgRegister  *self,
              guint        *undo_len,
              GError      **error)
{
  *undo_len = self->undo->len;
  return pdg_store_begin (self->store, error);
}

static gboolean
action_end (PdgRegister  *self,
            guint         undo_len,
            gboolean      ok,
            GError      **error)
{
  if (ok && pdg_store_commit (self->store, error))
    return TRUE;
  if (ok)
    ok = FALSE;   /* the commit failed and rolled back */
  else
    pdg_store_rollback (self->store);
  if (self->undo->len > undo_len)
    g_ptr_array_set_size (self->undo, undo_len);
  return ok;
}

gboolean
pdg_register_submit (PdgRegister  *self,
                     const char   *text,
                     GError      **error)
{
  guint undo_len;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (!action_begin (self, &undo_len, error))
    return FALSE;
  return action_end (self, undo_len, run_submit (self, text, error), error);
}

gboolean
pdg_register_remove (PdgRegister  *self,
                     gint64        parent_id,
                     gint64        child_id,
                     GError      **error)
{
  guint undo_len;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (!action_begin (self, &undo_len, error))
    return FALSE;
  return action_end (self, undo_len, run_remove (self, parent_id, child_id, error), error);
}

gboolean
pdg_register_change (PdgRegister  *self,
                     gint64        parent_id,
                     gint64        child_id,
                     const char   *new_lot,
                     GError      **error)
{
  guint undo_len;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (!action_begin (self, &undo_len, error))
    return FALSE;
  return action_end (self, undo_len, run_change (self, parent_id, child_id, new_lot, error), error);
}

gboolean
pdg_register_report_finished (PdgRegister  *self,
                              gint64        unit_id,
                              double        good_qty,
                              double        error_qty,
                              GError      **error)
{
  guint undo_len;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (!action_begin (self, &undo_len, error))
    return FALSE;
  return action_end (self, undo_len, run_report_finished (self, unit_id, good_qty, error_qty, error), error);
}

gboolean
pdg_register_reverse_report (PdgRegister  *self,
                             gint64        unit_id,
                             GError      **error)
{
  guint undo_len;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (!action_begin (self, &undo_len, error))
    return FALSE;
  return action_end (self, undo_len, run_reverse_report (self, unit_id, error), error);
}

gboolean
pdg_register_pick (PdgRegister  *self,
                   gint64        bom_line_id,
                   GError      **error)
{
  guint undo_len;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (!action_begin (self, &undo_len, error))
    return FALSE;
  return action_end (self, undo_len, run_pick (self, bom_line_id, error), error);
}

gboolean
pdg_register_post_journal (PdgRegister  *self,
                           gint64        journal_id,
                           GError      **error)
{
  guint undo_len;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (!action_begin (self, &undo_len, error))
    return FALSE;
  return action_end (self, undo_len, run_post_journal (self, journal_id, error), error);
}

gboolean
pdg_register_discard_journal (PdgRegister  *self,
                              gint64        journal_id,
                              GError      **error)
{
  guint undo_len;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (!action_begin (self, &undo_len, error))
    return FALSE;
  return action_end (self, undo_len, run_discard_journal (self, journal_id, error), error);
}

gboolean
pdg_register_unlink (PdgRegister  *self,
                     gint64        parent_id,
                     gint64        child_id,
                     GError      **error)
{
  guint undo_len;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);

  if (!action_begin (self, &undo_len, error))
    return FALSE;
  return action_end (self, undo_len, run_unlink (self, parent_id, child_id, error), error);
}

gint64
pdg_register_adjust_consumption (PdgRegister  *self,
                                 GError      **error)
{
  guint undo_len;
  gint64 id;

  g_return_val_if_fail (PDG_IS_REGISTER (self), 0);

  if (!action_begin (self, &undo_len, error))
    return 0;
  id = run_adjust_consumption (self, error);
  return action_end (self, undo_len, id > 0, error) ? id : 0;
}

/* ------------------------------------------------------------------------ */
/* Actions as values, state as a value (what a PdgSource hands the UI)       */

/* The newest picking-list journal of the order still open (status 0). */
static gint64
open_journal (PdgRegister  *self,
              GError      **error)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (self->store,
    "SELECT id FROM pick_journal WHERE order_id = ? AND status = 0 ORDER BY id DESC LIMIT 1", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, self->order_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pdg_store_set_error (self->store, error);
      return -1;
    }
  return id;
}

/**
 * pdg_register_get_state:
 *
 * Everything the tracked-components page shows, read in one snapshot.
 *
 * Returns: (transfer full): the state, or NULL with @error set.
 */
PdgRegisterState *
pdg_register_get_state (PdgRegister  *self,
                        GError      **error)
{
  g_autoptr(PdgRegisterState) state = pdg_register_state_new ();
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) components = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PDG_IS_REGISTER (self), NULL);

  if (!pdg_store_begin (self->store, error))
    return NULL;

  state->mode = self->mode;
  state->product_id = self->product_id;
  state->line_id = self->line_id;
  state->undo_label = g_strdup (pdg_register_get_undo_label (self));
  if ((state->order = pdg_store_get_order (self->store, self->order_id, error)) == NULL ||
      (products = pdg_register_list_products (self, error)) == NULL ||
      (state->journal_id = open_journal (self, error)) < 0)
    goto out;
  g_ptr_array_extend_and_steal (state->products, g_steal_pointer (&products));
  {
    g_autoptr(PdgItem) item = pdg_store_get_item (self->store, state->order->item_id, error);

    if (item == NULL)
      goto out;
    state->tracking = item->tracking;
  }

  if (self->product_id > 0)
    {
      if ((lines = pdg_register_list_lines (self, self->product_id, error)) == NULL ||
          (components = pdg_store_list_components (self->store, self->product_id, error)) == NULL)
        goto out;
      g_ptr_array_extend_and_steal (state->lines, g_steal_pointer (&lines));
      g_ptr_array_extend_and_steal (state->components, g_steal_pointer (&components));
    }
  if (state->journal_id > 0)
    {
      if ((journal = pdg_register_list_journal (self, state->journal_id, error)) == NULL)
        goto out;
      g_ptr_array_extend_and_steal (state->journal, g_steal_pointer (&journal));
    }
  ok = TRUE;

out:
  pdg_store_rollback (self->store);   /* nothing was written */
  return ok ? g_steal_pointer (&state) : NULL;
}

/**
 * pdg_register_apply:
 * @action: what to do
 * @message: (out) (optional) (transfer full): what was done, in words for
 *   a toast; NULL for selections and refreshes
 *
 * Applies one action through the matching pdg_register_* function: the
 * same rules, transaction and audit entries.
 *
 * Returns: FALSE with @error set (and nothing changed) when refused.
 */
gboolean
pdg_register_apply (PdgRegister              *self,
                    const PdgRegisterAction  *action,
                    char                    **message,
                    GError                  **error)
{
  g_autofree char *done = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *scanned = NULL;
  gint64 product_before;
  gint64 journal;

  g_return_val_if_fail (PDG_IS_REGISTER (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  product_before = self->product_id;
  switch (action->kind)
    {
    case PDG_REGISTER_ACTION_REFRESH:
      break;

    case PDG_REGISTER_ACTION_SET_MODE:
      pdg_register_set_mode (self, action->mode);
      break;

    case PDG_REGISTER_ACTION_SELECT_PRODUCT:
      if (!pdg_register_select_product (self, action->unit_id, error))
        return FALSE;
      break;

    case PDG_REGISTER_ACTION_SELECT_LINE:
      if (!pdg_register_select_line (self, action->line_id, error))
        return FALSE;
      break;

    case PDG_REGISTER_ACTION_SUBMIT:
      if (!pdg_register_submit (self, action->text != NULL ? action->text : "", error))
        return FALSE;
      scanned = g_strstrip (g_strdup (action->text));
      if (self->product_id != product_before)
        done = g_strdup_printf (_("Finished unit %s: scan its components."), scanned);
      else
        done = g_strdup_printf (_("Registered %s."), scanned);
      break;

    case PDG_REGISTER_ACTION_REMOVE:
      if (!pdg_register_remove (self, action->unit_id, action->child_id, error))
        return FALSE;
      done = g_strdup (_("Component registration removed."));
      break;

    case PDG_REGISTER_ACTION_CHANGE:
      if (!pdg_register_change (self, action->unit_id, action->child_id, action->text, error))
        return FALSE;
      done = g_strdup_printf (_("Changed to %s."), action->text);
      break;

    case PDG_REGISTER_ACTION_REPORT:
      if (!pdg_register_report_finished (self, action->unit_id, action->good_qty, action->error_qty, error))
        return FALSE;
      done = g_strdup (_("Reported as finished."));
      break;

    case PDG_REGISTER_ACTION_REVERSE:
      if (!pdg_register_reverse_report (self, action->unit_id, error))
        return FALSE;
      done = g_strdup (_("Report as finished reversed."));
      break;

    case PDG_REGISTER_ACTION_PICK:
      if (!pdg_register_pick (self, action->line_id, error))
        return FALSE;
      done = g_strdup (_("Picked from stock."));
      break;

    case PDG_REGISTER_ACTION_ADJUST:
      if ((journal = pdg_register_adjust_consumption (self, error)) == 0)
        return FALSE;
      done = g_strdup_printf (_("Picking list %" G_GINT64_FORMAT " made: check its lines, then post or discard it."), journal);
      break;

    case PDG_REGISTER_ACTION_POST:
      if (!pdg_register_post_journal (self, action->journal_id, error))
        return FALSE;
      done = g_strdup (_("Picking list posted."));
      break;

    case PDG_REGISTER_ACTION_DISCARD:
      if (!pdg_register_discard_journal (self, action->journal_id, error))
        return FALSE;
      done = g_strdup (_("Picking list discarded."));
      break;

    case PDG_REGISTER_ACTION_UNLINK:
      if (!pdg_register_unlink (self, action->unit_id, action->child_id, error))
        return FALSE;
      done = g_strdup (_("Component unlinked; it is available again."));
      break;

    case PDG_REGISTER_ACTION_UNDO:
      undone = g_strdup (pdg_register_get_undo_label (self));
      if (!pdg_register_undo (self, error))
        return FALSE;
      done = g_strdup_printf (_("Done: %s."), undone);
      break;

    default:
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_SCAN,
                   _("Unknown registration action %d."), (int) action->kind);
      return FALSE;
    }

  if (message != NULL)
    *message = g_steal_pointer (&done);
  return TRUE;
}

/**
 * pdg_register_get_completed_quantity:
 *
 * How much of the order's finished quantity has every tracked component
 * registered, or is reported: the registration progress of an orders list.
 *
 * Returns: the quantity, or -1 with @error set.
 */
double
pdg_register_get_completed_quantity (PdgRegister  *self,
                                     GError      **error)
{
  g_autoptr(GPtrArray) products = NULL;
  double completed = 0;

  g_return_val_if_fail (PDG_IS_REGISTER (self), -1);

  if ((products = pdg_register_list_products (self, error)) == NULL)
    return -1;
  for (guint i = 0; i < products->len; i++)
    {
      const PdgFinishedProduct *p = g_ptr_array_index (products, i);

      if (p->reported || p->status == PDG_REGISTRATION_COMPLETED)
        completed += p->quantity;
    }
  return completed;
}

/**
 * pdg_register_fill_order_progress:
 *
 * Sets @order's completed_qty: for an order with registrations open, what
 * pdg_register_get_completed_quantity() says; an ended order completed what
 * it reported; a created one nothing. The orders lists of the app and of
 * pedigree-server both use it.
 */
gboolean
pdg_register_fill_order_progress (PdgStore  *store,
                                  PdgOrder  *order,
                                  GError   **error)
{
  g_autoptr(PdgRegister) session = NULL;

  g_return_val_if_fail (PDG_IS_STORE (store), FALSE);
  g_return_val_if_fail (order != NULL, FALSE);

  if (order->status == PDG_ORDER_ENDED)
    order->completed_qty = order->good_qty + order->error_qty;
  else if (order->status == PDG_ORDER_CREATED)
    order->completed_qty = 0;
  else if ((session = pdg_register_new (store, order->id, error)) == NULL ||
           (order->completed_qty = pdg_register_get_completed_quantity (session, error)) < 0)
    return FALSE;
  return TRUE;
}
