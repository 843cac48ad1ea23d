/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-landscape.h: the in-memory landscape: sources, entities, relations, deals,
 * metrics and scenarios as plain arrays with an id -> index table each. */
#pragma once

#include <glib.h>
#include <math.h>

#include "ds-date.h"
#include "ds-types.h"

G_BEGIN_DECLS

/* Index into one of the arrays below; -1 for "none". */
typedef gint32 DsIndex;
#define DS_NONE (-1)

/* Optional numbers (amounts, valuations, terms) are NAN when absent. */
#define DS_UNSET NAN
#define ds_is_set(x) (!isnan (x))

typedef struct {
  const char *id;
  const char *title;
  const char *publisher;
  DsDate      date;
  const char *url;          /* may be NULL */
} DsSource;

typedef struct {
  const char  *id;          /* slug: [a-z0-9][a-z0-9-]* */
  const char  *name;
  DsEntityKind kind;
  DsIndex      parent;      /* entity, or DS_NONE */
  const char  *description; /* may be NULL */
} DsEntity;

typedef struct {
  const char    *id;
  DsRelationKind kind;
  DsIndex        from, to;  /* entities */
  DsDate         date;      /* DS_DATE_NONE when timeless */
  DsIndex        source;
  DsConfidence   confidence;
  const char    *note;      /* may be NULL */
} DsRelation;

typedef struct {
  const char  *id;
  DsIndex      investor, target; /* entities */
  DsDate       date;             /* announced */
  DsDate       close_date;       /* DS_DATE_NONE when unknown */
  double       amount_usd;       /* DS_UNSET when undisclosed */
  DsInstrument instrument;
  DsDealStatus status;
  double       pre_money_usd;    /* DS_UNSET unless known */
  double       post_money_usd;
  double       cap_usd;
  double       discount;         /* fraction 0..1 */
  double       interest_rate;    /* simple, per year, fraction */
  DsIndex      tranche_of;       /* deal, or DS_NONE */
  /* The terms of a compute commitment (any instrument may carry them):
   * the term in years, gigawatts and accelerators bought, and which chip. */
  double       term_years;       /* DS_UNSET unless known; > 0 */
  double       power_gw;         /* DS_UNSET unless known */
  double       chip_count;       /* DS_UNSET unless known; whole number */
  DsIndex      chip;             /* entity of kind chip, or DS_NONE */
  const char  *note;
  DsIndex      source;
  DsConfidence confidence;
} DsDeal;

typedef struct {
  DsIndex      entity;
  const char  *name;        /* valuation_usd, revenue_run_rate_usd, power_gw, chips, ... */
  DsDate       date;
  double       value;
  const char  *unit;        /* usd, usd_per_year, gw, count, tflops, ... */
  DsIndex      source;
  DsConfidence confidence;
} DsMetric;

/* One override of a scenario: "assumption.mfu" = 0.35,
 * "deal.amazon-anthropic-2025.cap_usd" = 5e10, "deal.X.status" = "closed".
 * Exactly one of text / number is used: text is NULL for numbers. */
typedef struct {
  const char *key;
  const char *text;
  double      number;
} DsSetting;

typedef struct {
  const char *id;
  const char *name;
  const char *description;
  DsIndex     base;         /* scenario it builds on, or DS_NONE for the landscape */
  GArray     *settings;     /* DsSetting, sorted by key */
  GArray     *deals;        /* DsDeal: hypothetical deals only this scenario has */
} DsScenario;

typedef struct _DsLandscape DsLandscape;

struct _DsLandscape {
  /*< public, read-only outside ds-landscape.c >*/
  GArray *sources;          /* DsSource */
  GArray *entities;         /* DsEntity */
  GArray *relations;        /* DsRelation */
  GArray *deals;            /* DsDeal */
  GArray *metrics;          /* DsMetric, sorted by (entity, name, date) after ds_landscape_finish() */
  GArray *scenarios;        /* DsScenario */

  /*< private >*/
  gatomicrefcount ref_count;
  GStringChunk *strings;
  GPtrArray    *adopted_blocks; /* g_free'd with the landscape, or NULL */
  GHashTable   *source_index;   /* id -> index + 1 */
  GHashTable   *entity_index;
  GHashTable   *relation_index;
  GHashTable   *deal_index;     /* of deals[0 .. deals_indexed) */
  GHashTable   *scenario_index;
  guint         deals_indexed;  /* deals appended unchecked are indexed on the first lookup */
  GMutex        deal_index_lock;
  guint         serial;         /* unique among the landscapes of the process */
};

DsLandscape *ds_landscape_new   (void);
void         ds_landscape_reserve (DsLandscape *self,
                                   guint        n_entities,
                                   guint        n_deals);
DsLandscape *ds_landscape_ref   (DsLandscape *self);
/* A number no other landscape of this process has had: unlike the
 * address, it is never reused by a later landscape. */
guint        ds_landscape_serial (const DsLandscape *self);
void         ds_landscape_unref (DsLandscape *self);

/* Copies a string into the landscape's storage (NULL stays NULL). */
const char  *ds_landscape_intern (DsLandscape *self,
                                  const char  *text);

/* Appenders copy the struct and intern its strings. They return the new
 * index, or DS_NONE when the id is already taken. */
DsIndex ds_landscape_add_source   (DsLandscape *self, const DsSource   *source);
DsIndex ds_landscape_add_entity   (DsLandscape *self, const DsEntity   *entity);
DsIndex ds_landscape_add_relation (DsLandscape *self, const DsRelation *relation);
DsIndex ds_landscape_add_deal     (DsLandscape *self, const DsDeal     *deal);
/* For a reader that writes deals in place, from several threads: room for
 * `n` deals past the last one (not zeroed; the count does not change), and
 * then how many of them were written. Their ids must be known to be unique
 * (the store's deals.id is UNIQUE), and their strings interned here or in a
 * block the landscape adopted. They are not checked against the id index:
 * it takes them in on the first ds_landscape_find_deal, which a document
 * that is only looked at never needs. */
DsDeal *ds_landscape_deal_slots       (DsLandscape  *self,
                                       guint         n);
void    ds_landscape_fill_deal_slots  (DsLandscape  *self,
                                       guint         n);
/* The landscape g_free()s the block with itself: strings a reader copied
 * into it live as long as the landscape. */
void    ds_landscape_adopt_block      (DsLandscape  *self,
                                       gpointer      block);
DsIndex ds_landscape_add_metric   (DsLandscape *self, const DsMetric   *metric);
/* Takes the scenario's settings and deals arrays (may be NULL: empty). */
DsIndex ds_landscape_add_scenario (DsLandscape *self, const DsScenario *scenario);

/* Sorts metrics by (entity, name, date); call after loading. */
void    ds_landscape_finish (DsLandscape *self);

DsIndex ds_landscape_find_source   (DsLandscape *self, const char *id);
DsIndex ds_landscape_find_entity   (DsLandscape *self, const char *id);
DsIndex ds_landscape_find_relation (DsLandscape *self, const char *id);
DsIndex ds_landscape_find_deal     (DsLandscape *self, const char *id);
DsIndex ds_landscape_find_scenario (DsLandscape *self, const char *id);

#define ds_landscape_source(ls, i)   (&g_array_index ((ls)->sources, DsSource, (i)))
#define ds_landscape_entity(ls, i)   (&g_array_index ((ls)->entities, DsEntity, (i)))
#define ds_landscape_relation(ls, i) (&g_array_index ((ls)->relations, DsRelation, (i)))
#define ds_landscape_deal(ls, i)     (&g_array_index ((ls)->deals, DsDeal, (i)))
#define ds_landscape_metric(ls, i)   (&g_array_index ((ls)->metrics, DsMetric, (i)))
#define ds_landscape_scenario(ls, i) (&g_array_index ((ls)->scenarios, DsScenario, (i)))

#define ds_landscape_n_entities(ls)  ((DsIndex) (ls)->entities->len)
#define ds_landscape_n_deals(ls)     ((DsIndex) (ls)->deals->len)

/* Metric rows of one entity and name, in date order: sets *first and returns
 * the count (0 when none). Requires ds_landscape_finish(). */
guint ds_landscape_metric_series (DsLandscape *self,
                                  DsIndex      entity,
                                  const char  *name,
                                  guint       *first);

/* A deal with every optional field unset and indices at DS_NONE. */
void ds_deal_init (DsDeal *deal);

/* Looks up a scenario setting by key (settings sorted); NULL when absent. */
const DsSetting *ds_scenario_find_setting (const DsScenario *scenario,
                                           const char       *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsLandscape, ds_landscape_unref)

G_END_DECLS
