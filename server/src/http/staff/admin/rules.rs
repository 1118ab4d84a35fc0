//! Routing rules with a test box that routes a sample input without storing it.

use super::*;
use crate::catalog::Catalog;
use crate::http::extract::{AppForm, SignedInStaff};
use crate::http::labels::explain;
use crate::http::redirect::see_other;
use crate::http::staff::nav;
use crate::http::Query;
use crate::http::{AppError, AppState};
use crate::usecase::administer::{self, AdminError};
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::staff::{RuleForm, RuleRow, RuleTestForm, RulesAdminPage, RulesPageData};
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::routing::{route, Keywords, RoutingInput, Rule};
use domain::submission::{InputKind, SubmitterKind};
use domain::workspace::SignedIn;
use leptos::prelude::*;

fn kind_choices(i18n: &I18n) -> Vec<Choice> {
    [InputKind::Journey, InputKind::Concern, InputKind::Idea].iter().map(|k| Choice::new(k.as_str(), i18n.t(k.key()))).collect()
}

fn submitter_choices(i18n: &I18n) -> Vec<Choice> {
    SubmitterKind::CHOICES.iter().map(|(v, k)| Choice::new(*v, i18n.t(k))).collect()
}

fn rule_form(rule: &Rule, catalog: &Catalog) -> RuleForm {
    let slug_of =
        |id: Option<i64>, list: Vec<(i64, &str)>| id.and_then(|id| list.into_iter().find(|(i, _)| *i == id)).map(|(_, s)| s.to_string()).unwrap_or_default();
    RuleForm {
        id: rule.id.to_string(),
        priority: rule.priority.to_string(),
        description: rule.description.clone(),
        kind: rule.input_kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
        theme: slug_of(rule.theme_id, catalog.themes.iter().map(|t| (t.id, t.slug.as_str())).collect()),
        area: slug_of(rule.area_id, catalog.areas.iter().map(|a| (a.id, a.slug.as_str())).collect()),
        submitter: rule.submitter_kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
        keywords: rule.keywords.to_text(),
        teams: rule.team_ids.iter().filter_map(|id| catalog.teams.iter().find(|t| t.id == *id)).map(|t| t.slug.as_str().to_string()).collect(),
        active: if rule.active { "yes".into() } else { String::new() },
    }
}

#[allow(clippy::too_many_arguments, reason = "one page's data, each part loaded by its caller")]
async fn render_rules(
    state: &AppState,
    locale: Locale,
    staff: &SignedIn,
    form: RuleForm,
    test: RuleTestForm,
    test_result: Option<(Vec<String>, bool)>,
    errors: FormErrors,
    done_key: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(state).await?;
    let i18n = I18n::new(locale);
    let team = |id: &i64| catalog.teams.iter().find(|t| t.id == *id).map(|t| t.names.get(locale.code()).to_string()).unwrap_or_default();
    let rows = catalog
        .rules
        .iter()
        .map(|r| {
            let mut conditions: Vec<String> = Vec::new();
            if let Some(kind) = r.input_kind {
                conditions.push(i18n.t_with("routing.cond.kind", &[("kind", i18n.t(kind.key()))]));
            }
            if let Some(theme) = r.theme_id.and_then(|id| catalog.themes.iter().find(|t| t.id == id)) {
                conditions.push(i18n.t_with("routing.cond.theme", &[("theme", theme.names.get(locale.code()))]));
            }
            if let Some(area) = r.area_id.and_then(|id| catalog.areas.iter().find(|a| a.id == id)) {
                conditions.push(i18n.t_with("routing.cond.area", &[("area", area.names.get(locale.code()))]));
            }
            if let Some(kind) = r.submitter_kind {
                let key = kind.key();
                conditions.push(i18n.t_with("routing.cond.submitter", &[("submitter", i18n.t(key))]));
            }
            if !r.keywords.is_empty() {
                conditions.push(i18n.t_with("routing.cond.keywords", &[("words", &r.keywords.to_text().replace('\n', ", "))]));
            }
            RuleRow {
                id: r.id,
                priority: r.priority,
                description: r.description.clone(),
                conditions: if conditions.is_empty() {
                    i18n.t("admin.rules.matches_all").to_string()
                } else {
                    conditions.join(&format!(" {} ", i18n.t("routing.and")))
                },
                teams: r.team_ids.iter().map(team).collect::<Vec<_>>().join(", "),
                active: r.active,
            }
        })
        .collect();
    let (test_result, test_triage) = match test_result {
        Some((lines, triage)) => (Some(lines), triage),
        None => (None, false),
    };
    let data = RulesPageData {
        nav: nav(staff, &catalog, locale, "admin"),
        rows,
        form,
        test,
        test_result,
        test_triage,
        kinds: kind_choices(&i18n),
        themes: catalog.themes.iter().filter(|t| t.active && !t.is_triage).map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code()))).collect(),
        areas: catalog.areas.iter().filter(|a| a.active).map(|a| Choice::new(a.slug.as_str(), a.names.get(locale.code()))).collect(),
        submitters: submitter_choices(&i18n),
        teams: catalog.teams.iter().filter(|t| t.active).map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code()))).collect(),
        errors,
        done_key,
    };
    let uri: Uri = "/ansatt/admin/regler".parse().unwrap_or_default();
    Ok(page(state, locale, uri, status, "admin.rules.title", move || view! { <RulesAdminPage data=data.clone()/> }).await)
}

pub async fn rules_page(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Query(query): Query<EditQuery>,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(&state).await?;
    let form = match query.rediger.as_deref() {
        Some(id) => {
            let rule = id.parse::<i64>().ok().and_then(|id| catalog.rules.iter().find(|r| r.id == id)).ok_or(AppError::NotFound)?;
            rule_form(rule, &catalog)
        }
        None => RuleForm { priority: "100".into(), active: "yes".into(), ..Default::default() },
    };
    let done_key = query.ok.is_some().then_some("admin.saved");
    render_rules(&state, locale, &staff, form, RuleTestForm::default(), None, FormErrors::default(), done_key, StatusCode::OK).await
}

pub async fn save_rule(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    AppForm(pairs): AppForm<Pairs>,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(&state).await?;
    let form = RuleForm {
        id: value(&pairs, "id").to_string(),
        priority: value(&pairs, "priority").to_string(),
        description: value(&pairs, "description").to_string(),
        kind: value(&pairs, "kind").to_string(),
        theme: value(&pairs, "theme").to_string(),
        area: value(&pairs, "area").to_string(),
        submitter: value(&pairs, "submitter").to_string(),
        keywords: value(&pairs, "keywords").to_string(),
        teams: values(&pairs, "teams"),
        active: value(&pairs, "active").to_string(),
    };
    let mut errors: Vec<(String, &'static str)> = Vec::new();
    let id = match form.id.as_str() {
        "" => 0,
        id => id.parse::<i64>().ok().filter(|id| *id == 0 || catalog.rules.iter().any(|r| r.id == *id)).ok_or(AppError::NotFound)?,
    };
    let priority = form.priority.trim().parse::<i64>().ok().filter(|p| (0..=10_000).contains(p));
    if priority.is_none() {
        errors.push(("priority".into(), "admin.error.priority"));
    }
    let description = short_text(&form.description, 200, true).unwrap_or_else(|key| {
        errors.push(("description".into(), key));
        None
    });
    let mut pick = |field: &'static str, slug: &str, found: Option<i64>| {
        if !slug.is_empty() && found.is_none() {
            errors.push((field.into(), "validation.choose_from_list"));
        }
        found
    };
    let input_kind = pick("kind", &form.kind, InputKind::parse(&form.kind).map(|_| 0)).and(InputKind::parse(&form.kind));
    let theme_id = pick("theme", &form.theme, catalog.themes.iter().find(|t| t.slug.as_str() == form.theme).map(|t| t.id));
    let area_id = pick("area", &form.area, catalog.areas.iter().find(|a| a.slug.as_str() == form.area).map(|a| a.id));
    let submitter_kind = pick("submitter", &form.submitter, SubmitterKind::parse(&form.submitter).map(|_| 0)).and(SubmitterKind::parse(&form.submitter));
    let keywords = Keywords::parse(&form.keywords);
    if keywords.is_none() {
        errors.push(("keywords".into(), "admin.error.keywords"));
    }
    let team_ids: Vec<i64> = form.teams.iter().filter_map(|slug| catalog.teams.iter().find(|t| t.slug.as_str() == slug).map(|t| t.id)).collect();
    if team_ids.len() != form.teams.len() {
        errors.push(("teams".into(), "admin.error.teams"));
    } else {
        errors.extend(administer::routing_rule_broken(&team_ids));
    }
    let (Some(priority), Some(description), Some(keywords), true) = (priority, description, keywords, errors.is_empty()) else {
        return render_rules(&state, locale, &staff, form, RuleTestForm::default(), None, FormErrors(errors), None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let rule = Rule { id, priority, description, input_kind, theme_id, area_id, submitter_kind, keywords, team_ids, active: form.active == "yes" };
    match administer::save_rule(&administration(&state), &staff, &rule).await {
        Ok(_) => Ok(see_other("/ansatt/admin/regler?ok=1")),
        Err(AdminError::Invalid(broken)) => {
            render_rules(&state, locale, &staff, form, RuleTestForm::default(), None, FormErrors(broken), None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => Err(error.into()),
    }
}

/// "Where would this go?": routes a sample with the saved rules, stores nothing.
pub async fn test_rule(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    AppForm(test): AppForm<RuleTestForm>,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(&state).await?;
    let i18n = I18n::new(locale);
    let theme = catalog.themes.iter().find(|t| t.slug.as_str() == test.test_theme);
    let text: String = test.test_text.chars().take(4000).collect();
    let input = RoutingInput {
        kind: InputKind::parse(&test.test_kind).unwrap_or(InputKind::Concern),
        theme_id: theme.map(|t| t.id),
        theme_unknown: theme.is_none_or(|t| t.is_triage),
        area_id: catalog.areas.iter().find(|a| a.slug.as_str() == test.test_area).map(|a| a.id),
        submitter: SubmitterKind::parse(&test.test_submitter).unwrap_or(SubmitterKind::Other),
        text: &text,
        steps: &[],
        journey_owner: catalog.teams.iter().find(|t| t.active && t.owns_journeys).map(|t| t.id),
    };
    let routed = route(&input, &catalog.rules);
    let lines = routed.decisions.iter().map(|d| explain(d.team_id, &d.explanation, &catalog, &i18n, locale)).collect();
    let form = RuleForm { priority: "100".into(), active: "yes".into(), ..Default::default() };
    render_rules(&state, locale, &staff, form, test, Some((lines, routed.triage)), FormErrors::default(), None, StatusCode::OK).await
}
