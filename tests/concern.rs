//! The neighbour concern form over HTTP.

use crate::support::{backends, text_of, TestApp};

async fn fresh_key(app: &TestApp) -> String {
    let html = app.get("/nabobekymring").await.text().await.unwrap();
    crate::support::form_key(&html)
}

fn valid_form(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("concern_kind", "noise".into()),
        ("area", "kambo".into()),
        ("address", "Ved lekeplassen i Kamboveien".into()),
        ("occurred", "Hver natt siste uke".into()),
        ("ongoing", "yes".into()),
        ("description", "Høy musikk til klokka fire om natta.".into()),
        ("on_behalf", "cooperative".into()),
        ("organisation", "Kambo borettslag".into()),
        ("submitter", "cooperative".into()),
        ("contact", "contact".into()),
        ("email", "styret@kambo-brl.no".into()),
        ("consent", "yes".into()),
        ("idempotency_key", key.into()),
    ]
}

async fn post(app: &TestApp, form: &[(&'static str, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form("/nabobekymring", &pairs).await
}

#[tokio::test]
async fn the_form_shows_the_emergency_numbers_and_says_concerns_are_never_published() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let text = text_of(&app.get_in("/nabobekymring", "en").await.text().await.unwrap());
    assert!(text.contains("Call 112") && text.contains("02800") && text.contains("116117"));
    assert!(text.contains("Neighbour concerns are never published"));
    assert!(text.contains("No map needed"), "an address in words is enough");
}

#[tokio::test]
async fn a_concern_on_behalf_of_a_cooperative_is_stored_and_shown_on_the_tracking_page() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let response = post(&app, &valid_form(&fresh_key(&app).await)).await;
        assert_eq!(response.status(), 303, "{backend:?}");
        let page = app.get(response.headers()["location"].to_str().unwrap()).await.text().await.unwrap();
        let text = text_of(&page);
        for expected in ["Nabobekymring", "Støy og uro", "Ved lekeplassen i Kamboveien", "Kambo", "Høy musikk til klokka fire om natta."] {
            assert!(text.contains(expected), "{backend:?}: {expected} in {text}");
        }
        assert!(!text.contains("styret@kambo-brl.no"), "contact details are never shown");
    }
}

#[tokio::test]
async fn missing_answers_and_a_missing_organisation_name_are_explained() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = fresh_key(&app).await;
    let form = vec![
        ("on_behalf", "volunteer".to_string()),
        ("concern_kind", "earthquake".to_string()),
        ("address", "Storgata 1".to_string()),
        ("idempotency_key", key),
    ];
    let response = post(&app, &form).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    let text = text_of(&html);
    for (field, message) in [
        ("concern_kind", "Velg et av alternativene i listen."),
        ("ongoing", "Velg ett av alternativene."),
        ("description", "Fyll ut dette feltet."),
        ("organisation", "Skriv navnet på borettslaget, sameiet eller organisasjonen."),
        ("submitter", "Velg ett av alternativene."),
    ] {
        assert!(html.contains(&format!(r##"href="#field-{field}""##)), "{field} in the summary");
        assert!(text.contains(message), "{field}: {message}");
    }
    assert!(html.contains(r#"value="Storgata 1""#), "typed values kept");
    assert!(html.contains(r#"value="volunteer" checked"#), "chosen radio kept");
    assert_eq!(app.store.count_submissions().await.unwrap(), 0);
}

#[tokio::test]
async fn a_concern_about_myself_needs_no_organisation_and_double_posts_make_one_item() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = fresh_key(&app).await;
    let mut form = valid_form(&key);
    form.retain(|(k, _)| !matches!(*k, "organisation" | "email" | "consent"));
    for (k, v) in form.iter_mut() {
        match *k {
            "on_behalf" => *v = "self".into(),
            "submitter" => *v = "neighbour".into(),
            "contact" => *v = "anonymous".into(),
            _ => {}
        }
    }
    let first = post(&app, &form).await;
    assert_eq!(first.status(), 303);
    let second = post(&app, &form).await;
    assert_eq!(first.headers()["location"], second.headers()["location"]);
    assert_eq!(app.store.count_submissions().await.unwrap(), 1);
}

#[tokio::test]
async fn too_long_and_hostile_text_is_refused_or_escaped_and_huge_posts_get_413() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = fresh_key(&app).await;
    let mut form = valid_form(&key);
    for (k, v) in form.iter_mut() {
        match *k {
            "address" => *v = "a".repeat(201),
            "description" => *v = r#"<img src=x onerror=alert(1)>"#.into(),
            _ => {}
        }
    }
    let response = post(&app, &form).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains(r##"href="#field-address""##));
    assert!(text_of(&html).contains("Teksten er for lang"));
    assert!(!html.contains("<img src=x"), "escaped");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "kept");

    let huge = "x".repeat(innspill::http::MAX_BODY_BYTES + 1);
    let pairs = [("description", huge.as_str()), ("idempotency_key", key.as_str())];
    assert_eq!(app.post_form("/nabobekymring", &pairs).await.status(), 413);
    assert_eq!(app.store.count_submissions().await.unwrap(), 0);
}
