/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-video-dialog.c: the Export Replay as Video dialog: collects format,
 * range, step and size, asks for a file, and runs DsVideoExport in a GTask
 * thread while a progress bar follows it; Cancel stops it cleanly. */
#define G_LOG_DOMAIN "ds-video-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ds-application.h"
#include "ds-graph-view.h"
#include "ds-export-dialog.h"
#include "ds-video-dialog.h"

struct _DsVideoDialog {
  AdwWindow  parent_instance;

  DsWindow  *window;          /* weak: the dialog is transient for it */
  GtkWidget *format_row;
  GtkWidget *step_row;
  GtkWidget *from_entry;
  GtkWidget *to_entry;
  GtkWidget *width_spin;
  GtkWidget *height_spin;
  GtkWidget *form;            /* the rows, insensitive while running */
  GtkWidget *progress_group;
  GtkWidget *progress_bar;
  GtkWidget *status_label;
  GtkWidget *export_button;
  GtkWidget *cancel_button;
  GtkFileChooserNative *chooser;

  GCancellable *cancellable;  /* of the running export, or NULL */
  gboolean   running;
  gboolean   close_when_done;
  gboolean   disposed;        /* a run ending after dispose touches no widget */
  guint      timeout_id;
  gint       done;            /* atomic: set by the export thread */
  guint      n_frames;
  char      *path;
  GError    *error;
};

G_DEFINE_FINAL_TYPE (DsVideoDialog, ds_video_dialog, ADW_TYPE_WINDOW)

static const DsVideoFormat formats[] = { DS_VIDEO_WEBM, DS_VIDEO_MP4, DS_VIDEO_GIF };
static const DsReplayStep steps[] = { DS_REPLAY_STEP_MONTH, DS_REPLAY_STEP_QUARTER, DS_REPLAY_STEP_YEAR };

static DsVideoFormat
selected_format (DsVideoDialog *self)
{
  return formats[MIN (adw_combo_row_get_selected (ADW_COMBO_ROW (self->format_row)), G_N_ELEMENTS (formats) - 1)];
}

static void
show_status (DsVideoDialog *self, const char *text)
{
  gtk_label_set_text (GTK_LABEL (self->status_label), text);
  gtk_widget_set_visible (self->progress_group, TRUE);
}

/* A format whose GStreamer plugin is missing says which, and cannot be
 * chosen for export. */
static void
on_format_selected (DsVideoDialog *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = ds_video_format_available (selected_format (self), &error);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->format_row), ok ? "" : error->message);
  gtk_widget_set_sensitive (self->export_button, ok && !self->running);
}

static void
set_running (DsVideoDialog *self, gboolean running)
{
  self->running = running;
  gtk_widget_set_sensitive (self->form, !running);
  gtk_widget_set_visible (self->progress_bar, running);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), running ? _("_Stop") : _("_Cancel"));
  on_format_selected (self);
}

static void
update_progress (DsVideoDialog *self)
{
  guint done = (guint) g_atomic_int_get (&self->done);
  g_autofree char *text = g_strdup_printf (_("Frame %u of %u"), done, self->n_frames);

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                 self->n_frames ? (double) done / self->n_frames : 0);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress_bar), text);
}

static gboolean
on_progress_tick (gpointer data)
{
  update_progress (DS_VIDEO_DIALOG (data));
  return G_SOURCE_CONTINUE;
}

/* Called in the export thread: only an atomic store. */
static void
on_frame (guint frame, guint n_frames, gpointer data)
{
  DsVideoDialog *self = data;
  g_atomic_int_set (&self->done, (gint) frame);
}

typedef struct {
  DsVideoExport *video;
  char          *path;
} Run;

static void
run_free (gpointer data)
{
  Run *run = data;
  ds_video_export_free (run->video);
  g_free (run->path);
  g_free (run);
}

static void
run_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Run *run = task_data;
  GError *error = NULL;

  /* Core draws with cairo and pango only: fine off the main thread. */
  if (ds_video_export_run (run->video, run->path, on_frame, source, cancellable, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_run_done (GObject *source, GAsyncResult *result, gpointer data)
{
  DsVideoDialog *self = DS_VIDEO_DIALOG (source);

  g_clear_error (&self->error);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->disposed)
    {
      g_task_propagate_boolean (G_TASK (result), NULL);
      return;
    }
  update_progress (self);
  g_clear_object (&self->cancellable);
  set_running (self, FALSE);
  if (g_task_propagate_boolean (G_TASK (result), &self->error))
    {
      if (self->window != NULL)
        ds_window_show_exported (self->window, self->path);
      show_status (self, _("Done."));
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (self->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_status (self, _("Stopped: no file was written."));
  else
    show_status (self, self->error->message);
  if (self->close_when_done)
    gtk_window_close (GTK_WINDOW (self));
}

gboolean
ds_video_dialog_get_options (DsVideoDialog *self, DsVideoOptions *opts, GError **error)
{
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));

  g_return_val_if_fail (DS_IS_VIDEO_DIALOG (self), FALSE);

  ds_video_options_init (opts);
  if (!ds_date_parse (from, &opts->from, error))
    {
      g_prefix_error (error, _("From: "));
      return FALSE;
    }
  if (!ds_date_parse (to, &opts->to, error))
    {
      g_prefix_error (error, _("To: "));
      return FALSE;
    }
  opts->format = selected_format (self);
  opts->step = steps[MIN (adw_combo_row_get_selected (ADW_COMBO_ROW (self->step_row)), G_N_ELEMENTS (steps) - 1)];
  opts->width = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->width_spin)) & ~1;
  opts->height = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->height_spin)) & ~1;
  return TRUE;
}

gboolean
ds_video_dialog_start (DsVideoDialog *self, const char *path, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(DsVideoExport) video = NULL;
  g_autoptr(GTask) task = NULL;
  GApplication *app = g_application_get_default ();
  DsLandscape *ls;
  DsGraphView *view;
  const double *x, *y;
  const char *scenario;
  DsVideoOptions opts;
  Run *run;

  g_return_val_if_fail (DS_IS_VIDEO_DIALOG (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  if (self->window == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The window of the replay is closed"));
      return FALSE;
    }
  if (!ds_video_dialog_get_options (self, &opts, &local))
    goto fail;
  ls = ds_window_get_landscape (self->window);
  view = DS_GRAPH_VIEW (ds_window_get_graph_view (self->window));
  /* The positions the window shows, so the video looks like the screen. */
  ds_graph_view_get_positions (view, &x, &y, NULL);
  scenario = ds_window_get_scenario_id (self->window);
  opts.scenario = scenario ? ds_landscape_find_scenario (ls, scenario) : DS_NONE;
  opts.x = x;
  opts.y = y;
  opts.theme = ds_theme_get (app && DS_IS_APPLICATION (app) ? ds_application_get_theme_name (DS_APPLICATION (app))
                                                           : "light");
  /* Checked and framed here (fast), drawn and encoded in the thread. */
  if ((video = ds_video_export_new (ls, &opts, &local)) == NULL)
    goto fail;

  g_free (self->path);
  self->path = g_strdup (path);
  self->n_frames = ds_video_export_get_n_frames (video);
  g_atomic_int_set (&self->done, 0);
  self->cancellable = g_cancellable_new ();
  self->close_when_done = FALSE;
  g_clear_error (&self->error);
  run = g_new0 (Run, 1);
  run->video = g_steal_pointer (&video);
  run->path = g_strdup (path);
  task = g_task_new (self, self->cancellable, on_run_done, NULL);
  g_task_set_source_tag (task, ds_video_dialog_start);
  g_task_set_task_data (task, run, run_free);
  /* The cancellable is checked between frames; the thread reports it. */
  g_task_set_check_cancellable (task, FALSE);
  set_running (self, TRUE);
  show_status (self, _("Drawing and encoding the replay…"));
  update_progress (self);
  self->timeout_id = g_timeout_add (100, on_progress_tick, self);
  g_task_run_in_thread (task, run_in_thread);
  return TRUE;

fail:
  show_status (self, local->message);
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

gboolean
ds_video_dialog_get_running (DsVideoDialog *self)
{
  g_return_val_if_fail (DS_IS_VIDEO_DIALOG (self), FALSE);
  return self->running;
}

void
ds_video_dialog_get_progress (DsVideoDialog *self, guint *done, guint *n_frames)
{
  g_return_if_fail (DS_IS_VIDEO_DIALOG (self));
  *done = (guint) g_atomic_int_get (&self->done);
  *n_frames = self->n_frames;
}

void
ds_video_dialog_cancel (DsVideoDialog *self)
{
  g_return_if_fail (DS_IS_VIDEO_DIALOG (self));
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      show_status (self, _("Stopping…"));
    }
}

const GError *
ds_video_dialog_get_error (DsVideoDialog *self)
{
  g_return_val_if_fail (DS_IS_VIDEO_DIALOG (self), NULL);
  return self->error;
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, DsVideoDialog *self)
{
  g_autofree char *path = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  path = ds_export_dialog_chosen_path (GTK_FILE_CHOOSER (chooser));
  /* An error is shown in the dialog's status line. */
  ds_video_dialog_start (self, path, NULL);
}

static void
on_export_clicked (GtkButton *button, DsVideoDialog *self)
{
  g_autofree char *name = g_strdup_printf ("dealscape-replay.%s", ds_video_format_to_string (selected_format (self)));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Replay as Video"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  ds_export_dialog_open_in_last_folder (GTK_FILE_CHOOSER (self->chooser), G_USER_DIRECTORY_VIDEOS);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_cancel_clicked (GtkButton *button, DsVideoDialog *self)
{
  if (self->running)
    ds_video_dialog_cancel (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Closing while it runs stops the export first, then closes. */
static gboolean
on_close_request (GtkWindow *window, gpointer data)
{
  DsVideoDialog *self = DS_VIDEO_DIALOG (window);

  if (!self->running)
    return FALSE;
  self->close_when_done = TRUE;
  ds_video_dialog_cancel (self);
  return TRUE;
}

static GtkWidget *
combo_row (const char *title, const char *subtitle, const char **labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  return row;
}

static GtkWidget *
entry_row (const char *title, GtkWidget **entry)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  *entry = gtk_entry_new ();
  gtk_editable_set_width_chars (GTK_EDITABLE (*entry), 10);
  gtk_entry_set_placeholder_text (GTK_ENTRY (*entry), "YYYY-MM");
  gtk_widget_set_valign (*entry, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*entry), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), *entry);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), *entry);
  return row;
}

void
ds_video_dialog_set_range (DsVideoDialog *self, DsDate from, DsDate to)
{
  char buf[11];

  g_return_if_fail (DS_IS_VIDEO_DIALOG (self));
  /* Months: what the step of a video reads in. */
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry),
                         ds_date_format (from - DS_DATE_DAY (from) + (DS_DATE_MONTH (from) ? 0 : 100), buf));
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry),
                         ds_date_format (to - DS_DATE_DAY (to) + (DS_DATE_MONTH (to) ? 0 : 1200), buf));
}

void
ds_video_dialog_set_size (DsVideoDialog *self, int width, int height)
{
  g_return_if_fail (DS_IS_VIDEO_DIALOG (self));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->width_spin), width);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->height_spin), height);
}

void
ds_video_dialog_set_format (DsVideoDialog *self, DsVideoFormat format)
{
  g_return_if_fail (DS_IS_VIDEO_DIALOG (self));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i] == format)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->format_row), i);
}

static void
ds_video_dialog_dispose (GObject *object)
{
  DsVideoDialog *self = DS_VIDEO_DIALOG (object);

  self->disposed = TRUE;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->window);
  G_OBJECT_CLASS (ds_video_dialog_parent_class)->dispose (object);
}

static void
ds_video_dialog_finalize (GObject *object)
{
  DsVideoDialog *self = DS_VIDEO_DIALOG (object);

  g_free (self->path);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (ds_video_dialog_parent_class)->finalize (object);
}

static void
ds_video_dialog_class_init (DsVideoDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ds_video_dialog_dispose;
  object_class->finalize = ds_video_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ds_video_dialog_init (DsVideoDialog *self)
{
  GtkWidget *box, *header, *page, *group;

  gtk_window_set_title (GTK_WINDOW (self), _("Export Replay as Video"));
  gtk_window_set_default_size (GTK_WINDOW (self), 460, -1);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_resizable (GTK_WINDOW (self), FALSE);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect (self->cancel_button, "clicked", G_CALLBACK (on_cancel_clicked), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->cancel_button);
  self->export_button = gtk_button_new_with_mnemonic (_("_Export…"));
  gtk_widget_add_css_class (self->export_button, "suggested-action");
  g_signal_connect (self->export_button, "clicked", G_CALLBACK (on_export_clicked), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->export_button);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  group = self->form = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Each date of the replay becomes a frame drawn like the graph view, "
                                           "captioned with the deals announced or closed since the last one."));
  self->format_row = combo_row (_("Format"), NULL,
                                (const char *[]) { _("WebM video (VP8)"), _("MP4 video (H.264)"), _("GIF animation"), NULL });
  self->step_row = combo_row (_("One frame per"), _("Shown for half a second each"),
                              (const char *[]) { _("Month"), _("Quarter"), _("Year"), NULL });
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->format_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), entry_row (_("From"), &self->from_entry));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), entry_row (_("To"), &self->to_entry));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->step_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), ds_export_dialog_size_row (_("Width (pixels)"), DS_VIDEO_DEFAULT_WIDTH, 16, 7680, 2, &self->width_spin));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), ds_export_dialog_size_row (_("Height (pixels)"), DS_VIDEO_DEFAULT_HEIGHT, 16, 7680, 2, &self->height_spin));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  self->progress_group = adw_preferences_group_new ();
  self->progress_bar = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress_bar), TRUE);
  gtk_widget_set_visible (self->progress_bar, FALSE);
  self->status_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->status_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->status_label), 0);
  gtk_widget_add_css_class (self->status_label, "dim-label");
  gtk_widget_set_margin_top (self->status_label, 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->progress_group), self->progress_bar);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->progress_group), self->status_label);
  gtk_widget_set_visible (self->progress_group, FALSE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->progress_group));

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->export_button);
  g_signal_connect_swapped (self->format_row, "notify::selected", G_CALLBACK (on_format_selected), self);
  on_format_selected (self);
}

DsVideoDialog *
ds_video_dialog_new (DsWindow *window)
{
  DsVideoDialog *self = g_object_new (DS_TYPE_VIDEO_DIALOG, "transient-for", window, NULL);
  DsDate first, last;

  g_set_weak_pointer (&self->window, window);
  ds_window_get_timeline_range (window, &first, &last);
  ds_video_dialog_set_range (self, first, last);
  return self;
}
