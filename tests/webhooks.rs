//! Webhooks: a staff system's key registers addresses under the prefixes an
//! administrator allowed; an item of its teams that is created, replied to
//! or closed is posted there once, signed, with no personal data, and a
//! failed attempt is tried again with the same delivery id; other teams'
//! items, a revoked key and a removed prefix send nothing; every bad
//! address, prefix and body is refused with a specific error.

use crate::api::{answer, get, issue_staff_key, pairs, post, problems, reference_of};
use crate::support::{backends, TestApp};
use domain::Role;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// One request the receiver got.
#[derive(Clone, Debug)]
struct Received {
    headers: axum::http::HeaderMap,
    body: String,
}

/// A local receiver that answers 500 to its first `failures` requests and 200 after.
struct Receiver {
    base: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(failures: usize) -> Receiver {
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let seen = got.clone();
        let app = axum::Router::new().route(
            "/innspill/hook",
            axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
                let seen = seen.clone();
                async move {
                    let mut list = seen.lock().unwrap();
                    list.push(Received { headers, body });
                    if list.len() <= failures {
                        axum::http::StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        axum::http::StatusCode::NO_CONTENT
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { base, got }
    }

    /// Waits (up to 20 s) until `count` requests came, and returns them.
    async fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let got = self.got.lock().unwrap().clone();
            if got.len() >= count {
                return got;
            }
            assert!(std::time::Instant::now() < deadline, "the receiver got {} requests, not {count}: {got:?}", got.len());
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

fn header<'a>(received: &'a Received, name: &str) -> &'a str {
    received.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_else(|| panic!("no {name} header"))
}

/// The signature the receiver would compute from the secret, the timestamp header and the body.
fn verifies(received: &Received, secret: &str) -> bool {
    let timestamp = header(received, "x-innspill-timestamp");
    let mac = domain::token::hmac_sha256(secret.as_bytes(), &[timestamp.as_bytes(), b".", received.body.as_bytes()]);
    header(received, "x-innspill-signature") == format!("sha256={}", domain::token::hex(&mac))
}

/// Signs in an administrator and allows `prefix` on the webhook page.
async fn allow_prefix(app: &TestApp, prefix: &str) {
    let login = app.staff(Role::Administrator, "Ada Webhook", &[]).await;
    let admin = app.sign_in(&login).await;
    let response = admin.post("/ansatt/admin/webhooker", &[("prefix", prefix)]).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap_or_default());
}

/// The number of queued deliveries, whatever their state.
async fn deliveries(app: &TestApp) -> usize {
    app.database.texts("select cast(id as text) from webhook_delivery").await.len()
}

#[tokio::test]
async fn a_webhook_fires_once_per_event_signed_without_personal_data_and_a_failed_attempt_is_retried_with_the_same_delivery_id() {
    for backend in backends() {
        let app = TestApp::spawn_with(backend.clone(), &[("INNSPILL_MAIL__RETRY_BASE_SECS", "1")]).await.with_demo_data().await;
        let receiver = Receiver::start(1).await;
        let key = issue_staff_key(&app, "Sak og arkiv", &["miljovaktmester"], "").await;
        allow_prefix(&app, &format!("{}/innspill/", receiver.base)).await;
        let url = format!("{}/innspill/hook", receiver.base);
        let created =
            answer(post(&app, "/api/v1/webhooks", &key, &json!({ "url": url, "events": ["item.created", "item.replied", "item.closed"] })).await, 201).await;
        let secret = created["secret"].as_str().unwrap().to_string();
        assert!(secret.starts_with("whsec_") && secret.len() > 40, "{backend:?}: {created}");
        assert_eq!(created["webhook"]["events"], json!(["item.created", "item.replied", "item.closed"]), "{backend:?}");

        // Another team's item: nothing for this key.
        app.submit_concern("vedlikehold-mangler", "jeloy", "Det drypper fra taket i stua.", Some("ola@eksempel.no")).await;
        let description = "Naboen spiller høy musikk hver natt, Kari Nordmann 912 34 567.";
        let tracking = app.submit_concern("stoy-uro", "jeloy", description, Some("kari@eksempel.no")).await;
        let reference = reference_of(&app, &tracking).await;

        // The first attempt fails (500), the second is taken: the same delivery twice.
        let got = receiver.wait_for(2).await;
        let (first, second) = (&got[0], &got[1]);
        assert_eq!(header(first, "x-innspill-event"), "item.created", "{backend:?}");
        assert_eq!(header(first, "x-innspill-delivery"), header(second, "x-innspill-delivery"), "{backend:?}: a retry is the same delivery");
        assert_eq!(first.body, second.body, "{backend:?}: the same body on every attempt");
        assert!(verifies(first, &secret) && verifies(second, &secret), "{backend:?}: signed with the webhook's secret");
        assert!(!verifies(first, "whsec_wrong"), "{backend:?}");
        assert_eq!(header(first, "content-type"), "application/json", "{backend:?}");
        let body: Value = serde_json::from_str(&first.body).unwrap();
        let fields: Vec<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(fields, ["event", "id", "item_url", "occurred_at", "reference"], "{backend:?}: these and no other fields");
        assert_eq!(body["reference"], reference.as_str(), "{backend:?}");
        assert_eq!(body["id"].to_string(), header(first, "x-innspill-delivery"), "{backend:?}");
        assert!(body["item_url"].as_str().unwrap().ends_with(&format!("/api/v1/items/{reference}")), "{backend:?}");
        for private in ["Kari", "912 34 567", "kari@eksempel.no", "musikk"] {
            assert!(!first.body.contains(private) && !format!("{:?}", first.headers).contains(private), "{backend:?}: no personal data");
        }

        // A reply and a closing through the API: one delivery each, taken at once.
        let path = |action: &str| format!("/api/v1/items/{reference}/{action}");
        answer(post(&app, &path("replies"), &key, &json!({ "text": "Vi snakker med naboen." })).await, 200).await;
        answer(post(&app, &path("closing"), &key, &json!({ "outcome": "resolved" })).await, 200).await;
        let got = receiver.wait_for(4).await;
        let events: Vec<&str> = got.iter().map(|r| header(r, "x-innspill-event")).collect();
        assert_eq!(events, ["item.created", "item.created", "item.replied", "item.closed"], "{backend:?}");
        let ids: std::collections::BTreeSet<&str> = got.iter().map(|r| header(r, "x-innspill-delivery")).collect();
        assert_eq!(ids.len(), 3, "{backend:?}: one delivery per event");
        assert!(got.iter().all(|r| verifies(r, &secret)), "{backend:?}");

        // Settled: three delivered, none waiting, so nothing fires again.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let listed = loop {
            let listed = answer(get(&app, "/api/v1/webhooks", Some(&key), "nb").await, 200).await;
            if listed["webhooks"][0]["delivered"] == 3 || std::time::Instant::now() > deadline {
                break listed;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        };
        let hook = &listed["webhooks"][0];
        assert_eq!((hook["delivered"].as_i64(), hook["pending"].as_i64(), hook["failed"].as_i64()), (Some(3), Some(0), Some(0)), "{backend:?}: {listed}");
        assert_eq!(hook["last_error"], "http_500", "{backend:?}: the failed attempt is told");
        assert!(hook.get("secret").is_none(), "{backend:?}: the secret is shown once only");
        assert_eq!(receiver.got.lock().unwrap().len(), 4, "{backend:?}: the delivered event is not sent again");
        assert_eq!(deliveries(&app).await, 3, "{backend:?}: the other team's item queued nothing");

        // A prefix taken off the list: the next delivery is given up at once, never sent.
        let login = app.staff(Role::Administrator, "Ada Remover", &[]).await;
        let remover = app.sign_in(&login).await;
        let prefix_id = app.database.texts("select cast(id as text) from webhook_prefix").await.remove(0);
        assert_eq!(remover.post(&format!("/ansatt/admin/webhooker/adresser/{prefix_id}/fjern"), &[]).await.status(), 303);
        app.submit_concern("stoy-uro", "jeloy", "Festbråk hele natta.", None).await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let listed = loop {
            let listed = answer(get(&app, "/api/v1/webhooks", Some(&key), "nb").await, 200).await;
            if listed["webhooks"][0]["failed"] == 1 || std::time::Instant::now() > deadline {
                break listed;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        };
        assert_eq!(listed["webhooks"][0]["failed"], 1, "{backend:?}: {listed}");
        assert_eq!(listed["webhooks"][0]["last_error"], "address_not_allowed", "{backend:?}");
        assert_eq!(receiver.got.lock().unwrap().len(), 4, "{backend:?}: nothing went out");

        // Revoked: the key's webhook falls silent.
        let login = app.staff(Role::Administrator, "Ada Revoker", &[]).await;
        let admin = app.sign_in(&login).await;
        let key_id = app.database.texts("select cast(id as text) from api_key").await.remove(0);
        assert_eq!(admin.post(&format!("/ansatt/admin/api-nokler/{key_id}/trekk-tilbake"), &[]).await.status(), 303);
        app.submit_concern("stoy-uro", "jeloy", "Bråk i oppgangen igjen.", None).await;
        assert_eq!(deliveries(&app).await, 4, "{backend:?}: a revoked key's webhook gets nothing");
        let page = admin.page("/ansatt/admin/webhooker", 200).await;
        assert!(
            page.contains(&url) && page.contains("Sak og arkiv") && page.contains("Adressen er ikke lenger godkjent"),
            "{backend:?}: the page shows the webhook and how it went"
        );
    }
}

#[tokio::test]
async fn webhooks_only_go_under_allowed_prefixes_and_every_bad_address_prefix_and_body_is_refused_with_a_specific_error() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let key = issue_staff_key(&app, "Sak og arkiv", &["miljovaktmester"], "").await;
        let other = issue_staff_key(&app, "Oversikt", &["mke"], "").await;
        let register = |url: &str, events: Value| json!({ "url": url, "events": events });

        // Nothing is allowed yet.
        let refused =
            answer(post(&app, "/api/v1/webhooks", &key, &register("https://sak.moss.kommune.no/innspill/x", json!(["item.closed"]))).await, 422).await;
        assert_eq!(problems(&refused), pairs(&[("url", "webhook.error.url_not_allowed")]), "{backend:?}");

        // The administrator's page refuses bad prefixes, keeping what was typed.
        let login = app.staff(Role::Administrator, "Ada Prefix", &[]).await;
        let admin = app.sign_in(&login).await;
        for (typed, message) in [
            ("http://sak.moss.kommune.no/", "Adressen må begynne med https://"),
            ("https://kari:hemmelig@sak.moss.kommune.no/", "kan ikke inneholde brukernavn eller passord"),
            ("https://sak.moss.kommune.no/?token=1", "kan ikke ha en spørring"),
            ("sak.moss.kommune.no", "Skriv en hel adresse"),
            ("", "Skriv adressen."),
        ] {
            let response = admin.post("/ansatt/admin/webhooker", &[("prefix", typed)]).await;
            assert_eq!(response.status(), 422, "{backend:?}: {typed}");
            let page = response.text().await.unwrap();
            assert!(page.contains(message), "{backend:?}: {typed}: {message}");
            assert!(page.contains(r##"href="#field-prefix""##), "{backend:?}: the error summary links the field");
            assert!(page.contains(&format!(r#"value="{}""#, typed.replace('&', "&amp;"))), "{backend:?}: the form keeps {typed}");
        }
        assert!(app.database.texts("select prefix from webhook_prefix").await.is_empty(), "{backend:?}: nothing stored");
        assert_eq!(admin.post("/ansatt/admin/webhooker", &[("prefix", "https://sak.moss.kommune.no/innspill")]).await.status(), 303);
        assert_eq!(app.database.texts("select prefix from webhook_prefix").await, ["https://sak.moss.kommune.no/innspill/"], "{backend:?}: stored with its /");
        let again = admin.post("/ansatt/admin/webhooker", &[("prefix", "https://sak.moss.kommune.no/innspill/")]).await;
        assert_eq!(again.status(), 422, "{backend:?}");
        assert!(again.text().await.unwrap().contains("godkjent allerede"), "{backend:?}");

        // Registration: every field checked at once, each with its error.
        for (body, expected) in [
            (register("https://sak.moss.kommune.no.example.net/innspill/x", json!(["item.closed"])), vec![("url", "webhook.error.url_not_allowed")]),
            (register("https://sak.moss.kommune.no/annet", json!(["item.closed"])), vec![("url", "webhook.error.url_not_allowed")]),
            (
                register("http://sak.moss.kommune.no/innspill/x", json!([])),
                vec![("url", "webhook.error.url_scheme"), ("events", "webhook.error.events_required")],
            ),
            (register("https://sak.moss.kommune.no/innspill/x", json!(["item.deleted"])), vec![("events", "webhook.error.events_unknown")]),
            (register("ikke en adresse", json!(["item.closed"])), vec![("url", "webhook.error.url_invalid")]),
        ] {
            let response = answer(post(&app, "/api/v1/webhooks", &key, &body).await, 422).await;
            assert_eq!(problems(&response), pairs(&expected), "{backend:?}: {body}");
        }
        let english = app
            .http
            .post(app.url("/api/v1/webhooks"))
            .bearer_auth(&key)
            .header("accept-language", "en")
            .json(&register("https://elsewhere.example/", json!(["item.closed"])))
            .send()
            .await
            .unwrap();
        let english = answer(english, 422).await;
        assert!(english["errors"][0]["message"].as_str().unwrap().starts_with("The address is not under"), "{backend:?}: {english}");
        for (body, content_type, status) in [
            (r#"{"url": "https://sak.moss.kommune.no/innspill/x"}"#, "application/json", 400),
            (r#"{"url": "https://sak.moss.kommune.no/innspill/x", "events": ["item.closed"], "secret": "mine"}"#, "application/json", 400),
            ("url=https://sak.moss.kommune.no/innspill/x", "application/x-www-form-urlencoded", 415),
        ] {
            let response = app.http.post(app.url("/api/v1/webhooks")).bearer_auth(&key).header("content-type", content_type).body(body).send().await.unwrap();
            answer(response, status).await;
        }
        let unauthenticated =
            app.http.post(app.url("/api/v1/webhooks")).json(&register("https://sak.moss.kommune.no/innspill/x", json!(["item.closed"]))).send().await.unwrap();
        answer(unauthenticated, 401).await;
        assert_eq!(answer(get(&app, "/api/v1/webhooks", Some(&key), "nb").await, 200).await, json!({ "webhooks": [] }), "{backend:?}: nothing registered");

        // A good one: listed for its key only, deleted by its key only.
        let made = answer(post(&app, "/api/v1/webhooks", &key, &register("https://sak.moss.kommune.no/innspill/x", json!(["item.closed"]))).await, 201).await;
        let id = made["webhook"]["id"].as_i64().unwrap();
        assert_eq!(answer(get(&app, "/api/v1/webhooks", Some(&other), "nb").await, 200).await, json!({ "webhooks": [] }), "{backend:?}");
        let delete = |key: &str, id: String| app.http.delete(app.url(&format!("/api/v1/webhooks/{id}"))).bearer_auth(key.to_string()).send();
        let foreign = answer(delete(&other, id.to_string()).await.unwrap(), 404).await;
        assert_eq!(problems(&foreign), pairs(&[("", "api.error.no_such_webhook")]), "{backend:?}");
        answer(delete(&key, "not-a-number".into()).await.unwrap(), 404).await;
        assert_eq!(delete(&key, id.to_string()).await.unwrap().status(), 204, "{backend:?}");
        answer(delete(&key, id.to_string()).await.unwrap(), 404).await;

        // An administrator deletes a webhook and removes a prefix from the page.
        let made = answer(post(&app, "/api/v1/webhooks", &key, &register("https://sak.moss.kommune.no/innspill/y", json!(["item.created"]))).await, 201).await;
        let id = made["webhook"]["id"].as_i64().unwrap();
        let page = admin.page("/ansatt/admin/webhooker", 200).await;
        assert!(page.contains("https://sak.moss.kommune.no/innspill/y") && page.contains("ny sak"), "{backend:?}");
        assert_eq!(admin.post(&format!("/ansatt/admin/webhooker/{id}/slett"), &[]).await.status(), 303);
        assert_eq!(admin.post(&format!("/ansatt/admin/webhooker/{id}/slett"), &[]).await.status(), 404, "{backend:?}: gone");
        let prefix_id = app.database.texts("select cast(id as text) from webhook_prefix").await.remove(0);
        assert_eq!(admin.post(&format!("/ansatt/admin/webhooker/adresser/{prefix_id}/fjern"), &[]).await.status(), 303);
        let page = admin.page("/ansatt/admin/webhooker?ok=fjernet", 200).await;
        assert!(page.contains("Adressen er tatt bort") && page.contains("Ingen adresser er godkjent ennå"), "{backend:?}");
        let audit = app.database.texts("select action from audit_log order by id").await;
        for action in ["admin_webhook_prefix_added", "webhook_registered", "webhook_deleted", "admin_webhook_prefix_removed"] {
            assert!(audit.iter().any(|a| a == action), "{backend:?}: {action} is audited");
        }

        // Only administrators see the page.
        let caseworker = app.staff(Role::Caseworker, "Cas", &["mke"]).await;
        let caseworker = app.sign_in(&caseworker).await;
        assert_eq!(caseworker.get("/ansatt/admin/webhooker").await.status(), 403, "{backend:?}");
    }
}
