//! Staff sign-in. One generic message for a wrong address or password, so
//! the page never tells whether an account exists.

use crate::context::use_i18n;
use crate::forms::{translate_labels, ErrorSummary, FormErrors, TextInput};
use leptos::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct SignInForm {
    pub email: String,
    /// Never sent back to the browser.
    pub password: String,
    /// Where to go after signing in (a workspace path).
    pub back: String,
}

#[derive(Clone, Debug, Default)]
pub struct SignInPageData {
    pub form: SignInForm,
    /// Just signed out: say so.
    pub signed_out: bool,
    /// Just chose a password from an invitation: say it worked.
    pub password_set: bool,
    /// `signin.failed`: shown at the address field.
    pub error_key: Option<&'static str>,
    /// Too many failures: minutes to wait before trying again.
    pub wait_minutes: Option<i64>,
}

#[component]
pub fn SignInPage(data: SignInPageData) -> impl IntoView {
    let i18n = use_i18n();
    let errors = FormErrors(data.error_key.map(|key| vec![("email".to_string(), key)]).unwrap_or_default());
    let notice = [(data.signed_out, "signin.signed_out"), (data.password_set, "signin.password_set")]
        .into_iter()
        .find(|(shown, _)| *shown)
        .map(|(_, key)| view! { <div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{i18n.t(key)}</p></div> });
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("signin.heading")}</h1>
        <p class="ds-paragraph lead">{i18n.t("signin.lead")}</p>
        {notice}
        {data.wait_minutes.map(|minutes| view! {
            <div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">{i18n.t_count("signin.blocked", minutes, &[])}</p></div>
        })}
        <ErrorSummary errors=errors.clone() labels=translate_labels(&[("email", "signin.email")])/>
        <form class="input-form" method="post" action="/ansatt/logg-inn" novalidate>
            <input type="hidden" name="back" value=data.form.back.clone()/>
            <TextInput name="email" label="signin.email" value=data.form.email.clone() error=errors.for_field("email")
                input_type="email" autocomplete="username"/>
            <TextInput name="password" label="signin.password" value=String::new() error=None
                input_type="password" autocomplete="current-password" max_chars=256/>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("signin.submit")}</button>
        </form>
    }
}
