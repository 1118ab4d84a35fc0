//! The invitation page where a new member sets a password.

use crate::context::use_i18n;
use crate::forms::{translate_labels, ErrorSummary, FormErrors, TextInput};
use leptos::prelude::*;

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
