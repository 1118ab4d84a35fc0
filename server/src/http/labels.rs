//! Words and choice lists for stored codes, shared by resident and staff
//! pages: reasons, routing explanations, themes and areas.

use crate::catalog::Catalog;
use app::forms::Choice;
use app::i18n::{I18n, Locale};
use domain::routing::{Explanation, Matched};
use domain::vocabulary::{InputKind, SubmitterKind};

pub fn reject_key(reason: &str) -> &'static str {
    match reason {
        "personal_data" => "moderation.reject.personal_data",
        "offensive" => "moderation.reject.offensive",
        "not_an_idea" => "moderation.reject.not_an_idea",
        "duplicate" => "moderation.reject.duplicate",
        _ => "moderation.reject.other",
    }
}

pub fn flag_key(reason: &str) -> &'static str {
    match reason {
        "personal_data" => "flag.personal_data",
        "offensive" => "flag.offensive",
        "spam" => "flag.spam",
        _ => "flag.other",
    }
}

/// A routing decision in words.
pub fn explain(team_id: Option<i64>, explanation: &Explanation, catalog: &Catalog, i18n: &I18n, locale: Locale) -> String {
    let team = team_name(catalog, team_id, locale);
    match explanation {
        Explanation::Rule { rule_id, matched } => {
            let conditions: Vec<String> = matched
                .iter()
                .map(|m| match m {
                    Matched::Kind(kind) => i18n.t_with("routing.cond.kind", &[("kind", i18n.t(InputKind::parse(kind).unwrap_or(InputKind::Idea).key()))]),
                    Matched::Theme(id) => i18n.t_with(
                        "routing.cond.theme",
                        &[("theme", catalog.themes.iter().find(|t| t.id == *id).map(|t| t.names.get(locale.code())).unwrap_or("?"))],
                    ),
                    Matched::Area(id) => i18n.t_with(
                        "routing.cond.area",
                        &[("area", catalog.areas.iter().find(|a| a.id == *id).map(|a| a.names.get(locale.code())).unwrap_or("?"))],
                    ),
                    Matched::Submitter(kind) => {
                        i18n.t_with("routing.cond.submitter", &[("submitter", i18n.t(SubmitterKind::parse(kind).unwrap_or(SubmitterKind::Other).key()))])
                    }
                    Matched::Keywords(words) => i18n.t_with("routing.cond.keywords", &[("words", &words.join(", "))]),
                })
                .collect();
            if conditions.is_empty() {
                i18n.t_with("routing.rule_any", &[("team", &team), ("rule", &rule_id.to_string())])
            } else {
                let and = format!(" {} ", i18n.t("routing.and"));
                i18n.t_with("routing.rule", &[("team", &team), ("conditions", &conditions.join(&and)), ("rule", &rule_id.to_string())])
            }
        }
        Explanation::JourneyOwner => i18n.t_with("routing.journey_owner", &[("team", &team)]),
        Explanation::JourneyStep { position, feeling, went_wrong } => {
            let key = if *went_wrong { "routing.journey_step_wrong" } else { "routing.journey_step_feeling" };
            i18n.t_with(key, &[("team", &team), ("step", &position.to_string()), ("feeling", &feeling.to_string())])
        }
        Explanation::Suggested { rule_id, keywords } => {
            i18n.t_with("routing.suggested", &[("team", &team), ("words", &keywords.join(", ")), ("rule", &rule_id.to_string())])
        }
        Explanation::NoMatch => i18n.t("routing.no_match").to_string(),
        Explanation::TriageConfirmed => i18n.t_with("routing.triage_confirmed", &[("team", &team)]),
        Explanation::HelpRequest => i18n.t_with("routing.help_request", &[("team", &team)]),
    }
}

/// Active themes and areas as choices in the reader's language, for showing
/// a form or a filter only. The triage theme ("don't know") is the empty first option.
pub fn theme_and_area_choices(catalog: &Catalog, locale: Locale) -> (Vec<Choice>, Vec<Choice>) {
    let themes = catalog.themes.iter().filter(|t| t.active && !t.is_triage).map(|t| Choice::named(t.slug.as_str(), &t.names, locale)).collect();
    let areas = catalog.areas.iter().filter(|a| a.active).map(|a| Choice::named(a.slug.as_str(), &a.names, locale)).collect();
    (themes, areas)
}

/// A team's name in the reader's language ("?" for a team since removed).
pub fn team_name(catalog: &Catalog, id: Option<i64>, locale: Locale) -> String {
    id.and_then(|id| catalog.teams.iter().find(|t| t.id == id)).map(|t| t.names.get(locale.code()).to_string()).unwrap_or_else(|| "?".into())
}

/// The text key of an audit action, as the audit log page shows it; `None`
/// for an action this version does not know (the page shows its code).
pub fn audit_key(action: &str) -> Option<&'static str> {
    Some(match action {
        "assign" => "audit.assign",
        "set_status" => "audit.set_status",
        "internal_note" => "audit.internal_note",
        "public_reply" => "audit.public_reply",
        "refer" => "audit.refer",
        "add_team" => "audit.add_team",
        "close" => "audit.close",
        "confirm_triage" => "audit.confirm_triage",
        "view_contact" => "audit.view_contact",
        "view_flagged" => "audit.view_flagged",
        "erase" => "audit.erase",
        "anonymise" => "audit.anonymise",
        "restrict" => "audit.restrict",
        "lift_restriction" => "audit.lift_restriction",
        "kept_for" => "audit.kept_for",
        "contact_forgotten" => "audit.contact_forgotten",
        "reopened_by_resident" => "audit.reopened_by_resident",
        "resend_mail" => "audit.resend_mail",
        "moderate_idea" => "audit.moderate_idea",
        "moderate_comment" => "audit.moderate_comment",
        "official_answer" => "audit.official_answer",
        "publish_summary" => "audit.publish_summary",
        "admin_team_saved" => "audit.admin_team_saved",
        "admin_theme_saved" => "audit.admin_theme_saved",
        "admin_area_saved" => "audit.admin_area_saved",
        "admin_rule_saved" => "audit.admin_rule_saved",
        "admin_staff_saved" => "audit.admin_staff_saved",
        "admin_staff_invited" => "audit.admin_staff_invited",
        "admin_template_saved" => "audit.admin_template_saved",
        "admin_template_deleted" => "audit.admin_template_deleted",
        "consultation_create" => "audit.consultation_create",
        "consultation_update" => "audit.consultation_update",
        "consultation_question" => "audit.consultation_question",
        "consultation_publish" => "audit.consultation_publish",
        "consultation_close" => "audit.consultation_close",
        "consultation_results" => "audit.consultation_results",
        "consultation_export" => "audit.consultation_export",
        _ => return None,
    })
}
