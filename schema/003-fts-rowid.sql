-- kb schema, version 3: a full-text index follows a row whose id changes.
-- The update triggers of version 1 fired only on the indexed columns, so
-- UPDATE … SET id = … left the index on the old rowid.

DROP TRIGGER entities_fts_au;
CREATE TRIGGER entities_fts_au AFTER UPDATE OF id, name, alias_list, description ON entities BEGIN
  INSERT INTO entities_fts(entities_fts, rowid, name, alias_list, description)
  VALUES ('delete', old.id, old.name, old.alias_list, old.description);
  INSERT INTO entities_fts(rowid, name, alias_list, description)
  VALUES (new.id, new.name, new.alias_list, new.description);
END;

DROP TRIGGER sources_fts_au;
CREATE TRIGGER sources_fts_au AFTER UPDATE OF id, title, publisher, description, text ON sources BEGIN
  INSERT INTO sources_fts(sources_fts, rowid, title, publisher, description, text)
  VALUES ('delete', old.id, old.title, old.publisher, old.description, old.text);
  INSERT INTO sources_fts(rowid, title, publisher, description, text)
  VALUES (new.id, new.title, new.publisher, new.description, new.text);
END;

DROP TRIGGER claims_fts_au;
CREATE TRIGGER claims_fts_au AFTER UPDATE OF id, statement, topic, asserted_by ON claims BEGIN
  INSERT INTO claims_fts(claims_fts, rowid, statement, topic, asserted_by)
  VALUES ('delete', old.id, old.statement, old.topic, old.asserted_by);
  INSERT INTO claims_fts(rowid, statement, topic, asserted_by)
  VALUES (new.id, new.statement, new.topic, new.asserted_by);
END;

DROP TRIGGER debates_fts_au;
CREATE TRIGGER debates_fts_au AFTER UPDATE OF id, question, description ON debates BEGIN
  INSERT INTO debates_fts(debates_fts, rowid, question, description)
  VALUES ('delete', old.id, old.question, old.description);
  INSERT INTO debates_fts(rowid, question, description)
  VALUES (new.id, new.question, new.description);
END;
