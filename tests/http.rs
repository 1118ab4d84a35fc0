//! Pages, language, errors, health, headers and CSRF over real HTTP.

use crate::support::{backends, text_of, TestApp};

#[tokio::test]
async fn the_home_page_is_in_bokmal_by_default_and_lists_the_teams() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        let response = app.get("/").await;
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        assert!(html.contains(r#"<html lang="nb""#), "{}", &html[..200.min(html.len())]);
        let text = text_of(&html);
        assert!(text.contains("Gi innspill til boligtjenestene"));
        assert!(text.contains("Miljøvaktmesterteamet"), "teams come from the database");
        assert!(text.contains("Moss kommune"));
    }
}

#[tokio::test]
async fn accept_language_chooses_english_or_nynorsk() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let english = app.get_in("/", "en-GB,en;q=0.9").await.text().await.unwrap();
    assert!(english.contains(r#"<html lang="en""#));
    assert!(text_of(&english).contains("Give input to the housing services"));
    assert!(text_of(&english).contains("Environmental caretakers"), "team names in English");
    let nynorsk = app.get_in("/personvern", "nn-NO").await.text().await.unwrap();
    assert!(nynorsk.contains(r#"<html lang="nn""#));
    assert!(text_of(&nynorsk).contains("Kven ser opplysningane"));
}

#[tokio::test]
async fn every_page_names_its_language_and_text_direction_on_html() {
    let app = TestApp::spawn().await.with_demo_data().await;
    for (accept, lang) in [("nb", "nb"), ("nn-NO", "nn"), ("en-GB", "en")] {
        for path in ["/", "/ide", "/ideer", "/personvern", "/ansatt/logg-inn", "/finnes-ikke"] {
            let html = app.get_in(path, accept).await.text().await.unwrap();
            let expected = format!(r#"<html lang="{lang}" dir="ltr">"#);
            assert!(html.contains(&expected), "{path} in {lang}: {}", &html[..200.min(html.len())]);
        }
    }
}

#[tokio::test]
async fn the_language_form_sets_a_cookie_and_returns_to_the_page() {
    let app = TestApp::spawn().await;
    let response = app.post_form("/sprak", &[("lang", "en"), ("return_to", "/personvern")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/personvern");
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("innspill_lang=en;"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Secure"));

    // The cookie wins over the browser's language.
    let page =
        app.http.get(app.url("/personvern")).header("cookie", "innspill_lang=en").header("accept-language", "nb").send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"<html lang="en""#));
}

#[tokio::test]
async fn an_unreadable_query_string_gets_the_styled_page_in_the_persons_language() {
    let app = TestApp::spawn().await;
    // A repeated key: pages for residents, for staff signing in, with and without a path parameter.
    for path in ["/ansatt/logg-inn?tilbake=%2F&tilbake=%2F", "/konsultasjoner/x?ok=a&ok=b", "/sak/abc?ny=1&ny=2", "/ideer?side=1&side=2"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        assert!(text_of(&response.text().await.unwrap()).contains("Vi forstod ikke forespørselen"), "{path}");
    }
    let english = app.get_in("/ideer?side=1&side=2", "en").await;
    assert_eq!(english.status(), 400);
    assert!(text_of(&english.text().await.unwrap()).contains("We did not understand the request"));
}

#[tokio::test]
async fn an_unreadable_form_gets_the_styled_page_in_the_persons_language() {
    let app = TestApp::spawn().await.with_demo_data().await;
    // A repeated field cannot be read into a form: resident forms, the reopen form and the language form.
    for path in ["/ide", "/nabobekymring", "/sak/abc/gjenapne", "/sprak"] {
        let body = "title=a&title=b&description=a&description=b&comment=a&comment=b&lang=nb&lang=en";
        let response = app
            .http
            .post(app.url(path))
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        assert!(text_of(&response.text().await.unwrap()).contains("Vi forstod ikke forespørselen"), "{path}");
    }
    let english = app
        .http
        .post(app.url("/ide"))
        .header("sec-fetch-site", "same-origin")
        .header("accept-language", "en")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("title=a&title=b")
        .send()
        .await
        .unwrap();
    assert_eq!(english.status(), 400);
    assert!(text_of(&english.text().await.unwrap()).contains("We did not understand the request"));
}

#[tokio::test]
async fn the_language_form_refuses_unknown_languages_and_foreign_return_addresses() {
    let app = TestApp::spawn().await;
    let bad = app.post_form("/sprak", &[("lang", "xx"), ("return_to", "/")]).await;
    assert_eq!(bad.status(), 400);
    assert!(text_of(&bad.text().await.unwrap()).contains("Vi forstod ikke forespørselen"));
    let missing = app.post_form("/sprak", &[("return_to", "/")]).await;
    assert_eq!(missing.status(), 400);
    let away = app.post_form("/sprak", &[("lang", "nn"), ("return_to", "//evil.example/x")]).await;
    assert_eq!(away.status(), 303);
    assert_eq!(away.headers()["location"], "/");
}

#[tokio::test]
async fn cross_site_and_same_site_posts_are_refused() {
    let app = TestApp::spawn().await;
    let form = [("lang", "en"), ("return_to", "/")];
    for headers in
        [vec![("sec-fetch-site", "cross-site")], vec![("sec-fetch-site", "same-site")], vec![("origin", "https://evil.kommune.no")], vec![("origin", "null")]]
    {
        let response = app.post_form_with("/sprak", &form, &headers).await;
        assert_eq!(response.status(), 403, "{headers:?}");
        assert!(response.headers().get("set-cookie").is_none());
        assert!(text_of(&response.text().await.unwrap()).contains("Forespørselen ble stoppet"));
    }
    let own_origin = app.url("");
    let response = app.post_form_with("/sprak", &form, &[("origin", own_origin.as_str())]).await;
    assert_eq!(response.status(), 303, "same origin without Sec-Fetch-Site (older browsers)");
}

#[tokio::test]
async fn an_unknown_page_gets_a_styled_404_in_the_readers_language() {
    let app = TestApp::spawn().await;
    let response = app.get_in("/finnes-ikke?x=<script>", "en").await;
    assert_eq!(response.status(), 404);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en""#));
    assert!(text_of(&html).contains("We could not find that page"));
    assert!(html.contains(r#"rel="stylesheet""#) && html.contains("innspill"), "styled like every page");
    assert!(!html.contains("<script>"), "nothing from the URL is echoed");
}

/// A database that answers reads but takes no writes (here another
/// process holds SQLite's write lock; a full disk or a read-only file looks
/// the same to a writer) is not ready: readiness writes as well as reads.
#[tokio::test]
async fn readiness_proves_a_write_is_possible_not_only_a_read() {
    use sqlx::{Connection as _, Executor as _};
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/health/ready").await.status(), 200);
    let url = app.database_url();
    let mut other = sqlx::SqliteConnection::connect(&url).await.unwrap();
    other.execute("BEGIN IMMEDIATE").await.unwrap();
    assert_eq!(app.get("/").await.status(), 200, "reads still work");
    let ready = app.get("/health/ready").await;
    assert_eq!(ready.status(), 503, "no write possible");
    other.execute("ROLLBACK").await.unwrap();
    assert_eq!(app.get("/health/ready").await.status(), 200, "ready again");
}

#[tokio::test]
async fn readiness_and_pages_answer_503_when_the_database_is_gone() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await;
        assert_eq!(app.get("/health/live").await.status(), 200);
        assert_eq!(app.get("/health/ready").await.status(), 200, "{backend:?}");

        app.store.close().await;

        let ready = app.get("/health/ready").await;
        assert_eq!(ready.status(), 503, "{backend:?}");
        assert_eq!(ready.headers()["retry-after"], "5");
        assert_eq!(app.get("/health/live").await.status(), 200, "the process itself is fine");
        let home = app.get("/").await;
        assert_eq!(home.status(), 503);
        assert_eq!(home.headers()["retry-after"], "5");
        let html = home.text().await.unwrap();
        let text = text_of(&html);
        assert!(text.contains("Tjenesten er ikke tilgjengelig akkurat nå"), "{text}");
        assert!(text.contains("Oppgi denne koden"), "a request id to quote");
        assert!(!text.to_lowercase().contains("pool"), "no technical detail shown: {text}");
    }
}

/// The stylesheet, island bundle and icon a page names: under names that
/// change with their content, so a returning phone may keep them a year.
#[tokio::test]
async fn static_files_have_hashed_names_and_are_cached_for_a_year() {
    let app = TestApp::spawn().await;
    let html = app.get("/ide").await.text().await.unwrap();
    // Every address under /assets/ the page names, in its attributes and its loader script.
    let named: Vec<&str> = html.split(['"', '\'']).filter(|s| s.starts_with("/assets/")).collect();
    let find = |prefix: &str, extension: &str| {
        named
            .iter()
            .find(|u| u.starts_with(prefix) && u.ends_with(extension))
            .map(|u| u.to_string())
            .unwrap_or_else(|| panic!("no {prefix}…{extension} in {named:?}"))
    };
    let workspace = crate::support::workspace_dir();
    let mut files = vec![(find("/assets/favicon-", ".svg"), std::fs::read(workspace.join("style/favicon.svg")).unwrap(), "image/svg+xml")];
    let site = workspace.join("target/site/pkg");
    if site.join("innspill.css").exists() {
        for (file, extension, kind) in
            [("innspill.css", ".css", "text/css"), ("innspill.js", ".js", "text/javascript"), ("innspill.wasm", ".wasm", "application/wasm")]
        {
            files.push((find("/assets/innspill-", extension), std::fs::read(site.join(file)).unwrap(), kind));
        }
    } else {
        assert!(!crate::support::is_ci(), "CI=true but the built site (cargo leptos build) is missing");
        eprintln!("static files: the site is not built, only the icon is checked (run `cargo leptos build`)");
    }
    for (url, bytes, kind) in files {
        assert!(url.len() > "/assets/innspill-.css".len() + 8, "{url} carries a hash");
        let response = app.get(&url).await;
        assert_eq!(response.status(), 200, "{url}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with(kind), "{url}");
        assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable", "{url}");
        assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice(), "{url} is the built file");
    }
    let unknown = app.get("/assets/innspill-0000000000000000.css").await;
    assert_eq!(unknown.status(), 404, "an old or made-up name is not found");
    let icon = app.get("/favicon.ico").await;
    assert_eq!(icon.status(), 200, "no 404 on a first visit");
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    let plain = app.get("/pkg/innspill.css").await;
    if plain.status() == 200 {
        assert_eq!(plain.headers()["cache-control"], "no-cache", "the unhashed name is revalidated");
    }
}

#[tokio::test]
async fn security_headers_are_on_every_kind_of_response() {
    let app = TestApp::spawn().await;
    for path in ["/", "/finnes-ikke", "/health/ready", "/pkg/innspill.css", "/pkg/missing.js"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers.get("content-security-policy").unwrap_or_else(|| panic!("{path}: no CSP")).to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("base-uri 'none'"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert!(headers.contains_key("strict-transport-security"), "{path}");
        assert!(headers.contains_key("x-request-id"), "{path}");
    }
    let page = app.get("/").await;
    assert_eq!(page.headers()["cache-control"], "no-store");
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_string();
    let html = page.text().await.unwrap();
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("page CSP has a nonce");
    assert!(nonce.len() >= 16);
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "inline scripts carry the response's nonce");
    assert!(csp.contains("object-src 'none'"));
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = TestApp::spawn().await;
    let huge = "x".repeat(innspill::http::MAX_BODY_BYTES + 1);
    let response = app.post_form("/sprak", &[("lang", "en"), ("return_to", &huge)]).await;
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn every_page_has_a_title_a_main_landmark_a_skip_link_and_the_footer_links() {
    let app = TestApp::spawn().await;
    for path in ["/", "/personvern", "/tilgjengelighet", "/finnes-ikke"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains("<title>") && html.contains("– Innspill</title>"), "{path}");
        assert!(html.contains(r#"<main id="main""#), "{path}");
        assert!(html.contains(r##"href="#main""##), "{path}");
        assert!(html.contains(r#"href="/personvern""#) && html.contains(r#"href="/tilgjengelighet""#), "{path}");
        assert!(html.contains(r#"action="/sprak""#), "{path}: language switcher");
    }
}

#[tokio::test]
async fn a_request_id_sent_by_the_client_is_replaced_by_ours() {
    let app = TestApp::spawn().await;
    for path in ["/", "/health/live", "/finnes-ikke"] {
        let response = app.http.get(app.url(path)).header("x-request-id", "forged-id <script>").send().await.unwrap();
        let id = response.headers()["x-request-id"].to_str().unwrap().to_string();
        assert_ne!(id, "forged-id <script>", "{path}");
        assert!(id.len() == 16 && id.chars().all(|c| c.is_ascii_hexdigit()), "{path}: {id}");
    }
}

/// Reads from `stream` until the server closes it or answers; `None` when
/// neither happens within `within` (the connection is still being held).
async fn read_until_closed(stream: &mut tokio::net::TcpStream, within: std::time::Duration) -> Option<String> {
    use tokio::io::AsyncReadExt;
    let mut received = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    received.extend_from_slice(&buffer[..n]);
                    // A complete answer to a request without a body ends the wait too.
                    if received.windows(4).any(|w| w == b"\r\n\r\n") && !received.starts_with(b"HTTP/1.1 100") {
                        break;
                    }
                }
            }
        }
    })
    .await;
    read.ok().map(|()| String::from_utf8_lossy(&received).to_string())
}

async fn connect(app: &TestApp) -> tokio::net::TcpStream {
    tokio::net::TcpStream::connect(app.address.trim_start_matches("http://")).await.expect("connect")
}

#[tokio::test]
async fn a_client_that_sends_headers_or_a_body_too_slowly_is_let_go() {
    use tokio::io::AsyncWriteExt;
    let settings = [("INNSPILL_HTTP__HEADER_READ_TIMEOUT_SECS", "1"), ("INNSPILL_HTTP__BODY_READ_TIMEOUT_SECS", "1")];
    let app = TestApp::spawn_with(crate::support::Backend::Sqlite, &settings).await.with_demo_data().await;
    // Half a request line and headers, then nothing: disconnected after the timeout.
    let mut stalled = connect(&app).await;
    stalled.write_all(b"GET / HTTP/1.1\r\nHost: innspill\r\n").await.unwrap();
    let answer = read_until_closed(&mut stalled, std::time::Duration::from_secs(10)).await;
    assert!(answer.is_some(), "the stalled connection is still open after 10 s");
    assert!(!answer.unwrap_or_default().contains("200 OK"), "no page for half a request");
    // A form whose body never arrives: answered 400, the handler is not held.
    let mut slow = connect(&app).await;
    slow.write_all(b"POST /ide HTTP/1.1\r\nHost: innspill\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ntitle=").await.unwrap();
    let answer = read_until_closed(&mut slow, std::time::Duration::from_secs(10)).await.expect("the slow body is still held after 10 s");
    assert!(answer.starts_with("HTTP/1.1 400") || answer.starts_with("HTTP/1.1 408"), "{answer}");
    // A client that sends its request promptly is served.
    let mut prompt = connect(&app).await;
    prompt.write_all(b"GET /health/live HTTP/1.1\r\nHost: innspill\r\nConnection: close\r\n\r\n").await.unwrap();
    let answer = read_until_closed(&mut prompt, std::time::Duration::from_secs(10)).await.expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_until_one_closes() {
    use tokio::io::AsyncWriteExt;
    let settings = [("INNSPILL_HTTP__MAX_CONNECTIONS", "1"), ("INNSPILL_HTTP__HEADER_READ_TIMEOUT_SECS", "30")];
    let app = TestApp::spawn_with(crate::support::Backend::Sqlite, &settings).await;
    let mut holder = connect(&app).await;
    holder.write_all(b"GET /health/live HTTP/1.1\r\nHost: innspill\r\n\r\n").await.unwrap();
    assert!(read_until_closed(&mut holder, std::time::Duration::from_secs(10)).await.is_some_and(|a| a.starts_with("HTTP/1.1 200")));
    // The holder keeps its connection open (keep-alive): the only slot is taken.
    let mut waiting = connect(&app).await;
    waiting.write_all(b"GET /health/live HTTP/1.1\r\nHost: innspill\r\nConnection: close\r\n\r\n").await.unwrap();
    assert_eq!(read_until_closed(&mut waiting, std::time::Duration::from_millis(500)).await, None, "served while the only slot was taken");
    drop(holder);
    let answer = read_until_closed(&mut waiting, std::time::Duration::from_secs(10)).await.expect("served once the slot is free");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
