/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-date.c: parsing, formatting and arithmetic of partial dates; every
 * date the model holds passes through ds_date_parse(). */
#define G_LOG_DOMAIN "ds-date"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "ds-date.h"

static gboolean
parse_digits (const char *p,
              int         n,
              int        *out)
{
  int v = 0;
  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (p[i] - '0');
    }
  *out = v;
  return TRUE;
}

gboolean
ds_date_parse (const char *text,
               DsDate     *out_date,
               GError    **error)
{
  int year = 0, month = 0, day = 0;
  gsize len;

  g_return_val_if_fail (out_date != NULL, FALSE);

  if (text == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "missing date: expected YYYY, YYYY-MM or YYYY-MM-DD");
      return FALSE;
    }

  len = strlen (text);
  if (!((len == 4 || len == 7 || len == 10) &&
        parse_digits (text, 4, &year) &&
        (len < 7 || (text[4] == '-' && parse_digits (text + 5, 2, &month))) &&
        (len < 10 || (text[7] == '-' && parse_digits (text + 8, 2, &day)))))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s” is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD", text);
      return FALSE;
    }

  if (year < 1900 || year > 2200)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s” is out of range: the year must be between 1900 and 2200", text);
      return FALSE;
    }
  if (len >= 7 && (month < 1 || month > 12))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s” is not a date: there is no month %d", text, month);
      return FALSE;
    }
  if (len == 10 && (day < 1 || day > g_date_get_days_in_month (month, year)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s” is not a date: month %d of %d has %d days", text, month, year,
                   g_date_get_days_in_month (month, year));
      return FALSE;
    }

  *out_date = year * 10000 + month * 100 + day;
  return TRUE;
}

char *
ds_date_format (DsDate date,
                char   buf[11])
{
  if (date == DS_DATE_NONE)
    buf[0] = '\0';
  else if (DS_DATE_MONTH (date) == 0)
    g_snprintf (buf, 11, "%04d", DS_DATE_YEAR (date));
  else if (DS_DATE_DAY (date) == 0)
    g_snprintf (buf, 11, "%04d-%02d", DS_DATE_YEAR (date), DS_DATE_MONTH (date));
  else
    g_snprintf (buf, 11, "%04d-%02d-%02d", DS_DATE_YEAR (date), DS_DATE_MONTH (date),
                DS_DATE_DAY (date));
  return buf;
}

int
ds_date_precision (DsDate date)
{
  if (date == DS_DATE_NONE)
    return 0;
  if (DS_DATE_MONTH (date) == 0)
    return 1;
  if (DS_DATE_DAY (date) == 0)
    return 2;
  return 3;
}

DsDate
ds_date_period_end (DsDate date)
{
  switch (ds_date_precision (date))
    {
    case 1: return DS_DATE_YEAR (date) * 10000 + 9999;
    case 2: return date + 99;
    default: return date;
    }
}

DsDate
ds_date_first_day (DsDate date)
{
  switch (ds_date_precision (date))
    {
    case 1: return date + 101;
    case 2: return date + 1;
    default: return date;
    }
}

DsDate
ds_date_last_day (DsDate date)
{
  switch (ds_date_precision (date))
    {
    case 1: return DS_DATE_YEAR (date) * 10000 + 1231;
    case 2: return ds_date_from_days (ds_date_to_days (ds_date_add_months (date + 1, 1)) - 1);
    default: return date;
    }
}

gint32
ds_date_to_days (DsDate date)
{
  int month = MAX (DS_DATE_MONTH (date), 1);
  int day = MAX (DS_DATE_DAY (date), 1);
  GDate d;

  g_return_val_if_fail (date != DS_DATE_NONE, 0);
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, (GDateDay) day, (GDateMonth) month, (GDateYear) DS_DATE_YEAR (date));
  return (gint32) g_date_get_julian (&d);
}

DsDate
ds_date_from_days (gint32 days)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, (guint32) days);
  return g_date_get_year (&d) * 10000 + g_date_get_month (&d) * 100 + g_date_get_day (&d);
}

double
ds_date_years_between (DsDate from,
                       DsDate to)
{
  return (ds_date_to_days (to) - ds_date_to_days (from)) / 365.0;
}

DsDate
ds_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_get_year (now) * 10000 + g_date_time_get_month (now) * 100 +
         g_date_time_get_day_of_month (now);
}

DsDate
ds_date_add_months (DsDate date,
                    int    months)
{
  int year = DS_DATE_YEAR (date);
  int month = MAX (DS_DATE_MONTH (date), 1) - 1 + months;
  int day = MAX (DS_DATE_DAY (date), 1);

  year += month >= 0 ? month / 12 : -((11 - month) / 12);
  month = ((month % 12) + 12) % 12 + 1;
  day = MIN (day, g_date_get_days_in_month (month, year));
  return year * 10000 + month * 100 + day;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Dates are YYYYMMDD numbers: a bitmap over their span orders a million of
 * them in a few milliseconds (a comparison sort of their days took 150 ms),
 * and only the distinct ones go through the calendar. */
GArray *
ds_date_distinct_days (const DsDate *dates,
                       guint         n)
{
  GArray *days = g_array_new (FALSE, FALSE, sizeof (double));
  DsDate lo = G_MAXINT32, hi = G_MININT32;
  g_autofree guint64 *seen = NULL;
  gsize span;
  guint kept = 0;

  for (guint i = 0; i < n; i++)
    {
      lo = MIN (lo, dates[i]);
      hi = MAX (hi, dates[i]);
    }
  if (n == 0)
    return days;
  span = (gsize) ((gint64) hi - lo) + 1;
  if (span > 64u << 20)
    {
      /* Dates centuries apart: sort the days instead. */
      for (guint i = 0; i < n; i++)
        {
          double day = ds_date_to_days (dates[i]);
          g_array_append_val (days, day);
        }
      g_array_sort (days, compare_double);
    }
  else
    {
      seen = g_new0 (guint64, span / 64 + 1);
      for (guint i = 0; i < n; i++)
        {
          gsize bit = (gsize) (dates[i] - lo);
          seen[bit / 64] |= G_GUINT64_CONSTANT (1) << (bit % 64);
        }
      for (gsize bit = 0; bit < span; bit++)
        if (seen[bit / 64] & (G_GUINT64_CONSTANT (1) << (bit % 64)))
          {
            double day = ds_date_to_days (lo + (DsDate) bit);
            g_array_append_val (days, day);
          }
    }
  /* "2024" and "2024-01-01" are one day. */
  for (guint i = 0; i < days->len; i++)
    if (kept == 0 || g_array_index (days, double, i) != g_array_index (days, double, kept - 1))
      g_array_index (days, double, kept++) = g_array_index (days, double, i);
  g_array_set_size (days, kept);
  return days;
}
