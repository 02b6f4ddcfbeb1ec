-- optional: needs the pg_trgm extension (PostgreSQL's contrib); without it, free text is
-- searched by a scan of the folded texts, and the next `helpdesk upgrade` tries again.
--
-- Free-text terms match as substrings of the folded text ("vend" finds "vendere online"):
-- a trigram index answers them without reading every ticket.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX tickets_search_text_trigrams ON tickets USING gin (search_text gin_trgm_ops);
