//! Every page in a real headless Chromium: axe-core (0 violations), the Nu
//! HTML checker (0 errors), 320 px without sideways scrolling, JS on and off.

use crate::support::browser::{available, html_errors, Browser, Options};
use crate::support::TestApp;

const PAGES: [(&str, &str); 11] = [
    ("home", "/"),
    ("privacy", "/personvern"),
    ("accessibility", "/tilgjengelighet"),
    ("developers", "/for-utviklere"),
    ("not-found", "/finnes-ikke"),
    ("idea-form", "/ide"),
    ("concern-form", "/nabobekymring"),
    ("journey-form", "/brukerreise"),
    ("ideas", "/ideer"),
    ("you-said-we-did", "/vi-gjorde"),
    ("consultations", "/konsultasjoner"),
];

/// Every language Innspill has, switched on.
const EVERY_LANGUAGE: (&str, &str) = ("INNSPILL_LANGUAGES", "nb,nn,en,pl,uk,lt,ar,so,vi,ur,tr");

#[tokio::test]
async fn every_page_passes_axe_at_desktop_and_phone_width_in_every_language() {
    if !available() {
        return;
    }
    let app = TestApp::spawn_with(crate::support::Backend::Sqlite, &[EVERY_LANGUAGE]).await.with_demo_data().await;
    let browser = Browser::launch(Options { javascript: true, accept_language: "nb" }).await;
    let mut failures = Vec::new();
    for locale in app::i18n::Locale::ALL.map(|l| l.code()) {
        browser.goto(&app.url("/")).await;
        browser.client.execute(&format!("document.cookie = 'innspill_lang={locale}; path=/'"), vec![]).await.unwrap();
        for (name, path) in PAGES {
            for width in [1280, 320] {
                browser.set_width(width).await;
                browser.goto(&app.url(path)).await;
                // The developers' page is written in the staff languages only.
                let shown = if path == "/for-utviklere" && !["nb", "nn", "en"].contains(&locale) { "nb" } else { locale };
                assert_eq!(browser.html_lang().await, shown);
                for violation in browser.axe().await {
                    failures.push(format!("{locale} {path} @{width}px: {violation}"));
                }
                if browser.overflows_horizontally().await {
                    failures.push(format!("{locale} {path} @{width}px: scrolls sideways"));
                }
                browser.screenshot(&format!("{name}-{locale}-{width}")).await;
            }
        }
    }
    // Pages reached by posting, in every language: the form with every error shown, and the receipt.
    for locale in app::i18n::Locale::ALL.map(|l| l.code()) {
        browser.client.execute(&format!("document.cookie = 'innspill_lang={locale}; path=/'"), vec![]).await.unwrap();
        for width in [1280, 320] {
            browser.set_width(width).await;
            browser.goto(&app.url("/ide")).await;
            browser.click("form.input-form button[type=submit]").await;
            browser.wait_for("#error-summary").await;
            for violation in browser.axe().await {
                failures.push(format!("{locale} idea form with errors @{width}px: {violation}"));
            }
            if browser.overflows_horizontally().await {
                failures.push(format!("{locale} idea form with errors @{width}px: scrolls sideways"));
            }
            browser.screenshot(&format!("idea-errors-{locale}-{width}")).await;
        }
        fill_valid_idea(&browser).await;
        browser.click("form.input-form button[type=submit]").await;
        browser.wait_for(".receipt").await;
        for width in [1280, 320] {
            browser.set_width(width).await;
            for violation in browser.axe().await {
                failures.push(format!("{locale} receipt @{width}px: {violation}"));
            }
            if browser.overflows_horizontally().await {
                failures.push(format!("{locale} receipt @{width}px: scrolls sideways"));
            }
            browser.screenshot(&format!("receipt-{locale}-{width}")).await;
        }
    }
    browser.close().await;
    assert!(failures.is_empty(), "accessibility failures:\n{}", failures.join("\n"));
}

/// Fills the idea form as a resident would, by typing and clicking.
async fn fill_valid_idea(browser: &Browser) {
    let field = |css: &'static str| async move { browser.client.find(fantoccini::Locator::Css(css)).await.expect(css) };
    let title = field("#field-title").await;
    title.clear().await.unwrap();
    title.send_keys("Benker i bakgården").await.unwrap();
    let description = field("#field-description").await;
    description.clear().await.unwrap();
    description.send_keys("Eldre trenger et sted å hvile. <b>Takk!</b>").await.unwrap();
    field(r#"#field-area option[value="jeloy"]"#).await.click().await.unwrap();
    field(r#"input[name="submitter"][value="tenant"]"#).await.click().await.unwrap();
}

#[tokio::test]
async fn every_page_is_valid_html_in_every_language() {
    let app = TestApp::spawn_with(crate::support::Backend::Sqlite, &[EVERY_LANGUAGE]).await.with_demo_data().await;
    let mut pages = Vec::new();
    for locale in app::i18n::Locale::ALL.map(|l| l.code()) {
        for (name, path) in PAGES {
            let html = app.get_in(path, locale).await.text().await.unwrap();
            pages.push((format!("{name} ({locale})"), html));
        }
        // The 503 page too, from a second app whose database is closed.
    }
    // The form with every error, and a receipt.
    let key = app.form_key().await;
    let errors = app.post_form("/ide", &[("contact", "contact"), ("email", "x@"), ("idempotency_key", &key)]).await;
    pages.push(("idea form with errors".into(), errors.text().await.unwrap()));
    let sent = app.post_form("/ide", &[("title", "Benk"), ("description", "<b>Hei</b>"), ("submitter", "other"), ("idempotency_key", &key)]).await;
    let receipt = app.get(sent.headers()["location"].to_str().unwrap()).await.text().await.unwrap();
    pages.push(("receipt".into(), receipt));
    let concern_errors = app.post_form("/nabobekymring", &[("on_behalf", "volunteer"), ("idempotency_key", &key)]).await;
    pages.push(("concern form with errors".into(), concern_errors.text().await.unwrap()));
    let journey_errors = app.post_form("/brukerreise", &[("step-1-what", "x"), ("step-2-team", "nav"), ("action", "send"), ("idempotency_key", &key)]).await;
    pages.push(("journey form with errors".into(), journey_errors.text().await.unwrap()));
    // The form back with a notice: over the sender's limit (429), the database down (503).
    let busy = TestApp::spawn_with(crate::support::Backend::Sqlite, &[("INNSPILL_LIMITS__SUBMISSIONS_PER_HOUR", "1")]).await.with_demo_data().await;
    let idea = |key: String| {
        vec![
            ("title", "Benk".to_string()),
            ("description", "Hei".into()),
            ("submitter", "other".into()),
            ("contact", "anonymous".into()),
            ("idempotency_key", key),
        ]
    };
    for expected in [303, 429] {
        let form = idea(busy.form_key().await);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = busy.post_form("/ide", &pairs).await;
        assert_eq!(response.status(), expected);
        if expected == 429 {
            pages.push(("idea form, too many".into(), response.text().await.unwrap()));
        }
    }
    let down = TestApp::spawn().await.with_demo_data().await;
    let form = idea(down.form_key().await);
    down.store.close().await;
    pages.push(("unavailable".into(), down.get("/").await.text().await.unwrap()));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let unavailable_form = down.post_form("/ide", &pairs).await;
    assert_eq!(unavailable_form.status(), 503);
    pages.push(("idea form, database down".into(), unavailable_form.text().await.unwrap()));
    let errors = html_errors(&pages);
    assert!(errors.is_empty(), "HTML errors:\n{}", errors.join("\n"));
}

#[tokio::test]
async fn the_language_switcher_works_without_javascript() {
    if !available() {
        return;
    }
    let app = TestApp::spawn().await.with_demo_data().await;
    let browser = Browser::launch(Options { javascript: false, accept_language: "nb" }).await;
    browser.goto(&app.url("/personvern")).await;
    assert_eq!(browser.html_lang().await, "nb");
    assert_eq!(browser.text("h1").await, "Personvern");

    browser.click(r#"button[name="lang"][value="en"]"#).await;
    browser.wait_for(r#"html[lang="en"]"#).await;
    assert_eq!(browser.text("h1").await, "Privacy");
    assert!(browser.client.current_url().await.unwrap().path().ends_with("/personvern"), "back on the same page");

    browser.goto(&app.url("/")).await;
    assert_eq!(browser.html_lang().await, "en", "the choice is remembered");
    browser.screenshot("home-en-nojs").await;

    browser.click(r#"button[name="lang"][value="nn"]"#).await;
    browser.wait_for(r#"html[lang="nn"]"#).await;
    assert_eq!(browser.text("h1").await, "Gi innspel til bustadtenestene");
    browser.close().await;
}

/// On a form page the switcher sends the form itself: it comes back in the
/// new language with everything typed, and nothing is stored.
#[tokio::test]
async fn changing_language_on_a_form_keeps_what_was_typed_with_and_without_javascript() {
    if !available() {
        return;
    }
    let app = TestApp::spawn_with(crate::support::Backend::Sqlite, &[EVERY_LANGUAGE]).await.with_demo_data().await;
    for javascript in [false, true] {
        let browser = Browser::launch(Options { javascript, accept_language: "nb" }).await;
        browser.goto(&app.url("/nabobekymring")).await;
        type_into(&browser, "#field-description", "Naboen spiller høy musikk hver natt.").await;
        browser.click(r#"input[name="concern_kind"][value="noise"]"#).await;
        browser.click(r#"button[name="switch_lang"][value="ar"]"#).await;
        browser.wait_for(r#"html[lang="ar"][dir="rtl"]"#).await;
        assert_eq!(value_of(&browser, "#field-description").await, "Naboen spiller høy musikk hver natt.", "JS {javascript}: the text is kept");
        assert!(browser.client.find(fantoccini::Locator::Css(r#"input[name="concern_kind"][value="noise"]:checked"#)).await.is_ok(), "and the choice");
        assert!(browser.text("main h1").await.contains("أبلغ عن مشكلة مع الجيران"), "JS {javascript}: in Arabic");
        assert!(browser.client.find(fantoccini::Locator::Css("#error-summary")).await.is_err(), "no errors: nothing was sent");
        browser.click(r#"button[name="switch_lang"][value="nb"]"#).await;
        browser.wait_for(r#"html[lang="nb"]"#).await;
        assert_eq!(value_of(&browser, "#field-description").await, "Naboen spiller høy musikk hver natt.");
        browser.close().await;
    }
    assert_eq!(app.store.count_submissions().await.unwrap(), 0, "switching language stores nothing");
}

#[tokio::test]
async fn a_resident_who_needs_help_with_housing_ticks_it_on_a_phone_and_gets_the_right_receipt_with_and_without_javascript() {
    if !available() {
        return;
    }
    let app = TestApp::spawn().await.with_demo_data().await;
    for javascript in [true, false] {
        let browser = Browser::launch(Options { javascript, accept_language: "nb" }).await;
        browser.set_width(360).await;
        browser.goto(&app.url("/ide")).await;
        type_into(&browser, "#field-title", "Vi må flytte").await;
        type_into(&browser, "#field-description", "Husleia er for høy for oss.").await;
        browser.click(r#"input[name="needs_help"][value="yes"]"#).await;
        browser.click(r#"input[name="submitter"][value="tenant"]"#).await;
        browser.click("form.input-form button[type=submit]").await;
        browser.wait_for("#help-heading").await;
        let help = browser.text("section.help-request").await;
        assert!(help.contains("Du har bedt om hjelp med boligen din") && help.contains("skriftlig vedtak"), "JS {javascript}: {help}");
        assert!(help.contains("Boligsosial avdeling") && help.contains("69 24 80 00"), "JS {javascript}: {help}");
        if javascript {
            let violations = browser.axe().await;
            assert!(violations.is_empty(), "{violations:?}");
            assert!(!browser.overflows_horizontally().await, "the receipt fits a phone");
        }
        browser.screenshot(&format!("help-request-receipt-{}-360", if javascript { "js" } else { "nojs" })).await;
        browser.close().await;
    }
    assert_eq!(app.store.count_submissions().await.unwrap(), 2, "one request for help each time");
}

#[tokio::test]
async fn a_resident_sends_an_idea_without_javascript_fixing_errors_on_the_way() {
    if !available() {
        return;
    }
    let app = TestApp::spawn().await.with_demo_data().await;
    let browser = Browser::launch(Options { javascript: false, accept_language: "en" }).await;
    browser.goto(&app.url("/")).await;
    browser.click(r#"a[href="/ide"]"#).await;
    browser.wait_for("#field-title").await;
    assert_eq!(browser.html_lang().await, "en");

    // Only a description, and contact wanted without details: errors, text kept.
    let description = browser.client.find(fantoccini::Locator::Css("#field-description")).await.unwrap();
    description.send_keys("More benches, please.\nThe elderly need them.").await.unwrap();
    browser.click(r#"input[name="contact"][value="contact"]"#).await;
    browser.click("form.input-form button[type=submit]").await;
    browser.wait_for("#error-summary").await;
    let summary = browser.text("#error-summary").await;
    assert!(summary.contains("Title of your idea: Fill in this field."), "{summary}");
    assert!(summary.contains("Consent") || summary.contains("You must agree"), "{summary}");
    let kept = browser.client.find(fantoccini::Locator::Css("#field-description")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("More benches, please.\nThe elderly need them."));

    // The summary links to the field.
    browser.click(r##"#error-summary a[href="#field-title"]"##).await;
    assert_eq!(browser.client.current_url().await.unwrap().fragment(), Some("field-title"));

    let title = browser.client.find(fantoccini::Locator::Css("#field-title")).await.unwrap();
    title.send_keys("Benches").await.unwrap();
    browser.click(r#"input[name="contact"][value="anonymous"]"#).await;
    browser.click(r#"input[name="submitter"][value="neighbour"]"#).await;
    browser.click("form.input-form button[type=submit]").await;
    browser.wait_for(".receipt").await;
    let receipt = browser.text(".receipt").await;
    assert!(receipt.contains("Your reference number is MOSS-"), "{receipt}");

    // The private link shows the item again, without the receipt banner.
    let link = browser.text(".tracking-link a").await;
    browser.goto(&link.replace("http://127.0.0.1:3000", &app.url(""))).await;
    assert!(browser.text("main").await.contains("More benches, please."));
    assert_eq!(app.store.count_submissions().await.unwrap(), 1);
    browser.screenshot("tracking-en-nojs").await;
    browser.close().await;
}

#[tokio::test]
async fn a_resident_tells_a_two_step_journey_without_javascript() {
    if !available() {
        return;
    }
    let app = TestApp::spawn().await.with_demo_data().await;
    let browser = Browser::launch(Options { javascript: false, accept_language: "nb" }).await;
    browser.goto(&app.url("/brukerreise")).await;
    let find = |css: String| {
        let client = browser.client.clone();
        async move { client.find(fantoccini::Locator::Css(&css)).await.unwrap_or_else(|_| panic!("{css}")) }
    };
    find(r#"input[name="goal"][value="get_dwelling"]"#.into()).await.click().await.unwrap();
    find(r#"#field-step-1-team option[value="nav"]"#.into()).await.click().await.unwrap();
    find(r#"input[name="step-1-channel"][value="in_person"]"#.into()).await.click().await.unwrap();
    find("#field-step-1-what".into()).await.send_keys("Fikk et skjema.").await.unwrap();
    find(r#"input[name="step-1-feeling"][value="2"]"#.into()).await.click().await.unwrap();
    browser.click(r#"button[value="add"]"#).await;
    browser.wait_for("#step-2").await;
    find(r#"#field-step-2-team option[value="boligtildeling"]"#.into()).await.click().await.unwrap();
    find(r#"input[name="step-2-channel"][value="letter"]"#.into()).await.click().await.unwrap();
    find("#field-step-2-what".into()).await.send_keys("Avslag uten begrunnelse.").await.unwrap();
    find(r#"input[name="step-2-feeling"][value="1"]"#.into()).await.click().await.unwrap();
    find("#field-step-2-went_wrong".into()).await.click().await.unwrap();
    browser.click(r#"button[value="up-2"]"#).await;
    browser.wait_for("#step-2").await;
    assert_eq!(find("#field-step-1-what".into()).await.prop("value").await.unwrap().as_deref(), Some("Avslag uten begrunnelse."), "moved up with its text");
    find(r#"input[name="result"][value="gave_up"]"#.into()).await.click().await.unwrap();
    find(r#"input[name="submitter"][value="applicant"]"#.into()).await.click().await.unwrap();
    browser.screenshot("journey-nb-nojs").await;
    browser.click(r#"button.ds-button[value="send"]"#).await;
    browser.wait_for(".receipt").await;
    assert!(browser.text(".receipt").await.contains("MOSS-"));
    assert_eq!(app.store.count_submissions().await.unwrap(), 1);
    // Both bad steps reach their teams' inboxes, and the journey its owner's.
    use domain::Role;
    for (name, team) in [("Nina Nav", "nav"), ("Tor Tildeling", "boligtildeling"), ("Bo Sosial", "boligsosial-avdeling")] {
        let login = app.staff(Role::Caseworker, name, &[team]).await;
        sign_in_in_browser(&browser, &app, &login).await;
        assert_eq!(browser.client.find_all(fantoccini::Locator::Css(".inbox-row")).await.unwrap().len(), 1, "{team}'s inbox");
        browser.click(".inbox-row a").await;
        browser.wait_for(".journey-steps").await;
        if team != "boligsosial-avdeling" {
            assert_eq!(browser.client.find_all(fantoccini::Locator::Css(".journey-step--yours")).await.unwrap().len(), 1, "{team}'s step marked");
        }
        browser.screenshot(&format!("staff-journey-{team}")).await;
        browser.click(".staff-nav__user button").await;
        browser.wait_for("#field-email").await;
    }
    browser.close().await;
}

#[tokio::test]
async fn the_quick_exit_island_hydrates_and_leaves_no_way_back() {
    if !available() {
        return;
    }
    let app = TestApp::spawn().await;
    let browser = Browser::launch(Options { javascript: true, accept_language: "nb" }).await;
    browser.goto(&app.url("/personvern")).await;
    browser.goto(&app.url("/")).await;
    browser.wait_for(r#".quick-exit[data-hydrated="true"]"#).await;
    let home = browser.client.current_url().await.unwrap();
    browser.click(".quick-exit").await;
    // Wait until the browser has left the page.
    for _ in 0..100 {
        if browser.client.current_url().await.is_ok_and(|url| url != home) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_ne!(browser.client.current_url().await.unwrap(), home, "the quick exit left the page");
    browser.client.back().await.unwrap();
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.path(), "/personvern", "the page with the quick exit was replaced in history");
    browser.close().await;
}

#[tokio::test]
async fn the_quick_exit_is_a_plain_link_without_javascript() {
    if !available() {
        return;
    }
    let app = TestApp::spawn().await;
    let browser = Browser::launch(Options { javascript: false, accept_language: "nb" }).await;
    browser.goto(&app.url("/")).await;
    let link = browser.client.find(fantoccini::Locator::Css(".quick-exit")).await.unwrap();
    assert_eq!(link.attr("href").await.unwrap().as_deref(), Some("http://127.0.0.1:9/"));
    assert_eq!(link.attr("data-hydrated").await.unwrap(), None);
    browser.close().await;
}

/// Signs in through the form in the browser.
pub(crate) async fn sign_in_in_browser(browser: &Browser, app: &TestApp, login: &crate::support::StaffLogin) {
    browser.goto(&app.url("/ansatt/logg-inn")).await;
    let find = |css: &'static str| {
        let client = browser.client.clone();
        async move { client.find(fantoccini::Locator::Css(css)).await.unwrap_or_else(|_| panic!("{css}")) }
    };
    find("#field-email").await.send_keys(&login.email).await.unwrap();
    find("#field-password").await.send_keys(&login.password).await.unwrap();
    browser.click("form.input-form button[type=submit]").await;
    browser.wait_for(".staff-nav").await;
}

#[tokio::test]
async fn a_triaged_concern_is_followed_up_to_an_honest_outcome_without_javascript() {
    if !available() {
        return;
    }
    use domain::Role;
    let app = TestApp::spawn().await.with_demo_data().await;
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
    let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
    let otto = app.staff(Role::Caseworker, "Otto Annen", &["startlan"]).await;
    let tracking = app.submit_concern("", "", "Naboen spiller høy musikk med bråk hver natt.", Some("kari@example.no")).await;
    let browser = Browser::launch(Options { javascript: false, accept_language: "nb" }).await;

    // The moderator confirms the suggested team from the triage queue.
    sign_in_in_browser(&browser, &app, &mona).await;
    browser.click(r#"a[href="/ansatt/triage"]"#).await;
    browser.wait_for(".inbox-row").await;
    browser.screenshot("staff-triage-nb").await;
    browser.click(".inbox-row a").await;
    browser.wait_for("#triage-heading").await;
    browser.screenshot("staff-item-triage-nb").await;
    browser.click(r#"form[action$="/triage"] button[data-variant="primary"]"#).await;
    browser.wait_for(".ds-alert[data-color=success]").await;
    browser.click(".staff-nav__user button").await;
    browser.wait_for("#field-email").await;

    // The caseworker finds it by searching, assigns it, replies, adds a team, closes it.
    sign_in_in_browser(&browser, &app, &eva).await;
    let search = browser.client.find(fantoccini::Locator::Css("#field-q")).await.unwrap();
    search.send_keys("musikk").await.unwrap();
    browser.click(".inbox-filters button[type=submit]").await;
    browser.wait_for(".inbox-row").await;
    assert_eq!(browser.client.find_all(fantoccini::Locator::Css(".inbox-row")).await.unwrap().len(), 1);
    browser.screenshot("staff-inbox-search-nb").await;
    browser.click(".inbox-row a").await;
    browser.wait_for("#reply-heading").await;
    let item_url = browser.client.current_url().await.unwrap();
    browser.click(r#"#field-assignee option:not([value=""])"#).await;
    browser.click(r#"form[action$="/tildel"] button"#).await;
    browser.wait_for(".ds-alert[data-color=success]").await;
    let reply = browser.client.find(fantoccini::Locator::Css("#field-reply")).await.unwrap();
    reply.send_keys("Vi tar kontakt med naboen denne uken.").await.unwrap();
    browser.click(r#"form[action$="/svar"] button"#).await;
    browser.wait_for(".ds-alert[data-color=success]").await;
    browser.click(r#"#field-to_team option[value="nav"]"#).await;
    browser.click(r#"input[name="how"][value="add"]"#).await;
    browser.client.find(fantoccini::Locator::Css("#field-reason")).await.unwrap().send_keys("Kan gjelde husleie.").await.unwrap();
    browser.click(r#"form[action$="/henvis"] button"#).await;
    browser.wait_for(".ds-alert[data-color=success]").await;
    // Closing "not resolved" without saying why: the error, linked.
    browser.click(r#"input[name="outcome"][value="not_resolved"]"#).await;
    browser.click(r#"form[action$="/lukk"] button"#).await;
    browser.wait_for("#error-summary").await;
    browser.screenshot("staff-item-errors-nb").await;
    browser.click(r##"#error-summary a[href="#field-outcome_detail"]"##).await;
    browser.client.find(fantoccini::Locator::Css("#field-outcome_detail")).await.unwrap().send_keys("Vi fikk ikke kontakt med naboen.").await.unwrap();
    browser.click(r#"form[action$="/lukk"] button"#).await;
    browser.wait_for(".ds-alert[data-color=success]").await;
    browser.screenshot("staff-item-closed-nb").await;
    browser.click(".staff-nav__user button").await;
    browser.wait_for("#field-email").await;

    // Another team's caseworker cannot open it; NAV (added) can.
    sign_in_in_browser(&browser, &app, &otto).await;
    browser.goto(item_url.as_str()).await;
    assert_eq!(browser.text("h1").await, "Vi fant ikke siden", "another team's item looks like no item at all");
    browser.goto(&app.url("/ansatt")).await;
    browser.click(".staff-nav__user button").await;
    browser.wait_for("#field-email").await;

    // The resident sees the reply, the team added and the honest outcome.
    browser.goto(&app.url(&tracking)).await;
    let page = browser.text("main").await;
    for expected in ["Vi tar kontakt med naboen denne uken.", "NAV følger også opp", "Avsluttet: Ikke løst", "Vi fikk ikke kontakt med naboen."] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    browser.screenshot("tracking-closed-nb-nojs").await;
    browser.close().await;
    let (pending, sent, dead) = app.store.outbox_counts().await.unwrap();
    assert_eq!(pending + sent + dead, 3, "receipt, reply and closing mails");
}

/// On each database: the pages show what it stored.
#[tokio::test]
async fn staff_pages_pass_axe_and_the_html_checker() {
    for backend in crate::support::backends() {
        staff_pages_pass_axe_and_the_html_checker_on(backend).await;
    }
}

async fn staff_pages_pass_axe_and_the_html_checker_on(backend: crate::support::Backend) {
    use domain::Role;
    let database = backend.name();
    let app = TestApp::spawn_with(backend, &[EVERY_LANGUAGE]).await.with_demo_data().await;
    let tracking = app.submit_concern("", "jeloy", "Bråk og støy hver natt.", Some("kari@example.no")).await;
    // A post a script sent (the hidden field filled in): held for a moderator.
    let held_key = app.form_key().await;
    let held = app
        .post_form(
            "/ide",
            &[
                ("title", "Billige klokker"),
                ("description", "Kjøp nå"),
                ("submitter", "other"),
                ("contact", "anonymous"),
                ("homepage", "x"),
                ("idempotency_key", &held_key),
            ],
        )
        .await;
    assert_eq!(held.status(), 303);
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["miljovaktmester"]).await;
    let client = app.sign_in(&mona).await;
    let id = app
        .store
        .inbox(&domain::workspace::InboxQuery {
            scope: domain::workspace::Scope::All,
            team_id: None,
            kind: None,
            theme_id: None,
            area_id: None,
            status: None,
            include_closed: true,
            overdue: false,
            assignee_id: None,
            unassigned: false,
            held: false,
            help_requests: false,
            search: None,
            received: None,
            submitter: None,
            outcome: None,
            service: None,
            sort: Default::default(),
            after: None,
            limit: 5,
            now: chrono::Utc::now(),
        })
        .await
        .unwrap()[0]
        .id;
    let item = format!("/ansatt/sak/{id}");
    let mut pages = vec![
        ("sign-in".to_string(), app.get("/ansatt/logg-inn").await.text().await.unwrap()),
        ("sign-in failed".to_string(), app.post_form("/ansatt/logg-inn", &[("email", "x@y.no"), ("password", "nope")]).await.text().await.unwrap()),
        ("triage".to_string(), client.page("/ansatt/triage", 200).await),
        ("held".to_string(), client.page("/ansatt/triage/holdt", 200).await),
        ("triage item".to_string(), client.page(&item, 200).await),
    ];
    client.post(&format!("{item}/triage"), &[("team", "miljovaktmester")]).await;
    pages.push(("inbox".into(), client.page("/ansatt", 200).await));
    pages.push(("team inbox".into(), client.page("/ansatt/team/miljovaktmester?q=bråk", 200).await));
    pages.push(("item".into(), client.page(&item, 200).await));
    pages.push(("item with errors".into(), client.post(&format!("{item}/henvis"), &[("reason", "<x>")]).await.text().await.unwrap()));
    pages.push(("contact".into(), client.post(&format!("{item}/kontakt"), &[]).await.text().await.unwrap()));
    client.post(&format!("{item}/svar"), &[("reply", "Takk!")]).await;
    client.post(&format!("{item}/lukk"), &[("outcome", "resolved")]).await;
    pages.push(("closed item".into(), client.page(&item, 200).await));
    pages.push(("tracking closed".into(), app.get(&tracking).await.text().await.unwrap()));
    pages.push(("tracking, delete contact?".into(), app.get(&format!("{tracking}?slett=kontakt")).await.text().await.unwrap()));
    // Administration, including forms with errors and the rule test result.
    let ada = app.staff(Role::Administrator, "Ada Admin", &[]).await;
    let admin = app.sign_in(&ada).await;
    pages.push(("item, administrator".into(), admin.page(&item, 200).await));
    pages.push(("item, erase unconfirmed".into(), admin.post(&format!("{item}/personvern"), &[("action", "erase")]).await.text().await.unwrap()));
    for path in [
        "/ansatt/admin",
        "/ansatt/admin/team",
        "/ansatt/admin/tema?rediger=stoy-uro",
        "/ansatt/admin/omrade",
        "/ansatt/admin/regler?rediger=1",
        "/ansatt/admin/ansatte",
        "/ansatt/admin/svarmaler",
        "/ansatt/admin/epost",
        "/ansatt/admin/logg",
    ] {
        pages.push((path.to_string(), admin.page(path, 200).await));
    }
    pages.push(("team errors".into(), admin.post("/ansatt/admin/team", &[("slug", "X Y")]).await.text().await.unwrap()));
    pages.push(("rule errors".into(), admin.post("/ansatt/admin/regler", &[("priority", "x")]).await.text().await.unwrap()));
    pages.push(("rule test".into(), admin.post("/ansatt/admin/regler/test", &[("test_kind", "concern"), ("test_text", "støy")]).await.text().await.unwrap()));
    let invited = admin
        .post("/ansatt/admin/ansatte", &[("email", "ny@moss.kommune.no"), ("name", "Ny Kollega"), ("role", "caseworker"), ("teams", "nav")])
        .await
        .text()
        .await
        .unwrap();
    let at = invited.find("/ansatt/invitasjon/").unwrap();
    let invite_path = invited[at..at + "/ansatt/invitasjon/".len() + 43].to_string();
    pages.push(("staff invited".into(), invited));
    pages.push(("invite".into(), app.get(&invite_path).await.text().await.unwrap()));
    pages.push(("invite errors".into(), app.post_form(&invite_path, &[("password", "kort")]).await.text().await.unwrap()));
    admin.post("/ansatt/admin/svarmaler", &[("title", "Takk"), ("locale", "nb"), ("body", "Takk for beskjed.")]).await;
    pages.push(("templates".into(), admin.page("/ansatt/admin/svarmaler", 200).await));
    pages.push(("api key issued".into(), admin.post("/ansatt/admin/api-nokler", &[("name", "FiksGataMi Moss"), ("per_hour", "")]).await.text().await.unwrap()));
    pages.push(("api key errors".into(), admin.post("/ansatt/admin/api-nokler", &[("name", ""), ("per_hour", "x")]).await.text().await.unwrap()));
    let staff_key = [("name", "Sak og arkiv"), ("purpose", "staff"), ("teams", "nav"), ("teams", "mke"), ("per_hour", "")];
    let issued = admin.post("/ansatt/admin/api-nokler", &staff_key).await.text().await.unwrap();
    let staff_system_key: String = issued[issued.find("inn_").unwrap()..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
    pages.push(("staff system key issued".into(), issued));
    pages.push(("webhooks, none".into(), admin.page("/ansatt/admin/webhooker", 200).await));
    let refused = admin.post("/ansatt/admin/webhooker", &[("prefix", "http://sak.moss.kommune.no/")]).await;
    assert_eq!(refused.status(), 422);
    pages.push(("webhook prefix errors".into(), refused.text().await.unwrap()));
    assert_eq!(admin.post("/ansatt/admin/webhooker", &[("prefix", "https://sak.moss.kommune.no/innspill/")]).await.status(), 303);
    let registered = app
        .http
        .post(app.url("/api/v1/webhooks"))
        .bearer_auth(&staff_system_key)
        .json(&serde_json::json!({ "url": "https://sak.moss.kommune.no/innspill/hendelser", "events": ["item.created", "item.closed"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), 201);
    pages.push(("webhooks".into(), admin.page("/ansatt/admin/webhooker", 200).await));
    pages
        .push(("staff system key errors".into(), admin.post("/ansatt/admin/api-nokler", &[("name", "Sak"), ("purpose", "staff")]).await.text().await.unwrap()));
    pages.push(("api keys".into(), admin.page("/ansatt/admin/api-nokler", 200).await));
    // Participation: moderation, the public idea pages, "you said, we did".
    let idea_key = app.form_key().await;
    let idea = app
        .post_form(
            "/ide",
            &[
                ("title", "Benker"),
                ("description", "Kari (tlf 912 34 567) vil ha benker."),
                ("submitter", "tenant"),
                ("contact", "anonymous"),
                ("idempotency_key", &idea_key),
            ],
        )
        .await;
    let idea_page = app.get(idea.headers()["location"].to_str().unwrap()).await.text().await.unwrap();
    let at = idea_page.find("MOSS-").unwrap();
    let idea_id = app.item_id(&idea_page[at..at + 15]).await;
    let moderate = format!("/ansatt/moderering/ide/{idea_id}");
    pages.push(("moderation queue".into(), admin.page("/ansatt/moderering", 200).await));
    pages.push(("moderate idea".into(), admin.page(&moderate, 200).await));
    pages.push(("moderate idea errors".into(), admin.post(&moderate, &[("decision", "reject")]).await.text().await.unwrap()));
    admin.post(&moderate, &[("decision", "approve"), ("public_title", "Benker"), ("public_body", "[navn] vil ha benker.")]).await;
    admin.post(&format!("{moderate}/svar"), &[("answer", "Vi ser på det.")]).await;
    let public_idea = format!("/ideer/{idea_id}");
    let comment_page = app.get(&public_idea).await.text().await.unwrap();
    let comment_key = crate::support::form_key(&comment_page);
    app.post_form(&format!("{public_idea}/kommentar"), &[("comment", "Enig!"), ("idempotency_key", &comment_key)]).await;
    let queue = admin.page("/ansatt/moderering", 200).await;
    let comment_at = queue.find("/ansatt/moderering/kommentar/").unwrap();
    let moderate_comment = queue[comment_at..].split('"').next().unwrap().to_string();
    pages.push(("moderate comment".into(), admin.page(&moderate_comment, 200).await));
    admin.post(&moderate_comment, &[("decision", "approve"), ("public_body", "Enig!")]).await;
    pages.push(("ideas".into(), app.get("/ideer").await.text().await.unwrap()));
    pages.push(("idea".into(), app.get(&public_idea).await.text().await.unwrap()));
    pages.push((
        "idea comment errors".into(),
        app.post_form(&format!("{public_idea}/kommentar"), &[("comment", ""), ("idempotency_key", &comment_key)]).await.text().await.unwrap(),
    ));
    pages.push(("summaries".into(), app.get("/vi-gjorde").await.text().await.unwrap()));
    // Consultations: one open (the answer form), one closed with published results.
    let team_id = app.store.list_teams().await.unwrap()[0].id.to_string();
    pages.push(("consultations new".into(), admin.page("/ansatt/konsultasjoner", 200).await));
    pages.push(("consultations errors".into(), admin.post("/ansatt/konsultasjoner", &[("title", ""), ("opens_on", "x")]).await.text().await.unwrap()));
    let (open_id, open_slug) = crate::consultation::create_consultation(&admin, &team_id).await;
    let (closed_id, _) = crate::consultation::create_consultation(&admin, &team_id).await;
    let closed_slug = format!("{open_slug}-2");
    let editor = format!("/ansatt/konsultasjoner/{open_id}");
    pages.push(("consultation editor".into(), admin.page(&editor, 200).await));
    pages.push((
        "consultation question errors".into(),
        admin.post(&format!("{editor}/sporsmal"), &[("kind", "scale"), ("options", "x")]).await.text().await.unwrap(),
    ));
    pages.push(("consultation preview".into(), admin.page(&format!("{editor}/forhandsvisning"), 200).await));
    for id in [open_id, closed_id] {
        admin.post(&format!("/ansatt/konsultasjoner/{id}/publiser"), &[]).await;
    }
    let answer_page = format!("/konsultasjoner/{open_slug}");
    let answer_html = app.get(&answer_page).await.text().await.unwrap();
    pages.push(("consultation answer".into(), answer_html.clone()));
    pages.push((
        "consultation answer errors".into(),
        app.post_form(&answer_page, &[("idempotency_key", &crate::support::form_key(&answer_html))]).await.text().await.unwrap(),
    ));
    let closed = app.store.consultation(closed_id).await.unwrap().unwrap();
    let closed_page = format!("/konsultasjoner/{closed_slug}");
    let key = crate::support::form_key(&app.get(&closed_page).await.text().await.unwrap());
    let option = closed.questions[0].options[0].id.to_string();
    let answered = app
        .post_form(
            &closed_page,
            &[
                ("idempotency_key", &key),
                (&closed.questions[0].field(), &option),
                (&closed.questions[2].field(), "3"),
                (&closed.questions[3].field(), "Mer lys."),
            ],
        )
        .await;
    pages.push(("consultation thanks".into(), app.get(answered.headers()["location"].to_str().unwrap()).await.text().await.unwrap()));
    admin.post(&format!("/ansatt/konsultasjoner/{closed_id}/avslutt"), &[]).await;
    admin.post(&format!("/ansatt/konsultasjoner/{closed_id}/publiser-resultater"), &[]).await;
    let staff_results = format!("/ansatt/konsultasjoner/{closed_id}/resultater");
    let public_results = format!("{closed_page}/resultater");
    pages.push(("consultation results".into(), admin.page(&staff_results, 200).await));
    pages.push(("consultation public results".into(), app.get(&public_results).await.text().await.unwrap()));
    pages.push(("consultations public".into(), app.get("/konsultasjoner").await.text().await.unwrap()));
    pages.push(("consultations staff".into(), admin.page("/ansatt/konsultasjoner", 200).await));
    // The pages residents reach later, in every residents' language: the
    // tracking page of a closed item with its timeline and reopening, a
    // public idea with an answer and a comment, a consultation and its results.
    let reached_later = [tracking.as_str(), "/ideer", public_idea.as_str(), "/vi-gjorde", "/konsultasjoner", answer_page.as_str(), public_results.as_str()];
    for locale in app::i18n::Locale::ALL.map(|l| l.code()) {
        for path in reached_later {
            let response = app.get_in(path, locale).await;
            assert_eq!(response.status(), 200, "{locale} {path}");
            let html = response.text().await.unwrap();
            assert!(html.contains(&format!(r#"<html lang="{locale}""#)), "{locale} {path}");
            pages.push((format!("{path} ({locale})"), html));
        }
    }
    let errors = html_errors(&pages);
    assert!(errors.is_empty(), "{database}: HTML errors:\n{}", errors.join("\n"));
    if !available() {
        return;
    }
    let browser = Browser::launch(Options { javascript: true, accept_language: "nb" }).await;
    let mut failures = Vec::new();
    for locale in ["nb", "en"] {
        browser.goto(&app.url("/")).await;
        browser.client.execute(&format!("document.cookie = 'innspill_lang={locale}; path=/'"), vec![]).await.unwrap();
        browser.goto(&app.url("/ansatt/logg-inn")).await;
        for width in [1280, 320] {
            browser.set_width(width).await;
            for (name, path) in [("sign-in", "/ansatt/logg-inn"), ("tracking-closed", tracking.as_str())] {
                browser.goto(&app.url(path)).await;
                for violation in browser.axe().await {
                    failures.push(format!("{locale} {name} @{width}px: {violation}"));
                }
                if browser.overflows_horizontally().await {
                    failures.push(format!("{locale} {name} @{width}px: scrolls sideways"));
                }
                browser.screenshot(&format!("{name}-{locale}-{width}")).await;
            }
        }
    }
    // The same pages in every residents' language (rendering does not depend on the database).
    if database == "sqlite" {
        for locale in app::i18n::Locale::ALL.map(|l| l.code()) {
            browser.client.execute(&format!("document.cookie = 'innspill_lang={locale}; path=/'"), vec![]).await.unwrap();
            for width in [1280, 320] {
                browser.set_width(width).await;
                for path in reached_later {
                    browser.goto(&app.url(path)).await;
                    assert_eq!(browser.html_lang().await, locale, "{path}");
                    for violation in browser.axe().await {
                        failures.push(format!("{locale} {path} @{width}px: {violation}"));
                    }
                    if browser.overflows_horizontally().await {
                        failures.push(format!("{locale} {path} @{width}px: scrolls sideways"));
                    }
                    let name = path.trim_start_matches('/').replace(['/', '?', '='], "-");
                    browser.screenshot(&format!("later-{name}-{locale}-{width}")).await;
                }
            }
        }
    }
    sign_in_in_browser(&browser, &app, &ada).await;
    for locale in ["nb", "en"] {
        browser.client.execute(&format!("document.cookie = 'innspill_lang={locale}; path=/'"), vec![]).await.unwrap();
        for width in [1280, 320] {
            browser.set_width(width).await;
            for path in [
                "/ansatt/admin",
                "/ansatt/admin/team",
                "/ansatt/admin/regler?rediger=1",
                "/ansatt/admin/ansatte",
                "/ansatt/admin/svarmaler",
                "/ansatt/admin/api-nokler",
                "/ansatt/admin/webhooker",
                "/ansatt/admin/epost",
                "/ansatt/admin/logg",
                "/ansatt/triage/holdt",
                item.as_str(),
                invite_path.as_str(),
                "/ansatt/moderering",
                moderate.as_str(),
                moderate_comment.as_str(),
                "/ideer",
                public_idea.as_str(),
                "/vi-gjorde",
                "/ansatt/konsultasjoner",
                editor.as_str(),
                staff_results.as_str(),
                "/konsultasjoner",
                answer_page.as_str(),
                public_results.as_str(),
            ] {
                browser.goto(&app.url(path)).await;
                for violation in browser.axe().await {
                    failures.push(format!("{locale} {path} @{width}px: {violation}"));
                }
                if browser.overflows_horizontally().await {
                    failures.push(format!("{locale} {path} @{width}px: scrolls sideways"));
                }
                let name = path.trim_start_matches("/ansatt/").replace(['/', '?', '='], "-");
                browser.screenshot(&format!("staff-{name}-{locale}-{width}")).await;
            }
        }
    }
    browser.goto(&app.url("/ansatt")).await;
    browser.click(".staff-nav__user button").await;
    browser.wait_for("#field-email").await;
    // The same pages without JavaScript.
    let plain = Browser::launch(Options { javascript: false, accept_language: "nb" }).await;
    sign_in_in_browser(&plain, &app, &ada).await;
    for locale in ["nb", "en"] {
        plain.goto(&app.url("/personvern")).await;
        plain.click(&format!(r#"button[name="lang"][value="{locale}"]"#)).await;
        plain.wait_for(&format!(r#"html[lang="{locale}"]"#)).await;
        for width in [1280, 320] {
            plain.set_width(width).await;
            for path in [
                "/ansatt/admin/regler?rediger=1",
                "/ansatt/admin/api-nokler",
                "/ansatt/moderering",
                moderate.as_str(),
                "/ideer",
                public_idea.as_str(),
                "/vi-gjorde",
                item.as_str(),
                editor.as_str(),
                staff_results.as_str(),
                answer_page.as_str(),
                public_results.as_str(),
            ] {
                // axe needs JavaScript; without it the HTML is the same (checked
                // above), so here the page must render and be looked at.
                plain.goto(&app.url(path)).await;
                assert!(!plain.text("main h1").await.is_empty(), "no JS {locale} {path}");
                let name = path.trim_start_matches('/').replace(['/', '?', '='], "-");
                plain.screenshot(&format!("nojs-{name}-{locale}-{width}")).await;
            }
        }
    }
    plain.close().await;
    sign_in_in_browser(&browser, &app, &mona).await;
    for locale in ["nb", "en"] {
        browser.client.execute(&format!("document.cookie = 'innspill_lang={locale}; path=/'"), vec![]).await.unwrap();
        for width in [1280, 320] {
            browser.set_width(width).await;
            for (name, path) in [("inbox", "/ansatt?status=all"), ("triage", "/ansatt/triage"), ("item", item.as_str())] {
                browser.goto(&app.url(path)).await;
                browser.wait_for(".staff-nav").await;
                for violation in browser.axe().await {
                    failures.push(format!("{locale} {name} @{width}px: {violation}"));
                }
                if browser.overflows_horizontally().await {
                    failures.push(format!("{locale} {name} @{width}px: scrolls sideways"));
                }
                browser.screenshot(&format!("staff-{name}-{locale}-{width}")).await;
            }
        }
    }
    browser.close().await;
    assert!(failures.is_empty(), "{database}: accessibility failures:\n{}", failures.join("\n"));
}

/// Waits (up to 10 s) until the address contains `fragment`: after a form
/// post, so the next step does not run on the page being left.
async fn wait_for_url(browser: &Browser, fragment: &str) {
    for _ in 0..100 {
        if browser.client.current_url().await.map(|u| u.as_str().contains(fragment)).unwrap_or(false) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the address never contained {fragment}");
}

/// Types into the field found by `css`.
async fn type_into(browser: &Browser, css: &str, text: &str) {
    let field = browser.client.find(fantoccini::Locator::Css(css)).await.unwrap_or_else(|_| panic!("{css}"));
    field.send_keys(text).await.unwrap();
}

async fn value_of(browser: &Browser, css: &str) -> String {
    let field = browser.client.find(fantoccini::Locator::Css(css)).await.unwrap_or_else(|_| panic!("{css}"));
    field.prop("value").await.unwrap().unwrap_or_default()
}

/// After a receipt: opens the private link and returns the page's main text.
async fn follow_tracking_link(browser: &Browser, app: &TestApp) -> String {
    let link = browser.text(".tracking-link a").await;
    browser.goto(&link.replace("http://127.0.0.1:3000", &app.url(""))).await;
    browser.wait_for("main h1").await;
    browser.text("main").await
}

#[tokio::test]
async fn each_form_works_in_bokmal_english_polish_ukrainian_and_arabic_with_and_without_javascript() {
    if !available() {
        return;
    }
    let app = TestApp::spawn_with(crate::support::Backend::Sqlite, &[EVERY_LANGUAGE]).await.with_demo_data().await;
    for javascript in [false, true] {
        for locale in ["nb", "en", "pl", "uk", "ar"] {
            let case = format!("{locale}, JS {}", if javascript { "on" } else { "off" });
            let browser = Browser::launch(Options { javascript, accept_language: locale }).await;
            let i18n = app::i18n::I18n::new(app::i18n::Locale::from_code(locale).unwrap());
            // The error summary's heading and the receipt's thanks, as this language says them.
            let in_language = |page: String, key: &'static str| {
                let text = i18n.t(key);
                assert!(page.contains(text), "{case}: {key} not in the language: {page}");
            };

            // Idea: part-filled, errors shown, typed text kept, then sent.
            browser.goto(&app.url("/ide")).await;
            assert_eq!(browser.html_lang().await, locale);
            type_into(&browser, "#field-description", &format!("Benker i bakgården ({case})")).await;
            browser.click("form.input-form button[type=submit]").await;
            browser.wait_for("#error-summary").await;
            in_language(browser.text("#error-summary").await, "form.error_summary");
            assert_eq!(value_of(&browser, "#field-description").await, format!("Benker i bakgården ({case})"), "{case}: kept");
            type_into(&browser, "#field-title", "Benker").await;
            browser.click(r#"input[name="submitter"][value="tenant"]"#).await;
            browser.click("form.input-form button[type=submit]").await;
            browser.wait_for(".receipt").await;
            in_language(browser.text("main").await, "tracking.thanks");
            assert!(follow_tracking_link(&browser, &app).await.contains(&format!("Benker i bakgården ({case})")), "{case}: idea tracked");

            // Concern: the same, with the radios.
            browser.goto(&app.url("/nabobekymring")).await;
            type_into(&browser, "#field-description", &format!("Bråk i oppgang B ({case})")).await;
            browser.click("form.input-form button[type=submit]").await;
            browser.wait_for("#error-summary").await;
            assert_eq!(value_of(&browser, "#field-description").await, format!("Bråk i oppgang B ({case})"), "{case}: kept");
            browser.click(r#"input[name="concern_kind"][value="noise"]"#).await;
            browser.click(r#"input[name="ongoing"][value="yes"]"#).await;
            browser.click(r#"input[name="on_behalf"][value="self"]"#).await;
            browser.click(r#"input[name="submitter"][value="neighbour"]"#).await;
            browser.click("form.input-form button[type=submit]").await;
            browser.wait_for(".receipt").await;
            assert!(follow_tracking_link(&browser, &app).await.contains(&format!("Bråk i oppgang B ({case})")), "{case}: concern tracked");

            // Journey: one step, sent without its feeling first, then complete.
            browser.goto(&app.url("/brukerreise")).await;
            browser.click(r#"input[name="goal"][value="keep_dwelling"]"#).await;
            browser.click(r#"#field-step-1-team option[value="nav"]"#).await;
            browser.click(r#"input[name="step-1-channel"][value="phone"]"#).await;
            type_into(&browser, "#field-step-1-what", &format!("Ringte NAV ({case})")).await;
            browser.click(r#"button.ds-button[value="send"]"#).await;
            browser.wait_for("#error-summary").await;
            assert_eq!(value_of(&browser, "#field-step-1-what").await, format!("Ringte NAV ({case})"), "{case}: kept");
            browser.click(r#"input[name="step-1-feeling"][value="2"]"#).await;
            browser.click(r#"input[name="result"][value="got_help"]"#).await;
            browser.click(r#"input[name="submitter"][value="tenant"]"#).await;
            browser.click(r#"button.ds-button[value="send"]"#).await;
            browser.wait_for(".receipt").await;
            assert!(follow_tracking_link(&browser, &app).await.contains(&format!("Ringte NAV ({case})")), "{case}: journey tracked");
            browser.close().await;
        }
    }
    assert_eq!(app.store.count_submissions().await.unwrap(), 30);
}

/// Issue 5's "done when", in a real browser with JavaScript off and on: an
/// idea is sent, masked and approved, shown publicly, supported, commented
/// (pre-moderated) and flagged back to the queue; a consultation is written,
/// published, answered by two residents, closed, and its results (with an
/// accessible chart) are seen by staff and, once published, by the public.
/// On each database.
#[tokio::test]
async fn participation_works_end_to_end_in_a_browser_with_and_without_javascript() {
    use domain::Role;
    if !available() {
        return;
    }
    let mut failures = Vec::new();
    for backend in crate::support::backends() {
        let database = backend.name();
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
        for javascript in [false, true] {
            let case = format!("{database}-{}", if javascript { "js" } else { "nojs" });
            let resident = Browser::launch(Options { javascript, accept_language: "nb" }).await;
            let moderator = Browser::launch(Options { javascript, accept_language: "nb" }).await;
            sign_in_in_browser(&moderator, &app, &mona).await;

            // An idea with a name and a phone number in it.
            resident.goto(&app.url("/ide")).await;
            type_into(&resident, "#field-title", &format!("Benker i bakgården {case}")).await;
            type_into(&resident, "#field-description", "Kari Nordmann (tlf 912 34 567) ønsker benker ved lekeplassen.").await;
            resident.click(r#"input[name="submitter"][value="tenant"]"#).await;
            resident.click("form.input-form button[type=submit]").await;
            resident.wait_for(".tracking-link").await;

            // The moderator masks the name, approves, and the idea is public.
            let title = format!("Benker i bakgården {case}");
            let link_to = |text: &str| fantoccini::Locator::XPath(Box::leak(format!("//a[contains(., '{text}')]").into_boxed_str()));
            moderator.goto(&app.url("/ansatt/moderering")).await;
            moderator.client.find(link_to(&title)).await.unwrap().click().await.unwrap();
            moderator.wait_for("mark.personal-data").await;
            type_into(&moderator, "#field-names", "Kari Nordmann").await;
            moderator.click(r#"form[action$="/masker"] button"#).await;
            // The page being left has the same field: wait for the answer's address first.
            wait_for_url(&moderator, "/masker").await;
            moderator.wait_for("#field-public_body").await;
            assert_eq!(value_of(&moderator, "#field-public_body").await, "[navn] (tlf [telefon]) ønsker benker ved lekeplassen.", "{case}");
            moderator.click(r#"input[name="decision"][value="approve"] ~ button"#).await;
            moderator.wait_for(".ds-alert[data-color=success]").await;
            resident.goto(&app.url("/ideer")).await;
            resident.client.find(link_to(&title)).await.unwrap().click().await.unwrap();
            resident.wait_for("form.support").await;
            let public = resident.text("main").await;
            assert!(public.contains("[navn] (tlf [telefon])") && !public.contains("Nordmann") && !public.contains("912"), "{case}: {public}");
            let idea_url = resident.client.current_url().await.unwrap().to_string();

            // A support and a comment (which waits for moderation).
            resident.click("form.support button").await;
            resident.wait_for(".ds-alert[data-color=info]").await;
            assert!(resident.text("form.support").await.contains("Støttet av 1"), "{case}");
            type_into(&resident, "#field-comment", "Enig, benker hadde vært fint!").await;
            resident.click(r#"form[action$="/kommentar"] button"#).await;
            wait_for_url(&resident, "ok=kommentar").await;
            assert!(!resident.text("main").await.contains("Enig, benker"), "{case}: not before moderation");
            moderator.goto(&app.url("/ansatt/moderering")).await;
            moderator.click(r#".inbox-list a[href*="/kommentar/"]"#).await;
            moderator.wait_for("#field-public_body").await;
            moderator.click(r#"input[name="decision"][value="approve"] ~ button"#).await;
            moderator.wait_for(".ds-alert[data-color=success]").await;
            resident.goto(&idea_url).await;
            assert!(resident.text(".comments").await.contains("Enig, benker hadde vært fint!"), "{case}");

            // A flag sends the idea back to the queue.
            resident.click("details.flag summary").await;
            resident.click(r#"input[name="reason-idea"][value="offensive"]"#).await;
            resident.click(r#"details.flag form button"#).await;
            resident.wait_for(".ds-alert[data-color=info]").await;
            moderator.goto(&app.url("/ansatt/moderering")).await;
            let row = moderator.client.find(fantoccini::Locator::XPath(&format!("//li[contains(., '{title}')]"))).await.unwrap().text().await.unwrap();
            assert!(row.contains("Meldinger: 1"), "{case}: flagged back to the queue: {row}");

            // A consultation with two questions.
            moderator.goto(&app.url("/ansatt/konsultasjoner")).await;
            type_into(&moderator, "#field-title", &format!("Uteområdet {case}")).await;
            type_into(&moderator, "#field-introduction", "Hva ønsker dere for uteområdet?").await;
            moderator.click(r#"form[action="/ansatt/konsultasjoner"] button[type=submit]"#).await;
            moderator.wait_for("#add-question").await;
            for (number, prompt, kind, options) in [(1, "Bruker du uteområdet?", "single_choice", "Ja\nNei"), (2, "Hvor trygt føles det?", "scale", "")] {
                type_into(&moderator, "#field-prompt", prompt).await;
                moderator.client.find(fantoccini::Locator::Css("#field-kind")).await.unwrap().select_by_value(kind).await.unwrap();
                if !options.is_empty() {
                    type_into(&moderator, "#field-options", options).await;
                }
                moderator.click("#field-required").await;
                moderator.click(r#"form[action$="/sporsmal"] button[type=submit]"#).await;
                moderator.wait_for(&format!(".question-row:nth-child({number})")).await;
            }
            // The whole editor, to look at (desktop and phone).
            for (width, height) in [(1280, 2600), (320, 5200)] {
                moderator.client.set_window_size(width, height).await.unwrap();
                moderator.screenshot(&format!("consultation-editor-{case}-{width}")).await;
            }
            moderator.client.set_window_size(1280, 900).await.unwrap();
            moderator.click(r#"a[href$="/forhandsvisning"]"#).await;
            moderator.wait_for("form fieldset").await;
            assert!(moderator.text("main").await.contains("Hvor trygt føles det?"), "{case}: preview");
            moderator.client.back().await.unwrap();
            moderator.wait_for(r#"form[action$="/publiser"]"#).await;
            moderator.click(r#"form[action$="/publiser"] button"#).await;
            moderator.wait_for(r#"form[action$="/avslutt"]"#).await;
            let editor_url = moderator.client.current_url().await.unwrap().to_string();

            // Two residents answer; the first forgets a required question on the way.
            for (number, choice) in [(1, 0), (2, 1)] {
                let person = Browser::launch(Options { javascript, accept_language: "nb" }).await;
                person.goto(&app.url("/konsultasjoner")).await;
                person.client.find(fantoccini::Locator::LinkText(&format!("Uteområdet {case}"))).await.unwrap().click().await.unwrap();
                person.wait_for("form fieldset").await;
                let radios = person.client.find_all(fantoccini::Locator::Css("fieldset.question:first-of-type input")).await.unwrap();
                radios[choice].click().await.unwrap();
                if number == 1 {
                    person.click("main form button[type=submit]").await;
                    person.wait_for("#error-summary").await;
                    let kept = person.client.find_all(fantoccini::Locator::Css("fieldset.question:first-of-type input")).await.unwrap();
                    assert_eq!(kept[choice].prop("checked").await.unwrap().as_deref(), Some("true"), "{case}: the choice is kept");
                }
                person.click(r#".question--scale input[value="4"]"#).await;
                person.click("main form button[type=submit]").await;
                person.wait_for(".ds-alert[data-color=success]").await;
                assert!(person.text("main").await.contains("Takk!"), "{case}");
                person.close().await;
            }

            // Closed; results for staff, then published for everyone.
            moderator.goto(&editor_url).await;
            moderator.click(r#"form[action$="/avslutt"] button"#).await;
            moderator.wait_for(r#"form[action$="/publiser-resultater"]"#).await;
            moderator.click(r#"a[href$="/resultater"]"#).await;
            moderator.wait_for("svg.chart").await;
            let results = moderator.text("main").await;
            assert!(results.contains("2 har svart.") && results.contains("50,0 %"), "{case}: {results}");
            moderator.screenshot(&format!("consultation-results-staff-{case}")).await;
            moderator.goto(&editor_url).await;
            moderator.click(r#"form[action$="/publiser-resultater"] button"#).await;
            wait_for_url(&moderator, "ok=resultater").await;
            resident.goto(&app.url("/konsultasjoner")).await;
            resident.click(r#"a[href$="/resultater"]"#).await;
            resident.wait_for("svg.chart").await;
            assert!(resident.text("table").await.contains("Ja"), "{case}: the data table");
            resident.screenshot(&format!("consultation-results-public-{case}")).await;
            if javascript {
                for violation in resident.axe().await {
                    failures.push(format!("{database}: public results: {violation}"));
                }
                for violation in moderator.axe().await {
                    failures.push(format!("{database}: editor: {violation}"));
                }
            }
            resident.close().await;
            moderator.close().await;
        }
    }
    assert!(failures.is_empty(), "accessibility failures:\n{}", failures.join("\n"));
}
