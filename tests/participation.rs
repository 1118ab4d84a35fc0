//! Public participation over HTTP: moderation with masking, the public
//! ideas, supports, pre-moderated comments, flags, and "you said, we did".

use crate::support::{backends, set_cookie, text_of, Backend, TestApp};
use domain::Role;

/// Sends an idea (with an e-mail for updates) and returns its tracking path.
async fn send_idea(app: &TestApp, title: &str, description: &str) -> String {
    let key = app.form_key().await;
    let response = app
        .post_form(
            "/ide",
            &[
                ("title", title),
                ("description", description),
                ("area", "jeloy"),
                ("theme", "ideer-nabolag"),
                ("submitter", "tenant"),
                ("contact", "contact"),
                ("email", "kari@eksempel.no"),
                ("consent", "yes"),
                ("idempotency_key", key.as_str()),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    response.headers()["location"].to_str().unwrap().trim_end_matches("?ny=1").to_string()
}

async fn id_of(app: &TestApp, tracking: &str) -> i64 {
    let page = app.get(tracking).await.text().await.unwrap();
    let at = page.find("MOSS-").unwrap();
    app.item_id(&page[at..at + 15]).await
}

#[tokio::test]
async fn an_idea_is_masked_approved_supported_commented_and_flagged_back_to_the_queue() {
    for backend in backends() {
        // Behind a proxy (this test's client), so reports can come from several residents.
        let app = TestApp::spawn_with(backend, &[("INNSPILL_TRUSTED_PROXIES", "127.0.0.1")]).await.with_demo_data().await;
        let tracking = send_idea(&app, "Benker i bakgården", "Kari Nordmann (tlf 912 34 567) ønsker benker ved lekeplassen.").await;
        let id = id_of(&app, &tracking).await;
        // Nothing is public before moderation.
        assert!(app.get("/ideer").await.text().await.unwrap().contains("Ingen ideer"));
        assert_eq!(app.get(&format!("/ideer/{id}")).await.status(), 404);
        let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
        let mona = app.sign_in(&mona).await;
        assert!(mona.page("/ansatt/moderering", 200).await.contains(&format!("/ansatt/moderering/ide/{id}\"")));
        let page = mona.page(&format!("/ansatt/moderering/ide/{id}"), 200).await;
        assert!(page.contains(r#"class="personal-data">912 34 567"#), "the phone number is highlighted: {page}");
        assert!(page.contains("[telefon]") && !page.contains("[navn]"), "the first proposal masks what the scanner found");
        // The moderator marks the name; the proposal is made again.
        let masked = mona.post(&format!("/ansatt/moderering/ide/{id}/masker"), &[("names", "Kari Nordmann")]).await.text().await.unwrap();
        assert!(masked.contains("[navn] (tlf [telefon]) ønsker benker ved lekeplassen."), "{masked}");
        // Publishing text that still has a phone number is refused.
        let refused = mona
            .post(&format!("/ansatt/moderering/ide/{id}"), &[("decision", "approve"), ("public_title", "Benker"), ("public_body", "Ring 912 34 567")])
            .await;
        assert_eq!(refused.status(), 422);
        let approved = mona
            .post(
                &format!("/ansatt/moderering/ide/{id}"),
                &[("decision", "approve"), ("public_title", "Benker i bakgården"), ("public_body", "[navn] ønsker benker ved lekeplassen.")],
            )
            .await;
        assert_eq!(approved.status(), 303);
        // Public: only the approved text; the resident sees the decision.
        let list = app.get("/ideer").await.text().await.unwrap();
        assert!(
            list.contains("Benker i bakgården") && !list.contains("Nordmann") && !list.contains("912 34") && !list.contains("34 567"),
            "no part of the phone number is public (not just 912: an asset hash in the page may hold that)"
        );
        assert!(list.contains(">1 idé</p>"), "one idea is counted in the singular");
        let public = app.get(&format!("/ideer/{id}")).await.text().await.unwrap();
        assert!(public.contains("[navn] ønsker benker ved lekeplassen.") && !public.contains("Nordmann"));
        assert!(text_of(&app.get(&tracking).await.text().await.unwrap()).contains("Ideen er publisert"));
        assert_eq!(app.store.outbox_counts().await.map(|(p, s, d)| p + s + d).unwrap(), 2, "receipt and the decision mail");
        // Support: once per person (signed cookie), counted and shown.
        let first = app.post_form(&format!("/ideer/{id}/stott"), &[]).await;
        assert_eq!(first.headers()["location"], format!("/ideer/{id}?ok=stottet"));
        let cookie = set_cookie(&first, "innspill_supporter=").expect("supporter cookie");
        assert!(cookie.starts_with("innspill_supporter="));
        let again = app.post_form_with(&format!("/ideer/{id}/stott"), &[], &[("sec-fetch-site", "same-origin"), ("cookie", &cookie)]).await;
        assert_eq!(again.status(), 303, "{:?}", again.headers());
        assert_eq!(again.headers()["location"], format!("/ideer/{id}?ok=allerede"));
        let forged = format!("{}x", cookie);
        let other = app.post_form_with(&format!("/ideer/{id}/stott"), &[], &[("sec-fetch-site", "same-origin"), ("cookie", &forged)]).await;
        assert!(set_cookie(&other, "innspill_supporter=").is_some(), "a forged cookie is replaced by a real one");
        assert!(app.get(&format!("/ideer/{id}")).await.text().await.unwrap().contains("Støttet av 2"));
        // A comment waits for moderation; errors keep the text.
        let page = app.get(&format!("/ideer/{id}")).await.text().await.unwrap();
        let key = crate::support::form_key(&page);
        let empty = app.post_form(&format!("/ideer/{id}/kommentar"), &[("comment", " "), ("idempotency_key", &key)]).await;
        assert_eq!(empty.status(), 422);
        let sent = app.post_form(&format!("/ideer/{id}/kommentar"), &[("comment", "Enig! Ring meg på 98765432."), ("idempotency_key", &key)]).await;
        assert_eq!(sent.status(), 303);
        assert!(!app.get(&format!("/ideer/{id}")).await.text().await.unwrap().contains("Enig!"), "not before moderation");
        let queue = mona.page("/ansatt/moderering", 200).await;
        let at = queue.find("/ansatt/moderering/kommentar/").expect("the comment is queued");
        let comment_path = queue[at..].split('"').next().unwrap().to_string();
        let comment_page = mona.page(&comment_path, 200).await;
        assert!(comment_page.contains("Enig! Ring meg på [telefon]."));
        mona.post(&comment_path, &[("decision", "approve"), ("public_body", "Enig! Ring meg på [telefon].")]).await;
        let public = app.get(&format!("/ideer/{id}")).await.text().await.unwrap();
        assert!(public.contains("Enig! Ring meg på [telefon].") && !public.contains("98765432"));
        // Flags: the idea goes back to the queue, and is hidden when three
        // residents have reported it — one resident reporting again and
        // again (a new cookie each time) does not hide it.
        let report = |client: &'static str| {
            let app = &app;
            async move {
                let headers = [("sec-fetch-site", "same-origin"), ("x-forwarded-for", client)];
                let flagged = app.post_form_with(&format!("/ideer/{id}/flagg"), &[("target", "idea"), ("reason-idea", "offensive")], &headers).await;
                assert_eq!(flagged.status(), 303);
            }
        };
        for _ in 0..3 {
            report("203.0.113.1").await;
        }
        assert_eq!(app.get(&format!("/ideer/{id}")).await.status(), 200, "one resident cannot hide an idea");
        assert!(mona.page("/ansatt/moderering", 200).await.contains("Meldinger: 3"), "but every report reaches the queue");
        report("203.0.113.2").await;
        report("203.0.113.3").await;
        assert_eq!(app.get(&format!("/ideer/{id}")).await.status(), 404, "hidden until reviewed");
        let queue = mona.page("/ansatt/moderering", 200).await;
        assert!(queue.contains("Meldinger: 5"));
        let reports = app.rows_as_text("content_flag").await;
        assert_eq!(reports.len(), 5);
        assert!(reports.iter().all(|r| !r.contains("203.0.113")), "reports keep no address: {reports:?}");
        mona.post(
            &format!("/ansatt/moderering/ide/{id}"),
            &[("decision", "approve"), ("public_title", "Benker i bakgården"), ("public_body", "Benker ved lekeplassen.")],
        )
        .await;
        assert_eq!(app.get(&format!("/ideer/{id}")).await.status(), 200, "back after review");
        assert!(!mona.page("/ansatt/moderering", 200).await.contains(&format!("/ansatt/moderering/ide/{id}\"")));
        // A flag without a reason is refused.
        assert_eq!(app.post_form(&format!("/ideer/{id}/flagg"), &[("target", "idea")]).await.status(), 400);
        // The official answer shows on the public page.
        mona.post(&format!("/ansatt/moderering/ide/{id}/svar"), &[("answer", "Vi setter opp to benker i vår.")]).await;
        assert!(app.get(&format!("/ideer/{id}")).await.text().await.unwrap().contains("Vi setter opp to benker i vår."));
    }
}

#[tokio::test]
async fn a_rejected_idea_tells_the_resident_why_and_stays_private() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let tracking = send_idea(&app, "Naboen", "Naboen min er slem.").await;
    let id = id_of(&app, &tracking).await;
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
    let mona = app.sign_in(&mona).await;
    let no_reason = mona.post(&format!("/ansatt/moderering/ide/{id}"), &[("decision", "reject")]).await;
    assert_eq!(no_reason.status(), 422);
    let rejected = mona
        .post(
            &format!("/ansatt/moderering/ide/{id}"),
            &[("decision", "reject"), ("reason", "not_an_idea"), ("note", "Vi har sendt saken til miljøvaktmesteren.")],
        )
        .await;
    assert_eq!(rejected.status(), 303);
    let page = text_of(&app.get(&tracking).await.text().await.unwrap());
    assert!(page.contains("Ikke publisert: Det er en sak for saksbehandling, ikke en idé"), "{page}");
    assert!(page.contains("Vi har sendt saken til miljøvaktmesteren."));
    assert_eq!(app.get(&format!("/ideer/{id}")).await.status(), 404);
    // Concerns and journeys never reach moderation or the public side.
    app.submit_concern("stoy-uro", "jeloy", "Bråk.", None).await;
    assert!(!mona.page("/ansatt/moderering", 200).await.contains("Bråk."));
}

#[tokio::test]
async fn supports_are_limited_per_address() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let tracking = send_idea(&app, "Benker", "Flere benker.").await;
    let id = id_of(&app, &tracking).await;
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
    let mona = app.sign_in(&mona).await;
    mona.post(&format!("/ansatt/moderering/ide/{id}"), &[("decision", "approve"), ("public_title", "Benker"), ("public_body", "Flere benker.")]).await;
    for n in 0..30 {
        // A new visitor each time (no cookie), all from the same address.
        let response = app.post_form(&format!("/ideer/{id}/stott"), &[]).await;
        assert_eq!(response.status(), 303, "support {n}");
    }
    let over = app.post_form(&format!("/ideer/{id}/stott"), &[]).await;
    assert_eq!(over.status(), 429);
    assert_eq!(over.headers()["retry-after"], "3600");
    assert!(crate::support::text_of(&over.text().await.unwrap()).contains("Benker"), "the idea page, with the notice");
    // Refused in the process, before the database counted it again.
    let counters = app.rows_as_text("rate_limit").await;
    assert!(counters.iter().any(|row| row.starts_with("limit_key=support:") && row.contains("hits=30")), "{counters:?}");
    assert!(app.get(&format!("/ideer/{id}")).await.text().await.unwrap().contains("Støttet av 30"));
}

#[tokio::test]
async fn closing_with_a_summary_publishes_you_said_we_did() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        let path = app.submit_concern("stoy-uro", "jeloy", "Bråk hver natt fra nr. 4.", None).await;
        let id = id_of(&app, &path).await;
        let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
        let eva = app.sign_in(&eva).await;
        let with_phone = eva.post(&format!("/ansatt/sak/{id}/lukk"), &[("outcome", "resolved"), ("summary", "Ring 912 34 567")]).await;
        assert_eq!(with_phone.status(), 422, "no personal data in a public summary");
        let closed =
            eva.post(&format!("/ansatt/sak/{id}/lukk"), &[("outcome", "resolved"), ("summary", "Vi innførte faste vaktrunder på kveldstid på Jeløy.")]).await;
        assert_eq!(closed.status(), 303);
        let page = text_of(&app.get("/vi-gjorde").await.text().await.unwrap());
        assert!(page.contains("Vi innførte faste vaktrunder på kveldstid på Jeløy."), "{page}");
        assert!(!page.contains("nr. 4"), "never the resident's text");
        let other_area = text_of(&app.get("/vi-gjorde?omrade=verket").await.text().await.unwrap());
        assert!(!other_area.contains("vaktrunder"));
    }
}

#[tokio::test]
async fn staff_and_public_forms_refuse_too_long_text_and_keep_script_escaped() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let path = app.submit_concern("stoy-uro", "jeloy", "Bråk.", None).await;
    let id = id_of(&app, &path).await;
    let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
    let eva = app.sign_in(&eva).await;
    let long = "å".repeat(4001);
    for (action, field) in [("svar", "reply"), ("notat", "note")] {
        let response = eva.post(&format!("/ansatt/sak/{id}/{action}"), &[(field, &long)]).await;
        assert_eq!(response.status(), 422, "{action}");
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!(r##"href="#field-{field}""##)) && html.contains("for lang"), "{action}: error linked");
        assert!(html.contains(&long), "{action}: text kept");
    }
    let script = "<script>alert(1)</script>";
    let kept = eva.post(&format!("/ansatt/sak/{id}/henvis"), &[("reason", script)]).await.text().await.unwrap();
    assert!(kept.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !kept.contains(script), "escaped, kept");
    let ada = app.staff(Role::Administrator, "Ada Admin", &[]).await;
    let ada = app.sign_in(&ada).await;
    let too_long = ada.post("/ansatt/admin/team", &[("slug", "nytt-team"), ("name_nb", &"x".repeat(121))]).await;
    assert_eq!(too_long.status(), 422);
    assert!(too_long.text().await.unwrap().contains(r##"href="#field-name_nb""##));
    assert_eq!(ada.post("/ansatt/admin/regler", &[("priority", "999999999999999999999")]).await.status(), 422);
    // Public comment: too long is refused with the text kept.
    let tracking = send_idea(&app, "Benker", "Flere benker.").await;
    let idea = id_of(&app, &tracking).await;
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
    let mona = app.sign_in(&mona).await;
    mona.post(&format!("/ansatt/moderering/ide/{idea}"), &[("decision", "approve"), ("public_title", "Benker"), ("public_body", "Flere benker.")]).await;
    let key = app.form_key().await;
    let comment = app.post_form(&format!("/ideer/{idea}/kommentar"), &[("comment", &"ø".repeat(2001)), ("idempotency_key", key.as_str())]).await;
    assert_eq!(comment.status(), 422);
    assert!(comment.text().await.unwrap().contains(&"ø".repeat(2001)));
}

#[tokio::test]
async fn the_ideas_list_answers_odd_filters_and_pages_plainly() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let tracking = send_idea(&app, "Benker", "Benker ved lekeplassen.").await;
    let id = id_of(&app, &tracking).await;
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
    let mona = app.sign_in(&mona).await;
    let approved = mona
        .post(&format!("/ansatt/moderering/ide/{id}"), &[("decision", "approve"), ("public_title", "Benker"), ("public_body", "Benker ved lekeplassen.")])
        .await;
    assert_eq!(approved.status(), 303);
    // Values no form sends: the list falls back to all ideas, first page, newest first.
    let long = "x".repeat(4000);
    for query in [
        "side=abc".to_string(),
        "side=-1".into(),
        "side=99999999999999999999".into(),
        "tema=finnes-ikke".into(),
        "omrade=%3Cscript%3Ealert(1)%3C%2Fscript%3E".into(),
        "sorter=hva".into(),
        "tema=%FF%FE".into(),
        format!("tema={long}"),
        "ukjent=1".into(),
    ] {
        let response = app.get(&format!("/ideer?{query}")).await;
        assert_eq!(response.status(), 200, "{query:.40}");
        let page = response.text().await.unwrap();
        assert!(page.contains(">Benker</a>"), "{query:.40}: all ideas, first page");
        assert!(!page.contains("<script>alert"), "{query:.40}: nothing echoed unescaped");
    }
    // A query string that cannot be read gets the styled page in the person's language.
    let repeated = app.get("/ideer?side=1&side=2").await;
    assert_eq!(repeated.status(), 400);
    assert!(repeated.text().await.unwrap().contains("Vi forstod ikke forespørselen"));
    // A theme without public ideas says so; past the last page, the count still shows.
    assert!(app.get("/ideer?tema=stoy-uro").await.text().await.unwrap().contains("Ingen ideer"));
    let past = app.get("/ideer?side=5").await.text().await.unwrap();
    assert!(!past.contains(">Benker</a>") && past.contains(">1 idé</p>"), "{past}");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_hourly_limit() {
    for (trusted, limited_together) in [("127.0.0.1", false), ("", true)] {
        let app = TestApp::spawn_with(Backend::Sqlite, &[("INNSPILL_TRUSTED_PROXIES", trusted)]).await.with_demo_data().await;
        let tracking = send_idea(&app, "Benker", "Flere benker.").await;
        let id = id_of(&app, &tracking).await;
        let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
        let mona = app.sign_in(&mona).await;
        mona.post(&format!("/ansatt/moderering/ide/{id}"), &[("decision", "approve"), ("public_title", "Benker"), ("public_body", "Flere benker.")]).await;
        let support = |client: String| {
            let app = &app;
            async move {
                let headers = [("sec-fetch-site", "same-origin"), ("x-forwarded-for", client.as_str())];
                let response = app.post_form_with(&format!("/ideer/{id}/stott"), &[], &headers).await;
                match response.status().as_u16() {
                    303 => response.headers()["location"].to_str().unwrap().to_string(),
                    429 => format!("/ideer/{id}?ok=grense"),
                    other => panic!("support answered {other}"),
                }
            }
        };
        // 30 supports, each from a new visitor: without a trusted proxy they
        // all come from one address whatever the header claims.
        for n in 0..30 {
            let client = if limited_together { format!("203.0.113.{n}") } else { "203.0.113.7".to_string() };
            assert_eq!(support(client).await, format!("/ideer/{id}?ok=stottet"), "trusted {trusted:?}: support {n}");
        }
        let over = if limited_together { "203.0.113.200".to_string() } else { "203.0.113.7".to_string() };
        assert_eq!(support(over).await, format!("/ideer/{id}?ok=grense"), "trusted {trusted:?}: over the limit");
        let neighbour = support("203.0.113.8".to_string()).await;
        let expected = if limited_together { "grense" } else { "stottet" };
        assert_eq!(neighbour, format!("/ideer/{id}?ok={expected}"), "trusted {trusted:?}: a neighbour behind the same proxy");
        for row in app.rows_as_text("rate_limit").await {
            assert!(!row.contains("203.0.113") && !row.contains("127.0.0.1"), "an address is stored: {row}");
        }
    }
}
