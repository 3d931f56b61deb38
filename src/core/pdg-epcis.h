/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pdg-store.h"

G_BEGIN_DECLS

#define PDG_EPCIS_ERROR (pdg_epcis_error_quark ())

typedef enum
{
  PDG_EPCIS_ERROR_INVALID,  /* not a valid EPCIS 2.0 document; the message names the event and field */
  PDG_EPCIS_ERROR_REFUSED,  /* valid, but the store refused it (a genealogy cycle ...) */
} PdgEpcisError;

/* What one capture did. */
typedef struct
{
  guint n_events;        /* EPCIS events stored (error declarations included) */
  guint n_skipped;       /* events whose eventID was captured before: not stored again */
  guint n_declarations;  /* events carrying an errorDeclaration */
  guint n_items;         /* items created for unknown GTINs */
  guint n_units;         /* units created */
  guint n_unit_events;   /* Pedigree events written against units */
  guint n_edges;         /* genealogy edges written (or grown) */
} PdgEpcisCounts;

/* The events pdg_epcis_query() returns: those that meet every condition
 * set, by event time then capture order. */
typedef struct
{
  const char *event_type;    /* borrowed, nullable; "ObjectEvent" or several, comma-separated */
  gboolean    has_ge_time;
  gint64      ge_time_ms;    /* GE_eventTime, Unix milliseconds */
  gboolean    has_lt_time;
  gint64      lt_time_ms;    /* LT_eventTime, Unix milliseconds */
  const char *match_epc;     /* borrowed, nullable; epcList / childEPCs, comma- or |-separated */
  const char *match_any_epc; /* borrowed, nullable; any identifier the event names */
  const char *eq_biz_step;   /* borrowed, nullable; a CBV term or a URI */
  guint       limit;         /* 0: no limit */
  guint       offset;
} PdgEpcisQuery;

GQuark     pdg_epcis_error_quark  (void);

gboolean   pdg_epcis_import       (PdgStore             *store,
                                   JsonNode             *document,
                                   PdgEpcisCounts       *counts,
                                   GError              **error);
gboolean   pdg_epcis_import_data  (PdgStore             *store,
                                   const char           *data,
                                   gssize                length,
                                   PdgEpcisCounts       *counts,
                                   GError              **error);
JsonNode  *pdg_epcis_query        (PdgStore             *store,
                                   const PdgEpcisQuery  *query,
                                   gboolean             *more,
                                   GError              **error);
gboolean   pdg_epcis_parse_time   (const char           *text,
                                   gint64               *out_ms);
const char *pdg_epcis_normalize_biz_step (const char    *text);

G_END_DECLS
