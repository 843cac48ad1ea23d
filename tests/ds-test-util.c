/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-test-util.c: temporary folders and bundled documents for tests. */
#define G_LOG_DOMAIN "ds-test-util"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ds-dataset.h"
#include "ds-test-util.h"

char *
ds_test_make_tmp_dir (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
ds_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        ds_test_remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

DsStore *
ds_test_create_bundled_doc (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_dataset_read_bundled (&error);
  g_autoptr(DsStore) store = NULL;

  g_assert_no_error (error);
  store = ds_store_open (path, DS_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (ds_store_is_empty (store));
  g_assert_true (ds_store_replace_all (store, ls, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

void
ds_test_build_locale (const char *dir,
                      const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *localedef = g_find_program_in_path ("localedef");
  g_autofree char *source = NULL, *charmap = NULL, *out = NULL, *err = NULL, *numeric = NULL;
  const char *dot = strchr (name, '.');
  int status;

  g_assert_nonnull (dot);
  source = g_strndup (name, dot - name);
  charmap = g_strdup (dot + 1);
  if (localedef == NULL || !g_file_test ("/usr/share/i18n/locales", G_FILE_TEST_IS_DIR))
    {
      g_test_message ("localedef (libc-bin) and the locale sources (the Debian package "
                      "\"locales\", installed by scripts/install-deps.sh test) are needed "
                      "to build %s", name);
      g_test_fail ();
      return;
    }
  {
    g_autofree char *target = g_build_filename (dir, name, NULL);
    const char *argv[] = { localedef, "-i", source, "-f", charmap, target, NULL };
    /* localedef exits 1 on warnings about the sources; the compiled
     * locale is what counts. */
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    numeric = g_build_filename (target, "LC_NUMERIC", NULL);
  }
  if (!g_file_test (numeric, G_FILE_TEST_EXISTS))
    {
      g_test_message ("localedef did not build %s: %s", name, err);
      g_test_fail ();
    }
}

DsIndex
ds_test_add_round (DsLandscape *ls,
                   const char  *id,
                   DsIndex      investor,
                   DsIndex      target,
                   DsDate       date,
                   double       amount,
                   double       post)
{
  DsDeal d;

  ds_deal_init (&d);
  d.id = id;
  d.investor = investor;
  d.target = target;
  d.date = date;
  d.amount_usd = amount;
  d.post_money_usd = post;
  d.instrument = DS_INSTRUMENT_EQUITY;
  d.status = DS_STATUS_CLOSED;
  d.source = 0;
  return ds_landscape_add_deal (ls, &d);
}

DsLandscape *
ds_test_two_stakes (const char *metric_name,
                    DsDate      metric_date,
                    double      value)
{
  DsLandscape *ls = ds_landscape_new ();
  DsSource src = { "s", "Rounds", "The Paper", 20240115, NULL };
  DsEntity e[] = {
    { "a", "A", DS_ENTITY_COMPANY, DS_NONE, NULL },
    { "b", "B", DS_ENTITY_COMPANY, DS_NONE, NULL },
    { "c", "C", DS_ENTITY_COMPANY, DS_NONE, NULL },
    { "fund", "Fund", DS_ENTITY_INVESTOR, DS_NONE, NULL },
  };
  const struct { const char *id; DsIndex target; DsDate date; double amount, post; } rounds[] = {
    { "fund-a", DS_TEST_CO_A, 20240115, 1e6, 1e7 },
    { "fund-b", DS_TEST_CO_B, 20240615, 2e6, 2e7 },
  };
  DsMetric m = { DS_TEST_FUND, metric_name, metric_date, value, "fraction", 0, DS_CONFIDENCE_REPORTED };

  ds_landscape_add_source (ls, &src);
  for (guint i = 0; i < G_N_ELEMENTS (e); i++)
    g_assert_cmpint (ds_landscape_add_entity (ls, &e[i]), ==, (int) i);
  for (guint k = 0; k < G_N_ELEMENTS (rounds); k++)
    ds_test_add_round (ls, rounds[k].id, DS_TEST_FUND, rounds[k].target, rounds[k].date, rounds[k].amount, rounds[k].post);
  ds_landscape_add_metric (ls, &m);
  ds_landscape_finish (ls);
  return ls;
}
