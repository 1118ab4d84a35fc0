//! Consultations (surveys): what staff write (details and ordered questions
//! of five kinds), the phases a consultation goes through, how a resident's
//! answers are checked against the questions, and the results with their
//! CSV export. Questions are fixed once the first answer is in, so results
//! always describe the questions people actually saw.

use super::submission::{BoundedText, FieldError, TextLimits};
use chrono::{DateTime, NaiveDate, Utc};

/// Field errors keyed by form field name (question fields are `q<id>`).
pub type FieldErrors = Vec<(String, &'static str)>;

pub const TITLE_MAX_CHARS: usize = 150;
pub const INTRODUCTION_MAX_CHARS: usize = 4000;
pub const PROMPT_MAX_CHARS: usize = 500;
pub const OPTION_MAX_CHARS: usize = 150;
pub const MAX_OPTIONS: usize = 20;
pub const MAX_QUESTIONS: usize = 50;
pub const SHORT_TEXT_MAX_CHARS: usize = 200;
pub const LONG_TEXT_MAX_CHARS: usize = 4000;

/// The kinds of question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuestionKind {
    SingleChoice,
    MultipleChoice,
    /// 1 to 5; the options, if any, are the words for 1 and for 5.
    Scale,
    ShortText,
    LongText,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 5] =
        [QuestionKind::SingleChoice, QuestionKind::MultipleChoice, QuestionKind::Scale, QuestionKind::ShortText, QuestionKind::LongText];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::SingleChoice => "single_choice",
            QuestionKind::MultipleChoice => "multiple_choice",
            QuestionKind::Scale => "scale",
            QuestionKind::ShortText => "short_text",
            QuestionKind::LongText => "long_text",
        }
    }

    pub fn parse(s: &str) -> Option<QuestionKind> {
        QuestionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn has_choices(self) -> bool {
        matches!(self, QuestionKind::SingleChoice | QuestionKind::MultipleChoice)
    }

    pub fn is_text(self) -> bool {
        matches!(self, QuestionKind::ShortText | QuestionKind::LongText)
    }
}

/// A consultation's details as staff wrote them, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsultationDraft {
    pub title: String,
    pub introduction: String,
    pub owning_team_id: i64,
    pub area_ids: Vec<i64>,
    /// First day answers are taken (from midnight, Norwegian time).
    pub opens_on: NaiveDate,
    /// Last day answers are taken (until midnight, Norwegian time).
    pub closes_on: NaiveDate,
    /// The language title, introduction and questions are written in.
    pub locale: String,
}

/// The details form as typed (dates as `YYYY-MM-DD`, ids as text).
pub struct DraftInput<'a> {
    pub title: &'a str,
    pub introduction: &'a str,
    pub team_id: Option<i64>,
    pub area_ids: Vec<i64>,
    pub opens_on: &'a str,
    pub closes_on: &'a str,
    pub locale: &'a str,
}

fn text(field: &'static str, value: &str, required: bool, max_chars: usize, errors: &mut FieldErrors) -> Option<String> {
    match BoundedText::parse(field, value, TextLimits { required, max_chars }) {
        Ok(text) => Some(text.map(|t| t.as_str().to_string()).unwrap_or_default()),
        Err(FieldError { field, key }) => {
            errors.push((field.to_string(), key));
            None
        }
    }
}

fn date(field: &'static str, value: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        errors.push((field.to_string(), "validation.required"));
        return None;
    }
    match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            errors.push((field.to_string(), "validation.date"));
            None
        }
    }
}

impl ConsultationDraft {
    /// The team must be one that exists (the caller checks the id against the catalog).
    pub fn parse(input: DraftInput<'_>) -> Result<ConsultationDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = text("title", input.title, true, TITLE_MAX_CHARS, &mut errors);
        let introduction = text("introduction", input.introduction, true, INTRODUCTION_MAX_CHARS, &mut errors);
        if input.team_id.is_none() {
            errors.push(("team".into(), "validation.choose_one"));
        }
        let opens_on = date("opens_on", input.opens_on, &mut errors);
        let closes_on = date("closes_on", input.closes_on, &mut errors);
        if let (Some(opens), Some(closes)) = (opens_on, closes_on) {
            if closes < opens {
                errors.push(("closes_on".into(), "consultation.error.closes_before_opens"));
            }
        }
        match (title, introduction, input.team_id, opens_on, closes_on) {
            (Some(title), Some(introduction), Some(owning_team_id), Some(opens_on), Some(closes_on)) if errors.is_empty() => {
                Ok(ConsultationDraft { title, introduction, owning_team_id, area_ids: input.area_ids, opens_on, closes_on, locale: input.locale.to_string() })
            }
            _ => Err(errors),
        }
    }

    pub fn opens_at(&self) -> DateTime<Utc> {
        super::time::start_of_norwegian_day(self.opens_on)
    }

    /// Midnight after the last day.
    pub fn closes_at(&self) -> DateTime<Utc> {
        super::time::start_of_norwegian_day(self.closes_on.succ_opt().unwrap_or(self.closes_on))
    }
}

/// A question as staff wrote it, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionDraft {
    pub kind: QuestionKind,
    pub prompt: String,
    pub required: bool,
    /// Choices in order; for a scale, the words for 1 and 5 (or none).
    pub options: Vec<String>,
}

impl QuestionDraft {
    /// `options` is one choice per line.
    pub fn parse(kind: &str, prompt: &str, required: bool, options: &str) -> Result<QuestionDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = QuestionKind::parse(kind);
        if kind.is_none() {
            errors.push(("kind".into(), "validation.choose_one"));
        }
        let prompt = text("prompt", prompt, true, PROMPT_MAX_CHARS, &mut errors);
        let lines: Vec<String> = options.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
        if lines.iter().any(|l| l.chars().count() > OPTION_MAX_CHARS) {
            errors.push(("options".into(), "validation.too_long"));
        }
        if lines.iter().any(|l| l.chars().any(char::is_control)) {
            errors.push(("options".into(), "validation.control_characters"));
        }
        let options = match kind {
            Some(k) if k.has_choices() => {
                if lines.len() < 2 {
                    errors.push(("options".into(), "consultation.error.two_choices"));
                } else if lines.len() > MAX_OPTIONS {
                    errors.push(("options".into(), "consultation.error.too_many_choices"));
                } else if (1..lines.len()).any(|i| lines[..i].contains(&lines[i])) {
                    errors.push(("options".into(), "consultation.error.repeated_choice"));
                }
                lines
            }
            Some(QuestionKind::Scale) => {
                if !(lines.is_empty() || lines.len() == 2) {
                    errors.push(("options".into(), "consultation.error.scale_words"));
                }
                lines
            }
            _ => Vec::new(),
        };
        match (kind, prompt) {
            (Some(kind), Some(prompt)) if errors.is_empty() => Ok(QuestionDraft { kind, prompt, required, options }),
            _ => Err(errors),
        }
    }
}

/// Where a consultation is in its life, at a given moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Being written; only staff see it.
    Draft,
    /// Published, opening later.
    Upcoming,
    Open,
    Closed,
}

impl Phase {
    /// From the stored state (`draft`, `open` = published, `closed` = closed early) and the dates.
    pub fn of(state: &str, opens_at: DateTime<Utc>, closes_at: DateTime<Utc>, now: DateTime<Utc>) -> Phase {
        match state {
            "draft" => Phase::Draft,
            "closed" => Phase::Closed,
            _ if now < opens_at => Phase::Upcoming,
            _ if now >= closes_at => Phase::Closed,
            _ => Phase::Open,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Phase::Draft => "consultation.phase.draft",
            Phase::Upcoming => "consultation.phase.upcoming",
            Phase::Open => "consultation.phase.open",
            Phase::Closed => "consultation.phase.closed",
        }
    }
}

/// One choice of a question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionOption {
    pub id: i64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub id: i64,
    pub position: i64,
    pub kind: QuestionKind,
    pub prompt: String,
    pub required: bool,
    pub options: Vec<QuestionOption>,
}

impl Question {
    /// The form field for this question's answer.
    pub fn field(&self) -> String {
        format!("q{}", self.id)
    }
}

/// A consultation with its questions, as stored.
#[derive(Clone, Debug)]
pub struct Consultation {
    pub id: i64,
    pub slug: String,
    pub owning_team_id: i64,
    /// `draft`, `open` (published) or `closed` (closed early by staff).
    pub state: String,
    pub locale: String,
    pub title: String,
    pub introduction: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub results_published_at: Option<DateTime<Utc>>,
    pub area_ids: Vec<i64>,
    pub questions: Vec<Question>,
    pub responses: i64,
}

impl Consultation {
    pub fn phase(&self, now: DateTime<Utc>) -> Phase {
        Phase::of(&self.state, self.opens_at, self.closes_at, now)
    }

    /// Questions are fixed once anyone has answered.
    pub fn questions_locked(&self) -> bool {
        self.responses > 0
    }

    /// The public may see it: published (not a draft).
    pub fn is_public(&self) -> bool {
        self.state != "draft"
    }

    pub fn results_public(&self, now: DateTime<Utc>) -> bool {
        self.results_published_at.is_some() && self.phase(now) == Phase::Closed
    }

    /// The first and the last day answers are taken (Norwegian dates).
    pub fn days(&self) -> (NaiveDate, NaiveDate) {
        days(self.opens_at, self.closes_at)
    }
}

/// Opening and closing instants as the first and the last Norwegian day (the
/// close is the midnight after the last day).
fn days(opens_at: DateTime<Utc>, closes_at: DateTime<Utc>) -> (NaiveDate, NaiveDate) {
    (super::time::norway(opens_at).date_naive(), super::time::norway(closes_at - chrono::Duration::seconds(1)).date_naive())
}

/// A staff list row.
#[derive(Clone, Debug)]
pub struct ConsultationListing {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub state: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub results_published_at: Option<DateTime<Utc>>,
    pub owning_team_id: i64,
    pub responses: i64,
}

impl ConsultationListing {
    /// The first and the last day answers are taken (Norwegian dates).
    pub fn days(&self) -> (NaiveDate, NaiveDate) {
        days(self.opens_at, self.closes_at)
    }

    pub fn phase(&self, now: DateTime<Utc>) -> Phase {
        Phase::of(&self.state, self.opens_at, self.closes_at, now)
    }
}

/// One checked answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// One option (single choice) or several (multiple choice).
    Choices {
        question_id: i64,
        option_ids: Vec<i64>,
    },
    Scale {
        question_id: i64,
        value: i64,
    },
    Text {
        question_id: i64,
        text: String,
    },
}

impl Answer {
    pub fn text(&self) -> Option<&str> {
        match self {
            Answer::Text { text, .. } => Some(text),
            _ => None,
        }
    }
}

/// Checks a posted answer form (`(field, value)` pairs) against the
/// questions: required questions answered, choices only from the question's
/// options, scale values 1–5, texts within limits. Unanswered optional
/// questions give no answer.
pub fn check_answers(questions: &[Question], pairs: &[(String, String)]) -> Result<Vec<Answer>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut answers = Vec::new();
    for question in questions {
        let field = question.field();
        let values: Vec<&str> = pairs.iter().filter(|(k, _)| *k == field).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect();
        if values.is_empty() {
            if question.required {
                errors.push((field, if question.kind.is_text() { "validation.required" } else { "validation.choose_one" }));
            }
            continue;
        }
        match question.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                let ids: Option<Vec<i64>> = values.iter().map(|v| v.parse::<i64>().ok().filter(|id| question.options.iter().any(|o| o.id == *id))).collect();
                match ids {
                    Some(mut ids) if question.kind == QuestionKind::MultipleChoice || ids.len() == 1 => {
                        ids.sort_unstable();
                        ids.dedup();
                        answers.push(Answer::Choices { question_id: question.id, option_ids: ids });
                    }
                    _ => errors.push((field, "validation.choose_one")),
                }
            }
            QuestionKind::Scale => match values.as_slice() {
                [value] => match value.parse::<i64>() {
                    Ok(value) if (1..=5).contains(&value) => answers.push(Answer::Scale { question_id: question.id, value }),
                    _ => errors.push((field, "validation.choose_one")),
                },
                _ => errors.push((field, "validation.choose_one")),
            },
            QuestionKind::ShortText | QuestionKind::LongText => {
                let max_chars = if question.kind == QuestionKind::ShortText { SHORT_TEXT_MAX_CHARS } else { LONG_TEXT_MAX_CHARS };
                if values.len() != 1 {
                    errors.push((field, "validation.too_long"));
                    continue;
                }
                match BoundedText::parse("answer", values[0], TextLimits { required: false, max_chars }) {
                    Ok(Some(text)) => answers.push(Answer::Text { question_id: question.id, text: text.as_str().to_string() }),
                    Ok(None) => {}
                    Err(error) => errors.push((field, error.key)),
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// A resident's answer set, ready to store.
#[derive(Clone, Debug)]
pub struct NewResponse {
    pub consultation_id: i64,
    /// Hash of the respondent cookie, unique per consultation.
    pub respondent_hash: String,
    pub locale: String,
    pub personal_data_flags: String,
    /// The form key's keyed hash (`IdempotencyKey::fingerprint`).
    pub idempotency_hash: String,
    pub answers: Vec<Answer>,
    pub now: DateTime<Utc>,
}

/// What happened to an answer set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseOutcome {
    Stored,
    /// This person (or this form) has answered already; nothing changed.
    AlreadyAnswered,
    /// Not open for answers (closed meanwhile, or not published).
    NotOpen,
}

/// One stored answer, as read back for results and export.
#[derive(Clone, Debug)]
pub struct StoredAnswer {
    pub response_id: i64,
    pub question_id: i64,
    pub option_id: Option<i64>,
    pub scale_value: Option<i64>,
    pub text: Option<String>,
}

/// One stored answer set's heading (number, time, flags).
#[derive(Clone, Debug)]
pub struct StoredResponse {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub personal_data_flags: String,
}

/// How one question was answered.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionResult {
    pub question_id: i64,
    pub prompt: String,
    pub kind: QuestionKind,
    /// Answer sets that answered this question.
    pub answered: i64,
    /// For choices and scales: (label, count, percentage of `answered`).
    /// For a scale the labels are "1".."5" (with the end words, if any, added by the page).
    pub counts: Vec<(String, i64, f64)>,
    /// For texts: the newest answers read (at most the page's share), and
    /// whether the scanner found personal data in each.
    pub texts: Vec<(String, bool)>,
    /// Every written answer to this question, shown or not.
    pub text_total: i64,
}

/// All results of a consultation.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    pub responses: i64,
    pub questions: Vec<QuestionResult>,
}

/// What the database counted for a consultation's results, so a page never
/// reads every answer (the answer sets are counted with the consultation
/// itself): answer sets per question, answers per
/// option or scale value, written answers per question, and the newest
/// written answers up to a limit per question.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counted {
    /// (question, answer sets that answered it)
    pub answered: Vec<(i64, i64)>,
    /// (question, option, scale value, answers)
    pub choices: Vec<(i64, Option<i64>, Option<i64>, i64)>,
    /// (question, written answers)
    pub text_totals: Vec<(i64, i64)>,
    /// (question, text), newest first within a question
    pub texts: Vec<(i64, String)>,
}

/// Written answers a staff results page shows per question; the CSV has all.
pub const TEXTS_SHOWN: i64 = 100;

fn percentage(count: i64, of: i64) -> f64 {
    if of == 0 {
        0.0
    } else {
        (count as f64) * 100.0 / (of as f64)
    }
}

/// The results of each question, from the database's counts.
pub fn tally(questions: &[Question], responses: i64, counted: &Counted) -> Results {
    let count_for = |question: i64, option: Option<i64>, scale: Option<i64>| {
        counted.choices.iter().filter(|c| c.0 == question && c.1 == option && c.2 == scale).map(|c| c.3).sum::<i64>()
    };
    let per_question = |list: &[(i64, i64)], question: i64| list.iter().find(|(q, _)| *q == question).map(|(_, n)| *n).unwrap_or(0);
    let questions = questions
        .iter()
        .map(|q| {
            let answered = per_question(&counted.answered, q.id);
            let counts = match q.kind {
                QuestionKind::SingleChoice | QuestionKind::MultipleChoice => q
                    .options
                    .iter()
                    .map(|o| {
                        let count = count_for(q.id, Some(o.id), None);
                        (o.label.clone(), count, percentage(count, answered))
                    })
                    .collect(),
                QuestionKind::Scale => (1..=5)
                    .map(|value| {
                        let count = count_for(q.id, None, Some(value));
                        (value.to_string(), count, percentage(count, answered))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let texts =
                counted.texts.iter().filter(|(question, _)| *question == q.id).map(|(_, t)| (t.clone(), !super::personal_data::scan(t).is_empty())).collect();
            QuestionResult {
                question_id: q.id,
                prompt: q.prompt.clone(),
                kind: q.kind,
                answered,
                counts,
                texts,
                text_total: per_question(&counted.text_totals, q.id),
            }
        })
        .collect();
    Results { responses, questions }
}

/// A CSV cell: quoted, and a leading `=`, `+`, `-`, `@` (or tab/CR, which
/// spreadsheets also treat as formula starts) neutralised with a `'`, so
/// opening the export can never run a formula a resident typed.
pub fn csv_cell(value: &str) -> String {
    let neutral = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

/// The CSV's heading line: the answer set's number and time, then one
/// column per question.
pub fn csv_header(questions: &[Question], headings: [&str; 2]) -> String {
    let header: Vec<String> = headings.iter().map(|h| csv_cell(h)).chain(questions.iter().map(|q| csv_cell(&q.prompt))).collect();
    format!("{}\r\n", header.join(","))
}

/// One row per answer set (several choices joined by "; "), numbered from
/// `first_number`, time in UTC (RFC 3339). `answers` are ordered by answer
/// set, as the store reads them, so each row takes its answers in one pass.
pub fn csv_rows(questions: &[Question], first_number: usize, responses: &[StoredResponse], answers: &[StoredAnswer]) -> String {
    let mut out = String::new();
    let mut rest = answers;
    for (number, response) in responses.iter().enumerate() {
        // An answer set may have no answers (every question optional): then nothing is taken.
        let mine = match rest.iter().position(|a| a.response_id == response.id) {
            Some(start) => {
                let len = rest[start..].iter().take_while(|a| a.response_id == response.id).count();
                let (mine, after) = rest[start..].split_at(len);
                rest = after;
                mine
            }
            None => &[],
        };
        let mut row = vec![csv_cell(&(first_number + number).to_string()), csv_cell(&response.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))];
        for question in questions {
            let value = mine
                .iter()
                .filter(|a| a.question_id == question.id)
                .map(|a| {
                    if let Some(option) = a.option_id {
                        question.options.iter().find(|o| o.id == option).map(|o| o.label.clone()).unwrap_or_default()
                    } else if let Some(scale) = a.scale_value {
                        scale.to_string()
                    } else {
                        a.text.clone().unwrap_or_default()
                    }
                })
                .collect::<Vec<_>>()
                .join("; ");
            row.push(csv_cell(&value));
        }
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A URL-friendly name from a title: lower case ASCII letters and digits
/// joined by `-` (æ → ae, ø → o, å → a), at most 60 characters.
pub fn slugify(title: &str) -> String {
    let replaced: String = title
        .chars()
        .flat_map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'æ' => "ae".chars().collect::<Vec<_>>(),
            'ø' => vec!['o'],
            'å' => vec!['a'],
            other => vec![other],
        })
        .collect();
    let words = super::routing::fold_words(&replaced);
    let mut slug = String::new();
    for word in words.iter().map(|w| w.chars().filter(char::is_ascii_alphanumeric).collect::<String>()).filter(|w| !w.is_empty()) {
        if slug.len() + word.len() + 1 > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    if slug.is_empty() {
        "konsultasjon".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: i64, kind: QuestionKind, required: bool, options: &[(i64, &str)]) -> Question {
        Question {
            id,
            position: id,
            kind,
            prompt: format!("Q{id}"),
            required,
            options: options.iter().map(|(id, label)| QuestionOption { id: *id, label: label.to_string() }).collect(),
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn drafts_need_a_title_an_introduction_a_team_and_dates_in_order() {
        let input = |opens: &'static str, closes: &'static str| DraftInput {
            title: "Uteområdet på Jeløy",
            introduction: "Si hva du mener.",
            team_id: Some(1),
            area_ids: vec![2],
            opens_on: opens,
            closes_on: closes,
            locale: "nb",
        };
        let draft = ConsultationDraft::parse(input("2026-12-01", "2026-12-14")).unwrap();
        assert_eq!(draft.opens_at().to_rfc3339(), "2026-11-30T23:00:00+00:00");
        assert_eq!(draft.closes_at().to_rfc3339(), "2026-12-14T23:00:00+00:00");
        assert_eq!(
            ConsultationDraft::parse(input("2026-12-14", "2026-12-01")).unwrap_err(),
            vec![("closes_on".to_string(), "consultation.error.closes_before_opens")]
        );
        assert_eq!(
            ConsultationDraft::parse(input("14.12.2026", "")).unwrap_err(),
            vec![("opens_on".to_string(), "validation.date"), ("closes_on".to_string(), "validation.required")]
        );
        let empty = DraftInput { title: " ", introduction: "", team_id: None, area_ids: vec![], opens_on: "2026-12-01", closes_on: "2026-12-01", locale: "nb" };
        let fields: Vec<String> = ConsultationDraft::parse(empty).unwrap_err().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["title", "introduction", "team"]);
    }

    #[test]
    fn questions_check_their_choices() {
        assert!(QuestionDraft::parse("single_choice", "Hva?", true, "Ja\n\nNei\n").is_ok());
        assert_eq!(QuestionDraft::parse("single_choice", "Hva?", true, "Ja").unwrap_err(), vec![("options".to_string(), "consultation.error.two_choices")]);
        assert_eq!(
            QuestionDraft::parse("multiple_choice", "Hva?", true, "Ja\nJa").unwrap_err(),
            vec![("options".to_string(), "consultation.error.repeated_choice")]
        );
        assert_eq!(QuestionDraft::parse("scale", "Hvor?", false, "Lite").unwrap_err(), vec![("options".to_string(), "consultation.error.scale_words")]);
        assert_eq!(QuestionDraft::parse("scale", "Hvor?", false, "").unwrap().options.len(), 0);
        // Text questions ignore options.
        assert!(QuestionDraft::parse("long_text", "Fortell", false, "x\ny").unwrap().options.is_empty());
        assert_eq!(QuestionDraft::parse("essay", "", false, "").unwrap_err().len(), 2);
    }

    #[test]
    fn answers_are_checked_against_the_questions() {
        let questions = vec![
            question(1, QuestionKind::SingleChoice, true, &[(10, "Ja"), (11, "Nei")]),
            question(2, QuestionKind::MultipleChoice, false, &[(20, "A"), (21, "B"), (22, "C")]),
            question(3, QuestionKind::Scale, true, &[]),
            question(4, QuestionKind::ShortText, false, &[]),
        ];
        let good = check_answers(&questions, &pairs(&[("q1", "11"), ("q2", "22"), ("q2", "20"), ("q3", "4"), ("q4", " Benker ")])).unwrap();
        assert_eq!(
            good,
            vec![
                Answer::Choices { question_id: 1, option_ids: vec![11] },
                Answer::Choices { question_id: 2, option_ids: vec![20, 22] },
                Answer::Scale { question_id: 3, value: 4 },
                Answer::Text { question_id: 4, text: "Benker".into() },
            ]
        );
        // Missing required, an option of another question, two single choices, out-of-range scale, too long text.
        let long = "x".repeat(SHORT_TEXT_MAX_CHARS + 1);
        let errors = check_answers(&questions, &pairs(&[("q2", "10"), ("q3", "6"), ("q4", &long)])).unwrap_err();
        assert_eq!(
            errors,
            vec![
                ("q1".to_string(), "validation.choose_one"),
                ("q2".to_string(), "validation.choose_one"),
                ("q3".to_string(), "validation.choose_one"),
                ("q4".to_string(), "validation.too_long"),
            ]
        );
        assert_eq!(
            check_answers(&questions, &pairs(&[("q1", "10"), ("q1", "11"), ("q3", "1")])).unwrap_err(),
            vec![("q1".to_string(), "validation.choose_one")]
        );
        // Optional questions may stay empty.
        assert_eq!(check_answers(&questions, &pairs(&[("q1", "10"), ("q3", "1"), ("q4", "  ")])).unwrap().len(), 2);
    }

    #[test]
    fn tally_counts_and_percentages() {
        let questions = vec![question(1, QuestionKind::SingleChoice, true, &[(10, "Ja"), (11, "Nei")]), question(2, QuestionKind::Scale, false, &[])];
        let counted = Counted {
            answered: vec![(1, 3), (2, 1)],
            choices: vec![(1, Some(10), None, 2), (1, Some(11), None, 1), (2, None, Some(5), 1)],
            text_totals: vec![],
            texts: vec![],
        };
        let results = tally(&questions, 3, &counted);
        assert_eq!(results.responses, 3);
        assert_eq!(results.questions[0].answered, 3);
        assert_eq!(results.questions[0].counts[0].1, 2);
        assert!((results.questions[0].counts[0].2 - 66.666).abs() < 0.01);
        assert_eq!(results.questions[1].answered, 1);
        assert_eq!(results.questions[1].counts[4], ("5".to_string(), 1, 100.0));
        assert_eq!(results.questions[1].counts[0], ("1".to_string(), 0, 0.0));
    }

    #[test]
    fn tally_flags_written_answers_with_personal_data_and_keeps_the_total() {
        let questions = vec![question(4, QuestionKind::LongText, false, &[])];
        let counted = Counted {
            answered: vec![(4, 240)],
            choices: vec![],
            text_totals: vec![(4, 240)],
            texts: vec![(4, "Ring meg på 912 34 567".into()), (4, "Flere benker".into())],
        };
        let result = &tally(&questions, 250, &counted).questions[0];
        assert_eq!(result.text_total, 240);
        assert_eq!(result.texts, vec![("Ring meg på 912 34 567".to_string(), true), ("Flere benker".to_string(), false)]);
    }

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for start in ["+1", "-1", "@SUM(A1)", "\tx"] {
            assert!(csv_cell(start).starts_with("\"'"), "{start}");
        }
        assert_eq!(csv_cell("Vanlig tekst, med komma"), "\"Vanlig tekst, med komma\"");
        let questions = vec![question(1, QuestionKind::MultipleChoice, false, &[(10, "A"), (11, "B")]), question(2, QuestionKind::LongText, false, &[])];
        let responses = vec![StoredResponse { id: 7, at: "2026-11-27T10:00:00Z".parse().unwrap(), personal_data_flags: String::new() }];
        let answers = vec![
            StoredAnswer { response_id: 7, question_id: 1, option_id: Some(10), scale_value: None, text: None },
            StoredAnswer { response_id: 7, question_id: 1, option_id: Some(11), scale_value: None, text: None },
            StoredAnswer { response_id: 7, question_id: 2, option_id: None, scale_value: None, text: Some("=1+1".into()) },
        ];
        let csv = format!("{}{}", csv_header(&questions, ["Nr.", "Tid"]), csv_rows(&questions, 1, &responses, &answers));
        assert_eq!(csv, "\"Nr.\",\"Tid\",\"Q1\",\"Q2\"\r\n\"1\",\"2026-11-27T10:00:00Z\",\"A; B\",\"'=1+1\"\r\n");
        // A later page numbers on; an answer set without answers gets empty cells.
        let at = "2026-11-28T09:30:00Z".parse().unwrap();
        let responses =
            vec![StoredResponse { id: 8, at, personal_data_flags: String::new() }, StoredResponse { id: 9, at, personal_data_flags: String::new() }];
        let answers = vec![StoredAnswer { response_id: 9, question_id: 2, option_id: None, scale_value: None, text: Some("Ja, takk".into()) }];
        assert_eq!(
            csv_rows(&questions, 501, &responses, &answers),
            "\"501\",\"2026-11-28T09:30:00Z\",\"\",\"\"\r\n\"502\",\"2026-11-28T09:30:00Z\",\"\",\"Ja, takk\"\r\n"
        );
    }

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(slugify("Uteområdet på Jeløy – hva ønsker dere?"), "uteomradet-pa-jeloy-hva-onsker-dere");
        assert_eq!(slugify("Ærlig talt"), "aerlig-talt");
        assert_eq!(slugify("???"), "konsultasjon");
    }
}
