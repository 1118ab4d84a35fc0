-- Form keys are signed by the server and kept only as their keyed hash
-- (HMAC): a database copy no longer holds a key that could be posted to
-- get a resident's tracking link back. Rows from before keep their plain
-- key, which no longer verifies (it is unsigned) and still seeds their link.
alter table submission rename column idempotency_key to idempotency_hash;
alter table idea_comment rename column idempotency_key to idempotency_hash;
alter table consultation_response rename column idempotency_key to idempotency_hash;

-- Which of the server's keys derives the item's tracking link: '' until the
-- first start after this migration names the key in use then, so setting or
-- rotating session_key later keeps every link working.
alter table submission add column token_key_id text not null default '';

-- Why a post that looked automated waits for a moderator instead of going to
-- a team (null: it did not look automated).
alter table submission add column held_reason text
    check (held_reason in ('honeypot', 'too_fast', 'flood'));
create index submission_held on submission (created_at) where held_reason is not null;

-- A mail is given up by its age, not its attempts; an administrator who
-- sends a dead mail again starts its time anew from here.
alter table outbox add column resent_at datetime;

-- Readiness writes here: a database that can be read but not written
-- (a full disk, a read-only file) is not ready.
create table health_probe (
    id integer primary key,
    written_at datetime not null
);

-- Which connection each action came from, as a keyed hash (never the address).
alter table audit_log add column client_hash text;

-- The audit log stays append-only, but erasing an item anonymises the
-- rows about it (its id becomes null, through the foreign key's
-- `on delete set null`, once the item is gone) instead of blocking the erasure. Nothing else in a
-- row can change, and no row can be deleted.
drop trigger audit_log_no_update;
create trigger audit_log_no_update before update on audit_log
when not (old.submission_id is not null and new.submission_id is null
          and not exists (select 1 from submission where id = old.submission_id)
          and new.id = old.id and new.at = old.at and new.staff_id is old.staff_id
          and new.team_id is old.team_id and new.client_hash is old.client_hash
          and new.action = old.action and new.detail = old.detail)
begin
    select raise(abort, 'audit_log is append-only');
end;

-- Restriction (sperring, GDPR art. 18): the item is kept but shown to and
-- handled by nobody but administrators until it is lifted. An item kept for
-- the archive or under legal hold is restricted, never anonymised, when its
-- retention period ends.
alter table submission add column restricted_at datetime;
alter table submission add column kept_for text check (kept_for in ('archive', 'legal_hold'));
