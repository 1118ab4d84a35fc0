//! Routing: which teams own a new item, and why. A pure function of the item
//! and the configured rules, so every case is a row in a table-driven test.
//!
//! - A user journey goes to the team that owns journeys, and each step marked
//!   "this is where it went wrong" or rated 1–2 also goes to that step's team.
//! - Other input: the active rules are tried in priority order (lowest number
//!   first, then lowest id); the first whose every condition holds decides,
//!   and all its teams own the item.
//! - The resident chose "don't know", or no rule matched: the item goes to the
//!   triage queue, with the team of the best keyword match as a suggestion.
//!
//! Every decision carries a structured `Explanation`, stored as JSON and put
//! into words in the reader's language when shown.

use super::submission::{InputKind, SubmitterKind};
pub use crate::text::fold_words;
use serde::{Deserialize, Serialize};

/// One keyword or phrase of a rule. A trailing `*` matches word beginnings
/// ("bolig*" matches "boligen").
#[derive(Clone, Debug, PartialEq, Eq)]
struct Keyword {
    original: String,
    words: Vec<String>,
    prefix: bool,
}

impl Keyword {
    fn matches(&self, text: &[String]) -> bool {
        let n = self.words.len();
        if n == 0 || text.len() < n {
            return false;
        }
        text.windows(n).any(|window| {
            window.iter().zip(&self.words).enumerate().all(
                |(i, (word, wanted))| {
                    if self.prefix && i == n - 1 {
                        word.starts_with(wanted.as_str())
                    } else {
                        word == wanted
                    }
                },
            )
        })
    }
}

/// A rule's keywords: one per line (or comma-separated), in any of the languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keywords(Vec<Keyword>);

/// The longest keyword list text accepted, in characters.
pub const KEYWORDS_MAX_CHARS: usize = 4000;

impl Keywords {
    /// Parses keyword text; `None` when it is too long or a keyword has no letters.
    pub fn parse(text: &str) -> Option<Keywords> {
        if text.chars().count() > KEYWORDS_MAX_CHARS {
            return None;
        }
        let mut keywords = Vec::new();
        for raw in text.split(['\n', ',']).map(str::trim).filter(|k| !k.is_empty()) {
            let prefix = raw.ends_with('*');
            let words = fold_words(raw.trim_end_matches('*'));
            if words.is_empty() {
                return None;
            }
            keywords.push(Keyword { original: raw.to_string(), words, prefix });
        }
        Some(Keywords(keywords))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// One keyword per line, as an administrator typed them.
    pub fn to_text(&self) -> String {
        self.0.iter().map(|k| k.original.as_str()).collect::<Vec<_>>().join("\n")
    }

    /// The keywords found in the folded text, as typed in the rule.
    fn found_in(&self, text: &[String]) -> Vec<String> {
        self.0.iter().filter(|k| k.matches(text)).map(|k| k.original.clone()).collect()
    }
}

/// A routing rule as configured by an administrator. Conditions left `None`
/// (or no keywords) match anything.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: i64,
    pub priority: i64,
    pub description: String,
    pub input_kind: Option<InputKind>,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub submitter_kind: Option<SubmitterKind>,
    pub keywords: Keywords,
    pub team_ids: Vec<i64>,
    pub active: bool,
}

/// One step of a journey, as routing sees it.
#[derive(Clone, Copy, Debug)]
pub struct StepInput {
    pub position: i64,
    pub team_id: Option<i64>,
    pub feeling: i64,
    pub went_wrong: bool,
}

/// What routing looks at.
#[derive(Clone, Debug)]
pub struct RoutingInput<'a> {
    pub kind: InputKind,
    pub theme_id: Option<i64>,
    /// The resident chose "don't know" (no theme, or the triage theme).
    pub theme_unknown: bool,
    pub area_id: Option<i64>,
    pub submitter: SubmitterKind,
    /// All free text of the item.
    pub text: &'a str,
    pub steps: &'a [StepInput],
    /// The team that owns journeys, if one is configured.
    pub journey_owner: Option<i64>,
}

/// A condition of a rule that held for the item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matched {
    Kind(String),
    Theme(i64),
    Area(i64),
    Submitter(String),
    Keywords(Vec<String>),
}

/// Why a team got (or was suggested) an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Explanation {
    /// Rule `rule_id` matched on these conditions.
    Rule { rule_id: i64, matched: Vec<Matched> },
    /// The team owns user journeys.
    JourneyOwner,
    /// A journey step met this team and went wrong or felt bad.
    JourneyStep { position: i64, feeling: i64, went_wrong: bool },
    /// Triage: the resident did not know the theme; suggested from keywords.
    Suggested { rule_id: i64, keywords: Vec<String> },
    /// Triage with nothing to suggest.
    NoMatch,
    /// A moderator confirmed or chose the team from the triage queue.
    TriageConfirmed,
    /// The person asked for help with their own housing (§ 6): the department's intake.
    HelpRequest,
}

impl Explanation {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"reason\":\"no_match\"}".to_string())
    }

    pub fn from_json(json: &str) -> Option<Explanation> {
        serde_json::from_str(json).ok()
    }
}

/// How a team came to own an item (`submission_team.via`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Routing,
    Triage,
    Referral,
    Added,
    JourneyStep,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Routing => "routing",
            Via::Triage => "triage",
            Via::Referral => "referral",
            Via::Added => "added",
            Via::JourneyStep => "journey_step",
        }
    }
}

/// One routing decision: a team that owns the item, or a suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// `None` only for a triage item with nothing to suggest.
    pub team_id: Option<i64>,
    pub rule_id: Option<i64>,
    pub via: Via,
    /// Journey step this decision is about.
    pub step: Option<i64>,
    /// A suggestion waiting for a moderator: the team does not own the item yet.
    pub suggested: bool,
    pub explanation: Explanation,
}

/// The outcome of routing one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Routed {
    pub decisions: Vec<Decision>,
    /// The item waits in the triage queue.
    pub triage: bool,
}

impl Routed {
    /// For a held post: no team owns it; what routing found is kept as
    /// suggestions for the moderator who releases it from the triage queue.
    pub fn held(mut self) -> Routed {
        for decision in &mut self.decisions {
            decision.suggested = true;
        }
        self.triage = true;
        self
    }

    /// For a request for help (§ 6): the intake team owns it, whatever the
    /// rules said, so it is decided as a case and not followed up as feedback.
    pub fn for_help_request(intake_team: i64) -> Routed {
        Routed {
            decisions: vec![Decision {
                team_id: Some(intake_team),
                rule_id: None,
                via: Via::Routing,
                step: None,
                suggested: false,
                explanation: Explanation::HelpRequest,
            }],
            triage: false,
        }
    }

    /// Teams that own the item now, each once, in decision order.
    pub fn owners(&self) -> Vec<(i64, Via, Option<i64>)> {
        let mut owners: Vec<(i64, Via, Option<i64>)> = Vec::new();
        for d in self.decisions.iter().filter(|d| !d.suggested) {
            if let Some(team) = d.team_id {
                if !owners.iter().any(|(t, _, _)| *t == team) {
                    owners.push((team, d.via, d.step));
                }
            }
        }
        owners
    }
}

/// Routes one item. `rules` may be in any order and include inactive ones.
pub fn route(input: &RoutingInput<'_>, rules: &[Rule]) -> Routed {
    let words = fold_words(input.text);
    if input.kind == InputKind::Journey {
        if let Some(owner) = input.journey_owner {
            let mut decisions =
                vec![Decision { team_id: Some(owner), rule_id: None, via: Via::Routing, step: None, suggested: false, explanation: Explanation::JourneyOwner }];
            for step in input.steps.iter().filter(|s| s.went_wrong || s.feeling <= 2) {
                if let Some(team) = step.team_id {
                    decisions.push(Decision {
                        team_id: Some(team),
                        rule_id: None,
                        via: Via::JourneyStep,
                        step: Some(step.position),
                        suggested: false,
                        explanation: Explanation::JourneyStep { position: step.position, feeling: step.feeling, went_wrong: step.went_wrong },
                    });
                }
            }
            return Routed { decisions, triage: false };
        }
    }
    let mut ordered: Vec<&Rule> = rules.iter().filter(|r| r.active && !r.team_ids.is_empty()).collect();
    ordered.sort_by_key(|r| (r.priority, r.id));
    if !input.theme_unknown {
        if let Some((rule, matched)) = ordered.iter().find_map(|rule| matches(rule, input, &words).map(|m| (*rule, m))) {
            let decisions = rule
                .team_ids
                .iter()
                .map(|team| Decision {
                    team_id: Some(*team),
                    rule_id: Some(rule.id),
                    via: Via::Routing,
                    step: None,
                    suggested: false,
                    explanation: Explanation::Rule { rule_id: rule.id, matched: matched.clone() },
                })
                .collect();
            return Routed { decisions, triage: false };
        }
    }
    Routed { decisions: vec![suggestion(&ordered, input, &words)], triage: true }
}

/// The conditions of `rule` that hold, or `None` when one does not.
fn matches(rule: &Rule, input: &RoutingInput<'_>, words: &[String]) -> Option<Vec<Matched>> {
    let mut matched = Vec::new();
    if let Some(kind) = rule.input_kind {
        if kind != input.kind {
            return None;
        }
        matched.push(Matched::Kind(kind.as_str().to_string()));
    }
    if let Some(theme) = rule.theme_id {
        if Some(theme) != input.theme_id {
            return None;
        }
        matched.push(Matched::Theme(theme));
    }
    if let Some(area) = rule.area_id {
        if Some(area) != input.area_id {
            return None;
        }
        matched.push(Matched::Area(area));
    }
    if let Some(submitter) = rule.submitter_kind {
        if submitter != input.submitter {
            return None;
        }
        matched.push(Matched::Submitter(submitter.as_str().to_string()));
    }
    if !rule.keywords.is_empty() {
        let found = rule.keywords.found_in(words);
        if found.is_empty() {
            return None;
        }
        matched.push(Matched::Keywords(found));
    }
    Some(matched)
}

/// The triage suggestion: the rule (of a kind that fits) whose keywords occur
/// most often in the text; ties go to the higher priority.
fn suggestion(ordered: &[&Rule], input: &RoutingInput<'_>, words: &[String]) -> Decision {
    let best = ordered
        .iter()
        .filter(|r| r.input_kind.is_none_or(|k| k == input.kind))
        .map(|r| (*r, r.keywords.found_in(words)))
        .filter(|(_, found)| !found.is_empty())
        .max_by(|(a, fa), (b, fb)| fa.len().cmp(&fb.len()).then((b.priority, b.id).cmp(&(a.priority, a.id))));
    match best {
        Some((rule, keywords)) => Decision {
            team_id: rule.team_ids.first().copied(),
            rule_id: Some(rule.id),
            via: Via::Triage,
            step: None,
            suggested: true,
            explanation: Explanation::Suggested { rule_id: rule.id, keywords },
        },
        None => Decision { team_id: None, rule_id: None, via: Via::Triage, step: None, suggested: true, explanation: Explanation::NoMatch },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOISE_THEME: i64 = 7;
    const JELOY: i64 = 2;
    const CARETAKERS: i64 = 6;
    const ALLOCATION: i64 = 2;
    const NAV: i64 = 7;
    const OWNER: i64 = 1;

    fn rule(id: i64, priority: i64, teams: &[i64]) -> Rule {
        Rule {
            id,
            priority,
            description: format!("rule {id}"),
            input_kind: None,
            theme_id: None,
            area_id: None,
            submitter_kind: None,
            keywords: Keywords::default(),
            team_ids: teams.to_vec(),
            active: true,
        }
    }

    fn rules() -> Vec<Rule> {
        vec![
            // Noise on Jeløy: the caretakers.
            Rule { theme_id: Some(NOISE_THEME), area_id: Some(JELOY), ..rule(4, 10, &[CARETAKERS]) },
            // Noise anywhere else: caretakers and NAV together.
            Rule { theme_id: Some(NOISE_THEME), ..rule(5, 20, &[CARETAKERS, NAV]) },
            // Anything about a waiting list: allocation.
            Rule { keywords: Keywords::parse("venteliste\nkommunal bolig*").unwrap(), ..rule(6, 30, &[ALLOCATION]) },
            // Applicants' ideas: allocation.
            Rule { input_kind: Some(InputKind::Idea), submitter_kind: Some(SubmitterKind::Applicant), ..rule(7, 40, &[ALLOCATION]) },
            // Inactive: never used.
            Rule { active: false, ..rule(1, 1, &[NAV]) },
            Rule { keywords: Keywords::parse("bråk, støy").unwrap(), ..rule(8, 50, &[CARETAKERS]) },
        ]
    }

    fn input(kind: InputKind, theme: Option<i64>, area: Option<i64>, submitter: SubmitterKind, text: &'static str) -> RoutingInput<'static> {
        RoutingInput { kind, theme_id: theme, theme_unknown: theme.is_none(), area_id: area, submitter, text, steps: &[], journey_owner: Some(OWNER) }
    }

    #[test]
    fn rules_route_by_priority_and_conditions() {
        use InputKind::*;
        use SubmitterKind::*;
        // (input, expected owner teams, expected rule, triage)
        let cases: Vec<(RoutingInput<'static>, Vec<i64>, Option<i64>, bool)> = vec![
            (input(Concern, Some(NOISE_THEME), Some(JELOY), Neighbour, "Bråk hver natt"), vec![CARETAKERS], Some(4), false),
            (input(Concern, Some(NOISE_THEME), Some(5), Neighbour, "Bråk hver natt"), vec![CARETAKERS, NAV], Some(5), false),
            (input(Idea, Some(3), None, Tenant, "Jeg står på VENTELISTEN"), vec![], None, true),
            (input(Idea, Some(3), None, Tenant, "Jeg står på venteliste"), vec![ALLOCATION], Some(6), false),
            (input(Idea, Some(3), None, Tenant, "Søkte kommunal boligen i fjor"), vec![ALLOCATION], Some(6), false),
            (input(Idea, Some(3), None, Applicant, "Flere benker"), vec![ALLOCATION], Some(7), false),
            (input(Concern, Some(3), None, Applicant, "Flere benker"), vec![], None, true),
            (input(Concern, Some(3), None, Tenant, "STØY fra oppgangen"), vec![CARETAKERS], Some(8), false),
        ];
        for (i, (input, teams, rule, triage)) in cases.into_iter().enumerate() {
            let routed = route(&input, &rules());
            let owners: Vec<i64> = routed.owners().into_iter().map(|(t, _, _)| t).collect();
            assert_eq!(owners, teams, "case {i}");
            assert_eq!(routed.triage, triage, "case {i}");
            if let Some(rule) = rule {
                assert!(routed.decisions.iter().all(|d| d.rule_id == Some(rule)), "case {i}: {routed:?}");
            }
        }
    }

    #[test]
    fn the_explanation_names_every_condition_that_held() {
        let routed = route(&input(InputKind::Concern, Some(NOISE_THEME), Some(JELOY), SubmitterKind::Tenant, "x"), &rules());
        assert_eq!(routed.decisions[0].explanation, Explanation::Rule { rule_id: 4, matched: vec![Matched::Theme(NOISE_THEME), Matched::Area(JELOY)] });
        let json = routed.decisions[0].explanation.to_json();
        assert_eq!(Explanation::from_json(&json), Some(routed.decisions[0].explanation.clone()));
    }

    #[test]
    fn dont_know_goes_to_triage_with_the_best_keyword_suggestion() {
        // Matches rule 8 twice (bråk, støy) and rule 6 once: rule 8 is suggested.
        let routed = route(&input(InputKind::Concern, None, Some(JELOY), SubmitterKind::Tenant, "Bråk og støy, står på venteliste"), &rules());
        assert!(routed.triage);
        assert!(routed.owners().is_empty());
        let suggestion = &routed.decisions[0];
        assert!(suggestion.suggested);
        assert_eq!(suggestion.team_id, Some(CARETAKERS));
        assert_eq!(suggestion.explanation, Explanation::Suggested { rule_id: 8, keywords: vec!["bråk".into(), "støy".into()] });
        // Nothing to go on: triage without a suggestion.
        let routed = route(&input(InputKind::Concern, None, None, SubmitterKind::Tenant, "Hei"), &rules());
        assert_eq!(routed.decisions[0].team_id, None);
        assert_eq!(routed.decisions[0].explanation, Explanation::NoMatch);
        // A keyword-only rule does not overrule "don't know".
        assert!(route(&input(InputKind::Idea, None, None, SubmitterKind::Tenant, "venteliste"), &rules()).triage);
    }

    #[test]
    fn a_journey_goes_to_its_owner_and_to_each_bad_steps_team() {
        let steps = [
            StepInput { position: 1, team_id: Some(NAV), feeling: 4, went_wrong: false },
            StepInput { position: 2, team_id: Some(ALLOCATION), feeling: 3, went_wrong: true },
            StepInput { position: 3, team_id: Some(CARETAKERS), feeling: 2, went_wrong: false },
            StepInput { position: 4, team_id: None, feeling: 1, went_wrong: true },
            StepInput { position: 5, team_id: Some(ALLOCATION), feeling: 1, went_wrong: true },
        ];
        let routed = route(&RoutingInput { steps: &steps, ..input(InputKind::Journey, None, None, SubmitterKind::Tenant, "") }, &rules());
        assert!(!routed.triage);
        assert_eq!(routed.owners(), vec![(OWNER, Via::Routing, None), (ALLOCATION, Via::JourneyStep, Some(2)), (CARETAKERS, Via::JourneyStep, Some(3))]);
        // Both bad steps at allocation are explained.
        assert_eq!(routed.decisions.iter().filter(|d| d.team_id == Some(ALLOCATION)).count(), 2);
    }

    #[test]
    fn folding_ignores_case_and_accents_but_keeps_norwegian_letters() {
        assert_eq!(fold_words("Café-BRÅK, Støy!"), vec!["cafe", "brak", "støy"]);
        assert_eq!(fold_words("ÆRE være"), vec!["ære", "være"]);
        assert!(Keywords::parse("***").is_none());
        assert!(Keywords::parse(&"a".repeat(KEYWORDS_MAX_CHARS + 1)).is_none());
        assert_eq!(Keywords::parse(" støy ,\n bråk* \n").unwrap().to_text(), "støy\nbråk*");
    }
}
