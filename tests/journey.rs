//! The user journey form: steps added, removed and reordered by plain form
//! posts (no JavaScript), validation per step, and storing.

use crate::support::{backends, text_of, TestApp};

async fn fresh_key(app: &TestApp) -> String {
    let html = app.get("/brukerreise").await.text().await.unwrap();
    crate::support::form_key(&html)
}

fn step(n: usize, team: &str, what: &str, feeling: &str, went_wrong: bool) -> Vec<(String, String)> {
    let mut fields = vec![
        (format!("step-{n}-team"), team.to_string()),
        (format!("step-{n}-channel"), "phone".to_string()),
        (format!("step-{n}-what"), what.to_string()),
        (format!("step-{n}-feeling"), feeling.to_string()),
    ];
    if went_wrong {
        fields.push((format!("step-{n}-went_wrong"), "yes".to_string()));
    }
    fields
}

async fn post(app: &TestApp, fields: &[(String, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form("/brukerreise", &pairs).await
}

fn complete(key: &str) -> Vec<(String, String)> {
    let mut fields = vec![("goal".to_string(), "get_dwelling".to_string()), ("idempotency_key".to_string(), key.to_string())];
    fields.extend(step(1, "nav", "Søkte om hjelp til depositum.", "2", false));
    fields.extend(step(2, "boligtildeling", "Ventet i åtte måneder uten svar.", "1", true));
    fields.extend([
        ("result".to_string(), "still_waiting".to_string()),
        ("what_would_have_helped".to_string(), "Én kontaktperson.".to_string()),
        ("submitter".to_string(), "applicant".to_string()),
        ("contact".to_string(), "anonymous".to_string()),
        ("action".to_string(), "send".to_string()),
    ]);
    fields
}

#[tokio::test]
async fn adding_a_step_keeps_everything_typed() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = fresh_key(&app).await;
    let mut fields = vec![("goal".to_string(), "start_loan".to_string()), ("idempotency_key".to_string(), key.clone())];
    fields.extend(step(1, "startlan", "Ringte Startlån <3", "4", false));
    fields.push(("action".to_string(), "add".to_string()));
    let response = post(&app, &fields).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"id="step-2""#), "a second step");
    assert!(html.contains("Ringte Startlån &lt;3"), "the first step's text is kept, escaped");
    assert!(html.contains(r#"value="start_loan" checked"#));
    assert!(html.contains(&format!(r#"value="{key}""#)), "the same form key");
    assert!(html.contains(r#"autofocus"#), "focus goes to the new step");
    assert_eq!(app.store.count_submissions().await.unwrap(), 0);
}

#[tokio::test]
async fn steps_can_be_moved_and_removed_without_javascript() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = fresh_key(&app).await;
    let mut fields = vec![("idempotency_key".to_string(), key)];
    fields.extend(step(1, "nav", "FIRST", "3", false));
    fields.extend(step(2, "mke", "SECOND", "3", false));
    fields.push(("action".to_string(), "up-2".to_string()));
    let html = post(&app, &fields).await.text().await.unwrap();
    assert!(html.find("SECOND").unwrap() < html.find("FIRST").unwrap(), "moved up");

    fields.pop();
    fields.push(("action".to_string(), "remove-1".to_string()));
    let html = post(&app, &fields).await.text().await.unwrap();
    assert!(!html.contains("FIRST") && html.contains("SECOND"));
    assert!(!html.contains(r#"id="step-2""#));
}

#[tokio::test]
async fn a_complete_journey_is_stored_once() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let key = fresh_key(&app).await;
        let first = post(&app, &complete(&key)).await;
        assert_eq!(first.status(), 303, "{backend:?}");
        let again = post(&app, &complete(&key)).await;
        assert_eq!(first.headers()["location"], again.headers()["location"]);
        assert_eq!(app.store.count_submissions().await.unwrap(), 1);
        let page = app.get(first.headers()["location"].to_str().unwrap()).await.text().await.unwrap();
        assert!(text_of(&page).contains("Brukerreise"));
    }
}

#[tokio::test]
async fn a_journey_keeps_the_area_the_resident_chose_and_an_unknown_area_is_refused_with_everything_kept() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let form = app.get("/brukerreise").await.text().await.unwrap();
        assert!(form.contains(r#"name="area""#) && form.contains("Jeløy") && form.contains("Hvor bor du?"), "{backend:?}: the form asks");
        let key = fresh_key(&app).await;
        let mut fields = complete(&key);
        fields.push(("area".to_string(), "atlantis".to_string()));
        let refused = post(&app, &fields).await;
        assert_eq!(refused.status(), 422, "{backend:?}");
        let html = refused.text().await.unwrap();
        assert!(text_of(&html).contains("Hvor bor du?: Velg et av alternativene i listen."), "{backend:?}: {}", text_of(&html));
        assert!(html.contains(r##"href="#field-area""##), "{backend:?}: the summary links the field");
        assert!(html.contains("Ventet i åtte måneder uten svar."), "{backend:?}: the steps are kept");
        assert_eq!(app.store.count_submissions().await.unwrap(), 0, "{backend:?}");

        fields.pop();
        fields.push(("area".to_string(), "jeloy".to_string()));
        let stored = post(&app, &fields).await;
        assert_eq!(stored.status(), 303, "{backend:?}");
        let areas = app.database.texts("select a.slug from submission s join area a on a.id = s.area_id").await;
        assert_eq!(areas, ["jeloy"], "{backend:?}");
        let steps = app
            .database
            .texts("select cast(count(*) as text) from insight_step i join area a on a.id = i.area_id where a.slug = 'jeloy' and i.scope = 0")
            .await;
        assert_eq!(steps, ["2"], "{backend:?}: both steps count for Jeløy in the insight");
    }
}

#[tokio::test]
async fn each_step_is_validated_and_errors_name_the_step() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = fresh_key(&app).await;
    let mut fields = vec![("idempotency_key".to_string(), key)];
    fields.extend(step(1, "nav", "Ok", "3", false));
    fields.extend(step(2, "atlantis", "", "9", false));
    fields.push(("action".to_string(), "send".to_string()));
    let response = post(&app, &fields).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    let text = text_of(&html);
    assert!(text.contains("Steg 2, Hvem møtte du?: Velg et av alternativene i listen."), "{text}");
    assert!(text.contains("Steg 2, Hva skjedde?: Fyll ut dette feltet."));
    assert!(text.contains("Steg 2, Hvordan opplevde du det?: Velg et av alternativene i listen."));
    assert!(text.contains("Hva prøvde du å få til?: Velg ett av alternativene."));
    assert!(html.contains(r##"href="#field-step-2-what""##));
    assert!(!text.contains("Steg 1, Hva skjedde?"), "step 1 is fine");
    assert_eq!(app.store.count_submissions().await.unwrap(), 0);
}

#[tokio::test]
async fn too_long_and_hostile_step_text_is_refused_or_escaped_and_huge_posts_get_413() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = fresh_key(&app).await;
    let mut fields = complete(&key);
    for (k, v) in fields.iter_mut() {
        if k == "step-1-what" {
            *v = "ø".repeat(2001);
        }
        if k == "step-2-what" {
            *v = r#""><svg onload=alert(1)>"#.into();
        }
    }
    let response = post(&app, &fields).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(text_of(&html).contains("Steg 1, Hva skjedde?: Teksten er for lang"));
    assert!(!html.contains("<svg onload"), "escaped");
    assert!(html.contains("&lt;svg onload=alert(1)&gt;"), "kept");

    let huge = vec![("step-1-what".to_string(), "x".repeat(innspill::http::MAX_BODY_BYTES + 1))];
    assert_eq!(post(&app, &huge).await.status(), 413);
    assert_eq!(app.store.count_submissions().await.unwrap(), 0);
}
