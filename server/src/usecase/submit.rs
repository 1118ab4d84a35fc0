//! A resident sends a journey, a neighbour concern or an idea: the limit
//! per sender, the personal-data scan of the free text, routing and the
//! reply deadline, the receipt intent when the person gave an e-mail
//! address (at most a few a day to one address), and one transaction in
//! the store. The same form key sent again (a double click, a refresh)
//! finds the first item. A post that looked automated is held: stored for a
//! moderator, owned by no team, mailing nobody — never silently dropped.

use crate::config::SubmissionLimits;
use crate::keys::SigningKey;
use crate::store::{Store, StoreError};
use domain::intake::{Catalog, Draft};
use domain::personal_data;
use domain::submission::{ApiOrigin, Contact, HeldReason, IdempotencyKey, NewSubmission, Receipt, TrackingToken};
use domain::token::{hex, hmac_sha256};
use tokio::sync::Notify;

/// The window of the per-sender limit.
pub const SENDER_WINDOW: chrono::Duration = chrono::Duration::hours(1);

/// What sending needs from the running server.
pub struct Intake<'a> {
    pub store: &'a dyn Store,
    pub catalog: &'a Catalog,
    /// Prefix of receipt references, e.g. `MOSS`.
    pub reference_prefix: &'a str,
    /// Woken when a receipt is queued, so it goes out at once.
    pub mail_wakeup: &'a Notify,
    pub limits: &'a SubmissionLimits,
    /// Count the per-sender limit in the database too: several instances
    /// share one PostgreSQL database and must agree (a SQLite file has one
    /// process, whose in-process buckets already count every post).
    pub count_in_database: bool,
    /// Keys the hashes of receipt addresses.
    pub secret: &'a [u8],
    /// The team that takes requests for help (§ 6), when it exists and is active.
    pub help_intake_team: Option<i64>,
}

/// The form key that came with the post, and the server key that signed it.
pub struct FormKey<'a> {
    pub key: &'a IdempotencyKey,
    pub signer: &'a SigningKey,
}

/// Who sent the post, as far as limits and holding need to know.
pub struct Sender<'a> {
    /// The keyed hash of the client's address (see `http::limits`).
    pub client: &'a str,
    /// Set when the adapter saw the signs of a script.
    pub held: Option<HeldReason>,
}

/// What happened to the receipt mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiptMail {
    /// No address given, or the post is held.
    NotAsked,
    Queued,
    /// This address has had its receipts for the day: none was queued.
    Withheld,
}

/// The item sent: its reference and the token of its private tracking page.
#[derive(Debug)]
pub struct Submitted {
    pub id: i64,
    pub reference: String,
    pub tracking_token: TrackingToken,
    /// False when the key was seen before and the first item was returned.
    pub created: bool,
    pub receipt: ReceiptMail,
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// This sender has sent its items for the hour.
    #[error("over the hourly limit for one sender")]
    Limited,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The active team with `slug`, which takes requests for help (the setting `help.intake_team`).
pub fn help_intake_team(catalog: &Catalog, slug: &str) -> Option<i64> {
    catalog.teams.iter().find(|t| t.active && t.slug.as_str() == slug).map(|t| t.id)
}

/// The limit key of a receipt address: a keyed hash of it, lower-cased.
fn receipt_key(secret: &[u8], address: &str) -> String {
    let hash = hmac_sha256(secret, &[b"receipt address\0", address.to_lowercase().as_bytes()]);
    format!("receipt:{}", hex(&hash[..16]))
}

/// Stores the input, or finds the one sent before with the same key.
/// `locale` is the language the person wrote in and will be answered in.
pub async fn submit(intake: &Intake<'_>, draft: Draft, locale: &str, form_key: FormKey<'_>, sender: Sender<'_>) -> Result<Submitted, SubmitError> {
    submit_from(intake, draft, locale, form_key, sender, None).await
}

/// As `submit`, for an item that came through Open311 (`api`).
pub async fn submit_from(
    intake: &Intake<'_>,
    draft: Draft,
    locale: &str,
    form_key: FormKey<'_>,
    sender: Sender<'_>,
    api: Option<ApiOrigin>,
) -> Result<Submitted, SubmitError> {
    let received_at = chrono::Utc::now();
    if intake.count_in_database && intake.store.rate_limited(sender.client, received_at, SENDER_WINDOW, intake.limits.per_address_per_hour).await? {
        return Err(SubmitError::Limited);
    }
    let seed = form_key.key.fingerprint(form_key.signer.secret());
    let token = TrackingToken::derive(form_key.signer.secret(), &seed);
    let free_text = draft.free_text();
    let flags = personal_data::kinds(&free_text);
    let (routing, due_at) = draft.route(intake.catalog, &free_text, received_at);
    // A request for help goes to intake, whatever the rules say: it is a case
    // to decide, not feedback. A held post stays held (a moderator releases it).
    let routing = match (sender.held, draft.common.requests_help, intake.help_intake_team) {
        (Some(_), ..) => routing.held(),
        (None, true, Some(team)) => domain::routing::Routed::for_help_request(team),
        _ => routing,
    };
    // The store counts the address's daily limit as it stores the item.
    let receipt = match &draft.common.contact {
        Contact::Reachable { email: Some(email), .. } if sender.held.is_none() => Some(Receipt {
            recipient: email.clone(),
            locale: locale.to_string(),
            limit_key: receipt_key(intake.secret, email.as_str()),
            per_window: intake.limits.receipts_per_address_per_day,
        }),
        _ => None,
    };
    let submission = NewSubmission {
        receipt,
        kind: draft.kind,
        detail: draft.detail,
        address: draft.address,
        theme_id: draft.common.theme_id,
        area_id: draft.common.area_id,
        submitter_kind: draft.common.submitter,
        organisation_name: draft.organisation,
        requests_help: draft.common.requests_help,
        locale: locale.to_string(),
        title: draft.title,
        body: draft.body,
        personal_data_flags: flags.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(","),
        contact: draft.common.contact,
        idempotency_hash: seed,
        token_key_id: form_key.signer.id().to_string(),
        tracking_token_hash: token.hash(),
        held: sender.held,
        reference_prefix: intake.reference_prefix.to_string(),
        received_at,
        routing,
        due_at,
        search_text: free_text,
        api,
    };
    let created = intake.store.create_submission(&submission).await?;
    if created.receipt_queued {
        intake.mail_wakeup.notify_one();
    }
    tracing::info!(
        submission_id = created.id,
        kind = submission.kind.as_str(),
        created = created.created,
        held = submission.held.map(|h| h.as_str()),
        "input received"
    );
    // A repeated post found the first item by the same fingerprint, which
    // is its seed: the same key derives the same link.
    Ok(Submitted {
        id: created.id,
        reference: created.reference,
        tracking_token: token,
        created: created.created,
        receipt: match (created.created, created.receipt_queued) {
            (true, true) => ReceiptMail::Queued,
            (true, false) if submission.receipt.is_some() => ReceiptMail::Withheld,
            _ => ReceiptMail::NotAsked,
        },
    })
}
