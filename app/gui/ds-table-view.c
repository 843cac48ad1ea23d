/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-table-view.c: two GtkColumnViews over row objects that only hold an
 * index; cell text and sort keys are read from the landscape (deals: from
 * the current scenario's view) on demand. */
#define G_LOG_DOMAIN "ds-table-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ds-amount.h"
#include "ds-csv.h"
#include "ds-format.h"
#include "ds-json-writer.h"
#include "ds-scenario.h"
#include "ds-scene.h"
#include "ds-table-rows.h"
#include "ds-table-view.h"

typedef enum {
  COL_ENTITY_NAME,
  COL_ENTITY_KIND,
  COL_ENTITY_PARENT,
  COL_ENTITY_DEALS,
  COL_ENTITY_RAISED,
  COL_ENTITY_INVESTED,
  COL_DEAL_INVESTOR,
  COL_DEAL_TARGET,
  COL_DEAL_DATE,
  COL_DEAL_AMOUNT,
  COL_DEAL_INSTRUMENT,
  COL_DEAL_STATUS,
  COL_DEAL_SCENARIO,
  COL_DEAL_POST,
  COL_DEAL_CAP,
  COL_DEAL_DISCOUNT,
  COL_DEAL_CONFIDENCE,
  COL_DEAL_SOURCE,
} Column;

struct _DsTableView {
  GtkWidget    parent_instance;

  GtkWidget   *box;
  GtkWidget   *stack;
  GtkWidget   *entity_view;
  GtkWidget   *deal_view;
  DsTableRows *entity_rows;
  DsTableRows *deal_rows;
  GtkSingleSelection *entity_selection;
  GtkSingleSelection *deal_selection;

  DsLandscape *landscape;
  /* The current scenario, borrowed (see ds_table_view_set_view): deal rows
   * are its deals, its overrides applied, hypothetical ones after the
   * landscape's; NULL: the landscape's deals. */
  const DsScenarioView *view;
  double      *raised;      /* per entity */
  double      *invested;
  guint       *n_deals;
  /* Rows are counted when their page is shown: GTK makes and measures a
   * couple of hundred rows of a list given new rows, hidden or not (at
   * every change of scenario or date too). */
  gboolean     entities_stale;
  gboolean     deals_stale;
};

G_DEFINE_FINAL_TYPE (DsTableView, ds_table_view, GTK_TYPE_WIDGET)

static void ensure_rows (DsTableView *self);
static void ensure_page (DsTableView *self, gboolean deals);
static void on_page_changed (GtkStack *stack, GParamSpec *pspec, DsTableView *self);
static void ds_table_view_map (GtkWidget *widget);

enum { ENTITY_SELECTED, DEAL_SELECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static DsIndex
n_table_deals (DsTableView *self)
{
  return self->view != NULL ? ds_scenario_view_n_deals (self->view) : ds_landscape_n_deals (self->landscape);
}

static const DsDeal *
table_deal (DsTableView *self,
            DsIndex      i)
{
  return self->view != NULL ? ds_scenario_view_deal (self->view, i) : ds_landscape_deal (self->landscape, i);
}

static gboolean
is_hypothetical (DsTableView *self,
                 DsIndex      i)
{
  return self->view != NULL && (guint) i >= self->view->n_landscape_deals;
}

static void
compute_totals (DsTableView *self)
{
  guint n = ds_landscape_n_entities (self->landscape);

  self->raised = g_renew (double, self->raised, MAX (n, 1));
  self->invested = g_renew (double, self->invested, MAX (n, 1));
  self->n_deals = g_renew (guint, self->n_deals, MAX (n, 1));
  memset (self->raised, 0, n * sizeof (double));
  memset (self->invested, 0, n * sizeof (double));
  memset (self->n_deals, 0, n * sizeof (guint));
  for (DsIndex i = 0; i < n_table_deals (self); i++)
    {
      const DsDeal *d = table_deal (self, i);
      self->n_deals[d->investor]++;
      self->n_deals[d->target]++;
      if (ds_is_set (d->amount_usd))
        {
          self->raised[d->target] += d->amount_usd;
          self->invested[d->investor] += d->amount_usd;
        }
    }
}

static char *
usd_or_dash (double usd, gboolean zero_is_none)
{
  if (!ds_is_set (usd) || (zero_is_none && usd == 0))
    return g_strdup ("—");
  return ds_amount_format (usd);
}

static char *
cell_text (DsTableView *self,
           Column       column,
           DsIndex      i)
{
  DsLandscape *ls = self->landscape;

  /* A hidden page keeps the rows of the data before until it is shown. */
  if (i < 0 || i >= (column <= COL_ENTITY_INVESTED ? (DsIndex) ds_landscape_n_entities (ls) : n_table_deals (self)))
    return g_strdup ("");
  if (column <= COL_ENTITY_INVESTED)
    {
      const DsEntity *e = ds_landscape_entity (ls, i);
      switch (column)
        {
        case COL_ENTITY_NAME: return g_strdup (e->name);
        case COL_ENTITY_KIND: return g_strdup (ds_entity_kind_to_string (e->kind));
        case COL_ENTITY_PARENT: return g_strdup (e->parent != DS_NONE ? ds_landscape_entity (ls, e->parent)->name : "—");
        case COL_ENTITY_DEALS: return ds_format_localize_take (ds_format_count (self->n_deals[i], NULL));
        case COL_ENTITY_RAISED: return usd_or_dash (self->raised[i], TRUE);
        case COL_ENTITY_INVESTED: return usd_or_dash (self->invested[i], TRUE);
        default: break;
        }
    }
  else
    {
      const DsDeal *d = table_deal (self, i);
      switch (column)
        {
        case COL_DEAL_INVESTOR: return g_strdup (ds_landscape_entity (ls, d->investor)->name);
        case COL_DEAL_TARGET: return g_strdup (ds_landscape_entity (ls, d->target)->name);
        case COL_DEAL_DATE: return ds_format_date_iso (d->date);
        case COL_DEAL_AMOUNT: return usd_or_dash (d->amount_usd, FALSE);
        case COL_DEAL_INSTRUMENT: return g_strdup (ds_scene_instrument_label (d->instrument));
        case COL_DEAL_STATUS: return g_strdup (ds_deal_status_to_string (d->status));
        case COL_DEAL_SCENARIO:
          /* Translators: a deal that exists only in the current scenario. */
          if (is_hypothetical (self, i))
            return g_strdup (_("Hypothetical"));
          /* Translators: a landscape deal whose terms the scenario changed. */
          return g_strdup (self->view != NULL && self->view->deal_overrides[i] != 0 ? _("Changed") : "—");
        case COL_DEAL_POST: return usd_or_dash (d->post_money_usd, FALSE);
        case COL_DEAL_CAP: return usd_or_dash (d->cap_usd, FALSE);
        case COL_DEAL_DISCOUNT:
          return ds_is_set (d->discount) ? ds_format_localize_take (ds_format_in_unit (d->discount, "fraction")) : g_strdup ("—");
        case COL_DEAL_CONFIDENCE: return g_strdup (ds_confidence_to_string (d->confidence));
        case COL_DEAL_SOURCE: return g_strdup (d->source != DS_NONE ? ds_landscape_source (ls, d->source)->title : "—");
        default: break;
        }
    }
  g_assert_not_reached ();
}

/* Numbers sort as numbers (unknown last), the rest as text. */
static gboolean
cell_number (DsTableView *self,
             Column       column,
             DsIndex      i,
             double      *out)
{
  switch (column)
    {
    case COL_ENTITY_DEALS: *out = self->n_deals[i]; return TRUE;
    case COL_ENTITY_RAISED: *out = self->raised[i]; return TRUE;
    case COL_ENTITY_INVESTED: *out = self->invested[i]; return TRUE;
    case COL_DEAL_DATE: *out = ds_date_to_days (table_deal (self, i)->date); return TRUE;
    case COL_DEAL_AMOUNT: *out = table_deal (self, i)->amount_usd; return TRUE;
    case COL_DEAL_POST: *out = table_deal (self, i)->post_money_usd; return TRUE;
    case COL_DEAL_CAP: *out = table_deal (self, i)->cap_usd; return TRUE;
    case COL_DEAL_DISCOUNT: *out = table_deal (self, i)->discount; return TRUE;
    default: return FALSE;
    }
}

typedef struct {
  DsTableView *self;
  Column       column;
  /* The column view sorts this column descending: GTK then inverts what
   * compare_rows says, so unknown values are put first here for them to
   * end last in either order. */
  gboolean     descending;
} ColumnData;

/* Two rows no table has, for asking a column view which way it sorts a
 * column (GTK 4.8 has no API for it): every column's sorter but the one
 * asked about calls them equal, that one puts PROBE_FIRST first, and the
 * view's sorter answers inverted where it sorts that column descending. */
enum { PROBE_FIRST = -100, PROBE_SECOND = -101 };
static const ColumnData *probed_column;

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  ColumnData *cd = user_data;
  DsIndex ia = ds_table_row_get_index ((DsTableRow *) a), ib = ds_table_row_get_index ((DsTableRow *) b);
  double na, nb;

  if (ia <= PROBE_FIRST || ib <= PROBE_FIRST)
    return cd != probed_column || ia == ib ? 0 : ia == PROBE_FIRST ? -1 : 1;
  if (cd->self->landscape == NULL)
    return 0;
  if (cell_number (cd->self, cd->column, ia, &na) && cell_number (cd->self, cd->column, ib, &nb))
    {
      if (isnan (na) || isnan (nb))
        return (isnan (na) - isnan (nb)) * (cd->descending ? -1 : 1);
      return (na > nb) - (na < nb);
    }
  else
    {
      g_autofree char *ta = cell_text (cd->self, cd->column, ia);
      g_autofree char *tb = cell_text (cd->self, cd->column, ib);
      return g_utf8_collate (ta, tb);
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  ColumnData *cd = user_data;

  /* Names and sources give way when the table is narrow (the inspector
   * open); dates, amounts, counts and badges are short and read whole only
   * (the table scrolls sideways before "2023-09-…" would show). */
  gtk_label_set_ellipsize (GTK_LABEL (label), cd->column == COL_ENTITY_NAME || cd->column == COL_ENTITY_PARENT
                                              || cd->column == COL_DEAL_INVESTOR || cd->column == COL_DEAL_TARGET
                                              || cd->column == COL_DEAL_SOURCE
                                              ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  if (cd->column == COL_DEAL_AMOUNT || cd->column == COL_ENTITY_RAISED || cd->column == COL_ENTITY_INVESTED ||
      cd->column == COL_DEAL_POST || cd->column == COL_DEAL_CAP || cd->column == COL_DEAL_DISCOUNT ||
      cd->column == COL_ENTITY_DEALS)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  ColumnData *cd = user_data;
  DsTableRow *row = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (cd->self->landscape == NULL)
    return;
  text = cell_text (cd->self, cd->column, ds_table_row_get_index (row));
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
  if (cd->column == COL_DEAL_SCENARIO)
    {
      /* The badge stands out; a changed deal only says so. */
      GtkWidget *label = gtk_list_item_get_child (item);
      if (is_hypothetical (cd->self, ds_table_row_get_index (row)))
        {
          gtk_widget_add_css_class (label, "accent");
          gtk_widget_add_css_class (label, "heading");
        }
      else
        {
          gtk_widget_remove_css_class (label, "accent");
          gtk_widget_remove_css_class (label, "heading");
        }
    }
}

static void
add_column (DsTableView *self,
            GtkWidget   *view,
            const char  *title,
            Column       column,
            gboolean     expand)
{
  ColumnData *cd = g_new0 (ColumnData, 1);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;
  GtkSorter *sorter;

  cd->self = self;
  cd->column = column;
  /* The self pointer is only read while the view, which the factory
   * belongs to, is alive: the factory owns the ColumnData. */
  g_object_set_data_full (G_OBJECT (factory), "ds-column", cd, g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), cd);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), cd);
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, cd, NULL));
  gtk_column_view_column_set_sorter (col, sorter);
  g_object_unref (sorter);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (view), col);
  g_object_unref (col);
}

static void
on_entity_selected (GtkSingleSelection *selection,
                    GParamSpec         *pspec,
                    DsTableView        *self)
{
  DsTableRow *row = gtk_single_selection_get_selected_item (selection);
  if (row != NULL)
    g_signal_emit (self, signals[ENTITY_SELECTED], 0, (int) ds_table_row_get_index (row));
}

static void
on_deal_selected (GtkSingleSelection *selection,
                  GParamSpec         *pspec,
                  DsTableView        *self)
{
  DsTableRow *row = gtk_single_selection_get_selected_item (selection);
  if (row != NULL)
    g_signal_emit (self, signals[DEAL_SELECTED], 0, (int) ds_table_row_get_index (row));
}

/* Enter or a double click on a deal row selects it even when it already is
 * the selected row (the graph or inspector may have moved on since). */
static void
on_deal_activate (GtkColumnView *view,
                  guint          position,
                  DsTableView   *self)
{
  g_autoptr(DsTableRow) row = g_list_model_get_item (G_LIST_MODEL (self->deal_selection), position);
  if (row != NULL)
    g_signal_emit (self, signals[DEAL_SELECTED], 0, (int) ds_table_row_get_index (row));
}

static GtkWidget *
make_view (DsTableView         *self,
           DsTableRows        **rows,
           GtkSingleSelection **selection,
           const char          *label,
           GCallback            on_selected)
{
  GtkWidget *view = gtk_column_view_new (NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkSortListModel *sorted;

  *rows = ds_table_rows_new ();
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (*rows)), NULL);
  *selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (*selection, FALSE);
  gtk_single_selection_set_can_unselect (*selection, TRUE);
  gtk_single_selection_set_selected (*selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (*selection, "notify::selected", on_selected, self);
  gtk_column_view_set_model (GTK_COLUMN_VIEW (view), GTK_SELECTION_MODEL (*selection));
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_set_vexpand (scroller, TRUE);
  return scroller;
}

/* Reads, for each column, which way the view now sorts it. */
static void
on_view_sorter_changed (GtkSorter       *sorter,
                        GtkSorterChange  change,
                        GtkColumnView   *view)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(DsTableRow) first = ds_table_row_new (PROBE_FIRST);
  g_autoptr(DsTableRow) second = ds_table_row_new (PROBE_SECOND);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      ColumnData *cd = g_object_get_data (G_OBJECT (gtk_column_view_column_get_factory (column)), "ds-column");

      if (cd == NULL)
        continue;
      probed_column = cd;
      cd->descending = gtk_sorter_compare (sorter, first, second) == GTK_ORDERING_LARGER;
      probed_column = NULL;
    }
}

static void
bind_sorter (GtkWidget          *view,
             GtkSingleSelection *selection)
{
  GtkSortListModel *sorted = GTK_SORT_LIST_MODEL (gtk_single_selection_get_model (selection));
  GtkSorter *sorter = gtk_column_view_get_sorter (GTK_COLUMN_VIEW (view));

  /* Before the sort model's own handler, so that it sorts with the new
   * directions (handlers run in the order they were connected). */
  g_signal_connect_object (sorter, "changed", G_CALLBACK (on_view_sorter_changed), view, 0);
  gtk_sort_list_model_set_sorter (sorted, sorter);
}

static void
ds_table_view_dispose (GObject *object)
{
  DsTableView *self = DS_TABLE_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->entity_rows);
  g_clear_object (&self->deal_rows);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  g_clear_pointer (&self->raised, g_free);
  g_clear_pointer (&self->invested, g_free);
  g_clear_pointer (&self->n_deals, g_free);
  G_OBJECT_CLASS (ds_table_view_parent_class)->dispose (object);
}

static void
ds_table_view_class_init (DsTableViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ds_table_view_dispose;
  widget_class->map = ds_table_view_map;
  signals[ENTITY_SELECTED] = g_signal_new ("entity-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[DEAL_SELECTED] = g_signal_new ("deal-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ds_table_view_init (DsTableView *self)
{
  GtkWidget *switcher, *scroller;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->stack = gtk_stack_new ();
  switcher = gtk_stack_switcher_new ();
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (switcher), GTK_STACK (self->stack));
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (switcher, 6);
  gtk_widget_set_margin_bottom (switcher, 6);
  gtk_box_append (GTK_BOX (self->box), switcher);
  gtk_box_append (GTK_BOX (self->box), self->stack);

  scroller = make_view (self, &self->entity_rows, &self->entity_selection, _("Entities"),
                        G_CALLBACK (on_entity_selected));
  self->entity_view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  add_column (self, self->entity_view, _("Name"), COL_ENTITY_NAME, TRUE);
  add_column (self, self->entity_view, _("Kind"), COL_ENTITY_KIND, FALSE);
  add_column (self, self->entity_view, _("Part of"), COL_ENTITY_PARENT, FALSE);
  add_column (self, self->entity_view, _("Deals"), COL_ENTITY_DEALS, FALSE);
  add_column (self, self->entity_view, _("Raised"), COL_ENTITY_RAISED, FALSE);
  add_column (self, self->entity_view, _("Invested"), COL_ENTITY_INVESTED, FALSE);
  bind_sorter (self->entity_view, self->entity_selection);
  gtk_stack_add_titled (GTK_STACK (self->stack), scroller, "entities", _("Entities"));

  scroller = make_view (self, &self->deal_rows, &self->deal_selection, _("Deals"),
                        G_CALLBACK (on_deal_selected));
  self->deal_view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  add_column (self, self->deal_view, _("Investor"), COL_DEAL_INVESTOR, TRUE);
  add_column (self, self->deal_view, _("Target"), COL_DEAL_TARGET, TRUE);
  add_column (self, self->deal_view, _("Date"), COL_DEAL_DATE, FALSE);
  add_column (self, self->deal_view, _("Amount"), COL_DEAL_AMOUNT, FALSE);
  add_column (self, self->deal_view, _("Instrument"), COL_DEAL_INSTRUMENT, FALSE);
  add_column (self, self->deal_view, _("Status"), COL_DEAL_STATUS, FALSE);
  add_column (self, self->deal_view, _("Scenario"), COL_DEAL_SCENARIO, FALSE);
  add_column (self, self->deal_view, _("Post-money"), COL_DEAL_POST, FALSE);
  add_column (self, self->deal_view, _("Cap"), COL_DEAL_CAP, FALSE);
  add_column (self, self->deal_view, _("Discount"), COL_DEAL_DISCOUNT, FALSE);
  add_column (self, self->deal_view, _("Confidence"), COL_DEAL_CONFIDENCE, FALSE);
  add_column (self, self->deal_view, _("Source"), COL_DEAL_SOURCE, TRUE);
  bind_sorter (self->deal_view, self->deal_selection);
  g_signal_connect (self->deal_view, "activate", G_CALLBACK (on_deal_activate), self);
  gtk_stack_add_titled (GTK_STACK (self->stack), scroller, "deals", _("Deals"));
  g_signal_connect (self->stack, "notify::visible-child-name", G_CALLBACK (on_page_changed), self);
}

GtkWidget *
ds_table_view_new (void)
{
  return g_object_new (DS_TYPE_TABLE_VIEW, NULL);
}

void
ds_table_view_set_landscape (DsTableView *self,
                             DsLandscape *landscape)
{
  g_return_if_fail (DS_IS_TABLE_VIEW (self));
  if (landscape != self->landscape)
    {
      /* A view resolves deals of the landscape it was made from. */
      self->view = NULL;
      g_clear_pointer (&self->landscape, ds_landscape_unref);
      self->landscape = ds_landscape_ref (landscape);
    }
  ds_table_view_refresh (self);
}

void
ds_table_view_set_view (DsTableView          *self,
                        const DsScenarioView *view)
{
  g_return_if_fail (DS_IS_TABLE_VIEW (self));
  g_return_if_fail (view == NULL || view->landscape == self->landscape);

  self->view = view;
  ds_table_view_refresh (self);
}

char *
ds_table_view_get_deal_cell (DsTableView *self,
                             guint        position,
                             const char  *column)
{
  static const struct { const char *name; Column column; } columns[] = {
    { "investor", COL_DEAL_INVESTOR }, { "target", COL_DEAL_TARGET }, { "date", COL_DEAL_DATE },
    { "amount", COL_DEAL_AMOUNT }, { "instrument", COL_DEAL_INSTRUMENT }, { "status", COL_DEAL_STATUS },
    { "scenario", COL_DEAL_SCENARIO }, { "post-money", COL_DEAL_POST }, { "cap", COL_DEAL_CAP },
    { "discount", COL_DEAL_DISCOUNT },
    { "confidence", COL_DEAL_CONFIDENCE }, { "source", COL_DEAL_SOURCE },
  };
  g_autoptr(DsTableRow) row = NULL;

  g_return_val_if_fail (DS_IS_TABLE_VIEW (self), NULL);
  ensure_page (self, TRUE);
  if (self->landscape == NULL ||
      (row = g_list_model_get_item (G_LIST_MODEL (self->deal_rows), position)) == NULL)
    return NULL;
  if (g_strcmp0 (column, "id") == 0)
    return g_strdup (table_deal (self, ds_table_row_get_index (row))->id);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (g_strcmp0 (column, columns[i].name) == 0)
      return cell_text (self, columns[i].column, ds_table_row_get_index (row));
  return NULL;
}

void
ds_table_view_select_deal_row (DsTableView *self,
                               guint        position)
{
  g_return_if_fail (DS_IS_TABLE_VIEW (self));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "deals");
  ensure_page (self, TRUE);
  /* Positions of the unsorted rows; the selection sees them sorted (and
   * unsorted, at the same positions: then no row needs to be made). */
  if (gtk_sorter_get_order (gtk_column_view_get_sorter (GTK_COLUMN_VIEW (self->deal_view))) == GTK_SORTER_ORDER_NONE)
    {
      gtk_single_selection_set_selected (self->deal_selection, GTK_INVALID_LIST_POSITION);
      if (position < g_list_model_get_n_items (G_LIST_MODEL (self->deal_selection)))
        gtk_single_selection_set_selected (self->deal_selection, position);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->deal_selection)); i++)
    {
      g_autoptr(DsTableRow) row = g_list_model_get_item (G_LIST_MODEL (self->deal_selection), i);
      if ((guint) ds_table_row_get_index (row) == position)
        {
          gtk_single_selection_set_selected (self->deal_selection, GTK_INVALID_LIST_POSITION);
          gtk_single_selection_set_selected (self->deal_selection, i);
          return;
        }
    }
}

/* The rows of one page: the entities (with their totals) or the deals. */
static void
ensure_page (DsTableView *self,
             gboolean     deals)
{
  if (self->landscape == NULL)
    return;
  if (deals && self->deals_stale)
    {
      self->deals_stale = FALSE;
      ds_table_rows_set_n (self->deal_rows, n_table_deals (self));
    }
  if (!deals && self->entities_stale)
    {
      self->entities_stale = FALSE;
      compute_totals (self);
      ds_table_rows_set_n (self->entity_rows, ds_landscape_n_entities (self->landscape));
    }
}

static gboolean
showing_deals (DsTableView *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)), "deals") == 0;
}

/* The page shown. */
static void
ensure_rows (DsTableView *self)
{
  ensure_page (self, showing_deals (self));
}

static void
on_page_changed (GtkStack    *stack,
                 GParamSpec  *pspec,
                 DsTableView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_rows (self);
}

static void
ds_table_view_map (GtkWidget *widget)
{
  ensure_rows (DS_TABLE_VIEW (widget));
  GTK_WIDGET_CLASS (ds_table_view_parent_class)->map (widget);
}

void
ds_table_view_refresh (DsTableView *self)
{
  g_return_if_fail (DS_IS_TABLE_VIEW (self));
  self->entities_stale = TRUE;
  self->deals_stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_rows (self);
}

static void
csv_text (GString    *out,
          const char *text,
          gboolean    last)
{
  ds_csv_append_field (out, text != NULL ? text : "");
  g_string_append_c (out, last ? '\n' : ',');
}

static void
csv_number (GString *out,
            double   value,
            gboolean last)
{
  char buf[32];

  csv_text (out, ds_is_set (value) ? ds_json_format_double (value, buf) : "", last);
}

gboolean
ds_table_view_write_csv (DsTableView *self,
                         GString     *out)
{
  DsLandscape *ls;
  gboolean deals;
  GListModel *rows;

  g_return_val_if_fail (DS_IS_TABLE_VIEW (self), FALSE);
  if ((ls = self->landscape) == NULL)
    return FALSE;
  deals = showing_deals (self);
  ensure_page (self, deals);
  rows = G_LIST_MODEL (deals ? self->deal_selection : self->entity_selection);
  g_string_append (out, deals ? "id,investor,target,date,amount_usd,instrument,status,scenario,"
                                "post_money_usd,cap_usd,discount,confidence,source\n"
                              : "id,name,kind,part_of,deals,raised_usd,invested_usd\n");
  for (guint k = 0; k < g_list_model_get_n_items (rows); k++)
    {
      g_autoptr(DsTableRow) row = g_list_model_get_item (rows, k);
      DsIndex i = ds_table_row_get_index (row);
      g_autofree char *date = NULL;

      if (!deals)
        {
          const DsEntity *e = ds_landscape_entity (ls, i);
          csv_text (out, e->id, FALSE);
          csv_text (out, e->name, FALSE);
          csv_text (out, ds_entity_kind_to_string (e->kind), FALSE);
          csv_text (out, e->parent != DS_NONE ? ds_landscape_entity (ls, e->parent)->id : NULL, FALSE);
          csv_number (out, self->n_deals[i], FALSE);
          csv_number (out, self->raised[i], FALSE);
          csv_number (out, self->invested[i], TRUE);
          continue;
        }
      {
        const DsDeal *d = table_deal (self, i);
        date = ds_format_date_iso (d->date);
        csv_text (out, d->id, FALSE);
        csv_text (out, ds_landscape_entity (ls, d->investor)->id, FALSE);
        csv_text (out, ds_landscape_entity (ls, d->target)->id, FALSE);
        csv_text (out, date, FALSE);
        csv_number (out, d->amount_usd, FALSE);
        csv_text (out, ds_instrument_to_string (d->instrument), FALSE);
        csv_text (out, ds_deal_status_to_string (d->status), FALSE);
        csv_text (out, is_hypothetical (self, i) ? "hypothetical"
                       : self->view != NULL && self->view->deal_overrides[i] != 0 ? "changed" : NULL, FALSE);
        csv_number (out, d->post_money_usd, FALSE);
        csv_number (out, d->cap_usd, FALSE);
        csv_number (out, d->discount, FALSE);
        csv_text (out, ds_confidence_to_string (d->confidence), FALSE);
        csv_text (out, d->source != DS_NONE ? ds_landscape_source (ls, d->source)->id : NULL, TRUE);
      }
    }
  return TRUE;
}

guint
ds_table_view_get_n_rows (DsTableView *self,
                          gboolean     deals)
{
  g_return_val_if_fail (DS_IS_TABLE_VIEW (self), 0);
  ensure_page (self, deals);
  return g_list_model_get_n_items (G_LIST_MODEL (deals ? self->deal_rows : self->entity_rows));
}
