/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-store.c: dataset JSON import and document load on a synthetic
 * 40,000-entity / 80,000-deal landscape, beside the sqlite3 CLI reading
 * every row of the same file. Prints times and ratios; never fails on time. */
#define G_LOG_DOMAIN "bench-store"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <time.h>

#include "ds-bench-landscape.h"
#include "ds-dataset.h"
#include "ds-store.h"

#define RUNS 5

/* CPU time of this process: the machine is shared, wall time drifts. */
static double
cpu_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v,
        int     n)
{
  qsort (v, (size_t) n, sizeof *v, compare_doubles);
  return v[n / 2];
}

static double
sqlite3_cli_seconds (const char *cli,
                     const char *db)
{
  g_autofree char *command = g_strdup_printf (
    "%s %s 'SELECT * FROM sources; SELECT * FROM entities; SELECT * FROM relations; "
    "SELECT * FROM deals; SELECT * FROM metrics; SELECT * FROM scenarios;' > /dev/null", cli, db);
  gint64 t0 = g_get_monotonic_time ();
  int status = system (command);

  if (status != 0)
    g_error ("sqlite3 failed: %s", command);
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* The load's medians, and beside the sqlite3 CLI's when it ran (cli_s). */
static void
print_load (double     *load_s,
            double     *load_cpu,
            double     *cli_s,
            const char *target)
{
  printf ("  load document into memory:                  %8.1f ms%s\n", median (load_s, RUNS) * 1e3, target);
  printf ("    of which CPU time:                        %8.1f ms\n", median (load_cpu, RUNS) * 1e3);
  if (cli_s != NULL)
    {
      double c = median (cli_s, RUNS);
      printf ("  sqlite3 CLI SELECT * of every table:        %8.1f ms\n", c * 1e3);
      printf ("  load / sqlite3 CLI ratio:                   %8.2fx%s\n", median (load_s, RUNS) / c,
              *target != '\0' ? "   target <= 3x" : "");
    }
}

/* bench-store --document FILE: the read of a document of yours (the
 * million-deal one of tests/bench/bench-scale.sh), beside the sqlite3 CLI
 * reading it, runs interleaved so that both see the same machine. */
static int
bench_document (const char *db,
                const char *cli)
{
  double load_s[RUNS], load_cpu[RUNS], cli_s[RUNS], preview_s[RUNS], preview_cpu[RUNS];
  guint n_deals = 0, n_entities = 0;
  gboolean has_preview = FALSE;

  for (int run = 0; run < RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DsStore) store = ds_store_open (db, DS_STORE_OPEN_DEFAULT, &error);
      g_autoptr(DsLandscape) loaded = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_seconds ();

      if (store == NULL || (loaded = ds_store_load (store, &error)) == NULL)
        g_error ("%s", error->message);
      load_s[run] = (g_get_monotonic_time () - t0) / 1e6;
      load_cpu[run] = cpu_seconds () - c0;
      n_deals = loaded->deals->len;
      n_entities = loaded->entities->len;
      if (cli != NULL)
        cli_s[run] = sqlite3_cli_seconds (cli, db);
      /* The graph preview the window draws first (written by the first
       * full read of a big, laid-out document). */
      {
        g_autofree double *x = NULL, *y = NULL;
        g_autofree guint8 *pinned = NULL;
        g_autoptr(DsLandscape) preview = NULL;

        t0 = g_get_monotonic_time ();
        c0 = cpu_seconds ();
        preview = ds_store_read_preview (db, &x, &y, &pinned, &error);
        if (error != NULL)
          g_error ("%s", error->message);
        preview_s[run] = (g_get_monotonic_time () - t0) / 1e6;
        preview_cpu[run] = cpu_seconds () - c0;
        has_preview = preview != NULL;
      }
    }
  printf ("%s: %u entities, %u deals; median of %d runs:\n", db, n_entities, n_deals, RUNS);
  print_load (load_s, load_cpu, cli != NULL ? cli_s : NULL, "");
  if (has_preview)
    {
      printf ("  read the graph preview:                     %8.1f ms\n", median (preview_s, RUNS) * 1e3);
      printf ("    of which CPU time:                        %8.1f ms\n", median (preview_cpu, RUNS) * 1e3);
      printf ("  preview / full load ratio:                  %8.2fx\n", median (preview_s, RUNS) / median (load_s, RUNS));
    }
  else
    printf ("  the document has no graph preview (fewer than %u deals, or not laid out)\n", DS_STORE_PREVIEW_DEALS);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  guint n_entities = argc > 1 ? (guint) atoi (argv[1]) : 40000;
  guint n_deals = argc > 2 ? (guint) atoi (argv[2]) : 80000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dealscape-bench-XXXXXX", &error);
  g_autofree char *json = g_build_filename (dir, "synthetic.json", NULL);
  g_autofree char *db = g_build_filename (dir, "synthetic.dealscape", NULL);
  g_autoptr(DsLandscape) ls = ds_bench_landscape_new (n_entities, n_deals, 20261126);
  double import_s[RUNS], load_s[RUNS], cli_s[RUNS], import_cpu[RUNS], load_cpu[RUNS];
  g_autofree char *cli = g_find_program_in_path ("sqlite3");

  if (argc > 2 && g_str_equal (argv[1], "--document"))
    return bench_document (argv[2], cli);
  g_assert_no_error (error);
  if (!ds_dataset_write_file (ls, json, &error))
    g_error ("%s", error->message);
  {
    GStatBuf st;
    g_stat (json, &st);
    printf ("synthetic landscape: %u entities, %u deals, JSON %.1f MB\n", n_entities, n_deals,
            st.st_size / 1e6);
  }

  for (int run = 0; run < RUNS; run++)
    {
      g_autoptr(DsLandscape) imported = NULL;
      g_autoptr(DsStore) store = NULL;
      gint64 t0;

      double c0;

      g_remove (db);
      c0 = cpu_seconds ();
      t0 = g_get_monotonic_time ();
      imported = ds_dataset_read_file (json, &error);
      store = imported ? ds_store_open (db, DS_STORE_OPEN_CREATE, &error) : NULL;
      if (store == NULL || !ds_store_replace_all (store, imported, &error))
        g_error ("%s", error->message);
      import_s[run] = (g_get_monotonic_time () - t0) / 1e6;
      import_cpu[run] = cpu_seconds () - c0;
    }

  for (int run = 0; run < RUNS; run++)
    {
      g_autoptr(DsStore) store = ds_store_open (db, DS_STORE_OPEN_DEFAULT, &error);
      g_autoptr(DsLandscape) loaded = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_seconds ();

      loaded = ds_store_load (store, &error);
      if (loaded == NULL)
        g_error ("%s", error->message);
      load_s[run] = (g_get_monotonic_time () - t0) / 1e6;
      load_cpu[run] = cpu_seconds () - c0;
      g_assert_cmpuint (loaded->deals->len, ==, n_deals);
    }

  for (int run = 0; run < RUNS && cli != NULL; run++)
    cli_s[run] = sqlite3_cli_seconds (cli, db);

  printf ("median of %d runs:\n", RUNS);
  printf ("  JSON import (parse, validate, write SQLite): %8.1f ms   target <= 1500 ms\n", median (import_s, RUNS) * 1e3);
  printf ("    of which CPU time:                        %8.1f ms\n", median (import_cpu, RUNS) * 1e3);
  print_load (load_s, load_cpu, cli != NULL ? cli_s : NULL, "   target <= 150 ms");
  if (cli == NULL)
    printf ("  sqlite3 CLI not found: install the sqlite3 package for the comparison\n");

  g_remove (json);
  g_remove (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL), *shm = g_strconcat (db, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
  return 0;
}
