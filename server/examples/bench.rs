//! `tools/bench`: honest numbers for the paths people wait on.
//!
//! Method (the README's "Measurements" says how to read the output):
//! - Every server under test is its own process, pinned to core 0 with
//!   `taskset`: the product is the release binary `innspill serve` at its
//!   production log level (`info`, text to a file); each baseline is this
//!   program started again as `bench baseline …`. The load generator is
//!   `wrk`, pinned to core 1. On PostgreSQL the cluster (started by the
//!   bench, `fsync` on) shares core 0 with the server under test.
//! - Rounds alternate product and baselines; every round is printed with
//!   the server's own CPU time per request, read from `/proc/<pid>/stat`
//!   (and the database cluster's, on PostgreSQL), never the whole machine.
//! - Every part runs on SQLite and on PostgreSQL, each on a copy of one
//!   database holding 100 000 items (half of them with contact details);
//!   product and baseline each get their own copy.
//! - Baselines are the best honest version of the same work: the submission
//!   baseline parses the same form and writes the same rows (submission,
//!   idea, owner, routing decision, reference number, and for posts with an
//!   e-mail the contact and the receipt in the outbox), naive (one
//!   transaction per post) and, on SQLite, with the same group commit;
//!   the page baselines run the product's query shape and write the page
//!   by hand (or serve the product's own bytes, for pages without data).
//! - SQL statements per page are counted from the product's own log
//!   (`sqlx::query` at debug, on a separate, unmeasured instance).
//!
//! Run: `tools/bench` (everything), or `tools/bench sqlite inbox` for some
//! parts (`submissions`, `pages`, `inbox`, `survey`, `insight`) on some databases (`sqlite`,
//! `postgres`). `BENCH_SECONDS` sets a round's length (default 5).
//! Numbers are printed, never asserted.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a measuring tool: a broken run stops at once, loudly")]

use domain::submission::IdempotencyKey;
use innspill::config::Settings;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Connections wrk keeps open: eight people posting at once.
const CONNECTIONS: usize = 8;
const ROUNDS: usize = 3;
const ITEMS: usize = 100_000;
const PUBLIC_IDEAS: usize = 200;
/// The server's `session_key`, so the bench can sign form keys itself.
const BENCH_SESSION_KEY: &str = "the bench's own session key, long enough to be valid";
/// The core servers (and the database cluster) run on; wrk gets the other.
const SERVER_CORE: &str = "0";
const LOAD_CORE: &str = "1";

fn round_seconds() -> u64 {
    std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5)
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

// ---------------------------------------------------------------- processes

/// A process under test, killed when dropped.
struct Server {
    child: Child,
    url: String,
    name: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn pid(&self) -> u32 {
        self.child.id()
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// Polls `url` until it answers 200: start-up includes migrations.
async fn wait_until_up(url: &str, child: &mut Child, log: Option<&Path>) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(response) = client.get(url).send().await {
            if response.status().is_success() {
                return;
            }
        }
        if let Ok(Some(status)) = child.try_wait() {
            let said = log.and_then(|l| std::fs::read_to_string(l).ok()).unwrap_or_default();
            panic!("{url}: the server exited with {status} before it was ready:\n{said}");
        }
        assert!(Instant::now() < deadline, "{url} did not come up in 2 minutes");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The product: the release binary, at its production log level, pinned.
async fn start_product(name: &str, database_url: &str, dir: &Path, extra: &[(&str, &str)]) -> Server {
    let port = free_port();
    let binary = repo_root().join("target/release/innspill");
    assert!(binary.exists(), "{} is missing: tools/bench builds it with cargo leptos build --release", binary.display());
    let log_path = dir.join(format!("{name}.log"));
    let log = std::fs::File::create(&log_path).expect("log file");
    let mut command = Command::new("taskset");
    command
        .args(["-c", SERVER_CORE])
        .arg(&binary)
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("INNSPILL_LISTEN", format!("127.0.0.1:{port}"))
        .env("INNSPILL_SITE_ROOT", repo_root().join("target/site"))
        .env("INNSPILL_MAIL__DIR", dir.join(format!("{name}-mail")))
        .env("INNSPILL_SESSION_KEY", BENCH_SESSION_KEY)
        // One load generator on loopback is one sender: the per-sender
        // limits and the flood gauge would otherwise measure themselves.
        .env("INNSPILL_LIMITS__SUBMISSIONS_PER_HOUR", "1000000")
        .env("INNSPILL_LIMITS__FLOOD_PER_MINUTE", "1000000")
        .env("INNSPILL_LIMITS__RECEIPTS_PER_DAY", "1000")
        .stdout(log.try_clone().expect("log"))
        .stderr(log);
    for (key, value) in extra {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("start innspill");
    let url = format!("http://127.0.0.1:{port}");
    wait_until_up(&format!("{url}/health/ready"), &mut child, Some(&log_path)).await;
    Server { child, url, name: "innspill".into() }
}

/// A baseline: this program again, as `bench baseline MODE DATABASE_URL PORT [FILE]`.
async fn start_baseline(name: &str, mode: &str, database_url: &str, file: Option<&Path>) -> Server {
    let port = free_port();
    let mut command = Command::new("taskset");
    command.args(["-c", SERVER_CORE]).arg(std::env::current_exe().expect("own path")).args(["baseline", mode, database_url, &port.to_string()]);
    if let Some(file) = file {
        command.arg(file);
    }
    let mut child = command.stdout(Stdio::null()).spawn().expect("start baseline");
    let url = format!("http://127.0.0.1:{port}");
    wait_until_up(&format!("{url}/up"), &mut child, None).await;
    Server { child, url, name: name.into() }
}

/// User plus system CPU time of one process (all its threads), from
/// `/proc/PID/stat`, in clock ticks of 10 ms (Linux's `USER_HZ`).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name (field 2) may hold spaces; the fields after it do not.
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or_default();
    let fields: Vec<u64> = after_name.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect();
    // utime and stime are fields 14 and 15; `fields` starts at field 3.
    fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0)
}

/// Peak resident memory of a process (`VmHWM`), in MB.
fn peak_rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb: f64 = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.split_whitespace().next()).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    kb / 1024.0
}

/// The PostgreSQL cluster's processes: the postmaster and its children.
fn cluster_ticks(postmaster: u32) -> u64 {
    let mut total = cpu_ticks(postmaster);
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let parent = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)).and_then(|p| p.parse::<u32>().ok());
        if parent == Some(postmaster) {
            total += cpu_ticks(pid);
        }
    }
    total
}

// ---------------------------------------------------------------- PostgreSQL

/// A throwaway PostgreSQL cluster in a temporary folder, pinned to the
/// servers' core, with production durability (`fsync` and synchronous commit on).
struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Cluster {
    fn start() -> Option<Cluster> {
        let bin = std::fs::read_dir("/usr/lib/postgresql").ok()?.flatten().map(|e| e.path().join("bin")).filter(|p| p.join("initdb").exists()).max()?;
        let dir = tempfile::Builder::new().prefix("innspill-bench-pg").tempdir_in("/tmp").expect("temp dir");
        let data = dir.path().join("data");
        let as_postgres = |program: &str| {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(bin.join(program));
            command
        };
        let _ = Command::new("chown").args(["postgres:postgres"]).arg(dir.path()).status();
        let ok = as_postgres("initdb").args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"]).arg(&data).stdout(Stdio::null()).status().ok()?.success();
        assert!(ok, "initdb failed");
        let port = free_port();
        let options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200", dir.path().display());
        let mut start = Command::new("taskset");
        start
            .args(["-c", SERVER_CORE, "runuser", "-u", "postgres", "--"])
            .arg(bin.join("pg_ctl"))
            .args(["-w", "-D"])
            .arg(&data)
            .arg("-l")
            .arg(dir.path().join("log"))
            .args(["-o", &options, "start"])
            .stdout(Stdio::null());
        assert!(start.status().expect("pg_ctl").success(), "the PostgreSQL cluster did not start");
        Some(Cluster { bin, data, port, _dir: dir })
    }

    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    fn postmaster(&self) -> u32 {
        let pid = std::fs::read_to_string(self.data.join("postmaster.pid")).unwrap_or_default();
        pid.lines().next().and_then(|l| l.trim().parse().ok()).unwrap_or(0)
    }

    async fn admin(&self, sql: &str) {
        use sqlx::Connection as _;
        let mut conn = sqlx::PgConnection::connect(&self.url("postgres")).await.expect("connect");
        sqlx::query(sql).execute(&mut conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        conn.close().await.expect("close");
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-m", "immediate", "-D"])
            .arg(&self.data)
            .arg("stop")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

// ---------------------------------------------------------------- databases

/// One database under test: SQLite files or PostgreSQL databases, all
/// copies of one filled template.
enum Database {
    Sqlite { dir: tempfile::TempDir, template: PathBuf },
    Postgres { cluster: Cluster, dir: tempfile::TempDir },
}

impl Database {
    fn name(&self) -> &'static str {
        match self {
            Database::Sqlite { .. } => "sqlite",
            Database::Postgres { .. } => "postgres",
        }
    }

    fn dir(&self) -> &Path {
        match self {
            Database::Sqlite { dir, .. } | Database::Postgres { dir, .. } => dir.path(),
        }
    }

    /// A fresh copy of the template, as a `DATABASE_URL`.
    async fn copy(&self, name: &str) -> String {
        match self {
            Database::Sqlite { dir, template } => {
                let target = dir.path().join(format!("{name}.db"));
                innspill::store::sqlite::backup(template, &target).await.expect("copy the template");
                format!("sqlite://{}", target.display())
            }
            Database::Postgres { cluster, .. } => {
                cluster.admin(&format!("create database {name} template bench_template")).await;
                cluster.url(name)
            }
        }
    }

    /// CPU ticks of the database processes (none for embedded SQLite).
    fn database_ticks(&self) -> u64 {
        match self {
            Database::Sqlite { .. } => 0,
            Database::Postgres { cluster, .. } => cluster_ticks(cluster.postmaster()),
        }
    }

    async fn prepare(kind: &str) -> Option<Database> {
        let dir = tempfile::tempdir().expect("temp dir");
        let started = Instant::now();
        let database = match kind {
            "sqlite" => {
                let template = dir.path().join("template.db");
                fill_template(&format!("sqlite://{}", template.display()), dir.path()).await;
                Database::Sqlite { dir, template }
            }
            _ => {
                let Some(cluster) = Cluster::start() else {
                    println!("postgres: SKIPPED — no PostgreSQL server binaries (apt-get install postgresql)");
                    return None;
                };
                cluster.admin("create database bench_template").await;
                // Only while filling: the copies keep the cluster's defaults.
                cluster.admin("alter database bench_template set synchronous_commit = off").await;
                fill_template(&cluster.url("bench_template"), dir.path()).await;
                cluster.admin("alter database bench_template reset synchronous_commit").await;
                cluster.admin("checkpoint").await;
                Database::Postgres { cluster, dir }
            }
        };
        println!("({kind}: template with {ITEMS} items and {PUBLIC_IDEAS} public ideas made in {:.0} s)", started.elapsed().as_secs_f64());
        Some(database)
    }
}

fn settings_for(database_url: &str, dir: &Path) -> Settings {
    let env: Vec<(String, String)> = [
        ("DATABASE_URL", database_url.to_string()),
        ("INNSPILL_LISTEN", "127.0.0.1:0".into()),
        ("INNSPILL_MAIL__DIR", dir.join("mail").display().to_string()),
        ("INNSPILL_SESSION_KEY", BENCH_SESSION_KEY.into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Settings::from_sources(None, &env).expect("settings")
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

/// The words of generated item `i`: 12 from 22 stems × 10 endings, so
/// each form is in about 5 % of items.
fn item_words(i: usize) -> Vec<String> {
    (0..12)
        .map(|k| {
            let n = i.wrapping_mul(2654435761).wrapping_add(k * 40503) % (WORDS.len() * ENDINGS.len());
            format!("{}{}", WORDS[n % WORDS.len()], ENDINGS[n / WORDS.len()])
        })
        .collect()
}

/// Eight two-word searches as a caseworker types them (a stem, then a
/// form, both matched as word starts) that each find about 4 % of the
/// caseworker's items (those on teams 5 and 6 of `teams`), from the
/// generator itself.
fn four_percent_searches(teams: usize) -> Vec<(String, f64)> {
    let forms: Vec<String> = ENDINGS.iter().flat_map(|e| WORDS.iter().map(move |w| format!("{w}{e}"))).collect();
    let mine: Vec<Vec<String>> = (0..ITEMS).filter(|i| [5, 6].contains(&(i % teams))).map(item_words).collect();
    let mut pairs: Vec<(String, f64)> = Vec::new();
    for stem in WORDS {
        for form in forms.iter().filter(|f| !f.starts_with(stem)) {
            let hits = mine.iter().filter(|words| words.iter().any(|w| w.starts_with(stem)) && words.iter().any(|w| w.starts_with(form.as_str()))).count();
            pairs.push((format!("{stem} {form}"), hits as f64 * 100.0 / mine.len().max(1) as f64));
        }
    }
    pairs.sort_by(|a, b| (a.1 - 4.0).abs().total_cmp(&(b.1 - 4.0).abs()));
    // Eight different first words, so the searches are not one search repeated.
    let mut chosen: Vec<(String, f64)> = Vec::new();
    for pair in pairs {
        let first = pair.0.split(' ').next().unwrap_or_default().to_string();
        if chosen.len() < 8 && !chosen.iter().any(|(q, _)| q.starts_with(&format!("{first} "))) {
            chosen.push(pair);
        }
    }
    chosen
}

/// Demo data, `ITEMS` items through the real store (half with contact
/// details), and `PUBLIC_IDEAS` approved ideas, in the database at `url`.
async fn fill_template(url: &str, dir: &Path) {
    use domain::routing::{Decision, Explanation, Routed, Via};
    use domain::submission::*;
    let store = innspill::store::open(&settings_for(url, dir)).await.expect("store");
    store.migrate().await.expect("migrate");
    innspill::demo::load(store.as_ref()).await.expect("demo data");
    let teams = store.list_teams().await.expect("teams");
    let themes = store.list_themes().await.expect("themes");
    let areas = store.list_areas().await.expect("areas");
    let item = {
        let teams = teams.clone();
        move |i: usize, kind: InputKind| {
            let text = item_words(i);
            let body = BoundedText::parse("description", &text.join(" "), TextLimits { required: true, max_chars: 4000 }).unwrap().unwrap();
            let received_at = chrono::Utc::now() - chrono::Duration::minutes((ITEMS - i % ITEMS) as i64);
            let contact = if i.is_multiple_of(2) {
                Contact::Reachable { email: Some(domain::Email::parse(&format!("beboer{i}@example.org")).unwrap()), phone: None }
            } else {
                Contact::Anonymous
            };
            NewSubmission {
                kind,
                detail: match kind {
                    InputKind::Idea => SubmissionDetail::Idea,
                    _ => SubmissionDetail::Concern {
                        concern_kind: domain::vocabulary::ConcernKind::Noise,
                        occurred: None,
                        ongoing: i.is_multiple_of(2),
                        on_behalf: domain::vocabulary::OnBehalf::OwnBehalf,
                    },
                },
                address: None,
                theme_id: Some(themes[i % themes.len()].id),
                area_id: Some(areas[i % areas.len()].id),
                submitter_kind: SubmitterKind::Neighbour,
                organisation_name: None,
                requests_help: false,
                locale: "nb".into(),
                title: None,
                body: Some(body.clone()),
                personal_data_flags: String::new(),
                contact,
                idempotency_hash: format!("bench-key-{i}"),
                token_key_id: String::new(),
                tracking_token_hash: format!("bench-{i}"),
                held: None,
                reference_prefix: "MOSS".into(),
                received_at,
                receipt: None,
                routing: Routed {
                    decisions: vec![Decision {
                        team_id: Some(teams[i % teams.len()].id),
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
                api: None,
            }
        }
    };
    let tasks: Vec<_> = (0..32)
        .map(|task| {
            let (store, item) = (store.clone(), item.clone());
            tokio::spawn(async move {
                for i in (task..ITEMS).step_by(32) {
                    store.create_submission(&item(i, InputKind::Concern)).await.expect("store item");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("fill task");
    }
    // Public ideas, approved through the store as the moderation page does it.
    // Staff without a password: the bench signs in with a session it makes itself.
    let staff_user = |email: &'static str, role: domain::Role| {
        let store = store.clone();
        async move {
            let user = domain::NewStaffUser {
                email: domain::Email::parse(email).expect("email"),
                display_name: "Bench".into(),
                password_hash: domain::PasswordHash(String::new()),
                role,
            };
            store.create_staff_user(&user).await.expect("staff user")
        }
    };
    let moderator = staff_user("moderator@bench.invalid", domain::Role::Moderator).await;
    let actor = domain::workspace::Actor { staff_id: moderator, team_id: None, client: None };
    for n in 0..PUBLIC_IDEAS {
        let created = store.create_submission(&item(ITEMS + n, InputKind::Idea)).await.expect("idea");
        let decision = domain::participation::IdeaDecision::Approve {
            title: format!("Benker i bakgården {n}"),
            body: "Vi trenger benker der eldre kan hvile mellom handleturene, og et tak over sykkelstativet.".into(),
        };
        store.moderate_idea(created.id, &decision, actor, None, chrono::Utc::now()).await.expect("approve");
    }
    fill_survey(store.as_ref(), teams[0].id, actor).await;
    // The moderator's session, for the staff results and the CSV.
    sign_in(store.as_ref(), MODERATOR_SESSION, moderator).await;
    // A caseworker on two teams, for the inbox.
    let staff = staff_user("bench@moss.kommune.no", domain::Role::Caseworker).await;
    store.set_staff_teams(staff, &[teams[5].id, teams[6].id]).await.expect("teams");
    sign_in(store.as_ref(), INBOX_SESSION, staff).await;
    store.close().await;
}

/// A staff session with the token `token`, as signing in makes one.
async fn sign_in(store: &dyn innspill::store::Store, token: &str, staff_id: i64) {
    let now = chrono::Utc::now();
    let session = innspill::store::staff::NewSession {
        id_hash: domain::submission::sha256_hex(token.as_bytes()),
        staff_id,
        security_version: 1,
        now,
        expires_at: now + chrono::Duration::days(2),
    };
    store.create_session(&session).await.expect("session");
}

/// Answer sets in the bench's consultation.
const SURVEY_RESPONSES: usize = 5_000;
const SURVEY_SLUG: &str = "uteomradet-pa-jeloy";
/// The moderator's session token in every copy of the template.
const MODERATOR_SESSION: &str = "bench-moderator-session-token-0123456789abc";
// Session tokens are 43 characters, or the server does not look them up.
const _: () = assert!(INBOX_SESSION.len() == 43 && MODERATOR_SESSION.len() == 43);

/// A closed consultation with four questions, `SURVEY_RESPONSES` answer
/// sets and published results, through the real store.
async fn fill_survey(store: &dyn innspill::store::Store, team_id: i64, actor: domain::workspace::Actor) {
    use domain::consultation::{Answer, ConsultationDraft, DraftInput, NewResponse, QuestionDraft, ResponseOutcome};
    let now = chrono::Utc::now();
    let today = domain::time::norway(now).date_naive().to_string();
    let later = domain::time::norway(now + chrono::Duration::days(14)).date_naive().to_string();
    let draft = ConsultationDraft::parse(DraftInput {
        title: "Uteområdet på Jeløy",
        introduction: "Vi vil vite hva dere ønsker for uteområdet.",
        team_id: Some(team_id),
        area_ids: vec![],
        opens_on: &today,
        closes_on: &later,
        locale: "nb",
    })
    .expect("draft");
    let id = store.create_consultation(&draft, SURVEY_SLUG, actor, now).await.expect("consultation");
    for (kind, prompt, options) in [
        ("single_choice", "Bruker du uteområdet?", "Ja, ofte\nAv og til\nNei"),
        ("multiple_choice", "Hva savner du?", "Benker\nLekeplass\nLys\nBlomster"),
        ("scale", "Hvor trygt føles det om kvelden?", "Svært utrygt\nSvært trygt"),
        ("long_text", "Noe annet du vil si?", ""),
    ] {
        let question = QuestionDraft::parse(kind, prompt, false, options).expect("question");
        assert!(store.save_question(id, None, &question, actor, now).await.expect("question"));
    }
    store.set_consultation_state(id, "open", actor, now).await.expect("open");
    let questions = store.consultation(id).await.expect("consultation").expect("consultation").questions;
    for n in 0..SURVEY_RESPONSES {
        let words: Vec<&str> = (0..10).map(|k| WORDS[(n * 7 + k * 3) % WORDS.len()]).collect();
        let response = NewResponse {
            consultation_id: id,
            respondent_hash: format!("bench-respondent-{n}"),
            locale: "nb".into(),
            personal_data_flags: String::new(),
            idempotency_hash: format!("bench-survey-{n}"),
            answers: vec![
                Answer::Choices { question_id: questions[0].id, option_ids: vec![questions[0].options[n % 3].id] },
                Answer::Choices { question_id: questions[1].id, option_ids: vec![questions[1].options[n % 4].id, questions[1].options[(n + 1) % 4].id] },
                Answer::Scale { question_id: questions[2].id, value: (n % 5) as i64 + 1 },
                Answer::Text { question_id: questions[3].id, text: words.join(" ") },
            ],
            now,
        };
        assert_eq!(store.store_response(&response).await.expect("answer set"), ResponseOutcome::Stored);
    }
    store.set_consultation_state(id, "closed", actor, chrono::Utc::now()).await.expect("close");
    store.publish_results(id, actor, chrono::Utc::now()).await.expect("publish");
}

/// The caseworker's session token in every copy of the template.
const INBOX_SESSION: &str = "bench-inbox-session-token-0123456789abcdefg";

// ---------------------------------------------------------------- load

/// What wrk measured in one round, with the server's CPU over that round.
struct Round {
    errors: u64,
    per_second: f64,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    /// CPU µs per request of the server process.
    server_us: f64,
    /// CPU µs per request of the database cluster (PostgreSQL only).
    database_us: f64,
}

/// The wrk script: requests from a file (one per line: `METHOD PATH BODY`),
/// taken in turn, and a summary line the bench parses.
const WRK_SCRIPT: &str = r#"
local threads = {}
setup = function(thread) table.insert(threads, thread) end
local lines = {}
local i = 0
local cookie = nil
unexpected = 0
init = function(args)
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  cookie = args[2]
end
request = function()
  i = i + 1
  if i > #lines then i = 1 end
  local method, path, body = lines[i]:match("^(%S+) (%S+) ?(.*)$")
  local headers = { ["Sec-Fetch-Site"] = "same-origin" }
  if cookie and cookie ~= "" then headers["Cookie"] = cookie end
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path, headers)
end
-- A post answers 303 (to its receipt), a page 200: anything else is an error
-- (a redirect to the sign-in page would otherwise pass as fast success).
response = function(status, headers, body)
  if status < 400 and status ~= 200 and status ~= 303 then unexpected = unexpected + 1 end
  if status == 303 and headers["Location"] and headers["Location"]:find("logg%-inn") then unexpected = unexpected + 1 end
end
done = function(summary, latency, requests)
  local e = summary.errors
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("unexpected") or 0) end
  io.write(string.format("BENCH %d %d %d %d %d %d\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout + bad, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"#;

/// One round: wrk on the load core against `server`, for `requests` (a
/// file of request lines, used once each as far as they go).
fn wrk_round(server: &Server, database: &Database, requests: &Path, cookie: &str, dir: &Path) -> Round {
    let script = dir.join("bench.lua");
    if !script.exists() {
        std::fs::write(&script, WRK_SCRIPT).expect("script");
    }
    let (server_before, database_before) = (cpu_ticks(server.pid()), database.database_ticks());
    let output = Command::new("taskset")
        .args(["-c", LOAD_CORE, "wrk", "-t1", &format!("-c{CONNECTIONS}"), &format!("-d{}s", round_seconds()), "--timeout", "10s", "-s"])
        .arg(&script)
        .arg(&server.url)
        .arg("--")
        .arg(requests)
        .arg(cookie)
        .output()
        .expect("wrk (apt-get install wrk)");
    let (server_after, database_after) = (cpu_ticks(server.pid()), database.database_ticks());
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().find_map(|l| l.strip_prefix("BENCH ")).unwrap_or_else(|| panic!("wrk printed no summary: {text}"));
    let n: Vec<u64> = line.split_whitespace().map(|v| v.parse().unwrap_or(0)).collect();
    let (requests, duration_us) = (n[0].max(1), n[1].max(1));
    let per_request = |ticks: u64| ticks as f64 * 10_000.0 / requests as f64;
    Round {
        errors: n[2],
        per_second: requests as f64 / (duration_us as f64 / 1e6),
        p50_ms: n[3] as f64 / 1000.0,
        p95_ms: n[4] as f64 / 1000.0,
        p99_ms: n[5] as f64 / 1000.0,
        server_us: per_request(server_after.saturating_sub(server_before)),
        // A database process that exits in the round takes its ticks along.
        database_us: per_request(database_after.saturating_sub(database_before)),
    }
}

const ROUND_HEADER: &str = "                                  req/s    p50 ms   p95 ms   p99 ms  server µs/req  db µs/req  errors";

fn print_round(label: &str, round: &Round) {
    println!(
        "  {label:<30} {:>7.0} {:>9.2} {:>8.2} {:>8.2} {:>14.0} {:>10.0} {:>7}",
        round.per_second, round.p50_ms, round.p95_ms, round.p99_ms, round.server_us, round.database_us, round.errors
    );
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

/// Medians over rounds.
struct Summary {
    per_second: f64,
    p95_ms: f64,
    server_us: f64,
    database_us: f64,
}

fn summarise(rounds: &[Round]) -> Summary {
    Summary {
        per_second: median(rounds.iter().map(|r| r.per_second).collect()),
        p95_ms: median(rounds.iter().map(|r| r.p95_ms).collect()),
        server_us: median(rounds.iter().map(|r| r.server_us).collect()),
        database_us: median(rounds.iter().map(|r| r.database_us).collect()),
    }
}

/// Runs `ROUNDS` alternating rounds over `sides` (each with its request
/// file), printing every round; returns each side's medians.
fn alternate(sides: &[(&Server, &dyn Fn(usize) -> PathBuf)], database: &Database, cookie: &str) -> Vec<Summary> {
    let dir = database.dir();
    // Warm-up: connections, page cache, allocator, prepared statements.
    for (server, requests) in sides {
        let mut warm = Command::new("taskset");
        warm.args(["-c", LOAD_CORE, "wrk", "-t1", &format!("-c{CONNECTIONS}"), "-d1s", "-s"])
            .arg(dir.join("bench.lua"))
            .arg(&server.url)
            .arg("--")
            .arg(requests(usize::MAX))
            .arg(cookie);
        let _ = warm.output();
    }
    let mut rounds: Vec<Vec<Round>> = sides.iter().map(|_| Vec::new()).collect();
    for n in 0..ROUNDS {
        for (side, (server, requests)) in sides.iter().enumerate() {
            let round = wrk_round(server, database, &requests(n), cookie, dir);
            print_round(&format!("round {} {}", n + 1, server.name), &round);
            rounds[side].push(round);
        }
    }
    rounds.iter().map(|r| summarise(r)).collect()
}

/// A target line: what was measured against what the issue asks.
struct Targets(Vec<String>);

impl Targets {
    fn at_least(&mut self, name: &str, value: f64, goal: f64) {
        self.0.push(format!("  {:<58} {value:>7.2}  goal ≥ {goal:<5} {}", name, if value >= goal { "met" } else { "NOT MET" }));
    }

    fn at_most(&mut self, name: &str, value: f64, goal: f64) {
        self.0.push(format!("  {:<58} {value:>7.2}  goal ≤ {goal:<5} {}", name, if value <= goal { "met" } else { "NOT MET" }));
    }
}

// ---------------------------------------------------------------- submissions

/// One idea post's form body; every second one with a contact e-mail.
fn idea_post(n: usize, issued: chrono::DateTime<chrono::Utc>) -> String {
    let key = IdempotencyKey::issue(BENCH_SESSION_KEY.as_bytes(), issued);
    let mut fields = vec![
        ("title", "Benker i bakgården".to_string()),
        ("description", "Vi trenger benker der eldre kan hvile mellom handleturene.".into()),
        ("area", "jeloy".into()),
        ("theme", "ideer-nabolag".into()),
        ("submitter", "tenant".into()),
        ("idempotency_key", key.as_str().to_string()),
    ];
    if n.is_multiple_of(2) {
        fields.extend([("contact", "contact".to_string()), ("email", format!("beboer{n}@example.org")), ("consent", "yes".into())]);
    } else {
        fields.push(("contact", "anonymous".into()));
    }
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish()
}

/// A file of fresh posts (each key used once), enough for one round.
fn post_file(dir: &Path, label: &str) -> PathBuf {
    let path = dir.join(format!("posts-{label}.txt"));
    let issued = chrono::Utc::now() - chrono::Duration::minutes(1);
    let count = 12_000 * round_seconds() as usize;
    let mut text = String::with_capacity(count * 300);
    for n in 0..count {
        text.push_str("POST /ide ");
        text.push_str(&idea_post(n, issued));
        text.push('\n');
    }
    std::fs::write(&path, text).expect("posts");
    path
}

async fn count_rows(database_url: &str, sql: &str) -> i64 {
    use sqlx::Connection as _;
    if database_url.starts_with("sqlite") {
        let mut conn = sqlx::SqliteConnection::connect(database_url).await.expect("connect");
        sqlx::query_scalar(sql).fetch_one(&mut conn).await.expect("count")
    } else {
        let mut conn = sqlx::PgConnection::connect(database_url).await.expect("connect");
        sqlx::query_scalar(sql).fetch_one(&mut conn).await.expect("count")
    }
}

async fn submissions_part(database: &Database, targets: &mut Targets) {
    let dir = database.dir().to_path_buf();
    let modes: Vec<(&str, Vec<(&str, &str)>)> = match database {
        Database::Sqlite { .. } => {
            vec![("normal", vec![("INNSPILL_DATABASE__SQLITE_SYNCHRONOUS", "normal")]), ("full", vec![("INNSPILL_DATABASE__SQLITE_SYNCHRONOUS", "full")])]
        }
        Database::Postgres { .. } => vec![("pool 16", vec![])],
    };
    for (mode, env) in modes {
        println!("\nPOST /ide on {} ({mode}), {CONNECTIONS} connections, half with a contact e-mail", database.name());
        println!("{ROUND_HEADER}");
        let label = mode.replace(' ', "");
        let product_url = database.copy(&format!("product_{label}")).await;
        let product = start_product(&format!("product-{label}"), &product_url, &dir, &env).await;
        let sync = if mode == "normal" { "normal" } else { "full" };
        let naive_url = database.copy(&format!("naive_{label}")).await;
        let naive = start_baseline("baseline naive", &format!("submit-naive-{sync}"), &naive_url, None).await;
        let mut servers = vec![(&product, product_url.clone()), (&naive, naive_url.clone())];
        let grouped_url = database.copy(&format!("grouped_{label}")).await;
        let grouped;
        if matches!(database, Database::Sqlite { .. }) {
            grouped = Some(start_baseline("baseline grouped", &format!("submit-grouped-{sync}"), &grouped_url, None).await);
            servers.push((grouped.as_ref().unwrap(), grouped_url.clone()));
        }
        let before: Vec<i64> = count_in_each(servers.iter().map(|(_, url)| url.clone()).collect(), "select count(*) from submission").await;
        let files: Vec<PathBuf> = (0..ROUNDS).map(|n| post_file(&dir, &format!("{label}-{n}"))).collect();
        let warm = post_file(&dir, &format!("{label}-warm"));
        let pick = |n: usize| if n == usize::MAX { warm.clone() } else { files[n].clone() };
        let sides: Vec<(&Server, &dyn Fn(usize) -> PathBuf)> = servers.iter().map(|(s, _)| (*s, &pick as &dyn Fn(usize) -> PathBuf)).collect();
        let summaries = alternate(&sides, database, "");
        // Each side's rows: posts acknowledged must be posts stored, and none held back.
        let after: Vec<i64> = count_in_each(servers.iter().map(|(_, url)| url.clone()).collect(), "select count(*) from submission").await;
        let held = count_rows(&product_url, "select count(*) from submission where held_reason is not null").await;
        let mails = count_rows(&product_url, "select count(*) from outbox").await;
        for ((server, _), (b, a)) in servers.iter().zip(before.iter().zip(&after)) {
            println!("  {:<30} stored {} items in all rounds", server.name, a - b);
        }
        println!("  innspill: {held} held back (must be 0), {mails} receipts in the outbox, peak RSS {:.0} MB", peak_rss_mb(product.pid()));
        targets.at_most(&format!("{}: submissions {mode} peak RSS MB", database.name()), peak_rss_mb(product.pid()), 100.0);
        targets.at_most(&format!("{}: submissions {mode} held back", database.name()), held as f64, 0.0);
        let (ours, theirs) = (&summaries[0], &summaries[summaries.len() - 1]);
        println!(
            "  medians: innspill {:.0}/s at {:.0}+{:.0} µs CPU; {} {:.0}/s at {:.0}+{:.0} µs",
            ours.per_second,
            ours.server_us,
            ours.database_us,
            servers[servers.len() - 1].0.name,
            theirs.per_second,
            theirs.server_us,
            theirs.database_us
        );
        let versus = if summaries.len() > 2 { "group-committed" } else { "naive" };
        targets.at_least(&format!("{}: submissions {mode} ÷ {versus} baseline", database.name()), ours.per_second / theirs.per_second, 0.5);
        drop(product);
    }
}

/// The same count in several databases, one after the other.
async fn count_in_each(urls: Vec<String>, sql: &str) -> Vec<i64> {
    let mut counts = Vec::new();
    for url in urls {
        counts.push(count_rows(&url, sql).await);
    }
    counts
}

// ---------------------------------------------------------------- pages

/// A request file with one or more GET paths.
fn get_file(dir: &Path, label: &str, paths: &[String]) -> PathBuf {
    let path = dir.join(format!("get-{label}.txt"));
    std::fs::write(&path, paths.iter().map(|p| format!("GET {p}\n")).collect::<String>()).expect("paths");
    path
}

/// SQL statements one request costs, counted in the log of an instance at
/// `sqlx::query=debug`: the fewest over three requests, so a background
/// job's statements between them do not count.
async fn statements_per_request(log: &Path, url: &str, cookie: &str) -> usize {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let count = || std::fs::read_to_string(log).unwrap_or_default().lines().filter(|l| l.contains("sqlx::query")).count();
    let mut fewest = usize::MAX;
    for _ in 0..3 {
        let before = count();
        let response = client.get(url).header("cookie", cookie).send().await.expect("get");
        assert_eq!(response.status(), 200, "{url}");
        response.bytes().await.expect("body");
        fewest = fewest.min(count() - before);
    }
    fewest
}

async fn pages_part(database: &Database, targets: &mut Targets) {
    let dir = database.dir().to_path_buf();
    let product_url = database.copy("product_pages").await;
    let product = start_product("product-pages", &product_url, &dir, &[]).await;
    let client = reqwest::Client::new();
    let fetch = |path: &str| {
        let (client, url) = (client.clone(), format!("{}{path}", product.url));
        async move {
            let response = client.get(&url).send().await.expect("page");
            assert_eq!(response.status(), 200, "{url}");
            let skip = ["date", "content-length", "transfer-encoding", "vary", "x-request-id"];
            let headers: String = response
                .headers()
                .iter()
                .filter(|(name, _)| !skip.contains(&name.as_str()))
                .map(|(name, value)| format!("{name}: {}\n", value.to_str().unwrap_or_default()))
                .collect();
            (response.text().await.expect("html"), headers)
        }
    };
    // Each public page against a baseline process: /ideer against the
    // product's query shape with the rows written by hand; the pages
    // without data from the database (the home page's team names come from
    // the cached catalog) against the product's own page cut into its fixed
    // parts, with a fresh CSP nonce and a fresh signed form key spliced in
    // per request, and the product's headers: how one would write them by hand.
    let mut rows: Vec<(String, Summary, Summary)> = Vec::new();
    for (path, mode) in [("/health/live", None), ("/ide", Some("spliced")), ("/", Some("spliced")), ("/ideer", Some("ideas"))] {
        let (html, headers) = fetch(path).await;
        let page_file = dir.join(format!("page{}.html", path.replace('/', "-")));
        std::fs::write(&page_file, &html).expect("page");
        // The product's headers, for the hand-written page to send the same.
        std::fs::write(page_file.with_extension("headers"), headers).expect("headers");
        let requests = get_file(&dir, &format!("page{}", path.replace('/', "-")), &[path.to_string()]);
        let pick = |_: usize| requests.clone();
        println!("\nGET {path} on {} ({:.1} kB)", database.name(), html.len() as f64 / 1000.0);
        println!("{ROUND_HEADER}");
        let baseline_url = database.copy(&format!("baseline_page{}", rows.len())).await;
        let baseline = match mode {
            Some(mode) => Some(start_baseline(&format!("baseline {mode}"), &format!("page-{mode}"), &baseline_url, Some(&page_file)).await),
            None => None,
        };
        let mut sides: Vec<(&Server, &dyn Fn(usize) -> PathBuf)> = vec![(&product, &pick)];
        if let Some(baseline) = &baseline {
            let base_page = client.get(format!("{}{path}", baseline.url)).send().await.expect("baseline").text().await.expect("html");
            println!("  (baseline page {:.1} kB)", base_page.len() as f64 / 1000.0);
            sides.push((baseline, &pick));
        }
        let mut summaries = alternate(&sides, database, "");
        let ours = summaries.remove(0);
        let theirs = summaries.pop().unwrap_or(Summary { per_second: f64::NAN, p95_ms: f64::NAN, server_us: f64::NAN, database_us: f64::NAN });
        rows.push((path.to_string(), ours, theirs));
    }
    let form_cpu = rows.iter().find(|(p, _, _)| p == "/ide").map(|(_, s, _)| s.server_us).unwrap_or(f64::NAN);
    println!("\n  {:<14} {:>10} {:>10} {:>7} {:>16} {:>14}", "page", "innspill/s", "baseline/s", "ratio", "CPU µs innspill", "÷ idea form");
    for (path, ours, theirs) in &rows {
        println!(
            "  {path:<14} {:>10.0} {:>10.0} {:>7.2} {:>16.0} {:>14.2}",
            ours.per_second,
            theirs.per_second,
            ours.per_second / theirs.per_second,
            ours.server_us,
            ours.server_us / form_cpu
        );
        if path != "/health/live" {
            targets.at_least(&format!("{}: {path} ÷ hand-written baseline", database.name()), ours.per_second / theirs.per_second, 0.7);
            targets.at_most(&format!("{}: {path} CPU ÷ idea form's", database.name()), ours.server_us / form_cpu, 2.0);
        }
    }
    println!("  innspill peak RSS {:.0} MB", peak_rss_mb(product.pid()));
    targets.at_most(&format!("{}: pages peak RSS MB", database.name()), peak_rss_mb(product.pid()), 100.0);
    drop(product);
    // What a phone downloads: compressed bytes, and whether a returning
    // visit downloads the static files again.
    let counting = start_product("product-static", &product_url, &dir, &[]).await;
    let home = client.get(format!("{}/", counting.url)).header("accept-encoding", "gzip").send().await.expect("home");
    let home_bytes = home.bytes().await.expect("home").len();
    let page = client.get(format!("{}/ide", counting.url)).send().await.expect("page").text().await.expect("html");
    let assets: Vec<String> = page
        .split(['"', '\''])
        .filter(|s| s.starts_with("/assets/") || s.starts_with("/pkg/") || s.starts_with("/favicon"))
        .map(str::to_string)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    println!("\n  static files the idea form names (home page {:.1} kB gzip):", home_bytes as f64 / 1000.0);
    let mut immutable = 0;
    for asset in &assets {
        let response = client.get(format!("{}{asset}", counting.url)).header("accept-encoding", "gzip").send().await.expect("asset");
        let status = response.status();
        let cache = response.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or("-").to_string();
        let size = response.bytes().await.expect("asset").len();
        if status.is_success() && cache.contains("immutable") {
            immutable += 1;
        }
        println!("  {asset:<48} {status} {:>7.1} kB  cache-control: {cache}", size as f64 / 1000.0);
    }
    let favicon = client.get(format!("{}/favicon.ico", counting.url)).send().await.expect("favicon").status();
    println!("  /favicon.ico {favicon}");
    targets.at_least(
        &format!("{}: static files named on a page with immutable caching (share)", database.name()),
        immutable as f64 / assets.len().max(1) as f64,
        1.0,
    );
    targets.at_least(&format!("{}: /favicon.ico answers (1 = yes)", database.name()), f64::from(u8::from(favicon.is_success())), 1.0);
}

// ---------------------------------------------------------------- inbox

async fn inbox_part(database: &Database, targets: &mut Targets) {
    let dir = database.dir().to_path_buf();
    let url = database.copy("product_inbox").await;
    let cookie = format!("__Host-innspill_staff={INBOX_SESSION}");
    let product = start_product("product-inbox", &url, &dir, &[]).await;
    // No redirects followed: a page that sends to the sign-in page fails the check.
    let staff_client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let client = staff_client.clone();
    let first = staff_client.get(format!("{}/ansatt", product.url)).header("cookie", &cookie).send().await.expect("inbox");
    assert!(first.status().is_success(), "the inbox answered {} (not signed in?)", first.status());
    let first = first.text().await.expect("html");
    let next = first.split(r#"rel="next""#).next().and_then(|s| s.rsplit("href=\"").next()).and_then(|s| s.split('"').next()).expect("next link");
    let next = next.replace("&amp;", "&");
    // The share of the caseworker's items each search finds.
    let mine = count_rows(&url, "select count(*) from submission s where exists (select 1 from submission_team t where t.submission_id = s.id and t.team_id in (select team_id from staff_team))").await;
    let teams = count_rows(&url, "select count(*) from team").await as usize;
    let chosen = four_percent_searches(teams);
    let searches: Vec<String> =
        chosen.iter().map(|(q, _)| format!("/ansatt?q={}", url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>())).collect();
    let views: Vec<(&str, Vec<String>)> = vec![
        ("my teams, first page", vec!["/ansatt".into()]),
        ("two-word prefix searches (8)", searches),
        (
            "filtered and sorted (4)",
            vec![
                "/ansatt?area=jeloy&unassigned=1&sort=due".into(),
                "/ansatt?status=new&sort=oldest".into(),
                "/ansatt?theme=kommunal-bolig&sort=due".into(),
                "/ansatt?area=moss-sentrum&status=new".into(),
            ],
        ),
        ("second page (keyset)", vec![next]),
    ];
    println!("\ninbox on {}: {ITEMS} items, {mine} on the caseworker's two teams", database.name());
    for (q, share) in &chosen {
        print!("  «{q}» {share:.1} %;");
    }
    println!("\n{ROUND_HEADER}");
    let mut p95 = Vec::new();
    for (name, paths) in &views {
        for path in paths {
            let status = client.get(format!("{}{path}", product.url)).header("cookie", &cookie).send().await.expect("view").status();
            assert!(status.is_success(), "{path}: {status}");
        }
        let file = get_file(&dir, &name.replace(' ', "-"), paths);
        let pick = |_: usize| file.clone();
        println!("  {name}");
        let summary = alternate(&[(&product, &pick)], database, &cookie).remove(0);
        p95.push(summary.p95_ms);
    }
    println!("  innspill peak RSS {:.0} MB", peak_rss_mb(product.pid()));
    targets.at_most(&format!("{}: inbox peak RSS MB", database.name()), peak_rss_mb(product.pid()), 100.0);
    drop(product);
    // Statements per page, on an instance that logs them.
    let counting = start_product("product-statements", &url, &dir, &[("INNSPILL_LOG__LEVEL", "warn,sqlx::query=debug")]).await;
    let log = dir.join("product-statements.log");
    println!("\n  {:<34} {:>8} {:>11}", "view", "p95 ms", "statements");
    for ((name, paths), p95) in views.iter().zip(&p95) {
        let statements = statements_per_request(&log, &format!("{}{}", counting.url, paths[0]), &cookie).await;
        println!("  {name:<34} {p95:>8.1} {statements:>11}");
        targets.at_most(&format!("{}: inbox «{name}» statements", database.name()), statements as f64, 3.0);
    }
    targets.at_most(&format!("{}: inbox search p95 ÷ first page p95", database.name()), p95[1] / p95[0], 3.0);
    targets.at_most(&format!("{}: inbox filtered p95 ÷ first page p95", database.name()), p95[2] / p95[0], 2.0);
}

// ---------------------------------------------------------------- survey

async fn survey_part(database: &Database, targets: &mut Targets) {
    let dir = database.dir().to_path_buf();
    let url = database.copy("product_survey").await;
    let id = count_rows(&url, &format!("select id from consultation where slug = '{SURVEY_SLUG}'")).await;
    let cookie = format!("__Host-innspill_staff={MODERATOR_SESSION}");
    let product = start_product("product-survey", &url, &dir, &[]).await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let views = [
        ("public ideas (reference)", "/ideer".to_string()),
        ("public results", format!("/konsultasjoner/{SURVEY_SLUG}/resultater")),
        ("staff results", format!("/ansatt/konsultasjoner/{id}/resultater")),
        ("CSV export", format!("/ansatt/konsultasjoner/{id}/resultater.csv")),
    ];
    println!("\nsurvey results on {}: {SURVEY_RESPONSES} answer sets of four questions", database.name());
    println!("{ROUND_HEADER}");
    let mut p95 = Vec::new();
    for (name, path) in &views {
        let page = client.get(format!("{}{path}", product.url)).header("cookie", &cookie).send().await.expect("view");
        assert!(page.status().is_success(), "{path}: {}", page.status());
        let size = page.bytes().await.expect("body").len();
        let file = get_file(&dir, &format!("survey-{}", p95.len()), std::slice::from_ref(path));
        let pick = |_: usize| file.clone();
        println!("  {name} ({:.1} kB)", size as f64 / 1000.0);
        p95.push(alternate(&[(&product, &pick)], database, &cookie).remove(0).p95_ms);
    }
    // Streaming: the first bytes arrive long before the last, and memory stays flat.
    let started = Instant::now();
    let mut csv = client.get(format!("{}{}", product.url, views[3].1)).header("cookie", &cookie).send().await.expect("csv");
    let status = csv.status();
    let (mut first_byte, mut bytes, mut chunks, mut lines, mut start) = (None, 0, 0, 0, Vec::new());
    while let Some(chunk) = csv.chunk().await.expect("chunk") {
        first_byte.get_or_insert_with(|| started.elapsed());
        bytes += chunk.len();
        chunks += 1;
        lines += chunk.iter().filter(|b| **b == b'\n').count();
        if start.len() < 4000 {
            start.extend_from_slice(&chunk[..chunk.len().min(4000)]);
        }
    }
    let total = started.elapsed();
    if !status.is_success() {
        // The bench removes its directory at the end: show the product's own account now.
        let log = std::fs::read_to_string(dir.join("product-survey.log")).unwrap_or_default();
        let problems: Vec<&str> = log.lines().filter(|l| l.contains("ERROR") || (l.contains("WARN") && !l.contains("slow statement"))).collect();
        let page = String::from_utf8_lossy(&start);
        let title = page.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default();
        println!("  CSV alone answered {status} («{title}»); the product logged:");
        for line in &problems[problems.len().saturating_sub(10)..] {
            println!("    {line}");
        }
    }
    println!(
        "  CSV alone: {status}, {lines} lines, {:.0} kB in {chunks} chunks; first bytes after {:.1} ms, all after {:.1} ms",
        bytes as f64 / 1000.0,
        first_byte.unwrap_or(total).as_secs_f64() * 1000.0,
        total.as_secs_f64() * 1000.0
    );
    println!("  innspill peak RSS {:.0} MB", peak_rss_mb(product.pid()));
    for (n, (name, _)) in views.iter().enumerate().skip(1) {
        targets.at_most(&format!("{}: {name} p95 ÷ ideas page p95", database.name()), p95[n] / p95[0], 3.0);
    }
    targets.at_least(&format!("{}: CSV arrives in pieces (chunks > 1 = streams)", database.name()), chunks as f64, 2.0);
    targets.at_most(&format!("{}: survey peak RSS MB", database.name()), peak_rss_mb(product.pid()), 100.0);
}

// ---------------------------------------------------------------- insight

/// The moderator's session in the insight database.
const INSIGHT_SESSION: &str = "bench-insight-moderator-session-0123456789a";
const _: () = assert!(INSIGHT_SESSION.len() == 43);

/// The insight's views: the journey map and the team page, unfiltered and
/// with the filters people use (a team, an area and who sent it, a theme,
/// a split compared by goal).
fn insight_views() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("journey map, unfiltered", vec!["/ansatt/innsikt".into()]),
        (
            "journey map, filtered (4)",
            vec![
                "/ansatt/innsikt?team=nav".into(),
                "/ansatt/innsikt?area=jeloy&submitter=tenant".into(),
                "/ansatt/innsikt?theme=kommunal-bolig".into(),
                "/ansatt/innsikt?segment=goal&compare=get_dwelling&compare=keep_dwelling".into(),
            ],
        ),
        ("team page, unfiltered", vec!["/ansatt/innsikt/team".into()]),
        (
            "team page, filtered (4)",
            vec![
                "/ansatt/innsikt/team?team=nav".into(),
                "/ansatt/innsikt/team?area=jeloy&kind=concern".into(),
                "/ansatt/innsikt/team?theme=stoy-uro&submitter=neighbour".into(),
                "/ansatt/innsikt/team?team=miljovaktmester&area=moss-sentrum".into(),
            ],
        ),
    ]
}

/// The insight pages on `demo-data --items 100000` (24 months of journeys,
/// concerns and ideas with the teams' follow-ups), against a baseline that
/// reads the same sums through the product's own store — the same queries,
/// pool and connection settings — and writes them as a bare table.
async fn insight_part(database: &Database, targets: &mut Targets) {
    let dir = database.dir().to_path_buf();
    let template = match database {
        Database::Sqlite { dir, .. } => format!("sqlite://{}", dir.path().join("insight-template.db").display()),
        Database::Postgres { cluster, .. } => {
            cluster.admin("create database insight_template").await;
            cluster.admin("alter database insight_template set synchronous_commit = off").await;
            cluster.url("insight_template")
        }
    };
    let started = Instant::now();
    {
        let store = innspill::store::open(&settings_for(&template, &dir)).await.expect("store");
        store.migrate().await.expect("migrate");
        innspill::demo::load(store.as_ref()).await.expect("demo data");
        let today = chrono::Utc::now().date_naive().and_time(chrono::NaiveTime::MIN).and_utc();
        innspill::demo::generate(store.as_ref(), ITEMS, 1, today, "MOSS").await.expect("demo items");
        let moderator = store
            .create_staff_user(&domain::NewStaffUser {
                email: domain::Email::parse("insight@moss.kommune.no").unwrap(),
                display_name: "Bench Moderator".into(),
                password_hash: domain::PasswordHash(String::new()),
                role: domain::Role::Moderator,
            })
            .await
            .expect("moderator");
        sign_in(store.as_ref(), INSIGHT_SESSION, moderator).await;
        store.close().await;
    }
    println!("\ninsight on {}: demo-data --items {ITEMS} made in {:.0} s", database.name(), started.elapsed().as_secs_f64());
    let copy = |name: &'static str| {
        let template = template.clone();
        async move {
            match database {
                Database::Sqlite { dir, .. } => {
                    let target = dir.path().join(format!("{name}.db"));
                    innspill::store::sqlite::backup(Path::new(template.trim_start_matches("sqlite://")), &target).await.expect("copy");
                    format!("sqlite://{}", target.display())
                }
                Database::Postgres { cluster, .. } => {
                    cluster.admin(&format!("create database {name} template insight_template")).await;
                    cluster.url(name)
                }
            }
        }
    };
    if let Database::Postgres { cluster, .. } = database {
        cluster.admin("alter database insight_template reset synchronous_commit").await;
        cluster.admin("checkpoint").await;
    }
    let (product_url, baseline_url) = (copy("product_insight").await, copy("baseline_insight").await);
    let cookie = format!("__Host-innspill_staff={INSIGHT_SESSION}");
    let product = start_product("product-insight", &product_url, &dir, &[]).await;
    let baseline = start_baseline("baseline-insight", "insight", &baseline_url, None).await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    println!("{ROUND_HEADER}");
    let mut results = Vec::new();
    for (name, paths) in insight_views() {
        for path in &paths {
            for server in [&product, &baseline] {
                let response = client.get(format!("{}{path}", server.url)).header("cookie", &cookie).send().await.expect("view");
                assert!(response.status().is_success(), "{} {path}: {}", server.name, response.status());
            }
        }
        let file = get_file(&dir, &format!("insight-{}", results.len()), &paths);
        let pick = |_: usize| file.clone();
        println!("  {name}");
        let summaries = alternate(&[(&product, &pick), (&baseline, &pick)], database, &cookie);
        results.push((name, summaries[0].p95_ms, summaries[1].p95_ms));
    }
    println!("  innspill peak RSS {:.0} MB", peak_rss_mb(product.pid()));
    for (name, product_p95, baseline_p95) in &results {
        let goal = if name.contains("unfiltered") { 10.0 } else { 100.0 };
        targets.at_most(&format!("{}: insight «{name}» p95 ms", database.name()), *product_p95, goal);
        targets.at_most(&format!("{}: insight «{name}» p95 ÷ baseline p95", database.name()), product_p95 / baseline_p95, 2.0);
    }
}

// ---------------------------------------------------------------- main

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    if args.first().map(String::as_str) == Some("baseline") {
        runtime.block_on(baseline::serve(&args[1], &args[2], &args[3], args.get(4).map(PathBuf::from)));
        return;
    }
    runtime.block_on(drive(args));
}

async fn drive(args: Vec<String>) {
    let wanted = |part: &str, all: &[&str]| !args.iter().any(|a| all.contains(&a.as_str())) || args.iter().any(|a| a == part);
    const PARTS: &[&str] = &["submissions", "pages", "inbox", "survey", "insight"];
    const DATABASES: &[&str] = &["sqlite", "postgres"];
    for tool in ["wrk", "taskset"] {
        assert!(Command::new("which").arg(tool).stdout(Stdio::null()).status().map(|s| s.success()).unwrap_or(false), "{tool} is missing");
    }
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    assert!(cores >= 2, "the bench needs two cores: one for the servers, one for wrk");
    println!("Innspill bench — servers pinned to core {SERVER_CORE}, wrk pinned to core {LOAD_CORE} ({CONNECTIONS} connections),");
    println!("{ROUNDS} alternating rounds of {} s per side, every round printed; CPU per request from /proc of the server", round_seconds());
    println!("(and of the PostgreSQL cluster: 'db'); the product at its production log level (info).\n");
    let mut targets = Targets(Vec::new());
    for kind in DATABASES {
        if !wanted(kind, DATABASES) {
            continue;
        }
        let Some(database) = Database::prepare(kind).await else { continue };
        if wanted("submissions", PARTS) {
            submissions_part(&database, &mut targets).await;
        }
        if wanted("pages", PARTS) {
            pages_part(&database, &mut targets).await;
        }
        if wanted("inbox", PARTS) {
            inbox_part(&database, &mut targets).await;
        }
        if wanted("survey", PARTS) {
            survey_part(&database, &mut targets).await;
        }
        if wanted("insight", PARTS) {
            insight_part(&database, &mut targets).await;
        }
    }
    println!("\nTargets (medians of the rounds above; printed, never asserted):");
    for line in &targets.0 {
        println!("{line}");
    }
}

// ---------------------------------------------------------------- baselines

/// The baselines: bare axum + sqlx doing the same work as the product by hand.
mod baseline {
    use super::*;
    use axum::routing::{get, post};
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
    use std::str::FromStr;

    /// The fields of the idea form the product reads.
    #[derive(serde::Deserialize)]
    struct IdeaForm {
        title: String,
        description: String,
        area: String,
        theme: String,
        submitter: String,
        contact: String,
        #[serde(default)]
        email: String,
        idempotency_key: String,
    }

    /// One post, ready to write.
    struct Post {
        form: IdeaForm,
        theme_id: i64,
        area_id: i64,
        key_hash: String,
        token_hash: String,
        at: chrono::DateTime<chrono::Utc>,
    }

    enum Pool {
        Sqlite(sqlx::SqlitePool),
        Postgres(sqlx::PgPool),
    }

    pub async fn serve(mode: &str, database_url: &str, port: &str, file: Option<PathBuf>) {
        if mode == "insight" {
            let router = insight_router(axum::Router::new().route("/up", get(|| async { "up" })), database_url).await;
            let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await.expect("bind");
            axum::serve(listener, router).await.expect("serve");
            return;
        }
        let pool = if database_url.starts_with("sqlite") {
            let path = database_url.trim_start_matches("sqlite://");
            let options = SqliteConnectOptions::from_str("sqlite:")
                .expect("options")
                .filename(path)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(if mode.ends_with("normal") { SqliteSynchronous::Normal } else { SqliteSynchronous::Full })
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true);
            // As the product's store: one writer, eight readers, no ping per use.
            let connections = if mode.starts_with("submit") { 1 } else { 8 };
            Pool::Sqlite(SqlitePoolOptions::new().test_before_acquire(false).max_connections(connections).connect_with(options).await.expect("db"))
        } else {
            // The product's pool: 16 connections.
            Pool::Postgres(sqlx::postgres::PgPoolOptions::new().max_connections(16).connect(database_url).await.expect("db"))
        };
        let pool = std::sync::Arc::new(pool);
        let page = file.as_ref().map(|f| std::fs::read_to_string(f).expect("page")).unwrap_or_default();
        let router = axum::Router::new().route("/up", get(|| async { "up" }));
        let router = match mode {
            m if m.starts_with("submit-naive") => submit_router(router, pool, false).await,
            m if m.starts_with("submit-grouped") => submit_router(router, pool, true).await,
            "page-spliced" => spliced_router(router, &page, file.as_deref()),
            "page-ideas" => ideas_router(router, pool, page),
            other => panic!("unknown baseline {other}"),
        };
        let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await.expect("bind");
        axum::serve(listener, router).await.expect("serve");
    }

    /// The insight pages by hand: the same sums through the product's own
    /// store (its queries, pool and connection settings), for the filters in
    /// the query, written as bare tables — without sessions, the catalog
    /// cache, access rules or the page's layout.
    async fn insight_router(router: axum::Router, database_url: &str) -> axum::Router {
        use domain::insight::{InsightFilter, InsightScope, ItemGroup, Month, Segment};
        use std::fmt::Write as _;
        let dir = tempfile::tempdir().expect("temp dir").keep();
        let store = innspill::store::open(&settings_for(database_url, &dir)).await.expect("store");
        let (teams, themes, areas) = (store.list_teams().await.unwrap(), store.list_themes().await.unwrap(), store.list_areas().await.unwrap());
        let slugs = std::sync::Arc::new((
            teams.iter().map(|t| (t.slug.as_str().to_string(), t.id)).collect::<Vec<_>>(),
            themes.iter().map(|t| (t.slug.as_str().to_string(), t.id)).collect::<Vec<_>>(),
            areas.iter().map(|a| (a.slug.as_str().to_string(), a.id)).collect::<Vec<_>>(),
        ));
        let filter_of = move |query: &str| {
            let find = |list: &[(String, i64)], slug: &str| list.iter().find(|(s, _)| s == slug).map(|(_, id)| *id);
            let to = Month::of(chrono::Utc::now());
            let mut filter =
                InsightFilter { scope: InsightScope::All, from: to.back(11), to, theme_id: None, area_id: None, submitter: None, goal: None, kind: None };
            let mut segment = None;
            for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
                match name.as_ref() {
                    "team" => filter.scope = find(&slugs.0, &value).map(InsightScope::Team).unwrap_or(InsightScope::All),
                    "theme" => filter.theme_id = find(&slugs.1, &value),
                    "area" => filter.area_id = find(&slugs.2, &value),
                    "submitter" => filter.submitter = domain::submission::SubmitterKind::parse(&value),
                    "kind" => filter.kind = domain::submission::InputKind::parse(&value),
                    "segment" => segment = Segment::parse(&value),
                    _ => {}
                }
            }
            (filter, segment)
        };
        let filter_of = std::sync::Arc::new(filter_of);
        let (journey_store, journey_filter) = (store.clone(), filter_of.clone());
        let journeys = move |uri: axum::http::Uri| {
            let (store, filter_of) = (journey_store.clone(), journey_filter.clone());
            async move {
                let (filter, segment) = filter_of(uri.query().unwrap_or_default());
                let (steps, journeys, transitions) =
                    tokio::try_join!(store.step_sums(&filter, None), store.journey_sums(&filter), store.transition_sums(&filter)).expect("sums");
                let split = match segment {
                    Some(segment) => store.step_sums(&filter, Some(segment)).await.expect("split"),
                    None => Vec::new(),
                };
                let mut html = String::from("<!doctype html><title>insight</title><table>");
                for s in steps.iter().chain(&split) {
                    let _ = write!(html, "<tr><td>{}<td>{:?}<td>{}<td>{}<td>{:?}", s.segment, s.service, s.stage, s.went_wrong, s.feelings.0);
                }
                for j in &journeys {
                    let _ = write!(html, "<tr><td>{}<td>{}<td>{}", j.goal.as_str(), j.result.as_str(), j.n);
                }
                for t in &transitions {
                    let _ = write!(html, "<tr><td>{:?}<td>{:?}<td>{}<td>{}<td>{:?}", t.from, t.to, t.went_wrong, t.returns, t.feelings.0);
                }
                html.push_str("</table>");
                axum::response::Html(html)
            }
        };
        let team_page = move |uri: axum::http::Uri| {
            let (store, filter_of) = (store.clone(), filter_of.clone());
            async move {
                let (filter, _) = filter_of(uri.query().unwrap_or_default());
                let now = chrono::Utc::now();
                let (per_team, grouped, times, overdue) = tokio::try_join!(
                    store.item_sums(&filter, ItemGroup::Team),
                    store.item_sums_grouped(&filter),
                    store.time_sums(&filter),
                    store.overdue_now(&filter, now)
                )
                .expect("sums");
                let mut html = String::from("<!doctype html><title>teams</title><table>");
                for s in per_team.iter().chain(grouped.iter().map(|(_, s)| s)) {
                    let _ = write!(html, "<tr><td>{}<td>{}<td>{}<td>{}<td>{}<td>{}<td>{:?}", s.group, s.n, s.replied, s.late, s.closed, s.reopened, s.outcomes);
                }
                for t in &times {
                    let _ = write!(html, "<tr><td>{}<td>{}<td>{}<td>{}", t.scope, t.measure.as_str(), t.bucket, t.n);
                }
                for (team, n) in &overdue {
                    let _ = write!(html, "<tr><td>{team}<td>{n}");
                }
                html.push_str("</table>");
                axum::response::Html(html)
            }
        };
        router.route("/ansatt/innsikt", get(journeys)).route("/ansatt/innsikt/team", get(team_page))
    }

    /// Ids and slugs of themes or areas.
    type Slugs = Vec<(i64, String)>;

    async fn submit_router(router: axum::Router, pool: std::sync::Arc<Pool>, grouped: bool) -> axum::Router {
        // The catalog, read once (the product caches it too).
        let (themes, areas, team): (Slugs, Slugs, i64) = match &*pool {
            Pool::Sqlite(p) => (
                sqlx::query_as("select id, slug from theme").fetch_all(p).await.expect("themes"),
                sqlx::query_as("select id, slug from area").fetch_all(p).await.expect("areas"),
                sqlx::query_scalar("select min(id) from team").fetch_one(p).await.expect("team"),
            ),
            Pool::Postgres(p) => (
                sqlx::query_as("select id, slug from theme").fetch_all(p).await.expect("themes"),
                sqlx::query_as("select id, slug from area").fetch_all(p).await.expect("areas"),
                sqlx::query_scalar("select min(id) from team").fetch_one(p).await.expect("team"),
            ),
        };
        let catalog = std::sync::Arc::new((themes, areas));
        // The group commit: one task writes every post waiting at that moment in one transaction.
        type Job = (Post, tokio::sync::oneshot::Sender<String>);
        let (queue, mut waiting) = tokio::sync::mpsc::channel::<Job>(1024);
        if grouped {
            let pool = pool.clone();
            tokio::spawn(async move {
                while let Some(first) = waiting.recv().await {
                    let mut batch = vec![first];
                    while batch.len() < 64 {
                        match waiting.try_recv() {
                            Ok(job) => batch.push(job),
                            Err(_) => break,
                        }
                    }
                    let posts: Vec<&Post> = batch.iter().map(|(p, _)| p).collect();
                    let references = write(&pool, &posts, team).await;
                    for ((_, reply), reference) in batch.into_iter().zip(references) {
                        let _ = reply.send(reference);
                    }
                }
            });
        }
        router.route(
            "/ide",
            post(move |axum::Form(form): axum::Form<IdeaForm>| {
                let (pool, catalog, queue) = (pool.clone(), catalog.clone(), queue.clone());
                async move {
                    let find = |list: &[(i64, String)], slug: &str| list.iter().find(|(_, s)| s == slug).map(|(id, _)| *id);
                    let (Some(theme_id), Some(area_id)) = (find(&catalog.0, &form.theme), find(&catalog.1, &form.area)) else {
                        return axum::http::StatusCode::BAD_REQUEST.into_response();
                    };
                    let token = domain::submission::random_token();
                    let post = Post {
                        key_hash: domain::submission::sha256_hex(form.idempotency_key.as_bytes()),
                        token_hash: domain::submission::sha256_hex(token.as_bytes()),
                        form,
                        theme_id,
                        area_id,
                        at: chrono::Utc::now(),
                    };
                    let _reference = if grouped {
                        let (reply, answer) = tokio::sync::oneshot::channel();
                        let _ = queue.send((post, reply)).await;
                        answer.await.expect("writer")
                    } else {
                        // In a task of its own, as the product's writer: a client that
                        // hangs up (wrk at the end of a round) must not cut a transaction.
                        tokio::spawn(async move { write(&pool, &[&post], team).await.remove(0) }).await.expect("writer")
                    };
                    (axum::http::StatusCode::SEE_OTHER, [(axum::http::header::LOCATION, format!("/kvittering/{token}"))]).into_response()
                }
            }),
        )
    }

    use axum::response::IntoResponse as _;

    /// Writes `posts` in one transaction; returns their reference numbers.
    async fn write(pool: &Pool, posts: &[&Post], team: i64) -> Vec<String> {
        match pool {
            Pool::Sqlite(p) => {
                let mut conn = p.acquire().await.expect("connection");
                write_sqlite(&mut conn, posts, team).await
            }
            Pool::Postgres(p) => {
                use sqlx::Connection as _;
                let mut conn = p.acquire().await.expect("connection");
                let mut tx = conn.begin().await.expect("begin");
                let references = write_postgres(&mut tx, posts, team).await;
                tx.commit().await.expect("commit");
                references
            }
        }
    }

    /// The product's statements for a batch, by hand: the idempotency
    /// lookup, the reference counter, the submissions (one multi-row insert),
    /// then the rows that hang off them. `$several` runs the last ones as one
    /// command, with the transaction's begin and commit inside (SQLite).
    macro_rules! batch_writer {
        ($name:ident, $db:ty, $several:expr) => {
            async fn $name(conn: &mut <$db as sqlx::Database>::Connection, posts: &[&Post], team: i64) -> Vec<String> {
                let year = chrono::Datelike::year(&posts[0].at);
                let mut qb = sqlx::QueryBuilder::<$db>::new(if $several { "BEGIN IMMEDIATE;\n" } else { "" });
                qb.push("select idempotency_hash from submission where idempotency_hash in (");
                let mut list = qb.separated(", ");
                for post in posts {
                    list.push_bind(post.key_hash.clone());
                }
                qb.push(")");
                let known: Vec<(String,)> = qb.build_query_as().fetch_all(&mut *conn).await.expect("lookup");
                assert!(known.is_empty(), "a key was posted twice");
                let first: i64 = sqlx::query_scalar(
                    "insert into reference_counter (prefix, year, next_number) values ('BASE', $1, $2 + 1)
                     on conflict (prefix, year) do update set next_number = reference_counter.next_number + $2 returning next_number - $2",
                )
                .bind(i64::from(year))
                .bind(posts.len() as i64)
                .fetch_one(&mut *conn)
                .await
                .expect("counter");
                let references: Vec<String> = (0..posts.len() as i64).map(|n| format!("BASE-{year}-{:05}", first + n)).collect();
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "insert into submission (reference, kind, theme_id, area_id, submitter_kind, locale, title, body, personal_data_flags,
                         tracking_token_hash, idempotency_hash, token_key_id, created_at, updated_at, status, due_at, search_text) ",
                );
                qb.push_values(posts.iter().zip(&references), |mut row, (post, reference)| {
                    row.push_bind(reference.clone())
                        .push_bind("idea")
                        .push_bind(post.theme_id)
                        .push_bind(post.area_id)
                        .push_bind(post.form.submitter.clone())
                        .push_bind("nb")
                        .push_bind(post.form.title.clone())
                        .push_bind(post.form.description.clone())
                        .push_bind("")
                        .push_bind(post.token_hash.clone())
                        .push_bind(post.key_hash.clone())
                        .push_bind("")
                        .push_bind(post.at)
                        .push_bind(post.at)
                        .push_bind("new")
                        .push_bind(post.at + chrono::Duration::days(14))
                        .push_bind(format!("{} {}", post.form.title, post.form.description));
                });
                qb.push(" returning id");
                let ids: Vec<(i64,)> = qb.build_query_as().fetch_all(&mut *conn).await.expect("insert");
                let ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
                let mut deps = sqlx::QueryBuilder::<$db>::new("");
                macro_rules! end {
                    () => {
                        if $several {
                            deps.push(";\n");
                        } else {
                            deps.build().execute(&mut *conn).await.expect("insert");
                            deps.reset();
                        }
                    };
                }
                deps.push("insert into idea (submission_id) ");
                deps.push_values(&ids, |mut row, id| {
                    row.push_bind(*id);
                });
                end!();
                deps.push("insert into submission_team (submission_id, team_id, via, added_at) ");
                deps.push_values(ids.iter().zip(posts), |mut row, (id, post)| {
                    row.push_bind(*id).push_bind(team).push_bind("routing").push_bind(post.at);
                });
                end!();
                deps.push("insert into routing_decision (submission_id, team_id, suggested, explanation, decided_at) ");
                deps.push_values(ids.iter().zip(posts), |mut row, (id, post)| {
                    row.push_bind(*id).push_bind(team).push_bind(false).push_bind(r#"{"kind":"no_match"}"#).push_bind(post.at);
                });
                end!();
                let reachable: Vec<(i64, &Post)> = ids.iter().copied().zip(posts.iter().copied()).filter(|(_, p)| p.form.contact == "contact").collect();
                if !reachable.is_empty() {
                    // The receipt limit per address, counted in the batch as the product does.
                    let mut keys: Vec<(String, i64)> = Vec::new();
                    for (_, post) in &reachable {
                        let key = format!("receipt:{}", &domain::submission::sha256_hex(post.form.email.to_lowercase().as_bytes())[..32]);
                        match keys.iter_mut().find(|(k, _)| *k == key) {
                            Some((_, count)) => *count += 1,
                            None => keys.push((key, 1)),
                        }
                    }
                    let cutoff = posts[0].at - chrono::Duration::days(1);
                    let mut qb = sqlx::QueryBuilder::<$db>::new("insert into rate_limit (limit_key, window_started_at, hits) ");
                    qb.push_values(&keys, |mut row, (key, count)| {
                        row.push_bind(key.clone()).push_bind(posts[0].at).push_bind(*count);
                    });
                    qb.push(" on conflict (limit_key) do update set hits = case when rate_limit.window_started_at > ").push_bind(cutoff);
                    qb.push(" then rate_limit.hits + excluded.hits else excluded.hits end, window_started_at = case when rate_limit.window_started_at > ")
                        .push_bind(cutoff);
                    qb.push(" then rate_limit.window_started_at else excluded.window_started_at end returning limit_key, hits");
                    let totals: Vec<(String, i64)> = qb.build_query_as().fetch_all(&mut *conn).await.expect("receipt limit");
                    assert_eq!(totals.len(), keys.len());
                    deps.push("insert into submission_contact (submission_id, email, consent_version, consented_at) ");
                    deps.push_values(&reachable, |mut row, (id, post)| {
                        row.push_bind(*id).push_bind(post.form.email.to_lowercase()).push_bind(domain::submission::CONSENT_VERSION).push_bind(post.at);
                    });
                    end!();
                    deps.push("insert into outbox (submission_id, recipient, locale, template, next_attempt_at, created_at) ");
                    deps.push_values(&reachable, |mut row, (id, post)| {
                        row.push_bind(*id).push_bind(post.form.email.to_lowercase()).push_bind("nb").push_bind("receipt").push_bind(post.at).push_bind(post.at);
                    });
                    end!();
                }
                if $several {
                    deps.push("COMMIT");
                    deps.build().execute(&mut *conn).await.expect("insert");
                }
                references
            }
        };
    }

    batch_writer!(write_sqlite, sqlx::Sqlite, true);
    batch_writer!(write_postgres, sqlx::Postgres, false);

    /// The public ideas page: the product's query shape (one statement, the
    /// page's rows as one JSON array, the total as a subquery), the rows
    /// written by hand into the product's own page around them.
    fn ideas_router(router: axum::Router, pool: std::sync::Arc<Pool>, page: String) -> axum::Router {
        let values = "id, title, body_start, theme_id, area_id, supports, comments, status, answered, published";
        let aggregate = match &*pool {
            Pool::Sqlite(_) => format!("json_group_array(json_array({values}))"),
            Pool::Postgres(_) => format!("coalesce(json_agg(json_build_array({values})), '[]')::text"),
        };
        let sql = format!(
            "select {aggregate}, (select count(*) from idea i where i.moderation_state = 'approved') from (
                 select s.id as id, coalesce(i.public_title, '') as title, substr(coalesce(i.public_body, ''), 1, {}) as body_start,
                     s.theme_id as theme_id, s.area_id as area_id, i.support_count as supports,
                     (select count(*) from idea_comment c where c.submission_id = s.id and c.moderation_state = 'approved') as comments,
                     s.status as status, case when i.official_answer is null then 0 else 1 end as answered, coalesce(i.published_at, s.created_at) as published
                 from idea i join submission s on s.id = i.submission_id where i.moderation_state = 'approved'
                 order by i.published_at desc, i.submission_id desc limit 20 offset 0) page",
            domain::participation::EXCERPT_CHARS + 1
        );
        // The product's page around its list: everything before the first card and after the last.
        let start = page.find("<li class=\"idea-card\"").expect("a card on the page");
        let end = page.rfind("</ul>").expect("the list's end");
        let (before, after) = (page[..start].to_string(), page[end..].to_string());
        let shared = std::sync::Arc::new((sql, before, after));
        router.route(
            "/ideer",
            get(move || {
                let (pool, shared) = (pool.clone(), shared.clone());
                async move {
                    let (sql, before, after) = &*shared;
                    let (rows, total): (String, i64) = match &*pool {
                        Pool::Sqlite(p) => sqlx::query_as(sql).fetch_one(p).await.expect("ideas"),
                        Pool::Postgres(p) => sqlx::query_as(sql).fetch_one(p).await.expect("ideas"),
                    };
                    type Row<'a> = (i64, String, String, Option<i64>, Option<i64>, i64, i64, String, i64, &'a str);
                    let rows: Vec<Row<'_>> = serde_json::from_str(&rows).expect("rows");
                    let mut html = String::with_capacity(before.len() + after.len() + rows.len() * 600);
                    html.push_str(before);
                    for (id, title, body, _, _, supports, comments, status, answered, published) in rows {
                        let date = chrono::DateTime::parse_from_rfc3339(published).expect("time").format("%-d.%-m.%Y");
                        html.push_str(&format!(
                            "<li class=\"idea-card\"><article><h2 class=\"idea-title\"><a href=\"/ideer/{id}\">{}</a></h2><p class=\"idea-excerpt\">{}</p>\
                             <p class=\"idea-meta\"><span>{supports} støtter</span> · <span>{comments} kommentarer</span> · <span class=\"status status-{status}\">{status}</span>{} · <time>{date}</time></p></article></li>",
                            escape(&title),
                            escape(&body),
                            if answered == 1 { " · Svart" } else { "" }
                        ));
                    }
                    html.push_str(&format!("<!-- {total} -->"));
                    html.push_str(after);
                    axum::response::Html(html)
                }
            }),
        )
    }

    /// A page with no data from the database, written by hand: its fixed
    /// parts cut once, and per request a fresh CSP nonce and signed form
    /// key spliced in (the work the product does per request), sent with
    /// the product's own headers, at any path.
    fn spliced_router(router: axum::Router, page: &str, file: Option<&Path>) -> axum::Router {
        let headers = file.map(|f| std::fs::read_to_string(f.with_extension("headers")).expect("headers")).unwrap_or_default();
        let headers: Vec<(String, String)> = headers.lines().filter_map(|l| l.split_once(": ")).map(|(n, v)| (n.to_string(), v.to_string())).collect();
        let csp = headers.iter().find(|(n, _)| n == "content-security-policy").map(|(_, v)| v.clone()).unwrap_or_default();
        let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).unwrap_or("no nonce").to_string();
        let key = page.split(r#"name="idempotency_key" value=""#).nth(1).and_then(|r| r.split('"').next()).map(str::to_string);
        // The page as fixed parts and holes: N (nonce) or K (form key).
        let mut parts: Vec<(String, Option<char>)> = Vec::new();
        let mut rest = page;
        loop {
            let at_nonce = rest.find(nonce.as_str()).map(|i| (i, 'N', nonce.len()));
            let at_key = key.as_deref().and_then(|k| rest.find(k).map(|i| (i, 'K', k.len())));
            match [at_nonce, at_key].into_iter().flatten().min() {
                Some((i, hole, len)) => {
                    parts.push((rest[..i].to_string(), Some(hole)));
                    rest = &rest[i + len..];
                }
                None => {
                    parts.push((rest.to_string(), None));
                    break;
                }
            }
        }
        let shared = std::sync::Arc::new((parts, headers, csp, nonce));
        router.fallback(get(move || {
            let shared = shared.clone();
            async move {
                let (parts, headers, csp, old_nonce) = &*shared;
                let nonce = domain::submission::random_token();
                let key = IdempotencyKey::issue(BENCH_SESSION_KEY.as_bytes(), chrono::Utc::now());
                let mut html = String::with_capacity(parts.iter().map(|(p, _)| p.len() + 64).sum());
                for (part, hole) in parts {
                    html.push_str(part);
                    match hole {
                        Some('N') => html.push_str(&nonce),
                        Some(_) => html.push_str(key.as_str()),
                        None => {}
                    }
                }
                let mut response = axum::response::Html(html).into_response();
                for (name, value) in headers {
                    let value = if name == "content-security-policy" { csp.replace(old_nonce.as_str(), &nonce) } else { value.clone() };
                    if let (Ok(name), Ok(value)) = (axum::http::HeaderName::from_bytes(name.as_bytes()), axum::http::HeaderValue::from_str(&value)) {
                        response.headers_mut().insert(name, value);
                    }
                }
                response
            }
        }))
    }

    fn escape(text: &str) -> String {
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
    }
}
