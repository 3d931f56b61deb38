/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-lint-warning.c: one data-quality finding. */
#include "config.h"

#include "pdg-lint-warning.h"

/* Takes ownership of message. */
PdgLintWarning *
pdg_lint_warning_new (PdgLintKind  kind,
                      gint64       unit_id,
                      char        *message)
{
  PdgLintWarning *warning = g_new0 (PdgLintWarning, 1);

  warning->kind = kind;
  warning->unit_id = unit_id;
  warning->message = message;
  return warning;
}

void
pdg_lint_warning_free (PdgLintWarning *warning)
{
  if (warning == NULL)
    return;

  g_free (warning->message);
  g_free (warning);
}

const char *
pdg_lint_kind_to_string (PdgLintKind kind)
{
  static const char * const names[] = {
    "consumed-before-made", "overconsumed", "orphan", "duplicate-serial", "open-registration",
  };

  return (guint) kind < G_N_ELEMENTS (names) ? names[kind] : "unknown";
}
