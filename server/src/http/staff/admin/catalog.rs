//! Teams, themes and areas: lists, edit forms and saving, with their names in every language.

use super::*;
use crate::catalog::Catalog;
use crate::http::extract::{AppForm, SignedInStaff};
use crate::http::redirect::see_other;
use crate::http::staff::nav;
use crate::http::Query;
use crate::http::{AppError, AppState};
use crate::usecase::administer::{self, slug_taken, AdminError, CatalogEntry};
use app::forms::FormErrors;
use app::i18n::{I18n, Locale};
use app::pages::staff::{CatalogAdminPage, CatalogForm, CatalogPageData, CatalogPageKind, CatalogRow};
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::workspace::SignedIn;
use domain::{CatalogKind, Names, Slug};
use leptos::prelude::*;

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
    let names = names.iter().filter_map(|(code, name)| Locale::from_code(code).map(|locale| (CatalogForm::name_field(locale), name.to_string()))).collect();
    let mut form = CatalogForm { editing: slug.to_string(), slug: slug.to_string(), names, active: yes(active), ..Default::default() };
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
    let mut errors: Vec<(String, &'static str)> = Vec::new();
    let editing = !form.editing.is_empty();
    if editing && !slug_taken(&catalog, kind, &form.editing) {
        return Err(AppError::NotFound);
    }
    let slug_text = if editing { form.editing.clone() } else { form.slug.trim().to_lowercase() };
    let slug = match Slug::parse(&slug_text) {
        Ok(slug) => {
            if !editing && slug_taken(&catalog, kind, &slug_text) {
                errors.push(("slug".into(), "admin.error.slug_taken"));
            }
            Some(slug)
        }
        Err(_) => {
            errors.push(("slug".into(), if slug_text.is_empty() { "validation.required" } else { "admin.error.slug" }));
            None
        }
    };
    let mut names: Vec<(String, String)> = Vec::new();
    for locale in Locale::ALL {
        match short_text(form.name(locale), 120, locale == Locale::Nb) {
            Ok(Some(name)) => names.push((locale.code().to_string(), name)),
            Ok(None) => {}
            Err(key) => errors.push((CatalogForm::name_field(locale), key)),
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
    let entry = match kind {
        CatalogKind::Team => CatalogEntry::Team { slug, names, owns_journeys: yes(&form.owns_journeys) },
        CatalogKind::Theme => CatalogEntry::Theme {
            slug,
            names,
            response_target_days: days,
            is_triage: yes(&form.is_triage),
            shows_danger_notice: yes(&form.shows_danger_notice),
        },
        CatalogKind::Area => CatalogEntry::Area { slug, names },
    };
    match administer::save_catalog_entry(&administration(&state), &staff, entry, yes(&form.active), !editing).await {
        Ok(_) => Ok(see_other(&format!("{}?ok=1", page_kind(kind).path()))),
        Err(AdminError::Invalid(broken)) => {
            render_catalog(&state, locale, &staff, kind, form, FormErrors(broken), None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => Err(error.into()),
    }
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
