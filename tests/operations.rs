//! Operating the server as a municipality's IT department does: a backup
//! taken while residents keep sending, checked, and restored by serving it.

use crate::support::{form_key, TestApp};
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
    let mut child = innspill(dir, database_url)
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
    (child, format!("http://{address}"))
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
