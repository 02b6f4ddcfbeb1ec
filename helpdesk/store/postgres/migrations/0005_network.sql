-- helpdesk schema 5: the network. Partners shared between the desks of one database, and
-- referrals from one desk's ticket into another desk's inbox.
--
-- A partner's record lives once, in the desk that added it (its owner, the only desk that
-- edits it). Sharing it offers it to every other desk: each of them sees it under a number of
-- its own, taken from its own partner counter, so that a desk's partner numbers stay what they
-- were and a number always means one partner on that desk. `partner_numbers` is that link:
-- one row per number a desk knows, its own partners (owner = the desk, same number) and the
-- shared partners of the others. A referral names its partner by the desk's number, and the
-- foreign key goes through `partner_numbers` to the one partner record. Unsharing a partner
-- removes the other desks' numbers of it, which the foreign key refuses while any of their
-- referrals names it (the application says which referrals).
--
-- A partner may stand for another desk of the database (`for_desk`): a referral to it puts a
-- new ticket in that desk's inbox, in the same transaction, and the referral keeps that
-- ticket (`to_desk_id`, `to_ticket_ref`): the sending desk reads its status, and closing it
-- records the answer on the referral.
ALTER TABLE partners ADD COLUMN shared boolean NOT NULL DEFAULT false;
ALTER TABLE partners ADD COLUMN for_desk text REFERENCES desks (name) ON UPDATE CASCADE;

CREATE TABLE partner_numbers (
    desk_id       integer NOT NULL REFERENCES desks (id),
    id            integer NOT NULL CHECK (id > 0),
    owner_desk_id integer NOT NULL,
    partner_id    integer NOT NULL,
    PRIMARY KEY (desk_id, id),
    UNIQUE (desk_id, owner_desk_id, partner_id),
    -- A desk's own partner keeps its own number.
    CHECK (owner_desk_id <> desk_id OR id = partner_id),
    FOREIGN KEY (owner_desk_id, partner_id) REFERENCES partners (desk_id, id)
        DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX partner_numbers_partner ON partner_numbers (owner_desk_id, partner_id);
INSERT INTO partner_numbers (desk_id, id, owner_desk_id, partner_id)
    SELECT desk_id, id, desk_id, id FROM partners;

ALTER TABLE referrals DROP CONSTRAINT referrals_desk_id_partner_id_fkey;
ALTER TABLE referrals ADD CONSTRAINT referrals_partner_number
    FOREIGN KEY (desk_id, partner_id) REFERENCES partner_numbers (desk_id, id)
        DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE referrals ADD COLUMN to_desk_id integer;
ALTER TABLE referrals ADD COLUMN to_ticket_ref integer;
ALTER TABLE referrals ADD CONSTRAINT referrals_to_ticket
    FOREIGN KEY (to_desk_id, to_ticket_ref) REFERENCES tickets (desk_id, ref)
        DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE referrals ADD CONSTRAINT referrals_to_ticket_whole
    CHECK ((to_desk_id IS NULL) = (to_ticket_ref IS NULL) AND to_desk_id IS DISTINCT FROM desk_id);
CREATE INDEX referrals_to_ticket_index ON referrals (to_desk_id, to_ticket_ref)
    WHERE to_desk_id IS NOT NULL;
