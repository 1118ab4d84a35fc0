//! Teams, themes and areas: the list and the edit form.

use super::*;
use crate::context::use_i18n;
use crate::forms::{translate_labels, Checkbox, ErrorSummary, FormErrors, TextInput};
use crate::i18n::Locale;
use crate::pages::staff::{StaffNav, StaffNavData};
use leptos::prelude::*;

/// Which list a catalog page edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CatalogPageKind {
    #[default]
    Team,
    Theme,
    Area,
}

impl CatalogPageKind {
    fn key(self, part: &str) -> &'static str {
        match (self, part) {
            (CatalogPageKind::Team, "title") => "admin.teams.title",
            (CatalogPageKind::Theme, "title") => "admin.themes.title",
            (CatalogPageKind::Area, "title") => "admin.areas.title",
            (CatalogPageKind::Team, "new") => "admin.teams.new",
            (CatalogPageKind::Theme, "new") => "admin.themes.new",
            (CatalogPageKind::Area, "new") => "admin.areas.new",
            (CatalogPageKind::Team, _) => "admin.teams.edit",
            (CatalogPageKind::Theme, _) => "admin.themes.edit",
            (CatalogPageKind::Area, _) => "admin.areas.edit",
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            CatalogPageKind::Team => "/ansatt/admin/team",
            CatalogPageKind::Theme => "/ansatt/admin/tema",
            CatalogPageKind::Area => "/ansatt/admin/omrade",
        }
    }
}

/// The catalog form exactly as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct CatalogForm {
    /// The slug of the entry being edited; empty for a new one.
    pub editing: String,
    pub slug: String,
    /// The names as typed, by field: `name_nb`, `name_pl`, … (one per language
    /// Innspill has, so names can be written before a language is switched on).
    #[serde(flatten)]
    pub names: std::collections::BTreeMap<String, String>,
    /// `yes` when ticked.
    pub active: String,
    pub owns_journeys: String,
    pub response_target_days: String,
    pub is_triage: String,
    pub shows_danger_notice: String,
}

impl CatalogForm {
    /// The form field holding the name in `locale`.
    pub fn name_field(locale: Locale) -> String {
        format!("name_{}", locale.code())
    }

    /// The name typed for `locale`, empty when none.
    pub fn name(&self, locale: Locale) -> &str {
        self.names.get(&Self::name_field(locale)).map(String::as_str).unwrap_or_default()
    }
}

/// The label of the name field for `locale`: bokmål is required, the others optional.
fn name_label(i18n: &crate::i18n::I18n, locale: Locale) -> String {
    if locale == Locale::Nb {
        return i18n.t("admin.name_nb").to_string();
    }
    let language = i18n.find(&format!("admin.language.{}", locale.code())).unwrap_or(locale.endonym());
    i18n.t_with("admin.name_in", &[("language", language)])
}

/// One row of a catalog list.
#[derive(Clone, Debug)]
pub struct CatalogRow {
    pub slug: String,
    pub name: String,
    pub active: bool,
    /// Facts worth a glance, e.g. "7 dager", "eier brukerreiser".
    pub facts: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct CatalogPageData {
    pub nav: StaffNavData,
    pub kind: CatalogPageKind,
    pub rows: Vec<CatalogRow>,
    pub form: CatalogForm,
    pub errors: FormErrors,
    pub done_key: Option<&'static str>,
}

#[component]
pub fn CatalogAdminPage(data: CatalogPageData) -> impl IntoView {
    let i18n = use_i18n();
    let CatalogPageData { nav, kind, rows, form, errors, done_key } = data;
    let path = kind.path();
    let rows = rows
        .into_iter()
        .map(|row| {
            let state = if row.active { i18n.t("admin.active") } else { i18n.t("admin.inactive") };
            let facts = row.facts.join(" · ");
            view! {
                <tr>
                    <td>{row.name.clone()}</td>
                    <td><code>{row.slug.clone()}</code></td>
                    <td>{state}</td>
                    <td>{facts}</td>
                    <td><a class="ds-link" href=format!("{path}?rediger={}", row.slug)>{i18n.t_with("admin.edit_named", &[("name", &row.name)])}</a></td>
                </tr>
            }
        })
        .collect_view();
    let editing = !form.editing.is_empty();
    let heading = if editing { kind.key("edit") } else { kind.key("new") };
    let mut labels = translate_labels(&[("slug", "admin.slug"), ("response_target_days", "admin.response_target_days")]);
    labels.extend(Locale::ALL.iter().map(|&locale| (CatalogForm::name_field(locale), name_label(&i18n, locale))));
    let name_fields = Locale::ALL
        .iter()
        .map(|&locale| {
            let field = CatalogForm::name_field(locale);
            view! {
                <TextInput name=field.clone() label_text=name_label(&i18n, locale) value=form.name(locale).to_string()
                    error=errors.for_field(&field) max_chars=120 lang=locale.code() dir=locale.direction().as_str()/>
            }
        })
        .collect_view();
    let theme_fields = (kind == CatalogPageKind::Theme).then(|| {
        view! {
            <TextInput name="response_target_days" label="admin.response_target_days" hint="admin.response_target_days_hint"
                value=form.response_target_days.clone() error=errors.for_field("response_target_days") input_type="text" max_chars=3/>
            <Checkbox name="shows_danger_notice" label=i18n.t("admin.shows_danger_notice").to_string() checked=form.shows_danger_notice == "yes" error=None/>
            <Checkbox name="is_triage" label=i18n.t("admin.is_triage").to_string() checked=form.is_triage == "yes" error=None/>
        }
    });
    let team_fields = (kind == CatalogPageKind::Team).then(|| {
        view! { <Checkbox name="owns_journeys" label=i18n.t("admin.owns_journeys").to_string() checked=form.owns_journeys == "yes" error=None/> }
    });
    let slug_field = if editing {
        view! {
            <input type="hidden" name="slug" value=form.slug.clone()/>
            <p class="ds-paragraph">{i18n.t("admin.slug")} ": " <code>{form.slug.clone()}</code></p>
        }
        .into_any()
    } else {
        view! {
            <TextInput name="slug" label="admin.slug" hint="admin.slug_hint" value=form.slug.clone() error=errors.for_field("slug") max_chars=60/>
        }
        .into_any()
    };
    view! {
        <StaffNav nav=nav/>
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/admin">{i18n.t("admin.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{i18n.t(kind.key("title"))}</h1>
        {done(done_key)}
        <div class="table-scroll">
            <table class="ds-table" data-size="sm">
                <caption class="visually-hidden">{i18n.t(kind.key("title"))}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("admin.name")}</th>
                    <th scope="col">{i18n.t("admin.slug")}</th>
                    <th scope="col">{i18n.t("admin.state")}</th>
                    <th scope="col">{i18n.t("admin.facts")}</th>
                    <th scope="col">{i18n.t("admin.actions")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h2 class="ds-heading" data-size="md" id="form-heading">{i18n.t(heading)}</h2>
        <ErrorSummary errors=errors.clone() labels=labels/>
        <form class="input-form" method="post" action=path novalidate aria-labelledby="form-heading">
            <input type="hidden" name="editing" value=form.editing.clone()/>
            {slug_field}
            <fieldset class="ds-fieldset">
                <legend class="ds-label">{i18n.t("admin.names")}</legend>
                <p class="ds-paragraph field-hint" data-size="sm">{i18n.t("admin.names_hint")}</p>
                {name_fields}
            </fieldset>
            {theme_fields}
            {team_fields}
            <Checkbox name="active" label=i18n.t("admin.active_label").to_string() checked=form.active == "yes" error=None/>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("admin.save")}</button>
        </form>
    }
}
