/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-chart-view.c: builds a DsChart once per data change and draws it in a
 * GtkDrawingArea; a status page stands in until there is a chart to show. */
#define G_LOG_DOMAIN "ds-chart-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ds-chart-view.h"
#include "ds-theme.h"
#ifdef DS_HAVE_CHART
#include "ds-chart.h"
#endif

struct _DsChartView {
  GtkWidget       parent_instance;

  DsChartViewKind kind;
  GtkWidget      *stack;
  GtkWidget      *area;
  GtkWidget      *status;
  DsLandscape    *landscape;
  DsDate          cursor;
  char           *theme_name;
#ifdef DS_HAVE_CHART
  DsChart        *chart;
#endif
};

G_DEFINE_FINAL_TYPE (DsChartView, ds_chart_view, GTK_TYPE_WIDGET)

G_GNUC_UNUSED static const DsTheme *
current_theme (DsChartView *self)
{
  const DsTheme *theme = ds_theme_get (self->theme_name);
  return theme != NULL ? theme : ds_theme_get ("light");
}

#ifdef DS_HAVE_CHART
/* The valuations the landscape records: each company's post-money (or
 * pre-money plus the round) at its priced deals. Scenario valuations, from
 * the cap tables, replace this when ds-replay is in the core. */
static DsChart *
build_valuation_chart (DsLandscape *ls)
{
  g_autoptr(DsChart) chart = ds_chart_new (DS_CHART_LINE, _("Valuations at priced rounds"));
  g_autoptr(GHashTable) series = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) sources = g_string_new (NULL);
  g_autoptr(GHashTable) seen_sources = g_hash_table_new (NULL, NULL);
  guint n_points = 0;

  ds_chart_set_subtitle (chart, _("Post-money valuation of each company, as reported"));
  ds_chart_set_y_axis (chart, DS_CHART_SCALE_LOG, DS_CHART_UNIT_USD, NULL);
  for (DsIndex i = 0; i < ds_landscape_n_deals (ls); i++)
    {
      const DsDeal *d = ds_landscape_deal (ls, i);
      double value = d->post_money_usd;
      gpointer s;

      if (!ds_is_set (value) && ds_is_set (d->pre_money_usd) && ds_is_set (d->amount_usd))
        value = d->pre_money_usd + d->amount_usd;
      if (!ds_is_set (value) || d->date == DS_DATE_NONE)
        continue;
      if (!g_hash_table_lookup_extended (series, GINT_TO_POINTER (d->target + 1), NULL, &s))
        {
          guint index = ds_chart_add_series (chart, ds_landscape_entity (ls, d->target)->name,
                                             g_hash_table_size (series), 0);
          s = GUINT_TO_POINTER (index);
          g_hash_table_insert (series, GINT_TO_POINTER (d->target + 1), s);
        }
      ds_chart_add_point (chart, GPOINTER_TO_UINT (s), d->date, value,
                          d->confidence == DS_CONFIDENCE_ASSUMPTION);
      n_points++;
      if (d->source != DS_NONE && !g_hash_table_contains (seen_sources, GINT_TO_POINTER (d->source + 1)))
        {
          const DsSource *src = ds_landscape_source (ls, d->source);
          if (g_hash_table_size (seen_sources) > 0)
            g_string_append (sources, "; ");
          g_string_append (sources, src->publisher ? src->publisher : src->title);
          g_hash_table_add (seen_sources, GINT_TO_POINTER (d->source + 1));
        }
    }
  if (n_points == 0)
    return NULL;
  ds_chart_set_sources (chart, sources->str);
  return g_steal_pointer (&chart);
}
#endif

static void
rebuild (DsChartView *self)
{
#ifdef DS_HAVE_CHART
  g_clear_pointer (&self->chart, ds_chart_free);
  if (self->landscape != NULL && self->kind == DS_CHART_VIEW_VALUATION)
    self->chart = build_valuation_chart (self->landscape);
  if (self->chart != NULL)
    {
      if (self->cursor != DS_DATE_NONE)
        ds_chart_set_cursor (self->chart, self->cursor);
      ds_chart_prepare (self->chart);
    }
  gtk_stack_set_visible_child (GTK_STACK (self->stack), self->chart ? self->area : self->status);
  gtk_widget_queue_draw (self->area);
#endif
}

static void
draw_area (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  ds_chart_view_draw (DS_CHART_VIEW (user_data), cr, width, height);
}

static void
ds_chart_view_dispose (GObject *object)
{
  DsChartView *self = DS_CHART_VIEW (object);

  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  g_clear_pointer (&self->theme_name, g_free);
#ifdef DS_HAVE_CHART
  g_clear_pointer (&self->chart, ds_chart_free);
#endif
  G_OBJECT_CLASS (ds_chart_view_parent_class)->dispose (object);
}

static void
ds_chart_view_class_init (DsChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ds_chart_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ds_chart_view_init (DsChartView *self)
{
  self->theme_name = g_strdup ("light");
  self->stack = gtk_stack_new ();
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  self->area = gtk_drawing_area_new ();
  gtk_widget_set_hexpand (self->area, TRUE);
  gtk_widget_set_vexpand (self->area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->area), draw_area, self, NULL);
  gtk_stack_add_child (GTK_STACK (self->stack), self->area);

  self->status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->status), "x-office-presentation-symbolic");
  gtk_stack_add_child (GTK_STACK (self->stack), self->status);
  gtk_stack_set_visible_child (GTK_STACK (self->stack), self->status);
}

GtkWidget *
ds_chart_view_new (DsChartViewKind kind)
{
  DsChartView *self = g_object_new (DS_TYPE_CHART_VIEW, NULL);

  self->kind = kind;
  if (kind == DS_CHART_VIEW_VALUATION)
    {
      adw_status_page_set_title (ADW_STATUS_PAGE (self->status), _("Valuation Charts"));
      adw_status_page_set_description (ADW_STATUS_PAGE (self->status),
                                       _("Valuations, stakes and threshold crossings over time come with the scenario engine."));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Valuation chart"), -1);
    }
  else
    {
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->status), "power-profile-performance-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (self->status), _("Compute Charts"));
      adw_status_page_set_description (ADW_STATUS_PAGE (self->status),
                                       _("Power, chips and training compute bought by each deal come with the scenario engine."));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Compute chart"), -1);
    }
  return GTK_WIDGET (self);
}

void
ds_chart_view_set_landscape (DsChartView *self,
                             DsLandscape *landscape)
{
  g_return_if_fail (DS_IS_CHART_VIEW (self));
  if (landscape != self->landscape)
    {
      g_clear_pointer (&self->landscape, ds_landscape_unref);
      self->landscape = landscape ? ds_landscape_ref (landscape) : NULL;
    }
  rebuild (self);
}

void
ds_chart_view_set_cursor (DsChartView *self,
                          DsDate       date)
{
  g_return_if_fail (DS_IS_CHART_VIEW (self));
  if (date == self->cursor)
    return;
  self->cursor = date;
#ifdef DS_HAVE_CHART
  /* The cursor is the only thing that moves during a replay; the series
   * stay prepared. */
  if (self->chart != NULL)
    {
      ds_chart_set_cursor (self->chart, date);
      ds_chart_prepare (self->chart);
      gtk_widget_queue_draw (self->area);
    }
#endif
}

void
ds_chart_view_set_theme_name (DsChartView *self,
                              const char  *name)
{
  g_return_if_fail (DS_IS_CHART_VIEW (self));
  g_free (self->theme_name);
  self->theme_name = g_strdup (name);
  gtk_widget_queue_draw (self->area);
}

gboolean
ds_chart_view_has_chart (DsChartView *self)
{
  g_return_val_if_fail (DS_IS_CHART_VIEW (self), FALSE);
#ifdef DS_HAVE_CHART
  return self->chart != NULL;
#else
  return FALSE;
#endif
}

gboolean
ds_chart_view_draw (DsChartView *self,
                    cairo_t     *cr,
                    double       width,
                    double       height)
{
  g_return_val_if_fail (DS_IS_CHART_VIEW (self), FALSE);
#ifdef DS_HAVE_CHART
  if (self->chart == NULL)
    return FALSE;
  ds_chart_draw (self->chart, cr, width, height, current_theme (self));
  return TRUE;
#else
  return FALSE;
#endif
}
