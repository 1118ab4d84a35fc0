//! Public participation: what a moderator decides about an idea or comment,
//! how text is masked before it is published, and the signed cookie that
//! lets an anonymous visitor support an idea once.

use super::personal_data::{self, PersonalDataKind};
use unicode_normalization::UnicodeNormalization;

/// Where an idea or comment stands in moderation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModerationState {
    Pending,
    Approved,
    Rejected,
    /// Hidden by the public's flags until a moderator looks again.
    Hidden,
}

impl ModerationState {
    pub fn as_str(self) -> &'static str {
        match self {
            ModerationState::Pending => "pending",
            ModerationState::Approved => "approved",
            ModerationState::Rejected => "rejected",
            ModerationState::Hidden => "hidden",
        }
    }

    pub fn parse(s: &str) -> Option<ModerationState> {
        [ModerationState::Pending, ModerationState::Approved, ModerationState::Rejected, ModerationState::Hidden].into_iter().find(|m| m.as_str() == s)
    }
}

/// Why a moderator does not publish something; the resident is told.
pub const REJECT_REASONS: [&str; 5] = ["personal_data", "offensive", "not_an_idea", "duplicate", "other"];

/// Why a visitor flags something.
pub const FLAG_REASONS: [&str; 4] = ["personal_data", "offensive", "spam", "other"];

/// What masked text is replaced by, in the language of the text (from the
/// translation layer: `mask.*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaskLabels {
    pub national_id: String,
    pub phone: String,
    pub email: String,
    pub name: String,
}

impl MaskLabels {
    fn for_kind(&self, kind: PersonalDataKind) -> &str {
        match kind {
            PersonalDataKind::NationalId => &self.national_id,
            PersonalDataKind::Phone => &self.phone,
            PersonalDataKind::Email => &self.email,
        }
    }
}

/// Names a moderator marked, parsed from a comma- or line-separated list.
pub fn parse_names(text: &str) -> Vec<String> {
    text.split([',', '\n']).map(str::trim).filter(|n| n.chars().count() >= 2).map(str::to_string).collect()
}

fn fold(text: &str) -> String {
    text.nfc().flat_map(char::to_lowercase).collect()
}

/// `text` with the personal data found and the marked `names` replaced by
/// labels: the proposal a moderator starts from. Names match whole words,
/// ignoring case.
pub fn mask_for_publication(text: &str, names: &[String], labels: &MaskLabels) -> String {
    let masked = personal_data::mask(text, |kind| labels.for_kind(kind).to_string());
    names.iter().fold(masked, |acc, name| replace_word(&acc, name, &labels.name))
}

/// Replaces whole-word, case-insensitive occurrences of `word`.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let wanted = fold(word);
    if wanted.is_empty() {
        return text.to_string();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let start = chars[i].0;
        let at_word_start = i == 0 || !chars[i - 1].1.is_alphanumeric();
        if at_word_start {
            let mut end_index = i;
            let mut candidate = String::new();
            while end_index < chars.len() && candidate.chars().count() < wanted.chars().count() {
                candidate.extend(chars[end_index].1.to_lowercase());
                end_index += 1;
            }
            let at_word_end = end_index == chars.len() || !chars[end_index].1.is_alphanumeric();
            if candidate == wanted && at_word_end {
                out.push_str(with);
                i = end_index;
                continue;
            }
        }
        let next = chars.get(i + 1).map(|c| c.0).unwrap_or(text.len());
        out.push_str(&text[start..next]);
        i += 1;
    }
    out
}

/// A piece of text, marked when it is personal data (for highlighting).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub personal: Option<PersonalDataKind>,
}

/// `text` cut into plain and personal-data segments, in order.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut last = 0;
    for finding in personal_data::scan(text) {
        if finding.range.start > last {
            out.push(Segment { text: text[last..finding.range.start].to_string(), personal: None });
        }
        out.push(Segment { text: text[finding.range.clone()].to_string(), personal: Some(finding.kind) });
        last = finding.range.end;
    }
    if last < text.len() {
        out.push(Segment { text: text[last..].to_string(), personal: None });
    }
    out
}

/// An anonymous visitor's cookie (supporting ideas, answering surveys): a
/// random id and its HMAC under the server's secret, so a visitor cannot
/// mint ids to support or answer many times. Only a hash of the id is stored.
pub struct VisitorCookie;

impl VisitorCookie {
    fn signature(secret: &[u8], id: &str) -> String {
        // The original label: changing it would void the cookies already issued.
        let mac = crate::token::hmac_sha256(secret, &[b"innspill supporter\0", id.as_bytes()]);
        crate::token::sha256_hex(&mac)[..32].to_string()
    }

    /// A new cookie value.
    #[cfg(feature = "ssr")]
    pub fn issue(secret: &[u8]) -> String {
        let id = crate::token::random_token();
        format!("{id}.{}", Self::signature(secret, &id))
    }

    /// The hash to store for a valid cookie value; `None` for a forged or broken one.
    pub fn verify(secret: &[u8], value: &str) -> Option<String> {
        let (id, signature) = value.split_once('.')?;
        if id.len() != 43 || signature.len() != 32 {
            return None;
        }
        let expected = Self::signature(secret, id);
        // Constant-time enough for a 32-character comparison of hex digits.
        let same = expected.bytes().zip(signature.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        same.then(|| crate::token::sha256_hex(id.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> MaskLabels {
        MaskLabels { national_id: "[fødselsnummer]".into(), phone: "[telefon]".into(), email: "[e-post]".into(), name: "[navn]".into() }
    }

    #[test]
    fn masking_hides_personal_data_and_marked_names_only() {
        let text = "Kari Nordmann (tlf 912 34 567, kari@eksempel.no) sier at Kari-gården trenger benker. Fnr 01017012345.";
        let masked = mask_for_publication(text, &parse_names("Kari Nordmann, kari"), &labels());
        assert_eq!(masked, "[navn] (tlf [telefon], [e-post]) sier at [navn]-gården trenger benker. Fnr [fødselsnummer].");
        // Whole words only: "Karianne" stays.
        assert_eq!(mask_for_publication("Karianne og KARI", &parse_names("kari"), &labels()), "Karianne og [navn]");
        assert_eq!(parse_names(" a ,\nOla Nordmann,, "), vec!["Ola Nordmann".to_string()]);
    }

    #[test]
    fn segments_mark_what_the_scanner_found() {
        let segments = segments("Ring 912 34 567 i dag");
        assert_eq!(segments.len(), 3);
        assert_eq!(segments[1].personal, Some(PersonalDataKind::Phone));
        assert_eq!(segments.iter().map(|s| s.text.as_str()).collect::<String>(), "Ring 912 34 567 i dag");
    }

    #[test]
    fn supporter_cookies_are_signed() {
        let value = VisitorCookie::issue(b"secret");
        let hash = VisitorCookie::verify(b"secret", &value).expect("valid");
        assert_eq!(VisitorCookie::verify(b"secret", &value), Some(hash));
        assert_eq!(VisitorCookie::verify(b"other", &value), None);
        let forged = format!("{}.{}", &value[..43], "0".repeat(32));
        assert_eq!(VisitorCookie::verify(b"secret", &forged), None);
        assert_eq!(VisitorCookie::verify(b"secret", "junk"), None);
    }
}

/// What a moderator decides about an idea.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdeaDecision {
    /// Publish with this (masked, possibly edited) public text.
    Approve { title: String, body: String },
    /// Do not publish; `reason` is one of `REJECT_REASONS`, the note is for the resident.
    Reject { reason: &'static str, note: Option<String> },
}

/// What a moderator decides about a comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentDecision {
    Approve { body: String },
    Reject,
}

/// Something the public can flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagTarget {
    Idea(i64),
    Comment(i64),
}

impl FlagTarget {
    pub fn kind(self) -> &'static str {
        match self {
            FlagTarget::Idea(_) => "idea",
            FlagTarget::Comment(_) => "comment",
        }
    }

    pub fn id(self) -> i64 {
        match self {
            FlagTarget::Idea(id) | FlagTarget::Comment(id) => id,
        }
    }
}

/// One entry of the moderation queue.
#[derive(Clone, Debug)]
pub struct QueueEntry {
    pub target: FlagTarget,
    /// The idea the entry is (or whose comment it is).
    pub idea_id: i64,
    pub reference: String,
    pub excerpt: String,
    pub state: ModerationState,
    pub open_flags: i64,
    pub has_personal_data: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// An idea as the moderator sees it: the original and the public version.
#[derive(Clone, Debug)]
pub struct IdeaModeration {
    pub submission_id: i64,
    pub reference: String,
    pub title: String,
    pub body: String,
    pub public_title: Option<String>,
    pub public_body: Option<String>,
    pub state: ModerationState,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub official_answer: Option<String>,
    pub open_flags: Vec<String>,
    /// The language the resident wrote in; masking labels use it.
    pub locale: String,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
}

/// A comment as the moderator sees it.
#[derive(Clone, Debug)]
pub struct CommentModeration {
    pub id: i64,
    pub idea_id: i64,
    pub idea_title: String,
    pub body: String,
    pub public_body: Option<String>,
    pub state: ModerationState,
    pub open_flags: Vec<String>,
    /// The language the comment was written in; masking labels use it.
    pub locale: String,
}

/// The public list's filters and page.
#[derive(Clone, Debug, Default)]
pub struct PublicIdeaQuery {
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    /// Most supported first instead of newest.
    pub by_support: bool,
    /// 1-based.
    pub page: i64,
    pub per_page: i64,
}

/// How many characters of an idea's text the public list shows.
pub const EXCERPT_CHARS: usize = 240;

/// An approved idea as the public list shows it: only the approved text,
/// and whether the municipality has answered (not the answer itself).
#[derive(Clone, Debug)]
pub struct PublicIdeaSummary {
    pub id: i64,
    pub title: String,
    /// The start of the approved text: at most `EXCERPT_CHARS` + 1 characters,
    /// enough to tell whether the excerpt is the whole text.
    pub body_start: String,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub supports: i64,
    pub comments: i64,
    pub status: String,
    pub answered: bool,
    pub published_at: chrono::DateTime<chrono::Utc>,
}

/// An approved idea as the public sees it: only the approved text.
#[derive(Clone, Debug)]
pub struct PublicIdea {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub supports: i64,
    pub comments: i64,
    pub status: String,
    pub official_answer: Option<String>,
    pub published_at: chrono::DateTime<chrono::Utc>,
}

/// An approved comment.
#[derive(Clone, Debug)]
pub struct PublicComment {
    pub id: i64,
    pub body: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// A new comment, waiting for moderation.
#[derive(Clone, Debug)]
pub struct NewComment {
    pub idea_id: i64,
    pub locale: String,
    pub body: String,
    pub personal_data_flags: String,
    /// The form key's keyed hash (`IdempotencyKey::fingerprint`).
    pub idempotency_hash: String,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// "You said, we did": a summary staff published when closing an item.
#[derive(Clone, Debug)]
pub struct PublicSummary {
    pub summary: String,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub kind: String,
    pub at: chrono::DateTime<chrono::Utc>,
}
