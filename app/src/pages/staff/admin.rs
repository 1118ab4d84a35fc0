//! Administration: teams, themes, areas, routing rules (with a box to test
//! where a sample would go), staff accounts and reply templates. Each page
//! is a list plus one plain form, used both for new entries and for editing
//! the one chosen from the list.

use super::{StaffNav, StaffNavData};
use crate::context::use_i18n;
use crate::forms::{translate_labels, Checkbox, CheckboxGroup, Choice, ErrorSummary, FormErrors, RadioGroup, Select, TextArea, TextInput};
use leptos::prelude::*;

/// A success message after saving, as a text key.
fn done(key: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    key.map(|key| view! { <div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{i18n.t(key)}</p></div> })
}

#[component]
pub fn AdminHomePage(nav: StaffNavData) -> impl IntoView {
    let i18n = use_i18n();
    let links = [
        ("/ansatt/admin/team", "admin.teams.title", "admin.teams.lead"),
        ("/ansatt/admin/tema", "admin.themes.title", "admin.themes.lead"),
        ("/ansatt/admin/omrade", "admin.areas.title", "admin.areas.lead"),
        ("/ansatt/admin/regler", "admin.rules.title", "admin.rules.lead"),
        ("/ansatt/admin/ansatte", "admin.staff.title", "admin.staff.lead"),
        ("/ansatt/admin/svarmaler", "admin.templates.title", "admin.templates.lead"),
    ]
    .into_iter()
    .map(|(href, title, lead)| {
        view! {
            <li>
                <h2 class="ds-heading" data-size="xs"><a class="ds-link" href=href>{i18n.t(title)}</a></h2>
                <p class="ds-paragraph" data-size="sm">{i18n.t(lead)}</p>
            </li>
        }
    })
    .collect_view();
    view! {
        <StaffNav nav=nav/>
        <h1 class="ds-heading" data-size="lg">{i18n.t("admin.heading")}</h1>
        <ul class="admin-links">{links}</ul>
    }
}

// ---------------------------------------------------------------- teams, themes, areas

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
    pub name_nb: String,
    pub name_nn: String,
    pub name_en: String,
    /// `yes` when ticked.
    pub active: String,
    pub owns_journeys: String,
    pub response_target_days: String,
    pub is_triage: String,
    pub shows_danger_notice: String,
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
    let labels = [
        ("slug", "admin.slug"),
        ("name_nb", "admin.name_nb"),
        ("name_nn", "admin.name_nn"),
        ("name_en", "admin.name_en"),
        ("response_target_days", "admin.response_target_days"),
    ];
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
        <ErrorSummary errors=errors.clone() labels=translate_labels(&labels)/>
        <form class="input-form" method="post" action=path novalidate aria-labelledby="form-heading">
            <input type="hidden" name="editing" value=form.editing.clone()/>
            {slug_field}
            <TextInput name="name_nb" label="admin.name_nb" value=form.name_nb.clone() error=errors.for_field("name_nb") max_chars=120/>
            <TextInput name="name_nn" label="admin.name_nn" value=form.name_nn.clone() error=errors.for_field("name_nn") max_chars=120/>
            <TextInput name="name_en" label="admin.name_en" value=form.name_en.clone() error=errors.for_field("name_en") max_chars=120/>
            {theme_fields}
            {team_fields}
            <Checkbox name="active" label=i18n.t("admin.active_label").to_string() checked=form.active == "yes" error=None/>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("admin.save")}</button>
        </form>
    }
}

// ---------------------------------------------------------------- routing rules

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

// ---------------------------------------------------------------- staff

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
                    <td>{r.name.clone()}</td>
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

// ---------------------------------------------------------------- reply templates

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

// ---------------------------------------------------------------- invitation

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub password: String,
    pub repeat: String,
}

#[derive(Clone, Debug, Default)]
pub struct InvitePageData {
    pub action: String,
    pub errors: FormErrors,
}

/// An invited colleague chooses a password (never shown back).
#[component]
pub fn InvitePage(data: InvitePageData) -> impl IntoView {
    let i18n = use_i18n();
    let labels = [("password", "invite.password"), ("repeat", "invite.repeat")];
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("invite.heading")}</h1>
        <p class="ds-paragraph lead">{i18n.t("invite.lead")}</p>
        <ErrorSummary errors=data.errors.clone() labels=translate_labels(&labels)/>
        <form class="input-form" method="post" action=data.action.clone() novalidate>
            <TextInput name="password" label="invite.password" hint="invite.password_hint" value=String::new()
                error=data.errors.for_field("password") input_type="password" autocomplete="new-password" max_chars=256/>
            <TextInput name="repeat" label="invite.repeat" value=String::new()
                error=data.errors.for_field("repeat") input_type="password" autocomplete="new-password" max_chars=256/>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("invite.submit")}</button>
        </form>
    }
}
