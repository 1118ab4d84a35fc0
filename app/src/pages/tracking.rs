//! The resident's private tracking page, reached through the link in the
//! receipt. Shows what was sent (never contact details) and the status.

use crate::context::use_i18n;
use leptos::prelude::*;

/// What the tracking page shows; prepared by the server in the reader's language.
#[derive(Clone, Debug)]
pub struct TrackingData {
    pub reference: String,
    /// Text key of the kind of input, e.g. `kind.idea`.
    pub kind_key: &'static str,
    /// Text key of the current status, e.g. `status.new`.
    pub status_key: &'static str,
    pub received: String,
    pub title: Option<String>,
    pub body: String,
    pub theme: Option<String>,
    pub area: Option<String>,
    pub address: Option<String>,
    /// Text key of the concern's kind, for concerns.
    pub concern_kind_key: Option<&'static str>,
    pub submitter_key: &'static str,
    /// The full private link, shown on the receipt so it can be saved.
    pub link: String,
    /// True right after submitting: show the receipt.
    pub just_sent: bool,
    /// Text key explaining what happens next for this kind.
    pub next_key: &'static str,
}

#[component]
pub fn TrackingPage(data: TrackingData) -> impl IntoView {
    let i18n = use_i18n();
    let receipt = data.just_sent.then(|| {
        view! {
            <div class="ds-alert receipt" data-color="success" role="status">
                <h2 class="ds-heading" data-size="sm">{i18n.t("tracking.thanks")}</h2>
                <p class="ds-paragraph">{i18n.t_with("tracking.reference_is", &[("reference", &data.reference)])}</p>
                <p class="ds-paragraph">{i18n.t("tracking.save_link")}</p>
                <p class="ds-paragraph tracking-link"><a class="ds-link" href=data.link.clone()>{data.link.clone()}</a></p>
            </div>
        }
    });
    let optional_row = |key: &'static str, value: Option<String>| {
        value.map(|value| view! { <dt>{i18n.t(key)}</dt><dd>{value}</dd> })
    };
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t_with("tracking.heading", &[("reference", &data.reference)])}</h1>
        {receipt}
        <h2 class="ds-heading" data-size="md">{i18n.t("tracking.status_title")}</h2>
        <ol class="ds-list timeline">
            <li>{i18n.t_with("tracking.received_on", &[("date", &data.received)])}</li>
        </ol>
        <p class="ds-paragraph"><strong>{i18n.t("tracking.status_now")}</strong> " " {i18n.t(data.status_key)}</p>
        <p class="ds-paragraph">{i18n.t(data.next_key)}</p>
        <h2 class="ds-heading" data-size="md">{i18n.t("tracking.sent_title")}</h2>
        <dl class="sent">
            <dt>{i18n.t("tracking.kind")}</dt><dd>{i18n.t(data.kind_key)}</dd>
            {optional_row("concern.kind", data.concern_kind_key.map(|k| i18n.t(k).to_string()))}
            {optional_row("idea.title", data.title.clone())}
            {(!data.body.is_empty()).then(|| view! { <dt>{i18n.t("tracking.text")}</dt><dd class="sent__text">{data.body.clone()}</dd> })}
            {optional_row("form.theme", data.theme.clone())}
            {optional_row("form.area", data.area.clone())}
            {optional_row("concern.address", data.address.clone())}
            <dt>{i18n.t("form.submitter")}</dt><dd>{i18n.t(data.submitter_key)}</dd>
        </dl>
        <p class="ds-paragraph" data-size="sm">{i18n.t("tracking.contact_hidden")}</p>
    }
}
