-- Public participation (issue 5): hits per client address for supports,
-- comments, flags and answers, so one address cannot flood them. Keys hold
-- a hash of the address, never the address itself.
create table rate_limit (
    limit_key text primary key,
    window_started_at timestamptz not null,
    hits bigint not null default 0
);
