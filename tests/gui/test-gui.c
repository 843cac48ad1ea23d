/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui.c: the application under Xvfb, driven through its GAction names
 * on a temporary copy of the bundled landscape; asserts the model and files. */
#define G_LOG_DOMAIN "test-gui"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ds-amount.h"
#include "ds-chart-view.h"
#include "ds-circles-panel.h"
#include "ds-compare-panel.h"
#include "ds-scenario-diff.h"
#include "ds-application.h"
#include "ds-csv-import-dialog.h"
#include "ds-dataset.h"
#include "ds-graph.h"
#include "ds-graph-view.h"
#include "ds-test-gestures.h"
#include "ds-inspector.h"
#include "ds-replay.h"
#include "ds-scenario.h"
#include "ds-store.h"
#include "ds-table-rows.h"
#include "ds-table-view.h"
#include "ds-test-util.h"
#include "ds-video-dialog.h"
#include "ds-window.h"

static DsApplication *app;

typedef struct {
  char        *dir;
  char        *db_path;
  DsWindow    *window;
} Fixture;

typedef gboolean (*Condition) (gpointer data);

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until `cond` holds or `timeout_ms` passes; the wake-up
 * source only bounds each wait, nothing sleeps. */
static gboolean
iterate_until (Condition cond,
               gpointer  data,
               guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint id = g_timeout_add (10, wake_up, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  return ok;
}

static gboolean
window_ready (gpointer data)
{
  DsWindow *window = data;
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (window));
  return ds_window_get_layout_ready (window) && ds_graph_view_get_frame_count (view) > 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) bundled = ds_dataset_read_bundled (&error);
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) landscape = NULL;

  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("dealscape-gui-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "landscape.db", NULL);
  store = ds_store_open (f->db_path, DS_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (ds_store_replace_all (store, bundled, &error));
  g_assert_no_error (error);
  landscape = ds_store_load (store, &error);
  g_assert_no_error (error);

  f->window = ds_window_new (app, store, landscape);
  g_object_ref_sink (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (window_ready, f->window, 10000));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "set-scenario", g_variant_new_string ("base"));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gpointer weak = f->window;

  g_object_add_weak_pointer (G_OBJECT (f->window), &weak);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->window);
  f->window = NULL;
  /* Every reference the window gave out must come back: a leak fails here. */
  g_assert_true (iterate_until (is_null, &weak, 5000));
  ds_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *param)
{
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), action));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), action, param);
}

/* Tests ------------------------------------------------------------------- */

static void
test_window_title (Fixture *f, gconstpointer data)
{
  const char *actions[] = { "export", "export-to", "undo", "redo", "find", "zoom-in", "zoom-out",
                            "zoom-reset", "play", "select", "set-scenario", "open", "import", NULL };

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Dealscape");
  for (guint i = 0; actions[i]; i++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), actions[i]));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
}

/* The Valuation view's charts share the window's height: their sources
 * footnote names the ten publishers behind the most deals and counts the
 * rest (the bundled landscape's 240 names left the stakes chart no plot);
 * the Compute view's names those of the data centers' and chips' figures. */
static void
test_valuation_footnote (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "valuation.svg", NULL);
  g_autofree char *svg = NULL;
  g_autoptr(GError) error = NULL;
  const char *at;
  guint footnotes = 0;

  activate (f, "show-view", g_variant_new_string ("valuation"));
  g_assert_true (ds_window_export (f->window, "valuation", path, 1200, 580, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  /* 11 publishers in the test landscape: ten named, one counted, in both
   * charts' footnotes. */
  for (at = svg; (at = strstr (at, "and 1 more publisher: each fact names its source")) != NULL; at++)
    footnotes++;
  g_assert_cmpuint (footnotes, ==, 2);

  /* Compute rests on Rainier's and its chip's metrics, not on the deals. */
  g_clear_pointer (&svg, g_free);
  activate (f, "show-view", g_variant_new_string ("compute"));
  g_assert_true (ds_window_export (f->window, "compute", path, 1200, 580, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "Semafor"));
  g_assert_nonnull (strstr (svg, "Amazon Web Services"));
  g_assert_null (strstr (svg, "Fortune"));
  activate (f, "show-view", g_variant_new_string ("graph"));
}

/* The Valuation view charts the stakes of the company selected last (the
 * most funded one before any): OpenAI's rounds, then Anthropic's again;
 * a company nothing goes into (Amazon here) leaves it as it is. */
static void
test_valuation_follows_selection (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "stakes.svg", NULL);
  const struct { const char *select, *title; } steps[] = {
    { NULL, "Stakes in Anthropic" },
    { "openai", "Stakes in OpenAI" },
    { "amazon", "Stakes in OpenAI" },
    { "anthropic", "Stakes in Anthropic" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *svg = NULL;

      if (steps[i].select != NULL)
        activate (f, "select", g_variant_new_string (steps[i].select));
      activate (f, "show-view", g_variant_new_string ("valuation"));
      g_assert_true (ds_window_export (f->window, "valuation", path, 1200, 800, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
      if (strstr (svg, steps[i].title) == NULL)
        g_error ("after selecting %s, no “%s” in the valuation view", steps[i].select, steps[i].title);
      activate (f, "show-view", g_variant_new_string ("graph"));
    }
}

static void
test_select (Fixture *f, gconstpointer data)
{
  DsLandscape *ls = ds_window_get_landscape (f->window);
  DsIndex anthropic = ds_landscape_find_entity (ls, "anthropic");
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (f->window));

  g_assert_cmpint (anthropic, !=, DS_NONE);
  activate (f, "select", g_variant_new_string ("anthropic"));
  g_assert_cmpint (ds_window_get_selected_entity (f->window), ==, anthropic);
  g_assert_cmpint (ds_graph_view_get_selected (view), ==, anthropic);

  /* An unknown id changes nothing. */
  activate (f, "select", g_variant_new_string ("no-such-entity"));
  g_assert_cmpint (ds_window_get_selected_entity (f->window), ==, anthropic);

  activate (f, "select", g_variant_new_string (""));
  g_assert_cmpint (ds_window_get_selected_entity (f->window), ==, DS_NONE);
}

static void
test_set_scenario (Fixture *f, gconstpointer data)
{
  g_autoptr(GVariant) state = NULL;

  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  g_assert_cmpstr (ds_window_get_scenario_id (f->window), ==, "big-note-low-cap");
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "set-scenario");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "big-note-low-cap");

  activate (f, "set-scenario", g_variant_new_string ("no-such-scenario"));
  g_assert_cmpstr (ds_window_get_scenario_id (f->window), ==, "big-note-low-cap");
}

/* Reads the size from a PNG's IHDR chunk (bytes 16..23, big-endian). */
static void
assert_png (const char *path,
            guint32     width,
            guint32     height)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  const guchar *b;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 24);
  b = (const guchar *) contents;
  g_assert_true (memcmp (b, "\x89PNG\r\n\x1a\n", 8) == 0);
  g_assert_cmpuint ((guint32) b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19], ==, width);
  g_assert_cmpuint ((guint32) b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23], ==, height);
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autofree char *png = g_build_filename (f->dir, "graph.png", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "graph.pdf", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "graph.svg", NULL);
  g_autofree char *chart = g_build_filename (f->dir, "valuation.png", NULL);
  g_autofree char *text = NULL;

  activate (f, "export-to", g_variant_new ("(ssii)", "graph", png, 640, 360));
  assert_png (png, 640, 360);

  activate (f, "export-to", g_variant_new ("(ssii)", "graph", pdf, 800, 600));
  g_assert_true (g_file_get_contents (pdf, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
  g_clear_pointer (&text, g_free);

  activate (f, "export-to", g_variant_new ("(ssii)", "graph", svg, 800, 600));
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<svg"));

  activate (f, "export-to", g_variant_new ("(ssii)", "valuation", chart, 500, 300));
  assert_png (chart, 500, 300);
}

static double
amount_on_disk (const char *db_path,
                const char *deal_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = ds_store_open (db_path, DS_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(DsLandscape) ls = NULL;
  DsIndex deal;

  g_assert_no_error (error);
  ls = ds_store_load (store, &error);
  g_assert_no_error (error);
  deal = ds_landscape_find_deal (ls, deal_id);
  g_assert_cmpint (deal, !=, DS_NONE);
  return ds_landscape_deal (ls, deal)->amount_usd;
}

static void
test_edit_amount (Fixture *f, gconstpointer data)
{
  const char *deal = "microsoft-openai-2019";
  DsLandscape *ls = ds_window_get_landscape (f->window);
  double before = ds_landscape_deal (ls, ds_landscape_find_deal (ls, deal))->amount_usd;
  g_autoptr(GError) error = NULL;

  /* The bundled dataset records $1B for Microsoft's 2019 investment. */
  g_assert_cmpfloat (before, ==, 1e9);
  g_assert_true (ds_window_apply_deal_edit (f->window, deal, "amount_usd", g_variant_new_double (2.5e9), &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (amount_on_disk (f->db_path, deal), ==, 2.5e9);

  activate (f, "undo", NULL);
  g_assert_cmpfloat (amount_on_disk (f->db_path, deal), ==, 1e9);
  activate (f, "redo", NULL);
  g_assert_cmpfloat (amount_on_disk (f->db_path, deal), ==, 2.5e9);

  /* Refused values change neither the model nor the file. */
  g_assert_false (ds_window_apply_deal_edit (f->window, deal, "amount_usd", g_variant_new_double (-5), &error));
  g_assert_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ds_window_apply_deal_edit (f->window, deal, "status", g_variant_new_string ("maybe"), &error));
  g_assert_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ds_window_apply_deal_edit (f->window, "no-such-deal", "amount_usd", g_variant_new_double (1), &error));
  g_assert_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpfloat (amount_on_disk (f->db_path, deal), ==, 2.5e9);
}

static void
test_edit_in_scenario (Fixture *f, gconstpointer data)
{
  const char *deal = "microsoft-openai-2019";
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  const DsSetting *setting;

  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  g_assert_true (ds_window_apply_deal_edit (f->window, deal, "amount_usd", g_variant_new_double (3e9), &error));
  g_assert_no_error (error);

  /* The recorded deal stays; the scenario holds the override. */
  g_assert_cmpfloat (amount_on_disk (f->db_path, deal), ==, 1e9);
  store = ds_store_open (f->db_path, DS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  ls = ds_store_load (store, &error);
  g_assert_no_error (error);
  setting = ds_scenario_find_setting (ds_landscape_scenario (ls, ds_landscape_find_scenario (ls, "big-note-low-cap")),
                                      "deal.microsoft-openai-2019.amount_usd");
  g_assert_nonnull (setting);
  g_assert_null (setting->text);
  g_assert_cmpfloat (setting->number, ==, 3e9);
}

/* Closes the window as the user would, and opens the document again in a
 * new one: what survives is only what the file holds. */
static void
restart (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) landscape = NULL;
  gpointer weak = f->window;

  g_object_add_weak_pointer (G_OBJECT (f->window), &weak);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->window);
  g_assert_true (iterate_until (is_null, &weak, 5000));

  store = ds_store_open (f->db_path, DS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  landscape = ds_store_load (store, &error);
  g_assert_no_error (error);
  f->window = ds_window_new (app, store, landscape);
  g_object_ref_sink (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (iterate_until (window_ready, f->window, 10000));
}

static gboolean
action_enabled (Fixture    *f,
                const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), name);
}

static void
test_undo_after_restart (Fixture *f, gconstpointer data)
{
  const char *deal = "microsoft-openai-2019";
  g_autoptr(GError) error = NULL;

  activate (f, "set-scenario", g_variant_new_string ("base"));
  g_assert_true (ds_window_apply_deal_edit (f->window, deal, "amount_usd", g_variant_new_double (2.5e9), &error));
  g_assert_true (ds_window_apply_deal_edit (f->window, deal, "status", g_variant_new_string ("announced"), &error));
  g_assert_no_error (error);
  activate (f, "undo", NULL);
  g_assert_true (action_enabled (f, "redo"));

  restart (f);
  g_assert_cmpfloat (amount_on_disk (f->db_path, deal), ==, 2.5e9);
  g_assert_true (action_enabled (f, "undo"));
  g_assert_true (action_enabled (f, "redo"));
  activate (f, "undo", NULL);
  g_assert_cmpfloat (amount_on_disk (f->db_path, deal), ==, 1e9);
  g_assert_false (action_enabled (f, "undo"));

  restart (f);
  activate (f, "redo", NULL);
  activate (f, "redo", NULL);
  {
    DsLandscape *ls = ds_window_get_landscape (f->window);
    const DsDeal *d = ds_landscape_deal (ls, ds_landscape_find_deal (ls, deal));
    g_assert_cmpfloat (d->amount_usd, ==, 2.5e9);
    g_assert_cmpint (d->status, ==, DS_STATUS_ANNOUNCED);
  }
  g_assert_false (action_enabled (f, "redo"));
}

static DsLandscape *
load_file (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = ds_store_open (f->db_path, DS_STORE_OPEN_READ_ONLY, &error);
  DsLandscape *ls;

  g_assert_no_error (error);
  ls = ds_store_load (store, &error);
  g_assert_no_error (error);
  return ls;
}

static void
test_scenario_manage (Fixture *f, gconstpointer data)
{
  g_autoptr(DsLandscape) after_create = NULL, after_rename = NULL, after_delete = NULL, after_dup = NULL;
  DsLandscape *ls;
  DsIndex s;

  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  activate (f, "new-scenario", g_variant_new_string ("Bigger note"));
  g_assert_cmpstr (ds_window_get_scenario_id (f->window), ==, "bigger-note");
  ls = ds_window_get_landscape (f->window);
  s = ds_landscape_find_scenario (ls, "bigger-note");
  g_assert_cmpint (ds_landscape_scenario (ls, s)->base, ==, ds_landscape_find_scenario (ls, "big-note-low-cap"));
  after_create = load_file (f);
  g_assert_cmpint (ds_landscape_find_scenario (after_create, "bigger-note"), !=, DS_NONE);

  activate (f, "rename-scenario", g_variant_new_string ("Much bigger note"));
  after_rename = load_file (f);
  s = ds_landscape_find_scenario (after_rename, "bigger-note");
  g_assert_cmpstr (ds_landscape_scenario (after_rename, s)->name, ==, "Much bigger note");

  /* A scenario others build on stays, with the engine's message. */
  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  g_assert_false (ds_window_delete_scenario (f->window, &(GError *) { NULL }));
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (ds_window_delete_scenario (f->window, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "bigger-note"));
  }
  g_assert_cmpstr (ds_window_get_scenario_id (f->window), ==, "big-note-low-cap");

  /* Duplicate copies the settings and the hypothetical deals. */
  activate (f, "duplicate-scenario", g_variant_new_string ("Note copy"));
  g_assert_cmpstr (ds_window_get_scenario_id (f->window), ==, "note-copy");
  after_dup = load_file (f);
  s = ds_landscape_find_scenario (after_dup, "note-copy");
  g_assert_nonnull (ds_scenario_find_setting (ds_landscape_scenario (after_dup, s),
                                              "deal.amazon-anthropic-2025-07.cap_usd"));
  g_assert_cmpuint (ds_landscape_scenario (after_dup, s)->deals->len, ==, 1);

  activate (f, "set-scenario", g_variant_new_string ("bigger-note"));
  activate (f, "delete-scenario", NULL);
  g_assert_cmpstr (ds_window_get_scenario_id (f->window), ==, "big-note-low-cap");
  g_assert_cmpint (ds_landscape_find_scenario (ds_window_get_landscape (f->window), "bigger-note"), ==, DS_NONE);
  after_delete = load_file (f);
  g_assert_cmpint (ds_landscape_find_scenario (after_delete, "bigger-note"), ==, DS_NONE);
  g_assert_cmpint (ds_landscape_find_scenario (after_delete, "note-copy"), !=, DS_NONE);
}

/* The first widget under `root` (itself included, depth first) that
 * `match` accepts, or NULL. */
static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_named (GtkWidget *widget, gconstpointer name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* The first widget under `root` (itself included) named `name`, or NULL. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  return find_widget (root, is_named, name);
}

static void
count_deal_rows (GtkWidget *root, guint *n)
{
  const char *name = gtk_widget_get_name (root);

  if (ADW_IS_ACTION_ROW (root) && g_str_has_prefix (name, "round-"))
    (*n)++;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    count_deal_rows (child, n);
}

static gboolean
has_label_containing (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
is_view_stack (GtkWidget *widget, gconstpointer data)
{
  return ADW_IS_VIEW_STACK (widget);
}

/* Every action the application gives a shortcut is in the Keyboard
 * Shortcuts window, and Alt+1 to Alt+4 show the views in the order of the
 * switcher. */
static void
test_shortcuts (Fixture *f, gconstpointer data)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/dealscape/Dealscape/gtk/help-overlay.ui");
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) with_accels = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  const char *views[] = { "graph", "valuation", "compute", "table" };
  AdwViewStack *stack = ADW_VIEW_STACK (find_widget (GTK_WIDGET (f->window), is_view_stack, NULL));

  /* A shortcut is listed by its action, or by its keys written out. */
  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *action = NULL, *keys = NULL;
        g_auto(GStrv) each = NULL;

        g_object_get (l->data, "action-name", &action, "accelerator", &keys, NULL);
        if (action != NULL)
          g_hash_table_add (listed, g_steal_pointer (&action));
        each = g_strsplit (keys != NULL ? keys : "", " ", -1);
        for (guint k = 0; each[k] != NULL; k++)
          {
            guint key;
            GdkModifierType mods;
            if (gtk_accelerator_parse (each[k], &key, &mods))
              g_hash_table_add (listed, gtk_accelerator_name (key, mods));
          }
      }
  g_assert_cmpuint (g_strv_length (with_accels), >=, 20);
  for (guint i = 0; with_accels[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), with_accels[i]);
      gboolean found = g_hash_table_contains (listed, with_accels[i]);

      for (guint k = 0; !found && accels[k] != NULL; k++)
        {
          guint key;
          GdkModifierType mods;
          g_autofree char *name = NULL;

          g_assert_true (gtk_accelerator_parse (accels[k], &key, &mods));
          name = gtk_accelerator_name (key, mods);
          found = g_hash_table_contains (listed, name);
        }
      if (!found)
        g_error ("%s has a shortcut that the Keyboard Shortcuts window (ui/gtk/help-overlay.ui) does not list",
                 with_accels[i]);
    }

  g_assert_nonnull (stack);
  for (guint i = G_N_ELEMENTS (views); i-- > 0;)
    {
      g_autofree char *accel = g_strdup_printf ("<Alt>%u", i + 1);
      g_auto(GStrv) named = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), accel);
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = NULL;

      g_assert_cmpuint (g_strv_length (named), ==, 1);
      g_assert_true (g_action_parse_detailed_name (named[0], &action, &target, NULL));
      g_assert_cmpstr (action, ==, "win.show-view");
      activate (f, action + strlen ("win."), target);
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, views[i]);
    }
}

/* A document of `ls` at dir/name, read back and shown in a window. */
static DsWindow *
window_on_landscape (DsLandscape *ls,
                     const char  *dir,
                     const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(DsStore) store = ds_store_open (path, DS_STORE_OPEN_CREATE, &error);
  g_autoptr(DsLandscape) loaded = NULL;
  DsWindow *window;

  g_assert_no_error (error);
  g_assert_true (ds_store_replace_all (store, ls, &error));
  g_assert_no_error (error);
  loaded = ds_store_load (store, &error);
  g_assert_no_error (error);
  window = ds_window_new (app, store, loaded);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (window_ready, window, 10000));
  return window;
}

/* Destroys the window, waits until it is gone, removes its folder. */
static void
close_window_and_remove (DsWindow   *window,
                         const char *dir)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_null, &weak, 5000));
  ds_test_remove_tree (dir);   /* SQLite's -wal and -shm too */
}

/* A company of a big import with 130 rounds: the inspector lists the 25
 * largest (a row each for 130,000 took minutes; 100 rows still took GTK
 * 300 ms to lay out) and says so. */
static void pause_for_screenshot (const char *name);

static void
test_inspector_caps_deal_rows (void)
{
  g_autoptr(DsLandscape) ls = ds_landscape_new ();
  g_autofree char *dir = g_dir_make_tmp ("dealscape-gui-XXXXXX", NULL);
  DsSource source = { "src", "A source", "Publisher", 20250101, NULL };
  DsEntity co = { "acme", "Acme", DS_ENTITY_COMPANY, DS_NONE, NULL };
  DsEntity fund = { "fund", "Fund", DS_ENTITY_INVESTOR, DS_NONE, NULL };
  DsWindow *window;
  guint rows = 0;

  ds_landscape_add_source (ls, &source);
  ds_landscape_add_entity (ls, &co);
  ds_landscape_add_entity (ls, &fund);
  for (guint i = 0; i < 130; i++)
    {
      g_autofree char *id = g_strdup_printf ("round-%03u", i);
      DsDeal d;

      ds_deal_init (&d);
      d.id = id;
      d.investor = 1;
      d.target = 0;
      d.date = 20000101 + (i / 12) * 10000 + (i % 12) * 100;
      d.amount_usd = (i + 1) * 1e6;   /* round-129 the largest */
      d.instrument = DS_INSTRUMENT_EQUITY;
      d.status = DS_STATUS_CLOSED;
      d.source = 0;
      d.confidence = DS_CONFIDENCE_REPORTED;
      ds_landscape_add_deal (ls, &d);
    }
  ds_landscape_finish (ls);
  window = window_on_landscape (ls, dir, "big.db");
  g_action_group_activate_action (G_ACTION_GROUP (window), "select", g_variant_new_string ("acme"));

  count_deal_rows (ds_window_get_inspector (window), &rows);
  g_assert_cmpuint (rows, ==, 25);
  g_assert_nonnull (find_named (ds_window_get_inspector (window), "round-129"));
  g_assert_nonnull (find_named (ds_window_get_inspector (window), "round-105"));
  g_assert_null (find_named (ds_window_get_inspector (window), "round-104"));
  g_assert_nonnull (find_widget (ds_window_get_inspector (window), has_label_containing, "largest of 130 deals"));
  pause_for_screenshot ("inspector-capped");

  close_window_and_remove (window, dir);
}

/* A stake metric that names no company, of a holder in two: the details
 * of each company say it is left out and how to name it; the holder's
 * named one reads "Stake in B". */
static void
test_inspector_stake_problem (void)
{
  g_autoptr(DsLandscape) ls = ds_landscape_new ();
  g_autofree char *dir = g_dir_make_tmp ("dealscape-gui-XXXXXX", NULL);
  DsSource source = { "src", "Rounds", "The Paper", 20240115, NULL };
  DsEntity e[] = {
    { "a", "A", DS_ENTITY_COMPANY, DS_NONE, NULL },
    { "b", "B", DS_ENTITY_COMPANY, DS_NONE, NULL },
    { "fund", "Fund", DS_ENTITY_INVESTOR, DS_NONE, NULL },
  };
  DsMetric plain = { 2, "stake_fraction", 20241200, 0.3, "fraction", 0, DS_CONFIDENCE_REPORTED };
  DsMetric named = { 2, "stake_fraction:b", 20250200, 0.2, "fraction", 0, DS_CONFIDENCE_REPORTED };
  DsWindow *window;
  GtkWidget *problem;

  ds_landscape_add_source (ls, &source);
  for (guint i = 0; i < G_N_ELEMENTS (e); i++)
    ds_landscape_add_entity (ls, &e[i]);
  ds_test_add_round (ls, "fund-a", 2, 0, 20240115, 1e6, 1e7);
  ds_test_add_round (ls, "fund-b", 2, 1, 20240615, 1e6, 1e7);
  ds_landscape_add_metric (ls, &plain);
  ds_landscape_add_metric (ls, &named);
  ds_landscape_finish (ls);
  window = window_on_landscape (ls, dir, "stakes.db");
  g_action_group_activate_action (G_ACTION_GROUP (window), "seek", g_variant_new_string ("2025-03"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "select", g_variant_new_string ("a"));
  problem = find_named (ds_window_get_inspector (window), "entity-problem");
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problem)), "name the metric stake_fraction:a"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "select", g_variant_new_string ("fund"));
  g_assert_null (find_named (ds_window_get_inspector (window), "entity-problem"));
  g_assert_nonnull (find_widget (ds_window_get_inspector (window), has_label_containing, "Stake in B"));

  close_window_and_remove (window, dir);
}

/* The names in the header's scenario selector, joined by "|", and the
 * one selected. */
static char *
selector_names (Fixture *f,
                char   **selected)
{
  GtkWidget *dropdown = find_named (GTK_WIDGET (f->window), "scenario-selector");
  GListModel *model;
  GString *names = g_string_new (NULL);

  g_assert_nonnull (dropdown);
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      g_string_append_printf (names, "%s%s", i ? "|" : "", gtk_string_object_get_string (item));
    }
  if (selected != NULL)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)));
      *selected = g_strdup (gtk_string_object_get_string (item));
    }
  return g_string_free (names, FALSE);
}

#define BUNDLED_SELECTOR "Base|Big note, low cap|Slow buildout|Bloomberg's figure for Google 2023"

static void
assert_selector (Fixture    *f,
                 const char *names,
                 const char *selected)
{
  g_autofree char *shown = NULL;
  g_autofree char *all = selector_names (f, &shown);

  g_assert_cmpstr (all, ==, names);
  g_assert_cmpstr (shown, ==, selected);
}

static void
test_scenario_delete_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(DsLandscape) deleted = NULL, restored = NULL, after_restart = NULL;
  const DsScenario *sc;

  activate (f, "set-scenario", g_variant_new_string ("slow-buildout"));
  assert_selector (f, BUNDLED_SELECTOR, "Slow buildout");

  activate (f, "delete-scenario", NULL);
  /* The scenario it built on is shown instead. */
  g_assert_cmpstr (ds_window_get_scenario_id (f->window), ==, "base");
  assert_selector (f, "Base|Big note, low cap|Bloomberg's figure for Google 2023", "Base");
  deleted = load_file (f);
  g_assert_cmpint (ds_landscape_find_scenario (deleted, "slow-buildout"), ==, DS_NONE);
  g_assert_true (action_enabled (f, "undo"));
  /* The undo button names what it would undo. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_named (GTK_WIDGET (f->window), "undo-button")), ==,
                   "Undo: delete scenario “Slow buildout” (Ctrl+Z)");

  activate (f, "undo", NULL);
  g_assert_cmpstr (ds_window_get_scenario_id (f->window), ==, "slow-buildout");
  assert_selector (f, BUNDLED_SELECTOR, "Slow buildout");
  /* Back in the file, in its place, with its three settings. */
  restored = load_file (f);
  g_assert_cmpint (ds_landscape_find_scenario (restored, "slow-buildout"), ==, 2);
  sc = ds_landscape_scenario (restored, 2);
  g_assert_cmpstr (sc->name, ==, "Slow buildout");
  g_assert_cmpint (sc->base, ==, ds_landscape_find_scenario (restored, "base"));
  g_assert_cmpuint (sc->settings->len, ==, 3);
  g_assert_cmpfloat (ds_scenario_find_setting (sc, "assumption.mfu")->number, ==, 0.35);
  g_assert_cmpfloat (ds_scenario_find_setting (sc, "assumption.buildout_scale")->number, ==, 0.6);
  g_assert_cmpfloat (ds_scenario_find_setting (sc, "assumption.buildout_delay_months")->number, ==, 9);
  /* The window's own landscape has it too, and the charts follow it. */
  g_assert_cmpint (ds_landscape_find_scenario (ds_window_get_landscape (f->window), "slow-buildout"), ==, 2);
  g_assert_nonnull (ds_window_get_replay (f->window));
  g_assert_cmpint (ds_replay_get_view (ds_window_get_replay (f->window))->scenario, ==, 2);

  activate (f, "redo", NULL);
  assert_selector (f, "Base|Big note, low cap|Bloomberg's figure for Google 2023", "Base");

  /* The deletion is still undoable after a restart. */
  restart (f);
  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  g_assert_true (action_enabled (f, "undo"));
  activate (f, "undo", NULL);
  assert_selector (f, BUNDLED_SELECTOR, "Slow buildout");
  after_restart = load_file (f);
  g_assert_cmpint (ds_landscape_find_scenario (after_restart, "slow-buildout"), ==, 2);
  g_assert_false (action_enabled (f, "undo"));
}

static void
test_scenario_create_rename_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(DsLandscape) created = NULL, renamed = NULL;

  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  activate (f, "new-scenario", g_variant_new_string ("What if"));
  assert_selector (f, BUNDLED_SELECTOR "|What if", "What if");
  activate (f, "rename-scenario", g_variant_new_string ("Fifty billion cap"));
  assert_selector (f, BUNDLED_SELECTOR "|Fifty billion cap", "Fifty billion cap");
  renamed = load_file (f);
  g_assert_cmpstr (ds_landscape_scenario (renamed, ds_landscape_find_scenario (renamed, "what-if"))->name, ==,
                   "Fifty billion cap");

  activate (f, "undo", NULL);
  assert_selector (f, BUNDLED_SELECTOR "|What if", "What if");
  /* Undoing the creation shows the scenario it was made on. */
  activate (f, "undo", NULL);
  assert_selector (f, BUNDLED_SELECTOR, "Big note, low cap");
  g_assert_cmpint (ds_landscape_find_scenario (ds_window_get_landscape (f->window), "what-if"), ==, DS_NONE);

  /* Redo brings it back with the same id and base. */
  activate (f, "redo", NULL);
  assert_selector (f, BUNDLED_SELECTOR "|What if", "What if");
  created = load_file (f);
  {
    DsIndex s = ds_landscape_find_scenario (created, "what-if");
    g_assert_cmpint (s, ==, 4);
    g_assert_cmpint (ds_landscape_scenario (created, s)->base, ==, ds_landscape_find_scenario (created, "big-note-low-cap"));
  }
  activate (f, "redo", NULL);
  assert_selector (f, BUNDLED_SELECTOR "|Fifty billion cap", "Fifty billion cap");
}

/* Amazon's stake in Anthropic in April 2026 under big-note-low-cap, replayed
 * from the document file alone. */
static double
amazon_stake_from_file (Fixture *f)
{
  g_autoptr(DsLandscape) ls = load_file (f);
  g_autoptr(DsReplay) replay = ds_replay_new (ls, ds_landscape_find_scenario (ls, "big-note-low-cap"), NULL);
  DsIndex amazon = ds_landscape_find_entity (ls, "amazon");
  const DsStake *stakes;
  guint n = 0;

  g_assert_nonnull (replay);
  ds_replay_seek (replay, 20260415);
  stakes = ds_replay_get_stakes (replay, ds_landscape_find_entity (ls, "anthropic"), &n);
  for (guint i = 0; i < n; i++)
    if (stakes[i].entity == amazon)
      return stakes[i].fraction;
  return 0;
}

static double
file_hypothetical_number (Fixture    *f,
                          const char *column)
{
  g_autoptr(DsLandscape) ls = load_file (f);
  const DsScenario *sc = ds_landscape_scenario (ls, ds_landscape_find_scenario (ls, "big-note-low-cap"));
  const DsDeal *d = &g_array_index (sc->deals, DsDeal, 0);

  g_assert_cmpstr (d->id, ==, "hypothetical-series-g");
  return g_str_equal (column, "cap_usd") ? d->cap_usd : d->pre_money_usd;
}

/* Types `text` into the inspector's row for `field` and applies it, as Enter does. */
static void
inspector_enter (Fixture    *f,
                 const char *field,
                 const char *text)
{
  GtkWidget *row = find_named (ds_window_get_inspector (f->window), field);

  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static void
test_inspector_hypothetical_deal (Fixture *f, gconstpointer data)
{
  GtkWidget *inspector = ds_window_get_inspector (f->window);
  DsReplay *replay;
  const DsScenarioView *view;
  DsIndex deal;
  double stake_before, stake_after;

  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  /* Anthropic's deals list the scenario's hypothetical Series G. */
  activate (f, "select", g_variant_new_string ("anthropic"));
  g_assert_nonnull (find_named (inspector, "hypothetical-series-g"));
  g_signal_emit_by_name (find_named (inspector, "hypothetical-series-g"), "activated");
  view = ds_replay_get_view (ds_window_get_replay (f->window));
  deal = ds_scenario_view_find_deal (view, "hypothetical-series-g");
  g_assert_cmpint (deal, >=, (DsIndex) view->n_landscape_deals);
  g_assert_cmpint (ds_window_get_selected_deal (f->window), ==, deal);
  g_assert_nonnull (find_named (inspector, "hypothetical"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (inspector, "pre_money_usd"))), ==, "$150B");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (inspector, "cap_usd"))), ==, "");

  /* A cap, typed as a user would: saved in the scenario's deal, not logged
   * twice, shown again, and in the replay the views are drawn from. */
  inspector_enter (f, "cap_usd", "$50B");
  g_assert_cmpfloat (file_hypothetical_number (f, "cap_usd"), ==, 50e9);
  replay = ds_window_get_replay (f->window);
  view = ds_replay_get_view (replay);
  g_assert_cmpfloat (ds_scenario_view_deal (view, ds_scenario_view_find_deal (view, "hypothetical-series-g"))->cap_usd,
                     ==, 50e9);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (inspector, "cap_usd"))), ==, "$50B");
  /* Inline validation refuses a post-money below the pre-money ($150B). */
  inspector_enter (f, "post_money_usd", "$100B");
  g_assert_true (gtk_widget_has_css_class (find_named (inspector, "post_money_usd"), "error"));
  g_assert_cmpfloat (file_hypothetical_number (f, "pre_money_usd"), ==, 150e9);

  activate (f, "undo", NULL);
  g_assert_true (isnan (file_hypothetical_number (f, "cap_usd")));
  activate (f, "redo", NULL);
  g_assert_cmpfloat (file_hypothetical_number (f, "cap_usd"), ==, 50e9);

  /* A lower price for the Series G converts Amazon's 2025 note (cap $50B,
   * discount 20%) at 80% of it instead of the cap: $40B pre-money gives
   * $32B, below the cap, so Amazon ends up with a larger stake. */
  stake_before = amazon_stake_from_file (f);
  g_assert_cmpfloat (stake_before, >, 0);
  inspector_enter (f, "pre_money_usd", "40B");
  g_assert_cmpfloat (file_hypothetical_number (f, "pre_money_usd"), ==, 40e9);
  stake_after = amazon_stake_from_file (f);
  g_assert_cmpfloat (stake_after, >, stake_before);
  view = ds_replay_get_view (ds_window_get_replay (f->window));
  g_assert_cmpfloat (ds_scenario_view_deal (view, ds_scenario_view_find_deal (view, "hypothetical-series-g"))->pre_money_usd,
                     ==, 40e9);
  activate (f, "undo", NULL);
  g_assert_cmpfloat (amazon_stake_from_file (f), ==, stake_before);

  /* Another scenario has no such deal: the inspector falls back to Anthropic. */
  activate (f, "set-scenario", g_variant_new_string ("slow-buildout"));
  g_assert_null (find_named (inspector, "hypothetical"));
  g_assert_null (find_named (inspector, "hypothetical-series-g"));
}

/* Whether a label under `root` reads `text` (a toast's title), or with
 * `prefix`, starts with it. */
static gboolean
find_label (GtkWidget  *root,
            const char *text,
            gboolean    prefix)
{
  if (GTK_IS_LABEL (root) && (prefix ? g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), text)
                                     : g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (find_label (child, text, prefix))
      return TRUE;
  return FALSE;
}

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  return find_label (root, text, FALSE);
}

/* big-note-low-cap's deals in the file, and the one hypothetical deal's
 * terms as data/landscape.json has them when `present`. */
static void
assert_file_series_g (Fixture  *f,
                      gboolean  present)
{
  g_autoptr(DsLandscape) ls = load_file (f);
  const DsScenario *sc = ds_landscape_scenario (ls, ds_landscape_find_scenario (ls, "big-note-low-cap"));
  const DsDeal *d;

  g_assert_cmpuint (sc->deals->len, ==, present ? 1 : 0);
  if (!present)
    return;
  d = &g_array_index (sc->deals, DsDeal, 0);
  g_assert_cmpstr (d->id, ==, "hypothetical-series-g");
  g_assert_cmpstr (ds_landscape_entity (ls, d->investor)->id, ==, "hypothetical-investors");
  g_assert_cmpstr (ds_landscape_entity (ls, d->target)->id, ==, "anthropic");
  g_assert_cmpint (d->date, ==, 20260300);
  g_assert_cmpfloat (d->amount_usd, ==, 5e9);
  g_assert_cmpint (d->instrument, ==, DS_INSTRUMENT_EQUITY);
  g_assert_cmpint (d->status, ==, DS_STATUS_CLOSED);
  g_assert_cmpfloat (d->pre_money_usd, ==, 150e9);
  g_assert_cmpfloat (d->post_money_usd, ==, 155e9);
  g_assert_true (isnan (d->cap_usd));
  g_assert_cmpstr (ds_landscape_source (ls, d->source)->id, ==, "dealscape-assumptions");
  g_assert_cmpint (d->confidence, ==, DS_CONFIDENCE_ASSUMPTION);
}

/* win.delete-hypothetical-deal, offered by the inspector for the current
 * scenario's own hypothetical deals only; undo brings the deal back. */
static void
test_delete_hypothetical_deal (Fixture *f, gconstpointer data)
{
  GtkWidget *inspector = ds_window_get_inspector (f->window);
  GtkWidget *button;
  const DsScenarioView *view;
  DsIndex deal;

  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  /* A landscape deal is the record: no button. */
  activate (f, "select-deal", g_variant_new_string ("amazon-anthropic-2025-07"));
  g_assert_nonnull (find_named (inspector, "cap_usd"));
  g_assert_null (find_named (inspector, "delete-hypothetical-deal"));
  activate (f, "select-deal", g_variant_new_string ("hypothetical-series-g"));
  button = find_named (inspector, "delete-hypothetical-deal");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_has_css_class (button, "destructive-action"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.delete-hypothetical-deal");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)), NULL),
                   ==, "hypothetical-series-g");

  activate (f, "delete-hypothetical-deal", g_variant_new_string ("hypothetical-series-g"));
  view = ds_replay_get_view (ds_window_get_replay (f->window));
  g_assert_cmpint (ds_scenario_view_find_deal (view, "hypothetical-series-g"), ==, DS_NONE);
  g_assert_cmpuint (ds_landscape_scenario (ds_window_get_landscape (f->window),
                                           ds_landscape_find_scenario (ds_window_get_landscape (f->window),
                                                                       "big-note-low-cap"))->deals->len, ==, 0);
  assert_file_series_g (f, FALSE);
  /* The selection falls back to the deal's target, whose list lacks it now. */
  g_assert_cmpint (ds_window_get_selected_deal (f->window), ==, DS_NONE);
  g_assert_cmpint (ds_window_get_selected_entity (f->window), ==,
                   ds_landscape_find_entity (ds_window_get_landscape (f->window), "anthropic"));
  g_assert_null (find_named (inspector, "hypothetical-series-g"));
  g_assert_null (find_named (inspector, "delete-hypothetical-deal"));
  g_assert_true (has_label (GTK_WIDGET (f->window), "Deal “Hypothetical investors → Anthropic” deleted"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_named (GTK_WIDGET (f->window), "undo-button")), ==,
                   "Undo: delete hypothetical deal hypothetical-series-g (Ctrl+Z)");

  activate (f, "undo", NULL);
  assert_file_series_g (f, TRUE);
  view = ds_replay_get_view (ds_window_get_replay (f->window));
  deal = ds_scenario_view_find_deal (view, "hypothetical-series-g");
  g_assert_cmpint (deal, !=, DS_NONE);
  g_assert_cmpfloat (ds_scenario_view_deal (view, deal)->amount_usd, ==, 5e9);
  g_assert_cmpfloat (ds_scenario_view_deal (view, deal)->pre_money_usd, ==, 150e9);
  g_assert_nonnull (find_named (inspector, "hypothetical-series-g"));

  activate (f, "redo", NULL);
  assert_file_series_g (f, FALSE);
  view = ds_replay_get_view (ds_window_get_replay (f->window));
  g_assert_cmpint (ds_scenario_view_find_deal (view, "hypothetical-series-g"), ==, DS_NONE);
}

/* The scene edge standing for `deal_id`, or -1. */
static int
scene_deal_edge (DsGraphView *view,
                 const char  *deal_id)
{
  const DsScene *scene = ds_graph_view_get_scene (view);

  for (guint e = 0; e < scene->n_edges; e++)
    if (scene->edge_kind[e] == DS_EDGE_DEAL &&
        g_strcmp0 (ds_graph_view_get_deal (view, scene->edge_item[e])->id, deal_id) == 0)
      return (int) e;
  return -1;
}

static void
test_graph_follows_scenario (Fixture *f, gconstpointer data)
{
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (f->window));
  DsLandscape *ls = ds_window_get_landscape (f->window);
  DsIndex anthropic = ds_landscape_find_entity (ls, "anthropic");
  const DsScene *scene;
  int e;

  activate (f, "set-scenario", g_variant_new_string ("base"));
  activate (f, "seek", g_variant_new_string ("2026-04"));
  g_assert_cmpint (scene_deal_edge (view, "hypothetical-series-g"), ==, -1);
  /* Sizes are the replay's valuations: in the base, April 2026 is projected
   * from the $183B Series F of Sept 2025 and the revenue growth, well above it. */
  scene = ds_graph_view_get_scene (view);
  g_assert_cmpfloat (scene->node_value[anthropic], >, 250e9);
  /* The 2025 note is still negotiating in the base: dashed. */
  e = scene_deal_edge (view, "amazon-anthropic-2025-07");
  g_assert_cmpint (e, >=, 0);
  g_assert_true (scene->edge_dashed[e]);

  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  e = scene_deal_edge (view, "hypothetical-series-g");
  g_assert_cmpint (e, >=, 0);
  scene = ds_graph_view_get_scene (view);
  g_assert_cmpint (scene->edge_from[e], ==, ds_landscape_find_entity (ls, "hypothetical-investors"));
  g_assert_cmpint (scene->edge_to[e], ==, anthropic);
  /* The scenario's Series G in March 2026 ($5B at $150B pre, $155B post)
   * resets the valuation to that round, a month of growth later at most. */
  g_assert_cmpfloat (scene->node_value[anthropic], >=, 155e9);
  g_assert_cmpfloat (scene->node_value[anthropic], <, 200e9);
  /* The scenario closes the note in 2025-09 with $8B. */
  e = scene_deal_edge (view, "amazon-anthropic-2025-07");
  g_assert_false (scene->edge_dashed[e]);
  g_assert_cmpfloat (scene->edge_amount[e], ==, 8e9);

  /* Before the hypothetical round it is not there yet. */
  activate (f, "seek", g_variant_new_string ("2026-01"));
  g_assert_cmpint (scene_deal_edge (view, "hypothetical-series-g"), ==, -1);

  /* Compare overlays a second scenario without changing the current one. */
  activate (f, "compare-scenario", g_variant_new_string ("base"));
  g_assert_cmpstr (g_variant_get_string (g_action_group_get_action_state (G_ACTION_GROUP (f->window),
                                                                          "compare-scenario"), NULL), ==, "base");
  g_assert_cmpstr (ds_window_get_scenario_id (f->window), ==, "big-note-low-cap");
  activate (f, "show-view", g_variant_new_string ("valuation"));
  g_assert_true (ds_window_export (f->window, "valuation", g_build_filename (f->dir, "compare.png", NULL),
                                   800, 600, NULL));
  /* The view is remembered: leave the next test its graph. */
  activate (f, "show-view", g_variant_new_string ("graph"));
}

/* Deal edges in the graph's scene dated before `before` and after `after`
 * (YYYYMMDD; a partial date counts by its first day), and all of them. */
static guint
deal_edges (Fixture *f, DsDate before, DsDate after, guint *n_before, guint *n_after)
{
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (f->window));
  const DsScene *scene = ds_graph_view_get_scene (view);
  guint n = 0;

  *n_before = *n_after = 0;
  for (guint e = 0; e < scene->n_edges; e++)
    if (scene->edge_kind[e] == DS_EDGE_DEAL)
      {
        DsDate d = ds_graph_view_get_deal (view, scene->edge_item[e])->date;
        n++;
        *n_before += d != DS_DATE_NONE && d < before;
        *n_after += d > after;
      }
  return n;
}

/* The filter popover's dates: only deals of 2024 and 2025 are drawn; a
 * range that does not read changes nothing; clearing shows all again. */
static void
test_graph_filter_dates (Fixture *f, gconstpointer data)
{
  guint all, some, before, after;

  activate (f, "seek", g_variant_new_string ("2026-03"));
  all = deal_edges (f, 20240000, 20259999, &before, &after);
  /* The bundled landscape has Amazon's 2023 and 2024 notes and 2025 rounds. */
  g_assert_cmpuint (before, >, 0);
  activate (f, "filter-dates", g_variant_new ("(ss)", "2024", "2025"));
  some = deal_edges (f, 20240000, 20259999, &before, &after);
  g_assert_cmpuint (some, >, 0);
  g_assert_cmpuint (some, <, all);
  g_assert_cmpuint (before, ==, 0);
  g_assert_cmpuint (after, ==, 0);
  /* Month 13 does not read: the filter stays as it was. */
  activate (f, "filter-dates", g_variant_new ("(ss)", "2025-13", ""));
  g_assert_cmpuint (deal_edges (f, 20240000, 20259999, &before, &after), ==, some);
  activate (f, "filter-dates", g_variant_new ("(ss)", "", ""));
  g_assert_cmpuint (deal_edges (f, 20240000, 20259999, &before, &after), ==, all);
}

typedef struct {
  DsGraphView *view;
  guint        count;
} ViewCounter;

static gboolean
view_drew_frame (gpointer data)
{
  ViewCounter *c = data;
  return ds_graph_view_get_frame_count (c->view) != c->count;
}

static gboolean
view_prefetched (gpointer data)
{
  ViewCounter *c = data;
  return ds_graph_view_get_prefetch_count (c->view) > c->count;
}

static gboolean
view_redrew_in_worker (gpointer data)
{
  ViewCounter *c = data;
  return ds_graph_view_get_async_redraw_count (c->view) > c->count;
}

/* With a redraw budget of 0 every redraw that an old image can stand in
 * for runs in the worker: a zoom step and a filter each show the old
 * image (scaled) at once, then the worker's image, and the main thread
 * never draws the graph. */
static void
test_graph_redraw_in_worker (Fixture *f, gconstpointer data)
{
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (f->window));
  ViewCounter frames = { view, 0 }, worker = { view, 0 };
  guint redraws;

  activate (f, "show-view", g_variant_new_string ("graph"));
  ds_graph_view_set_redraw_budget (view, 0);
  frames.count = ds_graph_view_get_frame_count (view);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  g_assert_true (iterate_until (view_drew_frame, &frames, 5000));
  redraws = ds_graph_view_get_redraw_count (view);

  worker.count = ds_graph_view_get_async_redraw_count (view);
  frames.count = ds_graph_view_get_frame_count (view);
  ds_graph_view_zoom_in (view);
  g_assert_true (iterate_until (view_drew_frame, &frames, 5000));
  g_assert_true (iterate_until (view_redrew_in_worker, &worker, 10000));

  worker.count = ds_graph_view_get_async_redraw_count (view);
  frames.count = ds_graph_view_get_frame_count (view);
  /* A change of content that leaves the view's size alone (a selection
   * would open the inspector, and a new size is drawn at once). */
  activate (f, "filter-dates", g_variant_new ("(ss)", "2025", ""));
  gtk_widget_queue_draw (GTK_WIDGET (view));
  g_assert_true (iterate_until (view_drew_frame, &frames, 5000));
  g_assert_true (iterate_until (view_redrew_in_worker, &worker, 10000));
  /* The worker's image is the one shown now: a frame reuses it. */
  frames.count = ds_graph_view_get_frame_count (view);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  g_assert_true (iterate_until (view_drew_frame, &frames, 5000));
  g_assert_cmpuint (ds_graph_view_get_redraw_count (view), ==, redraws);
}

/* Draws a frame of the graph now, on the main thread. */
static void
draw_graph_frame (DsGraphView *view)
{
  ViewCounter frames = { view, ds_graph_view_get_frame_count (view) };

  gtk_widget_queue_draw (GTK_WIDGET (view));
  g_assert_true (iterate_until (view_drew_frame, &frames, 5000));
}

/* A big document draws its first frame before the replay (here "big" is
 * lowered to the bundled landscape's size): no frame until then, the
 * replay's after, and the scenario still applies. */
static gboolean
scene_settled (gpointer data)
{
  return !ds_graph_view_get_scene_pending (DS_GRAPH_VIEW (data));
}

static guint
visible_nodes_of_kind (const DsScene *scene,
                       DsEntityKind   kind)
{
  guint n = 0;

  for (guint i = 0; i < scene->n_nodes; i++)
    n += scene->node_visible[i] && scene->node_kind[i] == kind;
  return n;
}

/* A big document's scene is built on a worker when it changes: the scene
 * shown stands in, with its own deals for what the pointer is over, until
 * the new one is in; a change meanwhile is built next, and a scene built at
 * once (new positions) drops the worker's. Here with any document
 * (ds_graph_view_set_scene_async_deals 0). */
static void
test_graph_scene_on_worker (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dealscape-gui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "doc.db", NULL);
  g_autoptr(DsStore) store = ds_test_create_bundled_doc (path);
  g_autoptr(DsLandscape) ls = ds_store_load (store, &error);
  g_autofree double *x = NULL, *y = NULL;
  const guint32 all_kinds = DS_SCENE_ALL, no_investors = DS_SCENE_ALL & ~(1u << DS_ENTITY_INVESTOR);
  DsWindow *window;
  DsGraphView *view;
  const DsScene *shown;
  const DsDeal *deal = NULL;
  g_autofree char *deal_id = NULL;
  guint edge = G_MAXUINT, n = ds_landscape_n_entities (ls);

  g_assert_no_error (error);
  window = ds_window_new (app, store, ls);
  view = DS_GRAPH_VIEW (ds_window_get_graph_view (window));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (window_ready, window, 10000));
  g_assert_true (iterate_until ((gboolean (*) (gpointer)) ds_window_get_replay_ready, window, 10000));
  draw_graph_frame (view);
  ds_graph_view_set_scene_async_deals (view, 0);

  shown = ds_graph_view_get_scene (view);
  g_assert_cmpuint (visible_nodes_of_kind (shown, DS_ENTITY_INVESTOR), >, 0);
  for (guint e = 0; e < shown->n_edges && edge == G_MAXUINT; e++)
    if (shown->edge_kind[e] == DS_EDGE_DEAL)
      edge = e;
  g_assert_cmpuint (edge, !=, G_MAXUINT);
  deal_id = g_strdup (ds_graph_view_get_deal (view, shown->edge_item[edge])->id);

  /* Investors hidden: until the worker is done, the scene shown stays, and
   * its edges still name their deals. */
  ds_graph_view_set_filters (view, no_investors, DS_SCENE_ALL);
  g_assert_true (ds_graph_view_get_scene_pending (view));
  g_assert_true (ds_graph_view_get_scene (view) == shown);
  deal = ds_graph_view_get_deal (view, shown->edge_item[edge]);
  g_assert_nonnull (deal);
  g_assert_cmpstr (deal->id, ==, deal_id);
  /* Waiting for the worker (as an edit does) leaves its result to the
   * main loop. */
  ds_graph_view_wait_for_scene (view);
  g_assert_true (ds_graph_view_get_scene_pending (view));
  g_assert_true (iterate_until (scene_settled, view, 10000));
  g_assert_cmpuint (ds_graph_view_get_async_scene_count (view), ==, 1);
  g_assert_cmpuint (visible_nodes_of_kind (ds_graph_view_get_scene (view), DS_ENTITY_INVESTOR), ==, 0);

  /* Two changes in a row: the last is what ends up shown. */
  ds_graph_view_set_filters (view, all_kinds, DS_SCENE_ALL);
  ds_graph_view_set_filters (view, no_investors, DS_SCENE_ALL);
  ds_graph_view_set_filters (view, all_kinds, DS_SCENE_ALL);
  g_assert_true (iterate_until (scene_settled, view, 10000));
  g_assert_cmpuint (visible_nodes_of_kind (ds_graph_view_get_scene (view), DS_ENTITY_INVESTOR), >, 0);
  g_assert_cmpuint (ds_graph_view_get_async_scene_count (view), >=, 2);

  /* A change on the worker, then new positions: the scene is built at once
   * and the worker's (old positions) never replaces it. */
  ds_graph_view_set_filters (view, no_investors, DS_SCENE_ALL);
  g_assert_true (ds_graph_view_get_scene_pending (view));
  x = g_new (double, n);
  y = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      x[i] = 1000.0 + 10 * i;
      y[i] = -5.0 * i;
    }
  ds_graph_view_set_landscape (view, ls, x, y, NULL);
  g_assert_false (ds_graph_view_get_scene_pending (view));
  shown = ds_graph_view_get_scene (view);
  g_assert_cmpuint (visible_nodes_of_kind (shown, DS_ENTITY_INVESTOR), ==, 0);
  for (guint round = 0; round < 50; round++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (100000);
  for (guint round = 0; round < 50; round++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (ds_graph_view_get_scene (view) == shown);
  g_assert_cmpfloat (shown->node_x[n - 1], ==, 1000.0 + 10 * (n - 1));

  /* The same graph read again (the document after its preview) is adopted:
   * the scene stays; other positions are not, and are shown. */
  {
    g_autoptr(DsLandscape) again = ds_store_load (store, &error);
    const double *vx, *vy;
    const guint8 *vpinned;
    g_autofree guint8 *pinned = NULL;

    g_assert_no_error (error);
    /* As the preview: the landscape as recorded, no replay frame. */
    ds_graph_view_set_frame (view, NULL, NULL);
    g_assert_true (iterate_until (scene_settled, view, 10000));
    shown = ds_graph_view_get_scene (view);
    ds_graph_view_get_positions (view, &vx, &vy, &vpinned);
    pinned = g_memdup2 (vpinned, n);
    g_assert_true (ds_graph_view_adopt_landscape (view, again, x, y, pinned));
    g_assert_true (ds_graph_view_get_landscape (view) == again);
    g_assert_true (ds_graph_view_get_scene (view) == shown);
    x[0] += 1;
    g_assert_false (ds_graph_view_adopt_landscape (view, ls, x, y, pinned));
    g_assert_true (ds_graph_view_get_landscape (view) == ls);
    g_assert_cmpfloat (ds_graph_view_get_scene (view)->node_x[0], ==, 1001.0);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
note_flag (gpointer instance,
           gboolean *flag)
{
  *flag = TRUE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
positions_saved (gpointer window)
{
  return !ds_window_get_saving_positions (window);
}

/* A big graph's drag (here "big" lowered to the bundled landscape) moves
 * the dragged node's neighbourhood only: the node ends where it was
 * dropped, pinned; every other node keeps its position exactly; the
 * document then holds exactly the positions shown, though only the moved
 * ones were written. The drag starts while a scene is built on a worker,
 * and the scene that worker brings has the dragged positions. */
static void
test_graph_local_drag (Fixture *f, gconstpointer data)
{
  GtkWidget *widget = ds_window_get_graph_view (f->window);
  DsGraphView *view = DS_GRAPH_VIEW (widget);
  DsLandscape *ls = ds_window_get_landscape (f->window);
  guint n = ds_landscape_n_entities (ls), n_moved = G_MAXUINT, changed = 0, best = G_MAXUINT;
  g_autoptr(DsGraph) graph = ds_graph_new_from_landscape (ls);
  g_autofree double *x0 = NULL, *y0 = NULL;
  const double *x, *y;
  const guint8 *pinned;
  const guint32 *moved;
  const DsScene *scene;
  DsIndex node = DS_NONE;
  DsEntityKind hidden;
  gboolean saved = FALSE;
  double vx, vy, wx, wy;
  gulong handler;

  /* A node of a small neighbourhood: fewest neighbours' neighbours. */
  for (guint v = 0; v < graph->n_nodes; v++)
    {
      guint reach = 0;

      if (ds_graph_degree (graph, v) < 2)
        continue;
      for (guint k = graph->offsets[v]; k < graph->offsets[v + 1]; k++)
        reach += ds_graph_degree (graph, graph->adj[k]);
      if (reach < best)
        {
          best = reach;
          node = v;
        }
    }
  g_assert_cmpint (node, !=, DS_NONE);
  ds_graph_view_set_local_drag_nodes (view, 0);
  ds_graph_view_set_scene_async_deals (view, 0);
  ds_graph_view_get_positions (view, &x, &y, &pinned);
  x0 = g_memdup2 (x, n * sizeof (double));
  y0 = g_memdup2 (y, n * sizeof (double));
  {
    /* The landscape set again, now that it counts as big: its graph is
     * built on a worker a little later, before anything is dragged. */
    g_autofree guint8 *pinned0 = g_memdup2 (pinned, n);

    ds_graph_view_set_landscape (view, ls, x0, y0, pinned0);
    g_assert_false (ds_graph_view_get_graph_ready (view));
    g_assert_true (iterate_until ((Condition) ds_graph_view_get_graph_ready, view, 10000));
  }
  draw_graph_frame (view);
  ds_graph_view_get_positions (view, &x, &y, &pinned);
  g_assert_false (pinned[node]);

  hidden = ds_landscape_entity (ls, node)->kind == DS_ENTITY_INVESTOR ? DS_ENTITY_COMPANY : DS_ENTITY_INVESTOR;
  ds_graph_view_set_filters (view, DS_SCENE_ALL & ~(1u << hidden), DS_SCENE_ALL);
  g_assert_true (ds_graph_view_get_scene_pending (view));
  scene = ds_graph_view_get_scene (view);
  ds_graph_view_world_to_view (view, scene->node_x[node], scene->node_y[node], &vx, &vy);
  handler = g_signal_connect (view, "positions-changed", G_CALLBACK (note_flag), &saved);
  g_signal_emit_by_name (ds_test_drag_gesture (widget), "drag-begin", vx, vy);
  for (guint i = 1; i <= 10; i++)
    {
      g_signal_emit_by_name (ds_test_drag_gesture (widget), "drag-update", 3.0 * i, 2.0 * i);
      for (guint round = 0; round < 5; round++)
        g_main_context_iteration (NULL, FALSE);
    }
  g_signal_emit_by_name (ds_test_drag_gesture (widget), "drag-end", 30.0, 20.0);
  g_assert_true (iterate_until (flag_is_set, &saved, 30000));
  g_signal_handler_disconnect (view, handler);
  g_assert_true (iterate_until (positions_saved, f->window, 10000));
  g_assert_true (iterate_until (scene_settled, view, 10000));

  /* Dropped 30, 20 pixels from where it was picked up, and pinned. */
  ds_graph_view_get_positions (view, &x, &y, &pinned);
  ds_graph_view_world_to_view (view, x[node], y[node], &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, vx + 30, 1e-6);
  g_assert_cmpfloat_with_epsilon (wy, vy + 20, 1e-6);
  g_assert_true (pinned[node]);
  {
    /* What moved is within two hops, or a leaf of such a node (three);
     * nodes further away stayed exactly where they were. */
    g_autofree guint32 *dist = g_new (guint32, n), *queue = g_new (guint32, n);
    guint far = 0;

    ds_graph_bfs (graph, node, dist, queue);
    for (guint v = 0; v < n; v++)
      {
        gboolean v_moved = x[v] != x0[v] || y[v] != y0[v];

        changed += v_moved;
        far += dist[v] > 3;
        if (v_moved)
          g_assert_cmpuint (dist[v], <=, 3);
      }
    g_assert_cmpuint (changed, >, 1);   /* its neighbours followed */
    g_assert_cmpuint (far, >, 0);       /* and some nodes are too far to */
  }
  /* The scene the worker built has them where they are now. */
  scene = ds_graph_view_get_scene (view);
  for (guint v = 0; v < n; v++)
    {
      g_assert_cmpfloat (scene->node_x[v], ==, x[v]);
      g_assert_cmpfloat (scene->node_y[v], ==, y[v]);
    }
  g_assert_cmpuint (visible_nodes_of_kind (scene, hidden), ==, 0);
  pause_for_screenshot ("local-drag");
  /* Saved, so nothing is left to save. */
  moved = ds_graph_view_get_moved_nodes (view, &n_moved);
  g_assert_nonnull (moved);
  g_assert_cmpuint (n_moved, ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DsLandscape) on_disk = load_file (f);
    g_autoptr(DsStore) store = ds_store_open (f->db_path, DS_STORE_OPEN_READ_ONLY, &error);
    g_autofree double *dx = g_new (double, n), *dy = g_new (double, n);
    g_autofree guint8 *known = g_new0 (guint8, n), *dpinned = g_new0 (guint8, n);

    g_assert_no_error (error);
    g_assert_cmpuint (ds_landscape_n_entities (on_disk), ==, n);
    g_assert_true (ds_store_load_positions (store, on_disk, dx, dy, known, dpinned, &error));
    g_assert_no_error (error);
    for (guint v = 0; v < n; v++)
      {
        g_assert_cmpstr (ds_landscape_entity (on_disk, v)->id, ==, ds_landscape_entity (ls, v)->id);
        g_assert_true (known[v]);
        g_assert_cmpfloat (dx[v], ==, x[v]);
        g_assert_cmpfloat (dy[v], ==, y[v]);
        g_assert_cmpint (dpinned[v], ==, pinned[v]);
      }
  }
}

static void
test_graph_replay_after_first_frame (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dealscape-gui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "doc.db", NULL);
  g_autoptr(DsStore) store = ds_test_create_bundled_doc (path);
  g_autoptr(DsLandscape) ls = ds_store_load (store, &error);
  DsWindow *window;
  DsGraphView *view;
  gpointer weak;

  g_assert_no_error (error);
  g_setenv ("DS_DEFER_REPLAY_DEALS", "1", TRUE);
  window = ds_window_new (app, store, ls);
  g_unsetenv ("DS_DEFER_REPLAY_DEALS");
  view = DS_GRAPH_VIEW (ds_window_get_graph_view (window));
  g_assert_false (ds_window_get_replay_ready (window));
  gtk_window_present (GTK_WINDOW (window));
  /* The main loop runs one frame per iteration: right after the first,
   * the replay has not run yet. */
  g_assert_true (iterate_until (window_ready, window, 10000));
  g_assert_false (ds_window_get_replay_ready (window));
  g_assert_true (iterate_until ((gboolean (*) (gpointer)) ds_window_get_replay_ready, window, 10000));
  /* Once replayed, the graph shows the replay's frame. A big document's
   * replay is built on a worker: a scenario's hypothetical deal is in the
   * replay once it is ready, and an edit made meanwhile waits for the
   * worker and is in the replay that follows. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "set-scenario", g_variant_new_string ("big-note-low-cap"));
  g_assert_false (ds_window_get_replay_ready (window));
  g_assert_true (ds_window_apply_deal_edit (window, "microsoft-openai-2019", "amount_usd",
                                            g_variant_new_double (2.5e9), &error));
  g_assert_no_error (error);
  g_assert_true (iterate_until ((gboolean (*) (gpointer)) ds_window_get_replay_ready, window, 10000));
  draw_graph_frame (view);
  g_assert_cmpstr (ds_window_get_scenario_id (window), ==, "big-note-low-cap");
  g_assert_nonnull (ds_graph_view_get_scene (view));
  {
    const DsScenarioView *sv = ds_replay_get_view (ds_window_get_replay (window));
    DsIndex edited = ds_landscape_find_deal (ls, "microsoft-openai-2019");

    g_assert_cmpuint (ds_scenario_view_n_deals (sv), >, ds_landscape_n_deals (ls));
    g_assert_cmpfloat (ds_scenario_view_deal (sv, edited)->amount_usd, ==, 2.5e9);
  }
  /* A seek back starts the replay over on the worker (twice: the second
   * reuses the replay the first replaced); the frame then shows the deals
   * announced by that date, and only those. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "seek", g_variant_new_string ("2030-01"));
  g_assert_true (ds_window_get_replay_ready (window));
  for (guint round = 0; round < 2; round++)
    {
      const char *back = round == 0 ? "2024-01" : "2023-07";
      DsDate day = round == 0 ? 20240101 : 20230701;
      DsReplay *replay;
      const DsScenarioView *sv;
      const DsFrame *frame;
      guint n_visible = 0;

      g_action_group_activate_action (G_ACTION_GROUP (window), "seek", g_variant_new_string (back));
      g_assert_false (ds_window_get_replay_ready (window));
      g_assert_true (iterate_until ((gboolean (*) (gpointer)) ds_window_get_replay_ready, window, 10000));
      replay = ds_window_get_replay (window);
      g_assert_cmpint (ds_replay_get_date (replay), ==, day);
      sv = ds_replay_get_view (replay);
      frame = ds_replay_seek (replay, day);
      for (DsIndex d = 0; d < ds_scenario_view_n_deals (sv); d++)
        {
          gboolean announced = ds_date_to_days (ds_scenario_view_deal (sv, d)->date) <= ds_date_to_days (day);
          g_assert_cmpint (frame->deal_visible[d], ==, announced);
          n_visible += announced;
        }
      g_assert_cmpuint (n_visible, >, 0);
      g_assert_cmpuint (n_visible, <, ds_scenario_view_n_deals (sv));
    }

  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (iterate_until (is_null, &weak, 5000));
  ds_test_remove_tree (dir);   /* SQLite's -wal and -shm too */
}

/* Show Labels (Ctrl+Shift+L): on, the bundled graph names many nodes; off,
 * none but the selected one, which keeps its name on demand; the choice
 * is kept in the settings. */
static void
test_graph_show_labels (Fixture *f, gconstpointer data)
{
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (f->window));
  GSettings *settings = ds_application_get_settings (app);
  guint all;

  activate (f, "show-view", g_variant_new_string ("graph"));
  ds_graph_view_set_redraw_budget (view, 1e9);   /* every image drawn in the frame */
  draw_graph_frame (view);
  all = ds_graph_view_get_labels_placed (view);
  g_assert_cmpuint (all, >, 5);

  activate (f, "show-labels", NULL);   /* a boolean state: activating toggles it */
  g_assert_false (ds_graph_view_get_show_labels (view));
  g_assert_false (g_settings_get_boolean (settings, "show-labels"));
  draw_graph_frame (view);
  g_assert_cmpuint (ds_graph_view_get_labels_placed (view), ==, 0);

  activate (f, "select", g_variant_new_string ("anthropic"));
  draw_graph_frame (view);
  g_assert_cmpuint (ds_graph_view_get_labels_placed (view), ==, 1);

  activate (f, "select", g_variant_new_string (""));
  activate (f, "show-labels", NULL);
  g_assert_true (g_settings_get_boolean (settings, "show-labels"));
  draw_graph_frame (view);
  /* Not `all` exactly: the selection opened the inspector, the view is narrower. */
  g_assert_cmpuint (ds_graph_view_get_labels_placed (view), >, 5);
}

/* Panning shifts one image drawn with a margin of 160 px; 53 px into it the
 * next image is drawn in a worker thread, centred as far again along the
 * pan. Once that one is shown, the pan goes on 200 px from the start
 * without a single image drawn on the main thread. */
static void
test_graph_pan_draws_ahead (Fixture *f, gconstpointer data)
{
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (f->window));
  ViewCounter frames = { view, 0 }, ahead = { view, ds_graph_view_get_prefetch_count (view) };
  guint redraws;

  activate (f, "show-view", g_variant_new_string ("graph"));
  /* A settled first image. */
  frames.count = ds_graph_view_get_frame_count (view);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  g_assert_true (iterate_until (view_drew_frame, &frames, 5000));
  redraws = ds_graph_view_get_redraw_count (view);

  for (guint step = 1; step <= 50; step++)
    {
      frames.count = ds_graph_view_get_frame_count (view);
      ds_graph_view_pan_by (view, 4, 0);
      g_assert_true (iterate_until (view_drew_frame, &frames, 5000));
      /* 56 px: the worker has started; wait for its image to be shown. */
      if (step == 14)
        g_assert_true (iterate_until (view_prefetched, &ahead, 10000));
    }
  g_assert_cmpuint (ds_graph_view_get_prefetch_count (view), >, ahead.count);
  g_assert_cmpuint (ds_graph_view_get_redraw_count (view), ==, redraws);

  /* A change of content still redraws at once. */
  frames.count = ds_graph_view_get_frame_count (view);
  activate (f, "select", g_variant_new_string ("anthropic"));
  gtk_widget_queue_draw (GTK_WIDGET (view));
  g_assert_true (iterate_until (view_drew_frame, &frames, 5000));
  g_assert_cmpuint (ds_graph_view_get_redraw_count (view), ==, redraws + 1);
}

static gboolean
date_moved (gpointer data)
{
  Fixture *f = data;
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (f->window));
  return ds_graph_view_get_date (view) != GPOINTER_TO_INT (g_object_get_data (G_OBJECT (f->window), "test-date"));
}

/* Deal selection, table and add dialog (hypothetical deals) ------------------ */

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* DS_TEST_PAUSE_AT=<name>: keeps the window up for 6 s at that point, for
 * a screenshot taken from outside (import -window root). */
static void
pause_for_screenshot (const char *name)
{
  if (g_strcmp0 (g_getenv ("DS_TEST_PAUSE_AT"), name) != 0)
    return;
  g_printerr ("# paused at %s\n", name);
  iterate_until (never, NULL, 6000);
}

/* A view point that hits edge e: across the chord's middle, as far to
 * either side as parallel edges bend apart (the hit test, not a copy of the
 * curve, says where it is drawn). */
static void
edge_middle (DsGraphView *view,
             int          e,
             double      *vx,
             double      *vy)
{
  const DsScene *scene = ds_graph_view_get_scene (view);
  guint32 a = scene->edge_from[e], b = scene->edge_to[e];
  double ax, ay, bx, by, l;

  g_assert_true (ds_graph_view_world_to_view (view, scene->node_x[a], scene->node_y[a], &ax, &ay));
  g_assert_true (ds_graph_view_world_to_view (view, scene->node_x[b], scene->node_y[b], &bx, &by));
  l = hypot (bx - ax, by - ay);
  g_assert_cmpfloat (l, >, 0);
  for (int k = 0; k <= 200; k++)
    {
      double off = (k % 2 == 0 ? 1 : -1) * (k / 2) * 0.5;
      guint index;

      *vx = (ax + bx) / 2 - (by - ay) / l * off;
      *vy = (ay + by) / 2 + (bx - ax) / l * off;
      if (ds_graph_view_hit_test (view, *vx, *vy, &index) == DS_HIT_EDGE && index == (guint) e)
        return;
    }
  g_assert_not_reached ();
}

/* Clicks the middle of the edge of `deal_id`; returns the edge. */
static int
click_deal_edge (DsGraphView *view,
                 const char  *deal_id)
{
  int e = scene_deal_edge (view, deal_id);
  double vx, vy;

  g_assert_cmpint (e, >=, 0);
  edge_middle (view, e, &vx, &vy);
  ds_graph_view_click (view, vx, vy);
  return e;
}

static void
assert_deal_lit (DsGraphView *view,
                 int          e)
{
  const DsScene *scene = ds_graph_view_get_scene (view);

  g_assert_true (scene->edge_focused);
  g_assert_cmpuint (scene->focus_edge, ==, (guint) e);
  g_assert_cmpuint (scene->edge_emphasis[e], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_true (scene->node_flags[scene->edge_from[e]] & DS_NODE_SELECTED);
  g_assert_true (scene->node_flags[scene->edge_to[e]] & DS_NODE_SELECTED);
  for (guint k = 0; k < scene->n_edges; k++)
    if (k != (guint) e)
      g_assert_cmpuint (scene->edge_emphasis[k], ==, DS_EMPHASIS_DIM);
}

static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        g_signal_emit_by_name (c, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
    }
  return handled;
}

/* A click on a deal's edge selects the deal (a landscape deal, then a
 * hypothetical one of the scenario), lights the edge and its two ends, and
 * shows the deal in the inspector; the background and Escape clear it. */
static void
test_graph_click_deal (Fixture *f, gconstpointer data)
{
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (f->window));
  GtkWidget *inspector = ds_window_get_inspector (f->window);
  DsLandscape *ls = ds_window_get_landscape (f->window);
  const DsScenarioView *sv;
  int e;

  activate (f, "set-scenario", g_variant_new_string ("base"));
  activate (f, "seek", g_variant_new_string ("2026-06"));
  /* The Series F is the one deal of its pair, a straight edge: where
   * parallel deals bend apart, telling them apart is the hit test's job. */
  e = click_deal_edge (view, "anthropic-series-f-2025-09");
  g_assert_cmpfloat (ds_graph_view_get_scene (view)->edge_bend[e], ==, 0);
  g_assert_cmpstr (ds_graph_view_get_selected_deal (view), ==, "anthropic-series-f-2025-09");
  g_assert_cmpint (ds_window_get_selected_deal (f->window), ==, ds_landscape_find_deal (ls, "anthropic-series-f-2025-09"));
  g_assert_cmpint (ds_inspector_get_deal (DS_INSPECTOR (inspector)), ==, ds_window_get_selected_deal (f->window));
  assert_deal_lit (view, e);

  /* The background clears the selection. A corner of the view is empty:
   * the fit leaves room for labels round the graph. */
  ds_graph_view_click (view, 2, 2);
  g_assert_null (ds_graph_view_get_selected_deal (view));
  g_assert_cmpint (ds_window_get_selected_deal (f->window), ==, DS_NONE);
  g_assert_cmpint (ds_inspector_get_deal (DS_INSPECTOR (inspector)), ==, DS_NONE);
  g_assert_false (ds_graph_view_get_scene (view)->edge_focused);
  g_assert_false (ds_graph_view_get_scene (view)->has_focus);

  /* The scenario's hypothetical Series G (edge_item: the frame's deal
   * index, past the landscape's deals). */
  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  e = click_deal_edge (view, "hypothetical-series-g");
  sv = ds_replay_get_view (ds_window_get_replay (f->window));
  g_assert_cmpint (ds_graph_view_get_scene (view)->edge_item[e], >=, (DsIndex) sv->n_landscape_deals);
  g_assert_cmpstr (ds_graph_view_get_selected_deal (view), ==, "hypothetical-series-g");
  g_assert_cmpint (ds_window_get_selected_deal (f->window), ==, ds_scenario_view_find_deal (sv, "hypothetical-series-g"));
  g_assert_nonnull (find_named (inspector, "hypothetical"));
  assert_deal_lit (view, e);
  /* The timeline moving keeps the deal lit in the new frame's scene. */
  activate (f, "seek", g_variant_new_string ("2026-07"));
  assert_deal_lit (view, scene_deal_edge (view, "hypothetical-series-g"));

  g_assert_true (press_key (GTK_WIDGET (view), GDK_KEY_Escape));
  g_assert_null (ds_graph_view_get_selected_deal (view));
  g_assert_cmpint (ds_window_get_selected_deal (f->window), ==, DS_NONE);
  g_assert_false (ds_graph_view_get_scene (view)->edge_focused);

  /* win.select-deal (the inspector's deal list) lights the edge too. */
  activate (f, "select-deal", g_variant_new_string ("hypothetical-series-g"));
  g_assert_cmpstr (ds_graph_view_get_selected_deal (view), ==, "hypothetical-series-g");
  assert_deal_lit (view, scene_deal_edge (view, "hypothetical-series-g"));
  pause_for_screenshot ("deal-selected");
}

static gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

/* The first widget of `type` under `root` (itself included), or NULL. */
static GtkWidget *
find_of_type (GtkWidget *root,
              GType      type)
{
  return find_widget (root, is_of_type, GSIZE_TO_POINTER (type));
}

static char *
table_cell (DsTableView *table,
            guint        row,
            const char  *column)
{
  char *text = ds_table_view_get_deal_cell (table, row, column);
  g_assert_nonnull (text);
  return text;
}

/* The Table view exports as CSV, the table shown in its order, with exact
 * numbers and ids (the screen says "$1.25B", the file 1250000000); a
 * picture name is refused. */
static void
test_table_export_csv (Fixture *f, gconstpointer data)
{
  DsTableView *table = DS_TABLE_VIEW (find_of_type (GTK_WIDGET (f->window), DS_TYPE_TABLE_VIEW));
  DsLandscape *ls = ds_window_get_landscape (f->window);
  g_autofree char *path = g_build_filename (f->dir, "deals.csv", NULL);
  g_autofree char *png = g_build_filename (f->dir, "deals.png", NULL);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  activate (f, "show-view", g_variant_new_string ("table"));
  ds_table_view_select_deal_row (table, (guint) ds_landscape_find_deal (ls, "amazon-anthropic-2023-09"));
  g_assert_true (ds_window_export (f->window, "table", path, 0, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "id,investor,target,date,amount_usd,instrument,status,scenario,"
                                 "post_money_usd,cap_usd,discount,confidence,source");
  /* A header, a line per deal, and the final newline's empty string. */
  g_assert_cmpuint (g_strv_length (lines), ==, (guint) ds_landscape_n_deals (ls) + 2);
  g_assert_true (g_strv_contains ((const char *const *) lines,
                                  "amazon-anthropic-2023-09,amazon,anthropic,2023-09-25,1250000000,"
                                  "convertible_note,closed,,,,,reported,amazon-10q-reuters-2023-09"));
  g_assert_null (strstr (csv, "$1.25B"));

  g_assert_false (ds_window_export (f->window, "table", png, 0, 0, &error));
  g_assert_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_EXPORT);
  g_assert_nonnull (strstr (error->message, ".csv"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  activate (f, "show-view", g_variant_new_string ("graph"));
}

static gboolean
charts_built (gpointer view)
{
  return !ds_chart_view_get_building (view);
}

static char *
export_valuation_svg (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "valuation-worker.svg", NULL);
  g_autoptr(GError) error = NULL;
  char *svg = NULL;

  g_assert_true (ds_window_export (f->window, "valuation", path, 1200, 800, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  {
    /* cairo numbers its surfaces: the same drawing differs in that alone. */
    g_autoptr(GRegex) surface = g_regex_new ("id=\"surface[0-9]+\"", 0, 0, NULL);
    char *same = g_regex_replace_literal (surface, svg, -1, 0, "id=\"surface\"", 0, NULL);
    g_free (svg);
    svg = same;
  }
  return svg;
}

/* A big landscape's charts are built on a worker, a page saying so shown
 * meanwhile: they are the charts the main thread builds, and an edit made
 * while the worker runs stops it and is charted. */
static void
test_charts_on_worker (Fixture *f, gconstpointer data)
{
  DsChartView *view = DS_CHART_VIEW (ds_window_get_chart_view (f->window, "valuation"));
  GtkWidget *building = find_widget (GTK_WIDGET (view), is_named, "charts-building");
  g_autofree char *before = NULL, *on_worker = NULL, *here = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (building);
  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  activate (f, "show-view", g_variant_new_string ("valuation"));
  g_assert_false (ds_chart_view_get_building (view));
  before = export_valuation_svg (f);

  /* Every landscape is big now: the scenario's charts go to a worker. */
  ds_chart_view_set_async_deals (view, 0);
  activate (f, "set-scenario", g_variant_new_string ("base"));
  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  g_assert_true (ds_chart_view_get_building (view));
  g_assert_true (gtk_widget_get_mapped (building));
  g_assert_true (ds_window_apply_deal_edit (f->window, "amazon-anthropic-2025-07", "cap_usd",
                                            g_variant_new_double (4e9), &error));
  g_assert_no_error (error);
  g_assert_true (iterate_until (charts_built, view, 20000));
  g_assert_false (gtk_widget_get_mapped (building));
  on_worker = export_valuation_svg (f);
  g_assert_false (g_str_equal (on_worker, before));

  /* The same charts built on the main thread. */
  ds_chart_view_set_async_deals (view, G_MAXUINT);
  activate (f, "set-scenario", g_variant_new_string ("base"));
  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  g_assert_false (ds_chart_view_get_building (view));
  here = export_valuation_svg (f);
  g_assert_true (g_str_equal (on_worker, here));
  activate (f, "show-view", g_variant_new_string ("graph"));
}

/* The table's rows are made when a view asks for them, and the same
 * position gives the same object; a new count drops them and says so. */
typedef struct {
  guint position, removed, added, calls;
} ItemsChanged;

static void
note_items_changed (GListModel *model, guint position, guint removed, guint added, ItemsChanged *seen)
{
  seen->position = position;
  seen->removed = removed;
  seen->added = added;
  seen->calls++;
}

static void
test_table_rows_on_demand (void)
{
  g_autoptr(DsTableRows) rows = ds_table_rows_new ();
  g_autoptr(DsTableRow) first = NULL, again = NULL, last = NULL;
  ItemsChanged seen = { 0 };

  g_signal_connect (rows, "items-changed", G_CALLBACK (note_items_changed), &seen);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (rows)) == DS_TYPE_TABLE_ROW);
  ds_table_rows_set_n (rows, 1000000);
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpuint (seen.position, ==, 0);
  g_assert_cmpuint (seen.removed, ==, 0);
  g_assert_cmpuint (seen.added, ==, 1000000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 1000000);
  g_assert_cmpuint (ds_table_rows_get_n_made (rows), ==, 0);

  first = g_list_model_get_item (G_LIST_MODEL (rows), 17);
  again = g_list_model_get_item (G_LIST_MODEL (rows), 17);
  last = g_list_model_get_item (G_LIST_MODEL (rows), 999999);
  g_assert_true (first == again);
  g_assert_cmpint (ds_table_row_get_index (first), ==, 17);
  g_assert_cmpint (ds_table_row_get_index (last), ==, 999999);
  g_assert_cmpuint (ds_table_rows_get_n_made (rows), ==, 2);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (rows), 1000000));

  /* A sort model with no order passes the rows through without making them. */
  {
    g_autoptr(GtkSorter) unsorted = GTK_SORTER (gtk_custom_sorter_new (NULL, NULL, NULL));
    g_autoptr(GtkSortListModel) sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (rows)),
                                                                  g_object_ref (unsorted));
    g_autoptr(DsTableRow) row = g_list_model_get_item (G_LIST_MODEL (sorted), 5);
    g_assert_cmpint (ds_table_row_get_index (row), ==, 5);
    g_assert_cmpuint (ds_table_rows_get_n_made (rows), ==, 3);
  }

  ds_table_rows_set_n (rows, 3);
  g_assert_cmpuint (seen.calls, ==, 2);
  g_assert_cmpuint (seen.removed, ==, 1000000);
  g_assert_cmpuint (seen.added, ==, 3);
  g_assert_cmpuint (ds_table_rows_get_n_made (rows), ==, 0);
  /* A row held elsewhere outlives the count that made it. */
  g_assert_cmpint (ds_table_row_get_index (first), ==, 17);
  {
    g_autoptr(DsTableRow) fresh = g_list_model_get_item (G_LIST_MODEL (rows), 2);
    g_assert_cmpint (ds_table_row_get_index (fresh), ==, 2);
  }
}

/* The column of a column view titled `title`, or NULL. */
static GtkColumnViewColumn *
column_titled (GtkWidget  *widget,
               const char *title)
{
  GListModel *columns;

  if (!GTK_IS_COLUMN_VIEW (widget))
    return NULL;
  columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (widget));
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);
      if (g_strcmp0 (gtk_column_view_column_get_title (c), title) == 0)
        return c;   /* the view holds it */
    }
  return NULL;
}

static gboolean
has_column_titled (GtkWidget *widget, gconstpointer title)
{
  return column_titled (widget, title) != NULL;
}

static GtkColumnView *
column_view_with (GtkWidget  *root,
                  const char *title,
                  GtkColumnViewColumn **column)
{
  GtkWidget *view = find_widget (root, has_column_titled, title);

  *column = view != NULL ? column_titled (view, title) : NULL;
  return view != NULL ? GTK_COLUMN_VIEW (view) : NULL;
}

/* Choosing a deal's row in a sorted table selects that deal: its row is
 * found where the sort put it, the smallest amount is first ascending, the
 * largest descending, and undisclosed amounts are last either way. */
static void
test_table_sorted_select (Fixture *f, gconstpointer data)
{
  DsTableView *table = DS_TABLE_VIEW (find_of_type (GTK_WIDGET (f->window), DS_TYPE_TABLE_VIEW));
  DsLandscape *ls = ds_window_get_landscape (f->window);
  DsIndex note = ds_landscape_find_deal (ls, "amazon-anthropic-2023-09");
  DsIndex smallest = DS_NONE;
  GtkColumnViewColumn *amount = NULL;
  GtkColumnView *deals;
  GtkSingleSelection *selection;
  guint position;

  activate (f, "set-scenario", g_variant_new_string ("base"));
  activate (f, "show-view", g_variant_new_string ("table"));
  deals = column_view_with (GTK_WIDGET (table), "Amount", &amount);
  g_assert_nonnull (deals);
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (deals));
  for (DsIndex i = 0; i < ds_landscape_n_deals (ls); i++)
    {
      double a = ds_landscape_deal (ls, i)->amount_usd;
      if (ds_is_set (a) && (smallest == DS_NONE || a < ds_landscape_deal (ls, smallest)->amount_usd))
        smallest = i;
    }
  g_assert_cmpint (smallest, !=, DS_NONE);

  /* The Deals page, as its tab would show it (a page's rows are counted
   * when it is shown). */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 0);
  ds_table_view_select_deal_row (table, (guint) smallest);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, (guint) ds_landscape_n_deals (ls));
  gtk_column_view_sort_by_column (deals, amount, GTK_SORT_ASCENDING);
  {
    g_autoptr(DsTableRow) top = g_list_model_get_item (G_LIST_MODEL (selection), 0);
    g_assert_cmpfloat (ds_landscape_deal (ls, ds_table_row_get_index (top))->amount_usd, ==,
                       ds_landscape_deal (ls, smallest)->amount_usd);
  }
  /* Descending: the largest first, and undisclosed amounts last in both
   * orders (GTK inverts the column's sorter, which must not carry them to
   * the top). */
  gtk_column_view_sort_by_column (deals, amount, GTK_SORT_DESCENDING);
  {
    GListModel *rows = G_LIST_MODEL (selection);
    guint n = g_list_model_get_n_items (rows), n_unknown = 0;
    DsIndex largest = DS_NONE;

    for (DsIndex i = 0; i < ds_landscape_n_deals (ls); i++)
      {
        double a = ds_landscape_deal (ls, i)->amount_usd;
        if (!ds_is_set (a))
          n_unknown++;
        else if (largest == DS_NONE || a > ds_landscape_deal (ls, largest)->amount_usd)
          largest = i;
      }
    g_assert_cmpuint (n_unknown, >, 0);
    pause_for_screenshot ("table-descending");
    for (guint k = 0; k < n; k++)
      {
        g_autoptr(DsTableRow) row = g_list_model_get_item (rows, k);
        double a = ds_landscape_deal (ls, ds_table_row_get_index (row))->amount_usd;
        if (k == 0)
          g_assert_cmpfloat (a, ==, ds_landscape_deal (ls, largest)->amount_usd);
        /* the last n_unknown rows, and only they, are undisclosed */
        g_assert_cmpint (ds_is_set (a), ==, k < n - n_unknown);
      }
  }
  gtk_column_view_sort_by_column (deals, amount, GTK_SORT_ASCENDING);
  {
    g_autoptr(DsTableRow) last = g_list_model_get_item (G_LIST_MODEL (selection),
                                                        g_list_model_get_n_items (G_LIST_MODEL (selection)) - 1);
    g_assert_false (ds_is_set (ds_landscape_deal (ls, ds_table_row_get_index (last))->amount_usd));
  }
  ds_table_view_select_deal_row (table, (guint) note);
  g_assert_cmpint (ds_window_get_selected_deal (f->window), ==, note);
  position = gtk_single_selection_get_selected (selection);
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  {
    g_autoptr(DsTableRow) chosen = g_list_model_get_item (G_LIST_MODEL (selection), position);
    g_assert_cmpint (ds_table_row_get_index (chosen), ==, note);
  }

  /* Unsorted again: a row is at its deal's position. */
  gtk_column_view_sort_by_column (deals, NULL, GTK_SORT_ASCENDING);
  ds_table_view_select_deal_row (table, (guint) smallest);
  g_assert_cmpint (ds_window_get_selected_deal (f->window), ==, smallest);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, (guint) smallest);
  activate (f, "show-view", g_variant_new_string ("graph"));
}

/* Under a scenario the deal table lists its hypothetical deals after the
 * landscape's, badged, and the landscape's with the scenario's values. */
static void
test_table_hypothetical (Fixture *f, gconstpointer data)
{
  DsTableView *table = DS_TABLE_VIEW (find_of_type (GTK_WIDGET (f->window), DS_TYPE_TABLE_VIEW));
  DsLandscape *ls = ds_window_get_landscape (f->window);
  guint n = (guint) ds_landscape_n_deals (ls);
  guint note = (guint) ds_landscape_find_deal (ls, "amazon-anthropic-2025-07");
  const DsScenarioView *sv;
  g_autofree char *amount = NULL, *badge = NULL, *id = NULL, *hyp = NULL, *hyp_amount = NULL, *base_badge = NULL;

  g_assert_nonnull (table);
  activate (f, "set-scenario", g_variant_new_string ("base"));
  g_assert_cmpuint (ds_table_view_get_n_rows (table, TRUE), ==, n);
  base_badge = table_cell (table, note, "scenario");
  g_assert_cmpstr (base_badge, ==, "—");

  activate (f, "set-scenario", g_variant_new_string ("big-note-low-cap"));
  /* The bundled scenario has one hypothetical deal, the $5B Series G, and
   * raises the 2025 note to $8B. */
  g_assert_cmpuint (ds_table_view_get_n_rows (table, TRUE), ==, n + 1);
  id = table_cell (table, n, "id");
  g_assert_cmpstr (id, ==, "hypothetical-series-g");
  hyp = table_cell (table, n, "scenario");
  g_assert_cmpstr (hyp, ==, "Hypothetical");
  hyp_amount = table_cell (table, n, "amount");
  g_assert_cmpstr (hyp_amount, ==, "$5B");
  amount = table_cell (table, note, "amount");
  g_assert_cmpstr (amount, ==, "$8B");
  badge = table_cell (table, note, "scenario");
  g_assert_cmpstr (badge, ==, "Changed");
  /* Fractions read as percentages, money short: the scenario's 0.2 discount
   * and 5e10 cap of the note; a deal without a discount shows a dash. */
  {
    g_autofree char *discount = table_cell (table, note, "discount");
    g_autofree char *cap = table_cell (table, note, "cap");
    g_autofree char *none = table_cell (table, n, "discount");
    g_assert_cmpstr (discount, ==, "20.0 %");
    g_assert_cmpstr (cap, ==, "$50B");
    g_assert_cmpstr (none, ==, "—");
  }

  /* Choosing its row selects it everywhere. */
  activate (f, "show-view", g_variant_new_string ("table"));
  ds_table_view_select_deal_row (table, n);
  sv = ds_replay_get_view (ds_window_get_replay (f->window));
  g_assert_cmpint (ds_window_get_selected_deal (f->window), ==, ds_scenario_view_find_deal (sv, "hypothetical-series-g"));
  g_assert_cmpstr (ds_graph_view_get_selected_deal (DS_GRAPH_VIEW (ds_window_get_graph_view (f->window))), ==,
                   "hypothetical-series-g");
  g_assert_nonnull (find_named (ds_window_get_inspector (f->window), "hypothetical"));
  pause_for_screenshot ("table");
  activate (f, "show-view", g_variant_new_string ("graph"));
}

static GtkWidget *
find_toplevel_named (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (w)), name) == 0 && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

static gboolean
no_toplevel_named (gpointer name)
{
  return find_toplevel_named (name) == NULL;
}

static void
select_combo_text (GtkWidget  *row,
                   const char *text)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
        return;
      }
  g_assert_not_reached ();
}

static const char *
combo_text (GtkWidget *row)
{
  return gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (row))),
                                     adw_combo_row_get_selected (ADW_COMBO_ROW (row)));
}

/* The hypothetical deals of slow-buildout in the file; with `check`, the
 * one the form below adds: Google's $2B SAFE in Anthropic, cap $300B. */
static guint
file_added_deals (Fixture  *f,
                  gboolean  check)
{
  g_autoptr(DsLandscape) ls = load_file (f);
  const DsScenario *sc = ds_landscape_scenario (ls, ds_landscape_find_scenario (ls, "slow-buildout"));
  const DsDeal *d;

  if (!check)
    return sc->deals->len;
  g_assert_cmpuint (sc->deals->len, ==, 1);
  d = &g_array_index (sc->deals, DsDeal, 0);
  g_assert_cmpstr (d->id, ==, "hyp-google-anthropic-2026");
  g_assert_cmpstr (ds_landscape_entity (ls, d->investor)->id, ==, "google");
  g_assert_cmpstr (ds_landscape_entity (ls, d->target)->id, ==, "anthropic");
  g_assert_cmpint (d->date, ==, 20260500);
  g_assert_cmpfloat (d->amount_usd, ==, 2e9);
  g_assert_cmpfloat (d->cap_usd, ==, 3e11);
  g_assert_true (isnan (d->pre_money_usd) && isnan (d->post_money_usd));
  g_assert_cmpint (d->instrument, ==, DS_INSTRUMENT_SAFE);
  g_assert_cmpint (d->status, ==, DS_STATUS_ANNOUNCED);
  g_assert_cmpint (d->confidence, ==, DS_CONFIDENCE_ASSUMPTION);
  g_assert_cmpstr (ds_landscape_source (ls, d->source)->id, ==, "dealscape-assumptions");
  return 1;
}

/* win.add-hypothetical-deal: refused with a way out on the base; from the
 * inspector of Anthropic a form with Anthropic as the target, validated as
 * typed, that adds through the edit log (undo, redo, the file). */
static void
test_add_hypothetical_deal (Fixture *f, gconstpointer data)
{
  GtkWidget *inspector = ds_window_get_inspector (f->window);
  GtkWidget *dialog, *button;
  const DsScenarioView *sv;
  DsIndex index;

  /* The scenario menu offers it, with the empty target the action takes. */
  {
    GtkWidget *button = find_of_type (GTK_WIDGET (f->window), GTK_TYPE_MENU_BUTTON);
    gboolean found = FALSE;

    for (; button != NULL && !found; button = gtk_widget_get_next_sibling (button))
      {
        GMenuModel *menu = GTK_IS_MENU_BUTTON (button) ? gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)) : NULL;
        for (int sec = 0; menu != NULL && sec < g_menu_model_get_n_items (menu); sec++)
          {
            g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, sec, G_MENU_LINK_SECTION);
            for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
              {
                g_autofree char *action = NULL;
                g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (section, i, G_MENU_ATTRIBUTE_TARGET,
                                                                                    G_VARIANT_TYPE_STRING);
                if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
                    g_str_equal (action, "win.add-hypothetical-deal"))
                  {
                    g_assert_nonnull (target);
                    g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "");
                    found = TRUE;
                  }
              }
          }
      }
    g_assert_true (found);
  }

  activate (f, "set-scenario", g_variant_new_string ("base"));
  activate (f, "add-hypothetical-deal", g_variant_new_string (""));
  dialog = find_toplevel_named ("add-hypothetical-deal-refused");
  g_assert_nonnull (dialog);
  g_assert_null (find_toplevel_named ("add-hypothetical-deal"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (iterate_until (no_toplevel_named, (gpointer) "add-hypothetical-deal-refused", 5000));

  activate (f, "set-scenario", g_variant_new_string ("slow-buildout"));
  g_assert_cmpuint (file_added_deals (f, FALSE), ==, 0);
  activate (f, "select", g_variant_new_string ("anthropic"));
  button = find_named (inspector, "add-hypothetical-deal");
  g_assert_nonnull (button);
  /* As a click does (activate would wait for the pressed-look timeout). */
  g_signal_emit_by_name (button, "clicked");
  dialog = find_toplevel_named ("add-hypothetical-deal");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (combo_text (find_named (dialog, "target")), ==, "Anthropic");

  /* Inline validation: a bad amount marks its row and holds the Add button. */
  select_combo_text (find_named (dialog, "investor"), "Google (Alphabet)");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "amount")), "two billion");
  g_assert_true (gtk_widget_has_css_class (find_named (dialog, "amount"), "error"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  g_assert_true (gtk_widget_get_visible (find_named (dialog, "message")));
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "amount")), "$2B");
  g_assert_false (gtk_widget_has_css_class (find_named (dialog, "amount"), "error"));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  select_combo_text (find_named (dialog, "investor"), "Anthropic");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  select_combo_text (find_named (dialog, "investor"), "Google (Alphabet)");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "date")), "2026-13");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "date")), "2026-05");
  select_combo_text (find_named (dialog, "instrument"), "safe");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "cap")), "300B");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  pause_for_screenshot ("add-dialog");
  /* As the Add button does: the response, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (iterate_until (no_toplevel_named, (gpointer) "add-hypothetical-deal", 5000));

  /* In the file, with the values typed and a made-up id. */
  file_added_deals (f, TRUE);
  /* Selected and shown as the scenario's. */
  sv = ds_replay_get_view (ds_window_get_replay (f->window));
  index = ds_scenario_view_find_deal (sv, "hyp-google-anthropic-2026");
  g_assert_cmpint (index, >=, (DsIndex) sv->n_landscape_deals);
  g_assert_cmpint (ds_window_get_selected_deal (f->window), ==, index);
  g_assert_nonnull (find_named (inspector, "hypothetical"));

  activate (f, "undo", NULL);
  g_assert_cmpuint (file_added_deals (f, FALSE), ==, 0);
  sv = ds_replay_get_view (ds_window_get_replay (f->window));
  g_assert_cmpint (ds_scenario_view_find_deal (sv, "hyp-google-anthropic-2026"), ==, DS_NONE);
  /* The selection went with it; the graph is back on Anthropic, the target. */
  g_assert_cmpint (ds_window_get_selected_deal (f->window), ==, DS_NONE);
  g_assert_null (ds_graph_view_get_selected_deal (DS_GRAPH_VIEW (ds_window_get_graph_view (f->window))));
  g_assert_cmpint (ds_graph_view_get_selected (DS_GRAPH_VIEW (ds_window_get_graph_view (f->window))), ==,
                   ds_landscape_find_entity (ds_window_get_landscape (f->window), "anthropic"));
  activate (f, "redo", NULL);
  file_added_deals (f, TRUE);
  sv = ds_replay_get_view (ds_window_get_replay (f->window));
  g_assert_cmpint (ds_scenario_view_find_deal (sv, "hyp-google-anthropic-2026"), !=, DS_NONE);
}

static guint
lit_edges (DsWindow *window)
{
  const DsScene *scene = ds_graph_view_get_scene (DS_GRAPH_VIEW (ds_window_get_graph_view (window)));
  guint n = 0;

  g_assert_nonnull (scene);
  for (guint e = 0; scene->edge_lit != NULL && e < scene->n_edges; e++)
    n += scene->edge_lit[e];
  return n;
}

/* The seed landscape has no cycle of money; a hypothetical deal from
 * Anthropic to Amazon in Jun 2025 closes Amazon → Anthropic → Amazon (the
 * notes of 2023 and 2024 the other way). Circles lists it from that date,
 * dimmed before, lights its deals, one cycle or all, and clears on off. */
static void
test_circles (Fixture *f, gconstpointer data)
{
  DsLandscape *ls = ds_window_get_landscape (f->window);
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (f->window));
  DsCirclesPanel *panel = DS_CIRCLES_PANEL (ds_window_get_circles_panel (f->window));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *png = g_build_filename (f->dir, "circles.png", NULL);
  g_autoptr(GVariant) state = NULL;
  DsDeal deal = {
    .investor = ds_landscape_find_entity (ls, "anthropic"), .target = ds_landscape_find_entity (ls, "amazon"),
    .date = 20250600, .close_date = DS_DATE_NONE, .amount_usd = 2e9,
    .instrument = DS_INSTRUMENT_COMPUTE_COMMITMENT, .status = DS_STATUS_ANNOUNCED,
    .pre_money_usd = DS_UNSET, .post_money_usd = DS_UNSET, .cap_usd = DS_UNSET,
    .discount = DS_UNSET, .interest_rate = DS_UNSET, .tranche_of = DS_NONE, .source = DS_NONE,
    .term_years = DS_UNSET, .power_gw = DS_UNSET, .chip_count = DS_UNSET, .chip = DS_NONE,
    .confidence = DS_CONFIDENCE_ASSUMPTION,
  };

  g_assert_nonnull (find_named (GTK_WIDGET (f->window), "circles-toggle"));
  g_assert_false (ds_window_get_circles (f->window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));

  /* On the base: nothing comes back round, nothing is dimmed. */
  activate (f, "circles", NULL);
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "circles");
  g_assert_true (g_variant_get_boolean (state));
  g_assert_true (ds_window_get_circles (f->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_cmpuint (ds_circles_panel_get_n_rows (panel), ==, 0);
  g_assert_false (ds_graph_view_get_highlighted (view));

  activate (f, "set-scenario", g_variant_new_string ("slow-buildout"));
  g_assert_true (ds_window_add_hypothetical_deal (f->window, &deal, &id, &error));
  g_assert_no_error (error);

  activate (f, "seek", g_variant_new_string ("2026-01-01"));
  g_assert_cmpuint (ds_circles_panel_get_n_closed (panel), ==, 1);
  g_assert_cmpuint (ds_circles_panel_get_n_rows (panel), ==, 1);
  g_assert_cmpstr (ds_circles_panel_get_path (panel, 0), ==, "Amazon → Anthropic → Amazon");
  g_assert_cmpstr (ds_circles_panel_get_status (panel, 0), ==, "closed Jun 2025");
  g_assert_true (ds_graph_view_get_highlighted (view));
  /* Selecting the hypothetical deal's target would focus it: nothing is selected. */
  activate (f, "select", g_variant_new_string (""));
  {
    guint all = lit_edges (f->window);
    const DsScene *scene = ds_graph_view_get_scene (view);
    gboolean found = FALSE;

    g_assert_cmpuint (all, >=, 2);
    for (guint e = 0; e < scene->n_edges; e++)
      if (scene->edge_lit[e] && scene->edge_kind[e] == DS_EDGE_DEAL)
        {
          const DsDeal *d = ds_graph_view_get_deal (view, scene->edge_item[e]);
          found |= g_strcmp0 (d->id, id) == 0;
        }
    g_assert_true (found);

    /* One cycle picked lights the same here (there is one); Escape goes back. */
    ds_circles_panel_select (panel, 0);
    g_assert_cmpint (ds_circles_panel_get_selected (panel), ==, 0);
    g_assert_cmpuint (lit_edges (f->window), ==, all);
    ds_circles_panel_select (panel, -1);
    g_assert_cmpint (ds_circles_panel_get_selected (panel), ==, -1);
    g_assert_cmpuint (lit_edges (f->window), ==, all);

    /* As a click does: the list box selects, then activates; a second
     * click on the same row goes back to all. */
    {
      GtkWidget *list = find_named (GTK_WIDGET (panel), "circles-list");
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);

      gtk_list_box_select_row (GTK_LIST_BOX (list), row);
      g_signal_emit_by_name (list, "row-activated", row);
      g_assert_cmpint (ds_circles_panel_get_selected (panel), ==, 0);
      g_signal_emit_by_name (list, "row-activated", row);
      g_assert_cmpint (ds_circles_panel_get_selected (panel), ==, -1);
      g_assert_null (gtk_list_box_get_selected_row (GTK_LIST_BOX (list)));
    }
  }

  /* Export of the graph with Circles on: the circles picture. */
  activate (f, "export-to", g_variant_new ("(ssii)", "graph", png, 800, 500));
  assert_png (png, 800, 500);

  /* The replay: before Jun 2025 the cycle is still to come, dimmed. */
  ds_circles_panel_select (panel, 0);
  activate (f, "seek", g_variant_new_string ("2025-01-01"));
  g_assert_cmpuint (ds_circles_panel_get_n_closed (panel), ==, 0);
  g_assert_cmpuint (ds_circles_panel_get_n_rows (panel), ==, 1);
  g_assert_cmpstr (ds_circles_panel_get_status (panel, 0), ==, "closes Jun 2025");
  g_assert_cmpint (ds_circles_panel_get_selected (panel), ==, -1);
  g_assert_false (ds_graph_view_get_highlighted (view));
  activate (f, "seek", g_variant_new_string ("2025-06-15"));
  g_assert_cmpuint (ds_circles_panel_get_n_closed (panel), ==, 1);
  g_assert_true (ds_graph_view_get_highlighted (view));

  /* A second circle, Google → Anthropic → Google from Aug 2025: one row
   * lights fewer deals than both. */
  deal.target = ds_landscape_find_entity (ls, "google");
  deal.date = 20250800;
  g_clear_pointer (&id, g_free);
  g_assert_true (ds_window_add_hypothetical_deal (f->window, &deal, &id, &error));
  g_assert_no_error (error);
  activate (f, "select", g_variant_new_string (""));
  activate (f, "seek", g_variant_new_string ("2026-01-01"));
  g_assert_cmpuint (ds_circles_panel_get_n_closed (panel), ==, 2);
  g_assert_cmpstr (ds_circles_panel_get_path (panel, 0), ==, "Amazon → Anthropic → Amazon");
  g_assert_cmpstr (ds_circles_panel_get_path (panel, 1), ==, "Google (Alphabet) → Anthropic → Google (Alphabet)");
  {
    guint both = lit_edges (f->window);
    ds_circles_panel_select (panel, 1);
    g_assert_cmpuint (lit_edges (f->window), <, both);
    g_assert_cmpuint (lit_edges (f->window), >=, 2);
    /* A later date keeps the pick, by its path. */
    activate (f, "seek", g_variant_new_string ("2026-02-01"));
    g_assert_cmpint (ds_circles_panel_get_selected (panel), ==, 1);
    g_assert_cmpuint (lit_edges (f->window), <, both);
  }

  /* Off: no highlight left, the panel hidden. */
  activate (f, "circles", NULL);
  g_assert_false (ds_window_get_circles (f->window));
  g_assert_false (ds_graph_view_get_highlighted (view));
  g_assert_null (ds_graph_view_get_scene (view)->edge_lit);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
}

/* A picture of the screen as it is drawn, for people to look at
 * (DS_GUI_SHOT=FILE.png, with ImageMagick's import); not an assertion. */
static void
save_window_shot (DsWindow *window, const char *path)
{
  g_autoptr(GError) error = NULL;
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (window));
  guint frames = ds_graph_view_get_frame_count (view) + 3;
  const char *argv[] = { "import", "-window", "root", path, NULL };

  gtk_window_maximize (GTK_WINDOW (window));
  for (guint i = 0; i < 200 && ds_graph_view_get_frame_count (view) < frames; i++)
    {
      gtk_widget_queue_draw (GTK_WIDGET (view));
      g_main_context_iteration (NULL, TRUE);
    }
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, &error))
    g_printerr ("# no screenshot: %s\n", error->message);
}

/* Compare: base against big-note-low-cap in Apr 2026. The panel lists the
 * core's rows, the graph marks the hypothetical Series G as added and the
 * 2025-07 note as changed, a row click selects its deal, the export carries
 * the overlay, Circles and Compare take turns, and off restores the graph. */
static void
test_compare (Fixture *f, gconstpointer data)
{
  DsLandscape *ls = ds_window_get_landscape (f->window);
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (f->window));
  DsComparePanel *panel = DS_COMPARE_PANEL (ds_window_get_compare_panel (f->window));
  g_autofree char *png = g_build_filename (f->dir, "compare.png", NULL);
  g_autofree char *first = NULL;
  g_autoptr(DsScenarioDiff) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) cells = NULL;
  const DsDiffOverlay *ov;
  const DsScene *scene;
  guint n_rows;
  gboolean added_found = FALSE, changed_found = FALSE;

  g_assert_nonnull (find_named (GTK_WIDGET (f->window), "compare-toggle"));
  g_assert_false (ds_window_get_comparing (f->window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_null (ds_graph_view_get_diff_overlay (view));

  activate (f, "seek", g_variant_new_string ("2026-04-01"));
  activate (f, "diff", NULL);
  g_assert_true (ds_window_get_comparing (f->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  /* A: the base scenario; B: the one after it (the base is shown). */
  g_assert_cmpint (ds_compare_panel_get_a (panel), ==, ds_landscape_find_scenario (ls, "base"));
  g_assert_cmpint (ds_compare_panel_get_b (panel), ==, ds_landscape_find_scenario (ls, "big-note-low-cap"));

  expected = ds_scenario_diff_new (ls, ds_landscape_find_scenario (ls, "base"),
                                   ds_landscape_find_scenario (ls, "big-note-low-cap"), 20260401, &error);
  g_assert_no_error (error);
  cells = ds_scenario_diff_cells (expected, &n_rows, NULL, NULL);
  /* 1 added, 4 fields of the note, the stakes moved. */
  g_assert_cmpuint (n_rows, ==, 1 + 4 + expected->stakes->len + expected->thresholds->len);
  g_assert_cmpuint (ds_compare_panel_get_n_rows (panel), ==, n_rows);
  first = ds_compare_panel_get_row_text (panel, 0);
  g_assert_cmpstr (first, ==, "Added \u00b7 Hypothetical investors \u2192 Anthropic \u00b7 "
                              "hypothetical-series-g \u00b7 amount: \u2013 \u2192 $5B");

  ov = ds_graph_view_get_diff_overlay (view);
  scene = ds_graph_view_get_scene (view);
  g_assert_nonnull (ov);
  g_assert_cmpuint (ov->n_added, ==, 1);
  g_assert_cmpuint (ov->n_changed, ==, 1);
  for (guint e = 0; e < scene->n_edges; e++)
    {
      const DsDeal *d;
      if (scene->edge_kind[e] != DS_EDGE_DEAL)
        continue;
      d = ds_graph_view_get_deal (view, scene->edge_item[e]);
      if (ov->edge_mark[e] == DS_DIFF_MARK_ADDED)
        added_found |= g_str_equal (d->id, "hypothetical-series-g");
      if (ov->edge_mark[e] == DS_DIFF_MARK_CHANGED)
        changed_found |= g_str_equal (d->id, "amazon-anthropic-2025-07");
    }
  g_assert_true (added_found);
  g_assert_true (changed_found);

  if (g_getenv ("DS_GUI_SHOT") != NULL)
    {
      save_window_shot (f->window, g_getenv ("DS_GUI_SHOT"));
    }

  /* A click on the first row selects the added deal on the graph. */
  ds_compare_panel_activate_row (panel, 0);
  g_assert_cmpstr (ds_graph_view_get_selected_deal (view), ==, "hypothetical-series-g");
  /* A stake row selects its company. */
  ds_compare_panel_activate_row (panel, 5);
  g_assert_null (ds_graph_view_get_selected_deal (view));
  g_assert_cmpint (ds_graph_view_get_selected (view), ==, ds_landscape_find_entity (ls, "anthropic"));
  activate (f, "select", g_variant_new_string (""));

  /* Exported like every view: the overlay's picture. */
  activate (f, "export-to", g_variant_new ("(ssii)", "graph", png, 900, 600));
  assert_png (png, 900, 600);

  /* The same scenario on both sides: nothing to mark. */
  ds_compare_panel_pick (panel, ds_landscape_find_scenario (ls, "big-note-low-cap"),
                         ds_landscape_find_scenario (ls, "big-note-low-cap"));
  g_assert_cmpuint (ds_compare_panel_get_n_rows (panel), ==, 0);
  g_assert_cmpuint (ds_graph_view_get_diff_overlay (view)->n_added, ==, 0);

  /* Circles on takes Compare off, and the other way round. */
  activate (f, "circles", NULL);
  g_assert_true (ds_window_get_circles (f->window));
  g_assert_false (ds_window_get_comparing (f->window));
  activate (f, "diff", NULL);
  g_assert_true (ds_window_get_comparing (f->window));
  g_assert_false (ds_window_get_circles (f->window));

  /* With Compare With set for the charts, the graph compares the shown
   * scenario with that one. */
  activate (f, "diff", NULL);
  activate (f, "compare-scenario", g_variant_new_string ("slow-buildout"));
  activate (f, "diff", NULL);
  g_assert_cmpint (ds_compare_panel_get_a (panel), ==, ds_landscape_find_scenario (ls, "base"));
  g_assert_cmpint (ds_compare_panel_get_b (panel), ==, ds_landscape_find_scenario (ls, "slow-buildout"));

  /* Off: the scenario's own graph again. */
  activate (f, "diff", NULL);
  g_assert_false (ds_window_get_comparing (f->window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_null (ds_graph_view_get_diff_overlay (view));
  g_assert_null (ds_graph_view_get_scene (view)->edge_lit);
}

static void
test_play (Fixture *f, gconstpointer data)
{
  g_autoptr(GVariant) state = NULL;
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (f->window));

  g_assert_false (ds_window_get_playing (f->window));
  activate (f, "play", NULL);
  g_assert_true (ds_window_get_playing (f->window));
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "play");
  g_assert_true (g_variant_get_boolean (state));
  g_clear_pointer (&state, g_variant_unref);

  /* Playing from the latest deal goes on into the projections: the date
   * moves on the frame clock. */
  g_object_set_data (G_OBJECT (f->window), "test-date", GINT_TO_POINTER (ds_graph_view_get_date (view)));
  g_assert_true (iterate_until (date_moved, f, 5000));

  activate (f, "play", NULL);
  g_assert_false (ds_window_get_playing (f->window));
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "play");
  g_assert_false (g_variant_get_boolean (state));
}

/* The timeline opens on the latest deal (the bundled Series G scenario deal
 * of 2026-03 counts: the timeline holds every scenario's deals) and reaches
 * on to the charts' end, Dec 2027, where the graph shows projections: one
 * step past the last deal goes there, and Anthropic is bigger than at its
 * last known round. */
static void
test_timeline_reaches_projections (Fixture *f, gconstpointer data)
{
  DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (f->window));
  DsIndex anthropic = ds_landscape_find_entity (ds_window_get_landscape (f->window), "anthropic");
  double at_last_deal, at_end;

  g_assert_cmpint (ds_graph_view_get_date (view), ==, 20260301);
  at_last_deal = ds_graph_view_get_scene (view)->node_value[anthropic];
  activate (f, "step", g_variant_new_int32 (1));
  g_assert_cmpint (ds_graph_view_get_date (view), ==, 20271201);
  at_end = ds_graph_view_get_scene (view)->node_value[anthropic];
  g_assert_cmpfloat (at_end, >, at_last_deal);
  /* And back to the latest deal. */
  activate (f, "step", g_variant_new_int32 (-1));
  g_assert_cmpint (ds_graph_view_get_date (view), ==, 20260301);

  /* Steps go through the distinct deal days in order: the two before
   * (a month or year alone is its first day), found here by a plain scan. */
  {
    DsLandscape *ls = ds_window_get_landscape (f->window);
    DsDate expected = 20260301;

    for (guint step = 0; step < 2; step++)
      {
        DsDate before = DS_DATE_NONE;
        for (guint s = 0; s <= ls->scenarios->len; s++)
          {
            GArray *deals = s == 0 ? ls->deals : ds_landscape_scenario (ls, s - 1)->deals;
            for (guint i = 0; i < deals->len; i++)
              {
                DsDate d = g_array_index (deals, DsDeal, i).date;
                if (d == DS_DATE_NONE)
                  continue;
                d = DS_DATE_YEAR (d) * 10000 + MAX (DS_DATE_MONTH (d), 1) * 100 + MAX (DS_DATE_DAY (d), 1);
                if (d < expected && d > before)
                  before = d;
              }
          }
        g_assert_cmpint (before, !=, DS_DATE_NONE);
        activate (f, "step", g_variant_new_int32 (-1));
        g_assert_cmpint (ds_graph_view_get_date (view), ==, before);
        expected = before;
      }
  }
}

static void
count_paint (guint *painted)
{
  (*painted)++;
}

static gboolean
is_nonzero (gpointer data)
{
  return *(guint *) data != 0;
}

static void
test_screenshot (Fixture *f, gconstpointer data)
{
  GtkWidget *widget = GTK_WIDGET (f->window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (f->window));
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autofree guchar *pixels = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  /* Snapshot right after a paint, when every widget has its allocation. */
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
    guint painted = 0;
    gulong id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (count_paint), &painted);
    gtk_widget_queue_draw (widget);
    g_assert_true (iterate_until (is_nonzero, &painted, 5000));
    g_signal_handler_disconnect (clock, id);
  }
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 300);
  g_assert_cmpint (height, >, 300);
  /* What the window draws, asked of its class: GtkWidgetPaintable leaves
   * toplevels empty. */
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, width * 4);
  for (int i = 0; i < width * height; i += 7)
    g_hash_table_add (colours, GUINT_TO_POINTER (((guint32 *) pixels)[i]));
  /* A blank or single-colour window would have a handful; the graph, its
   * labels and the header bar bring hundreds. */
  g_assert_cmpuint (g_hash_table_size (colours), >, 50);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Dealscape");
  if (g_getenv ("DS_TEST_SCREENSHOT") != NULL)
    gdk_texture_save_to_png (texture, g_getenv ("DS_TEST_SCREENSHOT"));
}

/* One window per document: opening the file that a window already shows,
 * by another name for the same path, presents that window; another
 * document gets a window of its own. */
static void
test_one_window_per_document (Fixture *f, gconstpointer data)
{
  g_autofree char *base = g_path_get_basename (f->dir);
  g_autofree char *detour = g_build_filename (f->dir, "..", base, "landscape.db", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(GFile) same = g_file_new_for_path (detour);
  g_autoptr(GFile) second = g_file_new_for_path (other);
  g_autoptr(GError) error = NULL;
  guint before = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
  GtkWindow *opened = NULL;

  g_application_open (G_APPLICATION (app), (GFile *[]) { same }, 1, "");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, before);
  g_assert_true (gtk_application_get_windows (GTK_APPLICATION (app))->data == (gpointer) f->window);

  {
    g_autoptr(DsStore) store = ds_test_create_bundled_doc (other);
  }
  g_application_open (G_APPLICATION (app), (GFile *[]) { second }, 1, "");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, before + 1);
  opened = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  g_assert_true (DS_IS_WINDOW (opened));
  g_assert_cmpstr (ds_store_get_path (ds_window_get_store (DS_WINDOW (opened))), ==, other);
  gtk_window_destroy (opened);
  g_assert_no_error (error);
}

/* The window showing the document at `path`, or drawing its preview. */
static DsWindow *
window_showing (const char *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (DS_IS_WINDOW (l->data) && g_strcmp0 (ds_window_get_document_path (l->data), path) == 0)
      return l->data;
  return NULL;
}

/* The application's window for `path` (a DsWindow on that document). */
static gpointer
window_for_path (const char *path)
{
  DsWindow *window = window_showing (path);
  return window != NULL && ds_window_get_store (window) != NULL ? window : NULL;
}

static gboolean
has_window_for (gpointer path)
{
  return window_for_path (path) != NULL;
}

/* A big document opens behind an "Opening…" window, read on a worker (here
 * "big" is lowered to one byte): that window at once, the document's when
 * it is read, and the first gone then; a second launch meanwhile brings the
 * "Opening…" window forward instead of reading it twice; a file that is no
 * document ends in the error, with no window. */
static void
test_open_in_background (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealscape-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.db", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) junk_file = g_file_new_for_path (junk);
  guint before = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
  GtkWidget *dialog;

  {
    g_autoptr(DsStore) store = ds_test_create_bundled_doc (path);
  }
  ds_application_set_async_open_bytes (app, 1);
  g_application_open (G_APPLICATION (app), (GFile *[]) { file }, 1, "");
  g_assert_nonnull (find_toplevel_named ("opening-window"));
  g_assert_null (window_for_path (path));
  g_application_open (G_APPLICATION (app), (GFile *[]) { file }, 1, "");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, before + 1);
  g_assert_true (iterate_until (has_window_for, path, 20000));
  g_assert_null (find_toplevel_named ("opening-window"));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, before + 1);
  g_assert_cmpint (ds_landscape_n_deals (ds_window_get_landscape (window_for_path (path))), >, 0);
  gtk_window_destroy (window_for_path (path));

  g_assert_true (g_file_set_contents (junk, "not a database, but long enough to be opened in the background", -1, NULL));
  g_application_open (G_APPLICATION (app), (GFile *[]) { junk_file }, 1, "");
  g_assert_true (iterate_until (no_toplevel_named, (gpointer) "opening-window", 20000));
  g_assert_null (window_for_path (junk));
  dialog = NULL;
  for (guint i = 0; dialog == NULL && i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (gtk_window_get_toplevels (), i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        dialog = GTK_WIDGET (w);
    }
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Cannot open the document");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ds_application_set_async_open_bytes (app, (guint64) 64 << 20);
  ds_test_remove_tree (dir);
}


static gboolean
has_window_showing (gpointer path)
{
  return window_showing (path) != NULL;
}

/* A big document with a graph preview (thresholds lowered here) opens as a
 * window drawing the preview, for looking only, which then reads the
 * document and becomes its usual window. */
static void
test_open_with_preview (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dealscape-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  DsWindow *window;
  guint n_deals, n_entities;

  {
    g_autoptr(DsStore) store = ds_test_create_bundled_doc (path);
    g_autoptr(GError) error = NULL;
    g_autoptr(DsLandscape) ls = ds_store_load (store, &error);
    g_autofree double *x = NULL, *y = NULL;
    g_autofree guint8 *pinned = NULL;

    g_assert_no_error (error);
    n_deals = ds_landscape_n_deals (ls);
    n_entities = ds_landscape_n_entities (ls);
    x = g_new (double, n_entities);
    y = g_new (double, n_entities);
    pinned = g_new0 (guint8, n_entities);
    for (guint i = 0; i < n_entities; i++)
      {
        x[i] = cos (i) * (10 + i);
        y[i] = sin (i) * (10 + i);
      }
    g_assert_true (ds_store_save_positions (store, ls, x, y, pinned, &error));
    g_assert_no_error (error);
    g_clear_pointer (&ls, ds_landscape_unref);
    ds_store_set_parallel_read (store, 1);
    ds_store_set_preview_deals (store, 1);
    ls = ds_store_load (store, &error);
    g_assert_no_error (error);
  }
  ds_application_set_async_open_bytes (app, 1);
  g_application_open (G_APPLICATION (app), (GFile *[]) { file }, 1, "");
  g_assert_true (iterate_until (has_window_showing, path, 20000));
  window = window_showing (path);
  /* The preview: the graph of the document, nothing to edit or export. */
  g_assert_true (ds_window_get_previewing (window));
  g_assert_null (ds_window_get_store (window));
  g_assert_cmpuint (ds_landscape_n_deals (ds_window_get_landscape (window)), ==, n_deals);
  g_assert_cmpuint (ds_landscape_n_entities (ds_window_get_landscape (window)), ==, n_entities);
  g_assert_cmpstr (ds_landscape_deal (ds_window_get_landscape (window), 0)->id, ==, "");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));
  g_assert_false (gtk_widget_get_sensitive (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window))));
  g_assert_false (gtk_widget_get_has_tooltip (ds_window_get_graph_view (window)));
  /* Then the document itself, in the same window. */
  g_assert_true (iterate_until (has_window_for, path, 20000));
  g_assert_true (window_for_path (path) == window);
  g_assert_false (ds_window_get_previewing (window));
  g_assert_cmpuint (ds_landscape_n_deals (ds_window_get_landscape (window)), ==, n_deals);
  g_assert_cmpstr (ds_landscape_deal (ds_window_get_landscape (window), 0)->id, !=, "");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));
  g_assert_true (gtk_widget_get_sensitive (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window))));
  g_assert_true (gtk_widget_get_has_tooltip (ds_window_get_graph_view (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  ds_application_set_async_open_bytes (app, (guint64) 64 << 20);
  ds_test_remove_tree (dir);
}

static void
test_parsers (void)
{
  double x;
  g_autoptr(GError) error = NULL;

  g_assert_true (ds_inspector_parse_usd ("$1.25B", &x, NULL));
  g_assert_cmpfloat (x, ==, 1.25e9);
  g_assert_true (ds_inspector_parse_usd ("750M", &x, NULL));
  g_assert_cmpfloat (x, ==, 7.5e8);
  g_assert_true (ds_inspector_parse_usd ("4,000,000", &x, NULL));
  g_assert_cmpfloat (x, ==, 4e6);
  g_assert_true (ds_inspector_parse_usd ("", &x, NULL));
  g_assert_true (isnan (x));
  g_assert_false (ds_inspector_parse_usd ("lots", &x, &error));
  g_assert_error (error, DS_INSPECTOR_ERROR, DS_INSPECTOR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ds_inspector_parse_usd ("-3B", &x, &error));
  g_clear_error (&error);

  g_assert_true (ds_inspector_parse_fraction ("20%", &x, NULL));
  g_assert_cmpfloat_with_epsilon (x, 0.2, 1e-12);
  g_assert_true (ds_inspector_parse_fraction ("0.35", &x, NULL));
  g_assert_cmpfloat_with_epsilon (x, 0.35, 1e-12);
  g_assert_false (ds_inspector_parse_fraction ("150%", &x, &error));
  g_clear_error (&error);

  {
    g_autofree char *a = ds_inspector_format_usd (1.25e9);
    g_autofree char *b = ds_inspector_format_usd (NAN);
    g_autofree char *c = ds_inspector_format_usd (123456789);
    g_assert_cmpstr (a, ==, "$1.25B");
    g_assert_cmpstr (b, ==, "");
    g_assert_cmpstr (c, ==, "$123.456789M");
  }
}

/* CSV import ---------------------------------------------------------------- */

static DsCsvImportDialog *
find_import_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (DS_IS_CSV_IMPORT_DIALOG (w))
        return DS_CSV_IMPORT_DIALOG (w);
    }
  return NULL;
}

static gboolean
landscape_changed (gpointer data)
{
  gpointer *pair = data;
  return ds_window_get_landscape (pair[0]) != pair[1];
}

/* Until the window shows another landscape than `before` (an import saved
 * on its worker). */
static void
wait_for_landscape (Fixture     *f,
                    DsLandscape *before)
{
  gpointer pair[2] = { f->window, before };
  g_assert_true (iterate_until (landscape_changed, pair, 20000));
}

static DsCsvImportDialog *
open_import_dialog (Fixture    *f,
                    const char *path)
{
  DsCsvImportDialog *dialog;

  activate (f, "import-file", g_variant_new_string (path));
  dialog = find_import_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  return dialog;
}

static gboolean
import_finished (gpointer data)
{
  return !ds_csv_import_dialog_is_running (data);
}

static DsIndex
entity_named (DsLandscape *ls,
              const char  *name)
{
  for (DsIndex i = 0; i < ds_landscape_n_entities (ls); i++)
    if (g_strcmp0 (ds_landscape_entity (ls, i)->name, name) == 0)
      return i;
  return DS_NONE;
}

static void
test_import_csv (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", "crunchbase-investments.csv", NULL);
  DsLandscape *before = ds_window_get_landscape (f->window);
  guint n_deals = ds_landscape_n_deals (before), n_entities = ds_landscape_n_entities (before);
  DsCsvImportDialog *dialog = open_import_dialog (f, path);
  gpointer weak = dialog;
  g_autoptr(DsLandscape) on_disk = NULL;
  DsLandscape *ls;
  DsIndex sequoia, acme;
  guint n_sequoia_deals = 0;

  /* The detected mapping of the per-investment Crunchbase export. */
  g_assert_cmpuint (ds_csv_import_dialog_get_n_preview_rows (dialog), ==, 6);
  g_assert_cmpstr (ds_csv_import_dialog_get_column (dialog, DS_CSV_FIELD_INVESTOR), ==, "investor_name");
  g_assert_cmpstr (ds_csv_import_dialog_get_column (dialog, DS_CSV_FIELD_TARGET), ==, "company_name");
  g_assert_cmpstr (ds_csv_import_dialog_get_column (dialog, DS_CSV_FIELD_DATE), ==, "funded_at");
  g_assert_cmpstr (ds_csv_import_dialog_get_column (dialog, DS_CSV_FIELD_AMOUNT), ==, "raised_amount_usd");
  g_assert_cmpstr (ds_csv_import_dialog_get_column (dialog, DS_CSV_FIELD_INVESTORS), ==, NULL);
  g_assert_cmpstr (ds_csv_import_dialog_get_column (dialog, DS_CSV_FIELD_POST_MONEY), ==, NULL);

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  ds_csv_import_dialog_start (dialog);
  g_assert_true (ds_csv_import_dialog_is_running (dialog));
  /* Success closes the dialog; the window saves the import on a worker,
   * the graph insensitive meanwhile, then shows it. */
  g_assert_true (iterate_until (is_null, &weak, 20000));
  if (ds_window_get_landscape (f->window) == before)
    {
      g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (f->window), "busy-box")));
      g_assert_false (gtk_widget_is_sensitive (ds_window_get_graph_view (f->window)));
      g_assert_false (action_enabled (f, "new-scenario"));
      g_assert_false (action_enabled (f, "import"));
      g_test_message ("the save was seen running");
    }
  wait_for_landscape (f, before);
  g_assert_true (action_enabled (f, "new-scenario"));
  g_assert_true (action_enabled (f, "import"));
  g_assert_true (iterate_until (window_ready, f->window, 20000));

  /* Six rows, six deals; Sequoia (three spellings), Acme AI (two), DFJ
   * (two), Beta Labs and Gamma Robotics are new: none is in the bundled
   * landscape. */
  ls = ds_window_get_landscape (f->window);
  g_assert_true (ls != before);
  g_assert_cmpuint (ds_landscape_n_deals (ls), ==, n_deals + 6);
  g_assert_cmpuint (ds_landscape_n_entities (ls), ==, n_entities + 5);
  sequoia = entity_named (ls, "Sequoia Capital");
  acme = entity_named (ls, "Acme AI");
  g_assert_cmpint (sequoia, !=, DS_NONE);
  g_assert_cmpint (acme, !=, DS_NONE);
  g_assert_cmpint (entity_named (ls, "Gamma Robotics"), !=, DS_NONE);
  for (DsIndex d = 0; d < ds_landscape_n_deals (ls); d++)
    if (ds_landscape_deal (ls, d)->investor == sequoia)
      {
        g_assert_cmpint (ds_landscape_deal (ls, d)->target, ==, acme);
        n_sequoia_deals++;
      }
  g_assert_cmpuint (n_sequoia_deals, ==, 3);

  /* The document holds them, and the graph has a node for each entity. */
  on_disk = load_file (f);
  g_assert_cmpuint (ds_landscape_n_deals (on_disk), ==, n_deals + 6);
  g_assert_cmpint (entity_named (on_disk, "Beta Labs"), !=, DS_NONE);
  g_assert_cmpuint (ds_graph_view_get_scene (DS_GRAPH_VIEW (ds_window_get_graph_view (f->window)))->n_nodes, >=,
                    n_entities + 5);

  /* The import is an edit: Undo says so and puts the landscape before it
   * back, in the window and the file; Redo brings the merge back. */
  g_assert_true (action_enabled (f, "undo"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_named (GTK_WIDGET (f->window), "undo-button")), ==,
                   "Undo: import of crunchbase-investments.csv (Ctrl+Z)");
  activate (f, "undo", NULL);
  g_assert_true (iterate_until (window_ready, f->window, 20000));
  ls = ds_window_get_landscape (f->window);
  g_assert_cmpuint (ds_landscape_n_deals (ls), ==, n_deals);
  g_assert_cmpuint (ds_landscape_n_entities (ls), ==, n_entities);
  g_assert_cmpint (entity_named (ls, "Beta Labs"), ==, DS_NONE);
  g_clear_pointer (&on_disk, ds_landscape_unref);
  on_disk = load_file (f);
  g_assert_cmpuint (ds_landscape_n_deals (on_disk), ==, n_deals);
  g_assert_cmpuint (ds_graph_view_get_scene (DS_GRAPH_VIEW (ds_window_get_graph_view (f->window)))->n_nodes, ==,
                    n_entities);
  g_assert_true (action_enabled (f, "redo"));

  /* After a restart too, as for any edit. */
  restart (f);
  g_assert_true (action_enabled (f, "redo"));
  activate (f, "redo", NULL);
  g_assert_true (iterate_until (window_ready, f->window, 20000));
  ls = ds_window_get_landscape (f->window);
  g_assert_cmpuint (ds_landscape_n_deals (ls), ==, n_deals + 6);
  g_assert_cmpint (entity_named (ls, "Beta Labs"), !=, DS_NONE);
}

static gboolean
toast_starting (gpointer data)
{
  gpointer *pair = data;
  return find_label (GTK_WIDGET (pair[0]), pair[1], TRUE);
}

/* Open… reads the document on a worker, with "Opening…" shown meanwhile;
 * a file that is not a document is said so, and the one shown stays. */
static void
test_open_document (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.dealscape", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.dealscape", NULL);
  g_autofree char *expected = NULL;
  DsLandscape *before = ds_window_get_landscape (f->window);
  guint n_deals = ds_landscape_n_deals (before);
  gpointer pair[2] = { f->window, before };

  {
    /* Another document: the bundled landscape without its last deal. */
    g_autoptr(DsStore) store = ds_store_open (other, DS_STORE_OPEN_CREATE, &error);
    g_autoptr(DsLandscape) ls = ds_dataset_read_bundled (&error);
    g_assert_no_error (error);
    g_array_set_size (ls->deals, ls->deals->len - 1);
    g_assert_true (ds_store_replace_all (store, ls, &error));
    g_assert_no_error (error);
  }
  g_assert_true (g_file_set_contents (text, "not a database\n", -1, &error));

  ds_window_open_document (f->window, text);
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (f->window), "busy-box")));
  expected = g_strdup_printf ("%s is not a Dealscape document", text);
  {
    gpointer shown[2] = { f->window, expected };
    g_assert_true (iterate_until (toast_starting, shown, 10000));
  }
  g_assert_true (ds_window_get_landscape (f->window) == before);
  g_assert_false (gtk_widget_get_visible (find_named (GTK_WIDGET (f->window), "busy-box")));

  ds_window_open_document (f->window, other);
  g_assert_true (iterate_until (landscape_changed, pair, 10000));
  /* (the window has let the old landscape go) */
  g_assert_cmpuint (ds_landscape_n_deals (ds_window_get_landscape (f->window)), ==, n_deals - 1);
}

/* An import from the CLI is undone by the app like its own edits. */
static void
test_cli_import_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) smaller = NULL;
  g_autoptr(DsStore) store = NULL;
  guint n_deals = ds_landscape_n_deals (ds_window_get_landscape (f->window));

  /* What `dealscape-cli import` writes (ds_store_import), from a second
   * connection: the landscape without its last deal. The app is then
   * started again on the document. */
  store = ds_store_open (f->db_path, DS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  smaller = ds_store_load (store, &error);
  g_assert_no_error (error);
  g_array_set_size (smaller->deals, smaller->deals->len - 1);
  g_assert_true (ds_store_import (store, smaller, "smaller.json", &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  restart (f);

  g_assert_cmpuint (ds_landscape_n_deals (ds_window_get_landscape (f->window)), ==, n_deals - 1);
  g_assert_true (action_enabled (f, "undo"));
  activate (f, "undo", NULL);
  g_assert_true (iterate_until (window_ready, f->window, 20000));
  g_assert_cmpuint (ds_landscape_n_deals (ds_window_get_landscape (f->window)), ==, n_deals);
  {
    g_autoptr(DsLandscape) on_disk = load_file (f);
    g_assert_cmpuint (ds_landscape_n_deals (on_disk), ==, n_deals);
  }
}

/* Positions that change while an import is saved wait for the save: the
 * worker holds the write lock, and the window must not wait on it. A
 * second connection holds the lock first, so that the save is surely still
 * running when the view reports moved nodes. */
static void
test_import_positions_during_save (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) blocker = ds_store_open (f->db_path, DS_STORE_OPEN_DEFAULT, &error);
  g_autoptr(DsLandscape) smaller = NULL;
  DsLandscape *before = ds_window_get_landscape (f->window);
  GtkWidget *view = ds_window_get_graph_view (f->window);
  g_autofree char *moved_id = g_strdup (ds_landscape_entity (before, 0)->id);
  const double *x, *y;
  const guint8 *pinned;

  g_assert_no_error (error);
  smaller = ds_store_load (blocker, &error);
  g_assert_no_error (error);
  g_array_set_size (smaller->deals, smaller->deals->len - 1);
  g_assert_true (ds_store_begin (blocker, &error));
  g_assert_no_error (error);
  g_assert_true (ds_window_merge_landscape (f->window, smaller, "smaller.json", NULL, &error));
  g_assert_no_error (error);

  /* As after a drag: the first node moved, and the view says so. */
  ds_graph_view_get_positions (DS_GRAPH_VIEW (view), &x, &y, &pinned);
  ((double *) x)[0] = 4321.5;
  ((double *) y)[0] = -765.25;
  /* Written then, the positions would wait out the busy timeout on the
   * lock and be lost with a "database is locked" toast. */
  g_signal_emit_by_name (view, "positions-changed");
  g_assert_true (ds_window_get_landscape (f->window) == before);

  ds_store_rollback (blocker);
  wait_for_landscape (f, before);
  g_assert_true (iterate_until (window_ready, f->window, 20000));
  g_assert_true (iterate_until (positions_saved, f->window, 20000));
  {
    g_autoptr(DsLandscape) on_disk = load_file (f);
    DsIndex n = ds_landscape_n_entities (on_disk);
    g_autofree double *xs = g_new (double, n), *ys = g_new (double, n);
    g_autofree guint8 *known = g_new0 (guint8, n), *pins = g_new0 (guint8, n);
    DsIndex moved = DS_NONE;

    g_assert_cmpuint (ds_landscape_n_deals (on_disk), ==, ds_landscape_n_deals (smaller));
    g_assert_true (ds_store_load_positions (blocker, on_disk, xs, ys, known, pins, &error));
    g_assert_no_error (error);
    for (DsIndex i = 0; i < n; i++)
      if (g_strcmp0 (ds_landscape_entity (on_disk, i)->id, moved_id) == 0)
        moved = i;
    g_assert_cmpint (moved, !=, DS_NONE);
    g_assert_true (known[moved]);
    g_assert_cmpfloat (xs[moved], ==, 4321.5);
    g_assert_cmpfloat (ys[moved], ==, -765.25);
  }
}

static gboolean
release_blocker (gpointer data)
{
  ds_store_rollback (data);
  return G_SOURCE_REMOVE;
}

typedef struct {
  DsStore  *blocker;
  DsWindow *window;
} QuitWhileSaving;

static gboolean
quit_app (gpointer data)
{
  QuitWhileSaving *q = data;

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  /* The window stays, saying why, until the import is saved. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (q->window)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (q->window), "busy-label"))),
                            "closes when it is saved"));
  /* The lock goes 300 ms after Quit. */
  g_timeout_add (300, release_blocker, q->blocker);
  return G_SOURCE_REMOVE;
}

static void
keep_windows (GApplication *application, gpointer data)
{
  g_signal_stop_emission_by_name (application, "activate");
}

/* Quit while an import is being saved: the window stays until the import
 * is in the file, then closes, and the process ends (ending it earlier
 * rolls the import back). A second connection holds the write lock until
 * 300 ms after Quit, so that the save is surely still running when Quit
 * comes. In a subprocess, because the application's main loop has to end:
 * without the save holding the application, g_application_run returns at
 * Quit and the file has the old landscape. */
static void
test_import_survives_quit (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) blocker = NULL;
  g_autoptr(DsLandscape) smaller = NULL;
  char *argv[] = { (char *) "dealscape", NULL };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  blocker = ds_store_open (f->db_path, DS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  smaller = ds_store_load (blocker, &error);
  g_assert_no_error (error);
  g_array_set_size (smaller->deals, smaller->deals->len - 1);
  g_assert_true (ds_store_begin (blocker, &error));
  g_assert_true (ds_window_merge_landscape (f->window, smaller, "smaller.json", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ds_window_get_saving (f->window));

  /* The run's activation is left out (it would open the default
   * document); Quit, then the lock goes. Quit is posted at default
   * priority: at idle priority it waited behind the window's frames until
   * the save had given up on the lock. main() holds the application for
   * the other tests: that hold goes here. */
  g_idle_add_full (G_PRIORITY_DEFAULT, quit_app, &(QuitWhileSaving) { blocker, f->window }, NULL);
  g_application_release (G_APPLICATION (app));
  g_signal_connect (app, "activate", G_CALLBACK (keep_windows), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  {
    g_autoptr(DsLandscape) on_disk = load_file (f);

    g_assert_cmpuint (ds_landscape_n_deals (on_disk), ==, ds_landscape_n_deals (smaller));
  }
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  ds_test_remove_tree (f->dir);
  exit (0);
}

/* Bad rows keep the dialog open with their line and column; skipping them
 * imports the rest. */
static void
test_import_csv_bad_rows (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", "bad-rows.csv", NULL);
  DsLandscape *before = ds_window_get_landscape (f->window);
  guint n_deals = ds_landscape_n_deals (before);
  DsCsvImportDialog *dialog = open_import_dialog (f, path);
  gpointer weak = dialog;
  const char *report;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  ds_csv_import_dialog_start (dialog);
  g_assert_true (iterate_until (import_finished, dialog, 20000));
  g_assert_nonnull (weak);
  report = ds_csv_import_dialog_get_report (dialog);
  /* bad-rows.csv: 2020-13-01 on line 3 at column 20, 3/4/2020 on line 4 at
   * column 16, 12abc on line 5 at column 16, 1,5 on line 6 at column 18. */
  g_assert_nonnull (strstr (report, "bad-rows.csv:3:20:"));
  g_assert_nonnull (strstr (report, "bad-rows.csv:6:18:"));
  g_assert_nonnull (strstr (report, "amount is not a number"));
  g_assert_cmpuint (ds_landscape_n_deals (ds_window_get_landscape (f->window)), ==, n_deals);

  ds_csv_import_dialog_set_skip_bad_rows (dialog, TRUE);
  ds_csv_import_dialog_start (dialog);
  g_assert_true (iterate_until (is_null, &weak, 20000));
  wait_for_landscape (f, before);
  /* Rows 2 and 7 are good (Alpha Capital → Zeta, Epsilon → Iota). */
  g_assert_cmpuint (ds_landscape_n_deals (ds_window_get_landscape (f->window)), ==, n_deals + 2);
  g_assert_true (iterate_until (window_ready, f->window, 20000));
}

/* A layout detection cannot read: the raw rows show, Import waits for the
 * columns to be named in the drop-downs. */
static void
test_import_csv_mapping (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", "custom-layout.csv", NULL);
  DsLandscape *before = ds_window_get_landscape (f->window);
  guint n_deals = ds_landscape_n_deals (before);
  DsCsvImportDialog *dialog = open_import_dialog (f, path);
  gpointer weak = dialog;
  DsLandscape *ls;

  g_assert_cmpuint (ds_csv_import_dialog_get_n_preview_rows (dialog), ==, 3);
  g_assert_null (ds_csv_import_dialog_get_column (dialog, DS_CSV_FIELD_INVESTOR));
  ds_csv_import_dialog_set_column (dialog, DS_CSV_FIELD_INVESTOR, "Backer");
  ds_csv_import_dialog_set_column (dialog, DS_CSV_FIELD_TARGET, "Startup");
  ds_csv_import_dialog_set_column (dialog, DS_CSV_FIELD_DATE, "Day");
  ds_csv_import_dialog_set_column (dialog, DS_CSV_FIELD_AMOUNT, "Dollars");
  g_assert_cmpstr (ds_csv_import_dialog_get_column (dialog, DS_CSV_FIELD_INVESTOR), ==, "Backer");
  g_assert_cmpstr (ds_csv_import_dialog_get_column (dialog, DS_CSV_FIELD_AMOUNT), ==, "Dollars");
  /* "(none)" takes a detected column away again. */
  ds_csv_import_dialog_set_column (dialog, DS_CSV_FIELD_AMOUNT, NULL);
  g_assert_null (ds_csv_import_dialog_get_column (dialog, DS_CSV_FIELD_AMOUNT));
  ds_csv_import_dialog_set_column (dialog, DS_CSV_FIELD_AMOUNT, "Dollars");

  /* The euro row is refused; the two dollar rows come in. */
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  ds_csv_import_dialog_set_skip_bad_rows (dialog, TRUE);
  ds_csv_import_dialog_start (dialog);
  g_assert_true (iterate_until (is_null, &weak, 20000));
  wait_for_landscape (f, before);
  ls = ds_window_get_landscape (f->window);
  g_assert_cmpuint (ds_landscape_n_deals (ls), ==, n_deals + 2);
  g_assert_cmpint (entity_named (ls, "Widget Co"), !=, DS_NONE);
  g_assert_cmpint (entity_named (ls, "Southwind"), ==, DS_NONE);
  g_assert_true (iterate_until (window_ready, f->window, 20000));
}

static void
test_import_csv_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "big.csv", NULL);
  GString *csv = g_string_new ("investor_name,company_name,funded_at,raised_amount_usd\n");
  guint n_deals = ds_landscape_n_deals (ds_window_get_landscape (f->window));
  DsLandscape *before = ds_window_get_landscape (f->window);
  DsCsvImportDialog *dialog;
  gpointer weak;

  /* Big enough for many 64 KiB chunks, so the reader sees the cancel. */
  for (guint i = 0; i < 40000; i++)
    g_string_append_printf (csv, "Investor %u,Company %u,2020-01-%02u,%u\n", i % 997, i, 1 + i % 28, 1000 + i);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
  g_string_free (csv, TRUE);

  dialog = open_import_dialog (f, path);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  ds_csv_import_dialog_start (dialog);
  ds_csv_import_dialog_cancel (dialog);
  g_assert_true (iterate_until (import_finished, dialog, 20000));
  g_assert_nonnull (strstr (ds_csv_import_dialog_get_report (dialog), "nothing was written"));
  g_assert_true (ds_window_get_landscape (f->window) == before);
  {
    g_autoptr(DsLandscape) on_disk = load_file (f);
    g_assert_cmpuint (ds_landscape_n_deals (on_disk), ==, n_deals);
  }
  /* Closing the dialog leaves the document as it was. */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (iterate_until (is_null, &weak, 5000));
  g_assert_cmpuint (ds_landscape_n_deals (ds_window_get_landscape (f->window)), ==, n_deals);
}

/* Amounts ------------------------------------------------------------------- */

static void
test_amount_units (Fixture *f, gconstpointer data)
{
  GSettings *settings = ds_application_get_settings (app);

  g_assert_cmpint (ds_amount_get_style (), ==, DS_AMOUNT_SHORT);
  {
    g_autofree char *a = ds_amount_format (1.25e9);
    g_assert_cmpstr (a, ==, "$1.25B");
  }
  g_settings_set_string (settings, "currency-units", "full");
  g_assert_cmpint (ds_amount_get_style (), ==, DS_AMOUNT_FULL);
  {
    g_autofree char *a = ds_amount_format_full (1.25e9, ",");
    g_autofree char *b = ds_amount_format_full (999, ",");
    g_autofree char *c = ds_amount_format_full (1000, " ");
    g_autofree char *d = ds_amount_format_full (-1234567.6, ",");
    g_autofree char *e = ds_inspector_format_usd (123456789);
    g_autofree char *n = ds_amount_format_full (NAN, ",");
    g_assert_cmpstr (a, ==, "$1,250,000,000");
    g_assert_cmpstr (b, ==, "$999");
    g_assert_cmpstr (c, ==, "$1 000");
    g_assert_cmpstr (d, ==, "-$1,234,568");
    /* The inspector's entries still read back. */
    g_assert_cmpstr (e, ==, "$123,456,789");
    g_assert_cmpstr (n, ==, "undisclosed");
  }
  /* The inspector rebuilt on the change: showing a deal does not crash
   * and uses the style (its rows are made from ds_amount_format). */
  activate (f, "select-deal", g_variant_new_string ("microsoft-openai-2019"));
  g_settings_set_string (settings, "currency-units", "short");
  g_assert_cmpint (ds_amount_get_style (), ==, DS_AMOUNT_SHORT);
  {
    g_autofree char *e = ds_inspector_format_usd (123456789);
    g_assert_cmpstr (e, ==, "$123.456789M");
  }
}

/* Only the missing-session-bus warning of a bus-less CI is tolerated. */
static gboolean
fatal_handler (const char     *domain,
               GLogLevelFlags  level,
               const char     *message,
               gpointer        data)
{
  return strstr (message, "session bus") == NULL;
}

/* Export Replay as Video: the dialog's export runs in a thread, follows
 * with its progress bar, and writes the file; the window stays live. */
static gboolean
video_dialog_idle (gpointer data)
{
  return !ds_video_dialog_get_running (DS_VIDEO_DIALOG (data));
}

typedef struct {
  DsVideoDialog *dialog;
  guint          at_least;
} VideoProgress;

static gboolean
video_progress_reached (gpointer data)
{
  VideoProgress *p = data;
  guint done, n;

  ds_video_dialog_get_progress (p->dialog, &done, &n);
  return done >= p->at_least || !ds_video_dialog_get_running (p->dialog);
}

static guint
count_files_with_prefix (const char *dir, const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d && (name = g_dir_read_name (d)))
    n += g_str_has_prefix (name, prefix);
  return n;
}

static void
test_video_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "replay.webm", NULL);
  g_autoptr(DsVideoDialog) dialog = NULL;
  DsVideoOptions opts;
  DsDate first, last;
  guint done, n;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), "export-video"));
  if (!ds_video_format_available (DS_VIDEO_WEBM, &error))
    {
      g_test_skip (error->message);
      return;
    }
  dialog = g_object_ref_sink (ds_video_dialog_new (f->window));
  /* The range starts as the timeline's, in months. */
  ds_window_get_timeline_range (f->window, &first, &last);
  g_assert_true (ds_video_dialog_get_options (dialog, &opts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (opts.from, ==, first / 100 * 100);
  g_assert_cmpint (opts.to, ==, last / 100 * 100);
  g_assert_cmpint (opts.width, ==, 1920);
  g_assert_cmpint (opts.format, ==, DS_VIDEO_WEBM);

  gtk_window_present (GTK_WINDOW (dialog));
  ds_video_dialog_set_range (dialog, 20250100, 20250600);
  ds_video_dialog_set_size (dialog, 320, 180);
  g_assert_true (ds_video_dialog_start (dialog, path, &error));
  g_assert_no_error (error);
  g_assert_true (ds_video_dialog_get_running (dialog));
  g_assert_true (iterate_until (video_dialog_idle, dialog, 60000));
  g_assert_null (ds_video_dialog_get_error (dialog));
  ds_video_dialog_get_progress (dialog, &done, &n);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpuint (done, ==, 6);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_files_with_prefix (f->dir, ".replay.webm."), ==, 0);
  /* Done: the dialog closed itself. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
}

/* Stopped mid-way: no file, no temporary file, the dialog open to retry. */
static void
test_video_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "replay.webm", NULL);
  g_autoptr(DsVideoDialog) dialog = NULL;
  VideoProgress p;

  if (!ds_video_format_available (DS_VIDEO_WEBM, &error))
    {
      g_test_skip (error->message);
      return;
    }
  dialog = g_object_ref_sink (ds_video_dialog_new (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  /* 216 frames of Full HD: many seconds, so it is surely stopped mid-way. */
  ds_video_dialog_set_range (dialog, 20100100, 20271200);
  g_assert_true (ds_video_dialog_start (dialog, path, &error));
  g_assert_no_error (error);
  p = (VideoProgress) { dialog, 3 };
  g_assert_true (iterate_until (video_progress_reached, &p, 60000));
  g_assert_true (ds_video_dialog_get_running (dialog));
  pause_for_screenshot ("video-progress");
  ds_video_dialog_cancel (dialog);
  g_assert_true (iterate_until (video_dialog_idle, dialog, 60000));
  g_assert_error ((GError *) ds_video_dialog_get_error (dialog), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files_with_prefix (f->dir, ".replay.webm."), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (fatal_handler, NULL);

  app = ds_application_new ();
  /* A test's subprocess is an application of its own, not a second launch
   * handed to the parent that owns the name. */
  if (g_test_subprocess ())
    g_application_set_flags (G_APPLICATION (app),
                             g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));
  g_assert_nonnull (ds_application_get_settings (app));

  g_test_add_func ("/gui/inspector/parsers", test_parsers);
  g_test_add_func ("/gui/window/open-in-background", test_open_in_background);
  g_test_add_func ("/gui/window/open-with-preview", test_open_with_preview);
  g_test_add_func ("/gui/inspector/caps-deal-rows", test_inspector_caps_deal_rows);
  g_test_add_func ("/gui/inspector/stake-problem", test_inspector_stake_problem);
  g_test_add_func ("/gui/graph/replay-after-first-frame", test_graph_replay_after_first_frame);
  g_test_add_func ("/gui/graph/scene-on-worker", test_graph_scene_on_worker);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/gui/window/title-and-actions", test_window_title);
  ADD ("/gui/window/one-per-document", test_one_window_per_document);
  ADD ("/gui/window/shortcuts", test_shortcuts);
  ADD ("/gui/valuation/footnote", test_valuation_footnote);
  ADD ("/gui/valuation/follows-selection", test_valuation_follows_selection);
  ADD ("/gui/table/export-csv", test_table_export_csv);
  ADD ("/gui/charts/on-worker", test_charts_on_worker);
  ADD ("/gui/table/sorted-select", test_table_sorted_select);
  g_test_add_func ("/gui/table/rows-on-demand", test_table_rows_on_demand);
  ADD ("/gui/actions/select", test_select);
  ADD ("/gui/actions/set-scenario", test_set_scenario);
  ADD ("/gui/actions/export", test_export);
  ADD ("/gui/edit/amount-persists-and-undoes", test_edit_amount);
  ADD ("/gui/edit/scenario-override", test_edit_in_scenario);
  ADD ("/gui/actions/play", test_play);
  ADD ("/gui/graph/circles", test_circles);
  ADD ("/gui/graph/compare", test_compare);
  ADD ("/gui/timeline/reaches-projections", test_timeline_reaches_projections);
  ADD ("/gui/edit/undo-after-restart", test_undo_after_restart);
  ADD ("/gui/scenario/create-rename-duplicate-delete", test_scenario_manage);
  ADD ("/gui/graph/follows-scenario", test_graph_follows_scenario);
  ADD ("/gui/graph/pan-draws-ahead", test_graph_pan_draws_ahead);
  ADD ("/gui/graph/redraw-in-worker", test_graph_redraw_in_worker);
  ADD ("/gui/graph/filter-dates", test_graph_filter_dates);
  ADD ("/gui/graph/local-drag", test_graph_local_drag);
  ADD ("/gui/graph/show-labels", test_graph_show_labels);
  ADD ("/gui/scenario/delete-undo-redo", test_scenario_delete_undo);
  ADD ("/gui/scenario/create-rename-undo-redo", test_scenario_create_rename_undo);
  ADD ("/gui/inspector/hypothetical-deal", test_inspector_hypothetical_deal);
  ADD ("/gui/inspector/delete-hypothetical-deal", test_delete_hypothetical_deal);
  ADD ("/gui/graph/click-deal", test_graph_click_deal);
  ADD ("/gui/table/hypothetical-deals", test_table_hypothetical);
  ADD ("/gui/scenario/add-hypothetical-deal", test_add_hypothetical_deal);
  ADD ("/gui/screenshot/not-blank", test_screenshot);
  ADD ("/gui/import/csv", test_import_csv);
  ADD ("/gui/import/csv-bad-rows", test_import_csv_bad_rows);
  ADD ("/gui/import/csv-mapping", test_import_csv_mapping);
  ADD ("/gui/import/csv-cancel", test_import_csv_cancel);
  ADD ("/gui/import/cli-import-undo", test_cli_import_undo);
  ADD ("/gui/import/positions-during-save", test_import_positions_during_save);
  ADD ("/gui/import/survives-quit", test_import_survives_quit);
  ADD ("/gui/open/document", test_open_document);
  ADD ("/gui/preferences/amount-units", test_amount_units);
  ADD ("/gui/video/export", test_video_export);
  ADD ("/gui/video/cancel", test_video_cancel);
#undef ADD

  status = g_test_run ();
  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return status;
}
