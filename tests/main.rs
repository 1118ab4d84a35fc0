//! Innspill's integration suite: one test binary (linking many is slow).
//!
//! - `support`: `TestApp` (the real server on port 0, a fresh database per
//!   test) and the headless-Chromium harness with axe-core and the Nu checker.
//! - `store_conformance`: the whole `Store` API on SQLite and PostgreSQL.
//! - `schema_parity`: the two migration trees build the same schema.
//! - `http`: pages, language, errors, health, headers and CSRF over HTTP.
//! - `cli`: the binary itself: empty directory start, configuration errors.
//! - `browser`: every page in Chromium, JS on and off, axe and HTML checks.
//! - `workspace`: routing, staff sign-in, access, inboxes and item actions.
//! - `admin`: teams, themes, areas, rules, staff invitations, reply templates.
//! - `participation`: moderation, public ideas, supports, comments, flags, summaries.
//! - `consultation`: writing, answering, locking, results, export and publishing surveys.
//! - `insight`: the department's sums equal a recomputation; demo data at scale.
//! - `open311`: GeoReport v2 in XML and JSON, API keys, posts and their errors.
//! - `api`: the JSON API for staff systems, its OpenAPI document and schemathesis.
//! - `languages`: the residents' languages, right to left, staff pages in the staff languages.
//! - `help_requests`: the § 6 question on every form, intake routing, never published, the receipt.
//! - `webhooks`: allowed prefixes, registrations, signed deliveries and retries.
//!
//! PostgreSQL runs when TEST_DATABASE_URL names a server whose user may
//! create databases; with CI=true it must.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly on a broken precondition")]

mod support;

mod abuse;
mod admin;
mod api;
mod browser;
mod cli;
mod concern;
mod consultation;
mod help_requests;
mod hostile;
mod http;
mod idea;
mod insight;
mod journey;
mod languages;
mod mail;
mod open311;
mod operations;
mod participation;
mod privacy;
mod schema_parity;
mod store_conformance;
mod usecases;
mod webhooks;
mod workspace;
