-- Secrets the application generates itself on first start when the operator
-- has not configured one (e.g. the key that derives tracking tokens from a
-- form's idempotency key). Shared by every instance on the same database.
create table app_secret (
    name text primary key,
    value text not null,
    created_at datetime not null
);
