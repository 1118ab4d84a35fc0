//! `/ansatt/innsikt`: the journey map for the department (issue 15). The
//! query string is read by hand because `compare` may repeat (checkboxes);
//! unknown values are dropped, so an old or edited link still shows a page.

use super::nav;
use crate::http::format::{month_label, MONTH_KEYS};
use crate::http::{render_page, AppError, AppState, RequestInfo};
use crate::usecase::insight::{self, Asked};
use app::forms::Choice;
use app::i18n::{I18n, Locale};
use app::pages::staff::{
    CellView, CurveView, GoalRow, GroupRow, GroupTable, GrowthPage, GrowthPageData, InsightPage, InsightPageData, MonthBar, NumberLink, RiseRow, SegmentValue,
    ServiceView, TeamLineView, TeamsPage, TeamsPageData, TermView, TransitionView,
};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use domain::consultation::csv_cell;
use domain::insight::{Cell, Durations, InsightFilter, InsightScope, ItemSum, Month, Segment, Service};
use domain::submission::SubmitterKind;
use domain::vocabulary::{InputKind, JourneyGoal, JourneyResult, Outcome};
use domain::workspace::SignedIn;
use leptos::prelude::*;

use crate::http::extract::{AppForm, SignedInStaff};

/// Months offered in the period choices.
const MONTHS_BACK: u32 = 36;
/// Rising themes and areas listed at most.
const MOST_RISING: usize = 10;
/// Hand-overs listed at most.
const MOST_TRANSITIONS: usize = 25;

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
    kind: String,
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
            "kind" => raw.kind = value,
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
    let data = page_data(&state, locale, &staff, &uri).await?;
    let info = RequestInfo { locale, uri, request_id: None };
    Ok(render_page(&state, &info, StatusCode::OK, "insight.title", move || view! { <InsightPage data=data.clone()/> }).await)
}

/// One of the page's tables as CSV (`kurve`, `varmekart`, `mal`,
/// `overganger`), with the page's filters: UTF-8 with BOM, and in Norwegian
/// semicolons between fields and decimal commas, as Excel in Norwegian
/// expects. Every cell is formula-safe (`csv_cell`).
pub async fn journeys_csv(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(table): Path<String>,
    uri: Uri,
) -> Result<Response, AppError> {
    let Some(table) = CsvTable::parse(&table) else { return Err(AppError::NotFound) };
    let data = page_data(&state, locale, &staff, &uri).await?;
    let rows = csv_rows(&I18n::new(locale), table, &data);
    Ok(download(csv_text(locale, &rows), "text/csv; charset=utf-8", &format!("innsikt-{}.csv", table.as_str())))
}

/// The items CSV's form: the box for contact details.
#[derive(serde::Deserialize)]
pub struct ItemsCsvForm {
    #[serde(default)]
    contact: String,
}

/// Every item behind the page's numbers as CSV (posted from any insight
/// page, its filters in the query string): one row per item with what the
/// sums count. The resident's words only where no personal data was found
/// in them; e-mail and phone only when the box was ticked, each item's
/// viewing then audited. Posted, not linked, so that an audited export is
/// never a link to follow or prefetch.
pub async fn items_csv(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    uri: Uri,
    AppForm(form): AppForm<ItemsCsvForm>,
) -> Result<Response, AppError> {
    let with_contact = match form.contact.as_str() {
        "" => false,
        "yes" => true,
        _ => return Err(AppError::BadRequest("contact")),
    };
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let asked = asked_from(&read_query(uri.query()), &catalog);
    let now = chrono::Utc::now();
    let list = insight::items(state.store.as_ref(), &staff, &asked, with_contact, now).await?;
    let i18n = I18n::new(locale);
    let rows = item_rows(&i18n, &catalog, &list, with_contact);
    Ok(download(csv_text(locale, &rows), "text/csv; charset=utf-8", "innsikt-saker.csv"))
}

fn item_rows(i18n: &I18n, catalog: &crate::catalog::Catalog, list: &insight::ItemList, with_contact: bool) -> Vec<Vec<String>> {
    let locale = i18n.locale.code();
    let time = |at: Option<chrono::DateTime<chrono::Utc>>| at.map(|at| domain::time::norway(at).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
    let theme = |id: Option<i64>| id.and_then(|id| catalog.themes.iter().find(|t| t.id == id)).map(|t| t.names.get(locale).to_string()).unwrap_or_default();
    let area = |id: Option<i64>| id.and_then(|id| catalog.areas.iter().find(|a| a.id == id)).map(|a| a.names.get(locale).to_string()).unwrap_or_default();
    let team = |id: i64| catalog.teams.iter().find(|t| t.id == id).map(|t| t.names.get(locale).to_string()).unwrap_or_default();
    let mut heading: Vec<String> = [
        "insight.items.reference",
        "insight.items.kind",
        "insight.items.received",
        "insight.items.theme",
        "insight.items.area",
        "insight.items.submitter",
        "insight.items.status",
        "insight.items.teams",
        "insight.items.due",
        "insight.items.replied",
        "insight.items.closed",
        "insight.items.outcome",
        "insight.items.reopened",
        "insight.items.headline",
    ]
    .iter()
    .map(|key| i18n.t(key).to_string())
    .collect();
    if with_contact {
        heading.extend([i18n.t("insight.items.email").to_string(), i18n.t("insight.items.phone").to_string()]);
    }
    let mut rows = vec![heading];
    let mut contacts = list.contacts.iter().peekable();
    for item in &list.items {
        let mut row = vec![
            item.reference.clone(),
            i18n.t(item.kind.key()).to_string(),
            time(Some(item.received_at)),
            theme(item.theme_id),
            area(item.area_id),
            i18n.t(item.submitter.key()).to_string(),
            i18n.t(item.status.key()).to_string(),
            item.team_ids.iter().map(|id| team(*id)).collect::<Vec<_>>().join(", "),
            time(item.due_at),
            time(item.first_public_reply_at),
            time(item.closed_at),
            item.outcome.map(|o| i18n.t(o.key()).to_string()).unwrap_or_default(),
            item.reopened.to_string(),
            item.headline.clone().unwrap_or_else(|| i18n.t("insight.items.headline_hidden").to_string()),
        ];
        if with_contact {
            // Both lists are in id order.
            while contacts.next_if(|(id, _, _)| *id < item.id).is_some() {}
            let (email, phone) = match contacts.next_if(|(id, _, _)| *id == item.id) {
                Some((_, email, phone)) => (email.clone().unwrap_or_default(), phone.clone().unwrap_or_default()),
                None => (String::new(), String::new()),
            };
            row.extend([email, phone]);
        }
        rows.push(row);
    }
    rows
}

/// The journey map as Mermaid `journey` text to paste into a document: a
/// section per stage, a task per service with its median feeling (1–5) and
/// its number of steps; cells with too few steps are left out.
pub async fn journeys_mermaid(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    uri: Uri,
) -> Result<Response, AppError> {
    let data = page_data(&state, locale, &staff, &uri).await?;
    let text = mermaid_journey(&I18n::new(locale), &data);
    let mut response = text.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

fn download(body: String, content_type: &'static str, filename: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The tables a CSV can be made of, by their names in the address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CsvTable {
    Curve,
    Heatmap,
    Goals,
    Transitions,
}

impl CsvTable {
    const ALL: [CsvTable; 4] = [CsvTable::Curve, CsvTable::Heatmap, CsvTable::Goals, CsvTable::Transitions];

    fn as_str(self) -> &'static str {
        match self {
            CsvTable::Curve => "kurve",
            CsvTable::Heatmap => "varmekart",
            CsvTable::Goals => "mal",
            CsvTable::Transitions => "overganger",
        }
    }

    fn parse(text: &str) -> Option<CsvTable> {
        CsvTable::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

fn stage_label(i18n: &I18n, stage: usize) -> String {
    if stage < 5 {
        i18n.t_with("insight.stage", &[("n", &stage.to_string())])
    } else {
        i18n.t("insight.stage_later").to_string()
    }
}

/// The rows of a table as shown on the page, heading first. The heatmap
/// comes one row per service and stage, so a spreadsheet can sort and pivot it.
fn csv_rows(i18n: &I18n, table: CsvTable, data: &InsightPageData) -> Vec<Vec<String>> {
    let too_few = i18n.t("insight.cell.too_few").to_string();
    let t = |key: &'static str| i18n.t(key).to_string();
    match table {
        CsvTable::Curve => {
            let mut heading = vec![t("insight.segment.column")];
            heading.extend(data.services.iter().map(|s| s.name.clone()));
            let mut rows = vec![heading];
            for curve in &data.curves {
                let mut row = vec![curve.label.clone()];
                row.extend(curve.points.iter().map(|p| p.map(|f| i18n.locale.decimal(f, 1)).unwrap_or_else(|| too_few.clone())));
                rows.push(row);
            }
            rows
        }
        CsvTable::Heatmap => {
            let heading =
                ["insight.service", "insight.csv.stage", "insight.csv.steps", "insight.csv.median", "insight.csv.spread", "insight.transitions.wrong"];
            let mut rows = vec![heading.iter().map(|key| t(key)).collect()];
            for service in &data.services {
                let cells = service.stages.iter().enumerate().map(|(i, c)| (stage_label(i18n, i + 1), c)).chain([(t("insight.all_stages"), &service.total)]);
                for (stage, cell) in cells.filter(|(_, c)| c.n > 0) {
                    rows.push(vec![
                        service.name.clone(),
                        stage,
                        cell.n.to_string(),
                        cell.median.map(|m| m.to_string()).unwrap_or_else(|| too_few.clone()),
                        cell.spread.clone().unwrap_or_default(),
                        cell.went_wrong.clone().unwrap_or_default(),
                    ]);
                }
            }
            rows
        }
        CsvTable::Goals => {
            let mut heading = vec![t("insight.goal")];
            heading.extend(data.results.iter().cloned());
            heading.push(t("insight.total"));
            let mut rows = vec![heading];
            for goal in &data.goal_rows {
                let mut row = vec![goal.goal.clone()];
                row.extend(goal.counts.iter().map(|n| n.to_string()));
                row.push(goal.total.to_string());
                rows.push(row);
            }
            rows
        }
        CsvTable::Transitions => {
            let heading = [
                "insight.flow.from",
                "insight.flow.to",
                "insight.transitions.n",
                "insight.transitions.feeling",
                "insight.transitions.wrong",
                "insight.transitions.returns_column",
                "insight.csv.worst",
            ];
            let mut rows = vec![heading.iter().map(|key| t(key)).collect()];
            for tr in &data.transitions {
                let worst = [(tr.worst_feeling, "insight.transitions.worst_feeling"), (tr.worst_wrong, "insight.transitions.worst_wrong")]
                    .into_iter()
                    .filter(|(worst, _)| *worst)
                    .map(|(_, key)| t(key))
                    .collect::<Vec<_>>()
                    .join(", ");
                rows.push(vec![
                    tr.from.clone(),
                    tr.to.clone(),
                    tr.n.to_string(),
                    tr.feeling.clone().unwrap_or_else(|| too_few.clone()),
                    tr.went_wrong.clone().unwrap_or_else(|| too_few.clone()),
                    tr.returns.to_string(),
                    worst,
                ]);
            }
            rows
        }
    }
}

/// Text that Mermaid reads as one name: no line breaks, and none of the
/// signs its journey syntax gives meaning (`:` ends a task name, `#` and `;` too).
fn mermaid_text(text: &str) -> String {
    text.chars().map(|c| if matches!(c, ':' | '#' | ';' | '\n' | '\r') { ' ' } else { c }).collect::<String>().trim().to_string()
}

fn mermaid_journey(i18n: &I18n, data: &InsightPageData) -> String {
    let actor = mermaid_text(i18n.t("insight.mermaid.actor"));
    let mut text = format!("journey\n    title {}\n", mermaid_text(&data.summary));
    for stage in 0..5 {
        let tasks: Vec<String> = data
            .services
            .iter()
            .filter_map(|service| {
                let cell = &service.stages[stage];
                let median = cell.median?;
                let name = i18n.t_with("insight.mermaid.task", &[("service", &service.name), ("n", &cell.n.to_string())]);
                Some(format!("      {}: {median}: {actor}\n", mermaid_text(&name)))
            })
            .collect();
        if !tasks.is_empty() {
            text.push_str(&format!("    section {}\n", mermaid_text(&stage_label(i18n, stage + 1))));
            tasks.iter().for_each(|task| text.push_str(task));
        }
    }
    text
}

/// The page's content for what `uri` asks, as `staff` may see it.
async fn page_data(state: &AppState, locale: Locale, staff: &SignedIn, uri: &Uri) -> Result<InsightPageData, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let raw = read_query(uri.query());
    let asked = asked_from(&raw, &catalog);
    let segment = asked.segment;
    let now = chrono::Utc::now();
    let found = insight::journeys(state.store.as_ref(), staff, &asked, state.settings.insight_minimum, now).await?;
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
    let inbox_for = |team: Option<i64>| inbox_href(staff, &catalog, &found.filter, team, &[("kind", "journey")]);
    // A service's journeys: those passing it, in the scope's inbox where
    // this member may open it, else in their own.
    let scope_inbox = match found.filter.scope {
        InsightScope::Team(id) if staff.scope() == domain::workspace::Scope::All || staff.team_ids.contains(&id) => Some(id),
        _ => None,
    };
    let service_inbox = |id: i64| {
        let slug = catalog.teams.iter().find(|t| t.id == id)?.slug.as_str();
        inbox_href(staff, &catalog, &found.filter, scope_inbox, &[("kind", "journey"), ("service", slug)])
    };
    let services = found
        .map
        .rows
        .iter()
        .map(|row| ServiceView {
            name: service_name(row.service),
            href: match row.service {
                Service::Team(id) => service_inbox(id),
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
    let listed: Vec<_> = transitions.iter().take(MOST_TRANSITIONS).collect();
    let (worst_feeling, worst_wrong) = domain::insight::worst_transitions(&listed, minimum);
    let transition_views = listed
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let n = t.feelings.n();
            let shown = n >= minimum;
            let mean = t.feelings.mean().filter(|_| shown);
            TransitionView {
                from: service_name(t.from),
                to: service_name(t.to),
                n,
                feeling: mean.map(|m| locale.decimal(m, 1)),
                went_wrong: shown.then(|| percent(t.went_wrong as f64 / n.max(1) as f64)),
                returns: if shown { t.returns } else { 0 },
                band: mean.map(|m| m.round().clamp(1.0, 5.0) as u8),
                worst_feeling: worst_feeling.contains(&i),
                worst_wrong: worst_wrong.contains(&i),
            }
        })
        .collect();
    let journeys_total: i64 = found.journeys.iter().map(|j| j.n).sum();
    let scope = scope_words(&i18n, found.filter.scope, &team_name);
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
    let choices = filter_choices(staff, &catalog, locale, now);
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
        nav: nav(staff, &catalog, locale, "insight"),
        team: raw.team.clone(),
        from: asked.from.map(|m| m.to_string()).unwrap_or_default(),
        to: asked.to.map(|m| m.to_string()).unwrap_or_default(),
        theme: raw.theme.clone(),
        area: raw.area.clone(),
        submitter: raw.submitter.clone(),
        goal: raw.goal.clone(),
        segment: raw.segment.clone(),
        teams: choices.teams,
        all_teams: choices.all_teams,
        months: choices.months,
        themes: choices.themes,
        areas: choices.areas,
        submitters: choices.submitters,
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
        inbox_href: match found.filter.scope {
            InsightScope::Team(id) => inbox_for(Some(id)),
            InsightScope::All => inbox_for(None),
        }
        .unwrap_or_default(),
        export_query: uri.query().unwrap_or_default().to_string(),
    };
    Ok(data)
}

/// "all teams" or "team NAV", for a page's summary line.
fn scope_words(i18n: &I18n, scope: InsightScope, team_name: &dyn Fn(i64) -> String) -> String {
    match scope {
        InsightScope::All => i18n.t("insight.scope.all").to_string(),
        InsightScope::Team(id) => i18n.t_with("insight.scope.team", &[("team", &team_name(id))]),
    }
}

/// The choices every insight filter form offers this member.
struct FilterChoices {
    teams: Vec<Choice>,
    all_teams: bool,
    months: Vec<Choice>,
    themes: Vec<Choice>,
    areas: Vec<Choice>,
    submitters: Vec<Choice>,
    kinds: Vec<Choice>,
}

fn filter_choices(staff: &SignedIn, catalog: &crate::catalog::Catalog, locale: Locale, now: chrono::DateTime<chrono::Utc>) -> FilterChoices {
    let i18n = I18n::new(locale);
    let this_month = Month::of(now);
    let all_teams = staff.role != domain::Role::Caseworker;
    FilterChoices {
        teams: catalog
            .teams
            .iter()
            .filter(|t| all_teams || staff.team_ids.contains(&t.id))
            .map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code())))
            .collect(),
        all_teams,
        months: (0..MONTHS_BACK).map(|back| this_month.back(back)).map(|m| Choice::new(m.to_string(), month_label(&i18n, m))).collect(),
        themes: catalog.themes.iter().filter(|t| t.active).map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code()))).collect(),
        areas: catalog.areas.iter().filter(|a| a.active).map(|a| Choice::new(a.slug.as_str(), a.names.get(locale.code()))).collect(),
        submitters: SubmitterKind::ALL.iter().map(|k| Choice::new(k.as_str(), i18n.t(k.key()))).collect(),
        kinds: InputKind::ALL.iter().map(|k| Choice::new(k.as_str(), i18n.t(k.key()))).collect(),
    }
}

/// What the query asks for, each value looked up; unknown values are dropped.
fn asked_from(raw: &Raw, catalog: &crate::catalog::Catalog) -> Asked {
    let segment = Segment::parse(&raw.segment);
    Asked {
        team: catalog.teams.iter().find(|t| t.slug.as_str() == raw.team).map(|t| t.id),
        from: Month::parse(&raw.from),
        to: Month::parse(&raw.to),
        theme_id: catalog.themes.iter().find(|t| t.slug.as_str() == raw.theme).map(|t| t.id),
        area_id: catalog.areas.iter().find(|a| a.slug.as_str() == raw.area).map(|a| a.id),
        submitter: SubmitterKind::parse(&raw.submitter),
        goal: JourneyGoal::parse(&raw.goal),
        kind: InputKind::parse(&raw.kind),
        segment,
        compare: raw.compare.iter().map(|value| segment_key(segment, value, catalog)).collect(),
    }
}

/// The inbox behind a number: a team's inbox (only one this member may
/// open, else `None`) or the member's own, with the page's filters that the
/// inbox knows and `extra` on top.
fn inbox_href(staff: &SignedIn, catalog: &crate::catalog::Catalog, filter: &InsightFilter, team: Option<i64>, extra: &[(&str, &str)]) -> Option<String> {
    let path = match team {
        Some(id) => {
            let team = catalog.teams.iter().find(|t| t.id == id)?;
            if staff.scope() != domain::workspace::Scope::All && !staff.team_ids.contains(&id) {
                return None;
            }
            format!("/ansatt/team/{}", team.slug.as_str())
        }
        None => "/ansatt".to_string(),
    };
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if !extra.iter().any(|(name, _)| *name == "status") {
        query.append_pair("status", "all");
    }
    query.append_pair("from", &filter.from.to_string()).append_pair("to", &filter.to.to_string());
    if let Some(kind) = filter.kind {
        query.append_pair("kind", kind.as_str());
    }
    if let Some(theme) = filter.theme_id.and_then(|id| catalog.themes.iter().find(|t| t.id == id)) {
        query.append_pair("theme", theme.slug.as_str());
    }
    if let Some(area) = filter.area_id.and_then(|id| catalog.areas.iter().find(|a| a.id == id)) {
        query.append_pair("area", area.slug.as_str());
    }
    if let Some(submitter) = filter.submitter {
        query.append_pair("submitter", submitter.as_str());
    }
    for (name, value) in extra {
        query.append_pair(name, value);
    }
    Some(format!("{path}?{}", query.finish()))
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

/// `/ansatt/innsikt/team`: volumes, reply and closing times, deadlines,
/// outcomes and reopenings per team.
pub async fn teams(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    uri: Uri,
) -> Result<Response, AppError> {
    let data = teams_data(&state, locale, &staff, &uri).await?;
    let info = RequestInfo { locale, uri, request_id: None };
    Ok(render_page(&state, &info, StatusCode::OK, "insight.teams.title", move || view! { <TeamsPage data=data.clone()/> }).await)
}

/// One of the team page's tables as CSV (`svartid`, `utfall`, `maned`,
/// `tema`, `omrade`, `innsender`, `type`), as `journeys_csv` makes them.
pub async fn teams_csv(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(table): Path<String>,
    uri: Uri,
) -> Result<Response, AppError> {
    const TABLES: [&str; 7] = ["svartid", "utfall", "maned", "tema", "omrade", "innsender", "type"];
    let Some(table) = TABLES.into_iter().find(|t| *t == table) else { return Err(AppError::NotFound) };
    let data = teams_data(&state, locale, &staff, &uri).await?;
    let i18n = I18n::new(locale);
    let t = |key: &'static str| i18n.t(key).to_string();
    let rows: Vec<Vec<String>> = match table {
        "svartid" => {
            let heading = [
                "insight.team",
                "insight.teams.items",
                "insight.teams.reply_median",
                "insight.teams.reply_p90",
                "insight.teams.late",
                "insight.teams.overdue",
                "insight.teams.close_median",
                "insight.teams.close_p90",
                "insight.teams.reopened",
            ];
            std::iter::once(heading.iter().map(|k| t(k)).collect())
                .chain(data.lines.iter().map(|l| {
                    vec![
                        l.name.text.clone(),
                        l.items.text.clone(),
                        l.reply_median.clone(),
                        l.reply_p90.clone(),
                        l.late.clone(),
                        l.overdue.text.clone(),
                        l.close_median.clone(),
                        l.close_p90.clone(),
                        l.reopened.clone(),
                    ]
                }))
                .collect()
        }
        "utfall" => {
            let mut heading = vec![t("insight.team")];
            heading.extend(data.outcomes.iter().cloned());
            heading.push(t("insight.teams.closed"));
            std::iter::once(heading)
                .chain(data.lines.iter().map(|l| {
                    let mut row = vec![l.name.text.clone()];
                    row.extend(l.outcomes.iter().map(|n| n.text.clone()));
                    row.push(l.closed.text.clone());
                    row
                }))
                .collect()
        }
        "maned" => std::iter::once(vec![t("insight.teams.month"), t("insight.teams.items")])
            .chain(data.bars.iter().map(|b| vec![b.label.clone(), b.count.to_string()]))
            .collect(),
        group => {
            let Some(group) = data.groups.iter().find(|g| g.id == group) else { return Err(AppError::NotFound) };
            std::iter::once(vec![t(group.column), t("insight.teams.items"), t("insight.teams.share")])
                .chain(group.rows.iter().map(|r| vec![r.label.clone(), r.n.text.clone(), r.share.clone()]))
                .collect()
        }
    };
    Ok(download(csv_text(locale, &rows), "text/csv; charset=utf-8", &format!("innsikt-team-{table}.csv")))
}

/// Rows as CSV for a spreadsheet in `locale`: BOM, the locale's separator,
/// every cell formula-safe.
fn csv_text(locale: Locale, rows: &[Vec<String>]) -> String {
    let separator = locale.csv_separator();
    let mut body = String::from("\u{feff}");
    for row in rows {
        body.push_str(&row.iter().map(|cell| csv_cell(cell)).collect::<Vec<_>>().join(separator));
        body.push_str("\r\n");
    }
    body
}

/// "within 2 days" for the bucket a median or percentile falls in.
fn duration_label(i18n: &I18n, bucket: Option<usize>) -> String {
    match bucket.map(Durations::bound) {
        None => i18n.t("insight.teams.no_time").to_string(),
        Some(Some(hours)) if hours < 24 => i18n.t_count("insight.duration.hours", hours.into(), &[]),
        Some(Some(hours)) => i18n.t_count("insight.duration.days", (hours / 24).into(), &[]),
        Some(None) => {
            let longest = domain::insight::DURATION_BOUNDS_HOURS.last().copied().unwrap_or(0) / 24;
            i18n.t_count("insight.duration.longer", longest.into(), &[])
        }
    }
}

fn share(part: i64, whole: i64) -> String {
    if whole > 0 {
        percent(part as f64 / whole as f64)
    } else {
        "–".to_string()
    }
}

async fn teams_data(state: &AppState, locale: Locale, staff: &SignedIn, uri: &Uri) -> Result<TeamsPageData, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let raw = read_query(uri.query());
    let asked = asked_from(&raw, &catalog);
    let now = chrono::Utc::now();
    let found = insight::teams(state.store.as_ref(), staff, &asked, now).await?;
    let filter = &found.filter;
    let team_name = |id: i64| catalog.teams.iter().find(|t| t.id == id).map(|t| t.names.get(locale.code()).to_string()).unwrap_or_default();
    let link = |team: Option<i64>, text: String, extra: &[(&str, &str)]| NumberLink { href: inbox_href(staff, &catalog, filter, team, extra), text };
    let line_view = |line: &insight::TeamLine, team: Option<i64>, name: String, total: bool| {
        let items = &line.items;
        TeamLineView {
            name: link(team, name, &[]),
            items: link(team, items.n.to_string(), &[]),
            reply_median: duration_label(&i18n, line.reply.quantile(0.5)),
            reply_p90: duration_label(&i18n, line.reply.quantile(0.9)),
            close_median: duration_label(&i18n, line.close.quantile(0.5)),
            close_p90: duration_label(&i18n, line.close.quantile(0.9)),
            late: share(items.late, items.replied),
            overdue: link(team, line.overdue.to_string(), &[("status", ""), ("overdue", "1")]),
            reopened: share(items.reopened, items.n),
            closed: link(team, items.closed.to_string(), &[("status", "closed")]),
            outcomes: Outcome::ALL.iter().map(|o| link(team, items.outcome(*o).to_string(), &[("status", "closed"), ("outcome", o.as_str())])).collect(),
            total,
        }
    };
    let scope_team = match filter.scope {
        InsightScope::Team(id) => Some(id),
        InsightScope::All => None,
    };
    let scope_name = match scope_team {
        Some(id) => team_name(id),
        None => i18n.t("insight.all_teams").to_string(),
    };
    let mut lines = vec![line_view(&found.total, scope_team, scope_name, scope_team.is_none())];
    if scope_team.is_none() {
        let mut per_team = found.teams.clone();
        per_team.sort_by_key(|l| std::cmp::Reverse(l.items.n));
        lines.extend(per_team.iter().map(|l| line_view(l, Some(l.team), team_name(l.team), false)));
    }
    let total_n = found.total.items.n;
    let group_rows = |sums: &[ItemSum], label: &dyn Fn(&str) -> String, param: &dyn Fn(&str) -> Option<(&'static str, String)>| {
        let mut sums = sums.to_vec();
        sums.sort_by(|a, b| b.n.cmp(&a.n).then(a.group.cmp(&b.group)));
        sums.iter()
            .map(|sum| GroupRow {
                label: label(&sum.group),
                n: match param(&sum.group) {
                    Some((name, value)) => link(scope_team, sum.n.to_string(), &[(name, &value)]),
                    None => NumberLink { text: sum.n.to_string(), href: None },
                },
                share: share(sum.n, total_n),
            })
            .collect::<Vec<_>>()
    };
    let theme_of = |group: &str| group.parse::<i64>().ok().and_then(|id| catalog.themes.iter().find(|t| t.id == id));
    let area_of = |group: &str| group.parse::<i64>().ok().and_then(|id| catalog.areas.iter().find(|a| a.id == id));
    let groups = vec![
        GroupTable {
            id: "tema",
            heading: "insight.teams.by_theme",
            column: "form.theme",
            rows: group_rows(
                &found.by_theme,
                &|g| theme_of(g).map(|t| t.names.get(locale.code()).to_string()).unwrap_or_else(|| i18n.t("insight.no_theme").to_string()),
                &|g| theme_of(g).map(|t| ("theme", t.slug.as_str().to_string())),
            ),
        },
        GroupTable {
            id: "omrade",
            heading: "insight.teams.by_area",
            column: "form.area",
            rows: group_rows(
                &found.by_area,
                &|g| area_of(g).map(|a| a.names.get(locale.code()).to_string()).unwrap_or_else(|| i18n.t("insight.no_area").to_string()),
                &|g| area_of(g).map(|a| ("area", a.slug.as_str().to_string())),
            ),
        },
        GroupTable {
            id: "innsender",
            heading: "insight.teams.by_submitter",
            column: "insight.submitter",
            rows: group_rows(&found.by_submitter, &|g| SubmitterKind::parse(g).map(|k| i18n.t(k.key()).to_string()).unwrap_or_default(), &|g| {
                SubmitterKind::parse(g).map(|k| ("submitter", k.as_str().to_string()))
            }),
        },
        GroupTable {
            id: "type",
            heading: "insight.teams.by_kind",
            column: "insight.kind",
            rows: group_rows(&found.by_kind, &|g| InputKind::parse(g).map(|k| i18n.t(k.key()).to_string()).unwrap_or_default(), &|g| {
                InputKind::parse(g).map(|k| ("kind", k.as_str().to_string()))
            }),
        },
    ];
    let mut bars = Vec::new();
    let mut month = filter.from;
    while month <= filter.to {
        let count = found.by_month.iter().find(|m| m.group == month.to_string()).map(|m| m.n).unwrap_or(0);
        let text = month.to_string();
        let number: usize = text[5..].parse().unwrap_or(1);
        let short: String = i18n.t(MONTH_KEYS[number.clamp(1, 12) - 1]).chars().take(3).collect();
        let month_filter = InsightFilter { from: month, to: month, ..filter.clone() };
        bars.push(MonthBar {
            label: month_label(&i18n, month),
            short,
            year: (number == 1 || bars.is_empty()).then(|| text[..4].to_string()),
            n: NumberLink { text: count.to_string(), href: inbox_href(staff, &catalog, &month_filter, scope_team, &[]) },
            count,
        });
        month = month.next();
    }
    let scope = scope_words(&i18n, filter.scope, &team_name);
    let summary = i18n.t_with(
        "insight.teams.summary",
        &[("items", &total_n.to_string()), ("from", &month_label(&i18n, filter.from)), ("to", &month_label(&i18n, filter.to)), ("scope", &scope)],
    );
    let choices = filter_choices(staff, &catalog, locale, now);
    Ok(TeamsPageData {
        nav: nav(staff, &catalog, locale, "insight"),
        team: raw.team.clone(),
        from: asked.from.map(|m| m.to_string()).unwrap_or_default(),
        to: asked.to.map(|m| m.to_string()).unwrap_or_default(),
        theme: raw.theme.clone(),
        area: raw.area.clone(),
        submitter: raw.submitter.clone(),
        kind: raw.kind.clone(),
        teams: choices.teams,
        all_teams: choices.all_teams,
        months: choices.months,
        themes: choices.themes,
        areas: choices.areas,
        submitters: choices.submitters,
        kinds: choices.kinds,
        summary,
        help_requests: link(scope_team, found.help_requests.to_string(), &[("help", "1")]),
        lines,
        outcomes: Outcome::ALL.iter().map(|o| i18n.t(o.key()).to_string()).collect(),
        bars,
        groups,
        export_query: uri.query().unwrap_or_default().to_string(),
    })
}

/// `/ansatt/innsikt/vekst`: what grew against the period before, and the
/// words of one theme.
pub async fn growth(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    uri: Uri,
) -> Result<Response, AppError> {
    let data = growth_data(&state, locale, &staff, &uri).await?;
    let info = RequestInfo { locale, uri, request_id: None };
    Ok(render_page(&state, &info, StatusCode::OK, "insight.growth.title", move || view! { <GrowthPage data=data.clone()/> }).await)
}

/// One of the growth page's tables as CSV: `tema`, `omrade`, `ord`, `uttrykk`.
pub async fn growth_csv(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(table): Path<String>,
    uri: Uri,
) -> Result<Response, AppError> {
    if !["tema", "omrade", "ord", "uttrykk"].contains(&table.as_str()) {
        return Err(AppError::NotFound);
    }
    let data = growth_data(&state, locale, &staff, &uri).await?;
    let i18n = I18n::new(locale);
    let t = |key: &'static str| i18n.t(key).to_string();
    let rows: Vec<Vec<String>> = match table.as_str() {
        "tema" | "omrade" => {
            let (column, list) = if table == "tema" { ("form.theme", &data.theme_rows) } else { ("form.area", &data.area_rows) };
            std::iter::once(vec![t(column), t("insight.growth.before"), t("insight.growth.now"), t("insight.growth.change")])
                .chain(list.iter().map(|r| vec![r.label.clone(), r.before.to_string(), r.now.text.clone(), r.change.clone()]))
                .collect()
        }
        _ => {
            let (column, list) = if table == "ord" { ("insight.growth.word", &data.words) } else { ("insight.growth.phrase", &data.phrases) };
            std::iter::once(vec![t(column), t("insight.teams.items")]).chain(list.iter().map(|w| vec![w.text.clone(), w.n.text.clone()])).collect()
        }
    };
    Ok(download(csv_text(locale, &rows), "text/csv; charset=utf-8", &format!("innsikt-vekst-{table}.csv")))
}

/// "+12 (+40 %)", or "+8 (new)" when there were none before.
fn change(i18n: &I18n, before: i64, now: i64) -> String {
    let sign = |n: i64| {
        if n > 0 {
            format!("+{n}")
        } else if n < 0 {
            format!("−{}", -n)
        } else {
            "0".to_string()
        }
    };
    let difference = now - before;
    if before == 0 {
        i18n.t_with("insight.growth.new", &[("change", &sign(difference))])
    } else {
        let share = (difference as f64 / before as f64 * 100.0).round() as i64;
        format!("{} ({} %)", sign(difference), sign(share))
    }
}

async fn growth_data(state: &AppState, locale: Locale, staff: &SignedIn, uri: &Uri) -> Result<GrowthPageData, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let raw = read_query(uri.query());
    let asked = asked_from(&raw, &catalog);
    let now = chrono::Utc::now();
    let found = insight::growth(state.store.as_ref(), staff, &asked, state.settings.insight_minimum, now).await?;
    let filter = &found.filter;
    let scope_team = match filter.scope {
        InsightScope::Team(id) => Some(id),
        InsightScope::All => None,
    };
    let team_name = |id: i64| catalog.teams.iter().find(|t| t.id == id).map(|t| t.names.get(locale.code()).to_string()).unwrap_or_default();
    let link = |text: String, extra: &[(&str, &str)]| NumberLink { href: inbox_href(staff, &catalog, filter, scope_team, extra), text };
    let theme_of = |group: &str| group.parse::<i64>().ok().and_then(|id| catalog.themes.iter().find(|t| t.id == id));
    let area_of = |group: &str| group.parse::<i64>().ok().and_then(|id| catalog.areas.iter().find(|a| a.id == id));
    let theme_rows: Vec<RiseRow> = found
        .themes
        .iter()
        .take(MOST_RISING)
        .map(|(group, before, count)| {
            let theme = theme_of(group);
            RiseRow {
                label: theme.map(|t| t.names.get(locale.code()).to_string()).unwrap_or_else(|| i18n.t("insight.no_theme").to_string()),
                before: *before,
                now: match theme {
                    Some(theme) => link(count.to_string(), &[("theme", theme.slug.as_str())]),
                    None => NumberLink { text: count.to_string(), href: None },
                },
                change: change(&i18n, *before, *count),
            }
        })
        .collect();
    let area_rows = found
        .areas
        .iter()
        .take(MOST_RISING)
        .map(|(group, before, count)| {
            let area = area_of(group);
            RiseRow {
                label: area.map(|a| a.names.get(locale.code()).to_string()).unwrap_or_else(|| i18n.t("insight.no_area").to_string()),
                before: *before,
                now: match area {
                    Some(area) => link(count.to_string(), &[("area", area.slug.as_str())]),
                    None => NumberLink { text: count.to_string(), href: None },
                },
                change: change(&i18n, *before, *count),
            }
        })
        .collect();
    let term_views =
        |terms: &[(String, i64)]| terms.iter().map(|(term, n)| TermView { text: term.clone(), n: link(n.to_string(), &[("q", term)]) }).collect::<Vec<_>>();
    let (words, phrases, words_note) = match &found.words {
        Some(words) => (
            term_views(&words.words),
            term_views(&words.phrases),
            if words.capped {
                i18n.t_with("insight.growth.words.capped", &[("n", &words.read.to_string())])
            } else {
                i18n.t_count("insight.growth.words.read", words.read as i64, &[])
            },
        ),
        None => (Vec::new(), Vec::new(), String::new()),
    };
    // Without a theme: links that choose each rising theme, keeping the other filters.
    let theme_links = found
        .themes
        .iter()
        .filter_map(|(group, _, _)| theme_of(group))
        .take(MOST_RISING / 2)
        .map(|theme| {
            let mut query = url::form_urlencoded::Serializer::new(String::new());
            for (name, value) in url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()) {
                if name != "theme" {
                    query.append_pair(&name, &value);
                }
            }
            query.append_pair("theme", theme.slug.as_str());
            (theme.names.get(locale.code()).to_string(), format!("/ansatt/innsikt/vekst?{}", query.finish()))
        })
        .collect();
    let scope = scope_words(&i18n, filter.scope, &team_name);
    let summary = i18n.t_with(
        "insight.growth.summary",
        &[
            ("from", &month_label(&i18n, filter.from)),
            ("to", &month_label(&i18n, filter.to)),
            ("before_from", &month_label(&i18n, found.before.0)),
            ("before_to", &month_label(&i18n, found.before.1)),
            ("scope", &scope),
        ],
    );
    let choices = filter_choices(staff, &catalog, locale, now);
    Ok(GrowthPageData {
        nav: nav(staff, &catalog, locale, "insight"),
        team: raw.team.clone(),
        from: asked.from.map(|m| m.to_string()).unwrap_or_default(),
        to: asked.to.map(|m| m.to_string()).unwrap_or_default(),
        theme: raw.theme.clone(),
        area: raw.area.clone(),
        submitter: raw.submitter.clone(),
        kind: raw.kind.clone(),
        teams: choices.teams,
        all_teams: choices.all_teams,
        months: choices.months,
        themes: choices.themes,
        areas: choices.areas,
        submitters: choices.submitters,
        kinds: choices.kinds,
        summary,
        theme_rows,
        area_rows,
        theme_name: filter.theme_id.and_then(|id| catalog.themes.iter().find(|t| t.id == id)).map(|t| t.names.get(locale.code()).to_string()),
        words,
        phrases,
        words_note,
        theme_links,
        export_query: uri.query().unwrap_or_default().to_string(),
    })
}
