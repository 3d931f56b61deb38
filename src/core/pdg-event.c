/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-event.c: the event value (something that happened to a unit). */
#include "config.h"

#include "pdg-event.h"

PdgEvent *
pdg_event_new (void)
{
  return g_new0 (PdgEvent, 1);
}

PdgEvent *
pdg_event_copy (const PdgEvent *event)
{
  PdgEvent *copy;

  if (event == NULL)
    return NULL;

  copy = g_memdup2 (event, sizeof *event);
  copy->location = g_strdup (event->location);
  copy->partner = g_strdup (event->partner);
  copy->order_number = g_strdup (event->order_number);
  copy->doc_type = g_strdup (event->doc_type);
  copy->doc_ref = g_strdup (event->doc_ref);
  copy->note = g_strdup (event->note);

  return copy;
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

int
pdg_event_compare_time (gconstpointer a,
                        gconstpointer b)
{
  const PdgEvent *x = *(PdgEvent * const *) a;
  const PdgEvent *y = *(PdgEvent * const *) b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}
