//! The privacy notice (personvernerklæring) for this service.

use super::{BulletList, Paragraphs};
use crate::context::{use_i18n, use_page};
use leptos::prelude::*;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = use_page();
    let municipality = page.site.municipality_name.clone();
    let officer = page.site.privacy_officer_email.clone();
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("privacy.title")}</h1>
        <p class="ds-paragraph lead" data-size="lg">{i18n.t("privacy.lead")}</p>

        <h2 class="ds-heading" data-size="md">{i18n.t("privacy.controller.title")}</h2>
        <p class="ds-paragraph">{i18n.t_with("privacy.controller.body", &[("municipality", &municipality)])}</p>

        <h2 class="ds-heading" data-size="md">{i18n.t("privacy.collected.title")}</h2>
        <BulletList keys=&["privacy.collected.text", "privacy.collected.contact", "privacy.collected.meta"]/>
        <p class="ds-paragraph">{i18n.t("privacy.collected.not")}</p>

        <h2 class="ds-heading" data-size="md">{i18n.t("privacy.purpose.title")}</h2>
        <Paragraphs keys=&["privacy.purpose.body", "privacy.purpose.basis"]/>

        <h2 class="ds-heading" data-size="md">{i18n.t("privacy.access.title")}</h2>
        <Paragraphs keys=&["privacy.access.staff", "privacy.access.public", "privacy.access.never"]/>

        <h2 class="ds-heading" data-size="md">{i18n.t("privacy.retention.title")}</h2>
        <Paragraphs keys=&["privacy.retention.body", "privacy.retention.archive"]/>

        <h2 class="ds-heading" data-size="md">{i18n.t("privacy.cookies.title")}</h2>
        <p class="ds-paragraph">{i18n.t("privacy.cookies.body")}</p>

        <h2 class="ds-heading" data-size="md">{i18n.t("privacy.rights.title")}</h2>
        <BulletList keys=&["privacy.rights.access", "privacy.rights.correct", "privacy.rights.erase", "privacy.rights.restrict", "privacy.rights.object"]/>
        <p class="ds-paragraph">{i18n.t("privacy.rights.complain")}</p>

        <h2 class="ds-heading" data-size="md">{i18n.t("privacy.contact.title")}</h2>
        <p class="ds-paragraph">
            {i18n.t("privacy.contact.body")} " "
            <a class="ds-link" href=format!("mailto:{officer}")>{officer.clone()}</a>
        </p>
    }
}
