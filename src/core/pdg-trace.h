/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pdg-genealogy.h"
#include "pdg-store.h"

G_BEGIN_DECLS

/* Limits and extras of one trace. Zero means no limit. */
typedef struct
{
  guint    max_depth;    /* levels below (backward) or above (forward) the roots */
  guint    max_nodes;    /* the most units in the result */
  gboolean with_events;  /* also read every node's events */
} PdgTraceOptions;

PdgGenealogy *pdg_trace (PdgStore               *store,
                         const gint64           *roots,
                         guint                   n_roots,
                         PdgDirection            direction,
                         const PdgTraceOptions  *options,
                         GCancellable           *cancellable,
                         GError                **error);

G_END_DECLS
