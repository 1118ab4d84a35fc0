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
