-- Webhooks for staff systems (issue 16). A staff system's key registers the
-- addresses it wants to be told at when one of its teams' items is created
-- (reaches one of the teams), gets a public reply, or is closed. Only
-- addresses under a prefix an administrator allowed can be registered, and
-- the worker checks again before every attempt.
--
-- What is sent is written here by triggers in the transaction that changes
-- the item, so no way of changing an item (form, API, Open311, moderation,
-- triage, a referral) can forget it; the worker claims due rows with a
-- lease and retries with the mail worker's backoff. A delivery carries no
-- personal data: the event, the item's reference and when.
create table webhook_prefix (
    id integer primary key,
    prefix text not null unique,
    created_at datetime not null,
    created_by integer references staff_user (id) on delete set null
);

create table webhook (
    id integer primary key,
    api_key_id integer not null references api_key (id) on delete cascade,
    url text not null,
    -- Signs every delivery (HMAC-SHA-256); shown to the system once.
    secret text not null,
    on_created boolean not null,
    on_replied boolean not null,
    on_closed boolean not null,
    created_at datetime not null
);
create index webhook_key on webhook (api_key_id);

create table webhook_delivery (
    id integer primary key,
    webhook_id integer not null references webhook (id) on delete cascade,
    submission_id integer not null references submission (id) on delete cascade,
    event text not null check (event in ('item.created', 'item.replied', 'item.closed')),
    reference text not null,
    occurred_at datetime not null,
    state text not null default 'pending' check (state in ('pending', 'sending', 'delivered', 'dead')),
    attempts integer not null default 0,
    next_attempt_at datetime not null,
    last_error text,
    created_at datetime not null,
    delivered_at datetime
);
create index webhook_delivery_due on webhook_delivery (state, next_attempt_at);
create index webhook_delivery_item on webhook_delivery (webhook_id, submission_id, event);

-- "Created" once per webhook and item: when the item first reaches one of
-- the key's teams (routed, triaged, referred or added).
create trigger webhook_item_reached_team after insert on submission_team when new.active begin
    insert into webhook_delivery (webhook_id, submission_id, event, reference, occurred_at, next_attempt_at, created_at)
    select w.id, new.submission_id, 'item.created', s.reference, new.added_at, new.added_at, new.added_at
    from webhook w
    join api_key k on k.id = w.api_key_id and k.revoked_at is null
    join staff_team st on st.staff_id = k.staff_id and st.team_id = new.team_id
    join submission s on s.id = new.submission_id
    where w.on_created
      and not exists (select 1 from webhook_delivery d where d.webhook_id = w.id and d.submission_id = new.submission_id and d.event = 'item.created');
end;

create trigger webhook_item_back_to_team after update of active on submission_team when new.active and not old.active begin
    insert into webhook_delivery (webhook_id, submission_id, event, reference, occurred_at, next_attempt_at, created_at)
    select w.id, new.submission_id, 'item.created', s.reference, new.added_at, new.added_at, new.added_at
    from webhook w
    join api_key k on k.id = w.api_key_id and k.revoked_at is null
    join staff_team st on st.staff_id = k.staff_id and st.team_id = new.team_id
    join submission s on s.id = new.submission_id
    where w.on_created
      and not exists (select 1 from webhook_delivery d where d.webhook_id = w.id and d.submission_id = new.submission_id and d.event = 'item.created');
end;

-- A public reply or a closing, for the webhooks of keys in one of the item's teams.
create trigger webhook_item_event after insert on submission_event when new.kind in ('public_reply', 'closed') begin
    insert into webhook_delivery (webhook_id, submission_id, event, reference, occurred_at, next_attempt_at, created_at)
    select w.id, new.submission_id, case new.kind when 'public_reply' then 'item.replied' else 'item.closed' end,
           s.reference, new.created_at, new.created_at, new.created_at
    from webhook w
    join api_key k on k.id = w.api_key_id and k.revoked_at is null
    join submission s on s.id = new.submission_id
    where ((new.kind = 'public_reply' and w.on_replied) or (new.kind = 'closed' and w.on_closed))
      and exists (select 1 from submission_team t join staff_team st on st.team_id = t.team_id and st.staff_id = k.staff_id
                  where t.submission_id = new.submission_id and t.active);
end;
