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
    scope integer not null,
    month text not null,
    service integer not null,
    stage integer not null,
    n integer not null,
    went_wrong integer not null,
    f1 integer not null,
    f2 integer not null,
    f3 integer not null,
    f4 integer not null,
    f5 integer not null,
    primary key (scope, month, service, stage)
) without rowid;

create trigger insight_step_roll_added after insert on insight_step_cell begin
    insert into insight_step_roll (scope, month, service, stage, n, went_wrong, f1, f2, f3, f4, f5) values (new.scope, new.month, new.service, new.stage, new.n, new.went_wrong, new.f1, new.f2, new.f3, new.f4, new.f5)
        on conflict do update set n = n + excluded.n, went_wrong = went_wrong + excluded.went_wrong, f1 = f1 + excluded.f1, f2 = f2 + excluded.f2, f3 = f3 + excluded.f3, f4 = f4 + excluded.f4, f5 = f5 + excluded.f5;
end;
create trigger insight_step_roll_changed after update on insight_step_cell begin
    update insight_step_roll set n = n + new.n - old.n, went_wrong = went_wrong + new.went_wrong - old.went_wrong, f1 = f1 + new.f1 - old.f1, f2 = f2 + new.f2 - old.f2, f3 = f3 + new.f3 - old.f3, f4 = f4 + new.f4 - old.f4, f5 = f5 + new.f5 - old.f5 where scope = new.scope and month = new.month and service = new.service and stage = new.stage;
end;
create trigger insight_step_roll_removed after delete on insight_step_cell begin
    update insight_step_roll set n = n - old.n, went_wrong = went_wrong - old.went_wrong, f1 = f1 - old.f1, f2 = f2 - old.f2, f3 = f3 - old.f3, f4 = f4 - old.f4, f5 = f5 - old.f5 where scope = old.scope and month = old.month and service = old.service and stage = old.stage;
    delete from insight_step_roll where scope = old.scope and month = old.month and service = old.service and stage = old.stage and n = 0;
end;

create table insight_transition_roll (
    scope integer not null,
    month text not null,
    from_service integer not null,
    to_service integer not null,
    n integer not null,
    went_wrong integer not null,
    returns integer not null,
    f1 integer not null,
    f2 integer not null,
    f3 integer not null,
    f4 integer not null,
    f5 integer not null,
    primary key (scope, month, from_service, to_service)
) without rowid;

create trigger insight_transition_roll_added after insert on insight_transition_cell begin
    insert into insight_transition_roll (scope, month, from_service, to_service, n, went_wrong, returns, f1, f2, f3, f4, f5) values (new.scope, new.month, new.from_service, new.to_service, new.n, new.went_wrong, new.returns, new.f1, new.f2, new.f3, new.f4, new.f5)
        on conflict do update set n = n + excluded.n, went_wrong = went_wrong + excluded.went_wrong, returns = returns + excluded.returns, f1 = f1 + excluded.f1, f2 = f2 + excluded.f2, f3 = f3 + excluded.f3, f4 = f4 + excluded.f4, f5 = f5 + excluded.f5;
end;
create trigger insight_transition_roll_changed after update on insight_transition_cell begin
    update insight_transition_roll set n = n + new.n - old.n, went_wrong = went_wrong + new.went_wrong - old.went_wrong, returns = returns + new.returns - old.returns, f1 = f1 + new.f1 - old.f1, f2 = f2 + new.f2 - old.f2, f3 = f3 + new.f3 - old.f3, f4 = f4 + new.f4 - old.f4, f5 = f5 + new.f5 - old.f5 where scope = new.scope and month = new.month and from_service = new.from_service and to_service = new.to_service;
end;
create trigger insight_transition_roll_removed after delete on insight_transition_cell begin
    update insight_transition_roll set n = n - old.n, went_wrong = went_wrong - old.went_wrong, returns = returns - old.returns, f1 = f1 - old.f1, f2 = f2 - old.f2, f3 = f3 - old.f3, f4 = f4 - old.f4, f5 = f5 - old.f5 where scope = old.scope and month = old.month and from_service = old.from_service and to_service = old.to_service;
    delete from insight_transition_roll where scope = old.scope and month = old.month and from_service = old.from_service and to_service = old.to_service and n = 0;
end;

create table insight_journey_roll (
    scope integer not null,
    month text not null,
    goal text not null,
    result text not null,
    n integer not null,
    primary key (scope, month, goal, result)
) without rowid;

create trigger insight_journey_roll_added after insert on insight_journey_cell begin
    insert into insight_journey_roll (scope, month, goal, result, n) values (new.scope, new.month, new.goal, new.result, new.n)
        on conflict do update set n = n + excluded.n;
end;
create trigger insight_journey_roll_changed after update on insight_journey_cell begin
    update insight_journey_roll set n = n + new.n - old.n where scope = new.scope and month = new.month and goal = new.goal and result = new.result;
end;
create trigger insight_journey_roll_removed after delete on insight_journey_cell begin
    update insight_journey_roll set n = n - old.n where scope = old.scope and month = old.month and goal = old.goal and result = old.result;
    delete from insight_journey_roll where scope = old.scope and month = old.month and goal = old.goal and result = old.result and n = 0;
end;

create table insight_item_roll (
    scope integer not null,
    dim text not null,
    month text not null,
    value text not null,
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
    primary key (scope, dim, month, value)
) without rowid;

create trigger insight_item_roll_added after insert on insight_item_cell begin
    insert into insight_item_roll (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate) values (new.scope, 'all', new.month, '', new.n, new.replied, new.late, new.closed, new.reopened, new.resolved, new.not_resolved, new.referred, new.outside_remit, new.duplicate)
        on conflict do update set n = n + excluded.n, replied = replied + excluded.replied, late = late + excluded.late, closed = closed + excluded.closed, reopened = reopened + excluded.reopened, resolved = resolved + excluded.resolved, not_resolved = not_resolved + excluded.not_resolved, referred = referred + excluded.referred, outside_remit = outside_remit + excluded.outside_remit, duplicate = duplicate + excluded.duplicate;
    insert into insight_item_roll (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate) values (new.scope, 'theme', new.month, cast(new.theme_id as text), new.n, new.replied, new.late, new.closed, new.reopened, new.resolved, new.not_resolved, new.referred, new.outside_remit, new.duplicate)
        on conflict do update set n = n + excluded.n, replied = replied + excluded.replied, late = late + excluded.late, closed = closed + excluded.closed, reopened = reopened + excluded.reopened, resolved = resolved + excluded.resolved, not_resolved = not_resolved + excluded.not_resolved, referred = referred + excluded.referred, outside_remit = outside_remit + excluded.outside_remit, duplicate = duplicate + excluded.duplicate;
    insert into insight_item_roll (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate) values (new.scope, 'area', new.month, cast(new.area_id as text), new.n, new.replied, new.late, new.closed, new.reopened, new.resolved, new.not_resolved, new.referred, new.outside_remit, new.duplicate)
        on conflict do update set n = n + excluded.n, replied = replied + excluded.replied, late = late + excluded.late, closed = closed + excluded.closed, reopened = reopened + excluded.reopened, resolved = resolved + excluded.resolved, not_resolved = not_resolved + excluded.not_resolved, referred = referred + excluded.referred, outside_remit = outside_remit + excluded.outside_remit, duplicate = duplicate + excluded.duplicate;
    insert into insight_item_roll (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate) values (new.scope, 'submitter', new.month, new.submitter_kind, new.n, new.replied, new.late, new.closed, new.reopened, new.resolved, new.not_resolved, new.referred, new.outside_remit, new.duplicate)
        on conflict do update set n = n + excluded.n, replied = replied + excluded.replied, late = late + excluded.late, closed = closed + excluded.closed, reopened = reopened + excluded.reopened, resolved = resolved + excluded.resolved, not_resolved = not_resolved + excluded.not_resolved, referred = referred + excluded.referred, outside_remit = outside_remit + excluded.outside_remit, duplicate = duplicate + excluded.duplicate;
    insert into insight_item_roll (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate) values (new.scope, 'kind', new.month, new.kind, new.n, new.replied, new.late, new.closed, new.reopened, new.resolved, new.not_resolved, new.referred, new.outside_remit, new.duplicate)
        on conflict do update set n = n + excluded.n, replied = replied + excluded.replied, late = late + excluded.late, closed = closed + excluded.closed, reopened = reopened + excluded.reopened, resolved = resolved + excluded.resolved, not_resolved = not_resolved + excluded.not_resolved, referred = referred + excluded.referred, outside_remit = outside_remit + excluded.outside_remit, duplicate = duplicate + excluded.duplicate;
end;
create trigger insight_item_roll_changed after update on insight_item_cell begin
    update insight_item_roll set n = n + new.n - old.n, replied = replied + new.replied - old.replied, late = late + new.late - old.late, closed = closed + new.closed - old.closed, reopened = reopened + new.reopened - old.reopened, resolved = resolved + new.resolved - old.resolved, not_resolved = not_resolved + new.not_resolved - old.not_resolved, referred = referred + new.referred - old.referred, outside_remit = outside_remit + new.outside_remit - old.outside_remit, duplicate = duplicate + new.duplicate - old.duplicate where scope = new.scope and dim = 'all' and month = new.month and value = '';
    update insight_item_roll set n = n + new.n - old.n, replied = replied + new.replied - old.replied, late = late + new.late - old.late, closed = closed + new.closed - old.closed, reopened = reopened + new.reopened - old.reopened, resolved = resolved + new.resolved - old.resolved, not_resolved = not_resolved + new.not_resolved - old.not_resolved, referred = referred + new.referred - old.referred, outside_remit = outside_remit + new.outside_remit - old.outside_remit, duplicate = duplicate + new.duplicate - old.duplicate where scope = new.scope and dim = 'theme' and month = new.month and value = cast(new.theme_id as text);
    update insight_item_roll set n = n + new.n - old.n, replied = replied + new.replied - old.replied, late = late + new.late - old.late, closed = closed + new.closed - old.closed, reopened = reopened + new.reopened - old.reopened, resolved = resolved + new.resolved - old.resolved, not_resolved = not_resolved + new.not_resolved - old.not_resolved, referred = referred + new.referred - old.referred, outside_remit = outside_remit + new.outside_remit - old.outside_remit, duplicate = duplicate + new.duplicate - old.duplicate where scope = new.scope and dim = 'area' and month = new.month and value = cast(new.area_id as text);
    update insight_item_roll set n = n + new.n - old.n, replied = replied + new.replied - old.replied, late = late + new.late - old.late, closed = closed + new.closed - old.closed, reopened = reopened + new.reopened - old.reopened, resolved = resolved + new.resolved - old.resolved, not_resolved = not_resolved + new.not_resolved - old.not_resolved, referred = referred + new.referred - old.referred, outside_remit = outside_remit + new.outside_remit - old.outside_remit, duplicate = duplicate + new.duplicate - old.duplicate where scope = new.scope and dim = 'submitter' and month = new.month and value = new.submitter_kind;
    update insight_item_roll set n = n + new.n - old.n, replied = replied + new.replied - old.replied, late = late + new.late - old.late, closed = closed + new.closed - old.closed, reopened = reopened + new.reopened - old.reopened, resolved = resolved + new.resolved - old.resolved, not_resolved = not_resolved + new.not_resolved - old.not_resolved, referred = referred + new.referred - old.referred, outside_remit = outside_remit + new.outside_remit - old.outside_remit, duplicate = duplicate + new.duplicate - old.duplicate where scope = new.scope and dim = 'kind' and month = new.month and value = new.kind;
end;
create trigger insight_item_roll_removed after delete on insight_item_cell begin
    update insight_item_roll set n = n - old.n, replied = replied - old.replied, late = late - old.late, closed = closed - old.closed, reopened = reopened - old.reopened, resolved = resolved - old.resolved, not_resolved = not_resolved - old.not_resolved, referred = referred - old.referred, outside_remit = outside_remit - old.outside_remit, duplicate = duplicate - old.duplicate where scope = old.scope and dim = 'all' and month = old.month and value = '';
    delete from insight_item_roll where scope = old.scope and dim = 'all' and month = old.month and value = '' and n = 0;
    update insight_item_roll set n = n - old.n, replied = replied - old.replied, late = late - old.late, closed = closed - old.closed, reopened = reopened - old.reopened, resolved = resolved - old.resolved, not_resolved = not_resolved - old.not_resolved, referred = referred - old.referred, outside_remit = outside_remit - old.outside_remit, duplicate = duplicate - old.duplicate where scope = old.scope and dim = 'theme' and month = old.month and value = cast(old.theme_id as text);
    delete from insight_item_roll where scope = old.scope and dim = 'theme' and month = old.month and value = cast(old.theme_id as text) and n = 0;
    update insight_item_roll set n = n - old.n, replied = replied - old.replied, late = late - old.late, closed = closed - old.closed, reopened = reopened - old.reopened, resolved = resolved - old.resolved, not_resolved = not_resolved - old.not_resolved, referred = referred - old.referred, outside_remit = outside_remit - old.outside_remit, duplicate = duplicate - old.duplicate where scope = old.scope and dim = 'area' and month = old.month and value = cast(old.area_id as text);
    delete from insight_item_roll where scope = old.scope and dim = 'area' and month = old.month and value = cast(old.area_id as text) and n = 0;
    update insight_item_roll set n = n - old.n, replied = replied - old.replied, late = late - old.late, closed = closed - old.closed, reopened = reopened - old.reopened, resolved = resolved - old.resolved, not_resolved = not_resolved - old.not_resolved, referred = referred - old.referred, outside_remit = outside_remit - old.outside_remit, duplicate = duplicate - old.duplicate where scope = old.scope and dim = 'submitter' and month = old.month and value = old.submitter_kind;
    delete from insight_item_roll where scope = old.scope and dim = 'submitter' and month = old.month and value = old.submitter_kind and n = 0;
    update insight_item_roll set n = n - old.n, replied = replied - old.replied, late = late - old.late, closed = closed - old.closed, reopened = reopened - old.reopened, resolved = resolved - old.resolved, not_resolved = not_resolved - old.not_resolved, referred = referred - old.referred, outside_remit = outside_remit - old.outside_remit, duplicate = duplicate - old.duplicate where scope = old.scope and dim = 'kind' and month = old.month and value = old.kind;
    delete from insight_item_roll where scope = old.scope and dim = 'kind' and month = old.month and value = old.kind and n = 0;
end;

create table insight_time_roll (
    scope integer not null,
    month text not null,
    measure text not null,
    bucket integer not null,
    n integer not null,
    primary key (scope, month, measure, bucket)
) without rowid;

create trigger insight_time_roll_added after insert on insight_time_cell begin
    insert into insight_time_roll (scope, month, measure, bucket, n) values (new.scope, new.month, new.measure, new.bucket, new.n)
        on conflict do update set n = n + excluded.n;
end;
create trigger insight_time_roll_changed after update on insight_time_cell begin
    update insight_time_roll set n = n + new.n - old.n where scope = new.scope and month = new.month and measure = new.measure and bucket = new.bucket;
end;
create trigger insight_time_roll_removed after delete on insight_time_cell begin
    update insight_time_roll set n = n - old.n where scope = old.scope and month = old.month and measure = old.measure and bucket = old.bucket;
    delete from insight_time_roll where scope = old.scope and month = old.month and measure = old.measure and bucket = old.bucket and n = 0;
end;

create table insight_awaiting (
    submission_id integer not null references submission (id) on delete cascade,
    scope integer not null,
    month text not null,
    kind text not null,
    theme_id integer not null,
    area_id integer not null,
    submitter_kind text not null,
    due_at datetime not null,
    -- Kept in deadline order per scope, the dimensions beside: "overdue now"
    -- is a range of it, with or without filters, and never a lookup per row.
    primary key (scope, due_at, submission_id)
) without rowid;
create index insight_awaiting_item on insight_awaiting (submission_id, scope);
create table insight_awaiting_roll (
    scope integer not null,
    month text not null,
    due_month text not null,
    n integer not null,
    primary key (scope, month, due_month)
) without rowid;

create trigger insight_awaiting_added after insert on insight_item begin
    insert into insight_awaiting (submission_id, scope, month, kind, theme_id, area_id, submitter_kind, due_at)
        select new.submission_id, new.scope, new.month, new.kind, new.theme_id, new.area_id, new.submitter_kind, s.due_at
        from submission s where s.id = new.submission_id and s.status <> 'closed' and s.first_public_reply_at is null and s.due_at is not null;
end;
create trigger insight_awaiting_removed after delete on insight_item begin
    delete from insight_awaiting where submission_id = old.submission_id and scope = old.scope;
end;
create trigger insight_awaiting_roll_added after insert on insight_awaiting begin
    insert into insight_awaiting_roll (scope, month, due_month, n) values (new.scope, new.month, substr(new.due_at, 1, 7), 1)
        on conflict do update set n = n + 1;
end;
create trigger insight_awaiting_roll_removed after delete on insight_awaiting begin
    update insight_awaiting_roll set n = n - 1 where scope = old.scope and month = old.month and due_month = substr(old.due_at, 1, 7);
    delete from insight_awaiting_roll where scope = old.scope and month = old.month and due_month = substr(old.due_at, 1, 7) and n = 0;
end;

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
    select c.scope, 'theme', c.month, cast(c.theme_id as text), sum(c.n), sum(c.replied), sum(c.late), sum(c.closed), sum(c.reopened), sum(c.resolved), sum(c.not_resolved), sum(c.referred), sum(c.outside_remit), sum(c.duplicate) from insight_item_cell c group by c.scope, c.month, cast(c.theme_id as text);
insert into insight_item_roll (scope, dim, month, value, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate)
    select c.scope, 'area', c.month, cast(c.area_id as text), sum(c.n), sum(c.replied), sum(c.late), sum(c.closed), sum(c.reopened), sum(c.resolved), sum(c.not_resolved), sum(c.referred), sum(c.outside_remit), sum(c.duplicate) from insight_item_cell c group by c.scope, c.month, cast(c.area_id as text);
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
