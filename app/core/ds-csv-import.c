/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-csv-import.c: column detection and mapping, cell parsing (amounts,
 * dates, round types), entity name merging and the merge into a landscape. */
#define G_LOG_DOMAIN "ds-csv-import"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-csv-import.h"

G_DEFINE_QUARK (ds-csv-import-error-quark, ds_csv_import_error)

#define DEFAULT_MAX_PROBLEMS 20
#define MAX_SPELLINGS 6

static const char *const field_names[DS_CSV_N_FIELDS] = {
  "investor", "investors", "target", "date", "amount", "instrument", "round", "status",
  "post_money", "pre_money", "currency", "confidence", "investor_permalink", "target_permalink",
};

/* Column names recognized without --map, best first, after lower-casing and
 * turning spaces and hyphens into underscores. The first block is the
 * Crunchbase 2013/2014 exports, the second the Open Data Map, the rest
 * common spreadsheet headings. */
static const char *const *const known_columns[DS_CSV_N_FIELDS] = {
  [DS_CSV_FIELD_INVESTOR] = (const char *const[]) { "investor_name", "investor", "investor_org_name", "backer", NULL },
  [DS_CSV_FIELD_INVESTORS] = (const char *const[]) { "investor_names", "investors", "investor_list", "lead_investors", NULL },
  [DS_CSV_FIELD_TARGET] = (const char *const[]) { "company_name", "org_name", "organization_name", "company", "target", "startup", "funded_organization_name", NULL },
  [DS_CSV_FIELD_DATE] = (const char *const[]) { "funded_at", "announced_on", "announced_date", "funded_date", "funded_when", "date", "deal_date", NULL },
  [DS_CSV_FIELD_AMOUNT] = (const char *const[]) { "raised_amount_usd", "money_raised_usd", "amount_usd", "raised_amount", "money_raised", "amount", NULL },
  [DS_CSV_FIELD_INSTRUMENT] = (const char *const[]) { "funding_round_type", "investment_type", "round_type", "funding_type", "instrument", NULL },
  [DS_CSV_FIELD_ROUND] = (const char *const[]) { "funding_round_code", "round_code", "series", "round", NULL },
  [DS_CSV_FIELD_STATUS] = (const char *const[]) { "status", "deal_status", NULL },
  [DS_CSV_FIELD_POST_MONEY] = (const char *const[]) { "post_money_valuation_usd", "post_money_valuation", "post_money_usd", "post_money", NULL },
  [DS_CSV_FIELD_PRE_MONEY] = (const char *const[]) { "pre_money_valuation_usd", "pre_money_valuation", "pre_money_usd", "pre_money", NULL },
  [DS_CSV_FIELD_CURRENCY] = (const char *const[]) { "raised_amount_currency_code", "money_raised_currency_code", "currency_code", "currency", NULL },
  [DS_CSV_FIELD_CONFIDENCE] = (const char *const[]) { "confidence", NULL },
  [DS_CSV_FIELD_INVESTOR_PERMALINK] = (const char *const[]) { "investor_permalink", NULL },
  [DS_CSV_FIELD_TARGET_PERMALINK] = (const char *const[]) { "company_permalink", "org_permalink", NULL },
};

struct _DsCsvImport {
  char             *origin;
  char             *map[DS_CSV_N_FIELDS];   /* normalized column names from --map */
  char             *map_text[DS_CSV_N_FIELDS]; /* as the user wrote them, for messages */
  gboolean          skip_bad_rows;
  guint             max_problems;
  DsCsvProgressFunc progress;
  gpointer          progress_data;
};

const char *
ds_csv_field_to_string (DsCsvField field)
{
  g_return_val_if_fail (field < DS_CSV_N_FIELDS, NULL);
  return field_names[field];
}

int
ds_csv_field_from_string (const char *name)
{
  for (int i = 0; i < DS_CSV_N_FIELDS; i++)
    if (g_ascii_strcasecmp (name, field_names[i]) == 0)
      return i;
  return -1;
}

/* "Raised Amount USD" -> "raised_amount_usd" */
static char *
normalize_column (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  char *p;

  g_strstrip (lower);
  for (p = lower; *p; p++)
    if (*p == ' ' || *p == '-')
      *p = '_';
  return g_steal_pointer (&lower);
}

DsCsvImport *
ds_csv_import_new (const char *origin)
{
  DsCsvImport *self = g_new0 (DsCsvImport, 1);

  self->origin = g_strdup (origin ? origin : "import.csv");
  self->max_problems = DEFAULT_MAX_PROBLEMS;
  return self;
}

void
ds_csv_import_free (DsCsvImport *self)
{
  if (self == NULL)
    return;
  g_free (self->origin);
  for (int i = 0; i < DS_CSV_N_FIELDS; i++)
    {
      g_free (self->map[i]);
      g_free (self->map_text[i]);
    }
  g_free (self);
}

void
ds_csv_import_set_column (DsCsvImport *self,
                          DsCsvField   field,
                          const char  *column)
{
  g_return_if_fail (field < DS_CSV_N_FIELDS);
  g_free (self->map[field]);
  g_free (self->map_text[field]);
  self->map[field] = column ? normalize_column (column) : NULL;
  self->map_text[field] = g_strdup (column);
}

gboolean
ds_csv_import_set_map (DsCsvImport *self,
                       const char  *spec,
                       GError     **error)
{
  g_auto(GStrv) pairs = g_strsplit (spec, ",", -1);

  for (guint i = 0; pairs[i]; i++)
    {
      char *eq = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      int field;

      if (*g_strstrip (pairs[i]) == '\0')
        continue;
      if (eq == NULL || eq[1] == '\0')
        {
          g_set_error (error, DS_CSV_IMPORT_ERROR, DS_CSV_IMPORT_ERROR_MAPPING,
                       "--map: “%s” is not KEY=COLUMN; for example investor=Backer,target=Startup",
                       pairs[i]);
          return FALSE;
        }
      key = g_strndup (pairs[i], (gsize) (eq - pairs[i]));
      g_strstrip (key);
      if ((field = ds_csv_field_from_string (key)) < 0)
        {
          g_autoptr(GString) keys = g_string_new (NULL);
          for (int f = 0; f < DS_CSV_N_FIELDS; f++)
            g_string_append_printf (keys, "%s%s", f ? ", " : "", field_names[f]);
          g_set_error (error, DS_CSV_IMPORT_ERROR, DS_CSV_IMPORT_ERROR_MAPPING,
                       "--map: unknown key “%s”; use one of: %s", key, keys->str);
          return FALSE;
        }
      ds_csv_import_set_column (self, (DsCsvField) field, eq + 1);
    }
  return TRUE;
}

void
ds_csv_import_set_skip_bad_rows (DsCsvImport *self,
                                 gboolean     skip)
{
  self->skip_bad_rows = skip;
}

void
ds_csv_import_set_max_problems (DsCsvImport *self,
                                guint        max)
{
  self->max_problems = max;
}

void
ds_csv_import_set_progress (DsCsvImport      *self,
                            DsCsvProgressFunc func,
                            gpointer          user_data)
{
  self->progress = func;
  self->progress_data = user_data;
}

/* ---- cell parsing ---------------------------------------------------- */

static gboolean
is_separator_space (const char *p,
                    gsize      *len)
{
  /* space, NO-BREAK SPACE, NARROW NO-BREAK SPACE, THIN SPACE */
  if (*p == ' ')
    return *len = 1, TRUE;
  if (strncmp (p, "\xC2\xA0", 2) == 0)
    return *len = 2, TRUE;
  if (strncmp (p, "\xE2\x80\xAF", 3) == 0 || strncmp (p, "\xE2\x80\x89", 3) == 0)
    return *len = 3, TRUE;
  return FALSE;
}

static gboolean
strip_prefix_ci (const char **p,
                 const char  *prefix)
{
  gsize n = strlen (prefix);
  if (g_ascii_strncasecmp (*p, prefix, n) != 0)
    return FALSE;
  *p += n;
  return TRUE;
}

gboolean
ds_csv_parse_amount (const char *text,
                     double     *out)
{
  g_autofree char *copy = g_strdup (text);
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *p;
  char *end;
  double multiplier = 1, value;
  gsize n, sp = 1;
  int group = -1;          /* digits since the last thousands separator, -1 before any */
  gboolean seen_point = FALSE, seen_digit = FALSE;

  g_strstrip (copy);
  p = copy;
  if (!strip_prefix_ci (&p, "US$") && !strip_prefix_ci (&p, "USD"))
    strip_prefix_ci (&p, "$");
  while (*p == ' ')
    p++;
  n = strlen (p);
  while (n > 0 && p[n - 1] == ' ')
    n--;
  if (n >= 3 && g_ascii_strncasecmp (p + n - 3, "USD", 3) == 0)
    for (n -= 3; n > 0 && p[n - 1] == ' '; n--)
      ;
  /* Scale words: 4B, 2.5bn, 300M, 12k. */
  if (n >= 2 && g_ascii_strncasecmp (p + n - 2, "bn", 2) == 0)
    multiplier = 1e9, n -= 2;
  else if (n >= 2 && (g_ascii_strncasecmp (p + n - 2, "mm", 2) == 0 || g_ascii_strncasecmp (p + n - 2, "mn", 2) == 0))
    multiplier = 1e6, n -= 2;
  else if (n >= 1 && g_ascii_tolower (p[n - 1]) == 'b')
    multiplier = 1e9, n -= 1;
  else if (n >= 1 && g_ascii_tolower (p[n - 1]) == 'm')
    multiplier = 1e6, n -= 1;
  else if (n >= 1 && g_ascii_tolower (p[n - 1]) == 'k')
    multiplier = 1e3, n -= 1;
  while (n > 0 && p[n - 1] == ' ')
    n--;

  for (gsize i = 0; i < n;)
    {
      char c = p[i];
      if (g_ascii_isdigit (c))
        {
          g_string_append_c (digits, c);
          seen_digit = TRUE;
          if (group >= 0 && !seen_point)
            group++;
          i++;
        }
      else if (c == '.' && !seen_point)
        {
          if (group >= 0 && group != 3)
            return FALSE;
          seen_point = TRUE;
          g_string_append_c (digits, '.');
          i++;
        }
      else if ((c == ',' || c == '\'' || is_separator_space (p + i, &sp)) && !seen_point && seen_digit)
        {
          /* Thousands separators must split groups of three: "1,5" is a
           * decimal comma, which we refuse rather than read as 15. */
          if (group >= 0 && group != 3)
            return FALSE;
          group = 0;
          i += (c == ',' || c == '\'') ? 1 : sp;
        }
      else
        return FALSE;
    }
  if (!seen_digit || (group >= 0 && !seen_point && group != 3))
    return FALSE;
  value = g_ascii_strtod (digits->str, &end);
  if (*end != '\0' || !isfinite (value))
    return FALSE;
  *out = value * multiplier;
  return TRUE;
}

static gboolean
is_undisclosed (const char *cell)
{
  return *cell == '\0' || strcmp (cell, "-") == 0 || strcmp (cell, "\xE2\x80\x94") == 0 ||
         g_ascii_strcasecmp (cell, "n/a") == 0 || g_ascii_strcasecmp (cell, "undisclosed") == 0;
}

static gboolean
parse_date (const char *cell,
            DsDate     *out)
{
  char buf[11];
  gsize n = strlen (cell);

  /* Timestamps from database dumps: keep the day. */
  if (n > 10 && (cell[10] == ' ' || cell[10] == 'T'))
    n = 10;
  if (n > 10)
    return FALSE;
  memcpy (buf, cell, n);
  buf[n] = '\0';
  return ds_date_parse (buf, out, NULL);
}

/* Crunchbase round types and our instrument names. */
static DsInstrument
instrument_for_round_type (const char *cell,
                           gboolean   *known)
{
  static const char *const equity[] = {
    "venture", "seed", "pre_seed", "angel", "private_equity", "equity_crowdfunding",
    "corporate_round", "post_ipo_equity", "secondary_market", "undisclosed", "series_unknown", NULL
  };
  static const char *const other[] = {
    "debt_financing", "post_ipo_debt", "grant", "non_equity_assistance",
    "product_crowdfunding", "initial_coin_offering", "post_ipo_secondary", NULL
  };
  g_autofree char *key = normalize_column (cell);
  int direct;

  *known = TRUE;
  if (*key == '\0')
    return DS_INSTRUMENT_EQUITY;
  if ((direct = ds_instrument_from_string (key)) >= 0)
    return (DsInstrument) direct;
  if (g_str_has_prefix (key, "series_"))
    return DS_INSTRUMENT_EQUITY;
  if (g_strv_contains (equity, key))
    return DS_INSTRUMENT_EQUITY;
  if (g_strv_contains (other, key))
    return DS_INSTRUMENT_OTHER;
  if (strcmp (key, "convertible") == 0)
    return DS_INSTRUMENT_CONVERTIBLE_NOTE;
  *known = FALSE;
  return DS_INSTRUMENT_OTHER;
}

/* ---- names ----------------------------------------------------------- */

static const char *const company_suffixes[] = {
  "inc", "incorporated", "llc", "ltd", "limited", "lp", "llp", "corp", "corporation",
  "co", "plc", "gmbh", NULL
};

char *
ds_csv_normalize_name (const char *name)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  int depth = 0;

  /* "Draper Fisher Jurvetson (DFJ)": the parenthesized part is an alias. */
  for (const char *p = name; *p; p++)
    {
      if (*p == '(' || *p == '[')
        depth++;
      else if ((*p == ')' || *p == ']') && depth > 0)
        depth--;
      else if (depth == 0)
        g_string_append_c (plain, *p);
    }
  {
    gboolean ascii = TRUE;
    for (gsize i = 0; i < plain->len && ascii; i++)
      ascii = (guchar) plain->str[i] < 0x80;
    /* Case folding and NFKD leave ASCII as it is, lower-cased: most names
     * of an export are ASCII, and the two Unicode passes were most of the
     * cost of a name. */
    if (ascii)
      decomposed = g_ascii_strdown (plain->str, (gssize) plain->len);
    else
      {
        folded = g_utf8_casefold (plain->str, -1);
        decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
      }
  }
  if (decomposed == NULL)
    return g_strdup (name);

  /* Letters and digits make words; accents and punctuation go. */
  {
    g_autoptr(GString) word = g_string_new (NULL);
    for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);
        if (g_unichar_ismark (c))
          continue;
        if (g_unichar_isalnum (c))
          g_string_append_unichar (word, c);
        else
          {
            if (word->len)
              g_ptr_array_add (tokens, g_strdup (word->str));
            g_string_truncate (word, 0);
            if (c == '&')
              g_ptr_array_add (tokens, g_strdup ("and"));
          }
      }
    if (word->len)
      g_ptr_array_add (tokens, g_strdup (word->str));
  }

  /* "L.P." and "A.I." became single letters: join runs of them. */
  {
    g_autoptr(GPtrArray) joined = g_ptr_array_new_with_free_func (g_free);
    gboolean in_run = FALSE;

    for (guint i = 0; i < tokens->len; i++)
      {
        char *t = tokens->pdata[i];
        gboolean single = g_utf8_strlen (t, -1) == 1;
        if (single && in_run)
          {
            char *prev = joined->pdata[joined->len - 1];
            joined->pdata[joined->len - 1] = g_strconcat (prev, t, NULL);
            g_free (prev);
          }
        else
          g_ptr_array_add (joined, g_strdup (t));
        in_run = single;
      }
    g_ptr_array_unref (tokens);
    tokens = g_steal_pointer (&joined);
  }
  /* Legal forms at the end: "Acme Holdings, Inc." and "Acme Holdings". */
  while (tokens->len > 1 && g_strv_contains (company_suffixes, tokens->pdata[tokens->len - 1]))
    g_ptr_array_remove_index (tokens, tokens->len - 1);

  for (guint i = 0; i < tokens->len; i++)
    g_string_append_printf (out, "%s%s", i ? " " : "", (char *) tokens->pdata[i]);
  if (out->len == 0)
    return g_utf8_casefold (name, -1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "Sequoia Capital" -> "sequoia-capital"; never empty. */
static char *
slugify (const char *name,
         const char *fallback)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *s = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      char c = g_ascii_tolower (*p);
      if (g_ascii_isalnum (c))
        g_string_append_c (s, c);
      else if (s->len && s->str[s->len - 1] != '-')
        g_string_append_c (s, '-');
    }
  while (s->len && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);
  if (s->len > 60)
    {
      g_string_truncate (s, 60);
      while (s->len && s->str[s->len - 1] == '-')
        g_string_truncate (s, s->len - 1);
    }
  if (s->len == 0)
    g_string_assign (s, fallback);
  return g_string_free (s, FALSE);
}

/* ---- the landscape copy ---------------------------------------------- */

DsLandscape *
ds_csv_landscape_copy (DsLandscape *ls)
{
  DsLandscape *copy = ds_landscape_new ();

  if (ls == NULL)
    return copy;
  /* Same order, so every index (parent, source, tranche_of, base) stays valid. */
  ds_landscape_reserve (copy, ls->entities->len, ls->deals->len);
  for (guint i = 0; i < ls->sources->len; i++)
    ds_landscape_add_source (copy, ds_landscape_source (ls, i));
  for (guint i = 0; i < ls->entities->len; i++)
    ds_landscape_add_entity (copy, ds_landscape_entity (ls, i));
  for (guint i = 0; i < ls->relations->len; i++)
    ds_landscape_add_relation (copy, ds_landscape_relation (ls, i));
  for (guint i = 0; i < ls->deals->len; i++)
    ds_landscape_add_deal (copy, ds_landscape_deal (ls, i));
  for (guint i = 0; i < ls->metrics->len; i++)
    ds_landscape_add_metric (copy, ds_landscape_metric (ls, i));
  for (guint i = 0; i < ls->scenarios->len; i++)
    {
      DsScenario sc = *ds_landscape_scenario (ls, i);
      sc.settings = g_array_copy (sc.settings);
      sc.deals = g_array_copy (sc.deals);
      ds_landscape_add_scenario (copy, &sc);
    }
  ds_landscape_finish (copy);
  return copy;
}

/* ---- the run --------------------------------------------------------- */

typedef struct {
  const char *key;        /* normalized name */
  const char *name;      /* display name: the landscape's, or the first spelling */
  DsIndex    existing;   /* entity of the base landscape, or DS_NONE */
  guint      new_index;  /* order among new entities */
  gboolean   is_target;
  gboolean   used;       /* some imported deal refers to it */
  guint      n_spellings;
  struct _Spelling *spellings[MAX_SPELLINGS]; /* first seen first */
} EntityRef;

/* Texts of entities and spellings live in Run.strings: 400k entities, a
 * few small allocations each, were a tenth of an import in malloc and free. */
typedef struct _Spelling {
  const char *text;
  guint       count;      /* rows that used it */
  EntityRef  *entity;
} Spelling;

static void
spelling_free (gpointer data)
{
  Spelling *sp = data;
  g_free (sp);
}

static void
entity_ref_free (gpointer data)
{
  EntityRef *e = data;
  g_free (e);
}

/* What a deal needs until the entities are known: a third of a DsDeal, as
 * a million of them are held at once. */
typedef struct {
  EntityRef  *investor, *target;
  const char *note;       /* the note's prefix, in Run.strings (see accept_row) */
  double      amount, post_money, pre_money;
  DsDate      date;
  guint       line, k;    /* k: investor number within a round (1-based) */
  guint8      instrument, status, confidence;
} PendingDeal;

/* A deal of the base landscape, for "already present": investor, target,
 * date and the amount in whole dollars (-1 when undisclosed). */
typedef struct {
  DsIndex investor, target;
  DsDate  date;
  double  amount;
} DealKey;

static guint
deal_key_hash (gconstpointer data)
{
  const DealKey *k = data;
  guint h = (guint) k->investor * 2654435761u;

  h = (h ^ (guint) k->target) * 2246822519u;
  h = (h ^ (guint) k->date) * 3266489917u;
  return h ^ (guint) (gint64) k->amount;
}

static gboolean
deal_key_equal (gconstpointer a,
                gconstpointer b)
{
  const DealKey *x = a, *y = b;
  return x->investor == y->investor && x->target == y->target && x->date == y->date &&
         x->amount == y->amount;
}

static DealKey
deal_key (DsIndex investor,
          DsIndex target,
          DsDate  date,
          double  amount)
{
  /* Whole dollars, rounded as "%.0f" would. */
  DealKey k = { investor, target, date, ds_is_set (amount) ? nearbyint (amount) : -1.0 };
  return k;
}

typedef struct {
  DsCsvImport   *self;
  DsCsvReader   *reader;
  DsLandscape   *base;
  int            columns[DS_CSV_N_FIELDS];
  char         **header;
  guint          n_columns;
  DsCsvShape     shape;
  gboolean       currency_applies;

  GHashTable    *by_key;        /* normalized name -> EntityRef (owned) */
  GHashTable    *by_spelling;   /* raw name -> EntityRef */
  GPtrArray     *new_entities;  /* EntityRef, in order of first use */
  GArray        *base_keys;     /* DealKey of base deals */
  GHashTable    *base_deal_keys; /* DealKey (in base_keys) set */
  GArray        *pending;       /* PendingDeal */
  GStringChunk  *strings;
  GHashTable    *round_types;   /* cell text -> instrument + 1, negated when not known */

  /* The current record's cells, trimmed, each copied at most once: offsets
   * into row_text (-1: not yet). Capacity is reserved per record, so the
   * pointers handed out stay valid until the next record. */
  GString       *row_text;
  GArray        *cell_offsets;
  GString       *note;

  GPtrArray     *problems;
  GHashTable    *reasons;       /* reason -> count */
  guint          n_problems;
} Run;

static void
problem_free (gpointer data)
{
  DsCsvProblem *p = data;
  g_free (p->reason);
  g_free (p->message);
  g_free (p);
}

/* Records one problem. `reason` groups problems in the report. */
static void G_GNUC_PRINTF (5, 6)
add_problem (Run        *run,
             guint       line,
             guint       column,
             const char *reason,
             const char *format,
             ...)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (run->reasons, reason));

  g_hash_table_replace (run->reasons, g_strdup (reason), GUINT_TO_POINTER (count + 1));
  run->n_problems++;
  if (run->problems->len < run->self->max_problems)
    {
      DsCsvProblem *p = g_new0 (DsCsvProblem, 1);
      g_autofree char *what = NULL;
      va_list args;

      va_start (args, format);
      what = g_strdup_vprintf (format, args);
      va_end (args);
      p->line = line;
      p->column = column;
      p->reason = g_strdup (reason);
      p->message = g_strdup_printf ("%s:%u:%u: %s", ds_csv_reader_origin (run->reader), line, column, what);
      g_ptr_array_add (run->problems, p);
    }
}

static int
find_column (char      **header,
             const char *wanted)
{
  for (int i = 0; header[i]; i++)
    {
      g_autofree char *norm = normalize_column (header[i]);
      if (strcmp (norm, wanted) == 0)
        return i;
    }
  return -1;
}

static gboolean
detect_columns (DsCsvImport *self,
                char       **header,
                int          columns[DS_CSV_N_FIELDS],
                DsCsvShape  *shape,
                gboolean    *currency_applies,
                const char  *origin,
                GError     **error)
{
  for (int f = 0; f < DS_CSV_N_FIELDS; f++)
    {
      columns[f] = -1;
      if (self->map[f])
        {
          /* "" maps the field to no column (the import dialog's "(none)"). */
          if (*self->map[f] == '\0')
            continue;
          if ((columns[f] = find_column (header, self->map[f])) < 0)
            {
              g_autofree char *names = g_strjoinv (", ", header);
              g_set_error (error, DS_CSV_IMPORT_ERROR, DS_CSV_IMPORT_ERROR_MAPPING,
                           "%s: --map %s=%s: no such column; the columns are: %s",
                           origin, field_names[f], self->map_text[f], names);
              return FALSE;
            }
          continue;
        }
      for (guint k = 0; known_columns[f][k] && columns[f] < 0; k++)
        columns[f] = find_column (header, known_columns[f][k]);
    }

  /* An explicit investor column wins over a detected list, and the other way round. */
  if (self->map[DS_CSV_FIELD_INVESTORS] && *self->map[DS_CSV_FIELD_INVESTORS] && !self->map[DS_CSV_FIELD_INVESTOR])
    columns[DS_CSV_FIELD_INVESTOR] = -1;
  if (columns[DS_CSV_FIELD_INVESTOR] >= 0)
    columns[DS_CSV_FIELD_INVESTORS] = -1;
  *shape = columns[DS_CSV_FIELD_INVESTOR] >= 0 ? DS_CSV_SHAPE_PER_INVESTMENT : DS_CSV_SHAPE_PER_ROUND;

  /* A currency column only qualifies amounts that are not already in dollars. */
  *currency_applies = columns[DS_CSV_FIELD_CURRENCY] >= 0;
  if (*currency_applies && !self->map[DS_CSV_FIELD_CURRENCY] && columns[DS_CSV_FIELD_AMOUNT] >= 0)
    {
      g_autofree char *amount = normalize_column (header[columns[DS_CSV_FIELD_AMOUNT]]);
      if (g_str_has_suffix (amount, "_usd"))
        *currency_applies = FALSE;
    }

  {
    const char *missing = NULL;
    if (columns[DS_CSV_FIELD_INVESTOR] < 0 && columns[DS_CSV_FIELD_INVESTORS] < 0)
      missing = "investor (or an investor list)";
    else if (columns[DS_CSV_FIELD_TARGET] < 0 && columns[DS_CSV_FIELD_TARGET_PERMALINK] < 0)
      missing = "target";
    else if (columns[DS_CSV_FIELD_DATE] < 0)
      missing = "date";
    if (missing)
      {
        g_autofree char *names = g_strjoinv (", ", header);
        g_set_error (error, DS_CSV_IMPORT_ERROR, DS_CSV_IMPORT_ERROR_MAPPING,
                     "%s: no %s column among: %s; name it with --map, for example "
                     "--map investor=Backer,target=Startup,date=Day,amount=Dollars",
                     origin, missing, names);
        return FALSE;
      }
  }
  return TRUE;
}

static gboolean
read_header (DsCsvImport  *self,
             DsCsvReader  *reader,
             GCancellable *cancellable,
             char       ***out_header,
             GError      **error)
{
  GStrvBuilder *b;
  g_autoptr(GError) local = NULL;

  if (!ds_csv_reader_next (reader, cancellable, &local))
    {
      if (local)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, DS_CSV_IMPORT_ERROR, DS_CSV_IMPORT_ERROR_EMPTY,
                     "%s: the file is empty; it needs a header row naming the columns",
                     ds_csv_reader_origin (reader));
      return FALSE;
    }
  b = g_strv_builder_new ();
  for (guint i = 0; i < ds_csv_reader_n_fields (reader); i++)
    {
      g_autofree char *name = g_strdup (ds_csv_reader_field (reader, i));
      g_strv_builder_add (b, g_strstrip (name));
    }
  *out_header = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  (void) self;
  return TRUE;
}

/* Makes room for the trimmed cells of the record just read. */
static void
start_record (Run *run)
{
  DsCsvReader *r = run->reader;
  guint n = ds_csv_reader_n_fields (r);
  gsize total = 1;

  for (guint i = 0; i < n; i++)
    total += ds_csv_reader_field_length (r, i) + 1;
  g_string_set_size (run->row_text, total);
  g_string_truncate (run->row_text, 0);
  g_array_set_size (run->cell_offsets, n);
  for (guint i = 0; i < n; i++)
    g_array_index (run->cell_offsets, gssize, i) = -1;
}

/* A cell trimmed of spaces ("" when the field is unmapped), valid until the
 * next record: no allocation per cell. */
static const char *
cell (Run       *run,
      DsCsvField field)
{
  int c = run->columns[field];
  gssize *offset;
  const char *text, *end;

  if (c < 0 || (guint) c >= run->cell_offsets->len)
    return "";
  offset = &g_array_index (run->cell_offsets, gssize, c);
  if (*offset < 0)
    {
      text = ds_csv_reader_field (run->reader, (guint) c);
      end = text + strlen (text);
      while (text < end && g_ascii_isspace (*text))
        text++;
      while (end > text && g_ascii_isspace (end[-1]))
        end--;
      *offset = (gssize) run->row_text->len;
      g_string_append_len (run->row_text, text, end - text);
      g_string_append_c (run->row_text, '\0');
    }
  return run->row_text->str + *offset;
}

static guint
cell_column (Run       *run,
             DsCsvField field)
{
  int c = run->columns[field];
  return c < 0 ? 1 : ds_csv_reader_field_column (run->reader, (guint) c);
}

static guint
cell_line (Run       *run,
           DsCsvField field)
{
  int c = run->columns[field];
  return c < 0 ? ds_csv_reader_line (run->reader) : ds_csv_reader_field_line (run->reader, (guint) c);
}

static const char *
column_name (Run       *run,
             DsCsvField field)
{
  return run->header[run->columns[field]];
}

/* "/organization/openai" -> "openai" */
static const char *
name_from_permalink (const char *permalink)
{
  const char *slash = strrchr (permalink, '/');
  return slash ? slash + 1 : permalink;
}

/* Splits `A, B, C`, `{"A","B"}` or `["A", "B"]`; a legal form after a comma
 * ("Kleiner Perkins, LLC") stays with the name before it. */
static GPtrArray *
split_investors (const char *text)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) item = g_string_new (NULL);
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *p = copy;
  gsize n = strlen (copy);
  gboolean quoted = FALSE;

  if (n >= 2 && ((copy[0] == '{' && copy[n - 1] == '}') || (copy[0] == '[' && copy[n - 1] == ']')))
    {
      copy[n - 1] = '\0';
      p = copy + 1;
    }
  for (;; p++)
    {
      if (*p == '"' && quoted && p[1] == '"')
        {
          g_string_append_c (item, '"');
          p++;
        }
      else if (*p == '"')
        quoted = !quoted;
      else if (*p == '\0' || ((*p == ',' || *p == ';' || *p == '|') && !quoted))
        {
          g_autofree char *name = g_strstrip (g_strdup (item->str));
          g_autofree char *norm = *name ? ds_csv_normalize_name (name) : NULL;
          g_string_truncate (item, 0);
          if (*name)
            {
              /* normalize keeps a lone suffix, so test the raw word. */
              g_autofree char *word = g_ascii_strdown (name, -1);
              char *dot;
              while ((dot = strchr (word, '.')) != NULL)
                memmove (dot, dot + 1, strlen (dot));
              if (names->len > 0 && g_strv_contains (company_suffixes, word))
                {
                  char *prev = names->pdata[names->len - 1];
                  names->pdata[names->len - 1] = g_strdup_printf ("%s, %s", prev, name);
                  g_free (prev);
                }
              else
                g_ptr_array_add (names, g_steal_pointer (&name));
            }
          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (item, *p);
    }
  return names;
}

static EntityRef *
lookup_entity (Run        *run,
               const char *name,
               const char *key)
{
  EntityRef *e = g_hash_table_lookup (run->by_key, key);
  Spelling *sp;

  if (e == NULL)
    {
      e = g_new0 (EntityRef, 1);
      e->key = g_string_chunk_insert (run->strings, key);
      e->name = g_string_chunk_insert (run->strings, name);
      e->existing = DS_NONE;
      g_hash_table_insert (run->by_key, (gpointer) e->key, e);
    }
  sp = g_new0 (Spelling, 1);
  sp->text = g_string_chunk_insert (run->strings, name);
  sp->entity = e;
  if (e->n_spellings < MAX_SPELLINGS)
    e->spellings[e->n_spellings++] = sp;
  g_hash_table_insert (run->by_spelling, (gpointer) sp->text, sp);
  return e;
}

/* The entity a spelling stands for, normalizing each spelling only once
 * (normalization is the costly part of a row). A row that turns out bad
 * leaves a spelling with count 0, which names nothing and merges nothing. */
static Spelling *
spelling_for (Run        *run,
              const char *name)
{
  Spelling *sp = g_hash_table_lookup (run->by_spelling, name);

  if (sp == NULL)
    {
      g_autofree char *key = ds_csv_normalize_name (name);
      lookup_entity (run, name, key);
      sp = g_hash_table_lookup (run->by_spelling, name);
    }
  return sp;
}

static void
use_entity (Run       *run,
            EntityRef *e)
{
  if (!e->used && e->existing == DS_NONE)
    {
      e->new_index = run->new_entities->len;
      g_ptr_array_add (run->new_entities, e);
    }
  e->used = TRUE;
}

/* One record, checked. Texts are the Run's cells, valid until the next
 * record; the spellings were looked up while checking and are kept. */
typedef struct {
  const char *investor;   /* per-investment shape */
  GPtrArray  *investors;  /* per-round shape */
  const char *target;
  Spelling   *target_spelling;
  Spelling   *investor_spelling; /* per-investment shape */
  DsDate      date;
  double      amount, post_money, pre_money;
  DsInstrument instrument;
  const char *round_type, *round_code;
  gboolean    round_type_known;
  DsDealStatus status;
  DsConfidence confidence;
} Row;

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->investors, g_ptr_array_unref);
}

static gboolean
parse_money (Run        *run,
             DsCsvField  field,
             const char *what,
             double     *out)
{
  const char *text = cell (run, field);
  double whole = 0;
  guint n = 0;

  *out = DS_UNSET;
  if (is_undisclosed (text))
    return TRUE;
  /* Most cells of an export are plain whole dollars: read them here, the
   * same value ds_csv_parse_amount gives (exact below 2^53). */
  while (g_ascii_isdigit (text[n]) && n < 15)
    whole = whole * 10 + (text[n++] - '0');
  if (text[n] == '\0')
    {
      *out = whole;
      return TRUE;
    }
  if (g_str_has_prefix (text, "\xE2\x82\xAC") || g_str_has_prefix (text, "\xC2\xA3") ||
      g_str_has_prefix (text, "\xC2\xA5") ||
      (g_ascii_isupper (text[0]) && g_ascii_isupper (text[1]) && g_ascii_isupper (text[2]) &&
       !g_str_has_prefix (text, "USD")))
    {
      add_problem (run, cell_line (run, field), cell_column (run, field), "amount not in US dollars",
                   "%s “%s” in column “%s” is not in US dollars; convert it to dollars first",
                   what, text, column_name (run, field));
      return FALSE;
    }
  if (!ds_csv_parse_amount (text, out))
    {
      g_autofree char *reason = g_strdup_printf ("%s is not a number", what);
      add_problem (run, cell_line (run, field), cell_column (run, field), reason,
                   "%s “%s” in column “%s” is not a number; write dollars as 1250000, "
                   "$1,250,000 or 1.25M", what, text, column_name (run, field));
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_any_money (Run *run)
{
  static const DsCsvField money[] = { DS_CSV_FIELD_AMOUNT, DS_CSV_FIELD_POST_MONEY, DS_CSV_FIELD_PRE_MONEY };
  for (guint i = 0; i < G_N_ELEMENTS (money); i++)
    {
      const char *text = cell (run, money[i]);
      if (!is_undisclosed (text))
        return TRUE;
    }
  return FALSE;
}

/* Checks every cell of the current record; on the first problem records it
 * and returns FALSE. */
static gboolean
parse_row (Run *run,
           Row *row)
{
  DsCsvReader *r = run->reader;
  guint line = ds_csv_reader_line (r);
  const char *date, *status, *confidence, *currency;
  int v;

  start_record (run);
  if (ds_csv_reader_n_fields (r) != run->n_columns)
    {
      add_problem (run, line, 1, "wrong number of fields",
                   "the row has %u fields, the header has %u; quote cells that contain commas",
                   ds_csv_reader_n_fields (r), run->n_columns);
      return FALSE;
    }

  if (run->shape == DS_CSV_SHAPE_PER_INVESTMENT)
    {
      row->investor = cell (run, DS_CSV_FIELD_INVESTOR);
      if (*row->investor == '\0' && run->columns[DS_CSV_FIELD_INVESTOR_PERMALINK] >= 0)
        row->investor = name_from_permalink (cell (run, DS_CSV_FIELD_INVESTOR_PERMALINK));
      if (*row->investor == '\0')
        {
          add_problem (run, cell_line (run, DS_CSV_FIELD_INVESTOR), cell_column (run, DS_CSV_FIELD_INVESTOR),
                       "no investor", "no investor name in column “%s”",
                       column_name (run, DS_CSV_FIELD_INVESTOR));
          return FALSE;
        }
    }
  else
    {
      row->investors = split_investors (cell (run, DS_CSV_FIELD_INVESTORS));
      if (row->investors->len == 0)
        {
          add_problem (run, cell_line (run, DS_CSV_FIELD_INVESTORS), cell_column (run, DS_CSV_FIELD_INVESTORS),
                       "no investors", "no investors listed in column “%s”; every deal needs an investor",
                       column_name (run, DS_CSV_FIELD_INVESTORS));
          return FALSE;
        }
    }

  row->target = cell (run, DS_CSV_FIELD_TARGET);
  if (*row->target == '\0' && run->columns[DS_CSV_FIELD_TARGET_PERMALINK] >= 0)
    row->target = name_from_permalink (cell (run, DS_CSV_FIELD_TARGET_PERMALINK));
  if (*row->target == '\0')
    {
      DsCsvField f = run->columns[DS_CSV_FIELD_TARGET] >= 0 ? DS_CSV_FIELD_TARGET : DS_CSV_FIELD_TARGET_PERMALINK;
      add_problem (run, cell_line (run, f), cell_column (run, f), "no company",
                   "no company name in column “%s”", column_name (run, f));
      return FALSE;
    }

  date = cell (run, DS_CSV_FIELD_DATE);
  if (*date == '\0')
    {
      add_problem (run, cell_line (run, DS_CSV_FIELD_DATE), cell_column (run, DS_CSV_FIELD_DATE),
                   "no date", "no date in column “%s”; every deal needs at least a year",
                   column_name (run, DS_CSV_FIELD_DATE));
      return FALSE;
    }
  if (!parse_date (date, &row->date))
    {
      add_problem (run, cell_line (run, DS_CSV_FIELD_DATE), cell_column (run, DS_CSV_FIELD_DATE),
                   "date is not YYYY-MM-DD, YYYY-MM or YYYY",
                   "date “%s” in column “%s” is not a real date written YYYY-MM-DD, YYYY-MM or YYYY",
                   date, column_name (run, DS_CSV_FIELD_DATE));
      return FALSE;
    }

  if (run->currency_applies)
    {
      currency = cell (run, DS_CSV_FIELD_CURRENCY);
      if (*currency && g_ascii_strcasecmp (currency, "USD") != 0 && has_any_money (run))
        {
          add_problem (run, cell_line (run, DS_CSV_FIELD_CURRENCY), cell_column (run, DS_CSV_FIELD_CURRENCY),
                       "amount not in US dollars",
                       "currency “%s” in column “%s” is not USD; convert the amounts to dollars, "
                       "or map a column of dollar amounts with --map amount=COLUMN",
                       currency, column_name (run, DS_CSV_FIELD_CURRENCY));
          return FALSE;
        }
    }

  if (!parse_money (run, DS_CSV_FIELD_AMOUNT, "amount", &row->amount) ||
      !parse_money (run, DS_CSV_FIELD_POST_MONEY, "post-money valuation", &row->post_money) ||
      !parse_money (run, DS_CSV_FIELD_PRE_MONEY, "pre-money valuation", &row->pre_money))
    return FALSE;

  row->round_type = cell (run, DS_CSV_FIELD_INSTRUMENT);
  row->round_code = cell (run, DS_CSV_FIELD_ROUND);
  {
    /* A file holds a dozen round types: each is mapped once. */
    int cached = GPOINTER_TO_INT (g_hash_table_lookup (run->round_types, row->round_type));
    if (cached == 0)
      {
        DsInstrument inst = instrument_for_round_type (row->round_type, &row->round_type_known);
        cached = row->round_type_known ? (int) inst + 1 : -((int) inst + 1);
        g_hash_table_insert (run->round_types, g_strdup (row->round_type), GINT_TO_POINTER (cached));
      }
    row->round_type_known = cached > 0;
    row->instrument = (DsInstrument) (ABS (cached) - 1);
  }

  status = cell (run, DS_CSV_FIELD_STATUS);
  row->status = DS_STATUS_CLOSED;
  if (*status)
    {
      g_autofree char *key = g_ascii_strdown (status, -1);
      if ((v = ds_deal_status_from_string (key)) < 0)
        {
          add_problem (run, cell_line (run, DS_CSV_FIELD_STATUS), cell_column (run, DS_CSV_FIELD_STATUS),
                       "unknown status", "status “%s” in column “%s” is not one of: %s",
                       status, column_name (run, DS_CSV_FIELD_STATUS), ds_deal_status_choices ());
          return FALSE;
        }
      row->status = (DsDealStatus) v;
    }

  confidence = cell (run, DS_CSV_FIELD_CONFIDENCE);
  row->confidence = DS_CONFIDENCE_UNCONFIRMED;
  if (*confidence)
    {
      g_autofree char *key = g_ascii_strdown (confidence, -1);
      if ((v = ds_confidence_from_string (key)) < 0)
        {
          add_problem (run, cell_line (run, DS_CSV_FIELD_CONFIDENCE), cell_column (run, DS_CSV_FIELD_CONFIDENCE),
                       "unknown confidence", "confidence “%s” in column “%s” is not one of: %s",
                       confidence, column_name (run, DS_CSV_FIELD_CONFIDENCE), ds_confidence_choices ());
          return FALSE;
        }
      row->confidence = (DsConfidence) v;
    }

  /* The same entity on both sides is not a deal. */
  {
    EntityRef *target;
    guint n = row->investors ? row->investors->len : 1;

    row->target_spelling = spelling_for (run, row->target);
    target = row->target_spelling->entity;
    for (guint i = 0; i < n; i++)
      {
        const char *inv = row->investors ? row->investors->pdata[i] : row->investor;
        Spelling *sp = spelling_for (run, inv);
        if (!row->investors)
          row->investor_spelling = sp;
        if (sp->entity == target)
          {
            DsCsvField f = row->investors ? DS_CSV_FIELD_INVESTORS : DS_CSV_FIELD_INVESTOR;
            add_problem (run, cell_line (run, f), cell_column (run, f), "investor is the company",
                         "investor “%s” is the company it invests in (“%s”)", inv, row->target);
            return FALSE;
          }
      }
  }
  return TRUE;
}

static char *
amount_text (double usd)
{
  /* "$30,000,000" style for notes. */
  g_autofree char *digits = g_strdup_printf ("%.0f", usd);
  GString *s = g_string_new ("$");
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}


/* Counts a row's use of a spelling, which names the entity. */
static EntityRef *
resolve (Spelling *sp)
{
  sp->count++;
  return sp->entity;
}

static void
append_uint (GString *s,
             guint    v)
{
  char buf[16];
  int n = 0;

  do
    buf[n++] = (char) ('0' + v % 10);
  while ((v /= 10) > 0);
  while (n > 0)
    g_string_append_c (s, buf[--n]);
}

static void
accept_row (Run *run,
            Row *row)
{
  guint line = ds_csv_reader_line (run->reader);
  guint n = row->investors ? row->investors->len : 1;
  EntityRef *target = resolve (row->target_spelling);
  GString *note = run->note;
  double amount = row->amount;
  const char *note_text;

  g_string_truncate (note, 0);
  if (*row->round_type || *row->round_code)
    {
      g_string_append (note, row->round_type);
      if (*row->round_code)
        {
          if (note->len)
            g_string_append_c (note, ' ');
          g_string_append (note, row->round_code);
        }
      g_string_append (note, " round");
      if (!row->round_type_known)
        g_string_append (note, " (round type not known to Dealscape: instrument “other”)");
      g_string_append (note, "; ");
    }
  if (n > 1 && ds_is_set (amount))
    {
      g_autofree char *total = amount_text (amount);
      g_string_append_printf (note, "1/%u of a %s round split evenly among its %u listed investors; ",
                              n, total, n);
      amount /= n;
    }
  /* The note is this prefix, then "FILE line N", written out only into the
   * landscape: a prefix repeats (a dozen round types and codes), so a
   * million rows keep a few hundred of them rather than a million notes. */
  note_text = g_string_chunk_insert_const (run->strings, note->str);

  target->is_target = TRUE;
  use_entity (run, target);
  for (guint i = 0; i < n; i++)
    {
      PendingDeal p;
      EntityRef *investor = resolve (row->investors ? spelling_for (run, row->investors->pdata[i])
                                                    : row->investor_spelling);

      use_entity (run, investor);
      p.investor = investor;
      p.target = target;
      p.note = note_text;
      p.amount = amount;
      p.post_money = row->post_money;
      p.pre_money = row->pre_money;
      p.date = row->date;
      p.line = line;
      p.k = n > 1 ? i + 1 : 0;
      p.instrument = (guint8) row->instrument;
      p.status = (guint8) row->status;
      p.confidence = (guint8) row->confidence;
      g_array_append_val (run->pending, p);
    }
}

static char *
unique_id (GHashTable *taken1,
           DsLandscape *ls,
           DsIndex (*find) (DsLandscape *, const char *),
           const char *base)
{
  char *id = g_strdup (base);

  for (guint k = 2; g_hash_table_contains (taken1, id) || (ls && find (ls, id) != DS_NONE); k++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, k);
    }
  return id;
}

static void
report_progress (Run     *run,
                 guint64 *last,
                 guint64  total,
                 gboolean force)
{
  guint64 now = ds_csv_reader_bytes_read (run->reader);

  if (run->self->progress && (force || now >= *last + 65536))
    {
      *last = now;
      run->self->progress (now, total, run->self->progress_data);
    }
}

static int
compare_reasons (gconstpointer a,
                 gconstpointer b)
{
  const DsCsvReasonCount *ra = a, *rb = b;
  if (ra->count != rb->count)
    return ra->count > rb->count ? -1 : 1;
  return strcmp (ra->reason, rb->reason);
}

static void
run_init (Run          *run,
          DsCsvImport  *self,
          DsCsvReader  *reader,
          DsLandscape  *base)
{
  memset (run, 0, sizeof *run);
  run->self = self;
  run->reader = reader;
  run->base = base;
  run->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entity_ref_free);
  run->by_spelling = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, spelling_free);
  run->new_entities = g_ptr_array_new ();
  run->pending = g_array_new (FALSE, FALSE, sizeof (PendingDeal));
  run->strings = g_string_chunk_new (1 << 20);
  run->round_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->row_text = g_string_sized_new (1024);
  run->cell_offsets = g_array_new (FALSE, FALSE, sizeof (gssize));
  run->note = g_string_sized_new (256);
  run->problems = g_ptr_array_new_with_free_func (problem_free);
  run->reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
run_clear (Run *run)
{
  g_hash_table_unref (run->by_spelling);
  g_hash_table_unref (run->by_key);
  g_ptr_array_unref (run->new_entities);
  g_array_unref (run->pending);
  g_string_chunk_free (run->strings);
  g_hash_table_unref (run->round_types);
  g_string_free (run->row_text, TRUE);
  g_array_unref (run->cell_offsets);
  g_string_free (run->note, TRUE);
  g_clear_pointer (&run->base_keys, g_array_unref);
  g_clear_pointer (&run->problems, g_ptr_array_unref);
  g_hash_table_unref (run->reasons);
  g_clear_pointer (&run->base_deal_keys, g_hash_table_unref);
  g_strfreev (run->header);
}

/* Existing entities answer to their normalized names (the first one wins
 * when two share a name). */
static void
index_base_entities (Run *run)
{
  if (run->base == NULL)
    return;
  for (guint i = 0; i < run->base->entities->len; i++)
    {
      const DsEntity *e = ds_landscape_entity (run->base, i);
      g_autofree char *key = ds_csv_normalize_name (e->name);
      EntityRef *ref;

      if (g_hash_table_contains (run->by_key, key))
        continue;
      ref = g_new0 (EntityRef, 1);
      ref->key = g_string_chunk_insert (run->strings, key);
      ref->name = g_string_chunk_insert (run->strings, e->name);
      ref->existing = (DsIndex) i;
      g_hash_table_insert (run->by_key, (gpointer) ref->key, ref);
    }
  /* Keys in one array (its size is known: no reallocation moves them). */
  run->base_keys = g_array_sized_new (FALSE, FALSE, sizeof (DealKey), run->base->deals->len);
  run->base_deal_keys = g_hash_table_new (deal_key_hash, deal_key_equal);
  for (guint i = 0; i < run->base->deals->len; i++)
    {
      const DsDeal *d = ds_landscape_deal (run->base, i);
      DealKey k = deal_key (d->investor, d->target, d->date, d->amount_usd);
      g_array_append_val (run->base_keys, k);
    }
  for (guint i = 0; i < run->base_keys->len; i++)
    g_hash_table_add (run->base_deal_keys, &g_array_index (run->base_keys, DealKey, i));
}

static DsIndex
final_index (Run             *run,
             const EntityRef *e)
{
  guint n_base = run->base ? run->base->entities->len : 0;
  return e->existing != DS_NONE ? e->existing : (DsIndex) (n_base + e->new_index);
}

static char *
source_base_id (const char *origin)
{
  g_autofree char *base = g_path_get_basename (origin);
  g_autofree char *slug = NULL;
  char *dot = strrchr (base, '.');

  if (dot && dot != base)
    *dot = '\0';
  slug = slugify (base, "import");
  return g_strconcat ("csv-", slug, NULL);
}

static int
compare_refs_by_name (gconstpointer a,
                      gconstpointer b)
{
  const EntityRef *ea = *(EntityRef *const *) a, *eb = *(EntityRef *const *) b;
  return g_utf8_collate (ea->name, eb->name);
}

static DsLandscape *
build_landscape (Run               *run,
                 DsCsvImportResult *result)
{
  DsLandscape *ls = ds_csv_landscape_copy (run->base);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) no_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *source_base = source_base_id (ds_csv_reader_origin (run->reader));
  g_autoptr(GString) id = g_string_sized_new (64);
  g_autoptr(GString) note = g_string_sized_new (256);
  const char *origin_name = ds_csv_reader_origin (run->reader);
  DsIndex source = DS_NONE;
  guint n_base_deals = ls->deals->len;

  /* Deal ids must be unique across the landscape and every scenario. */
  for (guint s = 0; s < ls->scenarios->len; s++)
    {
      const DsScenario *sc = ds_landscape_scenario (ls, s);
      for (guint i = 0; i < sc->deals->len; i++)
        g_hash_table_add (taken, g_strdup (g_array_index (sc->deals, DsDeal, i).id));
    }

  for (guint i = 0; i < run->new_entities->len; i++)
    {
      EntityRef *e = run->new_entities->pdata[i];
      Spelling *best = NULL;

      /* The most used spelling names the entity; on ties the shortest,
       * which is the one without "Inc." or "(DFJ)", then the first seen. */
      for (guint k = 0; k < e->n_spellings; k++)
        {
          Spelling *sp = e->spellings[k];
          if (best == NULL || sp->count > best->count ||
              (sp->count == best->count && strlen (sp->text) < strlen (best->text)))
            best = sp;
        }
      if (best)
        {
          e->name = best->text;
        }
    }
  ds_landscape_reserve (ls, run->new_entities->len, 0);
  for (guint i = 0; i < run->new_entities->len; i++)
    {
      EntityRef *e = run->new_entities->pdata[i];
      g_autofree char *slug = slugify (e->name, "entity");
      g_autofree char *id = NULL;
      DsEntity entity = { 0 };

      id = unique_id (no_ids, ls, ds_landscape_find_entity, slug);
      entity.id = id;
      entity.name = e->name;
      entity.kind = e->is_target ? DS_ENTITY_COMPANY : DS_ENTITY_INVESTOR;
      entity.parent = DS_NONE;
      if (ds_landscape_add_entity (ls, &entity) != final_index (run, e))
        g_assert_not_reached ();
      result->n_entities_added++;
    }

  /* A million appends without reallocating (and copying) the array. */
  ds_landscape_reserve (ls, 0, run->pending->len);
  for (guint i = 0; i < run->pending->len; i++)
    {
      const PendingDeal *p = &g_array_index (run->pending, PendingDeal, i);
      DsDeal deal;
      gsize base_len;

      ds_deal_init (&deal);
      deal.investor = final_index (run, p->investor);
      deal.target = final_index (run, p->target);
      deal.date = p->date;
      deal.amount_usd = p->amount;
      deal.instrument = (DsInstrument) p->instrument;
      deal.status = (DsDealStatus) p->status;
      deal.post_money_usd = p->post_money;
      deal.pre_money_usd = p->pre_money;
      deal.confidence = (DsConfidence) p->confidence;
      g_string_assign (note, p->note);
      g_string_append (note, origin_name);
      g_string_append (note, " line ");
      append_uint (note, p->line);
      deal.note = note->str;
      if (run->base_deal_keys && g_hash_table_size (run->base_deal_keys) > 0)
        {
          DealKey key = deal_key (deal.investor, deal.target, deal.date, deal.amount_usd);
          if (g_hash_table_contains (run->base_deal_keys, &key))
            {
              result->n_deals_duplicate++;
              continue;
            }
        }
      if (source == DS_NONE)
        {
          g_autofree char *source_id = unique_id (taken, ls, ds_landscape_find_source, source_base);
          g_autofree char *origin = g_path_get_basename (ds_csv_reader_origin (run->reader));
          g_autofree char *title = g_strdup_printf ("Spreadsheet %s, imported", origin);
          DsSource s = { source_id, title, "CSV import", ds_date_today (), NULL };
          source = ds_landscape_add_source (ls, &s);
          result->source_id = g_strdup (source_id);
        }
      /* <source>-<line>[-<k>], and -2, -3 ... when the landscape or a
       * scenario has that id: the landscape's own check is the add. */
      g_string_assign (id, source_base);
      g_string_append_c (id, '-');
      append_uint (id, p->line);
      if (p->k)
        {
          g_string_append_c (id, '-');
          append_uint (id, p->k);
        }
      base_len = id->len;
      deal.source = source;
      for (guint k = 2;; k++)
        {
          deal.id = id->str;
          if ((g_hash_table_size (taken) == 0 || !g_hash_table_contains (taken, id->str)) &&
              ds_landscape_add_deal (ls, &deal) != DS_NONE)
            break;
          g_string_truncate (id, base_len);
          g_string_append_c (id, '-');
          append_uint (id, k);
        }
    }
  result->n_deals_added = ls->deals->len - n_base_deals;

  /* What merged: new entities with several spellings, and existing
   * entities that a different spelling matched. */
  {
    g_autoptr(GPtrArray) refs = g_ptr_array_new ();
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, run->by_key);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        EntityRef *e = value;
        if (e->used && e->existing != DS_NONE)
          result->n_entities_matched++;
        if (!e->used)
          continue;
        for (guint k = 0; k < e->n_spellings; k++)
          if (strcmp (e->spellings[k]->text, e->name) != 0)
            {
              g_ptr_array_add (refs, e);
              break;
            }
      }
    g_ptr_array_sort (refs, compare_refs_by_name);
    for (guint i = 0; i < refs->len; i++)
      {
        EntityRef *e = refs->pdata[i];
        GString *s = g_string_new (NULL);
        const DsEntity *ent = ds_landscape_entity (ls, final_index (run, e));

        g_string_append_printf (s, "“%s” (%s%s) ← ", e->name, ent->id,
                                e->existing != DS_NONE ? ", already in the landscape" : "");
        gboolean first = TRUE;

        for (guint k = 0; k < e->n_spellings; k++)
          {
            const Spelling *sp = e->spellings[k];
            if (strcmp (sp->text, e->name) == 0 || sp->count == 0)
              continue;
            g_string_append_printf (s, "%s“%s”", first ? "" : ", ", sp->text);
            first = FALSE;
          }
        g_ptr_array_add (result->merges, g_string_free (s, FALSE));
      }
  }
  return ls;
}

static gboolean
start_run (Run           *run,
           GCancellable  *cancellable,
           GError       **error)
{
  if (!read_header (run->self, run->reader, cancellable, &run->header, error))
    return FALSE;
  run->n_columns = g_strv_length (run->header);
  return detect_columns (run->self, run->header, run->columns, &run->shape,
                         &run->currency_applies, ds_csv_reader_origin (run->reader), error);
}

/* Encoding errors arrive as a GError: count them as a bad row. */
static void
add_encoding_problem (Run    *run,
                      GError *error)
{
  const char *msg = error->message;
  const char *origin = ds_csv_reader_origin (run->reader);
  guint line = 0, column = 0;

  if (g_str_has_prefix (msg, origin) && msg[strlen (origin)] == ':')
    sscanf (msg + strlen (origin) + 1, "%u:%u", &line, &column);
  g_hash_table_replace (run->reasons, g_strdup ("not valid UTF-8"),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (run->reasons, "not valid UTF-8")) + 1));
  run->n_problems++;
  if (run->problems->len < run->self->max_problems)
    {
      DsCsvProblem *p = g_new0 (DsCsvProblem, 1);
      p->line = line;
      p->column = column;
      p->reason = g_strdup ("not valid UTF-8");
      p->message = g_strdup (msg);
      g_ptr_array_add (run->problems, p);
    }
}

DsCsvImportResult *
ds_csv_import_run (DsCsvImport  *self,
                   DsLandscape  *base,
                   DsCsvReader  *reader,
                   guint64       total_bytes,
                   GCancellable *cancellable,
                   GError      **error)
{
  Run run;
  g_autoptr(DsCsvImportResult) result = g_new0 (DsCsvImportResult, 1);
  guint64 last_progress = 0;

  g_return_val_if_fail (self != NULL && reader != NULL, NULL);

  result->merges = g_ptr_array_new_with_free_func (g_free);
  result->reasons = g_array_new (FALSE, FALSE, sizeof (DsCsvReasonCount));
  run_init (&run, self, reader, base);
  if (!start_run (&run, cancellable, error))
    {
      run_clear (&run);
      return NULL;
    }
  index_base_entities (&run);

  for (;;)
    {
      g_autoptr(GError) local = NULL;
      Row row = { 0 };

      if (!ds_csv_reader_next (reader, cancellable, &local))
        {
          if (local == NULL)
            break;
          if (g_error_matches (local, DS_CSV_ERROR, DS_CSV_ERROR_ENCODING))
            {
              result->n_rows++;
              result->n_rows_bad++;
              add_encoding_problem (&run, local);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local));
          run_clear (&run);
          return NULL;
        }
      result->n_rows++;
      if (parse_row (&run, &row))
        {
          accept_row (&run, &row);
          result->n_rows_imported++;
          if (row.investors && row.investors->len > 1 && ds_is_set (row.amount))
            result->n_investors_split++;
        }
      else
        result->n_rows_bad++;
      row_clear (&row);
      report_progress (&run, &last_progress, total_bytes, FALSE);
    }
  report_progress (&run, &last_progress, total_bytes, TRUE);

  if (result->n_rows_bad == 0 || self->skip_bad_rows)
    result->landscape = build_landscape (&run, result);
  else
    result->n_rows_imported = 0;

  result->shape = run.shape;
  memcpy (result->columns, run.columns, sizeof run.columns);
  result->header = g_strdupv (run.header);
  result->problems = g_steal_pointer (&run.problems);
  {
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init (&iter, run.reasons);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        DsCsvReasonCount rc = { g_strdup (key), GPOINTER_TO_UINT (value) };
        g_array_append_val (result->reasons, rc);
      }
    g_array_sort (result->reasons, compare_reasons);
  }
  run_clear (&run);
  return g_steal_pointer (&result);
}

DsCsvImportResult *
ds_csv_import_file (DsCsvImport  *self,
                    DsLandscape  *base,
                    const char   *path,
                    GCancellable *cancellable,
                    GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(DsCsvReader) reader = NULL;
  g_autofree char *origin = g_path_get_basename (path);

  if ((stream = g_file_read (file, cancellable, error)) == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  reader = ds_csv_reader_new_for_stream (G_INPUT_STREAM (stream), origin);
  return ds_csv_import_run (self, base, reader, info ? (guint64) g_file_info_get_size (info) : 0,
                            cancellable, error);
}

void
ds_csv_import_result_free (DsCsvImportResult *result)
{
  if (result == NULL)
    return;
  g_strfreev (result->header);
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  if (result->reasons)
    {
      for (guint i = 0; i < result->reasons->len; i++)
        g_free (g_array_index (result->reasons, DsCsvReasonCount, i).reason);
      g_array_unref (result->reasons);
    }
  g_clear_pointer (&result->merges, g_ptr_array_unref);
  g_clear_pointer (&result->landscape, ds_landscape_unref);
  g_free (result->source_id);
  g_free (result);
}

DsCsvPreview *
ds_csv_import_preview (DsCsvImport *self,
                       DsCsvReader *reader,
                       guint        max_rows,
                       GError     **error)
{
  Run run;
  DsCsvPreview *preview;

  run_init (&run, self, reader, NULL);
  /* Every problem of the previewed rows, not just the first max_problems. */
  if (!start_run (&run, NULL, error))
    {
      run_clear (&run);
      return NULL;
    }
  preview = g_new0 (DsCsvPreview, 1);
  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  while (preview->rows->len < max_rows)
    {
      g_autoptr(GError) local = NULL;
      GStrvBuilder *b;
      Row row = { 0 };
      guint saved_max = self->max_problems;

      if (!ds_csv_reader_next (reader, NULL, &local))
        {
          if (local == NULL)
            break;
          if (!g_error_matches (local, DS_CSV_ERROR, DS_CSV_ERROR_ENCODING))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              ds_csv_import_preview_free (preview);
              run_clear (&run);
              return NULL;
            }
          add_encoding_problem (&run, local);
          g_ptr_array_add (preview->rows, g_new0 (char *, 1));
          continue;
        }
      b = g_strv_builder_new ();
      for (guint i = 0; i < ds_csv_reader_n_fields (reader); i++)
        g_strv_builder_add (b, ds_csv_reader_field (reader, i));
      g_ptr_array_add (preview->rows, g_strv_builder_end (b));
      g_strv_builder_unref (b);
      self->max_problems = G_MAXUINT;
      parse_row (&run, &row);
      self->max_problems = saved_max;
      row_clear (&row);
    }
  preview->shape = run.shape;
  preview->header = g_strdupv (run.header);
  memcpy (preview->columns, run.columns, sizeof run.columns);
  preview->problems = g_steal_pointer (&run.problems);
  run_clear (&run);
  return preview;
}

DsCsvPreview *
ds_csv_import_preview_file (DsCsvImport *self,
                            const char  *path,
                            guint        max_rows,
                            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(DsCsvReader) reader = NULL;
  g_autofree char *origin = g_path_get_basename (path);

  if ((stream = g_file_read (file, NULL, error)) == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  reader = ds_csv_reader_new_for_stream (G_INPUT_STREAM (stream), origin);
  return ds_csv_import_preview (self, reader, max_rows, error);
}

void
ds_csv_import_preview_free (DsCsvPreview *preview)
{
  if (preview == NULL)
    return;
  g_strfreev (preview->header);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_clear_pointer (&preview->problems, g_ptr_array_unref);
  g_free (preview);
}

char *
ds_csv_import_result_describe (const DsCsvImportResult *result,
                               const char              *origin)
{
  GString *s = g_string_new (NULL);
  guint total_problems = 0;

  for (guint i = 0; i < result->reasons->len; i++)
    total_problems += g_array_index (result->reasons, DsCsvReasonCount, i).count;

  g_string_append_printf (s, "%s: %u rows, one row per %s", origin, result->n_rows,
                          result->shape == DS_CSV_SHAPE_PER_ROUND ? "round" : "investment");
  g_string_append (s, " (columns:");
  for (int f = 0; f < DS_CSV_N_FIELDS; f++)
    if (result->columns[f] >= 0)
      g_string_append_printf (s, " %s=%s", field_names[f], result->header[result->columns[f]]);
  g_string_append (s, ")\n");

  if (result->landscape != NULL)
    {
      g_string_append_printf (s, "%u rows imported: %u deals added, %u new entities, %u matched entities already in the landscape",
                              result->n_rows_imported, result->n_deals_added, result->n_entities_added,
                              result->n_entities_matched);
      if (result->n_deals_duplicate)
        g_string_append_printf (s, ", %u deals already present", result->n_deals_duplicate);
      g_string_append (s, "\n");
      if (result->n_investors_split)
        g_string_append_printf (s, "%u rounds with several investors: the amount was split evenly among them (see each deal's note)\n",
                                result->n_investors_split);
    }
  if (result->merges->len)
    {
      g_string_append_printf (s, "Merged spellings (%u):\n", result->merges->len);
      for (guint i = 0; i < result->merges->len; i++)
        g_string_append_printf (s, "  %s\n", (char *) result->merges->pdata[i]);
    }
  if (result->n_rows_bad)
    {
      if (result->landscape != NULL)
        g_string_append_printf (s, "%u rows skipped:\n", result->n_rows_bad);
      else
        g_string_append_printf (s, "%u of %u rows have problems; nothing was imported "
                                "(fix them, or use --skip-bad-rows to import the rest):\n",
                                result->n_rows_bad, result->n_rows);
      for (guint i = 0; i < result->reasons->len; i++)
        {
          const DsCsvReasonCount *rc = &g_array_index (result->reasons, DsCsvReasonCount, i);
          g_string_append_printf (s, "  %6u  %s\n", rc->count, rc->reason);
        }
      g_string_append (s, "First problems:\n");
      for (guint i = 0; i < result->problems->len; i++)
        g_string_append_printf (s, "  %s\n", ((DsCsvProblem *) result->problems->pdata[i])->message);
      if (total_problems > result->problems->len)
        g_string_append_printf (s, "  … and %u more\n", total_problems - result->problems->len);
    }
  return g_string_free (s, FALSE);
}
