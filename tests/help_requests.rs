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

        // The insight counts the two requests for help apart, and the number leads to them in the inbox.
        let insight = mona.page("/ansatt/innsikt/team", 200).await;
        let at = insight.find("talt for seg:").unwrap_or_else(|| panic!("{backend:?}: the count is shown"));
        let link = &insight[at..at + insight[at..].find("</a>").unwrap()];
        assert!(link.ends_with(">2"), "{backend:?}: two requests for help: {link}");
        let href = link[link.find("href=\"").unwrap() + 6..].split('"').next().unwrap().replace("&amp;", "&");
        assert!(href.contains("help=1"), "{backend:?}: {href}");
        // An item of the same team that is not a request for help: in the inbox, not behind the number.
        let shared = app.submit_concern("trygghet-bomiljo", "jeloy", "Utrygt i oppgangen om kvelden.", None).await;
        let shared = app.store.item(app.item_behind(&shared).await).await.unwrap().unwrap();
        assert!(shared.owner_ids().contains(&team_id(&app, "boligsosial-avdeling").await), "{backend:?}");
        assert!(mona.page("/ansatt?status=all", 200).await.contains(&shared.reference), "{backend:?}");
        let inbox = mona.page(&href, 200).await;
        let help_item = app.store.item(app.item_behind(&tracking).await).await.unwrap().unwrap();
        assert!(inbox.contains(&help_item.reference) && !inbox.contains(&shared.reference), "{backend:?}: only requests for help");
        assert!(inbox.contains("Forespørsel om hjelp (§\u{a0}6)"), "{backend:?}: marked in the list");
        assert!(inbox.contains(r#"id="filter-help" name="help" value="1" checked"#), "{backend:?}: the filter is shown ticked");
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
    assert!(polish.contains("<strong>Dział mieszkalnictwa socjalnego</strong>"), "the team named in Polish");
}

#[tokio::test]
async fn staff_mark_an_item_as_a_request_for_help_later_and_intake_gets_it_and_a_published_idea_leaves_the_public_pages() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let intake = team_id(&app, "boligsosial-avdeling").await;
        let caretakers = team_id(&app, "miljovaktmester").await;
        let tracking = app.submit_concern("stoy-uro", "jeloy", "Vi blir kastet ut av leiligheten i januar.", Some("kari@example.no")).await;
        let id = app.item_behind(&tracking).await;
        let sander = app.staff(Role::Caseworker, "Sander", &["miljovaktmester"]).await;
        let sander = app.sign_in(&sander).await;
        let page = sander.page(&format!("/ansatt/sak/{id}"), 200).await;
        assert!(page.contains(&format!(r#"action="/ansatt/sak/{id}/hjelp""#)) && page.contains("Merk som forespørsel om hjelp"), "{backend:?}");
        let before = app.store.outbox_counts().await.unwrap();

        let marked = sander.post(&format!("/ansatt/sak/{id}/hjelp"), &[]).await;
        assert_eq!(marked.status(), 303, "{backend:?}");
        assert_eq!(marked.headers()["location"], format!("/ansatt/sak/{id}?ok=hjelp"), "{backend:?}");
        let item = app.store.item(id).await.unwrap().unwrap();
        assert!(item.requests_help, "{backend:?}");
        let mut owners = item.owner_ids();
        owners.sort();
        let mut expected = vec![intake, caretakers];
        expected.sort();
        assert_eq!(owners, expected, "{backend:?}: intake added, the caretakers keep it");
        let after = app.store.outbox_counts().await.unwrap();
        assert_eq!(after.0 + after.1 + after.2, before.0 + before.1 + before.2 + 1, "{backend:?}: the resident is told there is an update");
        assert!(app.rows_as_text("audit_log").await.iter().any(|row| row.contains("mark_help_request")), "{backend:?}: audited");
        let resident = text_of(&app.get(&tracking).await.text().await.unwrap());
        assert!(resident.contains("Du har bedt om hjelp med boligen din") && resident.contains("Vi tar kontakt med deg."), "{backend:?}: {resident}");
        let page = text_of(&sander.page(&format!("/ansatt/sak/{id}?ok=hjelp"), 200).await);
        assert!(page.contains("Merket som forespørsel om hjelp.") && page.contains("Forespørsel om hjelp (§ 6)"), "{backend:?}");
        assert!(!page.contains("Merk som forespørsel om hjelp"), "{backend:?}: the button is gone");
        // Twice: a clear error, nothing more changes.
        let again = sander.post(&format!("/ansatt/sak/{id}/hjelp"), &[]).await;
        assert_eq!(again.status(), 422, "{backend:?}");
        assert!(text_of(&again.text().await.unwrap()).contains("Saken er allerede en forespørsel om hjelp."), "{backend:?}");
        let now = app.store.outbox_counts().await.unwrap();
        assert_eq!(now.0 + now.1 + now.2, after.0 + after.1 + after.2, "{backend:?}: no second mail");

        // A published idea, marked: it leaves the public pages at once.
        let sent = send_idea(&app, "no", &[("contact", "anonymous")]).await;
        let idea = app.item_behind(sent.headers()["location"].to_str().unwrap()).await;
        let mona = app.staff(Role::Moderator, "Mona", &["samfunnsutvikling"]).await;
        let mona = app.sign_in(&mona).await;
        let approved = mona
            .post(
                &format!("/ansatt/moderering/ide/{idea}"),
                &[("decision", "approve"), ("public_title", "Leiligheten"), ("public_body", "Husleia er for høy.")],
            )
            .await;
        assert_eq!(approved.status(), 303, "{backend:?}");
        assert_eq!(app.get(&format!("/ideer/{idea}")).await.status(), 200, "{backend:?}");
        assert_eq!(mona.post(&format!("/ansatt/sak/{idea}/hjelp"), &[]).await.status(), 303, "{backend:?}");
        assert_eq!(app.get(&format!("/ideer/{idea}")).await.status(), 404, "{backend:?}: no longer public");
        assert!(!app.get("/ideer").await.text().await.unwrap().contains("Leiligheten"), "{backend:?}");
    }
}

#[tokio::test]
async fn without_an_active_intake_team_marking_says_so_and_changes_nothing() {
    let app = TestApp::spawn_with(backends().remove(0), &[("INNSPILL_HELP__INTAKE_TEAM", "finnes-ikke")]).await.with_demo_data().await;
    let tracking = app.submit_concern("stoy-uro", "jeloy", "Vi mister boligen.", None).await;
    let id = app.item_behind(&tracking).await;
    let sander = app.staff(Role::Caseworker, "Sander", &["miljovaktmester"]).await;
    let sander = app.sign_in(&sander).await;
    let refused = sander.post(&format!("/ansatt/sak/{id}/hjelp"), &[]).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains(r##"href="#field-help""##) && text_of(&page).contains("help.intake_team"), "{}", text_of(&page));
    assert!(!app.store.item(id).await.unwrap().unwrap().requests_help);
}

#[tokio::test]
async fn a_held_post_is_released_from_triage_before_it_can_be_marked_as_a_request_for_help() {
    let app = TestApp::spawn_on(backends().remove(0)).await.with_demo_data().await;
    let key = app.form_key().await;
    let held = app
        .post_form("/ide", &[("title", "Billige klokker"), ("description", "Kjøp nå"), ("submitter", "other"), ("homepage", "x"), ("idempotency_key", &key)])
        .await;
    assert_eq!(held.status(), 303);
    let id = app.item_behind(held.headers()["location"].to_str().unwrap()).await;
    assert!(app.store.item(id).await.unwrap().unwrap().held.is_some(), "the trap field holds it");
    let mona = app.staff(Role::Moderator, "Mona", &["boligsosial-avdeling"]).await;
    let mona = app.sign_in(&mona).await;
    assert!(!mona.page(&format!("/ansatt/sak/{id}"), 200).await.contains(&format!("/ansatt/sak/{id}/hjelp")), "no button while held");
    let refused = mona.post(&format!("/ansatt/sak/{id}/hjelp"), &[]).await;
    assert_eq!(refused.status(), 422);
    assert!(text_of(&refused.text().await.unwrap()).contains("Saken er holdt tilbake."));
    assert!(!app.store.item(id).await.unwrap().unwrap().requests_help);
}
