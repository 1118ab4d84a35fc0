//! The inboxes: "my teams", one team, and the moderators' triage queue.
//! One page costs the session lookup plus one inbox query (the catalog is cached).

use super::nav;
use crate::catalog::Catalog;
use crate::http::extract::SignedInStaff;
use crate::http::format::format_datetime;
use crate::http::Query;
use crate::http::{render_page, AppError, AppState, RequestInfo};
use crate::usecase::inbox::{self, Which};
use app::forms::Choice;
use app::i18n::{I18n, Locale};
use app::pages::staff::{InboxFilters, InboxPage, InboxPageData, InboxRowView};
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::insight::Month;
use domain::submission::{InputKind, SubmitterKind};
use domain::vocabulary::Outcome;
use domain::workspace::{Cursor, InboxQuery, Scope, SignedIn, Sort, Status, INBOX_PAGE_SIZE};
use leptos::prelude::*;

/// Which inbox is shown.
enum Mode {
    MyTeams,
    Team(i64, String),
    Triage,
    /// Posts held as looking automated, for a moderator to release or close.
    Held,
}

pub async fn my_inbox(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Query(filters): Query<InboxFilters>,
    uri: Uri,
) -> Result<Response, AppError> {
    inbox(&state, locale, &staff, filters, Mode::MyTeams, uri).await
}

pub async fn team_inbox(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(slug): Path<String>,
    Query(filters): Query<InboxFilters>,
    uri: Uri,
) -> Result<Response, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let team = catalog.teams.iter().find(|t| t.slug.as_str() == slug).ok_or(AppError::NotFound)?;
    let mode = Mode::Team(team.id, team.names.get(locale.code()).to_string());
    inbox(&state, locale, &staff, filters, mode, uri).await
}

pub async fn triage_queue(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Query(filters): Query<InboxFilters>,
    uri: Uri,
) -> Result<Response, AppError> {
    inbox(&state, locale, &staff, filters, Mode::Triage, uri).await
}

pub async fn held_queue(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Query(filters): Query<InboxFilters>,
    uri: Uri,
) -> Result<Response, AppError> {
    inbox(&state, locale, &staff, filters, Mode::Held, uri).await
}

/// The months asked for from the insight, as `[first day, day after)`;
/// one month alone when only one is given, in order when given backwards.
fn received(filters: &InboxFilters) -> Option<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> {
    let (from, to) = match (Month::parse(&filters.from), Month::parse(&filters.to)) {
        (Some(from), Some(to)) => (from.min(to), from.max(to)),
        (Some(one), None) | (None, Some(one)) => (one, one),
        (None, None) => return None,
    };
    Some((from.start(), to.next().start()))
}

/// The insight's filters in force, in words, for the notice above the list.
fn insight_filters_in_words(filters: &InboxFilters, catalog: &crate::catalog::Catalog, i18n: &I18n, locale: Locale) -> Vec<String> {
    let mut words = Vec::new();
    let month = |text: &str| Month::parse(text).map(|m| crate::http::format::month_label(i18n, m));
    if received(filters).is_some() {
        let from = month(&filters.from).or_else(|| month(&filters.to)).unwrap_or_default();
        let to = month(&filters.to).unwrap_or_else(|| from.clone());
        words.push(i18n.t_with("inbox.insight.received", &[("from", &from), ("to", &to)]));
    }
    if let Some(kind) = SubmitterKind::parse(&filters.submitter) {
        words.push(i18n.t_with("inbox.insight.submitter", &[("submitter", i18n.t(kind.key()))]));
    }
    if let Some(outcome) = Outcome::parse(&filters.outcome) {
        words.push(i18n.t_with("inbox.insight.outcome", &[("outcome", i18n.t(outcome.key()))]));
    }
    if let Some(team) = catalog.teams.iter().find(|t| t.slug.as_str() == filters.service) {
        words.push(i18n.t_with("inbox.insight.service", &[("service", team.names.get(locale.code()))]));
    }
    words
}

fn slug_id<'a>(slug: &str, items: impl Iterator<Item = (&'a str, i64)>) -> Option<i64> {
    let mut items = items;
    items.find(|(s, _)| *s == slug).map(|(_, id)| id)
}

async fn inbox(state: &AppState, locale: Locale, staff: &SignedIn, filters: InboxFilters, mode: Mode, uri: Uri) -> Result<Response, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let now = chrono::Utc::now();
    let sort = Sort::parse(&filters.sort).unwrap_or_default();
    let status = Status::parse(&filters.status);
    let which = match &mode {
        Mode::MyTeams => Which::MyTeams,
        Mode::Team(id, _) => Which::Team(*id),
        Mode::Triage => Which::Triage,
        Mode::Held => Which::Held,
    };
    // The use case sets who may see what (scope, team, queue); the rest is the filters.
    let query = InboxQuery {
        scope: Scope::Teams(Vec::new()),
        team_id: None,
        kind: InputKind::parse(&filters.kind),
        theme_id: slug_id(&filters.theme, catalog.themes.iter().map(|t| (t.slug.as_str(), t.id))),
        area_id: slug_id(&filters.area, catalog.areas.iter().map(|a| (a.slug.as_str(), a.id))),
        status,
        held: false,
        help_requests: filters.help == "1",
        include_closed: filters.status == "all",
        overdue: filters.overdue == "1",
        assignee_id: (filters.mine == "1").then_some(staff.staff_id),
        unassigned: filters.unassigned == "1",
        search: Some(filters.q.trim().to_string()).filter(|q| !q.is_empty() && q.chars().count() <= 200 && !q.chars().any(char::is_control)),
        received: received(&filters),
        submitter: SubmitterKind::parse(&filters.submitter),
        outcome: Outcome::parse(&filters.outcome),
        service: slug_id(&filters.service, catalog.teams.iter().map(|t| (t.slug.as_str(), t.id))),
        sort,
        after: Cursor::parse(&filters.after),
        limit: INBOX_PAGE_SIZE,
        now,
    };
    let after = query.after;
    let page = inbox::page(state.store.as_ref(), staff, which, query).await.map_err(|error| match error {
        inbox::InboxError::NoAccess => AppError::NoAccess,
        inbox::InboxError::Store(error) => AppError::Store(error),
    })?;
    let next = page.next(sort);
    let rows = page.rows;
    let path = uri.path().to_string();
    let link_with = |after: Option<String>, with_insight: bool| {
        let mut serializer = url::form_urlencoded::Serializer::new(String::new());
        let insight =
            [("from", &filters.from), ("to", &filters.to), ("submitter", &filters.submitter), ("outcome", &filters.outcome), ("service", &filters.service)];
        for (name, value) in [
            ("q", &filters.q),
            ("kind", &filters.kind),
            ("status", &filters.status),
            ("theme", &filters.theme),
            ("area", &filters.area),
            ("sort", &filters.sort),
            ("overdue", &filters.overdue),
            ("help", &filters.help),
            ("mine", &filters.mine),
            ("unassigned", &filters.unassigned),
        ]
        .into_iter()
        .chain(insight.into_iter().filter(|_| with_insight))
        {
            if !value.is_empty() {
                serializer.append_pair(name, value);
            }
        }
        if let Some(after) = after {
            serializer.append_pair("after", &after);
        }
        let query = serializer.finish();
        if query.is_empty() {
            path.clone()
        } else {
            format!("{path}?{query}")
        }
    };
    let next_page = next.map(|cursor| link_with(Some(cursor.encode()), true));
    let first_page = after.is_some().then(|| link_with(None, true));
    let insight_filters = insight_filters_in_words(&filters, &catalog, &i18n, locale);
    let without_insight_filters = link_with(None, false);
    let views = rows.iter().map(|row| row_view(row, &catalog, &i18n, locale)).collect();
    let (heading, lead_key, current) = match &mode {
        Mode::MyTeams => (i18n.t("inbox.heading.mine").to_string(), "inbox.lead.mine", "inbox".to_string()),
        Mode::Team(_, name) => (i18n.t_with("inbox.heading.team", &[("team", name)]), "inbox.lead.team", path.clone()),
        Mode::Triage => (i18n.t("inbox.heading.triage").to_string(), "inbox.lead.triage", "triage".to_string()),
        Mode::Held => (i18n.t("inbox.heading.held").to_string(), "inbox.lead.held", "triage".to_string()),
    };
    let mut statuses: Vec<Choice> = Status::ALL.iter().map(|s| Choice::new(s.as_str(), i18n.t(s.key()))).collect();
    statuses.push(Choice::new("all", i18n.t("inbox.any_status")));
    let data = InboxPageData {
        nav: nav(staff, &catalog, locale, &current),
        heading,
        lead_key,
        action: path.clone(),
        kinds: [InputKind::Journey, InputKind::Concern, InputKind::Idea].iter().map(|k| Choice::new(k.as_str(), i18n.t(k.key()))).collect(),
        themes: catalog.themes.iter().filter(|t| t.active).map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code()))).collect(),
        areas: catalog.areas.iter().filter(|a| a.active).map(|a| Choice::new(a.slug.as_str(), a.names.get(locale.code()))).collect(),
        statuses,
        sorts: Sort::ALL.iter().skip(1).map(|s| Choice::new(s.as_str(), i18n.t(sort_key(*s)))).collect(),
        filters,
        rows: views,
        next_page,
        first_page,
        held_link: matches!(mode, Mode::Triage).then(|| "/ansatt/triage/holdt".to_string()),
        insight_filters,
        without_insight_filters,
    };
    let info = RequestInfo { locale, uri, request_id: None };
    Ok(render_page(state, &info, StatusCode::OK, "inbox.title", move || view! { <InboxPage data=data.clone()/> }).await)
}

fn sort_key(sort: Sort) -> &'static str {
    match sort {
        Sort::Newest => "inbox.sort.newest",
        Sort::Oldest => "inbox.sort.oldest",
        Sort::Due => "inbox.sort.due",
    }
}

fn row_view(row: &domain::workspace::InboxRow, catalog: &Catalog, i18n: &I18n, locale: Locale) -> InboxRowView {
    let name_of = |id: i64| catalog.teams.iter().find(|t| t.id == id).map(|t| t.names.get(locale.code()).to_string());
    let teams: Vec<String> = row.team_ids.iter().filter_map(|id| name_of(*id)).collect();
    InboxRowView {
        href: format!("/ansatt/sak/{}", row.id),
        reference: row.reference.clone(),
        headline: if row.headline.trim().is_empty() { i18n.t(row.kind.key()).to_string() } else { row.headline.clone() },
        kind_key: row.kind.key(),
        status_key: row.status.key(),
        theme: row.theme_id.and_then(|id| catalog.themes.iter().find(|t| t.id == id)).map(|t| t.names.get(locale.code()).to_string()),
        area: row.area_id.and_then(|id| catalog.areas.iter().find(|a| a.id == id)).map(|a| a.names.get(locale.code()).to_string()),
        received: format_datetime(i18n, row.created_at),
        due: row.due_at.filter(|_| row.status != Status::Closed).map(|d| format_datetime(i18n, d)),
        overdue: row.overdue,
        assignee: row.assignee_name.clone(),
        teams: if teams.is_empty() { i18n.t("inbox.no_team").to_string() } else { teams.join(", ") },
        has_personal_data: row.has_personal_data,
        requests_help: row.requests_help,
        held_key: row.held.map(|reason| reason.key()),
    }
}
