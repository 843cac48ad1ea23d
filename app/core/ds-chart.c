/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-chart.c: chart model, preparation (nice ticks, date ticks, stacking,
 * normalization to 0..1, crossings) and drawing with cairo and pango. */
#define G_LOG_DOMAIN "ds-chart"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "ds-chart.h"
#include "ds-format.h"
#include "ds-text.h"

typedef struct {
  double days;
  double value;
  gboolean assumed;
} Point;

typedef struct {
  char    *name;
  guint    colour;
  DsSeriesFlags flags;
  GArray  *points;      /* Point */
  /* Prepared: normalized coordinates; for stacks lo/hi at the shared x. */
  GArray  *nx, *ny, *nlo;
} Series;

typedef struct {
  double days;
  char  *label;
} Annotation;

struct _DsChart {
  DsChartKind  kind;
  char        *title, *subtitle, *sources, *note, *unit_suffix, *threshold_label;
  DsChartScale scale;
  DsChartUnit  unit;
  DsDate       cursor;
  double       threshold;
  GPtrArray   *series;       /* Series */
  GArray      *annotations;  /* Annotation */
  GArray      *references;   /* Annotation, days holding the value */

  /* Prepared */
  gboolean     prepared;
  double       x_lo, x_hi, y_lo, y_hi;     /* y in log10 for log scale */
  GArray      *y_ticks;      /* double (data values) */
  GPtrArray   *y_labels;
  GArray      *x_ticks;      /* DsDate */
  GPtrArray   *x_labels;
  GArray      *crossings;    /* double days, guint series interleaved as double */
};

static void
series_free (gpointer data)
{
  Series *s = data;
  g_free (s->name);
  g_array_unref (s->points);
  g_clear_pointer (&s->nx, g_array_unref);
  g_clear_pointer (&s->ny, g_array_unref);
  g_clear_pointer (&s->nlo, g_array_unref);
  g_free (s);
}

DsChart *
ds_chart_new (DsChartKind kind, const char *title)
{
  DsChart *self = g_new0 (DsChart, 1);

  self->kind = kind;
  self->title = g_strdup (title ? title : "");
  self->threshold = NAN;
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->annotations = g_array_new (FALSE, FALSE, sizeof (Annotation));
  self->references = g_array_new (FALSE, FALSE, sizeof (Annotation));
  self->y_ticks = g_array_new (FALSE, FALSE, sizeof (double));
  self->y_labels = g_ptr_array_new_with_free_func (g_free);
  self->x_ticks = g_array_new (FALSE, FALSE, sizeof (DsDate));
  self->x_labels = g_ptr_array_new_with_free_func (g_free);
  self->crossings = g_array_new (FALSE, FALSE, sizeof (double));
  return self;
}

void
ds_chart_free (DsChart *self)
{
  if (!self)
    return;
  for (guint i = 0; i < self->annotations->len; i++)
    g_free (g_array_index (self->annotations, Annotation, i).label);
  g_array_unref (self->annotations);
  for (guint i = 0; i < self->references->len; i++)
    g_free (g_array_index (self->references, Annotation, i).label);
  g_array_unref (self->references);
  g_ptr_array_unref (self->series);
  g_array_unref (self->y_ticks);
  g_ptr_array_unref (self->y_labels);
  g_array_unref (self->x_ticks);
  g_ptr_array_unref (self->x_labels);
  g_array_unref (self->crossings);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->sources);
  g_free (self->note);
  g_free (self->unit_suffix);
  g_free (self->threshold_label);
  g_free (self);
}

void
ds_chart_set_subtitle (DsChart *self, const char *subtitle)
{
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  self->prepared = FALSE;
}

void
ds_chart_set_y_axis (DsChart *self, DsChartScale scale, DsChartUnit unit, const char *suffix)
{
  self->scale = scale;
  self->unit = unit;
  g_free (self->unit_suffix);
  self->unit_suffix = g_strdup (suffix);
  self->prepared = FALSE;
}

void
ds_chart_set_sources (DsChart *self, const char *sources)
{
  g_free (self->sources);
  self->sources = g_strdup (sources);
}

void
ds_chart_set_note (DsChart *self, const char *note)
{
  g_free (self->note);
  self->note = g_strdup (note);
}

void
ds_chart_set_cursor (DsChart *self, DsDate date)
{
  self->cursor = date;
}

void
ds_chart_set_threshold (DsChart *self, double value, const char *label)
{
  self->threshold = value;
  g_free (self->threshold_label);
  self->threshold_label = g_strdup (label);
  self->prepared = FALSE;
}

guint
ds_chart_add_series (DsChart *self, const char *name, guint colour, DsSeriesFlags flags)
{
  Series *s = g_new0 (Series, 1);

  s->name = g_strdup (name ? name : "");
  s->colour = colour;
  s->flags = flags;
  s->points = g_array_new (FALSE, FALSE, sizeof (Point));
  g_ptr_array_add (self->series, s);
  self->prepared = FALSE;
  return self->series->len - 1;
}

void
ds_chart_add_point (DsChart *self, guint series, DsDate date, double value, gboolean assumed)
{
  Point p = { ds_date_to_days (date), value, assumed };

  g_return_if_fail (series < self->series->len);
  g_return_if_fail (date != DS_DATE_NONE);
  g_array_append_val (((Series *) self->series->pdata[series])->points, p);
  self->prepared = FALSE;
}

void
ds_chart_add_annotation (DsChart *self, DsDate date, const char *label)
{
  Annotation a = { ds_date_to_days (date), g_strdup (label ? label : "") };

  g_array_append_val (self->annotations, a);
}

void
ds_chart_add_reference (DsChart *self, double value, const char *label)
{
  Annotation a = { value, g_strdup (label ? label : "") };

  g_return_if_fail (isfinite (value));
  g_array_append_val (self->references, a);
  self->prepared = FALSE;
}

const char *ds_chart_get_title (const DsChart *self) { return self->title; }
const char *ds_chart_get_sources (const DsChart *self) { return self->sources; }
const char *ds_chart_get_note (const DsChart *self) { return self->note; }
double ds_chart_get_threshold (const DsChart *self) { return self->threshold; }
DsChartScale ds_chart_get_scale (const DsChart *self) { return self->scale; }
guint ds_chart_get_n_series (const DsChart *self) { return self->series->len; }
guint ds_chart_get_n_annotations (const DsChart *self) { return self->annotations->len; }
guint ds_chart_get_n_references (const DsChart *self) { return self->references->len; }

const char *
ds_chart_get_series_name (const DsChart *self, guint series)
{
  g_return_val_if_fail (series < self->series->len, NULL);
  return ((const Series *) self->series->pdata[series])->name;
}

DsSeriesFlags
ds_chart_get_series_flags (const DsChart *self, guint series)
{
  g_return_val_if_fail (series < self->series->len, 0);
  return ((const Series *) self->series->pdata[series])->flags;
}

double
ds_chart_get_value (const DsChart *self, guint series, DsDate date, gboolean *assumed)
{
  const Series *se;
  double days = ds_date_to_days (date);

  g_return_val_if_fail (series < self->series->len, NAN);
  se = self->series->pdata[series];
  for (guint i = 0; i < se->points->len; i++)
    {
      const Point *p = &g_array_index (se->points, Point, i);
      if (p->days == days)
        {
          if (assumed)
            *assumed = p->assumed || (se->flags & DS_SERIES_ASSUMED);
          return p->value;
        }
    }
  if (assumed)
    *assumed = FALSE;
  return NAN;
}

const char *
ds_chart_get_annotation (const DsChart *self, guint i, DsDate *date)
{
  const Annotation *a;

  g_return_val_if_fail (i < self->annotations->len, NULL);
  a = &g_array_index (self->annotations, Annotation, i);
  if (date)
    *date = ds_date_from_days ((gint32) a->days);
  return a->label;
}

double
ds_chart_get_reference (const DsChart *self, guint i, const char **label)
{
  const Annotation *a;

  g_return_val_if_fail (i < self->references->len, NAN);
  a = &g_array_index (self->references, Annotation, i);
  if (label)
    *label = a->label;
  return a->days;
}

/* --- preparation --------------------------------------------------------- */

static double
nice_number (double x, gboolean round_it)
{
  double e = floor (log10 (x)), f = x / pow (10, e), nf;

  if (round_it)
    nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  else
    nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nf * pow (10, e);
}

guint
ds_chart_nice_ticks (double lo, double hi, guint target, double *ticks, guint max)
{
  double step, start;
  guint n = 0;

  if (!(hi > lo))
    {
      double pad = lo != 0 ? fabs (lo) * 0.5 : 1;
      lo -= pad;
      hi += pad;
    }
  step = nice_number ((hi - lo) / MAX (target - 1, 1), TRUE);
  start = floor (lo / step + 1e-9) * step;
  for (double v = start; n < max; v += step)
    {
      /* Snap near-zero sums so the axis reads "0", not "-1.1e-16". */
      ticks[n++] = fabs (v) < step * 1e-9 ? 0 : v;
      if (v >= hi - step * 1e-9)
        break;
    }
  return n;
}

static int
point_cmp (const void *a, const void *b)
{
  const Point *x = a, *y = b;
  return (x->days > y->days) - (x->days < y->days);
}

static int
double_cmp (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static char *
format_value (const DsChart *self, double v)
{
  switch (self->unit)
    {
    case DS_CHART_UNIT_USD: return ds_format_usd (v);
    case DS_CHART_UNIT_SI: return ds_format_si (v, self->unit_suffix);
    case DS_CHART_UNIT_PERCENT:
      {
        g_autofree char *n = ds_format_number (v * 100);
        return g_strdup_printf ("%s%%", n);
      }
    case DS_CHART_UNIT_NUMBER:
    default:
      {
        g_autofree char *n = ds_format_number (v);
        return self->unit_suffix ? g_strdup_printf ("%s %s", n, self->unit_suffix) : g_steal_pointer (&n);
      }
    }
}

/* Linear interpolation of a sorted series at `days`: 0 before its first
 * point (a stake not yet held), the last value after its last. */
static double
value_at (const Series *s, double days)
{
  const Point *p = (const Point *) s->points->data;
  guint n = s->points->len;

  if (n == 0 || days < p[0].days)
    return 0;
  for (guint i = 1; i < n; i++)
    if (days <= p[i].days)
      {
        double t = (days - p[i - 1].days) / MAX (p[i].days - p[i - 1].days, 1e-9);
        return p[i - 1].value + t * (p[i].value - p[i - 1].value);
      }
  return p[n - 1].value;
}

static double
y_transform (const DsChart *self, double v)
{
  return self->scale == DS_CHART_SCALE_LOG ? log10 (MAX (v, 1e-300)) : v;
}

static void
date_ticks (DsChart *self)
{
  DsDate lo = ds_date_from_days ((gint32) floor (self->x_lo));
  DsDate hi = ds_date_from_days ((gint32) ceil (self->x_hi));
  int span_months = (DS_DATE_YEAR (hi) - DS_DATE_YEAR (lo)) * 12 + DS_DATE_MONTH (hi) - DS_DATE_MONTH (lo);
  int step = span_months > 12 * 12 ? 60 : span_months > 12 * 6 ? 24 : span_months > 30 ? 12
             : span_months > 9 ? 3 : 1;
  DsDate d = DS_DATE_YEAR (lo) * 10000 + 101;

  /* Start on a tick boundary at or before the first data point. */
  while (ds_date_add_months (d, step) <= lo)
    d = ds_date_add_months (d, step);
  if (step >= 12)
    d = (DS_DATE_YEAR (d) - DS_DATE_YEAR (d) % (step / 12)) * 10000 + 101;
  g_array_set_size (self->x_ticks, 0);
  g_ptr_array_set_size (self->x_labels, 0);
  /* Ticks run from at or before the first point to at or after the last,
   * so every point sits inside the axis. */
  for (;; d = ds_date_add_months (d, step))
    {
      g_array_append_val (self->x_ticks, d);
      g_ptr_array_add (self->x_labels, step >= 12 ? g_strdup_printf ("%d", DS_DATE_YEAR (d))
                                                  : ds_format_date_short (d));
      if ((d >= hi && self->x_ticks->len >= 2) || self->x_ticks->len > 40)
        break;
    }
  self->x_lo = MIN (self->x_lo, ds_date_to_days (g_array_index (self->x_ticks, DsDate, 0)));
  self->x_hi = MAX (self->x_hi, ds_date_to_days (g_array_index (self->x_ticks, DsDate, self->x_ticks->len - 1)));
}

void
ds_chart_prepare (DsChart *self)
{
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  double ylo = G_MAXDOUBLE, yhi = -G_MAXDOUBLE;
  double ticks[64];
  guint n;

  self->x_lo = G_MAXDOUBLE;
  self->x_hi = -G_MAXDOUBLE;
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *se = self->series->pdata[s];
      qsort (se->points->data, se->points->len, sizeof (Point), point_cmp);
      for (guint i = 0; i < se->points->len; i++)
        {
          const Point *p = &g_array_index (se->points, Point, i);
          self->x_lo = MIN (self->x_lo, p->days);
          self->x_hi = MAX (self->x_hi, p->days);
          g_array_append_val (xs, p->days);
          if (self->kind == DS_CHART_LINE && isfinite (p->value)
              && (self->scale == DS_CHART_SCALE_LINEAR || p->value > 0))
            {
              ylo = MIN (ylo, p->value);
              yhi = MAX (yhi, p->value);
            }
        }
    }
  for (guint i = 0; i < self->annotations->len; i++)
    {
      double d = g_array_index (self->annotations, Annotation, i).days;
      self->x_lo = MIN (self->x_lo, d);
      self->x_hi = MAX (self->x_hi, d);
    }
  if (self->x_lo > self->x_hi)
    {
      self->x_lo = ds_date_to_days (20240101);
      self->x_hi = ds_date_to_days (20260101);
    }
  /* The shared x positions the stack is evaluated at. */
  qsort (xs->data, xs->len, sizeof (double), double_cmp);

  if (self->kind == DS_CHART_STACKED_AREA)
    {
      ylo = 0;
      yhi = 0;
      for (guint i = 0; i < xs->len; i++)
        {
          double sum = 0;
          for (guint s = 0; s < self->series->len; s++)
            sum += MAX (value_at (self->series->pdata[s], g_array_index (xs, double, i)), 0);
          yhi = MAX (yhi, sum);
        }
    }
  if (isfinite (self->threshold))
    {
      ylo = MIN (ylo, self->threshold);
      yhi = MAX (yhi, self->threshold);
    }
  for (guint i = 0; i < self->references->len; i++)
    {
      double v = g_array_index (self->references, Annotation, i).days;
      if (self->scale == DS_CHART_SCALE_LINEAR || v > 0)
        {
          ylo = MIN (ylo, v);
          yhi = MAX (yhi, v);
        }
    }
  if (ylo > yhi)
    {
      ylo = self->scale == DS_CHART_SCALE_LOG ? 1 : 0;
      yhi = ylo * 10 + 1;
    }

  date_ticks (self);

  g_array_set_size (self->y_ticks, 0);
  g_ptr_array_set_size (self->y_labels, 0);
  if (self->scale == DS_CHART_SCALE_LOG)
    {
      int e0 = (int) floor (log10 (ylo)), e1 = (int) ceil (log10 (yhi));
      int stride = MAX (1, (e1 - e0 + 7) / 8);
      if (e1 == e0)
        e1++;
      int e;
      /* Decades; the last tick at or above the data. */
      for (e = e0; e - stride < e1; e += stride)
        {
          /* Few decades: 1-2-5 steps inside each, or the axis has 2 labels. */
          static const double steps[] = { 1, 2, 5 };
          for (guint k = 0; k < (e1 - e0 <= 3 && e < e1 ? 3u : 1u); k++)
            {
              double v = steps[k] * pow (10, e);
              g_array_append_val (self->y_ticks, v);
              g_ptr_array_add (self->y_labels, format_value (self, v));
            }
        }
      self->y_lo = e0;
      self->y_hi = e - stride;
    }
  else
    {
      /* Values that are all positive start at zero: bars of money read wrong otherwise. */
      n = ds_chart_nice_ticks (MIN (ylo, 0), yhi, 6, ticks, G_N_ELEMENTS (ticks));
      for (guint i = 0; i < n; i++)
        {
          g_array_append_val (self->y_ticks, ticks[i]);
          g_ptr_array_add (self->y_labels, format_value (self, ticks[i]));
        }
      self->y_lo = ticks[0];
      self->y_hi = ticks[n - 1];
    }

  /* Normalized geometry. */
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *se = self->series->pdata[s];
      g_clear_pointer (&se->nx, g_array_unref);
      g_clear_pointer (&se->ny, g_array_unref);
      g_clear_pointer (&se->nlo, g_array_unref);
      se->nx = g_array_new (FALSE, FALSE, sizeof (double));
      se->ny = g_array_new (FALSE, FALSE, sizeof (double));
      se->nlo = g_array_new (FALSE, FALSE, sizeof (double));
    }
  {
    double xr = MAX (self->x_hi - self->x_lo, 1e-9), yr = MAX (self->y_hi - self->y_lo, 1e-300);
    if (self->kind == DS_CHART_LINE)
      for (guint s = 0; s < self->series->len; s++)
        {
          Series *se = self->series->pdata[s];
          for (guint i = 0; i < se->points->len; i++)
            {
              const Point *p = &g_array_index (se->points, Point, i);
              double nx = (p->days - self->x_lo) / xr, ny = (y_transform (self, p->value) - self->y_lo) / yr;
              g_array_append_val (se->nx, nx);
              g_array_append_val (se->ny, ny);
            }
        }
    else
      {
        /* Extend the stack to the right edge so the last state stays visible. */
        double last = self->x_hi;
        g_array_append_val (xs, last);
        for (guint i = 0; i < xs->len; i++)
          {
            double x = g_array_index (xs, double, i), nx = (x - self->x_lo) / xr, base = 0;
            for (guint s = 0; s < self->series->len; s++)
              {
                Series *se = self->series->pdata[s];
                double v = MAX (value_at (se, x), 0), lo = (base - self->y_lo) / yr, hi;
                base += v;
                hi = (base - self->y_lo) / yr;
                g_array_append_val (se->nx, nx);
                g_array_append_val (se->nlo, lo);
                g_array_append_val (se->ny, hi);
              }
          }
      }
  }

  /* Where a series' own value crosses the threshold, in either direction. */
  g_array_set_size (self->crossings, 0);
  if (isfinite (self->threshold))
    for (guint s = 0; s < self->series->len; s++)
      {
        Series *se = self->series->pdata[s];
        const Point *p = (const Point *) se->points->data;
        for (guint i = 1; i < se->points->len; i++)
          {
            double a = p[i - 1].value - self->threshold, b = p[i].value - self->threshold;
            if ((a < 0 && b >= 0) || (a >= 0 && b < 0))
              {
                double t = a / (a - b), day = p[i - 1].days + t * (p[i].days - p[i - 1].days), idx = s;
                g_array_append_val (self->crossings, day);
                g_array_append_val (self->crossings, idx);
              }
          }
      }
  self->prepared = TRUE;
}

guint ds_chart_get_n_y_ticks (const DsChart *self) { return self->y_ticks->len; }
double ds_chart_get_y_tick (const DsChart *self, guint i) { return g_array_index (self->y_ticks, double, i); }
const char *ds_chart_get_y_label (const DsChart *self, guint i) { return self->y_labels->pdata[i]; }
guint ds_chart_get_n_x_ticks (const DsChart *self) { return self->x_ticks->len; }
DsDate ds_chart_get_x_tick (const DsChart *self, guint i) { return g_array_index (self->x_ticks, DsDate, i); }
const char *ds_chart_get_x_label (const DsChart *self, guint i) { return self->x_labels->pdata[i]; }
guint ds_chart_get_n_crossings (const DsChart *self) { return self->crossings->len / 2; }

double
ds_chart_get_crossing (const DsChart *self, guint i, guint *series)
{
  if (series)
    *series = (guint) g_array_index (self->crossings, double, 2 * i + 1);
  return g_array_index (self->crossings, double, 2 * i);
}

/* --- drawing ------------------------------------------------------------- */

static PangoLayout *
text_layout (cairo_t *cr, const DsTheme *theme, double size, gboolean bold, const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (theme->font_family);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);
  return layout;
}

static double
draw_text (cairo_t *cr, const DsTheme *theme, double size, gboolean bold, const DsRgba *colour,
           double x, double y, double align, const char *text, double wrap_width)
{
  g_autoptr(PangoLayout) layout = text_layout (cr, theme, size, bold, text);
  int w, h;

  if (wrap_width > 0)
    {
      pango_layout_set_width (layout, (int) (wrap_width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y);
  ds_theme_set_source (cr, colour);
  ds_text_show (cr, layout);
  return h;
}

void
ds_chart_draw (const DsChart *self, cairo_t *cr, double width, double height, const DsTheme *theme)
{
  double fs = theme->font_size, top = 16, left, right = 24, bottom, px0, py0, px1, py1, pw, ph;
  double legend_x, legend_h = 0;
  guint max_points = 0;
  const double xr = MAX (self->x_hi - self->x_lo, 1e-9);

  g_return_if_fail (self->prepared);

  cairo_save (cr);
  ds_theme_set_source (cr, &theme->background);
  cairo_paint (cr);

  top += draw_text (cr, theme, theme->title_size, TRUE, &theme->text, 20, top, 0, self->title, width - 40);
  if (self->subtitle)
    top += draw_text (cr, theme, fs, FALSE, &theme->text_muted, 20, top + 2, 0, self->subtitle, width - 40) + 2;

  /* Legend: one row of swatches under the titles, wrapping as needed. */
  legend_x = 20;
  top += 8;
  for (guint s = 0; s < self->series->len; s++)
    {
      const Series *se = self->series->pdata[s];
      g_autofree char *name = (se->flags & DS_SERIES_ASSUMED) ? g_strdup_printf ("%s (assumed)", se->name)
                                                               : g_strdup (se->name);
      g_autoptr(PangoLayout) layout = text_layout (cr, theme, fs * 0.95, FALSE, name);
      int w, h;
      pango_layout_get_pixel_size (layout, &w, &h);
      if (legend_x + 28 + w > width - 20 && legend_x > 20)
        {
          legend_x = 20;
          top += h + 4;
        }
      cairo_new_path (cr);
      if (self->kind == DS_CHART_STACKED_AREA)
        cairo_rectangle (cr, legend_x, top + h / 2 - 5, 18, 10);
      else
        {
          cairo_move_to (cr, legend_x, top + h / 2);
          cairo_line_to (cr, legend_x + 18, top + h / 2);
        }
      ds_theme_set_source (cr, &theme->series[se->colour % DS_THEME_N_SERIES]);
      if (self->kind == DS_CHART_STACKED_AREA)
        cairo_fill (cr);
      else
        {
          cairo_set_line_width (cr, 2.5);
          if (se->flags & DS_SERIES_DASHED)
            cairo_set_dash (cr, (double[]) { 5, 3 }, 2, 0);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      cairo_move_to (cr, legend_x + 24, top);
      ds_theme_set_source (cr, &theme->text);
      ds_text_show (cr, layout);
      legend_x += 24 + w + 18;
      legend_h = h;
    }
  /* Explain the dotted stretches when the chart has any. */
  if (self->kind == DS_CHART_LINE)
    {
      gboolean any = FALSE;
      for (guint s = 0; s < self->series->len && !any; s++)
        {
          const Series *se = self->series->pdata[s];
          for (guint i = 0; i < se->points->len && !any; i++)
            any = g_array_index (se->points, Point, i).assumed;
        }
      if (any)
        {
          g_autoptr(PangoLayout) layout = text_layout (cr, theme, fs * 0.95, FALSE, "projected or assumed");
          int w, h;
          pango_layout_get_pixel_size (layout, &w, &h);
          if (legend_x + 28 + w > width - 20 && legend_x > 20)
            {
              legend_x = 20;
              top += h + 4;
            }
          cairo_new_path (cr);
          cairo_move_to (cr, legend_x + 1, top + h / 2);
          cairo_line_to (cr, legend_x + 18, top + h / 2);
          ds_theme_set_source (cr, &theme->text_muted);
          cairo_set_line_width (cr, 2.5);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_set_dash (cr, (double[]) { 0.1, 5 }, 2, 0);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
          cairo_move_to (cr, legend_x + 24, top);
          ds_theme_set_source (cr, &theme->text_muted);
          ds_text_show (cr, layout);
          legend_h = MAX (legend_h, h);
        }
    }
  top += legend_h + 14;

  /* Room for y labels: measure the widest. */
  left = 0;
  for (guint i = 0; i < self->y_labels->len; i++)
    {
      g_autoptr(PangoLayout) layout = text_layout (cr, theme, fs * 0.9, FALSE, self->y_labels->pdata[i]);
      int w;
      pango_layout_get_pixel_size (layout, &w, NULL);
      left = MAX (left, w);
    }
  left += 30;

  /* The sources footnote is measured first: it must never be cut. */
  {
    g_autofree char *foot = g_strdup_printf ("Sources: %s", self->sources ? self->sources : "not given");
    g_autoptr(PangoLayout) layout = text_layout (cr, theme, fs * 0.8, FALSE, foot);
    int h;
    pango_layout_set_width (layout, (int) ((width - 40) * PANGO_SCALE));
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
    pango_layout_get_pixel_size (layout, NULL, &h);
    bottom = h + 16 + fs * 2.2;
    cairo_move_to (cr, 20, height - h - 10);
    ds_theme_set_source (cr, &theme->text_muted);
    ds_text_show (cr, layout);
    /* The note goes above it, as uncut: what the chart leaves out. */
    if (self->note != NULL)
      {
        g_autofree char *text = g_strdup_printf ("Note: %s", self->note);
        g_autoptr(PangoLayout) note = text_layout (cr, theme, fs * 0.8, FALSE, text);
        int nh;
        pango_layout_set_width (note, (int) ((width - 40) * PANGO_SCALE));
        pango_layout_set_wrap (note, PANGO_WRAP_WORD);
        pango_layout_get_pixel_size (note, NULL, &nh);
        cairo_move_to (cr, 20, height - h - 10 - nh - 4);
        ds_theme_set_source (cr, &theme->text);
        ds_text_show (cr, note);
        bottom += nh + 4;
      }
  }

  px0 = left;
  py0 = top + 8;
  px1 = width - right;
  py1 = height - bottom;
  pw = px1 - px0;
  ph = py1 - py0;
  if (pw < 20 || ph < 20)
    goto out;

#define X(nx) (px0 + (nx) * pw)
#define Y(ny) (py1 - (ny) * ph)

  /* Grid and y labels. */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < self->y_ticks->len; i++)
    {
      double v = y_transform (self, g_array_index (self->y_ticks, double, i));
      double y = round (Y ((v - self->y_lo) / MAX (self->y_hi - self->y_lo, 1e-300))) + 0.5;
      cairo_move_to (cr, px0, y);
      cairo_line_to (cr, px1, y);
      ds_theme_set_source (cr, i == 0 ? &theme->axis : &theme->grid);
      cairo_stroke (cr);
      draw_text (cr, theme, fs * 0.9, FALSE, &theme->text_muted, px0 - 8, y - fs * 0.6, 1,
                 self->y_labels->pdata[i], 0);
    }
  for (guint i = 0; i < self->x_ticks->len; i++)
    {
      double d = ds_date_to_days (g_array_index (self->x_ticks, DsDate, i));
      double x = round (X ((d - self->x_lo) / xr)) + 0.5;
      cairo_move_to (cr, x, py1);
      cairo_line_to (cr, x, py1 + 5);
      ds_theme_set_source (cr, &theme->axis);
      cairo_stroke (cr);
      /* 9 px down: at 7 the first date touched the lowest y label. */
      draw_text (cr, theme, fs * 0.9, FALSE, &theme->text_muted, x, py1 + 9, 0.5, self->x_labels->pdata[i], 0);
    }

  cairo_save (cr);
  cairo_rectangle (cr, px0, py0 - 2, pw, ph + 4);
  cairo_clip (cr);

  /* Series; markers only when every series is short enough for them to
   * read as points rather than a bead chain. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < self->series->len; s++)
    max_points = MAX (max_points, ((const Series *) self->series->pdata[s])->nx->len);
  for (guint s = 0; s < self->series->len; s++)
    {
      const Series *se = self->series->pdata[s];
      const DsRgba *c = &theme->series[se->colour % DS_THEME_N_SERIES];
      double alpha = (se->flags & DS_SERIES_ASSUMED) ? 0.6 : 1.0;
      guint n = se->nx->len;

      if (n == 0)
        continue;
      cairo_new_path (cr);
      if (self->kind == DS_CHART_STACKED_AREA)
        {
          for (guint i = 0; i < n; i++)
            cairo_line_to (cr, X (g_array_index (se->nx, double, i)), Y (g_array_index (se->ny, double, i)));
          for (guint i = n; i-- > 0;)
            cairo_line_to (cr, X (g_array_index (se->nx, double, i)), Y (g_array_index (se->nlo, double, i)));
          cairo_close_path (cr);
          ds_theme_set_source_alpha (cr, c, 0.75 * alpha);
          cairo_fill (cr);
          for (guint i = 0; i < n; i++)
            cairo_line_to (cr, X (g_array_index (se->nx, double, i)), Y (g_array_index (se->ny, double, i)));
          ds_theme_set_source_alpha (cr, c, alpha);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
      else
        {
          /* Two passes: reported stretches solid (or dashed for an
           * overlay), stretches ending at an assumed or projected point
           * dotted, so an extrapolation never reads as a fact. */
          for (int pass = 0; pass < 2; pass++)
            {
              gboolean any = FALSE;
              cairo_new_path (cr);
              for (guint i = 0; i < n; i++)
                {
                  const Point *p = &g_array_index (se->points, Point, i);
                  gboolean dotted = i > 0 && (p->assumed || (se->flags & DS_SERIES_ASSUMED));
                  double x = X (g_array_index (se->nx, double, i)), y = Y (g_array_index (se->ny, double, i));
                  if (!isfinite (y))
                    {
                      cairo_new_sub_path (cr);
                      continue;
                    }
                  if (i > 0 && dotted == (pass == 1) && isfinite (g_array_index (se->ny, double, i - 1)))
                    {
                      cairo_move_to (cr, X (g_array_index (se->nx, double, i - 1)), Y (g_array_index (se->ny, double, i - 1)));
                      cairo_line_to (cr, x, y);
                      any = TRUE;
                    }
                }
              if (!any)
                continue;
              ds_theme_set_source_alpha (cr, c, alpha);
              cairo_set_line_width (cr, 2.5);
              cairo_set_line_cap (cr, pass == 1 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
              if (pass == 1)
                cairo_set_dash (cr, (double[]) { 0.1, 5 }, 2, 0);
              else if (se->flags & DS_SERIES_DASHED)
                cairo_set_dash (cr, (double[]) { 7, 4 }, 2, 0);
              cairo_stroke (cr);
              cairo_set_dash (cr, NULL, 0, 0);
              cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
            }
          /* Markers: filled for reported points, hollow for assumptions. */
          for (guint i = 0; i < n && max_points <= 30; i++)
            {
              const Point *p = &g_array_index (se->points, Point, i);
              gboolean hollow = p->assumed || (se->flags & DS_SERIES_ASSUMED);
              cairo_new_path (cr);
              cairo_arc (cr, X (g_array_index (se->nx, double, i)), Y (g_array_index (se->ny, double, i)), 3.5, 0, 2 * G_PI);
              ds_theme_set_source (cr, hollow ? &theme->background : c);
              cairo_fill_preserve (cr);
              ds_theme_set_source (cr, c);
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
        }
    }

  /* Reference lines, labelled at the left end above the line. */
  for (guint i = 0; i < self->references->len; i++)
    {
      const Annotation *r = &g_array_index (self->references, Annotation, i);
      double ny = (y_transform (self, r->days) - self->y_lo) / MAX (self->y_hi - self->y_lo, 1e-300);
      double y = round (Y (ny)) + 0.5;
      cairo_new_path (cr);
      cairo_move_to (cr, px0, y);
      cairo_line_to (cr, px1, y);
      ds_theme_set_source_alpha (cr, &theme->text_muted, 0.7);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, (double[]) { 3, 3 }, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      /* The first of four spots (right below, right above, left above,
       * left below) that no series runs through. */
      {
        g_autoptr(PangoLayout) layout = text_layout (cr, theme, fs * 0.8, FALSE, r->label);
        int w, h, spot;
        double lx = 0, ly = 0;
        pango_layout_get_pixel_size (layout, &w, &h);
        for (spot = 0; spot < 4; spot++)
          {
            gboolean hit = FALSE;
            lx = spot < 2 ? px1 - 6 - w : px0 + 6;
            ly = (spot == 0 || spot == 3) ? y + 3 : y - h - 3;
            for (guint k = 0; k < self->series->len && !hit; k++)
              {
                const Series *se = self->series->pdata[k];
                for (guint q = 0; q < se->nx->len && !hit; q++)
                  {
                    double sx = X (g_array_index (se->nx, double, q)), sy = Y (g_array_index (se->ny, double, q));
                    hit = sx >= lx - 4 && sx <= lx + w + 4 && sy >= ly - 4 && sy <= ly + h + 4;
                  }
              }
            if (!hit)
              break;
          }
        if (spot == 4)
          {
            lx = px1 - 6 - w;
            ly = y + 3;
          }
        cairo_move_to (cr, lx, ly);
        ds_theme_set_source (cr, &theme->text_muted);
        ds_text_show (cr, layout);
      }
    }

  /* Threshold and its crossings. */
  if (isfinite (self->threshold))
    {
      double ny = (y_transform (self, self->threshold) - self->y_lo) / MAX (self->y_hi - self->y_lo, 1e-300);
      double y = Y (ny);
      cairo_new_path (cr);
      cairo_move_to (cr, px0, y);
      cairo_line_to (cr, px1, y);
      ds_theme_set_source (cr, &theme->threshold);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, (double[]) { 8, 4 }, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (self->threshold_label)
        {
          /* On a pill of the background: stacked areas run under the label. */
          g_autoptr(PangoLayout) layout = text_layout (cr, theme, fs * 0.9, TRUE, self->threshold_label);
          int w, h;
          double top;
          pango_layout_get_pixel_size (layout, &w, &h);
          /* Above the line, or below it when the plot's top (its clip)
           * would cut it: a 33 % line on a 35 % axis. */
          top = y - h - 5 >= py0 - 2 ? y - h - 5 : y + 3;
          cairo_new_path (cr);
          cairo_rectangle (cr, px1 - 10 - w, top, w + 8, h + 2);
          ds_theme_set_source_alpha (cr, &theme->background, 0.85);
          cairo_fill (cr);
          cairo_move_to (cr, px1 - 6 - w, top + 1);
          ds_theme_set_source (cr, &theme->threshold);
          ds_text_show (cr, layout);
        }
      for (guint i = 0; i < self->crossings->len / 2; i++)
        {
          double d = g_array_index (self->crossings, double, 2 * i);
          double x = X ((d - self->x_lo) / xr);
          cairo_new_path (cr);
          cairo_arc (cr, x, y, 5, 0, 2 * G_PI);
          ds_theme_set_source (cr, &theme->background);
          cairo_fill_preserve (cr);
          ds_theme_set_source (cr, &theme->threshold);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
          {
            g_autofree char *when = ds_format_date_short (ds_date_from_days ((gint32) d));
            draw_text (cr, theme, fs * 0.85, FALSE, &theme->threshold, x + 7, y + 4, 0, when, 0);
          }
        }
    }

  /* Annotations: dotted marks; labels in date order, each on the first of
   * four rows where it does not run into the previous one, and left out
   * (the mark stays) when all four are taken: a stakes chart's rounds of
   * one month once wrote over each other on the last row. */
  {
    double row_end[4] = { -G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
    g_autofree guint *order = g_new (guint, MAX (self->annotations->len, 1));
    for (guint i = 0; i < self->annotations->len; i++)
      order[i] = i;
    for (guint i = 1; i < self->annotations->len; i++)
      for (guint j = i; j > 0 && g_array_index (self->annotations, Annotation, order[j - 1]).days
                                 > g_array_index (self->annotations, Annotation, order[j]).days; j--)
        {
          guint t = order[j];
          order[j] = order[j - 1];
          order[j - 1] = t;
        }
    for (guint i = 0; i < self->annotations->len; i++)
      {
        const Annotation *a = &g_array_index (self->annotations, Annotation, order[i]);
        double x = round (X ((a->days - self->x_lo) / xr)) + 0.5;
        g_autoptr(PangoLayout) layout = text_layout (cr, theme, fs * 0.8, FALSE, a->label);
        int w, h;
        guint row = 0;

        cairo_new_path (cr);
        cairo_move_to (cr, x, py0);
        cairo_line_to (cr, x, py1);
        ds_theme_set_source_alpha (cr, &theme->axis, 0.8);
        cairo_set_line_width (cr, 1);
        cairo_set_dash (cr, (double[]) { 2, 3 }, 2, 0);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
        pango_layout_get_pixel_size (layout, &w, &h);
        {
          /* Labels near the right edge hang to the left of their mark. */
          double lx = x + 3 + w > px1 ? x - 3 - w : x + 3;

          while (row < 4 && row_end[row] > lx)
            row++;
          if (row == 4)
            continue;
          cairo_move_to (cr, lx, py0 + row * (h + 2));
          ds_theme_set_source (cr, &theme->text_muted);
          ds_text_show (cr, layout);
          row_end[row] = lx + w + 6;
        }
      }
  }

  if (self->cursor != DS_DATE_NONE)
    {
      double d = ds_date_to_days (self->cursor), x = X ((d - self->x_lo) / xr);
      cairo_new_path (cr);
      cairo_move_to (cr, x, py0);
      cairo_line_to (cr, x, py1);
      ds_theme_set_source (cr, &theme->highlight);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
#undef X
#undef Y

out:
  cairo_restore (cr);
}

void
ds_chart_draw_page (cairo_t *cr, double width, double height, gpointer data)
{
  const DsChartPage *page = data;
  ds_chart_draw (page->chart, cr, width, height, page->theme ? page->theme : ds_theme_get (NULL));
}
