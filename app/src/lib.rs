//! Innspill's user interface: every page is rendered on the server and works
//! without JavaScript; only the components marked `#[island]` ship WASM.
//!
//! Modules, in reading order:

/// What the server tells every page about the request and the site.
pub mod context;
/// Accessible form controls with error summary and field errors.
pub mod forms;
/// Locales and the translation layer: every text a person sees comes from here.
pub mod i18n;
/// The few interactive components that hydrate in the browser.
pub mod islands;
/// The HTML document, header, footer and language switcher shared by all pages.
pub mod layout;
/// One component per page.
pub mod pages;

/// Entry point of the WASM bundle: hydrates the islands found on the page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
