//! Islands: the only components that ship WASM. Each one must already work as
//! plain HTML; the island only makes it better.

use leptos::prelude::*;

/// "Leave this page quickly": for a person who is reporting something about a
/// neighbour or a relative and may be watched. Without JS it is an ordinary
/// link to a neutral site; the island replaces the current history entry, so
/// the back button does not lead back here.
#[island]
pub fn QuickExit(label: String, href: String) -> impl IntoView {
    let target = href.clone();
    // Set once the island runs in the browser: tells tests (and curious
    // developers) that hydration worked.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    view! {
        <a
            class="ds-button quick-exit"
            data-variant="secondary"
            data-size="sm"
            href=href
            rel="noreferrer"
            data-hydrated=move || hydrated.get().then_some("true")
            on:click=move |event| {
                event.prevent_default();
                let _ = window().location().replace(&target);
            }
        >
            {label}
        </a>
    }
}
