/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-amount.c: the amount style preference applied to numbers: short
 * amounts from the core formatter, full ones grouped by the locale. */
#define G_LOG_DOMAIN "ds-amount"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
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
  char digits[64];
  GString *s;
  int n;

  if (isnan (usd))
    return ds_format_usd (usd);
  /* printf's ' flag groups nothing in the C locale, where tests and many
   * sessions run; grouping by hand keeps the digits readable there too. */
  if (separator == NULL)
    {
      const struct lconv *lc = localeconv ();
      separator = lc->thousands_sep != NULL && *lc->thousands_sep != '\0' ? lc->thousands_sep : ",";
    }
  if (!isfinite (usd) || fabs (usd) >= 1e30)
    return g_strdup_printf ("%s$%g", usd < 0 ? "-" : "", fabs (usd));
  n = g_snprintf (digits, sizeof digits, "%.0f", fabs (usd));
  s = g_string_new (usd <= -0.5 ? "-$" : "$");
  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (s, separator);
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

char *
ds_amount_format (double usd)
{
  return current_style == DS_AMOUNT_FULL ? ds_amount_format_full (usd, NULL) : ds_format_usd (usd);
}
