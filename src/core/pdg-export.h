/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-genealogy.h"

G_BEGIN_DECLS

/* Text exports of a genealogy. Each returns a newly allocated string. */
char *pdg_export_genealogy_text (const PdgGenealogy *genealogy);
char *pdg_export_genealogy_csv  (const PdgGenealogy *genealogy);
char *pdg_export_genealogy_dot  (const PdgGenealogy *genealogy);

/* Appends one CSV field (RFC 4180 quoting; a leading = + @ is defused so a
 * spreadsheet does not run it as a formula). */
void  pdg_export_csv_field      (GString            *out,
                                 const char         *text);

G_END_DECLS
