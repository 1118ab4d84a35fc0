//! Health endpoints for load balancers and orchestration.

use super::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// The process is up and answering.
pub async fn live() -> &'static str {
    "live\n"
}

/// The database answers a real query within 5 s; otherwise 503 so the load
/// balancer sends traffic elsewhere.
pub async fn ready(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(5), state.store.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready\n").into_response(),
        Ok(Err(error)) => {
            tracing::warn!(error = %crate::telemetry::ErrorChain(&error), "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "5")], "database unavailable\n").into_response()
        }
        Err(_) => {
            tracing::warn!("not ready: database ping timed out");
            (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "5")], "database unavailable\n").into_response()
        }
    }
}
