/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-server-auth.c: the bearer tokens pedigree-server accepts.
 *
 * A token file has one token a line: "TOKEN ROLE NAME", where ROLE is
 * viewer, planner or admin and NAME (the rest of the line) is who the audit
 * entries of that token's writes name. Blank lines and lines starting with
 * '#' are skipped. Tokens are kept by their SHA-256, so a lookup compares
 * digests, never the secret itself character by character. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pdg-server-auth.h"

typedef struct
{
  PdgRole  role;
  char    *name;  /* owned */
} Holder;

struct _PdgServerAuth
{
  GObject     parent_instance;

  GHashTable *holders;  /* owned; SHA-256 hex of a token -> Holder (owned) */
};

G_DEFINE_FINAL_TYPE (PdgServerAuth, pdg_server_auth, G_TYPE_OBJECT)

G_DEFINE_QUARK (pdg-server-auth-error-quark, pdg_server_auth_error)

static const char * const role_names[] = { "none", "viewer", "planner", "admin" };

const char *
pdg_role_to_string (PdgRole role)
{
  g_return_val_if_fail (role <= PDG_ROLE_ADMIN, NULL);

  return role_names[role];
}

gboolean
pdg_role_from_string (const char *text,
                      PdgRole    *out)
{
  for (guint i = PDG_ROLE_VIEWER; i < G_N_ELEMENTS (role_names); i++)
    {
      if (g_strcmp0 (text, role_names[i]) == 0)
        {
          *out = (PdgRole) i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
holder_free (Holder *holder)
{
  g_free (holder->name);
  g_free (holder);
}

static void
pdg_server_auth_finalize (GObject *object)
{
  PdgServerAuth *self = PDG_SERVER_AUTH (object);

  g_clear_pointer (&self->holders, g_hash_table_unref);

  G_OBJECT_CLASS (pdg_server_auth_parent_class)->finalize (object);
}

static void
pdg_server_auth_class_init (PdgServerAuthClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pdg_server_auth_finalize;
}

static void
pdg_server_auth_init (PdgServerAuth *self)
{
  self->holders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) holder_free);
}

static char *
token_digest (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

PdgServerAuth *
pdg_server_auth_new_from_data (const char  *text,
                               GError     **error)
{
  g_autoptr(PdgServerAuth) self = g_object_new (PDG_TYPE_SERVER_AUTH, NULL);
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      g_auto(GStrv) fields = NULL;
      g_autofree char *name = NULL;
      g_autofree char *digest = NULL;
      Holder *holder;
      PdgRole role;

      if (*line == '\0' || *line == '#')
        continue;

      /* TOKEN, ROLE, then the name with whatever spaces it has. */
      g_strdelimit (line, "\t", ' ');
      fields = g_strsplit (line, " ", 3);
      if (g_strv_length (fields) < 3 || *fields[0] == '\0' ||
          *(name = g_strstrip (g_strdup (fields[2]))) == '\0')
        {
          g_set_error (error, PDG_SERVER_AUTH_ERROR, PDG_SERVER_AUTH_ERROR_INVALID,
                       _("Line %u of the token file is not “TOKEN ROLE NAME”."), i + 1);
          return NULL;
        }
      if (!pdg_role_from_string (fields[1], &role))
        {
          g_set_error (error, PDG_SERVER_AUTH_ERROR, PDG_SERVER_AUTH_ERROR_INVALID,
                       _("Line %u of the token file has the role “%s”; use viewer, planner or admin."),
                       i + 1, fields[1]);
          return NULL;
        }
      if (strlen (fields[0]) < 16)
        {
          g_set_error (error, PDG_SERVER_AUTH_ERROR, PDG_SERVER_AUTH_ERROR_INVALID,
                       _("The token on line %u of the token file is shorter than 16 characters."), i + 1);
          return NULL;
        }

      digest = token_digest (fields[0]);
      if (g_hash_table_contains (self->holders, digest))
        {
          g_set_error (error, PDG_SERVER_AUTH_ERROR, PDG_SERVER_AUTH_ERROR_INVALID,
                       _("The token on line %u of the token file is there twice."), i + 1);
          return NULL;
        }

      holder = g_new0 (Holder, 1);
      holder->role = role;
      holder->name = g_steal_pointer (&name);
      g_hash_table_insert (self->holders, g_steal_pointer (&digest), holder);
    }

  if (g_hash_table_size (self->holders) == 0)
    {
      g_set_error (error, PDG_SERVER_AUTH_ERROR, PDG_SERVER_AUTH_ERROR_INVALID,
                   _("The token file has no tokens."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

PdgServerAuth *
pdg_server_auth_new_from_file (const char  *path,
                               GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  PdgServerAuth *self;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, PDG_SERVER_AUTH_ERROR, PDG_SERVER_AUTH_ERROR_INVALID,
                   _("The token file %s is not UTF-8 text."), path);
      return NULL;
    }
  self = pdg_server_auth_new_from_data (text, &local_error);
  if (self == NULL)
    g_set_error (error, PDG_SERVER_AUTH_ERROR, PDG_SERVER_AUTH_ERROR_INVALID,
                 "%s: %s", path, local_error->message);
  return self;
}

guint
pdg_server_auth_get_n_tokens (PdgServerAuth *self)
{
  g_return_val_if_fail (PDG_IS_SERVER_AUTH (self), 0);

  return g_hash_table_size (self->holders);
}

/**
 * pdg_server_auth_lookup:
 * @role: (out): the token's role
 * @name: (out) (transfer none): who the token belongs to
 *
 * Returns: whether @token is one of the file's.
 */
gboolean
pdg_server_auth_lookup (PdgServerAuth  *self,
                        const char     *token,
                        PdgRole        *role,
                        const char    **name)
{
  g_autofree char *digest = NULL;
  Holder *holder;

  g_return_val_if_fail (PDG_IS_SERVER_AUTH (self), FALSE);

  if (token == NULL || *token == '\0')
    return FALSE;
  digest = token_digest (token);
  holder = g_hash_table_lookup (self->holders, digest);
  if (holder == NULL)
    return FALSE;
  *role = holder->role;
  *name = holder->name;
  return TRUE;
}
