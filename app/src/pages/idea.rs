//! The participation idea form (medvirkning). Ideas become public only
//! after a moderator has approved them, and the form says so.

use super::about_you::{AboutYou, AboutYouValues};
use crate::context::use_i18n;
use crate::forms::{translate_labels, Choice, ErrorSummary, FormErrors, FormGuard, FormNotice, FormNoticeView, Select, TextArea, TextInput};
use leptos::prelude::*;

/// The limits the server checks, shown as the fields' own limits.
pub use domain::intake::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};

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
    /// `yes` when the person needs help with their own housing (§ 6).
    pub needs_help: String,
    pub idempotency_key: String,
    /// The field people never see (`FormGuard`): filled in only by scripts.
    pub homepage: String,
    /// A language button of the page: show the form again in that language, store nothing.
    pub switch_lang: String,
}

/// Everything the idea page shows.
#[derive(Clone, Debug, Default)]
pub struct IdeaPageData {
    pub form: IdeaForm,
    pub errors: FormErrors,
    pub areas: Vec<Choice>,
    pub themes: Vec<Choice>,
    /// Why the form came back unstored, if it did.
    pub notice: FormNotice,
}

/// Labels of the fields, for the error summary.
fn labels() -> Vec<(&'static str, &'static str)> {
    let mut labels = vec![("title", "idea.title"), ("description", "idea.description"), ("area", "form.area"), ("theme", "form.theme")];
    labels.extend(super::about_you::ABOUT_YOU_LABELS);
    labels
}

#[component]
pub fn IdeaPage(data: IdeaPageData) -> impl IntoView {
    let i18n = use_i18n();
    let IdeaPageData { form, errors, areas, themes, notice } = data;
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("idea.heading")}</h1>
        <p class="ds-paragraph lead">{i18n.t("idea.lead")}</p>
        <div class="ds-alert" data-color="info">
            <p class="ds-paragraph">{i18n.t("idea.moderation_notice")}</p>
        </div>
        <FormNoticeView notice=notice/>
        <ErrorSummary errors=errors.clone() labels=translate_labels(&labels())/>
        <form class="input-form" id=crate::context::INPUT_FORM_ID method="post" action="/ide" novalidate>
            <FormGuard key=form.idempotency_key.clone() trap=form.homepage.clone()/>
            <TextInput name="title" label="idea.title" hint="idea.title_hint" value=form.title.clone()
                error=errors.for_field("title") max_chars=TITLE_MAX_CHARS/>
            <TextArea name="description" label="idea.description" hint="idea.description_hint"
                value=form.description.clone() error=errors.for_field("description") rows=8/>
            <Select name="area" label="form.area" hint="form.area_hint" choices=areas selected=form.area.clone()
                error=errors.for_field("area") placeholder="form.area_unknown"/>
            <Select name="theme" label="form.theme" hint="form.theme_hint" choices=themes selected=form.theme.clone()
                error=errors.for_field("theme") placeholder="form.theme_unknown"/>
            <AboutYou values=AboutYouValues::from_idea(&form) errors=errors.clone()/>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("idea.submit")}</button>
        </form>
    }
}
