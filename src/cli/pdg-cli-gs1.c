/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-cli-gs1.c: `pedigree-cli gs1 parse TEXT`, a GS1 code read and checked.
 *
 * TEXT is what a scanner sends (with its symbology identifier and FNC1 as
 * GS, or a printable stand-in given with --fnc1), a bracketed element string
 * or a GS1 Digital Link; "-" reads it from standard input. Prints the
 * elements and what they mean to Pedigree, as text or JSON; an invalid code
 * is one line on stderr and exit status 1. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pdg-cli.h"
#include "pdg-gs1.h"
#include "pdg-json.h"

static const char *
symbology_name (PdgGs1Symbology symbology)
{
  switch (symbology)
    {
    case PDG_GS1_SYMBOLOGY_GS1_128:
      return "GS1-128";
    case PDG_GS1_SYMBOLOGY_DATABAR:
      return "GS1 DataBar";
    case PDG_GS1_SYMBOLOGY_DATAMATRIX:
      return "GS1 DataMatrix";
    case PDG_GS1_SYMBOLOGY_QR:
      return "GS1 QR Code";
    case PDG_GS1_SYMBOLOGY_DOTCODE:
      return "GS1 DotCode";
    case PDG_GS1_SYMBOLOGY_QR_LINK:
      return "QR Code";
    case PDG_GS1_SYMBOLOGY_DATAMATRIX_LINK:
      return "Data Matrix";
    case PDG_GS1_SYMBOLOGY_NONE:
    default:
      return NULL;
    }
}

static const char *
form_name (PdgGs1Form form)
{
  switch (form)
    {
    case PDG_GS1_FORM_BRACKETED:
      return _("bracketed element string");
    case PDG_GS1_FORM_DIGITAL_LINK:
      return _("GS1 Digital Link");
    case PDG_GS1_FORM_SCAN:
    default:
      return _("scanned element string");
    }
}

static void
print_field (const char *label,
             const char *value)
{
  if (value != NULL && value[0] != '\0')
    g_print ("%-13s %s\n", label, value);
}

static void
print_text (const PdgGs1Code *code)
{
  const char *symbology = pdg_gs1_symbology_to_string (code->symbology);
  g_autofree char *bracketed = pdg_gs1_format_bracketed (code);

  g_print ("%-13s %s\n", _("Form:"), form_name (code->form));
  if (symbology != NULL)
    g_print ("%-13s %s %s\n", _("Symbology:"), symbology, symbology_name (code->symbology));
  else
    g_print ("%-13s %s\n", _("Symbology:"), _("none given"));

  g_print ("\n");
  for (guint i = 0; i < code->n_elements; i++)
    {
      const char *ai = code->elements[i].ai;
      g_autofree char *label = g_strdup_printf ("(%s)", ai);
      double number;

      g_print ("  %-6s %-30s — %s", label, pdg_gs1_code_get_value (code, i), pdg_gs1_ai_name (ai));
      if (pdg_gs1_code_get_number (code, i, &number))
        {
          g_autofree char *text = pdg_format_quantity (number);

          g_print (" = %s", text);
        }
      g_print ("\n");
    }

  g_print ("\n");
  print_field (_("GTIN:"), code->gtin);
  print_field (_("Batch:"), code->batch);
  print_field (_("Serial:"), code->serial);
  print_field (_("Expiry:"), code->expiry);
  print_field (_("Produced on:"), code->production);
  if (code->has_quantity)
    {
      g_autofree char *quantity = pdg_format_quantity (code->quantity);

      g_print ("%-13s %s %s\n", _("Quantity:"), quantity, code->uom);
    }
  print_field (_("Bracketed:"), bracketed);
}

static void
add_text (JsonBuilder *b,
          const char  *name,
          const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL && value[0] != '\0')
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static JsonNode *
code_to_json (const PdgGs1Code *code)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *bracketed = pdg_gs1_format_bracketed (code);

  json_builder_begin_object (b);
  add_text (b, "form", pdg_gs1_form_to_string (code->form));
  add_text (b, "symbology", pdg_gs1_symbology_to_string (code->symbology));

  json_builder_set_member_name (b, "elements");
  json_builder_begin_array (b);
  for (guint i = 0; i < code->n_elements; i++)
    {
      const char *ai = code->elements[i].ai;
      double number;

      json_builder_begin_object (b);
      add_text (b, "ai", ai);
      add_text (b, "value", pdg_gs1_code_get_value (code, i));
      add_text (b, "name", pdg_gs1_ai_name (ai));
      if (pdg_gs1_code_get_number (code, i, &number))
        {
          json_builder_set_member_name (b, "number");
          json_builder_add_double_value (b, number);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  add_text (b, "gtin", code->gtin);
  add_text (b, "batch", code->batch);
  add_text (b, "serial", code->serial);
  add_text (b, "expiry", code->expiry);
  add_text (b, "production", code->production);
  json_builder_set_member_name (b, "quantity");
  if (code->has_quantity)
    json_builder_add_double_value (b, code->quantity);
  else
    json_builder_add_null_value (b);
  add_text (b, "uom", code->uom);
  add_text (b, "bracketed", bracketed);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static char *
read_stdin (GError **error)
{
  g_autoptr(GIOChannel) channel = g_io_channel_unix_new (fileno (stdin));
  char *text = NULL;
  gsize length = 0;

  if (g_io_channel_set_encoding (channel, NULL, error) != G_IO_STATUS_NORMAL ||
      g_io_channel_read_to_end (channel, &text, &length, error) != G_IO_STATUS_NORMAL)
    return NULL;
  if (strlen (text) != length)
    {
      g_free (text);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The code on standard input contains a NUL byte."));
      return NULL;
    }
  return text;
}

int
pdg_cli_gs1 (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PdgGs1Code) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  g_autofree char *fnc1 = NULL;
  g_autofree char *input = NULL;
  PdgGs1Options options = { 0 };
  int rc;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("text (default) or json"), "FORMAT" },
    { "fnc1", 0, 0, G_OPTION_ARG_STRING, &fnc1,
      N_("A printable character that stands for FNC1 in scanned data, e.g. ~"), "CHAR" },
    { NULL }
  };

  context = g_option_context_new (_("parse TEXT — read and check a GS1 barcode, element string or Digital Link"));
  g_option_context_set_description (context,
                                    _("TEXT is what a scanner sends (e.g. ]d2 followed by the data, with GS for FNC1),\n"
                                      "a bracketed string such as (01)09506000134352(10)ABC, or a GS1 Digital Link\n"
                                      "such as https://id.gs1.org/01/09506000134352/10/ABC. “-” reads it from standard input."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = pdg_cli_parse (context, &argc, &argv)) != PDG_CLI_OK)
    return rc;

  if (argc < 2 || !g_str_equal (argv[1], "parse"))
    return pdg_cli_usage (context, _("gs1 needs an action: gs1 parse TEXT"));
  if (argc != 3)
    return pdg_cli_usage (context, _("gs1 parse needs exactly one TEXT (quote it for the shell)"));
  if (format == NULL)
    format = g_strdup ("text");
  if (!g_strv_contains ((const char *[]) { "text", "json", NULL }, format))
    return pdg_cli_usage (context, _("--format is one of text or json"));
  if (fnc1 != NULL)
    {
      if (strlen (fnc1) != 1 || !g_ascii_isgraph (fnc1[0]) || g_ascii_isalnum (fnc1[0]) ||
          strchr ("()]", fnc1[0]) != NULL)
        return pdg_cli_usage (context, _("--fnc1 needs one printable character that is not a letter, digit or bracket, e.g. ~"));
      options.fnc1_substitute = fnc1[0];
    }

  if (g_str_equal (argv[2], "-"))
    {
      input = read_stdin (&error);
      if (input == NULL)
        return pdg_cli_fail ("%s", error->message);
    }
  else
    input = g_strdup (argv[2]);

  code = pdg_gs1_parse (input, &options, &error);
  if (code == NULL)
    return pdg_cli_fail ("%s", error->message);

  if (g_str_equal (format, "json"))
    {
      g_autoptr(JsonNode) node = code_to_json (code);
      g_autofree char *text = pdg_json_to_string (node, TRUE);

      g_print ("%s\n", text);
    }
  else
    print_text (code);

  return PDG_CLI_OK;
}
