/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-crash-safety.c: no lost edit and no damaged file: a writer killed with
 * SIGKILL mid-edit, a second process holding the write lock, and exports and
 * JSON writes that fail (unwritable folder, full disk) leaving the old file. */
#define G_LOG_DOMAIN "test-crash-safety"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ds-csv-import.h"
#include "ds-dataset.h"
#include "ds-export.h"
#include "ds-scenario.h"
#include "ds-store.h"

static const char *self_exe;

/* --- helpers ------------------------------------------------------------- */

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dealscape-crash-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_chmod (dir, 0755);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* A document holding the bundled landscape and an empty scenario "crash". */
static void
create_document (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) bundled = ds_dataset_read_bundled (&error);
  g_autoptr(DsStore) store = ds_store_open (path, DS_STORE_OPEN_CREATE, &error);
  g_autoptr(DsLandscape) ls = NULL;
  DsIndex sc;

  g_assert_no_error (error);
  g_assert_true (ds_store_replace_all (store, bundled, &error));
  g_assert_no_error (error);
  ls = ds_store_load (store, &error);
  g_assert_no_error (error);
  sc = ds_scenario_create (ls, "Crash", DS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ds_scenario_save (store, ls, sc, &error));
  g_assert_no_error (error);
}

static char *
integrity_check (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* --- the killed writer ----------------------------------------------------- */

/* The edits: three assumptions of scenario "crash" set or unset, and the
 * position of one entity. Both processes derive edit `seq` of a round from
 * the seed, so the parent knows what an acknowledgement stands for. */
static const char *const edit_keys[] = {
  "assumption.mfu",
  "assumption.training_days",
  "assumption.usd_per_mwh",
};
#define N_KEYS G_N_ELEMENTS (edit_keys)

typedef enum { EDIT_SET, EDIT_UNSET, EDIT_POSITION } EditKind;

typedef struct {
  EditKind kind;
  guint    key;       /* EDIT_SET, EDIT_UNSET */
  char     value[32]; /* EDIT_SET: text as typed */
  guint    entity;    /* EDIT_POSITION */
  double   x, y;
} Edit;

static void
make_edit (guint32 round_seed, guint seq, guint n_entities, Edit *e)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (round_seed * 7919u + seq);
  guint r = g_rand_int_range (rand, 0, 10);

  memset (e, 0, sizeof *e);
  e->key = g_rand_int_range (rand, 0, N_KEYS);
  if (r < 5)
    {
      e->kind = EDIT_SET;
      switch (e->key)
        {
        case 0: g_snprintf (e->value, sizeof e->value, "0.%02d", g_rand_int_range (rand, 1, 100)); break;
        case 1: g_snprintf (e->value, sizeof e->value, "%d", g_rand_int_range (rand, 1, 3651)); break;
        default: g_snprintf (e->value, sizeof e->value, "%d", g_rand_int_range (rand, 0, 10001)); break;
        }
    }
  else if (r < 6)
    e->kind = EDIT_UNSET;
  else
    {
      e->kind = EDIT_POSITION;
      e->entity = g_rand_int_range (rand, 0, n_entities);
      /* Unique per edit, so a position tells which edit wrote it. */
      e->x = round_seed * 100000.0 + seq;
      e->y = -e->x;
    }
}

/* What the document should hold: the scenario's values and every position. */
typedef struct {
  gboolean set[N_KEYS];
  double   value[N_KEYS];
  gboolean positions_saved;
  double  *x, *y;
  guint    n_entities;
} Model;

static void
model_apply (Model *m, const Edit *e)
{
  switch (e->kind)
    {
    case EDIT_SET:
      m->set[e->key] = TRUE;
      m->value[e->key] = g_ascii_strtod (e->value, NULL);
      break;
    case EDIT_UNSET:
      m->set[e->key] = FALSE;
      break;
    case EDIT_POSITION:
      m->positions_saved = TRUE;
      m->x[e->entity] = e->x;
      m->y[e->entity] = e->y;
      break;
    }
}

static void
model_copy (Model *to, const Model *from)
{
  memcpy (to->set, from->set, sizeof to->set);
  memcpy (to->value, from->value, sizeof to->value);
  to->positions_saved = from->positions_saved;
  memcpy (to->x, from->x, from->n_entities * sizeof (double));
  memcpy (to->y, from->y, from->n_entities * sizeof (double));
}

/* TRUE when the document holds exactly the model. */
static gboolean
model_matches (const Model *m, DsLandscape *ls, const double *x, const double *y, const guint8 *known)
{
  const DsScenario *sc = ds_landscape_scenario (ls, ds_landscape_find_scenario (ls, "crash"));

  for (guint k = 0; k < N_KEYS; k++)
    {
      const DsSetting *s = ds_scenario_find_setting (sc, edit_keys[k]);
      if ((s != NULL) != m->set[k] || (s != NULL && s->number != m->value[k]))
        return FALSE;
    }
  for (guint i = 0; i < m->n_entities; i++)
    {
      if (known[i] != m->positions_saved)
        return FALSE;
      if (known[i] && (x[i] != m->x[i] || y[i] != m->y[i]))
        return FALSE;
    }
  return TRUE;
}

/* Child: edits until killed, one acknowledgement line per committed edit. */
static int
run_writer (const char *path, guint32 round_seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = ds_store_open (path, DS_STORE_OPEN_DEFAULT, &error);
  g_autoptr(DsLandscape) ls = NULL;
  g_autofree double *x = NULL, *y = NULL;
  g_autofree guint8 *known = NULL, *pinned = NULL;
  DsIndex sc;
  guint n;

  if (store == NULL || (ls = ds_store_load (store, &error)) == NULL)
    {
      fprintf (stderr, "writer: %s\n", error->message);
      return 1;
    }
  n = ls->entities->len;
  x = g_new0 (double, n);
  y = g_new0 (double, n);
  known = g_new0 (guint8, n);
  pinned = g_new0 (guint8, n);
  sc = ds_landscape_find_scenario (ls, "crash");
  if (sc == DS_NONE || !ds_store_load_positions (store, ls, x, y, known, pinned, &error))
    {
      fprintf (stderr, "writer: no scenario “crash” or no positions\n");
      return 1;
    }

  for (guint seq = 0; seq < 100000; seq++)
    {
      Edit e;
      gboolean ok = TRUE;

      make_edit (round_seed, seq, n, &e);
      switch (e.kind)
        {
        case EDIT_SET:
          ok = ds_scenario_set (ls, sc, edit_keys[e.key], e.value, &error) &&
               ds_scenario_save (store, ls, sc, &error);
          break;
        case EDIT_UNSET:
          if (!ds_scenario_unset (ls, sc, edit_keys[e.key], &error))
            {
              /* Unsetting what is not set leaves the document as it is. */
              g_assert_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_NOT_FOUND);
              g_clear_error (&error);
            }
          ok = ds_scenario_save (store, ls, sc, &error);
          break;
        case EDIT_POSITION:
          x[e.entity] = e.x;
          y[e.entity] = e.y;
          ok = ds_store_save_positions (store, ls, x, y, pinned, &error);
          break;
        }
      if (!ok)
        {
          fprintf (stderr, "writer: edit %u: %s\n", seq, error->message);
          return 1;
        }
      printf ("ack %u\n", seq);
      fflush (stdout);
    }
  return 0;
}

static void
test_sigkill_writer (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "doc.dealscape", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20251126);
  Model acked = { 0 }, with_next = { 0 };
  guint n_rounds = 30, total_acked = 0, in_flight_landed = 0;

  create_document (path);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DsLandscape) bundled = ds_dataset_read_bundled (&error);
    acked.n_entities = with_next.n_entities = bundled->entities->len;
  }
  acked.x = g_new0 (double, acked.n_entities);
  acked.y = g_new0 (double, acked.n_entities);
  with_next.x = g_new0 (double, acked.n_entities);
  with_next.y = g_new0 (double, acked.n_entities);

  for (guint round = 1; round <= n_rounds; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *seed_arg = g_strdup_printf ("%u", round);
      const char *argv[] = { self_exe, "--writer", path, seed_arg, NULL };
      guint wait_acks = g_rand_int_range (rand, 0, 40);
      gulong extra_us = g_rand_int_range (rand, 0, 4000);
      GPid pid;
      int out_fd, status;
      FILE *out;
      char line[64];
      int last_ack = -1;
      guint acks = 0;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);
      out = fdopen (out_fd, "r");

      /* Wait for some acknowledgements, then a little more, then kill:
       * sometimes before the first edit, mostly in the middle of one. */
      while (acks < wait_acks && fgets (line, sizeof line, out) != NULL)
        {
          g_assert_true (g_str_has_prefix (line, "ack "));
          last_ack = atoi (line + 4);
          g_assert_cmpint (last_ack, ==, (int) acks);
          acks++;
        }
      g_usleep (extra_us);
      kill (pid, SIGKILL);
      /* What the child wrote to the pipe before it died was acknowledged too. */
      while (fgets (line, sizeof line, out) != NULL)
        {
          g_assert_true (g_str_has_prefix (line, "ack "));
          last_ack = atoi (line + 4);
          acks++;
        }
      fclose (out);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      /* Killed, not finished or failed: an error exit would hide a bug. */
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      for (int seq = 0; seq <= last_ack; seq++)
        {
          Edit e;
          make_edit (round, seq, acked.n_entities, &e);
          model_apply (&acked, &e);
        }
      total_acked += acks;
      model_copy (&with_next, &acked);
      {
        Edit e;
        make_edit (round, last_ack + 1, acked.n_entities, &e);
        model_apply (&with_next, &e);
      }

      {
        g_autofree char *integrity = integrity_check (path);
        g_autoptr(DsStore) store = NULL;
        g_autoptr(DsLandscape) ls = NULL;
        g_autofree double *x = g_new0 (double, acked.n_entities);
        g_autofree double *y = g_new0 (double, acked.n_entities);
        g_autofree guint8 *known = g_new0 (guint8, acked.n_entities);
        g_autofree guint8 *pinned = g_new0 (guint8, acked.n_entities);

        g_assert_cmpstr (integrity, ==, "ok");
        store = ds_store_open (path, DS_STORE_OPEN_DEFAULT, &error);
        g_assert_no_error (error);
        ls = ds_store_load (store, &error);
        g_assert_no_error (error);
        g_assert_true (ds_store_load_positions (store, ls, x, y, known, pinned, &error));
        if (model_matches (&acked, ls, x, y, known))
          ;
        else if (model_matches (&with_next, ls, x, y, known))
          {
            /* The edit in flight committed before its acknowledgement. */
            model_copy (&acked, &with_next);
            in_flight_landed++;
          }
        else
          g_error ("round %u: the document does not hold the %u acknowledged edits "
                   "(with or without the one in flight)", round, acks);
      }
    }
  g_test_message ("%u rounds, %u acknowledged edits, %u in-flight edits landed",
                  n_rounds, total_acked, in_flight_landed);
  /* The random kill points must have let real work happen. */
  g_assert_cmpuint (total_acked, >=, 200);

  g_free (acked.x);
  g_free (acked.y);
  g_free (with_next.x);
  g_free (with_next.y);
  remove_tree (dir);
}

/* --- two processes on one document ----------------------------------------- */

/* Child: takes the write lock with its own connection and holds it until
 * its stdin closes. */
static int
run_lock_holder (const char *path)
{
  sqlite3 *db = NULL;
  char buf[8];

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "BEGIN IMMEDIATE; UPDATE scenarios SET name = name WHERE 0", NULL, NULL, NULL) != SQLITE_OK)
    {
      fprintf (stderr, "holder: %s\n", sqlite3_errmsg (db));
      return 1;
    }
  printf ("locked\n");
  fflush (stdout);
  while (read (0, buf, sizeof buf) > 0)
    ;
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  return 0;
}

static void
test_busy_document (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "doc.dealscape", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  const char *argv[] = { self_exe, "--hold-lock", path, NULL };
  const char *cli = g_getenv ("DS_CLI");
  char line[32] = "";
  GPid pid;
  int in_fd, out_fd;
  FILE *out;
  gint64 start, elapsed_ms;
  DsIndex sc;

  create_document (path);
  g_setenv ("DS_BUSY_TIMEOUT_MS", "300", TRUE);
  store = ds_store_open (path, DS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  ls = ds_store_load (store, &error);
  g_assert_no_error (error);
  sc = ds_landscape_find_scenario (ls, "crash");
  g_assert_true (ds_scenario_set (ls, sc, "assumption.mfu", "0.25", &error));

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, &in_fd, &out_fd, NULL, &error));
  g_assert_no_error (error);
  out = fdopen (out_fd, "r");
  g_assert_nonnull (fgets (line, sizeof line, out));
  g_assert_cmpstr (line, ==, "locked\n");

  /* The write waits for the busy timeout, then says what is going on. */
  start = g_get_monotonic_time ();
  g_assert_false (ds_scenario_save (store, ls, sc, &error));
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_error (error, DS_STORE_ERROR, DS_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "is busy: another program"));
  g_assert_nonnull (strstr (error->message, "try again when it has finished"));
  g_assert_cmpint (elapsed_ms, >=, 250);
  g_assert_cmpint (elapsed_ms, <, 5000);
  g_clear_error (&error);

  /* Readers are not blocked by a writer (WAL): the document still loads. */
  {
    g_autoptr(DsStore) reader = ds_store_open (path, DS_STORE_OPEN_READ_ONLY, &error);
    g_autoptr(DsLandscape) seen = NULL;

    g_assert_no_error (error);
    seen = ds_store_load (reader, &error);
    g_assert_no_error (error);
    g_assert_nonnull (seen);
  }

  /* Two connections read a big document under its write lock: with the
   * lock taken by another program, one reads it, without waiting for the
   * busy timeout. */
  {
    g_autoptr(DsStore) writer = ds_store_open (path, DS_STORE_OPEN_DEFAULT, &error);
    g_autoptr(DsLandscape) seen = NULL;

    g_assert_no_error (error);
    ds_store_set_parallel_read (writer, 1);
    start = g_get_monotonic_time ();
    seen = ds_store_load (writer, &error);
    elapsed_ms = (g_get_monotonic_time () - start) / 1000;
    g_assert_no_error (error);
    g_assert_cmpuint (seen->deals->len, ==, ls->deals->len);
    g_assert_cmpint (elapsed_ms, <, 250);
  }

  /* dealscape-cli against the busy document: the same message, exit 1. */
  if (cli != NULL)
    {
      const char *cli_argv[] = { cli, "--db", path, "scenario", "set", "crash", "assumption.mfu=0.3", NULL };
      g_autofree char *cli_out = NULL, *cli_err = NULL;
      int cli_status;

      g_assert_true (g_spawn_sync (NULL, (char **) cli_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &cli_out, &cli_err, &cli_status, &error));
      g_assert_no_error (error);
      g_assert_false (g_spawn_check_wait_status (cli_status, NULL));
      if (strstr (cli_err, "is busy: another program") == NULL)
        g_error ("dealscape-cli on a busy document said:\n%s", cli_err);
    }

  /* Released: the same edit goes through, and nothing was damaged. */
  close (in_fd);
  fclose (out);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  g_assert_true (ds_scenario_save (store, ls, sc, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  {
    g_autofree char *integrity = integrity_check (path);
    g_autoptr(DsStore) again = ds_store_open (path, DS_STORE_OPEN_READ_ONLY, &error);
    g_autoptr(DsLandscape) loaded = ds_store_load (again, &error);
    const DsScenario *s = ds_landscape_scenario (loaded, ds_landscape_find_scenario (loaded, "crash"));

    g_assert_cmpstr (integrity, ==, "ok");
    g_assert_cmpfloat (ds_scenario_find_setting (s, "assumption.mfu")->number, ==, 0.25);
  }
  g_unsetenv ("DS_BUSY_TIMEOUT_MS");
  remove_tree (dir);
}

/* --- failed writes leave the old file -------------------------------------- */

/* Random pixels do not compress: a PNG of some hundred kilobytes. */
static void
draw_noise (cairo_t *cr, double width, double height, gpointer user_data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (int y = 0; y < height; y += 2)
    for (int x = 0; x < width; x += 2)
      {
        cairo_set_source_rgb (cr, g_rand_double (rand), g_rand_double (rand), g_rand_double (rand));
        cairo_rectangle (cr, x, y, 2, 2);
        cairo_fill (cr);
      }
}

static const char old_content[] = "the old file, which must survive\n";

typedef enum { TARGET_PNG, TARGET_PDF, TARGET_JSON } Target;

static gboolean
write_target (Target target, const char *path, GError **error)
{
  switch (target)
    {
    case TARGET_PNG:
      return ds_export_draw (path, DS_EXPORT_PNG, 300, 300, 1, draw_noise, NULL, error);
    case TARGET_PDF:
      return ds_export_draw (path, DS_EXPORT_PDF, 300, 300, 1, draw_noise, NULL, error);
    case TARGET_JSON:
      {
        g_autoptr(DsLandscape) ls = ds_dataset_read_bundled (NULL);
        return ds_dataset_write_file (ls, path, error);
      }
    }
  return FALSE;
}

static const char *const target_names[] = { "out.png", "out.pdf", "out.json" };

/* In a subprocess (it changes its user or file size limit): the write must
 * fail with the expected message. The parent checks the old file. */
static void
failing_write_child (Target target, gboolean full_disk)
{
  const char *dir = g_getenv ("DS_TEST_DIR");
  g_autofree char *path = g_build_filename (dir, target_names[target], NULL);
  g_autoptr(GError) error = NULL;

  if (full_disk)
    {
      /* A full disk, simulated: writes past 16 KiB fail with EFBIG. */
      struct rlimit lim = { 16384, 16384 };
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &lim), ==, 0);
    }
  else if (geteuid () == 0)
    {
      /* Root writes anywhere: become nobody so the folder's mode counts. */
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }
  g_assert_false (write_target (target, path, &error));
  g_assert_nonnull (error);
  printf ("%s\n", error->message);
  fflush (stdout);
  if (target == TARGET_JSON)
    g_assert_error (error, DS_IMPORT_ERROR, DS_IMPORT_ERROR_IO);
  else
    g_assert_error (error, DS_EXPORT_ERROR, DS_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, full_disk ? g_strerror (EFBIG) : g_strerror (EACCES)));
}

static void failing_png_folder (void) { failing_write_child (TARGET_PNG, FALSE); }
static void failing_pdf_folder (void) { failing_write_child (TARGET_PDF, FALSE); }
static void failing_json_folder (void) { failing_write_child (TARGET_JSON, FALSE); }
static void failing_png_full (void) { failing_write_child (TARGET_PNG, TRUE); }
static void failing_pdf_full (void) { failing_write_child (TARGET_PDF, TRUE); }
static void failing_json_full (void) { failing_write_child (TARGET_JSON, TRUE); }

static void
check_failed_write (gconstpointer data)
{
  const char *which = data;   /* "png/folder" ... */
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *child = g_strdup_printf ("/crash-safety/atomic/%s/subprocess", which);
  g_autofree char *path = NULL;
  g_autofree char *content = NULL;
  gboolean folder = g_str_has_suffix (which, "/folder");
  Target target = g_str_has_prefix (which, "png") ? TARGET_PNG
                : g_str_has_prefix (which, "pdf") ? TARGET_PDF : TARGET_JSON;
  gsize length;

  path = g_build_filename (dir, target_names[target], NULL);
  g_assert_true (g_file_set_contents (path, old_content, -1, NULL));
  if (folder)
    g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_setenv ("DS_TEST_DIR", dir, TRUE);
  g_test_trap_subprocess (child, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_chmod (dir, 0755);

  /* The old file is whole, and no temporary file is left beside it. */
  g_assert_true (g_file_get_contents (path, &content, &length, NULL));
  g_assert_cmpstr (content, ==, old_content);
  g_assert_cmpuint (count_files (dir), ==, 1);

  /* The same write with room to spare replaces the file whole. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *fresh = NULL;

    g_assert_true (write_target (target, path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &fresh, &length, NULL));
    g_assert_cmpuint (length, >, 16384);
    g_assert_cmpuint (count_files (dir), ==, 1);
  }
  remove_tree (dir);
}

/* --- damaged and foreign documents ---------------------------------------- */

/* Seeds of the document fuzz corpus, each opened as the app opens a file:
 * refused with this code and message, and left byte for byte as it was;
 * read by one connection, and by two as a big document is. */
typedef struct {
  const char *file;
  int         code;
  const char *fragment;
} BadDocument;

static const BadDocument bad_documents[] = {
  { "text.dealscape", DS_STORE_ERROR_NOT_DEALSCAPE, "is not a Dealscape document (it is not an SQLite database)" },
  { "empty.dealscape", DS_STORE_ERROR_NOT_DEALSCAPE, "is empty, not a Dealscape document" },
  { "foreign-sqlite.dealscape", DS_STORE_ERROR_NOT_DEALSCAPE, "is an SQLite database of another program" },
  { "small-foreign-id.dealscape", DS_STORE_ERROR_NOT_DEALSCAPE, "is an SQLite database of another program" },
  { "small-newer.dealscape", DS_STORE_ERROR_TOO_NEW, "was written by a newer Dealscape (document version 99" },
  { "small-header-only.dealscape", DS_STORE_ERROR_CORRUPT, "is damaged (database disk image is malformed" },
  { "small-cut-half.dealscape", DS_STORE_ERROR_CORRUPT, "is damaged (database disk image is malformed" },
  { "small-bad-row.dealscape", DS_STORE_ERROR_CORRUPT, "is damaged (“second” has an unknown status “bogus”)" },
  /* Found by the migration to schema 6, whose triggers watch the positions. */
  { "small-no-positions.dealscape", DS_STORE_ERROR_IO, "no such table: main.positions" },
};

static void
test_bad_documents (void)
{
  const char *root = g_getenv ("DS_SOURCE_ROOT");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "doc.dealscape", NULL);

  g_assert_nonnull (root);
  for (guint run = 0; run < 2 * G_N_ELEMENTS (bad_documents); run++)
    {
      const BadDocument *c = &bad_documents[run / 2];
      gboolean two_readers = run % 2 == 1;
      g_autofree char *src = g_build_filename (root, "tests", "fuzz", "corpus", "document", c->file, NULL);
      g_autofree char *before = NULL, *after = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DsStore) store = NULL;
      g_autoptr(DsLandscape) ls = NULL;
      gsize len_before, len_after;
      gboolean ok = FALSE;

      g_assert_true (g_file_get_contents (src, &before, &len_before, NULL));
      g_assert_true (g_file_set_contents (path, before, (gssize) len_before, NULL));
      store = ds_store_open (path, DS_STORE_OPEN_DEFAULT, &error);
      if (store != NULL)
        ds_store_set_parallel_read (store, two_readers ? 1 : 0);
      if (store != NULL && (ls = ds_store_load (store, &error)) != NULL)
        {
          guint n = ls->entities->len + 1;
          g_autofree double *x = g_new0 (double, n), *y = g_new0 (double, n);
          g_autofree guint8 *known = g_new0 (guint8, n), *pinned = g_new0 (guint8, n);

          ok = ds_store_load_positions (store, ls, x, y, known, pinned, &error);
        }
      g_clear_object (&store);
      if (ok || !g_error_matches (error, DS_STORE_ERROR, c->code) || strstr (error->message, c->fragment) == NULL)
        g_error ("%s (%s): expected error %d with “%s”, got %s", c->file, two_readers ? "two readers" : "one reader",
                 c->code, c->fragment, error ? error->message : "no error");
      g_test_message ("%s (%s): %s", c->file, two_readers ? "two readers" : "one reader", error->message);
      if (c->code != DS_STORE_ERROR_IO)
        {
          g_assert_true (g_file_get_contents (path, &after, &len_after, NULL));
          g_assert_cmpmem (before, len_before, after, len_after);
        }
      remove_tree (dir);
      g_mkdir (dir, 0700);
    }
  remove_tree (dir);
}

/* --- an import killed while it rewrites the document ------------------- */

/* Child: merges the CSV into the document's landscape, says so on `say`
 * (NULL: in the test itself, whose stdout is TAP), rewrites. */
static int
run_importer (const char *path,
              const char *csv,
              FILE       *say)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = ds_store_open (path, DS_STORE_OPEN_DEFAULT, &error);
  g_autoptr(DsLandscape) ls = store ? ds_store_load (store, &error) : NULL;
  g_autoptr(DsCsvImport) import = ds_csv_import_new (NULL);
  g_autoptr(DsCsvImportResult) result = NULL;

  if (ls == NULL || (result = ds_csv_import_file (import, ls, csv, NULL, &error)) == NULL ||
      result->landscape == NULL)
    return 3;
  if (say != NULL)
    {
      fprintf (say, "writing\n");
      fflush (say);
    }
  if (!ds_store_replace_all (store, result->landscape, &error))
    return 4;
  if (say != NULL)
    fprintf (say, "done\n");
  return 0;
}

static char *
document_json (const char *path,
               const char *dir,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = ds_store_open (path, DS_STORE_OPEN_DEFAULT, &error);
  g_autoptr(DsLandscape) ls = NULL;
  g_autofree char *json = g_build_filename (dir, name, NULL);
  char *text = NULL;

  g_assert_no_error (error);
  ls = ds_store_load (store, &error);
  g_assert_no_error (error);
  g_assert_true (ds_dataset_write_file (ls, json, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
  return text;
}

/* The rewrite of a CSV import (ds_store_replace_all, foreign keys off, one
 * transaction) killed at some point of it: the document opens either as it
 * was or with the whole import, never with part of it. */
static void
test_sigkill_import (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "doc.dealscape", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *csv = g_build_filename (dir, "investments.csv", NULL);
  g_autofree char *before = NULL, *complete = NULL, *original = NULL;
  gsize original_len = 0;
  GString *rows = g_string_new ("company_name,investor_name,funded_at,raised_amount_usd\n");
  static const gulong delays_us[] = { 0, 2000, 10000, 30000, 60000, 120000, 250000, 1000000 };
  guint n_before = 0, n_complete = 0;

  create_document (path);
  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (rows, "Company %u,Investor %u,20%02u-%02u-01,%u\n",
                            i / 3, i % 2000, 10 + i % 15, 1 + i % 12, 1000 * (i + 1));
  g_assert_true (g_file_set_contents (csv, rows->str, (gssize) rows->len, NULL));
  g_string_free (rows, TRUE);
  before = document_json (path, dir, "before.json");
  g_assert_true (g_file_get_contents (path, &original, &original_len, NULL));
  g_assert_cmpint (run_importer (path, csv, NULL), ==, 0);
  complete = document_json (path, dir, "complete.json");
  g_assert_true (strcmp (complete, before) != 0);

  for (guint round = 0; round < G_N_ELEMENTS (delays_us); round++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      const char *argv[] = { self_exe, "--importer", path, csv, NULL };
      GPid pid;
      int out_fd, status;
      FILE *out;
      char line[64];

      /* The document as it was before any import. */
      g_remove (wal);
      g_remove (shm);
      g_assert_true (g_file_set_contents (path, original, (gssize) original_len, NULL));

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);
      out = fdopen (out_fd, "r");
      g_assert_nonnull (fgets (line, sizeof line, out));
      g_assert_cmpstr (line, ==, "writing\n");
      g_usleep (delays_us[round]);
      kill (pid, SIGKILL);
      fclose (out);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      g_assert_true ((WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL) ||
                     (WIFEXITED (status) && WEXITSTATUS (status) == 0));

      after = document_json (path, dir, "after.json");
      if (strcmp (after, before) == 0)
        n_before++;
      else
        {
          g_assert_true (strcmp (after, complete) == 0);
          n_complete++;
        }
    }
  g_test_message ("killed imports: %u left the document as it was, %u had committed", n_before, n_complete);
  /* The kill right after "writing" lands inside the rewrite of 60,000 rows
   * (whether later ones do depends on the machine's speed: not asserted). */
  g_assert_cmpuint (n_before, >, 0);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  /* The child roles of the two-process tests. */
  if (argc == 4 && strcmp (argv[1], "--writer") == 0)
    return run_writer (argv[2], (guint32) atoi (argv[3]));
  if (argc == 3 && strcmp (argv[1], "--hold-lock") == 0)
    return run_lock_holder (argv[2]);
  if (argc == 4 && strcmp (argv[1], "--importer") == 0)
    return run_importer (argv[2], argv[3], stdout);

  self_exe = argv[0];
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash-safety/sigkill-writer", test_sigkill_writer);
  g_test_add_func ("/crash-safety/sigkill-import", test_sigkill_import);
  g_test_add_func ("/crash-safety/busy-document", test_busy_document);
  g_test_add_func ("/crash-safety/bad-documents", test_bad_documents);

  g_test_add_data_func ("/crash-safety/atomic/png/folder", "png/folder", check_failed_write);
  g_test_add_data_func ("/crash-safety/atomic/pdf/folder", "pdf/folder", check_failed_write);
  g_test_add_data_func ("/crash-safety/atomic/json/folder", "json/folder", check_failed_write);
  g_test_add_data_func ("/crash-safety/atomic/png/full-disk", "png/full-disk", check_failed_write);
  g_test_add_data_func ("/crash-safety/atomic/pdf/full-disk", "pdf/full-disk", check_failed_write);
  g_test_add_data_func ("/crash-safety/atomic/json/full-disk", "json/full-disk", check_failed_write);
  g_test_add_func ("/crash-safety/atomic/png/folder/subprocess", failing_png_folder);
  g_test_add_func ("/crash-safety/atomic/pdf/folder/subprocess", failing_pdf_folder);
  g_test_add_func ("/crash-safety/atomic/json/folder/subprocess", failing_json_folder);
  g_test_add_func ("/crash-safety/atomic/png/full-disk/subprocess", failing_png_full);
  g_test_add_func ("/crash-safety/atomic/pdf/full-disk/subprocess", failing_pdf_full);
  g_test_add_func ("/crash-safety/atomic/json/full-disk/subprocess", failing_json_full);
  return g_test_run ();
}
