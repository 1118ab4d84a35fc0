//! Administration over HTTP: teams, themes, areas, routing rules and their
//! test box, staff invitations and roles, reply templates.

use crate::support::{backends, text_of, TestApp};
use domain::Role;

#[tokio::test]
async fn an_administrator_adds_a_team_and_a_rule_and_new_input_follows_it() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        let ada = app.staff(Role::Administrator, "Ada Admin", &[]).await;
        let ada = app.sign_in(&ada).await;
        assert!(ada.page("/ansatt/admin", 200).await.contains("/ansatt/admin/regler"));
        // Bad input: the errors, linked, and the typed names kept.
        let bad = ada.post("/ansatt/admin/team", &[("slug", "Gjeld Råd"), ("name_nb", ""), ("name_nn", "Gjeldsrådgjeving"), ("active", "yes")]).await;
        assert_eq!(bad.status(), 422);
        let html = bad.text().await.unwrap();
        assert!(html.contains(r##"href="#field-slug""##) && html.contains(r##"href="#field-name_nb""##));
        assert!(html.contains(r#"value="Gjeldsrådgjeving""#));
        let taken = ada.post("/ansatt/admin/team", &[("slug", "nav"), ("name_nb", "NAV igjen")]).await;
        assert_eq!(taken.status(), 422);
        // A new team, then a rule sending debt words to it.
        let saved = ada
            .post("/ansatt/admin/team", &[("slug", "gjeldsradgivning"), ("name_nb", "Gjeldsrådgivning"), ("name_en", "Debt advice"), ("active", "yes")])
            .await;
        assert_eq!(saved.status(), 303);
        let bad_rule = ada.post("/ansatt/admin/regler", &[("priority", "høy"), ("description", ""), ("keywords", "***")]).await;
        assert_eq!(bad_rule.status(), 422);
        let html = bad_rule.text().await.unwrap();
        for field in ["priority", "description", "keywords", "teams"] {
            assert!(html.contains(&format!(r##"href="#field-{field}""##)), "{field}");
        }
        let rule = ada
            .post(
                "/ansatt/admin/regler",
                &[
                    ("priority", "5"),
                    ("description", "Gjeld og inkasso"),
                    ("keywords", "gjeld\ninkasso*"),
                    ("teams", "gjeldsradgivning"),
                    ("teams", "nav"),
                    ("active", "yes"),
                ],
            )
            .await;
        assert_eq!(rule.status(), 303);
        // The test box shows where a sample would go, and stores nothing.
        let tested = ada
            .post("/ansatt/admin/regler/test", &[("test_kind", "concern"), ("test_theme", "husleie-og-inntekt"), ("test_text", "Brev fra inkassoselskapet")])
            .await;
        let text = text_of(&tested.text().await.unwrap());
        assert!(text.contains("Gjeldsrådgivning, fordi ordene inkasso* (regel"), "{text}");
        assert_eq!(app.store.count_submissions().await.unwrap(), 0);
        // Real input follows the new rule at once (the cache was cleared).
        let path = app.submit_concern("husleie-og-inntekt", "jeloy", "Jeg har fått brev om inkasso.", None).await;
        let page = app.get(&path).await.text().await.unwrap();
        let start = page.find("MOSS-").unwrap();
        let id = app.item_id(&page[start..start + 15]).await;
        let item = app.store.item(id).await.unwrap().unwrap();
        assert_eq!(item.owner_ids().len(), 2, "both teams of the rule");
        // Switching an area off takes it out of the resident's form.
        assert!(app.get("/nabobekymring").await.text().await.unwrap().contains(r#"value="larkollen""#));
        let off = ada.post("/ansatt/admin/omrade", &[("editing", "larkollen"), ("slug", "larkollen"), ("name_nb", "Larkollen")]).await;
        assert_eq!(off.status(), 303);
        assert!(!app.get("/nabobekymring").await.text().await.unwrap().contains(r#"value="larkollen""#));
        // Theme days must be 1–365.
        let days = ada.post("/ansatt/admin/tema", &[("editing", "stoy-uro"), ("slug", "stoy-uro"), ("name_nb", "Støy"), ("response_target_days", "0")]).await;
        assert_eq!(days.status(), 422);
    }
}

#[tokio::test]
async fn an_invited_colleague_chooses_a_password_and_roles_change_at_once() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let ada = app.staff(Role::Administrator, "Ada Admin", &[]).await;
    let ada_id = ada.id;
    let ada = app.sign_in(&ada).await;
    let missing_team = ada.post("/ansatt/admin/ansatte", &[("email", "nina@moss.kommune.no"), ("name", "Nina"), ("role", "caseworker")]).await;
    assert_eq!(missing_team.status(), 422, "a caseworker needs a team");
    let invited = ada.post("/ansatt/admin/ansatte", &[("email", "nina@moss.kommune.no"), ("name", "Nina Nav"), ("role", "caseworker"), ("teams", "nav")]).await;
    assert_eq!(invited.status(), 200);
    let html = invited.text().await.unwrap();
    let start = html.find("/ansatt/invitasjon/").expect("the invitation link is shown once");
    let path = html[start..start + "/ansatt/invitasjon/".len() + 43].to_string();
    // Before choosing a password, signing in fails like any wrong password.
    let early = app.post_form("/ansatt/logg-inn", &[("email", "nina@moss.kommune.no"), ("password", "")]).await;
    assert_eq!(early.status(), 401);
    assert_eq!(app.get(&path).await.status(), 200);
    let short = app.post_form(&path, &[("password", "kort"), ("repeat", "kort")]).await;
    assert_eq!(short.status(), 422);
    assert!(short.text().await.unwrap().contains("minst 12 tegn"));
    let mismatch = app.post_form(&path, &[("password", "tre lange ord og litt til"), ("repeat", "tre lange ord og litt mer")]).await;
    assert_eq!(mismatch.status(), 422);
    let long = "en veldig lang passordsetning ".repeat(3);
    let done = app.post_form(&path, &[("password", &long), ("repeat", &long)]).await;
    assert_eq!(done.status(), 303);
    assert_eq!(done.headers()["location"], "/ansatt/logg-inn?klar=1");
    assert_eq!(app.get(&path).await.status(), 404, "the link works once");
    let nina = crate::support::StaffLogin { id: 0, email: "nina@moss.kommune.no".into(), password: long.clone() };
    let nina = app.sign_in(&nina).await;
    assert_eq!(nina.get("/ansatt").await.status(), 200);
    assert_eq!(nina.get("/ansatt/triage").await.status(), 403);
    // Promoting her ends her session (role change); she signs in again as moderator.
    let staff = app.store.list_staff().await.unwrap();
    let nina_id = staff.iter().find(|s| s.display_name == "Nina Nav").unwrap().id.to_string();
    let promoted =
        ada.post("/ansatt/admin/ansatte", &[("id", &nina_id), ("name", "Nina Nav"), ("role", "moderator"), ("teams", "nav"), ("active", "yes")]).await;
    assert_eq!(promoted.status(), 303);
    assert_eq!(nina.get("/ansatt").await.status(), 303, "signed out by the role change");
    // An administrator cannot demote or disable themselves.
    let own = ada
        .post("/ansatt/admin/ansatte", &[("id", &ada_id.to_string()), ("name", "Ada Admin"), ("role", "caseworker"), ("teams", "nav"), ("active", "yes")])
        .await;
    assert_eq!(own.status(), 422);
    // Disabling ends the account's sessions.
    let nina_again = crate::support::StaffLogin { id: 0, email: "nina@moss.kommune.no".into(), password: long };
    let nina = app.sign_in(&nina_again).await;
    ada.post("/ansatt/admin/ansatte", &[("id", &nina_id), ("name", "Nina Nav"), ("role", "moderator"), ("teams", "nav")]).await;
    assert_eq!(nina.get("/ansatt").await.status(), 303);
}

#[tokio::test]
async fn a_reply_template_fills_the_reply_in_the_residents_language() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend).await.with_demo_data().await;
        let ada = app.staff(Role::Administrator, "Ada Admin", &[]).await;
        let ada = app.sign_in(&ada).await;
        let bad = ada.post("/ansatt/admin/svarmaler", &[("title", ""), ("body", ""), ("locale", "xx")]).await;
        assert_eq!(bad.status(), 422);
        for (title, locale, body) in [("Takk for beskjed", "nb", "Takk for at du sa fra. Vi ser på det."), ("Thanks", "en", "Thank you for telling us.")] {
            let saved = ada.post("/ansatt/admin/svarmaler", &[("title", title), ("theme", "stoy-uro"), ("locale", locale), ("body", body)]).await;
            assert_eq!(saved.status(), 303);
        }
        let path = app.submit_concern("stoy-uro", "jeloy", "Bråk om natten.", None).await;
        let page = app.get(&path).await.text().await.unwrap();
        let start = page.find("MOSS-").unwrap();
        let id = app.item_id(&page[start..start + 15]).await;
        let eva = app.staff(Role::Caseworker, "Eva Eier", &["miljovaktmester"]).await;
        let eva = app.sign_in(&eva).await;
        let item = eva.page(&format!("/ansatt/sak/{id}"), 200).await;
        assert!(item.contains("Takk for beskjed") && !item.contains(">Thanks<"), "only templates in the resident's language (nb)");
        let templates = app.store.list_reply_templates().await.unwrap();
        let nb = templates.iter().find(|t| t.locale == "nb").unwrap().id.to_string();
        let filled = eva.post(&format!("/ansatt/sak/{id}/mal"), &[("template", &nb)]).await;
        assert_eq!(filled.status(), 200);
        assert!(filled.text().await.unwrap().contains("Takk for at du sa fra. Vi ser på det.</textarea>"));
        let deleted = ada.post(&format!("/ansatt/admin/svarmaler/{nb}/slett"), &[]).await;
        assert_eq!(deleted.status(), 303);
        assert_eq!(app.store.list_reply_templates().await.unwrap().len(), 1);
    }
}
