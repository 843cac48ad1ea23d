/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-export-dialog.c: collects view, format and size, asks for a file
 * through GtkFileChooserNative (the portal in a Flatpak) and hands the
 * writing to ds_window_export. */
#define G_LOG_DOMAIN "ds-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ds-application.h"
#include "ds-export-dialog.h"

struct _DsExportDialog {
  AdwWindow  parent_instance;

  DsWindow  *window;        /* weak: the dialog is transient for it */
  GtkWidget *view_row;
  GtkWidget *format_row;
  GtkWidget *width_spin;
  GtkWidget *height_spin;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (DsExportDialog, ds_export_dialog, ADW_TYPE_WINDOW)

static const char *view_ids[] = { "graph", "valuation", "compute", "table" };
#define TABLE_VIEW 3
static const char *format_ids[] = { "png", "pdf", "svg" };

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     DsExportDialog  *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  guint view = adw_combo_row_get_selected (ADW_COMBO_ROW (self->view_row));

  if (response != GTK_RESPONSE_ACCEPT || self->window == NULL)
    return;
  path = ds_export_dialog_chosen_path (GTK_FILE_CHOOSER (chooser));
  if (!ds_window_export (self->window, view_ids[MIN (view, G_N_ELEMENTS (view_ids) - 1)], path,
                         gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->width_spin)),
                         gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->height_spin)),
                         &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export Failed"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_export_clicked (GtkButton      *button,
                   DsExportDialog *self)
{
  guint view = adw_combo_row_get_selected (ADW_COMBO_ROW (self->view_row));
  guint format = adw_combo_row_get_selected (ADW_COMBO_ROW (self->format_row));
  g_autofree char *name = g_strdup_printf ("dealscape-%s.%s", view_ids[MIN (view, G_N_ELEMENTS (view_ids) - 1)],
                                           view == TABLE_VIEW ? "csv" : format_ids[MIN (format, 2)]);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  ds_export_dialog_open_in_last_folder (GTK_FILE_CHOOSER (self->chooser), G_USER_DIRECTORY_PICTURES);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

#define PICTURE_TEXT _("The picture is drawn by the same renderer as the window, at the size you choose.")
#define TABLE_TEXT _("The table shown, rows in their order, as a CSV file: every number exact, entities and sources by id.")

/* The table is a CSV file: no picture format, no size. */
static void
on_view_selected (GObject        *row,
                  GParamSpec     *pspec,
                  DsExportDialog *self)
{
  gboolean picture = adw_combo_row_get_selected (ADW_COMBO_ROW (row)) != TABLE_VIEW;
  GtkWidget *group = gtk_widget_get_ancestor (self->view_row, ADW_TYPE_PREFERENCES_GROUP);

  if (group != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), picture ? PICTURE_TEXT : TABLE_TEXT);
  gtk_widget_set_sensitive (self->format_row, picture);
  gtk_widget_set_sensitive (self->width_spin, picture);
  gtk_widget_set_sensitive (self->height_spin, picture);
}

static GtkWidget *
combo_row (const char  *title,
           const char **labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  return row;
}

static GSettings *
app_settings (void)
{
  GApplication *app = g_application_get_default ();
  return app != NULL && DS_IS_APPLICATION (app) ? ds_application_get_settings (DS_APPLICATION (app)) : NULL;
}

/* The chosen file's path; its folder is kept for the next export (this
 * dialog's and the video one's). */
char *
ds_export_dialog_chosen_path (GtkFileChooser *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
  g_autoptr(GFile) folder = file != NULL ? g_file_get_parent (file) : NULL;
  GSettings *settings = app_settings ();

  if (settings != NULL && folder != NULL)
    {
      g_autofree char *uri = g_file_get_uri (folder);
      g_settings_set_string (settings, "last-export-folder", uri);
    }
  return file != NULL ? g_file_get_path (file) : NULL;
}

/* Starts the chooser where the last export went, else in `fallback`. */
void
ds_export_dialog_open_in_last_folder (GtkFileChooser *chooser,
                                      GUserDirectory  fallback)
{
  GSettings *settings = app_settings ();
  g_autofree char *folder_uri = settings ? g_settings_get_string (settings, "last-export-folder") : NULL;
  const char *fallback_path = g_get_user_special_dir (fallback);
  g_autoptr(GFile) folder = NULL;

  if (folder_uri != NULL && *folder_uri != '\0')
    folder = g_file_new_for_uri (folder_uri);
  else if (fallback_path != NULL)
    folder = g_file_new_for_path (fallback_path);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (chooser, folder, NULL);
}

/* A row with a size spin button, for this dialog and the video one. */
GtkWidget *
ds_export_dialog_size_row (const char *title,
                           int         value,
                           int         min,
                           int         max,
                           int         step,
                           GtkWidget **spin)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  *spin = gtk_spin_button_new_with_range (min, max, step);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (*spin), value);
  gtk_widget_set_valign (*spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), *spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), *spin);
  return row;
}

static void
ds_export_dialog_dispose (GObject *object)
{
  DsExportDialog *self = DS_EXPORT_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->window);
  G_OBJECT_CLASS (ds_export_dialog_parent_class)->dispose (object);
}

static void
ds_export_dialog_class_init (DsExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ds_export_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ds_export_dialog_init (DsExportDialog *self)
{
  GtkWidget *box, *header, *page, *group, *export_button, *cancel_button;

  gtk_window_set_title (GTK_WINDOW (self), _("Export"));
  gtk_window_set_default_size (GTK_WINDOW (self), 420, -1);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_resizable (GTK_WINDOW (self), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel_button), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel_button);
  export_button = gtk_button_new_with_mnemonic (_("_Export…"));
  gtk_widget_add_css_class (export_button, "suggested-action");
  g_signal_connect (export_button, "clicked", G_CALLBACK (on_export_clicked), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), export_button);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  group = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), PICTURE_TEXT);
  self->view_row = combo_row (_("View"), (const char *[]) { _("Graph"), _("Valuation"), _("Compute"),
                                                            _("Table (CSV)"), NULL });
  self->format_row = combo_row (_("Format"), (const char *[]) { _("PNG image"), _("PDF document"), _("SVG drawing"), NULL });
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->view_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->format_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), ds_export_dialog_size_row (_("Width (pixels)"), 1920, 200, 8000, 10, &self->width_spin));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), ds_export_dialog_size_row (_("Height (pixels)"), 1080, 200, 8000, 10, &self->height_spin));
  g_signal_connect (self->view_row, "notify::selected", G_CALLBACK (on_view_selected), self);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), export_button);
}

DsExportDialog *
ds_export_dialog_new (DsWindow   *window,
                      const char *view)
{
  DsExportDialog *self = g_object_new (DS_TYPE_EXPORT_DIALOG, "transient-for", window, NULL);

  g_set_weak_pointer (&self->window, window);
  for (guint i = 0; i < G_N_ELEMENTS (view_ids); i++)
    if (g_strcmp0 (view, view_ids[i]) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->view_row), i);
  return self;
}
