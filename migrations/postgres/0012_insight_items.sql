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
    submission_id bigint not null references submission (id) on delete cascade,
    scope bigint not null,
    month text not null,
    kind text not null,
    theme_id bigint not null,
    area_id bigint not null,
    submitter_kind text not null,
    replied bigint not null,
    reply_bucket bigint,
    late bigint not null,
    closed bigint not null,
    close_bucket bigint,
    outcome text not null,
    reopened bigint not null,
    primary key (submission_id, scope)
);

-- The rows an item gives, from the item as it is now (for the first fill
-- and the tests' recomputation; the triggers read one item the same way).
create view insight_item_entry as
    select s.id as submission_id, sc.scope, to_char(s.created_at at time zone 'UTC', 'YYYY-MM') as month, s.kind,
           coalesce(s.theme_id, 0) as theme_id, coalesce(s.area_id, 0) as area_id, s.submitter_kind,
           (s.first_public_reply_at is not null)::int::bigint as replied,
           case when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) is null then null when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 1 then 0 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 4 then 1 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 8 then 2 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 24 then 3 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 48 then 4 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 72 then 5 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 120 then 6 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 168 then 7 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 336 then 8 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 720 then 9 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 1440 then 10 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 2160 then 11 else 12 end as reply_bucket,
           (s.first_public_reply_at is not null and s.due_at is not null and s.first_public_reply_at > s.due_at)::int::bigint as late,
           (s.status = 'closed')::int::bigint as closed,
           case when s.status = 'closed' then case when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) is null then null when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 1 then 0 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 4 then 1 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 8 then 2 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 24 then 3 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 48 then 4 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 72 then 5 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 120 then 6 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 168 then 7 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 336 then 8 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 720 then 9 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 1440 then 10 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 2160 then 11 else 12 end end as close_bucket,
           case when s.status = 'closed' then coalesce(s.outcome, '') else '' end as outcome,
           (s.reopened_count > 0)::int::bigint as reopened
    from submission s
    join (select id as submission_id, 0::bigint as scope from submission
          union all
          select submission_id, team_id from submission_team where active) sc on sc.submission_id = s.id
    where s.held_reason is null;

create table insight_item_cell (
    scope bigint not null,
    month text not null,
    kind text not null,
    theme_id bigint not null,
    area_id bigint not null,
    submitter_kind text not null,
    n bigint not null,
    replied bigint not null,
    late bigint not null,
    closed bigint not null,
    reopened bigint not null,
    resolved bigint not null,
    not_resolved bigint not null,
    referred bigint not null,
    outside_remit bigint not null,
    duplicate bigint not null,
    primary key (scope, month, kind, theme_id, area_id, submitter_kind)
);

-- How long the first public reply (measure 'reply') and the closing
-- ('close') took: items per bucket.
create table insight_time_cell (
    scope bigint not null,
    month text not null,
    kind text not null,
    theme_id bigint not null,
    area_id bigint not null,
    submitter_kind text not null,
    measure text not null,
    bucket bigint not null,
    n bigint not null,
    primary key (scope, month, kind, theme_id, area_id, submitter_kind, measure, bucket)
);

-- The sums follow the item rows.

create function insight_item_added() returns trigger language plpgsql as $$
begin
    insert into insight_item_cell (scope, month, kind, theme_id, area_id, submitter_kind, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate)
        values (new.scope, new.month, new.kind, new.theme_id, new.area_id, new.submitter_kind, 1, new.replied, new.late, new.closed, new.reopened, (new.outcome = 'resolved')::int::bigint, (new.outcome = 'not_resolved')::int::bigint, (new.outcome = 'referred')::int::bigint, (new.outcome = 'outside_remit')::int::bigint, (new.outcome = 'duplicate')::int::bigint)
        on conflict (scope, month, kind, theme_id, area_id, submitter_kind) do update set n = insight_item_cell.n + 1, replied = insight_item_cell.replied + excluded.replied, late = insight_item_cell.late + excluded.late,
            closed = insight_item_cell.closed + excluded.closed, reopened = insight_item_cell.reopened + excluded.reopened,
            resolved = insight_item_cell.resolved + excluded.resolved, not_resolved = insight_item_cell.not_resolved + excluded.not_resolved, referred = insight_item_cell.referred + excluded.referred, outside_remit = insight_item_cell.outside_remit + excluded.outside_remit, duplicate = insight_item_cell.duplicate + excluded.duplicate;
    if new.reply_bucket is not null then
        insert into insight_time_cell (scope, month, kind, theme_id, area_id, submitter_kind, measure, bucket, n) values (new.scope, new.month, new.kind, new.theme_id, new.area_id, new.submitter_kind, 'reply', new.reply_bucket, 1)
            on conflict (scope, month, kind, theme_id, area_id, submitter_kind, measure, bucket) do update set n = insight_time_cell.n + 1;
    end if;
    if new.close_bucket is not null then
        insert into insight_time_cell (scope, month, kind, theme_id, area_id, submitter_kind, measure, bucket, n) values (new.scope, new.month, new.kind, new.theme_id, new.area_id, new.submitter_kind, 'close', new.close_bucket, 1)
            on conflict (scope, month, kind, theme_id, area_id, submitter_kind, measure, bucket) do update set n = insight_time_cell.n + 1;
    end if;
    return null;
end $$;
create trigger insight_item_added after insert on insight_item for each row execute function insight_item_added();

create function insight_item_removed() returns trigger language plpgsql as $$
begin
    update insight_item_cell set n = n - 1, replied = replied - old.replied, late = late - old.late, closed = closed - old.closed,
        reopened = reopened - old.reopened, resolved = resolved - (old.outcome = 'resolved')::int::bigint, not_resolved = not_resolved - (old.outcome = 'not_resolved')::int::bigint, referred = referred - (old.outcome = 'referred')::int::bigint, outside_remit = outside_remit - (old.outcome = 'outside_remit')::int::bigint, duplicate = duplicate - (old.outcome = 'duplicate')::int::bigint
        where scope = old.scope and month = old.month and kind = old.kind and theme_id = old.theme_id and area_id = old.area_id and submitter_kind = old.submitter_kind;
    delete from insight_item_cell where scope = old.scope and month = old.month and kind = old.kind and theme_id = old.theme_id and area_id = old.area_id and submitter_kind = old.submitter_kind and n = 0;
    update insight_time_cell set n = n - 1 where scope = old.scope and month = old.month and kind = old.kind and theme_id = old.theme_id and area_id = old.area_id and submitter_kind = old.submitter_kind and measure = 'reply' and bucket = old.reply_bucket;
    delete from insight_time_cell where scope = old.scope and month = old.month and kind = old.kind and theme_id = old.theme_id and area_id = old.area_id and submitter_kind = old.submitter_kind and measure = 'reply' and bucket = old.reply_bucket and n = 0;
    update insight_time_cell set n = n - 1 where scope = old.scope and month = old.month and kind = old.kind and theme_id = old.theme_id and area_id = old.area_id and submitter_kind = old.submitter_kind and measure = 'close' and bucket = old.close_bucket;
    delete from insight_time_cell where scope = old.scope and month = old.month and kind = old.kind and theme_id = old.theme_id and area_id = old.area_id and submitter_kind = old.submitter_kind and measure = 'close' and bucket = old.close_bucket and n = 0;
    return null;
end $$;
create trigger insight_item_removed after delete on insight_item for each row execute function insight_item_removed();


-- An item comes in, or something the sums count changes: its rows are written again.
create function insight_item_refresh(item bigint, team bigint) returns void language plpgsql as $$
begin
    delete from insight_item where submission_id = item and (team is null or scope = team);
    if team is null then
        insert into insight_item select s.id as submission_id, sc.scope, to_char(s.created_at at time zone 'UTC', 'YYYY-MM') as month, s.kind,
           coalesce(s.theme_id, 0) as theme_id, coalesce(s.area_id, 0) as area_id, s.submitter_kind,
           (s.first_public_reply_at is not null)::int::bigint as replied,
           case when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) is null then null when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 1 then 0 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 4 then 1 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 8 then 2 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 24 then 3 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 48 then 4 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 72 then 5 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 120 then 6 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 168 then 7 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 336 then 8 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 720 then 9 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 1440 then 10 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 2160 then 11 else 12 end as reply_bucket,
           (s.first_public_reply_at is not null and s.due_at is not null and s.first_public_reply_at > s.due_at)::int::bigint as late,
           (s.status = 'closed')::int::bigint as closed,
           case when s.status = 'closed' then case when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) is null then null when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 1 then 0 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 4 then 1 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 8 then 2 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 24 then 3 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 48 then 4 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 72 then 5 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 120 then 6 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 168 then 7 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 336 then 8 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 720 then 9 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 1440 then 10 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 2160 then 11 else 12 end end as close_bucket,
           case when s.status = 'closed' then coalesce(s.outcome, '') else '' end as outcome,
           (s.reopened_count > 0)::int::bigint as reopened
        from submission s cross join (select 0::bigint as scope union all select team_id from submission_team where submission_id = item and active) sc
        where s.id = item and s.held_reason is null
            on conflict do nothing;
    else
        insert into insight_item select s.id as submission_id, sc.scope, to_char(s.created_at at time zone 'UTC', 'YYYY-MM') as month, s.kind,
           coalesce(s.theme_id, 0) as theme_id, coalesce(s.area_id, 0) as area_id, s.submitter_kind,
           (s.first_public_reply_at is not null)::int::bigint as replied,
           case when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) is null then null when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 1 then 0 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 4 then 1 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 8 then 2 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 24 then 3 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 48 then 4 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 72 then 5 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 120 then 6 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 168 then 7 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 336 then 8 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 720 then 9 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 1440 then 10 when (extract(epoch from (s.first_public_reply_at - s.created_at)) / 3600.0) <= 2160 then 11 else 12 end as reply_bucket,
           (s.first_public_reply_at is not null and s.due_at is not null and s.first_public_reply_at > s.due_at)::int::bigint as late,
           (s.status = 'closed')::int::bigint as closed,
           case when s.status = 'closed' then case when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) is null then null when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 1 then 0 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 4 then 1 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 8 then 2 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 24 then 3 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 48 then 4 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 72 then 5 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 120 then 6 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 168 then 7 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 336 then 8 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 720 then 9 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 1440 then 10 when (extract(epoch from (s.closed_at - s.created_at)) / 3600.0) <= 2160 then 11 else 12 end end as close_bucket,
           case when s.status = 'closed' then coalesce(s.outcome, '') else '' end as outcome,
           (s.reopened_count > 0)::int::bigint as reopened
        from submission s cross join (select team_id as scope from submission_team where submission_id = item and team_id = team and active) sc
        where s.id = item and s.held_reason is null
            on conflict do nothing;
    end if;
end $$;

create function insight_item_submission_changed() returns trigger language plpgsql as $$
begin
    perform insight_item_refresh(new.id, null);
    return null;
end $$;
create trigger insight_item_submission_insert after insert on submission for each row execute function insight_item_submission_changed();
create trigger insight_item_submission_update after update of status, outcome, first_public_reply_at, closed_at, reopened_count, due_at, kind, theme_id, area_id, submitter_kind, created_at, held_reason on submission
    for each row
    when (old.status is distinct from new.status or old.outcome is distinct from new.outcome or old.first_public_reply_at is distinct from new.first_public_reply_at or old.closed_at is distinct from new.closed_at or old.reopened_count is distinct from new.reopened_count or old.due_at is distinct from new.due_at or old.kind is distinct from new.kind or old.theme_id is distinct from new.theme_id or old.area_id is distinct from new.area_id or old.submitter_kind is distinct from new.submitter_kind or old.created_at is distinct from new.created_at or (old.held_reason is null) <> (new.held_reason is null))
    execute function insight_item_submission_changed();

create function insight_item_team_changed() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        delete from insight_item where submission_id = old.submission_id and scope = old.team_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') and new.active then
        perform insight_item_refresh(new.submission_id, new.team_id);
    end if;
    return null;
end $$;
create trigger insight_item_team_insert after insert on submission_team for each row execute function insight_item_team_changed();
create trigger insight_item_team_update after update of active, team_id, submission_id on submission_team for each row execute function insight_item_team_changed();
create trigger insight_item_team_delete after delete on submission_team for each row execute function insight_item_team_changed();

insert into insight_item select * from insight_item_entry;
