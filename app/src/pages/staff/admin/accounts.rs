//! Staff accounts: the list and the edit form.

use super::*;
use crate::context::use_i18n;
use crate::forms::{translate_labels, Checkbox, CheckboxGroup, Choice, ErrorSummary, FormErrors, RadioGroup, TextInput};
use crate::pages::staff::{StaffNav, StaffNavData};
use leptos::prelude::*;

/// The staff form as typed; `teams` are team slugs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffForm {
    /// The account being edited; empty when inviting.
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub teams: Vec<String>,
    pub active: String,
}

#[derive(Clone, Debug)]
pub struct StaffRow {
    pub id: i64,
    pub name: String,
    pub role_key: &'static str,
    pub teams: String,
    pub active: bool,
    /// A staff system's API key acts as this account.
    pub for_key: bool,
}

#[derive(Clone, Debug, Default)]
pub struct StaffPageData {
    pub nav: StaffNavData,
    pub rows: Vec<StaffRow>,
    pub form: StaffForm,
    /// Shown once, right after inviting: the link the person uses to choose a password.
    pub invite_link: Option<String>,
    pub roles: Vec<Choice>,
    pub teams: Vec<Choice>,
    pub errors: FormErrors,
    pub done_key: Option<&'static str>,
}

#[component]
pub fn StaffAdminPage(data: StaffPageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let rows = d
        .rows
        .iter()
        .map(|r| {
            let state = if r.active { i18n.t("admin.active") } else { i18n.t("admin.disabled") };
            view! {
                <tr>
                    <td>{r.name.clone()} {r.for_key.then(|| view! { " " <span class="tag">{i18n.t("admin.staff.for_key")}</span> })}</td>
                    <td>{i18n.t(r.role_key)}</td>
                    <td>{r.teams.clone()}</td>
                    <td>{state}</td>
                    <td><a class="ds-link" href=format!("/ansatt/admin/ansatte?rediger={}", r.id)>{i18n.t_with("admin.edit_named", &[("name", &r.name)])}</a></td>
                </tr>
            }
        })
        .collect_view();
    let editing = !d.form.id.is_empty();
    let invite = d.invite_link.clone().map(|link| {
        view! {
            <div class="ds-alert" data-color="success" role="status">
                <p class="ds-paragraph">{i18n.t("admin.staff.invited")}</p>
                <p class="ds-paragraph tracking-link"><code>{link}</code></p>
            </div>
        }
    });
    let labels = [("email", "admin.staff.email"), ("name", "admin.staff.name"), ("role", "admin.staff.role"), ("teams", "admin.rules.teams")];
    let f = d.form.clone();
    let e = d.errors.clone();
    let email_field = if editing {
        view! { <input type="hidden" name="id" value=f.id.clone()/> }.into_any()
    } else {
        view! {
            <TextInput name="email" label="admin.staff.email" value=f.email.clone() error=e.for_field("email") input_type="email" autocomplete="off"/>
        }
        .into_any()
    };
    let active_field = editing.then(|| {
        view! { <Checkbox name="active" label=i18n.t("admin.staff.active_label").to_string() checked=f.active == "yes" error=None/> }
    });
    view! {
        <StaffNav nav=d.nav.clone()/>
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/admin">{i18n.t("admin.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{i18n.t("admin.staff.title")}</h1>
        {done(d.done_key)}
        {invite}
        <div class="table-scroll">
            <table class="ds-table" data-size="sm">
                <caption class="visually-hidden">{i18n.t("admin.staff.title")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("admin.staff.name")}</th>
                    <th scope="col">{i18n.t("admin.staff.role")}</th>
                    <th scope="col">{i18n.t("admin.rules.teams")}</th>
                    <th scope="col">{i18n.t("admin.state")}</th>
                    <th scope="col">{i18n.t("admin.actions")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h2 class="ds-heading" data-size="md" id="form-heading">{i18n.t(if editing { "admin.staff.edit" } else { "admin.staff.invite" })}</h2>
        <ErrorSummary errors=e.clone() labels=translate_labels(&labels)/>
        <form class="input-form" method="post" action="/ansatt/admin/ansatte" novalidate aria-labelledby="form-heading">
            {email_field}
            <TextInput name="name" label="admin.staff.name" value=f.name.clone() error=e.for_field("name") max_chars=100/>
            <RadioGroup name="role" legend="admin.staff.role" choices=d.roles.clone() selected=f.role.clone() error=e.for_field("role")/>
            <CheckboxGroup name="teams" legend="admin.rules.teams" choices=d.teams.clone() selected=f.teams.clone() error=e.for_field("teams")/>
            {active_field}
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t(if editing { "admin.save" } else { "admin.staff.invite_submit" })}</button>
        </form>
    }
}
