//! Consultations over HTTP: staff write one (with bad input refused and
//! kept), preview and publish it; residents answer once each with the same
//! error behaviour as the other forms; questions lock at the first answer;
//! results, the CSV export, closing and publishing the results.

use crate::support::{backends, form_key, set_cookie, text_of, TestApp};
use domain::Role;

pub fn today(offset_days: i64) -> String {
    domain::time::norway(chrono::Utc::now() + chrono::Duration::days(offset_days)).date_naive().to_string()
}

/// Creates a consultation with four questions as a moderator; returns its id and slug.
pub async fn create_consultation(staff: &crate::support::StaffClient<'_>, team_id: &str) -> (i64, String) {
    let opens = today(0);
    let closes = today(14);
    let created = staff
        .post(
            "/ansatt/konsultasjoner",
            &[
                ("title", "Uteområdet på Jeløy"),
                ("introduction", "Vi vil vite hva dere ønsker for uteområdet."),
                ("team", team_id),
                ("opens_on", &opens),
                ("closes_on", &closes),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = location.trim_start_matches("/ansatt/konsultasjoner/").split('?').next().unwrap().parse().unwrap();
    for (prompt, kind, required, options) in [
        ("Bruker du uteområdet?", "single_choice", "yes", "Ja, ofte\nAv og til\nNei"),
        ("Hva savner du?", "multiple_choice", "", "Benker\nLekeplass\nLys\nBlomster"),
        ("Hvor trygt føles det om kvelden?", "scale", "yes", "Svært utrygt\nSvært trygt"),
        ("Noe annet du vil si?", "long_text", "", ""),
    ] {
        let mut form = vec![("prompt", prompt), ("kind", kind), ("options", options)];
        if required == "yes" {
            form.push(("required", "yes"));
        }
        assert_eq!(staff.post(&format!("/ansatt/konsultasjoner/{id}/sporsmal"), &form).await.status(), 303);
    }
    (id, "uteomradet-pa-jeloy".to_string())
}

#[tokio::test]
async fn a_consultation_is_written_answered_once_per_person_closed_and_its_results_published() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
        let mona = app.sign_in(&mona).await;
        let team_id = app.store.list_teams().await.unwrap().iter().find(|t| t.slug.as_str() == "boligsosial-avdeling").unwrap().id.to_string();

        // Bad details: every error named, everything typed kept.
        let bad = mona
            .post(
                "/ansatt/konsultasjoner",
                &[("title", "Uteområdet <b>"), ("introduction", ""), ("team", "9999"), ("opens_on", "2026-12-10"), ("closes_on", "2026-12-01")],
            )
            .await;
        assert_eq!(bad.status(), 422);
        let page = bad.text().await.unwrap();
        assert!(
            page.contains(r##"href="#field-introduction""##) && page.contains(r##"href="#field-team""##) && page.contains(r##"href="#field-closes_on""##),
            "{page}"
        );
        assert!(page.contains("Uteområdet &lt;b&gt;") && page.contains(r#"value="2026-12-10""#));

        let (id, slug) = create_consultation(&mona, &team_id).await;
        let editor = mona.page(&format!("/ansatt/konsultasjoner/{id}"), 200).await;
        assert!(editor.contains("Hva savner du?") && editor.contains("Utkast"));
        // A single choice needs two choices; the question comes back as typed.
        let bad_question =
            mona.post(&format!("/ansatt/konsultasjoner/{id}/sporsmal"), &[("prompt", "Farge?"), ("kind", "single_choice"), ("options", "Rød")]).await;
        assert_eq!(bad_question.status(), 422);
        let page = bad_question.text().await.unwrap();
        assert!(page.contains("Skriv minst to svaralternativer") && page.contains(">Farge?</textarea>"));
        // Reorder: the text question moves above the scale, and back.
        let consultation = app.store.consultation(id).await.unwrap().unwrap();
        let text_question = consultation.questions[3].id;
        assert_eq!(mona.post(&format!("/ansatt/konsultasjoner/{id}/sporsmal/{text_question}/opp"), &[]).await.status(), 303);
        let moved = app.store.consultation(id).await.unwrap().unwrap();
        assert_eq!(moved.questions[2].id, text_question);
        mona.post(&format!("/ansatt/konsultasjoner/{id}/sporsmal/{text_question}/ned"), &[]).await;
        assert_eq!(app.store.consultation(id).await.unwrap().unwrap().questions[3].id, text_question);

        // Drafts are not public; the preview shows the form without a send button.
        assert_eq!(app.get(&format!("/konsultasjoner/{slug}")).await.status(), 404);
        assert!(!app.get("/konsultasjoner").await.text().await.unwrap().contains("Uteområdet"));
        let preview = mona.page(&format!("/ansatt/konsultasjoner/{id}/forhandsvisning"), 200).await;
        assert!(preview.contains("Forhåndsvisning") && preview.contains("Hvor trygt føles det om kvelden?") && !preview.contains("Send svarene"));
        assert_eq!(mona.post(&format!("/ansatt/konsultasjoner/{id}/publiser"), &[]).await.status(), 303);
        assert!(app.get("/konsultasjoner").await.text().await.unwrap().contains("Uteområdet på Jeløy"));

        // A resident answers: the required questions missing → errors, answers kept.
        let consultation = app.store.consultation(id).await.unwrap().unwrap();
        let [use_q, miss_q, scale_q, text_q] = [0, 1, 2, 3].map(|i| consultation.questions[i].clone());
        let page = app.get(&format!("/konsultasjoner/{slug}")).await.text().await.unwrap();
        let key = form_key(&page);
        let lights = miss_q.options[2].id.to_string();
        let benches = miss_q.options[0].id.to_string();
        let incomplete = app
            .post_form(&format!("/konsultasjoner/{slug}"), &[("idempotency_key", &key), (&miss_q.field(), &lights), (&text_q.field(), "Mer lys <script>")])
            .await;
        assert_eq!(incomplete.status(), 422);
        let page = incomplete.text().await.unwrap();
        assert!(page.contains(&format!(r##"href="#field-{}""##, use_q.field())) && page.contains(&format!(r##"href="#field-{}""##, scale_q.field())));
        assert!(page.contains(&format!(r#"value="{lights}" checked"#)) && page.contains("Mer lys &lt;script&gt;"), "answers kept");
        // An option from another question is refused.
        let foreign = app.post_form(&format!("/konsultasjoner/{slug}"), &[("idempotency_key", &key), (&use_q.field(), &lights), (&scale_q.field(), "4")]).await;
        assert_eq!(foreign.status(), 422);

        let often = use_q.options[0].id.to_string();
        let answer = [
            ("idempotency_key", key.as_str()),
            (&use_q.field(), often.as_str()),
            (&miss_q.field(), lights.as_str()),
            (&miss_q.field(), benches.as_str()),
            (&scale_q.field(), "2"),
            (&text_q.field(), "=HYPERLINK(\"http://x\") Mer lys, ring 912 34 567"),
        ];
        let sent = app.post_form(&format!("/konsultasjoner/{slug}"), &answer).await;
        assert_eq!(sent.status(), 303);
        assert_eq!(sent.headers()["location"], format!("/konsultasjoner/{slug}?ok=takk"));
        let cookie = set_cookie(&sent, "innspill_respondent=").expect("respondent cookie");
        // The same form again (double click) is one answer set; with the cookie the page says so.
        let double = app.post_form(&format!("/konsultasjoner/{slug}"), &answer).await;
        assert_eq!(double.headers()["location"], format!("/konsultasjoner/{slug}?ok=takk"));
        let with_cookie = app.http.get(app.url(&format!("/konsultasjoner/{slug}"))).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
        assert!(with_cookie.contains("Du har allerede svart") && !with_cookie.contains("Send svarene"));
        let new_key = app.form_key().await;
        let mut again = answer.to_vec();
        again[0] = ("idempotency_key", &new_key);
        let twice = app.post_form_with(&format!("/konsultasjoner/{slug}"), &again, &[("sec-fetch-site", "same-origin"), ("cookie", &cookie)]).await;
        assert_eq!(twice.headers()["location"], format!("/konsultasjoner/{slug}?ok=allerede"));

        // The questions are locked now.
        let locked = mona.post(&format!("/ansatt/konsultasjoner/{id}/sporsmal/{}", use_q.id), &[("prompt", "Endret"), ("kind", "short_text")]).await;
        assert_eq!(locked.headers()["location"], format!("/ansatt/konsultasjoner/{id}?ok=last"));
        assert!(mona.page(&format!("/ansatt/konsultasjoner/{id}"), 200).await.contains("kan ikke endres fordi noen allerede har svart"));
        assert_eq!(app.store.consultation(id).await.unwrap().unwrap().questions[0].prompt, "Bruker du uteområdet?");

        // A second resident (another browser), answering only what is required.
        let second_page = app.get(&format!("/konsultasjoner/{slug}")).await.text().await.unwrap();
        let rarely = use_q.options[1].id.to_string();
        let second = app
            .post_form(&format!("/konsultasjoner/{slug}"), &[("idempotency_key", &form_key(&second_page)), (&use_q.field(), &rarely), (&scale_q.field(), "4")])
            .await;
        assert_eq!(second.status(), 303);

        // Staff results: counts and percentages, the free text with its personal data marked.
        let results = text_of(&mona.page(&format!("/ansatt/konsultasjoner/{id}/resultater"), 200).await);
        assert!(results.contains("2 har svart."), "{results}");
        assert!(results.contains("Ja, ofte 1 50,0 %") && results.contains("Av og til 1 50,0 %") && results.contains("Nei 0 0,0 %"), "{results}");
        assert!(results.contains("Lys 1 100,0 %") && results.contains("1 – Svært utrygt"));
        assert!(results.contains("Kan inneholde personopplysninger") && results.contains("ring 912 34 567"));
        // The CSV export neutralises formulas and is audited.
        let csv = mona.get(&format!("/ansatt/konsultasjoner/{id}/resultater.csv")).await;
        assert_eq!(csv.status(), 200);
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = csv.text().await.unwrap();
        assert!(csv.starts_with('\u{feff}'), "a BOM, so Excel reads æøå");
        assert!(csv.contains(r#""'=HYPERLINK(""http://x"") Mer lys, ring 912 34 567""#), "{csv}");
        assert!(csv.contains(r#""Benker; Lys""#) && csv.lines().count() == 3);

        // Results are not public before closing and publishing.
        assert_eq!(app.get(&format!("/konsultasjoner/{slug}/resultater")).await.status(), 404);
        assert_eq!(mona.post(&format!("/ansatt/konsultasjoner/{id}/publiser-resultater"), &[]).await.status(), 409);
        assert_eq!(mona.post(&format!("/ansatt/konsultasjoner/{id}/avslutt"), &[]).await.status(), 303);
        let late = app.get(&format!("/konsultasjoner/{slug}")).await.text().await.unwrap();
        assert!(late.contains("Undersøkelsen er avsluttet") && !late.contains("Send svarene"));
        let too_late = app
            .post_form(&format!("/konsultasjoner/{slug}"), &[("idempotency_key", &form_key(&page)), (&use_q.field(), &often), (&scale_q.field(), "1")])
            .await;
        assert_eq!(too_late.status(), 409);
        assert_eq!(mona.post(&format!("/ansatt/konsultasjoner/{id}/publiser-resultater"), &[]).await.status(), 303);
        let public = app.get(&format!("/konsultasjoner/{slug}/resultater")).await.text().await.unwrap();
        assert!(public.contains("<svg") && public.contains("role=\"img\"") && public.contains("<table"));
        assert!(!public.contains("912 34 567") && text_of(&public).contains("Skriftlige svar: 1. De blir ikke publisert"), "free text stays private");
        assert!(app.get("/konsultasjoner").await.text().await.unwrap().contains(&format!("/konsultasjoner/{slug}/resultater")));
    }
}

#[tokio::test]
async fn many_answer_sets_export_in_full_and_the_results_page_shows_the_newest_written_answers() {
    use domain::consultation::{Answer, NewResponse, TEXTS_SHOWN};
    let app = TestApp::spawn().await.with_demo_data().await;
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
    let mona = app.sign_in(&mona).await;
    let team_id = app.store.list_teams().await.unwrap()[0].id.to_string();
    let (id, _) = create_consultation(&mona, &team_id).await;
    assert_eq!(mona.post(&format!("/ansatt/konsultasjoner/{id}/publiser"), &[]).await.status(), 303);
    let questions = app.store.consultation(id).await.unwrap().unwrap().questions;
    // More answer sets than one page of the export (500), straight into the store.
    const SETS: usize = 1_203;
    for n in 0..SETS {
        let response = NewResponse {
            consultation_id: id,
            respondent_hash: format!("respondent-{n}"),
            locale: "nb".into(),
            personal_data_flags: String::new(),
            idempotency_hash: format!("key-{n}"),
            answers: vec![
                Answer::Choices { question_id: questions[0].id, option_ids: vec![questions[0].options[n % 3].id] },
                Answer::Scale { question_id: questions[2].id, value: (n % 5) as i64 + 1 },
                Answer::Text { question_id: questions[3].id, text: format!("Svar nummer {n}") },
            ],
            now: chrono::Utc::now(),
        };
        assert_eq!(app.store.store_response(&response).await.unwrap(), domain::consultation::ResponseOutcome::Stored);
    }
    let csv = mona.get(&format!("/ansatt/konsultasjoner/{id}/resultater.csv")).await;
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), SETS + 1, "a heading and every answer set");
    let log = app.store.audit_log(None, 5).await.unwrap();
    assert!(log.iter().any(|e| e.action == "consultation_export" && e.staff_name.as_deref() == Some("Mona Moderator")), "the export is audited");
    for (n, line) in lines[1..].iter().enumerate() {
        assert!(line.starts_with(&format!("\"{}\",", n + 1)), "numbered in order: {line}");
        assert!(line.ends_with(&format!("\"Svar nummer {n}\"")), "each answer set's own answers: {line}");
    }
    // The page counts all, shows the newest written answers and points to the CSV.
    let results = text_of(&mona.page(&format!("/ansatt/konsultasjoner/{id}/resultater"), 200).await);
    assert!(results.contains(&format!("{SETS} har svart.")), "{results}");
    assert!(results.contains("Ja, ofte 401 33,3 %") && results.contains("Nei 401 33,3 %"), "{results}");
    assert!(results.contains(&format!("Svar nummer {}", SETS - 1)) && !results.contains(&format!("Svar nummer {}", SETS - 1 - TEXTS_SHOWN as usize)));
    assert!(results.contains(&format!("Her står de {TEXTS_SHOWN} nyeste av {SETS} skriftlige svar. Alle svarene står i CSV-fila.")), "{results}");
}

#[tokio::test]
async fn caseworkers_cannot_open_consultations_and_unknown_ones_are_404() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let carl = app.staff(Role::Caseworker, "Carl Caseworker", &["boligsosial-avdeling"]).await;
    let carl = app.sign_in(&carl).await;
    assert_eq!(carl.get("/ansatt/konsultasjoner").await.status(), 403);
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
    let mona = app.sign_in(&mona).await;
    assert_eq!(mona.get("/ansatt/konsultasjoner/999").await.status(), 404);
    assert_eq!(app.get("/konsultasjoner/finnes-ikke").await.status(), 404);
    assert_eq!(app.get("/konsultasjoner/finnes-ikke/resultater").await.status(), 404);
    // Publishing without questions is refused with a reason.
    let team_id = app.store.list_teams().await.unwrap()[0].id.to_string();
    let created = mona
        .post(
            "/ansatt/konsultasjoner",
            &[("title", "Tom"), ("introduction", "Ingen spørsmål"), ("team", &team_id), ("opens_on", &today(0)), ("closes_on", &today(1))],
        )
        .await;
    let location = created.headers()["location"].to_str().unwrap().split('?').next().unwrap().to_string();
    let refused = mona.post(&format!("{location}/publiser"), &[]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Legg til minst ett spørsmål"));
}

#[tokio::test]
async fn survey_forms_refuse_too_long_and_malformed_input_and_keep_what_was_typed() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
    let mona = app.sign_in(&mona).await;
    let team_id = app.store.list_teams().await.unwrap()[0].id.to_string();
    // Details: a title over 150 characters and a date in the wrong format.
    let long_title = "Lang tittel ".repeat(20);
    let bad = mona
        .post(
            "/ansatt/konsultasjoner",
            &[("title", &long_title), ("introduction", "<script>x</script>"), ("team", &team_id), ("opens_on", "1.12.2026"), ("closes_on", &today(3))],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let page = bad.text().await.unwrap();
    assert!(page.contains("Teksten er for lang") && page.contains("Skriv datoen som åååå-mm-dd"), "{page}");
    assert!(page.contains("&lt;script&gt;x&lt;/script&gt;") && !page.contains("<script>x"), "script kept, escaped");
    assert!(page.contains(long_title.trim_end()), "the long title is kept");
    assert_eq!(app.store.list_consultations().await.unwrap().len(), 0, "nothing stored");
    // A question whose prompt is too long comes back as typed.
    let (id, slug) = create_consultation(&mona, &team_id).await;
    let long_prompt = "Hvorfor? ".repeat(80);
    let question = mona.post(&format!("/ansatt/konsultasjoner/{id}/sporsmal"), &[("prompt", &long_prompt), ("kind", "short_text")]).await;
    assert_eq!(question.status(), 422);
    assert!(question.text().await.unwrap().contains(long_prompt.trim_end()));
    assert_eq!(app.store.consultation(id).await.unwrap().unwrap().questions.len(), 4, "nothing added");
    // An unknown question kind and a garbage scale value are refused.
    assert_eq!(mona.post(&format!("/ansatt/konsultasjoner/{id}/sporsmal"), &[("prompt", "Hva?"), ("kind", "essay")]).await.status(), 422);
    mona.post(&format!("/ansatt/konsultasjoner/{id}/publiser"), &[]).await;
    let consultation = app.store.consultation(id).await.unwrap().unwrap();
    let form = app.get(&format!("/konsultasjoner/{slug}")).await.text().await.unwrap();
    let long_answer = "lys ".repeat(1100);
    let option = consultation.questions[0].options[0].id.to_string();
    let answer = app
        .post_form(
            &format!("/konsultasjoner/{slug}"),
            &[
                ("idempotency_key", &form_key(&form)),
                (&consultation.questions[0].field(), &option),
                (&consultation.questions[2].field(), "fem"),
                (&consultation.questions[3].field(), &long_answer),
            ],
        )
        .await;
    assert_eq!(answer.status(), 422);
    let page = answer.text().await.unwrap();
    assert!(page.contains(&format!(r##"href="#field-{}""##, consultation.questions[2].field())) && page.contains("Teksten er for lang"));
    assert!(page.contains(&format!(r#"value="{option}" checked"#)) && page.contains(long_answer.trim_end()), "answers kept");
    // A body over the limit gets 413 and stores nothing.
    let huge = "x".repeat(300 * 1024);
    assert_eq!(app.post_form(&format!("/konsultasjoner/{slug}"), &[("q1", &huge)]).await.status(), 413);
    assert_eq!(app.store.consultation(id).await.unwrap().unwrap().responses, 0);
}

#[tokio::test]
async fn survey_answers_are_limited_per_address_with_429_and_the_answers_kept() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
    let mona = app.sign_in(&mona).await;
    let team_id = app.store.list_teams().await.unwrap().iter().find(|t| t.slug.as_str() == "boligsosial-avdeling").unwrap().id.to_string();
    let (id, slug) = create_consultation(&mona, &team_id).await;
    assert_eq!(mona.post(&format!("/ansatt/konsultasjoner/{id}/publiser"), &[]).await.status(), 303);
    let consultation = app.store.consultation(id).await.unwrap().unwrap();
    let (use_q, scale_q, text_q) = (consultation.questions[0].clone(), consultation.questions[2].clone(), consultation.questions[3].clone());
    let often = use_q.options[0].id.to_string();
    // Each post from a new visitor (no cookie), all from one address.
    for n in 0..=innspill::usecase::participate::HOURLY_LIMIT {
        let key = form_key(&app.get(&format!("/konsultasjoner/{slug}")).await.text().await.unwrap());
        let text = format!("Svar nummer {n}");
        let sent = app
            .post_form(
                &format!("/konsultasjoner/{slug}"),
                &[("idempotency_key", &key), (&use_q.field(), &often), (&scale_q.field(), "4"), (&text_q.field(), &text)],
            )
            .await;
        if n < innspill::usecase::participate::HOURLY_LIMIT {
            assert_eq!(sent.status(), 303, "answer {n}");
        } else {
            assert_eq!(sent.status(), 429);
            assert_eq!(sent.headers()["retry-after"], "3600");
            let page = sent.text().await.unwrap();
            assert!(page.contains(&text) && page.contains(&format!(r#"value="{often}" checked"#)), "the answers are kept");
        }
    }
    assert_eq!(app.store.consultation(id).await.unwrap().unwrap().responses, innspill::usecase::participate::HOURLY_LIMIT);
}
