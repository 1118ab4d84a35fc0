//! The per-request facts a page needs, provided by the server as Leptos context.

use crate::i18n::{I18n, Locale};
use leptos::prelude::*;

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
}

/// Everything a page knows about the request it answers.
#[derive(Clone, Debug)]
pub struct PageContext {
    pub locale: Locale,
    /// Path of the current page (no query string), for the language switcher's return.
    pub path: String,
    pub site: SiteInfo,
}

/// The current page context; panics only if the server forgot to provide it, a programming error.
pub fn use_page() -> PageContext {
    expect_context::<PageContext>()
}

/// The translator for the current request's locale.
/// The server provides it on its own (it is `Copy`), so components do not
/// clone the whole page context for it.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n::new(use_page().locale))
}
