//! Resident input: the validated parts every kind of submission shares.
//! Form handlers turn raw fields into these types; a failure names the
//! field and a translation key, so the form can show the error next to the
//! field in the person's language and keep what they typed.

use super::staff::Email;
pub use crate::text::{BoundedText, FieldError, TextLimits};
#[cfg(feature = "ssr")]
pub use crate::token::random_token;
pub use crate::token::{sha256_hex, IdempotencyKey, TrackingToken};
pub use crate::vocabulary::{Channel, ConcernKind, Feeling, HeldReason, InputKind, JourneyGoal, JourneyResult, OnBehalf, SubmitterKind};

/// A Norwegian phone number, stored as eight digits (after +47/0047).
#[derive(Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, &'static str> {
        let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
        let national = compact.strip_prefix("+47").or_else(|| compact.strip_prefix("0047")).unwrap_or(&compact);
        let ok = national.len() == 8 && national.chars().all(|c| c.is_ascii_digit()) && national.starts_with(['2', '3', '4', '5', '6', '7', '8', '9']);
        if ok {
            Ok(Phone(national.to_string()))
        } else {
            Err("validation.phone_invalid")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Phone numbers are personal data: `Debug` shows only the last two digits.
impl std::fmt::Debug for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Phone(******{})", &self.0[6..])
    }
}

/// How the resident can be reached: nothing at all (anonymous), or an
/// e-mail address and/or a phone number given with consent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contact {
    Anonymous,
    Reachable { email: Option<Email>, phone: Option<Phone> },
}

impl Contact {
    /// `wants_contact` is the form's choice; consent must be ticked when it is.
    pub fn parse(wants_contact: bool, email: &str, phone: &str, consent: bool) -> Result<Contact, Vec<FieldError>> {
        if !wants_contact {
            return Ok(Contact::Anonymous);
        }
        let mut errors = Vec::new();
        let email = match email.trim() {
            "" => None,
            given => Email::parse(given).map_err(|_| errors.push(FieldError::new("email", "validation.email_invalid"))).ok(),
        };
        let phone = match phone.trim() {
            "" => None,
            given => Phone::parse(given).map_err(|key| errors.push(FieldError::new("phone", key))).ok(),
        };
        if email.is_none() && phone.is_none() && errors.is_empty() {
            errors.push(FieldError::new("email", "validation.contact_missing"));
        }
        if !consent {
            errors.push(FieldError::new("consent", "validation.consent_required"));
        }
        if errors.is_empty() {
            Ok(Contact::Reachable { email, phone })
        } else {
            Err(errors)
        }
    }
}

/// The version of the consent text a resident agreed to; stored with the contact.
pub const CONSENT_VERSION: &str = "2026-11";

/// What only one kind of input has.
#[derive(Clone, Debug)]
pub enum SubmissionDetail {
    Idea,
    Concern { concern_kind: ConcernKind, occurred: Option<BoundedText>, ongoing: bool, on_behalf: OnBehalf },
    Journey { goal: JourneyGoal, result: JourneyResult, what_would_have_helped: Option<BoundedText>, steps: Vec<NewJourneyStep> },
}

/// One validated step of a user journey.
#[derive(Clone, Debug)]
pub struct NewJourneyStep {
    /// `None` when the person chose "another service" or "don't know".
    pub team_id: Option<i64>,
    /// `team`, `other` or `unknown`.
    pub team_choice: &'static str,
    pub channel: Channel,
    pub what_happened: BoundedText,
    pub feeling: Feeling,
    pub went_wrong: bool,
}

/// A validated submission, ready to store.
#[derive(Clone, Debug)]
pub struct NewSubmission {
    pub kind: InputKind,
    pub detail: SubmissionDetail,
    /// Free address text ("by the playground"), for concerns.
    pub address: Option<BoundedText>,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub submitter_kind: SubmitterKind,
    pub organisation_name: Option<BoundedText>,
    /// A request for help (§ 6): owned by the intake team, an idea never published.
    pub requests_help: bool,
    pub locale: String,
    pub title: Option<BoundedText>,
    /// The main free text; a journey's lives in its steps, so it may be empty.
    pub body: Option<BoundedText>,
    /// Kinds of personal data found in the free text, comma-separated.
    pub personal_data_flags: String,
    pub contact: Contact,
    /// The form key's keyed hash (`IdempotencyKey::fingerprint`): finds a
    /// repeated post, and is the seed the tracking token is derived from.
    pub idempotency_hash: String,
    /// Which of the server's keys signed the form key and derives the token.
    pub token_key_id: String,
    pub tracking_token_hash: String,
    /// Set when the post looked automated: the item waits for a moderator,
    /// owned by no team, and mails nobody.
    pub held: Option<HeldReason>,
    pub reference_prefix: String,
    pub received_at: chrono::DateTime<chrono::Utc>,
    /// The receipt to queue in the same transaction. The outbox keeps only
    /// this intent; the mail is written (reference, private link) when sent.
    pub receipt: Option<Receipt>,
    /// Which teams own the item, or the triage queue, and why.
    pub routing: super::routing::Routed,
    /// When the first public reply is due (received + the theme's target).
    pub due_at: chrono::DateTime<chrono::Utc>,
    /// All free text in one string, for the staff's full-text search.
    pub search_text: String,
    /// Set when the item came through Open311.
    pub api: Option<ApiOrigin>,
}

/// An item posted through Open311: with which key, the token the client
/// follows it by, and the coordinates the client gave.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiOrigin {
    pub key_id: i64,
    pub token: String,
    pub coordinates: Option<crate::open311::Coordinates>,
}

/// A receipt to send: to whom and in which language, and the daily limit
/// of its address, which the store counts in the submission's own
/// transaction (no write of its own per post).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub recipient: Email,
    pub locale: String,
    /// The keyed hash of the address the limit counts under.
    pub limit_key: String,
    /// Receipts this address may get in [`RECEIPT_WINDOW`].
    pub per_window: i64,
}

/// The window of the receipts-per-address limit.
pub const RECEIPT_WINDOW: chrono::Duration = chrono::Duration::days(1);

/// What storing a submission returned. `created` is false when the
/// idempotency key was seen before: the earlier item is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedSubmission {
    pub id: i64,
    pub reference: String,
    pub created: bool,
    /// A receipt was queued: a new item whose address had receipts left.
    pub receipt_queued: bool,
}

/// A submission as the resident's tracking page shows it: no contact details.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubmissionSummary {
    pub id: i64,
    pub reference: String,
    pub kind: InputKind,
    pub status: String,
    pub title: Option<String>,
    pub body: String,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub submitter_kind: String,
    pub locale: String,
    /// For staff only; never shown to the resident or the public.
    pub personal_data_flags: String,
    pub address: Option<String>,
    /// For concerns: the kind, e.g. `noise`.
    pub concern_kind: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A human reference such as `MOSS-2026-00042`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference(String);

impl Reference {
    pub fn new(prefix: &str, year: i32, number: i64) -> Reference {
        Reference(format!("{prefix}-{year}-{number:05}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_phone_numbers_are_normalised() {
        for input in ["912 34 567", "+47 912 34 567", "0047 91234567", "69-24-10-00"] {
            assert!(Phone::parse(input).is_ok(), "{input}");
        }
        assert_eq!(Phone::parse("+47 912 34 567").unwrap().as_str(), "91234567");
        for input in ["112", "12345678", "9123456", "912345678", "+46 70 123 45 67", "abcdefgh"] {
            assert!(Phone::parse(input).is_err(), "{input}");
        }
        assert_eq!(format!("{:?}", Phone::parse("91234567").unwrap()), "Phone(******67)");
    }

    #[test]
    fn contact_is_anonymous_or_reachable_with_consent() {
        assert_eq!(Contact::parse(false, "ignored", "", false).unwrap(), Contact::Anonymous);
        assert!(matches!(Contact::parse(true, "kari@eksempel.no", "", true), Ok(Contact::Reachable { email: Some(_), phone: None })));
        let errors = Contact::parse(true, "", "", false).unwrap_err();
        assert_eq!(errors, [FieldError::new("email", "validation.contact_missing"), FieldError::new("consent", "validation.consent_required")]);
        let errors = Contact::parse(true, "kari@", "123", true).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), ["email", "phone"]);
    }

    #[test]
    fn references_are_zero_padded() {
        assert_eq!(Reference::new("MOSS", 2026, 42).as_str(), "MOSS-2026-00042");
    }
}
