//! Webhooks: the address prefixes staff systems may register webhooks under
//! (added and removed here), and every registered webhook with how its
//! deliveries went, which an administrator can delete.

use super::*;
use crate::forms::{translate_labels, ErrorSummary, FormErrors, TextInput};
use leptos::prelude::*;

#[derive(Clone, Debug)]
pub struct WebhookPrefixRow {
    pub id: i64,
    pub prefix: String,
    pub created: String,
}

#[derive(Clone, Debug)]
pub struct WebhookRow {
    pub id: i64,
    pub key_name: String,
    pub url: String,
    /// The events' names, translated.
    pub events: Vec<String>,
    pub delivered: i64,
    pub pending: i64,
    pub dead: i64,
    pub last_error: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct WebhooksPageData {
    pub nav: StaffNavData,
    pub prefixes: Vec<WebhookPrefixRow>,
    pub webhooks: Vec<WebhookRow>,
    /// The prefix as typed, when it was refused.
    pub prefix: String,
    pub errors: FormErrors,
    pub done_key: Option<&'static str>,
    /// The developers' page, which tells systems how to register and check deliveries.
    pub developers: String,
}

#[component]
pub fn WebhooksAdminPage(data: WebhooksPageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let prefixes = d
        .prefixes
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <td><code>{p.prefix.clone()}</code></td>
                    <td>{p.created.clone()}</td>
                    <td>
                        <form class="inline-form" method="post" action=format!("/ansatt/admin/webhooker/adresser/{}/fjern", p.id)>
                            <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit">
                                {i18n.t_with("admin.webhooks.remove_prefix", &[("prefix", &p.prefix)])}
                            </button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let webhooks = d
        .webhooks
        .iter()
        .map(|w| {
            let last_error = w.last_error.clone().unwrap_or_else(|| i18n.t("admin.webhooks.no_error").to_string());
            view! {
                <tr>
                    <td>{w.key_name.clone()}</td>
                    <td><code>{w.url.clone()}</code></td>
                    <td>{w.events.join(", ")}</td>
                    <td>{w.delivered}</td>
                    <td>{w.pending}</td>
                    <td>{w.dead}</td>
                    <td>{last_error}</td>
                    <td>
                        <form class="inline-form" method="post" action=format!("/ansatt/admin/webhooker/{}/slett", w.id)>
                            <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit">
                                {i18n.t_with("admin.webhooks.delete_named", &[("url", &w.url)])}
                            </button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let labels = [("prefix", "admin.webhooks.prefix")];
    let e = d.errors.clone();
    view! {
        <StaffNav nav=d.nav.clone()/>
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/admin">{i18n.t("admin.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{i18n.t("admin.webhooks.title")}</h1>
        <p class="ds-paragraph">{i18n.t("admin.webhooks.lead")}</p>
        <p class="ds-paragraph">{i18n.t("admin.webhooks.how")} " " <a class="ds-link" href=d.developers.clone()>{d.developers.clone()}</a></p>
        {done(d.done_key)}
        <h2 class="ds-heading" data-size="md">{i18n.t("admin.webhooks.prefixes")}</h2>
        <p class="ds-paragraph">{i18n.t("admin.webhooks.prefixes_lead")}</p>
        {d.prefixes.is_empty().then(|| view! { <p class="ds-paragraph">{i18n.t("admin.webhooks.no_prefixes")}</p> })}
        <div class="table-scroll" hidden=d.prefixes.is_empty()>
            <table class="ds-table" data-size="sm">
                <caption class="visually-hidden">{i18n.t("admin.webhooks.prefixes")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("admin.webhooks.prefix")}</th>
                    <th scope="col">{i18n.t("admin.webhooks.added")}</th>
                    <th scope="col">{i18n.t("admin.actions")}</th>
                </tr></thead>
                <tbody>{prefixes}</tbody>
            </table>
        </div>
        <h3 class="ds-heading" data-size="xs" id="prefix-heading">{i18n.t("admin.webhooks.new_prefix")}</h3>
        <ErrorSummary errors=e.clone() labels=translate_labels(&labels)/>
        <form class="input-form" method="post" action="/ansatt/admin/webhooker" novalidate aria-labelledby="prefix-heading">
            <TextInput name="prefix" label="admin.webhooks.prefix" hint="admin.webhooks.prefix_hint" value=d.prefix.clone() error=e.for_field("prefix")
                input_type="url" max_chars=500/>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("admin.webhooks.allow")}</button>
        </form>
        <h2 class="ds-heading" data-size="md">{i18n.t("admin.webhooks.registered")}</h2>
        {d.webhooks.is_empty().then(|| view! { <p class="ds-paragraph">{i18n.t("admin.webhooks.none")}</p> })}
        <div class="table-scroll" hidden=d.webhooks.is_empty()>
            <table class="ds-table" data-size="sm">
                <caption class="visually-hidden">{i18n.t("admin.webhooks.registered")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("admin.webhooks.key")}</th>
                    <th scope="col">{i18n.t("admin.webhooks.url")}</th>
                    <th scope="col">{i18n.t("admin.webhooks.events")}</th>
                    <th scope="col">{i18n.t("admin.webhooks.delivered")}</th>
                    <th scope="col">{i18n.t("admin.webhooks.pending")}</th>
                    <th scope="col">{i18n.t("admin.webhooks.dead")}</th>
                    <th scope="col">{i18n.t("admin.webhooks.last_error")}</th>
                    <th scope="col">{i18n.t("admin.actions")}</th>
                </tr></thead>
                <tbody>{webhooks}</tbody>
            </table>
        </div>
    }
}
