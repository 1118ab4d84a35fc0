//! Personal data over its life: the audit log nobody can change, which
//! survives an erasure by being anonymised; restriction; anonymising,
//! keeping and the retention job; the resident's own copy of their data and
//! deleting their contact details; opening a flagged item is audited.

use crate::support::{backends, text_of, Backend, TestApp};
use domain::Role;
use innspill::usecase::privacy::{run_retention, RetentionPolicy};

/// Runs `sql` on the app's database from outside the app; the error text when refused.
async fn run_sql(app: &TestApp, sql: &str) -> Result<(), String> {
    use sqlx::{Connection as _, Executor as _};
    let url = app.database_url();
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        conn.execute(sql).await.map(|_| ()).map_err(|e| e.to_string())
    } else {
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        conn.execute(sql).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

#[tokio::test]
async fn the_audit_log_cannot_be_changed_and_survives_an_erasure_anonymised() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let tracking = app.submit_concern("stoy-uro", "jeloy", "Bråk hver natt fra naboen.", Some("kari@eksempel.no")).await;
        let id = app.item_behind(&tracking).await;
        let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
        let eva = app.sign_in(&eva).await;
        assert_eq!(eva.post(&format!("/ansatt/sak/{id}/svar"), &[("reply", "Vi ser på det.")]).await.status(), 303);
        let rows = app.rows_as_text("audit_log").await;
        let before = rows.len();
        assert!(before >= 1);
        // Each staff action records the connection it came from, as a keyed hash only.
        let hashed = |row: &String| row.contains("client_hash=") && !row.contains("client_hash=\t") || row.contains("\"client_hash\":\"");
        assert!(rows.iter().all(hashed), "{backend:?}: {rows:?}");
        assert!(!rows.iter().any(|row| row.contains("127.0.0.1")), "{backend:?}: never the address");

        // Nobody changes or empties the log, not even from outside the app.
        for sql in ["update audit_log set detail = 'endret'", "delete from audit_log", "update audit_log set submission_id = null"] {
            let refused = run_sql(&app, sql).await.expect_err(sql);
            assert!(refused.contains("append-only"), "{backend:?}: {sql}: {refused}");
        }
        if matches!(backend, Backend::Postgres(_)) {
            assert!(run_sql(&app, "truncate audit_log").await.expect_err("truncate").contains("append-only"), "{backend:?}");
        }
        assert_eq!(app.rows_as_text("audit_log").await.len(), before, "{backend:?}");

        // An administrator erases the item: the box must be ticked.
        let ada = app.staff(Role::Administrator, "Ada Admin", &[]).await;
        let ada = app.sign_in(&ada).await;
        assert_eq!(eva.post(&format!("/ansatt/sak/{id}/personvern"), &[("action", "erase"), ("confirm_erase", "yes")]).await.status(), 403, "{backend:?}");
        let unconfirmed = ada.post(&format!("/ansatt/sak/{id}/personvern"), &[("action", "erase")]).await;
        assert_eq!(unconfirmed.status(), 422, "{backend:?}");
        assert!(text_of(&unconfirmed.text().await.unwrap()).contains("Kryss av for at du forstår hva som slettes"), "{backend:?}");
        let erased = ada.post(&format!("/ansatt/sak/{id}/personvern"), &[("action", "erase"), ("confirm_erase", "yes")]).await;
        assert_eq!(erased.status(), 303, "{backend:?}");
        assert_eq!(erased.headers()["location"], "/ansatt/admin/logg?ok=slettet");
        assert!(app.store.item(id).await.unwrap().is_none(), "{backend:?}: gone");
        assert_eq!(app.get(&tracking).await.status(), 404, "{backend:?}: the link leads nowhere");
        assert!(!app.rows_as_text("outbox").await.iter().any(|row| row.contains("kari@eksempel.no")), "{backend:?}: no address left");
        let audit = app.rows_as_text("audit_log").await;
        assert_eq!(audit.len(), before + 1, "{backend:?}: every line kept, one added");
        let linked = |row: &String| row.contains(&format!("submission_id={id}\t")) || row.contains(&format!("\"submission_id\":{id},"));
        assert!(!audit.iter().any(linked), "{backend:?}: no line points at the erased item: {audit:?}");
        let log = text_of(&ada.page("/ansatt/admin/logg?ok=slettet", 200).await);
        assert!(log.contains("Saken er slettet") && log.contains("Slettet en sak") && log.contains("reference=MOSS-"), "{backend:?}: {log}");
        assert!(log.contains("Eva Eier, tilkobling "), "{backend:?}: who and from which connection");
        assert_eq!(eva.get("/ansatt/admin/logg").await.status(), 403, "{backend:?}");
        let csv = ada.get("/ansatt/admin/logg.csv").await;
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let csv = csv.text().await.unwrap();
        assert!(csv.starts_with("\u{feff}\"Nummer\",\"Tid (UTC)\""), "{backend:?}: {csv}");
        assert_eq!(csv.lines().count(), before + 2, "{backend:?}: a header and every line");
    }
}

#[tokio::test]
async fn a_restricted_item_is_seen_and_handled_by_administrators_only_until_lifted() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let tracking = app.submit_concern("stoy-uro", "jeloy", "Bråk i oppgangen.", None).await;
        let id = app.item_behind(&tracking).await;
        let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
        let eva = app.sign_in(&eva).await;
        let ada = app.staff(Role::Administrator, "Ada Admin", &[]).await;
        let ada = app.sign_in(&ada).await;
        let link = format!("/ansatt/sak/{id}\"");
        assert!(eva.page("/ansatt", 200).await.contains(&link));
        assert_eq!(ada.post(&format!("/ansatt/sak/{id}/personvern"), &[("action", "restrict")]).await.status(), 303, "{backend:?}");
        assert!(!eva.page("/ansatt", 200).await.contains(&link), "{backend:?}: in no inbox");
        assert_eq!(eva.get(&format!("/ansatt/sak/{id}")).await.status(), 404, "{backend:?}");
        assert_eq!(eva.post(&format!("/ansatt/sak/{id}/notat"), &[("note", "Notat")]).await.status(), 404, "{backend:?}");
        let page = text_of(&ada.page(&format!("/ansatt/sak/{id}?ok=personvern"), 200).await);
        assert!(page.contains("Saken er sperret") && page.contains("Endringen er lagret"), "{backend:?}");
        assert_eq!(ada.post(&format!("/ansatt/sak/{id}/notat"), &[("note", "Notat")]).await.status(), 403, "{backend:?}: nobody handles it");
        assert_eq!(ada.post(&format!("/ansatt/sak/{id}/personvern"), &[("action", "lift")]).await.status(), 303);
        assert_eq!(eva.get(&format!("/ansatt/sak/{id}")).await.status(), 200, "{backend:?}: lifted");
        let audit = app.store.audit_entries(id).await.unwrap();
        assert!(audit.iter().any(|(a, _, _)| a == "restrict") && audit.iter().any(|(a, _, _)| a == "lift_restriction"), "{backend:?}: {audit:?}");
    }
}

#[tokio::test]
async fn retention_anonymises_closed_items_and_restricts_those_kept_for_the_archive() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
        let eva = app.sign_in(&eva).await;
        let ada = app.staff(Role::Administrator, "Ada Admin", &[]).await;
        let ada = app.sign_in(&ada).await;
        let mut ids = Vec::new();
        for text in ["Bråk fra Kari Nordmann i 2. etasje.", "Festbråk hver helg.", "Fortsatt bråk."] {
            ids.push(app.item_behind(&app.submit_concern("stoy-uro", "jeloy", text, Some("kari@eksempel.no")).await).await);
        }
        let (closed, kept, open) = (ids[0], ids[1], ids[2]);
        for id in [closed, kept] {
            assert_eq!(eva.post(&format!("/ansatt/sak/{id}/lukk"), &[("outcome", "resolved")]).await.status(), 303);
        }
        assert_eq!(ada.post(&format!("/ansatt/sak/{kept}/personvern"), &[("action", "keep"), ("kept_for", "archive")]).await.status(), 303);
        // A kept item offers no removal, and refuses one.
        assert!(!ada.page(&format!("/ansatt/sak/{kept}"), 200).await.contains("confirm_erase"));
        assert_eq!(ada.post(&format!("/ansatt/sak/{kept}/personvern"), &[("action", "anonymise"), ("confirm_anonymise", "yes")]).await.status(), 400);

        let policy = RetentionPolicy { journey: chrono::Duration::days(730), concern: chrono::Duration::days(730), idea: chrono::Duration::days(1095) };
        let soon = run_retention(app.store.as_ref(), &policy, chrono::Utc::now() + chrono::Duration::days(700)).await.unwrap();
        assert_eq!((soon.anonymised, soon.restricted), (0, 0), "{backend:?}: not yet");
        let later = chrono::Utc::now() + chrono::Duration::days(731);
        let run = run_retention(app.store.as_ref(), &policy, later).await.unwrap();
        assert_eq!((run.anonymised, run.restricted), (1, 1), "{backend:?}");
        let again = run_retention(app.store.as_ref(), &policy, later).await.unwrap();
        assert_eq!((again.anonymised, again.restricted), (0, 0), "{backend:?}: done once");

        let anonymised = app.store.item(closed).await.unwrap().unwrap();
        assert!(anonymised.anonymised && anonymised.body.is_empty() && !anonymised.has_contact, "{backend:?}");
        assert_eq!(anonymised.theme_id, app.store.item(open).await.unwrap().unwrap().theme_id, "{backend:?}: the statistics stay");
        let kept_item = app.store.item(kept).await.unwrap().unwrap();
        assert!(kept_item.restricted && !kept_item.anonymised && kept_item.body == "Festbråk hver helg.", "{backend:?}");
        let untouched = app.store.item(open).await.unwrap().unwrap();
        assert!(!untouched.anonymised && untouched.has_contact, "{backend:?}: open items keep their data");
        let rows = app.rows_as_text("submission").await.join("\n");
        assert!(!rows.contains("Kari Nordmann"), "{backend:?}: the text is gone from the database");
        let audit = app.store.audit_entries(closed).await.unwrap();
        assert!(audit.iter().any(|(action, staff, _)| action == "anonymise" && staff.is_none()), "{backend:?}: the system did it: {audit:?}");
    }
}

#[tokio::test]
async fn a_resident_downloads_their_data_and_has_their_contact_details_deleted() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let tracking = app.submit_concern("stoy-uro", "jeloy", "Bråk hver natt fra naboen.", Some("kari@eksempel.no")).await;
        let id = app.item_behind(&tracking).await;
        app.wait_for_outbox((0, 1, 0)).await;
        let page = text_of(&app.get(&tracking).await.text().await.unwrap());
        assert!(page.contains("k•••@eksempel.no") && !page.contains("kari@eksempel.no"), "{backend:?}: shown masked: {page}");
        let download = app.get(&format!("{tracking}/data.json")).await;
        assert_eq!(download.status(), 200, "{backend:?}");
        assert_eq!(download.headers()["cache-control"], "no-store");
        let data: serde_json::Value = serde_json::from_str(&download.text().await.unwrap()).unwrap();
        assert_eq!(data["text"], "Bråk hver natt fra naboen.", "{backend:?}");
        assert_eq!(data["contact"]["email"], "kari@eksempel.no", "{backend:?}: theirs, in full");
        assert_eq!(data["kind"], "concern");
        assert_eq!(app.get("/sak/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/data.json").await.status(), 404);

        // Asked once more before anything is deleted: the link only shows the question.
        let page = app.get(&tracking).await.text().await.unwrap();
        assert!(page.contains(&format!("href=\"{tracking}?slett=kontakt#data\"")), "{backend:?}");
        let asked = app.get(&format!("{tracking}?slett=kontakt")).await.text().await.unwrap();
        assert!(
            text_of(&asked).contains("Vil du slette kontaktopplysningene dine?") && asked.contains(&format!("action=\"{tracking}/glem-kontakt\"")),
            "{backend:?}"
        );
        assert!(app.store.item(id).await.unwrap().unwrap().has_contact, "{backend:?}: asking deletes nothing");
        let forgotten = app.post_form(&format!("{tracking}/glem-kontakt"), &[]).await;
        assert_eq!(forgotten.status(), 303, "{backend:?}");
        let after = forgotten.headers()["location"].to_str().unwrap().to_string();
        assert!(after.ends_with("?kontakt=slettet"));
        let page = text_of(&app.get(&after).await.text().await.unwrap());
        assert!(page.contains("Kontaktopplysningene dine er slettet") && page.contains("Vi har ingen kontaktopplysninger"), "{backend:?}");
        assert!(!app.store.item(id).await.unwrap().unwrap().has_contact, "{backend:?}");
        // A reply now mails nobody.
        let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
        let eva = app.sign_in(&eva).await;
        assert_eq!(eva.post(&format!("/ansatt/sak/{id}/svar"), &[("reply", "Vi har snakket med naboen.")]).await.status(), 303);
        assert_eq!(app.store.outbox_counts().await.unwrap(), (0, 1, 0), "{backend:?}: only the receipt from before");
        let audit = app.store.audit_entries(id).await.unwrap();
        assert!(audit.iter().any(|(action, _, _)| action == "contact_forgotten"), "{backend:?}");
    }
}

#[tokio::test]
async fn opening_an_item_flagged_for_personal_data_is_audited() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let plain = app.item_behind(&app.submit_concern("stoy-uro", "jeloy", "Bråk hver natt.", None).await).await;
    let flagged = app.item_behind(&app.submit_concern("stoy-uro", "jeloy", "Ring Kari på 912 34 567.", None).await).await;
    let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
    let eva_client = app.sign_in(&eva).await;
    eva_client.page(&format!("/ansatt/sak/{plain}"), 200).await;
    eva_client.page(&format!("/ansatt/sak/{flagged}"), 200).await;
    let viewed =
        |entries: Vec<(String, Option<i64>, String)>| entries.into_iter().filter(|(a, staff, _)| a == "view_flagged" && *staff == Some(eva.id)).count();
    assert_eq!(viewed(app.store.audit_entries(flagged).await.unwrap()), 1);
    assert_eq!(viewed(app.store.audit_entries(plain).await.unwrap()), 0, "an item without personal data is not");
}

/// The README's least-privilege set-up on PostgreSQL: the schema's owner
/// migrates, the app serves as a role that may not change the audit log.
/// The app works as that role, and the log refuses it even without triggers.
#[tokio::test]
async fn on_postgresql_the_app_role_may_add_to_the_audit_log_but_never_change_it() {
    use sqlx::{Connection as _, Executor as _};
    let Some(backend) = backends().into_iter().find(|b| matches!(b, Backend::Postgres(_))) else {
        eprintln!("least privilege: skipped, no PostgreSQL (set TEST_DATABASE_URL)");
        return;
    };
    let database = crate::support::TestDatabase::new(&backend).await;
    // Migrated by the owner (here the test's superuser).
    database.store().await;
    let role = format!("innspill_app_{}", uuid::Uuid::new_v4().simple());
    let mut owner = sqlx::PgConnection::connect(&database.url).await.unwrap();
    for grant in [
        format!("create role {role} login"),
        format!("grant usage on schema public to {role}"),
        format!("grant select, insert, update, delete on all tables in schema public to {role}"),
        format!("grant usage, select on all sequences in schema public to {role}"),
        format!("revoke update, delete, truncate on audit_log from {role}"),
    ] {
        owner.execute(grant.as_str()).await.unwrap();
    }
    let mut app_url = url::Url::parse(&database.url).unwrap();
    app_url.set_username(&role).unwrap();
    let settings = database.settings(&[("INNSPILL_DATABASE_URL", app_url.as_str())]);
    let store = innspill::store::open(&settings).await.unwrap();
    let app = innspill::startup::Application::with_store(settings, store.clone()).await.expect("the app starts as its role");
    innspill::demo::load(store.as_ref()).await.unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    // It takes input as its role.
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let key = crate::support::form_key(&http.get(format!("{address}/ide")).send().await.unwrap().text().await.unwrap());
    let sent = http
        .post(format!("{address}/ide"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("title", "Benker"), ("description", "Ring 912 34 567."), ("submitter", "tenant"), ("contact", "anonymous"), ("idempotency_key", &key)])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);
    assert_eq!(store.count_submissions().await.unwrap(), 1);
    let mut as_app = sqlx::PgConnection::connect(app_url.as_str()).await.unwrap();
    as_app.execute("insert into audit_log (at, action, detail) values (now(), 'test', '')").await.expect("the app may add lines");
    for sql in ["update audit_log set detail = 'x'", "delete from audit_log", "truncate audit_log"] {
        let refused = as_app.execute(sql).await.expect_err(sql).to_string();
        assert!(refused.contains("permission denied"), "{sql}: {refused}");
    }
}
