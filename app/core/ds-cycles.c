/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cycles.c: the grouped deal graph of a date range, its strongly
 * connected components, and a length-bounded search for its cycles. */
#define G_LOG_DOMAIN "ds-cycles"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ds-cycles.h"
#include "ds-format.h"

G_DEFINE_QUARK (ds-cycles-error-quark, ds_cycles_error)

/* Exclusions are a bit set over the instruments. */
G_STATIC_ASSERT (DS_INSTRUMENT_N_KINDS <= 32);

#define NO_VERTEX G_MAXUINT32

void
ds_cycle_options_init (DsCycleOptions *opts)
{
  memset (opts, 0, sizeof *opts);
  opts->statuses = DS_CYCLES_ALL_STATUSES;
  opts->group_by_parent = TRUE;
  opts->max_length = 6;
  opts->limit = 1000;
  opts->max_steps = 200000000;
}

gboolean
ds_cycle_options_exclude_instruments (DsCycleOptions *opts,
                                      const char     *names,
                                      GError        **error)
{
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (opts != NULL && names != NULL, FALSE);

  parts = g_strsplit (names, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      int k;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      if ((k = ds_instrument_from_string (parts[i])) < 0)
        {
          g_set_error (error, DS_CYCLES_ERROR, DS_CYCLES_ERROR_INVALID,
                       "unknown instrument “%s”: use one of %s", parts[i], ds_instrument_choices ());
          return FALSE;
        }
      opts->excluded_instruments |= 1u << k;
    }
  return TRUE;
}

DsIndex
ds_cycles_group_of (DsLandscape *ls,
                    DsIndex      entity,
                    gboolean     group_by_parent)
{
  DsIndex n = ds_landscape_n_entities (ls);

  if (!group_by_parent || entity < 0)
    return entity;
  /* Parents cannot form a cycle (the importer refuses one); the bound only
   * keeps a hand-built landscape from looping. */
  for (DsIndex hops = 0; hops < n && ds_landscape_entity (ls, entity)->parent != DS_NONE; hops++)
    entity = ds_landscape_entity (ls, entity)->parent;
  return entity;
}

/* ---- the grouped graph --------------------------------------------------- */

/* A deal of the range, keyed for grouping into edges. */
typedef struct {
  DsIndex  a, b;      /* groups */
  DsDate   key;       /* first day of its date */
  guint32  deal;      /* view index */
} Item;

static int
item_cmp (const void *pa, const void *pb)
{
  const Item *x = pa, *y = pb;

  if (x->a != y->a)
    return x->a < y->a ? -1 : 1;
  if (x->b != y->b)
    return x->b < y->b ? -1 : 1;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->deal < y->deal ? -1 : x->deal > y->deal;
}

/* An edge of the grouped graph: one run of items with the same (a, b). */
typedef struct {
  DsCycleEdge info;   /* first_deal indexes the sorted items */
  DsDate      key;    /* first day of info.first_date */
  guint32     from_v, to_v;
} GraphEdge;

static gboolean
item_in_range (const DsDeal *d, const DsCycleOptions *opts, DsDate from_key, DsDate to_key)
{
  DsDate key = ds_date_first_day (d->date);

  if (d->investor < 0 || d->target < 0)
    return FALSE;
  if (!(opts->statuses & (1u << d->status)))
    return FALSE;
  if ((guint) d->instrument < 32 && (opts->excluded_instruments & (1u << d->instrument)))
    return FALSE;
  if (key == DS_DATE_NONE)
    return from_key == DS_DATE_NONE && to_key == G_MAXINT32;
  return key >= from_key && key <= to_key;
}

/* Strongly connected components (Tarjan, iterative); comp[v] per vertex. */
static void
components (guint nv, const guint32 *out_start, const GraphEdge *edges, guint32 *comp)
{
  g_autofree guint32 *index = g_new (guint32, MAX (nv, 1));
  g_autofree guint32 *low = g_new (guint32, MAX (nv, 1));
  g_autofree guint32 *stack = g_new (guint32, MAX (nv, 1));
  g_autofree guint32 *call = g_new (guint32, MAX (nv, 1));
  g_autofree guint32 *pos = g_new (guint32, MAX (nv, 1));
  g_autofree guint8 *on_stack = g_new0 (guint8, MAX (nv, 1));
  guint32 next_index = 0, n_comp = 0;
  guint sp = 0;

  for (guint v = 0; v < nv; v++)
    index[v] = NO_VERTEX;
  for (guint s = 0; s < nv; s++)
    {
      guint depth = 0;

      if (index[s] != NO_VERTEX)
        continue;
      call[0] = s;
      pos[s] = out_start[s];
      index[s] = low[s] = next_index++;
      stack[sp++] = s;
      on_stack[s] = 1;
      for (;;)
        {
          guint32 v = call[depth];

          if (pos[v] < out_start[v + 1])
            {
              guint32 w = edges[pos[v]++].to_v;
              if (index[w] == NO_VERTEX)
                {
                  index[w] = low[w] = next_index++;
                  stack[sp++] = w;
                  on_stack[w] = 1;
                  pos[w] = out_start[w];
                  call[++depth] = w;
                }
              else if (on_stack[w])
                low[v] = MIN (low[v], index[w]);
              continue;
            }
          if (low[v] == index[v])
            {
              guint32 w;
              do
                {
                  w = stack[--sp];
                  on_stack[w] = 0;
                  comp[w] = n_comp;
                }
              while (w != v);
              n_comp++;
            }
          if (depth == 0)
            break;
          depth--;
          low[call[depth]] = MIN (low[call[depth]], low[v]);
        }
    }
}

/* ---- the search ---------------------------------------------------------- */

/* A cycle as found: edge ranks found_ranks[off .. off + len), the closing
 * edge first, then the path back to its start. */
typedef struct {
  guint   off, len;
  DsDate  key;        /* first day of the closing date */
  double  total;
} Found;

typedef struct {
  const GraphEdge *edges;
  /* Edges inside a component, by rank: (first day, then graph order). */
  guint     n_ranks;
  guint32  *rank_edge;           /* graph edge of a rank */
  guint32  *out_start, *out_adj; /* per vertex: ranks of out-edges, ascending */
  guint32  *in_start, *in_adj;
  guint     max_length;
  guint     limit;
  guint64   max_steps;

  guint64   steps;
  gboolean  budget_exhausted;
  gboolean  evicted;
  GArray   *found;               /* Found */
  GArray   *found_ranks;         /* guint32 */
  guint     n_found;
} Search;

#define EDGE_OF(s, r) (&(s)->edges[(s)->rank_edge[r]])

static int
found_cmp (gconstpointer pa, gconstpointer pb, gpointer data)
{
  const Found *x = pa, *y = pb;
  const guint32 *ranks = data;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  if (isnan (x->total) != isnan (y->total))
    return isnan (x->total) ? 1 : -1;
  if (!isnan (x->total) && x->total != y->total)
    return x->total > y->total ? -1 : 1;
  /* Distinct cycles differ in their ranks: a strict order, so that the
   * cut at the limit is the same whatever order they were found in. */
  for (guint i = 0; i < MIN (x->len, y->len); i++)
    if (ranks[x->off + i] != ranks[y->off + i])
      return ranks[x->off + i] < ranks[y->off + i] ? -1 : 1;
  return x->len < y->len ? -1 : x->len > y->len;
}

/* Sorts what was found and keeps the first `keep`. */
static void
found_cut (Search *s, guint keep)
{
  g_autoptr(GArray) ranks = NULL;

  g_qsort_with_data (s->found->data, (gint) s->found->len, sizeof (Found), found_cmp, s->found_ranks->data);
  if (keep == 0 || s->found->len <= keep)
    return;
  s->evicted = TRUE;
  g_array_set_size (s->found, keep);
  ranks = g_array_sized_new (FALSE, FALSE, sizeof (guint32), keep * 4);
  for (guint i = 0; i < keep; i++)
    {
      Found *f = &g_array_index (s->found, Found, i);
      g_array_append_vals (ranks, &g_array_index (s->found_ranks, guint32, f->off), f->len);
      f->off = ranks->len - f->len;
    }
  g_array_unref (s->found_ranks);
  s->found_ranks = g_steal_pointer (&ranks);
}

static void
record (Search *s, guint32 closing, const guint32 *path, guint n_path)
{
  Found f = { s->found_ranks->len, n_path + 1, EDGE_OF (s, closing)->key, NAN };

  g_array_append_val (s->found_ranks, closing);
  g_array_append_vals (s->found_ranks, path, n_path);
  for (guint i = 0; i < f.len; i++)
    {
      double t = EDGE_OF (s, g_array_index (s->found_ranks, guint32, f.off + i))->info.total_usd;
      if (!isnan (t))
        f.total = isnan (f.total) ? t : f.total + t;
    }
  g_array_append_val (s->found, f);
  s->n_found++;
  /* Memory stays within twice the limit however many cycles close. */
  if (s->limit > 0 && s->found->len >= 2 * MAX (s->limit, 512u))
    found_cut (s, s->limit);
}

#define SPEND(s) ((s)->steps++, (s)->max_steps && (s)->steps > (s)->max_steps)

/* Every cycle whose latest edge is rank r: the simple paths back from the
 * edge's target to its source over earlier edges, at most max_length - 1
 * long. A breadth-first pass backwards from the source first gives each
 * vertex its distance to it, so the path search only enters vertices
 * that can still get back in time. FALSE when the budget ran out. */
static gboolean
cycles_closed_by (Search *s, guint32 r, guint32 *dist_stamp, guint8 *dist, guint32 stamp,
                  guint32 *queue, guint8 *on_path)
{
  const guint L = s->max_length;
  guint32 u = EDGE_OF (s, r)->from_v, v = EDGE_OF (s, r)->to_v;
  guint32 pv[DS_CYCLES_MAX_LENGTH], pe[DS_CYCLES_MAX_LENGTH], pos[DS_CYCLES_MAX_LENGTH];
  guint qh = 0, qt = 0, depth = 0;

  dist_stamp[u] = stamp;
  dist[u] = 0;
  queue[qt++] = u;
  while (qh < qt)
    {
      guint32 x = queue[qh++];
      if (dist[x] >= L - 1)
        continue;
      for (guint32 p = s->in_start[x]; p < s->in_start[x + 1] && s->in_adj[p] < r; p++)
        {
          guint32 w = EDGE_OF (s, s->in_adj[p])->from_v;
          if (SPEND (s))
            return FALSE;
          if (dist_stamp[w] != stamp)
            {
              dist_stamp[w] = stamp;
              dist[w] = dist[x] + 1;
              queue[qt++] = w;
            }
        }
    }
  if (dist_stamp[v] != stamp)
    return TRUE;

  pv[0] = v;
  pos[0] = s->out_start[v];
  on_path[v] = 1;
  for (;;)
    {
      guint32 x = pv[depth];

      if (pos[depth] < s->out_start[x + 1] && s->out_adj[pos[depth]] < r)
        {
          guint32 rr = s->out_adj[pos[depth]++];
          guint32 y = EDGE_OF (s, rr)->to_v;

          if (SPEND (s))
            {
              for (guint d = 0; d <= depth; d++)
                on_path[pv[d]] = 0;
              return FALSE;
            }
          if (y == u)
            {
              pe[depth] = rr;
              record (s, r, pe, depth + 1);
              continue;
            }
          if (on_path[y] || dist_stamp[y] != stamp || depth + 1 + dist[y] > L - 1)
            continue;
          pe[depth] = rr;
          pv[++depth] = y;
          pos[depth] = s->out_start[y];
          on_path[y] = 1;
        }
      else
        {
          on_path[x] = 0;
          if (depth == 0)
            break;
          depth--;
        }
    }
  return TRUE;
}

/* Per-vertex lists of ranks, ascending: counting sort on the vertex. */
static void
adjacency (guint nv, guint n_ranks, const Search *s, gboolean outgoing, guint32 **out_start, guint32 **out_adj)
{
  guint32 *start = g_new0 (guint32, nv + 1);
  guint32 *adj = g_new (guint32, MAX (n_ranks, 1));
  g_autofree guint32 *fill = NULL;

  for (guint r = 0; r < n_ranks; r++)
    start[(outgoing ? EDGE_OF (s, r)->from_v : EDGE_OF (s, r)->to_v) + 1]++;
  for (guint v = 0; v < nv; v++)
    start[v + 1] += start[v];
  fill = g_memdup2 (start, sizeof (guint32) * (nv + 1));
  for (guint r = 0; r < n_ranks; r++)
    adj[fill[outgoing ? EDGE_OF (s, r)->from_v : EDGE_OF (s, r)->to_v]++] = r;
  *out_start = start;
  *out_adj = adj;
}

typedef struct {
  DsDate  key;
  guint32 edge;
} RankItem;

static int
rank_item_cmp (const void *pa, const void *pb)
{
  const RankItem *x = pa, *y = pb;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->edge < y->edge ? -1 : x->edge > y->edge;
}

/* ---- the result ---------------------------------------------------------- */

static gboolean
check_options (const DsCycleOptions *opts, GError **error)
{
  if (opts->max_length < DS_CYCLES_MIN_LENGTH || opts->max_length > DS_CYCLES_MAX_LENGTH)
    {
      g_set_error (error, DS_CYCLES_ERROR, DS_CYCLES_ERROR_INVALID,
                   "the longest cycle must be %d to %d deals long, not %u",
                   DS_CYCLES_MIN_LENGTH, DS_CYCLES_MAX_LENGTH, opts->max_length);
      return FALSE;
    }
  if (opts->from != DS_DATE_NONE && opts->to != DS_DATE_NONE
      && ds_date_first_day (opts->from) > ds_date_period_end (opts->to))
    {
      char a[11], b[11];
      g_set_error (error, DS_CYCLES_ERROR, DS_CYCLES_ERROR_INVALID,
                   "the date range is empty: from %s is after to %s",
                   ds_date_format (opts->from, a), ds_date_format (opts->to, b));
      return FALSE;
    }
  return TRUE;
}

/* Fills the public arrays from the cycles kept, rotating each to start at
 * its earliest edge (the lowest rank). */
static void
build_result (DsCycles *self, const Search *s, const Item *items)
{
  const GArray *found = s->found;
  g_autofree guint32 *edge_slot = g_new (guint32, MAX (s->n_ranks, 1));
  guint n_positions = 0, n_deals = 0;

  for (guint r = 0; r < s->n_ranks; r++)
    edge_slot[r] = NO_VERTEX;
  for (guint i = 0; i < found->len; i++)
    {
      const Found *f = &g_array_index (found, Found, i);
      n_positions += f->len;
      for (guint k = 0; k < f->len; k++)
        {
          guint32 r = g_array_index (s->found_ranks, guint32, f->off + k);
          if (edge_slot[r] == NO_VERTEX)
            {
              edge_slot[r] = self->n_edges++;
              n_deals += EDGE_OF (s, r)->info.n_deals;
            }
        }
    }

  self->n_cycles = found->len;
  self->cycles = g_new0 (DsCycle, MAX (self->n_cycles, 1));
  self->members = g_new (DsIndex, MAX (n_positions, 1));
  self->cycle_edges = g_new (guint, MAX (n_positions, 1));
  self->edges = g_new0 (DsCycleEdge, MAX (self->n_edges, 1));
  self->deals = g_new (DsIndex, MAX (n_deals, 1));

  for (guint r = 0; r < s->n_ranks; r++)
    if (edge_slot[r] != NO_VERTEX)
      {
        const GraphEdge *g = EDGE_OF (s, r);
        DsCycleEdge *e = &self->edges[edge_slot[r]];
        *e = g->info;
        e->first_deal = self->n_deals;
        for (guint k = 0; k < g->info.n_deals; k++)
          self->deals[self->n_deals++] = (DsIndex) items[g->info.first_deal + k].deal;
      }

  n_positions = 0;
  for (guint i = 0; i < found->len; i++)
    {
      const Found *f = &g_array_index (found, Found, i);
      const guint32 *ranks = &g_array_index (s->found_ranks, guint32, f->off);
      DsCycle *c = &self->cycles[i];
      guint start = 0;

      for (guint k = 1; k < f->len; k++)
        if (ranks[k] < ranks[start])
          start = k;
      c->first = n_positions;
      c->length = f->len;
      c->total_usd = f->total;
      c->circulating_usd = NAN;
      c->confidence = DS_CONFIDENCE_REPORTED;
      for (guint k = 0; k < f->len; k++)
        {
          guint32 r = ranks[(start + k) % f->len];
          const DsCycleEdge *e = &self->edges[edge_slot[r]];

          self->members[n_positions] = e->from;
          self->cycle_edges[n_positions] = edge_slot[r];
          n_positions++;
          c->n_deals += e->n_deals;
          c->n_undisclosed += e->n_undisclosed;
          /* Enum order is the order of confidence, strongest first. */
          c->confidence = MAX (c->confidence, e->confidence);
          if (!isnan (e->total_usd) && (isnan (c->circulating_usd) || e->total_usd < c->circulating_usd))
            c->circulating_usd = e->total_usd;
        }
      /* The closing edge is the one with the latest first day. */
      c->closed_date = self->edges[edge_slot[ranks[0]]].first_date;
    }
}

DsCycles *
ds_cycles_find_in_view (const DsScenarioView *view,
                        const DsCycleOptions *opts,
                        GError              **error)
{
  DsLandscape *ls;
  DsCycleOptions defaults;
  g_autoptr(DsCycles) self = NULL;
  g_autofree DsIndex *group = NULL;
  g_autofree guint32 *vertex = NULL;
  g_autofree Item *items = NULL;
  g_autofree GraphEdge *edges = NULL;
  g_autofree guint32 *out_start = NULL, *comp = NULL, *dist_stamp = NULL, *queue = NULL;
  g_autofree guint8 *dist = NULL, *on_path = NULL;
  g_autofree RankItem *rank_items = NULL;
  Search s = { 0 };
  guint n_ent, nd, n_items = 0, n_edges = 0, nv = 0;
  DsDate from_key, to_key;

  g_return_val_if_fail (view != NULL, NULL);

  if (opts == NULL)
    {
      ds_cycle_options_init (&defaults);
      opts = &defaults;
    }
  if (!check_options (opts, error))
    return NULL;

  ls = view->landscape;
  n_ent = ds_landscape_n_entities (ls);
  nd = view->deals->len;
  self = g_new0 (DsCycles, 1);
  self->view = view;
  from_key = opts->from == DS_DATE_NONE ? DS_DATE_NONE : ds_date_first_day (opts->from);
  to_key = opts->to == DS_DATE_NONE ? G_MAXINT32 : ds_date_period_end (opts->to);

  /* Groups, then the deals of the range between two different groups. */
  group = g_new (DsIndex, MAX (n_ent, 1));
  for (guint i = 0; i < n_ent; i++)
    group[i] = ds_cycles_group_of (ls, i, opts->group_by_parent);
  items = g_new (Item, MAX (nd, 1));
  for (guint k = 0; k < nd; k++)
    {
      const DsDeal *d = ds_scenario_view_deal (view, k);
      if (!item_in_range (d, opts, from_key, to_key) || group[d->investor] == group[d->target])
        continue;
      items[n_items++] = (Item) { group[d->investor], group[d->target], ds_date_first_day (d->date), k };
    }
  qsort (items, n_items, sizeof (Item), item_cmp);

  /* Vertices in entity order, so that results do not depend on deal order. */
  vertex = g_new (guint32, MAX (n_ent, 1));
  for (guint i = 0; i < n_ent; i++)
    vertex[i] = NO_VERTEX;
  for (guint k = 0; k < n_items; k++)
    vertex[items[k].a] = vertex[items[k].b] = 0;
  for (guint i = 0; i < n_ent; i++)
    if (vertex[i] == 0)
      vertex[i] = nv++;

  /* Runs of one (a, b) are one edge; sorted by a, so already grouped by
   * source vertex. */
  edges = g_new0 (GraphEdge, MAX (n_items, 1));
  out_start = g_new0 (guint32, nv + 1);
  for (guint k = 0; k < n_items;)
    {
      GraphEdge *g = &edges[n_edges++];
      guint j = k;

      g->info.from = items[k].a;
      g->info.to = items[k].b;
      g->info.first_deal = k;
      g->info.total_usd = NAN;
      g->info.first_date = ds_scenario_view_deal (view, items[k].deal)->date;
      g->info.confidence = DS_CONFIDENCE_REPORTED;
      g->key = items[k].key;
      g->from_v = vertex[items[k].a];
      g->to_v = vertex[items[k].b];
      for (; j < n_items && items[j].a == items[k].a && items[j].b == items[k].b; j++)
        {
          const DsDeal *d = ds_scenario_view_deal (view, items[j].deal);
          if (ds_is_set (d->amount_usd))
            g->info.total_usd = isnan (g->info.total_usd) ? d->amount_usd : g->info.total_usd + d->amount_usd;
          else
            g->info.n_undisclosed++;
          g->info.confidence = MAX (g->info.confidence, d->confidence);
        }
      g->info.n_deals = j - k;
      out_start[g->from_v + 1]++;
      k = j;
    }
  for (guint v = 0; v < nv; v++)
    out_start[v + 1] += out_start[v];
  self->n_graph_vertices = nv;
  self->n_graph_edges = n_edges;

  /* Only edges inside a strongly connected component can be on a cycle. */
  comp = g_new (guint32, MAX (nv, 1));
  components (nv, out_start, edges, comp);
  rank_items = g_new (RankItem, MAX (n_edges, 1));
  for (guint e = 0; e < n_edges; e++)
    if (comp[edges[e].from_v] == comp[edges[e].to_v])
      rank_items[s.n_ranks++] = (RankItem) { edges[e].key, e };
  qsort (rank_items, s.n_ranks, sizeof (RankItem), rank_item_cmp);
  self->n_cyclic_edges = s.n_ranks;

  s.edges = edges;
  s.rank_edge = g_new (guint32, MAX (s.n_ranks, 1));
  for (guint r = 0; r < s.n_ranks; r++)
    s.rank_edge[r] = rank_items[r].edge;
  adjacency (nv, s.n_ranks, &s, TRUE, &s.out_start, &s.out_adj);
  adjacency (nv, s.n_ranks, &s, FALSE, &s.in_start, &s.in_adj);
  s.max_length = opts->max_length;
  s.limit = opts->limit;
  s.max_steps = opts->max_steps;
  s.found = g_array_new (FALSE, FALSE, sizeof (Found));
  s.found_ranks = g_array_new (FALSE, FALSE, sizeof (guint32));

  /* Edges by rank: every cycle is found once, when its latest edge comes,
   * so cycles come out by closing date and the search can stop at the
   * limit once the cycles of that date are all in. */
  dist_stamp = g_new0 (guint32, MAX (nv, 1));
  dist = g_new0 (guint8, MAX (nv, 1));
  queue = g_new (guint32, MAX (nv, 1));
  on_path = g_new0 (guint8, MAX (nv, 1));
  for (guint32 r = 0; r < s.n_ranks; r++)
    {
      if (s.limit > 0 && s.found->len >= s.limit && EDGE_OF (&s, r)->key != EDGE_OF (&s, r - 1)->key)
        {
          self->truncated = TRUE;
          break;
        }
      if (!cycles_closed_by (&s, r, dist_stamp, dist, r + 1, queue, on_path))
        {
          self->budget_exhausted = TRUE;
          break;
        }
    }
  found_cut (&s, s.limit);
  self->truncated |= s.evicted;
  self->n_found = s.n_found;
  self->n_steps = s.steps;
  build_result (self, &s, items);

  g_free (s.rank_edge);
  g_free (s.out_start);
  g_free (s.out_adj);
  g_free (s.in_start);
  g_free (s.in_adj);
  g_array_unref (s.found);
  g_array_unref (s.found_ranks);
  return g_steal_pointer (&self);
}

DsCycles *
ds_cycles_find (DsLandscape          *landscape,
                DsIndex               scenario,
                const DsCycleOptions *opts,
                GError              **error)
{
  g_autoptr(DsScenarioView) view = NULL;
  DsCycles *self;

  g_return_val_if_fail (landscape != NULL, NULL);

  if ((view = ds_scenario_view_new (landscape, scenario, error)) == NULL)
    return NULL;
  if ((self = ds_cycles_find_in_view (view, opts, error)) == NULL)
    return NULL;
  self->owned_view = g_steal_pointer (&view);
  return self;
}

void
ds_cycles_free (DsCycles *self)
{
  if (self == NULL)
    return;
  g_free (self->cycles);
  g_free (self->members);
  g_free (self->cycle_edges);
  g_free (self->edges);
  g_free (self->deals);
  g_clear_pointer (&self->owned_view, ds_scenario_view_free);
  g_free (self);
}

char *
ds_cycles_describe (const DsCycles *self,
                    guint           cycle)
{
  const DsCycle *c = &self->cycles[cycle];
  g_autofree char *path = ds_cycles_describe_path (self, cycle);
  g_autofree char *total = ds_format_usd (c->total_usd);
  g_autofree char *round = ds_format_usd (c->circulating_usd);
  g_autofree char *when = ds_format_date_short (c->closed_date);

  return g_strdup_printf ("%s: %s, %s can go round, since %s", path, total, round, when);
}

char *
ds_cycles_describe_path (const DsCycles *self,
                         guint           cycle)
{
  DsLandscape *ls;
  const DsCycle *c;
  GString *out;

  g_return_val_if_fail (self != NULL && cycle < self->n_cycles, NULL);

  ls = self->view->landscape;
  c = &self->cycles[cycle];
  out = g_string_new (NULL);
  for (guint k = 0; k <= c->length; k++)
    {
      DsIndex m = self->members[c->first + k % c->length];
      if (k > 0)
        g_string_append (out, " → ");
      g_string_append (out, ds_landscape_entity (ls, m)->name);
    }
  return g_string_free (out, FALSE);
}

void
ds_cycles_mark_deals (const DsCycles *self,
                      guint8         *deal_lit,
                      guint8         *entity_lit)
{
  g_return_if_fail (self != NULL && deal_lit != NULL);

  memset (deal_lit, 0, self->view->deals->len);
  if (entity_lit)
    memset (entity_lit, 0, ds_landscape_n_entities (self->view->landscape));
  for (guint i = 0; i < self->n_deals; i++)
    {
      const DsDeal *d = ds_scenario_view_deal (self->view, self->deals[i]);
      deal_lit[self->deals[i]] = 1;
      if (entity_lit)
        entity_lit[d->investor] = entity_lit[d->target] = 1;
    }
}

void
ds_cycles_mark_cycle (const DsCycles *self,
                      guint           cycle,
                      guint8         *deal_lit)
{
  const DsCycle *c;

  g_return_if_fail (self != NULL && deal_lit != NULL);
  g_return_if_fail (cycle < self->n_cycles);

  memset (deal_lit, 0, self->view->deals->len);
  c = &self->cycles[cycle];
  for (guint k = 0; k < c->length; k++)
    {
      const DsCycleEdge *e = &self->edges[self->cycle_edges[c->first + k]];
      for (guint j = 0; j < e->n_deals; j++)
        deal_lit[self->deals[e->first_deal + j]] = 1;
    }
}
