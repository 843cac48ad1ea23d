/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-window.c: the main window: wires the views to one document, owns the
 * selection, the scenario, the edit path with undo/redo, and exports. */
#define G_LOG_DOMAIN "ds-window"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>

#include "ds-amount.h"
#include "ds-chart-view.h"
#include "ds-circles-panel.h"
#include "ds-compare-panel.h"
#include "ds-scenario-diff.h"
#include "ds-cycles.h"
#include "ds-format.h"
#include "ds-csv-import-dialog.h"
#include "ds-dataset.h"
#include "ds-edit-log.h"
#include "ds-export-dialog.h"
#include "ds-video-dialog.h"
#include "ds-filter-popover.h"
#include "ds-graph-view.h"
#include "ds-inspector.h"
#include "ds-render.h"
#include "ds-replay.h"
#include "ds-scenario.h"
#include "ds-table-view.h"
#include "ds-timeline.h"
#include "ds-window.h"
#include "ds-graph.h"
#include "ds-layout.h"
#include "ds-export.h"

/* Documents of this many deals draw their first frame before the replay. */
#define DEFER_REPLAY_DEALS 200000
/* From this many deals the replay is built and seeked on a worker thread
 * (seconds for a million deals) while the window shows the frame it has. */
#define ASYNC_REPLAY_DEALS 100000

G_DEFINE_QUARK (ds-window-error-quark, ds_window_error)

struct _DsWindow {
  AdwApplicationWindow parent_instance;

  DsStore      *store;
  DsLandscape  *landscape;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkDropDown     *scenario_dropdown;
  AdwViewStack    *view_stack;
  AdwViewSwitcherTitle *switcher_title;
  GtkSearchBar    *search_bar;
  GtkSearchEntry  *search_entry;
  GtkToggleButton *search_button;
  GtkToggleButton *inspector_button;
  AdwFlap         *flap;
  DsTimeline      *timeline;
  DsInspector     *inspector;
  GtkWidget       *undo_button;

  /* Views made in code */
  DsGraphView  *graph_view;
  DsFilterPopover *filters;
  DsChartView  *valuation_view;
  DsChartView  *compute_view;
  DsTableView  *table_view;
  GtkWidget    *layout_progress;

  DsIndex       selected_entity;
  DsIndex       selected_deal;
  DsIndex       scenario;          /* DS_NONE: the base */
  gboolean      updating_scenarios;

  DsEditLog    *edit_log;          /* NULL when the document cannot log (read-only) */
  DsReplay     *replay;            /* the scenario's state over time; NULL if it fails */
  DsIndex       compare;           /* scenario overlaid in the charts, or DS_NONE */
  GMenu        *compare_menu;
  AdwToast     *undo_toast;        /* "Scenario deleted [Undo]" while shown (weak) */

  GtkWidget    *busy_box;          /* spinner, what runs, and its cancel button */
  GtkWidget    *busy_label;
  GCancellable *layout_cancellable;
  GCancellable *import_cancellable;
  GCancellable *open_cancellable;
  /* An import being written to the document on a worker (save_import). */
  GCancellable *save_cancellable;
  /* Positions that changed while an import was saved (a layout or the
   * simulation finishing): written once the save is done, since the
   * worker holds the document's write lock meanwhile. */
  gboolean      positions_pending;
  gboolean      positions_pending_all;   /* a layout came during a save: every position */
  GCancellable *positions_cancellable;   /* positions written on a worker */
  gboolean      close_when_saved;  /* closed while an import was saved */
  GtkWidget    *busy_cancel;
  gboolean      layout_ready;
  /* A big document's replay waits for its first frame (the graph as
   * recorded): the window shows something seconds sooner. */
  gboolean      defer_replay;
  guint         replay_tick;
  /* The replay being built on a worker (ASYNC_REPLAY_DEALS); stale when
   * what it was started for (landscape, scenario, an edit) changed since,
   * and it is then started again instead of shown. */
  struct _ReplayJob *replay_job;
  gboolean      replay_job_stale;
  gboolean      async_replay;      /* the document is big enough for it */
  /* The replay shown before the last seek back, of the same landscape
   * and scenario: the next seek back starts over in it on the worker
   * instead of building one (dropped by any edit or rebuild). */
  DsReplay     *spare_replay;
  GCancellable *replay_cancellable;

  /* Circles: the money cycles lit on the graph and listed beside it. Both
   * searches borrow the replay's view, so they go before it does. */
  gboolean      circles;
  DsCirclesPanel *circles_panel;
  DsCycles     *cycles_closed;     /* deals dated up to the timeline's date */
  DsCycles     *cycles_all;        /* every deal of the scenario: the ones still to close */
  int           circle_selected;   /* of cycles_closed, or -1: all of them */

  /* Compare (win.diff): the graph shows what scenario B changes from A at
   * the timeline's date, the panel lists it. The graph borrows the diff. */
  gboolean      comparing;
  DsComparePanel *compare_panel;
  DsScenarioDiff *diff;

  /* A big document's graph preview (ds_store_read_preview) is drawn until
   * the document is read, which starts after the preview's first frame:
   * meanwhile the window is for looking only, and these actions, enabled
   * before, are off. */
  char         *preview_path;
  guint         preview_tick;
  GPtrArray    *preview_disabled;
};

G_DEFINE_FINAL_TYPE (DsWindow, ds_window, ADW_TYPE_APPLICATION_WINDOW)

static GSettings *
settings (void)
{
  GApplication *app = g_application_get_default ();
  return app != NULL && DS_IS_APPLICATION (app) ? ds_application_get_settings (DS_APPLICATION (app)) : NULL;
}

static void
toast (DsWindow   *self,
       const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* Theme ------------------------------------------------------------------ */

static void
update_theme (DsWindow *self)
{
  GApplication *app = g_application_get_default ();
  const char *name = app && DS_IS_APPLICATION (app) ? ds_application_get_theme_name (DS_APPLICATION (app)) : "light";

  ds_graph_view_set_theme_name (self->graph_view, name);
  ds_chart_view_set_theme_name (self->valuation_view, name);
  ds_chart_view_set_theme_name (self->compute_view, name);
}

static void
on_style_changed (GObject    *object,
                  GParamSpec *pspec,
                  DsWindow   *self)
{
  update_theme (self);
}

static void
on_theme_setting_changed (GSettings  *s,
                          const char *key,
                          DsWindow   *self)
{
  update_theme (self);
}

static void
on_threshold_setting_changed (GSettings  *s,
                              const char *key,
                              DsWindow   *self)
{
  double threshold = g_settings_get_double (s, "default-threshold");

  ds_chart_view_set_default_threshold (self->valuation_view, threshold);
  ds_chart_view_set_default_threshold (self->compute_view, threshold);
}

/* Amounts are read on demand (tooltips); what is already on screen is
 * rebuilt so that the new style shows at once. */
static void
on_units_setting_changed (GSettings  *s,
                          const char *key,
                          DsWindow   *self)
{
  g_autofree char *units = g_settings_get_string (s, "currency-units");
  DsAmountStyle style = ds_amount_style_from_string (units);

  ds_amount_set_style (style);
  ds_inspector_refresh (self->inspector);
  ds_table_view_refresh (self->table_view);
}

/* Circles ---------------------------------------------------------------- */

static void
drop_cycles (DsWindow *self)
{
  g_clear_pointer (&self->cycles_closed, ds_cycles_free);
  g_clear_pointer (&self->cycles_all, ds_cycles_free);
}

/* Lights the selected cycle, or all closed ones; with none closed the graph
 * shows the landscape as it is, as the CLI's circles view does. */
static void
light_circles (DsWindow *self)
{
  g_autofree guint8 *lit = NULL;
  const DsCycles *c = self->cycles_closed;
  guint n;

  if (!self->circles || c == NULL || c->n_cycles == 0)
    {
      ds_graph_view_set_highlight (self->graph_view, NULL, 0);
      return;
    }
  n = c->view->deals->len;
  lit = g_new0 (guint8, MAX (n, 1));
  if (self->circle_selected >= 0 && (guint) self->circle_selected < c->n_cycles)
    ds_cycles_mark_cycle (c, self->circle_selected, lit);
  else
    ds_cycles_mark_deals (c, lit, NULL);
  ds_graph_view_set_highlight (self->graph_view, lit, n);
}

/* The cycle search runs here, when the frame changes (date, scenario,
 * document), never in a draw call: milliseconds on the bundled data. The
 * search of the whole scenario is kept until the replay changes. */
static void
update_circles (DsWindow *self)
{
  g_autoptr(GError) error = NULL;
  const DsScenarioView *view = self->replay != NULL ? ds_replay_get_view (self->replay) : NULL;
  DsDate date = ds_timeline_get_date (self->timeline);
  DsCycleOptions opts;

  gtk_widget_set_visible (GTK_WIDGET (self->circles_panel), self->circles);
  if (!self->circles || view == NULL)
    {
      drop_cycles (self);
      if (self->circles)
        ds_circles_panel_set_cycles (self->circles_panel, NULL, NULL, date);
      light_circles (self);
      return;
    }
  ds_cycle_options_init (&opts);
  if (self->cycles_all == NULL)
    self->cycles_all = ds_cycles_find_in_view (view, &opts, &error);
  if (error != NULL)
    {
      toast (self, error->message);
      g_clear_error (&error);
    }
  g_clear_pointer (&self->cycles_closed, ds_cycles_free);
  opts.to = date;
  self->cycles_closed = ds_cycles_find_in_view (view, &opts, &error);
  if (error != NULL)
    toast (self, error->message);
  /* May emit cycle-selected (-1) when the selected cycle is no longer closed. */
  ds_circles_panel_set_cycles (self->circles_panel, self->cycles_closed, self->cycles_all, date);
  self->circle_selected = ds_circles_panel_get_selected (self->circles_panel);
  light_circles (self);
}

static void
on_circle_selected (DsCirclesPanel *panel,
                    int             cycle,
                    DsWindow       *self)
{
  self->circle_selected = cycle;
  light_circles (self);
}

static void
circles_change_state (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);

  g_simple_action_set_state (action, state);
  self->circles = g_variant_get_boolean (state);
  if (self->circles && self->comparing)
    g_action_group_change_action_state (G_ACTION_GROUP (self), "diff", g_variant_new_boolean (FALSE));
  if (!self->circles)
    {
      drop_cycles (self);
      ds_circles_panel_select (self->circles_panel, -1);
      self->circle_selected = -1;
    }
  update_circles (self);
}

static void
show_labels_change_state (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  gboolean show = g_variant_get_boolean (state);

  g_simple_action_set_state (action, state);
  ds_graph_view_set_show_labels (self->graph_view, show);
  if (settings () != NULL)
    g_settings_set_boolean (settings (), "show-labels", show);
}

gboolean
ds_window_get_circles (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return self->circles;
}

GtkWidget *
ds_window_get_circles_panel (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->circles_panel);
}

/* Compare ---------------------------------------------------------------- */

/* The diff is worked out here, when the frame or the picks change, never in
 * a draw call: two replays to the date, a few ms on the bundled data. */
static void
update_compare (DsWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsScenarioDiff) old = NULL;
  DsDate date = ds_timeline_get_date (self->timeline);
  DsIndex a = ds_compare_panel_get_a (self->compare_panel), b = ds_compare_panel_get_b (self->compare_panel);

  gtk_widget_set_visible (GTK_WIDGET (self->compare_panel), self->comparing);
  if (!self->comparing || self->landscape == NULL)
    return;
  /* Kept until the graph has the new one (it borrows the diff). */
  old = g_steal_pointer (&self->diff);
  if (date != DS_DATE_NONE)
    self->diff = ds_scenario_diff_new (self->landscape, a, b, ds_date_last_day (date), &error);
  if (error != NULL)
    toast (self, error->message);
  /* The graph lets go of the old diff before it goes. */
  if (self->diff != NULL)
    ds_graph_view_set_diff (self->graph_view, self->diff);
  else if (self->replay != NULL && date != DS_DATE_NONE)
    ds_graph_view_set_frame (self->graph_view, ds_replay_get_view (self->replay), ds_replay_seek (self->replay, date));
  else
    ds_graph_view_set_frame (self->graph_view, NULL, NULL);
  ds_compare_panel_set_diff (self->compare_panel, self->diff);
}

static void
on_compare_changed (DsComparePanel *panel,
                    DsWindow       *self)
{
  update_compare (self);
}

static gboolean select_deal_id (DsWindow *self, const char *id);
static void     select_entity  (DsWindow *self, DsIndex entity);

static void
on_compare_row_picked (DsComparePanel *panel,
                       const char     *deal_id,
                       int             entity,
                       DsWindow       *self)
{
  /* The inspector shows it as the current scenario has it; a deal only the
   * other side has is still selected on the graph. */
  if (deal_id != NULL && !select_deal_id (self, deal_id))
    ds_graph_view_select_deal (self->graph_view, deal_id);
  else if (deal_id == NULL)
    select_entity (self, entity);
}

static void push_frame (DsWindow *self);

static void
diff_change_state (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  gboolean on = g_variant_get_boolean (state);

  g_simple_action_set_state (action, state);
  if (on == self->comparing)
    return;
  self->comparing = on;
  if (on)
    {
      /* One overlay at a time: Circles goes off. */
      if (self->circles)
        g_action_group_change_action_state (G_ACTION_GROUP (self), "circles", g_variant_new_boolean (FALSE));
      if (self->landscape != NULL)
        {
          /* The scenario shown against the one the charts compare it with
           * (Compare With); without one, the base (the document's "base"
           * scenario, else the landscape) against the scenario shown, else
           * the first other one. */
          DsIndex a = ds_landscape_find_scenario (self->landscape, "base"), b = self->scenario;
          if (self->compare != DS_NONE && self->compare != self->scenario)
            {
              a = self->scenario;
              b = self->compare;
            }
          else if (b == a)
            b = self->landscape->scenarios->len > (guint) (a + 1) ? a + 1 : (a > 0 ? 0 : DS_NONE);
          ds_compare_panel_set_landscape (self->compare_panel, self->landscape, a, b);
        }
      update_compare (self);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->compare_panel), FALSE);
  /* Back to the scenario's own frame, then the diff can go. */
  push_frame (self);
  g_clear_pointer (&self->diff, ds_scenario_diff_free);
}

gboolean
ds_window_get_comparing (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return self->comparing;
}

GtkWidget *
ds_window_get_compare_panel (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->compare_panel);
}

/* Frames ----------------------------------------------------------------- */

/* The one place the views are told the data changed. With ds-replay in the
 * core, the scenario's state at the timeline date is computed here and
 * handed to the graph and the charts. */
static void rebuild_frame (DsWindow *self);
static void start_replay_job (DsWindow *self, gboolean seek_only);

static void
push_frame (DsWindow *self)
{
  DsDate date = ds_timeline_get_date (self->timeline);

  if (self->comparing)
    {
      update_compare (self);
      update_circles (self);
      return;
    }
  if (self->replay == NULL || date == DS_DATE_NONE)
    {
      ds_graph_view_set_frame (self->graph_view, NULL, NULL);
      ds_graph_view_set_date (self->graph_view, date);
      update_circles (self);
      return;
    }
  /* Back in time a replay starts over from its first deal, a second or
   * more for a big document: that is done on the worker, and the window
   * keeps the frame it shows until then. */
  if (self->async_replay && ds_replay_seek_starts_over (self->replay, date))
    {
      start_replay_job (self, TRUE);
      return;
    }
  ds_graph_view_set_frame (self->graph_view, ds_replay_get_view (self->replay),
                           ds_replay_seek (self->replay, date));
  update_circles (self);
}

/* DEFER_REPLAY_DEALS, or DS_DEFER_REPLAY_DEALS from the environment (the
 * tests try the deferred replay on a small document). */
static guint
defer_replay_deals (void)
{
  const char *env = g_getenv ("DS_DEFER_REPLAY_DEALS");
  return env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : DEFER_REPLAY_DEALS;
}

/* ASYNC_REPLAY_DEALS, or at most the deferred replay's threshold, so that
 * the tests that lower it (DS_DEFER_REPLAY_DEALS) try the worker too. */
static guint
async_replay_deals (void)
{
  return MIN (ASYNC_REPLAY_DEALS, defer_replay_deals ());
}

static gboolean
replay_after_first_frame (GtkWidget     *widget,
                          GdkFrameClock *clock,
                          gpointer       data)
{
  DsWindow *self = data;

  if (ds_graph_view_get_frame_count (self->graph_view) == 0)
    return G_SOURCE_CONTINUE;
  self->replay_tick = 0;
  self->defer_replay = FALSE;
  rebuild_frame (self);
  return G_SOURCE_REMOVE;
}

/* A replay built and seeked on a worker. The worker only reads the
 * landscape; an edit waits for it first (edit_log_for_write), so that
 * nothing changes under it. */
typedef struct _ReplayJob {
  DsLandscape *landscape;
  DsIndex      scenario;
  DsDate       date;
  gboolean     seek_only;  /* a seek back: same landscape, scenario and edits */
  DsReplay    *reuse;      /* a replay to seek instead of building one */
  DsReplay    *replay;
  GError      *error;
  GMutex       lock;
  GCond        finished;
  gboolean     done;
} ReplayJob;

static void
replay_job_free (ReplayJob *job)
{
  g_clear_pointer (&job->landscape, ds_landscape_unref);
  g_clear_pointer (&job->replay, ds_replay_free);
  g_clear_pointer (&job->reuse, ds_replay_free);
  g_clear_error (&job->error);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->finished);
  g_free (job);
}

static void
replay_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReplayJob *job = task_data;

  job->replay = job->reuse != NULL ? g_steal_pointer (&job->reuse)
                                    : ds_replay_new (job->landscape, job->scenario, &job->error);
  if (job->replay != NULL && job->date != DS_DATE_NONE)
    ds_replay_seek (job->replay, job->date);
  g_mutex_lock (&job->lock);
  job->done = TRUE;
  g_cond_signal (&job->finished);
  g_mutex_unlock (&job->lock);
  g_task_return_boolean (task, TRUE);
}

/* Returns once no worker reads the landscape. */
static void
wait_for_replay_job (DsWindow *self)
{
  ReplayJob *job = self->replay_job;

  if (job == NULL)
    return;
  g_mutex_lock (&job->lock);
  while (!job->done)
    g_cond_wait (&job->finished, &job->lock);
  g_mutex_unlock (&job->lock);
  /* Whatever it built is of the landscape before the edit. */
  self->replay_job_stale = TRUE;
}

/* The edit log, for a call that changes the landscape. */
static DsEditLog *
edit_log_for_write (DsWindow *self)
{
  wait_for_replay_job (self);
  ds_graph_view_wait_for_scene (self->graph_view);
  ds_chart_view_wait_for_charts (self->valuation_view);
  ds_chart_view_wait_for_charts (self->compute_view);
  g_clear_pointer (&self->spare_replay, ds_replay_free);
  return self->edit_log;
}

static void install_replay (DsWindow *self, DsReplay *replay, const GError *error, gboolean seek_only);

static void
replay_job_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DsWindow *self = DS_WINDOW (source);
  ReplayJob *job = g_task_get_task_data (G_TASK (result));
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  if (g_cancellable_is_cancelled (cancellable) || self->replay_job != job)
    return;
  self->replay_job = NULL;
  g_clear_object (&self->replay_cancellable);
  if (self->replay_job_stale || job->landscape != self->landscape || job->scenario != self->scenario)
    {
      rebuild_frame (self);
      return;
    }
  /* The window owns it now; the task data goes with the task. */
  install_replay (self, g_steal_pointer (&job->replay), job->error, job->seek_only);
}

/* seek_only: for a seek back, the same landscape, scenario and edits. */
static void
start_replay_job (DsWindow *self,
                  gboolean  seek_only)
{
  g_autoptr(GTask) task = NULL;
  ReplayJob *job;

  if (!seek_only)
    g_clear_pointer (&self->spare_replay, ds_replay_free);
  if (self->replay_job != NULL)
    {
      /* One at a time. A rebuild starts again when this one is done; a
       * seek needs nothing: the frame is seeked to the timeline's date
       * when this replay is shown. */
      if (!seek_only)
        self->replay_job_stale = TRUE;
      return;
    }
  job = g_new0 (ReplayJob, 1);
  job->landscape = ds_landscape_ref (self->landscape);
  job->scenario = self->scenario;
  job->date = ds_timeline_get_date (self->timeline);
  job->seek_only = seek_only;
  if (seek_only)
    job->reuse = g_steal_pointer (&self->spare_replay);
  g_mutex_init (&job->lock);
  g_cond_init (&job->finished);
  self->replay_job = job;
  self->replay_job_stale = FALSE;
  self->replay_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->replay_cancellable, replay_job_done, NULL);
  g_task_set_source_tag (task, start_replay_job);
  g_task_set_task_data (task, job, (GDestroyNotify) replay_job_free);
  g_task_run_in_thread (task, replay_thread);
}

static void
rebuild_frame (DsWindow *self)
{
  g_autoptr(GError) error = NULL;

  /* The cycles borrow the old replay's view. */
  drop_cycles (self);
  if (self->defer_replay)
    {
      /* Until the first frame is drawn: the landscape as recorded. */
      ds_inspector_set_view (self->inspector, NULL);
      ds_table_view_set_view (self->table_view, NULL);
      g_clear_pointer (&self->replay, ds_replay_free);
      push_frame (self);
      if (self->replay_tick == 0)
        self->replay_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->graph_view), replay_after_first_frame,
                                                          self, NULL);
      return;
    }
  if (self->landscape != NULL && self->async_replay)
    {
      /* Meanwhile the window keeps the frame it shows. */
      start_replay_job (self, FALSE);
      return;
    }
  install_replay (self, self->landscape != NULL ? ds_replay_new (self->landscape, self->scenario, &error) : NULL,
                  error, FALSE);
}

/* Shows `replay` (taken; NULL: none, with `error` to say why). After a
 * seek back (seek_only) the charts stay, and the old replay is kept for
 * the next one. */
static void
install_replay (DsWindow     *self,
                DsReplay     *replay,
                const GError *error,
                gboolean      seek_only)
{
  g_autoptr(DsReplay) old = g_steal_pointer (&self->replay);

  drop_cycles (self);
  self->replay = replay;
  if (self->replay == NULL && error != NULL)
    toast (self, error->message);
  /* The inspector borrows the view: hand it the new one before the old goes. */
  ds_inspector_set_view (self->inspector, self->replay != NULL ? ds_replay_get_view (self->replay) : NULL);
  ds_table_view_set_view (self->table_view, self->replay != NULL ? ds_replay_get_view (self->replay) : NULL);
  if (self->selected_deal != DS_NONE)
    {
      /* Deal indices are the view's: the inspector found the same deal (by
       * id) in the new one, or none (a hypothetical deal undone or of
       * another scenario), and then the graph goes back to the entity. */
      self->selected_deal = ds_inspector_get_deal (self->inspector);
      if (self->selected_deal == DS_NONE)
        ds_graph_view_set_selected (self->graph_view, self->selected_entity);
    }
  if (seek_only)
    {
      g_clear_pointer (&self->spare_replay, ds_replay_free);
      self->spare_replay = g_steal_pointer (&old);
      push_frame (self);
      return;
    }
  g_clear_pointer (&old, ds_replay_free);
  g_clear_pointer (&self->spare_replay, ds_replay_free);
  push_frame (self);
  ds_chart_view_set_compare (self->valuation_view, self->compare);
  ds_chart_view_set_compare (self->compute_view, self->compare);
  ds_chart_view_set_landscape (self->valuation_view, self->landscape, self->scenario);
  ds_chart_view_set_landscape (self->compute_view, self->landscape, self->scenario);
}

static void
on_timeline_date (DsTimeline *timeline,
                  GParamSpec *pspec,
                  DsWindow   *self)
{
  DsDate date = ds_timeline_get_date (timeline);

  push_frame (self);
  ds_chart_view_set_cursor (self->valuation_view, date);
  ds_chart_view_set_cursor (self->compute_view, date);
}

static void
on_timeline_playing (DsTimeline *timeline,
                     GParamSpec *pspec,
                     DsWindow   *self)
{
  GAction *play = g_action_map_lookup_action (G_ACTION_MAP (self), "play");
  g_simple_action_set_state (G_SIMPLE_ACTION (play), g_variant_new_boolean (ds_timeline_get_playing (timeline)));
}

/* The replay runs on the main thread (a worker seeks a spare one). */
static const char *
inspector_problem (gpointer user_data,
                   DsIndex  entity)
{
  DsWindow *self = user_data;

  if (self->replay == NULL || entity == DS_NONE || entity >= (DsIndex) ds_landscape_n_entities (self->landscape))
    return NULL;
  return ds_replay_get_company_problem (self->replay, entity);
}

/* Selection ---------------------------------------------------------------- */

static void
select_entity (DsWindow *self,
               DsIndex   entity)
{
  self->selected_entity = entity;
  self->selected_deal = DS_NONE;
  ds_graph_view_set_selected (self->graph_view, entity);
  ds_inspector_show_entity (self->inspector, entity);
  /* The Valuation view charts the stakes of the company selected last;
   * it ignores what is not a company money goes into. */
  if (entity != DS_NONE)
    ds_chart_view_set_focus (self->valuation_view, entity);
  if (entity != DS_NONE)
    adw_flap_set_reveal_flap (self->flap, TRUE);
}

/* A deal as the current scenario sees it: landscape deals at their index,
 * then its hypothetical deals (the indices of the replay's view). */
static const DsDeal *
view_deal (DsWindow *self,
           DsIndex   deal)
{
  const DsScenarioView *view = self->replay != NULL ? ds_replay_get_view (self->replay) : NULL;

  if (view != NULL && deal < ds_scenario_view_n_deals (view))
    return ds_scenario_view_deal (view, deal);
  return ds_landscape_deal (self->landscape, deal);
}

static void
select_deal (DsWindow *self,
             DsIndex   deal)
{
  self->selected_deal = deal;
  if (deal != DS_NONE)
    {
      const DsDeal *d = view_deal (self, deal);
      self->selected_entity = d->target;
      /* The graph lights the deal's edge and its two parties. */
      ds_graph_view_select_deal (self->graph_view, d->id);
      adw_flap_set_reveal_flap (self->flap, TRUE);
    }
  ds_inspector_show_deal (self->inspector, deal);
}

static void
on_graph_selection (DsGraphView *view,
                    int          entity,
                    DsWindow    *self)
{
  select_entity (self, entity);
}

/* A deal by id as the current scenario sees it (its hypothetical deals
 * too); FALSE when it has none such. */
static gboolean
select_deal_id (DsWindow   *self,
                const char *id)
{
  const DsScenarioView *view = self->replay != NULL ? ds_replay_get_view (self->replay) : NULL;
  DsIndex deal = view != NULL ? ds_scenario_view_find_deal (view, id) : ds_landscape_find_deal (self->landscape, id);

  if (deal == DS_NONE)
    return FALSE;
  select_deal (self, deal);
  return TRUE;
}

static void
on_graph_deal (DsGraphView *view,
               const char  *deal_id,
               DsWindow    *self)
{
  select_deal_id (self, deal_id);
}

static void
on_inspector_deal (DsInspector *inspector,
                   int          deal,
                   DsWindow    *self)
{
  select_deal (self, deal);
}

static void
on_inspector_entity (DsInspector *inspector,
                     int          entity,
                     DsWindow    *self)
{
  select_entity (self, entity);
  ds_graph_view_focus_entity (self->graph_view, entity);
}

/* Search: a prefix of the name wins over a match inside it. */
static DsIndex
find_entity (DsWindow   *self,
             const char *text)
{
  g_autofree char *needle = g_utf8_casefold (text, -1);
  DsIndex inside = DS_NONE;

  if (*needle == '\0')
    return DS_NONE;
  for (DsIndex i = 0; i < ds_landscape_n_entities (self->landscape); i++)
    {
      const DsEntity *e = ds_landscape_entity (self->landscape, i);
      g_autofree char *name = g_utf8_casefold (e->name, -1);
      if (g_str_has_prefix (name, needle) || g_str_has_prefix (e->id, needle))
        return i;
      if (inside == DS_NONE && strstr (name, needle) != NULL)
        inside = i;
    }
  return inside;
}

static void
on_search_changed (GtkSearchEntry *entry,
                   DsWindow       *self)
{
  DsIndex found = find_entity (self, gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (found == DS_NONE)
    {
      if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
        gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  select_entity (self, found);
}

static void
on_search_activate (GtkSearchEntry *entry,
                    DsWindow       *self)
{
  DsIndex found = find_entity (self, gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (found == DS_NONE)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "graph");
  ds_graph_view_focus_entity (self->graph_view, found);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->graph_view));
}

static void
on_search_stop (GtkSearchEntry *entry,
                DsWindow       *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* Scenarios ---------------------------------------------------------------- */

/* A scenario that builds on nothing is the base: edits under it change the
 * recorded deals. */
static gboolean
scenario_is_base (DsWindow *self,
                  DsIndex   scenario)
{
  return scenario == DS_NONE || ds_landscape_scenario (self->landscape, scenario)->base == DS_NONE;
}

static void
fill_scenarios (DsWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->updating_scenarios = TRUE;
  for (guint i = 0; i < self->landscape->scenarios->len; i++)
    gtk_string_list_append (names, ds_landscape_scenario (self->landscape, i)->name);
  if (self->landscape->scenarios->len == 0)
    gtk_string_list_append (names, _("Base"));
  gtk_drop_down_set_model (self->scenario_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->scenario_dropdown, self->scenario == DS_NONE ? 0 : (guint) self->scenario);
  self->updating_scenarios = FALSE;
}

static gboolean
set_scenario (DsWindow   *self,
              const char *id)
{
  DsIndex scenario = DS_NONE;
  GAction *action;

  if (id != NULL && *id != '\0')
    {
      scenario = ds_landscape_find_scenario (self->landscape, id);
      if (scenario == DS_NONE)
        return FALSE;
    }
  self->scenario = scenario;
  self->updating_scenarios = TRUE;
  if (self->landscape->scenarios->len > 0)
    gtk_drop_down_set_selected (self->scenario_dropdown, scenario == DS_NONE ? 0 : (guint) scenario);
  self->updating_scenarios = FALSE;
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "set-scenario");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (id ? id : ""));
  if (settings () != NULL)
    g_settings_set_string (settings (), "last-scenario", id ? id : "");
  if (scenario != DS_NONE)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->scenario_dropdown),
                                 ds_landscape_scenario (self->landscape, scenario)->description);
  rebuild_frame (self);
  return TRUE;
}

static void
on_scenario_selected (GtkDropDown *dropdown,
                      GParamSpec  *pspec,
                      DsWindow    *self)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (self->updating_scenarios || i == GTK_INVALID_LIST_POSITION || i >= self->landscape->scenarios->len)
    return;
  g_action_group_activate_action (G_ACTION_GROUP (self), "set-scenario",
                                  g_variant_new_string (ds_landscape_scenario (self->landscape, i)->id));
}

/* Edits ------------------------------------------------------------------- */

static void
update_undo_actions (DsWindow *self)
{
  gboolean log = self->edit_log != NULL;
  g_autoptr(DsEdit) next = log ? ds_edit_log_peek_undo (self->edit_log) : NULL;

  gboolean saving = self->save_cancellable != NULL;

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "undo")),
                               log && !saving && ds_edit_log_can_undo (self->edit_log));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "redo")),
                               log && !saving && ds_edit_log_can_redo (self->edit_log));
  /* The button says what it would undo. */
  if (next != NULL)
    {
      g_autofree char *what = ds_edit_describe (next);
      g_autofree char *tip = g_strdup_printf (_("Undo: %s (Ctrl+Z)"), what);
      gtk_widget_set_tooltip_text (self->undo_button, tip);
    }
  else
    gtk_widget_set_tooltip_text (self->undo_button, _("Undo (Ctrl+Z)"));
}

/* The edit log speaks its own error domain; the window's callers (the
 * inspector, tests) get the window's codes with the same message. */
static void
propagate_as_window_error (GError **error,
                           GError  *local)
{
  int code = g_error_matches (local, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND) ||
             g_error_matches (local, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_NOT_FOUND)
             ? DS_WINDOW_ERROR_NOT_FOUND : DS_WINDOW_ERROR_INVALID;

  g_set_error_literal (error, DS_WINDOW_ERROR, code, local->message);
  g_error_free (local);
}

static char *
variant_to_text (GVariant *value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (value, NULL);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    return ds_is_set (g_variant_get_double (value))
           ? g_strdup (g_ascii_dtostr (buf, sizeof buf, g_variant_get_double (value))) : NULL;
  return NULL;
}

/* The timeline has a mark per deal date: a changed date (of a deal, or a
 * scenario's "deal.X.date") moves one. The scrubber stays where it was. */
static void
after_edit (DsWindow   *self,
            const char *field)
{
  if (field != NULL && (g_str_equal (field, "date") || g_str_has_suffix (field, ".date")))
    {
      DsDate date = ds_timeline_get_date (self->timeline);
      ds_timeline_set_landscape (self->timeline, self->landscape);
      if (date != DS_DATE_NONE)
        ds_timeline_set_date (self->timeline, date);
    }
  update_undo_actions (self);
  rebuild_frame (self);
  ds_inspector_refresh (self->inspector);
}

/* The scenario of the current chain that holds hypothetical deal `deal_id`
 * (the current one or a base it builds on), or DS_NONE. */
static DsIndex
hypothetical_owner (DsWindow   *self,
                    const char *deal_id)
{
  for (DsIndex s = self->scenario; s != DS_NONE; s = ds_landscape_scenario (self->landscape, s)->base)
    {
      GArray *deals = ds_landscape_scenario (self->landscape, s)->deals;
      for (guint i = 0; i < deals->len; i++)
        if (g_strcmp0 (g_array_index (deals, DsDeal, i).id, deal_id) == 0)
          return s;
    }
  return DS_NONE;
}

/* A hypothetical deal of the current scenario is changed in place; one that
 * a base scenario holds gets an override in the current one, as landscape
 * deals do, so that the base stays as it is. So does a field the current
 * scenario already overrides (the override would hide the change). */
static gboolean
apply_hypothetical_edit (DsWindow    *self,
                         DsIndex      owner,
                         const char  *deal_id,
                         const char  *field,
                         const char  *text,
                         GError     **error)
{
  const DsScenario *sc = ds_landscape_scenario (self->landscape, self->scenario);
  g_autofree char *key = g_strdup_printf ("deal.%s.%s", deal_id, field);
  const DsScenarioView *view = self->replay != NULL ? ds_replay_get_view (self->replay) : NULL;
  DsIndex index = view != NULL ? ds_scenario_view_find_deal (view, deal_id) : DS_NONE;
  DsDeal trial;

  if (owner == self->scenario && ds_scenario_find_setting (sc, key) == NULL)
    return ds_edit_log_set_scenario_deal (edit_log_for_write (self), sc->id, deal_id, field, text, error);
  if (index == DS_NONE)
    {
      g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND,
                   _("Scenario “%s” could not be resolved; fix its settings first"), sc->name);
      return FALSE;
    }
  trial = *ds_scenario_view_deal (view, index);
  return ds_deal_field_set (&trial, field, text, error) &&
         ds_edit_log_set_setting (edit_log_for_write (self), sc->id, key, text, error);
}

gboolean
ds_window_apply_deal_edit (DsWindow    *self,
                           const char  *deal_id,
                           const char  *field,
                           GVariant    *value,
                           GError     **error)
{
  g_autoptr(GVariant) owned = NULL;
  g_autofree char *text = NULL;
  GError *local = NULL;
  DsIndex index;
  gboolean ok;

  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (deal_id != NULL && field != NULL && value != NULL, FALSE);

  owned = g_variant_ref_sink (value);
  if (!g_variant_is_of_type (owned, G_VARIANT_TYPE_STRING) && !g_variant_is_of_type (owned, G_VARIANT_TYPE_DOUBLE))
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                   _("Deal field %s takes a number or text, not “%s”"), field, g_variant_get_type_string (owned));
      return FALSE;
    }
  if (self->edit_log == NULL)
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                   _("This document cannot be edited (it was opened read-only)"));
      return FALSE;
    }
  text = variant_to_text (owned);
  index = ds_landscape_find_deal (self->landscape, deal_id);
  if (index == DS_NONE)
    {
      DsIndex owner = hypothetical_owner (self, deal_id);
      if (owner == DS_NONE)
        {
          g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_NOT_FOUND,
                       _("There is no deal “%s” in this document or in the current scenario"), deal_id);
          return FALSE;
        }
      ok = apply_hypothetical_edit (self, owner, deal_id, field, text, &local);
    }
  else if (scenario_is_base (self, self->scenario))
    ok = ds_edit_log_set_deal (edit_log_for_write (self), deal_id, field, text, &local);
  else
    {
      /* The field's own checks first (names, signs), on a copy of the deal
       * as the scenario sees it (post-money against its pre-money). */
      DsDeal trial = *view_deal (self, index);
      g_autofree char *key = g_strdup_printf ("deal.%s.%s", deal_id, field);

      ok = ds_deal_field_set (&trial, field, text, &local) &&
           ds_edit_log_set_setting (edit_log_for_write (self), ds_landscape_scenario (self->landscape, self->scenario)->id,
                                    key, text, &local);
    }
  if (!ok)
    {
      propagate_as_window_error (error, local);
      return FALSE;
    }
  after_edit (self, field);
  return TRUE;
}

static gboolean
inspector_apply (gpointer     user_data,
                 const char  *deal_id,
                 const char  *field,
                 GVariant    *value,
                 GError     **error)
{
  DsWindow *self = user_data;

  if (!ds_window_apply_deal_edit (self, deal_id, field, value, error))
    return FALSE;
  toast (self, self->scenario != DS_NONE && !scenario_is_base (self, self->scenario)
               ? _("Saved in the scenario") : _("Saved"));
  return TRUE;
}

static void adopt_landscape   (DsWindow *self, const char *scenario_id);
static void scenarios_changed (DsWindow *self, const char *select_id);

/* Toasts queue: the offer to undo a deletion goes once anything is undone,
 * so that what undo did is shown at once. */
static void
dismiss_undo_toast (DsWindow *self)
{
  if (self->undo_toast == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (self->undo_toast), (gpointer *) &self->undo_toast);
  adw_toast_dismiss (self->undo_toast);
  self->undo_toast = NULL;
}

/* A deletion's toast, with the undo button until anything else is undone. */
static void
offer_undo (DsWindow   *self,
            const char *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_action_name (t, "win.undo");
  dismiss_undo_toast (self);
  self->undo_toast = t;
  g_object_add_weak_pointer (G_OBJECT (t), (gpointer *) &self->undo_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* The scenario to show after an undo or redo of a scenario operation: the
 * one it brought back or renamed, or, when it removed the one shown, the
 * scenario that one built on. */
static char *
scenario_after (DsWindow     *self,
                const DsEdit *edit,
                gboolean      undo)
{
  gboolean removed = g_strcmp0 (edit->field, DS_EDIT_SCENARIO_DELETE) == 0 ? !undo
                     : g_strcmp0 (edit->field, DS_EDIT_SCENARIO_RENAME) != 0 && undo;
  const char *current = ds_window_get_scenario_id (self);
  DsIndex gone;

  if (!removed)
    return g_strdup (edit->scenario);
  if (g_strcmp0 (current, edit->scenario) != 0)
    return g_strdup (current);
  /* Still in the old landscape, which the window holds until it adopts the new one. */
  gone = ds_landscape_find_scenario (self->landscape, edit->scenario);
  if (gone != DS_NONE && ds_landscape_scenario (self->landscape, gone)->base != DS_NONE)
    return g_strdup (ds_landscape_scenario (self->landscape, ds_landscape_scenario (self->landscape, gone)->base)->id);
  return NULL;
}

static gboolean
undo_or_redo (DsWindow *self,
              gboolean  undo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsEdit) edit = NULL;
  DsEditLog *log;

  if (self->edit_log == NULL)
    return FALSE;
  dismiss_undo_toast (self);
  log = edit_log_for_write (self);
  edit = undo ? ds_edit_log_undo (log, &error) : ds_edit_log_redo (log, &error);
  if (edit == NULL)
    {
      if (!g_error_matches (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOTHING))
        toast (self, error->message);
      /* A scenario operation that failed after its commit (the reload) left
       * the log with a landscape the window must not miss. */
      if (ds_edit_log_get_landscape (self->edit_log) != self->landscape)
        adopt_landscape (self, ds_window_get_scenario_id (self));
      update_undo_actions (self);
      return FALSE;
    }
  if (edit->target == DS_EDIT_TARGET_IMPORT)
    {
      /* Another landscape, other entities: shown as a document opened anew
       * (positions by entity id, new nodes laid out), with a new log. */
      g_autoptr(DsLandscape) landscape = ds_landscape_ref (ds_edit_log_get_landscape (self->edit_log));
      g_autofree char *what = ds_edit_describe (edit);
      g_autofree char *message = g_strdup_printf (undo ? _("Undid: %s") : _("Redid: %s"), what);

      ds_window_set_document (self, self->store, landscape);
      toast (self, message);
      return TRUE;
    }
  if (edit->target == DS_EDIT_TARGET_SCENARIO)
    {
      g_autofree char *what = ds_edit_describe (edit);
      g_autofree char *message = g_strdup_printf (undo ? _("Undid: %s") : _("Redid: %s"), what);
      g_autofree char *show = scenario_after (self, edit, undo);

      adopt_landscape (self, show);
      ds_inspector_refresh (self->inspector);
      toast (self, message);
      return TRUE;
    }
  /* An edit of another scenario: show where the change happened. */
  if (edit->scenario != NULL && g_strcmp0 (edit->scenario, ds_window_get_scenario_id (self)) != 0)
    {
      g_autofree char *message = g_strdup_printf (undo ? _("Undone in scenario “%s”") : _("Redone in scenario “%s”"),
                                                  edit->scenario);
      toast (self, message);
    }
  /* An added or deleted deal (or its undo) brings or takes a date mark. */
  after_edit (self, edit->target == DS_EDIT_TARGET_SCENARIO_DEAL &&
                    (g_strcmp0 (edit->field, DS_EDIT_SCENARIO_DEAL_ADD) == 0 ||
                     g_strcmp0 (edit->field, DS_EDIT_SCENARIO_DEAL_DELETE) == 0) ? "date"
                    : edit->field != NULL ? edit->field : edit->target_id);
  return TRUE;
}

gboolean
ds_window_undo (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return undo_or_redo (self, TRUE);
}

gboolean
ds_window_redo (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return undo_or_redo (self, FALSE);
}

/* Scenario management ------------------------------------------------------ */

static void
fill_compare_menu (DsWindow *self)
{
  g_menu_remove_all (self->compare_menu);
  g_menu_append (self->compare_menu, _("Nothing"), "win.compare-scenario::");
  for (guint i = 0; i < self->landscape->scenarios->len; i++)
    {
      const DsScenario *sc = ds_landscape_scenario (self->landscape, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (sc->name, NULL);
      g_menu_item_set_action_and_target_value (item, "win.compare-scenario", g_variant_new_string (sc->id));
      g_menu_append_item (self->compare_menu, item);
    }
}

/* After the edit log added or removed a scenario it holds a reloaded
 * landscape: the views take it over. Entities are the same, so the graph
 * keeps its positions and the timeline its date; the scenario shown becomes
 * `scenario_id` (or the first one when it is gone). */
static void
adopt_landscape (DsWindow   *self,
                 const char *scenario_id)
{
  DsLandscape *landscape = self->edit_log != NULL ? ds_edit_log_get_landscape (self->edit_log) : self->landscape;
  g_autofree char *compare_id = NULL;
  g_autofree char *fallback = NULL;

  if (landscape != self->landscape)
    {
      const double *x, *y;
      const guint8 *pinned;
      g_autofree double *xs = NULL, *ys = NULL;
      g_autofree guint8 *ps = NULL;
      gsize n = (gsize) ds_landscape_n_entities (self->landscape);
      DsDate date = ds_timeline_get_date (self->timeline);
      DsIndex entity = self->selected_entity;

      if (self->compare != DS_NONE)
        compare_id = g_strdup (ds_landscape_scenario (self->landscape, self->compare)->id);
      /* Copies: the view reallocates its arrays before reading these. */
      ds_graph_view_get_positions (self->graph_view, &x, &y, &pinned);
      xs = g_memdup2 (x, MAX (n, 1) * sizeof (double));
      ys = g_memdup2 (y, MAX (n, 1) * sizeof (double));
      ps = g_memdup2 (pinned, MAX (n, 1));

      /* Nothing may keep the old view: its deals point into the old landscape. */
      ds_inspector_set_landscape (self->inspector, landscape);
      ds_table_view_set_view (self->table_view, NULL);
      drop_cycles (self);
      g_clear_pointer (&self->replay, ds_replay_free);
      g_clear_pointer (&self->landscape, ds_landscape_unref);
      self->landscape = ds_landscape_ref (landscape);
      ds_graph_view_set_landscape (self->graph_view, landscape, xs, ys, ps);
      g_clear_pointer (&self->diff, ds_scenario_diff_free);
      if (self->comparing)
        ds_compare_panel_set_landscape (self->compare_panel, landscape,
                                        MIN (ds_compare_panel_get_a (self->compare_panel), (DsIndex) landscape->scenarios->len - 1),
                                        MIN (ds_compare_panel_get_b (self->compare_panel), (DsIndex) landscape->scenarios->len - 1));
      ds_timeline_set_landscape (self->timeline, landscape);
      if (date != DS_DATE_NONE)
        ds_timeline_set_date (self->timeline, date);
      ds_table_view_set_landscape (self->table_view, landscape);
      self->scenario = DS_NONE;
      self->compare = compare_id != NULL ? ds_landscape_find_scenario (landscape, compare_id) : DS_NONE;
      g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "compare-scenario")),
                                 g_variant_new_string (self->compare != DS_NONE ? compare_id : ""));
      self->selected_deal = DS_NONE;
      if (entity != DS_NONE)
        select_entity (self, entity);
    }
  if (scenario_id == NULL || ds_landscape_find_scenario (self->landscape, scenario_id) == DS_NONE)
    scenario_id = fallback = self->landscape->scenarios->len > 0
                             ? g_strdup (ds_landscape_scenario (self->landscape, 0)->id) : NULL;
  scenarios_changed (self, scenario_id);
  update_undo_actions (self);
}

static void
scenarios_changed (DsWindow   *self,
                   const char *select_id)
{
  fill_scenarios (self);
  fill_compare_menu (self);
  set_scenario (self, select_id);
}

static gboolean
require_log (DsWindow  *self,
             GError   **error)
{
  if (self->edit_log != NULL)
    return TRUE;
  g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
               _("This document cannot be edited (it was opened read-only)"));
  return FALSE;
}

/* A new scenario builds on the current one (or the landscape), so that it
 * starts from what the user is looking at; with copy_of it is a duplicate. */
static gboolean
create_scenario (DsWindow    *self,
                 const char  *name,
                 const char  *base_id,
                 const char  *description,
                 const char  *copy_of,
                 GError     **error)
{
  g_autofree char *id = NULL;
  GError *local = NULL;

  if (!require_log (self, error))
    return FALSE;
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID, _("A scenario needs a name"));
      return FALSE;
    }
  id = ds_edit_log_create_scenario (edit_log_for_write (self), name, base_id, description, copy_of, &local);
  if (id == NULL)
    {
      propagate_as_window_error (error, local);
      /* A failed create reloads the log's landscape. */
      adopt_landscape (self, ds_window_get_scenario_id (self));
      return FALSE;
    }
  adopt_landscape (self, id);
  return TRUE;
}

gboolean
ds_window_new_scenario (DsWindow    *self,
                        const char  *name,
                        GError     **error)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return create_scenario (self, name, ds_window_get_scenario_id (self),
                          _("Made in Dealscape; write its reasoning here."), NULL, error);
}

gboolean
ds_window_duplicate_scenario (DsWindow    *self,
                              const char  *name,
                              GError     **error)
{
  const DsScenario *from;

  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  if (self->scenario == DS_NONE || scenario_is_base (self, self->scenario))
    return ds_window_new_scenario (self, name, error);

  /* A sibling of the current one, with a copy of its settings and deals. */
  from = ds_landscape_scenario (self->landscape, self->scenario);
  return create_scenario (self, name, ds_landscape_scenario (self->landscape, from->base)->id,
                          from->description, from->id, error);
}

gboolean
ds_window_rename_scenario (DsWindow    *self,
                           const char  *name,
                           GError     **error)
{
  g_autofree char *copy = g_strdup (name);
  g_autofree char *id = NULL;
  GError *local = NULL;

  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  if (self->scenario == DS_NONE)
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_NOT_FOUND, _("There is no scenario to rename"));
      return FALSE;
    }
  if (copy == NULL || *g_strstrip (copy) == '\0')
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID, _("A scenario needs a name"));
      return FALSE;
    }
  if (!require_log (self, error))
    return FALSE;
  /* The id stays: settings, bases and the edit log refer to it. */
  id = g_strdup (ds_window_get_scenario_id (self));
  if (!ds_edit_log_rename_scenario (edit_log_for_write (self), id, copy, &local))
    {
      propagate_as_window_error (error, local);
      return FALSE;
    }
  adopt_landscape (self, id);
  return TRUE;
}

gboolean
ds_window_delete_scenario (DsWindow  *self,
                           GError   **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *base_id = NULL;
  g_autofree char *message = NULL;
  const DsScenario *sc;
  GError *local = NULL;

  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  if (self->scenario == DS_NONE)
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_NOT_FOUND, _("There is no scenario to delete"));
      return FALSE;
    }
  if (!require_log (self, error))
    return FALSE;
  sc = ds_landscape_scenario (self->landscape, self->scenario);
  id = g_strdup (sc->id);
  name = g_strdup (sc->name);
  base_id = sc->base != DS_NONE ? g_strdup (ds_landscape_scenario (self->landscape, sc->base)->id) : NULL;
  /* Its rows go into the edit log, and its earlier edits stay there:
   * undo brings it back whole, and then they apply again. */
  if (!ds_edit_log_delete_scenario (edit_log_for_write (self), id, &local))
    {
      propagate_as_window_error (error, local);
      adopt_landscape (self, id);
      return FALSE;
    }
  adopt_landscape (self, base_id);
  message = g_strdup_printf (_("Scenario “%s” deleted"), name);
  offer_undo (self, message);
  return TRUE;
}

/* Hypothetical deals ------------------------------------------------------- */

/* Hypothetical deals cite the document's modelling source when it has one,
 * as the bundled scenarios' deals do. */
#define ASSUMPTION_SOURCE "dealscape-assumptions"

static gboolean
require_hypothetical_scenario (DsWindow  *self,
                               GError   **error)
{
  if (!require_log (self, error))
    return FALSE;
  if (self->scenario == DS_NONE || scenario_is_base (self, self->scenario))
    {
      const char *name = self->scenario != DS_NONE ? ds_landscape_scenario (self->landscape, self->scenario)->name
                                                   : _("Base");
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                   _("Hypothetical deals live in a scenario, and “%s” is the landscape as recorded; "
                     "duplicate it (Scenario menu, Duplicate…) and add the deal there"), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
ds_window_add_hypothetical_deal (DsWindow     *self,
                                 const DsDeal *deal,
                                 char        **out_id,
                                 GError      **error)
{
  const DsScenario *sc;
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;
  GError *local = NULL;
  DsDeal d;

  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (deal != NULL, FALSE);

  if (!require_hypothetical_scenario (self, error))
    return FALSE;
  d = *deal;
  if (d.source == DS_NONE && (d.source = ds_landscape_find_source (self->landscape, ASSUMPTION_SOURCE)) == DS_NONE)
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_NOT_FOUND,
                   _("This document has no source “%s” for hypothetical deals to cite; "
                     "import the bundled dataset's sources first"), ASSUMPTION_SOURCE);
      return FALSE;
    }
  id = d.id != NULL ? g_strdup (d.id) : ds_scenario_new_deal_id (self->landscape, &d);
  d.id = ds_landscape_intern (self->landscape, id);
  sc = ds_landscape_scenario (self->landscape, self->scenario);
  if (!ds_edit_log_add_scenario_deal (edit_log_for_write (self), sc->id, &d, &local))
    {
      propagate_as_window_error (error, local);
      return FALSE;
    }
  message = g_strdup_printf (_("Hypothetical deal added to “%s”"), sc->name);
  after_edit (self, "date");
  select_deal_id (self, id);
  toast (self, message);
  if (out_id != NULL)
    *out_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
ds_window_delete_hypothetical_deal (DsWindow    *self,
                                    const char  *deal_id,
                                    GError     **error)
{
  const DsScenario *sc;
  const DsDeal *d = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  GError *local = NULL;
  DsIndex owner, target;

  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (deal_id != NULL, FALSE);

  if (!require_hypothetical_scenario (self, error))
    return FALSE;
  sc = ds_landscape_scenario (self->landscape, self->scenario);
  owner = hypothetical_owner (self, deal_id);
  if (owner != self->scenario)
    {
      if (owner != DS_NONE)
        g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                     _("Deal “%s” belongs to the scenario “%s”, which “%s” builds on; switch to “%s” to delete it"),
                     deal_id, ds_landscape_scenario (self->landscape, owner)->name, sc->name,
                     ds_landscape_scenario (self->landscape, owner)->name);
      else
        g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_NOT_FOUND,
                     _("“%s” is not a hypothetical deal of the scenario “%s”; only those can be deleted"),
                     deal_id, sc->name);
      return FALSE;
    }
  for (guint i = 0; i < sc->deals->len; i++)
    if (g_strcmp0 (g_array_index (sc->deals, DsDeal, i).id, deal_id) == 0)
      d = &g_array_index (sc->deals, DsDeal, i);
  /* Taken before the deal goes: the selection falls back to its target. */
  target = d->target;
  title = g_strdup_printf ("%s → %s", ds_landscape_entity (self->landscape, d->investor)->name,
                           ds_landscape_entity (self->landscape, d->target)->name);
  if (!ds_edit_log_delete_scenario_deal (edit_log_for_write (self), sc->id, deal_id, &local))
    {
      propagate_as_window_error (error, local);
      return FALSE;
    }
  after_edit (self, "date");
  select_entity (self, target);
  message = g_strdup_printf (_("Deal “%s” deleted"), title);
  offer_undo (self, message);
  return TRUE;
}

static void
delete_hypothetical_deal_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  g_autoptr(GError) error = NULL;

  if (self->landscape != NULL &&
      !ds_window_delete_hypothetical_deal (self, g_variant_get_string (param, NULL), &error))
    toast (self, error->message);
}

/* The add dialog's fields; the dialog owns it. */
typedef struct {
  DsWindow  *window;
  GtkWidget *dialog;
  GtkWidget *investor, *target, *instrument, *status;  /* AdwComboRow */
  GtkWidget *date, *amount, *cap, *pre, *post;         /* AdwEntryRow */
  GtkWidget *message;
  GArray    *entities;                                 /* DsIndex per combo position, by name */
} AddDealForm;

static void
add_deal_form_free (AddDealForm *form)
{
  g_array_unref (form->entities);
  g_free (form);
}

static int
compare_entity_names (gconstpointer a,
                      gconstpointer b,
                      gpointer      landscape)
{
  DsLandscape *ls = landscape;

  return g_utf8_collate (ds_landscape_entity (ls, *(const DsIndex *) a)->name,
                         ds_landscape_entity (ls, *(const DsIndex *) b)->name);
}

static DsIndex
form_entity (AddDealForm *form,
             GtkWidget   *combo)
{
  guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (combo));
  return i < form->entities->len ? g_array_index (form->entities, DsIndex, i) : DS_NONE;
}

/* One amount row: empty is "not known". Marks the row, keeps the first error. */
static void
check_usd_row (GtkWidget  *row,
               double     *out,
               GError    **first)
{
  g_autoptr(GError) error = NULL;

  if (ds_inspector_parse_usd (gtk_editable_get_text (GTK_EDITABLE (row)), out, &error))
    {
      gtk_widget_remove_css_class (row, "error");
      return;
    }
  gtk_widget_add_css_class (row, "error");
  if (*first == NULL)
    *first = g_steal_pointer (&error);
}

/* Reads the form into `d` with the inspector's parsers, marking each row
 * that does not parse. FALSE with the first problem. */
static gboolean
read_add_form (AddDealForm  *form,
               DsDeal       *d,
               GError      **error)
{
  g_autofree char *date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->date))));
  GError *first = NULL;
  GError *date_error = NULL;

  *d = (DsDeal) {
    .investor = form_entity (form, form->investor), .target = form_entity (form, form->target),
    .date = DS_DATE_NONE, .close_date = DS_DATE_NONE,
    .instrument = adw_combo_row_get_selected (ADW_COMBO_ROW (form->instrument)),
    .status = adw_combo_row_get_selected (ADW_COMBO_ROW (form->status)),
    .discount = DS_UNSET, .interest_rate = DS_UNSET, .tranche_of = DS_NONE, .source = DS_NONE,
    .term_years = DS_UNSET, .power_gw = DS_UNSET, .chip_count = DS_UNSET, .chip = DS_NONE,
    .confidence = DS_CONFIDENCE_ASSUMPTION,
  };
  if (ds_date_parse (date, &d->date, &date_error))
    gtk_widget_remove_css_class (form->date, "error");
  else
    {
      gtk_widget_add_css_class (form->date, "error");
      first = date_error;
    }
  check_usd_row (form->amount, &d->amount_usd, &first);
  check_usd_row (form->cap, &d->cap_usd, &first);
  check_usd_row (form->pre, &d->pre_money_usd, &first);
  check_usd_row (form->post, &d->post_money_usd, &first);
  if (first == NULL && d->investor == d->target)
    {
      gtk_widget_add_css_class (form->target, "error");
      g_set_error (&first, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                   _("The investor and the target must be different entities"));
    }
  else
    gtk_widget_remove_css_class (form->target, "error");
  if (first == NULL && ds_is_set (d->pre_money_usd) && ds_is_set (d->post_money_usd) &&
      d->post_money_usd < d->pre_money_usd)
    {
      gtk_widget_add_css_class (form->post, "error");
      g_set_error (&first, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                   _("The post-money valuation cannot be below the pre-money valuation"));
    }
  if (first != NULL)
    {
      g_propagate_error (error, first);
      return FALSE;
    }
  return TRUE;
}

/* Inline validation: the Add button waits until every field reads. */
static void
on_add_form_changed (AddDealForm *form)
{
  g_autoptr(GError) error = NULL;
  DsDeal d;
  gboolean ok = read_add_form (form, &d, &error);

  gtk_label_set_text (GTK_LABEL (form->message), ok ? "" : error->message);
  gtk_widget_set_visible (form->message, !ok);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (form->dialog), "add", ok);
}

static void
on_add_deal_response (AdwMessageDialog *dialog,
                      const char       *response,
                      AddDealForm      *form)
{
  g_autoptr(GError) error = NULL;
  DsDeal d;

  if (!g_str_equal (response, "add"))
    return;
  if (!read_add_form (form, &d, &error) ||
      !ds_window_add_hypothetical_deal (form->window, &d, NULL, &error))
    toast (form->window, error->message);
}

static GtkWidget *
add_form_combo (GtkWidget  *list,
                const char *name,
                const char *title,
                GListModel *model,
                guint       selected)
{
  GtkWidget *row = adw_combo_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), model);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static GtkWidget *
add_form_entry (GtkWidget  *list,
                const char *name,
                const char *title,
                const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

/* Position in `sorted` (entity indices) of the first entity of `kind`
 * other than the one at `except`; G_MAXUINT when there is none. */
static guint
first_entity_of_kind (DsLandscape  *landscape,
                      GArray       *sorted,
                      DsEntityKind  kind,
                      guint         except)
{
  for (guint i = 0; i < sorted->len; i++)
    if (i != except && ds_landscape_entity (landscape, g_array_index (sorted, DsIndex, i))->kind == kind)
      return i;
  return G_MAXUINT;
}

/* `prefill`: "target:<entity id>", "investor:<entity id>" or "". */
static void
present_add_deal_dialog (DsWindow   *self,
                         const char *prefill)
{
  AddDealForm *form = g_new0 (AddDealForm, 1);
  const DsScenario *sc = ds_landscape_scenario (self->landscape, self->scenario);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) instruments = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autofree char *body = g_strdup_printf (_("The deal will exist only in scenario “%s”, where it can be "
                                             "edited and undone like any other change."), sc->name);
  DsDate today = ds_timeline_get_date (self->timeline);
  char date_text[11] = "";
  const char *colon = strchr (prefill, ':');
  DsIndex prefilled = colon != NULL ? ds_landscape_find_entity (self->landscape, colon + 1) : DS_NONE;
  gboolean as_investor = g_str_has_prefix (prefill, "investor:");
  guint investor_pos = G_MAXUINT, target_pos = G_MAXUINT;
  GtkWidget *box, *list;

  form->window = self;
  form->entities = g_array_new (FALSE, FALSE, sizeof (DsIndex));
  for (DsIndex i = 0; i < ds_landscape_n_entities (self->landscape); i++)
    g_array_append_val (form->entities, i);
  g_array_sort_with_data (form->entities, compare_entity_names, self->landscape);
  for (guint i = 0; i < form->entities->len; i++)
    {
      DsIndex e = g_array_index (form->entities, DsIndex, i);
      gtk_string_list_append (names, ds_landscape_entity (self->landscape, e)->name);
      if (e == prefilled)
        {
          if (as_investor)
            investor_pos = i;
          else
            target_pos = i;
        }
    }
  /* The other side defaults to a plausible party, never a chip or a model:
   * the first investor (else company) as the investor, the first company
   * as the target. */
  if (investor_pos == G_MAXUINT)
    investor_pos = first_entity_of_kind (self->landscape, form->entities, DS_ENTITY_INVESTOR, target_pos);
  if (investor_pos == G_MAXUINT)
    investor_pos = first_entity_of_kind (self->landscape, form->entities, DS_ENTITY_COMPANY, target_pos);
  if (target_pos == G_MAXUINT)
    target_pos = first_entity_of_kind (self->landscape, form->entities, DS_ENTITY_COMPANY, investor_pos);
  if (investor_pos == G_MAXUINT)
    investor_pos = target_pos == 0 ? 1 : 0;
  if (target_pos == G_MAXUINT)
    target_pos = investor_pos == 0 ? 1 : 0;
  for (int i = 0; i < DS_INSTRUMENT_N_KINDS; i++)
    gtk_string_list_append (instruments, ds_instrument_to_string (i));
  for (int i = 0; i < DS_STATUS_N_KINDS; i++)
    gtk_string_list_append (statuses, ds_deal_status_to_string (i));
  /* A month at the scrubber's date: a deal "now" in the replay. */
  if (today == DS_DATE_NONE)
    today = ds_date_today ();
  g_snprintf (date_text, sizeof date_text, "%04d-%02d", DS_DATE_YEAR (today), MAX (DS_DATE_MONTH (today), 1));

  form->dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Add Hypothetical Deal"), body);
  gtk_widget_set_name (form->dialog, "add-hypothetical-deal");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  form->investor = add_form_combo (list, "investor", _("Investor"), G_LIST_MODEL (names), investor_pos);
  form->target = add_form_combo (list, "target", _("Target"), G_LIST_MODEL (names), target_pos);
  form->date = add_form_entry (list, "date", _("Date (YYYY-MM-DD, YYYY-MM or YYYY)"), date_text);
  form->amount = add_form_entry (list, "amount", _("Amount (such as $2B; empty if undisclosed)"), NULL);
  form->instrument = add_form_combo (list, "instrument", _("Instrument"), G_LIST_MODEL (instruments),
                                     DS_INSTRUMENT_EQUITY);
  form->status = add_form_combo (list, "status", _("Status"), G_LIST_MODEL (statuses), DS_STATUS_ANNOUNCED);
  form->cap = add_form_entry (list, "cap", _("Valuation cap (optional)"), NULL);
  form->pre = add_form_entry (list, "pre-money", _("Pre-money valuation (optional)"), NULL);
  form->post = add_form_entry (list, "post-money", _("Post-money valuation (optional)"), NULL);
  gtk_box_append (GTK_BOX (box), list);
  form->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (form->message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (form->message), 0);
  gtk_widget_add_css_class (form->message, "error");
  gtk_widget_set_name (form->message, "message");
  gtk_widget_set_visible (form->message, FALSE);
  gtk_box_append (GTK_BOX (box), form->message);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (form->dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (form->dialog), "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (form->dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (form->dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (form->dialog), "cancel");
  g_object_set_data_full (G_OBJECT (form->dialog), "ds-form", form, (GDestroyNotify) add_deal_form_free);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (ADW_IS_ENTRY_ROW (row))
        g_signal_connect_swapped (row, "changed", G_CALLBACK (on_add_form_changed), form);
      else
        g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_add_form_changed), form);
    }
  g_signal_connect (form->dialog, "response", G_CALLBACK (on_add_deal_response), form);
  on_add_form_changed (form);
  gtk_window_present (GTK_WINDOW (form->dialog));
  gtk_widget_grab_focus (form->amount);
}

static void
on_add_refused_response (AdwMessageDialog *dialog,
                         const char       *response,
                         DsWindow         *self)
{
  if (g_str_equal (response, "duplicate"))
    g_action_group_activate_action (G_ACTION_GROUP (self), "duplicate-scenario-dialog", NULL);
}

static void
add_hypothetical_deal_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  g_autoptr(GError) error = NULL;

  if (self->landscape == NULL)
    return;
  if (!require_hypothetical_scenario (self, &error))
    {
      GtkWidget *dialog;

      if (self->edit_log == NULL)
        {
          toast (self, error->message);
          return;
        }
      /* Not a toast: the way out (a duplicate) is one click from here. */
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Hypothetical Deals Live in a Scenario"), error->message);
      gtk_widget_set_name (dialog, "add-hypothetical-deal-refused");
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"),
                                        "duplicate", _("_Duplicate…"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "duplicate", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "duplicate");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_add_refused_response), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  present_add_deal_dialog (self, g_variant_get_string (param, NULL));
}

static void
scenario_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  const char *name = g_action_get_name (G_ACTION (action));
  const char *text = param != NULL ? g_variant_get_string (param, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_str_equal (name, "new-scenario"))
    ok = ds_window_new_scenario (self, text, &error);
  else if (g_str_equal (name, "duplicate-scenario"))
    ok = ds_window_duplicate_scenario (self, text, &error);
  else if (g_str_equal (name, "rename-scenario"))
    ok = ds_window_rename_scenario (self, text, &error);
  else
    ok = ds_window_delete_scenario (self, &error);
  if (!ok)
    toast (self, error->message);
}

static void
name_dialog_response (AdwMessageDialog *dialog,
                      const char       *response,
                      DsWindow         *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "ds-entry");
  const char *action = g_object_get_data (G_OBJECT (dialog), "ds-action");

  if (g_str_equal (response, "ok"))
    g_action_group_activate_action (G_ACTION_GROUP (self), action,
                                    g_variant_new_string (gtk_editable_get_text (entry)));
}

static void
name_entry_activate (GtkEntry         *entry,
                     AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "ok");
  gtk_window_close (GTK_WINDOW (dialog));
}

/* A small dialog with a name entry that activates win.<action>(name). */
static void
ask_name (DsWindow   *self,
          const char *heading,
          const char *body,
          const char *initial,
          const char *ok_label,
          const char *action)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), initial ? initial : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scenario name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "ok", ok_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "ds-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "ds-action", g_strdup (action), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (name_dialog_response), self);
  g_signal_connect (entry, "activate", G_CALLBACK (name_entry_activate), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
scenario_dialog_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  const char *name = g_action_get_name (G_ACTION (action));
  const char *current = self->scenario != DS_NONE ? ds_landscape_scenario (self->landscape, self->scenario)->name : "";
  g_autofree char *copy_name = g_strdup_printf (_("%s (copy)"), current);

  if (g_str_equal (name, "new-scenario-dialog"))
    ask_name (self, _("New Scenario"),
              _("It starts from the scenario shown now; its edits stay apart from the recorded deals."),
              "", _("C_reate"), "new-scenario");
  else if (g_str_equal (name, "duplicate-scenario-dialog"))
    ask_name (self, _("Duplicate Scenario"), _("A copy of its settings and hypothetical deals."),
              copy_name, _("_Duplicate"), "duplicate-scenario");
  else
    ask_name (self, _("Rename Scenario"), NULL, current, _("_Rename"), "rename-scenario");
}

static void
compare_change_state (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  const char *id = g_variant_get_string (state, NULL);
  DsIndex compare = *id ? ds_landscape_find_scenario (self->landscape, id) : DS_NONE;

  if (*id && compare == DS_NONE)
    return;
  self->compare = compare;
  g_simple_action_set_state (action, state);
  ds_chart_view_set_compare (self->valuation_view, compare);
  ds_chart_view_set_compare (self->compute_view, compare);
}

/* Export ------------------------------------------------------------------- */

typedef struct {
  DsWindow   *self;
  const char *view;
  /* The circles list and caption, made before drawing; NULL: a plain graph. */
  const DsRenderOptions *circles;
} ExportData;

static void
draw_export (cairo_t    *cr,
             double      width,
             double      height,
             ExportData *data)
{
  GApplication *app = g_application_get_default ();
  const DsTheme *theme = ds_theme_get (app && DS_IS_APPLICATION (app)
                                       ? ds_application_get_theme_name (DS_APPLICATION (app)) : "light");

  ds_theme_set_source (cr, &theme->background);
  cairo_paint (cr);
  if (g_str_equal (data->view, "graph"))
    {
      DsGraphPage page = { 0 };
      page.scene = ds_graph_view_get_scene (data->self->graph_view);
      page.theme = theme;
      page.margin = 32;
      page.opts = data->circles;
      ds_render_graph_page (cr, width, height, &page);
    }
  else
    ds_chart_view_draw (g_str_equal (data->view, "compute") ? data->self->compute_view : data->self->valuation_view,
                        cr, width, height);
}

static void
open_file_activated (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri (g_variant_get_string (param, NULL), NULL, &error))
    toast (DS_WINDOW (user_data), error->message);
}

gboolean
ds_window_export (DsWindow    *self,
                  const char  *view,
                  const char  *path,
                  int          width,
                  int          height,
                  GError     **error)
{
  ExportData data = { self, view, NULL };
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list_title = NULL, *caption = NULL;
  DsRenderOptions ro;

  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);

  if (g_str_equal (view, "table"))
    {
      /* The table the Table view shows, as CSV: what a spreadsheet reads. */
      g_autoptr(GString) csv = g_string_new (NULL);

      if (!g_str_has_suffix (path, ".csv") && !g_str_has_suffix (path, ".CSV"))
        {
          g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_EXPORT,
                       _("The table exports as CSV: end the name “%s” with .csv"), path);
          return FALSE;
        }
      ds_table_view_write_csv (self->table_view, csv);
      /* g_file_set_contents writes a temporary file and renames it over. */
      if (!g_file_set_contents (path, csv->str, (gssize) csv->len, error))
        return FALSE;
      ds_window_show_exported (self, path);
      return TRUE;
    }
  if (!g_str_equal (view, "graph") && !g_str_equal (view, "valuation") && !g_str_equal (view, "compute"))
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_NOT_FOUND,
                   _("Cannot export the view “%s”: the views that export are graph, valuation, compute and table"),
                   view);
      return FALSE;
    }
  if (g_str_equal (view, "valuation") && !ds_chart_view_has_chart (self->valuation_view))
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_EXPORT,
                   _("There is no valuation chart to export yet; export the graph instead"));
      return FALSE;
    }
  if (g_str_equal (view, "compute") && !ds_chart_view_has_chart (self->compute_view))
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_EXPORT,
                   _("There is no compute chart to export: no data center has a build-out (power_gw or chips) "
                     "and a chip with its figures"));
      return FALSE;
    }
  if (width < 16 || height < 16 || width > 20000 || height > 20000)
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                   _("An export of %d × %d is out of range: use 16 to 20000 pixels a side"), width, height);
      return FALSE;
    }

  /* With Circles on, the graph exports as the CLI's circles view does: the
   * lit graph (the view's own scene) with the cycles listed on the page. */
  if (g_str_equal (view, "graph") && self->circles && self->cycles_closed != NULL)
    {
      const DsCycles *c = self->cycles_closed;
      DsDate date = ds_timeline_get_date (self->timeline);
      g_autofree char *when = ds_format_date_short (date);

      for (guint i = 0; i < c->n_cycles; i++)
        {
          g_autofree char *summary = ds_cycles_describe (c, i);
          g_ptr_array_add (lines, g_strdup_printf ("%u. %s", i + 1, summary));
        }
      if (c->n_cycles == 0)
        g_ptr_array_add (lines, g_strdup (_("No deals of the range come back round.")));
      list_title = c->n_cycles == 0 ? g_strdup (_("No cycles"))
                   : g_strdup_printf (ngettext ("%u cycle closed by %s", "%u cycles closed by %s", c->n_cycles),
                                      c->n_cycles, when);
      caption = self->scenario == DS_NONE ? g_strdup_printf (_("Circular flows of money, deals to %s"), when)
                : g_strdup_printf (_("Circular flows of money, deals to %s, scenario %s"), when,
                                   ds_landscape_scenario (self->landscape, self->scenario)->name);
      ds_render_options_init (&ro);
      ro.caption = caption;
      ro.list_title = list_title;
      ro.list_lines = (const char *const *) lines->pdata;
      ro.n_list_lines = lines->len;
      data.circles = &ro;
    }

  /* In compare mode the graph exports with its overlay, as the CLI's
   * export --diff does. */
  if (g_str_equal (view, "graph") && self->comparing && self->diff != NULL)
    {
      /* The overlay's legend names the two scenarios. */
      g_autofree char *when = ds_format_date_short (self->diff->date);
      caption = g_strdup_printf (_("AI investment landscape, %s"), when);
      ds_render_options_init (&ro);
      ro.caption = caption;
      ro.diff_overlay = ds_graph_view_get_diff_overlay (self->graph_view);
      data.circles = &ro;
    }

  {
    DsExportFormat format;
    if (!ds_export_format_from_path (path, &format))
      {
        g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_EXPORT,
                     _("Cannot tell the format of “%s”: end the name with .png, .pdf or .svg"), path);
        return FALSE;
      }
    if (!ds_export_draw (path, format, width, height, 1.0, (DsExportDrawFunc) draw_export, &data, error))
      return FALSE;
  }

  ds_window_show_exported (self, path);
  return TRUE;
}

void
ds_window_show_exported (DsWindow *self, const char *path)
{
  g_autofree char *basename = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *message = NULL;
  AdwToast *t;

  g_return_if_fail (DS_IS_WINDOW (self));
  basename = g_path_get_basename (path);
  file = g_file_new_for_path (path);
  uri = g_file_get_uri (file);
  message = g_strdup_printf (_("Exported “%s”"), basename);
  t = adw_toast_new (message);
  adw_toast_set_button_label (t, _("_Open"));
  adw_toast_set_action_name (t, "win.open-file");
  adw_toast_set_action_target_value (t, g_variant_new_string (uri));
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

void
ds_window_get_timeline_range (DsWindow *self, DsDate *first, DsDate *last)
{
  g_return_if_fail (DS_IS_WINDOW (self));
  ds_timeline_get_range (self->timeline, first, last);
}

/* Positions ---------------------------------------------------------------- */

/* A job that writes the document holds the application (NULL: the window
 * has none), so that quitting meanwhile does not end the process before
 * the write is in the file. */
static GApplication *
hold_application (DsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app == NULL)
    return NULL;
  g_application_hold (G_APPLICATION (app));
  return G_APPLICATION (g_object_ref (app));
}

static void
release_application (GApplication *held)
{
  if (held == NULL)
    return;
  g_application_release (held);
  g_object_unref (held);
}

/* Positions written on a worker, through a connection of its own, from
 * copies: at a million deals, the write's first row drops the document's
 * graph preview (58 MB), 0.3-0.7 s that the main thread spent after every
 * drag. The job holds the application, so that quitting meanwhile does not
 * end the process before the positions are in the file. */
typedef struct {
  char         *path;
  guint         n;
  char        **ids;
  double       *x, *y;
  guint8       *pinned;
  GApplication *held;
} PositionsJob;

static void
positions_job_free (PositionsJob *job)
{
  release_application (job->held);
  g_free (job->path);
  g_strfreev (job->ids);
  g_free (job->x);
  g_free (job->y);
  g_free (job->pinned);
  g_free (job);
}

static void
save_positions_thread (GTask        *task,
                       gpointer      source,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  PositionsJob *job = task_data;
  GError *error = NULL;
  g_autoptr(DsStore) store = ds_store_open (job->path, DS_STORE_OPEN_DEFAULT, &error);

  if (store == NULL ||
      !ds_store_save_positions_of (store, job->n, (const char *const *) job->ids, job->x, job->y, job->pinned,
                                   &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void save_positions (DsWindow *self, gboolean all);

static void
save_positions_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DsWindow *self = DS_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;   /* the window went; the positions are in the file all the same */
  g_clear_object (&self->positions_cancellable);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("The node positions were not saved: %s"), error->message);

      /* Nothing of it was written: the next save writes every position. */
      self->positions_pending_all = TRUE;
      toast (self, message);
      return;
    }
  if (self->positions_pending)
    save_positions (self, FALSE);
}

/* all: every position (a new layout); else the nodes the view says moved,
 * which after a drag of a big graph are a few thousand of 400,000. */
static void
save_positions (DsWindow *self,
                gboolean  all)
{
  const double *x, *y;
  const guint8 *pinned;
  const guint32 *moved;
  guint n_moved;
  g_autoptr(GTask) task = NULL;
  PositionsJob *job;

  /* One write at a time: an import's save holds the write lock for seconds. */
  if (self->save_cancellable != NULL || self->positions_cancellable != NULL)
    {
      self->positions_pending = TRUE;
      self->positions_pending_all |= all;
      return;
    }
  all |= self->positions_pending_all;
  self->positions_pending = self->positions_pending_all = FALSE;
  ds_graph_view_get_positions (self->graph_view, &x, &y, &pinned);
  moved = ds_graph_view_get_moved_nodes (self->graph_view, &n_moved);
  if (all || moved == NULL)
    {
      moved = NULL;
      n_moved = ds_landscape_n_entities (self->landscape);
    }
  if (n_moved == 0)
    return;
  job = g_new0 (PositionsJob, 1);
  job->path = g_strdup (ds_store_get_path (self->store));
  job->n = n_moved;
  job->ids = g_new0 (char *, n_moved + 1);
  job->x = g_new (double, n_moved);
  job->y = g_new (double, n_moved);
  job->pinned = g_new (guint8, n_moved);
  for (guint k = 0; k < n_moved; k++)
    {
      guint i = moved != NULL ? moved[k] : k;

      job->ids[k] = g_strdup (ds_landscape_entity (self->landscape, i)->id);
      job->x[k] = x[i];
      job->y[k] = y[i];
      job->pinned[k] = pinned[i];
    }
  ds_graph_view_forget_moved_nodes (self->graph_view);
  job->held = hold_application (self);
  self->positions_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->positions_cancellable, save_positions_done, NULL);
  g_task_set_source_tag (task, save_positions);
  g_task_set_task_data (task, job, (GDestroyNotify) positions_job_free);
  g_task_run_in_thread (task, save_positions_thread);
}

static void
on_positions_changed (DsGraphView *view,
                      DsWindow    *self)
{
  save_positions (self, FALSE);
}

typedef struct {
  DsLandscape *landscape;
  guint        n;
  double      *x, *y;
  guint8      *known, *pinned;
  guint        n_known;
  DsWindow    *window;         /* the task's source, alive while it runs */
  int          last_percent;   /* on the worker only */
} LayoutJob;

/* The layout's progress, from the worker to the busy label. */
typedef struct {
  DsWindow    *window;
  DsLandscape *landscape;
  int          percent;
} LayoutProgress;

static void
layout_progress_free (LayoutProgress *update)
{
  g_object_unref (update->window);
  ds_landscape_unref (update->landscape);
  g_free (update);
}

/* The busy box shows the initial layout when that is the only work
 * running: an Open, an import or its save shows itself instead. */
static gboolean
busy_shows_layout (DsWindow *self)
{
  return !self->layout_ready && self->open_cancellable == NULL &&
         self->import_cancellable == NULL && self->save_cancellable == NULL;
}

static gboolean
show_layout_progress (gpointer data)
{
  LayoutProgress *update = data;
  DsWindow *self = update->window;

  if (busy_shows_layout (self) && update->landscape == self->landscape)
    {
      /* Translators: the initial layout of a big graph, with how much of it is done. */
      g_autofree char *what = g_strdup_printf (_("Laying out the graph… %d%%"), update->percent);

      gtk_label_set_text (GTK_LABEL (self->busy_label), what);
      gtk_widget_set_tooltip_text (self->layout_progress, what);
    }
  return G_SOURCE_REMOVE;
}

/* Called on the worker; a main-loop update per percent. */
static void
layout_progress (double   fraction,
                 gpointer user_data)
{
  LayoutJob *job = user_data;
  LayoutProgress *update;
  int percent = (int) (100 * fraction);

  if (percent == job->last_percent)
    return;
  job->last_percent = percent;
  update = g_new (LayoutProgress, 1);
  update->window = g_object_ref (job->window);
  update->landscape = ds_landscape_ref (job->landscape);
  update->percent = percent;
  g_idle_add_full (G_PRIORITY_DEFAULT, show_layout_progress, update, (GDestroyNotify) layout_progress_free);
}

static void
layout_job_free (LayoutJob *job)
{
  ds_landscape_unref (job->landscape);
  g_free (job->x);
  g_free (job->y);
  g_free (job->known);
  g_free (job->pinned);
  g_free (job);
}

static void
layout_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LayoutJob *job = task_data;
  g_autoptr(DsGraph) graph = ds_graph_new_from_landscape (job->landscape);
  GError *error = NULL;

  if (job->n_known == 0)
    {
      if (!ds_layout_compute (graph, NULL, job->x, job->y, cancellable, layout_progress, job, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else
    ds_layout_place_new_nodes (graph, NULL, job->x, job->y, job->known);
  g_task_return_boolean (task, TRUE);
}

static void
layout_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  DsWindow *self = DS_WINDOW (source);
  LayoutJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* The placeholder positions stay; they are usable, and dragging
           * nodes or the next start lays out again. */
          if (job->landscape == self->landscape)
            {
              gtk_widget_set_visible (self->busy_box, FALSE);
              self->layout_ready = TRUE;
            }
          return;
        }
      toast (self, error->message);
      return;
    }
  if (job->landscape != self->landscape)
    return;
  ds_graph_view_set_landscape (self->graph_view, self->landscape, job->x, job->y, job->pinned);
  gtk_widget_set_visible (self->busy_box, FALSE);
  self->layout_ready = TRUE;
  save_positions (self, TRUE);
}

static void
show_busy (DsWindow   *self,
           const char *what)
{
  gtk_label_set_text (GTK_LABEL (self->busy_label), what);
  gtk_widget_set_tooltip_text (self->layout_progress, what);
  gtk_widget_set_visible (self->busy_box, TRUE);
}

/* An Open, an import or its save is over (its cancellable cleared): the
 * busy box goes, or shows the layout again if that still runs. */
static void
end_busy (DsWindow *self)
{
  if (self->layout_ready)
    gtk_widget_set_visible (self->busy_box, FALSE);
  else if (busy_shows_layout (self))
    show_busy (self, _("Laying out the graph…"));
}

/* Positions come from the document; the nodes it has none for get the
 * initial layout, off the main thread. after_preview: the graph view shows
 * this document's graph preview, which drew the same graph. */
static void
load_positions (DsWindow *self,
                gboolean  after_preview)
{
  LayoutJob *job = g_new0 (LayoutJob, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  job->landscape = ds_landscape_ref (self->landscape);
  job->n = ds_landscape_n_entities (self->landscape);
  job->x = g_new0 (double, MAX (job->n, 1));
  job->y = g_new0 (double, MAX (job->n, 1));
  job->known = g_new0 (guint8, MAX (job->n, 1));
  job->pinned = g_new0 (guint8, MAX (job->n, 1));
  if (!ds_store_load_positions (self->store, self->landscape, job->x, job->y, job->known, job->pinned, &error))
    g_warning ("Positions of %s not read, laying out again: %s", ds_store_get_path (self->store), error->message);
  for (guint i = 0; i < job->n; i++)
    job->n_known += job->known[i] != 0;

  if (job->n_known == job->n)
    {
      /* The preview drew this very graph: its scene stays. */
      if (!after_preview ||
          !ds_graph_view_adopt_landscape (self->graph_view, self->landscape, job->x, job->y, job->pinned))
        ds_graph_view_set_landscape (self->graph_view, self->landscape, job->x, job->y, job->pinned);
      self->layout_ready = TRUE;
      layout_job_free (job);
      return;
    }

  /* Until the layout is done, the placeholder spiral stands in. */
  {
    g_autofree double *px = g_new0 (double, MAX (job->n, 1));
    g_autofree double *py = g_new0 (double, MAX (job->n, 1));
    ds_scene_placeholder_layout (self->landscape, px, py);
    for (guint i = 0; i < job->n; i++)
      if (!job->known[i])
        {
          job->x[i] = px[i];
          job->y[i] = py[i];
        }
    ds_graph_view_set_landscape (self->graph_view, self->landscape, job->x, job->y, job->pinned);
  }

  g_cancellable_cancel (self->layout_cancellable);
  g_clear_object (&self->layout_cancellable);
  self->layout_cancellable = g_cancellable_new ();
  self->layout_ready = FALSE;
  show_busy (self, _("Laying out the graph…"));
  job->window = self;
  job->last_percent = -1;
  task = g_task_new (self, self->layout_cancellable, layout_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) layout_job_free);
  g_task_run_in_thread (task, layout_thread);
}

/* Document ----------------------------------------------------------------- */

/* Leaves the preview: its actions come back and the window takes input
 * again (before the document's own updates, which may turn some off). */
static void
end_preview (DsWindow *self)
{
  if (self->preview_path == NULL)
    return;
  if (self->preview_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->graph_view), self->preview_tick);
  self->preview_tick = 0;
  for (guint i = 0; self->preview_disabled != NULL && i < self->preview_disabled->len; i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), g_ptr_array_index (self->preview_disabled, i));
      if (G_IS_SIMPLE_ACTION (action))
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), TRUE);
    }
  g_clear_pointer (&self->preview_disabled, g_ptr_array_unref);
  g_clear_pointer (&self->preview_path, g_free);
  gtk_widget_set_sensitive (adw_application_window_get_content (ADW_APPLICATION_WINDOW (self)), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->graph_view), TRUE);
}

static gboolean
read_after_preview (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       data)
{
  DsWindow *self = data;
  g_autofree char *path = NULL;

  if (ds_graph_view_get_frame_count (self->graph_view) == 0)
    return G_SOURCE_CONTINUE;
  self->preview_tick = 0;
  path = g_strdup (self->preview_path);
  ds_window_open_document (self, path);
  show_busy (self, _("Reading the document…"));
  return G_SOURCE_REMOVE;
}

void
ds_window_show_preview (DsWindow     *self,
                        const char   *path,
                        DsLandscape  *preview,
                        const double *x,
                        const double *y,
                        const guint8 *pinned)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *basename = NULL;

  g_return_if_fail (DS_IS_WINDOW (self));
  g_return_if_fail (self->store == NULL && self->preview_path == NULL);
  g_return_if_fail (path != NULL && preview != NULL);

  self->preview_path = g_strdup (path);
  self->preview_disabled = g_ptr_array_new_with_free_func (g_free);
  names = g_action_group_list_actions (G_ACTION_GROUP (self));
  for (guint i = 0; names[i] != NULL; i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), names[i]);
      if (G_IS_SIMPLE_ACTION (action) && g_action_get_enabled (action))
        {
          g_simple_action_set_enabled (G_SIMPLE_ACTION (action), FALSE);
          g_ptr_array_add (self->preview_disabled, g_strdup (names[i]));
        }
    }
  gtk_widget_set_sensitive (adw_application_window_get_content (ADW_APPLICATION_WINDOW (self)), FALSE);
  /* GTK shows tooltips over insensitive widgets too; the preview has not
   * what they show (terms, sources). */
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->graph_view), FALSE);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  self->landscape = ds_landscape_ref (preview);
  self->defer_replay = TRUE;
  ds_timeline_set_landscape (self->timeline, preview);
  ds_graph_view_set_landscape (self->graph_view, preview, x, y, pinned);
  ds_graph_view_set_date (self->graph_view, ds_timeline_get_date (self->timeline));
  self->layout_ready = TRUE;
  basename = g_path_get_basename (path);
  adw_view_switcher_title_set_subtitle (self->switcher_title, basename);
  self->preview_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->graph_view), read_after_preview, self, NULL);
}

gboolean
ds_window_get_previewing (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return self->preview_path != NULL;
}

const char *
ds_window_get_document_path (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), NULL);
  return self->preview_path != NULL ? self->preview_path
         : self->store != NULL ? ds_store_get_path (self->store) : NULL;
}

void
ds_window_set_document (DsWindow    *self,
                        DsStore     *store,
                        DsLandscape *landscape)
{
  g_autofree char *last_scenario = NULL;
  g_autofree char *title = NULL;
  g_autofree char *basename = NULL;
  gboolean after_preview;

  g_return_if_fail (DS_IS_WINDOW (self));
  g_return_if_fail (DS_IS_STORE (store));
  g_return_if_fail (landscape != NULL);

  after_preview = self->preview_path != NULL;
  end_preview (self);
  g_set_object (&self->store, store);
  if (landscape != self->landscape)
    {
      g_clear_pointer (&self->landscape, ds_landscape_unref);
      self->landscape = ds_landscape_ref (landscape);
    }
  {
    g_autoptr(GError) error = NULL;
    g_clear_object (&self->edit_log);
    self->edit_log = ds_edit_log_new (store, landscape, &error);
    if (self->edit_log == NULL)
      g_message ("Edits of %s are not logged, undo is off: %s", ds_store_get_path (store), error->message);
  }
  update_undo_actions (self);
  self->selected_entity = self->selected_deal = DS_NONE;
  self->scenario = DS_NONE;
  self->compare = DS_NONE;
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "compare-scenario")),
                             g_variant_new_string (""));

  self->defer_replay = (guint) ds_landscape_n_deals (landscape) >= defer_replay_deals ();
  self->async_replay = (guint) ds_landscape_n_deals (landscape) >= async_replay_deals ();
  load_positions (self, after_preview);
  ds_timeline_set_landscape (self->timeline, landscape);
  ds_inspector_set_landscape (self->inspector, landscape);
  ds_table_view_set_landscape (self->table_view, landscape);
  fill_scenarios (self);
  fill_compare_menu (self);

  last_scenario = settings () ? g_settings_get_string (settings (), "last-scenario") : NULL;
  if (last_scenario == NULL || !set_scenario (self, last_scenario))
    set_scenario (self, landscape->scenarios->len > 0 ? ds_landscape_scenario (landscape, 0)->id : NULL);

  basename = g_path_get_basename (ds_store_get_path (store));
  gtk_window_set_title (GTK_WINDOW (self), "Dealscape");
  adw_view_switcher_title_set_subtitle (self->switcher_title, basename);
}

/* Actions ------------------------------------------------------------------ */

/* A document opened on a worker: a million deals take a second to read. */
static void
open_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  DsWindow *self = DS_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) landscape = NULL;
  gboolean ok = ds_store_open_and_load_finish (result, &store, &landscape, &error);

  /* Not after a later Open took over, nor once the window is gone. */
  if (g_task_get_cancellable (G_TASK (result)) != self->open_cancellable)
    return;
  g_clear_object (&self->open_cancellable);
  end_busy (self);
  if (!ok && self->preview_path != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (!ok && self->preview_path != NULL)
    {
      /* Only the preview could be read: nothing to show but the error. */
      ds_application_show_open_error (DS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), error);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (!ok)
    {
      toast (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                   ? _("Opening cancelled; the document shown is unchanged") : error->message);
      return;
    }
  ds_window_set_document (self, store, landscape);
  if (settings () != NULL)
    g_settings_set_string (settings (), "last-document", ds_store_get_path (store));
}

void
ds_window_open_document (DsWindow   *self,
                         const char *path)
{
  g_return_if_fail (DS_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();
  /* A cancelled open returns at once; its read finishes and is dropped. */
  ds_store_open_and_load_async (path, self, self->open_cancellable, open_done, NULL);
  show_busy (self, _("Opening…"));
}

static void
open_response (GtkNativeDialog *chooser,
               int              response,
               DsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        ds_window_open_document (self, path);
    }
  g_object_unref (chooser);
}

static GtkFileChooserNative *
new_chooser (DsWindow   *self,
             const char *title,
             const char *accept,
             const char *filter_name,
             const char *pattern)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, accept, _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

static void
open_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  GtkFileChooserNative *chooser = new_chooser (self, _("Open Document"), _("_Open"),
                                               _("Dealscape documents"), "*.db");

  g_signal_connect (chooser, "response", G_CALLBACK (open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
show_import_failed (DsWindow   *self,
                    const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import Failed"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* An import written to the document on a worker, through a connection of
 * its own, then read back there: for a million deals the write, with the
 * snapshot undo keeps, takes seconds. Meanwhile the graph and inspector are
 * insensitive and Undo off, so that no edit of the window waits on the
 * document's write lock. The job holds the application: closing the
 * window (or Quit) meanwhile must not end the process before the import
 * is in the file, which would roll it back. */
typedef struct {
  char         *path;
  DsLandscape  *landscape;
  char         *source;
  char         *message;
  DsLandscape  *reloaded;
  GApplication *held;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  release_application (job->held);
  g_free (job->path);
  g_clear_pointer (&job->landscape, ds_landscape_unref);
  g_free (job->source);
  g_free (job->message);
  g_clear_pointer (&job->reloaded, ds_landscape_unref);
  g_free (job);
}

static void
save_import_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;
  g_autoptr(DsStore) store = ds_store_open (job->path, DS_STORE_OPEN_DEFAULT, &error);

  if (store == NULL || !ds_store_import (store, job->landscape, job->source, &error) ||
      (job->reloaded = ds_store_load (store, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The actions that write to the document or replace it: off while an
 * import is saved (Undo and Redo follow update_undo_actions). */
static const char *const document_actions[] = {
  "open", "import", "import-file", "new-scenario", "duplicate-scenario", "rename-scenario",
  "delete-scenario", "new-scenario-dialog", "duplicate-scenario-dialog", "rename-scenario-dialog",
  "add-hypothetical-deal", "delete-hypothetical-deal",
};

static void
set_saving (DsWindow *self,
            gboolean  saving)
{
  for (guint i = 0; i < G_N_ELEMENTS (document_actions); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), document_actions[i])),
                                 !saving);
  gtk_widget_set_sensitive (GTK_WIDGET (self->flap), !saving);
  gtk_widget_set_visible (self->busy_cancel, !saving);
  if (saving)
    show_busy (self, _("Saving the import…"));
  else
    end_busy (self);
  update_undo_actions (self);
}

static void
save_import_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DsWindow *self = DS_WINDOW (source);
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* The window went meanwhile: the document holds the import all the same. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->save_cancellable);
  set_saving (self, FALSE);
  /* By entity id, so they hold for the imported landscape too. */
  if (self->positions_pending)
    save_positions (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Kept open: the failure has to be seen. */
      self->close_when_saved = FALSE;
      show_import_failed (self, error->message);
      return;
    }
  if (self->close_when_saved)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  /* The import is the log's newest edit: the new log offers its undo.
   * Positions are kept by entity id: only the new nodes are laid out. */
  ds_window_set_document (self, self->store, job->reloaded);
  if (job->message != NULL)
    toast (self, job->message);
}

static gboolean
save_import (DsWindow     *self,
             DsLandscape  *landscape,
             const char   *source,
             const char   *message,
             GError      **error)
{
  g_autoptr(GTask) task = NULL;
  SaveJob *job;

  if (self->save_cancellable != NULL)
    {
      g_set_error_literal (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                           _("Another import is still being saved; try again when it is done"));
      return FALSE;
    }
  job = g_new0 (SaveJob, 1);
  job->path = g_strdup (ds_store_get_path (self->store));
  job->landscape = ds_landscape_ref (landscape);
  job->source = g_strdup (source);
  job->message = g_strdup (message);
  job->held = hold_application (self);
  self->save_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->save_cancellable, save_import_done, NULL);
  g_task_set_source_tag (task, save_import);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_import_thread);
  set_saving (self, TRUE);
  return TRUE;
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  DsLandscape *landscape = ds_dataset_read_file (task_data, &error);

  /* The reader has no cancellable: a cancelled import drops its result. */
  if (landscape != NULL && g_task_return_error_if_cancelled (task))
    ds_landscape_unref (landscape);
  else if (landscape == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, landscape, (GDestroyNotify) ds_landscape_unref);
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  DsWindow *self = DS_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) imported = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *origin = g_path_get_basename (g_task_get_task_data (G_TASK (result)));

  g_clear_object (&self->import_cancellable);
  end_busy (self);
  if (imported == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      toast (self, _("Import cancelled; the document is unchanged"));
      return;
    }
  if (imported == NULL ||
      !save_import (self, imported, origin, _("Dataset imported; Undo puts the previous landscape back"), &error))
    {
      show_import_failed (self, error->message);
      return;
    }
}

static void
start_json_import (DsWindow   *self,
                   const char *path)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  self->import_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->import_cancellable, import_done, NULL);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, import_thread);
  show_busy (self, _("Importing…"));
}

void
ds_window_import_file (DsWindow   *self,
                       const char *path)
{
  g_autofree char *lower = NULL;

  g_return_if_fail (DS_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".tsv"))
    gtk_window_present (GTK_WINDOW (ds_csv_import_dialog_new (self, path)));
  else
    start_json_import (self, path);
}

gboolean
ds_window_merge_landscape (DsWindow     *self,
                           DsLandscape  *landscape,
                           const char   *source,
                           const char   *message,
                           GError      **error)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (landscape != NULL, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  return save_import (self, landscape, source, message, error);
}

static void
import_response (GtkNativeDialog *chooser,
                 int              response,
                 DsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        ds_window_import_file (self, path);
    }
  g_object_unref (chooser);
}

static void
import_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  GtkFileChooserNative *chooser = new_chooser (self, _("Import Data"), _("_Import"),
                                               _("Datasets and spreadsheets (JSON, CSV)"), "*.json");
  GListModel *filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GtkFileFilter) all = g_list_model_get_item (filters, 0);
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();

  g_object_unref (filters);
  gtk_file_filter_add_pattern (all, "*.csv");
  gtk_file_filter_add_mime_type (all, "text/csv");
  gtk_file_filter_set_name (json, _("Dataset, replaces the landscape (JSON)"));
  gtk_file_filter_add_pattern (json, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json);
  gtk_file_filter_set_name (csv, _("Funding spreadsheet, merged in (CSV)"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  g_signal_connect (chooser, "response", G_CALLBACK (import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_file_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  ds_window_import_file (DS_WINDOW (user_data), g_variant_get_string (param, NULL));
}

static void
cancel_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);

  g_cancellable_cancel (self->layout_cancellable);
  g_cancellable_cancel (self->import_cancellable);
  g_cancellable_cancel (self->open_cancellable);
}

static void
export_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  DsExportDialog *dialog = ds_export_dialog_new (self, adw_view_stack_get_visible_child_name (self->view_stack));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_video_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  DsVideoDialog *dialog = ds_video_dialog_new (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_to_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  const char *view, *path;
  int width, height;
  g_autoptr(GError) error = NULL;

  g_variant_get (param, "(&s&sii)", &view, &path, &width, &height);
  if (!ds_window_export (self, view, path, width, height, &error))
    toast (self, error->message);
}

static void
undo_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  ds_window_undo (DS_WINDOW (user_data));
}

static void
redo_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  ds_window_redo (DS_WINDOW (user_data));
}

static void
find_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
zoom_in_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  ds_graph_view_zoom_in (DS_WINDOW (user_data)->graph_view);
}

static void
zoom_out_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  ds_graph_view_zoom_out (DS_WINDOW (user_data)->graph_view);
}

static void
zoom_reset_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  ds_graph_view_zoom_reset (DS_WINDOW (user_data)->graph_view);
}

static void
play_change_state (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  ds_timeline_set_playing (self->timeline, g_variant_get_boolean (state));
  g_simple_action_set_state (action, g_variant_new_boolean (ds_timeline_get_playing (self->timeline)));
}

static void
step_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  ds_timeline_step (DS_WINDOW (user_data)->timeline, g_variant_get_int32 (param));
}

static void
seek_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  g_autoptr(GError) error = NULL;
  DsDate date;

  if (!ds_date_parse (g_variant_get_string (param, NULL), &date, &error))
    toast (self, error->message);
  else
    ds_timeline_set_date (self->timeline, date);
}

static void
select_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  const char *id = g_variant_get_string (param, NULL);
  DsIndex entity = *id ? ds_landscape_find_entity (self->landscape, id) : DS_NONE;

  if (*id && entity == DS_NONE)
    {
      g_autofree char *message = g_strdup_printf (_("No entity “%s” in this document"), id);
      toast (self, message);
      return;
    }
  select_entity (self, entity);
}

static void
select_deal_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);

  /* The scenario's hypothetical deals can be selected too. */
  select_deal_id (self, g_variant_get_string (param, NULL));
}

static void
set_scenario_change_state (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  const char *id = g_variant_get_string (state, NULL);

  if (!set_scenario (self, id))
    {
      g_autofree char *message = g_strdup_printf (_("No scenario “%s” in this document"), id);
      toast (self, message);
    }
}

static void
show_view_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  const char *name = g_variant_get_string (param, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
toggle_inspector_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
filters_changed (DsFilterPopover *filters,
                 DsWindow        *self)
{
  DsDate from, to;

  ds_filter_popover_get_date_range (filters, &from, &to);
  ds_graph_view_set_filters (self->graph_view, ds_filter_popover_get_entity_kinds (filters),
                             ds_filter_popover_get_deal_statuses (filters));
  ds_graph_view_set_date_range (self->graph_view, from, to);
}

/* win.filter-dates ("2024", "2025-06"): the graph's deal dates, as typed in
 * the filter popover ("" for an open end); a range that does not read is
 * refused with the popover's message. */
static void
filter_dates_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  g_autoptr(GError) error = NULL;
  const char *from, *to;

  g_variant_get (param, "(&s&s)", &from, &to);
  if (!ds_filter_popover_set_date_text (self->filters, from, to, &error))
    toast (self, error->message);
}

static GtkWidget *
make_filter_button (DsWindow *self)
{
  GtkWidget *button = gtk_menu_button_new ();

  self->filters = DS_FILTER_POPOVER (ds_filter_popover_new ());
  g_signal_connect (self->filters, "changed", G_CALLBACK (filters_changed), self);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_set_tooltip_text (button, _("Show only some kinds of entities or deals, or deals of some dates"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filters"), -1);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), GTK_WIDGET (self->filters));
  return button;
}

static GtkWidget *
osd_button (const char *icon,
            const char *action,
            const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

static GtkWidget *
make_graph_page (DsWindow *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *osd = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  self->graph_view = DS_GRAPH_VIEW (ds_graph_view_new ());
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->graph_view));

  gtk_widget_add_css_class (osd, "linked");
  gtk_widget_add_css_class (osd, "osd-zoom");
  gtk_widget_set_halign (osd, GTK_ALIGN_END);
  gtk_widget_set_valign (osd, GTK_ALIGN_START);
  {
    GtkWidget *circles = gtk_toggle_button_new ();
    gtk_button_set_icon_name (GTK_BUTTON (circles), "media-playlist-repeat-symbolic");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (circles), "win.circles");
    gtk_widget_set_name (circles, "circles-toggle");
    gtk_widget_set_tooltip_text (circles, _("Circles: light the deals where money comes back round (Ctrl+L)"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (circles), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Circles"), -1);
    gtk_box_append (GTK_BOX (osd), circles);
  }
  {
    GtkWidget *compare = gtk_toggle_button_new ();
    gtk_button_set_icon_name (GTK_BUTTON (compare), "view-dual-symbolic");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (compare), "win.diff");
    gtk_widget_set_name (compare, "compare-toggle");
    gtk_widget_set_tooltip_text (compare, _("Compare two scenarios on the graph (Ctrl+D)"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (compare), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Compare scenarios"), -1);
    gtk_box_append (GTK_BOX (osd), compare);
  }
  gtk_box_append (GTK_BOX (osd), make_filter_button (self));
  gtk_box_append (GTK_BOX (osd), osd_button ("zoom-out-symbolic", "win.zoom-out", _("Zoom out (−)")));
  gtk_box_append (GTK_BOX (osd), osd_button ("zoom-fit-best-symbolic", "win.zoom-reset", _("Fit the graph (0)")));
  gtk_box_append (GTK_BOX (osd), osd_button ("zoom-in-symbolic", "win.zoom-in", _("Zoom in (+)")));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), osd);

  self->layout_progress = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (self->layout_progress), TRUE);
  gtk_widget_set_tooltip_text (self->layout_progress, _("Laying out the graph…"));
  gtk_widget_set_size_request (self->layout_progress, 16, 16);
  self->busy_label = gtk_label_new (_("Laying out the graph…"));
  gtk_widget_set_name (self->busy_label, "busy-label");
  /* Tabular digits: the percentage does not make the label jitter. */
  gtk_widget_add_css_class (self->busy_label, "numeric");
  self->busy_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_name (self->busy_box, "busy-box");
  gtk_widget_add_css_class (self->busy_box, "osd");
  gtk_widget_add_css_class (self->busy_box, "toolbar");
  gtk_box_append (GTK_BOX (self->busy_box), self->layout_progress);
  gtk_box_append (GTK_BOX (self->busy_box), self->busy_label);
  {
    GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "win.cancel");
    gtk_widget_set_tooltip_text (cancel, _("Stop the work in progress"));
    gtk_box_append (GTK_BOX (self->busy_box), cancel);
    self->busy_cancel = cancel;
  }
  gtk_widget_set_halign (self->busy_box, GTK_ALIGN_START);
  gtk_widget_set_valign (self->busy_box, GTK_ALIGN_START);
  gtk_widget_set_margin_start (self->busy_box, 12);
  gtk_widget_set_margin_top (self->busy_box, 12);
  gtk_widget_set_visible (self->busy_box, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->busy_box);

  {
    GtkWidget *page = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_widget_set_hexpand (overlay, TRUE);
    gtk_box_append (GTK_BOX (page), overlay);
    gtk_box_append (GTK_BOX (page), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
    self->circles_panel = DS_CIRCLES_PANEL (ds_circles_panel_new ());
    gtk_widget_add_css_class (GTK_WIDGET (self->circles_panel), "background");
    gtk_widget_set_visible (GTK_WIDGET (self->circles_panel), FALSE);
    g_signal_connect (self->circles_panel, "cycle-selected", G_CALLBACK (on_circle_selected), self);
    gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->circles_panel));
    /* The separator shows with the panel. */
    g_object_bind_property (self->circles_panel, "visible", gtk_widget_get_prev_sibling (GTK_WIDGET (self->circles_panel)),
                            "visible", G_BINDING_SYNC_CREATE);
    gtk_box_append (GTK_BOX (page), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
    self->compare_panel = DS_COMPARE_PANEL (ds_compare_panel_new ());
    gtk_widget_add_css_class (GTK_WIDGET (self->compare_panel), "background");
    gtk_widget_set_visible (GTK_WIDGET (self->compare_panel), FALSE);
    g_signal_connect (self->compare_panel, "changed", G_CALLBACK (on_compare_changed), self);
    g_signal_connect (self->compare_panel, "row-picked", G_CALLBACK (on_compare_row_picked), self);
    gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->compare_panel));
    g_object_bind_property (self->compare_panel, "visible", gtk_widget_get_prev_sibling (GTK_WIDGET (self->compare_panel)),
                            "visible", G_BINDING_SYNC_CREATE);
    return page;
  }
}

static void
on_table_entity (DsTableView *view, int entity, DsWindow *self)
{
  select_entity (self, entity);
}

static void
on_table_deal (DsTableView *view, int deal, DsWindow *self)
{
  select_deal (self, deal);
}

static void
free_replay_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ds_replay_free (task_data);
  g_task_return_boolean (task, TRUE);
}

/* A big replay is a few hundred thousand blocks: freeing it took the main
 * thread 0.3 s at 1M. It reads nothing but itself. */
static void
free_replay_on_worker (DsReplay *replay)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_source_tag (task, free_replay_on_worker);
  g_task_set_task_data (task, replay, NULL);
  g_task_run_in_thread (task, free_replay_thread);
}

static void
on_view_changed (AdwViewStack *stack,
                 GParamSpec   *pspec,
                 DsWindow     *self)
{
  const char *name = adw_view_stack_get_visible_child_name (stack);
  if (settings () != NULL && name != NULL)
    g_settings_set_string (settings (), "last-view", name);
  /* A big document's charts build a replay of their own on a worker: the
   * spare one kept for the next seek back goes, so that two replays at
   * most are in memory (at 1M a replay is about 380 MB; the next seek back
   * builds one again, on a worker too). */
  if (self->async_replay && (g_strcmp0 (name, "valuation") == 0 || g_strcmp0 (name, "compute") == 0)
      && self->spare_replay != NULL)
    free_replay_on_worker (g_steal_pointer (&self->spare_replay));
}

/* Window state ------------------------------------------------------------- */

static gboolean
ds_window_close_request (GtkWindow *window)
{
  DsWindow *self = DS_WINDOW (window);
  GSettings *s = settings ();
  int width, height;

  /* The window stays until the import it saves is in the file, so that
   * what was imported is not lost with the process and a new window does
   * not show the document from before it; it then closes itself. */
  if (self->save_cancellable != NULL)
    {
      self->close_when_saved = TRUE;
      show_busy (self, _("Saving the import; the window closes when it is saved…"));
      return TRUE;
    }
  g_cancellable_cancel (self->layout_cancellable);
  ds_timeline_set_playing (self->timeline, FALSE);
  if (s != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (s);
      g_settings_set_boolean (s, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (s, "window-width", MAX (width, 360));
          g_settings_set_int (s, "window-height", MAX (height, 360));
        }
      g_settings_apply (s);
    }
  return GTK_WINDOW_CLASS (ds_window_parent_class)->close_request (window);
}

static void
ds_window_dispose (GObject *object)
{
  DsWindow *self = DS_WINDOW (object);

  if (self->undo_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->undo_toast), (gpointer *) &self->undo_toast);
  self->undo_toast = NULL;
  if (self->replay_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->graph_view), self->replay_tick);
  self->replay_tick = 0;
  if (self->preview_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->graph_view), self->preview_tick);
  self->preview_tick = 0;
  g_clear_pointer (&self->preview_disabled, g_ptr_array_unref);
  g_clear_pointer (&self->preview_path, g_free);
  g_cancellable_cancel (self->layout_cancellable);
  g_clear_object (&self->layout_cancellable);
  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  g_cancellable_cancel (self->positions_cancellable);
  g_clear_object (&self->positions_cancellable);
  /* A replay still building finishes on its own; its result is dropped. */
  g_cancellable_cancel (self->replay_cancellable);
  g_clear_object (&self->replay_cancellable);
  self->replay_job = NULL;
  g_clear_pointer (&self->spare_replay, ds_replay_free);
  /* The graph borrows the diff: it lets go while it is still there. */
  if (self->graph_view != NULL && self->diff != NULL)
    ds_graph_view_set_diff (self->graph_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DS_TYPE_WINDOW);
  g_clear_object (&self->edit_log);
  g_clear_pointer (&self->diff, ds_scenario_diff_free);
  drop_cycles (self);
  g_clear_pointer (&self->replay, ds_replay_free);
  g_clear_object (&self->store);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  G_OBJECT_CLASS (ds_window_parent_class)->dispose (object);
}

static gboolean
toggle_inspector_shortcut (GtkWidget *widget, GVariant *param, gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (widget), "toggle-inspector", NULL);
  return TRUE;
}

/* Escape that no view took (the graph takes it while something is
 * selected) goes back from one cycle to all of them. */
static gboolean
circles_escape_shortcut (GtkWidget *widget, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (widget);

  if (!self->circles || self->circle_selected < 0)
    return FALSE;
  ds_circles_panel_select (self->circles_panel, -1);
  return TRUE;
}

static void
ds_window_class_init (DsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ds_window_dispose;
  window_class->close_request = ds_window_close_request;

  g_type_ensure (DS_TYPE_TIMELINE);
  g_type_ensure (DS_TYPE_INSPECTOR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ds-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DsWindow, scenario_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DsWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DsWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DsWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DsWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, DsWindow, inspector_button);
  gtk_widget_class_bind_template_child (widget_class, DsWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, DsWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, DsWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, DsWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, DsWindow, compare_menu);

  /* Single keys go in the bubble phase, so that text fields and buttons
   * that take them keep them (app accelerators would steal them first). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, 0, "win.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "win.step", "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F9, 0, toggle_inspector_shortcut, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, circles_escape_shortcut, NULL);
}

static void
ds_window_init (DsWindow *self)
{
  static const GActionEntry entries[] = {
    { "open", open_activated },
    { "import", import_activated },
    { "import-file", import_file_activated, "s" },
    { "export", export_activated },
    { "export-video", export_video_activated },
    { "export-to", export_to_activated, "(ssii)" },
    { "open-file", open_file_activated, "s" },
    { "undo", undo_activated },
    { "redo", redo_activated },
    { "find", find_activated },
    { "zoom-in", zoom_in_activated },
    { "zoom-out", zoom_out_activated },
    { "zoom-reset", zoom_reset_activated },
    { "play", NULL, NULL, "false", play_change_state },
    { "step", step_activated, "i" },
    { "select", select_activated, "s" },
    { "select-deal", select_deal_activated, "s" },
    { "set-scenario", NULL, "s", "''", set_scenario_change_state },
    { "show-view", show_view_activated, "s" },
    { "toggle-inspector", toggle_inspector_activated },
    { "cancel", cancel_activated },
    { "seek", seek_activated, "s" },
    { "filter-dates", filter_dates_activated, "(ss)" },
    { "circles", NULL, NULL, "false", circles_change_state },
    { "diff", NULL, NULL, "false", diff_change_state },
    { "show-labels", NULL, NULL, "true", show_labels_change_state },
    { "new-scenario", scenario_action, "s" },
    { "duplicate-scenario", scenario_action, "s" },
    { "rename-scenario", scenario_action, "s" },
    { "delete-scenario", scenario_action },
    { "new-scenario-dialog", scenario_dialog_action },
    { "duplicate-scenario-dialog", scenario_dialog_action },
    { "rename-scenario-dialog", scenario_dialog_action },
    { "compare-scenario", NULL, "s", "''", compare_change_state },
    { "add-hypothetical-deal", add_hypothetical_deal_activated, "s" },
    { "delete-hypothetical-deal", delete_hypothetical_deal_activated, "s" },
  };
  GtkWidget *page;
  AdwViewStackPage *stack_page;
  GSettings *s = settings ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected_entity = self->selected_deal = self->scenario = DS_NONE;
  self->compare = DS_NONE;
  self->circle_selected = -1;
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  update_undo_actions (self);

  page = make_graph_page (self);
  stack_page = adw_view_stack_add_titled (self->view_stack, page, "graph", _("Graph"));
  adw_view_stack_page_set_icon_name (stack_page, "network-workgroup-symbolic");
  self->valuation_view = DS_CHART_VIEW (ds_chart_view_new (DS_CHART_VIEW_VALUATION));
  stack_page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->valuation_view), "valuation", _("Valuation"));
  adw_view_stack_page_set_icon_name (stack_page, "x-office-presentation-symbolic");
  self->compute_view = DS_CHART_VIEW (ds_chart_view_new (DS_CHART_VIEW_COMPUTE));
  /* The charts replay the whole history: as big a landscape as the
   * window's replay leaves to a worker leaves them to one too. */
  ds_chart_view_set_async_deals (self->valuation_view, async_replay_deals ());
  ds_chart_view_set_async_deals (self->compute_view, async_replay_deals ());
  stack_page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->compute_view), "compute", _("Compute"));
  adw_view_stack_page_set_icon_name (stack_page, "power-profile-performance-symbolic");
  self->table_view = DS_TABLE_VIEW (ds_table_view_new ());
  stack_page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->table_view), "table", _("Table"));
  adw_view_stack_page_set_icon_name (stack_page, "view-list-symbolic");

  g_signal_connect (self->graph_view, "selection-changed", G_CALLBACK (on_graph_selection), self);
  g_signal_connect (self->graph_view, "positions-changed", G_CALLBACK (on_positions_changed), self);
  g_signal_connect (self->graph_view, "deal-selected", G_CALLBACK (on_graph_deal), self);
  g_signal_connect (self->inspector, "deal-activated", G_CALLBACK (on_inspector_deal), self);
  g_signal_connect (self->inspector, "entity-activated", G_CALLBACK (on_inspector_entity), self);
  g_signal_connect (self->table_view, "entity-selected", G_CALLBACK (on_table_entity), self);
  g_signal_connect (self->table_view, "deal-selected", G_CALLBACK (on_table_deal), self);
  g_signal_connect (self->timeline, "notify::date", G_CALLBACK (on_timeline_date), self);
  g_signal_connect (self->timeline, "notify::playing", G_CALLBACK (on_timeline_playing), self);
  g_signal_connect (self->scenario_dropdown, "notify::selected", G_CALLBACK (on_scenario_selected), self);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (on_search_stop), self);
  ds_inspector_set_apply_func (self->inspector, inspector_apply, self);
  ds_inspector_set_problem_func (self->inspector, inspector_problem, self);

  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->inspector_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (on_style_changed), self, 0);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast", G_CALLBACK (on_style_changed), self, 0);
  if (s != NULL)
    {
      g_autofree char *view = g_settings_get_string (s, "last-view");
      g_signal_connect_object (s, "changed::theme", G_CALLBACK (on_theme_setting_changed), self, 0);
      g_signal_connect_object (s, "changed::default-threshold", G_CALLBACK (on_threshold_setting_changed), self, 0);
      on_threshold_setting_changed (s, "default-threshold", self);
      g_signal_connect_object (s, "changed::currency-units", G_CALLBACK (on_units_setting_changed), self, 0);
      {
        g_autofree char *units = g_settings_get_string (s, "currency-units");
        ds_amount_set_style (ds_amount_style_from_string (units));
      }
      g_action_group_change_action_state (G_ACTION_GROUP (self), "show-labels",
                                          g_variant_new_boolean (g_settings_get_boolean (s, "show-labels")));
      gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (s, "window-width"),
                                   g_settings_get_int (s, "window-height"));
      if (g_settings_get_boolean (s, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      if (adw_view_stack_get_child_by_name (self->view_stack, view) != NULL)
        adw_view_stack_set_visible_child_name (self->view_stack, view);
    }
  g_signal_connect (self->view_stack, "notify::visible-child-name", G_CALLBACK (on_view_changed), self);
  update_theme (self);
}

DsWindow *
ds_window_new (DsApplication *application,
               DsStore       *store,
               DsLandscape   *landscape)
{
  DsWindow *self = g_object_new (DS_TYPE_WINDOW, "application", application, NULL);

  ds_window_set_document (self, store, landscape);
  return self;
}

DsWindow *
ds_window_new_preview (DsApplication *application,
                       const char    *path,
                       DsLandscape   *preview,
                       const double  *x,
                       const double  *y,
                       const guint8  *pinned)
{
  DsWindow *self = g_object_new (DS_TYPE_WINDOW, "application", application, NULL);

  ds_window_show_preview (self, path, preview, x, y, pinned);
  return self;
}

DsStore *
ds_window_get_store (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), NULL);
  return self->store;
}

DsLandscape *
ds_window_get_landscape (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), NULL);
  return self->landscape;
}

DsIndex
ds_window_get_selected_entity (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), DS_NONE);
  return self->selected_entity;
}

DsIndex
ds_window_get_selected_deal (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), DS_NONE);
  return self->selected_deal;
}

const char *
ds_window_get_scenario_id (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), NULL);
  return self->scenario == DS_NONE ? NULL : ds_landscape_scenario (self->landscape, self->scenario)->id;
}

gboolean
ds_window_get_playing (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return ds_timeline_get_playing (self->timeline);
}

gboolean
ds_window_get_saving (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return self->save_cancellable != NULL;
}

gboolean
ds_window_get_saving_positions (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return self->positions_cancellable != NULL || self->positions_pending;
}

GtkWidget *
ds_window_get_graph_view (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->graph_view);
}

GtkWidget *
ds_window_get_chart_view (DsWindow   *self,
                          const char *name)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), NULL);
  if (g_strcmp0 (name, "valuation") == 0)
    return GTK_WIDGET (self->valuation_view);
  if (g_strcmp0 (name, "compute") == 0)
    return GTK_WIDGET (self->compute_view);
  return NULL;
}

GtkWidget *
ds_window_get_inspector (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->inspector);
}

DsReplay *
ds_window_get_replay (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), NULL);
  return self->replay;
}

/* FALSE while a big document's replay waits for its first frame, or is
 * being built on a worker. */
gboolean
ds_window_get_replay_ready (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return !self->defer_replay && self->replay_job == NULL;
}

gboolean
ds_window_get_layout_ready (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return self->layout_ready;
}
