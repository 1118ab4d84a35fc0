//! The participation idea form over HTTP: validation, values kept, receipt,
//! tracking page, double submits and hostile input.

use crate::support::{backends, text_of, TestApp};

fn valid_form(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", "Benker i bakgården".into()),
        ("description", "Vi trenger benker der eldre kan hvile. Ring meg på 912 34 567.".into()),
        ("area", "jeloy".into()),
        ("theme", "ideer-nabolag".into()),
        ("submitter", "tenant".into()),
        ("contact", "anonymous".into()),
        ("idempotency_key", key.into()),
    ]
}

async fn post(app: &TestApp, form: &[(&'static str, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form("/ide", &pairs).await
}

#[tokio::test]
async fn the_form_says_ideas_are_moderated_and_labels_every_field() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let response = app.get("/ide").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(text_of(&html).contains("Ideen blir vist offentlig først når en moderator har lest den"));
    for id in ["field-title", "field-description", "field-area", "field-theme", "field-email", "field-phone", "field-consent"] {
        assert!(html.contains(&format!(r#"for="{id}""#)), "{id} has a label");
    }
    assert!(html.contains("<legend"), "radio groups are fieldsets with legends");
    assert!(text_of(&html).contains("Jeløy"), "areas come from the database");
}

/// The CSP nonce of a page, from its header.
fn nonce(response: &reqwest::Response) -> String {
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_string();
    csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce").to_string()
}

#[tokio::test]
async fn empty_forms_and_the_home_page_are_served_from_the_page_cache_with_a_fresh_nonce_and_form_key() {
    let app = TestApp::spawn().await.with_demo_data().await;
    for path in ["/ide", "/nabobekymring", "/brukerreise", "/"] {
        let (first, second) = (app.get(path).await, app.get(path).await);
        assert_eq!((first.status().as_u16(), second.status().as_u16()), (200, 200), "{path}");
        let (first_nonce, second_nonce) = (nonce(&first), nonce(&second));
        assert_ne!(first_nonce, second_nonce, "{path}: a nonce per response");
        let (first, second) = (first.text().await.unwrap(), second.text().await.unwrap());
        assert!(!first.contains(innspill::http::FORM_KEY_HOLE) && !second.contains(innspill::http::FORM_KEY_HOLE), "{path}");
        if first.contains("nonce=") {
            assert!(second.contains(&format!(r#"nonce="{second_nonce}""#)) && !second.contains(&first_nonce), "{path}: the page's scripts carry its own nonce");
        }
        if path != "/" {
            assert_ne!(crate::support::form_key(&first), crate::support::form_key(&second), "{path}: a form key per response");
        }
        // The same page but for those two: cached, not another page.
        let strip = |page: &str, nonce: &str| page.replace(nonce, "").replace(&crate::support::form_key(page), "");
        if path != "/" {
            assert_eq!(strip(&first, &first_nonce), strip(&second, &second_nonce), "{path}");
        }
    }
    // A cached form's key is a real one: the post is taken.
    let page = app.get("/ide").await.text().await.unwrap();
    let sent = post(&app, &valid_form(&crate::support::form_key(&page))).await;
    assert_eq!(sent.status(), 303);
    // Each language has its own copy.
    let english = app.get_in("/ide", "en-GB,en;q=0.9").await.text().await.unwrap();
    assert!(english.contains(r#"<html lang="en""#) && !english.contains(innspill::http::FORM_KEY_HOLE));
    let bokmal = app.get("/ide").await.text().await.unwrap();
    assert!(bokmal.contains(r#"<html lang="nb""#));
}

#[tokio::test]
async fn a_valid_idea_is_stored_and_the_receipt_shows_the_reference_and_private_link() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let key = app.form_key().await;
        let response = post(&app, &valid_form(&key)).await;
        assert_eq!(response.status(), 303, "{backend:?}");
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/sak/") && location.ends_with("?ny=1"), "{location}");

        let receipt = app.get(&location).await;
        assert_eq!(receipt.status(), 200);
        let text = text_of(&receipt.text().await.unwrap());
        let year = chrono::Datelike::year(&chrono::Utc::now());
        assert!(text.contains(&format!("MOSS-{year}-00001")), "{text}");
        assert!(text.contains("Takk! Vi har fått innspillet ditt."));
        assert!(text.contains("Benker i bakgården") && text.contains("Jeløy") && text.contains("Ideer til nabolaget"));
        assert!(text.contains(&format!("http://127.0.0.1:3000{}", location.trim_end_matches("?ny=1"))), "the link to save");

        let token_hash = {
            use domain::submission::TrackingToken;
            TrackingToken::from_link(location.trim_start_matches("/sak/").trim_end_matches("?ny=1")).hash()
        };
        let stored = app.store.submission_by_token_hash(&token_hash).await.unwrap().expect("stored");
        assert_eq!(stored.personal_data_flags, "phone", "the phone number in the text is flagged");
        assert_eq!(stored.locale, "nb");
    }
}

#[tokio::test]
async fn double_submits_create_one_item_and_lead_to_the_same_receipt() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = app.form_key().await;
    let first = post(&app, &valid_form(&key)).await.headers()["location"].clone();
    let second = post(&app, &valid_form(&key)).await.headers()["location"].clone();
    assert_eq!(first, second);
    assert_eq!(app.store.count_submissions().await.unwrap(), 1);
    let other = post(&app, &valid_form(&app.form_key().await)).await.headers()["location"].clone();
    assert_ne!(first, other);
    assert_eq!(app.store.count_submissions().await.unwrap(), 2);
}

#[tokio::test]
async fn errors_are_listed_next_to_fields_and_in_a_summary_and_every_value_is_kept() {
    let app = TestApp::spawn_with(crate::support::Backend::Sqlite, &[]).await.with_demo_data().await;
    let key = app.form_key().await;
    let hostile = r#"</textarea><script>alert("x")</script>"#;
    let form = vec![
        ("title", String::new()),
        ("description", hostile.to_string()),
        ("area", "atlantis".into()),
        ("theme", "ideer-nabolag".into()),
        ("submitter", String::new()),
        ("contact", "contact".into()),
        ("email", "kari@".into()),
        ("phone", "123".into()),
        ("idempotency_key", key),
    ];
    let response = post(&app, &form).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    let text = text_of(&html);
    assert!(text.contains("Skjemaet har feil"), "error summary");
    for (field, message) in [
        ("title", "Fyll ut dette feltet."),
        ("area", "Velg et av alternativene i listen."),
        ("submitter", "Velg ett av alternativene."),
        ("email", "Skriv en e-postadresse som ligner navn@eksempel.no."),
        ("phone", "Skriv et norsk telefonnummer med 8 siffer"),
        ("consent", "Du må si ja til at vi bruker kontaktopplysningene dine"),
    ] {
        assert!(html.contains(&format!(r##"href="#field-{field}""##)), "summary links to {field}");
        assert!(text.contains(message), "{field}: {message}");
    }
    assert!(html.contains(r#"id="field-email-error""#) && html.contains(r#"aria-describedby="field-email-hint field-email-error""#));
    assert!(html.contains(r#"value="kari@""#) && html.contains(r#"value="123""#), "typed values kept");
    assert!(html.contains(r#"<option value="ideer-nabolag" selected"#), "chosen theme kept");
    assert!(!html.contains("<script>alert"), "hostile text is escaped");
    assert!(html.contains("&lt;/textarea&gt;&lt;script&gt;"), "and kept in the textarea");
    assert_eq!(app.store.count_submissions().await.unwrap(), 0);
}

#[tokio::test]
async fn limits_are_enforced_with_clear_messages() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = app.form_key().await;
    let mut form = valid_form(&key);
    form[0].1 = "x".repeat(121);
    let html = post(&app, &form).await.text().await.unwrap();
    assert!(text_of(&html).contains("Teksten er for lang"));
    // Emoji, right-to-left and combining characters count as characters and survive.
    form[0].1 = "😀 مرحبا e\u{301}".repeat(10);
    let response = post(&app, &form).await;
    assert_eq!(response.status(), 303);
    let page = app.get(response.headers()["location"].to_str().unwrap()).await.text().await.unwrap();
    assert!(page.contains(&"😀 مرحبا e\u{301}".repeat(10)));
}

#[tokio::test]
async fn a_stale_or_forged_form_is_shown_again_with_a_message_and_nothing_is_stored() {
    let app = TestApp::spawn().await.with_demo_data().await;
    for key in ["", "not-a-key-we-issued"] {
        let response = post(&app, &valid_form(key)).await;
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(text_of(&html).contains("Skjemaet var for gammelt eller ufullstendig"));
        assert!(html.contains(r#"value="Benker i bakgården""#), "values kept");
    }
    assert_eq!(app.store.count_submissions().await.unwrap(), 0);
}

#[tokio::test]
async fn wrong_tracking_links_get_the_friendly_404() {
    let app = TestApp::spawn().await;
    for path in ["/sak/abc", &format!("/sak/{}", "A".repeat(43)), "/sak/%3Cscript%3E"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(text_of(&response.text().await.unwrap()).contains("Vi fant ikke siden"));
    }
}

#[tokio::test]
async fn cross_site_idea_posts_are_refused() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = app.form_key().await;
    let form = valid_form(&key);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = app.post_form_with("/ide", &pairs, &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(response.status(), 403);
    assert_eq!(app.store.count_submissions().await.unwrap(), 0);
}
