//! The per-request facts a page needs, provided by the server as Leptos context.

use crate::i18n::{I18n, Locale};
use crate::layout::Assets;
use leptos::prelude::*;
use std::sync::Arc;

/// Site-wide settings that come from the operator's configuration.
#[derive(Clone, Debug)]
pub struct SiteInfo {
    /// The municipality's name as shown in the header, e.g. "Moss kommune".
    pub municipality_name: String,
    /// Where residents write about the service itself (privacy, accessibility).
    pub contact_email: String,
    /// The data protection officer's address, shown in the privacy notice.
    pub privacy_officer_email: String,
    /// The neutral page that "leave this page quickly" opens.
    pub quick_exit_url: String,
    /// How a person who asks for help with their housing reaches the office.
    pub office: Office,
    pub assets: Assets,
    /// The languages residents are offered (the staff pages offer `Locale::STAFF`).
    pub languages: Vec<Locale>,
}

/// The office's phone, opening hours and address, as the municipality
/// wrote them (in bokmål: pages in other languages mark them `lang="nb"`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Office {
    pub phone: String,
    pub hours: String,
    pub address: String,
}

/// Everything a page knows about the request it answers. Provided as an
/// `Arc`, and the site part shared by all requests: components read it
/// often, and copying its strings each time showed in the page's cost.
#[derive(Clone, Debug)]
pub struct PageContext {
    pub locale: Locale,
    /// Path of the current page (no query string), for the language switcher's return.
    pub path: String,
    pub site: Arc<SiteInfo>,
}

/// Whether the page at `path` is written in `Locale::STAFF` only: the staff
/// workspace, and the developers' page (for the municipality's systems).
pub fn is_staff_path(path: &str) -> bool {
    path == "/ansatt" || path.starts_with("/ansatt/") || path == "/for-utviklere"
}

/// The languages a page at `path` is offered in: the staff languages in the
/// workspace, else the languages switched on for residents.
pub fn offered_languages<'a>(path: &str, switched_on: &'a [Locale]) -> &'a [Locale] {
    if is_staff_path(path) {
        &Locale::STAFF
    } else {
        switched_on
    }
}

/// The id of a resident form (idea, concern, journey) on its page.
pub const INPUT_FORM_ID: &str = "input-form";

/// Whether the page at `path` holds one of the resident forms. There the
/// language switcher's buttons send that form itself (`switch_lang`), so a
/// change of language shows the form again with what was typed, JavaScript
/// or not.
pub fn has_input_form(path: &str) -> bool {
    matches!(path, "/ide" | "/nabobekymring" | "/brukerreise")
}

/// The current page context; panics only if the server forgot to provide it, a programming error.
pub fn use_page() -> Arc<PageContext> {
    expect_context::<Arc<PageContext>>()
}

/// The translator for the current request's locale.
/// The server provides it on its own (it is `Copy`), so components do not
/// clone the whole page context for it.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n::new(use_page().locale))
}
