/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pdg-component-line.h"
#include "pdg-finished-product.h"
#include "pdg-pick-line.h"
#include "pdg-register-action.h"
#include "pdg-register-state.h"
#include "pdg-store.h"

G_BEGIN_DECLS

#define PDG_REGISTER_ERROR (pdg_register_error_quark ())

/* Why the registration engine refused an action (the store's own rules
 * come back as PDG_STORE_ERROR codes). Nothing was changed in either case. */
typedef enum
{
  PDG_REGISTER_ERROR_ORDER_CLOSED,    /* the order is not started, or already ended */
  PDG_REGISTER_ERROR_NO_PRODUCT,      /* no finished unit selected */
  PDG_REGISTER_ERROR_NO_LINE,         /* a plain code needs a component line selected */
  PDG_REGISTER_ERROR_NOT_ON_BOM,      /* the component is not on the order's BOM */
  PDG_REGISTER_ERROR_LINE_COMPLETE,   /* more than the BOM quantity per finished unit */
  PDG_REGISTER_ERROR_UNKNOWN_UNIT,    /* no such serial or batch */
  PDG_REGISTER_ERROR_PRODUCT_EXISTS,  /* the finished serial/batch belongs elsewhere */
  PDG_REGISTER_ERROR_ORDER_FULL,      /* every started unit already has a serial/batch */
  PDG_REGISTER_ERROR_REPORTED,        /* already reported as finished */
  PDG_REGISTER_ERROR_NOT_REPORTED,    /* not reported as finished yet */
  PDG_REGISTER_ERROR_INCOMPLETE,      /* component lines still open */
  PDG_REGISTER_ERROR_QUANTITY,        /* good/error quantities that do not add up */
  PDG_REGISTER_ERROR_NOT_ENOUGH,      /* not enough stock to pick */
  PDG_REGISTER_ERROR_JOURNAL,         /* unknown or already posted/discarded journal */
  PDG_REGISTER_ERROR_NOTHING_TO_UNDO,
  PDG_REGISTER_ERROR_UNDO_REFUSED,    /* later changes depend on the last action */
  PDG_REGISTER_ERROR_SCAN,            /* the scan cannot be read */
} PdgRegisterError;

#define PDG_TYPE_REGISTER (pdg_register_get_type ())
G_DECLARE_FINAL_TYPE (PdgRegister, pdg_register, PDG, REGISTER, GObject)

GQuark        pdg_register_error_quark      (void);

PdgRegister  *pdg_register_new              (PdgStore     *store,
                                             gint64        order_id,
                                             GError      **error);
gint64        pdg_register_get_order_id     (PdgRegister  *self);
PdgScanMode   pdg_register_get_mode         (PdgRegister  *self);
void          pdg_register_set_mode         (PdgRegister  *self,
                                             PdgScanMode   mode);
gint64        pdg_register_get_product      (PdgRegister  *self);
gboolean      pdg_register_select_product   (PdgRegister  *self,
                                             gint64        unit_id,
                                             GError      **error);
gint64        pdg_register_get_line         (PdgRegister  *self);
gboolean      pdg_register_select_line      (PdgRegister  *self,
                                             gint64        bom_line_id,
                                             GError      **error);
void          pdg_register_set_fnc1         (PdgRegister  *self,
                                             char          substitute);

/* Reads. Arrays own their elements. */
GPtrArray    *pdg_register_list_products    (PdgRegister  *self,
                                             GError      **error);
GPtrArray    *pdg_register_list_lines       (PdgRegister  *self,
                                             gint64        unit_id,
                                             GError      **error);
GPtrArray    *pdg_register_list_journal     (PdgRegister  *self,
                                             gint64        journal_id,
                                             GError      **error);

/* Actions: each one transaction with its audit entries; on error nothing
 * changed. */
gboolean      pdg_register_submit           (PdgRegister  *self,
                                             const char   *text,
                                             GError      **error);
gboolean      pdg_register_remove           (PdgRegister  *self,
                                             gint64        parent_id,
                                             gint64        child_id,
                                             GError      **error);
gboolean      pdg_register_change           (PdgRegister  *self,
                                             gint64        parent_id,
                                             gint64        child_id,
                                             const char   *new_lot,
                                             GError      **error);
gboolean      pdg_register_report_finished  (PdgRegister  *self,
                                             gint64        unit_id,
                                             double        good_qty,
                                             double        error_qty,
                                             GError      **error);
gboolean      pdg_register_reverse_report   (PdgRegister  *self,
                                             gint64        unit_id,
                                             GError      **error);
gboolean      pdg_register_pick             (PdgRegister  *self,
                                             gint64        bom_line_id,
                                             GError      **error);
gint64        pdg_register_adjust_consumption (PdgRegister *self,
                                               GError     **error);
gboolean      pdg_register_post_journal     (PdgRegister  *self,
                                             gint64        journal_id,
                                             GError      **error);
gboolean      pdg_register_discard_journal  (PdgRegister  *self,
                                             gint64        journal_id,
                                             GError      **error);
gboolean      pdg_register_unlink           (PdgRegister  *self,
                                             gint64        parent_id,
                                             gint64        child_id,
                                             GError      **error);
const char   *pdg_register_get_undo_label   (PdgRegister  *self);
gboolean      pdg_register_undo             (PdgRegister  *self,
                                             GError      **error);

double        pdg_register_get_completed_quantity (PdgRegister *self,
                                                   GError     **error);
gboolean      pdg_register_fill_order_progress    (PdgStore    *store,
                                                   PdgOrder    *order,
                                                   GError     **error);

/* The same, as values (what a PdgSource passes between UI and engine). */
PdgRegisterState *pdg_register_get_state   (PdgRegister              *self,
                                            GError                  **error);
gboolean      pdg_register_apply            (PdgRegister              *self,
                                             const PdgRegisterAction  *action,
                                             char                    **message,
                                             GError                  **error);

G_END_DECLS
