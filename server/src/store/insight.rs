//! The department's insight: the journey sums (migration 0011) and the
//! item sums (0012) kept by triggers, read per scope, months and filters,
//! never by scanning the items.
//! SQL in `sql/insight.rs`.

use super::StoreResult;
use domain::insight::{InsightFilter, ItemGroup, ItemSum, JourneySum, ListedItem, Segment, StepSum, TimeSum, TransitionSum};
use domain::workspace::Actor;

#[async_trait::async_trait]
pub trait InsightStore: Send + Sync {
    /// The journey steps summed per service and stage, and per segment
    /// value when `segment` is given.
    async fn step_sums(&self, filter: &InsightFilter, segment: Option<Segment>) -> StoreResult<Vec<StepSum>>;
    /// The hand-overs between services.
    async fn transition_sums(&self, filter: &InsightFilter) -> StoreResult<Vec<TransitionSum>>;
    /// Whole journeys by goal and result.
    async fn journey_sums(&self, filter: &InsightFilter) -> StoreResult<Vec<JourneySum>>;
    /// Items summed per group. Grouped by team, every team the scope
    /// allows has its own sums (an item owned by two teams counts in each).
    async fn item_sums(&self, filter: &InsightFilter, by: ItemGroup) -> StoreResult<Vec<ItemSum>>;
    /// The filter's scope's items summed per month, theme, area, submitter
    /// kind and kind, `(grouping, sum)`, in one read: what `item_sums`
    /// gives for each of those groupings.
    async fn item_sums_grouped(&self, filter: &InsightFilter) -> StoreResult<Vec<(ItemGroup, ItemSum)>>;
    /// Reply and closing times per bucket, per scope the filter covers:
    /// for every team, scope 0 (every item) and each team; else the team.
    async fn time_sums(&self, filter: &InsightFilter) -> StoreResult<Vec<TimeSum>>;
    /// Open items past their reply deadline without a public reply at
    /// `now`, per owning team `(team, n)`, and `(0, n)` for every item when
    /// the scope is every team. Read from the open items only, through
    /// the status index: the share of them that changes by the hour.
    async fn overdue_now(&self, filter: &InsightFilter, now: chrono::DateTime<chrono::Utc>) -> StoreResult<Vec<(i64, i64)>>;
    /// Requests for help (§ 6) received in the filter's period, in its
    /// scope and dimensions; through their own partial index.
    async fn help_requests(&self, filter: &InsightFilter) -> StoreResult<i64>;
    /// The texts of the items the filter finds (title and description, and a
    /// journey's steps, one text per item), newest first, at most `limit`;
    /// for the words of one theme. Reads through the theme-and-time index:
    /// one theme's items of the period, never every item.
    async fn item_texts(&self, filter: &InsightFilter, limit: i64) -> StoreResult<Vec<String>>;
    /// The items the filter finds (the sums' items: not held; nor
    /// restricted, which nobody handles), by id after `after_id`, at most
    /// `limit`; a journey goal keeps the journeys with that goal.
    async fn item_list(&self, filter: &InsightFilter, after_id: i64, limit: i64) -> StoreResult<Vec<ListedItem>>;
    /// The e-mail and phone left on each of `ids` that has any, `(id,
    /// e-mail, phone)`; each item's viewing is written to the audit log
    /// (`export_contact`) in the same transaction.
    async fn export_contacts(&self, ids: &[i64], actor: Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<Vec<(i64, Option<String>, Option<String>)>>;
}
