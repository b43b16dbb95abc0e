-- 0001-base.sql — settings, reference counters and the audit trail.
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE TABLE setting (
  key   TEXT PRIMARY KEY NOT NULL CHECK (length(key) > 0),
  value TEXT
) STRICT;

-- The key that turns personal values into hashes in audit images (psems-audit.c).
INSERT INTO setting (key, value) VALUES ('audit.personal_key', lower(hex(randomblob(32))));

CREATE TABLE ref_counter (
  prefix TEXT NOT NULL CHECK (prefix GLOB '[A-Z]*'),
  year   INTEGER NOT NULL CHECK (year BETWEEN 1 AND 9999),
  last   INTEGER NOT NULL CHECK (last > 0),
  PRIMARY KEY (prefix, year)
) STRICT, WITHOUT ROWID;

CREATE TABLE audit_trail (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  user_id   INTEGER,
  user_name TEXT NOT NULL,
  role      TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id INTEGER,
  ref       TEXT,
  before    TEXT,
  after     TEXT,
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash      TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

CREATE INDEX audit_trail_entity ON audit_trail (entity, entity_id);

-- The trail only grows. This stops mistakes in our own code; deliberate
-- tampering with another SQLite client is what the hash chain finds.
CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_trail
BEGIN
  SELECT RAISE (ABORT, 'the audit trail cannot be changed');
END;

CREATE TRIGGER audit_trail_no_delete BEFORE DELETE ON audit_trail
BEGIN
  SELECT RAISE (ABORT, 'the audit trail cannot be changed');
END;
