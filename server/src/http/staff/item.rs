//! The item page and its actions. An item a person may not see answers 404,
//! exactly like an item that does not exist, so ids reveal nothing.

use super::nav;
use crate::http::extract::{AppForm, SignedInStaff};
use crate::http::format::format_datetime;
use crate::http::labels::{explain, team_name};
use crate::http::redirect::see_other;
use crate::http::Query;
use crate::http::{render_page, AppError, AppState, RequestInfo};
use crate::store::items::RevealedContact;
use crate::usecase::item::{self, ActionFields, ActionKind, Workspace};
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::staff::{ConcernView, ContactView, EventView, ItemForms, ItemPage, ItemPageData, JourneyView, OwnerView, PrivacyView, ReferralView, StepView};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use domain::vocabulary::KeptFor;
use domain::vocabulary::{Channel, ConcernKind, Feeling, JourneyGoal, JourneyResult, OnBehalf, SubmitterKind};
use domain::workspace::{ItemDetail, Outcome, SignedIn, Status};
use leptos::prelude::*;

#[derive(serde::Deserialize, Default)]
pub struct ItemQuery {
    ok: Option<String>,
}

/// The item, if it exists and `staff` may see it.
fn workspace(state: &AppState) -> Workspace<'_> {
    Workspace { store: state.store.as_ref(), mail_wakeup: &state.mail_wakeup }
}

async fn visible_item(state: &AppState, staff: &SignedIn, id: i64) -> Result<ItemDetail, AppError> {
    Ok(item::visible_item(&workspace(state), staff, id).await?)
}

pub async fn show_item(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(id): Path<i64>,
    Query(query): Query<ItemQuery>,
) -> Result<Response, AppError> {
    let item = item::open_item(&workspace(&state), &staff, id, chrono::Utc::now()).await?;
    let done_key = query.ok.as_deref().and_then(done_key);
    let forms =
        ItemForms { status: item.status.as_str().to_string(), assignee: item.assignee_id.map(|a| a.to_string()).unwrap_or_default(), ..Default::default() };
    render(&state, locale, &staff, item, forms, FormErrors::default(), None, done_key, StatusCode::OK).await
}

fn done_key(action: &str) -> Option<&'static str> {
    Some(match action {
        "tildel" => "item.done.tildel",
        "status" => "item.done.status",
        "svar" => "item.done.svar",
        "notat" => "item.done.notat",
        "henvis" => "item.done.henvis",
        "lukk" => "item.done.lukk",
        "triage" => "item.done.triage",
        "hjelp" => "item.done.hjelp",
        "personvern" => "item.done.personvern",
        _ => return None,
    })
}

pub async fn item_action(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path((id, action)): Path<(i64, String)>,
    AppForm(forms): AppForm<ItemForms>,
) -> Result<Response, AppError> {
    let item = visible_item(&state, &staff, id).await?;
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let now = chrono::Utc::now();
    if action == "mal" {
        // Start a reply from a template: the page comes back with the text filled in.
        let template = match forms.template.parse::<i64>() {
            Ok(id) => state.store.list_reply_templates().await?.into_iter().find(|t| t.id == id),
            Err(_) => None,
        };
        let Some(template) = template else {
            let errors = FormErrors(vec![("template".into(), "validation.choose_from_list")]);
            return render(&state, locale, &staff, item, forms, errors, None, None, StatusCode::UNPROCESSABLE_ENTITY).await;
        };
        let mut filled = ItemForms { template: template.id.to_string(), ..forms };
        match template.outcome {
            Some(outcome) => {
                filled.outcome = outcome.as_str().to_string();
                filled.closing_reply = template.body;
            }
            None => filled.reply = template.body,
        }
        return render(&state, locale, &staff, item, filled, FormErrors::default(), None, None, StatusCode::OK).await;
    }
    if action == "kontakt" {
        let contact = item::reveal_contact(&workspace(&state), &staff, id, now).await?;
        return render(&state, locale, &staff, item, ItemForms::default(), FormErrors::default(), Some(contact), None, StatusCode::OK).await;
    }
    let kind = match action.as_str() {
        "tildel" => ActionKind::Assign,
        "status" => ActionKind::Status,
        "svar" => ActionKind::Reply,
        "notat" => ActionKind::Note,
        "henvis" => ActionKind::Refer,
        "lukk" => ActionKind::Close,
        // Refused before the form is read; `usecase::item` holds the rule too.
        "triage" if !staff.can_triage() => return Err(AppError::NoAccess),
        "triage" => ActionKind::Triage,
        "hjelp" => ActionKind::HelpRequest,
        _ => return Err(AppError::NotFound),
    };
    let fields = ActionFields {
        assignee: forms.assignee.clone(),
        status: forms.status.clone(),
        reply: forms.reply.clone(),
        note: forms.note.clone(),
        to_team: forms.to_team.clone(),
        how: forms.how.clone(),
        reason: forms.reason.clone(),
        outcome: forms.outcome.clone(),
        outcome_detail: forms.outcome_detail.clone(),
        duplicate_of: forms.duplicate_of.clone(),
        closing_reply: forms.closing_reply.clone(),
        summary: forms.summary.clone(),
        // A request for help always goes to the configured intake team.
        team: if kind == ActionKind::HelpRequest { state.settings.help_intake_team.clone() } else { forms.team.clone() },
    };
    let read = match item::read_action(&workspace(&state), &catalog, &staff, &item, kind, &fields).await {
        Ok(read) => read,
        Err(item::ActError::Invalid(errors)) => {
            return render(&state, locale, &staff, item, forms, FormErrors(errors), None, None, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(item::ActError::Closed) => {
            let errors = FormErrors(vec![("status".into(), "item.error.closed")]);
            return render(&state, locale, &staff, item, forms, errors, None, None, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(error) => return Err(error.into()),
    };
    let still_visible = item::act(&workspace(&state), &staff, id, &read.action, Some(&read.summary), now).await?;
    // Handing over can take the item out of the reader's teams.
    if still_visible {
        Ok(see_other(&format!("/ansatt/sak/{id}?ok={action}")))
    } else {
        Ok(see_other("/ansatt?ok=henvis"))
    }
}

#[allow(clippy::too_many_arguments, reason = "one page's data, each part loaded by its caller")]
async fn render(
    state: &AppState,
    locale: Locale,
    staff: &SignedIn,
    item: ItemDetail,
    forms: ItemForms,
    errors: FormErrors,
    contact: Option<Option<RevealedContact>>,
    done_key: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let now = chrono::Utc::now();
    let owners = item.owner_ids();
    let staff_list = state.store.list_staff().await?;
    let staff_choices = staff_list
        .iter()
        .filter(|s| s.active && !s.for_key && (s.id == staff.staff_id || s.team_ids.iter().any(|t| owners.contains(t))))
        .map(|s| Choice::new(s.id.to_string(), s.display_name.clone()))
        .collect();
    let staff_name = |id: i64| staff_list.iter().find(|s| s.id == id).map(|s| s.display_name.clone());
    // Templates for this theme (or any theme) in the language the resident wrote in.
    let template_choices = state
        .store
        .list_reply_templates()
        .await?
        .into_iter()
        .filter(|t| t.locale == item.locale && (t.theme_id.is_none() || t.theme_id == item.theme_id))
        .map(|t| Choice::new(t.id.to_string(), t.title))
        .collect();
    let name = |id: Option<i64>| team_name(&catalog, id, locale);
    let suggestion = item
        .decisions
        .iter()
        .rev()
        .find(|d| d.suggested)
        .and_then(|d| d.team_id)
        .and_then(|id| catalog.teams.iter().find(|t| t.id == id && t.active))
        .map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code())));
    let journey = item.journey.as_ref().map(|j| JourneyView {
        goal_key: JourneyGoal::parse(&j.goal).unwrap_or(JourneyGoal::Other).key(),
        result_key: JourneyResult::parse(&j.result).unwrap_or(JourneyResult::Other).key(),
        what_would_have_helped: j.what_would_have_helped.clone(),
        steps: j
            .steps
            .iter()
            .map(|s| StepView {
                position: s.position,
                team: match s.team_choice.as_str() {
                    "other" => i18n.t("journey.step.team_other").to_string(),
                    "unknown" => i18n.t("journey.step.team_unknown").to_string(),
                    _ => name(s.team_id),
                },
                channel_key: Channel::parse(&s.channel).unwrap_or(Channel::InPerson).key(),
                what_happened: s.what_happened.clone(),
                feeling_key: Feeling::from_score(s.feeling).unwrap_or(Feeling::Fine).key(),
                went_wrong: s.went_wrong,
                yours: s.team_id.is_some_and(|t| staff.team_ids.contains(&t)),
            })
            .collect(),
    });
    let events = item
        .events
        .iter()
        .map(|e| EventView {
            when: format_datetime(&i18n, e.at),
            who: e.staff_name.clone(),
            kind_key: event_key(&e.kind, e.status.as_deref()),
            text: e.body.clone(),
            detail: match e.kind.as_str() {
                "status" => e.status.as_deref().and_then(Status::parse).map(|s| i18n.t(s.key()).to_string()),
                "closed" => e.status.as_deref().and_then(Outcome::parse).map(|o| i18n.t(o.key()).to_string()),
                "referred" => Some(name(e.team_id)),
                _ => None,
            },
            public: e.is_public,
        })
        .collect();
    let privacy = (staff.role == domain::Role::Administrator).then(|| PrivacyView {
        restricted: item.restricted,
        kept_for: item.kept_for.map(|k| k.as_str().to_string()).unwrap_or_default(),
        kept_choices: std::iter::once(Choice::new("", i18n.t("kept.none")))
            .chain(KeptFor::ALL.iter().map(|k| Choice::new(k.as_str(), i18n.t(k.key()))))
            .collect(),
        anonymised: item.anonymised,
        error: errors.0.iter().find(|(field, _)| field.starts_with("confirm_")).cloned(),
    });
    let data = ItemPageData {
        privacy,
        nav: nav(staff, &catalog, locale, ""),
        id: item.id,
        reference: item.reference.clone(),
        kind_key: item.kind.key(),
        status_key: item.status.key(),
        outcome_key: item.outcome.map(Outcome::key),
        outcome_detail: item.outcome_detail.clone(),
        duplicate_of: item.duplicate_of.clone(),
        received: format_datetime(&i18n, item.created_at),
        via: item.via_api.as_ref().map(|name| i18n.t_with("item.channel_api", &[("name", name)])),
        requests_help: item.requests_help,
        due: item.due_at.filter(|_| item.status != Status::Closed).map(|d| format_datetime(&i18n, d)),
        overdue: item.is_overdue(now),
        title: item.title.clone(),
        body: item.body.clone(),
        written_in: {
            let written = app::i18n::Locale::from_code(&item.locale).unwrap_or(app::i18n::Locale::DEFAULT);
            (written.code().to_string(), written.endonym().to_string())
        },
        address: item.address.clone(),
        theme: item.theme_id.and_then(|id| catalog.themes.iter().find(|t| t.id == id)).map(|t| t.names.get(locale.code()).to_string()),
        area: item.area_id.and_then(|id| catalog.areas.iter().find(|a| a.id == id)).map(|a| a.names.get(locale.code()).to_string()),
        submitter_key: SubmitterKind::parse(&item.submitter_kind).unwrap_or(SubmitterKind::Other).key(),
        organisation: item.organisation_name.clone(),
        concern: item.concern.as_ref().map(|c| ConcernView {
            kind_key: ConcernKind::parse(&c.kind).unwrap_or(ConcernKind::Other).key(),
            occurred: c.occurred.clone(),
            ongoing: c.ongoing,
            on_behalf_key: OnBehalf::parse(&c.on_behalf).unwrap_or(OnBehalf::OwnBehalf).key(),
        }),
        journey,
        personal_data_keys: item
            .personal_data_flags
            .iter()
            .map(|f| match f.as_str() {
                "national_id" => "personal_data.national_id",
                "phone" => "personal_data.phone",
                _ => "personal_data.email",
            })
            .collect(),
        owners: item
            .teams
            .iter()
            .map(|t| OwnerView {
                name: name(Some(t.team_id)),
                via_key: match t.via.as_str() {
                    "routing" => "item.via.routing",
                    "triage" => "item.via.triage",
                    "referral" => "item.via.referral",
                    "added" => "item.via.added",
                    _ => "item.via.journey_step",
                },
                step: t.journey_step,
                active: t.active,
            })
            .collect(),
        routing: item.decisions.iter().map(|d| explain(d.team_id, &d.explanation, &catalog, &i18n, locale)).collect(),
        referrals: item
            .referrals
            .iter()
            .map(|r| ReferralView {
                from: r.from_team.map(|t| name(Some(t))).unwrap_or_else(|| i18n.t("item.referral.triage").to_string()),
                to: name(r.to_team),
                reason: r.reason.clone(),
                who: r.staff_name.clone(),
                when: format_datetime(&i18n, r.at),
                kept: r.kept_own,
            })
            .collect(),
        events,
        assignee: item.assignee_id.and_then(staff_name),
        staff_choices,
        team_choices: catalog.teams.iter().filter(|t| t.active).map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code()))).collect(),
        status_choices: Status::SETTABLE.iter().map(|s| Choice::new(s.as_str(), i18n.t(s.key()))).collect(),
        outcome_choices: Outcome::ALL.iter().map(|o| Choice::new(o.as_str(), i18n.t(o.key()))).collect(),
        template_choices,
        has_contact: item.has_contact,
        contact: contact.map(|c| {
            let c = c.unwrap_or(RevealedContact { email: None, phone: None });
            ContactView { email: c.email, phone: c.phone }
        }),
        closed: item.status == Status::Closed,
        triage: item.status == Status::Triage && staff.can_triage(),
        suggestion,
        held_key: item.held.map(|reason| reason.key()),
        forms,
        errors,
        done_key,
    };
    let uri = format!("/ansatt/sak/{}", item.id).parse().unwrap_or_default();
    let info = RequestInfo { locale, uri, request_id: None };
    Ok(render_page(state, &info, status, "item.title", move || view! { <ItemPage data=data.clone()/> }).await)
}

fn event_key(kind: &str, status: Option<&str>) -> &'static str {
    match (kind, status) {
        ("status", _) => "event.status",
        ("public_reply", _) => "event.public_reply",
        ("internal_note", _) => "event.internal_note",
        ("assigned", _) => "event.assigned",
        ("referred", Some("added")) => "event.added",
        ("referred", _) => "event.referred",
        ("closed", _) => "event.closed",
        ("reopened", _) => "event.reopened",
        _ => "event.other",
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PrivacyForm {
    action: String,
    kept_for: String,
    confirm_anonymise: String,
    confirm_erase: String,
}

/// An administrator restricts, keeps, anonymises or erases the item. The
/// two that remove data for good must be confirmed with their box.
pub async fn privacy_action(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(id): Path<i64>,
    AppForm(form): AppForm<PrivacyForm>,
) -> Result<Response, AppError> {
    use crate::usecase::privacy::{self, PrivacyAction};
    let action = match form.action.as_str() {
        "restrict" => PrivacyAction::Restrict,
        "lift" => PrivacyAction::LiftRestriction,
        "keep" if form.kept_for.is_empty() => PrivacyAction::Keep(None),
        "keep" => PrivacyAction::Keep(Some(KeptFor::parse(&form.kept_for).ok_or(AppError::BadRequest("unknown reason to keep"))?)),
        "anonymise" | "erase" => {
            let (field, confirmed) =
                if form.action == "erase" { ("confirm_erase", &form.confirm_erase) } else { ("confirm_anonymise", &form.confirm_anonymise) };
            if confirmed != "yes" {
                let item = visible_item(&state, &staff, id).await?;
                let errors = FormErrors(vec![(field.to_string(), "item.privacy.confirm_missing")]);
                return render(&state, locale, &staff, item, ItemForms::default(), errors, None, None, StatusCode::UNPROCESSABLE_ENTITY).await;
            }
            if form.action == "erase" {
                PrivacyAction::Erase
            } else {
                PrivacyAction::Anonymise
            }
        }
        _ => return Err(AppError::BadRequest("unknown privacy action")),
    };
    privacy::apply(state.store.as_ref(), &staff, id, action, chrono::Utc::now()).await?;
    // An erased item has no page left: the audit log says what happened.
    Ok(see_other(&if action == PrivacyAction::Erase { "/ansatt/admin/logg?ok=slettet".to_string() } else { format!("/ansatt/sak/{id}?ok=personvern") }))
}
