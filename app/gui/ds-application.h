/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-application.h: the AdwApplication: command line, documents, app-wide
 * actions and accelerators. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DS_TYPE_APPLICATION (ds_application_get_type ())
G_DECLARE_FINAL_TYPE (DsApplication, ds_application, DS, APPLICATION, AdwApplication)

DsApplication *ds_application_new          (void);
/* NULL when the GSettings schema is not installed (an uninstalled build
 * run without GSETTINGS_SCHEMA_DIR): nothing is remembered then. */
GSettings     *ds_application_get_settings (DsApplication *self);
/* "light", "dark" or "high-contrast": the renderer theme that matches the
 * preference and the system style. */
const char    *ds_application_get_theme_name (DsApplication *self);
/* Documents of `bytes` or more open on a worker behind an "Opening…"
 * window (64 MiB by default; the tests lower it). */
void           ds_application_set_async_open_bytes (DsApplication *self,
                                                    guint64        bytes);
/* The "Cannot open the document" dialog, saying why (error). */
void           ds_application_show_open_error (DsApplication *self,
                                               const GError  *error);

G_END_DECLS
