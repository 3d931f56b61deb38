/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-format.c: numbers and times as people read them.
 *
 * Counts get thousands separators ("1,204"), quantities at most three
 * decimals without trailing zeros ("0.3", "12.125"), times are UTC. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pdg-format.h"

char *
pdg_format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

char *
pdg_format_quantity (double quantity)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *text;
  char *end;

  if (fabs (quantity) >= 1e15 || !isfinite (quantity))
    return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", quantity));

  if (quantity == floor (quantity) && fabs (quantity) >= 1000)
    {
      g_autofree char *count = pdg_format_count ((guint64) fabs (quantity));

      return quantity < 0 ? g_strconcat ("-", count, NULL) : g_strdup (count);
    }

  text = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3f", quantity));
  end = text + strlen (text) - 1;
  while (end > text && *end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  if (g_str_equal (text, "-0"))
    {
      g_free (text);
      text = g_strdup ("0");
    }
  return text;
}

char *
pdg_format_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return dt ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("?");
}

char *
pdg_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("?");
}
