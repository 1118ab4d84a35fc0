//! The built stylesheet, island bundle and the favicon, served from memory
//! under names that carry a hash of their content and cached by browsers for
//! a year: a returning phone downloads only the HTML, and a new build has new
//! names, so nobody keeps an old stylesheet. The unhashed files stay under
//! `/pkg/` for tools, revalidated on every use.

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::path::Path;

use super::AppState;

/// The URL prefix of the hashed files.
pub const PREFIX: &str = "/assets";

/// `Cache-Control` of a file whose name changes with its content.
const FOREVER: &str = "public, max-age=31536000, immutable";

/// A small SVG icon: the tab shows it instead of a 404 on every first visit.
const FAVICON: &[u8] = include_bytes!("../../../style/favicon.svg");

/// Arabic-script fonts for phones that lack them (Noto, SIL Open Font License,
/// `style/fonts/OFL.txt`), subset to the Arabic block. The stylesheet names
/// them at these fixed addresses; each name carries the font's version, so
/// it never changes content and is cached like the hashed files.
const FONTS: [(&str, &[u8]); 3] = [
    ("noto-naskh-arabic-5.3.0-arabic-400.woff2", include_bytes!("../../../style/fonts/noto-naskh-arabic-5.3.0-arabic-400.woff2")),
    ("noto-naskh-arabic-5.3.0-arabic-700.woff2", include_bytes!("../../../style/fonts/noto-naskh-arabic-5.3.0-arabic-700.woff2")),
    ("noto-nastaliq-urdu-5.3.0-arabic-400.woff2", include_bytes!("../../../style/fonts/noto-nastaliq-urdu-5.3.0-arabic-400.woff2")),
];

struct StaticFile {
    bytes: axum::body::Bytes,
    content_type: &'static str,
}

/// The hashed files, by their hashed name.
#[derive(Default)]
pub struct StaticFiles {
    files: HashMap<String, StaticFile>,
}

/// Where a page finds each file: `(stylesheet, module, wasm, favicon)`.
pub struct AssetUrls {
    pub stylesheet: String,
    pub module: String,
    pub wasm: String,
    pub favicon: String,
}

impl StaticFiles {
    /// Reads `{output_name}.css`, `.js` and `.wasm` from the built `pkg_dir`.
    /// A file that is missing (a build without the island bundle) keeps its
    /// plain `/{pkg_url}/` address, served from the folder as before.
    pub fn load(pkg_dir: &Path, pkg_url: &str, output_name: &str) -> (StaticFiles, AssetUrls) {
        let mut files = StaticFiles::default();
        let mut add = |file: &str, content_type: &'static str| -> String {
            match std::fs::read(pkg_dir.join(file)) {
                Ok(bytes) => files.insert(file, bytes, content_type),
                Err(_) => format!("/{pkg_url}/{file}"),
            }
        };
        let stylesheet = add(&format!("{output_name}.css"), "text/css; charset=utf-8");
        let module = add(&format!("{output_name}.js"), "text/javascript; charset=utf-8");
        let wasm = add(&format!("{output_name}.wasm"), "application/wasm");
        let favicon = files.insert("favicon.svg", FAVICON.to_vec(), "image/svg+xml");
        for (name, bytes) in FONTS {
            files.files.insert(name.to_string(), StaticFile { bytes: axum::body::Bytes::from_static(bytes), content_type: "font/woff2" });
        }
        (files, AssetUrls { stylesheet, module, wasm, favicon })
    }

    /// Keeps `bytes` as `stem-HASH.ext` and returns its address.
    fn insert(&mut self, file: &str, bytes: Vec<u8>, content_type: &'static str) -> String {
        let hash = domain::submission::sha256_hex(&bytes);
        let (stem, extension) = file.rsplit_once('.').unwrap_or((file, ""));
        let name = format!("{stem}-{}.{extension}", &hash[..16]);
        self.files.insert(name.clone(), StaticFile { bytes: bytes.into(), content_type });
        format!("{PREFIX}/{name}")
    }
}

/// GET /assets/{name}: a hashed file, cached for a year.
pub async fn serve(State(state): State<AppState>, UrlPath(name): UrlPath<String>) -> Response {
    match state.static_files.files.get(&name) {
        Some(file) => (
            [(header::CONTENT_TYPE, HeaderValue::from_static(file.content_type)), (header::CACHE_CONTROL, HeaderValue::from_static(FOREVER))],
            file.bytes.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// GET /favicon.ico: what browsers ask for before they read the page's icon link.
pub async fn favicon() -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], FAVICON).into_response()
}

/// The unhashed files under `/pkg/`: usable, but revalidated each time.
pub async fn revalidate(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
