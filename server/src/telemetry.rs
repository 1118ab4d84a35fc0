//! Logging set-up. Logs are for operators: request id, route template,
//! status and timing; never form contents, contact details, tokens or query
//! strings, which is why spans record the matched route, not the URI.

use crate::config::LogFormat;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once; later calls (tests) do nothing.
pub fn init(format: LogFormat, level: &str) {
    let filter = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new("info"));
    // Colours only on a terminal: in a log file or the journal, escape codes
    // are noise for the operator and cost time on every request's line.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    let _ = match format {
        // JSON escapes newlines in fields, so a hostile value cannot forge a log line.
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Counts the SQL statements run (sqlx's `sqlx::query` events): in total,
/// and per request id for statements run inside a request's span. For the
/// test suite and the bench, which install it instead of `init`; it is not
/// part of the production set-up. On SQLite, statements run on sqlx's worker
/// thread outside any span, so only the total sees them.
#[derive(Clone, Default)]
pub struct QueryCounter {
    per_request: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, u64>>>,
    total: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// The request id of a `request` span, kept in the span's extensions.
struct SpanRequestId(String);

struct RequestIdVisitor(Option<String>);

impl tracing::field::Visit for RequestIdVisitor {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "request_id" {
            self.0 = Some(format!("{value:?}"));
        }
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "request_id" {
            self.0 = Some(value.to_string());
        }
    }
}

const QUERY_TARGET: &str = "sqlx::query";

impl QueryCounter {
    /// Statements run in the request with this `x-request-id`.
    pub fn for_request(&self, request_id: &str) -> u64 {
        self.per_request.lock().map(|m| m.get(request_id).copied().unwrap_or(0)).unwrap_or(0)
    }

    /// Statements run in this process so far.
    pub fn total(&self) -> u64 {
        self.total.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The events and spans the counter needs: install it with
    /// `counter.with_filter(filter_fn(QueryCounter::interesting))`, so it
    /// does not switch other layers' events off.
    pub fn interesting(metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target() == QUERY_TARGET || (metadata.is_span() && metadata.name() == "request")
    }
}

impl<S> tracing_subscriber::Layer<S> for QueryCounter
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &tracing::span::Attributes<'_>, id: &tracing::span::Id, ctx: tracing_subscriber::layer::Context<'_, S>) {
        if attrs.metadata().name() != "request" {
            return;
        }
        let mut visitor = RequestIdVisitor(None);
        attrs.record(&mut visitor);
        if let (Some(request_id), Some(span)) = (visitor.0, ctx.span(id)) {
            span.extensions_mut().insert(SpanRequestId(request_id));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() != QUERY_TARGET {
            return;
        }
        self.total.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let Some(scope) = ctx.event_scope(event) else { return };
        for span in scope {
            if let Some(SpanRequestId(request_id)) = span.extensions().get::<SpanRequestId>() {
                if let Ok(mut counts) = self.per_request.lock() {
                    *counts.entry(request_id.clone()).or_default() += 1;
                }
                return;
            }
        }
    }
}

/// An error and every source under it, `outer: inner: innermost`: what the
/// log needs to find the cause (sources hold SQL and causes, never values).
pub struct ErrorChain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}
