/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-unit-details.c: a unit with its events and direct neighbours.
 *
 * Reference counted (g_rc_box) because a details value is handed from a
 * worker thread to the UI, which may keep it in several widgets. */
#include "config.h"

#include "pdg-unit-details.h"

G_DEFINE_BOXED_TYPE (PdgUnitDetails, pdg_unit_details, pdg_unit_details_ref, pdg_unit_details_unref)

PdgUnitDetails *
pdg_unit_details_new (void)
{
  return g_rc_box_new0 (PdgUnitDetails);
}

PdgUnitDetails *
pdg_unit_details_ref (PdgUnitDetails *details)
{
  return g_rc_box_acquire (details);
}

static void
pdg_unit_details_clear (PdgUnitDetails *details)
{
  g_clear_pointer (&details->unit, pdg_unit_free);
  g_clear_pointer (&details->events, g_ptr_array_unref);
  g_clear_pointer (&details->components, g_ptr_array_unref);
  g_clear_pointer (&details->consumers, g_ptr_array_unref);
}

void
pdg_unit_details_unref (PdgUnitDetails *details)
{
  g_rc_box_release_full (details, (GDestroyNotify) pdg_unit_details_clear);
}
