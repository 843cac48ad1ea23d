/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-landscape.c: storage of the in-memory landscape: arrays of plain
 * structs, one string chunk for every text, and an id index per array. */
#define G_LOG_DOMAIN "ds-landscape"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ds-landscape.h"
#include "ds-memory.h"

static void
clear_scenario (gpointer data)
{
  DsScenario *scenario = data;
  g_clear_pointer (&scenario->settings, g_array_unref);
  g_clear_pointer (&scenario->deals, g_array_unref);
}

static int next_serial = 1;

DsLandscape *
ds_landscape_new (void)
{
  DsLandscape *self = g_new0 (DsLandscape, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->strings = g_string_chunk_new (64 * 1024);
  self->sources = g_array_new (FALSE, TRUE, sizeof (DsSource));
  self->entities = g_array_new (FALSE, TRUE, sizeof (DsEntity));
  self->relations = g_array_new (FALSE, TRUE, sizeof (DsRelation));
  /* Not cleared: ds_landscape_deal_slots grows it without writing a byte. */
  self->deals = g_array_new (FALSE, FALSE, sizeof (DsDeal));
  self->metrics = g_array_new (FALSE, TRUE, sizeof (DsMetric));
  self->scenarios = g_array_new (FALSE, TRUE, sizeof (DsScenario));
  g_array_set_clear_func (self->scenarios, clear_scenario);
  /* Keys live in the string chunk; values are index + 1 so that 0 means absent. */
  self->source_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->entity_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->relation_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->deal_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->scenario_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_mutex_init (&self->deal_index_lock);
  self->serial = (guint) g_atomic_int_add (&next_serial, 1);
  return self;
}

/* The array's rows in a new one with room for `more` (not zeroed: growing
 * a clearing array with g_array_set_size would write every byte). */
static GArray *
reserved_copy (GArray *array, gboolean clear, guint element_size, guint more)
{
  GArray *copy = g_array_sized_new (FALSE, clear, element_size, array->len + more);

  ds_memory_advise_huge (copy->data, (gsize) (array->len + more) * element_size);

  g_array_append_vals (copy, array->data, array->len);
  g_array_unref (array);
  return copy;
}

/* Room for this many more entities and deals without growing the arrays
 * row by row (a million deals copied log n times, and page faults). */
void
ds_landscape_reserve (DsLandscape *self,
                      guint        n_entities,
                      guint        n_deals)
{
  g_return_if_fail (self != NULL);
  self->entities = reserved_copy (self->entities, TRUE, sizeof (DsEntity), n_entities);
  self->deals = reserved_copy (self->deals, FALSE, sizeof (DsDeal), n_deals);
}

DsLandscape *
ds_landscape_ref (DsLandscape *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

guint
ds_landscape_serial (const DsLandscape *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->serial;
}

void
ds_landscape_unref (DsLandscape *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_array_unref (self->sources);
  g_array_unref (self->entities);
  g_array_unref (self->relations);
  g_array_unref (self->deals);
  g_array_unref (self->metrics);
  g_array_unref (self->scenarios);
  g_hash_table_unref (self->source_index);
  g_hash_table_unref (self->entity_index);
  g_hash_table_unref (self->relation_index);
  g_hash_table_unref (self->deal_index);
  g_hash_table_unref (self->scenario_index);
  g_mutex_clear (&self->deal_index_lock);
  if (self->adopted_blocks != NULL)
    g_ptr_array_unref (self->adopted_blocks);
  g_string_chunk_free (self->strings);
  g_free (self);
}

const char *
ds_landscape_intern (DsLandscape *self,
                     const char  *text)
{
  if (text == NULL)
    return NULL;
  return g_string_chunk_insert (self->strings, text);
}

/* Interns the id and registers it; FALSE when the id is taken. */
static gboolean
claim_id (DsLandscape *self,
          GHashTable  *index,
          const char **id,
          guint        position)
{
  g_return_val_if_fail (*id != NULL, FALSE);

  if (g_hash_table_contains (index, *id))
    return FALSE;
  *id = ds_landscape_intern (self, *id);
  g_hash_table_insert (index, (gpointer) *id, GUINT_TO_POINTER (position + 1));
  return TRUE;
}

static DsIndex
find_in (GHashTable *index,
         const char *id)
{
  if (id == NULL)
    return DS_NONE;
  return (DsIndex) GPOINTER_TO_UINT (g_hash_table_lookup (index, id)) - 1;
}

DsIndex
ds_landscape_add_source (DsLandscape    *self,
                         const DsSource *source)
{
  DsSource copy = *source;

  if (!claim_id (self, self->source_index, &copy.id, self->sources->len))
    return DS_NONE;
  copy.title = ds_landscape_intern (self, copy.title);
  copy.publisher = ds_landscape_intern (self, copy.publisher);
  copy.url = ds_landscape_intern (self, copy.url);
  g_array_append_val (self->sources, copy);
  return (DsIndex) self->sources->len - 1;
}

DsIndex
ds_landscape_add_entity (DsLandscape    *self,
                         const DsEntity *entity)
{
  DsEntity copy = *entity;

  if (!claim_id (self, self->entity_index, &copy.id, self->entities->len))
    return DS_NONE;
  copy.name = ds_landscape_intern (self, copy.name);
  copy.description = ds_landscape_intern (self, copy.description);
  g_array_append_val (self->entities, copy);
  return (DsIndex) self->entities->len - 1;
}

DsIndex
ds_landscape_add_relation (DsLandscape      *self,
                           const DsRelation *relation)
{
  DsRelation copy = *relation;

  if (!claim_id (self, self->relation_index, &copy.id, self->relations->len))
    return DS_NONE;
  copy.note = ds_landscape_intern (self, copy.note);
  g_array_append_val (self->relations, copy);
  return (DsIndex) self->relations->len - 1;
}

/* Indexes the deals appended unchecked. A landscape is shared read-only
 * between threads once loaded, so the first lookups may race here: the
 * lock makes one of them build the index. An id seen twice keeps its first
 * deal, as ds_landscape_add_deal would have. */
static void
index_pending_deals (DsLandscape *self)
{
  g_mutex_lock (&self->deal_index_lock);
  for (guint i = self->deals_indexed; i < self->deals->len; i++)
    {
      const char *id = g_array_index (self->deals, DsDeal, i).id;
      if (!g_hash_table_contains (self->deal_index, id))
        g_hash_table_insert (self->deal_index, (gpointer) id, GUINT_TO_POINTER (i + 1));
    }
  g_atomic_int_set (&self->deals_indexed, self->deals->len);
  g_mutex_unlock (&self->deal_index_lock);
}

static inline void
ensure_deals_indexed (DsLandscape *self)
{
  if (G_UNLIKELY ((guint) g_atomic_int_get (&self->deals_indexed) != self->deals->len))
    index_pending_deals (self);
}

DsIndex
ds_landscape_add_deal (DsLandscape  *self,
                       const DsDeal *deal)
{
  DsDeal copy = *deal;

  ensure_deals_indexed (self);
  if (!claim_id (self, self->deal_index, &copy.id, self->deals->len))
    return DS_NONE;
  copy.note = ds_landscape_intern (self, copy.note);
  g_array_append_val (self->deals, copy);
  self->deals_indexed = self->deals->len;
  return (DsIndex) self->deals->len - 1;
}

DsDeal *
ds_landscape_deal_slots (DsLandscape *self,
                         guint        n)
{
  guint len;

  g_return_val_if_fail (self != NULL, NULL);
  len = self->deals->len;
  /* The array does not clear: growing and shrinking back only allocates. */
  g_array_set_size (self->deals, len + n);
  g_array_set_size (self->deals, len);
  ds_memory_advise_huge ((DsDeal *) (void *) self->deals->data + len, (gsize) n * sizeof (DsDeal));
  return (DsDeal *) (void *) self->deals->data + len;
}

void
ds_landscape_fill_deal_slots (DsLandscape *self,
                              guint        n)
{
  g_return_if_fail (self != NULL);
  g_array_set_size (self->deals, self->deals->len + n);
}

void
ds_landscape_adopt_block (DsLandscape *self,
                          gpointer     block)
{
  g_return_if_fail (self != NULL && block != NULL);
  if (self->adopted_blocks == NULL)
    self->adopted_blocks = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->adopted_blocks, block);
}

DsIndex
ds_landscape_add_metric (DsLandscape    *self,
                         const DsMetric *metric)
{
  DsMetric copy = *metric;

  /* Metric names and units repeat a lot: the chunk's const insert dedups them. */
  copy.name = g_string_chunk_insert_const (self->strings, copy.name);
  copy.unit = g_string_chunk_insert_const (self->strings, copy.unit);
  g_array_append_val (self->metrics, copy);
  return (DsIndex) self->metrics->len - 1;
}

static int
compare_settings (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (((const DsSetting *) a)->key, ((const DsSetting *) b)->key);
}

DsIndex
ds_landscape_add_scenario (DsLandscape      *self,
                           const DsScenario *scenario)
{
  DsScenario copy = *scenario;

  if (!claim_id (self, self->scenario_index, &copy.id, self->scenarios->len))
    return DS_NONE;
  copy.name = ds_landscape_intern (self, copy.name);
  copy.description = ds_landscape_intern (self, copy.description);
  if (copy.settings == NULL)
    copy.settings = g_array_new (FALSE, TRUE, sizeof (DsSetting));
  if (copy.deals == NULL)
    copy.deals = g_array_new (FALSE, TRUE, sizeof (DsDeal));
  for (guint i = 0; i < copy.settings->len; i++)
    {
      DsSetting *s = &g_array_index (copy.settings, DsSetting, i);
      s->key = ds_landscape_intern (self, s->key);
      s->text = ds_landscape_intern (self, s->text);
    }
  for (guint i = 0; i < copy.deals->len; i++)
    {
      DsDeal *d = &g_array_index (copy.deals, DsDeal, i);
      d->id = ds_landscape_intern (self, d->id);
      d->note = ds_landscape_intern (self, d->note);
    }
  g_array_sort (copy.settings, compare_settings);
  g_array_append_val (self->scenarios, copy);
  return (DsIndex) self->scenarios->len - 1;
}

static int
compare_metrics (gconstpointer a,
                 gconstpointer b)
{
  const DsMetric *ma = a, *mb = b;
  int c;

  if (ma->entity != mb->entity)
    return ma->entity < mb->entity ? -1 : 1;
  c = strcmp (ma->name, mb->name);
  if (c != 0)
    return c;
  return (ma->date > mb->date) - (ma->date < mb->date);
}

void
ds_landscape_finish (DsLandscape *self)
{
  /* g_array_sort is a stable merge sort: equal keys keep file order, which
   * keeps export byte-identical after a round trip. */
  g_array_sort (self->metrics, compare_metrics);
}

DsIndex ds_landscape_find_source   (DsLandscape *self, const char *id) { return find_in (self->source_index, id); }
DsIndex ds_landscape_find_entity   (DsLandscape *self, const char *id) { return find_in (self->entity_index, id); }
DsIndex ds_landscape_find_relation (DsLandscape *self, const char *id) { return find_in (self->relation_index, id); }
DsIndex
ds_landscape_find_deal (DsLandscape *self,
                        const char  *id)
{
  ensure_deals_indexed (self);
  return find_in (self->deal_index, id);
}

DsIndex ds_landscape_find_scenario (DsLandscape *self, const char *id) { return find_in (self->scenario_index, id); }

guint
ds_landscape_metric_series (DsLandscape *self,
                            DsIndex      entity,
                            const char  *name,
                            guint        *first)
{
  guint lo = 0, hi = self->metrics->len;
  guint n = 0;

  /* Lower bound of (entity, name) in the sorted array. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const DsMetric *m = ds_landscape_metric (self, mid);
      if (m->entity < entity || (m->entity == entity && strcmp (m->name, name) < 0))
        lo = mid + 1;
      else
        hi = mid;
    }
  while (lo + n < self->metrics->len)
    {
      const DsMetric *m = ds_landscape_metric (self, lo + n);
      if (m->entity != entity || strcmp (m->name, name) != 0)
        break;
      n++;
    }
  if (first != NULL)
    *first = lo;
  return n;
}

void
ds_deal_init (DsDeal *deal)
{
  memset (deal, 0, sizeof *deal);
  deal->investor = DS_NONE;
  deal->target = DS_NONE;
  deal->tranche_of = DS_NONE;
  deal->source = DS_NONE;
  deal->amount_usd = DS_UNSET;
  deal->pre_money_usd = DS_UNSET;
  deal->post_money_usd = DS_UNSET;
  deal->cap_usd = DS_UNSET;
  deal->discount = DS_UNSET;
  deal->interest_rate = DS_UNSET;
  deal->term_years = DS_UNSET;
  deal->power_gw = DS_UNSET;
  deal->chip_count = DS_UNSET;
  deal->chip = DS_NONE;
}

const DsSetting *
ds_scenario_find_setting (const DsScenario *scenario,
                          const char       *key)
{
  guint lo = 0, hi = scenario->settings->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const DsSetting *s = &g_array_index (scenario->settings, DsSetting, mid);
      int c = strcmp (s->key, key);
      if (c == 0)
        return s;
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}
