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

/* "Nov 2024" for month or day precision, "2024" for a year, "" for none. */
char *ds_format_date_short (DsDate date);

/* "2024-11-22" style but at the date's precision (wraps ds_date_format). */
char *ds_format_date_iso   (DsDate date);

G_END_DECLS
