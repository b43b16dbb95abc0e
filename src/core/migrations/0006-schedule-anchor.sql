-- 0006-schedule-anchor.sql — a schedule item's start day in a column of its own.
-- Most regime rules run their clock from the day an obligation started (the anchor), which is
-- often before the item was entered. Keeping it in created_at would have back-dated the record
-- of when the row was written; anchor_on holds it instead. Existing items start on the day they
-- were created.
ALTER TABLE schedule_item ADD COLUMN anchor_on TEXT
    CHECK (anchor_on IS NULL OR date(anchor_on, '+0 days') IS anchor_on);
UPDATE schedule_item SET anchor_on = substr(created_at, 1, 10);
