-- helpdesk schema 3: what a listing's order needs, so that the server orders and pages it.
--
-- The urgency order weighs the day a ticket was created (as its record writes it) and the day
-- of its soonest pending follow-up in the desk's zone; the due order, that follow-up's moment.
-- `next_due` is worked out when a ticket is saved, in the zone `due_zone` names; rows saved
-- before this version (or in another zone) have it worked out again by the first listing
-- that orders by it.
ALTER TABLE tickets ADD COLUMN created_day date;
UPDATE tickets SET created_day = left(record ->> 'created', 10)::date;
ALTER TABLE tickets ALTER COLUMN created_day SET NOT NULL;
ALTER TABLE tickets ADD COLUMN next_due timestamptz;
ALTER TABLE tickets ADD COLUMN due_zone text;

-- A ticket's row keeps its columns in the table and its record, log and full-text vector (most
-- of its size) out of line: a listing scans and ranks thousands of narrow rows and reads the
-- records of the page alone. The folded search text, which free-text terms read in every row
-- they rank, stays in line (compressed when long). Rows take this form as they are written.
ALTER TABLE tickets SET (toast_tuple_target = 128);
ALTER TABLE tickets ALTER COLUMN search_text SET STORAGE MAIN;
