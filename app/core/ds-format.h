/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-format.h: how numbers and dates read on screen, in exports and in the
 * CLI: currency ($1.25B), SI units (2.2 GW, 4.56e27 FLOP) and short dates. */
#pragma once

#include <glib.h>

#include "ds-date.h"

G_BEGIN_DECLS

/* Three significant digits, trailing zeros dropped, K/M/B/T suffixes:
 * 1.25e9 -> "$1.25B", 3e8 -> "$300M", 4e9 -> "$4B", 999,600 -> "$1M";
 * values under 1000 are written whole ("$950"). Negative: "-$2B".
 * NAN -> "undisclosed". */
char *ds_format_usd        (double usd);

/* Three significant digits with an SI prefix (k M G T P E) for values from
 * 1000 up to 1e21, plain below (0.35), scientific from 1e21 and under 1e-3: ds_format_si (2.2e9, "W") ->
 * "2.2 GW", ds_format_si (4.56e27, "FLOP") -> "4.56e27 FLOP". `unit` may be
 * NULL or "" (then no space is added: "12.5k"). */
char *ds_format_si         (double      value,
                            const char *unit);

/* Three significant digits without a unit: 0.35 -> "0.35", 12345 -> "12.3k". */
char *ds_format_number     (double value);

/* A fraction as a percentage with `decimals` decimals and a plain space
 * before the sign: 0.14000000000000004 -> "14.0 %", (0.5, 0) -> "50 %".
 * The space is an ASCII space, not U+202F: terminals and monospace fonts
 * draw the narrow no-break space at odd widths, which breaks the CLI's
 * column alignment. The decimal point is always '.'. NAN -> "n/a". */
char *ds_format_percent    (double fraction,
                            int    decimals);

/* A whole number with thousands grouping: 1234567 -> "1,234,567". The
 * value is rounded to an integer; from 1e15 on it is written as ds_format_si
 * does ("2.5P"). separator NULL: "," (the C form every formatter here
 * writes; ds_format_localize turns it into the reader's). NAN -> "n/a". */
char *ds_format_count      (double      value,
                            const char *separator);

/* Every formatter here writes the C form ("2,200,000", "$1.25B", "14.0 %")
 * so that exports read the same on every machine. Text people read in
 * their own locale (CLI tables, the app's table and inspector) goes
 * through this: a ',' or '.' between two digits becomes the LC_NUMERIC
 * thousands separator or decimal point ("2.200.000", "$1,25B", "14,0 %"
 * in de_DE). A locale without a thousands separator groups with ',' or,
 * when its decimal point is ',', with U+202F. Only for text made of our
 * numbers: ids and names are not numbers and must not be passed in. */
char *ds_format_localize   (const char *c_text);
/* The same, freeing c_text: ds_format_localize_take (ds_format_usd (v)). */
char *ds_format_localize_take (char *c_text);

/* A value in one of the dataset's unit names (metrics, assumptions, the
 * compute chain), for people: "usd" -> "$1.25B", "fraction" -> "14.0 %",
 * "count" -> "1,234,567", "w"/"gw" -> "2.2 GW", "flop" -> "1.23e26 FLOP",
 * "flop_per_s"/"tflops" -> "989 TFLOP/s", "gb" -> "80 GB", "usd_per_year"
 * -> "$13B/yr", "days" -> "90 days" ("1 day"); NULL or an unknown unit:
 * the number (whole numbers grouped, "3,650"; others as ds_format_number,
 * "0.35") then the unit name. Fractions keep two significant
 * digits when one decimal would show a non-zero share as "0.0 %". */
char *ds_format_in_unit    (double      value,
                            const char *unit);

/* "Nov 2024" for month or day precision, "2024" for a year, "" for none. */
char *ds_format_date_short (DsDate date);

/* "2024-11-22" style but at the date's precision (wraps ds_date_format). */
char *ds_format_date_iso   (DsDate date);

G_END_DECLS
