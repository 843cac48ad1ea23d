/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-scenario.c: the scenario commands of dealscape-cli: scenario
 * (list, show, create, set, unset, delete), replay, stakes and compute. */
#define G_LOG_DOMAIN "ds-cli-scenario"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ds-cli-commands.h"
#include "ds-cli-table.h"
#include "ds-edit-log.h"
#include "ds-format.h"
#include "ds-replay.h"
#include "ds-scenario.h"
#include "ds-scenario-diff.h"

static gboolean
parse_format (const char  *command,
              const char  *text,
              DsCliFormat  fallback,
              DsCliFormat *out,
              int         *status)
{
  *out = fallback;
  if (text && !ds_cli_format_parse (text, out))
    {
      *status = ds_cli_usage_error (command, "unknown format “%s”; use table, csv or json", text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_date (const char *command,
            const char *option,
            const char *text,
            DsDate     *out,
            int        *status)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      *status = ds_cli_usage_error (command, "%s DATE is required (YYYY, YYYY-MM or YYYY-MM-DD)", option);
      return FALSE;
    }
  if (!ds_date_parse (text, out, &error))
    {
      *status = ds_cli_usage_error (command, "%s: %s", option, error->message);
      return FALSE;
    }
  return TRUE;
}

/* --scenario NAME, or "base" when the document has it, else the landscape. */
static gboolean
resolve_scenario (DsLandscape *ls,
                  const char  *name,
                  DsIndex     *out,
                  GError     **error)
{
  if (name == NULL)
    {
      *out = ds_landscape_find_scenario (ls, "base");
      return TRUE;
    }
  *out = ds_scenario_lookup (ls, name, error);
  return *out != DS_NONE;
}

static const char *
scenario_label (DsLandscape *ls,
                DsIndex      scenario)
{
  return scenario == DS_NONE ? "landscape" : ds_landscape_scenario (ls, scenario)->id;
}

static char *
setting_text (const DsSetting *s)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup (s->text ? s->text : g_ascii_formatd (buf, sizeof buf, "%.15g", s->number));
}

/* The unit of a numeric override: the assumption's or deal field's, or for
 * "metric.<entity>.<name>.<date>" that of the landscape's metrics of that
 * name (ids and metric names hold no dots); NULL when unknown. */
static const char *
setting_unit (DsLandscape *ls,
              const char  *key)
{
  g_auto(GStrv) parts = NULL;

  if (!g_str_has_prefix (key, "metric."))
    return ds_assumptions_key_unit (key);
  parts = g_strsplit (key, ".", 4);
  if (g_strv_length (parts) < 3)
    return NULL;
  for (guint i = 0; i < ls->metrics->len; i++)
    {
      const DsMetric *m = ds_landscape_metric (ls, i);
      if (m->entity != DS_NONE && strcmp (m->name, parts[2]) == 0 &&
          strcmp (ds_landscape_entity (ls, m->entity)->id, parts[1]) == 0)
        return m->unit;
    }
  return NULL;
}

/* A setting as scenario show's table writes it: numbers in their unit. CSV
 * and JSON keep setting_text, the value as stored. */
static char *
setting_human_text (DsLandscape     *ls,
                    const DsSetting *s)
{
  g_autofree char *c_form = NULL;

  if (s->text != NULL)
    return g_strdup (s->text);
  c_form = ds_format_in_unit (s->number, setting_unit (ls, s->key));
  return ds_format_localize (c_form);
}

/* ---- scenario ---- */

static int
scenario_list (DsLandscape *ls,
               DsCliFormat  format)
{
  g_autoptr(DsCliTable) t = ds_cli_table_new ((const char *[]) { "id", "name", "base", "settings", "deals", NULL });

  for (guint i = 0; i < ls->scenarios->len; i++)
    {
      const DsScenario *sc = ds_landscape_scenario (ls, i);
      ds_cli_table_add_row (t);
      ds_cli_table_add_text (t, sc->id);
      ds_cli_table_add_text (t, sc->name);
      ds_cli_table_add_text (t, sc->base == DS_NONE ? NULL : ds_landscape_scenario (ls, sc->base)->id);
      ds_cli_table_add_count (t, sc->settings->len);
      ds_cli_table_add_count (t, sc->deals->len);
    }
  ds_cli_table_print (t, format, stdout);
  return DS_EXIT_OK;
}

/* The chain's scenario that last set `key`, or NULL. */
static const DsScenario *
setter_of (DsLandscape *ls,
           DsIndex      scenario,
           const char  *key,
           const DsSetting **out)
{
  for (DsIndex s = scenario; s != DS_NONE; s = ds_landscape_scenario (ls, s)->base)
    {
      const DsSetting *found = ds_scenario_find_setting (ds_landscape_scenario (ls, s), key);
      if (found)
        {
          *out = found;
          return ds_landscape_scenario (ls, s);
        }
    }
  return NULL;
}

static int
scenario_show (DsLandscape *ls,
               DsIndex      scenario,
               DsCliFormat  format)
{
  const DsScenario *sc = ds_landscape_scenario (ls, scenario);
  g_autoptr(DsCliTable) t = ds_cli_table_new ((const char *[]) { "key", "value", "unit", "range", "set_by", NULL });
  g_autoptr(GError) error = NULL;
  g_autoptr(DsScenarioView) view = ds_scenario_view_new (ls, scenario, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n;
  const DsAssumptionInfo *infos = ds_assumptions_list (&n);

  if (view == NULL)
    return ds_cli_fail (error);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strconcat (DS_ASSUMPTION_PREFIX, infos[i].name, NULL);
      g_autofree char *range = format == DS_CLI_FORMAT_TABLE ? ds_assumption_info_describe_range_for_people (&infos[i])
                                                             : ds_assumption_info_describe_range (&infos[i]);
      const DsSetting *s = NULL;
      const DsScenario *by = setter_of (ls, scenario, key, &s);
      double v = ds_assumptions_get (&view->assumptions, infos[i].name);

      ds_cli_table_add_row (t);
      ds_cli_table_add_text (t, key);
      if (isnan (v))
        ds_cli_table_add_text (t, "unset");
      else
        ds_cli_table_add_quantity (t, v, infos[i].unit);
      ds_cli_table_add_text (t, infos[i].unit);
      ds_cli_table_add_text (t, range);
      ds_cli_table_add_text (t, by ? by->id : "default");
    }
  /* Deal and metric overrides of the whole chain, nearest scenario winning. */
  for (DsIndex c = scenario; c != DS_NONE; c = ds_landscape_scenario (ls, c)->base)
    {
      const DsScenario *cs = ds_landscape_scenario (ls, c);
      for (guint j = 0; j < cs->settings->len; j++)
        {
          const DsSetting *s = &g_array_index (cs->settings, DsSetting, j);
          g_autofree char *value = NULL;
          if (g_str_has_prefix (s->key, DS_ASSUMPTION_PREFIX) || g_hash_table_contains (seen, s->key))
            continue;
          g_hash_table_add (seen, (gpointer) s->key);
          value = format == DS_CLI_FORMAT_TABLE ? setting_human_text (ls, s) : setting_text (s);
          ds_cli_table_add_row (t);
          ds_cli_table_add_text (t, s->key);
          ds_cli_table_add_text (t, value);
          ds_cli_table_add_text (t, NULL);
          ds_cli_table_add_text (t, NULL);
          ds_cli_table_add_text (t, cs->id);
        }
    }

  if (format == DS_CLI_FORMAT_TABLE)
    {
      g_print ("%-12s %s\n%-12s %s\n%-12s %s\n%-12s %s\n\n", "scenario", sc->id, "name", sc->name,
               "base", sc->base == DS_NONE ? "(the landscape)" : ds_landscape_scenario (ls, sc->base)->id,
               "description", sc->description ? sc->description : "");
    }
  ds_cli_table_print (t, format, stdout);
  if (format == DS_CLI_FORMAT_TABLE && view->deals->len > view->n_landscape_deals)
    {
      g_autoptr(DsCliTable) d = ds_cli_table_new ((const char *[]) { "hypothetical_deal", "investor", "target", "date",
                                                                     "amount_usd", "instrument", "pre_money_usd", NULL });
      for (guint i = view->n_landscape_deals; i < view->deals->len; i++)
        {
          const DsDeal *deal = ds_scenario_view_deal (view, i);
          ds_cli_table_add_row (d);
          ds_cli_table_add_text (d, deal->id);
          ds_cli_table_add_text (d, ds_landscape_entity (ls, deal->investor)->id);
          ds_cli_table_add_text (d, ds_landscape_entity (ls, deal->target)->id);
          ds_cli_table_add_date (d, deal->date);
          ds_cli_table_add_usd (d, deal->amount_usd);
          ds_cli_table_add_text (d, ds_instrument_to_string (deal->instrument));
          ds_cli_table_add_usd (d, deal->pre_money_usd);
        }
      g_print ("\n");
      ds_cli_table_print (d, format, stdout);
    }
  return DS_EXIT_OK;
}

/* ---- scenario diff ---- */

/* A side of a diff: "base" is the document's base scenario when it has one,
 * else the landscape; "landscape" is always the landscape (no scenario). */
static gboolean
resolve_diff_side (DsLandscape *ls,
                   const char  *name,
                   DsIndex     *out,
                   GError     **error)
{
  if (g_ascii_strcasecmp (name, "base") == 0 || g_ascii_strcasecmp (name, "landscape") == 0)
    {
      *out = g_ascii_strcasecmp (name, "base") == 0 ? ds_landscape_find_scenario (ls, "base") : DS_NONE;
      return TRUE;
    }
  if ((*out = ds_scenario_lookup (ls, name, error)) == DS_NONE)
    {
      g_prefix_error (error, "scenario diff: ");
      if (error && *error)
        {
          g_autofree char *msg = g_strdup_printf ("%s (or “base” / “landscape” for no scenario); see "
                                                  "“dealscape-cli scenario list”", (*error)->message);
          g_free ((*error)->message);
          (*error)->message = g_steal_pointer (&msg);
        }
      return FALSE;
    }
  return TRUE;
}

static void
diff_deal_value (DsCliTable            *t,
                 const DsDeal          *deal,
                 const DsDealFieldInfo *info)
{
  if (deal == NULL || deal->id == NULL)
    ds_cli_table_add_text (t, NULL);
  else if (info->unit != NULL)
    ds_cli_table_add_quantity (t, ds_deal_field_number (deal, info->field), info->unit);
  else if (info->field == DS_DEAL_FIELD_DATE || info->field == DS_DEAL_FIELD_CLOSE_DATE)
    ds_cli_table_add_date (t, info->field == DS_DEAL_FIELD_DATE ? deal->date : deal->close_date);
  else
    {
      g_autofree char *text = ds_deal_field_to_text (deal, info->field);
      ds_cli_table_add_text (t, text);
    }
}

static void
diff_row_start (DsCliTable  *t,
                const char  *kind,
                const char  *deal,
                const char  *investor,
                const char  *target,
                const char  *field)
{
  ds_cli_table_add_row (t);
  ds_cli_table_add_text (t, kind);
  ds_cli_table_add_text (t, deal);
  ds_cli_table_add_text (t, investor);
  ds_cli_table_add_text (t, target);
  ds_cli_table_add_text (t, field);
}

static const char *
holder_text (DsLandscape *ls,
             DsIndex      holder,
             const char  *name)
{
  return holder == DS_NONE ? name : ds_landscape_entity (ls, holder)->id;
}

static int
scenario_diff (DsLandscape *ls,
               const char  *name_a,
               const char  *name_b,
               const char  *date_text,
               DsCliFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsScenarioDiff) diff = NULL;
  g_autoptr(DsCliTable) t = ds_cli_table_new ((const char *[]) { "kind", "deal", "investor", "target", "field",
                                                                 "old", "new", "unit", "threshold", NULL });
  DsIndex a, b;
  DsDate date = DS_DATE_NONE;
  guint n_fields;
  const DsDealFieldInfo *fields = ds_scenario_diff_fields (&n_fields);
  const DsDealFieldInfo amount = { DS_DEAL_FIELD_AMOUNT, "amount_usd", "usd", "amount" };
  int status;

  if (date_text && !parse_date ("scenario", "--date", date_text, &date, &status))
    return status;
  if (!resolve_diff_side (ls, name_a, &a, &error) || !resolve_diff_side (ls, name_b, &b, &error))
    return ds_cli_fail (error);
  if ((diff = ds_scenario_diff_new (ls, a, b, date, &error)) == NULL)
    return ds_cli_fail (error);

  for (guint i = 0; i < diff->deals->len; i++)
    {
      const DsDealDiff *d = ds_scenario_diff_deal (diff, i);
      const char *investor = ds_landscape_entity (ls, d->investor)->id, *target = ds_landscape_entity (ls, d->target)->id;

      if (d->kind != DS_DEAL_DIFF_CHANGED)
        {
          /* One row: the deal's amount on the side that shows it. */
          diff_row_start (t, d->kind == DS_DEAL_DIFF_ADDED ? "added" : "removed", d->id, investor, target, "amount_usd");
          diff_deal_value (t, d->kind == DS_DEAL_DIFF_REMOVED ? &d->a : NULL, &amount);
          diff_deal_value (t, d->kind == DS_DEAL_DIFF_ADDED ? &d->b : NULL, &amount);
          ds_cli_table_add_text (t, "usd");
          ds_cli_table_add_text (t, NULL);
          /* A deal both sides have, shown on one only (B moved its date
           * across the diff's): what differs follows, as for a change. */
        }
      for (guint k = 0; k < n_fields; k++)
        {
          if (!(d->fields & fields[k].field))
            continue;
          diff_row_start (t, d->kind == DS_DEAL_DIFF_ADDED ? "added" : d->kind == DS_DEAL_DIFF_REMOVED ? "removed" : "changed",
                          d->id, investor, target, fields[k].name);
          diff_deal_value (t, &d->a, &fields[k]);
          diff_deal_value (t, &d->b, &fields[k]);
          ds_cli_table_add_text (t, fields[k].unit);
          ds_cli_table_add_text (t, NULL);
        }
    }
  for (guint i = 0; i < diff->stakes->len; i++)
    {
      const DsStakeMove *m = ds_scenario_diff_stake (diff, i);
      diff_row_start (t, "stake", NULL, holder_text (ls, m->holder, m->holder_name),
                      ds_landscape_entity (ls, m->company)->id, "fraction");
      ds_cli_table_add_fraction (t, m->before);
      ds_cli_table_add_fraction (t, m->after);
      ds_cli_table_add_text (t, "fraction");
      ds_cli_table_add_text (t, NULL);
    }
  for (guint i = 0; i < diff->thresholds->len; i++)
    {
      const DsThresholdChange *c = ds_scenario_diff_threshold (diff, i);
      diff_row_start (t, c->upward ? "threshold_reached" : "threshold_left", NULL,
                      holder_text (ls, c->holder, c->holder_name), ds_landscape_entity (ls, c->company)->id, "fraction");
      ds_cli_table_add_fraction (t, c->before);
      ds_cli_table_add_fraction (t, c->after);
      ds_cli_table_add_text (t, "fraction");
      ds_cli_table_add_fraction (t, c->threshold);
    }

  if (format == DS_CLI_FORMAT_TABLE)
    {
      g_autofree char *title = ds_scenario_diff_title (diff);
      char iso[11];
      ds_date_format (diff->date, iso);
      if (ds_cli_table_get_n_rows (t) == 0)
        {
          g_print ("%s on %s: no differences (deals, terms and stakes are the same)\n", title, iso);
          return DS_EXIT_OK;
        }
      {
        g_autofree char *counts = ds_format_localize_take (
          g_strdup_printf ("%u deal%s added, %u removed, %u changed; %u stake%s moved; %u threshold%s crossed",
                           diff->n_added, diff->n_added == 1 ? "" : "s", diff->n_removed, diff->n_changed,
                           diff->stakes->len, diff->stakes->len == 1 ? "" : "s",
                           diff->thresholds->len, diff->thresholds->len == 1 ? "" : "s"));
        g_print ("%s on %s: %s\n\n", title, iso, counts);
      }
    }
  ds_cli_table_print (t, format, stdout);
  return DS_EXIT_OK;
}

int
ds_cli_cmd_scenario (const DsCliGlobal *global,
                     int                argc,
                     char             **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *description = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *date_text = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "create: build on this scenario (default: the landscape)", "BASE" },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, "create: the scenario's reasoning", "TEXT" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "list, show, diff: table (default), csv or json", "FORMAT" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, "diff: compare at this date (default: the latest deal date of the two)", "DATE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsEditLog) log = NULL;
  g_autofree char *id = NULL;
  DsCliFormat format;
  const char *verb;
  DsIndex sc = DS_NONE;
  int status;

  if (!ds_cli_parse ("scenario", "list | show NAME | create NAME [--from BASE] | set NAME KEY=VALUE... | "
                     "unset NAME KEY | delete NAME | diff A B [--date D]",
                     "List, show and edit scenarios. Keys: assumption.<name>, deal.<deal-id>.<field>, "
                     "metric.<entity-id>.<name>.<DATE>;\n“scenario show base” lists every assumption with "
                     "its unit and range. Each edit is saved in one transaction, with its row in the\n"
                     "document's edit log: the app can undo it. “scenario diff A B” lists what B changes\n"
                     "from A at a date: deals added, removed and re-termed, stakes moved, thresholds crossed\n"
                     "(A or B may be “base”, or “landscape” for no scenario).",
                     entries, &argc, &argv, &status))
    return status;
  if (!parse_format ("scenario", format_text, DS_CLI_FORMAT_TABLE, &format, &status))
    return status;
  if (argc < 2)
    return ds_cli_usage_error ("scenario", "say what to do: list, show, create, set, unset, delete or diff");
  verb = argv[1];

  if (strcmp (verb, "list") == 0)
    {
      if (argc != 2)
        return ds_cli_usage_error ("scenario", "list takes no argument");
    }
  else if (strcmp (verb, "show") == 0 || strcmp (verb, "delete") == 0 || strcmp (verb, "create") == 0)
    {
      if (argc != 3)
        return ds_cli_usage_error ("scenario", "%s takes exactly one NAME", verb);
    }
  else if (strcmp (verb, "set") == 0)
    {
      if (argc < 4)
        return ds_cli_usage_error ("scenario", "set needs NAME and at least one KEY=VALUE");
      for (int i = 3; i < argc; i++)
        if (strchr (argv[i], '=') == NULL || argv[i][0] == '=')
          return ds_cli_usage_error ("scenario", "“%s” is not KEY=VALUE", argv[i]);
    }
  else if (strcmp (verb, "unset") == 0)
    {
      if (argc != 4)
        return ds_cli_usage_error ("scenario", "unset takes NAME and one KEY");
    }
  else if (strcmp (verb, "diff") == 0)
    {
      if (argc != 4)
        return ds_cli_usage_error ("scenario", "diff takes two scenarios, A and B (“base” for the base)");
    }
  else
    return ds_cli_usage_error ("scenario", "unknown action “%s”; use list, show, create, set, unset, delete or diff", verb);
  if (from != NULL && strcmp (verb, "create") != 0)
    return ds_cli_usage_error ("scenario", "--from is only for create");
  if (date_text != NULL && strcmp (verb, "diff") != 0)
    return ds_cli_usage_error ("scenario", "--date is only for diff");

  if ((ls = ds_cli_load_landscape (global, &store, &error)) == NULL)
    return ds_cli_fail (error);
  if (strcmp (verb, "list") == 0)
    return scenario_list (ls, format);
  if (strcmp (verb, "diff") == 0)
    return scenario_diff (ls, argv[2], argv[3], date_text, format);

  /* Every edit goes through the document's edit log, as the app's do, so
   * the app can undo it. */
  if (strcmp (verb, "show") != 0 && (log = ds_edit_log_new (store, ls, &error)) == NULL)
    return ds_cli_fail (error);

  if (strcmp (verb, "create") == 0)
    {
      DsIndex base = DS_NONE;
      g_autofree char *id = NULL;
      if (from != NULL && (base = ds_scenario_lookup (ls, from, &error)) == DS_NONE)
        return ds_cli_fail (error);
      id = ds_edit_log_create_scenario (log, argv[2], base == DS_NONE ? NULL : ds_landscape_scenario (ls, base)->id,
                                        description, NULL, &error);
      if (id == NULL)
        return ds_cli_fail (error);
      g_print ("Created scenario %s (%s) on top of %s\n", id, argv[2],
               base == DS_NONE ? "the landscape" : ds_landscape_scenario (ls, base)->id);
      return DS_EXIT_OK;
    }

  if ((sc = ds_scenario_lookup (ls, argv[2], &error)) == DS_NONE)
    return ds_cli_fail (error);
  id = g_strdup (ds_landscape_scenario (ls, sc)->id);

  if (strcmp (verb, "show") == 0)
    return scenario_show (ls, sc, format);
  if (strcmp (verb, "delete") == 0)
    {
      if (!ds_edit_log_delete_scenario (log, id, &error))
        return ds_cli_fail (error);
      g_print ("Deleted scenario %s\n", id);
      return DS_EXIT_OK;
    }
  if (strcmp (verb, "unset") == 0)
    {
      /* The log takes unsetting an absent key as a no-op; the CLI says so. */
      if (ds_scenario_find_setting (ds_landscape_scenario (ls, sc), argv[3]) == NULL)
        {
          ds_scenario_unset (ls, sc, argv[3], &error);
          return ds_cli_fail (error);
        }
      if (!ds_edit_log_set_setting (log, id, argv[3], NULL, &error))
        return ds_cli_fail (error);
      g_print ("%s: unset %s\n", id, argv[3]);
      return DS_EXIT_OK;
    }

  /* set: one log row per KEY=VALUE (undo takes them back one at a time,
   * last first), all in one transaction: a refused value, or values that
   * together break the scenario, write nothing. */
  if (!ds_store_begin (store, &error))
    return ds_cli_fail (error);
  for (int i = 3; i < argc; i++)
    {
      g_autofree char *key = g_strndup (argv[i], (gsize) (strchr (argv[i], '=') - argv[i]));
      const char *value = strchr (argv[i], '=') + 1;
      if (!ds_edit_log_set_setting (log, id, key, value, &error))
        {
          ds_store_rollback (store);
          return ds_cli_fail (error);
        }
    }
  {
    /* A value can be fine alone and still break the scenario (a round the
     * cap table cannot place is only a replay warning, but a bad id is not). */
    DsLandscape *edited = ds_edit_log_get_landscape (log);
    g_autoptr(DsScenarioView) view = ds_scenario_view_new (edited, ds_landscape_find_scenario (edited, id), &error);
    if (view == NULL || !ds_store_commit (store, &error))
      {
        ds_store_rollback (store);
        return ds_cli_fail (error);
      }
  }
  for (int i = 3; i < argc; i++)
    g_print ("%s: %s\n", id, argv[i]);
  return DS_EXIT_OK;
}

/* ---- replay ---- */

typedef struct {
  DsCliTable *table;
  DsIndex     entity;       /* DS_NONE: all visible entities */
  DsLandscape *ls;
} ReplayRows;

static void
add_quantity (ReplayRows *r,
              DsDate      date,
              DsIndex     entity,
              const char *quantity,
              double      value,
              const char *unit,
              gboolean    assumed)
{
  ds_cli_table_add_row (r->table);
  ds_cli_table_add_date (r->table, date);
  ds_cli_table_add_text (r->table, ds_landscape_entity (r->ls, entity)->id);
  ds_cli_table_add_text (r->table, quantity);
  ds_cli_table_add_quantity (r->table, value, unit);
  ds_cli_table_add_text (r->table, unit);
  ds_cli_table_add_bool (r->table, assumed);
}

static void
add_compute_rows (ReplayRows              *r,
                  DsDate                   date,
                  DsIndex                  e,
                  const DsDatacenterFrame *dc)
{
  gboolean power = (dc->power_flags & DS_VALUE_ASSUMED) != 0;
  gboolean chips = power || (dc->chip_flags & DS_VALUE_ASSUMED) != 0;

  if (!dc->computed)
    return;
  if (!isnan (dc->result.power_w))
    add_quantity (r, date, e, "power_w", dc->result.power_w, "w", power);
  add_quantity (r, date, e, "accelerators", dc->result.accelerators, "count", chips);
  add_quantity (r, date, e, "peak_flops", dc->result.peak_flops, "flop_per_s", chips);
  /* Everything past peak rests on MFU and the run length: assumptions. */
  add_quantity (r, date, e, "effective_flops", dc->result.effective_flops, "flop_per_s", TRUE);
  add_quantity (r, date, e, "run_flop", dc->result.run_flop, "flop", TRUE);
  add_quantity (r, date, e, "gpt4_multiple", dc->result.gpt4_multiple, "ratio", TRUE);
  add_quantity (r, date, e, "cumulative_flop", dc->cumulative_flop, "flop", TRUE);
}

static gboolean
replay_frame (const DsFrame *f,
              DsReplay      *replay,
              gpointer       user_data)
{
  ReplayRows *r = user_data;
  guint first = r->entity == DS_NONE ? 0 : (guint) r->entity;
  guint last = r->entity == DS_NONE ? f->n_entities : first + 1;

  for (guint e = first; e < last; e++)
    {
      guint n_stakes = 0;
      const DsStake *stakes;

      if (!f->entity_visible[e] && r->entity == DS_NONE)
        continue;
      if (isfinite (f->valuation_usd[e]))
        add_quantity (r, f->date, e, "valuation_usd", f->valuation_usd[e], "usd",
                      (f->valuation_flags[e] & DS_VALUE_ASSUMED) != 0);
      if (isfinite (f->revenue_run_rate_usd[e]))
        add_quantity (r, f->date, e, "revenue_run_rate_usd", f->revenue_run_rate_usd[e], "usd_per_year",
                      (f->revenue_flags[e] & DS_VALUE_ASSUMED) != 0);
      if (f->invested_in_usd[e] > 0)
        add_quantity (r, f->date, e, "invested_in_usd", f->invested_in_usd[e], "usd", FALSE);
      if (f->invested_out_usd[e] > 0)
        add_quantity (r, f->date, e, "invested_out_usd", f->invested_out_usd[e], "usd", FALSE);
      stakes = ds_replay_get_stakes (replay, (DsIndex) e, &n_stakes);
      for (guint i = 0; i < n_stakes; i++)
        {
          g_autofree char *q = g_strdup_printf ("stake.%s", stakes[i].entity == DS_NONE
                                                ? (strcmp (stakes[i].name, "option pool") == 0 ? "option-pool" : "other-holders")
                                                : ds_landscape_entity (r->ls, stakes[i].entity)->id);
          add_quantity (r, f->date, e, q, stakes[i].fraction, "fraction",
                        (stakes[i].flags & DS_VALUE_ASSUMED) != 0);
        }
      add_compute_rows (r, f->date, e, &f->datacenters[e]);
    }
  return TRUE;
}

int
ds_cli_cmd_replay (const DsCliGlobal *global,
                   int                argc,
                   char             **argv)
{
  g_autofree char *scenario = NULL, *from_text = NULL, *to_text = NULL, *step_text = NULL;
  g_autofree char *entity = NULL, *format_text = NULL;
  GOptionEntry entries[] = {
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario, "Scenario id or name (default: base)", "NAME" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, "First frame", "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, "Last frame (included)", "DATE" },
    { "step", 0, 0, G_OPTION_ARG_STRING, &step_text, "day, week, month (default), quarter or year", "STEP" },
    { "entity", 0, 0, G_OPTION_ARG_STRING, &entity, "Only this entity", "ID" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "csv (default), json or table", "FORMAT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsReplay) replay = NULL;
  g_autoptr(DsCliTable) table = NULL;
  DsReplayStep step = DS_REPLAY_STEP_MONTH;
  DsCliFormat format;
  DsDate from, to;
  DsIndex sc;
  ReplayRows rows = { 0 };
  int status;

  if (!ds_cli_parse ("replay", "", "Replay a scenario over time: one row per date, entity and quantity\n"
                     "(date,entity,quantity,value,unit,assumed).", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return ds_cli_usage_error ("replay", "unexpected argument “%s”", argv[1]);
  if (!parse_format ("replay", format_text, DS_CLI_FORMAT_CSV, &format, &status) ||
      !parse_date ("replay", "--from", from_text, &from, &status) ||
      !parse_date ("replay", "--to", to_text, &to, &status))
    return status;
  if (step_text && !ds_replay_step_parse (step_text, &step))
    return ds_cli_usage_error ("replay", "unknown step “%s”; use day, week, month, quarter or year", step_text);
  if (ds_date_to_days (from) > ds_date_to_days (to))
    return ds_cli_usage_error ("replay", "--from %s is after --to %s", from_text, to_text);

  if ((ls = ds_cli_load_landscape (global, NULL, &error)) == NULL ||
      !resolve_scenario (ls, scenario, &sc, &error))
    return ds_cli_fail (error);
  rows.ls = ls;
  rows.entity = DS_NONE;
  if (entity && (rows.entity = ds_landscape_find_entity (ls, entity)) == DS_NONE)
    {
      g_printerr ("dealscape-cli: no entity has the id “%s”; see “dealscape-cli list entities”\n", entity);
      return DS_EXIT_USER_ERROR;
    }
  if ((replay = ds_replay_new (ls, sc, &error)) == NULL)
    return ds_cli_fail (error);
  ds_replay_set_compute_start (replay, from);
  rows.table = table = ds_cli_table_new ((const char *[]) { "date", "entity", "quantity", "value", "unit", "assumed", NULL });
  if (!ds_replay_run (replay, from, to, step, replay_frame, &rows, &error))
    return ds_cli_fail (error);
  ds_cli_table_print (table, format, stdout);
  return DS_EXIT_OK;
}

/* ---- stakes ---- */

/* "projected 7 months from <deal> (2025-09, $183B post-money), x2.24": the
 * round the valuation starts from and how far revenue carried it. */
static char *
valuation_basis_text (DsReplay               *replay,
                      const DsValuationBasis *b)
{
  g_autofree char *usd = NULL, *base = NULL, *growth = NULL;
  char date[11], growth_c[G_ASCII_DTOSTR_BUF_SIZE];
  const char *deal = b->base_deal == DS_NONE ? NULL
                     : ds_scenario_view_deal (ds_replay_get_view (replay), b->base_deal)->id;

  if (b->base_date == DS_DATE_NONE)
    return g_strdup (b->projected ? "projected from revenue (no priced round before)" : NULL);
  ds_date_format (b->base_date, date);
  {
    g_autofree char *usd_c = ds_format_usd (b->base_valuation_usd);
    usd = ds_format_localize (usd_c);
    growth = ds_format_localize (g_ascii_formatd (growth_c, sizeof growth_c, "%.3g", b->growth_factor));
  }
  base = deal ? g_strdup_printf ("%s (%s, %s post-money)", deal, date, usd)
              : g_strdup_printf ("the valuation_usd metric of %s (%s)", date, usd);
  if (!b->projected)
    return g_strdup_printf ("last priced round: %s", base);
  return g_strdup_printf ("projected %d month%s from %s, \u00d7%s by revenue growth",
                          b->projected_months, b->projected_months == 1 ? "" : "s", base, growth);
}

int
ds_cli_cmd_stakes (const DsCliGlobal *global,
                   int                argc,
                   char             **argv)
{
  g_autofree char *scenario = NULL, *company = NULL, *date_text_opt = NULL, *format_text = NULL;
  GOptionEntry entries[] = {
    { "company", 0, 0, G_OPTION_ARG_STRING, &company, "The company", "ID" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text_opt, "The date", "DATE" },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario, "Scenario id or name (default: base)", "NAME" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "table (default), csv or json", "FORMAT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsReplay) replay = NULL;
  g_autofree double *other_money = NULL;
  g_autoptr(DsCliTable) t = NULL;
  const DsStake *stakes;
  const DsFrame *f;
  const char *problem;
  DsValuationBasis basis;
  g_autofree char *basis_text = NULL;
  gboolean has_basis;
  DsCliFormat format;
  DsDate date;
  DsIndex sc, c;
  guint n;
  int status;

  if (!ds_cli_parse ("stakes", "", "Who owns what of a company at a date: one row per holder, with how\n"
                     "the stake came about (round, conversion, diluted), the first date it reached\n"
                     "the stake threshold, and the most it could add in a next round without reaching it.",
                     entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return ds_cli_usage_error ("stakes", "unexpected argument “%s”", argv[1]);
  if (company == NULL)
    return ds_cli_usage_error ("stakes", "--company ID is required");
  if (!parse_format ("stakes", format_text, DS_CLI_FORMAT_TABLE, &format, &status) ||
      !parse_date ("stakes", "--date", date_text_opt, &date, &status))
    return status;

  if ((ls = ds_cli_load_landscape (global, NULL, &error)) == NULL ||
      !resolve_scenario (ls, scenario, &sc, &error))
    return ds_cli_fail (error);
  if ((c = ds_landscape_find_entity (ls, company)) == DS_NONE)
    {
      g_printerr ("dealscape-cli: no entity has the id “%s”; see “dealscape-cli list entities --kind company”\n", company);
      return DS_EXIT_USER_ERROR;
    }
  if ((replay = ds_replay_new (ls, sc, &error)) == NULL)
    return ds_cli_fail (error);
  f = ds_replay_seek (replay, date);
  stakes = ds_replay_get_stakes (replay, c, &n);
  if (n == 0)
    {
      g_printerr ("dealscape-cli: %s has no stake-bearing deal (equity, note or SAFE) on or before %s "
                  "under %s; try a later --date\n", company, date_text_opt, scenario_label (ls, sc));
      return DS_EXIT_USER_ERROR;
    }
  has_basis = ds_replay_get_valuation_basis (replay, c, &basis);
  basis_text = has_basis ? valuation_basis_text (replay, &basis) : NULL;
  /* Money in deals that buy no stake (compute credits, "other"), per
   * holder: Microsoft's $13B in OpenAI, whose 27 % is a known stake. */
  other_money = g_new0 (double, MAX (ds_landscape_n_entities (ls), 1));
  for (DsIndex i = 0; i < ds_scenario_view_n_deals (ds_replay_get_view (replay)); i++)
    {
      const DsDeal *d = ds_scenario_view_deal (ds_replay_get_view (replay), i);
      if (d->target == c && !ds_instrument_buys_stake (d->instrument))
        other_money[d->investor] += f->deal_invested_to_date[i];
    }
  /* The valuation's provenance on every row: as one text in the table,
   * as exact fields in CSV and JSON. */
  if (format == DS_CLI_FORMAT_TABLE)
    t = ds_cli_table_new ((const char *[]) { "entity", "name", "fraction", "invested_usd", "pending_usd",
                                             "other_money_usd", "how", "assumed", "crosses_threshold",
                                             "max_add_usd", "valuation_basis", NULL });
  else
    t = ds_cli_table_new ((const char *[]) { "entity", "name", "fraction", "invested_usd", "pending_usd",
                                             "other_money_usd", "how",
                                             "assumed", "crosses_threshold", "max_add_usd", "valuation_usd",
                                             "valuation_projected", "base_deal", "base_date", "base_valuation_usd",
                                             "projected_months", "projected_years", "growth_factor", NULL });
  for (guint i = 0; i < n; i++)
    {
      ds_cli_table_add_row (t);
      ds_cli_table_add_text (t, stakes[i].entity == DS_NONE ? NULL : ds_landscape_entity (ls, stakes[i].entity)->id);
      ds_cli_table_add_text (t, stakes[i].name);
      ds_cli_table_add_fraction (t, stakes[i].fraction);
      ds_cli_table_add_usd (t, stakes[i].invested_usd);
      ds_cli_table_add_usd (t, stakes[i].pending_usd);
      ds_cli_table_add_usd (t, stakes[i].entity != DS_NONE ? other_money[stakes[i].entity] : 0);
      ds_cli_table_add_text (t, stakes[i].origin_text);
      ds_cli_table_add_bool (t, (stakes[i].flags & DS_VALUE_ASSUMED) != 0);
      ds_cli_table_add_date (t, stakes[i].first_crossing);
      ds_cli_table_add_usd (t, stakes[i].max_amount_usd);
      if (format == DS_CLI_FORMAT_TABLE)
        {
          ds_cli_table_add_text (t, basis_text);
          continue;
        }
      ds_cli_table_add_number (t, f->valuation_usd[c]);
      ds_cli_table_add_bool (t, has_basis && basis.projected);
      ds_cli_table_add_text (t, has_basis && basis.base_deal != DS_NONE
                                ? ds_scenario_view_deal (ds_replay_get_view (replay), basis.base_deal)->id : NULL);
      ds_cli_table_add_date (t, has_basis ? basis.base_date : DS_DATE_NONE);
      ds_cli_table_add_number (t, has_basis ? basis.base_valuation_usd : NAN);
      ds_cli_table_add_number (t, has_basis && basis.projected && basis.base_date != DS_DATE_NONE
                                  ? basis.projected_months : NAN);
      ds_cli_table_add_number (t, has_basis && basis.projected && basis.base_date != DS_DATE_NONE
                                  ? basis.projected_years : NAN);
      ds_cli_table_add_number (t, has_basis ? basis.growth_factor : NAN);
    }
  if (format == DS_CLI_FORMAT_TABLE)
    {
      g_autofree char *valuation_c = isfinite (f->valuation_usd[c]) ? ds_format_usd (f->valuation_usd[c]) : g_strdup ("unknown");
      g_autofree char *threshold_c = ds_format_in_unit (ds_replay_get_view (replay)->assumptions.stake_threshold, "fraction");
      g_autofree char *valuation = ds_format_localize (valuation_c);
      g_autofree char *threshold = ds_format_localize (threshold_c);
      g_print ("%s on %s under %s; valuation %s%s%s; threshold %s\n\n", ds_landscape_entity (ls, c)->name,
               date_text_opt, scenario_label (ls, sc), valuation,
               basis_text ? ", " : "", basis_text ? basis_text : "", threshold);
    }
  ds_cli_table_print (t, format, stdout);
  if ((problem = ds_replay_get_company_problem (replay, c)) != NULL)
    g_printerr ("dealscape-cli: warning: %s\n", problem);
  return DS_EXIT_OK;
}

/* ---- compute ---- */

int
ds_cli_cmd_compute (const DsCliGlobal *global,
                    int                argc,
                    char             **argv)
{
  g_autofree char *scenario = NULL, *dc_id = NULL, *date_text_opt = NULL, *format_text = NULL, *since = NULL;
  GOptionEntry entries[] = {
    { "datacenter", 0, 0, G_OPTION_ARG_STRING, &dc_id, "The data center", "ID" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text_opt, "The date", "DATE" },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario, "Scenario id or name (default: base)", "NAME" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, "Cumulative compute from this date (default: the build-out's start)", "DATE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "table (default), csv or json", "FORMAT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsReplay) replay = NULL;
  g_autoptr(DsCliTable) t = NULL;
  const DsDatacenterFrame *dc;
  DsCliFormat format;
  DsDate date, since_date = DS_DATE_NONE;
  DsIndex sc, e;
  int status;

  if (!ds_cli_parse ("compute", "", "The compute chain of a data center at a date: power, accelerators,\n"
                     "FLOP/s, one training run, GPT-4 multiple, Chinchilla model size, energy and capex.",
                     entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return ds_cli_usage_error ("compute", "unexpected argument “%s”", argv[1]);
  if (dc_id == NULL)
    return ds_cli_usage_error ("compute", "--datacenter ID is required");
  if (!parse_format ("compute", format_text, DS_CLI_FORMAT_TABLE, &format, &status) ||
      !parse_date ("compute", "--date", date_text_opt, &date, &status) ||
      (since && !parse_date ("compute", "--since", since, &since_date, &status)))
    return status;

  if ((ls = ds_cli_load_landscape (global, NULL, &error)) == NULL ||
      !resolve_scenario (ls, scenario, &sc, &error))
    return ds_cli_fail (error);
  if ((e = ds_landscape_find_entity (ls, dc_id)) == DS_NONE ||
      ds_landscape_entity (ls, e)->kind != DS_ENTITY_DATACENTER)
    {
      g_printerr ("dealscape-cli: no data center has the id “%s”; see “dealscape-cli list entities --kind datacenter”\n", dc_id);
      return DS_EXIT_USER_ERROR;
    }
  if ((replay = ds_replay_new (ls, sc, &error)) == NULL)
    return ds_cli_fail (error);
  ds_replay_set_compute_start (replay, since_date);
  dc = &ds_replay_seek (replay, date)->datacenters[e];
  if (!dc->computed)
    {
      g_printerr ("dealscape-cli: cannot compute %s: %s\n", dc_id, dc->missing);
      return DS_EXIT_USER_ERROR;
    }

  t = ds_cli_table_new ((const char *[]) { "quantity", "value", "unit", "assumed", NULL });
  {
    const DsComputeResult *r = &dc->result;
    gboolean power = (dc->power_flags & DS_VALUE_ASSUMED) != 0;
    gboolean chips = power || (dc->chip_flags & DS_VALUE_ASSUMED) != 0;
    struct { const char *q; double v; const char *unit; gboolean assumed; } rows[] = {
      { "power_w", r->power_w, "w", power },
      { "accelerators", r->accelerators, "count", chips },
      { "peak_flops", r->peak_flops, "flop_per_s", chips },
      { "effective_flops", r->effective_flops, "flop_per_s", TRUE },
      { "run_days", r->run_seconds / 86400.0, "days", TRUE },
      { "run_flop", r->run_flop, "flop", TRUE },
      { "gpt4_multiple", r->gpt4_multiple, "ratio", TRUE },
      { "chinchilla_params", r->chinchilla_params, "count", TRUE },
      { "chinchilla_tokens", r->chinchilla_tokens, "count", TRUE },
      { "energy_mwh", r->energy_mwh, "mwh", TRUE },
      { "energy_cost_usd", r->energy_cost_usd, "usd", TRUE },
      { "capex_usd", r->capex_usd, "usd", TRUE },
      { "cumulative_flop", dc->cumulative_flop, "flop", TRUE },
    };
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        ds_cli_table_add_row (t);
        ds_cli_table_add_text (t, rows[i].q);
        ds_cli_table_add_quantity (t, rows[i].v, rows[i].unit);
        ds_cli_table_add_text (t, rows[i].unit);
        ds_cli_table_add_bool (t, rows[i].assumed);
      }
  }
  if (format == DS_CLI_FORMAT_TABLE)
    g_print ("%s on %s under %s: chip %s\n\n", ds_landscape_entity (ls, e)->name, date_text_opt,
             scenario_label (ls, sc), ds_landscape_entity (ls, dc->chip)->name);
  ds_cli_table_print (t, format, stdout);
  return DS_EXIT_OK;
}
