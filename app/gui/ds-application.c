/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-application.c: opens the document named on the command line (or the
 * default one, made from the bundled dataset) in a DsWindow. */
#define G_LOG_DOMAIN "ds-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ds-application.h"
#include "ds-dataset.h"
#include "ds-gui-resources.h"
#include "ds-store.h"
#include "ds-window.h"

struct _DsApplication {
  AdwApplication parent_instance;
  char          *db_path;
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
    return ds_store_open (path, DS_STORE_OPEN_DEFAULT, error);

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

static void
show_error_window (DsApplication *self,
                   const GError  *error)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, _("Cannot open the document"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ds_application_activate (GApplication *app)
{
  DsApplication *self = DS_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) landscape = NULL;
  DsWindow *window;

  store = open_document (self->db_path, &error);
  if (store != NULL)
    landscape = ds_store_load (store, &error);
  if (landscape == NULL)
    {
      show_error_window (self, error);
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

static void
ds_application_finalize (GObject *object)
{
  DsApplication *self = DS_APPLICATION (object);

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

  /* NON_UNIQUE for now: one process per document comes with the document
   * locking of the hardening work. */
  return g_object_new (DS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}
