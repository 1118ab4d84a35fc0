//! The SQL of every aggregate, as plain functions and trait impls. This
//! module is compiled twice — as `store::sqlite::sql` and as
//! `store::postgres::sql` — with `Backend` and `Db` naming that backend's
//! store and sqlx database, so each query is written once and each backend
//! gets its own monomorphic code (sqlx's generic bounds cannot be gathered
//! in one trait). What differs between the databases is asked of
//! [`Dialect`](crate::store::dialect::Dialect), never tested here.

use super::{Backend, Db};

mod api;
mod catalog;
mod consultation;
mod inbox;
mod insight;
mod items;
mod outbox;
mod participation;
mod privacy;
mod staff;
mod store;
pub(super) mod submissions;
mod trail;
mod webhooks;
