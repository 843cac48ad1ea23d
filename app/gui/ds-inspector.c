/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-inspector.c: the selection's fields as preference rows, rebuilt on each
 * selection; deal terms (of landscape deals and of the scenario's hypothetical
 * deals, as the current scenario sees them) are entry and combo rows
 * validated as you type. */
#define G_LOG_DOMAIN "ds-inspector"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "ds-amount.h"
#include "ds-format.h"
#include "ds-inspector.h"
#include "ds-replay.h"
#include "ds-scenario.h"
#include "ds-scene.h"

/* Rows of one list in the inspector, at most (see entity_deals). GTK lays
 * out every row's text when the inspector is filled: selecting the biggest
 * investor of the 1M document took 398-520 ms to its frame with 100 deal
 * rows, 203-234 ms with 25 (bench-gui). */
#define MAX_DEAL_ROWS   25
#define MAX_METRIC_ROWS 50

G_DEFINE_QUARK (ds-inspector-error-quark, ds_inspector_error)

struct _DsInspector {
  GtkWidget    parent_instance;

  GtkWidget   *scroller;
  GtkWidget   *content;      /* rebuilt on every show */
  GtkWidget   *error_label;

  DsLandscape *landscape;
  /* The current scenario's view, borrowed from the window's replay (NULL:
   * the landscape as recorded). Deal indices are the view's: landscape
   * deals first, at their landscape index, then hypothetical deals. */
  const DsScenarioView *view;
  DsIndex      entity;
  DsIndex      deal;
  char        *deal_id;      /* to find the deal again in another view */

  DsInspectorApplyFunc apply;
  gpointer             apply_data;
  DsInspectorProblemFunc problem;
  gpointer               problem_data;
  gboolean             building;
};

G_DEFINE_FINAL_TYPE (DsInspector, ds_inspector, GTK_TYPE_WIDGET)

enum { DEAL_ACTIVATED, ENTITY_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Parsing --------------------------------------------------------------- */

gboolean
ds_inspector_parse_usd (const char *text,
                        double     *out,
                        GError    **error)
{
  g_autofree char *clean = NULL;
  char *end = NULL;
  double value, unit = 1;
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p) && *p != '$' && *p != ',' && *p != '_')
      g_string_append_c (s, *p);
  clean = g_string_free (s, FALSE);
  if (*clean == '\0')
    {
      *out = NAN;
      return TRUE;
    }
  value = g_ascii_strtod (clean, &end);
  if (end == clean)
    goto bad;
  switch (g_ascii_toupper (*end))
    {
    case 'K': unit = 1e3; end++; break;
    case 'M': unit = 1e6; end++; break;
    case 'B': case 'G': unit = 1e9; end++; break;
    case 'T': unit = 1e12; end++; break;
    default: break;
    }
  if (*end != '\0' || !isfinite (value) || value < 0)
    goto bad;
  *out = value * unit;
  return TRUE;

bad:
  g_set_error (error, DS_INSPECTOR_ERROR, DS_INSPECTOR_ERROR_INVALID,
               _("“%s” is not an amount: write dollars such as 750M, $1.25B or 4e9, or leave it empty when unknown"),
               text);
  return FALSE;
}

gboolean
ds_inspector_parse_fraction (const char *text,
                             double     *out,
                             GError    **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (text));
  char *end = NULL;
  double value;
  gboolean percent = FALSE;

  if (*clean == '\0')
    {
      *out = NAN;
      return TRUE;
    }
  value = g_ascii_strtod (clean, &end);
  if (end != clean && *end == '%')
    {
      percent = TRUE;
      end++;
    }
  if (end == clean || *end != '\0' || !isfinite (value))
    goto bad;
  /* "20" without a sign means 20%: nobody types a 2000% discount. */
  if (percent || value > 1)
    value /= 100;
  if (value < 0 || value > 1)
    goto bad;
  *out = value;
  return TRUE;

bad:
  g_set_error (error, DS_INSPECTOR_ERROR, DS_INSPECTOR_ERROR_INVALID,
               _("“%s” is not a rate: write a percentage between 0 and 100 such as 20%%, or a fraction such as 0.2"),
               text);
  return FALSE;
}

char *
ds_inspector_format_usd (double usd)
{
  static const struct { double unit; const char *suffix; } units[] = {
    { 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" }, { 1e3, "K" }, { 1, "" },
  };

  if (!ds_is_set (usd))
    return g_strdup ("");
  /* Commas whatever the locale: the entry must read back through
   * ds_inspector_parse_usd. */
  if (ds_amount_get_style () == DS_AMOUNT_FULL && fabs (usd - round (usd)) < 0.5e-3)
    return ds_amount_format_full (usd, ",");
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (fabs (usd) >= units[i].unit || units[i].unit == 1)
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_ascii_formatd (buf, sizeof buf, "%.12g", usd / units[i].unit);
        return g_strdup_printf ("$%s%s", buf, units[i].suffix);
      }
  g_assert_not_reached ();
}

/* Deals as the scenario sees them -------------------------------------------- */

static DsIndex
count_deals (DsInspector *self)
{
  return self->view != NULL ? ds_scenario_view_n_deals (self->view) : ds_landscape_n_deals (self->landscape);
}

static const DsDeal *
get_deal (DsInspector *self,
          DsIndex      i)
{
  return self->view != NULL ? ds_scenario_view_deal (self->view, i) : ds_landscape_deal (self->landscape, i);
}

static gboolean
is_hypothetical (DsInspector *self,
                 DsIndex      i)
{
  return self->view != NULL && (guint) i >= self->view->n_landscape_deals;
}

/* A hypothetical deal that the shown scenario holds itself, which it can
 * delete; one of a base scenario belongs to that one. */
static gboolean
is_own_hypothetical (DsInspector *self,
                     DsIndex      i)
{
  const DsScenario *sc;
  const char *id;

  if (!is_hypothetical (self, i) || self->view->scenario == DS_NONE)
    return FALSE;
  sc = ds_landscape_scenario (self->landscape, self->view->scenario);
  id = get_deal (self, i)->id;
  for (guint k = 0; k < sc->deals->len; k++)
    if (g_strcmp0 (g_array_index (sc->deals, DsDeal, k).id, id) == 0)
      return TRUE;
  return FALSE;
}

static const char *
scenario_name (DsInspector *self)
{
  if (self->view == NULL || self->view->scenario == DS_NONE)
    return NULL;
  return ds_landscape_scenario (self->landscape, self->view->scenario)->name;
}

/* Rows ------------------------------------------------------------------- */

typedef enum {
  FIELD_USD,
  FIELD_FRACTION,
  FIELD_DATE,
} FieldKind;

static void
show_error (DsInspector *self,
            const char  *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
}

static GVariant *
parse_field (FieldKind    kind,
             const char  *text,
             GError     **error)
{
  double number;
  DsDate date;
  g_autofree char *clean = NULL;

  switch (kind)
    {
    case FIELD_USD:
      return ds_inspector_parse_usd (text, &number, error) ? g_variant_new_double (number) : NULL;
    case FIELD_FRACTION:
      return ds_inspector_parse_fraction (text, &number, error) ? g_variant_new_double (number) : NULL;
    case FIELD_DATE:
      clean = g_strstrip (g_strdup (text));
      if (!ds_date_parse (clean, &date, error))
        return NULL;
      return g_variant_new_string (clean);
    }
  g_assert_not_reached ();
}

static void
on_entry_changed (GtkEditable *editable,
                  DsInspector *self)
{
  FieldKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (editable), "ds-kind"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) value = NULL;

  if (self->building)
    return;
  value = parse_field (kind, gtk_editable_get_text (editable), &error);
  if (value == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      show_error (self, error->message);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
      show_error (self, NULL);
    }
}

static gboolean
apply (DsInspector *self,
       const char  *field,
       GVariant    *value,
       GtkWidget   *row)
{
  g_autofree char *deal_id = g_strdup (self->deal_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);

  if (self->apply == NULL || deal_id == NULL)
    return FALSE;
  /* A copy: the apply function rebuilds the panel, which may re-resolve the deal. */
  if (!self->apply (self->apply_data, deal_id, field, owned, &error))
    {
      gtk_widget_add_css_class (row, "error");
      show_error (self, error->message);
      return FALSE;
    }
  gtk_widget_remove_css_class (row, "error");
  show_error (self, NULL);
  return TRUE;
}

static void
on_entry_apply (AdwEntryRow *row,
                DsInspector *self)
{
  FieldKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "ds-kind"));
  const char *field = g_object_get_data (G_OBJECT (row), "ds-field");
  g_autoptr(GError) error = NULL;
  GVariant *value = parse_field (kind, gtk_editable_get_text (GTK_EDITABLE (row)), &error);

  if (value == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      show_error (self, error->message);
      return;
    }
  apply (self, field, value, GTK_WIDGET (row));
}

static void
on_combo_selected (AdwComboRow *row,
                   GParamSpec  *pspec,
                   DsInspector *self)
{
  const char *field = g_object_get_data (G_OBJECT (row), "ds-field");
  guint selected = adw_combo_row_get_selected (row);
  const char *name;

  if (self->building || selected == GTK_INVALID_LIST_POSITION)
    return;
  name = g_str_equal (field, "status") ? ds_deal_status_to_string (selected) : ds_instrument_to_string (selected);
  apply (self, field, g_variant_new_string (name), GTK_WIDGET (row));
}

static GtkWidget *
add_entry_row (DsInspector *self,
               GtkWidget   *group,
               const char  *title,
               const char  *field,
               FieldKind    kind,
               const char  *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_object_set_data (G_OBJECT (row), "ds-kind", GINT_TO_POINTER (kind));
  g_object_set_data_full (G_OBJECT (row), "ds-field", g_strdup (field), g_free);
  g_signal_connect (row, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect (row, "apply", G_CALLBACK (on_entry_apply), self);
  gtk_widget_set_name (row, field);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static GtkWidget *
add_combo_row (DsInspector  *self,
               GtkWidget    *group,
               const char   *title,
               const char   *field,
               const char *(*to_string) (int),
               guint         n,
               guint         selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = g_strdup (to_string (i));
      g_strdelimit (label, "_", ' ');
      gtk_string_list_append (names, label);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data_full (G_OBJECT (row), "ds-field", g_strdup (field), g_free);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_combo_selected), self);
  gtk_widget_set_name (row, field);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static GtkWidget *
add_info_row (GtkWidget  *group,
              const char *title,
              const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label;

  if (value == NULL || *value == '\0')
    return NULL;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (row, "property");
  label = gtk_label_new (value);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static GtkWidget *
new_group (DsInspector *self,
           const char  *title,
           const char  *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (GTK_BOX (self->content), group);
  return group;
}

static void
add_source_rows (DsInspector  *self,
                 GtkWidget    *group,
                 DsIndex       source,
                 DsConfidence  confidence)
{
  g_autofree char *confidence_text = g_strdup (ds_confidence_to_string (confidence));

  confidence_text[0] = g_ascii_toupper (confidence_text[0]);
  if (source != DS_NONE)
    {
      const DsSource *s = ds_landscape_source (self->landscape, source);
      g_autofree char *date = ds_format_date_iso (s->date);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = g_strdup_printf ("%s%s%s", s->publisher ? s->publisher : "",
                                                   *date ? ", " : "", date);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "accessories-dictionary-symbolic");
      if (s->url != NULL)
        {
          GtkWidget *link = gtk_link_button_new_with_label (s->url, _("Open"));
          gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (link, s->url);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), link);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  add_info_row (group, _("Confidence"), confidence_text);
}

static void
on_deal_row_activated (AdwActionRow *row,
                       DsInspector  *self)
{
  g_signal_emit (self, signals[DEAL_ACTIVATED], 0,
                 GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "ds-deal")));
}

static void
on_entity_row_activated (AdwActionRow *row,
                         DsInspector  *self)
{
  g_signal_emit (self, signals[ENTITY_ACTIVATED], 0,
                 GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "ds-entity")));
}

static GtkWidget *
add_link_row (GtkWidget  *group,
              const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static char *
deal_summary (DsLandscape  *ls,
              const DsDeal *d)
{
  g_autofree char *amount = ds_amount_format (d->amount_usd);
  g_autofree char *date = ds_format_date_short (d->date);
  return g_strdup_printf ("%s %s · %s · %s", amount, ds_scene_instrument_label (d->instrument),
                          date, ds_deal_status_to_string (d->status));
}

static void
reset_content (DsInspector *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->content)) != NULL)
    gtk_box_remove (GTK_BOX (self->content), child);
  show_error (self, NULL);
}

static void
build_empty (DsInspector *self)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "find-location-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Nothing Selected"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("Click a company, an investor or a deal to see its terms and where they come from."));
  gtk_widget_add_css_class (page, "compact");
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (self->content), page);
}

/* An entity of a big import may have tens of thousands of deals, and a
 * row each would take minutes to build: the MAX_DEAL_ROWS largest (by
 * amount, then in the view's order) stand for them. Sets the count of all. */
static int
compare_deal_amount (gconstpointer a, gconstpointer b, gpointer user_data)
{
  DsInspector *self = user_data;
  double x = get_deal (self, *(const DsIndex *) a)->amount_usd;
  double y = get_deal (self, *(const DsIndex *) b)->amount_usd;

  x = isnan (x) ? -1 : x;
  y = isnan (y) ? -1 : y;
  if (x != y)
    return x < y ? 1 : -1;
  return *(const DsIndex *) a < *(const DsIndex *) b ? -1 : 1;
}

static int
compare_index (gconstpointer a, gconstpointer b)
{
  DsIndex x = *(const DsIndex *) a, y = *(const DsIndex *) b;
  return (x > y) - (x < y);
}

static GArray *
entity_deals (DsInspector *self, guint *n_all)
{
  GArray *deals = g_array_new (FALSE, FALSE, sizeof (DsIndex));

  for (DsIndex i = 0; i < count_deals (self); i++)
    {
      const DsDeal *d = get_deal (self, i);
      if (d->investor == self->entity || d->target == self->entity)
        g_array_append_val (deals, i);
    }
  *n_all = deals->len;
  if (deals->len > MAX_DEAL_ROWS)
    {
      g_array_sort_with_data (deals, compare_deal_amount, self);
      g_array_set_size (deals, MAX_DEAL_ROWS);
      g_array_sort (deals, compare_index);
    }
  return deals;
}

static void
build_entity (DsInspector *self)
{
  const DsEntity *e = ds_landscape_entity (self->landscape, self->entity);
  g_autofree char *kind = g_strdup (ds_entity_kind_to_string (e->kind));
  GtkWidget *group, *title;
  g_autoptr(GArray) shown = NULL;
  guint n_deals = 0, n_metrics = 0;

  kind[0] = g_ascii_toupper (kind[0]);
  title = gtk_label_new (e->name);
  gtk_widget_add_css_class (title, "title-2");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_box_append (GTK_BOX (self->content), title);
  if (self->problem != NULL)
    {
      const char *problem = self->problem (self->problem_data, self->entity);
      if (problem != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Stakes: %s"), problem);
          GtkWidget *label = gtk_label_new (text);

          gtk_widget_set_name (label, "entity-problem");
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_selectable (GTK_LABEL (label), TRUE);
          gtk_widget_add_css_class (label, "warning");
          gtk_box_append (GTK_BOX (self->content), label);
        }
    }

  group = new_group (self, _("Entity"), NULL);
  add_info_row (group, _("Kind"), kind);
  if (e->parent != DS_NONE)
    add_info_row (group, _("Part of"), ds_landscape_entity (self->landscape, e->parent)->name);
  add_info_row (group, _("Identifier"), e->id);
  if (e->description != NULL)
    {
      GtkWidget *desc = gtk_label_new (e->description);
      gtk_label_set_wrap (GTK_LABEL (desc), TRUE);
      gtk_label_set_xalign (GTK_LABEL (desc), 0);
      gtk_label_set_selectable (GTK_LABEL (desc), TRUE);
      gtk_widget_add_css_class (desc, "body");
      gtk_box_append (GTK_BOX (self->content), desc);
    }

  group = new_group (self, _("Deals"), NULL);
  shown = entity_deals (self, &n_deals);
  for (guint k = 0; k < shown->len; k++)
    {
      DsIndex i = g_array_index (shown, DsIndex, k);
      const DsDeal *d = get_deal (self, i);
      g_autofree char *title_text = NULL;
      g_autofree char *summary = NULL;
      GtkWidget *row;

      title_text = g_strdup_printf ("%s → %s", ds_landscape_entity (self->landscape, d->investor)->name,
                                    ds_landscape_entity (self->landscape, d->target)->name);
      summary = deal_summary (self->landscape, d);
      if (is_hypothetical (self, i))
        {
          /* Translators: a deal that exists only in the current scenario. */
          char *marked = g_strdup_printf (_("Hypothetical · %s"), summary);
          g_free (summary);
          summary = marked;
        }
      row = add_link_row (group, title_text, summary);
      gtk_widget_set_name (row, d->id);
      g_object_set_data (G_OBJECT (row), "ds-deal", GINT_TO_POINTER (i));
      g_signal_connect (row, "activated", G_CALLBACK (on_deal_row_activated), self);
    }
  if (n_deals > shown->len)
    {
      g_autofree char *count = ds_format_localize_take (ds_format_count (n_deals, NULL));
      /* Translators: %u is at most 100, %s the number of the entity's deals. */
      g_autofree char *text = g_strdup_printf (_("The %u largest of %s deals; the Table view lists them all."),
                                               shown->len, count);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), text);
    }
  if (n_deals == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _("No recorded deals."));
  {
    /* The entity is the target of the new deal, unless its business is
     * investing. The window refuses (and says why) outside a scenario. */
    GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
    g_autofree char *target = g_strdup_printf ("%s:%s", e->kind == DS_ENTITY_INVESTOR ? "investor" : "target", e->id);

    gtk_widget_set_tooltip_text (add, _("Add Hypothetical Deal…"));
    gtk_widget_set_name (add, "add-hypothetical-deal");
    gtk_widget_add_css_class (add, "flat");
    gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "win.add-hypothetical-deal");
    gtk_actionable_set_action_target (GTK_ACTIONABLE (add), "s", target);
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
  }

  group = NULL;
  for (DsIndex i = 0; i < (DsIndex) self->landscape->metrics->len; i++)
    {
      const DsMetric *m = ds_landscape_metric (self->landscape, i);
      g_autofree char *value = NULL;
      g_autofree char *date = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (m->entity != self->entity)
        continue;
      /* A company of a big import has a valuation per round: the first
       * rows say enough; the charts and the table have the rest. */
      if (n_metrics++ >= MAX_METRIC_ROWS)
        continue;
      if (group == NULL)
        group = new_group (self, _("Metrics"), NULL);
      value = g_str_equal (m->unit, "usd") ? ds_amount_format (m->value) : ds_format_localize_take (ds_format_si (m->value, m->unit));
      date = ds_format_date_iso (m->date);
      subtitle = g_strdup_printf ("%s%s%s · %s", date, *date ? " · " : "",
                                  m->source != DS_NONE ? ds_landscape_source (self->landscape, m->source)->title : "",
                                  ds_confidence_to_string (m->confidence));
      {
        /* stake_fraction:openai reads "Stake in OpenAI". */
        DsIndex company = DS_NONE;
        g_autofree char *name = NULL;

        if (ds_replay_parse_stake_metric (self->landscape, m->name, &company))
          name = company != DS_NONE
                 ? g_strdup_printf (_("Stake in %s"), ds_landscape_entity (self->landscape, company)->name)
                 : g_strdup (_("Stake"));
        row = add_info_row (group, name != NULL ? name : m->name, value);
      }
      if (row != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }

  if (n_metrics > MAX_METRIC_ROWS)
    {
      g_autofree char *count = ds_format_localize_take (ds_format_count (n_metrics, NULL));
      g_autofree char *text = g_strdup_printf (_("The first %u of %s metrics; the Valuation view charts them."),
                                               MAX_METRIC_ROWS, count);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), text);
    }

  group = NULL;
  for (DsIndex i = 0; i < (DsIndex) self->landscape->relations->len; i++)
    {
      const DsRelation *r = ds_landscape_relation (self->landscape, i);
      DsIndex other;
      g_autofree char *title_text = NULL;
      GtkWidget *row;

      if (r->from != self->entity && r->to != self->entity)
        continue;
      if (group == NULL)
        group = new_group (self, _("Relations"), NULL);
      other = r->from == self->entity ? r->to : r->from;
      title_text = g_strdup_printf ("%s %s", ds_relation_kind_to_string (r->kind),
                                    ds_landscape_entity (self->landscape, other)->name);
      row = add_link_row (group, title_text, r->note);
      g_object_set_data (G_OBJECT (row), "ds-entity", GINT_TO_POINTER (other));
      g_signal_connect (row, "activated", G_CALLBACK (on_entity_row_activated), self);
    }
}

/* What the Terms group says about where an edit goes. */
static char *
terms_description (DsInspector *self)
{
  const char *scenario = scenario_name (self);
  guint32 overrides = self->view != NULL ? self->view->deal_overrides[self->deal] : 0;

  if (is_hypothetical (self, self->deal))
    return g_strdup_printf (_("This deal exists only in the scenario “%s”; changes are saved in it at once."),
                            scenario);
  if (overrides != 0)
    return g_strdup_printf (_("Some terms are set by the scenario “%s”. Press Enter or the apply button to "
                              "save a change; it is written to the document at once."), scenario);
  return g_strdup (_("Press Enter or the apply button to save a change; it is written to the document at once."));
}

static void
build_deal (DsInspector *self)
{
  const DsDeal *d = get_deal (self, self->deal);
  g_autofree char *description = terms_description (self);
  g_autofree char *title_text = g_strdup_printf ("%s → %s",
                                                 ds_landscape_entity (self->landscape, d->investor)->name,
                                                 ds_landscape_entity (self->landscape, d->target)->name);
  g_autofree char *amount = ds_inspector_format_usd (d->amount_usd);
  g_autofree char *pre = ds_inspector_format_usd (d->pre_money_usd);
  g_autofree char *post = ds_inspector_format_usd (d->post_money_usd);
  g_autofree char *cap = ds_inspector_format_usd (d->cap_usd);
  g_autofree char *discount = ds_is_set (d->discount) ? g_strdup_printf ("%g%%", d->discount * 100) : g_strdup ("");
  g_autofree char *interest = ds_is_set (d->interest_rate) ? g_strdup_printf ("%g%%", d->interest_rate * 100) : g_strdup ("");
  g_autofree char *date = ds_format_date_iso (d->date);
  GtkWidget *group, *title, *row;

  title = gtk_label_new (title_text);
  gtk_widget_add_css_class (title, "title-2");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_box_append (GTK_BOX (self->content), title);
  if (is_hypothetical (self, self->deal))
    {
      GtkWidget *tag = gtk_label_new (_("Hypothetical deal"));
      gtk_widget_set_name (tag, "hypothetical");
      gtk_widget_set_halign (tag, GTK_ALIGN_START);
      gtk_widget_add_css_class (tag, "accent");
      gtk_widget_add_css_class (tag, "heading");
      gtk_box_append (GTK_BOX (self->content), tag);
    }

  if (is_own_hypothetical (self, self->deal))
    {
      /* Landscape deals are the record and stay; the window asks nothing
       * first, as its toast offers Undo. Under the title, so that it is
       * in sight without scrolling past the terms. */
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Delete Deal"));
      gtk_widget_set_name (button, "delete-hypothetical-deal");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_margin_bottom (button, 6);
      gtk_widget_add_css_class (button, "destructive-action");
      gtk_widget_set_tooltip_text (button, _("Delete this hypothetical deal from the scenario"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.delete-hypothetical-deal");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (d->id));
      gtk_box_append (GTK_BOX (self->content), button);
    }

  group = new_group (self, _("Parties"), NULL);
  row = add_link_row (group, ds_landscape_entity (self->landscape, d->investor)->name, _("Investor"));
  g_object_set_data (G_OBJECT (row), "ds-entity", GINT_TO_POINTER (d->investor));
  g_signal_connect (row, "activated", G_CALLBACK (on_entity_row_activated), self);
  row = add_link_row (group, ds_landscape_entity (self->landscape, d->target)->name, _("Receives the money"));
  g_object_set_data (G_OBJECT (row), "ds-entity", GINT_TO_POINTER (d->target));
  g_signal_connect (row, "activated", G_CALLBACK (on_entity_row_activated), self);

  /* Above the terms, where it stays in sight whichever row is wrong. */
  gtk_box_append (GTK_BOX (self->content), self->error_label);
  group = new_group (self, _("Terms"), description);
  add_entry_row (self, group, _("Amount"), "amount_usd", FIELD_USD, amount);
  add_entry_row (self, group, _("Date"), "date", FIELD_DATE, date);
  add_combo_row (self, group, _("Instrument"), "instrument", (const char *(*)(int)) ds_instrument_to_string,
                 DS_INSTRUMENT_N_KINDS, d->instrument);
  add_combo_row (self, group, _("Status"), "status", (const char *(*)(int)) ds_deal_status_to_string,
                 DS_STATUS_N_KINDS, d->status);
  add_entry_row (self, group, _("Pre-money valuation"), "pre_money_usd", FIELD_USD, pre);
  add_entry_row (self, group, _("Post-money valuation"), "post_money_usd", FIELD_USD, post);
  add_entry_row (self, group, _("Valuation cap"), "cap_usd", FIELD_USD, cap);
  add_entry_row (self, group, _("Discount"), "discount", FIELD_FRACTION, discount);
  add_entry_row (self, group, _("Interest per year"), "interest_rate", FIELD_FRACTION, interest);

  if (d->instrument == DS_INSTRUMENT_COMPUTE_COMMITMENT || ds_is_set (d->term_years) ||
      ds_is_set (d->power_gw) || ds_is_set (d->chip_count) || d->chip != DS_NONE)
    {
      g_autofree char *term = ds_is_set (d->term_years) ? g_strdup_printf (_("%g years"), d->term_years) : NULL;
      g_autofree char *power = ds_is_set (d->power_gw) ? ds_format_localize_take (ds_format_si (d->power_gw * 1e9, "W")) : NULL;
      g_autofree char *chips = ds_is_set (d->chip_count) ? ds_format_localize_take (ds_format_count (d->chip_count, NULL)) : NULL;

      group = new_group (self, _("Compute Bought"),
                         _("What a compute commitment buys from its provider, where the source says"));
      add_info_row (group, _("Term"), term ? term : _("not reported"));
      add_info_row (group, _("Power"), power ? power : _("not reported"));
      add_info_row (group, _("Accelerators"), chips ? chips : _("not reported"));
      if (d->chip != DS_NONE)
        {
          row = add_link_row (group, ds_landscape_entity (self->landscape, d->chip)->name, _("Chip"));
          g_object_set_data (G_OBJECT (row), "ds-entity", GINT_TO_POINTER (d->chip));
          g_signal_connect (row, "activated", G_CALLBACK (on_entity_row_activated), self);
        }
    }

  group = new_group (self, _("Source"), NULL);
  add_source_rows (self, group, d->source, d->confidence);
  add_info_row (group, _("Identifier"), d->id);
  if (d->note != NULL)
    {
      GtkWidget *note = gtk_label_new (d->note);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_label_set_selectable (GTK_LABEL (note), TRUE);
      gtk_widget_add_css_class (note, "dim-label");
      gtk_box_append (GTK_BOX (self->content), note);
    }
}

static void
rebuild (DsInspector *self)
{
  self->building = TRUE;
  if (gtk_widget_get_parent (self->error_label) != NULL)
    gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->error_label)), self->error_label);
  reset_content (self);
  if (self->landscape != NULL && self->deal != DS_NONE && self->deal < count_deals (self))
    build_deal (self);
  else if (self->landscape != NULL && self->entity != DS_NONE)
    build_entity (self);
  else
    build_empty (self);
  self->building = FALSE;
}

/* Object ------------------------------------------------------------------- */

static void
ds_inspector_dispose (GObject *object)
{
  DsInspector *self = DS_INSPECTOR (object);

  g_clear_object (&self->error_label);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  g_clear_pointer (&self->deal_id, g_free);
  self->view = NULL;
  G_OBJECT_CLASS (ds_inspector_parent_class)->dispose (object);
}

static void
ds_inspector_class_init (DsInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ds_inspector_dispose;
  signals[DEAL_ACTIVATED] = g_signal_new ("deal-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[ENTITY_ACTIVATED] = g_signal_new ("entity-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
}

static void
ds_inspector_init (DsInspector *self)
{
  GtkWidget *clamp;

  self->entity = self->deal = DS_NONE;
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 480);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), clamp);

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (self->content, 18);
  gtk_widget_set_margin_bottom (self->content, 18);
  gtk_widget_set_margin_start (self->content, 12);
  gtk_widget_set_margin_end (self->content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->content);

  self->error_label = g_object_ref_sink (gtk_label_new (""));
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Input problem"), -1);
  rebuild (self);
}

GtkWidget *
ds_inspector_new (void)
{
  return g_object_new (DS_TYPE_INSPECTOR, NULL);
}

void
ds_inspector_set_landscape (DsInspector *self,
                            DsLandscape *landscape)
{
  g_return_if_fail (DS_IS_INSPECTOR (self));
  if (landscape != self->landscape)
    {
      g_clear_pointer (&self->landscape, ds_landscape_unref);
      self->landscape = landscape ? ds_landscape_ref (landscape) : NULL;
    }
  self->view = NULL;
  self->entity = self->deal = DS_NONE;
  g_clear_pointer (&self->deal_id, g_free);
  rebuild (self);
}

void
ds_inspector_set_apply_func (DsInspector          *self,
                             DsInspectorApplyFunc  func,
                             gpointer              user_data)
{
  g_return_if_fail (DS_IS_INSPECTOR (self));
  self->apply = func;
  self->apply_data = user_data;
}

void
ds_inspector_set_problem_func (DsInspector            *self,
                               DsInspectorProblemFunc  func,
                               gpointer                user_data)
{
  g_return_if_fail (DS_IS_INSPECTOR (self));
  self->problem = func;
  self->problem_data = user_data;
}

void
ds_inspector_show_entity (DsInspector *self,
                          DsIndex      entity)
{
  g_return_if_fail (DS_IS_INSPECTOR (self));
  self->entity = entity;
  self->deal = DS_NONE;
  g_clear_pointer (&self->deal_id, g_free);
  rebuild (self);
}

void
ds_inspector_show_deal (DsInspector *self,
                        DsIndex      deal)
{
  g_return_if_fail (DS_IS_INSPECTOR (self));
  self->deal = deal;
  g_clear_pointer (&self->deal_id, g_free);
  if (deal != DS_NONE && self->landscape != NULL && deal < count_deals (self))
    self->deal_id = g_strdup (get_deal (self, deal)->id);
  rebuild (self);
}

void
ds_inspector_set_view (DsInspector          *self,
                       const DsScenarioView *view)
{
  g_return_if_fail (DS_IS_INSPECTOR (self));
  g_return_if_fail (view == NULL || view->landscape == self->landscape);

  self->view = view;
  /* The same deal under the new scenario; a hypothetical deal the new one
   * does not have leaves its entity shown. */
  if (self->deal_id != NULL)
    {
      DsIndex found = view != NULL ? ds_scenario_view_find_deal (view, self->deal_id)
                                   : ds_landscape_find_deal (self->landscape, self->deal_id);
      self->deal = found;
      if (found == DS_NONE)
        g_clear_pointer (&self->deal_id, g_free);
    }
  rebuild (self);
}

void
ds_inspector_refresh (DsInspector *self)
{
  g_return_if_fail (DS_IS_INSPECTOR (self));
  rebuild (self);
}

DsIndex
ds_inspector_get_deal (DsInspector *self)
{
  g_return_val_if_fail (DS_IS_INSPECTOR (self), DS_NONE);
  return self->deal;
}
