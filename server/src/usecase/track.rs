//! A resident follows their item through the private link: the token in the
//! link finds it (only the token's hash is stored), and a closed item can be
//! reopened once, saying why.

use crate::store::{Store, StoreError};
use domain::submission::{BoundedText, TrackingToken};
use domain::workspace::ItemDetail;

#[derive(Debug, thiserror::Error)]
pub enum TrackError {
    /// No item has this link: a malformed or unknown token alike.
    #[error("no item for this link")]
    NotFound,
    /// Only a closed item that was never reopened may be reopened.
    #[error("this item cannot be reopened")]
    NotReopenable,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The item behind a tracking link.
pub async fn tracked(store: &dyn Store, token: &str) -> Result<(TrackingToken, ItemDetail), TrackError> {
    // Tokens are 43 base64url characters; anything else cannot match.
    if token.len() != 43 || !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(TrackError::NotFound);
    }
    let token = TrackingToken::from_link(token);
    let summary = store.submission_by_token_hash(&token.hash()).await?.ok_or(TrackError::NotFound)?;
    let item = store.item(summary.id).await?.ok_or(TrackError::NotFound)?;
    Ok((token, item))
}

/// Reopens the closed item `item`, once, with the resident's reason.
pub async fn reopen(store: &dyn Store, item: &ItemDetail, comment: &BoundedText, now: chrono::DateTime<chrono::Utc>) -> Result<(), TrackError> {
    if !store.reopen(item.id, comment, now).await? {
        return Err(TrackError::NotReopenable);
    }
    tracing::info!(submission_id = item.id, "reopened by resident");
    Ok(())
}
