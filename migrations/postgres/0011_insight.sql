-- Insight (issue 15): the residents' journey steps, summed so that the
-- department's journey map and transition pages never scan every item.
-- The same tables, view and triggers as SQLite's 0011_insight.sql, whose
-- comments explain them; here the triggers call plpgsql functions.

create table insight_step (
    submission_id bigint not null references submission (id) on delete cascade,
    position bigint not null,
    scope bigint not null,
    month text not null,
    theme_id bigint not null,
    area_id bigint not null,
    submitter_kind text not null,
    goal text not null,
    result text not null,
    service bigint not null,
    stage bigint not null,
    feeling bigint not null,
    went_wrong bigint not null,
    previous_service bigint not null,
    returns bigint not null,
    primary key (submission_id, position, scope),
    foreign key (submission_id, position) references journey_step (submission_id, position) on delete cascade
);
create index insight_step_scope_month on insight_step (scope, month);

create view insight_step_entry as
    select js.submission_id, js.position, sc.scope, to_char(s.created_at at time zone 'UTC', 'YYYY-MM') as month,
           coalesce(s.theme_id, 0) as theme_id, coalesce(s.area_id, 0) as area_id, s.submitter_kind, j.goal, j.result,
           case js.team_choice when 'team' then js.team_id when 'other' then -1 else -2 end as service,
           least(js.position, 5) as stage, js.feeling, js.went_wrong::int::bigint as went_wrong,
           coalesce((select case p.team_choice when 'team' then p.team_id when 'other' then -1 else -2 end
                     from journey_step p where p.submission_id = js.submission_id and p.position = js.position - 1), 0) as previous_service,
           (js.team_choice = 'team' and exists (select 1 from journey_step e
                   where e.submission_id = js.submission_id and e.position < js.position - 1
                     and e.team_choice = 'team' and e.team_id = js.team_id))::int::bigint as returns
    from journey_step js
    join journey j on j.submission_id = js.submission_id
    join submission s on s.id = js.submission_id
    join (select id as submission_id, 0::bigint as scope from submission
          union all
          select submission_id, team_id from submission_team where active) sc on sc.submission_id = js.submission_id
    where s.held_reason is null;

create table insight_step_cell (
    scope bigint not null,
    month text not null,
    theme_id bigint not null,
    area_id bigint not null,
    submitter_kind text not null,
    goal text not null,
    service bigint not null,
    stage bigint not null,
    n bigint not null,
    went_wrong bigint not null,
    f1 bigint not null,
    f2 bigint not null,
    f3 bigint not null,
    f4 bigint not null,
    f5 bigint not null,
    primary key (scope, month, theme_id, area_id, submitter_kind, goal, service, stage)
);

create table insight_transition_cell (
    scope bigint not null,
    month text not null,
    theme_id bigint not null,
    area_id bigint not null,
    submitter_kind text not null,
    goal text not null,
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
    primary key (scope, month, theme_id, area_id, submitter_kind, goal, from_service, to_service)
);

-- Whole journeys: what people tried to reach and how it ended (from each
-- journey's first step row).
create table insight_journey_cell (
    scope bigint not null,
    month text not null,
    theme_id bigint not null,
    area_id bigint not null,
    submitter_kind text not null,
    goal text not null,
    result text not null,
    n bigint not null,
    primary key (scope, month, theme_id, area_id, submitter_kind, goal, result)
);

create function insight_step_added() returns trigger language plpgsql as $$
begin
    insert into insight_step_cell (scope, month, theme_id, area_id, submitter_kind, goal, service, stage, n, went_wrong, f1, f2, f3, f4, f5)
        values (new.scope, new.month, new.theme_id, new.area_id, new.submitter_kind, new.goal, new.service, new.stage, 1, new.went_wrong,
                (new.feeling = 1)::int, (new.feeling = 2)::int, (new.feeling = 3)::int, (new.feeling = 4)::int, (new.feeling = 5)::int)
        on conflict (scope, month, theme_id, area_id, submitter_kind, goal, service, stage) do update set
            n = insight_step_cell.n + 1, went_wrong = insight_step_cell.went_wrong + excluded.went_wrong,
            f1 = insight_step_cell.f1 + excluded.f1, f2 = insight_step_cell.f2 + excluded.f2, f3 = insight_step_cell.f3 + excluded.f3,
            f4 = insight_step_cell.f4 + excluded.f4, f5 = insight_step_cell.f5 + excluded.f5;
    if new.position > 1 then
        insert into insight_transition_cell (scope, month, theme_id, area_id, submitter_kind, goal, from_service, to_service, n, went_wrong, returns, f1, f2, f3, f4, f5)
            values (new.scope, new.month, new.theme_id, new.area_id, new.submitter_kind, new.goal, new.previous_service, new.service, 1, new.went_wrong, new.returns,
                    (new.feeling = 1)::int, (new.feeling = 2)::int, (new.feeling = 3)::int, (new.feeling = 4)::int, (new.feeling = 5)::int)
            on conflict (scope, month, theme_id, area_id, submitter_kind, goal, from_service, to_service) do update set
                n = insight_transition_cell.n + 1, went_wrong = insight_transition_cell.went_wrong + excluded.went_wrong,
                returns = insight_transition_cell.returns + excluded.returns,
                f1 = insight_transition_cell.f1 + excluded.f1, f2 = insight_transition_cell.f2 + excluded.f2, f3 = insight_transition_cell.f3 + excluded.f3,
                f4 = insight_transition_cell.f4 + excluded.f4, f5 = insight_transition_cell.f5 + excluded.f5;
    end if;
    if new.position = 1 then
        insert into insight_journey_cell (scope, month, theme_id, area_id, submitter_kind, goal, result, n)
            values (new.scope, new.month, new.theme_id, new.area_id, new.submitter_kind, new.goal, new.result, 1)
            on conflict (scope, month, theme_id, area_id, submitter_kind, goal, result) do update set n = insight_journey_cell.n + 1;
    end if;
    return null;
end $$;
create trigger insight_step_added after insert on insight_step for each row execute function insight_step_added();

create function insight_step_removed() returns trigger language plpgsql as $$
begin
    update insight_step_cell set n = n - 1, went_wrong = went_wrong - old.went_wrong,
        f1 = f1 - (old.feeling = 1)::int, f2 = f2 - (old.feeling = 2)::int, f3 = f3 - (old.feeling = 3)::int,
        f4 = f4 - (old.feeling = 4)::int, f5 = f5 - (old.feeling = 5)::int
        where scope = old.scope and month = old.month and theme_id = old.theme_id and area_id = old.area_id
          and submitter_kind = old.submitter_kind and goal = old.goal and service = old.service and stage = old.stage;
    delete from insight_step_cell
        where scope = old.scope and month = old.month and theme_id = old.theme_id and area_id = old.area_id
          and submitter_kind = old.submitter_kind and goal = old.goal and service = old.service and stage = old.stage and n = 0;
    if old.position > 1 then
        update insight_transition_cell set n = n - 1, went_wrong = went_wrong - old.went_wrong, returns = returns - old.returns,
            f1 = f1 - (old.feeling = 1)::int, f2 = f2 - (old.feeling = 2)::int, f3 = f3 - (old.feeling = 3)::int,
            f4 = f4 - (old.feeling = 4)::int, f5 = f5 - (old.feeling = 5)::int
            where scope = old.scope and month = old.month and theme_id = old.theme_id and area_id = old.area_id
              and submitter_kind = old.submitter_kind and goal = old.goal and from_service = old.previous_service and to_service = old.service;
        delete from insight_transition_cell
            where scope = old.scope and month = old.month and theme_id = old.theme_id and area_id = old.area_id
              and submitter_kind = old.submitter_kind and goal = old.goal and from_service = old.previous_service and to_service = old.service and n = 0;
    end if;
    if old.position = 1 then
        update insight_journey_cell set n = n - 1
            where scope = old.scope and month = old.month and theme_id = old.theme_id and area_id = old.area_id
              and submitter_kind = old.submitter_kind and goal = old.goal and result = old.result;
        delete from insight_journey_cell
            where scope = old.scope and month = old.month and theme_id = old.theme_id and area_id = old.area_id
              and submitter_kind = old.submitter_kind and goal = old.goal and result = old.result and n = 0;
    end if;
    return null;
end $$;
create trigger insight_step_removed after delete on insight_step for each row execute function insight_step_removed();

-- Writes the step rows of one item again: all of them, one step's, or one scope's.
create function insight_refresh(item bigint, step bigint, team bigint) returns void language plpgsql as $$
begin
    delete from insight_step where submission_id = item and (step is null or position = step) and (team is null or scope = team);
    insert into insight_step select * from insight_step_entry
        where submission_id = item and (step is null or position = step) and (team is null or scope = team)
        on conflict do nothing;
end $$;

create function insight_journey_step_changed() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform insight_refresh(new.submission_id, new.position, null);
    else
        perform insight_refresh(new.submission_id, null, null);
    end if;
    return null;
end $$;
create trigger insight_journey_step_insert after insert on journey_step for each row execute function insight_journey_step_changed();
create trigger insight_journey_step_update after update of position, team_id, team_choice, feeling, went_wrong on journey_step
    for each row execute function insight_journey_step_changed();

create function insight_journey_changed() returns trigger language plpgsql as $$
begin
    perform insight_refresh(new.submission_id, null, null);
    return null;
end $$;
create trigger insight_journey_update after update of goal, result on journey for each row execute function insight_journey_changed();

create function insight_submission_changed() returns trigger language plpgsql as $$
begin
    perform insight_refresh(new.id, null, null);
    return null;
end $$;
create trigger insight_submission_update after update of theme_id, area_id, submitter_kind, created_at, held_reason on submission
    for each row
    when (old.theme_id is distinct from new.theme_id or old.area_id is distinct from new.area_id or old.submitter_kind is distinct from new.submitter_kind
          or old.created_at is distinct from new.created_at or (old.held_reason is null) <> (new.held_reason is null))
    execute function insight_submission_changed();

create function insight_team_changed() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        delete from insight_step where submission_id = old.submission_id and scope = old.team_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') and new.active then
        perform insight_refresh(new.submission_id, null, new.team_id);
    end if;
    return null;
end $$;
create trigger insight_team_insert after insert on submission_team for each row execute function insight_team_changed();
create trigger insight_team_update after update of active, team_id, submission_id on submission_team for each row execute function insight_team_changed();
create trigger insight_team_delete after delete on submission_team for each row execute function insight_team_changed();

insert into insight_step select * from insight_step_entry;
