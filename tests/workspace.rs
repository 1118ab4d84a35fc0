//! Routing and the staff workspace over HTTP: sign-in and sessions, the
//! access matrix, inboxes, the item actions and what the resident sees.

use crate::support::{backends, text_of, Backend, TestApp};
use domain::workspace::Status;
use domain::Role;
use innspill::http::routes::Access;

/// The path of the tracking page → the item's reference, from its heading.
async fn reference_of(app: &TestApp, tracking_path: &str) -> String {
    let html = app.get(tracking_path).await.text().await.unwrap();
    let start = html.find("MOSS-").expect("reference on the tracking page");
    html[start..start + 15].to_string()
}

#[tokio::test]
async fn routing_gives_items_to_the_rule_teams_or_to_triage_with_a_suggestion() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        // Noise on Jeløy: rule 1 (theme + area) → the caretakers.
        let path = app.submit_concern("stoy-uro", "jeloy", "Det er bråk i oppgangen hver natt.", None).await;
        let id = app.item_id(&reference_of(&app, &path).await).await;
        let item = app.store.item(id).await.unwrap().unwrap();
        let teams = app.store.list_teams().await.unwrap();
        let caretakers = teams.iter().find(|t| t.slug.as_str() == "miljovaktmester").unwrap().id;
        assert_eq!(item.owner_ids(), vec![caretakers]);
        assert_eq!(item.status, Status::New);
        assert!(matches!(
            &item.decisions[0].explanation,
            domain::routing::Explanation::Rule { matched, .. } if matched.len() == 2
        ));
        // "Don't know": triage, with the caretakers suggested from the words.
        let path = app.submit_concern("", "", "Mye støy og bråk fra naboen.", None).await;
        let item = app.store.item(app.item_id(&reference_of(&app, &path).await).await).await.unwrap().unwrap();
        assert_eq!(item.status, Status::Triage);
        assert!(item.owner_ids().is_empty());
        assert!(item.decisions[0].suggested);
        assert_eq!(item.decisions[0].team_id, Some(caretakers));
        // The resident sees that we are finding the right team.
        let tracking = text_of(&app.get(&path).await.text().await.unwrap());
        assert!(tracking.contains("Mottatt, vi finner riktig team"), "{tracking}");
    }
}

#[tokio::test]
async fn sign_in_is_generic_throttled_and_sessions_end_on_sign_out_and_disable() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let kari = app.staff(Role::Caseworker, "Kari Nordmann", &["miljovaktmester"]).await;
    // Wrong password and unknown account: the same message, 401.
    for (email, password) in [(kari.email.as_str(), "feil passord som er langt"), ("ukjent@moss.kommune.no", "feil passord som er langt")] {
        let response = app.post_form("/ansatt/logg-inn", &[("email", email), ("password", password)]).await;
        assert_eq!(response.status(), 401);
        let html = response.text().await.unwrap();
        assert!(html.contains("E-postadressen eller passordet er feil."));
        assert!(html.contains(&format!(r#"value="{email}""#)), "the address is kept");
        assert!(!html.contains("feil passord"), "the password is never sent back");
    }
    // A session works, and a second sign-in gets a new session id.
    let first = app.sign_in(&kari).await;
    assert_eq!(first.get("/ansatt").await.status(), 200);
    let second = app.sign_in(&kari).await;
    assert_ne!(first.cookie, second.cookie, "a new session id at every sign-in");
    // Sign-out ends the session: the old cookie leads to the sign-in page.
    assert_eq!(second.post("/ansatt/logg-ut", &[]).await.status(), 303);
    let after = second.get("/ansatt").await;
    assert_eq!(after.status(), 303);
    assert_eq!(after.headers()["location"], "/ansatt/logg-inn?tilbake=%2Fansatt");
    // Disabling the account ends its other sessions on the next request.
    assert_eq!(first.get("/ansatt").await.status(), 200);
    app.store.set_staff_active(kari.id, false).await.unwrap();
    assert_eq!(first.get("/ansatt").await.status(), 303);
    // Five failures from one client block the account from that client for a
    // minute (then longer), even with the right password.
    let ola = app.staff(Role::Caseworker, "Ola Nordmann", &["nav"]).await;
    for _ in 0..5 {
        app.post_form("/ansatt/logg-inn", &[("email", &ola.email), ("password", "feil passord som er langt")]).await;
    }
    let blocked = app.post_form("/ansatt/logg-inn", &[("email", &ola.email), ("password", &ola.password)]).await;
    assert_eq!(blocked.status(), 429);
    assert_eq!(blocked.headers()["retry-after"], "60");
    let html = blocked.text().await.unwrap();
    assert!(html.contains("Vent 1 minutt og prøv igjen"), "{html}");
    assert!(html.contains(&format!(r#"value="{}""#, ola.email)), "the address is kept");
}

#[tokio::test]
async fn sessions_expire_when_idle_and_absolutely() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        let kari = app.staff(Role::Caseworker, "Kari Nordmann", &["nav"]).await;
        let now = chrono::Utc::now();
        let session = innspill::store::staff::NewSession {
            id_hash: "a".repeat(64),
            staff_id: kari.id,
            security_version: 1,
            now,
            expires_at: now + chrono::Duration::hours(12),
        };
        app.store.create_session(&session).await.unwrap();
        let hash = session.id_hash.as_str();
        let signed_in = app.store.signed_in(hash, now, now - chrono::Duration::minutes(30)).await.unwrap().unwrap();
        assert_eq!(signed_in.team_ids.len(), 1);
        // Idle: last seen before the idle limit.
        assert!(app.store.signed_in(hash, now, now + chrono::Duration::seconds(1)).await.unwrap().is_none());
        // Absolute: past expires_at even though recently seen.
        let later = now + chrono::Duration::hours(13);
        app.store.touch_session(hash, later).await.unwrap();
        assert!(app.store.signed_in(hash, later, later - chrono::Duration::minutes(30)).await.unwrap().is_none());
    }
}

/// Fills `{…}` in a route pattern with plausible values.
fn concrete(path: &str, id: i64) -> String {
    path.replace("{id}", &id.to_string())
        .replace("{action}", "svar")
        .replace("{slug}", "nav")
        .replace("{question}", "1")
        .replace("{table}", "varmekart")
        .replace("{token}", &"x".repeat(43))
}

#[tokio::test]
async fn every_route_off_the_public_list_refuses_visitors_and_wrong_roles() {
    let app = TestApp::spawn().await.with_demo_data().await;
    // The explicit public list: anything else must demand a staff session.
    let public: Vec<(&str, &str)> = app.routes.iter().filter(|r| r.access == Access::Public).map(|r| (r.method, r.path)).collect();
    assert_eq!(
        public,
        vec![
            ("GET", "/"),
            ("GET", "/personvern"),
            ("GET", "/tilgjengelighet"),
            ("GET", "/for-utviklere"),
            ("POST", "/sprak"),
            ("GET", "/ide"),
            ("POST", "/ide"),
            ("GET", "/brukerreise"),
            ("POST", "/brukerreise"),
            ("GET", "/nabobekymring"),
            ("POST", "/nabobekymring"),
            ("GET", "/sak/{token}"),
            ("POST", "/sak/{token}/gjenapne"),
            ("GET", "/sak/{token}/data.json"),
            ("POST", "/sak/{token}/glem-kontakt"),
            ("GET", "/ideer"),
            ("GET", "/ideer/{id}"),
            ("POST", "/ideer/{id}/stott"),
            ("POST", "/ideer/{id}/kommentar"),
            ("POST", "/ideer/{id}/flagg"),
            ("GET", "/vi-gjorde"),
            ("GET", "/konsultasjoner"),
            ("GET", "/konsultasjoner/{slug}"),
            ("POST", "/konsultasjoner/{slug}"),
            ("GET", "/konsultasjoner/{slug}/resultater"),
            ("GET", "/ansatt/logg-inn"),
            ("POST", "/ansatt/logg-inn"),
            ("GET", "/ansatt/invitasjon/{token}"),
            ("POST", "/ansatt/invitasjon/{token}"),
        ]
    );
    let caseworker = app.staff(Role::Caseworker, "Kari Nordmann", &["nav"]).await;
    let caseworker = app.sign_in(&caseworker).await;
    for route in app.routes.iter().filter(|r| r.access != Access::Public) {
        let path = concrete(route.path, 1);
        let response = match route.method {
            "GET" => app.get(&path).await,
            _ => app.post_form(&path, &[("reply", "x")]).await,
        };
        assert_eq!(response.status(), 303, "{} {} without a session", route.method, route.path);
        assert!(response.headers()["location"].to_str().unwrap().starts_with("/ansatt/logg-inn"));
        if matches!(route.access, Access::Moderator | Access::Administrator) {
            let response = match route.method {
                "GET" => caseworker.get(&path).await,
                _ => caseworker.post(&path, &[]).await,
            };
            assert_eq!(response.status(), 403, "{} {} as a caseworker", route.method, route.path);
        }
    }
    // Cross-site posts are refused before anything else, even with a session.
    let forged = app.post_form_with("/ansatt/sak/1/svar", &[("reply", "x")], &[("sec-fetch-site", "cross-site"), ("cookie", &caseworker.cookie)]).await;
    assert_eq!(forged.status(), 403);
}

#[tokio::test]
async fn a_caseworker_of_another_team_cannot_reach_an_item_by_any_url() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        let path = app.submit_concern("stoy-uro", "jeloy", "Bråk hver natt.", Some("kari@example.no")).await;
        let id = app.item_id(&reference_of(&app, &path).await).await;
        let own = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
        let other = app.staff(Role::Caseworker, "Otto Annen", &["nav"]).await;
        let moderator = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
        let (own, other, moderator) = (app.sign_in(&own).await, app.sign_in(&other).await, app.sign_in(&moderator).await);
        let actions: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("svar", vec![("reply", "Hei")]),
            ("notat", vec![("note", "Notat")]),
            ("tildel", vec![("assignee", "")]),
            ("status", vec![("status", "in_progress")]),
            ("henvis", vec![("to_team", "nav"), ("how", "add"), ("reason", "x")]),
            ("lukk", vec![("outcome", "resolved")]),
            ("kontakt", vec![]),
            ("triage", vec![("team", "nav")]),
            ("mal", vec![("template", "1")]),
        ];
        for (who, client) in [("another team's caseworker", &other), ("a moderator of another team", &moderator)] {
            assert_eq!(client.get(&format!("/ansatt/sak/{id}")).await.status(), 404, "{who}");
            for (action, form) in &actions {
                let response = client.post(&format!("/ansatt/sak/{id}/{action}"), form).await;
                assert_eq!(response.status(), 404, "{who}: {action}");
            }
            let inbox = client.page("/ansatt?status=all", 200).await;
            assert!(!inbox.contains(&format!("/ansatt/sak/{id}\"")), "{who} does not see it listed");
        }
        assert_eq!(other.get("/ansatt/team/miljovaktmester").await.status(), 403);
        // Nothing changed, and nobody saw the contact details.
        let item = app.store.item(id).await.unwrap().unwrap();
        assert!(item.events.is_empty());
        assert!(app.store.audit_entries(id).await.unwrap().is_empty());
        // The owning team's caseworker can.
        assert_eq!(own.get(&format!("/ansatt/sak/{id}")).await.status(), 200);
    }
}

#[tokio::test]
async fn a_caseworker_replies_refers_and_closes_and_the_resident_sees_it_all() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        let path = app.submit_concern("stoy-uro", "jeloy", "Bråk hver natt i oppgang B.", Some("kari@example.no")).await;
        let reference = reference_of(&app, &path).await;
        let id = app.item_id(&reference).await;
        let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
        let eva_id = eva.id;
        let eva = app.sign_in(&eva).await;
        let item_path = format!("/ansatt/sak/{id}");
        // The contact is hidden until asked for, and asking is audited.
        let page = eva.page(&item_path, 200).await;
        assert!(!page.contains("kari@example.no"));
        let revealed = eva.post(&format!("{item_path}/kontakt"), &[]).await;
        assert!(revealed.text().await.unwrap().contains("kari@example.no"));
        // Bad input comes back with the error and what was typed.
        let empty = eva.post(&format!("{item_path}/svar"), &[("reply", "   ")]).await;
        assert_eq!(empty.status(), 422);
        let bad_close = eva.post(&format!("{item_path}/lukk"), &[("outcome", "not_resolved"), ("closing_reply", "Beklager <b>")]).await;
        assert_eq!(bad_close.status(), 422);
        let html = bad_close.text().await.unwrap();
        assert!(html.contains(r##"href="#field-outcome_detail""##), "the summary links the missing why");
        assert!(html.contains("Beklager &lt;b&gt;"), "typed text kept, escaped");
        // Assign, reply, add a team, then close with an honest outcome.
        let assigned = eva.post(&format!("{item_path}/tildel"), &[("assignee", &eva_id.to_string())]).await;
        assert_eq!(assigned.status(), 303);
        assert_eq!(eva.post(&format!("{item_path}/status"), &[("status", "in_progress")]).await.status(), 303);
        let replied = eva.post(&format!("{item_path}/svar"), &[("reply", "Vi har snakket med naboen.")]).await;
        assert_eq!(replied.headers()["location"].to_str().unwrap(), format!("{item_path}?ok=svar"));
        assert_eq!(eva.post(&format!("{item_path}/notat"), &[("note", "Intern: ring vaktmester.")]).await.status(), 303);
        let referred = eva.post(&format!("{item_path}/henvis"), &[("to_team", "nav"), ("how", "add"), ("reason", "Gjelder også husleie.")]).await;
        assert_eq!(referred.status(), 303);
        let closed = eva
            .post(
                &format!("{item_path}/lukk"),
                &[("outcome", "referred"), ("outcome_detail", "NAV følger opp husleien."), ("closing_reply", "Takk for at du sa fra.")],
            )
            .await;
        assert_eq!(closed.status(), 303);
        // The staff page shows the trail; the inbox shows it as closed only on request.
        let page = text_of(&eva.page(&item_path, 200).await);
        assert!(page.contains("Gjelder også husleie."), "{page}");
        assert!(page.contains("Intern: ring vaktmester."));
        assert!(page.contains("Miljøvaktmesterteamet, fordi tema = Støy og uro fra naboer og område = Jeløy (regel 1)"), "{page}");
        // The resident's page: reply, referral and outcome, never the internal note.
        let tracking = text_of(&app.get(&path).await.text().await.unwrap());
        for expected in ["Vi har snakket med naboen.", "NAV følger også opp", "Avsluttet: Sendt videre", "NAV følger opp husleien.", "Takk for at du sa fra."]
        {
            assert!(tracking.contains(expected), "{expected} in {tracking}");
        }
        assert!(!tracking.contains("Intern: ring vaktmester."));
        assert!(!tracking.contains("Eva Eier"), "staff names stay internal");
        // Update mails: reply, referral... only those the resident hears about; no content.
        let mails = app.store.outbox_counts().await.unwrap();
        assert_eq!(mails.0 + mails.1 + mails.2, 3, "receipt, reply and closing");
        // The audit log has every change and the contact view.
        let audit: Vec<String> = app.store.audit_entries(id).await.unwrap().into_iter().map(|(a, _, _)| a).collect();
        assert_eq!(audit, ["view_contact", "assign", "set_status", "public_reply", "internal_note", "add_team", "close"]);
        // The resident reopens once, with a comment; not twice.
        let token = path.trim_start_matches("/sak/");
        let empty = app.post_form(&format!("/sak/{token}/gjenapne"), &[("comment", "")]).await;
        assert_eq!(empty.status(), 422);
        let reopened = app.post_form(&format!("/sak/{token}/gjenapne"), &[("comment", "Det er like ille.")]).await;
        assert_eq!(reopened.status(), 303);
        let item = app.store.item(id).await.unwrap().unwrap();
        assert_eq!(item.status, Status::New);
        let page = app.get(&path).await.text().await.unwrap();
        assert!(!page.contains("/gjenapne"), "no second reopen form");
        let again = app.post_form(&format!("/sak/{token}/gjenapne"), &[("comment", "Igjen")]).await;
        assert_eq!(again.status(), 409);
    }
}

#[tokio::test]
async fn a_moderator_confirms_triage_and_the_team_takes_over() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let path = app.submit_concern("", "", "Mye støy og bråk fra naboen.", None).await;
    let id = app.item_id(&reference_of(&app, &path).await).await;
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
    let mona = app.sign_in(&mona).await;
    let queue = mona.page("/ansatt/triage", 200).await;
    assert!(queue.contains(&format!("/ansatt/sak/{id}\"")));
    let page = text_of(&mona.page(&format!("/ansatt/sak/{id}"), 200).await);
    assert!(page.contains("Bekreft: gi saken til Miljøvaktmesterteamet"), "{page}");
    assert_eq!(mona.post(&format!("/ansatt/sak/{id}/triage"), &[("team", "miljovaktmester")]).await.status(), 303);
    let item = app.store.item(id).await.unwrap().unwrap();
    assert_eq!(item.status, Status::New);
    assert_eq!(item.owner_ids().len(), 1);
    assert!(!mona.page("/ansatt/triage", 200).await.contains(&format!("/ansatt/sak/{id}\"")));
    let tracking = text_of(&app.get(&path).await.text().await.unwrap());
    assert!(tracking.contains("Sendt videre til Miljøvaktmesterteamet"), "{tracking}");
}

#[tokio::test]
async fn inbox_filters_search_and_pages_through_many_items() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        for n in 0..27 {
            let text = if n == 5 { "Boligen har mugg på badet.".to_string() } else { format!("Bråk nummer {n} i oppgangen.") };
            app.submit_concern("stoy-uro", if n % 2 == 0 { "jeloy" } else { "verket" }, &text, None).await;
        }
        let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
        let eva = app.sign_in(&eva).await;
        let first = eva.page("/ansatt", 200).await;
        assert_eq!(first.matches(r#"class="inbox-row""#).count(), 25);
        let next = first.split(r#"rel="next""#).next().and_then(|s| s.rsplit("href=\"").next()).expect("next page link");
        let next = next.split('"').next().unwrap().replace("&amp;", "&");
        let second = eva.page(&next, 200).await;
        assert_eq!(second.matches(r#"class="inbox-row""#).count(), 2);
        assert!(!second.contains(r#"rel="next""#));
        // Search: a word form that differs from the text still finds it.
        let found = eva.page("/ansatt?q=mugg", 200).await;
        assert_eq!(found.matches(r#"class="inbox-row""#).count(), 1);
        assert!(found.contains("Boligen har mugg"));
        let found = eva.page("/ansatt?q=bolig", 200).await;
        assert_eq!(found.matches(r#"class="inbox-row""#).count(), 1, "prefix or stemming finds «boligen»");
        let hostile = eva.page("/ansatt?q=%22%29%20OR%20*%3A%3A", 200).await;
        assert!(hostile.contains("Ingen saker passer"));
        // Filters: area, unassigned, overdue (none yet), another team's inbox refused.
        let verket = eva.page("/ansatt?area=verket", 200).await;
        assert_eq!(verket.matches(r#"class="inbox-row""#).count(), 13);
        assert_eq!(eva.page("/ansatt?unassigned=1&sort=oldest", 200).await.matches(r#"class="inbox-row""#).count(), 25);
        assert_eq!(eva.page("/ansatt?overdue=1", 200).await.matches(r#"class="inbox-row""#).count(), 0);
        // Junk in the query string is ignored, not an error.
        eva.page("/ansatt?after=garbage&sort=sideways&kind=x&status=y", 200).await;
    }
}

#[tokio::test]
async fn a_search_follows_an_item_from_team_to_team() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        let path = app.submit_concern("stoy-uro", "jeloy", "Lekkasje fra taket over trappen.", None).await;
        app.submit_concern("stoy-uro", "jeloy", "Bråk i trappen om natta.", None).await;
        let id = app.item_id(&reference_of(&app, &path).await).await;
        let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
        let eva = app.sign_in(&eva).await;
        let nina = app.staff(Role::Caseworker, "Nina Nav", &["nav"]).await;
        let nina = app.sign_in(&nina).await;
        let admin = app.staff(Role::Administrator, "Ada Admin", &[]).await;
        let admin = app.sign_in(&admin).await;
        let rows = |html: String| html.matches(r#"class="inbox-row""#).count();
        let search = "/ansatt?q=lekkasje%20trapp";
        assert_eq!(rows(eva.page(search, 200).await), 1, "the owning team finds it");
        assert_eq!(rows(nina.page(search, 200).await), 0, "another team does not");
        assert_eq!(rows(nina.page("/ansatt/team/nav?q=lekkasje", 200).await), 0);
        assert_eq!(rows(admin.page(search, 200).await), 1, "an administrator searches every team");
        // Handed over: the search follows the item to its new team.
        let handed = eva.post(&format!("/ansatt/sak/{id}/henvis"), &[("to_team", "nav"), ("how", "handover"), ("reason", "Gjelder NAV.")]).await;
        assert_eq!(handed.status(), 303);
        assert_eq!(rows(eva.page(search, 200).await), 0, "gone from the old team's search");
        assert_eq!(rows(eva.page("/ansatt?q=trapp", 200).await), 1, "the old team still finds its other item");
        assert_eq!(rows(nina.page(search, 200).await), 1, "found by the new team");
        assert_eq!(rows(nina.page("/ansatt/team/nav?q=lekkasje", 200).await), 1, "and in its team inbox");
        assert_eq!(rows(admin.page(search, 200).await), 1);
    }
}

#[tokio::test]
async fn a_journey_with_two_bad_steps_reaches_the_owner_and_both_step_teams() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        let key = app.form_key().await;
        let form = [
            ("goal", "get_dwelling"),
            ("idempotency_key", key.as_str()),
            ("step-1-team", "nav"),
            ("step-1-channel", "phone"),
            ("step-1-what", "Søkte om depositum."),
            ("step-1-feeling", "2"),
            ("step-2-team", "boligtildeling"),
            ("step-2-channel", "letter"),
            ("step-2-what", "Avslag uten begrunnelse."),
            ("step-2-feeling", "3"),
            ("step-2-went_wrong", "yes"),
            ("step-3-team", "startlan"),
            ("step-3-channel", "digital"),
            ("step-3-what", "Fikk svar raskt."),
            ("step-3-feeling", "5"),
            ("result", "still_waiting"),
            ("submitter", "applicant"),
            ("contact", "anonymous"),
            ("action", "send"),
        ];
        let response = app.post_form("/brukerreise", &form).await;
        assert_eq!(response.status(), 303);
        let tracking = response.headers()["location"].to_str().unwrap().trim_end_matches("?ny=1").to_string();
        let id = app.item_id(&reference_of(&app, &tracking).await).await;
        let listed = |html: &str| html.contains(&format!("/ansatt/sak/{id}\""));
        for (name, team, sees) in [
            ("Bo Sosial", "boligsosial-avdeling", true),
            ("Nina Nav", "nav", true),
            ("Tor Tildeling", "boligtildeling", true),
            ("Siri Startlan", "startlan", false),
        ] {
            let login = app.staff(Role::Caseworker, name, &[team]).await;
            let client = app.sign_in(&login).await;
            assert_eq!(listed(&client.page("/ansatt", 200).await), sees, "{team}'s inbox");
            if sees && team != "boligsosial-avdeling" {
                // Each step team sees its own part marked in the journey.
                let page = client.page(&format!("/ansatt/sak/{id}"), 200).await;
                assert_eq!(page.matches("journey-step--yours").count(), 1, "{team}");
            }
        }
        // The resident's page shows the journey step by step.
        let page = text_of(&app.get(&tracking).await.text().await.unwrap());
        assert!(page.contains("Avslag uten begrunnelse.") && page.contains("Steg 3 – Startlån"), "{page}");
    }
}

#[tokio::test]
async fn an_inbox_page_costs_at_most_three_queries_whatever_its_size() {
    // Counted on PostgreSQL, whose statements run inside the request's span
    // (SQLite's run on sqlx's worker thread, outside it).
    let Some(backend) = backends().into_iter().find(|b| matches!(b, crate::support::Backend::Postgres(_))) else {
        eprintln!("skipping: no TEST_DATABASE_URL");
        return;
    };
    let app = TestApp::spawn_on(backend).await.with_demo_data().await;
    let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester", "nav"]).await;
    let eva = app.sign_in(&eva).await;
    // The server names each request (a client's id is not trusted): the
    // counter files the statements under the id the response carries.
    let count = |path: &'static str| {
        let eva = &eva;
        async move {
            let response = eva.app.http.get(eva.app.url(path)).header("cookie", &eva.cookie).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            let request_id = response.headers()["x-request-id"].to_str().unwrap().to_string();
            crate::support::query_counter().for_request(&request_id)
        }
    };
    // Teams, themes and rules are cached for the process, not read per page.
    eva.page("/ansatt", 200).await;
    let empty = count("/ansatt").await;
    for n in 0..30 {
        app.submit_concern("stoy-uro", "jeloy", &format!("Bråk nummer {n}."), None).await;
    }
    let full = count("/ansatt").await;
    let searched = count("/ansatt?q=br%C3%A5k&area=jeloy&sort=due&unassigned=1").await;
    let second_page = eva.page("/ansatt", 200).await;
    assert!(second_page.contains(r#"rel="next""#));
    let team = count("/ansatt/team/nav").await;
    for (what, queries) in [("empty inbox", empty), ("full page", full), ("search", searched), ("team inbox", team)] {
        assert!((1..=3).contains(&queries), "{what}: {queries} queries");
    }
    assert_eq!(empty, full, "the query count does not grow with the page");
}

/// Behind the municipality's proxy, one address's failures block that
/// address only; without `trusted_proxies` the header is ignored, so a
/// forged `X-Forwarded-For` cannot escape the limit.
#[tokio::test]
async fn behind_a_trusted_proxy_failed_sign_ins_block_only_their_own_client() {
    for (trusted, others_blocked) in [("127.0.0.1", false), ("", true)] {
        let app = TestApp::spawn_with(Backend::Sqlite, &[("INNSPILL_TRUSTED_PROXIES", trusted)]).await.with_demo_data().await;
        let kari = app.staff(Role::Caseworker, "Kari Nordmann", &["nav"]).await;
        let from = |client: &'static str| [("sec-fetch-site", "same-origin"), ("x-forwarded-for", client)];
        // 30 failures from one client, each for another unknown account (no account is blocked).
        for n in 0..30 {
            let email = format!("ukjent{n}@moss.kommune.no");
            let response = app.post_form_with("/ansatt/logg-inn", &[("email", &email), ("password", "feil passord som er langt")], &from("203.0.113.7")).await;
            assert_eq!(response.status(), 401, "attempt {n}");
        }
        let blocked = app.post_form_with("/ansatt/logg-inn", &[("email", &kari.email), ("password", &kari.password)], &from("203.0.113.7")).await;
        assert_eq!(blocked.status(), 429, "trusted {trusted:?}: the failing client is blocked");
        // A forged hop to the left does not make it someone else.
        let forged = app.post_form_with("/ansatt/logg-inn", &[("email", &kari.email), ("password", &kari.password)], &from("198.51.100.1, 203.0.113.7")).await;
        assert_eq!(forged.status(), 429, "trusted {trusted:?}: a forged hop changes nothing");
        let colleague =
            app.post_form_with("/ansatt/logg-inn", &[("email", &kari.email), ("password", &kari.password), ("back", "/ansatt")], &from("203.0.113.8")).await;
        let expected = if others_blocked { 429 } else { 303 };
        assert_eq!(colleague.status(), expected, "trusted {trusted:?}: a colleague behind the same proxy");
        let throttle = app.rows_as_text("login_throttle").await;
        assert!(!throttle.is_empty());
        for row in &throttle {
            assert!(!row.contains("203.0.113") && !row.contains("127.0.0.1") && !row.contains("ukjent"), "an address is stored: {row}");
        }
    }
}

#[tokio::test]
async fn the_staff_session_cookie_is_host_only_secure_http_only_and_ends_with_the_browser() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let kari = app.staff(Role::Caseworker, "Kari Nordmann", &["nav"]).await;
    let response = app.post_form("/ansatt/logg-inn", &[("email", &kari.email), ("password", &kari.password), ("back", "/ansatt")]).await;
    assert_eq!(response.status(), 303);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    let (pair, attributes) = cookie.split_once(';').unwrap();
    let (name, token) = pair.split_once('=').unwrap();
    assert_eq!(name, "__Host-innspill_staff", "pinned to this host and https: {cookie}");
    assert_eq!(token.len(), 43, "256 random bits");
    let attributes: Vec<&str> = attributes.split(';').map(str::trim).collect();
    for wanted in ["Path=/", "HttpOnly", "SameSite=Lax", "Secure"] {
        assert!(attributes.contains(&wanted), "{wanted} in {cookie}");
    }
    assert!(
        !attributes.iter().any(|a| a.starts_with("Domain") || a.starts_with("Max-Age") || a.starts_with("Expires")),
        "a host-only session cookie: {cookie}"
    );
    let session = crate::support::StaffClient { app: &app, cookie: pair.to_string() };
    let out = session.post("/ansatt/logg-ut", &[]).await;
    assert_eq!(out.status(), 303);
    let cleared = out.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cleared.starts_with("__Host-innspill_staff=;") && cleared.contains("Max-Age=0"), "{cleared}");
}

/// A GET (a link, a prefetch, a crawler) never changes what is stored —
/// only the session's "last seen" and the audit of who looked at what.
#[tokio::test]
async fn no_get_route_changes_the_database() {
    use domain::consultation::{ConsultationDraft, DraftInput, QuestionDraft};
    let app = TestApp::spawn().await.with_demo_data().await;
    let tracking = app.submit_concern("stoy-uro", "jeloy", "Bråk hver natt.", Some("kari@eksempel.no")).await;
    let token = tracking.trim_start_matches("/sak/").to_string();
    let page = app.get(&tracking).await.text().await.unwrap();
    let at = page.find("MOSS-").unwrap();
    let item = app.item_id(&page[at..at + 15]).await;
    let admin = app.staff(Role::Administrator, "Ada Admin", &[]).await;
    let admin = app.sign_in(&admin).await;
    let actor = domain::workspace::Actor { staff_id: 1, team_id: None, client: None };
    let now = chrono::Utc::now();
    let today = domain::time::norway(now).date_naive().to_string();
    let later = domain::time::norway(now + chrono::Duration::days(7)).date_naive().to_string();
    let team = app.store.list_teams().await.unwrap()[0].id;
    let input = DraftInput { title: "Lys", introduction: "Om lys", team_id: Some(team), area_ids: vec![], opens_on: &today, closes_on: &later, locale: "nb" };
    let consultation = app.store.create_consultation(&ConsultationDraft::parse(input).unwrap(), "lys", actor, now).await.unwrap();
    let question = QuestionDraft::parse("single_choice", "Nok lys?", true, "Ja\nNei").unwrap();
    app.store.save_question(consultation, None, &question, actor, now).await.unwrap();
    app.store.set_consultation_state(consultation, "open", actor, now).await.unwrap();

    let except = ["staff_session", "audit_log", "_sqlx_migrations"];
    let before = app.database_fingerprint(&except).await;
    let mut visited = 0;
    for route in app.routes.iter().filter(|r| r.method == "GET") {
        let path = route
            .path
            .replace("/sak/{token}", &format!("/sak/{token}"))
            .replace("/ansatt/sak/{id}", &format!("/ansatt/sak/{item}"))
            .replace("/ideer/{id}", &format!("/ideer/{item}"))
            .replace("/ansatt/moderering/ide/{id}", &format!("/ansatt/moderering/ide/{item}"))
            .replace("/konsultasjoner/{slug}", "/konsultasjoner/lys")
            .replace("/ansatt/konsultasjoner/{id}", &format!("/ansatt/konsultasjoner/{consultation}"))
            .replace("/ansatt/team/{slug}", "/ansatt/team/nav")
            .replace("{table}", "varmekart")
            .replace("{id}", "1")
            .replace("{token}", &"x".repeat(43));
        let response = if route.access == Access::Public { app.get(&path).await } else { admin.get(&path).await };
        assert!(response.status().as_u16() < 500, "{path}: {}", response.status());
        visited += 1;
    }
    assert!(visited >= 25, "visited {visited} GET routes");
    let after = app.database_fingerprint(&except).await;
    assert_eq!(before.len(), after.len());
    assert!(before.iter().any(|(table, rows)| table == "submission" && !rows.is_empty()), "the fingerprint holds the items");
    for ((table, rows), (_, rows_after)) in before.iter().zip(&after) {
        assert_eq!(rows, rows_after, "a GET changed {table}");
    }
}
