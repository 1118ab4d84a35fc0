//! Storage behind one `Store` trait with one implementation per database.
//! `open` picks the backend from the `DATABASE_URL` scheme.
//!
//! The module map is the data model: one trait per aggregate says what the
//! application asks of the database ([`api`] keys, [`catalog`], [`staff`] and sessions,
//! [`submissions`], [`inbox`], [`insight`], [`items`], [`outbox`], [`participation`],
//! [`consultation`], [`privacy`], [`webhooks`]), and `sql/<aggregate>.rs` holds its SQL as plain
//! functions. The `sql` modules are written once with `$N` placeholders that
//! both sqlx drivers understand and compiled twice, inside `sqlite` and
//! `postgres`, where `Backend` and `Db` name that backend's store and sqlx
//! database. Where the databases differ (full-text search, aggregation,
//! claiming a mail, batching) [`dialect`] says so in one place; connection
//! set-up and write transactions are in `sqlite.rs` and `postgres.rs`. The
//! conformance suite in `tests/store_conformance.rs` runs every trait
//! against both databases.

pub mod api;
pub mod catalog;
pub mod consultation;
pub(crate) mod dialect;
pub mod inbox;
pub mod insight;
pub mod items;
pub mod outbox;
pub mod participation;
mod postgres;
pub mod privacy;
pub mod sqlite;
pub mod staff;
pub mod submissions;
pub mod webhooks;

pub use api::ApiStore;
pub use catalog::CatalogStore;
pub use consultation::ConsultationStore;
pub use inbox::InboxStore;
pub use insight::InsightStore;
pub use items::ItemStore;
pub use outbox::OutboxStore;
pub use participation::ParticipationStore;
pub use postgres::PostgresStore;
pub use privacy::PrivacyStore;
pub use sqlite::SqliteStore;
pub use staff::StaffStore;
pub use submissions::SubmissionStore;
pub use webhooks::WebhookStore;

use crate::config::{DatabaseUrl, Settings};
use std::sync::Arc;

/// Any error, kept whole as the source of ours (its chain is logged).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why a store call failed. Database errors keep their source; what is
/// missing ("not found") is told apart from what is taken ("conflict").
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached or the pool is exhausted: answer 503.
    #[error("database unavailable")]
    Unavailable(#[source] BoxError),
    /// The row to read or change does not exist; names what (never a value).
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// A unique value is taken; names the logical field (never the value).
    #[error("already exists: {0}")]
    Conflict(&'static str),
    /// A stored value breaks a rule the application relies on.
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("database error")]
    Database(#[source] sqlx::Error),
    #[error("migration failed")]
    Migration(#[source] sqlx::migrate::MigrateError),
    /// Something outside the database failed (a task, a result that
    /// should have been there).
    #[error("store operation failed")]
    Other(#[source] BoxError),
}

impl StoreError {
    /// Unavailable, for a cause that is not a database error.
    pub fn unavailable(cause: impl Into<BoxError>) -> StoreError {
        StoreError::Unavailable(cause.into())
    }

    pub fn other(cause: impl Into<BoxError>) -> StoreError {
        StoreError::Other(cause.into())
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => StoreError::Unavailable(Box::new(error)),
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict("unique"),
            sqlx::Error::Database(db) if database_unavailable(db.as_ref()) => StoreError::Unavailable(Box::new(error)),
            _ => StoreError::Database(error),
        }
    }
}

/// Errors that say the database cannot work now, rather than that the
/// request was wrong: the person is told to try again (503), not that we
/// failed.
/// A group commit's next batch: `first` and whatever else is waiting now,
/// up to `max`. Nobody waits for a batch to fill.
fn waiting_batch<T>(first: T, queue: &mut tokio::sync::mpsc::Receiver<T>, max: usize) -> Vec<T> {
    let mut batch = vec![first];
    while batch.len() < max {
        match queue.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => break,
        }
    }
    batch
}

fn database_unavailable(error: &dyn sqlx::error::DatabaseError) -> bool {
    let Some(code) = error.code() else { return false };
    if error.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
        code.parse::<i64>().is_ok_and(sqlite_unavailable)
    } else {
        postgres_unavailable(&code)
    }
}

/// SQLite's (extended) result codes: busy or locked past the timeout, read
/// only, an I/O error, the disk full, the file not openable.
fn sqlite_unavailable(code: i64) -> bool {
    matches!(code & 0xff, 5 | 6 | 8 | 10 | 13 | 14)
}

/// PostgreSQL's SQLSTATE: the connection lost (class 08), out of resources
/// such as disk or connections (53), shutting down or not accepting
/// connections yet (57P01-57P03).
fn postgres_unavailable(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("53") || matches!(code, "57P01" | "57P02" | "57P03")
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migration(error)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Everything the application asks of its database: one trait per
/// aggregate, and what concerns the database as a whole.
#[async_trait::async_trait]
pub trait Store:
    ApiStore
    + CatalogStore
    + StaffStore
    + SubmissionStore
    + InboxStore
    + InsightStore
    + ItemStore
    + OutboxStore
    + ParticipationStore
    + ConsultationStore
    + PrivacyStore
    + WebhookStore
    + Send
    + Sync
    + 'static
{
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// Applies the embedded migrations that have not run yet.
    async fn migrate(&self) -> StoreResult<()>;
    /// Names of the migrations applied, in order.
    async fn applied_migrations(&self) -> StoreResult<Vec<String>>;
    /// A real read and a real write (and, on SQLite, a live group-commit
    /// task): used by `/health/ready`.
    async fn ping(&self) -> StoreResult<()>;
    /// Closes every connection; later calls fail with `Unavailable`.
    async fn close(&self);
    /// The secret called `name`: `fresh` is stored on first use, and every
    /// later call (from any instance) returns what was stored.
    async fn app_secret(&self, name: &str, fresh: &str) -> StoreResult<String>;
}

/// Opens (and creates, for SQLite) the database the settings name. Does not migrate.
pub async fn open(settings: &Settings) -> StoreResult<Arc<dyn Store>> {
    let timeout = std::time::Duration::from_secs(settings.database_acquire_timeout_secs);
    Ok(match &settings.database_url {
        DatabaseUrl::Sqlite(path) => Arc::new(SqliteStore::open(path, settings.sqlite_synchronous, timeout).await?),
        DatabaseUrl::Postgres(url) => Arc::new(PostgresStore::open(url.expose(), timeout).await?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::ErrorChain;

    #[test]
    fn store_errors_keep_their_cause_for_the_log() {
        let error = StoreError::unavailable(std::io::Error::other("No space left on device"));
        assert_eq!(ErrorChain(&error).to_string(), "database unavailable: No space left on device");
        let error: StoreError = sqlx::Error::PoolTimedOut.into();
        assert!(matches!(error, StoreError::Unavailable(_)));
        assert!(ErrorChain(&error).to_string().starts_with("database unavailable: pool timed out"), "{}", ErrorChain(&error));
        let error: StoreError = sqlx::Error::RowNotFound.into();
        assert!(matches!(error, StoreError::Database(_)));
        assert!(ErrorChain(&error).to_string().contains("no rows returned"), "{}", ErrorChain(&error));
    }

    /// A real full disk, as SQLite reports it (a database capped at a few
    /// pages fails the same way): unavailable, so the person gets 503 and
    /// the form back, not our error page.
    #[tokio::test]
    async fn a_full_disk_is_unavailable_not_a_failure() {
        use sqlx::{Connection as _, Executor as _};
        let mut conn = sqlx::SqliteConnection::connect("sqlite::memory:").await.unwrap();
        conn.execute("create table t (x blob); pragma max_page_count = 4").await.unwrap();
        let full = sqlx::query("insert into t values (zeroblob(100000))").execute(&mut conn).await.expect_err("the database is full");
        let error: StoreError = full.into();
        assert!(matches!(error, StoreError::Unavailable(_)), "{error:?}");
        // A broken query is still ours to fix.
        let broken: StoreError = sqlx::query("select nonsense from nowhere").execute(&mut conn).await.expect_err("no such table").into();
        assert!(matches!(broken, StoreError::Database(_)), "{broken:?}");
        // PostgreSQL's codes for a server going down or out of room; SQLite's extended I/O codes.
        for code in ["57P01", "57P03", "53100", "08006"] {
            assert!(postgres_unavailable(code), "{code}");
        }
        for code in ["23505", "42P01", "40001"] {
            assert!(!postgres_unavailable(code), "{code}");
        }
        assert!(sqlite_unavailable(778) && sqlite_unavailable(13) && sqlite_unavailable(1032), "IOERR_WRITE, FULL, READONLY_DBMOVED");
        assert!(!sqlite_unavailable(19) && !sqlite_unavailable(2067) && !sqlite_unavailable(1), "constraints and SQL errors");
    }
}
