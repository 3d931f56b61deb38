/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pdg-genealogy.h"
#include "pdg-unit-details.h"

G_BEGIN_DECLS

GBytes *pdg_server_json_genealogy    (const PdgGenealogy   *genealogy);
GBytes *pdg_server_json_unit_details (const PdgUnitDetails *details);

G_END_DECLS
