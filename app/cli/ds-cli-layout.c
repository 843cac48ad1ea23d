/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-layout.c: `dealscape-cli layout`: lays out the document's (or a
 * dataset file's) graph, writes positions TSV, stores them, prints stats. */
#define G_LOG_DOMAIN "ds-cli-layout"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "ds-cli.h"
#include "ds-dataset.h"
#include "ds-graph.h"
#include "ds-layout.h"
#include "ds-stress.h"

int ds_cli_cmd_layout (const DsCliGlobal *global, int argc, char **argv);

static void
append_number (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Locale-independent: a TSV must read back the same everywhere. */
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.3f", value));
}

/* On a terminal: a big layout takes tens of seconds. */
static void
print_progress (double   fraction,
                gpointer user_data)
{
  int *last = user_data;
  int percent = (int) (100 * fraction);

  if (percent == *last)
    return;
  *last = percent;
  g_printerr ("\rLaying out… %3d%%", percent);
  if (fraction >= 1)
    g_printerr ("\r                 \r");
}

int
ds_cli_cmd_layout (const DsCliGlobal *global,
                   int                argc,
                   char             **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *input = NULL;
  gint64 seed = 1;
  gboolean stats = FALSE, save = FALSE, keep = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write positions to FILE: a header line, then id<TAB>name<TAB>x<TAB>y per entity", "FILE" },
    { "input", 0, 0, G_OPTION_ARG_FILENAME, &input, "Lay out this dataset JSON file instead of the document", "FILE.json" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the layout (same seed, same positions; default 1)", "N" },
    { "stats", 0, 0, G_OPTION_ARG_NONE, &stats, "Print nodes, edges, seconds and normalized stress", NULL },
    { "save", 0, 0, G_OPTION_ARG_NONE, &save, "Store the positions in the document", NULL },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the positions the document has; place only the nodes without one", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsGraph) graph = NULL;
  g_autofree double *x = NULL, *y = NULL;
  g_autofree guint8 *known = NULL, *pinned = NULL;
  DsLayoutOptions opts;
  gint64 t0;
  double seconds;
  guint n;
  int status, last_percent = -1;

  if (!ds_cli_parse ("layout", NULL,
                     "Lay out the graph of entities (deals and relations as edges) and write node positions.",
                     entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return ds_cli_usage_error ("layout", "unexpected argument “%s”", argv[1]);
  if (output == NULL && !save && !stats)
    return ds_cli_usage_error ("layout", "say where the positions go: -o FILE, --save or --stats");
  if (seed < 0 || seed > G_MAXUINT32)
    return ds_cli_usage_error ("layout", "--seed must be between 0 and %u", G_MAXUINT32);
  if (input != NULL && (save || keep))
    return ds_cli_usage_error ("layout", "--save and --keep work on the document, not with --input");

  if (input != NULL)
    ls = ds_dataset_read_file (input, &error);
  else
    ls = ds_cli_load_landscape (global, &store, &error);
  if (ls == NULL)
    return ds_cli_fail (error);

  graph = ds_graph_new_from_landscape (ls);
  n = graph->n_nodes;
  x = g_new0 (double, MAX (n, 1));
  y = g_new0 (double, MAX (n, 1));
  known = g_new0 (guint8, MAX (n, 1));
  pinned = g_new0 (guint8, MAX (n, 1));
  ds_layout_options_init (&opts);
  opts.seed = (guint32) seed;

  t0 = g_get_monotonic_time ();
  if (keep)
    {
      if (!ds_store_load_positions (store, ls, x, y, known, pinned, &error))
        return ds_cli_fail (error);
      ds_layout_place_new_nodes (graph, &opts, x, y, known);
    }
  else if (!ds_layout_compute (graph, &opts, x, y, NULL,
                               isatty (STDERR_FILENO) ? print_progress : NULL, &last_percent, &error))
    return ds_cli_fail (error);
  seconds = (g_get_monotonic_time () - t0) / 1e6;

  if (output != NULL)
    {
      g_autoptr(GString) tsv = g_string_sized_new (48 * (gsize) n + 16);

      /* id first: names are not unique (two "Lambda"s) and ids are. A tab or
       * a line break inside a name would split the row, so it becomes a space. */
      g_string_append (tsv, "id\tname\tx\ty\n");
      for (guint v = 0; v < n; v++)
        {
          const DsEntity *e = ds_landscape_entity (ls, v);

          g_string_append (tsv, e->id);
          g_string_append_c (tsv, '\t');
          for (const char *c = e->name; *c; c++)
            g_string_append_c (tsv, (*c == '\t' || *c == '\n' || *c == '\r') ? ' ' : *c);
          g_string_append_c (tsv, '\t');
          append_number (tsv, x[v]);
          g_string_append_c (tsv, '\t');
          append_number (tsv, y[v]);
          g_string_append_c (tsv, '\n');
        }
      /* Temporary file in the same folder, then renamed: never half a file. */
      if (!g_file_set_contents (output, tsv->str, tsv->len, &error))
        return ds_cli_fail (error);
    }
  if (save)
    {
      /* The app's first open of a big document then draws its preview. */
      ds_store_set_preview_on_save (store, TRUE);
      if (!ds_store_save_positions (store, ls, x, y, pinned, &error))
        return ds_cli_fail (error);
    }

  if (stats)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_print ("nodes\t%u\n", n);
      g_print ("edges\t%u\n", graph->n_edges);
      g_print ("seconds\t%s\n", g_ascii_formatd (buf, sizeof buf, "%.4f", seconds));
      g_print ("stress\t%s\n", g_ascii_formatd (buf, sizeof buf, "%.4f",
                                                ds_stress_normalized (graph, x, y, (guint32) seed)));
    }
  return DS_EXIT_OK;
}
