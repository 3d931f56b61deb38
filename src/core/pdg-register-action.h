/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-enums.h"

G_BEGIN_DECLS

/* One thing a planner does on the tracked-components page, as a value: the
 * UI hands it to its PdgSource, which applies it to the order's
 * registration session (PdgRegister) and answers with the new
 * PdgRegisterState. The same value travels to pedigree-server. */
typedef enum
{
  PDG_REGISTER_ACTION_REFRESH = 0,     /* change nothing, read the state */
  PDG_REGISTER_ACTION_SET_MODE,        /* mode */
  PDG_REGISTER_ACTION_SELECT_PRODUCT,  /* unit_id */
  PDG_REGISTER_ACTION_SELECT_LINE,     /* line_id (0: none) */
  PDG_REGISTER_ACTION_SUBMIT,          /* text: a scan or typed serial/batch */
  PDG_REGISTER_ACTION_REMOVE,          /* unit_id (finished), child_id */
  PDG_REGISTER_ACTION_CHANGE,          /* unit_id, child_id, text: the new serial/batch */
  PDG_REGISTER_ACTION_REPORT,          /* unit_id, good_qty, error_qty */
  PDG_REGISTER_ACTION_REVERSE,         /* unit_id */
  PDG_REGISTER_ACTION_PICK,            /* line_id (of the selected product) */
  PDG_REGISTER_ACTION_ADJUST,          /* make a picking-list journal */
  PDG_REGISTER_ACTION_POST,            /* journal_id */
  PDG_REGISTER_ACTION_DISCARD,         /* journal_id */
  PDG_REGISTER_ACTION_UNLINK,          /* unit_id, child_id */
  PDG_REGISTER_ACTION_UNDO,
} PdgRegisterActionKind;

typedef struct
{
  PdgRegisterActionKind  kind;
  PdgScanMode            mode;
  gint64                 unit_id;     /* the finished unit acted on */
  gint64                 child_id;    /* the component unit of an association */
  gint64                 line_id;     /* a BOM line */
  gint64                 journal_id;  /* a picking-list journal */
  char                  *text;        /* owned, nullable */
  double                 good_qty;
  double                 error_qty;
} PdgRegisterAction;

PdgRegisterAction *pdg_register_action_new  (PdgRegisterActionKind    kind);
PdgRegisterAction *pdg_register_action_copy (const PdgRegisterAction *action);
void               pdg_register_action_free (PdgRegisterAction       *action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgRegisterAction, pdg_register_action_free)

G_END_DECLS
