/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-generator.c: a realistic, deterministic database of an e-bike factory
 * (suppliers, purchased lots, production orders, as-built genealogy,
 * shipments to dealers) for demos, tests and benchmarks.
 *
 * It works like a small MRP run followed by the shop floor, in two passes
 * over plain integer data:
 *
 *  1. Plan. Top-down through the BOM (bikes first, raw materials last; see
 *     plan_new()), each item's demand, in time order, is netted against its
 *     stock and covered by production orders or purchase lots that are ready
 *     before they are needed. The plan fixes every count, so plan_for_units()
 *     searches the number of bikes whose plan has the units asked for.
 *  2. Execute. The orders run in time order (see execute_order()). Each takes
 *     its components first in, first out: serials from the oldest order of
 *     the component, batches from the oldest lot, split over two lots when
 *     one runs out. Purchase lots are received when first needed. Associations
 *     and events stream into SQLite as they happen; unit rows are written last,
 *     in id order, once every unit's fate (consumed, shipped ...) is known.
 *
 * Every random choice comes from GRand streams seeded with the seed and every
 * timestamp from a fixed working calendar starting 2024-01-02, so one seed and
 * one size always give the same bytes. Speed comes from multi-row INSERTs
 * (see Bulk) in one transaction without journal, rows appended in key order
 * wherever the model allows, and a small page cache (see generate()).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pdg-enums.h"
#include "pdg-generator.h"
#include "pdg-store-private.h"

G_DEFINE_QUARK (pdg-generator-error-quark, pdg_generator_error)

#define MIN_UNITS G_GUINT64_CONSTANT (100)
#define MAX_UNITS G_GUINT64_CONSTANT (400000000)

/* ------------------------------------------------------------------------ */
/* The calendar                                                              */

/* Times are planned in working seconds: two shifts, 06:00-22:00, Monday to
 * Friday, counted from Monday 2024-01-01 00:00 UTC; work_to_epoch() turns
 * them into Unix time. */
#define WORK_DAY      ((gint64) 16 * 3600)
#define EPOCH_MONDAY  G_GINT64_CONSTANT (1704067200)   /* Mon 2024-01-01 UTC */
#define EPOCH_DATES   G_GINT64_CONSTANT (1672531200)   /* 2023-01-01: dates[0] */
#define N_DATES       3300                             /* up to 2032 */
#define FIRST_YEAR    2023
#define N_YEARS       12
#define W_START       (1 * WORK_DAY)                   /* Tue 2024-01-02 06:00 */
#define W_BIKES       (18 * WORK_DAY)                  /* first bikes, late January 2024 */
#define W_END         (512 * WORK_DAY)                 /* Wed 2025-12-17: "now" */

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if (a % b != 0 && ((a < 0) != (b < 0)))
    q--;
  return q;
}

static gint64
work_to_epoch (gint64 w)
{
  gint64 day = floor_div (w, WORK_DAY);
  gint64 week = floor_div (day, 5);

  return EPOCH_MONDAY + (week * 7 + (day - week * 5)) * 86400 + 6 * 3600 + (w - day * WORK_DAY);
}

/* ------------------------------------------------------------------------ */
/* The factory: partners, locations, items, BOM                              */

typedef struct
{
  const char *code;
  const char *name;
  const char *city;
  const char *country;
} PartnerDef;

enum
{
  SUP_HANSEONG, SUP_VOLTARIA, SUP_ELBTAL, SUP_NORDMAG, SUP_VOGTLAND,
  SUP_SCHMIER, SUP_KUGEL, SUP_BRIGHTWAVE, SUP_SEMICON, SUP_ALPEN,
  SUP_LOETMITTEL, SUP_ALUTEC, SUP_COLORIT, SUP_RUHR, SUP_BRESCIA,
  SUP_TAICHUNG, N_SUPPLIERS
};

static const PartnerDef suppliers[N_SUPPLIERS] = {
  { "S-20001", "Hanseong Energy Co., Ltd.", "Cheongju", "KR" },
  { "S-20002", "Voltaria Cell Systems Sp. z o.o.", "Wrocław", "PL" },
  { "S-20003", "Elbtal Kupferdraht GmbH", "Meißen", "DE" },
  { "S-20004", "Nordmag Magnetics AB", "Västerås", "SE" },
  { "S-20005", "Vogtland Magnettechnik GmbH", "Plauen", "DE" },
  { "S-20006", "Schmierstoffwerke Halle GmbH", "Halle (Saale)", "DE" },
  { "S-20007", "Kugellager Sachsen KG", "Chemnitz", "DE" },
  { "S-20008", "Brightwave Semiconductor Distribution B.V.", "Eindhoven", "NL" },
  { "S-20009", "Semicon Components Iberia S.L.", "Valencia", "ES" },
  { "S-20010", "Alpen Leiterplatten AG", "St. Gallen", "CH" },
  { "S-20011", "Lötmittel Fürth GmbH", "Fürth", "DE" },
  { "S-20012", "Alutec Profile Bratislava s.r.o.", "Bratislava", "SK" },
  { "S-20013", "Colorit Pulverlacke GmbH", "Stuttgart", "DE" },
  { "S-20014", "Ruhr Elektroband GmbH", "Duisburg", "DE" },
  { "S-20015", "Acciaierie Elettriche Bresciane S.p.A.", "Brescia", "IT" },
  { "S-20016", "Taichung Display Technology Co., Ltd.", "Taichung", "TW" },
};

static const PartnerDef customers[] = {
  { "C-10001", "Radhaus Berger GmbH", "München", "DE" },
  { "C-10002", "Velo-Center Nord GmbH", "Hamburg", "DE" },
  { "C-10003", "Zweirad Krüger KG", "Berlin", "DE" },
  { "C-10004", "E-Motion Rad & Service GmbH", "Köln", "DE" },
  { "C-10005", "Fahrradwelt Schönberg", "Stuttgart", "DE" },
  { "C-10006", "Radsport Lindner e.K.", "Nürnberg", "DE" },
  { "C-10007", "Pedalwerk Dresden GmbH", "Dresden", "DE" },
  { "C-10008", "Bikeshop Rheinufer GmbH", "Düsseldorf", "DE" },
  { "C-10009", "Zweirad Aigner GmbH", "Salzburg", "AT" },
  { "C-10010", "Radwelt Donau GmbH", "Wien", "AT" },
  { "C-10011", "Velo Brunner AG", "Zürich", "CH" },
  { "C-10012", "Cycles Favre SA", "Lausanne", "CH" },
  { "C-10013", "Fietsenhuis Van Dam B.V.", "Utrecht", "NL" },
  { "C-10014", "Tweewielers De Wit", "Eindhoven", "NL" },
  { "C-10015", "Rijwielcentrum Oosterhout B.V.", "Rotterdam", "NL" },
  { "C-10016", "Vélo Mertens SPRL", "Liège", "BE" },
  { "C-10017", "Fietsen Claes BV", "Gent", "BE" },
  { "C-10018", "Cycles Lefèvre SARL", "Lyon", "FR" },
  { "C-10019", "Vélo Atlantique SAS", "Nantes", "FR" },
  { "C-10020", "Roue Libre Distribution SAS", "Paris", "FR" },
  { "C-10021", "Bici Ferraro S.r.l.", "Bologna", "IT" },
  { "C-10022", "Ciclomania Verona S.r.l.", "Verona", "IT" },
  { "C-10023", "Bicicletas Navarro S.L.", "Valencia", "ES" },
  { "C-10024", "Ciclos Montaña S.L.", "Bilbao", "ES" },
  { "C-10025", "Cykelhuset Aarhus ApS", "Aarhus", "DK" },
  { "C-10026", "Københavns Elcykler ApS", "København", "DK" },
  { "C-10027", "Cykelverket Norrland AB", "Umeå", "SE" },
  { "C-10028", "Göteborgs Elcykel AB", "Göteborg", "SE" },
  { "C-10029", "Sykkelhuset Bergen AS", "Bergen", "NO" },
  { "C-10030", "Rowery Kowalczyk Sp. z o.o.", "Kraków", "PL" },
  { "C-10031", "Kola Dvořák s.r.o.", "Brno", "CZ" },
  { "C-10032", "Pedal & Chain Cycles Ltd", "Manchester", "GB" },
  { "C-10033", "Thames Valley E-Bikes Ltd", "Reading", "GB" },
  { "C-10034", "Liffey Cycles Ltd", "Dublin", "IE" },
  { "C-10035", "Trailhead E-Bikes LLC", "Portland", "US" },
  { "C-10036", "Bayside Electric Bicycles Inc.", "San Francisco", "US" },
  { "C-10037", "Hudson Valley Cycle Co.", "Kingston", "US" },
  { "C-10038", "Lakefront Bike Supply LLC", "Chicago", "US" },
  { "C-10039", "Front Range E-Bikes LLC", "Denver", "US" },
  { "C-10040", "Peachtree Cycles Inc.", "Atlanta", "US" },
};

#define N_CUSTOMERS ((guint) G_N_ELEMENTS (customers))

/* Partner ids: suppliers first, then customers, in table order. */
#define SUPPLIER_ID(i) ((gint64) (i) + 1)
#define CUSTOMER_ID(i) ((gint64) N_SUPPLIERS + (i) + 1)

enum
{
  LOC_ASSEMBLY, LOC_BATTERY, LOC_FRAME, LOC_DRESDEN,
  LOC_IN_LEIPZIG, LOC_IN_DRESDEN, LOC_FINISHED, N_LOCATIONS
};

static const struct
{
  const char *code;
  const char *name;
} locations[N_LOCATIONS] = {
  { "LEI-ASM", "Plant Leipzig – Assembly" },
  { "LEI-BAT", "Plant Leipzig – Battery shop" },
  { "LEI-FRM", "Plant Leipzig – Frame shop" },
  { "DRE-EMS", "Plant Dresden – Motors and electronics" },
  { "LEI-WE", "Warehouse Leipzig – Incoming goods" },
  { "DRE-WE", "Warehouse Dresden – Incoming goods" },
  { "LEI-FG", "Warehouse Leipzig – Finished goods" },
};

#define LOCATION_ID(i) ((gint64) (i) + 1)

/* Who registers the components, by plant; shifts change every 40 units. */
static const char * const operators[4][4] = {
  [LOC_ASSEMBLY] = { "mkoch", "asantos", "jwagner", "tbauer" },
  [LOC_BATTERY] = { "lnguyen", "sdemir", "kyilmaz", "fhartmann" },
  [LOC_FRAME] = { "pschmidt", "rlehmann", "dpopescu", "mvogel" },
  [LOC_DRESDEN] = { "ekowalski", "hfischer", "ocarvalho", "mzimmermann" },
};

typedef enum
{
  SOURCE_PRODUCED,
  SOURCE_PURCHASED,
  SOURCE_NONE,        /* untracked: in BOM lines only, never a unit */
} Source;

/* How a supplier or the frame shop numbers its lots; each style embeds the
 * item's lot counter, so lot numbers are unique per item. */
typedef enum
{
  LOT_DAY_SEQ,        /* C24017-0042: prefix, year, day of year, counter */
  LOT_DATE_SEQ,       /* L240117-003: prefix, date, counter */
  LOT_YEAR_SEQ,       /* RL2400042: prefix, year, counter */
  LOT_HEAT,           /* H24-30042: prefix, year, heat number */
} LotStyle;

typedef struct
{
  const char *number;
  const char *description;
  PdgTracking tracking;
  const char *uom;
  const char *gtin;          /* the first 13 digits of the GTIN-14, or NULL */
  int         shelf_life;    /* days */
  Source      source;
  const char *lot_prefix;
  LotStyle    lot_style;     /* batches only */
  int         location;      /* where it is made, or received */
  int         cycle;         /* produced: working seconds per unit (batches: per uom) */
  int         scrap;         /* produced serials: scrapped per 10,000 */
  int         run_max;       /* produced serials: the largest order */
  int         supplier[2];   /* purchased: first and second source (-1: none) */
  int         second_share;  /* percent of lots from the second source */
  int         lead;          /* purchased: working days from receipt to first use */
  gint64      sizes[5];      /* batches and deliveries: lot sizes, 1/1000 uom, ascending, 0-ended */
  const char *fail_note;     /* produced: why a scrapped one failed */
} ItemDef;

enum
{
  IT_EB_U, IT_EB_T, IT_EB_C,
  IT_BAT14, IT_BAT21, IT_DRV, IT_FRM_U, IT_FRM_T, IT_FRM_C, IT_DSP,
  IT_MOD, IT_BMS, IT_MOT, IT_CTL, IT_TUB, IT_PWD,
  IT_CELL, IT_MCU, IT_MOS, IT_STA, IT_MAG, IT_GRS, IT_BRG, IT_PCA, IT_EXT,
  IT_LAM, IT_CU, IT_PCB, IT_SLD,
  IT_ELS,
  IT_TYR, IT_FST, IT_THP,
  N_ITEMS
};

#define K(x) ((gint64) (x) * 1000)   /* whole uom in 1/1000 uom */

static const ItemDef items[N_ITEMS] = {
  [IT_EB_U] = { "EB-U500", "Urban E-Bike U500", PDG_TRACKING_SERIAL, "pcs", "0406841200101", 0,
                SOURCE_PRODUCED, "EBU5", 0, LOC_ASSEMBLY, 420, 30, 200, { -1, -1 }, 0, 0, { 0 },
                "Final test failed: assist cuts out under load" },
  [IT_EB_T] = { "EB-T700", "Trekking E-Bike T700", PDG_TRACKING_SERIAL, "pcs", "0406841200102", 0,
                SOURCE_PRODUCED, "EBT7", 0, LOC_ASSEMBLY, 450, 30, 200, { -1, -1 }, 0, 0, { 0 },
                "Final test failed: display does not pair with the drive unit" },
  [IT_EB_C] = { "EB-C900", "Cargo E-Bike C900", PDG_TRACKING_SERIAL, "pcs", "0406841200103", 0,
                SOURCE_PRODUCED, "EBC9", 0, LOC_ASSEMBLY, 600, 40, 120, { -1, -1 }, 0, 0, { 0 },
                "Final test failed: brake light circuit open" },
  [IT_BAT14] = { "BAT-48V-14", "Battery pack 48 V 14 Ah (13S4P)", PDG_TRACKING_SERIAL, "pcs", "0406841200201", 0,
                 SOURCE_PRODUCED, "BP14", 0, LOC_BATTERY, 300, 50, 240, { -1, -1 }, 0, 0, { 0 },
                 "End-of-line test failed: cell group voltage imbalance" },
  [IT_BAT21] = { "BAT-48V-21", "Battery pack 48 V 21 Ah (13S6P)", PDG_TRACKING_SERIAL, "pcs", "0406841200202", 0,
                 SOURCE_PRODUCED, "BP21", 0, LOC_BATTERY, 360, 50, 160, { -1, -1 }, 0, 0, { 0 },
                 "End-of-line test failed: insulation resistance below limit" },
  [IT_DRV] = { "DRV-250", "Drive unit 250 W hub, 48 V", PDG_TRACKING_SERIAL, "pcs", "0406841200301", 0,
               SOURCE_PRODUCED, "DU25", 0, LOC_DRESDEN, 240, 40, 300, { -1, -1 }, 0, 0, { 0 },
               "Final test failed: torque sensor offset out of range" },
  [IT_FRM_U] = { "FRM-U500", "Frame U500, aluminium 6061, powder-coated", PDG_TRACKING_SERIAL, "pcs", "0406841200401", 0,
                 SOURCE_PRODUCED, "FU5", 0, LOC_FRAME, 900, 60, 150, { -1, -1 }, 0, 0, { 0 },
                 "Weld seam crack found at the head tube" },
  [IT_FRM_T] = { "FRM-T700", "Frame T700, aluminium 6061, powder-coated", PDG_TRACKING_SERIAL, "pcs", "0406841200402", 0,
                 SOURCE_PRODUCED, "FT7", 0, LOC_FRAME, 960, 60, 150, { -1, -1 }, 0, 0, { 0 },
                 "Frame alignment out of tolerance after welding" },
  [IT_FRM_C] = { "FRM-C900", "Frame C900 cargo, aluminium 6061, powder-coated", PDG_TRACKING_SERIAL, "pcs", "0406841200403", 0,
                 SOURCE_PRODUCED, "FC9", 0, LOC_FRAME, 1500, 80, 100, { -1, -1 }, 0, 0, { 0 },
                 "Coating adhesion test failed" },
  [IT_DSP] = { "DSP-LCD-32", "Display 3.2\" colour LCD with handlebar remote", PDG_TRACKING_SERIAL, "pcs", "0471552300014", 0,
               SOURCE_PURCHASED, "TDL", 0, LOC_IN_LEIPZIG, 0, 0, 0, { SUP_TAICHUNG, -1 }, 0, 6,
               { K (20), K (100), K (500), 0 }, NULL },
  [IT_MOD] = { "MOD-13S-21700", "Cell module 13 × 21700, laser-welded", PDG_TRACKING_SERIAL, "pcs", NULL, 0,
               SOURCE_PRODUCED, "CM13", 0, LOC_BATTERY, 90, 20, 600, { -1, -1 }, 0, 0, { 0 },
               "Weld pull test failed on the cell connector" },
  [IT_BMS] = { "BMS-13S-40A", "Battery management board 13S 40 A", PDG_TRACKING_SERIAL, "pcs", "0406841200501", 0,
               SOURCE_PRODUCED, "BMS", 0, LOC_DRESDEN, 120, 80, 500, { -1, -1 }, 0, 0, { 0 },
               "In-circuit test failed: balancing channel open" },
  [IT_MOT] = { "MOT-HUB-250", "Hub motor 250 W, 60 Nm, 48 V", PDG_TRACKING_SERIAL, "pcs", "0406841200601", 0,
               SOURCE_PRODUCED, "HM25", 0, LOC_DRESDEN, 200, 40, 300, { -1, -1 }, 0, 0, { 0 },
               "Run-in test failed: bearing noise above limit" },
  [IT_CTL] = { "CTL-48V-20A", "Motor controller 48 V 20 A, sine wave", PDG_TRACKING_SERIAL, "pcs", "0406841200701", 0,
               SOURCE_PRODUCED, "MC20", 0, LOC_DRESDEN, 150, 50, 400, { -1, -1 }, 0, 0, { 0 },
               "Hi-pot test failed" },
  [IT_TUB] = { "TUB-6061-38", "Aluminium tube 6061 Ø38 × 2 mm, cut and bent", PDG_TRACKING_BATCH, "m", NULL, 0,
               SOURCE_PRODUCED, "TB", LOT_DATE_SEQ, LOC_FRAME, 25, 0, 0, { -1, -1 }, 0, 0,
               { K (60), K (150), K (400), K (1000), 0 }, NULL },
  [IT_PWD] = { "PWD-RAL9005", "Powder coating RAL 9005 jet black, matt", PDG_TRACKING_BATCH, "kg", "0400755100028", 365,
               SOURCE_PURCHASED, "P", LOT_DATE_SEQ, LOC_IN_LEIPZIG, 0, 0, 0, { SUP_COLORIT, -1 }, 0, 5,
               { K (20), K (200), K (600), 0 }, NULL },
  [IT_CELL] = { "CELL-21700-50E", "Li-ion cell 21700, 5.0 Ah, 3.6 V", PDG_TRACKING_BATCH, "pcs", "0880123400057", 365,
                SOURCE_PURCHASED, "C", LOT_DAY_SEQ, LOC_IN_LEIPZIG, 0, 0, 0, { SUP_HANSEONG, SUP_VOLTARIA }, 30, 8,
                { K (1200), K (4800), K (19200), K (38400), 0 }, NULL },
  [IT_MCU] = { "MCU-32-G474", "Microcontroller 32-bit Cortex-M4, LQFP64", PDG_TRACKING_BATCH, "pcs", "0871234500019", 730,
               SOURCE_PURCHASED, "RL", LOT_YEAR_SEQ, LOC_IN_DRESDEN, 0, 0, 0, { SUP_BRIGHTWAVE, -1 }, 0, 7,
               { K (500), K (2500), 0 }, NULL },
  [IT_MOS] = { "MOS-80V-120", "MOSFET N-channel 80 V 120 A, TOLL", PDG_TRACKING_BATCH, "pcs", "0871234500026", 730,
               SOURCE_PURCHASED, "RM", LOT_YEAR_SEQ, LOC_IN_DRESDEN, 0, 0, 0, { SUP_BRIGHTWAVE, SUP_SEMICON }, 40, 7,
               { K (1000), K (5000), 0 }, NULL },
  [IT_STA] = { "STA-250", "Stator 250 W, wound and impregnated", PDG_TRACKING_SERIAL, "pcs", NULL, 0,
               SOURCE_PRODUCED, "ST25", 0, LOC_DRESDEN, 180, 60, 400, { -1, -1 }, 0, 0, { 0 },
               "Surge test failed: inter-turn short" },
  [IT_MAG] = { "MAG-N42SH-SEG", "Neodymium magnet segment N42SH, 30 × 12 × 3 mm", PDG_TRACKING_BATCH, "pcs", "0730012300045", 0,
               SOURCE_PURCHASED, "M", LOT_DATE_SEQ, LOC_IN_DRESDEN, 0, 0, 0, { SUP_NORDMAG, SUP_VOGTLAND }, 35, 9,
               { K (2000), K (10000), K (40000), 0 }, NULL },
  [IT_GRS] = { "GRS-LI-EP2", "Bearing grease, lithium complex EP2", PDG_TRACKING_BATCH, "kg", "0400755100035", 1095,
               SOURCE_PURCHASED, "G", LOT_DAY_SEQ, LOC_IN_DRESDEN, 0, 0, 0, { SUP_SCHMIER, -1 }, 0, 5,
               { 400, K (5), K (18), K (180), K (1000), }, NULL },
  [IT_BRG] = { "BRG-6001-2RS", "Deep groove ball bearing 6001-2RS", PDG_TRACKING_BATCH, "pcs", "0400755100042", 0,
               SOURCE_PURCHASED, "K", LOT_DATE_SEQ, LOC_IN_DRESDEN, 0, 0, 0, { SUP_KUGEL, -1 }, 0, 6,
               { K (500), K (2000), K (10000), 0 }, NULL },
  [IT_PCA] = { "PCA-CTL-20A", "Controller PCB assembly 20 A, tested", PDG_TRACKING_SERIAL, "pcs", NULL, 0,
               SOURCE_PRODUCED, "PCA", 0, LOC_DRESDEN, 60, 120, 600, { -1, -1 }, 0, 0, { 0 },
               "Optical inspection: solder bridge at the gate driver" },
  [IT_EXT] = { "EXT-6061-T6", "Aluminium extrusion 6061-T6, Ø38 × 2 mm, 6 m bars", PDG_TRACKING_BATCH, "kg", NULL, 0,
               SOURCE_PURCHASED, "H", LOT_HEAT, LOC_IN_LEIPZIG, 0, 0, 0, { SUP_ALUTEC, -1 }, 0, 10,
               { K (500), K (2000), K (8000), 0 }, NULL },
  [IT_LAM] = { "LAM-250", "Lamination stack 250 W stator, bonded", PDG_TRACKING_SERIAL, "pcs", NULL, 0,
               SOURCE_PRODUCED, "LS25", 0, LOC_DRESDEN, 45, 20, 800, { -1, -1 }, 0, 0, { 0 },
               "Stack height out of tolerance" },
  [IT_CU] = { "CU-ENAM-0.80", "Enamelled copper wire 0.80 mm, grade 2, class H", PDG_TRACKING_BATCH, "kg", "0400755100059", 0,
              SOURCE_PURCHASED, "E", LOT_DAY_SEQ, LOC_IN_DRESDEN, 0, 0, 0, { SUP_ELBTAL, -1 }, 0, 6,
              { K (50), K (250), K (1000), 0 }, NULL },
  [IT_PCB] = { "PCB-CTL-4L", "PCB panel, controller, 4-layer FR-4, 4-up", PDG_TRACKING_BATCH, "pcs", "0761234500013", 0,
               SOURCE_PURCHASED, "AL", LOT_YEAR_SEQ, LOC_IN_DRESDEN, 0, 0, 0, { SUP_ALPEN, -1 }, 0, 10,
               { K (100), K (500), K (2000), 0 }, NULL },
  [IT_SLD] = { "SLD-SAC305-T4", "Solder paste SAC305, type 4", PDG_TRACKING_BATCH, "kg", "0400755100066", 180,
               SOURCE_PURCHASED, "SP", LOT_DAY_SEQ, LOC_IN_DRESDEN, 0, 0, 0, { SUP_LOETMITTEL, -1 }, 0, 4,
               { 500, K (2), K (10), 0 }, NULL },
  [IT_ELS] = { "ELS-M270-35A", "Electrical steel M270-35A, slit coil 62 mm", PDG_TRACKING_BATCH, "kg", NULL, 0,
               SOURCE_PURCHASED, "W", LOT_HEAT, LOC_IN_DRESDEN, 0, 0, 0, { SUP_RUHR, SUP_BRESCIA }, 30, 10,
               { K (250), K (1000), K (4000), K (12000), 0 }, NULL },
  [IT_TYR] = { "TYR-28X185", "Tyre 28 × 1.85, puncture protection, reflective", PDG_TRACKING_NONE, "pcs", "0400755100073", 0,
               SOURCE_NONE, NULL, 0, 0, 0, 0, 0, { -1, -1 }, 0, 0, { 0 }, NULL },
  [IT_FST] = { "FST-KIT-M5", "Fastener kit M5, stainless A2", PDG_TRACKING_NONE, "pcs", "0400755100080", 0,
               SOURCE_NONE, NULL, 0, 0, 0, 0, 0, { -1, -1 }, 0, 0, { 0 }, NULL },
  [IT_THP] = { "THP-GAP-3W", "Thermal gap pad 3 W/mK, 40 × 40 mm", PDG_TRACKING_NONE, "pcs", NULL, 0,
               SOURCE_NONE, NULL, 0, 0, 0, 0, 0, { -1, -1 }, 0, 0, { 0 }, NULL },
};

#define ITEM_ID(i) ((gint64) (i) + 1)

static gboolean
is_bike (guint item)
{
  return item == IT_EB_U || item == IT_EB_T || item == IT_EB_C;
}

typedef struct
{
  guint8   parent;
  guint8   child;
  gint64   qty;       /* per parent unit (batch parents: per uom), 1/1000 uom */
  gboolean tracked;
} BomDef;

static const BomDef bom[] = {
  { IT_EB_U, IT_BAT14, K (1), TRUE }, { IT_EB_U, IT_DRV, K (1), TRUE },
  { IT_EB_U, IT_FRM_U, K (1), TRUE }, { IT_EB_U, IT_DSP, K (1), TRUE },
  { IT_EB_U, IT_TYR, K (2), FALSE }, { IT_EB_U, IT_FST, K (1), FALSE },
  { IT_EB_T, IT_BAT14, K (1), TRUE }, { IT_EB_T, IT_DRV, K (1), TRUE },
  { IT_EB_T, IT_FRM_T, K (1), TRUE }, { IT_EB_T, IT_DSP, K (1), TRUE },
  { IT_EB_T, IT_TYR, K (2), FALSE }, { IT_EB_T, IT_FST, K (1), FALSE },
  { IT_EB_C, IT_BAT21, K (1), TRUE }, { IT_EB_C, IT_DRV, K (1), TRUE },
  { IT_EB_C, IT_FRM_C, K (1), TRUE }, { IT_EB_C, IT_DSP, K (1), TRUE },
  { IT_EB_C, IT_TYR, K (2), FALSE }, { IT_EB_C, IT_FST, K (2), FALSE },
  { IT_BAT14, IT_MOD, K (4), TRUE }, { IT_BAT14, IT_BMS, K (1), TRUE },
  { IT_BAT21, IT_MOD, K (6), TRUE }, { IT_BAT21, IT_BMS, K (1), TRUE },
  { IT_DRV, IT_MOT, K (1), TRUE }, { IT_DRV, IT_CTL, K (1), TRUE },
  { IT_FRM_U, IT_TUB, 4200, TRUE }, { IT_FRM_U, IT_PWD, 350, TRUE },
  { IT_FRM_T, IT_TUB, 4600, TRUE }, { IT_FRM_T, IT_PWD, 380, TRUE },
  { IT_FRM_C, IT_TUB, 6800, TRUE }, { IT_FRM_C, IT_PWD, 550, TRUE },
  { IT_MOD, IT_CELL, K (13), TRUE },
  { IT_BMS, IT_MCU, K (1), TRUE }, { IT_BMS, IT_MOS, K (8), TRUE },
  { IT_MOT, IT_STA, K (1), TRUE }, { IT_MOT, IT_MAG, K (20), TRUE },
  { IT_MOT, IT_GRS, 5, TRUE }, { IT_MOT, IT_BRG, K (2), TRUE },
  { IT_CTL, IT_PCA, K (1), TRUE }, { IT_CTL, IT_THP, K (1), FALSE },
  { IT_TUB, IT_EXT, 620, TRUE },
  { IT_STA, IT_LAM, K (1), TRUE }, { IT_STA, IT_CU, 420, TRUE },
  { IT_PCA, IT_PCB, 250, TRUE }, { IT_PCA, IT_MCU, K (1), TRUE },
  { IT_PCA, IT_MOS, K (6), TRUE }, { IT_PCA, IT_SLD, 4, TRUE },
  { IT_LAM, IT_ELS, 1350, TRUE },
};

#define N_BOM ((guint) G_N_ELEMENTS (bom))

/* Low-level codes: an item's deepest level below any bike, so that MRP plans
 * an item after every item that uses it. */
static void
compute_levels (int levels[N_ITEMS])
{
  gboolean changed = TRUE;

  memset (levels, 0, sizeof (int) * N_ITEMS);
  while (changed)
    {
      changed = FALSE;
      for (guint b = 0; b < N_BOM; b++)
        {
          if (levels[bom[b].child] < levels[bom[b].parent] + 1)
            {
              levels[bom[b].child] = levels[bom[b].parent] + 1;
              changed = TRUE;
            }
        }
    }
}

/* A GTIN-14 with its GS1 mod-10 check digit (weights 3,1,3... from the right). */
static void
make_gtin (const char *first13,
           char        out[15])
{
  int sum = 0;

  memcpy (out, first13, 13);
  for (int i = 12; i >= 0; i--)
    sum += (first13[i] - '0') * (((12 - i) % 2 == 0) ? 3 : 1);
  out[13] = (char) ('0' + (10 - sum % 10) % 10);
  out[14] = '\0';
}

/* ------------------------------------------------------------------------ */
/* Random helpers                                                            */

/* A whole number from lo to hi, both included. */
static gint64
rand_between (GRand  *rng,
              gint64  lo,
              gint64  hi)
{
  if (hi <= lo)
    return lo;
  return lo + g_rand_int_range (rng, 0, (gint32) (hi - lo + 1));
}

static gboolean
chance (GRand *rng,
        int    per_mille)
{
  return g_rand_int_range (rng, 0, 1000) < per_mille;
}

/* ------------------------------------------------------------------------ */
/* The plan                                                                  */

/* A production order. Units of an order get consecutive ids. */
typedef struct
{
  gint64   start;        /* working seconds; the planned start of created orders */
  gint64   cycle;        /* working seconds per unit (batch items: for the batch) */
  gint64   batch_qty;    /* batch items: the batch it makes, 1/1000 uom */
  gint64   id;           /* production_order id, set when it runs */
  gint64   first_unit;   /* id of its first unit; 0 until it runs */
  guint32  item;
  guint32  planned;      /* planned quantity (batch items: whole uom) */
  guint32  n_units;      /* units made, scrapped ones included */
  guint32  n_scrap;      /* of those, scrapped after a failed test */
  guint32  n_open;       /* started orders: the last units, with components missing */
  guint32  lot;          /* batch items: its lot */
  guint8   status;       /* PdgOrderStatus */
  guint8   operator;     /* first shift's operator, index into operators[] */
} Order;

/* A batch unit (purchased lot, or the batch of a produced batch item) or a
 * delivery of purchased serials. */
typedef struct
{
  gint64   at;           /* working seconds when received, or made */
  gint64   expires;      /* Unix time of expiry; 0 for none */
  gint64   qty;          /* batches: 1/1000 uom; deliveries: pieces */
  gint64   plan_left;    /* batches: what the plan has not used yet */
  gint64   left;         /* what the execution has not used yet */
  gint64   unit_id;      /* the (first) unit; 0 until received or made */
  guint32  item;
  guint32  order;        /* produced batches: its order; G_MAXUINT32 for purchases */
  guint32  counter;      /* the item's lot counter, for the lot number */
  guint16  made_days;    /* purchases: days from manufacture to receipt */
  guint8   supplier;
  guint8   by_po;        /* receipt against the purchase order, not an ASN */
} Lot;

#define NO_ORDER G_MAXUINT32

typedef struct
{
  GArray  *orders;                  /* Order, in the order they were planned */
  GArray  *lots;                    /* Lot, in the order they were planned */
  GArray  *item_orders[N_ITEMS];    /* guint32 indexes into orders, per item */
  GArray  *item_lots[N_ITEMS];      /* guint32 indexes into lots, per item */
  GRand   *rng;                     /* owned; the plan's own stream */
  guint64  n_units;                 /* units the plan makes */
  guint32  n_bikes;
} Plan;

typedef struct
{
  gint64   t;            /* working seconds: the consuming order's start */
  guint32  order;        /* the consuming order, to break ties as the execution does */
  gint64   qty;          /* 1/1000 uom */
} Demand;

static void
plan_free (Plan *plan)
{
  g_array_unref (plan->orders);
  g_array_unref (plan->lots);
  for (guint i = 0; i < N_ITEMS; i++)
    {
      g_array_unref (plan->item_orders[i]);
      g_array_unref (plan->item_lots[i]);
    }
  g_rand_free (plan->rng);
  g_free (plan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Plan, plan_free)

#define ORDER(plan, i) (&g_array_index ((plan)->orders, Order, (i)))
#define LOT(plan, i) (&g_array_index ((plan)->lots, Lot, (i)))
#define NTH(array, i) g_array_index ((array), guint32, (i))

static guint32
plan_add_order (Plan        *plan,
                const Order *order)
{
  guint32 idx = plan->orders->len;

  g_array_append_val (plan->orders, *order);
  g_array_append_val (plan->item_orders[order->item], idx);
  plan->n_units += order->n_units;
  return idx;
}

static guint32
plan_add_lot (Plan      *plan,
              const Lot *lot)
{
  guint32 idx = plan->lots->len;

  g_array_append_val (plan->lots, *lot);
  g_array_append_val (plan->item_lots[lot->item], idx);
  if (lot->order == NO_ORDER)
    plan->n_units += items[lot->item].tracking == PDG_TRACKING_SERIAL ? (guint64) lot->qty : 1;
  return idx;
}

static guint32
draw_scrap (GRand   *rng,
            guint32  n,
            int      per_10000)
{
  guint64 x = (guint64) n * (guint64) per_10000;
  guint32 scrap = (guint32) (x / 10000) + (rand_between (rng, 0, 9999) < (gint64) (x % 10000) ? 1 : 0);

  return n > 0 ? MIN (scrap, n - 1) : 0;
}

static guint8
finished_status (gint64 end)
{
  return end < W_END - 2 * WORK_DAY ? PDG_ORDER_ENDED : PDG_ORDER_REPORTED;
}

/* The lot size a buyer would order: the largest pack that still leaves at
 * least two and a half lots over the whole demand, now and then one smaller. */
static gint64
choose_size (const ItemDef *def,
             gint64         total,
             GRand         *rng)
{
  int k = 0;

  for (int i = 0; i < 5 && def->sizes[i] > 0; i++)
    if (2 * total >= 5 * def->sizes[i])
      k = i;
  if (k > 0 && chance (rng, 150))
    k--;
  return def->sizes[k];
}

static guint8
choose_supplier (const ItemDef *def,
                 GRand         *rng)
{
  if (def->supplier[1] >= 0 && rand_between (rng, 0, 99) < def->second_share)
    return (guint8) def->supplier[1];
  return (guint8) def->supplier[0];
}

/* Orders still open at the end: one started, with its last units waiting
 * for components, and one created for next week. Only for items made often
 * enough that open orders are normal. */
static void
plan_open_orders (Plan    *plan,
                  guint    item,
                  guint32  run_max,
                  gint64   total_units)
{
  const ItemDef *def = &items[item];
  Order started = { 0 };
  Order created = { 0 };

  if (total_units < 12)
    return;

  if (def->tracking == PDG_TRACKING_SERIAL)
    {
      started.item = item;
      started.planned = run_max;
      started.n_units = MAX (1, run_max * (guint32) rand_between (plan->rng, 30, 80) / 100);
      started.n_open = MAX (1, started.n_units / 3);
      started.cycle = def->cycle;
      started.start = W_END - 600 - (gint64) started.n_units * started.cycle;
      started.status = PDG_ORDER_STARTED;
      started.operator = (guint8) rand_between (plan->rng, 0, 3);
      started.lot = NO_ORDER;
      plan_add_order (plan, &started);
    }

  created.item = item;
  created.planned = def->tracking == PDG_TRACKING_SERIAL ? run_max : (guint32) (def->sizes[1] / 1000);
  created.cycle = def->cycle;
  created.start = W_END + rand_between (plan->rng, 1, 5) * WORK_DAY;
  created.status = PDG_ORDER_CREATED;
  created.lot = NO_ORDER;
  plan_add_order (plan, &created);
}

/* The master schedule: n bikes of one model in runs spread over the years. */
static void
plan_bikes (Plan    *plan,
            guint    item,
            guint32  n)
{
  const ItemDef *def = &items[item];
  guint32 run_max = CLAMP (n / 8, 2, (guint32) def->run_max);
  guint32 run_min = MAX (1, run_max / 4);
  gint64 span = W_END - W_BIKES;
  guint32 done = 0;

  while (done < n)
    {
      Order order = { 0 };
      gint64 end;

      order.item = item;
      order.n_units = MIN ((guint32) rand_between (plan->rng, run_min, run_max), n - done);
      order.planned = order.n_units;
      order.start = W_BIKES + span * done / n + rand_between (plan->rng, 0, WORK_DAY / 2);
      order.start = MIN (order.start, W_END - WORK_DAY / 2);
      order.cycle = def->cycle;
      if (order.start + order.cycle * order.n_units > W_END - 600)
        order.cycle = MAX (1, (W_END - 600 - order.start) / order.n_units);
      end = order.start + order.cycle * order.n_units;
      order.n_scrap = draw_scrap (plan->rng, order.n_units, def->scrap);
      order.status = finished_status (end);
      order.operator = (guint8) rand_between (plan->rng, 0, 3);
      order.lot = NO_ORDER;
      plan_add_order (plan, &order);
      done += order.n_units;
    }

  plan_open_orders (plan, item, run_max, n);
}

/* Serial sub-assemblies, netted order by order: when the stock cannot cover
 * a demand, orders are planned backwards from shortly before it. */
static void
plan_serial_orders (Plan   *plan,
                    guint   item,
                    GArray *demands,
                    gint64  total)
{
  const ItemDef *def = &items[item];
  gint64 total_units = total / 1000;
  guint32 run_max = (guint32) CLAMP (total_units / 8, 2, def->run_max);
  guint32 run_min = MAX (1, run_max / 4);
  gint64 stock = 0;

  for (guint d = 0; d < demands->len; d++)
    {
      const Demand *demand = &g_array_index (demands, Demand, d);
      gint64 q = demand->qty / 1000;
      gint64 end = demand->t - rand_between (plan->rng, WORK_DAY / 4, 2 * WORK_DAY);

      while (stock < q)
        {
          Order order = { 0 };

          order.item = item;
          order.n_units = (guint32) rand_between (plan->rng, run_min, run_max);
          order.planned = order.n_units;
          order.cycle = def->cycle;
          order.start = end - order.cycle * order.n_units;
          order.n_scrap = draw_scrap (plan->rng, order.n_units, def->scrap);
          order.status = finished_status (end);
          order.operator = (guint8) rand_between (plan->rng, 0, 3);
          order.lot = NO_ORDER;
          plan_add_order (plan, &order);

          stock += order.n_units - order.n_scrap;
          end = order.start - 900;
        }
      stock -= q;
    }

  plan_open_orders (plan, item, run_max, total_units);
}

/* When a purchase for a need at `t` arrives: the item's lead time before,
 * never before the previous one, nor (when there is room) before the books
 * start on 2024-01-02. */
static gint64
receipt_time (Plan          *plan,
              const ItemDef *def,
              gint64         t,
              gint64         last_at)
{
  gint64 at = t - def->lead * WORK_DAY - rand_between (plan->rng, 0, WORK_DAY);

  if (at < W_START)
    at = MIN (W_START, t - 600);
  return MAX (last_at, at);
}

/* Purchased serials: deliveries that arrive a few days before they are needed. */
static void
plan_deliveries (Plan   *plan,
                 guint   item,
                 GArray *demands,
                 gint64  total)
{
  const ItemDef *def = &items[item];
  gint64 last_at = G_MININT64;
  gint64 stock = 0;

  for (guint d = 0; d < demands->len; d++)
    {
      const Demand *demand = &g_array_index (demands, Demand, d);
      gint64 q = demand->qty / 1000;

      while (stock < q)
        {
          Lot lot = { 0 };

          lot.item = item;
          lot.order = NO_ORDER;
          lot.qty = choose_size (def, total, plan->rng) / 1000;
          lot.at = receipt_time (plan, def, demand->t, last_at);
          lot.supplier = choose_supplier (def, plan->rng);
          lot.made_days = (guint16) rand_between (plan->rng, 10, 60);
          lot.by_po = chance (plan->rng, 250);
          last_at = lot.at;
          plan_add_lot (plan, &lot);
          stock += lot.qty;
        }
      stock -= q;
    }
}

/* Batches, purchased or made: first in, first out, skipping what expired.
 * A new lot is bought (or a batch made) when the ones at hand run out. */
static void
plan_batches (Plan   *plan,
              guint   item,
              GArray *demands,
              gint64  total)
{
  const ItemDef *def = &items[item];
  GArray *list = plan->item_lots[item];
  gint64 last_at = G_MININT64;
  guint cursor = 0;

  for (guint d = 0; d < demands->len; d++)
    {
      const Demand *demand = &g_array_index (demands, Demand, d);
      gint64 when = work_to_epoch (demand->t);
      gint64 need = demand->qty;

      while (need > 0)
        {
          Lot lot = { 0 };

          if (cursor < list->len)
            {
              Lot *current = LOT (plan, NTH (list, cursor));
              gint64 take;

              if (current->expires != 0 && current->expires <= when)
                {
                  cursor++;
                  continue;
                }
              take = MIN (need, current->plan_left);
              current->plan_left -= take;
              need -= take;
              if (current->plan_left == 0)
                cursor++;
              continue;
            }

          lot.item = item;
          lot.qty = choose_size (def, total, plan->rng);
          lot.plan_left = lot.qty;

          if (def->source == SOURCE_PRODUCED)
            {
              Order order = { 0 };
              gint64 end = demand->t - rand_between (plan->rng, WORK_DAY / 4, 2 * WORK_DAY);

              order.item = item;
              order.n_units = 1;
              order.batch_qty = lot.qty;
              order.planned = (guint32) (lot.qty / 1000);
              order.cycle = def->cycle * (lot.qty / 1000);
              order.start = end - order.cycle;
              order.status = finished_status (end);
              order.operator = (guint8) rand_between (plan->rng, 0, 3);
              order.lot = plan->lots->len;
              lot.at = end;
              lot.order = plan_add_order (plan, &order);
            }
          else
            {
              lot.order = NO_ORDER;
              lot.at = receipt_time (plan, def, demand->t, last_at);
              lot.expires = def->shelf_life > 0 ? work_to_epoch (lot.at) + (gint64) def->shelf_life * 86400 : 0;
              lot.supplier = choose_supplier (def, plan->rng);
              lot.made_days = (guint16) rand_between (plan->rng, 3, 45);
              lot.by_po = chance (plan->rng, 250);
              last_at = lot.at;
            }
          plan_add_lot (plan, &lot);
        }
    }

  if (def->source == SOURCE_PRODUCED)
    plan_open_orders (plan, item, 0, total / 1000);
}

static int
compare_demands (gconstpointer a,
                 gconstpointer b)
{
  const Demand *da = a;
  const Demand *db = b;

  if (da->t != db->t)
    return da->t < db->t ? -1 : 1;
  return da->order < db->order ? -1 : da->order > db->order;
}

/* Every planned use of an item, from the orders of the items that use it. */
static GArray *
collect_demands (Plan   *plan,
                 guint   item,
                 gint64 *total)
{
  GArray *demands = g_array_new (FALSE, FALSE, sizeof (Demand));

  *total = 0;
  for (guint b = 0; b < N_BOM; b++)
    {
      GArray *parents;

      if (bom[b].child != item || !bom[b].tracked)
        continue;
      parents = plan->item_orders[bom[b].parent];
      for (guint i = 0; i < parents->len; i++)
        {
          guint32 idx = NTH (parents, i);
          const Order *order = ORDER (plan, idx);
          Demand demand;

          if (order->status == PDG_ORDER_CREATED)
            continue;
          demand.t = order->start;
          demand.order = idx;
          demand.qty = items[bom[b].parent].tracking == PDG_TRACKING_BATCH ?
                       order->batch_qty * bom[b].qty / 1000 :
                       (gint64) order->n_units * bom[b].qty;
          g_array_append_val (demands, demand);
          *total += demand.qty;
        }
    }

  g_array_sort (demands, compare_demands);
  return demands;
}

static Plan *
plan_new (guint32 n_bikes,
          guint32 seed)
{
  Plan *plan = g_new0 (Plan, 1);
  int levels[N_ITEMS];
  int max_level = 0;

  plan->orders = g_array_new (FALSE, FALSE, sizeof (Order));
  plan->lots = g_array_new (FALSE, FALSE, sizeof (Lot));
  for (guint i = 0; i < N_ITEMS; i++)
    {
      plan->item_orders[i] = g_array_new (FALSE, FALSE, sizeof (guint32));
      plan->item_lots[i] = g_array_new (FALSE, FALSE, sizeof (guint32));
    }
  plan->rng = g_rand_new_with_seed (seed);
  plan->n_bikes = n_bikes;

  compute_levels (levels);
  for (guint i = 0; i < N_ITEMS; i++)
    max_level = MAX (max_level, levels[i]);

  for (int level = 0; level <= max_level; level++)
    {
      for (guint item = 0; item < N_ITEMS; item++)
        {
          const ItemDef *def = &items[item];
          g_autoptr(GArray) demands = NULL;
          gint64 total;

          if (levels[item] != level || def->source == SOURCE_NONE)
            continue;

          if (is_bike (item))
            {
              guint32 n_u = n_bikes * 45 / 100;
              guint32 n_t = n_bikes * 35 / 100;

              plan_bikes (plan, item, item == IT_EB_U ? n_u : item == IT_EB_T ? n_t : n_bikes - n_u - n_t);
              continue;
            }

          demands = collect_demands (plan, item, &total);
          if (def->tracking == PDG_TRACKING_BATCH)
            plan_batches (plan, item, demands, total);
          else if (def->source == SOURCE_PRODUCED)
            plan_serial_orders (plan, item, demands, total);
          else
            plan_deliveries (plan, item, demands, total);
        }
    }

  return plan;
}

/* Spare displays taken into stock for service, to make the unit count exact. */
static void
plan_add_service_stock (Plan    *plan,
                        guint64  n)
{
  while (n > 0)
    {
      Lot lot = { 0 };

      lot.item = IT_DSP;
      lot.order = NO_ORDER;
      lot.qty = (gint64) MIN (n, 500);
      lot.at = W_END - 3 * WORK_DAY - rand_between (plan->rng, 0, WORK_DAY);
      lot.supplier = SUP_TAICHUNG;
      lot.made_days = (guint16) rand_between (plan->rng, 10, 60);
      plan_add_lot (plan, &lot);
      n -= (guint64) lot.qty;
    }
}

/* The plan with exactly n_units units: the number of bikes whose plan comes
 * closest from below, topped up with service stock. */
static Plan *
plan_for_units (guint64 n_units,
                guint32 seed)
{
  guint32 best = 0;
  guint64 best_units = 0;
  guint32 n_bikes = (guint32) MAX (1, n_units / 16);
  Plan *plan;

  for (int i = 0; i < 16; i++)
    {
      g_autoptr(Plan) trial = plan_new (n_bikes, seed);
      guint32 next;

      if (trial->n_units <= n_units && trial->n_units > best_units)
        {
          best = n_bikes;
          best_units = trial->n_units;
        }
      if (best > 0 && n_units - best_units <= MAX (n_units / 4000, 4))
        break;

      next = (guint32) MAX (1, (double) n_bikes * (double) n_units / (double) trial->n_units);
      if (next == n_bikes)
        next = trial->n_units < n_units ? n_bikes + 1 : MAX (1, n_bikes - 1);
      if (next == n_bikes)
        break;
      n_bikes = next;
    }

  plan = plan_new (MAX (best, 1), seed);
  if (plan->n_units < n_units)
    plan_add_service_stock (plan, n_units - plan->n_units);
  return plan;
}

/* ------------------------------------------------------------------------ */
/* Bulk inserts                                                              */

/* Rows are collected BULK_ROWS at a time and written with one multi-row
 * INSERT, which saves most of SQLite's per-statement cost. Text is copied
 * into the arena (at most two texts of 255 bytes per row) and bound static. */
#define BULK_ROWS  128
#define BULK_COLS  11
#define BULK_TEXT  255
#define BULK_ARENA (BULK_ROWS * 2 * (BULK_TEXT + 1))

typedef enum
{
  VALUE_NULL,
  VALUE_INT,
  VALUE_REAL,
  VALUE_TEXT,
} ValueKind;

typedef struct
{
  ValueKind kind;
  int       len;
  union
  {
    gint64      i;
    double      d;
    const char *s;
  } v;
} Value;

typedef struct
{
  sqlite3_stmt *many;        /* owned; BULK_ROWS rows per step */
  sqlite3_stmt *one;         /* owned; one row per step, for the last rows */
  int           n_cols;
  int           n_pending;   /* rows filled and not yet written */
  guint64       n_rows;      /* rows written or pending */
  gsize         arena_used;
  Value         values[BULK_ROWS * BULK_COLS];
  char          arena[BULK_ARENA];
} Bulk;

static void
bulk_free (Bulk *bulk)
{
  if (bulk == NULL)
    return;
  sqlite3_finalize (bulk->many);
  sqlite3_finalize (bulk->one);
  g_free (bulk);
}

static Bulk *
bulk_new (sqlite3     *db,
          const char  *head,
          int          n_cols,
          GError     **error)
{
  g_autoptr(GString) tuple = g_string_new ("(");
  g_autoptr(GString) sql = g_string_new (head);
  g_autofree char *one_sql = NULL;
  Bulk *bulk = g_new0 (Bulk, 1);

  g_assert (n_cols <= BULK_COLS);
  bulk->n_cols = n_cols;

  for (int c = 0; c < n_cols; c++)
    g_string_append (tuple, c == 0 ? "?" : ",?");
  g_string_append_c (tuple, ')');

  one_sql = g_strconcat (head, tuple->str, NULL);
  for (int r = 0; r < BULK_ROWS; r++)
    {
      if (r > 0)
        g_string_append_c (sql, ',');
      g_string_append (sql, tuple->str);
    }

  if (sqlite3_prepare_v3 (db, sql->str, -1, SQLITE_PREPARE_PERSISTENT, &bulk->many, NULL) != SQLITE_OK ||
      sqlite3_prepare_v3 (db, one_sql, -1, SQLITE_PREPARE_PERSISTENT, &bulk->one, NULL) != SQLITE_OK)
    {
      g_set_error (error, PDG_GENERATOR_ERROR, PDG_GENERATOR_ERROR_FAILED,
                   _("Cannot prepare the bulk load: %s"), sqlite3_errmsg (db));
      bulk_free (bulk);
      return NULL;
    }

  return bulk;
}

static void
bind_value (sqlite3_stmt *stmt,
            int           idx,
            const Value  *value)
{
  switch (value->kind)
    {
    case VALUE_INT:
      sqlite3_bind_int64 (stmt, idx, value->v.i);
      break;
    case VALUE_REAL:
      sqlite3_bind_double (stmt, idx, value->v.d);
      break;
    case VALUE_TEXT:
      sqlite3_bind_text (stmt, idx, value->v.s, value->len, SQLITE_STATIC);
      break;
    case VALUE_NULL:
    default:
      sqlite3_bind_null (stmt, idx);
      break;
    }
}

/* Writes the pending rows; returns the SQLite result of the last step. */
static int
bulk_flush (Bulk *bulk)
{
  int rc = SQLITE_DONE;

  if (bulk->n_pending == BULK_ROWS)
    {
      for (int i = 0; i < BULK_ROWS * bulk->n_cols; i++)
        bind_value (bulk->many, i + 1, &bulk->values[i]);
      rc = sqlite3_step (bulk->many);
      sqlite3_reset (bulk->many);
    }
  else
    {
      for (int r = 0; r < bulk->n_pending && rc == SQLITE_DONE; r++)
        {
          for (int c = 0; c < bulk->n_cols; c++)
            bind_value (bulk->one, c + 1, &bulk->values[r * bulk->n_cols + c]);
          rc = sqlite3_step (bulk->one);
          sqlite3_reset (bulk->one);
        }
    }

  bulk->n_pending = 0;
  bulk->arena_used = 0;
  return rc;
}

/* The values of the next row, to fill; every column must be set. */
static inline Value *
bulk_row (Bulk *bulk)
{
  return &bulk->values[bulk->n_pending * bulk->n_cols];
}

static inline void
set_int (Value  *value,
         gint64  i)
{
  value->kind = VALUE_INT;
  value->v.i = i;
}

/* An id, or NULL for 0. */
static inline void
set_id (Value  *value,
        gint64  id)
{
  value->kind = id > 0 ? VALUE_INT : VALUE_NULL;
  value->v.i = id;
}

static inline void
set_real (Value  *value,
          double  d)
{
  value->kind = VALUE_REAL;
  value->v.d = d;
}

static inline void
set_null (Value *value)
{
  value->kind = VALUE_NULL;
}

/* Text that lives until the rows are written (static tables, the date table). */
static inline void
set_static (Value      *value,
            const char *text)
{
  if (text == NULL)
    {
      value->kind = VALUE_NULL;
      return;
    }
  value->kind = VALUE_TEXT;
  value->v.s = text;
  value->len = (int) strlen (text);
}

/* Text from a stack buffer: copied into the arena. */
static inline void
set_text (Bulk       *bulk,
          Value      *value,
          const char *text)
{
  gsize len;
  char *copy;

  if (text == NULL)
    {
      value->kind = VALUE_NULL;
      return;
    }
  len = MIN (strlen (text), BULK_TEXT);
  g_assert (bulk->arena_used + len + 1 <= BULK_ARENA);
  copy = bulk->arena + bulk->arena_used;
  memcpy (copy, text, len);
  copy[len] = '\0';
  bulk->arena_used += len + 1;

  value->kind = VALUE_TEXT;
  value->v.s = copy;
  value->len = (int) len;
}

/* ------------------------------------------------------------------------ */
/* The execution                                                             */

/* Per unit id, in Gen.flags: its status in the low bits, and what it is. */
#define STATUS_MASK     0x07
#define FLAG_WIP        0x20   /* registration still open: not reported as finished */
#define FLAG_BATCH      0x40
#define FLAG_FINISHED   0x80

static inline void
set_status (guint8        *flags,
            PdgUnitStatus  status)
{
  *flags = (guint8) ((*flags & ~STATUS_MASK) | status);
}

/* Where an item's stock stands, in plan order of its orders or lots. */
typedef struct
{
  guint   k;       /* the oldest order or lot not used up */
  guint   pos;     /* serials: the next unit within it */
  guint   recv;    /* purchases and batches: lots received (or made) so far */
  gint64  avail;   /* received and unused: 1/1000 uom, or pieces */
} Pool;

/* A run of consecutive unit ids made by one order or received in one lot. */
typedef enum
{
  RUN_ORDER,
  RUN_LOT,
} RunKind;

typedef struct
{
  gint64   first;
  guint32  idx;     /* into plan orders or lots */
  guint32  kind;    /* RunKind */
} Run;

/* A batch used by a unit, for the fan-out: lot index and consuming unit. */
typedef struct
{
  guint32 lot;
  guint32 parent;
} LotUse;

/* The truck load being filled with bikes. */
typedef struct
{
  gint64  at;          /* working seconds */
  guint32 left;        /* bikes it can still take */
  guint32 customer;
  char    doc[24];     /* DESADV number */
} Delivery;

typedef struct
{
  PdgStore             *store;          /* owned */
  sqlite3              *db;             /* borrowed from store */
  Plan                 *plan;           /* borrowed */
  GRand                *rng;            /* owned; the execution's own stream */
  GCancellable         *cancellable;    /* borrowed, nullable */
  PdgGeneratorProgress  progress;
  gpointer              progress_data;
  double                reported;       /* the last fraction reported */

  Bulk                 *orders;         /* owned */
  Bulk                 *bom_lines;      /* owned */
  Bulk                 *units;          /* owned */
  Bulk                 *associations;   /* owned */
  Bulk                 *events;         /* owned */
  int                   rc;             /* the first failed SQLite step, or SQLITE_DONE */

  gint64                n_units;        /* units of the plan: sizes of flags and parent */
  gint64                next_unit;      /* the next unit id to hand out */
  guint8               *flags;          /* owned; per unit id */
  guint32              *parent;         /* owned; per unit id: where a serial went */
  GArray               *uses;           /* owned; LotUse */
  GArray               *runs;           /* owned; Run, in unit id order */
  GHashTable           *batch_lots;     /* owned; produced batch unit id -> lot index */
  Pool                  pools[N_ITEMS];
  guint32               lot_counter[N_ITEMS];
  guint32               order_counter[N_YEARS];
  guint32               dn_counter[N_YEARS];
  guint32               asn_counter;
  guint32               po_counter;
  guint32               customer_weight;
  Delivery              delivery;
  gint64                last_at;        /* Unix time of the last production */
  guint64               finished;
  guint64               shortages;      /* components the plan failed to provide */
  gint64                lap_start;      /* monotonic time of the last lap () */
  char                  dates[N_DATES][11];
  guint16               day_of_year[N_DATES];
} Gen;

static void
gen_free (Gen *gen)
{
  bulk_free (gen->orders);
  bulk_free (gen->bom_lines);
  bulk_free (gen->units);
  bulk_free (gen->associations);
  bulk_free (gen->events);
  g_clear_pointer (&gen->rng, g_rand_free);
  g_free (gen->flags);
  g_free (gen->parent);
  g_clear_pointer (&gen->uses, g_array_unref);
  g_clear_pointer (&gen->runs, g_array_unref);
  g_clear_pointer (&gen->batch_lots, g_hash_table_unref);
  g_clear_object (&gen->store);
  g_free (gen);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Gen, gen_free)

static void
fill_dates (Gen *gen)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, FIRST_YEAR);
  for (int i = 0; i < N_DATES; i++)
    {
      g_snprintf (gen->dates[i], sizeof gen->dates[i], "%04u-%02u-%02u",
                  (guint) g_date_get_year (&date), (guint) g_date_get_month (&date),
                  (guint) g_date_get_day (&date));
      gen->day_of_year[i] = (guint16) g_date_get_day_of_year (&date);
      g_date_add_days (&date, 1);
    }
}

static int
day_index (gint64 epoch)
{
  return (int) CLAMP (floor_div (epoch - EPOCH_DATES, 86400), 0, N_DATES - 1);
}

static const char *
date_of (Gen    *gen,
         gint64  epoch)
{
  return gen->dates[day_index (epoch)];
}

/* The year of a Unix time. */
static int
year_of (Gen    *gen,
         gint64  epoch)
{
  const char *date = date_of (gen, epoch);

  return (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
}

static void
report (Gen    *gen,
        double  fraction)
{
  if (gen->progress != NULL && (fraction >= gen->reported + 0.01 || fraction >= 1.0))
    {
      gen->reported = fraction;
      gen->progress (MIN (fraction, 1.0), gen->progress_data);
    }
}

static inline void
bulk_done (Gen  *gen,
           Bulk *bulk)
{
  bulk->n_rows++;
  if (++bulk->n_pending == BULK_ROWS)
    {
      int rc = bulk_flush (bulk);

      if (rc != SQLITE_DONE && gen->rc == SQLITE_DONE)
        gen->rc = rc;
    }
}

static void
add_event (Gen          *gen,
           gint64        unit,
           PdgEventKind  kind,
           gint64        at,
           double        quantity,
           int           location,
           gint64        partner_id,
           gint64        order_id,
           const char   *doc_type,
           const char   *doc_ref,
           const char   *note)
{
  Bulk *bulk = gen->events;
  Value *v = bulk_row (bulk);

  set_int (&v[0], unit);
  set_int (&v[1], kind);
  set_int (&v[2], at);
  set_real (&v[3], quantity);
  set_id (&v[4], location >= 0 ? LOCATION_ID (location) : 0);
  set_id (&v[5], partner_id);
  set_id (&v[6], order_id);
  set_static (&v[7], doc_type);
  set_text (bulk, &v[8], doc_ref);
  set_text (bulk, &v[9], note);
  bulk_done (gen, bulk);
}

static void
add_association (Gen        *gen,
                 gint64      parent,
                 gint64      child,
                 double      quantity,
                 gint64      order_id,
                 const char *by,
                 gint64      at)
{
  Bulk *bulk = gen->associations;
  Value *v = bulk_row (bulk);

  set_int (&v[0], parent);
  set_int (&v[1], child);
  set_real (&v[2], quantity);
  set_id (&v[3], order_id);
  set_static (&v[4], by);
  set_int (&v[5], at);
  bulk_done (gen, bulk);
}

static gint64
new_units (Gen     *gen,
           gint64   n,
           RunKind  kind,
           guint32  idx)
{
  Run run = { gen->next_unit, idx, kind };

  g_assert (gen->next_unit + n <= gen->n_units + 1);
  g_array_append_val (gen->runs, run);
  gen->next_unit += n;
  return run.first;
}

/* Receives a planned purchase: its units, and one receipt event per unit. */
static void
receive_lot (Gen     *gen,
             guint32  idx)
{
  Lot *lot = LOT (gen->plan, idx);
  const ItemDef *def = &items[lot->item];
  gboolean serial = def->tracking == PDG_TRACKING_SERIAL;
  gint64 n = serial ? lot->qty : 1;
  gint64 at = work_to_epoch (lot->at);
  char doc[32];

  lot->unit_id = new_units (gen, n, RUN_LOT, idx);
  lot->left = lot->qty;
  lot->counter = ++gen->lot_counter[lot->item];

  if (lot->by_po)
    g_snprintf (doc, sizeof doc, "45%08u", 1000 + ++gen->po_counter);
  else
    g_snprintf (doc, sizeof doc, "ASN-%s-%06u", suppliers[lot->supplier].code + 2, ++gen->asn_counter);

  for (gint64 i = 0; i < n; i++)
    {
      gint64 unit = lot->unit_id + i;

      gen->flags[unit] = serial ? PDG_UNIT_STATUS_AVAILABLE : (PDG_UNIT_STATUS_AVAILABLE | FLAG_BATCH);
      add_event (gen, unit, PDG_EVENT_RECEIPT, at, serial ? 1.0 : lot->qty / 1000.0,
                 def->location, SUPPLIER_ID (lot->supplier), 0,
                 lot->by_po ? "PO" : "DESADV", doc,
                 !serial && def->shelf_life > 0 ? "Incoming inspection passed; certificate of analysis on file" : NULL);
    }
}

/* Disposes of what is left of lots whose shelf life ended before `when`. */
static void
retire_expired (Gen    *gen,
                guint   item,
                gint64  when)
{
  Pool *pool = &gen->pools[item];
  GArray *list = gen->plan->item_lots[item];

  while (pool->k < pool->recv)
    {
      Lot *lot = LOT (gen->plan, NTH (list, pool->k));

      if (lot->expires == 0 || lot->expires > when)
        break;
      if (lot->left > 0)
        {
          add_event (gen, lot->unit_id, PDG_EVENT_SCRAP, lot->expires, lot->left / 1000.0,
                     items[item].location, 0, 0, NULL, NULL,
                     "Shelf life expired; remainder disposed of");
          pool->avail -= lot->left;
          lot->left = 0;
          set_status (&gen->flags[lot->unit_id], PDG_UNIT_STATUS_SCRAPPED);
        }
      pool->k++;
    }
}

/* Makes sure `need` of a batch item (or pieces of a purchased serial) are at
 * hand: receives the next planned lots; made batches must have been made. */
static void
ensure_stock (Gen    *gen,
              guint   item,
              gint64  need,
              gint64  when)
{
  Pool *pool = &gen->pools[item];
  GArray *list = gen->plan->item_lots[item];

  if (items[item].tracking == PDG_TRACKING_BATCH)
    retire_expired (gen, item, when);

  while (pool->avail < need && pool->recv < list->len)
    {
      guint32 idx = NTH (list, pool->recv);
      Lot *lot = LOT (gen->plan, idx);

      if (lot->order != NO_ORDER)
        {
          if (lot->unit_id == 0)
            break;
        }
      else
        receive_lot (gen, idx);
      pool->avail += lot->left;
      pool->recv++;
    }
}

/* The oldest available serial of a produced item, or 0. */
static gint64
pop_produced (Gen   *gen,
              guint  item)
{
  Pool *pool = &gen->pools[item];
  GArray *list = gen->plan->item_orders[item];

  while (pool->k < list->len)
    {
      const Order *order = ORDER (gen->plan, NTH (list, pool->k));
      gint64 unit;

      if (order->first_unit == 0 || order->status == PDG_ORDER_STARTED)
        return 0;
      if (pool->pos >= order->n_units)
        {
          pool->k++;
          pool->pos = 0;
          continue;
        }
      unit = order->first_unit + pool->pos++;
      if ((gen->flags[unit] & STATUS_MASK) == PDG_UNIT_STATUS_AVAILABLE)
        return unit;
    }
  return 0;
}

/* The oldest received purchased serial, or 0. */
static gint64
pop_delivered (Gen   *gen,
               guint  item)
{
  Pool *pool = &gen->pools[item];
  GArray *list = gen->plan->item_lots[item];

  while (pool->k < pool->recv)
    {
      const Lot *lot = LOT (gen->plan, NTH (list, pool->k));

      if (pool->pos >= lot->qty)
        {
          pool->k++;
          pool->pos = 0;
          continue;
        }
      pool->avail--;
      return lot->unit_id + pool->pos++;
    }
  return 0;
}

/* Takes `qty` of a batch item, oldest lot first, into `parent`. */
static void
take_batch (Gen        *gen,
            guint       item,
            gint64      qty,
            gint64      parent,
            gint64      order_id,
            const char *by,
            gint64      at)
{
  Pool *pool = &gen->pools[item];
  GArray *list = gen->plan->item_lots[item];

  while (qty > 0)
    {
      guint32 idx;
      Lot *lot;
      gint64 take;
      LotUse use;

      if (pool->k >= pool->recv)
        {
          gen->shortages++;
          return;
        }
      idx = NTH (list, pool->k);
      lot = LOT (gen->plan, idx);
      take = MIN (qty, lot->left);
      if (take > 0)
        {
          add_association (gen, parent, lot->unit_id, take / 1000.0, order_id, by, at);
          use.lot = idx;
          use.parent = (guint32) parent;
          g_array_append_val (gen->uses, use);
          lot->left -= take;
          pool->avail -= take;
          qty -= take;
        }
      if (lot->left == 0)
        {
          set_status (&gen->flags[lot->unit_id], PDG_UNIT_STATUS_CONSUMED);
          pool->k++;
        }
    }
}

static void
write_order (Gen         *gen,
             const Order *order)
{
  const ItemDef *def = &items[order->item];
  Bulk *bulk = gen->orders;
  Value *v = bulk_row (bulk);
  gint64 start = work_to_epoch (order->start);
  int year = year_of (gen, start);
  gboolean batch = def->tracking == PDG_TRACKING_BATCH;
  double made = batch ? (order->n_units > 0 ? order->batch_qty / 1000.0 : 0) : order->n_units;
  double good = batch ? made : (double) (order->n_units - order->n_scrap);
  char number[32];
  guint line_no = 0;

  g_snprintf (number, sizeof number, "PO-%04d-%06u", year,
              ++gen->order_counter[CLAMP (year - FIRST_YEAR, 0, N_YEARS - 1)]);

  set_int (&v[0], order->id);
  set_text (bulk, &v[1], number);
  set_int (&v[2], ITEM_ID (order->item));
  set_real (&v[3], order->planned);
  set_real (&v[4], made);
  set_real (&v[5], order->status == PDG_ORDER_ENDED || order->status == PDG_ORDER_REPORTED ? good : 0);
  set_real (&v[6], order->n_scrap);
  set_int (&v[7], order->status);
  set_int (&v[8], LOCATION_ID (def->location));
  if (order->status == PDG_ORDER_CREATED)
    set_null (&v[9]);
  else
    set_int (&v[9], start);
  if (order->status == PDG_ORDER_ENDED)
    set_int (&v[10], work_to_epoch (order->start + order->cycle * (batch ? 1 : order->n_units)));
  else
    set_null (&v[10]);
  bulk_done (gen, bulk);

  for (guint b = 0; b < N_BOM; b++)
    {
      if (bom[b].parent != order->item)
        continue;
      v = bulk_row (gen->bom_lines);
      set_int (&v[0], order->id);
      set_int (&v[1], ++line_no * 10);
      set_int (&v[2], ITEM_ID (bom[b].child));
      set_real (&v[3], bom[b].qty / 1000.0);
      set_int (&v[4], bom[b].tracked ? 1 : 0);
      bulk_done (gen, gen->bom_lines);
    }
}

static guint32
choose_customer (Gen *gen)
{
  /* Dealers differ in size: weights 1..5, fixed by position. */
  guint32 pick = (guint32) rand_between (gen->rng, 0, gen->customer_weight - 1);

  for (guint c = 0; c < N_CUSTOMERS; c++)
    {
      guint32 weight = 1 + (c * 7) % 5;

      if (pick < weight)
        return c;
      pick -= weight;
    }
  return 0;
}

/* A good bike: final test, into the finished goods warehouse, and onto a
 * truck to a dealer unless it is held back or made too late. */
static void
finish_bike (Gen    *gen,
             gint64  unit,
             gint64  t)
{
  gint64 at = work_to_epoch (t);
  guint32 max_load = CLAMP (gen->plan->n_bikes / 150, 2, 30);
  Delivery *delivery = &gen->delivery;

  add_event (gen, unit, PDG_EVENT_INSPECTION, at + 900, 0, LOC_ASSEMBLY, 0, 0, NULL, NULL,
             "Final test passed");
  add_event (gen, unit, PDG_EVENT_TRANSFER, at + 3600, 1, LOC_FINISHED, 0, 0, NULL, NULL, NULL);

  if (chance (gen->rng, 20))
    return;

  if (delivery->left == 0 || delivery->at < t + WORK_DAY / 4 || delivery->at > t + 12 * WORK_DAY)
    {
      gint64 ship = t + rand_between (gen->rng, WORK_DAY / 2, 8 * WORK_DAY);
      int year;

      if (ship >= W_END)
        return;
      year = year_of (gen, work_to_epoch (ship));
      delivery->at = ship;
      delivery->left = (guint32) rand_between (gen->rng, 1, max_load);
      delivery->customer = choose_customer (gen);
      g_snprintf (delivery->doc, sizeof delivery->doc, "DN-%04d-%06u", year,
                  ++gen->dn_counter[CLAMP (year - FIRST_YEAR, 0, N_YEARS - 1)]);
    }

  delivery->left--;
  add_event (gen, unit, PDG_EVENT_SHIPMENT, work_to_epoch (delivery->at), 1, LOC_FINISHED,
             CUSTOMER_ID (delivery->customer), 0, "DESADV", delivery->doc, NULL);
  set_status (&gen->flags[unit], PDG_UNIT_STATUS_SHIPPED);
}

/* One production order: components staged at the start, then unit by unit
 * its registrations, production event and fate. */
static void
execute_order (Gen   *gen,
               Order *order)
{
  const ItemDef *def = &items[order->item];
  gboolean batch = def->tracking == PDG_TRACKING_BATCH;
  gint64 start = work_to_epoch (order->start);
  guint lines[8];
  guint n_lines = 0;
  guint32 next_scrap = G_MAXUINT32;
  guint32 n_scrapped = 0;
  int location = def->location;

  write_order (gen, order);
  if (order->status == PDG_ORDER_CREATED)
    return;

  for (guint b = 0; b < N_BOM; b++)
    {
      const ItemDef *child;

      if (bom[b].parent != order->item || !bom[b].tracked)
        continue;
      g_assert (n_lines < G_N_ELEMENTS (lines));
      lines[n_lines++] = b;
      child = &items[bom[b].child];
      if (child->tracking == PDG_TRACKING_BATCH)
        ensure_stock (gen, bom[b].child,
                      batch ? order->batch_qty * bom[b].qty / 1000 : (gint64) order->n_units * bom[b].qty,
                      start);
      else if (child->source == SOURCE_PURCHASED)
        ensure_stock (gen, bom[b].child, (gint64) order->n_units * bom[b].qty / 1000, start);
    }

  order->first_unit = new_units (gen, order->n_units, RUN_ORDER,
                                 (guint32) (order - &g_array_index (gen->plan->orders, Order, 0)));

  if (batch)
    {
      /* A made batch: one unit, its material taken when the order starts. */
      Lot *lot = LOT (gen->plan, order->lot);
      gint64 unit = order->first_unit;
      gint64 end = work_to_epoch (order->start + order->cycle);
      const char *by = operators[location][order->operator];

      lot->unit_id = unit;
      lot->left = lot->qty;
      lot->counter = ++gen->lot_counter[order->item];
      gen->flags[unit] = PDG_UNIT_STATUS_AVAILABLE | FLAG_BATCH;
      g_hash_table_insert (gen->batch_lots, GSIZE_TO_POINTER ((gsize) unit), GUINT_TO_POINTER (order->lot));
      for (guint l = 0; l < n_lines; l++)
        take_batch (gen, bom[lines[l]].child, order->batch_qty * bom[lines[l]].qty / 1000,
                    unit, order->id, by, start + 300 + 20 * l);
      add_event (gen, unit, PDG_EVENT_PRODUCTION, end, lot->qty / 1000.0, location, 0, order->id,
                 NULL, NULL, NULL);
      gen->last_at = MAX (gen->last_at, end);
      return;
    }

  if (order->n_scrap > 0)
    next_scrap = (guint32) (g_rand_double (gen->rng) * order->n_units / order->n_scrap);

  for (guint32 i = 0; i < order->n_units; i++)
    {
      gint64 unit = order->first_unit + i;
      gint64 t = order->start + (gint64) i * order->cycle + 60;
      gint64 at = work_to_epoch (t);
      gboolean open = order->status == PDG_ORDER_STARTED && i >= order->n_units - order->n_open;
      guint missing = open ? (guint) rand_between (gen->rng, 0, n_lines - 1) : G_MAXUINT;
      const char *by = operators[location][(order->operator + i / 40) % 4];

      gen->flags[unit] = PDG_UNIT_STATUS_AVAILABLE | (is_bike (order->item) ? FLAG_FINISHED : 0);

      for (guint l = 0; l < n_lines; l++)
        {
          const BomDef *line = &bom[lines[l]];
          const ItemDef *child = &items[line->child];
          gint64 reg_at = at + 20 * (l + 1);

          if (open && (l == missing || chance (gen->rng, 400)))
            continue;

          if (child->tracking == PDG_TRACKING_BATCH)
            {
              take_batch (gen, line->child, line->qty, unit, order->id, by, reg_at);
              continue;
            }

          for (gint64 q = 0; q < line->qty / 1000; q++)
            {
              gint64 component = child->source == SOURCE_PURCHASED ?
                                 pop_delivered (gen, line->child) : pop_produced (gen, line->child);

              if (component == 0)
                {
                  gen->shortages++;
                  break;
                }
              add_association (gen, unit, component, 1.0, order->id, by, reg_at);
              set_status (&gen->flags[component], PDG_UNIT_STATUS_CONSUMED);
              gen->parent[component] = (guint32) unit;
            }
        }

      /* A unit whose registration is still open is not reported as
       * finished yet: no production event, nothing on hand. */
      if (is_bike (order->item))
        gen->finished++;
      if (open)
        {
          gen->flags[unit] |= FLAG_WIP;
          continue;
        }

      add_event (gen, unit, PDG_EVENT_PRODUCTION, at, 1, location, 0, order->id, NULL, NULL, NULL);
      gen->last_at = MAX (gen->last_at, at);

      if (i == next_scrap)
        {
          add_event (gen, unit, PDG_EVENT_INSPECTION, at + 600, 0, location, 0, order->id,
                     NULL, NULL, def->fail_note);
          add_event (gen, unit, PDG_EVENT_SCRAP, at + 1800, 1, location, 0, order->id,
                     NULL, NULL, "Scrapped after the failed test");
          set_status (&gen->flags[unit], PDG_UNIT_STATUS_SCRAPPED);
          n_scrapped++;
          /* The k-th of them somewhere in the k-th stretch of the order. */
          if (n_scrapped < order->n_scrap)
            next_scrap = MAX (i + 1, (guint32) ((n_scrapped + g_rand_double (gen->rng)) *
                                                order->n_units / order->n_scrap));
          else
            next_scrap = G_MAXUINT32;
          continue;
        }

      if (order->status == PDG_ORDER_STARTED)
        continue;

      if (is_bike (order->item))
        finish_bike (gen, unit, t);
      else if (order->item == IT_BAT14 || order->item == IT_BAT21)
        {
          gboolean big = order->item == IT_BAT21;
          char note[96];

          g_snprintf (note, sizeof note, "End-of-line test passed: %u.%u Ah, %u mΩ",
                      big ? 21u : 14u, (guint) rand_between (gen->rng, 0, 8),
                      (guint) (big ? rand_between (gen->rng, 24, 32) : rand_between (gen->rng, 35, 48)));
          add_event (gen, unit, PDG_EVENT_INSPECTION, at + 900, 0, location, 0, order->id,
                     NULL, NULL, note);
        }
    }

  g_assert (n_scrapped == order->n_scrap);
}

/* A lot number in the supplier's (or frame shop's) style. */
static void
format_lot (Gen        *gen,
            const Lot  *lot,
            gint64      epoch,
            char       *out,
            gsize       size)
{
  const ItemDef *def = &items[lot->item];
  int day = day_index (epoch);
  const char *date = gen->dates[day];
  int yy = (date[2] - '0') * 10 + (date[3] - '0');
  int mm = (date[5] - '0') * 10 + (date[6] - '0');
  int dd = (date[8] - '0') * 10 + (date[9] - '0');

  switch (def->lot_style)
    {
    case LOT_DAY_SEQ:
      g_snprintf (out, size, "%s%02d%03u-%04u", def->lot_prefix, yy, (guint) gen->day_of_year[day], lot->counter);
      break;
    case LOT_DATE_SEQ:
      g_snprintf (out, size, "%s%02d%02d%02d-%03u", def->lot_prefix, yy, mm, dd, lot->counter);
      break;
    case LOT_YEAR_SEQ:
      g_snprintf (out, size, "%s%02d%05u", def->lot_prefix, yy, lot->counter);
      break;
    case LOT_HEAT:
    default:
      g_snprintf (out, size, "%s%02d-%05u", def->lot_prefix, yy, 30000 + lot->counter * 7);
      break;
    }
}

static void
write_unit (Gen        *gen,
            gint64      id,
            guint       item,
            const char *lot,
            double      quantity,
            double      on_hand,
            PdgOrigin   origin,
            const char *produced_on,
            const char *expires_on,
            gint64      order_id,
            int         location)
{
  Bulk *bulk = gen->units;
  Value *v = bulk_row (bulk);

  set_int (&v[0], ITEM_ID (item));
  set_text (bulk, &v[1], lot);
  set_real (&v[2], quantity);
  set_real (&v[3], on_hand);
  set_int (&v[4], gen->flags[id] & STATUS_MASK);
  set_int (&v[5], origin);
  set_static (&v[6], produced_on);
  set_static (&v[7], expires_on);
  set_id (&v[8], order_id);
  set_int (&v[9], LOCATION_ID (location));
  bulk_done (gen, bulk);
}

static gboolean
serial_on_hand (guint8 flags)
{
  guint status = flags & STATUS_MASK;

  return (flags & FLAG_WIP) == 0 &&
         (status == PDG_UNIT_STATUS_AVAILABLE || status == PDG_UNIT_STATUS_BLOCKED);
}

/* Unit rows, in id order, now that every unit's fate is known. */
static gboolean
write_units (Gen     *gen,
             GError **error)
{
  guint32 serials[N_ITEMS] = { 0 };
  char lot_text[40];

  for (guint r = 0; r < gen->runs->len; r++)
    {
      const Run *run = &g_array_index (gen->runs, Run, r);

      if (run->kind == RUN_ORDER)
        {
          const Order *order = ORDER (gen->plan, run->idx);
          const ItemDef *def = &items[order->item];

          if (def->tracking == PDG_TRACKING_BATCH)
            {
              const Lot *lot = LOT (gen->plan, order->lot);
              gint64 end = work_to_epoch (order->start + order->cycle);

              format_lot (gen, lot, end, lot_text, sizeof lot_text);
              write_unit (gen, run->first, order->item, lot_text, lot->qty / 1000.0, lot->left / 1000.0,
                          PDG_ORIGIN_PRODUCED, date_of (gen, end), NULL, order->id, def->location);
              continue;
            }

          for (guint32 i = 0; i < order->n_units; i++)
            {
              gint64 id = run->first + i;
              gint64 at = work_to_epoch (order->start + (gint64) i * order->cycle + 60);
              const char *date = date_of (gen, at);
              guint8 flags = gen->flags[id];
              int location = def->location;

              if (is_bike (order->item) && order->status != PDG_ORDER_STARTED &&
                  (flags & STATUS_MASK) != PDG_UNIT_STATUS_SCRAPPED)
                location = LOC_FINISHED;

              g_snprintf (lot_text, sizeof lot_text, "%s-%c%c-%07u",
                          def->lot_prefix, date[2], date[3], ++serials[order->item]);
              write_unit (gen, id, order->item, lot_text, 1, serial_on_hand (flags) ? 1 : 0,
                          PDG_ORIGIN_PRODUCED, date, NULL, order->id, location);
            }
        }
      else
        {
          const Lot *lot = LOT (gen->plan, run->idx);
          const ItemDef *def = &items[lot->item];
          gint64 received = work_to_epoch (lot->at);
          const char *made = date_of (gen, received - (gint64) lot->made_days * 86400);
          const char *expires = lot->expires != 0 ? date_of (gen, lot->expires) : NULL;

          if (def->tracking == PDG_TRACKING_BATCH)
            {
              format_lot (gen, lot, received, lot_text, sizeof lot_text);
              write_unit (gen, run->first, lot->item, lot_text, lot->qty / 1000.0, lot->left / 1000.0,
                          PDG_ORIGIN_PURCHASED, made, expires, 0, def->location);
              continue;
            }

          for (gint64 i = 0; i < lot->qty; i++)
            {
              gint64 id = run->first + i;

              g_snprintf (lot_text, sizeof lot_text, "%s%c%c%08u", def->lot_prefix, made[2], made[3],
                          ++serials[lot->item]);
              write_unit (gen, id, lot->item, lot_text, 1, serial_on_hand (gen->flags[id]) ? 1 : 0,
                          PDG_ORIGIN_PURCHASED, made, NULL, 0, def->location);
            }
        }

      if ((r & 1023) == 0)
        {
          report (gen, 0.75 + 0.23 * (double) run->first / (double) gen->n_units);
          if (g_cancellable_set_error_if_cancelled (gen->cancellable, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* Finished units fed by each purchased lot; the widest lot goes into stats.
 * A serial is in at most one parent, so each serial's finished unit is found
 * walking down from the highest id (parents are always made after their
 * components); batches are fanned out through their users. */
static void
compute_fanout (Gen               *gen,
                PdgGeneratorStats *stats)
{
  guint32 *finished = gen->parent;
  guint n_lots = gen->plan->lots->len;
  g_autofree guint32 *offsets = g_new0 (guint32, n_lots + 2);
  g_autofree guint32 *users = g_new (guint32, MAX (gen->uses->len, 1));
  g_autofree guint32 *mark = g_new0 (guint32, gen->n_units + 1);
  gint64 best_unit = 0;
  guint64 best = 0;

  for (gint64 u = gen->next_unit - 1; u >= 1; u--)
    {
      if (gen->flags[u] & FLAG_FINISHED)
        finished[u] = (guint32) u;
      else if (finished[u] != 0)
        finished[u] = finished[finished[u]];
    }

  /* Users of each lot, grouped (counting sort on the lot). */
  for (guint i = 0; i < gen->uses->len; i++)
    offsets[g_array_index (gen->uses, LotUse, i).lot + 2]++;
  for (guint l = 2; l < n_lots + 2; l++)
    offsets[l] += offsets[l - 1];
  for (guint i = 0; i < gen->uses->len; i++)
    {
      const LotUse *use = &g_array_index (gen->uses, LotUse, i);

      users[offsets[use->lot + 1]++] = use->parent;
    }

  for (guint l = 0; l < n_lots; l++)
    {
      const Lot *lot = LOT (gen->plan, l);
      guint64 count = 0;

      if (lot->order != NO_ORDER || lot->unit_id == 0 || items[lot->item].tracking != PDG_TRACKING_BATCH)
        continue;

      for (guint32 j = offsets[l]; j < offsets[l + 1]; j++)
        {
          guint32 user = users[j];
          guint32 first = j;
          guint32 last = j + 1;

          if (gen->flags[user] & FLAG_BATCH)
            {
              guint batch = GPOINTER_TO_UINT (g_hash_table_lookup (gen->batch_lots, GSIZE_TO_POINTER ((gsize) user)));

              first = offsets[batch];
              last = offsets[batch + 1];
            }

          for (guint32 k = first; k < last; k++)
            {
              guint32 f = (gen->flags[user] & FLAG_BATCH) ? finished[users[k]] : finished[user];

              if (f != 0 && mark[f] != l + 1)
                {
                  mark[f] = l + 1;
                  count++;
                }
            }
        }

      if (count > best || (count == best && count > 0 && lot->unit_id < best_unit))
        {
          best = count;
          best_unit = lot->unit_id;
        }
    }

  stats->fanout_unit = best_unit;
  stats->fanout_finished = best;
}

/* The last touches: expired stock disposed of, planned stock received, one
 * cell lot on quality hold. */
static void
close_books (Gen *gen)
{
  gint64 now = work_to_epoch (W_END);
  gint64 held = 0;

  for (guint item = 0; item < N_ITEMS; item++)
    {
      const ItemDef *def = &items[item];
      GArray *list = gen->plan->item_lots[item];
      Pool *pool = &gen->pools[item];

      if (def->source != SOURCE_PURCHASED)
        continue;
      if (def->tracking == PDG_TRACKING_BATCH)
        retire_expired (gen, item, now);
      while (pool->recv < list->len)
        {
          Lot *lot = LOT (gen->plan, NTH (list, pool->recv));

          receive_lot (gen, NTH (list, pool->recv));
          pool->avail += lot->left;
          pool->recv++;
        }
    }

  /* The newest cell lot still in stock goes on hold. */
  for (guint i = gen->plan->item_lots[IT_CELL]->len; i > 0 && held == 0; i--)
    {
      Lot *lot = LOT (gen->plan, NTH (gen->plan->item_lots[IT_CELL], i - 1));

      if (lot->unit_id != 0 && lot->left > 0 && (gen->flags[lot->unit_id] & STATUS_MASK) == PDG_UNIT_STATUS_AVAILABLE)
        {
          held = lot->unit_id;
          set_status (&gen->flags[held], PDG_UNIT_STATUS_BLOCKED);
          add_event (gen, held, PDG_EVENT_INSPECTION, work_to_epoch (lot->at) + 86400, 0, LOC_IN_LEIPZIG,
                     0, 0, NULL, NULL,
                     "Quality hold: sample capacity below specification, lot blocked");
        }
    }
}

static int
compare_order_refs (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  Plan *plan = user_data;
  guint32 ia = *(const guint32 *) a;
  guint32 ib = *(const guint32 *) b;
  gint64 sa = ORDER (plan, ia)->start;
  gint64 sb = ORDER (plan, ib)->start;

  if (sa != sb)
    return sa < sb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

static gboolean
check_rc (Gen     *gen,
          GError **error)
{
  if (gen->rc == SQLITE_DONE)
    return TRUE;
  g_set_error (error, PDG_GENERATOR_ERROR, PDG_GENERATOR_ERROR_FAILED,
               _("Could not write the generated data: %s"), sqlite3_errstr (gen->rc));
  return FALSE;
}

static gboolean
flush_all (Gen     *gen,
           GError **error)
{
  Bulk *bulks[] = { gen->orders, gen->bom_lines, gen->units, gen->associations, gen->events };

  for (guint i = 0; i < G_N_ELEMENTS (bulks); i++)
    {
      int rc = bulks[i]->n_pending > 0 ? bulk_flush (bulks[i]) : SQLITE_DONE;

      if (rc != SQLITE_DONE && gen->rc == SQLITE_DONE)
        gen->rc = rc;
    }
  return check_rc (gen, error);
}

/* Runs every order in time order. */
static gboolean
execute_plan (Gen     *gen,
              GError **error)
{
  Plan *plan = gen->plan;
  g_autofree guint32 *sequence = g_new (guint32, MAX (plan->orders->len, 1));

  for (guint i = 0; i < plan->orders->len; i++)
    sequence[i] = i;
  g_qsort_with_data (sequence, (gint) plan->orders->len, sizeof (guint32), compare_order_refs, plan);

  for (guint i = 0; i < plan->orders->len; i++)
    {
      Order *order = ORDER (plan, sequence[i]);

      order->id = i + 1;
      execute_order (gen, order);

      if ((i & 63) == 0)
        {
          report (gen, 0.02 + 0.73 * (double) gen->next_unit / (double) gen->n_units);
          if (g_cancellable_set_error_if_cancelled (gen->cancellable, error) ||
              !check_rc (gen, error))
            return FALSE;
        }
    }

  close_books (gen);
  return check_rc (gen, error);
}

static gboolean
exec_sql (Gen         *gen,
          const char  *sql,
          GError     **error)
{
  if (sqlite3_exec (gen->db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  g_set_error (error, PDG_GENERATOR_ERROR, PDG_GENERATOR_ERROR_FAILED,
               _("Could not write the generated data (%s): %s"), sql, sqlite3_errmsg (gen->db));
  return FALSE;
}

static gboolean
step_once (Gen           *gen,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  g_set_error (error, PDG_GENERATOR_ERROR, PDG_GENERATOR_ERROR_FAILED,
               _("Could not write the generated data: %s"), sqlite3_errmsg (gen->db));
  return FALSE;
}

static gboolean
prepare (Gen           *gen,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v2 (gen->db, sql, -1, stmt, NULL) == SQLITE_OK)
    return TRUE;
  g_set_error (error, PDG_GENERATOR_ERROR, PDG_GENERATOR_ERROR_FAILED,
               _("Could not write the generated data: %s"), sqlite3_errmsg (gen->db));
  return FALSE;
}

/* Partners, locations and items. */
static gboolean
write_master_data (Gen     *gen,
                   GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  if (!prepare (gen, "INSERT INTO partner (id, kind, code, name, city, country)"
                     " VALUES (?, ?, ?, ?, ?, ?)", &stmt, error))
    return FALSE;
  for (guint i = 0; ok && i < N_SUPPLIERS + N_CUSTOMERS; i++)
    {
      gboolean supplier = i < N_SUPPLIERS;
      const PartnerDef *p = supplier ? &suppliers[i] : &customers[i - N_SUPPLIERS];

      sqlite3_bind_int64 (stmt, 1, i + 1);
      sqlite3_bind_int (stmt, 2, supplier ? PDG_PARTNER_SUPPLIER : PDG_PARTNER_CUSTOMER);
      sqlite3_bind_text (stmt, 3, p->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, p->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, p->city, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, p->country, -1, SQLITE_STATIC);
      ok = step_once (gen, stmt, error);
    }
  sqlite3_finalize (stmt);
  if (!ok || !prepare (gen, "INSERT INTO location (id, code, name) VALUES (?, ?, ?)", &stmt, error))
    return FALSE;
  for (guint i = 0; ok && i < N_LOCATIONS; i++)
    {
      sqlite3_bind_int64 (stmt, 1, LOCATION_ID (i));
      sqlite3_bind_text (stmt, 2, locations[i].code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, locations[i].name, -1, SQLITE_STATIC);
      ok = step_once (gen, stmt, error);
    }
  sqlite3_finalize (stmt);
  if (!ok || !prepare (gen,
                       "INSERT INTO item (id, number, description, tracking, uom, gtin, shelf_life_days)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)", &stmt, error))
    return FALSE;
  for (guint i = 0; ok && i < N_ITEMS; i++)
    {
      char gtin[15];

      sqlite3_bind_int64 (stmt, 1, ITEM_ID (i));
      sqlite3_bind_text (stmt, 2, items[i].number, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, items[i].description, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, items[i].tracking);
      sqlite3_bind_text (stmt, 5, items[i].uom, -1, SQLITE_STATIC);
      if (items[i].gtin != NULL)
        {
          make_gtin (items[i].gtin, gtin);
          sqlite3_bind_text (stmt, 6, gtin, -1, SQLITE_TRANSIENT);
        }
      else
        sqlite3_bind_null (stmt, 6);
      sqlite3_bind_int (stmt, 7, items[i].shelf_life);
      ok = step_once (gen, stmt, error);
    }
  sqlite3_finalize (stmt);

  return ok;
}

/* The one audit entry of the generation, dated by the last production. */
static gboolean
write_audit (Gen      *gen,
             guint32   seed,
             guint64   counts[],
             GError  **error)
{
  const char * const *tables = pdg_store_table_names ();
  g_autoptr(GString) after = g_string_new (NULL);

  g_string_append_printf (after, "{\"generator\":\"e-bike factory\",\"seed\":%u,\"units\":%" G_GINT64_FORMAT
                          ",\"bikes\":%u,\"rows\":{", seed, gen->next_unit - 1, gen->plan->n_bikes);
  for (guint t = 0; tables[t] != NULL; t++)
    g_string_append_printf (after, "%s\"%s\":%" G_GUINT64_FORMAT, t > 0 ? "," : "", tables[t], counts[t]);
  g_string_append (after, "}}");

  pdg_store_set_clock (gen->store, gen->last_at);
  return pdg_store_audit (gen->store, "database.generate", "database", 0, NULL, after->str, error) > 0;
}

static gboolean
prepare_bulks (Gen     *gen,
               GError **error)
{
  gen->orders = bulk_new (gen->db,
                          "INSERT INTO production_order (id, number, item_id, planned_qty, started_qty,"
                          " good_qty, error_qty, status, location_id, started_at, ended_at) VALUES ",
                          11, error);
  if (gen->orders == NULL)
    return FALSE;
  gen->bom_lines = bulk_new (gen->db,
                             "INSERT INTO bom_line (order_id, line_no, item_id, qty_per, tracked) VALUES ",
                             5, error);
  if (gen->bom_lines == NULL)
    return FALSE;
  /* No id column: units go into the empty table in id order, so SQLite hands
   * out exactly the ids the associations and events already use (checked
   * in generate()), without a lookup per row. */
  gen->units = bulk_new (gen->db,
                         "INSERT INTO unit (item_id, lot, quantity, on_hand, status, origin,"
                         " produced_on, expires_on, order_id, location_id) VALUES ",
                         10, error);
  if (gen->units == NULL)
    return FALSE;
  gen->associations = bulk_new (gen->db,
                                "INSERT INTO association (parent_id, child_id, quantity, order_id,"
                                " created_by, created_at) VALUES ",
                                6, error);
  if (gen->associations == NULL)
    return FALSE;
  gen->events = bulk_new (gen->db,
                          "INSERT INTO event (unit_id, kind, at, quantity, location_id, partner_id,"
                          " order_id, doc_type, doc_ref, note) VALUES ",
                          10, error);
  return gen->events != NULL;
}

/* The last unit row got the last unit id. */
static gboolean
check_unit_ids (Gen     *gen,
                GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 max_id = -1;

  if (!prepare (gen, "SELECT max (id) FROM unit", &stmt, error))
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    max_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (max_id != gen->next_unit - 1)
    {
      g_autofree char *got = g_strdup_printf ("%" G_GINT64_FORMAT, max_id);
      g_autofree char *want = g_strdup_printf ("%" G_GINT64_FORMAT, gen->next_unit - 1);

      g_set_error (error, PDG_GENERATOR_ERROR, PDG_GENERATOR_ERROR_FAILED,
                   _("The generated units were numbered up to %s instead of %s; the database is not consistent."),
                   got, want);
      return FALSE;
    }
  return TRUE;
}

/* Phase timings, for G_MESSAGES_DEBUG=all. */
static void
lap (Gen        *gen,
     const char *what)
{
  gint64 now = g_get_monotonic_time ();

  g_debug ("generator: %s in %.2f s", what, (now - gen->lap_start) / (double) G_USEC_PER_SEC);
  gen->lap_start = now;
}

/* Everything after the store is open. */
static gboolean
generate (Gen               *gen,
          guint32            seed,
          PdgGeneratorStats *stats,
          GError           **error)
{
  const char * const *tables = pdg_store_table_names ();
  guint64 counts[16] = { 0 };

  /* Bulk-load settings; the file goes back to WAL at the end. The page
   * size stays SQLite's 4 KiB: 16 KiB pages loaded about a fifth faster,
   * but every registration afterwards writes whole pages to the WAL, and
   * one-scan transactions ran at half the speed. A small cache is faster
   * than a large one: the load only appends, and fresh cache memory costs
   * a page fault. */
  if (!exec_sql (gen, "PRAGMA journal_mode = OFF", error) ||
      !exec_sql (gen, "PRAGMA synchronous = OFF", error) ||
      !exec_sql (gen, "PRAGMA foreign_keys = OFF", error) ||
      !exec_sql (gen, "PRAGMA cache_size = -65536", error) ||
      !exec_sql (gen, "BEGIN", error) ||
      !pdg_store_suspend_closure (gen->store, error) ||
      !write_master_data (gen, error) ||
      !prepare_bulks (gen, error))
    return FALSE;

  if (!execute_plan (gen, error))
    return FALSE;
  lap (gen, "orders executed, associations and events written");
  if (!write_units (gen, error) ||
      !flush_all (gen, error))
    return FALSE;
  lap (gen, "units written");

  if (!check_unit_ids (gen, error) ||
      !pdg_store_resume_closure (gen->store, error))
    return FALSE;
  lap (gen, "genealogy closure built");

  compute_fanout (gen, stats);

  for (guint t = 0; tables[t] != NULL && t < G_N_ELEMENTS (counts); t++)
    {
      if (g_str_equal (tables[t], "partner"))
        counts[t] = N_SUPPLIERS + N_CUSTOMERS;
      else if (g_str_equal (tables[t], "location"))
        counts[t] = N_LOCATIONS;
      else if (g_str_equal (tables[t], "item"))
        counts[t] = N_ITEMS;
      else if (g_str_equal (tables[t], "production_order"))
        counts[t] = gen->orders->n_rows;
      else if (g_str_equal (tables[t], "bom_line"))
        counts[t] = gen->bom_lines->n_rows;
      else if (g_str_equal (tables[t], "unit"))
        counts[t] = gen->units->n_rows;
      else if (g_str_equal (tables[t], "association"))
        counts[t] = gen->associations->n_rows;
      else if (g_str_equal (tables[t], "event"))
        counts[t] = gen->events->n_rows;
      else if (g_str_equal (tables[t], "audit"))
        counts[t] = 2;
    }

  if (!write_audit (gen, seed, counts, error) ||
      !exec_sql (gen, "COMMIT", error))
    return FALSE;
  lap (gen, "committed");

  if (!exec_sql (gen, "PRAGMA journal_mode = WAL", error) ||
      !exec_sql (gen, "PRAGMA synchronous = NORMAL", error) ||
      !exec_sql (gen, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  stats->units = (guint64) (gen->next_unit - 1);
  stats->finished = gen->finished;
  stats->rows = 0;
  for (guint t = 0; tables[t] != NULL && t < G_N_ELEMENTS (counts); t++)
    stats->rows += counts[t];

  if (gen->shortages > 0)
    g_debug ("generator: %" G_GUINT64_FORMAT " components could not be provided", gen->shortages);

  return TRUE;
}

static void
remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

/**
 * pdg_generate:
 * @path: the database file to create; must not exist
 * @n_units: how many units (rows of `unit`) to make, at least 100; the result
 *   is exact unless the smallest plan is already larger
 * @seed: the same seed and @n_units always give the same content
 * @progress: (nullable): called now and then with 0..1
 * @cancellable: (nullable): checked now and then
 * @stats: (out caller-allocates): what was written
 *
 * Creates a realistic database of an e-bike factory. On failure or
 * cancellation nothing is left at @path.
 */
gboolean
pdg_generate (const char            *path,
              guint64                n_units,
              guint32                seed,
              PdgGeneratorProgress   progress,
              gpointer               progress_data,
              GCancellable          *cancellable,
              PdgGeneratorStats     *stats,
              GError               **error)
{
  g_autoptr(Plan) plan = NULL;
  g_autoptr(Gen) gen = NULL;
  PdgGeneratorStats local_stats = { 0 };
  gint64 started = g_get_monotonic_time ();
  guint32 rand_seed[2] = { seed, 0x45584543 };
  GStatBuf st;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  if (n_units < MIN_UNITS || n_units > MAX_UNITS)
    {
      g_autofree char *asked = g_strdup_printf ("%" G_GUINT64_FORMAT, n_units);
      g_autofree char *limit = g_strdup_printf ("%" G_GUINT64_FORMAT, n_units < MIN_UNITS ? MIN_UNITS : MAX_UNITS);

      if (n_units < MIN_UNITS)
        g_set_error (error, PDG_GENERATOR_ERROR, PDG_GENERATOR_ERROR_INVALID,
                     _("A generated database needs at least %s units to hold a complete factory; %s is too few."),
                     limit, asked);
      else
        g_set_error (error, PDG_GENERATOR_ERROR, PDG_GENERATOR_ERROR_INVALID,
                     _("A generated database has at most %s units; %s is too many."), limit, asked);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, PDG_GENERATOR_ERROR, PDG_GENERATOR_ERROR_EXISTS,
                   _("“%s” already exists; the generator only writes new files. "
                     "Choose another name or remove it first."),
                   path);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  plan = plan_for_units (n_units, seed);

  gen = g_new0 (Gen, 1);
  gen->plan = plan;
  gen->rng = g_rand_new_with_seed_array (rand_seed, G_N_ELEMENTS (rand_seed));
  gen->cancellable = cancellable;
  gen->progress = progress;
  gen->progress_data = progress_data;
  gen->reported = -1;
  gen->rc = SQLITE_DONE;
  gen->n_units = (gint64) plan->n_units;
  gen->next_unit = 1;
  gen->flags = g_new0 (guint8, plan->n_units + 1);
  gen->parent = g_new0 (guint32, plan->n_units + 1);
  gen->uses = g_array_new (FALSE, FALSE, sizeof (LotUse));
  gen->runs = g_array_new (FALSE, FALSE, sizeof (Run));
  gen->batch_lots = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint c = 0; c < N_CUSTOMERS; c++)
    gen->customer_weight += 1 + (c * 7) % 5;
  fill_dates (gen);
  report (gen, 0.02);

  gen->lap_start = g_get_monotonic_time ();
  /* The store's creation entry is dated at the start of the history. */
  gen->store = pdg_store_open_at (path, work_to_epoch (W_START) - 3600, "pedigree-generator", error);
  if (gen->store == NULL)
    {
      remove_database (path);
      return FALSE;
    }
  gen->db = pdg_store_get_handle (gen->store);

  ok = generate (gen, seed, stats, error);

  /* Statements first, so that closing the store closes the file. */
  g_clear_pointer (&gen->orders, bulk_free);
  g_clear_pointer (&gen->bom_lines, bulk_free);
  g_clear_pointer (&gen->units, bulk_free);
  g_clear_pointer (&gen->associations, bulk_free);
  g_clear_pointer (&gen->events, bulk_free);
  g_clear_object (&gen->store);

  if (!ok)
    {
      remove_database (path);
      memset (stats, 0, sizeof *stats);
      return FALSE;
    }

  if (g_stat (path, &st) == 0)
    stats->file_bytes = (gint64) st.st_size;
  stats->seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  report (gen, 1.0);

  return TRUE;
}
