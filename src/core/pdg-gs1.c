/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-gs1.c: GS1 codes as scanners and people give them, read and checked.
 *
 * Three forms come in: raw scan data (optionally after an AIM symbology
 * identifier such as "]d2", FNC1 as the GS character), bracketed element
 * strings "(01)…(10)…", and GS1 Digital Link URIs. All three end up as the
 * same list of elements (AI + value) in a PdgGs1Code, are checked against
 * the AI table below (length, character set, check digit, date, the AIs an
 * AI needs or excludes) and mapped to Pedigree's fields.
 *
 * The one idea: a parse allocates nothing while it succeeds. Values are
 * copied into the code's own buffer and the elements are offsets into it;
 * an AI is found through a 10,000-entry index built once from the table, so
 * a scanner loop can reuse one PdgGs1Code (pdg_gs1_parse_into()) at millions
 * of codes per second. Only errors allocate (their message). */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pdg-gs1.h"

G_DEFINE_QUARK (pdg-gs1-error-quark, pdg_gs1_error)

/* ---------------------------------------------------------------------------
 * Characters
 * ------------------------------------------------------------------------ */

enum
{
  C_DIGIT = 1 << 0,
  C_82    = 1 << 1,   /* GS1 AI encodable character set 82 */
  C_39    = 1 << 2,   /* GS1 AI encodable character set 39 */
};

#define C_PUNCT_82(c) [c] = C_82

static const guint8 char_class[256] = {
  ['0' ... '9'] = C_DIGIT | C_82 | C_39,
  ['A' ... 'Z'] = C_82 | C_39,
  ['a' ... 'z'] = C_82,
  ['#'] = C_39,
  ['-'] = C_82 | C_39,
  ['/'] = C_82 | C_39,
  C_PUNCT_82 ('!'), C_PUNCT_82 ('"'), C_PUNCT_82 ('%'), C_PUNCT_82 ('&'),
  C_PUNCT_82 ('\''), C_PUNCT_82 ('('), C_PUNCT_82 (')'), C_PUNCT_82 ('*'),
  C_PUNCT_82 ('+'), C_PUNCT_82 (','), C_PUNCT_82 ('.'), C_PUNCT_82 (':'),
  C_PUNCT_82 (';'), C_PUNCT_82 ('<'), C_PUNCT_82 ('='), C_PUNCT_82 ('>'),
  C_PUNCT_82 ('?'), C_PUNCT_82 ('_'),
};

#define IS_DIGIT(c) ((char_class[(guint8) (c)] & C_DIGIT) != 0)
#define GS '\x1d'

/* ---------------------------------------------------------------------------
 * The AI table
 *
 * After the GS1 General Specifications (the formats of the AIs, the AIs of
 * predefined length that need no FNC1 after them, the AIs that must or must
 * not go together) and the GS1 Barcode Syntax Dictionary. A family such as
 * 3100-3105 (net weight, the last digit says how many decimals) is one entry.
 * ------------------------------------------------------------------------ */

enum
{
  S_NONE,
  S_00, S_01, S_02, S_10, S_11, S_12, S_13, S_15, S_16, S_17, S_20, S_21, S_22,
  S_235, S_240, S_241, S_250, S_251, S_253, S_254, S_255,
  S_30,
  S_3100, S_3110, S_3120, S_3130, S_3140, S_3150, S_3160,
  S_3200, S_3210, S_3220, S_3230, S_3240, S_3250, S_3260, S_3270, S_3280, S_3290,
  S_3300, S_3310, S_3320, S_3330, S_3340, S_3350, S_3360, S_3370,
  S_3400, S_3410, S_3420, S_3430, S_3440, S_3450, S_3460, S_3470, S_3480, S_3490,
  S_3500, S_3510, S_3520, S_3530, S_3540, S_3550, S_3560, S_3570,
  S_3600, S_3610, S_3620, S_3630, S_3640, S_3650, S_3660, S_3670, S_3680, S_3690,
  S_37,
  S_3900, S_3910, S_3920, S_3930,
  S_400, S_401, S_402, S_403,
  S_410, S_411, S_412, S_413, S_414, S_415, S_416, S_417,
  S_420, S_421, S_422,
  S_7003, S_7240,
  S_8003, S_8004, S_8006, S_8010, S_8011, S_8020,
  S_90, S_91,
  N_SPECS
};

/* In a req list: any trade measure, 31nn, 32nn, 35nn or 36nn. */
#define M3X 0xff

enum
{
  CSET_82,
  CSET_39,
};

enum
{
  KIND_PLAIN,
  KIND_DATE,            /* YYMMDD, DD may be 00 */
  KIND_DATE_TIME,       /* YYMMDDHHMM */
  KIND_DECIMAL,         /* N6, the AI's last digit says how many decimals */
  KIND_AMOUNT,          /* N..15, likewise */
  KIND_CURRENCY_AMOUNT, /* N3 ISO 4217 currency + N..15, likewise */
  KIND_COUNT,           /* a whole number */
  KIND_GRAI,            /* 0 + N13 with check digit + X..16 */
  KIND_PIECES,          /* N14 GTIN + N2 piece + N2 total */
  KIND_NO_ZERO_PREFIX,  /* no leading 0 */
};

enum
{
  F_PREDEF = 1 << 0,  /* predefined length: needs no FNC1 after it */
  F_KEY    = 1 << 1,  /* a primary key of a Digital Link */
  F_M3X    = 1 << 2,  /* a trade measure, 31nn 32nn 35nn 36nn */
  F_NUMBER = 1 << 3,  /* has a numeric meaning (pdg_gs1_code_get_number()) */
};

typedef struct
{
  guint16     first;      /* the AI, or the first of a family (3100) */
  guint16     last;       /* the last of the family (3105); first when alone */
  guint8      digits;     /* length of the AI: 2, 3 or 4 */
  guint8      min;        /* length of the value */
  guint8      max;
  guint8      numeric;    /* how many leading characters must be digits */
  guint8      cset;       /* the characters after those: CSET_82 or CSET_39 */
  guint8      check_at;   /* a GS1 check digit closes value[check_at, check_at + check_len) */
  guint8      check_len;  /* 0: no check digit */
  guint8      kind;       /* KIND_* */
  guint8      flags;      /* F_* */
  guint8      req[5];     /* needs one of these (S_*, M3X; 0-terminated) */
  guint8      req2[3];    /* ... and one of these */
  guint8      ex[6];      /* must not be with any of these */
  const char *name;       /* for people, in the middle of a sentence */
} AiSpec;

#define AI(a, d)       .first = a, .last = a, .digits = d
#define NUM(n)         .min = n, .max = n, .numeric = n
#define NUMV(lo, hi)   .min = lo, .max = hi, .numeric = hi
#define TEXT(hi)       .min = 1, .max = hi, .cset = CSET_82
#define CHECK(at, len) .check_at = at, .check_len = len
#define TRADE          .req = { S_01, S_02, S_8006 }
#define DATE(a, text)                                                                \
  [S_##a] = { AI (a, 2), NUM (6), .kind = KIND_DATE, .flags = F_PREDEF, TRADE, .name = text }
#define GLN(a, more, text)                                                           \
  [S_##a] = { AI (a, 3), NUM (13), CHECK (0, 13), .flags = F_PREDEF | more, .name = text }
#define MEASURE(a, r1, r2, more, text)                                               \
  [S_##a] = { .first = a, .last = a + 5, .digits = 4, NUM (6), .kind = KIND_DECIMAL, \
              .flags = F_PREDEF | F_NUMBER | more, .req = { r1, r2 }, .name = text }

static const AiSpec specs[N_SPECS] = {
  [S_00] = { AI (0, 2), NUM (18), CHECK (0, 18), .flags = F_PREDEF | F_KEY, .name = N_("SSCC") },
  [S_01] = { AI (1, 2), NUM (14), CHECK (0, 14), .flags = F_PREDEF | F_KEY,
             .ex = { S_02, S_255, S_37 }, .name = N_("GTIN") },
  [S_02] = { AI (2, 2), NUM (14), CHECK (0, 14), .flags = F_PREDEF, .req = { S_37 },
             .name = N_("GTIN of contained items") },
  [S_10] = { AI (10, 2), TEXT (20), TRADE, .name = N_("batch") },
  DATE (11, N_("production date")),
  [S_12] = { AI (12, 2), NUM (6), .kind = KIND_DATE, .flags = F_PREDEF, .req = { S_8020 },
             .name = N_("due date") },
  DATE (13, N_("packaging date")),
  DATE (15, N_("best-before date")),
  DATE (16, N_("sell-by date")),
  [S_17] = { AI (17, 2), NUM (6), .kind = KIND_DATE, .flags = F_PREDEF,
             .req = { S_01, S_02, S_255, S_8006 }, .name = N_("expiry date") },
  [S_20] = { AI (20, 2), NUM (2), .flags = F_PREDEF, TRADE, .name = N_("internal product variant") },
  [S_21] = { AI (21, 2), TEXT (20), .req = { S_01, S_8006 }, .ex = { S_235 },
             .name = N_("serial number") },
  [S_22] = { AI (22, 2), TEXT (20), .req = { S_01 }, .name = N_("consumer product variant") },
  [S_235] = { AI (235, 3), TEXT (28), .req = { S_01 }, .name = N_("third-party serial number") },
  [S_240] = { AI (240, 3), TEXT (30), TRADE, .name = N_("additional product ID") },
  [S_241] = { AI (241, 3), TEXT (30), TRADE, .name = N_("customer part number") },
  [S_250] = { AI (250, 3), TEXT (30), .req = { S_01, S_8006 }, .req2 = { S_21 },
              .name = N_("secondary serial number") },
  [S_251] = { AI (251, 3), TEXT (30), .req = { S_01, S_8006 }, .name = N_("reference to source entity") },
  [S_253] = { AI (253, 3), .min = 13, .max = 30, .numeric = 13, CHECK (0, 13), .flags = F_KEY,
              .name = N_("document type (GDTI)") },
  [S_254] = { AI (254, 3), TEXT (20), .req = { S_414 }, .name = N_("GLN extension") },
  [S_255] = { AI (255, 3), NUMV (13, 25), CHECK (0, 13), .flags = F_KEY,
              .ex = { S_01, S_02, S_415, S_8006, S_8020 }, .name = N_("coupon number (GCN)") },
  [S_30] = { AI (30, 2), NUMV (1, 8), .kind = KIND_COUNT, .flags = F_NUMBER, .req = { S_01, S_02 },
             .name = N_("count of items") },

  MEASURE (3100, S_01, S_02, F_M3X, N_("net weight (kg)")),
  MEASURE (3110, S_01, S_02, F_M3X, N_("length (m)")),
  MEASURE (3120, S_01, S_02, F_M3X, N_("width (m)")),
  MEASURE (3130, S_01, S_02, F_M3X, N_("height (m)")),
  MEASURE (3140, S_01, S_02, F_M3X, N_("area (m²)")),
  MEASURE (3150, S_01, S_02, F_M3X, N_("net volume (l)")),
  MEASURE (3160, S_01, S_02, F_M3X, N_("net volume (m³)")),
  MEASURE (3200, S_01, S_02, F_M3X, N_("net weight (lb)")),
  MEASURE (3210, S_01, S_02, F_M3X, N_("length (in)")),
  MEASURE (3220, S_01, S_02, F_M3X, N_("length (ft)")),
  MEASURE (3230, S_01, S_02, F_M3X, N_("length (yd)")),
  MEASURE (3240, S_01, S_02, F_M3X, N_("width (in)")),
  MEASURE (3250, S_01, S_02, F_M3X, N_("width (ft)")),
  MEASURE (3260, S_01, S_02, F_M3X, N_("width (yd)")),
  MEASURE (3270, S_01, S_02, F_M3X, N_("height (in)")),
  MEASURE (3280, S_01, S_02, F_M3X, N_("height (ft)")),
  MEASURE (3290, S_01, S_02, F_M3X, N_("height (yd)")),
  MEASURE (3300, S_00, S_01, 0, N_("gross weight (kg)")),
  MEASURE (3310, S_00, S_01, 0, N_("logistic length (m)")),
  MEASURE (3320, S_00, S_01, 0, N_("logistic width (m)")),
  MEASURE (3330, S_00, S_01, 0, N_("logistic height (m)")),
  MEASURE (3340, S_00, S_01, 0, N_("logistic area (m²)")),
  MEASURE (3350, S_00, S_01, 0, N_("logistic volume (l)")),
  MEASURE (3360, S_00, S_01, 0, N_("logistic volume (m³)")),
  MEASURE (3370, S_01, 0, 0, N_("kilograms per square metre")),
  MEASURE (3400, S_00, S_01, 0, N_("gross weight (lb)")),
  MEASURE (3410, S_00, S_01, 0, N_("logistic length (in)")),
  MEASURE (3420, S_00, S_01, 0, N_("logistic length (ft)")),
  MEASURE (3430, S_00, S_01, 0, N_("logistic length (yd)")),
  MEASURE (3440, S_00, S_01, 0, N_("logistic width (in)")),
  MEASURE (3450, S_00, S_01, 0, N_("logistic width (ft)")),
  MEASURE (3460, S_00, S_01, 0, N_("logistic width (yd)")),
  MEASURE (3470, S_00, S_01, 0, N_("logistic height (in)")),
  MEASURE (3480, S_00, S_01, 0, N_("logistic height (ft)")),
  MEASURE (3490, S_00, S_01, 0, N_("logistic height (yd)")),
  MEASURE (3500, S_01, S_02, F_M3X, N_("area (in²)")),
  MEASURE (3510, S_01, S_02, F_M3X, N_("area (ft²)")),
  MEASURE (3520, S_01, S_02, F_M3X, N_("area (yd²)")),
  MEASURE (3530, S_00, S_01, F_M3X, N_("logistic area (in²)")),
  MEASURE (3540, S_00, S_01, F_M3X, N_("logistic area (ft²)")),
  MEASURE (3550, S_00, S_01, F_M3X, N_("logistic area (yd²)")),
  MEASURE (3560, S_01, S_02, F_M3X, N_("net weight (troy oz)")),
  MEASURE (3570, S_01, S_02, F_M3X, N_("net volume (oz)")),
  MEASURE (3600, S_01, S_02, F_M3X, N_("net volume (qt)")),
  MEASURE (3610, S_01, S_02, F_M3X, N_("net volume (gal)")),
  MEASURE (3620, S_00, S_01, F_M3X, N_("logistic volume (qt)")),
  MEASURE (3630, S_00, S_01, F_M3X, N_("logistic volume (gal)")),
  MEASURE (3640, S_01, S_02, F_M3X, N_("net volume (in³)")),
  MEASURE (3650, S_01, S_02, F_M3X, N_("net volume (ft³)")),
  MEASURE (3660, S_01, S_02, F_M3X, N_("net volume (yd³)")),
  MEASURE (3670, S_00, S_01, F_M3X, N_("logistic volume (in³)")),
  MEASURE (3680, S_00, S_01, F_M3X, N_("logistic volume (ft³)")),
  MEASURE (3690, S_00, S_01, F_M3X, N_("logistic volume (yd³)")),

  [S_37] = { AI (37, 2), NUMV (1, 8), .kind = KIND_COUNT, .flags = F_NUMBER, .req = { S_00 },
             .req2 = { S_02 }, .name = N_("count of trade items") },
  [S_3900] = { .first = 3900, .last = 3909, .digits = 4, NUMV (1, 15), .kind = KIND_AMOUNT,
               .flags = F_NUMBER, .req = { S_255, S_8020 }, .ex = { S_3910 },
               .name = N_("amount payable") },
  [S_3910] = { .first = 3910, .last = 3919, .digits = 4, NUMV (4, 18), .kind = KIND_CURRENCY_AMOUNT,
               .flags = F_NUMBER, .req = { S_8020 }, .name = N_("amount payable with currency") },
  [S_3920] = { .first = 3920, .last = 3929, .digits = 4, NUMV (1, 15), .kind = KIND_AMOUNT,
               .flags = F_NUMBER, .req = { S_01 }, .req2 = { S_30, M3X }, .ex = { S_3930 },
               .name = N_("price") },
  [S_3930] = { .first = 3930, .last = 3939, .digits = 4, NUMV (4, 18), .kind = KIND_CURRENCY_AMOUNT,
               .flags = F_NUMBER, .req = { S_30, M3X }, .name = N_("price with currency") },

  [S_400] = { AI (400, 3), TEXT (30), .name = N_("customer purchase order number") },
  [S_401] = { AI (401, 3), TEXT (30), .flags = F_KEY, .name = N_("consignment number (GINC)") },
  [S_402] = { AI (402, 3), NUM (17), CHECK (0, 17), .flags = F_KEY,
              .name = N_("shipment number (GSIN)") },
  [S_403] = { AI (403, 3), TEXT (30), .req = { S_00 }, .name = N_("routing code") },
  GLN (410, 0, N_("ship-to GLN")),
  GLN (411, 0, N_("bill-to GLN")),
  GLN (412, 0, N_("purchased-from GLN")),
  GLN (413, 0, N_("ship-for GLN")),
  GLN (414, F_KEY, N_("location GLN")),
  [S_415] = { AI (415, 3), NUM (13), CHECK (0, 13), .flags = F_PREDEF | F_KEY, .req = { S_8020 },
              .name = N_("pay-to GLN") },
  GLN (416, 0, N_("production or service location GLN")),
  GLN (417, F_KEY, N_("party GLN")),
  [S_420] = { AI (420, 3), TEXT (20), .ex = { S_421 }, .name = N_("ship-to postal code") },
  [S_421] = { AI (421, 3), .min = 4, .max = 12, .numeric = 3, .name = N_("ship-to postal code with country") },
  [S_422] = { AI (422, 3), NUM (3), TRADE, .name = N_("country of origin") },

  [S_7003] = { AI (7003, 4), NUM (10), .kind = KIND_DATE_TIME, .req = { S_01, S_02 },
               .name = N_("expiry date and time") },
  [S_7240] = { AI (7240, 4), TEXT (20), .req = { S_01, S_8006 }, .name = N_("protocol ID") },
  [S_8003] = { AI (8003, 4), .min = 14, .max = 30, .numeric = 14, CHECK (1, 13), .kind = KIND_GRAI,
               .flags = F_KEY, .name = N_("returnable asset (GRAI)") },
  [S_8004] = { AI (8004, 4), TEXT (30), .flags = F_KEY, .name = N_("individual asset (GIAI)") },
  [S_8006] = { AI (8006, 4), NUM (18), CHECK (0, 14), .kind = KIND_PIECES, .flags = F_KEY,
               .ex = { S_01, S_37 }, .name = N_("piece of a trade item (ITIP)") },
  [S_8010] = { AI (8010, 4), .min = 1, .max = 30, .cset = CSET_39, .flags = F_KEY,
               .name = N_("component or part (CPID)") },
  [S_8011] = { AI (8011, 4), NUMV (1, 12), .kind = KIND_NO_ZERO_PREFIX, .req = { S_8010 },
               .name = N_("CPID serial number") },
  [S_8020] = { AI (8020, 4), TEXT (25), .req = { S_415 }, .name = N_("payment slip reference") },
  [S_90] = { AI (90, 2), TEXT (30), .name = N_("information agreed between partners") },
  [S_91] = { .first = 91, .last = 99, .digits = 2, TEXT (90), .name = N_("company internal information") },
};

/* The numeric AI (1 for "01", 3103 for "3103") to its S_* entry, and the
 * first two digits of an AI to its length. AIs of different lengths never
 * share a number: no 3- or 4-digit AI starts with 0. Built once. */
static guint8 ai_index[10000];
static guint8 prefix_digits[100];

static void
ensure_index (void)
{
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      for (guint s = 1; s < N_SPECS; s++)
        {
          const AiSpec *spec = &specs[s];
          guint scale = spec->digits == 2 ? 1 : spec->digits == 3 ? 10 : 100;

          g_assert (spec->digits >= 2 && spec->name != NULL);
          for (guint ai = spec->first; ai <= spec->last; ai++)
            {
              ai_index[ai] = (guint8) s;
              prefix_digits[ai / scale] = spec->digits;
            }
        }
      g_once_init_leave (&ready, 1);
    }
}

/* The S_* entry of an AI written as text, or S_NONE. */
static guint
spec_of_text (const char *ai,
              gsize       len)
{
  guint n = 0;

  if (len < 2 || len > 4)
    return S_NONE;
  for (gsize i = 0; i < len; i++)
    {
      if (!IS_DIGIT (ai[i]))
        return S_NONE;
      n = n * 10 + (guint) (ai[i] - '0');
    }
  if (prefix_digits[(ai[0] - '0') * 10 + (ai[1] - '0')] != len)
    return S_NONE;
  return ai_index[n];
}

/* Digital Link key qualifiers, in the order they must come after their key. */
static const guint8 *
key_qualifiers (guint key,
                guint alternative)
{
  static const guint8 gtin[] = { S_22, S_10, S_21, 0 };
  static const guint8 tpx[] = { S_235, 0 };
  static const guint8 gln_ext[] = { S_254, 0 };
  static const guint8 pay_to[] = { S_8020, 0 };
  static const guint8 cpid[] = { S_8011, 0 };

  switch (key)
    {
    case S_01:
      return alternative == 0 ? gtin : alternative == 1 ? tpx : NULL;
    case S_8006:
      return alternative == 0 ? gtin : NULL;
    case S_414:
      return alternative == 0 ? gln_ext : NULL;
    case S_415:
      return alternative == 0 ? pay_to : NULL;
    case S_8010:
      return alternative == 0 ? cpid : NULL;
    default:
      return NULL;
    }
}

/* ---------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------ */

static guint
digits_value (const char *p,
              guint       n)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    v = v * 10 + (guint) (p[i] - '0');
  return v;
}

/* The GS1 check digit of the n digits at p (weights 3, 1, 3 … from the right). */
static char
check_digit_of (const char *p,
                gsize       n)
{
  guint sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (guint) (p[n - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
  return (char) ('0' + (10 - sum % 10) % 10);
}

/**
 * pdg_gs1_check_digit_valid:
 * @digits: a GTIN, SSCC, GLN … with its check digit last
 *
 * Returns: whether @digits are at least two ASCII digits and the last one is
 * the GS1 (mod 10) check digit of the others.
 */
gboolean
pdg_gs1_check_digit_valid (const char *digits)
{
  gsize len;

  g_return_val_if_fail (digits != NULL, FALSE);

  len = strlen (digits);
  if (len < 2)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!IS_DIGIT (digits[i]))
      return FALSE;
  return check_digit_of (digits, len - 1) == digits[len - 1];
}

/* The current year (UTC), without allocating. The last answer is kept with
 * the day it was computed on, packed in one word so threads can share it. */
static int
current_year (void)
{
  static gint64 cache = 0;  /* day << 16 | year */
  gint64 day = g_get_real_time () / G_USEC_PER_SEC / 86400;
  gint64 cached = __atomic_load_n (&cache, __ATOMIC_RELAXED);
  GDate date;
  int year;

  if (cached >> 16 == day && cached != 0)
    return (int) (cached & 0xffff);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (day + 719163));  /* 1970-01-01 */
  year = g_date_get_year (&date);
  __atomic_store_n (&cache, day << 16 | year, __ATOMIC_RELAXED);
  return year;
}

/* A two-digit year in the window of 49 years before to 50 after @reference. */
static int
full_year (guint yy,
           int   reference)
{
  int century = reference - reference % 100;
  int diff = (int) yy - reference % 100;

  if (diff >= 51)
    century -= 100;
  else if (diff <= -50)
    century += 100;
  return century + (int) yy;
}

static guint
days_in_month (int   year,
               guint month)
{
  static const guint8 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
    return 29;
  return days[month - 1];
}

static void
write_iso_date (char buf[11],
                int  year,
                guint month,
                guint day)
{
  buf[0] = (char) ('0' + year / 1000 % 10);
  buf[1] = (char) ('0' + year / 100 % 10);
  buf[2] = (char) ('0' + year / 10 % 10);
  buf[3] = (char) ('0' + year % 10);
  buf[4] = '-';
  buf[5] = (char) ('0' + month / 10);
  buf[6] = (char) ('0' + month % 10);
  buf[7] = '-';
  buf[8] = (char) ('0' + day / 10);
  buf[9] = (char) ('0' + day % 10);
  buf[10] = '\0';
}

static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
};

/* The number a value means; spec has F_NUMBER. */
static double
number_of (const AiSpec *spec,
           const char   *ai,
           const char   *value,
           guint         len)
{
  guint decimals = 0;
  guint skip = 0;
  double n = 0;

  if (spec->kind == KIND_DECIMAL || spec->kind == KIND_AMOUNT || spec->kind == KIND_CURRENCY_AMOUNT)
    decimals = (guint) (ai[3] - '0');
  if (spec->kind == KIND_CURRENCY_AMOUNT)
    skip = 3;
  for (guint i = skip; i < len; i++)
    n = n * 10 + (value[i] - '0');
  return n / powers_of_ten[decimals];
}

/* A character for a message: “A”, or what it is when it cannot be shown. */
static char *
describe_char (char c)
{
  if (c == GS)
    return g_strdup (_("an FNC1 separator (GS)"));
  if (c > 0x20 && c < 0x7f)
    return g_strdup_printf ("“%c”", c);
  if (c == ' ')
    return g_strdup (_("a space"));
  return g_strdup_printf (_("the byte 0x%02X"), (guint) (guint8) c);
}

/* "(01)", "(391n)": an entry as people see it in a list. */
static void
append_spec_label (GString *s,
                   guint    id)
{
  const AiSpec *spec = &specs[id];

  if (spec->first == spec->last)
    g_string_append_printf (s, "(%0*u) %s", spec->digits, spec->first, _(spec->name));
  else
    g_string_append_printf (s, "(%0*un) %s", spec->digits - 1, spec->first / 10, _(spec->name));
}

/* ---------------------------------------------------------------------------
 * The parser
 * ------------------------------------------------------------------------ */

typedef struct
{
  PdgGs1Code          *code;
  const char          *text;      /* the input as given: positions count from here */
  const char          *end;
  const PdgGs1Options *options;
  char                 fnc1;      /* the FNC1 substitute, or GS */
  int                  year;      /* reference year; 0 until a date needs it */
  guint64              present[2];  /* S_* bits of the elements so far */
  gboolean             has_m3x;
  guint8               spec_of[PDG_GS1_MAX_ELEMENTS];  /* each element's S_* */
  GError             **error;
} Parser;

static gboolean fail (Parser     *ps,
                      PdgGs1Error code,
                      const char *format,
                      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Parser      *ps,
      PdgGs1Error  code,
      const char  *format,
      ...)
{
  va_list args;

  if (ps->error != NULL && *ps->error == NULL)
    {
      va_start (args, format);
      *ps->error = g_error_new_valist (PDG_GS1_ERROR, code, format, args);
      va_end (args);
    }
  return FALSE;
}

static guint
position (Parser     *ps,
          const char *p)
{
  return (guint) (p - ps->text) + 1;
}

static gboolean
is_present (Parser *ps,
            guint   id)
{
  if (id == M3X)
    return ps->has_m3x;
  return (ps->present[id / 64] >> (id % 64)) & 1;
}

static gboolean
is_fnc1 (Parser *ps,
         char    c)
{
  return c == GS || c == ps->fnc1;
}

/* Room for len more bytes and a NUL in the code's buffer. */
static gboolean
reserve (Parser *ps,
         gsize   len)
{
  if (ps->code->data_len + len + 1 > sizeof ps->code->data)
    return fail (ps, PDG_GS1_ERROR_LENGTH, _("The code is too long for Pedigree to read."));
  return TRUE;
}

static gboolean
check_date (Parser     *ps,
            const char *ai,
            const char *name,
            const char *value,
            gboolean    day_zero_ok,
            char        iso[11])
{
  guint yy = digits_value (value, 2);
  guint mm = digits_value (value + 2, 2);
  guint dd = digits_value (value + 4, 2);
  guint days;
  int year;

  if (mm < 1 || mm > 12)
    return fail (ps, PDG_GS1_ERROR_DATE, _("AI (%s) %s %.6s: there is no month %02u."),
                 ai, _(name), value, mm);
  if (ps->year == 0)
    ps->year = ps->options->reference_year > 0 ? ps->options->reference_year : current_year ();
  year = full_year (yy, ps->year);
  days = days_in_month (year, mm);
  if (dd == 0 && !day_zero_ok)
    return fail (ps, PDG_GS1_ERROR_DATE, _("AI (%s) %s %.6s: day 00 is not allowed here."),
                 ai, _(name), value);
  if (dd > days)
    return fail (ps, PDG_GS1_ERROR_DATE, _("AI (%s) %s %.6s: %04d-%02u has only %u days."),
                 ai, _(name), value, year, mm, days);
  if (iso != NULL)
    write_iso_date (iso, year, mm, dd == 0 ? days : dd);
  return TRUE;
}

static gboolean
fail_charset (Parser       *ps,
              const AiSpec *spec,
              const char   *ai,
              char          c,
              gboolean      in_digits)
{
  g_autofree char *what = describe_char (c);
  const char *name = _(spec->name);

  if (in_digits && spec->numeric >= spec->max)
    return fail (ps, PDG_GS1_ERROR_CHARSET, _("AI (%s) %s may only contain digits, but it contains %s."),
                 ai, name, what);
  if (in_digits)
    return fail (ps, PDG_GS1_ERROR_CHARSET, _("AI (%s) %s must start with %u digits, but it contains %s."),
                 ai, name, (guint) spec->numeric, what);
  if (spec->cset == CSET_39)
    return fail (ps, PDG_GS1_ERROR_CHARSET, _("AI (%s) %s contains %s; only A–Z, 0–9, #, - and / are allowed."),
                 ai, name, what);
  return fail (ps, PDG_GS1_ERROR_CHARSET, _("AI (%s) %s contains %s, which a GS1 barcode cannot carry there."),
               ai, name, what);
}

/* Everything about one value on its own: length, characters, check digit,
 * date. value is NUL-terminated in the code's buffer. */
static gboolean
check_value (Parser       *ps,
             const AiSpec *spec,
             const char   *ai,
             const char   *value,
             guint         len)
{
  const char *name = spec->name;
  gboolean all_digits = spec->numeric >= spec->max;

  if (len == 0)
    return fail (ps, PDG_GS1_ERROR_LENGTH, _("AI (%s) %s is empty."), ai, _(name));
  if (spec->min == spec->max && len != spec->min)
    {
      gboolean digits = all_digits;

      for (guint i = 0; digits && i < len; i++)
        digits = IS_DIGIT (value[i]);
      if (digits)
        return fail (ps, PDG_GS1_ERROR_LENGTH,
                     ngettext ("AI (%s) %s has %u digit; it needs %u.",
                               "AI (%s) %s has %u digits; it needs %u.", len),
                     ai, _(name), len, (guint) spec->min);
      return fail (ps, PDG_GS1_ERROR_LENGTH,
                   ngettext ("AI (%s) %s has %u character; it needs %u.",
                             "AI (%s) %s has %u characters; it needs %u.", len),
                   ai, _(name), len, (guint) spec->min);
    }
  if (len > spec->max)
    {
      if (all_digits)
        return fail (ps, PDG_GS1_ERROR_LENGTH, _("AI (%s) %s is longer than %u digits."),
                     ai, _(name), (guint) spec->max);
      return fail (ps, PDG_GS1_ERROR_LENGTH, _("AI (%s) %s is longer than %u characters."),
                   ai, _(name), (guint) spec->max);
    }
  if (len < spec->min)
    return fail (ps, PDG_GS1_ERROR_LENGTH, _("AI (%s) %s is shorter than %u characters."),
                 ai, _(name), (guint) spec->min);

  {
    guint numeric = MIN (spec->numeric, len);
    guint8 rest = spec->cset == CSET_39 ? C_39 : C_82;

    for (guint i = 0; i < numeric; i++)
      if (!(char_class[(guint8) value[i]] & C_DIGIT))
        return fail_charset (ps, spec, ai, value[i], TRUE);
    for (guint i = numeric; i < len; i++)
      if (!(char_class[(guint8) value[i]] & rest))
        return fail_charset (ps, spec, ai, value[i], FALSE);
  }

  if (spec->check_len > 0)
    {
      const char *digits = value + spec->check_at;
      char want = check_digit_of (digits, spec->check_len - 1u);

      if (digits[spec->check_len - 1] != want)
        return fail (ps, PDG_GS1_ERROR_CHECK_DIGIT, _("AI (%s) %s %.*s: the check digit should be %c."),
                     ai, _(name), (int) (spec->check_at + spec->check_len), value, want);
    }

  switch (spec->kind)
    {
    case KIND_DATE:
      return check_date (ps, ai, name, value, TRUE, NULL);

    case KIND_DATE_TIME:
      if (!check_date (ps, ai, name, value, FALSE, NULL))
        return FALSE;
      if (digits_value (value + 6, 2) > 23 || digits_value (value + 8, 2) > 59)
        return fail (ps, PDG_GS1_ERROR_DATE, _("AI (%s) %s %s: %.2s:%.2s is not a time of day."),
                     ai, _(name), value, value + 6, value + 8);
      return TRUE;

    case KIND_GRAI:
      if (value[0] != '0')
        return fail (ps, PDG_GS1_ERROR_VALUE, _("AI (%s) %s %s must start with 0."), ai, _(name), value);
      return TRUE;

    case KIND_PIECES:
      {
        guint piece = digits_value (value + 14, 2);
        guint total = digits_value (value + 16, 2);

        if (piece == 0 || total == 0 || piece > total)
          return fail (ps, PDG_GS1_ERROR_VALUE, _("AI (%s) %s %s: piece %u of %u is not possible."),
                       ai, _(name), value, piece, total);
        return TRUE;
      }

    case KIND_NO_ZERO_PREFIX:
      if (len > 1 && value[0] == '0')
        return fail (ps, PDG_GS1_ERROR_VALUE, _("AI (%s) %s %s must not start with 0."),
                     ai, _(name), value);
      return TRUE;

    default:
      return TRUE;
    }
}

/* Takes the value the caller wrote at the end of the code's buffer (offset,
 * len, not yet terminated) as the element for AI ai (entry id): checks it,
 * drops it when it repeats an element, refuses it when it contradicts one. */
static gboolean
add_element (Parser     *ps,
             guint       id,
             const char *ai,
             guint       offset,
             guint       len)
{
  PdgGs1Code *code = ps->code;
  const AiSpec *spec = &specs[id];
  char *value = code->data + offset;
  PdgGs1Element *element;

  value[len] = '\0';
  code->data_len = (guint16) (offset + len + 1);
  if (!check_value (ps, spec, ai, value, len))
    return FALSE;

  if (is_present (ps, id))
    {
      for (guint i = 0; i < code->n_elements; i++)
        {
          const PdgGs1Element *other = &code->elements[i];
          const char *other_value = code->data + other->offset;

          if (ps->spec_of[i] != id)
            continue;
          if (strcmp (other->ai, ai) != 0)
            {
              /* 3102 and 3103 are one weight written twice; 91 and 92 are two things. */
              if (spec->flags & F_NUMBER)
                return fail (ps, PDG_GS1_ERROR_CONFLICT, _("AI (%s) and AI (%s) both give the %s; keep one."),
                             other->ai, ai, _(spec->name));
              continue;
            }
          if (other->length != len || memcmp (other_value, value, len) != 0)
            return fail (ps, PDG_GS1_ERROR_CONFLICT,
                         _("AI (%s) %s appears twice with different values: “%s” and “%s”."),
                         ai, _(spec->name), other_value, value);
          code->data_len = (guint16) offset;  /* the same again: keep the first */
          return TRUE;
        }
    }

  if (code->n_elements == PDG_GS1_MAX_ELEMENTS)
    return fail (ps, PDG_GS1_ERROR_LENGTH, _("The code has more than %u elements."),
                 (guint) PDG_GS1_MAX_ELEMENTS);

  element = &code->elements[code->n_elements];
  memcpy (element->ai, ai, 5);
  element->length = (guint8) len;
  element->offset = (guint16) offset;
  ps->spec_of[code->n_elements] = (guint8) id;
  code->n_elements++;
  ps->present[id / 64] |= G_GUINT64_CONSTANT (1) << (id % 64);
  if (spec->flags & F_M3X)
    ps->has_m3x = TRUE;
  return TRUE;
}

/* Reads the AI at *pp in scan data (digits, their count given by the first
 * two); on success *pp is past it. */
static guint
read_scan_ai (Parser      *ps,
              const char **pp,
              char         ai[5])
{
  const char *p = *pp;
  gsize avail = (gsize) (ps->end - p);
  guint digits;
  guint id;

  digits = prefix_digits[(p[0] - '0') * 10 + (p[1] - '0')];
  if (digits == 0)
    {
      fail (ps, PDG_GS1_ERROR_UNKNOWN_AI, _("Unknown AI (%c%c…) at character %u."),
            p[0], p[1], position (ps, p));
      return S_NONE;
    }
  for (guint i = 2; i < digits; i++)
    {
      if (i >= avail || !IS_DIGIT (p[i]))
        {
          fail (ps, PDG_GS1_ERROR_UNKNOWN_AI,
                _("Unknown AI (%.*s…) at character %u: AIs starting with %c%c have %u digits."),
                (int) i, p, position (ps, p), p[0], p[1], digits);
          return S_NONE;
        }
    }
  memcpy (ai, p, digits);
  ai[digits] = '\0';
  id = ai_index[digits_value (p, digits)];
  if (id == S_NONE)
    {
      fail (ps, PDG_GS1_ERROR_UNKNOWN_AI, _("Unknown AI (%s) at character %u."), ai, position (ps, p));
      return S_NONE;
    }
  *pp = p + digits;
  return id;
}


/* Scan data: AI value [FNC1] AI value … */
static gboolean
parse_scan (Parser     *ps,
            const char *p)
{
  PdgGs1Code *code = ps->code;
  char previous[5] = "";  /* the AI before, for messages */

  if (p == ps->end)
    return fail (ps, PDG_GS1_ERROR_SYNTAX, _("The code holds no data."));

  while (p < ps->end)
    {
      char ai[5];
      const AiSpec *spec;
      guint id;
      guint len;

      if (is_fnc1 (ps, *p))
        {
          p++;  /* leading, doubled, trailing or needless: harmless */
          continue;
        }
      if (ps->end - p < 2 || !IS_DIGIT (p[0]) || !IS_DIGIT (p[1]))
        {
          g_autofree char *what = describe_char (*p);

          if (previous[0] != '\0')
            return fail (ps, PDG_GS1_ERROR_SYNTAX, _("After AI (%s), %s at character %u does not start an AI."),
                         previous, what, position (ps, p));
          return fail (ps, PDG_GS1_ERROR_SYNTAX, _("%s at character %u does not start an AI."),
                       what, position (ps, p));
        }
      if ((id = read_scan_ai (ps, &p, ai)) == S_NONE)
        return FALSE;
      spec = &specs[id];

      if (spec->flags & F_PREDEF)
        {
          /* Predefined length: the value ends by its length, not by FNC1. */
          for (len = 0; len < spec->max && p + len < ps->end; len++)
            if (is_fnc1 (ps, p[len]))
              return fail (ps, PDG_GS1_ERROR_SYNTAX,
                           _("AI (%s) %s is cut short by an FNC1 separator after %u characters; it needs %u."),
                           ai, _(spec->name), len, (guint) spec->max);
        }
      else
        {
          for (len = 0; p + len < ps->end && !is_fnc1 (ps, p[len]); len++)
            ;
        }

      if (!reserve (ps, len))
        return FALSE;
      memcpy (code->data + code->data_len, p, len);
      if (!add_element (ps, id, ai, code->data_len, len))
        return FALSE;
      p += len;
      memcpy (previous, ai, sizeof previous);
    }
  if (code->n_elements == 0)
    return fail (ps, PDG_GS1_ERROR_SYNTAX, _("The code holds no data, only FNC1 separators."));
  return TRUE;
}

/* Up to 24 characters of untrusted text, printable ASCII only, for a message. */
static char *
describe_text (const char *p,
               gsize       len)
{
  GString *s = g_string_sized_new (32);

  for (gsize i = 0; i < len && i < 24; i++)
    g_string_append_c (s, p[i] > 0x20 && p[i] < 0x7f ? p[i] : '?');
  if (len > 24)
    g_string_append (s, "…");
  return g_string_free (s, FALSE);
}

/* Human readable: (AI)value(AI)value … A "(" inside a value is written "\(". */
static gboolean
parse_bracketed (Parser     *ps,
                 const char *p)
{
  PdgGs1Code *code = ps->code;

  while (p < ps->end)
    {
      const char *open = p;
      const char *close;
      char ai[5];
      char *out;
      guint id;
      guint len = 0;

      g_assert (*p == '(');  /* the start, or where the value before stopped */
      close = memchr (p + 1, ')', (gsize) (ps->end - p - 1));
      if (close == NULL)
        return fail (ps, PDG_GS1_ERROR_SYNTAX, _("The “(” at character %u has no “)” after its AI."),
                     position (ps, p));
      id = spec_of_text (p + 1, (gsize) (close - p - 1));
      if (id == S_NONE)
        {
          g_autofree char *what = describe_text (p + 1, (gsize) (close - p - 1));

          return fail (ps, PDG_GS1_ERROR_UNKNOWN_AI, _("Unknown AI (%s) at character %u."),
                       what, position (ps, open));
        }
      memcpy (ai, p + 1, (gsize) (close - p - 1));
      ai[close - p - 1] = '\0';

      p = close + 1;
      while (p < ps->end && *p == ' ')
        p++;
      if (!reserve (ps, (gsize) (ps->end - p)))
        return FALSE;
      out = code->data + code->data_len;
      while (p < ps->end && *p != '(')
        {
          if (*p == '\\' && p + 1 < ps->end && p[1] == '(')
            p++;
          out[len++] = *p++;
        }
      while (len > 0 && out[len - 1] == ' ')
        len--;
      if (!add_element (ps, id, ai, code->data_len, len))
        return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------
 * GS1 Digital Link
 * ------------------------------------------------------------------------ */

typedef struct
{
  const char *p;
  gsize       len;
} Span;

/* Percent-decodes a link's value for AI ai into the code's buffer and adds
 * it; a GTIN-8, -12 or -13 given as the key of a link becomes 14 digits. */
static gboolean
add_link_value (Parser     *ps,
                guint       id,
                const char *ai,
                Span        value,
                gboolean    pad_gtin)
{
  PdgGs1Code *code = ps->code;
  char *out;
  guint len = 0;

  if (!reserve (ps, MAX (value.len, 14)))
    return FALSE;
  out = code->data + code->data_len;
  for (gsize i = 0; i < value.len; i++)
    {
      if (value.p[i] != '%')
        {
          out[len++] = value.p[i];
          continue;
        }
      if (i + 2 >= value.len || !g_ascii_isxdigit (value.p[i + 1]) || !g_ascii_isxdigit (value.p[i + 2]))
        {
          g_autofree char *what = describe_text (value.p + i, MIN (value.len - i, 3));

          return fail (ps, PDG_GS1_ERROR_SYNTAX,
                       _("AI (%s) %s in the link has a broken percent-encoding: “%s” should be %% and two hex digits."),
                       ai, _(specs[id].name), what);
        }
      out[len++] = (char) (g_ascii_xdigit_value (value.p[i + 1]) * 16 + g_ascii_xdigit_value (value.p[i + 2]));
      i += 2;
    }

  if (pad_gtin && (len == 8 || len == 12 || len == 13))
    {
      guint pad = 14 - len;
      gboolean digits = TRUE;

      for (guint i = 0; i < len; i++)
        digits = digits && IS_DIGIT (out[i]);
      if (digits)
        {
          memmove (out + pad, out, len);
          memset (out, '0', pad);
          len = 14;
        }
    }
  return add_element (ps, id, ai, code->data_len, len);
}

/* The path from segment k, a primary key: key value [qualifier value]… */
static gboolean
parse_link_path (Parser     *ps,
                 const Span *segments,
                 guint       n,
                 guint       k)
{
  guint key = spec_of_text (segments[k].p, segments[k].len);
  const guint8 *sequence = NULL;
  guint next = 0;  /* how far into the sequence the qualifiers are */
  char key_ai[5];
  char previous[5];
  guint previous_id = key;

  memcpy (key_ai, segments[k].p, segments[k].len);
  key_ai[segments[k].len] = '\0';
  memcpy (previous, key_ai, sizeof previous);
  if (!add_link_value (ps, key, key_ai, segments[k + 1], key == S_01))
    return FALSE;

  for (guint j = k + 2; j < n; j += 2)
    {
      guint id;
      char ai[5];
      const guint8 *found = NULL;
      guint at = 0;

      if (segments[j].len == 0 && j == n - 1)
        break;  /* a trailing slash */
      id = spec_of_text (segments[j].p, segments[j].len);
      if (id == S_NONE)
        {
          g_autofree char *what = describe_text (segments[j].p, segments[j].len);

          return fail (ps, PDG_GS1_ERROR_SYNTAX, _("“%s” in the link’s path after AI (%s) is not an AI."),
                       what, previous);
        }
      memcpy (ai, segments[j].p, segments[j].len);
      ai[segments[j].len] = '\0';

      for (guint alternative = 0; found == NULL; alternative++)
        {
          const guint8 *qualifiers = key_qualifiers (key, alternative);

          if (qualifiers == NULL)
            break;
          for (guint q = 0; qualifiers[q] != 0; q++)
            if (qualifiers[q] == id)
              {
                found = qualifiers;
                at = q;
              }
        }
      if (found == NULL || (sequence != NULL && found != sequence))
        return fail (ps, PDG_GS1_ERROR_SYNTAX,
                     _("In the link, AI (%s) %s cannot follow AI (%s) %s in the path; give it in the query (?%s=…)."),
                     ai, _(specs[id].name), previous, _(specs[previous_id].name), ai);
      if (sequence != NULL && at + 1 == next)
        return fail (ps, PDG_GS1_ERROR_SYNTAX, _("In the link, AI (%s) %s appears twice in the path."),
                     ai, _(specs[id].name));
      if (sequence != NULL && at < next)
        return fail (ps, PDG_GS1_ERROR_SYNTAX, _("In the link, AI (%s) %s must come before AI (%s) %s."),
                     ai, _(specs[id].name), previous, _(specs[previous_id].name));
      if (j + 1 >= n)
        return fail (ps, PDG_GS1_ERROR_SYNTAX, _("AI (%s) %s in the link’s path has no value."),
                     ai, _(specs[id].name));
      sequence = found;
      next = at + 1;
      if (!add_link_value (ps, id, ai, segments[j + 1], FALSE))
        return FALSE;
      memcpy (previous, ai, sizeof previous);
      previous_id = id;
    }
  return TRUE;
}

/* The query: AIs become elements, anything else (linkType=…) is not ours. */
static gboolean
parse_link_query (Parser     *ps,
                  const char *p,
                  const char *end)
{
  while (p < end)
    {
      const char *amp = memchr (p, '&', (gsize) (end - p));
      const char *stop = amp != NULL ? amp : end;
      const char *eq = memchr (p, '=', (gsize) (stop - p));
      gsize key_len = (gsize) ((eq != NULL ? eq : stop) - p);
      gboolean digits = key_len >= 2 && key_len <= 4;

      for (gsize i = 0; digits && i < key_len; i++)
        digits = IS_DIGIT (p[i]);
      if (digits)
        {
          guint id = spec_of_text (p, key_len);
          char ai[5];
          Span value = { eq != NULL ? eq + 1 : stop, 0 };

          memcpy (ai, p, key_len);
          ai[key_len] = '\0';
          if (id == S_NONE)
            return fail (ps, PDG_GS1_ERROR_UNKNOWN_AI, _("Unknown AI (%s) in the link’s query."), ai);
          if (specs[id].flags & F_KEY)
            return fail (ps, PDG_GS1_ERROR_SYNTAX,
                         _("AI (%s) %s is a key of its own; a link gives one key, in its path."),
                         ai, _(specs[id].name));
          value.len = (gsize) (stop - value.p);
          if (!add_link_value (ps, id, ai, value, FALSE))
            return FALSE;
        }
      if (amp == NULL)
        break;
      p = amp + 1;
    }
  return TRUE;
}

static gboolean
is_link (const char *p,
         const char *end)
{
  gsize avail = (gsize) (end - p);

  return (avail >= 7 && g_ascii_strncasecmp (p, "http://", 7) == 0) ||
         (avail >= 8 && g_ascii_strncasecmp (p, "https://", 8) == 0);
}

/* scheme://host/any/prefix/KEY/value[/QUALIFIER/value…][?AI=value&…][#…]
 * The key is the first path segment, from the left, that is a primary key
 * AI and from which the rest of the path reads as key and qualifiers. */
static gboolean
parse_link (Parser     *ps,
            const char *p)
{
  PdgGs1Code *code = ps->code;
  const char *end = ps->end;
  const char *host;
  const char *path_end;
  const char *query = NULL;
  const char *query_end = NULL;
  Span segments[PDG_GS1_MAX_LENGTH / 2 + 2];
  guint n = 0;
  GError *first_error = NULL;
  GError **caller_error = ps->error;
  gboolean found = FALSE;

  p += g_ascii_tolower (p[4]) == 's' ? 8 : 7;  /* past "https://" or "http://", as is_link() saw */
  host = p;
  while (p < end && *p != '/' && *p != '?' && *p != '#')
    p++;
  if (p == host)
    return fail (ps, PDG_GS1_ERROR_SYNTAX, _("The link has no host name."));

  if (p < end && *p == '/')
    {
      const char *s = p + 1;

      while (p < end && *p != '?' && *p != '#')
        p++;
      path_end = p;
      for (;;)
        {
          const char *e = s;

          while (e < path_end && *e != '/')
            e++;
          segments[n].p = s;
          segments[n].len = (gsize) (e - s);
          n++;
          if (e >= path_end || n == G_N_ELEMENTS (segments))
            break;
          s = e + 1;
        }
    }
  if (p < end && *p == '?')
    {
      query = ++p;
      while (p < end && *p != '#')
        p++;
      query_end = p;
    }

  for (guint k = 0; k + 1 < n && !found; k++)
    {
      guint id = spec_of_text (segments[k].p, segments[k].len);
      guint16 data_len = code->data_len;
      guint n_elements = code->n_elements;
      guint64 present[2] = { ps->present[0], ps->present[1] };
      gboolean has_m3x = ps->has_m3x;
      GError *attempt = NULL;

      if (id == S_NONE || !(specs[id].flags & F_KEY))
        continue;
      ps->error = &attempt;
      found = parse_link_path (ps, segments, n, k);
      ps->error = caller_error;
      if (found)
        break;

      /* Not from here: forget what this attempt added. */
      code->data_len = data_len;
      code->n_elements = n_elements;
      ps->present[0] = present[0];
      ps->present[1] = present[1];
      ps->has_m3x = has_m3x;
      if (first_error == NULL)
        first_error = attempt;
      else
        g_error_free (attempt);
    }

  if (!found)
    {
      if (first_error != NULL)
        {
          g_propagate_error (ps->error, first_error);
          return FALSE;
        }
      return fail (ps, PDG_GS1_ERROR_SYNTAX,
                   _("The link has no GS1 key in its path, such as /01/ followed by a GTIN."));
    }
  g_clear_error (&first_error);

  return query == NULL || parse_link_query (ps, query, query_end);
}

/* ---------------------------------------------------------------------------
 * The code as a whole
 * ------------------------------------------------------------------------ */

static gboolean
any_present (Parser       *ps,
             const guint8 *ids,
             guint         n)
{
  for (guint i = 0; i < n && ids[i] != 0; i++)
    if (is_present (ps, ids[i]))
      return TRUE;
  return FALSE;
}

static gboolean
fail_needs (Parser       *ps,
            const char   *ai,
            const AiSpec *spec,
            const guint8 *ids,
            guint         n)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < n && ids[i] != 0; i++)
    {
      if (i > 0)
        g_string_append (list, ", ");
      if (ids[i] == M3X)
        g_string_append (list, _("a measure (31nn, 32nn, 35nn or 36nn)"));
      else
        append_spec_label (list, ids[i]);
    }
  return fail (ps, PDG_GS1_ERROR_PAIRING, _("AI (%s) %s needs one of these AIs with it: %s."),
               ai, _(spec->name), list->str);
}

/* The AIs an AI needs with it (mandatory associations), and those it must
 * not be with (invalid pairs). */
static gboolean
check_pairs (Parser *ps)
{
  PdgGs1Code *code = ps->code;

  for (guint i = 0; i < code->n_elements; i++)
    {
      const AiSpec *spec = &specs[ps->spec_of[i]];
      const char *ai = code->elements[i].ai;

      if (!ps->options->partial)
        {
          if (spec->req[0] != 0 && !any_present (ps, spec->req, G_N_ELEMENTS (spec->req)))
            return fail_needs (ps, ai, spec, spec->req, G_N_ELEMENTS (spec->req));
          if (spec->req2[0] != 0 && !any_present (ps, spec->req2, G_N_ELEMENTS (spec->req2)))
            return fail_needs (ps, ai, spec, spec->req2, G_N_ELEMENTS (spec->req2));
        }
      for (guint x = 0; x < G_N_ELEMENTS (spec->ex) && spec->ex[x] != 0; x++)
        {
          if (!is_present (ps, spec->ex[x]))
            continue;
          for (guint j = 0; j < code->n_elements; j++)
            if (ps->spec_of[j] == spec->ex[x])
              return fail (ps, PDG_GS1_ERROR_PAIRING, _("AI (%s) %s and AI (%s) %s cannot be in the same code."),
                           ai, _(spec->name), code->elements[j].ai, _(specs[spec->ex[x]].name));
        }
    }
  return TRUE;
}

/* Pedigree's fields from the elements. */
static void
map_fields (Parser *ps)
{
  PdgGs1Code *code = ps->code;
  int count = -1;
  int weight = -1;

  for (guint i = 0; i < code->n_elements; i++)
    {
      const PdgGs1Element *e = &code->elements[i];
      const char *value = code->data + e->offset;

      switch (ps->spec_of[i])
        {
        case S_01:
          memcpy (code->gtin, value, sizeof code->gtin);
          break;
        case S_10:
          memcpy (code->batch, value, e->length + 1u);
          break;
        case S_21:
          memcpy (code->serial, value, e->length + 1u);
          break;
        case S_17:
          check_date (ps, e->ai, specs[S_17].name, value, TRUE, code->expiry);
          break;
        case S_11:
          check_date (ps, e->ai, specs[S_11].name, value, TRUE, code->production);
          break;
        case S_37:
          count = (int) i;
          break;
        case S_30:
          if (count < 0)
            count = (int) i;
          break;
        case S_3100:
          weight = (int) i;
          break;
        default:
          break;
        }
    }

  if (count >= 0 || weight >= 0)
    {
      guint i = (guint) (count >= 0 ? count : weight);
      const PdgGs1Element *e = &code->elements[i];

      code->has_quantity = TRUE;
      code->quantity = number_of (&specs[ps->spec_of[i]], e->ai, code->data + e->offset, e->length);
      code->uom = count >= 0 ? "pcs" : "kg";
    }
}

static void
code_reset (PdgGs1Code *code)
{
  code->symbology = PDG_GS1_SYMBOLOGY_NONE;
  code->form = PDG_GS1_FORM_SCAN;
  code->n_elements = 0;
  code->gtin[0] = '\0';
  code->batch[0] = '\0';
  code->serial[0] = '\0';
  code->expiry[0] = '\0';
  code->production[0] = '\0';
  code->has_quantity = FALSE;
  code->quantity = 0;
  code->uom = NULL;
  code->data_len = 0;
}

static const struct
{
  char            id[4];
  PdgGs1Symbology symbology;
} symbologies[] = {
  { "]C1", PDG_GS1_SYMBOLOGY_GS1_128 },
  { "]e0", PDG_GS1_SYMBOLOGY_DATABAR },
  { "]d2", PDG_GS1_SYMBOLOGY_DATAMATRIX },
  { "]Q3", PDG_GS1_SYMBOLOGY_QR },
  { "]J1", PDG_GS1_SYMBOLOGY_DOTCODE },
  { "]Q1", PDG_GS1_SYMBOLOGY_QR_LINK },
  { "]d1", PDG_GS1_SYMBOLOGY_DATAMATRIX_LINK },
};

static gboolean
parse_any (Parser     *ps,
           const char *p)
{
  PdgGs1Code *code = ps->code;

  if (*p == ']')
    {
      for (guint i = 0; i < G_N_ELEMENTS (symbologies); i++)
        if (ps->end - p >= 3 && memcmp (p, symbologies[i].id, 3) == 0)
          code->symbology = symbologies[i].symbology;
      if (code->symbology == PDG_GS1_SYMBOLOGY_NONE)
        {
          g_autofree char *what = describe_text (p, MIN ((gsize) (ps->end - p), 3));

          return fail (ps, PDG_GS1_ERROR_SYNTAX,
                       _("The barcode type “%s” is not a GS1 barcode; it carries no GS1 data."), what);
        }
      p += 3;
      if (code->symbology == PDG_GS1_SYMBOLOGY_QR_LINK ||
          code->symbology == PDG_GS1_SYMBOLOGY_DATAMATRIX_LINK)
        {
          if (!is_link (p, ps->end))
            return fail (ps, PDG_GS1_ERROR_SYNTAX,
                         _("The barcode type “%.3s” is a plain QR Code or Data Matrix, and what it holds is not a GS1 Digital Link."),
                         p - 3);
          code->form = PDG_GS1_FORM_DIGITAL_LINK;
          return parse_link (ps, p);
        }
      return parse_scan (ps, p);
    }
  if (is_link (p, ps->end))
    {
      code->form = PDG_GS1_FORM_DIGITAL_LINK;
      return parse_link (ps, p);
    }
  if (*p == '(')
    {
      code->form = PDG_GS1_FORM_BRACKETED;
      return parse_bracketed (ps, p);
    }
  if (IS_DIGIT (*p) || is_fnc1 (ps, *p))
    return parse_scan (ps, p);
  return fail (ps, PDG_GS1_ERROR_SYNTAX,
               _("This is not a GS1 code: it should start with an AI such as 01, an AI in brackets such as (01), or a link such as https://id.gs1.org/01/…."));
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/**
 * pdg_gs1_parse_into:
 * @code: (out caller-allocates): where the result goes; reused as is
 * @text: what the scanner or the person gave
 * @length: of @text in bytes, or -1 when it is NUL-terminated
 * @options: (nullable): how to read; NULL for the defaults
 * @error: where a failure is told
 *
 * Reads a GS1 code in any of its three forms (scan data, bracketed, Digital
 * Link), checks it and maps it. Allocates nothing unless it fails: call it in
 * a loop with one @code. Blanks around @text (a scanner's CR LF) are ignored.
 * Safe to call from several threads at once, each with its own @code.
 *
 * Returns: whether @text is a valid GS1 code; when not, @code holds no
 * elements.
 */
gboolean
pdg_gs1_parse_into (PdgGs1Code          *code,
                    const char          *text,
                    gssize               length,
                    const PdgGs1Options *options,
                    GError             **error)
{
  static const PdgGs1Options defaults = { 0 };
  Parser ps;
  const char *start;
  const char *end;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ensure_index ();
  code_reset (code);
  if (text == NULL)
    text = "";
  if (length < 0)
    length = (gssize) strlen (text);
  if (options == NULL)
    options = &defaults;

  start = text;
  end = text + length;
  while (start < end && is_blank (*start))
    start++;
  while (end > start && is_blank (end[-1]))
    end--;

  ps.code = code;
  ps.text = text;
  ps.end = end;
  ps.options = options;
  ps.fnc1 = options->fnc1_substitute != '\0' ? options->fnc1_substitute : GS;
  ps.year = 0;
  ps.present[0] = ps.present[1] = 0;
  ps.has_m3x = FALSE;
  ps.error = error;

  if (start == end)
    fail (&ps, PDG_GS1_ERROR_SYNTAX, _("The code is empty."));
  else if (end - start > PDG_GS1_MAX_LENGTH)
    fail (&ps, PDG_GS1_ERROR_LENGTH,
          _("The code is %" G_GSIZE_FORMAT " characters long; Pedigree reads GS1 codes of at most %u."),
          (gsize) (end - start), (guint) PDG_GS1_MAX_LENGTH);
  else if (parse_any (&ps, start) && check_pairs (&ps))
    {
      map_fields (&ps);
      return TRUE;
    }

  code_reset (code);
  return FALSE;
}

/**
 * pdg_gs1_parse:
 * @text: what the scanner or the person gave, NUL-terminated
 * @options: (nullable): how to read; NULL for the defaults
 * @error: where a failure is told
 *
 * Returns: (transfer full) (nullable): the code, or NULL and @error set.
 */
PdgGs1Code *
pdg_gs1_parse (const char          *text,
               const PdgGs1Options *options,
               GError             **error)
{
  g_autoptr(PdgGs1Code) code = g_new0 (PdgGs1Code, 1);

  g_return_val_if_fail (text != NULL, NULL);

  if (!pdg_gs1_parse_into (code, text, -1, options, error))
    return NULL;
  return g_steal_pointer (&code);
}

void
pdg_gs1_code_free (PdgGs1Code *code)
{
  g_free (code);
}

/* Returns: (transfer none): the value of element @index, NUL-terminated. */
const char *
pdg_gs1_code_get_value (const PdgGs1Code *code,
                        guint             index)
{
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (index < code->n_elements, NULL);

  return code->data + code->elements[index].offset;
}

/* Returns: (transfer none) (nullable): the value of AI @ai ("10"), or NULL. */
const char *
pdg_gs1_code_lookup (const PdgGs1Code *code,
                     const char       *ai)
{
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (ai != NULL, NULL);

  for (guint i = 0; i < code->n_elements; i++)
    if (strcmp (code->elements[i].ai, ai) == 0)
      return code->data + code->elements[i].offset;
  return NULL;
}

/**
 * pdg_gs1_code_get_number:
 * @code: a parsed code
 * @index: an element of it
 * @number: (out) (optional): what its value means as a number
 *
 * Measures (310n–369n) and amounts (390n–393n, without the currency) with
 * their n decimals, and counts (30, 37).
 *
 * Returns: whether the element is one of those.
 */
gboolean
pdg_gs1_code_get_number (const PdgGs1Code *code,
                         guint             index,
                         double           *number)
{
  const PdgGs1Element *e;
  guint id;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (index < code->n_elements, FALSE);

  ensure_index ();
  e = &code->elements[index];
  id = spec_of_text (e->ai, strlen (e->ai));
  if (id == S_NONE || !(specs[id].flags & F_NUMBER))
    return FALSE;
  if (number != NULL)
    *number = number_of (&specs[id], e->ai, code->data + e->offset, e->length);
  return TRUE;
}

/**
 * pdg_gs1_format_bracketed:
 * @code: a parsed code
 *
 * The code as people write it, "(01)09506000134352(10)ABC", elements in
 * their order; a "(" inside a value is written "\(". pdg_gs1_parse() reads
 * it back to the same code.
 *
 * Returns: (transfer full): the text.
 */
char *
pdg_gs1_format_bracketed (const PdgGs1Code *code)
{
  GString *out;

  g_return_val_if_fail (code != NULL, NULL);

  out = g_string_sized_new (code->data_len + 6 * code->n_elements + 1);
  for (guint i = 0; i < code->n_elements; i++)
    {
      const PdgGs1Element *e = &code->elements[i];
      const char *value = code->data + e->offset;

      g_string_append_c (out, '(');
      g_string_append (out, e->ai);
      g_string_append_c (out, ')');
      for (guint j = 0; j < e->length; j++)
        {
          if (value[j] == '(')
            g_string_append_c (out, '\\');
          g_string_append_c (out, value[j]);
        }
    }
  return g_string_free (out, FALSE);
}

/* Returns: (nullable): the AI's name for people ("batch"), translated, or
 * NULL for an AI Pedigree does not know. */
const char *
pdg_gs1_ai_name (const char *ai)
{
  guint id;

  g_return_val_if_fail (ai != NULL, NULL);

  ensure_index ();
  id = spec_of_text (ai, strlen (ai));
  return id == S_NONE ? NULL : _(specs[id].name);
}

/* Returns: (nullable): the AIM symbology identifier, "]d2", or NULL for none. */
const char *
pdg_gs1_symbology_to_string (PdgGs1Symbology symbology)
{
  for (guint i = 0; i < G_N_ELEMENTS (symbologies); i++)
    if (symbologies[i].symbology == symbology)
      return symbologies[i].id;
  return NULL;
}

/* Returns: "scan", "bracketed" or "digital-link". */
const char *
pdg_gs1_form_to_string (PdgGs1Form form)
{
  switch (form)
    {
    case PDG_GS1_FORM_SCAN:
      return "scan";
    case PDG_GS1_FORM_BRACKETED:
      return "bracketed";
    case PDG_GS1_FORM_DIGITAL_LINK:
      return "digital-link";
    default:
      return "unknown";
    }
}

/**
 * pdg_gs1_looks_like_code:
 *
 * Whether text is meant as a GS1 code rather than a plain serial or batch
 * number: it starts with a symbology identifier, an FNC1/GS, a bracketed AI
 * or is a web URI (a Digital Link). Plain numbers that happen to start with
 * AI digits are not: a person typing "0123" means a serial.
 */
gboolean
pdg_gs1_looks_like_code (const char *text)
{
  if (text == NULL)
    return FALSE;
  while (*text == ' ' || *text == '\t')
    text++;
  return text[0] == ']' || text[0] == '(' || text[0] == '\x1d' ||
         g_ascii_strncasecmp (text, "http://", 7) == 0 ||
         g_ascii_strncasecmp (text, "https://", 8) == 0;
}
