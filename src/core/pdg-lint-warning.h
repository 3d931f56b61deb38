/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the data-quality lint found; a recall on bad data is a wrong recall. */
typedef enum
{
  PDG_LINT_CONSUMED_BEFORE_MADE = 0,  /* a component produced or received after the unit it went into */
  PDG_LINT_OVERCONSUMED = 1,          /* more registered out of a unit than it had */
  PDG_LINT_ORPHAN = 2,                /* a unit with no receipt or production record */
  PDG_LINT_DUPLICATE_SERIAL = 3,      /* the same serial on another serial-tracked item */
  PDG_LINT_OPEN_REGISTRATION = 4,     /* produced on an order whose registration is still open */
} PdgLintKind;

typedef struct
{
  PdgLintKind  kind;
  gint64       unit_id;  /* the unit the warning is about */
  char        *message;  /* owned; a sentence naming the units */
} PdgLintWarning;

PdgLintWarning *pdg_lint_warning_new       (PdgLintKind           kind,
                                            gint64                unit_id,
                                            char                 *message);
void            pdg_lint_warning_free      (PdgLintWarning       *warning);
const char     *pdg_lint_kind_to_string    (PdgLintKind           kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgLintWarning, pdg_lint_warning_free)

G_END_DECLS
