/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-dataset.c: reads and writes the "dealscape/1" dataset JSON. The reader
 * checks everything before it builds anything, and names every problem by path. */
#define G_LOG_DOMAIN "ds-dataset"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-core-resources.h"
#include "ds-dataset.h"
#include "ds-json.h"
#include "ds-json-writer.h"
#include "ds-replay.h"

G_DEFINE_QUARK (ds-import-error-quark, ds_import_error)

#define MAX_REPORTED_PROBLEMS 50

typedef struct {
  DsLandscape *ls;
  GPtrArray   *problems;   /* char *, "path: message" */
  guint        n_problems; /* including those not kept */
} Reader;

/* Where a value sits: "deals[3]" plus an optional member name. Formatted
 * only when there is something to report, since most values are fine. */
typedef struct {
  const char *section;
  guint       index;
  const char *sub;         /* e.g. "settings" or NULL */
  const char *member;
} Path;

static char *
path_to_string (const Path *path)
{
  GString *s = g_string_new (path->section);

  if (path->index != G_MAXUINT)
    g_string_append_printf (s, "[%u]", path->index);
  if (path->sub != NULL)
    g_string_append_printf (s, ".%s", path->sub);
  if (path->member != NULL)
    g_string_append_printf (s, ".%s", path->member);
  return g_string_free (s, FALSE);
}

static void problem (Reader *r, const Path *path, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
problem (Reader     *r,
         const Path *path,
         const char *format,
         ...)
{
  g_autofree char *where = path_to_string (path);
  g_autofree char *what = NULL;
  va_list args;

  r->n_problems++;
  if (r->problems->len >= MAX_REPORTED_PROBLEMS)
    return;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (r->problems, g_strdup_printf ("%s: %s", where, what));
}

static const char *
json_type_name (const DsJsonValue *value)
{
  return ds_json_type_name (ds_json_type (value));
}

/* Absent and null mean the same for optional members. */
static gboolean
is_null (const DsJsonValue *value)
{
  return ds_json_type (value) == DS_JSON_NULL;
}

static gboolean
node_is_number (const DsJsonValue *value)
{
  return ds_json_type (value) == DS_JSON_NUMBER;
}

static gboolean
node_is_string (const DsJsonValue *value)
{
  return ds_json_type (value) == DS_JSON_STRING;
}

/* Rejects members the format does not define: a typo ("amout_usd") would
 * otherwise be dropped without a word. */
static void
check_members (Reader            *r,
               Path               path,
               const DsJsonValue *object,
               const char *const *known)
{
  for (guint i = 0, n = ds_json_object_n_members (object); i < n; i++)
    {
      const char *name = ds_json_object_member_name (object, i);
      const char *const *k;

      /* Runs for every member of every item: compare the first byte
       * before calling strcmp. */
      for (k = known; *k != NULL; k++)
        if ((*k)[0] == name[0] && strcmp (*k, name) == 0)
          break;
      if (*k == NULL)
        {
          g_autofree char *list = g_strjoinv (", ", (char **) known);
          path.member = name;
          problem (r, &path, "unknown field; the fields of this object are: %s", list);
        }
    }
}

static const char *
get_string (Reader            *r,
            Path               path,
            const DsJsonValue *object,
            const char        *member,
            gboolean           required)
{
  const DsJsonValue *node = ds_json_object_get (object, member);

  path.member = member;
  if (is_null (node))
    {
      if (required)
        problem (r, &path, "missing: a string is required");
      return NULL;
    }
  if (!node_is_string (node))
    {
      problem (r, &path, "must be a string, not %s", json_type_name (node));
      return NULL;
    }
  if (required && *ds_json_get_string (node) == '\0')
    {
      problem (r, &path, "must not be empty");
      return NULL;
    }
  return ds_json_get_string (node);
}

static gboolean
is_slug (const char *id)
{
  if (!(g_ascii_islower (*id) || g_ascii_isdigit (*id)))
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '_'))
      return FALSE;
  return TRUE;
}

static const char *
get_id (Reader            *r,
        Path               path,
        const DsJsonValue *object)
{
  const char *id = get_string (r, path, object, "id", TRUE);

  path.member = "id";
  if (id != NULL && !is_slug (id))
    {
      problem (r, &path, "“%s” is not a valid id: use lower-case letters, digits, '-' and '_', "
               "starting with a letter or digit", id);
      return NULL;
    }
  return id;
}

static DsDate
get_date (Reader            *r,
          Path               path,
          const DsJsonValue *object,
          const char        *member,
          gboolean           required)
{
  const char *text = get_string (r, path, object, member, required);
  g_autoptr(GError) error = NULL;
  DsDate date = DS_DATE_NONE;

  if (text == NULL)
    return DS_DATE_NONE;
  path.member = member;
  if (!ds_date_parse (text, &date, &error))
    problem (r, &path, "%s", error->message);
  return date;
}

typedef enum {
  NUMBER_ANY,          /* finite */
  NUMBER_NON_NEGATIVE, /* amounts */
  NUMBER_POSITIVE,     /* caps */
  NUMBER_FRACTION,     /* 0..1 */
  NUMBER_QUANTITY,     /* >= 0, not money: gigawatts, chips */
  NUMBER_DURATION,     /* > 0, not money: years */
} NumberRule;

/* Absent or null gives DS_UNSET when the value is optional. */
static double
get_number (Reader            *r,
            Path               path,
            const DsJsonValue *object,
            const char        *member,
            gboolean           required,
            NumberRule         rule)
{
  const DsJsonValue *node = ds_json_object_get (object, member);
  double value;

  path.member = member;
  if (is_null (node))
    {
      if (required)
        problem (r, &path, "missing: a number is required");
      return DS_UNSET;
    }
  if (!node_is_number (node))
    {
      problem (r, &path, "must be a number, not %s", json_type_name (node));
      return DS_UNSET;
    }
  value = ds_json_get_number (node);
  switch (rule)
    {
    case NUMBER_ANY:
      if (!isfinite (value))
        problem (r, &path, "must be a finite number");
      break;
    case NUMBER_NON_NEGATIVE:
      if (!isfinite (value) || value < 0)
        problem (r, &path, "must be a non-negative number (US dollars), not %g", value);
      break;
    case NUMBER_POSITIVE:
      if (!isfinite (value) || value <= 0)
        problem (r, &path, "must be a positive number (US dollars), not %g", value);
      break;
    case NUMBER_FRACTION:
      if (!isfinite (value) || value < 0 || value > 1)
        problem (r, &path, "must be a fraction between 0 and 1 (0.2 for 20%%), not %g", value);
      break;
    case NUMBER_QUANTITY:
      if (!isfinite (value) || value < 0)
        problem (r, &path, "must be a non-negative number, not %g", value);
      break;
    case NUMBER_DURATION:
      if (!isfinite (value) || value <= 0)
        problem (r, &path, "must be a number of years above 0, not %g", value);
      break;
    }
  return value;
}

static int
get_enum (Reader             *r,
          Path                path,
          const DsJsonValue  *object,
          const char         *member,
          int               (*from_string) (const char *),
          const char         *choices)
{
  const char *text = get_string (r, path, object, member, TRUE);
  int value;

  if (text == NULL)
    return 0;
  value = from_string (text);
  if (value < 0)
    {
      path.member = member;
      problem (r, &path, "unknown %s “%s”; use one of: %s", member, text, choices);
      return 0;
    }
  return value;
}

static DsIndex
get_reference (Reader             *r,
               Path                path,
               const DsJsonValue  *object,
               const char         *member,
               gboolean            required,
               DsIndex           (*find) (DsLandscape *, const char *),
               const char         *what)
{
  const char *id = get_string (r, path, object, member, required);
  DsIndex index;

  if (id == NULL)
    return DS_NONE;
  index = find (r->ls, id);
  if (index == DS_NONE)
    {
      path.member = member;
      problem (r, &path, "unknown %s “%s”: it must be the id of an entry in %s", what, id,
               find == ds_landscape_find_entity ? "entities" :
               find == ds_landscape_find_source ? "sources" :
               find == ds_landscape_find_deal ? "deals" : "scenarios");
    }
  return index;
}

/* The section as an array of objects; NULL (and a problem) otherwise. */
static const DsJsonValue *
get_section (Reader            *r,
             const DsJsonValue *root,
             const char        *name)
{
  const DsJsonValue *node = ds_json_object_get (root, name);
  Path path = { name, G_MAXUINT, NULL, NULL };

  if (node == NULL)
    return NULL;
  if (ds_json_type (node) != DS_JSON_ARRAY)
    {
      problem (r, &path, "must be an array, not %s", json_type_name (node));
      return NULL;
    }
  return node;
}

static const DsJsonValue *
get_item (Reader            *r,
          const DsJsonValue *array,
          Path              *path)
{
  const DsJsonValue *node = ds_json_array_get (array, path->index);

  if (ds_json_type (node) != DS_JSON_OBJECT)
    {
      problem (r, path, "must be an object, not %s", json_type_name (node));
      return NULL;
    }
  return node;
}

/* Second passes index the model by item position; they only run when every
 * item was an object (otherwise the import fails anyway). */
static gboolean
all_objects (const DsJsonValue *array)
{
  for (guint i = 0, n = array ? ds_json_array_length (array) : 0; i < n; i++)
    if (ds_json_type (ds_json_array_get (array, i)) != DS_JSON_OBJECT)
      return FALSE;
  return TRUE;
}

#define FOREACH_ITEM(r, array, name, path, object)                             \
  for (guint _i = 0, _n = (array) ? ds_json_array_length (array) : 0; _i < _n; _i++) \
    for (Path path = { name, _i, NULL, NULL }; path.index == _i; path.index = G_MAXUINT) \
      for (const DsJsonValue *object = get_item (r, array, &path); object; object = NULL)

static const char *const source_fields[] = { "id", "title", "publisher", "date", "url", NULL };
static const char *const entity_fields[] = { "id", "name", "kind", "parent", "description", NULL };
static const char *const relation_fields[] = {
  "id", "kind", "from", "to", "date", "source", "confidence", "note", NULL };
static const char *const deal_fields[] = {
  "id", "investor", "target", "date", "close_date", "amount_usd", "instrument", "status",
  "pre_money_usd", "post_money_usd", "cap_usd", "discount", "interest_rate", "tranche_of",
  "term_years", "power_gw", "chip_count", "chip", "note", "source", "confidence", NULL };
static const char *const metric_fields[] = {
  "entity", "name", "date", "value", "unit", "source", "confidence", NULL };
static const char *const scenario_fields[] = {
  "id", "name", "description", "base", "settings", "deals", NULL };

static void
read_sources (Reader            *r,
              const DsJsonValue *array)
{
  FOREACH_ITEM (r, array, "sources", path, object)
    {
      DsSource source = { 0 };

      check_members (r, path, object, source_fields);
      source.id = get_id (r, path, object);
      source.title = get_string (r, path, object, "title", TRUE);
      source.publisher = get_string (r, path, object, "publisher", TRUE);
      source.date = get_date (r, path, object, "date", TRUE);
      source.url = get_string (r, path, object, "url", FALSE);
      if (source.id != NULL && ds_landscape_add_source (r->ls, &source) == DS_NONE)
        {
          path.member = "id";
          problem (r, &path, "duplicate id “%s”: another source already has it", source.id);
        }
    }
}

static void
read_entities (Reader            *r,
               const DsJsonValue *array)
{
  /* Ids first, so that a parent may come later in the file. */
  FOREACH_ITEM (r, array, "entities", path, object)
    {
      DsEntity entity = { 0 };

      check_members (r, path, object, entity_fields);
      entity.id = get_id (r, path, object);
      entity.name = get_string (r, path, object, "name", TRUE);
      entity.kind = get_enum (r, path, object, "kind", ds_entity_kind_from_string,
                              ds_entity_kind_choices ());
      entity.description = get_string (r, path, object, "description", FALSE);
      entity.parent = DS_NONE;
      if (entity.id == NULL)
        {
          /* Keep indices aligned with the file for the second pass. */
          g_autofree char *placeholder = g_strdup_printf ("\x01invalid-%u", path.index);
          entity.id = placeholder;
          ds_landscape_add_entity (r->ls, &entity);
        }
      else if (ds_landscape_add_entity (r->ls, &entity) == DS_NONE)
        {
          g_autofree char *placeholder = g_strdup_printf ("\x01duplicate-%u", path.index);
          path.member = "id";
          problem (r, &path, "duplicate id “%s”: another entity already has it", entity.id);
          entity.id = placeholder;
          ds_landscape_add_entity (r->ls, &entity);
        }
    }

  if (!all_objects (array))
    return;
  FOREACH_ITEM (r, array, "entities", path, object)
    {
      DsEntity *entity = ds_landscape_entity (r->ls, path.index);
      entity->parent = get_reference (r, path, object, "parent", FALSE,
                                      ds_landscape_find_entity, "entity");
      if (entity->parent == (DsIndex) path.index)
        {
          path.member = "parent";
          problem (r, &path, "an entity cannot be its own parent");
          entity->parent = DS_NONE;
        }
    }

  /* A parent chain longer than the entity count is a cycle. */
  for (guint i = 0; i < r->ls->entities->len; i++)
    {
      DsIndex at = ds_landscape_entity (r->ls, i)->parent;
      guint steps = 0;
      while (at != DS_NONE && steps <= r->ls->entities->len)
        {
          at = ds_landscape_entity (r->ls, at)->parent;
          steps++;
        }
      if (at != DS_NONE)
        {
          Path path = { "entities", i, NULL, "parent" };
          problem (r, &path, "parents form a cycle through “%s”",
                   ds_landscape_entity (r->ls, i)->id);
          ds_landscape_entity (r->ls, i)->parent = DS_NONE;
        }
    }
}

static void
read_relations (Reader            *r,
                const DsJsonValue *array)
{
  FOREACH_ITEM (r, array, "relations", path, object)
    {
      DsRelation relation = { 0 };

      check_members (r, path, object, relation_fields);
      relation.id = get_id (r, path, object);
      relation.kind = get_enum (r, path, object, "kind", ds_relation_kind_from_string,
                                ds_relation_kind_choices ());
      relation.from = get_reference (r, path, object, "from", TRUE, ds_landscape_find_entity, "entity");
      relation.to = get_reference (r, path, object, "to", TRUE, ds_landscape_find_entity, "entity");
      relation.date = get_date (r, path, object, "date", FALSE);
      relation.source = get_reference (r, path, object, "source", TRUE, ds_landscape_find_source, "source");
      relation.confidence = get_enum (r, path, object, "confidence", ds_confidence_from_string,
                                      ds_confidence_choices ());
      relation.note = get_string (r, path, object, "note", FALSE);
      if (relation.id != NULL && ds_landscape_add_relation (r->ls, &relation) == DS_NONE)
        {
          path.member = "id";
          problem (r, &path, "duplicate id “%s”: another relation already has it", relation.id);
        }
    }
}

/* Fills a deal from its object; `tranche_of` is resolved by the caller. */
static void
read_deal (Reader            *r,
           Path               path,
           const DsJsonValue *object,
           DsDeal            *deal)
{
  ds_deal_init (deal);
  check_members (r, path, object, deal_fields);
  deal->id = get_id (r, path, object);
  deal->investor = get_reference (r, path, object, "investor", TRUE, ds_landscape_find_entity, "entity");
  deal->target = get_reference (r, path, object, "target", TRUE, ds_landscape_find_entity, "entity");
  deal->date = get_date (r, path, object, "date", TRUE);
  deal->close_date = get_date (r, path, object, "close_date", FALSE);
  if (ds_json_object_get (object, "amount_usd") == NULL)
    {
      path.member = "amount_usd";
      problem (r, &path, "missing: give a number, or null when the amount is undisclosed");
    }
  deal->amount_usd = get_number (r, path, object, "amount_usd", FALSE, NUMBER_NON_NEGATIVE);
  deal->instrument = get_enum (r, path, object, "instrument", ds_instrument_from_string,
                               ds_instrument_choices ());
  deal->status = get_enum (r, path, object, "status", ds_deal_status_from_string,
                           ds_deal_status_choices ());
  deal->pre_money_usd = get_number (r, path, object, "pre_money_usd", FALSE, NUMBER_NON_NEGATIVE);
  deal->post_money_usd = get_number (r, path, object, "post_money_usd", FALSE, NUMBER_NON_NEGATIVE);
  deal->cap_usd = get_number (r, path, object, "cap_usd", FALSE, NUMBER_POSITIVE);
  deal->discount = get_number (r, path, object, "discount", FALSE, NUMBER_FRACTION);
  deal->interest_rate = get_number (r, path, object, "interest_rate", FALSE, NUMBER_FRACTION);
  deal->term_years = get_number (r, path, object, "term_years", FALSE, NUMBER_DURATION);
  deal->power_gw = get_number (r, path, object, "power_gw", FALSE, NUMBER_QUANTITY);
  deal->chip_count = get_number (r, path, object, "chip_count", FALSE, NUMBER_QUANTITY);
  deal->chip = get_reference (r, path, object, "chip", FALSE, ds_landscape_find_entity, "entity");
  deal->note = get_string (r, path, object, "note", FALSE);
  deal->source = get_reference (r, path, object, "source", TRUE, ds_landscape_find_source, "source");
  deal->confidence = get_enum (r, path, object, "confidence", ds_confidence_from_string,
                               ds_confidence_choices ());

  if (deal->investor != DS_NONE && deal->investor == deal->target)
    {
      path.member = "target";
      problem (r, &path, "an entity cannot invest in itself");
    }
  if (deal->date != DS_DATE_NONE && deal->close_date != DS_DATE_NONE &&
      ds_date_to_days (deal->close_date) < ds_date_to_days (deal->date))
    {
      char a[11], b[11];
      path.member = "close_date";
      problem (r, &path, "%s is before the deal's date %s",
               ds_date_format (deal->close_date, a), ds_date_format (deal->date, b));
    }
  if (ds_is_set (deal->pre_money_usd) && ds_is_set (deal->post_money_usd) &&
      deal->pre_money_usd > deal->post_money_usd)
    {
      path.member = "pre_money_usd";
      problem (r, &path, "the pre-money valuation is larger than the post-money valuation");
    }
  if (ds_is_set (deal->chip_count) && deal->chip_count != floor (deal->chip_count))
    {
      path.member = "chip_count";
      problem (r, &path, "%g is not a whole number of chips", deal->chip_count);
    }
  if (deal->chip != DS_NONE && ds_landscape_entity (r->ls, deal->chip)->kind != DS_ENTITY_CHIP)
    {
      path.member = "chip";
      problem (r, &path, "“%s” is a %s, not a chip; name an entity of kind chip",
               ds_landscape_entity (r->ls, deal->chip)->id,
               ds_entity_kind_to_string (ds_landscape_entity (r->ls, deal->chip)->kind));
    }
  if (deal->discount == 1.0)
    {
      path.member = "discount";
      problem (r, &path, "a discount of 1 (100%%) would convert at a price of zero; use a value below 1");
    }
}

static void
resolve_tranche (Reader            *r,
                 Path               path,
                 const DsJsonValue *object,
                 DsDeal            *deal,
                 DsLandscape       *ls)
{
  deal->tranche_of = get_reference (r, path, object, "tranche_of", FALSE,
                                    ds_landscape_find_deal, "deal");
  if (deal->tranche_of != DS_NONE && deal->id != NULL &&
      strcmp (ds_landscape_deal (ls, deal->tranche_of)->id, deal->id) == 0)
    {
      path.member = "tranche_of";
      problem (r, &path, "a deal cannot be a tranche of itself");
      deal->tranche_of = DS_NONE;
    }
}

static void
read_deals (Reader            *r,
            const DsJsonValue *array)
{
  FOREACH_ITEM (r, array, "deals", path, object)
    {
      DsDeal deal;

      read_deal (r, path, object, &deal);
      if (deal.id == NULL)
        deal.id = "\x01invalid";
      if (ds_landscape_add_deal (r->ls, &deal) == DS_NONE)
        {
          g_autofree char *placeholder = g_strdup_printf ("\x01duplicate-%u", path.index);
          if (deal.id[0] != '\x01')
            {
              path.member = "id";
              problem (r, &path, "duplicate id “%s”: another deal already has it", deal.id);
            }
          deal.id = placeholder;
          ds_landscape_add_deal (r->ls, &deal);
        }
    }
  if (!all_objects (array))
    return;
  FOREACH_ITEM (r, array, "deals", path, object)
    resolve_tranche (r, path, object, ds_landscape_deal (r->ls, path.index), r->ls);
}

static void
read_metrics (Reader            *r,
              const DsJsonValue *array)
{
  FOREACH_ITEM (r, array, "metrics", path, object)
    {
      DsMetric metric = { 0 };

      check_members (r, path, object, metric_fields);
      metric.entity = get_reference (r, path, object, "entity", TRUE, ds_landscape_find_entity, "entity");
      metric.name = get_string (r, path, object, "name", TRUE);
      metric.date = get_date (r, path, object, "date", TRUE);
      metric.value = get_number (r, path, object, "value", TRUE, NUMBER_ANY);
      metric.unit = get_string (r, path, object, "unit", TRUE);
      metric.source = get_reference (r, path, object, "source", TRUE, ds_landscape_find_source, "source");
      metric.confidence = get_enum (r, path, object, "confidence", ds_confidence_from_string,
                                    ds_confidence_choices ());
      if (metric.name != NULL && (g_str_has_prefix (metric.name, DS_STAKE_METRIC ":") ||
                                  g_str_has_prefix (metric.name, "stake_cap_fraction:")))
        {
          /* The stake and its cap name the company they are in. */
          const char *company = strchr (metric.name, ':') + 1;
          if (ds_landscape_find_entity (r->ls, company) == DS_NONE)
            {
              path.member = "name";
              problem (r, &path, "“%s” names no entity: after the colon comes the id of the company "
                       "the stake is in (stake_fraction:anthropic)", metric.name);
            }
        }
      if (metric.name != NULL && metric.unit != NULL)
        ds_landscape_add_metric (r->ls, &metric);
    }
}

/* Settings keys name what they override; the values are checked against
 * the assumption ranges by the scenario engine, here only their shape. */
static void
check_setting_key (Reader     *r,
                   Path        path,
                   const char *key,
                   GArray     *scenario_deals)
{
  g_auto(GStrv) parts = g_strsplit (key, ".", 4);
  guint n = g_strv_length (parts);

  path.member = key;
  if (n == 2 && strcmp (parts[0], "assumption") == 0 && *parts[1])
    return;
  if (n == 3 && strcmp (parts[0], "deal") == 0)
    {
      static const char *const deal_keys[] = {
        "amount_usd", "date", "close_date", "status", "instrument", "pre_money_usd",
        "post_money_usd", "cap_usd", "discount", "interest_rate", NULL };
      gboolean found = ds_landscape_find_deal (r->ls, parts[1]) != DS_NONE;
      for (guint i = 0; !found && i < scenario_deals->len; i++)
        found = g_strcmp0 (g_array_index (scenario_deals, DsDeal, i).id, parts[1]) == 0;
      if (!found)
        problem (r, &path, "unknown deal “%s”", parts[1]);
      else if (!g_strv_contains (deal_keys, parts[2]))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) deal_keys);
          problem (r, &path, "a scenario cannot change “%s” of a deal; it can change: %s",
                   parts[2], list);
        }
      return;
    }
  if (n == 4 && strcmp (parts[0], "metric") == 0)
    {
      DsDate date;
      if (ds_landscape_find_entity (r->ls, parts[1]) == DS_NONE)
        problem (r, &path, "unknown entity “%s”", parts[1]);
      else if (!ds_date_parse (parts[3], &date, NULL))
        problem (r, &path, "“%s” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", parts[3]);
      return;
    }
  problem (r, &path, "unknown setting; keys look like assumption.NAME, deal.ID.FIELD "
           "or metric.ENTITY.NAME.DATE");
}

static void
read_scenarios (Reader            *r,
                const DsJsonValue *array)
{
  g_autoptr(GPtrArray) bases = g_ptr_array_new ();

  FOREACH_ITEM (r, array, "scenarios", path, object)
    {
      DsScenario scenario = { 0 };
      const DsJsonValue *settings_node, *deals_node;

      check_members (r, path, object, scenario_fields);
      scenario.id = get_id (r, path, object);
      scenario.name = get_string (r, path, object, "name", TRUE);
      scenario.description = get_string (r, path, object, "description", FALSE);
      scenario.base = DS_NONE;
      scenario.settings = g_array_new (FALSE, TRUE, sizeof (DsSetting));
      scenario.deals = g_array_new (FALSE, TRUE, sizeof (DsDeal));
      g_ptr_array_add (bases, (gpointer) get_string (r, path, object, "base", FALSE));

      deals_node = ds_json_object_get (object, "deals");
      if (!is_null (deals_node))
        {
          Path deals_path = path;
          deals_path.member = "deals";
          if (ds_json_type (deals_node) != DS_JSON_ARRAY)
            problem (r, &deals_path, "must be an array of deals, not %s", json_type_name (deals_node));
          else
            {
              g_autofree char *section = path_to_string (&deals_path);
              const DsJsonValue *deals = deals_node;
              FOREACH_ITEM (r, deals, section, dpath, dobject)
                {
                  DsDeal deal;
                  read_deal (r, dpath, dobject, &deal);
                  if (deal.id != NULL && ds_landscape_find_deal (r->ls, deal.id) != DS_NONE)
                    {
                      dpath.member = "id";
                      problem (r, &dpath, "“%s” is already a deal of the landscape; "
                               "a scenario's own deals need ids of their own", deal.id);
                    }
                  g_array_append_val (scenario.deals, deal);
                }
              FOREACH_ITEM (r, all_objects (deals) ? deals : NULL, section, dpath, dobject)
                {
                  DsDeal *deal = &g_array_index (scenario.deals, DsDeal, dpath.index);
                  const DsJsonValue *t = ds_json_object_get (dobject, "tranche_of");
                  /* A scenario deal may be a tranche of a landscape deal only. */
                  if (!is_null (t))
                    resolve_tranche (r, dpath, dobject, deal, r->ls);
                }
            }
        }

      settings_node = ds_json_object_get (object, "settings");
      if (!is_null (settings_node))
        {
          Path spath = path;
          spath.sub = "settings";
          if (ds_json_type (settings_node) != DS_JSON_OBJECT)
            {
              spath.sub = NULL;
              spath.member = "settings";
              problem (r, &spath, "must be an object of KEY: value, not %s", json_type_name (settings_node));
            }
          else
            {
              for (guint j = 0, n = ds_json_object_n_members (settings_node); j < n; j++)
                {
                  const char *key = ds_json_object_member_name (settings_node, j);
                  const DsJsonValue *value = ds_json_object_member_value (settings_node, j);
                  DsSetting setting = { key, NULL, DS_UNSET };
                  check_setting_key (r, spath, key, scenario.deals);
                  if (node_is_number (value) && isfinite (ds_json_get_number (value)))
                    setting.number = ds_json_get_number (value);
                  else if (node_is_string (value))
                    setting.text = ds_json_get_string (value);
                  else
                    {
                      spath.member = key;
                      problem (r, &spath, "must be a number or a string, not %s", json_type_name (value));
                      spath.member = NULL;
                    }
                  g_array_append_val (scenario.settings, setting);
                }
            }
        }

      if (scenario.id == NULL || ds_landscape_add_scenario (r->ls, &scenario) == DS_NONE)
        {
          if (scenario.id != NULL)
            {
              path.member = "id";
              problem (r, &path, "duplicate id “%s”: another scenario already has it", scenario.id);
            }
          g_array_unref (scenario.settings);
          g_array_unref (scenario.deals);
          g_ptr_array_index (bases, bases->len - 1) = NULL;
          /* Keep indices aligned: bases[i] belongs to scenarios[i]. */
          g_ptr_array_remove_index (bases, bases->len - 1);
        }
    }

  for (guint i = 0; i < bases->len; i++)
    {
      const char *base = g_ptr_array_index (bases, i);
      DsScenario *scenario = ds_landscape_scenario (r->ls, i);
      Path path = { "scenarios", i, NULL, "base" };

      if (base == NULL)
        continue;
      scenario->base = ds_landscape_find_scenario (r->ls, base);
      if (scenario->base == DS_NONE)
        problem (r, &path, "unknown scenario “%s”", base);
      else if (scenario->base == (DsIndex) i)
        {
          problem (r, &path, "a scenario cannot build on itself");
          scenario->base = DS_NONE;
        }
    }
  for (guint i = 0; i < r->ls->scenarios->len; i++)
    {
      DsIndex at = ds_landscape_scenario (r->ls, i)->base;
      guint steps = 0;
      while (at != DS_NONE && steps++ <= r->ls->scenarios->len)
        at = ds_landscape_scenario (r->ls, at)->base;
      if (at != DS_NONE)
        {
          Path path = { "scenarios", i, NULL, "base" };
          problem (r, &path, "scenarios build on each other in a cycle");
          ds_landscape_scenario (r->ls, i)->base = DS_NONE;
        }
    }
  /* A setting "deal.X.cap_usd" names a deal of the scenario's chain (its own
   * deals, its bases', the landscape's): X must mean one deal there. Sibling
   * scenarios may each hold a deal X (a duplicated scenario does). */
  for (guint i = 0; i < r->ls->scenarios->len; i++)
    {
      const DsScenario *scenario = ds_landscape_scenario (r->ls, i);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint k = 0; k < scenario->deals->len; k++)
        {
          const char *id = g_array_index (scenario->deals, DsDeal, k).id;
          g_autofree char *section = g_strdup_printf ("scenarios[%u].deals", i);
          Path dpath = { section, k, NULL, "id" };
          DsIndex owner;
          guint steps = 0;

          if (id == NULL)
            continue;
          if (!g_hash_table_add (seen, (gpointer) id))
            {
              problem (r, &dpath, "duplicate id “%s”: another deal of this scenario already has it", id);
              continue;
            }
          for (owner = scenario->base; owner != DS_NONE && steps++ <= r->ls->scenarios->len;
               owner = ds_landscape_scenario (r->ls, owner)->base)
            {
              const DsScenario *base = ds_landscape_scenario (r->ls, owner);
              gboolean clash = FALSE;

              for (guint j = 0; j < base->deals->len && !clash; j++)
                clash = g_strcmp0 (g_array_index (base->deals, DsDeal, j).id, id) == 0;
              if (clash)
                {
                  problem (r, &dpath, "“%s” is already a deal of scenario “%s”, which this one builds on; "
                           "give this deal an id of its own", id, base->id);
                  break;
                }
            }
        }
    }
}

static const char *const top_fields[] = {
  "format", "sources", "entities", "relations", "deals", "metrics", "scenarios", NULL };

DsLandscape *
ds_dataset_read_bytes (GBytes      *json,
                       const char  *origin,
                       GError     **error)
{
  g_autoptr(DsJsonDocument) doc = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DsLandscape) ls = ds_landscape_new ();
  Reader r = { ls, problems, 0 };
  Path root_path = { "(top level)", G_MAXUINT, NULL, NULL };
  const DsJsonValue *root;
  const DsJsonValue *top;
  const char *format;
  gsize size;
  const char *data = g_bytes_get_data (json, &size);

  if (origin == NULL)
    origin = "dataset";

  doc = ds_json_parse (data, size, &parse_error);
  if (doc == NULL)
    {
      /* The parser checks UTF-8 only where it reads; a bad byte anywhere
       * (a NUL, say) still deserves the encoding advice first. Checked
       * here, on failure only, since a parsed document is valid UTF-8. */
      if (!g_utf8_validate (data, (gssize) size, NULL))
        g_set_error (error, DS_IMPORT_ERROR, DS_IMPORT_ERROR_SYNTAX,
                     "%s is not valid UTF-8 text; save it as UTF-8 JSON", origin);
      else
        /* The message starts with "LINE:COLUMN: ". */
        g_set_error (error, DS_IMPORT_ERROR, DS_IMPORT_ERROR_SYNTAX,
                     "%s:%s", origin, parse_error->message);
      return NULL;
    }

  root = ds_json_document_root (doc);
  if (ds_json_type (root) != DS_JSON_OBJECT)
    {
      g_set_error (error, DS_IMPORT_ERROR, DS_IMPORT_ERROR_INVALID,
                   "%s: the top level must be an object with \"format\": \"%s\"",
                   origin, DS_DATASET_FORMAT);
      return NULL;
    }
  top = root;
  format = get_string (&r, root_path, top, "format", TRUE);
  if (format != NULL && strcmp (format, DS_DATASET_FORMAT) != 0)
    {
      g_set_error (error, DS_IMPORT_ERROR, DS_IMPORT_ERROR_INVALID,
                   "%s: format “%s” is not supported; this version reads “%s”",
                   origin, format, DS_DATASET_FORMAT);
      return NULL;
    }
  if (format == NULL)
    {
      g_set_error (error, DS_IMPORT_ERROR, DS_IMPORT_ERROR_INVALID,
                   "%s is not a Dealscape dataset: \"format\": \"%s\" is missing at the top level",
                   origin, DS_DATASET_FORMAT);
      return NULL;
    }
  check_members (&r, root_path, top, top_fields);

  /* Order matters: each section refers only to the ones before it. */
  read_sources (&r, get_section (&r, top, "sources"));
  read_entities (&r, get_section (&r, top, "entities"));
  read_relations (&r, get_section (&r, top, "relations"));
  read_deals (&r, get_section (&r, top, "deals"));
  read_metrics (&r, get_section (&r, top, "metrics"));
  read_scenarios (&r, get_section (&r, top, "scenarios"));

  if (r.n_problems > 0)
    {
      GString *message = g_string_new (NULL);
      g_string_append_printf (message, "%s has %u problem%s; nothing was imported:", origin,
                              r.n_problems, r.n_problems == 1 ? "" : "s");
      for (guint i = 0; i < problems->len; i++)
        g_string_append_printf (message, "\n  %s", (char *) g_ptr_array_index (problems, i));
      if (r.n_problems > problems->len)
        g_string_append_printf (message, "\n  … and %u more", r.n_problems - problems->len);
      g_set_error_literal (error, DS_IMPORT_ERROR, DS_IMPORT_ERROR_INVALID, message->str);
      g_string_free (message, TRUE);
      return NULL;
    }

  ds_landscape_finish (ls);
  return g_steal_pointer (&ls);
}

DsLandscape *
ds_dataset_read_file (const char  *path,
                      GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, DS_IMPORT_ERROR, DS_IMPORT_ERROR_IO, "cannot read %s: %s",
                   path, local_error->message);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return ds_dataset_read_bytes (bytes, path, error);
}

DsLandscape *
ds_dataset_read_bundled (GError **error)
{
  /* DS_BUNDLED_DATASET names a dataset file to start new documents from
   * instead: the tests' worked examples (stakes, replays, pictures) are
   * computed by hand on a small fixed landscape, tests/data/seed-landscape.json,
   * and must not move each time the bundled research grows. */
  const char *override = g_getenv ("DS_BUNDLED_DATASET");
  g_autoptr(GBytes) bytes = NULL;

  if (override != NULL && *override != '\0')
    return ds_dataset_read_file (override, error);
  /* Looked up in our own resource: a static library drops the object file
   * whose constructor would have registered it globally. */
  bytes = g_resource_lookup_data (ds_core_get_resource (), RESOURCE_BASE "/data/landscape.json",
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  return ds_dataset_read_bytes (bytes, "the bundled dataset", error);
}

/* ---- writing ---- */

static void
write_optional_string (DsJsonWriter *w,
                       const char   *key,
                       const char   *value)
{
  if (value == NULL)
    return;
  ds_json_writer_key (w, key);
  ds_json_writer_string (w, value);
}

static void
write_optional_number (DsJsonWriter *w,
                       const char   *key,
                       double        value)
{
  if (!ds_is_set (value))
    return;
  ds_json_writer_key (w, key);
  ds_json_writer_number (w, value);
}

static void
write_date (DsJsonWriter *w,
            const char   *key,
            DsDate        date)
{
  char buf[11];

  if (date == DS_DATE_NONE)
    return;
  ds_json_writer_key (w, key);
  ds_json_writer_string (w, ds_date_format (date, buf));
}

static void
write_deal (DsJsonWriter *w,
            DsLandscape  *ls,
            const DsDeal *d)
{
  ds_json_writer_begin_object (w);
  write_optional_string (w, "id", d->id);
  write_optional_string (w, "investor", ds_landscape_entity (ls, d->investor)->id);
  write_optional_string (w, "target", ds_landscape_entity (ls, d->target)->id);
  write_date (w, "date", d->date);
  write_date (w, "close_date", d->close_date);
  ds_json_writer_key (w, "amount_usd");
  ds_json_writer_number (w, d->amount_usd);
  write_optional_string (w, "instrument", ds_instrument_to_string (d->instrument));
  write_optional_string (w, "status", ds_deal_status_to_string (d->status));
  write_optional_number (w, "pre_money_usd", d->pre_money_usd);
  write_optional_number (w, "post_money_usd", d->post_money_usd);
  write_optional_number (w, "cap_usd", d->cap_usd);
  write_optional_number (w, "discount", d->discount);
  write_optional_number (w, "interest_rate", d->interest_rate);
  if (d->tranche_of != DS_NONE)
    write_optional_string (w, "tranche_of", ds_landscape_deal (ls, d->tranche_of)->id);
  write_optional_number (w, "term_years", d->term_years);
  write_optional_number (w, "power_gw", d->power_gw);
  write_optional_number (w, "chip_count", d->chip_count);
  if (d->chip != DS_NONE)
    write_optional_string (w, "chip", ds_landscape_entity (ls, d->chip)->id);
  write_optional_string (w, "note", d->note);
  write_optional_string (w, "source", ds_landscape_source (ls, d->source)->id);
  write_optional_string (w, "confidence", ds_confidence_to_string (d->confidence));
  ds_json_writer_end_object (w);
}

char *
ds_dataset_write (DsLandscape *ls,
                  gsize       *length)
{
  g_autoptr(DsJsonWriter) w = ds_json_writer_new (TRUE);

  ds_json_writer_begin_object (w);
  ds_json_writer_key (w, "format");
  ds_json_writer_string (w, DS_DATASET_FORMAT);

  ds_json_writer_key (w, "sources");
  ds_json_writer_begin_array (w);
  for (guint i = 0; i < ls->sources->len; i++)
    {
      const DsSource *s = ds_landscape_source (ls, i);
      ds_json_writer_begin_object (w);
      write_optional_string (w, "id", s->id);
      write_optional_string (w, "title", s->title);
      write_optional_string (w, "publisher", s->publisher);
      write_date (w, "date", s->date);
      write_optional_string (w, "url", s->url);
      ds_json_writer_end_object (w);
    }
  ds_json_writer_end_array (w);

  ds_json_writer_key (w, "entities");
  ds_json_writer_begin_array (w);
  for (guint i = 0; i < ls->entities->len; i++)
    {
      const DsEntity *e = ds_landscape_entity (ls, i);
      ds_json_writer_begin_object (w);
      write_optional_string (w, "id", e->id);
      write_optional_string (w, "name", e->name);
      write_optional_string (w, "kind", ds_entity_kind_to_string (e->kind));
      if (e->parent != DS_NONE)
        write_optional_string (w, "parent", ds_landscape_entity (ls, e->parent)->id);
      write_optional_string (w, "description", e->description);
      ds_json_writer_end_object (w);
    }
  ds_json_writer_end_array (w);

  ds_json_writer_key (w, "relations");
  ds_json_writer_begin_array (w);
  for (guint i = 0; i < ls->relations->len; i++)
    {
      const DsRelation *rel = ds_landscape_relation (ls, i);
      ds_json_writer_begin_object (w);
      write_optional_string (w, "id", rel->id);
      write_optional_string (w, "kind", ds_relation_kind_to_string (rel->kind));
      write_optional_string (w, "from", ds_landscape_entity (ls, rel->from)->id);
      write_optional_string (w, "to", ds_landscape_entity (ls, rel->to)->id);
      write_date (w, "date", rel->date);
      write_optional_string (w, "source", ds_landscape_source (ls, rel->source)->id);
      write_optional_string (w, "confidence", ds_confidence_to_string (rel->confidence));
      write_optional_string (w, "note", rel->note);
      ds_json_writer_end_object (w);
    }
  ds_json_writer_end_array (w);

  ds_json_writer_key (w, "deals");
  ds_json_writer_begin_array (w);
  for (guint i = 0; i < ls->deals->len; i++)
    write_deal (w, ls, ds_landscape_deal (ls, i));
  ds_json_writer_end_array (w);

  ds_json_writer_key (w, "metrics");
  ds_json_writer_begin_array (w);
  for (guint i = 0; i < ls->metrics->len; i++)
    {
      const DsMetric *m = ds_landscape_metric (ls, i);
      ds_json_writer_begin_object (w);
      write_optional_string (w, "entity", ds_landscape_entity (ls, m->entity)->id);
      write_optional_string (w, "name", m->name);
      write_date (w, "date", m->date);
      ds_json_writer_key (w, "value");
      ds_json_writer_number (w, m->value);
      write_optional_string (w, "unit", m->unit);
      write_optional_string (w, "source", ds_landscape_source (ls, m->source)->id);
      write_optional_string (w, "confidence", ds_confidence_to_string (m->confidence));
      ds_json_writer_end_object (w);
    }
  ds_json_writer_end_array (w);

  ds_json_writer_key (w, "scenarios");
  ds_json_writer_begin_array (w);
  for (guint i = 0; i < ls->scenarios->len; i++)
    {
      const DsScenario *sc = ds_landscape_scenario (ls, i);
      ds_json_writer_begin_object (w);
      write_optional_string (w, "id", sc->id);
      write_optional_string (w, "name", sc->name);
      write_optional_string (w, "description", sc->description);
      ds_json_writer_key (w, "base");
      ds_json_writer_string (w, sc->base == DS_NONE ? NULL : ds_landscape_scenario (ls, sc->base)->id);
      ds_json_writer_key (w, "settings");
      ds_json_writer_begin_object (w);
      for (guint j = 0; j < sc->settings->len; j++)
        {
          const DsSetting *s = &g_array_index (sc->settings, DsSetting, j);
          ds_json_writer_key (w, s->key);
          if (s->text != NULL)
            ds_json_writer_string (w, s->text);
          else
            ds_json_writer_number (w, s->number);
        }
      ds_json_writer_end_object (w);
      ds_json_writer_key (w, "deals");
      ds_json_writer_begin_array (w);
      for (guint j = 0; j < sc->deals->len; j++)
        write_deal (w, ls, &g_array_index (sc->deals, DsDeal, j));
      ds_json_writer_end_array (w);
      ds_json_writer_end_object (w);
    }
  ds_json_writer_end_array (w);

  ds_json_writer_end_object (w);
  return ds_json_writer_steal (g_steal_pointer (&w), length);
}

gboolean
ds_dataset_write_file (DsLandscape *ls,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  text = ds_dataset_write (ls, &length);
  /* g_file_set_contents writes a temporary file beside the target and
   * renames it, so the old file survives a failure. */
  if (!g_file_set_contents (path, text, (gssize) length, &local_error))
    {
      g_set_error (error, DS_IMPORT_ERROR, DS_IMPORT_ERROR_IO, "cannot write %s: %s",
                   path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
