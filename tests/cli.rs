//! The `innspill` binary as an operator runs it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_innspill");

/// A command with a clean environment (no INNSPILL_ or DATABASE_URL from the
/// developer's shell) in `dir`.
fn innspill(dir: &std::path::Path) -> Command {
    let mut command = Command::new(BIN);
    command.current_dir(dir).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    command
}

#[test]
fn invalid_configuration_stops_start_up_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (("INNSPILL_LISTEN", "not-an-address"), "listen (from INNSPILL_LISTEN): 'not-an-address' is not an address"),
        (("DATABASE_URL", "mysql://u:secret-pw@h/db"), "unsupported database scheme 'mysql'"),
        (("INNSPILL_LOG__FORMAT", "yaml"), "log.format"),
    ];
    for ((name, value), expected) in cases {
        let output = innspill(dir.path()).arg("migrate").env(name, value).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        assert!(!stderr.contains("secret-pw"));
    }
    assert!(!dir.path().join("data").exists(), "nothing created on a configuration error");
}

#[test]
fn help_explains_the_commands() {
    let output = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for word in ["serve", "migrate", "create-admin", "demo-data", "DATABASE_URL"] {
        assert!(help.contains(word), "{word} missing from --help");
    }
}

#[test]
fn serve_starts_in_an_empty_directory_and_creates_its_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = innspill(dir.path()).env("INNSPILL_LISTEN", "127.0.0.1:0").env("INNSPILL_LOG__FORMAT", "json").stderr(Stdio::piped()).spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    // The server logs the address it bound; port 0 means we must read it.
    let address = loop {
        let line = receiver.recv_timeout(Duration::from_secs(30)).expect("server started");
        let log: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        if log["message"] == "serving" {
            break log["address"].as_str().expect("address").to_string();
        }
    };
    let ready = reqwest::blocking_get(&format!("http://{address}/health/ready"));
    assert_eq!(ready, 200);
    assert!(dir.path().join("data/innspill.db").exists());

    // Whatever a person puts in a URL stays out of the logs.
    assert_eq!(reqwest::blocking_get(&format!("http://{address}/personvern?e=kari.canary@example.no")), 200);
    assert_eq!(reqwest::blocking_get(&format!("http://{address}/sak/canary-token-123")), 404);
    // A request is logged as it ends: read until the last one's line is in.
    let mut logs: Vec<String> = Vec::new();
    while !logs.iter().any(|l| l.contains("\"status\":404") || l.contains("status=404") || l.contains("\"status\":\"404")) {
        match receiver.recv_timeout(Duration::from_secs(10)) {
            Ok(line) => logs.push(line),
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    logs.extend(receiver.try_iter());
    assert!(logs.iter().any(|l| l.contains("\"status\":200") || l.contains("status=200") || l.contains("\"status\":\"200")), "requests are logged: {logs:?}");
    for line in &logs {
        assert!(!line.contains("canary"), "personal data or tokens in the log: {line}");
        assert!(serde_json::from_str::<serde_json::Value>(line).is_ok(), "every line is JSON: {line}");
    }
}

#[test]
fn migrate_demo_data_and_create_admin_work_and_refuse_weak_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: &str| {
        let mut child = innspill(dir.path()).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    assert!(run(&["migrate"], "").status.success());
    let demo = run(&["demo-data"], "");
    assert!(demo.status.success());
    let out = String::from_utf8_lossy(&demo.stdout).to_string();
    assert!(out.contains("14 teams"));
    // One demo account per role, each with its own random password, shown once.
    let passwords: Vec<&str> = out.lines().filter_map(|l| l.split("password: ").nth(1)).collect();
    assert_eq!(passwords.len(), 3, "{out}");
    assert!(passwords.iter().all(|p| p.len() >= 32) && passwords[0] != passwords[1]);
    for role in ["administrator", "moderator", "caseworker"] {
        assert!(out.contains(role), "{role}");
    }
    let again = run(&["demo-data"], "");
    assert!(again.status.success(), "idempotent");
    assert!(!String::from_utf8_lossy(&again.stdout).contains("password:"), "passwords are never shown again");
    let items = run(&["demo-data", "--items", "40", "--seed", "3", "--until", "2026-11-01"], "");
    let out = String::from_utf8_lossy(&items.stdout).to_string();
    assert!(items.status.success() && out.contains("Generated 40 items (seed 3, until 2026-11-01)"), "{out}{}", String::from_utf8_lossy(&items.stderr));
    let twice = run(&["demo-data", "--items", "40"], "");
    assert!(!twice.status.success() && String::from_utf8_lossy(&twice.stderr).contains("without items"), "a second load would double the items");
    let bad = run(&["demo-data", "--items", "40", "--until", "1. november"], "");
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("--until"), "a bad date names its option");

    let weak = run(&["create-admin", "--email", "it@moss.kommune.no", "--name", "IT", "--password-stdin"], "passwordpassword\n");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("too common"));
    let short = run(&["create-admin", "--email", "it@moss.kommune.no", "--name", "IT", "--password-stdin"], "kort\n");
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12"));

    let good = run(&["create-admin", "--email", "it@moss.kommune.no", "--name", "IT", "--password-stdin"], "fire tilfeldige ord her\n");
    assert!(good.status.success(), "{}", String::from_utf8_lossy(&good.stderr));
    let again = run(&["create-admin", "--email", "IT@moss.kommune.no", "--name", "IT", "--password-stdin"], "fire tilfeldige ord her\n");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

/// A tiny blocking GET returning the status code (keeps this file sync).
mod reqwest {
    pub fn blocking_get(url: &str) -> u16 {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            for _ in 0..50 {
                if let Ok(response) = ::reqwest::get(url).await {
                    return response.status().as_u16();
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            0
        })
    }
}
