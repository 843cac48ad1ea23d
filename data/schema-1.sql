-- Dealscape document, schema version 1.
-- Enumerations are checked with OR chains, not IN lists: SQLite builds a
-- temporary table for every IN (...) check of every inserted row, which made
-- bulk imports three times slower.
-- Row ids are the model's array positions + 1, so loading keeps file order;
-- references between rows use those row ids. Dates are YYYYMMDD integers with
-- 00 for an unknown month or day (see app/core/ds-date.h).

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sources (
  rowid     INTEGER PRIMARY KEY,
  id        TEXT NOT NULL UNIQUE,
  title     TEXT NOT NULL,
  publisher TEXT NOT NULL,
  date      INTEGER NOT NULL,
  url       TEXT
);

CREATE TABLE entities (
  rowid       INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind = 'company' OR kind = 'investor' OR kind = 'cloud'
                                  OR kind = 'chip' OR kind = 'datacenter' OR kind = 'model'
                                  OR kind = 'regulator'),
  parent      INTEGER REFERENCES entities (rowid) DEFERRABLE INITIALLY DEFERRED,
  description TEXT
);

CREATE TABLE relations (
  rowid       INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind = 'invests' OR kind = 'owns' OR kind = 'supplies'
                                  OR kind = 'hosts' OR kind = 'uses' OR kind = 'competes'
                                  OR kind = 'regulates' OR kind = 'partners'),
  from_entity INTEGER NOT NULL REFERENCES entities (rowid) DEFERRABLE INITIALLY DEFERRED,
  to_entity   INTEGER NOT NULL REFERENCES entities (rowid) DEFERRABLE INITIALLY DEFERRED,
  date        INTEGER,
  source      INTEGER NOT NULL REFERENCES sources (rowid) DEFERRABLE INITIALLY DEFERRED,
  confidence  TEXT NOT NULL,
  note        TEXT
);

CREATE TABLE deals (
  rowid          INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  investor       INTEGER NOT NULL REFERENCES entities (rowid) DEFERRABLE INITIALLY DEFERRED,
  target         INTEGER NOT NULL REFERENCES entities (rowid) DEFERRABLE INITIALLY DEFERRED,
  date           INTEGER NOT NULL,
  close_date     INTEGER,
  amount_usd     REAL CHECK (amount_usd IS NULL OR amount_usd >= 0),
  instrument     TEXT NOT NULL CHECK (instrument = 'equity' OR instrument = 'convertible_note'
                                     OR instrument = 'safe' OR instrument = 'compute_credits'
                                     OR instrument = 'other'),
  status         TEXT NOT NULL CHECK (status = 'closed' OR status = 'announced'
                                     OR status = 'negotiating' OR status = 'rumored'),
  pre_money_usd  REAL,
  post_money_usd REAL,
  cap_usd        REAL,
  discount       REAL CHECK (discount IS NULL OR (discount >= 0 AND discount < 1)),
  interest_rate  REAL,
  tranche_of     INTEGER REFERENCES deals (rowid) DEFERRABLE INITIALLY DEFERRED,
  note           TEXT,
  source         INTEGER NOT NULL REFERENCES sources (rowid) DEFERRABLE INITIALLY DEFERRED,
  confidence     TEXT NOT NULL
);

CREATE TABLE metrics (
  rowid      INTEGER PRIMARY KEY,
  entity     INTEGER NOT NULL REFERENCES entities (rowid) DEFERRABLE INITIALLY DEFERRED,
  name       TEXT NOT NULL,
  date       INTEGER NOT NULL,
  value      REAL NOT NULL,
  unit       TEXT NOT NULL,
  source     INTEGER NOT NULL REFERENCES sources (rowid) DEFERRABLE INITIALLY DEFERRED,
  confidence TEXT NOT NULL
);

CREATE TABLE scenarios (
  rowid       INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  description TEXT,
  base        TEXT  -- scenario id: kept by id so one scenario can be rewritten alone
);

CREATE TABLE scenario_settings (
  scenario TEXT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  key      TEXT NOT NULL,
  text     TEXT,
  number   REAL,
  PRIMARY KEY (scenario, key)
) WITHOUT ROWID;

-- A scenario's hypothetical deals: the columns of deals, entities and
-- tranche_of by id so that the landscape can be re-imported under them.
CREATE TABLE scenario_deals (
  scenario       TEXT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  position       INTEGER NOT NULL,
  id             TEXT NOT NULL,
  investor       TEXT NOT NULL,
  target         TEXT NOT NULL,
  date           INTEGER NOT NULL,
  close_date     INTEGER,
  amount_usd     REAL,
  instrument     TEXT NOT NULL,
  status         TEXT NOT NULL,
  pre_money_usd  REAL,
  post_money_usd REAL,
  cap_usd        REAL,
  discount       REAL,
  interest_rate  REAL,
  tranche_of     TEXT,
  note           TEXT,
  source         TEXT NOT NULL,
  confidence     TEXT NOT NULL,
  PRIMARY KEY (scenario, id)
) WITHOUT ROWID;

-- Layout positions by entity id: they survive a re-import of the landscape.
CREATE TABLE positions (
  entity TEXT PRIMARY KEY,
  x      REAL NOT NULL,
  y      REAL NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
