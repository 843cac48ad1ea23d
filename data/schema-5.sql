-- Dealscape document, schema version 5: imports become undoable
-- (ds_store_import, app/core/ds-store.c). An import is one edit_log row,
-- target 'import'; the landscape it replaced is kept as a snapshot of the
-- rows of every landscape table, and the landscape it wrote is kept too once
-- it has been undone, so that redo can put it back.
-- The migration runs with foreign keys off (the procedure of SQLite's
-- "Making Other Kinds Of Table Schema Changes"): with them on, dropping the
-- old edit_log would cascade into the scenario rows the log keeps.

-- Version 4 cleared edit_log on an import with foreign keys off, which left
-- the scenario rows kept for its undo behind; the next scenario created then
-- failed on their seq. Drop those orphans.
DELETE FROM edit_log_scenario_settings WHERE seq NOT IN (SELECT seq FROM edit_log);
DELETE FROM edit_log_scenario_deals WHERE seq NOT IN (SELECT seq FROM edit_log);
DELETE FROM edit_log_scenarios WHERE seq NOT IN (SELECT seq FROM edit_log);

CREATE TABLE edit_log_v5 (
  seq       INTEGER PRIMARY KEY,  -- 1, 2, ...: the order edits were made in
  scenario  TEXT,                 -- scenario id; NULL: the landscape itself
  -- deal: a field of a landscape deal; setting: a scenario's setting;
  -- scenario: the scenario `scenario` itself (field: create, duplicate,
  -- delete or name); scenario_deal: a field of one of its hypothetical deals;
  -- import: the whole landscape was replaced (target_id: what was imported,
  -- old_value / new_value: the snapshots before and after it, see below).
  target    TEXT NOT NULL CHECK (target = 'deal' OR target = 'setting'
                                 OR target = 'scenario' OR target = 'scenario_deal'
                                 OR target = 'import'),
  target_id TEXT NOT NULL,        -- deal id, setting key, scenario id, or import source
  field     TEXT,                 -- deal field or scenario operation; NULL for a setting
  old_value TEXT,
  new_value TEXT,
  time      INTEGER NOT NULL      -- seconds since 1970, UTC
);
INSERT INTO edit_log_v5 (seq, scenario, target, target_id, field, old_value, new_value, time)
  SELECT seq, scenario, target, target_id, field, old_value, new_value, time FROM edit_log;
DROP TABLE edit_log;
ALTER TABLE edit_log_v5 RENAME TO edit_log;

-- Landscape snapshots, numbered 1, 2, ... independently of the log rows
-- (renumbering the log moves no snapshot rows). An import row names its
-- snapshots by number, as text: old_value the landscape before the import,
-- new_value the one after it (NULL until the first undo). A snapshot that no
-- import row names any more is deleted with its rows.
CREATE TABLE edit_log_snapshots (
  snapshot INTEGER PRIMARY KEY,
  time     INTEGER NOT NULL       -- seconds since 1970, UTC
);

-- One table per landscape table: its columns (schema-1.sql, schema-4.sql),
-- without their constraints, after the snapshot number. `rowid` keeps the
-- row's place, which other rows refer to.
CREATE TABLE edit_log_snapshot_sources (
  snapshot  INTEGER NOT NULL,
  rowid     INTEGER NOT NULL,
  id        TEXT,
  title     TEXT,
  publisher TEXT,
  date      INTEGER,
  url       TEXT,
  PRIMARY KEY (snapshot, rowid)
) WITHOUT ROWID;

CREATE TABLE edit_log_snapshot_entities (
  snapshot    INTEGER NOT NULL,
  rowid       INTEGER NOT NULL,
  id          TEXT,
  name        TEXT,
  kind        TEXT,
  parent      INTEGER,
  description TEXT,
  PRIMARY KEY (snapshot, rowid)
) WITHOUT ROWID;

CREATE TABLE edit_log_snapshot_relations (
  snapshot    INTEGER NOT NULL,
  rowid       INTEGER NOT NULL,
  id          TEXT,
  kind        TEXT,
  from_entity INTEGER,
  to_entity   INTEGER,
  date        INTEGER,
  source      INTEGER,
  confidence  TEXT,
  note        TEXT,
  PRIMARY KEY (snapshot, rowid)
) WITHOUT ROWID;

CREATE TABLE edit_log_snapshot_deals (
  snapshot       INTEGER NOT NULL,
  rowid          INTEGER NOT NULL,
  id             TEXT,
  investor       INTEGER,
  target         INTEGER,
  date           INTEGER,
  close_date     INTEGER,
  amount_usd     REAL,
  instrument     TEXT,
  status         TEXT,
  pre_money_usd  REAL,
  post_money_usd REAL,
  cap_usd        REAL,
  discount       REAL,
  interest_rate  REAL,
  tranche_of     INTEGER,
  note           TEXT,
  source         INTEGER,
  confidence     TEXT,
  term_years     REAL,
  power_gw       REAL,
  chip_count     REAL,
  chip           TEXT,
  PRIMARY KEY (snapshot, rowid)
) WITHOUT ROWID;

CREATE TABLE edit_log_snapshot_metrics (
  snapshot   INTEGER NOT NULL,
  rowid      INTEGER NOT NULL,
  entity     INTEGER,
  name       TEXT,
  date       INTEGER,
  value      REAL,
  unit       TEXT,
  source     INTEGER,
  confidence TEXT,
  PRIMARY KEY (snapshot, rowid)
) WITHOUT ROWID;

CREATE TABLE edit_log_snapshot_scenarios (
  snapshot    INTEGER NOT NULL,
  rowid       INTEGER NOT NULL,
  id          TEXT,
  name        TEXT,
  description TEXT,
  base        TEXT,
  PRIMARY KEY (snapshot, rowid)
) WITHOUT ROWID;

CREATE TABLE edit_log_snapshot_scenario_settings (
  snapshot INTEGER NOT NULL,
  scenario TEXT NOT NULL,
  key      TEXT NOT NULL,
  text     TEXT,
  number   REAL,
  PRIMARY KEY (snapshot, scenario, key)
) WITHOUT ROWID;

CREATE TABLE edit_log_snapshot_scenario_deals (
  snapshot       INTEGER NOT NULL,
  scenario       TEXT NOT NULL,
  position       INTEGER,
  id             TEXT NOT NULL,
  investor       TEXT,
  target         TEXT,
  date           INTEGER,
  close_date     INTEGER,
  amount_usd     REAL,
  instrument     TEXT,
  status         TEXT,
  pre_money_usd  REAL,
  post_money_usd REAL,
  cap_usd        REAL,
  discount       REAL,
  interest_rate  REAL,
  tranche_of     TEXT,
  note           TEXT,
  source         TEXT,
  confidence     TEXT,
  term_years     REAL,
  power_gw       REAL,
  chip_count     REAL,
  chip           TEXT,
  PRIMARY KEY (snapshot, scenario, id)
) WITHOUT ROWID;
