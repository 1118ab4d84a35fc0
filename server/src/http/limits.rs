//! Per-address limits on the public participation actions (supports,
//! comments, flags, survey answers), counted in the database so several
//! instances agree.

use super::{AppError, AppState};
use axum::extract::ConnectInfo;
use domain::submission::sha256_hex;

use crate::usecase::participate::over_hourly_limit;

pub fn client_key(request_extensions: &axum::http::Extensions, what: &str) -> String {
    let address = request_extensions.get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_default();
    format!("{what}:{}", &sha256_hex(address.as_bytes())[..32])
}

/// Whether `key` has used up its hourly actions (survey answers; the idea
/// actions check this inside `usecase::participate`).
pub async fn limited(state: &AppState, key: &str) -> Result<bool, AppError> {
    Ok(over_hourly_limit(state.store.as_ref(), key, chrono::Utc::now()).await?)
}
