/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For core modules that run their own SQL on the store's connection (the
 * generator's bulk load, the trace engine). Not installed, not for the UI. */

#include <sqlite3.h>

#include "pdg-store.h"

G_BEGIN_DECLS

PdgStore *pdg_store_open_at     (const char  *path,
                                 gint64       at,
                                 const char  *actor,
                                 GError     **error);
void      pdg_store_set_clock   (PdgStore    *self,
                                 gint64       at);
sqlite3  *pdg_store_get_handle  (PdgStore    *self);
gint64    pdg_store_now         (PdgStore    *self);
sqlite3_stmt *pdg_store_prepare_cached (PdgStore    *self,
                                        const char  *sql,
                                        GError     **error);
gboolean  pdg_store_exec        (PdgStore    *self,
                                 const char  *sql,
                                 GError     **error);
gint64    pdg_store_audit       (PdgStore    *self,
                                 const char  *action,
                                 const char  *entity,
                                 gint64       entity_id,
                                 const char  *before,
                                 const char  *after,
                                 GError     **error);
gboolean  pdg_store_set_error   (PdgStore    *self,
                                 GError     **error);
gint64    pdg_store_insert_audited (PdgStore      *self,
                                    sqlite3_stmt  *stmt,
                                    const char    *table,
                                    GError       **error);
gint64    pdg_store_record_edge (PdgStore    *self,
                                 gint64       parent_id,
                                 gint64       child_id,
                                 double       quantity,
                                 gint64       at,
                                 GError     **error);
gboolean  pdg_store_rebuild_closure (PdgStore  *self,
                                     GError   **error);
gboolean  pdg_store_suspend_closure (PdgStore  *self,
                                     GError   **error);
gboolean  pdg_store_resume_closure  (PdgStore  *self,
                                     GError   **error);

/* A list handed to one statement as a JSON array read by json_each(): one
 * execution for a chunk of thousands of ids instead of one per id. */
void      pdg_store_json_ids    (GString      *out,
                                 const gint64 *ids,
                                 guint         n_ids);
void      pdg_store_json_append_text (GString    *out,
                                      const char *text);

G_END_DECLS
