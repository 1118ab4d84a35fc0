//! `Application`: opens the store, applies migrations, binds the listener
//! (port 0 in tests) and serves until stopped. `main` and the tests use the
//! same code path.

use crate::config::Settings;
use crate::http::{router, AppState, Shared};
use crate::mail::Transport;
use crate::store::{self, Store, StoreError};
use app::context::SiteInfo;
use app::layout::Assets;
use leptos::config::LeptosOptions;
use lettre::message::Mailbox;
use std::sync::Arc;
use tokio::net::TcpListener;

pub struct Application {
    listener: TcpListener,
    state: AppState,
    mail: Transport,
    mail_from: Mailbox,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("mail: {0}")]
    Mail(String),
    #[error("cannot listen on {address}: {source}")]
    Listen { address: String, source: std::io::Error },
}

impl Application {
    /// Everything up to accepting connections; fails fast with a clear error.
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        let store = store::open(&settings).await?;
        store.migrate().await?;
        Application::with_store(settings, store).await
    }

    /// Builds around an existing, migrated store (tests keep a handle to it).
    pub async fn with_store(settings: Settings, store: Arc<dyn Store>) -> Result<Application, StartupError> {
        // Leptos spawns rendering tasks through this; a second call (tests) is a no-op.
        let _ = any_spawner::Executor::init_tokio();
        let listener = TcpListener::bind(settings.listen).await.map_err(|source| StartupError::Listen { address: settings.listen.to_string(), source })?;
        let leptos = leptos_options(&settings);
        // The configured key keeps tokens underivable from a database copy alone;
        // without one, a key generated once and shared through the database.
        // The database's key stays in the ring when a session_key is set
        // later, and so do the retired ones, so no old link breaks.
        let database_key = store.app_secret("tracking_token_key", domain::submission::TrackingToken::generate().as_str()).await?;
        let current = settings.session_key.as_ref().map(|k| k.expose().to_string()).unwrap_or_else(|| database_key.clone());
        let older: Vec<&str> = settings.previous_session_keys.iter().map(|k| k.expose()).chain([database_key.as_str()]).collect();
        let keys = Arc::new(crate::keys::KeyRing::new(&current, older));
        // Items from before keys were named were derived with the key in use then.
        store.name_unnamed_token_keys(keys.current().id()).await?;
        let tracking_secret: Arc<str> = current.as_str().into();
        let mail = Transport::from_settings(&settings).map_err(StartupError::Mail)?;
        let mail_from: Mailbox =
            settings.mail_from.parse().map_err(|_| StartupError::Mail(format!("mail.from: '{}' is not an address", settings.mail_from)))?;
        let (static_files, urls) =
            crate::http::assets::StaticFiles::load(&settings.site_root.join(&*leptos.site_pkg_dir), &leptos.site_pkg_dir, &leptos.output_name);
        let site = Arc::new(SiteInfo {
            municipality_name: settings.municipality_name.clone(),
            contact_email: settings.contact_email.clone(),
            privacy_officer_email: settings.privacy_officer_email.clone(),
            quick_exit_url: settings.quick_exit_url.clone(),
            office: settings.office.clone(),
            assets: Assets::new(&urls.stylesheet, &urls.module, &urls.wasm, &urls.favicon),
            languages: settings.languages.clone(),
        });
        let submission_buckets = Arc::new(crate::http::limits::Buckets::new(settings.submission_limits.per_address_per_hour));
        let flood = Arc::new(crate::http::limits::FloodGauge::new(settings.submission_limits.flood_per_minute));
        let state = AppState::new(Shared {
            store,
            settings: Arc::new(settings),
            leptos,
            tracking_secret,
            keys,
            submission_buckets,
            participation_buckets: Arc::new(crate::http::limits::Buckets::new(crate::usecase::participate::HOURLY_LIMIT)),
            open311_buckets: Arc::new(crate::http::limits::Buckets::new(crate::usecase::open311::READS_PER_HOUR)),
            flood,
            mail_wakeup: Arc::new(tokio::sync::Notify::new()),
            catalog: Arc::default(),
            site,
            static_files: Arc::new(static_files),
            pages: Arc::default(),
        });
        Ok(Application { listener, state, mail, mail_from })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or_default()
    }

    /// Every page route with its access level (for the access tests).
    pub fn route_table(&self) -> Vec<crate::http::routes::RouteSpec> {
        crate::http::route_table(self.state.clone())
    }

    pub fn store(&self) -> Arc<dyn Store> {
        self.state.store.clone()
    }

    /// Serves until SIGINT or SIGTERM, then finishes in-flight requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let address = self.listener.local_addr()?;
        tracing::info!(%address, backend = self.state.store.backend(), "serving");
        let retry_base = std::time::Duration::from_secs(self.state.settings.mail_retry_base_secs);
        tokio::spawn(crate::mail::run_worker(
            self.state.store.clone(),
            self.mail,
            self.mail_from,
            crate::mail::MailWriter::new(&self.state.settings, self.state.keys.clone()),
            crate::mail::Retries { base: retry_base, give_up_after: self.state.settings.mail_give_up_after },
            self.state.mail_wakeup.clone(),
        ));
        match crate::webhook::client() {
            Ok(client) => {
                tokio::spawn(crate::webhook::run_worker(
                    self.state.store.clone(),
                    client,
                    self.state.settings.public_url.as_str().to_string(),
                    crate::mail::Retries { base: retry_base, give_up_after: self.state.settings.mail_give_up_after },
                ));
            }
            Err(error) => tracing::error!(%error, "webhooks cannot be delivered: no HTTP client"),
        }
        tokio::spawn(self.state.catalog.clone().keep_fresh(self.state.store.clone()));
        tokio::spawn(prune_limit_counters(self.state.store.clone()));
        tokio::spawn(retention(self.state.store.clone(), self.state.settings.retention));
        let limits = self.state.settings.connection_limits;
        let app = router(self.state);
        serve(self.listener, app, limits, shutdown_signal()).await
    }
}

/// Serves `app` on `listener` until `shutdown`, then lets open connections
/// finish their request. Like `axum::serve`, plus the limits: hyper's
/// header-read timeout (which needs a timer axum does not set) and at most
/// `max_connections` open at once. Each request carries the connection's
/// address (`ConnectInfo`), from which `http::client` works out the client.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    limits: crate::config::ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt as _;
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.map_err(std::io::Error::other)?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(error) => {
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            app.clone().oneshot(request.map(axum::body::Body::new))
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that goes away or stalls past the timeout ends its connection; nothing to report.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Forgets limit counters once their windows are over, every hour: they
/// hold keyed hashes, not addresses, but nothing is kept longer than it counts.
async fn prune_limit_counters(store: std::sync::Arc<dyn crate::store::Store>) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(3600));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let now = chrono::Utc::now();
        if let Err(error) = store.prune_login_throttle(now - crate::usecase::sign_in::PAIR_POLICY.window, now).await {
            tracing::warn!(error = %crate::telemetry::ErrorChain(&error), "pruning the sign-in throttle failed");
        }
        // The longest window decides: a receipt address's count lasts a day.
        let longest = crate::usecase::participate::LIMIT_WINDOW.max(domain::submission::RECEIPT_WINDOW);
        if let Err(error) = store.prune_rate_limits(now - longest).await {
            tracing::warn!(error = %crate::telemetry::ErrorChain(&error), "pruning the rate limits failed");
        }
    }
}

/// Once a day (first a minute after start): closed items past their
/// retention period are anonymised, or restricted when kept.
async fn retention(store: std::sync::Arc<dyn crate::store::Store>, policy: crate::usecase::privacy::RetentionPolicy) {
    tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(24 * 3600));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Err(error) = crate::usecase::privacy::run_retention(store.as_ref(), &policy, chrono::Utc::now()).await {
            tracing::warn!(error = %crate::telemetry::ErrorChain(&error), "the retention run failed; it runs again tomorrow");
        }
    }
}

/// Leptos needs to know where the built CSS and WASM are served from.
fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("innspill")
        .site_root(settings.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(settings.listen)
        .build()
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
