/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdg-cli-register.c: `pedigree-cli register`, tracked components from a
 * keyboard-wedge scanner.
 *
 * Reads standard input line by line, the way a scanner types: every line is
 * a scan (GS1 code or plain serial/batch) or one of the words below, and
 * after each line the registration state is printed. A refused line prints
 * its reason on standard error, changes nothing, and the run goes on; the
 * exit status is 1 when any line was refused. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "pdg-cli.h"
#include "pdg-register.h"
#include "pdg-store-private.h"

#define HELP_TEXT N_( \
  "Lines read from standard input:\n" \
  "  product                 scan finished products next\n" \
  "  component [ITEM]        scan components next (of item ITEM for plain codes)\n" \
  "  pick [ITEM]             register the rest of a component line from stock\n" \
  "  report [GOOD [ERROR]]   report the selected finished unit as finished\n" \
  "  reverse                 take back its report as finished\n" \
  "  remove LOT | unlink LOT take a component out (before | after the report)\n" \
  "  adjust | post N | discard N   picking-list journal\n" \
  "  undo                    take back the last action\n" \
  "  anything else           a scan: GS1 code or serial/batch number")

static gint64
find_order (PdgStore   *store,
            const char *text)
{
  sqlite3_stmt *stmt = pdg_store_prepare_cached (store,
    "SELECT id FROM production_order WHERE number = ?1 OR CAST (id AS TEXT) = ?1", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static gint64
find_line_by_item (PdgRegister  *session,
                   const char   *item,
                   GError      **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  gint64 product = pdg_register_get_product (session);

  if (product == 0)
    {
      g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NO_PRODUCT,
                   _("Scan or choose the finished product first."));
      return 0;
    }
  lines = pdg_register_list_lines (session, product, error);
  if (lines == NULL)
    return 0;
  for (guint i = 0; i < lines->len; i++)
    {
      const PdgComponentLine *line = g_ptr_array_index (lines, i);

      if (g_ascii_strcasecmp (line->item_number, item) == 0)
        return line->bom_line_id;
    }
  g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_NOT_ON_BOM,
               _("%s is not on this order’s bill of materials."), item);
  return 0;
}

/* The registered component of the selected product with this lot. */
static gint64
find_component (PdgStore     *store,
                gint64        product,
                const char   *lot,
                GError      **error)
{
  g_autoptr(GPtrArray) parts = pdg_store_list_components (store, product, error);

  if (parts == NULL)
    return 0;
  for (guint i = 0; i < parts->len; i++)
    {
      const PdgAssociation *a = g_ptr_array_index (parts, i);

      if (g_strcmp0 (a->other->lot, lot) == 0)
        return a->child_id;
    }
  g_set_error (error, PDG_REGISTER_ERROR, PDG_REGISTER_ERROR_UNKNOWN_UNIT,
               _("%s is not registered in the selected finished unit."), lot);
  return 0;
}

/* The state after a line: the mode, how the order's finished units stand,
 * and the selected one with its component lines. */
static void
print_state (PdgRegister *session)
{
  g_autoptr(GPtrArray) products = pdg_register_list_products (session, NULL);
  gint64 selected = pdg_register_get_product (session);
  guint counts[3] = { 0, };
  guint reported = 0;

  for (guint i = 0; products != NULL && i < products->len; i++)
    {
      const PdgFinishedProduct *p = g_ptr_array_index (products, i);

      if (p->reported)
        reported++;
      else
        counts[p->status]++;
    }
  g_print (_("[%s] %u reported; open: %u completed, %u in progress, %u not started\n"),
           pdg_scan_mode_label (pdg_register_get_mode (session)),
           reported, counts[PDG_REGISTRATION_COMPLETED], counts[PDG_REGISTRATION_IN_PROGRESS],
           counts[PDG_REGISTRATION_NOT_STARTED]);

  for (guint i = 0; products != NULL && i < products->len; i++)
    {
      const PdgFinishedProduct *p = g_ptr_array_index (products, i);
      g_autoptr(GPtrArray) lines = NULL;

      if (p->unit_id != selected)
        continue;
      g_print ("  %s  %s%s\n", p->lot, pdg_registration_status_label (p->status),
               p->reported ? _(", reported as finished") : "");
      lines = pdg_register_list_lines (session, p->unit_id, NULL);
      for (guint k = 0; lines != NULL && k < lines->len; k++)
        {
          const PdgComponentLine *l = g_ptr_array_index (lines, k);

          g_print ("  %c %-14s %s %g, %s %g, %s %g %s  %s\n",
                   l->bom_line_id == pdg_register_get_line (session) ? '>' : ' ',
                   l->item_number, _("started"), l->started, _("consumption"), l->consumption,
                   _("remaining"), l->remaining, l->uom,
                   l->tracked ? pdg_registration_status_label (l->status) : _("not tracked"));
        }
    }
}

static gboolean
run_line (PdgRegister  *session,
          PdgStore     *store,
          const char   *line,
          GError      **error)
{
  g_auto(GStrv) words = g_strsplit_set (line, " \t", 3);
  const char *word = words[0] != NULL ? words[0] : "";
  const char *arg = words[0] != NULL && words[1] != NULL ? words[1] : NULL;
  gint64 product = pdg_register_get_product (session);

  if (g_str_equal (word, "product") && arg == NULL)
    {
      pdg_register_set_mode (session, PDG_SCAN_MODE_PRODUCT);
      return TRUE;
    }
  if (g_str_equal (word, "component"))
    {
      gint64 line_id = 0;

      if (arg != NULL && (line_id = find_line_by_item (session, arg, error)) == 0)
        return FALSE;
      if (!pdg_register_select_line (session, line_id, error))
        return FALSE;
      pdg_register_set_mode (session, PDG_SCAN_MODE_COMPONENT);
      return TRUE;
    }
  if (g_str_equal (word, "pick"))
    {
      gint64 line_id = arg != NULL ? find_line_by_item (session, arg, error) : 0;

      return (arg == NULL || line_id > 0) && pdg_register_pick (session, line_id, error);
    }
  if (g_str_equal (word, "report"))
    {
      double good = arg != NULL ? g_ascii_strtod (arg, NULL) : 1;
      double bad = words[1] != NULL && words[2] != NULL ? g_ascii_strtod (words[2], NULL) : 0;

      if (arg == NULL)
        {
          g_autoptr(PdgUnit) unit = product > 0 ? pdg_store_get_unit (store, product, NULL) : NULL;

          good = unit != NULL ? unit->quantity : 1;
        }
      return pdg_register_report_finished (session, product, good, bad, error);
    }
  if (g_str_equal (word, "reverse") && arg == NULL)
    return pdg_register_reverse_report (session, product, error);
  if ((g_str_equal (word, "remove") || g_str_equal (word, "unlink")) && arg != NULL)
    {
      gint64 child = find_component (store, product, arg, error);

      if (child == 0)
        return FALSE;
      return g_str_equal (word, "remove") ? pdg_register_remove (session, product, child, error)
                                          : pdg_register_unlink (session, product, child, error);
    }
  if (g_str_equal (word, "adjust") && arg == NULL)
    {
      gint64 journal = pdg_register_adjust_consumption (session, error);
      g_autoptr(GPtrArray) lines = journal > 0 ? pdg_register_list_journal (session, journal, error) : NULL;

      if (lines == NULL)
        return FALSE;
      g_print (_("Picking list %" G_GINT64_FORMAT ":\n"), journal);
      for (guint i = 0; i < lines->len; i++)
        {
          const PdgPickLine *p = g_ptr_array_index (lines, i);

          g_print ("  %s  %s/%s  %g %s  %s\n", p->parent_lot, p->item_number, p->lot, p->quantity, p->uom,
                   p->location != NULL ? p->location : "");
        }
      return TRUE;
    }
  if ((g_str_equal (word, "post") || g_str_equal (word, "discard")) && arg != NULL)
    {
      gint64 journal = g_ascii_strtoll (arg, NULL, 10);

      return g_str_equal (word, "post") ? pdg_register_post_journal (session, journal, error)
                                        : pdg_register_discard_journal (session, journal, error);
    }
  if (g_str_equal (word, "undo") && arg == NULL)
    return pdg_register_undo (session, error);

  return pdg_register_submit (session, line, error);
}

int
pdg_cli_register (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PdgStore) store = NULL;
  g_autoptr(PdgRegister) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GDataInputStream) data = NULL;
  g_autofree char *order_arg = NULL;
  g_autofree char *user = NULL;
  g_autofree char *fnc1 = NULL;
  gboolean quiet = FALSE;
  gboolean refused = FALSE;
  gint64 order_id;
  int rc;
  GOptionEntry entries[] = {
    { "order", 'o', 0, G_OPTION_ARG_STRING, &order_arg, N_("The started production order (number or id)"), "ORDER" },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, N_("Who registers (for the audit; default: the login name)"), "NAME" },
    { "fnc1", 0, 0, G_OPTION_ARG_STRING, &fnc1, N_("A printable character the scanner sends for FNC1, e.g. ~"), "CHAR" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print only refusals, not the state after each line"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DB --order ORDER — register tracked components from scans on standard input"));
  g_option_context_set_description (context, _(HELP_TEXT));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((rc = pdg_cli_parse (context, &argc, &argv)) != PDG_CLI_OK)
    return rc;
  if (argc != 2)
    return pdg_cli_usage (context, _("register needs exactly one database file"));
  if (order_arg == NULL)
    return pdg_cli_usage (context, _("register needs --order"));
  if (fnc1 != NULL && (strlen (fnc1) != 1 || !g_ascii_isprint (fnc1[0])))
    return pdg_cli_usage (context, _("--fnc1 needs one printable character"));

  store = pdg_cli_open_store (argv[1]);
  if (store == NULL)
    return PDG_CLI_FAILED;
  if (user != NULL)
    pdg_store_set_actor (store, user);

  order_id = find_order (store, order_arg);
  if (order_id == 0)
    return pdg_cli_fail (_("There is no production order “%s”."), order_arg);
  session = pdg_register_new (store, order_id, &error);
  if (session == NULL)
    return pdg_cli_fail ("%s", error->message);
  if (fnc1 != NULL)
    pdg_register_set_fnc1 (session, fnc1[0]);

  in = g_unix_input_stream_new (0, FALSE);
  data = g_data_input_stream_new (in);
  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, &error);

      if (line == NULL)
        {
          if (error != NULL)
            return pdg_cli_fail (_("Cannot read the scans: %s"), error->message);
          break;
        }
      g_strstrip (line);
      if (*line == '\0' || *line == '#')
        continue;
      if (!run_line (session, store, line, &error))
        {
          g_printerr ("%s: %s\n", line, error->message);
          g_clear_error (&error);
          refused = TRUE;
        }
      if (!quiet)
        print_state (session);
    }

  return refused ? PDG_CLI_FAILED : PDG_CLI_OK;
}
