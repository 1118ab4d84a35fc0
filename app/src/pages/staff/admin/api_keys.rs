//! API keys for Open311 clients and staff systems: the list (never the keys
//! themselves), the form that issues one, the new key shown once, and revoking.

use super::*;
use crate::forms::{translate_labels, CheckboxGroup, Choice, ErrorSummary, FormErrors, RadioGroup, TextInput};
use leptos::prelude::*;

/// The form as typed; `teams` are team slugs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiKeyForm {
    pub name: String,
    pub per_hour: String,
    /// `open311` or `staff`.
    pub purpose: String,
    pub teams: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct ApiKeyRow {
    pub id: i64,
    pub name: String,
    pub hint: String,
    pub per_hour: i64,
    pub created: String,
    pub last_used: Option<String>,
    pub revoked: Option<String>,
    /// The names of a staff system's teams; `None` for an Open311 key.
    pub teams: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct ApiKeysPageData {
    pub nav: StaffNavData,
    pub rows: Vec<ApiKeyRow>,
    pub form: ApiKeyForm,
    pub errors: FormErrors,
    /// The key just issued, shown this once.
    pub issued: Option<(String, String)>,
    pub done_key: Option<&'static str>,
    /// Where clients find the interface.
    pub endpoint: String,
    /// The active teams a staff system's key may be given.
    pub team_choices: Vec<Choice>,
}

#[component]
pub fn ApiKeysAdminPage(data: ApiKeysPageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let rows = d
        .rows
        .iter()
        .map(|r| {
            let state = match &r.revoked {
                Some(at) => i18n.t_with("admin.api.revoked_at", &[("date", at)]),
                None => i18n.t("admin.api.active").to_string(),
            };
            let last_used = r.last_used.clone().unwrap_or_else(|| i18n.t("admin.api.never_used").to_string());
            let used_for = match &r.teams {
                Some(teams) => i18n.t_with("admin.api.used_for_staff", &[("teams", &teams.join(", "))]),
                None => i18n.t("admin.api.used_for_open311").to_string(),
            };
            let revoke = r.revoked.is_none().then(|| {
                view! {
                    <form class="inline-form" method="post" action=format!("/ansatt/admin/api-nokler/{}/trekk-tilbake", r.id)>
                        <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit">{i18n.t_with("admin.api.revoke_named", &[("name", &r.name)])}</button>
                    </form>
                }
            });
            view! {
                <tr>
                    <td>{r.name.clone()}</td>
                    <td>{used_for}</td>
                    <td><code>{format!("…{}", r.hint)}</code></td>
                    <td>{r.per_hour}</td>
                    <td>{r.created.clone()}</td>
                    <td>{last_used}</td>
                    <td>{state}</td>
                    <td>{revoke}</td>
                </tr>
            }
        })
        .collect_view();
    let issued = d.issued.clone().map(|(name, key)| {
        view! {
            <div class="ds-alert" data-color="success" role="status">
                <h2 class="ds-heading" data-size="xs">{i18n.t_with("admin.api.issued", &[("name", &name)])}</h2>
                <p class="ds-paragraph">{i18n.t("admin.api.issued_once")}</p>
                <p class="ds-paragraph"><code class="api-key">{key}</code></p>
            </div>
        }
    });
    let labels = [("name", "admin.api.name"), ("purpose", "admin.api.purpose"), ("teams", "admin.api.teams"), ("per_hour", "admin.api.per_hour")];
    let purposes = vec![Choice::new("open311", i18n.t("admin.api.purpose_open311")), Choice::new("staff", i18n.t("admin.api.purpose_staff"))];
    let (f, e) = (d.form.clone(), d.errors.clone());
    view! {
        <StaffNav nav=d.nav.clone()/>
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/admin">{i18n.t("admin.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{i18n.t("admin.api.title")}</h1>
        <p class="ds-paragraph">{i18n.t("admin.api.lead")}</p>
        <p class="ds-paragraph">{i18n.t("admin.api.endpoint")} " " <a class="ds-link" href=d.endpoint.clone()>{d.endpoint.clone()}</a></p>
        {issued}
        {done(d.done_key)}
        {d.rows.is_empty().then(|| view! { <p class="ds-paragraph">{i18n.t("admin.api.none")}</p> })}
        <div class="table-scroll" hidden=d.rows.is_empty()>
            <table class="ds-table" data-size="sm">
                <caption class="visually-hidden">{i18n.t("admin.api.title")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("admin.api.name")}</th>
                    <th scope="col">{i18n.t("admin.api.used_for")}</th>
                    <th scope="col">{i18n.t("admin.api.hint")}</th>
                    <th scope="col">{i18n.t("admin.api.per_hour")}</th>
                    <th scope="col">{i18n.t("admin.api.created")}</th>
                    <th scope="col">{i18n.t("admin.api.last_used")}</th>
                    <th scope="col">{i18n.t("admin.api.state")}</th>
                    <th scope="col">{i18n.t("admin.actions")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h2 class="ds-heading" data-size="md" id="form-heading">{i18n.t("admin.api.new")}</h2>
        <ErrorSummary errors=e.clone() labels=translate_labels(&labels)/>
        <form class="input-form" method="post" action="/ansatt/admin/api-nokler" novalidate aria-labelledby="form-heading">
            <TextInput name="name" label="admin.api.name" hint="admin.api.name_hint" value=f.name.clone() error=e.for_field("name") max_chars=80/>
            <RadioGroup name="purpose" legend="admin.api.purpose" choices=purposes
                selected=if f.purpose.is_empty() { "open311".to_string() } else { f.purpose.clone() } error=e.for_field("purpose")/>
            <CheckboxGroup name="teams" legend="admin.api.teams" hint="admin.api.teams_hint" choices=d.team_choices.clone() selected=f.teams.clone()
                error=e.for_field("teams")/>
            <TextInput name="per_hour" label="admin.api.per_hour" hint="admin.api.per_hour_hint" value=f.per_hour.clone() error=e.for_field("per_hour")
                input_type="text" max_chars=6/>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("admin.api.issue")}</button>
        </form>
    }
}
