/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-register-state.c: the tracked-components page's data, as a value. */
#include "config.h"

#include "pdg-association.h"
#include "pdg-component-line.h"
#include "pdg-finished-product.h"
#include "pdg-pick-line.h"
#include "pdg-register-state.h"

G_DEFINE_BOXED_TYPE (PdgRegisterState, pdg_register_state, pdg_register_state_ref, pdg_register_state_unref)

PdgRegisterState *
pdg_register_state_new (void)
{
  PdgRegisterState *state = g_atomic_rc_box_new0 (PdgRegisterState);

  state->products = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_finished_product_free);
  state->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_component_line_free);
  state->components = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_association_free);
  state->journal = g_ptr_array_new_with_free_func ((GDestroyNotify) pdg_pick_line_free);
  return state;
}

PdgRegisterState *
pdg_register_state_ref (PdgRegisterState *state)
{
  return g_atomic_rc_box_acquire (state);
}

static void
pdg_register_state_clear (PdgRegisterState *state)
{
  g_clear_pointer (&state->order, pdg_order_free);
  g_clear_pointer (&state->products, g_ptr_array_unref);
  g_clear_pointer (&state->lines, g_ptr_array_unref);
  g_clear_pointer (&state->components, g_ptr_array_unref);
  g_clear_pointer (&state->journal, g_ptr_array_unref);
  g_clear_pointer (&state->undo_label, g_free);
  g_clear_pointer (&state->message, g_free);
}

void
pdg_register_state_unref (PdgRegisterState *state)
{
  g_atomic_rc_box_release_full (state, (GDestroyNotify) pdg_register_state_clear);
}
