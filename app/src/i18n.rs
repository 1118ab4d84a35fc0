//! The translation layer, on [Fluent](https://projectfluent.org): each
//! locale is an FTL file in `app/locales/`, compiled into the binary, in the
//! format translators' tools read. Bokmål is the reference: a test fails when
//! any other locale lacks one of its messages or names other values, and when
//! code asks for a key bokmål does not have; a missing text falls back to
//! bokmål, so a page never breaks.
//!
//! Code names a text by a dotted key (`home.title`); its Fluent message id
//! has hyphens for the dots (`home-title`), since Fluent ids hold no dots.
//!
//! Fluent brings real plural rules (`t_count`, CLDR's per locale) and
//! isolation of inserted values in right-to-left locales. Most messages are
//! plain text, or text with inserted values: those are prepared once at start
//! and filled without Fluent's resolver, because list pages fill hundreds per
//! request; messages that choose (plurals) go through the resolver.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
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
    /// Polish. Residents' pages only, as every locale below.
    Pl,
    /// Ukrainian.
    Uk,
    /// Arabic, written right to left.
    Ar,
    /// Lithuanian.
    Lt,
    /// Somali.
    So,
    /// Vietnamese.
    Vi,
    /// Urdu, written right to left.
    Ur,
    /// Turkish.
    Tr,
}

/// Which way a locale's text runs: the `dir` of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// The value of the `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

impl Locale {
    pub const ALL: [Locale; 11] =
        [Locale::Nb, Locale::Nn, Locale::En, Locale::Pl, Locale::Uk, Locale::Lt, Locale::Ar, Locale::So, Locale::Vi, Locale::Ur, Locale::Tr];
    /// The staff workspace's languages: every text of the service exists in
    /// these. The others translate what residents read (`is_resident_key`).
    pub const STAFF: [Locale; 3] = [Locale::Nb, Locale::Nn, Locale::En];
    pub const DEFAULT: Locale = Locale::Nb;

    /// Whether the staff workspace is written in this language.
    pub fn for_staff(self) -> bool {
        Locale::STAFF.contains(&self)
    }

    /// The BCP 47 tag used in `lang` attributes, cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Nb => "nb",
            Locale::Nn => "nn",
            Locale::En => "en",
            Locale::Pl => "pl",
            Locale::Uk => "uk",
            Locale::Ar => "ar",
            Locale::Lt => "lt",
            Locale::So => "so",
            Locale::Vi => "vi",
            Locale::Ur => "ur",
            Locale::Tr => "tr",
        }
    }

    /// Whether the language writes decimals with a comma (2,4) rather than a point.
    pub fn decimal_comma(self) -> bool {
        match self {
            Locale::Nb | Locale::Nn | Locale::Pl | Locale::Uk | Locale::Lt | Locale::Vi | Locale::Tr => true,
            Locale::En | Locale::Ar | Locale::So | Locale::Ur => false,
        }
    }

    /// `value` with `places` decimals and the language's decimal sign.
    pub fn decimal(self, value: f64, places: usize) -> String {
        let text = format!("{value:.places$}");
        if self.decimal_comma() {
            text.replace('.', ",")
        } else {
            text
        }
    }

    /// The field separator a spreadsheet in this language expects in CSV:
    /// a semicolon where the comma is the decimal sign (Excel in Norwegian).
    pub fn csv_separator(self) -> &'static str {
        if self.decimal_comma() {
            ";"
        } else {
            ","
        }
    }

    /// The language's own name, shown in the language switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::Nb => "Norsk bokmål",
            Locale::Nn => "Norsk nynorsk",
            Locale::En => "English",
            Locale::Pl => "Polski",
            Locale::Uk => "Українська",
            Locale::Ar => "العربية",
            Locale::Lt => "Lietuvių",
            Locale::So => "Soomaali",
            Locale::Vi => "Tiếng Việt",
            Locale::Ur => "اردو",
            Locale::Tr => "Türkçe",
        }
    }

    /// Which way the language is written.
    pub fn direction(self) -> Direction {
        match self {
            Locale::Ar | Locale::Ur => Direction::Rtl,
            Locale::Nb | Locale::Nn | Locale::En | Locale::Pl | Locale::Uk | Locale::Lt | Locale::So | Locale::Vi | Locale::Tr => Direction::Ltr,
        }
    }

    /// Parses one of our own codes (`nb`, `pl`, …); anything else is `None`.
    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Picks the best staff language from an `Accept-Language` header (for
    /// the APIs, whose messages are the workspace's).
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        Locale::from_accept_language_among(header, &Locale::STAFF)
    }

    /// Picks the best of `offered` from an `Accept-Language` header,
    /// honouring q-values. `no` (generic Norwegian) means bokmål.
    pub fn from_accept_language_among(header: &str, offered: &[Locale]) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let Some(locale) = (if primary == "no" { Some(Locale::Nb) } else { Locale::from_code(primary) }).filter(|l| offered.contains(l)) else {
                continue;
            };
            if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, locale));
            }
        }
        best.map(|(_, l)| l)
    }

    /// The FTL source of this locale.
    pub fn source(self) -> &'static str {
        match self {
            Locale::Nb => include_str!("../locales/nb.ftl"),
            Locale::Nn => include_str!("../locales/nn.ftl"),
            Locale::En => include_str!("../locales/en.ftl"),
            Locale::Pl => include_str!("../locales/pl.ftl"),
            Locale::Uk => include_str!("../locales/uk.ftl"),
            Locale::Ar => include_str!("../locales/ar.ftl"),
            Locale::Lt => include_str!("../locales/lt.ftl"),
            Locale::So => include_str!("../locales/so.ftl"),
            Locale::Vi => include_str!("../locales/vi.ftl"),
            Locale::Ur => include_str!("../locales/ur.ftl"),
            Locale::Tr => include_str!("../locales/tr.ftl"),
        }
    }

    fn index(self) -> usize {
        match self {
            Locale::Nb => 0,
            Locale::Nn => 1,
            Locale::En => 2,
            Locale::Pl => 3,
            Locale::Uk => 4,
            Locale::Ar => 5,
            Locale::Lt => 6,
            Locale::So => 7,
            Locale::Vi => 8,
            Locale::Ur => 9,
            Locale::Tr => 10,
        }
    }

    fn catalog(self) -> &'static Catalog {
        static CATALOGS: [OnceLock<Catalog>; 11] = [const { OnceLock::new() }; 11];
        CATALOGS[self.index()].get_or_init(|| Catalog::load(self))
    }

    /// Every message's text as `t` gives it, by key.
    pub fn table(self) -> &'static Table {
        &self.catalog().texts
    }
}

/// Message ids (by prefix) of the texts residents read: their pages, forms,
/// errors and mails. The residents' languages translate exactly these;
/// `STAFF_ONLY` takes out the few under them that only staff read.
pub const RESIDENT_PREFIXES: &[&str] = &[
    "site-",
    "layout-",
    "home-",
    "journey-",
    "concern-",
    "idea-",
    "ideas-",
    "tracking-",
    "privacy-",
    "accessibility-",
    "form-",
    "error-",
    "validation-",
    "mail-",
    "consultations-",
    "consultation-",
    "summaries-",
    "status-",
    "outcome-",
    "kind-",
    "date-",
    "month-",
    "personal_data-",
    "flag-",
    "mask-",
    "event-",
];

/// Message ids (by prefix) under `RESIDENT_PREFIXES` that only staff read.
pub const STAFF_ONLY: &[&str] = &[
    "consultations-staff-",
    "consultation-field-",
    "consultation-error-",
    "consultation-question-",
    "consultation-done-",
    "consultation-csv-",
    "consultation-locked",
    "consultation-details",
    "consultation-save_details",
    "consultation-preview",
    "consultation-public_link",
    "consultation-publish",
    "consultation-close",
    "consultation-results_are_public",
    "consultation-results_not_public",
    "consultation-back_to_editor",
    "consultation-no_questions",
    "consultation-questions",
    "consultation-results-staff_link",
    "consultation-phase-draft",
    "error-no_access-",
];

/// Whether residents read the message with this Fluent id.
pub fn is_resident_message(id: &str) -> bool {
    RESIDENT_PREFIXES.iter().any(|p| id.starts_with(p)) && !STAFF_ONLY.iter().any(|p| id.starts_with(p))
}

/// The code's key for a Fluent message id: hyphens become dots.
fn key_of(id: &str) -> &'static str {
    Box::leak(id.replace('-', ".").into_boxed_str())
}

/// A message that is text with inserted values, prepared for filling.
#[derive(Debug)]
enum Piece {
    Text(&'static str),
    Value(&'static str),
}

/// How a message is filled in.
enum Template {
    /// Text and values only: filled here.
    Pieces(Vec<Piece>),
    /// Anything more (a plural selector): Fluent's resolver, by message id.
    Fluent(&'static str),
}

/// One locale's messages.
struct Catalog {
    /// What `t` returns: the text, with any value shown as `{name}`.
    texts: Table,
    templates: HashMap<&'static str, Template, BuildHasherDefault<KeyHasher>>,
    bundle: FluentBundle<&'static FluentResource>,
    /// First Strong Isolate … Pop Directional Isolate around inserted values,
    /// so a number, reference or address keeps its own direction inside
    /// right-to-left text. Only right-to-left locales need it: our inserted
    /// values (numbers, dates, references, names of teams and themes) run
    /// left to right like the text around them in the others, and the marks
    /// would only be invisible noise in mails and copied text.
    isolating: bool,
}

impl Catalog {
    fn load(locale: Locale) -> Catalog {
        // Parsing errors are caught by the tests; a broken entry is skipped
        // at run time rather than taking the site down.
        let resource: &'static FluentResource = Box::leak(Box::new(match FluentResource::try_new(locale.source().to_string()) {
            Ok(resource) => resource,
            Err((partial, _errors)) => partial,
        }));
        let language = locale.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![language]);
        let isolating = locale.direction() == Direction::Rtl;
        bundle.set_use_isolating(isolating);
        // Duplicate ids are caught by the tests; the first one wins.
        let _ = bundle.add_resource(resource);
        let mut texts = Table::default();
        let mut templates = HashMap::default();
        for entry in resource.entries() {
            let ast::Entry::Message(ast::Message { id, value: Some(pattern), .. }) = entry else { continue };
            let key = key_of(id.name);
            let template = match pieces(pattern) {
                Some(pieces) => Template::Pieces(pieces),
                None => Template::Fluent(id.name),
            };
            let text: &'static str = match &template {
                Template::Pieces(pieces) => match pieces.as_slice() {
                    [] => "",
                    [Piece::Text(text)] => text,
                    _ => Box::leak(fill(pieces, &[], false).into_boxed_str()),
                },
                Template::Fluent(_) => Box::leak(resolve(&bundle, id.name, None).into_boxed_str()),
            };
            texts.insert(key, text);
            templates.insert(key, template);
        }
        Catalog { texts, templates, bundle, isolating }
    }
}

/// The pattern as text and values, or `None` when it needs the resolver.
fn pieces(pattern: &'static ast::Pattern<&'static str>) -> Option<Vec<Piece>> {
    pattern
        .elements
        .iter()
        .map(|element| match element {
            ast::PatternElement::TextElement { value } => Some(Piece::Text(value)),
            ast::PatternElement::Placeable { expression: ast::Expression::Inline(ast::InlineExpression::VariableReference { id }) } => {
                Some(Piece::Value(id.name))
            }
            // A literal such as {"\u2066"} (a bidi mark the text needs): its text, unescaped.
            ast::PatternElement::Placeable { expression: ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) } => {
                Some(Piece::Text(match fluent_syntax::unicode::unescape_unicode_to_string(value) {
                    std::borrow::Cow::Borrowed(text) => text,
                    std::borrow::Cow::Owned(text) => Box::leak(text.into_boxed_str()),
                }))
            }
            ast::PatternElement::Placeable { .. } => None,
        })
        .collect()
}

/// Text and values, each value taken once from `args` (a value's own braces
/// are never filled again); a value not given is shown as `{name}`.
fn fill(pieces: &[Piece], args: &[(&str, &str)], isolating: bool) -> String {
    let capacity = pieces.iter().map(|p| if let Piece::Text(t) = p { t.len() } else { 8 }).sum::<usize>();
    let mut text = String::with_capacity(capacity);
    for piece in pieces {
        match piece {
            Piece::Text(part) => text.push_str(part),
            Piece::Value(name) => match args.iter().find(|(arg, _)| arg == name) {
                Some((_, value)) if isolating => {
                    text.push('\u{2068}');
                    text.push_str(value);
                    text.push('\u{2069}');
                }
                Some((_, value)) => text.push_str(value),
                None => {
                    text.push('{');
                    text.push_str(name);
                    text.push('}');
                }
            },
        }
    }
    text
}

fn resolve(bundle: &FluentBundle<&'static FluentResource>, id: &str, args: Option<&FluentArgs<'_>>) -> String {
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else { return id.replace('-', ".") };
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, args, &mut errors).into_owned()
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

    /// The catalog holding `key`: this locale's, else bokmål's.
    fn holding(&self, key: &str) -> Option<&'static Catalog> {
        [self.locale.catalog(), Locale::DEFAULT.catalog()].into_iter().find(|c| c.templates.contains_key(key))
    }

    /// The text for `key`. A missing key (which the locale test prevents) falls
    /// back to bokmål, then to the key itself, so a page never breaks.
    pub fn t(&self, key: &'static str) -> &'static str {
        self.locale.table().get(key).or_else(|| Locale::DEFAULT.table().get(key)).copied().unwrap_or(key)
    }

    /// The text for a key made at run time (`developers.op.<id>`), if a
    /// catalog has it: the caller says what stands in for a missing one.
    pub fn find(&self, key: &str) -> Option<&'static str> {
        self.locale.table().get(key).or_else(|| Locale::DEFAULT.table().get(key)).copied()
    }

    /// The text for `key` with each `{ $name }` filled with its value.
    pub fn t_with(&self, key: &'static str, args: &[(&str, &str)]) -> String {
        let Some(catalog) = self.holding(key) else { return key.to_string() };
        match catalog.templates.get(key) {
            Some(Template::Pieces(pieces)) => fill(pieces, args, catalog.isolating),
            Some(Template::Fluent(id)) => {
                let mut fluent = FluentArgs::with_capacity(args.len());
                for (name, value) in args {
                    fluent.set(*name, FluentValue::from(*value));
                }
                resolve(&catalog.bundle, id, Some(&fluent))
            }
            None => key.to_string(),
        }
    }

    /// The text for `key` for `count` things: `{ $count }` is the number,
    /// and the message may choose its words by the locale's plural rules.
    pub fn t_count(&self, key: &'static str, count: i64, args: &[(&str, &str)]) -> String {
        let Some(catalog) = self.holding(key) else { return key.to_string() };
        match catalog.templates.get(key) {
            Some(Template::Fluent(id)) => {
                let mut fluent = FluentArgs::with_capacity(args.len() + 1);
                fluent.set("count", FluentValue::from(count));
                for (name, value) in args {
                    fluent.set(*name, FluentValue::from(*value));
                }
                resolve(&catalog.bundle, id, Some(&fluent))
            }
            Some(Template::Pieces(pieces)) => {
                let count = count.to_string();
                let mut all = vec![("count", count.as_str())];
                all.extend_from_slice(args);
                fill(pieces, &all, catalog.isolating)
            }
            None => key.to_string(),
        }
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
    fn right_to_left_languages_keep_dates_and_times_left_to_right() {
        // Each value is isolated (FSI…PDI) and the whole date, and the whole
        // time, sits in a left-to-right isolate (LRI…PDI): else 08.12.2026
        // reads 2026.12.08 and 00:48 reads 48:00 in Arabic text.
        let date = "\u{2066}\u{2068}08\u{2069}.\u{2068}12\u{2069}.\u{2068}2026\u{2069}\u{2069}";
        let time = "\u{2066}\u{2068}00\u{2069}:\u{2068}48\u{2069}\u{2069}";
        for locale in [Locale::Ar, Locale::Ur] {
            let i18n = I18n::new(locale);
            let at = i18n.t_with("date.datetime", &[("day", "08"), ("month", "12"), ("year", "2026"), ("hour", "00"), ("minute", "48")]);
            assert!(at.contains(date) && at.contains(time), "{}: {at:?}", locale.code());
            assert_eq!(i18n.t_with("date.date", &[("day", "08"), ("month", "12"), ("year", "2026")]), date, "{}", locale.code());
        }
    }

    #[test]
    fn counts_follow_each_languages_plural_rules() {
        let cases = [
            (Locale::Nb, "inbox.count", ["1 sak på denne siden", "2 saker på denne siden"]),
            (Locale::Nn, "inbox.count", ["1 sak på denne sida", "2 saker på denne sida"]),
            (Locale::En, "inbox.count", ["1 item on this page", "2 items on this page"]),
            (Locale::Nb, "ideas.count", ["1 idé", "2 ideer"]),
            (Locale::Nn, "ideas.count", ["1 idé", "2 idear"]),
            (Locale::En, "ideas.count", ["1 idea", "2 ideas"]),
        ];
        for (locale, key, [one, two]) in cases {
            let i18n = I18n::new(locale);
            assert_eq!(i18n.t_count(key, 1, &[]), one, "{}", locale.code());
            assert_eq!(i18n.t_count(key, 2, &[]), two, "{}", locale.code());
        }
        assert_eq!(I18n::new(Locale::En).t_count("ideas.count", 0, &[]), "0 ideas");
        assert_eq!(I18n::new(Locale::Nb).t_count("ideas.count", 1000, &[]), "1000 ideer");
    }

    #[test]
    fn the_residents_languages_choose_plural_forms_by_their_own_rules() {
        let cases: [(Locale, &[(i64, &str)]); 5] = [
            (Locale::Lt, &[(1, "1 idėja"), (3, "3 idėjos"), (10, "10 idėjų"), (21, "21 idėja"), (12, "12 idėjų")]),
            (Locale::Vi, &[(1, "1 ý tưởng"), (7, "7 ý tưởng")]),
            (Locale::Pl, &[(1, "1 pomysł"), (2, "2 pomysły"), (5, "5 pomysłów"), (22, "22 pomysły"), (25, "25 pomysłów"), (112, "112 pomysłów")]),
            (Locale::Uk, &[(1, "1 ідея"), (3, "3 ідеї"), (5, "5 ідей"), (21, "21 ідея"), (11, "11 ідей")]),
            (Locale::Ar, &[(0, "لا توجد أفكار"), (1, "فكرة واحدة"), (2, "فكرتان"), (3, "3 أفكار"), (11, "11 فكرة"), (100, "100 فكرة")]),
        ];
        for (locale, expected) in cases {
            for (count, text) in expected {
                // Arabic isolates the inserted number; compare without the marks.
                let got = I18n::new(locale).t_count("ideas.count", *count, &[]).replace(['\u{2068}', '\u{2069}'], "");
                assert_eq!(got, *text, "{} {count}", locale.code());
            }
        }
    }

    /// CLDR's cardinal categories per language: every plural message names each of them.
    fn plural_categories(locale: Locale) -> &'static [&'static str] {
        match locale {
            Locale::Nb | Locale::Nn | Locale::En => &["one", "other"],
            Locale::So | Locale::Ur | Locale::Tr => &["one", "other"],
            Locale::Pl | Locale::Uk | Locale::Lt => &["one", "few", "many", "other"],
            Locale::Ar => &["zero", "one", "two", "few", "many", "other"],
            Locale::Vi => &["other"],
        }
    }

    #[test]
    fn every_plural_message_has_a_form_for_each_of_its_languages_categories() {
        for locale in Locale::ALL {
            let resource = FluentResource::try_new(locale.source().to_string()).unwrap_or_else(|(r, _)| r);
            for entry in resource.entries() {
                let ast::Entry::Message(ast::Message { id, value: Some(pattern), .. }) = entry else { continue };
                for element in &pattern.elements {
                    let ast::PatternElement::Placeable { expression: ast::Expression::Select { variants, .. } } = element else { continue };
                    let mut named: Vec<&str> =
                        variants.iter().filter_map(|v| if let ast::VariantKey::Identifier { name } = v.key { Some(name) } else { None }).collect();
                    named.sort_unstable();
                    let mut expected = plural_categories(locale).to_vec();
                    expected.sort_unstable();
                    assert_eq!(named, expected, "{}: {} chooses by other forms than the language's", locale.code(), id.name);
                }
            }
        }
    }

    #[test]
    fn arabic_and_urdu_run_right_to_left_and_only_they_isolate_inserted_values() {
        for locale in Locale::ALL {
            assert_eq!(locale.direction() == Direction::Rtl, [Locale::Ar, Locale::Ur].contains(&locale), "{}", locale.code());
            let text = I18n::new(locale).t_with("consultation.dates", &[("opens", "x"), ("closes", "y")]);
            assert_eq!(text.contains('\u{2068}'), locale.direction() == Direction::Rtl, "{}: {text}", locale.code());
        }
        let pieces = [Piece::Text("Ref. "), Piece::Value("reference")];
        assert_eq!(fill(&pieces, &[("reference", "MOSS-2026-00042")], true), "Ref. \u{2068}MOSS-2026-00042\u{2069}");
    }

    #[test]
    fn accept_language_picks_the_highest_quality_supported_language() {
        assert_eq!(Locale::from_accept_language("en-GB,en;q=0.9,nb;q=0.8"), Some(Locale::En));
        assert_eq!(Locale::from_accept_language("de, nn;q=0.5, en;q=0.4"), Some(Locale::Nn));
        assert_eq!(Locale::from_accept_language("no"), Some(Locale::Nb));
        assert_eq!(Locale::from_accept_language("sv, de"), None);
        // The pages offer the languages switched on; the APIs speak the staff languages.
        assert_eq!(Locale::from_accept_language("pl-PL,pl;q=0.9,en;q=0.5"), Some(Locale::En));
        assert_eq!(Locale::from_accept_language_among("pl-PL,pl;q=0.9,en;q=0.5", &Locale::ALL), Some(Locale::Pl));
        assert_eq!(Locale::from_accept_language_among("ar-SY, uk;q=0.8", &[Locale::Nb, Locale::Uk]), Some(Locale::Uk));
        assert_eq!(Locale::from_accept_language("en;q=0"), None);
        assert_eq!(Locale::from_accept_language(""), None);
    }

    #[test]
    fn every_locale_file_is_valid_fluent() {
        for locale in Locale::ALL {
            if let Err((_, errors)) = FluentResource::try_new(locale.source().to_string()) {
                panic!("{}.ftl does not parse: {errors:?}", locale.code());
            }
            let resource = FluentResource::try_new(locale.source().to_string()).unwrap_or_else(|(r, _)| r);
            let mut bundle = fluent_bundle::FluentBundle::new(vec![locale.code().parse().unwrap()]);
            assert!(bundle.add_resource(resource).is_ok(), "{}.ftl defines a message twice", locale.code());
        }
    }

    #[test]
    fn every_locale_has_exactly_the_keys_of_bokmal_that_its_readers_read() {
        let reference = Locale::Nb.table();
        for locale in Locale::ALL {
            let table = locale.table();
            // The residents' languages translate the residents' texts; the staff languages all.
            let wanted = |key: &&&str| locale.for_staff() || is_resident_message(&key.replace('.', "-"));
            let reference: Table = reference.iter().filter(|(k, _)| wanted(k)).map(|(k, v)| (*k, *v)).collect();
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
    fn every_locale_inserts_the_same_values_as_bokmal() {
        let names = |locale: Locale, key: &str| -> Vec<&'static str> {
            let mut names: Vec<&'static str> = match locale.catalog().templates.get(key) {
                Some(Template::Pieces(pieces)) => pieces.iter().filter_map(|p| if let Piece::Value(n) = p { Some(*n) } else { None }).collect(),
                Some(Template::Fluent(_)) => vec!["count"],
                None => Vec::new(),
            };
            names.sort();
            names.dedup();
            names
        };
        for key in Locale::Nb.table().keys() {
            for locale in Locale::ALL.into_iter().filter(|l| l.for_staff() || is_resident_message(&key.replace('.', "-"))) {
                assert_eq!(names(locale, key), names(Locale::Nb, key), "{}: {key}", locale.code());
            }
        }
    }

    #[test]
    fn no_key_is_defined_twice_in_a_file() {
        for locale in Locale::ALL {
            let mut seen = std::collections::HashSet::new();
            // Message lines start at the margin; continuation lines are indented.
            for line in locale.source().lines().filter(|l| !l.starts_with([' ', '#']) && !l.is_empty()) {
                if let Some((id, _)) = line.split_once('=') {
                    assert!(seen.insert(id.trim()), "{}: {} twice", locale.code(), id.trim());
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
        assert!(missing.is_empty(), "keys used in code but missing in nb.ftl: {missing:?}");
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
        parts.len() >= 2 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_')) && !s.ends_with(".css")
    }
}
