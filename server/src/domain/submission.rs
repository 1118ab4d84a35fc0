//! Resident input: the validated parts every kind of submission shares.
//! Form handlers turn raw fields into these types; a failure names the
//! field and a translation key, so the form can show the error next to the
//! field in the person's language and keep what they typed.

use super::staff::Email;
use rand::RngCore;

/// A field's validation failure: which field, and the text key explaining it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
}

impl FieldError {
    pub fn new(field: &'static str, key: &'static str) -> Self {
        FieldError { field, key }
    }
}

/// Free text with limits in characters and bytes. Stored verbatim (HTML
/// included; it is escaped when shown), with surrounding whitespace trimmed
/// and line breaks normalised to `\n`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoundedText(String);

/// Limits for one text field.
#[derive(Clone, Copy, Debug)]
pub struct TextLimits {
    pub required: bool,
    pub max_chars: usize,
}

impl TextLimits {
    /// Bytes allowed: 4 per character covers any UTF-8, combining marks and emoji.
    pub fn max_bytes(self) -> usize {
        self.max_chars * 4
    }
}

impl BoundedText {
    /// `Ok(None)` for an empty optional field.
    pub fn parse(field: &'static str, input: &str, limits: TextLimits) -> Result<Option<BoundedText>, FieldError> {
        let text = input.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim();
        if text.is_empty() {
            return if limits.required { Err(FieldError::new(field, "validation.required")) } else { Ok(None) };
        }
        if text.chars().count() > limits.max_chars || text.len() > limits.max_bytes() {
            return Err(FieldError::new(field, "validation.too_long"));
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(FieldError::new(field, "validation.control_characters"));
        }
        Ok(Some(BoundedText(text.to_string())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Norwegian phone number, stored as eight digits (after +47/0047).
#[derive(Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, &'static str> {
        let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
        let national = compact
            .strip_prefix("+47")
            .or_else(|| compact.strip_prefix("0047"))
            .unwrap_or(&compact);
        let ok = national.len() == 8
            && national.chars().all(|c| c.is_ascii_digit())
            && national.starts_with(['2', '3', '4', '5', '6', '7', '8', '9']);
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

/// The three ways to give input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Journey,
    Concern,
    Idea,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Journey => "journey",
            InputKind::Concern => "concern",
            InputKind::Idea => "idea",
        }
    }

    pub fn parse(s: &str) -> Option<InputKind> {
        [InputKind::Journey, InputKind::Concern, InputKind::Idea].into_iter().find(|k| k.as_str() == s)
    }
}

/// Who the resident says they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubmitterKind {
    Tenant,
    Applicant,
    Neighbour,
    Cooperative,
    Volunteer,
    Other,
}

impl SubmitterKind {
    pub const ALL: [SubmitterKind; 6] = [
        SubmitterKind::Tenant,
        SubmitterKind::Applicant,
        SubmitterKind::Neighbour,
        SubmitterKind::Cooperative,
        SubmitterKind::Volunteer,
        SubmitterKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SubmitterKind::Tenant => "tenant",
            SubmitterKind::Applicant => "applicant",
            SubmitterKind::Neighbour => "neighbour",
            SubmitterKind::Cooperative => "cooperative",
            SubmitterKind::Volunteer => "volunteer",
            SubmitterKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<SubmitterKind> {
        SubmitterKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The hidden key a form carries so that a double click, a refresh or
/// back-and-resubmit creates one item: 128 random bits, base64url.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn generate() -> IdempotencyKey {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        IdempotencyKey(base64url(&bytes))
    }

    /// `None` for anything we did not issue: missing, wrong length or alphabet.
    pub fn parse(s: &str) -> Option<IdempotencyKey> {
        let ok = s.len() == 22 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| IdempotencyKey(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The version of the consent text a resident agreed to; stored with the contact.
pub const CONSENT_VERSION: &str = "2026-11";

/// What only one kind of input has.
#[derive(Clone, Debug)]
pub enum SubmissionDetail {
    Idea,
    Concern {
        /// One of `noise`, `unsafe`, `littering_damage`, `wellbeing`, `other`.
        concern_kind: &'static str,
        occurred: Option<BoundedText>,
        ongoing: bool,
        /// One of `self`, `cooperative`, `volunteer`, `landlord`.
        on_behalf: &'static str,
    },
    Journey {
        /// One of the goals in `app::pages::GOALS`.
        goal: &'static str,
        /// One of `got_help`, `still_waiting`, `gave_up`, `other`.
        result: &'static str,
        what_would_have_helped: Option<BoundedText>,
        steps: Vec<NewJourneyStep>,
    },
}

/// One validated step of a user journey.
#[derive(Clone, Debug)]
pub struct NewJourneyStep {
    /// `None` when the person chose "another service" or "don't know".
    pub team_id: Option<i64>,
    /// `team`, `other` or `unknown`.
    pub team_choice: &'static str,
    /// `in_person`, `phone`, `digital` or `letter`.
    pub channel: &'static str,
    pub what_happened: BoundedText,
    /// 1 (very bad) to 5 (very good).
    pub feeling: i64,
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
    pub locale: String,
    pub title: Option<BoundedText>,
    /// The main free text; a journey's lives in its steps, so it may be empty.
    pub body: Option<BoundedText>,
    /// Kinds of personal data found in the free text, comma-separated.
    pub personal_data_flags: String,
    pub contact: Contact,
    pub idempotency_key: IdempotencyKey,
    pub tracking_token_hash: String,
    pub reference_prefix: String,
    pub received_at: chrono::DateTime<chrono::Utc>,
    /// The receipt, queued in the same transaction. Built once the
    /// reference is known, so the store calls this with it.
    pub receipt: Option<ReceiptBuilder>,
    /// Which teams own the item, or the triage queue, and why.
    pub routing: super::routing::Routed,
    /// When the first public reply is due (received + the theme's target).
    pub due_at: chrono::DateTime<chrono::Utc>,
    /// All free text in one string, for the staff's full-text search.
    pub search_text: String,
}

/// Builds the receipt mail from the reference the store assigns.
#[derive(Clone)]
pub struct ReceiptBuilder(pub std::sync::Arc<dyn Fn(&str) -> crate::mail::OutgoingMail + Send + Sync>);

impl std::fmt::Debug for ReceiptBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReceiptBuilder")
    }
}

/// What storing a submission returned. `created` is false when the
/// idempotency key was seen before: the earlier item is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedSubmission {
    pub id: i64,
    pub reference: String,
    pub created: bool,
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

/// The private tracking token: 256 random bits, shown to the resident once
/// (in the receipt link) and stored only as its SHA-256 hash.
pub struct TrackingToken(String);

impl TrackingToken {
    pub fn generate() -> TrackingToken {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        TrackingToken(base64url(&bytes))
    }

    /// The token for the form submission with `key`: HMAC-SHA-256 under the
    /// server's secret. Deriving it (rather than drawing it at random) lets a
    /// repeated submission show the same receipt link, although only the
    /// token's hash is stored.
    pub fn derive(secret: &[u8], key: &IdempotencyKey) -> TrackingToken {
        use hmac::Mac;
        let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes keys of any length");
        mac.update(b"innspill tracking token\0");
        mac.update(key.as_str().as_bytes());
        TrackingToken(base64url(&mac.finalize().into_bytes()))
    }

    pub fn from_link(token: &str) -> TrackingToken {
        TrackingToken(token.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Hex SHA-256 of the token: what the database keeps and looks up by.
    pub fn hash(&self) -> String {
        sha256_hex(self.0.as_bytes())
    }
}

impl std::fmt::Debug for TrackingToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TrackingToken([redacted])")
    }
}

/// 256 random bits as 43 base64url characters (session ids and the like).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64url(&bytes)
}

fn base64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Hex SHA-256: how tokens are kept in the database.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: TextLimits = TextLimits { required: true, max_chars: 10 };

    #[test]
    fn text_is_trimmed_and_limited_in_characters() {
        assert_eq!(BoundedText::parse("body", "  hei  ", BODY).unwrap().unwrap().as_str(), "hei");
        assert_eq!(BoundedText::parse("body", "   ", BODY).unwrap_err(), FieldError::new("body", "validation.required"));
        assert_eq!(BoundedText::parse("body", "", TextLimits { required: false, ..BODY }).unwrap(), None);
        assert_eq!(BoundedText::parse("body", "12345678901", BODY).unwrap_err().key, "validation.too_long");
        // Ten characters of four bytes each are allowed; characters, not bytes, are what people count.
        assert!(BoundedText::parse("body", &"😀".repeat(10), BODY).is_ok());
    }

    #[test]
    fn html_right_to_left_and_combining_text_is_kept_verbatim() {
        let limits = TextLimits { required: true, max_chars: 200 };
        for text in ["</textarea><script>alert(1)</script>", "مرحبا بالعالم", "e\u{301}le\u{300}ve", "line one\nline two"] {
            assert_eq!(BoundedText::parse("body", text, limits).unwrap().unwrap().as_str(), text);
        }
        assert_eq!(BoundedText::parse("body", "a\r\nb", limits).unwrap().unwrap().as_str(), "a\nb");
        assert_eq!(BoundedText::parse("body", "a\u{0}b", limits).unwrap_err().key, "validation.control_characters");
    }

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

    #[test]
    fn derived_tokens_are_stable_per_key_and_secret() {
        let key = IdempotencyKey::generate();
        let other = IdempotencyKey::generate();
        assert_eq!(TrackingToken::derive(b"s1", &key).as_str(), TrackingToken::derive(b"s1", &key).as_str());
        assert_ne!(TrackingToken::derive(b"s1", &key).as_str(), TrackingToken::derive(b"s2", &key).as_str());
        assert_ne!(TrackingToken::derive(b"s1", &key).as_str(), TrackingToken::derive(b"s1", &other).as_str());
        assert_eq!(TrackingToken::derive(b"s1", &key).as_str().len(), 43);
    }

    #[test]
    fn idempotency_keys_we_did_not_issue_are_refused() {
        let key = IdempotencyKey::generate();
        assert_eq!(IdempotencyKey::parse(key.as_str()), Some(key));
        for bad in ["", "short", "this-key-is-way-too-long-to-be-ours", "aaaaaaaaaaaaaaaaaaaa<>"] {
            assert_eq!(IdempotencyKey::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn tracking_tokens_are_long_random_and_stored_hashed() {
        let a = TrackingToken::generate();
        let b = TrackingToken::generate();
        assert_ne!(a.as_str(), b.as_str());
        assert!(a.as_str().len() >= 43, "256 bits in base64url");
        assert_eq!(a.hash().len(), 64);
        assert_eq!(TrackingToken::from_link(a.as_str()).hash(), a.hash());
        assert!(!format!("{a:?}").contains(a.as_str()));
    }
}
