//! "What grows" in the insight (issue 15): the themes and areas whose
//! items rose most against the period before, and for one theme the words
//! and two-word phrases residents use most, each linked to the items
//! behind it.

use super::insight::{Download, InsightNav, ItemsDownload, PeriodFields};
use super::insight_teams::{Number, NumberLink};
use super::{StaffNav, StaffNavData};
use crate::context::use_i18n;
use crate::forms::{Choice, Select};
use leptos::prelude::*;

/// A theme's or area's items before and now.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RiseRow {
    pub label: String,
    pub before: i64,
    pub now: NumberLink,
    /// "+12 (+40 %)", "−3 (−10 %)", "+8 (new)".
    pub change: String,
}

/// A word or phrase with the items using it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TermView {
    pub text: String,
    pub n: NumberLink,
}

#[derive(Clone, Debug, Default)]
pub struct GrowthPageData {
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
    /// "March 2026 – February 2027 against March 2025 – February 2026, all teams."
    pub summary: String,
    pub theme_rows: Vec<RiseRow>,
    pub area_rows: Vec<RiseRow>,
    /// The chosen theme's name, when one is chosen.
    pub theme_name: Option<String>,
    pub words: Vec<TermView>,
    pub phrases: Vec<TermView>,
    /// "From the 1 234 items of the period" (or the newest 5 000).
    pub words_note: String,
    /// Without a theme: the rising themes, each a link that chooses it.
    pub theme_links: Vec<(String, String)>,
    pub export_query: String,
}

#[component]
fn RiseTable(id: &'static str, heading: &'static str, column: &'static str, rows: Vec<RiseRow>, query: String) -> impl IntoView {
    let i18n = use_i18n();
    let title_id = format!("{id}-table");
    let (section_label, region_label) = (title_id.clone(), title_id.clone());
    let body = rows
        .iter()
        .map(|row| {
            view! {
                <tr>
                    <th scope="row">{row.label.clone()}</th>
                    <td>{row.before}</td>
                    <td><Number number=row.now.clone()/></td>
                    <td>{row.change.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = rows.is_empty();
    view! {
        <section aria-labelledby=section_label>
            <h2 class="ds-heading" data-size="md" id=title_id>{i18n.t(heading)}</h2>
            {(!empty).then(|| view! {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby=region_label>
                    <table class="ds-table insight-table" data-size="sm">
                        <caption class="visually-hidden">{i18n.t(heading)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t(column)}</th>
                                <th scope="col">{i18n.t("insight.growth.before")}</th>
                                <th scope="col">{i18n.t("insight.growth.now")}</th>
                                <th scope="col">{i18n.t("insight.growth.change")}</th>
                            </tr>
                        </thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
                <Download base="/ansatt/innsikt/vekst/csv" table=id query=query/>
            }.into_any())}
            {empty.then(|| view! { <p class="ds-paragraph">{i18n.t("insight.growth.none")}</p> })}
        </section>
    }
    .into_any()
}

#[component]
fn TermTable(id: &'static str, heading: &'static str, column: &'static str, terms: Vec<TermView>, query: String) -> impl IntoView {
    let i18n = use_i18n();
    let title_id = format!("{id}-table");
    let (section_label, region_label) = (title_id.clone(), title_id.clone());
    let body = terms.iter().map(|t| view! { <tr><th scope="row">{t.text.clone()}</th><td><Number number=t.n.clone()/></td></tr> }).collect_view();
    let empty = terms.is_empty();
    view! {
        <section class="insight-group" aria-labelledby=section_label>
            <h3 class="ds-heading" data-size="sm" id=title_id>{i18n.t(heading)}</h3>
            {(!empty).then(|| view! {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby=region_label>
                    <table class="ds-table insight-table" data-size="sm">
                        <caption class="visually-hidden">{i18n.t(heading)}</caption>
                        <thead><tr><th scope="col">{i18n.t(column)}</th><th scope="col">{i18n.t("insight.teams.items")}</th></tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
                <Download base="/ansatt/innsikt/vekst/csv" table=id query=query/>
            }.into_any())}
            {empty.then(|| view! { <p class="ds-paragraph">{i18n.t("insight.growth.no_words")}</p> })}
        </section>
    }
    .into_any()
}

#[component]
pub fn GrowthPage(data: GrowthPageData) -> impl IntoView {
    let i18n = use_i18n();
    let GrowthPageData {
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
        theme_rows,
        area_rows,
        theme_name,
        words,
        phrases,
        words_note,
        theme_links,
        export_query,
    } = data;
    let words_section = match theme_name {
        Some(name) => view! {
            <p class="ds-paragraph">{i18n.t_with("insight.growth.words.lead", &[("theme", &name)])}" "{words_note}</p>
            <div class="insight-groups">
                <TermTable id="ord" heading="insight.growth.words.heading" column="insight.growth.word" terms=words query=export_query.clone()/>
                <TermTable id="uttrykk" heading="insight.growth.phrases.heading" column="insight.growth.phrase" terms=phrases query=export_query.clone()/>
            </div>
        }
        .into_any(),
        None => {
            let links = theme_links.into_iter().map(|(label, href)| view! { <li><a class="ds-link" href=href>{label}</a></li> }).collect_view();
            view! {
                <p class="ds-paragraph">{i18n.t("insight.growth.words.choose")}</p>
                <ul class="ds-list">{links}</ul>
            }
            .into_any()
        }
    };
    view! {
        <StaffNav nav=nav/>
        <h1 class="ds-heading" data-size="lg">{i18n.t("insight.growth.heading")}</h1>
        <InsightNav current="growth"/>
        <p class="ds-paragraph">{i18n.t("insight.growth.lead")}</p>
        <form class="insight-filters" method="get" action="/ansatt/innsikt/vekst" aria-label=i18n.t("insight.filters")>
            <div class="insight-filters__grid">
                <PeriodFields team=team teams=teams all_teams=all_teams from=from to=to months=months theme=theme themes=themes area=area areas=areas submitter=submitter submitters=submitters/>
                <Select name="kind" label="insight.kind" choices=kinds selected=kind error=None placeholder="inbox.any"/>
            </div>
            <p class="ds-paragraph">
                <button class="ds-button" data-variant="primary" type="submit">{i18n.t("inbox.apply")}</button>
                " "
                <a class="ds-link" href="/ansatt/innsikt/vekst">{i18n.t("inbox.clear")}</a>
            </p>
        </form>
        <p class="ds-paragraph" role="status">{summary}</p>
        <RiseTable id="tema" heading="insight.growth.themes" column="form.theme" rows=theme_rows query=export_query.clone()/>
        <RiseTable id="omrade" heading="insight.growth.areas" column="form.area" rows=area_rows query=export_query.clone()/>
        <section aria-labelledby="words-heading">
            <h2 class="ds-heading" data-size="md" id="words-heading">{i18n.t("insight.growth.words.section")}</h2>
            {words_section}
        </section>
        <ItemsDownload query=export_query.clone()/>
    }
}
