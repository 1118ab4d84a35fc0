//! Renders a Leptos page component into a full HTML response.

use super::AppState;
use app::context::{PageContext, SiteInfo};
use app::i18n::Locale;
use app::layout::Document;
use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode, Uri};
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
    F: Fn() -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let context = PageContext {
        locale: info.locale,
        path: info.uri.path().to_string(),
        site: SiteInfo {
            municipality_name: state.settings.municipality_name.clone(),
            contact_email: state.settings.contact_email.clone(),
            privacy_officer_email: state.settings.privacy_officer_email.clone(),
            quick_exit_url: state.settings.quick_exit_url.clone(),
        },
    };
    let options = state.leptos.clone();
    let app = move || {
        provide_context(context.clone());
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
            let nonce = leptos::nonce::use_nonce().map(|n| n.to_string()).unwrap_or_default();
            if let Ok(csp) = HeaderValue::from_str(&content_security_policy(&nonce)) {
                response.insert_header(header::CONTENT_SECURITY_POLICY, csp);
            }
        }
        let page = page.clone();
        view! { <Document options=options.clone() title_key=title_key>{page()}</Document> }
    };
    let handler = leptos_axum::render_app_async_with_context(|| {}, app);
    let request = Request::builder().uri(info.uri.clone()).body(Body::empty()).unwrap_or_default();
    let (parts, body) = handler(request).await.into_parts();
    // The page is already rendered in full (async mode), so this costs one copy.
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => Response::from_parts(parts, Body::from(tidy_html(&String::from_utf8_lossy(&bytes)))),
        Err(error) => {
            tracing::error!(%error, "page body could not be read");
            Response::from_parts(parts, Body::empty())
        }
    }
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
    const OPEN: &str = "<leptos-island";
    const CLOSE: &str = "</leptos-island>";
    let (document, trailing) = match html.rfind("</html>") {
        Some(end) => (&html[..end], html[end + "</html>".len()..].trim()),
        None => (html, ""),
    };
    let mut out = String::with_capacity(html.len());
    let mut depth = 0usize;
    let mut rest = document;
    while !rest.is_empty() {
        let next = [rest.find("<!>"), rest.find(OPEN), rest.find(CLOSE)].into_iter().flatten().min();
        let Some(at) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("<!>") {
            if depth > 0 {
                out.push_str("<!>");
            }
            rest = &rest[3..];
        } else if rest.starts_with(OPEN) {
            depth += 1;
            out.push_str(OPEN);
            rest = &rest[OPEN.len()..];
        } else {
            depth = depth.saturating_sub(1);
            out.push_str(CLOSE);
            rest = &rest[CLOSE.len()..];
        }
    }
    match out.rfind("</body>") {
        Some(body_end) => out.insert_str(body_end, trailing),
        None => out.push_str(trailing),
    }
    if html.contains("</html>") {
        out.push_str("</html>");
    }
    out
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
    fn a_document_without_trailing_scripts_is_unchanged_but_for_markers() {
        assert_eq!(tidy_html("<html><body>a<!>b</body></html>"), "<html><body>ab</body></html>");
    }
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
