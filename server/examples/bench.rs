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
//! - The staff inbox with 100 000 items: p95 latency at concurrency 8 for
//!   the first page, a search, a filtered view and a later page, and the SQL
//!   statements one page costs (counted from sqlx's statement events).
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

fn bench_settings(dir: &std::path::Path, synchronous: &str) -> Settings {
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
    Settings::from_sources(None, &env).expect("settings")
}

async fn innspill(dir: &std::path::Path, synchronous: &str) -> String {
    let settings = bench_settings(dir, synchronous);
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

/// Words the generated items are made of, so full-text search has work to do.
const WORDS: &[&str] = &[
    "bråk", "natt", "oppgang", "nabo", "søppel", "trapp", "husleie", "depositum", "venteliste", "bolig", "vedlikehold",
    "mugg", "lekkasje", "trygg", "barn", "lekeplass", "parkering", "heis", "vaktmester", "startlån", "svar", "brev",
];

/// Word endings, so the vocabulary is large enough for realistic searches.
const ENDINGS: &[&str] = &["", "en", "et", "er", "ene", "a", "ing", "ar", "te", "s"];

const INBOX_ITEMS: usize = 100_000;
const INBOX_REQUESTS: usize = 400;

/// 100 000 items spread over the demo teams, themes and areas, stored
/// through the real store (group commit, routing rows, full-text index).
async fn fill(store: &std::sync::Arc<dyn innspill::store::Store>) {
    use innspill::domain::routing::{Decision, Explanation, Routed, Via};
    use innspill::domain::submission::*;
    let teams = store.list_teams().await.expect("teams");
    let themes = store.list_themes().await.expect("themes");
    let areas = store.list_areas().await.expect("areas");
    let per_task = INBOX_ITEMS / 64;
    let started = Instant::now();
    let tasks: Vec<_> = (0..64)
        .map(|task| {
            let (store, teams, themes, areas) = (store.clone(), teams.clone(), themes.clone(), areas.clone());
            tokio::spawn(async move {
                for n in 0..per_task {
                    let i = task * per_task + n;
                    // 12 words from 22 stems × 10 endings: each word in about 5% of items.
                    let text: Vec<String> = (0..12)
                        .map(|k| {
                            let n = i.wrapping_mul(2654435761).wrapping_add(k * 40503) % (WORDS.len() * ENDINGS.len());
                            format!("{}{}", WORDS[n % WORDS.len()], ENDINGS[n / WORDS.len()])
                        })
                        .collect();
                    let body = BoundedText::parse("description", &text.join(" "), TextLimits { required: true, max_chars: 4000 }).unwrap().unwrap();
                    let team = teams[i % teams.len()].id;
                    let received_at = chrono::Utc::now() - chrono::Duration::minutes((INBOX_ITEMS - i) as i64);
                    let submission = NewSubmission {
                        kind: InputKind::Concern,
                        detail: SubmissionDetail::Concern { concern_kind: "noise", occurred: None, ongoing: i % 2 == 0, on_behalf: "self" },
                        address: None,
                        theme_id: Some(themes[i % themes.len()].id),
                        area_id: Some(areas[i % areas.len()].id),
                        submitter_kind: SubmitterKind::Neighbour,
                        organisation_name: None,
                        locale: "nb".into(),
                        title: None,
                        body: Some(body.clone()),
                        personal_data_flags: String::new(),
                        contact: Contact::Anonymous,
                        idempotency_key: IdempotencyKey::generate(),
                        tracking_token_hash: format!("bench-{i}"),
                        reference_prefix: "MOSS".into(),
                        received_at,
                        receipt: None,
                        routing: Routed {
                            decisions: vec![Decision {
                                team_id: Some(team),
                                rule_id: None,
                                via: Via::Routing,
                                step: None,
                                suggested: false,
                                explanation: Explanation::NoMatch,
                            }],
                            triage: false,
                        },
                        due_at: received_at + chrono::Duration::days(7),
                        search_text: body.as_str().to_string(),
                    };
                    store.create_submission(&submission).await.expect("store item");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("fill task");
    }
    println!("(stored {} items in {:.1} s through the store)", per_task * 64, started.elapsed().as_secs_f64());
}

/// p95 of GET `path` with the session cookie, at `CONCURRENCY`.
async fn inbox_p95(url: &str, cookie: &str) -> Duration {
    let client = reqwest::Client::new();
    let per_worker = INBOX_REQUESTS / CONCURRENCY;
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (client, url, cookie) = (client.clone(), url.to_string(), cookie.to_string());
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_worker);
                for _ in 0..per_worker {
                    let begin = Instant::now();
                    let response = client.get(&url).header("cookie", &cookie).send().await.expect("get");
                    assert!(response.status().is_success(), "{url}: {}", response.status());
                    response.bytes().await.expect("body");
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
    latencies.sort();
    latencies[(latencies.len() * 95 / 100).min(latencies.len() - 1)]
}

async fn inbox_bench(counter: &innspill::telemetry::QueryCounter) {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = innspill(dir.path(), "full").await;
    let store = innspill::store::open(&bench_settings(dir.path(), "full")).await.expect("store");
    fill(&store).await;
    // A caseworker on two teams, signed in with a session made directly.
    use innspill::domain::{Email, NewStaffUser, PasswordHash, Role};
    let teams = store.list_teams().await.expect("teams");
    let staff = store
        .create_staff_user(&NewStaffUser {
            email: Email::parse("bench@moss.kommune.no").expect("email"),
            display_name: "Bench".into(),
            password_hash: PasswordHash(String::new()),
            role: Role::Caseworker,
        })
        .await
        .expect("staff");
    store.set_staff_teams(staff, &[teams[5].id, teams[6].id]).await.expect("teams");
    let token = innspill::domain::submission::random_token();
    let now = chrono::Utc::now();
    store
        .create_session(&innspill::store::workspace::NewSession {
            id_hash: innspill::domain::submission::sha256_hex(token.as_bytes()),
            staff_id: staff,
            security_version: 1,
            now,
            expires_at: now + chrono::Duration::hours(12),
        })
        .await
        .expect("session");
    let cookie = format!("__Host-innspill_staff={token}");
    let client = reqwest::Client::new();
    let first = client.get(format!("{app}/ansatt")).header("cookie", &cookie).send().await.expect("inbox").text().await.expect("html");
    let next = first.split(r#"rel="next""#).next().and_then(|s| s.rsplit("href=\"").next()).and_then(|s| s.split('"').next()).expect("next link");
    let next = next.replace("&amp;", "&");
    println!("\n{:<34} {:>10} {:>10}", format!("inbox, {INBOX_ITEMS} items"), "p95 ms", "queries");
    for (name, path) in [
        ("my teams, first page", "/ansatt".to_string()),
        ("search «muggen lekkasje»", "/ansatt?q=muggen+lekkasje".to_string()),
        ("area + unassigned + due first", "/ansatt?area=jeloy&unassigned=1&sort=due".to_string()),
        ("second page (keyset)", next.clone()),
    ] {
        let url = format!("{app}{path}");
        // Statements one page costs, counted while nothing else runs.
        let before = counter.total();
        let response = client.get(&url).header("cookie", &cookie).send().await.expect("inbox");
        assert!(response.status().is_success());
        response.bytes().await.expect("body");
        let queries = counter.total() - before;
        let p95 = inbox_p95(&url, &cookie).await;
        println!("{name:<34} {:>10.1} {queries:>10}", p95.as_secs_f64() * 1000.0);
    }
    println!("\n(goal: inbox p95 <= 25 ms at concurrency {CONCURRENCY}; at most 3 queries per page)");
}

#[tokio::main]
async fn main() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let counter = innspill::telemetry::QueryCounter::default();
    use tracing_subscriber::Layer;
    let filtered = counter.clone().with_filter(tracing_subscriber::filter::filter_fn(innspill::telemetry::QueryCounter::interesting));
    let _ = tracing_subscriber::registry().with(filtered).try_init();
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

    inbox_bench(&counter).await;
}
