/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-graph-export.c: GraphML and GEXF of the bundled dataset read back by
 * networkx, igraph and Graphviz, plus --date, --scenario and escaping. */
#define G_LOG_DOMAIN "test-graph-export"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "ds-dataset.h"
#include "ds-graph-export.h"
#include "ds-scenario.h"
#include "ds-test-util.h"

typedef struct {
  char        *dir;
  DsLandscape *ls;
  char        *graphml;
  char        *gexf;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = ds_test_make_tmp_dir ("dealscape-graph");
  f->ls = ds_dataset_read_bundled (&error);
  g_assert_no_error (error);
  f->graphml = g_build_filename (f->dir, "landscape.graphml", NULL);
  f->gexf = g_build_filename (f->dir, "landscape.gexf", NULL);
  g_assert_true (ds_graph_export_to_file (f->ls, DS_GRAPH_FORMAT_GRAPHML, DS_NONE, DS_DATE_NONE, f->graphml, &error));
  g_assert_no_error (error);
  g_assert_true (ds_graph_export_to_file (f->ls, DS_GRAPH_FORMAT_GEXF, DS_NONE, DS_DATE_NONE, f->gexf, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  ds_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->graphml);
  g_free (f->gexf);
  ds_landscape_unref (f->ls);
}

/* Debian's python with python3-networkx and python3-igraph, before any
 * other python3 on the PATH. */
static char *
find_python (void)
{
  if (g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/usr/bin/python3");
  return g_find_program_in_path ("python3");
}

/* Runs tests/graph-readers.py; NULL (and the test skipped) when python or
 * the reader is missing. The output becomes a key -> value table. */
static GHashTable *
read_back (const char *reader,
           const char *path,
           const char *node_id,
           const char *edge_id)
{
  g_autofree char *python = find_python ();
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "graph-readers.py", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { python, script, reader, path, node_id, edge_id, NULL };
  GHashTable *table;
  int status;

  if (python == NULL)
    {
      g_test_skip ("python3 is not installed");
      return NULL;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_autofree char *msg = g_strdup_printf ("the python module %s is not installed", reader);
      g_test_skip (msg);
      return NULL;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s failed to read %s:\n%s", reader, path, err);
  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *eq = strchr (lines[i], '=');
      if (eq)
        g_hash_table_insert (table, g_strndup (lines[i], (gsize) (eq - lines[i])), g_strdup (eq + 1));
    }
  return table;
}

static const char *
get (GHashTable *t,
     const char *key)
{
  const char *v = g_hash_table_lookup (t, key);
  if (v == NULL)
    g_error ("the reader gave no “%s”", key);
  return v;
}

static void
assert_number (GHashTable *t,
               const char *key,
               double      expected)
{
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (get (t, key), NULL), expected, 1e-3);
}

static guint
as_uint (GHashTable *t,
         const char *key)
{
  return (guint) g_ascii_strtoull (get (t, key), NULL, 10);
}

/* An entity with a parent, and a disclosed deal with a post-money value if
 * there is one: the richest attributes to check. */
static void
pick (DsLandscape    *ls,
      const DsEntity **node,
      const DsDeal   **deal)
{
  *node = NULL;
  *deal = NULL;
  for (guint i = 0; i < ls->entities->len && *node == NULL; i++)
    if (ds_landscape_entity (ls, i)->parent != DS_NONE)
      *node = ds_landscape_entity (ls, i);
  for (guint i = 0; i < ls->deals->len; i++)
    {
      const DsDeal *d = ds_landscape_deal (ls, i);
      if (ds_is_set (d->amount_usd) && (*deal == NULL || (ds_is_set (d->post_money_usd) && !ds_is_set ((*deal)->post_money_usd))))
        *deal = d;
    }
  g_assert_nonnull (*node);
  g_assert_nonnull (*deal);
}

static void
check_common (DsLandscape    *ls,
              GHashTable     *t,
              const DsEntity *node,
              const DsDeal   *deal)
{
  char buf[11];

  /* Every entity is a node; every deal and relation an edge. */
  g_assert_cmpuint (as_uint (t, "nodes"), ==, ls->entities->len);
  g_assert_cmpuint (as_uint (t, "edges"), ==, ls->deals->len + ls->relations->len);
  g_assert_cmpstr (get (t, "node.kind"), ==, ds_entity_kind_to_string (node->kind));
  g_assert_cmpstr (get (t, "node.parent"), ==, ds_landscape_entity (ls, node->parent)->id);
  assert_number (t, "edge.amount_usd", deal->amount_usd);
  if (ds_is_set (deal->post_money_usd))
    assert_number (t, "edge.post_money_usd", deal->post_money_usd);
  g_assert_cmpstr (get (t, "edge.instrument"), ==, ds_instrument_to_string (deal->instrument));
  g_assert_cmpstr (get (t, "edge.status"), ==, ds_deal_status_to_string (deal->status));
  g_assert_cmpstr (get (t, "edge.confidence"), ==, ds_confidence_to_string (deal->confidence));
  g_assert_cmpstr (get (t, "edge.source"), ==, ds_landscape_source (ls, deal->source)->id);
  g_assert_cmpstr (get (t, "edge.date"), ==, ds_date_format (deal->date, buf));
  g_assert_cmpstr (get (t, "edge.type"), ==, "deal");
  g_assert_cmpstr (get (t, "edge.hypothetical"), ==, "False");
}

static void
test_graphml_networkx (Fixture      *f,
                       gconstpointer data)
{
  const DsEntity *node;
  const DsDeal *deal;
  g_autofree char *edge_id = NULL;
  g_autoptr(GHashTable) t = NULL;

  pick (f->ls, &node, &deal);
  edge_id = g_strconcat ("deal:", deal->id, NULL);
  if ((t = read_back ("networkx", f->graphml, node->id, edge_id)) == NULL)
    return;
  g_assert_cmpstr (get (t, "class"), ==, "MultiDiGraph");
  g_assert_cmpstr (get (t, "node.name"), ==, node->name);
  check_common (f->ls, t, node, deal);
}

static void
test_graphml_igraph (Fixture      *f,
                     gconstpointer data)
{
  const DsEntity *node;
  const DsDeal *deal;
  g_autofree char *edge_id = NULL;
  g_autoptr(GHashTable) t = NULL;

  pick (f->ls, &node, &deal);
  edge_id = g_strconcat ("deal:", deal->id, NULL);
  if ((t = read_back ("igraph", f->graphml, node->id, edge_id)) == NULL)
    return;
  g_assert_cmpstr (get (t, "directed"), ==, "True");
  g_assert_cmpstr (get (t, "node.name"), ==, node->name);
  check_common (f->ls, t, node, deal);
}

static void
test_gexf_networkx (Fixture      *f,
                    gconstpointer data)
{
  const DsEntity *node;
  const DsDeal *deal;
  g_autofree char *edge_id = NULL;
  g_autoptr(GHashTable) t = NULL;
  g_autoptr(GHashTable) t2 = NULL;
  DsIndex target;
  DsDate first = DS_DATE_NONE;
  g_autoptr(GHashTable) days = g_hash_table_new (g_direct_hash, g_direct_equal);
  double raised = 0;
  char buf[11];

  pick (f->ls, &node, &deal);
  edge_id = g_strconcat ("deal:", deal->id, NULL);
  if ((t = read_back ("networkx", f->gexf, node->id, edge_id)) == NULL)
    return;
  g_assert_cmpstr (get (t, "node.label"), ==, node->name);
  check_common (f->ls, t, node, deal);
  /* The deal starts on its date (first day of a partial one). */
  g_assert_cmpstr (get (t, "edge.start"), ==,
                   ds_date_format (ds_date_from_days (ds_date_to_days (deal->date)), buf));

  /* The deal's target: a node that starts with its first dated link and
   * whose raised_usd steps up on each day it took disclosed money. */
  target = deal->target;
  for (guint i = 0; i < f->ls->deals->len; i++)
    {
      const DsDeal *d = ds_landscape_deal (f->ls, i);
      if (d->target == target || d->investor == target)
        if (first == DS_DATE_NONE || ds_date_to_days (d->date) < ds_date_to_days (first))
          first = d->date;
      if (d->target == target && ds_is_set (d->amount_usd))
        {
          raised += d->amount_usd;
          g_hash_table_add (days, GINT_TO_POINTER (ds_date_to_days (d->date)));
        }
    }
  for (guint i = 0; i < f->ls->relations->len; i++)
    {
      const DsRelation *r = ds_landscape_relation (f->ls, i);
      if ((r->from == target || r->to == target) && r->date != DS_DATE_NONE &&
          ds_date_to_days (r->date) < ds_date_to_days (first))
        first = r->date;
    }
  t2 = read_back ("networkx", f->gexf, ds_landscape_entity (f->ls, target)->id, edge_id);
  g_assert_cmpstr (get (t2, "node.start"), ==, ds_date_format (ds_date_from_days (ds_date_to_days (first)), buf));
  g_assert_cmpuint (as_uint (t2, "node.raised_usd.steps"), ==, g_hash_table_size (days));
  assert_number (t2, "node.raised_usd.last", raised);
}

static void
test_graphml_graphviz (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *graphml2gv = g_find_program_in_path ("graphml2gv");
  g_autofree char *gc = g_find_program_in_path ("gc");
  g_autofree char *cmd = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  guint nodes = 0, edges = 0;
  int status;

  if (graphml2gv == NULL || gc == NULL)
    {
      g_test_skip ("Graphviz (graphml2gv, gc) is not installed");
      return;
    }
  /* graphml2gv reads the topology (and warns that it ignores <data>). */
  cmd = g_strdup_printf ("sh -c '%s \"%s\" 2>/dev/null | %s -n -e'", graphml2gv, f->graphml, gc);
  g_spawn_command_line_sync (cmd, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (sscanf (out, "%u %u", &nodes, &edges), ==, 2);
  g_assert_cmpuint (nodes, ==, f->ls->entities->len);
  g_assert_cmpuint (edges, ==, f->ls->deals->len + f->ls->relations->len);
}

static gboolean
has_id (const char *xml,
        const char *prefix,
        const char *id)
{
  g_autofree char *needle = g_strdup_printf ("id=\"%s%s\"", prefix, id);
  return strstr (xml, needle) != NULL;
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  gint32 x = *(const gint32 *) a, y = *(const gint32 *) b;
  return x < y ? -1 : x > y;
}

static void
test_date (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree DsDate *first = g_new0 (DsDate, f->ls->entities->len);
  DsDate cut;
  guint n_in = 0, n_out = 0;

  /* The median deal date: some deals before, some after. */
  {
    g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (gint32));
    for (guint i = 0; i < f->ls->deals->len; i++)
      {
        gint32 d = ds_date_to_days (ds_landscape_deal (f->ls, i)->date);
        g_array_append_val (dates, d);
      }
    g_array_sort (dates, compare_days);
    cut = ds_date_from_days (g_array_index (dates, gint32, dates->len / 2));
  }
  xml = ds_graph_export_to_string (f->ls, DS_GRAPH_FORMAT_GRAPHML, DS_NONE, cut, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < f->ls->deals->len; i++)
    {
      const DsDeal *d = ds_landscape_deal (f->ls, i);
      gboolean before = ds_date_to_days (d->date) <= ds_date_to_days (cut);
      g_assert_cmpint (has_id (xml, "deal:", d->id), ==, before);
      n_in += before;
      n_out += !before;
      for (guint k = 0; k < 2; k++)
        {
          DsIndex e = k ? d->target : d->investor;
          if (first[e] == DS_DATE_NONE || ds_date_to_days (d->date) < ds_date_to_days (first[e]))
            first[e] = d->date;
        }
    }
  g_assert_cmpuint (n_in, >, 0);
  g_assert_cmpuint (n_out, >, 0);
  for (guint i = 0; i < f->ls->relations->len; i++)
    {
      const DsRelation *r = ds_landscape_relation (f->ls, i);
      if (r->date == DS_DATE_NONE)
        continue;
      if (ds_date_to_days (r->date) > ds_date_to_days (cut))
        g_assert_false (has_id (xml, "relation:", r->id));
      for (guint k = 0; k < 2; k++)
        {
          DsIndex e = k ? r->to : r->from;
          if (first[e] == DS_DATE_NONE || ds_date_to_days (r->date) < ds_date_to_days (first[e]))
            first[e] = r->date;
        }
    }
  /* A node exists from its first dated link; without any, always. */
  for (guint i = 0; i < f->ls->entities->len; i++)
    g_assert_cmpint (has_id (xml, "", ds_landscape_entity (f->ls, i)->id), ==,
                     first[i] == DS_DATE_NONE || ds_date_to_days (first[i]) <= ds_date_to_days (cut));
}

static void
test_scenario (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  DsIndex chosen = DS_NONE;
  g_autoptr(DsScenarioView) view = NULL;
  g_autofree char *path = g_build_filename (f->dir, "scenario.graphml", NULL);
  g_autoptr(GHashTable) t = NULL;
  g_autofree char *xml = NULL;

  for (guint s = 0; s < f->ls->scenarios->len && chosen == DS_NONE; s++)
    if (ds_landscape_scenario (f->ls, s)->deals->len > 0)
      chosen = (DsIndex) s;
  if (chosen == DS_NONE)
    {
      g_test_skip ("no scenario of the bundled dataset has hypothetical deals");
      return;
    }
  view = ds_scenario_view_new (f->ls, chosen, &error);
  g_assert_no_error (error);
  g_assert_true (ds_graph_export_to_file (f->ls, DS_GRAPH_FORMAT_GRAPHML, chosen, DS_DATE_NONE, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  for (guint i = 0; i < view->deals->len; i++)
    g_assert_true (has_id (xml, "deal:", ds_scenario_view_deal (view, i)->id));

  {
    const DsDeal *hyp = ds_scenario_view_deal (view, view->n_landscape_deals);
    g_autofree char *edge_id = g_strconcat ("deal:", hyp->id, NULL);
    if ((t = read_back ("networkx", path, ds_landscape_entity (f->ls, hyp->target)->id, edge_id)) == NULL)
      return;
    g_assert_cmpuint (as_uint (t, "edges"), ==, view->deals->len + f->ls->relations->len);
    g_assert_cmpstr (get (t, "edge.hypothetical"), ==, "True");
  }
}

static void
test_escaping (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(DsLandscape) ls = ds_landscape_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "escape.graphml", NULL);
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autoptr(GHashTable) t = NULL;
  DsSource s = { "src", "Title <&>", "Pub", 20250101, NULL };
  DsEntity a = { "a-b", "A & \"B\" <C> 'd'\x01", DS_ENTITY_COMPANY, DS_NONE, NULL };
  DsEntity b = { "x", "X", DS_ENTITY_INVESTOR, DS_NONE, NULL };
  DsDeal d;

  ds_landscape_add_source (ls, &s);
  ds_landscape_add_entity (ls, &a);
  ds_landscape_add_entity (ls, &b);
  ds_deal_init (&d);
  d.id = "x-a-b";
  d.investor = 1;
  d.target = 0;
  d.date = 20250100;
  d.source = 0;
  d.confidence = DS_CONFIDENCE_REPORTED;
  ds_landscape_add_deal (ls, &d);
  g_assert_true (ds_graph_export_to_file (ls, DS_GRAPH_FORMAT_GRAPHML, DS_NONE, DS_DATE_NONE, path, &error));
  g_assert_no_error (error);

  if (xmllint)
    {
      g_autofree char *cmd = g_strdup_printf ("%s --noout %s", xmllint, path);
      int status;
      g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    }
  if ((t = read_back ("networkx", path, "a-b", "deal:x-a-b")) == NULL)
    return;
  /* The control character is dropped: XML 1.0 cannot carry it. */
  g_assert_cmpstr (get (t, "node.name"), ==, "A & \"B\" <C> 'd'");
  g_assert_cmpuint (as_uint (t, "edges"), ==, 1);
  /* An undisclosed amount is absent, not zero. */
  g_assert_null (g_hash_table_lookup (t, "edge.amount_usd"));
}

static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  const char *cli = g_getenv ("DS_CLI");
  g_autofree char *db = g_build_filename (f->dir, "doc.db", NULL);
  g_autofree char *out = g_build_filename (f->dir, "cli.gexf", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (cli == NULL)
    {
      g_test_skip ("DS_CLI is not set");
      return;
    }
  {
    const char *argv[] = { cli, "--db", db, "init", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  }
  {
    const char *argv[] = { cli, "--db", db, "export-graph", "-o", out, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  }
  /* The CLI writes what the library writes for the same landscape. */
  g_assert_true (g_file_get_contents (out, &got, NULL, NULL));
  g_assert_true (g_file_get_contents (f->gexf, &expected, NULL, NULL));
  g_assert_cmpstr (got, ==, expected);
  {
    const char *argv[] = { cli, "--db", db, "export-graph", "--format", "dot", "-o", out, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/graph-export/graphml/networkx", test_graphml_networkx);
  ADD ("/graph-export/graphml/igraph", test_graphml_igraph);
  ADD ("/graph-export/graphml/graphviz", test_graphml_graphviz);
  ADD ("/graph-export/gexf/networkx", test_gexf_networkx);
  ADD ("/graph-export/date", test_date);
  ADD ("/graph-export/scenario", test_scenario);
  ADD ("/graph-export/escaping", test_escaping);
  ADD ("/graph-export/cli", test_cli);
#undef ADD

  return g_test_run ();
}
