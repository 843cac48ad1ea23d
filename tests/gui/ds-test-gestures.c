/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-test-gestures.c: finding a widget's gestures for tests and benches. */
#include "config.h"

#include "ds-test-gestures.h"

GtkGesture *
ds_test_drag_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (c))
        return GTK_GESTURE (c);
    }
  g_error ("%s has no drag gesture", G_OBJECT_TYPE_NAME (widget));
}
