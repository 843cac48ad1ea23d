/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gen-deals-csv.c: a deterministic, Crunchbase-shaped investments CSV of any
 * size, with the skewed degrees of real funding data, for the scale benchmarks. */
#define G_LOG_DOMAIN "gen-deals-csv"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The shape: one row per investment, columns as in the 2014 Crunchbase
 * investments.csv, which `dealscape-cli import` recognizes without --map.
 *
 * Degrees follow preferential attachment: each row's investor is a new
 * organisation at a fixed pace (so the totals are exact), otherwise an
 * earlier row's investor picked uniformly (an investor with d rows is d
 * times as likely: a few huge investors), with some uniform picks among
 * investors so the tail is not only the first ones. Companies attach the
 * same way per round, with a high rate of new companies: most companies
 * raise one round. Some investors are companies (corporate venture arms),
 * as Amazon or Google are in the real exports. */

#define INVESTOR_SHARE 0.22   /* of organisations that invest (not counting corporate arms) */
#define CORPORATE_SHARE 0.04  /* rows whose investor is a company */
#define VARIANT_SHARE 0.05    /* rows that spell the investor differently ("X Capital, LLC") */
#define UNDISCLOSED_SHARE 0.14

typedef struct {
  guint64 s;
} Rng;

/* splitmix64: tiny, good enough, the same stream on every machine. */
static guint64
rng_next (Rng *r)
{
  guint64 z = (r->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static double
rng_unit (Rng *r)
{
  return (rng_next (r) >> 11) * (1.0 / 9007199254740992.0);
}

static guint
rng_below (Rng  *r,
           guint n)
{
  return (guint) (rng_unit (r) * n);
}

/* Consonant-vowel syllables: any sequence of them splits one way only, so
 * the bijective base-N spelling of an index is a unique, pronounceable word. */
static const char *const syllables[] = {
  "ba", "be", "bi", "bo", "bu", "da", "de", "di", "do", "du", "fa", "fe", "fi", "fo",
  "ga", "ge", "go", "ka", "ke", "ki", "ko", "ku", "la", "le", "li", "lo", "lu", "ma",
  "me", "mi", "mo", "na", "ne", "ni", "no", "nu", "pa", "pe", "pi", "po", "ra", "re",
  "ri", "ro", "ru", "sa", "se", "si", "so", "su", "ta", "te", "ti", "to", "tu", "va",
  "ve", "vi", "vo", "xa", "xe", "za", "ze", "zo",
};

static void
append_word (GString *s,
             guint    index)
{
  const guint n = G_N_ELEMENTS (syllables);
  char buf[64];
  guint len = 0;
  guint64 v = (guint64) index + 1;

  /* Bijective numeration: 1..n are one syllable, then two, ... */
  while (v > 0)
    {
      guint digit = (guint) ((v - 1) % n);
      memcpy (buf + len, syllables[digit], 2);
      len += 2;
      v = (v - 1) / n;
    }
  buf[len] = '\0';
  buf[0] = g_ascii_toupper (buf[0]);
  g_string_append (s, buf);
}

static const char *const company_words[] = {
  "AI", "Labs", "Robotics", "Systems", "Health", "Networks", "Bio", "Energy", "Data",
  "Cloud", "Software", "Mobile", "Games", "Media", "Security", "Analytics",
};
static const char *const investor_words[] = {
  "Capital", "Ventures", "Partners", "Capital Partners", "Venture Partners", "Fund",
  "Investments", "Growth", "Angels", "Equity",
};
static const char *const categories[] = {
  "Software", "Artificial Intelligence", "Biotechnology", "E-Commerce", "Mobile",
  "Enterprise Software", "Clean Technology", "Health Care", "Advertising", "Games",
  "Hardware", "Semiconductors", "Analytics", "Security", "Education",
};
static const char *const countries[] = { "USA", "USA", "USA", "USA", "GBR", "CAN", "DEU", "FRA", "ISR", "CHN", "IND" };
static const char *const cities[] = {
  "San Francisco", "New York", "Palo Alto", "Boston", "London", "Toronto", "Berlin",
  "Paris", "Tel Aviv", "Beijing", "Bangalore", "Austin", "Seattle",
};
static const char *const round_types[] = {
  "venture", "venture", "venture", "venture", "seed", "seed", "angel", "private_equity",
  "convertible_note", "debt_financing", "undisclosed", "grant", "equity_crowdfunding",
};

typedef struct {
  guint n_investors;   /* organisations created as investors */
  guint n_companies;
  guint n_rounds;
  guint max_investor_rows;
  guint max_company_rows;
  guint one_round_companies;
} Stats;

/* A company's or investor's display name and permalink slug. */
static void
org_name (GString *name,
          guint    index,
          gboolean investor)
{
  g_string_truncate (name, 0);
  append_word (name, index);
  g_string_append_c (name, ' ');
  if (investor)
    g_string_append (name, investor_words[index % G_N_ELEMENTS (investor_words)]);
  else
    g_string_append (name, company_words[index % G_N_ELEMENTS (company_words)]);
}

static void
slug (GString    *out,
      const char *name)
{
  g_string_truncate (out, 0);
  for (const char *p = name; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
}

/* A field as RFC 4180 wants it: quoted when it holds a comma or a quote. */
static void
put_field (FILE       *f,
           const char *text)
{
  if (strpbrk (text, ",\"\n") == NULL)
    {
      fputs (text, f);
      return;
    }
  fputc ('"', f);
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        fputc ('"', f);
      fputc (*p, f);
    }
  fputc ('"', f);
}

/* Organisations are numbered 0.. in order of creation; investors and
 * companies share the numbering so that a name is never reused. */
typedef struct {
  guint   *org_of;     /* investor i or company i -> organisation number */
  guint    len;
} Pool;

static gboolean
generate (FILE   *f,
          guint   n_rows,
          guint   n_orgs,
          guint64 seed,
          Stats  *st)
{
  Rng rng = { seed };
  guint target_investors = MAX (1, (guint) (n_orgs * INVESTOR_SHARE));
  guint target_companies = MAX (2, n_orgs - target_investors);
  /* Preferential attachment by copying: a random earlier row's investor
   * (or round's company) is picked with probability proportional to its rows. */
  g_autofree guint *row_investor = g_new (guint, n_rows);       /* index into investors */
  g_autofree guint *round_company = g_new (guint, n_rows);      /* index into companies */
  g_autofree guint *investor_rows = g_new0 (guint, target_investors + 1);
  g_autofree guint *company_rows = g_new0 (guint, target_companies + 1);
  g_autofree guint *investor_org = g_new (guint, target_investors + 1);
  g_autofree guint *company_org = g_new (guint, target_companies + 1);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) company = g_string_new (NULL);
  g_autoptr(GString) link = g_string_new (NULL);
  g_autoptr(GString) round_link = g_string_new (NULL);
  guint n_investors = 0, n_companies = 0, n_org = 0, row = 0;
  guint round_investors[64];

  memset (st, 0, sizeof *st);
  fputs ("company_permalink,company_name,company_category_list,company_country_code,"
         "company_state_code,company_region,company_city,investor_permalink,investor_name,"
         "investor_country_code,investor_state_code,investor_region,investor_city,"
         "funding_round_permalink,funding_round_type,funding_round_code,funded_at,"
         "raised_amount_usd\n", f);

  while (row < n_rows)
    {
      guint c, k, year, month, day;
      double u = rng_unit (&rng);
      const char *type = round_types[rng_below (&rng, G_N_ELEMENTS (round_types))];
      const char *code = "";
      gboolean undisclosed;
      double amount;
      char date[16], amount_text[32];
      const char *category, *country, *city;

      /* Investors per round: mostly one to three, sometimes a syndicate. */
      k = u < 0.45 ? 1 : u < 0.70 ? 2 : u < 0.85 ? 3 : u < 0.95 ? 4 + rng_below (&rng, 3) : 7 + rng_below (&rng, 10);
      /* No more investors than exist yet (plus the one a new row may add):
       * a round needs distinct ones. */
      k = MIN (k, n_rows - row);
      k = MIN (k, MAX (1, n_investors));

      /* A new company at the pace that ends with target_companies, or an
       * earlier round's company (preferential attachment). */
      if (n_companies == 0 ||
          (n_companies < target_companies &&
           (guint64) n_companies * n_rows < (guint64) target_companies * (row + k)))
        {
          company_org[n_companies] = n_org++;
          c = n_companies++;
        }
      else
        c = round_company[rng_below (&rng, st->n_rounds)];
      round_company[st->n_rounds++] = c;

      org_name (company, company_org[c], FALSE);
      slug (link, company->str);
      category = categories[company_org[c] % G_N_ELEMENTS (categories)];
      country = countries[(company_org[c] / 7) % G_N_ELEMENTS (countries)];
      city = cities[(company_org[c] / 3) % G_N_ELEMENTS (cities)];

      /* Later rounds of a company get later codes; dates grow over the years. */
      if (strcmp (type, "venture") == 0)
        {
          static const char *const codes[] = { "", "A", "B", "C", "D", "E" };
          code = codes[MIN (company_rows[c] / 2, G_N_ELEMENTS (codes) - 1)];
        }
      year = 2000 + (guint) (14.0 * sqrt (rng_unit (&rng)));
      month = 1 + rng_below (&rng, 12);
      day = 1 + rng_below (&rng, 28);
      if (rng_below (&rng, 20) == 0)
        g_snprintf (date, sizeof date, "%04u-%02u", year, month);
      else
        g_snprintf (date, sizeof date, "%04u-%02u-%02u", year, month, day);
      undisclosed = rng_unit (&rng) < UNDISCLOSED_SHARE;
      /* Log-uniform from $10k to $1B, skewed low. */
      amount = 1e4 * pow (1e5, pow (rng_unit (&rng), 1.7));
      g_snprintf (amount_text, sizeof amount_text, "%.0f", floor (amount / 1000) * 1000);
      g_string_printf (round_link, "/funding-round/%08x%08x",
                       (guint) (rng_next (&rng) & 0xffffffff), st->n_rounds);

      for (guint i = 0; i < k; i++, row++)
        {
          guint inv, org;
          gboolean corporate = FALSE, repeat;

          do
            {
              repeat = FALSE;
              if (n_investors == 0 ||
                  (n_investors < target_investors &&
                   (guint64) n_investors * n_rows < (guint64) target_investors * (row + 1)))
                {
                  investor_org[n_investors] = n_org++;
                  inv = n_investors++;
                }
              else if (n_companies > 1 && rng_unit (&rng) < CORPORATE_SHARE)
                {
                  /* A company investing: one that has raised before. */
                  inv = round_company[rng_below (&rng, st->n_rounds)];
                  corporate = TRUE;
                  if (inv == c)
                    repeat = TRUE;
                }
              else if (rng_unit (&rng) < 0.85)
                inv = row_investor[rng_below (&rng, row)];
              else
                inv = rng_below (&rng, n_investors);
              /* The same investor twice in one round would be one deal. */
              if (!repeat && !corporate)
                for (guint j = 0; j < i; j++)
                  if (round_investors[j] == inv)
                    repeat = TRUE;
              if (!repeat && corporate)
                for (guint j = 0; j < i; j++)
                  if (round_investors[j] == (G_MAXUINT - inv))
                    repeat = TRUE;
            }
          while (repeat);
          /* Corporate picks are kept apart from investor numbers. */
          round_investors[i] = corporate ? G_MAXUINT - inv : inv;

          if (corporate)
            {
              org = company_org[inv];
              org_name (name, org, FALSE);
              /* The copying array holds investors only: stand in an earlier one. */
              row_investor[row] = row_investor[rng_below (&rng, row)];
            }
          else
            {
              org = investor_org[inv];
              org_name (name, org, TRUE);
              row_investor[row] = inv;
              investor_rows[inv]++;
              st->max_investor_rows = MAX (st->max_investor_rows, investor_rows[inv]);
            }

          fprintf (f, "/organization/%s,", link->str);
          put_field (f, company->str);
          fprintf (f, ",%s,%s,%s,%s,%s,", category, country,
                   strcmp (country, "USA") == 0 ? "CA" : "", city, city);
          slug (link, name->str);
          fprintf (f, "/organization/%s,", link->str);
          slug (link, company->str);
          /* Some rows spell the investor differently; the import merges them. */
          if (!corporate && rng_unit (&rng) < VARIANT_SHARE)
            {
              static const char *const variants[] = { ", LLC", " LLC", ", L.P.", " Inc.", " (Fund I)" };
              g_string_append (name, variants[rng_below (&rng, G_N_ELEMENTS (variants))]);
            }
          put_field (f, name->str);
          fprintf (f, ",%s,,,,%s,%s,%s,%s,%s\n", countries[org % G_N_ELEMENTS (countries)],
                   round_link->str, type, code, date, undisclosed ? "" : amount_text);
        }
      company_rows[c]++;
      st->max_company_rows = MAX (st->max_company_rows, company_rows[c]);
    }
  st->n_investors = n_investors;
  st->n_companies = n_companies;
  for (guint i = 0; i < n_companies; i++)
    st->one_round_companies += company_rows[i] == 1;
  return ferror (f) == 0;
}

int
main (int    argc,
      char **argv)
{
  gint64 rows = 1000000, orgs = -1, seed = 20261206;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT64, &rows, "Data rows (investments) to write (default 1000000)", "N" },
    { "orgs", 0, 0, G_OPTION_ARG_INT64, &orgs, "Distinct organisations, about (default rows * 0.4)", "M" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed: the same seed and sizes give the same bytes", "S" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "File to write (default: standard output)", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- write a Crunchbase-shaped investments CSV");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  FILE *f;
  Stats st;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Deterministic, seeded; power-law degrees (preferential attachment): a few huge\n"
    "investors, many companies with one round. `dealscape-cli import` reads it without --map.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gen-deals-csv: %s (see --help)\n", error->message);
      return 2;
    }
  if (orgs < 0)
    orgs = rows * 2 / 5;
  if (rows < 1 || rows > 100000000 || orgs < 3 || orgs > rows * 2)
    {
      g_printerr ("gen-deals-csv: --rows must be 1..100000000 and --orgs 3..2*rows (got %" G_GINT64_FORMAT
                  " and %" G_GINT64_FORMAT ")\n", rows, orgs);
      return 2;
    }

  if (output == NULL)
    f = stdout;
  else
    {
      /* Written beside and renamed: a cache never holds half a file. */
      tmp = g_strdup_printf ("%s.tmp-%d", output, (int) getpid ());
      if ((f = fopen (tmp, "w")) == NULL)
        {
          g_printerr ("gen-deals-csv: cannot write %s: %s\n", tmp, g_strerror (errno));
          return 1;
        }
    }
  setvbuf (f, NULL, _IOFBF, 1 << 20);
  if (!generate (f, (guint) rows, (guint) orgs, (guint64) seed, &st) ||
      (f != stdout && fclose (f) != 0) || (f == stdout && fflush (f) != 0))
    {
      g_printerr ("gen-deals-csv: writing %s failed: %s\n", output ? output : "standard output",
                  g_strerror (errno));
      if (tmp)
        g_remove (tmp);
      return 1;
    }
  if (tmp && g_rename (tmp, output) != 0)
    {
      g_printerr ("gen-deals-csv: cannot rename %s to %s: %s\n", tmp, output, g_strerror (errno));
      g_remove (tmp);
      return 1;
    }
  g_printerr ("gen-deals-csv: %" G_GINT64_FORMAT " rows, %u rounds, %u organisations (%u investors, "
              "%u companies, %u with one round); largest investor %u rows, largest company %u rounds\n",
              rows, st.n_rounds, st.n_investors + st.n_companies, st.n_investors, st.n_companies,
              st.one_round_companies, st.max_investor_rows, st.max_company_rows);
  return 0;
}
