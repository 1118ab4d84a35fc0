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
//! - The public ideas page against a bare axum handler that reads the same
//!   20 rows with sqlx and writes the HTML by hand.
//!
//! Run: `tools/bench` (release build), or `tools/bench ideas inbox` for some
//! parts (`submissions`, `pages`, `ideas`, `inbox`). Numbers are printed, never asserted.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a measuring tool: a broken run stops at once, loudly")]

use axum::routing::post;
use domain::submission::IdempotencyKey;
use innspill::config::Settings;
use innspill::startup::Application;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const CONCURRENCY: usize = 8;

/// Whether the statement counter listens (see `main`).
static COUNTING: AtomicBool = AtomicBool::new(false);
const REQUESTS_PER_ROUND: usize = 2000;
const ROUNDS: usize = 3;

struct Stats {
    per_second: f64,
    p99: Duration,
    /// CPU time of this whole process (server, load generator, database
    /// threads) per request: on 2 cores this, not waiting, bounds throughput.
    cpu_per_request: Duration,
}

/// CPU time this process has used so far, on all its threads: user and
/// system time from `/proc/self/stat`, in clock ticks of 1/100 s (Linux's
/// `USER_HZ`). Read without unsafe code; a round lasts seconds, so the tick
/// is fine enough.
fn process_cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name (field 2) may hold spaces; the fields after it do not.
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or_default();
    let fields: Vec<u64> = after_name.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect();
    // utime and stime are fields 14 and 15; `fields` starts at field 3.
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Sends `REQUESTS_PER_ROUND` requests with `CONCURRENCY` workers: posts of
/// `form`, or plain GETs without it. No compression is asked for, so both
/// sides of a comparison do the same work per byte.
/// Builds one form post's fields.
type FormMaker = fn() -> Vec<(&'static str, String)>;

async fn load(url: String, form: Option<FormMaker>) -> Stats {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).no_gzip().build().expect("client");
    let started = Instant::now();
    let cpu_before = process_cpu_time();
    let per_worker = REQUESTS_PER_ROUND / CONCURRENCY;
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_worker);
                for _ in 0..per_worker {
                    let begin = Instant::now();
                    let request = match form {
                        Some(form) => client.post(&url).header("sec-fetch-site", "same-origin").form(&form()),
                        None => client.get(&url),
                    };
                    let response = request.send().await.expect("request");
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
    let cpu_per_request = (process_cpu_time() - cpu_before) / latencies.len() as u32;
    latencies.sort();
    let p99 = latencies[(latencies.len() * 99 / 100).min(latencies.len() - 1)];
    Stats { per_second: latencies.len() as f64 / elapsed.as_secs_f64(), p99, cpu_per_request }
}

/// Medians over the rounds of one side: requests/s, p99 in ms, CPU µs per request.
struct Side {
    rate: f64,
    p99_ms: f64,
    cpu_us: f64,
}

fn medians(stats: &[Stats]) -> Side {
    let median = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    Side {
        rate: median(stats.iter().map(|s| s.per_second).collect()),
        p99_ms: median(stats.iter().map(|s| s.p99.as_secs_f64() * 1000.0).collect()),
        cpu_us: median(stats.iter().map(|s| s.cpu_per_request.as_secs_f64() * 1e6).collect()),
    }
}

const COMPARISON_HEADER: &str = "innspill/s  baseline/s   ratio  p99 innspill  p99 base  CPU us/req innspill  base";

/// One line of a comparison: throughput, its ratio, p99s and CPU per request.
fn comparison_line(name: &str, ours: &Side, base: &Side) -> String {
    format!(
        "{name:<18} {:>10.0} {:>11.0} {:>7.2} {:>11.1}ms {:>7.1}ms {:>20.0} {:>5.0}",
        ours.rate,
        base.rate,
        ours.rate / base.rate,
        ours.p99_ms,
        base.p99_ms,
        ours.cpu_us,
        base.cpu_us
    )
}

fn idea_form() -> Vec<(&'static str, String)> {
    vec![
        ("title", "Benker i bakgården".into()),
        ("description", "Vi trenger benker der eldre kan hvile mellom handleturene.".into()),
        ("area", "jeloy".into()),
        ("theme", "ideer-nabolag".into()),
        ("submitter", "tenant".into()),
        ("contact", "anonymous".into()),
        // Signed as the server signs its forms (the bench sets the server's key), so
        // the load needs no form fetch per post.
        ("idempotency_key", IdempotencyKey::issue(BENCH_SESSION_KEY.as_bytes(), chrono::Utc::now() - chrono::Duration::minutes(1)).as_str().to_string()),
    ]
}

/// The server's `session_key` in the bench.
const BENCH_SESSION_KEY: &str = "the bench's own session key, long enough to be valid";

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
    // Tuned like the store's pools: no ping before each use of a local file.
    let pool = SqlitePoolOptions::new().test_before_acquire(false).max_connections(1).connect_with(options).await.expect("baseline db");
    sqlx::query("create table row (id integer primary key, body text not null, created_at text not null)").execute(&pool).await.expect("baseline table");
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
        ("INNSPILL_SESSION_KEY", BENCH_SESSION_KEY.into()),
        // One load generator on loopback is one sender: the limits would measure themselves.
        ("INNSPILL_LIMITS__SUBMISSIONS_PER_HOUR", "1000000".into()),
        ("INNSPILL_LIMITS__FLOOD_PER_MINUTE", "1000000".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Settings::from_sources(None, &env).expect("settings")
}

/// The real application on `dir`, with its store (for setting up data).
async fn innspill(dir: &std::path::Path, synchronous: &str) -> (String, std::sync::Arc<dyn innspill::store::Store>) {
    let settings = bench_settings(dir, synchronous);
    let store = innspill::store::open(&settings).await.expect("store");
    store.migrate().await.expect("migrate");
    innspill::demo::load(store.as_ref()).await.expect("demo data");
    let app = Application::with_store(settings, store.clone()).await.expect("app");
    let url = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    (url, store)
}

/// Bytes on the wire with gzip, as a browser would download them.
async fn compressed_size(client: &reqwest::Client, url: &str) -> usize {
    let response = client.get(url).header("accept-encoding", "gzip").send().await.expect("get");
    assert!(response.status().is_success(), "{url}: {}", response.status());
    response.bytes().await.expect("body").len()
}

/// Words the generated items are made of, so full-text search has work to do.
const WORDS: &[&str] = &[
    "bråk",
    "natt",
    "oppgang",
    "nabo",
    "søppel",
    "trapp",
    "husleie",
    "depositum",
    "venteliste",
    "bolig",
    "vedlikehold",
    "mugg",
    "lekkasje",
    "trygg",
    "barn",
    "lekeplass",
    "parkering",
    "heis",
    "vaktmester",
    "startlån",
    "svar",
    "brev",
];

/// Word endings, so the vocabulary is large enough for realistic searches.
const ENDINGS: &[&str] = &["", "en", "et", "er", "ene", "a", "ing", "ar", "te", "s"];

const INBOX_ITEMS: usize = 100_000;
const INBOX_REQUESTS: usize = 400;

/// 100 000 items spread over the demo teams, themes and areas, stored
/// through the real store (group commit, routing rows, full-text index).
async fn fill(store: &std::sync::Arc<dyn innspill::store::Store>) {
    use domain::routing::{Decision, Explanation, Routed, Via};
    use domain::submission::*;
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
                        detail: SubmissionDetail::Concern {
                            concern_kind: domain::vocabulary::ConcernKind::Noise,
                            occurred: None,
                            ongoing: i.is_multiple_of(2),
                            on_behalf: domain::vocabulary::OnBehalf::OwnBehalf,
                        },
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
                        idempotency_hash: format!("bench-key-{i}"),
                        token_key_id: String::new(),
                        tracking_token_hash: format!("bench-{i}"),
                        held: None,
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
    let (app, store) = innspill(dir.path(), "full").await;
    fill(&store).await;
    // A caseworker on two teams, signed in with a session made directly.
    use domain::{Email, NewStaffUser, PasswordHash, Role};
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
    let token = domain::submission::random_token();
    let now = chrono::Utc::now();
    store
        .create_session(&innspill::store::staff::NewSession {
            id_hash: domain::submission::sha256_hex(token.as_bytes()),
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
    // Statements are counted only while the inbox part runs: elsewhere the
    // counter's spans and sqlx's statement events would be work the server
    // does not do at its configured log level.
    let filtered = counter.clone().with_filter(tracing_subscriber::filter::filter_fn(|metadata| {
        COUNTING.load(Ordering::Relaxed) && innspill::telemetry::QueryCounter::interesting(metadata)
    }));
    let _ = tracing_subscriber::registry().with(filtered).try_init();
    // `tools/bench ideas inbox` runs only those parts; no argument runs all.
    let wanted: Vec<String> = std::env::args().skip(1).collect();
    let run = |part: &str| wanted.is_empty() || wanted.iter().any(|w| w == part);
    if run("submissions") {
        submissions_bench().await;
    }
    if run("pages") {
        page_weight_bench().await;
    }
    if run("ideas") {
        ideas_bench().await;
    }
    if run("inbox") {
        COUNTING.store(true, Ordering::Relaxed);
        inbox_bench(&counter).await;
    }
}

/// POST /ide against the bare insert, with synchronous NORMAL and FULL.
async fn submissions_bench() {
    println!("Innspill bench: {CONCURRENCY} concurrent clients, {ROUNDS} alternating rounds of {REQUESTS_PER_ROUND} posts each\n");
    println!("{:<18} {COMPARISON_HEADER}", "sqlite synchronous");
    for (name, mode) in [("normal", SqliteSynchronous::Normal), ("full", SqliteSynchronous::Full)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let (app, _) = innspill(dir.path(), name).await;
        let base = baseline(dir.path(), mode).await;
        // Warm-up: connections, page cache, allocator.
        load(format!("{app}/ide"), Some(idea_form)).await;
        load(base.clone(), Some(baseline_form)).await;
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            ours.push(load(format!("{app}/ide"), Some(idea_form)).await);
            theirs.push(load(base.clone(), Some(baseline_form)).await);
        }
        println!("{}", comparison_line(name, &medians(&ours), &medians(&theirs)));
    }
    println!("\n(goal: throughput ratio >= 0.5 with normal, >= 0.8 with full; CPU per request counts the whole process, load generator included)\n");
}

/// Compressed bytes each form page downloads.
async fn page_weight_bench() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (app, _) = innspill(dir.path(), "full").await;
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

const PUBLIC_IDEAS: usize = 200;

/// The rows the public ideas page shows, read the way the store reads them.
const IDEAS_PAGE_SQL: &str = "select s.id, coalesce(i.public_title, ''), coalesce(i.public_body, ''), i.support_count,
        (select count(*) from idea_comment c where c.submission_id = s.id and c.moderation_state = 'approved'),
        s.status, coalesce(i.published_at, s.created_at)
     from idea i join submission s on s.id = i.submission_id
     where i.moderation_state = 'approved' order by i.published_at desc, i.submission_id desc limit 20 offset 0";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A bare axum handler reading the same 20 ideas with sqlx from the same
/// database file and writing the HTML by hand, with no framework.
async fn ideas_baseline(db: &std::path::Path) -> String {
    let options = SqliteConnectOptions::from_str("sqlite:").expect("options").filename(db).read_only(true).journal_mode(SqliteJournalMode::Wal);
    let pool = SqlitePoolOptions::new().test_before_acquire(false).max_connections(8).connect_with(options).await.expect("baseline db");
    let app = axum::Router::new().route(
        "/ideer",
        axum::routing::get(move || {
            let pool = pool.clone();
            async move {
                type Row = (i64, String, String, i64, i64, String, chrono::DateTime<chrono::Utc>);
                let rows: Vec<Row> = sqlx::query_as(IDEAS_PAGE_SQL).fetch_all(&pool).await.expect("ideas");
                let mut html =
                    String::from("<!DOCTYPE html><html lang=\"nb\"><head><meta charset=\"utf-8\"><title>Ideer</title></head><body><main><h1>Ideer</h1><ul>");
                for (id, title, body, supports, comments, status, published) in rows {
                    html.push_str(&format!(
                        "<li><h2><a href=\"/ideer/{id}\">{}</a></h2><p>{}</p><p>{supports} støtter · {comments} kommentarer · {} · {}</p></li>",
                        escape(&title),
                        escape(&body),
                        escape(&status),
                        published.format("%d.%m.%Y")
                    ));
                }
                html.push_str("</ul></main></body></html>");
                axum::response::Html(html)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/ideer", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// The public ideas page (20 of `PUBLIC_IDEAS` approved ideas) against the bare baseline.
async fn ideas_bench() {
    use domain::participation::IdeaDecision;
    let dir = tempfile::tempdir().expect("temp dir");
    let (app, store) = innspill(dir.path(), "normal").await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    for _ in 0..PUBLIC_IDEAS {
        let response = client.post(format!("{app}/ide")).header("sec-fetch-site", "same-origin").form(&idea_form()).send().await.expect("idea");
        assert!(response.status().is_redirection());
    }
    // Approved by a moderator, through the store as the moderation page does it.
    let moderator = store
        .create_staff_user(&domain::NewStaffUser {
            email: domain::Email::parse("moderator@bench.invalid").expect("email"),
            display_name: "Bench".into(),
            password_hash: domain::PasswordHash(String::new()),
            role: domain::Role::Moderator,
        })
        .await
        .expect("moderator");
    let actor = domain::workspace::Actor { staff_id: moderator, team_id: None, client: None };
    for id in 1..=PUBLIC_IDEAS as i64 {
        let decision =
            IdeaDecision::Approve { title: format!("Benker i bakgården {id}"), body: "Vi trenger benker der eldre kan hvile mellom handleturene.".into() };
        store.moderate_idea(id, &decision, actor, None, chrono::Utc::now()).await.expect("approve");
    }
    let base = ideas_baseline(&dir.path().join("innspill.db")).await;
    let page = client.get(format!("{app}/ideer")).send().await.expect("page").text().await.expect("html");
    assert_eq!(page.matches("class=\"idea-card\"").count(), 20, "the page shows 20 ideas");
    let base_page = client.get(&base).send().await.expect("baseline page").text().await.expect("html");
    load(format!("{app}/ideer"), None).await;
    load(base.clone(), None).await;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        ours.push(load(format!("{app}/ideer"), None).await);
        theirs.push(load(base.clone(), None).await);
    }
    println!("\n{:<18} {COMPARISON_HEADER}", "public ideas");
    println!("{}", comparison_line("/ideer (20 rows)", &medians(&ours), &medians(&theirs)));
    println!(
        "\n(goal: ratio >= 0.6; {PUBLIC_IDEAS} approved ideas, {CONCURRENCY} clients, no compression on either side; page {:.1} kB, baseline's {:.1} kB)",
        page.len() as f64 / 1000.0,
        base_page.len() as f64 / 1000.0
    );
}
