-- helpdesk schema 7: the tickets with a follow-up pending, found without reading the desk.
--
-- `next_due` (schema 3) is the moment of a ticket's soonest pending follow-up, NULL without
-- one. The follow-ups due today and overdue that the side bar and the header count, the Due
-- and Overdue views, and the due order look only at the tickets that have one: a few in a
-- hundred on a desk of many years, found through this index instead of a pass over every row.
CREATE INDEX tickets_next_due ON tickets (desk_id, next_due) WHERE next_due IS NOT NULL;
