-- Dealscape document, schema version 2: the edit log behind undo and redo,
-- kept in the document so that they survive a restart (app/core/ds-edit-log.c).
-- Values are text as the user would type them ("5e10", "closed", "2025-09");
-- NULL is "not set" (a cleared field, a scenario without that override).

CREATE TABLE edit_log (
  seq       INTEGER PRIMARY KEY,  -- 1, 2, ...: the order edits were made in
  scenario  TEXT,                 -- scenario id; NULL: the landscape itself
  target    TEXT NOT NULL CHECK (target = 'deal' OR target = 'setting'),
  target_id TEXT NOT NULL,        -- deal id, or the scenario setting's key
  field     TEXT,                 -- deal field; NULL for a setting
  old_value TEXT,
  new_value TEXT,
  time      INTEGER NOT NULL      -- seconds since 1970, UTC
);

-- Edits 1 .. cursor are applied; the rows after it are the redo tail.
INSERT INTO meta (key, value) VALUES ('edit_log_cursor', '0');
