//! Domain types: each validates on construction, so after the boundary no
//! unchecked `String` travels through the code.

pub mod consultation;
pub mod participation;
pub mod password;
pub mod personal_data;
pub mod routing;
pub mod submission;
pub mod time;
pub mod staff;
pub mod workspace;

pub use password::{Password, PasswordError, PasswordHash};
pub use staff::{Email, EmailError, NewStaffUser, Role, StaffUser};

use std::collections::BTreeMap;

/// A name in several locales, keyed by locale code. Bokmål is always present;
/// other locales fall back to it, so adding a language never leaves a blank.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names(BTreeMap<String, String>);

impl Names {
    /// `nb` is required; the others are `(code, name)` pairs.
    pub fn new(nb: &str, others: &[(&str, &str)]) -> Self {
        let mut map = BTreeMap::new();
        map.insert("nb".to_string(), nb.to_string());
        for (code, name) in others {
            map.insert(code.to_string(), name.to_string());
        }
        Names(map)
    }

    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        Names(pairs.into_iter().collect())
    }

    /// The name in `locale`, else bokmål, else any.
    pub fn get(&self, locale: &str) -> &str {
        self.0
            .get(locale)
            .or_else(|| self.0.get("nb"))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or_default()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// A team, theme or area identifier used in URLs and configuration:
/// lowercase ASCII letters, digits and hyphens, 2–60 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Result<Slug, String> {
        let ok = (2..=60).contains(&s.len())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        if ok {
            Ok(Slug(s.to_string()))
        } else {
            Err(format!("'{s}' is not a slug (2–60 of a–z, 0–9 and '-')"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A municipal team that follows input up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTeam {
    pub slug: Slug,
    pub names: Names,
    pub owns_journeys: bool,
    pub sort_order: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Team {
    pub id: i64,
    pub slug: Slug,
    pub names: Names,
    pub owns_journeys: bool,
    pub active: bool,
    pub sort_order: i64,
}

/// A theme residents choose; `is_triage` marks "don't know".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTheme {
    pub slug: Slug,
    pub names: Names,
    pub response_target_days: i64,
    pub is_triage: bool,
    pub shows_danger_notice: bool,
    pub sort_order: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    pub id: i64,
    pub slug: Slug,
    pub names: Names,
    pub response_target_days: i64,
    pub is_triage: bool,
    pub shows_danger_notice: bool,
    pub active: bool,
    pub sort_order: i64,
}

/// A part of the municipality, chosen from a list (a map is never required).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewArea {
    pub slug: Slug,
    pub names: Names,
    pub sort_order: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    pub id: i64,
    pub slug: Slug,
    pub names: Names,
    pub active: bool,
    pub sort_order: i64,
}

/// The three lists administrators keep: teams, themes and areas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogKind {
    Team,
    Theme,
    Area,
}

impl CatalogKind {
    /// The table (a constant, never input) holding this kind.
    pub fn table(self) -> &'static str {
        match self {
            CatalogKind::Team => "team",
            CatalogKind::Theme => "theme",
            CatalogKind::Area => "area",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_accept_lowercase_words_with_hyphens_only() {
        for good in ["nav", "housing-first", "mke2"] {
            assert!(Slug::parse(good).is_ok(), "{good}");
        }
        for bad in ["", "a", "Nav", "rus og psykisk", "-nav", "nav-", "bøtte", &"x".repeat(61)] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_fall_back_to_bokmal() {
        let names = Names::new("Startlån", &[("en", "Start loans")]);
        assert_eq!(names.get("en"), "Start loans");
        assert_eq!(names.get("nn"), "Startlån");
        assert_eq!(names.get("pl"), "Startlån");
    }
}

#[cfg(test)]
mod translation_tests {
    /// Every text key the server names (validation errors, mails, and the
    /// keys handlers pass to pages) must exist in bokmål; the app's locale
    /// test then checks every other locale has it too. A key is a literal
    /// whose first segment is one of the locale file's namespaces.
    #[test]
    fn every_key_used_by_the_server_is_translated() {
        let source = [
            include_str!("submission.rs"),
            include_str!("staff.rs"),
            include_str!("../http/submissions.rs"),
            include_str!("../http/participation.rs"),
            include_str!("../http/staff/mod.rs"),
            include_str!("../http/staff/session.rs"),
            include_str!("../http/staff/inbox.rs"),
            include_str!("../http/staff/item.rs"),
            include_str!("../http/staff/admin.rs"),
            include_str!("../http/staff/moderation.rs"),
            include_str!("../mail.rs"),
        ]
        .concat();
        let namespaces: std::collections::BTreeSet<&str> = include_str!("../../../app/locales/nb.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(" = ").and_then(|(key, _)| key.split('.').next()))
            .collect();
        let i18n = app::i18n::I18n::new(app::i18n::Locale::Nb);
        let keys: Vec<&str> = source
            .split('"')
            .filter(|s| s.contains('.') && !s.contains(' ') && !s.ends_with('.') && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_'))
            .filter(|s| s.split('.').next().is_some_and(|ns| namespaces.contains(ns)))
            .collect();
        assert!(keys.len() >= 100, "found {} keys", keys.len());
        for key in keys {
            let key: &'static str = Box::leak(key.to_string().into_boxed_str());
            assert_ne!(i18n.t(key), key, "{key} is missing from app/locales/nb.txt");
        }
    }
}
