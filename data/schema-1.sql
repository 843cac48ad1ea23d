-- Dealscape document, schema version 1.
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
  kind        TEXT NOT NULL CHECK (kind IN ('company', 'investor', 'cloud', 'chip',
                                            'datacenter', 'model', 'regulator')),
  parent      INTEGER REFERENCES entities (rowid) DEFERRABLE INITIALLY DEFERRED,
  description TEXT
);

CREATE TABLE relations (
  rowid       INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('invests', 'owns', 'supplies', 'hosts', 'uses',
                                            'competes', 'regulates', 'partners')),
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
  instrument     TEXT NOT NULL CHECK (instrument IN ('equity', 'convertible_note', 'safe',
                                                      'compute_credits', 'other')),
  status         TEXT NOT NULL CHECK (status IN ('closed', 'announced', 'negotiating', 'rumored')),
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
