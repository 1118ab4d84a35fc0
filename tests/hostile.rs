//! Hostile input through every form, shown on every view: a script tag, an
//! attribute break-out, a `javascript:` link, a direction override and a
//! very long word, in ideas, concerns, journeys, comments, "you said, we
//! did" and survey answers; read back on the tracking page, the staff item,
//! the inbox, moderation, the public ideas, the summaries, the survey
//! results, the CSV export and the mails. Everything comes out escaped, and
//! a whole submission's personal data appears in no log line.

use crate::support::{form_key, TestApp};
use domain::Role;

const SCRIPT: &str = "<script>alert(1)</script>";
const BREAK_OUT: &str = "\"><svg onload=alert(1)>";
const JS_LINK: &str = "javascript:alert(1)";
const OVERRIDE: &str = "faktura\u{202e}gnp.exe";

fn long_word() -> String {
    "Aa".repeat(250)
}

fn hostile_text() -> String {
    format!("{SCRIPT} {BREAK_OUT} {JS_LINK} {OVERRIDE} {}", long_word())
}

/// What no page may contain, and what must be there instead.
fn assert_escaped(name: &str, html: &str, shows_text: bool) {
    for raw in ["<script>alert", "<svg onload", "href=\"javascript:", "\u{202e}"] {
        assert!(!html.contains(raw), "{name}: {raw:?} came through unescaped");
    }
    if shows_text {
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{name}: the text is shown, escaped");
        assert!(html.contains("fakturagnp.exe"), "{name}: the override is gone, the text kept");
    }
}

#[tokio::test]
async fn hostile_text_is_escaped_on_every_view_and_in_every_export() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let text = hostile_text();
    let title = format!("{BREAK_OUT} {SCRIPT}");
    let mona = app.staff(Role::Administrator, "Ada Admin", &[]).await;
    let mona = app.sign_in(&mona).await;

    // An idea, a concern and a journey, each with the hostile text and an e-mail.
    let key = app.form_key().await;
    let idea = app
        .post_form(
            "/ide",
            &[
                ("title", &title),
                ("description", &text),
                ("theme", "ideer-nabolag"),
                ("area", "jeloy"),
                ("submitter", "tenant"),
                ("contact", "contact"),
                ("email", "kari@eksempel.no"),
                ("consent", "yes"),
                ("idempotency_key", &key),
            ],
        )
        .await;
    assert_eq!(idea.status(), 303);
    let idea_tracking = idea.headers()["location"].to_str().unwrap().trim_end_matches("?ny=1").to_string();
    let concern_tracking = app.submit_concern("stoy-uro", "jeloy", &text, Some("ola@eksempel.no")).await;
    let journey_key = form_key(&app.get("/brukerreise").await.text().await.unwrap());
    let journey = app
        .post_form(
            "/brukerreise",
            &[
                ("goal", "get_dwelling"),
                ("step-1-team", "nav"),
                ("step-1-channel", "phone"),
                ("step-1-what", &text),
                ("step-1-feeling", "1"),
                ("result", "gave_up"),
                ("what_would_have_helped", &text),
                ("submitter", "tenant"),
                ("contact", "anonymous"),
                ("action", "send"),
                ("idempotency_key", &journey_key),
            ],
        )
        .await;
    assert_eq!(journey.status(), 303, "{}", journey.text().await.unwrap_or_default());
    let journey_tracking = journey.headers()["location"].to_str().unwrap().trim_end_matches("?ny=1").to_string();

    let (idea_id, concern_id, journey_id) =
        (app.item_behind(&idea_tracking).await, app.item_behind(&concern_tracking).await, app.item_behind(&journey_tracking).await);

    for (name, tracking) in [("idea tracking", &idea_tracking), ("concern tracking", &concern_tracking), ("journey tracking", &journey_tracking)] {
        assert_escaped(name, &app.get(tracking).await.text().await.unwrap(), true);
    }
    for (name, id) in [("idea item", idea_id), ("concern item", concern_id), ("journey item", journey_id)] {
        assert_escaped(name, &mona.page(&format!("/ansatt/sak/{id}"), 200).await, true);
    }
    assert_escaped("inbox", &mona.page("/ansatt", 200).await, true);
    assert_escaped("inbox search", &mona.page("/ansatt?q=faktura", 200).await, false);
    assert_escaped("triage", &mona.page("/ansatt/triage", 200).await, false);
    assert_escaped("moderation queue", &mona.page("/ansatt/moderering", 200).await, false);
    assert_escaped("moderate idea", &mona.page(&format!("/ansatt/moderering/ide/{idea_id}"), 200).await, true);

    // Published as typed (nothing personal in it), then a hostile comment, approved.
    let approved = mona.post(&format!("/ansatt/moderering/ide/{idea_id}"), &[("decision", "approve"), ("public_title", &title), ("public_body", &text)]).await;
    assert_eq!(approved.status(), 303);
    let public = app.get(&format!("/ideer/{idea_id}")).await.text().await.unwrap();
    assert_escaped("public idea", &public, true);
    assert_escaped("ideas", &app.get("/ideer").await.text().await.unwrap(), false);
    let comment = app.post_form(&format!("/ideer/{idea_id}/kommentar"), &[("comment", &text), ("idempotency_key", &form_key(&public))]).await;
    assert_eq!(comment.status(), 303);
    let queue = mona.page("/ansatt/moderering", 200).await;
    let at = queue.find("/ansatt/moderering/kommentar/").expect("the comment waits");
    let comment_path = queue[at..].split('"').next().unwrap().to_string();
    assert_escaped("moderate comment", &mona.page(&comment_path, 200).await, true);
    assert_eq!(mona.post(&comment_path, &[("decision", "approve"), ("public_body", &text)]).await.status(), 303);
    assert_escaped("public idea with comment", &app.get(&format!("/ideer/{idea_id}")).await.text().await.unwrap(), true);

    // "You said, we did": closing the concern with a hostile summary.
    let closed = mona.post(&format!("/ansatt/sak/{concern_id}/lukk"), &[("outcome", "resolved"), ("closing_reply", &text), ("summary", &text)]).await;
    assert_eq!(closed.status(), 303);
    assert_escaped("summaries", &app.get("/vi-gjorde").await.text().await.unwrap(), true);
    assert_escaped("closed concern tracking", &app.get(&concern_tracking).await.text().await.unwrap(), true);

    // A survey answer: the staff results, the public results and the CSV.
    let team_id = app.store.list_teams().await.unwrap().iter().find(|t| t.slug.as_str() == "boligsosial-avdeling").unwrap().id.to_string();
    let (consultation_id, slug) = crate::consultation::create_consultation(&mona, &team_id).await;
    assert_eq!(mona.post(&format!("/ansatt/konsultasjoner/{consultation_id}/publiser"), &[]).await.status(), 303);
    let consultation = app.store.consultation(consultation_id).await.unwrap().unwrap();
    let answer_page = app.get(&format!("/konsultasjoner/{slug}")).await.text().await.unwrap();
    let [use_q, _, scale_q, text_q] = [0, 1, 2, 3].map(|i| consultation.questions[i].clone());
    let often = use_q.options[0].id.to_string();
    let formula = format!("=HYPERLINK(\"{JS_LINK}\") {text}");
    let answered = app
        .post_form(
            &format!("/konsultasjoner/{slug}"),
            &[("idempotency_key", &form_key(&answer_page)), (&use_q.field(), &often), (&scale_q.field(), "3"), (&text_q.field(), &formula)],
        )
        .await;
    assert_eq!(answered.status(), 303);
    assert_escaped("staff results", &mona.page(&format!("/ansatt/konsultasjoner/{consultation_id}/resultater"), 200).await, true);
    let csv = mona.get(&format!("/ansatt/konsultasjoner/{consultation_id}/resultater.csv")).await;
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"javascript:alert(1)\"\")"), "the formula is neutralised and quotes doubled: {csv}");
    assert!(!csv.contains('\u{202e}'));

    // The mails hold no text at all, hostile or not.
    app.wait_for_outbox((0, 4, 0)).await;
    let outbox = app.rows_as_text("outbox").await.join("\n");
    assert!(!outbox.contains("alert(1)"), "the outbox keeps intents, not text");
}
