//! SQL of the insight sums: one grouped read of a summary table per
//! question, keyed by scope and month first, so a page reads only the
//! rows of its scope and months.

use super::{Backend, Db};
use crate::store::{StoreError, StoreResult};
use domain::insight::{Feelings, InsightFilter, JourneySum, Segment, Service, StepSum, TransitionSum};

/// `where` for a summary table: the scope, the months and each filter.
fn push_filter(qb: &mut sqlx::QueryBuilder<'_, Db>, filter: &InsightFilter) {
    qb.push(" where scope = ").push_bind(filter.scope.code());
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
    if let Some(goal) = filter.goal {
        qb.push(" and goal = ").push_bind(goal.as_str());
    }
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
        let mut qb =
            sqlx::QueryBuilder::<Db>::new(format!("select {by}, service, stage, cast(sum(went_wrong) as bigint), {FEELING_SUMS} from insight_step_cell"));
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
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!(
            "select from_service, to_service, cast(sum(went_wrong) as bigint), cast(sum(returns) as bigint), {FEELING_SUMS} from insight_transition_cell"
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
        let mut qb = sqlx::QueryBuilder::<Db>::new("select goal, result, cast(sum(n) as bigint) from insight_journey_cell");
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
}
