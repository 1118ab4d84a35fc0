//! Routing rules: the list, the edit form and the test box.

use super::*;
use crate::context::use_i18n;
use crate::forms::{translate_labels, Checkbox, CheckboxGroup, Choice, ErrorSummary, FormErrors, Select, TextArea, TextInput};
use crate::pages::staff::{StaffNav, StaffNavData};
use leptos::prelude::*;

/// The rule form as typed; `teams` are team slugs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleForm {
    /// 0 for a new rule.
    pub id: String,
    pub priority: String,
    pub description: String,
    pub kind: String,
    pub theme: String,
    pub area: String,
    pub submitter: String,
    pub keywords: String,
    pub teams: Vec<String>,
    pub active: String,
}

/// The "where would this go?" box.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct RuleTestForm {
    pub test_kind: String,
    pub test_theme: String,
    pub test_area: String,
    pub test_submitter: String,
    pub test_text: String,
}

#[derive(Clone, Debug)]
pub struct RuleRow {
    pub id: i64,
    pub priority: i64,
    pub description: String,
    pub conditions: String,
    pub teams: String,
    pub active: bool,
}

#[derive(Clone, Debug, Default)]
pub struct RulesPageData {
    pub nav: StaffNavData,
    pub rows: Vec<RuleRow>,
    pub form: RuleForm,
    pub test: RuleTestForm,
    /// The routing of the test sample, in words; `None` before a test.
    pub test_result: Option<Vec<String>>,
    pub test_triage: bool,
    pub kinds: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub areas: Vec<Choice>,
    pub submitters: Vec<Choice>,
    pub teams: Vec<Choice>,
    pub errors: FormErrors,
    pub done_key: Option<&'static str>,
}

#[component]
pub fn RulesAdminPage(data: RulesPageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let rows = d
        .rows
        .iter()
        .map(|r| {
            let state = if r.active { i18n.t("admin.active") } else { i18n.t("admin.inactive") };
            view! {
                <tr>
                    <td>{r.id}</td>
                    <td>{r.priority}</td>
                    <td>{r.description.clone()}</td>
                    <td>{r.conditions.clone()}</td>
                    <td>{r.teams.clone()}</td>
                    <td>{state}</td>
                    <td><a class="ds-link" href=format!("/ansatt/admin/regler?rediger={}", r.id)>{i18n.t_with("admin.edit_rule", &[("id", &r.id.to_string())])}</a></td>
                </tr>
            }
        })
        .collect_view();
    let editing = !d.form.id.is_empty() && d.form.id != "0";
    let labels = [
        ("priority", "admin.rules.priority"),
        ("description", "admin.rules.description"),
        ("kind", "inbox.kind"),
        ("theme", "form.theme"),
        ("area", "form.area"),
        ("submitter", "form.submitter"),
        ("keywords", "admin.rules.keywords"),
        ("teams", "admin.rules.teams"),
    ];
    let result = d.test_result.clone().map(|lines| {
        let key = if d.test_triage { "admin.rules.test_triage" } else { "admin.rules.test_routed" };
        view! {
            <div class="ds-alert" data-color="info" role="status">
                <p class="ds-paragraph"><strong>{i18n.t(key)}</strong></p>
                <ul class="ds-list">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            </div>
        }
    });
    let f = d.form.clone();
    let e = d.errors.clone();
    let t = d.test.clone();
    view! {
        <StaffNav nav=d.nav.clone()/>
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/admin">{i18n.t("admin.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{i18n.t("admin.rules.title")}</h1>
        <p class="ds-paragraph">{i18n.t("admin.rules.explain")}</p>
        {done(d.done_key)}
        <div class="table-scroll">
            <table class="ds-table" data-size="sm">
                <caption class="visually-hidden">{i18n.t("admin.rules.title")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("admin.rule")}</th>
                    <th scope="col">{i18n.t("admin.rules.priority")}</th>
                    <th scope="col">{i18n.t("admin.rules.description")}</th>
                    <th scope="col">{i18n.t("admin.rules.conditions")}</th>
                    <th scope="col">{i18n.t("admin.rules.teams")}</th>
                    <th scope="col">{i18n.t("admin.state")}</th>
                    <th scope="col">{i18n.t("admin.actions")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <section class="action-box" aria-labelledby="test-heading">
            <h2 class="ds-heading" data-size="md" id="test-heading">{i18n.t("admin.rules.test_heading")}</h2>
            <p class="ds-paragraph">{i18n.t("admin.rules.test_lead")}</p>
            <form class="input-form" method="post" action="/ansatt/admin/regler/test">
                <Select name="test_kind" label="inbox.kind" choices=d.kinds.clone() selected=t.test_kind.clone() error=None placeholder="item.choose"/>
                <Select name="test_theme" label="form.theme" choices=d.themes.clone() selected=t.test_theme.clone() error=None placeholder="form.theme_unknown"/>
                <Select name="test_area" label="form.area" choices=d.areas.clone() selected=t.test_area.clone() error=None placeholder="form.area_unknown"/>
                <Select name="test_submitter" label="form.submitter" choices=d.submitters.clone() selected=t.test_submitter.clone() error=None placeholder="item.choose"/>
                <TextArea name="test_text" label="admin.rules.test_text" value=t.test_text.clone() error=None rows=3/>
                <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("admin.rules.test_submit")}</button>
            </form>
            {result}
        </section>
        <h2 class="ds-heading" data-size="md" id="form-heading">{i18n.t(if editing { "admin.rules.edit" } else { "admin.rules.new" })}</h2>
        <ErrorSummary errors=e.clone() labels=translate_labels(&labels)/>
        <form class="input-form" method="post" action="/ansatt/admin/regler" novalidate aria-labelledby="form-heading">
            <input type="hidden" name="id" value=f.id.clone()/>
            <TextInput name="priority" label="admin.rules.priority" hint="admin.rules.priority_hint" value=f.priority.clone() error=e.for_field("priority") max_chars=6/>
            <TextInput name="description" label="admin.rules.description" value=f.description.clone() error=e.for_field("description") max_chars=200/>
            <Select name="kind" label="inbox.kind" hint="admin.rules.any_hint" choices=d.kinds.clone() selected=f.kind.clone() error=e.for_field("kind") placeholder="inbox.any"/>
            <Select name="theme" label="form.theme" choices=d.themes.clone() selected=f.theme.clone() error=e.for_field("theme") placeholder="inbox.any"/>
            <Select name="area" label="form.area" choices=d.areas.clone() selected=f.area.clone() error=e.for_field("area") placeholder="inbox.any"/>
            <Select name="submitter" label="form.submitter" choices=d.submitters.clone() selected=f.submitter.clone() error=e.for_field("submitter") placeholder="inbox.any"/>
            <TextArea name="keywords" label="admin.rules.keywords" hint="admin.rules.keywords_hint" value=f.keywords.clone() error=e.for_field("keywords") rows=4/>
            <CheckboxGroup name="teams" legend="admin.rules.teams" choices=d.teams.clone() selected=f.teams.clone() error=e.for_field("teams")/>
            <Checkbox name="active" label=i18n.t("admin.active_label").to_string() checked=f.active == "yes" error=None/>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("admin.save")}</button>
        </form>
    }
}
