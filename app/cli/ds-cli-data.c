/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-data.c: the data commands of dealscape-cli: init, import,
 * export-data, list and show. */
#define G_LOG_DOMAIN "ds-cli-data"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "ds-cli-commands.h"
#include "ds-cli-table.h"
#include "ds-format.h"
#include "ds-dataset.h"

static char *
date_text (DsDate date)
{
  char buf[11];
  return date == DS_DATE_NONE ? NULL : g_strdup (ds_date_format (date, buf));
}

static const char *
entity_id (DsLandscape *ls,
           DsIndex      i)
{
  return i == DS_NONE ? NULL : ds_landscape_entity (ls, i)->id;
}

static const char *
source_id (DsLandscape *ls,
           DsIndex      i)
{
  return i == DS_NONE ? NULL : ds_landscape_source (ls, i)->id;
}

static void
print_counts (DsLandscape *ls,
              const char  *verb,
              const char  *path)
{
  g_print ("%s %u entities, %u deals, %u relations, %u metrics, %u sources and %u scenarios %s %s\n",
           verb, ls->entities->len, ls->deals->len, ls->relations->len, ls->metrics->len,
           ls->sources->len, ls->scenarios->len, g_str_equal (verb, "Exported") ? "to" : "into", path);
}

int
ds_cli_cmd_init (const DsCliGlobal *global,
                 int                argc,
                 char             **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *path = NULL;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, "Start from this dataset JSON instead of the bundled one", "FILE.json" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace the landscape of an existing document (“undo” takes it back)", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsStore) store = NULL;
  int status;

  if (!ds_cli_parse ("init", "", "Create a document from the bundled dataset (or --from FILE.json).",
                     entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return ds_cli_usage_error ("init", "unexpected argument “%s”", argv[1]);

  path = global->db_path ? g_strdup (global->db_path) : ds_store_default_path ();
  /* Validate the data before touching any file. */
  ls = from ? ds_dataset_read_file (from, &error) : ds_dataset_read_bundled (&error);
  if (ls == NULL)
    return ds_cli_fail (error);

  if (global->db_path == NULL)
    {
      g_autofree char *folder = g_path_get_dirname (path);
      g_mkdir_with_parents (folder, 0700);
    }
  store = ds_store_open (path, DS_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    return ds_cli_fail (error);
  if (!ds_store_is_empty (store) && !force)
    {
      g_printerr ("dealscape-cli: %s already holds a landscape; use “init --force” to replace it, "
                  "or “import FILE.json”\n", path);
      return DS_EXIT_USER_ERROR;
    }
  /* Over an existing landscape, init --force is an import that undo can
   * take back; a new document just gets its first landscape. */
  if (ds_store_is_empty (store))
    {
      if (!ds_store_replace_all (store, ls, &error))
        return ds_cli_fail (error);
    }
  else
    {
      g_autofree char *source = from ? g_path_get_basename (from) : g_strdup ("the bundled dataset");
      if (!ds_store_import (store, ls, source, &error))
        return ds_cli_fail (error);
    }
  print_counts (ls, "Wrote", path);
  return DS_EXIT_OK;
}

int
ds_cli_cmd_import (const DsCliGlobal *global,
                   int                argc,
                   char             **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autofree char *source = NULL;
  int status;

  if (ds_cli_import_wants_csv (argc, argv))
    return ds_cli_cmd_import_csv (global, argc, argv);
  if (!ds_cli_parse ("import", "FILE.json",
                     "Replace the document's landscape with a dataset JSON file.\n"
                     "The whole file is checked first; with any problem nothing is written.\n"
                     "The import is an edit: “dealscape-cli undo” or Undo in the app puts the\n"
                     "previous landscape back.",
                     NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return ds_cli_usage_error ("import", "give exactly one FILE.json");

  if ((ls = ds_dataset_read_file (argv[1], &error)) == NULL)
    return ds_cli_fail (error);
  if ((store = ds_cli_open_store (global, &error)) == NULL)
    return ds_cli_fail (error);
  source = g_path_get_basename (argv[1]);
  if (!ds_store_import (store, ls, source, &error))
    return ds_cli_fail (error);
  print_counts (ls, "Imported", ds_store_get_path (store));
  ds_cli_print_import_undo ();
  return DS_EXIT_OK;
}

int
ds_cli_cmd_export_data (const DsCliGlobal *global,
                        int                argc,
                        char             **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE.json (“-” for standard output)", "FILE.json" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  int status;

  if (!ds_cli_parse ("export-data", "", "Write the document's landscape as dataset JSON.",
                     entries, &argc, &argv, &status))
    return status;
  if (output == NULL)
    return ds_cli_usage_error ("export-data", "-o FILE.json is required");
  if (argc > 1)
    return ds_cli_usage_error ("export-data", "unexpected argument “%s”", argv[1]);

  if ((ls = ds_cli_load_landscape (global, NULL, &error)) == NULL)
    return ds_cli_fail (error);
  if (strcmp (output, "-") == 0)
    {
      gsize length;
      g_autofree char *text = ds_dataset_write (ls, &length);
      fwrite (text, 1, length, stdout);
      return DS_EXIT_OK;
    }
  if (!ds_dataset_write_file (ls, output, &error))
    return ds_cli_fail (error);
  print_counts (ls, "Exported", output);
  return DS_EXIT_OK;
}

typedef enum { LIST_ENTITIES, LIST_DEALS, LIST_RELATIONS, LIST_METRICS, LIST_SOURCES } ListWhat;

static DsCliTable *
list_table (DsLandscape *ls,
            ListWhat     what,
            const char  *kind)
{
  DsCliTable *t = NULL;

  switch (what)
    {
    case LIST_ENTITIES:
      t = ds_cli_table_new ((const char *[]) { "id", "name", "kind", "parent", NULL });
      for (guint i = 0; i < ls->entities->len; i++)
        {
          const DsEntity *e = ds_landscape_entity (ls, i);
          if (kind && strcmp (kind, ds_entity_kind_to_string (e->kind)) != 0)
            continue;
          ds_cli_table_add_text (t, e->id);
          ds_cli_table_add_text (t, e->name);
          ds_cli_table_add_text (t, ds_entity_kind_to_string (e->kind));
          ds_cli_table_add_text (t, entity_id (ls, e->parent));
        }
      break;
    case LIST_DEALS:
      t = ds_cli_table_new ((const char *[]) { "id", "investor", "target", "date", "amount_usd",
                                               "instrument", "status", "post_money_usd",
                                               "confidence", "source", NULL });
      for (guint i = 0; i < ls->deals->len; i++)
        {
          const DsDeal *d = ds_landscape_deal (ls, i);
          if (kind && strcmp (kind, ds_instrument_to_string (d->instrument)) != 0 &&
              strcmp (kind, ds_deal_status_to_string (d->status)) != 0)
            continue;
          ds_cli_table_add_text (t, d->id);
          ds_cli_table_add_text (t, entity_id (ls, d->investor));
          ds_cli_table_add_text (t, entity_id (ls, d->target));
          ds_cli_table_add_date (t, d->date);
          ds_cli_table_add_usd (t, d->amount_usd);
          ds_cli_table_add_text (t, ds_instrument_to_string (d->instrument));
          ds_cli_table_add_text (t, ds_deal_status_to_string (d->status));
          ds_cli_table_add_usd (t, d->post_money_usd);
          ds_cli_table_add_text (t, ds_confidence_to_string (d->confidence));
          ds_cli_table_add_text (t, source_id (ls, d->source));
        }
      break;
    case LIST_RELATIONS:
      t = ds_cli_table_new ((const char *[]) { "id", "kind", "from", "to", "date", "confidence", "source", NULL });
      for (guint i = 0; i < ls->relations->len; i++)
        {
          const DsRelation *r = ds_landscape_relation (ls, i);
          if (kind && strcmp (kind, ds_relation_kind_to_string (r->kind)) != 0)
            continue;
          ds_cli_table_add_text (t, r->id);
          ds_cli_table_add_text (t, ds_relation_kind_to_string (r->kind));
          ds_cli_table_add_text (t, entity_id (ls, r->from));
          ds_cli_table_add_text (t, entity_id (ls, r->to));
          ds_cli_table_add_date (t, r->date);
          ds_cli_table_add_text (t, ds_confidence_to_string (r->confidence));
          ds_cli_table_add_text (t, source_id (ls, r->source));
        }
      break;
    case LIST_METRICS:
      t = ds_cli_table_new ((const char *[]) { "entity", "name", "date", "value", "unit", "confidence", "source", NULL });
      for (guint i = 0; i < ls->metrics->len; i++)
        {
          const DsMetric *m = ds_landscape_metric (ls, i);
          if (kind && strcmp (kind, m->name) != 0)
            continue;
          ds_cli_table_add_text (t, entity_id (ls, m->entity));
          ds_cli_table_add_text (t, m->name);
          ds_cli_table_add_date (t, m->date);
          ds_cli_table_add_quantity (t, m->value, m->unit);
          ds_cli_table_add_text (t, m->unit);
          ds_cli_table_add_text (t, ds_confidence_to_string (m->confidence));
          ds_cli_table_add_text (t, source_id (ls, m->source));
        }
      break;
    case LIST_SOURCES:
      t = ds_cli_table_new ((const char *[]) { "id", "title", "publisher", "date", "url", NULL });
      for (guint i = 0; i < ls->sources->len; i++)
        {
          const DsSource *s = ds_landscape_source (ls, i);
          ds_cli_table_add_text (t, s->id);
          ds_cli_table_add_text (t, s->title);
          ds_cli_table_add_text (t, s->publisher);
          ds_cli_table_add_date (t, s->date);
          ds_cli_table_add_text (t, s->url);
        }
      break;
    }
  return t;
}

int
ds_cli_cmd_list (const DsCliGlobal *global,
                 int                argc,
                 char             **argv)
{
  static const char *const whats[] = { "entities", "deals", "relations", "metrics", "sources", NULL };
  g_autofree char *kind = NULL;
  g_autofree char *format_text = NULL;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      "Only rows of this kind: entity kind, relation kind, deal instrument or status, metric name", "K" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "table (default), csv or json", "FORMAT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsCliTable) table = NULL;
  DsCliFormat format = DS_CLI_FORMAT_TABLE;
  int status;
  guint what;

  if (!ds_cli_parse ("list", "entities|deals|relations|metrics|sources", "List the rows of the landscape.",
                     entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return ds_cli_usage_error ("list", "say what to list: entities, deals, relations, metrics or sources");
  for (what = 0; whats[what] && strcmp (whats[what], argv[1]) != 0; what++)
    ;
  if (whats[what] == NULL)
    return ds_cli_usage_error ("list", "cannot list “%s”; use entities, deals, relations, metrics or sources", argv[1]);
  if (format_text && !ds_cli_format_parse (format_text, &format))
    return ds_cli_usage_error ("list", "unknown format “%s”; use table, csv or json", format_text);
  if (kind != NULL && what == LIST_ENTITIES && ds_entity_kind_from_string (kind) < 0)
    return ds_cli_usage_error ("list", "unknown entity kind “%s”; use one of: %s", kind, ds_entity_kind_choices ());
  if (kind != NULL && what == LIST_RELATIONS && ds_relation_kind_from_string (kind) < 0)
    return ds_cli_usage_error ("list", "unknown relation kind “%s”; use one of: %s", kind, ds_relation_kind_choices ());
  if (kind != NULL && what == LIST_DEALS && ds_instrument_from_string (kind) < 0 && ds_deal_status_from_string (kind) < 0)
    return ds_cli_usage_error ("list", "unknown instrument or status “%s”; use one of: %s; %s",
                               kind, ds_instrument_choices (), ds_deal_status_choices ());

  if ((ls = ds_cli_load_landscape (global, NULL, &error)) == NULL)
    return ds_cli_fail (error);
  table = list_table (ls, (ListWhat) what, kind);
  ds_cli_table_print (table, format, stdout);
  return DS_EXIT_OK;
}

static void
print_field (const char *name,
             const char *value)
{
  if (value != NULL && *value)
    g_print ("%-16s %s\n", name, value);
}

/* `show` is for people: values in their unit (ds_format_in_unit), as the
 * tables write them; ids stay exact, and CSV/JSON listings keep every digit. */
static void
print_value (const char *name,
             double      value,
             const char *unit)
{
  if (ds_is_set (value))
    {
      g_autofree char *c_form = ds_format_in_unit (value, unit);
      g_autofree char *text = ds_format_localize (c_form);
      g_print ("%-16s %s\n", name, text);
    }
}

static void
print_sourced (DsLandscape *ls,
               DsIndex      source,
               DsConfidence confidence)
{
  if (source != DS_NONE)
    {
      const DsSource *s = ds_landscape_source (ls, source);
      g_autofree char *date = date_text (s->date);
      g_print ("%-16s %s (%s, %s)\n", "source", s->title, s->publisher, date);
    }
  print_field ("confidence", ds_confidence_to_string (confidence));
}

static void
show_deal (DsLandscape  *ls,
           const DsDeal *d)
{
  g_autofree char *date = date_text (d->date);
  g_autofree char *close = date_text (d->close_date);

  print_field ("deal", d->id);
  print_field ("investor", ds_landscape_entity (ls, d->investor)->name);
  print_field ("target", ds_landscape_entity (ls, d->target)->name);
  print_field ("date", date);
  print_field ("close_date", close);
  if (ds_is_set (d->amount_usd))
    print_value ("amount_usd", d->amount_usd, "usd");
  else
    print_field ("amount_usd", "undisclosed");
  print_field ("instrument", ds_instrument_to_string (d->instrument));
  print_field ("status", ds_deal_status_to_string (d->status));
  print_value ("pre_money_usd", d->pre_money_usd, "usd");
  print_value ("post_money_usd", d->post_money_usd, "usd");
  print_value ("cap_usd", d->cap_usd, "usd");
  print_value ("discount", d->discount, "fraction");
  print_value ("interest_rate", d->interest_rate, "fraction_per_year");
  if (d->tranche_of != DS_NONE)
    print_field ("tranche_of", ds_landscape_deal (ls, d->tranche_of)->id);
  print_value ("term_years", d->term_years, "years");
  print_value ("power_gw", d->power_gw, "gw");
  print_value ("chip_count", d->chip_count, "count");
  if (d->chip != DS_NONE)
    print_field ("chip", ds_landscape_entity (ls, d->chip)->id);
  print_field ("note", d->note);
  print_sourced (ls, d->source, d->confidence);
}

static void
show_entity (DsLandscape *ls,
             DsIndex      index)
{
  const DsEntity *e = ds_landscape_entity (ls, index);
  g_autoptr(DsCliTable) deals = ds_cli_table_new ((const char *[]) { "deal", "direction", "other", "date", "amount_usd", "instrument", "status", NULL });
  g_autoptr(DsCliTable) metrics = ds_cli_table_new ((const char *[]) { "metric", "date", "value", "unit", "confidence", NULL });

  print_field ("entity", e->id);
  print_field ("name", e->name);
  print_field ("kind", ds_entity_kind_to_string (e->kind));
  if (e->parent != DS_NONE)
    print_field ("parent", ds_landscape_entity (ls, e->parent)->id);
  print_field ("description", e->description);

  for (guint i = 0; i < ls->deals->len; i++)
    {
      const DsDeal *d = ds_landscape_deal (ls, i);
      gboolean out = d->investor == index;
      if (!out && d->target != index)
        continue;
      ds_cli_table_add_text (deals, d->id);
      ds_cli_table_add_text (deals, out ? "invests in" : "funded by");
      ds_cli_table_add_text (deals, ds_landscape_entity (ls, out ? d->target : d->investor)->id);
      ds_cli_table_add_date (deals, d->date);
      ds_cli_table_add_usd (deals, d->amount_usd);
      ds_cli_table_add_text (deals, ds_instrument_to_string (d->instrument));
      ds_cli_table_add_text (deals, ds_deal_status_to_string (d->status));
    }
  for (guint i = 0; i < ls->metrics->len; i++)
    {
      const DsMetric *m = ds_landscape_metric (ls, i);
      if (m->entity != index)
        continue;
      ds_cli_table_add_text (metrics, m->name);
      ds_cli_table_add_date (metrics, m->date);
      ds_cli_table_add_quantity (metrics, m->value, m->unit);
      ds_cli_table_add_text (metrics, m->unit);
      ds_cli_table_add_text (metrics, ds_confidence_to_string (m->confidence));
    }
  if (ds_cli_table_get_n_rows (deals) > 0)
    {
      g_print ("\n");
      ds_cli_table_print (deals, DS_CLI_FORMAT_TABLE, stdout);
    }
  if (ds_cli_table_get_n_rows (metrics) > 0)
    {
      g_print ("\n");
      ds_cli_table_print (metrics, DS_CLI_FORMAT_TABLE, stdout);
    }
}

int
ds_cli_cmd_show (const DsCliGlobal *global,
                 int                argc,
                 char             **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  DsIndex i;
  int status;

  if (!ds_cli_parse ("show", "ID", "Show an entity, deal, relation, source or scenario by its id.",
                     NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return ds_cli_usage_error ("show", "give exactly one ID");
  if ((ls = ds_cli_load_landscape (global, NULL, &error)) == NULL)
    return ds_cli_fail (error);

  if ((i = ds_landscape_find_entity (ls, argv[1])) != DS_NONE)
    show_entity (ls, i);
  else if ((i = ds_landscape_find_deal (ls, argv[1])) != DS_NONE)
    show_deal (ls, ds_landscape_deal (ls, i));
  else if ((i = ds_landscape_find_relation (ls, argv[1])) != DS_NONE)
    {
      const DsRelation *r = ds_landscape_relation (ls, i);
      g_autofree char *date = date_text (r->date);
      print_field ("relation", r->id);
      print_field ("kind", ds_relation_kind_to_string (r->kind));
      print_field ("from", ds_landscape_entity (ls, r->from)->name);
      print_field ("to", ds_landscape_entity (ls, r->to)->name);
      print_field ("date", date);
      print_field ("note", r->note);
      print_sourced (ls, r->source, r->confidence);
    }
  else if ((i = ds_landscape_find_source (ls, argv[1])) != DS_NONE)
    {
      const DsSource *s = ds_landscape_source (ls, i);
      g_autofree char *date = date_text (s->date);
      print_field ("source", s->id);
      print_field ("title", s->title);
      print_field ("publisher", s->publisher);
      print_field ("date", date);
      print_field ("url", s->url);
    }
  else if ((i = ds_landscape_find_scenario (ls, argv[1])) != DS_NONE)
    {
      const DsScenario *sc = ds_landscape_scenario (ls, i);
      print_field ("scenario", sc->id);
      print_field ("name", sc->name);
      if (sc->base != DS_NONE)
        print_field ("base", ds_landscape_scenario (ls, sc->base)->id);
      print_field ("description", sc->description);
      for (guint j = 0; j < sc->settings->len; j++)
        {
          const DsSetting *s = &g_array_index (sc->settings, DsSetting, j);
          char buf[32];
          g_print ("  %s = %s\n", s->key, s->text ? s->text : g_ascii_formatd (buf, sizeof buf, "%.15g", s->number));
        }
      for (guint j = 0; j < sc->deals->len; j++)
        {
          g_print ("\n");
          show_deal (ls, &g_array_index (sc->deals, DsDeal, j));
        }
    }
  else
    {
      g_printerr ("dealscape-cli: no entity, deal, relation, source or scenario has the id “%s”; "
                  "see “dealscape-cli list entities”\n", argv[1]);
      return DS_EXIT_USER_ERROR;
    }
  return DS_EXIT_OK;
}
