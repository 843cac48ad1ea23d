/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-types.h: the vocabulary of the landscape: kinds, instruments, statuses,
 * confidence levels, and the partial dates facts come with. No GTK here. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DS_ENTITY_COMPANY,
  DS_ENTITY_INVESTOR,
  DS_ENTITY_CLOUD,
  DS_ENTITY_CHIP,
  DS_ENTITY_DATACENTER,
  DS_ENTITY_MODEL,
  DS_ENTITY_REGULATOR,
  DS_ENTITY_N_KINDS
} DsEntityKind;

typedef enum {
  DS_RELATION_INVESTS,
  DS_RELATION_OWNS,
  DS_RELATION_SUPPLIES,
  DS_RELATION_HOSTS,
  DS_RELATION_USES,
  DS_RELATION_COMPETES,
  DS_RELATION_REGULATES,
  DS_RELATION_PARTNERS,
  DS_RELATION_N_KINDS
} DsRelationKind;

typedef enum {
  DS_INSTRUMENT_EQUITY,
  DS_INSTRUMENT_CONVERTIBLE_NOTE,
  DS_INSTRUMENT_SAFE,
  DS_INSTRUMENT_COMPUTE_CREDITS,
  DS_INSTRUMENT_OTHER,
  /* Added in schema 4; after OTHER so that the older values keep their numbers. */
  DS_INSTRUMENT_COMPUTE_COMMITMENT, /* buyer (investor) pays a provider (target) for compute */
  DS_INSTRUMENT_WARRANT,            /* investor receives warrants on the target's shares */
  DS_INSTRUMENT_ACQUISITION,        /* investor buys the target (or licenses it and hires its team) */
  DS_INSTRUMENT_DEBT,               /* investor lends to the target */
  DS_INSTRUMENT_N_KINDS
} DsInstrument;

typedef enum {
  DS_STATUS_CLOSED,
  DS_STATUS_ANNOUNCED,
  DS_STATUS_NEGOTIATING,
  DS_STATUS_RUMORED,
  DS_STATUS_N_KINDS
} DsDealStatus;

typedef enum {
  DS_CONFIDENCE_REPORTED,
  DS_CONFIDENCE_ARTICLE,
  DS_CONFIDENCE_UNCONFIRMED,
  DS_CONFIDENCE_ASSUMPTION,
  DS_CONFIDENCE_CONFLICTING,
  DS_CONFIDENCE_N_KINDS
} DsConfidence;

/* Lower-case names used in JSON, SQL and the CLI ("convertible_note"). */
const char *ds_entity_kind_to_string   (DsEntityKind   kind);
const char *ds_relation_kind_to_string (DsRelationKind kind);
const char *ds_instrument_to_string    (DsInstrument   instrument);
const char *ds_deal_status_to_string   (DsDealStatus   status);
const char *ds_confidence_to_string    (DsConfidence   confidence);

/* Return -1 when the name is unknown. */
int ds_entity_kind_from_string   (const char *name);
int ds_relation_kind_from_string (const char *name);
int ds_instrument_from_string    (const char *name);
int ds_deal_status_from_string   (const char *name);
int ds_confidence_from_string    (const char *name);

/* A list such as "company, investor, cloud" for error messages; static storage. */
const char *ds_entity_kind_choices   (void);
const char *ds_relation_kind_choices (void);
const char *ds_instrument_choices    (void);
const char *ds_deal_status_choices   (void);
const char *ds_confidence_choices    (void);

/* True for deals that are not (yet) a done fact: drawn dashed, marked pending. */
gboolean ds_deal_status_is_pending (DsDealStatus status);
/* True for the instruments that place a stake in the cap table (equity,
 * notes and SAFEs once they convert); the others count only as money. */
gboolean ds_instrument_buys_stake  (DsInstrument instrument);

G_END_DECLS
