-- Roll-ups of the insight sums (issue 15), for the pages as they open:
-- without a filter on theme, area, submitter kind, kind or goal, a page
-- reads these instead of the cells, a few hundred rows for a year. Each
-- roll-up is the sum of a cell table over the dimensions it leaves out,
-- kept by triggers on the cells (the cells move in the transaction that
-- changes an item, so the roll-ups do too); a property test proves them
-- equal to the cells summed again.
--
-- `insight_awaiting` lists, per scope, the items waiting for a first public
-- reply (open, none yet, not held) with their reply deadline, rewritten
-- with the item rows; `insight_awaiting_roll` counts them per month
-- received and month due. "Overdue now" is then the items due in earlier
-- months from the roll-up, and this month's from the list.
--
-- On PostgreSQL the roll-up rows of the current month are touched by every
-- change to an item of that month: changes queue on that row lock for the
-- moment each transaction takes, which is short.


create table insight_step_roll (
    scope bigint not null,
    month text not null,
    service bigint not null,
    stage bigint not null,
    n bigint not null,
    went_wrong bigint not null,
    f1 bigint not null,
    f2 bigint not null,
    f3 bigint not null,
    f4 bigint not null,
    f5 bigint not null,
    primary key (scope, month, service, stage)
);

create function insight_step_roll_follow() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into insight_step_roll as r (scope, month, service, stage, n, went_wrong, f1, f2, f3, f4, f5) values (new.scope, new.month, new.service, new.stage, new.n, new.went_wrong, new.f1, new.f2, new.f3, new.f4, new.f5)
            on conflict (scope, month, service, stage) do update set n = r.n + excluded.n, went_wrong = r.went_wrong + excluded.went_wrong, f1 = r.f1 + excluded.f1, f2 = r.f2 + excluded.f2, f3 = r.f3 + excluded.f3, f4 = r.f4 + excluded.f4, f5 = r.f5 + excluded.f5;
    elsif tg_op = 'UPDATE' then
        update insight_step_roll r set n = r.n + new.n - old.n, went_wrong = r.went_wrong + new.went_wrong - old.went_wrong, f1 = r.f1 + new.f1 - old.f1, f2 = r.f2 + new.f2 - old.f2, f3 = r.f3 + new.f3 - old.f3, f4 = r.f4 + new.f4 - old.f4, f5 = r.f5 + new.f5 - old.f5 where r.scope = new.scope and r.month = new.month and r.service = new.service and r.stage = new.stage;
    else
        update insight_step_roll r set n = r.n - old.n, went_wrong = r.went_wrong - old.went_wrong, f1 = r.f1 - old.f1, f2 = r.f2 - old.f2, f3 = r.f3 - old.f3, f4 = r.f4 - old.f4, f5 = r.f5 - old.f5 where r.scope = old.scope and r.month = old.month and r.service = old.service and r.stage = old.stage;
        delete from insight_step_roll r where r.scope = old.scope and r.month = old.month and r.service = old.service and r.stage = old.stage and r.n = 0;
    end if;
    return null;
end $$;
create trigger insight_step_roll_follow after insert or update or delete on insight_step_cell for each row execute function insight_step_roll_follow();

create table insight_transition_roll (
    scope bigint not null,
    month text not null,
    from_service bigint not null,
    to_service bigint not null,
    n bigint not null,
    went_wrong bigint not null,
    returns bigint not null,
    f1 bigint not null,
    f2 bigint not null,
    f3 bigint not null,
    f4 bigint not null,
    f5 bigint not null,
    primary key (scope, month, from_service, to_service)
);

create function insight_transition_roll_follow() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into insight_transition_roll as r (scope, month, from_service, to_service, n, went_wrong, returns, f1, f2, f3, f4, f5) values (new.scope, new.month, new.from_service, new.to_service, new.n, new.went_wrong, new.returns, new.f1, new.f2, new.f3, new.f4, new.f5)
            on conflict (scope, month, from_service, to_service) do update set n = r.n + excluded.n, went_wrong = r.went_wrong + excluded.went_wrong, returns = r.returns + excluded.returns, f1 = r.f1 + excluded.f1, f2 = r.f2 + excluded.f2, f3 = r.f3 + excluded.f3, f4 = r.f4 + excluded.f4, f5 = r.f5 + excluded.f5;
    elsif tg_op = 'UPDATE' then
        update insight_transition_roll r set n = r.n + new.n - old.n, went_wrong = r.went_wrong + new.went_wrong - old.went_wrong, returns = r.returns + new.returns - old.returns, f1 = r.f1 + new.f1 - old.f1, f2 = r.f2 + new.f2 - old.f2, f3 = r.f3 + new.f3 - old.f3, f4 = r.f4 + new.f4 - old.f4, f5 = r.f5 + new.f5 - old.f5 where r.scope = new.scope and r.month = new.month and r.from_service = new.from_service and r.to_service = new.to_service;
    else
        update insight_transition_roll r set n = r.n - old.n, went_wrong = r.went_wrong - old.went_wrong, returns = r.returns - old.returns, f1 = r.f1 - old.f1, f2 = r.f2 - old.f2, f3 = r.f3 - old.f3, f4 = r.f4 - old.f4, f5 = r.f5 - old.f5 where r.scope = old.scope and r.month = old.month and r.from_service = old.from_service and r.to_service = old.to_service;
        delete from insight_transition_roll r where r.scope = old.scope and r.month = old.month and r.from_service = old.from_service and r.to_service = old.to_service and r.n = 0;
    end if;
    return null;
end $$;
create trigger insight_transition_roll_follow after insert or update or delete on insight_transition_cell for each row execute function insight_transition_roll_follow();

create table insight_journey_roll (
    scope bigint not null,
    month text not null,
    goal text not null,
    result text not null,
    n bigint not null,
    primary key (scope, month, goal, result)
);

create function insight_journey_roll_follow() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into insight_journey_roll as r (scope, month, goal, result, n) values (new.scope, new.month, new.goal, new.result, new.n)
            on conflict (scope, month, goal, result) do update set n = r.n + excluded.n;
    elsif tg_op = 'UPDATE' then
        update insight_journey_roll r set n = r.n + new.n - old.n where r.scope = new.scope and r.month = new.month and r.goal = new.goal and r.result = new.result;
    else
        update insight_journey_roll r set n = r.n - old.n where r.scope = old.scope and r.month = old.month and r.goal = old.goal and r.result = old.result;
        delete from insight_journey_roll r where r.scope = old.scope and r.month = old.month and r.goal = old.goal and r.result = old.result and r.n = 0;
    end if;
    return null;
end $$;
create trigger insight_journey_roll_follow after insert or update or delete on insight_journey_cell for each row execute function insight_journey_roll_follow();

create table insight_item_roll (
    scope bigint not null,
    dim text not null,
    month text not null,
    value text not null,
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
    primary key (scope, dim, month, value)
);

create function insight_item_roll_follow() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into insight_item_roll as r (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate) values (new.scope, 'all', new.month, '', new.n, new.replied, new.late, new.closed, new.reopened, new.resolved, new.not_resolved, new.referred, new.outside_remit, new.duplicate)
            on conflict (scope, dim, month, value) do update set n = r.n + excluded.n, replied = r.replied + excluded.replied, late = r.late + excluded.late, closed = r.closed + excluded.closed, reopened = r.reopened + excluded.reopened, resolved = r.resolved + excluded.resolved, not_resolved = r.not_resolved + excluded.not_resolved, referred = r.referred + excluded.referred, outside_remit = r.outside_remit + excluded.outside_remit, duplicate = r.duplicate + excluded.duplicate;
    elsif tg_op = 'UPDATE' then
        update insight_item_roll r set n = r.n + new.n - old.n, replied = r.replied + new.replied - old.replied, late = r.late + new.late - old.late, closed = r.closed + new.closed - old.closed, reopened = r.reopened + new.reopened - old.reopened, resolved = r.resolved + new.resolved - old.resolved, not_resolved = r.not_resolved + new.not_resolved - old.not_resolved, referred = r.referred + new.referred - old.referred, outside_remit = r.outside_remit + new.outside_remit - old.outside_remit, duplicate = r.duplicate + new.duplicate - old.duplicate where r.scope = new.scope and r.dim = 'all' and r.month = new.month and r.value = '';
    else
        update insight_item_roll r set n = r.n - old.n, replied = r.replied - old.replied, late = r.late - old.late, closed = r.closed - old.closed, reopened = r.reopened - old.reopened, resolved = r.resolved - old.resolved, not_resolved = r.not_resolved - old.not_resolved, referred = r.referred - old.referred, outside_remit = r.outside_remit - old.outside_remit, duplicate = r.duplicate - old.duplicate where r.scope = old.scope and r.dim = 'all' and r.month = old.month and r.value = '';
        delete from insight_item_roll r where r.scope = old.scope and r.dim = 'all' and r.month = old.month and r.value = '' and r.n = 0;
    end if;
    if tg_op = 'INSERT' then
        insert into insight_item_roll as r (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate) values (new.scope, 'theme', new.month, new.theme_id::text, new.n, new.replied, new.late, new.closed, new.reopened, new.resolved, new.not_resolved, new.referred, new.outside_remit, new.duplicate)
            on conflict (scope, dim, month, value) do update set n = r.n + excluded.n, replied = r.replied + excluded.replied, late = r.late + excluded.late, closed = r.closed + excluded.closed, reopened = r.reopened + excluded.reopened, resolved = r.resolved + excluded.resolved, not_resolved = r.not_resolved + excluded.not_resolved, referred = r.referred + excluded.referred, outside_remit = r.outside_remit + excluded.outside_remit, duplicate = r.duplicate + excluded.duplicate;
    elsif tg_op = 'UPDATE' then
        update insight_item_roll r set n = r.n + new.n - old.n, replied = r.replied + new.replied - old.replied, late = r.late + new.late - old.late, closed = r.closed + new.closed - old.closed, reopened = r.reopened + new.reopened - old.reopened, resolved = r.resolved + new.resolved - old.resolved, not_resolved = r.not_resolved + new.not_resolved - old.not_resolved, referred = r.referred + new.referred - old.referred, outside_remit = r.outside_remit + new.outside_remit - old.outside_remit, duplicate = r.duplicate + new.duplicate - old.duplicate where r.scope = new.scope and r.dim = 'theme' and r.month = new.month and r.value = new.theme_id::text;
    else
        update insight_item_roll r set n = r.n - old.n, replied = r.replied - old.replied, late = r.late - old.late, closed = r.closed - old.closed, reopened = r.reopened - old.reopened, resolved = r.resolved - old.resolved, not_resolved = r.not_resolved - old.not_resolved, referred = r.referred - old.referred, outside_remit = r.outside_remit - old.outside_remit, duplicate = r.duplicate - old.duplicate where r.scope = old.scope and r.dim = 'theme' and r.month = old.month and r.value = old.theme_id::text;
        delete from insight_item_roll r where r.scope = old.scope and r.dim = 'theme' and r.month = old.month and r.value = old.theme_id::text and r.n = 0;
    end if;
    if tg_op = 'INSERT' then
        insert into insight_item_roll as r (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate) values (new.scope, 'area', new.month, new.area_id::text, new.n, new.replied, new.late, new.closed, new.reopened, new.resolved, new.not_resolved, new.referred, new.outside_remit, new.duplicate)
            on conflict (scope, dim, month, value) do update set n = r.n + excluded.n, replied = r.replied + excluded.replied, late = r.late + excluded.late, closed = r.closed + excluded.closed, reopened = r.reopened + excluded.reopened, resolved = r.resolved + excluded.resolved, not_resolved = r.not_resolved + excluded.not_resolved, referred = r.referred + excluded.referred, outside_remit = r.outside_remit + excluded.outside_remit, duplicate = r.duplicate + excluded.duplicate;
    elsif tg_op = 'UPDATE' then
        update insight_item_roll r set n = r.n + new.n - old.n, replied = r.replied + new.replied - old.replied, late = r.late + new.late - old.late, closed = r.closed + new.closed - old.closed, reopened = r.reopened + new.reopened - old.reopened, resolved = r.resolved + new.resolved - old.resolved, not_resolved = r.not_resolved + new.not_resolved - old.not_resolved, referred = r.referred + new.referred - old.referred, outside_remit = r.outside_remit + new.outside_remit - old.outside_remit, duplicate = r.duplicate + new.duplicate - old.duplicate where r.scope = new.scope and r.dim = 'area' and r.month = new.month and r.value = new.area_id::text;
    else
        update insight_item_roll r set n = r.n - old.n, replied = r.replied - old.replied, late = r.late - old.late, closed = r.closed - old.closed, reopened = r.reopened - old.reopened, resolved = r.resolved - old.resolved, not_resolved = r.not_resolved - old.not_resolved, referred = r.referred - old.referred, outside_remit = r.outside_remit - old.outside_remit, duplicate = r.duplicate - old.duplicate where r.scope = old.scope and r.dim = 'area' and r.month = old.month and r.value = old.area_id::text;
        delete from insight_item_roll r where r.scope = old.scope and r.dim = 'area' and r.month = old.month and r.value = old.area_id::text and r.n = 0;
    end if;
    if tg_op = 'INSERT' then
        insert into insight_item_roll as r (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate) values (new.scope, 'submitter', new.month, new.submitter_kind, new.n, new.replied, new.late, new.closed, new.reopened, new.resolved, new.not_resolved, new.referred, new.outside_remit, new.duplicate)
            on conflict (scope, dim, month, value) do update set n = r.n + excluded.n, replied = r.replied + excluded.replied, late = r.late + excluded.late, closed = r.closed + excluded.closed, reopened = r.reopened + excluded.reopened, resolved = r.resolved + excluded.resolved, not_resolved = r.not_resolved + excluded.not_resolved, referred = r.referred + excluded.referred, outside_remit = r.outside_remit + excluded.outside_remit, duplicate = r.duplicate + excluded.duplicate;
    elsif tg_op = 'UPDATE' then
        update insight_item_roll r set n = r.n + new.n - old.n, replied = r.replied + new.replied - old.replied, late = r.late + new.late - old.late, closed = r.closed + new.closed - old.closed, reopened = r.reopened + new.reopened - old.reopened, resolved = r.resolved + new.resolved - old.resolved, not_resolved = r.not_resolved + new.not_resolved - old.not_resolved, referred = r.referred + new.referred - old.referred, outside_remit = r.outside_remit + new.outside_remit - old.outside_remit, duplicate = r.duplicate + new.duplicate - old.duplicate where r.scope = new.scope and r.dim = 'submitter' and r.month = new.month and r.value = new.submitter_kind;
    else
        update insight_item_roll r set n = r.n - old.n, replied = r.replied - old.replied, late = r.late - old.late, closed = r.closed - old.closed, reopened = r.reopened - old.reopened, resolved = r.resolved - old.resolved, not_resolved = r.not_resolved - old.not_resolved, referred = r.referred - old.referred, outside_remit = r.outside_remit - old.outside_remit, duplicate = r.duplicate - old.duplicate where r.scope = old.scope and r.dim = 'submitter' and r.month = old.month and r.value = old.submitter_kind;
        delete from insight_item_roll r where r.scope = old.scope and r.dim = 'submitter' and r.month = old.month and r.value = old.submitter_kind and r.n = 0;
    end if;
    if tg_op = 'INSERT' then
        insert into insight_item_roll as r (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate) values (new.scope, 'kind', new.month, new.kind, new.n, new.replied, new.late, new.closed, new.reopened, new.resolved, new.not_resolved, new.referred, new.outside_remit, new.duplicate)
            on conflict (scope, dim, month, value) do update set n = r.n + excluded.n, replied = r.replied + excluded.replied, late = r.late + excluded.late, closed = r.closed + excluded.closed, reopened = r.reopened + excluded.reopened, resolved = r.resolved + excluded.resolved, not_resolved = r.not_resolved + excluded.not_resolved, referred = r.referred + excluded.referred, outside_remit = r.outside_remit + excluded.outside_remit, duplicate = r.duplicate + excluded.duplicate;
    elsif tg_op = 'UPDATE' then
        update insight_item_roll r set n = r.n + new.n - old.n, replied = r.replied + new.replied - old.replied, late = r.late + new.late - old.late, closed = r.closed + new.closed - old.closed, reopened = r.reopened + new.reopened - old.reopened, resolved = r.resolved + new.resolved - old.resolved, not_resolved = r.not_resolved + new.not_resolved - old.not_resolved, referred = r.referred + new.referred - old.referred, outside_remit = r.outside_remit + new.outside_remit - old.outside_remit, duplicate = r.duplicate + new.duplicate - old.duplicate where r.scope = new.scope and r.dim = 'kind' and r.month = new.month and r.value = new.kind;
    else
        update insight_item_roll r set n = r.n - old.n, replied = r.replied - old.replied, late = r.late - old.late, closed = r.closed - old.closed, reopened = r.reopened - old.reopened, resolved = r.resolved - old.resolved, not_resolved = r.not_resolved - old.not_resolved, referred = r.referred - old.referred, outside_remit = r.outside_remit - old.outside_remit, duplicate = r.duplicate - old.duplicate where r.scope = old.scope and r.dim = 'kind' and r.month = old.month and r.value = old.kind;
        delete from insight_item_roll r where r.scope = old.scope and r.dim = 'kind' and r.month = old.month and r.value = old.kind and r.n = 0;
    end if;
    return null;
end $$;
create trigger insight_item_roll_follow after insert or update or delete on insight_item_cell for each row execute function insight_item_roll_follow();

create table insight_time_roll (
    scope bigint not null,
    month text not null,
    measure text not null,
    bucket bigint not null,
    n bigint not null,
    primary key (scope, month, measure, bucket)
);

create function insight_time_roll_follow() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into insight_time_roll as r (scope, month, measure, bucket, n) values (new.scope, new.month, new.measure, new.bucket, new.n)
            on conflict (scope, month, measure, bucket) do update set n = r.n + excluded.n;
    elsif tg_op = 'UPDATE' then
        update insight_time_roll r set n = r.n + new.n - old.n where r.scope = new.scope and r.month = new.month and r.measure = new.measure and r.bucket = new.bucket;
    else
        update insight_time_roll r set n = r.n - old.n where r.scope = old.scope and r.month = old.month and r.measure = old.measure and r.bucket = old.bucket;
        delete from insight_time_roll r where r.scope = old.scope and r.month = old.month and r.measure = old.measure and r.bucket = old.bucket and r.n = 0;
    end if;
    return null;
end $$;
create trigger insight_time_roll_follow after insert or update or delete on insight_time_cell for each row execute function insight_time_roll_follow();

create table insight_awaiting (
    submission_id bigint not null references submission (id) on delete cascade,
    scope bigint not null,
    month text not null,
    kind text not null,
    theme_id bigint not null,
    area_id bigint not null,
    submitter_kind text not null,
    due_at timestamptz not null,
    -- Kept in deadline order per scope, the dimensions beside: "overdue now"
    -- is a range of it, with or without filters, and never a lookup per row.
    primary key (scope, due_at, submission_id)
);
create index insight_awaiting_item on insight_awaiting (submission_id, scope);
create table insight_awaiting_roll (
    scope bigint not null,
    month text not null,
    due_month text not null,
    n bigint not null,
    primary key (scope, month, due_month)
);

create function insight_awaiting_follow() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into insight_awaiting (submission_id, scope, month, kind, theme_id, area_id, submitter_kind, due_at)
            select new.submission_id, new.scope, new.month, new.kind, new.theme_id, new.area_id, new.submitter_kind, s.due_at
            from submission s where s.id = new.submission_id and s.status <> 'closed' and s.first_public_reply_at is null and s.due_at is not null;
    else
        delete from insight_awaiting where submission_id = old.submission_id and scope = old.scope;
    end if;
    return null;
end $$;
create trigger insight_awaiting_follow after insert or delete on insight_item for each row execute function insight_awaiting_follow();
create function insight_awaiting_roll_follow() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into insight_awaiting_roll as r (scope, month, due_month, n) values (new.scope, new.month, to_char(new.due_at at time zone 'UTC', 'YYYY-MM'), 1)
            on conflict (scope, month, due_month) do update set n = r.n + 1;
    else
        update insight_awaiting_roll r set n = r.n - 1 where r.scope = old.scope and r.month = old.month and r.due_month = to_char(old.due_at at time zone 'UTC', 'YYYY-MM');
        delete from insight_awaiting_roll r where r.scope = old.scope and r.month = old.month and r.due_month = to_char(old.due_at at time zone 'UTC', 'YYYY-MM') and r.n = 0;
    end if;
    return null;
end $$;
create trigger insight_awaiting_roll_follow after insert or delete on insight_awaiting for each row execute function insight_awaiting_roll_follow();

-- The roll-ups of what is there already.

insert into insight_step_roll (scope, month, service, stage, n, went_wrong, f1, f2, f3, f4, f5)
    select c.scope, c.month, c.service, c.stage, sum(c.n), sum(c.went_wrong), sum(c.f1), sum(c.f2), sum(c.f3), sum(c.f4), sum(c.f5) from insight_step_cell c group by c.scope, c.month, c.service, c.stage;

insert into insight_transition_roll (scope, month, from_service, to_service, n, went_wrong, returns, f1, f2, f3, f4, f5)
    select c.scope, c.month, c.from_service, c.to_service, sum(c.n), sum(c.went_wrong), sum(c.returns), sum(c.f1), sum(c.f2), sum(c.f3), sum(c.f4), sum(c.f5) from insight_transition_cell c group by c.scope, c.month, c.from_service, c.to_service;

insert into insight_journey_roll (scope, month, goal, result, n)
    select c.scope, c.month, c.goal, c.result, sum(c.n) from insight_journey_cell c group by c.scope, c.month, c.goal, c.result;

insert into insight_item_roll (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate)
    select c.scope, 'all', c.month, '', sum(c.n), sum(c.replied), sum(c.late), sum(c.closed), sum(c.reopened), sum(c.resolved), sum(c.not_resolved), sum(c.referred), sum(c.outside_remit), sum(c.duplicate) from insight_item_cell c group by c.scope, c.month;
insert into insight_item_roll (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate)
    select c.scope, 'theme', c.month, c.theme_id::text, sum(c.n), sum(c.replied), sum(c.late), sum(c.closed), sum(c.reopened), sum(c.resolved), sum(c.not_resolved), sum(c.referred), sum(c.outside_remit), sum(c.duplicate) from insight_item_cell c group by c.scope, c.month, c.theme_id::text;
insert into insight_item_roll (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate)
    select c.scope, 'area', c.month, c.area_id::text, sum(c.n), sum(c.replied), sum(c.late), sum(c.closed), sum(c.reopened), sum(c.resolved), sum(c.not_resolved), sum(c.referred), sum(c.outside_remit), sum(c.duplicate) from insight_item_cell c group by c.scope, c.month, c.area_id::text;
insert into insight_item_roll (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate)
    select c.scope, 'submitter', c.month, c.submitter_kind, sum(c.n), sum(c.replied), sum(c.late), sum(c.closed), sum(c.reopened), sum(c.resolved), sum(c.not_resolved), sum(c.referred), sum(c.outside_remit), sum(c.duplicate) from insight_item_cell c group by c.scope, c.month, c.submitter_kind;
insert into insight_item_roll (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate)
    select c.scope, 'kind', c.month, c.kind, sum(c.n), sum(c.replied), sum(c.late), sum(c.closed), sum(c.reopened), sum(c.resolved), sum(c.not_resolved), sum(c.referred), sum(c.outside_remit), sum(c.duplicate) from insight_item_cell c group by c.scope, c.month, c.kind;

insert into insight_time_roll (scope, month, measure, bucket, n)
    select c.scope, c.month, c.measure, c.bucket, sum(c.n) from insight_time_cell c group by c.scope, c.month, c.measure, c.bucket;

-- (its roll-up follows by the trigger above)
insert into insight_awaiting (submission_id, scope, month, kind, theme_id, area_id, submitter_kind, due_at)
    select i.submission_id, i.scope, i.month, i.kind, i.theme_id, i.area_id, i.submitter_kind, s.due_at
    from insight_item i join submission s on s.id = i.submission_id where s.status <> 'closed' and s.first_public_reply_at is null and s.due_at is not null;
