/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-circles-panel.c: a list box of money cycles as text rows made from the
 * core's search results; a click on a closed cycle picks it, again drops it. */
#define G_LOG_DOMAIN "ds-circles-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ds-circles-panel.h"
#include "ds-format.h"

typedef struct {
  char    *path;
  char    *status;
  gboolean closed;
} Row;

struct _DsCirclesPanel {
  GtkBox      parent_instance;

  GtkWidget  *summary;
  GtkWidget  *list;
  GtkWidget  *empty;
  GArray     *rows;        /* Row */
  guint       n_closed;
  int         selected;    /* closed cycle, or -1 */
  gboolean    syncing;     /* the list box follows `selected`: not a user's pick */
  gboolean    just_selected; /* a pick the next activation (same click) must not undo */
};

G_DEFINE_FINAL_TYPE (DsCirclesPanel, ds_circles_panel, GTK_TYPE_BOX)

enum {
  CYCLE_SELECTED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->path, g_free);
  g_clear_pointer (&row->status, g_free);
}

static void
set_selected (DsCirclesPanel *self,
              int             cycle,
              gboolean        notify)
{
  if (cycle >= (int) self->n_closed)
    cycle = -1;
  if (cycle == self->selected)
    return;
  self->selected = cycle;
  self->syncing = TRUE;
  if (cycle < 0)
    gtk_list_box_unselect_all (GTK_LIST_BOX (self->list));
  else
    gtk_list_box_select_row (GTK_LIST_BOX (self->list),
                             gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->list), cycle));
  self->syncing = FALSE;
  if (notify)
    g_signal_emit (self, signals[CYCLE_SELECTED], 0, cycle);
}

/* A click or the arrow keys: the list box selected a row. */
static void
on_row_selected (GtkListBox     *list,
                 GtkListBoxRow  *row,
                 DsCirclesPanel *self)
{
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  if (self->syncing || index == self->selected)
    return;
  self->just_selected = TRUE;
  self->selected = index;
  g_signal_emit (self, signals[CYCLE_SELECTED], 0, index);
}

/* A click on the row that was already picked drops it (the list box
 * selects before it activates: a first click only selects). */
static void
on_row_activated (GtkListBox     *list,
                  GtkListBoxRow  *row,
                  DsCirclesPanel *self)
{
  if (self->just_selected)
    {
      self->just_selected = FALSE;
      return;
    }
  if (gtk_list_box_row_get_index (row) == self->selected)
    set_selected (self, -1, TRUE);
}

static gboolean
on_escape (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  DsCirclesPanel *self = DS_CIRCLES_PANEL (widget);

  if (self->selected < 0)
    return FALSE;
  set_selected (self, -1, TRUE);
  return TRUE;
}

static GtkWidget *
make_row (const Row  *row,
          const char *figures)
{
  GtkWidget *item = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *path = gtk_label_new (row->path);
  GtkWidget *line = gtk_label_new (NULL);
  g_autofree char *text = g_strdup_printf ("%s · %s", row->status, figures);

  gtk_label_set_wrap (GTK_LABEL (path), TRUE);
  gtk_label_set_xalign (GTK_LABEL (path), 0);
  gtk_widget_add_css_class (path, "heading");
  gtk_label_set_text (GTK_LABEL (line), text);
  gtk_label_set_wrap (GTK_LABEL (line), TRUE);
  gtk_label_set_xalign (GTK_LABEL (line), 0);
  gtk_widget_add_css_class (line, "caption");
  gtk_widget_add_css_class (line, "dim-label");
  gtk_box_append (GTK_BOX (box), path);
  gtk_box_append (GTK_BOX (box), line);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (item), box);
  if (!row->closed)
    {
      /* Still to come at the timeline's date: shown, not pickable. */
      gtk_widget_add_css_class (item, "circle-to-come");
      gtk_widget_set_opacity (box, 0.45);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (item), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (item), FALSE);
    }
  else
    gtk_widget_add_css_class (item, "circle-closed");
  gtk_widget_set_tooltip_text (item, row->path);
  return item;
}

static char *
cycle_figures (const DsCycles *cycles,
               guint           i)
{
  const DsCycle *c = &cycles->cycles[i];
  g_autofree char *total = ds_format_usd (c->total_usd);
  g_autofree char *round = ds_format_usd (c->circulating_usd);

  /* TRANSLATORS: a money cycle's figures: total of its deals, the most that
   * can go round, how sure the weakest of its facts is, number of deals. */
  return g_strdup_printf (ngettext ("%s in all, %s can go round, %s, %u deal",
                                    "%s in all, %s can go round, %s, %u deals", c->n_deals),
                          total, round, ds_confidence_to_string (c->confidence), c->n_deals);
}

static void
add_row (DsCirclesPanel *self,
         const DsCycles *cycles,
         guint           i,
         gboolean        closed)
{
  g_autofree char *when = ds_format_date_short (cycles->cycles[i].closed_date);
  g_autofree char *figures = cycle_figures (cycles, i);
  Row row = {
    ds_cycles_describe_path (cycles, i),
    closed ? g_strdup_printf (_("closed %s"), when) : g_strdup_printf (_("closes %s"), when),
    closed,
  };

  gtk_list_box_append (GTK_LIST_BOX (self->list), make_row (&row, figures));
  g_array_append_val (self->rows, row);
}

void
ds_circles_panel_set_cycles (DsCirclesPanel *self,
                             const DsCycles *closed,
                             const DsCycles *all,
                             DsDate          date)
{
  g_autofree char *selected_path = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *when = NULL;
  GtkWidget *child;
  int keep = -1;
  guint n_later = 0;

  g_return_if_fail (DS_IS_CIRCLES_PANEL (self));

  if (self->selected >= 0)
    selected_path = g_strdup (g_array_index (self->rows, Row, self->selected).path);
  self->syncing = TRUE;
  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  self->syncing = FALSE;
  self->just_selected = FALSE;
  g_array_set_size (self->rows, 0);

  for (guint i = 0; closed != NULL && i < closed->n_cycles; i++)
    add_row (self, closed, i, TRUE);
  self->n_closed = self->rows->len;
  for (guint i = 0; all != NULL && i < all->n_cycles; i++)
    if (date != DS_DATE_NONE && ds_date_first_day (all->cycles[i].closed_date) > ds_date_first_day (date))
      {
        add_row (self, all, i, FALSE);
        n_later++;
      }

  for (guint i = 0; selected_path != NULL && i < self->n_closed; i++)
    if (g_str_equal (g_array_index (self->rows, Row, i).path, selected_path))
      keep = (int) i;

  when = ds_format_date_short (date);
  if (date == DS_DATE_NONE)
    summary = g_strdup_printf (ngettext ("%u circle of money", "%u circles of money", self->n_closed), self->n_closed);
  else if (n_later == 0)
    summary = g_strdup_printf (ngettext ("%u circle closed by %s", "%u circles closed by %s", self->n_closed),
                               self->n_closed, when);
  else
    summary = g_strdup_printf (ngettext ("%u circle closed by %s, %u more to come",
                                         "%u circles closed by %s, %u more to come", self->n_closed),
                               self->n_closed, when, n_later);
  if (closed != NULL && closed->truncated)
    {
      char *more = g_strdup_printf (_("%s (the first ones only: the search stopped)"), summary);
      g_free (summary);
      summary = more;
    }
  gtk_label_set_text (GTK_LABEL (self->summary), summary);
  gtk_widget_set_visible (self->empty, self->rows->len == 0);

  /* The old row is gone: select its replacement quietly, or tell the
   * window that the selection went. */
  self->selected = -1;
  if (keep >= 0)
    set_selected (self, keep, FALSE);
  else if (selected_path != NULL)
    g_signal_emit (self, signals[CYCLE_SELECTED], 0, -1);
}

guint
ds_circles_panel_get_n_rows (DsCirclesPanel *self)
{
  g_return_val_if_fail (DS_IS_CIRCLES_PANEL (self), 0);
  return self->rows->len;
}

guint
ds_circles_panel_get_n_closed (DsCirclesPanel *self)
{
  g_return_val_if_fail (DS_IS_CIRCLES_PANEL (self), 0);
  return self->n_closed;
}

const char *
ds_circles_panel_get_path (DsCirclesPanel *self,
                           guint           row)
{
  g_return_val_if_fail (DS_IS_CIRCLES_PANEL (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  return g_array_index (self->rows, Row, row).path;
}

const char *
ds_circles_panel_get_status (DsCirclesPanel *self,
                             guint           row)
{
  g_return_val_if_fail (DS_IS_CIRCLES_PANEL (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  return g_array_index (self->rows, Row, row).status;
}

void
ds_circles_panel_select (DsCirclesPanel *self,
                         int             cycle)
{
  g_return_if_fail (DS_IS_CIRCLES_PANEL (self));
  set_selected (self, cycle, TRUE);
}

int
ds_circles_panel_get_selected (DsCirclesPanel *self)
{
  g_return_val_if_fail (DS_IS_CIRCLES_PANEL (self), -1);
  return self->selected;
}

static void
ds_circles_panel_dispose (GObject *object)
{
  DsCirclesPanel *self = DS_CIRCLES_PANEL (object);

  g_clear_pointer (&self->rows, g_array_unref);
  G_OBJECT_CLASS (ds_circles_panel_parent_class)->dispose (object);
}

static void
ds_circles_panel_class_init (DsCirclesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ds_circles_panel_dispose;
  signals[CYCLE_SELECTED] = g_signal_new ("cycle-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, on_escape, NULL);
  gtk_widget_class_set_css_name (widget_class, "circles-panel");
}

static void
ds_circles_panel_init (DsCirclesPanel *self)
{
  GtkWidget *title = gtk_label_new (_("Circles"));
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, (GDestroyNotify) row_clear);
  self->selected = -1;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_name (GTK_WIDGET (self), "circles-panel");
  gtk_widget_set_size_request (GTK_WIDGET (self), 320, -1);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-4");
  self->summary = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->summary), 0);
  gtk_label_set_wrap (GTK_LABEL (self->summary), TRUE);
  gtk_widget_add_css_class (self->summary, "dim-label");
  gtk_widget_set_name (self->summary, "circles-summary");
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), self->summary);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_box_append (GTK_BOX (self), header);

  self->empty = gtk_label_new (_("No deals come back round by this date. Play the timeline or add a hypothetical deal."));
  gtk_label_set_wrap (GTK_LABEL (self->empty), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->empty), 0);
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_widget_set_margin_start (self->empty, 12);
  gtk_widget_set_margin_end (self->empty, 12);
  gtk_box_append (GTK_BOX (self), self->empty);

  self->list = gtk_list_box_new ();
  gtk_widget_set_name (self->list, "circles-list");
  gtk_widget_add_css_class (self->list, "navigation-sidebar");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->list), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Circles of money"), -1);
  g_signal_connect (self->list, "row-selected", G_CALLBACK (on_row_selected), self);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self), scrolled);
}

GtkWidget *
ds_circles_panel_new (void)
{
  return g_object_new (DS_TYPE_CIRCLES_PANEL, NULL);
}
