/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pdg-association.h"
#include "pdg-audit-entry.h"
#include "pdg-bom-line.h"
#include "pdg-event.h"
#include "pdg-item.h"
#include "pdg-order.h"
#include "pdg-unit.h"
#include "pdg-unit-details.h"

G_BEGIN_DECLS

#define PDG_STORE_SCHEMA_VERSION 4

#define PDG_STORE_ERROR (pdg_store_error_quark ())

typedef enum
{
  PDG_STORE_ERROR_FAILED,            /* SQLite or I/O failure */
  PDG_STORE_ERROR_NOT_A_DATABASE,    /* the file is not a Pedigree database */
  PDG_STORE_ERROR_VERSION,           /* written by a newer Pedigree */
  PDG_STORE_ERROR_NOT_FOUND,         /* unknown item, unit, order, partner, location */
  PDG_STORE_ERROR_INVALID,           /* a value that cannot be: zero quantity, bad date ... */
  PDG_STORE_ERROR_DUPLICATE,         /* serial, batch or number already exists */
  PDG_STORE_ERROR_ALREADY_CONSUMED,  /* a serial already part of another unit */
  PDG_STORE_ERROR_INSUFFICIENT,      /* more than the unit has on hand */
  PDG_STORE_ERROR_CYCLE,             /* the association would make a unit its own component */
  PDG_STORE_ERROR_STATUS,            /* the unit's status does not allow it (blocked, scrapped ...) */
  PDG_STORE_ERROR_AMBIGUOUS,         /* an identifier matches several units */
} PdgStoreError;

/* The audit entries pdg_store_query_audit() returns: those that meet every
 * condition set, newest first. */
typedef struct
{
  const char *entity;     /* borrowed, nullable; a table name such as "unit" */
  gint64      entity_id;  /* 0: any row */
  const char *actor;      /* borrowed, nullable; who */
  gint64      since;      /* Unix time, included; 0: no lower bound */
  gint64      until;      /* Unix time, included; 0: no upper bound */
  gint64      order_id;   /* 0: any; else the order's own entries and those of rows
                           * (units, associations, journals) that carry its id */
  guint       limit;      /* 0: no limit */
  guint       offset;     /* entries skipped first */
} PdgAuditQuery;

#define PDG_TYPE_STORE (pdg_store_get_type ())
G_DECLARE_FINAL_TYPE (PdgStore, pdg_store, PDG, STORE, GObject)

GQuark        pdg_store_error_quark        (void);

PdgStore     *pdg_store_open               (const char      *path,
                                            GError         **error);
PdgStore     *pdg_store_open_readonly      (const char      *path,
                                            GError         **error);
const char   *pdg_store_get_path           (PdgStore        *self);
int           pdg_store_get_schema_version (PdgStore        *self);
const char   *pdg_store_get_actor          (PdgStore        *self);
void          pdg_store_set_actor          (PdgStore        *self,
                                            const char      *actor);

/* Transactions nest (savepoints). Every write below is atomic on its own;
 * wrap several in begin/commit to make them one. */
gboolean      pdg_store_begin              (PdgStore        *self,
                                            GError         **error);
gboolean      pdg_store_commit             (PdgStore        *self,
                                            GError         **error);
void          pdg_store_rollback           (PdgStore        *self);

/* Writes. Each returns the new row id (> 0), or 0 and sets error, in which case
 * nothing was changed. Each writes its audit entries in the same transaction. */
gint64        pdg_store_add_partner        (PdgStore        *self,
                                            PdgPartnerKind   kind,
                                            const char      *code,
                                            const char      *name,
                                            const char      *city,
                                            const char      *country,
                                            GError         **error);
gint64        pdg_store_add_location       (PdgStore        *self,
                                            const char      *code,
                                            const char      *name,
                                            GError         **error);
gint64        pdg_store_add_item           (PdgStore        *self,
                                            const PdgItem   *item,
                                            GError         **error);
gint64        pdg_store_add_unit           (PdgStore        *self,
                                            const PdgUnit   *unit,
                                            GError         **error);
gint64        pdg_store_add_event          (PdgStore        *self,
                                            const PdgEvent  *event,
                                            GError         **error);
gint64        pdg_store_add_order          (PdgStore        *self,
                                            const PdgOrder  *order,
                                            GError         **error);
gint64        pdg_store_add_bom_line       (PdgStore        *self,
                                            const PdgBomLine *line,
                                            GError         **error);
gint64        pdg_store_associate          (PdgStore        *self,
                                            gint64           parent_id,
                                            gint64           child_id,
                                            double           quantity,
                                            gint64           order_id,
                                            gint64           at,
                                            GError         **error);
gboolean      pdg_store_set_unit_status    (PdgStore        *self,
                                            gint64           unit_id,
                                            PdgUnitStatus    status,
                                            GError         **error);
gboolean      pdg_store_block_units        (PdgStore        *self,
                                            const gint64    *unit_ids,
                                            guint            n_units,
                                            guint           *n_blocked,
                                            GError         **error);
double        pdg_store_dissociate         (PdgStore        *self,
                                            gint64           parent_id,
                                            gint64           child_id,
                                            GError         **error);
gboolean      pdg_store_set_unit_stock     (PdgStore        *self,
                                            gint64           unit_id,
                                            double           quantity,
                                            double           on_hand,
                                            PdgUnitStatus    status,
                                            GError         **error);
gboolean      pdg_store_delete_unit        (PdgStore        *self,
                                            gint64           unit_id,
                                            GError         **error);
gboolean      pdg_store_set_order_progress (PdgStore        *self,
                                            gint64           order_id,
                                            double           good_qty,
                                            double           error_qty,
                                            PdgOrderStatus   status,
                                            GError         **error);

/* Reads. Arrays own their elements. */
PdgItem      *pdg_store_get_item           (PdgStore        *self,
                                            gint64           item_id,
                                            GError         **error);
PdgItem      *pdg_store_find_item          (PdgStore        *self,
                                            const char      *number,
                                            GError         **error);
PdgItem      *pdg_store_find_item_by_gtin  (PdgStore        *self,
                                            const char      *gtin,
                                            GError         **error);
PdgUnit      *pdg_store_get_unit           (PdgStore        *self,
                                            gint64           unit_id,
                                            GError         **error);
PdgUnit      *pdg_store_resolve_unit       (PdgStore        *self,
                                            const char      *text,
                                            GError         **error);
GPtrArray    *pdg_store_find_units         (PdgStore        *self,
                                            const char      *text,
                                            guint            limit,
                                            GError         **error);
PdgOrder     *pdg_store_get_order          (PdgStore        *self,
                                            gint64           order_id,
                                            GError         **error);
GPtrArray    *pdg_store_list_orders        (PdgStore        *self,
                                            int              status,
                                            const char      *text,
                                            guint            limit,
                                            GError         **error);
GPtrArray    *pdg_store_list_bom_lines     (PdgStore        *self,
                                            gint64           order_id,
                                            GError         **error);
GPtrArray    *pdg_store_list_events        (PdgStore        *self,
                                            gint64           unit_id,
                                            GError         **error);
GPtrArray    *pdg_store_list_components    (PdgStore        *self,
                                            gint64           unit_id,
                                            GError         **error);
GPtrArray    *pdg_store_list_consumers     (PdgStore        *self,
                                            gint64           unit_id,
                                            GError         **error);
PdgUnitDetails *pdg_store_get_unit_details (PdgStore        *self,
                                            gint64           unit_id,
                                            GError         **error);
GPtrArray    *pdg_store_list_audit         (PdgStore        *self,
                                            const char      *entity,
                                            gint64           entity_id,
                                            guint            limit,
                                            GError         **error);

GPtrArray    *pdg_store_query_audit        (PdgStore            *self,
                                            const PdgAuditQuery *query,
                                            GError             **error);

/* Housekeeping. */
const char * const *pdg_store_table_names  (void);
gint64        pdg_store_count_rows         (PdgStore        *self,
                                            const char      *table,
                                            GError         **error);
char         *pdg_store_digest             (PdgStore        *self,
                                            GError         **error);

G_END_DECLS
