-- Insight (issue 15): the residents' journey steps, summed so that the
-- department's journey map and transition pages never scan every item.
--
-- `insight_step` holds one row per journey step and per scope the item is
-- counted in: scope 0 (every item) and each team that owns it now. Each
-- row carries the dimensions the pages filter and group by, copied from
-- the item when the row is written, so that removing it needs nothing
-- else (a deleted item's rows go by cascade with their own values). The
-- triggers below keep it current in the transaction that changes an item;
-- the triggers on `insight_step` itself keep the sums in
-- `insight_step_cell` and `insight_transition_cell`.
--
-- Stage: the step's position, 5 for the fifth and later steps. Service: the
-- step's team, -1 "another service", -2 "don't know". Month: the month
-- (UTC) the item came in. Held items (suspected scripts) are not counted
-- until a moderator lets them through.

create table insight_step (
    submission_id integer not null references submission (id) on delete cascade,
    position integer not null,
    scope integer not null,
    month text not null,
    theme_id integer not null,
    area_id integer not null,
    submitter_kind text not null,
    goal text not null,
    result text not null,
    service integer not null,
    stage integer not null,
    feeling integer not null,
    went_wrong integer not null,
    -- The service of the step before (0 at the first step), and whether
    -- this step goes back to a team met earlier in the same journey, with
    -- another service between (A → B → A: "back to NAV again").
    previous_service integer not null,
    returns integer not null,
    primary key (submission_id, position, scope),
    foreign key (submission_id, position) references journey_step (submission_id, position) on delete cascade
);
create index insight_step_scope_month on insight_step (scope, month);

-- The rows an item's steps give, from the item as it is now.
create view insight_step_entry as
    select js.submission_id, js.position, sc.scope, substr(s.created_at, 1, 7) as month,
           coalesce(s.theme_id, 0) as theme_id, coalesce(s.area_id, 0) as area_id, s.submitter_kind, j.goal, j.result,
           case js.team_choice when 'team' then js.team_id when 'other' then -1 else -2 end as service,
           min(js.position, 5) as stage, js.feeling, js.went_wrong,
           coalesce((select case p.team_choice when 'team' then p.team_id when 'other' then -1 else -2 end
                     from journey_step p where p.submission_id = js.submission_id and p.position = js.position - 1), 0) as previous_service,
           js.team_choice = 'team' and exists (select 1 from journey_step e
                   where e.submission_id = js.submission_id and e.position < js.position - 1
                     and e.team_choice = 'team' and e.team_id = js.team_id) as returns
    from journey_step js
    join journey j on j.submission_id = js.submission_id
    join submission s on s.id = js.submission_id
    join (select id as submission_id, 0 as scope from submission
          union all
          select submission_id, team_id from submission_team where active) sc on sc.submission_id = js.submission_id
    where s.held_reason is null;

create table insight_step_cell (
    scope integer not null,
    month text not null,
    theme_id integer not null,
    area_id integer not null,
    submitter_kind text not null,
    goal text not null,
    service integer not null,
    stage integer not null,
    n integer not null,
    went_wrong integer not null,
    -- How many felt 1 (very bad) … 5 (very good): the median and spread come from these.
    f1 integer not null,
    f2 integer not null,
    f3 integer not null,
    f4 integer not null,
    f5 integer not null,
    primary key (scope, month, theme_id, area_id, submitter_kind, goal, service, stage)
) without rowid;

create table insight_transition_cell (
    scope integer not null,
    month text not null,
    theme_id integer not null,
    area_id integer not null,
    submitter_kind text not null,
    goal text not null,
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
    primary key (scope, month, theme_id, area_id, submitter_kind, goal, from_service, to_service)
) without rowid;

-- Whole journeys: what people tried to reach and how it ended (from each
-- journey's first step row).
create table insight_journey_cell (
    scope integer not null,
    month text not null,
    theme_id integer not null,
    area_id integer not null,
    submitter_kind text not null,
    goal text not null,
    result text not null,
    n integer not null,
    primary key (scope, month, theme_id, area_id, submitter_kind, goal, result)
) without rowid;

-- The sums follow the step rows.
create trigger insight_step_added after insert on insight_step begin
    insert into insight_step_cell (scope, month, theme_id, area_id, submitter_kind, goal, service, stage, n, went_wrong, f1, f2, f3, f4, f5)
        values (new.scope, new.month, new.theme_id, new.area_id, new.submitter_kind, new.goal, new.service, new.stage, 1, new.went_wrong,
                new.feeling = 1, new.feeling = 2, new.feeling = 3, new.feeling = 4, new.feeling = 5)
        on conflict do update set n = n + 1, went_wrong = went_wrong + excluded.went_wrong,
            f1 = f1 + excluded.f1, f2 = f2 + excluded.f2, f3 = f3 + excluded.f3, f4 = f4 + excluded.f4, f5 = f5 + excluded.f5;
    insert into insight_transition_cell (scope, month, theme_id, area_id, submitter_kind, goal, from_service, to_service, n, went_wrong, returns, f1, f2, f3, f4, f5)
        select new.scope, new.month, new.theme_id, new.area_id, new.submitter_kind, new.goal, new.previous_service, new.service, 1, new.went_wrong, new.returns,
               new.feeling = 1, new.feeling = 2, new.feeling = 3, new.feeling = 4, new.feeling = 5
        where new.position > 1
        on conflict do update set n = n + 1, went_wrong = went_wrong + excluded.went_wrong, returns = returns + excluded.returns,
            f1 = f1 + excluded.f1, f2 = f2 + excluded.f2, f3 = f3 + excluded.f3, f4 = f4 + excluded.f4, f5 = f5 + excluded.f5;
    insert into insight_journey_cell (scope, month, theme_id, area_id, submitter_kind, goal, result, n)
        select new.scope, new.month, new.theme_id, new.area_id, new.submitter_kind, new.goal, new.result, 1
        where new.position = 1
        on conflict do update set n = n + 1;
end;

create trigger insight_step_removed after delete on insight_step begin
    update insight_step_cell set n = n - 1, went_wrong = went_wrong - old.went_wrong,
        f1 = f1 - (old.feeling = 1), f2 = f2 - (old.feeling = 2), f3 = f3 - (old.feeling = 3), f4 = f4 - (old.feeling = 4), f5 = f5 - (old.feeling = 5)
        where scope = old.scope and month = old.month and theme_id = old.theme_id and area_id = old.area_id
          and submitter_kind = old.submitter_kind and goal = old.goal and service = old.service and stage = old.stage;
    delete from insight_step_cell
        where scope = old.scope and month = old.month and theme_id = old.theme_id and area_id = old.area_id
          and submitter_kind = old.submitter_kind and goal = old.goal and service = old.service and stage = old.stage and n = 0;
    update insight_transition_cell set n = n - 1, went_wrong = went_wrong - old.went_wrong, returns = returns - old.returns,
        f1 = f1 - (old.feeling = 1), f2 = f2 - (old.feeling = 2), f3 = f3 - (old.feeling = 3), f4 = f4 - (old.feeling = 4), f5 = f5 - (old.feeling = 5)
        where old.position > 1 and scope = old.scope and month = old.month and theme_id = old.theme_id and area_id = old.area_id
          and submitter_kind = old.submitter_kind and goal = old.goal and from_service = old.previous_service and to_service = old.service;
    delete from insight_transition_cell
        where old.position > 1 and scope = old.scope and month = old.month and theme_id = old.theme_id and area_id = old.area_id
          and submitter_kind = old.submitter_kind and goal = old.goal and from_service = old.previous_service and to_service = old.service and n = 0;
    update insight_journey_cell set n = n - 1
        where old.position = 1 and scope = old.scope and month = old.month and theme_id = old.theme_id and area_id = old.area_id
          and submitter_kind = old.submitter_kind and goal = old.goal and result = old.result;
    delete from insight_journey_cell
        where old.position = 1 and scope = old.scope and month = old.month and theme_id = old.theme_id and area_id = old.area_id
          and submitter_kind = old.submitter_kind and goal = old.goal and result = old.result and n = 0;
end;

-- A journey's steps are written once, in order, with the item: each new
-- step finds the one before it.
create trigger insight_journey_step_insert after insert on journey_step begin
    insert or ignore into insight_step select * from insight_step_entry where submission_id = new.submission_id and position = new.position;
end;
create trigger insight_journey_step_update after update of position, team_id, team_choice, feeling, went_wrong on journey_step begin
    delete from insight_step where submission_id = old.submission_id;
    insert or ignore into insight_step select * from insight_step_entry where submission_id = new.submission_id;
end;
create trigger insight_journey_update after update of goal, result on journey begin
    delete from insight_step where submission_id = old.submission_id;
    insert or ignore into insight_step select * from insight_step_entry where submission_id = new.submission_id;
end;

-- An item's own dimensions, or whether it is counted at all, change.
create trigger insight_submission_update after update of theme_id, area_id, submitter_kind, created_at, held_reason on submission
    when old.theme_id is not new.theme_id or old.area_id is not new.area_id or old.submitter_kind is not new.submitter_kind
      or old.created_at is not new.created_at or (old.held_reason is null) <> (new.held_reason is null)
begin
    delete from insight_step where submission_id = old.id;
    insert or ignore into insight_step select * from insight_step_entry where submission_id = new.id;
end;

-- Routing, referral, hand-over, adding and removing a team: the team's scope follows.
create trigger insight_team_insert after insert on submission_team when new.active begin
    insert or ignore into insight_step select * from insight_step_entry where submission_id = new.submission_id and scope = new.team_id;
end;
create trigger insight_team_update after update of active, team_id, submission_id on submission_team begin
    delete from insight_step where submission_id = old.submission_id and scope = old.team_id;
    insert or ignore into insight_step select * from insight_step_entry where submission_id = new.submission_id and scope = new.team_id;
end;
create trigger insight_team_delete after delete on submission_team begin
    delete from insight_step where submission_id = old.submission_id and scope = old.team_id;
end;

insert into insight_step select * from insight_step_entry;
