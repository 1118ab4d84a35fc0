//! The Innspill server. Modules, in reading order:
// Leptos view types nest deeply; rendering the largest pages needs more room.
#![recursion_limit = "256"]

/// Settings from defaults, a TOML file and `INNSPILL_` environment variables.
pub mod config;
/// Structured logs (text or JSON) that never carry personal data.
pub mod telemetry;
/// Validated domain types: staff, passwords, teams, themes, areas.
pub mod domain;
/// The `Store` trait and its SQLite and PostgreSQL implementations.
pub mod store;
/// E-mail: the outbox worker, transports and the receipt.
pub mod mail;
/// Routes, middleware, page rendering and the one HTTP error type.
pub mod http;
/// `Application`: binds the listener and serves; shared by `main` and tests.
pub mod startup;
/// The demo configuration for Moss: teams, themes and areas.
pub mod demo;

/// Rendering a page makes many small allocations on several threads, where
/// glibc's allocator spends its time on locks; mimalloc does not (measured
/// by `tools/bench ideas`). Declared here, so the server, the bench and the
/// tests all run on the same allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
