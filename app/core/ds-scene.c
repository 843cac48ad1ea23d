/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-scene.c: building the draw-ready snapshot: what is visible at a date,
 * node sizes, edge widths and labels, emphasis, and the drawing orders. */
#define G_LOG_DOMAIN "ds-scene"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ds-beside.h"
#include "ds-format.h"
#include "ds-memory.h"
#include "ds-scene-private.h"

void
ds_scene_options_init (DsSceneOptions *opts)
{
  memset (opts, 0, sizeof *opts);
  opts->size_by = DS_SIZE_BY_VALUATION;
  opts->relation_kinds = DS_SCENE_ALL;
  opts->entity_kinds = DS_SCENE_ALL;
  opts->deal_statuses = DS_SCENE_ALL;
  opts->selected = DS_NONE;
  opts->hovered = DS_NONE;
}

DsScene *
ds_scene_new (guint n_nodes, guint n_edges)
{
  DsScene *self = g_new0 (DsScene, 1);
  guint nn = MAX (n_nodes, 1), ne = MAX (n_edges, 1);

  g_atomic_ref_count_init (&self->ref_count);

  self->n_nodes = n_nodes;
  self->node_entity = ds_memory_alloc0 (nn, sizeof (DsIndex));
  self->node_x = ds_memory_alloc0 (nn, sizeof (double));
  self->node_y = ds_memory_alloc0 (nn, sizeof (double));
  self->node_radius = ds_memory_alloc0 (nn, sizeof (double));
  self->node_kind = ds_memory_alloc0 (nn, sizeof (guint8));
  self->node_visible = ds_memory_alloc0 (nn, sizeof (guint8));
  self->node_emphasis = ds_memory_alloc0 (nn, sizeof (guint8));
  self->node_flags = ds_memory_alloc0 (nn, sizeof (guint8));
  self->node_label = ds_memory_alloc0 (nn, sizeof (const char *));
  self->node_importance = ds_memory_alloc0 (nn, sizeof (double));
  self->node_value = ds_memory_alloc0 (nn, sizeof (double));
  self->node_order = ds_memory_alloc0 (nn, sizeof (guint32));
  self->label_order = ds_memory_alloc0 (nn, sizeof (guint32));
  for (guint i = 0; i < n_nodes; i++)
    {
      self->node_entity[i] = i;
      self->node_emphasis[i] = DS_EMPHASIS_NORMAL;
    }

  self->n_edges = n_edges;
  self->edge_from = ds_memory_alloc0 (ne, sizeof (guint32));
  self->edge_to = ds_memory_alloc0 (ne, sizeof (guint32));
  self->edge_item = ds_memory_alloc0 (ne, sizeof (DsIndex));
  self->edge_kind = ds_memory_alloc0 (ne, sizeof (guint8));
  self->edge_style = ds_memory_alloc0 (ne, sizeof (guint8));
  self->edge_dashed = ds_memory_alloc0 (ne, sizeof (guint8));
  self->edge_emphasis = ds_memory_alloc0 (ne, sizeof (guint8));
  self->edge_width = ds_memory_alloc0 (ne, sizeof (double));
  self->edge_amount = ds_memory_alloc0 (ne, sizeof (double));
  self->edge_label = ds_memory_alloc0 (ne, sizeof (const char *));
  self->edge_date = ds_memory_alloc0 (ne, sizeof (DsDate));
  self->edge_status = ds_memory_alloc0 (ne, sizeof (guint8));
  self->edge_scenario = ds_memory_alloc0 (ne, sizeof (guint8));
  self->edge_importance = ds_memory_alloc0 (ne, sizeof (double));
  self->edge_bend = ds_memory_alloc0 (ne, sizeof (double));
  self->edge_order = ds_memory_alloc0 (ne, sizeof (guint32));
  self->edge_label_order = ds_memory_alloc0 (ne, sizeof (guint32));
  self->edge_lod_order = ds_memory_alloc0 (ne, sizeof (guint32));
  for (guint i = 0; i < n_edges; i++)
    {
      self->edge_item[i] = DS_NONE;
      self->edge_amount[i] = NAN;
      self->edge_emphasis[i] = DS_EMPHASIS_NORMAL;
    }

  self->strings = g_string_chunk_new (4096);
  return self;
}

DsScene *
ds_scene_ref (DsScene *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

DsScene *
ds_scene_fork (DsScene *self)
{
  gsize nn = MAX (self->n_nodes, 1), ne = MAX (self->n_edges, 1);
  DsScene *fork;

  g_return_val_if_fail (self != NULL, NULL);

  fork = g_new (DsScene, 1);
  *fork = *self;
  g_atomic_ref_count_init (&fork->ref_count);
  fork->base = ds_scene_ref (self->base != NULL ? self->base : self);
  fork->node_emphasis = g_memdup2 (self->node_emphasis, nn);
  fork->node_flags = g_memdup2 (self->node_flags, nn);
  fork->node_order = g_memdup2 (self->node_order, nn * sizeof (guint32));
  fork->label_order = g_memdup2 (self->label_order, nn * sizeof (guint32));
  fork->edge_emphasis = g_memdup2 (self->edge_emphasis, ne);
  fork->edge_order = g_memdup2 (self->edge_order, ne * sizeof (guint32));
  fork->edge_label_order = g_memdup2 (self->edge_label_order, ne * sizeof (guint32));
  fork->edge_lod_order = g_memdup2 (self->edge_lod_order, ne * sizeof (guint32));
  fork->edge_lit = self->edge_lit != NULL ? g_memdup2 (self->edge_lit, ne) : NULL;
  fork->node_x = g_memdup2 (self->node_x, nn * sizeof (double));
  fork->node_y = g_memdup2 (self->node_y, nn * sizeof (double));
  return fork;
}

/* What a fork owns. */
static void
free_focus_arrays (DsScene *self)
{
  g_free (self->node_emphasis);
  g_free (self->node_flags);
  g_free (self->node_order);
  g_free (self->label_order);
  g_free (self->edge_emphasis);
  g_free (self->edge_order);
  g_free (self->edge_label_order);
  g_free (self->edge_lod_order);
  g_free (self->edge_lit);
}

void
ds_scene_free (DsScene *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  free_focus_arrays (self);
  if (self->base != NULL)
    {
      g_free (self->node_x);
      g_free (self->node_y);
      ds_scene_free (self->base);
      g_free (self);
      return;
    }
  g_free (self->node_entity);
  g_free (self->node_x);
  g_free (self->node_y);
  g_free (self->node_radius);
  g_free (self->node_kind);
  g_free (self->node_visible);
  g_free (self->node_label);
  g_free (self->node_importance);
  g_free (self->node_value);
  g_free (self->edge_from);
  g_free (self->edge_to);
  g_free (self->edge_item);
  g_free (self->edge_kind);
  g_free (self->edge_style);
  g_free (self->edge_dashed);
  g_free (self->edge_width);
  g_free (self->edge_amount);
  g_free (self->edge_label);
  g_free (self->edge_date);
  g_free (self->edge_status);
  g_free (self->edge_scenario);
  g_free (self->edge_importance);
  g_free (self->edge_bend);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  g_free (self);
}

/* "$4B note, Nov 2024, negotiating (scenario)" into buf. */
static const char *
format_deal_label (const DsScene *self, guint e, char *buf)
{
  g_autofree char *amount = ds_is_set (self->edge_amount[e]) ? ds_format_usd (self->edge_amount[e]) : NULL;
  g_autofree char *when = ds_format_date_short (self->edge_date[e]);
  const char *status = self->edge_dashed[e] ? ds_deal_status_to_string (self->edge_status[e]) : NULL;

  g_snprintf (buf, DS_SCENE_EDGE_LABEL_SIZE, "%s%s%s%s%s%s%s%s", amount ? amount : "", amount ? " " : "",
              ds_scene_instrument_label (self->edge_style[e]),
              *when ? ", " : "", when,
              status ? ", " : "", status ? status : "",
              self->edge_scenario[e] ? " (scenario)" : "");
  return buf;
}

const char *
ds_scene_edge_label (const DsScene *self, guint e, char *buf)
{
  if (self->edge_label[e] != NULL)
    return self->edge_label[e];
  if (self->lazy_edge_labels && self->edge_kind[e] == DS_EDGE_DEAL)
    return format_deal_label (self, e, buf);
  return NULL;
}

const char *
ds_scene_intern (DsScene *self, const char *text)
{
  return text ? g_string_chunk_insert_const (self->strings, text) : NULL;
}

typedef struct {
  double   key;
  guint32  index;
} SortItem;

static int
sort_item_cmp (const void *a, const void *b)
{
  const SortItem *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  /* Ties by index keep every order deterministic across qsort versions. */
  return x->index < y->index ? -1 : x->index > y->index;
}

/* A double as an unsigned integer of the same order (negatives flipped
 * whole, positives with the sign bit set); -0 sorts before +0, which
 * compare equal as doubles: both are made +0 first. */
static inline guint64
sortable_bits (double key)
{
  guint64 bits;

  key = key == 0 ? 0 : key;
  memcpy (&bits, &key, sizeof bits);
  return bits & G_GUINT64_CONSTANT (0x8000000000000000) ? ~bits : bits | G_GUINT64_CONSTANT (0x8000000000000000);
}

#define RADIX_BITS 16
#define RADIX_MIN  4096   /* below this qsort is as fast */

/* Sorts by key, ties by index, like qsort with sort_item_cmp: items come
 * in index order and a least-significant-digit radix sort is stable. Four
 * passes over 16-bit digits, skipping the digits every key shares, instead
 * of n log n comparisons: the three edge orders of a million-deal scene
 * are sorted again on every selection. */
/* A SortItem whose key was turned into sortable_bits, in place. */
typedef struct {
  guint64  bits;
  guint32  index;
} RadixItem;
G_STATIC_ASSERT (sizeof (RadixItem) == sizeof (SortItem));

/* The radix sort's second buffer, kept by a caller that sorts several times
 * in a row: at 1M deals each is 16 MB of fresh pages, which the kernel
 * zeroes on first touch (about a tenth of the first frame's scene time). */
typedef struct {
  RadixItem *other;
  guint      n;
  guint32   *count;
} SortScratch;

static void
sort_scratch_clear (SortScratch *scratch)
{
  g_clear_pointer (&scratch->other, g_free);
  g_clear_pointer (&scratch->count, g_free);
  scratch->n = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SortScratch, sort_scratch_clear)

static void
sort_indices (SortItem *items, guint n, guint32 *out, SortScratch *scratch)
{
  RadixItem *from, *to;
  guint32 *count;
  guint64 all_and = ~G_GUINT64_CONSTANT (0), all_or = 0;
  gboolean in_index_order = TRUE;

  for (guint i = 1; i < n && in_index_order; i++)
    in_index_order = items[i - 1].index < items[i].index;
  if (n < RADIX_MIN || !in_index_order)
    {
      qsort (items, n, sizeof *items, sort_item_cmp);
      for (guint i = 0; i < n; i++)
        out[i] = items[i].index;
      return;
    }
  /* The items themselves are the first buffer (their keys are rewritten as
   * bits; callers refill them before another sort; the build has
   * -fno-strict-aliasing), so the sort takes one more array of the same
   * size: fresh memory is most of a big sort's cost here (the kernel
   * zeroes each new page), and huge pages make it cheaper still. */
  from = (RadixItem *) items;
  for (guint i = 0; i < n; i++)
    {
      guint64 bits = sortable_bits (items[i].key);
      from[i].bits = bits;
      all_and &= bits;
      all_or |= bits;
    }
  if (scratch->n < n)
    {
      g_free (scratch->other);
      scratch->other = ds_memory_alloc0 (n, sizeof (RadixItem));
      scratch->n = n;
    }
  if (scratch->count == NULL)
    scratch->count = g_new (guint32, 1u << RADIX_BITS);
  to = scratch->other;
  count = scratch->count;
  for (guint shift = 0; shift < 64; shift += RADIX_BITS)
    {
      guint64 mask = ((G_GUINT64_CONSTANT (1) << RADIX_BITS) - 1) << shift;
      guint32 sum = 0;

      if (((all_and ^ all_or) & mask) == 0)
        continue;   /* every key has this digit: the pass would change nothing */
      memset (count, 0, sizeof (guint32) << RADIX_BITS);
      for (guint i = 0; i < n; i++)
        count[(from[i].bits >> shift) & ((1u << RADIX_BITS) - 1)]++;
      for (guint d = 0; d < 1u << RADIX_BITS; d++)
        {
          guint32 c = count[d];
          count[d] = sum;
          sum += c;
        }
      for (guint i = 0; i < n; i++)
        to[count[(from[i].bits >> shift) & ((1u << RADIX_BITS) - 1)]++] = from[i];
      { RadixItem *t = from; from = to; to = t; }
    }
  for (guint i = 0; i < n; i++)
    out[i] = from[i].index;
}

/* From this many edges a scene uses the second core for work that does
 * not depend on the rest; below, a thread costs more than it saves. */
#define BESIDE_MIN_EDGES 50000

/* The level-of-detail and edge label orders: a thread's share of
 * compute_orders, with its own scratch. */
static gpointer
compute_edge_lod_orders (gpointer data)
{
  DsScene *self = data;
  g_autofree SortItem *items = ds_memory_alloc0 (MAX (self->n_edges, 1), sizeof (SortItem));
  g_auto(SortScratch) scratch = { 0 };
  guint n = 0;

  /* Highlighted first, then by importance (amount), then wide first. */
  for (guint i = 0; i < self->n_edges; i++)
    items[i] = (SortItem) { -(self->edge_emphasis[i] * 1e7 + self->edge_importance[i] * 100 + self->edge_width[i]), i };
  sort_indices (items, self->n_edges, self->edge_lod_order, &scratch);

  for (guint i = 0; i < self->n_edges; i++)
    if ((self->edge_label[i] || (self->lazy_edge_labels && self->edge_kind[i] == DS_EDGE_DEAL))
        && self->edge_emphasis[i] != DS_EMPHASIS_DIM)
      items[n++] = (SortItem) { -(self->edge_emphasis[i] * 1e7 + self->edge_importance[i]), i };
  self->n_edge_labels = n;
  sort_indices (items, n, self->edge_label_order, &scratch);
  return NULL;
}

/* Orders depend on emphasis, so they are rebuilt with the focus. */
static void
compute_orders (DsScene *self)
{
  g_autofree SortItem *items = ds_memory_alloc0 (MAX (MAX (self->n_nodes, self->n_edges), 1), sizeof (SortItem));
  g_auto(SortScratch) scratch = { 0 };
  guint n = 0;
  DsBeside lod;

  ds_beside_start (&lod, compute_edge_lod_orders, self, self->n_edges >= BESIDE_MIN_EDGES);

  /* Importance is below 1e6 by construction, so emphasis dominates. */
  for (guint i = 0; i < self->n_nodes; i++)
    if (self->node_visible[i])
      items[n++] = (SortItem) { self->node_emphasis[i] * 1e7 + self->node_importance[i], i };
  self->n_node_order = n;
  sort_indices (items, n, self->node_order, &scratch);
  for (guint i = 0; i < n; i++)
    self->label_order[i] = self->node_order[n - 1 - i];

  {
    /* Within a group, by width: strokes of equal width then batch together. */
    double max_w = 1e-300;
    for (guint i = 0; i < self->n_edges; i++)
      max_w = MAX (max_w, self->edge_width[i]);
    for (guint i = 0; i < self->n_edges; i++)
      items[i] = (SortItem) { ((self->edge_emphasis[i] * DS_EDGE_N_STYLES + self->edge_style[i]) * 2
                               + self->edge_dashed[i]) * 2.0 + MIN (self->edge_width[i] / max_w, 1.0) * 0.999, i };
  }
  sort_indices (items, self->n_edges, self->edge_order, &scratch);
  ds_beside_join (&lod);
}

void
ds_scene_set_focus (DsScene *self, DsIndex selected, DsIndex hovered)
{
  DsIndex focus[2] = { selected, hovered };
  gboolean any = FALSE;

  if (self->focus_current && self->focus_selected == selected && self->focus_hovered == hovered)
    return;
  self->focus_current = TRUE;
  self->focus_selected = selected;
  self->focus_hovered = hovered;
  self->edge_focused = FALSE;
  for (guint i = 0; i < self->n_nodes; i++)
    self->node_flags[i] = 0;
  for (guint f = 0; f < 2; f++)
    if (focus[f] >= 0 && (guint) focus[f] < self->n_nodes && self->node_visible[focus[f]])
      {
        self->node_flags[focus[f]] |= f == 0 ? DS_NODE_SELECTED : DS_NODE_HOVERED;
        any = TRUE;
      }

  self->has_focus = any;
  if (!any && self->edge_lit)
    {
      /* Nothing in focus: the highlight set shows. */
      for (guint i = 0; i < self->n_nodes; i++)
        self->node_emphasis[i] = DS_EMPHASIS_DIM;
      for (guint e = 0; e < self->n_edges; e++)
        {
          self->edge_emphasis[e] = self->edge_lit[e] ? DS_EMPHASIS_HIGHLIGHT : DS_EMPHASIS_DIM;
          if (self->edge_lit[e])
            self->node_emphasis[self->edge_from[e]] = self->node_emphasis[self->edge_to[e]] = DS_EMPHASIS_HIGHLIGHT;
        }
      compute_orders (self);
      return;
    }
  for (guint i = 0; i < self->n_nodes; i++)
    self->node_emphasis[i] = !any ? DS_EMPHASIS_NORMAL
                             : self->node_flags[i] ? DS_EMPHASIS_HIGHLIGHT : DS_EMPHASIS_DIM;
  for (guint e = 0; e < self->n_edges; e++)
    {
      guint32 a = self->edge_from[e], b = self->edge_to[e];

      if (!any)
        self->edge_emphasis[e] = DS_EMPHASIS_NORMAL;
      else if (self->node_flags[a] || self->node_flags[b])
        {
          self->edge_emphasis[e] = DS_EMPHASIS_HIGHLIGHT;
          self->node_emphasis[a] = self->node_emphasis[b] = DS_EMPHASIS_HIGHLIGHT;
        }
      else
        self->edge_emphasis[e] = DS_EMPHASIS_DIM;
    }
  compute_orders (self);
}

void
ds_scene_set_edge_focus (DsScene *self, guint edge, DsIndex hovered)
{
  guint32 a, b;

  if (edge >= self->n_edges)
    {
      ds_scene_set_focus (self, DS_NONE, hovered);
      return;
    }
  self->focus_current = FALSE;
  a = self->edge_from[edge];
  b = self->edge_to[edge];
  for (guint i = 0; i < self->n_nodes; i++)
    self->node_flags[i] = 0;
  self->node_flags[a] |= DS_NODE_SELECTED;
  self->node_flags[b] |= DS_NODE_SELECTED;
  if (hovered >= 0 && (guint) hovered < self->n_nodes && self->node_visible[hovered])
    self->node_flags[hovered] |= DS_NODE_HOVERED;
  self->has_focus = TRUE;
  self->edge_focused = TRUE;
  self->focus_edge = edge;
  /* Unlike a node's focus, only the ends are lit: the deal is the subject,
   * not the neighbourhood of either party. */
  for (guint i = 0; i < self->n_nodes; i++)
    self->node_emphasis[i] = self->node_flags[i] ? DS_EMPHASIS_HIGHLIGHT : DS_EMPHASIS_DIM;
  for (guint e = 0; e < self->n_edges; e++)
    self->edge_emphasis[e] = e == edge ? DS_EMPHASIS_HIGHLIGHT : DS_EMPHASIS_DIM;
  compute_orders (self);
}

void
ds_scene_set_highlight (DsScene *self, const guint8 *deal_lit, guint n_deals)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->edge_lit, g_free);
  if (deal_lit != NULL)
    {
      self->edge_lit = g_new0 (guint8, MAX (self->n_edges, 1));
      for (guint e = 0; e < self->n_edges; e++)
        self->edge_lit[e] = self->edge_kind[e] == DS_EDGE_DEAL && self->edge_item[e] >= 0
                            && (guint) self->edge_item[e] < n_deals && deal_lit[self->edge_item[e]];
    }
  ds_scene_finish (self);
}

/* The bounds of the visible nodes, radii included; the largest radius. */
static void
update_bounds (DsScene *self)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (guint i = 0; i < self->n_nodes; i++)
    {
      double r = self->node_radius[i];

      if (!self->node_visible[i])
        continue;
      x0 = MIN (x0, self->node_x[i] - r);
      y0 = MIN (y0, self->node_y[i] - r);
      x1 = MAX (x1, self->node_x[i] + r);
      y1 = MAX (y1, self->node_y[i] + r);
      self->node_scale = MAX (self->node_scale, r);
    }
  if (x0 > x1)
    x0 = y0 = x1 = y1 = 0;
  self->x0 = x0;
  self->y0 = y0;
  self->x1 = x1;
  self->y1 = y1;
}

void
ds_scene_finish (DsScene *self)
{
  DsIndex selected = DS_NONE, hovered = DS_NONE;

  update_bounds (self);
  self->kinds_present = self->styles_present = self->dashed_present = 0;
  for (guint i = 0; i < self->n_nodes; i++)
    {
      if (!self->node_visible[i])
        continue;
      self->kinds_present |= 1u << self->node_kind[i];
      if (self->node_flags[i] & DS_NODE_SELECTED)
        selected = i;
      if (self->node_flags[i] & DS_NODE_HOVERED)
        hovered = i;
    }

  for (guint e = 0; e < self->n_edges; e++)
    {
      if (self->edge_dashed[e])
        self->dashed_present |= 1u << self->edge_style[e];
      else
        self->styles_present |= 1u << self->edge_style[e];
    }
  /* Whatever changed (the highlight set, emphasis) is taken into account. */
  self->focus_current = FALSE;
  if (self->edge_focused)
    ds_scene_set_edge_focus (self, self->focus_edge, hovered);
  else
    ds_scene_set_focus (self, selected, hovered);
}

/* The focus and drawing orders do not depend on positions: only the
 * bounds are computed again (at a million edges the orders took 50 ms). */
void
ds_scene_set_positions (DsScene *self, const double *x, const double *y)
{
  for (guint i = 0; i < self->n_nodes; i++)
    {
      self->node_x[i] = x[i];
      self->node_y[i] = y[i];
    }
  update_bounds (self);
}

void
ds_scene_move_nodes (DsScene       *self,
                     const guint32 *nodes,
                     guint          n_nodes,
                     const double  *x,
                     const double  *y)
{
  for (guint i = 0; i < n_nodes; i++)
    {
      guint32 v = nodes[i];
      double r;

      g_return_if_fail (v < self->n_nodes);
      self->node_x[v] = x[v];
      self->node_y[v] = y[v];
      if (!self->node_visible[v])
        continue;
      r = self->node_radius[v];
      self->x0 = MIN (self->x0, x[v] - r);
      self->y0 = MIN (self->y0, y[v] - r);
      self->x1 = MAX (self->x1, x[v] + r);
      self->y1 = MAX (self->y1, y[v] + r);
    }
}

const char *
ds_scene_instrument_label (DsInstrument instrument)
{
  switch (instrument)
    {
    case DS_INSTRUMENT_EQUITY: return "equity";
    case DS_INSTRUMENT_CONVERTIBLE_NOTE: return "note";
    case DS_INSTRUMENT_SAFE: return "SAFE";
    case DS_INSTRUMENT_COMPUTE_CREDITS: return "credits";
    case DS_INSTRUMENT_COMPUTE_COMMITMENT: return "compute";
    case DS_INSTRUMENT_WARRANT: return "warrant";
    case DS_INSTRUMENT_ACQUISITION: return "acquisition";
    case DS_INSTRUMENT_DEBT: return "debt";
    case DS_INSTRUMENT_OTHER:
    case DS_INSTRUMENT_N_KINDS:
    default: return "deal";
    }
}

/* The valuation an entity had at `date`: the most recent of the last
 * post-money of a done deal into it and its last valuation_usd metric. */
static double
valuation_at (DsLandscape *ls, DsIndex entity, DsDate date, const DsDate *last_deal_date,
              const double *last_post)
{
  guint first, n = ds_landscape_metric_series (ls, entity, "valuation_usd", &first);
  double value = last_post[entity];
  DsDate when = last_deal_date[entity];

  for (guint k = 0; k < n; k++)
    {
      const DsMetric *m = ds_landscape_metric (ls, first + k);
      if (date != DS_DATE_NONE && m->date > date)
        break;
      if (m->date >= when || !ds_is_set (value))
        {
          value = m->value;
          when = m->date;
        }
    }
  return value;
}

/* Edges sharing a pair of nodes (Amazon's three notes into Anthropic, a
 * supply relation next to a deal) would draw on top of each other: give
 * each a distinct bend, symmetric around the straight line. Bends are steps
 * of the renderer's offset; a bundle of more than MAX_BEND_STEPS * 2 + 1
 * edges (the dozens of rounds between two nodes of an imported database)
 * is squeezed into the same fan rather than looping far across the view. */
#define MAX_BEND_STEPS 2.0
static gpointer
compute_bends (gpointer data)
{
  DsScene *self = data;
  g_autofree SortItem *items = ds_memory_alloc0 (MAX (self->n_edges, 1), sizeof (SortItem));
  g_autofree guint32 *order = ds_memory_alloc0 (MAX (self->n_edges, 1), sizeof (guint32));
  g_autofree double *key = ds_memory_alloc0 (MAX (self->n_edges, 1), sizeof (double));
  g_auto(SortScratch) scratch = { 0 };
  guint i = 0;

  /* The unordered pair as one exact double (node indices are below 2^21). */
  for (guint e = 0; e < self->n_edges; e++)
    {
      guint32 a = MIN (self->edge_from[e], self->edge_to[e]), b = MAX (self->edge_from[e], self->edge_to[e]);
      key[e] = (double) a * 4294967296.0 + b;
      items[e] = (SortItem) { key[e], e };
    }
  sort_indices (items, self->n_edges, order, &scratch);
  while (i < self->n_edges)
    {
      guint j = i;
      while (j < self->n_edges && key[order[j]] == key[order[i]])
        j++;
      if (j - i > 1)
        for (guint k = i; k < j; k++)
          {
            guint32 e = order[k];
            double half = (j - i - 1) / 2.0;
            double bend = (double) (k - i) - half;

            if (half > MAX_BEND_STEPS)
              bend *= MAX_BEND_STEPS / half;
            /* Bends are relative to the direction: flip for reversed edges so
             * that A->B and B->A separate instead of crossing. */
            if (self->edge_from[e] > self->edge_to[e])
              bend = -bend;
            self->edge_bend[e] = bend;
          }
      i = j;
    }
  return NULL;
}

static gboolean
date_shown (DsDate item, DsDate date)
{
  return date == DS_DATE_NONE || item == DS_DATE_NONE || item <= date;
}

gboolean
ds_scene_node_shown (DsLandscape          *ls,
                     const DsSceneInput   *in,
                     guint                 i,
                     const double         *x,
                     const double         *y,
                     const DsSceneOptions *opts)
{
  return in->entity_present[i] && (opts->entity_kinds & (1u << ds_landscape_entity (ls, i)->kind))
         && isfinite (x[i]) && isfinite (y[i]);
}

gboolean
ds_scene_deal_shown (const DsSceneInput   *in,
                     guint                 k,
                     const guint8         *node_visible,
                     const DsSceneOptions *opts)
{
  const DsDeal *d = &in->deals[k];

  /* The INVESTS relation kind stands for the deals. */
  return (opts->relation_kinds & (1u << DS_RELATION_INVESTS)) && in->deal_visible[k]
         && (opts->deal_statuses & (1u << d->status))
         && (d->date == DS_DATE_NONE
             || ((opts->deals_from == DS_DATE_NONE || ds_date_period_end (d->date) >= opts->deals_from)
                 && (opts->deals_to == DS_DATE_NONE || d->date <= ds_date_period_end (opts->deals_to))))
         && d->investor >= 0 && d->target >= 0 && node_visible[d->investor] && node_visible[d->target];
}

DsScene *
ds_scene_build_from (DsLandscape          *ls,
                     const DsSceneInput   *in,
                     const double         *x,
                     const double         *y,
                     const DsSceneOptions *opts)
{
  guint n = ds_landscape_n_entities (ls);
  g_autofree guint8 *visible = g_new0 (guint8, MAX (n, 1));
  g_autofree double *degree = g_new0 (double, MAX (n, 1));
  /* The disclosed money of the deals shown, in and out: an investor has
   * no valuation, yet Amazon is half of the Amazon-Anthropic story. */
  g_autofree double *money = g_new0 (double, MAX (n, 1));
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (guint32) * 2);
  DsDate date = ds_date_period_end (in->date);
  DsScene *self;
  double max_value = 0, max_money = 0, spread, bx0 = G_MAXDOUBLE, by0 = G_MAXDOUBLE, bx1 = -G_MAXDOUBLE, by1 = -G_MAXDOUBLE;
  guint n_visible = 0;
  DsBeside bends;

  for (guint i = 0; i < n; i++)
    visible[i] = ds_scene_node_shown (ls, in, i, x, y, opts);

  /* Edges are collected first: their count sizes the arrays. */
  for (guint k = 0; k < in->n_deals; k++)
    if (ds_scene_deal_shown (in, k, visible, opts))
      {
        guint32 pair[2] = { DS_EDGE_DEAL, k };
        g_array_append_val (edges, pair);
      }
  for (guint k = 0; k < ls->relations->len; k++)
    {
      const DsRelation *r = ds_landscape_relation (ls, k);
      if (!date_shown (r->date, date) || !(opts->relation_kinds & (1u << r->kind))
          || r->from < 0 || r->to < 0 || !visible[r->from] || !visible[r->to])
        continue;
      guint32 pair[2] = { DS_EDGE_RELATION, k };
      g_array_append_val (edges, pair);
    }

  self = ds_scene_new (n, edges->len);
  self->date = in->date;
  self->lazy_edge_labels = edges->len > DS_SCENE_EAGER_EDGE_LABELS;
  /* The scene's labels point into the landscape: keep it alive with them. */
  self->landscape = ds_landscape_ref (ls);
  for (guint i = 0; i < n; i++)
    {
      const DsEntity *ent = ds_landscape_entity (ls, i);
      self->node_x[i] = x[i];
      self->node_y[i] = y[i];
      self->node_kind[i] = ent->kind;
      self->node_label[i] = ent->name;
      self->node_visible[i] = visible[i];
      self->node_value[i] = NAN;
    }

  for (guint e = 0; e < edges->len; e++)
    {
      guint32 *pair = &g_array_index (edges, guint32, 2 * e);
      if (pair[0] == DS_EDGE_DEAL)
        {
          const DsDeal *d = &in->deals[pair[1]];
          gboolean pending = in->deal_pending[pair[1]];

          self->edge_from[e] = d->investor;
          self->edge_to[e] = d->target;
          self->edge_item[e] = pair[1];
          self->edge_kind[e] = DS_EDGE_DEAL;
          self->edge_style[e] = d->instrument;
          self->edge_dashed[e] = pending;
          self->edge_amount[e] = d->amount_usd;
          self->edge_date[e] = d->date;
          self->edge_status[e] = d->status;
          self->edge_scenario[e] = pair[1] >= in->n_landscape_deals;
          if (!self->lazy_edge_labels)
            {
              char label[DS_SCENE_EDGE_LABEL_SIZE];
              self->edge_label[e] = ds_scene_intern (self, format_deal_label (self, e, label));
            }
          self->edge_importance[e] = ds_is_set (d->amount_usd) ? log10 (MAX (d->amount_usd, 1)) : 0;
        }
      else
        {
          const DsRelation *r = ds_landscape_relation (ls, pair[1]);
          self->edge_from[e] = r->from;
          self->edge_to[e] = r->to;
          self->edge_item[e] = pair[1];
          self->edge_kind[e] = DS_EDGE_RELATION;
          self->edge_style[e] = DS_EDGE_STYLE_RELATION + r->kind;
        }
      degree[self->edge_from[e]] += 1;
      degree[self->edge_to[e]] += 1;
      if (self->edge_kind[e] == DS_EDGE_DEAL && ds_is_set (self->edge_amount[e]) && self->edge_amount[e] > 0)
        {
          money[self->edge_from[e]] += self->edge_amount[e];
          money[self->edge_to[e]] += self->edge_amount[e];
        }
    }

  /* Bends need only the ends, and nothing below reads them. */
  ds_beside_start (&bends, compute_bends, self, self->n_edges >= BESIDE_MIN_EDGES);

  for (guint i = 0; i < n; i++)
    {
      double v;

      if (!self->node_visible[i])
        continue;
      v = in->size_value ? in->size_value[i] : degree[i];
      self->node_value[i] = v;
      if (ds_is_set (v))
        max_value = MAX (max_value, v);
      max_money = MAX (max_money, money[i]);
      bx0 = MIN (bx0, x[i]);
      by0 = MIN (by0, y[i]);
      bx1 = MAX (bx1, x[i]);
      by1 = MAX (by1, y[i]);
      n_visible++;
    }

  /* Radii follow the layout's scale: the largest node takes a fraction of
   * the mean spacing, so a sparse layout and a dense one both read well. */
  spread = n_visible > 1 ? sqrt (MAX ((bx1 - bx0) * (by1 - by0), 1e-9) / n_visible) : 1;
  self->node_scale = opts->node_scale > 0 ? opts->node_scale : 0.32 * spread;
  for (guint i = 0; i < n; i++)
    {
      double v = self->node_value[i];
      double share = (ds_is_set (v) && max_value > 0) ? sqrt (MAX (v, 0) / max_value) : 0;
      double money_share = max_money > 0 ? sqrt (money[i] / max_money) : 0;

      self->node_radius[i] = self->node_scale * (0.28 + 0.72 * share);
      /* Labels (and the order of drawing) go first to what matters most by
       * the size measure or by the money through it, whichever says more;
       * degree breaks ties so hubs get their label. */
      self->node_importance[i] = MAX (share, money_share) * 100 + log1p (degree[i]);
      self->node_flags[i] = (opts->selected == (DsIndex) i ? DS_NODE_SELECTED : 0)
                            | (opts->hovered == (DsIndex) i ? DS_NODE_HOVERED : 0);
    }

  for (guint e = 0; e < self->n_edges; e++)
    {
      double a = self->edge_amount[e];
      /* Log scale: $10M and under the base width, each tenfold one more. */
      double f = ds_is_set (a) && a > 0 ? CLAMP (1 + log10 (a / 1e7), 1, 5) : 1;
      self->edge_width[e] = self->node_scale * 0.03 * f;
    }

  ds_scene_finish (self);
  ds_beside_join (&bends);
  return self;
}

DsScene *
ds_scene_build (DsLandscape          *ls,
                DsDate                date,
                const double         *x,
                const double         *y,
                const DsSceneOptions *opts)
{
  DsSceneOptions defaults;
  guint n, nd;
  g_autofree DsDate *first_seen = NULL;
  g_autofree guint8 *present = NULL, *visible = NULL, *deal_visible = NULL, *deal_pending = NULL;
  g_autofree double *px = NULL, *py = NULL, *size_value = NULL;
  DsSceneInput in = { 0 };
  DsDate closed;

  g_return_val_if_fail (ls != NULL, NULL);

  n = ds_landscape_n_entities (ls);
  nd = ls->deals->len;
  closed = ds_date_period_end (date);
  if (opts == NULL)
    {
      ds_scene_options_init (&defaults);
      opts = &defaults;
    }
  if (x == NULL || y == NULL)
    {
      px = g_new (double, MAX (n, 1));
      py = g_new (double, MAX (n, 1));
      ds_scene_placeholder_layout (ls, px, py);
      x = px;
      y = py;
    }

  /* An entity enters the picture with its first dated deal or relation. */
  first_seen = g_new (DsDate, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    first_seen[i] = DS_DATE_NONE;
#define SEEN(e, d) G_STMT_START { if ((d) != DS_DATE_NONE && (first_seen[e] == DS_DATE_NONE || (d) < first_seen[e])) first_seen[e] = (d); } G_STMT_END
  /* One pass over the deals for both (a million of them are 150 MB). */
  deal_visible = g_new (guint8, MAX (nd, 1));
  deal_pending = g_new (guint8, MAX (nd, 1));
  for (guint k = 0; k < nd; k++)
    {
      const DsDeal *d = ds_landscape_deal (ls, k);
      SEEN (d->investor, d->date);
      SEEN (d->target, d->date);
      deal_visible[k] = date_shown (d->date, closed);
      deal_pending[k] = ds_deal_status_is_pending (d->status);
    }
  for (guint k = 0; k < ls->relations->len; k++)
    {
      const DsRelation *r = ds_landscape_relation (ls, k);
      SEEN (r->from, r->date);
      SEEN (r->to, r->date);
    }
#undef SEEN

  present = g_new (guint8, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    present[i] = closed == DS_DATE_NONE || first_seen[i] == DS_DATE_NONE || first_seen[i] <= closed;

  in.date = date;
  in.entity_present = present;
  in.deals = (const DsDeal *) ls->deals->data;
  in.n_deals = nd;
  in.n_landscape_deals = nd;
  in.deal_visible = deal_visible;
  in.deal_pending = deal_pending;

  if (opts->size_by == DS_SIZE_BY_VALUATION || opts->size_by == DS_SIZE_BY_RAISED
      || opts->size_by == DS_SIZE_BY_INVESTED)
    {
      g_autofree DsDate *last_deal_date = g_new0 (DsDate, MAX (n, 1));
      g_autofree double *last_post = g_new (double, MAX (n, 1));
      g_autofree double *raised = g_new0 (double, MAX (n, 1));
      g_autofree double *invested = g_new0 (double, MAX (n, 1));

      /* Money counts only from the deals drawn, so that the filters resize
       * the nodes as they hide edges. */
      visible = g_new (guint8, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        {
          visible[i] = ds_scene_node_shown (ls, &in, i, x, y, opts);
          last_post[i] = NAN;
        }
      for (guint k = 0; k < nd; k++)
        {
          const DsDeal *d = ds_landscape_deal (ls, k);
          if (!ds_scene_deal_shown (&in, k, visible, opts) || deal_pending[k])
            continue;
          if (ds_is_set (d->amount_usd))
            {
              raised[d->target] += d->amount_usd;
              invested[d->investor] += d->amount_usd;
            }
          if (ds_is_set (d->post_money_usd) && d->date >= last_deal_date[d->target])
            {
              last_post[d->target] = d->post_money_usd;
              last_deal_date[d->target] = d->date;
            }
        }
      size_value = g_new (double, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        size_value[i] = !visible[i] ? NAN
                        : opts->size_by == DS_SIZE_BY_VALUATION ? valuation_at (ls, i, closed, last_deal_date, last_post)
                        : opts->size_by == DS_SIZE_BY_RAISED ? raised[i]
                        : invested[i];
      in.size_value = size_value;
    }

  return ds_scene_build_from (ls, &in, x, y, opts);
}

void
ds_scene_placeholder_layout (DsLandscape *ls, double *x, double *y)
{
  guint n = ds_landscape_n_entities (ls);
  g_autofree SortItem *items = g_new0 (SortItem, MAX (n, 1));
  const double golden = G_PI * (3 - sqrt (5));

  for (guint i = 0; i < n; i++)
    items[i].index = i;
  for (guint k = 0; k < ls->deals->len; k++)
    {
      const DsDeal *d = ds_landscape_deal (ls, k);
      if (d->investor >= 0)
        items[d->investor].key -= 1;
      if (d->target >= 0)
        items[d->target].key -= 1;
    }
  for (guint k = 0; k < ls->relations->len; k++)
    {
      const DsRelation *r = ds_landscape_relation (ls, k);
      if (r->from >= 0)
        items[r->from].key -= 1;
      if (r->to >= 0)
        items[r->to].key -= 1;
    }
  qsort (items, n, sizeof *items, sort_item_cmp);
  for (guint rank = 0; rank < n; rank++)
    {
      double r = 100 * sqrt (rank + 0.5), t = rank * golden;
      x[items[rank].index] = r * cos (t);
      y[items[rank].index] = r * sin (t);
    }
}
