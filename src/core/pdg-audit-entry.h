/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One append-only audit record: who changed what, when, from what to what. */
typedef struct
{
  gint64  id;         /* row id */
  gint64  at;         /* Unix time, seconds, UTC */
  char   *actor;      /* owned; who */
  char   *action;     /* owned; e.g. "association.create" */
  char   *entity;     /* owned; table name: "unit", "association" ... */
  gint64  entity_id;  /* row id in that table */
  char   *before;     /* owned, nullable; JSON object of the row before (NULL on create) */
  char   *after;      /* owned, nullable; JSON object of the row after (NULL on delete) */
} PdgAuditEntry;

PdgAuditEntry *pdg_audit_entry_new  (void);
void           pdg_audit_entry_free (PdgAuditEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgAuditEntry, pdg_audit_entry_free)

G_END_DECLS
