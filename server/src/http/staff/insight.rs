//! `/ansatt/innsikt`: the journey map for the department (issue 15). The
//! query string is read by hand because `compare` may repeat (checkboxes);
//! unknown values are dropped, so an old or edited link still shows a page.

use super::nav;
use crate::http::{render_page, AppError, AppState, RequestInfo};
use crate::usecase::insight::{self, Asked, InsightError};
use app::forms::Choice;
use app::i18n::{I18n, Locale};
use app::pages::staff::{CellView, CurveView, GoalRow, InsightPage, InsightPageData, SegmentValue, ServiceView, TransitionView};
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::insight::{Cell, InsightScope, Month, Segment, Service};
use domain::submission::SubmitterKind;
use domain::vocabulary::{JourneyGoal, JourneyResult};
use leptos::prelude::*;

use crate::http::extract::SignedInStaff;

/// Months offered in the period choices.
const MONTHS_BACK: u32 = 36;
/// Hand-overs listed at most.
const MOST_TRANSITIONS: usize = 25;

const MONTH_KEYS: [&str; 12] =
    ["month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8", "month.9", "month.10", "month.11", "month.12"];

fn month_label(i18n: &I18n, month: Month) -> String {
    let text = month.to_string();
    let number: usize = text[5..].parse().unwrap_or(1);
    i18n.t_with("date.month", &[("name", i18n.t(MONTH_KEYS[number.clamp(1, 12) - 1])), ("year", &text[..4])])
}

/// The query as sent, each value as text.
#[derive(Default)]
struct Raw {
    team: String,
    from: String,
    to: String,
    theme: String,
    area: String,
    submitter: String,
    goal: String,
    segment: String,
    compare: Vec<String>,
}

fn read_query(query: Option<&str>) -> Raw {
    let mut raw = Raw::default();
    for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        let value = value.chars().take(80).collect::<String>();
        match name.as_ref() {
            "team" => raw.team = value,
            "from" => raw.from = value,
            "to" => raw.to = value,
            "theme" => raw.theme = value,
            "area" => raw.area = value,
            "submitter" => raw.submitter = value,
            "goal" => raw.goal = value,
            "segment" => raw.segment = value,
            "compare" if raw.compare.len() < insight::MOST_SEGMENTS => raw.compare.push(value),
            _ => {}
        }
    }
    raw
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

fn cell_view(cell: &Cell) -> CellView {
    CellView {
        n: cell.n,
        median: cell.median,
        spread: cell.spread.map(|(low, high)| if low == high { low.to_string() } else { format!("{low}–{high}") }),
        went_wrong: cell.went_wrong_share.map(percent),
    }
}

pub async fn journeys(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    uri: Uri,
) -> Result<Response, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let raw = read_query(uri.query());
    let team_id = catalog.teams.iter().find(|t| t.slug.as_str() == raw.team).map(|t| t.id);
    let segment = Segment::parse(&raw.segment);
    let asked = Asked {
        team: team_id,
        from: Month::parse(&raw.from),
        to: Month::parse(&raw.to),
        theme_id: catalog.themes.iter().find(|t| t.slug.as_str() == raw.theme).map(|t| t.id),
        area_id: catalog.areas.iter().find(|a| a.slug.as_str() == raw.area).map(|a| a.id),
        submitter: SubmitterKind::parse(&raw.submitter),
        goal: JourneyGoal::parse(&raw.goal),
        segment,
        compare: raw.compare.iter().map(|value| segment_key(segment, value, &catalog)).collect(),
    };
    let now = chrono::Utc::now();
    let found = match insight::journeys(state.store.as_ref(), &staff, &asked, state.settings.insight_minimum, now).await {
        Ok(found) => found,
        Err(InsightError::NoTeam) => return Err(AppError::NoAccess),
        Err(InsightError::Store(e)) => return Err(e.into()),
    };
    let team_name = |id: i64| catalog.teams.iter().find(|t| t.id == id).map(|t| t.names.get(locale.code()).to_string()).unwrap_or_default();
    let service_name = |service: Service| match service {
        Service::Team(id) => team_name(id),
        Service::Other => i18n.t("insight.service.other").to_string(),
        Service::Unknown => i18n.t("insight.service.unknown").to_string(),
    };
    let segment_label = |value: &str| match segment {
        Some(Segment::Submitter) => SubmitterKind::parse(value).map(|k| i18n.t(k.key()).to_string()).unwrap_or_default(),
        Some(Segment::Goal) => JourneyGoal::parse(value).map(|g| i18n.t(g.key()).to_string()).unwrap_or_default(),
        Some(Segment::Area) => value
            .parse::<i64>()
            .ok()
            .and_then(|id| catalog.areas.iter().find(|a| a.id == id))
            .map(|a| a.names.get(locale.code()).to_string())
            .unwrap_or_else(|| i18n.t("insight.no_area").to_string()),
        None => i18n.t("insight.all.label").to_string(),
    };
    let inbox_for = |team: Option<i64>| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("kind", "journey").append_pair("status", "all");
        if !raw.theme.is_empty() && asked.theme_id.is_some() {
            query.append_pair("theme", &raw.theme);
        }
        let path = match team.and_then(|id| catalog.teams.iter().find(|t| t.id == id)) {
            Some(team) => format!("/ansatt/team/{}", team.slug.as_str()),
            None => "/ansatt".to_string(),
        };
        format!("{path}?{}", query.finish())
    };
    let services = found
        .map
        .rows
        .iter()
        .map(|row| ServiceView {
            name: service_name(row.service),
            href: match row.service {
                // Only to inboxes this member may open.
                Service::Team(id) if staff.scope() == domain::workspace::Scope::All || staff.team_ids.contains(&id) => Some(inbox_for(Some(id))),
                _ => None,
            },
            stages: row.stages.iter().map(cell_view).collect(),
            total: cell_view(&row.total),
        })
        .collect();
    let curves = found.curves.iter().map(|curve| CurveView { label: segment_label(&curve.segment), n: curve.n, points: curve.points.clone() }).collect();
    let results: Vec<JourneyResult> = JourneyResult::ALL.to_vec();
    let goal_rows = JourneyGoal::ALL
        .iter()
        .filter_map(|goal| {
            let counts: Vec<i64> = results.iter().map(|r| found.journeys.iter().filter(|j| j.goal == *goal && j.result == *r).map(|j| j.n).sum()).collect();
            let total: i64 = counts.iter().sum();
            (total > 0).then(|| GoalRow { goal: i18n.t(goal.key()).to_string(), counts, total })
        })
        .collect();
    let mut transitions = found.transitions.clone();
    transitions.sort_by(|a, b| b.feelings.n().cmp(&a.feelings.n()).then(a.from.cmp(&b.from)).then(a.to.cmp(&b.to)));
    let returns = transitions.iter().map(|t| t.returns).sum();
    let minimum = found.minimum;
    let transition_views = transitions
        .iter()
        .take(MOST_TRANSITIONS)
        .map(|t| {
            let n = t.feelings.n();
            let shown = n >= minimum;
            TransitionView {
                from: service_name(t.from),
                to: service_name(t.to),
                n,
                feeling: t.feelings.mean().filter(|_| shown).map(|m| format!("{m:.1}")),
                went_wrong: shown.then(|| percent(t.went_wrong as f64 / n.max(1) as f64)),
                returns: if shown { t.returns } else { 0 },
            }
        })
        .collect();
    let journeys_total: i64 = found.journeys.iter().map(|j| j.n).sum();
    let scope = match found.filter.scope {
        InsightScope::All => i18n.t("insight.scope.all").to_string(),
        InsightScope::Team(id) => i18n.t_with("insight.scope.team", &[("team", &team_name(id))]),
    };
    let summary = i18n.t_with(
        "insight.summary",
        &[
            ("steps", &found.map.steps.to_string()),
            ("journeys", &journeys_total.to_string()),
            ("from", &month_label(&i18n, found.filter.from)),
            ("to", &month_label(&i18n, found.filter.to)),
            ("scope", &scope),
        ],
    );
    let this_month = Month::of(now);
    let months = (0..MONTHS_BACK).map(|back| this_month.back(back)).map(|m| Choice::new(m.to_string(), month_label(&i18n, m))).collect();
    let all_teams = staff.role != domain::Role::Caseworker;
    let teams = catalog
        .teams
        .iter()
        .filter(|t| all_teams || staff.team_ids.contains(&t.id))
        .map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code())))
        .collect();
    let compared: Vec<&String> = found.curves.iter().map(|c| &c.segment).collect();
    let segment_values = found
        .segment_values
        .iter()
        .map(|(value, n)| SegmentValue {
            value: segment_value_for_link(segment, value, &catalog),
            label: segment_label(value),
            n: *n,
            checked: !asked.compare.is_empty() && compared.contains(&value),
        })
        .collect();
    let data = InsightPageData {
        nav: nav(&staff, &catalog, locale, "insight"),
        team: raw.team.clone(),
        from: asked.from.map(|m| m.to_string()).unwrap_or_default(),
        to: asked.to.map(|m| m.to_string()).unwrap_or_default(),
        theme: raw.theme.clone(),
        area: raw.area.clone(),
        submitter: raw.submitter.clone(),
        goal: raw.goal.clone(),
        segment: raw.segment.clone(),
        teams,
        all_teams,
        months,
        themes: catalog.themes.iter().filter(|t| t.active).map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code()))).collect(),
        areas: catalog.areas.iter().filter(|a| a.active).map(|a| Choice::new(a.slug.as_str(), a.names.get(locale.code()))).collect(),
        submitters: SubmitterKind::ALL.iter().map(|k| Choice::new(k.as_str(), i18n.t(k.key()))).collect(),
        goals: JourneyGoal::ALL.iter().map(|g| Choice::new(g.as_str(), i18n.t(g.key()))).collect(),
        segments: Segment::ALL.iter().map(|s| Choice::new(s.as_str(), i18n.t(segment_key_label(*s)))).collect(),
        segment_values,
        summary,
        minimum,
        hidden_cells: found.map.hidden_cells,
        services,
        curves,
        results: results.iter().map(|r| i18n.t(r.key()).to_string()).collect(),
        goal_rows,
        transitions: transition_views,
        returns,
        inbox_href: inbox_for(match found.filter.scope {
            InsightScope::Team(id) if staff.scope() == domain::workspace::Scope::All || staff.team_ids.contains(&id) => Some(id),
            _ => None,
        }),
    };
    let info = RequestInfo { locale, uri, request_id: None };
    Ok(render_page(&state, &info, StatusCode::OK, "insight.title", move || view! { <InsightPage data=data.clone()/> }).await)
}

fn segment_key_label(segment: Segment) -> &'static str {
    match segment {
        Segment::Submitter => "insight.segment.submitter",
        Segment::Area => "insight.segment.area",
        Segment::Goal => "insight.segment.goal",
    }
}

/// A segment value as the sums key it, from the value in a link (areas go by slug in links, by id in the sums).
fn segment_key(segment: Option<Segment>, value: &str, catalog: &crate::catalog::Catalog) -> String {
    match segment {
        Some(Segment::Area) => catalog.areas.iter().find(|a| a.slug.as_str() == value).map(|a| a.id.to_string()).unwrap_or_else(|| "0".into()),
        _ => value.to_string(),
    }
}

/// The value for a link from a segment value as the sums key it.
fn segment_value_for_link(segment: Option<Segment>, value: &str, catalog: &crate::catalog::Catalog) -> String {
    match segment {
        Some(Segment::Area) => value
            .parse::<i64>()
            .ok()
            .and_then(|id| catalog.areas.iter().find(|a| a.id == id))
            .map(|a| a.slug.as_str().to_string())
            .unwrap_or_else(|| "none".into()),
        _ => value.to_string(),
    }
}
