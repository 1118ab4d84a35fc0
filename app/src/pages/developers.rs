//! For developers: how municipal systems and Open311 clients connect —
//! where the interfaces are, how a key is had and sent, and each call of
//! the JSON API, listed from its OpenAPI document so the page cannot
//! promise a call that does not exist.

use super::Paragraphs;
use crate::context::use_i18n;
use leptos::prelude::*;

/// One call of the JSON API, from the OpenAPI document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// `GET`, `POST`.
    pub method: String,
    pub path: String,
    /// Its operation id, which names its description: `developers.op.<id>`.
    pub id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DevelopersPageData {
    /// The Open311 discovery document.
    pub open311: String,
    /// The OpenAPI document.
    pub openapi: String,
    pub operations: Vec<Operation>,
}

/// What a delivery looks like (the field names are the API's, not translated).
const WEBHOOK_SAMPLE: &str = "POST /your/address HTTP/1.1
Content-Type: application/json
X-Innspill-Event: item.replied
X-Innspill-Delivery: 1042
X-Innspill-Timestamp: 1796625600
X-Innspill-Signature: sha256=5f1d…

{\"id\":1042,\"event\":\"item.replied\",\"reference\":\"MOSS-2026-00042\",
 \"occurred_at\":\"2026-12-07T08:00:00Z\",\"item_url\":\"https://…/api/v1/items/MOSS-2026-00042\"}";

/// How a receiver checks a delivery, in Python (every platform has HMAC-SHA-256).
const SIGNATURE_SAMPLE: &str = "import hmac, hashlib
expected = \"sha256=\" + hmac.new(secret, timestamp + b\".\" + body, hashlib.sha256).hexdigest()
ok = hmac.compare_digest(expected, signature_header)";

#[component]
pub fn DevelopersPage(data: DevelopersPageData) -> impl IntoView {
    let i18n = use_i18n();
    let operations = data
        .operations
        .iter()
        .map(|op| {
            let key = format!("developers.op.{}", op.id);
            view! {
                <tr>
                    <td><code>{op.method.clone()}</code></td>
                    <td><code>{op.path.clone()}</code></td>
                    <td>{i18n.find(&key).unwrap_or(i18n.t("developers.op.undescribed"))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("developers.title")}</h1>
        <p class="ds-paragraph lead" data-size="lg">{i18n.t("developers.lead")}</p>

        <h2 class="ds-heading" data-size="md">{i18n.t("developers.open311.title")}</h2>
        <Paragraphs keys=&["developers.open311.body"]/>
        <p class="ds-paragraph">{i18n.t("developers.open311.discovery")} " " <a class="ds-link" href=data.open311.clone()><code>{data.open311.clone()}</code></a></p>

        <h2 class="ds-heading" data-size="md">{i18n.t("developers.api.title")}</h2>
        <Paragraphs keys=&["developers.api.body", "developers.api.key"]/>
        <p class="ds-paragraph"><code>"Authorization: Bearer inn_…"</code></p>
        <p class="ds-paragraph">{i18n.t("developers.api.openapi")} " " <a class="ds-link" href=data.openapi.clone()><code>{data.openapi.clone()}</code></a></p>
        // Long paths may scroll sideways on a phone: the region takes focus, so a keyboard can scroll it.
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="api-calls">
            <table class="ds-table" data-size="sm">
                <caption id="api-calls">{i18n.t("developers.api.calls")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("developers.api.method")}</th>
                    <th scope="col">{i18n.t("developers.api.path")}</th>
                    <th scope="col">{i18n.t("developers.api.what")}</th>
                </tr></thead>
                <tbody>{operations}</tbody>
            </table>
        </div>
        <Paragraphs keys=&["developers.api.errors", "developers.api.limits"]/>

        <h2 class="ds-heading" data-size="md" id="webhooks">{i18n.t("developers.webhooks.title")}</h2>
        <Paragraphs keys=&["developers.webhooks.body", "developers.webhooks.allow", "developers.webhooks.payload"]/>
        <pre class="code-sample"><code>{WEBHOOK_SAMPLE}</code></pre>
        <Paragraphs keys=&["developers.webhooks.signature"]/>
        <pre class="code-sample"><code>{SIGNATURE_SAMPLE}</code></pre>
        <Paragraphs keys=&["developers.webhooks.retries"]/>
    }
}
