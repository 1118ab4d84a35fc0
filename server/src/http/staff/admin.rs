//! Administration handlers (administrators only, enforced by the route
//! table): teams, themes and areas; routing rules with a test box; staff
//! accounts and invitations; reply templates. Every save is audited and
//! clears the catalog cache so the change shows at once on this instance.

use super::nav;
use crate::catalog::Catalog;
use crate::http::extract::{AppForm, SignedInStaff};
use crate::http::labels::explain;
use crate::http::redirect::see_other;
use crate::http::Query;
use crate::http::{render_page, AppError, AppState, RequestInfo};
use crate::password::HashPassword;
use crate::store::admin::ReplyTemplate;
use crate::store::StoreError;
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::staff::{
    AdminHomePage, CatalogAdminPage, CatalogForm, CatalogPageData, CatalogPageKind, CatalogRow, InviteForm, InvitePage, InvitePageData, RuleForm, RuleRow,
    RuleTestForm, RulesAdminPage, RulesPageData, StaffAdminPage, StaffForm, StaffPageData, StaffRow, TemplateForm, TemplateRow, TemplatesAdminPage,
    TemplatesPageData,
};
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::routing::{route, Keywords, RoutingInput, Rule};
use domain::submission::{random_token, sha256_hex, InputKind, SubmitterKind};
use domain::workspace::{Outcome, SignedIn};
use domain::{CatalogKind, Email, Names, NewArea, NewStaffUser, NewTeam, NewTheme, Password, PasswordError, PasswordHash, Role, Slug};
use leptos::prelude::*;
use std::sync::Arc;

/// How long an invitation link works.
const INVITE_DAYS: i64 = 7;

#[derive(serde::Deserialize, Default)]
pub struct EditQuery {
    rediger: Option<String>,
    ok: Option<String>,
}

type Pairs = Vec<(String, String)>;

fn value<'a>(pairs: &'a Pairs, name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

fn values(pairs: &Pairs, name: &str) -> Vec<String> {
    pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
}

async fn fresh_catalog(state: &AppState) -> Result<Arc<Catalog>, AppError> {
    Ok(state.catalog.get(state.store.as_ref()).await?)
}

async fn page<V: IntoView + 'static>(
    state: &AppState,
    locale: Locale,
    uri: Uri,
    status: StatusCode,
    title: &'static str,
    view: impl Fn() -> V + Clone + Send + Sync + 'static,
) -> Response {
    render_page(state, &RequestInfo { locale, uri, request_id: None }, status, title, view).await
}

/// Trims and bounds a short text; `None` and an error key when empty or too long.
fn short_text(value: &str, max: usize, required: bool) -> Result<Option<String>, &'static str> {
    let value = value.trim();
    if value.is_empty() {
        return if required { Err("validation.required") } else { Ok(None) };
    }
    if value.chars().count() > max {
        return Err("validation.too_long");
    }
    Ok(Some(value.to_string()))
}

pub async fn admin_home(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    uri: Uri,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(&state).await?;
    let nav = nav(&staff, &catalog, locale, "admin");
    Ok(page(&state, locale, uri, StatusCode::OK, "admin.heading", move || view! { <AdminHomePage nav=nav.clone()/> }).await)
}

// ---------------------------------------------------------------- teams, themes, areas

fn page_kind(kind: CatalogKind) -> CatalogPageKind {
    match kind {
        CatalogKind::Team => CatalogPageKind::Team,
        CatalogKind::Theme => CatalogPageKind::Theme,
        CatalogKind::Area => CatalogPageKind::Area,
    }
}

/// (slug, names, active) of each entry of `kind`.
fn entries(catalog: &Catalog, kind: CatalogKind) -> Vec<(String, Names, bool)> {
    match kind {
        CatalogKind::Team => catalog.teams.iter().map(|t| (t.slug.as_str().to_string(), t.names.clone(), t.active)).collect(),
        CatalogKind::Theme => catalog.themes.iter().map(|t| (t.slug.as_str().to_string(), t.names.clone(), t.active)).collect(),
        CatalogKind::Area => catalog.areas.iter().map(|a| (a.slug.as_str().to_string(), a.names.clone(), a.active)).collect(),
    }
}

fn catalog_form(catalog: &Catalog, kind: CatalogKind, slug: &str) -> Option<CatalogForm> {
    let yes = |b: bool| if b { "yes".to_string() } else { String::new() };
    let (_, names, active) = entries(catalog, kind).into_iter().find(|(s, _, _)| s == slug)?;
    let name = |code: &str| names.iter().find(|(l, _)| *l == code).map(|(_, n)| n.to_string()).unwrap_or_default();
    let mut form = CatalogForm {
        editing: slug.to_string(),
        slug: slug.to_string(),
        name_nb: name("nb"),
        name_nn: name("nn"),
        name_en: name("en"),
        active: yes(active),
        ..Default::default()
    };
    match kind {
        CatalogKind::Team => form.owns_journeys = yes(catalog.teams.iter().any(|t| t.slug.as_str() == slug && t.owns_journeys)),
        CatalogKind::Theme => {
            let theme = catalog.themes.iter().find(|t| t.slug.as_str() == slug)?;
            form.response_target_days = theme.response_target_days.to_string();
            form.is_triage = yes(theme.is_triage);
            form.shows_danger_notice = yes(theme.shows_danger_notice);
        }
        CatalogKind::Area => {}
    }
    Some(form)
}

#[allow(clippy::too_many_arguments, reason = "one page's data, each part loaded by its caller")]
async fn render_catalog(
    state: &AppState,
    locale: Locale,
    staff: &SignedIn,
    kind: CatalogKind,
    form: CatalogForm,
    errors: FormErrors,
    done_key: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(state).await?;
    let i18n = I18n::new(locale);
    let rows = entries(&catalog, kind)
        .into_iter()
        .map(|(slug, names, active)| {
            let facts = match kind {
                CatalogKind::Team => catalog
                    .teams
                    .iter()
                    .filter(|t| t.slug.as_str() == slug && t.owns_journeys)
                    .map(|_| i18n.t("admin.owns_journeys_short").to_string())
                    .collect(),
                CatalogKind::Theme => catalog
                    .themes
                    .iter()
                    .filter(|t| t.slug.as_str() == slug)
                    .flat_map(|t| {
                        let mut facts = vec![i18n.t_with("admin.days", &[("days", &t.response_target_days.to_string())])];
                        if t.shows_danger_notice {
                            facts.push(i18n.t("admin.danger_short").to_string());
                        }
                        if t.is_triage {
                            facts.push(i18n.t("admin.triage_short").to_string());
                        }
                        facts
                    })
                    .collect(),
                CatalogKind::Area => Vec::new(),
            };
            CatalogRow { name: names.get(locale.code()).to_string(), slug, active, facts }
        })
        .collect();
    let data = CatalogPageData { nav: nav(staff, &catalog, locale, "admin"), kind: page_kind(kind), rows, form, errors, done_key };
    let uri: Uri = page_kind(kind).path().parse().unwrap_or_default();
    Ok(page(state, locale, uri, status, "admin.heading", move || view! { <CatalogAdminPage data=data.clone()/> }).await)
}

async fn catalog_page(state: AppState, locale: Locale, staff: SignedIn, kind: CatalogKind, query: EditQuery) -> Result<Response, AppError> {
    let catalog = fresh_catalog(&state).await?;
    let form = match query.rediger.as_deref() {
        Some(slug) => catalog_form(&catalog, kind, slug).ok_or(AppError::NotFound)?,
        None => CatalogForm { active: "yes".into(), response_target_days: "14".into(), ..Default::default() },
    };
    let done_key = query.ok.is_some().then_some("admin.saved");
    render_catalog(&state, locale, &staff, kind, form, FormErrors::default(), done_key, StatusCode::OK).await
}

async fn save_catalog(state: AppState, locale: Locale, staff: SignedIn, kind: CatalogKind, form: CatalogForm) -> Result<Response, AppError> {
    let catalog = fresh_catalog(&state).await?;
    let existing = entries(&catalog, kind);
    let mut errors: Vec<(String, &'static str)> = Vec::new();
    let editing = !form.editing.is_empty();
    if editing && !existing.iter().any(|(s, _, _)| *s == form.editing) {
        return Err(AppError::NotFound);
    }
    let slug_text = if editing { form.editing.clone() } else { form.slug.trim().to_lowercase() };
    let slug = match Slug::parse(&slug_text) {
        Ok(slug) if !editing && existing.iter().any(|(s, _, _)| *s == slug_text) => {
            errors.push(("slug".into(), "admin.error.slug_taken"));
            Some(slug)
        }
        Ok(slug) => Some(slug),
        Err(_) => {
            errors.push(("slug".into(), if slug_text.is_empty() { "validation.required" } else { "admin.error.slug" }));
            None
        }
    };
    let mut names: Vec<(String, String)> = Vec::new();
    for (field, code, required) in [("name_nb", "nb", true), ("name_nn", "nn", false), ("name_en", "en", false)] {
        let raw = match field {
            "name_nb" => &form.name_nb,
            "name_nn" => &form.name_nn,
            _ => &form.name_en,
        };
        match short_text(raw, 120, required) {
            Ok(Some(name)) => names.push((code.to_string(), name)),
            Ok(None) => {}
            Err(key) => errors.push((field.to_string(), key)),
        }
    }
    let days = match kind {
        CatalogKind::Theme => match form.response_target_days.trim().parse::<i64>() {
            Ok(days) if (1..=365).contains(&days) => days,
            _ => {
                errors.push(("response_target_days".into(), "admin.error.days"));
                0
            }
        },
        _ => 0,
    };
    let Some(slug) = slug.filter(|_| errors.is_empty()) else {
        return render_catalog(&state, locale, &staff, kind, form, FormErrors(errors), None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let names = Names::from_pairs(names);
    let yes = |v: &str| v == "yes";
    let sort_order = |orders: Vec<(String, i64)>| {
        orders.iter().find(|(s, _)| *s == slug_text).map(|(_, o)| *o).unwrap_or(orders.iter().map(|(_, o)| *o + 1).max().unwrap_or(0))
    };
    let id = match kind {
        CatalogKind::Team => {
            let order = sort_order(catalog.teams.iter().map(|t| (t.slug.as_str().to_string(), t.sort_order)).collect());
            state.store.upsert_team(&NewTeam { slug, names, owns_journeys: yes(&form.owns_journeys), sort_order: order }).await?
        }
        CatalogKind::Theme => {
            let order = sort_order(catalog.themes.iter().map(|t| (t.slug.as_str().to_string(), t.sort_order)).collect());
            let theme = NewTheme {
                slug,
                names,
                response_target_days: days,
                is_triage: yes(&form.is_triage),
                shows_danger_notice: yes(&form.shows_danger_notice),
                sort_order: order,
            };
            state.store.upsert_theme(&theme).await?
        }
        CatalogKind::Area => {
            let order = sort_order(catalog.areas.iter().map(|a| (a.slug.as_str().to_string(), a.sort_order)).collect());
            state.store.upsert_area(&NewArea { slug, names, sort_order: order }).await?
        }
    };
    state.store.set_catalog_active(kind, id, yes(&form.active)).await?;
    state.store.audit_admin(staff.staff_id, &format!("admin_{}_saved", kind.as_str()), &slug_text).await?;
    state.catalog.refresh(state.store.as_ref()).await?;
    Ok(see_other(&format!("{}?ok=1", page_kind(kind).path())))
}

macro_rules! catalog_handlers {
    ($show:ident, $save:ident, $kind:expr) => {
        pub async fn $show(
            State(state): State<AppState>,
            Extension(locale): Extension<Locale>,
            SignedInStaff(staff): SignedInStaff,
            Query(query): Query<EditQuery>,
        ) -> Result<Response, AppError> {
            catalog_page(state, locale, staff, $kind, query).await
        }

        pub async fn $save(
            State(state): State<AppState>,
            Extension(locale): Extension<Locale>,
            SignedInStaff(staff): SignedInStaff,
            AppForm(form): AppForm<CatalogForm>,
        ) -> Result<Response, AppError> {
            save_catalog(state, locale, staff, $kind, form).await
        }
    };
}

catalog_handlers!(teams_page, save_team, CatalogKind::Team);
catalog_handlers!(themes_page, save_theme, CatalogKind::Theme);
catalog_handlers!(areas_page, save_area, CatalogKind::Area);

// ---------------------------------------------------------------- routing rules

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
    if team_ids.is_empty() || team_ids.len() != form.teams.len() {
        errors.push(("teams".into(), "admin.error.teams"));
    }
    let (Some(priority), Some(description), Some(keywords), true) = (priority, description, keywords, errors.is_empty()) else {
        return render_rules(&state, locale, &staff, form, RuleTestForm::default(), None, FormErrors(errors), None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let rule = Rule { id, priority, description, input_kind, theme_id, area_id, submitter_kind, keywords, team_ids, active: form.active == "yes" };
    let id = state.store.save_routing_rule(&rule).await?;
    state.store.audit_admin(staff.staff_id, "admin_rule_saved", &id.to_string()).await?;
    state.catalog.refresh(state.store.as_ref()).await?;
    Ok(see_other("/ansatt/admin/regler?ok=1"))
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

// ---------------------------------------------------------------- staff

#[allow(clippy::too_many_arguments, reason = "one page's data, each part loaded by its caller")]
async fn render_staff(
    state: &AppState,
    locale: Locale,
    staff: &SignedIn,
    form: StaffForm,
    invite_link: Option<String>,
    errors: FormErrors,
    done_key: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(state).await?;
    let i18n = I18n::new(locale);
    let rows = state
        .store
        .list_staff()
        .await?
        .into_iter()
        .map(|s| StaffRow {
            id: s.id,
            name: s.display_name,
            role_key: s.role.key(),
            teams: s
                .team_ids
                .iter()
                .filter_map(|id| catalog.teams.iter().find(|t| t.id == *id))
                .map(|t| t.names.get(locale.code()).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            active: s.active,
        })
        .collect();
    let data = StaffPageData {
        nav: nav(staff, &catalog, locale, "admin"),
        rows,
        form,
        invite_link,
        roles: [Role::Caseworker, Role::Moderator, Role::Administrator].iter().map(|r| Choice::new(r.as_str(), i18n.t(r.key()))).collect(),
        teams: catalog.teams.iter().filter(|t| t.active).map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code()))).collect(),
        errors,
        done_key,
    };
    let uri: Uri = "/ansatt/admin/ansatte".parse().unwrap_or_default();
    Ok(page(state, locale, uri, status, "admin.staff.title", move || view! { <StaffAdminPage data=data.clone()/> }).await)
}

pub async fn staff_page(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Query(query): Query<EditQuery>,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(&state).await?;
    let form = match query.rediger.as_deref() {
        Some(id) => {
            let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
            let person = state.store.list_staff().await?.into_iter().find(|s| s.id == id).ok_or(AppError::NotFound)?;
            StaffForm {
                id: person.id.to_string(),
                email: String::new(),
                name: person.display_name,
                role: person.role.as_str().to_string(),
                teams: person.team_ids.iter().filter_map(|id| catalog.teams.iter().find(|t| t.id == *id)).map(|t| t.slug.as_str().to_string()).collect(),
                active: if person.active { "yes".into() } else { String::new() },
            }
        }
        None => StaffForm { role: Role::Caseworker.as_str().into(), ..Default::default() },
    };
    let done_key = query.ok.is_some().then_some("admin.saved");
    render_staff(&state, locale, &staff, form, None, FormErrors::default(), done_key, StatusCode::OK).await
}

/// Invites a new colleague (no `id`) or changes an account's name, role, teams and state.
pub async fn save_staff(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    AppForm(pairs): AppForm<Pairs>,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(&state).await?;
    let form = StaffForm {
        id: value(&pairs, "id").to_string(),
        email: value(&pairs, "email").to_string(),
        name: value(&pairs, "name").to_string(),
        role: value(&pairs, "role").to_string(),
        teams: values(&pairs, "teams"),
        active: value(&pairs, "active").to_string(),
    };
    let mut errors: Vec<(String, &'static str)> = Vec::new();
    let editing = match form.id.as_str() {
        "" => None,
        id => Some(id.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    let name = short_text(&form.name, 100, true).unwrap_or_else(|key| {
        errors.push(("name".into(), key));
        None
    });
    let role = Role::parse(&form.role);
    if role.is_none() {
        errors.push(("role".into(), "validation.choose_one"));
    }
    let team_ids: Vec<i64> = form.teams.iter().filter_map(|slug| catalog.teams.iter().find(|t| t.slug.as_str() == slug).map(|t| t.id)).collect();
    if team_ids.len() != form.teams.len() {
        errors.push(("teams".into(), "validation.choose_from_list"));
    }
    if role == Some(Role::Caseworker) && team_ids.is_empty() {
        errors.push(("teams".into(), "admin.error.caseworker_team"));
    }
    let active = form.active == "yes";
    // An administrator cannot lock themselves out.
    if editing == Some(staff.staff_id) && (role != Some(Role::Administrator) || !active) {
        errors.push(("role".into(), "admin.error.self"));
    }
    let email = match editing {
        Some(_) => None,
        None => match Email::parse(&form.email) {
            Ok(email) => Some(email),
            Err(_) => {
                errors.push(("email".into(), if form.email.trim().is_empty() { "validation.required" } else { "validation.email_invalid" }));
                None
            }
        },
    };
    let (Some(name), Some(role), true) = (name, role, errors.is_empty()) else {
        return render_staff(&state, locale, &staff, form, None, FormErrors(errors), None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match (editing, email) {
        (Some(id), _) => {
            let person = state.store.find_staff_by_id(id).await?.ok_or(AppError::NotFound)?;
            state.store.update_staff(id, &name, role).await?;
            state.store.set_staff_teams(id, &team_ids).await?;
            if person.active != active {
                state.store.set_staff_active(id, active).await?;
            }
            state.store.audit_admin(staff.staff_id, "admin_staff_saved", &format!("staff={id} role={} active={active}", role.as_str())).await?;
            Ok(see_other("/ansatt/admin/ansatte?ok=1"))
        }
        (None, Some(email)) => {
            // No usable password until the person chooses one through the link.
            let user = NewStaffUser { email, display_name: name, password_hash: PasswordHash(String::new()), role };
            let id = match state.store.create_staff_user(&user).await {
                Ok(id) => id,
                Err(StoreError::Conflict(_)) => {
                    let errors = FormErrors(vec![("email".into(), "admin.error.email_taken")]);
                    return render_staff(&state, locale, &staff, form, None, errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
                }
                Err(e) => return Err(e.into()),
            };
            state.store.set_staff_teams(id, &team_ids).await?;
            let token = random_token();
            let now = chrono::Utc::now();
            state.store.create_invite(id, &sha256_hex(token.as_bytes()), now, now + chrono::Duration::days(INVITE_DAYS)).await?;
            state.store.audit_admin(staff.staff_id, "admin_staff_invited", &format!("staff={id} role={}", role.as_str())).await?;
            let link = format!("{}/ansatt/invitasjon/{token}", state.settings.public_url.as_str().trim_end_matches('/'));
            render_staff(
                &state,
                locale,
                &staff,
                StaffForm { role: Role::Caseworker.as_str().into(), ..Default::default() },
                Some(link),
                FormErrors::default(),
                None,
                StatusCode::OK,
            )
            .await
        }
        (None, None) => Err(AppError::BadRequest("staff form without e-mail")),
    }
}

// ---------------------------------------------------------------- invitations (public: the link is the key)

fn valid_token(token: &str) -> bool {
    token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

async fn render_invite(state: &AppState, locale: Locale, token: &str, errors: FormErrors, status: StatusCode) -> Response {
    let data = InvitePageData { action: format!("/ansatt/invitasjon/{token}"), errors };
    let uri: Uri = "/ansatt/invitasjon".parse().unwrap_or_default();
    page(state, locale, uri, status, "invite.heading", move || view! { <InvitePage data=data.clone()/> }).await
}

pub async fn invite_form(State(state): State<AppState>, Extension(locale): Extension<Locale>, Path(token): Path<String>) -> Result<Response, AppError> {
    if !valid_token(&token) || state.store.invite_staff(&sha256_hex(token.as_bytes()), chrono::Utc::now()).await?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(render_invite(&state, locale, &token, FormErrors::default(), StatusCode::OK).await)
}

pub async fn accept_invite(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Path(token): Path<String>,
    AppForm(form): AppForm<InviteForm>,
) -> Result<Response, AppError> {
    let hash = sha256_hex(token.as_bytes());
    if !valid_token(&token) || state.store.invite_staff(&hash, chrono::Utc::now()).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let password = match Password::parse(&form.password) {
        Ok(password) if form.password == form.repeat => password,
        Ok(_) => {
            let errors = FormErrors(vec![("repeat".into(), "invite.error.mismatch")]);
            return Ok(render_invite(&state, locale, &token, errors, StatusCode::UNPROCESSABLE_ENTITY).await);
        }
        Err(error) => {
            let key = match error {
                PasswordError::TooShort => "invite.error.too_short",
                PasswordError::TooLong => "invite.error.too_long",
                PasswordError::TooCommon => "invite.error.too_common",
            };
            let errors = FormErrors(vec![("password".into(), key)]);
            return Ok(render_invite(&state, locale, &token, errors, StatusCode::UNPROCESSABLE_ENTITY).await);
        }
    };
    let password_hash = tokio::task::spawn_blocking(move || password.hash()).await.map_err(AppError::internal)?;
    if !state.store.accept_invite(&hash, &password_hash.0, chrono::Utc::now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/ansatt/logg-inn?klar=1"))
}

// ---------------------------------------------------------------- reply templates

async fn render_templates(
    state: &AppState,
    locale: Locale,
    staff: &SignedIn,
    form: TemplateForm,
    errors: FormErrors,
    done_key: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(state).await?;
    let i18n = I18n::new(locale);
    let rows = state
        .store
        .list_reply_templates()
        .await?
        .into_iter()
        .map(|t| TemplateRow {
            id: t.id,
            title: t.title,
            theme: t
                .theme_id
                .and_then(|id| catalog.themes.iter().find(|x| x.id == id))
                .map(|x| x.names.get(locale.code()).to_string())
                .unwrap_or_else(|| i18n.t("admin.templates.any_theme").to_string()),
            outcome: t.outcome.map(|o| i18n.t(o.key()).to_string()).unwrap_or_else(|| i18n.t("admin.templates.any_outcome").to_string()),
            locale: Locale::from_code(&t.locale).unwrap_or(Locale::DEFAULT).endonym().to_string(),
        })
        .collect();
    let data = TemplatesPageData {
        nav: nav(staff, &catalog, locale, "admin"),
        rows,
        form,
        themes: catalog.themes.iter().filter(|t| t.active).map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code()))).collect(),
        outcomes: Outcome::ALL.iter().map(|o| Choice::new(o.as_str(), i18n.t(o.key()))).collect(),
        locales: Locale::ALL.iter().map(|l| Choice::new(l.code(), l.endonym())).collect(),
        errors,
        done_key,
    };
    let uri: Uri = "/ansatt/admin/svarmaler".parse().unwrap_or_default();
    Ok(page(state, locale, uri, status, "admin.templates.title", move || view! { <TemplatesAdminPage data=data.clone()/> }).await)
}

pub async fn templates_page(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Query(query): Query<EditQuery>,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(&state).await?;
    let form = match query.rediger.as_deref() {
        Some(id) => {
            let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
            let t = state.store.list_reply_templates().await?.into_iter().find(|t| t.id == id).ok_or(AppError::NotFound)?;
            TemplateForm {
                id: t.id.to_string(),
                theme: t.theme_id.and_then(|id| catalog.themes.iter().find(|x| x.id == id)).map(|x| x.slug.as_str().to_string()).unwrap_or_default(),
                outcome: t.outcome.map(|o| o.as_str().to_string()).unwrap_or_default(),
                locale: t.locale,
                title: t.title,
                body: t.body,
            }
        }
        None => TemplateForm { locale: locale.code().to_string(), ..Default::default() },
    };
    let done_key = query.ok.is_some().then_some("admin.saved");
    render_templates(&state, locale, &staff, form, FormErrors::default(), done_key, StatusCode::OK).await
}

pub async fn save_template(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    AppForm(form): AppForm<TemplateForm>,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(&state).await?;
    let mut errors: Vec<(String, &'static str)> = Vec::new();
    let id = match form.id.as_str() {
        "" | "0" => 0,
        id => id.parse::<i64>().map_err(|_| AppError::NotFound)?,
    };
    let title = short_text(&form.title, 120, true).unwrap_or_else(|key| {
        errors.push(("title".into(), key));
        None
    });
    let body = short_text(&form.body, domain::workspace::STAFF_TEXT_MAX_CHARS, true).unwrap_or_else(|key| {
        errors.push(("body".into(), key));
        None
    });
    if Locale::from_code(&form.locale).is_none() {
        errors.push(("locale".into(), "validation.choose_one"));
    }
    let theme_id = catalog.themes.iter().find(|t| t.slug.as_str() == form.theme).map(|t| t.id);
    let outcome = Outcome::parse(&form.outcome);
    let (Some(title), Some(body), true) = (title, body, errors.is_empty()) else {
        return render_templates(&state, locale, &staff, form, FormErrors(errors), None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let template = ReplyTemplate { id, theme_id, outcome, locale: form.locale.clone(), title, body };
    let id = match state.store.save_reply_template(&template).await {
        Ok(id) => id,
        Err(StoreError::Conflict(_)) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    state.store.audit_admin(staff.staff_id, "admin_template_saved", &id.to_string()).await?;
    Ok(see_other("/ansatt/admin/svarmaler?ok=1"))
}

pub async fn delete_template(State(state): State<AppState>, SignedInStaff(staff): SignedInStaff, Path(id): Path<i64>) -> Result<Response, AppError> {
    state.store.delete_reply_template(id).await?;
    state.store.audit_admin(staff.staff_id, "admin_template_deleted", &id.to_string()).await?;
    Ok(see_other("/ansatt/admin/svarmaler?ok=1"))
}
