/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-preferences.h: the Preferences window (theme, stake threshold, units),
 * bound to the app's GSettings. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DS_TYPE_PREFERENCES (ds_preferences_get_type ())
G_DECLARE_FINAL_TYPE (DsPreferences, ds_preferences, DS, PREFERENCES, AdwPreferencesWindow)

/* settings may be NULL (no schema installed): the rows are then inert. */
DsPreferences *ds_preferences_new (GtkWindow *parent,
                                   GSettings *settings);

G_END_DECLS
