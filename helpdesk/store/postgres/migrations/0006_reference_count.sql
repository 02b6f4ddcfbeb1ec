-- helpdesk schema 6: what lets a listing ask the server less.
--
-- The desk's reference records (companies, topics, advisers) are read by every listing, and
-- change seldom: `reference_count` is raised in the same commit as `change_count` whenever a
-- change touches them, so a client keeps what it read until the count moves.
ALTER TABLE desks ADD COLUMN reference_count bigint NOT NULL DEFAULT 0;

-- A ticket's topics are tested by filters on the rows they rank: kept in the row (compressed
-- when long) rather than out of line, where each test is a second read. Rows take this form as
-- they are written.
ALTER TABLE tickets ALTER COLUMN topics SET STORAGE MAIN;

-- Most changes to a ticket (a note, a follow-up) leave its indexed columns as they were: with
-- room left in each page for the new version of a row, the server writes it beside the old one
-- and touches none of the indexes (a "HOT" update). Pages written from now on keep that room.
ALTER TABLE tickets SET (fillfactor = 90);

-- A GIN index takes new entries into a pending list that every search through it reads whole
-- until the list is merged (by a vacuum, or by the writer that fills it). A shorter list keeps
-- free-text and topic searches from reading megabytes of it, and each merge short.
ALTER INDEX IF EXISTS tickets_desk_search_text_trigrams SET (gin_pending_list_limit = 1024);
ALTER INDEX IF EXISTS tickets_search_text_trigrams SET (gin_pending_list_limit = 1024);
ALTER INDEX IF EXISTS tickets_desk_topics SET (gin_pending_list_limit = 1024);
ALTER INDEX IF EXISTS tickets_topics SET (gin_pending_list_limit = 1024);
ALTER INDEX IF EXISTS tickets_search SET (gin_pending_list_limit = 1024);
