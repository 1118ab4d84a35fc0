//! The translation layer. Each locale is a plain `key = value` file in
//! `app/locales/`, compiled into the binary. Bokmål is the reference: a test
//! fails when any other locale lacks one of its keys, or when code asks for a
//! key bokmål does not have.
//!
//! Why not Fluent or leptos_i18n: our texts need only named placeholders
//! (`{name}`), and a hand-written table keeps the dependency tree and the WASM
//! small. Plural rules can be added per key when a text needs them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A text table. Its keys are our own compile-time strings, never input, so a
/// fast non-keyed hash is safe here; a list page looks up a hundred texts.
pub type Table = HashMap<&'static str, &'static str, BuildHasherDefault<KeyHasher>>;

/// FNV-1a: a few instructions per byte against SipHash's setup per lookup.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for byte in bytes {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A language the interface is translated into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Locale {
    /// Norwegian bokmål, the default.
    Nb,
    /// Norwegian nynorsk.
    Nn,
    /// English.
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Nb, Locale::Nn, Locale::En];
    pub const DEFAULT: Locale = Locale::Nb;

    /// The BCP 47 tag used in `lang` attributes, cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Nb => "nb",
            Locale::Nn => "nn",
            Locale::En => "en",
        }
    }

    /// The language's own name, shown in the language switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::Nb => "Norsk bokmål",
            Locale::Nn => "Norsk nynorsk",
            Locale::En => "English",
        }
    }

    /// Parses one of our own codes (`nb`, `nn`, `en`); anything else is `None`.
    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Picks the best supported locale from an `Accept-Language` header,
    /// honouring q-values. `no` (generic Norwegian) means bokmål.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()))
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let locale = match primary {
                "nb" | "no" => Locale::Nb,
                "nn" => Locale::Nn,
                "en" => Locale::En,
                _ => continue,
            };
            if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, locale));
            }
        }
        best.map(|(_, l)| l)
    }

    /// The raw translation file for this locale.
    pub fn source(self) -> &'static str {
        match self {
            Locale::Nb => include_str!("../locales/nb.txt"),
            Locale::Nn => include_str!("../locales/nn.txt"),
            Locale::En => include_str!("../locales/en.txt"),
        }
    }

    fn table(self) -> &'static Table {
        static TABLES: [OnceLock<Table>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let index = match self {
            Locale::Nb => 0,
            Locale::Nn => 1,
            Locale::En => 2,
        };
        TABLES[index].get_or_init(|| parse(self.source()))
    }
}

/// Parses a translation file: `key = value` per line; `#` starts a comment line.
pub fn parse(source: &'static str) -> Table {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.trim(), value.trim()))
        .collect()
}

/// Looks texts up for one locale.
#[derive(Clone, Copy, Debug)]
pub struct I18n {
    pub locale: Locale,
}

impl I18n {
    pub fn new(locale: Locale) -> Self {
        I18n { locale }
    }

    /// The text for `key`. A missing key (which the locale test prevents) falls
    /// back to bokmål, then to the key itself, so a page never breaks.
    pub fn t(&self, key: &'static str) -> &'static str {
        self.locale
            .table()
            .get(key)
            .or_else(|| Locale::DEFAULT.table().get(key))
            .copied()
            .unwrap_or(key)
    }

    /// The text for `key` with each `{name}` replaced by its value.
    pub fn t_with(&self, key: &'static str, args: &[(&str, &str)]) -> String {
        // One pass: list pages call this for every row.
        let template = self.t(key);
        let mut text = String::with_capacity(template.len() + args.iter().map(|(_, v)| v.len()).sum::<usize>());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').and_then(|close| args.iter().find(|(name, _)| *name == &after[..close]).map(|(_, value)| (close, value))) {
                Some((close, value)) => {
                    text.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    text.push('{');
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_and_unknown_ones_kept() {
        let i18n = I18n::new(Locale::Nb);
        assert_eq!(i18n.t_with("consultation.dates", &[("opens", "01.12.2026"), ("closes", "{opens}")]), "01.12.2026 – {opens}");
        assert_eq!(i18n.t_with("consultation.dates", &[("opens", "a")]), "a – {closes}");
    }

    #[test]
    fn accept_language_picks_the_highest_quality_supported_language() {
        assert_eq!(Locale::from_accept_language("en-GB,en;q=0.9,nb;q=0.8"), Some(Locale::En));
        assert_eq!(Locale::from_accept_language("de, nn;q=0.5, en;q=0.4"), Some(Locale::Nn));
        assert_eq!(Locale::from_accept_language("no"), Some(Locale::Nb));
        assert_eq!(Locale::from_accept_language("sv, de"), None);
        assert_eq!(Locale::from_accept_language("en;q=0"), None);
        assert_eq!(Locale::from_accept_language(""), None);
    }

    #[test]
    fn every_locale_has_exactly_the_keys_of_bokmal() {
        let reference = Locale::Nb.table();
        for locale in Locale::ALL {
            let table = locale.table();
            let mut missing: Vec<_> = reference.keys().filter(|k| !table.contains_key(*k)).collect();
            let mut extra: Vec<_> = table.keys().filter(|k| !reference.contains_key(*k)).collect();
            missing.sort();
            extra.sort();
            assert!(missing.is_empty(), "{} lacks keys: {missing:?}", locale.code());
            assert!(extra.is_empty(), "{} has keys bokmål lacks: {extra:?}", locale.code());
            for (key, value) in table {
                assert!(!value.is_empty(), "{}: {key} is empty", locale.code());
            }
        }
    }

    #[test]
    fn no_key_is_defined_twice_in_a_file() {
        for locale in Locale::ALL {
            let mut seen = std::collections::HashSet::new();
            for line in locale.source().lines().map(str::trim) {
                if let Some((key, _)) = line.split_once('=').filter(|_| !line.starts_with('#')) {
                    assert!(seen.insert(key.trim()), "{}: {} twice", locale.code(), key.trim());
                }
            }
        }
    }

    #[test]
    fn every_key_used_in_the_code_exists_in_bokmal() {
        let reference = Locale::Nb.table();
        let mut used = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        collect_used_keys(root.join("src").as_path(), &mut used);
        // The domain's vocabularies name the keys of their labels.
        collect_used_keys(root.join("../domain/src").as_path(), &mut used);
        assert!(used.len() > 20, "the scan found too few keys: {}", used.len());
        let missing: Vec<_> = used.iter().filter(|k| !reference.contains_key(k.as_str())).collect();
        assert!(missing.is_empty(), "keys used in code but missing in nb.txt: {missing:?}");
    }

    /// Collects every string literal shaped like a key (`area.name`, lowercase
    /// words joined by dots) in the source tree: keys passed to `t`, stored in
    /// constants or handed to components all count.
    fn collect_used_keys(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("source dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                collect_used_keys(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source file");
                let text = text.split("#[cfg(test)]").next().unwrap_or_default();
                for literal in text.split('"').skip(1).step_by(2) {
                    if looks_like_key(literal) {
                        out.push(literal.to_string());
                    }
                }
            }
        }
    }

    fn looks_like_key(s: &str) -> bool {
        let parts: Vec<_> = s.split('.').collect();
        parts.len() >= 2
            && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            && !s.ends_with(".css")
    }
}
