/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-date.h: partial calendar dates ("2025", "2025-07", "2025-07-09") as one
 * sortable integer YYYYMMDD, with 00 for an unknown month or day. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 0 means "no date". 20250700 is July 2025, 20250000 is the year 2025. */
typedef gint32 DsDate;

#define DS_DATE_NONE 0

#define DS_DATE_YEAR(d)  ((d) / 10000)
#define DS_DATE_MONTH(d) (((d) / 100) % 100)
#define DS_DATE_DAY(d)   ((d) % 100)

/* Parses YYYY, YYYY-MM or YYYY-MM-DD; years 1900..2200. Rejects impossible
 * dates such as 2025-02-30 with a message that quotes the text. */
gboolean ds_date_parse      (const char *text,
                             DsDate     *out_date,
                             GError    **error);
/* Writes the same precision that was parsed; buf needs 11 bytes. */
char    *ds_date_format     (DsDate date,
                             char   buf[11]);
/* Days since 0001-01-01 (GDate Julian), taking the first day of an unknown
 * month or day: "2025" is treated as 2025-01-01 for ordering and arithmetic. */
gint32   ds_date_to_days    (DsDate date);
/* The distinct days (ds_date_to_days, as doubles) of n dates, none of them
 * DS_DATE_NONE, in order: the timeline's stops. A year or month alone is
 * its first day, so "2024" and "2024-01-01" are one. */
GArray  *ds_date_distinct_days (const DsDate *dates,
                                guint         n);
/* A full date from days. */
DsDate   ds_date_from_days  (gint32 days);
/* Years (days / 365) between two dates, for interest and growth. */
double   ds_date_years_between (DsDate from,
                                DsDate to);
/* Today's date, UTC. */
DsDate   ds_date_today      (void);
/* Precision of a date: 1 year, 2 month, 3 day; 0 for DS_DATE_NONE. */
int      ds_date_precision  (DsDate date);
/* The end of the period a partial date stands for, as a key that sorts
 * after every day in it (not itself a date): "2025" -> 20259999,
 * "2025-07" -> 20250799. A full date and DS_DATE_NONE are returned as they
 * are. With it, "2025-07 <= d" and "d <= period_end (2025-07)" hold for
 * every d of July 2025. */
DsDate   ds_date_period_end (DsDate date);
/* The first day of the period a partial date stands for, as a full date:
 * "2025" -> 2025-01-01, "2025-07" -> 2025-07-01; a full date and
 * DS_DATE_NONE are returned as they are. Cheap (no calendar work), for
 * comparing dates of mixed precision by their first day. */
DsDate   ds_date_first_day  (DsDate date);
/* The last day of that period, as a full date: "2025" -> 2025-12-31,
 * "2024-02" -> 2024-02-29; a full date and DS_DATE_NONE as they are. */
DsDate   ds_date_last_day   (DsDate date);
/* Adds whole months (clamping the day to the month's end). */
DsDate   ds_date_add_months (DsDate date,
                             int    months);

G_END_DECLS
