/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PDG_TYPE_APPLICATION (pdg_application_get_type ())
G_DECLARE_FINAL_TYPE (PdgApplication, pdg_application, PDG, APPLICATION, AdwApplication)

PdgApplication *pdg_application_new          (GApplicationFlags  flags);
GSettings      *pdg_application_get_settings (PdgApplication    *self);
void            pdg_application_add_recent   (PdgApplication    *self,
                                              const char        *path);

G_END_DECLS
