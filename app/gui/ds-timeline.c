/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-timeline.c: the date scrubber: a GtkScale over days with a mark per deal,
 * playback on the frame clock, and the "date" property others follow. */
#define G_LOG_DOMAIN "ds-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "ds-chart-data.h"
#include "ds-format.h"
#include "ds-timeline.h"

/* Days of replay per second of playback at 1x: a year in two seconds. */
#define DAYS_PER_SECOND 180.0

struct _DsTimeline {
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *play_button;
  GtkWidget *prev_button;
  GtkWidget *next_button;
  GtkWidget *scale;
  GtkWidget *date_label;
  GtkWidget *speed;

  GArray    *deal_days;     /* sorted, unique */
  double     first, last;
  guint      tick_id;
  gint64     last_frame_time;
  gboolean   updating;
};

G_DEFINE_FINAL_TYPE (DsTimeline, ds_timeline, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DATE, PROP_PLAYING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const double speeds[] = { 0.5, 1, 2, 4 };

static DsDate
days_to_date (double days)
{
  return ds_date_from_days ((gint32) floor (days + 0.5));
}

static void
update_label (DsTimeline *self)
{
  g_autofree char *text = ds_format_date_iso (ds_timeline_get_date (self));
  gtk_label_set_text (GTK_LABEL (self->date_label), text);
}

static void
on_value_changed (GtkRange   *range,
                  DsTimeline *self)
{
  update_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

static gboolean
tick (GtkWidget     *widget,
      GdkFrameClock *clock,
      gpointer       data)
{
  DsTimeline *self = DS_TIMELINE (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double value = gtk_range_get_value (GTK_RANGE (self->scale));
  guint speed = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->speed));

  if (self->last_frame_time != 0)
    value += (now - self->last_frame_time) / 1e6 * DAYS_PER_SECOND * speeds[MIN (speed, G_N_ELEMENTS (speeds) - 1)];
  self->last_frame_time = now;
  if (value >= self->last)
    {
      gtk_range_set_value (GTK_RANGE (self->scale), self->last);
      /* Removes this callback; GTK frees it once we return. */
      ds_timeline_set_playing (self, FALSE);
      return G_SOURCE_CONTINUE;
    }
  gtk_range_set_value (GTK_RANGE (self->scale), value);
  return G_SOURCE_CONTINUE;
}

static void
on_play_clicked (GtkButton  *button,
                 DsTimeline *self)
{
  ds_timeline_set_playing (self, !ds_timeline_get_playing (self));
}

static void
on_prev_clicked (GtkButton *button, DsTimeline *self) { ds_timeline_step (self, -1); }
static void
on_next_clicked (GtkButton *button, DsTimeline *self) { ds_timeline_step (self, 1); }

static char *
format_scale_value (GtkScale   *scale,
                    double      value,
                    DsTimeline *self)
{
  return ds_format_date_short (days_to_date (value));
}

static void
ds_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DsTimeline *self = DS_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_int (value, ds_timeline_get_date (self));
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, ds_timeline_get_playing (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ds_timeline_dispose (GObject *object)
{
  DsTimeline *self = DS_TIMELINE (object);

  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->deal_days, g_array_unref);
  G_OBJECT_CLASS (ds_timeline_parent_class)->dispose (object);
}

static void
ds_timeline_class_init (DsTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ds_timeline_dispose;
  object_class->get_property = ds_timeline_get_property;

  properties[PROP_DATE] = g_param_spec_int ("date", NULL, NULL, 0, G_MAXINT32, 0,
                                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timeline");
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

static void
ds_timeline_init (DsTimeline *self)
{
  g_autoptr(GtkStringList) speed_names = gtk_string_list_new ((const char *[]) { "0.5×", "1×", "2×", "4×", NULL });

  self->deal_days = g_array_new (FALSE, FALSE, sizeof (double));
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_add_css_class (self->box, "toolbar");

  self->prev_button = icon_button ("media-skip-backward-symbolic", _("Previous deal"));
  self->play_button = icon_button ("media-playback-start-symbolic", _("Play the replay (Space)"));
  self->next_button = icon_button ("media-skip-forward-symbolic", _("Next deal"));
  g_signal_connect (self->prev_button, "clicked", G_CALLBACK (on_prev_clicked), self);
  g_signal_connect (self->play_button, "clicked", G_CALLBACK (on_play_clicked), self);
  g_signal_connect (self->next_button, "clicked", G_CALLBACK (on_next_clicked), self);
  gtk_box_append (GTK_BOX (self->box), self->prev_button);
  gtk_box_append (GTK_BOX (self->box), self->play_button);
  gtk_box_append (GTK_BOX (self->box), self->next_button);

  self->scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 1);
  gtk_widget_set_hexpand (self->scale, TRUE);
  gtk_scale_set_draw_value (GTK_SCALE (self->scale), FALSE);
  gtk_widget_set_tooltip_text (self->scale, _("Date of the replay: drag to move through time"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Replay date"), -1);
  gtk_scale_set_format_value_func (GTK_SCALE (self->scale), (GtkScaleFormatValueFunc) format_scale_value, self, NULL);
  g_signal_connect (self->scale, "value-changed", G_CALLBACK (on_value_changed), self);
  gtk_box_append (GTK_BOX (self->box), self->scale);

  self->date_label = gtk_label_new ("");
  gtk_widget_add_css_class (self->date_label, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (self->date_label), 10);
  gtk_box_append (GTK_BOX (self->box), self->date_label);

  self->speed = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&speed_names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->speed), 1);
  gtk_widget_set_valign (self->speed, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->speed, _("Replay speed"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->speed), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Replay speed"), -1);
  gtk_box_append (GTK_BOX (self->box), self->speed);
}

GtkWidget *
ds_timeline_new (void)
{
  return g_object_new (DS_TYPE_TIMELINE, NULL);
}

static void
append_date (GArray *dates,
             DsDate  date)
{
  if (date != DS_DATE_NONE)
    g_array_append_val (dates, date);
}

void
ds_timeline_set_landscape (DsTimeline  *self,
                           DsLandscape *landscape)
{
  g_autoptr(GArray) dates = NULL;
  double last_deal;

  g_return_if_fail (DS_IS_TIMELINE (self));

  gtk_scale_clear_marks (GTK_SCALE (self->scale));
  dates = g_array_sized_new (FALSE, FALSE, sizeof (DsDate), (guint) ds_landscape_n_deals (landscape));
  for (DsIndex i = 0; i < ds_landscape_n_deals (landscape); i++)
    append_date (dates, ds_landscape_deal (landscape, i)->date);
  /* Hypothetical deals of the scenarios too, so that a scenario's future
   * can be replayed. */
  for (guint s = 0; s < landscape->scenarios->len; s++)
    {
      GArray *deals = ds_landscape_scenario (landscape, s)->deals;
      for (guint i = 0; deals != NULL && i < deals->len; i++)
        append_date (dates, g_array_index (deals, DsDeal, i).date);
    }
  g_array_unref (self->deal_days);
  self->deal_days = ds_date_distinct_days ((const DsDate *) (void *) dates->data, dates->len);
  if (self->deal_days->len == 0)
    {
      double today = ds_date_to_days (ds_date_today ());
      g_array_append_val (self->deal_days, today);
    }
  self->first = g_array_index (self->deal_days, double, 0);
  last_deal = g_array_index (self->deal_days, double, self->deal_days->len - 1);
  /* Past the last deal, to where the charts end: replaying the projected
   * valuations and build-outs is part of a scenario. */
  self->last = MAX (last_deal, ds_date_to_days (ds_chart_data_default_end ()));
  /* A little room before the first deal so it can be seen appearing. */
  self->first -= 30;
  /* Marks are widgets: one per deal day would make a scale wider than any
   * screen for a big landscape, so nearby deals share a mark. */
  {
    double span = MAX (self->last - self->first, 1), min_gap = span / 240, last_mark = -G_MAXDOUBLE;
    for (guint i = 0; i < self->deal_days->len; i++)
      {
        double day = g_array_index (self->deal_days, double, i);
        if (day - last_mark < min_gap)
          continue;
        gtk_scale_add_mark (GTK_SCALE (self->scale), day, GTK_POS_BOTTOM, NULL);
        last_mark = day;
      }
  }
  gtk_range_set_range (GTK_RANGE (self->scale), self->first, self->last);
  gtk_range_set_increments (GTK_RANGE (self->scale), 1, 30);
  /* Opens on the latest deal: what is known, not a projection. */
  gtk_range_set_value (GTK_RANGE (self->scale), last_deal);
  update_label (self);
}

void
ds_timeline_get_range (DsTimeline *self, DsDate *first, DsDate *last)
{
  g_return_if_fail (DS_IS_TIMELINE (self));
  *first = days_to_date (self->first);
  *last = days_to_date (self->last);
}

DsDate
ds_timeline_get_date (DsTimeline *self)
{
  g_return_val_if_fail (DS_IS_TIMELINE (self), DS_DATE_NONE);
  return days_to_date (gtk_range_get_value (GTK_RANGE (self->scale)));
}

void
ds_timeline_set_date (DsTimeline *self,
                      DsDate      date)
{
  g_return_if_fail (DS_IS_TIMELINE (self));
  gtk_range_set_value (GTK_RANGE (self->scale), ds_date_to_days (date));
}

gboolean
ds_timeline_get_playing (DsTimeline *self)
{
  g_return_val_if_fail (DS_IS_TIMELINE (self), FALSE);
  return self->tick_id != 0;
}

void
ds_timeline_set_playing (DsTimeline *self,
                         gboolean    playing)
{
  g_return_if_fail (DS_IS_TIMELINE (self));
  if (playing == ds_timeline_get_playing (self))
    return;
  if (playing)
    {
      /* Playing from the end starts over from the first deal. */
      if (gtk_range_get_value (GTK_RANGE (self->scale)) >= self->last)
        gtk_range_set_value (GTK_RANGE (self->scale), self->first);
      self->last_frame_time = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick, NULL, NULL);
    }
  else if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, playing ? _("Pause the replay (Space)") : _("Play the replay (Space)"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

void
ds_timeline_step (DsTimeline *self,
                  int         direction)
{
  double value;

  g_return_if_fail (DS_IS_TIMELINE (self));
  value = gtk_range_get_value (GTK_RANGE (self->scale));
  if (direction > 0)
    {
      for (guint i = 0; i < self->deal_days->len; i++)
        if (g_array_index (self->deal_days, double, i) > value + 0.5)
          {
            gtk_range_set_value (GTK_RANGE (self->scale), g_array_index (self->deal_days, double, i));
            return;
          }
      /* Past the last deal: the end of the projections. */
      gtk_range_set_value (GTK_RANGE (self->scale), self->last);
    }
  else
    {
      for (guint i = self->deal_days->len; i-- > 0;)
        if (g_array_index (self->deal_days, double, i) < value - 0.5)
          {
            gtk_range_set_value (GTK_RANGE (self->scale), g_array_index (self->deal_days, double, i));
            return;
          }
      gtk_range_set_value (GTK_RANGE (self->scale), self->first);
    }
}
