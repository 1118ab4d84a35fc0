//! Reply templates: the list and the edit form.

use super::*;
use crate::context::use_i18n;
use crate::forms::{translate_labels, Choice, ErrorSummary, FormErrors, RadioGroup, Select, TextArea, TextInput};
use crate::pages::staff::{StaffNav, StaffNavData};
use leptos::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct TemplateForm {
    /// Empty or 0 for a new template.
    pub id: String,
    pub theme: String,
    pub outcome: String,
    pub locale: String,
    pub title: String,
    pub body: String,
}

#[derive(Clone, Debug)]
pub struct TemplateRow {
    pub id: i64,
    pub title: String,
    pub theme: String,
    pub outcome: String,
    pub locale: String,
}

#[derive(Clone, Debug, Default)]
pub struct TemplatesPageData {
    pub nav: StaffNavData,
    pub rows: Vec<TemplateRow>,
    pub form: TemplateForm,
    pub themes: Vec<Choice>,
    pub outcomes: Vec<Choice>,
    pub locales: Vec<Choice>,
    pub errors: FormErrors,
    pub done_key: Option<&'static str>,
}

#[component]
pub fn TemplatesAdminPage(data: TemplatesPageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let rows = d
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{r.title.clone()}</td>
                    <td>{r.theme.clone()}</td>
                    <td>{r.outcome.clone()}</td>
                    <td>{r.locale.clone()}</td>
                    <td>
                        <a class="ds-link" href=format!("/ansatt/admin/svarmaler?rediger={}", r.id)>{i18n.t_with("admin.edit_named", &[("name", &r.title)])}</a>
                        <form class="inline-form" method="post" action=format!("/ansatt/admin/svarmaler/{}/slett", r.id)>
                            <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit">{i18n.t_with("admin.delete_named", &[("name", &r.title)])}</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let editing = !d.form.id.is_empty() && d.form.id != "0";
    let labels = [("title", "admin.templates.name"), ("body", "admin.templates.body"), ("locale", "admin.templates.locale")];
    let f = d.form.clone();
    let e = d.errors.clone();
    view! {
        <StaffNav nav=d.nav.clone()/>
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/admin">{i18n.t("admin.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{i18n.t("admin.templates.title")}</h1>
        <p class="ds-paragraph">{i18n.t("admin.templates.lead")}</p>
        {done(d.done_key)}
        <div class="table-scroll">
            <table class="ds-table" data-size="sm">
                <caption class="visually-hidden">{i18n.t("admin.templates.title")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("admin.templates.name")}</th>
                    <th scope="col">{i18n.t("form.theme")}</th>
                    <th scope="col">{i18n.t("item.close.outcome")}</th>
                    <th scope="col">{i18n.t("admin.templates.locale")}</th>
                    <th scope="col">{i18n.t("admin.actions")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h2 class="ds-heading" data-size="md" id="form-heading">{i18n.t(if editing { "admin.templates.edit" } else { "admin.templates.new" })}</h2>
        <ErrorSummary errors=e.clone() labels=translate_labels(&labels)/>
        <form class="input-form" method="post" action="/ansatt/admin/svarmaler" novalidate aria-labelledby="form-heading">
            <input type="hidden" name="id" value=f.id.clone()/>
            <TextInput name="title" label="admin.templates.name" value=f.title.clone() error=e.for_field("title") max_chars=120/>
            <Select name="theme" label="form.theme" choices=d.themes.clone() selected=f.theme.clone() error=None placeholder="admin.templates.any_theme"/>
            <Select name="outcome" label="item.close.outcome" choices=d.outcomes.clone() selected=f.outcome.clone() error=None placeholder="admin.templates.any_outcome"/>
            <RadioGroup name="locale" legend="admin.templates.locale" choices=d.locales.clone() selected=f.locale.clone() error=e.for_field("locale")/>
            <TextArea name="body" label="admin.templates.body" hint="item.reply.hint" value=f.body.clone() error=e.for_field("body") rows=6/>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("admin.save")}</button>
        </form>
    }
}
