//! Every page in a real headless Chromium: axe-core (0 violations), the Nu
//! HTML checker (0 errors), 320 px without sideways scrolling, JS on and off.

use crate::support::browser::{available, html_errors, Browser, Options};
use crate::support::TestApp;

const PAGES: [(&str, &str); 4] =
    [("home", "/"), ("privacy", "/personvern"), ("accessibility", "/tilgjengelighet"), ("not-found", "/finnes-ikke")];

#[tokio::test]
async fn every_page_passes_axe_at_desktop_and_phone_width_in_every_language() {
    if !available() {
        return;
    }
    let app = TestApp::spawn().await.with_demo_data().await;
    let browser = Browser::launch(Options { javascript: true, accept_language: "nb" }).await;
    let mut failures = Vec::new();
    for locale in ["nb", "nn", "en"] {
        browser.goto(&app.url("/")).await;
        browser.client.execute(&format!("document.cookie = 'innspill_lang={locale}; path=/'"), vec![]).await.unwrap();
        for (name, path) in PAGES {
            for width in [1280, 320] {
                browser.set_width(width).await;
                browser.goto(&app.url(path)).await;
                assert_eq!(browser.html_lang().await, locale);
                for violation in browser.axe().await {
                    failures.push(format!("{locale} {path} @{width}px: {violation}"));
                }
                if browser.overflows_horizontally().await {
                    failures.push(format!("{locale} {path} @{width}px: scrolls sideways"));
                }
                browser.screenshot(&format!("{name}-{locale}-{width}")).await;
            }
        }
    }
    browser.close().await;
    assert!(failures.is_empty(), "accessibility failures:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn every_page_is_valid_html_in_every_language() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let mut pages = Vec::new();
    for locale in ["nb", "nn", "en"] {
        for (name, path) in PAGES {
            let html = app.get_in(path, locale).await.text().await.unwrap();
            pages.push((format!("{name} ({locale})"), html));
        }
        // The 503 page too, from a second app whose database is closed.
    }
    let down = TestApp::spawn().await;
    down.store.close().await;
    pages.push(("unavailable".into(), down.get("/").await.text().await.unwrap()));
    let errors = html_errors(&pages);
    assert!(errors.is_empty(), "HTML errors:\n{}", errors.join("\n"));
}

#[tokio::test]
async fn the_language_switcher_works_without_javascript() {
    if !available() {
        return;
    }
    let app = TestApp::spawn().await.with_demo_data().await;
    let browser = Browser::launch(Options { javascript: false, accept_language: "nb" }).await;
    browser.goto(&app.url("/personvern")).await;
    assert_eq!(browser.html_lang().await, "nb");
    assert_eq!(browser.text("h1").await, "Personvern");

    browser.click(r#"button[name="lang"][value="en"]"#).await;
    browser.wait_for(r#"html[lang="en"]"#).await;
    assert_eq!(browser.text("h1").await, "Privacy");
    assert!(browser.client.current_url().await.unwrap().path().ends_with("/personvern"), "back on the same page");

    browser.goto(&app.url("/")).await;
    assert_eq!(browser.html_lang().await, "en", "the choice is remembered");
    browser.screenshot("home-en-nojs").await;

    browser.click(r#"button[name="lang"][value="nn"]"#).await;
    browser.wait_for(r#"html[lang="nn"]"#).await;
    assert_eq!(browser.text("h1").await, "Gi innspel til bustadtenestene");
    browser.close().await;
}

#[tokio::test]
async fn the_quick_exit_island_hydrates_and_leaves_no_way_back() {
    if !available() {
        return;
    }
    let app = TestApp::spawn().await;
    let browser = Browser::launch(Options { javascript: true, accept_language: "nb" }).await;
    browser.goto(&app.url("/personvern")).await;
    browser.goto(&app.url("/")).await;
    browser.wait_for(r#".quick-exit[data-hydrated="true"]"#).await;
    browser.click(".quick-exit").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    browser.client.back().await.unwrap();
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.path(), "/personvern", "the page with the quick exit was replaced in history");
    browser.close().await;
}

#[tokio::test]
async fn the_quick_exit_is_a_plain_link_without_javascript() {
    if !available() {
        return;
    }
    let app = TestApp::spawn().await;
    let browser = Browser::launch(Options { javascript: false, accept_language: "nb" }).await;
    browser.goto(&app.url("/")).await;
    let link = browser.client.find(fantoccini::Locator::Css(".quick-exit")).await.unwrap();
    assert_eq!(link.attr("href").await.unwrap().as_deref(), Some("http://127.0.0.1:9/"));
    assert_eq!(link.attr("data-hydrated").await.unwrap(), None);
    browser.close().await;
}
