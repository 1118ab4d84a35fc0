//! The residents' languages: the pages offer the languages switched on
//! (`languages`), from the switcher, the cookie or `Accept-Language`;
//! Arabic runs right to left; a resident writes, sees errors, the receipt
//! and the tracking page and gets the receipt mail in their language; staff
//! pages stay in the staff languages, and staff see which language an item
//! was written in.

use crate::support::{backends, set_cookie, SmtpServer, TestApp};
use domain::Role;

const ALL_ON: (&str, &str) = ("INNSPILL_LANGUAGES", "nb,nn,en,pl,uk,lt,ar,so,vi,ur,tr");

async fn page_in(app: &TestApp, path: &str, cookie: Option<&str>, accept_language: &str) -> String {
    let mut request = app.http.get(app.url(path)).header("accept-language", accept_language);
    if let Some(cookie) = cookie {
        request = request.header("cookie", format!("innspill_lang={cookie}"));
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

/// The value of the `<html>` element's `lang` and `dir`.
fn html_lang_dir(page: &str) -> (String, String) {
    let at = page.find("<html").expect("an html element");
    let tag = &page[at..at + page[at..].find('>').unwrap()];
    let attribute = |name: &str| {
        let from = tag.find(&format!("{name}=\"")).map(|i| i + name.len() + 2).unwrap_or_else(|| panic!("no {name} in {tag}"));
        tag[from..from + tag[from..].find('"').unwrap()].to_string()
    };
    (attribute("lang"), attribute("dir"))
}

/// The decoded `Subject` of a raw mail (RFC 2047 words in base64 or quoted-printable).
fn subject(mail: &str) -> String {
    use base64::Engine;
    let mut lines = mail.lines().skip_while(|l| !l.starts_with("Subject:"));
    let mut header = lines.next().expect("a subject").trim_start_matches("Subject:").to_string();
    for continuation in lines.take_while(|l| l.starts_with([' ', '\t'])) {
        header.push_str(continuation);
    }
    // Whitespace between two encoded words is not part of the text; elsewhere it is.
    let mut text = String::new();
    let mut after_encoded = false;
    for word in header.split_whitespace() {
        let Some(inner) = word.strip_prefix("=?").and_then(|w| w.strip_suffix("?=")) else {
            text.push(' ');
            text.push_str(word);
            after_encoded = false;
            continue;
        };
        if !after_encoded {
            text.push(' ');
        }
        let parts: Vec<&str> = inner.splitn(3, '?').collect();
        let bytes = match parts[1].to_ascii_lowercase().as_str() {
            "b" => base64::engine::general_purpose::STANDARD.decode(parts[2]).expect("base64 word"),
            _ => parts[2].replace('_', " ").into_bytes(),
        };
        text.push_str(&String::from_utf8(bytes).expect("utf-8"));
        after_encoded = true;
    }
    text.trim().to_string()
}

#[tokio::test]
async fn residents_are_offered_the_languages_switched_on_and_staff_pages_stay_in_the_staff_languages() {
    let app = TestApp::spawn_with(crate::support::backends().remove(0), &[ALL_ON]).await;
    let polish = page_in(&app, "/", None, "pl-PL,pl;q=0.9,en;q=0.5").await;
    assert_eq!(html_lang_dir(&polish), ("pl".into(), "ltr".into()), "Accept-Language picks Polish");
    assert!(polish.contains("Przekaż opinię o usługach mieszkaniowych"), "the home page in Polish");
    for (code, name) in [
        ("pl", "Polski"),
        ("uk", "Українська"),
        ("lt", "Lietuvių"),
        ("ar", "العربية"),
        ("so", "Soomaali"),
        ("vi", "Tiếng Việt"),
        ("ur", "اردو"),
        ("tr", "Türkçe"),
        ("nb", "Norsk bokmål"),
    ] {
        assert!(polish.contains(&format!(r#"value="{code}" lang="{code}""#)) && polish.contains(name), "the switcher offers {name} in its own name");
    }
    let arabic = page_in(&app, "/", None, "ar-SY").await;
    assert_eq!(html_lang_dir(&arabic), ("ar".into(), "rtl".into()), "Arabic runs right to left");
    assert!(arabic.contains("شارك رأيك في خدمات السكن"));
    for (header, lang, dir, heading) in [
        ("ur-PK", "ur", "rtl", "رہائشی خدمات کے بارے میں اپنی رائے دیں"),
        ("lt", "lt", "ltr", "Pasakykite nuomonę apie būsto paslaugas"),
        ("so", "so", "ltr", "Ka dhiib fikradaada adeegyada guriyeynta"),
        ("vi-VN", "vi", "ltr", "Góp ý cho dịch vụ nhà ở"),
        ("tr-TR", "tr", "ltr", "Konut hizmetleri hakkında görüşünü bildir"),
    ] {
        let page = page_in(&app, "/", None, header).await;
        assert_eq!(html_lang_dir(&page), (lang.into(), dir.into()), "{header}");
        assert!(page.contains(heading), "{header}: the home page in its language");
    }
    let ukrainian = page_in(&app, "/nabobekymring", Some("uk"), "nb").await;
    assert_eq!(html_lang_dir(&ukrainian).0, "uk", "the cookie wins over the browser");
    assert!(ukrainian.contains("Повідомте про проблему із сусідами"));

    // The staff workspace is written in bokmål, nynorsk and English only.
    let sign_in = page_in(&app, "/ansatt/logg-inn", Some("pl"), "pl").await;
    assert_eq!(html_lang_dir(&sign_in), ("nb".into(), "ltr".into()), "a Polish cookie gives the staff pages in bokmål");
    assert!(!sign_in.contains("Polski") && sign_in.contains("English"), "and their switcher offers the staff languages");
    let english = page_in(&app, "/ansatt/logg-inn", None, "ar, en;q=0.5").await;
    assert_eq!(html_lang_dir(&english).0, "en");

    // Choosing a language remembers it.
    let chosen = app.post_form("/sprak", &[("lang", "ar"), ("return_to", "/personvern")]).await;
    assert_eq!(chosen.status(), 303);
    assert_eq!(set_cookie(&chosen, "innspill_lang").as_deref(), Some("innspill_lang=ar"));

    // Not switched on: never chosen, never offered.
    let default = TestApp::spawn().await;
    let home = page_in(&default, "/", Some("pl"), "pl").await;
    assert_eq!(html_lang_dir(&home).0, "nb", "Polish is not switched on by default");
    assert!(!home.contains("Polski"));
    assert_eq!(default.post_form("/sprak", &[("lang", "pl"), ("return_to", "/")]).await.status(), 400);
}

#[tokio::test]
async fn a_resident_writes_in_polish_sees_errors_receipt_and_tracking_in_polish_gets_the_mail_in_polish_and_staff_see_the_language() {
    for backend in backends() {
        let Some(smtp) = SmtpServer::start(None).await else { return };
        let port = smtp.port.to_string();
        let settings = [ALL_ON, ("INNSPILL_SMTP__HOST", "127.0.0.1"), ("INNSPILL_SMTP__PORT", port.as_str()), ("INNSPILL_SMTP__TLS", "none")];
        let app = TestApp::spawn_with(backend.clone(), &settings).await.with_demo_data().await;
        let app = &app;
        let post = |form: Vec<(&'static str, String)>| async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form_with("/nabobekymring", &pairs, &[("cookie", "innspill_lang=pl"), ("sec-fetch-site", "same-origin")]).await
        };
        let form_page = page_in(app, "/nabobekymring", Some("pl"), "nb").await;
        assert!(form_page.contains(r#"<option value="stoy-uro">Hałas i niepokój ze strony sąsiadów</option>"#), "{backend:?}: the themes in Polish");
        assert!(form_page.contains(r#"<option value="jeloy" lang="nb">Jeløy</option>"#), "{backend:?}: a place name stays bokmål, marked");
        let key = crate::support::form_key(&form_page);
        let description = "Sąsiad gra głośno muzykę każdej nocy.";
        let mut form: Vec<(&'static str, String)> = vec![
            ("concern_kind", "noise".into()),
            ("ongoing", "yes".into()),
            ("on_behalf", "self".into()),
            ("description", String::new()),
            ("theme", "stoy-uro".into()),
            ("area", "jeloy".into()),
            ("submitter", "neighbour".into()),
            ("contact", "contact".into()),
            ("email", "anna@example.com".into()),
            ("consent", "yes".into()),
            ("idempotency_key", key.clone()),
        ];
        let refused = post(form.clone()).await;
        assert_eq!(refused.status(), 422, "{backend:?}");
        let page = refused.text().await.unwrap();
        assert_eq!(html_lang_dir(&page).0, "pl", "{backend:?}");
        assert!(page.contains("Formularz zawiera błędy") && page.contains("Wypełnij to pole."), "{backend:?}: the errors in Polish");
        assert!(page.contains("anna@example.com"), "{backend:?}: the form keeps what was typed");

        form[3].1 = description.into();
        let sent = post(form).await;
        assert_eq!(sent.status(), 303, "{backend:?}");
        let tracking = sent.headers()["location"].to_str().unwrap().to_string();
        let receipt = page_in(app, &tracking, Some("pl"), "nb").await;
        assert!(
            receipt.contains("Dziękujemy! Otrzymaliśmy twoją wiadomość.") && receipt.contains("Twój numer referencyjny to"),
            "{backend:?}: the receipt in Polish"
        );
        assert!(
            receipt.contains("<dd>Hałas i niepokój ze strony sąsiadów</dd>") && receipt.contains(r#"<dd><span lang="nb">Jeløy</span></dd>"#),
            "{backend:?}: the theme in Polish, the area in bokmål marked as such"
        );

        let mails = smtp.wait_for(1).await;
        assert_eq!(mails.len(), 1, "{backend:?}");
        assert!(subject(&mails[0]).starts_with("Otrzymaliśmy twoją wiadomość (MOSS-"), "{backend:?}: {}", subject(&mails[0]));

        // Staff read the item in bokmål and see it was written in Polish, marked as such.
        let login = app.staff(Role::Caseworker, "Mira", &["miljovaktmester"]).await;
        let caseworker = app.sign_in(&login).await;
        let id = app.item_behind(&tracking).await;
        let item = caseworker.page(&format!("/ansatt/sak/{id}"), 200).await;
        assert_eq!(html_lang_dir(&item).0, "nb", "{backend:?}");
        assert!(item.contains("Skrevet på</dt><dd lang=\"pl\">Polski</dd>"), "{backend:?}: the language is shown");
        let text_at = item.find(&format!(">{description}</dd>")).expect("the resident's words are shown");
        let tag = &item[item[..text_at].rfind("<dd").unwrap()..text_at];
        assert!(tag.contains(r#"lang="pl""#) && tag.contains(r#"dir="auto""#), "{backend:?}: the resident's words carry their language: {tag}");
    }
}

#[tokio::test]
async fn ukrainian_and_arabic_residents_get_the_receipt_mail_in_their_language_at_a_real_smtp_server() {
    for backend in backends() {
        let Some(smtp) = SmtpServer::start(None).await else { return };
        let port = smtp.port.to_string();
        let settings = [ALL_ON, ("INNSPILL_SMTP__HOST", "127.0.0.1"), ("INNSPILL_SMTP__PORT", port.as_str()), ("INNSPILL_SMTP__TLS", "none")];
        let app = TestApp::spawn_with(backend.clone(), &settings).await.with_demo_data().await;
        let mut expected = Vec::new();
        for (code, subject, email) in [("uk", "Ми отримали ваше звернення (MOSS-", "oksana@example.com"), ("ar", "وصلتنا رسالتك (MOSS-", "amal@example.com")]
        {
            let page = page_in(&app, "/nabobekymring", Some(code), "nb").await;
            let key = crate::support::form_key(&page);
            let sent = app
                .post_form_with(
                    "/nabobekymring",
                    &[
                        ("concern_kind", "noise"),
                        ("ongoing", "yes"),
                        ("on_behalf", "self"),
                        ("description", "Шум щоночі. ضجيج كل ليلة."),
                        ("theme", "stoy-uro"),
                        ("submitter", "neighbour"),
                        ("contact", "contact"),
                        ("email", email),
                        ("consent", "yes"),
                        ("idempotency_key", &key),
                    ],
                    &[("cookie", &format!("innspill_lang={code}")), ("sec-fetch-site", "same-origin")],
                )
                .await;
            assert_eq!(sent.status(), 303, "{backend:?} {code}");
            expected.push((email, subject));
        }
        let mails = smtp.wait_for(2).await;
        assert_eq!(mails.len(), 2, "{backend:?}");
        for (email, start) in expected {
            let mail = mails.iter().find(|m| m.contains(email)).unwrap_or_else(|| panic!("{backend:?}: a mail to {email}"));
            // Right-to-left text isolates the reference it holds; compare without the marks.
            let subject: String = subject(mail).chars().filter(|c| !matches!(c, '\u{2066}'..='\u{2069}')).collect();
            assert!(subject.starts_with(start), "{backend:?}: {subject}");
        }
    }
}

#[tokio::test]
async fn an_administrator_names_a_theme_in_every_language_and_residents_read_it_and_a_cleared_name_falls_back_to_bokmal_marked() {
    for backend in backends() {
        let app = TestApp::spawn_with(backend.clone(), &[ALL_ON]).await.with_demo_data().await;
        let login = app.staff(Role::Administrator, "Ada", &[]).await;
        let ada = app.sign_in(&login).await;
        let edit = ada.page("/ansatt/admin/tema?rediger=ideer-nabolag", 200).await;
        for (code, label, value, dir) in [
            ("nb", "Navn på bokmål", "Ideer til nabolaget", "ltr"),
            ("pl", "Navn på polsk (valgfritt)", "Pomysły dla okolicy", "ltr"),
            ("ar", "Navn på arabisk (valgfritt)", "أفكار للحي", "rtl"),
            ("ur", "Navn på urdu (valgfritt)", "محلے کے لیے خیالات", "rtl"),
        ] {
            assert!(edit.contains(&format!(r#"<label for="field-name_{code}" class="ds-label">{label}</label>"#)), "{backend:?}: {label}");
            let at = edit.find(&format!(r#"id="field-name_{code}""#)).unwrap();
            let input = &edit[edit[..at].rfind('<').unwrap()..at + edit[at..].find('>').unwrap()];
            assert!(input.contains(&format!(r#"value="{value}""#)) && input.contains(&format!(r#"lang="{code}""#)), "{backend:?}: {input}");
            assert!(input.contains(&format!(r#"dir="{dir}""#)), "{backend:?}: {input}");
        }
        let form = |polish: String| {
            vec![
                ("editing", "ideer-nabolag".to_string()),
                ("slug", "ideer-nabolag".to_string()),
                ("name_nb", "Ideer til nabolaget".to_string()),
                ("name_pl", polish),
                ("name_uk", String::new()),
                ("name_ar", "أفكار للحي".to_string()),
                ("response_target_days", "30".to_string()),
                ("active", "yes".to_string()),
            ]
        };
        let send = |form: Vec<(&'static str, String)>| {
            let ada = &ada;
            async move {
                let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                ada.post("/ansatt/admin/tema", &pairs).await
            }
        };
        // Too long: the error on that field, named in the summary, everything typed kept, nothing saved.
        let refused = send(form("ż".repeat(121))).await;
        assert_eq!(refused.status(), 422, "{backend:?}");
        let page = refused.text().await.unwrap();
        assert!(
            page.contains(r##"<a href="#field-name_pl" class="ds-link">Navn på polsk (valgfritt): Teksten er for lang."##),
            "{backend:?}: the summary names the field"
        );
        assert!(page.contains(&format!(r#"value="{}""#, "ż".repeat(121))) && page.contains(r#"value="أفكار للحي""#), "{backend:?}: kept");
        let ukrainian = page_in(&app, "/ide", Some("uk"), "nb").await;
        assert!(ukrainian.contains(r#"<option value="ideer-nabolag">Ідеї для району</option>"#), "{backend:?}: nothing changed yet");

        let saved = send(form("Pomysły dla sąsiedztwa".into())).await;
        assert_eq!(saved.status(), 303, "{backend:?}");
        let polish = page_in(&app, "/ide", Some("pl"), "nb").await;
        assert!(polish.contains(r#"<option value="ideer-nabolag">Pomysły dla sąsiedztwa</option>"#), "{backend:?}: the new Polish name");
        let ukrainian = page_in(&app, "/ide", Some("uk"), "nb").await;
        assert!(
            ukrainian.contains(r#"<option value="ideer-nabolag" lang="nb">Ideer til nabolaget</option>"#),
            "{backend:?}: the cleared Ukrainian name is gone; bokmål is shown, marked"
        );
        let edit = ada.page("/ansatt/admin/tema?rediger=ideer-nabolag", 200).await;
        let at = edit.find(r#"id="field-name_uk""#).unwrap();
        let input = &edit[edit[..at].rfind('<').unwrap()..at + edit[at..].find('>').unwrap()];
        assert!(input.contains(r#"value="""#), "{backend:?}: the field is empty again: {input}");
    }
}

#[tokio::test]
async fn the_arabic_script_fonts_are_served_from_here_and_cached_and_the_stylesheet_names_them() {
    let app = TestApp::spawn().await;
    let home = app.get("/").await.text().await.unwrap();
    let at = home.find("/assets/innspill-").expect("the stylesheet link");
    let stylesheet_path: String = home[at..].chars().take_while(|c| *c != '"').collect();
    let stylesheet = app.get(&stylesheet_path).await.text().await.unwrap();
    for font in ["noto-naskh-arabic-5.3.0-arabic-400.woff2", "noto-naskh-arabic-5.3.0-arabic-700.woff2", "noto-nastaliq-urdu-5.3.0-arabic-400.woff2"] {
        assert!(stylesheet.contains(&format!("/assets/{font}")), "the stylesheet names {font}");
        let response = app.get(&format!("/assets/{font}")).await;
        assert_eq!(response.status(), 200, "{font}");
        assert_eq!(response.headers()["content-type"], "font/woff2");
        assert!(response.headers()["cache-control"].to_str().unwrap().contains("immutable"));
        assert!(response.bytes().await.unwrap().starts_with(b"wOF2"), "{font} is a WOFF2 file");
    }
}

#[tokio::test]
async fn a_language_button_on_a_form_shows_it_again_in_that_language_as_typed_and_stores_nothing() {
    let app = TestApp::spawn_with(crate::support::backends().remove(0), &[ALL_ON]).await.with_demo_data().await;
    let key = app.form_key().await;
    let idea = [("title", "Benker"), ("description", "Eldre trenger hvile <b>nå</b>."), ("idempotency_key", key.as_str()), ("switch_lang", "vi")];
    let response = app.post_form("/ide", &idea).await;
    assert_eq!(response.status(), 200);
    assert_eq!(set_cookie(&response, "innspill_lang").as_deref(), Some("innspill_lang=vi"), "the language is remembered");
    let page = response.text().await.unwrap();
    assert_eq!(html_lang_dir(&page).0, "vi");
    assert!(page.contains("Eldre trenger hvile &lt;b&gt;nå&lt;/b&gt;.") && page.contains(r#"value="Benker""#), "what was typed comes back, escaped");
    assert!(!page.contains("error-summary"), "no errors: it was not sent");

    let journey = [("goal", "keep_dwelling"), ("step-1-what", "Ringte NAV"), ("step-1-team", "nav"), ("idempotency_key", key.as_str()), ("switch_lang", "ur")];
    let page = app.post_form("/brukerreise", &journey).await.text().await.unwrap();
    assert_eq!(html_lang_dir(&page), ("ur".into(), "rtl".into()));
    assert!(page.contains("Ringte NAV"), "the step is kept");

    // A language that is not switched on changes nothing, and still stores nothing.
    let default = TestApp::spawn().await.with_demo_data().await;
    let key = default.form_key().await;
    let concern = [("description", "Bråk"), ("idempotency_key", key.as_str()), ("switch_lang", "pl")];
    let response = default.post_form("/nabobekymring", &concern).await;
    assert_eq!(response.status(), 200);
    assert!(set_cookie(&response, "innspill_lang").is_none());
    assert_eq!(html_lang_dir(&response.text().await.unwrap()).0, "nb");
    assert_eq!(app.store.count_submissions().await.unwrap() + default.store.count_submissions().await.unwrap(), 0);
}
