/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PDG_GENERATOR_ERROR (pdg_generator_error_quark ())

typedef enum
{
  PDG_GENERATOR_ERROR_FAILED,   /* SQLite or I/O failure */
  PDG_GENERATOR_ERROR_EXISTS,   /* the output file already exists */
  PDG_GENERATOR_ERROR_INVALID,  /* bad options (zero units ...) */
} PdgGeneratorError;

/* What a generation run wrote. */
typedef struct
{
  guint64 units;         /* rows in unit */
  guint64 rows;          /* rows in all tables together */
  guint64 finished;      /* finished goods (e-bikes) */
  gint64  fanout_unit;   /* id of the raw-material lot with the widest fan-out */
  guint64 fanout_finished; /* finished units that lot feeds */
  double  seconds;       /* wall time of the whole run */
  gint64  file_bytes;    /* size of the database file at the end */
} PdgGeneratorStats;

/* Called now and then from the generating thread with 0..1. */
typedef void (*PdgGeneratorProgress) (double   fraction,
                                      gpointer user_data);

GQuark   pdg_generator_error_quark (void);

gboolean pdg_generate (const char            *path,
                       guint64                n_units,
                       guint32                seed,
                       PdgGeneratorProgress   progress,
                       gpointer               progress_data,
                       GCancellable          *cancellable,
                       PdgGeneratorStats     *stats,
                       GError               **error);

G_END_DECLS
