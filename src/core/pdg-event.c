/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-event.c: the event value (something that happened to a unit). */
#include "config.h"

#include "pdg-event.h"

PdgEvent *
pdg_event_new (void)
{
  return g_new0 (PdgEvent, 1);
}

void
pdg_event_free (PdgEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->location);
  g_free (event->partner);
  g_free (event->order_number);
  g_free (event->doc_type);
  g_free (event->doc_ref);
  g_free (event->note);
  g_free (event);
}
