/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-window.h: the main window of one document. */
#pragma once

#include <adwaita.h>

#include "ds-application.h"
#include "ds-landscape.h"
#include "ds-store.h"

G_BEGIN_DECLS

#define DS_TYPE_WINDOW (ds_window_get_type ())
G_DECLARE_FINAL_TYPE (DsWindow, ds_window, DS, WINDOW, AdwApplicationWindow)

DsWindow *ds_window_new (DsApplication *application,
                         DsStore       *store,
                         DsLandscape   *landscape);

G_END_DECLS
