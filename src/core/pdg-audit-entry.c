/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-audit-entry.c: the audit entry value. */
#include "config.h"

#include "pdg-audit-entry.h"

PdgAuditEntry *
pdg_audit_entry_new (void)
{
  return g_new0 (PdgAuditEntry, 1);
}

void
pdg_audit_entry_free (PdgAuditEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->actor);
  g_free (entry->action);
  g_free (entry->entity);
  g_free (entry->before);
  g_free (entry->after);
  g_free (entry);
}
