//! Headless Chromium through chromedriver (fantoccini), axe-core and the Nu
//! HTML checker. Without Chromium the browser tests are skipped with a
//! notice, except under CI=true, where they fail.

use super::{is_ci, workspace_dir};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Where screenshots go, for people to look at (not asserted).
pub fn screenshot_dir() -> PathBuf {
    workspace_dir().join("target/screenshots")
}

fn tool(name: &str) -> Option<PathBuf> {
    ["/usr/bin", "/usr/local/bin", "/usr/lib/chromium"].iter().map(|dir| PathBuf::from(dir).join(name)).find(|p| p.exists())
}

/// True when the browser tests can run; panics under CI when they cannot.
pub fn available() -> bool {
    let site_built = workspace_dir().join("target/site/pkg/innspill.css").exists();
    let ok = tool("chromium").is_some() && tool("chromedriver").is_some() && site_built;
    if !ok {
        assert!(!is_ci(), "CI=true but chromium, chromedriver or the built site (cargo leptos build) is missing");
        eprintln!("skipping browser test: install chromium and chromium-driver and run `cargo leptos build`");
    }
    ok
}

/// One chromedriver process and one browser session; both end on drop.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

pub struct Options {
    pub javascript: bool,
    pub accept_language: &'static str,
}

impl Browser {
    pub async fn launch(options: Options) -> Browser {
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").expect("free port");
            listener.local_addr().expect("addr").port()
        };
        let driver = Command::new(tool("chromedriver").expect("chromedriver"))
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut prefs = json!({ "intl.accept_languages": options.accept_language });
        if !options.javascript {
            prefs["profile.managed_default_content_settings.javascript"] = json!(2);
        }
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": tool("chromium").expect("chromium"),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--lang={}", options.accept_language.split(',').next().unwrap_or("nb")),
                ],
                "prefs": prefs,
            }
        });
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        };
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = String::new();
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(capabilities.clone()).connect(&url).await {
                Ok(client) => return Browser { client, driver, _profile: profile },
                Err(error) => last_error = error.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("could not start a browser session: {last_error}");
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    pub async fn set_width(&self, width: u32) {
        self.client.set_window_size(width, 900).await.expect("resize");
    }

    pub async fn html_lang(&self) -> String {
        let element = self.client.find(Locator::Css("html")).await.expect("html");
        element.attr("lang").await.expect("lang").unwrap_or_default()
    }

    pub async fn text(&self, css: &str) -> String {
        self.client.find(Locator::Css(css)).await.expect(css).text().await.expect("text")
    }

    pub async fn click(&self, css: &str) {
        self.client.find(Locator::Css(css)).await.expect(css).click().await.expect("click");
    }

    /// Waits (up to 10 s) for an element matching `css`.
    pub async fn wait_for(&self, css: &str) {
        self.client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(css)).await.unwrap_or_else(|e| panic!("waiting for {css}: {e}"));
    }

    /// Runs axe-core for WCAG 2.0/2.1/2.2 A and AA; returns the violations.
    pub async fn axe(&self) -> Vec<String> {
        let source = std::fs::read_to_string(workspace_dir().join("node_modules/axe-core/axe.min.js")).expect("axe-core is installed (npm ci)");
        self.client.execute(&source, vec![]).await.expect("inject axe");
        let result = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                      .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(' | '))))
                      .catch(e => done(['axe failed: ' + e]));"#,
                vec![],
            )
            .await
            .expect("run axe");
        serde_json::from_value(result).expect("axe result")
    }

    /// True when the page scrolls sideways: content wider than the window.
    pub async fn overflows_horizontally(&self) -> bool {
        let result = self.client.execute("return document.documentElement.scrollWidth > window.innerWidth;", vec![]).await.expect("measure");
        result.as_bool().unwrap_or(true)
    }

    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// A screenshot of a long page, `width` wide: the window made tall for it.
    pub async fn screenshot_tall(&self, name: &str, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.expect("resize");
        self.screenshot(name).await;
        self.set_width(width).await;
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// Runs the Nu HTML checker once over all `(name, html)` pages; returns
/// the errors, each prefixed with the page's name.
pub fn html_errors(pages: &[(String, String)]) -> Vec<String> {
    let jar = workspace_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    if !jar.exists() || Command::new("java").arg("-version").output().is_err() {
        assert!(!is_ci(), "CI=true but java or vnu.jar (npm ci) is missing");
        eprintln!("skipping HTML check: needs java and npm ci");
        return Vec::new();
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for (index, (_, html)) in pages.iter().enumerate() {
        let path = dir.path().join(format!("page{index}.html"));
        std::fs::write(&path, html).expect("write page");
        files.push(path);
    }
    let output =
        Command::new("java").arg("-jar").arg(&jar).args(["--errors-only", "--format", "json", "--exit-zero-always"]).args(&files).output().expect("run vnu");
    let report: serde_json::Value = serde_json::from_slice(&output.stderr)
        .or_else(|_| serde_json::from_slice(&output.stdout))
        .unwrap_or_else(|_| panic!("vnu output: {}", String::from_utf8_lossy(&output.stderr)));
    report["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["type"] == "error")
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("");
            let index: usize = url.rsplit("page").next().and_then(|s| s.trim_end_matches(".html").parse().ok()).unwrap_or(usize::MAX);
            let name = pages.get(index).map(|p| p.0.as_str()).unwrap_or(url);
            format!("{name}: line {}: {}", m["lastLine"], m["message"].as_str().unwrap_or(""))
        })
        .collect()
}
