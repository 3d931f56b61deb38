/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pdg-application.h"
#include "pdg-source.h"

G_BEGIN_DECLS

#define PDG_TYPE_WINDOW (pdg_window_get_type ())
G_DECLARE_FINAL_TYPE (PdgWindow, pdg_window, PDG, WINDOW, AdwApplicationWindow)

PdgWindow  *pdg_window_new          (PdgApplication *application);
void        pdg_window_open_file    (PdgWindow      *self,
                                     GFile          *file);
void        pdg_window_open_default (PdgWindow      *self);
void        pdg_window_connect      (PdgWindow      *self,
                                     const char     *url,
                                     const char     *token);
PdgSource  *pdg_window_get_source   (PdgWindow      *self);
const char *pdg_window_get_path     (PdgWindow      *self);

G_END_DECLS
