-- 0007-incident-nrc.sql — when a reportable cyber incident was reported to the National Response
-- Center (33 CFR 101 subpart F: without delay). The NIS2 reports had their columns; this one had none.
ALTER TABLE incident ADD COLUMN nrc_reported_at TEXT
    CHECK (nrc_reported_at IS NULL OR
           strftime('%Y-%m-%dT%H:%M:%SZ', nrc_reported_at, '+0 seconds') IS nrc_reported_at);
