/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PDG_GS1_ERROR (pdg_gs1_error_quark ())

typedef enum
{
  PDG_GS1_ERROR_SYNTAX,       /* not a GS1 code, a misplaced separator, a malformed link */
  PDG_GS1_ERROR_UNKNOWN_AI,   /* an application identifier Pedigree does not know */
  PDG_GS1_ERROR_LENGTH,       /* a value (or the whole code) too short or too long */
  PDG_GS1_ERROR_CHARSET,      /* a character the AI does not allow */
  PDG_GS1_ERROR_CHECK_DIGIT,  /* a GTIN, SSCC, GLN ... whose check digit is wrong */
  PDG_GS1_ERROR_DATE,         /* no such month, day or time */
  PDG_GS1_ERROR_VALUE,        /* any other impossible value (piece 3 of 2 ...) */
  PDG_GS1_ERROR_PAIRING,      /* an AI without the AI it needs, or with one it excludes */
  PDG_GS1_ERROR_CONFLICT,     /* the same AI twice with different values */
} PdgGs1Error;

/* What the scanner said it read (the AIM symbology identifier, e.g. "]d2"). */
typedef enum
{
  PDG_GS1_SYMBOLOGY_NONE,         /* no identifier: typed, pasted, or a scanner that sends none */
  PDG_GS1_SYMBOLOGY_GS1_128,      /* ]C1 */
  PDG_GS1_SYMBOLOGY_DATABAR,      /* ]e0 */
  PDG_GS1_SYMBOLOGY_DATAMATRIX,   /* ]d2 */
  PDG_GS1_SYMBOLOGY_QR,           /* ]Q3 */
  PDG_GS1_SYMBOLOGY_DOTCODE,      /* ]J1 */
  PDG_GS1_SYMBOLOGY_QR_LINK,      /* ]Q1: a plain QR Code holding a Digital Link */
  PDG_GS1_SYMBOLOGY_DATAMATRIX_LINK, /* ]d1: a plain Data Matrix holding a Digital Link */
} PdgGs1Symbology;

typedef enum
{
  PDG_GS1_FORM_SCAN,          /* raw element string: AIs and values, FNC1 as GS (ASCII 29) */
  PDG_GS1_FORM_BRACKETED,     /* human readable: (01)09506000134352(10)ABC */
  PDG_GS1_FORM_DIGITAL_LINK,  /* https://host/01/09506000134352/10/ABC?17=261231 */
} PdgGs1Form;

/* The longest input read, in bytes, and the most elements in one code. */
#define PDG_GS1_MAX_LENGTH   512
#define PDG_GS1_MAX_ELEMENTS 64

/* One element string: an AI and its value. */
typedef struct
{
  char    ai[5];    /* "01", "3103": 2 to 4 digits, NUL-terminated */
  guint8  length;   /* of the value, in bytes */
  guint16 offset;   /* where the value starts in PdgGs1Code.data; NUL-terminated there */
} PdgGs1Element;

/* A parsed, validated GS1 code. A plain value without pointers: it can be
 * declared on the stack, reused for many parses (pdg_gs1_parse_into()) and
 * copied with `=`. Absent text fields are empty strings. */
typedef struct
{
  PdgGs1Symbology symbology;
  PdgGs1Form      form;

  /* Every element, in input order; an AI repeated with the same value
   * appears once. Read a value with pdg_gs1_code_get_value(). */
  guint           n_elements;
  PdgGs1Element   elements[PDG_GS1_MAX_ELEMENTS];

  /* Mapped to Pedigree's model. */
  char            gtin[15];        /* AI (01), 14 digits (GTIN-8/12/13 padded) */
  char            batch[21];       /* AI (10) */
  char            serial[21];      /* AI (21) */
  char            expiry[11];      /* AI (17) as YYYY-MM-DD; day 00 is the month's last day */
  char            production[11];  /* AI (11) as YYYY-MM-DD */
  gboolean        has_quantity;
  double          quantity;        /* AI (37) or (30) in "pcs"; else AI (310n) in "kg" */
  const char     *uom;             /* static: "pcs" or "kg"; NULL without a quantity */

  /* Private: the values, each NUL-terminated. */
  guint16         data_len;
  char            data[PDG_GS1_MAX_LENGTH + PDG_GS1_MAX_ELEMENTS + 32];
} PdgGs1Code;

/* How to read. All zero (or a NULL pointer) means the defaults. */
typedef struct
{
  char      fnc1_substitute;  /* a printable character that stands for FNC1 in scan data
                               * (keyboard-wedge scanners often send '~'); '\0' for none */
  int       reference_year;   /* two-digit years are read within 49 years before and 50
                               * after this year; 0 for the current year (UTC) */
  gboolean  partial;          /* the code is one of several barcodes on a label: do not
                               * require the AIs that must accompany its AIs (AIs that
                               * must not be together are still refused) */
} PdgGs1Options;

GQuark        pdg_gs1_error_quark        (void);

PdgGs1Code   *pdg_gs1_parse              (const char          *text,
                                          const PdgGs1Options *options,
                                          GError             **error);
gboolean      pdg_gs1_parse_into         (PdgGs1Code          *code,
                                          const char          *text,
                                          gssize               length,
                                          const PdgGs1Options *options,
                                          GError             **error);
void          pdg_gs1_code_free          (PdgGs1Code          *code);

const char   *pdg_gs1_code_get_value     (const PdgGs1Code    *code,
                                          guint                index);
const char   *pdg_gs1_code_lookup        (const PdgGs1Code    *code,
                                          const char          *ai);
gboolean      pdg_gs1_code_get_number    (const PdgGs1Code    *code,
                                          guint                index,
                                          double              *number);
char         *pdg_gs1_format_bracketed   (const PdgGs1Code    *code);

gboolean      pdg_gs1_check_digit_valid  (const char          *digits);
gboolean      pdg_gs1_looks_like_code    (const char          *text);
const char   *pdg_gs1_ai_name            (const char          *ai);
const char   *pdg_gs1_symbology_to_string (PdgGs1Symbology     symbology);
const char   *pdg_gs1_form_to_string     (PdgGs1Form           form);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdgGs1Code, pdg_gs1_code_free)

G_END_DECLS
