/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How Pedigree writes numbers and times for people. */
char *pdg_format_count    (guint64 n);
char *pdg_format_quantity (double  quantity);
char *pdg_format_date     (gint64  unix_seconds);
void  pdg_format_day      (gint64  unix_seconds,
                           char    buf[11]);
gboolean pdg_parse_date   (const char *text,
                           gint64     *unix_seconds);
char *pdg_format_time     (gint64  unix_seconds);
void  pdg_format_append_int (GString *out,
                             gint64   value);

G_END_DECLS
