//! Staff accounts: name, role, teams and access; a new account gets an invitation link.

use super::*;
use crate::http::extract::{AppForm, SignedInStaff};
use crate::http::redirect::see_other;
use crate::http::staff::nav;
use crate::http::Query;
use crate::http::{AppError, AppState};
use crate::store::StoreError;
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::staff::{StaffAdminPage, StaffForm, StaffPageData, StaffRow};
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::submission::{random_token, sha256_hex};
use domain::workspace::SignedIn;
use domain::{Email, NewStaffUser, PasswordHash, Role};
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
