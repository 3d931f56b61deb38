/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-register-action.c: a registration action as a plain value. */
#include "config.h"

#include "pdg-register-action.h"

PdgRegisterAction *
pdg_register_action_new (PdgRegisterActionKind kind)
{
  PdgRegisterAction *action = g_new0 (PdgRegisterAction, 1);

  action->kind = kind;
  return action;
}

PdgRegisterAction *
pdg_register_action_copy (const PdgRegisterAction *action)
{
  PdgRegisterAction *copy = g_memdup2 (action, sizeof *action);

  copy->text = g_strdup (action->text);
  return copy;
}

void
pdg_register_action_free (PdgRegisterAction *action)
{
  if (action == NULL)
    return;

  g_free (action->text);
  g_free (action);
}
