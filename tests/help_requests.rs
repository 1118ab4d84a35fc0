//! Requests for help (Housing-Social Act § 6): every form asks whether the
//! person needs help with their own housing; a yes goes to the intake team
//! whatever the rules say, is never published, and its receipt explains the
//! right to apply, the formal decision and appeal, and how to reach the office.

use crate::support::{backends, text_of, TestApp};
use domain::Role;

/// Posts the idea form with `needs_help`; returns the response.
async fn send_idea(app: &TestApp, needs_help: &str, contact: &[(&'static str, &'static str)]) -> reqwest::Response {
    let key = app.form_key().await;
    let mut form = vec![
        ("title", "Vi mister leiligheten"),
        ("description", "Husleia er for høy, og vi må flytte ut i januar."),
        ("theme", "ideer-nabolag"),
        ("area", "jeloy"),
        ("submitter", "tenant"),
        ("needs_help", needs_help),
        ("idempotency_key", key.as_str()),
    ];
    form.extend_from_slice(contact);
    app.post_form("/ide", &form).await
}

async fn team_id(app: &TestApp, slug: &str) -> i64 {
    app.store.list_teams().await.unwrap().iter().find(|t| t.slug.as_str() == slug).unwrap().id
}

#[tokio::test]
async fn a_resident_who_needs_help_with_housing_reaches_intake_as_a_request_for_help_that_is_never_published() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let form = app.get("/ide").await.text().await.unwrap();
        assert!(
            form.contains("Trenger du hjelp med din egen bosituasjon?") && form.contains(r#"name="needs_help" value="yes""#),
            "{backend:?}: every form asks"
        );
        for path in ["/nabobekymring", "/brukerreise"] {
            assert!(app.get(path).await.text().await.unwrap().contains(r#"name="needs_help" value="yes""#), "{backend:?}: {path} asks too");
        }

        // An odd answer: the error on the field, everything typed kept, nothing stored.
        let odd = send_idea(&app, "kanskje", &[("contact", "anonymous")]).await;
        assert_eq!(odd.status(), 422, "{backend:?}");
        let page = odd.text().await.unwrap();
        assert!(page.contains(r##"href="#field-needs_help""##) && page.contains("Vi mister leiligheten"), "{backend:?}");
        assert_eq!(app.store.count_submissions().await.unwrap(), 0, "{backend:?}");

        // Yes, anonymously: intake owns it, whatever the theme's rule says.
        let sent = send_idea(&app, "yes", &[("contact", "anonymous")]).await;
        assert_eq!(sent.status(), 303, "{backend:?}");
        let tracking = sent.headers()["location"].to_str().unwrap().to_string();
        let receipt = text_of(&app.get(&tracking).await.text().await.unwrap());
        for words in [
            "Du har bedt om hjelp med boligen din",
            "boligsosial lov § 6",
            "Saken følges opp av: Boligsosial avdeling",
            "skriftlig vedtak",
            "kan du klage på det",
            "Du har ikke gitt oss kontaktopplysninger",
            "69 24 80 00",
            "Henrik Gerners gate 8",
        ] {
            assert!(receipt.contains(words), "{backend:?}: the receipt says {words:?}: {receipt}");
        }
        assert!(!receipt.contains("En moderator leser ideen din"), "{backend:?}: an idea's moderation text does not apply: {receipt}");
        let id = app.item_behind(&tracking).await;
        let item = app.store.item(id).await.unwrap().unwrap();
        assert!(item.requests_help, "{backend:?}");
        assert_eq!(item.owner_ids(), [team_id(&app, "boligsosial-avdeling").await], "{backend:?}: intake owns it");

        // Never published: not in the moderation queue, no public page, nothing to moderate.
        let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
        let mona = app.sign_in(&mona).await;
        assert!(!mona.page("/ansatt/moderering", 200).await.contains(&format!("/ansatt/moderering/ide/{id}\"")), "{backend:?}");
        assert_eq!(mona.get(&format!("/ansatt/moderering/ide/{id}")).await.status(), 404, "{backend:?}");
        assert_eq!(app.get(&format!("/ideer/{id}")).await.status(), 404, "{backend:?}");
        // Staff see what it is and why intake has it.
        let staff_page = text_of(&mona.page(&format!("/ansatt/sak/{id}"), 200).await);
        assert!(staff_page.contains("Forespørsel om hjelp (§ 6)"), "{backend:?}: {staff_page}");
        assert!(staff_page.contains("Boligsosial avdeling, fordi personen ba om hjelp med egen bosituasjon"), "{backend:?}: {staff_page}");

        // A concern with an e-mail: intake, not the caretakers its theme's rule names; "we will contact you".
        let key = app.form_key().await;
        let concern = app
            .post_form(
                "/nabobekymring",
                &[
                    ("concern_kind", "noise"),
                    ("ongoing", "yes"),
                    ("on_behalf", "self"),
                    ("description", "Naboen truer oss, og vi tør ikke bo her."),
                    ("theme", "stoy-uro"),
                    ("submitter", "tenant"),
                    ("needs_help", "yes"),
                    ("contact", "contact"),
                    ("email", "kari@example.no"),
                    ("consent", "yes"),
                    ("idempotency_key", key.as_str()),
                ],
            )
            .await;
        assert_eq!(concern.status(), 303, "{backend:?}");
        let tracking = concern.headers()["location"].to_str().unwrap().to_string();
        assert!(text_of(&app.get(&tracking).await.text().await.unwrap()).contains("Vi tar kontakt med deg."), "{backend:?}");
        let item = app.store.item(app.item_behind(&tracking).await).await.unwrap().unwrap();
        assert_eq!(item.owner_ids(), [team_id(&app, "boligsosial-avdeling").await], "{backend:?}");

        // No: routed by its rule as before, with no help text.
        let plain = app.submit_concern("stoy-uro", "jeloy", "Bråk hver natt.", None).await;
        let item = app.store.item(app.item_behind(&plain).await).await.unwrap().unwrap();
        assert!(!item.requests_help, "{backend:?}");
        assert_eq!(item.owner_ids(), [team_id(&app, "miljovaktmester").await], "{backend:?}");
        assert!(!app.get(&plain).await.text().await.unwrap().contains("help-heading"), "{backend:?}");
    }
}

#[tokio::test]
async fn the_receipt_of_a_request_for_help_is_in_the_residents_language_with_the_offices_norwegian_details_marked() {
    let app = TestApp::spawn_with(backends().remove(0), &[("INNSPILL_LANGUAGES", "nb,nn,en,pl,ar")]).await.with_demo_data().await;
    let page = app.get_in("/ide", "ar").await.text().await.unwrap();
    assert!(page.contains("هل تحتاج إلى مساعدة في وضعك السكني؟"), "the question in Arabic");
    let key = crate::support::form_key(&page);
    let sent = app
        .post_form_with(
            "/ide",
            &[
                ("title", "Benk"),
                ("description", "Vi må flytte."),
                ("submitter", "tenant"),
                ("needs_help", "yes"),
                ("contact", "anonymous"),
                ("idempotency_key", &key),
            ],
            &[("sec-fetch-site", "same-origin"), ("cookie", "innspill_lang=pl")],
        )
        .await;
    assert_eq!(sent.status(), 303);
    let tracking = sent.headers()["location"].to_str().unwrap().to_string();
    let polish = app.get_in(&tracking, "pl").await.text().await.unwrap();
    assert!(polish.contains("Twoja prośba o pomoc w sprawie mieszkania") && polish.contains("pisemną decyzją"), "{}", text_of(&polish));
    assert!(polish.contains(r#"<dd lang="nb" dir="auto">Mandag–fredag 08.00–15.30</dd>"#), "the office hours are marked as bokmål: {polish}");
    assert!(polish.contains(r#"href="tel:69248000""#), "the phone number can be called");
    assert!(polish.contains(r#"<span lang="nb">Boligsosial avdeling</span>"#) || polish.contains("Dział mieszkalnictwa socjalnego"), "the team named");
}
