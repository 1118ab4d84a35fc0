-- Open311 GeoReport v2 (issue 16): the keys clients post with, and what a
-- post through the API adds to its item.
--
-- `api_key`: issued by an administrator, shown once; only its SHA-256 is
-- kept, with the last four characters so people can tell keys apart.
-- A revoked key stays listed (who had it, until when) but opens nothing.
create table api_key (
    id integer primary key,
    name text not null,
    key_hash text not null unique,
    key_hint text not null,
    per_hour integer not null check (per_hour > 0),
    created_at datetime not null,
    created_by integer references staff_user (id) on delete set null,
    revoked_at datetime,
    last_used_at datetime
);

-- An item posted through Open311: the key it came with, the token the
-- client follows it by while it waits for triage or moderation, and the
-- coordinates when the client gave them (the address stays the item's text).
create table open311_request (
    submission_id integer primary key references submission (id) on delete cascade,
    api_key_id integer not null references api_key (id),
    token text not null unique,
    latitude real,
    longitude real
);
create index open311_request_key on open311_request (api_key_id);

-- servicerequestupdates reads the public events of a span of time.
create index submission_event_time on submission_event (created_at, id);
