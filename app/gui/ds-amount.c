/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-amount.c: the amount style preference applied to numbers: short
 * amounts from the core formatter, full ones grouped by the locale. */
#define G_LOG_DOMAIN "ds-amount"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ds-amount.h"
#include "ds-format.h"

/* One style for the process: every window shows the same preference. */
static DsAmountStyle current_style = DS_AMOUNT_SHORT;

DsAmountStyle
ds_amount_get_style (void)
{
  return current_style;
}

void
ds_amount_set_style (DsAmountStyle style)
{
  current_style = style == DS_AMOUNT_FULL ? DS_AMOUNT_FULL : DS_AMOUNT_SHORT;
}

DsAmountStyle
ds_amount_style_from_string (const char *name)
{
  return g_strcmp0 (name, "full") == 0 ? DS_AMOUNT_FULL : DS_AMOUNT_SHORT;
}

char *
ds_amount_format_full (double      usd,
                       const char *separator)
{
  g_autofree char *digits = NULL;

  if (isnan (usd))
    return ds_format_usd (usd);
  /* ds_format_count writes SI prefixes from there; no deal is a quadrillion. */
  if (!isfinite (usd) || fabs (usd) >= 1e15)
    return g_strdup_printf ("%s$%g", usd < 0 ? "-" : "", fabs (usd));
  digits = ds_format_count (fabs (usd), separator);
  return g_strconcat (usd <= -0.5 ? "-$" : "$", digits, NULL);
}

char *
ds_amount_format (double usd)
{
  return ds_format_localize_take (current_style == DS_AMOUNT_FULL ? ds_amount_format_full (usd, NULL) : ds_format_usd (usd));
}
