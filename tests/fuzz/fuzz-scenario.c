/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-scenario.c: "key=value" lines, as typed at the CLI or in the inspector,
 * set on a new scenario of the bundled landscape; what is accepted must
 * resolve, replay, and export to a dataset that reads back. */
#define G_LOG_DOMAIN "ds-fuzz-scenario"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-assumptions.h"
#include "ds-dataset.h"
#include "ds-replay.h"
#include "ds-scenario.h"
#include "fuzz.h"

/* Parsing the bundled JSON again for each input is cheaper than it sounds
 * (about a millisecond) and keeps every input independent of the last. */
static GBytes *bundled_json;

static DsLandscape *
fresh_landscape (void)
{
  g_autoptr(GError) error = NULL;
  DsLandscape *ls;

  if (bundled_json == NULL)
    {
      g_autoptr(DsLandscape) first = ds_dataset_read_bundled (&error);
      gsize length;
      char *text;

      g_assert_no_error (error);
      text = ds_dataset_write (first, &length);
      bundled_json = g_bytes_new_take (text, length);
    }
  ls = ds_dataset_read_bytes (bundled_json, "bundled", &error);
  g_assert_no_error (error);
  return ls;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = NULL;
  DsIndex sc, base;
  guint n_set = 0;

  /* Cheap checks first, on the whole input as one key=value. */
  {
    char *eq = strchr (text, '=');
    g_autofree char *key = g_strndup (text, eq ? (gsize) (eq - text) : strlen (text));
    const char *value = eq ? eq + 1 : "";
    double number;

    (void) ds_assumptions_lookup (key);
    (void) ds_assumptions_key_is_text (key);
    g_clear_error (&error);
    if (ds_assumptions_parse_number (key, value, &number, NULL))
      (void) ds_assumptions_validate (key, NULL, number, NULL);
    (void) ds_assumptions_validate (key, value, NAN, NULL);
    g_free (ds_scenario_slugify (value));
  }

  ls = fresh_landscape ();
  base = ds_landscape_find_scenario (ls, "base");
  sc = ds_scenario_create (ls, "Fuzz", base, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (text, "\n", 64);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');

      if (eq == NULL)
        continue;
      *eq = '\0';
      if (ds_scenario_set (ls, sc, lines[i], eq + 1, &error))
        n_set++;
      else
        {
          g_assert (error != NULL);
          g_assert (g_utf8_validate (error->message, -1, NULL));
          g_clear_error (&error);
        }
    }

  {
    /* Every value the editor accepted must resolve: the view refusing it
     * later would leave the user with a scenario they cannot open. */
    g_autoptr(DsScenarioView) view = ds_scenario_view_new (ls, sc, &error);
    DsReplay *replay;

    if (view == NULL)
      g_error ("%u accepted settings, but the scenario does not resolve: %s", n_set, error->message);
    replay = ds_replay_new (ls, sc, &error);
    if (replay == NULL)
      g_error ("accepted settings, but replay refuses them: %s", error->message);
    ds_replay_seek (replay, 20230101);
    ds_replay_seek (replay, 20300101);
    ds_replay_free (replay);
  }

  if (n_set > 0)
    {
      /* What a document can hold, a dataset export must carry. */
      gsize length;
      g_autofree char *json = ds_dataset_write (ls, &length);
      g_autoptr(GBytes) bytes = g_bytes_new_static (json, length);
      g_autoptr(DsLandscape) again = ds_dataset_read_bytes (bytes, "export", &error);

      if (again == NULL)
        g_error ("accepted settings export to a dataset the reader refuses: %s", error->message);
    }
  return 0;
}
