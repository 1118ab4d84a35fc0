//! The department's insight: the journey sums kept by triggers (migration
//! 0011), read per scope, months and filters, never by scanning the items.
//! SQL in `sql/insight.rs`.

use super::StoreResult;
use domain::insight::{InsightFilter, JourneySum, Segment, StepSum, TransitionSum};

#[async_trait::async_trait]
pub trait InsightStore: Send + Sync {
    /// The journey steps summed per service and stage, and per segment
    /// value when `segment` is given.
    async fn step_sums(&self, filter: &InsightFilter, segment: Option<Segment>) -> StoreResult<Vec<StepSum>>;
    /// The hand-overs between services.
    async fn transition_sums(&self, filter: &InsightFilter) -> StoreResult<Vec<TransitionSum>>;
    /// Whole journeys by goal and result.
    async fn journey_sums(&self, filter: &InsightFilter) -> StoreResult<Vec<JourneySum>>;
}
