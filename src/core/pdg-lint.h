/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pdg-genealogy.h"
#include "pdg-lint-warning.h"
#include "pdg-store.h"

G_BEGIN_DECLS

GPtrArray *pdg_lint_genealogy (PdgStore            *store,
                               const PdgGenealogy  *genealogy,
                               GError             **error);

G_END_DECLS
