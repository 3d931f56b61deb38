/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An RFC 9457 problem detail: what pedigree-server answers when it refuses
 * a request, as application/problem+json. */
typedef struct
{
  guint  status;  /* the HTTP status */
  char  *type;    /* owned; a URI naming the kind of problem */
  char  *title;   /* owned; the kind, for people */
  char  *detail;  /* owned; this occurrence, for people */
} PdgProblem;

#define PDG_PROBLEM_CONTENT_TYPE "application/problem+json"

PdgProblem *pdg_problem_new            (guint          status,
                                        const char    *format,
                                        ...) G_GNUC_PRINTF (2, 3);
PdgProblem *pdg_problem_new_from_error (const GError  *error,
                                        gboolean       writing);
void        pdg_problem_free           (PdgProblem    *problem);
GBytes     *pdg_problem_to_bytes       (const PdgProblem *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgProblem, pdg_problem_free)

G_END_DECLS
