/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-test-gestures.h: the GUI test and bench drive a widget's gestures by
 * their own signals, as a pointer would. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The widget's drag gesture (it must have one). */
GtkGesture *ds_test_drag_gesture (GtkWidget *widget);

G_END_DECLS
