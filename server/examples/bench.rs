//! `tools/bench`: measures, in one run, the full resident submission path
//! against a baseline, and what each form page downloads.
//!
//! - Throughput and p99 latency of POST /ide (validation, personal-data scan,
//!   reference number, idempotency, insert in one transaction, 303) versus a
//!   bare axum handler that inserts one row with sqlx in a `BEGIN IMMEDIATE`
//!   transaction on the same SQLite settings. Both run in this process, in
//!   alternating rounds, at the same concurrency, so the ratio holds when the
//!   machine's speed drifts. Done for `synchronous = NORMAL` and `FULL`.
//! - Compressed bytes of each form page: HTML and CSS (needed before the page
//!   is usable) and the deferred JS + WASM of the islands.
//!
//! Run: `tools/bench` (release build). Numbers are printed, never asserted.

use axum::routing::post;
use innspill::config::Settings;
use innspill::domain::submission::IdempotencyKey;
use innspill::startup::Application;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::{Duration, Instant};

const CONCURRENCY: usize = 8;
const REQUESTS_PER_ROUND: usize = 2000;
const ROUNDS: usize = 3;

struct Stats {
    per_second: f64,
    p99: Duration,
}

/// Sends `REQUESTS_PER_ROUND` posts with `CONCURRENCY` workers.
async fn load(url: String, form: fn() -> Vec<(&'static str, String)>) -> Stats {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let started = Instant::now();
    let per_worker = REQUESTS_PER_ROUND / CONCURRENCY;
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_worker);
                for _ in 0..per_worker {
                    let begin = Instant::now();
                    let response = client.post(&url).header("sec-fetch-site", "same-origin").form(&form()).send().await.expect("post");
                    assert!(response.status().is_success() || response.status().is_redirection(), "status {}", response.status());
                    latencies.push(begin.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await.expect("worker"));
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let p99 = latencies[(latencies.len() * 99 / 100).min(latencies.len() - 1)];
    Stats { per_second: latencies.len() as f64 / elapsed.as_secs_f64(), p99 }
}

fn idea_form() -> Vec<(&'static str, String)> {
    vec![
        ("title", "Benker i bakgården".into()),
        ("description", "Vi trenger benker der eldre kan hvile mellom handleturene.".into()),
        ("area", "jeloy".into()),
        ("theme", "ideer-nabolag".into()),
        ("submitter", "tenant".into()),
        ("contact", "anonymous".into()),
        ("idempotency_key", IdempotencyKey::generate().as_str().to_string()),
    ]
}

fn baseline_form() -> Vec<(&'static str, String)> {
    vec![("body", "Vi trenger benker der eldre kan hvile mellom handleturene.".into())]
}

/// A bare axum + sqlx handler: one insert in a BEGIN IMMEDIATE transaction.
async fn baseline(dir: &std::path::Path, synchronous: SqliteSynchronous) -> String {
    let options = SqliteConnectOptions::from_str("sqlite:")
        .expect("options")
        .filename(dir.join("baseline.db"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(synchronous)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.expect("baseline db");
    sqlx::query("create table row (id integer primary key, body text not null, created_at text not null)")
        .execute(&pool)
        .await
        .expect("baseline table");
    #[derive(serde::Deserialize)]
    struct Form {
        body: String,
    }
    let app = axum::Router::new().route(
        "/baseline",
        post(move |axum::Form(form): axum::Form<Form>| {
            let pool = pool.clone();
            async move {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.expect("begin");
                sqlx::query("insert into row (body, created_at) values ($1, $2)")
                    .bind(form.body)
                    .bind(chrono::Utc::now())
                    .execute(&mut *tx)
                    .await
                    .expect("insert");
                tx.commit().await.expect("commit");
                axum::http::StatusCode::SEE_OTHER
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/baseline", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

async fn innspill(dir: &std::path::Path, synchronous: &str) -> String {
    let site_root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    let env: Vec<(String, String)> = [
        ("DATABASE_URL", format!("sqlite://{}", dir.join("innspill.db").display())),
        ("INNSPILL_LISTEN", "127.0.0.1:0".into()),
        ("INNSPILL_DATABASE__SQLITE_SYNCHRONOUS", synchronous.into()),
        ("INNSPILL_SITE_ROOT", site_root.display().to_string()),
        ("INNSPILL_MAIL__DIR", dir.join("mail").display().to_string()),
        ("INNSPILL_LOG__LEVEL", "warn".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let settings = Settings::from_sources(None, &env).expect("settings");
    let store = innspill::store::open(&settings).await.expect("store");
    store.migrate().await.expect("migrate");
    innspill::demo::load(store.as_ref()).await.expect("demo data");
    let app = Application::with_store(settings, store).await.expect("app");
    let url = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    url
}

/// Bytes on the wire with gzip, as a browser would download them.
async fn compressed_size(client: &reqwest::Client, url: &str) -> usize {
    let response = client.get(url).header("accept-encoding", "gzip").send().await.expect("get");
    assert!(response.status().is_success(), "{url}: {}", response.status());
    response.bytes().await.expect("body").len()
}

#[tokio::main]
async fn main() {
    println!("Innspill bench: {CONCURRENCY} concurrent clients, {ROUNDS} alternating rounds of {REQUESTS_PER_ROUND} posts each\n");
    println!("{:<10} {:>14} {:>14} {:>10} {:>12} {:>12} {:>10}", "sqlite", "innspill/s", "baseline/s", "ratio", "p99 innspill", "p99 base", "p99 ratio");
    for (name, mode) in [("normal", SqliteSynchronous::Normal), ("full", SqliteSynchronous::Full)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = innspill(dir.path(), name).await;
        let base = baseline(dir.path(), mode).await;
        // Warm-up: connections, page cache, allocator.
        load(format!("{app}/ide"), idea_form).await;
        load(base.clone(), baseline_form).await;
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            ours.push(load(format!("{app}/ide"), idea_form).await);
            theirs.push(load(base.clone(), baseline_form).await);
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(|a, b| a.total_cmp(b));
            v[v.len() / 2]
        };
        let rate_ours = median(&mut ours.iter().map(|s| s.per_second).collect());
        let rate_base = median(&mut theirs.iter().map(|s| s.per_second).collect());
        let p99_ours = median(&mut ours.iter().map(|s| s.p99.as_secs_f64() * 1000.0).collect());
        let p99_base = median(&mut theirs.iter().map(|s| s.p99.as_secs_f64() * 1000.0).collect());
        println!(
            "{name:<10} {rate_ours:>14.0} {rate_base:>14.0} {:>10.2} {:>10.1}ms {:>10.1}ms {:>10.2}",
            rate_ours / rate_base,
            p99_ours,
            p99_base,
            p99_base / p99_ours
        );
    }
    println!("\n(goal: throughput ratio >= 0.5 with normal, >= 0.8 with full; p99 ratio is baseline/ours, higher is better)\n");

    let dir = tempfile::tempdir().expect("temp dir");
    let app = innspill(dir.path(), "full").await;
    let client = reqwest::Client::new();
    let css = compressed_size(&client, &format!("{app}/pkg/innspill.css")).await;
    let js = compressed_size(&client, &format!("{app}/pkg/innspill.js")).await;
    let wasm = compressed_size(&client, &format!("{app}/pkg/innspill.wasm")).await;
    println!("{:<16} {:>10} {:>10} {:>14} {:>16}", "page", "HTML kB", "CSS kB", "HTML+CSS kB", "JS+WASM kB");
    for (name, path) in [("journey", "/brukerreise"), ("concern", "/nabobekymring"), ("idea", "/ide"), ("home", "/")] {
        let html = compressed_size(&client, &format!("{app}{path}")).await;
        println!(
            "{name:<16} {:>10.1} {:>10.1} {:>14.1} {:>16.1}",
            html as f64 / 1000.0,
            css as f64 / 1000.0,
            (html + css) as f64 / 1000.0,
            (js + wasm) as f64 / 1000.0
        );
    }
    println!("\n(gzip; budget: HTML+CSS <= 60 kB, JS+WASM <= 100 kB and deferred: the islands load on idle via a module script)");
}
