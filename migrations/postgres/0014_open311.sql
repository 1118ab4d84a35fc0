-- Open311 GeoReport v2 (issue 16): the keys clients post with, and what a
-- post through the API adds to its item.
--
-- `api_key`: issued by an administrator, shown once; only its SHA-256 is
-- kept, with the last four characters so people can tell keys apart.
-- A revoked key stays listed (who had it, until when) but opens nothing.
create table api_key (
    id bigint generated always as identity primary key,
    name text not null,
    key_hash text not null unique,
    key_hint text not null,
    per_hour bigint not null check (per_hour > 0),
    created_at timestamptz not null,
    created_by bigint references staff_user (id) on delete set null,
    revoked_at timestamptz,
    last_used_at timestamptz
);

-- An item posted through Open311: the key it came with, the token the
-- client follows it by while it waits for triage or moderation, and the
-- coordinates when the client gave them (the address stays the item's text).
create table open311_request (
    submission_id bigint primary key references submission (id) on delete cascade,
    api_key_id bigint not null references api_key (id),
    token text not null unique,
    latitude double precision,
    longitude double precision
);
create index open311_request_key on open311_request (api_key_id);

-- servicerequestupdates reads the public events of a span of time.
create index submission_event_time on submission_event (created_at, id);
