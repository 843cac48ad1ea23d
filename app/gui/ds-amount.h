/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-amount.h: dollar amounts as the user chose to read them (the
 * "currency-units" preference): short ($1.25B) or every digit ($1,250,000,000). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DS_AMOUNT_SHORT,  /* ds_format_usd: "$1.25B" */
  DS_AMOUNT_FULL,   /* "$1,250,000,000" with the locale's grouping */
} DsAmountStyle;

/* The style every view writes amounts in; the window sets it from the
 * settings and refreshes its views when it changes. */
DsAmountStyle ds_amount_get_style        (void);
void          ds_amount_set_style        (DsAmountStyle style);
/* "short" or "full" (the settings' values); anything else is short. */
DsAmountStyle ds_amount_style_from_string (const char *name);

/* In the current style; NAN -> "undisclosed" as ds_format_usd. */
char         *ds_amount_format           (double usd);
/* Every digit, rounded to the dollar: 1.25e9 -> "$1,250,000,000".
 * separator NULL: the locale's thousands separator, "," when it has none
 * (the C locale). NAN -> "undisclosed". */
char         *ds_amount_format_full      (double      usd,
                                          const char *separator);

G_END_DECLS
