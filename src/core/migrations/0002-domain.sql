-- 0002-domain.sql — the whole domain: facilities, plans, people, defence in depth, follow-up.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Conventions (see ../../../../shared/design.md and psems-entity.c, whose table
-- names these are):
-- * every table is STRICT; `id INTEGER PRIMARY KEY`; tables whose entity has a
--   readable-reference prefix carry `ref TEXT NOT NULL UNIQUE`;
-- * soft-deleted tables carry `deleted_at` (a timestamp; NULL = live);
-- * a date is TEXT 'YYYY-MM-DD' and must be a real day: date(x, '+0 days')
--   normalises 2025-02-30 to 2025-03-02, so `IS x` refuses it (and NULL IS
--   NULL lets a nullable column be empty);
-- * a timestamp is TEXT 'YYYY-MM-DDTHH:MM:SSZ' in UTC (an incident keeps its
--   local time zone in its own column);
-- * enumerations the issues name are CHECK (x IN (…)), hyphenated lowercase;
--   lists a port configures (vetting levels, layers, restricted areas, courses,
--   the risk matrix) are tables;
-- * derived states (expired, overdue, degraded, residual risk) are computed as
--   of a day, never stored.
-- Constraints are left unnamed where SQLite's message then quotes the
-- expression, so a refusal names the column.

-- ───────────────────────────── people (referenced by facility) ─────────────────────────────

CREATE TABLE vetting_level (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  name            TEXT NOT NULL CHECK (length(name) > 0),
  rank            INTEGER NOT NULL CHECK (rank >= 0),           -- higher is stronger
  validity_months INTEGER CHECK (validity_months IS NULL OR validity_months > 0),
  description     TEXT,
  deleted_at      TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at)
) STRICT;

CREATE TABLE person (
  id            INTEGER PRIMARY KEY,
  ref           TEXT NOT NULL UNIQUE,
  given_name    TEXT NOT NULL CHECK (length(given_name) > 0),
  family_name   TEXT NOT NULL CHECK (length(family_name) > 0),
  display_name  TEXT NOT NULL CHECK (length(display_name) > 0),   -- as the person writes it
  sort_name     TEXT NOT NULL CHECK (length(sort_name) > 0),      -- family name first, for lists
  date_of_birth TEXT CHECK (date(date_of_birth, '+0 days') IS date_of_birth),
  nationality   TEXT
      CHECK (nationality IS NULL OR nationality GLOB '[A-Z][A-Z]'),   -- ISO 3166-1 alpha-2
  email         TEXT CHECK (email IS NULL OR email LIKE '%_@_%'),
  phone         TEXT,
  employer      TEXT NOT NULL CHECK (length(employer) > 0),
  job_title     TEXT,
  badge_no      TEXT UNIQUE
      CHECK (badge_no IS NULL OR length(badge_no) > 0),   -- unique per authority
  notes         TEXT,
  created_at    TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at    TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at    TEXT CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at)
) STRICT;

CREATE INDEX person_sort_name ON person (sort_name);
CREATE INDEX person_employer ON person (employer);

-- One row per vetting decision; renewals add rows, so the history stays.
-- A person is cleared on a day when a 'cleared' vetting covers it.
CREATE TABLE vetting (
  id            INTEGER PRIMARY KEY,
  ref           TEXT NOT NULL UNIQUE,
  person_id     INTEGER NOT NULL REFERENCES person (id),
  level_id      INTEGER NOT NULL REFERENCES vetting_level (id),
  status        TEXT NOT NULL
      CHECK (status IN ('pending', 'cleared', 'refused', 'suspended', 'revoked')),
  requested_on  TEXT NOT NULL CHECK (date(requested_on, '+0 days') IS requested_on),
  issued_on     TEXT CHECK (date(issued_on, '+0 days') IS issued_on),
  expires_on    TEXT CHECK (date(expires_on, '+0 days') IS expires_on),
  authority     TEXT,            -- the vetting authority
  authority_ref TEXT,            -- its reference for the decision
  notes         TEXT,
  created_at    TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at    TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at    TEXT CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  CHECK (status <> 'cleared' OR (issued_on IS NOT NULL AND expires_on IS NOT NULL)),
  CHECK (issued_on IS NULL OR issued_on >= requested_on),
  CHECK (expires_on IS NULL OR issued_on IS NULL OR expires_on > issued_on)
) STRICT;

CREATE INDEX vetting_person ON vetting (person_id);
-- Who is cleared or expiring on a day, without reading the rows (queries must
-- say `deleted_at IS NULL` for SQLite to use it).
CREATE INDEX vetting_expiry ON vetting (status, expires_on, issued_on, person_id) WHERE deleted_at IS NULL;
CREATE INDEX vetting_level_idx ON vetting (level_id);

-- ───────────────────────────── facilities ─────────────────────────────

CREATE TABLE facility (
  id             INTEGER PRIMARY KEY,
  ref            TEXT NOT NULL UNIQUE,
  code           TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  name           TEXT NOT NULL CHECK (length(name) > 0),
  kind           TEXT NOT NULL
      CHECK (kind IN ('container-terminal', 'cruise-terminal', 'ferry-terminal', 'ro-ro-terminal',
                      'bulk-terminal', 'tanker-terminal', 'general-cargo-terminal', 'airport',
                      'other')),
  -- UN/LOCODE: country (2 letters) + location (3 of A–Z or 2–9)
  un_locode      TEXT
      CHECK (un_locode IS NULL OR un_locode GLOB '[A-Z][A-Z][A-Z2-9][A-Z2-9][A-Z2-9]'),
  -- IMO port facility number LOCODE-NNNN (GISIS); none outside the ISPS Code
  imo_number     TEXT UNIQUE
      CHECK (imo_number IS NULL OR
             (imo_number GLOB '[A-Z][A-Z][A-Z2-9][A-Z2-9][A-Z2-9]-[0-9][0-9][0-9][0-9]' AND
              substr(imo_number, 1, 5) IS un_locode)),
  security_level INTEGER NOT NULL DEFAULT 1 CHECK (security_level BETWEEN 1 AND 3),
  pfso_person_id INTEGER REFERENCES person (id),
  contact_24h    TEXT,
  address        TEXT,
  time_zone      TEXT,           -- IANA name, e.g. Europe/Amsterdam
  created_at     TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at     TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at     TEXT CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at)
) STRICT;

-- 33 CFR 105.230 / 105.225: when the change came, when parties were notified, when compliant.
CREATE TABLE facility_level_change (
  id           INTEGER PRIMARY KEY,
  facility_id  INTEGER NOT NULL REFERENCES facility (id),
  from_level   INTEGER CHECK (from_level IS NULL OR from_level BETWEEN 1 AND 3),
  level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  reason       TEXT NOT NULL CHECK (length(reason) > 0),
  changed_at   TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', changed_at, '+0 seconds') IS changed_at),
  changed_by   TEXT NOT NULL CHECK (length(changed_by) > 0),
  notified_at  TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', notified_at, '+0 seconds') IS notified_at),
  compliant_at TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', compliant_at, '+0 seconds') IS compliant_at),
  CHECK (notified_at IS NULL OR notified_at >= changed_at),
  CHECK (compliant_at IS NULL OR compliant_at >= changed_at)
) STRICT;

CREATE INDEX facility_level_change_facility ON facility_level_change (facility_id, changed_at);

CREATE TABLE restricted_area (
  id                    INTEGER PRIMARY KEY,
  ref                   TEXT NOT NULL UNIQUE,
  facility_id           INTEGER NOT NULL REFERENCES facility (id),
  code                  TEXT NOT NULL CHECK (length(code) > 0),
  name                  TEXT NOT NULL CHECK (length(name) > 0),
  description           TEXT,
  min_vetting_level_id  INTEGER REFERENCES vetting_level (id),
  created_at            TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at            TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at            TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  UNIQUE (facility_id, code)
) STRICT;

CREATE TABLE person_area (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES person (id),
  area_id     INTEGER NOT NULL REFERENCES restricted_area (id),
  granted_on  TEXT NOT NULL CHECK (date(granted_on, '+0 days') IS granted_on),
  expires_on  TEXT CHECK (date(expires_on, '+0 days') IS expires_on),
  deleted_at  TEXT CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  UNIQUE (person_id, area_id),
  CHECK (expires_on IS NULL OR expires_on >= granted_on)
) STRICT;

CREATE INDEX person_area_area ON person_area (area_id);

CREATE TABLE training_course (
  id              INTEGER PRIMARY KEY,
  ref             TEXT NOT NULL UNIQUE,
  code            TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  name            TEXT NOT NULL CHECK (length(name) > 0),
  regulation      TEXT,          -- e.g. ISPS A/18.1
  validity_months INTEGER
      CHECK (validity_months IS NULL OR validity_months > 0),   -- NULL: never lapses
  description     TEXT,
  deleted_at      TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at)
) STRICT;

CREATE TABLE training_record (
  id           INTEGER PRIMARY KEY,
  person_id    INTEGER NOT NULL REFERENCES person (id),
  course_id    INTEGER NOT NULL REFERENCES training_course (id),
  completed_on TEXT NOT NULL CHECK (date(completed_on, '+0 days') IS completed_on),
  expires_on   TEXT CHECK (date(expires_on, '+0 days') IS expires_on),
  provider     TEXT,
  deleted_at   TEXT CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  CHECK (expires_on IS NULL OR expires_on > completed_on)
) STRICT;

CREATE INDEX training_record_person ON training_record (person_id, course_id);
CREATE INDEX training_record_expiry ON training_record (expires_on);

-- ───────────────────────────── assessment and plan ─────────────────────────────

-- PFSA (ISPS A/15): by the government or a recognized security organization.
CREATE TABLE facility_assessment (
  id           INTEGER PRIMARY KEY,
  ref          TEXT NOT NULL UNIQUE,
  facility_id  INTEGER NOT NULL REFERENCES facility (id),
  title        TEXT NOT NULL CHECK (length(title) > 0),
  assessed_on  TEXT NOT NULL CHECK (date(assessed_on, '+0 days') IS assessed_on),
  assessor     TEXT NOT NULL CHECK (length(assessor) > 0),
  organization TEXT,             -- the RSO, when not the government
  approved_on  TEXT CHECK (date(approved_on, '+0 days') IS approved_on),
  approved_by  TEXT,
  review_due   TEXT CHECK (date(review_due, '+0 days') IS review_due),
  summary      TEXT,
  created_at   TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at   TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at   TEXT CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  CHECK (approved_on IS NULL OR (approved_by IS NOT NULL AND approved_on >= assessed_on))
) STRICT;

CREATE INDEX facility_assessment_facility ON facility_assessment (facility_id, assessed_on);

-- PFSP (ISPS A/16): versions per facility, draft → submitted → approved → superseded.
CREATE TABLE plan (
  id              INTEGER PRIMARY KEY,
  ref             TEXT NOT NULL UNIQUE,
  facility_id     INTEGER NOT NULL REFERENCES facility (id),
  version         INTEGER NOT NULL CHECK (version > 0),
  title           TEXT NOT NULL CHECK (length(title) > 0),
  status          TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'superseded')),
  pfsa_id         INTEGER REFERENCES facility_assessment (id),
  submitted_on    TEXT CHECK (date(submitted_on, '+0 days') IS submitted_on),
  approved_on     TEXT CHECK (date(approved_on, '+0 days') IS approved_on),
  approved_by     TEXT,          -- the approving authority
  approval_ref    TEXT,          -- its reference
  superseded_on   TEXT CHECK (date(superseded_on, '+0 days') IS superseded_on),
  next_review_due TEXT CHECK (date(next_review_due, '+0 days') IS next_review_due),
  created_at      TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at      TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at      TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  UNIQUE (facility_id, version),
  CHECK (status IN ('draft') OR submitted_on IS NOT NULL),
  CHECK (status NOT IN ('approved', 'superseded') OR
         (approved_on IS NOT NULL AND approved_by IS NOT NULL)),
  CHECK (status <> 'superseded' OR superseded_on IS NOT NULL)
) STRICT;

-- At most one approved version per facility at a time (ISPS A/16.1).
CREATE UNIQUE INDEX plan_one_approved_per_facility ON plan (facility_id)
  WHERE status = 'approved' AND deleted_at IS NULL;
CREATE INDEX plan_review_due ON plan (status, next_review_due);

-- One element per required item of a template (ISPS A/16.3 …), measures per security level.
CREATE TABLE plan_element (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL REFERENCES plan (id),
  template    TEXT NOT NULL CHECK (length(template) > 0),       -- e.g. isps-a16.3
  element_key TEXT NOT NULL CHECK (length(element_key) > 0),    -- e.g. unauthorized-access
  reference   TEXT,                                             -- e.g. ISPS A/16.3.2
  position    INTEGER NOT NULL CHECK (position > 0),
  title       TEXT NOT NULL CHECK (length(title) > 0),
  required    INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1)),
  status      TEXT NOT NULL CHECK (status IN ('missing', 'draft', 'complete')),
  text_level1 TEXT,
  text_level2 TEXT,
  text_level3 TEXT,
  updated_at  TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at  TEXT CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  UNIQUE (plan_id, element_key)
) STRICT;

-- ───────────────────────────── defence in depth ─────────────────────────────

-- Spatial rings per facility, position 1 the outermost.
CREATE TABLE layer (
  id          INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL REFERENCES facility (id),
  position    INTEGER NOT NULL CHECK (position BETWEEN 1 AND 8),
  name        TEXT NOT NULL CHECK (length(name) > 0),
  description TEXT,
  deleted_at  TEXT CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  UNIQUE (facility_id, name),
  UNIQUE (facility_id, id)       -- target of control's (facility_id, layer_id)
) STRICT;

CREATE INDEX layer_order ON layer (facility_id, position);

CREATE TABLE regulation_ref (
  id     INTEGER PRIMARY KEY,
  code   TEXT NOT NULL UNIQUE CHECK (length(code) > 0),   -- e.g. ISPS A/16.3.2, NIS2 Art. 21(2)(i)
  regime TEXT NOT NULL CHECK (length(regime) > 0),        -- e.g. isps, 33cfr, imo-cyber, nis2
  title  TEXT
) STRICT;

CREATE TABLE control (
  id                 INTEGER PRIMARY KEY,
  ref                TEXT NOT NULL UNIQUE,
  facility_id        INTEGER NOT NULL REFERENCES facility (id),
  layer_id           INTEGER NOT NULL,
  name               TEXT NOT NULL CHECK (length(name) > 0),
  description        TEXT,
  domain             TEXT NOT NULL
      CHECK (domain IN ('physical', 'personnel', 'cyber', 'information')),
  function           TEXT NOT NULL
      CHECK (function IN ('deter', 'detect', 'delay', 'respond', 'recover')),
  owner              TEXT,
  status             TEXT NOT NULL
      CHECK (status IN ('planned', 'implemented', 'partially-effective', 'ineffective', 'retired')),
  effectiveness      INTEGER NOT NULL DEFAULT 0 CHECK (effectiveness BETWEEN 0 AND 100),
  test_interval_days INTEGER CHECK (test_interval_days IS NULL OR test_interval_days > 0),
  last_tested_on     TEXT CHECK (date(last_tested_on, '+0 days') IS last_tested_on),
  created_at         TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at         TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at         TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  -- the layer must be one of the control's own facility
  FOREIGN KEY (facility_id, layer_id) REFERENCES layer (facility_id, id)
) STRICT;

CREATE INDEX control_facility ON control (facility_id, layer_id);
CREATE INDEX control_layer ON control (layer_id);

CREATE TABLE control_regulation (
  control_id    INTEGER NOT NULL REFERENCES control (id),
  regulation_id INTEGER NOT NULL REFERENCES regulation_ref (id),
  PRIMARY KEY (control_id, regulation_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX control_regulation_regulation ON control_regulation (regulation_id);

CREATE TABLE control_plan_element (
  control_id      INTEGER NOT NULL REFERENCES control (id),
  plan_element_id INTEGER NOT NULL REFERENCES plan_element (id),
  PRIMARY KEY (control_id, plan_element_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX control_plan_element_element ON control_plan_element (plan_element_id);

-- The risk matrix: named levels with colours, and which level each of the 5×5 cells is.
CREATE TABLE risk_level (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  colour   TEXT NOT NULL
      CHECK (colour GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
  position INTEGER NOT NULL UNIQUE CHECK (position > 0)   -- 1 the lowest
) STRICT;

CREATE TABLE risk_matrix_cell (
  likelihood  INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
  consequence INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
  level_id    INTEGER NOT NULL REFERENCES risk_level (id),
  PRIMARY KEY (likelihood, consequence)
) STRICT, WITHOUT ROWID;

CREATE TABLE threat_scenario (
  id          INTEGER PRIMARY KEY,
  ref         TEXT NOT NULL UNIQUE,
  facility_id INTEGER NOT NULL REFERENCES facility (id),
  pfsa_id     INTEGER REFERENCES facility_assessment (id),
  name        TEXT NOT NULL CHECK (length(name) > 0),
  description TEXT,
  target      TEXT,             -- the asset or infrastructure threatened
  likelihood  INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
  consequence INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
  created_at  TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at  TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at  TEXT CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at)
) STRICT;

CREATE INDEX threat_scenario_facility ON threat_scenario (facility_id);

CREATE TABLE threat_mitigation (
  id          INTEGER PRIMARY KEY,
  threat_id   INTEGER NOT NULL REFERENCES threat_scenario (id),
  control_id  INTEGER NOT NULL REFERENCES control (id),
  note        TEXT,
  deleted_at  TEXT CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  UNIQUE (threat_id, control_id)
) STRICT;

CREATE INDEX threat_mitigation_control ON threat_mitigation (control_id);

-- ───────────────────────────── schedules and records ─────────────────────────────

-- next_due/last_done let overdue be computed before the clock engine owns them:
-- an item is overdue on a day after next_due when last_done is not on or after it.
CREATE TABLE schedule_item (
  id              INTEGER PRIMARY KEY,
  ref             TEXT NOT NULL UNIQUE,
  facility_id     INTEGER NOT NULL REFERENCES facility (id),
  kind            TEXT NOT NULL
      CHECK (kind IN ('audit', 'drill', 'exercise', 'cyber-drill', 'assessment-review',
                      'gap-self-assessment', 'training', 'plan-review')),
  title           TEXT NOT NULL CHECK (length(title) > 0),
  description     TEXT,
  rule            TEXT,          -- the regime rule that sets the clock, e.g. isps-b18.5
  interval_months INTEGER CHECK (interval_months IS NULL OR interval_months > 0),   -- NULL: once
  next_due        TEXT CHECK (date(next_due, '+0 days') IS next_due),
  last_done       TEXT CHECK (date(last_done, '+0 days') IS last_done),
  assignee        TEXT,
  created_at      TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at      TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at      TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at)
) STRICT;

CREATE INDEX schedule_item_due ON schedule_item (next_due);
CREATE INDEX schedule_item_facility ON schedule_item (facility_id, next_due);

-- What 33 CFR 105.225 asks a drill or exercise record to hold.
CREATE TABLE completion (
  id               INTEGER PRIMARY KEY,
  ref              TEXT NOT NULL UNIQUE,
  schedule_item_id INTEGER NOT NULL REFERENCES schedule_item (id),
  due_on           TEXT CHECK (date(due_on, '+0 days') IS due_on),   -- the due date it answered
  done_on          TEXT NOT NULL CHECK (date(done_on, '+0 days') IS done_on),
  duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes > 0),
  description      TEXT,         -- description or scenario
  participants     TEXT,
  lessons_learned  TEXT,
  recorded_by      TEXT,
  created_at       TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  deleted_at       TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at)
) STRICT;

CREATE INDEX completion_item ON completion (schedule_item_id, done_on);

-- ISPS A/5.
CREATE TABLE declaration_of_security (
  id                 INTEGER PRIMARY KEY,
  ref                TEXT NOT NULL UNIQUE,
  facility_id        INTEGER NOT NULL REFERENCES facility (id),
  ship_name          TEXT NOT NULL CHECK (length(ship_name) > 0),
  ship_imo           TEXT NOT NULL
      CHECK (ship_imo GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),   -- IMO ship number, 7 digits
  security_level     INTEGER NOT NULL CHECK (security_level BETWEEN 1 AND 3),
  valid_from         TEXT NOT NULL CHECK (date(valid_from, '+0 days') IS valid_from),
  valid_until        TEXT NOT NULL CHECK (date(valid_until, '+0 days') IS valid_until),
  reason             TEXT,
  responsibilities   TEXT,       -- who is responsible for each shared measure
  ship_signatory     TEXT,
  facility_signatory TEXT,
  signed_on          TEXT CHECK (date(signed_on, '+0 days') IS signed_on),
  created_at         TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at         TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at         TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  CHECK (valid_until >= valid_from)
) STRICT;

CREATE INDEX declaration_of_security_facility ON declaration_of_security (facility_id, valid_until);

-- ───────────────────────────── GAP self-assessment ─────────────────────────────

CREATE TABLE question_bank (
  id        INTEGER PRIMARY KEY,
  ref       TEXT NOT NULL UNIQUE,
  code      TEXT NOT NULL CHECK (length(code) > 0),        -- e.g. isps-pfso
  framework TEXT NOT NULL CHECK (length(framework) > 0),   -- e.g. ISPS Code
  version   TEXT NOT NULL CHECK (length(version) > 0),
  title     TEXT NOT NULL CHECK (length(title) > 0),
  UNIQUE (code, version)
) STRICT;

CREATE TABLE question (
  id        INTEGER PRIMARY KEY,
  bank_id   INTEGER NOT NULL REFERENCES question_bank (id),
  code      TEXT NOT NULL CHECK (length(code) > 0),
  position  INTEGER NOT NULL CHECK (position > 0),
  area      TEXT NOT NULL CHECK (length(area) > 0),
  reference TEXT,
  text      TEXT NOT NULL CHECK (length(text) > 0),
  guidance  TEXT,
  UNIQUE (bank_id, code)
) STRICT;

CREATE TABLE assessment (
  id           INTEGER PRIMARY KEY,
  ref          TEXT NOT NULL UNIQUE,
  facility_id  INTEGER NOT NULL REFERENCES facility (id),
  bank_id      INTEGER NOT NULL REFERENCES question_bank (id),
  title        TEXT NOT NULL CHECK (length(title) > 0),
  status       TEXT NOT NULL CHECK (status IN ('in-progress', 'completed')),
  started_on   TEXT NOT NULL CHECK (date(started_on, '+0 days') IS started_on),
  completed_on TEXT CHECK (date(completed_on, '+0 days') IS completed_on),
  assessor     TEXT,
  created_at   TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at   TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at   TEXT CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  CHECK (status <> 'completed' OR completed_on IS NOT NULL),
  CHECK (completed_on IS NULL OR completed_on >= started_on)
) STRICT;

CREATE INDEX assessment_facility ON assessment (facility_id, started_on);

CREATE TABLE answer (
  id            INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessment (id),
  question_id   INTEGER NOT NULL REFERENCES question (id),
  value         TEXT NOT NULL
      CHECK (value IN ('compliant', 'partial', 'non-compliant', 'not-applicable')),
  notes         TEXT,
  answered_at   TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', answered_at, '+0 seconds') IS answered_at),
  answered_by   TEXT,
  UNIQUE (assessment_id, question_id)
) STRICT;

-- ───────────────────────────── incidents and follow-up ─────────────────────────────

-- Instants in UTC; time_zone keeps where it happened. The reporting clocks
-- (NIS2 Art. 23, 33 CFR 101 subpart F) run from aware_at.
CREATE TABLE incident (
  id                     INTEGER PRIMARY KEY,
  ref                    TEXT NOT NULL UNIQUE,
  facility_id            INTEGER NOT NULL REFERENCES facility (id),
  occurred_at            TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', occurred_at, '+0 seconds') IS occurred_at),
  aware_at               TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', aware_at, '+0 seconds') IS aware_at),
  time_zone              TEXT NOT NULL CHECK (length(time_zone) > 0),
  location               TEXT,
  kind                   TEXT NOT NULL
      CHECK (kind IN ('unauthorized-access', 'intrusion', 'suspicious-item', 'suspicious-behaviour',
                      'stowaway', 'theft', 'cargo-tampering', 'bomb-threat', 'cyber', 'ssas-alert',
                      'see-say-act', 'other')),
  title                  TEXT NOT NULL CHECK (length(title) > 0),
  description            TEXT,
  security_level         INTEGER NOT NULL CHECK (security_level BETWEEN 1 AND 3),   -- at the time
  reported_by            TEXT,
  reported_to            TEXT,
  response               TEXT,
  -- NIS2 Art. 23 significant incident; 33 CFR 101 subpart F reportable cyber incident
  significant            INTEGER NOT NULL DEFAULT 0 CHECK (significant IN (0, 1)),
  cyber_reportable       INTEGER NOT NULL DEFAULT 0 CHECK (cyber_reportable IN (0, 1)),
  early_warning_sent_at  TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', early_warning_sent_at, '+0 seconds')
             IS early_warning_sent_at),
  notification_sent_at   TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', notification_sent_at, '+0 seconds')
             IS notification_sent_at),
  final_report_sent_at   TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', final_report_sent_at, '+0 seconds')
             IS final_report_sent_at),
  status                 TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  closed_on              TEXT CHECK (date(closed_on, '+0 days') IS closed_on),
  created_at             TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at             TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at             TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  CHECK (aware_at >= occurred_at),
  CHECK (status <> 'closed' OR closed_on IS NOT NULL)
) STRICT;

CREATE INDEX incident_facility ON incident (facility_id, occurred_at);

-- Controls that failed or worked in an incident.
CREATE TABLE incident_control (
  incident_id INTEGER NOT NULL REFERENCES incident (id),
  control_id  INTEGER NOT NULL REFERENCES control (id),
  outcome     TEXT NOT NULL CHECK (outcome IN ('failed', 'worked')),
  PRIMARY KEY (incident_id, control_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX incident_control_control ON incident_control (control_id);

CREATE TABLE finding (
  id                INTEGER PRIMARY KEY,
  ref               TEXT NOT NULL UNIQUE,
  facility_id       INTEGER NOT NULL REFERENCES facility (id),
  source            TEXT NOT NULL
      CHECK (source IN ('audit', 'drill', 'exercise', 'incident', 'gap', 'manual')),
  completion_id     INTEGER REFERENCES completion (id),   -- the audit, drill or exercise
  incident_id       INTEGER REFERENCES incident (id),
  answer_id         INTEGER REFERENCES answer (id),
  control_id        INTEGER REFERENCES control (id),      -- an open finding degrades its control
  severity          TEXT NOT NULL CHECK (severity IN ('major', 'minor', 'observation')),
  title             TEXT NOT NULL CHECK (length(title) > 0),
  description       TEXT,
  requirement_ref   TEXT,
  root_cause        TEXT,
  corrective_action TEXT,
  owner             TEXT,
  raised_on         TEXT NOT NULL CHECK (date(raised_on, '+0 days') IS raised_on),
  raised_by         TEXT,
  due_on            TEXT CHECK (date(due_on, '+0 days') IS due_on),
  status            TEXT NOT NULL CHECK (status IN ('open', 'in-progress', 'closed', 'verified')),
  closed_on         TEXT CHECK (date(closed_on, '+0 days') IS closed_on),
  closed_by         TEXT,
  verified_on       TEXT CHECK (date(verified_on, '+0 days') IS verified_on),
  verified_by       TEXT,
  self_verified     INTEGER NOT NULL DEFAULT 0
      CHECK (self_verified IN (0, 1)),   -- a lone PFSO verified own closure
  created_at        TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at        TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at        TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  CHECK (due_on IS NULL OR due_on >= raised_on),
  CHECK ((status IN ('closed', 'verified')) = (closed_on IS NOT NULL)),
  CHECK (closed_on IS NULL OR closed_on >= raised_on),
  CHECK ((status = 'verified') = (verified_on IS NOT NULL AND verified_by IS NOT NULL)),
  CHECK (verified_on IS NULL OR verified_on >= closed_on),
  CHECK (self_verified = 0 OR status = 'verified')
) STRICT;

CREATE INDEX finding_status ON finding (status, due_on);
CREATE INDEX finding_facility ON finding (facility_id, status);
CREATE INDEX finding_control ON finding (control_id) WHERE control_id IS NOT NULL;

-- A lesson from an incident or a drill; it becomes a tracked action (a finding)
-- until implemented, and may amend a plan element.
CREATE TABLE lesson (
  id              INTEGER PRIMARY KEY,
  ref             TEXT NOT NULL UNIQUE,
  facility_id     INTEGER NOT NULL REFERENCES facility (id),
  incident_id     INTEGER REFERENCES incident (id),
  completion_id   INTEGER REFERENCES completion (id),
  text            TEXT NOT NULL CHECK (length(text) > 0),
  finding_id      INTEGER REFERENCES finding (id),
  plan_element_id INTEGER REFERENCES plan_element (id),
  status          TEXT NOT NULL CHECK (status IN ('open', 'in-progress', 'implemented')),
  implemented_on  TEXT CHECK (date(implemented_on, '+0 days') IS implemented_on),
  created_at      TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at      TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at      TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  CHECK (incident_id IS NOT NULL OR completion_id IS NOT NULL),
  CHECK ((status = 'implemented') = (implemented_on IS NOT NULL))
) STRICT;

CREATE INDEX lesson_incident ON lesson (incident_id);

-- ───────────────────────────── evidence ─────────────────────────────

CREATE TABLE evidence (
  id          INTEGER PRIMARY KEY,
  ref         TEXT NOT NULL UNIQUE,
  file_name   TEXT NOT NULL CHECK (length(file_name) > 0 AND instr(file_name, '/') = 0),
  media_type  TEXT NOT NULL CHECK (media_type GLOB '?*/?*'),
  size        INTEGER NOT NULL CHECK (size >= 0),
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64 AND NOT sha256 GLOB '*[^0-9a-f]*'),
  content     BLOB NOT NULL,
  description TEXT,
  added_on    TEXT NOT NULL CHECK (date(added_on, '+0 days') IS added_on),
  added_by    TEXT,
  deleted_at  TEXT CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at),
  CHECK (length(content) = size)
) STRICT;

CREATE INDEX evidence_sha256 ON evidence (sha256);

-- What a piece of evidence is attached to: one link table per kind of record.
CREATE TABLE completion_evidence (
  completion_id INTEGER NOT NULL REFERENCES completion (id),
  evidence_id   INTEGER NOT NULL REFERENCES evidence (id),
  PRIMARY KEY (completion_id, evidence_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE finding_evidence (
  finding_id  INTEGER NOT NULL REFERENCES finding (id),
  evidence_id INTEGER NOT NULL REFERENCES evidence (id),
  PRIMARY KEY (finding_id, evidence_id)
) STRICT, WITHOUT ROWID;

-- Evidence of a plan's approval (the authority's letter).
CREATE TABLE plan_evidence (
  plan_id     INTEGER NOT NULL REFERENCES plan (id),
  evidence_id INTEGER NOT NULL REFERENCES evidence (id),
  PRIMARY KEY (plan_id, evidence_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE incident_evidence (
  incident_id INTEGER NOT NULL REFERENCES incident (id),
  evidence_id INTEGER NOT NULL REFERENCES evidence (id),
  PRIMARY KEY (incident_id, evidence_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE dos_evidence (
  dos_id      INTEGER NOT NULL REFERENCES declaration_of_security (id),
  evidence_id INTEGER NOT NULL REFERENCES evidence (id),
  PRIMARY KEY (dos_id, evidence_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE answer_evidence (
  answer_id   INTEGER NOT NULL REFERENCES answer (id),
  evidence_id INTEGER NOT NULL REFERENCES evidence (id),
  PRIMARY KEY (answer_id, evidence_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX completion_evidence_evidence ON completion_evidence (evidence_id);
CREATE INDEX finding_evidence_evidence ON finding_evidence (evidence_id);
CREATE INDEX plan_evidence_evidence ON plan_evidence (evidence_id);
CREATE INDEX incident_evidence_evidence ON incident_evidence (evidence_id);
CREATE INDEX dos_evidence_evidence ON dos_evidence (evidence_id);
CREATE INDEX answer_evidence_evidence ON answer_evidence (evidence_id);

-- ───────────────────────────── users ─────────────────────────────

-- No rows: single-user mode.
CREATE TABLE app_user (
  id              INTEGER PRIMARY KEY,
  ref             TEXT NOT NULL UNIQUE,
  user_name       TEXT NOT NULL UNIQUE CHECK (length(user_name) > 0),
  full_name       TEXT,
  email           TEXT CHECK (email IS NULL OR email LIKE '%_@_%'),
  role            TEXT NOT NULL
      CHECK (role IN ('administrator', 'security-officer', 'auditor', 'manager')),
  password_hash   TEXT,          -- Argon2id (libsodium) encoded string
  disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  last_sign_in_at TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', last_sign_in_at, '+0 seconds') IS last_sign_in_at),
  created_at      TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 seconds') IS created_at),
  updated_at      TEXT NOT NULL
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 seconds') IS updated_at),
  deleted_at      TEXT
      CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', deleted_at, '+0 seconds') IS deleted_at)
) STRICT;

CREATE TABLE user_facility (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES app_user (id),
  facility_id INTEGER NOT NULL REFERENCES facility (id),
  UNIQUE (user_id, facility_id)
) STRICT;

CREATE INDEX user_facility_facility ON user_facility (facility_id);
