-- Insight for the teams (issue 15): how many items came in, how fast the
-- first public reply and the closing came, how items ended, how many were
-- reopened — summed so that the department's team page never scans every
-- item.
--
-- `insight_item` holds one row per item and per scope it is counted in
-- (scope 0: every item; and each team that owns it now), with the
-- dimensions and measures copied in; triggers rewrite an item's rows in
-- the transaction that changes it, and triggers on `insight_item` keep the
-- sums in `insight_item_cell` and `insight_time_cell`. Held items are not
-- counted until a moderator lets them through, as for the journey sums.
--
-- Times are whole calendar hours from receipt, put in buckets whose upper
-- bounds (hours) are those of `domain::insight::DURATION_BOUNDS_HOURS`:
-- 1, 4, 8, 24, 48, 72, 120, 168, 336, 720, 1440, 2160, and bucket 12 for anything longer. `late`: the first public
-- reply came after the reply deadline (`due_at`).

-- "What grows" reads one theme's items of a period: by theme, then time.
create index submission_theme_created on submission (theme_id, created_at);

create table insight_item (
    submission_id integer not null references submission (id) on delete cascade,
    scope integer not null,
    month text not null,
    kind text not null,
    theme_id integer not null,
    area_id integer not null,
    submitter_kind text not null,
    replied integer not null,
    reply_bucket integer,
    late integer not null,
    closed integer not null,
    close_bucket integer,
    outcome text not null,
    reopened integer not null,
    primary key (submission_id, scope)
);

-- The rows an item gives, from the item as it is now (for the first fill
-- and the tests' recomputation; the triggers read one item the same way).
create view insight_item_entry as
    select s.id as submission_id, sc.scope, substr(s.created_at, 1, 7) as month, s.kind,
           coalesce(s.theme_id, 0) as theme_id, coalesce(s.area_id, 0) as area_id, s.submitter_kind,
           (s.first_public_reply_at is not null) as replied,
           case when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) is null then null when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 1 then 0 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 4 then 1 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 8 then 2 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 24 then 3 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 48 then 4 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 72 then 5 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 120 then 6 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 168 then 7 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 336 then 8 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 720 then 9 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 1440 then 10 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 2160 then 11 else 12 end as reply_bucket,
           (s.first_public_reply_at is not null and s.due_at is not null and julianday(s.first_public_reply_at) > julianday(s.due_at)) as late,
           (s.status = 'closed') as closed,
           case when s.status = 'closed' then case when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) is null then null when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 1 then 0 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 4 then 1 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 8 then 2 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 24 then 3 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 48 then 4 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 72 then 5 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 120 then 6 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 168 then 7 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 336 then 8 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 720 then 9 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 1440 then 10 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 2160 then 11 else 12 end end as close_bucket,
           case when s.status = 'closed' then coalesce(s.outcome, '') else '' end as outcome,
           (s.reopened_count > 0) as reopened
    from submission s
    join (select id as submission_id, 0 as scope from submission
          union all
          select submission_id, team_id from submission_team where active) sc on sc.submission_id = s.id
    where s.held_reason is null;

create table insight_item_cell (
    scope integer not null,
    month text not null,
    kind text not null,
    theme_id integer not null,
    area_id integer not null,
    submitter_kind text not null,
    n integer not null,
    replied integer not null,
    late integer not null,
    closed integer not null,
    reopened integer not null,
    resolved integer not null,
    not_resolved integer not null,
    referred integer not null,
    outside_remit integer not null,
    duplicate integer not null,
    primary key (scope, month, kind, theme_id, area_id, submitter_kind)
) without rowid;

-- How long the first public reply (measure 'reply') and the closing
-- ('close') took: items per bucket.
create table insight_time_cell (
    scope integer not null,
    month text not null,
    kind text not null,
    theme_id integer not null,
    area_id integer not null,
    submitter_kind text not null,
    measure text not null,
    bucket integer not null,
    n integer not null,
    primary key (scope, month, kind, theme_id, area_id, submitter_kind, measure, bucket)
) without rowid;

-- The sums follow the item rows.

create trigger insight_item_added after insert on insight_item begin
    insert into insight_item_cell (scope, month, kind, theme_id, area_id, submitter_kind, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate)
        values (new.scope, new.month, new.kind, new.theme_id, new.area_id, new.submitter_kind, 1, new.replied, new.late, new.closed, new.reopened, (new.outcome = 'resolved'), (new.outcome = 'not_resolved'), (new.outcome = 'referred'), (new.outcome = 'outside_remit'), (new.outcome = 'duplicate'))
        on conflict do update set n = n + 1, replied = replied + excluded.replied, late = late + excluded.late,
            closed = closed + excluded.closed, reopened = reopened + excluded.reopened,
            resolved = resolved + excluded.resolved, not_resolved = not_resolved + excluded.not_resolved, referred = referred + excluded.referred, outside_remit = outside_remit + excluded.outside_remit, duplicate = duplicate + excluded.duplicate;
    insert into insight_time_cell (scope, month, kind, theme_id, area_id, submitter_kind, measure, bucket, n) select new.scope, new.month, new.kind, new.theme_id, new.area_id, new.submitter_kind, 'reply', new.reply_bucket, 1
        where new.reply_bucket is not null
        on conflict do update set n = n + 1;
    insert into insight_time_cell (scope, month, kind, theme_id, area_id, submitter_kind, measure, bucket, n) select new.scope, new.month, new.kind, new.theme_id, new.area_id, new.submitter_kind, 'close', new.close_bucket, 1
        where new.close_bucket is not null
        on conflict do update set n = n + 1;
end;

create trigger insight_item_removed after delete on insight_item begin
    update insight_item_cell set n = n - 1, replied = replied - old.replied, late = late - old.late, closed = closed - old.closed,
        reopened = reopened - old.reopened, resolved = resolved - (old.outcome = 'resolved'), not_resolved = not_resolved - (old.outcome = 'not_resolved'), referred = referred - (old.outcome = 'referred'), outside_remit = outside_remit - (old.outcome = 'outside_remit'), duplicate = duplicate - (old.outcome = 'duplicate')
        where scope = old.scope and month = old.month and kind = old.kind and theme_id = old.theme_id and area_id = old.area_id and submitter_kind = old.submitter_kind;
    delete from insight_item_cell where scope = old.scope and month = old.month and kind = old.kind and theme_id = old.theme_id and area_id = old.area_id and submitter_kind = old.submitter_kind and n = 0;
    update insight_time_cell set n = n - 1 where scope = old.scope and month = old.month and kind = old.kind and theme_id = old.theme_id and area_id = old.area_id and submitter_kind = old.submitter_kind and measure = 'reply' and bucket = old.reply_bucket;
    delete from insight_time_cell where scope = old.scope and month = old.month and kind = old.kind and theme_id = old.theme_id and area_id = old.area_id and submitter_kind = old.submitter_kind and measure = 'reply' and bucket = old.reply_bucket and n = 0;
    update insight_time_cell set n = n - 1 where scope = old.scope and month = old.month and kind = old.kind and theme_id = old.theme_id and area_id = old.area_id and submitter_kind = old.submitter_kind and measure = 'close' and bucket = old.close_bucket;
    delete from insight_time_cell where scope = old.scope and month = old.month and kind = old.kind and theme_id = old.theme_id and area_id = old.area_id and submitter_kind = old.submitter_kind and measure = 'close' and bucket = old.close_bucket and n = 0;
end;


-- An item comes in, or something the sums count changes: its rows are written again.
create trigger insight_item_submission_insert after insert on submission begin
    insert or ignore into insight_item select s.id as submission_id, sc.scope, substr(s.created_at, 1, 7) as month, s.kind,
           coalesce(s.theme_id, 0) as theme_id, coalesce(s.area_id, 0) as area_id, s.submitter_kind,
           (s.first_public_reply_at is not null) as replied,
           case when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) is null then null when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 1 then 0 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 4 then 1 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 8 then 2 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 24 then 3 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 48 then 4 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 72 then 5 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 120 then 6 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 168 then 7 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 336 then 8 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 720 then 9 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 1440 then 10 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 2160 then 11 else 12 end as reply_bucket,
           (s.first_public_reply_at is not null and s.due_at is not null and julianday(s.first_public_reply_at) > julianday(s.due_at)) as late,
           (s.status = 'closed') as closed,
           case when s.status = 'closed' then case when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) is null then null when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 1 then 0 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 4 then 1 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 8 then 2 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 24 then 3 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 48 then 4 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 72 then 5 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 120 then 6 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 168 then 7 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 336 then 8 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 720 then 9 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 1440 then 10 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 2160 then 11 else 12 end end as close_bucket,
           case when s.status = 'closed' then coalesce(s.outcome, '') else '' end as outcome,
           (s.reopened_count > 0) as reopened
        from submission s cross join (select 0 as scope union all select team_id from submission_team where submission_id = new.id and active) sc
        where s.id = new.id and s.held_reason is null;
end;
create trigger insight_item_submission_update after update of status, outcome, first_public_reply_at, closed_at, reopened_count, due_at, kind, theme_id, area_id, submitter_kind, created_at, held_reason on submission
    when old.status is not new.status or old.outcome is not new.outcome or old.first_public_reply_at is not new.first_public_reply_at or old.closed_at is not new.closed_at or old.reopened_count is not new.reopened_count or old.due_at is not new.due_at or old.kind is not new.kind or old.theme_id is not new.theme_id or old.area_id is not new.area_id or old.submitter_kind is not new.submitter_kind or old.created_at is not new.created_at or (old.held_reason is null) <> (new.held_reason is null)
begin
    delete from insight_item where submission_id = old.id;
    insert or ignore into insight_item select s.id as submission_id, sc.scope, substr(s.created_at, 1, 7) as month, s.kind,
           coalesce(s.theme_id, 0) as theme_id, coalesce(s.area_id, 0) as area_id, s.submitter_kind,
           (s.first_public_reply_at is not null) as replied,
           case when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) is null then null when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 1 then 0 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 4 then 1 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 8 then 2 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 24 then 3 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 48 then 4 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 72 then 5 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 120 then 6 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 168 then 7 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 336 then 8 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 720 then 9 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 1440 then 10 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 2160 then 11 else 12 end as reply_bucket,
           (s.first_public_reply_at is not null and s.due_at is not null and julianday(s.first_public_reply_at) > julianday(s.due_at)) as late,
           (s.status = 'closed') as closed,
           case when s.status = 'closed' then case when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) is null then null when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 1 then 0 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 4 then 1 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 8 then 2 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 24 then 3 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 48 then 4 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 72 then 5 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 120 then 6 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 168 then 7 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 336 then 8 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 720 then 9 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 1440 then 10 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 2160 then 11 else 12 end end as close_bucket,
           case when s.status = 'closed' then coalesce(s.outcome, '') else '' end as outcome,
           (s.reopened_count > 0) as reopened
        from submission s cross join (select 0 as scope union all select team_id from submission_team where submission_id = new.id and active) sc
        where s.id = new.id and s.held_reason is null;
end;

-- Routing, referral, hand-over, adding and removing a team: the team's scope follows.
create trigger insight_item_team_insert after insert on submission_team when new.active begin
    insert or ignore into insight_item select s.id as submission_id, sc.scope, substr(s.created_at, 1, 7) as month, s.kind,
           coalesce(s.theme_id, 0) as theme_id, coalesce(s.area_id, 0) as area_id, s.submitter_kind,
           (s.first_public_reply_at is not null) as replied,
           case when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) is null then null when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 1 then 0 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 4 then 1 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 8 then 2 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 24 then 3 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 48 then 4 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 72 then 5 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 120 then 6 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 168 then 7 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 336 then 8 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 720 then 9 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 1440 then 10 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 2160 then 11 else 12 end as reply_bucket,
           (s.first_public_reply_at is not null and s.due_at is not null and julianday(s.first_public_reply_at) > julianday(s.due_at)) as late,
           (s.status = 'closed') as closed,
           case when s.status = 'closed' then case when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) is null then null when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 1 then 0 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 4 then 1 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 8 then 2 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 24 then 3 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 48 then 4 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 72 then 5 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 120 then 6 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 168 then 7 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 336 then 8 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 720 then 9 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 1440 then 10 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 2160 then 11 else 12 end end as close_bucket,
           case when s.status = 'closed' then coalesce(s.outcome, '') else '' end as outcome,
           (s.reopened_count > 0) as reopened
        from submission s cross join (select team_id as scope from submission_team where submission_id = new.submission_id and team_id = new.team_id and active) sc
        where s.id = new.submission_id and s.held_reason is null;
end;
create trigger insight_item_team_update after update of active, team_id, submission_id on submission_team begin
    delete from insight_item where submission_id = old.submission_id and scope = old.team_id;
    insert or ignore into insight_item select s.id as submission_id, sc.scope, substr(s.created_at, 1, 7) as month, s.kind,
           coalesce(s.theme_id, 0) as theme_id, coalesce(s.area_id, 0) as area_id, s.submitter_kind,
           (s.first_public_reply_at is not null) as replied,
           case when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) is null then null when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 1 then 0 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 4 then 1 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 8 then 2 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 24 then 3 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 48 then 4 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 72 then 5 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 120 then 6 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 168 then 7 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 336 then 8 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 720 then 9 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 1440 then 10 when ((julianday(s.first_public_reply_at) - julianday(s.created_at)) * 24.0) <= 2160 then 11 else 12 end as reply_bucket,
           (s.first_public_reply_at is not null and s.due_at is not null and julianday(s.first_public_reply_at) > julianday(s.due_at)) as late,
           (s.status = 'closed') as closed,
           case when s.status = 'closed' then case when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) is null then null when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 1 then 0 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 4 then 1 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 8 then 2 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 24 then 3 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 48 then 4 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 72 then 5 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 120 then 6 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 168 then 7 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 336 then 8 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 720 then 9 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 1440 then 10 when ((julianday(s.closed_at) - julianday(s.created_at)) * 24.0) <= 2160 then 11 else 12 end end as close_bucket,
           case when s.status = 'closed' then coalesce(s.outcome, '') else '' end as outcome,
           (s.reopened_count > 0) as reopened
        from submission s cross join (select team_id as scope from submission_team where submission_id = new.submission_id and team_id = new.team_id and active) sc
        where s.id = new.submission_id and s.held_reason is null;
end;
create trigger insight_item_team_delete after delete on submission_team begin
    delete from insight_item where submission_id = old.submission_id and scope = old.team_id;
end;

insert into insight_item select * from insight_item_entry;
