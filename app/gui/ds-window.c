/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-window.c: the main window: wires the views to one document, owns the
 * selection, the scenario, the edit path with undo/redo, and exports. */
#define G_LOG_DOMAIN "ds-window"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>

#include "ds-chart-view.h"
#include "ds-dataset.h"
#include "ds-export-dialog.h"
#include "ds-graph-view.h"
#include "ds-inspector.h"
#include "ds-render.h"
#include "ds-scenario.h"
#include "ds-table-view.h"
#include "ds-timeline.h"
#include "ds-window.h"
#ifdef DS_HAVE_LAYOUT
#include "ds-graph.h"
#include "ds-layout.h"
#endif
#ifdef DS_HAVE_EXPORT
#include "ds-export.h"
#endif

G_DEFINE_QUARK (ds-window-error-quark, ds_window_error)

/* One applied edit, kept to undo it. The scenario engine's ds-edit-log
 * replaces this in-memory list with a persistent one. */
typedef struct {
  char     *scenario;   /* NULL: the base */
  char     *deal;
  char     *field;
  GVariant *before;
  GVariant *after;
} EditRecord;

static void
edit_record_free (EditRecord *r)
{
  g_free (r->scenario);
  g_free (r->deal);
  g_free (r->field);
  g_variant_unref (r->before);
  g_variant_unref (r->after);
  g_free (r);
}

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

  /* Views made in code */
  DsGraphView  *graph_view;
  DsChartView  *valuation_view;
  DsChartView  *compute_view;
  DsTableView  *table_view;
  GtkWidget    *layout_progress;

  DsIndex       selected_entity;
  DsIndex       selected_deal;
  DsIndex       scenario;          /* DS_NONE: the base */
  gboolean      updating_scenarios;

  GPtrArray    *undo_stack;        /* EditRecord */
  GPtrArray    *redo_stack;

  GCancellable *layout_cancellable;
  gboolean      layout_ready;
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

/* Frames ----------------------------------------------------------------- */

/* The one place the views are told the data changed. With ds-replay in the
 * core, the scenario's state at the timeline date is computed here and
 * handed to the graph and the charts. */
static void
rebuild_frame (DsWindow *self)
{
  ds_graph_view_invalidate (self->graph_view);
  ds_chart_view_set_landscape (self->valuation_view, self->landscape, self->scenario);
  ds_chart_view_set_landscape (self->compute_view, self->landscape, self->scenario);
  ds_table_view_refresh (self->table_view);
}

static void
on_timeline_date (DsTimeline *timeline,
                  GParamSpec *pspec,
                  DsWindow   *self)
{
  DsDate date = ds_timeline_get_date (timeline);

  ds_graph_view_set_date (self->graph_view, date);
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

/* Selection ---------------------------------------------------------------- */

static void
select_entity (DsWindow *self,
               DsIndex   entity)
{
  self->selected_entity = entity;
  self->selected_deal = DS_NONE;
  ds_graph_view_set_selected (self->graph_view, entity);
  ds_inspector_show_entity (self->inspector, entity);
  if (entity != DS_NONE)
    adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
select_deal (DsWindow *self,
             DsIndex   deal)
{
  self->selected_deal = deal;
  if (deal != DS_NONE)
    {
      const DsDeal *d = ds_landscape_deal (self->landscape, deal);
      self->selected_entity = d->target;
      ds_graph_view_set_selected (self->graph_view, d->target);
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

static GVariant *
deal_field_value (const DsDeal *d,
                  const char   *field)
{
  char buf[11];

  if (g_str_equal (field, "amount_usd")) return g_variant_new_double (d->amount_usd);
  if (g_str_equal (field, "pre_money_usd")) return g_variant_new_double (d->pre_money_usd);
  if (g_str_equal (field, "post_money_usd")) return g_variant_new_double (d->post_money_usd);
  if (g_str_equal (field, "cap_usd")) return g_variant_new_double (d->cap_usd);
  if (g_str_equal (field, "discount")) return g_variant_new_double (d->discount);
  if (g_str_equal (field, "interest_rate")) return g_variant_new_double (d->interest_rate);
  if (g_str_equal (field, "date")) return g_variant_new_string (ds_date_format (d->date, buf));
  if (g_str_equal (field, "instrument")) return g_variant_new_string (ds_instrument_to_string (d->instrument));
  if (g_str_equal (field, "status")) return g_variant_new_string (ds_deal_status_to_string (d->status));
  return NULL;
}

/* Checks the value against the field (and the deal's other terms) and,
 * when `deal` is writable, stores it. */
static gboolean
set_deal_field (DsDeal      *d,
                const char  *field,
                GVariant    *value,
                GError     **error)
{
  gboolean number = g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE);
  gboolean text = g_variant_is_of_type (value, G_VARIANT_TYPE_STRING);
  double x = number ? g_variant_get_double (value) : NAN;
  const char *s = text ? g_variant_get_string (value, NULL) : NULL;
  double *slot = NULL;
  int parsed;

  if (g_str_equal (field, "amount_usd")) slot = &d->amount_usd;
  else if (g_str_equal (field, "pre_money_usd")) slot = &d->pre_money_usd;
  else if (g_str_equal (field, "post_money_usd")) slot = &d->post_money_usd;
  else if (g_str_equal (field, "cap_usd")) slot = &d->cap_usd;
  else if (g_str_equal (field, "discount")) slot = &d->discount;
  else if (g_str_equal (field, "interest_rate")) slot = &d->interest_rate;

  if (slot != NULL)
    {
      if (!number)
        goto wrong_type;
      if (ds_is_set (x) && (x < 0 || !isfinite (x)))
        {
          g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                       _("Deal %s: %s cannot be negative; enter a positive number or clear the field"), d->id, field);
          return FALSE;
        }
      if ((slot == &d->discount || slot == &d->interest_rate) && ds_is_set (x) && x > 1)
        {
          g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                       _("Deal %s: %s is a fraction between 0 and 1 (20%% is 0.2)"), d->id, field);
          return FALSE;
        }
      if (slot == &d->post_money_usd && ds_is_set (x) && ds_is_set (d->pre_money_usd) && x < d->pre_money_usd)
        {
          g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                       _("The post-money valuation cannot be below the pre-money valuation (%.4g)"), d->pre_money_usd);
          return FALSE;
        }
      if (slot == &d->pre_money_usd && ds_is_set (x) && ds_is_set (d->post_money_usd) && x > d->post_money_usd)
        {
          g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                       _("The pre-money valuation cannot be above the post-money valuation (%.4g)"), d->post_money_usd);
          return FALSE;
        }
      *slot = x;
      return TRUE;
    }
  if (g_str_equal (field, "date"))
    {
      DsDate date;
      if (!text)
        goto wrong_type;
      if (!ds_date_parse (s, &date, error))
        return FALSE;
      d->date = date;
      return TRUE;
    }
  if (g_str_equal (field, "instrument") || g_str_equal (field, "status"))
    {
      gboolean instrument = g_str_equal (field, "instrument");
      if (!text)
        goto wrong_type;
      parsed = instrument ? ds_instrument_from_string (s) : ds_deal_status_from_string (s);
      if (parsed < 0)
        {
          g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                       _("“%s” is not a deal %s; use one of: %s"), s, field,
                       instrument ? ds_instrument_choices () : ds_deal_status_choices ());
          return FALSE;
        }
      if (instrument)
        d->instrument = parsed;
      else
        d->status = parsed;
      return TRUE;
    }
  g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_NOT_FOUND,
               _("Deals have no editable field “%s”; the fields are amount_usd, date, instrument, status, "
                 "pre_money_usd, post_money_usd, cap_usd, discount and interest_rate"), field);
  return FALSE;

wrong_type:
  g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
               _("Deal field %s takes a %s value, not “%s”"), field,
               g_str_equal (field, "date") || g_str_equal (field, "instrument") || g_str_equal (field, "status")
                 ? "text" : "number",
               g_variant_get_type_string (value));
  return FALSE;
}

/* Writes "deal.<id>.<field>" into a scenario through the scenario engine,
 * which validates it (NAN removes the override). */
static gboolean
set_scenario_setting (DsWindow    *self,
                      DsIndex      scenario,
                      const char  *key,
                      GVariant    *value,
                      GError     **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GError) local = NULL;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return ds_scenario_set (self->landscape, scenario, key, g_variant_get_string (value, NULL), error);
  if (ds_is_set (g_variant_get_double (value)))
    return ds_scenario_set (self->landscape, scenario, key,
                            g_ascii_dtostr (buf, sizeof buf, g_variant_get_double (value)), error);
  if (!ds_scenario_unset (self->landscape, scenario, key, &local) &&
      !g_error_matches (local, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* Applies without recording: the shared step of edits, undo and redo. */
static gboolean
apply_edit (DsWindow    *self,
            DsIndex      scenario,
            const char  *deal_id,
            const char  *field,
            GVariant    *value,
            GVariant   **out_before,
            GError     **error)
{
  DsIndex index = ds_landscape_find_deal (self->landscape, deal_id);
  DsDeal *deal, trial;
  g_autoptr(GVariant) before = NULL;

  if (index == DS_NONE)
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_NOT_FOUND,
                   _("There is no deal “%s” in this document"), deal_id);
      return FALSE;
    }
  deal = ds_landscape_deal (self->landscape, index);

  /* Validate on a copy so that a refused value changes nothing. */
  trial = *deal;
  if (!set_deal_field (&trial, field, value, error))
    return FALSE;

  if (scenario_is_base (self, scenario))
    {
      before = g_variant_ref_sink (deal_field_value (deal, field));
      *deal = trial;
      if (!ds_store_replace_all (self->store, self->landscape, error))
        {
          set_deal_field (deal, field, before, NULL);
          return FALSE;
        }
    }
  else
    {
      DsScenario *s = ds_landscape_scenario (self->landscape, scenario);
      g_autofree char *key = g_strdup_printf ("deal.%s.%s", deal_id, field);
      const DsSetting *old = ds_scenario_find_setting (s, key);

      if (old == NULL)
        before = g_variant_ref_sink (deal_field_value (deal, field));
      else if (old->text != NULL)
        before = g_variant_ref_sink (g_variant_new_string (old->text));
      else
        before = g_variant_ref_sink (g_variant_new_double (old->number));
      if (!set_scenario_setting (self, scenario, key, value, error))
        return FALSE;
      if (!ds_store_save_scenario (self->store, self->landscape, scenario, error))
        {
          set_scenario_setting (self, scenario, key, before, NULL);
          return FALSE;
        }
    }
  if (out_before != NULL)
    *out_before = g_steal_pointer (&before);
  rebuild_frame (self);
  return TRUE;
}

static void
update_undo_actions (DsWindow *self)
{
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "undo")),
                               self->undo_stack->len > 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "redo")),
                               self->redo_stack->len > 0);
}

gboolean
ds_window_apply_deal_edit (DsWindow    *self,
                           const char  *deal_id,
                           const char  *field,
                           GVariant    *value,
                           GError     **error)
{
  g_autoptr(GVariant) owned = NULL;
  GVariant *before = NULL;
  EditRecord *record;

  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (deal_id != NULL && field != NULL && value != NULL, FALSE);

  owned = g_variant_ref_sink (value);
  if (!apply_edit (self, self->scenario, deal_id, field, owned, &before, error))
    return FALSE;
  record = g_new0 (EditRecord, 1);
  record->scenario = self->scenario != DS_NONE ? g_strdup (ds_landscape_scenario (self->landscape, self->scenario)->id) : NULL;
  record->deal = g_strdup (deal_id);
  record->field = g_strdup (field);
  record->before = before;
  record->after = g_variant_ref (owned);
  g_ptr_array_add (self->undo_stack, record);
  g_ptr_array_set_size (self->redo_stack, 0);
  update_undo_actions (self);
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

/* Moves the last record of `from` onto `to`, applying its `before` (undo)
 * or its `after` (redo). */
static gboolean
replay_record (DsWindow  *self,
               GPtrArray *from,
               GPtrArray *to,
               gboolean   undo)
{
  EditRecord *r;
  g_autoptr(GError) error = NULL;
  DsIndex scenario = DS_NONE;

  if (from->len == 0)
    return FALSE;
  r = g_ptr_array_steal_index (from, from->len - 1);
  if (r->scenario != NULL)
    scenario = ds_landscape_find_scenario (self->landscape, r->scenario);
  if (!apply_edit (self, scenario, r->deal, r->field, undo ? r->before : r->after, NULL, &error))
    {
      toast (self, error->message);
      edit_record_free (r);
      update_undo_actions (self);
      return FALSE;
    }
  g_ptr_array_add (to, r);
  update_undo_actions (self);
  ds_inspector_refresh (self->inspector);
  return TRUE;
}

gboolean
ds_window_undo (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return replay_record (self, self->undo_stack, self->redo_stack, TRUE);
}

gboolean
ds_window_redo (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return replay_record (self, self->redo_stack, self->undo_stack, FALSE);
}

/* Export ------------------------------------------------------------------- */

typedef struct {
  DsWindow   *self;
  const char *view;
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
      ds_render_graph_page (cr, width, height, &page);
    }
  else
    ds_chart_view_draw (data->self->valuation_view, cr, width, height);
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
  ExportData data = { self, view };
#ifndef DS_HAVE_EXPORT
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;
  gboolean png = g_str_has_suffix (path, ".png") || g_str_has_suffix (path, ".PNG");
#endif
  g_autofree char *basename = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *message = NULL;
  AdwToast *t;

  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);

  if (!g_str_equal (view, "graph") && !g_str_equal (view, "valuation"))
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_NOT_FOUND,
                   _("Cannot export the view “%s”: the views that export are graph and valuation"), view);
      return FALSE;
    }
  if (g_str_equal (view, "valuation") && !ds_chart_view_has_chart (self->valuation_view))
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_EXPORT,
                   _("There is no valuation chart to export yet; export the graph instead"));
      return FALSE;
    }
  if (width < 16 || height < 16 || width > 20000 || height > 20000)
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_INVALID,
                   _("An export of %d × %d is out of range: use 16 to 20000 pixels a side"), width, height);
      return FALSE;
    }

#ifdef DS_HAVE_EXPORT
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
#else
  /* Until ds-export is in the core: the same cairo surfaces, unguarded. */
  if (png)
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  else if (g_str_has_suffix (path, ".pdf"))
    surface = cairo_pdf_surface_create (path, width, height);
  else if (g_str_has_suffix (path, ".svg"))
    surface = cairo_svg_surface_create (path, width, height);
  else
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_EXPORT,
                   _("Cannot tell the format of “%s”: end the name with .png, .pdf or .svg"), path);
      return FALSE;
    }
  cr = cairo_create (surface);
  draw_export (cr, width, height, &data);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = png ? cairo_surface_write_to_png (surface, path) : cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DS_WINDOW_ERROR, DS_WINDOW_ERROR_EXPORT,
                   _("Could not write “%s”: %s. Check that the folder exists and is writable"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }

#endif

  basename = g_path_get_basename (path);
  file = g_file_new_for_path (path);
  uri = g_file_get_uri (file);
  message = g_strdup_printf (_("Exported “%s”"), basename);
  t = adw_toast_new (message);
  adw_toast_set_button_label (t, _("_Open"));
  adw_toast_set_action_name (t, "win.open-file");
  adw_toast_set_action_target_value (t, g_variant_new_string (uri));
  adw_toast_overlay_add_toast (self->toast_overlay, t);
  return TRUE;
}

/* Positions ---------------------------------------------------------------- */

static void
save_positions (DsWindow *self)
{
  const double *x, *y;
  const guint8 *pinned;
  g_autoptr(GError) error = NULL;

  ds_graph_view_get_positions (self->graph_view, &x, &y, &pinned);
  if (!ds_store_save_positions (self->store, self->landscape, x, y, pinned, &error))
    toast (self, error->message);
}

static void
on_positions_changed (DsGraphView *view,
                      DsWindow    *self)
{
  save_positions (self);
}

typedef struct {
  DsLandscape *landscape;
  guint        n;
  double      *x, *y;
  guint8      *known, *pinned;
  guint        n_known;
} LayoutJob;

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

#ifdef DS_HAVE_LAYOUT
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
      if (!ds_layout_compute (graph, NULL, job->x, job->y, cancellable, NULL, NULL, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else
    ds_layout_place_new_nodes (graph, NULL, job->x, job->y, job->known);
  g_task_return_boolean (task, TRUE);
}
#endif

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
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  if (job->landscape != self->landscape)
    return;
  ds_graph_view_set_landscape (self->graph_view, self->landscape, job->x, job->y, job->pinned);
  gtk_widget_set_visible (self->layout_progress, FALSE);
  self->layout_ready = TRUE;
  save_positions (self);
}

/* Positions come from the document; the nodes it has none for get the
 * initial layout, off the main thread. */
static void
load_positions (DsWindow *self)
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

#ifdef DS_HAVE_LAYOUT
  g_cancellable_cancel (self->layout_cancellable);
  g_clear_object (&self->layout_cancellable);
  self->layout_cancellable = g_cancellable_new ();
  self->layout_ready = FALSE;
  gtk_widget_set_visible (self->layout_progress, TRUE);
  task = g_task_new (self, self->layout_cancellable, layout_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) layout_job_free);
  g_task_run_in_thread (task, layout_thread);
#else
  (void) layout_done;
  self->layout_ready = TRUE;
  layout_job_free (job);
#endif
}

/* Document ----------------------------------------------------------------- */

void
ds_window_set_document (DsWindow    *self,
                        DsStore     *store,
                        DsLandscape *landscape)
{
  g_autofree char *last_scenario = NULL;
  g_autofree char *title = NULL;
  g_autofree char *basename = NULL;

  g_return_if_fail (DS_IS_WINDOW (self));
  g_return_if_fail (DS_IS_STORE (store));
  g_return_if_fail (landscape != NULL);

  g_set_object (&self->store, store);
  if (landscape != self->landscape)
    {
      g_clear_pointer (&self->landscape, ds_landscape_unref);
      self->landscape = ds_landscape_ref (landscape);
    }
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  update_undo_actions (self);
  self->selected_entity = self->selected_deal = DS_NONE;
  self->scenario = DS_NONE;

  load_positions (self);
  ds_timeline_set_landscape (self->timeline, landscape);
  ds_inspector_set_landscape (self->inspector, landscape);
  ds_table_view_set_landscape (self->table_view, landscape);
  fill_scenarios (self);

  last_scenario = settings () ? g_settings_get_string (settings (), "last-scenario") : NULL;
  if (last_scenario == NULL || !set_scenario (self, last_scenario))
    set_scenario (self, landscape->scenarios->len > 0 ? ds_landscape_scenario (landscape, 0)->id : NULL);

  basename = g_path_get_basename (ds_store_get_path (store));
  gtk_window_set_title (GTK_WINDOW (self), "Dealscape");
  adw_view_switcher_title_set_subtitle (self->switcher_title, basename);
}

/* Actions ------------------------------------------------------------------ */

static void
open_response (GtkNativeDialog *chooser,
               int              response,
               DsWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) landscape = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = g_file_get_path (file);
      store = ds_store_open (path, DS_STORE_OPEN_DEFAULT, &error);
      if (store != NULL)
        landscape = ds_store_load (store, &error);
      if (landscape == NULL)
        toast (self, error->message);
      else
        {
          ds_window_set_document (self, store, landscape);
          if (settings () != NULL)
            g_settings_set_string (settings (), "last-document", path);
        }
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
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  DsLandscape *landscape = ds_dataset_read_file (task_data, &error);

  if (landscape == NULL)
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
  g_autoptr(DsLandscape) reloaded = NULL;

  if (imported == NULL || !ds_store_replace_all (self->store, imported, &error) ||
      (reloaded = ds_store_load (self->store, &error)) == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import Failed"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  ds_window_set_document (self, self->store, reloaded);
  toast (self, _("Dataset imported"));
}

static void
import_response (GtkNativeDialog *chooser,
                 int              response,
                 DsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GTask) task = g_task_new (self, NULL, import_done, NULL);
      g_task_set_task_data (task, g_file_get_path (file), g_free);
      g_task_run_in_thread (task, import_thread);
      toast (self, _("Importing…"));
    }
  g_object_unref (chooser);
}

static void
import_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  GtkFileChooserNative *chooser = new_chooser (self, _("Import Dataset (replaces the document’s landscape)"),
                                               _("_Import"), _("Dealscape datasets (JSON)"), "*.json");

  g_signal_connect (chooser, "response", G_CALLBACK (import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DsWindow *self = DS_WINDOW (user_data);
  DsExportDialog *dialog = ds_export_dialog_new (self, adw_view_stack_get_visible_child_name (self->view_stack));
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
  DsIndex deal = ds_landscape_find_deal (self->landscape, g_variant_get_string (param, NULL));

  if (deal != DS_NONE)
    select_deal (self, deal);
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
filter_toggled (GtkCheckButton *check,
                DsWindow       *self)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (check));
  guint32 kinds = 0, statuses = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (!GTK_IS_CHECK_BUTTON (c) || !gtk_check_button_get_active (GTK_CHECK_BUTTON (c)))
        continue;
      if (g_object_get_data (G_OBJECT (c), "ds-kind") != NULL)
        kinds |= 1u << (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (c), "ds-kind")) - 1);
      else
        statuses |= 1u << (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (c), "ds-status")) - 1);
    }
  ds_graph_view_set_filters (self->graph_view, kinds, statuses);
}

static GtkWidget *
section_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  return label;
}

static GtkWidget *
make_filter_button (DsWindow *self)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_set_tooltip_text (button, _("Show only some kinds of entities or deals"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filters"), -1);
  gtk_box_append (GTK_BOX (box), section_label (_("Entities")));
  for (int k = 0; k < DS_ENTITY_N_KINDS; k++)
    {
      g_autofree char *label = g_strdup (ds_entity_kind_to_string (k));
      GtkWidget *check;
      label[0] = g_ascii_toupper (label[0]);
      check = gtk_check_button_new_with_label (label);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_object_set_data (G_OBJECT (check), "ds-kind", GINT_TO_POINTER (k + 1));
      g_signal_connect (check, "toggled", G_CALLBACK (filter_toggled), self);
      gtk_box_append (GTK_BOX (box), check);
    }
  gtk_box_append (GTK_BOX (box), section_label (_("Deals")));
  for (int s = 0; s < DS_STATUS_N_KINDS; s++)
    {
      g_autofree char *label = g_strdup (ds_deal_status_to_string (s));
      GtkWidget *check;
      label[0] = g_ascii_toupper (label[0]);
      check = gtk_check_button_new_with_label (label);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_object_set_data (G_OBJECT (check), "ds-status", GINT_TO_POINTER (s + 1));
      g_signal_connect (check, "toggled", G_CALLBACK (filter_toggled), self);
      gtk_box_append (GTK_BOX (box), check);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
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
  gtk_box_append (GTK_BOX (osd), make_filter_button (self));
  gtk_box_append (GTK_BOX (osd), osd_button ("zoom-out-symbolic", "win.zoom-out", _("Zoom out (−)")));
  gtk_box_append (GTK_BOX (osd), osd_button ("zoom-fit-best-symbolic", "win.zoom-reset", _("Fit the graph (0)")));
  gtk_box_append (GTK_BOX (osd), osd_button ("zoom-in-symbolic", "win.zoom-in", _("Zoom in (+)")));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), osd);

  self->layout_progress = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (self->layout_progress), TRUE);
  gtk_widget_set_tooltip_text (self->layout_progress, _("Laying out the graph…"));
  gtk_widget_set_halign (self->layout_progress, GTK_ALIGN_START);
  gtk_widget_set_valign (self->layout_progress, GTK_ALIGN_START);
  gtk_widget_set_margin_start (self->layout_progress, 16);
  gtk_widget_set_margin_top (self->layout_progress, 16);
  gtk_widget_set_size_request (self->layout_progress, 24, 24);
  gtk_widget_set_visible (self->layout_progress, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->layout_progress);
  return overlay;
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
on_view_changed (AdwViewStack *stack,
                 GParamSpec   *pspec,
                 DsWindow     *self)
{
  const char *name = adw_view_stack_get_visible_child_name (stack);
  if (settings () != NULL && name != NULL)
    g_settings_set_string (settings (), "last-view", name);
}

/* Window state ------------------------------------------------------------- */

static gboolean
ds_window_close_request (GtkWindow *window)
{
  DsWindow *self = DS_WINDOW (window);
  GSettings *s = settings ();
  int width, height;

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

  g_cancellable_cancel (self->layout_cancellable);
  g_clear_object (&self->layout_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DS_TYPE_WINDOW);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
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

  /* Single keys go in the bubble phase, so that text fields and buttons
   * that take them keep them (app accelerators would steal them first). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, 0, "win.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "win.step", "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F9, 0, toggle_inspector_shortcut, NULL);
}

static void
ds_window_init (DsWindow *self)
{
  static const GActionEntry entries[] = {
    { "open", open_activated },
    { "import", import_activated },
    { "export", export_activated },
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
  };
  GtkWidget *page;
  AdwViewStackPage *stack_page;
  GSettings *s = settings ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected_entity = self->selected_deal = self->scenario = DS_NONE;
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_record_free);
  self->redo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_record_free);
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  update_undo_actions (self);

  page = make_graph_page (self);
  stack_page = adw_view_stack_add_titled (self->view_stack, page, "graph", _("Graph"));
  adw_view_stack_page_set_icon_name (stack_page, "network-workgroup-symbolic");
  self->valuation_view = DS_CHART_VIEW (ds_chart_view_new (DS_CHART_VIEW_VALUATION));
  stack_page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->valuation_view), "valuation", _("Valuation"));
  adw_view_stack_page_set_icon_name (stack_page, "x-office-presentation-symbolic");
  self->compute_view = DS_CHART_VIEW (ds_chart_view_new (DS_CHART_VIEW_COMPUTE));
  stack_page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->compute_view), "compute", _("Compute"));
  adw_view_stack_page_set_icon_name (stack_page, "power-profile-performance-symbolic");
  self->table_view = DS_TABLE_VIEW (ds_table_view_new ());
  stack_page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->table_view), "table", _("Table"));
  adw_view_stack_page_set_icon_name (stack_page, "view-list-symbolic");

  g_signal_connect (self->graph_view, "selection-changed", G_CALLBACK (on_graph_selection), self);
  g_signal_connect (self->graph_view, "positions-changed", G_CALLBACK (on_positions_changed), self);
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

GtkWidget *
ds_window_get_graph_view (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->graph_view);
}

gboolean
ds_window_get_layout_ready (DsWindow *self)
{
  g_return_val_if_fail (DS_IS_WINDOW (self), FALSE);
  return self->layout_ready;
}
