//! Innspill's domain: the closed vocabularies, the validated types every
//! input becomes, and the pure rules (routing, access, masking, tallying).
//! It knows no tables, no mail and no HTTP, depends on no crate of ours, and
//! builds for the browser too, so islands may use its types. Server-only
//! work (drawing random tokens) sits behind the `ssr` feature.
//!
//! Modules, in reading order:

/// Consultations (surveys): drafts, answers, tallies and CSV.
pub mod consultation;
/// The department's insight: journey sums, medians, access to scopes.
pub mod insight;
/// What a resident sends, from raw fields to a validated draft.
pub mod intake;
/// Open311 GeoReport v2: formats, a concern's service definition, attribute checks.
pub mod open311;
/// Public participation: moderation, masking, supports, comments, flags.
pub mod participation;
/// The password policy and the stored hash.
pub mod password;
/// Personal data found in free text (names of kinds, never the values).
pub mod personal_data;
/// Which teams own a new item, and why.
pub mod routing;
/// Staff accounts and e-mail addresses.
pub mod staff;
/// Resident input: contact, detail per kind, the new submission.
pub mod submission;
/// Words and two-word phrases of residents' texts, for the insight.
pub mod terms;
/// Free text with limits, field errors and word folding.
pub mod text;
/// Local time in Norway.
pub mod time;
/// Idempotency keys, tracking tokens, random ids and their hashes.
pub mod token;
/// The closed vocabularies: kinds, goals, feelings, statuses, outcomes, roles.
pub mod vocabulary;
/// The staff workspace: access rules, inbox queries, item actions.
pub mod workspace;

pub use password::{Password, PasswordError, PasswordHash};
pub use staff::{Email, EmailError, NewStaffUser, StaffUser};
pub use vocabulary::Role;

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
        self.shown(locale).0
    }

    /// The name `get` gives and the locale it is written in, which differs
    /// from `locale` when the name falls back (pages then mark it with `lang`).
    pub fn shown(&self, locale: &str) -> (&str, &str) {
        self.0
            .get_key_value(locale)
            .or_else(|| self.0.get_key_value("nb"))
            .or_else(|| self.0.iter().next())
            .map(|(code, name)| (name.as_str(), code.as_str()))
            .unwrap_or(("", "nb"))
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
    /// `team`, `theme` or `area`: the name in audit rows and logs.
    pub fn as_str(self) -> &'static str {
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
        assert_eq!(names.shown("en"), ("Start loans", "en"));
        assert_eq!(names.shown("pl"), ("Startlån", "nb"));
    }
}
