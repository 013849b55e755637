-- kb schema, version 1.
-- Every table is STRICT; every enumeration has its CHECK; every reference is a
-- foreign key. Dates are text and keep the precision they were written with.

CREATE TABLE entities (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE
              CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'
                     AND slug NOT GLOB '*-' AND slug NOT GLOB '*--*'),
  kind        TEXT NOT NULL
              CHECK (kind IN ('company','model','asset','product','person',
                              'organization','project','topic')),
  name        TEXT NOT NULL CHECK (name <> ''),
  description TEXT,
  -- the aliases, kept by triggers on the aliases table, for full-text search
  alias_list  TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE aliases (
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  alias     TEXT NOT NULL CHECK (alias <> ''),
  PRIMARY KEY (entity_id, alias)
) STRICT;
CREATE INDEX aliases_by_alias ON aliases(alias COLLATE NOCASE);

CREATE TABLE companies (
  entity_id INTEGER PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
  ticker    TEXT,
  hq        TEXT,
  cloud     TEXT
) STRICT;

CREATE TABLE models (
  entity_id    INTEGER PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
  developer_id INTEGER NOT NULL REFERENCES entities(id),
  family       TEXT,
  released     TEXT CHECK (released IS NULL OR released GLOB '[0-9][0-9][0-9][0-9]*'),
  openness     TEXT NOT NULL CHECK (openness IN ('open-weights','closed')),
  license      TEXT,
  parameters   TEXT
) STRICT;
CREATE INDEX models_by_developer ON models(developer_id);

CREATE TABLE assets (
  entity_id   INTEGER PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
  owner_id    INTEGER NOT NULL REFERENCES entities(id),
  asset_type  TEXT NOT NULL
              CHECK (asset_type IN ('data-center','gpu-cluster','chip','capex-plan','region')),
  location    TEXT,
  capacity_mw REAL CHECK (capacity_mw IS NULL OR capacity_mw >= 0),
  gpu_count   INTEGER CHECK (gpu_count IS NULL OR gpu_count >= 0),
  amount      INTEGER CHECK (amount IS NULL OR amount >= 0),
  amount_to   INTEGER CHECK (amount_to IS NULL OR amount_to >= amount),
  currency    TEXT CHECK (currency IS NULL OR currency GLOB '[A-Z][A-Z][A-Z]'),
  period      TEXT,
  status      TEXT CHECK (status IS NULL OR status IN
                ('announced','planned','under-construction','operational',
                 'retired','cancelled','guidance','actual')),
  as_of       TEXT CHECK (as_of IS NULL OR as_of GLOB '[0-9][0-9][0-9][0-9]*'),
  CHECK ((amount IS NULL) = (currency IS NULL))
) STRICT;
CREATE INDEX assets_by_owner ON assets(owner_id);

CREATE TABLE sources (
  id           INTEGER PRIMARY KEY,
  slug         TEXT NOT NULL UNIQUE,
  source_type  TEXT NOT NULL
               CHECK (source_type IN ('article','filing','press-release','transcript',
                                      'report','feed-item','note','web-page')),
  -- 'curated' sources come from data files; 'ingested' ones from kb ingest
  origin       TEXT NOT NULL DEFAULT 'curated' CHECK (origin IN ('curated','ingested')),
  url          TEXT UNIQUE,
  title        TEXT NOT NULL,
  publisher    TEXT,
  via          TEXT,
  original_url TEXT,
  author       TEXT,
  published    TEXT CHECK (published IS NULL OR published GLOB '[0-9][0-9][0-9][0-9]*'),
  retrieved    TEXT CHECK (retrieved IS NULL OR retrieved GLOB '[0-9][0-9][0-9][0-9]*'),
  lang         TEXT,
  description  TEXT,
  text         TEXT,
  -- SHA-256 of the text, hex; duplicates are found by it
  text_hash    TEXT
) STRICT;
CREATE INDEX sources_by_hash ON sources(text_hash);
CREATE INDEX sources_by_published ON sources(published);

CREATE TABLE relations (
  id        INTEGER PRIMARY KEY,
  from_id   INTEGER NOT NULL REFERENCES entities(id),
  rel_type  TEXT NOT NULL
            CHECK (rel_type IN ('partner-of','invests-in','customer-of','supplier-of',
                                'competes-with','develops','owns')),
  to_id     INTEGER NOT NULL REFERENCES entities(id),
  source_id INTEGER NOT NULL REFERENCES sources(id),
  as_of     TEXT CHECK (as_of IS NULL OR as_of GLOB '[0-9][0-9][0-9][0-9]*'),
  note      TEXT,
  UNIQUE (from_id, rel_type, to_id)
) STRICT;
CREATE INDEX relations_by_to ON relations(to_id);
CREATE INDEX relations_by_source ON relations(source_id);

CREATE TABLE claims (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  subject_id  INTEGER NOT NULL REFERENCES entities(id),
  topic       TEXT NOT NULL,
  claim_kind  TEXT NOT NULL
              CHECK (claim_kind IN ('fact','report','rumor','analysis','forecast',
                                    'guidance','announcement')),
  status      TEXT NOT NULL DEFAULT 'reported'
              CHECK (status IN ('reported','confirmed','denied','retracted')),
  stance      TEXT NOT NULL CHECK (stance IN ('bullish','bearish','neutral','mixed')),
  rank        TEXT NOT NULL DEFAULT 'normal'
              CHECK (rank IN ('preferred','normal','deprecated')),
  statement   TEXT NOT NULL CHECK (statement <> ''),
  asserted_by TEXT,
  as_of       TEXT CHECK (as_of IS NULL OR as_of GLOB '[0-9][0-9][0-9][0-9]*')
) STRICT;
CREATE INDEX claims_by_subject ON claims(subject_id);
CREATE INDEX claims_by_topic ON claims(topic);

-- other entities a claim is about, beside its subject
CREATE TABLE claim_entities (
  claim_id  INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  PRIMARY KEY (claim_id, entity_id)
) STRICT;
CREATE INDEX claim_entities_by_entity ON claim_entities(entity_id);

CREATE TABLE citations (
  claim_id  INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  quote     TEXT CHECK (quote IS NULL OR quote <> ''),
  position  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (claim_id, source_id)
) STRICT;
CREATE INDEX citations_by_source ON citations(source_id);

CREATE TABLE debates (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  subject_id  INTEGER NOT NULL REFERENCES entities(id),
  topic       TEXT,
  question    TEXT NOT NULL CHECK (question <> ''),
  description TEXT
) STRICT;
CREATE INDEX debates_by_subject ON debates(subject_id);

CREATE TABLE debate_sides (
  id        INTEGER PRIMARY KEY,
  debate_id INTEGER NOT NULL REFERENCES debates(id) ON DELETE CASCADE,
  slug      TEXT NOT NULL,
  label     TEXT NOT NULL,
  summary   TEXT,
  position  INTEGER NOT NULL,
  UNIQUE (debate_id, slug)
) STRICT;

-- which claims argue which side of a debate
CREATE TABLE arguments (
  side_id  INTEGER NOT NULL REFERENCES debate_sides(id) ON DELETE CASCADE,
  claim_id INTEGER NOT NULL REFERENCES claims(id),
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (side_id, claim_id)
) STRICT;
CREATE INDEX arguments_by_claim ON arguments(claim_id);

-- which entities a source mentions, found by names and aliases
CREATE TABLE mentions (
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  hits      INTEGER NOT NULL DEFAULT 1 CHECK (hits > 0),
  PRIMARY KEY (source_id, entity_id)
) STRICT;
CREATE INDEX mentions_by_entity ON mentions(entity_id);

-- Keep entities.alias_list true to the aliases table.
CREATE TRIGGER aliases_ai AFTER INSERT ON aliases BEGIN
  UPDATE entities SET alias_list =
    (SELECT coalesce(group_concat(alias, ' | '), '') FROM
       (SELECT alias FROM aliases WHERE entity_id = new.entity_id ORDER BY alias))
  WHERE id = new.entity_id;
END;
CREATE TRIGGER aliases_ad AFTER DELETE ON aliases BEGIN
  UPDATE entities SET alias_list =
    (SELECT coalesce(group_concat(alias, ' | '), '') FROM
       (SELECT alias FROM aliases WHERE entity_id = old.entity_id ORDER BY alias))
  WHERE id = old.entity_id;
END;
CREATE TRIGGER aliases_au AFTER UPDATE ON aliases BEGIN
  UPDATE entities SET alias_list =
    (SELECT coalesce(group_concat(alias, ' | '), '') FROM
       (SELECT alias FROM aliases WHERE entity_id = old.entity_id ORDER BY alias))
  WHERE id = old.entity_id;
  UPDATE entities SET alias_list =
    (SELECT coalesce(group_concat(alias, ' | '), '') FROM
       (SELECT alias FROM aliases WHERE entity_id = new.entity_id ORDER BY alias))
  WHERE id = new.entity_id;
END;

-- Full-text indexes: external content, named <table>_fts, as sqlite-utils and
-- Datasette expect; triggers keep them in step with every write.
CREATE VIRTUAL TABLE entities_fts USING fts5(
  name, alias_list, description,
  content="entities", content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER entities_fts_ai AFTER INSERT ON entities BEGIN
  INSERT INTO entities_fts(rowid, name, alias_list, description)
  VALUES (new.id, new.name, new.alias_list, new.description);
END;
CREATE TRIGGER entities_fts_ad AFTER DELETE ON entities BEGIN
  INSERT INTO entities_fts(entities_fts, rowid, name, alias_list, description)
  VALUES ('delete', old.id, old.name, old.alias_list, old.description);
END;
CREATE TRIGGER entities_fts_au AFTER UPDATE OF name, alias_list, description ON entities BEGIN
  INSERT INTO entities_fts(entities_fts, rowid, name, alias_list, description)
  VALUES ('delete', old.id, old.name, old.alias_list, old.description);
  INSERT INTO entities_fts(rowid, name, alias_list, description)
  VALUES (new.id, new.name, new.alias_list, new.description);
END;

CREATE VIRTUAL TABLE sources_fts USING fts5(
  title, publisher, description, text,
  content="sources", content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER sources_fts_ai AFTER INSERT ON sources BEGIN
  INSERT INTO sources_fts(rowid, title, publisher, description, text)
  VALUES (new.id, new.title, new.publisher, new.description, new.text);
END;
CREATE TRIGGER sources_fts_ad AFTER DELETE ON sources BEGIN
  INSERT INTO sources_fts(sources_fts, rowid, title, publisher, description, text)
  VALUES ('delete', old.id, old.title, old.publisher, old.description, old.text);
END;
CREATE TRIGGER sources_fts_au AFTER UPDATE OF title, publisher, description, text ON sources BEGIN
  INSERT INTO sources_fts(sources_fts, rowid, title, publisher, description, text)
  VALUES ('delete', old.id, old.title, old.publisher, old.description, old.text);
  INSERT INTO sources_fts(rowid, title, publisher, description, text)
  VALUES (new.id, new.title, new.publisher, new.description, new.text);
END;

CREATE VIRTUAL TABLE claims_fts USING fts5(
  statement, topic, asserted_by,
  content="claims", content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN
  INSERT INTO claims_fts(rowid, statement, topic, asserted_by)
  VALUES (new.id, new.statement, new.topic, new.asserted_by);
END;
CREATE TRIGGER claims_fts_ad AFTER DELETE ON claims BEGIN
  INSERT INTO claims_fts(claims_fts, rowid, statement, topic, asserted_by)
  VALUES ('delete', old.id, old.statement, old.topic, old.asserted_by);
END;
CREATE TRIGGER claims_fts_au AFTER UPDATE OF statement, topic, asserted_by ON claims BEGIN
  INSERT INTO claims_fts(claims_fts, rowid, statement, topic, asserted_by)
  VALUES ('delete', old.id, old.statement, old.topic, old.asserted_by);
  INSERT INTO claims_fts(rowid, statement, topic, asserted_by)
  VALUES (new.id, new.statement, new.topic, new.asserted_by);
END;

CREATE VIRTUAL TABLE debates_fts USING fts5(
  question, description,
  content="debates", content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER debates_fts_ai AFTER INSERT ON debates BEGIN
  INSERT INTO debates_fts(rowid, question, description)
  VALUES (new.id, new.question, new.description);
END;
CREATE TRIGGER debates_fts_ad AFTER DELETE ON debates BEGIN
  INSERT INTO debates_fts(debates_fts, rowid, question, description)
  VALUES ('delete', old.id, old.question, old.description);
END;
CREATE TRIGGER debates_fts_au AFTER UPDATE OF question, description ON debates BEGIN
  INSERT INTO debates_fts(debates_fts, rowid, question, description)
  VALUES ('delete', old.id, old.question, old.description);
  INSERT INTO debates_fts(rowid, question, description)
  VALUES (new.id, new.question, new.description);
END;

-- Views for analysts (the README documents their columns).

-- every claim with its subject and its sources, one row per citation
CREATE VIEW claim_sources AS
SELECT c.slug        AS claim,
       e.slug        AS subject,
       e.name        AS subject_name,
       c.topic, c.claim_kind AS kind, c.status, c.stance, c.rank,
       c.statement, c.asserted_by, c.as_of,
       s.slug        AS source,
       s.publisher, s.title AS source_title, s.published AS source_published,
       s.url         AS source_url,
       ci.quote
FROM claims c
JOIN entities e ON e.id = c.subject_id
JOIN citations ci ON ci.claim_id = c.id
JOIN sources s ON s.id = ci.source_id;

-- every claim once, with its subject and how many sources back it
CREATE VIEW claim_overview AS
SELECT c.slug AS claim, e.slug AS subject, e.name AS subject_name,
       c.topic, c.claim_kind AS kind, c.status, c.stance, c.rank,
       c.statement, c.asserted_by, c.as_of,
       (SELECT count(*) FROM citations ci WHERE ci.claim_id = c.id) AS sources,
       (SELECT min(s.published) FROM citations ci JOIN sources s ON s.id = ci.source_id
         WHERE ci.claim_id = c.id) AS first_published
FROM claims c JOIN entities e ON e.id = c.subject_id;

CREATE VIEW model_landscape AS
SELECT m_e.slug AS model, m_e.name, d.slug AS developer, d.name AS developer_name,
       m.family, m.released, m.openness, m.license, m.parameters
FROM models m
JOIN entities m_e ON m_e.id = m.entity_id
JOIN entities d ON d.id = m.developer_id;

CREATE VIEW infrastructure AS
SELECT o.slug AS owner, o.name AS owner_name, a_e.slug AS asset, a_e.name,
       a.asset_type, a.location, a.capacity_mw, a.gpu_count,
       a.amount, a.amount_to, a.currency, a.period, a.status, a.as_of
FROM assets a
JOIN entities a_e ON a_e.id = a.entity_id
JOIN entities o ON o.id = a.owner_id;

CREATE VIEW debate_arguments AS
SELECT d.slug AS debate, subj.slug AS subject, d.question,
       ds.slug AS side, ds.label, ds.summary,
       c.slug AS claim, c.stance, c.statement
FROM debates d
JOIN entities subj ON subj.id = d.subject_id
JOIN debate_sides ds ON ds.debate_id = d.id
LEFT JOIN arguments a ON a.side_id = ds.id
LEFT JOIN claims c ON c.id = a.claim_id;

CREATE VIEW relation_overview AS
SELECT f.slug AS from_entity, r.rel_type AS relation, t.slug AS to_entity,
       r.as_of, r.note, s.slug AS source, s.publisher, s.url AS source_url
FROM relations r
JOIN entities f ON f.id = r.from_id
JOIN entities t ON t.id = r.to_id
JOIN sources s ON s.id = r.source_id;

CREATE VIEW source_mentions AS
SELECT s.slug AS source, s.title, s.publisher, s.published,
       e.slug AS entity, e.name AS entity_name, m.hits
FROM mentions m
JOIN sources s ON s.id = m.source_id
JOIN entities e ON e.id = m.entity_id;
