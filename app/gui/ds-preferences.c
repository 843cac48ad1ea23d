/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-preferences.c: rows bound to GSettings keys; choice keys map to combo
 * row positions, the threshold fraction to a percentage spin button. */
#define G_LOG_DOMAIN "ds-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "ds-preferences.h"

struct _DsPreferences {
  AdwPreferencesWindow parent_instance;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (DsPreferences, ds_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static const char *theme_ids[] = { "system", "light", "dark", "high-contrast", NULL };
static const char *unit_ids[] = { "short", "full", NULL };

static gboolean
choice_to_index (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  const char **ids = user_data;
  const char *s = g_variant_get_string (variant, NULL);

  for (guint i = 0; ids[i]; i++)
    if (g_str_equal (ids[i], s))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
index_to_choice (const GValue       *value,
                 const GVariantType *type,
                 gpointer            user_data)
{
  const char **ids = user_data;
  guint i = g_value_get_uint (value);

  if (i >= g_strv_length ((char **) ids))
    return NULL;
  return g_variant_new_string (ids[i]);
}

static gboolean
fraction_to_percent (GValue *value, GVariant *variant, gpointer user_data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100);
  return TRUE;
}

static GVariant *
percent_to_fraction (const GValue *value, const GVariantType *type, gpointer user_data)
{
  return g_variant_new_double (g_value_get_double (value) / 100);
}

static GtkWidget *
combo_row (const char  *title,
           const char  *subtitle,
           const char **labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  return row;
}

static void
ds_preferences_dispose (GObject *object)
{
  g_clear_object (&DS_PREFERENCES (object)->settings);
  G_OBJECT_CLASS (ds_preferences_parent_class)->dispose (object);
}

static void
ds_preferences_class_init (DsPreferencesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ds_preferences_dispose;
}

static void
ds_preferences_init (DsPreferences *self)
{
}

DsPreferences *
ds_preferences_new (GtkWindow *parent,
                    GSettings *settings)
{
  DsPreferences *self = g_object_new (DS_TYPE_PREFERENCES,
                                      "transient-for", parent,
                                      "modal", TRUE,
                                      "search-enabled", FALSE,
                                      "default-width", 520,
                                      "default-height", 480,
                                      NULL);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group, *theme, *units, *threshold_row, *threshold;

  self->settings = settings ? g_object_ref (settings) : NULL;
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Appearance"));
  theme = combo_row (_("Style"), _("Also used for exported pictures"),
                     (const char *[]) { _("Follow System"), _("Light"), _("Dark"), _("High Contrast"), NULL });
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), theme);
  units = combo_row (_("Amounts"), _("How dollar amounts are written"),
                     (const char *[]) { _("Short ($1.25B)"), _("Full ($1,250,000,000)"), NULL });
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), units);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Analysis"));
  threshold_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (threshold_row), _("Stake Threshold"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (threshold_row),
                               _("Share of a company above which an investor's stake is flagged, in percent"));
  threshold = gtk_spin_button_new_with_range (1, 99, 1);
  gtk_widget_set_valign (threshold, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (threshold), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Stake threshold in percent"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (threshold_row), threshold);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (threshold_row), threshold);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), threshold_row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));

  if (settings != NULL)
    {
      g_settings_bind_with_mapping (settings, "theme", theme, "selected", G_SETTINGS_BIND_DEFAULT,
                                    choice_to_index, index_to_choice, theme_ids, NULL);
      g_settings_bind_with_mapping (settings, "currency-units", units, "selected", G_SETTINGS_BIND_DEFAULT,
                                    choice_to_index, index_to_choice, unit_ids, NULL);
      g_settings_bind_with_mapping (settings, "default-threshold",
                                    gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (threshold)), "value",
                                    G_SETTINGS_BIND_DEFAULT, fraction_to_percent, percent_to_fraction, NULL, NULL);
    }
  return self;
}
