-- kb schema, version 2: what ingesting documents needs.

-- The date as the document wrote it, beside its normalized form; when it was
-- last updated; where and when kb read it.
ALTER TABLE sources ADD COLUMN published_raw TEXT;
ALTER TABLE sources ADD COLUMN updated TEXT
  CHECK (updated IS NULL OR updated GLOB '[0-9][0-9][0-9][0-9]*');
ALTER TABLE sources ADD COLUMN ingested_from TEXT;

CREATE INDEX sources_by_origin ON sources(origin);
