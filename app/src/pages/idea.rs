//! The participation idea form (medvirkning). Ideas become public only
//! after a moderator has approved them, and the form says so.

use crate::context::use_i18n;
use crate::forms::{Checkbox, Choice, ErrorSummary, FormErrors, RadioGroup, Select, TextArea, TextInput};
use leptos::prelude::*;

pub const TITLE_MAX_CHARS: usize = 120;
pub const DESCRIPTION_MAX_CHARS: usize = 4000;

/// The form's fields exactly as typed: shown again when there are errors.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct IdeaForm {
    pub title: String,
    pub description: String,
    pub area: String,
    pub theme: String,
    pub submitter: String,
    /// `anonymous` or `contact`.
    pub contact: String,
    pub email: String,
    pub phone: String,
    /// `yes` when ticked.
    pub consent: String,
    pub idempotency_key: String,
}

/// Everything the idea page shows.
#[derive(Clone, Debug, Default)]
pub struct IdeaPageData {
    pub form: IdeaForm,
    pub errors: FormErrors,
    pub areas: Vec<Choice>,
    pub themes: Vec<Choice>,
    /// True when the form came back because its key was missing or stale.
    pub stale: bool,
}

/// Labels of the fields, for the error summary.
const LABELS: [(&str, &str); 8] = [
    ("title", "idea.title"),
    ("description", "idea.description"),
    ("area", "form.area"),
    ("theme", "form.theme"),
    ("submitter", "form.submitter"),
    ("email", "form.email"),
    ("phone", "form.phone"),
    ("consent", "form.consent_label"),
];

/// The values of the "who are you" question, with their text keys.
pub const SUBMITTER_CHOICES: [(&str, &str); 6] = [
    ("tenant", "form.submitter.tenant"),
    ("applicant", "form.submitter.applicant"),
    ("neighbour", "form.submitter.neighbour"),
    ("cooperative", "form.submitter.cooperative"),
    ("volunteer", "form.submitter.volunteer"),
    ("other", "form.submitter.other"),
];

#[component]
pub fn IdeaPage(data: IdeaPageData) -> impl IntoView {
    let i18n = use_i18n();
    let IdeaPageData { form, errors, areas, themes, stale } = data;
    let submitters = SUBMITTER_CHOICES.iter().map(|(value, key)| Choice::new(*value, i18n.t(key))).collect();
    let contact_choices = vec![
        Choice::new("anonymous", i18n.t("form.contact.anonymous")),
        Choice::new("contact", i18n.t("form.contact.reachable")),
    ];
    let contact_selected = if form.contact.is_empty() { "anonymous".to_string() } else { form.contact.clone() };
    let stale_notice = stale.then(|| {
        view! {
            <div class="ds-alert" data-color="warning" role="alert">
                <p class="ds-paragraph">{i18n.t("form.stale")}</p>
            </div>
        }
    });
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("idea.heading")}</h1>
        <p class="ds-paragraph lead">{i18n.t("idea.lead")}</p>
        <div class="ds-alert" data-color="info">
            <p class="ds-paragraph">{i18n.t("idea.moderation_notice")}</p>
        </div>
        {stale_notice}
        <ErrorSummary errors=errors.clone() labels=LABELS.to_vec()/>
        <form class="input-form" method="post" action="/ide" novalidate>
            <input type="hidden" name="idempotency_key" value=form.idempotency_key.clone()/>
            <TextInput name="title" label="idea.title" hint="idea.title_hint" value=form.title.clone()
                error=errors.for_field("title") max_chars=TITLE_MAX_CHARS/>
            <TextArea name="description" label="idea.description" hint="idea.description_hint"
                value=form.description.clone() error=errors.for_field("description") rows=8/>
            <Select name="area" label="form.area" hint="form.area_hint" choices=areas selected=form.area.clone()
                error=errors.for_field("area") placeholder="form.area_unknown"/>
            <Select name="theme" label="form.theme" hint="form.theme_hint" choices=themes selected=form.theme.clone()
                error=errors.for_field("theme") placeholder="form.theme_unknown"/>
            <RadioGroup name="submitter" legend="form.submitter" choices=submitters selected=form.submitter.clone()
                error=errors.for_field("submitter")/>
            <RadioGroup name="contact" legend="form.contact" hint="form.contact_hint" choices=contact_choices
                selected=contact_selected error=errors.for_field("contact")/>
            <TextInput name="email" label="form.email" hint="form.email_hint" value=form.email.clone()
                error=errors.for_field("email") input_type="email" autocomplete="email" max_chars=254/>
            <TextInput name="phone" label="form.phone" hint="form.phone_hint" value=form.phone.clone()
                error=errors.for_field("phone") input_type="tel" autocomplete="tel" max_chars=20/>
            <Checkbox name="consent" label=i18n.t("form.consent_label").to_string() checked=form.consent == "yes"
                error=errors.for_field("consent")/>
            <p class="ds-paragraph" data-size="sm">
                {i18n.t("form.consent_text")} " "
                <a class="ds-link" href="/personvern">{i18n.t("home.privacy.link")}</a>
            </p>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("idea.submit")}</button>
        </form>
    }
}
