//! The questions every input form ends with: whether you need help with your
//! own housing (a request for help, Housing-Social Act § 6), who you are, and
//! whether and how we may contact you (anonymous by default).

use crate::context::use_i18n;
use crate::forms::{Checkbox, Choice, FormErrors, RadioGroup, TextInput};
use leptos::prelude::*;

/// Labels of these fields, for error summaries.
pub const ABOUT_YOU_LABELS: [(&str, &str); 6] = [
    ("needs_help", "form.needs_help"),
    ("submitter", "form.submitter"),
    ("contact", "form.contact"),
    ("email", "form.email"),
    ("phone", "form.phone"),
    ("consent", "form.consent_label"),
];

/// The typed values of these fields.
#[derive(Clone, Debug, Default)]
pub struct AboutYouValues {
    pub submitter: String,
    pub contact: String,
    pub email: String,
    pub phone: String,
    pub consent: String,
    pub needs_help: String,
}

impl AboutYouValues {
    pub fn from_idea(form: &super::IdeaForm) -> Self {
        AboutYouValues {
            submitter: form.submitter.clone(),
            contact: form.contact.clone(),
            email: form.email.clone(),
            phone: form.phone.clone(),
            consent: form.consent.clone(),
            needs_help: form.needs_help.clone(),
        }
    }

    pub fn from_journey(form: &super::JourneyForm) -> Self {
        AboutYouValues {
            submitter: form.submitter.clone(),
            contact: form.contact.clone(),
            email: form.email.clone(),
            phone: form.phone.clone(),
            consent: form.consent.clone(),
            needs_help: form.needs_help.clone(),
        }
    }

    pub fn from_concern(form: &super::ConcernForm) -> Self {
        AboutYouValues {
            submitter: form.submitter.clone(),
            contact: form.contact.clone(),
            email: form.email.clone(),
            phone: form.phone.clone(),
            consent: form.consent.clone(),
            needs_help: form.needs_help.clone(),
        }
    }
}

#[component]
pub fn AboutYou(values: AboutYouValues, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let submitters = domain::vocabulary::SubmitterKind::CHOICES.iter().map(|(value, key)| Choice::new(*value, i18n.t(key))).collect();
    let contact_choices = vec![Choice::new("anonymous", i18n.t("form.contact.anonymous")), Choice::new("contact", i18n.t("form.contact.reachable"))];
    let contact_selected = if values.contact.is_empty() { "anonymous".to_string() } else { values.contact.clone() };
    let help_choices = vec![Choice::new("no", i18n.t("form.needs_help.no")), Choice::new("yes", i18n.t("form.needs_help.yes"))];
    view! {
        <RadioGroup name="needs_help" legend="form.needs_help" hint="form.needs_help_hint" choices=help_choices
            selected=values.needs_help.clone() error=errors.for_field("needs_help")/>
        <RadioGroup name="submitter" legend="form.submitter" choices=submitters selected=values.submitter.clone()
            error=errors.for_field("submitter")/>
        <RadioGroup name="contact" legend="form.contact" hint="form.contact_hint" choices=contact_choices
            selected=contact_selected error=errors.for_field("contact")/>
        <TextInput name="email" label="form.email" hint="form.email_hint" value=values.email.clone()
            error=errors.for_field("email") input_type="email" autocomplete="email" max_chars=254/>
        <TextInput name="phone" label="form.phone" hint="form.phone_hint" value=values.phone.clone()
            error=errors.for_field("phone") input_type="tel" autocomplete="tel" max_chars=20/>
        <Checkbox name="consent" label=i18n.t("form.consent_label").to_string() checked=values.consent == "yes"
            error=errors.for_field("consent")/>
        <p class="ds-paragraph" data-size="sm">
            {i18n.t("form.consent_text")} " "
            <a class="ds-link" href="/personvern">{i18n.t("home.privacy.link")}</a>
        </p>
    }
}
