/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-format.c: number and date formatting shared by the renderer, the charts,
 * the CLI and the GUI, so that every surface writes the same "$1.25B". */
#define G_LOG_DOMAIN "ds-format"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "ds-format.h"

/* Three significant digits, trailing zeros (and a bare point) removed.
 * Uses the C locale so exports read the same on every machine. */
static void
sig3 (double v, char *buf, gsize len)
{
  double a = fabs (v);
  int decimals;

  if (a >= 100 || a == 0)
    decimals = 0;
  else if (a >= 10)
    decimals = 1;
  else if (a >= 1)
    decimals = 2;
  else
    decimals = 2 - (int) floor (log10 (a));

  static const char *formats[] = { "%.0f", "%.1f", "%.2f", "%.3f", "%.4f",
                                   "%.5f", "%.6f", "%.7f", "%.8f", "%.9f" };

  g_ascii_formatd (buf, len, formats[MIN (decimals, 9)], v);
  if (strchr (buf, '.'))
    {
      char *end = buf + strlen (buf) - 1;
      while (*end == '0')
        *end-- = 0;
      if (*end == '.')
        *end = 0;
    }
}

/* Splits v into mantissa and exponent-of-1000, after rounding to three
 * significant digits so that 999,600 becomes 1M rather than 1000K. */
static double
round_sig3 (double v)
{
  if (v == 0 || !isfinite (v))
    return v;
  double mag = pow (10, floor (log10 (fabs (v))) - 2);
  return round (v / mag) * mag;
}

char *
ds_format_usd (double usd)
{
  static const char *suffix[] = { "", "K", "M", "B", "T" };
  char buf[64];
  double a;
  int k = 0;

  if (isnan (usd))
    return g_strdup ("undisclosed");

  a = round_sig3 (fabs (usd));
  while (a >= 1000 && k < 4)
    {
      a /= 1000;
      k++;
    }
  if (k == 0)
    g_snprintf (buf, sizeof buf, "%.0f", a);
  else
    sig3 (a, buf, sizeof buf);

  return g_strdup_printf ("%s$%s%s", usd < 0 ? "-" : "", buf, suffix[k]);
}

char *
ds_format_si (double value, const char *unit)
{
  static const char *prefix[] = { "", "k", "M", "G", "T", "P", "E" };
  const char *sep = (unit && *unit) ? " " : "";
  char buf[64];
  double a;
  int k = 0;

  if (!unit)
    unit = "";
  if (isnan (value))
    return g_strdup_printf ("n/a%s%s", sep, unit);
  if (value == 0)
    return g_strdup_printf ("0%s%s", sep, unit);

  a = round_sig3 (fabs (value));
  if (a >= 1e21 || a < 1e-3)
    {
      /* Scientific: mantissa with up to three significant digits. */
      int e = (int) floor (log10 (a));
      double m = a / pow (10, e);
      if (m >= 9.995)
        {
          m /= 10;
          e++;
        }
      sig3 (m, buf, sizeof buf);
      return g_strdup_printf ("%s%se%d%s%s", value < 0 ? "-" : "", buf, e, sep, unit);
    }

  /* Fractions stay plain ("0.35"): milli-units read oddly for ratios. */
  while (a >= 1000 && k < 6)
    {
      a /= 1000;
      k++;
    }
  sig3 (a, buf, sizeof buf);
  if (*prefix[k] && !*unit)
    sep = "";
  return g_strdup_printf ("%s%s%s%s%s", value < 0 ? "-" : "", buf, sep, prefix[k], unit);
}

char *
ds_format_number (double value)
{
  char buf[64];

  if (isnan (value))
    return g_strdup ("n/a");
  if (fabs (value) >= 1000)
    return ds_format_si (value, NULL);
  sig3 (round_sig3 (value), buf, sizeof buf);
  return g_strdup (buf);
}

char *
ds_format_percent (double fraction,
                   int    decimals)
{
  char buf[64];

  if (isnan (fraction))
    return g_strdup ("n/a");
  decimals = CLAMP (decimals, 0, 9);
  g_ascii_formatd (buf, sizeof buf, (const char *[]) { "%.0f", "%.1f", "%.2f", "%.3f", "%.4f",
                                                       "%.5f", "%.6f", "%.7f", "%.8f", "%.9f" }[decimals],
                   fraction * 100);
  return g_strdup_printf ("%s %%", buf);
}

char *
ds_format_count (double      value,
                 const char *separator)
{
  char digits[32];
  GString *s;
  int n;

  if (isnan (value))
    return g_strdup ("n/a");
  if (!isfinite (value) || fabs (value) >= 1e15)
    return ds_format_si (value, NULL);
  /* printf's ' flag groups nothing in the C locale, where tests and many
   * sessions run; grouping by hand keeps the digits readable there too. */
  if (separator == NULL)
    separator = ",";
  n = g_snprintf (digits, sizeof digits, "%.0f", fabs (value));
  s = g_string_new (value <= -0.5 ? "-" : "");
  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (s, separator);
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

char *
ds_format_localize (const char *c_text)
{
  const struct lconv *lc = localeconv ();
  const char *point = lc->decimal_point != NULL && *lc->decimal_point != '\0' ? lc->decimal_point : ".";
  const char *group = lc->thousands_sep != NULL ? lc->thousands_sep : "";
  GString *s;

  g_return_val_if_fail (c_text != NULL, NULL);
  if (*group == '\0')
    group = g_str_equal (point, ",") ? "\u202f" : ",";
  if (g_str_equal (point, ".") && g_str_equal (group, ","))
    return g_strdup (c_text);
  s = g_string_sized_new (strlen (c_text) + 8);
  for (const char *p = c_text; *p; p++)
    {
      gboolean between_digits = p > c_text && g_ascii_isdigit (p[-1]) && g_ascii_isdigit (p[1]);
      if (between_digits && *p == '.')
        g_string_append (s, point);
      else if (between_digits && *p == ',')
        g_string_append (s, group);
      else
        g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

char *
ds_format_localize_take (char *c_text)
{
  g_autofree char *owned = c_text;
  return ds_format_localize (owned);
}

/* A number without a unit for people: whole numbers in full with grouping
 * ("3,650", not "3.65k": they are often ids of a sort, days, months), the
 * rest to three significant digits. */
static char *
plain_number (double value)
{
  if (isfinite (value) && value == floor (value) && fabs (value) < 1e15)
    return ds_format_count (value, NULL);
  return ds_format_number (value);
}

/* Units whose values scale to an SI base unit; the rest are handled apart. */
static const struct {
  const char *name;
  double      scale;
  const char *si_unit;
} si_units[] = {
  { "w", 1, "W" },
  { "gw", 1e9, "W" },
  { "mwh", 1e6, "Wh" },
  { "flop", 1, "FLOP" },
  { "flop_per_s", 1, "FLOP/s" },
  { "tflops", 1e12, "FLOP/s" },
  { "gb", 1e9, "B" },
  { "tb_per_s", 1e12, "B/s" },
};

/* Money per something: the amount as ds_format_usd, then the rate. */
static const struct {
  const char *name;
  const char *suffix;
} usd_units[] = {
  { "usd", "" },
  { "usd_per_year", "/yr" },
  { "usd_per_half_year", " per half-year" },
  { "usd_per_mwh", "/MWh" },
  { "usd_per_gw", "/GW" },
};

char *
ds_format_in_unit (double      value,
                   const char *unit)
{
  g_autofree char *number = NULL;

  if (unit == NULL || *unit == '\0')
    return plain_number (value);
  for (guint i = 0; i < G_N_ELEMENTS (si_units); i++)
    if (strcmp (unit, si_units[i].name) == 0)
      return ds_format_si (value * si_units[i].scale, si_units[i].si_unit);
  for (guint i = 0; i < G_N_ELEMENTS (usd_units); i++)
    if (strcmp (unit, usd_units[i].name) == 0)
      {
        g_autofree char *usd = ds_format_usd (value);
        return isnan (value) ? g_steal_pointer (&usd) : g_strconcat (usd, usd_units[i].suffix, NULL);
      }
  if (strcmp (unit, "fraction") == 0 || strcmp (unit, "fraction_per_year") == 0)
    {
      int decimals = 1;
      g_autofree char *percent = NULL;
      /* A small but real share reads "0.04 %", not "0.0 %". */
      if (isfinite (value) && value != 0 && fabs (value) < 0.0005)
        decimals = MIN (9, 1 - (int) floor (log10 (fabs (value) * 100)));
      percent = ds_format_percent (value, decimals);
      return strcmp (unit, "fraction") == 0 ? g_steal_pointer (&percent) : g_strconcat (percent, "/yr", NULL);
    }
  if (strcmp (unit, "count") == 0)
    return ds_format_count (value, NULL);
  if (strcmp (unit, "boolean") == 0)
    return g_strdup (isnan (value) ? "n/a" : value != 0 ? "yes" : "no");
  number = plain_number (value);
  if (strcmp (unit, "ratio") == 0 || strcmp (unit, "factor") == 0)
    return g_strconcat (number, "×", NULL);
  if (strcmp (unit, "factor_per_year") == 0)
    return g_strconcat (number, "×/yr", NULL);
  if (strcmp (unit, "per_year") == 0)
    return g_strconcat (number, "/yr", NULL);
  /* "1 day", "90 days": the dataset's units of time are plurals. */
  if (value == 1 && g_str_has_suffix (unit, "s"))
    return g_strdup_printf ("%s %.*s", number, (int) strlen (unit) - 1, unit);
  return g_strconcat (number, " ", unit, NULL);
}

char *
ds_format_date_short (DsDate date)
{
  static const char *month[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  int m;

  if (date == DS_DATE_NONE)
    return g_strdup ("");
  m = DS_DATE_MONTH (date);
  if (m < 1 || m > 12)
    return g_strdup_printf ("%d", DS_DATE_YEAR (date));
  return g_strdup_printf ("%s %d", month[m - 1], DS_DATE_YEAR (date));
}

char *
ds_format_date_iso (DsDate date)
{
  char buf[11];

  if (date == DS_DATE_NONE)
    return g_strdup ("");
  return g_strdup (ds_date_format (date, buf));
}
