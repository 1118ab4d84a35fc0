//! An inbox: the combined "my teams" view, one team's inbox, or the triage
//! queue. Filters are a plain GET form, so a filtered view is a link that
//! can be bookmarked; pages go on with a keyset cursor ("next page").

use super::{StaffNav, StaffNavData};
use crate::context::use_i18n;
use crate::forms::{Choice, Select, TextInput};
use leptos::prelude::*;

/// The filter values exactly as in the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct InboxFilters {
    pub kind: String,
    pub theme: String,
    pub area: String,
    pub status: String,
    /// `1` when ticked.
    pub overdue: String,
    /// `1`: only requests for help (§ 6).
    pub help: String,
    pub mine: String,
    pub unassigned: String,
    pub q: String,
    /// From the insight pages: the months received (`YYYY-MM`), who sent
    /// it, the outcome, the service (team slug) a journey passed.
    pub from: String,
    pub to: String,
    pub submitter: String,
    pub outcome: String,
    pub service: String,
    pub sort: String,
    /// Cursor of the next page.
    pub after: String,
    /// Set after an action that took the item out of the reader's inboxes.
    pub ok: String,
}

/// One row, ready to show.
#[derive(Clone, Debug)]
pub struct InboxRowView {
    pub href: String,
    pub reference: String,
    pub headline: String,
    pub kind_key: &'static str,
    pub status_key: &'static str,
    pub theme: Option<String>,
    pub area: Option<String>,
    pub received: String,
    pub due: Option<String>,
    pub overdue: bool,
    pub assignee: Option<String>,
    pub teams: String,
    pub has_personal_data: bool,
    /// Text key of why the post is held as looking automated.
    pub held_key: Option<&'static str>,
    /// A request for help (§ 6).
    pub requests_help: bool,
}

#[derive(Clone, Debug, Default)]
pub struct InboxPageData {
    pub nav: StaffNavData,
    /// The page heading, already in the reader's language.
    pub heading: String,
    pub lead_key: &'static str,
    /// Where the filter form sends its GET.
    pub action: String,
    pub filters: InboxFilters,
    pub kinds: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub areas: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub sorts: Vec<Choice>,
    pub rows: Vec<InboxRowView>,
    /// Link to the next page, when there is one.
    pub next_page: Option<String>,
    /// Link back to the first page, when not on it.
    pub first_page: Option<String>,
    /// In the triage queue: the link to the posts held as looking automated.
    pub held_link: Option<String>,
    /// The insight's filters in force, in words ("Received: March 2026 –
    /// May 2026"), and the link that drops them.
    pub insight_filters: Vec<String>,
    pub without_insight_filters: String,
}

#[component]
pub fn InboxPage(data: InboxPageData) -> impl IntoView {
    let i18n = use_i18n();
    let InboxPageData {
        nav,
        heading,
        lead_key,
        action,
        filters,
        kinds,
        themes,
        areas,
        statuses,
        sorts,
        rows,
        next_page,
        first_page,
        held_link,
        insight_filters,
        without_insight_filters,
    } = data;
    // The insight's filters ride along in the form, so changing another filter keeps them.
    let hidden_insight =
        [("from", &filters.from), ("to", &filters.to), ("submitter", &filters.submitter), ("outcome", &filters.outcome), ("service", &filters.service)]
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| view! { <input type="hidden" name=name value=value.clone()/> })
            .collect_view();
    let insight_notice = (!insight_filters.is_empty()).then(|| {
        let items = insight_filters.iter().map(|text| view! { <li>{text.clone()}</li> }).collect_view();
        view! {
            <div class="inbox-insight" role="note">
                <p class="ds-paragraph" data-size="sm">{i18n.t("inbox.insight_filters")}</p>
                <ul class="ds-list" data-size="sm">{items}</ul>
                <p class="ds-paragraph" data-size="sm"><a class="ds-link" href=without_insight_filters.clone()>{i18n.t("inbox.insight_filters_clear")}</a></p>
            </div>
        }
    });
    let checkbox = move |name: &'static str, label: &'static str, checked: bool| {
        let id = format!("filter-{name}");
        view! {
            <div class="ds-field choice">
                <input class="ds-input" type="checkbox" id=id.clone() name=name value="1" checked=checked/>
                <label class="ds-label" for=id>{i18n.t(label)}</label>
            </div>
        }
    };
    let count = if rows.is_empty() { i18n.t("inbox.empty").to_string() } else { i18n.t_count("inbox.count", rows.len() as i64, &[]) };
    let list = rows
        .into_iter()
        .map(|row| {
            let meta = [row.theme.clone(), row.area.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
            let overdue = row.overdue.then(|| view! { <span class="tag" data-color="danger">{i18n.t("inbox.overdue")}</span> });
            let personal = row.has_personal_data.then(|| view! { <span class="tag" data-color="warning">{i18n.t("inbox.personal_data")}</span> });
            let held = row.held_key.map(|key| view! { <span class="tag" data-color="danger">{i18n.t(key)}</span> });
            let help = row.requests_help.then(|| view! { <span class="tag" data-color="warning">{i18n.t("item.help_request")}</span> });
            let due = row.due.clone().map(|due| view! { <span>{i18n.t_with("inbox.due", &[("date", &due)])}</span> });
            let assignee = match row.assignee.clone() {
                Some(name) => i18n.t_with("inbox.assigned_to", &[("name", &name)]),
                None => i18n.t("inbox.unassigned").to_string(),
            };
            view! {
                <li class="inbox-row">
                    <h2 class="ds-heading" data-size="xs">
                        <a class="ds-link" href=row.href>{row.reference.clone()} " – " {row.headline.clone()}</a>
                    </h2>
                    <p class="ds-paragraph inbox-row__tags" data-size="sm">
                        <span class="tag">{i18n.t(row.kind_key)}</span>
                        <span class="tag" data-color="accent">{i18n.t(row.status_key)}</span>
                        {overdue}
                        {help}
                        {personal}
                        {held}
                    </p>
                    <p class="ds-paragraph inbox-row__meta" data-size="sm">
                        <span>{i18n.t_with("inbox.received", &[("date", &row.received)])}</span>
                        {due}
                        <span>{assignee}</span>
                    </p>
                    <p class="ds-paragraph inbox-row__meta" data-size="sm">{meta}</p>
                    <p class="ds-paragraph inbox-row__meta" data-size="sm">{i18n.t_with("inbox.teams", &[("teams", &row.teams)])}</p>
                </li>
            }
        })
        .collect_view();
    let action_href = action.clone();
    // Open the extra filters when one is in use, so the person sees why the list is short.
    let filtered =
        [&filters.kind, &filters.theme, &filters.area, &filters.status, &filters.overdue, &filters.help, &filters.mine, &filters.unassigned, &filters.sort]
            .iter()
            .any(|v| !v.is_empty());
    let done = (filters.ok == "henvis").then(|| {
        view! { <div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{i18n.t("item.done.henvis")}</p></div> }
    });
    view! {
        <StaffNav nav=nav/>
        <h1 class="ds-heading" data-size="lg">{heading}</h1>
        {done}
        <p class="ds-paragraph">{i18n.t(lead_key)}</p>
        {held_link.map(|href| view! { <p class="ds-paragraph"><a class="ds-link" href=href>{i18n.t("inbox.held_link")}</a></p> })}
        <form class="inbox-filters" method="get" action=action_href role="search" aria-label=i18n.t("inbox.filters")>
            <div class="inbox-filters__search">
                <TextInput name="q" label="inbox.search" hint="inbox.search_hint" value=filters.q.clone() error=None input_type="search"/>
                <button class="ds-button" data-variant="primary" type="submit">{i18n.t("inbox.apply")}</button>
            </div>
            {hidden_insight}
            <details class="inbox-filters__more" open=filtered>
                <summary>{i18n.t("inbox.more_filters")}</summary>
                <div class="inbox-filters__grid">
                    <Select name="kind" label="inbox.kind" choices=kinds selected=filters.kind.clone() error=None placeholder="inbox.any"/>
                    <Select name="status" label="inbox.status" choices=statuses selected=filters.status.clone() error=None placeholder="inbox.any_open"/>
                    <Select name="theme" label="form.theme" choices=themes selected=filters.theme.clone() error=None placeholder="inbox.any"/>
                    <Select name="area" label="form.area" choices=areas selected=filters.area.clone() error=None placeholder="inbox.any"/>
                    <Select name="sort" label="inbox.sort" choices=sorts selected=filters.sort.clone() error=None placeholder="inbox.sort.newest"/>
                </div>
                <fieldset class="ds-fieldset inbox-filters__checks">
                    <legend class="ds-label">{i18n.t("inbox.show_only")}</legend>
                    {checkbox("overdue", "inbox.only_overdue", filters.overdue == "1")}
                    {checkbox("help", "inbox.only_help_requests", filters.help == "1")}
                    {checkbox("mine", "inbox.only_mine", filters.mine == "1")}
                    {checkbox("unassigned", "inbox.only_unassigned", filters.unassigned == "1")}
                </fieldset>
                <p class="ds-paragraph">
                    <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("inbox.apply")}</button>
                    " "
                    <a class="ds-link" href=action.clone()>{i18n.t("inbox.clear")}</a>
                </p>
            </details>
        </form>
        {insight_notice}
        <h2 class="ds-heading" data-size="sm" id="results">{i18n.t("inbox.results")}</h2>
        <p class="ds-paragraph" role="status">{count}</p>
        <ul class="inbox-list" aria-labelledby="results">{list}</ul>
        <nav class="pager" aria-label=i18n.t("inbox.pages")>
            {first_page.map(|href| view! { <a class="ds-link" href=href>{i18n.t("inbox.first_page")}</a> })}
            " "
            {next_page.map(|href| view! { <a class="ds-link" href=href rel="next">{i18n.t("inbox.next_page")}</a> })}
        </nav>
    }
}
