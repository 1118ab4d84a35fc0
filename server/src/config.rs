//! Configuration: defaults in code, then an optional TOML file, then
//! `INNSPILL_`-prefixed environment variables (`__` separates sections:
//! `INNSPILL_MUNICIPALITY__NAME` sets `municipality.name`). `DATABASE_URL` is
//! also read, below `INNSPILL_DATABASE_URL`.
//!
//! Every setting is checked at start-up; the first problem stops the program
//! with one line naming the setting, where it came from, and what is wrong.
//! Unknown settings are errors too: a typo must not silently fall back to a
//! default. Secrets are wrapped so that `Debug` never prints them.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// A secret string; `Debug` and `Display` print `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Which database, chosen by the URL's scheme.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite:PATH` or `sqlite://PATH`: an embedded file, created on first start.
    Sqlite(PathBuf),
    /// `postgres://` or `postgresql://`: the production and scale-out database.
    Postgres(Secret),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<DatabaseUrl, String> {
        let raw = raw.trim();
        if let Some(rest) = raw.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() || path == ":memory:" {
                return Err("a SQLite URL needs a file path, e.g. sqlite://data/innspill.db (in-memory databases lose everything)".into());
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            url::Url::parse(raw).map_err(|e| format!("not a valid PostgreSQL URL ({e})"))?;
            return Ok(DatabaseUrl::Postgres(Secret::new(raw)));
        }
        let scheme = raw.split(':').next().unwrap_or_default();
        Err(format!("unsupported database scheme '{scheme}'; use sqlite://PATH (embedded, the default) or postgres://USER:PASSWORD@HOST/DB"))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }
}

/// Shows the URL with any password replaced, so it is safe in logs and errors.
impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            DatabaseUrl::Postgres(secret) => match url::Url::parse(secret.expose()) {
                Ok(mut url) => {
                    if url.password().is_some() {
                        let _ = url.set_password(Some("REDACTED"));
                    }
                    write!(f, "{url}")
                }
                Err(_) => f.write_str("postgres://[redacted]"),
            },
        }
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// SQLite's `synchronous`: FULL loses nothing acknowledged even on power loss;
/// NORMAL (with WAL) may lose the last commits on power loss, never corrupts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqliteSynchronous {
    Full,
    Normal,
}

#[derive(Clone, Debug)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<Secret>,
    /// `starttls`, `tls` or `none` (only for a relay on the same host).
    pub tls: String,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub listen: SocketAddr,
    pub database_url: DatabaseUrl,
    pub sqlite_synchronous: SqliteSynchronous,
    /// How long to wait for a database connection before answering 503.
    pub database_acquire_timeout_secs: u64,
    /// The built site: `pkg/` with CSS and WASM (cargo-leptos writes `target/site`).
    pub site_root: PathBuf,
    /// The address residents reach the service at; used in links in e-mails.
    pub public_url: url::Url,
    pub municipality_name: String,
    pub reference_prefix: String,
    pub contact_email: String,
    pub privacy_officer_email: String,
    /// How a person who asks for help reaches the office (shown on the receipt).
    pub office: app::context::Office,
    /// The slug of the team that takes requests for help (§ 6).
    pub help_intake_team: String,
    pub quick_exit_url: String,
    /// Secure cookies; off only for plain-http local use.
    pub cookie_secure: bool,
    /// Signs cookies (supporter, respondent). Required when not in local mode.
    pub session_key: Option<Secret>,
    pub log_format: LogFormat,
    pub log_level: String,
    pub mail_from: String,
    /// Without SMTP, mail is written as `.eml` files here.
    pub mail_dir: PathBuf,
    /// First retry delay after a failed send; doubles per attempt, at most an hour.
    pub mail_retry_base_secs: u64,
    /// A mail still failing this long after it was queued is given up ("dead").
    pub mail_give_up_after: std::time::Duration,
    /// Open flags at which a published idea or comment is hidden until a moderator reviews it.
    pub flags_to_hide: i64,
    /// The fewest journeys a cell of the insight pages must hold to show its numbers.
    pub insight_minimum: i64,
    /// The languages residents are offered, bokmål first (see TRANSLATING.md:
    /// a language is switched on once its legally sensitive texts are reviewed).
    pub languages: Vec<app::i18n::Locale>,
    pub smtp: Option<SmtpSettings>,
    /// Proxies whose `X-Forwarded-For` names the client (see `http::client`).
    pub trusted_proxies: crate::http::client::TrustedProxies,
    pub connection_limits: ConnectionLimits,
    pub submission_limits: SubmissionLimits,
    /// How long closed items keep their personal data, per kind.
    pub retention: crate::usecase::privacy::RetentionPolicy,
    /// Keys that signed forms and derived tracking links before the
    /// current `session_key`: kept so old links and open forms still work.
    pub previous_session_keys: Vec<Secret>,
}

/// What the resident forms take from one sender, and when a post is held
/// for a moderator instead of going to a team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubmissionLimits {
    /// Items per client address and hour (a shared office counts as one address).
    pub per_address_per_hour: i64,
    /// Receipt mails per receipt address and day; beyond it the item is
    /// stored and the page says no receipt was sent.
    pub receipts_per_address_per_day: i64,
    /// Posts per minute on one instance beyond which new ones are held.
    pub flood_per_minute: u32,
    /// A post sooner than this after its form was shown is held (0: off).
    pub min_fill: std::time::Duration,
}

/// What one client may hold of the server: a slow or silent client cannot
/// keep connections or handlers busy for long, nor open without bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Time for a request line and headers to arrive (also between requests on a kept-alive connection).
    pub header_read_timeout: std::time::Duration,
    /// Time for a request body to arrive.
    pub body_read_timeout: std::time::Duration,
    /// Open connections at once; more wait to be accepted.
    pub max_connections: usize,
}

/// A configuration problem, as one line for the operator.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid configuration: {key} (from {source_name}): {reason}")]
pub struct ConfigError {
    pub key: String,
    pub source_name: String,
    pub reason: String,
}

/// All settings an operator can give, with their defaults. The key is the
/// TOML path; the environment variable is derived from it.
const KNOWN: &[(&str, Option<&str>)] = &[
    ("listen", Some("127.0.0.1:3000")),
    ("database_url", Some("sqlite://data/innspill.db")),
    ("database.sqlite_synchronous", Some("full")),
    ("database.acquire_timeout_secs", Some("3")),
    ("site_root", Some("target/site")),
    ("public_url", Some("http://127.0.0.1:3000")),
    ("municipality.name", Some("Moss kommune")),
    ("municipality.reference_prefix", Some("MOSS")),
    ("municipality.contact_email", Some("postmottak@moss.kommune.no")),
    ("municipality.privacy_officer_email", Some("personvernombud@moss.kommune.no")),
    ("municipality.office_phone", Some("69 24 80 00")),
    ("municipality.office_hours", Some("Mandag–fredag 08.00–15.30")),
    ("municipality.office_address", Some("Servicetorget, Rådhuset, Henrik Gerners gate 8, 1530 Moss")),
    ("help.intake_team", Some("boligsosial-avdeling")),
    ("quick_exit_url", Some("https://www.yr.no/")),
    ("cookie_secure", Some("true")),
    ("session_key", None),
    ("previous_session_keys", None),
    ("log.format", Some("text")),
    ("log.level", Some("info")),
    ("mail.from", Some("Innspill <innspill@moss.kommune.no>")),
    ("mail.dir", Some("data/mail")),
    ("mail.retry_base_secs", Some("30")),
    ("mail.give_up_after_hours", Some("72")),
    ("smtp.host", None),
    ("smtp.port", Some("587")),
    ("smtp.username", None),
    ("smtp.password", None),
    ("smtp.tls", Some("starttls")),
    ("participation.flags_to_hide", Some("3")),
    ("insight.minimum_journeys", Some("5")),
    ("languages", Some("nb,nn,en")),
    ("trusted_proxies", Some("")),
    ("http.header_read_timeout_secs", Some("10")),
    ("http.body_read_timeout_secs", Some("30")),
    ("http.max_connections", Some("1024")),
    ("limits.submissions_per_hour", Some("30")),
    ("limits.receipts_per_day", Some("5")),
    ("limits.flood_per_minute", Some("60")),
    ("forms.min_fill_secs", Some("3")),
    ("retention.journey_days", Some("730")),
    ("retention.concern_days", Some("730")),
    ("retention.idea_days", Some("1095")),
];

/// The comma list of language codes residents are offered; bokmål must be
/// one (it is the reference every other language falls back to), and comes first.
fn parse_languages(text: &str) -> Result<Vec<app::i18n::Locale>, String> {
    let mut languages = vec![app::i18n::Locale::Nb];
    for code in text.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let locale = app::i18n::Locale::from_code(code).ok_or_else(|| {
            let known: Vec<&str> = app::i18n::Locale::ALL.iter().map(|l| l.code()).collect();
            format!("'{code}' is not one of the languages Innspill has: {}", known.join(", "))
        })?;
        if !languages.contains(&locale) {
            languages.push(locale);
        }
    }
    if !text.split(',').any(|c| c.trim() == "nb") {
        return Err("must include nb (bokmål), the language every text exists in".into());
    }
    Ok(languages)
}

/// Turns `municipality.name` into `INNSPILL_MUNICIPALITY__NAME`.
pub fn env_name(key: &str) -> String {
    format!("INNSPILL_{}", key.replace('.', "__").to_uppercase())
}

/// A raw value and where it came from.
struct Raw {
    value: String,
    source: String,
}

impl Settings {
    /// Loads from the process environment and the file named by `--config`
    /// or `INNSPILL_CONFIG` (if any).
    pub fn load(config_file: Option<&Path>) -> Result<Settings, ConfigError> {
        let env: Vec<(String, String)> = std::env::vars().collect();
        let file = config_file.map(Path::to_path_buf).or_else(|| std::env::var_os("INNSPILL_CONFIG").map(PathBuf::from));
        Settings::from_sources(file.as_deref(), &env)
    }

    /// Loads from an explicit file and environment: what tests use.
    pub fn from_sources(file: Option<&Path>, env: &[(String, String)]) -> Result<Settings, ConfigError> {
        let mut raw: BTreeMap<String, Raw> = BTreeMap::new();
        for (key, default) in KNOWN {
            if let Some(value) = default {
                raw.insert(key.to_string(), Raw { value: value.to_string(), source: "default".into() });
            }
        }
        if let Some(path) = file {
            read_file(path, &mut raw)?;
        }
        if let Some((_, value)) = env.iter().find(|(k, _)| k == "DATABASE_URL") {
            raw.insert("database_url".into(), Raw { value: value.clone(), source: "DATABASE_URL".into() });
        }
        for (name, value) in env {
            let Some(rest) = name.strip_prefix("INNSPILL_") else { continue };
            if rest == "CONFIG" {
                continue;
            }
            let key = rest.to_lowercase().replace("__", ".");
            if !KNOWN.iter().any(|(k, _)| *k == key) {
                return Err(ConfigError {
                    key,
                    source_name: name.clone(),
                    reason: "unknown setting (see `innspill --help` and the README's configuration reference)".into(),
                });
            }
            raw.insert(key, Raw { value: value.clone(), source: name.clone() });
        }
        Settings::from_raw(&raw)
    }

    fn from_raw(raw: &BTreeMap<String, Raw>) -> Result<Settings, ConfigError> {
        let get = |key: &str| raw.get(key);
        let fail = |key: &str, reason: String| ConfigError {
            key: key.to_string(),
            source_name: get(key).map(|r| r.source.clone()).unwrap_or_else(|| "default".into()),
            reason,
        };
        let text = |key: &str| get(key).map(|r| r.value.trim().to_string()).unwrap_or_default();
        let required = |key: &str| -> Result<String, ConfigError> {
            let value = text(key);
            if value.is_empty() {
                Err(fail(key, "must not be empty".into()))
            } else {
                Ok(value)
            }
        };
        let boolean = |key: &str| -> Result<bool, ConfigError> {
            match text(key).to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => Ok(true),
                "false" | "0" | "no" | "off" => Ok(false),
                other => Err(fail(key, format!("'{other}' is not true or false"))),
            }
        };
        let email = |key: &str| -> Result<String, ConfigError> {
            let value = required(key)?;
            domain::Email::parse(&value).map(|e| e.as_str().to_string()).map_err(|e| fail(key, e.to_string()))
        };

        let listen =
            required("listen")?.parse::<SocketAddr>().map_err(|_| fail("listen", format!("'{}' is not an address like 127.0.0.1:3000", text("listen"))))?;
        let database_url = DatabaseUrl::parse(&required("database_url")?).map_err(|e| fail("database_url", e))?;
        let sqlite_synchronous = match text("database.sqlite_synchronous").to_ascii_lowercase().as_str() {
            "full" => SqliteSynchronous::Full,
            "normal" => SqliteSynchronous::Normal,
            other => return Err(fail("database.sqlite_synchronous", format!("'{other}' is not full or normal"))),
        };
        let database_acquire_timeout_secs = text("database.acquire_timeout_secs")
            .parse::<u64>()
            .ok()
            .filter(|s| (1..=30).contains(s))
            .ok_or_else(|| fail("database.acquire_timeout_secs", "must be a whole number of seconds from 1 to 30".into()))?;
        let public_url = url::Url::parse(&required("public_url")?)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| fail("public_url", "must be an http(s) address like https://innspill.moss.kommune.no".into()))?;
        let reference_prefix = required("municipality.reference_prefix")?;
        if !(2..=10).contains(&reference_prefix.len()) || !reference_prefix.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(fail("municipality.reference_prefix", "must be 2 to 10 capital letters A-Z, e.g. MOSS".into()));
        }
        let municipality_name = required("municipality.name")?;
        if municipality_name.chars().count() > 80 {
            return Err(fail("municipality.name", "must be at most 80 characters".into()));
        }
        let office_text = |key: &str, max: usize| -> Result<String, ConfigError> {
            let value = required(key)?;
            if value.chars().count() > max || value.chars().any(char::is_control) {
                return Err(fail(key, format!("must be one line of at most {max} characters")));
            }
            Ok(value)
        };
        let office = app::context::Office {
            phone: office_text("municipality.office_phone", 30)?,
            hours: office_text("municipality.office_hours", 120)?,
            address: office_text("municipality.office_address", 160)?,
        };
        let help_intake_team = required("help.intake_team")?;
        if domain::Slug::parse(&help_intake_team).is_err() {
            return Err(fail("help.intake_team", "must be a team's short code (slug), e.g. boligsosial-avdeling".into()));
        }
        let quick_exit_url = required("quick_exit_url")?;
        if !matches!(url::Url::parse(&quick_exit_url).map(|u| u.scheme().to_string()).as_deref(), Ok("https" | "http")) {
            return Err(fail("quick_exit_url", "must be the https:// address of a neutral site".into()));
        }
        let session_key = match get("session_key") {
            Some(r) if r.value.len() < 32 => {
                return Err(fail("session_key", "must be at least 32 characters of random text (e.g. `openssl rand -base64 48`)".into()))
            }
            Some(r) => Some(Secret::new(r.value.clone())),
            None => None,
        };
        let log_format = match text("log.format").to_ascii_lowercase().as_str() {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => return Err(fail("log.format", format!("'{other}' is not text or json"))),
        };
        let log_level = required("log.level")?;
        if tracing_subscriber::EnvFilter::try_new(&log_level).is_err() {
            return Err(fail("log.level", format!("'{log_level}' is not a level such as info, debug or warn")));
        }
        let smtp = match get("smtp.host").map(|r| r.value.trim().to_string()).filter(|h| !h.is_empty()) {
            None => None,
            Some(host) => {
                let port = text("smtp.port")
                    .parse::<u16>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| fail("smtp.port", "must be a port number from 1 to 65535".into()))?;
                let tls = text("smtp.tls").to_ascii_lowercase();
                if !matches!(tls.as_str(), "starttls" | "tls" | "none") {
                    return Err(fail("smtp.tls", format!("'{tls}' is not starttls, tls or none")));
                }
                Some(SmtpSettings {
                    host,
                    port,
                    username: get("smtp.username").map(|r| r.value.clone()),
                    password: get("smtp.password").map(|r| Secret::new(r.value.clone())),
                    tls,
                })
            }
        };
        let flags_to_hide = text("participation.flags_to_hide")
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| fail("participation.flags_to_hide", "must be a whole number from 1 to 1000".into()))?;
        let insight_minimum = text("insight.minimum_journeys")
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| fail("insight.minimum_journeys", "must be a whole number from 1 to 1000".into()))?;
        let languages = parse_languages(&text("languages")).map_err(|why| fail("languages", why))?;
        let trusted_proxies = crate::http::client::TrustedProxies::parse(&text("trusted_proxies"))
            .map_err(|bad| fail("trusted_proxies", format!("'{bad}' is not an address or an address block like 10.0.0.0/8")))?;
        let seconds = |key: &str, max: u64| -> Result<std::time::Duration, ConfigError> {
            text(key)
                .parse::<u64>()
                .ok()
                .filter(|s| (1..=max).contains(s))
                .map(std::time::Duration::from_secs)
                .ok_or_else(|| fail(key, format!("must be a whole number of seconds from 1 to {max}")))
        };
        let connection_limits = ConnectionLimits {
            header_read_timeout: seconds("http.header_read_timeout_secs", 300)?,
            body_read_timeout: seconds("http.body_read_timeout_secs", 600)?,
            max_connections: text("http.max_connections")
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| fail("http.max_connections", "must be a whole number from 1 to 100000".into()))?,
        };
        let whole = |key: &str, range: std::ops::RangeInclusive<i64>| -> Result<i64, ConfigError> {
            text(key)
                .parse::<i64>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| fail(key, format!("must be a whole number from {} to {}", range.start(), range.end())))
        };
        let submission_limits = SubmissionLimits {
            per_address_per_hour: whole("limits.submissions_per_hour", 1..=1_000_000)?,
            receipts_per_address_per_day: whole("limits.receipts_per_day", 1..=1000)?,
            flood_per_minute: whole("limits.flood_per_minute", 1..=1_000_000)? as u32,
            min_fill: std::time::Duration::from_secs(whole("forms.min_fill_secs", 0..=600)? as u64),
        };
        let days = |key: &str| -> Result<chrono::Duration, ConfigError> { Ok(chrono::Duration::days(whole(key, 30..=36500)?)) };
        let retention = crate::usecase::privacy::RetentionPolicy {
            journey: days("retention.journey_days")?,
            concern: days("retention.concern_days")?,
            idea: days("retention.idea_days")?,
        };
        let mut previous_session_keys = Vec::new();
        for key in text("previous_session_keys").split([',', '\n']).map(str::trim).filter(|k| !k.is_empty()) {
            if key.len() < 32 {
                return Err(fail("previous_session_keys", "each key must be at least 32 characters (separate them with commas)".into()));
            }
            previous_session_keys.push(Secret::new(key.to_string()));
        }
        Ok(Settings {
            retention,
            submission_limits,
            previous_session_keys,
            flags_to_hide,
            insight_minimum,
            languages,
            trusted_proxies,
            connection_limits,
            listen,
            database_url,
            sqlite_synchronous,
            database_acquire_timeout_secs,
            site_root: PathBuf::from(required("site_root")?),
            public_url,
            municipality_name,
            reference_prefix,
            contact_email: email("municipality.contact_email")?,
            privacy_officer_email: email("municipality.privacy_officer_email")?,
            office,
            help_intake_team,
            quick_exit_url,
            cookie_secure: boolean("cookie_secure")?,
            session_key,
            log_format,
            log_level,
            mail_from: required("mail.from")?,
            mail_dir: PathBuf::from(required("mail.dir")?),
            mail_retry_base_secs: text("mail.retry_base_secs")
                .parse::<u64>()
                .ok()
                .filter(|s| (1..=3600).contains(s))
                .ok_or_else(|| fail("mail.retry_base_secs", "must be a whole number of seconds from 1 to 3600".into()))?,
            mail_give_up_after: std::time::Duration::from_secs(3600 * whole("mail.give_up_after_hours", 1..=720)? as u64),
            smtp,
        })
    }
}

/// Reads a TOML file into the raw map, refusing unknown keys.
fn read_file(path: &Path, raw: &mut BTreeMap<String, Raw>) -> Result<(), ConfigError> {
    let source_name = path.display().to_string();
    let fail = |key: &str, reason: String| ConfigError { key: key.into(), source_name: source_name.clone(), reason };
    let text = std::fs::read_to_string(path).map_err(|e| fail("config file", format!("cannot be read ({e})")))?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| fail("config file", format!("is not valid TOML: {}", e.message())))?;
    let mut flat = Vec::new();
    flatten("", &toml::Value::Table(table), &mut flat);
    for (key, value) in flat {
        if !KNOWN.iter().any(|(k, _)| *k == key) {
            return Err(fail(&key, "unknown setting".into()));
        }
        raw.insert(key, Raw { value, source: source_name.clone() });
    }
    Ok(())
}

fn flatten(prefix: &str, value: &toml::Value, out: &mut Vec<(String, String)>) {
    match value {
        toml::Value::Table(table) => {
            for (k, v) in table {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => out.push((prefix.to_string(), s.clone())),
        toml::Value::Integer(i) => out.push((prefix.to_string(), i.to_string())),
        toml::Value::Float(f) => out.push((prefix.to_string(), f.to_string())),
        toml::Value::Boolean(b) => out.push((prefix.to_string(), b.to_string())),
        // Dates and arrays fit no setting: keep a marker that fails validation.
        _ => out.push((prefix.to_string(), "(unsupported TOML value)".to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_give_a_local_sqlite_site() {
        let settings = Settings::from_sources(None, &[]).expect("defaults are valid");
        assert_eq!(settings.database_url, DatabaseUrl::Sqlite("data/innspill.db".into()));
        assert_eq!(settings.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(settings.reference_prefix, "MOSS");
    }

    #[test]
    fn environment_overrides_file_and_file_overrides_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("innspill.toml");
        std::fs::write(&path, "listen = \"127.0.0.1:4000\"\n[municipality]\nname = \"Råde kommune\"\nreference_prefix = \"RADE\"\n").unwrap();
        let settings = Settings::from_sources(Some(&path), &env(&[("INNSPILL_MUNICIPALITY__REFERENCE_PREFIX", "RAADE")])).unwrap();
        assert_eq!(settings.listen.port(), 4000);
        assert_eq!(settings.municipality_name, "Råde kommune");
        assert_eq!(settings.reference_prefix, "RAADE");
    }

    #[test]
    fn invalid_settings_name_the_setting_its_source_and_the_reason() {
        let cases = [
            (("INNSPILL_LISTEN", "localhost"), "listen (from INNSPILL_LISTEN)"),
            (("DATABASE_URL", "mysql://x@y/z"), "database_url (from DATABASE_URL): unsupported database scheme 'mysql'"),
            (("INNSPILL_MUNICIPALITY__REFERENCE_PREFIX", "moss"), "municipality.reference_prefix"),
            (("INNSPILL_COOKIE_SECURE", "maybe"), "'maybe' is not true or false"),
            (("INNSPILL_SESSION_KEY", "short"), "session_key (from INNSPILL_SESSION_KEY): must be at least 32"),
            (("INNSPILL_LOG__FORMAT", "xml"), "'xml' is not text or json"),
            (("INNSPILL_HELP__INTAKE_TEAM", "Boligsosial avdeling"), "help.intake_team (from INNSPILL_HELP__INTAKE_TEAM): must be a team's short code"),
            (("INNSPILL_MUNICIPALITY__OFFICE_PHONE", "69 24 80 00 69 24 80 00 69 24 80 00"), "municipality.office_phone"),
            (("INNSPILL_MUNICIPALITY__OFFICE_ADDRESS", "Rådhuset\nMoss"), "must be one line"),
            (("INNSPILL_DATABSE_URL", "sqlite://x.db"), "databse_url (from INNSPILL_DATABSE_URL): unknown setting"),
            (("INNSPILL_PUBLIC_URL", "ftp://x"), "public_url"),
            (("INNSPILL_DATABASE__ACQUIRE_TIMEOUT_SECS", "0"), "acquire_timeout_secs"),
        ];
        for ((name, value), expected) in cases {
            let error = Settings::from_sources(None, &env(&[(name, value)])).expect_err(name).to_string();
            assert!(error.contains(expected), "{name}={value}: {error}");
            assert!(!error.contains('\n'), "one line: {error}");
        }
    }

    #[test]
    fn an_unknown_key_in_the_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("innspill.toml");
        std::fs::write(&path, "[municipality]\nnavn = \"Moss\"\n").unwrap();
        let error = Settings::from_sources(Some(&path), &[]).unwrap_err();
        assert_eq!(error.key, "municipality.navn");
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let settings = Settings::from_sources(
            None,
            &env(&[
                ("DATABASE_URL", "postgres://innspill:pg-canary-9f3@db.example/innspill"),
                ("INNSPILL_SESSION_KEY", "session-canary-0123456789abcdef0123456789"),
                ("INNSPILL_SMTP__HOST", "smtp.example"),
                ("INNSPILL_SMTP__PASSWORD", "smtp-canary-77"),
            ]),
        )
        .unwrap();
        let printed = format!("{settings:?} {} {:#?}", settings.database_url, settings);
        for canary in ["pg-canary-9f3", "session-canary", "smtp-canary-77"] {
            assert!(!printed.contains(canary), "{canary} leaked: {printed}");
        }
        assert!(printed.contains("postgres://innspill:REDACTED@db.example/innspill"), "{printed}");
    }

    #[test]
    fn sqlite_urls_need_a_file() {
        assert_eq!(DatabaseUrl::parse("sqlite:data/x.db").unwrap(), DatabaseUrl::Sqlite("data/x.db".into()));
        assert_eq!(DatabaseUrl::parse("sqlite:///tmp/x.db").unwrap(), DatabaseUrl::Sqlite("/tmp/x.db".into()));
        assert!(DatabaseUrl::parse("sqlite::memory:").is_err());
    }
}
