//! The department's insight into residents' journeys (issue 15): the
//! experience curve across the typical order of services, one line per
//! segment compared; the heatmap of services × stages; the goals people
//! tried to reach and how it ended; the hand-overs between services with
//! the loops. Filters are a plain GET form, so every view is a link; the
//! chart is server-drawn SVG with a data table beside it, readable without
//! colour (each line has its own marker and dash, each cell its numbers).

use super::{StaffNav, StaffNavData};
use crate::context::use_i18n;
use crate::forms::{Checkbox, Choice, Select};
use leptos::prelude::*;

/// One heatmap cell, ready to show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CellView {
    pub n: i64,
    /// 1–5, `None` when too few to show.
    pub median: Option<u8>,
    /// "2–4": the middle half.
    pub spread: Option<String>,
    /// "40 %" of the steps marked as where it went wrong.
    pub went_wrong: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceView {
    pub name: String,
    /// The inbox of this team's journeys, for a team.
    pub href: Option<String>,
    pub stages: Vec<CellView>,
    pub total: CellView,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CurveView {
    pub label: String,
    pub n: i64,
    /// Per service in the map's order: the mean feeling, 1–5.
    pub points: Vec<Option<f64>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoalRow {
    pub goal: String,
    /// Journeys per result, in the order of `InsightPageData::results`.
    pub counts: Vec<i64>,
    pub total: i64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TransitionView {
    pub from: String,
    pub to: String,
    pub n: i64,
    /// The mean feeling of the step after the hand-over, "2.4"; `None` when too few.
    pub feeling: Option<String>,
    pub went_wrong: Option<String>,
    /// Hand-overs back to a team met earlier in the same journey.
    pub returns: i64,
    /// The mean feeling rounded to 1–5, for the flow's colour; `None` when too few.
    pub band: Option<u8>,
    /// Among the hand-overs with the lowest feeling after them.
    pub worst_feeling: bool,
    /// Among the hand-overs most often marked as where it went wrong.
    pub worst_wrong: bool,
}

/// A segment value that can be compared.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SegmentValue {
    pub value: String,
    pub label: String,
    pub n: i64,
    pub checked: bool,
}

#[derive(Clone, Debug, Default)]
pub struct InsightPageData {
    pub nav: StaffNavData,
    /// The filter values as asked (`team`, `from`, `to`, `theme`, `area`,
    /// `submitter`, `goal`, `segment`).
    pub team: String,
    pub from: String,
    pub to: String,
    pub theme: String,
    pub area: String,
    pub submitter: String,
    pub goal: String,
    pub segment: String,
    /// The teams this person may choose; `all_teams` when "every team" is allowed.
    pub teams: Vec<Choice>,
    pub all_teams: bool,
    pub months: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub areas: Vec<Choice>,
    pub submitters: Vec<Choice>,
    pub goals: Vec<Choice>,
    pub segments: Vec<Choice>,
    pub segment_values: Vec<SegmentValue>,
    /// "1 234 steps from 456 journeys, March 2025 – February 2026, all teams".
    pub summary: String,
    pub minimum: i64,
    pub hidden_cells: usize,
    pub services: Vec<ServiceView>,
    pub curves: Vec<CurveView>,
    pub results: Vec<String>,
    pub goal_rows: Vec<GoalRow>,
    pub transitions: Vec<TransitionView>,
    pub returns: i64,
    /// The inbox of the journeys behind the page.
    pub inbox_href: String,
    /// The filters as a query string, for the downloads.
    pub export_query: String,
}

/// The download under a table: its CSV, with the page's filters.
#[component]
pub(super) fn Download(#[prop(default = "/ansatt/innsikt/csv")] base: &'static str, table: &'static str, query: String) -> impl IntoView {
    let i18n = use_i18n();
    let href = if query.is_empty() { format!("{base}/{table}") } else { format!("{base}/{table}?{query}") };
    view! { <p class="ds-paragraph insight-download" data-size="sm"><a class="ds-link" href=href download="">{i18n.t("insight.download.csv")}</a></p> }
}

/// Every item behind the page's numbers as CSV: posted (with the page's
/// filters in the address), because ticking the box for contact details
/// writes each item's viewing to the audit log.
#[component]
pub(super) fn ItemsDownload(query: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = if query.is_empty() { "/ansatt/innsikt/saker".to_string() } else { format!("/ansatt/innsikt/saker?{query}") };
    view! {
        <section aria-labelledby="items-download-heading" class="insight-items">
            <h2 class="ds-heading" data-size="md" id="items-download-heading">{i18n.t("insight.items.heading")}</h2>
            <p class="ds-paragraph">{i18n.t("insight.items.intro")}</p>
            <form method="post" action=action>
                <Checkbox name="contact" label=i18n.t("insight.items.with_contact").to_string() checked=false error=None/>
                <p class="ds-paragraph" data-size="sm">{i18n.t("insight.items.with_contact_hint")}</p>
                <p class="ds-paragraph"><button class="ds-button" data-variant="secondary" type="submit">{i18n.t("insight.items.download")}</button></p>
            </form>
        </section>
    }
}

/// The insight's own pages, the current one marked.
#[component]
pub(super) fn InsightNav(current: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let links = [
        ("journeys", "/ansatt/innsikt", "insight.nav.journeys"),
        ("teams", "/ansatt/innsikt/team", "insight.nav.teams"),
        ("growth", "/ansatt/innsikt/vekst", "insight.nav.growth"),
    ]
    .into_iter()
    .map(|(name, href, key)| {
        let here = (name == current).then_some("page");
        view! { <li><a class="ds-link" href=href aria-current=here>{i18n.t(key)}</a></li> }
    })
    .collect_view();
    view! { <nav class="insight-nav" aria-label=i18n.t("insight.nav.label")><ul>{links}</ul></nav> }
}

/// The filters every insight page has: team, period, theme, area, who sent it.
#[component]
pub(super) fn PeriodFields(
    team: String,
    teams: Vec<Choice>,
    all_teams: bool,
    from: String,
    to: String,
    months: Vec<Choice>,
    theme: String,
    themes: Vec<Choice>,
    area: String,
    areas: Vec<Choice>,
    submitter: String,
    submitters: Vec<Choice>,
) -> impl IntoView {
    let team_placeholder = if all_teams { "insight.all_teams" } else { "insight.my_first_team" };
    view! {
        <Select name="team" label="insight.team" choices=teams selected=team error=None placeholder=team_placeholder/>
        <Select name="from" label="insight.from" choices=months.clone() selected=from error=None placeholder="insight.default_from"/>
        <Select name="to" label="insight.to" choices=months selected=to error=None placeholder="insight.default_to"/>
        <Select name="theme" label="form.theme" choices=themes selected=theme error=None placeholder="inbox.any"/>
        <Select name="area" label="form.area" choices=areas selected=area error=None placeholder="inbox.any"/>
        <Select name="submitter" label="insight.submitter" choices=submitters selected=submitter error=None placeholder="inbox.any"/>
    }
}

/// Markers and dashes per curve, so no line is told apart by colour alone.
const LINE_STYLES: [(&str, &str); 4] = [("circle", ""), ("square", "8 4"), ("triangle", "2 4"), ("diamond", "12 4 2 4")];

/// The experience curve: services along, feeling 1–5 up.
#[component]
fn Curves(services: Vec<String>, curves: Vec<CurveView>) -> impl IntoView {
    let i18n = use_i18n();
    let (left, top, step, height) = (48.0, 16.0, 96.0, 200.0);
    let width = left + step * services.len().max(1) as f64 + 16.0;
    let x = move |i: usize| left + step * i as f64 + step / 2.0;
    let y = move |feeling: f64| top + (5.0 - feeling) / 4.0 * height;
    let grid = (1..=5)
        .map(|score| {
            let at = y(score as f64);
            view! {
                <line class="curve__grid" x1=left x2=width - 8.0 y1=at y2=at/>
                <text class="curve__axis" x=left - 8.0 y=at + 4.0 text-anchor="end">{score}</text>
            }
        })
        .collect_view();
    let labels = services
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let short: String = name.chars().take(14).collect();
            let short = if short.chars().count() < name.chars().count() { format!("{short}…") } else { short };
            view! { <text class="curve__axis" x=x(i) y=top + height + 20.0 text-anchor="middle">{short}</text> }
        })
        .collect_view();
    let lines = curves
        .iter()
        .enumerate()
        .map(|(n, curve)| {
            let (marker, dash) = LINE_STYLES[n % LINE_STYLES.len()];
            // A gap where a service has too few steps: the line breaks there.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (i, point) in curve.points.iter().enumerate() {
                match (point, runs.last_mut()) {
                    (Some(f), Some(run)) => run.push((x(i), y(*f))),
                    (None, Some(run)) if !run.is_empty() => runs.push(Vec::new()),
                    _ => {}
                }
            }
            let paths = runs
                .into_iter()
                .filter(|r| r.len() > 1)
                .map(|r| {
                    let points = r.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect::<Vec<_>>().join(" ");
                    view! { <polyline class=format!("curve__line curve__line--{n}") points=points stroke-dasharray=dash/> }
                })
                .collect_view();
            let marks = curve.points.iter().enumerate().filter_map(|(i, p)| p.map(|f| (x(i), y(f)))).map(|(a, b)| marker_at(marker, a, b, n)).collect_view();
            view! { <g>{paths}{marks}</g> }
        })
        .collect_view();
    let legend = curves
        .iter()
        .enumerate()
        .map(|(n, curve)| {
            let (marker, dash) = LINE_STYLES[n % LINE_STYLES.len()];
            view! {
                <li>
                    <svg class="curve__key" width="44" height="16" viewBox="0 0 44 16" aria-hidden="true">
                        <line class=format!("curve__line curve__line--{n}") x1="2" x2="42" y1="8" y2="8" stroke-dasharray=dash/>
                        {marker_at(marker, 22.0, 8.0, n)}
                    </svg>
                    {i18n.t_with("insight.curve.legend", &[("segment", &curve.label), ("n", &curve.n.to_string())])}
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="curve">
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="curve-title">
            <svg class="curve__chart" viewBox=format!("0 0 {width:.0} {:.0}", top + height + 32.0) role="img" aria-labelledby="curve-title">
                <title id="curve-title">{i18n.t("insight.curve.title")}</title>
                {grid}
                {labels}
                {lines}
            </svg>
            </div>
            <figcaption>
                <ul class="curve__legend">{legend}</ul>
                <p class="ds-paragraph" data-size="sm">{i18n.t("insight.curve.read")}</p>
            </figcaption>
        </figure>
    }
}

fn marker_at(shape: &'static str, x: f64, y: f64, n: usize) -> impl IntoView {
    let class = format!("curve__mark curve__mark--{n}");
    match shape {
        "square" => view! { <rect class=class x=x - 4.5 y=y - 4.5 width="9" height="9"/> }.into_any(),
        "triangle" => {
            view! { <polygon class=class points=format!("{x:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", y - 5.5, x - 5.5, y + 4.5, x + 5.5, y + 4.5)/> }.into_any()
        }
        "diamond" => view! { <polygon class=class points=format!("{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}", y - 6.0, x + 6.0, y + 6.0, x - 6.0)/> }
            .into_any(),
        _ => view! { <circle class=class cx=x cy=y r="5"/> }.into_any(),
    }
}

/// The hand-overs as a flow: services people leave on the left, services
/// they come to on the right, each band as wide as its number of
/// hand-overs and coloured by the feeling after it. The worst hand-overs
/// are outlined and named in the table beside it, so nothing rests on
/// colour alone. Only hand-overs with enough journeys are drawn.
#[component]
fn Flow(transitions: Vec<TransitionView>) -> impl IntoView {
    let i18n = use_i18n();
    let shown: Vec<&TransitionView> = transitions.iter().filter(|t| t.band.is_some()).collect();
    let total: i64 = shown.iter().map(|t| t.n).sum();
    let (label_width, flow_width, node_width, gap, height) = (200.0, 280.0, 12.0, 10.0, 360.0);
    // Nodes in order of their volume, the largest on top.
    let side = |pick: fn(&TransitionView) -> &String| {
        let mut nodes: Vec<(String, i64)> = Vec::new();
        for t in &shown {
            match nodes.iter_mut().find(|(name, _)| name == pick(t)) {
                Some((_, n)) => *n += t.n,
                None => nodes.push((pick(t).clone(), t.n)),
            }
        }
        nodes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        nodes
    };
    let (sources, targets) = (side(|t| &t.from), side(|t| &t.to));
    let most_nodes = sources.len().max(targets.len()).max(1) as f64;
    let scale = (height - gap * (most_nodes - 1.0)) / total.max(1) as f64;
    let tops = |nodes: &[(String, i64)]| {
        let mut at = 0.0;
        nodes
            .iter()
            .map(|(_, n)| {
                let top = at;
                at += *n as f64 * scale + gap;
                top
            })
            .collect::<Vec<f64>>()
    };
    let (source_tops, target_tops) = (tops(&sources), tops(&targets));
    let (left, right) = (label_width, label_width + node_width + flow_width);
    let mut source_used = vec![0.0; sources.len()];
    let mut target_used = vec![0.0; targets.len()];
    // Bands leave each source in the order of their targets, so they cross as little as they can.
    let mut ordered = shown.clone();
    let position = |nodes: &[(String, i64)], name: &String| nodes.iter().position(|(n, _)| n == name).unwrap_or(0);
    ordered.sort_by_key(|t| (position(&sources, &t.from), position(&targets, &t.to)));
    let mut by_target = ordered.clone();
    by_target.sort_by_key(|t| (position(&targets, &t.to), position(&sources, &t.from)));
    let mut target_at = std::collections::HashMap::new();
    for t in &by_target {
        let j = position(&targets, &t.to);
        target_at.insert((t.from.clone(), t.to.clone()), target_tops[j] + target_used[j]);
        target_used[j] += t.n as f64 * scale;
    }
    let bands = ordered
        .iter()
        .map(|t| {
            let i = position(&sources, &t.from);
            let width = (t.n as f64 * scale).max(1.0);
            let y0 = source_tops[i] + source_used[i];
            source_used[i] += t.n as f64 * scale;
            let y1 = target_at.get(&(t.from.clone(), t.to.clone())).copied().unwrap_or(0.0);
            let (x0, x1) = (left + node_width, right);
            let mid = (x0 + x1) / 2.0;
            let d = format!(
                "M{x0:.1},{y0:.1} C{mid:.1},{y0:.1} {mid:.1},{y1:.1} {x1:.1},{y1:.1} L{x1:.1},{:.1} C{mid:.1},{:.1} {mid:.1},{:.1} {x0:.1},{:.1} Z",
                y1 + width,
                y1 + width,
                y0 + width,
                y0 + width
            );
            let worst = t.worst_feeling || t.worst_wrong;
            let class = format!("flow__band flow__band--{}{}", t.band.unwrap_or(3), if worst { " flow__band--worst" } else { "" });
            let title = i18n.t_with(
                "insight.flow.band",
                &[
                    ("from", &t.from),
                    ("to", &t.to),
                    ("n", &t.n.to_string()),
                    ("feeling", t.feeling.as_deref().unwrap_or("")),
                    ("returns", &t.returns.to_string()),
                ],
            );
            view! { <path class=class d=d><title>{title}</title></path> }
        })
        .collect_view();
    let nodes = |nodes: &[(String, i64)], tops: &[f64], x: f64, label_x: f64, anchor: &'static str| {
        nodes
            .iter()
            .zip(tops)
            .map(|((name, n), top)| {
                let h = (*n as f64 * scale).max(2.0);
                let short: String = name.chars().take(20).collect();
                let short = if short.chars().count() < name.chars().count() { format!("{short}…") } else { short };
                view! {
                    <rect class="flow__node" x=x y=*top width=node_width height=h/>
                    <text class="flow__label" x=label_x y=top + h / 2.0 + 4.0 text-anchor=anchor>{format!("{short} ({n})")}</text>
                }
            })
            .collect_view()
    };
    let source_nodes = nodes(&sources, &source_tops, left, left - 6.0, "end");
    let target_nodes = nodes(&targets, &target_tops, right, right + node_width + 6.0, "start");
    let width = right + node_width + label_width;
    let drawn = height + 8.0 + 24.0;
    view! {
        <figure class="flow">
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="flow-title">
                <svg class="flow__chart" viewBox=format!("0 0 {width:.0} {drawn:.0}") role="img" aria-labelledby="flow-title">
                    <title id="flow-title">{i18n.t("insight.flow.title")}</title>
                    <text class="flow__axis" x=left + node_width y="12" text-anchor="end">{i18n.t("insight.flow.from")}</text>
                    <text class="flow__axis" x=right y="12">{i18n.t("insight.flow.to")}</text>
                    <g transform="translate(0 24)">{bands}{source_nodes}{target_nodes}</g>
                </svg>
            </div>
            <figcaption class="ds-paragraph" data-size="sm">{i18n.t("insight.flow.read")}</figcaption>
        </figure>
    }
}

/// One heatmap cell: coloured by the median and saying it in words.
#[component]
fn Cell(cell: CellView) -> impl IntoView {
    let i18n = use_i18n();
    match cell.median {
        Some(median) => {
            let n = cell.n.to_string();
            view! {
                <td class="heat" data-median=median>
                    <span class="heat__median">{median}</span>
                    <span class="heat__detail">{i18n.t_with("insight.cell.detail", &[("n", &n), ("spread", cell.spread.as_deref().unwrap_or(""))])}</span>
                    <span class="heat__detail">{i18n.t_with("insight.cell.wrong", &[("share", cell.went_wrong.as_deref().unwrap_or(""))])}</span>
                </td>
            }
            .into_any()
        }
        None if cell.n > 0 => view! { <td class="heat heat--hidden">{i18n.t("insight.cell.too_few")}</td> }.into_any(),
        None => view! { <td class="heat heat--empty">"–"</td> }.into_any(),
    }
}

#[component]
pub fn InsightPage(data: InsightPageData) -> impl IntoView {
    let i18n = use_i18n();
    let InsightPageData {
        nav,
        team,
        from,
        to,
        theme,
        area,
        submitter,
        goal,
        segment,
        teams,
        all_teams,
        months,
        themes,
        areas,
        submitters,
        goals,
        segments,
        segment_values,
        summary,
        minimum,
        hidden_cells,
        services,
        curves,
        results,
        goal_rows,
        transitions,
        returns,
        inbox_href,
        export_query,
    } = data;
    let q = move || export_query.clone();
    let mermaid_href = if q().is_empty() { "/ansatt/innsikt/mermaid".to_string() } else { format!("/ansatt/innsikt/mermaid?{}", q()) };
    let compare = (!segment_values.is_empty()).then(|| {
        let boxes = segment_values
            .iter()
            .enumerate()
            .map(|(i, value)| {
                let id = format!("compare-{i}");
                let label = i18n.t_with("insight.compare.value", &[("segment", &value.label), ("n", &value.n.to_string())]);
                view! {
                    <div class="ds-field choice">
                        <input class="ds-input" type="checkbox" id=id.clone() name="compare" value=value.value.clone() checked=value.checked/>
                        <label class="ds-label" for=id>{label}</label>
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset class="ds-fieldset insight-filters__compare">
                <legend class="ds-label">{i18n.t("insight.compare.legend")}</legend>
                <p class="ds-paragraph" data-size="sm">{i18n.t("insight.compare.hint")}</p>
                {boxes}
            </fieldset>
        }
    });
    let names: Vec<String> = services.iter().map(|s| s.name.clone()).collect();
    let curve_table_head = names.iter().map(|name| view! { <th scope="col">{name.clone()}</th> }).collect_view();
    let curve_table_rows = curves
        .iter()
        .map(|curve| {
            let cells = curve
                .points
                .iter()
                .map(|p| view! { <td>{p.map(|f| i18n.locale.decimal(f, 1)).unwrap_or_else(|| i18n.t("insight.cell.too_few").to_string())}</td> })
                .collect_view();
            view! { <tr><th scope="row">{curve.label.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    let stage_heads = (1..=5)
        .map(|stage| {
            let label = if stage < 5 { i18n.t_with("insight.stage", &[("n", &stage.to_string())]) } else { i18n.t("insight.stage_later").to_string() };
            view! { <th scope="col">{label}</th> }
        })
        .collect_view();
    let heat_rows = services
        .iter()
        .map(|service| {
            let name = match &service.href {
                Some(href) => view! { <a class="ds-link" href=href.clone()>{service.name.clone()}</a> }.into_any(),
                None => view! { <span>{service.name.clone()}</span> }.into_any(),
            };
            let cells = service.stages.iter().map(|c| view! { <Cell cell=c.clone()/> }).collect_view();
            view! { <tr><th scope="row">{name}</th>{cells}<Cell cell=service.total.clone()/></tr> }
        })
        .collect_view();
    let result_heads = results.iter().map(|r| view! { <th scope="col">{r.clone()}</th> }).collect_view();
    let goal_table_rows = goal_rows
        .iter()
        .map(|row| {
            let cells = row.counts.iter().map(|n| view! { <td>{*n}</td> }).collect_view();
            view! { <tr><th scope="row">{row.goal.clone()}</th>{cells}<td>{row.total}</td></tr> }
        })
        .collect_view();
    let transition_rows = transitions
        .iter()
        .map(|t| {
            let too_few = || i18n.t("insight.cell.too_few").to_string();
            let marks = [(t.worst_feeling, "insight.transitions.worst_feeling"), (t.worst_wrong, "insight.transitions.worst_wrong")]
                .into_iter()
                .filter(|(worst, _)| *worst)
                .map(|(_, key)| view! { <span class="tag flow__worst" data-color="warning">{i18n.t(key)}</span> })
                .collect_view();
            view! {
                <tr class:flow__row--worst=t.worst_feeling || t.worst_wrong>
                    <th scope="row">{i18n.t_with("insight.transition.pair", &[("from", &t.from), ("to", &t.to)])}" "{marks}</th>
                    <td>{t.n}</td>
                    <td>{t.feeling.clone().unwrap_or_else(too_few)}</td>
                    <td>{t.went_wrong.clone().unwrap_or_else(too_few)}</td>
                    <td>{t.returns}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = services.is_empty();
    let area_chosen = area.clone();
    view! {
        <StaffNav nav=nav/>
        <h1 class="ds-heading" data-size="lg">{i18n.t("insight.heading")}</h1>
        <InsightNav current="journeys"/>
        <p class="ds-paragraph">{i18n.t("insight.lead")}</p>
        <form class="insight-filters" method="get" action="/ansatt/innsikt" aria-label=i18n.t("insight.filters")>
            <div class="insight-filters__grid">
                <PeriodFields team=team teams=teams all_teams=all_teams from=from to=to months=months theme=theme themes=themes area=area areas=areas submitter=submitter submitters=submitters/>
                <Select name="goal" label="insight.goal" choices=goals selected=goal error=None placeholder="inbox.any"/>
                <Select name="segment" label="insight.segment" choices=segments selected=segment error=None placeholder="insight.segment.none"/>
            </div>
            {compare}
            <p class="ds-paragraph">
                <button class="ds-button" data-variant="primary" type="submit">{i18n.t("inbox.apply")}</button>
                " "
                <a class="ds-link" href="/ansatt/innsikt">{i18n.t("inbox.clear")}</a>
            </p>
        </form>
        <p class="ds-paragraph" role="status">{summary}</p>
        <p class="ds-paragraph" data-size="sm">
            {i18n.t_count("insight.minimum", minimum, &[])}
            " "
            {(hidden_cells > 0).then(|| i18n.t_count("insight.hidden", hidden_cells as i64, &[]))}
            " "
            <a class="ds-link" href=inbox_href>{i18n.t("insight.to_inbox")}</a>
        </p>
        {(!empty).then(|| view! {
            <section aria-labelledby="curve-heading">
                <h2 class="ds-heading" data-size="md" id="curve-heading">{i18n.t("insight.curve.heading")}</h2>
                <Curves services=names.clone() curves=curves.clone()/>
                <p class="ds-paragraph insight-table__title" id="curve-table">{i18n.t("insight.curve.table")}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="curve-table">
                    <table class="ds-table insight-table" data-size="sm">
                        <caption class="visually-hidden">{i18n.t("insight.curve.table")}</caption>
                        <thead><tr><th scope="col">{i18n.t("insight.segment.column")}</th>{curve_table_head}</tr></thead>
                        <tbody>{curve_table_rows}</tbody>
                    </table>
                </div>
                <Download table="kurve" query=q()/>
            </section>
            <section aria-labelledby="heat-heading">
                <h2 class="ds-heading" data-size="md" id="heat-heading">{i18n.t("insight.heat.heading")}</h2>
                <p class="ds-paragraph">{i18n.t("insight.heat.read")}</p>
                <p class="ds-paragraph insight-table__title" id="heat-table">{i18n.t("insight.heat.caption")}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="heat-table">
                    <table class="ds-table insight-table insight-table--heat" data-size="sm">
                        <caption class="visually-hidden">{i18n.t("insight.heat.caption")}</caption>
                        <thead><tr><th scope="col">{i18n.t("insight.service")}</th>{stage_heads}<th scope="col">{i18n.t("insight.all_stages")}</th></tr></thead>
                        <tbody>{heat_rows}</tbody>
                    </table>
                </div>
                <Download table="varmekart" query=q()/>
                <p class="ds-paragraph" data-size="sm"><a class="ds-link" href=mermaid_href.clone()>{i18n.t("insight.download.mermaid")}</a></p>
            </section>
            <section aria-labelledby="goals-heading">
                <h2 class="ds-heading" data-size="md" id="goals-heading">{i18n.t("insight.goals.heading")}</h2>
                <p class="ds-paragraph insight-table__title" id="goals-table">{i18n.t("insight.goals.caption")}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="goals-table">
                    <table class="ds-table insight-table" data-size="sm">
                        <caption class="visually-hidden">{i18n.t("insight.goals.caption")}</caption>
                        <thead><tr><th scope="col">{i18n.t("insight.goal")}</th>{result_heads}<th scope="col">{i18n.t("insight.total")}</th></tr></thead>
                        <tbody>{goal_table_rows}</tbody>
                    </table>
                </div>
                <Download table="mal" query=q()/>
            </section>
            <section aria-labelledby="transitions-heading">
                <h2 class="ds-heading" data-size="md" id="transitions-heading">{i18n.t("insight.transitions.heading")}</h2>
                <p class="ds-paragraph">{i18n.t_count("insight.transitions.returns", returns, &[])}</p>
                <Flow transitions=transitions.clone()/>
                <p class="ds-paragraph insight-table__title" id="transitions-table">{i18n.t("insight.transitions.caption")}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="transitions-table">
                    <table class="ds-table insight-table" data-size="sm">
                        <caption class="visually-hidden">{i18n.t("insight.transitions.caption")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t("insight.transitions.pair")}</th>
                                <th scope="col">{i18n.t("insight.transitions.n")}</th>
                                <th scope="col">{i18n.t("insight.transitions.feeling")}</th>
                                <th scope="col">{i18n.t("insight.transitions.wrong")}</th>
                                <th scope="col">{i18n.t("insight.transitions.returns_column")}</th>
                            </tr>
                        </thead>
                        <tbody>{transition_rows}</tbody>
                    </table>
                </div>
                <Download table="overganger" query=q()/>
            </section>
        })}
        {empty.then(|| view! { <p class="ds-paragraph">{i18n.t("insight.empty")}</p> })}
        {(empty && !area_chosen.is_empty()).then(|| view! { <p class="ds-paragraph">{i18n.t("insight.area_note")}</p> })}
        <ItemsDownload query=q()/>
    }
}
