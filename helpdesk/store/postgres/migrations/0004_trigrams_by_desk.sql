-- optional: needs the pg_trgm and btree_gin extensions (PostgreSQL's contrib); without them,
-- free text is answered by the trigram index of schema 2, and the next `helpdesk upgrade`
-- tries again.
--
-- Free-text terms and topics look in one desk's tickets: indexes that hold the desk too find
-- them without visiting the other desks' tickets that hold the same words or topics.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX tickets_desk_search_text_trigrams
    ON tickets USING gin (desk_id, search_text gin_trgm_ops);
DROP INDEX IF EXISTS tickets_search_text_trigrams;
CREATE INDEX tickets_desk_topics ON tickets USING gin (desk_id, topics);
DROP INDEX IF EXISTS tickets_topics;
