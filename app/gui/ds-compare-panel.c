/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-compare-panel.c: two drop-downs and a list box of a scenario diff's
 * rows (ds_scenario_diff_cells, localized); a click names the deal or the
 * entity to select on the graph. */
#define G_LOG_DOMAIN "ds-compare-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ds-compare-panel.h"
#include "ds-format.h"

struct _DsComparePanel {
  GtkBox       parent_instance;

  DsLandscape *landscape;
  GtkWidget   *pick_a, *pick_b;
  GtkWidget   *summary;
  GtkWidget   *list;
  gboolean     syncing;
  GPtrArray   *texts;       /* char *, one a row */
  GPtrArray   *deal_ids;    /* char * or NULL, one a row */
  GArray      *entities;    /* DsIndex, one a row */
};

G_DEFINE_FINAL_TYPE (DsComparePanel, ds_compare_panel, GTK_TYPE_BOX)

enum {
  CHANGED,
  ROW_PICKED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* Position 0 is the landscape, then the scenarios in order. */
static DsIndex
picked (GtkWidget *dropdown)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));
  return i == GTK_INVALID_LIST_POSITION || i == 0 ? DS_NONE : (DsIndex) i - 1;
}

static void
on_picked (GObject *dropdown, GParamSpec *pspec, DsComparePanel *self)
{
  if (!self->syncing)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_row_activated (GtkListBox *list, GtkListBoxRow *row, DsComparePanel *self)
{
  ds_compare_panel_activate_row (self, (guint) gtk_list_box_row_get_index (row));
}

static void
ds_compare_panel_dispose (GObject *object)
{
  DsComparePanel *self = DS_COMPARE_PANEL (object);

  g_clear_pointer (&self->landscape, ds_landscape_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);
  g_clear_pointer (&self->deal_ids, g_ptr_array_unref);
  g_clear_pointer (&self->entities, g_array_unref);
  G_OBJECT_CLASS (ds_compare_panel_parent_class)->dispose (object);
}

static void
ds_compare_panel_class_init (DsComparePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ds_compare_panel_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  signals[ROW_PICKED] = g_signal_new ("row-picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                      NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
}

static GtkWidget *
picker_row (const char *title, GtkWidget **dropdown, DsComparePanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_size_request (label, 20, -1);
  *dropdown = gtk_drop_down_new (NULL, NULL);
  gtk_widget_set_hexpand (*dropdown, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_str_equal (title, "A") ? _("Scenario A") : _("Scenario B"), -1);
  g_signal_connect (*dropdown, "notify::selected", G_CALLBACK (on_picked), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), *dropdown);
  return box;
}

static void
ds_compare_panel_init (DsComparePanel *self)
{
  GtkWidget *title = gtk_label_new (_("Compare scenarios"));
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->texts = g_ptr_array_new_with_free_func (g_free);
  self->deal_ids = g_ptr_array_new_with_free_func (g_free);
  self->entities = g_array_new (FALSE, FALSE, sizeof (DsIndex));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 8);
  gtk_widget_set_size_request (GTK_WIDGET (self), 340, -1);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 12);
  gtk_widget_set_name (GTK_WIDGET (self), "compare-panel");

  gtk_widget_add_css_class (title, "title-4");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (self), title);
  gtk_box_append (GTK_BOX (self), picker_row ("A", &self->pick_a, self));
  gtk_box_append (GTK_BOX (self), picker_row ("B", &self->pick_b, self));

  self->summary = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->summary), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->summary), 0);
  gtk_widget_add_css_class (self->summary, "dim-label");
  gtk_box_append (GTK_BOX (self), self->summary);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_valign (self->list, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Differences"), -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_set_margin_bottom (scroller, 12);
  gtk_box_append (GTK_BOX (self), scroller);
}

GtkWidget *
ds_compare_panel_new (void)
{
  return g_object_new (DS_TYPE_COMPARE_PANEL, NULL);
}

void
ds_compare_panel_set_landscape (DsComparePanel *self,
                                DsLandscape    *landscape,
                                DsIndex         a,
                                DsIndex         b)
{
  g_autoptr(GtkStringList) names_a = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) names_b = gtk_string_list_new (NULL);

  g_return_if_fail (DS_IS_COMPARE_PANEL (self));

  if (landscape != self->landscape)
    {
      g_clear_pointer (&self->landscape, ds_landscape_unref);
      self->landscape = landscape ? ds_landscape_ref (landscape) : NULL;
    }
  gtk_string_list_append (names_a, _("Landscape (no scenario)"));
  gtk_string_list_append (names_b, _("Landscape (no scenario)"));
  for (guint i = 0; landscape && i < landscape->scenarios->len; i++)
    {
      gtk_string_list_append (names_a, ds_landscape_scenario (landscape, i)->name);
      gtk_string_list_append (names_b, ds_landscape_scenario (landscape, i)->name);
    }
  self->syncing = TRUE;
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->pick_a), G_LIST_MODEL (names_a));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->pick_b), G_LIST_MODEL (names_b));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->pick_a), (guint) (a + 1));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->pick_b), (guint) (b + 1));
  self->syncing = FALSE;
}

DsIndex
ds_compare_panel_get_a (DsComparePanel *self)
{
  g_return_val_if_fail (DS_IS_COMPARE_PANEL (self), DS_NONE);
  return picked (self->pick_a);
}

DsIndex
ds_compare_panel_get_b (DsComparePanel *self)
{
  g_return_val_if_fail (DS_IS_COMPARE_PANEL (self), DS_NONE);
  return picked (self->pick_b);
}

void
ds_compare_panel_pick (DsComparePanel *self,
                       DsIndex         a,
                       DsIndex         b)
{
  g_return_if_fail (DS_IS_COMPARE_PANEL (self));
  self->syncing = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->pick_a), (guint) (a + 1));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->pick_b), (guint) (b + 1));
  self->syncing = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
make_row (const char *headline, const char *detail)
{
  GtkWidget *item = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_label_new (headline);
  GtkWidget *bottom = gtk_label_new (detail);

  gtk_label_set_xalign (GTK_LABEL (top), 0);
  gtk_label_set_xalign (GTK_LABEL (bottom), 0);
  gtk_label_set_ellipsize (GTK_LABEL (top), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (bottom), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (bottom, "dim-label");
  gtk_widget_add_css_class (bottom, "numeric");
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), bottom);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (item), box);
  gtk_widget_set_tooltip_text (item, headline);
  return item;
}

void
ds_compare_panel_set_diff (DsComparePanel       *self,
                           const DsScenarioDiff *diff)
{
  GtkWidget *child;
  g_auto(GStrv) cells = NULL;
  g_autofree gint *row_deal = NULL;
  g_autofree DsIndex *row_entity = NULL;
  guint n = 0;
  const guint C = DS_SCENARIO_DIFF_N_COLUMNS;

  g_return_if_fail (DS_IS_COMPARE_PANEL (self));

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_ptr_array_set_size (self->texts, 0);
  g_ptr_array_set_size (self->deal_ids, 0);
  g_array_set_size (self->entities, 0);
  if (diff == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->summary), _("Nothing to compare: the scenario does not resolve."));
      return;
    }

  cells = ds_scenario_diff_cells (diff, &n, &row_deal, &row_entity);
  {
    g_autofree char *when = ds_format_date_short (diff->date);
    g_autofree char *counts = NULL;
    if (n == 0)
      counts = g_strdup_printf (_("No differences on %s: the same deals, terms and stakes."), when);
    else
      counts = g_strdup_printf (_("On %s: %u added, %u removed, %u changed; %u stakes moved, %u thresholds crossed."),
                                when, diff->n_added, diff->n_removed, diff->n_changed, diff->stakes->len,
                                diff->thresholds->len);
    gtk_label_set_text (GTK_LABEL (self->summary), counts);
  }
  for (guint r = 0; r < n; r++)
    {
      char **c = cells + r * C;
      /* Change, deal, from, to, field, A, B: the numbers in the reader's form. */
      g_autofree char *a = ds_format_localize (c[5]), *b = ds_format_localize (c[6]);
      g_autofree char *headline = g_strdup_printf ("%s \u00b7 %s \u2192 %s", c[0], c[2], c[3]);
      g_autofree char *detail = *c[1] ? g_strdup_printf ("%s \u00b7 %s: %s \u2192 %s", c[1], c[4], a, b)
                                      : g_strdup_printf ("%s: %s \u2192 %s", c[4], a, b);
      gtk_list_box_append (GTK_LIST_BOX (self->list), make_row (headline, detail));
      g_ptr_array_add (self->texts, g_strdup_printf ("%s \u00b7 %s", headline, detail));
      g_ptr_array_add (self->deal_ids, row_deal[r] >= 0 ? g_strdup (ds_scenario_diff_deal (diff, row_deal[r])->id) : NULL);
      g_array_append_val (self->entities, row_entity[r]);
    }
}

guint
ds_compare_panel_get_n_rows (DsComparePanel *self)
{
  g_return_val_if_fail (DS_IS_COMPARE_PANEL (self), 0);
  return self->texts->len;
}

char *
ds_compare_panel_get_row_text (DsComparePanel *self,
                               guint           row)
{
  g_return_val_if_fail (DS_IS_COMPARE_PANEL (self), NULL);
  return row < self->texts->len ? g_strdup (self->texts->pdata[row]) : NULL;
}

void
ds_compare_panel_activate_row (DsComparePanel *self,
                               guint           row)
{
  g_return_if_fail (DS_IS_COMPARE_PANEL (self));
  if (row >= self->texts->len)
    return;
  gtk_list_box_select_row (GTK_LIST_BOX (self->list), gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->list), (int) row));
  g_signal_emit (self, signals[ROW_PICKED], 0, (const char *) self->deal_ids->pdata[row],
                 (int) g_array_index (self->entities, DsIndex, row));
}
