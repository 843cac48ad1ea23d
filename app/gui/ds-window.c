/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-window.c: the main window: for now the header bar and the list of
 * entities of the open document. */
#define G_LOG_DOMAIN "ds-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ds-window.h"

struct _DsWindow {
  AdwApplicationWindow parent_instance;

  DsStore     *store;
  DsLandscape *landscape;

  GtkListView *entity_list;
};

G_DEFINE_FINAL_TYPE (DsWindow, ds_window, ADW_TYPE_APPLICATION_WINDOW)

static void
ds_window_dispose (GObject *object)
{
  DsWindow *self = DS_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DS_TYPE_WINDOW);
  g_clear_object (&self->store);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  G_OBJECT_CLASS (ds_window_parent_class)->dispose (object);
}

static void
ds_window_class_init (DsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ds_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ds-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DsWindow, entity_list);
}

static void
ds_window_init (DsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
fill_entity_list (DsWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkNoSelection *selection;

  for (guint i = 0; i < self->landscape->entities->len; i++)
    {
      const DsEntity *e = ds_landscape_entity (self->landscape, i);
      g_autofree char *row = g_strdup_printf ("%s — %s", e->name, ds_entity_kind_to_string (e->kind));
      gtk_string_list_append (names, row);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&names)));
  gtk_list_view_set_model (self->entity_list, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

DsWindow *
ds_window_new (DsApplication *application,
               DsStore       *store,
               DsLandscape   *landscape)
{
  DsWindow *self = g_object_new (DS_TYPE_WINDOW, "application", application, NULL);

  self->store = g_object_ref (store);
  self->landscape = ds_landscape_ref (landscape);
  fill_entity_list (self);
  return self;
}
