/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-gs1.c: libFuzzer target for the GS1 parser (build-aux/fuzz.sh runs it).
 *
 * Every input is parsed under four sets of options (FNC1 substitute or not,
 * partial or not, two reference years). A failure must be a PDG_GS1_ERROR
 * with a one-line message; a success is written bracketed, parsed again and
 * must give the same elements and the same mapped fields (round trip). Any
 * difference aborts, so the fuzzer reports it as a crash. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdg-gs1.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static const PdgGs1Options option_sets[] = {
  { .reference_year = 2025 },
  { .fnc1_substitute = '~', .reference_year = 2025 },
  { .partial = TRUE, .reference_year = 2090 },
  { .fnc1_substitute = '~', .partial = TRUE, .reference_year = 1960 },
};

static void
die (const char *what,
     const char *text)
{
  fprintf (stderr, "fuzz-gs1: %s: %s\n", what, text);
  abort ();
}

static void
assert_same (const PdgGs1Code *a,
             const PdgGs1Code *b,
             const char       *text)
{
  if (a->n_elements != b->n_elements)
    die ("the round trip changed the number of elements", text);
  for (guint i = 0; i < a->n_elements; i++)
    {
      if (strcmp (a->elements[i].ai, b->elements[i].ai) != 0 ||
          a->elements[i].length != b->elements[i].length ||
          strcmp (pdg_gs1_code_get_value (a, i), pdg_gs1_code_get_value (b, i)) != 0)
        die ("the round trip changed an element", text);
    }
  if (strcmp (a->gtin, b->gtin) != 0 || strcmp (a->batch, b->batch) != 0 ||
      strcmp (a->serial, b->serial) != 0 || strcmp (a->expiry, b->expiry) != 0 ||
      strcmp (a->production, b->production) != 0 || a->has_quantity != b->has_quantity ||
      a->quantity != b->quantity || g_strcmp0 (a->uom, b->uom) != 0)
    die ("the round trip changed a mapped field", text);
}

static void
check_error (GError     *error,
             const char *text)
{
  if (error == NULL || error->domain != PDG_GS1_ERROR || error->message[0] == '\0' ||
      strchr (error->message, '\n') != NULL)
    die ("a failure without a proper error", text);
}

/* Everything a caller may do with a parsed code. */
static void
use (const PdgGs1Code *code)
{
  for (guint i = 0; i < code->n_elements; i++)
    {
      double number;

      if (pdg_gs1_ai_name (code->elements[i].ai) == NULL ||
          pdg_gs1_code_lookup (code, code->elements[i].ai) == NULL)
        die ("an element without a known AI", code->elements[i].ai);
      if (pdg_gs1_code_get_number (code, i, &number) && number < 0)
        die ("a negative number", pdg_gs1_code_get_value (code, i));
    }
  if (code->gtin[0] != '\0' && !pdg_gs1_check_digit_valid (code->gtin))
    die ("a GTIN with a wrong check digit", code->gtin);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autofree char *nul_terminated = g_strndup (text, size);

  for (guint o = 0; o < G_N_ELEMENTS (option_sets); o++)
    {
      const PdgGs1Options *options = &option_sets[o];
      PdgGs1Code code;
      PdgGs1Code again;
      GError *error = NULL;
      g_autofree char *bracketed = NULL;
      g_autofree char *bracketed_again = NULL;
      PdgGs1Code *copy;

      if (!pdg_gs1_parse_into (&code, text, (gssize) size, options, &error))
        {
          check_error (error, nul_terminated);
          g_error_free (error);
          if (code.n_elements != 0)
            die ("a failed parse left elements", nul_terminated);
          continue;
        }
      if (error != NULL)
        die ("a success with an error", nul_terminated);
      use (&code);

      /* Bracketed output reads back to the same code (when it is not longer
       * than the longest input Pedigree reads). */
      bracketed = pdg_gs1_format_bracketed (&code);
      if (strlen (bracketed) <= PDG_GS1_MAX_LENGTH)
        {
          if (!pdg_gs1_parse_into (&again, bracketed, -1, options, &error))
            {
              fprintf (stderr, "fuzz-gs1: %s\n", error->message);
              die ("the bracketed form does not parse", bracketed);
            }
          assert_same (&code, &again, bracketed);
          bracketed_again = pdg_gs1_format_bracketed (&again);
          if (strcmp (bracketed, bracketed_again) != 0)
            die ("the bracketed form is not stable", bracketed);
        }

      /* The allocating entry point agrees on NUL-terminated text. */
      if (strlen (nul_terminated) == size)
        {
          copy = pdg_gs1_parse (nul_terminated, options, &error);
          if (copy == NULL)
            die ("pdg_gs1_parse() disagrees with pdg_gs1_parse_into()", nul_terminated);
          assert_same (&code, copy, nul_terminated);
          pdg_gs1_code_free (copy);
        }
    }
  return 0;
}
