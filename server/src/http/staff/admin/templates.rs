//! Reply templates per theme, outcome and language.

use super::*;
use crate::http::extract::{AppForm, SignedInStaff};
use crate::http::redirect::see_other;
use crate::http::staff::nav;
use crate::http::Query;
use crate::http::{AppError, AppState};
use crate::store::items::ReplyTemplate;
use crate::usecase::administer;
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::staff::{TemplateForm, TemplateRow, TemplatesAdminPage, TemplatesPageData};
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::workspace::{Outcome, SignedIn};
use leptos::prelude::*;

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
    administer::save_template(&administration(&state), &staff, &template).await?;
    Ok(see_other("/ansatt/admin/svarmaler?ok=1"))
}

pub async fn delete_template(State(state): State<AppState>, SignedInStaff(staff): SignedInStaff, Path(id): Path<i64>) -> Result<Response, AppError> {
    administer::delete_template(&administration(&state), &staff, id).await?;
    Ok(see_other("/ansatt/admin/svarmaler?ok=1"))
}
