/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-application.c: opens the document named on the command line (or the
 * default one, made from the bundled dataset) in a DsWindow. */
#define G_LOG_DOMAIN "ds-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "ds-application.h"
#include "ds-dataset.h"
#include "ds-preferences.h"
#include "ds-gui-resources.h"
#include "ds-store.h"
#include "ds-window.h"

/* A document this big or bigger is read on a worker while a window says
 * so: a million deals (1 GB) take 1 to 3 s to read, and nothing on the
 * screen meanwhile looked like a launch that failed. */
#define ASYNC_OPEN_BYTES ((guint64) 64 << 20)

struct _DsApplication {
  AdwApplication parent_instance;
  char          *db_path;
  GSettings     *settings;
  guint64        async_open_bytes;
  GHashTable    *opening;      /* document key -> its "Opening…" window, while read */
};

G_DEFINE_FINAL_TYPE (DsApplication, ds_application, ADW_TYPE_APPLICATION)

/* Opens a document; the default one is created from the bundled dataset. */
static DsStore *
open_document (const char  *path,
               GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autoptr(DsStore) store = NULL;

  if (path != NULL)
    return ds_store_open (path, g_file_test (path, G_FILE_TEST_EXISTS) ? DS_STORE_OPEN_DEFAULT : DS_STORE_OPEN_CREATE, error);

  default_path = ds_store_default_path ();
  if (!g_file_test (default_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *folder = g_path_get_dirname (default_path);
      g_autoptr(DsLandscape) bundled = ds_dataset_read_bundled (error);
      if (bundled == NULL)
        return NULL;
      g_mkdir_with_parents (folder, 0700);
      store = ds_store_open (default_path, DS_STORE_OPEN_CREATE, error);
      if (store == NULL || !ds_store_replace_all (store, bundled, error))
        return NULL;
      return g_steal_pointer (&store);
    }
  return ds_store_open (default_path, DS_STORE_OPEN_DEFAULT, error);
}

void
ds_application_show_open_error (DsApplication *self,
                                const GError  *error)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, _("Cannot open the document"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* One window per document: the same file, however it was named, is the same
 * document. realpath() resolves links; a file that is not there yet keeps
 * its absolute name. */
static char *
document_key (const char *path)
{
  char *resolved = realpath (path, NULL);
  char *key;

  if (resolved == NULL)
    return g_canonicalize_filename (path, NULL);
  key = g_strdup (resolved);
  free (resolved);
  return key;
}

/* The window of the document whose document_key is `wanted`. */
static DsWindow *
find_window_for (DsApplication *self,
                 const char    *wanted)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      g_autofree char *have = NULL;
      const char *path;

      if (!DS_IS_WINDOW (l->data) || (path = ds_window_get_document_path (l->data)) == NULL)
        continue;
      have = document_key (path);
      if (g_str_equal (have, wanted))
        return l->data;
    }
  return NULL;
}

/* A document read on a worker; its window comes when it is in, or its
 * graph preview's window when it has one (that window then reads it). */
typedef struct {
  DsApplication *app;
  char          *key;
  char          *path;
  DsLandscape   *preview;
  double        *x, *y;
  guint8        *pinned;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_object_unref (job->app);
  g_free (job->key);
  g_free (job->path);
  g_clear_pointer (&job->preview, ds_landscape_unref);
  g_free (job->x);
  g_free (job->y);
  g_free (job->pinned);
  g_free (job);
}

static void
open_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  OpenJob *job = user_data;
  DsApplication *self = job->app;
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) landscape = NULL;
  GtkWindow *splash = g_hash_table_lookup (self->opening, job->key);
  gboolean ok = ds_store_open_and_load_finish (result, &store, &landscape, &error);

  /* Its "Opening…" window closed meanwhile: the user changed their mind. */
  if (splash != NULL)
    {
      if (ok)
        gtk_window_present (GTK_WINDOW (ds_window_new (self, store, landscape)));
      else
        ds_application_show_open_error (self, error);
      /* After the window (or the error) is up: the application never runs
       * without a window meanwhile. */
      gtk_window_destroy (splash);
    }
  open_job_free (job);
}

static void
preview_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  OpenJob *job = task_data;
  g_autoptr(GError) error = NULL;

  job->preview = ds_store_read_preview (job->path, &job->x, &job->y, &job->pinned, &error);
  /* A damaged preview, or a file that is no document, costs only the time
   * a preview saves: the document is read, and says what is wrong. */
  if (error != NULL)
    g_debug ("No graph preview: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
preview_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OpenJob *job = g_task_get_task_data (G_TASK (result));
  DsApplication *self = job->app;
  GtkWindow *splash = g_hash_table_lookup (self->opening, job->key);
  /* The task owns the job: a copy of what the next step needs. */
  OpenJob *next;

  if (splash == NULL)
    return;
  if (job->preview != NULL)
    {
      gtk_window_present (GTK_WINDOW (ds_window_new_preview (self, job->path, job->preview, job->x, job->y,
                                                             job->pinned)));
      gtk_window_destroy (splash);
      return;
    }
  next = g_new0 (OpenJob, 1);
  next->app = g_object_ref (self);
  next->key = g_strdup (job->key);
  next->path = g_strdup (job->path);
  ds_store_open_and_load_async (next->path, NULL, NULL, open_done, next);
}

static void
on_opening_window_destroy (GtkWidget     *splash,
                           DsApplication *self)
{
  g_hash_table_remove (self->opening, g_object_get_data (G_OBJECT (splash), "ds-document-key"));
}

/* The window shown while a big document is read. */
static GtkWindow *
opening_window (DsApplication *self,
                const char    *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *title = g_strdup_printf (_("Opening “%s”"), name);
  GtkWidget *window = adw_window_new ();
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_set_name (window, "opening-window");
  gtk_window_set_title (GTK_WINDOW (window), "Dealscape");
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 320);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("A large document: its deals are read on two cores, which takes a few seconds."));
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  adw_status_page_set_child (ADW_STATUS_PAGE (page), spinner);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  return GTK_WINDOW (window);
}

static gboolean
open_in_background (DsApplication *self,
                    const char    *path,
                    const char    *key)
{
  GStatBuf st;
  OpenJob *job;
  GtkWindow *splash;

  if (path == NULL || g_stat (path, &st) != 0 || (guint64) st.st_size < self->async_open_bytes)
    return FALSE;
  job = g_new0 (OpenJob, 1);
  job->app = g_object_ref (self);
  job->key = g_strdup (key);
  job->path = g_strdup (path);
  splash = opening_window (self, path);
  g_hash_table_insert (self->opening, g_strdup (job->key), splash);
  g_object_set_data_full (G_OBJECT (splash), "ds-document-key", g_strdup (job->key), g_free);
  g_signal_connect_object (splash, "destroy", G_CALLBACK (on_opening_window_destroy), self, 0);
  gtk_window_present (splash);
  {
    g_autoptr(GTask) task = g_task_new (self, NULL, preview_done, NULL);
    g_task_set_source_tag (task, open_in_background);
    g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
    g_task_run_in_thread (task, preview_thread);
  }
  return TRUE;
}

void
ds_application_set_async_open_bytes (DsApplication *self,
                                     guint64        bytes)
{
  g_return_if_fail (DS_IS_APPLICATION (self));
  self->async_open_bytes = bytes;
}

static void
ds_application_activate (GApplication *app)
{
  DsApplication *self = DS_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) landscape = NULL;
  g_autofree char *default_path = ds_store_default_path ();
  const char *path = self->db_path ? self->db_path : default_path;
  g_autofree char *key = document_key (path);
  DsWindow *window;
  GtkWindow *splash;

  /* The app is single-instance (GApplication forwards a second launch to
   * the running one) and shows each document once: a document that is
   * already open, or being read (its "Opening…" window), is brought
   * forward rather than opened twice. */
  if ((window = find_window_for (self, key)) != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }
  if ((splash = g_hash_table_lookup (self->opening, key)) != NULL)
    {
      gtk_window_present (splash);
      return;
    }
  if (open_in_background (self, path, key))
    return;

  store = open_document (self->db_path, &error);
  /* A new file given with --db starts as a copy of the bundled landscape. */
  if (store != NULL && ds_store_is_empty (store))
    {
      g_autoptr(DsLandscape) bundled = ds_dataset_read_bundled (&error);
      if (bundled == NULL || !ds_store_replace_all (store, bundled, &error))
        g_clear_object (&store);
    }
  if (store != NULL)
    landscape = ds_store_load (store, &error);
  if (landscape == NULL)
    {
      ds_application_show_open_error (self, error);
      return;
    }
  window = ds_window_new (self, store, landscape);
  gtk_window_present (GTK_WINDOW (window));
}

static void
ds_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  DsApplication *self = DS_APPLICATION (app);

  g_clear_pointer (&self->db_path, g_free);
  self->db_path = g_file_get_path (files[0]);
  ds_application_activate (app);
}

static int
ds_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  DsApplication *self = DS_APPLICATION (app);
  const char *db = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("dealscape %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    self->db_path = g_strdup (db);
  return -1;
}

/* The renderer themes follow the window style: high contrast when asked
 * for (by the preference or the system), else dark or light. */
const char *
ds_application_get_theme_name (DsApplication *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *pref = NULL;

  g_return_val_if_fail (DS_IS_APPLICATION (self), "light");
  pref = self->settings ? g_settings_get_string (self->settings, "theme") : g_strdup ("system");
  if (g_str_equal (pref, "high-contrast") || adw_style_manager_get_high_contrast (style))
    return "high-contrast";
  return adw_style_manager_get_dark (style) ? "dark" : "light";
}

GSettings *
ds_application_get_settings (DsApplication *self)
{
  g_return_val_if_fail (DS_IS_APPLICATION (self), NULL);
  return self->settings;
}

static void
apply_theme (DsApplication *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *pref = self->settings ? g_settings_get_string (self->settings, "theme") : g_strdup ("system");

  if (g_str_equal (pref, "light") || g_str_equal (pref, "high-contrast"))
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (pref, "dark"))
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
on_theme_changed (GSettings     *settings,
                  const char    *key,
                  DsApplication *self)
{
  apply_theme (self);
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  gboolean saving = FALSE;

  /* Closing the windows lets them save their size and view. */
  for (GList *it = windows; it != NULL; it = it->next)
    {
      if (DS_IS_WINDOW (it->data))
        saving |= ds_window_get_saving (it->data);
      gtk_window_close (GTK_WINDOW (it->data));
    }
  g_list_free (windows);
  /* g_application_quit ignores holds: an import being saved holds the
   * application, which then ends once the import is in the file. */
  if (!saving)
    g_application_quit (app);
}

static void
preferences_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsApplication *self = DS_APPLICATION (user_data);
  DsPreferences *prefs = ds_preferences_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                             self->settings);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsApplication *self = DS_APPLICATION (user_data);
  const char *developers[] = { "The Dealscape contributors", NULL };
  GtkWidget *about = adw_about_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (GTK_APPLICATION (self)));
  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), "Dealscape");
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Dealscape contributors"));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (ADW_ABOUT_WINDOW (about), "https://github.com/dealscape/dealscape");
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Map who funds whom in AI, on what terms, and what the money buys in compute. "
                                   "Every figure carries its source and a confidence level; "
                                   "modelling defaults are marked as assumptions."));
  adw_about_window_add_credit_section (ADW_ABOUT_WINDOW (about), _("Data sources"), (const char *[]) {
    "Company filings and press releases (Amazon, Anthropic, Microsoft, OpenAI, Google)",
    "Financial Times, Reuters, Bloomberg, CNBC, Fortune, Semafor reporting",
    "Epoch AI (compute and capex estimates)",
    "U.S. Energy Information Administration (electricity prices)",
    "Kaplan et al. 2020; Hoffmann et al. 2022 (scaling laws)",
    NULL });
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Dataset"),
                                      _("The bundled dataset cites its source for every fact; see the Source row of each deal."),
                                      GTK_LICENSE_CUSTOM, NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
ds_application_startup (GApplication *app)
{
  DsApplication *self = DS_APPLICATION (app);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  static const GActionEntry entries[] = {
    { "quit", quit_activated },
    { "preferences", preferences_activated },
    { "about", about_activated },
  };
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.export-video", { "<Control><Shift>e", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-reset", { "<Control>0", NULL } },
    { "win.circles", { "<Control>l", NULL } },
    { "win.diff", { "<Control>d", NULL } },
    { "win.show-labels", { "<Control><Shift>l", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    /* The view switcher's pages, in its order (as GNOME apps switch tabs). */
    { "win.show-view::graph", { "<Alt>1", NULL } },
    { "win.show-view::valuation", { "<Alt>2", NULL } },
    { "win.show-view::compute", { "<Alt>3", NULL } },
    { "win.show-view::table", { "<Alt>4", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (ds_application_parent_class)->startup (app);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      g_signal_connect_object (self->settings, "changed::theme", G_CALLBACK (on_theme_changed), self, 0);
    }
  else
    g_message ("GSettings schema %s is not installed: window size, view and preferences will not be kept. "
               "Run from the build tree with GSETTINGS_SCHEMA_DIR=<build>/data, or install.", APP_ID);
  apply_theme (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}

static void
ds_application_finalize (GObject *object)
{
  DsApplication *self = DS_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->opening, g_hash_table_unref);
  g_free (self->db_path);
  G_OBJECT_CLASS (ds_application_parent_class)->finalize (object);
}

static void
ds_application_class_init (DsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ds_application_finalize;
  app_class->activate = ds_application_activate;
  app_class->startup = ds_application_startup;
  app_class->open = ds_application_open;
  app_class->handle_local_options = ds_application_handle_local_options;
}

static void
ds_application_init (DsApplication *self)
{
  static const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open this document (default: the landscape in your data folder)"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  self->async_open_bytes = ASYNC_OPEN_BYTES;
  self->opening = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Map who funds whom in AI, on what terms, and what the money buys in compute.\n"
                                              "Headless: dealscape-cli --help"));
}

DsApplication *
ds_application_new (void)
{
  /* The resource lives in a static library, where its constructor would
   * be dropped by the linker: register it by hand. */
  g_resources_register (ds_gui_get_resource ());

  /* Unique: a second `dealscape FILE` hands FILE to the running instance,
   * which presents the window that already shows it (see activate). */
  return g_object_new (DS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}
