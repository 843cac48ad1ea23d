/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-filter-popover.c: the graph's filter popover: entity kinds, deal
 * statuses and a date range for the deals, validated as they are typed. */
#define G_LOG_DOMAIN "ds-filter-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "ds-filter-popover.h"
#include "ds-types.h"

struct _DsFilterPopover {
  GtkPopover  parent_instance;

  GtkWidget  *kind_checks[DS_ENTITY_N_KINDS];
  GtkWidget  *status_checks[DS_STATUS_N_KINDS];
  GtkWidget  *from_entry;
  GtkWidget  *to_entry;
  GtkWidget  *range_error;
  DsDate      from, to;      /* the last range that read */
  gboolean    resetting;     /* one "changed" for a whole reset */
};

G_DEFINE_FINAL_TYPE (DsFilterPopover, ds_filter_popover, GTK_TYPE_POPOVER)

enum {
  CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
emit_changed (DsFilterPopover *self)
{
  if (!self->resetting)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* A date as typed: "" is an open end. */
static gboolean
read_date (GtkWidget *entry,
           DsDate    *out,
           GError   **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  *out = DS_DATE_NONE;
  return *text == '\0' || ds_date_parse (text, out, error);
}

static void
show_range_error (DsFilterPopover *self,
                  GtkWidget       *entry,
                  const char      *message)
{
  gtk_widget_remove_css_class (self->from_entry, "error");
  gtk_widget_remove_css_class (self->to_entry, "error");
  gtk_widget_set_visible (self->range_error, message != NULL);
  if (message == NULL)
    return;
  gtk_widget_add_css_class (entry, "error");
  gtk_label_set_text (GTK_LABEL (self->range_error), message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

/* Applies the two dates when both read and the range is not backwards;
 * otherwise says what is wrong under them and keeps the last good range. */
static gboolean
apply_dates (DsFilterPopover *self,
             GError         **error)
{
  g_autoptr(GError) local = NULL;
  DsDate from, to;

  if (!read_date (self->from_entry, &from, &local))
    {
      show_range_error (self, self->from_entry, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!read_date (self->to_entry, &to, &local))
    {
      show_range_error (self, self->to_entry, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (from != DS_DATE_NONE && to != DS_DATE_NONE && from > ds_date_period_end (to))
    {
      const char *message = _("The range ends before it starts: make “To” later than “From”");
      show_range_error (self, self->to_entry, message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
      return FALSE;
    }
  show_range_error (self, NULL, NULL);
  if (from != self->from || to != self->to)
    {
      self->from = from;
      self->to = to;
      emit_changed (self);
    }
  return TRUE;
}

static void
on_date_changed (GtkEditable     *editable,
                 DsFilterPopover *self)
{
  apply_dates (self, NULL);
}

static void
on_check_toggled (GtkCheckButton  *check,
                  DsFilterPopover *self)
{
  emit_changed (self);
}

static void
on_reset_clicked (GtkButton       *button,
                  DsFilterPopover *self)
{
  ds_filter_popover_reset (self);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  return label;
}

/* "company" -> "Company". */
static GtkWidget *
check_for (const char      *name,
           DsFilterPopover *self)
{
  g_autofree char *label = g_strdup (name);
  GtkWidget *check;

  label[0] = g_ascii_toupper (label[0]);
  check = gtk_check_button_new_with_label (label);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled), self);
  return check;
}

static GtkWidget *
date_entry (DsFilterPopover *self,
            const char      *accessible_label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Any date"));
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 11);
  gtk_widget_set_tooltip_text (entry, _("A year, a month or a day: 2025, 2025-06 or 2025-06-09"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  g_signal_connect (entry, "changed", G_CALLBACK (on_date_changed), self);
  return entry;
}

static void
ds_filter_popover_init (DsFilterPopover *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *reset = gtk_button_new_with_mnemonic (_("_Show All"));

  gtk_box_append (GTK_BOX (box), heading (_("Entities")));
  for (int k = 0; k < DS_ENTITY_N_KINDS; k++)
    {
      self->kind_checks[k] = check_for (ds_entity_kind_to_string (k), self);
      gtk_box_append (GTK_BOX (box), self->kind_checks[k]);
    }
  gtk_box_append (GTK_BOX (box), heading (_("Deals")));
  for (int s = 0; s < DS_STATUS_N_KINDS; s++)
    {
      self->status_checks[s] = check_for (ds_deal_status_to_string (s), self);
      gtk_box_append (GTK_BOX (box), self->status_checks[s]);
    }

  gtk_box_append (GTK_BOX (box), heading (_("Deal Dates")));
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  self->from_entry = date_entry (self, _("Deals from"));
  self->to_entry = date_entry (self, _("Deals to"));
  gtk_grid_attach (GTK_GRID (grid), g_object_new (GTK_TYPE_LABEL, "label", _("From"), "xalign", 0.0f, NULL), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), self->from_entry, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), g_object_new (GTK_TYPE_LABEL, "label", _("To"), "xalign", 0.0f, NULL), 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), self->to_entry, 1, 1, 1, 1);
  gtk_box_append (GTK_BOX (box), grid);

  self->range_error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->range_error), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->range_error), 30);
  gtk_label_set_xalign (GTK_LABEL (self->range_error), 0);
  gtk_widget_add_css_class (self->range_error, "error");
  gtk_widget_add_css_class (self->range_error, "caption");
  gtk_widget_set_visible (self->range_error, FALSE);
  gtk_box_append (GTK_BOX (box), self->range_error);

  gtk_widget_set_margin_top (reset, 8);
  g_signal_connect (reset, "clicked", G_CALLBACK (on_reset_clicked), self);
  gtk_box_append (GTK_BOX (box), reset);

  gtk_popover_set_child (GTK_POPOVER (self), box);
}

static void
ds_filter_popover_class_init (DsFilterPopoverClass *klass)
{
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

GtkWidget *
ds_filter_popover_new (void)
{
  return g_object_new (DS_TYPE_FILTER_POPOVER, NULL);
}

guint32
ds_filter_popover_get_entity_kinds (DsFilterPopover *self)
{
  guint32 kinds = 0;

  g_return_val_if_fail (DS_IS_FILTER_POPOVER (self), 0);
  for (int k = 0; k < DS_ENTITY_N_KINDS; k++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->kind_checks[k])))
      kinds |= 1u << k;
  return kinds;
}

guint32
ds_filter_popover_get_deal_statuses (DsFilterPopover *self)
{
  guint32 statuses = 0;

  g_return_val_if_fail (DS_IS_FILTER_POPOVER (self), 0);
  for (int s = 0; s < DS_STATUS_N_KINDS; s++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->status_checks[s])))
      statuses |= 1u << s;
  return statuses;
}

void
ds_filter_popover_get_date_range (DsFilterPopover *self,
                                  DsDate          *from,
                                  DsDate          *to)
{
  g_return_if_fail (DS_IS_FILTER_POPOVER (self));
  *from = self->from;
  *to = self->to;
}

gboolean
ds_filter_popover_set_date_text (DsFilterPopover *self,
                                 const char      *from,
                                 const char      *to,
                                 GError         **error)
{
  g_return_val_if_fail (DS_IS_FILTER_POPOVER (self), FALSE);

  /* Typed as one change: the range is checked once both are in. */
  g_signal_handlers_block_by_func (self->from_entry, on_date_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from != NULL ? from : "");
  g_signal_handlers_unblock_by_func (self->from_entry, on_date_changed, self);
  g_signal_handlers_block_by_func (self->to_entry, on_date_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to != NULL ? to : "");
  g_signal_handlers_unblock_by_func (self->to_entry, on_date_changed, self);
  return apply_dates (self, error);
}

void
ds_filter_popover_reset (DsFilterPopover *self)
{
  g_return_if_fail (DS_IS_FILTER_POPOVER (self));

  self->resetting = TRUE;
  for (int k = 0; k < DS_ENTITY_N_KINDS; k++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->kind_checks[k]), TRUE);
  for (int s = 0; s < DS_STATUS_N_KINDS; s++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->status_checks[s]), TRUE);
  ds_filter_popover_set_date_text (self, "", "", NULL);
  self->resetting = FALSE;
  emit_changed (self);
}
