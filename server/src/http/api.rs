//! The JSON API for staff systems under `/api/v1/`: a key issued for a
//! staff system acts as its own account, a caseworker in the key's teams,
//! so it lists and reads those teams' items and replies, notes, sets the
//! status, refers and closes exactly as a person on the item page does —
//! through `usecase::inbox` and `usecase::item`, with the same rules,
//! trail and audit log. This module only reads the request and writes JSON.
//!
//! The OpenAPI 3.1 document at `/api/v1/openapi.json` is generated from
//! the handlers' annotations and the types below (utoipa), so it describes
//! what the code does; the vocabularies in it (statuses, kinds, outcomes)
//! are the domain's own lists.

use super::AppState;
use crate::catalog::Catalog;
use crate::usecase::inbox::{self, InboxError, Which};
use crate::usecase::item::{self, ActError, ActionFields, ActionKind, Workspace};
use crate::usecase::keys::{self, AuthError};
use crate::usecase::webhooks::{self, Event, WebhookError};
use app::i18n::{I18n, Locale};
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use domain::submission::InputKind;
use domain::vocabulary::{Channel, ConcernKind, JourneyGoal, JourneyResult, OnBehalf, Outcome, SubmitterKind};
use domain::workspace::{Cursor, InboxQuery, InboxRow, ItemDetail, Scope, SignedIn, Sort, Status};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// Items per page when the client does not say.
const DEFAULT_LIMIT: i64 = 25;
/// The most items one page may have.
const MAX_LIMIT: i64 = 100;
/// The longest search text, in characters (as the inbox).
const MAX_SEARCH_CHARS: usize = 200;

/// The API's routes; any other path under `/api/` answers a JSON 404.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/items", get(list_items))
        .route("/api/v1/items/{reference}", get(get_item))
        .route("/api/v1/items/{reference}/replies", post(post_reply))
        .route("/api/v1/items/{reference}/notes", post(post_note))
        .route("/api/v1/items/{reference}/status", post(post_status))
        .route("/api/v1/items/{reference}/referrals", post(post_referral))
        .route("/api/v1/items/{reference}/closing", post(post_closing))
        .route("/api/v1/webhooks", get(list_webhooks).post(post_webhook))
        .route("/api/v1/webhooks/{id}", axum::routing::delete(delete_webhook))
        .route("/api/{*rest}", any(unknown))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Innspill API for staff systems",
        version = "1",
        description = "Read and handle the items of the teams a key was issued for: the same rules, trail and audit log as the staff pages. \
                       Keys are issued by administrators under /ansatt/admin/api-nokler and sent as `Authorization: Bearer <key>`. \
                       Error messages follow `Accept-Language` (nb, nn, en)."
    ),
    paths(list_items, get_item, post_reply, post_note, post_status, post_referral, post_closing, list_webhooks, post_webhook, delete_webhook),
    // The actions' answers name these by reference (`ActionAnswers`).
    components(schemas(ActionDone, ConcernView, Item, ItemEvent, JourneyStep, JourneyView, Problem, ProblemEntry, WebhookDelivery)),
    modifiers(&BearerKey),
    tags(
        (name = "items", description = "The key's teams' items"),
        (name = "webhooks", description = "Where Innspill tells the system that one of its teams' items was created, replied to or closed")
    )
)]
pub struct ApiDoc;

struct BearerKey;

impl utoipa::Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("key", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
        openapi.security = Some(vec![SecurityRequirement::new("key", Vec::<String>::new())]);
    }
}

/// The OpenAPI 3.1 document, generated from this module.
async fn openapi() -> Response {
    json(StatusCode::OK, &ApiDoc::openapi())
}

// ------------------------------------------------------------------ the wire types

fn vocabulary(values: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values)).build()
}

fn status_schema() -> Object {
    vocabulary(Status::ALL.iter().map(|s| s.as_str()))
}

fn settable_status_schema() -> Object {
    vocabulary(Status::SETTABLE.iter().map(|s| s.as_str()))
}

fn status_filter_schema() -> Object {
    vocabulary(Status::ALL.iter().map(|s| s.as_str()).chain(["open", "all"]))
}

fn kind_schema() -> Object {
    vocabulary(InputKind::ALL.iter().map(|k| k.as_str()))
}

fn outcome_schema() -> Object {
    vocabulary(Outcome::ALL.iter().map(|o| o.as_str()))
}

fn goal_schema() -> Object {
    vocabulary(JourneyGoal::ALL.iter().map(|v| v.as_str()))
}

fn result_schema() -> Object {
    vocabulary(JourneyResult::ALL.iter().map(|v| v.as_str()))
}

fn channel_schema() -> Object {
    vocabulary(Channel::ALL.iter().map(|v| v.as_str()))
}

fn concern_kind_schema() -> Object {
    vocabulary(ConcernKind::ALL.iter().map(|v| v.as_str()))
}

fn on_behalf_schema() -> Object {
    vocabulary(OnBehalf::ALL.iter().map(|v| v.as_str()))
}

fn submitter_schema() -> Object {
    vocabulary(SubmitterKind::ALL.iter().map(|v| v.as_str()))
}

fn sort_schema() -> Object {
    vocabulary(Sort::ALL.iter().map(|s| s.as_str()))
}

fn how_schema() -> Object {
    vocabulary(["handover", "add"])
}

/// Why a request was refused: every problem at once.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    errors: Vec<ProblemEntry>,
}

#[derive(Serialize, ToSchema)]
pub struct ProblemEntry {
    /// The body field or query parameter at fault, if one is.
    field: Option<String>,
    /// A stable code for programs.
    code: String,
    /// What is wrong, in the language `Accept-Language` asked for.
    message: String,
}

/// One item in a list.
#[derive(Serialize, ToSchema)]
pub struct ItemSummary {
    /// The item's reference, e.g. MOSS-2026-00042.
    reference: String,
    #[schema(schema_with = kind_schema)]
    kind: String,
    #[schema(schema_with = status_schema)]
    status: String,
    /// The theme's slug.
    theme: Option<String>,
    /// The area's slug.
    area: Option<String>,
    /// The slugs of the teams that own it now.
    teams: Vec<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    /// When a first public reply is due.
    due_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Past its reply deadline with no public reply.
    overdue: bool,
    /// The name of the member it is assigned to.
    assigned_to: Option<String>,
    /// The title, or the first words of the text.
    headline: String,
    /// The personal-data scan found something in it.
    has_personal_data: bool,
}

/// A page of items, newest first unless `sort` says otherwise.
#[derive(Serialize, ToSchema)]
pub struct ItemList {
    items: Vec<ItemSummary>,
    /// Pass as `after` for the next page; absent on the last page.
    next: Option<String>,
}

/// One event on the item's trail.
#[derive(Serialize, ToSchema)]
pub struct ItemEvent {
    /// `status`, `public_reply`, `internal_note`, `assigned`, `referred`, `closed`, `reopened`, …
    kind: String,
    /// Shown to the resident on the tracking page.
    public: bool,
    text: Option<String>,
    /// The status set, the outcome of a closing, or `added`/`handed_over` for a referral.
    detail: Option<String>,
    /// The member who acted.
    by: Option<String>,
    /// The slug of the team they acted for.
    team: Option<String>,
    at: chrono::DateTime<chrono::Utc>,
}

/// One step of a resident's journey.
#[derive(Serialize, ToSchema)]
pub struct JourneyStep {
    position: i64,
    /// The service's (team's) slug, when the resident named one of ours.
    service: Option<String>,
    #[schema(schema_with = channel_schema)]
    channel: String,
    what_happened: String,
    /// 1 (very bad) to 5 (very good).
    #[schema(minimum = 1, maximum = 5)]
    feeling: i64,
    went_wrong: bool,
}

/// What a resident told of their journey.
#[derive(Serialize, ToSchema)]
pub struct JourneyView {
    /// What they tried to achieve.
    #[schema(schema_with = goal_schema)]
    goal: String,
    /// Whether they got there.
    #[schema(schema_with = result_schema)]
    result: String,
    what_would_have_helped: Option<String>,
    /// In the resident's order.
    steps: Vec<JourneyStep>,
}

/// What a neighbour concern is about.
#[derive(Serialize, ToSchema)]
pub struct ConcernView {
    #[schema(schema_with = concern_kind_schema)]
    kind: String,
    /// When it happened, as the resident put it.
    occurred: Option<String>,
    /// It still goes on.
    ongoing: bool,
    /// On whose behalf the resident wrote.
    #[schema(schema_with = on_behalf_schema)]
    on_behalf: String,
}

/// An item as a caseworker of its team sees it; the resident's contact
/// details are not part of it (the staff pages reveal them, audited).
#[derive(Serialize, ToSchema)]
pub struct Item {
    reference: String,
    #[schema(schema_with = kind_schema)]
    kind: String,
    #[schema(schema_with = status_schema)]
    status: String,
    theme: Option<String>,
    area: Option<String>,
    teams: Vec<String>,
    #[schema(schema_with = submitter_schema)]
    submitter_kind: String,
    /// The language the resident wrote in and is answered in.
    locale: String,
    title: Option<String>,
    /// The resident's own words (empty once anonymised).
    text: String,
    address: Option<String>,
    /// What the personal-data scan found (kinds, never the data).
    personal_data_flags: Vec<String>,
    /// The resident left contact details.
    has_contact: bool,
    /// A request for help with the person's own housing (Housing-Social Act § 6):
    /// a case to decide with a formal decision, not feedback.
    requests_help: bool,
    created_at: chrono::DateTime<chrono::Utc>,
    due_at: Option<chrono::DateTime<chrono::Utc>>,
    first_public_reply_at: Option<chrono::DateTime<chrono::Utc>>,
    closed_at: Option<chrono::DateTime<chrono::Utc>>,
    outcome: Option<String>,
    outcome_detail: Option<String>,
    /// A user journey's goal, result and steps.
    journey: Option<JourneyView>,
    /// A neighbour concern's particulars.
    concern: Option<ConcernView>,
    events: Vec<ItemEvent>,
}

/// What an action did.
#[derive(Serialize, ToSchema)]
pub struct ActionDone {
    /// The item after the action, while the key still sees it.
    item: Option<Item>,
    /// False when a hand-over took the item out of the key's teams.
    still_visible: bool,
}

/// A public reply: shown on the tracking page; the resident is told by e-mail that there is an update.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyBody {
    #[schema(max_length = 4000)]
    text: String,
}

/// An internal note: never shown to the resident.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    #[schema(max_length = 4000)]
    text: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    #[schema(schema_with = settable_status_schema)]
    status: String,
}

/// Passes the item to another team (`handover`) or adds one (`add`).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralBody {
    /// The receiving team's slug.
    team: String,
    #[schema(schema_with = how_schema)]
    how: String,
    /// Why, for the receiving team.
    #[schema(max_length = 4000)]
    reason: String,
}

/// Closes the item with an honest outcome.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosingBody {
    #[schema(schema_with = outcome_schema)]
    outcome: String,
    /// Why, to whom or where instead: required for `not_resolved`, `referred` and `outside_remit`.
    #[serde(default)]
    #[schema(max_length = 4000)]
    outcome_detail: Option<String>,
    /// The other item's reference, for `duplicate`.
    #[serde(default)]
    duplicate_of: Option<String>,
    /// A last public reply to the resident.
    #[serde(default)]
    #[schema(max_length = 4000)]
    reply: Option<String>,
    /// "You said, we did": published with the closing; no personal data.
    #[serde(default)]
    #[schema(max_length = 1000)]
    summary: Option<String>,
}

/// The list's filters; each is optional.
#[derive(Deserialize, IntoParams, Default)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// One of the key's teams, by slug: only its items.
    team: Option<String>,
    /// A theme's slug.
    theme: Option<String>,
    /// An area's slug.
    area: Option<String>,
    #[param(schema_with = kind_schema)]
    kind: Option<String>,
    /// One status, `open` (the default: every status but closed) or `all`.
    #[param(schema_with = status_filter_schema)]
    status: Option<String>,
    /// Only items past their reply deadline with no public reply.
    #[param(value_type = Option<bool>)]
    overdue: Option<String>,
    /// Only items nobody is assigned to.
    #[param(value_type = Option<bool>)]
    unassigned: Option<String>,
    /// Words to find in the item's text.
    #[param(max_length = 200)]
    q: Option<String>,
    #[param(schema_with = sort_schema)]
    sort: Option<String>,
    /// The `next` of the page before.
    after: Option<String>,
    /// Items per page, 1 to 100 (25 when not given).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    limit: Option<String>,
}

// ------------------------------------------------------------------ answers

fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    // Items change as staff work: systems ask again rather than keep them.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A refusal: each entry a field (or none), a message key and its translation.
fn problem(status: StatusCode, locale: Locale, entries: &[(Option<&str>, &'static str)]) -> Response {
    let i18n = I18n::new(locale);
    let errors =
        entries.iter().map(|(field, key)| ProblemEntry { field: field.map(str::to_string), code: key.to_string(), message: i18n.t(key).to_string() }).collect();
    json(status, &Problem { errors })
}

fn locale(headers: &HeaderMap) -> Locale {
    headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Locale::from_accept_language).unwrap_or(Locale::DEFAULT)
}

fn store_failed(locale: Locale, error: &crate::store::StoreError) -> Response {
    tracing::error!(error = %crate::telemetry::ErrorChain(error), "api request failed");
    let status = if matches!(error, crate::store::StoreError::Unavailable(_)) { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::INTERNAL_SERVER_ERROR };
    problem(status, locale, &[(None, "api.error.server")])
}

fn act_failed(locale: Locale, error: ActError, rename: &[(&str, &str)]) -> Response {
    match error {
        ActError::NotFound => problem(StatusCode::NOT_FOUND, locale, &[(None, "api.error.no_such_item")]),
        ActError::NoAccess => problem(StatusCode::FORBIDDEN, locale, &[(None, "api.error.no_access")]),
        ActError::Closed => problem(StatusCode::CONFLICT, locale, &[(None, "item.error.closed")]),
        ActError::NotInTriage => problem(StatusCode::CONFLICT, locale, &[(None, "item.error.not_in_triage")]),
        ActError::Restricted => problem(StatusCode::NOT_FOUND, locale, &[(None, "api.error.no_such_item")]),
        ActError::Invalid(errors) => {
            // The use case names the staff form's fields; the body's names are the API's own.
            let field = |name: &str| rename.iter().find(|(from, _)| *from == name).map(|(_, to)| to.to_string()).unwrap_or_else(|| name.to_string());
            let named: Vec<(String, &'static str)> = errors.iter().map(|(name, key)| (field(name), *key)).collect();
            let entries: Vec<(Option<&str>, &'static str)> = named.iter().map(|(name, key)| (Some(name.as_str()), *key)).collect();
            problem(StatusCode::UNPROCESSABLE_ENTITY, locale, &entries)
        }
        ActError::Store(error) => store_failed(locale, &error),
    }
}

/// Paths under `/api/` that are not the API's.
async fn unknown(headers: HeaderMap) -> Response {
    problem(StatusCode::NOT_FOUND, locale(&headers), &[(None, "api.error.unknown_path")])
}

// ------------------------------------------------------------------ who asks

/// The member a request's key acts as, and the language it reads errors in.
/// The key comes in the `Authorization` header only: a key in a URL ends up
/// in logs and browser histories.
pub struct Caller {
    key_id: i64,
    member: SignedIn,
    locale: Locale,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, Response> {
        let locale = locale(&parts.headers);
        let presented =
            parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).map(str::trim).unwrap_or("");
        let now = chrono::Utc::now();
        let store = state.store.as_ref();
        let (key, mut member) = match keys::authenticate_member(store, presented, now).await {
            Ok(found) => found,
            Err(AuthError::Refused) => {
                let mut response = problem(StatusCode::UNAUTHORIZED, locale, &[(None, "api.error.key")]);
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                return Err(response);
            }
            Err(AuthError::Store(error)) => return Err(store_failed(locale, &error)),
        };
        match keys::over_limit(store, &key, now).await {
            Ok(false) => {}
            Ok(true) => {
                let mut response = problem(StatusCode::TOO_MANY_REQUESTS, locale, &[(None, "api.error.limited")]);
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("3600"));
                return Err(response);
            }
            Err(error) => return Err(store_failed(locale, &error)),
        }
        member.client = Some(super::limits::client_tag(state.tracking_secret.as_bytes(), &parts.extensions));
        Ok(Caller { key_id: key.id, member, locale })
    }
}

// ------------------------------------------------------------------ reading

fn slug_of<'a>(items: impl IntoIterator<Item = (i64, &'a str)>, id: Option<i64>) -> Option<String> {
    let id = id?;
    items.into_iter().find(|(i, _)| *i == id).map(|(_, slug)| slug.to_string())
}

fn team_slug(catalog: &Catalog, id: Option<i64>) -> Option<String> {
    slug_of(catalog.teams.iter().map(|t| (t.id, t.slug.as_str())), id)
}

fn summary(catalog: &Catalog, row: InboxRow) -> ItemSummary {
    ItemSummary {
        reference: row.reference,
        kind: row.kind.as_str().to_string(),
        status: row.status.as_str().to_string(),
        theme: slug_of(catalog.themes.iter().map(|t| (t.id, t.slug.as_str())), row.theme_id),
        area: slug_of(catalog.areas.iter().map(|a| (a.id, a.slug.as_str())), row.area_id),
        teams: row.team_ids.iter().filter_map(|id| team_slug(catalog, Some(*id))).collect(),
        created_at: row.created_at,
        due_at: row.due_at,
        overdue: row.overdue,
        assigned_to: row.assignee_name,
        headline: row.headline,
        has_personal_data: row.has_personal_data,
    }
}

fn full(catalog: &Catalog, item: ItemDetail) -> Item {
    let owners = item.owner_ids();
    Item {
        reference: item.reference,
        kind: item.kind.as_str().to_string(),
        status: item.status.as_str().to_string(),
        theme: slug_of(catalog.themes.iter().map(|t| (t.id, t.slug.as_str())), item.theme_id),
        area: slug_of(catalog.areas.iter().map(|a| (a.id, a.slug.as_str())), item.area_id),
        teams: owners.iter().filter_map(|id| team_slug(catalog, Some(*id))).collect(),
        submitter_kind: item.submitter_kind,
        locale: item.locale,
        title: item.title,
        text: item.body,
        address: item.address,
        personal_data_flags: item.personal_data_flags,
        has_contact: item.has_contact,
        requests_help: item.requests_help,
        created_at: item.created_at,
        due_at: item.due_at,
        first_public_reply_at: item.first_public_reply_at,
        closed_at: item.closed_at,
        outcome: item.outcome.map(|o| o.as_str().to_string()),
        outcome_detail: item.outcome_detail,
        journey: item.journey.map(|journey| JourneyView {
            goal: journey.goal,
            result: journey.result,
            what_would_have_helped: journey.what_would_have_helped,
            steps: journey
                .steps
                .into_iter()
                .map(|s| JourneyStep {
                    position: s.position,
                    service: team_slug(catalog, s.team_id),
                    channel: s.channel,
                    what_happened: s.what_happened,
                    feeling: s.feeling,
                    went_wrong: s.went_wrong,
                })
                .collect(),
        }),
        concern: item.concern.map(|c| ConcernView { kind: c.kind, occurred: c.occurred, ongoing: c.ongoing, on_behalf: c.on_behalf }),
        events: item
            .events
            .into_iter()
            .map(|e| ItemEvent {
                kind: e.kind,
                public: e.is_public,
                text: e.body,
                detail: e.status,
                by: e.staff_name,
                team: team_slug(catalog, e.team_id),
                at: e.at,
            })
            .collect(),
    }
}

/// What is wrong with a request: each a parameter (or none) and a message key.
type Faults = Vec<(Option<&'static str>, &'static str)>;

fn flag(value: Option<&str>, name: &'static str, errors: &mut Faults) -> bool {
    match value {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            errors.push((Some(name), "api.error.boolean"));
            false
        }
    }
}

/// The list's filters as an inbox query (the use case sets the scope), or
/// every parameter that is wrong.
fn read_list(params: &ListParams, catalog: &Catalog, now: chrono::DateTime<chrono::Utc>) -> Result<(Option<i64>, InboxQuery), Faults> {
    let mut errors = Vec::new();
    let mut slug = |value: &Option<String>, name: &'static str, found: Option<i64>| {
        if value.is_some() && found.is_none() {
            errors.push((Some(name), "validation.choose_from_list"));
        }
        found
    };
    let team = slug(&params.team, "team", params.team.as_deref().and_then(|s| catalog.teams.iter().find(|t| t.slug.as_str() == s).map(|t| t.id)));
    let theme_id = slug(&params.theme, "theme", params.theme.as_deref().and_then(|s| catalog.themes.iter().find(|t| t.slug.as_str() == s).map(|t| t.id)));
    let area_id = slug(&params.area, "area", params.area.as_deref().and_then(|s| catalog.areas.iter().find(|a| a.slug.as_str() == s).map(|a| a.id)));
    let kind = params.kind.as_deref().map(InputKind::parse);
    if kind == Some(None) {
        errors.push((Some("kind"), "validation.choose_from_list"));
    }
    let (status, include_closed) = match params.status.as_deref() {
        None | Some("open") => (None, false),
        Some("all") => (None, true),
        Some(other) => match Status::parse(other) {
            Some(status) => (Some(status), false),
            None => {
                errors.push((Some("status"), "validation.choose_from_list"));
                (None, false)
            }
        },
    };
    let sort = match params.sort.as_deref() {
        None => Sort::default(),
        Some(given) => Sort::parse(given).unwrap_or_else(|| {
            errors.push((Some("sort"), "validation.choose_from_list"));
            Sort::default()
        }),
    };
    let after = params.after.as_deref().map(Cursor::parse);
    if after == Some(None) {
        errors.push((Some("after"), "api.error.cursor"));
    }
    let limit = match params.limit.as_deref() {
        None => DEFAULT_LIMIT,
        Some(given) => given.parse::<i64>().ok().filter(|n| (1..=MAX_LIMIT).contains(n)).unwrap_or_else(|| {
            errors.push((Some("limit"), "api.error.limit"));
            DEFAULT_LIMIT
        }),
    };
    let search = params.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(str::to_string);
    if search.as_ref().is_some_and(|q| q.chars().count() > MAX_SEARCH_CHARS) {
        errors.push((Some("q"), "validation.too_long"));
    } else if search.as_ref().is_some_and(|q| q.chars().any(char::is_control)) {
        errors.push((Some("q"), "validation.control_characters"));
    }
    let overdue = flag(params.overdue.as_deref(), "overdue", &mut errors);
    let unassigned = flag(params.unassigned.as_deref(), "unassigned", &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let query = InboxQuery {
        scope: Scope::Teams(Vec::new()),
        team_id: None,
        kind: kind.flatten(),
        theme_id,
        area_id,
        status,
        include_closed,
        overdue,
        assignee_id: None,
        unassigned,
        held: false,
        help_requests: false,
        search,
        received: None,
        submitter: None,
        outcome: None,
        service: None,
        sort,
        after: after.flatten(),
        limit,
        now,
    };
    Ok((team, query))
}

/// The key's teams' items, one page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/items",
    tag = "items",
    params(ListParams),
    responses(
        (status = 200, description = "One page of items", body = ItemList),
        (status = 400, description = "A parameter is unknown or wrong", body = Problem),
        (status = 401, description = "No key, or a revoked one", body = Problem),
        (status = 403, description = "`team` is not one of the key's teams", body = Problem),
        (status = 429, description = "The key's hourly limit is used up", body = Problem),
    )
)]
async fn list_items(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<axum::extract::Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Caller { member, locale, .. } = caller;
    let Ok(axum::extract::Query(params)) = query else {
        return problem(StatusCode::BAD_REQUEST, locale, &[(None, "api.error.query")]);
    };
    let catalog = match state.catalog.get(state.store.as_ref()).await {
        Ok(catalog) => catalog,
        Err(error) => return store_failed(locale, &error),
    };
    let (team, query) = match read_list(&params, &catalog, chrono::Utc::now()) {
        Ok(read) => read,
        Err(errors) => return problem(StatusCode::BAD_REQUEST, locale, &errors),
    };
    let which = team.map_or(Which::MyTeams, Which::Team);
    let sort = query.sort;
    match inbox::page(state.store.as_ref(), &member, which, query).await {
        Ok(page) => {
            let next = page.next(sort).map(|cursor| cursor.encode());
            json(StatusCode::OK, &ItemList { items: page.rows.into_iter().map(|row| summary(&catalog, row)).collect(), next })
        }
        Err(InboxError::NoAccess) => problem(StatusCode::FORBIDDEN, locale, &[(Some("team"), "api.error.not_your_team")]),
        Err(InboxError::Store(error)) => store_failed(locale, &error),
    }
}

/// The path's reference; one that cannot be read (not UTF-8) names no item.
fn path_reference(reference: Result<Path<String>, PathRejection>) -> String {
    reference.map(|Path(reference)| reference).unwrap_or_default()
}

/// The item with this reference, if the key's teams own it.
async fn find(state: &AppState, member: &SignedIn, reference: &str) -> Result<ItemDetail, ActError> {
    let workspace = Workspace { store: state.store.as_ref(), mail_wakeup: &state.mail_wakeup };
    let reference = reference.trim().to_uppercase();
    // No reference is long or holds control characters: not worth a query (nor a NUL for PostgreSQL).
    if reference.len() > 40 || reference.chars().any(char::is_control) {
        return Err(ActError::NotFound);
    }
    let id = state.store.submission_id_by_reference(&reference).await?.ok_or(ActError::NotFound)?;
    item::open_item(&workspace, member, id, chrono::Utc::now()).await
}

/// One item, with its trail.
#[utoipa::path(
    get,
    path = "/api/v1/items/{reference}",
    tag = "items",
    params(("reference" = String, Path, description = "The item's reference")),
    responses(
        (status = 200, description = "The item", body = Item),
        (status = 401, description = "No key, or a revoked one", body = Problem),
        (status = 404, description = "No such item among the key's teams' items", body = Problem),
        (status = 429, description = "The key's hourly limit is used up", body = Problem),
    )
)]
async fn get_item(State(state): State<AppState>, caller: Caller, reference: Result<Path<String>, PathRejection>) -> Response {
    let Caller { member, locale, .. } = caller;
    let reference = path_reference(reference);
    let catalog = match state.catalog.get(state.store.as_ref()).await {
        Ok(catalog) => catalog,
        Err(error) => return store_failed(locale, &error),
    };
    match find(&state, &member, &reference).await {
        Ok(item) => json(StatusCode::OK, &full(&catalog, item)),
        Err(error) => act_failed(locale, error, &[]),
    }
}

// ------------------------------------------------------------------ acting

/// Why a body was refused: the status and the message key.
struct Refused(StatusCode, &'static str);

impl Refused {
    fn answer(self, locale: Locale) -> Response {
        problem(self.0, locale, &[(None, self.1)])
    }
}

/// A JSON body of type `T`, or why it is refused.
fn body<T: serde::de::DeserializeOwned>(headers: &HeaderMap, bytes: &Bytes) -> Result<T, Refused> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(Refused(StatusCode::UNSUPPORTED_MEDIA_TYPE, "api.error.json_only"));
    }
    serde_json::from_slice(bytes).map_err(|_| Refused(StatusCode::BAD_REQUEST, "api.error.body"))
}

/// Reads and takes the action on the item; `rename` maps the use case's field names to the body's.
async fn take(state: &AppState, caller: Caller, reference: &str, kind: ActionKind, fields: ActionFields, rename: &[(&str, &str)]) -> Response {
    let Caller { member, locale, .. } = caller;
    let catalog = match state.catalog.get(state.store.as_ref()).await {
        Ok(catalog) => catalog,
        Err(error) => return store_failed(locale, &error),
    };
    let workspace = Workspace { store: state.store.as_ref(), mail_wakeup: &state.mail_wakeup };
    let done = async {
        let item = find(state, &member, reference).await?;
        let read = item::read_action(&workspace, &catalog, &member, &item, kind, &fields).await?;
        let still_visible = item::act(&workspace, &member, item.id, &read.action, Some(&read.summary), chrono::Utc::now()).await?;
        let after = if still_visible { Some(item::visible_item(&workspace, &member, item.id).await?) } else { None };
        Ok::<_, ActError>((after, still_visible))
    };
    match done.await {
        Ok((after, still_visible)) => json(StatusCode::OK, &ActionDone { item: after.map(|item| full(&catalog, item)), still_visible }),
        Err(error) => act_failed(locale, error, rename),
    }
}

/// The answers of every action, for the document.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code, clippy::large_enum_variant, reason = "only describes the answers in the OpenAPI document; never built")]
pub enum ActionAnswers {
    /// Done.
    #[response(status = 200)]
    Done(ActionDone),
    /// The body is not this JSON.
    #[response(status = 400)]
    BadBody(Problem),
    /// No key, or a revoked one.
    #[response(status = 401)]
    NoKey(Problem),
    /// No such item among the key's teams' items.
    #[response(status = 404)]
    NoItem(Problem),
    /// The item is closed.
    #[response(status = 409)]
    Closed(Problem),
    /// The body is not JSON.
    #[response(status = 415)]
    NotJson(Problem),
    /// A field is wrong.
    #[response(status = 422)]
    BadField(Problem),
    /// The key's hourly limit is used up.
    #[response(status = 429)]
    Limited(Problem),
}

/// An action's handler: the body read as `B`, turned into the use case's fields.
async fn action<B: serde::de::DeserializeOwned>(
    state: &AppState,
    caller: Caller,
    reference: Result<Path<String>, PathRejection>,
    (headers, bytes): (&HeaderMap, &Bytes),
    kind: ActionKind,
    fields: impl FnOnce(B) -> ActionFields,
    rename: &[(&str, &str)],
) -> Response {
    let reference = path_reference(reference);
    match body(headers, bytes) {
        Ok(parsed) => take(state, caller, &reference, kind, fields(parsed), rename).await,
        Err(refused) => refused.answer(caller.locale),
    }
}

/// Replies in public.
#[utoipa::path(
    post,
    path = "/api/v1/items/{reference}/replies",
    tag = "items",
    params(("reference" = String, Path, description = "The item's reference")),
    request_body = ReplyBody,
    responses(ActionAnswers)
)]
async fn post_reply(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let fields = |b: ReplyBody| ActionFields { reply: b.text, ..Default::default() };
    action(&state, caller, reference, (&headers, &bytes), ActionKind::Reply, fields, &[("reply", "text")]).await
}

/// Adds an internal note.
#[utoipa::path(
    post,
    path = "/api/v1/items/{reference}/notes",
    tag = "items",
    params(("reference" = String, Path, description = "The item's reference")),
    request_body = NoteBody,
    responses(ActionAnswers)
)]
async fn post_note(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let fields = |b: NoteBody| ActionFields { note: b.text, ..Default::default() };
    action(&state, caller, reference, (&headers, &bytes), ActionKind::Note, fields, &[("note", "text")]).await
}

/// Sets the status (closing has its own call, with an outcome).
#[utoipa::path(
    post,
    path = "/api/v1/items/{reference}/status",
    tag = "items",
    params(("reference" = String, Path, description = "The item's reference")),
    request_body = StatusBody,
    responses(ActionAnswers)
)]
async fn post_status(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let fields = |b: StatusBody| ActionFields { status: b.status, ..Default::default() };
    action(&state, caller, reference, (&headers, &bytes), ActionKind::Status, fields, &[]).await
}

/// Refers the item to another team; after a hand-over the key may no longer see it.
#[utoipa::path(
    post,
    path = "/api/v1/items/{reference}/referrals",
    tag = "items",
    params(("reference" = String, Path, description = "The item's reference")),
    request_body = ReferralBody,
    responses(ActionAnswers)
)]
async fn post_referral(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let fields = |b: ReferralBody| ActionFields { to_team: b.team, how: b.how, reason: b.reason, ..Default::default() };
    action(&state, caller, reference, (&headers, &bytes), ActionKind::Refer, fields, &[("to_team", "team")]).await
}

/// Closes the item with an honest outcome.
#[utoipa::path(
    post,
    path = "/api/v1/items/{reference}/closing",
    tag = "items",
    params(("reference" = String, Path, description = "The item's reference")),
    request_body = ClosingBody,
    responses(ActionAnswers)
)]
async fn post_closing(
    State(state): State<AppState>,
    caller: Caller,
    reference: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let fields = |b: ClosingBody| ActionFields {
        outcome: b.outcome,
        outcome_detail: b.outcome_detail.unwrap_or_default(),
        duplicate_of: b.duplicate_of.unwrap_or_default(),
        closing_reply: b.reply.unwrap_or_default(),
        summary: b.summary.unwrap_or_default(),
        ..Default::default()
    };
    action(&state, caller, reference, (&headers, &bytes), ActionKind::Close, fields, &[("closing_reply", "reply")]).await
}

/// Every call of the API as (method, path, operation id), for the
/// developers' page: read from the generated document.
pub fn operations() -> Vec<app::pages::Operation> {
    let doc = ApiDoc::openapi();
    let mut operations = Vec::new();
    for (path, item) in &doc.paths.paths {
        for (method, operation) in [("GET", &item.get), ("POST", &item.post), ("DELETE", &item.delete)] {
            if let Some(operation) = operation {
                operations.push(app::pages::Operation {
                    method: method.to_string(),
                    path: path.clone(),
                    id: operation.operation_id.clone().unwrap_or_default(),
                });
            }
        }
    }
    operations
}

// ------------------------------------------------------------------ webhooks

fn events_schema() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new().items(vocabulary(Event::ALL.iter().map(|e| e.as_str()))).min_items(Some(1)).unique_items(true).build()
}

/// A webhook of the key.
#[derive(Serialize, ToSchema)]
pub struct WebhookView {
    id: i64,
    /// Where deliveries are posted.
    url: String,
    /// What it is told about.
    #[schema(schema_with = events_schema)]
    events: Vec<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    /// Deliveries waiting or being tried.
    pending: i64,
    delivered: i64,
    /// Deliveries given up after failing until the give-up time.
    failed: i64,
    /// Why the newest failed attempt failed: `http_<status>` (the address answered that),
    /// `timeout`, `connect_failed`, `request_failed`, `address_not_allowed` (no allowed prefix
    /// covers it any more) or `key_revoked`.
    last_error: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookList {
    webhooks: Vec<WebhookView>,
}

/// A webhook just registered, with the secret that signs its deliveries: shown this once.
#[derive(Serialize, ToSchema)]
pub struct WebhookCreated {
    webhook: WebhookView,
    secret: String,
}

/// A webhook to register. The address must lie under a prefix an administrator allowed.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookBody {
    #[schema(max_length = 500)]
    url: String,
    #[schema(schema_with = events_schema)]
    events: Vec<String>,
}

/// What is posted to a webhook (`Content-Type: application/json`), with the headers
/// `X-Innspill-Event`, `X-Innspill-Delivery` (the `id`, the same on every attempt),
/// `X-Innspill-Timestamp` (Unix seconds) and
/// `X-Innspill-Signature: sha256=<hex HMAC-SHA-256(secret, "<timestamp>.<body>")>`.
/// A 2xx answer ends it; anything else is tried again later. No personal data.
#[derive(Serialize, ToSchema)]
#[allow(dead_code, reason = "only describes the webhook body in the OpenAPI document; crate::webhook writes it")]
pub struct WebhookDelivery {
    id: i64,
    #[schema(schema_with = event_schema)]
    event: String,
    reference: String,
    occurred_at: chrono::DateTime<chrono::Utc>,
    /// The item in this API.
    item_url: String,
}

fn event_schema() -> Object {
    vocabulary(Event::ALL.iter().map(|e| e.as_str()))
}

fn webhook_view(webhook: crate::store::webhooks::Webhook) -> WebhookView {
    WebhookView {
        events: Event::of(&webhook).into_iter().map(|e| e.as_str().to_string()).collect(),
        id: webhook.id,
        url: webhook.url,
        created_at: webhook.created_at,
        pending: webhook.pending,
        delivered: webhook.delivered,
        failed: webhook.dead,
        last_error: webhook.last_error,
    }
}

fn webhook_failed(locale: Locale, error: WebhookError) -> Response {
    match error {
        WebhookError::Forbidden => problem(StatusCode::FORBIDDEN, locale, &[(None, "api.error.no_access")]),
        WebhookError::NotFound => problem(StatusCode::NOT_FOUND, locale, &[(None, "api.error.no_such_webhook")]),
        WebhookError::Invalid(errors) => {
            let entries: Vec<(Option<&str>, &'static str)> = errors.iter().map(|(field, key)| (Some(*field), *key)).collect();
            problem(StatusCode::UNPROCESSABLE_ENTITY, locale, &entries)
        }
        WebhookError::Store(error) => store_failed(locale, &error),
    }
}

/// The key's webhooks.
#[utoipa::path(
    get,
    path = "/api/v1/webhooks",
    tag = "webhooks",
    responses(
        (status = 200, description = "The key's webhooks", body = WebhookList),
        (status = 401, description = "No key, or a revoked one", body = Problem),
        (status = 429, description = "The key's hourly limit is used up", body = Problem),
    )
)]
async fn list_webhooks(State(state): State<AppState>, caller: Caller) -> Response {
    match webhooks::of_key(state.store.as_ref(), caller.key_id).await {
        Ok(list) => json(StatusCode::OK, &WebhookList { webhooks: list.into_iter().map(webhook_view).collect() }),
        Err(error) => webhook_failed(caller.locale, error),
    }
}

/// Registers a webhook for the key's teams' items.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks",
    tag = "webhooks",
    request_body = WebhookBody,
    responses(
        (status = 201, description = "Registered; the secret is shown this once", body = WebhookCreated),
        (status = 400, description = "The body is not this JSON", body = Problem),
        (status = 401, description = "No key, or a revoked one", body = Problem),
        (status = 415, description = "The body is not JSON", body = Problem),
        (status = 422, description = "The address is not allowed, or no known event is chosen", body = Problem),
        (status = 429, description = "The key's hourly limit is used up", body = Problem),
    )
)]
async fn post_webhook(State(state): State<AppState>, caller: Caller, headers: HeaderMap, bytes: Bytes) -> Response {
    let parsed: WebhookBody = match body(&headers, &bytes) {
        Ok(parsed) => parsed,
        Err(refused) => return refused.answer(caller.locale),
    };
    match webhooks::register(state.store.as_ref(), &caller.member, caller.key_id, &parsed.url, &parsed.events, chrono::Utc::now()).await {
        Ok(registered) => json(StatusCode::CREATED, &WebhookCreated { webhook: webhook_view(registered.webhook), secret: registered.secret }),
        Err(error) => webhook_failed(caller.locale, error),
    }
}

/// Deletes one of the key's webhooks; deliveries not yet made are dropped.
#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/{id}",
    tag = "webhooks",
    params(("id" = i64, Path, description = "The webhook's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No key, or a revoked one", body = Problem),
        (status = 404, description = "The key has no such webhook", body = Problem),
        (status = 429, description = "The key's hourly limit is used up", body = Problem),
    )
)]
async fn delete_webhook(State(state): State<AppState>, caller: Caller, id: Result<Path<i64>, PathRejection>) -> Response {
    let Ok(Path(id)) = id else {
        return problem(StatusCode::NOT_FOUND, caller.locale, &[(None, "api.error.no_such_webhook")]);
    };
    match webhooks::unregister(state.store.as_ref(), &caller.member, caller.key_id, id, chrono::Utc::now()).await {
        Ok(()) => {
            let mut response = StatusCode::NO_CONTENT.into_response();
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => webhook_failed(caller.locale, error),
    }
}
