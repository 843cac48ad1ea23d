-- Dealscape document, schema version 3: scenarios themselves and the
-- hypothetical deals inside them become undoable (app/core/ds-edit-log.c).
-- SQLite cannot change a CHECK constraint in place, so edit_log is copied
-- into a table with the wider one, row for row.

CREATE TABLE edit_log_v3 (
  seq       INTEGER PRIMARY KEY,  -- 1, 2, ...: the order edits were made in
  scenario  TEXT,                 -- scenario id; NULL: the landscape itself
  -- deal: a field of a landscape deal; setting: a scenario's setting;
  -- scenario: the scenario `scenario` itself (field: create, duplicate,
  -- delete or name); scenario_deal: a field of one of its hypothetical deals.
  target    TEXT NOT NULL CHECK (target = 'deal' OR target = 'setting'
                                 OR target = 'scenario' OR target = 'scenario_deal'),
  target_id TEXT NOT NULL,        -- deal id, setting key, or the scenario id
  field     TEXT,                 -- deal field or scenario operation; NULL for a setting
  old_value TEXT,
  new_value TEXT,
  time      INTEGER NOT NULL      -- seconds since 1970, UTC
);
INSERT INTO edit_log_v3 (seq, scenario, target, target_id, field, old_value, new_value, time)
  SELECT seq, scenario, target, target_id, field, old_value, new_value, time FROM edit_log;
DROP TABLE edit_log;
ALTER TABLE edit_log_v3 RENAME TO edit_log;

-- The whole scenario a create, duplicate or delete added or removed, so that
-- undo and redo put back exactly those rows. The columns are those of
-- scenarios, scenario_settings and scenario_deals (schema-1.sql), keyed by
-- the log row; `position` is the scenarios rowid, the scenario's place in
-- the list. Rows follow their log row when it is dropped or renumbered.
CREATE TABLE edit_log_scenarios (
  seq         INTEGER PRIMARY KEY REFERENCES edit_log (seq) ON DELETE CASCADE ON UPDATE CASCADE,
  position    INTEGER NOT NULL,
  id          TEXT NOT NULL,
  name        TEXT NOT NULL,
  description TEXT,
  base        TEXT
);

CREATE TABLE edit_log_scenario_settings (
  seq    INTEGER NOT NULL REFERENCES edit_log_scenarios (seq) ON DELETE CASCADE ON UPDATE CASCADE,
  key    TEXT NOT NULL,
  text   TEXT,
  number REAL,
  PRIMARY KEY (seq, key)
) WITHOUT ROWID;

CREATE TABLE edit_log_scenario_deals (
  seq            INTEGER NOT NULL REFERENCES edit_log_scenarios (seq) ON DELETE CASCADE ON UPDATE CASCADE,
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
  PRIMARY KEY (seq, id)
) WITHOUT ROWID;
