//! Abuse control on the resident forms: limits per sender and per receipt
//! address, posts held for a moderator (the hidden field, the time trap, a
//! flood), form keys that only the server can issue and that the database
//! keeps only as keyed hashes, keys that can be set or rotated later, and
//! the form kept when the database is down.

use crate::support::{backends, form_key, text_of, Backend, TestApp};
use domain::submission::HeldReason;
use domain::Role;

/// An idea form as a browser posts it.
fn idea<'a>(key: &'a str, title: &'a str, email: Option<&'a str>) -> Vec<(&'static str, &'a str)> {
    let mut form = vec![
        ("title", title),
        ("description", "Vi trenger benker der eldre kan hvile."),
        ("area", "jeloy"),
        ("theme", "ideer-nabolag"),
        ("submitter", "tenant"),
        ("idempotency_key", key),
        ("homepage", ""),
    ];
    match email {
        Some(email) => form.extend([("contact", "contact"), ("email", email), ("consent", "yes")]),
        None => form.push(("contact", "anonymous")),
    }
    form
}

/// Posts `form` to `path` from `client`, behind the trusted proxy on loopback.
async fn post_from(app: &TestApp, path: &str, client: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.post_form_with(path, form, &[("sec-fetch-site", "same-origin"), ("x-forwarded-for", client)]).await
}

/// Posts `form` to `path` on the instance at `base`.
async fn post_at(app: &TestApp, base: &str, path: &str, form: &[(&str, &str)], client: Option<&str>) -> reqwest::Response {
    let mut request = app.http.post(format!("{base}{path}")).form(form).header("sec-fetch-site", "same-origin");
    if let Some(client) = client {
        request = request.header("x-forwarded-for", client);
    }
    request.send().await.expect("POST")
}

/// The id of the item a tracking redirect leads to.
async fn item_of(app: &TestApp, response: reqwest::Response) -> i64 {
    assert_eq!(response.status(), 303);
    app.item_behind(response.headers()["location"].to_str().unwrap()).await
}

#[tokio::test]
async fn one_sender_gets_its_share_of_items_then_429_with_the_text_kept() {
    for backend in backends() {
        let settings = [("INNSPILL_LIMITS__SUBMISSIONS_PER_HOUR", "3"), ("INNSPILL_TRUSTED_PROXIES", "127.0.0.1")];
        let app = TestApp::spawn_with(backend.clone(), &settings).await.with_demo_data().await;
        for n in 0..3 {
            let key = app.form_key().await;
            let sent = post_from(&app, "/ide", "203.0.113.7", &idea(&key, &format!("Idé {n}"), None)).await;
            assert_eq!(sent.status(), 303, "{backend:?}: item {n}");
        }
        let key = app.form_key().await;
        let refused = post_from(&app, "/ide", "203.0.113.7", &idea(&key, "Fjerde idé", Some("kari@eksempel.no"))).await;
        assert_eq!(refused.status(), 429, "{backend:?}");
        let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((60..=3600).contains(&wait), "{backend:?}: Retry-After {wait}");
        let html = refused.text().await.unwrap();
        assert!(text_of(&html).contains("Det er sendt mange innspill fra denne tilkoblingen"), "{backend:?}: says why");
        assert!(html.contains(r#"value="Fjerde idé""#) && html.contains(r#"value="kari@eksempel.no""#), "{backend:?}: what was typed is kept");
        // The three forms share the sender's allowance.
        let concern_key = app.form_key().await;
        let concern = [
            ("concern_kind", "noise"),
            ("ongoing", "yes"),
            ("on_behalf", "self"),
            ("description", "Bråk hver natt."),
            ("theme", "stoy-uro"),
            ("area", "jeloy"),
            ("submitter", "neighbour"),
            ("contact", "anonymous"),
            ("idempotency_key", &concern_key),
        ];
        assert_eq!(post_from(&app, "/nabobekymring", "203.0.113.7", &concern).await.status(), 429, "{backend:?}");
        // Another sender is not affected.
        let key = app.form_key().await;
        assert_eq!(post_from(&app, "/ide", "203.0.113.8", &idea(&key, "Annen avsender", None)).await.status(), 303, "{backend:?}");
        assert_eq!(app.store.count_submissions().await.unwrap(), 4, "{backend:?}: nothing stored for the refused posts");

        // Two instances on one PostgreSQL database agree on the count.
        if matches!(backend, Backend::Postgres(_)) {
            let second = app.second_instance(&settings).await;
            for n in 0..2 {
                let key = app.form_key().await;
                assert_eq!(post_from(&app, "/ide", "203.0.113.9", &idea(&key, &format!("Første instans {n}"), None)).await.status(), 303);
            }
            let key = app.form_key().await;
            let third = post_at(&app, &second, "/ide", &idea(&key, "Andre instans", None), Some("203.0.113.9")).await;
            assert_eq!(third.status(), 303, "the third of the hour");
            let key = app.form_key().await;
            let fourth = post_at(&app, &second, "/ide", &idea(&key, "For mange", None), Some("203.0.113.9")).await;
            assert_eq!(fourth.status(), 429, "the fourth, on the other instance, is refused");
        }
    }
}

#[tokio::test]
async fn a_receipt_address_gets_its_receipts_for_the_day_and_then_the_page_says_none_was_sent() {
    let settings = [("INNSPILL_LIMITS__RECEIPTS_PER_DAY", "2"), ("INNSPILL_TRUSTED_PROXIES", "127.0.0.1")];
    let app = TestApp::spawn_with(Backend::Sqlite, &settings).await.with_demo_data().await;
    // From three addresses, so only the receipt address is shared (case does not matter).
    let mut last = None;
    for (n, email) in ["kari@eksempel.no", "kari@eksempel.no", "KARI@Eksempel.no"].into_iter().enumerate() {
        let key = app.form_key().await;
        let sent = post_from(&app, "/ide", &format!("203.0.113.{n}"), &idea(&key, "Benker", Some(email))).await;
        assert_eq!(sent.status(), 303);
        last = Some(sent.headers()["location"].to_str().unwrap().to_string());
    }
    let last = last.unwrap();
    assert!(last.ends_with("?ny=1&kvittering=nei"), "{last}");
    let page = text_of(&app.get(&last).await.text().await.unwrap());
    assert!(page.contains("Vi sendte ingen kvittering på e-post denne gangen"), "{page}");
    assert_eq!(app.store.count_submissions().await.unwrap(), 3, "the item is stored all the same");
    app.wait_for_outbox((0, 2, 0)).await;
}

#[tokio::test]
async fn a_post_that_looks_automated_is_held_for_a_moderator_and_mails_nobody_until_released() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
        let mona = app.sign_in(&mona).await;
        let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
        let eva = app.sign_in(&eva).await;
        // A script fills in every field, the hidden one too: it sees the usual receipt.
        let key = app.form_key().await;
        let mut form = idea(&key, "Kjøp billige klokker", Some("offer@eksempel.no"));
        form.retain(|(name, _)| *name != "homepage");
        form.push(("homepage", "http://spam.example/"));
        let held = item_of(&app, app.post_form("/ide", &form).await).await;
        let item = app.store.item(held).await.unwrap().unwrap();
        assert_eq!(item.held, Some(HeldReason::Honeypot), "{backend:?}");
        assert!(item.teams.is_empty(), "{backend:?}: no team owns it");
        // A second held post, which the moderator will close as junk.
        let key = app.form_key().await;
        let mut junk = idea(&key, "Mer reklame", Some("offer@eksempel.no"));
        junk.retain(|(name, _)| *name != "homepage");
        junk.push(("homepage", "spam"));
        let junk = item_of(&app, app.post_form("/ide", &junk).await).await;
        // A person's post with an e-mail: its receipt going out shows the worker ran.
        let key = app.form_key().await;
        app.post_form("/ide", &idea(&key, "Benker ved lekeplassen", Some("kari@eksempel.no"))).await;
        app.wait_for_outbox((0, 1, 0)).await;

        let triage = mona.page("/ansatt/triage", 200).await;
        assert!(!triage.contains(&format!("/ansatt/sak/{held}\"")), "{backend:?}: not among the ordinary triage items");
        assert!(triage.contains("/ansatt/triage/holdt"), "{backend:?}: the triage queue links to the held posts");
        let queue = mona.page("/ansatt/triage/holdt", 200).await;
        assert!(queue.contains(&format!("/ansatt/sak/{held}\"")) && queue.contains(&format!("/ansatt/sak/{junk}\"")), "{backend:?}");
        assert!(text_of(&queue).contains("Holdt tilbake: et skjult felt var fylt ut"), "{backend:?}");
        assert!(!eva.page("/ansatt", 200).await.contains(&format!("/ansatt/sak/{held}\"")), "{backend:?}: no caseworker sees it");
        assert_eq!(eva.get("/ansatt/triage/holdt").await.status(), 403, "{backend:?}: moderators only");

        // Closing the junk mails nobody, although closing normally tells the resident.
        assert_eq!(mona.post(&format!("/ansatt/sak/{junk}/lukk"), &[("outcome", "outside_remit"), ("outcome_detail", "Reklame")]).await.status(), 303);
        // Released by triage: the team owns it and the receipt goes out now.
        assert_eq!(mona.post(&format!("/ansatt/sak/{held}/triage"), &[("team", "miljovaktmester")]).await.status(), 303, "{backend:?}");
        let released = app.store.item(held).await.unwrap().unwrap();
        assert_eq!(released.held, None, "{backend:?}");
        assert!(eva.page("/ansatt", 200).await.contains(&format!("/ansatt/sak/{held}\"")), "{backend:?}: the team has it");
        app.wait_for_outbox((0, 2, 0)).await;
        let outbox = app.rows_as_text("outbox").await;
        assert_eq!(outbox.iter().filter(|row| row.contains("offer@eksempel.no")).count(), 1, "{backend:?}: one receipt, on release; none on closing");
    }
}

#[tokio::test]
async fn the_time_trap_and_the_flood_gauge_hold_posts_too() {
    let app = TestApp::spawn_with(Backend::Sqlite, &[("INNSPILL_FORMS__MIN_FILL_SECS", "60")]).await.with_demo_data().await;
    let key = app.form_key().await;
    let quick = item_of(&app, app.post_form("/ide", &idea(&key, "Rask", None)).await).await;
    assert_eq!(app.store.item(quick).await.unwrap().unwrap().held, Some(HeldReason::TooFast));

    let app = TestApp::spawn_with(Backend::Sqlite, &[("INNSPILL_LIMITS__FLOOD_PER_MINUTE", "2")]).await.with_demo_data().await;
    let mut held = Vec::new();
    for n in 0..3 {
        let key = app.form_key().await;
        let id = item_of(&app, app.post_form("/ide", &idea(&key, &format!("Bølge {n}"), None)).await).await;
        held.push(app.store.item(id).await.unwrap().unwrap().held);
    }
    assert_eq!(held, [None, None, Some(HeldReason::Flood)]);
}

#[tokio::test]
async fn only_keys_the_server_issued_are_taken_and_the_stored_hash_opens_nothing() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let key = app.form_key().await;
        let sent = app.post_form("/ide", &idea(&key, "Benker", None)).await;
        assert_eq!(sent.status(), 303);
        let link = sent.headers()["location"].to_str().unwrap().to_string();
        // The same form again (a double click) leads to the same page.
        assert_eq!(app.post_form("/ide", &idea(&key, "Benker", None)).await.headers()["location"], link.as_str());
        let rows = app.rows_as_text("submission").await.join("\n");
        assert!(!rows.contains(&key), "{backend:?}: the key is not stored");
        let token = link.trim_start_matches("/sak/").trim_end_matches("?ny=1");
        assert!(!rows.contains(token), "{backend:?}: nor the tracking token");
        // What a database copy holds, posted as a form key, is refused.
        let stored =
            rows.split(['\t', ',', '"', ':', '=', '\n']).filter(|part| part.len() == 64 && part.chars().all(|c| c.is_ascii_hexdigit())).collect::<Vec<_>>();
        assert!(!stored.is_empty(), "{backend:?}: the hashes are in the row");
        let mut forged = key.clone().into_bytes();
        forged[5] = if forged[5] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(forged).unwrap();
        for fake in stored.iter().map(|s| s.to_string()).chain([forged, "aaaaaaaaaaaaaaaaaaaaaa".to_string()]) {
            let refused = app.post_form("/ide", &idea(&fake, "Benker", None)).await;
            assert_eq!(refused.status(), 422, "{backend:?}: {fake}");
            assert!(text_of(&refused.text().await.unwrap()).contains("Skjemaet var for gammelt eller ufullstendig"));
        }
        assert_eq!(app.store.count_submissions().await.unwrap(), 1, "{backend:?}");
    }
}

#[tokio::test]
async fn a_session_key_set_or_rotated_later_keeps_open_forms_and_links_working() {
    let first = "the first session key of at least thirty-two characters";
    let app = TestApp::spawn_with(Backend::Sqlite, &[]).await.with_demo_data().await;
    // A form shown before the operator sets a key, sent twice: once before, once after.
    let key = app.form_key().await;
    let before = app.post_form("/ide", &idea(&key, "Benker", None)).await.headers()["location"].to_str().unwrap().trim_end_matches("?ny=1").to_string();
    let keyed = app.second_instance(&[("INNSPILL_SESSION_KEY", first)]).await;
    let again = post_at(&app, &keyed, "/ide", &idea(&key, "Benker", None), None).await;
    assert_eq!(again.status(), 303, "the form from before the key still verifies");
    assert_eq!(again.headers()["location"].to_str().unwrap().trim_end_matches("?ny=1"), before, "and leads to the same link");
    // The key rotated, the first kept as a previous key: its forms still work.
    let page = app.http.get(format!("{keyed}/ide")).send().await.unwrap().text().await.unwrap();
    let keyed_form = form_key(&page);
    let rotated = app
        .second_instance(&[("INNSPILL_SESSION_KEY", "the second session key of also thirty-two characters"), ("INNSPILL_PREVIOUS_SESSION_KEYS", first)])
        .await;
    let sent = post_at(&app, &rotated, "/ide", &idea(&keyed_form, "Lys", None), None).await;
    assert_eq!(sent.status(), 303);
    let link = sent.headers()["location"].to_str().unwrap().trim_end_matches("?ny=1").to_string();
    assert_eq!(app.get(&link).await.status(), 200);
    assert_eq!(app.get(&before).await.status(), 200);
    // Without the previous key, a form it signed is no longer ours.
    let dropped = app.second_instance(&[("INNSPILL_SESSION_KEY", "the second session key of also thirty-two characters")]).await;
    let refused = post_at(&app, &dropped, "/ide", &idea(&keyed_form, "Lys", None), None).await;
    assert_eq!(refused.status(), 422);
}

#[tokio::test]
async fn a_form_post_while_the_database_is_down_answers_503_with_everything_typed() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let key = app.form_key().await;
        app.store.close().await;
        let response = app.post_form("/ide", &idea(&key, "Benker i bakgården", Some("kari@eksempel.no"))).await;
        assert_eq!(response.status(), 503, "{backend:?}");
        assert!(response.headers().contains_key("retry-after"), "{backend:?}");
        let html = response.text().await.unwrap();
        assert!(text_of(&html).contains("Vi fikk ikke lagret innspillet akkurat nå"), "{backend:?}");
        assert!(html.contains(r#"value="Benker i bakgården""#) && html.contains(r#"value="kari@eksempel.no""#), "{backend:?}: kept");
        assert!(html.contains(&format!(r#"value="{key}""#)), "{backend:?}: the same key, so sending again cannot make two items");
    }
}
