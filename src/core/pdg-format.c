/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-format.c: numbers and times as people read them.
 *
 * Counts get thousands separators ("1,204"), quantities at most three
 * decimals without trailing zeros ("0.3", "12.125"), times are UTC. */
#include "config.h"

#include <math.h>
#include <stdio.h>
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

/* Day 1 of the GLib Julian calendar is 0001-01-01; 1970-01-01 is this one. */
#define UNIX_EPOCH_JULIAN 719163

/* YYYY-MM-DD (UTC) into buf, without allocating: exports call it for every
 * row. "?" for a time outside years 1 to 9999. */
void
pdg_format_day (gint64 unix_seconds,
                char   buf[11])
{
  gint64 day = unix_seconds / 86400 - (unix_seconds % 86400 < 0 ? 1 : 0);
  gint64 julian = day + UNIX_EPOCH_JULIAN;
  GDate date;

  if (julian < 1 || julian > G_MAXUINT32 || !g_date_valid_julian ((guint32) julian))
    {
      g_strlcpy (buf, "?", 11);
      return;
    }
  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) julian);
  if (g_date_get_year (&date) > 9999)
    {
      g_strlcpy (buf, "?", 11);
      return;
    }
  g_snprintf (buf, 11, "%04u-%02u-%02u", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
}

char *
pdg_format_date (gint64 unix_seconds)
{
  char buf[11];

  pdg_format_day (unix_seconds, buf);
  return g_strdup (buf);
}

/**
 * pdg_parse_date:
 * @text: a date as people and the database write it, "YYYY-MM-DD"
 * @unix_seconds: (out) (optional): the start of that day, UTC
 *
 * Returns: whether @text is exactly a valid calendar date.
 */
gboolean
pdg_parse_date (const char *text,
                gint64     *unix_seconds)
{
  unsigned y, m, d;
  char tail;
  GDate date;

  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;

  if (unix_seconds != NULL)
    {
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
      *unix_seconds = ((gint64) g_date_get_julian (&date) - UNIX_EPOCH_JULIAN) * 86400;
    }
  return TRUE;
}

char *
pdg_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

/**
 * pdg_format_append_int:
 *
 * Appends a whole number in plain ASCII digits, without printf: exports and
 * id lists write millions of them.
 */
void
pdg_format_append_int (GString *out,
                       gint64   value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  do
    *--p = (char) ('0' + v % 10);
  while ((v /= 10) > 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (out, p, buf + sizeof buf - p);
}
