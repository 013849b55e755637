-- kb schema, version 4: synonyms the analyst controls. A group is named by
-- its first spelling (term); each other spelling (alt) means the same to
-- kb search, which matches any of them where one is typed.

CREATE TABLE synonyms (
  term TEXT NOT NULL CHECK (term <> ''),
  alt  TEXT NOT NULL CHECK (alt <> '' AND alt <> term),
  PRIMARY KEY (term, alt)
) STRICT;
CREATE INDEX synonyms_by_alt ON synonyms(alt COLLATE NOCASE);
CREATE INDEX synonyms_by_term ON synonyms(term COLLATE NOCASE);
