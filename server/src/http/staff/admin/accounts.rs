//! Staff accounts: name, role, teams and access; a new account gets an invitation link.

use super::*;
use crate::http::extract::{AppForm, SignedInStaff};
use crate::http::redirect::see_other;
use crate::http::staff::nav;
use crate::http::Query;
use crate::http::{AppError, AppState};
use crate::usecase::administer::{self, AdminError};
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::staff::{StaffAdminPage, StaffForm, StaffPageData, StaffRow};
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::workspace::SignedIn;
use domain::{Email, Role};
use leptos::prelude::*;

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
            for_key: s.for_key,
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
    let active = form.active == "yes";
    errors.extend(administer::account_rules_broken(&staff, editing, role, active, &team_ids));
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
    let admin = administration(&state);
    match (editing, email) {
        (Some(id), _) => {
            let change = administer::AccountChange { staff_id: id, display_name: name, role, team_ids, active };
            match administer::change_account(&admin, &staff, &change).await {
                Ok(()) => Ok(see_other("/ansatt/admin/ansatte?ok=1")),
                Err(AdminError::Invalid(broken)) => {
                    render_staff(&state, locale, &staff, form, None, FormErrors(broken), None, StatusCode::UNPROCESSABLE_ENTITY).await
                }
                Err(error) => Err(error.into()),
            }
        }
        (None, Some(email)) => {
            let account = administer::NewAccount { email, display_name: name, role, team_ids };
            let invitation = match administer::invite(&admin, &staff, account, chrono::Utc::now()).await {
                Ok(invitation) => invitation,
                Err(AdminError::Invalid(broken)) => {
                    return render_staff(&state, locale, &staff, form, None, FormErrors(broken), None, StatusCode::UNPROCESSABLE_ENTITY).await;
                }
                Err(error) => return Err(error.into()),
            };
            let link = format!("{}/ansatt/invitasjon/{}", state.settings.public_url.as_str().trim_end_matches('/'), invitation.token);
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
