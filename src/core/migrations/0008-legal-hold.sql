-- 0008-legal-hold.sql — legal holds: a record under a hold is kept past its retention until released.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- One table for every kind of record retention can purge (psems-retention.c), rather than
-- columns on each: a hold is placed and released by someone, for a reason, and that history
-- stays readable after the release; placing or lifting one never rewrites the held record
-- (its updated_at and audit images stay those of its own edits); a kind of record that becomes
-- purgeable later needs no migration. record_id points into the table its entity names, so it
-- has no foreign key; retention deletes a record's released holds when it purges the record.
CREATE TABLE legal_hold (
  id          INTEGER PRIMARY KEY,
  entity      TEXT NOT NULL CHECK (entity IN ('completion', 'dos', 'incident', 'level-change')),
  record_id   INTEGER NOT NULL CHECK (record_id > 0),
  reason      TEXT NOT NULL CHECK (length(reason) > 0),
  placed_at   TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', placed_at, '+0 seconds') IS placed_at),
  placed_by   TEXT NOT NULL CHECK (length(placed_by) > 0),
  released_at TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', released_at, '+0 seconds') IS released_at),
  released_by TEXT CHECK (released_by IS NULL OR length(released_by) > 0),
  CHECK ((released_at IS NULL) = (released_by IS NULL)),
  CHECK (released_at IS NULL OR released_at >= placed_at)
) STRICT;

-- At most one hold in force per record.
CREATE UNIQUE INDEX legal_hold_active ON legal_hold (entity, record_id) WHERE released_at IS NULL;
