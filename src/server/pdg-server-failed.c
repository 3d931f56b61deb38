/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-server-failed.c: the failed-transaction queue of pedigree-server.
 *
 * An event batch or EPCIS capture refused for its data (400 or 409) is kept
 * in server_failed: the body, where it was posted, who posted it and when,
 * its Idempotency-Key and the refusal. Like server_idempotency the table is
 * beside the data, not part of it (pdg_store_digest() does not read it),
 * and the refusal is written after the batch's transaction was rolled back,
 * so a refused batch still stores nothing. The row is its own record of the
 * refusal; what admins do with it afterwards (fix, resubmit, discard) is a
 * change like any other and is audited (entity "server_failed", before and
 * after as JSON) in the transaction of the change. Every change raises the
 * row's revision, which is its ETag. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pdg-json.h"
#include "pdg-server-failed.h"
#include "pdg-store-private.h"

#define COLUMNS \
  "id, route, actor, created_at, updated_at, idempotency_key, content_type," \
  " request_sum, body, status, problem, state, revision"

gboolean
pdg_server_failed_prepare (PdgStore  *store,
                           GError   **error)
{
  return pdg_store_exec (store,
                         "CREATE TABLE IF NOT EXISTS server_failed ("
                         "  id INTEGER PRIMARY KEY,"
                         "  route TEXT NOT NULL,"
                         "  actor TEXT NOT NULL,"
                         "  created_at INTEGER NOT NULL,"
                         "  updated_at INTEGER NOT NULL,"
                         "  idempotency_key TEXT,"
                         "  content_type TEXT,"
                         "  request_sum TEXT NOT NULL,"
                         "  body TEXT NOT NULL,"
                         "  status INTEGER NOT NULL,"
                         "  problem TEXT NOT NULL,"
                         "  state TEXT NOT NULL DEFAULT 'pending',"
                         "  revision INTEGER NOT NULL DEFAULT 1)", error);
}

void
pdg_server_failed_free (PdgServerFailed *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->route);
  g_free (entry->actor);
  g_free (entry->idempotency_key);
  g_free (entry->content_type);
  g_free (entry->request_sum);
  g_free (entry->body);
  g_free (entry->problem);
  g_free (entry->state);
  g_free (entry);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

static PdgServerFailed *
entry_from_row (sqlite3_stmt *stmt)
{
  PdgServerFailed *entry = g_new0 (PdgServerFailed, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->route = column_text (stmt, 1);
  entry->actor = column_text (stmt, 2);
  entry->created_at = sqlite3_column_int64 (stmt, 3);
  entry->updated_at = sqlite3_column_int64 (stmt, 4);
  entry->idempotency_key = column_text (stmt, 5);
  entry->content_type = column_text (stmt, 6);
  entry->request_sum = column_text (stmt, 7);
  entry->body = column_text (stmt, 8);
  entry->status = (guint) sqlite3_column_int (stmt, 9);
  entry->problem = column_text (stmt, 10);
  entry->state = column_text (stmt, 11);
  entry->revision = sqlite3_column_int64 (stmt, 12);
  return entry;
}

static void
bind_bytes_text (sqlite3_stmt *stmt,
                 int           i,
                 GBytes       *bytes)
{
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  sqlite3_bind_text (stmt, i, data != NULL ? data : "", (int) size, SQLITE_TRANSIENT);
}

gint64
pdg_server_failed_add (PdgStore    *store,
                       const char  *route,
                       const char  *actor,
                       const char  *idempotency_key,
                       const char  *content_type,
                       GBytes      *body,
                       const char  *request_sum,
                       guint        status,
                       GBytes      *problem,
                       GError     **error)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (store,
    "INSERT INTO server_failed (route, actor, created_at, updated_at, idempotency_key, content_type,"
    " request_sum, body, status, problem) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, route, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, actor, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, pdg_store_now (store));
  sqlite3_bind_text (stmt, 4, idempotency_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, content_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, request_sum, -1, SQLITE_TRANSIENT);
  bind_bytes_text (stmt, 7, body);
  sqlite3_bind_int (stmt, 8, (int) status);
  bind_bytes_text (stmt, 9, problem);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pdg_store_set_error (store, error);
      return 0;
    }
  return sqlite3_last_insert_rowid (pdg_store_get_handle (store));
}

PdgServerFailed *
pdg_server_failed_get (PdgStore    *store,
                       gint64       id,
                       GError     **error)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (store,
    "SELECT " COLUMNS " FROM server_failed WHERE id = ?1", error);
  PdgServerFailed *entry = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entry = entry_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, PDG_STORE_ERROR, PDG_STORE_ERROR_NOT_FOUND,
                 _("There is no failed transaction %" G_GINT64_FORMAT " in the queue."), id);
  else
    pdg_store_set_error (store, error);
  sqlite3_reset (stmt);
  return entry;
}

/* Newest first; the resubmitted ones only with @all. */
GPtrArray *
pdg_server_failed_list (PdgStore    *store,
                        gboolean     all,
                        guint        limit,
                        guint        offset,
                        GError     **error)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (store,
    "SELECT " COLUMNS " FROM server_failed WHERE ?1 OR state = 'pending'"
    " ORDER BY id DESC LIMIT ?2 OFFSET ?3", error);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_server_failed_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, all ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pdg_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

char *
pdg_server_failed_etag (const PdgServerFailed *entry)
{
  return g_strdup_printf ("\"failed-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "\"", entry->id, entry->revision);
}

static void
add_time (JsonBuilder *b,
          const char  *name,
          gint64       at)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (at);
  g_autofree char *text = time != NULL ? g_date_time_format_iso8601 (time) : NULL;

  json_builder_set_member_name (b, name);
  if (text != NULL)
    json_builder_add_string_value (b, text);
  else
    json_builder_add_null_value (b);
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* {id, route, user, created_at, updated_at, idempotency_key, state,
 * revision, status, reason, problem, [content_type, body]} */
JsonNode *
pdg_server_failed_to_json (const PdgServerFailed *entry,
                           gboolean               with_body)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *problem = NULL;
  const char *reason = NULL;

  if (json_parser_load_from_data (parser, entry->problem, -1, NULL) &&
      (problem = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (problem))
    reason = json_object_get_string_member_with_default (json_node_get_object (problem), "detail", NULL);
  else
    problem = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, entry->id);
  add_string_or_null (b, "route", entry->route);
  add_string_or_null (b, "user", entry->actor);
  add_time (b, "created_at", entry->created_at);
  add_time (b, "updated_at", entry->updated_at);
  add_string_or_null (b, "idempotency_key", entry->idempotency_key);
  add_string_or_null (b, "state", entry->state);
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, entry->revision);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, entry->status);
  add_string_or_null (b, "reason", reason);
  json_builder_set_member_name (b, "problem");
  if (problem != NULL)
    json_builder_add_value (b, json_node_copy (problem));
  else
    json_builder_add_null_value (b);
  if (with_body)
    {
      add_string_or_null (b, "content_type", entry->content_type);
      add_string_or_null (b, "body", entry->body);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The audit's image of a row: its JSON with the body. */
static char *
audit_image (const PdgServerFailed *entry)
{
  g_autoptr(JsonNode) node = pdg_server_failed_to_json (entry, TRUE);

  return pdg_json_to_string (node, FALSE);
}

/* Changes what is not NULL (@status with @problem), raises the revision
 * and audits the change as @action (a string literal), all in one
 * transaction. */
gboolean
pdg_server_failed_update (PdgStore    *store,
                          const char  *action,
                          gint64       id,
                          GBytes      *body,
                          const char  *content_type,
                          guint        status,
                          GBytes      *problem,
                          const char  *state,
                          GError     **error)
{
  g_autoptr(PdgServerFailed) before = NULL;
  g_autoptr(PdgServerFailed) after = NULL;
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!pdg_store_begin (store, error))
    return FALSE;
  if ((before = pdg_server_failed_get (store, id, error)) == NULL)
    goto fail;

  stmt = pdg_store_prepare_cached (store,
    "UPDATE server_failed SET updated_at = ?2, body = coalesce (?3, body),"
    " content_type = CASE WHEN ?3 IS NULL THEN content_type ELSE ?4 END,"
    " status = coalesce (?5, status), problem = coalesce (?6, problem),"
    " state = coalesce (?7, state), revision = revision + 1 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, pdg_store_now (store));
  if (body != NULL)
    bind_bytes_text (stmt, 3, body);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, content_type, -1, SQLITE_TRANSIENT);
  if (problem != NULL)
    {
      sqlite3_bind_int (stmt, 5, (int) status);
      bind_bytes_text (stmt, 6, problem);
    }
  else
    {
      sqlite3_bind_null (stmt, 5);
      sqlite3_bind_null (stmt, 6);
    }
  sqlite3_bind_text (stmt, 7, state, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pdg_store_set_error (store, error);
      goto fail;
    }

  if ((after = pdg_server_failed_get (store, id, error)) == NULL)
    goto fail;
  before_json = audit_image (before);
  after_json = audit_image (after);
  if (pdg_store_audit (store, action, "server_failed", id, before_json, after_json, error) <= 0)
    goto fail;
  return pdg_store_commit (store, error);

fail:
  pdg_store_rollback (store);
  return FALSE;
}

/* Discards an entry; the audit keeps what it was. */
gboolean
pdg_server_failed_delete (PdgStore    *store,
                          gint64       id,
                          GError     **error)
{
  g_autoptr(PdgServerFailed) before = NULL;
  g_autofree char *before_json = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!pdg_store_begin (store, error))
    return FALSE;
  if ((before = pdg_server_failed_get (store, id, error)) == NULL)
    goto fail;
  before_json = audit_image (before);
  if (pdg_store_audit (store, "server_failed.delete", "server_failed", id, before_json, NULL, error) <= 0)
    goto fail;

  stmt = pdg_store_prepare_cached (store, "DELETE FROM server_failed WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pdg_store_set_error (store, error);
      goto fail;
    }
  return pdg_store_commit (store, error);

fail:
  pdg_store_rollback (store);
  return FALSE;
}
