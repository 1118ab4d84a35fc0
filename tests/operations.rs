//! Operating the server as a municipality's IT department does: a backup
//! taken while residents keep sending, checked, and restored by serving it.

use crate::support::{backends, form_key, TestApp, TestDatabase};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_innspill");

/// The `innspill` binary with a clean environment in `dir`.
fn innspill(dir: &std::path::Path, database_url: &str) -> std::process::Command {
    let mut command = std::process::Command::new(BIN);
    command.current_dir(dir).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default()).env("DATABASE_URL", database_url);
    command
}

/// Serves `database_url` from the binary; the child and the address it bound.
fn serve(dir: &std::path::Path, database_url: &str) -> (std::process::Child, String) {
    serve_with(dir, database_url, &[])
}

fn serve_with(dir: &std::path::Path, database_url: &str, settings: &[(&str, &str)]) -> (std::process::Child, String) {
    let (child, address, _) = serve_logged(dir, database_url, settings);
    (child, address)
}

/// As `serve_with`, and the server's log lines as they come.
fn serve_logged(dir: &std::path::Path, database_url: &str, settings: &[(&str, &str)]) -> (std::process::Child, String, std::sync::mpsc::Receiver<String>) {
    let mut child = innspill(dir, database_url)
        .envs(settings.iter().copied())
        .env("INNSPILL_LISTEN", "127.0.0.1:0")
        .env("INNSPILL_LOG__FORMAT", "json")
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the server");
    let stderr = child.stderr.take().expect("stderr");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let address = loop {
        let line = receiver.recv_timeout(Duration::from_secs(30)).expect("the server started");
        let log: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        if log["message"] == "serving" {
            break log["address"].as_str().expect("address").to_string();
        }
    };
    (child, format!("http://{address}"), receiver)
}

#[tokio::test]
async fn a_backup_taken_while_residents_keep_sending_restores_every_item_it_holds() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let mut links = Vec::new();
    for n in 0..5 {
        links.push(app.submit_concern("stoy-uro", "jeloy", &format!("Bråk nummer {n} i oppgangen."), None).await);
    }
    // Ideas keep arriving while the backup runs.
    let address = app.address.clone();
    let load = tokio::spawn(async move {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        for n in 0..20 {
            let key = form_key(&http.get(format!("{address}/ide")).send().await.unwrap().text().await.unwrap());
            let form = [
                ("title", format!("Idé {n}")),
                ("description", "Flere benker.".into()),
                ("submitter", "tenant".into()),
                ("contact", "anonymous".into()),
                ("idempotency_key", key),
            ];
            let sent = http.post(format!("{address}/ide")).header("sec-fetch-site", "same-origin").form(&form).send().await.unwrap();
            assert_eq!(sent.status(), 303);
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("backup.db");
    let backup = innspill(dir.path(), &app.database_url()).arg("backup").arg(&copy).output().expect("run backup");
    let said = String::from_utf8_lossy(&backup.stdout).to_string();
    assert!(backup.status.success(), "{said} {}", String::from_utf8_lossy(&backup.stderr));
    assert!(said.contains("Backup written to") && said.contains("and checked"), "{said}");
    load.await.unwrap();
    // A second backup never overwrites the first.
    let again = innspill(dir.path(), &app.database_url()).arg("backup").arg(&copy).output().unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    // Restored: a server on the copy has every item it counted, and the residents' links work.
    let counted: i64 = said.split(" items").next().and_then(|s| s.rsplit('(').next()).and_then(|n| n.trim().parse().ok()).expect("the item count");
    assert!(counted >= 5, "{said}");
    let (mut restored, base) = serve(dir.path(), &format!("sqlite://{}", copy.display()));
    for link in &links {
        let page = reqwest::get(format!("{base}{link}")).await.unwrap();
        assert_eq!(page.status(), 200, "{link}");
    }
    assert_eq!(reqwest::get(format!("{base}/health/ready")).await.unwrap().status(), 200);
    let _ = restored.kill();
    let _ = restored.wait();
    let restored_store = innspill::store::open(
        &innspill::config::Settings::from_sources(None, &[("DATABASE_URL".to_string(), format!("sqlite://{}", copy.display()))]).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(restored_store.count_submissions().await.unwrap(), counted, "the copy holds what the backup said");
}

#[test]
fn backup_on_postgresql_points_to_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let output = innspill(dir.path(), "postgres://innspill@127.0.0.1:9/innspill").arg("backup").arg("x.db").output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("pg_dump --format=custom"));
}

/// The crash test's load: this many posts, this many at once.
const CRASH_POSTS: usize = 2000;
const CRASH_CONCURRENCY: usize = 16;
const CRASH_KEY: &str = "the crash test's session key, long enough to be valid";

/// Bounded load on loopback, SIGKILL at a random moment, a restart, and a
/// check that every submission whose receipt (the 303 with its tracking
/// link) reached the sender is there and whole — on SQLite with its
/// default settings and on PostgreSQL. Prints what was acknowledged and lost.
#[tokio::test]
async fn a_server_killed_under_load_loses_no_acknowledged_submission() {
    use std::hash::BuildHasher;
    for backend in backends() {
        let database = TestDatabase::new(&backend).await;
        let dir = tempfile::tempdir().unwrap();
        // One load generator is one sender: the per-sender limits are lifted, nothing else.
        let settings =
            [("INNSPILL_SESSION_KEY", CRASH_KEY), ("INNSPILL_LIMITS__SUBMISSIONS_PER_HOUR", "1000000"), ("INNSPILL_LIMITS__FLOOD_PER_MINUTE", "1000000")];
        let (mut server, base) = serve_with(dir.path(), &database.url, &settings);
        let kill_after = 100 + std::collections::hash_map::RandomState::new().hash_one(backend.name()) as usize % (CRASH_POSTS - 200);
        let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(usize, String)>::new()));
        let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(Duration::from_secs(20)).build().unwrap();
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..CRASH_CONCURRENCY {
            let (http, base, acknowledged, next) = (http.clone(), base.clone(), acknowledged.clone(), next.clone());
            workers.spawn(async move {
                loop {
                    let n = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    if n >= CRASH_POSTS {
                        return;
                    }
                    // Signed as the server signs its forms, shown a minute ago (past the time trap).
                    let shown = chrono::Utc::now() - chrono::Duration::minutes(1);
                    let key = domain::submission::IdempotencyKey::issue(CRASH_KEY.as_bytes(), shown);
                    let form = [
                        ("title", format!("Krasjprøve {n}")),
                        ("description", format!("Innspill nummer {n} fra krasjprøven.")),
                        ("submitter", "tenant".into()),
                        ("contact", "anonymous".into()),
                        ("idempotency_key", key.as_str().to_string()),
                    ];
                    match http.post(format!("{base}/ide")).header("sec-fetch-site", "same-origin").form(&form).send().await {
                        Ok(response) if response.status() == 303 => {
                            let link = response.headers()["location"].to_str().unwrap().trim_end_matches("?ny=1").to_string();
                            acknowledged.lock().unwrap().push((n, link));
                        }
                        // Refused or cut off by the kill: not acknowledged, so not counted.
                        _ => {}
                    }
                }
            });
        }
        while acknowledged.lock().unwrap().len() < kill_after {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill().expect("SIGKILL");
        server.wait().unwrap();
        while workers.join_next().await.is_some() {}
        let acknowledged = acknowledged.lock().unwrap().clone();

        let (mut restarted, base) = serve_with(dir.path(), &database.url, &settings);
        let mut lost = Vec::new();
        for (n, link) in &acknowledged {
            let page = http.get(format!("{base}{link}")).send().await.unwrap();
            let whole = page.status() == 200 && {
                let text = crate::support::text_of(&page.text().await.unwrap());
                text.contains(&format!("Krasjprøve {n}")) && text.contains(&format!("Innspill nummer {n} fra krasjprøven."))
            };
            if !whole {
                lost.push(*n);
            }
        }
        // And it takes input again.
        let key = domain::submission::IdempotencyKey::issue(CRASH_KEY.as_bytes(), chrono::Utc::now() - chrono::Duration::minutes(1));
        let after = http
            .post(format!("{base}/ide"))
            .header("sec-fetch-site", "same-origin")
            .form(&[
                ("title", "Etter krasjet"),
                ("description", "Virker igjen."),
                ("submitter", "tenant"),
                ("contact", "anonymous"),
                ("idempotency_key", key.as_str()),
            ])
            .send()
            .await
            .unwrap();
        let _ = restarted.kill();
        let _ = restarted.wait();
        println!("crash test ({}): killed after {kill_after} receipts; acknowledged {}, lost {}", backend.name(), acknowledged.len(), lost.len());
        assert!(acknowledged.len() >= kill_after);
        assert!(lost.is_empty(), "{}: acknowledged but lost or damaged after the crash: {lost:?}", backend.name());
        assert_eq!(after.status(), 303, "{}: the restarted server takes input", backend.name());
    }
}

/// A whole submission full of personal data (a canary name, e-mail and
/// phone number in every field), sent, sent wrongly, tracked and reopened,
/// against the real binary at its production log level: none of it appears
/// in any log line, although the requests are logged.
#[tokio::test]
async fn a_whole_submission_leaves_no_personal_data_in_the_logs() {
    let database = TestDatabase::new(&crate::support::Backend::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let settings = [("INNSPILL_SESSION_KEY", CRASH_KEY), ("INNSPILL_LOG__FORMAT", "json")];
    let (mut server, base, logs) = serve_logged(dir.path(), &database.url, &settings);
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let canary = ["Kanarifugl Sjøberg", "kanari.sjoberg@eksempel.no", "917 73 100", "Kanarivegen 7"];
    let text = format!("{} bor i {} og har telefon {} og e-post {}.", canary[0], canary[3], canary[2], canary[1]);
    let key = || domain::submission::IdempotencyKey::issue(CRASH_KEY.as_bytes(), chrono::Utc::now() - chrono::Duration::minutes(1)).as_str().to_string();
    let form = |key: String, email: &str| {
        vec![
            ("concern_kind", "noise".to_string()),
            ("ongoing", "yes".into()),
            ("on_behalf", "self".into()),
            ("description", text.clone()),
            ("address", canary[3].into()),
            ("occurred", canary[0].into()),
            ("submitter", "neighbour".into()),
            ("contact", "contact".into()),
            ("email", email.into()),
            ("phone", canary[2].into()),
            ("consent", "yes".into()),
            ("idempotency_key", key),
        ]
    };
    // Wrong first (an e-mail that is not one), then right.
    let wrong = http.post(format!("{base}/nabobekymring")).header("sec-fetch-site", "same-origin").form(&form(key(), "kanari.sjoberg@")).send().await.unwrap();
    assert_eq!(wrong.status(), 422);
    let sent = http.post(format!("{base}/nabobekymring")).header("sec-fetch-site", "same-origin").form(&form(key(), canary[1])).send().await.unwrap();
    assert_eq!(sent.status(), 303);
    let tracking = sent.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(http.get(format!("{base}{tracking}")).send().await.unwrap().status(), 200);
    let token = tracking.trim_start_matches("/sak/").split('?').next().unwrap().to_string();
    let reopen =
        http.post(format!("{base}/sak/{token}/gjenapne")).header("sec-fetch-site", "same-origin").form(&[("comment", text.as_str())]).send().await.unwrap();
    assert_eq!(reopen.status(), 409, "not closed yet: refused, with the comment kept");
    // Wait until the receipt mail has been handled (sent to a file), then stop.
    let mail_dir = dir.path().join("data/mail");
    for _ in 0..100 {
        if std::fs::read_dir(&mail_dir).map(|d| d.count()).unwrap_or(0) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = server.kill();
    let _ = server.wait();
    // The pipe closes with the process: read to its end.
    let lines: Vec<String> = std::iter::from_fn(|| logs.recv_timeout(Duration::from_secs(5)).ok()).collect();
    assert!(lines.iter().any(|l| l.contains("input received")), "the submission is logged: {lines:?}");
    assert!(lines.iter().any(|l| l.contains("mail sent")), "and its receipt: {lines:?}");
    for line in &lines {
        for secret in canary.iter().copied().chain([token.as_str(), "Kanari", "sjoberg"]) {
            assert!(!line.contains(secret), "{secret:?} in the log: {line}");
        }
    }
}

/// Two instances of the app on one PostgreSQL database, as behind a load
/// balancer: posts to both at once get unique, gapless references, and
/// every receipt goes out exactly once although both mail workers run.
#[tokio::test]
async fn two_instances_on_one_postgresql_share_references_and_send_each_mail_once() {
    let Some(backend) = backends().into_iter().find(|b| matches!(b, crate::support::Backend::Postgres(_))) else {
        eprintln!("two instances: skipped, no PostgreSQL (set TEST_DATABASE_URL)");
        return;
    };
    let settings = [("INNSPILL_LIMITS__SUBMISSIONS_PER_HOUR", "1000"), ("INNSPILL_LIMITS__FLOOD_PER_MINUTE", "1000")];
    let app = TestApp::spawn_with(backend, &settings).await.with_demo_data().await;
    let second = app.second_instance(&settings).await;
    const EACH: usize = 20;
    let mut posts = tokio::task::JoinSet::new();
    for (n, base) in (0..2 * EACH).map(|n| (n, if n % 2 == 0 { app.address.clone() } else { second.clone() })) {
        let http = app.http.clone();
        posts.spawn(async move {
            let key = form_key(&http.get(format!("{base}/ide")).send().await.unwrap().text().await.unwrap());
            let form = [
                ("title", format!("Idé {n}")),
                ("description", "Flere benker.".to_string()),
                ("submitter", "tenant".into()),
                ("contact", "contact".into()),
                ("email", format!("person{n}@eksempel.no")),
                ("consent", "yes".into()),
                ("idempotency_key", key),
            ];
            let sent = http.post(format!("{base}/ide")).header("sec-fetch-site", "same-origin").form(&form).send().await.unwrap();
            assert_eq!(sent.status(), 303);
        });
    }
    while let Some(done) = posts.join_next().await {
        done.unwrap();
    }
    let rows = app.rows_as_text("submission").await;
    let mut numbers: Vec<i64> = rows
        .iter()
        .filter_map(|row| row.split("\"reference\":\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .filter_map(|reference| reference.rsplit('-').next()?.parse().ok())
        .collect();
    numbers.sort();
    assert_eq!(numbers, (1..=(2 * EACH) as i64).collect::<Vec<_>>(), "unique and gapless");
    app.wait_for_outbox((0, (2 * EACH) as i64, 0)).await;
    let outbox = app.rows_as_text("outbox").await;
    for row in &outbox {
        assert!(row.contains("\"attempts\":1"), "each mail sent on its first claim, by one worker: {row}");
    }
}
