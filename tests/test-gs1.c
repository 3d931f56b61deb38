/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gs1.c: GS1 codes as scanners and people give them.
 *
 * Scan data (with and without a symbology identifier, GS and "~" as FNC1),
 * bracketed strings and Digital Links; every rule with a valid and an
 * invalid vector. Invalid ones check the error code and that the message
 * names the AI. Dates are read relative to 2025 so the tests never age. */
#include "config.h"

#include <string.h>

#include "pdg-gs1.h"

#define GTIN "09506000134352"      /* GS1's example GTIN */
#define GTIN_B "09521234543213"
#define SSCC "106141411234567897"
#define GLN "9521234000006"

static const PdgGs1Options year_2025 = { .reference_year = 2025 };

static PdgGs1Code *
parse_with (const char          *text,
            const PdgGs1Options *options)
{
  g_autoptr(GError) error = NULL;
  PdgGs1Code *code = pdg_gs1_parse (text, options, &error);

  if (error != NULL)
    g_error ("“%s” did not parse: %s", text, error->message);
  g_assert_nonnull (code);
  return code;
}

static PdgGs1Code *
parse (const char *text)
{
  return parse_with (text, &year_2025);
}

/* text fails with error code and a message containing needle (the AI). */
static void
assert_fails_with (const char          *text,
                   const PdgGs1Options *options,
                   PdgGs1Error          code,
                   const char          *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgGs1Code) parsed = pdg_gs1_parse (text, options, &error);

  if (parsed != NULL)
    g_error ("“%s” parsed but should fail with “%s”", text, needle);
  g_assert_nonnull (error);
  if (!g_error_matches (error, PDG_GS1_ERROR, (int) code))
    g_error ("“%s” failed with code %d (%s), expected %d", text, error->code, error->message, code);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s”: expected “%s” in: %s", text, needle, error->message);
  g_assert_null (strchr (error->message, '\n'));
}

static void
assert_fails (const char *text,
              PdgGs1Error code,
              const char *needle)
{
  assert_fails_with (text, &year_2025, code, needle);
}

static void
assert_message (const char *text,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdgGs1Code) parsed = pdg_gs1_parse (text, &year_2025, &error);

  g_assert_null (parsed);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_check_digits (void)
{
  g_assert_true (pdg_gs1_check_digit_valid (GTIN));
  g_assert_true (pdg_gs1_check_digit_valid (GTIN_B));
  g_assert_true (pdg_gs1_check_digit_valid (SSCC));
  g_assert_true (pdg_gs1_check_digit_valid (GLN));
  g_assert_true (pdg_gs1_check_digit_valid ("96385074"));       /* GTIN-8 */
  g_assert_true (pdg_gs1_check_digit_valid ("614141000036"));   /* GTIN-12 */
  g_assert_true (pdg_gs1_check_digit_valid ("4006381333931"));  /* GTIN-13 */

  g_assert_false (pdg_gs1_check_digit_valid ("09506000134353"));
  g_assert_false (pdg_gs1_check_digit_valid ("106141411234567898"));
  g_assert_false (pdg_gs1_check_digit_valid ("0950600013435A"));
  g_assert_false (pdg_gs1_check_digit_valid ("7"));
  g_assert_false (pdg_gs1_check_digit_valid (""));
}

static void
test_datamatrix_scan (void)
{
  g_autoptr(PdgGs1Code) code = parse ("]d201" GTIN "21SN-7781\x1d" "17261231" "10ABC123");

  g_assert_cmpint (code->symbology, ==, PDG_GS1_SYMBOLOGY_DATAMATRIX);
  g_assert_cmpint (code->form, ==, PDG_GS1_FORM_SCAN);
  g_assert_cmpuint (code->n_elements, ==, 4);
  g_assert_cmpstr (code->elements[0].ai, ==, "01");
  g_assert_cmpstr (code->elements[1].ai, ==, "21");
  g_assert_cmpstr (code->elements[2].ai, ==, "17");
  g_assert_cmpstr (code->elements[3].ai, ==, "10");
  g_assert_cmpstr (pdg_gs1_code_get_value (code, 0), ==, GTIN);
  g_assert_cmpstr (pdg_gs1_code_get_value (code, 1), ==, "SN-7781");
  g_assert_cmpstr (pdg_gs1_code_get_value (code, 2), ==, "261231");
  g_assert_cmpstr (pdg_gs1_code_get_value (code, 3), ==, "ABC123");
  g_assert_cmpuint (code->elements[3].length, ==, 6);
  g_assert_cmpstr (pdg_gs1_code_lookup (code, "10"), ==, "ABC123");
  g_assert_null (pdg_gs1_code_lookup (code, "11"));

  g_assert_cmpstr (code->gtin, ==, GTIN);
  g_assert_cmpstr (code->serial, ==, "SN-7781");
  g_assert_cmpstr (code->batch, ==, "ABC123");
  g_assert_cmpstr (code->expiry, ==, "2026-12-31");
  g_assert_cmpstr (code->production, ==, "");
  g_assert_false (code->has_quantity);
  g_assert_null (code->uom);
}

static void
test_symbologies (void)
{
  static const struct
  {
    const char      *prefix;
    PdgGs1Symbology  symbology;
  } cases[] = {
    { "]C1", PDG_GS1_SYMBOLOGY_GS1_128 },
    { "]e0", PDG_GS1_SYMBOLOGY_DATABAR },
    { "]d2", PDG_GS1_SYMBOLOGY_DATAMATRIX },
    { "]Q3", PDG_GS1_SYMBOLOGY_QR },
    { "]J1", PDG_GS1_SYMBOLOGY_DOTCODE },
    { "", PDG_GS1_SYMBOLOGY_NONE },
    { "\x1d", PDG_GS1_SYMBOLOGY_NONE },       /* a leading FNC1 */
    { "]C1\x1d", PDG_GS1_SYMBOLOGY_GS1_128 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strconcat (cases[i].prefix, "01" GTIN "10LOT-1\x1d" "3103001250\r\n", NULL);
      g_autoptr(PdgGs1Code) code = parse (text);

      g_assert_cmpint (code->symbology, ==, cases[i].symbology);
      g_assert_cmpint (code->form, ==, PDG_GS1_FORM_SCAN);
      g_assert_cmpstr (code->batch, ==, "LOT-1");
      g_assert_true (code->has_quantity);
      g_assert_cmpfloat_with_epsilon (code->quantity, 1.25, 1e-9);
      g_assert_cmpstr (code->uom, ==, "kg");
    }

  g_assert_cmpstr (pdg_gs1_symbology_to_string (PDG_GS1_SYMBOLOGY_DATAMATRIX), ==, "]d2");
  g_assert_cmpstr (pdg_gs1_symbology_to_string (PDG_GS1_SYMBOLOGY_GS1_128), ==, "]C1");
  g_assert_null (pdg_gs1_symbology_to_string (PDG_GS1_SYMBOLOGY_NONE));
  g_assert_cmpstr (pdg_gs1_form_to_string (PDG_GS1_FORM_DIGITAL_LINK), ==, "digital-link");

  assert_fails ("]E09506000134352", PDG_GS1_ERROR_SYNTAX, "]E0");
  assert_fails ("]C0" "01" GTIN, PDG_GS1_ERROR_SYNTAX, "]C0");
  assert_fails ("]d2", PDG_GS1_ERROR_SYNTAX, NULL);
  assert_fails ("]d2\x1d\x1d", PDG_GS1_ERROR_SYNTAX, NULL);
  assert_fails ("\x1d", PDG_GS1_ERROR_SYNTAX, NULL);
  assert_fails ("]Q1" "01" GTIN, PDG_GS1_ERROR_SYNTAX, "]Q1");
  assert_fails ("hello", PDG_GS1_ERROR_SYNTAX, "not a GS1 code");
}

static void
test_fnc1_substitute (void)
{
  const PdgGs1Options tilde = { .fnc1_substitute = '~', .reference_year = 2025 };
  const char *scan = "]d201" GTIN "21SN1~10ABC~17270600";
  g_autoptr(PdgGs1Code) code = parse_with (scan, &tilde);
  g_autoptr(PdgGs1Code) leading = parse_with ("~01" GTIN "10X~", &tilde);
  g_autoptr(PdgGs1Code) gs_too = parse_with ("01" GTIN "10X\x1d" "21Y", &tilde);

  g_assert_cmpstr (code->serial, ==, "SN1");
  g_assert_cmpstr (code->batch, ==, "ABC");
  g_assert_cmpstr (code->expiry, ==, "2027-06-30");
  g_assert_cmpstr (leading->batch, ==, "X");
  g_assert_cmpstr (gs_too->serial, ==, "Y");

  /* By default "~" is just a character, and not one GS1 allows. */
  assert_fails (scan, PDG_GS1_ERROR_CHARSET, "AI (21)");
  assert_fails_with ("01" GTIN "10AB~C", &tilde, PDG_GS1_ERROR_SYNTAX, "AI (10)");
}

static void
test_bracketed (void)
{
  g_autoptr(PdgGs1Code) code = parse ("(01)" GTIN "(10)ABC(17)261231");
  g_autoptr(PdgGs1Code) spaced = parse ("  (01) " GTIN " (10) ABC (11)250115  ");
  g_autoptr(PdgGs1Code) escaped = parse ("(01)" GTIN "(10)A\\(B)C(21)1");
  g_autofree char *text = NULL;

  g_assert_cmpint (code->form, ==, PDG_GS1_FORM_BRACKETED);
  g_assert_cmpint (code->symbology, ==, PDG_GS1_SYMBOLOGY_NONE);
  g_assert_cmpuint (code->n_elements, ==, 3);
  g_assert_cmpstr (code->gtin, ==, GTIN);
  g_assert_cmpstr (code->batch, ==, "ABC");
  g_assert_cmpstr (code->expiry, ==, "2026-12-31");

  g_assert_cmpstr (spaced->batch, ==, "ABC");
  g_assert_cmpstr (spaced->production, ==, "2025-01-15");

  g_assert_cmpstr (escaped->batch, ==, "A(B)C");
  g_assert_cmpstr (escaped->serial, ==, "1");
  text = pdg_gs1_format_bracketed (escaped);
  g_assert_cmpstr (text, ==, "(01)" GTIN "(10)A\\(B)C(21)1");

  assert_fails ("(01" GTIN, PDG_GS1_ERROR_SYNTAX, NULL);
  assert_fails ("(01)" GTIN "x(10)A", PDG_GS1_ERROR_LENGTH, "AI (01)");
  assert_fails ("(01)" GTIN "10ABC", PDG_GS1_ERROR_LENGTH, "AI (01)");
  assert_fails ("(1)" GTIN, PDG_GS1_ERROR_UNKNOWN_AI, "(1)");
  assert_fails ("(01)" GTIN "(3109)000001", PDG_GS1_ERROR_UNKNOWN_AI, "(3109)");
  assert_fails ("(01)" GTIN "(0A)1", PDG_GS1_ERROR_UNKNOWN_AI, "(0A)");
}

static void
test_digital_link (void)
{
  g_autoptr(PdgGs1Code) full = parse ("https://id.gs1.org/01/" GTIN "/10/ABC123/21/12345?17=261231&3103=000500");
  g_autoptr(PdgGs1Code) prefix = parse ("https://example.com/shop/gtin/01/" GTIN "/21/SN%2F7%25?linkType=all&x=1#top");
  g_autoptr(PdgGs1Code) second = parse ("https://example.com/01/shop/01/" GTIN "/10/B");
  g_autoptr(PdgGs1Code) gtin8 = parse ("https://example.com/01/96385074");
  g_autoptr(PdgGs1Code) gtin12 = parse ("HTTP://EXAMPLE.COM/01/614141000036/");
  g_autoptr(PdgGs1Code) gtin13 = parse ("https://example.com/01/9506000134352?11=250115");
  g_autoptr(PdgGs1Code) qr = parse ("]Q1https://id.gs1.org/01/" GTIN "/22/V1/10/L1/21/S1?30=12");
  g_autoptr(PdgGs1Code) sscc = parse ("https://id.gs1.org/00/" SSCC);
  g_autoptr(PdgGs1Code) gln = parse ("https://id.gs1.org/414/" GLN "/254/32a%2Fb");
  g_autoptr(PdgGs1Code) tpx = parse ("https://id.gs1.org/01/" GTIN "/235/T-1");

  g_assert_cmpint (full->form, ==, PDG_GS1_FORM_DIGITAL_LINK);
  g_assert_cmpint (full->symbology, ==, PDG_GS1_SYMBOLOGY_NONE);
  g_assert_cmpuint (full->n_elements, ==, 5);
  g_assert_cmpstr (full->elements[3].ai, ==, "17");
  g_assert_cmpstr (full->elements[4].ai, ==, "3103");
  g_assert_cmpstr (full->gtin, ==, GTIN);
  g_assert_cmpstr (full->batch, ==, "ABC123");
  g_assert_cmpstr (full->serial, ==, "12345");
  g_assert_cmpstr (full->expiry, ==, "2026-12-31");
  g_assert_true (full->has_quantity);
  g_assert_cmpfloat_with_epsilon (full->quantity, 0.5, 1e-9);
  g_assert_cmpstr (full->uom, ==, "kg");

  g_assert_cmpuint (prefix->n_elements, ==, 2);  /* linkType and x are not AIs */
  g_assert_cmpstr (prefix->serial, ==, "SN/7%");

  g_assert_cmpstr (second->gtin, ==, GTIN);
  g_assert_cmpstr (second->batch, ==, "B");

  g_assert_cmpstr (gtin8->gtin, ==, "00000096385074");
  g_assert_cmpstr (gtin12->gtin, ==, "00614141000036");
  g_assert_cmpstr (gtin13->gtin, ==, GTIN);
  g_assert_cmpstr (gtin13->production, ==, "2025-01-15");

  g_assert_cmpint (qr->symbology, ==, PDG_GS1_SYMBOLOGY_QR_LINK);
  g_assert_cmpint (qr->form, ==, PDG_GS1_FORM_DIGITAL_LINK);
  g_assert_cmpstr (pdg_gs1_code_lookup (qr, "22"), ==, "V1");
  g_assert_cmpstr (qr->batch, ==, "L1");
  g_assert_cmpstr (qr->serial, ==, "S1");
  g_assert_cmpfloat_with_epsilon (qr->quantity, 12, 1e-9);
  g_assert_cmpstr (qr->uom, ==, "pcs");

  g_assert_cmpstr (pdg_gs1_code_lookup (sscc, "00"), ==, SSCC);
  g_assert_cmpstr (pdg_gs1_code_lookup (gln, "254"), ==, "32a/b");
  g_assert_cmpstr (pdg_gs1_code_lookup (tpx, "235"), ==, "T-1");
}

static void
test_digital_link_errors (void)
{
  assert_fails ("https://id.gs1.org/01/" GTIN "/10/AB%G1", PDG_GS1_ERROR_SYNTAX, "AI (10)");
  assert_fails ("https://id.gs1.org/01/" GTIN "/10/AB%2", PDG_GS1_ERROR_SYNTAX, "AI (10)");
  assert_fails ("https://id.gs1.org/01/" GTIN "?10=AB%", PDG_GS1_ERROR_SYNTAX, "AI (10)");
  assert_fails ("https://id.gs1.org/01/" GTIN "/21/S/10/B", PDG_GS1_ERROR_SYNTAX, "AI (10)");
  assert_fails ("https://id.gs1.org/01/" GTIN "/10/A/10/A", PDG_GS1_ERROR_SYNTAX, "AI (10)");
  assert_fails ("https://id.gs1.org/01/" GTIN "/17/261231", PDG_GS1_ERROR_SYNTAX, "AI (17)");
  assert_fails ("https://id.gs1.org/01/" GTIN "/21/S/235/T", PDG_GS1_ERROR_SYNTAX, "AI (235)");
  assert_fails ("https://id.gs1.org/01/" GTIN "/10", PDG_GS1_ERROR_SYNTAX, "AI (10)");
  assert_fails ("https://id.gs1.org/01/" GTIN "/lot/A", PDG_GS1_ERROR_SYNTAX, "AI (01)");
  assert_fails ("https://id.gs1.org/01/" GTIN "?89=1", PDG_GS1_ERROR_UNKNOWN_AI, "(89)");
  assert_fails ("https://id.gs1.org/01/" GTIN "?00=" SSCC, PDG_GS1_ERROR_SYNTAX, "AI (00)");
  assert_fails ("https://id.gs1.org/01/" GTIN "?17=", PDG_GS1_ERROR_LENGTH, "AI (17)");
  assert_fails ("https://id.gs1.org/01/" GTIN "?17=261331", PDG_GS1_ERROR_DATE, "AI (17)");
  assert_fails ("https://id.gs1.org/01/9506000134353", PDG_GS1_ERROR_CHECK_DIGIT, "AI (01)");
  assert_fails ("https://id.gs1.org/01/95060001343", PDG_GS1_ERROR_LENGTH, "AI (01)");
  assert_fails ("https://example.com/shop/products", PDG_GS1_ERROR_SYNTAX, "/01/");
  assert_fails ("https://example.com", PDG_GS1_ERROR_SYNTAX, "/01/");
  assert_fails ("https:///01/" GTIN, PDG_GS1_ERROR_SYNTAX, "host");
  assert_fails ("https://id.gs1.org/01/" GTIN "/10/A?10=B", PDG_GS1_ERROR_CONFLICT, "AI (10)");
}

static void
test_dates (void)
{
  const PdgGs1Options year_2090 = { .reference_year = 2090 };
  g_autoptr(PdgGs1Code) end_of_feb = parse ("(01)" GTIN "(17)250200");
  g_autoptr(PdgGs1Code) leap_end = parse ("(01)" GTIN "(17)240200");
  g_autoptr(PdgGs1Code) leap_day = parse ("(01)" GTIN "(11)240229");
  g_autoptr(PdgGs1Code) fifty_ahead = parse ("(01)" GTIN "(17)750101");
  g_autoptr(PdgGs1Code) fifty_one_ahead = parse ("(01)" GTIN "(11)760101");
  g_autoptr(PdgGs1Code) next_century = parse_with ("(01)" GTIN "(17)400101", &year_2090);
  g_autoptr(PdgGs1Code) same_century = parse_with ("(01)" GTIN "(17)410101", &year_2090);
  g_autoptr(PdgGs1Code) with_time = parse ("(01)" GTIN "(7003)2612311430");
  g_autoptr(PdgGs1Code) now = parse_with ("(01)" GTIN "(17)261231", NULL);

  g_assert_cmpstr (end_of_feb->expiry, ==, "2025-02-28");
  g_assert_cmpstr (leap_end->expiry, ==, "2024-02-29");
  g_assert_cmpstr (leap_day->production, ==, "2024-02-29");
  g_assert_cmpstr (fifty_ahead->expiry, ==, "2075-01-01");
  g_assert_cmpstr (fifty_one_ahead->production, ==, "1976-01-01");
  g_assert_cmpstr (next_century->expiry, ==, "2140-01-01");
  g_assert_cmpstr (same_century->expiry, ==, "2041-01-01");
  g_assert_cmpstr (pdg_gs1_code_lookup (with_time, "7003"), ==, "2612311430");
  g_assert_true (g_str_has_suffix (now->expiry, "-12-31"));

  assert_fails ("(01)" GTIN "(17)250229", PDG_GS1_ERROR_DATE, "AI (17)");
  assert_fails ("(01)" GTIN "(17)251301", PDG_GS1_ERROR_DATE, "AI (17)");
  assert_fails ("(01)" GTIN "(11)250431", PDG_GS1_ERROR_DATE, "AI (11)");
  assert_fails ("(01)" GTIN "(15)250001", PDG_GS1_ERROR_DATE, "AI (15)");
  assert_fails ("(01)" GTIN "(17)2512A1", PDG_GS1_ERROR_CHARSET, "AI (17)");
  assert_fails ("(01)" GTIN "(7003)2612312460", PDG_GS1_ERROR_DATE, "AI (7003)");
  assert_fails ("(01)" GTIN "(7003)2612001400", PDG_GS1_ERROR_DATE, "AI (7003)");
}

static void
test_numbers (void)
{
  g_autoptr(PdgGs1Code) weight = parse ("]C101" GTIN "3105123456");
  g_autoptr(PdgGs1Code) whole = parse ("(01)" GTIN "(3100)000012");
  g_autoptr(PdgGs1Code) count = parse ("(01)" GTIN "(30)40(3102)001250");
  g_autoptr(PdgGs1Code) pallet = parse ("]C100" SSCC "02" GTIN_B "3724\x1d" "10LOT7");
  g_autoptr(PdgGs1Code) priced = parse ("(01)" GTIN "(3102)001250(3922)001299");
  g_autoptr(PdgGs1Code) priced_in_euro = parse ("(01)" GTIN "(3102)001250(3932)978001299");
  g_autoptr(PdgGs1Code) other = parse ("(01)" GTIN "(3202)000150(3560)000007");
  double n = 0;

  g_assert_cmpfloat_with_epsilon (weight->quantity, 1.23456, 1e-9);
  g_assert_cmpstr (weight->uom, ==, "kg");
  g_assert_cmpfloat_with_epsilon (whole->quantity, 12, 1e-9);

  /* A count wins over a weight. */
  g_assert_cmpfloat_with_epsilon (count->quantity, 40, 1e-9);
  g_assert_cmpstr (count->uom, ==, "pcs");
  g_assert_true (pdg_gs1_code_get_number (count, 1, &n));
  g_assert_cmpfloat_with_epsilon (n, 40, 1e-9);
  g_assert_true (pdg_gs1_code_get_number (count, 2, &n));
  g_assert_cmpfloat_with_epsilon (n, 12.5, 1e-9);
  g_assert_false (pdg_gs1_code_get_number (count, 0, &n));

  g_assert_cmpfloat_with_epsilon (pallet->quantity, 24, 1e-9);
  g_assert_cmpstr (pallet->uom, ==, "pcs");
  g_assert_cmpstr (pallet->gtin, ==, "");
  g_assert_cmpstr (pallet->batch, ==, "LOT7");

  g_assert_true (pdg_gs1_code_get_number (priced, 2, &n));
  g_assert_cmpfloat_with_epsilon (n, 12.99, 1e-9);
  g_assert_true (pdg_gs1_code_get_number (priced_in_euro, 2, &n));  /* the currency is not part of it */
  g_assert_cmpfloat_with_epsilon (n, 12.99, 1e-9);

  g_assert_false (other->has_quantity);  /* pounds and ounces are not mapped */
  g_assert_true (pdg_gs1_code_get_number (other, 1, &n));
  g_assert_cmpfloat_with_epsilon (n, 1.5, 1e-9);

  assert_fails ("(01)" GTIN "(3106)000012", PDG_GS1_ERROR_UNKNOWN_AI, "(3106)");
  assert_fails ("(01)" GTIN "(3103)00012", PDG_GS1_ERROR_LENGTH, "AI (3103)");
  assert_fails ("(01)" GTIN "(3103)0001.2", PDG_GS1_ERROR_CHARSET, "AI (3103)");
  assert_fails ("(01)" GTIN "(3103)00012A", PDG_GS1_ERROR_CHARSET, "AI (3103)");
  assert_fails ("(01)" GTIN "(30)123456789", PDG_GS1_ERROR_LENGTH, "AI (30)");
  assert_fails ("(01)" GTIN "(3922)1234567890123456", PDG_GS1_ERROR_LENGTH, "AI (3922)");
}

static void
test_lengths_and_characters (void)
{
  g_autofree char *long_batch = NULL;
  g_autofree char *too_long = g_strnfill (600, '9');
  g_autoptr(PdgGs1Code) needless_fnc1 = parse ("01" GTIN "\x1d" "10ABC");
  g_autoptr(PdgGs1Code) max_batch = parse ("(01)" GTIN "(10)ABCDEFGHIJ0123456789");
  g_autoptr(PdgGs1Code) punctuation = parse ("(01)" GTIN "(21)!\"%&'\\()*+,-./:;<=>(10)?_az");
  g_autoptr(PdgGs1Code) cpid = parse ("(8010)AB#-/09(8011)120");

  g_assert_cmpstr (needless_fnc1->batch, ==, "ABC");
  g_assert_cmpstr (max_batch->batch, ==, "ABCDEFGHIJ0123456789");
  g_assert_cmpstr (punctuation->serial, ==, "!\"%&'()*+,-./:;<=>");
  g_assert_cmpstr (punctuation->batch, ==, "?_az");
  g_assert_cmpstr (pdg_gs1_code_lookup (cpid, "8010"), ==, "AB#-/09");

  assert_message ("(01)09506000134353", "AI (01) GTIN 09506000134353: the check digit should be 2.");
  assert_message ("(01)" GTIN "(10)ABCDEFGHIJ0123456789X", "AI (10) batch is longer than 20 characters.");

  assert_fails ("(01)0950600013435", PDG_GS1_ERROR_LENGTH, "AI (01)");
  assert_fails ("(01)" GTIN "(10)", PDG_GS1_ERROR_LENGTH, "AI (10)");
  assert_fails ("(01)" GTIN "(21)" "123456789012345678901", PDG_GS1_ERROR_LENGTH, "AI (21)");
  assert_fails ("(01)" GTIN "(10)AB CD", PDG_GS1_ERROR_CHARSET, "AI (10)");
  assert_fails ("(01)" GTIN "(10)AB\xc3\xa9", PDG_GS1_ERROR_CHARSET, "AI (10)");
  assert_fails ("(01)0950600013435X", PDG_GS1_ERROR_CHARSET, "AI (01)");
  assert_fails ("(8010)ab", PDG_GS1_ERROR_CHARSET, "AI (8010)");
  assert_fails ("(8010)A(8011)012", PDG_GS1_ERROR_VALUE, "AI (8011)");
  assert_fails ("(00)106141411234567898", PDG_GS1_ERROR_CHECK_DIGIT, "AI (00)");
  assert_fails ("(01)" GTIN "(410)9521234000007", PDG_GS1_ERROR_CHECK_DIGIT, "AI (410)");
  assert_fails ("(402)95212345678901234", PDG_GS1_ERROR_CHECK_DIGIT, "AI (402)");
  assert_fails ("(8003)19521234000020", PDG_GS1_ERROR_VALUE, "AI (8003)");
  assert_fails ("(8003)09521234000021", PDG_GS1_ERROR_CHECK_DIGIT, "AI (8003)");
  assert_fails ("(8006)" GTIN "0302", PDG_GS1_ERROR_VALUE, "AI (8006)");
  assert_fails ("(01)" GTIN "(422)2760", PDG_GS1_ERROR_LENGTH, "AI (422)");

  /* Scan data: a separator inside a fixed field, a field cut short, garbage. */
  assert_fails ("]d201095060001343\x1d" "5210ABC", PDG_GS1_ERROR_SYNTAX, "AI (01)");
  assert_fails ("]d2010950600013435", PDG_GS1_ERROR_LENGTH, "AI (01)");
  assert_fails ("]d201" GTIN "xyz", PDG_GS1_ERROR_SYNTAX, "AI (01)");
  assert_fails ("01" GTIN "422276\x1d" "1", PDG_GS1_ERROR_SYNTAX, "AI (422)");
  assert_fails ("01" GTIN "4222761\x1d", PDG_GS1_ERROR_LENGTH, "AI (422)");
  assert_fails ("01" GTIN "8900ABC", PDG_GS1_ERROR_UNKNOWN_AI, "(89");
  assert_fails ("01" GTIN "310", PDG_GS1_ERROR_UNKNOWN_AI, "(310");
  assert_fails ("]d2\x1d" "1499", PDG_GS1_ERROR_UNKNOWN_AI, "(14");

  /* The whole input. */
  assert_fails ("", PDG_GS1_ERROR_SYNTAX, NULL);
  assert_fails (" \r\n", PDG_GS1_ERROR_SYNTAX, NULL);
  assert_fails (too_long, PDG_GS1_ERROR_LENGTH, "512");
  long_batch = g_strconcat ("(01)" GTIN "(10)", too_long + 100, NULL);
  assert_fails (long_batch, PDG_GS1_ERROR_LENGTH, NULL);

  /* More elements than a code holds, in fewer than 512 characters. */
  {
    static const char *const short_ones[] = {
      "10", "21", "22", "30", "37", "90", "91", "92", "93", "94", "95", "96", "97", "98", "99",
      "235", "240", "241", "250", "251", "254", "400", "401", "403", "420",
      "7240", "8004", "8010", "8011", "8020", "3900", "3910", "3920", "3930",
    };
    GString *many = g_string_new ("]C1");

    for (guint i = 0; i < G_N_ELEMENTS (short_ones); i++)
      g_string_append_printf (many, "%s%s\x1d", short_ones[i], strlen (short_ones[i]) == 4 ? "1234" : "1");
    for (guint family = 310; many->len < 500; family++)
      if (family % 10 != 8 && family % 10 != 9 && family != 317 && family != 338 && family != 339)
        g_string_append_printf (many, "%u0000001", family);
    assert_fails (many->str, PDG_GS1_ERROR_LENGTH, "64");
    g_string_free (many, TRUE);
  }
}

static void
test_pairs (void)
{
  const PdgGs1Options partial = { .reference_year = 2025, .partial = TRUE };
  g_autoptr(PdgGs1Code) logistic = parse ("(00)" SSCC "(02)" GTIN_B "(37)24(10)L1(17)261231");
  g_autoptr(PdgGs1Code) secondary = parse ("(01)" GTIN "(21)S1(250)X1");
  g_autoptr(PdgGs1Code) cpv = parse ("(01)" GTIN "(22)V-2(10)L");
  g_autoptr(PdgGs1Code) alone = parse_with ("(10)ABC", &partial);
  g_autoptr(PdgGs1Code) payment = parse ("(415)" GLN "(8020)REF-1(3902)1500(12)251231");

  g_assert_cmpuint (logistic->n_elements, ==, 5);
  g_assert_cmpstr (secondary->serial, ==, "S1");
  g_assert_cmpstr (cpv->batch, ==, "L");
  g_assert_cmpstr (alone->batch, ==, "ABC");
  g_assert_cmpuint (payment->n_elements, ==, 4);

  /* What an AI needs with it. */
  assert_fails ("(10)ABC", PDG_GS1_ERROR_PAIRING, "AI (10)");
  assert_fails ("]d221SN1", PDG_GS1_ERROR_PAIRING, "AI (21)");
  assert_fails ("(17)261231", PDG_GS1_ERROR_PAIRING, "AI (17)");
  assert_fails ("(11)250101", PDG_GS1_ERROR_PAIRING, "AI (11)");
  assert_fails ("(30)5", PDG_GS1_ERROR_PAIRING, "AI (30)");
  assert_fails ("(3103)000500", PDG_GS1_ERROR_PAIRING, "AI (3103)");
  assert_fails ("(00)" SSCC "(02)" GTIN_B "(37)24(21)S", PDG_GS1_ERROR_PAIRING, "AI (21)");
  assert_fails ("(00)" SSCC "(02)" GTIN_B, PDG_GS1_ERROR_PAIRING, "AI (02)");
  assert_fails ("(02)" GTIN_B "(37)24", PDG_GS1_ERROR_PAIRING, "AI (37)");
  assert_fails ("(00)" SSCC "(37)24", PDG_GS1_ERROR_PAIRING, "AI (37)");
  assert_fails ("(01)" GTIN "(250)X1", PDG_GS1_ERROR_PAIRING, "AI (250)");
  assert_fails ("(00)" SSCC "(02)" GTIN_B "(37)2(22)V", PDG_GS1_ERROR_PAIRING, "AI (22)");
  assert_fails ("(254)A", PDG_GS1_ERROR_PAIRING, "AI (254)");
  assert_fails ("(01)" GTIN "(3922)100", PDG_GS1_ERROR_PAIRING, "AI (3922)");

  /* What an AI must not be with; partial does not lift these. */
  assert_fails ("(01)" GTIN "(02)" GTIN_B, PDG_GS1_ERROR_PAIRING, "AI (02)");
  assert_fails_with ("(01)" GTIN "(02)" GTIN_B, &partial, PDG_GS1_ERROR_PAIRING, "AI (01)");
  assert_fails_with ("(01)" GTIN "(37)5", &partial, PDG_GS1_ERROR_PAIRING, "AI (37)");
  assert_fails ("(01)" GTIN "(21)S(235)T", PDG_GS1_ERROR_PAIRING, "AI (235)");
  assert_fails_with ("(420)12345(421)276D-1", &partial, PDG_GS1_ERROR_PAIRING, "AI (421)");
}

static void
test_repeats (void)
{
  g_autoptr(PdgGs1Code) twice = parse ("(01)" GTIN "(10)A(10)A(01)" GTIN);
  g_autoptr(PdgGs1Code) link = parse ("https://id.gs1.org/01/" GTIN "/10/A?10=A&17=261231&17=261231");

  g_assert_cmpuint (twice->n_elements, ==, 2);
  g_assert_cmpstr (twice->batch, ==, "A");
  g_assert_cmpuint (link->n_elements, ==, 3);

  /* 91 to 99 are nine different company-internal AIs, not one. */
  {
    g_autoptr(PdgGs1Code) internal = parse ("]d291A\x1d" "92B\x1d" "99C\x1d" "91A");

    g_assert_cmpuint (internal->n_elements, ==, 3);
    g_assert_cmpstr (pdg_gs1_code_lookup (internal, "99"), ==, "C");
  }

  assert_message ("(01)" GTIN "(10)A1(10)B2", "AI (10) batch appears twice with different values: “A1” and “B2”.");
  assert_fails ("]d201" GTIN "10A\x1d" "01" GTIN_B, PDG_GS1_ERROR_CONFLICT, "AI (01)");
  assert_fails ("(01)" GTIN "(3102)001250(3103)012500", PDG_GS1_ERROR_CONFLICT, "AI (3103)");
  assert_fails ("(01)" GTIN "(3922)100(3925)100(30)1", PDG_GS1_ERROR_CONFLICT, "AI (3925)");
  assert_fails ("(91)A(92)B(91)C", PDG_GS1_ERROR_CONFLICT, "AI (91)");
}

static void
test_round_trip (void)
{
  static const char *const codes[] = {
    "]d201" GTIN "21SN-7781\x1d" "17261231" "10ABC123",
    "(01)" GTIN "(10)A\\(B)C(21)1(3103)000500",
    "https://example.com/p/01/96385074/10/L%28%29?17=260200&3922=1299&30=3",
    "]C100" SSCC "02" GTIN_B "3724\x1d" "10LOT7",
    "(8003)09521234000020AB(90)X(99)Y",
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(PdgGs1Code) code = parse (codes[i]);
      g_autofree char *text = pdg_gs1_format_bracketed (code);
      g_autoptr(PdgGs1Code) again = parse (text);
      g_autofree char *text_again = pdg_gs1_format_bracketed (again);

      g_assert_cmpstr (text, ==, text_again);
      g_assert_cmpuint (code->n_elements, ==, again->n_elements);
      g_assert_cmpstr (code->gtin, ==, again->gtin);
      g_assert_cmpstr (code->batch, ==, again->batch);
      g_assert_cmpstr (code->serial, ==, again->serial);
      g_assert_cmpstr (code->expiry, ==, again->expiry);
      g_assert_cmpint (code->has_quantity, ==, again->has_quantity);
      g_assert_cmpfloat (code->quantity, ==, again->quantity);
    }
}

static void
test_parse_into (void)
{
  static const char scan[] = "]d201" GTIN "21S1\x1d" "10B1";
  PdgGs1Code code;
  PdgGs1Code copy;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (pdg_gs1_parse_into (&code, scan, sizeof scan - 1, &year_2025, NULL));
      g_assert_cmpstr (code.serial, ==, "S1");
    }

  copy = code;  /* a plain value */
  g_assert_cmpstr (pdg_gs1_code_get_value (&copy, 2), ==, "B1");

  /* The length is respected: the tail is not read. */
  g_assert_true (pdg_gs1_parse_into (&code, scan, sizeof scan - 2, &year_2025, NULL));
  g_assert_cmpstr (code.batch, ==, "B");

  /* A NUL inside the given length is a character like any other. */
  g_assert_false (pdg_gs1_parse_into (&code, scan, sizeof scan, &year_2025, &error));
  g_assert_error (error, PDG_GS1_ERROR, PDG_GS1_ERROR_CHARSET);
  g_assert_nonnull (strstr (error->message, "AI (10)"));

  /* A failure leaves nothing behind. */
  g_assert_cmpuint (code.n_elements, ==, 0);
  g_assert_cmpstr (code.batch, ==, "");
  g_assert_false (code.has_quantity);
}

static void
test_names (void)
{
  g_assert_cmpstr (pdg_gs1_ai_name ("10"), ==, "batch");
  g_assert_cmpstr (pdg_gs1_ai_name ("3103"), ==, "net weight (kg)");
  g_assert_cmpstr (pdg_gs1_ai_name ("3100"), ==, "net weight (kg)");
  g_assert_cmpstr (pdg_gs1_ai_name ("97"), ==, "company internal information");
  g_assert_cmpstr (pdg_gs1_ai_name ("01"), ==, "GTIN");
  g_assert_null (pdg_gs1_ai_name ("89"));
  g_assert_null (pdg_gs1_ai_name ("3106"));
  g_assert_null (pdg_gs1_ai_name ("310"));
  g_assert_null (pdg_gs1_ai_name ("1"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gs1/check-digits-follow-the-gs1-algorithm", test_check_digits);
  g_test_add_func ("/gs1/a-datamatrix-scan-maps-to-gtin-serial-expiry-and-batch", test_datamatrix_scan);
  g_test_add_func ("/gs1/every-gs1-symbology-identifier-is-read", test_symbologies);
  g_test_add_func ("/gs1/a-wedge-scanner-substitute-stands-for-fnc1", test_fnc1_substitute);
  g_test_add_func ("/gs1/bracketed-element-strings-are-read", test_bracketed);
  g_test_add_func ("/gs1/digital-links-are-read-after-any-path-prefix", test_digital_link);
  g_test_add_func ("/gs1/broken-digital-links-say-which-ai", test_digital_link_errors);
  g_test_add_func ("/gs1/dates-are-checked-and-read-in-the-century-window", test_dates);
  g_test_add_func ("/gs1/decimal-ais-become-numbers", test_numbers);
  g_test_add_func ("/gs1/lengths-and-characters-are-checked", test_lengths_and_characters);
  g_test_add_func ("/gs1/ais-come-with-the-ais-they-need-and-not-those-they-exclude", test_pairs);
  g_test_add_func ("/gs1/a-repeated-ai-must-repeat-its-value", test_repeats);
  g_test_add_func ("/gs1/bracketed-output-reads-back-to-the-same-code", test_round_trip);
  g_test_add_func ("/gs1/one-code-can-be-reused-for-many-parses", test_parse_into);
  g_test_add_func ("/gs1/ais-have-names-for-people", test_names);

  return g_test_run ();
}
