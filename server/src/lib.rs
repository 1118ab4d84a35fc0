//! The Innspill server. Modules, in reading order:
// Leptos view types nest deeply; rendering the largest pages needs more room.
#![recursion_limit = "256"]

/// Teams, themes, areas and rules, cached and refreshed in the background.
pub mod catalog;
/// Settings from defaults, a TOML file and `INNSPILL_` environment variables.
pub mod config;
/// The demo configuration for Moss: teams, themes and areas.
pub mod demo;
/// Routes, middleware, page rendering and the one HTTP error type.
pub mod http;
/// The keys that sign form keys and derive tracking links, current and older.
pub mod keys;
/// E-mail: the outbox worker, transports and the receipt.
pub mod mail;
/// Argon2id hashing of staff passwords (the policy is in `domain`).
pub mod password;
/// `Application`: binds the listener and serves; shared by `main` and tests.
pub mod startup;
/// The `Store` trait and its SQLite and PostgreSQL implementations.
pub mod store;
/// Structured logs (text or JSON) that never carry personal data.
pub mod telemetry;
/// Use cases: one function per thing a person does, under every adapter.
pub mod usecase;
/// Webhooks: the delivery worker, its signed bodies.
pub mod webhook;

/// Rendering a page makes many small allocations on several threads, where
/// glibc's allocator spends its time on locks; mimalloc does not (measured
/// by `tools/bench ideas`). Declared here, so the server, the bench and the
/// tests all run on the same allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(test)]
mod translation_tests {
    use std::path::Path;

    /// Every text key the server and the domain name (validation errors,
    /// vocabularies, mails, and the keys every handler passes to pages) must
    /// exist in bokmål; the app's locale test then checks every other locale
    /// has it too. A key is a literal whose first segment is one of the
    /// locale file's namespaces.
    #[test]
    fn every_key_used_by_the_server_and_the_domain_is_translated() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut source = String::new();
        for dir in [root.join("src/http"), root.join("../domain/src")] {
            read_sources(&dir, &mut source);
        }
        source.push_str(include_str!("mail.rs"));
        // Message lines start at the margin with `id =`; ids use `-` for `.`.
        let namespaces: std::collections::BTreeSet<&str> = include_str!("../../app/locales/nb.ftl")
            .lines()
            .filter(|l| !l.starts_with(['#', ' ']))
            .filter_map(|l| l.split_once(" =").and_then(|(id, _)| id.split('-').next()))
            .collect();
        let i18n = app::i18n::I18n::new(app::i18n::Locale::Nb);
        let keys: Vec<&str> = source
            .split('"')
            .filter(|s| {
                s.contains('.')
                    && !s.contains(' ')
                    && !s.ends_with('.')
                    && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
            })
            .filter(|s| s.split('.').next().is_some_and(|ns| namespaces.contains(ns)))
            .collect();
        assert!(keys.len() >= 300, "found {} keys", keys.len());
        for key in keys {
            let key: &'static str = Box::leak(key.to_string().into_boxed_str());
            assert_ne!(i18n.t(key), key, "{key} is missing from app/locales/nb.ftl");
        }
    }

    /// The `.rs` files under `dir`, test modules left out.
    fn read_sources(dir: &Path, out: &mut String) {
        let Ok(entries) = std::fs::read_dir(dir) else { panic!("cannot read {}", dir.display()) };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                read_sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                out.push_str(text.split("#[cfg(test)]").next().unwrap_or_default());
                out.push('"');
            }
        }
    }
}

#[cfg(test)]
mod layering_tests {
    use std::path::{Path, PathBuf};

    /// Every `.rs` file under `dir`.
    fn rust_files(dir: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for path in std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()) {
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
        files
    }

    /// Modules under `http` that hold handlers. What they share lives in the
    /// shared modules (`format`, `labels`, `limits`, `redirect`,
    /// `survey_views`, `staff/mod.rs`, …), so a handler module never reaches
    /// into another one; only the router (`mod.rs`, `routes.rs`) names them.
    const HANDLER_MODULES: &[&str] = &[
        "submissions",
        "participation",
        "consultation",
        "pages",
        "language",
        "health",
        "admin",
        "consultations",
        "inbox",
        "item",
        "moderation",
        "session",
        "catalog",
        "rules",
        "accounts",
        "invitations",
        "templates",
    ];

    #[test]
    fn no_handler_module_imports_another_handler_module() {
        let http = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
        let mut files = Vec::new();
        for dir in [http.clone(), http.join("staff"), http.join("staff/admin")] {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                files.push(entry.path());
            }
        }
        let handler_files: Vec<_> =
            files.iter().filter(|p| p.file_stem().and_then(|s| s.to_str()).is_some_and(|stem| HANDLER_MODULES.contains(&stem))).collect();
        assert!(handler_files.len() >= 16, "found {} handler modules", handler_files.len());
        let mut offences = Vec::new();
        for file in handler_files {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            for module in HANDLER_MODULES {
                for prefix in ["super::", "super::staff::", "crate::http::", "crate::http::staff::"] {
                    let path = format!("{prefix}{module}::");
                    if text.contains(&path) {
                        offences.push(format!("{} uses {path}", file.display()));
                    }
                }
            }
        }
        assert!(offences.is_empty(), "handler modules import each other:\n{}", offences.join("\n"));
    }

    /// The domain crate names no crate of ours.
    #[test]
    fn the_domain_crate_depends_on_no_crate_of_ours() {
        let manifest = include_str!("../../domain/Cargo.toml");
        for ours in ["app", "server", "innspill"] {
            assert!(
                !manifest.lines().any(|l| l.trim_start().starts_with(&format!("{ours} ")) || l.trim_start().starts_with(&format!("{ours}."))),
                "domain depends on {ours}"
            );
        }
        assert!(!manifest.contains("path ="), "domain has a path dependency");
    }

    /// SQL is written in plain functions (`store/sql/`), where compiler
    /// errors point at the query and rows derive `FromRow`: no `macro_rules!`
    /// in the server holds a query.
    #[test]
    fn no_macro_holds_sql() {
        let mut offences = Vec::new();
        for file in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let definitions = text.match_indices("macro_rules!").filter(|&(at, _)| text[..at].rsplit('\n').next().is_some_and(|line| line.trim().is_empty()));
            for (start, _) in definitions {
                // The macro's body: from its first brace to the matching one.
                let body = &text[start..];
                let mut depth = 0;
                let end = body
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '{' => 1,
                            '}' => -1,
                            _ => 0,
                        };
                        c == '}' && depth == 0
                    })
                    .map_or(body.len(), |(i, _)| i);
                let body = body[..end].to_lowercase();
                if ["sqlx::", "select ", "insert into", "update ", "delete from"].iter().any(|sql| body.contains(sql)) {
                    offences.push(file.display().to_string());
                }
            }
        }
        assert!(offences.is_empty(), "SQL inside macro_rules! in:\n{}", offences.join("\n"));
    }
}
