/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-import-scale.c: `dealscape-cli import` of generated investments CSVs
 * (80k, 250k, 1M rows) into a fresh document, beside sqlite3's .import of the
 * same file in the same run: seconds, ratio, rows/s and peak RSS of each child. */
#define G_LOG_DOMAIN "bench-import-scale"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ds-store.h"

#define SEED 20261206
#define RUNS 2

extern char **environ;

typedef struct {
  double seconds;  /* wall */
  double cpu;      /* user + system of the child */
  long   rss_kb;   /* peak resident set of the child */
  int    status;
} Child;

/* Runs argv with stdout and stderr to /dev/null; times it and reads its
 * rusage (wait4 gives the child's own peak RSS, not the bench's). */
static Child
run_child (const char *const *argv)
{
  posix_spawn_file_actions_t actions;
  struct rusage ru;
  Child c = { 0 };
  gint64 t0;
  pid_t pid;
  int status = 0;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen (&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  t0 = g_get_monotonic_time ();
  if (posix_spawn (&pid, argv[0], &actions, NULL, (char *const *) argv, environ) != 0)
    g_error ("cannot run %s: %s", argv[0], g_strerror (errno));
  if (wait4 (pid, &status, 0, &ru) < 0)
    g_error ("wait4: %s", g_strerror (errno));
  c.seconds = (g_get_monotonic_time () - t0) / 1e6;
  c.cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  c.rss_kb = ru.ru_maxrss;
  c.status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  posix_spawn_file_actions_destroy (&actions);
  return c;
}

/* An empty Dealscape document (the schema, no landscape). */
static void
fresh_document (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  if ((store = ds_store_open (path, DS_STORE_OPEN_CREATE, &error)) == NULL)
    g_error ("%s", error->message);
}

static void
remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  g_remove (journal);
}

/* Cached under /tmp by size and seed (/tmp/dealscape-gen-ROWS-seedSEED/): generating 1M rows takes a few
 * seconds, and the bench of the layout reads the same files. */
static char *
generated_csv (const char *gen,
               guint       rows,
               guint       seed)
{
  /* Named as the real export is, so that ids and notes are as long as a
   * user's ("csv-investments-1042"). */
  g_autofree char *folder = g_strdup_printf ("%s/dealscape-gen-%u-seed%u", g_get_tmp_dir (), rows, seed);
  char *path = g_build_filename (folder, "investments.csv", NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_mkdir_with_parents (folder, 0755);
      g_autofree char *rows_text = g_strdup_printf ("%u", rows);
      g_autofree char *seed_text = g_strdup_printf ("%u", seed);
      const char *argv[] = { gen, "--rows", rows_text, "--seed", seed_text, "-o", path, NULL };
      Child c = run_child (argv);
      if (c.status != 0)
        g_error ("%s failed (exit %d)", gen, c.status);
    }
  return path;
}

static Child
best_of (Child a,
         Child b)
{
  return b.seconds < a.seconds ? b : a;
}

static void
compare (const char *label,
         const char *sqlite3,
         const char *cli,
         const char *csv,
         const char *dir,
         guint       rows,
         gboolean    again_into)
{
  g_autofree char *db = g_build_filename (dir, "import.dealscape", NULL);
  g_autofree char *sq = g_build_filename (dir, "import.sqlite", NULL);
  g_autofree char *import_arg = g_strconcat (".import ", csv, " t", NULL);
  const char *ds_argv[] = { cli, "--db", db, "import", csv, NULL };
  const char *sq_argv[] = { sqlite3, sq, ".mode csv", import_arg, NULL };
  Child ds = { G_MAXDOUBLE }, sl = { G_MAXDOUBLE }, again;
  GStatBuf st;

  g_stat (csv, &st);
  for (int run = 0; run < RUNS; run++)
    {
      /* Alternate, so that both see the same load and page cache. */
      fresh_document (db);
      again = run_child (ds_argv);
      if (again.status != 0)
        g_error ("%s import %s failed (exit %d)", cli, csv, again.status);
      ds = best_of (ds, again);
      remove_db (sq);
      again = run_child (sq_argv);
      if (again.status != 0)
        g_error ("sqlite3 .import %s failed (exit %d)", csv, again.status);
      sl = best_of (sl, again);
    }
  printf ("%-10s %9u %7.1f  %8.2f %6.2f  %8.2f %6.2f  %5.2fx  %9.0f  %7.0f %7.0f\n",
          label, rows, st.st_size / 1e6, ds.seconds, ds.cpu, sl.seconds, sl.cpu,
          ds.seconds / sl.seconds, rows / ds.seconds, ds.rss_kb / 1024.0, sl.rss_kb / 1024.0);
  fflush (stdout);

  /* The same again into the document that now holds `rows` deals: merging
   * into a big landscape must scale too (ids taken, duplicates found). */
  /* BENCH_IMPORT_FRESH_ONLY: skip it (for a build from before it scaled). */
  if (again_into && g_getenv ("BENCH_IMPORT_FRESH_ONLY") == NULL)
    {
      Child into = run_child (ds_argv);
      if (into.status != 0)
        g_error ("%s import %s into an existing document failed (exit %d)", cli, csv, into.status);
      printf ("%-10s %9u          %8.2f %6.2f  (again, into the document holding them: all duplicates)   %7.0f\n",
              "", rows, into.seconds, into.cpu, into.rss_kb / 1024.0);
    }
  remove_db (db);
  remove_db (sq);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *self_dir = g_path_get_dirname (argv[0]);
  g_autofree char *gen = g_build_filename (self_dir, "gen-deals-csv", NULL);
  g_autofree char *cli = g_build_filename (self_dir, "..", "..", "app", "cli", "dealscape-cli", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-import-scale-XXXXXX", &error);
  static const guint sizes[] = { 80000, 250000, 1000000 };
  const char *only = g_getenv ("BENCH_IMPORT_ROWS"); /* "80000": one size, for a quick look */
  const char *real = g_getenv ("DS_CRUNCHBASE_CSV");
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");

  g_assert_no_error (error);
  if (!g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE) || !g_file_test (gen, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("run me from the build tree: %s and %s are needed", cli, gen);
  if (sqlite3 == NULL)
    {
      printf ("bench-import-scale: sqlite3 (the peer) is not installed; apt-get install sqlite3\n");
      return 0;
    }

  printf ("dealscape-cli import of generated investments CSVs (gen-deals-csv, seed %d, 0.4 organisations "
          "per row) into a fresh document, beside sqlite3 .import of the same file; best of %d; "
          "wall and CPU seconds, peak RSS of each child\n", SEED, RUNS);
  printf ("%-10s %9s %7s  %8s %6s  %8s %6s  %6s  %9s  %7s %7s\n", "file", "rows", "MB",
          "ds wall", "cpu", "sq3 wall", "cpu", "ratio", "rows/s", "ds MiB", "sq3 MiB");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *csv = NULL;
      g_autofree char *label = NULL;

      if (only && (guint) atoi (only) != sizes[i])
        continue;
      csv = generated_csv (gen, sizes[i], SEED);
      label = g_strdup_printf ("gen-%uk", sizes[i] / 1000);
      compare (label, sqlite3, cli, csv, dir, sizes[i], TRUE);
    }

  /* The real Crunchbase 2013 export is not in the repository (its licence
   * does not allow it): point DS_CRUNCHBASE_CSV at a copy to include it. */
  if (real && g_file_test (real, G_FILE_TEST_EXISTS))
    {
      /* Rows: lines but the header (its quoted cells hold no line breaks). */
      g_autofree char *text = NULL;
      gsize len = 0;
      guint rows = 0;
      if (g_file_get_contents (real, &text, &len, NULL))
        for (gsize k = 0; k < len; k++)
          rows += text[k] == '\n';
      compare ("crunchbase", sqlite3, cli, real, dir, rows > 0 ? rows - 1 : 0, FALSE);
    }
  else
    printf ("crunchbase: skipped (set DS_CRUNCHBASE_CSV=investments.csv to time the real 2013 export)\n");
  printf ("target: ratio <= 3x sqlite3 .import\n");
  g_rmdir (dir);
  return 0;
}
