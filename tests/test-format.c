/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-format.c: how numbers and dates are written and read for people. */
#include "config.h"

#include "pdg-format.h"

static void
test_days (void)
{
  char buf[11];
  g_autofree char *date = NULL;
  gint64 t = 0;

  pdg_format_day (1735722000, buf);          /* 2025-01-01 09:00 UTC */
  g_assert_cmpstr (buf, ==, "2025-01-01");
  pdg_format_day (0, buf);
  g_assert_cmpstr (buf, ==, "1970-01-01");
  pdg_format_day (-1, buf);                  /* a second before the epoch */
  g_assert_cmpstr (buf, ==, "1969-12-31");
  pdg_format_day (G_MAXINT64, buf);
  g_assert_cmpstr (buf, ==, "?");

  date = pdg_format_date (1709164800);       /* a leap day */
  g_assert_cmpstr (date, ==, "2024-02-29");

  g_assert_true (pdg_parse_date ("2024-02-29", &t));
  g_assert_cmpint (t, ==, 1709164800);
  g_assert_true (pdg_parse_date ("1969-12-31", &t));
  g_assert_cmpint (t, ==, -86400);
  g_assert_true (pdg_parse_date ("2025-01-01", NULL));

  g_assert_false (pdg_parse_date ("2025-02-29", &t));
  g_assert_false (pdg_parse_date ("2025-13-01", &t));
  g_assert_false (pdg_parse_date ("2025-1-1", &t));
  g_assert_false (pdg_parse_date ("2025-01-01x", &t));
  g_assert_false (pdg_parse_date ("yesterday", &t));
  g_assert_false (pdg_parse_date ("", &t));
  g_assert_false (pdg_parse_date (NULL, &t));
}

static void
test_numbers (void)
{
  g_autofree char *count = pdg_format_count (1234567);
  g_autofree char *small = pdg_format_count (7);
  g_autofree char *third = pdg_format_quantity (0.3);
  g_autofree char *big = pdg_format_quantity (12000);
  g_autofree char *neg = pdg_format_quantity (-0.0001);

  g_assert_cmpstr (count, ==, "1,234,567");
  g_assert_cmpstr (small, ==, "7");
  g_assert_cmpstr (third, ==, "0.3");
  g_assert_cmpstr (big, ==, "12,000");
  g_assert_cmpstr (neg, ==, "0");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/days-are-written-and-read-as-yyyy-mm-dd", test_days);
  g_test_add_func ("/format/counts-and-quantities-read-like-people-write-them", test_numbers);

  return g_test_run ();
}
