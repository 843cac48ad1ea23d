/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-types.c: names of the landscape's enumerations, as written in JSON,
 * SQL and on the command line, and the reverse lookups. */
#define G_LOG_DOMAIN "ds-types"

#include "config.h"

#include <string.h>

#include "ds-types.h"

static const char *const entity_kinds[] = {
  "company", "investor", "cloud", "chip", "datacenter", "model", "regulator",
};
static const char *const relation_kinds[] = {
  "invests", "owns", "supplies", "hosts", "uses", "competes", "regulates", "partners",
};
static const char *const instruments[] = {
  "equity", "convertible_note", "safe", "compute_credits", "other",
  "compute_commitment", "warrant", "acquisition", "debt",
};
static const char *const statuses[] = {
  "closed", "announced", "negotiating", "rumored",
};
static const char *const confidences[] = {
  "reported", "article", "unconfirmed", "assumption", "conflicting",
};

G_STATIC_ASSERT (G_N_ELEMENTS (entity_kinds) == DS_ENTITY_N_KINDS);
G_STATIC_ASSERT (G_N_ELEMENTS (relation_kinds) == DS_RELATION_N_KINDS);
G_STATIC_ASSERT (G_N_ELEMENTS (instruments) == DS_INSTRUMENT_N_KINDS);
G_STATIC_ASSERT (G_N_ELEMENTS (statuses) == DS_STATUS_N_KINDS);
G_STATIC_ASSERT (G_N_ELEMENTS (confidences) == DS_CONFIDENCE_N_KINDS);

static int
lookup (const char *const *names,
        guint              n,
        const char        *name)
{
  if (name == NULL)
    return -1;
  /* The first letter settles most names: a million-deal read parses three
   * of these per deal. */
  for (guint i = 0; i < n; i++)
    if (names[i][0] == name[0] && strcmp (names[i], name) == 0)
      return (int) i;
  return -1;
}

static const char *
name_of (const char *const *names,
         guint              n,
         int                value)
{
  g_return_val_if_fail (value >= 0 && (guint) value < n, "invalid");
  return names[value];
}

/* Joined once and kept: the lists never change. */
static const char *
choices_of (const char *const *names,
            guint              n,
            char             **cache)
{
  if (g_once_init_enter (cache))
    {
      GString *s = g_string_new (NULL);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (s, "%s%s", i ? ", " : "", names[i]);
      g_once_init_leave (cache, g_string_free (s, FALSE));
    }
  return *cache;
}

#define DEFINE_ENUM_NAMES(func, type, table)                                   \
  const char *func##_to_string (type value)                                    \
  { return name_of (table, G_N_ELEMENTS (table), (int) value); }              \
  int func##_from_string (const char *name)                                    \
  { return lookup (table, G_N_ELEMENTS (table), name); }                       \
  const char *func##_choices (void)                                            \
  { static char *cache; return choices_of (table, G_N_ELEMENTS (table), &cache); }

DEFINE_ENUM_NAMES (ds_entity_kind, DsEntityKind, entity_kinds)
DEFINE_ENUM_NAMES (ds_relation_kind, DsRelationKind, relation_kinds)
DEFINE_ENUM_NAMES (ds_instrument, DsInstrument, instruments)
DEFINE_ENUM_NAMES (ds_deal_status, DsDealStatus, statuses)
DEFINE_ENUM_NAMES (ds_confidence, DsConfidence, confidences)

gboolean
ds_deal_status_is_pending (DsDealStatus status)
{
  return status == DS_STATUS_NEGOTIATING || status == DS_STATUS_RUMORED;
}

gboolean
ds_instrument_buys_stake (DsInstrument instrument)
{
  return instrument == DS_INSTRUMENT_EQUITY || instrument == DS_INSTRUMENT_CONVERTIBLE_NOTE ||
         instrument == DS_INSTRUMENT_SAFE;
}
