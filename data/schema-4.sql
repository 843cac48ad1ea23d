-- Dealscape document, schema version 4: four more instruments
-- (compute_commitment, warrant, acquisition, debt) and the terms of a compute
-- commitment on every deal row: term_years, power_gw, chip_count, and chip,
-- the chip entity's id as text (as scenario deals name entities).
-- SQLite cannot change a CHECK constraint in place, so deals is copied into a
-- table with the wider one, row for row, keeping the row ids that other rows
-- (tranche_of) refer to; RENAME points those references at the new table.

CREATE TABLE deals_v4 (
  rowid          INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  investor       INTEGER NOT NULL REFERENCES entities (rowid) DEFERRABLE INITIALLY DEFERRED,
  target         INTEGER NOT NULL REFERENCES entities (rowid) DEFERRABLE INITIALLY DEFERRED,
  date           INTEGER NOT NULL,
  close_date     INTEGER,
  amount_usd     REAL CHECK (amount_usd IS NULL OR amount_usd >= 0),
  instrument     TEXT NOT NULL CHECK (instrument = 'equity' OR instrument = 'convertible_note'
                                     OR instrument = 'safe' OR instrument = 'compute_credits'
                                     OR instrument = 'compute_commitment' OR instrument = 'warrant'
                                     OR instrument = 'acquisition' OR instrument = 'debt'
                                     OR instrument = 'other'),
  status         TEXT NOT NULL CHECK (status = 'closed' OR status = 'announced'
                                     OR status = 'negotiating' OR status = 'rumored'),
  pre_money_usd  REAL,
  post_money_usd REAL,
  cap_usd        REAL,
  discount       REAL CHECK (discount IS NULL OR (discount >= 0 AND discount < 1)),
  interest_rate  REAL,
  tranche_of     INTEGER REFERENCES deals_v4 (rowid) DEFERRABLE INITIALLY DEFERRED,
  note           TEXT,
  source         INTEGER NOT NULL REFERENCES sources (rowid) DEFERRABLE INITIALLY DEFERRED,
  confidence     TEXT NOT NULL,
  term_years     REAL CHECK (term_years IS NULL OR term_years > 0),
  power_gw       REAL CHECK (power_gw IS NULL OR power_gw >= 0),
  chip_count     REAL CHECK (chip_count IS NULL OR chip_count >= 0),
  chip           TEXT
);
INSERT INTO deals_v4 (rowid, id, investor, target, date, close_date, amount_usd, instrument, status,
                      pre_money_usd, post_money_usd, cap_usd, discount, interest_rate, tranche_of,
                      note, source, confidence)
  SELECT rowid, id, investor, target, date, close_date, amount_usd, instrument, status,
         pre_money_usd, post_money_usd, cap_usd, discount, interest_rate, tranche_of,
         note, source, confidence FROM deals ORDER BY rowid;
DROP TABLE deals;
ALTER TABLE deals_v4 RENAME TO deals;

ALTER TABLE scenario_deals ADD COLUMN term_years REAL;
ALTER TABLE scenario_deals ADD COLUMN power_gw REAL;
ALTER TABLE scenario_deals ADD COLUMN chip_count REAL;
ALTER TABLE scenario_deals ADD COLUMN chip TEXT;

ALTER TABLE edit_log_scenario_deals ADD COLUMN term_years REAL;
ALTER TABLE edit_log_scenario_deals ADD COLUMN power_gw REAL;
ALTER TABLE edit_log_scenario_deals ADD COLUMN chip_count REAL;
ALTER TABLE edit_log_scenario_deals ADD COLUMN chip TEXT;
