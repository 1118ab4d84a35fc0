//! API keys for Open311 clients: the list (never the keys themselves), the
//! form that issues one, the new key shown once, and revoking.

use super::*;
use crate::forms::{translate_labels, ErrorSummary, FormErrors, TextInput};
use leptos::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ApiKeyForm {
    pub name: String,
    pub per_hour: String,
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
    let labels = [("name", "admin.api.name"), ("per_hour", "admin.api.per_hour")];
    let (f, e) = (d.form.clone(), d.errors.clone());
    view! {
        <StaffNav nav=d.nav.clone()/>
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/admin">{i18n.t("admin.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{i18n.t("admin.api.title")}</h1>
        <p class="ds-paragraph">{i18n.t("admin.api.lead")}</p>
        <p class="ds-paragraph">{i18n.t("admin.api.endpoint")} " " <code>{d.endpoint.clone()}</code></p>
        {issued}
        {done(d.done_key)}
        <div class="table-scroll">
            <table class="ds-table" data-size="sm">
                <caption class="visually-hidden">{i18n.t("admin.api.title")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("admin.api.name")}</th>
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
            <TextInput name="per_hour" label="admin.api.per_hour" hint="admin.api.per_hour_hint" value=f.per_hour.clone() error=e.for_field("per_hour")
                input_type="text" max_chars=6/>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("admin.api.issue")}</button>
        </form>
    }
}
