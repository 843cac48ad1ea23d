/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-application.h: the AdwApplication: command line, documents, app-wide
 * actions and accelerators. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DS_TYPE_APPLICATION (ds_application_get_type ())
G_DECLARE_FINAL_TYPE (DsApplication, ds_application, DS, APPLICATION, AdwApplication)

DsApplication *ds_application_new (void);

G_END_DECLS
