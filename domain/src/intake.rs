//! What a resident sends, from raw fields to a validated draft, whichever
//! way it came in (the web forms today, Open311 and the JSON API next):
//! every field is checked and every error collected, so the person sees them
//! all at once, each naming its field and a text key. Also which teams own
//! the new item and when its first reply is due.

use crate::routing::{route, Routed, RoutingInput, StepInput};
use crate::submission::{Contact, NewJourneyStep, SubmissionDetail};
use crate::text::{BoundedText, FieldError, TextLimits};
use crate::vocabulary::{Channel, ConcernKind, Feeling, InputKind, JourneyGoal, JourneyResult, OnBehalf, SubmitterKind};
use crate::{Area, Team, Theme};
use chrono::{DateTime, Utc};

/// Longest idea title, in characters.
pub const TITLE_MAX_CHARS: usize = 120;
/// Longest main text of an idea or concern, in characters.
pub const DESCRIPTION_MAX_CHARS: usize = 4000;
/// Longest address, time or organisation text of a concern.
const SHORT_TEXT_MAX_CHARS: usize = 200;
const ORGANISATION_MAX_CHARS: usize = 120;
/// Longest "what happened" of one journey step.
const STEP_MAX_CHARS: usize = 2000;
/// Response target when no theme says otherwise.
const DEFAULT_RESPONSE_TARGET_DAYS: i64 = 14;

/// The configuration input is checked against: teams, themes, areas and
/// routing rules, as the administrators keep them.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub teams: Vec<Team>,
    pub themes: Vec<Theme>,
    pub areas: Vec<Area>,
    pub rules: Vec<crate::routing::Rule>,
}

/// The raw answers every kind of input shares.
#[derive(Clone, Copy, Debug, Default)]
pub struct CommonFields<'a> {
    /// A theme slug, or empty for "don't know".
    pub theme: &'a str,
    /// An area slug, or empty.
    pub area: &'a str,
    pub submitter: &'a str,
    /// `anonymous` (or empty) or `contact`.
    pub contact: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    /// `yes` when consent is given.
    pub consent: &'a str,
    /// `yes` when the person needs help with their own housing (a request
    /// for help under the Housing-Social Act § 6); `no` or empty otherwise.
    pub needs_help: &'a str,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct IdeaFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub common: CommonFields<'a>,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct ConcernFields<'a> {
    pub concern_kind: &'a str,
    pub address: &'a str,
    pub occurred: &'a str,
    /// `yes` or `no`.
    pub ongoing: &'a str,
    pub description: &'a str,
    pub on_behalf: &'a str,
    pub organisation: &'a str,
    pub common: CommonFields<'a>,
}

/// One journey step as sent; `field` names its fields for errors
/// (`step-2-what`), so a form can put each error next to its field.
#[derive(Clone, Copy, Debug, Default)]
pub struct StepFields<'a> {
    /// A team slug, `other` or `unknown`.
    pub team: &'a str,
    pub channel: &'a str,
    pub what: &'a str,
    pub feeling: &'a str,
    pub went_wrong: bool,
}

#[derive(Clone, Debug, Default)]
pub struct JourneyFields<'a> {
    pub goal: &'a str,
    pub steps: Vec<StepFields<'a>>,
    pub result: &'a str,
    pub what_would_have_helped: &'a str,
    pub common: CommonFields<'a>,
}

/// The answers every kind shares, validated.
#[derive(Clone, Debug)]
pub struct Common {
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub submitter: SubmitterKind,
    pub contact: Contact,
    /// A request for help (§ 6): routed to the department's intake, never published.
    pub requests_help: bool,
}

/// A validated input, before the server adds its keys, flags and routing.
#[derive(Clone, Debug)]
pub struct Draft {
    pub kind: InputKind,
    pub detail: SubmissionDetail,
    pub common: Common,
    pub title: Option<BoundedText>,
    pub body: Option<BoundedText>,
    pub address: Option<BoundedText>,
    pub organisation: Option<BoundedText>,
}

impl Draft {
    /// All the free text a person wrote, one piece a line: what is scanned
    /// for personal data, matched by routing keywords and searched by staff.
    pub fn free_text(&self) -> String {
        let steps: Vec<&BoundedText> = match &self.detail {
            SubmissionDetail::Journey { steps, what_would_have_helped, .. } => {
                steps.iter().map(|step| &step.what_happened).chain(what_would_have_helped.as_ref()).collect()
            }
            _ => Vec::new(),
        };
        [self.title.as_ref(), self.body.as_ref(), self.address.as_ref(), self.organisation.as_ref()]
            .into_iter()
            .flatten()
            .chain(steps)
            .map(BoundedText::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Which teams own the new item (see `routing`) and when its first reply
    /// is due: the theme's response target, or the triage theme's when the
    /// resident did not know the theme.
    pub fn route(&self, catalog: &Catalog, text: &str, received_at: DateTime<Utc>) -> (Routed, DateTime<Utc>) {
        let theme = self.common.theme_id.and_then(|id| catalog.themes.iter().find(|t| t.id == id));
        let steps: Vec<StepInput> = match &self.detail {
            SubmissionDetail::Journey { steps, .. } => steps
                .iter()
                .zip(1..)
                .map(|(step, position)| StepInput { position, team_id: step.team_id, feeling: step.feeling.score(), went_wrong: step.went_wrong })
                .collect(),
            _ => Vec::new(),
        };
        let input = RoutingInput {
            kind: self.kind,
            theme_id: theme.map(|t| t.id),
            theme_unknown: theme.is_none_or(|t| t.is_triage),
            area_id: self.common.area_id,
            submitter: self.common.submitter,
            text,
            steps: &steps,
            journey_owner: catalog.teams.iter().find(|t| t.active && t.owns_journeys).map(|t| t.id),
        };
        let target_days = theme.or_else(|| catalog.themes.iter().find(|t| t.is_triage)).map(|t| t.response_target_days).unwrap_or(DEFAULT_RESPONSE_TARGET_DAYS);
        (route(&input, &catalog.rules), received_at + chrono::Duration::days(target_days))
    }
}

/// Checks an idea.
pub fn parse_idea(fields: &IdeaFields<'_>, catalog: &Catalog) -> Result<Draft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = text("title", fields.title, true, TITLE_MAX_CHARS, &mut errors);
    let description = text("description", fields.description, true, DESCRIPTION_MAX_CHARS, &mut errors);
    let common = parse_common(&fields.common, catalog, &mut errors);
    match (title, description, common) {
        (Some(title), Some(description), Some(common)) if errors.is_empty() => Ok(Draft {
            kind: InputKind::Idea,
            detail: SubmissionDetail::Idea,
            common,
            title: Some(title),
            body: Some(description),
            address: None,
            organisation: None,
        }),
        _ => Err(errors),
    }
}

/// Checks a neighbour concern.
pub fn parse_concern(fields: &ConcernFields<'_>, catalog: &Catalog) -> Result<Draft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let concern_kind = one_of("concern_kind", fields.concern_kind, ConcernKind::parse, &mut errors);
    let address = text("address", fields.address, false, SHORT_TEXT_MAX_CHARS, &mut errors);
    let occurred = text("occurred", fields.occurred, false, SHORT_TEXT_MAX_CHARS, &mut errors);
    let ongoing = one_of("ongoing", fields.ongoing, yes_or_no, &mut errors);
    let description = text("description", fields.description, true, DESCRIPTION_MAX_CHARS, &mut errors);
    let on_behalf = one_of("on_behalf", fields.on_behalf, OnBehalf::parse, &mut errors);
    let organisation = text("organisation", fields.organisation, false, ORGANISATION_MAX_CHARS, &mut errors);
    if matches!(on_behalf, Some(OnBehalf::Cooperative | OnBehalf::Volunteer)) && organisation.is_none() && !errors.iter().any(|e| e.field == "organisation") {
        errors.push(FieldError::new("organisation", "validation.organisation_required"));
    }
    let common = parse_common(&fields.common, catalog, &mut errors);
    match (concern_kind, ongoing, description, on_behalf, common) {
        (Some(concern_kind), Some(ongoing), Some(body), Some(on_behalf), Some(common)) if errors.is_empty() => Ok(Draft {
            kind: InputKind::Concern,
            detail: SubmissionDetail::Concern { concern_kind, occurred, ongoing, on_behalf },
            common,
            title: None,
            body: Some(body),
            address,
            organisation: if on_behalf == OnBehalf::OwnBehalf { None } else { organisation },
        }),
        _ => Err(errors),
    }
}

/// Checks a user journey and each of its steps.
pub fn parse_journey(fields: &JourneyFields<'_>, catalog: &Catalog) -> Result<Draft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let goal = one_of("goal", fields.goal, JourneyGoal::parse, &mut errors);
    let mut steps = Vec::new();
    for (step, number) in fields.steps.iter().zip(1..) {
        let team = match step.team {
            "" => {
                errors.push(FieldError::new(step_field(number, "team"), "validation.choose_one"));
                None
            }
            "other" => Some((None, "other")),
            "unknown" => Some((None, "unknown")),
            slug => match catalog.teams.iter().find(|t| t.active && t.slug.as_str() == slug) {
                Some(team) => Some((Some(team.id), "team")),
                None => {
                    errors.push(FieldError::new(step_field(number, "team"), "validation.choose_from_list"));
                    None
                }
            },
        };
        let channel = one_of(step_field(number, "channel"), step.channel, Channel::parse, &mut errors);
        let what = text(step_field(number, "what"), step.what, true, STEP_MAX_CHARS, &mut errors);
        let feeling = one_of(step_field(number, "feeling"), step.feeling, Feeling::parse, &mut errors);
        if let (Some((team_id, team_choice)), Some(channel), Some(what_happened), Some(feeling)) = (team, channel, what, feeling) {
            steps.push(NewJourneyStep { team_id, team_choice, channel, what_happened, feeling, went_wrong: step.went_wrong });
        }
    }
    let result = one_of("result", fields.result, JourneyResult::parse, &mut errors);
    let helped = text("what_would_have_helped", fields.what_would_have_helped, false, DESCRIPTION_MAX_CHARS, &mut errors);
    // The area is where the person lives, if they chose to say.
    let common = parse_common(&fields.common, catalog, &mut errors);
    match (goal, result, common) {
        (Some(goal), Some(result), Some(common)) if errors.is_empty() => Ok(Draft {
            kind: InputKind::Journey,
            body: helped.clone(),
            detail: SubmissionDetail::Journey { goal, result, what_would_have_helped: helped, steps },
            common,
            title: None,
            address: None,
            organisation: None,
        }),
        _ => Err(errors),
    }
}

fn parse_common(fields: &CommonFields<'_>, catalog: &Catalog, errors: &mut Vec<FieldError>) -> Option<Common> {
    let mut pick = |field: &'static str, slug: &str, found: Option<i64>| -> Option<i64> {
        if !slug.is_empty() && found.is_none() {
            errors.push(FieldError::new(field, "validation.choose_from_list"));
        }
        found
    };
    let theme_id = pick("theme", fields.theme, catalog.themes.iter().find(|t| t.active && t.slug.as_str() == fields.theme).map(|t| t.id));
    let area_id = pick("area", fields.area, catalog.areas.iter().find(|a| a.active && a.slug.as_str() == fields.area).map(|a| a.id));
    let submitter = one_of("submitter", fields.submitter, SubmitterKind::parse, errors);
    let wants_contact = match fields.contact {
        "" | "anonymous" => Some(false),
        "contact" => Some(true),
        _ => {
            errors.push(FieldError::new("contact", "validation.choose_from_list"));
            None
        }
    };
    let contact = wants_contact.and_then(|wants| Contact::parse(wants, fields.email, fields.phone, fields.consent == "yes").map_err(|e| errors.extend(e)).ok());
    let requests_help = match fields.needs_help {
        "" => Some(false),
        value => yes_or_no(value).or_else(|| {
            errors.push(FieldError::new("needs_help", "validation.choose_from_list"));
            None
        }),
    };
    Some(Common { theme_id, area_id, submitter: submitter?, contact: contact?, requests_help: requests_help? })
}

/// One of a vocabulary's values (`parse` is its parser).
fn one_of<T>(field: &'static str, value: &str, parse: impl Fn(&str) -> Option<T>, errors: &mut Vec<FieldError>) -> Option<T> {
    if value.is_empty() {
        errors.push(FieldError::new(field, "validation.choose_one"));
        return None;
    }
    let found = parse(value);
    if found.is_none() {
        errors.push(FieldError::new(field, "validation.choose_from_list"));
    }
    found
}

fn yes_or_no(value: &str) -> Option<bool> {
    match value {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn text(field: &'static str, value: &str, required: bool, max_chars: usize, errors: &mut Vec<FieldError>) -> Option<BoundedText> {
    BoundedText::parse(field, value, TextLimits { required, max_chars }).map_err(|e| errors.push(e)).ok().flatten()
}

/// The name of a step's field, `step-N-field`, leaked once per (step, field):
/// at most 20 × 4 distinct names, so the leak is bounded; `FieldError` wants
/// `&'static str`.
pub fn step_field(number: usize, field: &str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let name = format!("step-{number}-{field}");
    let mut names = NAMES.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    names.entry(name.clone()).or_insert_with(|| Box::leak(name.into_boxed_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common() -> CommonFields<'static> {
        CommonFields { submitter: "tenant", ..CommonFields::default() }
    }

    #[test]
    fn an_idea_needs_a_title_a_description_and_who_you_are() {
        let errors = parse_idea(&IdeaFields::default(), &Catalog::default()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field, e.key)).collect();
        assert_eq!(fields, [("title", "validation.required"), ("description", "validation.required"), ("submitter", "validation.choose_one")]);
        let draft = parse_idea(&IdeaFields { title: "Benker", description: "I bakgården", common: common() }, &Catalog::default()).unwrap();
        assert_eq!(draft.kind, InputKind::Idea);
        assert_eq!(draft.free_text(), "Benker\nI bakgården");
    }

    #[test]
    fn a_request_for_help_is_read_from_yes_and_anything_odd_is_refused() {
        let fields = |needs_help| IdeaFields { title: "Bolig", description: "Jeg mister leiligheten", common: CommonFields { needs_help, ..common() } };
        for (value, expected) in [("", false), ("no", false), ("yes", true)] {
            assert_eq!(parse_idea(&fields(value), &Catalog::default()).unwrap().common.requests_help, expected, "{value}");
        }
        let errors = parse_idea(&fields("maybe"), &Catalog::default()).unwrap_err();
        assert_eq!(errors.iter().map(|e| (e.field, e.key)).collect::<Vec<_>>(), [("needs_help", "validation.choose_from_list")]);
    }

    #[test]
    fn unknown_choices_are_refused_with_the_field_named() {
        let fields = ConcernFields {
            concern_kind: "explosion",
            ongoing: "maybe",
            description: "Bråk",
            on_behalf: "self",
            common: CommonFields { theme: "no-such-theme", ..common() },
            ..ConcernFields::default()
        };
        let errors = parse_concern(&fields, &Catalog::default()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field, e.key)).collect();
        assert_eq!(
            fields,
            [("concern_kind", "validation.choose_from_list"), ("ongoing", "validation.choose_from_list"), ("theme", "validation.choose_from_list")]
        );
    }

    #[test]
    fn a_cooperative_must_name_itself_and_a_neighbour_never_keeps_an_organisation() {
        let base = ConcernFields { concern_kind: "noise", ongoing: "yes", description: "Bråk", common: common(), ..ConcernFields::default() };
        let errors = parse_concern(&ConcernFields { on_behalf: "cooperative", ..base }, &Catalog::default()).unwrap_err();
        assert_eq!(errors, [FieldError::new("organisation", "validation.organisation_required")]);
        let draft = parse_concern(&ConcernFields { on_behalf: "self", organisation: "Borettslaget", ..base }, &Catalog::default()).unwrap();
        assert!(draft.organisation.is_none());
    }

    #[test]
    fn journey_step_errors_name_the_step() {
        let fields = JourneyFields {
            goal: "get_dwelling",
            steps: vec![StepFields { team: "unknown", channel: "phone", what: "Ringte", feeling: "2", went_wrong: true }, StepFields::default()],
            result: "gave_up",
            common: common(),
            ..JourneyFields::default()
        };
        let errors = parse_journey(&fields, &Catalog::default()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["step-2-team", "step-2-channel", "step-2-what", "step-2-feeling"]);
    }
}
