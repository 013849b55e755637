-- kb schema, version 5: what real capture keeps. A feed item's own id, by
-- which a feed's items are told apart; whether the text is part of the
-- article only (a paywall or consent stub); an item's categories.

ALTER TABLE sources ADD COLUMN guid TEXT CHECK (guid IS NULL OR guid <> '');
ALTER TABLE sources ADD COLUMN partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1));
CREATE INDEX sources_by_guid ON sources(guid) WHERE guid IS NOT NULL;

CREATE TABLE source_tags (
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  tag       TEXT NOT NULL CHECK (tag <> ''),
  PRIMARY KEY (source_id, tag)
) STRICT;
CREATE INDEX source_tags_by_tag ON source_tags(tag COLLATE NOCASE);
