//! Use cases: one function per thing a person does, under every way in.
//! An adapter (an HTML form, Open311, the JSON API) parses its
//! input into the domain's validated types and calls the use case, which
//! applies the rules, writes in one transaction (with the audit row and the
//! outbox intent) and says what happened. No rule lives in an adapter.
//!
//! Modules:

/// Administrators change teams, themes, areas, rules, accounts and templates.
pub mod administer;
/// A resident answers a consultation, once, while it is open.
pub mod answer;
/// Moderators write, publish, close and export consultations.
pub mod consult;
/// A member's inbox page: their teams', one team's, the triage and held queues.
pub mod inbox;
/// The department's insight: journey maps, hand-overs, scopes.
pub mod insight;
/// Staff act on an item: assign, status, reply, note, refer, triage, close, contact.
pub mod item;
/// API keys: issued, listed and revoked; a presented key checked.
pub mod keys;
/// Moderators publish or reject ideas and comments, and answer ideas.
pub mod moderate;
/// Open311 GeoReport v2: services, a client's post, tokens.
pub mod open311;
/// The public support, comment on and report ideas.
pub mod participate;
/// Personal data over its life: restrict, keep, anonymise, erase, retention, the audit log.
pub mod privacy;
/// Staff sign in and out; a request finds its signed-in member.
pub mod sign_in;
/// A resident sends a journey, a concern or an idea.
pub mod submit;
/// A resident follows their item and reopens it once.
pub mod track;
/// Webhooks: allowed prefixes, a staff system's registrations.
pub mod webhooks;
