/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-csv-import-dialog.c: the CSV import dialog: preview and mapping from one
 * core call, the import in a thread, its problems shown without closing. */
#define G_LOG_DOMAIN "ds-csv-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ds-csv-import-dialog.h"

#define PREVIEW_ROWS 20

struct _DsCsvImportDialog {
  AdwWindow     parent_instance;

  DsWindow     *window;            /* weak: the dialog goes with its window */
  char         *path;
  char         *origin;

  /* The file as the last preview read it. */
  char        **header;
  GPtrArray    *rows;              /* GStrv per row */
  int           columns[DS_CSV_N_FIELDS];
  DsCsvShape    shape;
  gboolean      mapping_ok;

  /* What the user chose: user_set[f] overrides detection; "" is none. */
  gboolean      user_set[DS_CSV_N_FIELDS];
  char         *user_column[DS_CSV_N_FIELDS];

  GtkWidget    *title;
  GtkWidget    *import_button;
  GtkWidget    *cancel_button;
  GtkWidget    *shape_label;
  GtkWidget    *mapping_error;
  GtkWidget    *dropdowns[DS_CSV_N_FIELDS];
  GtkWidget    *column_view;
  GtkWidget    *preview_problems;
  GtkWidget    *skip_check;
  GtkWidget    *progress;
  GtkWidget    *report;
  gboolean      filling;

  GCancellable *cancellable;       /* non-NULL while an import runs */
  gboolean      close_when_done;
  gboolean      disposed;          /* the widgets are gone; a finishing import only lets go */
};

G_DEFINE_FINAL_TYPE (DsCsvImportDialog, ds_csv_import_dialog, ADW_TYPE_WINDOW)

/* Fields in the order a person looks for them; the rest follow. */
static const DsCsvField field_order[] = {
  DS_CSV_FIELD_INVESTOR, DS_CSV_FIELD_INVESTORS, DS_CSV_FIELD_TARGET, DS_CSV_FIELD_DATE,
  DS_CSV_FIELD_AMOUNT, DS_CSV_FIELD_INSTRUMENT, DS_CSV_FIELD_ROUND, DS_CSV_FIELD_STATUS,
  DS_CSV_FIELD_POST_MONEY, DS_CSV_FIELD_PRE_MONEY, DS_CSV_FIELD_CURRENCY, DS_CSV_FIELD_CONFIDENCE,
  DS_CSV_FIELD_INVESTOR_PERMALINK, DS_CSV_FIELD_TARGET_PERMALINK,
};

static const char *
field_label (DsCsvField field)
{
  switch (field)
    {
    case DS_CSV_FIELD_INVESTOR: return _("Investor");
    case DS_CSV_FIELD_INVESTORS: return _("Investors (list)");
    case DS_CSV_FIELD_TARGET: return _("Company");
    case DS_CSV_FIELD_DATE: return _("Date");
    case DS_CSV_FIELD_AMOUNT: return _("Amount (USD)");
    case DS_CSV_FIELD_INSTRUMENT: return _("Round type");
    case DS_CSV_FIELD_ROUND: return _("Round code");
    case DS_CSV_FIELD_STATUS: return _("Status");
    case DS_CSV_FIELD_POST_MONEY: return _("Post-money");
    case DS_CSV_FIELD_PRE_MONEY: return _("Pre-money");
    case DS_CSV_FIELD_CURRENCY: return _("Currency");
    case DS_CSV_FIELD_CONFIDENCE: return _("Confidence");
    case DS_CSV_FIELD_INVESTOR_PERMALINK: return _("Investor permalink");
    case DS_CSV_FIELD_TARGET_PERMALINK: return _("Company permalink");
    case DS_CSV_N_FIELDS: break;
    }
  return "";
}

static void
set_report (DsCsvImportDialog *self,
            const char        *text)
{
  gtk_label_set_text (GTK_LABEL (self->report), text ? text : "");
  gtk_widget_set_visible (self->report, text != NULL && *text != '\0');
}

/* Preview --------------------------------------------------------------- */

static DsCsvImport *
new_import (DsCsvImportDialog *self)
{
  DsCsvImport *import = ds_csv_import_new (self->origin);

  for (int f = 0; f < DS_CSV_N_FIELDS; f++)
    if (self->user_set[f])
      ds_csv_import_set_column (import, f, self->user_column[f]);
  ds_csv_import_set_skip_bad_rows (import, gtk_check_button_get_active (GTK_CHECK_BUTTON (self->skip_check)));
  return import;
}

/* When the mapping is incomplete the core has no preview; the raw rows
 * still let the user see the columns and name them. */
static gboolean
read_raw (DsCsvImportDialog *self,
          GError           **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);
  g_autoptr(DsCsvReader) reader = NULL;
  GPtrArray *rows;

  if (stream == NULL)
    return FALSE;
  reader = ds_csv_reader_new_for_stream (G_INPUT_STREAM (stream), self->origin);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint r = 0; r <= PREVIEW_ROWS; r++)
    {
      GError *local = NULL;
      char **cells;

      if (!ds_csv_reader_next (reader, NULL, &local))
        {
          if (local == NULL)
            break;
          g_propagate_error (error, local);
          g_ptr_array_unref (rows);
          return FALSE;
        }
      cells = g_new0 (char *, ds_csv_reader_n_fields (reader) + 1);
      for (guint c = 0; c < ds_csv_reader_n_fields (reader); c++)
        cells[c] = g_strdup (ds_csv_reader_field (reader, c));
      if (r == 0)
        {
          g_strfreev (self->header);
          self->header = cells;
        }
      else
        g_ptr_array_add (rows, cells);
    }
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = rows;
  return self->header != NULL;
}

static char *
column_title (DsCsvImportDialog *self,
              guint              c)
{
  for (int f = 0; f < DS_CSV_N_FIELDS; f++)
    if (self->columns[f] == (int) c)
      return g_strdup_printf ("%s → %s", self->header[c], field_label (f));
  return g_strdup (self->header[c]);
}

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           DsCsvImportDialog        *self)
{
  guint c = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "ds-column"));
  guint r = gtk_list_item_get_position (item);
  const char *text = "";

  if (self->rows != NULL && r < self->rows->len)
    {
      char **cells = self->rows->pdata[r];
      if (c < g_strv_length (cells))
        text = cells[c];
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), *text ? text : NULL);
}

static void
fill_table (DsCsvImportDialog *self)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (self->column_view);
  GListModel *columns = gtk_column_view_get_columns (view);
  guint n_header = self->header ? g_strv_length (self->header) : 0;
  g_autoptr(GtkStringList) rows = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;

  /* The header is fixed for a file: columns are made once, titles follow
   * the mapping. */
  if (g_list_model_get_n_items (columns) != n_header)
    {
      while (g_list_model_get_n_items (columns) > 0)
        {
          g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (columns, 0);
          gtk_column_view_remove_column (view, col);
        }
      for (guint c = 0; c < n_header; c++)
        {
          GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
          g_autoptr(GtkColumnViewColumn) col = NULL;

          g_object_set_data (G_OBJECT (factory), "ds-column", GUINT_TO_POINTER (c));
          g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), NULL);
          g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), self);
          col = gtk_column_view_column_new (NULL, factory);
          gtk_column_view_column_set_resizable (col, TRUE);
          gtk_column_view_append_column (view, col);
        }
    }
  for (guint c = 0; c < n_header; c++)
    {
      g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (columns, c);
      g_autofree char *title = column_title (self, c);
      gtk_column_view_column_set_title (col, title);
    }
  for (guint r = 0; self->rows != NULL && r < self->rows->len; r++)
    {
      char number[16];
      g_snprintf (number, sizeof number, "%u", r);
      gtk_string_list_append (rows, number);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&rows)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

static void
fill_dropdowns (DsCsvImportDialog *self)
{
  self->filling = TRUE;
  for (int f = 0; f < DS_CSV_N_FIELDS; f++)
    {
      GtkDropDown *dropdown = GTK_DROP_DOWN (self->dropdowns[f]);
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      guint selected = 0;

      gtk_string_list_append (names, _("(none)"));
      for (guint c = 0; self->header != NULL && self->header[c] != NULL; c++)
        gtk_string_list_append (names, self->header[c]);
      if (gtk_drop_down_get_model (dropdown) == NULL ||
          g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)) != g_list_model_get_n_items (G_LIST_MODEL (names)))
        gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
      if (self->columns[f] >= 0)
        selected = (guint) self->columns[f] + 1;
      else if (self->user_set[f] && *self->user_column[f] != '\0')
        for (guint c = 0; self->header[c] != NULL; c++)
          if (g_str_equal (self->header[c], self->user_column[f]))
            selected = c + 1;
      gtk_drop_down_set_selected (dropdown, selected);
    }
  self->filling = FALSE;
}

static void
refresh_preview (DsCsvImportDialog *self)
{
  g_autoptr(DsCsvImport) import = new_import (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsCsvPreview) preview = ds_csv_import_preview_file (import, self->path, PREVIEW_ROWS, &error);

  if (preview != NULL)
    {
      g_strfreev (self->header);
      self->header = g_steal_pointer (&preview->header);
      g_clear_pointer (&self->rows, g_ptr_array_unref);
      self->rows = g_steal_pointer (&preview->rows);
      memcpy (self->columns, preview->columns, sizeof self->columns);
      self->shape = preview->shape;
      self->mapping_ok = TRUE;
      gtk_label_set_text (GTK_LABEL (self->shape_label),
                          self->shape == DS_CSV_SHAPE_PER_ROUND
                          ? _("One row per round: each listed investor gets a deal, and the round’s amount is split evenly among them.")
                          : _("One row per investment: each row becomes a deal."));
      gtk_widget_set_visible (self->mapping_error, FALSE);
      if (preview->problems->len > 0)
        {
          GString *s = g_string_new (NULL);
          g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u problem in the rows shown:",
                                                  "%u problems in the rows shown:", preview->problems->len),
                                  preview->problems->len);
          for (guint i = 0; i < preview->problems->len && i < 5; i++)
            g_string_append_printf (s, "\n%s", ((DsCsvProblem *) preview->problems->pdata[i])->message);
          gtk_label_set_text (GTK_LABEL (self->preview_problems), s->str);
          g_string_free (s, TRUE);
        }
      gtk_widget_set_visible (self->preview_problems, preview->problems->len > 0);
    }
  else if (g_error_matches (error, DS_CSV_IMPORT_ERROR, DS_CSV_IMPORT_ERROR_MAPPING) &&
           (self->header != NULL || read_raw (self, NULL)))
    {
      /* Keep what the user chose; the rest is unmapped until it works. */
      self->mapping_ok = FALSE;
      for (int f = 0; f < DS_CSV_N_FIELDS; f++)
        self->columns[f] = -1;
      gtk_label_set_text (GTK_LABEL (self->mapping_error), error->message);
      gtk_widget_set_visible (self->mapping_error, TRUE);
      gtk_widget_set_visible (self->preview_problems, FALSE);
    }
  else
    {
      self->mapping_ok = FALSE;
      set_report (self, error->message);
    }
  fill_dropdowns (self);
  fill_table (self);
  gtk_widget_set_sensitive (self->import_button, self->mapping_ok && self->cancellable == NULL);
}

static void
on_dropdown_selected (GtkDropDown       *dropdown,
                      GParamSpec        *pspec,
                      DsCsvImportDialog *self)
{
  int field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dropdown), "ds-field"));
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->filling || selected == GTK_INVALID_LIST_POSITION)
    return;
  g_free (self->user_column[field]);
  self->user_column[field] = g_strdup (selected == 0 ? "" : self->header[selected - 1]);
  self->user_set[field] = TRUE;
  refresh_preview (self);
}

/* Import ---------------------------------------------------------------- */

typedef struct {
  DsCsvImport       *import;
  DsLandscape       *base;
  char              *path;
  DsCsvImportDialog *dialog;       /* a reference while the job lives */
  GMutex             lock;
  guint64            bytes_read, total_bytes;
  gint               update_pending;
} ImportJob;

static ImportJob *
import_job_ref (ImportJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
import_job_clear (ImportJob *job)
{
  ds_csv_import_free (job->import);
  g_clear_pointer (&job->base, ds_landscape_unref);
  g_free (job->path);
  g_object_unref (job->dialog);
  g_mutex_clear (&job->lock);
}

static void
import_job_unref (ImportJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) import_job_clear);
}

static gboolean
show_progress (gpointer data)
{
  ImportJob *job = data;
  guint64 read, total;

  g_mutex_lock (&job->lock);
  read = job->bytes_read;
  total = job->total_bytes;
  g_mutex_unlock (&job->lock);
  g_atomic_int_set (&job->update_pending, 0);
  if (job->dialog->disposed || job->dialog->cancellable == NULL)
    return G_SOURCE_REMOVE;
  if (total > 0)
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (job->dialog->progress), MIN (1.0, (double) read / total));
  else
    gtk_progress_bar_pulse (GTK_PROGRESS_BAR (job->dialog->progress));
  return G_SOURCE_REMOVE;
}

/* In the import thread: at most one update waits in the main loop, so a
 * fast reader does not flood it. */
static void
on_progress (guint64  bytes_read,
             guint64  total_bytes,
             gpointer user_data)
{
  ImportJob *job = user_data;

  g_mutex_lock (&job->lock);
  job->bytes_read = bytes_read;
  job->total_bytes = total_bytes;
  g_mutex_unlock (&job->lock);
  if (g_atomic_int_compare_and_exchange (&job->update_pending, 0, 1))
    g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, show_progress, import_job_ref (job),
                                (GDestroyNotify) import_job_unref);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  GError *error = NULL;
  DsCsvImportResult *result = ds_csv_import_file (job->import, job->base, job->path, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) ds_csv_import_result_free);
}

static char *
describe_problems (const DsCsvImportResult *result)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                          "%u of %u rows has a problem; nothing was imported. Fix it in the file, or tick “Skip rows with problems” to import the rest.",
                                          "%u of %u rows have problems; nothing was imported. Fix them in the file, or tick “Skip rows with problems” to import the rest.",
                                          result->n_rows_bad),
                          result->n_rows_bad, result->n_rows);
  g_string_append_c (s, '\n');
  for (guint i = 0; i < result->reasons->len; i++)
    {
      const DsCsvReasonCount *r = &g_array_index (result->reasons, DsCsvReasonCount, i);
      g_string_append_printf (s, "\n%6u  %s", r->count, r->reason);
    }
  if (result->problems->len > 0)
    g_string_append_printf (s, "\n\n%s", _("First problems:"));
  for (guint i = 0; i < result->problems->len; i++)
    g_string_append_printf (s, "\n%s", ((DsCsvProblem *) result->problems->pdata[i])->message);
  return g_string_free (s, FALSE);
}

static void
set_running (DsCsvImportDialog *self,
             gboolean           running)
{
  gtk_widget_set_visible (self->progress, running);
  gtk_widget_set_sensitive (self->import_button, !running && self->mapping_ok);
  for (int f = 0; f < DS_CSV_N_FIELDS; f++)
    gtk_widget_set_sensitive (self->dropdowns[f], !running);
  gtk_widget_set_sensitive (self->skip_check, !running);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), running ? _("_Stop") : _("_Cancel"));
  gtk_widget_set_tooltip_text (self->cancel_button, running ? _("Stop the import; nothing is written") : NULL);
}

static void
import_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  DsCsvImportDialog *self = DS_CSV_IMPORT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsCsvImportResult) result = g_task_propagate_pointer (G_TASK (res), &error);
  gboolean cancelled = g_cancellable_is_cancelled (self->cancellable);

  g_clear_object (&self->cancellable);
  if (self->disposed)
    return;
  set_running (self, FALSE);
  /* A cancelled import drops whatever it read, even when it had finished. */
  if (cancelled)
    set_report (self, _("Import stopped; nothing was written."));
  else if (result == NULL)
    set_report (self, error->message);
  else if (result->landscape == NULL && result->n_rows_bad > 0)
    {
      g_autofree char *text = describe_problems (result);
      set_report (self, text);
    }
  else if (result->landscape == NULL || self->window == NULL)
    set_report (self, _("The file has no rows to import."));
  else
    {
      g_autofree char *message = NULL;
      g_autofree char *skipped = NULL;

      message = g_strdup_printf (_("Imported %u deals, %u new entities (%u spellings merged)"),
                                 result->n_deals_added, result->n_entities_added, result->merges->len);
      if (result->n_rows_bad > 0)
        {
          skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s; %u row skipped", "%s; %u rows skipped",
                                                  result->n_rows_bad), message, result->n_rows_bad);
          g_free (message);
          message = g_steal_pointer (&skipped);
        }
      g_autofree char *source = g_path_get_basename (self->path);

      if (!ds_window_merge_landscape (self->window, result->landscape, source, message, &error))
        set_report (self, error->message);
      else
        self->close_when_done = TRUE;
    }
  if (self->close_when_done)
    gtk_window_destroy (GTK_WINDOW (self));
}

void
ds_csv_import_dialog_start (DsCsvImportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (DS_IS_CSV_IMPORT_DIALOG (self));
  if (self->cancellable != NULL || !self->mapping_ok || self->window == NULL)
    return;
  job = g_atomic_rc_box_new0 (ImportJob);
  g_mutex_init (&job->lock);
  job->import = new_import (self);
  job->base = ds_landscape_ref (ds_window_get_landscape (self->window));
  job->path = g_strdup (self->path);
  job->dialog = g_object_ref (self);
  ds_csv_import_set_progress (job->import, on_progress, job);

  self->cancellable = g_cancellable_new ();
  set_report (self, NULL);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 0);
  set_running (self, TRUE);
  task = g_task_new (self, self->cancellable, import_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_unref);
  g_task_run_in_thread (task, import_thread);
}

void
ds_csv_import_dialog_cancel (DsCsvImportDialog *self)
{
  g_return_if_fail (DS_IS_CSV_IMPORT_DIALOG (self));
  g_cancellable_cancel (self->cancellable);
}

gboolean
ds_csv_import_dialog_is_running (DsCsvImportDialog *self)
{
  g_return_val_if_fail (DS_IS_CSV_IMPORT_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

static void
on_cancel_clicked (GtkButton         *button,
                   DsCsvImportDialog *self)
{
  if (self->cancellable != NULL)
    ds_csv_import_dialog_cancel (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_import_clicked (GtkButton         *button,
                   DsCsvImportDialog *self)
{
  ds_csv_import_dialog_start (self);
}

static void
on_skip_toggled (GtkCheckButton    *check,
                 DsCsvImportDialog *self)
{
  set_report (self, NULL);
}

/* Closing while the import runs stops it; the dialog goes once the thread
 * has let go of it. */
static gboolean
ds_csv_import_dialog_close_request (GtkWindow *window)
{
  DsCsvImportDialog *self = DS_CSV_IMPORT_DIALOG (window);

  if (self->cancellable != NULL)
    {
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (ds_csv_import_dialog_parent_class)->close_request (window);
}

/* Accessors for tests ---------------------------------------------------- */

const char *
ds_csv_import_dialog_get_column (DsCsvImportDialog *self,
                                 DsCsvField         field)
{
  g_return_val_if_fail (DS_IS_CSV_IMPORT_DIALOG (self), NULL);
  g_return_val_if_fail (field < DS_CSV_N_FIELDS, NULL);
  return self->columns[field] >= 0 ? self->header[self->columns[field]] : NULL;
}

void
ds_csv_import_dialog_set_column (DsCsvImportDialog *self,
                                 DsCsvField         field,
                                 const char        *column)
{
  g_return_if_fail (DS_IS_CSV_IMPORT_DIALOG (self));
  g_return_if_fail (field < DS_CSV_N_FIELDS);
  g_free (self->user_column[field]);
  self->user_column[field] = g_strdup (column ? column : "");
  self->user_set[field] = TRUE;
  refresh_preview (self);
}

void
ds_csv_import_dialog_set_skip_bad_rows (DsCsvImportDialog *self,
                                        gboolean           skip)
{
  g_return_if_fail (DS_IS_CSV_IMPORT_DIALOG (self));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->skip_check), skip);
}

guint
ds_csv_import_dialog_get_n_preview_rows (DsCsvImportDialog *self)
{
  g_return_val_if_fail (DS_IS_CSV_IMPORT_DIALOG (self), 0);
  return self->rows != NULL ? self->rows->len : 0;
}

const char *
ds_csv_import_dialog_get_report (DsCsvImportDialog *self)
{
  g_return_val_if_fail (DS_IS_CSV_IMPORT_DIALOG (self), "");
  return gtk_label_get_text (GTK_LABEL (self->report));
}

/* Construction ------------------------------------------------------------ */

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
wrapping_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
build (DsCsvImportDialog *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header_bar = adw_header_bar_new ();
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *table_scroll = gtk_scrolled_window_new ();
  GtkWidget *frame = gtk_frame_new (NULL);

  self->title = adw_window_title_new (_("Import Spreadsheet"), self->origin);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header_bar), self->title);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header_bar), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header_bar), FALSE);
  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect (self->cancel_button, "clicked", G_CALLBACK (on_cancel_clicked), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header_bar), self->cancel_button);
  self->import_button = gtk_button_new_with_mnemonic (_("_Import"));
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  gtk_widget_set_tooltip_text (self->import_button, _("Merge the rows into the document’s landscape"));
  g_signal_connect (self->import_button, "clicked", G_CALLBACK (on_import_clicked), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header_bar), self->import_button);
  gtk_box_append (GTK_BOX (toolbar), header_bar);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_box_append (GTK_BOX (box), heading (_("Columns")));
  self->shape_label = wrapping_label ("dim-label");
  gtk_box_append (GTK_BOX (box), self->shape_label);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  for (guint i = 0; i < G_N_ELEMENTS (field_order); i++)
    {
      DsCsvField f = field_order[i];
      GtkWidget *label = gtk_label_new (field_label (f));
      GtkWidget *dropdown = gtk_drop_down_new (NULL, NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_set_hexpand (dropdown, TRUE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      g_object_set_data (G_OBJECT (dropdown), "ds-field", GINT_TO_POINTER (f));
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_dropdown_selected), self);
      self->dropdowns[f] = dropdown;
      gtk_grid_attach (GTK_GRID (grid), label, (i % 2) * 2, i / 2, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), dropdown, (i % 2) * 2 + 1, i / 2, 1, 1);
    }
  gtk_box_append (GTK_BOX (box), grid);
  self->mapping_error = wrapping_label ("error");
  gtk_widget_set_visible (self->mapping_error, FALSE);
  gtk_box_append (GTK_BOX (box), self->mapping_error);

  {
    g_autofree char *preview_title = g_strdup_printf (_("First %d rows"), PREVIEW_ROWS);
    gtk_box_append (GTK_BOX (box), heading (preview_title));
  }
  self->column_view = gtk_column_view_new (NULL);
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (self->column_view), TRUE);
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (self->column_view), TRUE);
  gtk_widget_add_css_class (self->column_view, "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Preview of the file’s first rows"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (table_scroll), self->column_view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (table_scroll), 240);
  gtk_frame_set_child (GTK_FRAME (frame), table_scroll);
  gtk_box_append (GTK_BOX (box), frame);
  self->preview_problems = wrapping_label ("warning");
  gtk_widget_set_visible (self->preview_problems, FALSE);
  gtk_box_append (GTK_BOX (box), self->preview_problems);

  self->skip_check = gtk_check_button_new_with_mnemonic (_("_Skip rows with problems and import the rest"));
  g_signal_connect (self->skip_check, "toggled", G_CALLBACK (on_skip_toggled), self);
  gtk_box_append (GTK_BOX (box), self->skip_check);
  self->progress = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Import progress"), -1);
  gtk_widget_set_visible (self->progress, FALSE);
  gtk_box_append (GTK_BOX (box), self->progress);
  self->report = wrapping_label ("error");
  gtk_widget_add_css_class (self->report, "monospace");
  gtk_widget_set_visible (self->report, FALSE);
  gtk_box_append (GTK_BOX (box), self->report);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1100);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scroll);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
}

static void
ds_csv_import_dialog_dispose (GObject *object)
{
  DsCsvImportDialog *self = DS_CSV_IMPORT_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  G_OBJECT_CLASS (ds_csv_import_dialog_parent_class)->dispose (object);
}

static void
ds_csv_import_dialog_finalize (GObject *object)
{
  DsCsvImportDialog *self = DS_CSV_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->path);
  g_free (self->origin);
  g_strfreev (self->header);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  for (int f = 0; f < DS_CSV_N_FIELDS; f++)
    g_free (self->user_column[f]);
  G_OBJECT_CLASS (ds_csv_import_dialog_parent_class)->finalize (object);
}

static void
ds_csv_import_dialog_class_init (DsCsvImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ds_csv_import_dialog_dispose;
  object_class->finalize = ds_csv_import_dialog_finalize;
  window_class->close_request = ds_csv_import_dialog_close_request;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ds_csv_import_dialog_init (DsCsvImportDialog *self)
{
  for (int f = 0; f < DS_CSV_N_FIELDS; f++)
    self->columns[f] = -1;
}

DsCsvImportDialog *
ds_csv_import_dialog_new (DsWindow   *window,
                          const char *path)
{
  DsCsvImportDialog *self;

  g_return_val_if_fail (DS_IS_WINDOW (window), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (DS_TYPE_CSV_IMPORT_DIALOG,
                       "transient-for", window,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "title", _("Import Spreadsheet"),
                       "default-width", 960,
                       "default-height", 760,
                       NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->path = g_strdup (path);
  self->origin = g_path_get_basename (path);
  build (self);
  refresh_preview (self);
  return self;
}
