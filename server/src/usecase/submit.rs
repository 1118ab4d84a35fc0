//! A resident sends a journey, a neighbour concern or an idea: the private
//! tracking token derived from the form's key, the personal-data scan of the
//! free text, routing and the reply deadline, the receipt intent when the
//! person gave an e-mail address, and one transaction in the store. The same
//! key sent again (a double click, a refresh) finds the first item.

use crate::store::{Store, StoreResult};
use domain::intake::{Catalog, Draft};
use domain::personal_data;
use domain::submission::{Contact, IdempotencyKey, NewSubmission, Receipt, TrackingToken};
use tokio::sync::Notify;

/// What sending needs from the running server.
pub struct Intake<'a> {
    pub store: &'a dyn Store,
    pub catalog: &'a Catalog,
    /// Derives tracking tokens from form keys.
    pub tracking_secret: &'a [u8],
    /// Prefix of receipt references, e.g. `MOSS`.
    pub reference_prefix: &'a str,
    /// Woken when a receipt is queued, so it goes out at once.
    pub mail_wakeup: &'a Notify,
}

/// The item sent: its reference and the token of its private tracking page.
#[derive(Debug)]
pub struct Submitted {
    pub id: i64,
    pub reference: String,
    pub tracking_token: TrackingToken,
    /// False when the key was seen before and the first item was returned.
    pub created: bool,
}

/// Stores the input, or finds the one sent before with the same key.
/// `locale` is the language the person wrote in and will be answered in.
pub async fn submit(intake: &Intake<'_>, draft: Draft, locale: &str, key: IdempotencyKey) -> StoreResult<Submitted> {
    let token = TrackingToken::derive(intake.tracking_secret, &key);
    let free_text = draft.free_text();
    let flags = personal_data::kinds(&free_text);
    let received_at = chrono::Utc::now();
    let (routing, due_at) = draft.route(intake.catalog, &free_text, received_at);
    let receipt = match &draft.common.contact {
        Contact::Reachable { email: Some(email), .. } => Some(Receipt { recipient: email.clone(), locale: locale.to_string() }),
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
        locale: locale.to_string(),
        title: draft.title,
        body: draft.body,
        personal_data_flags: flags.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(","),
        contact: draft.common.contact,
        idempotency_key: key,
        tracking_token_hash: token.hash(),
        reference_prefix: intake.reference_prefix.to_string(),
        received_at,
        routing,
        due_at,
        search_text: free_text,
    };
    let created = intake.store.create_submission(&submission).await?;
    if created.created && submission.receipt.is_some() {
        intake.mail_wakeup.notify_one();
    }
    tracing::info!(submission_id = created.id, kind = submission.kind.as_str(), created = created.created, "input received");
    Ok(Submitted { id: created.id, reference: created.reference, tracking_token: token, created: created.created })
}
