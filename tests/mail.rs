//! Receipt e-mails through the outbox, against a real SMTP server process.

use crate::support::{backends, Backend, SmtpServer, TestApp};

async fn send_idea_with_email(app: &TestApp, email: &str) -> String {
    let html = app.get("/ide").await.text().await.unwrap();
    let key = crate::support::form_key(&html);
    let response = app
        .post_form(
            "/ide",
            &[
                ("title", "Benker i bakgården"),
                ("description", "HEMMELIG-HISTORIE: ingen skal lese dette i e-post"),
                ("submitter", "tenant"),
                ("contact", "contact"),
                ("email", email),
                ("consent", "yes"),
                ("idempotency_key", &key),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    response.headers()["location"].to_str().unwrap().trim_end_matches("?ny=1").to_string()
}

fn smtp_settings(port: u16) -> Vec<(&'static str, String)> {
    vec![
        ("INNSPILL_SMTP__HOST", "127.0.0.1".into()),
        ("INNSPILL_SMTP__PORT", port.to_string()),
        ("INNSPILL_SMTP__TLS", "none".into()),
        ("INNSPILL_MAIL__RETRY_BASE_SECS", "1".into()),
    ]
}

async fn spawn(backend: Backend, settings: &[(&'static str, String)]) -> TestApp {
    let pairs: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    TestApp::spawn_with(backend, &pairs).await.with_demo_data().await
}

#[tokio::test]
async fn the_receipt_mail_arrives_with_the_reference_and_link_but_not_the_story() {
    for backend in backends() {
        let Some(smtp) = SmtpServer::start(None).await else { return };
        let app = spawn(backend.clone(), &smtp_settings(smtp.port)).await;
        let path = send_idea_with_email(&app, "kari@eksempel.no").await;
        let messages = smtp.wait_for(1).await;
        assert_eq!(messages.len(), 1, "{backend:?}");
        let mail = &messages[0];
        assert!(mail.contains("To: kari@eksempel.no"), "{mail}");
        assert!(mail.contains("Subject: =?utf-8?") || mail.contains("Subject: Vi har"), "{mail}");
        assert!(mail.contains(&path), "the private link is in the mail");
        assert!(mail.contains("text/plain") && mail.contains("text/html"), "plain text and HTML");
        assert!(!mail.contains("HEMMELIG-HISTORIE"), "no story text in e-mail");
        // The server has the mail; the worker marks it sent just after.
        app.wait_for_outbox((0, 1, 0)).await;
    }
}

#[tokio::test]
async fn the_outbox_keeps_what_to_send_and_never_the_private_link() {
    for backend in backends() {
        let Some(smtp) = SmtpServer::start(None).await else { return };
        let app = spawn(backend.clone(), &smtp_settings(smtp.port)).await;
        let path = send_idea_with_email(&app, "kari@eksempel.no").await;
        let token = path.trim_start_matches("/sak/");
        assert!(token.len() >= 43, "{path}");
        // The worker writes the link into the mail when it sends it...
        let messages = smtp.wait_for(1).await;
        assert!(messages[0].contains(&path), "{backend:?}: the mail has the link");
        // ...and the table only ever held the intent.
        let rows = app.rows_as_text("outbox").await;
        assert_eq!(rows.len(), 1, "{backend:?}: {rows:?}");
        assert!(rows[0].contains("receipt") && rows[0].contains("kari@eksempel.no") && rows[0].contains("nb"), "{rows:?}");
        assert!(!rows[0].contains(token), "{backend:?}: the private link is in the outbox: {}", rows[0]);
        assert!(!rows[0].contains("/sak/"), "{backend:?}: no link of any kind: {}", rows[0]);
    }
}

#[tokio::test]
async fn smtp_down_never_fails_a_submission_and_the_mail_is_sent_once_when_it_returns() {
    let port = crate::support::free_port();
    // Nothing listens on the port yet.
    let app = spawn(Backend::Sqlite, &smtp_settings(port)).await;
    let started = std::time::Instant::now();
    send_idea_with_email(&app, "ola@eksempel.no").await;
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "the submission did not wait for SMTP");
    assert_eq!(app.store.count_submissions().await.unwrap(), 1);
    app.wait_for_failed_attempt().await;
    let (pending, sent, _) = app.store.outbox_counts().await.unwrap();
    assert_eq!((pending, sent), (1, 0), "kept for a retry");

    let Some(smtp) = SmtpServer::start(Some(port)).await else { return };
    let messages = smtp.wait_for(1).await;
    assert_eq!(messages.len(), 1);
    // Once marked sent, the mail is never claimed again.
    app.wait_for_outbox((0, 1, 0)).await;
    assert_eq!(smtp.messages().len(), 1, "sent exactly once");
}

#[tokio::test]
async fn without_smtp_mail_is_written_as_files() {
    let app = TestApp::spawn().await.with_demo_data().await;
    send_idea_with_email(&app, "kari@eksempel.no").await;
    app.wait_for_outbox((0, 1, 0)).await;
}

#[tokio::test]
async fn anonymous_input_queues_no_mail() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        let html = app.get("/ide").await.text().await.unwrap();
        let key = crate::support::form_key(&html);
        app.post_form("/ide", &[("title", "T"), ("description", "D"), ("submitter", "other"), ("idempotency_key", &key)]).await;
        assert_eq!(app.store.outbox_counts().await.unwrap(), (0, 0, 0));
    }
}

#[tokio::test]
async fn a_public_reply_sends_an_update_mail_with_the_link_but_not_the_reply() {
    let Some(smtp) = SmtpServer::start(None).await else { return };
    let app = spawn(Backend::Sqlite, &smtp_settings(smtp.port)).await;
    let path = app.submit_concern("stoy-uro", "jeloy", "Bråk hver natt.", Some("kari@eksempel.no")).await;
    assert_eq!(smtp.wait_for(1).await.len(), 1, "the receipt");
    let page = app.get(&path).await.text().await.unwrap();
    let at = page.find("MOSS-").unwrap();
    let reference = page[at..at + 15].to_string();
    let id = app.item_id(&reference).await;
    let eva = app.staff(domain::Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
    let eva = app.sign_in(&eva).await;
    let replied = eva.post(&format!("/ansatt/sak/{id}/svar"), &[("reply", "SVARTEKST: vi har snakket med naboen")]).await;
    assert_eq!(replied.status(), 303);
    // An internal note is never mailed.
    eva.post(&format!("/ansatt/sak/{id}/notat"), &[("note", "Intern")]).await;
    let messages = smtp.wait_for(2).await;
    assert_eq!(messages.len(), 2);
    let updates: Vec<&String> = messages.iter().filter(|m| m.contains("noe nytt i saken din")).collect();
    assert_eq!(updates.len(), 1, "one update mail: {messages:?}");
    let update = updates[0];
    assert!(update.contains(&path), "the same private link");
    assert!(update.contains(&reference));
    assert!(!update.contains("SVARTEKST"), "the reply itself stays on the tracking page");
    // Receipt and update sent, and nothing queued for the internal note.
    app.wait_for_outbox((0, 2, 0)).await;
    assert_eq!(smtp.messages().len(), 2, "nothing for the internal note");
}

#[tokio::test]
async fn administrators_see_a_dead_mail_with_its_reason_and_send_it_again_once() {
    for backend in backends() {
        let port = crate::support::free_port();
        // Nothing listens on the SMTP port, and the next retry is an hour away.
        let mut settings = smtp_settings(port);
        settings.retain(|(k, _)| *k != "INNSPILL_MAIL__RETRY_BASE_SECS");
        settings.push(("INNSPILL_MAIL__RETRY_BASE_SECS", "3600".into()));
        let app = spawn(backend.clone(), &settings).await;
        let tracking = send_idea_with_email(&app, "kari@eksempel.no").await;
        app.wait_for_failed_attempt().await;
        // Its time runs out (as the worker marks it after three days).
        let later = chrono::Utc::now() + chrono::Duration::hours(2);
        let mail = app.store.claim_mails(later, later, 1).await.unwrap().pop().expect("the retry is due by then");
        app.store.mail_failed(mail.id, "connection refused", None).await.unwrap();
        assert_eq!(app.store.outbox_counts().await.unwrap(), (0, 0, 1), "{backend:?}");

        let admin = app.staff(domain::Role::Administrator, "Ada Admin", &[]).await;
        let admin = app.sign_in(&admin).await;
        let caseworker = app.staff(domain::Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
        let caseworker = app.sign_in(&caseworker).await;
        assert_eq!(caseworker.get("/ansatt/admin/epost").await.status(), 403, "{backend:?}");
        assert_eq!(caseworker.post(&format!("/ansatt/admin/epost/{}/send", mail.id), &[]).await.status(), 403, "{backend:?}");
        let page = crate::support::text_of(&admin.page("/ansatt/admin/epost", 200).await);
        let reference = app.store.item(app.item_behind(&tracking).await).await.unwrap().unwrap().reference;
        assert!(page.contains(&format!("Kvittering for {reference}")) && page.contains("connection refused"), "{backend:?}: {page}");
        assert!(page.contains("Ga opp 1"), "{backend:?}: the count");
        assert!(!page.contains("kari@eksempel.no"), "{backend:?}: never the address");

        // The mail server is back; the administrator sends it again (twice: a double click).
        let Some(smtp) = SmtpServer::start(Some(port)).await else { return };
        for _ in 0..2 {
            let resent = admin.post(&format!("/ansatt/admin/epost/{}/send", mail.id), &[]).await;
            assert_eq!(resent.status(), 303, "{backend:?}");
            assert_eq!(resent.headers()["location"], "/ansatt/admin/epost?ok=1");
        }
        assert_eq!(smtp.wait_for(1).await.len(), 1, "{backend:?}");
        app.wait_for_outbox((0, 1, 0)).await;
        assert_eq!(smtp.messages().len(), 1, "{backend:?}: sent once");
        let audit = app.rows_as_text("audit_log").await;
        assert_eq!(audit.iter().filter(|row| row.contains("resend_mail")).count(), 1, "{backend:?}: audited once");
    }
}
