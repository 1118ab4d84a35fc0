//! SQL of the insight sums: one grouped read of a summary table per
//! question, keyed by scope and month first, so a page reads only the
//! rows of its scope and months. Without a filter on the items'
//! dimensions the roll-ups answer (migration 0013): a few hundred rows a
//! year instead of the cells' tens of thousands.

use super::{Backend, Db};
use crate::store::dialect::Dialect;
use crate::store::{StoreError, StoreResult};
use domain::insight::{
    Feelings, InsightFilter, InsightScope, ItemGroup, ItemSum, JourneySum, ListedItem, Measure, Segment, Service, StepSum, TimeSum, TransitionSum,
};

/// `where` for a summary table: the scope, the months and each filter.
fn push_filter(qb: &mut sqlx::QueryBuilder<'_, Db>, filter: &InsightFilter) {
    qb.push(" where scope = ").push_bind(filter.scope.code());
    push_dimensions(qb, filter);
    if let Some(goal) = filter.goal {
        qb.push(" and goal = ").push_bind(goal.as_str());
    }
}

/// `where` for the item sums: per team (every team's own scope, or the one
/// team asked for) or the filter's scope, the months and each filter.
fn push_item_filter(qb: &mut sqlx::QueryBuilder<'_, Db>, filter: &InsightFilter, by_team: bool) {
    match (by_team, filter.scope) {
        // Each team's own range of the key, rather than every row but scope 0.
        (true, InsightScope::All) => qb.push(" where scope in (select id from team)"),
        _ => qb.push(" where scope = ").push_bind(filter.scope.code()),
    };
    push_dimensions(qb, filter);
    if let Some(kind) = filter.kind {
        qb.push(" and kind = ").push_bind(kind.as_str());
    }
}

/// `where` for every scope the filter covers: for every team, scope 0 and
/// each team's, one by one so that each is an index range; else the team's.
fn push_every_scope(qb: &mut sqlx::QueryBuilder<'_, Db>, filter: &InsightFilter) {
    match filter.scope {
        InsightScope::All => qb.push(" where scope in (select 0 union all select id from team)"),
        InsightScope::Team(team) => qb.push(" where scope = ").push_bind(team),
    };
}

/// The filter on the items themselves (`submission s`): received in the
/// months, and each of theme, area, submitter kind and kind.
fn push_item_dimensions(qb: &mut sqlx::QueryBuilder<'_, Db>, filter: &InsightFilter) {
    qb.push(" and s.created_at >= ").push_bind(filter.from.start());
    qb.push(" and s.created_at < ").push_bind(filter.to.next().start());
    if let Some(theme) = filter.theme_id {
        qb.push(" and s.theme_id = ").push_bind(theme);
    }
    if let Some(area) = filter.area_id {
        qb.push(" and s.area_id = ").push_bind(area);
    }
    if let Some(submitter) = filter.submitter {
        qb.push(" and s.submitter_kind = ").push_bind(submitter.as_str());
    }
    if let Some(kind) = filter.kind {
        qb.push(" and s.kind = ").push_bind(kind.as_str());
    }
}

/// The months, theme, area and submitter kind, which every summary table has.
fn push_dimensions(qb: &mut sqlx::QueryBuilder<'_, Db>, filter: &InsightFilter) {
    qb.push(" and month >= ").push_bind(filter.from.to_string());
    qb.push(" and month <= ").push_bind(filter.to.to_string());
    if let Some(theme) = filter.theme_id {
        qb.push(" and theme_id = ").push_bind(theme);
    }
    if let Some(area) = filter.area_id {
        qb.push(" and area_id = ").push_bind(area);
    }
    if let Some(submitter) = filter.submitter {
        qb.push(" and submitter_kind = ").push_bind(submitter.as_str());
    }
}

/// Only the scope and months are asked for the journey sums: their
/// roll-ups answer.
fn journeys_coarse(filter: &InsightFilter) -> bool {
    filter.theme_id.is_none() && filter.area_id.is_none() && filter.submitter.is_none() && filter.goal.is_none()
}

/// Only the scope and months are asked for the item sums: their roll-ups answer.
fn items_coarse(filter: &InsightFilter) -> bool {
    filter.theme_id.is_none() && filter.area_id.is_none() && filter.submitter.is_none() && filter.kind.is_none()
}

/// PostgreSQL sums `bigint` into `numeric`: cast back, on both.
const FEELING_SUMS: &str = "cast(sum(f1) as bigint), cast(sum(f2) as bigint), cast(sum(f3) as bigint), cast(sum(f4) as bigint), cast(sum(f5) as bigint)";

fn service(code: i64) -> StoreResult<Service> {
    Service::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("insight service {code}")))
}

#[async_trait::async_trait]
impl crate::store::insight::InsightStore for Backend {
    async fn step_sums(&self, filter: &InsightFilter, segment: Option<Segment>) -> StoreResult<Vec<StepSum>> {
        let by = match segment {
            None => "''",
            Some(Segment::Submitter) => "submitter_kind",
            Some(Segment::Area) => "cast(area_id as text)",
            Some(Segment::Goal) => "goal",
        };
        let table = if segment.is_none() && journeys_coarse(filter) { "insight_step_roll" } else { "insight_step_cell" };
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!("select {by}, service, stage, cast(sum(went_wrong) as bigint), {FEELING_SUMS} from {table}"));
        push_filter(&mut qb, filter);
        // PostgreSQL refuses a constant in GROUP BY.
        qb.push(if segment.is_some() { format!(" group by {by}, service, stage") } else { " group by service, stage".to_string() });
        type Row = (String, i64, i64, i64, i64, i64, i64, i64, i64);
        let rows: Vec<Row> = qb.build_query_as().fetch_all(self.reader()).await?;
        rows.into_iter()
            .map(|(segment, code, stage, went_wrong, f1, f2, f3, f4, f5)| {
                Ok(StepSum { segment, service: service(code)?, stage: stage.clamp(1, 5) as u8, feelings: Feelings([f1, f2, f3, f4, f5]), went_wrong })
            })
            .collect()
    }

    async fn transition_sums(&self, filter: &InsightFilter) -> StoreResult<Vec<TransitionSum>> {
        let table = if journeys_coarse(filter) { "insight_transition_roll" } else { "insight_transition_cell" };
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!(
            "select from_service, to_service, cast(sum(went_wrong) as bigint), cast(sum(returns) as bigint), {FEELING_SUMS} from {table}"
        ));
        push_filter(&mut qb, filter);
        qb.push(" group by from_service, to_service");
        type Row = (i64, i64, i64, i64, i64, i64, i64, i64, i64);
        let rows: Vec<Row> = qb.build_query_as().fetch_all(self.reader()).await?;
        rows.into_iter()
            .map(|(from, to, went_wrong, returns, f1, f2, f3, f4, f5)| {
                Ok(TransitionSum { from: service(from)?, to: service(to)?, feelings: Feelings([f1, f2, f3, f4, f5]), went_wrong, returns })
            })
            .collect()
    }

    async fn journey_sums(&self, filter: &InsightFilter) -> StoreResult<Vec<JourneySum>> {
        let table = if journeys_coarse(filter) { "insight_journey_roll" } else { "insight_journey_cell" };
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!("select goal, result, cast(sum(n) as bigint) from {table}"));
        push_filter(&mut qb, filter);
        qb.push(" group by goal, result");
        let rows: Vec<(String, String, i64)> = qb.build_query_as().fetch_all(self.reader()).await?;
        rows.into_iter()
            .map(|(goal, result, n)| {
                let goal = domain::vocabulary::JourneyGoal::parse(&goal).ok_or_else(|| StoreError::Corrupt(format!("goal {goal}")))?;
                let result = domain::vocabulary::JourneyResult::parse(&result).ok_or_else(|| StoreError::Corrupt(format!("result {result}")))?;
                Ok(JourneySum { goal, result, n })
            })
            .collect()
    }

    async fn item_sums(&self, filter: &InsightFilter, by: ItemGroup) -> StoreResult<Vec<ItemSum>> {
        let coarse = items_coarse(filter);
        // The roll-up keeps each grouping under its own `dim`, the value as text.
        let (group, dim) = match by {
            ItemGroup::Team => ("cast(scope as text)", "all"),
            ItemGroup::Month => ("month", "all"),
            ItemGroup::Theme if coarse => ("value", "theme"),
            ItemGroup::Area if coarse => ("value", "area"),
            ItemGroup::Submitter if coarse => ("value", "submitter"),
            ItemGroup::Kind if coarse => ("value", "kind"),
            ItemGroup::Theme => ("cast(theme_id as text)", ""),
            ItemGroup::Area => ("cast(area_id as text)", ""),
            ItemGroup::Submitter => ("submitter_kind", ""),
            ItemGroup::Kind => ("kind", ""),
        };
        let outcomes = domain::vocabulary::Outcome::ALL.iter().map(|o| format!(", cast(sum({}) as bigint)", o.as_str())).collect::<String>();
        let table = if coarse { "insight_item_roll" } else { "insight_item_cell" };
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!(
            "select {group}, cast(sum(n) as bigint), cast(sum(replied) as bigint), cast(sum(late) as bigint), cast(sum(closed) as bigint),
                    cast(sum(reopened) as bigint){outcomes} from {table}"
        ));
        push_item_filter(&mut qb, filter, by == ItemGroup::Team);
        if coarse {
            qb.push(" and dim = ").push_bind(dim);
        }
        qb.push(format!(" group by {group} order by {group}"));
        let rows: Vec<<Db as sqlx::Database>::Row> = qb.build().fetch_all(self.reader()).await?;
        use sqlx::Row;
        rows.iter()
            .map(|row| {
                Ok(ItemSum {
                    group: row.try_get(0)?,
                    n: row.try_get(1)?,
                    replied: row.try_get(2)?,
                    late: row.try_get(3)?,
                    closed: row.try_get(4)?,
                    reopened: row.try_get(5)?,
                    outcomes: (0..domain::vocabulary::Outcome::ALL.len()).map(|i| row.try_get(6 + i)).collect::<Result<_, _>>()?,
                })
            })
            .collect()
    }

    async fn item_sums_grouped(&self, filter: &InsightFilter) -> StoreResult<Vec<(ItemGroup, ItemSum)>> {
        let outcomes = domain::vocabulary::Outcome::ALL.iter().map(|o| format!(", cast(sum({}) as bigint)", o.as_str())).collect::<String>();
        let sums = format!("cast(sum(n) as bigint), cast(sum(replied) as bigint), cast(sum(late) as bigint), cast(sum(closed) as bigint), cast(sum(reopened) as bigint){outcomes}");
        let coarse = items_coarse(filter);
        // The roll-up has each grouping under its `dim`; the cells have every
        // dimension in a row, summed into each grouping here.
        let mut qb = sqlx::QueryBuilder::<Db>::new(if coarse {
            format!("select dim, case when dim = 'all' then month else value end, {sums} from insight_item_roll")
        } else {
            format!("select month, kind, cast(theme_id as text), cast(area_id as text), submitter_kind, {sums} from insight_item_cell")
        });
        push_item_filter(&mut qb, filter, false);
        qb.push(if coarse { " group by 1, 2" } else { " group by month, kind, theme_id, area_id, submitter_kind" });
        let rows: Vec<<Db as sqlx::Database>::Row> = qb.build().fetch_all(self.reader()).await?;
        use sqlx::Row;
        let keys = if coarse { 2 } else { 5 };
        let mut grouped: std::collections::BTreeMap<(ItemGroup, String), ItemSum> = std::collections::BTreeMap::new();
        for row in &rows {
            let sum = ItemSum {
                group: String::new(),
                n: row.try_get(keys)?,
                replied: row.try_get(keys + 1)?,
                late: row.try_get(keys + 2)?,
                closed: row.try_get(keys + 3)?,
                reopened: row.try_get(keys + 4)?,
                outcomes: (0..domain::vocabulary::Outcome::ALL.len()).map(|i| row.try_get(keys + 5 + i)).collect::<Result<_, _>>()?,
            };
            let groups: Vec<(ItemGroup, String)> = if coarse {
                let dim: String = row.try_get(0)?;
                let group = match dim.as_str() {
                    "all" => ItemGroup::Month,
                    "theme" => ItemGroup::Theme,
                    "area" => ItemGroup::Area,
                    "submitter" => ItemGroup::Submitter,
                    "kind" => ItemGroup::Kind,
                    other => return Err(StoreError::Corrupt(format!("insight roll-up dim {other}"))),
                };
                vec![(group, row.try_get(1)?)]
            } else {
                [ItemGroup::Month, ItemGroup::Kind, ItemGroup::Theme, ItemGroup::Area, ItemGroup::Submitter]
                    .into_iter()
                    .enumerate()
                    .map(|(i, group)| Ok((group, row.try_get(i)?)))
                    .collect::<Result<_, sqlx::Error>>()?
            };
            for key in groups {
                let group = key.1.clone();
                grouped.entry(key).or_insert_with(|| ItemSum { group, outcomes: vec![0; sum.outcomes.len()], ..ItemSum::default() }).add(&sum);
            }
        }
        Ok(grouped.into_iter().map(|((group, _), sum)| (group, sum)).collect())
    }

    async fn time_sums(&self, filter: &InsightFilter) -> StoreResult<Vec<TimeSum>> {
        let table = if items_coarse(filter) { "insight_time_roll" } else { "insight_time_cell" };
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!("select scope, measure, bucket, cast(sum(n) as bigint) from {table}"));
        push_every_scope(&mut qb, filter);
        push_dimensions(&mut qb, filter);
        if let Some(kind) = filter.kind {
            qb.push(" and kind = ").push_bind(kind.as_str());
        }
        qb.push(" group by scope, measure, bucket");
        let rows: Vec<(i64, String, i64, i64)> = qb.build_query_as().fetch_all(self.reader()).await?;
        rows.into_iter()
            .map(|(scope, measure, bucket, n)| {
                let measure = Measure::parse(&measure).ok_or_else(|| StoreError::Corrupt(format!("insight measure {measure}")))?;
                Ok(TimeSum { scope, measure, bucket: bucket.max(0) as usize, n })
            })
            .collect()
    }

    async fn overdue_now(&self, filter: &InsightFilter, now: chrono::DateTime<chrono::Utc>) -> StoreResult<Vec<(i64, i64)>> {
        let push_scope = |qb: &mut sqlx::QueryBuilder<'_, Db>| push_every_scope(qb, filter);
        let this_month = domain::insight::Month::of(now);
        let mut rows: Vec<(i64, i64)> = Vec::new();
        let mut qb = sqlx::QueryBuilder::<Db>::new("select scope, count(*) from insight_awaiting");
        push_scope(&mut qb);
        push_dimensions(&mut qb, filter);
        if let Some(kind) = filter.kind {
            qb.push(" and kind = ").push_bind(kind.as_str());
        }
        if items_coarse(filter) {
            // Due before this month: counted in the roll-up; due this month and
            // before now: counted from the list, through its deadline index.
            qb.push(" and due_at >= ").push_bind(this_month.start());
            let mut earlier = sqlx::QueryBuilder::<Db>::new("select scope, cast(sum(n) as bigint) from insight_awaiting_roll");
            push_scope(&mut earlier);
            push_dimensions(&mut earlier, filter);
            earlier.push(" and due_month < ").push_bind(this_month.to_string());
            earlier.push(" group by scope");
            rows.extend(earlier.build_query_as::<(i64, i64)>().fetch_all(self.reader()).await?);
        }
        qb.push(" and due_at < ").push_bind(now);
        qb.push(" group by scope");
        rows.extend(qb.build_query_as::<(i64, i64)>().fetch_all(self.reader()).await?);
        Ok(rows)
    }

    async fn help_requests(&self, filter: &InsightFilter) -> StoreResult<i64> {
        let mut qb = sqlx::QueryBuilder::<Db>::new("select count(*) from submission s");
        if let InsightScope::Team(team) = filter.scope {
            qb.push(" join submission_team st on st.submission_id = s.id and st.active and st.team_id = ").push_bind(team);
        }
        qb.push(" where s.requests_help and s.held_reason is null and s.restricted_at is null");
        push_item_dimensions(&mut qb, filter);
        let (n,): (i64,) = qb.build_query_as().fetch_one(self.reader()).await?;
        Ok(n)
    }

    async fn item_texts(&self, filter: &InsightFilter, limit: i64) -> StoreResult<Vec<String>> {
        let push_items = |qb: &mut sqlx::QueryBuilder<'_, Db>| {
            qb.push(" from submission s");
            if let InsightScope::Team(team) = filter.scope {
                qb.push(" join submission_team st on st.submission_id = s.id and st.active and st.team_id = ").push_bind(team);
            }
            qb.push(" where s.held_reason is null and s.restricted_at is null");
            push_item_dimensions(qb, filter);
            qb.push(" order by s.created_at desc limit ").push_bind(limit);
        };
        let mut qb = sqlx::QueryBuilder::<Db>::new("select s.id, coalesce(s.title, '') || ' ' || s.body");
        push_items(&mut qb);
        let items: Vec<(i64, String)> = qb.build_query_as().fetch_all(self.reader()).await?;
        // The journeys' own words are in their steps.
        let mut qb = sqlx::QueryBuilder::<Db>::new("select js.submission_id, js.what_happened from journey_step js where js.submission_id in (select s.id");
        push_items(&mut qb);
        qb.push(")");
        let steps: Vec<(i64, String)> = qb.build_query_as().fetch_all(self.reader()).await?;
        let mut texts: std::collections::HashMap<i64, String> = items.into_iter().collect();
        for (id, what) in steps {
            if let Some(text) = texts.get_mut(&id) {
                text.push('\n');
                text.push_str(&what);
            }
        }
        Ok(texts.into_values().collect())
    }

    async fn item_list(&self, filter: &InsightFilter, after_id: i64, limit: i64) -> StoreResult<Vec<ListedItem>> {
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!(
            "select s.id, s.reference, s.kind, s.status, s.theme_id, s.area_id, s.submitter_kind, s.created_at, s.due_at,
                    s.first_public_reply_at, s.closed_at, s.outcome, s.reopened_count,
                    (select {} from submission_team t where t.submission_id = s.id and t.active),
                    case when s.personal_data_flags = '' then coalesce(s.title, substr(s.search_text, 1, 120)) end,
                    exists (select 1 from submission_contact c where c.submission_id = s.id)
             from submission s",
            Self::id_list("t.team_id")
        ));
        if let InsightScope::Team(team) = filter.scope {
            qb.push(" join submission_team st on st.submission_id = s.id and st.active and st.team_id = ").push_bind(team);
        }
        qb.push(" where s.held_reason is null and s.restricted_at is null and s.id > ").push_bind(after_id);
        push_item_dimensions(&mut qb, filter);
        if let Some(goal) = filter.goal {
            qb.push(" and exists (select 1 from journey j where j.submission_id = s.id and j.goal = ").push_bind(goal.as_str()).push(")");
        }
        qb.push(" order by s.id limit ").push_bind(limit);
        type Time = chrono::DateTime<chrono::Utc>;
        type Row = (
            i64,
            String,
            String,
            String,
            Option<i64>,
            Option<i64>,
            String,
            Time,
            Option<Time>,
            Option<Time>,
            Option<Time>,
            Option<String>,
            i64,
            Option<String>,
            Option<String>,
            bool,
        );
        let rows: Vec<Row> = qb.build_query_as().fetch_all(self.reader()).await?;
        let corrupt = |what: &str, value: &str| StoreError::Corrupt(format!("{what} {value}"));
        rows.into_iter()
            .map(
                |(
                    id,
                    reference,
                    kind,
                    status,
                    theme_id,
                    area_id,
                    submitter,
                    received_at,
                    due_at,
                    first_public_reply_at,
                    closed_at,
                    outcome,
                    reopened,
                    teams,
                    headline,
                    has_contact,
                )| {
                    Ok(ListedItem {
                        id,
                        reference,
                        kind: domain::vocabulary::InputKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
                        status: domain::vocabulary::Status::parse(&status).ok_or_else(|| corrupt("status", &status))?,
                        theme_id,
                        area_id,
                        submitter: domain::vocabulary::SubmitterKind::parse(&submitter).ok_or_else(|| corrupt("submitter", &submitter))?,
                        received_at,
                        due_at,
                        first_public_reply_at,
                        closed_at,
                        outcome: match outcome {
                            Some(o) => Some(domain::vocabulary::Outcome::parse(&o).ok_or_else(|| corrupt("outcome", &o))?),
                            None => None,
                        },
                        reopened,
                        team_ids: teams.unwrap_or_default().split(',').filter_map(|t| t.parse().ok()).collect(),
                        headline,
                        has_contact,
                    })
                },
            )
            .collect()
    }

    async fn export_contacts(
        &self,
        ids: &[i64],
        actor: domain::workspace::Actor,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Vec<(i64, Option<String>, Option<String>)>> {
        let mut tx = self.begin_write().await?;
        let mut found = Vec::new();
        // Chunks keep each statement under both databases' limit on parameters.
        for chunk in ids.chunks(500) {
            let mut qb = sqlx::QueryBuilder::<Db>::new("select submission_id, email, phone from submission_contact where submission_id in (");
            let mut list = qb.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            qb.push(") order by submission_id");
            let rows: Vec<(i64, Option<String>, Option<String>)> = qb.build_query_as().fetch_all(&mut *tx).await?;
            if !rows.is_empty() {
                let mut qb = sqlx::QueryBuilder::<Db>::new("insert into audit_log (at, staff_id, team_id, client_hash, action, submission_id, detail) ");
                qb.push_values(&rows, |mut row, (id, _, _)| {
                    row.push_bind(now)
                        .push_bind(actor.staff_id)
                        .push_bind(actor.team_id)
                        .push_bind(actor.client.map(|c| c.hex()))
                        .push_bind("export_contact")
                        .push_bind(*id)
                        .push_bind("");
                });
                qb.build().execute(&mut *tx).await?;
            }
            found.extend(rows);
        }
        tx.commit().await?;
        Ok(found)
    }
}
