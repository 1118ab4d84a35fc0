//! Renders a Leptos page component into a full HTML response.

use super::AppState;
use app::context::PageContext;
use app::i18n::Locale;
use app::layout::Document;
use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use leptos::prelude::*;

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
    let mut response = Response::new(Body::from(tidy_html(&html)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    if let Ok(csp) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
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
