//! The team page of the insight (issue 15): how many items came in, by
//! month, theme, area, who sent them and what kind; how fast each team gave
//! its first public reply and closed (median and 90th percentile), how many
//! replies came after the deadline and how many are overdue now; how items
//! ended and how many were reopened. Every number that has an inbox behind
//! it links there; every table downloads as CSV.

use super::insight::{Download, InsightNav, ItemsDownload, PeriodFields};
use super::{StaffNav, StaffNavData};
use crate::context::use_i18n;
use crate::forms::{Choice, Select};
use leptos::prelude::*;

/// A number, with the inbox behind it when there is one this member may open.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NumberLink {
    pub text: String,
    pub href: Option<String>,
}

#[component]
pub(super) fn Number(number: NumberLink) -> impl IntoView {
    match number.href {
        Some(href) => view! { <a class="ds-link" href=href>{number.text}</a> }.into_any(),
        None => view! { <span>{number.text}</span> }.into_any(),
    }
}

/// One team's line (or the whole scope's).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamLineView {
    pub name: NumberLink,
    pub items: NumberLink,
    pub reply_median: String,
    pub reply_p90: String,
    pub close_median: String,
    pub close_p90: String,
    /// "12 %" of the replies that came after the deadline.
    pub late: String,
    pub overdue: NumberLink,
    pub reopened: String,
    pub closed: NumberLink,
    /// Per outcome, in the order of `TeamsPageData::outcomes`.
    pub outcomes: Vec<NumberLink>,
    /// The line for the whole scope, set apart from the teams.
    pub total: bool,
}

/// One group's row in a volume table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupRow {
    pub label: String,
    pub n: NumberLink,
    pub share: String,
}

/// A volume table: items by theme, area, submitter kind or kind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupTable {
    /// Its id (and CSV name): `tema`, `omrade`, `innsender`, `type`.
    pub id: &'static str,
    pub heading: &'static str,
    pub column: &'static str,
    pub rows: Vec<GroupRow>,
}

/// One month's bar.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MonthBar {
    pub label: String,
    /// "jan." under the bar; the year under January and the first bar.
    pub short: String,
    pub year: Option<String>,
    pub n: NumberLink,
    pub count: i64,
}

#[derive(Clone, Debug, Default)]
pub struct TeamsPageData {
    pub nav: StaffNavData,
    pub team: String,
    pub from: String,
    pub to: String,
    pub theme: String,
    pub area: String,
    pub submitter: String,
    pub kind: String,
    pub teams: Vec<Choice>,
    pub all_teams: bool,
    pub months: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub areas: Vec<Choice>,
    pub submitters: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub summary: String,
    /// Requests for help (§ 6) in the period, linked to them in the inbox.
    pub help_requests: NumberLink,
    pub lines: Vec<TeamLineView>,
    pub outcomes: Vec<String>,
    pub bars: Vec<MonthBar>,
    pub groups: Vec<GroupTable>,
    pub export_query: String,
}

/// Items per month as bars, each with its number above it.
#[component]
fn MonthBars(bars: Vec<MonthBar>) -> impl IntoView {
    let i18n = use_i18n();
    let (left, top, step, height) = (8.0, 20.0, 34.0, 160.0);
    let most = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f64;
    let width = left * 2.0 + step * bars.len().max(1) as f64;
    let drawn = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let h = bar.count as f64 / most * height;
            let x = left + step * i as f64;
            view! {
                <rect class="bars__bar" x=x + 4.0 y=top + height - h width=step - 8.0 height=h.max(0.5)/>
                <text class="bars__count" x=x + step / 2.0 y=top + height - h - 4.0 text-anchor="middle">{bar.count}</text>
                <text class="bars__axis" x=x + step / 2.0 y=top + height + 14.0 text-anchor="middle">{bar.short.clone()}</text>
                {bar.year.clone().map(|year| view! { <text class="bars__axis" x=x + step / 2.0 y=top + height + 28.0 text-anchor="middle">{year}</text> })}
            }
        })
        .collect_view();
    view! {
        <figure class="bars">
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="bars-title">
                <svg class="bars__chart" viewBox=format!("0 0 {width:.0} {:.0}", top + height + 34.0) role="img" aria-labelledby="bars-title">
                    <title id="bars-title">{i18n.t("insight.teams.months.title")}</title>
                    {drawn}
                </svg>
            </div>
        </figure>
    }
}

#[component]
pub fn TeamsPage(data: TeamsPageData) -> impl IntoView {
    let i18n = use_i18n();
    let TeamsPageData {
        nav,
        team,
        from,
        to,
        theme,
        area,
        submitter,
        kind,
        teams,
        all_teams,
        months,
        themes,
        areas,
        submitters,
        kinds,
        summary,
        help_requests,
        lines,
        outcomes,
        bars,
        groups,
        export_query,
    } = data;
    let q = move || export_query.clone();
    let base = "/ansatt/innsikt/team/csv";
    let time_rows = lines
        .iter()
        .map(|line| {
            view! {
                <tr class:insight-table__total=line.total>
                    <th scope="row"><Number number=line.name.clone()/></th>
                    <td><Number number=line.items.clone()/></td>
                    <td>{line.reply_median.clone()}</td>
                    <td>{line.reply_p90.clone()}</td>
                    <td>{line.late.clone()}</td>
                    <td><Number number=line.overdue.clone()/></td>
                    <td>{line.close_median.clone()}</td>
                    <td>{line.close_p90.clone()}</td>
                    <td>{line.reopened.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let outcome_heads = outcomes.iter().map(|o| view! { <th scope="col">{o.clone()}</th> }).collect_view();
    let outcome_rows = lines
        .iter()
        .map(|line| {
            let cells = line.outcomes.iter().map(|n| view! { <td><Number number=n.clone()/></td> }).collect_view();
            view! {
                <tr class:insight-table__total=line.total>
                    <th scope="row"><Number number=line.name.clone()/></th>
                    {cells}
                    <td><Number number=line.closed.clone()/></td>
                </tr>
            }
        })
        .collect_view();
    let month_rows = bars.iter().map(|bar| view! { <tr><th scope="row">{bar.label.clone()}</th><td><Number number=bar.n.clone()/></td></tr> }).collect_view();
    let group_sections = groups
        .into_iter()
        .map(|group| {
            let title_id = format!("{}-table", group.id);
            let (section_label, region_label) = (title_id.clone(), title_id.clone());
            let rows = group
                .rows
                .iter()
                .map(|row| view! { <tr><th scope="row">{row.label.clone()}</th><td><Number number=row.n.clone()/></td><td>{row.share.clone()}</td></tr> })
                .collect_view();
            view! {
                <section class="insight-group" aria-labelledby=section_label>
                    <h3 class="ds-heading" data-size="sm" id=title_id>{i18n.t(group.heading)}</h3>
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby=region_label>
                        <table class="ds-table insight-table" data-size="sm">
                            <caption class="visually-hidden">{i18n.t(group.heading)}</caption>
                            <thead><tr><th scope="col">{i18n.t(group.column)}</th><th scope="col">{i18n.t("insight.teams.items")}</th><th scope="col">{i18n.t("insight.teams.share")}</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <Download base=base table=group.id query=q()/>
                </section>
            }
        })
        .collect_view();
    let empty = lines.iter().all(|l| l.items.text == "0") || lines.is_empty();
    view! {
        <StaffNav nav=nav/>
        <h1 class="ds-heading" data-size="lg">{i18n.t("insight.teams.heading")}</h1>
        <InsightNav current="teams"/>
        <p class="ds-paragraph">{i18n.t("insight.teams.lead")}</p>
        <form class="insight-filters" method="get" action="/ansatt/innsikt/team" aria-label=i18n.t("insight.filters")>
            <div class="insight-filters__grid">
                <PeriodFields team=team teams=teams all_teams=all_teams from=from to=to months=months theme=theme themes=themes area=area areas=areas submitter=submitter submitters=submitters/>
                <Select name="kind" label="insight.kind" choices=kinds selected=kind error=None placeholder="inbox.any"/>
            </div>
            <p class="ds-paragraph">
                <button class="ds-button" data-variant="primary" type="submit">{i18n.t("inbox.apply")}</button>
                " "
                <a class="ds-link" href="/ansatt/innsikt/team">{i18n.t("inbox.clear")}</a>
            </p>
        </form>
        <p class="ds-paragraph" role="status">{summary}</p>
        <p class="ds-paragraph">{i18n.t("insight.teams.help_requests")} " " <strong><Number number=help_requests/></strong></p>
        {(!empty).then(|| view! {
            <section aria-labelledby="times-heading">
                <h2 class="ds-heading" data-size="md" id="times-heading">{i18n.t("insight.teams.times.heading")}</h2>
                <p class="ds-paragraph">{i18n.t("insight.teams.times.read")}</p>
                <p class="ds-paragraph insight-table__title" id="times-table">{i18n.t("insight.teams.times.caption")}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="times-table">
                    <table class="ds-table insight-table" data-size="sm">
                        <caption class="visually-hidden">{i18n.t("insight.teams.times.caption")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t("insight.team")}</th>
                                <th scope="col">{i18n.t("insight.teams.items")}</th>
                                <th scope="col">{i18n.t("insight.teams.reply_median")}</th>
                                <th scope="col">{i18n.t("insight.teams.reply_p90")}</th>
                                <th scope="col">{i18n.t("insight.teams.late")}</th>
                                <th scope="col">{i18n.t("insight.teams.overdue")}</th>
                                <th scope="col">{i18n.t("insight.teams.close_median")}</th>
                                <th scope="col">{i18n.t("insight.teams.close_p90")}</th>
                                <th scope="col">{i18n.t("insight.teams.reopened")}</th>
                            </tr>
                        </thead>
                        <tbody>{time_rows}</tbody>
                    </table>
                </div>
                <Download base=base table="svartid" query=q()/>
            </section>
            <section aria-labelledby="outcomes-heading">
                <h2 class="ds-heading" data-size="md" id="outcomes-heading">{i18n.t("insight.teams.outcomes.heading")}</h2>
                <p class="ds-paragraph insight-table__title" id="outcomes-table">{i18n.t("insight.teams.outcomes.caption")}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="outcomes-table">
                    <table class="ds-table insight-table" data-size="sm">
                        <caption class="visually-hidden">{i18n.t("insight.teams.outcomes.caption")}</caption>
                        <thead><tr><th scope="col">{i18n.t("insight.team")}</th>{outcome_heads}<th scope="col">{i18n.t("insight.teams.closed")}</th></tr></thead>
                        <tbody>{outcome_rows}</tbody>
                    </table>
                </div>
                <Download base=base table="utfall" query=q()/>
            </section>
            <section aria-labelledby="months-heading">
                <h2 class="ds-heading" data-size="md" id="months-heading">{i18n.t("insight.teams.months.heading")}</h2>
                <MonthBars bars=bars.clone()/>
                <p class="ds-paragraph insight-table__title" id="months-table">{i18n.t("insight.teams.months.caption")}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="months-table">
                    <table class="ds-table insight-table" data-size="sm">
                        <caption class="visually-hidden">{i18n.t("insight.teams.months.caption")}</caption>
                        <thead><tr><th scope="col">{i18n.t("insight.teams.month")}</th><th scope="col">{i18n.t("insight.teams.items")}</th></tr></thead>
                        <tbody>{month_rows}</tbody>
                    </table>
                </div>
                <Download base=base table="maned" query=q()/>
            </section>
            <section aria-labelledby="groups-heading">
                <h2 class="ds-heading" data-size="md" id="groups-heading">{i18n.t("insight.teams.groups.heading")}</h2>
                <div class="insight-groups">{group_sections}</div>
            </section>
        })}
        {empty.then(|| view! { <p class="ds-paragraph">{i18n.t("insight.teams.empty")}</p> })}
        <ItemsDownload query=q()/>
    }
}
