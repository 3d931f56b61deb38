/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-format.h"
#include "pdg-store.h"

G_BEGIN_DECLS

/* Exit codes of pedigree-cli. */
enum
{
  PDG_CLI_OK = 0,
  PDG_CLI_FAILED = 1,   /* the command was understood but could not be done */
  PDG_CLI_USAGE = 2,    /* the command line is wrong */
};

/* One subcommand: argv[0] is the subcommand's name. */
typedef int (*PdgCliCommand) (int    argc,
                              char **argv);

int       pdg_cli_generate   (int          argc,
                              char       **argv);
int       pdg_cli_info       (int          argc,
                              char       **argv);
int       pdg_cli_unit       (int          argc,
                              char       **argv);
int       pdg_cli_trace      (int          argc,
                              char       **argv);
int       pdg_cli_recall     (int          argc,
                              char       **argv);
int       pdg_cli_bench      (int          argc,
                              char       **argv);
int       pdg_cli_bench_server (int        argc,
                                char     **argv);
int       pdg_cli_register   (int          argc,
                              char       **argv);
int       pdg_cli_gs1        (int          argc,
                              char       **argv);

/* Shared helpers (pdg-cli-common.c). */
int       pdg_cli_fail       (const char  *format,
                              ...) G_GNUC_PRINTF (1, 2);
int       pdg_cli_usage      (GOptionContext *context,
                              const char  *format,
                              ...) G_GNUC_PRINTF (2, 3);
int       pdg_cli_parse      (GOptionContext *context,
                              int         *argc,
                              char      ***argv);
PdgStore *pdg_cli_open_store (const char  *path);

G_END_DECLS
