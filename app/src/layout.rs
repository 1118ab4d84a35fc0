//! The HTML document and the frame every page shares: skip link, header with
//! the municipality's name, the main landmark, and a footer with the language
//! switcher and the links the law asks for (privacy, accessibility).

use crate::context::{use_i18n, use_page};
use crate::islands::QuickExit;
use leptos::prelude::*;

/// Where the built stylesheet and island bundle are served, and the script
/// that loads the bundle: the same for every page, so worked out once at start.
#[derive(Clone, Debug)]
pub struct Assets {
    pub stylesheet: String,
    pub module: String,
    pub loader: String,
    pub favicon: String,
}

impl Assets {
    /// For the stylesheet, island module, its WASM and the icon at these addresses.
    pub fn new(stylesheet: &str, module: &str, wasm: &str, favicon: &str) -> Assets {
        // Loads the WASM bundle when the browser is idle and hydrates every
        // `<leptos-island>`. Islands here take no server-rendered children, so a
        // flat pass suffices.
        let loader = format!(
            "import init, * as islands from '{module}';\n\
             const start = () => init({{ module_or_path: '{wasm}' }}).then(() => {{\n\
               islands.hydrate();\n\
               for (const el of document.querySelectorAll('leptos-island')) {{\n\
                 const island = islands[el.dataset.component];\n\
                 if (island) island(el);\n\
               }}\n\
             }});\n\
             if ('requestIdleCallback' in window) requestIdleCallback(start); else start();"
        );
        Assets { stylesheet: stylesheet.to_string(), module: module.to_string(), loader, favicon: favicon.to_string() }
    }
}

/// The whole HTML document for one page. `title_key` names the page's title text.
/// Typed children, not `Children`: erasing the page's view type into an
/// `AnyView` (which first makes the whole view tree owned) showed in the
/// profile of every page.
#[component]
pub fn Document<C: IntoView + 'static>(title_key: &'static str, children: TypedChildren<C>) -> impl IntoView {
    let children = children.into_inner();
    let page = use_page();
    let i18n = use_i18n();
    let title = format!("{} – {}", i18n.t(title_key), i18n.t("site.name"));
    view! {
        <!DOCTYPE html>
        <html lang=page.locale.code() dir=page.locale.direction().as_str()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>{title}</title>
                <meta name="description" content=i18n.t("site.description")/>
                <link rel="stylesheet" href=page.site.assets.stylesheet.clone()/>
                <link rel="icon" type="image/svg+xml" href=page.site.assets.favicon.clone()/>
                <IslandScripts/>
            </head>
            <body>
                <Frame>{children()}</Frame>
            </body>
        </html>
    }
}

/// The island loader with this response's CSP nonce. We do not use Leptos's
/// `HydrationScripts`: with a nonce it writes the nonce into `crossorigin`,
/// which is invalid HTML.
#[component]
fn IslandScripts() -> impl IntoView {
    let page = use_page();
    let nonce = leptos::nonce::use_nonce();
    view! {
        <link rel="modulepreload" href=page.site.assets.module.clone()/>
        <script type="module" nonce=nonce>{page.site.assets.loader.clone()}</script>
    }
}

/// Skip link, header, main and footer around a page's content.
#[component]
fn Frame<C: IntoView + 'static>(children: TypedChildren<C>) -> impl IntoView {
    let children = children.into_inner();
    let page = use_page();
    let i18n = use_i18n();
    view! {
        <a class="ds-skip-link" href="#main">{i18n.t("layout.skip_to_content")}</a>
        <header class="site-header">
            <div class="site-width site-header__inner">
                <a class="site-header__brand" href="/">
                    <span class="site-header__municipality">{page.site.municipality_name.clone()}</span>
                    <span class="site-header__service">{i18n.t("site.name")}</span>
                </a>
                <QuickExit
                    label=i18n.t("layout.quick_exit").to_string()
                    href=page.site.quick_exit_url.clone()
                />
            </div>
        </header>
        <main id="main" class="site-width site-main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="site-width site-footer__inner">
                <nav aria-label=i18n.t("layout.footer_nav")>
                    <ul class="site-footer__links">
                        <li><a class="ds-link" href="/personvern">{i18n.t("privacy.title")}</a></li>
                        <li><a class="ds-link" href="/tilgjengelighet">{i18n.t("accessibility.title")}</a></li>
                        <li><a class="ds-link" href="/for-utviklere">{i18n.t("developers.title")}</a></li>
                    </ul>
                </nav>
                <LanguageSwitcher/>
                <p class="ds-paragraph" data-size="sm">
                    {i18n.t_with("layout.footer_owner", &[("municipality", &page.site.municipality_name)])}
                </p>
            </div>
        </footer>
    }
}

/// A plain form that posts the chosen language; the server remembers it in a
/// cookie and sends the person back to the page they were on. Works without JS.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let page = use_page();
    let i18n = use_i18n();
    // On a form page the buttons send the form being filled in, which comes back in the new language.
    let input_form = crate::context::has_input_form(&page.path).then_some(crate::context::INPUT_FORM_ID);
    let buttons = crate::context::offered_languages(&page.path, &page.site.languages)
        .iter()
        .copied()
        .map(|locale| {
            let current = locale == page.locale;
            view! {
                <button
                    class="ds-button"
                    type="submit"
                    form=input_form
                    formnovalidate=input_form.is_some()
                    name=if input_form.is_some() { "switch_lang" } else { "lang" }
                    value=locale.code()
                    lang=locale.code()
                    data-variant=if current { "primary" } else { "secondary" }
                    data-size="sm"
                    aria-pressed=if current { "true" } else { "false" }
                >
                    {locale.endonym()}
                </button>
            }
        })
        .collect_view();
    view! {
        <form class="language-switcher" method="post" action="/sprak">
            <fieldset class="ds-fieldset">
                <legend class="ds-label">{i18n.t("layout.language")}</legend>
                <input type="hidden" name="return_to" value=page.path.clone()/>
                <div class="language-switcher__buttons">{buttons}</div>
            </fieldset>
        </form>
    }
}
