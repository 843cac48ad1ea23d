/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-graph-export.c: GraphML and GEXF writers over a scenario view: which
 * nodes and edges exist at a date, their attributes, and XML escaping. */
#define G_LOG_DOMAIN "ds-graph-export"

#include "config.h"

#include <string.h>

#include "ds-graph-export.h"
#include "ds-scenario.h"

gboolean
ds_graph_format_parse (const char    *name,
                       DsGraphFormat *out)
{
  if (g_ascii_strcasecmp (name, "graphml") == 0)
    *out = DS_GRAPH_FORMAT_GRAPHML;
  else if (g_ascii_strcasecmp (name, "gexf") == 0)
    *out = DS_GRAPH_FORMAT_GEXF;
  else
    return FALSE;
  return TRUE;
}

/* XML 1.0 cannot carry most control characters even as references, so
 * they are dropped; line breaks in attributes become references so that
 * readers keep them. */
static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;
      switch (c)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&apos;"); break;
        case '\n': g_string_append (out, "&#10;"); break;
        case '\r': g_string_append (out, "&#13;"); break;
        case '\t': g_string_append (out, "&#9;"); break;
        default:
          if (c >= 0x20)
            g_string_append_c (out, (char) c);
        }
    }
}

static const char *
number_text (double value,
             char   buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.15g", value);
}

/* The first day of a partial date: Gephi's timeline wants full dates. */
static const char *
day_text (DsDate date,
          char   buf[11])
{
  return ds_date_format (ds_date_from_days (ds_date_to_days (date)), buf);
}

typedef enum { ATTR_STRING, ATTR_DOUBLE, ATTR_BOOLEAN } AttrType;

typedef struct {
  const char *name;
  AttrType    type;
} Attr;

static const Attr node_attrs[] = {
  { "name", ATTR_STRING },
  { "kind", ATTR_STRING },
  { "parent", ATTR_STRING },
};

enum { E_TYPE, E_KIND, E_DATE, E_AMOUNT, E_INSTRUMENT, E_STATUS, E_PRE, E_POST, E_CONFIDENCE, E_SOURCE, E_HYPOTHETICAL, N_EDGE_ATTRS };

static const Attr edge_attrs[N_EDGE_ATTRS] = {
  [E_TYPE] = { "type", ATTR_STRING },          /* deal or relation */
  [E_KIND] = { "kind", ATTR_STRING },          /* invests for deals, the relation kind otherwise */
  [E_DATE] = { "date", ATTR_STRING },          /* as precise as known: 2025, 2025-07, 2025-07-09 */
  [E_AMOUNT] = { "amount_usd", ATTR_DOUBLE },
  [E_INSTRUMENT] = { "instrument", ATTR_STRING },
  [E_STATUS] = { "status", ATTR_STRING },
  [E_PRE] = { "pre_money_usd", ATTR_DOUBLE },
  [E_POST] = { "post_money_usd", ATTR_DOUBLE },
  [E_CONFIDENCE] = { "confidence", ATTR_STRING },
  [E_SOURCE] = { "source", ATTR_STRING },
  [E_HYPOTHETICAL] = { "hypothetical", ATTR_BOOLEAN },
};

/* One edge as attribute texts (NULL: absent). */
typedef struct {
  char        id[8 + 128];
  const char *label;
  DsIndex     from, to;
  DsDate      date;
  const char *values[N_EDGE_ATTRS];
  char        numbers[N_EDGE_ATTRS][G_ASCII_DTOSTR_BUF_SIZE];
  char        date_buf[11];
} Edge;

typedef struct {
  DsLandscape    *ls;
  DsScenarioView *view;
  DsDate          date;
  DsDate         *first;   /* per entity: first dated link, DS_DATE_NONE if none */
  gboolean       *keep;    /* per entity */
} Graph;

static gboolean
on_or_before (DsDate date,
              DsDate limit)
{
  return limit == DS_DATE_NONE || date == DS_DATE_NONE ||
         ds_date_to_days (date) <= ds_date_to_days (limit);
}

static void
note_first (Graph  *g,
            DsIndex entity,
            DsDate  date)
{
  if (date == DS_DATE_NONE)
    return;
  if (g->first[entity] == DS_DATE_NONE || ds_date_to_days (date) < ds_date_to_days (g->first[entity]))
    g->first[entity] = date;
}

static void
graph_init (Graph *g)
{
  guint n = g->ls->entities->len;

  g->first = g_new0 (DsDate, n);
  g->keep = g_new0 (gboolean, n);
  for (guint i = 0; i < g->view->deals->len; i++)
    {
      const DsDeal *d = ds_scenario_view_deal (g->view, i);
      note_first (g, d->investor, d->date);
      note_first (g, d->target, d->date);
    }
  for (guint i = 0; i < g->ls->relations->len; i++)
    {
      const DsRelation *r = ds_landscape_relation (g->ls, i);
      note_first (g, r->from, r->date);
      note_first (g, r->to, r->date);
    }
  for (guint i = 0; i < n; i++)
    g->keep[i] = on_or_before (g->first[i], g->date);
}

/* Opens an edge element with its id and end points; the format adds the rest. */
static void
append_edge_start (GString    *out,
                   const char *indent,
                   Graph      *g,
                   const Edge *e)
{
  g_string_append_printf (out, "%s<edge id=\"", indent);
  append_escaped (out, e->id);
  g_string_append (out, "\" source=\"");
  append_escaped (out, ds_landscape_entity (g->ls, e->from)->id);
  g_string_append (out, "\" target=\"");
  append_escaped (out, ds_landscape_entity (g->ls, e->to)->id);
  g_string_append_c (out, '"');
}

static gboolean
deal_edge (Graph   *g,
           guint    i,
           Edge    *e)
{
  const DsDeal *d = ds_scenario_view_deal (g->view, i);

  if (!on_or_before (d->date, g->date) || !g->keep[d->investor] || !g->keep[d->target])
    return FALSE;
  memset (e->values, 0, sizeof e->values);
  g_snprintf (e->id, sizeof e->id, "deal:%s", d->id);
  e->label = d->id;
  e->from = d->investor;
  e->to = d->target;
  e->date = d->date;
  e->values[E_TYPE] = "deal";
  e->values[E_KIND] = "invests";
  e->values[E_DATE] = ds_date_format (d->date, e->date_buf);
  if (ds_is_set (d->amount_usd))
    e->values[E_AMOUNT] = number_text (d->amount_usd, e->numbers[E_AMOUNT]);
  e->values[E_INSTRUMENT] = ds_instrument_to_string (d->instrument);
  e->values[E_STATUS] = ds_deal_status_to_string (d->status);
  if (ds_is_set (d->pre_money_usd))
    e->values[E_PRE] = number_text (d->pre_money_usd, e->numbers[E_PRE]);
  if (ds_is_set (d->post_money_usd))
    e->values[E_POST] = number_text (d->post_money_usd, e->numbers[E_POST]);
  e->values[E_CONFIDENCE] = ds_confidence_to_string (d->confidence);
  if (d->source != DS_NONE)
    e->values[E_SOURCE] = ds_landscape_source (g->ls, d->source)->id;
  e->values[E_HYPOTHETICAL] = i >= g->view->n_landscape_deals ? "true" : "false";
  return TRUE;
}

static gboolean
relation_edge (Graph *g,
               guint  i,
               Edge  *e)
{
  const DsRelation *r = ds_landscape_relation (g->ls, i);

  if (!on_or_before (r->date, g->date) || !g->keep[r->from] || !g->keep[r->to])
    return FALSE;
  memset (e->values, 0, sizeof e->values);
  g_snprintf (e->id, sizeof e->id, "relation:%s", r->id);
  e->label = r->id;
  e->from = r->from;
  e->to = r->to;
  e->date = r->date;
  e->values[E_TYPE] = "relation";
  e->values[E_KIND] = ds_relation_kind_to_string (r->kind);
  if (r->date != DS_DATE_NONE)
    e->values[E_DATE] = ds_date_format (r->date, e->date_buf);
  e->values[E_CONFIDENCE] = ds_confidence_to_string (r->confidence);
  if (r->source != DS_NONE)
    e->values[E_SOURCE] = ds_landscape_source (g->ls, r->source)->id;
  return TRUE;
}

/* ---- GraphML --------------------------------------------------------- */

static const char *
graphml_type (AttrType t)
{
  return t == ATTR_DOUBLE ? "double" : t == ATTR_BOOLEAN ? "boolean" : "string";
}

static void
graphml_data (GString    *out,
              const char *indent,
              const char *prefix,
              const char *key,
              const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, "%s<data key=\"%s%s\">", indent, prefix, key);
  append_escaped (out, value);
  g_string_append (out, "</data>\n");
}

static void
write_graphml (Graph   *g,
               GString *out)
{
  Edge e;

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
                   "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                   "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                   "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
  for (guint i = 0; i < G_N_ELEMENTS (node_attrs); i++)
    g_string_append_printf (out, "  <key id=\"n_%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                            node_attrs[i].name, node_attrs[i].name, graphml_type (node_attrs[i].type));
  for (guint i = 0; i < N_EDGE_ATTRS; i++)
    g_string_append_printf (out, "  <key id=\"e_%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                            edge_attrs[i].name, edge_attrs[i].name, graphml_type (edge_attrs[i].type));
  g_string_append (out, "  <graph id=\"dealscape\" edgedefault=\"directed\">\n");

  for (guint i = 0; i < g->ls->entities->len; i++)
    {
      const DsEntity *ent = ds_landscape_entity (g->ls, i);
      if (!g->keep[i])
        continue;
      g_string_append (out, "    <node id=\"");
      append_escaped (out, ent->id);
      g_string_append (out, "\">\n");
      graphml_data (out, "      ", "n_", "name", ent->name);
      graphml_data (out, "      ", "n_", "kind", ds_entity_kind_to_string (ent->kind));
      graphml_data (out, "      ", "n_", "parent",
                    ent->parent != DS_NONE ? ds_landscape_entity (g->ls, ent->parent)->id : NULL);
      g_string_append (out, "    </node>\n");
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      guint n = pass == 0 ? g->view->deals->len : g->ls->relations->len;
      for (guint i = 0; i < n; i++)
        {
          if (!(pass == 0 ? deal_edge (g, i, &e) : relation_edge (g, i, &e)))
            continue;
          append_edge_start (out, "    ", g, &e);
          g_string_append (out, ">\n");
          for (guint a = 0; a < N_EDGE_ATTRS; a++)
            graphml_data (out, "      ", "e_", edge_attrs[a].name, e.values[a]);
          g_string_append (out, "    </edge>\n");
        }
    }
  g_string_append (out, "  </graph>\n</graphml>\n");
}

/* ---- GEXF ------------------------------------------------------------ */

static const char *
gexf_type (AttrType t)
{
  return t == ATTR_DOUBLE ? "double" : t == ATTR_BOOLEAN ? "boolean" : "string";
}

static void
gexf_attvalue (GString    *out,
               const char *key,
               const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, "          <attvalue for=\"%s\" value=\"", key);
  append_escaped (out, value);
  g_string_append (out, "\"/>\n");
}

typedef struct {
  DsDate date;
  double amount;
} Raise;

static int
compare_raises (gconstpointer a,
                gconstpointer b)
{
  gint32 da = ds_date_to_days (((const Raise *) a)->date), db = ds_date_to_days (((const Raise *) b)->date);
  return da < db ? -1 : da > db;
}

/* raised_usd: a dynamic node attribute, the disclosed money an entity has
 * taken in up to each date, so that Gephi's timeline can size nodes. */
static void
gexf_raised (Graph   *g,
             GArray **raises,
             GString *out,
             guint    entity)
{
  GArray *r = raises[entity];
  double total = 0;
  char num[G_ASCII_DTOSTR_BUF_SIZE], start[11], end[11];

  if (r == NULL)
    return;
  g_array_sort (r, compare_raises);
  for (guint k = 0; k < r->len; k++)
    {
      Raise *x = &g_array_index (r, Raise, k);
      gint32 day = ds_date_to_days (x->date);

      total += x->amount;
      /* Several deals on one day make one step. */
      if (k + 1 < r->len && ds_date_to_days (g_array_index (r, Raise, k + 1).date) == day)
        continue;
      g_string_append_printf (out, "          <attvalue for=\"raised_usd\" value=\"%s\" start=\"%s\"",
                              number_text (total, num), day_text (x->date, start));
      if (k + 1 < r->len)
        {
          /* Intervals are closed: end the step the day before the next. */
          gint32 next = ds_date_to_days (g_array_index (r, Raise, k + 1).date);
          g_string_append_printf (out, " end=\"%s\"", ds_date_format (ds_date_from_days (next - 1), end));
        }
      g_string_append (out, "/>\n");
    }
  (void) g;
}

static void
write_gexf (Graph   *g,
            GString *out)
{
  guint n = g->ls->entities->len;
  g_autofree GArray **raises = g_new0 (GArray *, n);
  char buf[11];
  Edge e;

  for (guint i = 0; i < g->view->deals->len; i++)
    if (deal_edge (g, i, &e))
      {
        const DsDeal *d = ds_scenario_view_deal (g->view, i);
        Raise x = { d->date, d->amount_usd };
        if (!ds_is_set (d->amount_usd))
          continue;
        if (raises[d->target] == NULL)
          raises[d->target] = g_array_new (FALSE, FALSE, sizeof (Raise));
        g_array_append_val (raises[d->target], x);
      }

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                   "      xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n"
                   "  <meta>\n    <creator>Dealscape</creator>\n"
                   "    <description>Entities and deals of the AI investment landscape</description>\n  </meta>\n"
                   "  <graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\">\n");
  g_string_append (out, "    <attributes class=\"node\" mode=\"static\">\n");
  for (guint i = 1; i < G_N_ELEMENTS (node_attrs); i++)
    g_string_append_printf (out, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n",
                            node_attrs[i].name, node_attrs[i].name, gexf_type (node_attrs[i].type));
  g_string_append (out, "    </attributes>\n    <attributes class=\"node\" mode=\"dynamic\">\n"
                        "      <attribute id=\"raised_usd\" title=\"raised_usd\" type=\"double\"/>\n"
                        "    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n");
  for (guint i = 0; i < N_EDGE_ATTRS; i++)
    g_string_append_printf (out, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n",
                            edge_attrs[i].name, edge_attrs[i].name, gexf_type (edge_attrs[i].type));
  g_string_append (out, "    </attributes>\n    <nodes>\n");

  for (guint i = 0; i < n; i++)
    {
      const DsEntity *ent = ds_landscape_entity (g->ls, i);
      if (!g->keep[i])
        continue;
      g_string_append (out, "      <node id=\"");
      append_escaped (out, ent->id);
      g_string_append (out, "\" label=\"");
      append_escaped (out, ent->name);
      g_string_append_c (out, '"');
      if (g->first[i] != DS_DATE_NONE)
        g_string_append_printf (out, " start=\"%s\"", day_text (g->first[i], buf));
      g_string_append (out, ">\n        <attvalues>\n");
      gexf_attvalue (out, "kind", ds_entity_kind_to_string (ent->kind));
      gexf_attvalue (out, "parent", ent->parent != DS_NONE ? ds_landscape_entity (g->ls, ent->parent)->id : NULL);
      gexf_raised (g, raises, out, i);
      g_string_append (out, "        </attvalues>\n      </node>\n");
    }
  g_string_append (out, "    </nodes>\n    <edges>\n");

  for (guint pass = 0; pass < 2; pass++)
    {
      guint count = pass == 0 ? g->view->deals->len : g->ls->relations->len;
      for (guint i = 0; i < count; i++)
        {
          if (!(pass == 0 ? deal_edge (g, i, &e) : relation_edge (g, i, &e)))
            continue;
          append_edge_start (out, "      ", g, &e);
          g_string_append (out, " label=\"");
          append_escaped (out, e.label);
          g_string_append_c (out, '"');
          if (e.date != DS_DATE_NONE)
            g_string_append_printf (out, " start=\"%s\"", day_text (e.date, buf));
          g_string_append (out, ">\n        <attvalues>\n");
          for (guint a = 0; a < N_EDGE_ATTRS; a++)
            gexf_attvalue (out, edge_attrs[a].name, e.values[a]);
          g_string_append (out, "        </attvalues>\n      </edge>\n");
        }
    }
  g_string_append (out, "    </edges>\n  </graph>\n</gexf>\n");

  for (guint i = 0; i < n; i++)
    if (raises[i])
      g_array_unref (raises[i]);
}

char *
ds_graph_export_to_string (DsLandscape   *landscape,
                           DsGraphFormat  format,
                           DsIndex        scenario,
                           DsDate         date,
                           gsize         *length,
                           GError       **error)
{
  Graph g = { landscape, NULL, date, NULL, NULL };
  GString *out;

  if ((g.view = ds_scenario_view_new (landscape, scenario, error)) == NULL)
    return NULL;
  graph_init (&g);
  out = g_string_sized_new (4096 + 600 * (landscape->deals->len + landscape->relations->len));
  if (format == DS_GRAPH_FORMAT_GRAPHML)
    write_graphml (&g, out);
  else
    write_gexf (&g, out);
  g_free (g.first);
  g_free (g.keep);
  ds_scenario_view_free (g.view);
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
ds_graph_export_to_file (DsLandscape   *landscape,
                         DsGraphFormat  format,
                         DsIndex        scenario,
                         DsDate         date,
                         const char    *path,
                         GError       **error)
{
  gsize length;
  g_autofree char *text = ds_graph_export_to_string (landscape, format, scenario, date, &length, error);

  if (text == NULL)
    return FALSE;
  /* g_file_set_contents writes beside the target and renames it into
   * place, so a reader never sees half a file. */
  if (!g_file_set_contents (path, text, (gssize) length, error))
    {
      g_prefix_error (error, "cannot write %s: ", path);
      return FALSE;
    }
  return TRUE;
}
