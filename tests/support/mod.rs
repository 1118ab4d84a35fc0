//! Test helpers: `TestApp` and database set-up.

pub mod browser;

use innspill::config::Settings;
use innspill::startup::Application;
use innspill::store::{self, Store};
use std::path::PathBuf;
use std::sync::Arc;

/// Which database a test runs on.
#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    /// The URL of a server where the test may create databases.
    Postgres(String),
}

impl Backend {
    /// A short name for messages and file names.
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }
}

/// SQLite always; PostgreSQL when TEST_DATABASE_URL is set (CI requires it).
pub fn backends() -> Vec<Backend> {
    let mut list = vec![Backend::Sqlite];
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => list.push(Backend::Postgres(url)),
        _ => assert!(!is_ci(), "CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suite may not be skipped"),
    }
    list
}

pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Counts SQL statements per request (see `innspill::telemetry::QueryCounter`).
pub fn query_counter() -> &'static innspill::telemetry::QueryCounter {
    static COUNTER: std::sync::OnceLock<innspill::telemetry::QueryCounter> = std::sync::OnceLock::new();
    COUNTER.get_or_init(innspill::telemetry::QueryCounter::default)
}

/// The test process's subscriber: the query counter, plus readable logs
/// when TEST_LOG is set.
fn init_logs() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::Layer;
    let logs =
        std::env::var_os("TEST_LOG").map(|_| tracing_subscriber::fmt::layer().with_test_writer().with_filter(tracing_subscriber::EnvFilter::new("debug")));
    let counter = query_counter().clone().with_filter(tracing_subscriber::filter::filter_fn(innspill::telemetry::QueryCounter::interesting));
    let _ = tracing_subscriber::registry().with(counter).with(logs).try_init();
}

/// A fresh, empty database on `backend`, and the `DATABASE_URL` for it.
pub struct TestDatabase {
    pub url: String,
    pub dir: tempfile::TempDir,
}

impl TestDatabase {
    pub async fn new(backend: &Backend) -> TestDatabase {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("data/innspill.db").display()),
            Backend::Postgres(admin_url) => {
                use sqlx::Connection;
                let name = format!("innspill_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::PgConnection::connect(admin_url).await.expect("connect to TEST_DATABASE_URL");
                sqlx::query(&format!("create database {name}")).execute(&mut admin).await.expect("create test database");
                let mut url = url::Url::parse(admin_url).expect("TEST_DATABASE_URL is a URL");
                url.set_path(&name);
                url.to_string()
            }
        };
        TestDatabase { url, dir }
    }

    /// Settings for this database: port 0, the built site, local defaults.
    pub fn settings(&self, extra: &[(&str, &str)]) -> Settings {
        let mut env: Vec<(String, String)> = vec![
            ("DATABASE_URL".into(), self.url.clone()),
            ("INNSPILL_LISTEN".into(), "127.0.0.1:0".into()),
            ("INNSPILL_SITE_ROOT".into(), workspace_dir().join("target/site").display().to_string()),
            ("INNSPILL_MAIL__DIR".into(), self.dir.path().join("mail").display().to_string()),
            // Connection refused at once: the quick-exit test needs no network.
            ("INNSPILL_QUICK_EXIT_URL".into(), "http://127.0.0.1:9/".into()),
            // Tests fill forms in faster than a person; the time trap has its own test.
            ("INNSPILL_FORMS__MIN_FILL_SECS".into(), "0".into()),
        ];
        env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Settings::from_sources(None, &env).expect("test settings are valid")
    }

    /// Every row of `table`, each row's columns as one text, in text order.
    pub async fn rows_as_text(&self, table: &str) -> Vec<String> {
        let url = &self.url;
        if url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(url).await.expect("open the SQLite file");
            let columns: Vec<(String,)> = sqlx::query_as(&format!("select name from pragma_table_info('{table}')")).fetch_all(&pool).await.expect("columns");
            assert!(!columns.is_empty(), "no table {table}");
            // Blobs (the full-text index's pages) as hex: they are not text.
            let row = columns
                .iter()
                .map(|(c,)| format!("'{c}=' || coalesce(case when typeof({c}) = 'blob' then hex({c}) else cast({c} as text) end, '')"))
                .collect::<Vec<_>>()
                .join(" || char(9) || ");
            let rows: Vec<(String,)> = sqlx::query_as(&format!("select {row} from {table} order by 1")).fetch_all(&pool).await.expect("rows");
            pool.close().await;
            rows.into_iter().map(|(r,)| r).collect()
        } else {
            let pool = sqlx::PgPool::connect(url).await.expect("connect to PostgreSQL");
            let rows: Vec<(String,)> = sqlx::query_as(&format!("select row_to_json(t)::text from {table} t order by 1")).fetch_all(&pool).await.expect("rows");
            pool.close().await;
            rows.into_iter().map(|(r,)| r).collect()
        }
    }

    /// The rows of `sql`, a query of one text column that both databases
    /// understand, in the order it gives.
    pub async fn texts(&self, sql: &str) -> Vec<String> {
        let rows: Vec<(String,)> = if self.url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(&self.url).await.expect("open the SQLite file");
            let rows = sqlx::query_as(sql).fetch_all(&pool).await.expect(sql);
            pool.close().await;
            rows
        } else {
            let pool = sqlx::PgPool::connect(&self.url).await.expect("connect to PostgreSQL");
            let rows = sqlx::query_as(sql).fetch_all(&pool).await.expect(sql);
            pool.close().await;
            rows
        };
        rows.into_iter().map(|(r,)| r).collect()
    }

    pub async fn store(&self) -> Arc<dyn Store> {
        let store = store::open(&self.settings(&[])).await.expect("open store");
        store.migrate().await.expect("migrate");
        store
    }
}

/// The real server on a random port with its own fresh database.
pub struct TestApp {
    pub address: String,
    pub store: Arc<dyn Store>,
    pub http: reqwest::Client,
    /// Every page route and its access level, as registered.
    pub routes: Vec<innspill::http::routes::RouteSpec>,
    /// Owns the temporary directory: dropped with the app.
    pub database: TestDatabase,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_on(Backend::Sqlite).await
    }

    pub async fn spawn_on(backend: Backend) -> TestApp {
        TestApp::spawn_with(backend, &[]).await
    }

    /// With extra `INNSPILL_…` settings.
    pub async fn spawn_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
        init_logs();
        let database = TestDatabase::new(&backend).await;
        let store = database.store().await;
        let app = Application::with_store(database.settings(extra), store.clone()).await.expect("build app");
        let port = app.port();
        let routes = app.route_table();
        tokio::spawn(app.run_until_stopped());
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("http client");
        TestApp { address: format!("http://127.0.0.1:{port}"), store, http, routes, database }
    }

    /// A second instance of the app on the same database, with its own
    /// settings on top (e.g. another `session_key`): its address.
    pub async fn second_instance(&self, extra: &[(&str, &str)]) -> String {
        let store = self.database.store().await;
        let app = Application::with_store(self.database.settings(extra), store).await.expect("build the second instance");
        let port = app.port();
        tokio::spawn(app.run_until_stopped());
        format!("http://127.0.0.1:{port}")
    }

    /// Loads Moss's demo teams, themes and areas.
    pub async fn with_demo_data(self) -> TestApp {
        innspill::demo::load(self.store.as_ref()).await.expect("demo data");
        self
    }

    /// Every table's rows as text, but for `except`: to check that a
    /// request changed nothing (SQLite only).
    pub async fn database_fingerprint(&self, except: &[&str]) -> Vec<(String, Vec<String>)> {
        assert!(self.database.url.starts_with("sqlite:"), "the fingerprint reads SQLite");
        let pool = sqlx::SqlitePool::connect(&self.database.url).await.expect("open the SQLite file");
        let tables: Vec<(String,)> =
            sqlx::query_as("select name from sqlite_master where type = 'table' order by name").fetch_all(&pool).await.expect("tables");
        pool.close().await;
        let mut fingerprint = Vec::new();
        for (table,) in tables.into_iter().filter(|(t,)| !except.contains(&t.as_str())) {
            let rows = self.rows_as_text(&table).await;
            fingerprint.push((table, rows));
        }
        fingerprint
    }

    /// The database URL the app was started with.
    pub fn database_url(&self) -> String {
        self.database.url.clone()
    }

    /// Every row of `table`, each row's columns as one text: for checking
    /// what a table holds whatever its columns (that no secret is stored).
    pub async fn rows_as_text(&self, table: &str) -> Vec<String> {
        self.database.rows_as_text(table).await
    }

    /// Waits (up to 10 s) until the outbox holds `expected` mails per state
    /// (pending or sending, sent, dead), and fails with what it holds.
    pub async fn wait_for_outbox(&self, expected: (i64, i64, i64)) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let counts = self.store.outbox_counts().await.expect("outbox counts");
            if counts == expected {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "the outbox holds {counts:?}, not {expected:?}");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Waits (up to 10 s) until some outbox row shows a failed attempt.
    pub async fn wait_for_failed_attempt(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let rows = self.rows_as_text("outbox").await;
            // SQLite rows are `column=value` fields, PostgreSQL rows JSON.
            let failed = |row: &String| {
                row.split('\t').any(|field| field.strip_prefix("last_error=").is_some_and(|e| !e.is_empty())) || row.contains("\"last_error\":\"")
            };
            if rows.iter().any(failed) {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "no failed attempt in {rows:?}");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("GET")
    }

    /// GET with an `Accept-Language` header.
    pub async fn get_in(&self, path: &str, accept_language: &str) -> reqwest::Response {
        self.http.get(self.url(path)).header("accept-language", accept_language).send().await.expect("GET")
    }

    /// A form post as a same-origin browser sends it.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.post_form_with(path, form, &[("sec-fetch-site", "same-origin")]).await
    }

    pub async fn post_form_with(&self, path: &str, form: &[(&str, &str)], headers: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.http.post(self.url(path)).form(form);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("POST")
    }
}

/// A staff account made for a test, with its password.
#[derive(Clone, Debug)]
pub struct StaffLogin {
    pub id: i64,
    pub email: String,
    pub password: String,
}

/// A signed-in staff member's HTTP session: sends the session cookie by hand
/// (the cookie is `Secure`, which a cookie jar would not send over http).
pub struct StaffClient<'a> {
    pub app: &'a TestApp,
    pub cookie: String,
}

impl StaffClient<'_> {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.app.http.get(self.app.url(path)).header("cookie", &self.cookie).send().await.expect("GET")
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.app.post_form_with(path, form, &[("sec-fetch-site", "same-origin"), ("cookie", &self.cookie)]).await
    }

    /// The page's HTML, asserting the status.
    pub async fn page(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        response.text().await.expect("body")
    }
}

impl TestApp {
    /// Creates a staff account with `role` in the teams named by slug.
    pub async fn staff(&self, role: domain::Role, name: &str, team_slugs: &[&str]) -> StaffLogin {
        use domain::{Email, NewStaffUser, Password};
        use innspill::password::HashPassword;
        let email = format!("{}@moss.kommune.no", name.to_lowercase().replace(' ', "."));
        let password = format!("{name} har et langt og trygt passord 42");
        let hash = Password::parse(&password).expect("password").hash();
        let id = self
            .store
            .create_staff_user(&NewStaffUser { email: Email::parse(&email).unwrap(), display_name: name.into(), password_hash: hash, role })
            .await
            .expect("staff user");
        let teams = self.store.list_teams().await.expect("teams");
        let ids: Vec<i64> = teams.iter().filter(|t| team_slugs.contains(&t.slug.as_str())).map(|t| t.id).collect();
        assert_eq!(ids.len(), team_slugs.len(), "unknown team slug in {team_slugs:?}");
        self.store.set_staff_teams(id, &ids).await.expect("teams");
        StaffLogin { id, email, password }
    }

    /// Signs in through the real form; panics when it fails.
    pub async fn sign_in(&self, login: &StaffLogin) -> StaffClient<'_> {
        let response = self.post_form("/ansatt/logg-inn", &[("email", &login.email), ("password", &login.password), ("back", "/ansatt")]).await;
        assert_eq!(response.status(), 303, "sign-in failed");
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.contains("innspill_staff="))
            .and_then(|v| v.split(';').next())
            .expect("session cookie")
            .to_string();
        StaffClient { app: self, cookie }
    }

    /// A form key the server issued, read from a form page as a browser would.
    pub async fn form_key(&self) -> String {
        form_key(&self.get("/ide").await.text().await.expect("the idea form"))
    }

    /// Submits a concern (anonymous unless `email`), returns its tracking path.
    pub async fn submit_concern(&self, theme: &str, area: &str, description: &str, email: Option<&str>) -> String {
        let key = self.form_key().await;
        let mut form = vec![
            ("concern_kind", "noise"),
            ("ongoing", "yes"),
            ("on_behalf", "self"),
            ("description", description),
            ("theme", theme),
            ("area", area),
            ("submitter", "neighbour"),
            ("idempotency_key", key.as_str()),
        ];
        match email {
            Some(email) => form.extend([("contact", "contact"), ("email", email), ("consent", "yes")]),
            None => form.push(("contact", "anonymous")),
        }
        let response = self.post_form("/nabobekymring", &form).await;
        assert_eq!(response.status(), 303, "concern not accepted: {}", response.text().await.unwrap_or_default());
        let location = response.headers()["location"].to_str().unwrap().to_string();
        location.trim_end_matches("?ny=1").to_string()
    }

    /// The id of the item behind a tracking path (`/sak/TOKEN`, with or without a query).
    pub async fn item_behind(&self, tracking: &str) -> i64 {
        let token = tracking.trim_start_matches("/sak/").split('?').next().unwrap_or_default();
        let hash = domain::submission::TrackingToken::from_link(token).hash();
        self.store.submission_by_token_hash(&hash).await.expect("lookup").expect("the link leads to an item").id
    }

    /// The id of the item with `reference`.
    pub async fn item_id(&self, reference: &str) -> i64 {
        self.store.submission_id_by_reference(reference).await.expect("lookup").expect("item exists")
    }
}

/// The page's visible text without tags, for assertions on wording.
/// The hidden form key (`idempotency_key`) on a page.
pub fn form_key(page: &str) -> String {
    let marker = r#"name="idempotency_key" value=""#;
    let at = page.find(marker).expect("form key field") + marker.len();
    page[at..].split('"').next().unwrap_or_default().to_string()
}

/// The `name=value` part of the response's cookie whose name starts with `name`.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(name))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
}

pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A real SMTP server process (Python's aiosmtpd) writing to a Maildir.
pub struct SmtpServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: std::process::Child,
}

impl SmtpServer {
    /// Starts on `port`, or on a free port when `None`. `None` when aiosmtpd
    /// is missing outside CI (the caller skips); under CI=true it must exist.
    pub async fn start(port: Option<u16>) -> Option<SmtpServer> {
        let available = std::process::Command::new("python3").args(["-c", "import aiosmtpd"]).status().is_ok_and(|s| s.success());
        if !available {
            assert!(!is_ci(), "CI=true but Python's aiosmtpd is missing (pip install aiosmtpd)");
            eprintln!("skipping mail test: pip install aiosmtpd");
            return None;
        }
        let port = port.unwrap_or_else(free_port);
        let dir = tempfile::tempdir().expect("maildir");
        let mut child = std::process::Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("maildir"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Some(SmtpServer { port, dir, child });
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not start");
    }

    /// Every message received so far, as raw text.
    pub fn messages(&self) -> Vec<String> {
        let new = self.dir.path().join("maildir/new");
        let mut messages: Vec<String> = std::fs::read_dir(new)
            .map(|entries| entries.filter_map(Result::ok).filter_map(|e| std::fs::read_to_string(e.path()).ok()).collect())
            .unwrap_or_default();
        messages.sort();
        messages
    }

    /// Waits up to 15 s for `count` messages.
    pub async fn wait_for(&self, count: usize) -> Vec<String> {
        for _ in 0..150 {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        self.messages()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}
