-- 0003-person-search.sql — full-text search over persons: names, employer, badge.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- External content: the index holds only tokens, the values stay in person.
-- Archived persons stay indexed (queries join person and say deleted_at IS NULL),
-- so archiving and restoring touch no index. Prefix indexes serve
-- search-as-you-type from the second typed character.
--
-- No triggers keep it in sync: the store runs with trusted_schema = OFF, under
-- which a trigger may not write an FTS5 table. Every writer of person's
-- indexed columns calls psems_person_fts_remove()/psems_person_fts_add()
-- (psems-person.c, the CSV import), and the demo generator rebuilds it in bulk.

CREATE VIRTUAL TABLE person_fts USING fts5 (
  given_name, family_name, display_name, employer, badge_no,
  content = 'person', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);

INSERT INTO person_fts (person_fts) VALUES ('rebuild');
