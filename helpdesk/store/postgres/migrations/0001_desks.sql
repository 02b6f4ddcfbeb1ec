-- helpdesk schema 1: desks and their records.
--
-- Each hub is a desk; every record belongs to one. A record's fields that the filter language,
-- the constraints and the indexes need are columns; the rest of it is kept whole in `record`
-- (jsonb), in the form helpdesk.store.records writes, so both stores hold the same records.
-- Timestamps are `timestamptz`. Lifecycle states and the other choices are CHECKed here; the
-- transitions between states are the application's rules.

CREATE TABLE desks (
    id           serial PRIMARY KEY,
    name         text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9_-]*$' AND name <> 'all'),
    -- Raised by every committed change to the desk's records: clients compare it to notice
    -- another adviser's change.
    change_count bigint NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- The last number given to each kind of record on a desk: numbers are never reused, and two
-- advisers adding at once get two numbers (the row is locked until the adding commits).
CREATE TABLE desk_counters (
    desk_id integer NOT NULL REFERENCES desks (id),
    kind    text NOT NULL,
    last_id integer NOT NULL DEFAULT 0 CHECK (last_id >= 0),
    PRIMARY KEY (desk_id, kind)
);

CREATE TABLE advisers (
    desk_id  integer NOT NULL REFERENCES desks (id),
    key      text NOT NULL CHECK (key <> ''),
    position bigint GENERATED ALWAYS AS IDENTITY,
    active   boolean NOT NULL DEFAULT true,
    record   jsonb NOT NULL,
    PRIMARY KEY (desk_id, key)
);

CREATE TABLE topics (
    desk_id  integer NOT NULL REFERENCES desks (id),
    key      text NOT NULL CHECK (key <> ''),
    position bigint GENERATED ALWAYS AS IDENTITY,
    record   jsonb NOT NULL,
    PRIMARY KEY (desk_id, key)
);

CREATE TABLE programmes (
    desk_id  integer NOT NULL REFERENCES desks (id),
    key      text NOT NULL CHECK (key <> ''),
    position bigint GENERATED ALWAYS AS IDENTITY,
    record   jsonb NOT NULL,
    PRIMARY KEY (desk_id, key)
);

CREATE TABLE desk_settings (
    desk_id integer NOT NULL REFERENCES desks (id),
    key     text NOT NULL CHECK (key <> ''),
    value   jsonb,
    PRIMARY KEY (desk_id, key)
);

CREATE TABLE companies (
    desk_id  integer NOT NULL REFERENCES desks (id),
    id       integer NOT NULL CHECK (id > 0),
    name     text NOT NULL,
    -- The name reduced as helpdesk.domain.text.company_key reduces it: how companies are matched.
    name_key text NOT NULL,
    vat      text CHECK (vat ~ '^[0-9]{11}$'),
    kind     text NOT NULL CHECK (kind IN ('artisan', 'retail', 'food_service', 'professional',
                                           'sme', 'startup', 'large', 'other')),
    province text NOT NULL DEFAULT '',
    record   jsonb NOT NULL,
    PRIMARY KEY (desk_id, id),
    -- Checked at commit, so that a merge can hand one company's VAT number to another.
    CONSTRAINT companies_vat_unique_per_desk UNIQUE (desk_id, vat) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX companies_name_key ON companies (desk_id, name_key);

CREATE TABLE tickets (
    desk_id     integer NOT NULL REFERENCES desks (id),
    ref         integer NOT NULL CHECK (ref > 0),
    uid         text,
    created     timestamptz NOT NULL,
    updated     timestamptz NOT NULL,
    status      text NOT NULL CHECK (status IN ('new', 'triaged', 'in_progress', 'waiting',
                                                'resolved', 'closed')),
    priority    text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    channel     text NOT NULL CHECK (channel IN ('phone', 'email', 'web', 'walk_in', 'event',
                                                 'other')),
    outcome     text CHECK (outcome IN ('advised', 'referred', 'grant_applied',
                                        'project_started', 'trained', 'not_eligible',
                                        'no_response', 'withdrawn', 'duplicate')),
    assignee    text,
    company_id  integer,
    topics      text[] NOT NULL DEFAULT '{}',
    -- The folded text free-text terms look in (lower case, accents and punctuation dropped):
    -- searched as substrings by the filter language, and as Italian words below.
    search_text text NOT NULL DEFAULT '',
    search      tsvector GENERATED ALWAYS AS (to_tsvector('italian', search_text)) STORED,
    -- Raised by every save: what an adviser's edit was based on.
    revision    integer NOT NULL DEFAULT 1,
    record      jsonb NOT NULL,
    -- Notes and history, read only for the ticket being shown or changed.
    log         jsonb,
    PRIMARY KEY (desk_id, ref),
    FOREIGN KEY (desk_id, company_id) REFERENCES companies (desk_id, id)
        DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX tickets_status ON tickets (desk_id, status);
CREATE INDEX tickets_priority ON tickets (desk_id, priority);
CREATE INDEX tickets_channel ON tickets (desk_id, channel);
CREATE INDEX tickets_assignee ON tickets (desk_id, assignee);
CREATE INDEX tickets_company ON tickets (desk_id, company_id);
CREATE INDEX tickets_created ON tickets (desk_id, created);
CREATE INDEX tickets_uid ON tickets (desk_id, uid);
CREATE INDEX tickets_topics ON tickets USING gin (topics);
CREATE INDEX tickets_search ON tickets USING gin (search);

CREATE TABLE webinars (
    desk_id integer NOT NULL REFERENCES desks (id),
    id      integer NOT NULL CHECK (id > 0),
    title   text NOT NULL,
    start   timestamptz NOT NULL,
    record  jsonb NOT NULL,
    PRIMARY KEY (desk_id, id)
);
CREATE INDEX webinars_start ON webinars (desk_id, start);

CREATE TABLE calls (
    desk_id integer NOT NULL REFERENCES desks (id),
    id      integer NOT NULL CHECK (id > 0),
    record  jsonb NOT NULL,
    PRIMARY KEY (desk_id, id)
);

CREATE TABLE partners (
    desk_id integer NOT NULL REFERENCES desks (id),
    id      integer NOT NULL CHECK (id > 0),
    name    text NOT NULL,
    record  jsonb NOT NULL,
    PRIMARY KEY (desk_id, id)
);

CREATE TABLE referrals (
    desk_id    integer NOT NULL REFERENCES desks (id),
    id         integer NOT NULL CHECK (id > 0),
    ticket_ref integer NOT NULL,
    partner_id integer NOT NULL,
    record     jsonb NOT NULL,
    PRIMARY KEY (desk_id, id),
    FOREIGN KEY (desk_id, ticket_ref) REFERENCES tickets (desk_id, ref)
        DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (desk_id, partner_id) REFERENCES partners (desk_id, id)
        DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX referrals_ticket ON referrals (desk_id, ticket_ref);

-- Any table of records a desk file holds that this schema has no table for (a demo's stamp),
-- kept as it is so that a desk moved here and back loses nothing.
CREATE TABLE other_records (
    desk_id    integer NOT NULL REFERENCES desks (id),
    table_name text NOT NULL,
    id         text NOT NULL,
    record     jsonb NOT NULL,
    PRIMARY KEY (desk_id, table_name, id)
);
