/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-cli-unit.c: `pedigree-cli unit DB ID`, one unit and its neighbours.
 *
 * Prints the unit's fields, its events in time order, its direct components
 * (what went into it) and its direct consumers (what it went into). */
#include "config.h"

#include <glib/gi18n.h>

#include "pdg-cli.h"

static void
print_edges (const char *title,
             GPtrArray  *edges)
{
  g_print ("\n%s (%u)\n", title, edges->len);
  for (guint i = 0; i < edges->len; i++)
    {
      PdgAssociation *a = g_ptr_array_index (edges, i);

      g_print ("  %-16s %-20s %-34s %10g %-4s %s\n",
               a->other->item_number, a->other->lot, a->other->item_description,
               a->quantity, a->other->uom,
               a->order_number ? a->order_number : "");
    }
}

int
pdg_cli_unit (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(PdgUnit) found = NULL;
  g_autoptr(PdgUnitDetails) details = NULL;
  g_autoptr(GError) error = NULL;
  const PdgUnit *unit;
  GPtrArray *events;
  int rc;

  context = g_option_context_new (_("DB ID — show a unit (ITEM/SERIAL, ITEM/BATCH, a serial or batch, or an id)"));
  if ((rc = pdg_cli_parse (context, &argc, &argv)) != PDG_CLI_OK)
    return rc;
  if (argc != 3)
    return pdg_cli_usage (context, _("unit needs a database file and a unit ID"));

  store = pdg_cli_open_store (argv[1]);
  if (store == NULL)
    return PDG_CLI_FAILED;

  if ((found = pdg_store_resolve_unit (store, argv[2], &error)) == NULL ||
      (details = pdg_store_get_unit_details (store, found->id, &error)) == NULL)
    return pdg_cli_fail ("%s", error->message);
  unit = details->unit;
  events = details->events;

  g_print ("%s/%s  %s\n", unit->item_number, unit->lot, unit->item_description);
  g_print ("  %-14s %" G_GINT64_FORMAT "\n", _("Id:"), unit->id);
  g_print ("  %-14s %s\n", _("Tracking:"), pdg_tracking_to_string (unit->tracking));
  g_print ("  %-14s %g %s (%s %g)\n", _("Quantity:"), unit->quantity, unit->uom, _("on hand"), unit->on_hand);
  g_print ("  %-14s %s\n", _("Status:"), pdg_unit_status_to_string (unit->status));
  g_print ("  %-14s %s\n", _("Origin:"), pdg_origin_to_string (unit->origin));
  if (unit->produced_on != NULL)
    g_print ("  %-14s %s\n", _("Produced on:"), unit->produced_on);
  if (unit->expires_on != NULL)
    g_print ("  %-14s %s\n", _("Expires on:"), unit->expires_on);
  if (unit->location != NULL)
    g_print ("  %-14s %s\n", _("Location:"), unit->location);

  g_print ("\n%s (%u)\n", _("Events"), events->len);
  for (guint i = 0; i < events->len; i++)
    {
      PdgEvent *e = g_ptr_array_index (events, i);
      g_autofree char *when = pdg_format_time (e->at);

      g_print ("  %s  %-11s %8g", when, pdg_event_kind_to_string (e->kind), e->quantity);
      if (e->partner != NULL)
        g_print ("  %s", e->partner);
      if (e->order_number != NULL)
        g_print ("  %s", e->order_number);
      if (e->doc_ref != NULL)
        g_print ("  %s %s", e->doc_type ? e->doc_type : "", e->doc_ref);
      if (e->location != NULL)
        g_print ("  @ %s", e->location);
      if (e->note != NULL)
        g_print ("  “%s”", e->note);
      g_print ("\n");
    }

  print_edges (_("Components (made of)"), details->components);
  print_edges (_("Consumers (used in)"), details->consumers);

  return PDG_CLI_OK;
}
