//! Renders a Leptos page component into a full HTML response.

use super::AppState;
use crate::catalog::Catalog;
use app::context::PageContext;
use app::i18n::Locale;
use app::layout::Document;
use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use leptos::prelude::*;
use std::sync::Arc;

/// What rendering needs to know about the request being answered.
#[derive(Clone, Debug)]
pub struct RequestInfo {
    pub locale: Locale,
    pub uri: Uri,
    pub request_id: Option<String>,
}

/// Renders `page` inside the site's document with `status`. The page
/// closure runs inside the Leptos owner, so components can use context.
pub async fn render_page<F, V>(state: &AppState, info: &RequestInfo, status: StatusCode, title_key: &'static str, page: F) -> Response
where
    F: FnOnce() -> V + Send + 'static,
    V: IntoView + 'static,
{
    let (html, nonce) = render_html(state, info, title_key, page);
    html_response(html, &nonce, status)
}

/// The page as HTML, and the CSP nonce its scripts carry.
fn render_html<F, V>(state: &AppState, info: &RequestInfo, title_key: &'static str, page: F) -> (String, String)
where
    F: FnOnce() -> V + Send + 'static,
    V: IntoView + 'static,
{
    let locale = info.locale;
    let context = std::sync::Arc::new(PageContext { locale, path: info.uri.path().to_string(), site: state.site.clone() });
    // Pages get their data as props and have no async parts, so they render
    // in one synchronous pass inside a fresh owner (no streaming machinery).
    let owner = Owner::new();
    let (html, nonce) = owner.with(|| {
        provide_context(app::i18n::I18n::new(locale));
        provide_context(context);
        leptos::nonce::provide_nonce();
        let nonce = leptos::nonce::use_nonce().map(|n| n.to_string()).unwrap_or_default();
        // Sized for a typical page: growing a string by doubling copies it each time.
        let mut html = String::with_capacity(32 * 1024);
        view! { <Document title_key=title_key>{page()}</Document> }.to_html_with_buf(
            &mut html,
            &mut leptos::tachys::view::Position::FirstChild,
            true,
            false,
            Vec::new(),
        );
        (html, nonce)
    });
    drop(owner);
    (tidy_html(&html), nonce)
}

fn html_response(html: String, nonce: &str, status: StatusCode) -> Response {
    let mut response = Response::new(Body::from(html));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    if let Ok(csp) = HeaderValue::from_str(&content_security_policy(nonce)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

/// Stands for the form key while a cached page renders: plain letters, which
/// escaping leaves as they are.
pub const FORM_KEY_HOLE: &str = "innspillformkeyhole";

/// Pages that are the same for every visitor of one language but for the
/// CSP nonce and, on a form, the form key: the empty forms and the home
/// page, the most visited pages. Each is rendered once per language and
/// catalog copy (the catalog is refreshed every few seconds, so an
/// administrator's change shows at once) and then served by writing a
/// fresh nonce and form key into its fixed parts, a fraction of rendering.
#[derive(Default)]
pub struct PageCache {
    pages: std::sync::RwLock<std::collections::HashMap<(&'static str, Locale), Arc<CachedPage>>>,
}

/// A rendered page cut where the nonce and the form key go.
struct CachedPage {
    /// The catalog it was rendered from: another copy means render again.
    catalog: Arc<Catalog>,
    /// Fixed text, each followed by what goes after it (none after the last).
    parts: Vec<(String, Option<Hole>)>,
}

#[derive(Clone, Copy)]
enum Hole {
    Nonce,
    FormKey,
}

impl CachedPage {
    fn cut(html: &str, nonce: &str, catalog: Arc<Catalog>) -> CachedPage {
        let mut parts = Vec::new();
        let mut rest = html;
        loop {
            let at_nonce = (!nonce.is_empty()).then(|| rest.find(nonce).map(|i| (i, nonce.len(), Hole::Nonce))).flatten();
            let at_key = rest.find(FORM_KEY_HOLE).map(|i| (i, FORM_KEY_HOLE.len(), Hole::FormKey));
            let next = match (at_nonce, at_key) {
                (Some(n), Some(k)) => Some(if n.0 < k.0 { n } else { k }),
                (n, k) => n.or(k),
            };
            let Some((at, len, hole)) = next else {
                parts.push((rest.to_string(), None));
                break;
            };
            parts.push((rest[..at].to_string(), Some(hole)));
            rest = &rest[at + len..];
        }
        CachedPage { catalog, parts }
    }

    fn fill(&self, nonce: &str, form_key: &str) -> String {
        let mut html = String::with_capacity(self.parts.iter().map(|(part, _)| part.len() + 48).sum());
        for (part, hole) in &self.parts {
            html.push_str(part);
            match hole {
                Some(Hole::Nonce) => html.push_str(nonce),
                Some(Hole::FormKey) => html.push_str(form_key),
                None => {}
            }
        }
        html
    }
}

impl PageCache {
    fn get(&self, key: (&'static str, Locale), catalog: &Arc<Catalog>) -> Option<Arc<CachedPage>> {
        let pages = self.pages.read().ok()?;
        pages.get(&key).filter(|page| Arc::ptr_eq(&page.catalog, catalog)).cloned()
    }

    fn keep(&self, key: (&'static str, Locale), page: Arc<CachedPage>) {
        if let Ok(mut pages) = self.pages.write() {
            pages.insert(key, page);
        }
    }
}

/// Serves page `name` from the cache, rendering it first if this language
/// has no copy from `catalog` yet. `page` must render with [`FORM_KEY_HOLE`]
/// where the form key goes; each response gets a fresh nonce and form key.
pub async fn render_cached<F, V>(state: &AppState, info: &RequestInfo, name: &'static str, catalog: &Arc<Catalog>, title_key: &'static str, page: F) -> Response
where
    F: FnOnce() -> V + Send + 'static,
    V: IntoView + 'static,
{
    let key = (name, info.locale);
    let cached = match state.pages.get(key, catalog) {
        Some(cached) => cached,
        None => {
            let (html, nonce) = render_html(state, info, title_key, page);
            let cached = Arc::new(CachedPage::cut(&html, &nonce, catalog.clone()));
            state.pages.keep(key, cached.clone());
            cached
        }
    };
    let nonce = domain::token::random_token();
    let form_key = state.keys.issue_form_key();
    html_response(cached.fill(&nonce, form_key.as_str()), &nonce, StatusCode::OK)
}

/// Makes Leptos's output valid HTML, which the Nu checker and our tests demand:
/// - drops the `<!>` hydration markers outside islands: only islands hydrate,
///   and the checker reports each marker as a bogus comment;
/// - moves the resource scripts Leptos appends after `</html>` to the end of
///   `<body>`, where a script may stand.
///
/// Markers inside `<leptos-island>` stay: hydration needs them there. User
/// text is escaped, so a literal `<!>` can only be a marker.
pub fn tidy_html(html: &str) -> String {
    use memchr::memmem;
    let (document, trailing) = match html.rfind("</html>") {
        Some(end) => (&html[..end], html[end + "</html>".len()..].trim()),
        None => (html, ""),
    };
    let islands = island_spans(document);
    // Markers and islands found with SIMD substring search: most of a page is
    // neither, and stepping from tag to tag cost a third as much as rendering.
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut next_island = islands.iter().peekable();
    for at in memmem::find_iter(document.as_bytes(), b"<!>") {
        while next_island.next_if(|(_, end)| *end <= at).is_some() {}
        if next_island.peek().is_some_and(|(start, _)| *start <= at) {
            continue;
        }
        out.push_str(&document[copied..at]);
        copied = at + 3;
    }
    out.push_str(&document[copied..]);
    match out.rfind("</body>") {
        Some(body_end) => out.insert_str(body_end, trailing),
        None => out.push_str(trailing),
    }
    if html.contains("</html>") {
        out.push_str("</html>");
    }
    out
}

/// Byte ranges of the outermost `<leptos-island>` elements, in order.
fn island_spans(document: &str) -> Vec<(usize, usize)> {
    use memchr::memmem;
    const OPEN: &[u8] = b"<leptos-island";
    const CLOSE: &[u8] = b"</leptos-island>";
    let bytes = document.as_bytes();
    let mut opens = memmem::find_iter(bytes, OPEN).peekable();
    let mut closes = memmem::find_iter(bytes, CLOSE).peekable();
    let (mut spans, mut depth, mut start) = (Vec::new(), 0usize, 0);
    loop {
        match (opens.peek().copied(), closes.peek().copied()) {
            (Some(open), close) if close.is_none_or(|close| open < close) => {
                opens.next();
                if depth == 0 {
                    start = open;
                }
                depth += 1;
            }
            (_, Some(close)) => {
                closes.next();
                if depth == 1 {
                    spans.push((start, close + CLOSE.len()));
                }
                depth = depth.saturating_sub(1);
            }
            (_, None) => break,
        }
    }
    // An island left open runs to the end: its markers stay.
    if depth > 0 {
        spans.push((start, bytes.len()));
    }
    spans
}

/// Scripts only from this origin or with this response's nonce; WASM may be
/// compiled; no plugins, no framing, no base-URL tricks, forms only to us.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

#[cfg(test)]
mod tests {
    use super::tidy_html;

    #[test]
    fn markers_go_outside_islands_and_stay_inside() {
        let html = "<html><body><ul><li>a</li><!></ul><leptos-island><ul><li>b</li><!></ul></leptos-island><p>x<!>y</p></body></html><script>s()</script>";
        assert_eq!(
            tidy_html(html),
            "<html><body><ul><li>a</li></ul><leptos-island><ul><li>b</li><!></ul></leptos-island><p>xy</p><script>s()</script></body></html>"
        );
    }

    #[test]
    fn nested_and_adjacent_islands_keep_their_markers() {
        let html = "<body><!><leptos-island><leptos-island><!></leptos-island><!></leptos-island><!><leptos-island><!></leptos-island>a<!>b</body>";
        assert_eq!(tidy_html(html), "<body><leptos-island><leptos-island><!></leptos-island><!></leptos-island><leptos-island><!></leptos-island>ab</body>");
    }

    #[test]
    fn a_document_without_trailing_scripts_is_unchanged_but_for_markers() {
        assert_eq!(tidy_html("<html><body>a<!>b</body></html>"), "<html><body>ab</body></html>");
    }
}
