//! The `innspill` command: serve the site, migrate the database, create the
//! first administrator, or load demo data. Run `innspill --help`.

use clap::{Parser, Subcommand};
use domain::{Email, NewStaffUser, Password, Role};
use innspill::config::Settings;
use innspill::password::HashPassword;
use innspill::startup::Application;
use innspill::store::{self, StoreError};
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "innspill",
    version,
    about = "Innspill: residents' input to the municipality's housing-social services.",
    long_about = "Innspill: residents' input to the municipality's housing-social services.\n\n\
        Settings come from built-in defaults, then the TOML file given with --config (or\n\
        INNSPILL_CONFIG), then environment variables: INNSPILL_LISTEN, DATABASE_URL or\n\
        INNSPILL_DATABASE_URL, INNSPILL_MUNICIPALITY__NAME and so on (see the README).\n\
        With no settings, the data is kept in ./data/innspill.db (SQLite).\n\n\
        First start on a new server:\n  \
        innspill migrate\n  \
        innspill create-admin --email it@kommune.no --name \"Kari Nordmann\"\n  \
        innspill serve"
)]
struct Cli {
    /// A TOML settings file.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default). Applies pending database migrations first.
    Serve,
    /// Apply pending database migrations and exit. Safe to run repeatedly.
    Migrate,
    /// Create an administrator account. Asks for the password twice, or
    /// reads one line from standard input with --password-stdin.
    CreateAdmin {
        /// The administrator's work e-mail; it is their sign-in name.
        #[arg(long)]
        email: String,
        /// The name colleagues see.
        #[arg(long)]
        name: String,
        /// Read the password from standard input instead of prompting.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Load Moss's demo teams, themes, areas and staff. Running it again
    /// changes nothing. With --items, also N residents' items over the 24
    /// months before --until, and what the teams did with them (into a
    /// database without items; no mail is sent).
    DemoData {
        /// How many items to generate (journeys, concerns and ideas).
        #[arg(long, default_value_t = 0)]
        items: usize,
        /// Picks the data set: the same seed gives the same items.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day the generated period ends (YYYY-MM-DD, UTC; default today).
        #[arg(long, value_name = "DATE")]
        until: Option<chrono::NaiveDate>,
    },
    /// Write a consistent copy of the SQLite database to PATH while the
    /// server keeps serving, and check the copy. To restore, stop the
    /// server and put the copy in the database's place (or point
    /// DATABASE_URL at it). On PostgreSQL, use pg_dump (see the README).
    Backup {
        /// Where to write the copy; must not exist yet.
        path: PathBuf,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("innspill: {error}");
            return ExitCode::from(2);
        }
    };
    innspill::telemetry::init(settings.log_format, &settings.log_level);
    match run(cli.command.unwrap_or(Command::Serve), settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("innspill: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> Result<(), String> {
    match command {
        Command::Serve => {
            let app = Application::build(settings).await.map_err(|e| e.to_string())?;
            app.run_until_stopped().await.map_err(|e| e.to_string())
        }
        Command::Migrate => {
            let store = store::open(&settings).await.map_err(|e| e.to_string())?;
            store.migrate().await.map_err(|e| e.to_string())?;
            let applied = store.applied_migrations().await.map_err(|e| e.to_string())?;
            println!("Database is up to date ({} migrations applied on {}).", applied.len(), settings.database_url);
            Ok(())
        }
        Command::CreateAdmin { email, name, password_stdin } => {
            let email = Email::parse(&email).map_err(|e| format!("--email: {e}"))?;
            let name = name.trim().to_string();
            if name.is_empty() || name.chars().count() > 100 {
                return Err("--name: give the name colleagues see, 1 to 100 characters".into());
            }
            let password = read_password(password_stdin)?;
            let password_hash = tokio::task::spawn_blocking(move || password.hash()).await.map_err(|e| e.to_string())?;
            let store = store::open(&settings).await.map_err(|e| e.to_string())?;
            store.migrate().await.map_err(|e| e.to_string())?;
            let user = NewStaffUser { email, display_name: name, password_hash, role: Role::Administrator };
            match store.create_staff_user(&user).await {
                Ok(_) => {
                    println!("Administrator created. They sign in with their e-mail address.");
                    Ok(())
                }
                Err(StoreError::Conflict(_)) => Err("a staff account with that e-mail already exists".into()),
                Err(e) => Err(e.to_string()),
            }
        }
        Command::Backup { path } => match &settings.database_url {
            innspill::config::DatabaseUrl::Sqlite(database) => {
                let copy = store::sqlite::backup(database, &path)
                    .await
                    .map_err(|e| format!("backup to {}: {}", path.display(), innspill::telemetry::ErrorChain(&e)))?;
                println!(
                    "Backup written to {} ({} items, {} migrations) and checked. Keep it somewhere other than this server.",
                    path.display(),
                    copy.submissions,
                    copy.migrations
                );
                Ok(())
            }
            innspill::config::DatabaseUrl::Postgres(_) => {
                Err("the database is PostgreSQL: back it up with pg_dump, e.g. `pg_dump --format=custom --file=innspill.dump \"$DATABASE_URL\"`, \
                 and restore with pg_restore (see the README)"
                    .into())
            }
        },
        Command::DemoData { items, seed, until } => {
            let store = store::open(&settings).await.map_err(|e| e.to_string())?;
            store.migrate().await.map_err(|e| e.to_string())?;
            let summary = innspill::demo::load(store.as_ref()).await.map_err(|e| e.to_string())?;
            println!("Demo data loaded: {} teams, {} themes, {} areas (existing rows updated, none duplicated).", summary.teams, summary.themes, summary.areas);
            let accounts = innspill::demo::demo_staff(store.as_ref()).await.map_err(|e| e.to_string())?;
            if accounts.is_empty() {
                println!("Demo staff accounts exist already (their passwords were shown when they were made).");
            } else {
                println!("Demo staff accounts (passwords are shown only now; sign in at /ansatt):");
                for account in accounts {
                    println!("  {:<14} {}  password: {}", account.role.as_str(), account.email, account.password);
                }
            }
            if items > 0 {
                let until = until.unwrap_or_else(|| chrono::Utc::now().date_naive()).and_time(chrono::NaiveTime::MIN).and_utc();
                let started = std::time::Instant::now();
                let made = innspill::demo::generate(store.as_ref(), items, seed, until, &settings.reference_prefix).await.map_err(|e| e.to_string())?;
                println!(
                    "Generated {items} items (seed {seed}, until {}) in {:.1} s: {} journeys, {} concerns, {} ideas; {} replies, {} referrals, {} closed, {} reopened.",
                    until.date_naive(),
                    started.elapsed().as_secs_f64(),
                    made.journeys,
                    made.concerns,
                    made.ideas,
                    made.replies,
                    made.referrals,
                    made.closed,
                    made.reopened
                );
            }
            Ok(())
        }
    }
}

/// Prompts twice on a terminal, or reads one line from standard input.
fn read_password(from_stdin: bool) -> Result<Password, String> {
    let candidate = if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        let first = rpassword::prompt_password("Password (at least 12 characters): ").map_err(|e| e.to_string())?;
        let second = rpassword::prompt_password("Repeat the password: ").map_err(|e| e.to_string())?;
        if first != second {
            return Err("the two passwords differ".into());
        }
        first
    };
    Password::parse(&candidate).map_err(|e| format!("password refused: {e}"))
}
