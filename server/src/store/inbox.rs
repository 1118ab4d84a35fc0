//! The staff inbox: one page of items, filtered, searched and sorted, in
//! one query. SQL in `sql/inbox.rs`.

use super::StoreResult;
use domain::workspace::{InboxQuery, InboxRow};

#[async_trait::async_trait]
pub trait InboxStore: Send + Sync {
    /// One inbox page: at most `limit + 1` rows, in one query.
    async fn inbox(&self, query: &InboxQuery) -> StoreResult<Vec<InboxRow>>;
}
