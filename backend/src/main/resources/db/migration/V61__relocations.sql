-- Relocations (issue 14): a dated, sourced link between two sites: operations moved from one to the other
-- ('moved'), or both are run by the same operator ('same_operator'). Drawn as an arc from the first site's point
-- to the second's. Deleting either site deletes its relocations.

CREATE TABLE relocation (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_site_id   bigint NOT NULL REFERENCES site (id) ON DELETE CASCADE,
    to_site_id     bigint NOT NULL REFERENCES site (id) ON DELETE CASCADE CHECK (to_site_id <> from_site_id),
    kind           text NOT NULL CHECK (kind IN ('moved', 'same_operator')),
    date           date NOT NULL,
    date_precision text NOT NULL CHECK (date_precision IN ('day', 'month', 'year')),
    note           text CHECK (length(note) <= 5000),
    version        integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by     text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX relocation_from_idx ON relocation (from_site_id);
CREATE INDEX relocation_to_idx ON relocation (to_site_id);
CREATE INDEX relocation_date_idx ON relocation (date);

-- Where a relocation was reported: the columns of site_state_source (incident_source's plus the Admiralty rating).
CREATE TABLE relocation_source (
    relocation_id  bigint NOT NULL REFERENCES relocation (id) ON DELETE CASCADE,
    position       smallint NOT NULL,
    outlet         text NOT NULL CHECK (btrim(outlet) <> ''),
    url            text CHECK (url ~* '^https?://'),
    published_date date,
    language       text CHECK (language ~ '^[a-z]{2,3}$'),
    reliability    char(1) CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    credibility    smallint CHECK (credibility BETWEEN 1 AND 6),
    PRIMARY KEY (relocation_id, position)
);
