/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-graph-preview.c: encoding and decoding the graph preview blob.
 *
 * The blob is a header and then one array per field (columns, not rows: a
 * million deals decode in a few loops over contiguous memory), in the
 * machine's byte order, which the header records. */
#define G_LOG_DOMAIN "ds-graph-preview"

#include "config.h"

#include <string.h>

#include "ds-graph-preview.h"
#include "ds-memory.h"
#include "ds-store.h"

#define MAGIC "DSGP"
#define BYTE_ORDER_MARK 0x01020304u

typedef struct {
  char    magic[4];
  guint32 format;
  guint32 byte_order;
  guint32 n_entities;
  guint32 n_deals;
  guint32 n_relations;
  guint32 n_valuations;
  guint32 strings_bytes;
  gint64  max_entity_rowid;
  gint64  max_deal_rowid;
} Header;

static void
put (GByteArray    *out,
     gconstpointer  data,
     gsize          size)
{
  g_byte_array_append (out, data, (guint) size);
}

/* Appends a string, NUL-terminated, to the preview's strings; its offset. */
static guint32
strings_add (GByteArray *strings,
             const char *text)
{
  guint32 at = strings->len;
  put (strings, text, strlen (text) + 1);
  return at;
}

/* Relations are rows of kind (1 byte), from, to, date and id offset (4
 * each); valuations rows of entity and date (4 each) and value (8). */
#define RELATION_ROW_BYTES (1 + 4 * 4)
#define VALUATION_ROW_BYTES (4 + 4 + 8)

GBytes *
ds_graph_preview_encode (DsLandscape               *landscape,
                         const double              *x,
                         const double              *y,
                         const guint8              *known,
                         const guint8              *pinned,
                         const DsGraphPreviewStamp *stamp)
{
  guint n = ds_landscape_n_entities (landscape);
  guint n_deals = ds_landscape_n_deals (landscape);
  guint n_relations = landscape->relations->len;
  g_autoptr(GArray) valuations = g_array_new (FALSE, FALSE, sizeof (guint));
  GByteArray *strings = g_byte_array_new ();
  g_autoptr(GByteArray) out = NULL;
  g_autofree guint32 *offsets = NULL;
  Header h = { { MAGIC[0], MAGIC[1], MAGIC[2], MAGIC[3] } };

  for (guint i = 0; known != NULL && i < n; i++)
    if (!known[i])
      {
        g_byte_array_unref (strings);
        return NULL;
      }
  for (guint k = 0; k < landscape->metrics->len; k++)
    if (g_str_equal (ds_landscape_metric (landscape, k)->name, "valuation_usd"))
      g_array_append_val (valuations, k);

  h.format = DS_GRAPH_PREVIEW_FORMAT;
  h.byte_order = BYTE_ORDER_MARK;
  h.n_entities = n;
  h.n_deals = n_deals;
  h.n_relations = n_relations;
  h.n_valuations = valuations->len;
  h.max_entity_rowid = stamp->max_entity_rowid;
  h.max_deal_rowid = stamp->max_deal_rowid;

  /* Entities: kind, parent, x, y, pinned, id and name offsets. */
  out = g_byte_array_sized_new ((guint) (sizeof h + n * 34u + n_deals * 34u + n_relations * RELATION_ROW_BYTES));
  put (out, &h, sizeof h);
  for (guint i = 0; i < n; i++)
    put (out, &(guint8) { ds_landscape_entity (landscape, i)->kind }, 1);
  for (guint i = 0; i < n; i++)
    put (out, &ds_landscape_entity (landscape, i)->parent, sizeof (DsIndex));
  put (out, x, n * sizeof (double));
  put (out, y, n * sizeof (double));
  put (out, pinned, n);
  offsets = g_new (guint32, MAX (2 * n, 1));
  for (guint i = 0; i < n; i++)
    {
      offsets[2 * i] = strings_add (strings, ds_landscape_entity (landscape, i)->id);
      offsets[2 * i + 1] = strings_add (strings, ds_landscape_entity (landscape, i)->name);
    }
  put (out, offsets, 2 * n * sizeof (guint32));

  /* Deals, a field at a time. */
#define DEAL_FIELD(field) \
  for (guint k = 0; k < n_deals; k++) \
    put (out, &ds_landscape_deal (landscape, k)->field, sizeof ds_landscape_deal (landscape, k)->field)
  DEAL_FIELD (investor);
  DEAL_FIELD (target);
  DEAL_FIELD (date);
  DEAL_FIELD (close_date);
  DEAL_FIELD (amount_usd);
  DEAL_FIELD (post_money_usd);
#undef DEAL_FIELD
  for (guint k = 0; k < n_deals; k++)
    put (out, &(guint8) { ds_landscape_deal (landscape, k)->instrument }, 1);
  for (guint k = 0; k < n_deals; k++)
    put (out, &(guint8) { ds_landscape_deal (landscape, k)->status }, 1);

  /* Relations: kind, ends, date, id offset. */
  for (guint k = 0; k < n_relations; k++)
    {
      const DsRelation *r = ds_landscape_relation (landscape, k);
      guint32 id = strings_add (strings, r->id);

      put (out, &(guint8) { r->kind }, 1);
      put (out, &r->from, sizeof r->from);
      put (out, &r->to, sizeof r->to);
      put (out, &r->date, sizeof r->date);
      put (out, &id, sizeof id);
    }

  /* Valuations: entity, date, value. */
  for (guint k = 0; k < valuations->len; k++)
    {
      const DsMetric *m = ds_landscape_metric (landscape, g_array_index (valuations, guint, k));
      put (out, &m->entity, sizeof m->entity);
      put (out, &m->date, sizeof m->date);
      put (out, &m->value, sizeof m->value);
    }

  h.strings_bytes = strings->len;
  memcpy (out->data, &h, sizeof h);
  put (out, strings->data, strings->len);
  g_byte_array_unref (strings);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Reading: a cursor that refuses to run past the end. */
typedef struct {
  const guint8 *at, *end;
} Cursor;

static const guint8 *
take (Cursor *c,
      gsize   n,
      gsize   size)
{
  const guint8 *p = c->at;

  if (size != 0 && n > (gsize) (c->end - c->at) / size)
    return NULL;
  c->at += n * size;
  return p;
}

/* Sets the error; returns NULL, for the decoder to return. */
static gpointer
fail (GError    **error,
      const char *what)
{
  g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_CORRUPT, "the graph preview is not usable: %s", what);
  return NULL;
}

static gboolean
check_entity (gint32 index,
              guint  n)
{
  return index >= 0 && (guint) index < n;
}

/* From this many deals, two threads fill them. */
#define PARALLEL_DEALS 100000

/* Deals [first, last) of the blob's columns into their slots. */
typedef struct {
  DsDeal       *slots;
  const char   *no_id;
  guint         n_entities;
  guint         first, last;
  const guint8 *investors, *targets, *dates, *closes, *amounts, *posts, *instruments, *statuses;
  gboolean      ok;
} DealFill;

static gboolean
fill_deals (DealFill *f)
{
  for (guint k = f->first; k < f->last; k++)
    {
      DsDeal *d = &f->slots[k];

      ds_deal_init (d);
      d->id = f->no_id;
      memcpy (&d->investor, f->investors + k * sizeof (DsIndex), sizeof (DsIndex));
      memcpy (&d->target, f->targets + k * sizeof (DsIndex), sizeof (DsIndex));
      memcpy (&d->date, f->dates + k * sizeof (DsDate), sizeof (DsDate));
      memcpy (&d->close_date, f->closes + k * sizeof (DsDate), sizeof (DsDate));
      memcpy (&d->amount_usd, f->amounts + k * sizeof (double), sizeof (double));
      memcpy (&d->post_money_usd, f->posts + k * sizeof (double), sizeof (double));
      d->instrument = f->instruments[k];
      d->status = f->statuses[k];
      if (!check_entity (d->investor, f->n_entities) || !check_entity (d->target, f->n_entities) ||
          f->instruments[k] >= DS_INSTRUMENT_N_KINDS || f->statuses[k] >= DS_STATUS_N_KINDS)
        return FALSE;
    }
  return TRUE;
}

static gpointer
fill_deals_thread (gpointer data)
{
  DealFill *f = data;
  f->ok = fill_deals (f);
  return NULL;
}

DsLandscape *
ds_graph_preview_decode (const guint8        *data,
                         gsize                size,
                         DsGraphPreviewStamp *stamp,
                         double             **x_out,
                         double             **y_out,
                         guint8             **pinned_out,
                         GError             **error)
{
  Cursor c = { data, data + size };
  Header h;
  const guint8 *kinds, *parents, *xs, *ys, *pins, *offsets, *investors, *targets, *dates, *closes, *amounts,
               *posts, *instruments, *statuses, *relations, *valuations, *strings;
  g_autoptr(DsLandscape) ls = NULL;
  g_autofree double *x = NULL, *y = NULL;
  g_autofree guint8 *pinned = NULL;
  DealFill deals = { 0 }, rest;
  GThread *worker = NULL;
  const char *failed = NULL;

  if (size < sizeof h)
    return fail (error, "it is shorter than its header");
  memcpy (&h, take (&c, 1, sizeof h), sizeof h);
  if (memcmp (h.magic, MAGIC, 4) != 0 || h.byte_order != BYTE_ORDER_MARK)
    return fail (error, "it was not written by Dealscape on a machine of this byte order");
  if (h.format != DS_GRAPH_PREVIEW_FORMAT)
    return fail (error, "it is of another format");

  if ((kinds = take (&c, h.n_entities, 1)) == NULL ||
      (parents = take (&c, h.n_entities, sizeof (DsIndex))) == NULL ||
      (xs = take (&c, h.n_entities, sizeof (double))) == NULL ||
      (ys = take (&c, h.n_entities, sizeof (double))) == NULL ||
      (pins = take (&c, h.n_entities, 1)) == NULL ||
      (offsets = take (&c, h.n_entities, 2 * sizeof (guint32))) == NULL ||
      (investors = take (&c, h.n_deals, sizeof (DsIndex))) == NULL ||
      (targets = take (&c, h.n_deals, sizeof (DsIndex))) == NULL ||
      (dates = take (&c, h.n_deals, sizeof (DsDate))) == NULL ||
      (closes = take (&c, h.n_deals, sizeof (DsDate))) == NULL ||
      (amounts = take (&c, h.n_deals, sizeof (double))) == NULL ||
      (posts = take (&c, h.n_deals, sizeof (double))) == NULL ||
      (instruments = take (&c, h.n_deals, 1)) == NULL ||
      (statuses = take (&c, h.n_deals, 1)) == NULL ||
      (relations = take (&c, h.n_relations, RELATION_ROW_BYTES)) == NULL ||
      (valuations = take (&c, h.n_valuations, VALUATION_ROW_BYTES)) == NULL ||
      (strings = take (&c, h.strings_bytes, 1)) == NULL || c.at != c.end)
    return fail (error, "its arrays do not add up to its size");
  /* Every string offset must land before a NUL inside the block. */
  if (h.strings_bytes == 0 || strings[h.strings_bytes - 1] != '\0')
    return fail (error, "its strings are cut short");

  ls = ds_landscape_new ();
  ds_landscape_reserve (ls, h.n_entities, 0);
  x = ds_memory_alloc0 (MAX (h.n_entities, 1), sizeof (double));
  y = ds_memory_alloc0 (MAX (h.n_entities, 1), sizeof (double));
  pinned = g_malloc (MAX (h.n_entities, 1));
  memcpy (x, xs, h.n_entities * sizeof (double));
  memcpy (y, ys, h.n_entities * sizeof (double));
  memcpy (pinned, pins, h.n_entities);
  /* The deals have no ids of their own here: one empty string for all.
   * Filling a million fresh deal slots is most of the decoding (the
   * kernel's first touch of 150 MB): a thread fills the first two thirds
   * while this one adds the entities and fills the rest. */
  deals.slots = ds_landscape_deal_slots (ls, h.n_deals);
  deals.no_id = ds_landscape_intern (ls, "");
  deals.n_entities = h.n_entities;
  deals.investors = investors;
  deals.targets = targets;
  deals.dates = dates;
  deals.closes = closes;
  deals.amounts = amounts;
  deals.posts = posts;
  deals.instruments = instruments;
  deals.statuses = statuses;
  deals.ok = TRUE;
  rest = deals;
  deals.last = h.n_deals >= PARALLEL_DEALS ? h.n_deals / 3 * 2 : 0;
  rest.first = deals.last;
  rest.last = h.n_deals;
  if (deals.last > 0)
    worker = g_thread_new ("ds-preview-deals", fill_deals_thread, &deals);
  for (guint i = 0; i < h.n_entities; i++)
    {
      guint32 off[2];
      DsIndex parent;
      DsEntity e = { 0 };

      memcpy (off, offsets + i * sizeof off, sizeof off);
      memcpy (&parent, parents + i * sizeof parent, sizeof parent);
      if (off[0] >= h.strings_bytes || off[1] >= h.strings_bytes || kinds[i] >= DS_ENTITY_N_KINDS ||
          (parent != DS_NONE && !check_entity (parent, h.n_entities)))
        {
          failed = "an entity is out of range";
          break;
        }
      e.id = (const char *) strings + off[0];
      e.name = (const char *) strings + off[1];
      e.kind = kinds[i];
      e.parent = parent;
      if (ds_landscape_add_entity (ls, &e) == DS_NONE)
        {
          failed = "two entities have one id";
          break;
        }
    }
  if (worker != NULL)
    g_thread_join (worker);
  if (failed == NULL && (!deals.ok || !fill_deals (&rest)))
    failed = "a deal is out of range";
  if (failed != NULL)
    {
      ds_landscape_fill_deal_slots (ls, 0);
      return fail (error, failed);
    }
  ds_landscape_fill_deal_slots (ls, h.n_deals);

  for (guint k = 0; k < h.n_relations; k++)
    {
      const guint8 *row = relations + k * RELATION_ROW_BYTES;
      DsRelation r = { 0 };
      guint32 id;

      r.kind = row[0];
      memcpy (&r.from, row + 1, 4);
      memcpy (&r.to, row + 5, 4);
      memcpy (&r.date, row + 9, 4);
      memcpy (&id, row + 13, 4);
      r.source = DS_NONE;
      if (id >= h.strings_bytes || row[0] >= DS_RELATION_N_KINDS || !check_entity (r.from, h.n_entities) ||
          !check_entity (r.to, h.n_entities))
        return fail (error, "a relation is out of range");
      r.id = (const char *) strings + id;
      if (ds_landscape_add_relation (ls, &r) == DS_NONE)
        return fail (error, "two relations have one id");
    }

  for (guint k = 0; k < h.n_valuations; k++)
    {
      const guint8 *row = valuations + k * VALUATION_ROW_BYTES;
      DsMetric m = { .name = "valuation_usd", .unit = "usd", .source = DS_NONE };

      memcpy (&m.entity, row, 4);
      memcpy (&m.date, row + 4, 4);
      memcpy (&m.value, row + 8, 8);
      if (!check_entity (m.entity, h.n_entities))
        return fail (error, "a valuation is out of range");
      ds_landscape_add_metric (ls, &m);
    }
  ds_landscape_finish (ls);

  stamp->max_entity_rowid = h.max_entity_rowid;
  stamp->max_deal_rowid = h.max_deal_rowid;
  *x_out = g_steal_pointer (&x);
  *y_out = g_steal_pointer (&y);
  *pinned_out = g_steal_pointer (&pinned);
  return g_steal_pointer (&ls);
}
