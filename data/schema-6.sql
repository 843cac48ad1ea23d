-- Dealscape document, schema version 6: the graph preview.
-- A big document keeps a compact copy of its graph (ds-graph-preview.c):
-- the entities with their positions, the deals' ends, dates, amounts,
-- instruments and statuses, the relations and the valuations. A window draws
-- the graph from it before the document is read (docs/architecture.md, "The
-- graph preview"). It is derived data: written after a full read of the
-- document, and dropped by the triggers below on any change to what it
-- copies, whoever makes the change (the app, the CLI, or the sqlite3 shell).
-- IF NOT EXISTS: a document whose version was set back (the migration tests)
-- runs this again.
CREATE TABLE IF NOT EXISTS graph_preview (
  id     INTEGER PRIMARY KEY CHECK (id = 1),  -- one row at most
  format INTEGER NOT NULL,                   -- DS_GRAPH_PREVIEW_FORMAT
  data   BLOB NOT NULL
);

-- Each trigger first asks whether there is a preview to drop: a bulk write
-- (an import of a million deals) then pays a lookup per row, not a delete.
CREATE TRIGGER IF NOT EXISTS graph_preview_entities_insert AFTER INSERT ON entities
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;
CREATE TRIGGER IF NOT EXISTS graph_preview_entities_delete AFTER DELETE ON entities
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;
CREATE TRIGGER IF NOT EXISTS graph_preview_entities_update AFTER UPDATE OF rowid, id, name, kind, parent ON entities
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;

CREATE TRIGGER IF NOT EXISTS graph_preview_deals_insert AFTER INSERT ON deals
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;
CREATE TRIGGER IF NOT EXISTS graph_preview_deals_delete AFTER DELETE ON deals
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;
CREATE TRIGGER IF NOT EXISTS graph_preview_deals_update AFTER UPDATE OF rowid, id, investor, target, date, close_date,
  amount_usd, post_money_usd, instrument, status ON deals
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;

CREATE TRIGGER IF NOT EXISTS graph_preview_relations_insert AFTER INSERT ON relations
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;
CREATE TRIGGER IF NOT EXISTS graph_preview_relations_delete AFTER DELETE ON relations
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;
CREATE TRIGGER IF NOT EXISTS graph_preview_relations_update AFTER UPDATE ON relations
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;

CREATE TRIGGER IF NOT EXISTS graph_preview_metrics_insert AFTER INSERT ON metrics
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;
CREATE TRIGGER IF NOT EXISTS graph_preview_metrics_delete AFTER DELETE ON metrics
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;
CREATE TRIGGER IF NOT EXISTS graph_preview_metrics_update AFTER UPDATE ON metrics
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;

CREATE TRIGGER IF NOT EXISTS graph_preview_positions_insert AFTER INSERT ON positions
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;
CREATE TRIGGER IF NOT EXISTS graph_preview_positions_delete AFTER DELETE ON positions
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;
CREATE TRIGGER IF NOT EXISTS graph_preview_positions_update AFTER UPDATE ON positions
  WHEN EXISTS (SELECT 1 FROM graph_preview) BEGIN DELETE FROM graph_preview; END;
