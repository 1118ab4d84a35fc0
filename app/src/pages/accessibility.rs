//! The accessibility statement (tilgjengelighetserklæring) the law requires.

use super::{BulletList, Paragraphs};
use crate::context::{use_i18n, use_page};
use leptos::prelude::*;

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = use_page();
    let contact = page.site.contact_email.clone();
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("accessibility.title")}</h1>
        <p class="ds-paragraph lead" data-size="lg">
            {i18n.t_with("accessibility.lead", &[("municipality", &page.site.municipality_name)])}
        </p>

        <h2 class="ds-heading" data-size="md">{i18n.t("accessibility.status.title")}</h2>
        <Paragraphs keys=&["accessibility.status.body", "accessibility.status.goal"]/>

        <h2 class="ds-heading" data-size="md">{i18n.t("accessibility.how.title")}</h2>
        <BulletList keys=&["accessibility.how.nojs", "accessibility.how.keyboard", "accessibility.how.zoom", "accessibility.how.language", "accessibility.how.plain"]/>

        <h2 class="ds-heading" data-size="md">{i18n.t("accessibility.testing.title")}</h2>
        <Paragraphs keys=&["accessibility.testing.body"]/>

        <h2 class="ds-heading" data-size="md">{i18n.t("accessibility.known.title")}</h2>
        <Paragraphs keys=&["accessibility.known.body"]/>

        <h2 class="ds-heading" data-size="md">{i18n.t("accessibility.feedback.title")}</h2>
        <p class="ds-paragraph">
            {i18n.t("accessibility.feedback.body")} " "
            <a class="ds-link" href=format!("mailto:{contact}")>{contact.clone()}</a>
        </p>
        <p class="ds-paragraph">{i18n.t("accessibility.feedback.authority")}</p>

        <p class="ds-paragraph" data-size="sm">{i18n.t("accessibility.updated")}</p>
    }
}
