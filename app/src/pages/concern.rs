//! The neighbour concern form (nabobekymring). Concerns are never published.
//! Because several kinds can mean danger, the emergency numbers stand above
//! the form; they inform and never block the report.

use super::about_you::{AboutYou, AboutYouValues, ABOUT_YOU_LABELS};
use crate::context::use_i18n;
use crate::forms::{translate_labels, Choice, ErrorSummary, FormErrors, FormGuard, FormNotice, FormNoticeView, RadioGroup, Select, TextArea, TextInput};
use domain::vocabulary::{ConcernKind, OnBehalf};
use leptos::prelude::*;

/// The form's fields exactly as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ConcernForm {
    pub area: String,
    pub address: String,
    pub concern_kind: String,
    pub occurred: String,
    /// `yes` or `no`.
    pub ongoing: String,
    pub description: String,
    pub on_behalf: String,
    pub organisation: String,
    pub theme: String,
    pub submitter: String,
    pub contact: String,
    pub email: String,
    pub phone: String,
    pub consent: String,
    /// `yes` when the person needs help with their own housing (§ 6).
    pub needs_help: String,
    pub idempotency_key: String,
    /// The field people never see (`FormGuard`): filled in only by scripts.
    pub homepage: String,
    /// A language button of the page: show the form again in that language, store nothing.
    pub switch_lang: String,
}

#[derive(Clone, Debug, Default)]
pub struct ConcernPageData {
    pub form: ConcernForm,
    pub errors: FormErrors,
    pub areas: Vec<Choice>,
    pub themes: Vec<Choice>,
    /// Why the form came back unstored, if it did.
    pub notice: FormNotice,
}

fn labels() -> Vec<(&'static str, &'static str)> {
    let mut labels = vec![
        ("area", "form.area"),
        ("address", "concern.address"),
        ("concern_kind", "concern.kind"),
        ("occurred", "concern.occurred"),
        ("ongoing", "concern.ongoing"),
        ("description", "concern.description"),
        ("on_behalf", "concern.behalf"),
        ("organisation", "concern.organisation"),
        ("theme", "form.theme"),
    ];
    labels.extend(ABOUT_YOU_LABELS);
    labels
}

#[component]
pub fn ConcernPage(data: ConcernPageData) -> impl IntoView {
    let i18n = use_i18n();
    let ConcernPageData { form, errors, areas, themes, notice } = data;
    let choices = |list: &[(&str, &'static str)]| list.iter().map(|(v, k)| Choice::new(*v, i18n.t(k))).collect::<Vec<_>>();
    let yes_no = vec![Choice::new("yes", i18n.t("concern.ongoing.yes")), Choice::new("no", i18n.t("concern.ongoing.no"))];
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("concern.heading")}</h1>
        <p class="ds-paragraph lead">{i18n.t("concern.lead")}</p>
        <div class="ds-alert" data-color="warning">
            <h2 class="ds-heading" data-size="xs">{i18n.t("home.emergency.title")}</h2>
            <p class="ds-paragraph">{i18n.t("home.emergency.body")}</p>
        </div>
        <div class="ds-alert" data-color="info">
            <p class="ds-paragraph">{i18n.t("concern.never_public")}</p>
        </div>
        <FormNoticeView notice=notice/>
        <ErrorSummary errors=errors.clone() labels=translate_labels(&labels())/>
        <form class="input-form" id=crate::context::INPUT_FORM_ID method="post" action="/nabobekymring" novalidate>
            <FormGuard key=form.idempotency_key.clone() trap=form.homepage.clone()/>
            <RadioGroup name="concern_kind" legend="concern.kind" choices=choices(ConcernKind::CHOICES)
                selected=form.concern_kind.clone() error=errors.for_field("concern_kind")/>
            <Select name="area" label="form.area" hint="form.area_hint" choices=areas selected=form.area.clone()
                error=errors.for_field("area") placeholder="form.area_unknown"/>
            <TextInput name="address" label="concern.address" hint="concern.address_hint" value=form.address.clone()
                error=errors.for_field("address") max_chars=200/>
            <TextInput name="occurred" label="concern.occurred" hint="concern.occurred_hint" value=form.occurred.clone()
                error=errors.for_field("occurred") max_chars=200/>
            <RadioGroup name="ongoing" legend="concern.ongoing" choices=yes_no selected=form.ongoing.clone()
                error=errors.for_field("ongoing")/>
            <TextArea name="description" label="concern.description" hint="concern.description_hint"
                value=form.description.clone() error=errors.for_field("description") rows=8/>
            <RadioGroup name="on_behalf" legend="concern.behalf" choices=choices(OnBehalf::CHOICES)
                selected=form.on_behalf.clone() error=errors.for_field("on_behalf")/>
            <TextInput name="organisation" label="concern.organisation" hint="concern.organisation_hint"
                value=form.organisation.clone() error=errors.for_field("organisation") max_chars=120/>
            <Select name="theme" label="form.theme" hint="form.theme_hint" choices=themes selected=form.theme.clone()
                error=errors.for_field("theme") placeholder="form.theme_unknown"/>
            <AboutYou values=AboutYouValues::from_concern(&form) errors=errors.clone()/>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("concern.submit")}</button>
        </form>
    }
}
